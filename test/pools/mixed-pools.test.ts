// Pools that are not uniform: an inventory grouped by instance type, zone or
// node group mixes Linux and Windows, amd64 and arm64, tainted and untainted,
// large and small nodes. Expectations hold per node; a real miss still fails.
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { agent, appWithChart, synthErrors } from './helpers';
import { AgentRole } from '../../src/agent/role';
import { AgentTolerations, TolerationOperator } from '../../src/agent/tolerations';
import { CniAgent, CniPreset, LogCollector, LogOutput, NodeExporter } from '../../src/agents';
import { analyzeFleet } from '../../src/pools/analysis';
import { Fleet } from '../../src/pools/fleet';

const EXAMPLE_NODES = path.join(__dirname, '..', '..', 'examples', 'nodes.json');
const NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
const INSTANCE_TYPE = 'node.kubernetes.io/instance-type';
/** The three Windows nodes of examples/nodes.json, which share m6i.2xlarge with ten Linux nodes. */
const WINDOWS_NODES = [
  'ip-10-0-80-20.eu-west-1.compute.internal',
  'ip-10-0-81-21.eu-west-1.compute.internal',
  'ip-10-0-82-22.eu-west-1.compute.internal',
];

interface NodeSpec {
  readonly os?: string;
  readonly arch?: string;
  readonly labels?: Record<string, string>;
  readonly taints?: Array<{ key: string; value?: string; effect: string }>;
  readonly allocatable?: Record<string, string>;
  readonly capacity?: Record<string, string>;
  readonly unschedulable?: boolean;
}

/** A v1 Node as `kubectl get nodes -o json` shows it (instance type `m6i.2xlarge` unless labelled otherwise). */
function node(name: string, spec: NodeSpec = {}): any {
  const os = spec.os ?? 'linux';
  const arch = spec.arch ?? 'amd64';
  const status: any = { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] };
  if (spec.capacity) status.capacity = spec.capacity;
  if (spec.allocatable || !spec.capacity) status.allocatable = spec.allocatable ?? { cpu: '7910m', memory: '30Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': os,
        'kubernetes.io/arch': arch,
        'beta.kubernetes.io/os': os,
        'beta.kubernetes.io/arch': arch,
        [INSTANCE_TYPE]: 'm6i.2xlarge',
        ...spec.labels,
      },
    },
    spec: { ...(spec.taints ? { taints: spec.taints } : {}), ...(spec.unschedulable ? { unschedulable: true } : {}) },
    status,
  };
}

const WINDOWS_TAINT = { key: 'os', value: 'windows', effect: 'NoSchedule' };
const linux = (n: number, spec: NodeSpec = {}) => Array.from({ length: n }, (_, i) => node(`linux-${i}`, spec));
const windows = (n: number) => Array.from({ length: n }, (_, i) => node(`win-${i}`, { os: 'windows', taints: [WINDOWS_TAINT] }));

