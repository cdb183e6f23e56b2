/**
 * Scheduler filter results: `framework.Status` with its codes, as the filter plugins of
 * pkg/scheduler/framework/plugins/ return them (pkg/scheduler/framework/interface.go, Kubernetes
 * 1.28). Internal module.
 */
import { NodeInfo } from '../node-info';
import { Pod } from '../types';

/** `framework.Code` values a filter can fail with. */
export enum FilterCode {
  /** Preemption might help. */
  UNSCHEDULABLE = 'Unschedulable',
  /** Preemption cannot help. */
  UNSCHEDULABLE_AND_UNRESOLVABLE = 'UnschedulableAndUnresolvable',
}

/** A failed filter: the plugin, its code and Kubernetes' exact reasons. */
export interface FilterStatus {
  readonly plugin: string;
  readonly code: FilterCode;
  readonly reasons: readonly string[];
}

/** A filter plugin run on one pod and one node: null when the node passes. */
export type FilterFunc = (pod: Pod, nodeInfo: NodeInfo) => FilterStatus | null;

/** Builds a status. */
export function status(plugin: string, code: FilterCode, ...reasons: string[]): FilterStatus {
  return { plugin, code, reasons };
}
