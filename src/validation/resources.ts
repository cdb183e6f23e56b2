/**
 * Resource names and `ValidateResourceRequirements`, Kubernetes 1.28.
 *
 * Upstream: pkg/apis/core/helper/helpers.go (IsNativeResource,
 * IsExtendedResourceName, IsOvercommitAllowed, IsHugePageResourceName,
 * IsHugePageResourceValueDivisible, IsStandardContainerResourceName,
 * IsIntegerResourceName) and pkg/apis/core/validation/validation.go
 * (validateResourceName, validateContainerResourceName,
 * ValidateResourceQuantityValue, ValidateResourceRequirements). Quantities are
 * first defaulted as `SetDefaults_ResourceList` does (rounded up to milli
 * scale), so the quantity strings in messages are the ones the apiserver
 * prints. Internal module.
 */
import { FieldError, FieldPath, forbidden, GoRaw, invalid, required } from './field';
import { goQuantityDump } from './go-quantity';
import { parseQuantityJSON, Quantity, QuantityError } from '../placement/quantity';
import { isQualifiedName } from '../util/validation';

export const RESOURCE_HUGE_PAGES_PREFIX = 'hugepages-';
const RESOURCE_REQUESTS_HUGE_PAGES_PREFIX = 'requests.hugepages-';
const DEFAULT_RESOURCE_REQUESTS_PREFIX = 'requests.';
const RESOURCE_DEFAULT_NAMESPACE_PREFIX = 'kubernetes.io/';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'resourcequotas', 'services',
  'replicationcontrollers', 'secrets', 'configmaps', 'persistentvolumeclaims', 'storage', 'requests.storage',
  'services.nodeports', 'services.loadbalancers',
]);
const INTEGER_RESOURCES = new Set([
  'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers',
]);

export const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0';
export const IS_NOT_INTEGER_ERROR_MSG = 'must be an integer';

export function isHugePageResourceName(name: string): boolean {
  return name.startsWith(RESOURCE_HUGE_PAGES_PREFIX);
}

function isQuotaHugePageResourceName(name: string): boolean {
  return name.startsWith(RESOURCE_HUGE_PAGES_PREFIX) || name.startsWith(RESOURCE_REQUESTS_HUGE_PAGES_PREFIX);
}

export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes(RESOURCE_DEFAULT_NAMESPACE_PREFIX);
}

export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith(DEFAULT_RESOURCE_REQUESTS_PREFIX)) return false;
  return isQualifiedName(DEFAULT_RESOURCE_REQUESTS_PREFIX + name).length === 0;
}

export function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePageResourceName(name);
}

function isStandardContainerResourceName(name: string): boolean {
  return STANDARD_CONTAINER_RESOURCES.has(name) || isHugePageResourceName(name);
}

function isStandardResourceName(name: string): boolean {
  return STANDARD_RESOURCES.has(name) || isQuotaHugePageResourceName(name);
}

export function isIntegerResourceName(name: string): boolean {
  return INTEGER_RESOURCES.has(name) || isExtendedResourceName(name);
}

/** `validateResourceName`. */
function validateResourceName(value: string, fldPath: FieldPath): FieldError[] {
  const errs = isQualifiedName(value).map((msg) => invalid(fldPath, value, msg));
  if (errs.length !== 0) return errs;
  if (value.split('/').length === 1 && !isStandardResourceName(value)) {
    errs.push(invalid(fldPath, value, 'must be a standard resource type or fully qualified'));
  }
  return errs;
}

