/**
 * Syntax checks with Kubernetes' exact error messages, and IntOrString scaling.
 *
 * Ports of staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go (IsQualifiedName,
 * IsValidLabelValue, IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label, IsValidPortNum,
 * IsInRange, IsValidPortName, IsValidPercent, IsCIdentifier, IsEnvVarName, IsConfigMapKey and the
 * message helpers) and staging/src/k8s.io/apimachinery/pkg/util/intstr/intstr.go
 * (GetScaledValueFromIntOrPercent) of Kubernetes 1.28.
 *
 * Every `is*` function returns the list of Go's error strings; an empty list means valid.
 * Lengths are measured in UTF-8 bytes, as Go's `len` does.
 */

const QNAME_CHAR_FMT = '[A-Za-z0-9]';
const QNAME_EXT_CHAR_FMT = '[-A-Za-z0-9_.]';
/** `qualifiedNameFmt`. */
export const QUALIFIED_NAME_FMT = '(' + QNAME_CHAR_FMT + QNAME_EXT_CHAR_FMT + '*)?' + QNAME_CHAR_FMT;
const QUALIFIED_NAME_ERR_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
/** `qualifiedNameMaxLength`. */
export const QUALIFIED_NAME_MAX_LENGTH = 63;
const QUALIFIED_NAME_RE = new RegExp('^' + QUALIFIED_NAME_FMT + '$');

/** `labelValueFmt`. */
export const LABEL_VALUE_FMT = '(' + QUALIFIED_NAME_FMT + ')?';
const LABEL_VALUE_ERR_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
/** `LabelValueMaxLength`. */
export const LABEL_VALUE_MAX_LENGTH = 63;
const LABEL_VALUE_RE = new RegExp('^' + LABEL_VALUE_FMT + '$');

/** `dns1123LabelFmt`. */
export const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_ERR_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
/** `DNS1123LabelMaxLength`. */
export const DNS1123_LABEL_MAX_LENGTH = 63;
const DNS1123_LABEL_RE = new RegExp('^' + DNS1123_LABEL_FMT + '$');

/** `dns1123SubdomainFmt`. */
export const DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + '(\\.' + DNS1123_LABEL_FMT + ')*';
const DNS1123_SUBDOMAIN_ERR_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
/** `DNS1123SubdomainMaxLength`. */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
const DNS1123_SUBDOMAIN_RE = new RegExp('^' + DNS1123_SUBDOMAIN_FMT + '$');

/** `dns1035LabelFmt`. */
export const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_ERR_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
/** `DNS1035LabelMaxLength`. */
export const DNS1035_LABEL_MAX_LENGTH = 63;
const DNS1035_LABEL_RE = new RegExp('^' + DNS1035_LABEL_FMT + '$');

const C_IDENTIFIER_FMT = '[A-Za-z_][A-Za-z0-9_]*';
const C_IDENTIFIER_ERR_MSG =
  "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'";
const C_IDENTIFIER_RE = new RegExp('^' + C_IDENTIFIER_FMT + '$');

/** `percentFmt`. */
export const PERCENT_FMT = '[0-9]+%';
const PERCENT_ERR_MSG = "a valid percent string must be a numeric string followed by an ending '%'";
const PERCENT_RE = new RegExp('^' + PERCENT_FMT + '$');

const ENV_VAR_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const ENV_VAR_NAME_ERR_MSG =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
const ENV_VAR_NAME_RE = new RegExp('^' + ENV_VAR_NAME_FMT + '$');

const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_MAP_KEY_ERR_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const CONFIG_MAP_KEY_RE = new RegExp('^' + CONFIG_MAP_KEY_FMT + '$');

const PORT_NAME_CHARSET_RE = /^[-a-z0-9]+$/;
const PORT_NAME_ONE_LETTER_RE = /[a-z]/;

/** Go's `len(s)`: the UTF-8 byte length. */
export function byteLength(value: string): number {
  // Names and keys are nearly always ASCII: counting them here is cheaper than calling into Buffer.
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) >= 0x80) return Buffer.byteLength(value, 'utf8');
  }
  return value.length;
}

/** `MaxLenError`. */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** `RegexError`. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) {
    return msg + " (regex used for validation is '" + fmt + "')";
  }
  let out = msg + ' (e.g. ';
  examples.forEach((example, i) => {
    if (i > 0) out += ' or ';
    out += "'" + example + "', ";
  });
  return out + "regex used for validation is '" + fmt + "')";
}

/** `EmptyError`. */
export function emptyError(): string {
  return 'must be non-empty';
}

