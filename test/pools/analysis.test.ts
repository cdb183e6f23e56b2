import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { Quantity } from '../../src/placement/quantity';
import { buildClusterState, simulateDaemonSet } from '../../src/placement/simulate';
import { DaemonSet, Toleration } from '../../src/placement/types';
import { AgentInput, analyzeFleet, FleetAnalysisError, stripRequirement } from '../../src/pools/analysis';
import { Fleet } from '../../src/pools/fleet';
import { NodePool } from '../../src/pools/node-pool';
import { daemonPodRequests } from '../../src/pools/pod-resources';

function ds(name: string, spec: Partial<DaemonSet['spec']['template']['spec']> = {}, strategy?: DaemonSet['spec']['updateStrategy']): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'ns' },
    spec: {
      selector: { matchLabels: { app: name } },
      updateStrategy: strategy,
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image: 'example.com/a:1', resources: { requests: { cpu: '100m', memory: '64Mi' } } }], ...spec },
      },
    },
  };
}

const input = (d: DaemonSet): AgentInput => ({ name: d.metadata.name!, daemonSets: [{ manifest: d, source: `test/${d.metadata.name}` }] });

describe('analyzeFleet: the rollout budget is scaled by the desired count over every node, not the representatives', () => {
  const fleet = new Fleet({ pools: [new NodePool({ name: 'a', count: 10, allocatable: { cpu: '2', memory: '4Gi' } })] });
  test.each<[string, DaemonSet['spec']['updateStrategy'], { strategy: string; maxSurge: number; maxUnavailable: number }]>([
    ['maxUnavailable 50% of 10 nodes', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } }, { strategy: 'RollingUpdate', maxSurge: 0, maxUnavailable: 5 }],
    ['maxSurge 25% of 10 nodes (rounded up)', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } }, { strategy: 'RollingUpdate', maxSurge: 3, maxUnavailable: 0 }],
    // Found against the ds-oracle: updatedDesiredNodeCounts' both-zero fallback does not look at the strategy type.
    ['OnDelete: 0/0, then the both-zero fallback', { type: 'OnDelete' }, { strategy: 'OnDelete', maxSurge: 0, maxUnavailable: 1 }],
  ])('%s', (_, strategy, expected) => {
    const [result] = analyzeFleet(fleet, [input(ds('x', {}, strategy))]).placement.daemonSets;
    expect(result.desiredNumberScheduled).toBe(10);
    expect(result.rollout).toEqual(expected);
  });
});

describe('stripRequirement: the agent without the pool partition', () => {
  const req = { key: 'pool', operator: 'In', values: ['gpu'] };
  test('removes the requirement from every term', () => {
    const d = ds('x', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'a', operator: 'Exists' }, req] },
              { matchExpressions: [req, { key: 'b', operator: 'Exists' }] },
            ],
          },
        },
      },
    });
    const stripped = stripRequirement(d, req).spec.template.spec.affinity!.nodeAffinity!;
    expect(stripped.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'a', operator: 'Exists' }] },
      { matchExpressions: [{ key: 'b', operator: 'Exists' }] },
    ]);
  });

  test('a term that held only the requirement matches every node again, so the required affinity goes', () => {
    const d = ds('x', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [req] }, { matchExpressions: [{ key: 'a', operator: 'Exists' }] }] } } } });
    expect(stripRequirement(d, req).spec.template.spec.affinity!.nodeAffinity).toEqual({});
  });

  test('leaves the input alone', () => {
    const d = ds('x', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [req] }] } } } });
    const before = JSON.stringify(d);
    stripRequirement(d, req);
    expect(JSON.stringify(d)).toBe(before);
  });
});

describe('analyzeFleet: errors in a DaemonSet name its source', () => {
  test('a malformed quantity', () => {
    const fleet = new Fleet({ pools: [new NodePool({ name: 'a', count: 1, allocatable: { cpu: '2', memory: '4Gi' } })] });
    const bad = ds('bad', { containers: [{ name: 'c', resources: { requests: { cpu: 'lots' } } }] });
    expect(() => analyzeFleet(fleet, [input(bad)])).toThrow(FleetAnalysisError);
    expect(() => analyzeFleet(fleet, [input(bad)]))
      .toThrow(/^test\/bad: DaemonSet ns\/bad: spec\.template\.spec\.containers\[0\]\.resources\.requests\.cpu: invalid quantity "lots"/);
  });
});

/**
 * The representative-node shortcut must not change any verdict: the
 * analysis' per-node placement equals the engine run on every node.
 */
