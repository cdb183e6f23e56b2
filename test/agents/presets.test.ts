import * as kplus from 'cdk8s-plus-28';
import { parse as parseYaml } from 'yaml';
import { containerOf, find, hostMounts, kinds, Manifest, podSpec, synth } from './helpers';
import { AgentTolerations, AgentUpdateStrategy, TolerationOperator } from '../../src';
import { Falco, NvidiaDevicePlugin } from '../../src/agents';
import { configChecksum } from '../../src/agents/common';

describe('Falco defaults', () => {
  let falco!: Falco;
  const manifests = synth((chart) => {
    falco = new Falco(chart, 'Falco');
  });
  const ds = find(manifests, 'DaemonSet', 'falco');
  const pod = podSpec(ds);
  const main = containerOf(ds, 'falco');

  test('emits Namespace, ServiceAccount, two ConfigMaps and the DaemonSet; no RBAC', () => {
    expect(kinds(manifests)).toEqual([
      'Namespace falco',
      'ServiceAccount falco/falco',
      'ConfigMap falco/falco',
      'ConfigMap falco/falco-falcoctl',
      'DaemonSet falco/falco',
    ]);
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('least-privileged modern eBPF: BPF, SYS_RESOURCE, PERFMON, SYS_PTRACE; AppArmor unconfined', () => {
    expect(main.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { add: ['BPF', 'SYS_RESOURCE', 'PERFMON', 'SYS_PTRACE'], drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: false,
      runAsNonRoot: false,
      seccompProfile: { type: 'Unconfined' },
    });
    expect(ds.spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/falco']).toBe('unconfined');
  });

  test('host /proc, /etc and /sys/kernel read-only; runtime sockets under /host', () => {
    expect(hostMounts(ds, main).map((m) => `${m.hostPath} -> ${m.mountPath} ${m.readOnly ? 'ro' : 'rw'}`)).toEqual([
      '/proc -> /host/proc ro',
      '/etc -> /host/etc ro',
      '/sys/kernel -> /sys/kernel ro',
      '/run/containerd/containerd.sock -> /host/run/containerd/containerd.sock rw',
      '/run/crio/crio.sock -> /host/run/crio/crio.sock rw',
    ]);
  });

  test('falcoctl installs rules and the container plugin into shared emptyDirs', () => {
    const install = containerOf(ds, 'falcoctl-artifact-install', true);
    expect(install.image).toBe('docker.io/falcosecurity/falcoctl:0.13.0');
    expect(install.args).toEqual(['artifact', 'install', '--log-format=json']);
    expect(install.volumeMounts.map((m: Manifest) => `${m.name}:${m.mountPath}`)).toEqual([
      'plugins-install-dir:/plugins', 'rulesfiles-install-dir:/rulesfiles', 'falcoctl-config-volume:/etc/falcoctl', 'artifact-state-dir:/artifactstate',
    ]);
    expect(main.volumeMounts).toContainEqual({ name: 'rulesfiles-install-dir', mountPath: '/etc/falco' });
    expect(main.volumeMounts).toContainEqual({ name: 'falco-yaml', mountPath: '/etc/falco/falco.yaml', subPath: 'falco.yaml' });
    const falcoctl = parseYaml(find(manifests, 'ConfigMap', 'falco-falcoctl').data['falcoctl.yaml']);
    expect(falcoctl.artifact.install.refs).toEqual(['falco-rules:5', 'ghcr.io/falcosecurity/plugins/plugin/container:0.7.1']);
  });

  test('falco.yaml: modern_ebpf engine, container plugin on the CRI sockets, health endpoint', () => {
    const config = parseYaml(find(manifests, 'ConfigMap', 'falco').data['falco.yaml']);
    expect(config.engine.kind).toBe('modern_ebpf');
    expect(config.load_plugins).toEqual(['container']);
    expect(config.plugins[0].init_config.engines.cri).toEqual({ enabled: true, sockets: ['/run/containerd/containerd.sock', '/run/crio/crio.sock'] });
    expect(config.webserver).toMatchObject({ enabled: true, listen_port: 8765, k8s_healthz_endpoint: '/healthz' });
    expect(ds.spec.template.metadata.annotations['checksum/config']).toBe(configChecksum([falco.configMap, falco.falcoctlConfigMap]));
  });

  test('chart probes, resources and image; tolerates every taint, system-node-critical', () => {
    expect(main.image).toBe('docker.io/falcosecurity/falco:0.44.1');
    expect(main.startupProbe).toMatchObject({ httpGet: { path: '/healthz', port: 8765 }, initialDelaySeconds: 3, periodSeconds: 5, failureThreshold: 20, timeoutSeconds: 5 });
    expect(main.livenessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 8765 }, periodSeconds: 15, timeoutSeconds: 5 });
    expect(main.resources).toEqual({ requests: { cpu: '100m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '1024Mi' } });
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(ds.metadata.annotations['cdk8s-node-agents.io/role']).toBe('runtime-security');
  });

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });
});

describe('Falco: every default can be overridden', () => {
  const manifests = synth((chart) => new Falco(chart, 'Falco', {
    name: 'sensor',
    namespace: 'security',
    leastPrivileged: false,
    containerRuntimeSockets: ['/run/k3s/containerd/containerd.sock'],
    image: 'docker.io/falcosecurity/falco:0.44.0',
    falcoctlImage: 'docker.io/falcosecurity/falcoctl:0.12.2',
    resources: { cpuRequest: '200m', memoryRequest: '256Mi', memoryLimit: '512Mi' },
    tolerations: AgentTolerations.controlPlane(),
    updateStrategy: AgentUpdateStrategy.onDelete(),
    priorityClassName: 'security-critical',
  }));
  const ds = find(manifests, 'DaemonSet', 'sensor');
  const main = containerOf(ds, 'falco');

  test('overrides land in the manifests', () => {
    expect(ds.metadata.namespace).toBe('security');
    expect(main.securityContext).toMatchObject({ privileged: true });
    expect(main.securityContext.capabilities).toBeUndefined();
    expect(ds.spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/falco']).toBeUndefined();
    expect(hostMounts(ds, main).map((m) => m.mountPath)).toContain('/host/run/k3s/containerd/containerd.sock');
    expect(parseYaml(find(manifests, 'ConfigMap', 'sensor').data['falco.yaml']).plugins[0].init_config.engines.cri.sockets).toEqual(['/run/k3s/containerd/containerd.sock']);
    expect(main.image).toBe('docker.io/falcosecurity/falco:0.44.0');
    expect(containerOf(ds, 'falcoctl-artifact-install', true).image).toBe('docker.io/falcosecurity/falcoctl:0.12.2');
    expect(main.resources).toEqual({ requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '512Mi' } });
    expect(podSpec(ds).tolerations).toHaveLength(2);
    expect(ds.spec.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(podSpec(ds).priorityClassName).toBe('security-critical');
    expect(find(manifests, 'ConfigMap', 'sensor-falcoctl')).toBeDefined();
  });

  test('a relative socket path is rejected', () => {
    expect(() => synth((chart) => new Falco(chart, 'F', { containerRuntimeSockets: ['run/containerd.sock'] })))
      .toThrow('Falco falco: containerRuntimeSockets entry "run/containerd.sock" must be an absolute path on the node');
  });
});

describe('NvidiaDevicePlugin defaults', () => {
  const manifests = synth((chart) => new NvidiaDevicePlugin(chart, 'Gpu'));
  const ds = find(manifests, 'DaemonSet', 'nvidia-device-plugin');
  const pod = podSpec(ds);
  const main = containerOf(ds, 'nvidia-device-plugin-ctr');

  test('emits the Namespace and the DaemonSet; no RBAC', () => {
    expect(kinds(manifests)).toEqual(['Namespace nvidia-device-plugin', 'DaemonSet nvidia-device-plugin/nvidia-device-plugin']);
  });

  test('only on GPU nodes: NFD PCI 10de OR NFD NVIDIA CPU OR nvidia.com/gpu.present, each off virtual nodes', () => {
    const virtual = [
      { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
      { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
    ];
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'feature.node.kubernetes.io/pci-10de.present', operator: 'In', values: ['true'] }, ...virtual] },
      { matchExpressions: [{ key: 'feature.node.kubernetes.io/cpu-model.vendor_id', operator: 'In', values: ['NVIDIA'] }, ...virtual] },
      { matchExpressions: [{ key: 'nvidia.com/gpu.present', operator: 'In', values: ['true'] }, ...virtual] },
    ]);
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  });

  test('tolerates nvidia.com/gpu and CriticalAddonsOnly; system-node-critical', () => {
    expect(pod.tolerations).toEqual([
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(ds.spec.updateStrategy.type).toBe('RollingUpdate');
  });

  test('device-plugin socket directory, MPS and CDI mounts; no escalation, capabilities dropped', () => {
    expect(hostMounts(ds, main).map((m) => `${m.hostPath} -> ${m.mountPath} ${m.type}`)).toEqual([
      '/var/lib/kubelet/device-plugins -> /var/lib/kubelet/device-plugins Directory',
      '/run/nvidia/mps/shm -> /dev/shm ',
      '/run/nvidia/mps -> /mps DirectoryOrCreate',
      '/var/run/cdi -> /var/run/cdi DirectoryOrCreate',
    ]);
    expect(main.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false });
    expect(main.command).toEqual(['nvidia-device-plugin']);
    expect(main.env).toEqual([
      { name: 'MPS_ROOT', value: '/run/nvidia/mps' },
      { name: 'NVIDIA_VISIBLE_DEVICES', value: 'all' },
      { name: 'NVIDIA_DRIVER_CAPABILITIES', value: 'compute,utility' },
    ]);
    expect(main.image).toBe('nvcr.io/nvidia/k8s-device-plugin:v0.20.0');
  });

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });
});

