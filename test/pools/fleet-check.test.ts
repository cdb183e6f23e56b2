import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Include } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { agent, appWithChart, RESOURCES, synthErrors, testFleet } from './helpers';
import { AgentRole } from '../../src/agent/role';
import { AgentTolerations, TolerationOperator } from '../../src/agent/tolerations';
import { AgentUpdateStrategy } from '../../src/agent/update-strategy';
import { Fleet } from '../../src/pools/fleet';
import { NodePool } from '../../src/pools/node-pool';

const UNTOLERATED_GPU = 'node(s) had untolerated taint {nvidia.com/gpu: present}';
const NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
const GPU_TOLERATION = AgentTolerations.of({ key: 'nvidia.com/gpu', operator: TolerationOperator.EXISTS });
const port = (n: number, protocol?: kplus.Protocol): kplus.ContainerPort => ({ number: n, hostPort: n, protocol });

describe('landing: an agent does not land on a pool it is meant for', () => {
  test('trips: the log collector misses the tainted GPU pool', () => {
    const { app, chart } = appWithChart();
    const check = testFleet().attach(app);
    const a = agent(chart, 'log-collector', { role: AgentRole.LOG_COLLECTOR, tolerations: AgentTolerations.controlPlane() });
    check.expect(a, { pools: ['cp', 'general', 'gpu'] });
    expect(synthErrors(app)).toEqual([`log-collector: pool gpu (4 nodes): ${UNTOLERATED_GPU}`]);
  });

  test('passes: tolerating the taint lands it on every pool it is meant for', () => {
    const { app, chart } = appWithChart();
    const check = testFleet().attach(app);
    const a = agent(chart, 'log-collector', { role: AgentRole.LOG_COLLECTOR, tolerations: AgentTolerations.controlPlane().and(GPU_TOLERATION) });
    check.expect(a, { pools: ['cp', 'general', 'gpu'] });
    expect(synthErrors(app)).toEqual([]);
  });

  test('trips by default: an agent that tolerates every taint is meant for every Linux pool', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'gpu-agent', { tolerations: AgentTolerations.everything(), nodeSelector: { 'nvidia.com/gpu.present': 'true' } });
    expect(synthErrors(app)).toEqual([
      `gpu-agent: pool cp (1 node): ${NODE_AFFINITY}`,
      `gpu-agent: pool general (3 nodes): ${NODE_AFFINITY}`,
    ]);
  });

  test('passes: expect() narrows the pools of such an agent', () => {
    const { app, chart } = appWithChart();
    const check = testFleet().attach(app);
    const a = agent(chart, 'gpu-agent', { tolerations: AgentTolerations.everything(), nodeSelector: { 'nvidia.com/gpu.present': 'true' } });
    check.expect(a, { pools: ['gpu'] });
    expect(synthErrors(app)).toEqual([]);
  });

  test('an agent that does not tolerate everything has no expected pools by default', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'plain');
    expect(synthErrors(app)).toEqual([]);
  });

  test('trips on part of a pool, naming the nodes', () => {
    const { app, chart } = appWithChart();
    const fleet = testFleet();
    const nodes = fleet.pool('general').nodes;
    nodes[2].spec.taints = [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }];
    const inventory = Fleet.fromNodes(nodes, { groupBy: 'cdk8s-node-agents.io/pool' });
    const check = inventory.attach(app);
    check.expect(agent(chart, 'x'), { pools: ['general'] });
    expect(synthErrors(app)).toEqual(['x: pool general: 1 of 3 nodes (general-2): node(s) had untolerated taint {dedicated: db}']);
  });

  test('trips when the pod cannot be scheduled: pending, with the scheduler reason', () => {
    const { app, chart } = appWithChart();
    const check = testFleet().attach(app);
    const a = agent(chart, 'big', { resources: { cpuRequest: '2', memoryRequest: '128Mi', memoryLimit: '256Mi' }, tolerations: AgentTolerations.controlPlane() });
    check.expect(a, { pools: ['cp', 'general'] });
    expect(synthErrors(app)).toEqual([
      'big: pool cp (1 node): its pods would stay Pending: Insufficient cpu',
      'pool cp (1 node): the agents request 2 cpu per node, more than the 1930m allocatable (big 2); the pods that do not fit stay Pending ("Insufficient cpu")',
    ]);
  });

  test('expectDaemonSet covers DaemonSets that are not NodeAgents', () => {
    const { app, chart } = appWithChart();
    const check = testFleet().attach(app);
    new ApiObject(chart, 'helm-ds', plainDaemonSet('dcgm-exporter', { tolerations: [] }));
    check.expectDaemonSet('dcgm-exporter', { pools: ['gpu'] }, 'gpu-operator');
    expect(synthErrors(app)).toEqual([`dcgm-exporter: pool gpu (4 nodes): ${UNTOLERATED_GPU}`]);
  });

  test('a DaemonSet the engine cannot read is a validation error naming it, not a crash', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    const bad = plainDaemonSet('broken', {});
    bad.spec.template.spec.containers[0].resources.requests.cpu = 'lots';
    new ApiObject(chart, 'helm-ds', bad);
    expect(synthErrors(app)).toContainEqual(expect.stringContaining('agents/helm-ds: DaemonSet gpu-operator/broken: spec.template.spec.containers[0].resources.requests.cpu: invalid quantity "lots"'));
  });

  test('an expectation naming an unknown pool is an error', () => {
    const { app, chart } = appWithChart();
    const check = testFleet().attach(app);
    check.expect(agent(chart, 'x'), { pools: ['gpus'] });
    expect(synthErrors(app)).toEqual(['x: expected on pool "gpus", but the fleet has no such pool (pools: cp, general, gpu, windows)']);
  });

  test('expect() needs a pools list', () => {
    const { app, chart } = appWithChart();
    const check = testFleet().attach(app);
    expect(() => check.expect(agent(chart, 'x'), {} as any)).toThrow('FleetCheck.expect(x): pools: Required value: list the pools the agent is meant for');
  });
});

