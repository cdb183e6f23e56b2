/**
 * Synthesizing the same constructs twice gives byte-identical output: NodeAgents
 * with any (valid) props, and every agent of the catalogue (src/agents). A GitOps
 * repository would otherwise see a diff (and Argo CD / Flux a resync) on every run.
 *
 * Also checks the benchmark generator (bench/generate.ts): the same seed gives the
 * same fleet files, byte for byte.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { writeFleet } from '../../bench/generate';
import { NodeAgent, NodeAgentProps } from '../../src/agent/node-agent';
import { AgentRole } from '../../src/agent/role';
import { AgentTolerations, TolerationOperator } from '../../src/agent/tolerations';
import { AgentUpdateStrategy } from '../../src/agent/update-strategy';
import { CniAgent, CniPreset, CsiNodePlugin, Falco, LogCollector, LogCollectorFlavor, LogOutput, NodeExporter, NvidiaDevicePlugin } from '../../src/agents';

const dnsLabel = fc.stringMatching(/^[a-z]([-a-z0-9]{0,14}[a-z0-9])?$/);
const labelValue = fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?$/);

/** Props of a NodeAgent the library accepts (pinned image, required resources). */
const agentPropsArb: fc.Arbitrary<NodeAgentProps> = fc.record({
  name: dnsLabel,
  namespace: fc.option(dnsLabel, { nil: undefined }),
  image: fc.tuple(dnsLabel, fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 9 })).map(([n, a, b]) => `registry.example.com/${n}:v${a}.${b}.0`),
  role: fc.constantFrom(...Object.values(AgentRole)),
  cpu: fc.integer({ min: 1, max: 2000 }),
  memory: fc.integer({ min: 1, max: 4096 }),
  hostNetwork: fc.boolean(),
  hostPID: fc.boolean(),
  ports: fc.uniqueArray(fc.integer({ min: 1024, max: 65535 }), { maxLength: 3 }),
  labels: fc.dictionary(fc.constantFrom('team', 'tier', 'cost-center'), labelValue, { maxKeys: 3 }),
  podAnnotations: fc.dictionary(fc.constantFrom('checksum/config', 'note'), fc.string({ maxLength: 20 }), { maxKeys: 2 }),
  nodeSelector: fc.dictionary(fc.constantFrom('kubernetes.io/os', 'kubernetes.io/arch', 'pool'), labelValue, { maxKeys: 2 }),
  tolerations: fc.constantFrom('none', 'everything', 'noSchedule', 'controlPlane', 'gpu'),
  strategy: fc.oneof(
    fc.constant(AgentUpdateStrategy.onDelete()),
    fc.integer({ min: 1, max: 100 }).map((p) => AgentUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(p) })),
    fc.integer({ min: 1, max: 5 }).map((n) => AgentUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.absolute(n) })),
  ),
  hostPaths: fc.subarray(['/var/log', '/proc', '/sys', '/run/containerd', '/etc/machine-id']),
}).map((p) => ({
  name: p.name,
  namespace: p.namespace,
  image: p.image,
  role: p.role,
  resources: { cpuRequest: `${p.cpu}m`, memoryRequest: `${p.memory}Mi`, memoryLimit: `${p.memory * 2}Mi` },
  hostNetwork: p.hostNetwork,
  hostPID: p.hostPID,
  ports: p.ports.map((port) => ({ number: port, ...(p.hostNetwork ? { hostPort: port } : {}) })),
  labels: p.labels,
  podAnnotations: p.podAnnotations,
  nodeSelector: p.nodeSelector,
  tolerations: {
    none: AgentTolerations.none(),
    everything: AgentTolerations.everything(),
    noSchedule: AgentTolerations.noSchedule(),
    controlPlane: AgentTolerations.controlPlane(),
    gpu: AgentTolerations.of({ key: 'nvidia.com/gpu', operator: TolerationOperator.EXISTS, effect: kplus.TaintEffect.NO_SCHEDULE }),
  }[p.tolerations],
  updateStrategy: p.strategy,
  hostMounts: p.hostPaths.map((hostPath) => ({ hostPath })),
}));

function synth(build: (chart: Chart) => void): string {
  const app = new App({ outdir: '/nonexistent-never-written' });
  build(new Chart(app, 'agents'));
  return app.synthYaml();
}

