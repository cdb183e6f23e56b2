import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { containerOf, expectNoWildcards, find, hostMounts, kinds, Manifest, podSpec, ruleLines, synth } from './helpers';
import { AgentTolerations, AgentUpdateStrategy, TolerationOperator } from '../../src';
import { CniAgent, CniPreset } from '../../src/agents';
import { configChecksum } from '../../src/agents/common';

const mountLine = (m: { hostPath: string; mountPath: string; readOnly: boolean; type: string; propagation?: string }) =>
  `${m.hostPath} -> ${m.mountPath} ${m.readOnly ? 'ro' : 'rw'}${m.type ? ` ${m.type}` : ''}${m.propagation ? ` ${m.propagation}` : ''}`;

function expectCniBasics(ds: Manifest): void {
  const pod = podSpec(ds);
  expect(pod.hostNetwork).toBe(true);
  expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
  expect(pod.priorityClassName).toBe('system-node-critical');
  expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
  expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  expect(ds.metadata.annotations['cdk8s-node-agents.io/role']).toBe('cni');
}

describe('CniAgent: Cilium (default preset)', () => {
  let cni!: CniAgent;
  const manifests = synth((chart) => {
    cni = new CniAgent(chart, 'Cni');
  });
  const ds = find(manifests, 'DaemonSet', 'cilium');
  const pod = podSpec(ds);
  const agent = containerOf(ds, 'cilium-agent');

  test('emits RBAC, cilium-config and the DaemonSet in kube-system, without creating kube-system', () => {
    expect(kinds(manifests)).toEqual([
      'ServiceAccount kube-system/cilium',
      'ClusterRole cilium',
      'ClusterRoleBinding cilium',
      'Role kube-system/cilium-config-agent',
      'RoleBinding kube-system/cilium-config-agent',
      'ConfigMap kube-system/cilium-config',
      'DaemonSet kube-system/cilium',
    ]);
  });

  test('host network, system-node-critical, tolerates everything, maxUnavailable 2, 1s grace', () => {
    expectCniBasics(ds);
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2, maxSurge: 0 } });
    expect(pod.terminationGracePeriodSeconds).toBe(1);
  });

  test('agent runs with the exact 13 capabilities, spc_t, unconfined seccomp and AppArmor, not privileged', () => {
    expect(agent.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: {
        add: ['CHOWN', 'KILL', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'SYS_MODULE', 'SYS_ADMIN', 'SYS_RESOURCE', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID', 'SYSLOG'],
        drop: ['ALL'],
      },
      privileged: false,
      readOnlyRootFilesystem: false,
      runAsNonRoot: false,
      seLinuxOptions: { level: 's0', type: 'spc_t' },
      seccompProfile: { type: 'Unconfined' },
    });
    expect(ds.spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/cilium-agent']).toBe('unconfined');
  });

  test('init containers in chart order; only mount-bpf-fs is privileged (Bidirectional /sys/fs/bpf)', () => {
    expect(pod.initContainers.map((c: Manifest) => c.name)).toEqual([
      'config', 'mount-cgroup', 'apply-sysctl-overwrites', 'mount-bpf-fs', 'clean-cilium-state', 'install-cni-binaries',
    ]);
    expect(pod.initContainers.filter((c: Manifest) => c.securityContext.privileged).map((c: Manifest) => c.name)).toEqual(['mount-bpf-fs']);
    const bpf = containerOf(ds, 'mount-bpf-fs', true);
    expect(hostMounts(ds, bpf).map(mountLine)).toEqual(['/sys/fs/bpf -> /sys/fs/bpf rw DirectoryOrCreate Bidirectional']);
    expect(containerOf(ds, 'mount-cgroup', true).securityContext.capabilities).toEqual({ add: ['SYS_ADMIN', 'SYS_CHROOT', 'SYS_PTRACE'], drop: ['ALL'] });
    expect(containerOf(ds, 'install-cni-binaries', true).resources).toEqual({ requests: { cpu: '100m', memory: '10Mi' }, limits: { cpu: '1', memory: '1Gi' } });
  });

  test('CNI, xtables, BPF and kernel-module mounts', () => {
    expect(hostMounts(ds, agent).map(mountLine)).toEqual([
      '/var/run/cilium -> /var/run/cilium rw DirectoryOrCreate',
      '/var/run/netns -> /var/run/cilium/netns rw DirectoryOrCreate HostToContainer',
      '/sys/fs/bpf -> /sys/fs/bpf rw DirectoryOrCreate HostToContainer',
      '/etc/cni/net.d -> /host/etc/cni/net.d rw DirectoryOrCreate',
      '/lib/modules -> /lib/modules ro',
      '/run/xtables.lock -> /run/xtables.lock rw FileOrCreate',
      '/proc/sys/net -> /host/proc/sys/net rw Directory',
      '/proc/sys/kernel -> /host/proc/sys/kernel rw Directory',
    ]);
    expect(hostMounts(ds, containerOf(ds, 'install-cni-binaries', true)).map(mountLine)).toEqual(['/opt/cni/bin -> /host/opt/cni/bin rw DirectoryOrCreate']);
  });

  test('health and Hubble ports on the host; probes on 127.0.0.1 with the chart headers', () => {
    expect(agent.ports).toEqual([
      { name: 'health', containerPort: 9879, hostPort: 9879, protocol: 'TCP' },
      { name: 'peer-service', containerPort: 4244, hostPort: 4244, protocol: 'TCP' },
    ]);
    expect(agent.livenessProbe).toMatchObject({
      httpGet: { host: '127.0.0.1', path: '/healthz', port: 9879, httpHeaders: [{ name: 'brief', value: 'true' }, { name: 'require-k8s-connectivity', value: 'false' }] },
      periodSeconds: 30,
      failureThreshold: 10,
      timeoutSeconds: 5,
    });
    expect(agent.startupProbe).toMatchObject({ failureThreshold: 300, periodSeconds: 2, initialDelaySeconds: 5 });
    expect(agent.readinessProbe.httpGet.httpHeaders).toEqual([{ name: 'brief', value: 'true' }]);
  });

  test('RBAC of the chart: explicit rules, a namespaced Role for its ConfigMap, no wildcards', () => {
    expect(ruleLines(manifests, 'cilium')).toContain('cilium.io/ciliumnodes/status: get,update');
    expect(ruleLines(manifests, 'cilium')).toContain('core/nodes: get,list,watch');
    expect(ruleLines(manifests, 'cilium')).not.toContainEqual(expect.stringMatching(/^core\/secrets/));
    expect(ruleLines(manifests, 'cilium-config-agent', 'Role')).toEqual(['core/configmaps: get,list,watch']);
    expectNoWildcards(manifests);
  });

  test('cilium-config with the chart defaults and a checksum on the pods', () => {
    const data = find(manifests, 'ConfigMap', 'cilium-config').data;
    expect(data).toMatchObject({
      'ipam': 'cluster-pool',
      'cluster-pool-ipv4-cidr': '10.0.0.0/8',
      'routing-mode': 'tunnel',
      'tunnel-protocol': 'vxlan',
      'cni-exclusive': 'true',
      'agent-not-ready-taint-key': 'node.cilium.io/agent-not-ready',
      'write-cni-conf-when-ready': '/host/etc/cni/net.d/05-cilium.conflist',
    });
    expect(ds.spec.template.metadata.annotations['checksum/config']).toBe(configChecksum([cni.configMap]));
  });

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });
});

