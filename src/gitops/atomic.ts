/**
 * Atomic replacement of a generated directory tree: everything is written
 * into a temporary sibling directory first, then swapped in with renames, so
 * a failure while generating never leaves a half-written tree behind.
 *
 * The tree records the top-level entries it manages in a marker file; on the
 * next write those are replaced, while other entries already in the
 * directory (e.g. `dist/js` from packaging) are carried over untouched. An
 * existing entry the generator would overwrite but did not write itself is
 * an error, never silently replaced.
 *
 * Internal module: not part of the jsii API.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** Name of the marker file listing the top-level entries the generator owns. */
export const MARKER_FILE = '.cdk8s-node-agents.json';

/** A write that was refused or failed; the directory is left as it was. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/** Relative file path (forward slashes) → file content. */
export type FileTree = ReadonlyMap<string, string>;

function checkRelative(file: string): void {
  const parts = file.split('/');
  if (file === '' || path.isAbsolute(file) || file.includes('\\') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new OutputError(`invalid output file name ${JSON.stringify(file)}: use a relative path with forward slashes and no "." or ".." parts`);
  }
}

function readMarker(outdir: string): string[] {
  const file = path.join(outdir, MARKER_FILE);
  if (!fs.existsSync(file)) return [];
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (Array.isArray(parsed?.managed) && parsed.managed.every((x: unknown) => typeof x === 'string')) return parsed.managed;
  } catch {
    // fall through: an unreadable marker owns nothing
  }
  throw new OutputError(`${file}: not a valid marker file (expected {"managed": [...]}); delete it if ${outdir} holds nothing you need`);
}

/**
 * Replaces the generated content of `outdir` with `files`, atomically.
 *
 * @returns the absolute paths written, sorted
 * @throws OutputError when `outdir` holds an entry the new tree would
 *   overwrite that an earlier write did not create; nothing is changed then
 */
export function writeTreeAtomically(outdir: string, files: FileTree): string[] {
  const target = path.resolve(outdir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  for (const f of files.keys()) checkRelative(f);
  const entries = [...new Set([...files.keys()].map((f) => f.split('/')[0]))].sort();
  if (entries.includes(MARKER_FILE)) throw new OutputError(`${MARKER_FILE} is reserved for the output marker`);

  const exists = fs.existsSync(target);
  if (exists && !fs.statSync(target).isDirectory()) {
    throw new OutputError(`${target} exists and is not a directory`);
  }
  const previous = exists ? new Set(readMarker(target)) : new Set<string>();
  const carried: string[] = [];
  if (exists) {
    for (const name of fs.readdirSync(target).sort()) {
      if (name === MARKER_FILE || previous.has(name)) continue;
      if (entries.includes(name)) {
        throw new OutputError(`${path.join(target, name)} already exists and was not written by cdk8s-node-agents; move it away or choose another output directory`);
      }
      carried.push(name);
    }
  }

  fs.mkdirSync(parent, { recursive: true });
  const suffix = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  const staging = path.join(parent, `.${base}.tmp-${suffix}`);
  fs.mkdirSync(staging);
  const written: string[] = [];
  try {
    for (const [file, content] of [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const dest = path.join(staging, ...file.split('/'));
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, content);
      written.push(path.join(target, ...file.split('/')));
    }
    fs.writeFileSync(path.join(staging, MARKER_FILE), `${JSON.stringify({ managed: entries }, null, 2)}\n`);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }

  // Carry over what is not ours, then swap the directories.
  const moved: string[] = [];
  try {
    for (const name of carried) {
      fs.renameSync(path.join(target, name), path.join(staging, name));
      moved.push(name);
    }
  } catch (e) {
    for (const name of moved) fs.renameSync(path.join(staging, name), path.join(target, name));
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (exists) {
    const old = path.join(parent, `.${base}.old-${suffix}`);
    fs.renameSync(target, old);
    fs.renameSync(staging, target);
    fs.rmSync(old, { recursive: true, force: true });
  } else {
    fs.renameSync(staging, target);
  }
  return written.sort();
}
