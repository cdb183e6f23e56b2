import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, runCli } from './helpers';
import { CHECK_USAGE } from '../../src/cli/check';
import { EXIT_STATUS_COMMON } from '../../src/cli/io';
import { ISSUES_URL, USAGE } from '../../src/cli/main';
import { PLACE_USAGE } from '../../src/cli/place';
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

  // The message changed from one line ending in "(set CDK8S_NODE_AGENTS_DEBUG=1 for details; please report it with
  // your input files)" to two lines that say it is a bug, where to report it and with what; the exit code from 2
  // (which means unusable input) to 3, a code of its own.
  test('a bug says so and how to report it, exit 3 (not 2, which means bad input), no stack trace', () => {
    const spy = jest.spyOn(place, 'runPlace').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'spec')");
    });
    try {
      expect(runCli(['place', '--nodes', 'x', 'y'])).toEqual({
        code: 3,
        stdout: '',
        stderr: "cdk8s-node-agents: internal error: Cannot read properties of undefined (reading 'spec')\n"
          + `  This is a bug in cdk8s-node-agents ${VERSION}, not a problem with your input. Please report it at ${ISSUES_URL}\n`
          + '  with the command line and, if you can, the input files (CDK8S_NODE_AGENTS_DEBUG=1 prints the stack trace).\n',
      });
    } finally {
      spy.mockRestore();
    }
  });

  test('the exit codes are documented in every --help', () => {
    for (const usage of [USAGE, PLACE_USAGE, CHECK_USAGE]) {
      expect(usage).toContain(EXIT_STATUS_COMMON);
      expect(usage).toMatch(/^Exit status: 0 /m);
    }
    expect(EXIT_STATUS_COMMON).toMatch(/^2 unusable input or usage error .*\n3 internal error/);
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
