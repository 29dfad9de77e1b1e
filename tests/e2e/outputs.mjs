// End-to-end tests of the export dialog (issue 6): every download is compared byte for byte
// with what the CLI writes for the same design. Run: node tests/e2e/outputs.mjs [filter]
// The CLI runs through `cargo run -p cipherplan-cli` (built once, debug profile).
import { test, run, openPage, ready, shot, root, assert, eq } from './harness.mjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

/** Runs the CLI in `cwd`; returns its standard output. */
function cli(args, cwd = root) {
  return execFileSync('cargo', ['run', '-q', '--locked', '--manifest-path', path.join(root, 'Cargo.toml'), '-p', 'cipherplan-cli', '--', ...args], {
    cwd, encoding: 'buffer', maxBuffer: 64 << 20, env: { ...process.env, CARGO_TARGET_DIR: process.env.CARGO_TARGET_DIR || path.join(root, 'target') },
  });
}

function tmpdir(tag) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cipherplan-e2e-${tag}-`));
}

/** Every file under `dir`, as relative path → bytes. */
function readTree(dir, prefix = '') {
  const out = new Map();
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of readTree(dir, rel)) out.set(k, v);
    else out.set(rel, fs.readFileSync(path.join(dir, rel)));
  }
  return out;
}

/**
 * A minimal ZIP reader: the central directory gives each entry's name, method, sizes and local
 * header offset; the data is stored (0) or raw deflate (8). Checks every CRC-32.
 */
function unzip(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  assert(eocd >= 0, 'the ZIP has an end of central directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let n = 0; n < count; n++) {
    assert(buf.readUInt32LE(p) === 0x02014b50, `central directory entry ${n}`);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    assert(buf.readUInt32LE(local) === 0x04034b50, `local header of ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    const data = method === 0 ? raw : method === 8 ? zlib.inflateRawSync(raw) : null;
    assert(data, `${name}: unknown compression method ${method}`);
    eq(data.length, usize, `${name}: uncompressed size`);
    eq(zlib.crc32(data), crc, `${name}: CRC-32`);
    files.set(name, data);
  }
  return files;
}

/** Opens the app with the reference design and the export dialog (from the header button). */
async function openExport(browser, base, options) {
  const env = await openPage(browser, base, options);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.waitForSelector('[role="dialog"].export-dialog');
  return env;
}

/** Selects a tab of the dialog and waits for its file list. */
async function tab(page, title) {
  await page.getByRole('tab', { name: title }).click();
  await page.waitForSelector('.export-files .files .file', { timeout: 30000 });
}

/** Selects a file and downloads it with "Download file"; returns [name, bytes]. */
async function downloadFile(page, file) {
  await page.locator(`.files .file[data-path="${file}"]`).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download file' }).click()]);
  return [download.suggestedFilename(), fs.readFileSync(await download.path())];
}

/** Text of the preview once it is highlighted. */
async function previewText(page, file) {
  await page.locator(`.files .file[data-path="${file}"]`).click();
  await page.waitForFunction((f) => document.querySelector('.preview-path')?.textContent === f && document.querySelector('pre.code span'), file);
  return page.locator('pre.code code').textContent();
}

