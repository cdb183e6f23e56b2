/**
 * `npm run bench`: fleet-scale benchmarks of the `place` command and of synth.
 *
 *   npm run bench                 the full report (≈ 4-5 minutes on 2 cores; the
 *                                 first run also generates ≈ 3 GB of inputs into bench/out/)
 *   npm run bench -- --quick      small fleets, a smoke test of the harness (≈ 1 minute)
 *   npm run bench -- --profile    also CPU-profile one `place` run and the synth, print hot spots
 *   npm run bench -- --json F     also write the raw results to F
 *
 * Measures (see bench/README.md):
 *   - `place --json` wall time through the CLI entry point (src/cli/main.ts `run()`, in-process:
 *     load files + simulate + JSON output) vs a bare read + JSON.parse of the same files;
 *   - peak RSS of a process that runs exactly one `place` (`/usr/bin/time -v`, else
 *     `process.resourceUsage().maxRSS`);
 *   - scaling at 1k/2k/5k/10k nodes (pods ×30): time per (nodes × DaemonSets + pods);
 *   - synth of 40 NodeAgents (full validation: NodeAgent checks + ChartChecks, as every synth
 *     runs them) vs 40 plain cdk8s-plus-28 DaemonSets; the cdk8s-cli validation plugin on top
 *     is reported too.
 * Each measurement runs in a fresh `node --expose-gc` child on JavaScript transpiled into
 * bench/out/build (no ts-node in the measured process). Exits 0 whatever the results: it is a report.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// The benchmark is a development tool: it may use devDependencies.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as ts from 'typescript';
import { FleetFiles, FleetSpec, writeFleet } from './generate';

const ROOT = path.join(__dirname, '..');
const OUT = path.join(__dirname, 'out');
const BUILD = path.join(OUT, 'build');
const SEED = 20240512;
const DAEMONSETS = 40;
const PODS_PER_NODE = 30;
const WARMUP_NODES = 200;

interface Options {
  readonly quick: boolean;
  readonly profile: boolean;
  readonly json?: string;
}

function parseArgs(argv: string[]): Options {
  let quick = false;
  let profile = false;
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') quick = true;
    else if (a === '--profile') profile = true;
    else if (a === '--json') json = path.resolve(argv[++i] ?? '');
    else throw new Error(`unknown argument ${JSON.stringify(a)}; usage: npm run bench -- [--quick] [--profile] [--json FILE]`);
  }
  return { quick, profile, json };
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** The machine, as the README records it. */
function machine(): Record<string, string> {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpu: model,
    cores: String(os.cpus().length),
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

/** Transpiles src/ and bench/ into bench/out/build (CommonJS, no type check: tsc checks them). */
function transpile(): void {
  fs.rmSync(BUILD, { recursive: true, force: true });
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p === OUT ? [] : walk(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
  for (const file of [...walk(path.join(ROOT, 'src')), ...walk(path.join(ROOT, 'bench'))]) {
    const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true },
    });
    const dest = path.join(BUILD, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, out.outputText);
  }
}

