/**
 * The example: node agents for a multi-pool cluster, checked against the
 * cluster's nodes at synth and written as a GitOps repository tree.
 *
 *   npm run example                      # Argo CD, into dist/
 *   npm run example -- --gitops flux     # Flux
 *   npm run example -- --gitops none --outdir /tmp/out
 *
 * The cluster (examples/nodes.json, `kubectl get nodes -o json` of a
 * kubeadm/Cluster API cluster on AWS, pools labelled `node.cluster.x-k8s.io/pool`):
 * control plane (tainted), general amd64 (one node NotReady), general arm64,
 * GPU (tainted), storage with local NVMe (tainted), edge (tainted, small),
 * spot (tainted) and Windows (tainted; no Linux agent may land there).
 *
 * Output: dist/apps/<app>/{manifests,kustomization}.yaml, dist/clusters/<cluster>/
 * (Argo CD Applications or Flux Kustomizations, CNI → CSI → the rest) and the
 * placement report in dist/report/placement.{txt,json,html}.
 */
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import {
  CniAgent,
  CniPreset,
  CsiNodePlugin,
  Falco,
  LogCollector,
  LogOutput,
  NodeExporter,
  NvidiaDevicePlugin,
} from '../src/agents';
import { CommandLine, parseCommandLine, UsageError } from '../src/cli/args';
import { GitOpsOutput, GitOpsTool } from '../src/gitops/gitops';
import { Fleet } from '../src/pools/fleet';
import { FleetCheck, REPORT_FILES } from '../src/pools/fleet-check';
import { AgentVariants } from '../src/pools/variants';

/** Which GitOps objects to write. */
export type GitOpsFlavor = 'argo' | 'flux' | 'none';

/** Options of {@link main}. */
export interface ExampleOptions {
  /** Output directory (the GitOps repository tree). */
  readonly outdir: string;
  /** GitOps tool. */
  readonly gitops: GitOpsFlavor;
  /** The node inventory; default examples/nodes.json. */
  readonly inventory?: string;
}

/** What {@link main} produced. */
export interface ExampleResult {
  readonly outdir: string;
  readonly files: string[];
  readonly apps: string[];
  readonly reportText: string;
  readonly reportJson: string;
}

/** The label the example cluster's nodes carry their pool in (Cluster API syncs `node.cluster.x-k8s.io/*` labels to Nodes). */
export const POOL_LABEL = 'node.cluster.x-k8s.io/pool';
export const CLUSTER_NAME = 'prod-eu-west-1';
export const DEFAULT_INVENTORY = path.join(__dirname, 'nodes.json');
/** The pods running on those nodes (`kubectl get pods -A -o json`) and the cluster's priorities (`kubectl get priorityclasses,pdb -A -o json`). */
export const DEFAULT_PODS = path.join(__dirname, 'pods.json');
export const DEFAULT_PRIORITIES = path.join(__dirname, 'priorities.json');
const REPO_URL = 'https://github.com/example-org/platform-gitops.git';
const FLUX_SOURCE = 'platform-gitops';

/** The app: one chart per agent (one GitOps app each) and a fleet check over all of them. */
export function buildExample(inventory: string = DEFAULT_INVENTORY): { app: App; fleet: Fleet; check: FleetCheck } {
  // With the running pods and the priorities, the check also says whom each agent would evict:
  // the GPU nodes' training jobs (ml-batch) leave 400Mi of memory on two nodes, so Cilium and
  // Falco (512Mi, system-node-critical) get in by preemption — a warning naming the jobs.
  const workload = inventory === DEFAULT_INVENTORY ? { podsFile: DEFAULT_PODS, prioritiesFile: DEFAULT_PRIORITIES } : {};
  const fleet = Fleet.fromInventoryFile(inventory, { groupBy: POOL_LABEL, clusterName: CLUSTER_NAME, ...workload });
  const app = new App({ outdir: path.join(__dirname, '..', 'dist') });
  const check = fleet.attach(app, { maxAgentCpuPerNode: '1', maxAgentMemoryPerNode: '2Gi' });
  const linuxPools = fleet.pools.filter((p) => p.platforms.some((x) => x.os === 'linux')).map((p) => p.name);

  // CNI: Cilium, everywhere Linux (control plane and NotReady nodes included).
  const cni = new Chart(app, 'cilium');
  new CniAgent(cni, 'cilium', { preset: CniPreset.CILIUM, createNamespace: false });

  // CSI: the EBS node plugin.
  const csi = new Chart(app, 'ebs-csi');
  new CsiNodePlugin(csi, 'ebs-csi-node', {
    driverName: 'ebs.csi.aws.com',
    image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.37.0',
    createNamespace: false,
  });

  // Logs: Fluent Bit, with more memory on GPU nodes (busy training jobs log a lot)
  // and an arm64 build on the Graviton pool; the catch-all covers every other pool.
  const logging = new Chart(app, 'logging');
  new AgentVariants(logging, 'log-collector', {
    fleet,
    factory: {
      create: (scope, id, v) => new LogCollector(scope, id, {
        name: v.name,
        namespace: 'logging',
        image: v.image,
        resources: v.resources,
        output: LogOutput.loki({ host: 'loki-gateway.logging.svc' }),
      }),
    },
    variants: [
      { name: 'gpu', pools: ['gpu'], resources: { cpuRequest: '200m', memoryRequest: '256Mi', memoryLimit: '1Gi' } },
      { name: 'arm64', pools: ['general-arm64'], image: 'cr.fluentbit.io/fluent/fluent-bit:5.1.1-arm64' },
    ],
  });

  // Host metrics: tolerates every NoSchedule taint (the chart default), meant for every Linux pool.
  const monitoring = new Chart(app, 'monitoring');
  const exporter = new NodeExporter(monitoring, 'node-exporter', {});
  check.expect(exporter.agent, { pools: linuxPools });

  // Runtime security: Falco on every Linux node.
  const security = new Chart(app, 'falco');
  new Falco(security, 'falco', {});

  // GPU device plugin: only on the GPU pool.
  const gpu = new Chart(app, 'nvidia-device-plugin');
  const nvidia = new NvidiaDevicePlugin(gpu, 'nvidia-device-plugin', {});
  check.expect(nvidia.agent, { pools: ['gpu'] });

  return { app, fleet, check };
}