describe('CniAgent: Calico', () => {
  const manifests = synth((chart) => new CniAgent(chart, 'Cni', { preset: CniPreset.CALICO }));
  const ds = find(manifests, 'DaemonSet', 'calico-node');
  const pod = podSpec(ds);
  const node = containerOf(ds, 'calico-node');

  test('privileged calico-node and privileged init containers, 0s grace, maxUnavailable 1', () => {
    expectCniBasics(ds);
    expect(node.securityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: true, runAsNonRoot: false });
    expect(pod.initContainers.map((c: Manifest) => [c.name, c.securityContext.privileged])).toEqual([
      ['upgrade-ipam', true], ['install-cni', true], ['ebpf-bootstrap', true],
    ]);
    expect(pod.terminationGracePeriodSeconds).toBe(0);
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(node.resources.requests.cpu).toBe('250m');
    expect(node.image).toBe('quay.io/calico/node:v3.32.1');
  });

  test('mounts of the manifest, /opt/cni/bin and /etc/cni/net.d written by install-cni', () => {
    expect(hostMounts(ds, node).map(mountLine)).toEqual([
      '/etc/cni/net.d -> /host/etc/cni/net.d rw',
      '/lib/modules -> /lib/modules ro',
      '/run/xtables.lock -> /run/xtables.lock rw FileOrCreate',
      '/var/run/calico -> /var/run/calico rw DirectoryOrCreate',
      '/var/lib/calico -> /var/lib/calico rw DirectoryOrCreate',
      '/var/run/nodeagent -> /var/run/nodeagent rw DirectoryOrCreate',
      '/sys/fs/bpf -> /sys/fs/bpf rw Directory',
      '/var/log/calico/cni -> /var/log/calico/cni ro',
    ]);
    expect(hostMounts(ds, containerOf(ds, 'install-cni', true)).map(mountLine)).toEqual([
      '/opt/cni/bin -> /host/opt/cni/bin rw DirectoryOrCreate',
      '/etc/cni/net.d -> /host/etc/cni/net.d rw',
    ]);
    expect(hostMounts(ds, containerOf(ds, 'ebpf-bootstrap', true)).map(mountLine)).toEqual([
      '/sys/fs/ -> /sys/fs rw DirectoryOrCreate Bidirectional',
      '/var/run/calico -> /var/run/calico rw DirectoryOrCreate Bidirectional',
      '/proc -> /nodeproc ro',
    ]);
  });

  test('env reads calico-config; no pool CIDR unless given', () => {
    expect(node.env).toContainEqual({ name: 'CALICO_NETWORKING_BACKEND', valueFrom: { configMapKeyRef: { name: 'calico-config', key: 'calico_backend' } } });
    expect(node.env).toContainEqual({ name: 'NODENAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
    expect(node.env.find((e: Manifest) => e.name === 'CALICO_IPV4POOL_CIDR')).toBeUndefined();
    expect(node.livenessProbe.exec.command).toEqual(['/bin/calico-node', '-felix-live', '-bird-live']);
    const data = find(manifests, 'ConfigMap', 'calico-config').data;
    expect(data).toMatchObject({ typha_service_name: 'none', calico_backend: 'bird', veth_mtu: '0' });
    expect(JSON.parse(data.cni_network_config).plugins.map((p: Manifest) => p.type)).toEqual(['calico', 'portmap']);
  });

  test('two ClusterRoles: calico-node (token for the CNI plugin by name) and calico-cni-plugin', () => {
    expect(ruleLines(manifests, 'calico-node')).toContain('core/serviceaccounts/token[calico-cni-plugin]: create');
    expect(ruleLines(manifests, 'calico-node')).toContain('crd.projectcalico.org/ipamblocks: get,list,create,update,delete');
    expect(ruleLines(manifests, 'calico-cni-plugin')).toContain('core/pods/status: patch');
    expect(find(manifests, 'ClusterRoleBinding', 'calico-cni-plugin').subjects).toEqual([
      { apiGroup: '', kind: 'ServiceAccount', name: 'calico-cni-plugin', namespace: 'kube-system' },
    ]);
    expectNoWildcards(manifests);
  });

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });
});

