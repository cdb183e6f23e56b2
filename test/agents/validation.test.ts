import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Manifest, synth } from './helpers';
import { AgentTolerations, AgentUpdateStrategy } from '../../src';
import {
  CniAgent, CniPreset, CsiFsGroupPolicy, CsiNodePlugin, Falco, LogCollector, LogCollectorFlavor, LogOutput, NodeExporter, NvidiaDevicePlugin,
} from '../../src/agents';
import { validateObjects } from '../../src/validation/validate';

/** Every catalogue construct with its defaults, and again with many defaults overridden. */
const CATALOGUE: Array<[string, (chart: Chart) => void]> = [
  ['LogCollector (Fluent Bit)', (c) => new LogCollector(c, 'L')],
  ['LogCollector (Fluent Bit, journald, Docker logs, Loki, ServiceMonitor)', (c) => new LogCollector(c, 'L', {
    journald: true, dockerContainerLogs: true, output: LogOutput.loki({ host: 'loki' }), serviceMonitor: { interval: '30s' },
  })],
  ['LogCollector (Fluentd, journald)', (c) => new LogCollector(c, 'L', { flavor: LogCollectorFlavor.FLUENTD, journald: true })],
  ['LogCollector (Vector, journald, HTTP)', (c) => new LogCollector(c, 'L', { flavor: LogCollectorFlavor.VECTOR, journald: true, output: LogOutput.http({ host: 'h', tls: true }) })],
  ['NodeExporter', (c) => new NodeExporter(c, 'N')],
  ['NodeExporter (overridden, ServiceMonitor)', (c) => new NodeExporter(c, 'N', {
    port: 9111,
    tolerations: AgentTolerations.everything(),
    priorityClassName: 'system-cluster-critical',
    serviceMonitor: {},
    updateStrategy: AgentUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(10) }),
  })],
  ['CniAgent (Cilium)', (c) => new CniAgent(c, 'C')],
  ['CniAgent (Calico, pod CIDR)', (c) => new CniAgent(c, 'C', { preset: CniPreset.CALICO, podCidr: '172.16.0.0/16' })],
  ['CniAgent (Flannel)', (c) => new CniAgent(c, 'C', { preset: CniPreset.FLANNEL })],
  ['CniAgent (Flannel in kube-system, 33%)', (c) => new CniAgent(c, 'C', {
    preset: CniPreset.FLANNEL,
    namespace: 'kube-system',
    terminationGracePeriod: Duration.seconds(5),
    updateStrategy: AgentUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(33) }),
  })],
  ['CsiNodePlugin', (c) => new CsiNodePlugin(c, 'S', { driverName: 'ebs.csi.aws.com', image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.64.0' })],
  ['CsiNodePlugin (own namespace, RBAC, File fsGroupPolicy)', (c) => new CsiNodePlugin(c, 'S', {
    driverName: 'hostpath.csi.k8s.io',
    image: 'registry.k8s.io/sig-storage/hostpathplugin:v1.17.0',
    namespace: 'storage',
    rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }],
    fsGroupPolicy: CsiFsGroupPolicy.FILE,
    kubeletDir: '/var/lib/k0s/kubelet',
  })],
  ['Falco', (c) => new Falco(c, 'F')],
  ['Falco (privileged driver)', (c) => new Falco(c, 'F', { leastPrivileged: false })],
  ['NvidiaDevicePlugin', (c) => new NvidiaDevicePlugin(c, 'G')],
  ['everything in one chart', (c) => {
    new LogCollector(c, 'L');
    new NodeExporter(c, 'N');
    new CniAgent(c, 'C');
    new CsiNodePlugin(c, 'S', { driverName: 'ebs.csi.aws.com', image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.64.0' });
    new Falco(c, 'F');
    new NvidiaDevicePlugin(c, 'G');
  }],
];

describe('the catalogue passes the library\'s own validation (apiserver 1.28 rules, Pod Security, lints)', () => {
  test.each(CATALOGUE)('%s: zero apiserver errors', (_name, build) => {
    const manifests = synth(build);
    const reports = validateObjects(manifests);
    const errors = reports.flatMap((r) => r.errors.map((e) => `${r.kind} ${r.namespace}/${r.name}: ${e.message}`));
    expect(errors).toEqual([]);
  });

  test.each(CATALOGUE)('%s: zero error-severity lints', (_name, build) => {
    const reports = validateObjects(synth(build));
    const lintErrors = reports.flatMap((r) => r.lints.filter((l) => l.severity === 'error' && !l.silenced).map((l) => `${r.kind} ${r.name}: ${l.rule}: ${l.message}`));
    expect(lintErrors).toEqual([]);
  });

  test.each(CATALOGUE)('%s: every created Namespace admits its DaemonSets', (_name, build) => {
    const manifests = synth(build);
    const reports = validateObjects(manifests);
    const order = ['privileged', 'baseline', 'restricted'];
    const namespaces = manifests.filter((m: Manifest) => m.kind === 'Namespace');
    const daemonSetNamespaces = new Set(manifests.filter((m) => m.kind === 'DaemonSet').map((m) => m.metadata.namespace));
    // Only kube-system is left uncreated by default.
    expect([...daemonSetNamespaces].filter((n) => n !== 'kube-system').sort()).toEqual(namespaces.map((n) => n.metadata.name).sort());
    for (const ns of namespaces) {
      const enforce = ns.metadata.labels['pod-security.kubernetes.io/enforce'];
      const inside = reports.filter((r) => r.kind === 'DaemonSet' && r.namespace === ns.metadata.name);
      expect(inside.length).toBeGreaterThan(0);
      for (const r of inside) expect(order.indexOf(r.podSecurityLevel!)).toBeGreaterThanOrEqual(order.indexOf(enforce));
      // The level is the strictest the agents meet: the loosest of their levels.
      expect(enforce).toBe(order[Math.min(...inside.map((r) => order.indexOf(r.podSecurityLevel!)))]);
    }
  });
});
