import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { agent, appWithChart, GPU_TAINT, RESOURCES, synthErrors, testFleet } from './helpers';
import { NodeAgent, NodeAgentProps } from '../../src/agent/node-agent';
import { AgentRole } from '../../src/agent/role';
import { AgentTolerations, TolerationOperator } from '../../src/agent/tolerations';
import { LogCollector } from '../../src/agents/log-collector';
import { NvidiaDevicePlugin } from '../../src/agents/nvidia-device-plugin';
import { Fleet } from '../../src/pools/fleet';
import { NodePool } from '../../src/pools/node-pool';
import { AgentVariant, AgentVariants, AgentVariantsProps, IAgentFactory, VariantContext } from '../../src/pools/variants';

const POOL = 'cdk8s-node-agents.io/pool';
const GPU_TOLERATION = AgentTolerations.of({ key: 'nvidia.com/gpu', operator: TolerationOperator.EXISTS });

/** A factory of plain NodeAgents that records the contexts it was given. */
function nodeAgentFactory(props: Partial<NodeAgentProps> = {}, seen: VariantContext[] = []): IAgentFactory {
  return {
    create: (scope: Construct, id: string, v: VariantContext) => {
      seen.push(v);
      return agent(scope, id, {
        name: v.name,
        role: AgentRole.LOG_COLLECTOR,
        image: v.image ?? 'example.com/fluent-bit:3.1.9',
        resources: v.resources ?? RESOURCES,
        ...props,
      });
    },
  };
}

function variants(chart: Chart, props: Partial<AgentVariantsProps> & { variants: AgentVariant[] }, fleet: Fleet = testFleet()): AgentVariants {
  return new AgentVariants(chart, 'log-collector', { fleet, factory: nodeAgentFactory(), ...props });
}

function dsOf(a: NodeAgent): any {
  return ApiObject.of(a.daemonSet).toJson();
}

function requiredTerms(a: NodeAgent): any[] {
  return dsOf(a).spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
}

describe('AgentVariants: one DaemonSet per variant, confined to its pools', () => {
  test('each variant selects its pools, the catch-all excludes them and keeps the base name', () => {
    const { chart } = appWithChart();
    const seen: VariantContext[] = [];
    const v = variants(chart, {
      factory: nodeAgentFactory({}, seen),
      variants: [
        { name: 'gpu', pools: ['gpu'], resources: { cpuRequest: '200m', memoryRequest: '512Mi', memoryLimit: '1Gi' } },
        { name: 'control', pools: ['cp'], image: 'example.com/fluent-bit:3.1.9-arm64', settings: { flush: '1' } },
      ],
    });
    expect(v.agents.map((a) => a.name)).toEqual(['log-collector-gpu', 'log-collector-control', 'log-collector']);
    expect(seen.map((c) => [c.variant, c.name, c.isDefault, c.pools, c.poolLabel])).toEqual([
      ['gpu', 'log-collector-gpu', false, ['gpu'], POOL],
      ['control', 'log-collector-control', false, ['cp'], POOL],
      ['default', 'log-collector', true, ['general', 'windows'], POOL],
    ]);
    expect(seen[0].resources).toEqual({ cpuRequest: '200m', memoryRequest: '512Mi', memoryLimit: '1Gi' });
    expect(seen[1].image).toBe('example.com/fluent-bit:3.1.9-arm64');
    expect(seen[1].settings).toEqual({ flush: '1' });
    expect(seen[2].image).toBeUndefined();
    expect(requiredTerms(v.agentFor('gpu'))).toEqual([{ matchExpressions: [{ key: POOL, operator: 'In', values: ['gpu'] }] }]);
    expect(requiredTerms(v.agentFor('default'))).toEqual([{ matchExpressions: [{ key: POOL, operator: 'NotIn', values: ['gpu', 'cp'] }] }]);
    expect(dsOf(v.agentFor('gpu')).spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '200m', memory: '512Mi' });
  });

  test('the requirement is ANDed into every term of an agent that has its own node affinity (NVIDIA: three ORed NFD terms)', () => {
    const { chart } = appWithChart();
    const v = new AgentVariants(chart, 'nvidia-device-plugin', {
      fleet: testFleet(),
      factory: { create: (scope, id, ctx) => new NvidiaDevicePlugin(scope, id, { name: ctx.name, namespace: 'nvidia' }) },
      variants: [{ name: 'training', pools: ['gpu'] }],
      catchAll: false,
    });
    const terms = requiredTerms(v.agents[0]);
    expect(terms.length).toBeGreaterThan(1);
    for (const t of terms) expect(t.matchExpressions).toContainEqual({ key: POOL, operator: 'In', values: ['gpu'] });
  });

  test('a factory may return a construct that contains the agent (LogCollector)', () => {
    const { app, chart } = appWithChart();
    const v = new AgentVariants(chart, 'log-collector', {
      fleet: testFleet(),
      factory: { create: (scope, id, ctx) => new LogCollector(scope, id, { name: ctx.name, namespace: 'logging', resources: ctx.resources }) },
      variants: [{ name: 'gpu', pools: ['gpu'], resources: { cpuRequest: '200m', memoryRequest: '512Mi', memoryLimit: '1Gi' } }],
    });
    expect(v.agents.map((a) => a.name)).toEqual(['log-collector-gpu', 'log-collector']);
    expect(synthErrors(app)).toEqual([]);
  });

  test('variants in a fleet built from an inventory select by its grouping label', () => {
    const { app, chart } = appWithChart();
    const nodes = testFleet().nodes.map((n) => ({ ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, 'eks.amazonaws.com/nodegroup': n.metadata.labels[POOL] } } }));
    const fleet = Fleet.fromNodes(nodes, { groupBy: 'eks.amazonaws.com/nodegroup' });
    const v = variants(chart, { variants: [{ name: 'gpu', pools: ['gpu'] }], factory: nodeAgentFactory({ tolerations: AgentTolerations.everything() }) }, fleet);
    expect(requiredTerms(v.agents[0])).toEqual([{ matchExpressions: [{ key: 'eks.amazonaws.com/nodegroup', operator: 'In', values: ['gpu'] }] }]);
    expect(synthErrors(app)).toEqual([]);
  });
});

