/**
 * Per-pool agent variants partition any fleet: every node runs exactly one
 * variant's DaemonSet (or, without a catch-all, at most one).
 *
 * src/pools/variants.ts `AgentVariants` confines each variant with
 * `<poolLabel> In [its pools]` and the catch-all with `<poolLabel> NotIn [all of them]`
 * (which also holds for nodes without the label: apimachinery labels/selector.go
 * `Requirement.Matches`). Checked here with the DaemonSet controller's own decision
 * (`NodeShouldRunDaemonPod`) on the synthesized DaemonSets, for fleets declared in code
 * and fleets read from an inventory (with unlabelled nodes).
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { NodeAgent } from '../../src/agent/node-agent';
import { AgentTolerations } from '../../src/agent/tolerations';
import { nodeShouldRunDaemonPod } from '../../src/placement/daemon-controller';
import { DaemonSet, Node } from '../../src/placement/types';
import { Fleet } from '../../src/pools/fleet';
import { NodePool } from '../../src/pools/node-pool';
import { AgentVariants, IAgentFactory } from '../../src/pools/variants';

const POOL_NAMES = ['general', 'gpu', 'arm', 'spot', 'storage', 'edge', 'windows', 'cp'];
const TAINTS = [
  { key: 'nvidia.com/gpu', value: 'present', effect: kplus.TaintEffect.NO_SCHEDULE },
  { key: 'spot', value: 'true', effect: kplus.TaintEffect.NO_EXECUTE },
  { key: 'dedicated', value: 'storage', effect: kplus.TaintEffect.PREFER_NO_SCHEDULE },
];

/** A factory of NodeAgents that tolerate every taint and select every OS, so only the pool confinement decides. */
const factory: IAgentFactory = {
  create: (scope, id, v) => new NodeAgent(scope, id, {
    name: v.name,
    namespace: 'agents',
    image: v.image ?? 'example.com/agent:1.0.0',
    resources: { cpuRequest: '10m', memoryRequest: '16Mi', memoryLimit: '32Mi' },
    tolerations: AgentTolerations.everything(),
    nodeSelector: {},
  }),
};

interface Plan {
  /** For each pool, the variant it belongs to (-1: left to the catch-all). */
  readonly owner: number[];
  readonly variantCount: number;
  readonly catchAll: boolean;
}

/**
 * Pools assigned to variants; every variant gets at least one pool. Built without
 * `filter`, so every draw is usable (`assignable` must hold at least one pool).
 */
function planArb(poolCount: number, assignable: boolean[]): fc.Arbitrary<Plan> {
  const candidates = assignable.map((a, i) => (a ? i : -1)).filter((i) => i >= 0);
  return fc.record({
    order: fc.shuffledSubarray(candidates, { minLength: candidates.length, maxLength: candidates.length }),
    variantCount: fc.integer({ min: 1, max: candidates.length }),
    catchAll: fc.boolean(),
    draw: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: poolCount, maxLength: poolCount }),
  }).map(({ order, variantCount, catchAll, draw }) => {
    const owner = new Array<number>(poolCount).fill(-1);
    // The first `variantCount` pools (in a random order) seed one variant each; the other
    // assignable pools go to a random variant or stay with the catch-all.
    order.forEach((pool, k) => {
      owner[pool] = k < variantCount ? k : draw[pool] >= 0 ? draw[pool] % variantCount : -1;
    });
    return { owner, variantCount, catchAll };
  });
}

function build(fleet: Fleet, plan: Plan): { manifests: DaemonSet[]; variants: AgentVariants; app: App } {
  const app = new App({ outdir: '/nonexistent-never-written' });
  const chart = new Chart(app, 'agents');
  const variants = new AgentVariants(chart, 'log-collector', {
    fleet,
    factory,
    variants: [...Array(plan.variantCount).keys()].map((v) => ({
      name: `v${v}`,
      pools: fleet.pools.filter((_, i) => plan.owner[i] === v).map((p) => p.name),
    })),
    catchAll: plan.catchAll,
  });
  return { manifests: variants.agents.map((a) => a.toManifest() as DaemonSet), variants, app };
}

