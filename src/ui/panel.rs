//! The right-hand panel: inspector, findings, paths, cost and security as tabs.

use crate::panels::{live_props, Kind, Lazy};
use crate::state::{use_editor, Editor, Panel, Selection};
use crate::ui::findings::FindingsPanel;
use crate::ui::inspector::Inspector;
use crate::ui::paths::PathsPanel;
use crate::views::{CostView, SecurityView};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The side panel.
#[component]
pub fn SidePanel() -> impl IntoView {
    let ed = use_editor();
    let tab = move |p: Panel, label: &'static str, key: &'static str| {
        let count = move || match p {
            Panel::Findings => {
                let n = ed.verdicts.with(|v| v.findings.len());
                (n > 0).then(|| view! { <span class="tab-count">{n}</span> })
            }
            _ => None,
        };
        view! {
            <button
                role="tab"
                id=format!("tab-{key}")
                // The cost and security tabs are drawn by the panels module.
                data-prefetch=matches!(p, Panel::Cost | Panel::Security).then_some("")
                aria-selected=move || (ed.panel.get() == p).to_string()
                aria-controls="panel-body"
                title=format!("{label} ({})", key.to_ascii_uppercase())
                on:click=move |_| ed.panel.set(p)
            >
                {label}
                {count}
            </button>
        }
    };
    view! {
        <aside class="side" aria-label="Details">
            <div class="tabs" role="tablist">
                {tab(Panel::Inspect, "Inspector", "i")}
                {tab(Panel::Findings, "Findings", "e")}
                {tab(Panel::Paths, "Paths", "p")}
                {tab(Panel::Cost, "Cost", "$")}
                {tab(Panel::Security, "Security", "s")}
            </div>
            <div class="panel-body" id="panel-body" role="tabpanel">
                {move || match ed.panel.get() {
                    Panel::Inspect => view! { <Inspector/> }.into_any(),
                    Panel::Findings => view! { <FindingsPanel/> }.into_any(),
                    Panel::Paths => view! { <PathsPanel/> }.into_any(),
                    Panel::Cost => cost_tab(ed),
                    Panel::Security => security_tab(ed),
                }}
            </div>
        </aside>
    }
}

/// A side tab the panels module draws from `state` (sent again on every change); its actions
/// run here, on the editor.
fn live_tab(ed: Editor, kind: Kind, state: Signal<String>, act: fn(Editor, &str, String)) -> AnyView {
    let props = Box::new(move || {
        let on_action =
            Closure::<dyn Fn(String, String)>::new(move |name: String, value: String| act(ed, &name, value))
                .into_js_value();
        live_props(&state.get_untracked(), on_action.unchecked_ref())
    });
    view! { <Lazy kind=kind props=props state=state/> }.into_any()
}

/// The cost tab, from the editor's [`CostView`].
fn cost_tab(ed: Editor) -> AnyView {
    live_tab(ed, Kind::Cost, Signal::derive(move || CostView::of(ed).to_json()), cost_action)
}

/// The security tab, from the verdict's summary, the overlay legend and switch.
fn security_tab(ed: Editor) -> AnyView {
    let state = Signal::derive(move || {
        let summary = ed.verdicts.with(|v| v.summary.clone());
        SecurityView {
            summary: Some(summary),
            legend: crate::ui::security::legend(ed),
            overlay: ed.views.overlay.get(),
        }
        .to_json()
    });
    live_tab(ed, Kind::Security, state, |ed, name, value| match name {
        "overlay" => ed.views.overlay.set(value == "true"),
        "findings" => ed.panel.set(Panel::Findings),
        _ => {}
    })
}

/// Runs an action of the cost panel.
fn cost_action(ed: Editor, name: &str, value: String) {
    let v = ed.views;
    // Only real changes: a signal set to the same text would price the design again.
    let set = |signal: RwSignal<String>, value: String| {
        if signal.with_untracked(|s| *s != value) {
            signal.set(value);
        }
    };
    match name {
        "region" if ed.doc.with_untracked(|d| d.settings.region != value) => {
            ed.edit(&format!("Region {value}"), |d| {
                d.settings.region = value;
                Ok(())
            });
        }
        "hours" => set(v.hours, value),
        "spot" => set(v.spot, value),
        "badges" => v.badges.set(value == "true"),
        "select" => {
            ed.sel.set(Selection::node(&value));
            ed.focus_request.set(Some(value));
        }
        _ => {}
    }
}