describe('partition check: every node that should run the agent runs exactly one variant', () => {
  test('passes: GPU and default variants that both tolerate everything', () => {
    const { app, chart } = appWithChart();
    variants(chart, { variants: [{ name: 'gpu', pools: ['gpu'] }], factory: nodeAgentFactory({ tolerations: AgentTolerations.everything() }) });
    expect(synthErrors(app)).toEqual([]);
  });

  test('trips (gap): the GPU variant does not tolerate the GPU taint', () => {
    const { app, chart } = appWithChart();
    variants(chart, { variants: [{ name: 'gpu', pools: ['gpu'] }], factory: nodeAgentFactory({ tolerations: AgentTolerations.controlPlane() }) });
    expect(synthErrors(app)).toEqual([
      'log-collector: pool gpu (4 nodes): variant gpu (DaemonSet log-collector-gpu) is meant for this pool but does not run there: node(s) had untolerated taint {nvidia.com/gpu: present}',
    ]);
  });

  test('trips (gap): the catch-all does not tolerate a taint the other variant would', () => {
    const { app, chart } = appWithChart();
    const fleet = testFleet([new NodePool({ name: 'gpu-b', count: 2, allocatable: { cpu: '8', memory: '32Gi' }, taints: [GPU_TAINT] })]);
    new AgentVariants(chart, 'log-collector', {
      fleet,
      factory: {
        create: (scope, id, v) => agent(scope, id, { name: v.name, tolerations: v.isDefault ? AgentTolerations.controlPlane() : GPU_TOLERATION }),
      },
      variants: [{ name: 'gpu', pools: ['gpu'] }],
    });
    expect(synthErrors(app)).toEqual([
      'log-collector: pool gpu-b (2 nodes): runs no variant, although variant gpu would run there without the pool partition: the catch-all variant default (DaemonSet log-collector) does not run there: node(s) had untolerated taint {nvidia.com/gpu: present}',
    ]);
  });

  test('trips (gap): no catch-all and a pool no variant names', () => {
    const { app, chart } = appWithChart();
    variants(chart, { variants: [{ name: 'gpu', pools: ['gpu'] }], catchAll: false, factory: nodeAgentFactory({ tolerations: AgentTolerations.everything() }) });
    expect(synthErrors(app)).toEqual(['cp', 'general'].map((p) =>
      `log-collector: pool ${p} (${p === 'cp' ? '1 node' : '3 nodes'}): runs no variant, although variant gpu would run there without the pool partition: no variant names this pool and there is no catch-all variant`));
  });

  test('passes: no catch-all, and the agent is not meant for the pools no variant names', () => {
    const { app, chart } = appWithChart();
    variants(chart, {
      variants: [{ name: 'gpu', pools: ['gpu'] }],
      catchAll: false,
      factory: nodeAgentFactory({ tolerations: GPU_TOLERATION, nodeSelector: { 'nvidia.com/gpu.present': 'true' } }),
    });
    expect(synthErrors(app)).toEqual([]);
  });

  test('passes: a term added after AgentVariants is still confined to the variant\'s pools', () => {
    const { app, chart } = appWithChart();
    const v = variants(chart, { variants: [{ name: 'gpu', pools: ['gpu'] }], factory: nodeAgentFactory({ tolerations: AgentTolerations.everything() }) });
    v.agentFor('gpu').daemonSet.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('kubernetes.io/os', 'linux')));
    expect(synthErrors(app)).toEqual([]);
    const terms = v.agentFor('gpu').toManifest().spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms).toEqual([{
      matchExpressions: [
        { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
        { key: POOL, operator: 'In', values: ['gpu'] },
      ],
    }]);
  });

  test('variant agents must be the same kind of agent and have distinct names', () => {
    const { app, chart } = appWithChart();
    new AgentVariants(chart, 'mixed', {
      fleet: testFleet(),
      factory: { create: (scope, id, v) => agent(scope, id, { name: 'same', role: v.isDefault ? AgentRole.GENERIC : AgentRole.LOG_COLLECTOR }) },
      variants: [{ name: 'gpu', pools: ['gpu'] }],
    });
    expect(synthErrors(app)).toEqual([
      'mixed: variant default has role generic, variant gpu has role log-collector; all variants must be the same kind of agent',
      'mixed: variants gpu and default both create DaemonSet agents/same; give each variant VariantContext.name',
    ]);
  });
});

