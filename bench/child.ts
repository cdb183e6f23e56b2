/**
 * One measurement, run in its own Node.js process by bench/run.ts (from the
 * plain JavaScript that run.ts transpiles into bench/out/build, so neither
 * ts-node nor the TypeScript compiler sits in the measured process's memory).
 *
 *   child ratio  <fleet dir> <reps>   bare read + JSON.parse vs `place --json`, alternating
 *   child place  <fleet dir> <reps> [warm-up fleet dir]   `place --json` only (after one untimed run on the warm-up fleet)
 *   child phases <fleet dir>          the `place` pipeline, phase by phase
 *   child once   <fleet dir>          one `place --json` (peak RSS of exactly that)
 *   child baseline                    the modules loaded, nothing run (RSS floor)
 *   child synth  <seed> <reps> [both|lib|plain]   NodeAgent (+ validation plugin) vs plain cdk8s-plus synth
 *
 * Prints one JSON line on stdout.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as v8 from 'v8';
import { parseAllDocuments } from 'yaml';
import { generateAgents } from './generate';
import { synthLibrary, synthPlain, validateOutput } from './synth';
import { CliIo } from '../src/cli/io';
import { run } from '../src/cli/main';
import { loadManifests, loadObjectList } from '../src/input/load';
import { validatePodShape } from '../src/input/validate';
import { Placement } from '../src/placement/placement';
import { buildClusterState } from '../src/placement/simulate';
import { Node, Pod } from '../src/placement/types';
import { formatPlacementJson } from '../src/report/json';

declare const gc: undefined | (() => void);

function collect(): void {
  if (typeof gc === 'function') {
    gc();
    gc();
  }
}

/** The files `place` reads, in the order it reads them. */
export function fleetFiles(dir: string): { nodes: string; pods: string[]; dist: string[] } {
  const list = (d: string, ext: RegExp) => fs.readdirSync(d).filter((f) => ext.test(f)).sort().map((f) => path.join(d, f));
  return { nodes: path.join(dir, 'nodes.json'), pods: list(path.join(dir, 'pods'), /\.json$/), dist: list(path.join(dir, 'dist'), /\.ya?ml$/) };
}

/** The least any tool must do with the inputs: read them and parse them, keeping the result. */
function bare(dir: string): number {
  const files = fleetFiles(dir);
  const kept: unknown[] = [];
  for (const f of [files.nodes, ...files.pods]) kept.push(JSON.parse(fs.readFileSync(f, 'utf8')));
  for (const f of files.dist) kept.push(parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d) => d.toJS()));
  return kept.length;
}

function placeArgs(dir: string): string[] {
  return ['place', '--nodes', path.join(dir, 'nodes.json'), '--pods', path.join(dir, 'pods'), '--json', path.join(dir, 'dist')];
}

/** `place --json` through the CLI entry point, in-process; returns the output size. */
function place(dir: string): { code: number; bytes: number; stderr: string } {
  let bytes = 0;
  let stderr = '';
  const io: CliIo = {
    cwd: dir,
    stdout: (text) => {
      bytes += Buffer.byteLength(text);
    },
    stderr: (text) => {
      stderr += text;
    },
  };
  const code = run(placeArgs(dir), io);
  if (code === 2) throw new Error(`place failed with exit 2: ${stderr.trim()}`);
  return { code, bytes, stderr };
}

function time<T>(f: () => T): [number, T] {
  const t = performance.now();
  const r = f();
  return [performance.now() - t, r];
}

function maxRssKb(): number {
  return process.resourceUsage().maxRSS;
}

