/**
 * Preemption (src/placement/preemption.ts) against the Kubernetes 1.28.7 test tables of
 * pkg/scheduler/framework/plugins/defaultpreemption/default_preemption_test.go,
 * pkg/scheduler/framework/preemption/preemption_test.go and pkg/scheduler/util/utils_test.go.
 *
 * The tables' `selectVictimsOnNode` entries are what the upstream `SelectVictimsOnNode` returned
 * on every node of each case when the tables were extracted; the upstream tests' own expectations
 * (`expected` candidates, `wantStatus`) are checked as well where a single pinned pod can meet them.
 */
import preemptionTables from './k8s-tables/default_preemption_test.json';
import frameworkTables from './k8s-tables/preemption_test.json';
import utilTables from './k8s-tables/scheduler_utils_test.json';
import { TableStatus, statusOf } from './table-helpers';
import { hasRestartableInitContainer, nodeResourcesFitFilterCompiled } from '../../src/placement/filters/node-resources-fit';
import { FilterCode, FilterStatus, status } from '../../src/placement/filters/types';
import { NodeInfo, podHostPorts, podNodeUsage } from '../../src/placement/node-info';
import {
  DisruptionBudgets, ERR_NO_PREEMPTION_VICTIMS, ERR_PREEMPT_NEVER, ERR_PREEMPTION_NOT_HELPFUL, moreImportantPod,
  PREEMPT_LOWER_PRIORITY, preemptOnNode, podStartTime, SelectVictimsResult, selectVictimsOnNode, VictimCandidate,
} from '../../src/placement/preemption';
import { computePodResourceRequest, newResource, parseResourceList, podRequests } from '../../src/placement/resources';
import { Node, Pod, PodDisruptionBudget } from '../../src/placement/types';

/** A table pod as preemption reads it (`PodPriority`: 0 without `spec.priority`). */
function candidateOf(p: Pod): VictimCandidate {
  const spec = p.spec ?? { containers: [] };
  return {
    namespace: p.metadata.namespace || 'default',
    name: p.metadata.name ?? '',
    labels: p.metadata.labels ?? {},
    priority: spec.priority ?? 0,
    startTime: podStartTime(p.status?.startTime, () => 'Pod'),
    usage: podNodeUsage(podRequests(spec, { requestsFromLimits: false }), podHostPorts(spec, false)),
  };
}

function podsOn(pods: Pod[], node: string): VictimCandidate[] {
  return pods.filter((p) => p.spec.nodeName === node).map(candidateOf);
}

/** `pkg/scheduler/testing/fake_plugins.go` `ErrReasonFake`. */
const ERR_REASON_FAKE = 'Nodes failed the fake plugin';

/** The filter plugins a table registers that the engine can run (undefined: one it does not model). */
function filtersFor(plugins: string[], pod: Pod, node: Node, fakeFilterRC: string | null): ((ni: NodeInfo) => FilterStatus | null) | undefined {
  const spec = pod.spec ?? { containers: [] };
  const request = computePodResourceRequest(podRequests(spec, { requestsFromLimits: false }));
  const restartable = hasRestartableInitContainer(spec);
  const run: Array<(ni: NodeInfo) => FilterStatus | null> = [];
  for (const name of plugins) {
    switch (name) {
      case 'FakeFilter':
        // st.FakeFilterPlugin: the configured code on every node of the table, else success.
        if (fakeFilterRC) run.push(() => status('FakeFilter', fakeFilterRC as FilterCode, `injecting failure for pod ${pod.metadata.name}`));
        break;
      case 'TrueFilter':
        break;
      case 'FalseFilter':
        run.push(() => status('FalseFilter', FilterCode.UNSCHEDULABLE, ERR_REASON_FAKE));
        break;
      case 'MatchFilter':
        run.push(() => (pod.metadata.name === node.metadata.name ? null : status('MatchFilter', FilterCode.UNSCHEDULABLE, ERR_REASON_FAKE)));
        break;
      case 'NodeResourcesFit':
        run.push((ni) => nodeResourcesFitFilterCompiled(request, restartable, ni));
        break;
      default:
        return undefined;
    }
  }
  return (ni) => {
    for (const f of run) {
      const s = f(ni);
      if (s) return s;
    }
    return null;
  };
}