/** A fleet in bench/out, generated once per (seed, size, generator source). */
function fleet(spec: FleetSpec): FleetFiles & { reused: boolean } {
  const hash = crypto.createHash('sha256').update(fs.readFileSync(path.join(__dirname, 'generate.ts'))).update(JSON.stringify(spec)).digest('hex').slice(0, 12);
  const dir = path.join(OUT, `fleet-${spec.nodes}-${hash}`);
  const marker = path.join(dir, 'fleet.json');
  if (fs.existsSync(marker)) {
    return { ...(JSON.parse(fs.readFileSync(marker, 'utf8')) as FleetFiles), reused: true };
  }
  // Older fleets of this size (another generator version) are dropped: they are large.
  for (const old of fs.existsSync(OUT) ? fs.readdirSync(OUT) : []) {
    if (old.startsWith(`fleet-${spec.nodes}-`)) fs.rmSync(path.join(OUT, old), { recursive: true, force: true });
  }
  const t = Date.now();
  const files = writeFleet(dir, spec);
  fs.writeFileSync(marker, `${JSON.stringify(files, null, 2)}\n`);
  log(`generated ${spec.nodes} nodes, ${files.pods} pods, ${files.daemonSets} DaemonSets (${(files.bytes / 1e6).toFixed(0)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return { ...files, reused: false };
}

interface ChildResult {
  readonly [key: string]: any;
}

/** Runs bench/child.ts (transpiled) with `args`; returns its JSON line. */
function child(args: string[], nodeFlags: string[] = []): ChildResult {
  const script = path.join(BUILD, 'bench', 'child.js');
  const r = spawnSync(process.execPath, ['--expose-gc', ...nodeFlags, script, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    throw new Error(`child ${args.join(' ')} failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''}): ${(r.stderr || '').trim().split('\n').slice(0, 8).join(' | ')}`);
  }
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** Peak RSS (KiB) of one `place` run, from `/usr/bin/time -v` when it is there. */
function peakRss(dir: string): { kb: number; source: string; ms: number } {
  const script = path.join(BUILD, 'bench', 'child.js');
  if (fs.existsSync('/usr/bin/time')) {
    const r = spawnSync('/usr/bin/time', ['-v', process.execPath, script, 'once', dir], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
    if (r.status === 0 && m) {
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
      return { kb: Number(m[1]), source: '/usr/bin/time -v', ms: out.place[0] };
    }
  }
  const out = child(['once', dir]);
  return { kb: out.maxRssKb, source: 'process.resourceUsage().maxRSS', ms: out.place[0] };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/** Self time per function from a V8 .cpuprofile, top `n`. */
export function hotSpots(file: string, n: number): string[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map<number, any>(profile.nodes.map((x: any) => [x.id, x]));
  const selfTime = new Map<string, number>();
  // Self time by area: src/<dir>, node_modules/<package>, or the V8/Node.js category.
  const areas = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id: number, i: number) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const f = byId.get(id).callFrame;
    const url = String(f.url).replace(/^file:\/\//, '').replace(`${BUILD}/`, '').replace(`${ROOT}/`, '');
    const name = String(f.functionName || '(anonymous)').replace(/\s+/g, ' ');
    const key = `${name} ${url ? `${url}:${f.lineNumber + 1}` : ''}`.trim();
    selfTime.set(key, (selfTime.get(key) ?? 0) + dt);
    const area = /^src\/[^/]+/.exec(url)?.[0]
      ?? /node_modules\/(?:.*node_modules\/)?(@[^/]+\/[^/]+|[^/]+)/.exec(url)?.[1]
      ?? (url === '' ? (name.startsWith('(') ? name : 'V8 builtins') : url.startsWith('node:') ? 'node.js internals' : url.split('/')[0]);
    areas.set(area, (areas.get(area) ?? 0) + dt);
    total += dt;
  });
  const line = (k: string, t: number) => `${(t / 1000).toFixed(0).padStart(7)} ms ${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`;
  return [
    ...[...selfTime.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, t]) => line(k, t)),
    'by area:',
    ...[...areas.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, t]) => line(k, t)),
  ];
}

function profileChild(args: string[], name: string): string[] {
  const dir = path.join(OUT, 'profiles');
  fs.mkdirSync(dir, { recursive: true });
  const script = path.join(BUILD, 'bench', 'child.js');
  const r = spawnSync(process.execPath, ['--expose-gc', '--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.cpuprofile`, script, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) return [`profiling failed: ${(r.stderr || '').trim().split('\n')[0]}`];
  return hotSpots(path.join(dir, `${name}.cpuprofile`), 25);
}

interface Row {
  readonly measure: string;
  readonly value: string;
  readonly target: string;
  readonly pass?: boolean;
}