describe('control-plane and not-ready: CNI and CSI agents must reach every node', () => {
  test('trips: a CNI agent that does not tolerate the control-plane taint', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'cni', { role: AgentRole.CNI, tolerations: GPU_TOLERATION });
    const errors = synthErrors(app);
    expect(errors).toContain('cni: pool cp (1 node): node(s) had untolerated taint {node-role.kubernetes.io/control-plane: } (a CNI agent must run on control-plane nodes too)');
  });

  test('trips: a CNI agent that would not start on a NotReady node', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'cni', { role: AgentRole.CNI, tolerations: AgentTolerations.controlPlane().and(GPU_TOLERATION) });
    const why = '(a new node stays NotReady until its CNI agent runs, so it would never become Ready; tolerate node.kubernetes.io/not-ready NoSchedule, e.g. AgentTolerations.everything())';
    expect(synthErrors(app)).toEqual(['cp', 'general', 'gpu'].map((p) => `cni: would not start on a NotReady node of pool ${p}: node(s) had untolerated taint {node.kubernetes.io/not-ready: } ${why}`));
  });

  test('trips: a CSI node plugin that would not start on a NotReady node', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'csi', { role: AgentRole.CSI, tolerations: AgentTolerations.controlPlane().and(GPU_TOLERATION) });
    expect(synthErrors(app)[0]).toBe('csi: would not start on a NotReady node of pool cp: node(s) had untolerated taint {node.kubernetes.io/not-ready: } (volumes could not be mounted on a node that starts or restarts NotReady; tolerate node.kubernetes.io/not-ready NoSchedule, e.g. AgentTolerations.everything())');
  });

  test('passes: CNI and CSI agents that tolerate everything', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'cni', { role: AgentRole.CNI });
    agent(chart, 'csi', { role: AgentRole.CSI });
    expect(synthErrors(app)).toEqual([]);
  });

  test('the role of a plain DaemonSet comes from its cdk8s-node-agents.io/role annotation', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    new ApiObject(chart, 'calico', plainDaemonSet('calico-node', {
      annotations: { 'cdk8s-node-agents.io/role': 'cni' },
      tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }, { key: 'nvidia.com/gpu', operator: 'Exists' }],
    }));
    expect(synthErrors(app)).toEqual(['cp', 'general', 'gpu'].map((p) => expect.stringContaining(`calico-node: would not start on a NotReady node of pool ${p}`)));
  });
});