function allocatableOf(node: Node) {
  return newResource(parseResourceList(node.status?.allocatable, 'status.allocatable'));
}

interface NodeResult {
  cycle: number;
  node: string;
  filterStatus: TableStatus | null;
  victims: string[];
  numViolatingVictim: number;
  status: TableStatus | null;
}

function resultOf(r: SelectVictimsResult): Omit<NodeResult, 'cycle' | 'node' | 'filterStatus'> {
  return { victims: r.victims.map((v) => v.name), numViolatingVictim: r.numViolatingVictim, status: statusOf(r.status) };
}

interface DryRunCase {
  name: string;
  filterPlugins: string[];
  fakeFilterRC: string | null;
  nodes: Node[];
  testPods: Pod[];
  initPods: Pod[] | null;
  pdbs: PodDisruptionBudget[] | null;
  expected: Array<Array<{ name: string; victims: string[]; numPDBViolations: number }>>;
  selectVictimsOnNode: NodeResult[];
}

/** Runs the engine's SelectVictimsOnNode on every node of a case, per preemptor (cycle). */
function selectAll(c: { filterPlugins: string[]; fakeFilterRC: string | null; nodes: Node[]; pods: Pod[]; pdbs: PodDisruptionBudget[] | null }, preemptors: Pod[]): NodeResult[] | undefined {
  const pdbs = DisruptionBudgets.of(c.pdbs ?? []);
  const out: NodeResult[] = [];
  const nodes = [...c.nodes].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  for (const [cycle, pod] of preemptors.entries()) {
    for (const node of nodes) {
      const filters = filtersFor(c.filterPlugins, pod, node, c.fakeFilterRC);
      if (!filters) return undefined;
      const pods = podsOn(c.pods, node.metadata.name!);
      const full = NodeInfo.withAllocatable(node, allocatableOf(node), pods.map((p) => p.usage), false);
      const r = selectVictimsOnNode(pod.spec.priority ?? 0, node, allocatableOf(node), pods, pdbs, filters);
      out.push({ cycle, node: node.metadata.name!, filterStatus: statusOf(filters(full)), ...resultOf(r) });
    }
  }
  return out;
}

// Not modelled by the engine (its filters are the six DaemonSet pods meet: NodeUnschedulable,
// NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit).
const UNMODELLED_FILTERS: Record<string, string> = {
  'pod with anti-affinity is preempted': 'InterPodAffinity',
  'preemption to resolve pod topology spread filter failure': 'PodTopologySpread',
};

describe(`TestDryRunPreemption (${preemptionTables.TestDryRunPreemption.source})`, () => {
  const cases = preemptionTables.TestDryRunPreemption.cases as unknown as DryRunCase[];
  test('has all 19 upstream cases; 2 need filters the engine does not model', () => {
    expect(cases).toHaveLength(19);
    for (const [name, plugin] of Object.entries(UNMODELLED_FILTERS)) {
      expect(cases.find((c) => c.name === name)?.filterPlugins).toContain(plugin);
    }
  });
  const modelled = cases.filter((c) => !(c.name in UNMODELLED_FILTERS));
  test.each(modelled.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const got = selectAll({ ...c, pods: c.initPods ?? [] }, c.testPods);
    expect(got).toEqual(c.selectVictimsOnNode);
    // Every candidate the upstream test expects is a node where the victims match (the test
    // sorts victims by name; DryRunPreemption may stop before trying every node).
    for (const [cycle, expected] of c.expected.entries()) {
      for (const cand of expected) {
        const mine = got!.find((r) => r.cycle === cycle && r.node === cand.name)!;
        expect(mine.status).toBeNull();
        expect([...mine.victims].sort()).toEqual(cand.victims);
        expect(mine.numViolatingVictim).toBe(cand.numPDBViolations);
      }
      const candidates = got!.filter((r) => r.cycle === cycle && r.status === null && r.victims.length > 0).map((r) => r.node);
      expect(candidates).toEqual(expect.arrayContaining(expected.map((e) => e.name)));
    }
  });
});

