// End-to-end tests of the planner (issue 5). Run: node tests/e2e/planner.mjs [filter]
// Each test starts from a fresh browser context (empty localStorage = first visit), asserts
// what a user sees, and saves a screenshot to tests/e2e/screenshots/.
import { test, run, openPage, ready, shot, assert, eq, savedDesign } from './harness.mjs';

const node = (id) => `svg#canvas [data-node="${id}"]`;
const edge = (id) => `svg#canvas .layer-edges [data-edge="${id}"]`;
const label = (id) => `svg#canvas .layer-labels [data-edge="${id}"]`;
const text = async (page, sel) => (await page.locator(sel).first().textContent()).trim();
const edgeClass = (page, id) => page.locator(edge(id)).getAttribute('class');

/** Centre of an element in page pixels. */
async function centre(page, sel) {
  const b = await page.locator(sel).first().boundingBox();
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Selects a flow by clicking its label and shows the inspector. */
async function selectFlow(page, id) {
  await page.locator(`${label(id)} text`).click();
  await page.waitForSelector('#insp-kind');
}

test('reference design renders with no error findings', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  const nodes = await page.locator('svg#canvas [data-node]').count();
  eq(nodes, 28, 'every component of django-encrypted is drawn');
  eq(await text(page, '[data-testid="errors"]'), '0', 'error findings');
  eq(await text(page, '[data-testid="score"]'), '100', 'score');
  eq(await text(page, '[data-testid="transit"]'), '100%', 'in transit');
  const red = await page.locator('svg#canvas .edge.g-plaintext:not(.loopback)').count();
  eq(red, 0, 'no plaintext network flow');
  eq(await page.locator('svg#canvas .edge.loopback').count(), 1, 'nginx → gunicorn is drawn as loopback');
  const green = await page.locator('svg#canvas .edge.flow.g-verified').count();
  assert(green >= 10, `most flows are green (${green})`);
  const badges = await page.locator('svg#canvas .badge').count();
  assert(badges >= 8, `every store has an at-rest badge (${badges})`);
  eq(await page.locator('svg#canvas .badge.rest-cmk').count(), badges, 'every store is on a CMK');
  assert(await page.locator('svg#canvas .box-task .loopback-tag').count() === 1, 'the task box shows its loopback');
  await page.locator('.tabs [role="tab"]', { hasText: 'Findings' }).click();
  await page.waitForSelector('.findings');
  await shot(page, '01-reference');
  return env;
});

test('dark theme follows prefers-color-scheme', async ({ browser, base }) => {
  const env = await openPage(browser, base, { colorScheme: 'dark' });
  const { page } = env;
  await page.goto(base);
  await ready(page);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  eq(bg, 'rgb(13, 17, 23)', 'dark background');
  await page.locator(node('db')).click();
  await shot(page, '02-dark-theme');
  return env;
});

test('place a node from the palette', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  const canvas = await page.locator('svg#canvas').boundingBox();
  const target = { x: canvas.width * 0.5, y: canvas.height - 120 };
  await page.locator('.pal-item[data-kind="efs"]').dragTo(page.locator('svg#canvas'), { targetPosition: target });
  await page.waitForSelector(node('efs'));
  const d = await savedDesign(page);
  const efs = d.nodes.find((n) => n.id === 'efs');
  assert(efs && efs.kind === 'efs', 'the new node is in the design');
  eq(await page.locator('#insp-label').inputValue(), 'EFS file system', 'the inspector shows the new node');
  eq(await page.locator(`${node('efs')} .badge text`).textContent(), 'none', 'a new EFS is unencrypted at rest by default');
  await shot(page, '03-place-from-palette');
  return env;
});

test('search the palette and add with the keyboard', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  await page.keyboard.press('/');
  await page.keyboard.type('repository');
  eq(await page.locator('.pal-item').count(), 1, 'one match');
  await page.keyboard.press('Enter');
  await page.waitForSelector(node('ecr-repository'));
  await shot(page, '04-palette-search');
  return env;
});

