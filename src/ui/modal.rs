//! The planner's small modal dialogs, drawn by the panels module ([`crate::panels`]): a design
//! file that did not load (with the loader's JSON paths), the keyboard shortcuts, and the
//! share dialogs (the link of the open design, the question before a link's design replaces
//! the autosaved one, a link that could not be opened).
//!
//! The planner describes the dialog as JSON ([`crate::ui::dialogs::describe`]); buttons that
//! act on the planner (copy, save, open the shared design, keep mine, close) call its
//! `onAction(name, value)`.

use crate::keyboard::SHORTCUTS;
use crate::ui::share::{share_error_html, share_html, shared_design_html};
use leptos::prelude::*;
use serde_json::Value as Json;
use wasm_bindgen::JsCast;

/// A dialog as the planner describes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Described {
    /// The keyboard shortcuts.
    Help,
    /// A file that did not load: its name and the loader's `(path, message)` pairs.
    LoadErrors {
        /// File name.
        file: String,
        /// JSON path and problem.
        errors: Vec<(String, String)>,
    },
    /// A share dialog: its title and body (HTML with `data-action` buttons).
    Share {
        /// Title.
        title: String,
        /// Body markup (every user text escaped by [`crate::ui::share`]).
        html: String,
    },
}

impl Described {
    /// Reads the planner's description.
    ///
    /// # Errors
    /// Not JSON, or a dialog this module does not know.
    pub fn read(json: &str) -> Result<Described, String> {
        let v: Json = serde_json::from_str(json).map_err(|e| format!("the dialog is not JSON: {e}"))?;
        let s = |v: &Json, k: &str| v.get(k).and_then(Json::as_str).unwrap_or_default().to_owned();
        let n = |v: &Json, k: &str| v.get(k).and_then(Json::as_u64).unwrap_or_default();
        let base = s(&v, "base");
        Ok(match v.get("dialog").and_then(Json::as_str).unwrap_or_default() {
            "help" => Described::Help,
            "load-errors" => Described::LoadErrors {
                file: s(&v, "file"),
                errors: v["errors"].as_array().into_iter().flatten().map(|e| (s(e, "path"), s(e, "message"))).collect(),
            },
            "share" => {
                let fragment = match (v.get("fragment").and_then(Json::as_str), v.get("error").and_then(Json::as_str)) {
                    (Some(f), _) => Some(Ok(f.to_owned())),
                    (None, Some(e)) => Some(Err(e.to_owned())),
                    (None, None) => None,
                };
                let (title, html) = share_html(&s(&v, "name"), &base, fragment.as_ref());
                Described::Share { title, html }
            }
            "shared-design" => {
                let theirs = &v["theirs"];
                let mine = &v["mine"];
                #[allow(clippy::cast_possible_truncation)]
                let (title, html) = shared_design_html(
                    (&s(theirs, "name"), n(theirs, "nodes") as usize, n(theirs, "edges") as usize),
                    (&s(mine, "name"), n(mine, "nodes") as usize),
                    &base,
                    &s(&v, "fragment"),
                );
                Described::Share { title, html }
            }
            "share-error" => {
                let (title, html) = share_error_html(&s(&v, "message"));
                Described::Share { title, html }
            }
            other => return Err(format!("no dialog `{other}`")),
        })
    }
}

/// A modal dialog: title, close button (focused on open, so Enter or Escape dismiss it), body.
#[component]
pub fn ModalDialog(
    /// What to show.
    dialog: Described,
    /// Runs a planner action: `close`, `copy-link`/`copy-embed` (with the text), `download`,
    /// `open-shared`, `keep-mine`.
    on_action: Callback<(String, String)>,
) -> impl IntoView {
    let close_ref: NodeRef<leptos::html::Button> = NodeRef::new();
    request_animation_frame(move || {
        // `try_`: the dialog may be gone by the next frame (a share dialog replaced by its link).
        if let Some(b) = close_ref.try_get_untracked().flatten() {
            let _ = b.unchecked_ref::<web_sys::HtmlElement>().focus();
        }
    });
    let close = move |_| on_action.run(("close".into(), String::new()));
    let (title, body) = match dialog {
        Described::LoadErrors { file, errors } => {
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
                            .map(|(path, message)| view! { <li><code class="path">{path}</code> <span>{message}</span></li> })
                            .collect_view()}
                    </ul>
                }
                .into_any(),
            )
        }
        Described::Help => (
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
        Described::Share { title, html } => {
            let on_click = move |e: leptos::ev::MouseEvent| {
                let Some(action) = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|el| el.closest("[data-action]").ok().flatten())
                    .and_then(|el| el.get_attribute("data-action"))
                else {
                    return;
                };
                let field = match action.as_str() {
                    "copy-link" => "share-link",
                    "copy-embed" => "share-embed",
                    _ => "",
                };
                // Selected as well, for copying by hand if the clipboard refuses.
                let text = document().get_element_by_id(field).map_or_else(String::new, |el| {
                    // `value` and `select()` exist on inputs and text areas alike.
                    let el = el.unchecked_into::<web_sys::HtmlInputElement>();
                    el.select();
                    el.value()
                });
                on_action.run((action, text));
            };
            (title, view! { <div class="share-body" inner_html=html on:click=on_click></div> }.into_any())
        }
    };
    view! {
        <div class="backdrop" on:click=close>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" on:click=|e| e.stop_propagation()>
                <header>
                    <h2 id="dialog-title">{title}</h2>
                    <button class="icon-btn" node_ref=close_ref aria-label="Close" on:click=close>"×"</button>
                </header>
                <div class="dialog-body">{body}</div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_planner_s_descriptions_read_back() {
        assert_eq!(Described::read(r#"{"dialog":"help"}"#), Ok(Described::Help));
        let d =
            Described::read(r#"{"dialog":"load-errors","file":"x.json","errors":[{"path":"$.a","message":"bad"}]}"#);
        assert_eq!(d, Ok(Described::LoadErrors { file: "x.json".into(), errors: vec![("$.a".into(), "bad".into())] }));
        let Ok(Described::Share { html, .. }) =
            Described::read(r#"{"dialog":"share","name":"n","base":"https://h/","fragment":"d1.AB"}"#)
        else {
            panic!("a share dialog")
        };
        assert!(html.contains(r#"value="https://h/#d1.AB""#), "{html}");
        let Ok(Described::Share { html, .. }) = Described::read(
            r#"{"dialog":"shared-design","theirs":{"name":"<b>","nodes":3,"edges":2},"mine":{"name":"m","nodes":1},"base":"https://h/","fragment":"d1.AB"}"#,
        ) else {
            panic!("the question")
        };
        assert!(html.contains("(3 components, 2 connections)") && !html.contains("<b>"), "{html}");
        assert!(Described::read(r#"{"dialog":"nope"}"#).is_err());
        assert!(Described::read("{").is_err());
    }
}