interface BestCase {
  name: string;
  filterPlugins: string[];
  nodes: Node[];
  pod: Pod;
  pods: Pod[];
  expected: string[];
  selectVictimsOnNode: NodeResult[];
}

describe(`TestSelectBestCandidate (${preemptionTables.TestSelectBestCandidate.source})`, () => {
  // pickOneNodeForPreemption chooses among candidate nodes; a daemon pod is pinned to one node,
  // so it never chooses. Each case still checks SelectVictimsOnNode on every node.
  const cases = preemptionTables.TestSelectBestCandidate.cases as unknown as BestCase[];
  test('has all 9 upstream cases', () => expect(cases).toHaveLength(9));
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const got = selectAll({ filterPlugins: c.filterPlugins, fakeFilterRC: null, nodes: c.nodes, pods: c.pods, pdbs: null }, [c.pod]);
    // The extraction took the snapshot's nodes in map order.
    expect(got).toEqual([...c.selectVictimsOnNode].sort((a, b) => (a.node < b.node ? -1 : 1)));
  });
});

interface PostFilterCase {
  name: string;
  pod: Pod;
  pods: Pod[];
  nodes: Node[];
  filteredNodesStatuses: Record<string, TableStatus>;
  extender: boolean;
  wantNominatedNodeName: string | null;
  wantStatus: { code: string; message: string };
}

/** `FitError.Error()` for the nodes' preemption reasons: `0/N nodes are available: <count reason>, ….` */
function fitErrorMessage(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const parts = [...counts].map(([r, n]) => `${n} ${r}`).sort();
  return `0/${reasons.length} nodes are available: ${parts.join(', ')}.`;
}

describe(`TestPostFilter (${preemptionTables.TestPostFilter.source})`, () => {
  const cases = preemptionTables.TestPostFilter.cases as unknown as PostFilterCase[];
  // Extenders and the injected failing PreFilter extension ("test-plugin") have no daemon-pod
  // counterpart.
  const skipped = cases.filter((c) => c.extender || c.name.includes('TestPlugin')).map((c) => c.name);
  test('has all 10 upstream cases; 3 need an extender or a failing test plugin', () => {
    expect(cases).toHaveLength(10);
    expect(skipped).toEqual([
      'preemption result filtered out by extenders',
      'only one node but failed with TestPlugin',
      'one failed with TestPlugin and the other pass',
    ]);
  });
  test.each(cases.filter((c) => !skipped.includes(c.name)).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const spec = c.pod.spec;
    const request = computePodResourceRequest(podRequests(spec, { requestsFromLimits: false }));
    const verdicts = c.nodes.map((node) => {
      const name = node.metadata.name!;
      // A node the status map leaves out (never filtered) is a candidate in 1.28.
      const nodeStatus = c.filteredNodesStatuses[name] ?? { code: FilterCode.UNSCHEDULABLE };
      return preemptOnNode(
        { priority: spec.priority ?? 0, preemptionPolicy: (spec.preemptionPolicy as string | undefined) ?? PREEMPT_LOWER_PRIORITY },
        name,
        status('table', nodeStatus.code as FilterCode, ...(nodeStatus.reasons ?? [])),
        () => selectVictimsOnNode(spec.priority ?? 0, node, allocatableOf(node), podsOn(c.pods, name), DisruptionBudgets.NONE,
          (ni) => nodeResourcesFitFilterCompiled(request, false, ni)),
      );
    });
    const possible = c.nodes.filter((_n, i) => verdicts[i].possible).map((n) => n.metadata.name);
    if (c.wantStatus.code === 'Success') {
      expect(possible).toEqual([c.wantNominatedNodeName]);
    } else {
      expect(possible).toEqual([]);
      expect(`preemption: ${fitErrorMessage(verdicts.map((v) => v.reason))}`).toBe(c.wantStatus.message);
    }
  });
});