test('connect two nodes by dragging from a handle', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  await page.locator(node('beat')).hover();
  const from = await centre(page, `${node('beat')} .handle`);
  const to = await centre(page, `${node('db')} use`);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  const hint = await page.locator(`${node('db')}.dropok`).count();
  eq(hint, 1, 'the target lights up as a valid connection');
  await page.mouse.up();
  await page.waitForSelector(edge('beat-db'));
  const d = await savedDesign(page);
  const e = d.edges.find((x) => x.id === 'beat-db');
  eq([e.kind, e.props.protocol, e.props.port, e.props.tls], ['flow', 'postgresql', 5432, 'verify-full'], 'catalog defaults');
  assert((await edgeClass(page, 'beat-db')).includes('g-verified'), 'the new flow is green');
  await shot(page, '05-connect');
  return env;
});

test('a nonsensical connection is refused with the reason', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  const before = (await savedDesign(page)).edges.length;
  await page.locator(node('media')).hover();
  const from = await centre(page, `${node('media')} .handle`);
  const to = await centre(page, `${node('alb')} use`);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.waitForSelector(`${node('alb')}.dropbad`);
  await shot(page, '06-refused-connection');
  await page.mouse.up();
  await page.waitForSelector('.toast.error');
  assert((await text(page, '.toast.error')).includes('does not open network connections'), 'the catalog says why');
  eq((await savedDesign(page)).edges.length, before, 'nothing was added');
  return env;
});

test('plaintext flow turns red with a finding; apply fix turns it green; undo and redo', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  const id = 'gunicorn-db';
  await selectFlow(page, id);
  await page.locator('#p-gunicorn-db-tls').selectOption('disable');
  await page.waitForFunction((sel) => document.querySelector(sel).classList.contains('g-plaintext'), edge(id));
  assert(Number(await text(page, '[data-testid="errors"]')) >= 1, 'an error finding appears');
  assert((await text(page, `${label(id)} text`)) === 'PostgreSQL', 'the label says plaintext PostgreSQL');
  assert(await page.locator('.insp .finding.sev-error').count() >= 1, 'the inspector lists the finding');
  await shot(page, '07-plaintext-red');

  await page.keyboard.press('e');
  const card = page.locator('.finding.sev-error', { hasText: 'gunicorn' }).filter({ hasText: 'CP-T008' });
  await card.first().waitFor();
  await page.keyboard.press('Escape');
  await card.first().locator('.message').click();
  await page.waitForSelector(`${edge(id)}.selected`);
  await shot(page, '08-findings-panel');
  await card.first().getByRole('button', { name: 'Apply fix' }).click();
  await page.waitForFunction((sel) => document.querySelector(sel).classList.contains('g-verified'), edge(id));
  eq(await text(page, '[data-testid="errors"]'), '0', 'no error left');
  await shot(page, '09-fixed-green');

  await page.keyboard.press('Control+z');
  await page.waitForFunction((sel) => document.querySelector(sel).classList.contains('g-plaintext'), edge(id));
  await page.keyboard.press('Control+z');
  await page.waitForFunction((sel) => document.querySelector(sel).classList.contains('g-verified'), edge(id));
  await page.keyboard.press('Control+Shift+Z');
  await page.waitForFunction((sel) => document.querySelector(sel).classList.contains('g-plaintext'), edge(id));
  await page.getByRole('button', { name: 'Redo' }).click();
  await page.waitForFunction((sel) => document.querySelector(sel).classList.contains('g-verified'), edge(id));
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.waitForFunction((sel) => document.querySelector(sel).classList.contains('g-plaintext'), edge(id));
  await shot(page, '10-undo-redo');
  return env;
});

test('fix all repairs the baseline template in one undo step', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  await page.getByRole('button', { name: 'Templates ▾' }).click();
  await page.getByRole('menuitem', { name: /django-baseline/ }).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="errors"]').textContent) > 0);
  const errors = Number(await text(page, '[data-testid="errors"]'));
  await page.keyboard.press('e');
  await shot(page, '11-baseline-findings');
  await page.getByRole('button', { name: /Fix all/ }).click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="errors"]').textContent) < n, errors);
  await shot(page, '12-baseline-fixed');
  await page.keyboard.press('Control+z');
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="errors"]').textContent) === n, errors);
  return env;
});

