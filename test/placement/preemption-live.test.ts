/**
 * Preemption scenarios answered by a live Kubernetes 1.28.7 scheduler (recorded: see the table's
 * `_comment`; CI does not run the control plane): the engine must pick exactly the pods the
 * scheduler deleted, nominate where it nominated, and give the reason its message gives.
 */
import table from './k8s-tables/preemption_live_scenarios.json';
import { ClusterStateBuilder, simulateDaemonSet } from '../../src/placement/simulate';
import { DaemonSet, Node, Pod, PodDisruptionBudget, PriorityClass } from '../../src/placement/types';

interface LiveNode {
  node: string;
  victims: string[];
  bound?: boolean;
  nominated?: boolean;
  preemptionMessage?: string;
}

interface LiveCase {
  name: string;
  note?: string;
  nodes: Node[];
  pods: Pod[];
  pdbs: PodDisruptionBudget[];
  daemonSet: DaemonSet;
  live: { nodes: LiveNode[]; failedCreate?: string };
}

const cases = table.cases as unknown as LiveCase[];

/** Whether the scheduler's `preemption: ` message carries this node's reason. */
function messageHas(message: string, reason: string): boolean {
  if (message.startsWith(reason)) return true; // "not eligible due to preemptionPolicy=Never.."
  // FitError: "0/N nodes are available: <count> <reason>, …." (each filter reason counted apart)
  return reason.split(', ').every((r) => message.split(/: |, /).some((part) => part.replace(/\.+$/, '') === `${part.split(' ')[0]} ${r}` && /^\d+$/.test(part.split(' ')[0])));
}

describe('preemption against a live 1.28.7 scheduler', () => {
  test('has the recorded scenarios, every outcome among them', () => {
    expect(cases).toHaveLength(49);
    const nodes = cases.flatMap((c) => c.live.nodes);
    expect(nodes.filter((n) => n.nominated).length).toBeGreaterThan(20);
    expect(nodes.filter((n) => n.bound).length).toBeGreaterThan(10);
    expect(nodes.filter((n) => n.preemptionMessage).length).toBeGreaterThan(20);
    expect(cases.filter((c) => c.live.failedCreate).length).toBeGreaterThan(2);
  });

  test.each(cases.map((c) => [c.note ? `${c.name}: ${c.note}` : c.name, c] as const))('%s', (_name, c) => {
    const b = new ClusterStateBuilder(c.nodes);
    for (const p of c.pods) b.addPod(p);
    b.setPriorityClasses(table.priorityClasses as PriorityClass[]);
    b.setPodDisruptionBudgets(c.pdbs);
    const sim = simulateDaemonSet(c.daemonSet, b.build());
    if (c.live.failedCreate) {
      // The apiserver refused the daemon pods: `Error creating: pods "agent-" is forbidden: <admission>`.
      expect(c.live.failedCreate).toBe(`Error creating: pods "agent-" is forbidden: ${sim.podCreationError}`);
    } else {
      expect(sim.podCreationError).toBeUndefined();
    }
    for (const live of c.live.nodes) {
      const v = sim.nodes.find((n) => n.node === live.node)!;
      if (c.live.failedCreate) {
        if (!v.schedulable) expect(c.live.failedCreate).toBe(`Error creating: pods "agent-" is forbidden: ${v.preemption?.reason}`);
        continue;
      }
      expect({ node: v.node, bound: v.schedulable }).toEqual({ node: live.node, bound: live.bound });
      if (v.schedulable) continue;
      expect({ node: v.node, nominated: v.preemption!.possible, victims: [...v.preemption!.victims].sort() })
        .toEqual({ node: live.node, nominated: live.nominated, victims: live.victims });
      if (!live.nominated) expect(messageHas(live.preemptionMessage!, v.preemption!.reason)).toBe(true);
    }
  });
});
