//! The cost panel: the monthly total, bar charts per service group and per component, the
//! region and the usage assumptions (editable), the price of encryption, the items without a
//! price and where the prices come from. The figures come from the web worker
//! ([`crate::views`]); this component only lays them out.

use crate::geometry::fixed;
use crate::state::{use_editor, Editor, Selection};
use crate::views::{bar_len, ellipsize, sentence, Assumptions};
use cipherplan::cost::fmt_usd;
use cipherplan::cost::overview::CostOverview;
use leptos::prelude::*;
use std::sync::Arc;

/// Width of the charts (the panel's inner width).
const CHART_W: f64 = 310.0;
/// Column of the labels.
const LABEL_W: f64 = 128.0;
/// Column of the amounts, at the right.
const VALUE_W: f64 = 62.0;
/// Height of one bar row.
const ROW_H: f64 = 22.0;

/// One bar of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Node id or group key; clicking a bar with `pick` set selects the node.
    pub key: String,
    /// Label at the left.
    pub label: String,
    /// US dollars a month.
    pub value: f64,
    /// CSS class (colour) of the bar.
    pub class: String,
    /// Something about the bar left unpriced (marked with an asterisk).
    pub unpriced: bool,
}

/// A horizontal bar chart, sorted by the caller, with labels and amounts; every row has an
/// accessible name.
#[component]
pub fn BarChart(
    /// Accessible name of the whole chart.
    name: &'static str,
    /// The bars, in display order.
    bars: Vec<Bar>,
    /// Select the node of a clicked bar (the component chart).
    #[prop(optional)]
    pick: Option<Editor>,
) -> impl IntoView {
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let track = CHART_W - LABEL_W - VALUE_W - 8.0;
    let height = ROW_H * bars.len() as f64;
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let y = ROW_H * i as f64;
            let amount = format!("{}{}", fmt_usd(b.value), if b.unpriced { "*" } else { "" });
            let spoken = format!(
                "{}: {} a month{}",
                b.label,
                fmt_usd(b.value),
                if b.unpriced { ", plus items without a price" } else { "" }
            );
            let spoken_attr = spoken.clone();
            let len = bar_len(b.value, max, track);
            let key = b.key.clone();
            let select = move || {
                if let Some(ed) = pick {
                    ed.sel.set(Selection::node(&key));
                    ed.focus_request.set(Some(key.clone()));
                }
            };
            let select2 = select.clone();
            view! {
                <g
                    class=format!("bar-row {}", b.class)
                    class:pickable=pick.is_some()
                    transform=format!("translate(0 {})", fixed(y, 1))
                    role="listitem"
                    aria-label=spoken_attr
                    tabindex=if pick.is_some() { "0" } else { "-1" }
                    data-key=b.key.clone()
                    on:click=move |_| select()
                    on:keydown=move |e: leptos::ev::KeyboardEvent| {
                        if e.key() == "Enter" || e.key() == " " {
                            e.prevent_default();
                            select2();
                        }
                    }
                >
                    <title>{spoken}</title>
                    <rect class="bar-hit" width=CHART_W height=ROW_H></rect>
                    <text class="bar-label" x="0" y="15">{ellipsize(&b.label, LABEL_W - 8.0, 13.0)}</text>
                    <rect class="bar-track" x=LABEL_W y="5" width=track height="12" rx="3"></rect>
                    <rect class="bar" x=LABEL_W y="5" width=fixed(len, 1) height="12" rx="3"></rect>
                    <text class="bar-value" x=CHART_W y="15" text-anchor="end">{amount}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="bar-chart" role="list" aria-label=name width=CHART_W height=height viewBox=format!("0 0 {CHART_W} {height}")>
            {rows}
        </svg>
    }
}

