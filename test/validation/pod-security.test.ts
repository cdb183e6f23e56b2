/**
 * Pod Security Standards (pod-security-admission v0.28.7), ported as data from
 * staging/src/k8s.io/pod-security-admission/policy/check_*_test.go: every
 * table, run against the same versioned check variant Go calls (e.g.
 * `allowPrivilegeEscalation_1_25` = check `allowPrivilegeEscalation` at v1.25).
 * Then the level evaluation (`EvaluatePod` order and overrides) on templates,
 * with results cross-checked against /tmp/ds-oracle's `podSecurity`.
 */
import {
  compareLevels, evaluatePodSecurity, evaluatePodSecurityLevel, parseLevel, parseVersion, runPodSecurityCheck,
} from '../../src/validation/pod-security';

interface CheckCase {
  readonly name: string;
  readonly meta?: object;
  readonly spec: object;
  /** undefined: the check passes. */
  readonly reason?: string;
  readonly detail?: string;
}

function run(id: string, minor: number, tc: CheckCase) {
  const r = runPodSecurityCheck(id, minor, tc.meta ?? {}, tc.spec);
  if (tc.reason === undefined) {
    expect(r).toBeUndefined();
  } else {
    expect(r?.reason).toBe(tc.reason);
    expect(r?.detail).toBe(tc.detail);
  }
}

const sc = (o: object) => ({ securityContext: o });
const apeContainers = [{ name: 'a' }, { name: 'b', ...sc({}) }, { name: 'c', ...sc({ allowPrivilegeEscalation: true }) }, { name: 'd', ...sc({ allowPrivilegeEscalation: false }) }];