test('reload keeps the design and the view', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  // Move a node, rename it, zoom: all of it must survive a reload.
  const from = await centre(page, `${node('bastion')} use`);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 60, from.y + 45, { steps: 6 });
  await page.mouse.up();
  await page.locator('#insp-label').fill('jump host');
  await page.locator('#insp-label').press('Enter');
  await page.keyboard.press('+');
  const before = await savedDesign(page);
  const transform = await page.locator('svg#canvas .viewport').getAttribute('transform');
  await page.reload();
  await ready(page);
  eq(await savedDesign(page), before, 'same design after reload');
  eq(await page.locator('svg#canvas .viewport').getAttribute('transform'), transform, 'same view after reload');
  assert((await page.locator(node('bastion')).getAttribute('aria-label')).startsWith('jump host'), 'renamed node');
  await shot(page, '13-reload');
  return env;
});

test('a corrupted autosave shows a message and starts fresh', async ({ browser, base }) => {
  const env = await openPage(browser, base, {
    init: () => {
      if (!sessionStorage.getItem('seeded')) {
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('cipherplan.autosave', '{"app":"cipherplan","version":1,"design":{"format":"cipherplan/1","nodes":[{"id":7');
      }
    },
  });
  const { page } = env;
  await page.goto(base);
  await ready(page);
  await page.waitForSelector('.notice');
  assert((await text(page, '.notice')).includes('could not be restored'), 'visible message');
  eq(await page.locator('svg#canvas [data-node]').count(), 28, 'fresh start with the reference design');
  const kept = await page.evaluate(() => localStorage.getItem('cipherplan.autosave.unreadable'));
  assert(kept && kept.startsWith('{"app"'), 'the unreadable data is kept aside');
  await shot(page, '14-corrupt-autosave');
  return env;
});

test('an old-format autosave is refused the same way', async ({ browser, base }) => {
  const env = await openPage(browser, base, {
    init: () => {
      if (!sessionStorage.getItem('seeded')) {
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('cipherplan.autosave', JSON.stringify({ app: 'cipherplan', version: 0, nodes: [] }));
      }
    },
  });
  const { page } = env;
  await page.goto(base);
  await ready(page);
  await page.waitForSelector('.notice');
  assert((await text(page, '.notice')).includes('format version 0'), 'says which version');
  return env;
});

test('opening a bad file shows the loader errors and keeps the design', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  const before = await savedDesign(page);
  const bad = {
    format: 'cipherplan/1', name: 'bad',
    nodes: [{ id: 'a', kind: 'mainframe', x: 0, y: 0 }, { id: 'b', kind: 'rds_postgres', x: 0, y: 0, props: { port: 'x' } }],
    edges: [{ id: 'e', kind: 'flow', from: 'a', to: 'zz' }],
  };
  await page.locator('#open-file').setInputFiles({ name: 'bad.cipherplan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await page.waitForSelector('[role="dialog"] .load-errors');
  const paths = await page.locator('.load-errors .path').allTextContents();
  assert(paths.includes('$.nodes[0].kind'), `the unknown kind is named by path (${paths})`);
  assert(paths.some((p) => p.startsWith('$.edges[0]')), 'the dangling edge is named by path');
  await shot(page, '15-bad-file');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[role="dialog"]', { state: 'detached' });
  eq(await savedDesign(page), before, 'the open design is untouched');
  eq(await page.locator('svg#canvas [data-node]').count(), 28, 'still drawn');
  return env;
});

test('save downloads the design file, which loads back', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save' }).click()]);
  eq(download.suggestedFilename(), 'django-encrypted.cipherplan.json', 'file name');
  const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString());
  const saved = JSON.parse(text);
  eq(saved, await savedDesign(page), 'the file is the open design');
  eq(saved.format, 'cipherplan/1', 'format tag');
  return env;
});

