/**
 * `place --priorities`: preemption where a daemon pod does not fit (Kubernetes 1.28
 * DefaultPreemption), with the cluster's PriorityClasses and PodDisruptionBudgets.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES, runCli } from './helpers';
import { CliIo } from '../../src/cli/io';
import { run } from '../../src/cli/main';

const FLEET = ['place', '--nodes', 'nodes/kubectl-nodes.json', '--pods', 'pods/kubectl-pods.json'];
const PRIORITIES = path.join('priorities', 'kubectl-priorities.json');

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-node-agents-preempt-'));
}

/** A DaemonSet file in a temporary directory; returns its absolute path. */
function daemonSet(name: string, podSpec: Record<string, unknown>, memory = '3Gi'): string {
  const file = path.join(tmpDir(), `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'ops' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image: `${name}:1`, resources: { requests: { memory } } }], ...podSpec },
      },
    },
  }));
  return file;
}

const node = (json: any, ds: string, n: string) => json.daemonSets.find((d: any) => d.name === ds).nodes.find((v: any) => v.node === n);

describe('place --json: preemption per node where the pod does not fit', () => {
  test('the victims, and a PodDisruptionBudget that changes them', () => {
    const without = JSON.parse(runCli([...FLEET, '--json', 'dist']).stdout);
    expect(node(without, 'fluent-bit', 'small-a-1').preemption).toEqual({
      possible: true, victims: ['default/checkout-7d9f8c6b5d-x2k4p'], pdbViolations: 0, reason: 'Preempted by a pod on node small-a-1',
    });
    // The checkout budget allows no disruption: its pod is reprieved first, cart goes instead.
    const result = runCli([...FLEET, '--priorities', PRIORITIES, '--json', 'dist']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(node(json, 'fluent-bit', 'small-a-1').preemption).toEqual({
      possible: true, victims: ['default/cart-5b8d7f9c4-q8wzn'], pdbViolations: 0, reason: 'Preempted by a pod on node small-a-1',
    });
    expect(node(json, 'node-exporter', 'worker-a-1').preemption.victims).toEqual(['legacy/prometheus-node-exporter-8xk2m']);
    // Only where the pod should run and does not fit.
    expect(node(json, 'fluent-bit', 'worker-b-1')).not.toHaveProperty('preemption');
    expect(node(json, 'nvidia-device-plugin', 'worker-b-1')).not.toHaveProperty('preemption');
    expect(Object.keys(node(json, 'fluent-bit', 'small-a-1'))).toEqual(['node', 'shouldRun', 'shouldContinueRunning', 'schedulable', 'reasons', 'failedFilters', 'preemption']);
  });

  test('evicting a pod a budget protects is counted', () => {
    const big = daemonSet('collector', { priorityClassName: 'system-node-critical' }, '1228Mi');
    const json = JSON.parse(runCli([...FLEET, '--priorities', PRIORITIES, '--json', big]).stdout);
    expect(node(json, 'collector', 'small-a-1').preemption).toMatchObject({ possible: true, pdbViolations: 1 });
    expect(node(json, 'collector', 'small-a-1').preemption.victims).toEqual(['default/checkout-7d9f8c6b5d-x2k4p', 'default/cart-5b8d7f9c4-q8wzn']);
  });

  test('without a priority: the scheduler\'s own message, in JSON and text', () => {
    const plain = daemonSet('plain', {});
    const json = JSON.parse(runCli([...FLEET, '--json', plain]).stdout);
    expect(node(json, 'plain', 'small-a-1').preemption).toEqual({
      possible: false, victims: [], pdbViolations: 0, reason: 'No preemption victims found for incoming pod',
    });
    const text = runCli([...FLEET, plain]).stdout;
    expect(text).toContain('  cannot be scheduled on 1 node where it should run (the pod stays Pending):\n'
      + '    1 node: Insufficient memory [preemption: No preemption victims found for incoming pod] (small-a-1)\n');
  });

  test('a pod the apiserver refuses: podCreationError', () => {
    const ds = daemonSet('nope', { priorityClassName: 'agents' }, '1Mi');
    const json = JSON.parse(runCli([...FLEET, '--priorities', PRIORITIES, '--json', ds]).stdout);
    expect(json.daemonSets[0].podCreationError).toBe('no PriorityClass with name agents was found');
    expect(Object.keys(json.daemonSets[0])).toEqual(['namespace', 'name', 'desiredNumberScheduled', 'rollout', 'podCreationError', 'nodes']);
    const text = runCli([...FLEET, '--priorities', PRIORITIES, ds]);
    expect(text.stdout).toContain('  the apiserver refuses its pods, so it has none: no PriorityClass with name agents was found\n');
    expect(text.stdout).toContain('1 DaemonSet, 6 nodes: ops/nope has no pods: the apiserver refuses them.\n');
    expect(text.code).toBe(1);
    // Without the cluster's classes the class cannot be judged: no error, and preemption says why.
    const unknown = JSON.parse(runCli([...FLEET, '--json', ds]).stdout);
    expect(unknown.daemonSets[0]).not.toHaveProperty('podCreationError');
  });
});

describe('place --priorities: unusable input exits 2 naming the file and field', () => {
  function write(objects: unknown[]): string {
    const file = path.join(tmpDir(), 'priorities.json');
    fs.writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2));
    return file;
  }
  const pc = (name: string, value: unknown, extra: Record<string, unknown> = {}) => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra });

  test.each([
    ['another kind', () => write([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }]),
      'items[0].kind: expected a PriorityClass or a PodDisruptionBudget (kubectl get priorityclasses,pdb -A -o json), got "Pod"'],
    ['a value that is not an integer', () => write([pc('high', '1000')]), 'items[0].value: must be an integer, got "1000"'],
    ['a value beyond int32', () => write([pc('high', 3000000000)]), 'items[0].value: must be a 32-bit integer, got 3000000000'],
    ['an unknown preemptionPolicy', () => write([pc('high', 5, { preemptionPolicy: 'Sometimes' })]),
      'items[0].preemptionPolicy: unsupported value "Sometimes" (supported values: "Never", "PreemptLowerPriority")'],
    ['a removed API version', () => write([{ apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'b' } }]),
      'items[0].apiVersion: PodDisruptionBudget apiVersion "policy/v1beta1" is not served by Kubernetes 1.28; use "policy/v1"'],
    ['a budget with a bad disruptionsAllowed', () => write([{ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'b', namespace: 'x' }, status: { disruptionsAllowed: 'one' } }]),
      'items[0].status.disruptionsAllowed: must be an integer, got "one"'],
  ])('%s', (_name, make, detail) => {
    const file = make();
    const result = runCli([...FLEET, '--priorities', file, 'dist']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^cdk8s-node-agents place: .*priorities\.json: /);
    expect(result.stderr).toContain(detail);
  });

  test('a PriorityClass given twice', () => {
    const result = runCli([...FLEET, '--priorities', write([pc('high', 5), pc('high', 6)]), 'dist']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('items[1].metadata.name: duplicate PriorityClass "high" (also defined in ');
  });

  test('--priorities twice is a usage error', () => {
    const result = runCli([...FLEET, '--priorities', PRIORITIES, '--priorities', PRIORITIES, 'dist']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('option --priorities given more than once (put all PriorityClasses and PodDisruptionBudgets in one file or directory)');
  });

  test('--priorities - reads standard input; only one input may be -', () => {
    let stdout = '';
    const io: CliIo = { cwd: FIXTURES, stdout: (t) => { stdout += t; }, stderr: () => undefined, stdin: () => fs.readFileSync(path.join(FIXTURES, PRIORITIES)) };
    expect(run([...FLEET, '--priorities', '-', '--json', 'dist'], io)).toBe(1);
    expect(node(JSON.parse(stdout), 'fluent-bit', 'small-a-1').preemption.victims).toEqual(['default/cart-5b8d7f9c4-q8wzn']);
    const twice = runCli(['place', '--nodes', '-', '--priorities', '-', 'dist']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('standard input (-) can be read only once, but --nodes and --priorities both name it; write one of them to a file');
  });

  test('the file is read relative to the working directory', () => {
    expect(runCli([...FLEET, '--priorities', PRIORITIES, 'dist'], FIXTURES).code).toBe(1);
  });
});
