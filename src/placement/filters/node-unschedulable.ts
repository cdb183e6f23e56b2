/**
 * The NodeUnschedulable filter plugin: a cordoned node (`spec.unschedulable`) rejects pods that
 * do not tolerate the `node.kubernetes.io/unschedulable:NoSchedule` taint.
 * Port of pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go (Kubernetes 1.28).
 * Internal module.
 */
import { FilterCode, FilterStatus, status } from './types';
import { NodeInfo } from '../node-info';
import { TAINT_EFFECT_NO_SCHEDULE, TAINT_NODE_UNSCHEDULABLE, tolerationsTolerateTaint } from '../taints';
import { Pod, Toleration } from '../types';

/** `names.NodeUnschedulable`. */
export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
/** `ErrReasonUnschedulable`. */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
/** `ErrReasonUnknownCondition` (defined, not used by Filter). */
export const ERR_REASON_UNKNOWN_CONDITION = 'node(s) had unknown conditions';

/** Whether tolerations cover the synthetic unschedulable taint (compile once per pod). */
export function toleratesUnschedulable(tolerations: readonly Toleration[] | undefined): boolean {
  return tolerationsTolerateTaint(tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: TAINT_EFFECT_NO_SCHEDULE });
}

/** Filter with the pod's toleration answer precomputed. */
export function nodeUnschedulableFilterCompiled(podToleratesUnschedulable: boolean, nodeInfo: NodeInfo): FilterStatus | null {
  if (nodeInfo.node.spec?.unschedulable === true && !podToleratesUnschedulable) {
    return status(NODE_UNSCHEDULABLE, FilterCode.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_UNSCHEDULABLE);
  }
  return null;
}

/** `NodeUnschedulable.Filter`. */
export function nodeUnschedulableFilter(pod: Pod, nodeInfo: NodeInfo): FilterStatus | null {
  return nodeUnschedulableFilterCompiled(toleratesUnschedulable(pod.spec?.tolerations), nodeInfo);
}
