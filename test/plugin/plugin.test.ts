/**
 * The cdk8s-cli validation plugin: unit behaviour with a fake context, then the
 * real `cdk8s synth` (node_modules/.bin/cdk8s) on a tiny app in a temp dir whose
 * cdk8s.yaml loads the plugin from a local path — no npm install, no network
 * (`--no-check-upgrade` skips the CLI's version check).
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringifyForKubectl } from '../../src/input/kubectl-yaml';
import { API_VALIDATION_RULE, NodeAgentsValidation, PluginContext, PluginViolation } from '../../src/plugin';

const ROOT = join(__dirname, '..', '..');
const APP = join(ROOT, 'test', 'fixtures', 'plugin-app', 'app.js');
const PLUGIN = join(ROOT, 'test', 'fixtures', 'plugin-app', 'plugin.js');
const CDK8S = join(ROOT, 'node_modules', '.bin', 'cdk8s');

let files: string;
beforeAll(() => { files = mkdtempSync(join(tmpdir(), 'cdk8s-node-agents-plugin-files-')); });
afterAll(() => { rmSync(files, { recursive: true, force: true }); });

/** A context whose one manifest file holds `objects` (as YAML kubectl reads back identically) or `text`. */
function fakeContext(objects: any[], text?: string) {
  const violations: PluginViolation[] = [];
  let submitted: { status: string; metadata?: Record<string, string> } | undefined;
  const manifest = join(mkdtempSync(join(files, 'dist-')), 'app.k8s.yaml');
  writeFileSync(manifest, text ?? objects.map((o) => stringifyForKubectl(o)).join('---\n'));
  const context: PluginContext = {
    manifests: [manifest],
    parseManifest: () => {
      throw new Error('the plugin reads manifests as kubectl does, not with cdk8s-cli\'s parseManifest');
    },
    report: {
      addViolation: (v) => violations.push(v),
      submit: (status, metadata) => { submitted = { status, metadata: metadata as Record<string, string> }; },
    },
    logger: { log: () => undefined },
  };
  return { context, violations, manifest, result: () => submitted };
}

const ds = (extra: Record<string, any> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'agents' },
  spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'img:1', ...extra }] } } },
});