describe('CniAgent: Flannel', () => {
  const manifests = synth((chart) => new CniAgent(chart, 'Cni', { preset: CniPreset.FLANNEL }));
  const ds = find(manifests, 'DaemonSet', 'kube-flannel-ds');
  const flannel = containerOf(ds, 'kube-flannel');

  test('its own privileged namespace, like kube-flannel.yml', () => {
    expect(kinds(manifests)[0]).toBe('Namespace kube-flannel');
    expect(find(manifests, 'Namespace', 'kube-flannel').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test('NET_ADMIN and NET_RAW instead of privileged', () => {
    expectCniBasics(ds);
    expect(flannel.securityContext).toMatchObject({ privileged: false, capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } });
    expect(flannel.args).toEqual(['--ip-masq', '--kube-subnet-mgr', '--healthz-port=8081']);
    expect(flannel.resources).toEqual({ requests: { cpu: '100m', memory: '50Mi' }, limits: { memory: '256Mi' } });
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  });

  test('/run/flannel and xtables on the agent; CNI binary and config installed by init containers', () => {
    expect(hostMounts(ds, flannel).map(mountLine)).toEqual(['/run/flannel -> /run/flannel rw', '/run/xtables.lock -> /run/xtables.lock rw FileOrCreate']);
    expect(hostMounts(ds, containerOf(ds, 'install-cni-plugin', true)).map(mountLine)).toEqual(['/opt/cni/bin -> /opt/cni/bin rw']);
    expect(hostMounts(ds, containerOf(ds, 'install-cni', true)).map(mountLine)).toEqual(['/etc/cni/net.d -> /etc/cni/net.d rw']);
    expect(flannel.volumeMounts).toContainEqual({ name: 'flannel-cfg', mountPath: '/etc/kube-flannel/' });
  });

  test('kube-flannel-cfg and the flannel ClusterRole', () => {
    const data = find(manifests, 'ConfigMap', 'kube-flannel-cfg').data;
    expect(JSON.parse(data['net-conf.json'])).toEqual({ Network: '10.244.0.0/16', EnableNFTables: false, Backend: { Type: 'vxlan' } });
    expect(JSON.parse(data['cni-conf.json']).name).toBe('cbr0');
    expect(ruleLines(manifests, 'flannel')).toEqual(['core/pods: get', 'core/nodes: get,list,watch', 'core/nodes/status: patch']);
    expect(podSpec(ds).serviceAccountName).toBe('flannel');
  });

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });
});

