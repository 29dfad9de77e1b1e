//! The panels module: UI the planner needs only when the user asks for it (the export dialog,
//! every other modal dialog, the cost and security tabs), built as a second wasm (`src/bin/panels.rs`,
//! `cipherplan-panels` in `dist/`) that the page imports on first use, so its code is not part
//! of the start-up bundle.
//!
//! The two halves of this file run in different wasm instances, each with its own Leptos
//! runtime; they share nothing but the DOM and JavaScript values:
//! - the host half ([`Lazy`]) runs in the planner: it imports the module once, asks it to
//!   mount a panel into an element it owns, and unmounts it when that element goes away;
//! - the module half ([`serve`]) runs in the panels module: it publishes `open(kind, host,
//!   props)` on `globalThis`, mounts the panel with [`leptos::mount::mount_to`] and returns the
//!   function that unmounts it.
//!
//! Props cross as plain JavaScript values: the design as its JSON text (read back through the
//! core's loader), a dialog or a side tab's state as JSON, callbacks as functions; a live
//! panel (the cost or security tab) gets each new state through its `update`. The outputs
//! worker stays one per page: the module sends its requests through the planner's client
//! ([`crate::outputs::share_with_panels`]).

use js_sys::{Function, Object, Promise, Reflect};
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The module's script, which trunk writes next to `index.html`.
pub const MODULE_URL: &str = "cipherplan-panels.js";

/// Where the module publishes its API (`{ open(kind, host, props) -> unmount }`).
const API: &str = "cipherplanPanels";

/// The panels the module can mount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The export dialog: props `{ design: string, onClose: function }`.
    Export,
    /// A small modal dialog ([`crate::ui::modal`]): props `{ dialog: string (JSON), onAction:
    /// function(name, value) }`.
    Dialog,
    /// The cost tab of the side panel ([`crate::ui::cost`]): props `{ state: string (a
    /// [`crate::views::CostView`] as JSON), onAction: function(name, value) }`; the planner
    /// sends every later state through the mounted panel's `update(json)`.
    Cost,
    /// The security tab ([`crate::ui::security`]): as [`Kind::Cost`], with a
    /// [`crate::views::SecurityView`].
    Security,
}

impl Kind {
    fn id(self) -> &'static str {
        match self {
            Kind::Export => "export",
            Kind::Dialog => "dialog",
            Kind::Cost => "cost",
            Kind::Security => "security",
        }
    }

    fn of(id: &str) -> Option<Kind> {
        [Kind::Export, Kind::Dialog, Kind::Cost, Kind::Security].into_iter().find(|k| k.id() == id)
    }

    /// Whether the panel is a modal dialog (else it sits in the page, like the side tabs).
    fn is_modal(self) -> bool {
        matches!(self, Kind::Export | Kind::Dialog)
    }

    /// What the user waits for, in the loading and error messages.
    fn what(self) -> &'static str {
        match self {
            Kind::Export => "the export dialog",
            Kind::Dialog => "the dialog",
            Kind::Cost => "the cost panel",
            Kind::Security => "the security overview",
        }
    }
}

// --- host half: runs in the planner -------------------------------------------------------

#[wasm_bindgen(inline_js = "export function import_module(url) { return import(url).then((m) => m.default()); }")]
extern "C" {
    /// Imports an ES module and runs its wasm-bindgen initialisation (which runs its `main`).
    fn import_module(url: &str) -> Promise;
}

