/**
 * YAML read exactly as kubectl reads it.
 *
 * `kubectl apply -f` (cli-runtime `StreamVisitor`) splits a YAML stream into
 * documents with apimachinery's `YAMLReader`
 * (staging/src/k8s.io/apimachinery/pkg/util/yaml/decoder.go) and converts each
 * to JSON with sigs.k8s.io/yaml `YAMLToJSON`, which decodes it with go-yaml v2
 * (vendor/gopkg.in/yaml.v2 2.4.0 in Kubernetes 1.28) and then turns map keys into
 * strings (`convertToJSONableObject`) before `encoding/json` writes it. That is
 * YAML 1.1 as go-yaml v2 resolves it, which is neither the YAML 1.2 core schema
 * nor the `yaml` package's own 1.1 schema:
 *
 * - `0644` and `0o644` are 420, `0x1F` is 31, `1_000` is 1000 (resolve.go
 *   `strconv.ParseInt(plain, 0, 64)` after removing `_`); `08` is 8 (a float);
 *   `1:30` stays a string (no sexagesimal numbers); `1e400` stays a string (out
 *   of range); `.inf` and `.nan` cannot become JSON, so kubectl refuses them;
 * - `y`, `yes`, `on`, `n`, `no`, `off` (in three casings) are booleans;
 * - timestamps stay strings (decode.go keeps `n.value` for interface targets);
 * - merge keys (`<<`) are applied in document order: a key written before the
 *   `<<` is overwritten by the merged one, a key after it wins; in a list of maps
 *   the earlier map wins (decode.go `mapping`, `merge`);
 * - a duplicate key keeps its last value (go-yaml's non-strict decoding);
 * - keys that are not strings become strings: ints in decimal, bools as
 *   `true`/`false`, floats as Go's `strconv.FormatFloat(f, 'g', -1, 32)`; a null
 *   (or uint64) key is refused;
 * - `!!binary` values are decoded from base64, other tags make a scalar a string;
 * - a file whose first character is `{` is JSON, not YAML (src/input/load.ts).
 *
 * Two keys that become the same string (`1` and `"1"`) leave kubectl with either
 * value (Go's map order); this module keeps the last. test/input/kubectl-yaml-cases.json
 * holds the cases compared with kubectl.
 *
 * The `yaml` package parses (failsafe schema, so every scalar keeps its source
 * text); this module resolves scalars, merges and keys as go-yaml and
 * sigs.k8s.io/yaml do. One limit differs: the `yaml` package refuses YAML
 * nested more deeply than JavaScript's stack allows (about 900 levels; go-yaml: 10000).
 *
 * Internal module: not part of the jsii API.
 */
import { Alias, Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseAllDocuments, Scalar, visit, YAMLMap } from 'yaml';

/** A YAML stream kubectl could not read, with the position of the problem (1-based). */
export class KubectlYamlError extends Error {
  constructor(readonly line: number, readonly column: number, readonly detail: string) {
    super(`line ${line}, column ${column}: ${detail}`);
    this.name = 'KubectlYamlError';
  }
}

/** One document of a stream: its JSON value (`null` for an empty document) and the line it starts on. */
export interface KubectlYamlDocument {
  readonly value: unknown;
  readonly line: number;
}

// go-yaml v2 yamlh.go tags.
const STR_TAG = 'tag:yaml.org,2002:str';
const BOOL_TAG = 'tag:yaml.org,2002:bool';
const INT_TAG = 'tag:yaml.org,2002:int';
const FLOAT_TAG = 'tag:yaml.org,2002:float';
const NULL_TAG = 'tag:yaml.org,2002:null';
const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp';
const BINARY_TAG = 'tag:yaml.org,2002:binary';
const MERGE_TAG = 'tag:yaml.org,2002:merge';

/**
 * Splits a stream into documents as apimachinery's `YAMLReader.Read` does: a
 * line starting with `---` ends a document; only spaces or a comment may follow
 * the `---` on that line; empty documents between separators are dropped.
 */