describe('resources: what all agents request on a node', () => {
  const cpu = (v: string) => ({ ...RESOURCES, cpuRequest: v });

  test('trips: two agents that each fit but not together', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'a', { resources: cpu('1200m'), tolerations: AgentTolerations.controlPlane() });
    agent(chart, 'b', { resources: cpu('1200m'), tolerations: AgentTolerations.controlPlane() });
    expect(synthErrors(app)).toEqual([
      'pool cp (1 node): the agents request 2400m cpu per node, more than the 1930m allocatable (a 1200m, b 1200m); the pods that do not fit stay Pending ("Insufficient cpu")',
    ]);
  });

  test('passes: together they fit', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'a', { resources: cpu('900m'), tolerations: AgentTolerations.controlPlane() });
    agent(chart, 'b', { resources: cpu('1030m'), tolerations: AgentTolerations.controlPlane() });
    expect(synthErrors(app)).toEqual([]);
  });

  test('trips: a per-node budget', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app, { maxAgentCpuPerNode: '150m', maxAgentMemoryPerNode: '200Mi' });
    agent(chart, 'a');
    agent(chart, 'b');
    expect(synthErrors(app)).toEqual([
      'pool general (3 nodes): the agents request 200m cpu per node, over the maxAgentCpuPerNode budget of 150m (a 100m, b 100m)',
      'pool general (3 nodes): the agents request 256Mi memory per node, over the maxAgentMemoryPerNode budget of 200Mi (a 128Mi, b 128Mi)',
    ]);
  });

  test('passes: within the budget', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app, { maxAgentCpuPerNode: '200m', maxAgentMemoryPerNode: '256Mi' });
    agent(chart, 'a');
    agent(chart, 'b');
    expect(synthErrors(app)).toEqual([]);
  });

  test('trips: more agent pods than the node allows', () => {
    const { app, chart } = appWithChart();
    testFleet([new NodePool({ name: 'tiny', count: 2, allocatable: { cpu: '2', memory: '4Gi', pods: 1 } })]).attach(app);
    agent(chart, 'a');
    agent(chart, 'b');
    expect(synthErrors(app)).toEqual(['pool tiny (2 nodes): 2 agent pods per node, but the node allows 1 pods in all (allocatable pods); the rest stay Pending ("Too many pods")']);
  });

  test('trips: an extended resource the pool does not advertise', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'needs-gpu', { resources: { ...RESOURCES, extended: { 'nvidia.com/gpu': '1' } } });
    expect(synthErrors(app)).toEqual([
      'pool general (3 nodes): the agents request 1 nvidia.com/gpu per node, more than the 0 (not advertised) allocatable (needs-gpu 1); the pods that do not fit stay Pending ("Insufficient nvidia.com/gpu")',
    ]);
  });

  test('a malformed budget is rejected where it is given', () => {
    const { app } = appWithChart();
    expect(() => testFleet().attach(app, { maxAgentCpuPerNode: 'half a core' })).toThrow('FleetCheck: maxAgentCpuPerNode: invalid quantity "half a core"');
    expect(() => testFleet().attach(app, { maxAgentMemoryPerNode: '-1Gi' })).toThrow('FleetCheck: maxAgentMemoryPerNode: Invalid value: "-1Gi": must be greater than or equal to 0');
    expect(app.node.children.map((c) => c.node.id)).toEqual(['agents']);
  });
});

