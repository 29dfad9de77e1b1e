//! Share links in the browser: reading a design from the address bar's fragment, asking before
//! it replaces the autosaved one, and the URLs of a link and of the read-only embed view.
//!
//! The design never goes to a server: it travels in the URL fragment (the part after `#`,
//! which browsers do not send). Making a link deflates, which runs in the web worker (the
//! `share` op); reading one only inflates, and that uses the browser's own
//! `DecompressionStream("deflate-raw")` rather than an inflater in the wasm (miniz_oxide's
//! would add about 10 KB gzip to the app's initial bundle). The steps around it are the core's
//! ([`cipherplan::share::unpack`] and [`cipherplan::share::parse`]), so a link is refused with
//! the same words as the CLI uses, and inflating stops at the same cap.

use crate::state::{Dialog, Editor};
use cipherplan::share::{self, ShareError, EMBED_QUERY, MAX_INFLATED};
use cipherplan::Design;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    // Declared here: web-sys only has these behind `web_sys_unstable_apis`, a cfg that would
    // change every crate's build flags.
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> web_sys::WritableStream;

    #[wasm_bindgen(js_namespace = ["navigator", "clipboard"], js_name = writeText, catch)]
    fn clipboard_write_text(text: &str) -> Result<js_sys::Promise, JsValue>;
}

/// Whether a URL query (`location.search`) asks for the embed view: an `embed` parameter,
/// with or without a value (`?embed`, `?embed=1`, `?x=y&embed`).
#[must_use]
pub fn embed_requested(search: &str) -> bool {
    search.trim_start_matches('?').split('&').any(|p| p == "embed" || p.starts_with("embed="))
}

/// The address of the app without its query and fragment: what links are built on.
#[must_use]
pub fn base_of(href: &str) -> &str {
    let end = href.find(['?', '#']).unwrap_or(href.len());
    &href[..end]
}

/// The link that opens `fragment` in the editor at `base`.
#[must_use]
pub fn link(base: &str, fragment: &str) -> String {
    format!("{base}#{fragment}")
}

/// The link of the read-only embed view of `fragment` at `base`.
#[must_use]
pub fn embed_link(base: &str, fragment: &str) -> String {
    format!("{base}{EMBED_QUERY}#{fragment}")
}

/// This page's address without query and fragment.
#[must_use]
pub fn app_base() -> String {
    window().location().href().map(|h| base_of(&h).to_owned()).unwrap_or_default()
}

/// Whether this page was opened as the embed view (`?embed`).
#[must_use]
pub fn is_embed() -> bool {
    window().location().search().is_ok_and(|s| embed_requested(&s))
}

/// The share fragment in the address bar (without `#`), if the hash is one (an anchor such as
/// `#canvas` is not).
#[must_use]
pub fn fragment_in_url() -> Option<String> {
    let hash = window().location().hash().ok()?;
    share::is_fragment(&hash).then(|| hash.trim_start_matches('#').to_owned())
}

/// Removes the fragment from the address bar without reloading or adding a history entry, so
/// a reload does not open (or ask about) the link again.
pub fn clear_fragment() {
    let loc = window().location();
    let (Ok(path), Ok(search)) = (loc.pathname(), loc.search()) else { return };
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{search}")));
    }
}

/// Reads a share fragment into a design: the core's checks, the browser's inflater, the
/// core's loader.
///
/// # Errors
/// What is wrong with the link, in the core's words.
pub async fn decode(fragment: &str) -> Result<Design, ShareError> {
    let packed = share::unpack(fragment)?;
    let inflated = inflate(&packed).await?;
    share::parse(inflated)
}

