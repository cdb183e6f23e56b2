/**
 * The streams and working directory a CLI command runs against, and the exit
 * codes every command shares.
 *
 * Commands write through this instead of `process.*` so tests run them
 * in-process and capture exactly what a user would see.
 */
import { UsageError } from './args';
import type { ProgressOptions } from './progress';
import { readStandardInput } from '../input/load';

export { UsageError };

/** What a command reads from and writes to. */
export interface CliIo {
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /**
   * Standard input to its end, for the path `-` (read at most once per run).
   * @default - no standard input: `-` reads as an empty file
   */
  readonly stdin?: () => Buffer;
  /**
   * Whether stderr is a terminal: progress of long loads is shown only then.
   * @default false
   */
  readonly stderrIsTTY?: boolean;
  /**
   * Whether stdin is a terminal (nothing piped in): reading `-` then says it waits for input.
   * @default false
   */
  readonly stdinIsTTY?: boolean;
  /**
   * Thresholds of the progress display (tests shorten them).
   * @default - a file of 64 MiB or more is announced; object counts after 1 s, every 250 ms
   */
  readonly progress?: ProgressOptions;
  /** Standard output (the command's result). */
  stdout(text: string): void;
  /** Standard error (diagnostics). */
  stderr(text: string): void;
}

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
/** Something the command checks failed (unschedulable daemon pod, validation error). */
export const EXIT_FINDINGS = 1;
/** Unusable input or usage error; nothing was written to stdout. */
export const EXIT_USAGE = 2;
/** A bug in this tool (an unexpected internal error), not a problem with the input. */
export const EXIT_INTERNAL = 3;

/** The end of every command's "Exit status" in `--help` (the README says the same). */
export const EXIT_STATUS_COMMON = `2 unusable input or usage error (one line on stderr, nothing on stdout),
3 internal error (a bug in cdk8s-node-agents: the message says how to report it).
A closed standard output (e.g. | head) ends the command quietly, with the status it would have had.`;

/** An `io` that forwards to the real process streams. */
export function processIo(): CliIo {
  let input: Buffer | undefined;
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    stdin: () => {
      input ??= readStandardInput();
      return input;
    },
    stderrIsTTY: process.stderr.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
  };
}

/**
 * Parse a command's arguments: on a usage mistake print it with the usage
 * to stderr, on `help` print the usage to stdout; either way return the exit
 * code. Otherwise return the parsed options.
 */
export function parseCommandArgs<T>(command: string, usage: string, args: string[], parse: (args: string[]) => T | 'help', io: CliIo): T | number {
  let options: T | 'help';
  try {
    options = parse(args);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`cdk8s-node-agents ${command}: ${e.message}\n\n${usage}`);
      return EXIT_USAGE;
    }
    throw e;
  }
  if (options === 'help') {
    io.stdout(usage);
    return EXIT_OK;
  }
  return options;
}
