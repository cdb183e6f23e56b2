/**
 * The NodeAffinity filter plugin: the pod's `spec.nodeSelector` AND required node affinity must
 * match the node (parse errors count as no match). PreFilter skips pods with neither, and fails
 * every node with "pod affinity terms conflict" when every required term pins `metadata.name`
 * and the pinned sets are all empty.
 * Port of pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go (Kubernetes 1.28), without
 * a profile's `addedAffinity`. Internal module.
 */
import { FilterCode, FilterStatus, status } from './types';
import { OBJECT_NAME_FIELD, RequiredNodeAffinity } from '../node-affinity';
import { NodeInfo } from '../node-info';
import { Pod, PodSpec } from '../types';

/** `names.NodeAffinity`. */
export const NODE_AFFINITY = 'NodeAffinity';
/** `ErrReasonPod`. */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** `errReasonEnforced`. */
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
/** `errReasonConflict`. */
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

/** What PreFilter decided for a pod. */
export type NodeAffinityPreFilter =
  | { kind: 'skip' }
  | { kind: 'fail'; status: FilterStatus }
  /** `nodeNames`: the PreFilterResult (undefined = all nodes). */
  | { kind: 'run'; affinity: RequiredNodeAffinity; nodeNames?: Set<string> };

/** `NodeAffinity.PreFilter` (compile once per pod). */
export function nodeAffinityPreFilter(spec: Pick<PodSpec, 'nodeSelector' | 'affinity'>): NodeAffinityPreFilter {
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const noNodeAffinity = required === undefined || required === null;
  if (noNodeAffinity && (spec.nodeSelector === undefined || spec.nodeSelector === null)) return { kind: 'skip' };
  const affinity = RequiredNodeAffinity.fromPodSpec(spec);
  const terms = required?.nodeSelectorTerms ?? [];
  if (noNodeAffinity || terms.length === 0) return { kind: 'run', affinity };
  let nodeNames: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t?.matchFields ?? []) {
      if (r.key === OBJECT_NAME_FIELD && r.operator === 'In') {
        const s = new Set((r.values ?? []).map(String));
        termNames = termNames === undefined ? s : new Set([...termNames].filter((n) => s.has(n)));
      }
    }
    if (termNames === undefined) return { kind: 'run', affinity };
    nodeNames = new Set([...(nodeNames ?? []), ...termNames]);
  }
  if (nodeNames !== undefined && nodeNames.size === 0) {
    return { kind: 'fail', status: status(NODE_AFFINITY, FilterCode.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_CONFLICT) };
  }
  return { kind: 'run', affinity, nodeNames };
}

/** `NodeAffinity.Filter` given the PreFilter state (a skipped PreFilter passes). */
export function nodeAffinityFilterCompiled(pre: NodeAffinityPreFilter, nodeInfo: NodeInfo): FilterStatus | null {
  if (pre.kind === 'skip') return null;
  if (pre.kind === 'fail') return pre.status;
  if (!pre.affinity.match(nodeInfo.node).match) {
    return status(NODE_AFFINITY, FilterCode.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_POD);
  }
  return null;
}

/** PreFilter then Filter, as the framework runs them for one node. */
export function nodeAffinityFilter(pod: Pod, nodeInfo: NodeInfo): FilterStatus | null {
  return nodeAffinityFilterCompiled(nodeAffinityPreFilter(pod.spec ?? {}), nodeInfo);
}
