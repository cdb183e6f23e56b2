/**
 * `TestWarnings` from pkg/api/pod/warnings_test.go (Kubernetes 1.28.7),
 * ported as data: every case that concerns a pod template (all but "null").
 * As upstream, the template is validated with a nil field path (so paths read
 * `spec....`), the result compared as a set; `oldTemplate` is ignored by
 * 1.28's warningsForPodSpecAndMeta.
 */
import { FieldPath } from '../../src/validation/field';
import { daemonSetWarnings, warningsForPodSpecAndMeta } from '../../src/validation/warnings';

interface Case {
  readonly name: string;
  readonly meta?: object;
  readonly spec: object;
  readonly expected: string[];
}

const resources = { 'cpu': '100m', 'memory': '4m', 'ephemeral-storage': '4m' };
const vol = (source: object) => ({ spec: { volumes: [{ name: 's', ...source }] } });
const nodeLabelKeys = ['foo', 'beta.kubernetes.io/arch', 'beta.kubernetes.io/os', 'failure-domain.beta.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone', 'beta.kubernetes.io/instance-type'];
const c = (ports: object[], name = 'foo') => ({ name, ports });

const cases: Case[] = [
  { name: 'photon', ...vol({ photonPersistentDisk: {} }), expected: ['spec.volumes[0].photonPersistentDisk: deprecated in v1.11, non-functional in v1.16+'] },
  { name: 'gitRepo', ...vol({ gitRepo: {} }), expected: ['spec.volumes[0].gitRepo: deprecated in v1.11'] },
  { name: 'scaleIO', ...vol({ scaleIO: {} }), expected: ['spec.volumes[0].scaleIO: deprecated in v1.16, non-functional in v1.22+'] },
  { name: 'flocker', ...vol({ flocker: {} }), expected: ['spec.volumes[0].flocker: deprecated in v1.22, non-functional in v1.25+'] },
  { name: 'storageOS', ...vol({ storageos: {} }), expected: ['spec.volumes[0].storageOS: deprecated in v1.22, non-functional in v1.25+'] },
  { name: 'quobyte', ...vol({ quobyte: {} }), expected: ['spec.volumes[0].quobyte: deprecated in v1.22, non-functional in v1.25+'] },
  { name: 'glusterfs', ...vol({ glusterfs: {} }), expected: ['spec.volumes[0].glusterfs: deprecated in v1.25, non-functional in v1.26+'] },
  { name: 'CephFS', ...vol({ cephfs: {} }), expected: ['spec.volumes[0].cephfs: deprecated in v1.28, non-functional in v1.31+'] },
  { name: 'rbd', ...vol({ rbd: {} }), expected: ['spec.volumes[0].rbd: deprecated in v1.28, non-functional in v1.31+'] },
  {
    name: 'duplicate hostAlias',
    spec: { hostAliases: [{ ip: '1.1.1.1' }, { ip: '1.1.1.1' }, { ip: '1.1.1.1' }] },
    expected: ['spec.hostAliases[1].ip: duplicate ip "1.1.1.1"', 'spec.hostAliases[2].ip: duplicate ip "1.1.1.1"'],
  },
  {
    name: 'duplicate imagePullSecret',
    spec: { imagePullSecrets: [{ name: 'a' }, { name: 'a' }, { name: 'a' }] },
    expected: ['spec.imagePullSecrets[1].name: duplicate name "a"', 'spec.imagePullSecrets[2].name: duplicate name "a"'],
  },
  { name: 'empty imagePullSecret', spec: { imagePullSecrets: [{ name: '' }] }, expected: ['spec.imagePullSecrets[0].name: invalid empty name ""'] },
  {
    name: 'duplicate env',
    spec: {
      initContainers: [{
        env: [{ name: 'a', value: 'a' }, { name: 'a', value: 'a' }, { name: 'a', value: 'other' }, { name: 'a', value: '' },
          { name: 'a', value: '$(a)' }, { name: 'a', valueFrom: {} }, { name: 'a', value: '$(a) $(a)' }],
      }],
      containers: [{
        env: [{ name: 'b', value: 'b' }, { name: 'b', value: 'b' }, { name: 'b', value: 'other' }, { name: 'b', value: '' },
          { name: 'b', value: '$(b)' }, { name: 'b', valueFrom: {} }, { name: 'b', value: '$(b) $(b)' }],
      }],
    },
    expected: [
      'spec.initContainers[0].env[1]: hides previous definition of "a"',
      'spec.initContainers[0].env[2]: hides previous definition of "a"',
      'spec.initContainers[0].env[3]: hides previous definition of "a"',
      'spec.initContainers[0].env[4]: hides previous definition of "a"',
      'spec.initContainers[0].env[5]: hides previous definition of "a"',
      'spec.containers[0].env[1]: hides previous definition of "b"',
      'spec.containers[0].env[2]: hides previous definition of "b"',
      'spec.containers[0].env[3]: hides previous definition of "b"',
      'spec.containers[0].env[4]: hides previous definition of "b"',
      'spec.containers[0].env[5]: hides previous definition of "b"',
    ],
  },
  {
    name: 'fractional resources',
    spec: {
      initContainers: [{ resources: { requests: resources, limits: resources } }],
      containers: [{ resources: { requests: resources, limits: resources } }],
      overhead: resources,
    },
    expected: [
      'spec.initContainers[0].resources.requests[ephemeral-storage]: fractional byte value "4m" is invalid, must be an integer',
      'spec.initContainers[0].resources.requests[memory]: fractional byte value "4m" is invalid, must be an integer',
      'spec.initContainers[0].resources.limits[ephemeral-storage]: fractional byte value "4m" is invalid, must be an integer',
      'spec.initContainers[0].resources.limits[memory]: fractional byte value "4m" is invalid, must be an integer',
      'spec.containers[0].resources.requests[ephemeral-storage]: fractional byte value "4m" is invalid, must be an integer',
      'spec.containers[0].resources.requests[memory]: fractional byte value "4m" is invalid, must be an integer',
      'spec.containers[0].resources.limits[ephemeral-storage]: fractional byte value "4m" is invalid, must be an integer',
      'spec.containers[0].resources.limits[memory]: fractional byte value "4m" is invalid, must be an integer',
      'spec.overhead[ephemeral-storage]: fractional byte value "4m" is invalid, must be an integer',
      'spec.overhead[memory]: fractional byte value "4m" is invalid, must be an integer',
    ],
  },
  {
    name: 'node labels in nodeSelector',
    spec: {
      nodeSelector: {
        'beta.kubernetes.io/arch': 'true',
        'beta.kubernetes.io/os': 'true',
        'failure-domain.beta.kubernetes.io/region': 'true',
        'failure-domain.beta.kubernetes.io/zone': 'true',
        'beta.kubernetes.io/instance-type': 'true',
      },
    },
    expected: [
      'spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead',
      'spec.nodeSelector[beta.kubernetes.io/instance-type]: deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
      'spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead',
      'spec.nodeSelector[failure-domain.beta.kubernetes.io/region]: deprecated since v1.17; use "topology.kubernetes.io/region" instead',
      'spec.nodeSelector[failure-domain.beta.kubernetes.io/zone]: deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
    ],
  },
  {
    name: 'node labels in affinity requiredDuringSchedulingIgnoredDuringExecution',
    spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: nodeLabelKeys.map((key) => ({ key })) }] } } } },
    expected: [
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].key: beta.kubernetes.io/arch is deprecated since v1.14; use "kubernetes.io/arch" instead',
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[2].key: beta.kubernetes.io/os is deprecated since v1.14; use "kubernetes.io/os" instead',
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[3].key: failure-domain.beta.kubernetes.io/region is deprecated since v1.17; use "topology.kubernetes.io/region" instead',
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[4].key: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[5].key: beta.kubernetes.io/instance-type is deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
    ],
  },
  {
    name: 'node labels in affinity preferredDuringSchedulingIgnoredDuringExecution',
    spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ preference: { matchExpressions: nodeLabelKeys.map((key) => ({ key })) } }] } } },
    expected: [
      'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[1].key: beta.kubernetes.io/arch is deprecated since v1.14; use "kubernetes.io/arch" instead',
      'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[2].key: beta.kubernetes.io/os is deprecated since v1.14; use "kubernetes.io/os" instead',
      'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[3].key: failure-domain.beta.kubernetes.io/region is deprecated since v1.17; use "topology.kubernetes.io/region" instead',
      'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[4].key: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
      'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[5].key: beta.kubernetes.io/instance-type is deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
    ],
  },
  {
    name: 'node labels in topologySpreadConstraints',
    spec: { topologySpreadConstraints: nodeLabelKeys.map((topologyKey) => ({ topologyKey, labelSelector: {} })) },
    expected: [
      'spec.topologySpreadConstraints[1].topologyKey: beta.kubernetes.io/arch is deprecated since v1.14; use "kubernetes.io/arch" instead',
      'spec.topologySpreadConstraints[2].topologyKey: beta.kubernetes.io/os is deprecated since v1.14; use "kubernetes.io/os" instead',
      'spec.topologySpreadConstraints[3].topologyKey: failure-domain.beta.kubernetes.io/region is deprecated since v1.17; use "topology.kubernetes.io/region" instead',
      'spec.topologySpreadConstraints[4].topologyKey: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
      'spec.topologySpreadConstraints[5].topologyKey: beta.kubernetes.io/instance-type is deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
    ],
  },
  {
    name: 'annotations',
    meta: {
      annotations: {
        'foo': 'bar',
        'scheduler.alpha.kubernetes.io/critical-pod': 'true',
        'seccomp.security.alpha.kubernetes.io/pod': 'default',
        'container.seccomp.security.alpha.kubernetes.io/foo': 'default',
        'security.alpha.kubernetes.io/sysctls': 'a,b,c',
        'security.alpha.kubernetes.io/unsafe-sysctls': 'd,e,f',
      },
    },
    spec: { containers: [{ name: 'foo' }] },
    expected: [
      'metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead',
      'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the "seccompProfile" field instead',
      'metadata.annotations[container.seccomp.security.alpha.kubernetes.io/foo]: non-functional in v1.27+; use the "seccompProfile" field instead',
      'metadata.annotations[security.alpha.kubernetes.io/sysctls]: non-functional in v1.11+; use the "sysctls" field instead',
      'metadata.annotations[security.alpha.kubernetes.io/unsafe-sysctls]: non-functional in v1.11+; use the "sysctls" field instead',
    ],
  },
  {
    name: 'seccomp fields',
    meta: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'default', 'container.seccomp.security.alpha.kubernetes.io/foo': 'default' } },
    spec: {
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'foo', securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }],
    },
    expected: [],
  },
  {
    name: 'pod with ephemeral volume source 200Mi',
    spec: { volumes: [{ name: 'ephemeral-volume', ephemeral: { volumeClaimTemplate: { spec: { resources: { requests: { storage: '200Mi' } } } } } }] },
    expected: [],
  },
  {
    name: 'pod with ephemeral volume source 200m',
    spec: { volumes: [{ name: 'ephemeral-volume', ephemeral: { volumeClaimTemplate: { spec: { resources: { requests: { storage: '200m' } } } } } }] },
    expected: ['spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests[storage]: fractional byte value "200m" is invalid, must be an integer'],
  },
  {
    name: 'terminationGracePeriodSeconds is negative',
    spec: { terminationGracePeriodSeconds: -1 },
    expected: ['spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1'],
  },
  {
    name: 'null LabelSelector in topologySpreadConstraints',
    spec: { topologySpreadConstraints: [{ labelSelector: {} }, { labelSelector: null }] },
    expected: ['spec.topologySpreadConstraints[1].labelSelector: a null labelSelector results in matching no pod'],
  },
  {
    name: 'null LabelSelector in PodAffinity',
    spec: {
      affinity: {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: {} }, { labelSelector: null }],
          preferredDuringSchedulingIgnoredDuringExecution: [{ podAffinityTerm: { labelSelector: {} } }, { podAffinityTerm: { labelSelector: null } }],
        },
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: {} }, { labelSelector: null }],
          preferredDuringSchedulingIgnoredDuringExecution: [{ podAffinityTerm: { labelSelector: {} } }, { podAffinityTerm: { labelSelector: null } }],
        },
      },
    },
    expected: [
      'spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[1].labelSelector: a null labelSelector results in matching no pod',
      'spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[1].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod',
      'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[1].labelSelector: a null labelSelector results in matching no pod',
      'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[1].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod',
    ],
  },
  { name: 'container no ports', spec: { containers: [c([])] }, expected: [] },
  { name: 'one container, one port', spec: { containers: [c([{ containerPort: 80, hostPort: 80 }])] }, expected: [] },
  { name: 'one container, two ports, same protocol, different ports', spec: { containers: [c([{ containerPort: 80, protocol: 'UDP' }, { containerPort: 81, protocol: 'UDP' }])] }, expected: [] },
  { name: 'one container, two ports, different protocols, same port', spec: { containers: [c([{ containerPort: 80, protocol: 'UDP' }, { containerPort: 80, protocol: 'TCP' }])] }, expected: [] },
  { name: 'one container, two ports, same protocol, same port, different hostport', spec: { containers: [c([{ containerPort: 80, protocol: 'TCP', hostPort: 80 }, { containerPort: 80, protocol: 'TCP', hostPort: 81 }])] }, expected: [] },
  {
    name: 'one container, two ports, same protocol, port and hostPort, different hostIP',
    spec: { containers: [c([{ containerPort: 80, protocol: 'TCP', hostPort: 80, hostIP: '10.0.0.1' }, { containerPort: 80, protocol: 'TCP', hostPort: 80, hostIP: '10.0.0.2' }])] },
    expected: [],
  },
  { name: 'two containers, one port each, same protocol, different ports', spec: { containers: [c([{ containerPort: 80, protocol: 'UDP' }]), c([{ containerPort: 81, protocol: 'UDP' }], 'bar')] }, expected: [] },
  { name: 'two containers, one port each, different protocols, same port', spec: { containers: [c([{ containerPort: 80, protocol: 'UDP' }]), c([{ containerPort: 80, protocol: 'TCP' }], 'bar')] }, expected: [] },
  {
    name: 'two containers, one port each, same protocol, same port, different hostport',
    spec: { containers: [c([{ containerPort: 80, protocol: 'TCP', hostPort: 80 }]), c([{ containerPort: 80, protocol: 'TCP', hostPort: 81 }], 'bar')] },
    expected: [],
  },
  {
    name: 'two containers, one port each, same protocol, port and hostPort, different hostIP',
    spec: { containers: [c([{ containerPort: 80, protocol: 'TCP', hostPort: 80, hostIP: '10.0.0.1' }]), c([{ containerPort: 80, protocol: 'TCP', hostPort: 80, hostIP: '10.0.0.2' }], 'bar')] },
    expected: [],
  },
  {
    name: 'duplicate container ports with same port and protocol',
    spec: { containers: [c([{ containerPort: 80, protocol: 'UDP' }, { containerPort: 80, protocol: 'UDP' }])] },
    expected: ['spec.containers[0].ports[1]: duplicate port definition with spec.containers[0].ports[0]'],
  },
  {
    name: 'duplicate container ports with same port, hostPort and protocol',
    spec: { containers: [c([{ containerPort: 80, hostPort: 80, protocol: 'UDP' }, { containerPort: 80, hostPort: 80, protocol: 'UDP' }])] },
    expected: ['spec.containers[0].ports[1]: duplicate port definition with spec.containers[0].ports[0]'],
  },
  {
    name: 'duplicate container ports with same port, host port, host IP and protocol',
    spec: { containers: [c([{ containerPort: 80, hostPort: 80, protocol: 'UDP', hostIP: '10.0.0.1' }, { containerPort: 80, hostPort: 80, protocol: 'UDP', hostIP: '10.0.0.1' }])] },
    expected: ['spec.containers[0].ports[1]: duplicate port definition with spec.containers[0].ports[0]'],
  },
  {
    name: 'one container port hostIP set without host port set',
    spec: { containers: [c([{ containerPort: 80, protocol: 'UDP', hostIP: '10.0.0.1' }])] },
    expected: ['spec.containers[0].ports[0]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:80 Protocol:UDP HostIP:10.0.0.1}'],
  },
  {
    name: 'duplicate container ports with one host port set and one without',
    spec: { containers: [c([{ containerPort: 80, hostPort: 80, protocol: 'UDP', hostIP: '10.0.0.1' }, { containerPort: 80, protocol: 'UDP', hostIP: '10.0.0.1' }])] },
    expected: [
      'spec.containers[0].ports[1]: overlapping port definition with spec.containers[0].ports[0]',
      'spec.containers[0].ports[1]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:80 Protocol:UDP HostIP:10.0.0.1}',
    ],
  },
  {
    name: 'duplicate container ports without one host IP set and two with',
    spec: { containers: [c([{ containerPort: 80, hostPort: 80, protocol: 'UDP', hostIP: '10.0.0.1' }, { containerPort: 80, hostPort: 80, protocol: 'UDP' }, { containerPort: 80, hostPort: 80, protocol: 'UDP', hostIP: '10.0.0.2' }])] },
    expected: [
      'spec.containers[0].ports[1]: dangerously ambiguous port definition with spec.containers[0].ports[0]',
      'spec.containers[0].ports[2]: dangerously ambiguous port definition with spec.containers[0].ports[1]',
    ],
  },
  {
    name: 'duplicate container ports with one host IP set and one without',
    spec: { containers: [c([{ containerPort: 80, hostPort: 80, protocol: 'UDP', hostIP: '10.0.0.1' }, { containerPort: 80, hostPort: 80, protocol: 'UDP' }])] },
    expected: ['spec.containers[0].ports[1]: dangerously ambiguous port definition with spec.containers[0].ports[0]'],
  },
  {
    name: 'duplicate containers with same port and protocol',
    spec: { containers: [c([{ containerPort: 80, protocol: 'UDP' }]), c([{ containerPort: 80, protocol: 'UDP' }], 'bar')] },
    expected: ['spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]'],
  },
  {
    name: 'duplicate containers with same port, hostPort and protocol',
    spec: { containers: [c([{ containerPort: 80, hostPort: 80, protocol: 'UDP' }]), c([{ containerPort: 80, hostPort: 80, protocol: 'UDP' }], 'bar')] },
    expected: ['spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]'],
  },
  {
    name: 'duplicate containers with same port, host port, host IP and protocol',
    spec: { containers: [c([{ containerPort: 80, hostPort: 80, protocol: 'UDP', hostIP: '10.0.0.1' }]), c([{ containerPort: 80, hostPort: 80, protocol: 'UDP', hostIP: '10.0.0.1' }], 'bar')] },
    expected: ['spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]'],
  },
  {
    name: 'duplicate containers with one host port set and one without',
    spec: { containers: [c([{ containerPort: 80, hostPort: 80, protocol: 'UDP', hostIP: '10.0.0.1' }]), c([{ containerPort: 80, protocol: 'UDP', hostIP: '10.0.0.1' }], 'bar')] },
    expected: [
      'spec.containers[1].ports[0]: overlapping port definition with spec.containers[0].ports[0]',
      'spec.containers[1].ports[0]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:80 Protocol:UDP HostIP:10.0.0.1}',
    ],
  },
  {
    name: 'duplicate container ports without one host IP set and one with',
    spec: { containers: [c([{ containerPort: 80, hostPort: 80, protocol: 'UDP' }]), c([{ containerPort: 80, hostPort: 80, protocol: 'UDP', hostIP: '10.0.0.1' }], 'bar')] },
    expected: ['spec.containers[1].ports[0]: dangerously ambiguous port definition with spec.containers[0].ports[0]'],
  },
  {
    name: 'duplicate container ports with one host IP set and one without',
    spec: { containers: [c([{ containerPort: 80, hostPort: 80, protocol: 'UDP', hostIP: '10.0.0.1' }]), c([{ containerPort: 80, hostPort: 80, protocol: 'UDP' }], 'bar')] },
    expected: ['spec.containers[1].ports[0]: dangerously ambiguous port definition with spec.containers[0].ports[0]'],
  },
];