/** Synthesizes the example into `options.outdir` with its placement report. */
export function main(options: ExampleOptions): ExampleResult {
  const { app, check } = buildExample(options.inventory);
  const report = check.renderReport();
  const tool = options.gitops === 'argo' ? GitOpsTool.ARGO_CD : options.gitops === 'flux' ? GitOpsTool.FLUX : GitOpsTool.NONE;
  const result = GitOpsOutput.write(app, {
    outdir: options.outdir,
    tool,
    clusterName: CLUSTER_NAME,
    repoPath: 'dist',
    repoUrl: REPO_URL,
    fluxSourceName: FLUX_SOURCE,
    extraFiles: {
      [`report/${REPORT_FILES.text}`]: report.text,
      [`report/${REPORT_FILES.json}`]: report.json,
      [`report/${REPORT_FILES.html}`]: report.html,
    },
  });
  return { outdir: result.outdir, files: result.files, apps: result.apps, reportText: report.text, reportJson: report.json };
}

const EXAMPLE_USAGE = 'usage: npm run example -- [--gitops argo|flux|none] [--outdir DIR] [--inventory nodes.json]';

/** `--gitops argo|flux|none`, `--outdir DIR`, `--inventory FILE` (util.parseArgs, src/cli/args.ts). */
export function parseArgs(argv: string[], defaultOutdir: string): ExampleOptions {
  let line: CommandLine;
  try {
    line = parseCommandLine(argv, { gitops: { type: 'string' }, outdir: { type: 'string' }, inventory: { type: 'string' } });
  } catch (e) {
    if (!(e instanceof UsageError) || e.problem === undefined) throw e;
    const { kind, option } = e.problem;
    throw new Error(kind === 'missing-value' ? `${option} needs a value`
      : kind === 'repeated' ? `${option} given more than once; ${EXAMPLE_USAGE}`
        : `unknown argument ${JSON.stringify(option)}; ${EXAMPLE_USAGE}`);
  }
  if (line.help || line.positionals.length > 0) {
    throw new Error(`unknown argument ${JSON.stringify(line.help ? '--help' : line.positionals[0])}; ${EXAMPLE_USAGE}`);
  }
  const gitops = (line.values.gitops as string | undefined) ?? 'argo';
  if (gitops !== 'argo' && gitops !== 'flux' && gitops !== 'none') throw new Error(`--gitops: unknown tool ${JSON.stringify(gitops)}; use argo, flux or none`);
  const outdir = line.values.outdir !== undefined ? path.resolve(line.values.outdir as string) : defaultOutdir;
  const inventory = line.values.inventory !== undefined ? path.resolve(line.values.inventory as string) : undefined;
  return { gitops, outdir, inventory };
}

if (require.main === module) {
  try {
    const options = parseArgs(process.argv.slice(2), path.join(__dirname, '..', 'dist'));
    const result = main(options);
    process.stdout.write(result.reportText);
    const rel = (f: string) => path.relative(process.cwd(), f) || '.';
    process.stdout.write(`\nWrote ${result.files.length} files for ${options.gitops === 'none' ? 'kubectl apply -k' : options.gitops === 'argo' ? 'Argo CD' : 'Flux'} into ${rel(result.outdir)} (apps in sync order: ${result.apps.join(', ')}):\n`);
    for (const f of result.files) process.stdout.write(`  ${rel(f)}\n`);
  } catch (e) {
    process.stderr.write(`example: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
