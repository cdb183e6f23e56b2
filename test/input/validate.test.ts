import { InputError, LoadedObject } from '../../src/input/load';
import { isDaemonSetManifest, validateDaemonSetShape, validateNodeShape, validatePodShape } from '../../src/input/validate';

function loaded(object: any, documentCount = 1): LoadedObject {
  return { file: 'dist/app.k8s.yaml', documentIndex: 1, documentCount, path: '', object };
}

function daemonSet(patch: (ds: any) => void = () => {}): any {
  const ds: any = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system', labels: { app: 'agent' } },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: {
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] }] }],
              },
            },
          },
          tolerations: [{ operator: 'Exists' }],
          hostNetwork: true,
          containers: [{
            name: 'agent',
            image: 'example.com/agent:1.0',
            ports: [{ containerPort: 9100, hostPort: 9100, protocol: 'TCP' }],
            resources: { requests: { cpu: '100m', memory: 128974848 }, limits: { memory: '256Mi' } },
          }],
        },
      },
    },
  };
  patch(ds);
  return ds;
}

function messageOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  return undefined;
}

describe('validateDaemonSetShape', () => {
  test('a well-formed DaemonSet passes', () => {
    expect(messageOf(() => validateDaemonSetShape(loaded(daemonSet())))).toBeUndefined();
  });

  test('empty toleration operator and effect are allowed (operator defaults to Equal, empty effect matches all)', () => {
    const ds = daemonSet((d) => (d.spec.template.spec.tolerations = [{ key: 'a', operator: '', value: 'b', effect: '' }]));
    expect(messageOf(() => validateDaemonSetShape(loaded(ds)))).toBeUndefined();
  });

  const cases: Array<{ name: string; patch: (ds: any) => void; message: string }> = [
    { name: 'no spec', patch: (ds) => delete ds.spec, message: 'spec: required field is missing' },
    { name: 'no template', patch: (ds) => delete ds.spec.template, message: 'spec.template: required field is missing' },
    { name: 'no pod spec', patch: (ds) => delete ds.spec.template.spec, message: 'spec.template.spec: required field is missing' },
    {
      name: 'no containers',
      patch: (ds) => delete ds.spec.template.spec.containers,
      message: 'spec.template.spec.containers: required field is missing',
    },
    {
      name: 'empty containers',
      patch: (ds) => (ds.spec.template.spec.containers = []),
      message: 'spec.template.spec.containers: must list at least one container',
    },
    {
      name: 'containers is a mapping',
      patch: (ds) => (ds.spec.template.spec.containers = { name: 'agent' }),
      message: 'spec.template.spec.containers: must be a list, got a mapping',
    },
    {
      name: 'a container is a string',
      patch: (ds) => (ds.spec.template.spec.containers = ['agent']),
      message: 'spec.template.spec.containers[0]: must be a mapping, got "agent"',
    },
    {
      name: 'containerPort as a string',
      patch: (ds) => (ds.spec.template.spec.containers[0].ports[0].containerPort = '9100'),
      message: 'spec.template.spec.containers[0].ports[0].containerPort: must be an integer, got "9100"',
    },
    {
      name: 'fractional hostPort',
      patch: (ds) => (ds.spec.template.spec.containers[0].ports[0].hostPort = 80.5),
      message: 'spec.template.spec.containers[0].ports[0].hostPort: must be an integer, got 80.5',
    },
    {
      name: 'a request that is not a quantity',
      patch: (ds) => (ds.spec.template.spec.containers[0].resources.requests.cpu = { value: 1 }),
      message: 'spec.template.spec.containers[0].resources.requests["cpu"]: must be a quantity such as "100m" or "1Gi", got a mapping',
    },
    {
      name: 'nodeSelector value that YAML read as a boolean',
      patch: (ds) => (ds.spec.template.spec.nodeSelector = { 'nvidia.com/gpu.present': true }),
      message: 'spec.template.spec.nodeSelector["nvidia.com/gpu.present"]: must be a string, got true (quote it: "true")',
    },
    {
      name: 'tolerations as a mapping',
      patch: (ds) => (ds.spec.template.spec.tolerations = { operator: 'Exists' }),
      message: 'spec.template.spec.tolerations: must be a list, got a mapping',
    },
    {
      name: 'tolerationSeconds as a string',
      patch: (ds) => (ds.spec.template.spec.tolerations = [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: '30' }]),
      message: 'spec.template.spec.tolerations[0].tolerationSeconds: must be an integer, got "30"',
    },
    {
      name: 'nodeSelectorTerms missing',
      patch: (ds) => (ds.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {}),
      message: 'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: required field is missing',
    },
    {
      name: 'match expression values as a string',
      patch: (ds) => (ds.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
        .nodeSelectorTerms[0].matchExpressions[0].values = 'virtual-kubelet'),
      message: 'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: must be a list, got "virtual-kubelet"',
    },
    {
      name: 'match expression without operator',
      patch: (ds) => delete ds.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
        .nodeSelectorTerms[0].matchExpressions[0].operator,
      message: 'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: required field is missing',
    },
    {
      name: 'hostNetwork as a string',
      patch: (ds) => (ds.spec.template.spec.hostNetwork = 'true'),
      message: 'spec.template.spec.hostNetwork: must be true or false, got "true"',
    },
    {
      name: 'maxUnavailable as a float',
      patch: (ds) => (ds.spec.updateStrategy.rollingUpdate.maxUnavailable = 0.5),
      message: 'spec.updateStrategy.rollingUpdate.maxUnavailable: must be an integer or a percentage such as "10%", got 0.5',
    },
    {
      name: 'maxUnavailable a string that is not a percentage (the controller cannot scale it)',
      patch: (ds) => (ds.spec.updateStrategy.rollingUpdate.maxUnavailable = '10x'),
      message: 'spec.updateStrategy.rollingUpdate.maxUnavailable: must be an integer or a percentage such as "10%", got "10x"',
    },
    {
      name: 'maxSurge a number in a string',
      patch: (ds) => (ds.spec.updateStrategy.rollingUpdate.maxSurge = '1'),
      message: 'spec.updateStrategy.rollingUpdate.maxSurge: must be an integer or a percentage such as "10%", got "1"',
    },
    {
      name: 'selector matchLabels value as a number',
      patch: (ds) => (ds.spec.selector.matchLabels.app = 1),
      message: 'spec.selector.matchLabels["app"]: must be a string, got 1 (quote it: "1")',
    },
    {
      name: 'no name',
      patch: (ds) => delete ds.metadata.name,
      message: 'metadata.name: required field is missing',
    },
    {
      name: 'no metadata',
      patch: (ds) => delete ds.metadata,
      message: 'metadata: required field is missing',
    },
    {
      name: 'init container resources as a list',
      patch: (ds) => (ds.spec.template.spec.initContainers = [{ name: 'init', resources: [] }]),
      message: 'spec.template.spec.initContainers[0].resources: must be a mapping, got a list',
    },
    {
      name: 'overhead value as a boolean',
      patch: (ds) => (ds.spec.template.spec.overhead = { cpu: true }),
      message: 'spec.template.spec.overhead["cpu"]: must be a quantity such as "100m" or "1Gi", got true',
    },
    {
      name: 'a node affinity operator that does not exist',
      patch: (ds) => (ds.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
        .nodeSelectorTerms[0].matchExpressions[0].operator = 'Equals'),
      message: 'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: unsupported value "Equals" (supported values: "DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn")',
    },
    {
      name: 'a preferred term operator that does not exist',
      patch: (ds) => (ds.spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution = [
        { weight: 1, preference: { matchFields: [{ key: 'metadata.name', operator: 'in', values: ['n1'] }] } },
      ]),
      message: 'spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchFields[0].operator: unsupported value "in" (supported values: "DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn")',
    },
    {
      name: 'a label selector operator that only node selectors have',
      patch: (ds) => (ds.spec.selector = { matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }),
      message: 'spec.selector.matchExpressions[0].operator: unsupported value "Gt" (supported values: "DoesNotExist", "Exists", "In", "NotIn")',
    },
    {
      name: 'a toleration operator that does not exist',
      patch: (ds) => (ds.spec.template.spec.tolerations = [{ key: 'a', operator: 'Equals', value: 'b' }]),
      message: 'spec.template.spec.tolerations[0].operator: unsupported value "Equals" (supported values: "Equal", "Exists")',
    },
    {
      name: 'a misspelt toleration effect',
      patch: (ds) => (ds.spec.template.spec.tolerations = [{ key: 'a', operator: 'Exists', effect: 'NoSchedul' }]),
      message: 'spec.template.spec.tolerations[0].effect: unsupported value "NoSchedul" (supported values: "NoExecute", "NoSchedule", "PreferNoSchedule")',
    },
    {
      name: 'a removed apiVersion',
      patch: (ds) => (ds.apiVersion = 'apps/v1beta2'),
      message: 'apiVersion: DaemonSet apiVersion "apps/v1beta2" is not served by Kubernetes 1.28; use "apps/v1"',
    },
  ];

  test.each(cases)('$name', ({ patch, message }) => {
    expect(messageOf(() => validateDaemonSetShape(loaded(daemonSet(patch))))).toBe(`dist/app.k8s.yaml: ${message}`);
  });

  test('names the document in a multi-document file, and the path inside a List', () => {
    const obj = { ...loaded(daemonSet((ds) => delete ds.spec.template), 3), path: 'items[4]' };
    expect(messageOf(() => validateDaemonSetShape(obj))).toBe('dist/app.k8s.yaml: document 2: items[4].spec.template: required field is missing');
  });
});

