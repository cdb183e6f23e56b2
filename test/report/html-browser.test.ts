/**
 * The HTML placement report in a real headless browser (Debian's Chromium when
 * installed, else the one inside the @sparticuz/chromium npm package; see
 * test/browser.ts), driven by puppeteer-core: it loads from file:// without
 * console errors or network requests, has one cell per agent × pool, and a
 * cell expands to the Kubernetes reasons and the requested resources.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Browser, Page } from 'puppeteer-core';
import { buildExample } from '../../examples/main';
import { Cell, FleetAnalysis } from '../../src/pools/analysis';
import { formatFleetHtml } from '../../src/report/html';
import { launchChromium } from '../browser';

// The first run after `npm ci` inflates the npm Chromium (~200 MB) before launching.
jest.setTimeout(120_000);

let browser: Browser;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'html-report-'));
  browser = (await launchChromium(tmp)).browser;
});

afterAll(async () => {
  await browser?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

interface Loaded {
  readonly page: Page;
  readonly problems: string[];
}

/** Opens `html` from a file:// URL, collecting console errors, page errors and any request that is not the page itself. */
async function open(html: string, name: string): Promise<Loaded> {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, html);
  const page = await browser.newPage();
  await page.setViewport({ width: 1500, height: 1000 });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('request', (r) => {
    if (r.url() !== `file://${file}` && !r.url().startsWith('data:')) problems.push(`unexpected request: ${r.url()}`);
  });
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  return { page, problems };
}

describe('the example cluster\'s report', () => {
  let analysis: FleetAnalysis;
  let loaded: Loaded;

  beforeAll(async () => {
    analysis = buildExample().check._analyze();
    loaded = await open(formatFleetHtml(analysis), 'placement.html');
  });

  afterAll(async () => {
    await loaded?.page.close();
  });

  test('loads without console errors or requests', () => {
    expect(loaded.problems).toEqual([]);
  });

  test('one cell per agent × pool, each with a verdict', async () => {
    const cells = await loaded.page.$$eval('#matrix td.cell', (tds) => tds.map((td) => ({
      agent: td.getAttribute('data-agent'),
      pool: td.getAttribute('data-pool'),
      verdict: td.querySelector('summary')?.textContent,
    })));
    expect(cells).toHaveLength(analysis.agents.length * analysis.pools.length);
    const pairs = new Set(cells.map((c) => `${c.agent}|${c.pool}`));
    for (const a of analysis.agents) for (const p of analysis.pools) expect(pairs.has(`${a.name}|${p.name}`)).toBe(true);
    for (const c of cells) expect(c.verdict).toMatch(/^(runs|pending: .+|excluded: .+|\d+ of \d+)$/);
    const headers = await loaded.page.$$eval('#matrix thead th.agent', (ths) => ths.length);
    expect(headers).toBe(analysis.agents.length);
  });

  test('clicking a cell shows the reasons and the requested resources', async () => {
    const { page } = loaded;
    const selector = '#matrix td.cell[data-agent="nvidia-device-plugin"][data-pool="windows"]';
    expect(await page.$eval(`${selector} details`, (d: any) => d.open as boolean)).toBe(false);
    expect(await page.$eval(`${selector} .why`, (el: any) => el.checkVisibility() as boolean)).toBe(false);
    await page.click(`${selector} summary`);
    expect(await page.$eval(`${selector} details`, (d: any) => d.open as boolean)).toBe(true);
    const why = await page.$eval(`${selector} .why`, (el: any) => ({ text: el.innerText as string, visible: el.checkVisibility() as boolean }));
    expect(why.visible).toBe(true);
    expect(why.text).toContain('node(s) had untolerated taint {os: windows}');
    expect(why.text).toContain("node(s) didn't match Pod's node affinity/selector");
    expect(why.text).toMatch(/cpu\s+\d+m/);
    expect(why.text).toMatch(/memory\s+\d+Mi/);
    const title = await page.$eval(selector, (td) => td.getAttribute('title'));
    expect(title).toContain('nvidia-device-plugin on windows: excluded: ');
  });

  test('"Expand all" opens every cell', async () => {
    const { page } = loaded;
    await page.click('#expand-all');
    const states = await page.$$eval('#matrix details', (ds) => ds.map((d: any) => d.open as boolean));
    expect(states.every(Boolean)).toBe(true);
    await page.click('#collapse-all');
    expect((await page.$$eval('#matrix details', (ds) => ds.map((d: any) => d.open as boolean))).some(Boolean)).toBe(false);
  });

  test('a screenshot can be taken', async () => {
    const shot = path.join(tmp, 'placement.png');
    await loaded.page.screenshot({ path: shot, fullPage: true });
    expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
  });
});

describe('text that looks like markup stays text', () => {
  const EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

  function evilAnalysis(): FleetAnalysis {
    const cell: Cell = {
      agent: EVIL,
      pool: EVIL,
      nodes: 1,
      runs: 0,
      pending: 1,
      excluded: 0,
      verdict: `pending: ${EVIL}`,
      kind: 'pending',
      groups: [{ status: 'pending', reason: EVIL, daemonSet: EVIL, count: 1, nodes: [EVIL], platform: EVIL, expected: true, onPlatform: true }],
      variants: [EVIL],
      requests: { [EVIL]: EVIL },
      expected: true,
      expectedNodes: 1,
      missed: 1,
      offPlatform: 0,
      scope: EVIL,
    };
    return {
      clusterName: EVIL,
      nodeCount: 1,
      pools: [{
        name: EVIL,
        count: 1,
        os: EVIL,
        arch: EVIL,
        platforms: [{ os: EVIL, arch: EVIL, count: 1 }],
        controlPlane: false,
        controlPlaneNodes: 0,
        allocatable: { [EVIL]: EVIL },
        allocatableLargest: { [EVIL]: EVIL },
        taints: [EVIL],
        partialTaints: [{ taint: EVIL, count: 1 }],
      }],
      agents: [{ name: EVIL, role: EVIL, daemonSets: [EVIL], expectedPools: [EVIL], expectation: 'explicit', os: [] }],
      cells: [cell],
      overhead: [{
        pool: EVIL,
        nodes: 1,
        podsPerNode: 1,
        cpuPerNode: EVIL,
        memoryPerNode: EVIL,
        cpuTotal: EVIL,
        memoryTotal: EVIL,
        cpuTotalMilli: 0n,
        memoryTotalBytes: 0n,
      }],
      totalCpu: EVIL,
      totalMemory: EVIL,
      findings: [{ check: 'landing', pools: [], message: EVIL }],
      placement: { daemonSets: [] },
    };
  }

  test('no injected element exists and no injected script runs', async () => {
    const { page, problems } = await open(formatFleetHtml(evilAnalysis()), 'evil.html');
    try {
      expect(problems).toEqual([]);
      expect(await page.evaluate(() => (globalThis as any).__pwned)).toBeUndefined();
      expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
      expect(await page.$$eval('script', (s) => s.length)).toBe(1);
      expect(await page.$eval('h1', (h) => h.textContent)).toBe(`Placement report — cluster ${EVIL}`);
      expect(await page.$eval('#matrix td.cell summary', (s) => s.textContent)).toBe(`pending: ${EVIL}`);
    } finally {
      await page.close();
    }
  });
});
