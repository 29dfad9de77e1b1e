// Renders HTML reports in headless Chromium and checks what a reader sees.
//
//   node tests/report/render.js OUT_DIR
//
// OUT_DIR holds django-encrypted.html and hostile.html (written by `make test-report`).
// For the reference report it checks that the page loads with no console error, no failed or
// external request and no script, that every section is there with content, that the diagram
// is drawn at a readable size, and it saves a screenshot, a print-media screenshot and a PDF
// (A4, the diagram on a landscape page) next to the HTML. For the hostile report it checks
// that the hostile labels show as text and run nothing. Exit code 1 on any failure.
'use strict';

const path = require('path');
const fs = require('fs');

let chromium;
try {
  ({ chromium } = require(path.resolve(__dirname, '../../node_modules/playwright-core')));
} catch (e) {
  console.error('playwright-core is missing: run `make setup` (npm ci) first');
  process.exit(1);
}

const outDir = path.resolve(process.argv[2] || path.join(__dirname, 'out'));
const failures = [];
const fail = (what) => { failures.push(what); console.error(`FAIL ${what}`); };
const ok = (what) => console.log(`ok   ${what}`);

const SECTIONS = [
  ['summary', 'Summary'],
  ['diagram', 'Diagram'],
  ['findings', 'Findings'],
  ['flows', 'Flows in transit'],
  ['paths', 'End-to-end paths'],
  ['stores', 'Stores at rest'],
  ['keys', 'Keys and who can decrypt'],
  ['cost', 'Monthly cost'],
  ['price-of-encryption', 'Price of encryption'],
  ['assumptions', 'Assumptions'],
];

