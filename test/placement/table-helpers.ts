/**
 * Helpers for the Kubernetes test tables in ./k8s-tables (JSON extracted from the upstream Go
 * tests of Kubernetes 1.28.7): build the engine's NodeInfo from a table's node and pods, and
 * turn a filter result into the table's `{code, reasons}` shape.
 */
import { FilterStatus } from '../../src/placement/filters/types';
import { NodeInfo, podHostPorts, podNodeUsage } from '../../src/placement/node-info';
import { parseResourceList, podRequests } from '../../src/placement/resources';
import { Node, Pod } from '../../src/placement/types';

/** `framework.NewNodeInfo(pods...)` + `SetNode(node)`, pods taken as stored (no defaulting). */
export function nodeInfoOf(node: Node, pods: Pod[] = []): NodeInfo {
  return NodeInfo.of(
    node,
    parseResourceList(node.status?.allocatable, 'status.allocatable'),
    pods.map((p) => podNodeUsage(podRequests(p.spec ?? { containers: [] }, { requestsFromLimits: false }), podHostPorts(p.spec ?? { containers: [] }, false))),
  );
}

/** A `*framework.Status` as the tables hold it: null for success. */
export interface TableStatus {
  code: string;
  reasons?: string[];
}

/** The engine's filter result in the tables' shape. */
export function statusOf(s: FilterStatus | null): TableStatus | null {
  if (!s) return null;
  return { code: s.code, reasons: [...s.reasons] };
}

/** A table's expected status, normalised (absent = success). */
export function wantStatus(s: TableStatus | undefined | null): TableStatus | null {
  if (!s) return null;
  return { code: s.code, reasons: s.reasons ?? [] };
}
