import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Fleet } from '../../src/pools/fleet';
import { FleetCheck } from '../../src/pools/fleet-check';
import { NodePool } from '../../src/pools/node-pool';

const ALLOC = { cpu: '4', memory: '16Gi' };
const EXAMPLE_INVENTORY = path.join(__dirname, '..', '..', 'examples', 'nodes.json');

function node(name: string, labels: Record<string, string>, extra: { taints?: any[]; allocatable?: Record<string, string> } = {}): any {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', ...labels } },
    spec: extra.taints ? { taints: extra.taints } : {},
    status: { allocatable: extra.allocatable ?? { cpu: '4', memory: '16Gi', pods: '110' } },
  };
}

describe('Fleet declared in code', () => {
  test('pools, nodes and node count', () => {
    const fleet = new Fleet({
      clusterName: 'prod',
      pools: [new NodePool({ name: 'a', count: 2, allocatable: ALLOC }), new NodePool({ name: 'b', count: 3, allocatable: ALLOC })],
    });
    expect(fleet.clusterName).toBe('prod');
    expect(fleet.nodeCount).toBe(5);
    expect(fleet.nodes.map((n) => n.metadata.name)).toEqual(['a-0', 'a-1', 'b-0', 'b-1', 'b-2']);
    expect(fleet.pool('b').count).toBe(3);
    expect(fleet.poolLabel).toBe('cdk8s-node-agents.io/pool');
  });

  test('defaults the cluster name', () => {
    expect(new Fleet({ pools: [new NodePool({ name: 'a', count: 1, allocatable: ALLOC })] }).clusterName).toBe('cluster');
  });

  test.each<[string, () => Fleet, string]>([
    ['no pools', () => new Fleet({ pools: [] }), 'Fleet: pools: Required value: a fleet needs at least one NodePool'],
    ['duplicate pool names', () => new Fleet({ pools: [new NodePool({ name: 'a', count: 1, allocatable: ALLOC }), new NodePool({ name: 'a', count: 1, allocatable: ALLOC })] }),
      'Fleet: pools: Duplicate value: pool name "a" is used twice'],
    ['clashing node names', () => new Fleet({
      pools: [
        new NodePool({ name: 'a', count: 2, allocatable: ALLOC }),
        Fleet.fromNodes([node('a-1', { 'cdk8s-node-agents.io/pool': 'b' })], { groupBy: 'cdk8s-node-agents.io/pool' }).pool('b'),
      ],
    }), 'Fleet: pools: Duplicate value: node "a-1" is in pool "a" and pool "b"; rename one of the pools'],
    ['different pool labels', () => new Fleet({
      pools: [
        new NodePool({ name: 'a', count: 1, allocatable: ALLOC }),
        new NodePool({ name: 'b', count: 1, allocatable: ALLOC, poolLabel: 'eks.amazonaws.com/nodegroup' }),
      ],
    }), 'Fleet: pools: all pools must be identified by the same node label (poolLabel), got "cdk8s-node-agents.io/pool" and "eks.amazonaws.com/nodegroup"'],
    ['pools with the same label value', () => new Fleet({
      pools: [
        new NodePool({ name: 'a', count: 1, allocatable: ALLOC, labels: { 'cdk8s-node-agents.io/pool': 'x' } }),
        new NodePool({ name: 'b', count: 1, allocatable: ALLOC, labels: { 'cdk8s-node-agents.io/pool': 'x' } }),
      ],
    }), 'Fleet: pools: pools "a" and "b" both carry cdk8s-node-agents.io/pool=x; agent variants could not tell them apart'],
  ])('rejects %s', (_, build, message) => {
    expect(build).toThrow(message);
  });

  test('pool() names the pools when the name is unknown', () => {
    const fleet = new Fleet({ pools: [new NodePool({ name: 'a', count: 1, allocatable: ALLOC })] });
    expect(() => fleet.pool('gpu')).toThrow('Fleet: no pool "gpu"; the pools are "a"');
  });

  test('attach() adds a FleetCheck to the scope', () => {
    const app = new App();
    const fleet = new Fleet({ pools: [new NodePool({ name: 'a', count: 1, allocatable: ALLOC })] });
    const check = fleet.attach(app);
    expect(check).toBeInstanceOf(FleetCheck);
    expect(check.node.scope).toBe(app);
    expect(check.node.id).toBe('FleetCheck-cluster');
    expect(check.fleet).toBe(fleet);
    expect(() => fleet.attach(app)).toThrow('Fleet cluster is already attached to the app; keep the FleetCheck the first attach() returned');
  });
});