describe('analyzeFleet: one representative per class of identical nodes gives the verdicts of every node', () => {
  const effects = ['NoSchedule', 'NoExecute', 'PreferNoSchedule'] as const;
  const keys = ['a', 'b', 'c'];
  const taintArb = fc.record({ key: fc.constantFrom(...keys), value: fc.constantFrom('', 'x'), effect: fc.constantFrom(...effects) });
  const tolArb: fc.Arbitrary<Toleration> = fc.oneof(
    fc.constant<Toleration>({ operator: 'Exists' }),
    fc.record({ key: fc.constantFrom(...keys), operator: fc.constant('Exists'), effect: fc.constantFrom(...effects, undefined) }).map((t) => JSON.parse(JSON.stringify(t))),
    fc.record({ key: fc.constantFrom(...keys), operator: fc.constant('Equal'), value: fc.constantFrom('', 'x') }),
  );
  const poolArb = fc.record({
    count: fc.integer({ min: 0, max: 3 }),
    taints: fc.array(taintArb, { maxLength: 2 }),
    zone: fc.constantFrom('z1', 'z2'),
    cpu: fc.constantFrom('500m', '2'),
    pods: fc.integer({ min: 1, max: 3 }),
  });
  const strategyArb = fc.constantFrom<DaemonSet['spec']['updateStrategy']>(
    undefined,
    { type: 'OnDelete' },
    { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
    { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '33%' } },
    { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 3 } },
    { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
    { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
  );
  const dsArb = fc.record({
    tolerations: fc.array(tolArb, { maxLength: 2 }),
    zone: fc.constantFrom(undefined, 'z1', 'z2'),
    cpu: fc.constantFrom('100m', '1'),
    byHostname: fc.boolean(),
    strategy: strategyArb,
  });

  test('random pools and DaemonSets', () => {
    fc.assert(fc.property(fc.array(poolArb, { minLength: 1, maxLength: 4 }), fc.array(dsArb, { minLength: 1, maxLength: 3 }), (pools, sets) => {
      const fleet = new Fleet({
        pools: pools.map((p, i) => new NodePool({
          name: `p${i}`,
          count: p.count,
          labels: { zone: p.zone },
          taints: p.taints.map((t) => ({ key: t.key, value: t.value || undefined, effect: t.effect as kplus.TaintEffect })),
          allocatable: { cpu: p.cpu, memory: '4Gi', pods: p.pods },
        })),
      });
      const manifests = sets.map((s, i) => ds(`d${i}`, {
        tolerations: s.tolerations,
        nodeSelector: s.byHostname ? { 'kubernetes.io/hostname': 'p0-0' } : s.zone ? { zone: s.zone } : undefined,
        containers: [{ name: 'c', resources: { requests: { cpu: s.cpu } } }],
      }, s.strategy));
      const analysis = analyzeFleet(fleet, manifests.map(input));
      const state = buildClusterState(fleet.nodes, []);
      for (const m of manifests) {
        const direct = simulateDaemonSet(m, state);
        const got = analysis.placement.daemonSets.find((d) => d.name === m.metadata.name)!;
        expect(got.desiredNumberScheduled).toBe(direct.desiredNumberScheduled);
        expect(got.rollout).toEqual(direct.rollout);
        const expected = direct.nodes.map((n) => ({ ...n, reasons: [...n.reasons], failedFilters: [...n.failedFilters] }));
        expect(got.nodes.map((n) => ({ ...n }))).toEqual(expected);
      }
    }), { numRuns: 60, seed: 42 });
  });
});

/**
 * The same for inventory pools of unlike nodes (grouped by a label that
 * mixes OS, architecture, taints, sizes, cordoned nodes and nodes that
 * report only capacity): the classes must not merge nodes the engine tells
 * apart, and every check (findings, cells, overhead) must come out as if
 * each node were simulated alone (a unique label per node forces that).
 */
describe('analyzeFleet: inventory pools of unlike nodes give the verdicts and the report of every node alone', () => {
  const A = { key: 'a', effect: 'NoSchedule' };
  const B = { key: 'b', value: 'x', effect: 'NoExecute' };
  const CP = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
  // Few values, so that nodes often agree on all but one field (the first untolerated taint in order is the reason).
  const nodeArb = fc.record({
    group: fc.constantFrom('g1', 'g1', undefined),
    os: fc.constantFrom('linux', 'linux', 'linux', 'windows', undefined),
    arch: fc.constantFrom('amd64', 'amd64', 'arm64'),
    taints: fc.constantFrom([], [A], [A, B], [B, A], [CP]),
    cpu: fc.constantFrom('500m', '2', '2', '2000m'),
    capacityOnly: fc.boolean(),
    unschedulable: fc.constantFrom(false, false, false, true),
  });
  const tolArb: fc.Arbitrary<Toleration> = fc.oneof(
    fc.constant<Toleration>({ operator: 'Exists' }),
    fc.record({ key: fc.constantFrom('a', 'b', 'node-role.kubernetes.io/control-plane'), operator: fc.constant('Exists') }),
  );
  const dsArb = fc.record({
    tolerations: fc.array(tolArb, { maxLength: 2 }),
    os: fc.constantFrom(undefined, 'linux', 'windows'),
    arch: fc.constantFrom(undefined, 'amd64', 'arm64'),
    cpu: fc.constantFrom('100m', '1', '1500m'),
    role: fc.constantFrom(undefined, 'cni'),
    expect: fc.constantFrom(undefined, ['g1'], ['g1', 'g2', 'ungrouped']),
  });

  test('random inventories and DaemonSets', () => {
    fc.assert(fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 12 }), fc.array(dsArb, { minLength: 1, maxLength: 3 }), (specs, sets) => {
      const nodes = (unique: boolean) => specs.map((n, i) => {
        const name = `n${i}`;
        const labels: Record<string, string> = { 'kubernetes.io/hostname': name, 'kubernetes.io/arch': n.arch };
        if (n.os) labels['kubernetes.io/os'] = n.os;
        if (n.group) labels.group = n.group;
        if (unique) labels['test.example.com/unique'] = name;
        const resources = { cpu: n.cpu, memory: '4Gi', pods: '110' };
        return {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name, labels },
          spec: { taints: n.taints.map((t) => ({ ...t })), ...(n.unschedulable ? { unschedulable: true } : {}) },
          status: n.capacityOnly ? { capacity: resources } : { capacity: { ...resources, cpu: '64' }, allocatable: resources },
        };
      });
      const manifests = sets.map((s, i) => ds(`d${i}`, {
        tolerations: s.tolerations,
        nodeSelector: s.os ? { 'kubernetes.io/os': s.os } : undefined,
        affinity: s.arch ? { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: [s.arch] }] }] } } } : undefined,
        containers: [{ name: 'c', resources: { requests: { cpu: s.cpu } } }],
      }));
      const inputs: AgentInput[] = manifests.map((m, i) => ({ ...input(m), role: sets[i].role, expectedPools: sets[i].expect }));
      const grouped = Fleet.fromNodes(nodes(false), { groupBy: 'group' });
      const alone = Fleet.fromNodes(nodes(true), { groupBy: 'group' });
      const analysis = analyzeFleet(grouped, inputs, { maxAgentCpuPerNode: '1' });
      const reference = analyzeFleet(alone, inputs, { maxAgentCpuPerNode: '1' });
      const state = buildClusterState(grouped.nodes, []);
      for (const m of manifests) {
        const direct = simulateDaemonSet(m, state);
        const got = analysis.placement.daemonSets.find((d) => d.name === m.metadata.name)!;
        expect(got.nodes.map((n) => ({ ...n }))).toEqual(direct.nodes.map((n) => ({ ...n, reasons: [...n.reasons], failedFilters: [...n.failedFilters] })));
      }
      expect(analysis.findings).toEqual(reference.findings);
      expect(analysis.cells).toEqual(reference.cells);
      expect(analysis.overhead).toEqual(reference.overhead);
      expect(analysis.pools).toEqual(reference.pools);
    }), { numRuns: 80, seed: 13 });
  });
});

