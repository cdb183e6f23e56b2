import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES, runCli } from './helpers';

const TAINT_NOT_READY = 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }';
const TAINT_GPU = 'node(s) had untolerated taint {nvidia.com/gpu: present}';
const TAINT_CONTROL_PLANE = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
const AFFINITY = "node(s) didn't match Pod's node affinity/selector";
const PORTS = "node(s) didn't have free ports for the requested pod ports";

const FLEET = ['place', '--nodes', 'nodes/kubectl-nodes.json', '--pods', 'pods/kubectl-pods.json', 'dist'];

/**
 * The fleet scenario (test/fixtures/nodes, pods, dist) as Kubernetes 1.28.7 decides it
 * (recorded from the ds-oracle: `ds-oracle --nodes ... --pods ... --daemonsets ...`).
 * [node, shouldRun, shouldContinueRunning, schedulable, reasons]
 */
type Row = [string, boolean, boolean, boolean, string[]];
const EXPECTED: Array<{ namespace: string; name: string; desired: number; maxSurge: number; maxUnavailable: number; nodes: Row[] }> = [
  {
    namespace: 'kube-system',
    name: 'nvidia-device-plugin',
    desired: 1,
    maxSurge: 0,
    maxUnavailable: 1,
    nodes: [
      ['cp-1', false, false, false, [TAINT_CONTROL_PLANE, AFFINITY]],
      ['worker-a-1', false, false, false, [AFFINITY]],
      ['worker-b-1', false, false, false, [AFFINITY]],
      ['worker-c-1', false, false, false, [TAINT_NOT_READY, AFFINITY]],
      ['gpu-a-1', true, true, true, []],
      ['small-a-1', false, false, false, [AFFINITY]],
    ],
  },
  {
    namespace: 'logging',
    name: 'fluent-bit',
    desired: 4,
    maxSurge: 0,
    maxUnavailable: 1, // 10% of 4, rounded up
    nodes: [
      ['cp-1', true, true, true, []],
      ['worker-a-1', true, true, true, []], // its own pod's hostPort 2020 does not count
      ['worker-b-1', true, true, true, []], // cordoned: the controller tolerates unschedulable
      ['worker-c-1', false, true, false, [TAINT_NOT_READY]], // not-ready:NoSchedule is not injected
      ['gpu-a-1', false, true, false, [TAINT_GPU]],
      ['small-a-1', true, true, false, ['Insufficient memory']], // the Succeeded job pod does not count
    ],
  },
  {
    namespace: 'monitoring',
    name: 'node-exporter',
    desired: 6,
    maxSurge: 0,
    maxUnavailable: 1,
    nodes: [
      ['cp-1', true, true, true, []],
      ['worker-a-1', true, true, false, [PORTS]], // hostNetwork: hostPort 9100 is taken by another DaemonSet's pod
      ['worker-b-1', true, true, true, []],
      ['worker-c-1', true, true, true, []],
      ['gpu-a-1', true, true, true, []],
      ['small-a-1', true, true, true, []],
    ],
  },
];

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-node-agents-place-'));
}

