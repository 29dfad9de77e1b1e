// End-to-end tests of the cost panel, the cost badges and the security overview (issue 6,
// "Views"). Run: node tests/e2e/views.mjs [filter]
// The cost figures come from the output worker; every expected amount is computed by the CLI
// (`cipherplan cost --format json`) on the design the page autosaved, never written here.
import { test, run, openPage, ready, shot, assert, eq, savedDesign, root } from './harness.mjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const node = (id) => `svg#canvas [data-node="${id}"]`;
const text = async (page, sel) => (await page.locator(sel).first().textContent()).trim();
const total = (page) => text(page, '[data-testid="cost-total"]');

/** `cipherplan cost FILE --format json [args]` on `design`, parsed. */
function cliCost(design, args = []) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cp-views-')), 'design.json');
  fs.writeFileSync(file, JSON.stringify(design));
  const out = execFileSync('cargo', ['run', '-q', '--locked', '-p', 'cipherplan-cli', '--', 'cost', file, '--format', 'json', ...args], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out);
}

/** US dollars as the core's fmt_usd writes them ($1,234.50). */
function usd(x) {
  const [int, frac] = Math.abs(x).toFixed(2).split('.');
  return `${x < 0 ? '-' : ''}$${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/** A cost badge's text as the planner writes it (views::badge_text). */
function badge(x) {
  if (x <= 0) return '$0';
  if (x < 0.01) return '<$0.01';
  if (x < 10) return `$${x.toFixed(2)}`;
  return `$${Math.round(x).toLocaleString('en-US')}`;
}

/** Presses a shortcut with the canvas focused (keys typed into a field stay in the field). */
async function key(page, k) {
  await page.locator('svg#canvas').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press(k);
}

/** Opens the cost panel with the $ shortcut and waits for figures that are not updating. */
async function openCost(page) {
  await key(page, '$');
  await page.waitForSelector('.cost');
  await settled(page);
}

/** Waits until the cost total is a dollar amount and no request is in flight. */
async function settled(page) {
  await page.waitForFunction(() => {
    const t = document.querySelector('[data-testid="cost-total"]')?.textContent ?? '';
    return t.startsWith('$') && document.querySelector('[data-testid="cost-state"]')?.textContent !== 'Updating…';
  });
}

/** Waits until the total differs from `before`, then until it settles. */
async function totalChanges(page, before) {
  await page.waitForFunction((b) => {
    const t = document.querySelector('[data-testid="cost-total"]')?.textContent ?? '';
    return t.startsWith('$') && t !== b;
  }, before);
  await settled(page);
}

test('cost panel total and price of encryption equal `cipherplan cost` for django-encrypted', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  await openCost(page);
  const design = await savedDesign(page);
  eq(design.name, 'django-encrypted', 'the first visit opens django-encrypted');
  const cli = cliCost(design);
  eq(await total(page), usd(cli.estimate.total), 'the panel total is the CLI total');
  const enc = await text(page, '[data-testid="encryption"]');
  assert(enc.startsWith(usd(cli.encryption.delta)), `price of encryption ${usd(cli.encryption.delta)} (${enc})`);
  // Bars: one per priced component, one per service group, each with an accessible name.
  eq(await page.locator('svg[aria-label^="Monthly cost by component"] .bar-row').count(), cli.estimate.components.length, 'a bar per component');
  const groups = await page.locator('svg[aria-label="Monthly cost by service group"] .bar-row').count();
  assert(groups >= 5, `service group bars (${groups})`);
  const alb = cli.estimate.components.find((c) => c.component === 'alb');
  const albRow = page.locator('svg[aria-label^="Monthly cost by component"] .bar-row[data-node-id="alb"]');
  eq(await albRow.getAttribute('aria-label'), `${alb.label}: ${usd(alb.monthly)} a month`, 'the bar says its label and amount');
  // The unpriced line is flagged; sources and dates are listed.
  eq(await page.locator('[data-testid="unpriced"] li').count(), cli.estimate.unpriced, 'every unpriced item is listed');
  const sources = await text(page, '.cost-list.sources');
  assert(sources.includes('Infracost golden tests, 2024-07'), `sources with dates (${sources.slice(0, 80)})`);
  // Clicking a bar selects its component on the canvas.
  await albRow.click();
  await page.waitForSelector(`${node('alb')}.selected`);
  await shot(page, '20-cost-panel');
  return env;
});

test('cost panel in the dark theme', async ({ browser, base }) => {
  const env = await openPage(browser, base, { colorScheme: 'dark' });
  const { page } = env;
  await page.goto(base);
  await ready(page);
  await openCost(page);
  await page.locator('.panel-body').evaluate((el) => { el.scrollTop = 420; });
  await shot(page, '21-cost-panel-dark');
  return env;
});

test('hours, design edits and the region change the total; undo restores it', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  await openCost(page);
  const design = await savedDesign(page);
  const t0 = await total(page);

  // Fewer hours: the CLI's figure for the same assumption.
  await page.locator('#cost-hours').fill('365');
  await totalChanges(page, t0);
  eq(await total(page), usd(cliCost(design, ['--hours-per-month', '365']).estimate.total), 'total at 365 h');
  // The assumption is kept in this browser across a reload.
  const t365 = await total(page);
  await page.reload();
  await ready(page);
  await openCost(page);
  eq(await page.locator('#cost-hours').inputValue(), '365', 'the typed hours survive a reload');
  await page.waitForFunction((t) => document.querySelector('[data-testid="cost-total"]')?.textContent === t, t365);
  await page.locator('#cost-hours').fill('730');
  await totalChanges(page, await total(page));
  eq(await total(page), t0, 'back to 730 h');

  // A design edit is priced again, and undo brings the old total back.
  await page.locator(node('db')).click();
  await page.keyboard.press('i');
  await page.locator('#p-db-multi-az').check();
  await page.getByRole('tab', { name: 'Cost' }).click();
  await totalChanges(page, t0);
  const multi = await savedDesign(page);
  eq(await total(page), usd(cliCost(multi).estimate.total), 'Multi-AZ database priced');
  await key(page, 'Control+z');
  await totalChanges(page, await total(page));
  eq(await total(page), t0, 'undo restores the total');

  // A region without prices: a clear error beside the region, the last figures stay.
  await key(page, 'i');
  await page.locator('#design-region').fill('eu-west-1');
  await page.locator('#design-region').press('Enter');
  await page.getByRole('tab', { name: 'Cost' }).click();
  await page.waitForSelector('#cost-region[aria-invalid="true"]');
  const why = await text(page, '.cost .field-error[role="alert"]');
  assert(why.includes('eu-west-1') && why.includes('us-east-1'), `the region error names both regions (${why})`);
  eq(await total(page), t0, 'the last good figures stay');
  eq(await text(page, '[data-testid="cost-state"]'), 'Last estimate', 'marked as the last estimate');
  // The picker lists the priced regions; choosing one is an undoable design edit.
  await page.locator('#cost-region').selectOption('us-east-1');
  await page.waitForSelector('#cost-region[aria-invalid="false"]');
  eq((await savedDesign(page)).settings.region, 'us-east-1', 'the design region changed');
  eq(await total(page), t0, 'priced again');
  await key(page, 'Control+z');
  await page.waitForSelector('#cost-region[aria-invalid="true"]');
  eq((await savedDesign(page)).settings.region, 'eu-west-1', 'undo restores the region');
  await shot(page, '22-cost-region-error');
  return env;
});

test('invalid hours show the core message and keep the last good figures', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  await openCost(page);
  const t0 = await total(page);
  for (const [typed, says] of [['0', 'at most 744'], ['800', 'not 800'], ['many', '`many` is not a number'], ['', 'Enter a number']]) {
    await page.locator('#cost-hours').fill(typed);
    await page.waitForSelector('#cost-hours[aria-invalid="true"]');
    await page.waitForFunction((s) => document.querySelector('#cost-hours-msg').textContent.includes(s), says)
      .catch(async () => { throw new Error(`hours "${typed}": ${await text(page, '#cost-hours-msg')}`); });
    eq(await total(page), t0, `the total stays while hours are "${typed}"`);
  }
  await page.locator('#cost-hours').fill('730');
  await page.locator('#cost-spot').fill('1.5');
  await page.waitForSelector('#cost-spot[aria-invalid="true"]');
  await page.waitForSelector('#cost-hours[aria-invalid="false"]');
  assert((await text(page, '#cost-spot-msg')).includes('fraction from 0 to 1'), 'the spot discount message (the core\'s)');
  await page.waitForTimeout(400); // longer than the debounce: no request may have replaced the figures
  eq(await total(page), t0, 'still the last good total');
  eq(await text(page, '[data-testid="cost-state"]'), 'Last estimate', 'marked as the last estimate');
  await shot(page, '23-cost-invalid-hours');
  await page.locator('#cost-hours').fill('730');
  await page.locator('#cost-spot').fill('0.7');
  await page.waitForSelector('#cost-hours[aria-invalid="false"]');
  await settled(page);
  eq(await total(page), t0, 'valid again');
  return env;
});

test('cost badges show each component\'s monthly cost on the canvas', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  eq(await page.locator('svg#canvas .cost-badge').count(), 0, 'no badges before they are switched on');
  await page.getByRole('button', { name: 'Cost', exact: true }).click();
  await page.waitForSelector(`${node('alb')} .cost-badge`);
  const cli = cliCost(await savedDesign(page));
  eq(await page.locator('svg#canvas .cost-badge').count(), cli.estimate.components.length, 'a badge per priced component');
  for (const id of ['alb', 'web', 'db', 'nat']) {
    const c = cli.estimate.components.find((x) => x.component === id);
    eq(await text(page, `${node(id)} .cost-badge text`), badge(c.monthly), `badge of ${id}`);
  }
  for (let i = 0; i < 3; i++) await key(page, '+');
  await shot(page, '24-cost-badges');
  await key(page, 'b');
  await page.waitForFunction(() => document.querySelectorAll('svg#canvas .cost-badge').length === 0);
  return env;
});

for (const scheme of ['light', 'dark']) {
  test(`security overlay colours an unencrypted database red, with a legend (${scheme})`, async ({ browser, base }) => {
    const env = await openPage(browser, base, { colorScheme: scheme });
    const { page } = env;
    await page.goto(base);
    await ready(page);
    await key(page, 's');
    await page.waitForSelector('.security');
    eq(await text(page, '[data-testid="sec-score"]'), await text(page, '[data-testid="score"]'), 'the score the header shows');
    eq(await text(page, '[data-testid="sec-errors"]'), '0', 'no errors');
    eq(await page.locator('svg#canvas .node.ov').count(), 0, 'no overlay before it is switched on');
    await page.keyboard.press('o');
    await page.waitForSelector(`${node('db')}.ov.w-ok`);
    await page.waitForSelector('.main .ov-legend.floating');
    const flows = await page.locator('svg#canvas .edge.flow.ov').count();
    assert(flows > 10, `flows are coloured too (${flows})`);

    await page.locator(node('db')).click();
    await page.keyboard.press('i');
    await page.locator('#p-db-storage-encrypted').uncheck();
    await page.waitForSelector(`${node('db')}.ov.w-error`);
    const fill = await page.locator(`${node('db')} .node-icon-bg`).evaluate((el) => getComputedStyle(el).stroke);
    const red = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--error').trim());
    assert(fill !== 'none' && red, `the icon has the error colour (${fill})`);
    await page.getByRole('tab', { name: 'Security' }).click();
    await page.waitForSelector('.security');
    assert(Number(await text(page, '[data-testid="sec-errors"]')) >= 1, 'an error is counted');
    const legend = await text(page, '.main .ov-legend .ov-row.w-error');
    assert(/[1-9]\d* components?/.test(legend), `the legend counts the red component (${legend})`);
    assert(Number(await text(page, '[data-testid="sec-rest"]').then((t) => t.replace('%', ''))) < 100, 'at rest below 100%');
    await key(page, 'Escape'); // deselect: the red shows, not the selection's blue
    await page.waitForFunction((sel) => !document.querySelector(sel).classList.contains('selected'), node('db'));
    await shot(page, `25-security-overview-${scheme}`);
    await key(page, 'o');
    await page.waitForFunction(() => document.querySelectorAll('svg#canvas .ov').length === 0);
    eq(await page.locator('.main .ov-legend').count(), 0, 'the legend goes with the overlay');
    return env;
  });
}

await run();
