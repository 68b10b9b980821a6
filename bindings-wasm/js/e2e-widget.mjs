// Browser tests of the <esafety-consent> widget (site/consent.html): fill, submit, POST,
// withdraw, keyboard-only, Welsh, validation, and axe-core with zero violations.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const NOW = '2026-03-02T09:30:00Z';

export const widgetTests = [];
const t = (name, fn) => widgetTests.push({ name, fn });

async function open(page, base, query = '') {
  await page.goto(`${base}/site/consent.html?now=${encodeURIComponent(NOW)}${query}`);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 15000 });
  await page.waitForSelector('esafety-consent fieldset');
}

async function axe(page, context = 'esafety-consent') {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async (ctx) => {
    const r = await window.axe.run(ctx, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return r.violations.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`);
  }, context);
  if (result.length) throw new Error(`axe-core violations:\n${result.join('\n')}`);
}

const choose = (page, channel, value) =>
  page.check(`fieldset[data-channel="${channel}"] input[value="${value}"]`);

t('widget: nothing is pre-ticked and axe-core finds no violations', async ({ page, base }) => {
  await open(page, base);
  const checked = await page.$$eval('esafety-consent input:checked', (xs) => xs.length);
  if (checked !== 0) throw new Error(`${checked} boxes pre-ticked`);
  const channels = await page.$$eval('esafety-consent fieldset', (fs) => fs.map(f => f.dataset.channel));
  if (channels.length !== 5) throw new Error(JSON.stringify(channels));
  await axe(page, 'body');
});

t('widget: fill and submit records the answers through the core and POSTs them', async ({ page, base, posts, artifacts }) => {
  await open(page, base, '&post=/consent-events');
  await choose(page, 'school_website', 'yes');
  await choose(page, 'press_media', 'no');
  await choose(page, 'printed_publications', 'yes');
  await page.screenshot({ path: join(artifacts, 'widget-filled.png'), fullPage: true });
  await page.click('esafety-consent .esc-save');
  await page.waitForFunction(() => window.lastConsentEvent);
  const detail = await page.evaluate(() => window.lastConsentEvent);
  const states = Object.fromEntries(detail.events.map(e => [e.event.purpose, e.event.event_state]));
  const want = { school_website: 'given', press_media: 'refused', printed_publications: 'given' };
  if (detail.events.length !== 3 || Object.keys(want).some(k => states[k] !== want[k])) {
    throw new Error(JSON.stringify(detail.events));
  }
  if (!detail.events.every(e => e.event.collection_method === 'widget' && e.event.pii_principal_id === 'pupil-0042')) {
    throw new Error(`events not recorded as widget answers for the pupil: ${JSON.stringify(detail.events)}`);
  }
  await page.waitForSelector('esafety-consent .esc-status:not(:empty)');
  const status = await page.textContent('esafety-consent .esc-status');
  if (!status.includes('Saved 3 answers')) throw new Error(status);
  const received = posts.filter(p => p.url === '/consent-events');
  if (received.length !== 1 || JSON.parse(received[0].body).events.length !== 3) throw new Error(JSON.stringify(received));
  await page.screenshot({ path: join(artifacts, 'widget-saved.png'), fullPage: true });
  await axe(page);
});

t('widget: withdrawal is as easy as giving and takes effect at its instant', async ({ page, base, artifacts }) => {
  await open(page, base);
  await choose(page, 'school_website', 'yes');
  await page.click('esafety-consent .esc-save');
  await page.waitForSelector('fieldset[data-channel="school_website"][data-current="given"]');
  const label = await page.textContent('fieldset[data-channel="school_website"] label[for$="-no"]');
  if (!/withdraw/i.test(label)) throw new Error(`no withdraw choice: ${label}`);
  await page.evaluate(() => { window.lastConsentEvent = null; });
  await choose(page, 'school_website', 'no');
  await page.click('esafety-consent .esc-save');
  await page.waitForFunction(() => window.lastConsentEvent);
  const detail = await page.evaluate(() => window.lastConsentEvent);
  if (detail.events.length !== 1 || detail.events[0].event.event_state !== 'withdrawn') throw new Error(JSON.stringify(detail.events));
  await page.waitForSelector('fieldset[data-channel="school_website"][data-current="withdrawn"]');
  await page.screenshot({ path: join(artifacts, 'widget-withdrawn.png'), fullPage: true });
});

t('widget: keyboard only (Tab, Space, Enter) with visible focus', async ({ page, base, artifacts }) => {
  await open(page, base);
  await page.focus('esafety-consent fieldset[data-channel="printed_publications"] input[value="yes"]');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab'); // leaves the radio group to the next fieldset
  await page.keyboard.press('Space');
  const focusOutline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  if (focusOutline === 'none') throw new Error('focused control has no visible outline');
  await page.screenshot({ path: join(artifacts, 'widget-keyboard-focus.png') });
  await page.focus('esafety-consent .esc-save');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.lastConsentEvent);
  const detail = await page.evaluate(() => window.lastConsentEvent);
  const purposes = detail.events.map(e => e.event.purpose).sort();
  if (JSON.stringify(purposes) !== JSON.stringify(['printed_publications', 'school_website'])) throw new Error(JSON.stringify(purposes));
});

t('widget: Welsh interface, lang="cy", still accessible', async ({ page, base, artifacts }) => {
  await open(page, base);
  await page.click('.lang button[data-lang="cy"]');
  await page.waitForSelector('esafety-consent[lang="cy"]');
  const heading = await page.textContent('esafety-consent h2');
  if (!heading.includes('Ffotograffau')) throw new Error(heading);
  const yes = await page.textContent('esafety-consent fieldset label[for$="-yes"]');
  if (!yes.includes('caniatâd')) throw new Error(yes);
  await choose(page, 'video_recording', 'no');
  await page.click('esafety-consent .esc-save');
  await page.waitForSelector('esafety-consent .esc-status:not(:empty)');
  const status = await page.textContent('esafety-consent .esc-status');
  if (!status.includes('Diolch')) throw new Error(status);
  await page.screenshot({ path: join(artifacts, 'widget-welsh.png'), fullPage: true });
  await axe(page, 'body');
});

t('widget: saving with nothing chosen explains itself; a bad channel shows the core error code', async ({ page, base }) => {
  await open(page, base);
  await page.click('esafety-consent .esc-save');
  const alert = await page.textContent('esafety-consent .esc-alert');
  if (!alert.includes('at least one')) throw new Error(alert);
  await axe(page);
  const code = await page.evaluate(() => {
    const w = document.getElementById('widget');
    w.config = { channels: ['snapchat_stories'] };
    return w.querySelector('.esc-alert').textContent;
  });
  if (!code.includes('consent_')) throw new Error(`expected a consent error code, got: ${code}`);
});
