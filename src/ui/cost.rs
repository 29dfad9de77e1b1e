//! The cost panel: the monthly total, the region and the usage assumptions (editable), the
//! cost badges switch, and the figures the web worker drew: bar charts per service group and
//! per component, the price of encryption with its items, the items without a price and the
//! price sources (see [`crate::views`]). Clicking a component's bar selects it on the canvas.
//!
//! The panels module draws it ([`crate::panels`]): the planner sends a [`CostView`] whenever
//! the figures, the region or the switches change, and runs the actions the panel asks for
//! (`region`, `hours`, `spot`, `badges`, `select`) on its own state.

use crate::ui::switch::switch_line;
use crate::views::{sentence, Assumptions, CostView};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

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
    /// Why the value is refused (not a number, or the core's range message).
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
                {move || {
                    error
                        .get()
                        .map_or_else(|| help.to_owned(), |e| format!("{} The estimate keeps the last valid value.", sentence(&e)))
                }}
            </p>
        </div>
    }
}

/// The node id of the chart row an event happened in.
fn picked(e: &web_sys::Event) -> Option<String> {
    let el = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    el.closest("[data-node-id]").ok().flatten()?.get_attribute("data-node-id")
}

/// The cost panel.
#[component]
pub fn CostPanel(
    /// What to show (the planner updates it).
    view: RwSignal<CostView>,
    /// Runs an action in the planner: `(name, value)`.
    on_action: Callback<(String, String)>,
) -> impl IntoView {
    let act = move |name: &str, value: String| on_action.run((name.to_owned(), value));
    // The fields keep what the user types here; the planner's copy only seeds them, so a
    // round trip through the planner never moves the caret.
    let hours = RwSignal::new(view.with_untracked(|v| v.hours.clone()));
    let spot = RwSignal::new(view.with_untracked(|v| v.spot.clone()));
    crate::fx::effect(move || act("hours", hours.get()));
    crate::fx::effect(move || act("spot", spot.get()));
    // Plain derived closures, no memos: each is read in one place, and every memo type costs
    // the bundle its own copy of the reactive graph's code.
    let typed = move || Assumptions::parse(&hours.get(), &spot.get());
    let region = move || view.with(|v| v.region.clone());
    let data = move || view.with(|v| v.cost.data.clone());
    // A field's error: not a number (here), else the worker's range message for it.
    let problem_of = move |field: &'static str| {
        view.with(|v| v.cost.problem.as_ref().filter(|p| p.field == field).map(|p| p.message.clone()))
    };
    let hours_error = move || typed().hours.err().or_else(|| problem_of("hours_per_month"));
    let spot_error = move || typed().spot.err().or_else(|| problem_of("spot_discount"));
    let on_region = move |e: leptos::ev::Event| act("region", event_target_value(&e));
    let region_options = move || {
        let current = region();
        let mut list: Vec<(String, String)> = view
            .with(|v| v.cost.regions.clone())
            .into_iter()
            .map(|(code, name)| (code.clone(), format!("{code} — {name}")))
            .collect();
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
    let headline = move || {
        let d = data();
        let (pending, problem, failure) =
            view.with(|v| (v.cost.pending, v.cost.problem.is_some(), v.cost.failure.clone()));
        let t = typed();
        let stale = problem || failure.is_some() || t.hours.is_err() || t.spot.is_err();
        let state = if pending {
            "Updating…"
        } else if stale && d.is_some() {
            "Last estimate"
        } else {
            ""
        };
        let total =
            d.as_ref().map_or_else(|| if pending { "…".to_owned() } else { "—".to_owned() }, |d| d.total.clone());
        view! {
            <div class="cost-head" class:stale=stale aria-live="polite">
                <span class="cost-total" data-testid="cost-total">{total}</span>
                <span class="muted">" a month"</span>
                <span class="cost-state" data-testid="cost-state">{state}</span>
            </div>
            {d.map(|d| view! { <p class="muted cost-where">{d.line.clone()}</p> })}
            {failure.map(|f| view! { <p class="field-error" role="alert">{format!("The estimate failed: {f}")}</p> })}
        }
    };
    let select = move |e: &web_sys::Event| {
        if let Some(id) = picked(e) {
            act("select", id);
        }
    };
    view! {
        <div class="cost">
            {headline}
            <div class="prop">
                <label class="prop-name" for="cost-region">"region"</label>
                <select id="cost-region" on:change=on_region aria-invalid=move || problem_of("region").is_some().to_string()>
                    {region_options}
                </select>
                {move || problem_of("region").map(|p| view! { <p class="help field-error" role="alert">{sentence(&p)}</p> })}
                <p class="help">"The design's region (undo restores it). Prices exist only for the regions listed."</p>
            </div>
            <details class="cost-assumptions" open>
                <summary>"Usage assumptions"</summary>
                <AssumptionField id="cost-hours" label="hours per month" help="Hours always-on resources run (730 = a whole month)." text=hours error=Signal::derive(hours_error)/>
                <AssumptionField id="cost-spot" label="Fargate Spot discount" help="Fraction off on-demand for FARGATE_SPOT services (0.7 = 70% off); Spot has no list price." text=spot error=Signal::derive(spot_error)/>
            </details>
            {switch_line("cost-badges", "Cost badges on the canvas (B)", move || view.with(|v| v.badges), move |on| act("badges", on.to_string()))}
            // Markup from the core (every text escaped there): charts, lists, sources.
            <div
                class="cost-figures"
                inner_html=move || view.with(|v| v.cost.data.as_ref().map(|d| d.html.clone()).unwrap_or_default())
                on:click=move |e| select(&e)
                on:keydown=move |e: leptos::ev::KeyboardEvent| {
                    if e.key() == "Enter" || e.key() == " " {
                        e.prevent_default();
                        select(&e);
                    }
                }
            ></div>
        </div>
    }
}