describe('place --json', () => {
  const result = runCli([...FLEET, '--json']);
  const output = result.code === 1 ? JSON.parse(result.stdout) : undefined;

  test('exits 1 (a DaemonSet cannot be scheduled where it should run), nothing on stderr', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
  });

  test('the documented shape with exactly these keys, DaemonSets ordered by namespace and name', () => {
    expect(Object.keys(output)).toEqual(['daemonSets']);
    expect(output.daemonSets.map((d: any) => `${d.namespace}/${d.name}`)).toEqual(EXPECTED.map((d) => `${d.namespace}/${d.name}`));
    for (const ds of output.daemonSets) {
      expect(Object.keys(ds).slice(0, 5)).toEqual(['namespace', 'name', 'desiredNumberScheduled', 'rollout', 'nodes']);
      expect(Object.keys(ds.rollout)).toEqual(['strategy', 'maxSurge', 'maxUnavailable']);
      for (const node of ds.nodes) {
        expect(Object.keys(node).slice(0, 5)).toEqual(['node', 'shouldRun', 'shouldContinueRunning', 'schedulable', 'reasons']);
      }
    }
    expect(result.stdout.endsWith('}\n')).toBe(true);
    expect(result.stdout).toBe(`${JSON.stringify(output, null, 2)}\n`);
  });

  test.each(EXPECTED)('$namespace/$name: desired count, rollout and every node\'s verdict and exact reasons', (expected) => {
    const ds = output.daemonSets.find((d: any) => d.namespace === expected.namespace && d.name === expected.name);
    expect(ds.desiredNumberScheduled).toBe(expected.desired);
    expect(ds.rollout).toEqual({ strategy: 'RollingUpdate', maxSurge: expected.maxSurge, maxUnavailable: expected.maxUnavailable });
    expect(ds.nodes.map((n: any) => [n.node, n.shouldRun, n.shouldContinueRunning, n.schedulable, n.reasons])).toEqual(expected.nodes);
  });

  test('the same answer from kubectl -o yaml nodes, a multi-document inventory and a JSON array', () => {
    for (const nodes of ['nodes/kubectl-nodes.yaml', 'nodes/inventory.yaml', 'nodes/nodes-array.json']) {
      const other = runCli(['place', '--json', `--nodes=${nodes}`, '--pods=pods/kubectl-pods.json', 'dist']);
      expect([nodes, other.code, other.stderr]).toEqual([nodes, 1, '']);
      expect(other.stdout).toBe(result.stdout);
    }
  });

  test('without --pods, every node is empty: everything fits', () => {
    const empty = runCli(['place', '--json', '--nodes', 'nodes/kubectl-nodes.json', 'dist']);
    expect(empty.code).toBe(0);
    const out = JSON.parse(empty.stdout);
    const verdicts = out.daemonSets.flatMap((d: any) => d.nodes.filter((n: any) => n.shouldRun).map((n: any) => n.schedulable));
    expect(verdicts.every((s: boolean) => s)).toBe(true);
    expect(verdicts).toHaveLength(11);
  });

  test('exit 0 when every DaemonSet fits where it should run; manifests as files', () => {
    const ok = runCli(['place', '--nodes', 'nodes/kubectl-nodes.json', '--pods', 'pods/kubectl-pods.json', '--json',
      'dist/nvidia-device-plugin.json', 'inputs/only-configmap.yaml']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).daemonSets.map((d: any) => d.name)).toEqual(['nvidia-device-plugin']);
  });

  test('a DaemonSet without a namespace is in default; DaemonSets of other API groups are skipped', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'ds.yaml'), [
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'metadata: {name: agent}',
      'spec:',
      '  selector: {matchLabels: {app: agent}}',
      '  template:',
      '    metadata: {labels: {app: agent}}',
      '    spec: {containers: [{name: agent, image: agent:1}]}',
    ].join('\n'));
    const res = runCli(['place', '--json', '--nodes', path.join(FIXTURES, 'inputs', 'small-nodes.yaml'), 'ds.yaml', path.join(FIXTURES, 'inputs', 'kruise-ds.yaml')], dir);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({
      daemonSets: [{
        namespace: 'default',
        name: 'agent',
        desiredNumberScheduled: 1,
        rollout: { strategy: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 },
        nodes: [
          expect.objectContaining({ node: 'n1', shouldRun: true, shouldContinueRunning: true, schedulable: true, reasons: [] }),
          expect.objectContaining({ node: 'n2', shouldRun: false, shouldContinueRunning: true, schedulable: false, reasons: ['node(s) had untolerated taint {dedicated: infra}'] }),
        ],
      }],
    });
  });
});

