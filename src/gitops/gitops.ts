/**
 * GitOps output (jsii-facing): a cdk8s app written as a tree a GitOps tool
 * consumes directly.
 *
 * ```
 * <outdir>/apps/<app>/manifests.yaml       every object of one chart
 * <outdir>/apps/<app>/kustomization.yaml   kustomize.config.k8s.io/v1beta1, resources: [manifests.yaml]
 * <outdir>/clusters/<cluster>/<app>.yaml   Argo CD Application or Flux Kustomization (or nothing)
 * <outdir>/clusters/<cluster>/kustomization.yaml
 * ```
 *
 * Order: CNI agents first, then CSI node plugins, then everything else
 * (roles from the `cdk8s-node-agents.io/role` annotation). Argo CD gets it as
 * `argocd.argoproj.io/sync-wave` annotations (-2, -1, 0) on the Applications,
 * Flux as `dependsOn` between Kustomizations (kustomize.toolkit.fluxcd.io/v1).
 * Object shapes follow the upstream CRDs (argoproj/argo-cd manifests/crds/application-crd.yaml:
 * spec.project, spec.destination, spec.source.repoURL required; fluxcd/kustomize-controller
 * config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml: spec.interval, spec.prune,
 * spec.sourceRef.{kind,name} required).
 *
 * The tree is replaced atomically and its bytes depend only on the app.
 */
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { writeTreeAtomically } from './atomic';
import { dnsNameFromId, MANAGED_BY } from '../agent/node-agent';
import { ROLE_ANNOTATION } from '../agent/role';
import { stringifyForKubectl } from '../input/kubectl-yaml';
import { isDNS1123Label } from '../util/validation';
import { inSynthSession } from '../validation/synth-session';

/** Which GitOps tool the cluster directory is written for. */
export enum GitOpsTool {
  /** Argo CD `Application` objects with sync waves. */
  ARGO_CD = 'argocd',
  /** Flux `Kustomization` objects with `dependsOn`. */
  FLUX = 'flux',
  /** Only the `apps/` tree (apply it with `kubectl apply -k`). */
  NONE = 'none',
}

/** Options of `GitOpsOutput.write`. */
export interface GitOpsOptions {
  /** The directory to write (replaced atomically; entries it did not write are kept). */
  readonly outdir: string;

  /**
   * The GitOps tool.
   *
   * @default GitOpsTool.NONE
   */
  readonly tool?: GitOpsTool;

  /**
   * Name of the cluster: the `clusters/<name>` directory and the prefix of the Argo/Flux objects' names.
   *
   * @default 'cluster'
   */
  readonly clusterName?: string;

  /**
   * Where `outdir` sits in the Git repository, e.g. `dist` (paths in the Argo and Flux objects are relative to the repository root).
   *
   * @default - the repository root
   */
  readonly repoPath?: string;

  /**
   * The Git repository URL (Argo CD: `spec.source.repoURL`). Required for Argo CD.
   *
   * @default - none
   */
  readonly repoUrl?: string;

  /**
   * The revision Argo CD syncs (`spec.source.targetRevision`).
   *
   * @default 'HEAD'
   */
  readonly targetRevision?: string;

  /**
   * Namespace of the Argo CD Applications.
   *
   * @default 'argocd'
   */
  readonly argoNamespace?: string;

  /**
   * Argo CD project.
   *
   * @default 'default'
   */
  readonly argoProject?: string;

  /**
   * The cluster Argo CD deploys to (`spec.destination.server`).
   *
   * @default 'https://kubernetes.default.svc'
   */
  readonly destinationServer?: string;

  /**
   * Name of the Flux `GitRepository` the Kustomizations read from. Required for Flux.
   *
   * @default - none
   */
  readonly fluxSourceName?: string;

  /**
   * Namespace of the Flux Kustomizations (and of the GitRepository).
   *
   * @default 'flux-system'
   */
  readonly fluxNamespace?: string;

  /**
   * Reconciliation interval of the Flux Kustomizations.
   *
   * @default '10m'
   */
  readonly fluxInterval?: string;

  /**
   * More files to write in the same atomic swap (relative path → content),
   * e.g. the placement report.
   *
   * @default - none
   */
  readonly extraFiles?: { [relativePath: string]: string };
}

/** What `GitOpsOutput.write` wrote. */
export interface GitOpsResult {
  /** The output directory (absolute). */
  readonly outdir: string;
  /** The apps, in sync order (CNI, CSI, others; then by name). */
  readonly apps: string[];
  /** Every file written (absolute paths, sorted). */
  readonly files: string[];
  /** Directories holding a `kustomization.yaml` (absolute paths). */
  readonly kustomizations: string[];
}

