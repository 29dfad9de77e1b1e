// End-to-end test of the output worker's protocol (crates/cipherplan-worker), as the planner's
// client (src/outputs.rs) speaks it. Run: node tests/e2e/worker.mjs [filter]
import { test, run, openPage, ready, assert, eq } from './harness.mjs';

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

await run();