/** The variant index each node runs (-1: catch-all), from the DaemonSet controller's decision. */
function check(fleet: Fleet, plan: Plan, nodePool: (n: Node) => number): void {
  const { manifests, app } = build(fleet, plan);
  for (const node of fleet.nodes as Node[]) {
    const running = manifests.map((m, i) => (nodeShouldRunDaemonPod(node, m).shouldRun ? i : -1)).filter((i) => i >= 0);
    const pool = nodePool(node);
    const owner = pool >= 0 ? plan.owner[pool] : -1;
    if (owner >= 0) {
      expect(running).toEqual([owner]);
    } else if (plan.catchAll) {
      expect(running).toEqual([plan.variantCount]); // the catch-all comes last
    } else {
      expect(running).toEqual([]);
    }
  }
  // The synth-time partition check agrees: no finding when every node runs one variant;
  // without a catch-all, pools no variant names are reported.
  const covered = plan.catchAll || fleet.pools.every((_, i) => plan.owner[i] >= 0);
  if (covered) expect(() => app.synthYaml()).not.toThrow();
  else expect(() => app.synthYaml()).toThrow(/runs no variant/);
}

describe('per-pool variants partition any generated fleet', () => {
  test('fleets declared in code (NodePools): each node runs exactly its pool\'s variant, or the catch-all', () => {
    const fleetArb = fc.uniqueArray(fc.constantFrom(...POOL_NAMES), { minLength: 1, maxLength: 6 }).chain((names) => fc.tuple(
      fc.constant(names),
      fc.tuple(...names.map(() => fc.record({
        count: fc.integer({ min: 1, max: 3 }),
        os: fc.constantFrom('linux', 'windows'),
        taints: fc.subarray(TAINTS),
        controlPlane: fc.boolean(),
        ready: fc.boolean(),
        unschedulable: fc.boolean(),
      }))),
    ));
    fc.assert(fc.property(fleetArb.chain(([names, props]) => fc.tuple(fc.constant(names), fc.constant(props), planArb(names.length, names.map(() => true)))),
      ([names, props, plan]) => {
        const fleet = new Fleet({
          pools: names.map((name, i) => new NodePool({ name, allocatable: { cpu: '4', memory: '16Gi' }, ...props[i] })),
        });
        check(fleet, plan, (n) => names.indexOf(n.metadata.labels!['cdk8s-node-agents.io/pool']));
      }), { numRuns: 40 });
  });

  test('fleets read from an inventory, nodes without the pool label included (they belong to the catch-all)', () => {
    const GROUP = 'eks.amazonaws.com/nodegroup';
    const inventoryArb = fc.array(fc.record({
      group: fc.option(fc.constantFrom('ng-a', 'ng-b', 'ng-c', 'ng-d'), { nil: undefined }),
      firstGroup: fc.constantFrom('ng-a', 'ng-b', 'ng-c', 'ng-d'),
      taint: fc.boolean(),
      os: fc.constantFrom('linux', 'windows'),
    }), { minLength: 1, maxLength: 12 }).map((rows) => rows.map((r, i): Node => ({
      apiVersion: 'v1',
      kind: 'Node',
      // The first node always has a group: a variant needs a labelled pool.
      metadata: { name: `node-${i}`, labels: { 'kubernetes.io/os': r.os, ...(i === 0 ? { [GROUP]: r.firstGroup } : r.group ? { [GROUP]: r.group } : {}) } },
      spec: r.taint ? { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] } : {},
      status: { allocatable: { cpu: '2', memory: '8Gi', pods: '110' } },
    })));
    fc.assert(fc.property(inventoryArb.chain((nodes) => {
      const fleet = Fleet.fromNodes(nodes, { groupBy: GROUP });
      return fc.tuple(fc.constant(fleet), planArb(fleet.pools.length, fleet.pools.map((p) => p.poolLabelValue !== undefined)));
    }), ([fleet, plan]) => {
      check(fleet, plan, (n) => fleet.pools.findIndex((p) => p.nodes.some((x: Node) => x.metadata.name === n.metadata.name)));
    }), { numRuns: 40 });
  });
});