const tables: Array<[string, string, number, CheckCase[]]> = [
  ['TestAllowPrivilegeEscalation_1_25', 'allowPrivilegeEscalation', 25, [
    { name: 'multiple containers', spec: { containers: apeContainers }, reason: 'allowPrivilegeEscalation != false', detail: 'containers "a", "b", "c" must set securityContext.allowPrivilegeEscalation=false' },
    { name: 'windows pod, admit without checking privilegeEscalation', spec: { os: { name: 'windows' }, containers: [{ name: 'a' }] } },
    { name: 'linux pod, reject if security context is not set', spec: { os: { name: 'linux' }, containers: [{ name: 'a' }] }, reason: 'allowPrivilegeEscalation != false', detail: 'container "a" must set securityContext.allowPrivilegeEscalation=false' },
  ]],
  ['TestAllowPrivilegeEscalation_1_8', 'allowPrivilegeEscalation', 8, [
    { name: 'multiple containers', spec: { containers: apeContainers }, reason: 'allowPrivilegeEscalation != false', detail: 'containers "a", "b", "c" must set securityContext.allowPrivilegeEscalation=false' },
  ]],
  ['TestCheckAppArmor', 'appArmorProfile', 0, [
    { name: 'container with default AppArmor + extra annotations', meta: { annotations: { 'localhost/test': 'runtime/default', 'env': 'prod' } }, spec: {} },
    { name: 'container with local AppArmor + extra annotations', meta: { annotations: { 'localhost/test': 'localhost/sec-profile01', 'env': 'dev' } }, spec: {} },
    { name: 'container with no AppArmor annotations', meta: { annotations: { env: 'dev' } }, spec: {} },
    { name: 'container with no annotations', meta: {}, spec: {} },
  ]],
  ['TestAppArmorProfile', 'appArmorProfile', 0, [
    {
      name: 'multiple containers',
      meta: {
        annotations: {
          'container.apparmor.security.beta.kubernetes.io/': 'bogus',
          'container.apparmor.security.beta.kubernetes.io/a': '',
          'container.apparmor.security.beta.kubernetes.io/b': 'runtime/default',
          'container.apparmor.security.beta.kubernetes.io/c': 'localhost/',
          'container.apparmor.security.beta.kubernetes.io/d': 'localhost/foo',
          'container.apparmor.security.beta.kubernetes.io/e': 'unconfined',
          'container.apparmor.security.beta.kubernetes.io/f': 'unknown',
        },
      },
      spec: {},
      reason: 'forbidden AppArmor profiles',
      detail: 'container.apparmor.security.beta.kubernetes.io/="bogus", container.apparmor.security.beta.kubernetes.io/e="unconfined", container.apparmor.security.beta.kubernetes.io/f="unknown"',
    },
  ]],
  ['TestCapabilitiesBaseline', 'capabilities_baseline', 0, [
    {
      name: 'multiple containers',
      spec: { containers: [{ name: 'a', ...sc({ capabilities: { add: ['FOO', 'BAR'] } }) }, { name: 'b', ...sc({ capabilities: { add: ['BAR', 'BAZ'] } }) }] },
      reason: 'non-default capabilities',
      detail: 'containers "a", "b" must not include "BAR", "BAZ", "FOO" in securityContext.capabilities.add',
    },
  ]],
  ...([25, 22] as const).map((minor): [string, string, number, CheckCase[]] => [`TestCapabilitiesRestricted_1_${minor}`, 'capabilities_restricted', minor, [
    {
      name: 'multiple containers',
      spec: {
        containers: [
          { name: 'a', ...sc({ capabilities: { add: ['FOO', 'BAR'] } }) },
          { name: 'b', ...sc({ capabilities: { add: ['BAR', 'BAZ'] } }) },
          { name: 'c', ...sc({ capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN'], drop: ['ALL', 'FOO'] } }) },
        ],
      },
      reason: 'unrestricted capabilities',
      detail: 'containers "a", "b" must set securityContext.capabilities.drop=["ALL"]; containers "a", "b", "c" must not include "BAR", "BAZ", "CHOWN", "FOO" in securityContext.capabilities.add',
    },
    ...(minor === 25 ? [
      { name: 'windows pod, admit without checking capabilities', spec: { os: { name: 'windows' }, containers: [{ name: 'a' }] } },
      { name: 'linux pod, reject if security context is not set', spec: { os: { name: 'linux' }, containers: [{ name: 'a' }] }, reason: 'unrestricted capabilities', detail: 'container "a" must set securityContext.capabilities.drop=["ALL"]' },
    ] : []),
  ]]),
  ['TestHostNamespaces', 'hostNamespaces', 0, [
    { name: 'multiple host namespaces', spec: { hostNetwork: true, hostIPC: true, hostPID: true }, reason: 'host namespaces', detail: 'hostNetwork=true, hostPID=true, hostIPC=true' },
  ]],
  ['TestHostPathVolumes', 'hostPathVolumes', 0, [
    { name: 'host path volumes', spec: { volumes: [{ name: 'a', hostPath: {} }, { name: 'b', hostPath: {} }, { name: 'c', emptyDir: {} }] }, reason: 'hostPath volumes', detail: 'volumes "a", "b"' },
  ]],
  ['TestHostPort', 'hostPorts', 0, [
    { name: 'one container, one host port', spec: { containers: [{ name: 'a', ports: [{ hostPort: 0 }] }, { name: 'b', ports: [{ hostPort: 0 }, { hostPort: 20 }] }] }, reason: 'hostPort', detail: 'container "b" uses hostPort 20' },
    {
      name: 'multiple containers, multiple host port',
      spec: { containers: [{ name: 'a', ports: [{ hostPort: 0 }] }, { name: 'b', ports: [{ hostPort: 0 }, { hostPort: 10 }, { hostPort: 20 }] }, { name: 'c', ports: [{ hostPort: 0 }, { hostPort: 10 }, { hostPort: 30 }] }] },
      reason: 'hostPort',
      detail: 'containers "b", "c" use hostPorts 10, 20, 30',
    },
  ]],
  ['TestPrivileged', 'privileged', 0, [
    {
      name: 'privileged',
      spec: { containers: [{ name: 'a' }, { name: 'b', ...sc({}) }, { name: 'c', ...sc({ privileged: false }) }, { name: 'd', ...sc({ privileged: true }) }, { name: 'e', ...sc({ privileged: true }) }] },
      reason: 'privileged',
      detail: 'containers "d", "e" must not set securityContext.privileged=true',
    },
  ]],
  ['TestProcMount', 'procMount', 0, [
    {
      name: 'procMount',
      spec: { containers: [{ name: 'a' }, { name: 'b', ...sc({}) }, { name: 'c', ...sc({ procMount: 'Default' }) }, { name: 'd', ...sc({ procMount: 'Unmasked' }) }, { name: 'e', ...sc({ procMount: 'other' }) }] },
      reason: 'procMount',
      detail: 'containers "d", "e" must not set securityContext.procMount to "Unmasked", "other"',
    },
  ]],
  ['TestRestrictedVolumes', 'restrictedVolumes', 0, [
    {
      name: 'host path volumes',
      spec: {
        volumes: [
          { name: 'a1', emptyDir: {} }, { name: 'a2', secret: {} }, { name: 'a3', persistentVolumeClaim: {} }, { name: 'a4', downwardAPI: {} },
          { name: 'a5', configMap: {} }, { name: 'a6', projected: {} }, { name: 'a7', csi: {} }, { name: 'a8', ephemeral: {} },
          { name: 'b1', hostPath: {} }, { name: 'b2', gcePersistentDisk: {} }, { name: 'b3', awsElasticBlockStore: {} }, { name: 'b4', gitRepo: {} },
          { name: 'b5', nfs: {} }, { name: 'b6', iscsi: {} }, { name: 'b7', glusterfs: {} }, { name: 'b8', rbd: {} }, { name: 'b9', flexVolume: {} },
          { name: 'b10', cinder: {} }, { name: 'b11', cephfs: {} }, { name: 'b12', flocker: {} }, { name: 'b13', fc: {} }, { name: 'b14', azureFile: {} },
          { name: 'b15', vsphereVolume: {} }, { name: 'b16', quobyte: {} }, { name: 'b17', azureDisk: {} }, { name: 'b18', photonPersistentDisk: {} },
          { name: 'b19', portworxVolume: {} }, { name: 'b20', scaleIO: {} }, { name: 'b21', storageos: {} },
          { name: 'c1' },
        ],
      },
      reason: 'restricted volume types',
      detail: 'volumes "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "b11", "b12", "b13", "b14", "b15", "b16", "b17", "b18", "b19", "b20", "b21", "c1"'
        + ' use restricted volume types "awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "fc", "flexVolume", "flocker", "gcePersistentDisk", "gitRepo", "glusterfs", '
        + '"hostPath", "iscsi", "nfs", "photonPersistentDisk", "portworxVolume", "quobyte", "rbd", "scaleIO", "storageos", "unknown", "vsphereVolume"',
    },
  ]],
  ['TestRunAsNonRoot', 'runAsNonRoot', 0, [
    { name: 'no explicit runAsNonRoot', spec: { containers: [{ name: 'a' }] }, reason: 'runAsNonRoot != true', detail: 'pod or container "a" must set securityContext.runAsNonRoot=true' },
    { name: 'pod runAsNonRoot=false', spec: { securityContext: { runAsNonRoot: false }, containers: [{ name: 'a' }] }, reason: 'runAsNonRoot != true', detail: 'pod must not set securityContext.runAsNonRoot=false' },
    {
      name: 'containers runAsNonRoot=false',
      spec: {
        securityContext: { runAsNonRoot: true },
        containers: [{ name: 'a' }, { name: 'b', ...sc({}) }, { name: 'c', ...sc({ runAsNonRoot: false }) }, { name: 'd', ...sc({ runAsNonRoot: false }) },
          { name: 'e', ...sc({ runAsNonRoot: true }) }, { name: 'f', ...sc({ runAsNonRoot: true }) }],
      },
      reason: 'runAsNonRoot != true',
      detail: 'containers "c", "d" must not set securityContext.runAsNonRoot=false',
    },
    {
      name: 'pod nil, container fallthrough',
      spec: { containers: [{ name: 'a' }, { name: 'b', ...sc({}) }, { name: 'd', ...sc({ runAsNonRoot: true }) }, { name: 'e', ...sc({ runAsNonRoot: true }) }] },
      reason: 'runAsNonRoot != true',
      detail: 'pod or containers "a", "b" must set securityContext.runAsNonRoot=true',
    },
  ]],
  ['TestRunAsUser', 'runAsUser', 23, [
    { name: 'pod runAsUser=0', spec: { securityContext: { runAsUser: 0 }, containers: [{ name: 'a' }] }, reason: 'runAsUser=0', detail: 'pod must not set runAsUser=0' },
    { name: 'pod runAsUser=non-zero', spec: { securityContext: { runAsUser: 1000 }, containers: [{ name: 'a' }] } },
    { name: 'pod runAsUser=nil', spec: { securityContext: {}, containers: [{ name: 'a' }] } },
    {
      name: 'containers runAsUser=0',
      spec: {
        securityContext: { runAsUser: 1000 },
        containers: [{ name: 'a' }, { name: 'b', ...sc({}) }, { name: 'c', ...sc({ runAsUser: 0 }) }, { name: 'd', ...sc({ runAsUser: 0 }) }, { name: 'e', ...sc({ runAsUser: 1 }) }, { name: 'f', ...sc({ runAsUser: 1 }) }],
      },
      reason: 'runAsUser=0',
      detail: 'containers "c", "d" must not set runAsUser=0',
    },
    { name: 'containers runAsUser=non-zero', spec: { containers: [1, 2, 3, 4].map((u, i) => ({ name: 'cdef'[i], ...sc({ runAsUser: u }) })) } },
  ]],
  ['TestSELinuxOptions', 'seLinuxOptions', 0, [
    {
      name: 'invalid pod and containers',
      spec: {
        securityContext: { seLinuxOptions: { type: 'foo', user: 'bar', role: 'baz' } },
        containers: [
          { name: 'a', ...sc({ seLinuxOptions: { type: 'container_t' } }) }, { name: 'b', ...sc({ seLinuxOptions: { type: 'container_init_t' } }) },
          { name: 'c', ...sc({ seLinuxOptions: { type: 'container_kvm_t' } }) }, { name: 'd', ...sc({ seLinuxOptions: { type: 'bar' } }) },
          { name: 'e', ...sc({ seLinuxOptions: { user: 'bar' } }) }, { name: 'f', ...sc({ seLinuxOptions: { role: 'baz' } }) },
        ],
      },
      reason: 'seLinuxOptions',
      detail: 'pod and containers "d", "e", "f" set forbidden securityContext.seLinuxOptions: types "bar", "foo"; user may not be set; role may not be set',
    },
    {
      name: 'invalid pod',
      spec: {
        securityContext: { seLinuxOptions: { type: 'foo', user: 'bar', role: 'baz' } },
        containers: [{ name: 'a', ...sc({ seLinuxOptions: { type: 'container_t' } }) }, { name: 'b', ...sc({ seLinuxOptions: { type: 'container_init_t' } }) }, { name: 'c', ...sc({ seLinuxOptions: { type: 'container_kvm_t' } }) }],
      },
      reason: 'seLinuxOptions',
      detail: 'pod set forbidden securityContext.seLinuxOptions: type "foo"; user may not be set; role may not be set',
    },
    {
      name: 'invalid containers',
      spec: {
        securityContext: { seLinuxOptions: {} },
        containers: [
          { name: 'a', ...sc({ seLinuxOptions: { type: 'container_t' } }) }, { name: 'b', ...sc({ seLinuxOptions: { type: 'container_init_t' } }) },
          { name: 'c', ...sc({ seLinuxOptions: { type: 'container_kvm_t' } }) }, { name: 'd', ...sc({ seLinuxOptions: { type: 'bar' } }) },
          { name: 'e', ...sc({ seLinuxOptions: { user: 'bar' } }) }, { name: 'f', ...sc({ seLinuxOptions: { role: 'baz' } }) },
        ],
      },
      reason: 'seLinuxOptions',
      detail: 'containers "d", "e", "f" set forbidden securityContext.seLinuxOptions: type "bar"; user may not be set; role may not be set',
    },
    { name: 'bad type', spec: { securityContext: { seLinuxOptions: { type: 'bad' } } }, reason: 'seLinuxOptions', detail: 'pod set forbidden securityContext.seLinuxOptions: type "bad"' },
    { name: 'bad user', spec: { securityContext: { seLinuxOptions: { user: 'bad' } } }, reason: 'seLinuxOptions', detail: 'pod set forbidden securityContext.seLinuxOptions: user may not be set' },
    { name: 'bad role', spec: { securityContext: { seLinuxOptions: { role: 'bad' } } }, reason: 'seLinuxOptions', detail: 'pod set forbidden securityContext.seLinuxOptions: role may not be set' },
  ]],
  ['TestSeccompProfileBaseline_1_0', 'seccompProfile_baseline', 0, [
    { name: 'pod seccomp invalid', meta: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } }, spec: {}, reason: 'seccompProfile', detail: 'forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined"' },
    {
      name: 'containers seccomp invalid',
      meta: { annotations: { 'container.seccomp.security.alpha.kubernetes.io/a': 'unconfined', 'container.seccomp.security.alpha.kubernetes.io/b': 'unknown' } },
      spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
      reason: 'seccompProfile',
      detail: 'forbidden annotations container.seccomp.security.alpha.kubernetes.io/a="unconfined", container.seccomp.security.alpha.kubernetes.io/b="unknown"',
    },
    {
      name: 'pod and containers seccomp invalid',
      meta: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined', 'container.seccomp.security.alpha.kubernetes.io/a': 'unconfined', 'container.seccomp.security.alpha.kubernetes.io/b': 'unknown' } },
      spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
      reason: 'seccompProfile',
      detail: 'forbidden annotations container.seccomp.security.alpha.kubernetes.io/a="unconfined", container.seccomp.security.alpha.kubernetes.io/b="unknown", seccomp.security.alpha.kubernetes.io/pod="unconfined"',
    },
  ]],
];

const seccompContainers = [{ name: 'a' }, { name: 'b', ...sc({}) }, { name: 'c', ...sc({ seccompProfile: { type: 'Unconfined' } }) }, { name: 'd', ...sc({ seccompProfile: { type: 'Unconfined' } }) },
  { name: 'e', ...sc({ seccompProfile: { type: 'RuntimeDefault' } }) }, { name: 'f', ...sc({ seccompProfile: { type: 'RuntimeDefault' } }) }];
const fallthrough = [{ name: 'a' }, { name: 'b', ...sc({}) }, { name: 'd', ...sc({ seccompProfile: { type: 'RuntimeDefault' } }) }, { name: 'e', ...sc({ seccompProfile: { type: 'RuntimeDefault' } }) }];
const mustSet = 'must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"';
tables.push(['TestSeccompProfileBaseline_1_19', 'seccompProfile_baseline', 19, [
  { name: 'pod seccomp invalid', spec: { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [{ name: 'a' }] }, reason: 'seccompProfile', detail: 'pod must not set securityContext.seccompProfile.type to "Unconfined"' },
  { name: 'containers seccomp invalid', spec: { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: seccompContainers }, reason: 'seccompProfile', detail: 'containers "c", "d" must not set securityContext.seccompProfile.type to "Unconfined"' },
  { name: 'pod and containers seccomp invalid', spec: { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: seccompContainers }, reason: 'seccompProfile', detail: 'pod and containers "c", "d" must not set securityContext.seccompProfile.type to "Unconfined"' },
]]);
for (const minor of [25, 19]) {
  tables.push([`TestSeccompProfileRestricted_1_${minor}`, 'seccompProfile_restricted', minor, [
    { name: 'no explicit seccomp', spec: { containers: [{ name: 'a' }] }, reason: 'seccompProfile', detail: `pod or container "a" ${mustSet}` },
    ...(minor === 25 ? [
      { name: 'no explicit seccomp, windows Pod', spec: { os: { name: 'windows' }, containers: [{ name: 'a' }] } },
      { name: 'no explicit seccomp, linux pod', spec: { os: { name: 'linux' }, containers: [{ name: 'a' }] }, reason: 'seccompProfile', detail: `pod or container "a" ${mustSet}` },
    ] : []),
    { name: 'pod seccomp invalid', spec: { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [{ name: 'a' }] }, reason: 'seccompProfile', detail: 'pod must not set securityContext.seccompProfile.type to "Unconfined"' },
    { name: 'containers seccomp invalid', spec: { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: seccompContainers }, reason: 'seccompProfile', detail: 'containers "c", "d" must not set securityContext.seccompProfile.type to "Unconfined"' },
    { name: 'pod nil, container fallthrough', spec: { containers: fallthrough }, reason: 'seccompProfile', detail: `pod or containers "a", "b" ${mustSet}` },
  ]]);
}
tables.push(['TestSysctls', 'sysctls', 0, [
  { name: 'forbidden sysctls', spec: { securityContext: { sysctls: [{ name: 'a' }, { name: 'b' }] } }, reason: 'forbidden sysctls', detail: 'a, b' },
  { name: 'new supported sysctls not supported', spec: { securityContext: { sysctls: [{ name: 'net.ipv4.ip_local_reserved_ports', value: '1024-4999' }] } }, reason: 'forbidden sysctls', detail: 'net.ipv4.ip_local_reserved_ports' },
]]);
tables.push(['TestSysctls_1_27', 'sysctls', 27, [
  { name: 'forbidden sysctls', spec: { securityContext: { sysctls: [{ name: 'a' }, { name: 'b' }] } }, reason: 'forbidden sysctls', detail: 'a, b' },
  { name: 'new supported sysctls', spec: { securityContext: { sysctls: [{ name: 'net.ipv4.ip_local_reserved_ports', value: '1024-4999' }] } } },
]]);
tables.push(['TestWindowsHostProcess', 'windowsHostProcess', 0, [
  {
    name: 'host process',
    spec: {
      securityContext: { windowsOptions: { hostProcess: true } },
      containers: [{ name: 'a' }, { name: 'b', ...sc({}) }, { name: 'c', ...sc({ windowsOptions: {} }) }, { name: 'd', ...sc({ windowsOptions: { hostProcess: false } }) },
        { name: 'e', ...sc({ windowsOptions: { hostProcess: true } }) }, { name: 'f', ...sc({ windowsOptions: { hostProcess: true } }) }],
    },
    reason: 'hostProcess',
    detail: 'pod and containers "e", "f" must not set securityContext.windowsOptions.hostProcess=true',
  },
]]);

for (const [goName, id, minor, cases] of tables) {
  describe(`${goName} (staging/src/k8s.io/pod-security-admission/policy)`, () => {
    test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, tc) => run(id, minor, tc));
  });
}

