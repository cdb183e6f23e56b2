import * as kplus from 'cdk8s-plus-28';
import { DEFAULT_POOL_LABEL, NodePool, NodePoolProps } from '../../src/pools/node-pool';

const ALLOC = { cpu: '3920m', memory: '14Gi' };

describe('NodePool: synthetic v1 Nodes', () => {
  test('count nodes named <pool>-<i> with the well-known labels, allocatable and a Ready condition', () => {
    const pool = new NodePool({ name: 'general', count: 2, instanceType: 'm6i.xlarge', allocatable: ALLOC });
    expect(pool.nodes).toEqual([0, 1].map((i) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: `general-${i}`,
        labels: {
          'beta.kubernetes.io/arch': 'amd64',
          'beta.kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/os': 'linux',
          'node.kubernetes.io/instance-type': 'm6i.xlarge',
          'beta.kubernetes.io/instance-type': 'm6i.xlarge',
          [DEFAULT_POOL_LABEL]: 'general',
          'kubernetes.io/hostname': `general-${i}`,
        },
      },
      spec: {},
      status: {
        capacity: { cpu: '3920m', memory: '14Gi', pods: '110' },
        allocatable: { cpu: '3920m', memory: '14Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
        nodeInfo: { operatingSystem: 'linux', architecture: 'amd64' },
      },
    })));
    expect(pool.count).toBe(2);
    expect(pool.uniform).toBe(true);
    expect(pool.poolLabelValue).toBe('general');
  });

  test('os, arch, labels, taints, pods, ephemeral storage and extended resources', () => {
    const pool = new NodePool({
      name: 'gpu',
      count: 1,
      os: 'linux',
      arch: 'arm64',
      labels: { 'nvidia.com/gpu.present': 'true' },
      taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: kplus.TaintEffect.NO_SCHEDULE }, { key: 'dedicated', effect: kplus.TaintEffect.NO_EXECUTE }],
      allocatable: { cpu: '8', memory: '60Gi', pods: 58, ephemeralStorage: '95Gi', extended: { 'nvidia.com/gpu': '4' } },
    });
    const [node] = pool.nodes;
    expect(node.metadata.labels['kubernetes.io/arch']).toBe('arm64');
    expect(node.metadata.labels['nvidia.com/gpu.present']).toBe('true');
    expect(node.spec.taints).toEqual([
      { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' },
      { key: 'dedicated', effect: 'NoExecute' },
    ]);
    expect(node.status.allocatable).toEqual({ 'cpu': '8', 'memory': '60Gi', 'pods': '58', 'ephemeral-storage': '95Gi', 'nvidia.com/gpu': '4' });
  });

  test('controlPlane adds the kubeadm label and NoSchedule taint', () => {
    const pool = new NodePool({ name: 'cp', count: 1, controlPlane: true, allocatable: ALLOC });
    const [node] = pool.nodes;
    expect(node.metadata.labels['node-role.kubernetes.io/control-plane']).toBe('');
    expect(node.spec.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(pool.controlPlane).toBe(true);
    expect(new NodePool({ name: 'w', count: 1, allocatable: ALLOC }).controlPlane).toBe(false);
  });

  test('a control-plane taint given explicitly is not doubled', () => {
    const pool = new NodePool({
      name: 'cp',
      count: 1,
      controlPlane: true,
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: kplus.TaintEffect.NO_EXECUTE }],
      allocatable: ALLOC,
    });
    expect(pool.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoExecute' }]);
  });

  test('a pool tainted with the legacy master taint is a control-plane pool', () => {
    const pool = new NodePool({ name: 'm', count: 1, taints: [{ key: 'node-role.kubernetes.io/master', effect: kplus.TaintEffect.NO_SCHEDULE }], allocatable: ALLOC });
    expect(pool.controlPlane).toBe(true);
  });

  test('NotReady nodes carry the node lifecycle controller taints and Ready=False', () => {
    const [node] = new NodePool({ name: 'nr', count: 1, ready: false, allocatable: ALLOC }).nodes;
    expect(node.spec.taints).toEqual([
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
    ]);
    expect(node.status.conditions).toEqual([{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }]);
  });

  test('cordoned nodes are unschedulable and carry the unschedulable taint', () => {
    const [node] = new NodePool({ name: 'c', count: 1, unschedulable: true, allocatable: ALLOC }).nodes;
    expect(node.spec).toEqual({ unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] });
  });

  test('a custom pool label; an explicit label value overrides the pool name', () => {
    const a = new NodePool({ name: 'gpu', count: 1, poolLabel: 'eks.amazonaws.com/nodegroup', allocatable: ALLOC });
    expect(a.nodes[0].metadata.labels['eks.amazonaws.com/nodegroup']).toBe('gpu');
    expect(a.nodes[0].metadata.labels[DEFAULT_POOL_LABEL]).toBeUndefined();
    const b = new NodePool({ name: 'gpu', count: 1, poolLabel: 'eks.amazonaws.com/nodegroup', labels: { 'eks.amazonaws.com/nodegroup': 'gpu-a100-2024' }, allocatable: ALLOC });
    expect(b.poolLabelValue).toBe('gpu-a100-2024');
    expect(b.nodes[0].metadata.labels['eks.amazonaws.com/nodegroup']).toBe('gpu-a100-2024');
  });

  test('nodes are copies: changing one does not change the pool', () => {
    const pool = new NodePool({ name: 'g', count: 1, allocatable: ALLOC });
    pool.nodes[0].metadata.labels.x = 'y';
    expect(pool.nodes[0].metadata.labels.x).toBeUndefined();
  });

  test('an empty pool has no nodes', () => {
    expect(new NodePool({ name: 'scaled-down', count: 0, allocatable: ALLOC }).nodes).toEqual([]);
  });
});

