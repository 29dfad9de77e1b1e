// End-to-end tests of share links and the embed view (issue 6). Run: node tests/e2e/share.mjs [filter]
// Every test starts from a fresh browser context; the guards of harness.mjs (no console error or
// warning in the page or its frames, no request leaving 127.0.0.1) apply throughout.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { test, run, openPage, ready, shot, assert, eq, savedDesign, root } from './harness.mjs';

const node = (id) => `svg#canvas [data-node="${id}"]`;
const nodeCount = (page) => page.locator('svg#canvas [data-node]').count();
const b64url = (buf) => buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** The reference design's fragment, as public/embed.html carries it (kept current by the CLI tests). */
function referenceFragment() {
  const page = fs.readFileSync(path.join(root, 'dist', 'public', 'embed.html'), 'utf8');
  const m = page.match(/\?embed#(d1\.[A-Za-z0-9_-]+)/);
  assert(m, 'dist/public/embed.html carries an embed link');
  return m[1];
}

/** Opens the app, deletes `beat` (so the autosave differs from the reference), returns the saved design. */
async function editedAutosave(page, base) {
  await page.goto(base);
  await ready(page);
  await page.locator(node('beat')).click();
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => !document.querySelector('svg#canvas [data-node="beat"]'));
  const d = await savedDesign(page);
  eq(d.nodes.length, 27, 'the edit is autosaved');
  return d;
}

/** Navigates to a URL that differs from the current one only by its fragment, with a real load. */
async function load(page, url) {
  await page.goto('about:blank');
  await page.goto(url);
}

async function waitDialog(page, title) {
  const dialog = page.locator('.dialog[role="dialog"]');
  await dialog.waitFor();
  eq((await dialog.locator('#dialog-title').textContent()).trim(), title, 'dialog title');
  return dialog;
}

test('share link round trip: edit, copy the link, open it in a fresh context', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page, context } = env;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const mine = await editedAutosave(page, base);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = await waitDialog(page, 'Share this design');
  const input = dialog.locator('#share-link');
  await input.waitFor();
  const url = await input.inputValue();
  assert(url.startsWith(`${base}#d1.`), `the link is the app's address with a d1. fragment: ${url.slice(0, 60)}`);
  assert((await dialog.textContent()).includes('contains the whole design'), 'the dialog says what the link holds');
  await dialog.getByRole('button', { name: 'Copy link' }).click();
  await page.waitForFunction((u) => navigator.clipboard.readText().then((t) => t === u), url);
  await page.locator('.toast:not(.error)', { hasText: 'link copied' }).waitFor();
  // The embed code points at the embed view of the same fragment, sandboxed, with a title.
  const snippet = await dialog.locator('#share-embed').inputValue();
  const fragment = url.slice(url.indexOf('#') + 1);
  assert(snippet.startsWith(`<iframe src="${base}?embed#${fragment}"`), `embed code src: ${snippet.slice(0, 80)}`);
  assert(/ sandbox="allow-scripts[^"]*"/.test(snippet) && !snippet.includes('allow-same-origin'), 'sandboxed frame');
  assert(/ title="[^"]+"/.test(snippet) && / width="\d+"/.test(snippet) && / height="\d+"/.test(snippet), 'title and size');
  await dialog.getByRole('button', { name: 'Copy embed code' }).click();
  await page.waitForFunction((s) => navigator.clipboard.readText().then((t) => t === s), snippet);
  await shot(page, 'share-01-dialog');

  const other = await openPage(browser, base);
  try {
    await other.page.goto(url);
    await ready(other.page);
    await other.page.waitForFunction(() => !document.querySelector('svg#canvas [data-node="beat"]'));
    eq(await nodeCount(other.page), 27, 'the shared design is drawn');
    eq(JSON.stringify(await savedDesign(other.page)), JSON.stringify(mine), 'the same design, byte for byte');
    eq(await other.page.evaluate(() => location.hash), '', 'the fragment left the address bar');
    eq(await other.page.locator('.dialog').count(), 0, 'nothing to ask: the fresh browser had no autosave');
    if (other.problems.length) throw new Error(other.problems.join('\n'));
  } finally {
    await other.context.close();
  }
  return env;
});

