// The panels module (src/panels.rs): UI the start-up bundle does without, imported on first use.
// Start-up does not fetch it; the first export dialog does, once; the module sends its work to
// the page's one output worker; a module that cannot load says so and the next try loads it.
import { test, run, openPage, ready, shot, assert, eq, root } from './harness.mjs';
import fs from 'node:fs';
import path from 'node:path';

/** The app's requests whose path matches `re`, in order. */
function recorder(page, re) {
  const seen = [];
  page.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    if (re.test(p)) seen.push(p);
  });
  return seen;
}

test('the panels\' code is in the panels module, not in the start-up wasm', async () => {
  const dist = path.join(root, 'dist');
  const wasm = (re) => fs.readFileSync(path.join(dist, fs.readdirSync(dist).find((f) => re.test(f))));
  const app = wasm(/^cipherplan-web-.*_bg\.wasm$/);
  const panels = wasm(/^cipherplan-panels_bg\.wasm$/);
  // Texts only the panels use: the export dialog's, the shortcut table's, the share dialog's,
  // the cost and security tabs'.
  for (const text of ['Generated in your browser', 'Move between components', 'compressed into the part after the', 'Hours always-on resources run', 'Colour components and flows by their worst finding']) {
    assert(panels.includes(Buffer.from(text)), `the panels module has "${text}"`);
    assert(!app.includes(Buffer.from(text)), `the start-up wasm does not have "${text}" (a dialog was linked into it)`);
  }
});

test('start-up leaves the panels module out; the first panel imports it once; one worker for all', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  const panels = recorder(page, /cipherplan-panels/);
  const worker = recorder(page, /cipherplan-worker_bg\.wasm$/);
  await page.goto(base);
  await ready(page);
  await page.waitForTimeout(500);
  eq(panels, [], 'nothing of the panels module is fetched at start-up');
  // The export dialog first (the module comes with it), then the cost tab: the planner asks
  // the worker for the figures, the panel draws them.
  await page.keyboard.press('x');
  await page.waitForSelector('[role="dialog"].export-dialog .files .file[data-path="kms.tf"]', { timeout: 30000 });
  eq(panels, ['/cipherplan-panels.js', '/cipherplan-panels_bg.wasm'], 'the first export dialog imports the module');
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: /^Cost/ }).click();
  await page.waitForFunction(() => /\$[0-9]/.test(document.querySelector('[data-testid="cost-total"]')?.textContent || ''), null, { timeout: 30000 });
  // Open again; close with the dialog's own button (a call back into the planner), open again,
  // close with Escape.
  await page.keyboard.press('x');
  await page.waitForSelector('[role="dialog"].export-dialog .files .file');
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await page.waitForSelector('[role="dialog"]', { state: 'detached' });
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.waitForSelector('[role="dialog"].export-dialog .files .file');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[role="dialog"]', { state: 'detached' });
  eq(panels.length, 2, 'opening the dialog again imports nothing');
  eq(worker.length, 1, 'the cost tab and the dialog ran on one output worker');
  eq(await page.locator('.lazy-host').count(), 1, 'the dialog\'s host element went with it (the cost tab\'s stays)');
  await page.getByRole('tab', { name: /^Paths/ }).click();
  eq(await page.locator('.lazy-host').count(), 0, 'leaving the cost tab unmounts its panel');
  return env;
});

test('pointing at a control that opens a panel fetches the module ahead of the click', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  const panels = recorder(page, /cipherplan-panels/);
  await page.goto(base);
  await ready(page);
  await page.getByRole('button', { name: 'Auto-layout' }).hover();
  await page.waitForTimeout(300);
  eq(panels, [], 'a control that opens no panel fetches nothing');
  await page.getByRole('button', { name: 'Export', exact: true }).hover();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('cipherplan-panels_bg.wasm') && e.responseEnd > 0));
  eq(panels, ['/cipherplan-panels.js', '/cipherplan-panels_bg.wasm'], 'hovering Export imports the module');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.waitForSelector('[role="dialog"].export-dialog');
  eq(panels.length, 2, 'the click imports nothing more');
  return env;
});

test('closing panels while they load or work leaves no error behind', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  // Closed while the module loads, then while the worker generates, then while a share link
  // is made (its dialog is replaced by the link within a frame or so).
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('x');
    await page.keyboard.press('Escape');
    await page.keyboard.press('u');
    await page.waitForTimeout(i * 40);
    await page.keyboard.press('Escape');
  }
  await page.getByRole('tab', { name: /^Cost/ }).click();
  await page.getByRole('tab', { name: /^Security/ }).click();
  await page.getByRole('tab', { name: /^Cost/ }).click();
  await page.keyboard.press('x');
  await page.waitForSelector('[role="dialog"].export-dialog .files .file[data-path="kms.tf"]', { timeout: 30000 });
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  // env.problems (checked by the harness) holds any page error, such as a wasm trap.
  return env;
});

test('a panels module that cannot load is reported in the dialog; the next open loads it', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page, context } = env;
  await page.goto(base);
  await ready(page);
  const before = await page.evaluate(() => localStorage.getItem('cipherplan.autosave'));
  const gone = (route) => route.fulfill({ status: 404, body: 'gone' });
  await context.route('**/cipherplan-panels_bg.wasm', gone);
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const alert = page.locator('[role="dialog"] .lazy-wait[role="alert"]');
  await alert.waitFor({ timeout: 15000 });
  const text = await alert.textContent();
  assert(text.startsWith('Could not load the export dialog: ') && text.includes('404'), `the failure is named (${text})`);
  await shot(page, 'panels-01-load-error');
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await page.waitForSelector('[role="dialog"]', { state: 'detached' });
  eq(await page.evaluate(() => localStorage.getItem('cipherplan.autosave')), before, 'the design is untouched');
  // A bad design file still gets its loader's errors, in plain words.
  const bad = { format: 'cipherplan/1', name: 'x', nodes: [{ id: 'a', kind: 'mainframe', x: 0, y: 0 }], edges: [] };
  await page.locator('#open-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await alert.waitFor({ timeout: 15000 });
  const said = await alert.textContent();
  assert(said.includes('bad.json could not be opened') && said.includes('$.nodes[0].kind'), `the load errors are named (${said})`);
  await shot(page, 'panels-02-load-error-fallback');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[role="dialog"]', { state: 'detached' });
  eq(await page.evaluate(() => localStorage.getItem('cipherplan.autosave')), before, 'the design is still untouched');
  await context.unroute('**/cipherplan-panels_bg.wasm', gone);
  await page.keyboard.press('x');
  await page.waitForSelector('[role="dialog"].export-dialog .files .file[data-path="kms.tf"]', { timeout: 30000 });
  // The 404 itself is the point of this test, not a problem of the app.
  env.problems = env.problems.filter((p) => !p.includes('404') && !p.includes('Failed to load resource'));
  return env;
});

await run();
