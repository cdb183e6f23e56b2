/**
 * The `place` command's readable output: per DaemonSet, the desired count,
 * the rollout budget, and the nodes grouped by verdict and by Kubernetes'
 * reason (e.g. `12 nodes: node(s) had untolerated taint {nvidia.com/gpu: present}`).
 * A pod that does not fit is placed by preemption when the scheduler can evict
 * lower-priority pods (pkg/scheduler/framework/plugins/defaultpreemption):
 * those nodes are listed apart, with the pods evicted; elsewhere the group
 * shows the scheduler's reason for evicting none.
 *
 * Verdicts follow pkg/controller/daemon/daemon_controller.go `NodeShouldRunDaemonPod`
 * (shouldRun, shouldContinueRunning) and the scheduler's Filter plugins
 * (pkg/scheduler/framework/plugins/); reasons are their exact messages.
 * Output is deterministic: groups by size (largest first), then by reason;
 * node names in inventory order.
 */
import type { DaemonSetPlacementResult, PlacementNodeVerdict, PlacementReport } from '../placement/placement';

/** Options for {@link formatPlacementText}. */
export interface TextFormatOptions {
  /** Node names listed per group before "and N more". Default 3. */
  readonly maxNames?: number;
}

/** How many node names a group lists by default. */
export const DEFAULT_MAX_NAMES = 3;

interface Section {
  readonly title: (n: number) => string;
  readonly test: (v: PlacementNodeVerdict) => boolean;
  /** List nodes grouped by reasons (else one line of names). */
  readonly grouped: boolean;
}

/** Verdict categories, in output order. */
const SECTIONS: readonly Section[] = [
  {
    title: (n) => `runs on ${nodes(n)}`,
    test: (v) => v.shouldRun && v.schedulable,
    grouped: false,
  },
  {
    title: (n) => `runs on ${nodes(n)} only by evicting lower-priority pods (preemption)`,
    test: (v) => v.shouldRun && !v.schedulable && v.preemption?.possible === true,
    grouped: true,
  },
  {
    title: (n) => `cannot be scheduled on ${nodes(n)} where it should run (the pod stays Pending)`,
    test: (v) => v.shouldRun && !v.schedulable && v.preemption?.possible !== true,
    grouped: true,
  },
  {
    title: (n) => `not placed on ${nodes(n)} (a daemon pod already running there is kept)`,
    test: (v) => !v.shouldRun && v.shouldContinueRunning,
    grouped: true,
  },
  {
    title: (n) => `not placed on ${nodes(n)} (a daemon pod already running there is deleted)`,
    test: (v) => !v.shouldRun && !v.shouldContinueRunning,
    grouped: true,
  },
];

/** `n node` / `n nodes`. */
function nodes(n: number): string {
  return `${n} node${n === 1 ? '' : 's'}`;
}

/** `a, b, c and 9 more`: at most `max` names. */
export function listNames(names: readonly string[], max: number = DEFAULT_MAX_NAMES): string {
  if (names.length <= max) return names.join(', ');
  const shown = Math.max(0, max);
  const head = names.slice(0, shown).join(', ');
  const more = `${names.length - shown} more`;
  return head ? `${head} and ${more}` : more;
}

/** `n pod` / `n pods`. */
function pods(n: number): string {
  return `${n} pod${n === 1 ? '' : 's'}`;
}

/** The pods preemption evicts over some nodes, in node order (a pod once). */
export function evictedPods(verdicts: readonly PlacementNodeVerdict[]): { victims: string[]; nodes: number; pdbViolations: number } {
  const victims = new Set<string>();
  let count = 0;
  let pdbViolations = 0;
  for (const v of verdicts) {
    if (!v.preemption?.possible) continue;
    count++;
    pdbViolations += v.preemption.pdbViolations;
    for (const p of v.preemption.victims) victims.add(p);
  }
  return { victims: [...victims], nodes: count, pdbViolations };
}

/**
 * `node-exporter would evict 7 pods on 3 gpu nodes (ns/a, ns/b, ns/c and 4 more)`, plus the
 * PodDisruptionBudgets it breaks. `where` qualifies the nodes (`gpu nodes`); empty for plain nodes.
 */
export function describeEvictions(who: string, e: { victims: readonly string[]; nodes: number; pdbViolations: number }, where = '', maxNames = DEFAULT_MAX_NAMES): string {
  const on = where ? `${e.nodes} ${where}` : nodes(e.nodes);
  const budgets = e.pdbViolations > 0
    ? `; ${e.pdbViolations === 1 ? '1 eviction breaks' : `${e.pdbViolations} evictions break`} a PodDisruptionBudget`
    : '';
  return `${who} would evict ${pods(e.victims.length)} on ${on} (${listNames(e.victims, maxNames)})${budgets}`;
}

