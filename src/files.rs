//! Opening and saving design files, entirely in the browser: files are read with `File.text()`
//! and saved through a `Blob` URL, so no byte leaves the machine.

use crate::state::{Dialog, Editor};
use cipherplan::load::{LoadError, MAX_FILE_BYTES};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Id of the hidden file input the Open button and Ctrl+O click.
pub const INPUT_ID: &str = "open-file";

/// Opens the browser's file picker.
pub fn pick() {
    if let Some(input) = document().get_element_by_id(INPUT_ID).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        input.click();
    }
}

/// Reads a chosen or dropped file and opens it; a file that does not load shows the loader's
/// errors and leaves the open design untouched.
pub fn open(ed: Editor, file: web_sys::File) {
    let name = file.name();
    #[allow(clippy::cast_precision_loss)]
    let too_big = file.size() > MAX_FILE_BYTES as f64;
    if too_big {
        ed.dialog.set(Some(Dialog::LoadErrors {
            file: name,
            errors: vec![LoadError {
                path: "$".into(),
                message: format!("the file is larger than {} MB", MAX_FILE_BYTES / (1024 * 1024)),
            }],
        }));
        return;
    }
    leptos::task::spawn_local(async move {
        let text = match JsFuture::from(file.text()).await {
            Ok(v) => v.as_string().unwrap_or_default(),
            Err(_) => {
                ed.toast(true, format!("Could not read {name}"));
                return;
            }
        };
        open_text(ed, &name, &text);
    });
}

/// Opens design JSON text (also what the browser tests call).
pub fn open_text(ed: Editor, name: &str, text: &str) {
    match cipherplan::load::load(text) {
        Ok(design) => {
            let title = format!("Open {name}");
            ed.replace(&title, design);
            ed.toast(false, format!("Opened {name}"));
        }
        Err(errors) => ed.dialog.set(Some(Dialog::LoadErrors { file: name.to_owned(), errors: errors.0 })),
    }
}

/// Downloads the design as `NAME.cipherplan.json`.
pub fn save(ed: Editor) {
    let (json, stem) = ed.doc.with_untracked(|d| (d.to_json(), d.file_stem()));
    let file = format!("{stem}.cipherplan.json");
    match download(&file, &json, "application/json") {
        Ok(()) => ed.toast(false, format!("Saved {file}")),
        Err(_) => ed.toast(true, "The browser refused the download".into()),
    }
}

/// Offers `text` as a download named `file`.
///
/// # Errors
/// The browser's refusal to create the blob, its URL or the link.
pub fn download(file: &str, text: &str, mime: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(file);
    a.click();
    // Revoking at once can cancel the download in some browsers; a second later it is done.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(1),
    );
    Ok(())
}
