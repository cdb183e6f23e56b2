/**
 * The `cdk8s-node-agents` command line: dispatches to `place` and `check`.
 *
 * `run(argv, io)` does the work and returns the exit code, so tests run the
 * CLI in-process; `main()` is what bin/cdk8s-node-agents calls: it also makes a
 * closed standard output (`| head`) end the program quietly.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runCheck } from './check';
import { CliIo, EXIT_INTERNAL, EXIT_OK, EXIT_STATUS_COMMON, EXIT_USAGE, processIo } from './io';
import { runPlace } from './place';

/** Where bugs are reported (package.json `repository`, as a web address). */
export const ISSUES_URL = 'https://github.com/cdk8s-node-agents/cdk8s-node-agents/issues';

/** Top-level `--help`. */
export const USAGE = `Usage: cdk8s-node-agents <command> [options]

Commands:
  place   show where DaemonSets would run on a cluster (Kubernetes 1.28 placement rules)
  check   validate manifests: Kubernetes 1.28 API rules, Pod Security level, node-agent lints

Options:
  -h, --help   show this help (\`cdk8s-node-agents <command> --help\` for a command's options)
  --version    print the version

Files may be - for standard input. Run \`cdk8s-node-agents place --help\` for the
place command's options and for what a directory walk reads.

Exit status: 0 success, 1 findings (a DaemonSet that cannot be scheduled, an object with an error),
${EXIT_STATUS_COMMON}
`;

/** The package version, read from package.json next to src/ or lib/. */
export function packageVersion(): string {
  const file = path.join(__dirname, '..', '..', 'package.json');
  const version = JSON.parse(fs.readFileSync(file, 'utf8')).version;
  return typeof version === 'string' ? version : '0.0.0';
}

/** What a user sees for a bug: what happened, that it is a bug, and how to report it. */
export function internalErrorMessage(e: unknown): string {
  const err = e as Error;
  let version = 'unknown';
  try {
    version = packageVersion();
  } catch {
    // Reporting the bug matters more than the version.
  }
  return `cdk8s-node-agents: internal error: ${err?.message ?? String(e)}\n`
    + `  This is a bug in cdk8s-node-agents ${version}, not a problem with your input. Please report it at ${ISSUES_URL}\n`
    + '  with the command line and, if you can, the input files (CDK8S_NODE_AGENTS_DEBUG=1 prints the stack trace).\n';
}

/** Runs the CLI with `argv` (without `node` and the script); returns the exit code. */
export function run(argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        io.stderr(`cdk8s-node-agents: missing command\n\n${USAGE}`);
        return EXIT_USAGE;
      case '-h':
      case '--help':
      case 'help':
        io.stdout(USAGE);
        return EXIT_OK;
      case '--version':
      case '-v':
        io.stdout(`${packageVersion()}\n`);
        return EXIT_OK;
      case 'place':
        return runPlace(rest, io);
      case 'check':
        return runCheck(rest, io);
      default:
        io.stderr(command.startsWith('-')
          ? `cdk8s-node-agents: unknown option ${JSON.stringify(command)}\n\n${USAGE}`
          : `cdk8s-node-agents: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
        return EXIT_USAGE;
    }
  } catch (e) {
    // A bug, not bad input: no stack trace unless asked for, and an exit code of its own.
    io.stderr(internalErrorMessage(e));
    const stack = (e as Error)?.stack;
    if (process.env.CDK8S_NODE_AGENTS_DEBUG && stack) io.stderr(`${stack}\n`);
    return EXIT_INTERNAL;
  }
}

/**
 * Makes a write error on `stream` end the program: a closed pipe (EPIPE: the
 * reader, e.g. `head`, has what it wanted) quietly, with the exit code already
 * set; anything else as an internal error.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') {
      exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK);
      return;
    }
    try {
      process.stderr.write(internalErrorMessage(e));
    } finally {
      exit(EXIT_INTERNAL);
    }
  });
}

/** Entry point for bin/cdk8s-node-agents: runs with `process.argv` and sets `process.exitCode`. */
export function main(argv: string[] = process.argv.slice(2)): void {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  process.exitCode = run(argv, processIo());
}
