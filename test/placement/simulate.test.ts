import { podNodeUsage } from '../../src/placement/node-info';
import { podContribution } from '../../src/placement/resources';
import { buildClusterState, PlacementInputError, simulateDaemonSet } from '../../src/placement/simulate';
import { DaemonSet, Node, Pod } from '../../src/placement/types';

/** A node; `allocatable: null` leaves `status` to `extra.status`. */
const node = (name: string, allocatable: Record<string, string> | null = { cpu: '2', memory: '4Gi', pods: '110' }, extra: any = {}): Node => ({
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(extra.labels ?? {}) } },
  spec: extra.spec,
  status: allocatable === null ? extra.status : { allocatable, ...(extra.status ?? {}) },
});

const pod = (name: string, nodeName: string | undefined, spec: any = {}, meta: any = {}, status?: any): Pod => ({
  metadata: { name, ...meta },
  spec: { containers: [{ name: 'c', ...(spec.container ?? {}) }], ...(nodeName ? { nodeName } : {}), ...(spec.pod ?? {}) },
  ...(status ? { status } : {}),
});

function daemonSet(spec: any = {}, meta: any = {}, dsSpec: any = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', ...meta },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', ...(spec.container ?? {}) }], ...(spec.pod ?? {}) } },
      ...dsSpec,
    },
  };
}

const verdict = (r: ReturnType<typeof simulateDaemonSet>, n: string) => r.nodes.find((v) => v.node === n)!;