/// Inflates a raw deflate stream, refusing more than [`MAX_INFLATED`] bytes as it goes (a
/// few hundred bytes of deflate can claim gigabytes).
async fn inflate(packed: &[u8]) -> Result<Vec<u8>, ShareError> {
    let broken = |e: JsValue| ShareError::NotDeflate(js_message(&e));
    let stream = DecompressionStream::new("deflate-raw").map_err(broken)?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(packed));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(broken)?;
    let pair = web_sys::ReadableWritablePair::new(&stream.readable(), &stream.writable());
    let reader: web_sys::ReadableStreamDefaultReader = blob.stream().pipe_through(&pair).get_reader().unchecked_into();
    let mut out = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(broken)?;
        if js_sys::Reflect::get(&chunk, &"done".into()).map_or(true, |d| d.is_truthy()) {
            return Ok(out);
        }
        let bytes: js_sys::Uint8Array = js_sys::Reflect::get(&chunk, &"value".into()).map_err(broken)?.unchecked_into();
        let n = bytes.length() as usize;
        if out.len() + n > MAX_INFLATED {
            // Stop the stream; its promise is of no interest.
            let _ = reader.cancel();
            return Err(ShareError::TooLarge { limit: MAX_INFLATED });
        }
        let start = out.len();
        out.resize(start + n, 0);
        bytes.copy_to(&mut out[start..]);
    }
}

fn js_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map_or_else(|| format!("{e:?}"), |e| String::from(e.message()))
}

/// Opens the design of a link in the address bar, if there is one. `saved` says whether the
/// editor holds an autosaved design: then a different shared design is not opened before the
/// user chooses (the autosave is never replaced silently). A link that cannot be read says why
/// and leaves the design as it is. Either way the fragment leaves the address bar.
pub fn open_from_url(ed: Editor, saved: bool) {
    let Some(fragment) = fragment_in_url() else { return };
    leptos::task::spawn_local(async move {
        let result = decode(&fragment).await;
        clear_fragment();
        match result {
            Ok(design) if ed.doc.with_untracked(|d| *d == design) => {
                ed.toast(false, format!("The shared design “{}” is the one you have open", design.name));
            }
            Ok(design) if saved => {
                ed.dialog.set(Some(Dialog::SharedDesign { design: Box::new(design), fragment }));
            }
            Ok(design) => open_shared(ed, design),
            Err(e) => ed.dialog.set(Some(Dialog::ShareError { message: e.to_string() })),
        }
    });
}

/// Opens a shared design in the editor as one undo step.
pub fn open_shared(ed: Editor, design: Design) {
    let name = design.name.clone();
    ed.dialog.set(None);
    ed.replace(&format!("Open shared design {name}"), design);
    ed.toast(false, format!("Opened the shared design “{name}” — Undo (Ctrl+Z) brings the previous one back"));
}

/// Copies `text` to the clipboard; `what` names it in the confirmation. Where the clipboard is
/// not available (an insecure context, a refused permission) the message says to copy by
/// hand; the text is selected in its field for that.
pub fn copy(ed: Editor, text: String, what: &'static str) {
    leptos::task::spawn_local(async move {
        let done = match clipboard_write_text(&text) {
            Ok(promise) => JsFuture::from(promise).await.is_ok(),
            Err(_) => false,
        };
        if done {
            ed.toast(false, format!("{what} copied"));
        } else {
            ed.toast(true, format!("The browser refused the clipboard: press Ctrl+C to copy the selected {what}"));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_query_is_recognised() {
        for yes in ["?embed", "embed", "?embed=1", "?x=1&embed", "?embed&x=1"] {
            assert!(embed_requested(yes), "{yes}");
        }
        for no in ["", "?", "?embedded", "?x=embed", "?noembed"] {
            assert!(!embed_requested(no), "{no}");
        }
    }

    #[test]
    fn links_are_built_on_the_bare_address() {
        assert_eq!(base_of("https://h.example/app/?embed#d1.x"), "https://h.example/app/");
        assert_eq!(base_of("https://h.example/app/index.html#d1.x"), "https://h.example/app/index.html");
        assert_eq!(base_of("http://127.0.0.1:8080/"), "http://127.0.0.1:8080/");
        assert_eq!(link("https://h.example/", "d1.AB"), "https://h.example/#d1.AB");
        assert_eq!(embed_link("https://h.example/", "d1.AB"), "https://h.example/?embed#d1.AB");
        // The embed link of a fragment is what `cipherplan share --embed` prints after the base.
        assert!(embed_link("", "d1.AB").starts_with(EMBED_QUERY));
    }
}
