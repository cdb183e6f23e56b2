/**
 * Reading Kubernetes objects from files: manifests (a cdk8s `dist/`, Helm
 * output, hand-written YAML) and inventories (`kubectl get nodes -o json`).
 *
 * Mirrors how `kubectl apply -f` reads its input
 * (staging/src/k8s.io/cli-runtime/pkg/resource/visitor.go `FileVisitor`,
 * `ExpandPathsToFileVisitors`; staging/src/k8s.io/apimachinery/pkg/util/yaml/decoder.go):
 * YAML is decoded exactly as kubectl decodes it (src/input/kubectl-yaml.ts), a
 * stream that starts with `{` is JSON, empty documents are skipped, `List`
 * kinds (`List`, `NodeList`, ...) are flattened into their items
 * (staging/src/k8s.io/apimachinery/pkg/api/meta/help.go `ExtractList`), and
 * `-` is standard input.
 *
 * What a directory walk reads ({@link DIRECTORY_RULE}): like kubectl, only
 * `.json`, `.yaml` and `.yml` files, and a path named explicitly is read
 * whatever its name; unlike `kubectl -f DIR`, the walk is recursive (a GitOps
 * tree nests its apps), so it skips what is not meant for the cluster by name:
 * entries starting with `.` (`.git/`, this library's `.cdk8s-node-agents.json`)
 * and kustomize's own `kustomization.yaml`/`.yml`. Objects of the
 * `cdk8s-node-agents.io` API group are this tool's reports and are skipped;
 * a kustomize Kustomization named explicitly is refused with advice.
 *
 * Every problem is reported as an {@link InputError} that names the file, the
 * document and the field path, never as a stack trace.
 *
 * Internal module: not part of the jsii API.
 */
import { constants as bufferConstants } from 'buffer';
import * as fs from 'fs';
import * as path from 'path';
import { KubectlYamlDocument, KubectlYamlError, parseKubectlYaml } from './kubectl-yaml';

/** File name extensions read when a directory is given (exact, case-sensitive, as `kubectl apply -f <dir>` does). */
export const MANIFEST_EXTENSIONS: readonly string[] = ['.json', '.yaml', '.yml'];

/** kustomize's own file names (sigs.k8s.io/kustomize/api/konfig `RecognizedKustomizationFileNames`) with a manifest extension. */
export const KUSTOMIZATION_FILES: readonly string[] = ['kustomization.yaml', 'kustomization.yml'];

/** The API group of this tool's own files (the fleet report's `apiVersion`), which are not cluster objects. */
export const OWN_API_GROUP = 'cdk8s-node-agents.io';

/** The rule for what is read, as `--help` and the README state it. */
export const DIRECTORY_RULE = `Files named on the command line are read whatever their name; - is standard input.
Directories are walked recursively (kubectl -f needs -R for that) for .yaml, .yml and
.json files; entries whose name starts with . (.git/, .cdk8s-node-agents.json) and
kustomize's kustomization.yaml/.yml are skipped. Objects whose apiVersion is in the
${OWN_API_GROUP} group (this tool's own reports) are skipped; any other document must be
a Kubernetes object (apiVersion and kind) or a List of them. YAML is read as kubectl
reads it (YAML 1.1: yes/on are true, 0644 is 420, merge keys apply).`;

/** How standard input is shown in messages (the path `-`). */
export const STDIN_NAME = '<stdin>';

/** What the loaders need besides the paths. */
export interface LoadOptions {
  /**
   * Standard input, for the path `-`: called at most once per load.
   * @default - the process's standard input
   */
  readonly stdin?: () => Buffer;
  /** Told about each file as it is read, for a progress display. */
  readonly progress?: LoadProgress;
}

/** Callbacks of a long load. */
export interface LoadProgress {
  /** A file of `bytes` bytes (-1: standard input, size unknown) is about to be read and parsed. */
  file(display: string, bytes: number): void;
  /** `count` objects of the current file have been handed on so far. */
  objects(display: string, count: number): void;
}

/**
 * An input file, or an object in it, cannot be used.
 *
 * `message` is one line: `<file>: [document <n>: ][<object>: ][<field>: ]<what is wrong>`.
 */