describe('simulateDaemonSet', () => {
  test('lists every node in input order, defaults the namespace and counts desiredNumberScheduled', () => {
    const state = buildClusterState([node('b'), node('a', undefined, { spec: { taints: [{ key: 'x', effect: 'NoSchedule' }] } }), node('c')], []);
    const r = simulateDaemonSet(daemonSet(), state);
    expect(r.namespace).toBe('default');
    expect(r.name).toBe('agent');
    expect(r.nodes.map((n) => n.node)).toEqual(['b', 'a', 'c']);
    expect(r.desiredNumberScheduled).toBe(2);
    expect(r.rollout).toEqual({ strategy: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 });
  });

  test('a node the controller skips still gets the reasons that explain why, in filter order', () => {
    const n = node('n1', { cpu: '100m', memory: '1Gi', pods: '110' }, { labels: { zone: 'b' }, spec: { unschedulable: true, taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] } });
    const ds = daemonSet({ container: { resources: { requests: { cpu: '500m' } } }, pod: { nodeSelector: { zone: 'a' } } });
    const v = verdict(simulateDaemonSet(ds, buildClusterState([n], [])), 'n1');
    expect(v).toEqual({
      node: 'n1',
      shouldRun: false,
      shouldContinueRunning: false,
      schedulable: false,
      reasons: ['node(s) had untolerated taint {gpu: true}', "node(s) didn't match Pod's node affinity/selector", 'Insufficient cpu'],
      failedFilters: ['TaintToleration', 'NodeAffinity', 'NodeResourcesFit'],
    });
  });

  test('a cordoned node passes (injected unschedulable toleration); shouldRun without schedulable on resources', () => {
    const state = buildClusterState([node('n1', { cpu: '1', memory: '1Gi', pods: '110' }, { spec: { unschedulable: true } })], [
      pod('big', 'n1', { container: { resources: { requests: { cpu: '900m' } } } }),
    ]);
    const v = verdict(simulateDaemonSet(daemonSet({ container: { resources: { limits: { cpu: '200m' } } } }), state), 'n1');
    expect(v).toMatchObject({ shouldRun: true, shouldContinueRunning: true, schedulable: false, reasons: ['Insufficient cpu'], failedFilters: ['NodeResourcesFit'] });
  });

  test('the DaemonSet\'s own pods are not counted (owner reference or namespace + selector); others are', () => {
    const n = node('n1', { cpu: '1', memory: '1Gi', pods: '3' });
    const own = pod('own', 'n1', { container: { resources: { requests: { cpu: '800m' } }, ports: [{ containerPort: 9100, hostPort: 9100 }] } }, {
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'u1', controller: true }],
    });
    const bySelector = pod('sel', 'n1', {}, { labels: { app: 'agent' } });
    const otherNamespace = pod('other-ns', 'n1', {}, { namespace: 'kube-system', labels: { app: 'agent' } });
    const ds = daemonSet({ container: { resources: { requests: { cpu: '800m' } }, ports: [{ containerPort: 9100, hostPort: 9100 }] } });
    const state = buildClusterState([n], [own, bySelector, otherNamespace]);
    expect(verdict(simulateDaemonSet(ds, state), 'n1')).toMatchObject({ schedulable: true, reasons: [] });
    // The same pods seen by another DaemonSet: 3 pods on a 3-pod node, cpu and port taken.
    const other = daemonSet({ container: { resources: { requests: { cpu: '800m' } }, ports: [{ containerPort: 9100, hostPort: 9100 }] } }, { name: 'other' }, { selector: { matchLabels: { app: 'other' } } });
    expect(verdict(simulateDaemonSet(other, state), 'n1').reasons).toEqual([
      "node(s) didn't have free ports for the requested pod ports", 'Too many pods', 'Insufficient cpu',
    ]);
  });

  test('an owner reference with the DaemonSet\'s uid counts as its own even under another name', () => {
    const p = pod('p', 'n1', { container: { resources: { requests: { cpu: '1' } } } }, { ownerReferences: [{ kind: 'DaemonSet', name: 'renamed', uid: 'uid-1' }] });
    const state = buildClusterState([node('n1', { cpu: '1', memory: '1Gi', pods: '10' })], [p]);
    const ds = daemonSet({ container: { resources: { requests: { cpu: '1' } } } }, { uid: 'uid-1' });
    expect(verdict(simulateDaemonSet(ds, state), 'n1').schedulable).toBe(true);
    expect(verdict(simulateDaemonSet(daemonSet({ container: { resources: { requests: { cpu: '1' } } } }), state), 'n1').reasons).toEqual(['Insufficient cpu']);
  });

  test('finished pods, pods without a node and pods on unknown nodes are not counted', () => {
    const state = buildClusterState([node('n1', { cpu: '1', memory: '1Gi', pods: '1' })], [
      pod('done', 'n1', {}, {}, { phase: 'Succeeded' }),
      pod('failed', 'n1', {}, {}, { phase: 'Failed' }),
      pod('pending', undefined),
      pod('ghost', 'nowhere'),
    ]);
    expect(verdict(simulateDaemonSet(daemonSet(), state), 'n1').schedulable).toBe(true);
    const withRunning = buildClusterState([node('n1', { cpu: '1', memory: '1Gi', pods: '1' })], [pod('running', 'n1', {}, {}, { phase: 'Running' })]);
    expect(verdict(simulateDaemonSet(daemonSet(), withRunning), 'n1').reasons).toEqual(['Too many pods']);
  });

  test('a node without allocatable uses its capacity; one with neither fits no pod', () => {
    const state = buildClusterState([
      node('cap', null, { status: { capacity: { cpu: '1', memory: '1Gi', pods: '10' } } }),
      node('none', null, { status: {} }),
    ], []);
    const r = simulateDaemonSet(daemonSet({ container: { resources: { requests: { cpu: '500m' } } } }), state);
    expect(verdict(r, 'cap').schedulable).toBe(true);
    expect(verdict(r, 'none').reasons).toEqual(['Too many pods', 'Insufficient cpu']);
  });

  test('the evaluated pod is defaulted: requests from limits, hostNetwork hostPort, init restartPolicy dropped', () => {
    const n = node('n1', { cpu: '1', memory: '1Gi', pods: '10' });
    const hostNetPod = pod('node-exporter', 'n1', { container: { ports: [{ containerPort: 9100 }] }, pod: { hostNetwork: true } });
    const ds = daemonSet({
      container: { ports: [{ containerPort: 9100 }], resources: { limits: { memory: '2Gi' } } },
      pod: { hostNetwork: true, initContainers: [{ name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '100m' } } }] },
    });
    expect(verdict(simulateDaemonSet(ds, buildClusterState([n], [hostNetPod])), 'n1')).toMatchObject({
      shouldRun: true,
      reasons: ["node(s) didn't have free ports for the requested pod ports", 'Insufficient memory'],
      failedFilters: ['NodePorts', 'NodeResourcesFit'],
    });
  });

  test('a template nodeName pins the DaemonSet to one node', () => {
    const r = simulateDaemonSet(daemonSet({ pod: { nodeName: 'n2' } }), buildClusterState([node('n1'), node('n2')], []));
    expect(verdict(r, 'n1')).toMatchObject({ shouldRun: false, shouldContinueRunning: false, reasons: ["node(s) didn't match the requested node name"] });
    expect(verdict(r, 'n2')).toMatchObject({ shouldRun: true, schedulable: true });
    expect(r.desiredNumberScheduled).toBe(1);
  });

  test('required terms that all pin disjoint node names report the PreFilter conflict', () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{
            matchFields: [
              { key: 'metadata.name', operator: 'In', values: ['n1'] }, { key: 'metadata.name', operator: 'In', values: ['n2'] },
            ],
          }],
        },
      },
    };
    const v = verdict(simulateDaemonSet(daemonSet({ pod: { affinity } }), buildClusterState([node('n1')], [])), 'n1');
    expect(v).toMatchObject({ shouldRun: false, reasons: ['pod affinity terms conflict'], failedFilters: ['NodeAffinity'] });
  });

  test('NotReady with both taints: no new pod, existing pods kept', () => {
    const n = node('n1', undefined, { spec: { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] } });
    expect(verdict(simulateDaemonSet(daemonSet(), buildClusterState([n], [])), 'n1')).toMatchObject({
      shouldRun: false, shouldContinueRunning: true, reasons: ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'],
    });
    const tolerant = daemonSet({ pod: { tolerations: [{ operator: 'Exists' }] } });
    expect(verdict(simulateDaemonSet(tolerant, buildClusterState([n], [])), 'n1')).toMatchObject({ shouldRun: true, schedulable: true });
  });

  test('rollout: percentages of desiredNumberScheduled rounded up; OnDelete scales to 0/0, then the both-zero fallback', () => {
    const nodes = [node('a'), node('b'), node('c')];
    const state = buildClusterState(nodes, []);
    expect(simulateDaemonSet(daemonSet({}, {}, { updateStrategy: { rollingUpdate: { maxUnavailable: '50%' } } }), state).rollout)
      .toEqual({ strategy: 'RollingUpdate', maxSurge: 0, maxUnavailable: 2 });
    expect(simulateDaemonSet(daemonSet({}, {}, { updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: '10%' } } }), state).rollout)
      .toEqual({ strategy: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 });
    // SurgeCount and UnavailableCount give 0 for OnDelete; updatedDesiredNodeCounts' fallback
    // (desired > 0, both 0) then sets maxUnavailable to 1, as Kubernetes 1.28 computes it.
    expect(simulateDaemonSet(daemonSet({}, {}, { updateStrategy: { type: 'OnDelete' } }), state).rollout)
      .toEqual({ strategy: 'OnDelete', maxSurge: 0, maxUnavailable: 1 });
    expect(simulateDaemonSet(daemonSet({ pod: { nodeSelector: { none: 'x' } } }, {}, { updateStrategy: { type: 'OnDelete' } }), state).rollout)
      .toEqual({ strategy: 'OnDelete', maxSurge: 0, maxUnavailable: 0 });
  });

  test('a cluster state is reusable and not changed by simulations', () => {
    const own = pod('own', 'n1', { container: { resources: { requests: { cpu: '1' } } } }, { labels: { app: 'agent' } });
    const state = buildClusterState([node('n1', { cpu: '1', memory: '1Gi', pods: '10' })], [own]);
    const ds = daemonSet({ container: { resources: { requests: { cpu: '1' } } } });
    const other = daemonSet({ container: { resources: { requests: { cpu: '1' } } } }, { name: 'x' }, { selector: { matchLabels: { app: 'x' } } });
    for (let i = 0; i < 3; i++) {
      expect(verdict(simulateDaemonSet(ds, state), 'n1').schedulable).toBe(true);
      expect(verdict(simulateDaemonSet(other, state), 'n1').reasons).toEqual(['Insufficient cpu']);
    }
  });
});