thread_local! {
    /// The module's import, started once and shared by every caller.
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// The module's API, importing it on the first call.
async fn api() -> Result<Object, String> {
    let promise = LOADING.with_borrow_mut(|slot| {
        slot.get_or_insert_with(|| {
            crate::outputs::share_with_panels();
            // Resolved against the page, not against this snippet's own URL.
            let url =
                web_sys::Url::new_with_base(MODULE_URL, &document().base_uri().ok().flatten().unwrap_or_default())
                    .map_or_else(|_| MODULE_URL.to_owned(), |u| u.href());
            import_module(&url)
        })
        .clone()
    });
    if let Err(e) = JsFuture::from(promise).await {
        // The next attempt imports again (the network may be back).
        LOADING.with_borrow_mut(Option::take);
        return Err(crate::outputs::describe(&e));
    }
    Reflect::get(&js_sys::global(), &API.into())
        .ok()
        .and_then(|v| v.dyn_into::<Object>().ok())
        .ok_or_else(|| "the panels module did not start".to_owned())
}

/// Starts importing the module when the pointer or the keyboard focus reaches a control that
/// opens a panel (marked `data-prefetch`), so the first panel rarely waits for it. Nothing is
/// fetched at start-up.
pub fn prefetch_on_intent() {
    let on_intent = |e: web_sys::Event| {
        // Checked first: once the import started, every later pointer move costs one borrow.
        if LOADING.with_borrow(Option::is_some) {
            return;
        }
        let wanted = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| el.closest("[data-prefetch]").ok().flatten().is_some());
        if wanted {
            // A failure is reported when a panel opens (and the import is tried again then).
            leptos::task::spawn_local(async {
                let _ = api().await;
            });
        }
    };
    // One plain listener for both events (a typed one per event costs the bundle twice); it
    // lives as long as the page.
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(on_intent).into_js_value();
    for event in ["pointerover", "focusin"] {
        let _ = window().add_event_listener_with_callback(event, listener.unchecked_ref());
    }
}

/// A panel mounted by the module; dropping it unmounts the panel.
struct Mounted(Function);

impl Mounted {
    /// Sends a live panel its new state (see [`Kind::Cost`]).
    fn update(&self, state: &str) {
        if let Some(update) = Reflect::get(&self.0, &"update".into()).ok().and_then(|f| f.dyn_into::<Function>().ok()) {
            let _ = update.call1(&JsValue::NULL, &state.into());
        }
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = self.0.call0(&JsValue::NULL);
    }
}

/// Where a lazily loaded panel stands.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Loading,
    Shown,
    Failed(String),
}

/// A panel of the panels module, mounted into an element of the planner's view: a wait
/// message while the module loads (in a modal shell for a dialog, in place for a side tab),
/// the error (and a close button) if it cannot load, and the panel itself once it is up.
#[component]
pub fn Lazy(
    /// Which panel.
    kind: Kind,
    /// Its props (read once, when the panel mounts).
    props: Box<dyn Fn() -> Object>,
    /// Called by the wait and error messages' close button (modal panels only).
    #[prop(optional)]
    on_close: Option<Callback<()>>,
    /// A live panel's state: every change after mounting is sent to it.
    #[prop(optional)]
    state: Option<Signal<String>>,
    /// What the panel would have said, in plain words, shown if the module cannot load (a
    /// file's load errors must reach the user even then).
    #[prop(default = None)]
    fallback: Option<String>,
) -> impl IntoView {
    let host: NodeRef<leptos::html::Div> = NodeRef::new();
    let stage = RwSignal::new(Stage::Loading);
    // The mounted panel lives as long as this component; both are on the main thread.
    let mounted = StoredValue::new_local(None::<Mounted>);
    if let Some(state) = state {
        crate::fx::effect(move || {
            let json = state.get();
            mounted.with_value(|m| {
                if let Some(m) = m {
                    m.update(&json);
                }
            });
        });
    }
    let props = StoredValue::new_local(props);
    leptos::task::spawn_local(async move {
        let result = match api().await {
            Ok(api) => {
                // Either may be gone: the component was disposed while the module loaded.
                let props = props.try_with_value(|p| p());
                match (host.try_get_untracked().flatten(), props) {
                    (Some(el), Some(props)) => open(&api, kind, &el, &props),
                    // Closed while loading.
                    _ => return,
                }
            }
            Err(why) => Err(why),
        };
        match result {
            Ok(m) => {
                if mounted.try_set_value(Some(m)).is_none() {
                    stage.set(Stage::Shown);
                }
            }
            Err(why) => {
                let mut text = format!("Could not load {}: {why}.", kind.what());
                if let Some(f) = &fallback {
                    text = format!("{text} {f}");
                }
                stage.try_set(Stage::Failed(text));
            }
        }
    });
    let waiting = move || {
        let text = match stage.get() {
            Stage::Shown => return None,
            Stage::Loading => format!("Loading {}…", kind.what()),
            Stage::Failed(why) => why,
        };
        let failed = matches!(stage.get_untracked(), Stage::Failed(_));
        if !kind.is_modal() {
            return Some(
                view! { <p class="lazy-wait lazy-inline" class:field-error=failed role=if failed { "alert" } else { "status" }>{text}</p> }
                    .into_any(),
            );
        }
        Some(view! {
            // Shown only if loading takes a moment (CSS delays it): once the module is in, a
            // dialog mounts within a frame and a flash of this would be noise.
            <div class="backdrop lazy-shell" class:lazy-failed=failed>
                <div class="dialog" role="dialog" aria-modal="true" aria-label=kind.what()>
                    <header>
                        <p class="lazy-wait" class:field-error=failed role=if failed { "alert" } else { "status" }>{text}</p>
                        <button class="icon-btn" aria-label="Close" on:click=move |_| {
                            if let Some(c) = on_close {
                                c.run(());
                            }
                        }>"×"</button>
                    </header>
                </div>
            </div>
        }
        .into_any())
    };
    view! {
        <div class="lazy-host" node_ref=host></div>
        {waiting}
    }
}

