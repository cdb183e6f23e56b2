/**
 * The YAML corpus compared with kubectl (test/input/kubectl-yaml-cases.json):
 * loading it, running kubectl on a case, and re-recording kubectl's answers.
 *
 * A case is a whole file (`yaml`) or a `fragment` appended to the corpus'
 * `header` (a ConfigMap named "c"). kubectl's answer is what
 * `kubectl annotate --local -f FILE x=y -o json` prints — it decodes the file as
 * `kubectl apply -f` does, with no cluster — minus the `x: y` annotation it adds:
 * `want` (the objects; for a fragment, the object without apiVersion, kind and
 * metadata) or `kubectlError` (its message, the file's path shown as FILE).
 * `ourError` is the message `check`/`place` print for a case kubectl refuses.
 *
 * Record new cases (and refresh `ourError`): `RECORD_KUBECTL_YAML=1 npx jest test/input/kubectl-yaml -t record`;
 * `RECORD_KUBECTL_YAML=all` asks kubectl again for every case.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const CORPUS_FILE = path.join(__dirname, 'kubectl-yaml-cases.json');

export interface YamlCase {
  readonly name: string;
  readonly fragment?: string;
  readonly yaml?: string;
  readonly want?: unknown[];
  readonly kubectlError?: string;
  readonly ourError?: string;
  /** Why our loader answers differently from kubectl here (the `yaml` package's parser, not its resolution). */
  readonly knownDeviation?: string;
}

export interface YamlCorpus {
  readonly about: string[];
  readonly header: string;
  readonly cases: YamlCase[];
}

export function readCorpus(): YamlCorpus {
  return JSON.parse(fs.readFileSync(CORPUS_FILE, 'utf8'));
}

/** The file a case stands for. */
export function caseText(corpus: YamlCorpus, c: YamlCase): string {
  return c.yaml ?? `${corpus.header}${c.fragment}`;
}

/** kubectl, from $KUBECTL or its usual places (it is on every machine that runs these tests). */
export function kubectl(): string {
  for (const candidate of [process.env.KUBECTL, '/usr/bin/kubectl', '/usr/local/bin/kubectl'].filter(Boolean) as string[]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('kubectl is not installed (looked at $KUBECTL, /usr/bin/kubectl, /usr/local/bin/kubectl): the YAML corpus is checked against `kubectl annotate --local`; install kubectl');
}

/** Splits concatenated JSON values (kubectl prints one per object). */
export function splitJsonValues(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {inString = true;} else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  return out;
}

/** Removes what `kubectl annotate x=y` added. */
function withoutAnnotation(obj: any): any {
  const copy = JSON.parse(JSON.stringify(obj));
  const annotations = copy?.metadata?.annotations;
  if (annotations && annotations.x === 'y') {
    delete annotations.x;
    if (Object.keys(annotations).length === 0) delete copy.metadata.annotations;
  }
  return copy;
}

/** A fragment case's object without the header's fields (which must be intact). */
export function normalize(c: YamlCase, objects: unknown[]): unknown[] {
  if (c.fragment === undefined) return objects;
  return objects.map((o: any) => {
    const { apiVersion, kind, metadata, ...rest } = o;
    if (apiVersion !== 'v1' || kind !== 'ConfigMap' || JSON.stringify(metadata) !== '{"name":"c"}') {
      throw new Error(`case ${JSON.stringify(c.name)}: the header decoded to ${JSON.stringify({ apiVersion, kind, metadata })}`);
    }
    return rest;
  });
}

function execKubectl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(kubectl(), args, { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** kubectl's answer for a case: the objects it printed, or its error. */
export async function runKubectl(corpus: YamlCorpus, c: YamlCase, dir: string): Promise<{ want?: unknown[]; kubectlError?: string }> {
  const file = path.join(dir, 'case.yaml');
  fs.writeFileSync(file, caseText(corpus, c));
  const p = await execKubectl(['annotate', '--local', '-f', file, 'x=y', '-o', 'json']);
  if (p.code !== 0) {
    return { kubectlError: p.stderr.trim().split(file).join('FILE') };
  }
  return { want: normalize(c, splitJsonValues(p.stdout).map(withoutAnnotation)) };
}

/**
 * kubectl's objects for cases it accepts, from one kubectl process (`-f` once per
 * case, in order): each case gets as many objects as its recorded `want` has.
 * Returns undefined for every case when kubectl refused some file (its message in `error`).
 */
export async function runKubectlBatch(corpus: YamlCorpus, cases: readonly YamlCase[], dir: string): Promise<{ answers: Array<unknown[] | undefined>; error?: string }> {
  const files = cases.map((c, i) => {
    const file = path.join(dir, `case-${String(i).padStart(4, '0')}.yaml`);
    fs.writeFileSync(file, caseText(corpus, c));
    return file;
  });
  const p = await execKubectl(['annotate', '--local', ...files.flatMap((f) => ['-f', f]), 'x=y', '-o', 'json']);
  if (p.code !== 0) return { answers: cases.map(() => undefined), error: p.stderr.trim() };
  const objects = splitJsonValues(p.stdout).map(withoutAnnotation);
  let at = 0;
  const answers = cases.map((c) => {
    const n = c.want?.length ?? 0;
    const mine = objects.slice(at, at + n);
    at += n;
    return normalize(c, mine);
  });
  if (at !== objects.length) return { answers: cases.map(() => undefined), error: `kubectl printed ${objects.length} objects, the cases want ${at}` };
  return { answers };
}

/** Runs `work` on every item, `parallel` at a time. */
export async function eachInParallel<T>(items: readonly T[], parallel: number, work: (item: T, slot: number) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: parallel }, async (_, slot) => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item, slot);
  }));
}