describe('PlacementInputError', () => {
  test('a bad quantity in a node\'s allocatable names the node and field', () => {
    let err: unknown;
    try {
      buildClusterState([node('n1', { cpu: '1 core', memory: '1Gi', pods: '10' })], []);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PlacementInputError);
    expect(err).toMatchObject({ object: 'Node/n1', field: 'status.allocatable.cpu' });
    expect((err as Error).message).toMatch(/^Node\/n1: status\.allocatable\.cpu: invalid quantity "1 core"/);
  });
  test('a bad quantity in any pod\'s resources names the pod and field, even for a pod that is not counted', () => {
    const p = pod('p', undefined, { container: { resources: { limits: { memory: '1gb' } } } }, { namespace: 'ns' });
    expect(() => buildClusterState([node('n1')], [p])).toThrow(expect.objectContaining({
      object: 'Pod/ns/p', field: 'spec.containers[0].resources.limits.memory',
    }));
  });
  test('a bad quantity in the template and a bad selector name the DaemonSet', () => {
    const state = buildClusterState([node('n1')], []);
    expect(() => simulateDaemonSet(daemonSet({ container: { resources: { requests: { cpu: 'lots' } } } }), state)).toThrow(expect.objectContaining({
      object: 'DaemonSet/default/agent', field: 'spec.template.spec.containers[0].resources.requests.cpu',
    }));
    expect(() => simulateDaemonSet(daemonSet({}, {}, { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] } }), state))
      .toThrow(expect.objectContaining({ object: 'DaemonSet/default/agent', field: 'spec.selector' }));
    expect(() => simulateDaemonSet(daemonSet({}, {}, { updateStrategy: { rollingUpdate: { maxSurge: 1.5 } } }), state))
      .toThrow(expect.objectContaining({ field: 'spec.updateStrategy.rollingUpdate.maxSurge' }));
  });
});