describe('validateNodeShape', () => {
  const node = (patch: (n: any) => void = () => {}) => {
    const n: any = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1', labels: { 'kubernetes.io/os': 'linux' } },
      spec: { unschedulable: true, taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] },
      status: { allocatable: { cpu: '4', memory: '16Gi', pods: 110 }, conditions: [{ type: 'Ready', status: 'True' }] },
    };
    patch(n);
    return n;
  };
  const cases: Array<{ name: string; patch: (n: any) => void; message: string }> = [
    { name: 'taints as a mapping', patch: (n) => (n.spec.taints = { key: 'a' }), message: 'spec.taints: must be a list, got a mapping' },
    { name: 'taint without effect', patch: (n) => delete n.spec.taints[0].effect, message: 'spec.taints[0].effect: required field is missing' },
    {
      name: 'taint with an unknown effect',
      patch: (n) => (n.spec.taints[0].effect = 'NoExec'),
      message: 'spec.taints[0].effect: unsupported value "NoExec" (supported values: "NoExecute", "NoSchedule", "PreferNoSchedule")',
    },
    { name: 'taint with empty key', patch: (n) => (n.spec.taints[0].key = ''), message: 'spec.taints[0].key: must not be empty' },
    { name: 'unschedulable as a string', patch: (n) => (n.spec.unschedulable = 'yes'), message: 'spec.unschedulable: must be true or false, got "yes"' },
    { name: 'allocatable as a list', patch: (n) => (n.status.allocatable = ['cpu']), message: 'status.allocatable: must be a mapping, got a list' },
    { name: 'label value as a number', patch: (n) => (n.metadata.labels.zone = 3), message: 'metadata.labels["zone"]: must be a string, got 3 (quote it: "3")' },
    { name: 'condition without status', patch: (n) => delete n.status.conditions[0].status, message: 'status.conditions[0].status: required field is missing' },
  ];
  test('a well-formed Node passes', () => {
    expect(messageOf(() => validateNodeShape(loaded(node())))).toBeUndefined();
  });
  test.each(cases)('$name', ({ patch, message }) => {
    expect(messageOf(() => validateNodeShape(loaded(node(patch))))).toBe(`dist/app.k8s.yaml: ${message}`);
  });
});

