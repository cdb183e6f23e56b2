/** The jsii-facing `Placement` with PriorityClasses and PodDisruptionBudgets: preemption per node. */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Placement } from '../../src/placement/placement';
import { formatPlacementText } from '../../src/report/text';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { allocatable: { cpu: '1', memory: '1Gi', pods: '10' } } };
const web = (name: string, start: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', labels: { app: 'web' } },
  spec: { nodeName: 'n1', priorityClassName: 'shop', containers: [{ name: 'web', resources: { requests: { cpu: '400m' } } }] },
  status: { phase: 'Running', startTime: start },
});
const agent = (priorityClassName: string) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'node-exporter', namespace: 'monitoring' },
  spec: {
    selector: { matchLabels: { app: 'node-exporter' } },
    template: { metadata: { labels: { app: 'node-exporter' } }, spec: { priorityClassName, containers: [{ name: 'e', resources: { requests: { cpu: '300m' } } }] } },
  },
});
const classes = [
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'shop' }, value: 1000 },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'agents' }, value: 1000000 },
];
const budget = (allowed: number) => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { selector: { matchLabels: { app: 'web' } } },
  status: { disruptionsAllowed: allowed },
});

describe('Placement with priorities', () => {
  const pods = [web('web-1', '2024-05-12T08:00:00Z'), web('web-2', '2024-05-12T09:00:00Z')];

  test('fromObjects: classes resolve the pods\' and the agent\'s priorities; the later pod is evicted', () => {
    const r = Placement.fromObjects([node], pods, classes).simulateDaemonSet(agent('agents'));
    expect(r.nodes[0]).toMatchObject({ schedulable: false, reasons: ['Insufficient cpu'] });
    expect(r.nodes[0].preemption).toEqual({ possible: true, victims: ['shop/web-2'], pdbViolations: 0, reason: 'Preempted by a pod on node n1' });
    expect(formatPlacementText({ daemonSets: [r] })).toContain('monitoring/node-exporter would evict 1 pod on 1 node (shop/web-2).');
  });

  test('a budget with no disruption left: the eviction is counted and reported', () => {
    const r = Placement.fromObjects([node], pods, [...classes, budget(0)]).simulateDaemonSet(agent('agents'));
    expect(r.nodes[0].preemption).toMatchObject({ victims: ['shop/web-2'], pdbViolations: 1 });
    expect(formatPlacementText({ daemonSets: [r] })).toContain('(shop/web-2); 1 eviction breaks a PodDisruptionBudget.');
  });

  test('an agent below the workload evicts nothing; without the classes the pods count as 0 and are evicted', () => {
    const low = Placement.fromObjects([node], pods, [...classes, { ...classes[0], metadata: { name: 'low' }, value: 10 }]).simulateDaemonSet(agent('low'));
    expect(low.nodes[0].preemption).toEqual({ possible: false, victims: [], pdbViolations: 0, reason: 'No preemption victims found for incoming pod' });
    const unknown = Placement.fromObjects([node], pods).simulateDaemonSet(agent('system-node-critical'));
    expect(unknown.nodes[0].preemption!.victims).toEqual(['shop/web-2']);
  });

  test('fromObjects rejects what is not a list of PriorityClasses and budgets, naming the entry', () => {
    expect(() => Placement.fromObjects([node], [], {} as any)).toThrow('Placement.fromObjects(): priorities: must be a list of PriorityClass and PodDisruptionBudget objects');
    expect(() => Placement.fromObjects([node], [], [node])).toThrow('Placement.fromObjects(): priorities[0].kind: expected a PriorityClass or a PodDisruptionBudget (kubectl get priorityclasses,pdb -A -o json), got "Node"');
  });

  test('fromFiles reads the priorities file', () => {
    const cwd = process.cwd();
    process.chdir(FIXTURES);
    try {
      const p = Placement.fromFiles('nodes/kubectl-nodes.json', 'pods/kubectl-pods.json', 'priorities/kubectl-priorities.json');
      const manifests = parseAllDocuments(fs.readFileSync(path.join(FIXTURES, 'dist', '0000-logging.k8s.yaml'), 'utf8')).map((d) => d.toJS());
      const fluentBit = p.simulate(manifests).daemonSets[0];
      expect(fluentBit.nodes.find((n) => n.node === 'small-a-1')!.preemption!.victims).toEqual(['default/cart-5b8d7f9c4-q8wzn']);
    } finally {
      process.chdir(cwd);
    }
  });
});