test('export dialog: highlighted Terraform preview equal to the CLI file, copy, keyboard', async ({ browser, base }) => {
  const env = await openExport(browser, base, { width: 1280, height: 720 });
  const { page, context } = env;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  // The dialog is labelled and modal; the selected tab has focus.
  eq(await page.locator('[role="dialog"].export-dialog').getAttribute('aria-modal'), 'true', 'modal');
  eq(await page.evaluate(() => document.activeElement.getAttribute('role')), 'tab', 'the tab list has focus');
  await page.waitForSelector('.files .file[data-path="kms.tf"]', { timeout: 30000 });
  const text = await previewText(page, 'kms.tf');
  const out = tmpdir('tf');
  cli(['export', '--template', 'django-encrypted', '--to', 'terraform', '--out', out]);
  eq(text, fs.readFileSync(path.join(out, 'kms.tf'), 'utf8'), 'the preview shows the CLI file byte for byte');
  const keywords = await page.locator('pre.code .hl-k').allTextContents();
  assert(keywords.includes('resource'), `"resource" is a keyword (${keywords.slice(0, 5)})`);
  assert(await page.locator('pre.code .hl-s').count() > 5, 'strings are coloured');
  assert(await page.locator('pre.code .hl-a').count() > 5, 'attributes are coloured');
  assert(await page.locator('pre.code .hl-c').count() >= 1, 'comments are coloured');
  const colours = await page.evaluate(() => new Set([...document.querySelectorAll('pre.code span')].map((s) => getComputedStyle(s).color)).size);
  assert(colours >= 4, `at least four colours in the preview (${colours})`);
  eq(await page.locator('.preview-kind').textContent(), 'HCL', 'language caption');
  await shot(page, 'outputs-01-export-terraform-1280');

  await page.getByRole('button', { name: 'Copy' }).click();
  await page.waitForSelector('.export-status span');
  assert((await page.locator('.export-status').textContent()).includes('Copied kms.tf'), 'says Copied');
  eq(await page.evaluate(() => navigator.clipboard.readText()), text, 'the clipboard holds the file');

  // Arrow keys move between tabs; Tab stays inside the dialog.
  await page.getByRole('tab', { name: 'Terraform' }).focus();
  await page.keyboard.press('ArrowRight');
  eq(await page.getByRole('tab', { name: 'AWS CDK' }).getAttribute('aria-selected'), 'true', 'ArrowRight selects CDK');
  await page.waitForSelector('.files .file[data-path="lib/django-encrypted-stack.ts"]', { timeout: 30000 });
  for (let i = 0; i < 30; i++) await page.keyboard.press('Tab');
  assert(await page.evaluate(() => !!document.activeElement.closest('.export-dialog')), 'focus stays in the dialog');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[role="dialog"]', { state: 'detached' });
  eq(await page.evaluate(() => document.activeElement.textContent.trim()), 'Export', 'focus returns to the Export button');
  return env;
});

test('export dialog in the dark theme, opened with X, TypeScript preview', async ({ browser, base }) => {
  const env = await openPage(browser, base, { width: 1280, height: 720, colorScheme: 'dark' });
  const { page } = env;
  await page.goto(base);
  await ready(page);
  await page.keyboard.press('?');
  await page.waitForSelector('[role="dialog"] .shortcuts');
  assert((await page.locator('.shortcuts').textContent()).includes('Export'), 'the ? overlay lists the Export shortcut');
  await page.keyboard.press('Escape');
  await page.keyboard.press('x');
  await page.waitForSelector('[role="dialog"].export-dialog');
  await tab(page, 'Pulumi');
  const text = await previewText(page, 'index.ts');
  assert(text.includes('@pulumi/aws'), 'the Pulumi program');
  assert((await page.locator('pre.code .hl-k').allTextContents()).includes('import'), '"import" is a keyword');
  const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.export-dialog')).backgroundColor);
  eq(bg, 'rgb(21, 27, 35)', 'dark dialog');
  await shot(page, 'outputs-02-export-pulumi-dark');
  return env;
});

test('Download all (ZIP) equals `cipherplan export --to all` file by file and `--zip` byte for byte', async ({ browser, base }) => {
  const env = await openExport(browser, base);
  const { page } = env;
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.getByRole('button', { name: 'Download all (ZIP)' }).click()]);
  eq(download.suggestedFilename(), 'django-encrypted.zip', 'named after the design');
  const zip = fs.readFileSync(await download.path());
  const dir = tmpdir('zip');
  cli(['export', '--template', 'django-encrypted', '--to', 'all', '--out', path.join(dir, 'out'), '--zip', path.join(dir, 'cli.zip')]);
  const expected = readTree(path.join(dir, 'out'));
  const got = unzip(zip);
  eq([...got.keys()].sort(), [...expected.keys()].sort(), 'the same paths');
  assert(got.size > 30, `every file of every target (${got.size})`);
  for (const [name, bytes] of expected) assert(Buffer.compare(got.get(name), bytes) === 0, `${name} differs from the CLI's`);
  assert(Buffer.compare(zip, fs.readFileSync(path.join(dir, 'cli.zip'))) === 0, 'the ZIP is byte for byte the CLI --zip');
  await page.waitForFunction(() => document.querySelector('.export-status')?.textContent.includes('django-encrypted.zip'));
  return env;
});

