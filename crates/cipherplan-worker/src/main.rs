//! The planner's web worker. It carries the heavy half of the core (exporters, ZIP, report,
//! diagram, cost, share-link compression) so the planner's own bundle stays small, and it runs
//! them off the main thread so a big export never freezes the canvas.
//!
//! Protocol (both directions are plain JS objects):
//! - worker → page, once, after start: `{ ready: true }`;
//! - page → worker: `{ id, op, design, params }`, `design` the design JSON text and `params`
//!   a JSON text (see `cipherplan::outputs`);
//! - worker → page: `{ id, text }`, `{ id, bytes }` (a `Uint8Array`, transferred) or
//!   `{ id, error }`.

use cipherplan::outputs::{self, Reply};
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let data = event.data();
        let id = Reflect::get(&data, &"id".into()).unwrap_or(JsValue::NULL);
        let field = |name: &str| Reflect::get(&data, &name.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
        let reply = answer(&field("op"), &field("design"), &field("params"));
        let message = Object::new();
        let _ = Reflect::set(&message, &"id".into(), &id);
        let transfer = js_sys::Array::new();
        match reply {
            Ok(Reply::Text(text)) => {
                let _ = Reflect::set(&message, &"text".into(), &text.into());
            }
            Ok(Reply::Bytes(bytes)) => {
                let array = Uint8Array::from(bytes.as_slice());
                transfer.push(&array.buffer());
                let _ = Reflect::set(&message, &"bytes".into(), &array);
            }
            Err(error) => {
                let _ = Reflect::set(&message, &"error".into(), &error.into());
            }
        }
        let _ = scope.post_message_with_transfer(&message, &transfer);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let ready = Object::new();
    let _ = Reflect::set(&ready, &"ready".into(), &JsValue::TRUE);
    let _ = scope.post_message(&ready);
}

/// Loads the design and runs the operation; every failure is a sentence for the user.
fn answer(op: &str, design: &str, params: &str) -> Result<Reply, String> {
    let design = cipherplan::load(design).map_err(|errors| {
        let mut text = String::from("the design could not be read:");
        for e in errors.0.iter().take(5) {
            text.push_str(&format!("\n  {e}"));
        }
        text
    })?;
    let params: serde_json::Value = if params.is_empty() {
        serde_json::Value::Object(serde_json::Map::new())
    } else {
        serde_json::from_str(params).map_err(|e| format!("the operation's parameters are not JSON: {e}"))?
    };
    outputs::run(op, &design, &params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_an_export_of_a_design_text() {
        let design = cipherplan::templates::reference().to_json();
        let reply = answer("zip", &design, r#"{"target":"app"}"#).unwrap();
        assert!(matches!(reply, Reply::Bytes(ref b) if b.starts_with(b"PK")));
    }

    #[test]
    fn a_broken_design_is_named() {
        let err = answer("export", "{", "").unwrap_err();
        assert!(err.starts_with("the design could not be read"), "{err}");
    }

    #[test]
    fn broken_params_are_named() {
        let design = cipherplan::templates::reference().to_json();
        assert!(answer("export", &design, "{").unwrap_err().contains("parameters"));
    }
}
