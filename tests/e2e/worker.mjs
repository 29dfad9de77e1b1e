// End-to-end test of the output worker's protocol (crates/cipherplan-worker), as the planner's
// client (src/outputs.rs) speaks it. Run: node tests/e2e/worker.mjs [filter]
import { test, run, openPage, ready, assert, eq, shot } from './harness.mjs';

/** Starts the worker in the page and runs one request; resolves to the worker's answer. */
const ask = (page, op, params) => page.evaluate(async ({ op, params }) => {
  const worker = new Worker('cipherplan-worker-loader.js');
  const answers = [];
  const answer = new Promise((resolve) => {
    worker.onmessage = (e) => {
      answers.push(e.data);
      if (e.data.ready) {
        const design = localStorage.getItem('cipherplan.autosave');
        worker.postMessage({ id: 7, op, design: JSON.stringify(JSON.parse(design).design), params: JSON.stringify(params) });
      } else {
        resolve(e.data);
      }
    };
  });
  const data = await answer;
  worker.terminate();
  return {
    first: answers[0],
    id: data.id,
    error: data.error ?? null,
    textLength: data.text?.length ?? null,
    textStart: data.text?.slice(0, 60) ?? null,
    bytesType: data.bytes ? Object.prototype.toString.call(data.bytes) : null,
    bytesStart: data.bytes ? Array.from(data.bytes.slice(0, 2)) : null,
  };
}, { op, params });

test('output worker starts, says ready, answers text, bytes and errors', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  await page.goto(base);
  await ready(page);
  await page.waitForFunction(() => localStorage.getItem('cipherplan.autosave'));

  const zip = await ask(page, 'zip', { target: 'all' });
  eq(zip.first, { ready: true }, 'the worker announces itself before answering');
  eq(zip.id, 7, 'the answer carries the request id');
  eq(zip.error, null, 'no error');
  eq(zip.bytesType, '[object Uint8Array]', 'a ZIP comes back as bytes');
  eq(zip.bytesStart, [0x50, 0x4b], 'the bytes are a ZIP archive (PK)');

  const svg = await ask(page, 'diagram', {});
  assert(svg.textStart?.startsWith('<svg'), `the diagram is SVG text (${svg.textStart})`);

  const bad = await ask(page, 'export', { target: 'ansible' });
  assert(bad.error?.includes('`ansible`'), `an unknown target is named in the error (${bad.error})`);
  return env;
});

/** Opens the baseline template, the findings tab and CP-T013's "Why it matters"; returns its text element. */
async function openWhyOfBucketFinding(page, base) {
  await page.goto(base);
  await ready(page);
  await page.getByRole('button', { name: 'Templates ▾' }).click();
  await page.getByRole('menuitem', { name: /django-baseline/ }).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="errors"]').textContent) > 0);
  await page.keyboard.press('e');
  const card = page.locator('.findings .finding', { hasText: 'CP-T013' }).first();
  await card.locator('details.why summary').click();
  const why = card.locator('details.why p').first();
  return why;
}

test('a finding explains why it matters when opened (the docs come from the worker)', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page } = env;
  const why = await openWhyOfBucketFinding(page, base);
  await page.waitForFunction((el) => el.textContent.length > 80 && !el.textContent.startsWith('…'), await why.elementHandle());
  const text = await why.textContent();
  assert(text.includes('S3') && !text.includes('## '), `the "Why it matters" section of CP-T013 (${text.slice(0, 80)})`);
  await shot(page, 'worker-02-why');
  return env;
});

test('a worker whose wasm cannot load fails the request with a message instead of hanging', async ({ browser, base }) => {
  const env = await openPage(browser, base);
  const { page, context } = env;
  await context.route('**/cipherplan-worker_bg.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  const why = await openWhyOfBucketFinding(page, base);
  await page.waitForFunction((el) => el.textContent.includes('could not'), await why.elementHandle(), { timeout: 10000 });
  const text = await why.textContent();
  assert(text.includes('output worker could not start'), `the reason is shown (${text})`);
  // The 404 itself is the point of this test, not a problem of the app.
  env.problems = env.problems.filter((p) => !p.includes('404') && !p.includes('Failed to load resource'));
  return env;
});

await run();