test('each export tab downloads its own ZIP, byte for byte `cipherplan export --to TARGET --zip`', async ({ browser, base }) => {
  const env = await openExport(browser, base);
  const { page } = env;
  for (const [title, target] of [['Terraform', 'terraform'], ['AWS CDK', 'cdk']]) {
    await tab(page, title);
    const button = page.getByRole('button', { name: `Download ${title} (ZIP)` });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), button.click()]);
    eq(download.suggestedFilename(), `django-encrypted-${target}.zip`, 'named after the design and the target');
    const dir = tmpdir(`zip-${target}`);
    cli(['export', '--template', 'django-encrypted', '--to', target, '--zip', path.join(dir, 'cli.zip')]);
    assert(Buffer.compare(fs.readFileSync(await download.path()), fs.readFileSync(path.join(dir, 'cli.zip'))) === 0, `the ${target} ZIP is the CLI's`);
  }
  await tab(page, 'Report');
  eq(await page.locator('.export-footer button.secondary', { hasText: '(ZIP)' }).isVisible(), false, 'the report tab has no export ZIP of its own');
  return env;
});

test('report files equal `cipherplan report` on the downloaded design file; SARIF shape', async ({ browser, base }) => {
  const env = await openExport(browser, base);
  const { page } = env;
  const dir = tmpdir('report');
  await tab(page, 'Design JSON');
  const [designName, designBytes] = await downloadFile(page, 'django-encrypted.cipherplan.json');
  eq(designName, 'django-encrypted.cipherplan.json', 'design file name');
  fs.writeFileSync(path.join(dir, designName), designBytes);

  await tab(page, 'Report');
  const names = await page.locator('.files .file').evaluateAll((els) => els.map((e) => e.dataset.path));
  eq(names, ['django-encrypted-report.html', 'django-encrypted-report.md', 'django-encrypted-report.svg', 'django-encrypted-report.json', 'django-encrypted-report.sarif'], 'report files');
  const got = {};
  for (const n of names) {
    const [file, bytes] = await downloadFile(page, n);
    eq(file, n, 'download name');
    got[n] = bytes;
  }
  const same = (a, b, what) => assert(Buffer.compare(a, b) === 0, `${what} differs from the CLI's`);
  same(got['django-encrypted-report.sarif'], cli(['report', designName, '--format', 'sarif'], dir), 'SARIF');
  same(got['django-encrypted-report.json'], cli(['report', designName, '--format', 'json'], dir), 'report JSON');
  same(got['django-encrypted-report.html'], cli(['report', designName, '--format', 'html'], dir), 'HTML report');
  cli(['report', designName, '--format', 'md', '--out', 'django-encrypted-report.md'], dir);
  same(got['django-encrypted-report.md'], fs.readFileSync(path.join(dir, 'django-encrypted-report.md')), 'Markdown report');
  same(got['django-encrypted-report.svg'], fs.readFileSync(path.join(dir, 'django-encrypted-report.svg')), 'the diagram beside the Markdown');
  assert(got['django-encrypted-report.md'].toString().includes('](django-encrypted-report.svg)'), 'the Markdown links the SVG beside it');

  const sarif = JSON.parse(got['django-encrypted-report.sarif']);
  eq(sarif.version, '2.1.0', 'SARIF version');
  assert(sarif.$schema.includes('sarif-2.1.0'), 'SARIF $schema');
  const r = sarif.runs[0];
  eq(r.tool.driver.name, 'cipherplan', 'tool name');
  assert(r.tool.driver.rules.length > 10 && r.tool.driver.rules.every((x) => x.id && x.shortDescription), 'rule descriptors');
  assert(r.results.length > 0, 'the reference design has (info) results');
  for (const res of r.results) {
    assert(res.ruleId && ['error', 'warning', 'note'].includes(res.level), `result ${res.ruleId} has ruleId and level`);
    eq(res.locations[0].physicalLocation.artifactLocation.uri, designName, 'results point at the design file');
    assert(res.locations[0].physicalLocation.region?.startLine > 1, 'with a line in it');
  }
  await shot(page, 'outputs-03-report-files');
  return env;
});

