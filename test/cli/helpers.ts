import * as path from 'path';
import { CliIo } from '../../src/cli/io';
import { run } from '../../src/cli/main';

/** test/fixtures, the working directory the CLI tests run in. */
export const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** What a CLI run printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process, capturing its streams. */
export function runCli(argv: string[], cwd: string = FIXTURES): CliResult {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
  };
  const code = run(argv, io);
  return { code, stdout, stderr };
}
