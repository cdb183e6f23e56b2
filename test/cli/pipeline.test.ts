/**
 * The command line in a pipeline, run as a user runs it: the real entry point
 * (`main()`, which bin/cdk8s-node-agents calls) in a child process, with pipes,
 * `| head -c 100`, standard input from a pipe and from a file, a terminal on
 * stderr (`script` allocates one), and a bug.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES, runCli } from './helpers';
import { CliIo } from '../../src/cli/io';
import { ISSUES_URL, run } from '../../src/cli/main';
import { LoadProgressReporter } from '../../src/cli/progress';

const ROOT = path.join(__dirname, '..', '..');
const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
/** The CLI from the sources, as bin/cdk8s-node-agents runs them before a compile. */
const CLI_JS = `require(${JSON.stringify(require.resolve('ts-node'))}).register({ transpileOnly: true, skipProject: true, compilerOptions: { module: 'commonjs', target: 'es2022', esModuleInterop: true } });
if (process.env.BREAK_PLACE) require(${JSON.stringify(path.join(ROOT, 'src', 'cli', 'place.ts'))}).runPlace = () => { throw new TypeError(process.env.BREAK_PLACE); };
require(${JSON.stringify(path.join(ROOT, 'src', 'cli', 'main.ts'))}).main();`;
const NODES = path.join(FIXTURES, 'nodes', 'kubectl-nodes.json');
const DIST = path.join(FIXTURES, 'dist');

let tmp: string;
let cliFile: string;
/** Node inventories big enough that `place --json` writes far more than a pipe holds (64 KiB); in the second, no DaemonSet fits. */
let bigNodes: string;
let fullNodes: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-'));
  cliFile = path.join(tmp, 'cli.js');
  fs.writeFileSync(cliFile, CLI_JS);
  const template = JSON.parse(fs.readFileSync(NODES, 'utf8')).items[1];
  const items = Array.from({ length: 600 }, (_, i) => ({ ...template, metadata: { ...template.metadata, name: `worker-${i}`, labels: { ...template.metadata.labels, 'kubernetes.io/hostname': `worker-${i}` } } }));
  bigNodes = path.join(tmp, 'nodes.json');
  fs.writeFileSync(bigNodes, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  fullNodes = path.join(tmp, 'full-nodes.json');
  fs.writeFileSync(fullNodes, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: items.map((n) => ({ ...n, status: { ...n.status, allocatable: { ...n.status.allocatable, cpu: '1m' } } })) }));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function sh(script: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync('bash', ['-c', script], { cwd: tmp, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CLI: `node ${cliFile}`, ...env } });
}