/**
 * What the fleet checks add up per node must be what the scheduler's
 * NodeResourcesFit charges for one pod: for a single daemon pod on an empty
 * node, "our requests exceed allocatable" and the engine's "Insufficient <r>"
 * agree, for containers, limits-only containers, init and sidecar-looking
 * init containers, overhead and sub-milli quantities.
 */
describe('daemonPodRequests agrees with NodeResourcesFit', () => {
  const qty = fc.constantFrom('0.4m', '1m', '333m', '500m', '1', '1500m');
  const mem = fc.constantFrom('1', '0.5', '1Mi', '100Mi', '1Gi', '1G');
  const resArb = fc.record({
    requests: fc.option(fc.record({ cpu: qty, memory: mem }, { requiredKeys: [] }), { nil: undefined }),
    limits: fc.option(fc.record({ cpu: qty, memory: mem }, { requiredKeys: [] }), { nil: undefined }),
  });
  const containerArb = (name: string) => resArb.map((resources) => ({ name, image: 'example.com/x:1', resources: JSON.parse(JSON.stringify(resources)) }));

  test('random pod templates against nodes of random size', () => {
    fc.assert(fc.property(
      fc.array(containerArb('c'), { minLength: 1, maxLength: 2 }),
      fc.array(fc.tuple(containerArb('i'), fc.boolean()), { maxLength: 2 }),
      fc.option(fc.record({ cpu: qty }), { nil: undefined }),
      fc.constantFrom('1m', '500m', '1', '2'),
      fc.constantFrom('1Mi', '100Mi', '1Gi', '2Gi'),
      (containers, inits, overhead, cpu, memory) => {
        const spec = {
          containers: containers.map((c, i) => ({ ...c, name: `c${i}` })),
          initContainers: inits.map(([c, sidecar], i) => ({ ...c, name: `i${i}`, ...(sidecar ? { restartPolicy: 'Always' } : {}) })),
          overhead,
        };
        const fleet = new Fleet({ pools: [new NodePool({ name: 'n', count: 1, allocatable: { cpu, memory } })] });
        const d = ds('x', spec);
        const [verdict] = simulateDaemonSet(d, buildClusterState(fleet.nodes, [])).nodes;
        const req = daemonPodRequests(spec);
        const over = (r: string, alloc: string) => {
          const q = req.get(r);
          if (!q || q.isZero()) return false;
          const a = Quantity.parse(alloc);
          return r === 'cpu' ? q.milliValue() > a.milliValue() : q.value() > a.value();
        };
        expect(verdict.reasons.includes('Insufficient cpu')).toBe(over('cpu', cpu));
        expect(verdict.reasons.includes('Insufficient memory')).toBe(over('memory', memory));
      },
    ), { numRuns: 80, seed: 7 });
  });
});

