//! The export dialog: every download the planner offers — Terraform, CDK, Pulumi, app-side
//! files, the report (HTML, Markdown, JSON, SARIF), the design JSON, the diagram (SVG, PNG) —
//! with a highlighted preview, copy, single-file download and the whole export as one ZIP.
//!
//! Everything is generated in the browser: the heavy core code (exporters, report, ZIP,
//! highlighter) runs in the outputs web worker ([`crate::outputs`]), so it is not part of the
//! main bundle and a big design never freezes the page. The files are the very bytes the CLI
//! writes for the same design (see [`crate::downloads`] and the e2e tests).
//!
//! Security: previews are built as text nodes inside `<span class>` elements, never from
//! markup, so a hostile label in the design cannot inject HTML into the page.

use crate::downloads::{self, File, Target};
use cipherplan::Design;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Generated files of one target.
#[derive(Debug, Clone)]
enum Loaded {
    /// The worker is generating them.
    Loading,
    /// Ready.
    Ready(Vec<File>),
    /// The worker (or the canvas, for the PNG) failed.
    Failed(String),
}

/// Each target's files, once asked for (a list, not a map: seven entries at most, and a
/// `HashMap` instance costs the bundle more than it saves).
#[derive(Debug, Clone, Default)]
struct Cache(Vec<(Target, Loaded)>);

impl Cache {
    fn get(&self, t: &Target) -> Option<&Loaded> {
        self.0.iter().find(|(k, _)| k == t).map(|(_, v)| v)
    }

    fn get_mut(&mut self, t: &Target) -> Option<&mut Loaded> {
        self.0.iter_mut().find(|(k, _)| k == t).map(|(_, v)| v)
    }

    fn insert(&mut self, t: Target, v: Loaded) {
        match self.get_mut(&t) {
            Some(slot) => *slot = v,
            None => self.0.push((t, v)),
        }
    }
}

/// The preview of the selected file.
#[derive(Debug, Clone)]
enum Preview {
    /// Nothing selected.
    Empty,
    /// Highlighting in the worker.
    Loading,
    /// Spans `(class, text)`.
    Code(Vec<(String, String)>),
    /// An image (the PNG): a Blob URL with its size in pixels.
    Image { url: String, width: u32, height: u32 },
    /// Highlighting failed: the error (the file is shown plain).
    Failed(String),
}

/// A message under the preview: information or an error.
#[derive(Debug, Clone, PartialEq)]
struct Status {
    error: bool,
    text: String,
}

/// Focusable elements inside the dialog, for the focus trap.
const FOCUSABLE: &str = "button:not([disabled]), [href], input, select, textarea, [tabindex]:not([tabindex=\"-1\"])";

