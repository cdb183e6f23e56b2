/**
 * Preemption in the placement engine: `simulateDaemonSet` gives each node where the daemon pod
 * should run but does not fit the verdict of Kubernetes 1.28's DefaultPreemption for the pod.
 */
import {
  admitPodPriority, DisruptionBudgets, ERR_NO_PREEMPTION_VICTIMS, ERR_PREEMPT_NEVER, existingPodPriority, moreImportantPod, PriorityClassIndex,
} from '../../src/placement/preemption';
import { buildClusterState, ClusterStateBuilder, PlacementInputError, simulateDaemonSet } from '../../src/placement/simulate';
import { DaemonSet, Node, Pod, PodDisruptionBudget, PriorityClass } from '../../src/placement/types';
import { goSortSlice } from '../../src/util/go-sort';

const node = (name: string, allocatable: Record<string, string> = { cpu: '1', memory: '4Gi', pods: '110' }): Node => ({
  metadata: { name, labels: { 'kubernetes.io/hostname': name } },
  status: { allocatable },
});

/** A pod on `nodeName` with a cpu request, a priority and a start time (seconds after 08:00). */
function pod(name: string, nodeName: string, cpu: string, priority: number | undefined, start?: number, extra: { labels?: Record<string, string>; namespace?: string; spec?: any; meta?: any } = {}): Pod {
  return {
    metadata: { name, namespace: extra.namespace ?? 'apps', ...(extra.labels ? { labels: extra.labels } : {}), ...(extra.meta ?? {}) },
    spec: {
      nodeName,
      containers: [{ name: 'c', resources: { requests: { cpu } } }],
      ...(priority !== undefined ? { priority } : {}),
      ...(extra.spec ?? {}),
    },
    status: { phase: 'Running', ...(start !== undefined ? { startTime: `2024-05-12T08:00:${String(start).padStart(2, '0')}Z` } : {}) },
  };
}

function agent(cpu: string, podSpec: Record<string, unknown> = {}, container: Record<string, unknown> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'node-exporter', namespace: 'monitoring' },
    spec: {
      selector: { matchLabels: { app: 'node-exporter' } },
      template: {
        metadata: { labels: { app: 'node-exporter' } },
        spec: { containers: [{ name: 'exporter', resources: { requests: { cpu } }, ...container }], ...podSpec },
      },
    },
  };
}

const critical = { priorityClassName: 'system-node-critical' };

function preemption(ds: DaemonSet, nodes: Node[], pods: Pod[], inventory: { classes?: PriorityClass[]; pdbs?: PodDisruptionBudget[] } = {}, nodeName = 'n1') {
  const b = new ClusterStateBuilder(nodes);
  for (const p of pods) b.addPod(p);
  if (inventory.classes) b.setPriorityClasses(inventory.classes);
  if (inventory.pdbs) b.setPodDisruptionBudgets(inventory.pdbs);
  return simulateDaemonSet(ds, b.build()).nodes.find((v) => v.node === nodeName)!;
}

const pdb = (name: string, matchLabels: Record<string, string>, disruptionsAllowed: number, disruptedPods?: Record<string, string>): PodDisruptionBudget => ({
  metadata: { name, namespace: 'apps' },
  spec: { selector: { matchLabels } },
  status: { disruptionsAllowed, ...(disruptedPods ? { disruptedPods } : {}) },
});

