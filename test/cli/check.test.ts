/**
 * `cdk8s-node-agents check`: in-process through `runCheck` (and once as a
 * child process), with the fixtures in
 * test/fixtures/validation/cli and the upstream agent manifests.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';
import { runCheck } from '../../src/cli/check';
import { CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../../src/cli/io';

const ROOT = join(__dirname, '..', '..');
const CLI = 'test/fixtures/validation/cli';

function check(...args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, cwd: ROOT };
  const code = runCheck(args, io);
  return { code, stdout, stderr };
}

describe('check --json', () => {
  test('the documented shape, one entry per object, podSecurityLevel only for pod-bearing kinds', () => {
    const r = check('--json', `${CLI}/good.yaml`);
    expect(r.code).toBe(EXIT_OK);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc).toEqual({
      objects: [
        { file: `${CLI}/good.yaml`, apiVersion: 'v1', kind: 'Namespace', namespace: '', name: 'agents', errors: [], warnings: [], lints: [] },
        {
          file: `${CLI}/good.yaml`,
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          namespace: 'agents',
          name: 'agent',
          errors: [],
          warnings: [],
          lints: [{
            rule: 'missing-cpu-limit',
            severity: 'info',
            field: 'spec.template.spec.containers[0].resources.limits',
            message: 'container "agent" has no cpu limit (kube-score and Polaris flag this; most agent charts leave it unset to avoid throttling)',
            silenced: true,
            silencedBy: 'annotation cdk8s-node-agents.io/ignore',
          }],
          podSecurityLevel: 'restricted',
        },
      ],
    });
    expect(r.stdout.endsWith('}\n')).toBe(true);
  });

  test('errors exit 1 and list field and message', () => {
    const r = check('--json', `${CLI}/bad.yaml`);
    expect(r.code).toBe(EXIT_FINDINGS);
    const [ds] = JSON.parse(r.stdout).objects;
    expect(ds.errors.map((e: any) => [e.field, e.message])).toEqual([
      ['spec.template.spec.containers[0].resources.requests', 'spec.template.spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
      ['spec.template.spec.containers[0].ports[0].hostPort', 'spec.template.spec.containers[0].ports[0].hostPort: Invalid value: 9101: must match `containerPort` when `hostNetwork` is true'],
      ['spec.updateStrategy.rollingUpdate.maxSurge', 'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero'],
    ]);
    expect(ds.lints.filter((l: any) => l.severity === 'error').map((l: any) => l.rule)).toEqual(['max-surge-with-host-port']);
    expect(ds.podSecurityLevel).toBe('privileged');
  });

  test('the upstream agent manifests check clean (exit 0)', () => {
    const r = check('--json', 'test/fixtures/validation/upstream');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT_OK);
    const objects = JSON.parse(r.stdout).objects;
    expect(objects.filter((o: any) => o.kind === 'DaemonSet').map((o: any) => o.name).sort()).toEqual([
      'calico-node', 'cilium', 'ebs-csi-node', 'falco', 'fluent-bit', 'kube-flannel-ds', 'node-exporter', 'nvidia-device-plugin-daemonset',
    ]);
    expect(objects.flatMap((o: any) => o.errors)).toEqual([]);
  });
});

describe('check (text)', () => {
  test('one block per object, errors first, then warnings, notes and silenced lints, and a summary', () => {
    const r = check(`${CLI}/bad.yaml`, `${CLI}/good.yaml`);
    expect(r.code).toBe(EXIT_FINDINGS);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`DaemonSet monitoring/exporter (${CLI}/bad.yaml)`);
    expect(lines[1]).toBe('  pod security: privileged');
    const kinds = lines.slice(2, lines.indexOf('')).map((l) => l.trim().split(/\s+/)[0]);
    expect(kinds).toEqual([...kinds].sort((a, b) => ['error', 'warning', 'info', 'silenced'].indexOf(a) - ['error', 'warning', 'info', 'silenced'].indexOf(b)));
    expect(kinds.filter((k) => k === 'error')).toHaveLength(4);
    expect(r.stdout).toContain(`Namespace agents (${CLI}/good.yaml document 1)\n  ok\n`);
    expect(r.stdout).toContain('  silenced [missing-cpu-limit] ');
    expect(lines[lines.length - 2]).toMatch(/^3 objects: 4 errors, \d+ warnings, \d+ notes, 1 silenced$/);
  });
});

describe('check: unusable input and usage errors exit 2 with nothing on stdout', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['a field with the wrong type', [`${CLI}/type-error.yaml`],
      /^cdk8s-node-agents check: test\/fixtures\/validation\/cli\/type-error.yaml: spec.template.spec.containers\[0\].ports\[0\].containerPort: must be an integer, got "8080" \(DaemonSet "agent" cannot be decoded\)\n$/],
    ['a quantity the apiserver cannot decode (the parse error quotes the value once)', [`${CLI}/bad-quantity.yaml`],
      /^cdk8s-node-agents check: test\/fixtures\/validation\/cli\/bad-quantity.yaml: spec.template.spec.containers\[0\].resources.requests\[memory\]: invalid quantity "64MB": quantities must match the regular expression '\^\(\[\+-\]\?\[0-9\.\]\+\)\(\[eEinumkKMGTP\]\*\[-\+\]\?\[0-9\]\*\)\$' \(a quantity is .*\) \(DaemonSet "agent" cannot be decoded\)\n$/],
    ['malformed YAML', [`${CLI}/malformed.yaml`], /^cdk8s-node-agents check: test\/fixtures\/validation\/cli\/malformed.yaml: malformed YAML at line \d+, column \d+: /],
    ['a missing file', [`${CLI}/nope.yaml`], /^cdk8s-node-agents check: test\/fixtures\/validation\/cli\/nope.yaml: /],
    ['no manifest', [], /^cdk8s-node-agents check: missing manifest file or directory\n\nUsage: cdk8s-node-agents check/],
    ['an unknown option', ['--yaml', `${CLI}/good.yaml`], /^cdk8s-node-agents check: unknown option "--yaml"\n/],
    ['--json with a value', ['--json=true', `${CLI}/good.yaml`], /^cdk8s-node-agents check: option --json takes no value\n/],
  ];
  test.each(cases)('%s', (_name, args, stderr) => {
    const r = check(...args);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(stderr);
  });

  test('--help prints the usage and exits 0', () => {
    const r = check('--help');
    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout).toMatch(/^Usage: cdk8s-node-agents check \[--json\] <manifest file or dir>\.\.\./);
  });
});

describe('check as a child process', () => {
  test('exit code and output reach the process', () => {
    const script = "require('ts-node').register({ transpileOnly: true });"
      + "const { runCheck } = require('./src/cli/check'); const { processIo } = require('./src/cli/io');"
      + 'process.exitCode = runCheck(process.argv.slice(1), processIo());';
    const p = spawnSync(process.execPath, ['-e', script, `${CLI}/bad.yaml`], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(p.status).toBe(EXIT_FINDINGS);
    expect(p.stdout).toContain('error    [max-surge-with-host-port] spec.updateStrategy.rollingUpdate.maxSurge: maxSurge is 1');
  });
});
