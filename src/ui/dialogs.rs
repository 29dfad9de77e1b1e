//! Modal dialogs: a design file that did not load (with the loader's JSON paths), the
//! keyboard shortcuts, and the share dialogs (`ui::share`).

use crate::keyboard::SHORTCUTS;
use crate::panels::{export_props, Kind, Lazy};
use crate::state::{use_editor, Dialog};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Whichever dialog is open.
#[component]
pub fn Dialogs() -> impl IntoView {
    let ed = use_editor();
    let close_ref: NodeRef<leptos::html::Button> = NodeRef::new();
    // Focus the close button when a dialog opens, so Enter or Escape dismiss it.
    crate::fx::effect(move || {
        // The export dialog focuses its own first control.
        if ed.dialog.with(|d| d.as_ref().is_some_and(|d| *d != Dialog::Export)) {
            request_animation_frame(move || {
                if let Some(b) = close_ref.get_untracked() {
                    let _ = b.unchecked_ref::<web_sys::HtmlElement>().focus();
                }
            });
        }
    });
    let close = move |_| ed.dialog.set(None);
    move || {
        ed.dialog.get().map(|d| {
            let (title, body) = match d {
                Dialog::Export => {
                    let close = Callback::new(move |()| ed.dialog.set(None));
                    let props = Box::new(move || {
                        // The dialog may call it more than once (two quick clicks).
                        let on_close =
                            wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || ed.dialog.set(None)).into_js_value();
                        ed.doc.with_untracked(|d| export_props(d, on_close.unchecked_ref()))
                    });
                    return view! { <Lazy kind=Kind::Export props=props on_close=close/> }.into_any();
                }
                Dialog::LoadErrors { file, errors } => {
                    let n = errors.len();
                    (
                        format!("{file} could not be opened"),
                        view! {
                            <p>
                                {format!("The loader found {n} problem{} — your open design is unchanged. ", if n == 1 { "" } else { "s" })}
                                "Each line names the JSON path of the offending value."
                            </p>
                            <ul class="load-errors">
                                {errors
                                    .into_iter()
                                    .map(|e| view! { <li><code class="path">{e.path}</code> <span>{e.message}</span></li> })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any(),
                    )
                }
                Dialog::Help => (
                    "Keyboard shortcuts".to_owned(),
                    view! {
                        <table class="shortcuts">
                            <tbody>
                                {SHORTCUTS
                                    .iter()
                                    .map(|s| view! { <tr><td><kbd>{s.keys}</kbd></td><td>{s.what}</td></tr> })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any(),
                ),
                d @ (Dialog::Share { .. } | Dialog::SharedDesign { .. } | Dialog::ShareError { .. }) => {
                    crate::ui::share::dialog(ed, &d)
                }
            };
            view! {
                <div class="backdrop" on:click=close>
                    <div
                        class="dialog"
                        role="dialog"
                        aria-modal="true"
                        aria-labelledby="dialog-title"
                        on:click=|e| e.stop_propagation()
                    >
                        <header>
                            <h2 id="dialog-title">{title}</h2>
                            <button class="icon-btn" node_ref=close_ref aria-label="Close" on:click=close>"×"</button>
                        </header>
                        <div class="dialog-body">{body}</div>
                    </div>
                </div>
            }
            .into_any()
        })
    }
}
