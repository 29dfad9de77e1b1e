//! The share dialogs: the link of the open design (with the embed code), the question before a
//! link's design replaces the autosaved one, and a link that could not be opened.

use crate::files;
use crate::share::{self, app_base, embed_link, link};
use crate::state::{Dialog, Editor};
use cipherplan::share::{embed_snippet, fits_in_url, MAX_URL_FRAGMENT};
use cipherplan::Design;
use leptos::prelude::*;

/// Makes the share link of the open design (in the worker) and shows it.
pub fn start(ed: Editor) {
    ed.dialog.set(Some(Dialog::Share { fragment: None }));
    let design = ed.doc.get_untracked();
    leptos::task::spawn_local(async move {
        // The op answers `{"fragment": "d1.…", "fits": bool, "max": n}`; whether it fits is
        // decided here again with the same core function, from the fragment itself.
        let answer = match crate::outputs::call("share", &design, serde_json::json!({})).await {
            Ok(cipherplan::outputs::Reply::Text(json)) => serde_json::from_str::<serde_json::Value>(&json)
                .ok()
                .and_then(|v| v.get("fragment")?.as_str().map(str::to_owned))
                .ok_or_else(|| "the worker's answer holds no link".to_owned()),
            Ok(_) => Err("the worker answered with bytes instead of a link".to_owned()),
            Err(why) => Err(why),
        };
        // Only if the dialog is still waiting for it (not closed, not another dialog).
        if ed.dialog.with_untracked(|d| matches!(d, Some(Dialog::Share { fragment: None }))) {
            ed.dialog.set(Some(Dialog::Share { fragment: Some(answer) }));
        }
    });
}

/// Thousands with a thin space, for character counts.
fn count(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Title and body of the share dialog.
pub fn share_dialog(ed: Editor, fragment: Option<Result<String, String>>) -> (String, AnyView) {
    let title = "Share this design".to_owned();
    let body = match fragment {
        None => view! { <p class="share-wait" role="status">"Making the link…"</p> }.into_any(),
        Some(Err(why)) => view! {
            <p class="share-error" role="alert">{format!("The link could not be made: {why}.")}</p>
            <p>"Save the design as a file instead and send the file."</p>
            <div class="dialog-actions">
                <button class="primary" on:click=move |_| files::save(ed)>"Download design JSON"</button>
            </div>
        }
        .into_any(),
        Some(Ok(fragment)) if !fits_in_url(&fragment) => {
            let n = fragment.len();
            view! {
                <p class="share-too-large" role="alert">
                    <strong>"This design is too large for a link. "</strong>
                    {format!(
                        "Its link would be {} characters long; cipherplan keeps links under {} because chat, mail and \
                         ticket tools cut longer ones.",
                        count(n),
                        count(MAX_URL_FRAGMENT)
                    )}
                </p>
                <p>"Send the design file instead: the recipient opens it with Open (or drops it on the canvas)."</p>
                <div class="dialog-actions">
                    <button class="primary" on:click=move |_| files::save(ed)>"Download design JSON"</button>
                </div>
            }
            .into_any()
        }
        Some(Ok(fragment)) => {
            let base = app_base();
            let url = link(&base, &fragment);
            let name = ed.doc.with_untracked(|d| d.name.clone());
            let snippet = embed_snippet(&embed_link(&base, &fragment), &format!("{name} — encryption diagram (cipherplan)"));
            let (url_c, snippet_c) = (url.clone(), snippet.clone());
            let select = |e: leptos::ev::FocusEvent| {
                let t = event_target::<web_sys::HtmlInputElement>(&e);
                t.select();
            };
            let select_area = |e: leptos::ev::FocusEvent| {
                let t = event_target::<web_sys::HtmlTextAreaElement>(&e);
                t.select();
            };
            view! {
                <p class="share-lead">
                    "The link contains the whole design — every component, setting and label — compressed into the \
                     part after the "<code>"#"</code>". Browsers never send that part to a server, and cipherplan has \
                     none: nothing is uploaded. Anyone who has the link can read the design."
                </p>
                <label class="share-label" for="share-link">"Link"</label>
                <div class="share-row">
                    <input id="share-link" readonly value=url on:focus=select/>
                    <button class="primary" on:click=move |_| share::copy(ed, url_c.clone(), "link")>"Copy link"</button>
                </div>
                <p class="share-meta">{format!("{} characters", count(fragment.len() + base.len() + 1))}</p>
                <h3 class="share-h">"Embed in documentation"</h3>
                <p>
                    "A read-only view of the diagram with its verdict colours, a legend and the score, for a wiki or a \
                     docs page. It runs in a sandboxed frame: no cookies, no storage, no access to the page around it. \
                     The server hosting cipherplan must send "<code>"Access-Control-Allow-Origin: *"</code>
                    " (see "<a href="public/embed.html" target="_blank" rel="noopener">"the embed page"</a>")."
                </p>
                <label class="share-label" for="share-embed">"Embed code"</label>
                <textarea id="share-embed" readonly rows="4" on:focus=select_area>{snippet}</textarea>
                <div class="dialog-actions">
                    <button on:click=move |_| share::copy(ed, snippet_c.clone(), "embed code")>"Copy embed code"</button>
                </div>
            }
            .into_any()
        }
    };
    (title, body)
}

/// Title and body of the question asked when a link's design differs from the autosaved one.
pub fn shared_design_dialog(ed: Editor, design: Design, fragment: &str) -> (String, AnyView) {
    let mine = ed.doc.with_untracked(|d| (d.name.clone(), d.nodes.len()));
    let theirs = format!("“{}” ({} components, {} connections)", design.name, design.nodes.len(), design.edges.len());
    let look = embed_link(&app_base(), fragment);
    let keep = move |_| {
        ed.dialog.set(None);
        ed.toast(false, "Kept your design; the shared one was not opened".into());
    };
    let open = move |_| share::open_shared(ed, design.clone());
    let body = view! {
        <p>"This link carries the design "<strong>{theirs}</strong>"."</p>
        <p>
            {format!(
                "This browser also holds your autosaved design “{}” ({} components), which is different. Opening the \
                 shared design replaces it here; Undo (Ctrl+Z) brings yours back until you close the tab, and saving \
                 it to a file first keeps it for good.",
                mine.0, mine.1
            )}
        </p>
        <div class="dialog-actions">
            <button class="primary" data-testid="open-shared" on:click=open>"Open the shared design"</button>
            <button data-testid="keep-mine" on:click=keep>"Keep mine"</button>
            <span class="spacer"></span>
            <button class="link" on:click=move |_| files::save(ed)>"Save mine as a file"</button>
            <a class="link" href=look target="_blank" rel="noopener">"Look at the shared one first ↗"</a>
        </div>
    }
    .into_any();
    ("Open the shared design?".to_owned(), body)
}

/// Title and body of the message about a link that could not be opened.
pub fn share_error_dialog(message: String) -> (String, AnyView) {
    let body = view! {
        <p class="share-error" role="alert">{message}</p>
        <p>
            "Your design is unchanged. The link may have been cut off when it was pasted: ask for it again, or for \
             the design file (Save in cipherplan)."
        </p>
    }
    .into_any();
    ("This share link could not be opened".to_owned(), body)
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(7), "7");
        assert_eq!(count(999), "999");
        assert_eq!(count(32_000), "32,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }
}