describe('preemption in simulateDaemonSet', () => {
  test('a system-node-critical agent evicts the least important pods it needs, most important reprieved first', () => {
    // 1900m of 2000m used; the agent needs 600m. Every pod is below system-node-critical.
    const v = preemption(agent('600m', critical), [node('n1', { cpu: '2', memory: '4Gi', pods: '110' })], [
      pod('batch', 'n1', '500m', 0, 1),
      pod('web', 'n1', '1', 1000, 2),
      pod('dns', 'n1', '400m', 2000000000, 3, { namespace: 'kube-system' }),
    ]);
    expect(v).toMatchObject({ shouldRun: true, schedulable: false, reasons: ['Insufficient cpu'] });
    expect(v.preemption).toEqual({ possible: true, victims: ['apps/batch'], pdbViolations: 0, reason: 'Preempted by a pod on node n1' });
  });

  test('without a priority the agent is as important as the pods: the scheduler\'s own message', () => {
    const v = preemption(agent('600m'), [node('n1')], [pod('web', 'n1', '900m', 0, 1)]);
    expect(v.preemption).toEqual({ possible: false, victims: [], pdbViolations: 0, reason: ERR_NO_PREEMPTION_VICTIMS });
  });

  test('no preemption entry where the pod fits or where the controller does not want it', () => {
    const tainted: Node = { ...node('n2'), spec: { taints: [{ key: 'gpu', effect: 'NoSchedule' }] } };
    const r = simulateDaemonSet(agent('600m', critical), buildClusterState([node('n1'), tainted], [pod('web', 'n2', '900m', 0, 1)]));
    expect(r.nodes.map((n) => [n.node, n.schedulable, 'preemption' in n])).toEqual([['n1', true, false], ['n2', false, false]]);
  });

  test('equal priorities: the pod that started later is evicted first', () => {
    const pods = [pod('old', 'n1', '400m', 0, 1), pod('new', 'n1', '400m', 0, 2)];
    expect(preemption(agent('500m', critical), [node('n1')], pods).preemption!.victims).toEqual(['apps/new']);
    expect(preemption(agent('500m', critical), [node('n1')], [...pods].reverse()).preemption!.victims).toEqual(['apps/new']);
  });

  test('a PodDisruptionBudget that would be violated makes its pod the first reprieved', () => {
    const pods = [pod('db', 'n1', '400m', 0, 1, { labels: { app: 'db' } }), pod('web', 'n1', '400m', 0, 2, { labels: { app: 'web' } })];
    expect(preemption(agent('500m', critical), [node('n1')], pods).preemption!.victims).toEqual(['apps/web']);
    const v = preemption(agent('500m', critical), [node('n1')], pods, { pdbs: [pdb('web', { app: 'web' }, 0)] });
    expect(v.preemption).toMatchObject({ possible: true, victims: ['apps/db'], pdbViolations: 0 });
  });

  test('a victim that violates its budget is counted; a pod in disruptedPods is not', () => {
    const pods = [pod('web-1', 'n1', '450m', 0, 1, { labels: { app: 'web' } }), pod('web-2', 'n1', '450m', 0, 2, { labels: { app: 'web' } })];
    const big = agent('1', critical);
    expect(preemption(big, [node('n1')], pods, { pdbs: [pdb('web', { app: 'web' }, 1)] }).preemption)
      .toMatchObject({ victims: ['apps/web-2', 'apps/web-1'], pdbViolations: 1 });
    expect(preemption(big, [node('n1')], pods, { pdbs: [pdb('web', { app: 'web' }, 1, { 'web-2': '2024-05-12T08:00:00Z' })] }).preemption)
      .toMatchObject({ victims: ['apps/web-1', 'apps/web-2'], pdbViolations: 0 });
    // Another namespace's budget, an empty selector and no selector match nothing.
    const elsewhere: PodDisruptionBudget = { ...pdb('web', { app: 'web' }, 0), metadata: { name: 'web', namespace: 'other' } };
    const empty: PodDisruptionBudget = { metadata: { name: 'all', namespace: 'apps' }, spec: { selector: {} }, status: { disruptionsAllowed: 0 } };
    const none: PodDisruptionBudget = { metadata: { name: 'none', namespace: 'apps' }, spec: {}, status: { disruptionsAllowed: 0 } };
    expect(preemption(big, [node('n1')], pods, { pdbs: [elsewhere, empty, none] }).preemption).toMatchObject({ pdbViolations: 0 });
  });

  test('still not fitting with every lower-priority pod gone: the filters\' reasons', () => {
    const v = preemption(agent('600m', critical, { resources: { requests: { cpu: '600m', memory: '3Gi' } } }), [node('n1')], [
      pod('csi', 'n1', '500m', 2000001000, 1, { namespace: 'kube-system', spec: { containers: [{ name: 'c', resources: { requests: { cpu: '500m', memory: '2Gi' } } }] } }),
      pod('web', 'n1', '100m', 0, 2),
    ]);
    expect(v.preemption).toEqual({ possible: false, victims: [], pdbViolations: 0, reason: 'Insufficient cpu, Insufficient memory' });
  });

  test('host ports: a lower-priority pod holding the port is evicted, a higher one is not', () => {
    const port = { ports: [{ containerPort: 9100, hostPort: 9100 }] };
    const holder = (name: string, priority: number) => pod(name, 'n1', '10m', priority, 1, { spec: { containers: [{ name: 'c', ...port }] } });
    expect(preemption(agent('10m', critical, port), [node('n1')], [holder('old-exporter', 0), pod('web', 'n1', '10m', 0, 2)]))
      .toMatchObject({ reasons: ["node(s) didn't have free ports for the requested pod ports"], preemption: { possible: true, victims: ['apps/old-exporter'] } });
    expect(preemption(agent('10m', critical, port), [node('n1')], [holder('csi', 2000001000)]).preemption)
      .toEqual({ possible: false, victims: [], pdbViolations: 0, reason: ERR_NO_PREEMPTION_VICTIMS });
    expect(preemption(agent('10m', critical, port), [node('n1')], [holder('csi', 2000001000), pod('web', 'n1', '10m', 0, 2)]).preemption)
      .toEqual({ possible: false, victims: [], pdbViolations: 0, reason: "node(s) didn't have free ports for the requested pod ports" });
  });

  test('as in Go, removing one of two pods on the same host port frees the port (HostPortInfo is a set)', () => {
    const port = { ports: [{ containerPort: 9100, hostPort: 9100 }] };
    const holder = (name: string, priority: number, start: number) => pod(name, 'n1', '10m', priority, start, { spec: { containers: [{ name: 'c', ...port }] } });
    const v = preemption(agent('10m', critical, port), [node('n1')], [holder('csi', 2000001000, 1), holder('old-exporter', 0, 2)]);
    expect(v.preemption).toEqual({ possible: true, victims: ['apps/old-exporter'], pdbViolations: 0, reason: 'Preempted by a pod on node n1' });
  });

  test('the DaemonSet\'s own pods are not victims', () => {
    const own = pod('node-exporter-abcde', 'n1', '600m', 0, 1, {
      namespace: 'monitoring',
      labels: { app: 'node-exporter' },
      meta: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'node-exporter', uid: 'u1', controller: true }] },
    });
    const v = preemption(agent('600m', critical), [node('n1')], [own, pod('web', 'n1', '600m', 0, 2)]);
    expect(v.preemption!.victims).toEqual(['apps/web']);
  });

  test('preemptionPolicy Never (from the class) never preempts', () => {
    const classes: PriorityClass[] = [{ metadata: { name: 'agents-never' }, value: 1000000, preemptionPolicy: 'Never' }];
    const v = preemption(agent('600m', { priorityClassName: 'agents-never' }), [node('n1')], [pod('web', 'n1', '900m', 0, 1)], { classes });
    expect(v.preemption).toEqual({ possible: false, victims: [], pdbViolations: 0, reason: ERR_PREEMPT_NEVER });
  });

  test('the pod the controller creates gets its priority as admission gives it', () => {
    const pods = [pod('web', 'n1', '900m', undefined, 1, { spec: { priorityClassName: 'apps-low' } })];
    const classes: PriorityClass[] = [
      { metadata: { name: 'apps-low' }, value: 10 },
      { metadata: { name: 'agents' }, value: 100, globalDefault: true },
    ];
    // The global default class for a template without one; the pods' class from the inventory.
    expect(preemption(agent('600m'), [node('n1')], pods, { classes }).preemption!.victims).toEqual(['apps/web']);
    expect(preemption(agent('600m', { priorityClassName: 'apps-low' }), [node('n1')], pods, { classes }).preemption!.reason).toBe(ERR_NO_PREEMPTION_VICTIMS);
    // Refused pods: an unknown class, a priority or policy that contradicts the class.
    expect(preemption(agent('600m', { priorityClassName: 'nope' }), [node('n1')], pods, { classes }).preemption!.reason)
      .toBe('no PriorityClass with name nope was found');
    expect(preemption(agent('600m', { priorityClassName: 'nope' }), [node('n1')], pods).preemption!.reason)
      .toBe('unknown PriorityClass "nope": give the cluster\'s PriorityClasses (kubectl get priorityclasses -o json) to simulate preemption');
    // A refused pod is a DaemonSet-wide error (the controller's FailedCreate); an unknown class without an inventory is not.
    const withClasses = new ClusterStateBuilder([node('n1')]);
    withClasses.setPriorityClasses(classes);
    expect(simulateDaemonSet(agent('1m', { priorityClassName: 'nope' }), withClasses.build()).podCreationError).toBe('no PriorityClass with name nope was found');
    expect(simulateDaemonSet(agent('1m', { priorityClassName: 'nope' }), buildClusterState([node('n1')], [])).podCreationError).toBeUndefined();
    expect(simulateDaemonSet(agent('1m', critical), buildClusterState([node('n1')], [])).podCreationError).toBeUndefined();
    expect(preemption(agent('600m', { ...critical, priority: 5 }), [node('n1')], pods).preemption!.reason)
      .toBe('the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 2000001000 from the given PriorityClass name');
    expect(preemption(agent('600m', { preemptionPolicy: 'Never' }), [node('n1')], pods).preemption!.reason)
      .toBe('the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name');
  });

  test('bad priority inputs name the object and field', () => {
    const b = new ClusterStateBuilder([node('n1')]);
    expect(() => b.addPod(pod('web', 'n1', '1m', 1.5))).toThrow(new PlacementInputError('Pod/apps/web', 'spec.priority', 'must be a 32-bit integer, got 1.5'));
    const late = pod('web', 'n1', '1m', 0);
    late.status = { startTime: 'yesterday' };
    expect(() => b.addPod(late)).toThrow(new PlacementInputError('Pod/apps/web', 'status.startTime', 'must be an RFC 3339 time such as "2024-05-12T08:00:00Z", got "yesterday"'));
    expect(() => b.setPriorityClasses([{ metadata: { name: 'x' }, value: '5' as any }])).toThrow(new PlacementInputError('PriorityClass/x', 'value', 'must be a 32-bit integer, got "5"'));
    expect(() => b.setPriorityClasses([{ metadata: { name: 'x' }, value: 5, preemptionPolicy: 'Sometimes' }]))
      .toThrow(new PlacementInputError('PriorityClass/x', 'preemptionPolicy', 'must be "PreemptLowerPriority" or "Never", got "Sometimes"'));
    expect(() => b.setPodDisruptionBudgets([{ metadata: { name: 'p', namespace: 'apps' }, status: { disruptionsAllowed: -0.5 } }]))
      .toThrow(new PlacementInputError('PodDisruptionBudget/apps/p', 'status.disruptionsAllowed', 'must be a 32-bit integer, got -0.5'));
  });
});