describe('a closed standard output (| head -c 100) ends the program quietly', () => {
  test('place --json | head -c 100: the first 100 bytes, nothing on stderr, the status place would have had (0)', () => {
    const p = sh(`set -o pipefail; $CLI place --json --nodes ${bigNodes} ${DIST} 2>stderr.txt | head -c 100; echo " status=\${PIPESTATUS[0]}"`);
    expect(p.stdout).toMatch(/^\{\n {2}"daemonSets": \[\n/);
    expect(p.stdout.endsWith(' status=0\n')).toBe(true);
    expect(p.stdout.length).toBe(100 + ' status=0\n'.length);
    expect(fs.readFileSync(path.join(tmp, 'stderr.txt'), 'utf8')).toBe('');
    // It was a closed pipe indeed: the whole output is much larger than what head read and a pipe holds.
    expect(sh(`$CLI place --json --nodes ${bigNodes} ${DIST} | wc -c`).stdout.trim()).toMatch(/^\d{6,}$/);
  });

  test('with findings the status stays 1 (findings), not a crash', () => {
    const p = sh(`$CLI place --json --nodes ${fullNodes} ${DIST} 2>stderr.txt | head -c 100 >/dev/null; echo "status=\${PIPESTATUS[0]}"`);
    expect(p.stdout).toBe('status=1\n');
    expect(fs.readFileSync(path.join(tmp, 'stderr.txt'), 'utf8')).toBe('');
  });
});

describe('- reads standard input, once', () => {
  const fileRun = () => runCli(['place', '--json', '--nodes', NODES, DIST], ROOT);

  test('kubectl get nodes -o json | place --nodes - dist/: the same as from the file', () => {
    const p = sh(`cat ${NODES} | $CLI place --json --nodes - ${DIST}`);
    expect(p.stderr).toBe('');
    expect(p.status).toBe(fileRun().code);
    expect(p.stdout).toBe(fileRun().stdout);
  });

  test('a pipe left non-blocking (as npx leaves it), data arriving in two parts: read, not EAGAIN', () => {
    // perl sets O_NONBLOCK on the pipe and execs the CLI with it: fs.readFileSync(0) fails there with EAGAIN.
    const nonBlocking = "perl -MFcntl -e 'fcntl(STDIN, F_SETFL, fcntl(STDIN, F_GETFL, 0) | O_NONBLOCK) or die; exec @ARGV'";
    const p = sh(`(head -c 1000 ${NODES}; sleep 6; tail -c +1001 ${NODES}) | ${nonBlocking} node ${cliFile} place --json --nodes - ${DIST}`);
    expect(p.stderr).toBe('');
    expect(p.stdout).toBe(fileRun().stdout);
  });

  test('place --nodes - < nodes.json (stdin from a file), and --nodes=-', () => {
    const p = sh(`$CLI place --json --nodes=- ${DIST} < ${NODES}`);
    expect(p.stderr).toBe('');
    expect(p.stdout).toBe(fileRun().stdout);
  });

  test('helm template ... | check -: manifests from a pipe, named <stdin>', () => {
    const p = sh(`cat ${path.join(DIST, '0001-monitoring.k8s.yaml')} | $CLI check --json -`);
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    const objects = JSON.parse(p.stdout).objects;
    expect(objects.map((o: any) => `${o.file} ${o.kind}`)).toEqual(['<stdin> ServiceAccount', '<stdin> Service', '<stdin> DaemonSet']);
  });

  test('a problem in standard input names <stdin>', () => {
    const p = sh('printf \'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: x}\\ndata: {a: .inf}\\n\' | $CLI check -');
    expect(p.status).toBe(2);
    expect(p.stdout).toBe('');
    expect(p.stderr).toBe('cdk8s-node-agents check: <stdin>: malformed YAML at line 4, column 11: json: unsupported value: +Inf (".inf" cannot be written as JSON); quote it if you mean a string\n');
  });

  test.each([
    [['place', '--nodes', '-', '--pods', '-', 'dist'], 'cdk8s-node-agents place: standard input (-) can be read only once, but --nodes and --pods both name it; write one of them to a file'],
    [['place', '--nodes', '-', '-'], 'cdk8s-node-agents place: standard input (-) can be read only once, but --nodes and a manifest argument both name it; write one of them to a file'],
    [['check', '-', 'dist', '-'], 'cdk8s-node-agents check: standard input (-) can be read only once, but two manifest arguments name it'],
  ])('two inputs that both say - are a usage error: %j', (argv, first) => {
    const r = runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(first);
  });

  test('in-process: - reads the io\'s standard input', () => {
    const io = (stdin: Buffer): CliIo & { out: string[] } => {
      const out: string[] = [];
      return { cwd: ROOT, stdout: (t) => out.push(t), stderr: (t) => out.push(`ERR ${t}`), stdin: () => stdin, out };
    };
    const a = io(fs.readFileSync(NODES));
    expect(run(['place', '--json', '--nodes', '-', DIST], a)).toBe(fileRun().code);
    expect(a.out.join('')).toBe(fileRun().stdout);
  });
});

describe('progress of a long load: on a terminal only', () => {
  /** A pods file above the 64 MiB at which a file is announced before it is read. */
  function bigPods(): string {
    const file = path.join(tmp, 'pods.json');
    if (fs.existsSync(file)) return file;
    const pod = (i: number) => JSON.stringify({
      metadata: { name: `p-${i}`, namespace: 'default', annotations: { filler: 'x'.repeat(1000) } },
      spec: { nodeName: 'worker-a-1', containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '1m', memory: '1Mi' } } }] },
      status: { phase: 'Running' },
    });
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, '{"apiVersion": "v1", "kind": "List", "items": [');
    for (let i = 0; i < 55_000; i++) fs.writeSync(fd, `${i ? ',' : ''}${pod(i)}`);
    fs.writeSync(fd, ']}');
    fs.closeSync(fd);
    expect(fs.statSync(file).size).toBeGreaterThan(64 * 1024 * 1024);
    return file;
  }

  test('stderr not a terminal (a pipe): nothing on stderr', () => {
    const p = sh(`$CLI place --json --nodes ${NODES} --pods ${bigPods()} ${DIST} | head -c 1 >/dev/null; echo "status=\${PIPESTATUS[0]}"`);
    expect(p.stderr).toBe('');
    expect(p.stdout).toBe('status=1\n');
  }, 120_000);

  test('stderr a terminal: the big file is announced, the line is cleared before the output', () => {
    // script(1) runs the command on a pseudo-terminal; stdout goes to a file, stderr to the terminal.
    const out = path.join(tmp, 'tty-stdout.json');
    const p = spawnSync('script', ['-qec', `node ${cliFile} place --json --nodes ${NODES} --pods ${bigPods()} ${DIST} > ${out}`, '/dev/null'],
      { cwd: tmp, encoding: 'utf8', timeout: 120_000 });
    expect(p.status).toBe(1);
    expect(p.stdout).toMatch(/^\r\u001b\[Kreading .*pods\.json \(\d\d MB\)\.\.\./);
    expect(p.stdout.endsWith('\r\u001b[K')).toBe(true);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).daemonSets).toHaveLength(3);
  }, 120_000);

  test('object counts appear after a second, at most every 250 ms, and are cleared (clock under test)', () => {
    let clock = 0;
    const written: string[] = [];
    const r = new LoadProgressReporter((t) => written.push(t), { now: () => clock });
    r.file('pods.json', 10);
    r.objects('pods.json', 1000);
    clock = 1200;
    r.objects('pods.json', 2000);
    clock = 1300;
    r.objects('pods.json', 3000);
    clock = 1500;
    r.objects('pods.json', 4000);
    r.done();
    expect(written).toEqual(['\r\u001b[Kreading pods.json: 2,000 objects...', '\r\u001b[Kreading pods.json: 4,000 objects...', '\r\u001b[K']);
  });

  test('reading - from a terminal says it waits for input; from a pipe it says nothing', () => {
    const written: string[] = [];
    new LoadProgressReporter((t) => written.push(t), { stdinIsTTY: true }).file('<stdin>', -1);
    new LoadProgressReporter((t) => written.push(t), { stdinIsTTY: false }).file('<stdin>', -1);
    expect(written).toEqual(['\r\u001b[Kreading <stdin> from the terminal: paste or type, then press Ctrl-D']);
  });

  test('in-process with a terminal: the shortened thresholds show progress; without one, nothing', () => {
    const stderr: string[] = [];
    const io: CliIo = { cwd: ROOT, stdout: () => undefined, stderr: (t) => stderr.push(t), stderrIsTTY: true, progress: { minBytes: 1, delayMs: 0, intervalMs: 0 } };
    expect(run(['check', path.join(DIST, '0001-monitoring.k8s.yaml')], io)).toBe(0);
    expect(stderr[0]).toMatch(/^\r\u001b\[Kreading test\/fixtures\/dist\/0001-monitoring\.k8s\.yaml \(0 MB\)\.\.\.$/);
    expect(stderr).toContain('\r\u001b[Kreading test/fixtures/dist/0001-monitoring.k8s.yaml: 3 objects...');
    expect(stderr[stderr.length - 1]).toBe('\r\u001b[K');
    const quiet: string[] = [];
    expect(run(['check', path.join(DIST, '0001-monitoring.k8s.yaml')], { ...io, stderr: (t) => quiet.push(t), stderrIsTTY: false })).toBe(0);
    expect(quiet).toEqual([]);
  });
});

describe('an internal error (a bug) in the real process', () => {
  test('says so and how to report it, exit 3, no stack trace; CDK8S_NODE_AGENTS_DEBUG=1 adds it', () => {
    const p = sh(`$CLI place --nodes ${NODES} ${DIST}`, { BREAK_PLACE: 'simulated bug' });
    expect(p.status).toBe(3);
    expect(p.stdout).toBe('');
    expect(p.stderr).toBe('cdk8s-node-agents: internal error: simulated bug\n'
      + `  This is a bug in cdk8s-node-agents ${VERSION}, not a problem with your input. Please report it at ${ISSUES_URL}\n`
      + '  with the command line and, if you can, the input files (CDK8S_NODE_AGENTS_DEBUG=1 prints the stack trace).\n');
    const debug = sh(`$CLI place --nodes ${NODES} ${DIST}`, { BREAK_PLACE: 'simulated bug', CDK8S_NODE_AGENTS_DEBUG: '1' });
    expect(debug.status).toBe(3);
    expect(debug.stderr).toMatch(/\nTypeError: simulated bug\n {4}at /);
  });
});
