/**
 * `cdk8s-node-agents check`: would a Kubernetes 1.28 cluster accept these
 * manifests, what Pod Security level do their pods need, and what do the
 * node-agent lints say?
 *
 * For every object in the given files and directories: the apiserver's
 * validation errors and warnings (src/validation: `ValidateDaemonSet` after
 * apps/v1 defaulting, metadata rules for companion objects), the Pod Security
 * Standards level of pod templates (and a PodSecurity rejection when a
 * Namespace among the inputs enforces a stricter level), and the lints.
 *
 * Exit codes: 0 no errors; 1 some object has an error (an apiserver error or
 * an unsilenced error-severity lint); 2 unusable input (unreadable, or an
 * object the apiserver cannot decode: wrong JSON types, malformed quantities)
 * or usage error, with a message naming the file and field and nothing on stdout;
 * 3 internal error.
 */
import { parseCommandLine } from './args';
import { CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_STATUS_COMMON, EXIT_USAGE, parseCommandArgs, UsageError } from './io';
import { LoadProgressReporter } from './progress';
import { describeValue, DIRECTORY_RULE, InputError, LoadedObject, LoadOptions, loadManifests, objectError } from '../input/load';
import { decodeProblems } from '../validation/decode';
import { LintFinding } from '../validation/lints';
import { ObjectReport, validateObjects } from '../validation/validate';

/** `check --help`. */
export const CHECK_USAGE = `Usage: cdk8s-node-agents check [--json] <manifest file or dir>...

Check manifests the way a Kubernetes 1.28 cluster would, plus node-agent lints:
  - apiserver validation errors and warnings (DaemonSets are defaulted and
    validated like the apiserver does; Namespaces, ServiceAccounts, ConfigMaps,
    Services and RBAC objects get their metadata and key rules),
  - the Pod Security Standards level each pod template needs (and an error when
    a Namespace among the inputs enforces a stricter level),
  - lints with stable ids (no-latest-tag, max-surge-with-host-port, ...).

Accept a lint finding, with a reason a reviewer can read, with the annotation
  cdk8s-node-agents.io/ignore.<rule-id>: "<container>[,<container>]: <reason>"
("*" for every container and pod-level findings), or silence rules on a whole
object with
  cdk8s-node-agents.io/ignore: <rule-id>[,<rule-id>]
(silenced findings are still listed, marked as silenced, with their reason).

Options:
  --json       print JSON: {"objects": [{file, kind, namespace, name, errors: [{field, message}],
               warnings: [...], lints: [{rule, severity, field, message}], podSecurityLevel}]}
  -h, --help   show this help

Manifests are YAML or JSON, multi-document and List kinds included; - is standard
input, e.g. helm template ... | cdk8s-node-agents check -
(a kustomize overlay: kubectl kustomize DIR | cdk8s-node-agents check -).

${DIRECTORY_RULE}

Exit status: 0 no errors, 1 some object has an error (apiserver error or an
error-severity lint),
${EXIT_STATUS_COMMON}
An object the apiserver cannot decode (a field of the wrong type, a malformed
quantity) is unusable input (2).
`;

/** Parsed `check` arguments. */
export interface CheckOptions {
  readonly json: boolean;
  readonly manifests: string[];
}

/** Parses `check` arguments (util.parseArgs); `help` when -h/--help was given. */
export function parseCheckArgs(args: string[]): CheckOptions | 'help' {
  const line = parseCommandLine(args, { json: { type: 'boolean' } });
  if (line.help) return 'help';
  const manifests = [...line.positionals];
  if (manifests.length === 0) throw new UsageError('missing manifest file or directory');
  if (manifests.filter((m) => m === '-').length > 1) {
    throw new UsageError('standard input (-) can be read only once, but two manifest arguments name it');
  }
  return { json: line.values.json === true, manifests };
}

/** One object's report with the file it came from. */
export interface CheckedObject {
  readonly loaded: LoadedObject;
  readonly report: ObjectReport;
}

/**
 * Loads and validates; throws InputError for unusable input: unreadable files,
 * and objects the apiserver could not decode (a field with the wrong JSON type,
 * a malformed quantity), as `kubectl apply` fails on them before any validation.
 */
export function computeCheck(options: CheckOptions, cwd: string, load: LoadOptions = {}): CheckedObject[] {
  const loaded = loadManifests(options.manifests, cwd, load);
  for (const l of loaded) {
    const problems = decodeProblems(l.object, { quantities: true });
    if (problems.length > 0) {
      const p = problems[0];
      const got = p.quotesValue ? '' : `, got ${describeValue(p.value)}`;
      throw objectError(l, p.field, `${p.detail}${got} (${l.object.kind} ${JSON.stringify(l.object.metadata?.name ?? '')} cannot be decoded)`);
    }
  }
  const reports = validateObjects(loaded.map((l) => l.object));
  return loaded.map((l, i) => ({ loaded: l, report: reports[i] }));
}