describe('place (text)', () => {
  test('a readable summary per DaemonSet, nodes grouped by verdict and reason', () => {
    const result = runCli(FLEET);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe([
      'DaemonSet kube-system/nvidia-device-plugin: desired on 1 of 6 nodes (RollingUpdate, maxSurge 0, maxUnavailable 1)',
      '  runs on 1 node: gpu-a-1',
      '  not placed on 5 nodes (a daemon pod already running there is deleted):',
      `    3 nodes: ${AFFINITY} (worker-a-1, worker-b-1, small-a-1)`,
      `    1 node: ${TAINT_CONTROL_PLANE}; ${AFFINITY} (cp-1)`,
      `    1 node: ${TAINT_NOT_READY}; ${AFFINITY} (worker-c-1)`,
      '',
      'DaemonSet logging/fluent-bit: desired on 4 of 6 nodes (RollingUpdate, maxSurge 0, maxUnavailable 1)',
      '  runs on 3 nodes: cp-1, worker-a-1, worker-b-1',
      // Both agents are system-node-critical; the pods in their way have priority 0.
      '  runs on 1 node only by evicting lower-priority pods (preemption):',
      '    1 node: Insufficient memory (small-a-1)',
      '    it would evict 1 pod on 1 node (default/checkout-7d9f8c6b5d-x2k4p)',
      '  not placed on 2 nodes (a daemon pod already running there is kept):',
      `    1 node: ${TAINT_NOT_READY} (worker-c-1)`,
      `    1 node: ${TAINT_GPU} (gpu-a-1)`,
      '',
      'DaemonSet monitoring/node-exporter: desired on 6 of 6 nodes (RollingUpdate, maxSurge 0, maxUnavailable 1)',
      '  runs on 5 nodes: cp-1, worker-b-1, worker-c-1 and 2 more',
      '  runs on 1 node only by evicting lower-priority pods (preemption):',
      `    1 node: ${PORTS} (worker-a-1)`,
      '    it would evict 1 pod on 1 node (legacy/prometheus-node-exporter-8xk2m)',
      '',
      '3 DaemonSets, 6 nodes: logging/fluent-bit would evict 1 pod on 1 node (default/checkout-7d9f8c6b5d-x2k4p);'
        + ' monitoring/node-exporter would evict 1 pod on 1 node (legacy/prometheus-node-exporter-8xk2m).',
      '',
    ].join('\n'));
  });

  test('output does not depend on the order of the arguments', () => {
    const a = runCli(['place', 'dist/nvidia-device-plugin.json', 'dist/0001-monitoring.k8s.yaml', '--nodes', 'nodes/kubectl-nodes.json']);
    const b = runCli(['place', '--nodes', 'nodes/kubectl-nodes.json', 'dist/0001-monitoring.k8s.yaml', 'dist/nvidia-device-plugin.json']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });
});

describe('place: unusable input exits 2 with one line naming file and field, nothing on stdout', () => {
  const cases: Array<{ name: string; argv: string[]; stderr: string }> = [
    {
      name: 'unreadable nodes file',
      argv: ['place', '--nodes', 'nodes/missing.json', 'dist'],
      stderr: `cdk8s-node-agents place: ${path.join('nodes', 'missing.json')}: cannot read: no such file or directory`,
    },
    {
      name: 'unreadable manifest',
      argv: ['place', '--nodes', 'nodes/kubectl-nodes.json', 'dist/missing.yaml'],
      stderr: `cdk8s-node-agents place: ${path.join('dist', 'missing.yaml')}: cannot read: no such file or directory`,
    },
    {
      name: 'malformed YAML manifest',
      argv: ['place', '--nodes', 'nodes/kubectl-nodes.json', 'inputs/malformed.yaml'],
      stderr: `cdk8s-node-agents place: ${path.join('inputs', 'malformed.yaml')}: malformed YAML at line 6, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    },
    {
      name: 'malformed JSON nodes',
      argv: ['place', '--nodes', 'inputs/malformed.json', 'dist'],
      stderr: `cdk8s-node-agents place: ${path.join('inputs', 'malformed.json')}: malformed JSON: unexpected "}" at line 5, column 69`,
    },
    {
      name: 'empty nodes file',
      argv: ['place', '--nodes', 'inputs/empty.yaml', 'dist'],
      stderr: `cdk8s-node-agents place: ${path.join('inputs', 'empty.yaml')}: file is empty (expected Kubernetes objects in YAML or JSON)`,
    },
    {
      name: 'binary junk as pods',
      argv: ['place', '--nodes', 'nodes/kubectl-nodes.json', '--pods', 'inputs/binary.yaml', 'dist'],
      stderr: `cdk8s-node-agents place: ${path.join('inputs', 'binary.yaml')}: not a text file (NUL byte at offset 7); expected YAML or JSON`,
    },
    {
      name: 'wrong kind in the nodes file',
      argv: ['place', '--nodes', 'inputs/wrong-kind-nodes.json', 'dist'],
      stderr: `cdk8s-node-agents place: ${path.join('inputs', 'wrong-kind-nodes.json')}: items[1].kind: expected a Node, got "Pod"`,
    },
    {
      name: 'nodes given as pods',
      argv: ['place', '--nodes', 'nodes/kubectl-nodes.json', '--pods', 'nodes/kubectl-nodes.json', 'dist'],
      stderr: `cdk8s-node-agents place: ${path.join('nodes', 'kubectl-nodes.json')}: items[0].kind: expected a Pod, got "Node"`,
    },
    {
      name: 'a node without a name',
      argv: ['place', '--nodes', 'inputs/missing-name-nodes.yaml', 'dist'],
      stderr: `cdk8s-node-agents place: ${path.join('inputs', 'missing-name-nodes.yaml')}: items[1].metadata.name: required field is missing (every Node needs a name)`,
    },
    {
      name: 'duplicate node names',
      argv: ['place', '--nodes', 'inputs/duplicate-nodes.yaml', 'dist'],
      stderr: `cdk8s-node-agents place: ${path.join('inputs', 'duplicate-nodes.yaml')}: document 3: metadata.name: duplicate Node "n1" (already defined at document 1)`,
    },
    {
      name: 'a node label YAML read as a boolean',
      argv: ['place', '--nodes', 'inputs/bad-label-nodes.yaml', 'dist'],
      stderr: `cdk8s-node-agents place: ${path.join('inputs', 'bad-label-nodes.yaml')}: metadata.labels["gpu"]: must be a string, got true (quote it: "true")`,
    },
    {
      name: 'a DaemonSet without containers',
      argv: ['place', '--nodes', 'nodes/kubectl-nodes.json', 'inputs/no-containers-ds.yaml'],
      stderr: `cdk8s-node-agents place: ${path.join('inputs', 'no-containers-ds.yaml')}: document 2: spec.template.spec.containers: required field is missing`,
    },
    {
      name: 'a DaemonSet with a containerPort string',
      argv: ['place', '--nodes', 'nodes/kubectl-nodes.json', 'inputs/bad-port-ds.yaml'],
      stderr: `cdk8s-node-agents place: ${path.join('inputs', 'bad-port-ds.yaml')}: spec.template.spec.containers[0].ports[0].containerPort: must be an integer, got "9100"`,
    },
    {
      name: 'a bad node affinity operator in a DaemonSet',
      argv: ['place', '--nodes', 'nodes/kubectl-nodes.json', 'inputs/bad-operator-ds.yaml'],
      stderr: `cdk8s-node-agents place: ${path.join('inputs', 'bad-operator-ds.yaml')}: spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: unsupported value "Equals" (supported values: "DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn")`,
    },
    {
      name: 'a bad label selector operator in a DaemonSet',
      argv: ['place', '--nodes', 'nodes/kubectl-nodes.json', 'inputs/bad-selector-ds.yaml'],
      stderr: `cdk8s-node-agents place: ${path.join('inputs', 'bad-selector-ds.yaml')}: spec.selector.matchExpressions[0].operator: unsupported value "Equals" (supported values: "DoesNotExist", "Exists", "In", "NotIn")`,
    },
    {
      name: 'a DaemonSet apiVersion Kubernetes 1.28 does not serve',
      argv: ['place', '--nodes', 'nodes/kubectl-nodes.json', 'inputs/old-apiversion-ds.yaml'],
      stderr: `cdk8s-node-agents place: ${path.join('inputs', 'old-apiversion-ds.yaml')}: apiVersion: DaemonSet apiVersion "extensions/v1beta1" is not served by Kubernetes 1.28; use "apps/v1"`,
    },
    {
      name: 'no DaemonSet among the manifests',
      argv: ['place', '--nodes', 'nodes/kubectl-nodes.json', 'inputs/only-configmap.yaml', 'inputs/kruise-ds.yaml'],
      stderr: 'cdk8s-node-agents place: inputs/only-configmap.yaml, inputs/kruise-ds.yaml: no DaemonSet found (read 2 objects: ConfigMap, DaemonSet)',
    },
    {
      name: 'the same DaemonSet twice',
      argv: ['place', '--nodes', 'nodes/kubectl-nodes.json', 'dist', 'dist/0001-monitoring.k8s.yaml'],
      stderr: `cdk8s-node-agents place: ${path.join('dist', '0001-monitoring.k8s.yaml')}: document 3: metadata.name: duplicate DaemonSet "monitoring/node-exporter" (also defined in ${path.join('dist', '0001-monitoring.k8s.yaml')})`,
    },
  ];

  test.each(cases)('$name', ({ argv, stderr }) => {
    const result = runCli(argv);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${stderr}\n`);
    expect(result.code).toBe(2);
  });

  test('a bad quantity in a node\'s allocatable names the file, the node and the field', () => {
    const result = runCli(['place', '--nodes', 'inputs/bad-quantity-nodes.json', 'dist']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const line = result.stderr;
    expect(line.split('\n')).toEqual([expect.any(String), '']);
    expect(line).toBe(`cdk8s-node-agents place: ${path.join('inputs', 'bad-quantity-nodes.json')}: Node/n2: items[1].status.allocatable.cpu: `
      + 'invalid quantity "4 cores": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\' '
      + '(a quantity is a decimal number (e.g. 100, 0.5, 1.5e3) with an optional suffix: m, k, M, G, T, P, E (decimal SI), '
      + 'Ki, Mi, Gi, Ti, Pi, Ei (binary SI) or an exponent e<n>/E<n>)\n');
  });

  test('a bad quantity in a pod\'s requests names the pods file and the field', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'pods.yaml'), [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: web, namespace: shop}',
      'spec:',
      '  nodeName: n1',
      '  containers:',
      '    - name: web',
      '      resources: {requests: {memory: 1gb}}',
    ].join('\n'));
    const result = runCli(['place', '--nodes', path.join(FIXTURES, 'inputs', 'small-nodes.yaml'), '--pods', 'pods.yaml', path.join(FIXTURES, 'dist')], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith('cdk8s-node-agents place: pods.yaml: Pod/shop/web: spec.containers[0].resources.requests.memory: invalid quantity "1gb": ')).toBe(true);
    expect(result.stderr).toContain('"1gb"');
    expect(result.stderr.split('\n')).toHaveLength(2);
  });

  test('a bad quantity in a DaemonSet\'s requests names the manifest and the field', () => {
    const dir = tmpDir();
    const ds = fs.readFileSync(path.join(FIXTURES, 'dist', '0001-monitoring.k8s.yaml'), 'utf8').replace('cpu: 50m', 'cpu: 50 millicores');
    fs.writeFileSync(path.join(dir, 'monitoring.yaml'), ds);
    const result = runCli(['place', '--nodes', path.join(FIXTURES, 'nodes', 'kubectl-nodes.json'), 'monitoring.yaml'], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith(
      'cdk8s-node-agents place: monitoring.yaml: document 3: DaemonSet/monitoring/node-exporter: spec.template.spec.containers[0].resources.requests.cpu: ',
    )).toBe(true);
    expect(result.stderr).toContain('"50 millicores"');
  });

  test('a label selector value the engine rejects names the manifest and the field', () => {
    const dir = tmpDir();
    const ds = fs.readFileSync(path.join(FIXTURES, 'dist', '0001-monitoring.k8s.yaml'), 'utf8')
      .replace('  selector:\n    matchLabels:\n      app.kubernetes.io/name: node-exporter', '  selector:\n    matchLabels:\n      app.kubernetes.io/name: "node exporter!"');
    fs.writeFileSync(path.join(dir, 'monitoring.yaml'), ds);
    const result = runCli(['place', '--nodes', path.join(FIXTURES, 'nodes', 'kubectl-nodes.json'), 'monitoring.yaml'], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith('cdk8s-node-agents place: monitoring.yaml: document 3: DaemonSet/monitoring/node-exporter: spec.selector')).toBe(true);
    expect(result.stderr.split('\n')).toHaveLength(2);
  });
});

