/**
 * Command-line parsing for `place`, `check` and the example, on Node's own
 * `util.parseArgs` (its tokens: `--opt value`, `--opt=value`, `-h`, `--`).
 * Unknown options and misused values become a {@link UsageError} with a
 * message in this tool's words; the first problem from the left wins, and
 * `-h`/`--help` wins over anything after it. Internal module.
 */
import { parseArgs } from 'util';

/** What went wrong, for callers that phrase it their own way. */
export type UsageProblem =
  | { readonly kind: 'unknown-option'; readonly option: string }
  | { readonly kind: 'missing-value'; readonly option: string }
  | { readonly kind: 'unexpected-value'; readonly option: string }
  | { readonly kind: 'repeated'; readonly option: string };

/** A usage mistake (unknown option, missing argument): exit 2 with the command's usage. */
export class UsageError extends Error {
  constructor(message: string, readonly problem?: UsageProblem) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One option of a command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** What the value is, for "option --nodes needs a file name". */
  readonly valueName?: string;
  /** The message when the option is given twice. */
  readonly repeated?: string;
}

/** The parsed command line. */
export interface CommandLine {
  /** Option values by name (`true` for a boolean option given). */
  readonly values: Readonly<Record<string, string | true>>;
  readonly positionals: readonly string[];
  /** `-h` or `--help` was given (before any mistake). */
  readonly help: boolean;
}

/**
 * Parses `args` against `options` (long names; `-h`/`--help` are always
 * known). A value that looks like an option (`--pods --json`) is refused, but
 * `-` (standard input) is a value.
 *
 * @throws UsageError for the first mistake from the left
 */
export function parseCommandLine(args: readonly string[], options: Readonly<Record<string, OptionSpec>>): CommandLine {
  const { tokens } = parseArgs({
    args: [...args],
    options: {
      ...Object.fromEntries(Object.entries(options).map(([name, spec]) => [name, { type: spec.type }])),
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const values: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue; // the `--` terminator
    if (token.name === 'help') return { values, positionals, help: true };
    const spec = Object.prototype.hasOwnProperty.call(options, token.name) ? options[token.name] : undefined;
    if (spec === undefined || token.rawName.length === 2) {
      throw new UsageError(`unknown option ${JSON.stringify(token.rawName)}`, { kind: 'unknown-option', option: token.rawName });
    }
    const flag = `--${token.name}`;
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`option ${flag} takes no value`, { kind: 'unexpected-value', option: flag });
      values[token.name] = true;
      continue;
    }
    const value = token.value;
    if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('-') && value !== '-')) {
      throw new UsageError(`option ${flag} needs ${spec.valueName ?? 'a value'}`, { kind: 'missing-value', option: flag });
    }
    if (values[token.name] !== undefined) {
      throw new UsageError(spec.repeated ?? `option ${flag} given more than once`, { kind: 'repeated', option: flag });
    }
    values[token.name] = value;
  }
  return { values, positionals, help: false };
}