export class InputError extends Error {
  /** The file as the user named it (relative to the working directory when inside it). */
  readonly file: string;
  /** Field path inside the document, e.g. `items[3].metadata.name`; absent for whole-file problems. */
  readonly field?: string;
  /** 1-based document number inside a multi-document YAML stream; absent when the file has one document. */
  readonly document?: number;
  /** The object concerned, e.g. `Node/n1` or `Pod/default/web`, when the message names it. */
  readonly object?: string;
  /** The problem alone, without file, document, object or field. */
  readonly detail: string;

  constructor(file: string, field: string | undefined, detail: string, document?: number, object?: string) {
    const parts = [file];
    if (document !== undefined) parts.push(`document ${document}`);
    if (object) parts.push(object);
    if (field) parts.push(field);
    parts.push(detail);
    super(parts.join(': '));
    this.name = 'InputError';
    this.file = file;
    this.field = field || undefined;
    this.document = document;
    this.object = object || undefined;
    this.detail = detail;
  }
}

/** One Kubernetes object read from a file. */
export interface LoadedObject {
  /** The file it came from, as shown to the user. */
  readonly file: string;
  /** 0-based index of the YAML document (0 for JSON files). */
  readonly documentIndex: number;
  /**
   * Number of non-empty documents in the file; messages name the document
   * only when there are several.
   * @default 1
   */
  readonly documentCount?: number;
  /** Path of the object within its document, e.g. `items[2]`; `""` for a top-level object. */
  readonly path: string;
  /** The parsed object (plain JSON). */
  readonly object: any;
}

/** Joins a field path: `joinField('items[2]', 'metadata.name')` → `items[2].metadata.name`. */
export function joinField(base: string, field: string): string {
  if (!base) return field;
  if (!field) return base;
  return field.startsWith('[') ? `${base}${field}` : `${base}.${field}`;
}

/**
 * An {@link InputError} about `field` (relative to the object) of a loaded object.
 *
 * @param object names the object in the message (e.g. `Node/n1`)
 */
export function objectError(loaded: LoadedObject, field: string, detail: string, object?: string): InputError {
  return new InputError(
    loaded.file,
    joinField(loaded.path, field),
    detail,
    (loaded.documentCount ?? 1) > 1 ? loaded.documentIndex + 1 : undefined,
    object,
  );
}

/** Short human description of a JSON value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string': {
      const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
      return JSON.stringify(shown);
    }
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

/**
 * Reads manifests from files and directories.
 *
 * Directories are walked recursively (symbolic links followed once) for
 * `.yaml`, `.yml` and `.json` files, in code-point order of their relative
 * paths so the result never depends on the file system. Each document must be
 * a mapping with string `apiVersion` and `kind` (or a list of such mappings);
 * `List` and `*List` kinds are flattened into their items.
 *
 * @param paths files or directories, relative to `cwd` or absolute
 * @param cwd directory relative paths are resolved against
 * @throws InputError for an unreadable path, a directory with no manifests, an empty
 *   or binary file, malformed JSON/YAML, or a document that is not a Kubernetes object
 */
export function loadManifests(paths: string[], cwd: string, options: LoadOptions = {}): LoadedObject[] {
  if (paths.length === 0) {
    throw new InputError('<arguments>', undefined, 'no manifest file or directory given');
  }
  const result: LoadedObject[] = [];
  const ownReports: LoadedObject[] = [];
  for (const p of paths) {
    for (const file of expandPath(p, cwd)) {
      readObjects(file, undefined, options, (loaded) => {
        requireTypeMeta(loaded);
        if (isOwnReport(loaded.object)) {
          ownReports.push(loaded);
          return;
        }
        refuseKustomization(loaded);
        result.push(loaded);
      });
    }
  }
  if (result.length === 0 && ownReports.length > 0) {
    const kinds = [...new Set(ownReports.map((r) => r.object.kind))].sort().join(', ');
    throw new InputError(paths.join(', '), undefined,
      `contains only this tool's own reports (${kinds}, apiVersion ${OWN_API_GROUP}/...), no Kubernetes objects`);
  }
  return result;
}

/**
 * The Kubernetes objects of one manifest file, read as {@link loadManifests}
 * reads them, except that an empty file (or one of empty documents) has none
 * (the cdk8s validation plugin re-reading `cdk8s synth` output: an empty chart
 * writes an empty file).
 */
export function readManifestFile(file: string, cwd: string): LoadedObject[] {
  const absolute = path.resolve(cwd, file);
  const ref: FileRef = { display: displayPath(absolute, cwd), absolute };
  const result: LoadedObject[] = [];
  readObjects(ref, undefined, {}, (loaded) => {
    requireTypeMeta(loaded);
    if (!isOwnReport(loaded.object)) result.push(loaded);
  }, true);
  return result;
}