describe('validatePodShape', () => {
  const pod = (patch: (p: any) => void = () => {}) => {
    const p: any = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'shop', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u', controller: true }] },
      spec: { nodeName: 'n1', containers: [{ name: 'web', resources: { requests: { cpu: '1' } } }] },
      status: { phase: 'Running' },
    };
    patch(p);
    return p;
  };
  const cases: Array<{ name: string; patch: (p: any) => void; message: string }> = [
    { name: 'no spec', patch: (p) => delete p.spec, message: 'spec: required field is missing' },
    { name: 'nodeName as a number', patch: (p) => (p.spec.nodeName = 1), message: 'spec.nodeName: must be a string, got 1' },
    { name: 'phase as a list', patch: (p) => (p.status.phase = []), message: 'status.phase: must be a string, got a list' },
    {
      name: 'ownerReferences as a mapping',
      patch: (p) => (p.metadata.ownerReferences = { kind: 'DaemonSet' }),
      message: 'metadata.ownerReferences: must be a list, got a mapping',
    },
    {
      name: 'controller flag as a string',
      patch: (p) => (p.metadata.ownerReferences[0].controller = 'true'),
      message: 'metadata.ownerReferences[0].controller: must be true or false, got "true"',
    },
  ];
  test('a well-formed Pod passes; a Pod without containers is accepted (only its requests count)', () => {
    expect(messageOf(() => validatePodShape(loaded(pod())))).toBeUndefined();
    expect(messageOf(() => validatePodShape(loaded(pod((p) => delete p.spec.containers))))).toBeUndefined();
  });
  test.each(cases)('$name', ({ patch, message }) => {
    expect(messageOf(() => validatePodShape(loaded(pod(patch))))).toBe(`dist/app.k8s.yaml: ${message}`);
  });
});

describe('isDaemonSetManifest', () => {
  test.each([
    [{ apiVersion: 'apps/v1', kind: 'DaemonSet' }, true],
    [{ apiVersion: 'apps/v1beta2', kind: 'DaemonSet' }, true],
    [{ apiVersion: 'extensions/v1beta1', kind: 'DaemonSet' }, true],
    [{ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'DaemonSet' }, false],
    [{ apiVersion: 'apps/v1', kind: 'Deployment' }, false],
    [{ apiVersion: 'v1', kind: 'DaemonSet' }, false],
    [{ kind: 'DaemonSet' }, false],
    ['DaemonSet', false],
  ])('%j → %s', (obj, expected) => {
    expect(isDaemonSetManifest(obj)).toBe(expected);
  });
});
