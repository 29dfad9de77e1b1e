//! The client of the output worker (`crates/cipherplan-worker`): exports, ZIP archives,
//! reports, the diagram, cost and share links are computed there, through
//! [`cipherplan::outputs::run`], so their code is not part of the planner's bundle and a big
//! design never blocks the canvas.
//!
//! The worker starts on the first [`call`] and stays up. Requests made before it says it is
//! ready wait in a queue; if it fails (its wasm does not load, or a panic aborts its instance),
//! every pending request gets the error and the next call starts a fresh worker.

use cipherplan::outputs::Reply;
use cipherplan::Design;
use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The worker's loader script, which trunk writes next to `index.html` (relative, so the app
/// also works from a sub-folder).
pub const WORKER_URL: &str = "cipherplan-worker-loader.js";

/// A started worker and the requests it owes answers to.
struct Client {
    worker: web_sys::Worker,
    ready: bool,
    queued: Vec<Object>,
    pending: HashMap<u32, (Function, Function)>,
    next_id: u32,
    // Kept alive as long as the worker: the browser calls them.
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

/// Runs output operation `op` (see [`cipherplan::outputs::OPS`]) on `design` in the worker.
///
/// # Errors
/// The operation's own error (a sentence for the user), or why the worker could not run it.
pub async fn call(op: &str, design: &Design, params: serde_json::Value) -> Result<Reply, String> {
    send(op, design.to_json(), params).await
}

/// Runs an output operation that needs no design (`explain`).
///
/// # Errors
/// As [`call`].
pub async fn call_without_design(op: &str, params: serde_json::Value) -> Result<Reply, String> {
    send(op, String::new(), params).await
}

async fn send(op: &str, design: String, params: serde_json::Value) -> Result<Reply, String> {
    let params = params.to_string();
    let bridge = PLANNER_WORKER.with_borrow(Clone::clone);
    let message = match bridge {
        Some(planner) => {
            let promise =
                planner.call3(&JsValue::NULL, &op.into(), &design.into(), &params.into()).map_err(|e| describe(&e))?;
            JsFuture::from(promise.unchecked_into::<Promise>()).await.map_err(|e| describe(&e))?
        }
        None => post(op, design, params).await?,
    };
    let field = |k: &str| Reflect::get(&message, &k.into()).unwrap_or(JsValue::UNDEFINED);
    if let Some(error) = field("error").as_string() {
        return Err(error);
    }
    if let Some(text) = field("text").as_string() {
        return Ok(Reply::Text(text));
    }
    match field("bytes").dyn_into::<Uint8Array>() {
        Ok(bytes) => Ok(Reply::Bytes(bytes.to_vec())),
        Err(_) => Err("the output worker sent an answer without a result".into()),
    }
}

/// Where the planner publishes its client for the panels module ([`crate::panels`]).
const SHARED_CLIENT: &str = "cipherplanOutputs";

thread_local! {
    /// In the panels module: the planner's client, so the page runs one worker.
    static PLANNER_WORKER: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// In the planner: publishes `globalThis.cipherplanOutputs(op, design, params)`, a promise of
/// the worker's answer, for the panels module. Called once, before the module loads.
pub fn share_with_panels() {
    let call =
        Closure::<dyn Fn(String, String, String) -> Promise>::new(|op: String, design: String, params: String| {
            wasm_bindgen_futures::future_to_promise(
                async move { post(&op, design, params).await.map_err(JsValue::from) },
            )
        });
    let _ = Reflect::set(&js_sys::global(), &SHARED_CLIENT.into(), call.as_ref());
    // Lives as long as the page.
    call.forget();
}

/// In the panels module: send every request through the planner's client.
pub fn use_planner_worker() {
    let shared =
        Reflect::get(&js_sys::global(), &SHARED_CLIENT.into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
    PLANNER_WORKER.with_borrow_mut(|slot| *slot = shared);
}

/// Posts a request to this page's worker (started on first use) and waits for its message.
async fn post(op: &str, design: String, params: String) -> Result<JsValue, String> {
    let request = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&request, &k.into(), &v);
    };
    set("op", op.into());
    set("design", design.into());
    set("params", params.into());
    let mut started: Result<(), String> = Ok(());
    let promise = Promise::new(&mut |resolve, reject| {
        started = CLIENT.with_borrow_mut(|slot| {
            if slot.is_none() {
                *slot = Some(start()?);
            }
            let client = slot.as_mut().expect("started above");
            let id = client.next_id;
            client.next_id = client.next_id.wrapping_add(1);
            let _ = Reflect::set(&request, &"id".into(), &id.into());
            client.pending.insert(id, (resolve, reject));
            if client.ready {
                client.worker.post_message(&request).map_err(|e| describe(&e))?;
            } else {
                client.queued.push(request.clone());
            }
            Ok(())
        });
    });
    started?;
    JsFuture::from(promise).await.map_err(|e| describe(&e))
}

fn start() -> Result<Client, String> {
    let worker =
        web_sys::Worker::new(WORKER_URL).map_err(|e| format!("cannot start the output worker: {}", describe(&e)))?;
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
        let data = event.data();
        if let Some(why) = Reflect::get(&data, &"fatal".into()).ok().and_then(|v| v.as_string()) {
            fail_all(&why);
            return;
        }
        if Reflect::get(&data, &"ready".into()).is_ok_and(|v| v.is_truthy()) {
            CLIENT.with_borrow_mut(|slot| {
                if let Some(client) = slot.as_mut() {
                    client.ready = true;
                    for request in client.queued.drain(..) {
                        let _ = client.worker.post_message(&request);
                    }
                }
            });
            return;
        }
        let id = Reflect::get(&data, &"id".into()).ok().and_then(|v| v.as_f64());
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let waiter = id.and_then(|id| CLIENT.with_borrow_mut(|slot| slot.as_mut()?.pending.remove(&(id as u32))));
        if let Some((resolve, _)) = waiter {
            let _ = resolve.call1(&JsValue::NULL, &data);
        }
    });
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        // Stop the event reaching the console as an uncaught error: the caller reports it.
        event.prevent_default();
        let why = event
            .dyn_ref::<web_sys::ErrorEvent>()
            .map(web_sys::ErrorEvent::message)
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "it could not be loaded".into());
        fail_all(&format!("the output worker stopped: {why}"));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Client {
        worker,
        ready: false,
        queued: Vec::new(),
        pending: HashMap::new(),
        next_id: 0,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// Stops the worker and rejects every waiting request with `why`; the next call starts afresh.
fn fail_all(why: &str) {
    let failed = CLIENT.with_borrow_mut(Option::take);
    if let Some(client) = failed {
        client.worker.terminate();
        let message = JsValue::from(why);
        for (_, (_, reject)) in client.pending {
            let _ = reject.call1(&JsValue::NULL, &message);
        }
    }
}

/// A JavaScript error (or thrown value) as text.
#[must_use]
pub fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| format!("{e:?}"))
}