test('diagram PNG is 2× the SVG and not blank; a single export file equals the CLI', async ({ browser, base }) => {
  const env = await openExport(browser, base);
  const { page } = env;
  const [tfName, tf] = await downloadFile(page, 'ecs.tf');
  eq(tfName, 'ecs.tf', 'single file name');
  const dir = tmpdir('png');
  cli(['export', '--template', 'django-encrypted', '--to', 'app', '--out', path.join(dir, 'app')]);
  cli(['export', '--template', 'django-encrypted', '--to', 'terraform', '--out', path.join(dir, 'tf')]);
  assert(Buffer.compare(tf, fs.readFileSync(path.join(dir, 'tf', 'ecs.tf'))) === 0, 'ecs.tf equals the CLI');
  await tab(page, 'App-side files');
  const [, conf] = await downloadFile(page, 'nginx/nginx.conf');
  assert(Buffer.compare(conf, fs.readFileSync(path.join(dir, 'app', 'nginx', 'nginx.conf'))) === 0, 'nginx.conf equals the CLI');

  await tab(page, 'Diagram');
  const [svgName, svg] = await downloadFile(page, 'django-encrypted.svg');
  eq(svgName, 'django-encrypted.svg', 'SVG name');
  const root = svg.toString().match(/<svg[^>]*>/)[0];
  const w = Number(root.match(/ width="([\d.]+)"/)[1]);
  const h = Number(root.match(/ height="([\d.]+)"/)[1]);
  assert(/font-family="[^"]*sans-serif/.test(root), 'the SVG carries its own font fallbacks');
  // The PNG is drawn when first wanted, not when the tab opens (a large diagram takes a while).
  const pngSize = page.locator('.files .file[data-path="django-encrypted.png"] .file-size');
  eq(await pngSize.textContent(), 'drawn when opened', 'the PNG waits until it is opened');
  await page.locator('.files .file[data-path="django-encrypted.png"]').click();
  await page.waitForSelector('.preview-image img');
  assert(/ KB$/.test(await pngSize.textContent()), `once drawn the list gives its size (${await pngSize.textContent()})`);
  await shot(page, 'outputs-04-diagram-png');
  const [pngName, png] = await downloadFile(page, 'django-encrypted.png');
  eq(pngName, 'django-encrypted.png', 'PNG name');
  eq(png.subarray(1, 4).toString(), 'PNG', 'PNG signature');
  eq([png.readUInt32BE(16), png.readUInt32BE(20)], [Math.round(2 * w), Math.round(2 * h)], 'IHDR is twice the SVG size');
  // Decode it in the page and look at the pixels: a blank (or all-white) image fails.
  const stats = await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const ctx = c.getContext('2d');
    ctx.drawImage(bmp, 0, 0);
    const d = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
    let ink = 0; let transparent = 0; const colours = new Set();
    for (let i = 0; i < d.length; i += 4 * 7) {
      if (d[i + 3] === 0) transparent++;
      else if (d[i] + d[i + 1] + d[i + 2] < 600) ink++;
      colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    }
    return { ink, transparent, colours: colours.size, samples: d.length / 28 };
  }, png.toString('base64'));
  assert(stats.ink / stats.samples > 0.01, `the PNG has ink (${JSON.stringify(stats)})`);
  assert(stats.transparent / stats.samples < 0.01, `the PNG has its white background (${JSON.stringify(stats)})`);
  assert(stats.colours > 20, `the PNG has many colours (${stats.colours})`);
  return env;
});

