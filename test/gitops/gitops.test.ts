import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { NodeAgent } from '../../src/agent/node-agent';
import { AgentRole } from '../../src/agent/role';
import { MARKER_FILE } from '../../src/gitops/atomic';
import { GitOpsOptions, GitOpsOutput, GitOpsTool } from '../../src/gitops/gitops';

const RESOURCES = { cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: '256Mi' };

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** Four charts: logging, CNI, CSI, a plain DaemonSet with a ConfigMap; plus an empty chart. */
function buildApp(): App {
  const app = new App({ outdir: path.join(root, 'unused') });
  const add = (chartId: string, id: string, role: AgentRole, namespace: string) => {
    const chart = new Chart(app, chartId, { namespace });
    new NodeAgent(chart, id, { image: `example.com/${id}:1.0.0`, resources: RESOURCES, role });
    return chart;
  };
  add('logging', 'fluent-bit', AgentRole.LOG_COLLECTOR, 'logging');
  add('cilium', 'cilium', AgentRole.CNI, 'kube-system');
  add('ebs-csi', 'ebs-csi-node', AgentRole.CSI, 'kube-system');
  const plain = new Chart(app, 'Dcgm', { namespace: 'gpu' });
  new ApiObject(plain, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dcgm' }, data: { on: 'yes', mode: '0755' } } as any);
  new ApiObject(plain, 'ds', {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'dcgm-exporter' },
    spec: {
      selector: { matchLabels: { app: 'dcgm' } },
      template: { metadata: { labels: { app: 'dcgm' } }, spec: { containers: [{ name: 'dcgm', image: 'nvcr.io/nvidia/k8s/dcgm-exporter:3.3.5-3.4.0-ubuntu22.04' }] } },
    },
  } as any);
  new Chart(app, 'empty');
  return app;
}

const ARGO: GitOpsOptions = { outdir: '', tool: GitOpsTool.ARGO_CD, clusterName: 'prod', repoUrl: 'https://git.example.com/platform.git', repoPath: 'dist' };
const FLUX: GitOpsOptions = { outdir: '', tool: GitOpsTool.FLUX, clusterName: 'prod', fluxSourceName: 'platform', repoPath: 'dist' };

function write(options: GitOpsOptions, dir = 'dist') {
  const outdir = path.join(root, dir);
  return { outdir, result: GitOpsOutput.write(buildApp(), { ...options, outdir }) };
}

function docs(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJSON());
}

function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      if (fs.statSync(full).isDirectory()) walk(full, rel);
      else out.push(rel);
    }
  };
  walk(dir, '');
  return out;
}