function table(rows: readonly Row[]): string {
  const cells = rows.map((r) => [r.measure, r.value, r.target, r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL']);
  const head = ['measure', 'value', 'target', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const info = machine();
  log(`${info.cpu}, ${info.cores} cores, ${info.memory}, node ${info.node}, load average ${info.load}`);
  const sizes = options.quick ? [200, 400, 1000] : [1000, 2000, 5000, 10000];
  const main5k = options.quick ? 1000 : 5000;
  const reps = options.quick ? { ratio: 2, scale: 2, synth: 5 } : { ratio: 3, scale: 3, synth: 30 };

  log('transpiling src/ and bench/ into bench/out/build');
  transpile();
  const fleets = new Map<number, FleetFiles>();
  for (const n of sizes) {
    const f = fleet({ seed: SEED, nodes: n, pods: n * PODS_PER_NODE, daemonSets: DAEMONSETS });
    if (f.reused) log(`reusing ${path.relative(ROOT, f.dir)} (${f.nodes} nodes, ${f.pods} pods, ${(f.bytes / 1e6).toFixed(0)} MB)`);
    fleets.set(n, f);
  }
  const big = fleets.get(main5k)!;
  // Each scaling run's process first runs place untimed on this small fleet (JIT warm-up).
  const warmup = fleet({ seed: SEED, nodes: WARMUP_NODES, pods: WARMUP_NODES * PODS_PER_NODE, daemonSets: DAEMONSETS });
  const results: Record<string, any> = {
    machine: info,
    seed: SEED,
    sizes,
    fleets: Object.fromEntries([...fleets].map(([n, f]) => [n, { nodes: f.nodes, pods: f.pods, daemonSets: f.daemonSets, bytes: f.bytes }])),
  };

  log(`ratio: bare read + JSON.parse vs place --json at ${big.nodes} nodes, ${reps.ratio} alternating repetitions`);
  const ratio = child(['ratio', big.dir, String(reps.ratio)]);
  results.ratio = ratio;
  const bareMs = median(ratio.bare);
  const placeMs = median(ratio.place);

  log('peak RSS of one place run, and of a process that only loads the modules');
  const rss = peakRss(big.dir);
  const baseline = child(['baseline']);
  results.rss = { ...rss, baselineKb: baseline.maxRssKb };

  log(`phases of the place pipeline at ${big.nodes} nodes`);
  const phases = child(['phases', big.dir]).phases as Record<string, number>;
  results.phases = phases;

  // Sizes interleaved, round by round (1k, 2k, 5k, 10k, 1k, ...), each run in a fresh process
  // after an untimed warm-up: a change of machine load during the measurement then hits every
  // size alike, and compiling the code (a fixed cost) is not counted against the small sizes.
  log(`scaling: place --json at ${sizes.join(', ')} nodes, ${reps.scale} interleaved rounds`);
  const runsBySize = new Map<number, number[]>(sizes.map((n) => [n, []]));
  for (let r = 0; r < reps.scale; r++) {
    for (const n of sizes) {
      try {
        runsBySize.get(n)!.push(...(child(['place', fleets.get(n)!.dir, '1', warmup.dir]).place as number[]));
      } catch (e) {
        log(`  ${n} nodes: ${(e as Error).message}`);
      }
    }
  }
  const scaling: Array<{ nodes: number; pods: number; ms: number; units: number; nsPerUnit: number; runs: number[] }> = [];
  for (const n of sizes) {
    const f = fleets.get(n)!;
    const runs = runsBySize.get(n)!;
    if (runs.length === 0) continue;
    const units = f.nodes * f.daemonSets + f.pods;
    const ms = median(runs);
    scaling.push({ nodes: f.nodes, pods: f.pods, ms, units, nsPerUnit: (ms * 1e6) / units, runs });
  }
  results.scaling = scaling;

  log(`synth: 40 NodeAgents (full validation) vs 40 plain cdk8s-plus-28 DaemonSets, ${reps.synth} repetitions after 3 warm-ups`);
  const synth = child(['synth', String(SEED), String(reps.synth)]);
  results.synth = synth;

  if (options.profile) {
    log('profiling one place run');
    results.placeProfile = profileChild(['once', big.dir], 'place');
    log('profiling the synth');
    results.synthProfile = profileChild(['synth', String(SEED), '10', 'lib'], 'synth');
  }

  const perUnit = scaling.map((s) => s.nsPerUnit);
  const spread = perUnit.length > 1 ? Math.max(...perUnit) / Math.min(...perUnit) : NaN;
  const rows: Row[] = [
    { measure: `place --json, ${big.nodes} nodes / ${big.pods} pods / ${big.daemonSets} DS (median of ${ratio.place.length})`, value: fmtMs(placeMs), target: '' },
    { measure: 'bare read + JSON.parse of the same files (median)', value: fmtMs(bareMs), target: '' },
    { measure: 'place / bare parse', value: `${(placeMs / bareMs).toFixed(2)}x`, target: '<= 3x', pass: placeMs / bareMs <= 3 },
    { measure: `peak RSS, one place run (${rss.source})`, value: `${(rss.kb / 1024).toFixed(0)} MiB`, target: '<= 1024 MiB', pass: rss.kb <= 1024 * 1024 },
    { measure: 'peak RSS, modules loaded only (floor)', value: `${(baseline.maxRssKb / 1024).toFixed(0)} MiB`, target: '' },
    ...scaling.map((s) => ({
      measure: `scaling: ${s.nodes} nodes, ${s.pods} pods (${s.runs.length} run${s.runs.length === 1 ? '' : 's'})`,
      value: `${fmtMs(s.ms)}, ${s.nsPerUnit.toFixed(1)} ns/unit`,
      target: '',
    })),
    { measure: 'scaling: max/min time per (nodes x DS + pods)', value: Number.isNaN(spread) ? 'n/a' : `${spread.toFixed(2)}`, target: '<= 1.5 (linear)', pass: Number.isNaN(spread) ? undefined : spread <= 1.5 },
    { measure: 'synth, 40 plain cdk8s-plus-28 DaemonSets (median)', value: fmtMs(synth.plainMedian), target: '' },
    { measure: 'synth, 40 NodeAgents, full validation (median)', value: fmtMs(synth.libMedian), target: '' },
    { measure: 'NodeAgent synth (full validation) / plain synth', value: `${(synth.libMedian / synth.plainMedian).toFixed(2)}x`, target: '<= 1.5x', pass: synth.libMedian / synth.plainMedian <= 1.5 },
    { measure: '  + cdk8s-cli validation plugin on the output (median)', value: fmtMs(synth.libValidatedMedian), target: '' },
    { measure: '  (NodeAgent synth + plugin) / plain synth', value: `${(synth.libValidatedMedian / synth.plainMedian).toFixed(2)}x`, target: '' },
  ];
  results.rows = rows;

  const out: string[] = [];
  out.push(`cdk8s-node-agents benchmarks — ${info.cpu}, ${info.cores} cores, ${info.memory}, node ${info.node}`);
  out.push(`load average at start: ${info.load}; at end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (other processes on this machine skew wall times)`);
  out.push('');
  out.push(table(rows));
  out.push('');
  out.push('place pipeline, phase by phase (one run, ms):');
  for (const [k, v] of Object.entries(phases)) out.push(`  ${k.padEnd(62)} ${k.endsWith('MB') ? v.toFixed(1) : v.toFixed(0)}`);
  out.push('');
  out.push(`place exit code ${ratio.exitCode} (1 = some DaemonSet cannot be scheduled where it should run), output ${(ratio.outputBytes / 1e6).toFixed(1)} MB of JSON`);
  out.push(`validation plugin on the synthesized agents: ${synth.status} (${(synth.violations as string[]).join(', ') || 'no findings'})`);
  if (options.profile) {
    out.push('');
    out.push('hot spots, one place run (self time):');
    out.push(...(results.placeProfile as string[]).map((l) => `  ${l}`));
    out.push('');
    out.push('hot spots, NodeAgent synth only (10 runs, self time):');
    out.push(...(results.synthProfile as string[]).map((l) => `  ${l}`));
  }
  out.push('');
  out.push(`total bench time ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.stdout.write(`${out.join('\n')}\n`);
  if (options.json) fs.writeFileSync(options.json, `${JSON.stringify(results, null, 2)}\n`);
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    // A broken harness (not a missed target, which still exits 0).
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