function apiGroup(apiVersion: unknown): string {
  return typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

function isOwnReport(obj: any): boolean {
  return apiGroup(obj.apiVersion) === OWN_API_GROUP;
}

/** kustomize's configuration is not an object for the cluster (kubectl reads it only with -k). */
function refuseKustomization(loaded: LoadedObject): void {
  if (apiGroup(loaded.object.apiVersion) === 'kustomize.config.k8s.io') {
    throw objectError(loaded, 'kind', `${loaded.object.kind} of ${loaded.object.apiVersion} is kustomize's configuration, not a Kubernetes object; `
      + 'read the directory it builds instead, or pipe the build in: kubectl kustomize DIR | cdk8s-node-agents check -');
  }
}

/**
 * Reads an inventory of Nodes or Pods.
 *
 * Accepts `kubectl get nodes -o json` / `-o yaml` output (a `List` or
 * `NodeList`/`PodList`, whose items may omit `apiVersion`/`kind`), a JSON
 * array, multi-document YAML, a single object, or a directory of such files.
 * Objects without `kind` are taken to be of `expectedKind`.
 *
 * @param file the file (or directory), relative to `cwd` or absolute
 * @param cwd directory relative paths are resolved against
 * @param expectedKind the kind every object must have
 * @throws InputError for anything {@link loadManifests} rejects, an object of another kind,
 *   a missing `metadata.name`, or a name that appears twice (Pods: namespace and name)
 */
export function loadObjectList(file: string, cwd: string, expectedKind: 'Node' | 'Pod', options: LoadOptions = {}): LoadedObject[] {
  const result: LoadedObject[] = [];
  visitObjectList(file, cwd, expectedKind, (loaded) => {
    result.push(loaded);
  }, options);
  return result;
}

/**
 * {@link loadObjectList} without keeping the objects: hands each to `visit`
 * in file order, file by file, so that a caller that keeps only part of each
 * object holds one file's parse tree at a time, not the whole inventory.
 */
export function visitObjectList(file: string, cwd: string, expectedKind: 'Node' | 'Pod', visit: (loaded: LoadedObject) => void, options: LoadOptions = {}): void {
  // The ordinal of the object each name was first seen on: nothing else is kept per
  // object (300,000 pods), so a visitor that keeps part of each object lets the file's
  // parse tree go. The first one's location is looked up again only for the error;
  // standard input cannot be read again, so there the location itself is kept.
  const seen = new Map<string, number | LoadedObject>();
  const files = expandPath(file, cwd);
  let ordinal = 0;
  for (const f of files) {
    readObjects(f, expectedKind, options, (loaded) => {
      const obj = loaded.object;
      if (obj.kind !== undefined && obj.kind !== expectedKind) {
        if (typeof obj.kind !== 'string') {
          throw objectError(loaded, 'kind', `must be a string, got ${describeValue(obj.kind)}`);
        }
        throw objectError(loaded, 'kind', `expected ${article(expectedKind)} ${expectedKind}, got ${describeValue(obj.kind)}`);
      }
      if (obj.apiVersion !== undefined && obj.apiVersion !== 'v1') {
        throw objectError(loaded, 'apiVersion', `${expectedKind} objects have apiVersion "v1", got ${describeValue(obj.apiVersion)}`);
      }
      const meta = obj.metadata;
      if (meta === undefined) {
        throw objectError(loaded, 'metadata.name', `required field is missing (every ${expectedKind} needs a name)`);
      }
      if (!isMapping(meta)) {
        throw objectError(loaded, 'metadata', `must be a mapping, got ${describeValue(meta)}`);
      }
      if (typeof meta.name !== 'string' || meta.name === '') {
        const detail = meta.name === undefined
          ? `required field is missing (every ${expectedKind} needs a name)`
          : `must be a non-empty string, got ${describeValue(meta.name)}`;
        throw objectError(loaded, 'metadata.name', detail);
      }
      if (meta.namespace !== undefined && typeof meta.namespace !== 'string') {
        throw objectError(loaded, 'metadata.namespace', `must be a string, got ${describeValue(meta.namespace)}`);
      }
      const key = objectListKey(expectedKind, meta);
      const firstSeen = seen.get(key);
      if (firstSeen !== undefined) {
        const first = typeof firstSeen === 'number' ? nthObject(files, expectedKind, firstSeen, options) : firstSeen;
        const where = first.file === loaded.file ? locationInFile(first) : `${first.file}${locationInFile(first) ? ` ${locationInFile(first)}` : ''}`;
        throw objectError(loaded, 'metadata.name', `duplicate ${expectedKind} ${JSON.stringify(key)} (already defined ${where ? `at ${where}` : 'earlier'})`);
      }
      seen.set(key, f.stdin ? { ...loaded, object: undefined } : ordinal);
      ordinal++;
      visit(loaded);
    });
  }
}

/** What must be unique in an inventory: a Node's name, a Pod's namespace and name. */
function objectListKey(kind: 'Node' | 'Pod', meta: Record<string, any>): string {
  return kind === 'Pod' ? `${meta.namespace || 'default'}/${meta.name}` : meta.name;
}

/** The location of the `n`th object (0-based) of files already read once without error (never standard input). */
function nthObject(files: readonly FileRef[], kind: string, n: number, options: LoadOptions): LoadedObject {
  let i = 0;
  class Found {
    constructor(readonly loaded: LoadedObject) {}
  }
  try {
    for (const f of files) {
      if (f.stdin) {
        throw new Error(`internal error: standard input cannot be read twice (object ${n})`);
      }
      readObjects(f, kind, { ...options, progress: undefined }, (loaded) => {
        if (i++ === n) throw new Found({ ...loaded, object: undefined });
      });
    }
  } catch (e) {
    if (e instanceof Found) return e.loaded;
    throw e;
  }
  throw new Error(`internal error: object ${n} of ${files.map((f) => f.display).join(', ')} not found again`);
}

function locationInFile(loaded: LoadedObject): string {
  const parts: string[] = [];
  if ((loaded.documentCount ?? 1) > 1) parts.push(`document ${loaded.documentIndex + 1}`);
  if (loaded.path) parts.push(loaded.path);
  return parts.join(' ');
}

function article(kind: string): string {
  return /^[AEIOU]/.test(kind) ? 'an' : 'a';
}

/** A plain JSON object (not null, not an array). */
export function isMapping(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface FileRef {
  readonly display: string;
  readonly absolute: string;
  /** The path `-`: standard input. */
  readonly stdin?: boolean;
}

/** How a path is shown in messages: relative to cwd when inside it, else absolute. */
export function displayPath(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute);
  if (rel === '') return '.';
  if (rel.startsWith('..') || path.isAbsolute(rel)) return absolute;
  return rel;
}

function expandPath(p: string, cwd: string): FileRef[] {
  if (p === '') {
    throw new InputError('<arguments>', undefined, 'empty file name');
  }
  if (p === '-') {
    return [{ display: STDIN_NAME, absolute: '-', stdin: true }];
  }
  const absolute = path.resolve(cwd, p);
  const display = displayPath(absolute, cwd);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch (e) {
    throw new InputError(display, undefined, `cannot read: ${systemErrorText(e)}`);
  }
  if (stat.isDirectory()) {
    const files: FileRef[] = [];
    walkDirectory(absolute, cwd, files, new Set<string>());
    if (files.length === 0) {
      throw new InputError(display, undefined, `directory contains no manifests (no ${MANIFEST_EXTENSIONS.join(', ')} files`
        + ' other than hidden ones and kustomization files)');
    }
    return files;
  }
  if (!stat.isFile()) {
    throw new InputError(display, undefined, 'not a regular file or directory (to read a pipe, give - and redirect it to standard input)');
  }
  return [{ display, absolute }];
}

function walkDirectory(dir: string, cwd: string, out: FileRef[], visited: Set<string>): void {
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch (e) {
    throw new InputError(displayPath(dir, cwd), undefined, `cannot read directory: ${systemErrorText(e)}`);
  }
  if (visited.has(real)) return; // symbolic-link cycle
  visited.add(real);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    throw new InputError(displayPath(dir, cwd), undefined, `cannot read directory: ${systemErrorText(e)}`);
  }
  names.sort(compareCodePoints);
  for (const name of names) {
    // Hidden entries (.git/, editor files, this library's marker file) and kustomize's configuration are not manifests.
    if (name.startsWith('.') || KUSTOMIZATION_FILES.includes(name)) continue;
    const child = path.join(dir, name);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(child);
    } catch (e) {
      // A dangling symbolic link is not a manifest; anything else the user should know about.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new InputError(displayPath(child, cwd), undefined, `cannot read: ${systemErrorText(e)}`);
    }
    if (stat.isDirectory()) {
      walkDirectory(child, cwd, out, visited);
    } else if (stat.isFile() && MANIFEST_EXTENSIONS.includes(path.extname(name))) {
      out.push({ display: displayPath(child, cwd), absolute: child });
    }
  }
}

