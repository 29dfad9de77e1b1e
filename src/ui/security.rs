//! The security overview: the score, coverage in transit, at rest and with customer managed
//! keys, findings by severity, and the canvas overlay that colours every component and flow
//! by its worst finding (with its legend, also drawn on the canvas while the overlay is on).

use crate::geometry::fixed;
use crate::state::{use_editor, Editor, Panel};
use crate::views::Tally;
use leptos::prelude::*;

/// Components and flows counted by their worst finding.
fn tallies(ed: Editor) -> Memo<(Tally, Tally)> {
    Memo::new(move |_| {
        ed.verdicts.with(|v| {
            ed.index.with(|ix| {
                (
                    Tally::of(&v.marks, ix.nodes.keys().map(String::as_str)),
                    Tally::of(&v.marks, ix.flow_ids.iter().map(String::as_str)),
                )
            })
        })
    })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The overlay's legend: colour, meaning, and how many components and flows have it.
#[component]
pub fn OverlayLegend(
    /// Shown on the canvas (compact) rather than in the panel.
    #[prop(optional)]
    floating: bool,
) -> impl IntoView {
    let ed = use_editor();
    let t = tallies(ed);
    let row = move |class: &'static str, word: &'static str, pick: fn(&Tally) -> usize| {
        let text = move || {
            t.with(|(n, f)| {
                format!("{}, {}", plural(pick(n), "component", "components"), plural(pick(f), "flow", "flows"))
            })
        };
        view! {
            <li class=format!("ov-row {class}")>
                <span class="ov-swatch" aria-hidden="true"></span>
                <span class="ov-word">{word}</span>
                <span class="muted ov-n">{text}</span>
            </li>
        }
    };
    view! {
        <div class="ov-legend" class:floating=floating role="group" aria-label="Security overlay legend">
            <strong class="ov-title">"Worst finding"</strong>
            <ul>
                {row("w-error", "error", |t| t.error)}
                {row("w-warning", "warning", |t| t.warning)}
                {row("w-info", "info", |t| t.info)}
                {row("w-ok", "none", |t| t.ok)}
            </ul>
        </div>
    }
}

/// The legend on the canvas while the overlay is on.
#[component]
pub fn CanvasOverlayLegend() -> impl IntoView {
    let ed = use_editor();
    move || ed.views.overlay.get().then(|| view! { <OverlayLegend floating=true/> })
}

/// A coverage figure with its bar.
fn meter(label: &'static str, testid: &'static str, pct: f64, detail: String) -> impl IntoView {
    let class = match pct {
        p if p >= 99.95 => "good",
        p if p >= 60.0 => "fair",
        _ => "poor",
    };
    let detail_attr = detail.clone();
    view! {
        <div class=format!("meter {class}") title=detail_attr>
            <div class="meter-head">
                <span>{label}</span>
                <strong data-testid=testid>{format!("{}%", fixed(pct.floor(), 0))}</strong>
            </div>
            <div class="meter-track" role="meter" aria-label=label aria-valuemin="0" aria-valuemax="100" aria-valuenow=fixed(pct, 1)>
                <div class="meter-bar" style=format!("width: {}%", fixed(pct.clamp(0.0, 100.0), 1))></div>
            </div>
            <div class="muted meter-detail">{detail}</div>
        </div>
    }
}

/// The security tab.
#[component]
pub fn SecurityPanel() -> impl IntoView {
    let ed = use_editor();
    let summary = Memo::new(move |_| ed.verdicts.with(|v| v.summary.clone()));
    let figures = move || {
        summary.with(|s| {
            let c = 2.0 * std::f64::consts::PI * 26.0;
            let dash = format!("{} {}", fixed(c * f64::from(s.score) / 100.0, 2), fixed(c, 2));
            let class = match s.score {
                90..=100 => "good",
                60..=89 => "fair",
                _ => "poor",
            };
            let go = move |_| ed.panel.set(Panel::Findings);
            view! {
                <div class=format!("sec-score score {class}")>
                    <svg viewBox="0 0 60 60" aria-hidden="true">
                        <circle class="track" cx="30" cy="30" r="26"></circle>
                        <circle class="bar" cx="30" cy="30" r="26" stroke-dasharray=dash transform="rotate(-90 30 30)"></circle>
                    </svg>
                    <div>
                        <div class="sec-score-value"><strong data-testid="sec-score">{s.score}</strong><span class="muted">" / 100"</span></div>
                        <p class="help">"Coverage in transit (50), at rest (30) and with customer keys (20), lowered by errors and warnings."</p>
                    </div>
                </div>
                <h3>"Coverage"</h3>
                {meter("In transit", "sec-transit", s.transit_pct, format!("{} of {} network flows encrypted ({} inside tasks not counted)", s.flows_encrypted, s.flows, plural(s.loopback_flows, "loopback flow", "loopback flows")))}
                {meter("At rest", "sec-rest", s.rest_pct, format!("{} of {} stores encrypted at rest", s.stores_encrypted, s.stores))}
                {meter("With customer managed keys", "sec-cmk", s.cmk_pct, format!("{} of {} stores on a customer managed KMS key", s.stores_cmk, s.stores))}
                <h3>"Findings by severity"</h3>
                <div class="sev-boxes">
                    <button class="sev-box sev-error" title="Show the findings (E)" on:click=go>
                        <strong data-testid="sec-errors">{s.errors}</strong><span>{if s.errors == 1 { "error" } else { "errors" }}</span>
                    </button>
                    <button class="sev-box sev-warning" title="Show the findings (E)" on:click=go>
                        <strong data-testid="sec-warnings">{s.warnings}</strong><span>{if s.warnings == 1 { "warning" } else { "warnings" }}</span>
                    </button>
                    <button class="sev-box sev-info" title="Show the findings (E)" on:click=go>
                        <strong data-testid="sec-infos">{s.infos}</strong><span>{if s.infos == 1 { "info" } else { "infos" }}</span>
                    </button>
                </div>
            }
        })
    };
    let v = ed.views;
    view! {
        <div class="security">
            {figures}
            <h3>"Canvas overlay"</h3>
            <label class="switch-line">
                <span class="switch">
                    <input type="checkbox" id="sec-overlay" prop:checked=move || v.overlay.get() on:change=move |e| v.overlay.set(event_target_checked(&e))/>
                    <span class="slider"></span>
                </span>
                "Colour components and flows by their worst finding (O)"
            </label>
            <OverlayLegend/>
        </div>
    }
}