test('a shared design asks before replacing the autosave: open it', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await editedAutosave(page, base);
  await load(page, `${base}#${referenceFragment()}`);
  await ready(page);
  const dialog = await waitDialog(page, 'Open the shared design?');
  eq(await nodeCount(page), 27, 'nothing replaced before the answer');
  eq((await savedDesign(page)).nodes.length, 27, 'the autosave is untouched while asking');
  await shot(page, 'share-02-ask');
  await dialog.locator('[data-testid="open-shared"]').click();
  await page.waitForSelector(node('beat'));
  eq(await nodeCount(page), 28, 'the shared design is open');
  eq((await savedDesign(page)).nodes.length, 28, 'and autosaved');
  eq(await page.evaluate(() => location.hash), '', 'the fragment left the address bar');
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => !document.querySelector('svg#canvas [data-node="beat"]'));
  eq((await savedDesign(page)).nodes.length, 27, 'undo brings the previous design back');
  await page.reload();
  await ready(page);
  await page.waitForTimeout(300);
  eq(await page.locator('.dialog').count(), 0, 'a reload does not ask again');
  eq(await nodeCount(page), 27, 'and keeps the design');
  return env;
});

test('a shared design asks before replacing the autosave: keep mine', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  const mine = await editedAutosave(page, base);
  await load(page, `${base}#${referenceFragment()}`);
  await ready(page);
  const dialog = await waitDialog(page, 'Open the shared design?');
  const look = await dialog.getByRole('link', { name: /Look at the shared one first/ }).getAttribute('href');
  eq(look, `${base}?embed#${referenceFragment()}`, 'a read-only look goes to the embed view');
  await dialog.locator('[data-testid="keep-mine"]').click();
  await page.waitForSelector('.dialog', { state: 'detached' });
  eq(await nodeCount(page), 27, 'my design stays');
  eq(JSON.stringify(await savedDesign(page)), JSON.stringify(mine), 'my autosave is unchanged');
  eq(await page.evaluate(() => location.hash), '', 'the fragment left the address bar');
  await page.reload();
  await ready(page);
  await page.waitForTimeout(300);
  eq(await page.locator('.dialog').count(), 0, 'a reload does not ask again');
  return env;
});

test('a damaged, foreign or oversized fragment says what is wrong and keeps the design', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  const mine = await editedAutosave(page, base);
  const good = referenceFragment();
  // 9 MB of one letter deflate to a few kilobytes: a link-sized bomb, refused while inflating.
  const bomb = `d1.${b64url(zlib.deflateRawSync(Buffer.alloc(9 * 1024 * 1024, 0x61), { level: 9 }))}`;
  assert(bomb.length < 32000, `the bomb fits in a link (${bomb.length})`);
  const notDesign = `d1.${b64url(zlib.deflateRawSync(Buffer.from('{"format":"cipherplan/1","nodes":[{"id":"a","kind":"mainframe"}]}')))}`;
  const cases = [
    [`d1.${good.slice(3, 3 + Math.floor((good.length - 3) / 2 / 4) * 4)}`, 'does not decompress'],
    ['d1.abc*def', 'is not base64url'],
    ['d9.AAAA', 'format `d9` is unknown'],
    [bomb, 'larger than 8388608 bytes'],
    [notDesign, '$.nodes[0]'],
  ];
  for (const [fragment, expected] of cases) {
    await load(page, `${base}#${fragment}`);
    await ready(page);
    const dialog = await waitDialog(page, 'This share link could not be opened');
    const message = (await dialog.locator('.share-error').textContent()).trim();
    assert(message.includes(expected), `"${expected}" in: ${message}`);
    assert((await dialog.textContent()).includes('Your design is unchanged'), 'says the design is kept');
    if (expected === 'is not base64url') await shot(page, 'share-03-bad-link');
    await page.keyboard.press('Escape');
    eq(JSON.stringify(await savedDesign(page)), JSON.stringify(mine), `design kept after ${expected}`);
    eq(await page.evaluate(() => location.hash), '', 'the fragment left the address bar');
  }
  // An ordinary anchor is not a share link.
  await load(page, `${base}#canvas`);
  await ready(page);
  await page.waitForTimeout(300);
  eq(await page.locator('.dialog').count(), 0, '#canvas opens nothing');
  return env;
});