/** Deterministic string order (code points), independent of locale. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function systemErrorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENOTDIR': return 'a parent of the path is not a directory';
    case 'ELOOP': return 'too many levels of symbolic links';
    default: return err.code ? `${err.code}${err.message ? ` (${err.message})` : ''}` : String(err.message ?? e);
  }
}

/**
 * Parses one file into its Kubernetes objects (Lists flattened) and hands
 * each to `accept` in file order, so the first problem in the file is the one
 * reported. Checks `apiVersion`/`kind` only as far as flattening needs.
 *
 * @param inferKind kind assumed for items of a `<Kind>List` / top-level array that omit it
 */
function readObjects(
  file: FileRef, inferKind: string | undefined, options: LoadOptions, accept: (loaded: LoadedObject) => void, allowEmpty = false,
): void {
  const display = file.display;
  const documents = readDocuments(file, options, allowEmpty);
  const nonEmpty = documents.filter((d) => d.value !== null && d.value !== undefined);
  if (nonEmpty.length === 0) {
    if (allowEmpty) return;
    throw new InputError(display, undefined, documents.length === 0
      ? 'file is empty (expected Kubernetes objects in YAML or JSON)'
      : 'file contains only empty YAML documents (expected Kubernetes objects)');
  }
  let count = 0;
  const progress = options.progress;
  const counted = progress ? (loaded: LoadedObject) => {
    accept(loaded);
    if (++count % 1000 === 0) progress.objects(display, count);
  } : accept;
  nonEmpty.forEach((doc, index) => {
    const ctx: FlattenContext = { file: display, documentIndex: index, documentCount: nonEmpty.length, inferKind, accept: counted };
    flatten(ctx, doc.value, '', undefined);
  });
  if (progress && count % 1000 !== 0) progress.objects(display, count);
}