describe('the README\'s first snippet on examples/nodes.json (pools by instance type)', () => {
  /** The snippet as the README writes it; only the inventory path differs. */
  function readmeSnippet(): { app: App; fleet: Fleet } {
    const app = new App({ outdir: '/nonexistent-not-written' });
    const fleet = Fleet.fromInventoryFile(EXAMPLE_NODES, { groupBy: 'node.kubernetes.io/instance-type' });
    fleet.attach(app, { maxAgentCpuPerNode: '1', maxAgentMemoryPerNode: '2Gi' }); // placement checks at synth

    const cni = new Chart(app, 'cilium');
    new CniAgent(cni, 'cilium', { preset: CniPreset.CILIUM, createNamespace: false });

    const logging = new Chart(app, 'logging');
    new LogCollector(logging, 'fluent-bit', { output: LogOutput.loki({ host: 'loki-gateway.logging.svc' }) });

    const monitoring = new Chart(app, 'monitoring');
    new NodeExporter(monitoring, 'node-exporter', {});
    return { app, fleet };
  }

  test('synthesizes: the Windows nodes that share m6i.2xlarge with Linux nodes are not misses', () => {
    const { app } = readmeSnippet();
    expect(synthErrors(app)).toEqual([]);
  });

  test('the mixed pool: os and arch say what every node shares, platforms what each runs', () => {
    const pool = readmeSnippet().fleet.pool('m6i.2xlarge');
    expect([pool.count, pool.os, pool.arch]).toEqual([13, '', 'amd64']);
    expect(pool.platforms).toEqual([{ os: 'linux', arch: 'amd64', count: 10 }, { os: 'windows', arch: 'amd64', count: 3 }]);
    expect(readmeSnippet().fleet.pool('m7g.2xlarge').platforms).toEqual([{ os: 'linux', arch: 'arm64', count: 6 }]);
  });

  test('the report says how the pool is mixed and what each agent does on each platform', () => {
    const { app, fleet } = readmeSnippet();
    const check = app.node.findChild('FleetCheck-cluster') as ReturnType<Fleet['attach']>;
    expect(check.fleet).toBe(fleet);
    const text = check.reportText();
    expect(text).toMatch(/\n {2}m6i\.2xlarge {2,}13 {2,}10 linux\/amd64 \+ 3 windows\/amd64 {2,}cpu=7910m memory=30\.1Gi ephemeral-storage=90Gi pods=110 {2,}node\.kubernetes\.io\/not-ready:NoSchedule \(1 of 13 nodes\), node\.kubernetes\.io\/not-ready:NoExecute \(1 of 13 nodes\), os=windows:NoSchedule \(3 of 13 nodes\)\n/);
    expect(text).toMatch(/\n {2}cilium +runs +runs \(10 linux\/amd64\) +runs/);
    expect(text).toContain(`    m6i.2xlarge (3 of 13 nodes; windows/amd64, not its platform): excluded: ${NODE_AFFINITY}`);
    expect(text).toContain('cilium [cni]: meant for every Linux node (cni agent)');
    expect(text).toContain('Findings: none.');

    const json = JSON.parse(check.reportJson());
    const cell = json.cells.find((c: any) => c.agent === 'cilium' && c.pool === 'm6i.2xlarge');
    expect(cell).toMatchObject({
      verdict: 'runs on 10 linux/amd64 nodes; 3 windows/amd64 nodes are not its platform',
      kind: 'runs',
      expected: true,
      nodes: 13,
      runs: 10,
      excluded: 3,
      expectedNodes: 10,
      missed: 0,
      offPlatform: 3,
      scope: '10 linux/amd64',
    });
    expect(cell.groups.map((g: any) => [g.status, g.platform, g.expected, g.onPlatform, g.nodes])).toEqual([
      ['runs', 'linux/amd64', true, true, 10],
      ['excluded', 'windows/amd64', false, false, 3],
    ]);
    expect(cell.groups[1].nodeNames).toEqual(WINDOWS_NODES);
    expect(json.pools.find((p: any) => p.name === 'm6i.2xlarge')).toMatchObject({
      os: '',
      arch: 'amd64',
      platforms: [{ os: 'linux', arch: 'amd64', nodes: 10 }, { os: 'windows', arch: 'amd64', nodes: 3 }],
      partialTaints: [
        { taint: 'node.kubernetes.io/not-ready:NoSchedule', nodes: 1 },
        { taint: 'node.kubernetes.io/not-ready:NoExecute', nodes: 1 },
        { taint: 'os=windows:NoSchedule', nodes: 3 },
      ],
    });

    const html = check.reportHtml();
    expect(html).toContain('<th class="pool" scope="row">m6i.2xlarge<small>13 nodes: 10 linux/amd64 + 3 windows/amd64</small></th>');
    expect(html).toContain('<summary><b>runs on 10 linux/amd64 nodes; 3 windows/amd64 nodes are not its platform</b></summary>');
    expect(html).toContain('<span class="platform">windows/amd64, not its platform</span>');
    expect(html).not.toContain('class="cell k-runs expected missed"');
  });

  test('a real miss on a Linux node of the mixed pool still fails, with Kubernetes\' reason and the node', () => {
    const nodes = (JSON.parse(fs.readFileSync(EXAMPLE_NODES, 'utf8')) as { items: any[] }).items;
    const victim = nodes.find((n) => n.metadata.labels[INSTANCE_TYPE] === 'm6i.2xlarge' && n.metadata.labels['kubernetes.io/os'] === 'linux'
      && !(n.spec.taints ?? []).length);
    victim.spec.taints = [{ key: 'dedicated', value: 'ingress', effect: 'NoSchedule' }];
    const app = new App({ outdir: '/nonexistent-not-written' });
    const fleet = Fleet.fromNodes(nodes, { groupBy: INSTANCE_TYPE });
    fleet.attach(app);
    const chart = new Chart(app, 'agents');
    // A CNI agent (meant for every Linux node) that tolerates every taint of the example but the new one.
    const keys = ['node-role.kubernetes.io/control-plane', 'node.kubernetes.io/not-ready', 'nvidia.com/gpu', 'storage.example.com/dedicated', 'node.example.com/edge', 'node.example.com/capacity-type'];
    agent(chart, 'cni', { role: AgentRole.CNI, tolerations: AgentTolerations.of(...keys.map((key) => ({ key, operator: TolerationOperator.EXISTS }))) });
    expect(synthErrors(app)).toEqual([`cni: pool m6i.2xlarge: 1 of 13 nodes (${victim.metadata.name}): node(s) had untolerated taint {dedicated: ingress}`]);
  });
});