/** `validateContainerResourceName`. */
export function validateContainerResourceName(value: string, fldPath: FieldPath): FieldError[] {
  const errs = validateResourceName(value, fldPath);
  if (value.split('/').length === 1) {
    if (!isStandardContainerResourceName(value)) errs.push(invalid(fldPath, value, 'must be a standard resource for containers'));
  } else if (!isNativeResource(value) && !isExtendedResourceName(value)) {
    errs.push(invalid(fldPath, value, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** A quantity as the apiserver holds it after decoding and defaulting, plus its source text. */
export interface DefaultedQuantity {
  readonly quantity: Quantity;
  /** What the manifest said (numbers as their JSON text). */
  readonly source: string;
}

/**
 * Decode one resource-list entry and round it up to milli scale
 * (`SetDefaults_ResourceList`). Throws QuantityError when the text is not a quantity.
 */
export function defaultedQuantity(raw: unknown): DefaultedQuantity {
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    throw new QuantityError(String(raw), 'a quantity must be a string such as "100m" or "1Gi", or a number');
  }
  const q = parseQuantityJSON(raw).roundUp(-3);
  return { quantity: q, source: typeof raw === 'string' ? raw.trim() : String(raw) };
}

/** `ValidateNonnegativeQuantity` + the integer check of `ValidateResourceQuantityValue`. */
export function validateResourceQuantityValue(resource: string, value: DefaultedQuantity, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (value.quantity.sign() < 0) errs.push(invalid(fldPath, value.quantity.toString(), IS_NEGATIVE_ERROR_MSG));
  if (isIntegerResourceName(resource) && value.quantity.milliValue() % 1000n !== 0n) {
    errs.push(invalid(fldPath, new GoRaw(goQuantityDump(value.source)), IS_NOT_INTEGER_ERROR_MSG));
  }
  return errs;
}

/** `IsHugePageResourceValueDivisible`. */
function isHugePageResourceValueDivisible(name: string, q: Quantity): boolean {
  let pageSize: Quantity;
  try {
    pageSize = Quantity.parse(name.slice(RESOURCE_HUGE_PAGES_PREFIX.length));
  } catch {
    return false;
  }
  if (pageSize.sign() <= 0 || pageSize.milliValue() % 1000n !== 0n) return false;
  return q.value() % pageSize.value() === 0n;
}

function hugePageValueError(name: string, q: Quantity): string | undefined {
  if (!isHugePageResourceName(name)) return undefined;
  if (!isHugePageResourceValueDivisible(name, q)) return `${q.toString()} is not positive integer multiple of ${name}`;
  return undefined;
}

/** A resource list decoded entry by entry; undecodable entries become errors. */
export interface DecodedResourceList {
  readonly entries: Map<string, DefaultedQuantity>;
  readonly errors: FieldError[];
}

/** Decode a v1 ResourceList; a bad quantity is reported like the apiserver's decode error, on the entry's path. */
export function decodeResourceList(list: unknown, fldPath: FieldPath): DecodedResourceList {
  const entries = new Map<string, DefaultedQuantity>();
  const errors: FieldError[] = [];
  if (list === undefined || list === null) return { entries, errors };
  if (typeof list !== 'object' || Array.isArray(list)) {
    errors.push(invalid(fldPath, String(list), 'must be a map of resource name to quantity'));
    return { entries, errors };
  }
  for (const [name, raw] of Object.entries(list as Record<string, unknown>)) {
    try {
      entries.set(name, defaultedQuantity(raw));
    } catch (e) {
      if (!(e instanceof QuantityError)) throw e;
      errors.push(invalid(fldPath.key(name), typeof raw === 'string' ? raw : String(raw), e.reason));
    }
  }
  return { entries, errors };
}

/**
 * `ValidateResourceRequirements` (claims are not used by DaemonSet templates
 * outside the DynamicResourceAllocation alpha and are checked by name only).
 */
export function validateResourceRequirements(requirements: { limits?: unknown; requests?: unknown; claims?: unknown } | undefined,
  fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const limPath = fldPath.child('limits');
  const reqPath = fldPath.child('requests');
  const limits = decodeResourceList(requirements?.limits, limPath);
  const requests = decodeResourceList(requirements?.requests, reqPath);
  errs.push(...limits.errors, ...requests.errors);
  let limContainsCPUOrMemory = false;
  let reqContainsCPUOrMemory = false;
  let limContainsHugePages = false;
  let reqContainsHugePages = false;
  for (const [name, q] of limits.entries) {
    const p = limPath.key(name);
    errs.push(...validateContainerResourceName(name, p));
    errs.push(...validateResourceQuantityValue(name, q, p));
    if (isHugePageResourceName(name)) {
      limContainsHugePages = true;
      const msg = hugePageValueError(name, q.quantity);
      if (msg) errs.push(invalid(p, q.quantity.toString(), msg));
    }
    if (name === 'cpu' || name === 'memory') limContainsCPUOrMemory = true;
  }
  for (const [name, q] of requests.entries) {
    const p = reqPath.key(name);
    errs.push(...validateContainerResourceName(name, p));
    errs.push(...validateResourceQuantityValue(name, q, p));
    const limit = limits.entries.get(name);
    if (limit) {
      const c = q.quantity.cmp(limit.quantity);
      if (c !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalid(reqPath, q.quantity.toString(), `must be equal to ${name} limit of ${limit.quantity.toString()}`));
      } else if (c > 0) {
        errs.push(invalid(reqPath, q.quantity.toString(), `must be less than or equal to ${name} limit of ${limit.quantity.toString()}`));
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePageResourceName(name)) {
      reqContainsHugePages = true;
      const msg = hugePageValueError(name, q.quantity);
      if (msg) errs.push(invalid(p, q.quantity.toString(), msg));
    }
    if (name === 'cpu' || name === 'memory') reqContainsCPUOrMemory = true;
  }
  if (!limContainsCPUOrMemory && !reqContainsCPUOrMemory && (reqContainsHugePages || limContainsHugePages)) {
    errs.push(forbidden(fldPath, 'HugePages require cpu or memory'));
  }
  return errs;
}
