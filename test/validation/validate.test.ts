/**
 * validateObjects end to end: the report per object, PodSecurity admission
 * against Namespaces among the inputs, companion-object validation, decoding
 * problems, and the upstream-style agent manifests (which must have no errors).
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { validateObjects } from '../../src/validation/validate';

type Obj = Record<string, any>;

const ds = (spec: Obj = {}, meta: Obj = {}): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'agents', ...meta },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'img:1' }], ...spec } },
  },
});
const ns = (name: string, labels: Obj = {}): Obj => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

describe('validateObjects', () => {
  test('one report per object, in input order, with kind, namespace and name', () => {
    const reports = validateObjects([ns('agents'), ds(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } }]);
    expect(reports.map((r) => [r.kind, r.namespace, r.name, r.podSecurityLevel])).toEqual([
      ['Namespace', '', 'agents', undefined],
      ['DaemonSet', 'agents', 'agent', 'baseline'],
      ['ConfigMap', 'default', 'cfg', undefined],
    ]);
  });

  test('apiserver errors carry field, type and the full message', () => {
    const [r] = validateObjects([ds({ hostNetwork: true, containers: [{ name: 'agent', image: 'img:1', ports: [{ containerPort: 80, hostPort: 81 }] }] })]);
    expect(r.errors).toEqual([{
      field: 'spec.template.spec.containers[0].ports[0].hostPort',
      type: 'FieldValueInvalid',
      message: 'spec.template.spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true',
      detail: 'Invalid value: 81: must match `containerPort` when `hostNetwork` is true',
    }]);
  });

  test('a DaemonSet without a namespace is validated as created in "default"', () => {
    const [r] = validateObjects([{ ...ds(), metadata: { name: 'agent' } }]);
    expect(r.namespace).toBe('default');
    expect(r.errors).toEqual([]);
  });

  test('only apps/v1 DaemonSets are served by 1.28', () => {
    const [r] = validateObjects([{ ...ds(), apiVersion: 'extensions/v1beta1' }]);
    expect(r.errors.map((e) => e.message)).toEqual([
      'apiVersion: Invalid value: "extensions/v1beta1": Kubernetes 1.28 serves DaemonSets only as apps/v1 (extensions/v1beta1 and apps/v1beta2 were removed in 1.16)',
    ]);
  });

  test('apiserver warnings use the spec.template path', () => {
    const [r] = validateObjects([ds({ nodeSelector: { 'beta.kubernetes.io/os': 'linux' } })]);
    expect(r.warnings).toEqual(['spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead']);
  });

  test('a field with the wrong JSON type stops validation of that object (the apiserver cannot decode it)', () => {
    const bad = ds({ containers: [{ name: 'agent', image: 'img:1', ports: [{ containerPort: '80' }] }] }, { labels: { version: 1.0 } });
    const [r] = validateObjects([bad]);
    expect(r.errors.map((e) => [e.type, e.message])).toEqual([
      ['FieldValueTypeInvalid', 'metadata.labels[version]: Invalid value: 1: must be a string (quote numbers and booleans in YAML, e.g. "1.0" or "true")'],
      ['FieldValueTypeInvalid', 'spec.template.spec.containers[0].ports[0].containerPort: Invalid value: "80": must be an integer'],
    ]);
    expect(r.lints).toEqual([]);
  });

  test('something that is not an object is reported, not thrown', () => {
    const [r] = validateObjects(['just a string']);
    expect(r.errors.map((e) => e.message)).toEqual(['[0]: Invalid value: "just a string": a manifest object must be a mapping with apiVersion, kind and metadata']);
  });
});

describe('PodSecurity admission against Namespaces among the inputs', () => {
  const hostAgent = () => ds({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet', containers: [{ name: 'agent', image: 'img:1', ports: [{ containerPort: 9100 }] }] });

  test('a namespace enforcing baseline rejects the pods of a hostNetwork DaemonSet (with the defaulted hostPort)', () => {
    const reports = validateObjects([ns('agents', { 'pod-security.kubernetes.io/enforce': 'baseline' }), hostAgent()]);
    expect(reports[1].errors.map((e) => e.message)).toEqual([
      'metadata.namespace: Forbidden: namespace "agents" enforces PodSecurity "baseline" but the pods of this DaemonSet need "privileged", so the controller\'s pods are rejected: '
        + 'violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true), hostPort (container "agent" uses hostPort 9100); '
        + 'label the namespace pod-security.kubernetes.io/enforce=privileged or remove those settings',
    ]);
    // The DaemonSet itself draws the warning (warn defaults to the enforce level); its template has no hostPort.
    expect(reports[1].warnings).toEqual(['would violate PodSecurity "baseline:latest": host namespaces (hostNetwork=true)']);
    expect(reports[1].podSecurityLevel).toBe('privileged');
  });

  test('an enforce-version pins the checks', () => {
    const agent = ds({ securityContext: { sysctls: [{ name: 'net.ipv4.ip_local_reserved_ports', value: '1' }] } });
    const v126 = validateObjects([ns('agents', { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.26' }), agent]);
    expect(v126[1].errors.map((e) => e.message)).toEqual([expect.stringContaining('violates PodSecurity "baseline:v1.26": forbidden sysctls (net.ipv4.ip_local_reserved_ports)')]);
    const latest = validateObjects([ns('agents', { 'pod-security.kubernetes.io/enforce': 'baseline' }), agent]);
    expect(latest[1].errors).toEqual([]);
  });

  test('a privileged namespace admits everything; warn alone only warns', () => {
    expect(validateObjects([ns('agents', { 'pod-security.kubernetes.io/enforce': 'privileged' }), hostAgent()])[1].errors).toEqual([]);
    const warnOnly = validateObjects([ns('agents', { 'pod-security.kubernetes.io/warn': 'restricted' }), ds()])[1];
    expect(warnOnly.errors).toEqual([]);
    expect(warnOnly.warnings).toEqual([expect.stringMatching(/^would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false/)]);
  });

  test('a namespace not among the inputs is not assumed', () => {
    expect(validateObjects([hostAgent()])[0].errors).toEqual([]);
  });

  test('invalid PodSecurity labels on a Namespace are errors', () => {
    const [r] = validateObjects([ns('agents', { 'pod-security.kubernetes.io/enforce': 'Baseline', 'pod-security.kubernetes.io/warn-version': '1.28' })]);
    expect(r.errors.map((e) => e.message)).toEqual([
      'metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "Baseline": must be one of privileged, baseline, restricted',
      'metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: "1.28": must be "latest" or "v1.x"',
    ]);
  });
});

describe('companion objects', () => {
  test('Namespace, ServiceAccount, ConfigMap, Service, RBAC and custom resources', () => {
    const reports = validateObjects([
      ns('Agents'),
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'agent_sa', namespace: 'agents' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'agents' }, data: { 'bad key': 'x', 'ok.conf': 'y' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: '1metrics', namespace: 'agents' }, spec: { ports: [{ port: 9100, name: 'm' }, { port: 70000 }] } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'agent' }, rules: [{ apiGroups: [''], resources: ['pods'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'agent' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'agent' }, subjects: [{ kind: 'ServiceAccount', name: 'agent' }] },
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'Agent', namespace: 'agents' } },
    ]);
    expect(reports.map((r) => r.errors.map((e) => e.message))).toEqual([
      [expect.stringMatching(/^metadata.name: Invalid value: "Agents": a lowercase RFC 1123 label must consist of/)],
      [expect.stringMatching(/^metadata.name: Invalid value: "agent_sa": a lowercase RFC 1123 subdomain must consist of/)],
      [expect.stringMatching(/^data\[bad key\]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters/)],
      [
        expect.stringMatching(/^metadata.name: Invalid value: "1metrics": a DNS-1035 label must consist of lower case alphanumeric characters/),
        'spec.ports[1].name: Required value',
        'spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
        'spec.ports[1].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      ],
      ['rules[0].verbs: Required value: verbs must contain at least one value'],
      ['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"', 'subjects[0].namespace: Required value'],
      [expect.stringMatching(/^metadata.name: Invalid value: "Agent": a lowercase RFC 1123 subdomain must consist of/)],
    ]);
    expect(reports.every((r) => r.podSecurityLevel === undefined)).toBe(true);
  });

  test('finalizer names: built-in kinds need a standard or domain-qualified name, custom resources a qualified name', () => {
    // core's validateKubeFinalizerName runs for built-in types only; apiextensions-apiserver validates a custom
    // resource's metadata with apimachinery's ValidateObjectMetaAccessor (Argo CD's own finalizer is accepted).
    const [app, cm, badApp] = validateObjects([
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'x', finalizers: ['resources-finalizer.argocd.argoproj.io'] } },
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'b', namespace: 'argocd', finalizers: ['not a name'] } },
    ]);
    expect(app.errors).toEqual([]);
    expect(cm.errors.map((e) => e.message)).toEqual(['metadata.finalizers[0]: Invalid value: "resources-finalizer.argocd.argoproj.io": name is neither a standard finalizer name nor is it fully qualified']);
    expect(badApp.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^metadata.finalizers: Invalid value: "not a name": name part must consist of alphanumeric characters/)]);
  });

  test('other pod-bearing kinds get a Pod Security level and lints', () => {
    const [r] = validateObjects([{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'x' }, spec: { template: { spec: { hostPID: true, containers: [{ name: 'c', image: 'img' }] } } } }]);
    expect(r.podSecurityLevel).toBe('privileged');
    expect(r.lints.map((l) => l.rule)).toEqual(expect.arrayContaining(['untagged-image', 'host-pid']));
    expect(r.lints.map((l) => l.rule)).not.toContain('max-surge-with-host-port');
  });
});

describe('upstream-style agent manifests (test/fixtures/validation/upstream)', () => {
  const dir = join(__dirname, '..', 'fixtures', 'validation', 'upstream');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

  test('all eight agents are there', () => {
    expect(files).toEqual(['calico-node.yaml', 'cilium.yaml', 'ebs-csi-node.yaml', 'falco.yaml', 'fluent-bit.yaml', 'kube-flannel.yaml', 'node-exporter.yaml', 'nvidia-device-plugin.yaml']);
  });

  test.each(files.map((f) => [f]))('%s checks clean of errors', (file) => {
    const objects = parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => d.toJS()).filter((o) => o);
    const reports = validateObjects(objects);
    const problems = reports.flatMap((r) => [
      ...r.errors.map((e) => `${r.kind}/${r.name}: ${e.message}`),
      ...r.lints.filter((l) => l.severity === 'error' && !l.silenced).map((l) => `${r.kind}/${r.name}: [${l.rule}] ${l.message}`),
    ]);
    expect(problems).toEqual([]);
    const daemonSets = reports.filter((r) => r.kind === 'DaemonSet');
    expect(daemonSets).toHaveLength(1);
    // Every one of these agents needs the privileged Pod Security level (agent-defaults.md §10).
    expect(daemonSets[0].podSecurityLevel).toBe('privileged');
  });
});
