import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findJsonError, InputError, loadManifests, loadObjectList } from '../../src/input/load';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const INPUTS = path.join(FIXTURES, 'inputs');

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-node-agents-load-'));
}

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

describe('loadObjectList: node inventories', () => {
  const NAMES = ['cp-1', 'worker-a-1', 'worker-b-1', 'worker-c-1', 'gpu-a-1', 'small-a-1'];

  test('kubectl get nodes -o json (a v1 List)', () => {
    const nodes = loadObjectList('nodes/kubectl-nodes.json', FIXTURES, 'Node');
    expect(nodes.map((n) => n.object.metadata.name)).toEqual(NAMES);
    expect(nodes.map((n) => n.path)).toEqual(NAMES.map((_, i) => `items[${i}]`));
    expect(nodes[0].file).toBe(path.join('nodes', 'kubectl-nodes.json'));
    expect(nodes[0].documentIndex).toBe(0);
    expect(nodes[0].object.spec.taints).toEqual([{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }]);
  });

  test('kubectl get nodes -o yaml reads to the same objects as -o json', () => {
    const fromJson = loadObjectList('nodes/kubectl-nodes.json', FIXTURES, 'Node').map((n) => n.object);
    const fromYaml = loadObjectList('nodes/kubectl-nodes.yaml', FIXTURES, 'Node').map((n) => n.object);
    expect(fromYaml).toEqual(fromJson);
  });

  test('multi-document YAML; objects without TypeMeta are taken as the expected kind', () => {
    const nodes = loadObjectList('nodes/inventory.yaml', FIXTURES, 'Node');
    expect(nodes.map((n) => n.object.metadata.name)).toEqual(NAMES);
    expect(nodes.map((n) => n.documentIndex)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(nodes[0].object.kind).toBe('Node');
    expect(nodes[0].object.apiVersion).toBe('v1');
    expect(nodes.every((n) => n.documentCount === 6 && n.path === '')).toBe(true);
  });

  test('a JSON array of Nodes', () => {
    const nodes = loadObjectList('nodes/nodes-array.json', FIXTURES, 'Node');
    expect(nodes.map((n) => n.object.metadata.name)).toEqual(NAMES);
    expect(nodes[3].path).toBe('[3]');
  });

  test('a single Node object', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'n.yaml'), 'apiVersion: v1\nkind: Node\nmetadata:\n  name: only\n');
    const nodes = loadObjectList('n.yaml', dir, 'Node');
    expect(nodes).toHaveLength(1);
    expect(nodes[0]).toMatchObject({ file: 'n.yaml', documentIndex: 0, documentCount: 1, path: '' });
  });

  test('a typed NodeList whose items carry no apiVersion/kind (the API server response)', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'nodes.json'), JSON.stringify({
      apiVersion: 'v1',
      kind: 'NodeList',
      metadata: { resourceVersion: '1' },
      items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }],
    }));
    const nodes = loadObjectList('nodes.json', dir, 'Node');
    expect(nodes.map((n) => [n.object.apiVersion, n.object.kind, n.object.metadata.name])).toEqual([
      ['v1', 'Node', 'a'],
      ['v1', 'Node', 'b'],
    ]);
  });

  test('an empty List (`kubectl get pods` with no pods) gives no objects', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'pods.json'), '{"apiVersion": "v1", "items": [], "kind": "List", "metadata": {"resourceVersion": ""}}\n');
    fs.writeFileSync(path.join(dir, 'null-items.yaml'), 'apiVersion: v1\nkind: PodList\nitems: null\n');
    expect(loadObjectList('pods.json', dir, 'Pod')).toEqual([]);
    expect(loadObjectList('null-items.yaml', dir, 'Pod')).toEqual([]);
  });

  test('kubectl get pods -A -o json', () => {
    const pods = loadObjectList('pods/kubectl-pods.json', FIXTURES, 'Pod');
    expect(pods.map((p) => `${p.object.metadata.namespace}/${p.object.metadata.name}`)).toEqual([
      'default/checkout-7d9f8c6b5d-x2k4p',
      'default/cart-5b8d7f9c4-q8wzn',
      'batch/report-28593720-7kq9d',
      'default/checkout-7d9f8c6b5d-pending',
      'legacy/prometheus-node-exporter-8xk2m',
      'logging/fluent-bit-4mz7q',
    ]);
  });

  test('pods with the same name in different namespaces are distinct', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'pods.yaml'), [
      'kind: Pod\napiVersion: v1\nmetadata: {name: web, namespace: a}\nspec: {containers: []}',
      'kind: Pod\napiVersion: v1\nmetadata: {name: web, namespace: b}\nspec: {containers: []}',
      'kind: Pod\napiVersion: v1\nmetadata: {name: web}\nspec: {containers: []}',
    ].join('\n---\n'));
    expect(loadObjectList('pods.yaml', dir, 'Pod')).toHaveLength(3);
  });

  test('a directory of inventory files, sorted', () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'pools'));
    fs.writeFileSync(path.join(dir, 'pools', 'b.yaml'), 'metadata: {name: b1}\n');
    fs.writeFileSync(path.join(dir, 'pools', 'a.json'), '[{"metadata": {"name": "a1"}}, {"metadata": {"name": "a2"}}]');
    const nodes = loadObjectList('pools', dir, 'Node');
    expect(nodes.map((n) => n.object.metadata.name)).toEqual(['a1', 'a2', 'b1']);
    expect(nodes.map((n) => n.file)).toEqual([path.join('pools', 'a.json'), path.join('pools', 'a.json'), path.join('pools', 'b.yaml')]);
  });
});

