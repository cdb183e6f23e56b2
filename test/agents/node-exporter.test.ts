import * as kplus from 'cdk8s-plus-28';
import { containerOf, find, hostMounts, kinds, podSpec, synth } from './helpers';
import { AgentTolerations, AgentUpdateStrategy } from '../../src';
import { NodeExporter } from '../../src/agents';

describe('NodeExporter defaults', () => {
  const manifests = synth((chart) => new NodeExporter(chart, 'NodeExporter'));
  const ds = find(manifests, 'DaemonSet', 'node-exporter');
  const pod = podSpec(ds);
  const main = containerOf(ds, 'node-exporter');

  test('emits Namespace, ServiceAccount, DaemonSet and a headless Service; no RBAC, no ServiceMonitor', () => {
    expect(kinds(manifests)).toEqual([
      'Namespace monitoring',
      'ServiceAccount monitoring/node-exporter',
      'DaemonSet monitoring/node-exporter',
      'Service monitoring/node-exporter',
    ]);
  });

  test('host PID and network namespaces, ClusterFirstWithHostNet DNS', () => {
    expect(pod.hostPID).toBe(true);
    expect(pod.hostNetwork).toBe(true);
    expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
  });

  test('/, /proc and /sys read-only under /host with the matching --path flags', () => {
    expect(hostMounts(ds, main)).toEqual([
      { volume: 'proc', hostPath: '/proc', type: '', mountPath: '/host/proc', readOnly: true },
      { volume: 'sys', hostPath: '/sys', type: '', mountPath: '/host/sys', readOnly: true },
      { volume: 'root', hostPath: '/', type: '', mountPath: '/host/root', readOnly: true, propagation: 'HostToContainer' },
    ]);
    expect(main.args).toEqual([
      '--path.procfs=/host/proc',
      '--path.sysfs=/host/sys',
      '--path.rootfs=/host/root',
      '--path.udev.data=/host/root/run/udev/data',
      '--web.listen-address=[$(HOST_IP)]:9100',
    ]);
    expect(main.env).toEqual([{ name: 'HOST_IP', value: '0.0.0.0' }]);
  });

  test('port 9100 with HTTP probes', () => {
    expect(main.ports).toEqual([{ name: 'metrics', containerPort: 9100, protocol: 'TCP' }]);
    expect(main.livenessProbe.httpGet).toMatchObject({ path: '/', port: 9100 });
    expect(main.readinessProbe.httpGet).toMatchObject({ path: '/', port: 9100 });
  });

  test('non-root 65534, no token, read-only root filesystem, every capability dropped', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534 });
    expect(main.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 65534,
      runAsNonRoot: true,
      runAsUser: 65534,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(find(manifests, 'ServiceAccount', 'node-exporter').automountServiceAccountToken).toBe(false);
  });

  test('tolerates NoSchedule taints only; Linux, off virtual nodes', () => {
    expect(pod.tolerations).toEqual([{ operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toHaveLength(1);
  });

  test('resources and priority class of kube-prometheus, RollingUpdate 1', () => {
    expect(main.resources).toEqual({ requests: { cpu: '102m', memory: '180Mi' }, limits: { cpu: '250m', memory: '180Mi' } });
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(pod.priorityClassName).toBe('system-cluster-critical');
    expect(main.image).toBe('quay.io/prometheus/node-exporter:v1.12.1');
  });

  test('headless Service on the metrics port, selecting the pods', () => {
    const svc = find(manifests, 'Service', 'node-exporter');
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.ports).toEqual([{ name: 'metrics', port: 9100, targetPort: 9100, protocol: 'TCP' }]);
    expect(svc.spec.selector).toEqual(ds.spec.selector.matchLabels);
    expect(svc.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true' });
  });

  test('Namespace is privileged (host namespaces, hostPath)', () => {
    expect(find(manifests, 'Namespace', 'monitoring').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });
});

describe('NodeExporter: every default can be overridden', () => {
  const manifests = synth((chart) => new NodeExporter(chart, 'NodeExporter', {
    name: 'host-metrics',
    namespace: 'kube-system',
    image: 'quay.io/prometheus/node-exporter:v1.12.1-distroless',
    resources: { cpuRequest: '20m', memoryRequest: '32Mi', memoryLimit: '64Mi' },
    port: 9111,
    extraArgs: ['--collector.textfile.directory=/run/prometheus'],
    tolerations: AgentTolerations.everything(),
    updateStrategy: AgentUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(10) }),
    priorityClassName: 'system-cluster-critical',
    nodeSelector: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'arm64' },
    serviceMonitor: { scrapeTimeout: '10s' },
  }));
  const ds = find(manifests, 'DaemonSet', 'host-metrics');
  const pod = podSpec(ds);
  const main = containerOf(ds, 'node-exporter');

  test('overrides land in the manifests', () => {
    expect(manifests.some((m) => m.kind === 'Namespace')).toBe(false);
    expect(ds.metadata.namespace).toBe('kube-system');
    expect(main.image).toBe('quay.io/prometheus/node-exporter:v1.12.1-distroless');
    expect(main.resources).toEqual({ requests: { cpu: '20m', memory: '32Mi' }, limits: { memory: '64Mi' } });
    expect(main.args).toContain('--web.listen-address=[$(HOST_IP)]:9111');
    expect(main.args[main.args.length - 1]).toBe('--collector.textfile.directory=/run/prometheus');
    expect(main.ports).toEqual([{ name: 'metrics', containerPort: 9111, protocol: 'TCP' }]);
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(ds.spec.updateStrategy.rollingUpdate.maxUnavailable).toBe('10%');
    expect(pod.priorityClassName).toBe('system-cluster-critical');
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'arm64' });
    expect(find(manifests, 'Service', 'host-metrics').spec.ports[0].port).toBe(9111);
  });

  test('the ServiceMonitor targets the metrics port with a node label', () => {
    const sm = find(manifests, 'ServiceMonitor', 'host-metrics');
    expect(sm.metadata.namespace).toBe('kube-system');
    expect(sm.spec.endpoints).toEqual([{
      port: 'metrics',
      path: '/metrics',
      scheme: 'http',
      scrapeTimeout: '10s',
      relabelings: [{ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' }],
    }]);
    expect(sm.spec.selector.matchLabels).toEqual(ds.spec.selector.matchLabels);
  });
});