/** A design too varied to fit in a link: the reference plus 1,500 log groups with random labels. */
function hugeDesign(reference) {
  const d = JSON.parse(JSON.stringify(reference));
  for (let i = 0; i < 1500; i++) {
    const label = [...Array(5)].map(() => Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, '0')).join('');
    d.nodes.push({ id: `logs-${i}`, kind: 'log_group', label, x: (i % 40) * 160, y: 2000 + Math.floor(i / 40) * 120 });
  }
  return d;
}

test('a design too large for a link offers the design file instead', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  const huge = hugeDesign(await savedDesign(page));
  await page.locator('#open-file').setInputFiles({ name: 'huge.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(huge)) });
  await page.waitForSelector(node('logs-1499'), { state: 'attached', timeout: 20000 });
  await page.keyboard.press('u');
  const dialog = await waitDialog(page, 'Share this design');
  const message = dialog.locator('.share-too-large');
  await message.waitFor({ timeout: 20000 });
  const text = await message.textContent();
  assert(text.includes('too large for a link') && text.includes('32,000'), `the message: ${text}`);
  eq(await dialog.locator('#share-link').count(), 0, 'no link is offered');
  await shot(page, 'share-04-too-large');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Download design JSON' }).click(),
  ]);
  const file = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  eq(file.nodes.length, huge.nodes.length, 'the download is the whole design');
  return env;
});

test('the embed page shows the reference design read-only in a sandboxed frame', async ({ browser, base }) => {
  const env = await openPage(browser, base, { width: 1280, height: 1000 });
  const { page } = env;
  await page.goto(`${base}public/embed.html`);
  const iframe = page.locator('iframe#example');
  eq(await iframe.getAttribute('sandbox'), 'allow-scripts allow-popups allow-popups-to-escape-sandbox', 'sandbox');
  await iframe.scrollIntoViewIfNeeded();
  const frame = page.frameLocator('iframe#example');
  await frame.locator('svg#canvas .layer-nodes .node').first().waitFor({ timeout: 15000 });
  const inner = page.frames().find((f) => f.url().includes('?embed'));
  eq(await inner.evaluate(() => self.origin), 'null', 'the frame has an opaque origin');
  eq(await inner.evaluate(() => { try { localStorage.length; return 'readable'; } catch { return 'throws'; } }), 'throws', 'storage throws there');
  eq(await frame.locator('svg#canvas [data-node]').count(), 28, 'every component is drawn');
  eq((await frame.locator('[data-testid="score"]').textContent()).trim(), '100', 'the score');
  assert(await frame.locator('svg#canvas .edge.flow.g-verified').count() >= 10, 'verdict colours');
  assert(await frame.locator('.embed-legend').isVisible(), 'the legend');
  const legend = await frame.locator('.embed-legend').textContent();
  for (const words of ['certificate verified', 'not verified', 'plaintext', 'At rest', 'customer key']) {
    assert(legend.includes(words), `the legend explains "${words}"`);
  }
  eq(await frame.locator('.embed-legend svg.legend-lock').count(), 6, 'lock icons in the legend');
  eq((await frame.locator('.embed-counts').textContent()).replace(/\s+/g, ' ').trim(), '0 errors · 0 warnings', 'finding counts');
  for (const chrome of ['.palette', '.side', '.header', '.toolbar:visible', 'input', 'textarea', 'select']) {
    eq(await frame.locator(chrome).count(), 0, `no ${chrome} in the embed`);
  }
  const open = frame.getByRole('link', { name: /Open in cipherplan/ });
  eq(await open.getAttribute('target'), '_blank', 'the editor opens in a new tab');
  eq(await open.getAttribute('href'), `${base}#${referenceFragment()}`, 'with the same design');
  // Keys and drags edit nothing; a drag pans the view.
  const db = frame.locator(node('db'));
  const place = await db.getAttribute('transform');
  const viewport = frame.locator('svg#canvas g.viewport');
  const before = await viewport.getAttribute('transform');
  await db.click();
  await page.keyboard.press('Delete');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Control+z');
  eq(await frame.locator('svg#canvas [data-node]').count(), 28, 'Delete and Undo do nothing');
  const b = await db.boundingBox();
  await page.mouse.move(b.x + b.width / 2, b.y + 10);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2 + 120, b.y + 70, { steps: 6 });
  await page.mouse.up();
  eq(await db.getAttribute('transform'), place, 'the node did not move in the design');
  assert((await viewport.getAttribute('transform')) !== before, 'the drag panned the view');
  eq(await frame.locator('svg#canvas .handle:visible').count(), 0, 'no connect handles');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'share-05-embed-page');
  return env;
});

