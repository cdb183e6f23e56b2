/**
 * The NodeName filter plugin: a pod with `spec.nodeName` fits only that node.
 * Port of pkg/scheduler/framework/plugins/nodename/node_name.go (Kubernetes 1.28). Internal module.
 */
import { FilterCode, FilterStatus, status } from './types';
import { NodeInfo } from '../node-info';
import { Pod } from '../types';

/** `names.NodeName`. */
export const NODE_NAME = 'NodeName';
/** `ErrReason`. */
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

/** `Fits`. */
export function nodeNameFits(podNodeName: string | undefined, nodeName: string | undefined): boolean {
  return !podNodeName || podNodeName === (nodeName ?? '');
}

/** `NodeName.Filter`. */
export function nodeNameFilter(pod: Pod, nodeInfo: NodeInfo): FilterStatus | null {
  if (!nodeNameFits(pod.spec?.nodeName, nodeInfo.node.metadata?.name)) {
    return status(NODE_NAME, FilterCode.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_NODE_NAME);
  }
  return null;
}
