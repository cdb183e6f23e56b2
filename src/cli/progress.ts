/**
 * Progress of a long load on stderr — only when stderr is a terminal (the CLI
 * creates a reporter only then): a file of 64 MiB or more is announced before
 * it is read and parsed (a 1 GB pods file takes about 10 s), and once a load
 * has run for a second the number of objects read so far is shown, at most
 * four times a second. Each update overwrites the line; `done()` clears it.
 * Internal module.
 */
import type { LoadProgress } from '../input/load';

/** Timing and thresholds (tests shorten them). */
export interface ProgressOptions {
  /** The clock, in milliseconds. */
  readonly now?: () => number;
  /** Files at least this large are announced before they are read. */
  readonly minBytes?: number;
  /** Object counts are shown once the load has run this long. */
  readonly delayMs?: number;
  /** Object counts are updated at most this often. */
  readonly intervalMs?: number;
  /** Standard input is a terminal: reading `-` says it waits for input. */
  readonly stdinIsTTY?: boolean;
}

/** The line-overwriting control sequence: carriage return, erase to the end of the line. */
const CLEAR = '\r\u001b[K';

export class LoadProgressReporter implements LoadProgress {
  private readonly now: () => number;
  private readonly start: number;
  private lastShown = -Infinity;
  private shown = false;

  constructor(private readonly write: (text: string) => void, private readonly options: ProgressOptions = {}) {
    this.now = options.now ?? Date.now;
    this.start = this.now();
  }

  public file(display: string, bytes: number): void {
    if (bytes < 0) {
      if (this.options.stdinIsTTY) this.show(`reading ${display} from the terminal: paste or type, then press Ctrl-D`);
      return;
    }
    if (bytes >= (this.options.minBytes ?? 64 * 1024 * 1024)) this.show(`reading ${display} (${formatBytes(bytes)})...`);
  }

  public objects(display: string, count: number): void {
    const t = this.now();
    if (t - this.start < (this.options.delayMs ?? 1000) || t - this.lastShown < (this.options.intervalMs ?? 250)) return;
    this.show(`reading ${display}: ${count.toLocaleString('en-US')} objects...`);
  }

  /** Clears the progress line (before the command's own output or message). */
  public done(): void {
    if (!this.shown) return;
    this.write(CLEAR);
    this.shown = false;
  }

  private show(text: string): void {
    this.write(`${CLEAR}${text}`);
    this.shown = true;
    this.lastShown = this.now();
  }
}

/** 1.2 GB, 340 MB (decimal units, as `ls -lh --si` and download tools show sizes). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  return `${Math.round(bytes / 1e6)} MB`;
}
