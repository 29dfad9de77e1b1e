//! Type-erased reactive primitives, for the size of the bundle: every `Effect::new` call site
//! with its own closure type gets its own copy of Leptos's effect machinery (about 1.4 KB of
//! wasm each); boxing the body first leaves one copy for the whole app.

use leptos::prelude::*;

/// Runs `f` now and again whenever a signal it read changes (a Leptos effect).
pub fn effect(f: impl Fn() + 'static) {
    effect_dyn(Box::new(f));
}

fn effect_dyn(f: Box<dyn Fn()>) {
    Effect::new(move |_| f());
}