describe('loadManifests', () => {
  test('a cdk8s dist/ directory: sorted files, multi-document YAML and a JSON List flattened', () => {
    const objects = loadManifests(['dist'], FIXTURES);
    expect(objects.map((o) => [o.file, o.documentIndex, o.path, o.object.kind, o.object.metadata.name])).toEqual([
      [path.join('dist', '0000-logging.k8s.yaml'), 0, '', 'ServiceAccount', 'fluent-bit'],
      [path.join('dist', '0000-logging.k8s.yaml'), 1, '', 'ConfigMap', 'fluent-bit-config'],
      [path.join('dist', '0000-logging.k8s.yaml'), 2, '', 'DaemonSet', 'fluent-bit'],
      [path.join('dist', '0001-monitoring.k8s.yaml'), 0, '', 'ServiceAccount', 'node-exporter'],
      [path.join('dist', '0001-monitoring.k8s.yaml'), 1, '', 'Service', 'node-exporter'],
      [path.join('dist', '0001-monitoring.k8s.yaml'), 2, '', 'DaemonSet', 'node-exporter'],
      [path.join('dist', 'nvidia-device-plugin.json'), 0, 'items[0]', 'ServiceAccount', 'nvidia-device-plugin'],
      [path.join('dist', 'nvidia-device-plugin.json'), 0, 'items[1]', 'DaemonSet', 'nvidia-device-plugin'],
    ]);
  });

  test('files and directories in the order given; absolute paths', () => {
    const objects = loadManifests([path.join(FIXTURES, 'dist', 'nvidia-device-plugin.json'), 'inputs/only-configmap.yaml'], FIXTURES);
    expect(objects.map((o) => o.object.metadata.name)).toEqual(['nvidia-device-plugin', 'nvidia-device-plugin', 'settings']);
    expect(objects[2].file).toBe(path.join('inputs', 'only-configmap.yaml'));
  });

  test('a path outside the working directory is shown absolute', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    const objects = loadManifests([path.join(dir, 'cm.yaml')], FIXTURES);
    expect(objects[0].file).toBe(path.join(dir, 'cm.yaml'));
  });

  test('directories: recursive, code-point order, only .yaml/.yml/.json (case-sensitive, like kubectl), empty documents skipped', () => {
    const dir = tmpDir();
    const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
    fs.mkdirSync(path.join(dir, 'm', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'm', 'b.yml'), `---\n${cm('b')}---\n# comment only\n---\n`);
    fs.writeFileSync(path.join(dir, 'm', 'B.yaml'), cm('B'));
    fs.writeFileSync(path.join(dir, 'm', 'a.yaml'), cm('a'));
    fs.writeFileSync(path.join(dir, 'm', 'sub', 'c.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }));
    fs.writeFileSync(path.join(dir, 'm', 'README.md'), '# not a manifest');
    fs.writeFileSync(path.join(dir, 'm', 'upper.YAML'), 'not: read');
    fs.writeFileSync(path.join(dir, 'm', 'values.yaml.bak'), 'not: read');
    fs.symlinkSync(path.join(dir, 'm'), path.join(dir, 'm', 'sub', 'loop'));
    fs.symlinkSync(path.join(dir, 'nowhere.yaml'), path.join(dir, 'm', 'dangling.yaml'));
    const objects = loadManifests(['m'], dir);
    expect(objects.map((o) => o.object.metadata.name)).toEqual(['B', 'a', 'b', 'c']);
    const b = objects[2];
    expect([b.documentIndex, b.documentCount]).toEqual([0, 1]);
  });

  test('the directory rule: hidden entries and kustomize files are skipped in a walk, never when named', () => {
    const dir = tmpDir();
    const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
    fs.mkdirSync(path.join(dir, 'tree', 'app'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'tree', '.git'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'tree', '.cdk8s-node-agents.json'), '{"managed": ["app"]}\n');
    fs.writeFileSync(path.join(dir, 'tree', '.git', 'config.yaml'), 'not: a manifest\n');
    fs.writeFileSync(path.join(dir, 'tree', '.hidden.yaml'), cm('hidden'));
    fs.writeFileSync(path.join(dir, 'tree', 'app', 'kustomization.yaml'), 'resources: [manifests.yaml]\n');
    fs.writeFileSync(path.join(dir, 'tree', 'app', 'kustomization.yml'), 'resources: [manifests.yaml]\n');
    fs.writeFileSync(path.join(dir, 'tree', 'app', 'manifests.yaml'), cm('app'));
    // A Flux Kustomization is a cluster object: read.
    fs.writeFileSync(path.join(dir, 'tree', 'flux.yaml'), 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\n');
    expect(loadManifests(['tree'], dir).map((o) => `${o.file} ${o.object.kind}/${o.object.metadata.name}`)).toEqual([
      `${path.join('tree', 'app', 'manifests.yaml')} ConfigMap/app`,
      `${path.join('tree', 'flux.yaml')} Kustomization/apps`,
    ]);
    // Named explicitly, a hidden file is read.
    expect(loadManifests([path.join('tree', '.hidden.yaml')], dir).map((o) => o.object.metadata.name)).toEqual(['hidden']);
    // Named explicitly, kustomize's configuration is refused with advice (kubectl apply -f would fail at the server).
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n');
    expect(errorOf(() => loadManifests(['kustomization.yaml'], dir)).message).toBe('kustomization.yaml: kind: Kustomization of kustomize.config.k8s.io/v1beta1 is '
      + 'kustomize\'s configuration, not a Kubernetes object; read the directory it builds instead, or pipe the build in: kubectl kustomize DIR | cdk8s-node-agents check -');
    // A directory of nothing but skipped entries.
    fs.mkdirSync(path.join(dir, 'only-kustomize'));
    fs.writeFileSync(path.join(dir, 'only-kustomize', 'kustomization.yaml'), 'resources: []\n');
    expect(errorOf(() => loadManifests(['only-kustomize'], dir)).message)
      .toBe('only-kustomize: directory contains no manifests (no .json, .yaml, .yml files other than hidden ones and kustomization files)');
  });

  test('this tool\'s own reports (apiVersion cdk8s-node-agents.io/...) are skipped; alone they are an error', () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'report'));
    fs.writeFileSync(path.join(dir, 'report', 'placement.json'), JSON.stringify({ apiVersion: 'cdk8s-node-agents.io/v1alpha1', kind: 'FleetReport', cluster: 'c', pools: [] }));
    fs.writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    expect(loadManifests(['.'], dir).map((o) => o.file)).toEqual(['cm.yaml']);
    expect(errorOf(() => loadManifests(['report'], dir)).message)
      .toBe('report: contains only this tool\'s own reports (FleetReport, apiVersion cdk8s-node-agents.io/...), no Kubernetes objects');
    // An object without apiVersion is never skipped: it is an error.
    fs.writeFileSync(path.join(dir, 'report', 'other.json'), JSON.stringify({ kind: 'FleetReport', cluster: 'c' }));
    expect(errorOf(() => loadManifests(['report'], dir)).message).toMatch(/^report\/other\.json: apiVersion: required field is missing/);
  });

  test('- reads standard input once, shown as <stdin>; a duplicate there is located without reading it again', () => {
    let reads = 0;
    const stdin = () => {
      reads++;
      return Buffer.from('apiVersion: v1\nkind: NodeList\nitems:\n- metadata: {name: a}\n- metadata: {name: b}\n- metadata: {name: a}\n');
    };
    expect(errorOf(() => loadObjectList('-', FIXTURES, 'Node', { stdin })).message)
      .toBe('<stdin>: items[2].metadata.name: duplicate Node "a" (already defined at items[0])');
    expect(reads).toBe(1);
    const objects = loadManifests(['-'], FIXTURES, { stdin: () => Buffer.from('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "in"}}') });
    expect(objects.map((o) => [o.file, o.object.metadata.name])).toEqual([['<stdin>', 'in']]);
    expect(errorOf(() => loadManifests(['-'], FIXTURES, { stdin: () => Buffer.alloc(0) })).message)
      .toBe('<stdin>: file is empty (expected Kubernetes objects in YAML or JSON)');
  });

  test('JSON with a byte-order mark; a file that starts with { is JSON, as kubectl reads it', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'bom.json'), '\ufeff{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "bom"}}');
    // kubectl (apimachinery util/yaml GuessJSONStream) reads a stream whose first character is { as JSON:
    // a YAML flow mapping there is malformed JSON; after a comment line it is YAML.
    fs.writeFileSync(path.join(dir, 'flow.yaml'), '{apiVersion: v1, kind: ConfigMap, metadata: {name: flow}}\n');
    fs.writeFileSync(path.join(dir, 'commented-flow.yaml'), '# a flow mapping\n{apiVersion: v1, kind: ConfigMap, metadata: {name: flow}}\n');
    expect(loadManifests(['bom.json', 'commented-flow.yaml'], dir).map((o) => o.object.metadata.name)).toEqual(['bom', 'flow']);
    expect(errorOf(() => loadManifests(['flow.yaml'], dir)).message)
      .toBe('flow.yaml: malformed JSON: unexpected "a" at line 1, column 2 (a file that starts with { is read as JSON, as kubectl does)');
  });

  test('a stream of JSON objects (jq -c output) is read object by object, as kubectl does', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'nodes.json'), '{"metadata": {"name": "a"}}\n{"metadata": {"name": "b"}} {"metadata": {"name": "c"}}\n');
    const nodes = loadObjectList('nodes.json', dir, 'Node');
    expect(nodes.map((n) => [n.documentIndex, n.documentCount, n.object.metadata.name])).toEqual([[0, 3, 'a'], [1, 3, 'b'], [2, 3, 'c']]);
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"metadata": {"name": "a"}}\n{"metadata": {"name": "b"},}\n');
    expect(errorOf(() => loadObjectList('broken.json', dir, 'Node')).message).toBe('broken.json: malformed JSON: unexpected "}" at line 2, column 28');
  });

  test('nested Lists are flattened with their paths', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'l.yaml'), [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: List',
      '    items:',
      '      - {apiVersion: v1, kind: ConfigMap, metadata: {name: inner}}',
      '  - {apiVersion: v1, kind: ConfigMap, metadata: {name: outer}}',
    ].join('\n'));
    expect(loadManifests(['l.yaml'], dir).map((o) => [o.path, o.object.metadata.name])).toEqual([
      ['items[0].items[0]', 'inner'],
      ['items[1]', 'outer'],
    ]);
  });
});