export function splitYamlDocuments(text: string): Array<{ readonly text: string; readonly line: number }> {
  const chunks: Array<{ text: string; line: number }> = [];
  let start = 0;
  let startLine = 1;
  let line = 1;
  let counted = 0;
  const separator = /^---/gm;
  let m: RegExpExecArray | null;
  while ((m = separator.exec(text)) !== null) {
    const at = m.index;
    if (at > 0 && text.charCodeAt(at - 1) !== 10) continue; // Go's LineReader splits on "\n" only
    const eol = text.indexOf('\n', at);
    const end = eol < 0 ? text.length : eol + 1;
    line += countNewlines(text, counted, at);
    counted = at;
    const trimmed = text.slice(at + 3, eol < 0 ? text.length : eol).trim();
    if (trimmed.length > 0 && trimmed[0] !== '#') {
      throw new KubectlYamlError(line, 4, `invalid Yaml document separator: ${trimmed}`);
    }
    if (at > start) chunks.push({ text: text.slice(start, at), line: startLine });
    start = end;
    startLine = line + 1;
    separator.lastIndex = end;
  }
  if (start < text.length) chunks.push({ text: text.slice(start), line: startLine });
  return chunks;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Decodes a YAML stream into one JSON value per document, as
 * `kubectl apply -f` does (see the module comment).
 *
 * @throws KubectlYamlError for what kubectl refuses: malformed YAML, a bad
 *   document separator, an unknown alias, excessive aliasing, a bad merge, a
 *   null key, `.inf`/`.nan`, invalid `!!binary` data, a value its tag does not allow
 */
export function parseKubectlYaml(text: string): KubectlYamlDocument[] {
  const out: KubectlYamlDocument[] = [];
  for (const chunk of splitYamlDocuments(text)) {
    // Directives must be followed by `---`, which YAMLReader has cut away (scannerc.go `yaml_parser_parse_document_start`).
    const directive = /^(?:[ \t]*(?:#.*)?\r?\n)*%/.exec(chunk.text);
    if (directive) {
      throw new KubectlYamlError(chunk.line + countNewlines(chunk.text, 0, directive[0].length), 1, 'did not find expected <document start> (a %YAML or %TAG directive must be followed by --- on its own line, and kubectl splits documents at ---)');
    }
    const lineCounter = new LineCounter();
    // go-yaml's Unmarshal reads the first document of what YAMLReader hands it.
    const [doc] = parseAllDocuments(chunk.text, {
      schema: 'failsafe',
      resolveKnownTags: false,
      uniqueKeys: false,
      strict: false,
      prettyErrors: false,
      lineCounter,
    }) as unknown as Array<{ errors: Array<{ message: string; pos: [number, number] }>; contents: Node | null }>;
    if (doc === undefined) {
      out.push({ value: null, line: chunk.line });
      continue;
    }
    const position = (offset: number) => {
      const p = lineCounter.linePos(offset);
      return { line: p.line + chunk.line - 1, column: p.col };
    };
    const err = doc.errors[0];
    if (err) {
      const p = position(err.pos[0]);
      const message = err.message.split('\n')[0].replace(/\s+$/, '');
      throw new KubectlYamlError(p.line, p.column, /^Maximum call stack size exceeded/.test(message)
        ? 'nested too deeply to read (kubectl reads up to 10000 levels; this tool about 900)'
        : message.replace(/ at line \d+, column \d+:?$/, ''));
    }
    checkDoubleQuotedEscapes(chunk.text, doc.contents, position);
    const decoder = new Decoder(doc.contents, chunk.text.includes('*'), position);
    out.push({ value: doc.contents === null ? null : decoder.document(doc.contents), line: chunk.line });
  }
  return out;
}

/**
 * Escapes go-yaml v2 refuses in double-quoted scalars although YAML 1.2 (and the
 * `yaml` package) allows them: `\/`, and `\u`/`\U` codes that are surrogates or
 * beyond U+10FFFF (scannerc.go `yaml_parser_scan_flow_scalar`).
 */
function checkDoubleQuotedEscapes(text: string, root: Node | null, position: (offset: number) => { line: number; column: number }): void {
  if (root === null || !/\\[/uU]/.test(text)) return;
  visit(root as any, {
    Scalar(_key, node) {
      if (node.type !== 'QUOTE_DOUBLE' || !node.range) return;
      const source = text.slice(node.range[0], node.range[1]);
      const escape = /\\(?:(\/)|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|[^])/g;
      let m: RegExpExecArray | null;
      while ((m = escape.exec(source)) !== null) {
        const code = m[2] ?? m[3];
        let detail: string | undefined;
        if (m[1] !== undefined) {
          detail = 'found unknown escape character (\\/ is not a YAML 1.1 escape: write / alone)';
        } else if (code !== undefined) {
          const cp = parseInt(code, 16);
          if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) detail = `found invalid Unicode character escape code (\\${m[0][1]}${code})`;
        }
        if (detail !== undefined) {
          const p = position(node.range[0] + m.index);
          throw new KubectlYamlError(p.line, p.column, detail);
        }
      }
    },
  });
}

/** A `.inf`/`.nan` value, which `encoding/json` cannot write (`json: unsupported value: +Inf`). */
class NonFinite {
  constructor(readonly value: number, readonly node: Node) {}
}

/** What sigs.k8s.io/yaml or encoding/json refuses, checked once the document is decoded (a later duplicate key may replace it). */
interface Deferred {
  readonly holder: object;
  readonly node?: Node;
  readonly detail: string;
}

/**
 * go-yaml v2's decoder (decode.go) for `interface{}` targets, followed by
 * sigs.k8s.io/yaml's key conversion, producing JSON values.
 */
class Decoder {
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<Alias>();
  private readonly anchors = new Map<Alias, Node | undefined>();
  private readonly deferred: Deferred[] = [];

  constructor(root: Node | null, hasAliases: boolean, private readonly position: (offset: number) => { line: number; column: number }) {
    // Aliases refer to the latest node with their anchor before them (decode.go `parser.alias`).
    if (root === null || !hasAliases) return;
    const latest = new Map<string, Node>();
    visit(root as any, (_key, node) => {
      if (isAlias(node)) {
        this.anchors.set(node, latest.get(node.source));
      } else if ((node as Node).anchor) {
        latest.set((node as Node).anchor!, node as Node);
      }
    });
  }

  document(root: Node): unknown {
    const value = this.unmarshal(root);
    if (this.deferred.length > 0) {
      const reachable = new Set<object>();
      collectObjects(value, reachable);
      const problem = this.deferred.find((d) => reachable.has(d.holder));
      if (problem) this.fail(problem.node, problem.detail);
    }
    return value;
  }

  private fail(node: Node | null | undefined, detail: string): never {
    const offset = node?.range?.[0] ?? 0;
    const p = this.position(offset);
    throw new KubectlYamlError(p.line, p.column, detail);
  }

  /** decode.go `unmarshal` (with its alias-expansion limit) into a new value, or into `into` for a merge. */
  private unmarshal(node: Node | null, into?: Record<string, unknown>): unknown {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      this.fail(node, 'document contains excessive aliasing');
    }
    if (node === null) return null; // an absent value: an empty plain scalar
    if (isAlias(node)) return this.alias(node, into);
    if (isMap(node)) {
      const out = into ?? {};
      this.mapping(node, out);
      return out;
    }
    if (isSeq(node)) {
      return node.items.map((item) => this.unmarshal(item as Node | null));
    }
    return this.scalar(node as Scalar);
  }

  private target(node: Alias): Node {
    const target = this.anchors.get(node);
    if (target === undefined) this.fail(node, `unknown anchor '${node.source}' referenced`);
    return target;
  }

  /** decode.go `alias`. */
  private alias(node: Alias, into?: Record<string, unknown>): unknown {
    const target = this.target(node);
    if (this.expanding.has(node)) this.fail(node, `anchor '${node.source}' value contains itself`);
    this.expanding.add(node);
    this.aliasDepth++;
    try {
      return this.unmarshal(target, into);
    } finally {
      this.aliasDepth--;
      this.expanding.delete(node);
    }
  }

  /** decode.go `mapping` (merge keys applied where they appear) with yaml.go's key conversion. */
  private mapping(node: YAMLMap, out: Record<string, unknown>): void {
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const valueNode = pair.value as Node | null;
      if (isMergeKey(keyNode)) {
        this.merge(valueNode, out, keyNode);
        continue;
      }
      const key = this.key(keyNode, out);
      setKey(out, key, this.unmarshal(valueNode));
    }
  }

  /** decode.go `merge`. */
  private merge(node: Node | null, out: Record<string, unknown>, at: Node | null): void {
    const wantMap = 'map merge requires map or sequence of maps as the value';
    if (node !== null && isMap(node)) {
      this.unmarshal(node, out);
    } else if (node !== null && isAlias(node)) {
      if (!isMap(this.target(node))) this.fail(node, wantMap);
      this.unmarshal(node, out);
    } else if (node !== null && isSeq(node)) {
      // Step backwards as earlier nodes take precedence.
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i] as Node | null;
        if (item !== null && isAlias(item)) {
          if (!isMap(this.target(item))) this.fail(item, wantMap);
        } else if (item === null || !isMap(item)) {
          this.fail(item ?? node, wantMap);
        }
        this.unmarshal(item, out);
      }
    } else {
      this.fail(node ?? at, wantMap);
    }
  }

  /** A mapping key: decoded like a value, then made a string as yaml.go `convertToJSONableObject` does. */
  private key(node: Node | null, holder: object): string {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (node !== null && isAlias(node)) {
      const target = this.target(node);
      if (this.expanding.has(node)) this.fail(node, `anchor '${node.source}' value contains itself`);
      this.expanding.add(node);
      this.aliasDepth++;
      try {
        return this.key(target, holder);
      } finally {
        this.aliasDepth--;
        this.expanding.delete(node);
      }
    }
    if (node !== null && (isMap(node) || isSeq(node))) {
      this.fail(node, `invalid map key: a ${isMap(node) ? 'mapping' : 'sequence'} cannot be a key`);
    }
    const scalar = node as Scalar | null;
    const text = scalar === null ? '' : scalarText(scalar);
    const tag = scalar?.tag ?? '';
    const implicit = tag === '' ? scalar === null || scalar.type === 'PLAIN' : tag === '!';
    if (tag === '' && !implicit) return text;
    const value = this.resolveTagged(scalar, tag, text);
    const kind = resolvedTag;
    if (kind === BINARY_TAG || kind === TIMESTAMP_TAG) return value as string;
    if (value === null) {
      this.deferred.push({ holder, node: scalar ?? undefined, detail: `unsupported map key of type: <nil> (the key ${JSON.stringify(text)} reads as null); quote it` });
      return text;
    }
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'bigint') {
      if (value > INT64_MAX) {
        this.deferred.push({ holder, node: scalar!, detail: `unsupported map key of type: uint64 (the key ${text} is above the int64 range); quote it` });
      }
      return value.toString();
    }
    if (typeof value === 'number') {
      return kind === INT_TAG ? String(value) : formatFloat32(value);
    }
    return value as string;
  }

  /** decode.go `scalar` for an `interface{}` target, as the JSON value encoding/json then writes. */
  private scalar(node: Scalar): unknown {
    const text = scalarText(node);
    const tag = node.tag ?? '';
    if (tag === '') {
      if (node.type !== 'PLAIN') return text;
      const v = resolvePlain(text);
      if (typeof v === 'number') return this.number(v, node);
      return v;
    }
    const v = this.resolveTagged(node, tag, text);
    if (typeof v === 'bigint') return Number(v);
    if (typeof v === 'number') return this.number(v, node);
    return v;
  }

  private number(v: number, node: Node): unknown {
    if (!Number.isFinite(v)) {
      const marker = new NonFinite(v, node);
      this.deferred.push({ holder: marker, node, detail: `json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'} (${JSON.stringify(scalarText(node as Scalar))} cannot be written as JSON); quote it if you mean a string` });
      return marker;
    }
    return v === 0 ? 0 : v; // encoding/json writes -0 as "-0", which kubectl reads back as the integer 0
  }

  /** resolve.go `resolve` for a tagged (or implicit) scalar, with decode.go's `!!binary` handling; sets `resolvedTag`. */
  private resolveTagged(node: Scalar | null, tag: string, text: string): unknown {
    let value: unknown;
    try {
      value = resolve(tag, text);
    } catch (e) {
      if (e instanceof ResolveError) this.fail(node, e.message);
      throw e;
    }
    if (resolvedTag === BINARY_TAG) {
      const bytes = decodeBase64Std(value as string);
      if (bytes === undefined) this.fail(node, '!!binary value contains invalid base64 data');
      return goStringFromBytes(bytes);
    }
    if (resolvedTag === TIMESTAMP_TAG) return text;
    return value;
  }
}