describe('CniAgent: every default can be overridden', () => {
  const manifests = synth((chart) => new CniAgent(chart, 'Cni', {
    preset: CniPreset.FLANNEL,
    name: 'flannel',
    namespace: 'networking',
    image: 'ghcr.io/flannel-io/flannel:v0.28.8',
    resources: { cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
    podCidr: '10.42.0.0/16',
    config: { 'extra.json': '{}' },
    tolerations: AgentTolerations.everything().and(AgentTolerations.of({ key: 'x', operator: TolerationOperator.EXISTS })),
    updateStrategy: AgentUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(33) }),
    priorityClassName: 'network-critical',
    terminationGracePeriod: Duration.seconds(10),
    nodeSelector: { 'kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': 'm5.large' },
    excludeVirtualNodes: false,
    createNamespace: false,
  }));
  const ds = find(manifests, 'DaemonSet', 'flannel');
  const pod = podSpec(ds);

  test('overrides land in the manifests', () => {
    expect(manifests.some((m) => m.kind === 'Namespace')).toBe(false);
    expect(ds.metadata.namespace).toBe('networking');
    expect(containerOf(ds, 'kube-flannel').image).toBe('ghcr.io/flannel-io/flannel:v0.28.8');
    expect(containerOf(ds, 'install-cni', true).image).toBe('ghcr.io/flannel-io/flannel:v0.28.8');
    expect(containerOf(ds, 'kube-flannel').resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } });
    const data = find(manifests, 'ConfigMap', 'kube-flannel-cfg').data;
    expect(JSON.parse(data['net-conf.json']).Network).toBe('10.42.0.0/16');
    expect(data['extra.json']).toBe('{}');
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }, { key: 'x', operator: 'Exists' }]);
    expect(ds.spec.updateStrategy.rollingUpdate.maxUnavailable).toBe('33%');
    expect(pod.priorityClassName).toBe('network-critical');
    expect(pod.terminationGracePeriodSeconds).toBe(10);
    expect(pod.nodeSelector['node.kubernetes.io/instance-type']).toBe('m5.large');
    expect(pod.affinity).toBeUndefined();
  });

  test('Cilium podCidr and extra config go to cilium-config; Calico podCidr to CALICO_IPV4POOL_CIDR', () => {
    const cilium = synth((chart) => new CniAgent(chart, 'Cni', { podCidr: '10.100.0.0/16', config: { 'kube-proxy-replacement': 'true' } }));
    expect(find(cilium, 'ConfigMap', 'cilium-config').data).toMatchObject({ 'cluster-pool-ipv4-cidr': '10.100.0.0/16', 'kube-proxy-replacement': 'true' });
    const calico = synth((chart) => new CniAgent(chart, 'Cni', { preset: CniPreset.CALICO, podCidr: '172.16.0.0/16' }));
    expect(containerOf(find(calico, 'DaemonSet', 'calico-node'), 'calico-node').env).toContainEqual({ name: 'CALICO_IPV4POOL_CIDR', value: '172.16.0.0/16' });
  });
});
