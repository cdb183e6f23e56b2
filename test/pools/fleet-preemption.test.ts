/**
 * FleetCheck with a workload (the pods already running, PriorityClasses, PodDisruptionBudgets):
 * preemption warnings, budget-breaking errors, and agents that stay Pending beside the pods.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { agent, appWithChart, synthErrors } from './helpers';
import { Falco } from '../../src/agents';
import { Fleet } from '../../src/pools/fleet';
import { formatFleetHtml } from '../../src/report/html';
import { fleetToJson, formatFleetText } from '../../src/report/summary';

const node = (name: string, pool: string, cpu: string) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'node.example.com/pool': pool } },
  status: { allocatable: { cpu, memory: '8Gi', pods: '110' } },
});
const NODES = [node('gpu-1', 'gpu', '2'), node('gpu-2', 'gpu', '2'), node('gpu-3', 'gpu', '2'), node('general-1', 'general', '2'), node('general-2', 'general', '2')];

/** A running pod with a cpu request, a priority class and a start time. */
function pod(ns: string, name: string, nodeName: string, cpu: string, priorityClassName: string, start: number, labels: Record<string, string> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: { nodeName, priorityClassName, containers: [{ name: 'c', image: 'c:1', resources: { requests: { cpu } } }] },
    status: { phase: 'Running', startTime: `2024-05-12T08:${String(start).padStart(2, '0')}:00Z` },
  };
}

const PRIORITIES = [
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'batch' }, value: 100 },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'serving' }, value: 100000 },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'agents-low' }, value: 10 },
  {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'trainer', namespace: 'ml' },
    spec: { selector: { matchLabels: { app: 'trainer' } } },
    status: { disruptionsAllowed: 0 },
  },
];

/** The GPU nodes are full of training jobs (batch priority); the general nodes of serving pods. */
const PODS = [
  pod('ml', 'train-a', 'gpu-1', '1900m', 'batch', 1),
  pod('ml', 'train-b', 'gpu-2', '1900m', 'batch', 2),
  pod('ml', 'train-c', 'gpu-3', '1900m', 'batch', 3, { app: 'trainer' }),
  pod('shop', 'web-1', 'general-1', '1900m', 'serving', 4),
  pod('shop', 'web-2', 'general-2', '1900m', 'serving', 5),
];

function files(pods: unknown[], priorities: unknown[]): { podsFile: string; prioritiesFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-preempt-'));
  const podsFile = path.join(dir, 'pods.json');
  const prioritiesFile = path.join(dir, 'priorities.json');
  fs.writeFileSync(podsFile, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pods }));
  fs.writeFileSync(prioritiesFile, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: priorities }));
  return { podsFile, prioritiesFile };
}

function fleet(pods = PODS, priorities: unknown[] = PRIORITIES): Fleet {
  return Fleet.fromNodes(NODES, { groupBy: 'node.example.com/pool', clusterName: 'prod', ...files(pods, priorities) });
}

