// Browser tests: headless Chromium (Debian's, driven by playwright-core) against pages served
// on 127.0.0.1. Prints one line per test and a closing `N passed, N failed`; screenshots go to
// $ARTIFACTS (default: ../target/artifacts).
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './static-server.mjs';
import { loadVectorFiles } from './vector-files.mjs';
import { widgetTests } from './e2e-widget.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const artifacts = process.env.ARTIFACTS || resolve(root, '..', 'target', 'artifacts');
mkdirSync(artifacts, { recursive: true });

/** Each browser test: (ctx) => Promise<void>, throwing on failure. */
export const tests = [];
const t = (name, fn) => tests.push({ name, fn });

t('conformance vectors run in Chromium', async ({ page, base }) => {
  await page.goto(`${base}/site/conformance.html`);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 15000 });
  // Passed as JSON text: Playwright's own argument serialiser never returns on the
  // bad-input corpus's deeply nested values.
  const text = JSON.stringify(loadVectorFiles());
  const results = await page.evaluate((t) => window.runVectorFiles(JSON.parse(t)), text);
  const failed = results.filter(r => r.failure);
  console.log(`  browser vectors: ${results.length - failed.length} passed, ${failed.length} failed`);
  if (failed.length) throw new Error(failed.map(f => `${f.file} :: ${f.name}: ${f.failure}`).join('\n'));
  if (!results.length) throw new Error('no vectors ran');
});

t('bad input throws a coded Error in Chromium and the module keeps working', async ({ page, base }) => {
  await page.goto(`${base}/site/conformance.html`);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 15000 });
  const r = await page.evaluate(() => {
    let code = null, name = null, instance = false;
    try { window.esafety.parseUrl('http://[::1::2]/'); } catch (e) {
      code = e.code; name = e.name; instance = e instanceof window.esafety.EsafetyError && window.esafety.isEsafetyError(e);
    }
    return { code, name, instance, after: window.esafety.parseUrl('HTTP://EXAMPLE.org').host };
  });
  if (r.code !== 'url_invalid_ipv6' || r.name !== 'EsafetyError' || !r.instance || r.after !== 'example.org') {
    throw new Error(JSON.stringify(r));
  }
});

t('demo page canonicalises a typed address (keyboard only)', async ({ page, base }) => {
  await page.goto(`${base}/site/index.html`);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 15000 });
  await page.focus('#url-input');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('http://0x7f.1/%7Eadmin');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('url-out').textContent.includes('127.0.0.1'));
  const shown = JSON.parse(await page.textContent('#url-out'));
  if (shown.host !== '127.0.0.1' || shown.path !== '/~admin') throw new Error(JSON.stringify(shown));
  await page.screenshot({ path: join(artifacts, 'demo-url.png'), fullPage: true });
});

tests.push(...widgetTests);

async function main() {
  const only = process.argv[2];
  const server = await serve(root);
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'esafety-chromium-')), {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let passed = 0, failed = 0;
  for (const { name, fn } of tests.filter(x => !only || x.name.includes(only))) {
    const page = await context.newPage();
    // POSTs of the consent widget are answered here and kept for the test to inspect.
    const posts = [];
    await page.route((url) => url.pathname === '/consent-events', async (route) => {
      const request = route.request();
      posts.push({ url: new URL(request.url()).pathname, body: request.postData() });
      await route.fulfill({ status: 200, contentType: 'application/json', body: '{}' });
    });
    const errors = [];
    page.on('pageerror', e => errors.push(e.message));
    try {
      await fn({ page, base: server.url, artifacts, posts });
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      passed++;
      console.log(`ok - ${name}`);
    } catch (e) {
      failed++;
      console.log(`not ok - ${name}\n  ${String(e && e.stack || e).split('\n').join('\n  ')}`);
      await page.screenshot({ path: join(artifacts, `failed-${passed + failed}.png`) }).catch(() => {});
    }
    await page.close();
  }
  await context.close();
  await server.close();
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
