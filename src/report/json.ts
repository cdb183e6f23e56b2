/**
 * The `place --json` output: a {@link PlacementReport} as JSON with a fixed
 * key order, 2-space indent and a trailing newline, so the output of the same
 * inputs is byte-for-byte stable (GitOps diffs, CI artefacts).
 *
 * Shape (every key always present, except the two marked optional):
 * `{"daemonSets": [{"namespace", "name", "desiredNumberScheduled",
 *   "rollout": {"strategy", "maxSurge", "maxUnavailable"},
 *   "podCreationError"?,
 *   "nodes": [{"node", "shouldRun", "shouldContinueRunning", "schedulable", "reasons", "failedFilters",
 *              "preemption"?: {"possible", "victims", "pdbViolations", "reason"}}]}]}`
 * `podCreationError` only when the apiserver refuses the DaemonSet's pods (Priority admission);
 * `preemption` only on nodes where the pod should run and does not fit
 * (pkg/scheduler/framework/plugins/defaultpreemption).
 *
 * Verdicts follow pkg/controller/daemon/daemon_controller.go `NodeShouldRunDaemonPod`
 * and the scheduler's Filter plugins (pkg/scheduler/framework/plugins/).
 */
import type { DaemonSetPlacementResult, PlacementNodeVerdict, PlacementReport } from '../placement/placement';

/** The JSON value `formatPlacementJson` prints, keys in output order. */
export function placementToJson(report: PlacementReport): object {
  return { daemonSets: report.daemonSets.map(daemonSetToJson) };
}

function daemonSetToJson(ds: DaemonSetPlacementResult): object {
  return {
    namespace: ds.namespace,
    name: ds.name,
    desiredNumberScheduled: ds.desiredNumberScheduled,
    rollout: {
      strategy: ds.rollout.strategy,
      maxSurge: ds.rollout.maxSurge,
      maxUnavailable: ds.rollout.maxUnavailable,
    },
    ...(ds.podCreationError !== undefined ? { podCreationError: ds.podCreationError } : {}),
    nodes: ds.nodes.map(verdictToJson),
  };
}

function verdictToJson(v: PlacementNodeVerdict): object {
  return {
    node: v.node,
    shouldRun: v.shouldRun,
    shouldContinueRunning: v.shouldContinueRunning,
    schedulable: v.schedulable,
    reasons: [...v.reasons],
    failedFilters: [...(v.failedFilters ?? [])],
    ...(v.preemption ? {
      preemption: {
        possible: v.preemption.possible,
        victims: [...v.preemption.victims],
        pdbViolations: v.preemption.pdbViolations,
        reason: v.preemption.reason,
      },
    } : {}),
  };
}

/** `report` as stable JSON text (2-space indent, trailing newline). */
export function formatPlacementJson(report: PlacementReport): string {
  return `${JSON.stringify(placementToJson(report), null, 2)}\n`;
}
