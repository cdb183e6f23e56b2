/**
 * The `cdk8s-node-agents` command line: dispatches to `place` and `check`.
 *
 * `run(argv, io)` does the work and returns the exit code, so tests run the
 * CLI in-process; `main()` is what bin/cdk8s-node-agents calls.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runCheck } from './check';
import { CliIo, EXIT_OK, EXIT_USAGE, processIo } from './io';
import { runPlace } from './place';

/** Top-level `--help`. */
export const USAGE = `Usage: cdk8s-node-agents <command> [options]

Commands:
  place   show where DaemonSets would run on a cluster (Kubernetes 1.28 placement rules)
  check   validate manifests: Kubernetes 1.28 API rules, Pod Security level, node-agent lints

Options:
  -h, --help   show this help (\`cdk8s-node-agents <command> --help\` for a command's options)
  --version    print the version

Run \`cdk8s-node-agents place --help\` for the place command's options.
`;

/** The package version, read from package.json next to src/ or lib/. */
export function packageVersion(): string {
  const file = path.join(__dirname, '..', '..', 'package.json');
  const version = JSON.parse(fs.readFileSync(file, 'utf8')).version;
  return typeof version === 'string' ? version : '0.0.0';
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
    // A bug, not bad input: one line, no stack trace unless asked for.
    const err = e as Error;
    io.stderr(`cdk8s-node-agents: internal error: ${err?.message ?? String(e)}` +
      ' (set CDK8S_NODE_AGENTS_DEBUG=1 for details; please report it with your input files)\n');
    if (process.env.CDK8S_NODE_AGENTS_DEBUG && err?.stack) io.stderr(`${err.stack}\n`);
    return EXIT_USAGE;
  }
}

/** Entry point for bin/cdk8s-node-agents: runs with `process.argv` and sets `process.exitCode`. */
export function main(argv: string[] = process.argv.slice(2)): void {
  process.exitCode = run(argv, processIo());
}