describe('NodePool: invalid props are rejected with the field and the allowed values', () => {
  const base: NodePoolProps = { name: 'p', count: 1, allocatable: ALLOC };
  test.each<[string, Partial<NodePoolProps>, string]>([
    ['upper-case name', { name: 'GPU' }, 'node pool "GPU": name: Invalid value: "GPU": a lowercase RFC 1123 label must consist of'],
    ['name too long for node names', { name: 'a'.repeat(62), count: 10 }, 'name: Invalid value: "' + 'a'.repeat(62) + '": too long: node names <name>-<index> must be at most 63 characters'],
    ['negative count', { count: -1 }, 'node pool "p": count: Invalid value: -1: must be a whole number of nodes, 0 or more'],
    ['fractional count', { count: 1.5 }, 'count: Invalid value: 1.5: must be a whole number of nodes, 0 or more'],
    ['bad cpu quantity', { allocatable: { cpu: '4 cores', memory: '1Gi' } }, 'node pool "p": allocatable.cpu: invalid quantity "4 cores"'],
    ['missing memory', { allocatable: { cpu: '4', memory: '' } }, 'allocatable.memory: Required value: a quantity such as'],
    ['negative memory', { allocatable: { cpu: '4', memory: '-1Gi' } }, 'allocatable.memory: Invalid value: "-1Gi": must be greater than or equal to 0'],
    ['fractional pods', { allocatable: { cpu: '4', memory: '1Gi', pods: 2.5 } }, "allocatable.pods: Invalid value: 2.5: must be a whole number, 0 or more (the kubelet's --max-pods)"],
    ['bad extended resource name', { allocatable: { cpu: '4', memory: '1Gi', extended: { 'nvidia.com/': '1' } } }, 'allocatable.extended[nvidia.com/]: Invalid resource name "nvidia.com/"'],
    ['bad label key', { labels: { 'bad key': 'x' } }, 'labels[bad key]: Invalid label key "bad key"'],
    ['bad label value', { labels: { team: 'a b' } }, 'labels[team]: Invalid label value "a b"'],
    ['bad arch', { arch: 'x86 64' }, 'labels[kubernetes.io/arch]: Invalid label value "x86 64"'],
    ['bad taint key', { taints: [{ key: '', effect: kplus.TaintEffect.NO_SCHEDULE }] }, 'taints[0].key: Invalid value: ""'],
    ['bad taint effect', { taints: [{ key: 'k', effect: 'NoPlacement' as kplus.TaintEffect }] }, 'taints[0].effect: Unsupported value: "NoPlacement": supported values: "NoExecute", "NoSchedule", "PreferNoSchedule"'],
    ['bad pool label', { poolLabel: 'no/such/key' }, 'poolLabel: Invalid label key "no/such/key"'],
  ])('%s', (_, props, message) => {
    expect(() => new NodePool({ ...base, ...props })).toThrow(message);
  });
});

describe('NodePool.platforms', () => {
  test('a pool declared in code has one platform, its os/arch and count (also with no nodes)', () => {
    expect(new NodePool({ name: 'win', count: 3, os: 'windows', allocatable: ALLOC }).platforms).toEqual([{ os: 'windows', arch: 'amd64', count: 3 }]);
    expect(new NodePool({ name: 'arm', count: 0, arch: 'arm64', allocatable: ALLOC }).platforms).toEqual([{ os: 'linux', arch: 'arm64', count: 0 }]);
  });

  test('an inventory pool: the nodes per os/arch, most first; os and arch only when shared (deprecated beta labels count)', () => {
    const node = (name: string, labels: Record<string, string>) => ({ metadata: { name, labels }, status: { allocatable: { cpu: '1', memory: '1Gi', pods: '110' } } });
    const pool = NodePool._fromNodes('mixed', [
      node('a', { 'kubernetes.io/os': 'windows', 'kubernetes.io/arch': 'amd64' }),
      node('b', { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' }),
      node('c', { 'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64' }),
      node('d', {}),
    ], 'group', undefined);
    expect(pool.platforms).toEqual([{ os: 'linux', arch: 'amd64', count: 2 }, { os: '', arch: '', count: 1 }, { os: 'windows', arch: 'amd64', count: 1 }]);
    expect([pool.os, pool.arch]).toEqual(['', '']);
    const linux = NodePool._fromNodes('l', [node('b', { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'arm64' })], 'group', undefined);
    expect([linux.os, linux.arch]).toEqual(['linux', 'arm64']);
  });
});