/// The cost panel.
#[component]
pub fn CostPanel() -> impl IntoView {
    let ed = use_editor();
    let v = ed.views;
    let assumptions = Memo::new(move |_| Assumptions::parse(&v.hours.get(), &v.spot.get()));
    let region = Memo::new(move |_| ed.doc.with(|d| d.settings.region.clone()));
    let data = Memo::new(move |_| v.cost.with(|c| c.data.clone()));
    let status = Memo::new(move |_| v.cost.with(|c| (c.pending, c.problem.clone(), c.failure.clone())));
    let regions = Memo::new(move |_| v.cost.with(|c| c.regions.clone()));
    let region_problem =
        move || status.with(|s| s.1.as_ref().filter(|p| p.field == "region").map(|p| p.message.clone()));
    let on_region = move |e: leptos::ev::Event| {
        let next = event_target_value(&e);
        if next != region.get_untracked() {
            ed.edit(&format!("Region {next}"), |d| {
                d.settings.region = next;
                Ok(())
            });
        }
    };
    let region_options = move || {
        let current = region.get();
        let mut list: Vec<(String, String)> =
            regions.get().into_iter().map(|r| (r.code.clone(), format!("{} — {}", r.code, r.name))).collect();
        if !list.iter().any(|(c, _)| *c == current) {
            list.push((current.clone(), format!("{current} — no prices")));
        }
        list.into_iter()
            .map(|(code, text)| {
                let selected = code == current;
                view! { <option value=code selected=selected>{text}</option> }
            })
            .collect_view()
    };
    let hours_error = move || assumptions.with(|a| a.hours.clone().err());
    let spot_error = move || assumptions.with(|a| a.spot.clone().err());
    let headline = move || {
        let d = data.get();
        let (pending, problem, failure) = status.get();
        let stale = problem.is_some() || failure.is_some() || hours_error().is_some() || spot_error().is_some();
        let state = if pending {
            "Updating…"
        } else if stale && d.is_some() {
            "Last estimate"
        } else {
            ""
        };
        view! {
            <div class="cost-head" class:stale=stale aria-live="polite">
                <span class="cost-total" data-testid="cost-total">
                    {d.as_ref().map_or_else(|| if pending { "…".to_owned() } else { "—".to_owned() }, |d| fmt_usd(d.total))}
                </span>
                <span class="muted">" a month"</span>
                <span class="cost-state" data-testid="cost-state">{state}</span>
            </div>
            {d.map(|d| view! {
                <p class="muted cost-where">
                    {format!("{} ({}), {} h a month, Fargate Spot {}% off", d.region, d.region_name, cipherplan::cost::fmt_num(d.hours_per_month), cipherplan::cost::fmt_num(d.spot_discount * 100.0))}
                </p>
            })}
            {failure.map(|f| view! { <p class="field-error" role="alert">{format!("The estimate failed: {f}")}</p> })}
        }
    };
    view! {
        <div class="cost">
            {headline}
            <div class="prop">
                <label class="prop-name" for="cost-region">"region"</label>
                <select id="cost-region" on:change=on_region aria-invalid=move || region_problem().is_some().to_string()>
                    {region_options}
                </select>
                {move || region_problem().map(|p| view! { <p class="help field-error" role="alert">{sentence(&p)}</p> })}
                <p class="help">"The design's region (undo restores it). Prices exist only for the regions listed."</p>
            </div>
            <details class="cost-assumptions" open>
                <summary>"Usage assumptions"</summary>
                <AssumptionField id="cost-hours" label="hours per month" help="Hours always-on resources run (730 = a whole month)." text=v.hours error=Signal::derive(hours_error)/>
                <AssumptionField id="cost-spot" label="Fargate Spot discount" help="Fraction off on-demand for FARGATE_SPOT services (0.7 = 70% off); Spot has no list price." text=v.spot error=Signal::derive(spot_error)/>
            </details>
            <label class="switch-line">
                <span class="switch">
                    <input type="checkbox" id="cost-badges" prop:checked=move || v.badges.get() on:change=move |e| v.badges.set(event_target_checked(&e))/>
                    <span class="slider"></span>
                </span>
                "Cost badges on the canvas (B)"
            </label>
            {move || data.get().map(|d| figures(ed, &d))}
        </div>
    }
}

