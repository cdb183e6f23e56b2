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