describe('synth twice gives byte-identical output', () => {
  test('NodeAgent charts, any props', () => {
    fc.assert(fc.property(fc.array(agentPropsArb, { minLength: 1, maxLength: 3 }), (agents) => {
      // Distinct DaemonSet names per namespace, as a real chart would have.
      const props = agents.map((a, i) => ({ ...a, name: `${a.name}-${i}` }));
      const build = (chart: Chart) => props.forEach((p, i) => new NodeAgent(chart, `agent-${i}`, p));
      const first = synth(build);
      expect(synth(build)).toBe(first);
      expect(first).toContain('kind: DaemonSet');
    }), { numRuns: 40 });
  });

  const catalogue: Array<[string, (chart: Chart) => void]> = [
    ['LogCollector (Fluent Bit, stdout)', (c) => new LogCollector(c, 'logs', {})],
    ['LogCollector (Fluent Bit, Loki)', (c) => new LogCollector(c, 'logs', { output: LogOutput.loki({ host: 'loki.logging.svc' }) })],
    ['LogCollector (Fluentd, forward)', (c) => new LogCollector(c, 'logs', { flavor: LogCollectorFlavor.FLUENTD, output: LogOutput.forward({ host: 'aggregator.logging.svc' }) })],
    ['LogCollector (Vector, HTTP)', (c) => new LogCollector(c, 'logs', { flavor: LogCollectorFlavor.VECTOR, output: LogOutput.http({ host: 'logs.example.com' }) })],
    ['NodeExporter', (c) => new NodeExporter(c, 'node-exporter', {})],
    ['CniAgent (Cilium)', (c) => new CniAgent(c, 'cni', { preset: CniPreset.CILIUM })],
    ['CniAgent (Calico)', (c) => new CniAgent(c, 'cni', { preset: CniPreset.CALICO })],
    ['CniAgent (Flannel)', (c) => new CniAgent(c, 'cni', { preset: CniPreset.FLANNEL })],
    ['CsiNodePlugin', (c) => new CsiNodePlugin(c, 'csi', { driverName: 'ebs.csi.aws.com', image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.37.0' })],
    ['Falco', (c) => new Falco(c, 'falco', {})],
    ['NvidiaDevicePlugin', (c) => new NvidiaDevicePlugin(c, 'nvidia', {})],
    ['every agent in one chart', (c) => {
      new LogCollector(c, 'logs', {});
      new NodeExporter(c, 'node-exporter', {});
      new CniAgent(c, 'cni', { preset: CniPreset.CILIUM });
      new CsiNodePlugin(c, 'csi', { driverName: 'ebs.csi.aws.com', image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.37.0' });
      new Falco(c, 'falco', {});
      new NvidiaDevicePlugin(c, 'nvidia', {});
    }],
  ];

  test.each(catalogue)('%s', (_name, build) => {
    const first = synth(build);
    expect(first.length).toBeGreaterThan(0);
    expect(synth(build)).toBe(first);
  });
});

describe('the benchmark generator is deterministic', () => {
  test('the same seed and size give byte-identical files; another seed gives other files', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-gen-'));
    try {
      const spec = { seed: 7, nodes: 40, pods: 1200, daemonSets: 40 };
      const a = writeFleet(path.join(root, 'a'), spec);
      const b = writeFleet(path.join(root, 'b'), spec);
      const c = writeFleet(path.join(root, 'c'), { ...spec, seed: 8 });
      const files = (dir: string) => {
        const out: Record<string, string> = {};
        const walk = (d: string, rel: string) => fs.readdirSync(d).sort().forEach((n) => {
          const full = path.join(d, n);
          if (fs.statSync(full).isDirectory()) walk(full, `${rel}${n}/`);
          else out[`${rel}${n}`] = fs.readFileSync(full, 'utf8');
        });
        walk(dir, '');
        return out;
      };
      expect(a.pods).toBe(1200);
      expect(a.nodes).toBe(40);
      expect(a.daemonSets).toBe(40);
      expect(files(b.dir)).toEqual(files(a.dir));
      expect(files(c.dir)['nodes.json']).not.toBe(files(a.dir)['nodes.json']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
