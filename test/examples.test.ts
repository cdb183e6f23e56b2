/**
 * The example (examples/main.ts) run in-process into a temporary directory,
 * for Argo CD and for Flux: every file is there, and the report shows a
 * verdict for every agent × pool.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { CLUSTER_NAME, main, parseArgs } from '../examples/main';

jest.setTimeout(120_000);

const APPS = ['cilium', 'ebs-csi', 'falco', 'logging', 'monitoring', 'nvidia-device-plugin'];
const AGENTS = ['cilium', 'ebs-csi-node', 'log-collector', 'node-exporter', 'falco', 'nvidia-device-plugin'];
const POOLS = ['control-plane', 'general-amd64', 'general-arm64', 'gpu', 'storage', 'edge', 'spot', 'windows'];

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function docs(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJSON()).filter(Boolean);
}

describe.each([
  ['argo', 'Application', 'argoproj.io/v1alpha1'],
  ['flux', 'Kustomization', 'kustomize.toolkit.fluxcd.io/v1'],
] as const)('npm run example -- --gitops %s', (tool, kind, apiVersion) => {
  let result: ReturnType<typeof main>;
  let outdir: string;

  beforeAll(() => {
    outdir = path.join(tmp, tool);
    result = main({ outdir, gitops: tool });
  });

  test('writes the apps, the cluster objects and the report', () => {
    const rel = result.files.map((f) => path.relative(outdir, f));
    expect(result.apps).toEqual(['cilium', 'ebs-csi', 'falco', 'logging', 'monitoring', 'nvidia-device-plugin']);
    expect(rel).toEqual([
      ...APPS.flatMap((a) => [`apps/${a}/kustomization.yaml`, `apps/${a}/manifests.yaml`]),
      ...[...APPS, 'kustomization'].sort().map((a) => `clusters/${CLUSTER_NAME}/${a}.yaml`),
      'report/placement.html',
      'report/placement.json',
      'report/placement.txt',
    ]);
    const objects = APPS.map((a) => docs(path.join(outdir, 'apps', a, 'manifests.yaml')));
    expect(objects.flat().filter((o) => o.kind === 'DaemonSet').map((o) => o.metadata.name).sort()).toEqual([
      'cilium', 'ebs-csi-node', 'falco', 'log-collector', 'log-collector-arm64', 'log-collector-gpu', 'node-exporter', 'nvidia-device-plugin',
    ]);
  });

  test(`the cluster directory holds one ${kind} per app, CNI first`, () => {
    const objs = APPS.map((a) => docs(path.join(outdir, 'clusters', CLUSTER_NAME, `${a}.yaml`))[0]);
    for (const o of objs) {
      expect(o.apiVersion).toBe(apiVersion);
      expect(o.kind).toBe(kind);
    }
    const byName = new Map(objs.map((o) => [o.metadata.name, o]));
    if (tool === 'argo') {
      expect(byName.get(`${CLUSTER_NAME}-cilium`).metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-2');
      expect(byName.get(`${CLUSTER_NAME}-ebs-csi`).metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
      expect(byName.get(`${CLUSTER_NAME}-logging`).metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
    } else {
      expect(byName.get(`${CLUSTER_NAME}-cilium`).spec.dependsOn).toBeUndefined();
      expect(byName.get(`${CLUSTER_NAME}-ebs-csi`).spec.dependsOn).toEqual([{ name: `${CLUSTER_NAME}-cilium` }]);
      expect(byName.get(`${CLUSTER_NAME}-falco`).spec.dependsOn).toEqual([{ name: `${CLUSTER_NAME}-cilium` }, { name: `${CLUSTER_NAME}-ebs-csi` }]);
    }
  });

  test('the report shows a verdict for every agent × pool; the only findings are preemption warnings', () => {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'report', 'placement.json'), 'utf8'));
    expect(json.pools.map((p: any) => p.name)).toEqual(POOLS);
    expect(json.agents.map((a: any) => a.name)).toEqual(AGENTS);
    expect(json.cells).toHaveLength(AGENTS.length * POOLS.length);
    for (const a of AGENTS) {
      for (const p of POOLS) {
        const cell = json.cells.find((c: any) => c.agent === a && c.pool === p);
        expect(cell?.verdict).toMatch(/^(runs|pending: .+|excluded: .+|\d+ of \d+)$/);
      }
    }
    // Beside the running pods (examples/pods.json): the training jobs leave 400Mi on two GPU nodes.
    const evicts = (agent: string) => `${agent} would evict 2 pods on 2 gpu nodes (ml/train-llm-0, ml/train-llm-1) to make room for its pods (preemption: their priority is lower)`;
    expect(json.findings).toEqual([
      { check: 'preemption', severity: 'warning', agent: 'cilium', pools: ['gpu'], message: evicts('cilium') },
      { check: 'preemption', severity: 'warning', agent: 'falco', pools: ['gpu'], message: evicts('falco') },
    ]);
    expect(json.workload.map((g: any) => [g.agent, g.pool, g.outcome, g.nodeNames.length, g.victims])).toEqual([
      ['cilium', 'gpu', 'evicts', 2, ['ml/train-llm-0', 'ml/train-llm-1']],
      ['falco', 'gpu', 'evicts', 2, ['ml/train-llm-0', 'ml/train-llm-1']],
    ]);
    const verdict = (a: string, p: string) => json.cells.find((c: any) => c.agent === a && c.pool === p);
    // Linux agents never land on Windows.
    for (const a of AGENTS) expect(verdict(a, 'windows').kind).toBe('excluded');
    // The CNI runs everywhere Linux, control plane and the NotReady node included.
    for (const p of POOLS.slice(0, -1)) expect(verdict('cilium', p).verdict).toBe('runs');
    // The GPU plugin only on GPU nodes; the log collector's variants where they belong.
    expect(POOLS.filter((p) => verdict('nvidia-device-plugin', p).kind === 'runs')).toEqual(['gpu']);
    expect(verdict('log-collector', 'gpu').variants).toEqual(['gpu']);
    expect(verdict('log-collector', 'general-arm64').variants).toEqual(['arm64']);
    expect(verdict('log-collector', 'edge').variants).toEqual(['default']);
    expect(result.reportJson).toBe(fs.readFileSync(path.join(outdir, 'report', 'placement.json'), 'utf8'));
  });

  test('the text report has a row per agent with a column per pool', () => {
    const text = result.reportText;
    expect(text).toBe(fs.readFileSync(path.join(outdir, 'report', 'placement.txt'), 'utf8'));
    const header = text.split('\n').find((l) => l.trim().startsWith('agent '))!;
    for (const p of POOLS) expect(header).toContain(p);
    for (const a of AGENTS) {
      const row = text.split('\n').find((l) => l.trim().startsWith(`${a} `))!;
      expect(row).toBeDefined();
      expect(row.trim().split(/\s{2,}/)).toHaveLength(1 + POOLS.length);
    }
    expect(text).toContain([
      'Beside the running pods (preemption: the scheduler evicts lower-priority pods to make room):',
      '  cilium would evict 2 pods on 2 gpu nodes (ml/train-llm-0, ml/train-llm-1)',
      '  falco would evict 2 pods on 2 gpu nodes (ml/train-llm-0, ml/train-llm-1)',
      '',
      'Findings (2):',
    ].join('\n'));
  });
});

describe('command line', () => {
  test('defaults, flags and errors', () => {
    expect(parseArgs([], '/out')).toEqual({ gitops: 'argo', outdir: '/out', inventory: undefined });
    expect(parseArgs(['--gitops', 'flux', '--outdir=/x'], '/out')).toEqual({ gitops: 'flux', outdir: '/x', inventory: undefined });
    expect(() => parseArgs(['--gitops', 'jenkins'], '/out')).toThrow('--gitops: unknown tool "jenkins"; use argo, flux or none');
    expect(() => parseArgs(['--outdir'], '/out')).toThrow('--outdir needs a value');
    expect(() => parseArgs(['-x'], '/out')).toThrow('unknown argument "-x"; usage: npm run example -- [--gitops argo|flux|none] [--outdir DIR] [--inventory nodes.json]');
  });

  test('a second run replaces the generated tree and keeps what it did not write', () => {
    const outdir = path.join(tmp, 'rerun');
    main({ outdir, gitops: 'argo' });
    fs.mkdirSync(path.join(outdir, 'js'));
    fs.writeFileSync(path.join(outdir, 'js', 'package.tgz'), 'x');
    main({ outdir, gitops: 'flux' });
    expect(fs.existsSync(path.join(outdir, 'js', 'package.tgz'))).toBe(true);
    expect(docs(path.join(outdir, 'clusters', CLUSTER_NAME, 'cilium.yaml'))[0].kind).toBe('Kustomization');
  });
});
