/**
 * A new user on a fresh clone runs the README's "Command line" commands
 * verbatim. The clone is the files git hands out (tracked, and new files not
 * ignored), so there is no lib/ (that needs `npx projen compile`) and no dist/;
 * node_modules is this checkout's, standing for `npm ci`. `kubectl get` and
 * `helm template` have no cluster or chart here: small stand-ins on PATH print
 * the example's nodes, the fixture pods and a chart's manifests; every other
 * kubectl command is the real kubectl.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { kubectl } from '../input/kubectl-yaml-corpus';

const ROOT = path.join(__dirname, '..', '..');

/** The shell commands of the README's "Command line" section, in order, comments dropped. */
function readmeCommands(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Command line'), readme.indexOf('\n## ', readme.indexOf('## Command line') + 1));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((b) => b.split('\n')).map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

let clone: string;
let bin: string;
beforeAll(() => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fresh-clone-'));
  clone = path.join(tmp, 'cdk8s-node-agents');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    if (!fs.existsSync(path.join(ROOT, f))) continue; // deleted, not yet committed
    fs.mkdirSync(path.dirname(path.join(clone, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(clone, f));
    fs.chmodSync(path.join(clone, f), fs.statSync(path.join(ROOT, f)).mode);
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'));
  bin = path.join(tmp, 'bin');
  fs.mkdirSync(bin);
  const fixtures = path.join(ROOT, 'test', 'fixtures');
  fs.writeFileSync(path.join(bin, 'kubectl'), [
    '#!/bin/sh',
    `if [ "$*" = "get nodes -o json" ]; then exec cat ${path.join(ROOT, 'examples', 'nodes.json')}; fi`,
    `if [ "$*" = "get pods -A -o json" ]; then exec cat ${path.join(fixtures, 'pods', 'kubectl-pods.json')}; fi`,
    `if [ "$*" = "get priorityclasses,pdb -A -o json" ]; then exec cat ${path.join(ROOT, 'examples', 'priorities.json')}; fi`,
    `exec ${kubectl()} "$@"`,
    '',
  ].join('\n'), { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'helm'), `#!/bin/sh\nexec cat ${path.join(fixtures, 'dist', '0001-monitoring.k8s.yaml')}\n`, { mode: 0o755 });
  // The overlay the README pipes through kustomize: the example's monitoring app with a label.
  fs.mkdirSync(path.join(clone, 'overlays', 'prod'), { recursive: true });
  fs.writeFileSync(path.join(clone, 'overlays', 'prod', 'kustomization.yaml'),
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../../dist/apps/monitoring]\nlabels: [{pairs: {env: prod}}]\n');
}, 120_000);
afterAll(() => fs.rmSync(path.dirname(clone), { recursive: true, force: true }));

function shell(command: string) {
  return spawnSync('bash', ['-o', 'pipefail', '-c', command], {
    cwd: clone,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, NPM_CONFIG_UPDATE_NOTIFIER: 'false', NPM_CONFIG_FUND: 'false', npm_config_offline: 'true' },
  });
}

describe('the README\'s commands on a fresh clone (no lib/)', () => {
  test('the clone has no compiled lib/, and bin/ says how it runs', () => {
    expect(fs.existsSync(path.join(clone, 'lib'))).toBe(false);
    expect(fs.readFileSync(path.join(clone, 'bin', 'cdk8s-node-agents'), 'utf8')).toContain('ts-node');
  });

  test('npm run example, then every command of the Command line section, verbatim, exit 0', () => {
    const example = shell('npm run example');
    expect([example.status, example.stderr.split('\n').filter((l) => /error|Error/.test(l))]).toEqual([0, []]);
    expect(fs.existsSync(path.join(clone, 'dist', 'report', 'placement.json'))).toBe(true);

    const commands = readmeCommands();
    expect(commands).toEqual(expect.arrayContaining([
      'npx cdk8s-node-agents place --nodes examples/nodes.json --json dist/ > placement.json',
      'npx cdk8s-node-agents check dist/',
      'kubectl get nodes -o json | npx cdk8s-node-agents place --nodes - dist/',
      'helm template agents ./chart | npx cdk8s-node-agents check -',
    ]));
    const results = commands.map((command) => {
      const r = shell(command);
      return { command, status: r.status, stderr: r.stderr, stdout: r.stdout };
    });
    for (const r of results) expect({ command: r.command, status: r.status, stderr: r.stderr }).toEqual({ command: r.command, status: 0, stderr: '' });

    const byCommand = (prefix: string) => results.find((r) => r.command.startsWith(prefix))!;
    expect(byCommand('npx cdk8s-node-agents place --nodes nodes.json --pods pods.json dist/').stdout)
      .toContain('8 DaemonSets, 36 nodes: every DaemonSet can be scheduled on every node where it should run.');
    expect(JSON.parse(fs.readFileSync(path.join(clone, 'placement.json'), 'utf8')).daemonSets).toHaveLength(8);
    expect(byCommand('npx cdk8s-node-agents check dist/').stdout).toMatch(/\n46 objects: 0 errors, 0 warnings, \d+ notes(, \d+ silenced)?\n$/);
    expect(byCommand('kubectl get nodes -o json |').stdout).toBe(byCommand('npx cdk8s-node-agents place --nodes examples/nodes.json dist/').stdout);
    expect(byCommand('helm template').stdout).toContain('DaemonSet monitoring/node-exporter (<stdin> document 3)');
    expect(byCommand('kubectl kustomize').stdout).toMatch(/^DaemonSet monitoring\/node-exporter \(<stdin> document \d\)$/m);
  }, 600_000);
});
