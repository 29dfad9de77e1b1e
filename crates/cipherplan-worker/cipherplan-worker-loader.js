// Starts the output worker: loads wasm-bindgen's no-modules glue, then the wasm (whose `main`
// installs the message handler and posts `{ ready: true }`). Trunk's own loader shim passes the
// wasm path in wasm-bindgen's deprecated form, which logs a console warning.
// A wasm that fails to load rejects a promise, which fires no `error` event in the page: the
// worker says so itself, so the page can fail its waiting requests instead of hanging.
importScripts('./cipherplan-worker.js');
wasm_bindgen({ module_or_path: './cipherplan-worker_bg.wasm' }).catch((e) => {
  postMessage({ fatal: `the output worker could not start: ${e && e.message ? e.message : e}` });
});
