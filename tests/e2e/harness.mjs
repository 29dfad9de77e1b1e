// Shared test harness: a static server for dist/ on 127.0.0.1, Debian's Chromium through
// playwright-core, and guards every test runs under: no console error or warning, no request
// that leaves 127.0.0.1, a screenshot at the end.
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
export const shots = path.join(here, 'screenshots');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** Serves `dir` on 127.0.0.1 (random port); resolves to { url, close }. */
export function serve(dir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404); res.end('not found'); return; }
      // The embed view runs in <iframe sandbox="allow-scripts">: an opaque origin, for which the
      // app's module and wasm are cross-origin fetches. Hosts must send this header (public/embed.html).
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store',
        'access-control-allow-origin': '*',
      });
      res.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/** A fresh context and page with the guards attached. */
export async function openPage(browser, base, { width = 1440, height = 900, colorScheme = 'light', init } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, acceptDownloads: true });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const u = new URL(r.url());
    const local = (u.protocol === 'http:' && u.hostname === '127.0.0.1') || ['blob:', 'data:'].includes(u.protocol);
    if (!local) problems.push(`non-local request: ${r.url()}`);
  });
  return { context, page, problems };
}

/** Waits until the app has rendered its canvas. */
export async function ready(page) {
  await page.waitForSelector('svg#canvas .layer-nodes .node', { timeout: 15000 });
  await page.waitForTimeout(100);
}

const results = [];
/** Registers a test. */
export function test(name, fn) { results.push({ name, fn }); }

export function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}
export function eq(actual, expected, message) {
  const a = JSON.stringify(actual); const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message}: expected ${e}, got ${a}`);
}

/** Runs every registered test (or those matching argv[2]); exits non-zero on failure. */
export async function run() {
  const dist = path.join(root, 'dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    console.error('dist/ is missing: run `trunk build --release` first (make test-e2e does)');
    process.exit(2);
  }
  fs.mkdirSync(shots, { recursive: true });
  const server = await serve(dist);
  const browser = await launch();
  const filter = process.argv[2];
  let failed = 0;
  for (const t of results) {
    if (filter && !t.name.includes(filter)) continue;
    const started = Date.now();
    let env;
    try {
      env = await t.fn({ browser, base: server.url });
      if (env?.problems?.length) throw new Error(env.problems.join('\n'));
      console.log(`ok   ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${t.name}\n     ${String(e.stack || e).split('\n').slice(0, 6).join('\n     ')}`);
    } finally {
      if (env?.context) await env.context.close().catch(() => {});
    }
  }
  await browser.close();
  await server.close();
  console.log(failed ? `${failed} e2e test(s) failed` : 'all e2e tests passed');
  process.exit(failed ? 1 : 0);
}

/** Saves a screenshot named after the test. */
export async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

/** The autosaved design as the app stored it. */
export async function savedDesign(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('cipherplan.autosave')).design);
}