/**
 * Reads, decodes and parses one file. A function of its own so that the file's
 * bytes and text are garbage once it returns, before its objects are walked.
 */
function readDocuments(file: FileRef, options: LoadOptions, allowEmpty: boolean): ParsedDocument[] {
  const display = file.display;
  let buf: Buffer;
  try {
    if (file.stdin) {
      if (options.progress) options.progress.file(display, -1);
      buf = (options.stdin ?? readProcessStdin)();
    } else {
      if (options.progress) options.progress.file(display, fs.statSync(file.absolute).size);
      buf = fs.readFileSync(file.absolute);
    }
  } catch (e) {
    throw new InputError(display, undefined, `cannot read: ${systemErrorText(e)}`);
  }
  if (buf.length === 0 && allowEmpty) return [];
  return parseDocuments(display, file.absolute, decodeText(display, buf));
}

/**
 * The process's standard input, read to its end. Not `fs.readFileSync(0)`:
 * a pipe that another process (npx, a shell pipeline) left non-blocking makes
 * it fail with EAGAIN, so this waits and reads again.
 */
export function readStandardInput(fd = 0): Buffer {
  const chunks: Buffer[] = [];
  const buf = Buffer.allocUnsafe(1 << 20);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 5); // no data yet: sleep 5 ms
        continue;
      }
      if (code === 'EOF') break; // Windows: end of a pipe
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

function readProcessStdin(): Buffer {
  return readStandardInput();
}

interface FlattenContext {
  readonly file: string;
  readonly documentIndex: number;
  readonly documentCount: number;
  readonly inferKind?: string;
  readonly accept: (loaded: LoadedObject) => void;
}

/** Lists nested deeper than this are refused (a List of Lists of ... is never a cluster dump). */
const MAX_LIST_DEPTH = 32;

