//! The security overview: the score, coverage in transit, at rest and with customer managed
//! keys, findings by severity, and the switch of the canvas overlay that colours every
//! component and flow by its worst finding, with its legend (also drawn on the canvas while
//! the overlay is on). The markup comes from [`crate::views::security_html`]: plain text
//! is far smaller in the bundle than a tree of reactive views, and it re-renders as one
//! block when the verdicts change, as the figures change together.
//!
//! The tab is drawn by the panels module ([`crate::panels`]) from the planner's
//! [`SecurityView`]; its actions (`overlay`, `findings`) run in the planner. The canvas legend
//! stays in the planner.

use crate::state::{use_editor, Editor};
use crate::ui::switch::switch_line;
use crate::views::{legend_html, security_html, SecurityView, Tally};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The legend's markup: components and flows counted by their worst finding.
#[must_use]
pub fn legend(ed: Editor) -> String {
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
pub fn SecurityPanel(
    /// What to show (the planner updates it).
    view: RwSignal<SecurityView>,
    /// Runs an action in the planner: `(name, value)`.
    on_action: Callback<(String, String)>,
) -> impl IntoView {
    let go = move |e: leptos::ev::MouseEvent| {
        let el = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        if el.and_then(|el| el.closest("[data-go]").ok().flatten()).is_some() {
            on_action.run(("findings".into(), String::new()));
        }
    };
    view! {
        <div class="security">
            <div inner_html=move || view.with(|v| v.summary.as_ref().map(security_html).unwrap_or_default()) on:click=go></div>
            <h3>"Canvas overlay"</h3>
            {switch_line(
                "sec-overlay",
                "Colour components and flows by their worst finding (O)",
                move || view.with(|v| v.overlay),
                move |on| on_action.run(("overlay".into(), on.to_string())),
            )}
            <div class="ov-legend" inner_html=move || view.with(|v| v.legend.clone())></div>
        </div>
    }
}