function kubectl(): string {
  for (const candidate of [process.env.KUBECTL, '/usr/bin/kubectl', '/usr/local/bin/kubectl'].filter(Boolean) as string[]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('kubectl is not installed (looked at $KUBECTL, /usr/bin/kubectl, /usr/local/bin/kubectl): the GitOps test builds every kustomization with `kubectl kustomize`; install kubectl');
}

describe('GitOpsOutput: the tree', () => {
  test('one app per chart with objects, in sync order CNI → CSI → the rest', () => {
    const { outdir, result } = write(ARGO);
    expect(result.apps).toEqual(['cilium', 'ebs-csi', 'dcgm', 'logging']);
    expect(tree(outdir)).toEqual([
      MARKER_FILE,
      'apps/cilium/kustomization.yaml',
      'apps/cilium/manifests.yaml',
      'apps/dcgm/kustomization.yaml',
      'apps/dcgm/manifests.yaml',
      'apps/ebs-csi/kustomization.yaml',
      'apps/ebs-csi/manifests.yaml',
      'apps/logging/kustomization.yaml',
      'apps/logging/manifests.yaml',
      'clusters/prod/cilium.yaml',
      'clusters/prod/dcgm.yaml',
      'clusters/prod/ebs-csi.yaml',
      'clusters/prod/kustomization.yaml',
      'clusters/prod/logging.yaml',
    ]);
    expect(result.files).toEqual(tree(outdir).filter((f) => f !== MARKER_FILE).map((f) => path.join(outdir, ...f.split('/'))));
  });

  test('manifests.yaml holds exactly what the chart synthesizes, quoted for YAML 1.1 readers', () => {
    const { outdir } = write(ARGO);
    const app = buildApp();
    const chart = app.node.findChild('logging') as Chart;
    expect(docs(path.join(outdir, 'apps/logging/manifests.yaml'))).toEqual(chart.toJson());
    const dcgm = fs.readFileSync(path.join(outdir, 'apps/dcgm/manifests.yaml'), 'utf8');
    expect(dcgm).toContain('"on": "yes"');
    expect(dcgm).toContain('mode: "0755"');
  });

  test('each app directory is a kustomization of its manifests', () => {
    const { outdir } = write(ARGO);
    expect(docs(path.join(outdir, 'apps/cilium/kustomization.yaml'))).toEqual([
      { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['manifests.yaml'] },
    ]);
    expect(docs(path.join(outdir, 'clusters/prod/kustomization.yaml'))).toEqual([
      { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['cilium.yaml', 'ebs-csi.yaml', 'dcgm.yaml', 'logging.yaml'] },
    ]);
  });

  test('the same app gives the same bytes', () => {
    const a = write(FLUX, 'one').outdir;
    const b = write(FLUX, 'two').outdir;
    for (const f of tree(a)) expect(fs.readFileSync(path.join(b, f), 'utf8')).toBe(fs.readFileSync(path.join(a, f), 'utf8'));
  });

  test('GitOpsTool.NONE writes only apps/', () => {
    const { outdir, result } = write({ outdir: '' });
    expect(tree(outdir).filter((f) => f.startsWith('clusters/'))).toEqual([]);
    expect(result.kustomizations.map((k) => path.relative(outdir, k))).toEqual(['apps/cilium', 'apps/ebs-csi', 'apps/dcgm', 'apps/logging']);
  });

  test('extra files are written in the same swap', () => {
    const { outdir } = write({ ...ARGO, extraFiles: { 'report/placement.txt': 'ok\n' } });
    expect(fs.readFileSync(path.join(outdir, 'report/placement.txt'), 'utf8')).toBe('ok\n');
  });
});

describe('Argo CD Applications (argoproj.io/v1alpha1)', () => {
  test('required fields of the CRD (metadata, spec.project, spec.destination, spec.source.repoURL) and sync waves', () => {
    const { outdir } = write(ARGO);
    const apps = ['cilium', 'ebs-csi', 'dcgm', 'logging'].map((a) => docs(path.join(outdir, `clusters/prod/${a}.yaml`))[0]);
    expect(apps.map((a) => [a.metadata.name, a.metadata.annotations['argocd.argoproj.io/sync-wave']])).toEqual([
      ['prod-cilium', '-2'],
      ['prod-ebs-csi', '-1'],
      ['prod-dcgm', '0'],
      ['prod-logging', '0'],
    ]);
    for (const a of apps) {
      expect(a.apiVersion).toBe('argoproj.io/v1alpha1');
      expect(a.kind).toBe('Application');
      expect(a.metadata.namespace).toBe('argocd');
      expect(a.spec.project).toBe('default');
      expect(a.spec.destination).toEqual({ server: 'https://kubernetes.default.svc' });
      expect(a.spec.source.repoURL).toBe('https://git.example.com/platform.git');
      expect(a.spec.source.targetRevision).toBe('HEAD');
      expect(a.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    }
    expect(apps[0].spec.source.path).toBe('dist/apps/cilium');
  });

  test('options: namespace, project, destination, revision', () => {
    const { outdir } = write({ ...ARGO, argoNamespace: 'gitops', argoProject: 'platform', destinationServer: 'https://10.0.0.1:6443', targetRevision: 'main', repoPath: '' });
    const a = docs(path.join(outdir, 'clusters/prod/logging.yaml'))[0];
    expect(a.metadata.namespace).toBe('gitops');
    expect(a.spec.project).toBe('platform');
    expect(a.spec.destination.server).toBe('https://10.0.0.1:6443');
    expect(a.spec.source).toEqual({ repoURL: 'https://git.example.com/platform.git', targetRevision: 'main', path: 'apps/logging' });
  });
});

describe('Flux Kustomizations (kustomize.toolkit.fluxcd.io/v1)', () => {
  test('required fields of the CRD (spec.interval, spec.prune, spec.sourceRef.kind/name) and dependsOn in CNI → CSI → rest order', () => {
    const { outdir } = write(FLUX);
    const ks = ['cilium', 'ebs-csi', 'dcgm', 'logging'].map((a) => docs(path.join(outdir, `clusters/prod/${a}.yaml`))[0]);
    for (const k of ks) {
      expect(k.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
      expect(k.kind).toBe('Kustomization');
      expect(k.metadata.namespace).toBe('flux-system');
      expect(k.spec.interval).toBe('10m');
      expect(k.spec.prune).toBe(true);
      expect(k.spec.sourceRef).toEqual({ kind: 'GitRepository', name: 'platform' });
    }
    expect(ks.map((k) => [k.metadata.name, k.spec.path, k.spec.dependsOn, k.spec.wait])).toEqual([
      ['prod-cilium', './dist/apps/cilium', undefined, true],
      ['prod-ebs-csi', './dist/apps/ebs-csi', [{ name: 'prod-cilium' }], true],
      ['prod-dcgm', './dist/apps/dcgm', [{ name: 'prod-cilium' }, { name: 'prod-ebs-csi' }], undefined],
      ['prod-logging', './dist/apps/logging', [{ name: 'prod-cilium' }, { name: 'prod-ebs-csi' }], undefined],
    ]);
  });

  test('options: namespace and interval', () => {
    const { outdir } = write({ ...FLUX, fluxNamespace: 'flux', fluxInterval: '1h30m' });
    const k = docs(path.join(outdir, 'clusters/prod/cilium.yaml'))[0];
    expect(k.metadata.namespace).toBe('flux');
    expect(k.spec.interval).toBe('1h30m');
  });
});

describe('kubectl kustomize builds every kustomization the library writes', () => {
  test.each([['Argo CD', ARGO], ['Flux', FLUX]])('%s', (_, options) => {
    const bin = kubectl();
    const { outdir, result } = write(options);
    expect(result.kustomizations).toHaveLength(5);
    for (const dir of result.kustomizations) {
      const built = execFileSync(bin, ['kustomize', dir], { encoding: 'utf8' });
      const objects = parseAllDocuments(built).map((d) => d.toJSON()).filter(Boolean);
      if (path.basename(path.dirname(dir)) === 'apps') {
        expect(objects.length).toBe(docs(path.join(dir, 'manifests.yaml')).length);
      } else {
        expect(objects.map((o) => o.kind)).toEqual(Array(4).fill(options.tool === GitOpsTool.ARGO_CD ? 'Application' : 'Kustomization'));
      }
    }
    expect(outdir).toBe(result.outdir);
  });
});

describe('GitOpsOutput: errors leave the output directory alone', () => {
  test.each<[string, Partial<GitOpsOptions>, string]>([
    ['Argo without a repository URL', { tool: GitOpsTool.ARGO_CD, repoUrl: undefined }, 'GitOpsOutput: repoUrl: Required value: Argo CD Applications need the Git repository URL (spec.source.repoURL)'],
    ['Flux without a source', { tool: GitOpsTool.FLUX, fluxSourceName: undefined }, 'GitOpsOutput: fluxSourceName: Required value: Flux Kustomizations need the name of the GitRepository they read (spec.sourceRef.name)'],
    ['a bad cluster name', { clusterName: 'Prod EU' }, 'GitOpsOutput: clusterName: Invalid value: "Prod EU"'],
    ['a repo path outside the repository', { repoPath: '../x' }, 'GitOpsOutput: repoPath: Invalid value: "../x": must be a path relative to the repository root, without ".."'],
    ['a bad interval', { tool: GitOpsTool.FLUX, fluxSourceName: 's', fluxInterval: '10 minutes' }, 'GitOpsOutput: fluxInterval: Invalid value: "10 minutes": must be a Go duration such as "10m" or "1h30m"'],
    ['an unknown tool', { tool: 'jenkins' as GitOpsTool }, 'GitOpsOutput: tool: Unsupported value: "jenkins": supported values: "argocd", "flux", "none"'],
    ['an extra file inside apps/', { extraFiles: { 'apps/x.yaml': '' } }, 'GitOpsOutput: extraFiles: "apps/x.yaml" would overwrite or mix with the generated apps/ and clusters/ trees; put it elsewhere'],
  ])('%s', (_, options, message) => {
    const outdir = path.join(root, 'dist');
    expect(() => GitOpsOutput.write(buildApp(), { ...ARGO, ...options, outdir })).toThrow(message);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('a chart that fails validation writes nothing, and an earlier tree survives', () => {
    const { outdir } = write(ARGO);
    const before = tree(outdir).map((f) => fs.readFileSync(path.join(outdir, f), 'utf8'));
    const app = buildApp();
    new NodeAgent(app.node.findChild('logging') as Chart, 'broken', { image: 'example.com/x:latest', resources: RESOURCES });
    expect(() => GitOpsOutput.write(app, { ...ARGO, outdir })).toThrow(/Validation failed/);
    expect(tree(outdir).map((f) => fs.readFileSync(path.join(outdir, f), 'utf8'))).toEqual(before);
  });

  test('two charts that map to the same app name', () => {
    const app = new App();
    const a = new Chart(app, 'Logging');
    new ApiObject(a, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    const b = new Chart(app, 'logging');
    new ApiObject(b, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } });
    expect(() => GitOpsOutput.write(app, { outdir: path.join(root, 'x') })).toThrow('GitOpsOutput: charts Logging and logging both become app "logging"; give them distinct ids');
  });
});
