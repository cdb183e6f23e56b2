/**
 * Every ```ts block of README.md, as written: type-checked against src (as
 * `cdk8s-node-agents`), then run as commonjs in a fresh working directory
 * holding examples/nodes.json as nodes.json (and the example's pods.json and
 * priorities.json), through a real `app.synth()`
 * into dist/ there. Fragments run inside test/readme/fixture.ts-fixture. A
 * snippet passes when it compiles, synthesizes, and prints nothing: no lint,
 * no apiserver warning (lints print at the default level, as for a user).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { extractSnippets, ROOT, Snippet, toCommonJs, typeCheck } from './snippets';
import * as library from '../../src';
import { LINTS_ENV } from '../../src/validation/chart-checks';

jest.setTimeout(120_000);

const SNIPPETS = extractSnippets();
const NODES = path.join(ROOT, 'examples', 'nodes.json');

/** What running a snippet did. */
interface Run {
  readonly error?: Error;
  /** Lines written to stderr (lints and apiserver warnings print there). */
  readonly stderr: string[];
  readonly stdout: string[];
  /** dist/*.k8s.yaml → its objects. */
  readonly files: Map<string, any[]>;
}

/** Runs a snippet's commonjs in a fresh cwd with nodes.json, capturing what it prints. */
function run(s: Snippet): Run {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-snippet-'));
  fs.copyFileSync(NODES, path.join(cwd, 'nodes.json'));
  // The example cluster's running pods and priorities, for the preemption snippet.
  for (const f of ['pods.json', 'priorities.json']) fs.copyFileSync(path.join(ROOT, 'examples', f), path.join(cwd, f));
  const stderr: string[] = [];
  const stdout: string[] = [];
  const capture = (into: string[]) => (chunk: any) => {
    into.push(...String(chunk).split('\n').filter((l) => l !== ''));
    return true;
  };
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture(stderr));
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture(stdout));
  const logs = jest.spyOn(console, 'log').mockImplementation((...a: any[]) => { stdout.push(a.join(' ')); });
  const warns = jest.spyOn(console, 'warn').mockImplementation((...a: any[]) => { stderr.push(a.join(' ')); });
  const errors = jest.spyOn(console, 'error').mockImplementation((...a: any[]) => { stderr.push(a.join(' ')); });
  const savedLints = process.env[LINTS_ENV];
  // test/setup-env.ts silences lints for the suite; a user sees them at the default level.
  delete process.env[LINTS_ENV];
  const savedCwd = process.cwd();
  const savedOutdir = process.env.CDK8S_OUTDIR;
  delete process.env.CDK8S_OUTDIR;
  let error: Error | undefined;
  try {
    process.chdir(cwd);
    const module = { exports: {} };
    // The snippet's imports: the library from src, everything else from node_modules.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const requireForSnippet = (id: string) => (id === 'cdk8s-node-agents' ? library : require(id));
    new Function('require', 'module', 'exports', toCommonJs(s))(requireForSnippet, module, module.exports);
  } catch (e) {
    error = e as Error;
  } finally {
    process.chdir(savedCwd);
    if (savedOutdir !== undefined) process.env.CDK8S_OUTDIR = savedOutdir;
    if (savedLints === undefined) delete process.env[LINTS_ENV];
    else process.env[LINTS_ENV] = savedLints;
    for (const spy of [err, out, logs, warns, errors]) spy.mockRestore();
  }
  const files = new Map<string, any[]>();
  const dist = path.join(cwd, 'dist');
  if (fs.existsSync(dist)) {
    for (const f of fs.readdirSync(dist).sort()) {
      files.set(f, parseAllDocuments(fs.readFileSync(path.join(dist, f), 'utf8')).map((d) => d.toJSON()).filter(Boolean));
    }
  }
  fs.rmSync(cwd, { recursive: true, force: true });
  return { error, stderr, stdout, files };
}

function daemonSets(r: Run): string[] {
  return [...r.files.values()].flat().filter((o) => o.kind === 'DaemonSet').map((o) => o.metadata.name).sort();
}