describe('place: inventories are read as kubectl reads YAML (1.1)', () => {
  test('unschedulable: yes, a merge key for shared labels, hex and octal numbers', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'nodes.yaml'), [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- metadata: {name: a, labels: &linux {kubernetes.io/os: linux, kubernetes.io/arch: amd64}}',
      '  status: {allocatable: {cpu: "4", memory: 8Gi, pods: 0x6E}}',
      '- metadata: {name: b, labels: {<<: *linux, pool: spare}}',
      '  spec: {unschedulable: yes}',
      '  status: {allocatable: {cpu: "4", memory: 8Gi, pods: 0156}}',
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'pods.yaml'), [
      'apiVersion: v1', 'kind: Pod', 'metadata: {name: web, namespace: default}',
      'spec: {nodeName: a, containers: [{name: c, image: i, ports: [{containerPort: 0x1F90, hostPort: 0x1F90}]}]}', '',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'ds.yaml'), [
      'apiVersion: apps/v1', 'kind: DaemonSet', 'metadata: {name: agent, namespace: default}',
      'spec:', '  selector: {matchLabels: {app: agent}}', '  template:', '    metadata: {labels: {app: agent}}',
      '    spec: {nodeSelector: {kubernetes.io/os: linux}, containers: [{name: c, image: i, ports: [{containerPort: 8080, hostPort: 8080}]}]}', '',
    ].join('\n'));
    const result = runCli(['place', '--json', '--nodes', 'nodes.yaml', '--pods', 'pods.yaml', 'ds.yaml'], dir);
    expect(result.stderr).toBe('');
    const nodes = JSON.parse(result.stdout).daemonSets[0].nodes;
    // a: the pod's hostPort 0x1F90 (8080) is taken; b: unschedulable (yes), but labelled linux through the merge key.
    expect(nodes.map((n: any) => [n.node, n.shouldRun, n.schedulable, n.reasons])).toEqual([
      ['a', true, false, ["node(s) didn't have free ports for the requested pod ports"]],
      ['b', true, true, []],
    ]);
    expect(result.code).toBe(1);
  });
});

