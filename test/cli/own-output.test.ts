/**
 * The CLI on the library's own output: `npm run example` writes a GitOps tree
 * (apps/<app>/{manifests,kustomization}.yaml, clusters/<cluster>/, the marker
 * file .cdk8s-node-agents.json and report/placement.{txt,json,html}); `place`
 * and `check` on that directory must read exactly the manifests, by the
 * documented directory rule, and nothing else.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from './helpers';
import { main as runExample } from '../../examples/main';
import { CHECK_USAGE } from '../../src/cli/check';
import { PLACE_USAGE } from '../../src/cli/place';
import { DIRECTORY_RULE } from '../../src/input/load';

const ROOT = path.join(__dirname, '..', '..');
const NODES = path.join(ROOT, 'examples', 'nodes.json');
const APPS = ['cilium', 'ebs-csi', 'falco', 'logging', 'monitoring', 'nvidia-device-plugin'];

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'own-output-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.each(['argo', 'flux'] as const)('the example\'s dist/ (%s)', (gitops) => {
  let dist: string;
  beforeAll(() => {
    dist = path.join(tmp, gitops, 'dist');
    runExample({ outdir: dist, gitops });
  });

  test('the tree holds the files the rule must skip', () => {
    for (const f of ['.cdk8s-node-agents.json', 'apps/cilium/kustomization.yaml', 'clusters/prod-eu-west-1/kustomization.yaml', 'report/placement.json', 'report/placement.html']) {
      expect([f, fs.existsSync(path.join(dist, f))]).toEqual([f, true]);
    }
    expect(JSON.parse(fs.readFileSync(path.join(dist, 'report', 'placement.json'), 'utf8'))).toMatchObject({ apiVersion: 'cdk8s-node-agents.io/v1alpha1', kind: 'FleetReport' });
  });

  test('check dist/: every manifest and GitOps object, nothing else; exit 0', () => {
    const r = runCli(['check', '--json', 'dist'], path.dirname(dist));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const objects: Array<{ file: string; kind: string; errors: unknown[] }> = JSON.parse(r.stdout).objects;
    const files = [...new Set(objects.map((o) => o.file))].sort();
    expect(files).toEqual([
      ...APPS.map((a) => path.join('dist', 'apps', a, 'manifests.yaml')),
      ...APPS.map((a) => path.join('dist', 'clusters', 'prod-eu-west-1', `${a}.yaml`)),
    ].sort());
    expect(objects.filter((o) => o.kind === (gitops === 'argo' ? 'Application' : 'Kustomization')).map((o) => o.file).sort())
      .toEqual(APPS.map((a) => path.join('dist', 'clusters', 'prod-eu-west-1', `${a}.yaml`)).sort());
    expect(objects.flatMap((o) => o.errors)).toEqual([]);
    expect(objects.filter((o) => o.kind === 'DaemonSet')).toHaveLength(8);
  });

  test('place --nodes examples/nodes.json --json dist/: every DaemonSet, exit 0', () => {
    const r = runCli(['place', '--nodes', NODES, '--json', 'dist/'], path.dirname(dist));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const daemonSets: Array<{ namespace: string; name: string; nodes: unknown[] }> = JSON.parse(r.stdout).daemonSets;
    expect(daemonSets.map((d) => `${d.namespace}/${d.name}`)).toEqual([
      'falco/falco', 'kube-system/cilium', 'kube-system/ebs-csi-node', 'logging/log-collector', 'logging/log-collector-arm64',
      'logging/log-collector-gpu', 'monitoring/node-exporter', 'nvidia-device-plugin/nvidia-device-plugin',
    ]);
    expect(daemonSets.every((d) => d.nodes.length === 36)).toBe(true);
  });
});

describe('the rule is documented where users look', () => {
  test('place --help and check --help state it', () => {
    expect(PLACE_USAGE).toContain(DIRECTORY_RULE);
    expect(CHECK_USAGE).toContain(DIRECTORY_RULE);
  });

  test('the README states it', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(['```text', DIRECTORY_RULE, '```'].join('\n'));
  });
});
