/**
 * The package as users get it: built by the project's compile task (jsii,
 * into lib/) in a staging copy of the sources, `npm pack`ed, and installed
 * into a fresh directory beside cdk8s, cdk8s-plus-28 and constructs (the
 * versions this repository is tested with; `--prefer-offline`, so npm's
 * cache from `npm ci` serves them). There, README.md's first snippet is
 * type-checked against the installed declarations, run as plain commonjs
 * requiring 'cdk8s-node-agents' (nothing points into src/), and the
 * installed `cdk8s-node-agents` bin reads what it synthesized.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { extractSnippets, ROOT, toCommonJs, typeCheck } from './snippets';
import { LINTS_ENV } from '../../src/validation/chart-checks';

// jsii ~15 s, pack ~5 s, install ~10 s on this project's 2-core machines.
jest.setTimeout(300_000);

const PEERS = ['cdk8s', 'cdk8s-plus-28', 'constructs'];
/** What the package ships besides lib/ (.npmignore keeps the rest out). */
const SHIPPED = ['.jsii', 'LICENSE', 'README.md', 'bin/cdk8s-node-agents', 'package.json'];

/** The environment of every command: npm quiet, lints at a user's default level. */
function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, NPM_CONFIG_UPDATE_NOTIFIER: 'false', NPM_CONFIG_FUND: 'false', NPM_CONFIG_AUDIT: 'false' };
  delete e[LINTS_ENV];
  delete e.CDK8S_OUTDIR;
  return e;
}

function sh(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: env(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Runs a command that must succeed; its output otherwise becomes the error. */
function mustRun(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = sh(cmd, args, cwd);
  if (r.status !== 0) {
    throw new Error(`${[cmd, ...args].join(' ')} (in ${cwd}) exited ${r.status ?? r.signal}:\n${r.error?.message ?? ''}${r.stdout}\n${r.stderr}`);
  }
  return r;
}

/** The project's compile command (projen's `compile` task: jsii). */
function compileCommand(): string[] {
  const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8'));
  const steps = tasks.tasks.compile.steps as Array<{ exec?: string }>;
  if (steps.length !== 1 || !steps[0].exec) throw new Error(`.projen/tasks.json: the compile task is no longer one exec step: ${JSON.stringify(steps)}`);
  return steps[0].exec.split(/\s+/);
}

function installedVersion(pkg: string): string {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

let tmp: string;
let packed: { filename: string; files: Array<{ path: string }> };
let app: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-node-agents-pack-'));

  // A staging copy of what the package is built from, so lib/ is built from these sources
  // (a stale lib/ in the checkout never gets packed) and the checkout is not touched.
  const stage = path.join(tmp, 'stage');
  fs.mkdirSync(stage);
  for (const f of ['package.json', 'README.md', 'LICENSE', '.npmignore', 'tsconfig.json']) fs.copyFileSync(path.join(ROOT, f), path.join(stage, f));
  for (const d of ['src', 'bin']) fs.cpSync(path.join(ROOT, d), path.join(stage, d), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
  const [compiler, ...compileArgs] = compileCommand();
  mustRun(path.join(ROOT, 'node_modules', '.bin', compiler), compileArgs, stage);
  const pack = mustRun('npm', ['pack', '--json', '--pack-destination', tmp], stage);
  packed = JSON.parse(pack.stdout)[0];

  // A user's cdk8s app: the tarball and the peers, nothing else.
  app = path.join(tmp, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'readme-app', version: '0.0.0', private: true }, null, 2));
  mustRun('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(tmp, packed.filename), ...PEERS.map((p) => `${p}@${installedVersion(p)}`)], app);
  fs.copyFileSync(path.join(ROOT, 'examples', 'nodes.json'), path.join(app, 'nodes.json'));
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('the tarball holds the jsii build, the bin and the bundled yaml, and no sources', () => {
  const files = packed.files.map((f) => f.path);
  for (const f of [...SHIPPED, 'lib/index.js', 'lib/index.d.ts', 'lib/cli/main.js', 'lib/plugin/index.js', 'node_modules/yaml/package.json']) {
    expect(files).toContain(f);
  }
  expect(files.filter((f) => /^(src|test|examples|bench|\.ci|\.projen)\//.test(f))).toEqual([]);
  const jsii = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', 'cdk8s-node-agents', '.jsii'), 'utf8'));
  expect(jsii.name).toBe('cdk8s-node-agents');
  expect(Object.keys(jsii.types)).toContain('cdk8s-node-agents.Fleet');
});

describe("README.md's first snippet in the installed package", () => {
  const snippet = extractSnippets()[0];
  let main: SpawnSyncReturns<string>;

  beforeAll(() => {
    fs.writeFileSync(path.join(app, 'main.js'), toCommonJs(snippet));
    main = sh(process.execPath, ['main.js'], app);
  });

  test('is a complete program that requires the package by name', () => {
    expect(snippet.fragment).toBe(false);
    const js = fs.readFileSync(path.join(app, 'main.js'), 'utf8');
    expect(js).toContain('require("cdk8s-node-agents")');
    expect(js).not.toMatch(/src\//);
  });

  test('type-checks against the installed declarations', () => {
    const diagnostics = typeCheck([snippet], { dir: app }).get(snippet);
    expect(diagnostics).toEqual([]);
  });

  test('runs with node and synthesizes, printing nothing', () => {
    expect({ status: main.status, stderr: main.stderr, stdout: main.stdout }).toEqual({ status: 0, stderr: '', stdout: '' });
    const dist = path.join(app, 'dist');
    expect(fs.readdirSync(dist).sort()).toEqual(['cilium.k8s.yaml', 'logging.k8s.yaml', 'monitoring.k8s.yaml']);
    const objects = fs.readdirSync(dist).flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dist, f), 'utf8')).map((d) => d.toJSON()));
    expect(objects.filter((o) => o?.kind === 'DaemonSet').map((o) => o.metadata.name).sort()).toEqual(['cilium', 'fluent-bit', 'node-exporter']);
  });

  test('the installed bin answers --help and --version', () => {
    const help = sh('npx', ['--no', '--', 'cdk8s-node-agents', '--help'], app);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: cdk8s-node-agents <command> [options]');
    const version = sh('npx', ['--no', '--', 'cdk8s-node-agents', '--version'], app);
    expect(version.stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`);
  });

  test('the installed bin places what the snippet synthesized', () => {
    expect(main.status).toBe(0);
    const place = sh('npx', ['--no', '--', 'cdk8s-node-agents', 'place', '--nodes', 'nodes.json', '--json', 'dist/'], app);
    expect({ status: place.status, stderr: place.stderr }).toEqual({ status: 0, stderr: '' });
    const daemonSets: Array<{ name: string; desiredNumberScheduled: number }> = JSON.parse(place.stdout).daemonSets;
    expect(daemonSets.map((d) => d.name).sort()).toEqual(['cilium', 'fluent-bit', 'node-exporter']);
    for (const d of daemonSets) expect(d.desiredNumberScheduled).toBeGreaterThan(0);
  });
});