describe('AgentVariants: invalid variants are rejected when declared', () => {
  const cases: Array<[string, Partial<AgentVariantsProps>, string]> = [
    ['no variants', { variants: [] }, 'AgentVariants log-collector: variants: Required value: give at least one variant ({ name, pools })'],
    ['an unknown pool', { variants: [{ name: 'gpu', pools: ['gpus'] }] }, 'AgentVariants log-collector: variants[0].pools: Unsupported value: "gpus": the fleet\'s pools are "cp", "general", "gpu", "windows"'],
    ['a pool in two variants', { variants: [{ name: 'a', pools: ['gpu'] }, { name: 'b', pools: ['general', 'gpu'] }] }, 'variants[1].pools: pool "gpu" is already in variant "a"; a pool can have only one variant'],
    ['a variant without pools', { variants: [{ name: 'a', pools: [] }] }, 'variants[0].pools: Required value: name the pools variant "a" runs on (pools: cp, general, gpu, windows)'],
    ['an invalid name', { variants: [{ name: 'GPU', pools: ['gpu'] }] }, 'variants[0].name: Invalid value: "GPU": a lowercase RFC 1123 label must consist of'],
    ['a duplicate name', { variants: [{ name: 'a', pools: ['gpu'] }, { name: 'a', pools: ['cp'] }] }, 'variants[1].name: Duplicate value: "a"'],
    ['the catch-all\'s name', { variants: [{ name: 'default', pools: ['gpu'] }] }, 'variants[0].name: Duplicate value: "default" is the catch-all variant\'s name (rename it with catchAllVariant.name)'],
  ];
  test.each(cases)('%s', (_, props, message) => {
    const { chart } = appWithChart();
    expect(() => new AgentVariants(chart, 'log-collector', { fleet: testFleet(), factory: nodeAgentFactory(), variants: [], ...props })).toThrow(message);
  });

  test('a pool whose nodes lack the pool label cannot have a variant', () => {
    const { chart } = appWithChart();
    const fleet = Fleet.fromNodes(testFleet().nodes, { groupBy: 'team' });
    expect(() => variants(chart, { variants: [{ name: 'x', pools: ['ungrouped'] }] }, fleet))
      .toThrow('variants[0].pools: pool "ungrouped" has nodes without the team label, so no node affinity can select it; label its nodes, or leave it to the catch-all variant');
  });

  test('the factory must return an agent', () => {
    const { chart } = appWithChart();
    expect(() => new AgentVariants(chart, 'x', {
      fleet: testFleet(),
      factory: { create: (scope, id) => new Construct(scope, id) },
      variants: [{ name: 'gpu', pools: ['gpu'] }],
    })).toThrow('AgentVariants x: the factory returned agents/x/gpu for variant "gpu", which is not a NodeAgent and contains no or several NodeAgents; return the agent construct');
  });

  test('agentFor names the variants when the name is unknown', () => {
    const { chart } = appWithChart();
    const v = variants(chart, { variants: [{ name: 'gpu', pools: ['gpu'] }] });
    expect(() => v.agentFor('arm64')).toThrow('AgentVariants log-collector: no variant "arm64"; the variants are "gpu", "default"');
  });
});

