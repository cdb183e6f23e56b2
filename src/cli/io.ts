/**
 * The streams and working directory a CLI command runs against.
 *
 * Commands write through this instead of `process.*` so tests run them
 * in-process and capture exactly what a user would see.
 */
export interface CliIo {
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
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

/** An `io` that forwards to the real process streams. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  };
}

/** A usage mistake (unknown option, missing argument): exit 2 with the command's usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
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