test('the embed works with sandbox="allow-scripts" alone and refits when the frame resizes', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(`${base}public/embed.html`);
  // The host page's own frame, reduced to the minimal sandbox the brief names.
  await page.evaluate((src) => {
    const f = document.createElement('iframe');
    f.id = 'minimal';
    f.setAttribute('sandbox', 'allow-scripts');
    f.title = 'minimal';
    f.width = '900';
    f.height = '520';
    f.src = src;
    document.querySelector('main').prepend(f);
  }, `${base}?embed#${referenceFragment()}`);
  const frame = page.frameLocator('iframe#minimal');
  await frame.locator('svg#canvas .layer-nodes .node').first().waitFor({ timeout: 15000 });
  eq(await frame.locator('svg#canvas [data-node]').count(), 28, 'drawn in the minimal sandbox');
  const zoom = async () => Number((await frame.locator('svg#canvas g.viewport').getAttribute('transform')).match(/scale\(([\d.]+)/)[1]);
  const wide = await zoom();
  await page.evaluate(() => { document.getElementById('minimal').width = '450'; });
  await page.waitForFunction(async () => {
    const g = document.getElementById('minimal');
    return g.getBoundingClientRect().width < 500;
  });
  await page.waitForTimeout(400);
  const narrow = await zoom();
  assert(narrow < wide * 0.8, `the diagram refits a narrower frame (zoom ${wide} -> ${narrow})`);
  return env;
});

test('an embed link without a design says so', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(`${base}?embed`);
  await page.waitForSelector('.embed-error');
  assert((await page.locator('.embed-error').textContent()).includes('carries no design'), 'the message');
  await page.goto('about:blank');
  await page.goto(`${base}?embed#d1.AAAA`);
  await page.waitForSelector('.embed-error');
  assert((await page.locator('.embed-error').textContent()).includes('does not decompress'), 'a damaged link');
  return env;
});

test('the full editor in a sandboxed frame survives storage that throws', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(`${base}public/embed.html`);
  await page.evaluate((src) => {
    const f = document.createElement('iframe');
    f.id = 'editor';
    f.setAttribute('sandbox', 'allow-scripts');
    f.title = 'editor';
    f.style.width = '1280px';
    f.style.height = '800px';
    f.src = src;
    document.querySelector('main').prepend(f);
  }, base);
  const frame = page.frameLocator('iframe#editor');
  await frame.locator('svg#canvas .layer-nodes .node').first().waitFor({ timeout: 15000 });
  eq(await frame.locator('svg#canvas [data-node]').count(), 28, 'the reference design is drawn');
  const toast = frame.locator('.toast.error');
  await toast.waitFor();
  assert((await toast.textContent()).includes('Autosave failed'), 'the user is told the design is not autosaved');
  return env;
});

await run();
