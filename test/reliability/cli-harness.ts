/**
 * Runs the CLI in-process (src/cli/main.ts `run`) against a scratch copy of the
 * bad-input corpus, and records what a user would see and what the run left on disk.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliIo } from '../../src/cli/io';
import { run } from '../../src/cli/main';

/** test/fixtures/bad-inputs. */
export const CORPUS = path.join(__dirname, '..', 'fixtures', 'bad-inputs');

/** What one CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cdk8s-node-agents <argv>` with `cwd` as the working directory. */
export function cli(argv: string[], cwd: string): CliRun {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  };
  const code = run(argv, io);
  return { code, stdout, stderr };
}

/**
 * Every entry under `dir` (recursively, symbolic links not followed) with its type,
 * size and modification time: equal listings mean nothing was written, renamed or removed.
 */
export function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      const st = fs.lstatSync(full);
      const kind = st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : st.isFIFO() ? 'fifo' : 'file';
      out.push(`${rel}${name} ${kind} ${st.isDirectory() ? '' : st.size} ${st.mtimeMs} ${st.mode.toString(8)}`);
      if (kind === 'dir') walk(full, `${rel}${name}/`);
    }
  };
  walk(dir, '');
  return out;
}

/** A scratch directory holding a copy of the corpus; removed by `dispose`. */
export function scratchCorpus(): { dir: string; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-inputs-'));
  fs.cpSync(CORPUS, dir, { recursive: true });
  return {
    dir,
    dispose: () => {
      // Restore permissions a test may have removed, then delete everything.
      const unlock = (d: string) => {
        for (const name of fs.readdirSync(d)) {
          const full = path.join(d, name);
          const st = fs.lstatSync(full);
          if (st.isSymbolicLink()) continue;
          fs.chmodSync(full, st.isDirectory() ? 0o755 : 0o644);
          if (st.isDirectory()) unlock(full);
        }
      };
      try {
        unlock(dir);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