describe('mixed OS in one pool', () => {
  const fleet = () => Fleet.fromNodes([...linux(3), ...windows(2)]);

  test('a CNI agent is meant for the Linux nodes only; the Windows nodes are not its platform', () => {
    const { app, chart } = appWithChart();
    const check = fleet().attach(app);
    agent(chart, 'cni', { role: AgentRole.CNI, tolerations: AgentTolerations.everything() });
    expect(synthErrors(app)).toEqual([]);
    expect(check.reportText()).toMatch(/\n {2}cni +runs \(3 linux\/amd64\)\n/);
  });

  test('a real miss on a Linux node fails; the Windows nodes are still not mentioned', () => {
    const nodes = [...linux(3), ...windows(2)];
    nodes[1].spec.taints = [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }];
    const { app, chart } = appWithChart();
    const check = Fleet.fromNodes(nodes).attach(app);
    agent(chart, 'cni', { role: AgentRole.CNI, tolerations: AgentTolerations.noSchedule() });
    expect(synthErrors(app)).toEqual(['cni: pool m6i.2xlarge: 1 of 5 nodes (linux-1): node(s) had untolerated taint {dedicated: db}']);
    const text = check.reportText();
    expect(text).toMatch(/\n {2}cni +2\/3 \(3 linux\/amd64\) !\n/);
    expect(text).toContain('    m6i.2xlarge (1 of 5 nodes; linux/amd64): excluded: node(s) had untolerated taint {dedicated: db}');
    const cell = JSON.parse(check.reportJson()).cells[0];
    expect([cell.kind, cell.verdict, cell.missed, cell.offPlatform]).toEqual(['partial', '2 of 3 linux/amd64 nodes; 2 windows/amd64 nodes are not its platform', 1, 2]);
    expect(check.reportHtml()).toContain('<td class="cell k-partial expected missed" data-agent="cni" data-pool="m6i.2xlarge"');
  });

  test('an agent with no OS selector that lands on the Windows nodes of a mixed pool is reported, naming them', () => {
    const { app, chart } = appWithChart();
    fleet().attach(app);
    agent(chart, 'everywhere', { nodeSelector: {}, tolerations: AgentTolerations.everything() });
    expect(synthErrors(app)).toEqual([
      'everywhere: DaemonSet everywhere would run on the windows nodes of pool m6i.2xlarge: 2 of 5 nodes (win-0, win-1) because it has no kubernetes.io/os node selector (a Linux image fails there with ImagePullBackOff or exec format errors); select kubernetes.io/os=linux or expect the pool explicitly',
    ]);
  });

  test('expect(): a Linux agent expected on the mixed pool is meant for its Linux nodes', () => {
    const { app, chart } = appWithChart();
    const check = fleet().attach(app);
    const a = agent(chart, 'exporter');
    check.expect(a, { pools: ['m6i.2xlarge'] });
    expect(synthErrors(app)).toEqual([]);
    const cell = JSON.parse(check.reportJson()).cells[0];
    expect([cell.kind, cell.expectedNodes, cell.offPlatform]).toEqual(['runs', 3, 2]);
  });

  test('expect(): a Linux agent expected on a pool of Windows nodes only is still a miss', () => {
    const { app, chart } = appWithChart();
    const check = Fleet.fromNodes([...linux(1, { labels: { [INSTANCE_TYPE]: 'm6i.large' } }), ...windows(2)]).attach(app);
    const a = agent(chart, 'exporter', { tolerations: AgentTolerations.everything() });
    check.expect(a, { pools: ['m6i.large', 'm6i.2xlarge'] });
    expect(synthErrors(app)).toEqual([`exporter: pool m6i.2xlarge (2 nodes): ${NODE_AFFINITY}`]);
  });

  test('a Windows agent meant for every node of its platform: expect() on the mixed pool', () => {
    const { app, chart } = appWithChart();
    const check = fleet().attach(app);
    const a = agent(chart, 'win-agent', { nodeSelector: { 'kubernetes.io/os': 'windows' }, tolerations: AgentTolerations.everything() });
    check.expect(a, { pools: ['m6i.2xlarge'] });
    expect(synthErrors(app)).toEqual([]);
    expect(check.reportText()).toMatch(/\n {2}win-agent +runs \(2 windows\/amd64\)\n/);
  });
});

