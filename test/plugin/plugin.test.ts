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
import { API_VALIDATION_RULE, NodeAgentsValidation, PluginContext, PluginViolation } from '../../src/plugin';

const ROOT = join(__dirname, '..', '..');
const APP = join(ROOT, 'test', 'fixtures', 'plugin-app', 'app.js');
const PLUGIN = join(ROOT, 'test', 'fixtures', 'plugin-app', 'plugin.js');
const CDK8S = join(ROOT, 'node_modules', '.bin', 'cdk8s');

function fakeContext(objects: any[]) {
  const violations: PluginViolation[] = [];
  let submitted: { status: string; metadata?: Record<string, string> } | undefined;
  const context: PluginContext = {
    manifests: ['dist/app.k8s.yaml'],
    parseManifest: () => objects,
    report: {
      addViolation: (v) => violations.push(v),
      submit: (status, metadata) => { submitted = { status, metadata: metadata as Record<string, string> }; },
    },
    logger: { log: () => undefined },
  };
  return { context, violations, result: () => submitted };
}

const ds = (extra: Record<string, any> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'agents' },
  spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'img:1', ...extra }] } } },
});

describe('NodeAgentsValidation (fake context)', () => {
  test('apiserver errors fail the report; locations carry the apiserver message', async () => {
    const f = fakeContext([ds({ ports: [{ containerPort: 0 }] }), null]);
    await new NodeAgentsValidation().validate(f.context);
    expect(f.result()?.status).toBe('failure');
    const api = f.violations.find((v) => v.ruleName === API_VALIDATION_RULE);
    expect(api?.violatingResources).toEqual([{
      resourceName: 'agent',
      manifestPath: 'dist/app.k8s.yaml',
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

  function synth(variant: 'good' | 'bad') {
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

  test('a good DaemonSet passes', () => {
    const p = synth('good');
    expect(p.stderr).not.toContain('Validation failed');
    expect(p.status).toBe(0);
    expect(p.stdout).toContain('Validations ended succesfully');
  });
});
