//! What floats over the canvas: mode switches, the mode banner, zoom controls, the legend,
//! the restore notice and the messages.

use crate::keyboard::{run, Action};
use crate::state::use_editor;
use leptos::prelude::*;

/// Overlay controls of the canvas.
#[component]
pub fn CanvasChrome() -> impl IntoView {
    let ed = use_editor();
    let zoom_pct = move || format!("{}%", crate::geometry::fixed(ed.view.get().zoom * 100.0, 0));
    let banner = move || {
        if let Some(from) = ed.connect_from.get() {
            let name = ed.doc.with(|d| d.node(&from).map_or(from.clone(), |n| n.display_name().to_owned()));
            let what = if ed.relation_mode.get() { "a relation" } else { "a flow" };
            return Some(format!(
                "Connecting {what} from {name}: click the target, or Tab to it and press Enter · Esc cancels"
            ));
        }
        if ed.relation_mode.get() {
            return Some("Relation mode: dragging from a handle draws a relation (encrypts with, reads secret, writes logs, runs on, can decrypt) · R to leave".to_owned());
        }
        if let Some(store) = ed.path_store.get() {
            let name = ed.doc.with(|d| d.node(&store).map_or(store.clone(), |n| n.display_name().to_owned()));
            return Some(format!(
                "Paths into {name}: hops are numbered from the entry point · Esc leaves the path view"
            ));
        }
        None
    };
    view! {
        <div class="chrome-top">
            <div class="toolbar" role="toolbar" aria-label="Canvas modes">
                <button
                    class="toggle"
                    aria-pressed=move || ed.relation_mode.get().to_string()
                    title="Relation mode (R): connecting draws relations — encrypts with, reads secret, writes logs, runs on, can decrypt"
                    on:click=move |_| run(ed, Action::RelationMode)
                >
                    <svg class="ico" viewBox="0 0 16 16" aria-hidden="true"><path d="M2 8h12" stroke-dasharray="2.5 2"/><circle cx="13" cy="8" r="2"/></svg>
                    "Relation mode"
                </button>
                <button
                    class="toggle"
                    aria-pressed=move || ed.show_relations.get().to_string()
                    title="Show relations (V)"
                    on:click=move |_| run(ed, Action::Relations)
                >
                    "Relations"
                </button>
                <button
                    class="toggle"
                    aria-pressed=move || ed.snap.get().to_string()
                    title="Snap to grid (G)"
                    on:click=move |_| run(ed, Action::Snap)
                >
                    "Snap"
                </button>
            </div>
            {move || banner().map(|b| view! { <div class="banner" role="status">{b}</div> })}
        </div>
        {move || {
            ed.notice.get().map(|n| {
                view! {
                    <div class="notice" role="alert">
                        <strong>"Your autosaved design could not be restored. "</strong>
                        <span>{n}</span>
                        <span>" The reference design was opened instead; the unreadable data is kept in this browser's storage under "<code>{crate::persist::KEY_UNREADABLE}</code>"."</span>
                        <button class="link" on:click=move |_| ed.notice.set(None)>"Dismiss"</button>
                    </div>
                }
            })
        }}
        {move || {
            ed.doc.with(|d| d.nodes.is_empty()).then(|| {
                view! {
                    <div class="empty-hint">
                        <strong>"An empty canvas"</strong>
                        <p>"Drag components here from the palette, or open a template from the header."</p>
                    </div>
                }
            })
        }}
        <div class="zoom" role="group" aria-label="Zoom">
            <button title="Zoom out (−)" aria-label="Zoom out" on:click=move |_| run(ed, Action::ZoomOut)>"−"</button>
            <button class="pct" title="Zoom to 100% (0)" on:click=move |_| run(ed, Action::ActualSize)>{zoom_pct}</button>
            <button title="Zoom in (+)" aria-label="Zoom in" on:click=move |_| run(ed, Action::ZoomIn)>"+"</button>
            <button title="Fit to view (F)" on:click=move |_| run(ed, Action::Fit)>"Fit"</button>
        </div>
        <Legend/>
        <Toasts/>
    }
}

/// What the colours and badges mean.
#[component]
fn Legend() -> impl IntoView {
    // Open by default where the canvas has room for it.
    let open = RwSignal::new(window().inner_height().ok().and_then(|h| h.as_f64()).is_some_and(|h| h >= 820.0));
    view! {
        <div class="legend" class:collapsed=move || !open.get()>
            <button class="legend-toggle" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                "Legend"
            </button>
            <div class="legend-body" hidden=move || !open.get()>
                <ul>
                    <li><svg viewBox="0 0 28 8" class="swatch g-verified"><path d="M1 4h26"/></svg>"encrypted, verified"</li>
                    <li><svg viewBox="0 0 28 8" class="swatch g-unverified"><path d="M1 4h26"/></svg>"encrypted, not verified"</li>
                    <li><svg viewBox="0 0 28 8" class="swatch g-downgradable"><path d="M1 4h26"/></svg>"downgradable"</li>
                    <li><svg viewBox="0 0 28 8" class="swatch g-plaintext"><path d="M1 4h26"/></svg>"plaintext"</li>
                    <li><svg viewBox="0 0 28 8" class="swatch loopback"><path d="M1 4h26"/></svg>"loopback in a task"</li>
                    <li><svg viewBox="0 0 28 8" class="swatch rel"><path d="M1 4h26"/></svg>"relation"</li>
                    <li class="badges">
                        <span class="pill rest-cmk">"CMK"</span>
                        <span class="pill rest-aws">"AWS"</span>
                        <span class="pill rest-none">"none"</span>
                        "at rest"
                    </li>
                </ul>
            </div>
        </div>
    }
}

/// Messages: refused actions and confirmations, read out by screen readers.
#[component]
fn Toasts() -> impl IntoView {
    let ed = use_editor();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            {move || {
                ed.toasts
                    .get()
                    .into_iter()
                    .map(|t| {
                        let id = t.id;
                        view! {
                            <div class="toast" class:error=t.error>
                                <span>{t.text}</span>
                                <button
                                    class="link"
                                    aria-label="Dismiss"
                                    on:click=move |_| ed.toasts.update(|ts| ts.retain(|x| x.id != id))
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}
