/**
 * Pod resource requests and the scheduler's `Resource` accounting.
 *
 * Ports of pkg/api/v1/resource/helpers.go (`PodRequests`, `addResourceList`,
 * `maxResourceList`), pkg/scheduler/framework/types.go (`Resource`, `NewResource`, `Add`,
 * `SetMaxResource`, `calculateResource`), pkg/scheduler/util/utils.go (`IsScalarResourceName`),
 * pkg/apis/core/v1/helper/helpers.go (`IsExtendedResourceName`, ...) and the quantity rules of
 * pkg/apis/core/v1/defaults.go (`SetDefaults_ResourceList`: every value rounded up to milli
 * precision; `SetDefaults_Pod`: requests defaulted from limits) of Kubernetes 1.28.
 *
 * Quantities are kept as Go keeps them (`resource.Quantity`: parsed, then `RoundUp(-3)`), summed
 * with `Quantity.Add` and compared with `Cmp`; `MilliValue()`/`Value()` are taken of the pod's
 * total, and the scheduler's int64 sums and differences wrap around as Go's do (huge values such as
 * `10E` overflow exactly as in Kubernetes). Internal module.
 */
import { Quantity, QuantityError, parseQuantityJSON } from './quantity';
import { Container, PodSpec, ResourceList } from './types';
import { isQualifiedName } from '../util/validation';

/** Resource names (`v1.Resource*`). */
export const RESOURCE_CPU = 'cpu';
export const RESOURCE_MEMORY = 'memory';
export const RESOURCE_EPHEMERAL_STORAGE = 'ephemeral-storage';
export const RESOURCE_PODS = 'pods';

const DEFAULT_RESOURCE_REQUESTS_PREFIX = 'requests.';
const RESOURCE_DEFAULT_NAMESPACE_PREFIX = 'kubernetes.io/';
const RESOURCE_HUGE_PAGES_PREFIX = 'hugepages-';
const RESOURCE_ATTACHABLE_VOLUMES_PREFIX = 'attachable-volumes-';

/** A `v1.ResourceList` of parsed quantities. */
export type ResourceQuantities = Map<string, Quantity>;

/** A quantity that failed to parse, with the field it came from (relative to the list's owner). */
export class ResourceQuantityError extends Error {
  public readonly field: string;
  public readonly quantityError: QuantityError;
  constructor(field: string, quantityError: QuantityError) {
    super(`${field}: ${quantityError.message}`);
    this.name = 'ResourceQuantityError';
    this.field = field;
    this.quantityError = quantityError;
  }
}

/** Go's int64 arithmetic: wrap a result to 64 bits. */
export function int64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

const ZERO = Quantity.zero();
const quantityCache = new Map<string, Quantity>();

/**
 * A quantity as the apiserver stores it: decoded as `Quantity.UnmarshalJSON` does (JSON null is
 * zero, surrounding whitespace trimmed), then `RoundUp(-3)` (`SetDefaults_ResourceList`).
 * @throws QuantityError for an invalid quantity
 */
export function storedQuantity(value: string | number | null | undefined): Quantity {
  if (value === null || value === undefined) return ZERO;
  const key = typeof value === 'number' ? `#${value}` : value;
  const hit = quantityCache.get(key);
  if (hit !== undefined) return hit;
  const q = parseQuantityJSON(value).roundUp(-3);
  if (quantityCache.size > 100000) quantityCache.clear();
  quantityCache.set(key, q);
  return q;
}

/**
 * Parses a `ResourceList` (e.g. `resources.requests`).
 * @param field the list's field path, used in errors (`spec.containers[0].resources.requests`)
 * @throws ResourceQuantityError naming `<field>.<resource>` for an invalid quantity
 */
export function parseResourceList(list: ResourceList | undefined | null, field: string): ResourceQuantities {
  const out: ResourceQuantities = new Map();
  if (!list) return out;
  for (const name of Object.keys(list)) {
    try {
      out.set(name, storedQuantity(list[name] as string | number | null));
    } catch (e) {
      if (e instanceof QuantityError) throw new ResourceQuantityError(`${field}.${name}`, e);
      throw e;
    }
  }
  return out;
}

/**
 * A container's requests as the apiserver stores a Pod's (`SetDefaults_Pod`): when
 * `requestsFromLimits`, every limit without a request becomes the request.
 */
export function containerRequests(c: Container, field: string, requestsFromLimits: boolean): ResourceQuantities {
  const requests = parseResourceList(c.resources?.requests, `${field}.resources.requests`);
  if (c.resources?.limits) {
    const limits = parseResourceList(c.resources.limits, `${field}.resources.limits`);
    if (requestsFromLimits) for (const [k, v] of limits) if (!requests.has(k)) requests.set(k, v);
  }
  return requests;
}