async function open(browser, file, viewport) {
  const page = await browser.newPage({ viewport });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', async (d) => { problems.push(`dialog opened: ${d.message()}`); await d.dismiss(); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('request', (r) => { if (!r.url().startsWith('file://')) problems.push(`request to ${r.url()}`); });
  const url = 'file://' + path.join(outDir, file);
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

async function reference(browser) {
  const file = 'django-encrypted.html';
  const { page, problems } = await open(browser, file, { width: 1440, height: 1000 });
  const title = await page.title();
  title === 'Encryption report: django-encrypted' ? ok(`title "${title}"`) : fail(`title is "${title}"`);
  for (const [id, heading] of SECTIONS) {
    const h2 = page.locator(`section#${id} h2`);
    if ((await h2.count()) !== 1) { fail(`section #${id} is missing`); continue; }
    const text = (await h2.innerText()).trim();
    const box = await page.locator(`section#${id}`).boundingBox();
    if (text !== heading) fail(`section #${id} is titled "${text}", expected "${heading}"`);
    else if (!box || box.height < 60) fail(`section #${id} is empty (height ${box && box.height})`);
    else ok(`section "${heading}" (${Math.round(box.height)} px)`);
  }
  const score = (await page.locator('#summary .card .big').first().innerText()).replace(/\s+/g, ' ');
  score.startsWith('100') ? ok(`score card shows ${score}`) : fail(`score card shows ${score}`);
  const counts = await page.evaluate(() => ({
    flows: document.querySelectorAll('#flows tbody tr').length,
    stores: document.querySelectorAll('#stores tbody tr').length,
    keys: document.querySelectorAll('#keys tbody tr').length,
    costLines: document.querySelectorAll('#cost tbody tr').length,
    poe: document.querySelectorAll('#price-of-encryption tbody tr').length,
    diagramFlows: document.querySelectorAll('#diagram svg .cp-flow').length,
    diagramNodes: document.querySelectorAll('#diagram svg .cp-node').length,
    scripts: document.querySelectorAll('script').length,
    images: document.querySelectorAll('img, iframe, object, embed, link').length,
  }));
  const want = { flows: 15, stores: 8, keys: 4 };
  for (const [k, n] of Object.entries(want)) {
    counts[k] === n ? ok(`${n} rows in the ${k} table`) : fail(`${k} table has ${counts[k]} rows, expected ${n}`);
  }
  counts.costLines > 30 ? ok(`${counts.costLines} cost rows`) : fail(`only ${counts.costLines} cost rows`);
  counts.poe > 5 ? ok(`${counts.poe} price-of-encryption rows`) : fail(`only ${counts.poe} price-of-encryption rows`);
  counts.diagramFlows === 15 && counts.diagramNodes > 20
    ? ok(`diagram draws ${counts.diagramFlows} flows and ${counts.diagramNodes} cards`)
    : fail(`diagram draws ${counts.diagramFlows} flows and ${counts.diagramNodes} cards`);
  counts.scripts === 0 && counts.images === 0 ? ok('no scripts, images, frames or links to load') : fail(`scripts ${counts.scripts}, loaded elements ${counts.images}`);
  const svgBox = await page.locator('#diagram svg').boundingBox();
  svgBox && svgBox.width >= 1000 ? ok(`diagram is ${Math.round(svgBox.width)} px wide`) : fail(`diagram is ${svgBox && svgBox.width} px wide`);
  // No table overflows the page on a 1440 px screen.
  const overflow = await page.evaluate(() => [...document.querySelectorAll('.table-wrap')].filter((w) => w.scrollWidth > w.clientWidth + 1).length);
  overflow === 0 ? ok('no table scrolls sideways at 1440 px') : fail(`${overflow} tables scroll sideways at 1440 px`);

  await page.screenshot({ path: path.join(outDir, 'django-encrypted.png'), fullPage: true });
  await page.locator('#diagram').screenshot({ path: path.join(outDir, 'django-encrypted-diagram.png') });
  ok('saved django-encrypted.png and django-encrypted-diagram.png');

  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.screenshot({ path: path.join(outDir, 'django-encrypted-print.png'), fullPage: true });
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  fs.writeFileSync(path.join(outDir, 'django-encrypted.pdf'), pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  const landscape = /\/MediaBox\s*\[\s*0 0 8\d\d(\.\d+)? 5\d\d(\.\d+)?\s*\]/.test(pdf.toString('latin1'));
  pages >= 4 && pages <= 16 ? ok(`PDF has ${pages} A4 pages`) : fail(`PDF has ${pages} pages`);
  landscape ? ok('the diagram gets a landscape page') : fail('no landscape page in the PDF');
  problems.length === 0 ? ok('no console errors, dialogs or requests') : problems.forEach((p) => fail(`${file}: ${p}`));
  await page.close();
}

async function hostile(browser) {
  const file = 'hostile.html';
  const { page, problems } = await open(browser, file, { width: 1280, height: 900 });
  const found = await page.evaluate(() => ({
    scripts: document.querySelectorAll('script').length,
    images: document.querySelectorAll('img').length,
    handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
    text: document.body.innerText,
    title: document.title,
  }));
  found.scripts === 0 && found.images === 0 && found.handlers === 0
    ? ok('hostile labels created no script, image or event handler')
    : fail(`hostile report has ${found.scripts} scripts, ${found.images} images, ${found.handlers} handlers`);
  for (const label of ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>']) {
    found.text.includes(label) ? ok(`hostile label shown as text: ${label}`) : fail(`hostile label not shown as text: ${label}`);
  }
  found.title.includes('<script>alert(1)</script>') ? ok('hostile design name is the literal title') : fail(`title is ${found.title}`);
  problems.length === 0 ? ok('hostile report: no console errors, dialogs or requests') : problems.forEach((p) => fail(`${file}: ${p}`));
  await page.screenshot({ path: path.join(outDir, 'hostile.png'), fullPage: false });
  await page.close();
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    await reference(browser);
    await hostile(browser);
  } finally {
    await browser.close();
  }
  if (failures.length) {
    console.error(`\n${failures.length} report rendering check(s) failed`);
    process.exit(1);
  }
  console.log(`\nreport renders well; screenshots in ${path.relative(process.cwd(), outDir) || outDir}`);
})().catch((e) => { console.error(e); process.exit(1); });
