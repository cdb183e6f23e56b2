import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, runCli } from './helpers';
import { USAGE } from '../../src/cli/main';
import * as place from '../../src/cli/place';

const ROOT = path.join(__dirname, '..', '..');
const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

describe('cdk8s-node-agents', () => {
  test.each([['--help'], ['-h'], ['help']])('%s prints the usage on stdout, exit 0', (flag) => {
    expect(runCli([flag])).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  });

  test('--version prints the package version', () => {
    expect(runCli(['--version'])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  test('no command: usage on stderr, exit 2', () => {
    expect(runCli([])).toEqual({ code: 2, stdout: '', stderr: `cdk8s-node-agents: missing command\n\n${USAGE}` });
  });

  test('unknown command: usage on stderr, exit 2', () => {
    expect(runCli(['plase', '--nodes', 'x'])).toEqual({ code: 2, stdout: '', stderr: `cdk8s-node-agents: unknown command "plase"\n\n${USAGE}` });
  });

  test('unknown top-level flag: usage on stderr, exit 2', () => {
    expect(runCli(['--verbose', 'place'])).toEqual({ code: 2, stdout: '', stderr: `cdk8s-node-agents: unknown option "--verbose"\n\n${USAGE}` });
  });

  test('a bug is one line on stderr, exit 2, no stack trace', () => {
    const spy = jest.spyOn(place, 'runPlace').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'spec')");
    });
    try {
      expect(runCli(['place', '--nodes', 'x', 'y'])).toEqual({
        code: 2,
        stdout: '',
        stderr: "cdk8s-node-agents: internal error: Cannot read properties of undefined (reading 'spec')"
          + ' (set CDK8S_NODE_AGENTS_DEBUG=1 for details; please report it with your input files)\n',
      });
    } finally {
      spy.mockRestore();
    }
  });

  test('the usage names both commands', () => {
    expect(USAGE).toMatch(/^ {2}place {3}/m);
    expect(USAGE).toMatch(/^ {2}check {3}/m);
  });
});

describe('the installed command (child process)', () => {
  // The real entry point, main(), reading process.argv and setting process.exitCode.
  const script = "require('ts-node').register({ transpileOnly: true }); require('./src/cli/main').main(process.argv.slice(1));";

  function spawnCli(args: string[]) {
    return spawnSync(process.execPath, ['-e', script, '--', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  }

  test('place --json: exit 1, the same JSON as in-process, nothing on stderr', () => {
    const args = ['place', '--json', '--nodes', path.join(FIXTURES, 'nodes', 'kubectl-nodes.json'),
      '--pods', path.join(FIXTURES, 'pods', 'kubectl-pods.json'), path.join(FIXTURES, 'dist')];
    const child = spawnCli(args);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(1);
    const inProcess = runCli(args, ROOT);
    expect(child.stdout).toBe(inProcess.stdout);
    expect(JSON.parse(child.stdout).daemonSets).toHaveLength(3);
  });

  test('bad input: exit 2, one line on stderr, no stack trace, nothing on stdout', () => {
    const child = spawnCli(['place', '--nodes', path.join(FIXTURES, 'inputs', 'duplicate-nodes.yaml'), path.join(FIXTURES, 'dist')]);
    expect(child.status).toBe(2);
    expect(child.stdout).toBe('');
    expect(child.stderr).toBe(`cdk8s-node-agents place: ${path.join('test', 'fixtures', 'inputs', 'duplicate-nodes.yaml')}: document 3: metadata.name: duplicate Node "n1" (already defined at document 1)\n`);
  });
});