/** `addResourceList`: `Quantity.Add` per resource. */
export function addResourceList(list: ResourceQuantities, add: ResourceQuantities): void {
  for (const [k, v] of add) {
    const cur = list.get(k);
    list.set(k, cur === undefined ? v : cur.add(v));
  }
}

/**
 * `maxResourceList`: the larger quantity per resource (`Cmp`). Go's `quantity.Cmp(value)` converts
 * `quantity` to an inf.Dec in place when either side is one, and the converted value is what gets
 * stored (it changes how `Value()` overflows): `cmpInPlace` returns it.
 */
export function maxResourceList(list: ResourceQuantities, other: ResourceQuantities): void {
  for (const [k, v] of other) {
    const cur = list.get(k);
    if (cur === undefined) {
      list.set(k, v);
      continue;
    }
    const r = v.cmpInPlace(cur);
    if (r.cmp > 0) list.set(k, r.self);
  }
}

/** Options of {@link podRequests}. */
export interface PodRequestsOptions {
  /** Default requests from limits (`SetDefaults_Pod`), as for a Pod object. Default true. */
  readonly requestsFromLimits?: boolean;
  /** `ExcludeOverhead`. Default false. */
  readonly excludeOverhead?: boolean;
  /** Field path of the spec, for errors. Default `spec`. */
  readonly field?: string;
}

/** `container.restartPolicy == Always` (a sidecar). */
export function isRestartableInitContainer(c: Container): boolean {
  return c.restartPolicy === 'Always';
}

/**
 * `resource.PodRequests(pod, {})` (1.28): the sum of the containers' requests, maxed per resource
 * with each init container's use (its requests plus the restartable init containers before it;
 * restartable init containers also add to the sum), plus the overhead.
 * @throws ResourceQuantityError for an invalid quantity
 */
export function podRequests(spec: Pick<PodSpec, 'containers' | 'initContainers' | 'overhead'>, opts: PodRequestsOptions = {}): ResourceQuantities {
  const fromLimits = opts.requestsFromLimits ?? true;
  const field = opts.field ?? 'spec';
  const reqs: ResourceQuantities = new Map();
  (spec.containers ?? []).forEach((c, i) => {
    addResourceList(reqs, containerRequests(c, `${field}.containers[${i}]`, fromLimits));
  });
  const restartable: ResourceQuantities = new Map();
  const initReqs: ResourceQuantities = new Map();
  (spec.initContainers ?? []).forEach((c, i) => {
    let use = containerRequests(c, `${field}.initContainers[${i}]`, fromLimits);
    if (isRestartableInitContainer(c)) {
      addResourceList(reqs, use);
      addResourceList(restartable, use);
      use = restartable;
    } else {
      const tmp: ResourceQuantities = new Map();
      addResourceList(tmp, use);
      addResourceList(tmp, restartable);
      use = tmp;
    }
    maxResourceList(initReqs, use);
  });
  maxResourceList(reqs, initReqs);
  if (!opts.excludeOverhead && spec.overhead) {
    addResourceList(reqs, parseResourceList(spec.overhead, `${field}.overhead`));
  }
  return reqs;
}

const scalarCache = new Map<string, boolean>();

/** `IsNativeResource`: unprefixed, or in the `kubernetes.io/` namespace. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || isPrefixedNativeResource(name);
}

/** `IsPrefixedNativeResource`. */
export function isPrefixedNativeResource(name: string): boolean {
  return name.includes(RESOURCE_DEFAULT_NAMESPACE_PREFIX);
}

/** `IsExtendedResourceName`: not native, not `requests.`-prefixed, and a qualified name as a quota name. */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith(DEFAULT_RESOURCE_REQUESTS_PREFIX)) return false;
  return isQualifiedName(DEFAULT_RESOURCE_REQUESTS_PREFIX + name).length === 0;
}

/** `IsHugePageResourceName`. */
export function isHugePageResourceName(name: string): boolean {
  return name.startsWith(RESOURCE_HUGE_PAGES_PREFIX);
}

/** `IsAttachableVolumeResourceName`. */
export function isAttachableVolumeResourceName(name: string): boolean {
  return name.startsWith(RESOURCE_ATTACHABLE_VOLUMES_PREFIX);
}

/** `schedutil.IsScalarResourceName`: extended, hugepages, prefixed native or attachable-volumes. */
export function isScalarResourceName(name: string): boolean {
  let v = scalarCache.get(name);
  if (v === undefined) {
    v = isExtendedResourceName(name) || isHugePageResourceName(name) || isPrefixedNativeResource(name) || isAttachableVolumeResourceName(name);
    scalarCache.set(name, v);
  }
  return v;
}

