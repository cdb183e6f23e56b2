import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { InputError } from '../../src/input/load';
import { Placement } from '../../src/placement/placement';
import * as simulate from '../../src/placement/simulate';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const NODES = path.join(FIXTURES, 'nodes', 'kubectl-nodes.json');
const PODS = path.join(FIXTURES, 'pods', 'kubectl-pods.json');

const node = (name: string, labels: Record<string, string> = {}, extra: any = {}) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/os': 'linux', ...labels } },
  status: { allocatable: { cpu: '4', memory: '16Gi', pods: '110' } },
  ...extra,
});

const daemonSet = (name: string, podSpec: any = {}, namespace?: string) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: namespace ? { name, namespace } : { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name, image: `example.com/${name}:1.0` }], ...podSpec },
    },
  },
});

function errorMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('Placement.fromFiles', () => {
  test('reads kubectl output and simulates the DaemonSets of a manifest list', () => {
    const placement = Placement.fromFiles(NODES, PODS);
    expect(placement.nodeNames).toEqual(['cp-1', 'worker-a-1', 'worker-b-1', 'worker-c-1', 'gpu-a-1', 'small-a-1']);
    const report = placement.simulate([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
      daemonSet('zeta', { tolerations: [{ operator: 'Exists' }] }, 'ops'),
      daemonSet('alpha', { nodeSelector: { 'node.kubernetes.io/pool': 'gpu' } }, 'ops'),
    ]);
    expect(report.daemonSets.map((d) => `${d.namespace}/${d.name}:${d.desiredNumberScheduled}`)).toEqual(['ops/alpha:0', 'ops/zeta:6']);
    const alphaGpu = report.daemonSets[0].nodes.find((n) => n.node === 'gpu-a-1');
    expect(alphaGpu).toEqual({
      node: 'gpu-a-1',
      shouldRun: false,
      shouldContinueRunning: true,
      schedulable: false,
      reasons: ['node(s) had untolerated taint {nvidia.com/gpu: present}'],
      failedFilters: ['TaintToleration'],
    });
  });

  test('a bad file is an InputError naming it', () => {
    expect(errorMessage(() => Placement.fromFiles(path.join(FIXTURES, 'inputs', 'missing-name-nodes.yaml'))))
      .toMatch(/missing-name-nodes\.yaml: items\[1\]\.metadata\.name: required field is missing \(every Node needs a name\)$/);
  });
});