test('a good file opens and replaces the design through undo', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  const good = {
    format: 'cipherplan/1', name: 'tiny', settings: { strict: false, region: 'eu-west-1' },
    nodes: [{ id: 'users', kind: 'internet_client', x: 0, y: 0 }, { id: 'alb', kind: 'alb', x: 200, y: 0 }],
    edges: [{ id: 'users-alb', kind: 'flow', from: 'users', to: 'alb', props: { protocol: 'http', port: 80 } }],
  };
  await page.locator('#open-file').setInputFiles({ name: 'tiny.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
  await page.waitForFunction(() => document.querySelectorAll('svg#canvas [data-node]').length === 2);
  assert((await edgeClass(page, 'users-alb')).includes('g-plaintext'), 'plain HTTP to an ALB without HTTPS is red');
  await shot(page, '16-open-file');
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelectorAll('svg#canvas [data-node]').length === 28);
  return env;
});

test('a design file dropped on the canvas opens', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  const tiny = JSON.stringify({
    format: 'cipherplan/1', name: 'dropped',
    nodes: [{ id: 'users', kind: 'internet_client', x: 0, y: 0 }, { id: 'cdn', kind: 'cloudfront', x: 200, y: 0 }],
    edges: [{ id: 'users-cdn', kind: 'flow', from: 'users', to: 'cdn', props: { protocol: 'http', port: 443, tls: 'verify-full' } }],
  });
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.cipherplan.json', { type: 'application/json' }));
    const canvas = document.querySelector('svg#canvas');
    const r = canvas.getBoundingClientRect();
    const at = { clientX: r.left + 200, clientY: r.top + 200, bubbles: true, cancelable: true, dataTransfer: dt };
    canvas.dispatchEvent(new DragEvent('dragover', at));
    canvas.dispatchEvent(new DragEvent('drop', at));
  }, tiny);
  await page.waitForFunction(() => document.querySelectorAll('svg#canvas [data-node]').length === 2);
  eq((await savedDesign(page)).name, 'dropped', 'the dropped design is open');
  // CloudFront allows plain HTTP viewers by default: the flow is downgradable, drawn dashed red.
  assert((await edgeClass(page, 'users-cdn')).includes('g-downgradable'), 'allow-all viewers are downgradable');
  await shot(page, '23-dropped-file');
  return env;
});

test('templates menu from the keyboard', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  await page.keyboard.press('t');
  await page.waitForSelector('.menu [role="menuitem"]:focus');
  await page.keyboard.press('ArrowDown');
  await shot(page, '24-templates-menu');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('.design-name').textContent !== 'django-encrypted');
  const name = await text(page, '.design-name');
  assert(name !== 'django-encrypted', `another template opened (${name})`);
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('.design-name').textContent === 'django-encrypted');
  return env;
});

test('keyboard only: select a node with Tab and delete it', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  // The skip link leads to the canvas; Tab then walks the components.
  await page.keyboard.press('Tab');
  eq(await page.evaluate(() => document.activeElement.textContent), 'Skip to the canvas', 'skip link first');
  await page.keyboard.press('Enter');
  let focused = null;
  for (let i = 0; i < 40 && focused !== 'bastion'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement.closest('[data-node]')?.getAttribute('data-node'));
  }
  eq(focused, 'bastion', 'Tab reaches the bastion');
  const aria = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
  assert(aria.startsWith('bastion (psql), Bastion host'), `ARIA label (${aria})`);
  await page.waitForSelector(`${node('bastion')}.selected`);
  await shot(page, '17-keyboard-focus');
  await page.keyboard.press('Delete');
  await page.waitForSelector(node('bastion'), { state: 'detached' });
  const d = await savedDesign(page);
  assert(!d.nodes.some((n) => n.id === 'bastion'), 'bastion deleted');
  assert(!d.edges.some((e) => e.from === 'bastion' || e.to === 'bastion'), 'its flows went with it');
  await page.keyboard.press('?');
  await page.waitForSelector('[role="dialog"] .shortcuts');
  await shot(page, '18-shortcuts');
  await page.keyboard.press('Escape');
  return env;
});