describe('mixed architectures in one pool (a Karpenter NodePool allowing amd64 and arm64)', () => {
  const nodes = () => [
    ...Array.from({ length: 2 }, (_, i) => node(`amd-${i}`, { labels: { [INSTANCE_TYPE]: 'm6i.2xlarge', 'karpenter.sh/nodepool': 'general' } })),
    ...Array.from({ length: 3 }, (_, i) => node(`arm-${i}`, { arch: 'arm64', labels: { [INSTANCE_TYPE]: 'm7g.2xlarge', 'karpenter.sh/nodepool': 'general' } })),
  ];
  const amd64Only = [kplus.NodeLabelQuery.in('kubernetes.io/arch', ['amd64'])];

  test('a multi-arch CNI agent reaches every node', () => {
    const { app, chart } = appWithChart();
    const check = Fleet.fromNodes(nodes(), { groupBy: 'karpenter.sh/nodepool' }).attach(app);
    agent(chart, 'cni', { role: AgentRole.CNI, tolerations: AgentTolerations.everything() });
    expect(synthErrors(app)).toEqual([]);
    expect(check.reportText()).toMatch(/\n {2}general {2,}5 {2,}3 linux\/arm64 \+ 2 linux\/amd64 {2,}/);
  });

  test('an amd64-only CNI agent misses the arm64 nodes: a real miss (every Linux node needs its CNI)', () => {
    const { app, chart } = appWithChart();
    Fleet.fromNodes(nodes(), { groupBy: 'karpenter.sh/nodepool' }).attach(app);
    agent(chart, 'cni', { role: AgentRole.CNI, tolerations: AgentTolerations.everything(), nodeAffinity: amd64Only });
    expect(synthErrors(app)).toEqual([`cni: pool general: 3 of 5 nodes (arm-0, arm-1, arm-2): ${NODE_AFFINITY}`]);
  });

  test('expect(): an amd64-only agent expected on the pool is meant for its amd64 nodes', () => {
    const { app, chart } = appWithChart();
    const check = Fleet.fromNodes(nodes(), { groupBy: 'karpenter.sh/nodepool' }).attach(app);
    const a = agent(chart, 'amd64-agent', { nodeAffinity: amd64Only });
    check.expect(a, { pools: ['general'] });
    expect(synthErrors(app)).toEqual([]);
    const cell = JSON.parse(check.reportJson()).cells[0];
    expect([cell.kind, cell.verdict]).toEqual(['runs', 'runs on 2 linux/amd64 nodes; 3 linux/arm64 nodes are not its platform']);
  });
});

