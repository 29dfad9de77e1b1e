//! The embed view (`?embed`, the design in the fragment): the diagram read-only and fitted to
//! the frame, with its verdict colours, a legend, the score and a link to the full editor.
//!
//! It is made to run in `<iframe sandbox="allow-scripts">`, where the page has an opaque
//! origin and touching `localStorage` or `sessionStorage` throws: nothing here reads or writes
//! storage (no autosave, no saved view), and nothing edits: the editor is
//! [`crate::state::Editor::into_read_only`], the key handler is not installed, and the canvas
//! turns every primary-button drag into a pan. The bar and the legend never change, so they
//! are HTML text rather than view code (the initial bundle is capped).

use crate::geometry::{fixed, View};
use crate::share::{self, app_base, link};
use crate::state::Editor;
use crate::ui::canvas::Canvas;
use crate::ui::share::esc;
use cipherplan::summary::Summary;
use cipherplan::Design;
use leptos::prelude::*;

/// The embed view: reads the fragment, then shows the diagram or says what is wrong.
#[component]
pub fn EmbedApp() -> impl IntoView {
    let state = RwSignal::new(None::<Result<(Design, String), String>>);
    leptos::task::spawn_local(async move {
        let result = match share::fragment_in_url() {
            Some(f) => share::decode(&f).await.map(|d| (d, f)).map_err(|e| e.to_string()),
            None => Err("the embed link carries no design: the part after # is missing".to_owned()),
        };
        state.set(Some(result));
    });
    move || match state.get() {
        Some(Ok((design, fragment))) => view! { <EmbedView design=design fragment=fragment/> }.into_any(),
        other => {
            let html = match other {
                Some(Err(why)) => format!(
                    r#"<div class="embed-status embed-error" role="alert"><strong>This diagram could not be shown</strong><p>{}</p></div>"#,
                    esc(&why)
                ),
                _ => r#"<div class="embed-status" role="status">Loading the diagram…</div>"#.to_owned(),
            };
            view! { <div class="embed-wait" inner_html=html></div> }.into_any()
        }
    }
}

/// The bar above the diagram: name, score, coverage, finding counts, the editor link.
#[must_use]
pub fn bar_html(name: &str, s: &Summary, editor_url: &str) -> String {
    let class = match s.score {
        90..=100 => "good",
        60..=89 => "fair",
        _ => "poor",
    };
    let pct = |x: f64| format!("{}%", fixed(x.floor(), 0));
    let plural = |n: usize, word: &str| {
        let sev = if n > 0 { format!(" class=\"sev-{word}\"") } else { String::new() };
        format!(r#"<strong{sev} data-testid="{word}s">{n}</strong> {word}{}"#, if n == 1 { "" } else { "s" })
    };
    format!(
        r#"<img src="public/logo.svg" alt="" width="20" height="20"><span class="embed-name" title="{name}">{name}</span><div class="embed-verdict" aria-label="Encryption verdict"><span class="embed-score {class}" title="Score 0–100: coverage in transit (50), at rest (30) and with customer keys (20), lowered by errors and warnings">Score <strong data-testid="score">{}</strong></span><span title="{} of {} network flows encrypted">In transit <strong data-testid="transit">{}</strong></span><span title="{} of {} stores encrypted at rest">At rest <strong data-testid="rest">{}</strong></span><span class="embed-counts" title="Findings of the encryption rules">{} · {}</span></div><a class="embed-open" href="{}" target="_blank" rel="noopener" title="Open this design in the full cipherplan editor (new tab)">Open in cipherplan ↗</a>"#,
        s.score,
        s.flows_encrypted,
        s.flows,
        pct(s.transit_pct),
        s.stores_encrypted,
        s.stores,
        pct(s.rest_pct),
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        esc(editor_url),
        name = esc(name),
    )
}

/// What the colours, locks and badges mean, for readers who have never seen the editor.
const LEGEND: &str = concat!(
    r#"<summary class="legend-toggle">Legend</summary><ul>"#,
    r##"<li><svg viewBox="0 0 28 8" class="swatch g-verified"><path d="M1 4h26"/></svg><svg class="legend-lock g-verified" viewBox="0 0 13 13" aria-hidden="true"><use href="#g-lock" width="13" height="13"/></svg>TLS, certificate verified</li>"##,
    r##"<li><svg viewBox="0 0 28 8" class="swatch g-unverified"><path d="M1 4h26"/></svg><svg class="legend-lock g-unverified" viewBox="0 0 13 13" aria-hidden="true"><use href="#g-lock" width="13" height="13"/></svg>TLS, not verified</li>"##,
    r##"<li><svg viewBox="0 0 28 8" class="swatch g-downgradable"><path d="M1 4h26"/></svg><svg class="legend-lock g-downgradable" viewBox="0 0 13 13" aria-hidden="true"><use href="#g-unlock" width="13" height="13"/></svg>may fall back to plaintext</li>"##,
    r##"<li><svg viewBox="0 0 28 8" class="swatch g-plaintext"><path d="M1 4h26"/></svg><svg class="legend-lock g-plaintext" viewBox="0 0 13 13" aria-hidden="true"><use href="#g-unlock" width="13" height="13"/></svg>plaintext</li>"##,
    r#"<li><svg viewBox="0 0 28 8" class="swatch loopback"><path d="M1 4h26"/></svg>loopback inside a task</li>"#,
    r##"<li><svg class="legend-lock" viewBox="0 0 13 13" aria-hidden="true"><use href="#g-lock" width="13" height="13"/></svg>encrypted · <svg class="legend-lock" viewBox="0 0 13 13" aria-hidden="true"><use href="#g-unlock" width="13" height="13"/></svg>not</li>"##,
    r#"<li class="badges">At rest: <span class="pill rest-cmk">CMK</span> customer key <span class="pill rest-aws">AWS</span> AWS key <span class="pill rest-none">none</span> unencrypted</li></ul>"#,
);

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
    let bar = ed
        .verdicts
        .with_untracked(|v| ed.doc.with_untracked(|d| bar_html(&d.name, &v.summary, &link(&app_base(), &fragment))));
    // Open where the frame has room for it; a small frame shows the diagram first.
    let open = window().inner_height().ok().and_then(|h| h.as_f64()).is_some_and(|h| h >= 480.0);
    view! {
        <div class="embed">
            <header class="embed-bar" inner_html=bar></header>
            <main class="embed-main" aria-label="Diagram (read-only)">
                <Canvas fit_on_mount=true/>
                <details class="legend embed-legend" open=open inner_html=LEGEND></details>
            </main>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cipherplan::templates::reference;

    #[test]
    fn the_bar_shows_the_verdict_and_escapes_the_name() {
        let mut d = reference();
        d.name = "<script>x</script>".into();
        let s = crate::verdicts::Verdicts::of(&d).summary;
        let html = bar_html(&d.name, &s, "https://h/#d1.A\"B");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains(&format!(r#"data-testid="score">{}</strong>"#, s.score)), "{html}");
        assert!(html.contains(r#"href="https://h/#d1.A&quot;B""#), "{html}");
        assert!(html.contains(r#"<strong data-testid="errors">0</strong> errors"#), "{html}");
    }
}