/** The scalar's text: the failsafe schema keeps every scalar as its (unescaped, folded) source string. */
function scalarText(node: Scalar): string {
  const v = node.value;
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
}

/** decode.go `isMerge`: a plain, untagged `<<` (or one tagged `!!merge`). */
function isMergeKey(node: Node | null): boolean {
  if (node === null || !isScalar(node) || node.value !== '<<') return false;
  const tag = node.tag ?? '';
  return (tag === '' && node.type === 'PLAIN') || tag === '!' || tag === MERGE_TAG;
}

/** Sets a key as `JSON.parse` would (an own property, even `__proto__`). */
function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    out[key] = value;
  }
}

function collectObjects(value: unknown, into: Set<object>): void {
  if (value === null || typeof value !== 'object' || into.has(value)) return;
  into.add(value);
  if (value instanceof NonFinite) return;
  for (const v of Array.isArray(value) ? value : Object.values(value)) collectObjects(v, into);
}

/** decode.go `allowedAliasRatio`. */
function allowedAliasRatio(decodeCount: number): number {
  const low = 400000;
  const high = 4000000;
  if (decodeCount <= low) return 0.99;
  if (decodeCount >= high) return 0.10;
  return 0.99 - 0.89 * ((decodeCount - low) / (high - low));
}