describe('mixed taints, control plane and sizes in one pool (grouped by zone)', () => {
  const ZONE = 'topology.kubernetes.io/zone';
  const zoned = (name: string, spec: NodeSpec = {}) => node(name, { ...spec, labels: { [ZONE]: 'eu-west-1a', ...spec.labels } });
  const nodes = () => [
    zoned('cp-0', { labels: { 'node-role.kubernetes.io/control-plane': '' }, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }], allocatable: { cpu: '3920m', memory: '14Gi', pods: '110' } }),
    zoned('gpu-0', { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }], allocatable: { 'cpu': '31850m', 'memory': '240Gi', 'pods': '110', 'nvidia.com/gpu': '4' } }),
    zoned('small-0', { allocatable: { cpu: '1930m', memory: '3Gi', pods: '17' } }),
    zoned('general-0'),
    zoned('general-1'),
  ];
  const fleet = () => Fleet.fromNodes(nodes(), { groupBy: ZONE });

  test('a log collector that does not tolerate the GPU taint misses the GPU node only, naming it', () => {
    const { app, chart } = appWithChart();
    const check = fleet().attach(app);
    const a = agent(chart, 'logs', { role: AgentRole.LOG_COLLECTOR, tolerations: AgentTolerations.controlPlane() });
    check.expect(a, { pools: ['eu-west-1a'] });
    expect(synthErrors(app)).toEqual(['logs: pool eu-west-1a: 1 of 5 nodes (gpu-0): node(s) had untolerated taint {nvidia.com/gpu: present}']);
  });

  test('a CNI agent that does not tolerate the control-plane taint: a control-plane finding for that node', () => {
    const { app, chart } = appWithChart();
    fleet().attach(app);
    agent(chart, 'cni', { role: AgentRole.CNI, tolerations: AgentTolerations.of({ key: 'nvidia.com/gpu', operator: TolerationOperator.EXISTS }) });
    const errors = synthErrors(app);
    expect(errors).toContain('cni: pool eu-west-1a: 1 of 5 nodes (cp-0): node(s) had untolerated taint {node-role.kubernetes.io/control-plane: } (a CNI agent must run on control-plane nodes too)');
    expect(errors.filter((e) => e.includes('control-plane nodes too'))).toHaveLength(1);
  });

  test('the agents\' requests are checked against each node\'s allocatable: only the small node is too small', () => {
    const { app, chart } = appWithChart();
    fleet().attach(app);
    agent(chart, 'big', { tolerations: AgentTolerations.everything(), resources: { cpuRequest: '1', memoryRequest: '4Gi', memoryLimit: '4Gi' } });
    expect(synthErrors(app)).toEqual([
      // Kubernetes' own verdict for that node (the agent tolerates everything: meant for every Linux node) ...
      'big: pool eu-west-1a: 1 of 5 nodes (small-0): its pods would stay Pending: Insufficient memory',
      // ... and the sum of the agents' requests against that node's allocatable.
      'pool eu-west-1a: 1 of 5 nodes (small-0): the agents request 4Gi memory per node, more than the 3Gi allocatable (big 4Gi); the pods that do not fit stay Pending ("Insufficient memory")',
    ]);
  });

  test('the report shows control-plane nodes, the allocatable range and the taints of some nodes', () => {
    const { app } = appWithChart();
    const check = fleet().attach(app);
    const text = check.reportText();
    expect(text).toContain('  eu-west-1a (1 control plane)  5      linux/amd64  cpu=1930m..31850m memory=3Gi..240Gi pods=17..110 nvidia.com/gpu=0..4  '
      + 'node-role.kubernetes.io/control-plane:NoSchedule (1 of 5 nodes), nvidia.com/gpu=present:NoSchedule (1 of 5 nodes)');
    const pool = JSON.parse(check.reportJson()).pools[0];
    expect(pool).toMatchObject({ controlPlane: false, controlPlaneNodes: 1, allocatable: { 'cpu': '1930m', 'nvidia.com/gpu': '0' }, allocatableLargest: { 'cpu': '31850m', 'nvidia.com/gpu': '4' } });
  });
});