describe('NodeAgentsValidation (fake context)', () => {
  test('apiserver errors fail the report; locations carry the apiserver message', async () => {
    const f = fakeContext([ds({ ports: [{ containerPort: 0 }] })]);
    await new NodeAgentsValidation().validate(f.context);
    expect(f.result()?.status).toBe('failure');
    const api = f.violations.find((v) => v.ruleName === API_VALIDATION_RULE);
    expect(api?.violatingResources).toEqual([{
      resourceName: 'agent',
      manifestPath: f.manifest,
      locations: ['DaemonSet/agents/agent: spec.template.spec.containers[0].ports[0].containerPort: Required value'],
    }]);
    expect(f.result()?.metadata).toEqual({ objects: '1', errors: '1', warnings: expect.any(String) });
  });

  test('warnings are reported but pass, unless failOnWarnings; ignore skips rules everywhere', async () => {
    const a = fakeContext([ds()]);
    await new NodeAgentsValidation().validate(a.context);
    expect(a.result()?.status).toBe('success');
    expect(a.violations.map((v) => v.ruleName)).toContain('missing-requests (warning)');

    const b = fakeContext([ds()]);
    await new NodeAgentsValidation({ failOnWarnings: true }).validate(b.context);
    expect(b.result()?.status).toBe('failure');

    const c = fakeContext([ds()]);
    await new NodeAgentsValidation({ includeWarnings: false, ignore: ['missing-requests'] }).validate(c.context);
    expect(c.violations).toEqual([]);
    expect(c.result()?.status).toBe('success');
  });

  test('files are read as kubectl reads them: a string written unquoted that YAML 1.1 reads as a number is an error', async () => {
    // What cdk8s' own YAML 1.1 writer produces for the annotation value "0o644": kubectl reads 420.
    const text = [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: cfg', '  namespace: agents', '  annotations:', '    example.com/mode: 0o644',
      'data:', '  hostNetwork: "yes"', '',
    ].join('\n');
    const f = fakeContext([], text);
    await new NodeAgentsValidation().validate(f.context);
    expect(f.result()?.status).toBe('failure');
    const api = f.violations.find((v) => v.ruleName === API_VALIDATION_RULE);
    expect(api?.violatingResources).toEqual([{
      resourceName: 'cfg',
      manifestPath: f.manifest,
      locations: ['ConfigMap/agents/cfg: metadata.annotations[example.com/mode]: Invalid value: 420: must be a string (quote numbers and booleans in YAML, e.g. "1.0" or "true")'],
    }]);
  });

  test('a file kubectl cannot read fails the report, naming the file; an empty file has no objects', async () => {
    const bad = fakeContext([], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {ratio: .inf}\n');
    await new NodeAgentsValidation().validate(bad.context);
    expect(bad.result()).toEqual({ status: 'failure', metadata: { objects: '0', errors: '1', warnings: '0' } });
    expect(bad.violations).toEqual([expect.objectContaining({
      ruleName: API_VALIDATION_RULE,
      violatingResources: [{
        resourceName: bad.manifest,
        manifestPath: bad.manifest,
        locations: [`${bad.manifest}: malformed YAML at line 4, column 15: json: unsupported value: +Inf (".inf" cannot be written as JSON); quote it if you mean a string`],
      }],
    })]);
    const empty = fakeContext([], '');
    await new NodeAgentsValidation().validate(empty.context);
    expect(empty.result()).toEqual({ status: 'success', metadata: { objects: '0', errors: '0', warnings: '0' } });
  });

  test('bad properties in cdk8s.yaml are reported clearly', () => {
    expect(() => new NodeAgentsValidation({ failOnWarning: true })).toThrow(
      'cdk8s-node-agents validation plugin: unknown properties "failOnWarning" in cdk8s.yaml; supported: failOnWarnings (boolean), includeWarnings (boolean), ignore (list of rule ids)');
    expect(() => new NodeAgentsValidation({ ignore: 'no-latest-tag' })).toThrow('properties.ignore in cdk8s.yaml must be a list of rule ids');
  });
});

describe('cdk8s synth with the plugin (real cdk8s-cli, offline)', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cdk8s-node-agents-plugin-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  function synth(variant: 'good' | 'bad' | 'yaml11') {
    writeFileSync(join(dir, 'cdk8s.yaml'), [
      'language: typescript',
      `app: node ${APP} ${variant}`,
      'validations:',
      `  - package: ${PLUGIN}`,
      '    class: NodeAgentsValidation',
      '    version: 0.0.0',
      '',
    ].join('\n'));
    return spawnSync(CDK8S, ['synth', '--no-check-upgrade', '--validation-reports-output-file', join(dir, 'reports.json')], {
      cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, npm_config_offline: 'true' },
    });
  }

  test('a bad DaemonSet fails synth with the apiserver message and the lint', () => {
    const p = synth('bad');
    expect(p.status).toBe(2);
    expect(p.stderr).toContain('Validation failed');
    expect(p.stdout).toContain('spec.template.spec.containers[0].ports[0].hostPort: Invalid value: 9101: must match `containerPort` when `hostNetwork` is true');
    expect(p.stdout).toContain('max-surge-with-host-port (error)');
    const reports = JSON.parse(readFileSync(join(dir, 'reports.json'), 'utf8')).reports;
    expect(reports[0].summary.status).toBe('failure');
    expect(reports[0].violations.map((v: any) => v.ruleName).sort()).toEqual([API_VALIDATION_RULE, 'max-surge-with-host-port (error)', 'no-latest-tag (error)']);
    // The construct path comes from cdk8s' construct metadata.
    expect(reports[0].violations[0].violatingConstructs[0]).toMatchObject({ constructPath: 'agents/exporter', resourceName: 'node-exporter' });
  });

  test('a string cdk8s writes unquoted and kubectl reads as a number fails synth', () => {
    const p = synth('yaml11');
    expect(p.status).toBe(2);
    // cdk8s wrote the annotation value "0o644" unquoted (its YAML 1.1 writer leaves it plain).
    expect(readFileSync(join(dir, 'dist', 'agents.k8s.yaml'), 'utf8')).toMatch(/^ {4}example\.com\/mode: 0o644$/m);
    expect(p.stdout).toContain('metadata.annotations[example.com/mode]: Invalid value: 420: must be a string');
  });

  test('a good DaemonSet passes', () => {
    const p = synth('good');
    expect(p.stderr).not.toContain('Validation failed');
    expect(p.status).toBe(0);
    expect(p.stdout).toContain('Validations ended succesfully');
  });
});