/// Asks the module to mount `kind` into `host`.
fn open(api: &Object, kind: Kind, host: &web_sys::HtmlDivElement, props: &Object) -> Result<Mounted, String> {
    let open: Function = Reflect::get(api, &"open".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or("the panels module has no `open`")?;
    let unmount =
        open.call3(&JsValue::NULL, &kind.id().into(), host, props).map_err(|e| crate::outputs::describe(&e))?;
    unmount.dyn_into::<Function>().map(Mounted).map_err(|_| "the panels module returned no unmount function".to_owned())
}

// --- module half: runs in the panels module ------------------------------------------------

/// Publishes the module's API on `globalThis` (the panels module's `main` calls it).
pub fn serve() {
    crate::outputs::use_planner_worker();
    let open = Closure::<dyn Fn(String, web_sys::HtmlElement, Object) -> Result<JsValue, JsValue>>::new(
        |kind: String, host: web_sys::HtmlElement, props: Object| {
            let kind = Kind::of(&kind).ok_or_else(|| JsValue::from(format!("no panel `{kind}`")))?;
            mount(kind, host, &props).map_err(JsValue::from)
        },
    );
    let api = Object::new();
    let _ = Reflect::set(&api, &"open".into(), open.as_ref());
    // The API lives as long as the page.
    open.forget();
    let _ = Reflect::set(&js_sys::global(), &API.into(), &api);
}

/// Mounts a panel; returns the function that unmounts it.
fn mount(kind: Kind, host: web_sys::HtmlElement, props: &Object) -> Result<JsValue, String> {
    let prop = |name: &str| Reflect::get(props, &name.into()).unwrap_or(JsValue::UNDEFINED);
    let handle = match kind {
        Kind::Export => {
            let design = read_design(&prop("design"))?;
            let on_close = prop("onClose").dyn_into::<Function>().map_err(|_| "`onClose` is not a function")?;
            let on_close = Callback::new(move |()| {
                let _ = on_close.call0(&JsValue::NULL);
            });
            Box::new(leptos::mount::mount_to(host, move || {
                view! { <crate::ui::export::ExportDialog design=design on_close=on_close/> }
            })) as Box<dyn std::any::Any>
        }
        Kind::Cost | Kind::Security => {
            let state = prop("state").as_string().unwrap_or_default();
            let on_action = action_callback(&prop("onAction"))?;
            return Ok(if kind == Kind::Cost {
                mount_live(host, &state, on_action, crate::views::CostView::read, |view, on_action| {
                    view! { <crate::ui::cost::CostPanel view=view on_action=on_action/> }
                })
            } else {
                mount_live(host, &state, on_action, crate::views::SecurityView::read, |view, on_action| {
                    view! { <crate::ui::security::SecurityPanel view=view on_action=on_action/> }
                })
            });
        }
        Kind::Dialog => {
            let dialog = crate::ui::modal::Described::read(&prop("dialog").as_string().unwrap_or_default())?;
            let on_action = action_callback(&prop("onAction"))?;
            Box::new(leptos::mount::mount_to(host, move || {
                view! { <crate::ui::modal::ModalDialog dialog=dialog on_action=on_action/> }
            })) as Box<dyn std::any::Any>
        }
    };
    Ok(unmount_fn(handle, || ()))
}

/// Mounts a live panel: its state, read from JSON by `read`, lives in a signal that the
/// returned unmount function's `update(json)` sets (only when it changes: the planner sends its
/// state on every design edit).
fn mount_live<V, N>(
    host: web_sys::HtmlElement,
    state: &str,
    on_action: Callback<(String, String)>,
    read: fn(&str) -> V,
    render: impl FnOnce(RwSignal<V>, Callback<(String, String)>) -> N + 'static,
) -> JsValue
where
    V: PartialEq + Send + Sync + 'static,
    N: IntoView + 'static,
{
    let view = RwSignal::new(read(state));
    let handle = Box::new(leptos::mount::mount_to(host, move || render(view, on_action))) as Box<dyn std::any::Any>;
    let unmount = unmount_fn(handle, move || view.dispose());
    let update = Closure::<dyn Fn(String)>::new(move |json: String| {
        let next = read(&json);
        if view.try_with_untracked(|v| *v != next) == Some(true) {
            view.set(next);
        }
    });
    let _ = Reflect::set(&unmount, &"update".into(), &update.into_js_value());
    unmount
}

/// The function that unmounts a panel (then runs `after`).
fn unmount_fn(handle: Box<dyn std::any::Any>, after: impl FnOnce() + 'static) -> JsValue {
    let mut handle = Some((handle, after));
    // Unmounting waits for a microtask: the call may come from inside one of the panel's own
    // event handlers (close → the planner drops the host → unmount).
    Closure::<dyn FnMut()>::new(move || {
        if let Some((h, after)) = handle.take() {
            wasm_bindgen_futures::spawn_local(async move {
                drop(h);
                after();
            });
        }
    })
    .into_js_value()
}

/// A panel's `onAction(name, value)` prop as a callback.
fn action_callback(f: &JsValue) -> Result<Callback<(String, String)>, String> {
    let f = f.clone().dyn_into::<Function>().map_err(|_| "`onAction` is not a function")?;
    Ok(Callback::new(move |(name, value): (String, String)| {
        let _ = f.call2(&JsValue::NULL, &name.into(), &value.into());
    }))
}

/// The design a panel was given, read through the core's loader.
fn read_design(json: &JsValue) -> Result<cipherplan::Design, String> {
    let text = json.as_string().ok_or("`design` is not a string")?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("the design is not JSON: {e}"))?;
    cipherplan::load::from_json(&value).map_err(|e| format!("the design does not load: {e}"))
}

/// A props object.
fn props(entries: &[(&str, &JsValue)]) -> Object {
    let props = Object::new();
    for (name, value) in entries {
        let _ = Reflect::set(&props, &(*name).into(), value);
    }
    props
}

/// The props of a small dialog: its description ([`crate::ui::dialogs::describe`]) and the
/// function that runs its actions in the planner.
#[must_use]
pub fn dialog_props(described: &str, on_action: &Function) -> Object {
    props(&[("dialog", &described.into()), ("onAction", on_action)])
}

/// The props of a live panel (the cost or security tab): its first state and the function
/// that runs its actions.
#[must_use]
pub fn live_props(state: &str, on_action: &Function) -> Object {
    props(&[("state", &state.into()), ("onAction", on_action)])
}

/// The props of the export dialog.
#[must_use]
pub fn export_props(design: &cipherplan::Design, on_close: &Function) -> Object {
    props(&[("design", &design.to_json().into()), ("onClose", on_close)])
}