describe('EvaluatePod: levels, order and overrides (policy/registry.go)', () => {
  const hostAgent = {
    hostNetwork: true,
    containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 81 }], volumeMounts: [{ name: 'v', mountPath: '/x' }] }],
    volumes: [{ name: 'v', hostPath: { path: '/var/log' } }],
  };

  test('a host-network agent with a hostPath and a hostPort (oracle output)', () => {
    const r = evaluatePodSecurity({}, hostAgent);
    expect(r.level).toBe('privileged');
    expect(r.baseline.map((f) => [f.reason, f.detail])).toEqual([
      ['host namespaces', 'hostNetwork=true'],
      ['hostPath volumes', 'volume "v"'],
      ['hostPort', 'container "c" uses hostPort 81'],
    ]);
    // restricted: hostPathVolumes is overridden by restrictedVolumes; non-overridden baseline checks first.
    expect(r.restricted.map((f) => [f.reason, f.detail])).toEqual([
      ['host namespaces', 'hostNetwork=true'],
      ['hostPort', 'container "c" uses hostPort 81'],
      ['allowPrivilegeEscalation != false', 'container "c" must set securityContext.allowPrivilegeEscalation=false'],
      ['unrestricted capabilities', 'container "c" must set securityContext.capabilities.drop=["ALL"]'],
      ['restricted volume types', 'volume "v" uses restricted volume type "hostPath"'],
      ['runAsNonRoot != true', 'pod or container "c" must set securityContext.runAsNonRoot=true'],
      ['seccompProfile', 'pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"'],
    ]);
    expect(r.baseline.map((f) => f.fields)).toEqual([
      ['spec.hostNetwork'], ['spec.volumes[0].hostPath'], ['spec.containers[0].ports[0].hostPort'],
    ]);
  });

  test('a hardened template is restricted', () => {
    const spec = {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'c', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } }],
    };
    expect(evaluatePodSecurity({}, spec)).toEqual({ level: 'restricted', baseline: [], restricted: [] });
  });

  test('baseline passes, restricted fails', () => {
    const r = evaluatePodSecurity({}, { containers: [{ name: 'c', securityContext: { capabilities: { add: ['CHOWN'] } } }] });
    expect(r.level).toBe('baseline');
    expect(r.restricted.map((f) => f.check)).toEqual(['allowPrivilegeEscalation', 'capabilities_restricted', 'runAsNonRoot', 'seccompProfile_restricted']);
    expect(r.restricted[1].detail).toBe('container "c" must set securityContext.capabilities.drop=["ALL"]; container "c" must not include "CHOWN" in securityContext.capabilities.add');
  });

  test('an older pinned version evaluates the checks of that version', () => {
    const spec = { securityContext: { sysctls: [{ name: 'net.ipv4.ip_local_reserved_ports' }] }, containers: [{ name: 'c' }] };
    expect(evaluatePodSecurityLevel('baseline', {}, spec, 26).map((f) => f.detail)).toEqual(['net.ipv4.ip_local_reserved_ports']);
    expect(evaluatePodSecurityLevel('baseline', {}, spec, 27)).toEqual([]);
    // runAsUser exists from v1.23; capabilities_restricted from v1.22 (before that capabilities_baseline still runs).
    const root = { securityContext: { runAsUser: 0, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [{ name: 'c', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }] };
    expect(evaluatePodSecurityLevel('restricted', {}, root, 22).map((f) => f.check)).toEqual([]);
    expect(evaluatePodSecurityLevel('restricted', {}, root, 23).map((f) => f.check)).toEqual(['runAsUser']);
    expect(evaluatePodSecurityLevel('restricted', {}, { containers: [{ name: 'c', securityContext: { capabilities: { add: ['NET_ADMIN'] } } }] }, 21).map((f) => f.check))
      .toEqual(['capabilities_baseline', 'allowPrivilegeEscalation', 'runAsNonRoot', 'seccompProfile_restricted']);
  });

  test('ParseLevel, ParseVersion and CompareLevels (api/helpers.go)', () => {
    expect(parseLevel('baseline')).toEqual({ level: 'baseline' });
    expect(parseLevel('Baseline')).toEqual({ level: 'restricted', error: 'must be one of privileged, baseline, restricted' });
    expect(parseVersion('latest')).toEqual({ minor: 28, latest: true });
    expect(parseVersion('v1.25')).toEqual({ minor: 25, latest: false });
    expect(parseVersion('1.25')).toEqual({ minor: 28, latest: true, error: 'must be "latest" or "v1.x"' });
    expect(compareLevels('restricted', 'baseline')).toBeGreaterThan(0);
    expect(compareLevels('privileged', 'baseline')).toBeLessThan(0);
  });

  test('an unknown check or a version before the first variant is a programming error', () => {
    expect(() => runPodSecurityCheck('nope', 28, {}, {})).toThrow('unknown Pod Security check "nope"');
    expect(() => runPodSecurityCheck('runAsUser', 22, {}, {})).toThrow('Pod Security check runAsUser has no variant for v1.22');
  });
});
