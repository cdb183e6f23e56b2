/**
 * What the GitOps writer emits reads back identically as kubectl reads YAML
 * (go-yaml v2 via sigs.k8s.io/yaml): the `yaml` package's own YAML 1.1 output
 * leaves `0o644`, `+0o7`, `0b-1`, `0B11` and a `<<` key unquoted, which kubectl
 * would read as numbers or a merge. Checked with this package's kubectl-faithful
 * reader and with kubectl itself.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { stringify } from 'yaml';
import { NodeAgent } from '../../src/agent/node-agent';
import { GitOpsOutput, GitOpsTool } from '../../src/gitops/gitops';
import { parseKubectlYaml, stringifyForKubectl } from '../../src/input/kubectl-yaml';
import { kubectl, splitJsonValues } from '../input/kubectl-yaml-corpus';

/** Strings kubectl reads as something else when written plain, and some it does not. */
const TRICKY = ['0o644', '+0o7', '0b-1', '0B11', '0X1f', '+1.5e3_0', '<<', 'yes', 'on', 'y', 'n', '~', 'null', '', '0644', '08', '1_000',
  '1:30', '2001-12-14', '1e3', '.5', '0x_1F', '12_', '.inf', '1e400', 'true', 'False', 'agent', '100m', 'a: b', '- x', '#c', 'multi\nline\n'];

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-round-trip-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** The objects as JSON has them (cdk8s' toJson() keeps a null in a list as undefined). */
function asJson(objects: unknown[]): any[] {
  return JSON.parse(JSON.stringify(objects));
}

function trickyApp(): { app: App; chart: Chart } {
  const app = new App({ outdir: path.join(root, 'unused') });
  const chart = new Chart(app, 'tricky', { namespace: 'agents' });
  const data: Record<string, string> = {};
  TRICKY.forEach((s, i) => {
    data[`k${i}`] = s;
  });
  new ApiObject(chart, 'values', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'values', annotations: { 'example.com/mode': '0o644', 'example.com/on': 'on' } }, data } as any);
  const keyed: Record<string, unknown> = {};
  TRICKY.filter((s) => !s.includes('\n')).forEach((s, i) => {
    keyed[s] = i % 3 === 0 ? i : i % 3 === 1 ? s : i % 2 === 0;
  });
  new ApiObject(chart, 'keys', { apiVersion: 'example.com/v1', kind: 'Settings', metadata: { name: 'keys' }, spec: { keyed, numbers: [0, -1, 420, 0.5, 1e21, 2 ** 53], flags: [true, false, null] } } as any);
  new NodeAgent(chart, 'agent', { image: 'example.com/agent:1.0.0', resources: { cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: '256Mi' } });
  return { app, chart };
}

describe('the GitOps writer, read back as kubectl reads YAML', () => {
  test('the yaml package alone would not round-trip (why the writer quotes more)', () => {
    const plain = stringify({ mode: '0o644', merge: { '<<': 'x' } }, { version: '1.1' });
    expect(parseKubectlYaml.bind(null, plain)).toThrow('map merge requires map or sequence of maps as the value');
    expect(parseKubectlYaml(stringify({ mode: '0o644' }, { version: '1.1' }))[0].value).toEqual({ mode: 420 });
  });

  test.each([GitOpsTool.ARGO_CD, GitOpsTool.FLUX, GitOpsTool.NONE])('%s: every written object reads back identically', (tool) => {
    const { app, chart } = trickyApp();
    const outdir = path.join(root, `out-${tool}`);
    GitOpsOutput.write(app, { outdir, tool, clusterName: 'prod', repoUrl: 'https://git.example.com/p.git', fluxSourceName: 'p' });
    const manifests = fs.readFileSync(path.join(outdir, 'apps', 'tricky', 'manifests.yaml'), 'utf8');
    expect(parseKubectlYaml(manifests).map((d) => d.value)).toEqual(asJson(chart.toJson()));
    // Every other file the writer produced is stable under read-then-write.
    const files: string[] = [];
    const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.yaml')) files.push(full);
    });
    walk(outdir);
    expect(files.length).toBeGreaterThanOrEqual(tool === GitOpsTool.NONE ? 2 : 4);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      expect([file, parseKubectlYaml(text).map((d) => stringifyForKubectl(d.value)).join('---\n')]).toEqual([file, text]);
    }
  });

  test('kubectl itself reads the written manifests as the chart\'s objects', () => {
    const { app, chart } = trickyApp();
    const outdir = path.join(root, 'out-kubectl');
    GitOpsOutput.write(app, { outdir, tool: GitOpsTool.NONE });
    const out = execFileSync(kubectl(), ['annotate', '--local', '-f', path.join(outdir, 'apps', 'tricky', 'manifests.yaml'), 'x=y', '-o', 'json'], { encoding: 'utf8' });
    const want = asJson(chart.toJson()).map((o: any) => ({ ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, x: 'y' } } }));
    expect(splitJsonValues(out)).toEqual(want);
  });

  test('any object of tricky strings, numbers and booleans round-trips (checked here and by kubectl)', () => {
    const scalar = fc.oneof(
      fc.constantFrom(...TRICKY),
      fc.stringOf(fc.constantFrom('0', '1', '7', '8', 'o', 'O', 'x', 'b', 'B', 'e', 'E', '_', '.', ':', '-', '+', 'y', 'n', '~', '<', 'f', ' ', 'a'), { maxLength: 8 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const key = fc.oneof(fc.constantFrom(...TRICKY.filter((s) => s !== '')), fc.stringOf(fc.constantFrom('0', '1', 'o', 'x', 'b', '_', '.', '-', '+', 'y', 'n', '<'), { minLength: 1, maxLength: 6 }));
    const objects = fc.sample(fc.dictionary(key, fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(key, scalar, { maxKeys: 3 })), { maxKeys: 6 }), { numRuns: 300, seed: 13 });
    const docs = objects.map((spec, i) => ({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: `t${i}` }, spec }));
    const text = docs.map((d) => stringifyForKubectl(d)).join('---\n');
    expect(parseKubectlYaml(text).map((d) => d.value)).toEqual(docs);
    const file = path.join(root, 'property.yaml');
    fs.writeFileSync(file, text);
    const out = execFileSync(kubectl(), ['annotate', '--local', '-f', file, 'x=y', '-o', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(splitJsonValues(out)).toEqual(docs.map((d) => ({ ...d, metadata: { ...d.metadata, annotations: { x: 'y' } } })));
  });
});