function phases(dir: string): Record<string, number> {
  const files = fleetFiles(dir);
  const out: Record<string, number> = {};
  // The pipeline as place runs it, in order:
  const [tNodes, nodes] = time(() => loadObjectList(files.nodes, dir, 'Node'));
  out['read + parse nodes (loadObjectList)'] = tNodes;
  const [tFrom, placement] = time(() => Placement._fromNodesAndPodsFile(nodes, path.join(dir, 'pods'), dir));
  out['pods, file by file: read + parse, check, count (+ build)'] = tFrom;
  const [tDist, manifests] = time(() => loadManifests([path.join(dir, 'dist')], dir));
  out['read + parse manifests (loadManifests)'] = tDist;
  const [tSim, report] = time(() => placement._simulateLoaded(manifests));
  out[`simulate ${report.daemonSets.length} DaemonSets (_simulateLoaded)`] = tSim;
  const [tFmt, json] = time(() => formatPlacementJson(report));
  out['format JSON (formatPlacementJson)'] = tFmt;
  out['output MB'] = Buffer.byteLength(json) / 1e6;
  collect();
  // The pods step in parts (all pods held at once, unlike place):
  const [tPods, pods] = time(() => loadObjectList(path.join(dir, 'pods'), dir, 'Pod'));
  out['  of which: read + parse pods (loadObjectList)'] = tPods;
  const [tShape] = time(() => pods.forEach(validatePodShape));
  out['  of which: shape checks (validatePodShape)'] = tShape;
  const [tState] = time(() => buildClusterState(nodes.map((n) => n.object as Node), pods.map((p) => p.object as Pod)));
  out['  of which: count + build (buildClusterState)'] = tState;
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function synth(seed: number, reps: number, which: string): Promise<Record<string, unknown>> {
  const agents = generateAgents(seed, 40);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  const lib: number[] = [];
  const libValidated: number[] = [];
  const plain: number[] = [];
  let status = '';
  let violations: string[] = [];
  const warmup = 3;
  try {
    for (let r = 0; r < warmup + reps; r++) {
      const outLib = path.join(root, `lib-${r}`);
      const outPlain = path.join(root, `plain-${r}`);
      collect();
      const [tPlain] = which === 'lib' ? [0] : time(() => synthPlain(agents, outPlain));
      collect();
      const t0 = performance.now();
      if (which !== 'plain') synthLibrary(agents, outLib);
      const tLib = performance.now() - t0;
      if (which === 'both') {
        const v = await validateOutput(outLib);
        status = v.status;
        violations = v.violations.map((x) => `${x.ruleName}: ${x.violatingResources.length}`);
      }
      const tAll = performance.now() - t0;
      if (r >= warmup) {
        plain.push(tPlain);
        lib.push(tLib);
        libValidated.push(tAll);
      }
      fs.rmSync(outLib, { recursive: true, force: true });
      fs.rmSync(outPlain, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return {
    plain,
    lib,
    libValidated,
    plainMedian: median(plain),
    libMedian: median(lib),
    libValidatedMedian: median(libValidated),
    status,
    violations,
  };
}

async function main(): Promise<void> {
  const [mode, arg, repsArg] = process.argv.slice(2);
  const reps = Number(repsArg ?? 1);
  let result: Record<string, unknown>;
  switch (mode) {
    case 'ratio': {
      const bareMs: number[] = [];
      const placeMs: number[] = [];
      let last = { code: 0, bytes: 0, stderr: '' };
      // One untimed run of each first: module compilation, file cache.
      bare(arg);
      collect();
      place(arg);
      for (let r = 0; r < reps; r++) {
        collect();
        bareMs.push(time(() => bare(arg))[0]);
        collect();
        const [t, p] = time(() => place(arg));
        placeMs.push(t);
        last = p;
      }
      result = { bare: bareMs, place: placeMs, exitCode: last.code, outputBytes: last.bytes };
      break;
    }
    case 'place': {
      const placeMs: number[] = [];
      let last = { code: 0, bytes: 0, stderr: '' };
      // An untimed run on a small fleet first: compiling the code is the same fixed cost at every size.
      const warmup = process.argv[5];
      if (warmup) place(warmup);
      for (let r = 0; r < reps; r++) {
        collect();
        const [t, p] = time(() => place(arg));
        placeMs.push(t);
        last = p;
      }
      result = { place: placeMs, exitCode: last.code, outputBytes: last.bytes };
      break;
    }
    case 'phases':
      result = { phases: phases(arg) };
      break;
    case 'once': {
      const [t, p] = time(() => place(arg));
      result = { place: [t], exitCode: p.code, outputBytes: p.bytes, maxRssKb: maxRssKb(), heapLimitMb: heapLimitMb() };
      break;
    }
    case 'baseline':
      result = { maxRssKb: maxRssKb() };
      break;
    case 'synth':
      result = await synth(Number(arg), reps, process.argv[5] ?? 'both');
      break;
    default:
      throw new Error(`unknown mode ${JSON.stringify(mode)}`);
  }
  process.stdout.write(`${JSON.stringify({ ...result, maxRssKb: result.maxRssKb ?? maxRssKb() })}\n`);
}

function heapLimitMb(): number {
  return v8.getHeapStatistics().heap_size_limit / 2 ** 20;
}

main().catch((e) => {
  process.stderr.write(`bench child: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
