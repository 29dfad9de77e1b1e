//! The security overview: the score, coverage in transit, at rest and with customer managed
//! keys, findings by severity, and the switch of the canvas overlay that colours every
//! component and flow by its worst finding, with its legend (also drawn on the canvas while
//! the overlay is on). The markup comes from [`crate::views::security_html`]: plain text
//! is far smaller in the bundle than a tree of reactive views, and it re-renders as one
//! block when the verdicts change, as the figures change together.

use crate::state::{use_editor, Editor, Panel};
use crate::views::{legend_html, security_html, Tally};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The legend's markup: components and flows counted by their worst finding.
fn legend(ed: Editor) -> String {
    ed.verdicts.with(|v| {
        ed.index.with(|ix| {
            legend_html(
                Tally::of(&v.marks, ix.nodes.keys().map(String::as_str)),
                Tally::of(&v.marks, ix.flow_ids.iter().map(String::as_str)),
            )
        })
    })
}

/// The legend on the canvas while the overlay is on.
#[component]
pub fn CanvasOverlayLegend() -> impl IntoView {
    let ed = use_editor();
    move || {
        ed.views.overlay.get().then(|| view! { <div class="ov-legend floating" inner_html=move || legend(ed)></div> })
    }
}

/// The security tab.
#[component]
pub fn SecurityPanel() -> impl IntoView {
    let ed = use_editor();
    let v = ed.views;
    let go = move |e: leptos::ev::MouseEvent| {
        let el = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        if el.and_then(|el| el.closest("[data-go]").ok().flatten()).is_some() {
            ed.panel.set(Panel::Findings);
        }
    };
    view! {
        <div class="security">
            <div inner_html=move || ed.verdicts.with(|x| security_html(&x.summary)) on:click=go></div>
            <h3>"Canvas overlay"</h3>
            <label class="switch-line">
                <span class="switch">
                    <input type="checkbox" id="sec-overlay" prop:checked=move || v.overlay.get() on:change=move |e| v.overlay.set(event_target_checked(&e))/>
                    <span class="slider"></span>
                </span>
                "Colour components and flows by their worst finding (O)"
            </label>
            <div class="ov-legend" inner_html=move || legend(ed)></div>
        </div>
    }
}