describe('input errors name the file, document and field', () => {
  type Loader = 'manifests' | 'Node' | 'Pod';
  const cases: Array<{ name: string; file: string; loader: Loader; message: string; field?: string }> = [
    {
      name: 'unreadable path',
      file: 'does-not-exist.yaml',
      loader: 'manifests',
      message: 'does-not-exist.yaml: cannot read: no such file or directory',
    },
    {
      name: 'malformed YAML, with line and column',
      file: 'malformed.yaml',
      loader: 'manifests',
      message: 'malformed.yaml: malformed YAML at line 6, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    },
    {
      name: 'malformed JSON, with line and column',
      file: 'malformed.json',
      loader: 'Node',
      message: 'malformed.json: malformed JSON: unexpected "}" at line 5, column 69',
    },
    {
      name: 'empty file',
      file: 'empty.yaml',
      loader: 'manifests',
      message: 'empty.yaml: file is empty (expected Kubernetes objects in YAML or JSON)',
    },
    {
      name: 'only empty documents',
      file: 'only-comments.yaml',
      loader: 'Node',
      message: 'only-comments.yaml: file contains only empty YAML documents (expected Kubernetes objects)',
    },
    {
      name: 'binary junk',
      file: 'binary.yaml',
      loader: 'manifests',
      message: 'binary.yaml: not a text file (NUL byte at offset 7); expected YAML or JSON',
    },
    {
      name: 'a document that is not a mapping',
      file: 'scalar-doc.yaml',
      loader: 'manifests',
      message: 'scalar-doc.yaml: document 2: expected a Kubernetes object (a mapping with apiVersion and kind), got "just a string"',
    },
    {
      name: 'a manifest without kind',
      file: 'no-kind.yaml',
      loader: 'manifests',
      field: 'kind',
      message: 'no-kind.yaml: kind: required field is missing (every Kubernetes object has apiVersion and kind, e.g. apiVersion: apps/v1 and kind: DaemonSet)',
    },
    {
      name: 'a manifest without apiVersion (inventories may omit it, manifests may not)',
      file: 'small-nodes.yaml',
      loader: 'manifests',
      field: 'apiVersion',
      message: 'small-nodes.yaml: document 1: apiVersion: required field is missing (every Kubernetes object has apiVersion and kind, e.g. apiVersion: apps/v1 and kind: DaemonSet)',
    },
    {
      name: 'wrong kind in a node list',
      file: 'wrong-kind-nodes.json',
      loader: 'Node',
      field: 'items[1].kind',
      message: 'wrong-kind-nodes.json: items[1].kind: expected a Node, got "Pod"',
    },
    {
      name: 'wrong kind in a pod list',
      file: 'duplicate-nodes.yaml',
      loader: 'Pod',
      field: 'kind',
      message: 'duplicate-nodes.yaml: document 1: kind: expected a Pod, got "Node"',
    },
    {
      name: 'missing metadata.name',
      file: 'missing-name-nodes.yaml',
      loader: 'Node',
      field: 'items[1].metadata.name',
      message: 'missing-name-nodes.yaml: items[1].metadata.name: required field is missing (every Node needs a name)',
    },
    {
      name: 'duplicate node names',
      file: 'duplicate-nodes.yaml',
      loader: 'Node',
      field: 'metadata.name',
      message: 'duplicate-nodes.yaml: document 3: metadata.name: duplicate Node "n1" (already defined at document 1)',
    },
    {
      name: 'a Node with another apiVersion',
      file: 'no-kind.yaml',
      loader: 'Node',
      field: 'apiVersion',
      message: 'no-kind.yaml: apiVersion: Node objects have apiVersion "v1", got "apps/v1"',
    },
  ];

  test.each(cases)('$name', ({ file, loader, message, field }) => {
    const err = errorOf(() => loader === 'manifests' ? loadManifests([file], INPUTS) : loadObjectList(file, INPUTS, loader));
    expect(err.message).toBe(message);
    expect(err.file).toBe(file);
    expect(err.field).toBe(field);
    expect(err.message).not.toContain('\n');
  });

  test('a directory with no manifests', () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'empty'));
    fs.writeFileSync(path.join(dir, 'empty', 'notes.txt'), 'hello');
    expect(errorOf(() => loadManifests(['empty'], dir)).message)
      .toBe('empty: directory contains no manifests (no .json, .yaml, .yml files other than hidden ones and kustomization files)');
  });

  test('no paths at all', () => {
    expect(errorOf(() => loadManifests([], FIXTURES)).message).toBe('<arguments>: no manifest file or directory given');
  });

  test('not UTF-8', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'latin1.yaml'), Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xe9, 0x0a]));
    expect(errorOf(() => loadManifests(['latin1.yaml'], dir)).message).toBe('latin1.yaml: not a UTF-8 text file; expected YAML or JSON');
  });

  test('a duplicate key in a YAML mapping keeps its last value, as kubectl does (go-yaml v2, not strict)', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'dup.yaml'), 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata: {name: x}\n');
    expect(loadManifests(['dup.yaml'], dir).map((o) => o.object)).toEqual([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }]);
  });

  test('a YAML alias bomb is refused, not expanded', () => {
    const dir = tmpDir();
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    fs.writeFileSync(path.join(dir, 'bomb.yaml'), `${lines.join('\n')}\n`);
    // go-yaml v2's limit (decode.go allowedAliasRatio) and message.
    expect(errorOf(() => loadManifests(['bomb.yaml'], dir)).message)
      .toMatch(/^bomb\.yaml: malformed YAML at line \d+, column \d+: document contains excessive aliasing$/);
  });

  test('items of a List must be a list of mappings', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'l.json'), '{"apiVersion": "v1", "kind": "List", "items": {"a": 1}}');
    fs.writeFileSync(path.join(dir, 'l2.json'), '{"apiVersion": "v1", "kind": "NodeList", "items": [{"metadata": {"name": "a"}}, 7]}');
    expect(errorOf(() => loadManifests(['l.json'], dir)).message).toBe('l.json: items: must be a list of objects, got a mapping');
    expect(errorOf(() => loadObjectList('l2.json', dir, 'Node')).message)
      .toBe('l2.json: items[1]: expected a Kubernetes object (a mapping with apiVersion and kind), got 7');
  });

  test('duplicate pods (same namespace and name) across files of a directory', () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'pods'));
    fs.writeFileSync(path.join(dir, 'pods', 'a.yaml'), 'metadata: {name: web, namespace: shop}\nspec: {containers: []}\n');
    fs.writeFileSync(path.join(dir, 'pods', 'b.yaml'), 'metadata: {name: web, namespace: shop}\nspec: {containers: []}\n');
    expect(errorOf(() => loadObjectList('pods', dir, 'Pod')).message)
      .toBe(`${path.join('pods', 'b.yaml')}: metadata.name: duplicate Pod "shop/web" (already defined at ${path.join('pods', 'a.yaml')})`);
  });

  test.each([
    ['kind not a string', '{"kind": 5, "metadata": {"name": "a"}}', 'n.json: kind: must be a string, got 5'],
    ['no metadata', '{"apiVersion": "v1", "kind": "Node"}', 'n.json: metadata.name: required field is missing (every Node needs a name)'],
    ['metadata a list', '{"kind": "Node", "metadata": ["a"]}', 'n.json: metadata: must be a mapping, got a list'],
    ['empty name', '{"kind": "Node", "metadata": {"name": ""}}', 'n.json: metadata.name: must be a non-empty string, got ""'],
    ['namespace not a string', '{"kind": "Node", "metadata": {"name": "a", "namespace": 1}}', 'n.json: metadata.namespace: must be a string, got 1'],
    ['a List item that is a list', '{"kind": "List", "items": [[{"kind": "Node"}]]}',
      'n.json: items[0]: expected a Kubernetes object (a mapping with apiVersion and kind), got a list'],
    ['whitespace only', ' \n\t\n', 'n.json: file is empty (expected Kubernetes objects in YAML or JSON)'],
  ])('inventory: %s', (_name, text, message) => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'n.json'), text);
    expect(errorOf(() => loadObjectList('n.json', dir, 'Node')).message).toBe(message);
  });

  test('manifest: apiVersion that is not a string', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'm.yaml'), 'apiVersion: 1\nkind: ConfigMap\n');
    expect(errorOf(() => loadManifests(['m.yaml'], dir)).message).toBe('m.yaml: apiVersion: must be a non-empty string, got 1');
  });

  test('an empty file name, and a path that is neither a file nor a directory', () => {
    expect(errorOf(() => loadManifests([''], FIXTURES)).message).toBe('<arguments>: empty file name');
    expect(errorOf(() => loadObjectList('/dev/null', FIXTURES, 'Node')).message).toBe('/dev/null: not a regular file or directory (to read a pipe, give - and redirect it to standard input)');
  });

  test('a name that is not a string', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'n.yaml'), 'metadata:\n  name: 42\n');
    expect(errorOf(() => loadObjectList('n.yaml', dir, 'Node')).message).toBe('n.yaml: metadata.name: must be a non-empty string, got 42');
  });
});