/** What each section's snippet must produce, beyond synthesizing silently. */
const PRODUCES: Record<string, (r: Run) => void> = {
  'Usage': (r) => {
    expect([...r.files.keys()]).toEqual(['cilium.k8s.yaml', 'logging.k8s.yaml', 'monitoring.k8s.yaml']);
    expect(daemonSets(r)).toEqual(['cilium', 'fluent-bit', 'node-exporter']);
  },
  'NodeAgent': (r) => {
    const ds = [...r.files.values()].flat().find((o) => o.kind === 'DaemonSet');
    expect(ds.metadata.name).toBe('node-problem-detector');
    const mount = ds.spec.template.spec.containers[0].volumeMounts.find((m: any) => m.mountPath === '/var/log');
    expect(mount.readOnly).toBe(true);
  },
  'Node pools and variants': (r) => {
    expect(daemonSets(r)).toEqual(['log-collector', 'log-collector-gpu', 'node-exporter']);
    const gpu = [...r.files.values()].flat().find((o) => o.kind === 'DaemonSet' && o.metadata.name === 'log-collector-gpu');
    expect(gpu.spec.template.spec.containers[0].resources.requests.memory).toBe('256Mi');
  },
  // The fixture's node-exporter fits beside the example's pods: the check passes in silence.
  'Preemption: whose pods get evicted?': (r) => {
    expect(daemonSets(r)).toEqual(['node-exporter']);
  },
};

describe('README.md ```ts snippets', () => {
  let diagnostics: Map<Snippet, string[]>;
  beforeAll(() => {
    diagnostics = typeCheck(SNIPPETS, { paths: { 'cdk8s-node-agents': ['src/index.ts'] } });
  });

  test('are all found, the first one complete, each with what it must produce', () => {
    expect(SNIPPETS.map((s) => s.section)).toEqual(Object.keys(PRODUCES));
    expect(SNIPPETS[0].fragment).toBe(false);
    expect(SNIPPETS[0].code).toContain("from 'cdk8s-node-agents'");
  });

  describe.each(SNIPPETS.map((s) => [s.name, s] as const))('%s', (_name, snippet) => {
    test('compiles against the library', () => {
      expect(diagnostics.get(snippet)).toEqual([]);
    });

    test('synthesizes on examples/nodes.json with no lint or warning', () => {
      const r = run(snippet);
      if (r.error) throw new Error(`synth failed: ${r.error.message}`);
      expect(r.stderr).toEqual([]);
      expect(r.stdout).toEqual([]);
      PRODUCES[snippet.section](r);
    });
  });
});

describe('the snippet machinery', () => {
  const fixture = '// f\nimport { App } from \'cdk8s\';\nconst app = new App();\n/// here\napp.synth();\n';
  const md = [
    '# T', '', '```ts', "import { App } from 'cdk8s';", 'new App().synth();', '```', '', '## Part two', '```sh', 'echo no', '```',
    '```ts', 'const n: number = app.outdir;', '```',
  ].join('\n');

  test('extracts ts blocks with their line and section; fragments go into the fixture', () => {
    const [a, b] = extractSnippets(md, fixture);
    expect(extractSnippets(md, fixture)).toHaveLength(2);
    expect(a).toMatchObject({ name: 'README.md:3 (T)', line: 4, fragment: false, offset: 1, program: a.code });
    expect(b).toMatchObject({ name: 'README.md:12 (Part two)', line: 13, fragment: true, offset: 4 });
    expect(b.program).toBe('// f\nimport { App } from \'cdk8s\';\nconst app = new App();\nconst n: number = app.outdir;\n\napp.synth();\n');
  });

  test('a type error is reported at its README line', () => {
    const snippets = extractSnippets(md, fixture);
    const d = typeCheck(snippets);
    expect(d.get(snippets[0])).toEqual([]);
    expect(d.get(snippets[1])).toEqual(["README.md:13: Type 'string' is not assignable to type 'number'."]);
  });

  test('a snippet that fails synth is reported, with what it printed', () => {
    const [s] = extractSnippets('```ts\nimport { App, Chart } from \'cdk8s\';\nimport { NodeExporter } from \'cdk8s-node-agents\';\nconst app = new App();\nnew NodeExporter(new Chart(app, \'m\'), \'e\', { image: \'quay.io/prometheus/node-exporter:latest\' });\napp.synth();\n```\n', fixture);
    const r = run(s);
    expect(r.error?.message).toContain('latest');
  });
});
