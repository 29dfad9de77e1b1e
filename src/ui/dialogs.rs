//! Whichever modal dialog is open ([`crate::state::Dialog`]). The dialogs themselves are drawn
//! by the panels module ([`crate::panels`]), imported the first time one opens: the export
//! dialog ([`crate::ui::export`]) and the small ones ([`crate::ui::modal`]: a file that did not
//! load, the keyboard shortcuts, the share dialogs). This side describes the dialog and runs
//! the actions its buttons ask for, since they act on the planner's state.

use crate::files;
use crate::panels::{dialog_props, export_props, Kind, Lazy};
use crate::share::{self, app_base};
use crate::state::{use_editor, Dialog, Editor};
use js_sys::Object;
use leptos::prelude::*;
use serde_json::json;
use wasm_bindgen::prelude::*;

/// The open dialog, if any.
#[component]
pub fn Dialogs() -> impl IntoView {
    let ed = use_editor();
    move || {
        ed.dialog.get().map(|d| {
            let close = Callback::new(move |()| ed.dialog.set(None));
            let fallback = fallback(&d);
            let (kind, props): (Kind, Box<dyn Fn() -> Object>) = match d {
                Dialog::Export => (
                    Kind::Export,
                    Box::new(move || {
                        // The dialog may call it more than once (two quick clicks).
                        let on_close = Closure::<dyn Fn()>::new(move || ed.dialog.set(None)).into_js_value();
                        ed.doc.with_untracked(|d| export_props(d, on_close.unchecked_ref()))
                    }),
                ),
                other => {
                    let described = describe(ed, &other);
                    (
                        Kind::Dialog,
                        Box::new(move || {
                            let on_action =
                                Closure::<dyn Fn(String, String)>::new(move |name: String, value: String| {
                                    act(ed, &name, value);
                                })
                                .into_js_value();
                            dialog_props(&described, on_action.unchecked_ref())
                        }),
                    )
                }
            };
            view! { <Lazy kind=kind props=props on_close=close fallback=fallback/> }
        })
    }
}

/// What a dialog says that must reach the user even if the panels module cannot load.
fn fallback(d: &Dialog) -> Option<String> {
    match d {
        Dialog::LoadErrors { file, errors } => Some(format!(
            "{file} could not be opened, and your design is unchanged: {}",
            errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
        )),
        Dialog::ShareError { message } => Some(format!("The share link could not be opened: {message}")),
        _ => None,
    }
}

/// The dialog as JSON for [`crate::ui::modal::Described::read`].
#[must_use]
pub fn describe(ed: Editor, d: &Dialog) -> String {
    let base = app_base();
    let (name, nodes) = ed.doc.with_untracked(|d| (d.name.clone(), d.nodes.len()));
    let v = match d {
        Dialog::Help => json!({ "dialog": "help" }),
        // Mounted as its own panel (`Kind::Export`), never described.
        Dialog::Export => json!({ "dialog": "export" }),
        Dialog::LoadErrors { file, errors } => json!({
            "dialog": "load-errors",
            "file": file,
            "errors": errors.iter().map(|e| json!({ "path": e.path, "message": e.message })).collect::<Vec<_>>(),
        }),
        Dialog::Share { fragment } => match fragment {
            None => json!({ "dialog": "share", "name": name, "base": base }),
            Some(Ok(f)) => json!({ "dialog": "share", "name": name, "base": base, "fragment": f }),
            Some(Err(e)) => json!({ "dialog": "share", "name": name, "base": base, "error": e }),
        },
        Dialog::SharedDesign { design, fragment } => json!({
            "dialog": "shared-design",
            "theirs": { "name": design.name, "nodes": design.nodes.len(), "edges": design.edges.len() },
            "mine": { "name": name, "nodes": nodes },
            "base": base,
            "fragment": fragment,
        }),
        Dialog::ShareError { message } => json!({ "dialog": "share-error", "message": message }),
    };
    v.to_string()
}

/// Runs what a dialog's button asks for.
fn act(ed: Editor, name: &str, value: String) {
    match name {
        "close" => ed.dialog.set(None),
        "copy-link" => share::copy(ed, value, "link"),
        "copy-embed" => share::copy(ed, value, "embed code"),
        "download" => files::save(ed),
        "open-shared" => {
            if let Some(Dialog::SharedDesign { design, .. }) = ed.dialog.get_untracked() {
                share::open_shared(ed, *design);
            }
        }
        "keep-mine" => {
            ed.dialog.set(None);
            ed.toast(false, "Kept your design; the shared one was not opened".into());
        }
        _ => {}
    }
}