describe('nodes without status.allocatable: the scheduler reads their capacity (SetDefaults_NodeStatus)', () => {
  const nodes = () => [
    node('a', { capacity: { cpu: '2', memory: '4Gi', pods: '110' } }),
    node('b', { capacity: { cpu: '8', memory: '32Gi', pods: '110' } }),
  ];

  test('the pool\'s allocatable is the smallest capacity, and nodes of different capacity are simulated apart', () => {
    const fleet = Fleet.fromNodes(nodes());
    expect(fleet.pools[0].allocatable).toMatchObject({ cpu: '2', memory: '4Gi', pods: 110 });
    const d = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'big', namespace: 'ns' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', resources: { requests: { cpu: '3' } } }] } } } };
    const analysis = analyzeFleet(fleet, [{ name: 'big', daemonSets: [{ manifest: d as any, source: 'test' }] }]);
    expect(analysis.placement.daemonSets[0].nodes.map((v) => [v.node, v.schedulable, v.reasons])).toEqual([
      ['a', false, ['Insufficient cpu']],
      ['b', true, []],
    ]);
    expect(analysis.findings.map((f) => f.message)).toEqual([
      'pool m6i.2xlarge: 1 of 2 nodes (a): the agents request 3 cpu per node, more than the 2 allocatable (big 3); the pods that do not fit stay Pending ("Insufficient cpu")',
    ]);
  });
});

describe('an agent for another OS: meant for every node of its OS, not every Linux node', () => {
  test('a Windows CNI agent that tolerates everything is meant for the Windows nodes, and a miss there still fails', () => {
    const nodes = [...linux(2), ...windows(2)];
    const { app, chart } = appWithChart();
    const check = Fleet.fromNodes(nodes).attach(app);
    agent(chart, 'calico-node-windows', { role: AgentRole.CNI, nodeSelector: { 'kubernetes.io/os': 'windows' }, tolerations: AgentTolerations.everything() });
    expect(synthErrors(app)).toEqual([]);
    expect(check.reportText()).toContain('calico-node-windows [cni]: meant for every Windows node (cni agent)');
    expect(JSON.parse(check.reportJson()).agents[0]).toMatchObject({ expectation: 'role', os: ['windows'], expectedPools: ['m6i.2xlarge'] });

    const { app: app2, chart: chart2 } = appWithChart();
    Fleet.fromNodes(nodes).attach(app2);
    agent(chart2, 'calico-node-windows', { role: AgentRole.CNI, nodeSelector: { 'kubernetes.io/os': 'windows' }, tolerations: AgentTolerations.controlPlane() });
    expect(synthErrors(app2)).toEqual(['calico-node-windows: pool m6i.2xlarge: 2 of 4 nodes (win-0, win-1): node(s) had untolerated taint {os: windows}']);
  });

  test('an agent without an OS selector is meant for every Linux node', () => {
    const { app, chart } = appWithChart();
    const check = Fleet.fromNodes([...linux(2), ...windows(1)]).attach(app);
    const notReady = AgentTolerations.of({ key: 'node.kubernetes.io/not-ready', operator: TolerationOperator.EXISTS });
    agent(chart, 'cni', { role: AgentRole.CNI, nodeSelector: {}, tolerations: AgentTolerations.controlPlane().and(notReady) });
    expect(synthErrors(app)).toEqual([]);
    expect(check.reportText()).toContain('cni [cni]: meant for every Linux node (cni agent)');
  });
});