describe('findJsonError (locating JSON.parse failures)', () => {
  const cases: Array<{ name: string; text: string; offset: number | undefined }> = [
    { name: 'valid object', text: '{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]}', offset: undefined },
    { name: 'valid with whitespace', text: ' \n[ ]\n ', offset: undefined },
    { name: 'trailing comma in object', text: '{"a": 1,}', offset: 8 },
    { name: 'trailing comma in array', text: '[1, 2,]', offset: 6 },
    { name: 'single quotes', text: "{'a': 1}", offset: 1 },
    { name: 'unterminated string', text: '{"a": "b', offset: 8 },
    { name: 'control character in string', text: '"a\tb"', offset: 2 },
    { name: 'bad escape', text: '"\\x"', offset: 2 },
    { name: 'leading zero is a separate token', text: '01', offset: 1 },
    { name: 'missing exponent digits', text: '1e', offset: 2 },
    { name: 'truncated', text: '{"a": [1, 2', offset: 11 },
    { name: 'garbage after the value', text: '{} {}', offset: 3 },
    { name: 'empty input', text: '', offset: 0 },
    { name: 'bare word', text: 'nope', offset: 1 },
  ];
  test.each(cases)('$name', ({ text, offset }) => {
    expect(findJsonError(text)).toBe(offset);
    let parses = true;
    try {
      JSON.parse(text);
    } catch {
      parses = false;
    }
    expect(parses).toBe(offset === undefined);
  });
});