describe('with a FleetCheck: the report shows which variant runs where', () => {
  test('cells name the variants, expectations apply to the agent as a whole', () => {
    const { app, chart } = appWithChart();
    const fleet = testFleet();
    const check = fleet.attach(app);
    const v = variants(chart, { variants: [{ name: 'gpu', pools: ['gpu'] }], factory: nodeAgentFactory({ tolerations: AgentTolerations.everything() }) });
    check.expectVariants(v, { pools: ['cp', 'general', 'gpu'] });
    expect(synthErrors(app)).toEqual([]);
    const json = JSON.parse(check.reportJson());
    const cells = json.cells.filter((c: any) => c.agent === 'log-collector');
    expect(cells.map((c: any) => [c.pool, c.verdict, c.variants])).toEqual([
      ['cp', 'runs', ['default']],
      ['general', 'runs', ['default']],
      ['gpu', 'runs', ['gpu']],
      ['windows', "excluded: node(s) didn't match Pod's node affinity/selector", []],
    ]);
    expect(json.agents).toEqual([{
      name: 'log-collector',
      role: 'log-collector',
      daemonSets: ['agents/log-collector-gpu', 'agents/log-collector'],
      expectation: 'explicit',
      expectedPools: ['cp', 'general', 'gpu'],
      os: [],
    }]);
  });

  test('expect() on one variant is refused: the expectation is about the agent as a whole', () => {
    const { app, chart } = appWithChart();
    const check = testFleet().attach(app);
    const v = variants(chart, { variants: [{ name: 'gpu', pools: ['gpu'] }] });
    expect(() => check.expect(v.agentFor('gpu'), { pools: ['gpu'] }))
      .toThrow('FleetCheck.expect(log-collector-gpu): the agent is a variant of log-collector; say where the agent as a whole is meant to run with expectVariants()');
  });

  test('a FleetCheck reports a variant that misses its pool with the variant named', () => {
    const { app, chart } = appWithChart();
    const check = testFleet().attach(app);
    const v = variants(chart, { variants: [{ name: 'gpu', pools: ['gpu'] }], factory: nodeAgentFactory({ tolerations: AgentTolerations.controlPlane() }) });
    check.expectVariants(v, { pools: ['gpu'] });
    expect(synthErrors(app)).toEqual([
      'log-collector: pool gpu (4 nodes): variant gpu (DaemonSet log-collector-gpu) is meant for this pool but does not run there: node(s) had untolerated taint {nvidia.com/gpu: present}',
      'log-collector: pool gpu (4 nodes): variant gpu (DaemonSet log-collector-gpu): node(s) had untolerated taint {nvidia.com/gpu: present}',
    ]);
  });
});