/** Sync tiers: CNI, then CSI, then the rest. */
const TIER_CNI = 0;
const TIER_CSI = 1;
const TIER_OTHER = 2;
/** Argo CD sync waves per tier: before the default wave 0 everything else uses. */
const SYNC_WAVE = ['-2', '-1', '0'];

interface AppPlan {
  readonly name: string;
  readonly tier: number;
  readonly objects: any[];
}

/** Writes a cdk8s app as a GitOps repository tree. */
export class GitOpsOutput {
  /**
   * Validates and synthesizes `app` (as `app.synth()` would), then writes the
   * tree: one app per chart under `apps/`, and the Argo CD or Flux objects
   * under `clusters/<cluster>/`.
   *
   * @throws when validation fails, an option is invalid, or the output
   *   directory holds files this library did not write (nothing is written then)
   */
  public static write(app: App, options: GitOpsOptions): GitOpsResult {
    const o = resolveOptions(options);
    // synthYaml() resolves dependencies and runs every construct's validation;
    // in one synth session the charts are then read without validating again.
    const apps = inSynthSession(app, () => {
      app.synthYaml();
      return planApps(app.charts);
    });
    const files = new Map<string, string>();
    const kustomizations: string[] = [];
    for (const a of apps) {
      files.set(`apps/${a.name}/manifests.yaml`, yamlDocs(a.objects));
      files.set(`apps/${a.name}/kustomization.yaml`, yamlDocs([kustomization(['manifests.yaml'])]));
      kustomizations.push(`apps/${a.name}`);
    }
    if (o.tool !== GitOpsTool.NONE) {
      const dir = `clusters/${o.clusterName}`;
      const resources: string[] = [];
      for (const a of apps) {
        const obj = o.tool === GitOpsTool.ARGO_CD ? argoApplication(a, o) : fluxKustomization(a, apps, o);
        files.set(`${dir}/${a.name}.yaml`, yamlDocs([obj]));
        resources.push(`${a.name}.yaml`);
      }
      files.set(`${dir}/kustomization.yaml`, yamlDocs([kustomization(resources)]));
      kustomizations.push(dir);
    }
    for (const [file, content] of Object.entries(options.extraFiles ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (files.has(file) || file.startsWith('apps/') || file.startsWith('clusters/')) {
        throw new Error(`GitOpsOutput: extraFiles: ${JSON.stringify(file)} would overwrite or mix with the generated apps/ and clusters/ trees; put it elsewhere`);
      }
      files.set(file, content);
    }
    const written = writeTreeAtomically(o.outdir, files);
    const root = path.resolve(o.outdir);
    return {
      outdir: root,
      apps: apps.map((a) => a.name),
      files: written,
      kustomizations: kustomizations.map((k) => path.join(root, ...k.split('/'))),
    };
  }
}

interface ResolvedOptions {
  readonly outdir: string;
  readonly tool: GitOpsTool;
  readonly clusterName: string;
  readonly repoPath: string;
  readonly repoUrl?: string;
  readonly targetRevision: string;
  readonly argoNamespace: string;
  readonly argoProject: string;
  readonly destinationServer: string;
  readonly fluxSourceName?: string;
  readonly fluxNamespace: string;
  readonly fluxInterval: string;
}

function resolveOptions(options: GitOpsOptions): ResolvedOptions {
  if (!options || typeof options.outdir !== 'string' || options.outdir === '') {
    throw new Error('GitOpsOutput: outdir: Required value: the directory to write the GitOps tree into');
  }
  const tool = options.tool ?? GitOpsTool.NONE;
  if (![GitOpsTool.ARGO_CD, GitOpsTool.FLUX, GitOpsTool.NONE].includes(tool)) {
    throw new Error(`GitOpsOutput: tool: Unsupported value: ${JSON.stringify(tool)}: supported values: "argocd", "flux", "none"`);
  }
  const clusterName = options.clusterName ?? 'cluster';
  const label = (field: string, value: string) => {
    const p = isDNS1123Label(value);
    if (p.length) throw new Error(`GitOpsOutput: ${field}: Invalid value: ${JSON.stringify(value)}: ${p.join('; ')}`);
  };
  label('clusterName', clusterName);
  const repoPath = (options.repoPath ?? '').replace(/^\.\/+/, '').replace(/\/+$/, '');
  if (repoPath.startsWith('/') || repoPath.split('/').some((p) => p === '..')) {
    throw new Error(`GitOpsOutput: repoPath: Invalid value: ${JSON.stringify(options.repoPath)}: must be a path relative to the repository root, without ".."`);
  }
  if (tool === GitOpsTool.ARGO_CD && !options.repoUrl) {
    throw new Error('GitOpsOutput: repoUrl: Required value: Argo CD Applications need the Git repository URL (spec.source.repoURL)');
  }
  if (tool === GitOpsTool.FLUX && !options.fluxSourceName) {
    throw new Error('GitOpsOutput: fluxSourceName: Required value: Flux Kustomizations need the name of the GitRepository they read (spec.sourceRef.name)');
  }
  const argoNamespace = options.argoNamespace ?? 'argocd';
  const fluxNamespace = options.fluxNamespace ?? 'flux-system';
  label('argoNamespace', argoNamespace);
  label('fluxNamespace', fluxNamespace);
  if (options.fluxSourceName !== undefined) label('fluxSourceName', options.fluxSourceName);
  const fluxInterval = options.fluxInterval ?? '10m';
  if (!/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/.test(fluxInterval)) {
    throw new Error(`GitOpsOutput: fluxInterval: Invalid value: ${JSON.stringify(fluxInterval)}: must be a Go duration such as "10m" or "1h30m"`);
  }
  return {
    outdir: options.outdir,
    tool,
    clusterName,
    repoPath,
    repoUrl: options.repoUrl,
    targetRevision: options.targetRevision ?? 'HEAD',
    argoNamespace,
    argoProject: options.argoProject ?? 'default',
    destinationServer: options.destinationServer ?? 'https://kubernetes.default.svc',
    fluxSourceName: options.fluxSourceName,
    fluxNamespace,
    fluxInterval,
  };
}

/** One app per chart with objects, in sync order. */
function planApps(charts: Chart[]): AppPlan[] {
  const apps: AppPlan[] = [];
  const seen = new Map<string, string>();
  for (const chart of charts) {
    const objects = chartObjects(chart);
    if (objects.length === 0) continue;
    const name = dnsNameFromId(chart.node.id);
    const other = seen.get(name);
    if (other !== undefined) {
      throw new Error(`GitOpsOutput: charts ${other} and ${chart.node.path} both become app ${JSON.stringify(name)}; give them distinct ids`);
    }
    seen.set(name, chart.node.path);
    const roles = new Set(objects.filter((o) => o?.kind === 'DaemonSet').map((o) => o.metadata?.annotations?.[ROLE_ANNOTATION]));
    const tier = roles.has('cni') ? TIER_CNI : roles.has('csi') ? TIER_CSI : TIER_OTHER;
    apps.push({ name, tier, objects });
  }
  return apps.sort((a, b) => a.tier - b.tier || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The chart's objects in synthesis order (what `app.synth()` writes for it). */
function chartObjects(chart: Chart): any[] {
  return chart.toJson().filter((o: unknown) => o !== undefined && o !== null);
}

/** YAML that kubectl (go-yaml v2) reads back as exactly these objects. */
function yamlDocs(docs: any[]): string {
  return docs.map((d) => stringifyForKubectl(d)).join('---\n');
}

function kustomization(resources: string[]): object {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
  };
}

function appPath(o: ResolvedOptions, app: string): string {
  return o.repoPath ? `${o.repoPath}/apps/${app}` : `apps/${app}`;
}

function labels(o: ResolvedOptions): Record<string, string> {
  return { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': o.clusterName };
}

/** An Argo CD Application (argoproj.io/v1alpha1) for one app, ordered by sync wave. */
function argoApplication(app: AppPlan, o: ResolvedOptions): object {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `${o.clusterName}-${app.name}`,
      namespace: o.argoNamespace,
      labels: labels(o),
      annotations: { 'argocd.argoproj.io/sync-wave': SYNC_WAVE[app.tier] },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: o.argoProject,
      source: { repoURL: o.repoUrl, targetRevision: o.targetRevision, path: appPath(o, app.name) },
      destination: { server: o.destinationServer },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
      },
    },
  };
}

/** A Flux Kustomization (kustomize.toolkit.fluxcd.io/v1) for one app, after the tiers before it. */
function fluxKustomization(app: AppPlan, all: AppPlan[], o: ResolvedOptions): object {
  const dependsOn = all
    .filter((other) => other.tier < app.tier && other.tier !== TIER_OTHER)
    .map((other) => ({ name: `${o.clusterName}-${other.name}` }));
  const spec: Record<string, unknown> = {
    interval: o.fluxInterval,
    path: `./${appPath(o, app.name)}`,
    prune: true,
    sourceRef: { kind: 'GitRepository', name: o.fluxSourceName },
  };
  if (dependsOn.length) spec.dependsOn = dependsOn;
  // CNI and CSI must be healthy (rolled out) before what depends on them starts.
  if (app.tier !== TIER_OTHER) {
    spec.wait = true;
    spec.timeout = '10m';
  }
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: `${o.clusterName}-${app.name}`, namespace: o.fluxNamespace, labels: labels(o) },
    spec,
  };
}