interface EligibleCase {
  name: string;
  pod: Pod & { status?: { nominatedNodeName?: string } };
  expected: boolean;
  message: string;
}

describe(`TestPodEligibleToPreemptOthers (${preemptionTables.TestPodEligibleToPreemptOthers.source})`, () => {
  // A daemon pod the controller just created has no nominated node: the cases with one (and a
  // terminating pod there) do not arise.
  const cases = preemptionTables.TestPodEligibleToPreemptOthers.cases as unknown as EligibleCase[];
  const applicable = cases.filter((c) => !c.pod.status?.nominatedNodeName);
  test('has all 8 upstream cases; 2 without a nominated node', () => {
    expect(cases).toHaveLength(8);
    expect(applicable.map((c) => c.name)).toEqual(['Pod without nominated node', "Pod with 'PreemptNever' preemption policy"]);
  });
  test.each(applicable.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    let selected = false;
    const v = preemptOnNode(
      { priority: c.pod.spec.priority ?? 0, preemptionPolicy: (c.pod.spec.preemptionPolicy as string | undefined) ?? PREEMPT_LOWER_PRIORITY },
      'node1',
      status('NodeResourcesFit', FilterCode.UNSCHEDULABLE, 'Insufficient cpu'),
      () => {
        selected = true;
        return { victims: [], numViolatingVictim: 0, status: status('DefaultPreemption', FilterCode.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_NO_PREEMPTION_VICTIMS) };
      },
    );
    expect(selected).toBe(c.expected);
    if (!c.expected) expect(v.reason).toBe(c.message);
  });
  test('the message is the constant', () => expect(cases.find((c) => c.name.includes('PreemptNever'))!.message).toBe(ERR_PREEMPT_NEVER));
});

interface HelpCase {
  name: string;
  nodeNames: string[];
  nodesStatuses: Record<string, TableStatus>;
  expected: string[];
}

describe(`TestNodesWherePreemptionMightHelp (${frameworkTables.TestNodesWherePreemptionMightHelp.source})`, () => {
  const cases = frameworkTables.TestNodesWherePreemptionMightHelp.cases as unknown as HelpCase[];
  test('has all 9 upstream cases', () => expect(cases).toHaveLength(9));
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const tried: string[] = [];
    for (const name of c.nodeNames) {
      const s = c.nodesStatuses[name] ?? { code: FilterCode.UNSCHEDULABLE };
      const v = preemptOnNode({ priority: 1000, preemptionPolicy: PREEMPT_LOWER_PRIORITY }, name,
        status('table', s.code as FilterCode, ...(s.reasons ?? [])),
        () => {
          tried.push(name);
          return { victims: [], numViolatingVictim: 0, status: status('DefaultPreemption', FilterCode.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_NO_PREEMPTION_VICTIMS) };
        });
      if (!tried.includes(name)) expect(v.reason).toBe(ERR_PREEMPTION_NOT_HELPFUL);
    }
    expect(tried).toEqual([...c.expected].sort());
  });
});

describe(`TestMoreImportantPod (${utilTables.TestMoreImportantPod.source})`, () => {
  const cases = utilTables.TestMoreImportantPod.cases as unknown as Array<{ name: string; p1: Pod; p2: Pod; expected: boolean }>;
  test('has all 3 upstream cases', () => expect(cases).toHaveLength(3));
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const a = { priority: c.p1.spec.priority ?? 0, startTime: podStartTime(c.p1.status?.startTime, () => 'Pod') };
    const b = { priority: c.p2.spec.priority ?? 0, startTime: podStartTime(c.p2.status?.startTime, () => 'Pod') };
    expect(moreImportantPod(a, b)).toBe(c.expected);
  });
  test('a pod without a start time started "now": after every recorded start', () => {
    expect(moreImportantPod({ priority: 5, startTime: 0 }, { priority: 5, startTime: undefined })).toBe(true);
    expect(moreImportantPod({ priority: 5, startTime: undefined }, { priority: 5, startTime: 0 })).toBe(false);
    expect(moreImportantPod({ priority: 6, startTime: undefined }, { priority: 5, startTime: 0 })).toBe(true);
  });
});
