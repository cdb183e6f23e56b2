/**
 * The TaintToleration filter plugin: the first NoSchedule/NoExecute taint (in node order) the
 * pod does not tolerate rejects the node. PreferNoSchedule only affects scoring.
 * Port of pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go (Kubernetes 1.28).
 * Internal module.
 */
import { FilterCode, FilterStatus, status } from './types';
import { NodeInfo } from '../node-info';
import { doNotScheduleTaintsFilter, findMatchingUntoleratedTaint } from '../taints';
import { Pod, Taint, Toleration } from '../types';

/** `names.TaintToleration`. */
export const TAINT_TOLERATION = 'TaintToleration';

/** The 1.28 message: `node(s) had untolerated taint {<key>: <value>}`. */
export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key ?? ''}: ${taint.value ?? ''}}`;
}

/** Filter with the pod's tolerations given directly. */
export function taintTolerationFilterTolerations(tolerations: readonly Toleration[] | undefined, nodeInfo: NodeInfo): FilterStatus | null {
  const taint = findMatchingUntoleratedTaint(nodeInfo.node.spec?.taints, tolerations, doNotScheduleTaintsFilter);
  if (!taint) return null;
  return status(TAINT_TOLERATION, FilterCode.UNSCHEDULABLE_AND_UNRESOLVABLE, untoleratedTaintReason(taint));
}

/** `TaintToleration.Filter`. */
export function taintTolerationFilter(pod: Pod, nodeInfo: NodeInfo): FilterStatus | null {
  return taintTolerationFilterTolerations(pod.spec?.tolerations, nodeInfo);
}