/** `InclusiveRangeError`. */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** `IsQualifiedName`: label keys, annotation keys, node-selector keys, toleration keys. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) {
      errs.push('prefix part ' + emptyError());
    } else {
      const msgs = isDNS1123Subdomain(prefix);
      errs.push(...msgs.map((m) => 'prefix part ' + m));
    }
  } else {
    errs.push(
      'a qualified name ' +
        regexError(QUALIFIED_NAME_ERR_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc') +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    );
    return errs;
  }
  if (name.length === 0) {
    errs.push('name part ' + emptyError());
  } else if (byteLength(name) > QUALIFIED_NAME_MAX_LENGTH) {
    errs.push('name part ' + maxLenError(QUALIFIED_NAME_MAX_LENGTH));
  }
  if (!QUALIFIED_NAME_RE.test(name)) {
    errs.push('name part ' + regexError(QUALIFIED_NAME_ERR_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc'));
  }
  return errs;
}

/** `IsValidLabelValue`. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > LABEL_VALUE_MAX_LENGTH) {
    errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH));
  }
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(regexError(LABEL_VALUE_ERR_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

/** `IsDNS1123Label`. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_LABEL_MAX_LENGTH) {
    errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  }
  if (!DNS1123_LABEL_RE.test(value)) {
    if (DNS1123_SUBDOMAIN_RE.test(value)) {
      // A valid subdomain but not a valid label: the length is already checked, so it is dots.
      errs.push('must not contain dots');
    } else {
      errs.push(regexError(DNS1123_LABEL_ERR_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
    }
  }
  return errs;
}

/** `IsDNS1123Subdomain`. */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
    errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  }
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(regexError(DNS1123_SUBDOMAIN_ERR_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  }
  return errs;
}

/** `IsDNS1035Label`. */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1035_LABEL_MAX_LENGTH) {
    errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH));
  }
  if (!DNS1035_LABEL_RE.test(value)) {
    errs.push(regexError(DNS1035_LABEL_ERR_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  }
  return errs;
}

/** `IsCIdentifier`. */
export function isCIdentifier(value: string): string[] {
  if (!C_IDENTIFIER_RE.test(value)) {
    return [regexError(C_IDENTIFIER_ERR_MSG, C_IDENTIFIER_FMT, 'my_name', 'MY_NAME', 'MyName')];
  }
  return [];
}

/** `IsValidPortNum`: 1..65535. */
export function isValidPortNum(port: number): string[] {
  if (port >= 1 && port <= 65535) return [];
  return [inclusiveRangeError(1, 65535)];
}

/** `IsInRange`. */
export function isInRange(value: number, min: number, max: number): string[] {
  if (value >= min && value <= max) return [];
  return [inclusiveRangeError(min, max)];
}

/** `IsValidPortName` (IANA_SVC_NAME). */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (byteLength(port) > 15) errs.push(maxLenError(15));
  if (!PORT_NAME_CHARSET_RE.test(port)) {
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  }
  if (!PORT_NAME_ONE_LETTER_RE.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port[0] === '-' || port[port.length - 1] === '-')) {
    errs.push('must not begin or end with a hyphen');
  }
  return errs;
}

/** `IsValidPercent`. */
export function isValidPercent(percent: string): string[] {
  if (!PERCENT_RE.test(percent)) {
    return [regexError(PERCENT_ERR_MSG, PERCENT_FMT, '1%', '93%')];
  }
  return [];
}

function hasChDirPrefix(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

/** `IsEnvVarName`. */
export function isEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (!ENV_VAR_NAME_RE.test(value)) {
    errs.push(regexError(ENV_VAR_NAME_ERR_MSG, ENV_VAR_NAME_FMT, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1'));
  }
  return errs.concat(hasChDirPrefix(value));
}

/** `IsConfigMapKey`. */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!CONFIG_MAP_KEY_RE.test(value)) {
    errs.push(regexError(CONFIG_MAP_KEY_ERR_MSG, CONFIG_MAP_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  }
  return errs.concat(hasChDirPrefix(value));
}

/** Thrown by `getScaledValueFromIntOrPercent`; the message is Go's error text. */
export class IntOrStringError extends Error {
  /** The rejected value. */
  public readonly value: unknown;

  constructor(value: unknown, message: string) {
    super(message);
    this.name = 'IntOrStringError';
    this.value = value;
  }
}

const INT_MAX = (1n << 63n) - 1n;
const INT_MIN = -(1n << 63n);

/**
 * `strconv.Atoi` on a 64-bit platform; throws Go's error text
 * (`strconv.Atoi: parsing "x": invalid syntax` / `value out of range`).
 */
export function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) {
    throw new Error(`strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  }
  const v = BigInt(s);
  if (v > INT_MAX || v < INT_MIN) {
    throw new Error(`strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  }
  return Number(v);
}

/** Go's `%q` for the printable ASCII strings that occur here (JSON quoting otherwise). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/**
 * `intstr.GetScaledValueFromIntOrPercent`: an integer is returned as is (never capped at
 * `total`); a string must be `<int>%` and scales to ceil/floor(p * total / 100) in float64.
 * Throws IntOrStringError with Go's message ("invalid value for IntOrString: ...").
 */
export function getScaledValueFromIntOrPercent(
  intOrPercent: number | string | undefined | null,
  total: number,
  roundUp: boolean,
): number {
  if (intOrPercent === undefined || intOrPercent === null) {
    throw new IntOrStringError(intOrPercent, 'nil value for IntOrString');
  }
  if (typeof intOrPercent === 'number') {
    if (!Number.isInteger(intOrPercent)) {
      throw new IntOrStringError(
        intOrPercent,
        `invalid value for IntOrString: ${intOrPercent} is not an integer (use an integer or a percentage string such as "25%")`,
      );
    }
    return intOrPercent;
  }
  if (typeof intOrPercent !== 'string') {
    throw new IntOrStringError(intOrPercent, 'invalid value for IntOrString: invalid type: neither int nor percentage');
  }
  if (!intOrPercent.endsWith('%')) {
    throw new IntOrStringError(intOrPercent, 'invalid value for IntOrString: invalid type: string is not a percentage');
  }
  let value: number;
  try {
    value = atoi(intOrPercent.slice(0, -1));
  } catch (e) {
    throw new IntOrStringError(
      intOrPercent,
      `invalid value for IntOrString: invalid value ${goQuote(intOrPercent)}: ${(e as Error).message}`,
    );
  }
  const scaled = roundUp ? Math.ceil((value * total) / 100) : Math.floor((value * total) / 100);
  // Go's int() of -0.0 is 0.
  return scaled === 0 ? 0 : scaled;
}