/** The scheduler's `framework.Resource`. int64 fields are bigint (wrapped to 64 bits as in Go). */
export interface Resource {
  milliCPU: bigint;
  memory: bigint;
  ephemeralStorage: bigint;
  allowedPodNumber: number;
  scalarResources: Map<string, bigint>;
}

/** An empty `Resource`. */
export function emptyResource(): Resource {
  return { milliCPU: 0n, memory: 0n, ephemeralStorage: 0n, allowedPodNumber: 0, scalarResources: new Map() };
}

/** A copy of a `Resource`. */
export function cloneResource(r: Resource): Resource {
  return { ...r, scalarResources: new Map(r.scalarResources) };
}

/** `Resource.Add(rl)`: cpu as MilliValue, memory/ephemeral-storage/scalars as Value, pods into AllowedPodNumber. */
export function addToResource(r: Resource, rl: ResourceQuantities): void {
  for (const [name, q] of rl) {
    switch (name) {
      case RESOURCE_CPU:
        r.milliCPU = int64(r.milliCPU + q.milliValue());
        break;
      case RESOURCE_MEMORY:
        r.memory = int64(r.memory + q.value());
        break;
      case RESOURCE_PODS:
        r.allowedPodNumber += Number(q.value());
        break;
      case RESOURCE_EPHEMERAL_STORAGE:
        r.ephemeralStorage = int64(r.ephemeralStorage + q.value());
        break;
      default:
        if (isScalarResourceName(name)) {
          r.scalarResources.set(name, int64((r.scalarResources.get(name) ?? 0n) + q.value()));
        }
    }
  }
}

/** `NewResource(rl)`. */
export function newResource(rl: ResourceQuantities): Resource {
  const r = emptyResource();
  addToResource(r, rl);
  return r;
}

/** `Resource.SetMaxResource(rl)`. */
export function setMaxResource(r: Resource, rl: ResourceQuantities): void {
  for (const [name, q] of rl) {
    switch (name) {
      case RESOURCE_MEMORY: {
        const v = q.value();
        if (v > r.memory) r.memory = v;
        break;
      }
      case RESOURCE_CPU: {
        const v = q.milliValue();
        if (v > r.milliCPU) r.milliCPU = v;
        break;
      }
      case RESOURCE_EPHEMERAL_STORAGE: {
        const v = q.value();
        if (v > r.ephemeralStorage) r.ephemeralStorage = v;
        break;
      }
      default:
        if (isScalarResourceName(name)) {
          const v = q.value();
          const cur = r.scalarResources.get(name) ?? 0n;
          r.scalarResources.set(name, v > cur ? v : cur);
        }
    }
  }
}

/** `computePodResourceRequest`: the pod's request as NodeResourcesFit's PreFilter stores it. */
export function computePodResourceRequest(requests: ResourceQuantities): Resource {
  const r = emptyResource();
  setMaxResource(r, requests);
  return r;
}

/** A map that is always empty: shared by the many pods that request no scalar resource. */
class NoScalarResources extends Map<string, bigint> {
  public set(key: string): this {
    throw new Error(`internal error: a pod's contribution is read-only (set ${key})`);
  }
}
const NO_SCALAR_RESOURCES: Map<string, bigint> = new NoScalarResources();

/**
 * The resources a pod adds to a node's `Requested` (`calculateResource`, `Resource.Add`).
 * Read-only: a cluster holds one per pod (300,000 at 10,000 nodes), so pods without
 * scalar resources share one empty map.
 */
export function podContribution(requests: ResourceQuantities): Resource {
  const r = newResource(requests);
  if (r.scalarResources.size === 0) r.scalarResources = NO_SCALAR_RESOURCES;
  return r;
}

/** `r += sign * o` for the fields `NodeInfo.update` maintains, in int64 (AllowedPodNumber is not touched). */
export function accumulateRequested(r: Resource, o: Resource, sign: 1n | -1n): void {
  if (sign === 1n) {
    r.milliCPU = int64(r.milliCPU + o.milliCPU);
    r.memory = int64(r.memory + o.memory);
    r.ephemeralStorage = int64(r.ephemeralStorage + o.ephemeralStorage);
    for (const [k, v] of o.scalarResources) r.scalarResources.set(k, int64((r.scalarResources.get(k) ?? 0n) + v));
  } else {
    if (o.milliCPU !== 0n) r.milliCPU = int64(r.milliCPU - o.milliCPU);
    if (o.memory !== 0n) r.memory = int64(r.memory - o.memory);
    if (o.ephemeralStorage !== 0n) r.ephemeralStorage = int64(r.ephemeralStorage - o.ephemeralStorage);
    for (const [k, v] of o.scalarResources) r.scalarResources.set(k, int64((r.scalarResources.get(k) ?? 0n) - v));
  }
}