describe('priorities', () => {
  test('the built-in classes are known without an inventory; the inventory\'s classes override nothing else', () => {
    const none = PriorityClassIndex.of(undefined);
    expect(none.inventoried).toBe(false);
    expect(none.get('system-node-critical')?.value).toBe(2000001000);
    expect(none.get('system-cluster-critical')?.value).toBe(2000000000);
    expect(none.defaultPriority()).toEqual({ value: 0, preemptionPolicy: 'PreemptLowerPriority' });
    const two = PriorityClassIndex.of([
      { metadata: { name: 'b' }, value: 7, globalDefault: true },
      { metadata: { name: 'a' }, value: 3, globalDefault: true, preemptionPolicy: 'Never' },
    ]);
    // Two global defaults (a race the apiserver allows): the lowest value wins.
    expect(two.defaultPriority()).toEqual({ value: 3, preemptionPolicy: 'Never' });
    expect(admitPodPriority({}, two)).toEqual({ admitted: true, priority: 3, preemptionPolicy: 'Never' });
    expect(admitPodPriority({ priorityClassName: 'system-node-critical' }, two)).toEqual({ admitted: true, priority: 2000001000, preemptionPolicy: 'PreemptLowerPriority' });
  });

  test('an inventoried pod keeps spec.priority; without one it gets what admission would have given it', () => {
    const classes = PriorityClassIndex.of([{ metadata: { name: 'low' }, value: 10 }, { metadata: { name: 'd' }, value: 50, globalDefault: true }]);
    expect(existingPodPriority(-5, 'low', classes)).toBe(-5);
    expect(existingPodPriority(undefined, 'low', classes)).toBe(10);
    expect(existingPodPriority(undefined, 'gone', classes)).toBe(0);
    expect(existingPodPriority(undefined, undefined, classes)).toBe(50);
  });

  test('sort.Slice by MoreImportantPod: priority, then start time (node order on ties), then unstarted pods in reverse', () => {
    const p = (name: string, priority: number, startTime?: number) => ({ name, priority, startTime });
    const sorted = goSortSlice([p('a', 0), p('b', 0, 5), p('c', 1), p('d', 0), p('e', 0, 5), p('f', 0, 1)], moreImportantPod);
    expect(sorted.map((x) => x.name)).toEqual(['c', 'f', 'b', 'e', 'd', 'a']);
  });

  test('DisruptionBudgets skips invalid selectors', () => {
    const bad: PodDisruptionBudget = { metadata: { name: 'bad', namespace: 'apps' }, spec: { selector: { matchLabels: { 'a b': 'x' } } }, status: { disruptionsAllowed: 0 } };
    const budgets = DisruptionBudgets.of([bad]);
    expect(budgets.size).toBe(1);
    expect(budgets.filterPodsWithPDBViolation([{ namespace: 'apps', name: 'p', labels: { 'a b': 'x' } }]).violating).toEqual([]);
  });
});
