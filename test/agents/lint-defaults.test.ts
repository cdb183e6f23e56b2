/**
 * The catalogue's defaults draw no lint warning: a default either follows
 * the lint (priority classes) or keeps the upstream choice and says why in a
 * container-scoped `cdk8s-node-agents.io/ignore.<rule-id>` annotation. The
 * example and the README's first snippet print nothing at synth, while a
 * user's own mistake in the same agents still warns.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { main } from '../../examples/main';
import { AgentContainerProps, NodeAgent } from '../../src';
import {
  CniAgent, CniPreset, CsiNodePlugin, Falco, LogCollector, LogCollectorFlavor, LogOutput, NodeExporter, NvidiaDevicePlugin,
} from '../../src/agents';
import { LINTS_ENV } from '../../src/validation/chart-checks';
import { parseIgnoreAnnotations } from '../../src/validation/lints';
import { validateObjects } from '../../src/validation/validate';

jest.setTimeout(120_000);

/** What synth writes to stderr (lints and apiserver warnings go there by default). */
function stderrOf(run: () => void): string[] {
  const saved = process.env[LINTS_ENV];
  delete process.env[LINTS_ENV];
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
    written.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
    if (saved === undefined) delete process.env[LINTS_ENV];
    else process.env[LINTS_ENV] = saved;
  }
  return written.join('').split('\n').filter((l) => l !== '');
}

/** Unsilenced warning and error lints of a chart, as `<rule> <container or field>`. */
function findings(build: (chart: Chart) => void): string[] {
  const chart = Testing.chart();
  build(chart);
  return validateObjects(Testing.synth(chart)).flatMap((r) => r.lints)
    .filter((l) => !l.silenced && l.severity !== 'info')
    .map((l) => `${l.rule} ${/container "([^"]+)"/.exec(l.message)?.[1] ?? l.field}`);
}

type Build = (scope: Construct) => { agent: NodeAgent };

