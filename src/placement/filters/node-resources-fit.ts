/**
 * The NodeResourcesFit filter plugin: "Too many pods" when the node's pod count reaches
 * `allocatable.pods` (even for zero-request pods), then `Insufficient cpu`, `Insufficient memory`,
 * `Insufficient ephemeral-storage` and `Insufficient <scalar resource>` when the pod's request
 * exceeds allocatable minus what the node's pods request. All reasons are returned together,
 * with code Unschedulable. A pod with a restartable init container is rejected outright while
 * the SidecarContainers feature is off.
 * Port of pkg/scheduler/framework/plugins/noderesources/fit.go (Kubernetes 1.28). Internal module.
 */
import { FilterCode, FilterStatus, status } from './types';
import { NodeInfo } from '../node-info';
import { computePodResourceRequest, int64, isExtendedResourceName, isRestartableInitContainer, podRequests, Resource } from '../resources';
import { Pod, PodSpec } from '../types';

/** `names.NodeResourcesFit`. */
export const NODE_RESOURCES_FIT = 'NodeResourcesFit';
/** The restartable-init-container rejection (SidecarContainers off). */
export const ERR_REASON_SIDECARS_DISABLED = 'Pod has a restartable init container and the SidecarContainers feature is disabled';
/** Reasons. */
export const REASON_TOO_MANY_PODS = 'Too many pods';
export const REASON_INSUFFICIENT_CPU = 'Insufficient cpu';
export const REASON_INSUFFICIENT_MEMORY = 'Insufficient memory';
export const REASON_INSUFFICIENT_EPHEMERAL_STORAGE = 'Insufficient ephemeral-storage';

/** `Insufficient <resource>`. */
export function insufficientReason(resource: string): string {
  return `Insufficient ${resource}`;
}

/** One failing resource (`InsufficientResource`). */
export interface InsufficientResource {
  readonly resourceName: string;
  readonly reason: string;
  readonly requested: bigint;
  readonly used: bigint;
  readonly capacity: bigint;
}

/** Profile arguments (`NodeResourcesFitArgs`). */
export interface FitArgs {
  readonly ignoredResources?: readonly string[];
  readonly ignoredResourceGroups?: readonly string[];
  /** The SidecarContainers feature gate (off in 1.28). */
  readonly enableSidecarContainers?: boolean;
}

/** `fitsRequest`: every insufficient resource, in Go's order (scalars in request order). */
export function fitsRequest(podRequest: Resource, nodeInfo: NodeInfo, args: FitArgs = {}): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const allowed = nodeInfo.allocatable.allowedPodNumber;
  if (nodeInfo.podCount + 1 > allowed) {
    out.push({ resourceName: 'pods', reason: REASON_TOO_MANY_PODS, requested: 1n, used: BigInt(nodeInfo.podCount), capacity: BigInt(allowed) });
  }
  if (podRequest.milliCPU === 0n && podRequest.memory === 0n && podRequest.ephemeralStorage === 0n && podRequest.scalarResources.size === 0) {
    return out;
  }
  const alloc = nodeInfo.allocatable;
  const req = nodeInfo.requested;
  if (podRequest.milliCPU > 0n && podRequest.milliCPU > int64(alloc.milliCPU - req.milliCPU)) {
    out.push({ resourceName: 'cpu', reason: REASON_INSUFFICIENT_CPU, requested: podRequest.milliCPU, used: req.milliCPU, capacity: alloc.milliCPU });
  }
  if (podRequest.memory > 0n && podRequest.memory > int64(alloc.memory - req.memory)) {
    out.push({ resourceName: 'memory', reason: REASON_INSUFFICIENT_MEMORY, requested: podRequest.memory, used: req.memory, capacity: alloc.memory });
  }
  if (podRequest.ephemeralStorage > 0n && podRequest.ephemeralStorage > int64(alloc.ephemeralStorage - req.ephemeralStorage)) {
    out.push({
      resourceName: 'ephemeral-storage',
      reason: REASON_INSUFFICIENT_EPHEMERAL_STORAGE,
      requested: podRequest.ephemeralStorage,
      used: req.ephemeralStorage,
      capacity: alloc.ephemeralStorage,
    });
  }
  const ignored = new Set(args.ignoredResources ?? []);
  const ignoredGroups = new Set(args.ignoredResourceGroups ?? []);
  for (const [name, q] of podRequest.scalarResources) {
    if (q === 0n) continue;
    if (isExtendedResourceName(name)) {
      const prefix = ignoredGroups.size > 0 ? name.split('/')[0] : '';
      if (ignored.has(name) || ignoredGroups.has(prefix)) continue;
    }
    const a = alloc.scalarResources.get(name) ?? 0n;
    const u = req.scalarResources.get(name) ?? 0n;
    if (q > int64(a - u)) {
      out.push({ resourceName: name, reason: insufficientReason(name), requested: q, used: u, capacity: a });
    }
  }
  return out;
}

/** `hasRestartableInitContainer`. */
export function hasRestartableInitContainer(spec: Pick<PodSpec, 'initContainers'>): boolean {
  return (spec.initContainers ?? []).some(isRestartableInitContainer);
}

/** Filter with the PreFilter state (the pod's request) precomputed. */
export function nodeResourcesFitFilterCompiled(
  podRequest: Resource, hasRestartableInit: boolean, nodeInfo: NodeInfo, args: FitArgs = {},
): FilterStatus | null {
  if (!args.enableSidecarContainers && hasRestartableInit) {
    return status(NODE_RESOURCES_FIT, FilterCode.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_SIDECARS_DISABLED);
  }
  const insufficient = fitsRequest(podRequest, nodeInfo, args);
  if (insufficient.length === 0) return null;
  return status(NODE_RESOURCES_FIT, FilterCode.UNSCHEDULABLE, ...insufficient.map((r) => r.reason));
}

/**
 * PreFilter (`computePodResourceRequest` of the pod as given; its requests are taken as stored,
 * so apply `SetDefaults_Pod` first if the pod is a template) then Filter.
 */
export function nodeResourcesFitFilter(pod: Pod, nodeInfo: NodeInfo, args: FitArgs = {}): FilterStatus | null {
  const spec = pod.spec ?? { containers: [] };
  const request = computePodResourceRequest(podRequests(spec, { requestsFromLimits: false }));
  return nodeResourcesFitFilterCompiled(request, hasRestartableInitContainer(spec), nodeInfo, args);
}