describe('scale', () => {
  test('5,000 nodes x 150,000 pods x 40 DaemonSets', () => {
    const nodes: Node[] = [];
    for (let i = 0; i < 5000; i++) {
      nodes.push(node(`n${i}`, { cpu: '16', memory: '64Gi', pods: '110' }, {
        labels: { zone: `z${i % 3}`, pool: i % 10 === 0 ? 'gpu' : 'general' },
        spec: i % 10 === 0 ? { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] } : undefined,
      }));
    }
    const pods: Pod[] = [];
    for (let i = 0; i < 150000; i++) {
      const owner = i % 30 < 2 ? `ds${i % 40}` : undefined;
      pods.push(pod(`p${i}`, `n${i % 5000}`, {
        container: { resources: { requests: { cpu: `${(i % 7) * 50 + 50}m`, memory: `${(i % 5) * 64 + 64}Mi` } }, ...(i % 50 === 0 ? { ports: [{ containerPort: 8080, hostPort: 8080 }] } : {}) },
      }, { namespace: `ns${i % 4}`, labels: { app: `app${i % 40}` }, ...(owner ? { ownerReferences: [{ kind: 'DaemonSet', name: owner }] } : {}) }));
    }
    const dss: DaemonSet[] = [];
    for (let d = 0; d < 40; d++) {
      dss.push(daemonSet({
        container: { resources: { requests: { cpu: '100m', memory: '128Mi' } }, ...(d % 4 === 0 ? { ports: [{ containerPort: 8080, hostPort: 8080 }] } : {}) },
        pod: d % 3 === 0 ? { nodeSelector: { zone: 'z1' } } : { tolerations: [{ operator: 'Exists' }] },
      }, { name: `ds${d}`, namespace: `ns${d % 4}` }, { selector: { matchLabels: { app: `app${d}` } } }));
    }
    const start = Date.now();
    const state = buildClusterState(nodes, pods);
    let desired = 0;
    for (const ds of dss) desired += simulateDaemonSet(ds, state).desiredNumberScheduled;
    const elapsed = Date.now() - start;
    // 14 DaemonSets select zone z1 (1667 nodes) minus its 167 tainted GPU nodes; 26 tolerate everything.
    expect(desired).toBe(14 * 1500 + 26 * 5000);
    // Generous bound for a loaded CI machine; typically a few seconds.
    expect(elapsed).toBeLessThan(60000);
  }, 120000);
});

describe('memory per counted pod', () => {
  test('pods without scalar resources share one empty, read-only map', () => {
    const a = podContribution(new Map());
    const b = podContribution(new Map());
    expect(a.scalarResources).toBe(b.scalarResources);
    expect(a.scalarResources.size).toBe(0);
    expect(() => a.scalarResources.set('nvidia.com/gpu', 1n)).toThrow(/read-only/);
  });

  test('only host ports above 0 are kept (HostPortInfo.Add ignores the rest); pods with none share one empty list', () => {
    const metrics = { hostIP: '', protocol: 'TCP', hostPort: 9100 };
    const plain = { hostIP: '', protocol: 'TCP', hostPort: 0 };
    expect(podNodeUsage(new Map(), [plain, metrics]).ports).toEqual([metrics]);
    const a = podNodeUsage(new Map(), [plain]);
    const b = podNodeUsage(new Map(), []);
    expect(a.ports).toEqual([]);
    expect(a.ports).toBe(b.ports);
  });
});