function isError(l: LintFinding): boolean {
  return l.severity === 'error' && !l.silenced;
}

/** True when some object has an apiserver error or an unsilenced error lint. */
export function hasErrors(checked: readonly CheckedObject[]): boolean {
  return checked.some(({ report }) => report.errors.length > 0 || report.lints.some(isError));
}

/** The `--json` document (stable key order, 2-space indent, trailing newline). */
export function formatCheckJson(checked: readonly CheckedObject[]): string {
  const objects = checked.map(({ loaded, report: r }) => ({
    file: loaded.file,
    apiVersion: r.apiVersion,
    kind: r.kind,
    namespace: r.namespace,
    name: r.name,
    errors: r.errors.map((e) => ({ field: e.field, type: e.type, message: e.message })),
    warnings: r.warnings,
    lints: r.lints.map((l) => ({
      rule: l.rule,
      severity: l.severity,
      field: l.field,
      message: l.message,
      ...(l.silenced ? { silenced: true, silencedBy: l.silencedBy } : {}),
    })),
    ...(r.podSecurityLevel !== undefined ? { podSecurityLevel: r.podSecurityLevel } : {}),
  }));
  return JSON.stringify({ objects }, null, 2) + '\n';
}

function objectTitle({ loaded, report: r }: CheckedObject): string {
  const ns = r.namespace !== '' ? `${r.namespace}/` : '';
  const where = loaded.path ? `${loaded.file} ${loaded.path}` : (loaded.documentCount ?? 1) > 1 ? `${loaded.file} document ${loaded.documentIndex + 1}` : loaded.file;
  return `${r.kind || '<no kind>'} ${ns}${r.name || '<no name>'} (${where})`;
}

/** Human-readable report: one block per object, errors first, then warnings, notes and silenced lints. */
export function formatCheckText(checked: readonly CheckedObject[]): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let silenced = 0;
  for (const c of checked) {
    const r = c.report;
    lines.push(objectTitle(c));
    if (r.podSecurityLevel !== undefined) lines.push(`  pod security: ${r.podSecurityLevel}`);
    const rows: string[] = [];
    for (const e of r.errors) rows.push(`  error    ${e.message}`);
    for (const l of r.lints.filter(isError)) rows.push(`  error    [${l.rule}] ${l.field}: ${l.message}`);
    for (const w of r.warnings) rows.push(`  warning  ${w}`);
    for (const l of r.lints.filter((x) => x.severity === 'warning' && !x.silenced)) rows.push(`  warning  [${l.rule}] ${l.field}: ${l.message}`);
    for (const l of r.lints.filter((x) => x.severity === 'info' && !x.silenced)) rows.push(`  info     [${l.rule}] ${l.field}: ${l.message}`);
    for (const l of r.lints.filter((x) => x.silenced)) rows.push(`  silenced [${l.rule}] ${l.field}: ${l.message} (${l.silencedBy})`);
    lines.push(...(rows.length > 0 ? rows : ['  ok']));
    lines.push('');
    errors += r.errors.length + r.lints.filter(isError).length;
    warnings += r.warnings.length + r.lints.filter((x) => x.severity === 'warning' && !x.silenced).length;
    infos += r.lints.filter((x) => x.severity === 'info' && !x.silenced).length;
    silenced += r.lints.filter((x) => x.silenced).length;
  }
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  lines.push(`${plural(checked.length, 'object')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'note')}`
    + (silenced > 0 ? `, ${silenced} silenced` : ''));
  return lines.join('\n') + '\n';
}

/** Runs `check` with its arguments (after the subcommand); returns the exit code. */
export function runCheck(args: string[], io: CliIo): number {
  const options = parseCommandArgs('check', CHECK_USAGE, args, parseCheckArgs, io);
  if (typeof options === 'number') return options;
  const progress = io.stderrIsTTY ? new LoadProgressReporter((t) => io.stderr(t), { stdinIsTTY: io.stdinIsTTY, ...io.progress }) : undefined;
  let checked: CheckedObject[];
  let output: string;
  try {
    checked = computeCheck(options, io.cwd, { stdin: io.stdin ?? (() => Buffer.alloc(0)), progress });
    output = options.json ? formatCheckJson(checked) : formatCheckText(checked);
    progress?.done();
  } catch (e) {
    progress?.done();
    if (e instanceof InputError) {
      io.stderr(`cdk8s-node-agents check: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  io.stdout(output);
  return hasErrors(checked) ? EXIT_FINDINGS : EXIT_OK;
}
