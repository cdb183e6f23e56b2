/**
 * The string checks of apimachinery's `util/validation` package that the
 * pod-spec rules need beyond the ones in `src/util/validation.ts`: user and
 * group IDs, HTTP header names and IP addresses. Messages are Go's, verbatim.
 *
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go
 * (Kubernetes 1.28) and k8s.io/utils/net `ParseIPSloppy`. Internal module.
 */
import { isIPv6 } from 'net';
import { inclusiveRangeError, regexError } from '../util/validation';

const MAX_INT32 = 2147483647;

/** `validation.IsValidUserID`. */
export function isValidUserID(uid: number): string[] {
  return uid >= 0 && uid <= MAX_INT32 ? [] : [inclusiveRangeError(0, MAX_INT32)];
}

/** `validation.IsValidGroupID`. */
export function isValidGroupID(gid: number): string[] {
  return gid >= 0 && gid <= MAX_INT32 ? [] : [inclusiveRangeError(0, MAX_INT32)];
}

const HTTP_HEADER_NAME_FMT = '[-A-Za-z0-9]+';

/** `validation.IsHTTPHeaderName`. */
export function isHTTPHeaderName(value: string): string[] {
  if (!new RegExp(`^${HTTP_HEADER_NAME_FMT}$`).test(value)) {
    return [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", HTTP_HEADER_NAME_FMT, 'X-Header-Name')];
  }
  return [];
}

/** `netutils.ParseIPSloppy(s) != nil`: IPv4 octets may carry leading zeros. */
export function isIPSloppy(s: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255);
  if (s.includes('%')) return false;
  return isIPv6(s);
}