test('box selection, shift-click and moving several nodes', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  const a = await page.locator(node('secret-key')).boundingBox();
  const b = await page.locator(node('redis-token')).boundingBox();
  await page.mouse.move(a.x - 20, a.y - 20);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width + 20, b.y + b.height + 20, { steps: 6 });
  await shot(page, '19-marquee');
  await page.mouse.up();
  eq(await page.locator('svg#canvas .node.selected').count(), 3, 'three secrets selected');
  await page.locator(node('app-logs')).click({ modifiers: ['Shift'] });
  eq(await page.locator('svg#canvas .node.selected').count(), 4, 'shift-click adds');
  const before = (await savedDesign(page)).nodes.find((n) => n.id === 'secret-key');
  const c = await centre(page, `${node('db-password')} use`);
  await page.mouse.move(c.x, c.y);
  await page.mouse.down();
  await page.mouse.move(c.x + 40, c.y + 80, { steps: 8 });
  await page.mouse.up();
  const after = (await savedDesign(page)).nodes.find((n) => n.id === 'secret-key');
  assert(after.y > before.y, 'the selection moved together');
  eq(after.x % 20 + after.y % 20, 0, 'snapped to the grid');
  await page.keyboard.press('Control+z');
  eq((await savedDesign(page)).nodes.find((n) => n.id === 'secret-key'), before, 'one undo step');
  return env;
});

test('pan and zoom with wheel, buttons and fit', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  const zoom = async () => Number((await text(page, '.zoom .pct')).replace('%', ''));
  const z0 = await zoom();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  assert(await zoom() > z0, 'zoom in button');
  const c = await page.locator('svg#canvas').boundingBox();
  await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2);
  await page.mouse.wheel(0, 300);
  assert(await zoom() < z0 + 20, 'wheel zooms out');
  // Focus the canvas (a click on empty space), as a user does before holding space.
  await page.mouse.click(c.x + c.width - 40, c.y + c.height / 2);
  const t0 = await page.locator('svg#canvas .viewport').getAttribute('transform');
  await page.keyboard.down(' ');
  await page.mouse.down();
  await page.mouse.move(c.x + c.width / 2 + 80, c.y + c.height / 2 + 30, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.up(' ');
  assert(t0 !== await page.locator('svg#canvas .viewport').getAttribute('transform'), 'space + drag pans');
  await page.getByRole('button', { name: 'Fit' }).click();
  eq(await zoom(), z0, 'fit returns to the first view');
  return env;
});

test('path view highlights every hop from the internet to the database', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  await page.keyboard.press('p');
  await page.locator('#path-store').selectOption('db');
  await page.waitForSelector('.paths .path');
  const notes = await page.locator('.hop-note').allTextContents();
  assert(notes.some((n) => n.includes('TLS terminates at alb')), `where TLS terminates (${notes})`);
  assert(await page.locator(`${label('users-alb')} .hop-no`).count() === 1, 'the first hop is numbered on the canvas');
  assert(await page.locator('svg#canvas .node.dim').count() > 0, 'everything else is dimmed');
  await shot(page, '20-path-view');
  return env;
});

test('boxes: a container dropped on a service makes it the task', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  const w = await page.locator(`${node('worker')} use`).boundingBox();
  const canvas = await page.locator('svg#canvas').boundingBox();
  await page.locator('.pal-item[data-kind="container"]').dragTo(page.locator('svg#canvas'), {
    targetPosition: { x: w.x - canvas.x + w.width / 2, y: w.y - canvas.y + w.height / 2 },
  });
  await page.waitForSelector(`svg#canvas .box-task[data-node="worker"]`);
  const d = await savedDesign(page);
  eq(d.nodes.find((n) => n.id === 'container').parent, 'worker', 'the container is in the worker task');
  await shot(page, '21-task-box');
  return env;
});

test('works at 1280×720', async ({ browser, base }) => {
  const env = await openPage(browser, base, { width: 1280, height: 720 });
  const { page } = env;
  await page.goto(base);
  await ready(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  eq(overflow, false, 'no horizontal scrolling');
  const header = await page.locator('.verdict').boundingBox();
  assert(header.x + header.width <= 1280, 'the verdict fits in the header');
  await page.locator(node('db')).click();
  await shot(page, '22-1280x720');
  return env;
});

await run();