const AGENTS: Array<[string, Build]> = [
  ['CniAgent Cilium', (s) => new CniAgent(s, 'cni', { preset: CniPreset.CILIUM })],
  ['CniAgent Calico', (s) => new CniAgent(s, 'cni', { preset: CniPreset.CALICO })],
  ['CniAgent Flannel', (s) => new CniAgent(s, 'cni', { preset: CniPreset.FLANNEL })],
  ['CsiNodePlugin', (s) => new CsiNodePlugin(s, 'csi', { driverName: 'ebs.csi.aws.com', image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.64.0' })],
  ['LogCollector Fluent Bit', (s) => new LogCollector(s, 'logs', {})],
  ['LogCollector Fluent Bit (journald, Docker logs)', (s) => new LogCollector(s, 'logs', { journald: true, dockerContainerLogs: true })],
  ['LogCollector Fluentd', (s) => new LogCollector(s, 'logs', { flavor: LogCollectorFlavor.FLUENTD })],
  ['LogCollector Vector', (s) => new LogCollector(s, 'logs', { flavor: LogCollectorFlavor.VECTOR })],
  ['LogCollector Vector (journald)', (s) => new LogCollector(s, 'logs', { flavor: LogCollectorFlavor.VECTOR, journald: true })],
  ['NodeExporter', (s) => new NodeExporter(s, 'node-exporter', {})],
  ['Falco', (s) => new Falco(s, 'falco', {})],
  ['Falco (privileged driver)', (s) => new Falco(s, 'falco', { leastPrivileged: false })],
  ['NvidiaDevicePlugin', (s) => new NvidiaDevicePlugin(s, 'gpu', {})],
];

/** The deviations each agent keeps from upstream: rule → containers. */
const DEVIATIONS: { [agent: string]: { [rule: string]: string[] } } = {
  'CniAgent Cilium': {
    'no-read-only-root-fs': ['config', 'mount-cgroup', 'apply-sysctl-overwrites', 'mount-bpf-fs', 'clean-cilium-state', 'install-cni-binaries', 'cilium-agent'],
  },
  'CniAgent Calico': { 'no-read-only-root-fs': ['upgrade-ipam', 'install-cni', 'ebpf-bootstrap', 'calico-node'] },
  'CniAgent Flannel': { 'no-read-only-root-fs': ['kube-flannel'] },
  'CsiNodePlugin': {
    'missing-liveness-probe': ['liveness-probe'],
    'missing-readiness-probe': ['node-driver-registrar', 'liveness-probe'],
  },
  'LogCollector Fluentd': { 'no-read-only-root-fs': ['fluentd'] },
  'Falco': { 'no-read-only-root-fs': ['falcoctl-artifact-install', 'falco'] },
  'Falco (privileged driver)': { 'no-read-only-root-fs': ['falcoctl-artifact-install', 'falco'] },
  'NvidiaDevicePlugin': {
    'run-as-root': ['nvidia-device-plugin-ctr'],
    'no-read-only-root-fs': ['nvidia-device-plugin-ctr'],
    'missing-liveness-probe': ['nvidia-device-plugin-ctr'],
    'missing-readiness-probe': ['nvidia-device-plugin-ctr'],
  },
};

describe('every catalogue agent with its defaults', () => {
  test.each(AGENTS)('%s prints nothing at synth', (_name, build) => {
    expect(stderrOf(() => {
      const chart = Testing.chart();
      build(chart);
      Testing.synth(chart);
    })).toEqual([]);
  });

  test.each(AGENTS)('%s: each kept upstream choice is scoped to its containers, with a reason', (name, build) => {
    const chart = Testing.chart();
    build(chart);
    const ds = Testing.synth(chart).find((o) => o.kind === 'DaemonSet');
    const parsed = parseIgnoreAnnotations(ds, ds.spec.template.spec);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rules.size).toBe(0);
    const byRule = Object.fromEntries([...parsed.clauses].map(([rule, clauses]) => [rule, clauses.flatMap((c) => c.containers ?? ['*'])]));
    expect(byRule).toEqual(DEVIATIONS[name] ?? {});
    for (const clauses of parsed.clauses.values()) {
      // Each reason names where the choice comes from: a chart, manifest, source file or issue.
      for (const c of clauses) expect(c.reason).toMatch(/chart|manifests\/|\.ya?ml|\.tpl|\.go\b|README|#\d+/);
    }
  });
});

test('the CSI and Cilium annotations read as a reviewer sees them in the YAML', () => {
  const chart = Testing.chart();
  new CniAgent(chart, 'cni', { preset: CniPreset.CILIUM });
  new CsiNodePlugin(chart, 'csi', { driverName: 'ebs.csi.aws.com', image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.64.0' });
  const [cilium, csi] = Testing.synth(chart).filter((o) => o.kind === 'DaemonSet').map((o) => o.metadata.annotations);
  expect(cilium['cdk8s-node-agents.io/ignore.no-read-only-root-fs']).toBe('config, mount-cgroup, apply-sysctl-overwrites, mount-bpf-fs, '
    + 'clean-cilium-state, install-cni-binaries, cilium-agent: upstream keeps it writable: the Cilium 1.19.7 chart sets readOnlyRootFilesystem '
    + 'for the operator, hubble-relay and hubble-ui, not for the agent or its init containers (templates/cilium-agent/daemonset.yaml)');
  expect(csi['cdk8s-node-agents.io/ignore.missing-readiness-probe']).toBe('node-driver-registrar, liveness-probe: aws-ebs-csi-driver 2.64.0 '
    + 'templates/_node.tpl gives the sidecars no readiness probe: the pod\'s readiness follows the csi-driver container\'s /healthz, served by liveness-probe');
});

describe('priority classes', () => {
  const pcOf = (build: Build) => {
    const chart = Testing.chart();
    build(chart);
    return Testing.synth(chart).find((o) => o.kind === 'DaemonSet').spec.template.spec.priorityClassName;
  };

  test('log collectors and Falco are system-node-critical, node-exporter system-cluster-critical', () => {
    expect(pcOf((s) => new LogCollector(s, 'logs', {}))).toBe('system-node-critical');
    expect(pcOf((s) => new LogCollector(s, 'logs', { flavor: LogCollectorFlavor.VECTOR }))).toBe('system-node-critical');
    expect(pcOf((s) => new Falco(s, 'falco', {}))).toBe('system-node-critical');
    expect(pcOf((s) => new NodeExporter(s, 'node-exporter', {}))).toBe('system-cluster-critical');
  });

  test('a class of the user\'s own replaces the default and draws no lint', () => {
    const build: Build = (s) => new NodeExporter(s, 'node-exporter', { priorityClassName: 'observability-high' });
    expect(pcOf(build)).toBe('observability-high');
    expect(findings(build)).toEqual([]);
  });

  test('priorityClassName \'\' removes the class and warns', () => {
    for (const build of [
      (s: Construct) => new LogCollector(s, 'logs', { priorityClassName: '' }),
      (s: Construct) => new NodeExporter(s, 'node-exporter', { priorityClassName: '' }),
      (s: Construct) => new Falco(s, 'falco', { priorityClassName: '' }),
    ] as Build[]) {
      expect(pcOf(build)).toBeUndefined();
      expect(findings(build)).toEqual(['missing-priority-class spec.template.spec.priorityClassName']);
    }
    for (const build of [
      (s: Construct) => new CniAgent(s, 'cni', { preset: CniPreset.CILIUM, priorityClassName: '' }),
      (s: Construct) => new CsiNodePlugin(s, 'csi', { driverName: 'ebs.csi.aws.com', image: 'example.com/d:1.0.0', priorityClassName: '' }),
      (s: Construct) => new NvidiaDevicePlugin(s, 'gpu', { priorityClassName: '' }),
    ] as Build[]) {
      expect(pcOf(build)).toBeUndefined();
      expect(findings(build)).toEqual(['missing-system-node-critical spec.template.spec.priorityClassName']);
    }
  });
});

describe('a user\'s own mistake in a catalogue agent still warns', () => {
  const RESOURCES = { cpuRequest: '10m', memoryRequest: '32Mi', memoryLimit: '64Mi' };
  const sidecar = (name: string, extra: Partial<AgentContainerProps> = {}): AgentContainerProps => ({
    name, image: 'registry.example.com/sidecar:1.0.0', resources: RESOURCES, ...extra,
  });
  const writable = { securityContext: { readOnlyRootFilesystem: false } };

  test('Cilium: a second container and an init container with a writable root filesystem', () => {
    expect(findings((s) => {
      const cni = new CniAgent(s, 'cni', { preset: CniPreset.CILIUM });
      cni.agent.addInitContainer(sidecar('prepare', writable));
      cni.agent.addContainer(sidecar('bpftrace', writable));
    })).toEqual([
      'no-read-only-root-fs prepare',
      'no-read-only-root-fs bpftrace',
      'missing-liveness-probe bpftrace',
      'missing-readiness-probe bpftrace',
    ]);
  });

  test('Calico and Flannel: an init container with a writable root filesystem', () => {
    for (const preset of [CniPreset.CALICO, CniPreset.FLANNEL]) {
      expect(findings((s) => {
        new CniAgent(s, 'cni', { preset }).agent.addInitContainer(sidecar('prepare', writable));
      })).toEqual(['no-read-only-root-fs prepare']);
    }
  });

  test('CSI: a sidecar without probes', () => {
    expect(findings((s) => {
      new CsiNodePlugin(s, 'csi', { driverName: 'ebs.csi.aws.com', image: 'example.com/d:1.0.0' }).agent.addContainer(sidecar('csi-resizer'));
    })).toEqual(['missing-liveness-probe csi-resizer', 'missing-readiness-probe csi-resizer']);
  });

  test('NVIDIA device plugin: a root sidecar with a writable root filesystem and no probes', () => {
    expect(findings((s) => {
      new NvidiaDevicePlugin(s, 'gpu', {}).agent.addContainer(sidecar('dcgm-exporter', { securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: false } }));
    })).toEqual([
      'run-as-root dcgm-exporter',
      'no-read-only-root-fs dcgm-exporter',
      'missing-liveness-probe dcgm-exporter',
      'missing-readiness-probe dcgm-exporter',
    ]);
  });

  test('Falco and Fluentd: a sidecar with a writable root filesystem', () => {
    expect(findings((s) => {
      new Falco(s, 'falco', {}).agent.addContainer(sidecar('falcosidekick', writable));
    })).toEqual(['no-read-only-root-fs falcosidekick', 'missing-liveness-probe falcosidekick', 'missing-readiness-probe falcosidekick']);
    expect(findings((s) => {
      new LogCollector(s, 'logs', { flavor: LogCollectorFlavor.FLUENTD }).agent.addContainer(sidecar('reloader', writable));
    })).toEqual(['no-read-only-root-fs reloader', 'missing-liveness-probe reloader', 'missing-readiness-probe reloader']);
  });
});

describe('what a new user runs', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-defaults-'));
  });
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('npm run example prints no lint and no apiserver warning (only the fleet check\'s preemption warnings it is built to show)', () => {
    let apps: string[] = [];
    const evicts = (agent: string) => `warning: FleetCheck prod-eu-west-1: [preemption] ${agent} would evict 2 pods on 2 gpu nodes`
      + ' (ml/train-llm-0, ml/train-llm-1) to make room for its pods (preemption: their priority is lower)';
    expect(stderrOf(() => {
      apps = main({ outdir: path.join(tmp, 'example'), gitops: 'argo' }).apps;
    })).toEqual([evicts('cilium'), evicts('falco')]);
    expect(apps).toEqual(['cilium', 'ebs-csi', 'falco', 'logging', 'monitoring', 'nvidia-device-plugin']);
  });

  test('the README\'s first snippet (Cilium, Fluent Bit to Loki, node-exporter) prints nothing at synth', () => {
    expect(stderrOf(() => {
      const app = new App({ outdir: path.join(tmp, 'readme') });
      const cni = new Chart(app, 'cilium');
      new CniAgent(cni, 'cilium', { preset: CniPreset.CILIUM, createNamespace: false });
      const logging = new Chart(app, 'logging');
      new LogCollector(logging, 'fluent-bit', { output: LogOutput.loki({ host: 'loki-gateway.logging.svc' }) });
      const monitoring = new Chart(app, 'monitoring');
      new NodeExporter(monitoring, 'node-exporter', {});
      app.synth();
    })).toEqual([]);
  });

  test('the same synth still prints a user\'s own mistake', () => {
    const printed = stderrOf(() => {
      const app = new App({ outdir: path.join(tmp, 'mistake') });
      const monitoring = new Chart(app, 'monitoring');
      new NodeExporter(monitoring, 'node-exporter', { priorityClassName: '' });
      app.synth();
    });
    expect(printed).toEqual([
      'lint warning [missing-priority-class] DaemonSet/monitoring/node-exporter: spec.template.spec.priorityClassName: no priorityClassName: '
        + 'on a full node the agent pod stays Pending (and cluster-autoscaler may not make room for it); use a high PriorityClass for agents',
    ]);
  });
});
