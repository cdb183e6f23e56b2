import controllerTables from './k8s-tables/daemon_controller_test.json';
import scenarioTables from './k8s-tables/daemon_scenarios.json';
import utilTables from './k8s-tables/daemonset_util_test.json';
import {
  DaemonSetPredicates, getTargetNodeName, newPod, nodeShouldRunDaemonPod, replaceDaemonSetPodNodeNameNodeAffinity,
} from '../../src/placement/daemon-controller';
import { buildClusterState, simulateDaemonSet } from '../../src/placement/simulate';
import { Affinity, DaemonSet, Node, Pod } from '../../src/placement/types';

interface ShouldRunCase {
  name: string;
  index: number;
  node: Node;
  pods: Pod[];
  ds: DaemonSet;
  shouldRun?: boolean;
  shouldContinueRunning?: boolean;
}

describe(`TestNodeShouldRunDaemonPod (${controllerTables.TestNodeShouldRunDaemonPod.source})`, () => {
  const cases = controllerTables.TestNodeShouldRunDaemonPod.cases as unknown as ShouldRunCase[];
  test('has all 11 upstream cases, each for both update strategies', () => {
    expect(cases).toHaveLength(22);
    expect(new Set(cases.map((c) => c.index)).size).toBe(11);
  });
  test.each(cases.map((c) => [`[${c.index}] ${c.name} (${c.ds.spec.updateStrategy?.type})`, c] as const))('%s', (_name, c) => {
    // The pods on the node (ports, resources) must not matter to the controller.
    expect(nodeShouldRunDaemonPod(c.node, c.ds)).toEqual({
      shouldRun: c.shouldRun ?? false,
      shouldContinueRunning: c.shouldContinueRunning ?? false,
    });
  });
});

interface ReplaceCase { index: number; affinity?: Affinity; hostname: string; expected: Affinity }

describe(`TestReplaceDaemonSetPodNodeNameNodeAffinity (${utilTables.TestReplaceDaemonSetPodNodeNameNodeAffinity.source})`, () => {
  const cases = utilTables.TestReplaceDaemonSetPodNodeNameNodeAffinity.cases as unknown as ReplaceCase[];
  test('has all 8 upstream cases', () => expect(cases).toHaveLength(8));
  test.each(cases.map((c) => [c.index, c] as const))('case %d', (_i, c) => {
    const before = JSON.stringify(c.affinity);
    expect(replaceDaemonSetPodNodeNameNodeAffinity(c.affinity, c.hostname)).toEqual(c.expected);
    expect(JSON.stringify(c.affinity)).toBe(before);
  });
});

interface Scenario {
  name: string;
  strategy: string;
  nodes: Node[];
  pods: Pod[];
  daemonSet: DaemonSet;
  creates: number;
  deletes: number;
  oracle: {
    desiredNumberScheduled: number;
    maxSurge: number;
    maxUnavailable: number;
    nodes: Array<{ node: string; shouldRun: boolean; shouldContinueRunning: boolean; schedulable: boolean; reasons: string[]; firstFailingFilter?: string }>;
  };
}

describe(`placement scenario tests (${scenarioTables.source})`, () => {
  const cases = scenarioTables.cases as unknown as Scenario[];
  test('has 17 scenarios, each for both update strategies', () => expect(cases).toHaveLength(34));
  test.each(cases.map((c) => [`${c.name} (${c.strategy})`, c] as const))('%s', (_name, c) => {
    const result = simulateDaemonSet(c.daemonSet, buildClusterState(c.nodes, c.pods));
    // The upstream expectation: pods created on nodes that should run one and have none;
    // pods deleted where an existing one may not continue running.
    const withOwnPod = new Set(c.pods.filter((p) => p.metadata.ownerReferences?.some((r) => r.name === c.daemonSet.metadata.name)).map((p) => p.spec.nodeName));
    expect(result.nodes.filter((n) => n.shouldRun && !withOwnPod.has(n.node)).length).toBe(c.creates);
    expect(result.nodes.filter((n) => !n.shouldContinueRunning && withOwnPod.has(n.node)).length).toBe(c.deletes);
    // What Kubernetes 1.28.7 decides node by node.
    expect(result.desiredNumberScheduled).toBe(c.oracle.desiredNumberScheduled);
    expect([result.rollout.maxSurge, result.rollout.maxUnavailable]).toEqual([c.oracle.maxSurge, c.oracle.maxUnavailable]);
    expect(result.nodes.map((n) => ({ node: n.node, shouldRun: n.shouldRun, shouldContinueRunning: n.shouldContinueRunning, schedulable: n.schedulable, reasons: n.reasons, first: n.failedFilters[0] })))
      .toEqual(c.oracle.nodes.map((n) => ({ node: n.node, shouldRun: n.shouldRun, shouldContinueRunning: n.shouldContinueRunning, schedulable: n.schedulable, reasons: n.reasons, first: n.firstFailingFilter })));
  });
});

