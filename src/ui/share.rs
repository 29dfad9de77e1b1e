//! The share dialogs: the link of the open design (with the embed code), the question before a
//! link's design replaces the autosaved one, and a link that could not be opened.
//!
//! Their bodies are HTML text with `data-action` buttons handled by one listener, not Leptos
//! views: they are static once shown. The panels module draws them ([`crate::ui::modal`]);
//! the planner keeps [`start`], which asks the worker for the link.

use crate::share::{embed_link, link};
use crate::state::{Dialog, Editor};
use cipherplan::share::{embed_snippet, fits_in_url, MAX_URL_FRAGMENT};
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

pub use crate::ui::text::esc;

/// A count with thousands separators.
#[must_use]
pub fn count(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const DOWNLOAD: &str =
    r#"<div class="dialog-actions"><button class="primary" data-action="download">Download design JSON</button></div>"#;

/// Title and body (HTML) of the share dialog for the `share` op's answer, `None` while waiting.
#[must_use]
pub fn share_html(name: &str, base: &str, fragment: Option<&Result<String, String>>) -> (String, String) {
    let body = match fragment {
        None => r#"<p class="share-wait" role="status">Making the link…</p>"#.to_owned(),
        Some(Err(why)) => format!(
            r#"<p class="share-error" role="alert">The link could not be made: {}.</p><p>Save the design as a file instead and send the file.</p>{DOWNLOAD}"#,
            esc(why)
        ),
        Some(Ok(fragment)) if !fits_in_url(fragment) => format!(
            r#"<p class="share-too-large" role="alert"><strong>This design is too large for a link.</strong> Its link would be {} characters long; cipherplan keeps links under {} because chat, mail and ticket tools cut longer ones.</p><p>Send the design file instead: the recipient opens it with Open (or drops it on the canvas).</p>{DOWNLOAD}"#,
            count(fragment.len()),
            count(MAX_URL_FRAGMENT)
        ),
        Some(Ok(fragment)) => {
            let url = link(base, fragment);
            let snippet =
                embed_snippet(&embed_link(base, fragment), &format!("{name} — encryption diagram (cipherplan)"));
            format!(
                r#"<p class="share-lead">The link contains the whole design — every component, setting and label — compressed into the part after the <code>#</code>. Browsers never send that part to a server, and cipherplan has none: nothing is uploaded. Anyone who has the link can read the design.</p>
<label class="share-label" for="share-link">Link</label>
<div class="share-row"><input id="share-link" readonly value="{}"><button class="primary" data-action="copy-link">Copy link</button></div>
<p class="share-meta">{} characters</p>
<h3 class="share-h">Embed in documentation</h3>
<p>A read-only view of the diagram with its verdict colours, a legend and the score, for a wiki or a docs page. It runs in a sandboxed frame: no cookies, no storage, no access to the page around it. The server hosting cipherplan must send <code>Access-Control-Allow-Origin: *</code> (see <a href="public/embed.html" target="_blank" rel="noopener">the embed page</a>).</p>
<label class="share-label" for="share-embed">Embed code</label>
<textarea id="share-embed" readonly rows="4">{}</textarea>
<div class="dialog-actions"><button data-action="copy-embed">Copy embed code</button></div>"#,
                esc(&url),
                count(url.len()),
                esc(&snippet)
            )
        }
    };
    ("Share this design".to_owned(), body)
}

/// Title and body (HTML) of the question asked when a link's design differs from the
/// autosaved one. `theirs` is the link's design name, component and connection counts;
/// `mine` the open design's name and component count.
#[must_use]
pub fn shared_design_html(
    theirs: (&str, usize, usize),
    mine: (&str, usize),
    base: &str,
    fragment: &str,
) -> (String, String) {
    let body = format!(
        r#"<p>This link carries the design <strong>“{}” ({} components, {} connections)</strong>.</p>
<p>This browser also holds your autosaved design “{}” ({} components), which is different. Opening the shared design replaces it here; Undo (Ctrl+Z) brings yours back until you close the tab, and saving it to a file first keeps it for good.</p>
<div class="dialog-actions"><button class="primary" data-action="open-shared" data-testid="open-shared">Open the shared design</button><button data-action="keep-mine" data-testid="keep-mine">Keep mine</button><span class="spacer"></span><button class="link" data-action="download">Save mine as a file</button><a class="link" href="{}" target="_blank" rel="noopener">Look at the shared one first ↗</a></div>"#,
        esc(theirs.0),
        theirs.1,
        theirs.2,
        esc(mine.0),
        mine.1,
        esc(&embed_link(base, fragment))
    );
    ("Open the shared design?".to_owned(), body)
}

/// Title and body (HTML) of the message about a link that could not be opened.
#[must_use]
pub fn share_error_html(message: &str) -> (String, String) {
    let body = format!(
        r#"<p class="share-error" role="alert">{}</p><p>Your design is unchanged. The link may have been cut off when it was pasted: ask for it again, or for the design file (Save in cipherplan).</p>"#,
        esc(message)
    );
    ("This share link could not be opened".to_owned(), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(7), "7");
        assert_eq!(count(999), "999");
        assert_eq!(count(32_000), "32,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn user_text_is_escaped() {
        let mut evil = cipherplan::templates::reference();
        evil.name = "<img src=x onerror=alert(1)> & \"q\"".into();
        let (_, html) = share_html(&evil.name, "https://h/", Some(&Ok("d1.AB".into())));
        assert!(!html.contains("<img"), "{html}");
        // Escaped once for the snippet's attribute, once more as the text area's text.
        assert!(html.contains("&amp;lt;img src=x onerror=alert(1)&gt; &amp;amp; &amp;quot;q&amp;quot;"), "{html}");
        let (_, html) = shared_design_html((&evil.name, 28, 52), ("<b>", 3), "https://h/", "d1.AB");
        assert!(!html.contains("<img") && !html.contains("<b>"), "{html}");
        let (_, html) = share_error_html("the link's design is not valid:\n  $.nodes[0]: <script>");
        assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"), "{html}");
    }

    #[test]
    fn the_dialog_offers_what_fits() {
        let (_, ok) = share_html("n", "https://h/app/", Some(&Ok("d1.AB".into())));
        assert!(ok.contains(r#"value="https://h/app/#d1.AB""#), "{ok}");
        assert!(ok.contains("?embed#d1.AB"), "{ok}");
        assert!(ok.contains("data-action=\"copy-link\"") && !ok.contains("too large"), "{ok}");
        let huge = format!("d1.{}", "A".repeat(MAX_URL_FRAGMENT));
        let (_, big) = share_html("n", "https://h/", Some(&Ok(huge)));
        assert!(big.contains("too large for a link") && big.contains("32,003") && big.contains("32,000"), "{big}");
        assert!(big.contains("data-action=\"download\"") && !big.contains("share-link"), "{big}");
        let (_, wait) = share_html("n", "https://h/", None);
        assert!(wait.contains("Making the link"), "{wait}");
    }
}