/**
 * The fleet checks' sums are what the scheduler sees when the agents' pods
 * land one after another: with agent A's pod already on the node, agent B
 * gets "Insufficient <r>", "Too many pods" or "didn't have free ports"
 * exactly when the analysis reports a resources or host-port finding.
 */
describe('resources and host-port findings agree with the scheduler placing the pods in turn', () => {
  const cpuArb = fc.constantFrom('100m', '700m', '1', '1300m');
  const memArb = fc.constantFrom('64Mi', '512Mi', '1Gi');
  const portArb = fc.record({
    hostPort: fc.constantFrom(0, 9100, 9101),
    protocol: fc.constantFrom(undefined, 'UDP'),
    hostIP: fc.constantFrom(undefined, '10.0.0.1', '10.0.0.2'),
  });
  const agentArb = fc.record({ cpu: cpuArb, memory: memArb, ports: fc.array(portArb, { maxLength: 2 }) });

  test('random pairs of agents on a random node', () => {
    fc.assert(fc.property(agentArb, agentArb, fc.constantFrom('2', '1500m'), fc.constantFrom('1Gi', '2Gi'), fc.constantFrom(1, 2, 3), (a, b, cpu, memory, pods) => {
      const spec = (x: typeof a, name: string) => ({
        containers: [{
          name,
          image: 'example.com/x:1',
          resources: { requests: { cpu: x.cpu, memory: x.memory } },
          ports: x.ports.map((p, i) => JSON.parse(JSON.stringify({ containerPort: 8000 + i, ...p }))),
        }],
      });
      const fleet = new Fleet({ pools: [new NodePool({ name: 'n', count: 1, allocatable: { cpu, memory, pods } })] });
      const da = ds('a', spec(a, 'a'));
      const db = ds('b', spec(b, 'b'));
      const analysis = analyzeFleet(fleet, [input(da), input(db)]);
      const podA = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a-1', namespace: 'other' }, spec: { ...spec(a, 'a'), nodeName: 'n-0' }, status: { phase: 'Running' } };
      const aAlone = simulateDaemonSet(da, buildClusterState(fleet.nodes, [])).nodes[0];
      if (!aAlone.schedulable) return; // A itself does not fit: the scheduler never places it
      const [bAfterA] = simulateDaemonSet(db, buildClusterState(fleet.nodes, [podA as any])).nodes;
      const reasons = new Set(bAfterA.reasons);
      const findings = analysis.findings.map((f) => f.message);
      for (const [resource, reason] of [['cpu', 'Insufficient cpu'], ['memory', 'Insufficient memory']]) {
        const summed = findings.some((m) => m.includes(` ${resource} per node, more than the `));
        expect(summed).toBe(reasons.has(reason));
      }
      expect(findings.some((m) => m.includes('("Too many pods")'))).toBe(reasons.has('Too many pods'));
      expect(findings.some((m) => m.includes('both claim host port'))).toBe(reasons.has("node(s) didn't have free ports for the requested pod ports"));
    }), { numRuns: 80, seed: 11 });
  });
});