describe('place: a cluster with no nodes (scaled to zero) is a cluster', () => {
  // pkg/controller/daemon/update_test.go TestGetUnavailableNumbers "No nodes": a DaemonSet with
  // maxUnavailable 0 on no nodes has desired 0, maxSurge 0, maxUnavailable 0.
  const noNodesDs = [
    'apiVersion: apps/v1', 'kind: DaemonSet', 'metadata: {name: x, namespace: default}', 'spec:',
    '  selector: {matchLabels: {name: simple-daemon, type: production}}',
    '  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 0}}',
    '  template:', '    metadata: {labels: {name: simple-daemon, type: production}}', '    spec: {containers: [{name: foo, image: foo/bar}]}', '',
  ].join('\n');

  test.each([
    ['kubectl get nodes -o json of no nodes', '{"apiVersion": "v1", "items": [], "kind": "List", "metadata": {"resourceVersion": ""}}'],
    ['a NodeList without items', '{"apiVersion": "v1", "kind": "NodeList", "items": []}'],
    ['a bare List', '{"kind": "List", "items": []}'],
  ])('%s: desired 0, maxSurge 0, maxUnavailable 0, a note on stderr, exit 0', (_name, nodes) => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'nodes.json'), nodes);
    fs.writeFileSync(path.join(dir, 'ds.yaml'), noNodesDs);
    const result = runCli(['place', '--json', '--nodes', 'nodes.json', 'ds.yaml'], dir);
    expect(result.stderr).toBe('cdk8s-node-agents place: note: nodes.json lists no nodes (a cluster scaled to zero): every DaemonSet has 0 desired pods\n');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      daemonSets: [{ namespace: 'default', name: 'x', desiredNumberScheduled: 0, rollout: { strategy: 'RollingUpdate', maxSurge: 0, maxUnavailable: 0 }, nodes: [] }],
    });
  });

  test('text output, and a DaemonSet with maxUnavailable 1 keeps it (Kubernetes scales 1 against 0 nodes to 1)', () => {
    const result = runCli(['place', '--nodes', 'inputs/empty-list.json', 'dist/nvidia-device-plugin.json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`cdk8s-node-agents place: note: ${path.join('inputs', 'empty-list.json')} lists no nodes (a cluster scaled to zero): every DaemonSet has 0 desired pods\n`);
    expect(result.stdout).toBe([
      'DaemonSet kube-system/nvidia-device-plugin: desired on 0 of 0 nodes (RollingUpdate, maxSurge 0, maxUnavailable 1)',
      '',
      '1 DaemonSet, 0 nodes: every DaemonSet can be scheduled on every node where it should run.',
      '',
    ].join('\n'));
  });
});