function flatten(ctx: FlattenContext, value: unknown, at: string, listKind: { kind: string; apiVersion?: unknown } | undefined, depth = 0): void {
  const here: LoadedObject = { file: ctx.file, documentIndex: ctx.documentIndex, documentCount: ctx.documentCount, path: at, object: value };
  if (depth > MAX_LIST_DEPTH) {
    throw objectError(here, '', `lists nested more than ${MAX_LIST_DEPTH} deep; expected Kubernetes objects`);
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (Array.isArray(item)) {
        throw objectError({ ...here, path: `${at}[${i}]` }, '', `expected a Kubernetes object (a mapping with apiVersion and kind), got ${describeValue(item)}`);
      }
      flatten(ctx, item, `${at}[${i}]`, listKind, depth + 1);
    });
    return;
  }
  if (!isMapping(value)) {
    throw objectError(here, '', `expected a Kubernetes object (a mapping with apiVersion and kind), got ${describeValue(value)}`);
  }
  let obj = value;
  if (obj.kind === undefined && listKind) {
    // Items of a typed list (NodeList from the API) carry no TypeMeta.
    obj = { apiVersion: listKind.apiVersion, kind: listKind.kind, ...obj };
    if (obj.apiVersion === undefined) delete obj.apiVersion;
  }
  if (typeof obj.kind === 'string' && isListKind(obj.kind) && 'items' in obj) {
    const items = obj.items;
    if (items === null || items === undefined) return; // `items: null` is an empty list
    if (!Array.isArray(items)) {
      throw objectError(here, 'items', `must be a list of objects, got ${describeValue(items)}`);
    }
    const elementKind = obj.kind === 'List' ? undefined : obj.kind.slice(0, -'List'.length);
    const inner = elementKind ? { kind: elementKind, apiVersion: obj.apiVersion } : undefined;
    items.forEach((item, i) => {
      const itemPath = joinField(at, `items[${i}]`);
      if (Array.isArray(item)) {
        const itemHere = { ...here, path: itemPath };
        throw objectError(itemHere, '', `expected a Kubernetes object (a mapping with apiVersion and kind), got ${describeValue(item)}`);
      }
      flatten(ctx, item, itemPath, inner, depth + 1);
    });
    return;
  }
  if (obj.kind === undefined && ctx.inferKind !== undefined) {
    // Inventories may be hand-written without TypeMeta: take the expected kind.
    obj = { apiVersion: 'v1', kind: ctx.inferKind, ...obj };
  }
  ctx.accept({ ...here, object: obj });
}

function isListKind(kind: string): boolean {
  return kind === 'List' || (kind.length > 'List'.length && kind.endsWith('List'));
}

/** Every manifest must say what it is. */
function requireTypeMeta(loaded: LoadedObject): void {
  const obj = loaded.object;
  for (const key of ['apiVersion', 'kind']) {
    const v = obj[key];
    if (v === undefined) {
      throw objectError(loaded, key, 'required field is missing (every Kubernetes object has apiVersion and kind, e.g. apiVersion: apps/v1 and kind: DaemonSet)');
    }
    if (typeof v !== 'string' || v === '') {
      throw objectError(loaded, key, `must be a non-empty string, got ${describeValue(v)}`);
    }
  }
}

/** Longest file decoded: V8's longest string (a UTF-8 byte decodes to at most one UTF-16 unit). */
const MAX_STRING_BYTES = bufferConstants.MAX_STRING_LENGTH;