test('the printable report opens in a new tab with its title, without network', async ({ browser, base }) => {
  const env = await openExport(browser, base);
  const { page, context, problems } = env;
  await page.getByRole('tab', { name: 'Report' }).click();
  const [report] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Open printable report' }).click()]);
  report.on('request', (r) => { if (!r.url().startsWith('blob:')) problems.push(`report tab requested ${r.url()}`); });
  report.on('console', (m) => problems.push(`report tab console: ${m.text()}`));
  await report.waitForURL(/^blob:/, { timeout: 30000 });
  await report.waitForLoadState('load');
  const title = await report.title();
  const dir = tmpdir('html');
  fs.writeFileSync(path.join(dir, 'd.json'), cli(['template', 'django-encrypted']));
  const expected = cli(['report', 'd.json', '--format', 'html'], dir).toString().match(/<title>([^<]*)<\/title>/)[1];
  eq(title, expected.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'), 'the report tab has the report title');
  assert(await report.locator('svg').count() > 0, 'the diagram is inline');
  await report.screenshot({ path: path.join(root, 'tests', 'e2e', 'screenshots', 'outputs-05-report-tab.png') });
  await page.waitForFunction(() => document.querySelector('.export-status')?.textContent.includes('new tab'));
  return env;
});

test('a hostile label is shown as text in the preview, never as markup', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  const evil = '<img src=x onerror="window.__pwned=1"></span><b>bold</b>';
  const design = {
    format: 'cipherplan/1', name: 'evil', settings: { strict: false, region: 'us-east-1' },
    nodes: [{ id: 'users', kind: 'internet_client', label: evil, x: 0, y: 0 }, { id: 'alb', kind: 'alb', label: evil, x: 200, y: 0 }],
    edges: [{ id: 'users-alb', kind: 'flow', from: 'users', to: 'alb', label: evil, props: { protocol: 'http', port: 443, tls: 'verify-full' } }],
  };
  await page.locator('#open-file').setInputFiles({ name: 'evil.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(design)) });
  await page.waitForFunction(() => document.querySelectorAll('svg#canvas [data-node]').length === 2 || document.querySelector('.load-errors'));
  const loadErrors = await page.locator('.load-errors').allTextContents();
  eq(loadErrors, [], 'the design loads');
  await page.keyboard.press('x');
  await page.waitForSelector('[role="dialog"].export-dialog');
  await tab(page, 'Report');
  const text = await previewText(page, 'evil-report.json');
  assert(text.includes(JSON.stringify(evil).slice(1, -1)), 'the label is in the preview, as text');
  assert(await page.locator('pre.code .hl-s', { hasText: '<img src=x' }).count() > 0, 'inside a string span');
  eq(await page.locator('pre.code img, pre.code b').count(), 0, 'no element from the label');
  await tab(page, 'Diagram');
  await previewText(page, 'evil.svg');
  eq(await page.locator('pre.code img, pre.code b').count(), 0, 'no element from the SVG text either');
  eq(await page.evaluate(() => window.__pwned), undefined, 'no script ran');
  return env;
});

test('an error from the worker is shown in the dialog, and the rest still works', async ({ browser, base }) => {
  // The first `files` request reaches the worker with a target it does not know.
  const env = await openExport(browser, base, {
    init: () => {
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (msg, ...rest) {
        if (msg && msg.op === 'files' && !window.__broken) {
          window.__broken = true;
          msg.params = JSON.stringify({ target: 'bogus' });
        }
        return post.call(this, msg, ...rest);
      };
    },
  });
  const { page } = env;
  await page.waitForSelector('.export-error[role="alert"]', { timeout: 30000 });
  const message = await page.locator('.export-error').textContent();
  assert(message.includes('Terraform could not be generated') && message.includes('`bogus`'), `the worker's message is shown (${message})`);
  eq(await page.getByRole('button', { name: 'Download file' }).isDisabled(), true, 'nothing to download');
  await shot(page, 'outputs-06-worker-error');
  await tab(page, 'AWS CDK');
  assert(await page.locator('.files .file').count() > 3, 'the next tab generates normally');
  await tab(page, 'Terraform');
  await page.waitForSelector('.files .file[data-path="kms.tf"]');
  eq(await page.locator('.export-error').count(), 0, 'coming back to a failed tab tries again');
  return env;
});

await run();