describe('NvidiaDevicePlugin: every default can be overridden', () => {
  const manifests = synth((chart) => new NvidiaDevicePlugin(chart, 'Gpu', {
    name: 'gpu-plugin',
    namespace: 'kube-system',
    image: 'nvcr.io/nvidia/k8s-device-plugin:v0.19.0',
    resources: { cpuRequest: '50m', memoryRequest: '32Mi', memoryLimit: '64Mi' },
    gpuNodeQueries: [kplus.NodeLabelQuery.exists('cloud.google.com/gke-accelerator')],
    tolerations: AgentTolerations.of({ key: 'nvidia.com/gpu', operator: TolerationOperator.EXISTS }),
    updateStrategy: AgentUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(25) }),
    priorityClassName: 'gpu-critical',
    mpsRoot: '/var/run/mps/',
    excludeVirtualNodes: false,
  }));
  const ds = find(manifests, 'DaemonSet', 'gpu-plugin');
  const pod = podSpec(ds);

  test('overrides land in the manifests', () => {
    expect(manifests.some((m) => m.kind === 'Namespace')).toBe(false);
    expect(containerOf(ds, 'nvidia-device-plugin-ctr').image).toBe('nvcr.io/nvidia/k8s-device-plugin:v0.19.0');
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'cloud.google.com/gke-accelerator', operator: 'Exists' }] },
    ]);
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists' }]);
    expect(ds.spec.updateStrategy.rollingUpdate.maxUnavailable).toBe('25%');
    expect(pod.priorityClassName).toBe('gpu-critical');
    expect(hostMounts(ds, containerOf(ds, 'nvidia-device-plugin-ctr')).map((m) => m.hostPath)).toContain('/var/run/mps/shm');
    expect(containerOf(ds, 'nvidia-device-plugin-ctr').resources).toEqual({ requests: { cpu: '50m', memory: '32Mi' }, limits: { memory: '64Mi' } });
  });

  test('an empty query list is rejected', () => {
    expect(() => synth((chart) => new NvidiaDevicePlugin(chart, 'Gpu', { gpuNodeQueries: [] })))
      .toThrow('NvidiaDevicePlugin nvidia-device-plugin: gpuNodeQueries is empty');
  });
});
