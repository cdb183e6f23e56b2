/**
 * The Chromium that ships inside the @sparticuz/chromium npm package launches
 * here and renders a page, even on a machine that also has Debian's Chromium
 * (which the browser tests would otherwise prefer): `npm ci` alone is enough
 * for them on a machine without it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { launchChromium } from './browser';

jest.setTimeout(120_000);

test('the npm Chromium launches headless and renders a page from file://', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-chromium-'));
  const launched = await launchChromium(tmp, 'npm');
  try {
    expect(launched.source).toMatch(/^@sparticuz\/chromium \d+\.\d+\.\d+$/);
    expect(launched.executablePath).toBe(path.join(os.tmpdir(), `cdk8s-node-agents-chromium-${launched.source.split(' ')[1]}`, 'chromium'));
    expect(await launched.browser.version()).toMatch(/^HeadlessChrome\/\d+\./);
    const file = path.join(tmp, 'page.html');
    fs.writeFileSync(file, '<!doctype html><title>t</title><p id="p">rendered</p><script>document.getElementById("p").dataset.js = "ran";</script>');
    const page = await launched.browser.newPage();
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    expect(await page.$eval('#p', (p) => [p.textContent, (p as any).dataset.js])).toEqual(['rendered', 'ran']);
    const shot = await page.screenshot({ type: 'png' });
    expect(shot.length).toBeGreaterThan(1000);
  } finally {
    await launched.browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