describe('Placement.fromObjects', () => {
  test('simulateDaemonSet: one result, default namespace, every node listed in order', () => {
    const placement = Placement.fromObjects([
      node('n1'),
      node('n2', {}, { spec: { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoExecute' }] } }),
      node('win-1', { 'kubernetes.io/os': 'windows' }),
    ]);
    const result = placement.simulateDaemonSet(daemonSet('agent', { nodeSelector: { 'kubernetes.io/os': 'linux' } }));
    expect(result).toEqual({
      namespace: 'default',
      name: 'agent',
      desiredNumberScheduled: 1,
      rollout: { strategy: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 },
      nodes: [
        { node: 'n1', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [], failedFilters: [] },
        {
          node: 'n2',
          shouldRun: false,
          shouldContinueRunning: false,
          schedulable: false,
          reasons: ['node(s) had untolerated taint {dedicated: infra}'],
          failedFilters: ['TaintToleration'],
        },
        {
          node: 'win-1',
          shouldRun: false,
          shouldContinueRunning: false,
          schedulable: false,
          reasons: ["node(s) didn't match Pod's node affinity/selector"],
          failedFilters: ['NodeAffinity'],
        },
      ],
    });
  });

  test('pods count against their node', () => {
    const busy = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'big', namespace: 'apps' },
      spec: { nodeName: 'n1', containers: [{ name: 'big', resources: { requests: { cpu: '3900m' } } }] },
      status: { phase: 'Running' },
    };
    const placement = Placement.fromObjects([node('n1'), node('n2')], [busy]);
    const result = placement.simulateDaemonSet(daemonSet('agent', { containers: [{ name: 'agent', resources: { requests: { cpu: '200m' } } }] }));
    expect(result.nodes.map((n) => [n.node, n.schedulable, n.reasons])).toEqual([
      ['n1', false, ['Insufficient cpu']],
      ['n2', true, []],
    ]);
  });

  test('the cluster state is built once and reused by every simulation', () => {
    const spy = jest.spyOn(simulate.ClusterStateBuilder.prototype, 'build');
    try {
      const placement = Placement.fromObjects([node('n1'), node('n2')]);
      const first = placement.simulate([daemonSet('a'), daemonSet('b')]);
      const second = placement.simulate([daemonSet('b'), daemonSet('a')]);
      placement.simulateDaemonSet(daemonSet('c'));
      expect(spy).toHaveBeenCalledTimes(1);
      expect(second).toEqual(first);
    } finally {
      spy.mockRestore();
    }
  });

  test('nodeNames is a copy', () => {
    const placement = Placement.fromObjects([node('n1')]);
    placement.nodeNames.push('x');
    expect(placement.nodeNames).toEqual(['n1']);
  });

  const errors: Array<{ name: string; fn: () => unknown; message: string }> = [
    {
      name: 'duplicate node names',
      fn: () => Placement.fromObjects([node('n1'), node('n1')]),
      message: 'Placement.fromObjects(): nodes[1].metadata.name: duplicate Node "n1"',
    },
    {
      name: 'a node that is not an object',
      fn: () => Placement.fromObjects(['n1']),
      message: 'Placement.fromObjects(): nodes[0]: expected a Node object, got "n1"',
    },
    {
      name: 'a pod where a node belongs',
      fn: () => Placement.fromObjects([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }]),
      message: 'Placement.fromObjects(): nodes[0].kind: expected a Node, got "Pod"',
    },
    {
      name: 'nodes not a list',
      fn: () => Placement.fromObjects({ items: [] } as any),
      message: 'Placement.fromObjects(): nodes: must be a list of Node objects',
    },
    {
      name: 'pods not a list',
      fn: () => Placement.fromObjects([node('n1')], 'pods.json' as any),
      message: 'Placement.fromObjects(): pods: must be a list of Pod objects',
    },
    {
      name: 'manifests not a list',
      fn: () => Placement.fromObjects([node('n1')]).simulate(daemonSet('a') as any),
      message: 'Placement.simulate(): manifests: must be a list of Kubernetes objects',
    },
    {
      name: 'a malformed taint',
      fn: () => Placement.fromObjects([node('n1', {}, { spec: { taints: [{ key: 'a' }] } })]),
      message: 'Placement.fromObjects(): nodes[0].spec.taints[0].effect: required field is missing',
    },
    {
      name: 'a DaemonSet without containers',
      fn: () => Placement.fromObjects([node('n1')]).simulateDaemonSet({ ...daemonSet('a'), spec: { template: { spec: {} } } }),
      message: 'Placement.simulateDaemonSet(): daemonSet.spec.template.spec.containers: required field is missing',
    },
    {
      name: 'something that is not a DaemonSet',
      fn: () => Placement.fromObjects([node('n1')]).simulateDaemonSet({ apiVersion: 'apps/v1', kind: 'Deployment' }),
      message: 'Placement.simulateDaemonSet(): daemonSet.kind: expected a DaemonSet, got "Deployment"',
    },
    {
      name: 'a malformed DaemonSet among manifests',
      fn: () => Placement.fromObjects([node('n1')]).simulate([daemonSet('a'), { ...daemonSet('b'), spec: {} }]),
      message: 'Placement.simulate(): manifests[1].spec.template: required field is missing',
    },
    {
      name: 'the same DaemonSet twice',
      fn: () => Placement.fromObjects([node('n1')]).simulate([daemonSet('a'), daemonSet('a', {}, 'default')]),
      message: 'Placement.simulate(): manifests[1].metadata.name: duplicate DaemonSet "default/a" (also defined in Placement.simulate() at manifests[0])',
    },
  ];
  test.each(errors)('throws for $name', ({ fn, message }) => {
    expect(errorMessage(fn)).toBe(message);
  });

  test('a bad quantity in a node is reported with the node and field', () => {
    const message = errorMessage(() => Placement.fromObjects([node('n1'), { ...node('n2'), status: { allocatable: { memory: '16 GB' } } }]));
    expect(message.startsWith('Placement.fromObjects(): Node/n2: nodes[1].status.allocatable.memory: invalid quantity "16 GB": ')).toBe(true);
    expect(message).toContain('"16 GB"');
  });
});

describe('Placement.simulateChart', () => {
  test('simulates the DaemonSets a cdk8s chart synthesizes', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'agents', { namespace: 'observability' });
    new kplus.ConfigMap(chart, 'config', { data: { level: 'info' } });
    new kplus.DaemonSet(chart, 'collector', {
      containers: [{ image: 'example.com/collector:1.0', resources: { cpu: { request: kplus.Cpu.millis(250) } } }],
    });
    const placement = Placement.fromObjects([
      node('n1'),
      node('n2', {}, { status: { allocatable: { cpu: '100m', memory: '16Gi', pods: '110' } } }),
    ]);
    const report = placement.simulateChart(chart);
    expect(report.daemonSets).toHaveLength(1);
    const [ds] = report.daemonSets;
    expect(ds.namespace).toBe('observability');
    expect(ds.name).toBe(chart.toJson().find((o: any) => o.kind === 'DaemonSet').metadata.name);
    expect(ds.nodes.map((n) => [n.node, n.shouldRun, n.schedulable, n.reasons])).toEqual([
      ['n1', true, true, []],
      ['n2', true, false, ['Insufficient cpu']],
    ]);
  });
});