describe('NewPod and NodeShouldRunDaemonPod details (pkg/controller/daemon/daemon_controller.go)', () => {
  const ds: DaemonSet = {
    metadata: { name: 'agent', namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c' }], tolerations: [{ key: 'x', operator: 'Exists' }] } },
    },
  };
  test('NewPod: template spec and labels, DaemonSet namespace, nodeName, injected tolerations; the DaemonSet is unchanged', () => {
    const before = JSON.stringify(ds);
    const pod = newPod(ds, 'n1');
    expect(pod.metadata).toEqual({ labels: { app: 'agent' }, namespace: 'kube-system' });
    expect(pod.spec.nodeName).toBe('n1');
    expect(pod.spec.tolerations?.[0]).toEqual({ key: 'x', operator: 'Exists' });
    expect(pod.spec.tolerations).toHaveLength(7);
    expect(JSON.stringify(ds)).toBe(before);
  });
  const node = (taints: any[], extra: any = {}): Node => ({ metadata: { name: 'n1' }, spec: { taints, ...extra } });
  test.each([
    ['no taints', [], true, true],
    ['untolerated NoSchedule keeps existing pods', [{ key: 'a', effect: 'NoSchedule' }], false, true],
    ['untolerated NoExecute evicts', [{ key: 'a', effect: 'NoExecute' }], false, false],
    ['PreferNoSchedule is ignored', [{ key: 'a', effect: 'PreferNoSchedule' }], true, true],
    ['not-ready NoExecute is tolerated by the injected toleration', [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }], true, true],
    ['not-ready NoSchedule is not', [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }], false, true],
    ['network-unavailable NoSchedule blocks a pod without hostNetwork', [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }], false, true],
    ['unschedulable NoSchedule (cordon) is tolerated', [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }], true, true],
  ])('%s', (_name, taints, shouldRun, shouldContinueRunning) => {
    const noTolerations: DaemonSet = { ...ds, spec: { ...ds.spec, template: { ...ds.spec.template, spec: { containers: [{ name: 'c' }] } } } };
    expect(nodeShouldRunDaemonPod(node(taints, { unschedulable: true }), noTolerations)).toEqual({ shouldRun, shouldContinueRunning });
  });
  test('network-unavailable is tolerated with hostNetwork', () => {
    const hostNet: DaemonSet = { ...ds, spec: { ...ds.spec, template: { spec: { containers: [{ name: 'c' }], hostNetwork: true } } } };
    expect(DaemonSetPredicates.compile(hostNet).evaluate(node([{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }])))
      .toEqual({ shouldRun: true, shouldContinueRunning: true });
  });
});

describe('GetTargetNodeName (pkg/controller/daemon/util/daemonset_util.go)', () => {
  const withAffinity = (values: string[]): Pod => ({
    metadata: {},
    spec: { containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values }] }] } } } },
  });
  test.each([
    ['spec.nodeName wins', { metadata: {}, spec: { containers: [], nodeName: 'a' } } as Pod, 'a'],
    ['the pinned node of a pending daemon pod', withAffinity(['b']), 'b'],
    ['several values are an error', withAffinity(['b', 'c']), undefined],
    ['no affinity is an error', { metadata: {}, spec: { containers: [] } } as Pod, undefined],
  ])('%s', (_name, pod, want) => expect(getTargetNodeName(pod)).toBe(want));
});