describe('FleetCheck with a workload', () => {
  test('an agent that evicts lower-priority pods: a warning naming them, printed at synth; a broken budget is an error', () => {
    const { app, chart } = appWithChart();
    const f = fleet();
    const check = f.attach(chart);
    const printed: string[] = [];
    check._sink = (line) => printed.push(line);
    const exporter = agent(chart, 'node-exporter', { priorityClassName: 'system-node-critical', resources: { cpuRequest: '200m', memoryRequest: '64Mi', memoryLimit: '64Mi' } });
    check.expect(exporter, { pools: ['gpu', 'general'] });
    expect(synthErrors(app)).toEqual([
      'node-exporter would evict 1 pod on 1 gpu node (ml/train-c); 1 eviction breaks a PodDisruptionBudget to make room for its pods (preemption: their priority is lower)',
    ]);
    expect(printed).toEqual([
      'warning: FleetCheck prod: [preemption] node-exporter would evict 2 pods on 2 gpu nodes (ml/train-a, ml/train-b) to make room for its pods (preemption: their priority is lower)',
      'warning: FleetCheck prod: [preemption] node-exporter would evict 2 pods on 2 general nodes (shop/web-1, shop/web-2) to make room for its pods (preemption: their priority is lower)',
    ]);
    const analysis = check._analyze();
    expect(formatFleetText(analysis)).toContain([
      'Beside the running pods (preemption: the scheduler evicts lower-priority pods to make room):',
      '  node-exporter would evict 2 pods on 2 gpu nodes (ml/train-a, ml/train-b)',
      '  node-exporter would evict 1 pod on 1 gpu node (ml/train-c); 1 eviction breaks a PodDisruptionBudget',
      '  node-exporter would evict 2 pods on 2 general nodes (shop/web-1, shop/web-2)',
    ].join('\n'));
    expect(formatFleetText(analysis)).toContain('  [preemption, warning] node-exporter would evict 2 pods on 2 gpu nodes');
    expect(formatFleetHtml(analysis)).toContain('<li>node-exporter would evict 2 pods on 2 general nodes (shop/web-1, shop/web-2)</li>');
    const json = fleetToJson(analysis) as any;
    expect(json.findings.map((x: any) => [x.check, x.severity])).toEqual([['preemption', 'warning'], ['preemption', 'error'], ['preemption', 'warning']]);
    expect(json.workload[0]).toEqual({
      agent: 'node-exporter', pool: 'gpu', outcome: 'evicts', expected: true, nodes: 2, nodeNames: ['gpu-1', 'gpu-2'], victims: ['ml/train-a', 'ml/train-b'], pdbViolations: 0, reason: '',
    });
  });

  test('an agent below the workload stays Pending where it is meant to run: an error with the scheduler\'s message', () => {
    const { app, chart } = appWithChart();
    const check = fleet().attach(chart);
    check._sink = () => undefined;
    const low = agent(chart, 'log-agent', { priorityClassName: 'agents-low', resources: { cpuRequest: '200m', memoryRequest: '64Mi', memoryLimit: '64Mi' } });
    check.expect(low, { pools: ['gpu'] });
    expect(synthErrors(app)).toEqual([
      'log-agent: pool gpu (3 nodes): its pods would stay Pending beside the pods already running: Insufficient cpu [preemption: No preemption victims found for incoming pod]',
    ]);
    // Not meant for general: reported, not an error.
    expect(formatFleetText(check._analyze())).toContain('  log-agent would stay Pending on 2 general nodes (not meant for them): Insufficient cpu [preemption: No preemption victims found for incoming pod]');
  });

  test('an agent that fits beside the workload: no finding; without a workload nothing is said', () => {
    const { app, chart } = appWithChart();
    const check = fleet().attach(chart);
    agent(chart, 'tiny', { priorityClassName: 'system-node-critical', resources: { cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '64Mi' } });
    expect(synthErrors(app)).toEqual([]);
    expect(formatFleetText(check._analyze())).toContain('  every agent fits beside the pods already running');
    const bare = Fleet.fromNodes(NODES, { groupBy: 'node.example.com/pool' });
    expect(bare.workload).toBeUndefined();
  });

  test('a PriorityClass the cluster does not have: the apiserver refuses the pods', () => {
    const { app, chart } = appWithChart();
    const check = fleet().attach(chart);
    agent(chart, 'typo', { priorityClassName: 'system-node-critcal' });
    expect(synthErrors(app)).toContain('typo: DaemonSet agents/typo: the apiserver refuses its pods, so it has none: no PriorityClass with name system-node-critcal was found');
    expect(check._analyze().findings.filter((x) => x.check === 'admission')).toHaveLength(1);
  });

  test('the workload must cover the fleet\'s nodes', () => {
    const { Placement } = jest.requireActual('../../src/placement/placement');
    const other = Placement.fromObjects([NODES[0]]);
    const f = fleet();
    expect(() => new Fleet({ pools: f.pools, workload: other }))
      .toThrow('Fleet: workload: the workload\'s nodes must be the fleet\'s nodes; not in the workload: "gpu-2", "gpu-3", "general-1" and 1 more; build both from the same node inventory');
  });

  test('a bad pods file is an error naming the file and field', () => {
    const bad = files([{ ...PODS[0], status: { startTime: 'yesterday' } }], []);
    expect(() => Fleet.fromNodes(NODES, { podsFile: bad.podsFile })).toThrow(/pods\.json: Pod\/ml\/train-a: items\[0\]\.status\.startTime: must be an RFC 3339 time such as/);
  });
});

test('README: a fleet read with its pods and priorities reports whose pods an agent would evict', () => {
  const examples = path.join(__dirname, '..', '..', 'examples');
  const f = Fleet.fromInventoryFile(path.join(examples, 'nodes.json'), {
    groupBy: 'node.cluster.x-k8s.io/pool',
    podsFile: path.join(examples, 'pods.json'),
    prioritiesFile: path.join(examples, 'priorities.json'),
  });
  const { app, chart } = appWithChart();
  const check = f.attach(chart);
  check._sink = () => undefined;
  new Falco(chart, 'falco', {});
  expect(synthErrors(app)).toEqual([]);
  expect(formatFleetText(check._analyze())).toContain('  falco would evict 2 pods on 2 gpu nodes (ml/train-llm-0, ml/train-llm-1)\n');
});