describe('place: usage errors exit 2 with the usage on stderr', () => {
  const cases: Array<{ name: string; argv: string[]; first: string }> = [
    { name: 'missing --nodes', argv: ['place', 'dist'], first: 'cdk8s-node-agents place: missing required option --nodes <file>' },
    { name: 'missing manifests', argv: ['place', '--nodes', 'nodes/kubectl-nodes.json'], first: 'cdk8s-node-agents place: missing manifest file or directory' },
    { name: 'unknown flag', argv: ['place', '--node', 'nodes/kubectl-nodes.json', 'dist'], first: 'cdk8s-node-agents place: unknown option "--node"' },
    { name: 'unknown short flag', argv: ['place', '-n', 'nodes/kubectl-nodes.json', 'dist'], first: 'cdk8s-node-agents place: unknown option "-n"' },
    { name: '--nodes without a value', argv: ['place', 'dist', '--nodes'], first: 'cdk8s-node-agents place: option --nodes needs a file name' },
    { name: '--pods followed by a flag', argv: ['place', '--pods', '--json', '--nodes', 'x', 'dist'], first: 'cdk8s-node-agents place: option --pods needs a file name' },
    { name: '--nodes= empty', argv: ['place', '--nodes=', 'dist'], first: 'cdk8s-node-agents place: option --nodes needs a file name' },
    {
      name: '--nodes twice',
      argv: ['place', '--nodes', 'a.json', '--nodes', 'b.json', 'dist'],
      first: 'cdk8s-node-agents place: option --nodes given more than once (put all nodes in one file or directory)',
    },
    { name: '--json with a value', argv: ['place', '--json=yes', '--nodes', 'a', 'dist'], first: 'cdk8s-node-agents place: option --json takes no value' },
  ];
  test.each(cases)('$name', ({ argv, first }) => {
    const result = runCli(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(first);
    expect(result.stderr).toContain('Usage: cdk8s-node-agents place --nodes <file> [--pods <file>] [--priorities <file>] [--json] <manifest file or dir>...');
  });

  test('arguments after -- are manifests, even when they look like flags', () => {
    const dir = tmpDir();
    fs.copyFileSync(path.join(FIXTURES, 'dist', 'nvidia-device-plugin.json'), path.join(dir, '--json'));
    const result = runCli(['place', '--nodes', path.join(FIXTURES, 'nodes', 'kubectl-nodes.json'), '--', '--json'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('DaemonSet kube-system/nvidia-device-plugin: desired on 1 of 6 nodes')).toBe(true);
  });

  test('place --help prints the usage on stdout and exits 0', () => {
    const result = runCli(['place', '--nodes', 'x', '--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.startsWith('Usage: cdk8s-node-agents place --nodes <file>')).toBe(true);
  });
});