describe('host-port: two agents claim the same host port on a node', () => {
  test('trips: node-exporter and another exporter on 9100', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'node-exporter', { ports: [port(9100)] });
    agent(chart, 'other-exporter', { ports: [port(9100)] });
    expect(synthErrors(app)).toEqual([
      'node-exporter and other-exporter both claim host port 9100/TCP on the same nodes (pool general (3 nodes)): the second pod stays Pending ("node(s) didn\'t have free ports for the requested pod ports")',
    ]);
  });

  test('trips: a hostNetwork agent binds its container ports on the host', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'cilium', { hostNetwork: true, ports: [{ number: 9962 }] });
    agent(chart, 'metrics', { ports: [port(9962)] });
    expect(synthErrors(app)).toEqual([expect.stringContaining('cilium and metrics both claim host port 9962/TCP')]);
  });

  test('trips: a plain DaemonSet (e.g. from Include) and a NodeAgent', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'include-'));
    try {
      const file = path.join(dir, 'ds.yaml');
      fs.writeFileSync(file, JSON.stringify(plainDaemonSet('prometheus-node-exporter', { ports: [{ containerPort: 9100, hostPort: 9100 }] })));
      const { app, chart } = appWithChart();
      testFleet().attach(app);
      new Include(chart, 'helm-output', { url: file });
      agent(chart, 'node-exporter', { ports: [port(9100)] });
      expect(synthErrors(app)).toEqual([expect.stringContaining('prometheus-node-exporter and node-exporter both claim host port 9100/TCP on the same nodes (pool general (3 nodes))')]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('passes: different ports, or different protocols', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'a', { ports: [port(9100)] });
    agent(chart, 'b', { ports: [port(9101)] });
    agent(chart, 'c', { ports: [port(9100, kplus.Protocol.UDP)] });
    expect(synthErrors(app)).toEqual([]);
  });

  test('passes: agents that never share a node', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'a', { ports: [port(9100)] });
    agent(chart, 'b', { ports: [port(9100)], tolerations: GPU_TOLERATION, nodeSelector: { 'nvidia.com/gpu.present': 'true' } });
    expect(synthErrors(app)).toEqual([]);
  });
});

describe('surge-host-port: RollingUpdate surge with host ports', () => {
  const surge = AgentUpdateStrategy.rollingUpdate({
    maxSurge: kplus.PercentOrAbsolute.absolute(1),
    maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
  });

  test('trips: maxSurge 1 and host port 9100', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'node-exporter', { ports: [port(9100)], updateStrategy: surge });
    expect(synthErrors(app)).toEqual([
      'node-exporter: DaemonSet node-exporter uses RollingUpdate with maxSurge 1 and host port 9100/TCP: the surge pod cannot get the port the old pod still holds ("node(s) didn\'t have free ports for the requested pod ports"), so the rollout stalls; Kubernetes accepts this, so set maxSurge 0 and maxUnavailable 1 or a percentage',
    ]);
  });

  test('trips: a percentage surge with a hostNetwork port', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'x', {
      hostNetwork: true,
      ports: [{ number: 8080 }],
      updateStrategy: AgentUpdateStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.percent(10),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
    });
    expect(synthErrors(app)).toEqual([expect.stringContaining('x: DaemonSet x uses RollingUpdate with maxSurge "10%" and host port 8080/TCP')]);
  });

  test('passes: surge without host ports, and host ports without surge', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'a', { updateStrategy: surge, ports: [{ number: 8080 }] });
    agent(chart, 'b', { ports: [port(9100)] });
    agent(chart, 'c', { ports: [port(9200)], updateStrategy: AgentUpdateStrategy.onDelete() });
    expect(synthErrors(app)).toEqual([]);
  });
});

describe('os: an agent without an OS selector lands on Windows', () => {
  test('trips', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'everywhere', { nodeSelector: {}, tolerations: AgentTolerations.everything() });
    expect(synthErrors(app)).toEqual([
      'everywhere: DaemonSet everywhere would run on windows pool windows (2 nodes) because it has no kubernetes.io/os node selector (a Linux image fails there with ImagePullBackOff or exec format errors); select kubernetes.io/os=linux or expect the pool explicitly',
    ]);
  });

  test('passes: the default kubernetes.io/os=linux selector keeps it off Windows', () => {
    const { app, chart } = appWithChart();
    testFleet().attach(app);
    agent(chart, 'everywhere', { tolerations: AgentTolerations.everything() });
    expect(synthErrors(app)).toEqual([]);
  });

  test('passes: an agent meant for the Windows pool', () => {
    const { app, chart } = appWithChart();
    const check = testFleet().attach(app);
    const a = agent(chart, 'win', { nodeSelector: {}, tolerations: AgentTolerations.everything() });
    check.expect(a, { pools: ['cp', 'general', 'gpu', 'windows'] });
    expect(synthErrors(app)).toEqual([]);
  });
});

