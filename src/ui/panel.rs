//! The right-hand panel: inspector, findings, paths, cost and security as tabs.

use crate::state::{use_editor, Panel};
use crate::ui::cost::CostPanel;
use crate::ui::findings::FindingsPanel;
use crate::ui::inspector::Inspector;
use crate::ui::paths::PathsPanel;
use crate::ui::security::SecurityPanel;
use leptos::prelude::*;

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
                    Panel::Cost => view! { <CostPanel/> }.into_any(),
                    Panel::Security => view! { <SecurityPanel/> }.into_any(),
                }}
            </div>
        </aside>
    }
}
