// Starts the output worker: loads wasm-bindgen's no-modules glue, then the wasm (whose `main`
// installs the message handler and posts `{ ready: true }`). Trunk's own loader shim passes the
// wasm path in wasm-bindgen's deprecated form, which logs a console warning.
importScripts('./cipherplan-worker.js');
wasm_bindgen({ module_or_path: './cipherplan-worker_bg.wasm' });