// ---------------------------------------------------------------------------
// resolve.go

class ResolveError extends Error {}

/** The tag `resolve` settled on (resolve.go returns it alongside the value). */
let resolvedTag = '';

/** resolve.go `resolveMap`. */
const RESOLVE_MAP = new Map<string, [string, unknown]>();
for (const [value, tag, words] of [
  [true, BOOL_TAG, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']],
  [false, BOOL_TAG, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']],
  [null, NULL_TAG, ['', '~', 'null', 'Null', 'NULL']],
  [NaN, FLOAT_TAG, ['.nan', '.NaN', '.NAN']],
  [Infinity, FLOAT_TAG, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']],
  [-Infinity, FLOAT_TAG, ['-.inf', '-.Inf', '-.INF']],
  ['<<', MERGE_TAG, ['<<']],
] as Array<[unknown, string, string[]]>) {
  for (const w of words) RESOLVE_MAP.set(w, [tag, value]);
}

/** resolve.go `resolveTable`: the hint for a scalar's first byte. */
function hint(c: number): string {
  if (c === 0x2b || c === 0x2d) return 'S'; // + -
  if (c >= 0x30 && c <= 0x39) return 'D';
  if (c === 0x2e) return '.';
  return 'yYnNtTfFoO~'.includes(String.fromCharCode(c)) ? 'M' : '';
}

/** resolve.go `yamlStyleFloat`. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** What Go's `strconv.ParseFloat` accepts for a string that starts with `.`: underscores only between digits (`underscoreOK`). */
const DOT_FLOAT = /^\.[0-9]+(_[0-9]+)*([eE][-+]?[0-9]+(_[0-9]+)*)?$/;
const SMALL_DECIMAL = /^-?(0|[1-9][0-9]{0,14})$/;

const INT64_MAX = 9223372036854775807n;
const INT64_MIN_ABS = 9223372036854775808n;
const UINT64_MAX = 18446744073709551615n;

/** `resolve("", s)` for a plain scalar, as a JSON value (the hot path: no tag). */
function resolvePlain(s: string): unknown {
  resolvedTag = STR_TAG;
  if (s.length === 0) {
    resolvedTag = NULL_TAG;
    return null;
  }
  const h = hint(s.charCodeAt(0));
  if (h === '') return s;
  const v = resolve('', s);
  if (typeof v === 'bigint') return Number(v);
  if (resolvedTag === TIMESTAMP_TAG) return s;
  return v;
}

function resolvable(tag: string): boolean {
  return tag === '' || tag === STR_TAG || tag === BOOL_TAG || tag === INT_TAG || tag === FLOAT_TAG || tag === NULL_TAG || tag === TIMESTAMP_TAG;
}

function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/**
 * resolve.go `resolve(tag, in)`: the value go-yaml gives a scalar (bigint for
 * integers outside JavaScript's safe range, uint64 included); sets `resolvedTag`.
 */
function resolve(tag: string, s: string): unknown {
  if (!resolvable(tag)) {
    resolvedTag = tag;
    return s;
  }
  const [rtag, out] = resolveUntyped(tag, s);
  resolvedTag = rtag;
  if (tag === '' || tag === rtag || tag === STR_TAG || tag === BINARY_TAG) return out;
  if (tag === FLOAT_TAG && rtag === INT_TAG) {
    resolvedTag = FLOAT_TAG;
    return Number(out);
  }
  throw new ResolveError(`cannot decode ${shortTag(rtag)} \`${s}\` as a ${shortTag(tag)}`);
}

function resolveUntyped(tag: string, s: string): [string, unknown] {
  const h = s.length === 0 ? 'N' : hint(s.charCodeAt(0));
  if (h !== '' && tag !== STR_TAG && tag !== BINARY_TAG) {
    const item = RESOLVE_MAP.get(s);
    if (item) return item;
    switch (h) {
      case '.':
        if (DOT_FLOAT.test(s)) {
          const f = Number(s.replace(/_/g, ''));
          if (Number.isFinite(f)) return [FLOAT_TAG, f];
        }
        break;
      case 'D':
      case 'S': {
        if ((tag === '' || tag === TIMESTAMP_TAG) && parseTimestamp(s)) return [TIMESTAMP_TAG, s];
        if (SMALL_DECIMAL.test(s)) return [INT_TAG, Number(s)];
        const plain = s.replace(/_/g, '');
        const i = parseInt64(plain);
        if (i !== undefined) return [INT_TAG, i];
        const u = parseUint(plain, 0);
        if (typeof u === 'bigint') return [INT_TAG, u];
        if (YAML_STYLE_FLOAT.test(plain)) {
          const f = Number(plain);
          if (Number.isFinite(f)) return [FLOAT_TAG, f];
        }
        if (plain.startsWith('0b')) {
          const b = parseInt64(plain.slice(2), 2);
          if (b !== undefined) return [INT_TAG, b];
          const ub = parseUint(plain.slice(2), 2);
          if (typeof ub === 'bigint') return [INT_TAG, ub];
        } else if (plain.startsWith('-0b')) {
          const b = parseInt64('-' + plain.slice(3), 2);
          if (b !== undefined) return [INT_TAG, b];
        }
        break;
      }
      default:
        break;
    }
  }
  return [STR_TAG, s];
}

/** An integer as go-yaml hands it on: a number when exact, else a bigint. */
function intValue(n: bigint): number | bigint {
  return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
}

/** Go's `strconv.ParseInt(s, base, 64)`; undefined on a syntax or range error. */
function parseInt64(s: string, base = 0): number | bigint | undefined {
  if (s.length === 0) return undefined;
  let neg = false;
  let rest = s;
  if (s[0] === '+') {
    rest = s.slice(1);
  } else if (s[0] === '-') {
    rest = s.slice(1);
    neg = true;
  }
  const u = parseUint(rest, base);
  if (typeof u !== 'bigint') return undefined;
  if (!neg && u > INT64_MAX) return undefined;
  if (neg && u > INT64_MIN_ABS) return undefined;
  return intValue(neg ? -u : u);
}

/** Go's `strconv.ParseUint(s, base, 64)` (base 0: `0x`, `0o`, `0b` and `0` prefixes; no sign, no underscores left). */
function parseUint(s: string, base: number): bigint | 'syntax' | 'range' {
  if (s.length === 0) return 'syntax';
  let digits = s;
  let b = base;
  if (base === 0) {
    b = 10;
    if (s[0] === '0') {
      const p = s.length >= 3 ? s[1].toLowerCase() : '';
      if (p === 'b') {
        b = 2;
        digits = s.slice(2);
      } else if (p === 'o') {
        b = 8;
        digits = s.slice(2);
      } else if (p === 'x') {
        b = 16;
        digits = s.slice(2);
      } else {
        b = 8;
        digits = s.slice(1);
      }
    }
  }
  let n = 0n;
  const big = BigInt(b);
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i) | 0x20; // lower-case letters; digits unchanged
    let d: number;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (c >= 0x61 && c <= 0x7a) d = c - 0x61 + 10;
    else return 'syntax';
    if (d >= b) return 'syntax';
    n = n * big + BigInt(d);
    if (n > UINT64_MAX) {
      // strconv reports the range error only after checking the remaining digits' syntax.
      for (let j = i + 1; j < digits.length; j++) {
        const cj = digits.charCodeAt(j) | 0x20;
        const dj = cj >= 0x30 && cj <= 0x39 ? cj - 0x30 : cj >= 0x61 && cj <= 0x7a ? cj - 0x61 + 10 : 99;
        if (dj >= b) return 'syntax';
      }
      return 'range';
    }
  }
  return n;
}

/**
 * resolve.go `parseTimestamp`: the four layouts go-yaml accepts
 * ("2006-1-2T15:4:5.999999999Z07:00", the same with "t", "2006-1-2 15:4:5.999999999",
 * "2006-1-2"), with Go's `time.Parse` range checks.
 */
function parseTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  const m = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:([Tt ])([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$/.exec(s);
  if (!m) return false;
  const [, y, mo, d, sep, hh, mm, ss, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  const year = Number(y);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (day > days) return false;
  if (sep === undefined) return true;
  if ((sep === ' ') === (zone !== undefined)) return false; // the space layout has no zone; T/t layouts need one
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return false;
  if (zone !== undefined && zone !== 'Z') {
    const [zh, zm] = zone.slice(1).split(':').map(Number);
    if (zh > 24 || zm > 60) return false;
  }
  return true;
}

/** Go's `base64.StdEncoding.DecodeString` (padding required, `\r` and `\n` ignored); undefined when invalid. */
function decodeBase64Std(s: string): Uint8Array | undefined {
  const t = s.replace(/[\r\n]/g, '');
  if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(={0,2})$/.test(t)) return undefined;
  return Buffer.from(t, 'base64');
}

/** A Go string from bytes as encoding/json writes it: each byte of an invalid UTF-8 sequence becomes U+FFFD. */
function goStringFromBytes(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i];
    let need = 0;
    let cp = 0;
    let min = 0;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i++;
      continue;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      min = 0x10000;
    } else {
      out += '\ufffd';
      i++;
      continue;
    }
    let ok = i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) {
      const b = bytes[i + k];
      if ((b & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (b & 0x3f);
    }
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      out += '\ufffd';
      i++;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

/** Go's `strconv.FormatFloat(f, 'g', -1, 32)` with yaml.go's `.inf`/`-.inf`/`.nan` names. */
export function formatFloat32(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  const x = Math.fround(f);
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const neg = x < 0;
  const a = Math.abs(x);
  // Shortest decimal that reads back as the same float32.
  let digits = '';
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const e = a.toExponential(p - 1);
    if (Math.fround(Number(e)) === a) {
      const [mant, ex] = e.split('e');
      digits = mant.replace('.', '').replace(/0+$/, '') || '0';
      exp = Number(ex);
      break;
    }
  }
  const nd = digits.length;
  let s: string;
  if (exp < -4 || exp >= 6) {
    const mant = nd > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ae = Math.abs(exp);
    s = `${mant}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  } else if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    s = frac ? `${intPart}.${frac}` : intPart;
  } else {
    s = `0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  return neg ? `-${s}` : s;
}

/**
 * Whether kubectl reads `s`, written as a plain (unquoted) scalar, back as the
 * same string: false for anything go-yaml resolves to a bool, number or null
 * (`yes`, `0o644`, `~`, ...) and for the merge key `<<`.
 */
export function plainScalarReadsAsString(s: string): boolean {
  if (s === '<<') return false;
  const v = resolvePlain(s);
  return typeof v === 'string' && v === s;
}

/**
 * One YAML document that kubectl reads back as exactly `value` (a JSON value):
 * the `yaml` package's YAML 1.1 output, with every string that go-yaml v2 would
 * resolve to something else when written plain (`0o644`, `+0o7`, `0b-1`, `0B11`,
 * a `<<` key, ...: the package's own 1.1 schema leaves those unquoted) double-quoted.
 */
export function stringifyForKubectl(value: unknown): string {
  const doc = new Document(value, {
    version: '1.1',
    // Without the merge tag a "<<" key is an ordinary string, quoted below.
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== MERGE_TAG),
  });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && !plainScalarReadsAsString(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}
