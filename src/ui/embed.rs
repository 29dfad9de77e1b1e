//! The embed view (`?embed`, the design in the fragment): the diagram read-only and fitted to
//! the frame, with its verdict colours, a legend, the score and a link to the full editor.
//!
//! It is made to run in `<iframe sandbox="allow-scripts">`, where the page has an opaque
//! origin and touching `localStorage` or `sessionStorage` throws: nothing here reads or writes
//! storage (no autosave, no saved view), and nothing edits: the editor is
//! [`crate::state::Editor::into_read_only`], the key handler is not installed, and the canvas
//! turns every primary-button drag into a pan.

use crate::geometry::{fixed, View};
use crate::share::{self, app_base, link};
use crate::state::{use_editor, Editor};
use crate::ui::canvas::Canvas;
use cipherplan::Design;
use leptos::prelude::*;

/// The embed view: reads the fragment, then shows the diagram or says what is wrong.
#[component]
pub fn EmbedApp() -> impl IntoView {
    let fragment = share::fragment_in_url();
    let state = RwSignal::new(None::<Result<(Design, String), String>>);
    {
        let fragment = fragment.clone();
        leptos::task::spawn_local(async move {
            let result = match fragment {
                Some(f) => share::decode(&f).await.map(|d| (d, f)).map_err(|e| e.to_string()),
                None => Err("the embed link carries no design: the part after # is missing".to_owned()),
            };
            state.set(Some(result));
        });
    }
    move || match state.get() {
        None => view! { <div class="embed-status" role="status">"Loading the diagram…"</div> }.into_any(),
        Some(Err(why)) => view! {
            <div class="embed-status embed-error" role="alert">
                <strong>"This diagram could not be shown"</strong>
                <p>{why}</p>
            </div>
        }
        .into_any(),
        Some(Ok((design, fragment))) => view! { <EmbedView design=design fragment=fragment/> }.into_any(),
    }
}

/// The read-only diagram of one design.
#[component]
fn EmbedView(
    /// The design to show.
    design: Design,
    /// Its share fragment (for the link to the full editor).
    fragment: String,
) -> impl IntoView {
    let ed = Editor::new(design, View::default(), false).into_read_only();
    provide_context(ed);
    // Fit again whenever the frame changes size (the host page reflows, the user rotates).
    let refit = window_event_listener(leptos::ev::resize, move |_| {
        request_animation_frame(move || {
            if let Some(svg) = document().get_element_by_id("canvas") {
                let r = svg.get_bounding_client_rect();
                if r.width() > 0.0 {
                    ed.canvas_size.set((r.width(), r.height()));
                    ed.fit();
                }
            }
        });
    });
    on_cleanup(move || refit.remove());
    let editor_url = link(&app_base(), &fragment);
    let name = ed.doc.with_untracked(|d| d.name.clone());
    view! {
        <div class="embed">
            <header class="embed-bar">
                <img src="public/logo.svg" alt="" width="20" height="20"/>
                <span class="embed-name" title=name.clone()>{name.clone()}</span>
                <Verdict/>
                <a class="embed-open" href=editor_url target="_blank" rel="noopener" title="Open this design in the full cipherplan editor (new tab)">
                    "Open in cipherplan ↗"
                </a>
            </header>
            <main class="embed-main" aria-label="Diagram (read-only)">
                <Canvas fit_on_mount=true/>
                <EmbedLegend/>
            </main>
        </div>
    }
}

/// Score, coverage and finding counts, read-only.
#[component]
fn Verdict() -> impl IntoView {
    let ed = use_editor();
    move || {
        ed.verdicts.with(|v| {
            let s = &v.summary;
            let class = match s.score {
                90..=100 => "good",
                60..=89 => "fair",
                _ => "poor",
            };
            let pct = |x: f64| format!("{}%", fixed(x.floor(), 0));
            view! {
                <div class="embed-verdict" aria-label="Encryption verdict">
                    <span class=format!("embed-score {class}") title="Score 0–100: coverage in transit (50), at rest (30) and with customer keys (20), lowered by errors and warnings">
                        "Score "<strong data-testid="score">{s.score}</strong>
                    </span>
                    <span title=format!("{} of {} network flows encrypted", s.flows_encrypted, s.flows)>
                        "In transit "<strong data-testid="transit">{pct(s.transit_pct)}</strong>
                    </span>
                    <span title=format!("{} of {} stores encrypted at rest", s.stores_encrypted, s.stores)>
                        "At rest "<strong data-testid="rest">{pct(s.rest_pct)}</strong>
                    </span>
                    <span class="embed-counts" title="Findings: errors, warnings">
                        <span class="count sev-error" data-testid="errors">{s.errors}</span>
                        <span class="count sev-warning" data-testid="warnings">{s.warnings}</span>
                        <span class="visually-hidden">"errors, warnings"</span>
                    </span>
                </div>
            }
        })
    }
}

/// What the colours, locks and badges mean, for readers who have never seen the editor.
#[component]
fn EmbedLegend() -> impl IntoView {
    // Open where the frame has room for it; a small frame shows the diagram first.
    let open = RwSignal::new(window().inner_height().ok().and_then(|h| h.as_f64()).is_some_and(|h| h >= 480.0));
    let lock = |href: &'static str| {
        view! { <svg class="legend-lock" viewBox="0 0 13 13" aria-hidden="true"><use_ href=href width="13" height="13"></use_></svg> }
    };
    view! {
        <div class="legend embed-legend" class:collapsed=move || !open.get()>
            <button class="legend-toggle" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                "Legend"
            </button>
            <div class="legend-body" hidden=move || !open.get()>
                <ul>
                    <li class="g-verified"><svg viewBox="0 0 28 8" class="swatch g-verified"><path d="M1 4h26"/></svg>{lock("#g-lock")}"green: encrypted, server certificate verified"</li>
                    <li class="g-unverified"><svg viewBox="0 0 28 8" class="swatch g-unverified"><path d="M1 4h26"/></svg>{lock("#g-lock")}"amber: encrypted, certificate not verified"</li>
                    <li class="g-downgradable"><svg viewBox="0 0 28 8" class="swatch g-downgradable"><path d="M1 4h26"/></svg>{lock("#g-unlock")}"red dashed: can fall back to plaintext"</li>
                    <li class="g-plaintext"><svg viewBox="0 0 28 8" class="swatch g-plaintext"><path d="M1 4h26"/></svg>{lock("#g-unlock")}"red: plaintext"</li>
                    <li><svg viewBox="0 0 28 8" class="swatch loopback"><path d="M1 4h26"/></svg>"grey dotted: loopback inside one task"</li>
                    <li class="embed-locks">"closed lock: encrypted in transit · open lock: not encrypted"</li>
                    <li class="badges">
                        <span class="pill rest-cmk">"CMK"</span>
                        <span class="pill rest-aws">"AWS"</span>
                        <span class="pill rest-none">"none"</span>
                        "at rest: customer managed key · AWS managed key · unencrypted"
                    </li>
                </ul>
            </div>
        </div>
    }
}
