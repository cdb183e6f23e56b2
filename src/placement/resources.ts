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
 * Amounts are kept exact as bigint milli-units: after `RoundUp(-3)` every quantity is a whole
 * number of milli-units, so sums and maxima are exact, and `MilliValue()`/`Value()` are taken
 * of the pod's total as Go does. Internal module.
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

/** An exact resource list: resource name → amount in milli-units. */
export type MilliResourceList = Map<string, bigint>;

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

const milliCache = new Map<string, bigint>();

/**
 * A quantity as the apiserver stores it (decoded as `Quantity.UnmarshalJSON` does — JSON null is
 * zero, surrounding whitespace trimmed — then `RoundUp(-3)`), in milli-units.
 * @throws QuantityError for an invalid quantity
 */
export function quantityMilli(value: string | number | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  const key = typeof value === 'number' ? `#${value}` : value;
  const hit = milliCache.get(key);
  if (hit !== undefined) return hit;
  const q = parseQuantityJSON(value);
  const milli = q.roundUp(-3).milliValue();
  if (milliCache.size > 100000) milliCache.clear();
  milliCache.set(key, milli);
  return milli;
}

/** `Quantity.MilliValue()` of an amount held in milli-units. */
export function milliValue(milli: bigint): bigint {
  return milli;
}

/** `Quantity.Value()` of an amount held in milli-units: rounded up. */
export function valueOfMilli(milli: bigint): bigint {
  if (milli >= 0n) return (milli + 999n) / 1000n;
  return Quantity.fromScaled(milli, -3).value();
}

/**
 * Parses a `ResourceList` (e.g. `resources.requests`) into milli-units.
 * @param field the list's field path, used in errors (`spec.containers[0].resources.requests`)
 * @throws ResourceQuantityError naming `<field>.<resource>` for an invalid quantity
 */
export function parseResourceList(list: ResourceList | undefined | null, field: string): MilliResourceList {
  const out: MilliResourceList = new Map();
  if (!list) return out;
  for (const name of Object.keys(list)) {
    try {
      out.set(name, quantityMilli(list[name] as string | number | null));
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
export function containerRequests(c: Container, field: string, requestsFromLimits: boolean): MilliResourceList {
  const requests = parseResourceList(c.resources?.requests, `${field}.resources.requests`);
  if (requestsFromLimits && c.resources?.limits) {
    const limits = parseResourceList(c.resources.limits, `${field}.resources.limits`);
    for (const [k, v] of limits) if (!requests.has(k)) requests.set(k, v);
  }
  return requests;
}

/** `addResourceList`. */
export function addResourceList(list: MilliResourceList, add: MilliResourceList): void {
  for (const [k, v] of add) list.set(k, (list.get(k) ?? 0n) + v);
}

/** `maxResourceList`. */
export function maxResourceList(list: MilliResourceList, other: MilliResourceList): void {
  for (const [k, v] of other) {
    const cur = list.get(k);
    if (cur === undefined || v > cur) list.set(k, v);
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
export function podRequests(spec: Pick<PodSpec, 'containers' | 'initContainers' | 'overhead'>, opts: PodRequestsOptions = {}): MilliResourceList {
  const fromLimits = opts.requestsFromLimits ?? true;
  const field = opts.field ?? 'spec';
  const reqs: MilliResourceList = new Map();
  (spec.containers ?? []).forEach((c, i) => {
    addResourceList(reqs, containerRequests(c, `${field}.containers[${i}]`, fromLimits));
  });
  const restartable: MilliResourceList = new Map();
  const initReqs: MilliResourceList = new Map();
  (spec.initContainers ?? []).forEach((c, i) => {
    let use = containerRequests(c, `${field}.initContainers[${i}]`, fromLimits);
    if (isRestartableInitContainer(c)) {
      addResourceList(reqs, use);
      addResourceList(restartable, use);
      use = restartable;
    } else {
      const tmp: MilliResourceList = new Map();
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

/** The scheduler's `framework.Resource`. int64 fields are bigint. */
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
export function addToResource(r: Resource, rl: MilliResourceList): void {
  for (const [name, milli] of rl) {
    switch (name) {
      case RESOURCE_CPU:
        r.milliCPU += milliValue(milli);
        break;
      case RESOURCE_MEMORY:
        r.memory += valueOfMilli(milli);
        break;
      case RESOURCE_PODS:
        r.allowedPodNumber += Number(BigInt.asIntN(64, valueOfMilli(milli)));
        break;
      case RESOURCE_EPHEMERAL_STORAGE:
        r.ephemeralStorage += valueOfMilli(milli);
        break;
      default:
        if (isScalarResourceName(name)) {
          r.scalarResources.set(name, (r.scalarResources.get(name) ?? 0n) + valueOfMilli(milli));
        }
    }
  }
}

/** `NewResource(rl)`. */
export function newResource(rl: MilliResourceList): Resource {
  const r = emptyResource();
  addToResource(r, rl);
  return r;
}

/** `Resource.SetMaxResource(rl)` (on an empty Resource: what `computePodResourceRequest` builds). */
export function setMaxResource(r: Resource, rl: MilliResourceList): void {
  for (const [name, milli] of rl) {
    switch (name) {
      case RESOURCE_MEMORY: {
        const v = valueOfMilli(milli);
        if (v > r.memory) r.memory = v;
        break;
      }
      case RESOURCE_CPU: {
        const v = milliValue(milli);
        if (v > r.milliCPU) r.milliCPU = v;
        break;
      }
      case RESOURCE_EPHEMERAL_STORAGE: {
        const v = valueOfMilli(milli);
        if (v > r.ephemeralStorage) r.ephemeralStorage = v;
        break;
      }
      default:
        if (isScalarResourceName(name)) {
          const v = valueOfMilli(milli);
          const cur = r.scalarResources.get(name) ?? 0n;
          r.scalarResources.set(name, v > cur ? v : cur);
        }
    }
  }
}

/** `computePodResourceRequest`: the pod's request as NodeResourcesFit's PreFilter stores it. */
export function computePodResourceRequest(requests: MilliResourceList): Resource {
  const r = emptyResource();
  setMaxResource(r, requests);
  return r;
}

/** The resources a pod adds to a node's `Requested` (`calculateResource`, `Resource.Add`). */
export function podContribution(requests: MilliResourceList): Resource {
  return newResource(requests);
}

/** `r += sign * o` for the fields `NodeInfo.update` maintains (AllowedPodNumber is not touched). */
export function accumulateRequested(r: Resource, o: Resource, sign: 1n | -1n): void {
  if (sign === 1n) {
    r.milliCPU += o.milliCPU;
    r.memory += o.memory;
    r.ephemeralStorage += o.ephemeralStorage;
    for (const [k, v] of o.scalarResources) r.scalarResources.set(k, (r.scalarResources.get(k) ?? 0n) + v);
  } else {
    if (o.milliCPU !== 0n) r.milliCPU -= o.milliCPU;
    if (o.memory !== 0n) r.memory -= o.memory;
    if (o.ephemeralStorage !== 0n) r.ephemeralStorage -= o.ephemeralStorage;
    for (const [k, v] of o.scalarResources) r.scalarResources.set(k, (r.scalarResources.get(k) ?? 0n) - v);
  }
}