function decodeText(display: string, buf: Buffer): string {
  if (buf.length === 0) {
    throw new InputError(display, undefined, 'file is empty (expected Kubernetes objects in YAML or JSON)');
  }
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    throw new InputError(display, undefined, `not a text file (NUL byte at offset ${nul}); expected YAML or JSON`);
  }
  if (buf.length > MAX_STRING_BYTES) {
    throw new InputError(display, undefined,
      `file is too large to read (${buf.length} bytes; at most ${MAX_STRING_BYTES}): split it into several files in a directory`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new InputError(display, undefined, 'not a UTF-8 text file; expected YAML or JSON');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // byte-order mark
  return text;
}

interface ParsedDocument {
  readonly value: unknown;
}

/**
 * Splits a file into documents and decodes them as `kubectl apply -f` does
 * (apimachinery util/yaml `YAMLOrJSONDecoder`): text that starts with `{` is a
 * stream of JSON values; anything else is YAML read by go-yaml v2's rules
 * (src/input/kubectl-yaml.ts). JSON that starts with `[` and `.json` files are
 * parsed as JSON first (the same values, faster); a `.json` file that is not
 * JSON and does not start with `{` or `[` is read as YAML, as kubectl does.
 */
function parseDocuments(display: string, absolute: string, text: string): ParsedDocument[] {
  const trimmed = text.trimStart();
  if (trimmed === '') {
    return [];
  }
  const first = trimmed[0];
  const isJsonFile = path.extname(absolute).toLowerCase() === '.json';
  if (first === '{' || first === '[' || isJsonFile) {
    try {
      return [{ value: JSON.parse(text) }];
    } catch (e) {
      if (first === '{') return parseJsonStream(display, text, e);
      if (first === '[' && isJsonFile) {
        throw new InputError(display, undefined, `malformed JSON: ${jsonErrorText(text, e)}`);
      }
      // Not JSON after all (e.g. a YAML flow sequence): read it as YAML below.
    }
  }
  let docs: KubectlYamlDocument[];
  try {
    docs = parseKubectlYaml(text);
  } catch (e) {
    if (e instanceof KubectlYamlError) {
      throw new InputError(display, undefined, `malformed YAML at line ${e.line}, column ${e.column}: ${e.detail}`);
    }
    if (e instanceof RangeError) {
      throw new InputError(display, undefined, 'malformed YAML: nested too deeply to read (kubectl reads up to 10000 levels; this tool about 900)');
    }
    throw e;
  }
  return docs.map((d) => ({ value: d.value }));
}

/**
 * Consecutive JSON values (`jq -c` output, or objects written one after the
 * other), as kubectl's JSON decoder reads them; `firstError` is what
 * `JSON.parse` said about the whole text.
 */
function isJsonName(display: string): boolean {
  return path.extname(display).toLowerCase() === '.json';
}

function parseJsonStream(display: string, text: string, firstError: unknown): ParsedDocument[] {
  const out: ParsedDocument[] = [];
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    if (rest.trim() === '') break;
    const bad = findJsonError(rest);
    if (bad === undefined) {
      out.push({ value: JSON.parse(rest) });
      break;
    }
    const head = rest.slice(0, bad);
    let value: unknown;
    try {
      value = JSON.parse(head);
    } catch {
      // The first value itself is malformed: report it where it breaks.
      const hint = out.length === 0 && !isJsonName(display) ? ' (a file that starts with { is read as JSON, as kubectl does)' : '';
      throw new InputError(display, undefined, `malformed JSON: ${jsonErrorText(text, out.length === 0 ? firstError : undefined, at + bad)}${hint}`);
    }
    out.push({ value });
    at += bad;
  }
  return out;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/\s+$/, '');
}

function jsonErrorText(text: string, e: unknown, offset: number | undefined = findJsonError(text)): string {
  const base = e === undefined ? 'unexpected input' : firstLine((e as Error).message);
  if (offset === undefined) return base;
  const { line, col } = lineCol(text, offset);
  const what = offset >= text.length ? 'unexpected end of input' : `unexpected ${JSON.stringify(text[offset])}`;
  return `${what} at line ${line}, column ${col}`;
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}

/**
 * Offset of the first character where `text` stops being valid JSON
 * (RFC 8259), or undefined when it is valid. Only used to locate the error
 * `JSON.parse` reported, since V8's messages carry no position.
 */
export function findJsonError(text: string): number | undefined {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  class Fail {
    constructor(readonly at: number) {}
  }
  const fail = (): never => {
    throw new Fail(i);
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++) {
      if (text[i] !== word[k]) fail();
      i++;
    }
  };
  const str = () => {
    i++; // opening quote
    while (true) {
      if (i >= n) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail();
      if (c === 0x5c) {
        i++;
        const esc = text[i];
        if (esc === 'u') {
          i++;
          for (let k = 0; k < 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
            i++;
          }
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) {
          i++;
        } else {
          fail();
        }
      } else {
        i++;
      }
    }
  };
  const digits = () => {
    if (!/[0-9]/.test(text[i] ?? '')) fail();
    while (/[0-9]/.test(text[i] ?? '')) i++;
  };
  const num = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const value = (depth: number): void => {
    if (depth > 10000) fail();
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      while (true) {
        ws();
        if (text[i] !== '"') fail();
        str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      while (true) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail();
      }
    } else if (c === '"') {
      str();
    } else if (c === 't') {
      literal('true');
    } else if (c === 'f') {
      literal('false');
    } else if (c === 'n') {
      literal('null');
    } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      num();
    } else {
      fail();
    }
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value(0);
    ws();
    if (i < n) fail();
    return undefined;
  } catch (e) {
    if (e instanceof Fail) return e.at;
    throw e;
  }
}