describe('Fleet.fromNodes: an inventory grouped into pools', () => {
  const nodes = [
    node('n1', { 'node.kubernetes.io/instance-type': 'm5.large' }, { allocatable: { cpu: '1930m', memory: '7Gi', pods: '29' } }),
    node('n2', { 'node.kubernetes.io/instance-type': 'p3.2xlarge', 'nvidia.com/gpu.present': 'true' }, {
      taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
      allocatable: { 'cpu': '7910m', 'memory': '58Gi', 'pods': '58', 'nvidia.com/gpu': '1' },
    }),
    node('n3', { 'node.kubernetes.io/instance-type': 'm5.large', 'team': 'a' }, { allocatable: { cpu: '1900m', memory: '7.5Gi', pods: '29' } }),
    node('n4', {}),
  ];

  test('by instance type (the default), nodes without the label in "ungrouped"', () => {
    const fleet = Fleet.fromNodes(nodes);
    expect(fleet.pools.map((p) => [p.name, p.count, p.poolLabelValue])).toEqual([
      ['m5.large', 2, 'm5.large'],
      ['p3.2xlarge', 1, 'p3.2xlarge'],
      ['ungrouped', 1, undefined],
    ]);
    expect(fleet.poolLabel).toBe('node.kubernetes.io/instance-type');
    expect(fleet.nodes.map((n) => n.metadata.name)).toEqual(['n1', 'n3', 'n2', 'n4']);
  });

  test('an inventory pool has the labels and taints all its nodes share, and the smallest allocatable', () => {
    const fleet = Fleet.fromNodes(nodes);
    const m5 = fleet.pool('m5.large');
    expect(m5.uniform).toBe(false);
    expect(m5.labels).toEqual({ 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'node.kubernetes.io/instance-type': 'm5.large' });
    expect(m5.allocatable).toEqual({ cpu: '1900m', memory: '7Gi', pods: 29, ephemeralStorage: undefined, extended: undefined });
    const gpu = fleet.pool('p3.2xlarge');
    expect(gpu.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]);
    expect(gpu.allocatable.extended).toEqual({ 'nvidia.com/gpu': '1' });
    expect(gpu.os).toBe('linux');
    expect(gpu.nodes[0]).toEqual(nodes[1]);
  });

  test('a user-chosen label and ungrouped pool name', () => {
    const fleet = Fleet.fromNodes(nodes, { groupBy: 'team', ungroupedPool: 'rest', clusterName: 'c1' });
    expect(fleet.pools.map((p) => [p.name, p.count])).toEqual([['rest', 3], ['a', 1]]);
    expect(fleet.clusterName).toBe('c1');
  });

  test('the ungrouped pool name must not clash with a label value', () => {
    expect(() => Fleet.fromNodes(nodes, { groupBy: 'team', ungroupedPool: 'a' }))
      .toThrow('Fleet.fromNodes(): pool name "a" is used both by nodes labelled team=a and by nodes without the label; choose another ungroupedPool');
  });

  test.each<[string, any[], string]>([
    ['no nodes', [], 'Fleet.fromNodes(): no Node objects found: a fleet needs at least one node'],
    ['a non-object', ['n1'], 'Fleet.fromNodes(): nodes[0]: expected a Node object'],
    ['another kind', [{ kind: 'Pod', metadata: { name: 'p' } }], 'Fleet.fromNodes(): nodes[0].kind: expected a Node, got "Pod"'],
    ['a node without a name', [{ kind: 'Node', metadata: {} }], 'Fleet.fromNodes(): nodes[0].metadata.name: required field is missing (every Node needs a name)'],
    ['duplicate names', [node('a', {}), node('a', {})], 'Fleet.fromNodes(): nodes[1].metadata.name: duplicate Node "a"'],
    ['a malformed taint', [{ ...node('a', {}), spec: { taints: [{ key: 'k', effect: 'Sometimes' }] } }], 'Fleet.fromNodes(): nodes[0].spec.taints[0].effect'],
  ])('rejects %s, naming the node and field', (_, input, message) => {
    expect(() => Fleet.fromNodes(input)).toThrow(message);
  });
});

describe('Fleet.fromInventoryFile', () => {
  test('the example inventory: 36 nodes in 8 pools', () => {
    const fleet = Fleet.fromInventoryFile(EXAMPLE_INVENTORY, { groupBy: 'node.cluster.x-k8s.io/pool' });
    expect(fleet.pools.map((p) => [p.name, p.count, p.os, p.arch, p.controlPlane])).toEqual([
      ['control-plane', 3, 'linux', 'amd64', true],
      ['general-amd64', 10, 'linux', 'amd64', false],
      ['general-arm64', 6, 'linux', 'arm64', false],
      ['gpu', 4, 'linux', 'amd64', false],
      ['storage', 3, 'linux', 'amd64', false],
      ['edge', 2, 'linux', 'amd64', false],
      ['spot', 5, 'linux', 'amd64', false],
      ['windows', 3, 'windows', 'amd64', false],
    ]);
    expect(fleet.nodeCount).toBe(36);
    // The NotReady node's taints are not shared by the rest of its pool.
    expect(fleet.pool('general-amd64').taints).toEqual([]);
    expect(fleet.pool('gpu').taints).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]);
  });

  test('a YAML file works too', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-'));
    try {
      const file = path.join(dir, 'nodes.yaml');
      fs.writeFileSync(file, 'apiVersion: v1\nkind: Node\nmetadata:\n  name: a\n  labels:\n    kubernetes.io/os: linux\nstatus:\n  allocatable:\n    cpu: "2"\n    memory: 4Gi\n    pods: "110"\n');
      const fleet = Fleet.fromInventoryFile(file);
      expect(fleet.pools.map((p) => [p.name, p.count])).toEqual([['ungrouped', 1]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing file is reported with its path', () => {
    expect(() => Fleet.fromInventoryFile('/no/such/nodes.json')).toThrow('/no/such/nodes.json');
  });
});

describe('a pool of one inventory node reproduces that node', () => {
  test('taints, labels and allocatable are the node\'s', () => {
    const n = node('solo', { 'node.kubernetes.io/instance-type': 'x' }, { taints: [{ key: 'k', effect: 'NoExecute' }] });
    const pool = Fleet.fromNodes([n]).pool('x');
    expect(pool.taints).toEqual([{ key: 'k', effect: kplus.TaintEffect.NO_EXECUTE }]);
    expect(pool.labels['node.kubernetes.io/instance-type']).toBe('x');
    expect(pool.allocatable.cpu).toBe('4');
  });
});