/// The export dialog. It runs in the lazily loaded panels module ([`crate::panels`]), so it
/// gets the design as it was when the dialog opened (nothing edits it while the modal is up)
/// and says when it wants to close.
#[component]
pub fn ExportDialog(
    /// The design to export.
    design: Design,
    /// Called when the user closes the dialog (the close button).
    on_close: Callback<()>,
) -> impl IntoView {
    let design = StoredValue::new(design);
    let target = RwSignal::new(Target::Terraform);
    let loaded: RwSignal<Cache> = RwSignal::new(Cache::default());
    let selected: RwSignal<Option<String>> = RwSignal::new(None);
    let preview = RwSignal::new(Preview::Empty);
    let status: RwSignal<Option<Status>> = RwSignal::new(None);
    let zipping = RwSignal::new(false);
    let opening = RwSignal::new(false);
    let dialog_ref: NodeRef<leptos::html::Div> = NodeRef::new();
    let code_ref: NodeRef<leptos::html::Code> = NodeRef::new();
    // Generation requests are numbered so a late answer for an earlier selection is dropped.
    let preview_seq = StoredValue::new(0u64);
    let name = design.with_value(Design::file_stem);

    // Focus returns to whatever opened the dialog.
    let opener = document().active_element();
    on_cleanup(move || {
        if let Some(el) = opener.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
        if let Some(Preview::Image { url, .. }) = preview.try_get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    request_animation_frame(move || {
        if let Some(tab) =
            // `try_`: the dialog may be closed by the next frame.
            dialog_ref
                .try_get_untracked()
                .flatten()
                .and_then(|d| d.query_selector("[role=tab][aria-selected=true]").ok().flatten())
        {
            let _ = tab.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });

    // Generate a target's files the first time it is shown.
    crate::fx::effect(move || {
        let t = target.get();
        // A target that failed is tried again when it is shown again.
        if loaded.with_untracked(|l| matches!(l.get(&t), Some(Loaded::Loading | Loaded::Ready(_)))) {
            return;
        }
        loaded.update(|l| {
            l.insert(t, Loaded::Loading);
        });
        let design = design.get_value();
        leptos::task::spawn_local(async move {
            let result = downloads::generate(t, &design).await;
            let first = result.as_ref().ok().and_then(|f| f.first().map(|f| f.path.clone()));
            loaded.update(|l| {
                l.insert(t, result.map_or_else(Loaded::Failed, Loaded::Ready));
            });
            // `try_`: the dialog may have closed while the worker worked.
            if target.try_get_untracked() == Some(t) && selected.try_with_untracked(Option::is_none) == Some(true) {
                selected.set(first);
            }
        });
    });

    // The file shown in the preview, when its target is ready (a memo, so another target
    // finishing in the background does not highlight this one again).
    let current = Memo::new(move |_| -> Option<File> {
        let t = target.get();
        let path = selected.get()?;
        loaded.with(|l| match l.get(&t) {
            Some(Loaded::Ready(files)) => files.iter().find(|f| f.path == path).cloned(),
            _ => None,
        })
    });
    // Highlight the selected file in the worker (or show the image).
    crate::fx::effect(move || {
        let file = current.get();
        let seq = preview_seq.get_value() + 1;
        preview_seq.set_value(seq);
        if let Preview::Image { url, .. } = preview.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
        let Some(file) = file else {
            preview.set(Preview::Empty);
            return;
        };
        if file.is_pending_png() {
            // Drawn now, once: the list then holds the PNG and this effect shows it.
            preview.set(Preview::Loading);
            leptos::task::spawn_local(async move {
                match downloads::draw_png(file).await {
                    Ok(drawn) => keep_drawn(loaded, drawn),
                    Err(e) if preview_seq.try_get_value() == Some(seq) => preview.set(Preview::Failed(e)),
                    Err(_) => {}
                }
            });
            return;
        }
        match &file.bytes {
            Some(bytes) => {
                let (width, height) = downloads::png_size(bytes).unwrap_or((0, 0));
                match downloads::blob_url(bytes, file.mime) {
                    Ok(url) => preview.set(Preview::Image { url, width, height }),
                    Err(e) => preview.set(Preview::Failed(e)),
                }
            }
            None => {
                preview.set(Preview::Loading);
                let design = design.get_value();
                leptos::task::spawn_local(async move {
                    let spans = downloads::highlight(&design, &file.path, &file.text).await;
                    if preview_seq.try_get_value() != Some(seq) {
                        return;
                    }
                    preview.set(match spans {
                        Ok(spans) => Preview::Code(spans),
                        Err(e) => Preview::Failed(e),
                    });
                });
            }
        }
    });

    // The parts of the dialog that change are drawn with plain DOM calls from these effects
    // (a static `view!` skeleton below), written when the dialog was part of the start-up
    // bundle, where Leptos views for them cost some 20 KB gzip; the panels module keeps them
    // small too. Text always goes in as text nodes.
    let files_ref: NodeRef<leptos::html::Div> = NodeRef::new();
    let caption_ref: NodeRef<leptos::html::Div> = NodeRef::new();
    let note_ref: NodeRef<leptos::html::P> = NodeRef::new();
    let image_ref: NodeRef<leptos::html::Figure> = NodeRef::new();
    let status_ref: NodeRef<leptos::html::P> = NodeRef::new();

    // The file list of the current target.
    crate::fx::effect(move || {
        let Some(root) = files_ref.get() else { return };
        let t = target.get();
        let sel = selected.get();
        root.set_text_content(None);
        loaded.with(|l| match l.get(&t) {
            None | Some(Loaded::Loading) => {
                let p = add(&root, "p", "export-busy", None);
                let _ = p.set_attribute("role", "status");
                add(&p, "span", "spinner", None);
                let _ = p.append_with_str_1(&format!("Generating {}…", t.title()));
            }
            Some(Loaded::Failed(e)) => {
                let d = add(&root, "div", "export-error", None);
                let _ = d.set_attribute("role", "alert");
                add(&d, "strong", "", Some(&format!("{} could not be generated", t.title())));
                add(&d, "p", "", Some(e));
            }
            Some(Loaded::Ready(files)) => {
                let total: usize = files.iter().map(File::len).sum();
                let n = files.len();
                let caption = format!("{n} file{} · {}", if n == 1 { "" } else { "s" }, downloads::human_size(total));
                add(&root, "p", "files-caption", Some(&caption));
                let ul = add(&root, "ul", "files", None);
                let _ = ul.set_attribute("aria-label", &format!("{} files", t.title()));
                for f in files {
                    let li = add(&ul, "li", "", None);
                    let b = add(&li, "button", "file", None);
                    let _ = b.set_attribute("data-path", &f.path);
                    if sel.as_deref() == Some(f.path.as_str()) {
                        let _ = b.set_attribute("aria-current", "true");
                    }
                    add(&b, "span", "file-path", Some(&f.path));
                    let size = if f.is_pending_png() {
                        "drawn when opened".to_owned()
                    } else {
                        downloads::human_size(f.len())
                    };
                    add(&b, "span", "file-size", Some(&size));
                }
                let note = add(&root, "p", "files-note", None);
                for (code, piece) in crate::ui::text::spans(t.note()) {
                    if code {
                        add(&note, "code", "", Some(&piece));
                    } else {
                        let _ = note.append_with_str_1(&piece);
                    }
                }
            }
        });
    });

    // The caption above the preview: path, language, size.
    crate::fx::effect(move || {
        let Some(bar) = caption_ref.get() else { return };
        bar.set_text_content(None);
        if let Some(f) = current.get() {
            let kind = if f.mime == "image/png" { "PNG image" } else { downloads::language(&f.path) };
            add(&bar, "span", "preview-path", Some(&f.path));
            add(&bar, "span", "preview-kind", Some(kind));
            if !f.is_pending_png() {
                add(&bar, "span", "preview-size", Some(&downloads::human_size(f.len())));
            }
        }
    });

    // The preview: spans as text nodes (never markup), the PNG as an image, or a note.
    crate::fx::effect(move || {
        let (Some(code), Some(note), Some(figure)) = (code_ref.get(), note_ref.get(), image_ref.get()) else { return };
        let code: &web_sys::Element = &code;
        code.set_text_content(None);
        note.set_text_content(None);
        figure.set_text_content(None);
        let _ = note.set_attribute("class", "preview-note");
        let doc = document();
        preview.with(|p| match p {
            Preview::Code(spans) => {
                for (class, text) in spans {
                    if class.is_empty() {
                        let _ = code.append_with_str_1(text);
                    } else if let Ok(span) = doc.create_element("span") {
                        span.set_class_name(class);
                        span.set_text_content(Some(text));
                        let _ = code.append_child(&span);
                    }
                }
                if let Some(pre) = code.parent_element() {
                    pre.set_scroll_top(0);
                }
            }
            Preview::Loading => {
                add(&note, "span", "spinner", None);
                let _ = note.append_with_str_1("Highlighting…");
            }
            Preview::Failed(e) => {
                let _ = note.set_attribute("class", "preview-note error");
                let _ = note.append_with_str_1(&format!("Shown without highlighting: {e}"));
                if let Some(file) = current.get_untracked() {
                    code.set_text_content(Some(&file.text));
                }
            }
            Preview::Image { url, width, height } => {
                let img = add(&figure, "img", "", None);
                let _ = img.set_attribute("src", url);
                let _ = img.set_attribute("alt", "The diagram as PNG");
                add(&figure, "figcaption", "", Some(&format!("{width} × {height} px (2× the diagram)")));
            }
            Preview::Empty => {}
        });
    });

    // The status line.
    crate::fx::effect(move || {
        let Some(line) = status_ref.get() else { return };
        line.set_text_content(None);
        if let Some(s) = status.get() {
            add(&line, "span", if s.error { "error" } else { "" }, Some(&s.text));
        }
    });

    let select_target = move |t: Target| {
        if target.get_untracked() != t {
            selected.set(loaded.with_untracked(|l| match l.get(&t) {
                Some(Loaded::Ready(files)) => files.first().map(|f| f.path.clone()),
                _ => None,
            }));
            status.set(None);
            target.set(t);
        }
    };
    let on_tab_key = move |e: leptos::ev::KeyboardEvent| {
        let all = Target::ALL;
        let i = all.iter().position(|&t| t == target.get_untracked()).unwrap_or(0);
        let next = match e.key().as_str() {
            "ArrowRight" | "ArrowDown" => (i + 1) % all.len(),
            "ArrowLeft" | "ArrowUp" => (i + all.len() - 1) % all.len(),
            "Home" => 0,
            "End" => all.len() - 1,
            _ => return,
        };
        e.prevent_default();
        select_target(all[next]);
        if let Some(tab) = dialog_ref
            .get_untracked()
            .and_then(|d| d.query_selector(&format!("[role=tab][data-target={}]", all[next].id())).ok().flatten())
        {
            let _ = tab.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    };
    // Tab and Shift+Tab stay inside the dialog.
    let trap = move |e: leptos::ev::KeyboardEvent| {
        if e.key() != "Tab" {
            return;
        }
        let Some(dialog) = dialog_ref.get_untracked() else { return };
        let Ok(list) = dialog.query_selector_all(FOCUSABLE) else { return };
        let items: Vec<web_sys::Element> = (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
            .filter(|el| el.get_client_rects().length() > 0)
            .collect();
        let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
        let active = document().active_element();
        let wrap_to = if e.shift_key() && active.as_ref() == Some(first) {
            Some(last)
        } else if !e.shift_key() && active.as_ref() == Some(last) {
            Some(first)
        } else {
            None
        };
        if let Some(el) = wrap_to {
            e.prevent_default();
            let _ = el.unchecked_ref::<web_sys::HtmlElement>().focus();
        }
    };

    let close = move |_| on_close.run(());
    let copy = move |_| {
        let Some(file) = current.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            status.set(Some(match downloads::copy_text(&file.text).await {
                Ok(()) => Status { error: false, text: format!("Copied {} to the clipboard", file.path) },
                Err(e) => {
                    Status { error: true, text: format!("Could not copy: {e}. Select the text and copy it by hand.") }
                }
            }));
        });
    };
    let download_one = move |_| {
        let Some(file) = current.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            let name = file.download_name();
            if file.is_pending_png() {
                status.set(Some(Status { error: false, text: format!("Drawing {name}…") }));
            }
            let result = downloads::draw_png(file).await.and_then(|file| {
                let saved = match &file.bytes {
                    Some(bytes) => downloads::save_bytes(&name, bytes, file.mime),
                    None => downloads::save_bytes(&name, file.text.as_bytes(), file.mime),
                };
                keep_drawn(loaded, file);
                saved.map_err(|e| format!("The browser refused the download: {e}"))
            });
            status.set(Some(match result {
                Ok(()) => Status { error: false, text: format!("Downloading {name}") },
                Err(e) => Status { error: true, text: e },
            }));
        });
    };
    // `all`, or the open tab's export target: the CLI's `--to` value and the ZIP's name.
    let stem = StoredValue::new(name.clone());
    let download_zip = move |which: &'static str| {
        if zipping.get_untracked() {
            return;
        }
        zipping.set(true);
        status.set(Some(Status { error: false, text: "Generating the ZIP…".into() }));
        let design = design.get_value();
        let zip_name =
            stem.with_value(|n| if which == "all" { format!("{n}.zip") } else { format!("{n}-{which}.zip") });
        leptos::task::spawn_local(async move {
            let result = downloads::zip(&design, which)
                .await
                .and_then(|bytes| downloads::save_bytes(&zip_name, &bytes, "application/zip").map(|()| bytes.len()));
            zipping.set(false);
            status.set(Some(match result {
                Ok(n) => {
                    Status { error: false, text: format!("Downloading {zip_name} ({})", downloads::human_size(n)) }
                }
                Err(e) => Status { error: true, text: format!("The ZIP could not be made: {e}") },
            }));
        });
    };
    let open_report = move |_| {
        if opening.get_untracked() {
            return;
        }
        // Open the tab now, while the click still counts as a user gesture, and point it at the
        // report once the worker has written it.
        let Some(tab) = window().open_with_url_and_target("", "_blank").ok().flatten() else {
            status.set(Some(Status {
                error: true,
                text: "The browser blocked the new tab: allow pop-ups for this page, or download report.html".into(),
            }));
            return;
        };
        opening.set(true);
        status.set(Some(Status { error: false, text: "Writing the report…".into() }));
        let design = design.get_value();
        leptos::task::spawn_local(async move {
            let result = downloads::report_html(&design).await.and_then(|html| {
                let url = downloads::blob_url(html.as_bytes(), "text/html")?;
                tab.location().set_href(&url).map_err(|_| "the new tab refused the report".to_owned())?;
                // The tab has the document once loaded; printing does not fetch it again.
                set_timeout(
                    move || {
                        let _ = web_sys::Url::revoke_object_url(&url);
                    },
                    std::time::Duration::from_secs(60),
                );
                Ok(())
            });
            opening.set(false);
            status.set(Some(match result {
                Ok(()) => Status { error: false, text: "The report opened in a new tab: print it from there".into() },
                Err(e) => {
                    let _ = tab.close();
                    Status { error: true, text: format!("The report could not be opened: {e}") }
                }
            }));
        });
    };

    let on_file_click = move |e: leptos::ev::MouseEvent| {
        let path = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest(".file").ok().flatten())
            .and_then(|b| b.get_attribute("data-path"));
        if path.is_some() {
            selected.set(path);
        }
    };
    // The selected tab, by attribute (one effect for all tabs).
    crate::fx::effect(move || {
        let t = target.get();
        let Some(dialog) = dialog_ref.get() else { return };
        let Ok(tabs) = dialog.query_selector_all("[role=tab]") else { return };
        for i in 0..tabs.length() {
            if let Some(tab) = tabs.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                let on = tab.get_attribute("data-target").as_deref() == Some(t.id());
                let _ = tab.set_attribute("aria-selected", if on { "true" } else { "false" });
                let _ = tab.set_attribute("tabindex", if on { "0" } else { "-1" });
            }
        }
        let _ = dialog
            .query_selector("[role=tabpanel]")
            .ok()
            .flatten()
            .map(|p| p.set_attribute("aria-labelledby", &format!("export-tab-{}", t.id())));
    });
    let tabs = Target::ALL
        .iter()
        .map(|&t| {
            view! {
                <button
                    role="tab"
                    id=format!("export-tab-{}", t.id())
                    data-target=t.id()
                    aria-controls="export-panel"
                    aria-selected="false"
                    tabindex="-1"
                    on:click=move |_| select_target(t)
                >
                    {t.title()}
                </button>
            }
        })
        .collect_view();
    let is_image = move || matches!(preview.get(), Preview::Image { .. });
    let no_file = move || current.with(Option::is_none);

    view! {
        <div class="backdrop" on:click=close>
            <div
                class="dialog export-dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="export-title"
                node_ref=dialog_ref
                on:click=|e| e.stop_propagation()
                on:keydown=trap
            >
                <header>
                    <h2 id="export-title">"Export " <span class="export-design">{design.with_value(|d| d.name.clone())}</span></h2>
                    <span class="export-local">"Generated in your browser — nothing is uploaded"</span>
                    <button class="icon-btn" aria-label="Close" title="Close (Escape)" on:click=close>"×"</button>
                </header>
                <div class="export-tabs" role="tablist" aria-label="What to export" on:keydown=on_tab_key>
                    {tabs}
                </div>
                <div class="export-main" id="export-panel" role="tabpanel">
                    <div class="export-files" node_ref=files_ref on:click=on_file_click></div>
                    <section class="export-preview" aria-label="Preview">
                        <div class="preview-bar">
                            <div class="preview-caption" node_ref=caption_ref></div>
                            <button on:click=copy disabled=move || no_file() || is_image() title="Copy the file's text to the clipboard">"Copy"</button>
                            <button on:click=download_one disabled=no_file title="Download this file">"Download file"</button>
                        </div>
                        <p class="preview-note" node_ref=note_ref></p>
                        <figure class="preview-image" node_ref=image_ref hidden=move || !is_image()></figure>
                        <pre class="code" hidden=is_image tabindex="0" aria-label="File contents"><code node_ref=code_ref></code></pre>
                    </section>
                </div>
                <footer class="export-footer">
                    <p class="export-status" role="status" aria-live="polite" node_ref=status_ref></p>
                    <button
                        class="secondary"
                        hidden=move || target.get() != Target::Report
                        disabled=move || opening.get()
                        on:click=open_report
                        title="Open the HTML report in a new tab, ready to print"
                    >
                        "Open printable report"
                    </button>
                    <button
                        class="secondary"
                        hidden=move || !target.get().is_export()
                        disabled=move || zipping.get()
                        on:click=move |_| download_zip(target.get_untracked().id())
                        title=move || format!("This tab's files in one ZIP (what `cipherplan export --to {} --zip` writes)", target.get().id())
                    >
                        {move || format!("Download {} (ZIP)", target.get().title())}
                    </button>
                    <button
                        class="primary"
                        disabled=move || zipping.get()
                        on:click=move |_| download_zip("all")
                        title="Terraform, CDK, Pulumi and app-side files in one ZIP (what `cipherplan export --to all --zip` writes)"
                    >
                        "Download all (ZIP)"
                    </button>
                </footer>
            </div>
        </div>
    }
}

/// Puts a drawn PNG in place of its pending entry in the diagram's file list.
fn keep_drawn(loaded: RwSignal<Cache>, drawn: File) {
    if drawn.bytes.is_none() {
        return;
    }
    loaded.update(|l| {
        if let Some(Loaded::Ready(files)) = l.get_mut(&Target::Diagram) {
            if let Some(f) = files.iter_mut().find(|f| f.path == drawn.path && f.is_pending_png()) {
                *f = drawn;
            }
        }
    });
}

/// Appends a new `tag` element with `class` (and text, as a text node) to `parent`.
fn add(parent: &web_sys::Element, tag: &str, class: &str, text: Option<&str>) -> web_sys::Element {
    let el = document().create_element(tag).expect("a valid tag name");
    if !class.is_empty() {
        el.set_class_name(class);
    }
    if let Some(t) = text {
        el.set_text_content(Some(t));
    }
    let _ = parent.append_child(&el);
    el
}