/// A number field of the usage assumptions with its inline error.
#[component]
fn AssumptionField(
    /// Element id.
    id: &'static str,
    /// Label.
    label: &'static str,
    /// Help shown while the value is valid.
    help: &'static str,
    /// The text as typed.
    text: RwSignal<String>,
    /// The core's message when the value is refused.
    error: Signal<Option<String>>,
) -> impl IntoView {
    let msg = format!("{id}-msg");
    view! {
        <div class="prop">
            <label class="prop-name" for=id>{label}</label>
            <input
                id=id
                type="text"
                inputmode="decimal"
                prop:value=move || text.get()
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=msg.clone()
                on:input=move |e| text.set(event_target_value(&e))
            />
            <p id=msg class="help" class:field-error=move || error.with(Option::is_some)>
                {move || error.get().map_or_else(|| help.to_owned(), |e| format!("{} The estimate keeps the last valid value.", sentence(&e)))}
            </p>
        </div>
    }
}

/// The charts and lists of one estimate.
fn figures(ed: Editor, d: &Arc<CostOverview>) -> impl IntoView {
    let groups: Vec<Bar> = d
        .groups
        .iter()
        .map(|g| Bar {
            key: g.group.as_str().to_owned(),
            label: g.title.clone(),
            value: g.monthly,
            class: format!("grp-{}", g.group.as_str()),
            unpriced: g.unpriced > 0,
        })
        .collect();
    let components: Vec<Bar> = d
        .components
        .iter()
        .map(|c| Bar {
            key: c.id.clone(),
            label: c.label.clone(),
            value: c.monthly,
            class: format!("grp-{}", c.group.as_str()),
            unpriced: c.unpriced > 0,
        })
        .collect();
    let enc = d.encryption.clone();
    let pct = fixed(enc.pct, 1);
    let items = enc
        .items
        .iter()
        .map(|i| {
            let features = i.features.join("; ");
            let amount = if i.monthly > 0.0 { fmt_usd(i.monthly) } else { "free".to_owned() };
            view! {
                <li class:free=i.monthly <= 0.0>
                    <div class="enc-item"><strong>{i.label.clone()}</strong><span class="enc-amount">{amount}</span></div>
                    <div class="muted">{features}</div>
                </li>
            }
        })
        .collect_view();
    let unpriced = (!d.unpriced.is_empty()).then(|| {
        let list = d
            .unpriced
            .iter()
            .map(|u| {
                view! {
                    <li><strong>{format!("{} — {}", u.label, u.item)}</strong><div class="muted">{format!("{}; not in the total", u.why)}</div></li>
                }
            })
            .collect_view();
        view! {
            <h3>{format!("Not priced ({})", d.unpriced.len())}</h3>
            <ul class="cost-list unpriced" data-testid="unpriced">{list}</ul>
        }
    });
    let sources = d
        .sources
        .iter()
        .map(|s| {
            let est = s.estimate.then_some(" · estimate");
            view! {
                <li>
                    <span>{s.source.clone()}</span>
                    <span class="muted">{format!(", {}{} · {} price{}", s.date, est.unwrap_or(""), s.lines, if s.lines == 1 { "" } else { "s" })}</span>
                </li>
            }
        })
        .collect_view();
    let assumptions = d.assumptions.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view();
    let footnote = d
        .components
        .iter()
        .any(|c| c.unpriced > 0)
        .then(|| view! { <p class="help">"* has items without a price, not in its amount."</p> });
    view! {
        <h3>"By service group"</h3>
        <BarChart name="Monthly cost by service group" bars=groups/>
        <h3>"By component"</h3>
        <BarChart name="Monthly cost by component (select to show on the canvas)" bars=components pick=ed/>
        {footnote}
        <h3>"Price of encryption"</h3>
        <p class="enc-line" data-testid="encryption">
            <strong>{fmt_usd(enc.monthly)}</strong>
            {format!(" a month ({pct}% of the total): {} with encryption, {} with every encryption feature off.", fmt_usd(d.total), fmt_usd(enc.without))}
        </p>
        <ul class="cost-list enc">{items}</ul>
        {unpriced}
        <h3>"Price sources"</h3>
        <ul class="cost-list sources">{sources}</ul>
        <details class="cost-notes">
            <summary>"What the estimate assumes"</summary>
            <ul>{assumptions}</ul>
            <ul>{enc.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
        </details>
    }
}