describe('reports', () => {
  function build() {
    const { app, chart } = appWithChart();
    const check = testFleet().attach(app);
    agent(chart, 'log-collector', { role: AgentRole.LOG_COLLECTOR });
    const gpu = agent(chart, 'gpu-plugin', { role: AgentRole.DEVICE_PLUGIN, tolerations: GPU_TOLERATION, nodeSelector: { 'nvidia.com/gpu.present': 'true' } });
    check.expect(gpu, { pools: ['gpu'] });
    return { app, check };
  }

  test('text: the matrix, the reasons, the overhead', () => {
    const text = build().check.reportText();
    expect(text).toContain('Placement report for cluster test: 10 nodes in 4 pools, 2 agents');
    expect(text).toMatch(/agent +cp \(1\) +general \(3\) +gpu \(4\) +windows \(2\)\n +log-collector +runs +runs +runs +excluded\n +gpu-plugin +excluded +excluded +runs +excluded/);
    expect(text).toContain(`    windows (2 nodes): excluded: ${NODE_AFFINITY}`);
    expect(text).toContain(`    cp (1 node): excluded: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }; ${NODE_AFFINITY}`);
    expect(text).toMatch(/ +gpu +4 +2 +200m +256Mi +800m +1Gi\n/);
    expect(text).toMatch(/ +total +10 +1200m +1\.5Gi\n/);
    expect(text).toContain('Findings: none.');
    expect(text).toContain('  DaemonSet agents/gpu-plugin: desired on 4 of 10 nodes (RollingUpdate, maxSurge 0, maxUnavailable 1)');
  });

  test('json: one cell per agent × pool, with reasons and requests', () => {
    const json = JSON.parse(build().check.reportJson());
    expect(json.cells).toHaveLength(8);
    const cell = json.cells.find((c: any) => c.agent === 'gpu-plugin' && c.pool === 'general');
    expect(cell).toEqual({
      agent: 'gpu-plugin',
      pool: 'general',
      verdict: `excluded: ${NODE_AFFINITY}`,
      kind: 'excluded',
      expected: false,
      nodes: 3,
      runs: 0,
      pending: 0,
      excluded: 3,
      expectedNodes: 0,
      missed: 0,
      offPlatform: 0,
      scope: '',
      variants: [],
      requests: { cpu: '100m', memory: '128Mi' },
      groups: [{
        status: 'excluded',
        reason: NODE_AFFINITY,
        daemonSet: 'gpu-plugin',
        platform: 'linux/amd64',
        expected: false,
        onPlatform: true,
        nodes: 3,
        nodeNames: ['general-0', 'general-1', 'general-2'],
      }],
    });
    expect(json.pools.find((p: any) => p.name === 'gpu')).toEqual({
      name: 'gpu',
      nodes: 4,
      os: 'linux',
      arch: 'amd64',
      platforms: [{ os: 'linux', arch: 'amd64', nodes: 4 }],
      controlPlane: false,
      controlPlaneNodes: 0,
      allocatable: { 'cpu': '31850m', 'memory': '230Gi', 'pods': '110', 'nvidia.com/gpu': '4' },
      allocatableLargest: { 'cpu': '31850m', 'memory': '230Gi', 'pods': '110', 'nvidia.com/gpu': '4' },
      taints: ['nvidia.com/gpu=present:NoSchedule'],
      partialTaints: [],
    });
    expect(json.overhead.total).toEqual({ cpu: '1200m', memory: '1.5Gi' });
    expect(json.placement.daemonSets.map((d: any) => d.name)).toEqual(['gpu-plugin', 'log-collector']);
  });

  test('writeReport writes text, JSON and HTML', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
    try {
      const files = build().check.writeReport(path.join(dir, 'out'));
      expect(files.map((f) => path.basename(f))).toEqual(['placement.txt', 'placement.json', 'placement.html']);
      expect(fs.readFileSync(files[2], 'utf8')).toMatch(/^<!DOCTYPE html>/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the same app gives the same bytes', () => {
    expect(build().check.reportJson()).toBe(build().check.reportJson());
    expect(build().check.reportHtml()).toBe(build().check.reportHtml());
  });
});

/** A DaemonSet as Helm or `kubectl get -o yaml` would give it. */
function plainDaemonSet(name: string, opts: { tolerations?: any[]; ports?: any[]; annotations?: Record<string, string> }): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'gpu-operator', annotations: opts.annotations },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: opts.tolerations,
          containers: [{ name, image: `example.com/${name}:1.0.0`, ports: opts.ports, resources: { requests: { cpu: '50m', memory: '64Mi' } } }],
        },
      },
    },
  };
}
