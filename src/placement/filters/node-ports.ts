/**
 * The NodePorts filter plugin: a pod's host ports (regular containers only in 1.28) must not
 * conflict with the ports the node's pods already use (`HostPortInfo.CheckConflict`: 0.0.0.0 or
 * an empty hostIP is the only wildcard, protocol defaults to TCP). PreFilter skips pods without
 * host ports.
 * Port of pkg/scheduler/framework/plugins/nodeports/node_ports.go (Kubernetes 1.28). Internal module.
 */
import { FilterCode, FilterStatus, status } from './types';
import { HostPort, HostPortChecker, NodeInfo, podHostPorts } from '../node-info';
import { Pod, PodSpec } from '../types';

/** `names.NodePorts`. */
export const NODE_PORTS = 'NodePorts';
/** `ErrReason`. */
export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

/**
 * `getContainerPorts`: every `spec.containers[].ports[]` entry with hostPort > 0. The pod is
 * taken as stored: pass `defaultHostNetworkPorts` to apply the apiserver's hostNetwork defaulting.
 */
export function getContainerPorts(spec: Pick<PodSpec, 'containers' | 'hostNetwork'>, defaultHostNetworkPorts = false): HostPort[] {
  return podHostPorts(spec, defaultHostNetworkPorts).filter((p) => p.hostPort > 0);
}

/** `fitsPorts`: each wanted port against the node's used ports (never against each other). */
export function fitsPorts(wantPorts: readonly HostPort[], usedPorts: HostPortChecker): boolean {
  for (const p of wantPorts) {
    if (usedPorts.checkConflict(p.hostIP, p.protocol, p.hostPort)) return false;
  }
  return true;
}

/** Filter with the wanted ports precomputed (an empty list is PreFilter's Skip: passes). */
export function nodePortsFilterCompiled(wantPorts: readonly HostPort[], nodeInfo: NodeInfo): FilterStatus | null {
  if (wantPorts.length === 0) return null;
  if (!fitsPorts(wantPorts, nodeInfo.usedPorts)) return status(NODE_PORTS, FilterCode.UNSCHEDULABLE, ERR_REASON_NODE_PORTS);
  return null;
}

/** PreFilter then Filter. */
export function nodePortsFilter(pod: Pod, nodeInfo: NodeInfo): FilterStatus | null {
  return nodePortsFilterCompiled(getContainerPorts(pod.spec ?? { containers: [] }), nodeInfo);
}