const twoContainers = {
  containers: [
    c([{ containerPort: 80, hostPort: 80, protocol: 'UDP' }, { containerPort: 180, hostPort: 80, protocol: 'UDP' }, { containerPort: 80, hostPort: 80, protocol: 'UDP' }], 'foo1'),
    c([{ containerPort: 80, hostPort: 80, protocol: 'UDP' }, { containerPort: 80, hostPort: 80, protocol: 'UDP' }], 'foo'),
  ],
};
const twoContainersExpected = [
  'spec.containers[0].ports[2]: duplicate port definition with spec.containers[0].ports[0]',
  'spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]',
  'spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[2]',
  'spec.containers[1].ports[1]: duplicate port definition with spec.containers[0].ports[0]',
  'spec.containers[1].ports[1]: duplicate port definition with spec.containers[0].ports[2]',
  'spec.containers[1].ports[1]: duplicate port definition with spec.containers[1].ports[0]',
];
cases.push({ name: 'create duplicate container ports in two containers', spec: twoContainers, expected: twoContainersExpected });
cases.push({
  name: 'update duplicate container ports in two containers',
  spec: JSON.parse(JSON.stringify(twoContainers).replace(/UDP/g, 'TCP')),
  expected: twoContainersExpected,
});

describe('TestWarnings (pkg/api/pod/warnings_test.go)', () => {
  test.each(cases.map((x) => [x.name, x] as const))('podspec_%s', (_name, tc) => {
    const actual = warningsForPodSpecAndMeta(FieldPath.nil(), tc.spec as any, (tc.meta ?? {}) as any);
    expect(new Set(actual)).toEqual(new Set(tc.expected));
  });

  test('a DaemonSet is warned under spec.template', () => {
    const ds = {
      spec: { template: { metadata: {}, spec: { nodeSelector: { 'beta.kubernetes.io/os': 'linux' }, containers: [c([{ containerPort: 80, protocol: 'TCP' }, { containerPort: 80, protocol: 'TCP' }])] } } },
    };
    expect(daemonSetWarnings(ds)).toEqual([
      'spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead',
      'spec.template.spec.containers[0].ports[1]: duplicate port definition with spec.template.spec.containers[0].ports[0]',
    ]);
  });
});
