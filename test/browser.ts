/**
 * A headless Chromium for tests, from nothing but what `npm ci` installs.
 *
 * Debian's /usr/bin/chromium is used when the machine has it; otherwise the
 * build that ships inside the `@sparticuz/chromium` npm tarball (a
 * brotli-compressed binary, inflated once per version into the OS temp
 * directory). Either is driven by puppeteer-core. When neither launches, the
 * error says what was tried and why each failed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import puppeteer, { Browser } from 'puppeteer-core';

/** Debian's Chromium (`apt-get install chromium`). */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags that launch here as root on a closed network: no sandbox (root), no
 * GPU, and none of Chromium's background connections (without these, many are
 * refused at once and slow every page down).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** A launched browser and which Chromium it is. */
export interface LaunchedBrowser {
  readonly browser: Browser;
  /** `/usr/bin/chromium`, or `@sparticuz/chromium <version>`. */
  readonly source: string;
  /** The executable that was launched. */
  readonly executablePath: string;
}

/** Which Chromium `launchChromium` may use: the default tries the system one, then the npm one. */
export type ChromiumChoice = 'system-then-npm' | 'npm';

/**
 * Launches headless Chromium with a fresh profile under `profileDir` (which the
 * caller removes): the system one if it launches, else the npm one; only the
 * npm one with `use: 'npm'` (test/browser.test.ts keeps that path tested on
 * machines that have Debian's Chromium).
 */
export async function launchChromium(profileDir: string, use: ChromiumChoice = 'system-then-npm'): Promise<LaunchedBrowser> {
  const failures: string[] = [];
  const candidates: Array<{ source: string; executable: () => Promise<string> }> = [];
  if (use === 'system-then-npm') {
    if (fs.existsSync(SYSTEM_CHROMIUM)) {
      candidates.push({ source: SYSTEM_CHROMIUM, executable: async () => SYSTEM_CHROMIUM });
    } else {
      failures.push(`${SYSTEM_CHROMIUM}: not installed`);
    }
  }
  candidates.push({ source: npmChromiumName(), executable: npmChromium });

  for (const [i, c] of candidates.entries()) {
    let executablePath: string | undefined;
    try {
      executablePath = await c.executable();
      const browser = await puppeteer.launch({
        executablePath,
        args: [...CHROMIUM_ARGS],
        userDataDir: path.join(profileDir, `profile-${i}`),
        headless: true,
      });
      return { browser, source: c.source, executablePath };
    } catch (e) {
      failures.push(`${c.source}${executablePath && executablePath !== c.source ? ` (${executablePath})` : ''}: ${oneLine(e)}`);
    }
  }
  throw new Error([
    'no headless Chromium could be launched for the browser tests:',
    ...failures.map((f) => `  ${f}`),
    'run `npm ci` (it installs @sparticuz/chromium, which ships its own Chromium), or install Debian\'s: apt-get install -y chromium',
  ].join('\n'));
}

/** The package directory of @sparticuz/chromium, or undefined when it is not installed. */
function npmChromiumDir(): string | undefined {
  try {
    // The package's `exports` hide package.json: resolve its entry point (build/cjs/index.cjs).
    return path.resolve(path.dirname(require.resolve('@sparticuz/chromium')), '..', '..');
  } catch {
    return undefined;
  }
}

function npmChromiumVersion(): string | undefined {
  const dir = npmChromiumDir();
  return dir ? (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version as string) : undefined;
}

function npmChromiumName(): string {
  const version = npmChromiumVersion();
  return version ? `@sparticuz/chromium ${version}` : '@sparticuz/chromium';
}

/**
 * The path of @sparticuz/chromium's binary, inflated on first use into
 * `<tmpdir>/cdk8s-node-agents-chromium-<version>/`. Its `executablePath()`
 * inflates into `os.tmpdir()` (and reuses any `chromium` already there), so it
 * runs in a child process whose TMPDIR is a fresh staging directory, which is
 * then renamed into place: an interrupted run, or another test process
 * inflating at the same time, never leaves a half-written binary behind, and
 * nothing is written to the top of the temp directory.
 */
async function npmChromium(): Promise<string> {
  const version = npmChromiumVersion();
  if (!version) throw new Error('not installed (it is a devDependency: run `npm ci`)');
  const dir = path.join(os.tmpdir(), `cdk8s-node-agents-chromium-${version}`);
  const binary = path.join(dir, 'chromium');
  if (fs.existsSync(binary)) return binary;

  const staging = fs.mkdtempSync(`${dir}.partial-`);
  try {
    const script = `require(${JSON.stringify(require.resolve('@sparticuz/chromium'))}).executablePath()`
      + '.then((p) => process.stdout.write(p), (e) => { console.error(e.message); process.exit(1); })';
    const r = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, TMPDIR: staging }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`inflating its binary failed: ${r.error?.message ?? r.stderr.trim()}`);
    if (r.stdout !== path.join(staging, 'chromium')) throw new Error(`inflated to ${r.stdout}, expected ${path.join(staging, 'chromium')}`);
    fs.renameSync(staging, dir);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    // Another process may have got there first: use its copy.
    if (!fs.existsSync(binary)) throw e;
  }
  return binary;
}

/** An error on one line (puppeteer puts the browser's own stderr after its first line), at most 500 characters. */
function oneLine(e: unknown): string {
  const text = String(e instanceof Error ? e.message : e).split('\n').map((l) => l.trim()).filter(Boolean).join(' | ');
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