/** A node's reasons, with the scheduler's reason for not preempting where it does not. */
function verdictReason(v: PlacementNodeVerdict): string {
  const reason = v.reasons.length > 0 ? v.reasons.join('; ') : '(no reason reported)';
  return v.preemption && !v.preemption.possible ? `${reason} [preemption: ${v.preemption.reason}]` : reason;
}

/** Nodes with the same reasons, largest group first, then by reason text. */
export function groupByReasons(verdicts: readonly PlacementNodeVerdict[]): Array<{ reason: string; nodes: string[] }> {
  const groups = new Map<string, string[]>();
  for (const v of verdicts) {
    const reason = verdictReason(v);
    const list = groups.get(reason);
    if (list) list.push(v.node);
    else groups.set(reason, [v.node]);
  }
  return [...groups.entries()]
    .map(([reason, names]) => ({ reason, nodes: names }))
    .sort((a, b) => b.nodes.length - a.nodes.length || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}

/**
 * Whether the DaemonSet should run on some node where the scheduler cannot place its pod (or only
 * by preemption), or the apiserver refuses its pods.
 */
export function hasUnschedulable(ds: DaemonSetPlacementResult): boolean {
  return ds.podCreationError !== undefined || ds.nodes.some((v) => v.shouldRun && !v.schedulable);
}

function formatDaemonSet(ds: DaemonSetPlacementResult, maxNames: number): string[] {
  const lines: string[] = [];
  const rollout = ds.rollout.strategy === 'OnDelete'
    ? 'OnDelete: pods are replaced only when deleted'
    : `${ds.rollout.strategy}, maxSurge ${ds.rollout.maxSurge}, maxUnavailable ${ds.rollout.maxUnavailable}`;
  lines.push(`DaemonSet ${ds.namespace}/${ds.name}: desired on ${ds.desiredNumberScheduled} of ${nodes(ds.nodes.length)} (${rollout})`);
  if (ds.nodes.length > 0 && ds.desiredNumberScheduled === 0) {
    lines.push('  no node matches its node selector, affinity and tolerations: it will have no pods');
  }
  if (ds.podCreationError !== undefined) {
    lines.push(`  the apiserver refuses its pods, so it has none: ${ds.podCreationError}`);
  }
  for (const section of SECTIONS) {
    const members = ds.nodes.filter(section.test);
    if (members.length === 0) continue;
    if (!section.grouped) {
      lines.push(`  ${section.title(members.length)}: ${listNames(members.map((v) => v.node), maxNames)}`);
      continue;
    }
    lines.push(`  ${section.title(members.length)}:`);
    for (const group of groupByReasons(members)) {
      lines.push(`    ${nodes(group.nodes.length)}: ${group.reason} (${listNames(group.nodes, maxNames)})`);
    }
    const evicted = evictedPods(members);
    if (evicted.nodes > 0) lines.push(`    ${describeEvictions('it', evicted, '', maxNames)}`);
  }
  return lines;
}

/**
 * A readable summary of `report`: one block per DaemonSet, then a summary line.
 * Ends with a newline.
 */
export function formatPlacementText(report: PlacementReport, options: TextFormatOptions = {}): string {
  const maxNames = options.maxNames ?? DEFAULT_MAX_NAMES;
  const blocks = report.daemonSets.map((ds) => formatDaemonSet(ds, maxNames).join('\n'));
  const failing = report.daemonSets.filter(hasUnschedulable);
  const nodeCount = report.daemonSets.length > 0 ? report.daemonSets[0].nodes.length : 0;
  const count = `${report.daemonSets.length} DaemonSet${report.daemonSets.length === 1 ? '' : 's'}, ${nodes(nodeCount)}`;
  let summary: string;
  if (report.daemonSets.length === 0) {
    summary = 'No DaemonSets.';
  } else if (failing.length === 0) {
    summary = `${count}: every DaemonSet can be scheduled on every node where it should run.`;
  } else {
    const stuck = (v: PlacementNodeVerdict) => v.shouldRun && !v.schedulable && !v.preemption?.possible;
    const pending = failing.filter((ds) => ds.nodes.some(stuck));
    const parts: string[] = [];
    if (pending.length > 0) {
      const names = pending.map((ds) => `${ds.namespace}/${ds.name} (${nodes(ds.nodes.filter(stuck).length)})`);
      parts.push(`${pending.length} DaemonSet${pending.length === 1 ? '' : 's'} cannot be scheduled on nodes where ${pending.length === 1 ? 'it' : 'they'} should run: ${names.join(', ')}`);
    }
    for (const ds of failing) {
      if (ds.podCreationError !== undefined) parts.push(`${ds.namespace}/${ds.name} has no pods: the apiserver refuses them`);
      const evicted = evictedPods(ds.nodes);
      if (evicted.nodes > 0) parts.push(describeEvictions(`${ds.namespace}/${ds.name}`, evicted, '', maxNames));
    }
    summary = `${count}: ${parts.join('; ')}.`;
  }
  return [...blocks, summary].join('\n\n') + '\n';
}
