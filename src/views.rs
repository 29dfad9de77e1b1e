//! The cost and security views: their state (the usage assumptions as typed, the last cost
//! figures the worker sent, the canvas overlay switches), the request loop that asks the web
//! worker to price the design, and the pure helpers the panels and overlays draw with.
//!
//! The estimate runs in the worker (`cost` op), never in this bundle: the worker also checks
//! the assumptions (the core's messages), formats the amounts and draws the charts, and the
//! page only reads the fields of its JSON answer (`cipherplan::cost::overview::CostPanelData`)
//! it shows. Requests are debounced, a reply to an older request is dropped, and the previous
//! figures stay on screen while a new estimate is computed or when one is refused.

use crate::state::{Editor, Panel};
use cipherplan::cost::overview::{Badge, CostProblem};
use cipherplan::finding::Severity;
use leptos::prelude::*;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// How long the design and the assumptions must stay still before the worker is asked.
pub const DEBOUNCE_MS: u64 = 250;

/// One estimate as the worker formatted it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// The monthly total (`$176.35`).
    pub total: String,
    /// Region, hours and Spot discount in words.
    pub line: String,
    /// Charts and lists (markup made by the core, every text escaped).
    pub html: String,
}

/// The core's default hours a month, as typed (a test checks it against the core).
pub const DEFAULT_HOURS: &str = "730";
/// The core's default Fargate Spot discount, as typed.
pub const DEFAULT_SPOT: &str = "0.7";

/// What the cost panel shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CostState {
    /// The last figures the worker computed (kept while a new estimate runs or is refused).
    pub data: Option<Arc<Figures>>,
    /// Cost badge per component id, from the same estimate as `data`.
    pub badges: Arc<HashMap<String, Arc<Badge>>>,
    /// Regions with prices (code, name), from the last reply.
    pub regions: Vec<(String, String)>,
    /// The last request was refused (a region without prices), with the input it concerns.
    pub problem: Option<CostProblem>,
    /// The worker failed.
    pub failure: Option<String>,
    /// A request is in flight.
    pub pending: bool,
}

/// The views' signals, part of the [`Editor`] (`Copy`).
#[derive(Clone, Copy)]
pub struct Views {
    /// Hours a month, as typed.
    pub hours: RwSignal<String>,
    /// Fargate Spot discount (fraction), as typed.
    pub spot: RwSignal<String>,
    /// Cost badges on the canvas.
    pub badges: RwSignal<bool>,
    /// The security overlay colours the canvas by worst finding.
    pub overlay: RwSignal<bool>,
    /// Cost figures and request status.
    pub cost: RwSignal<CostState>,
    /// Number of the latest request (replies to older ones are dropped).
    seq: StoredValue<u64>,
}

impl Views {
    /// The defaults: AWS calculator hours, the core's Spot discount, overlays off.
    #[must_use]
    pub fn new() -> Self {
        Views {
            hours: RwSignal::new(DEFAULT_HOURS.to_owned()),
            spot: RwSignal::new(DEFAULT_SPOT.to_owned()),
            badges: RwSignal::new(false),
            overlay: RwSignal::new(false),
            cost: RwSignal::new(CostState::default()),
            seq: StoredValue::new(0),
        }
    }
}

impl Default for Views {
    fn default() -> Self {
        Self::new()
    }
}

/// Reads a number typed into an assumption field. Its range is the worker's to check (with
/// the core's message, shown beside the field).
///
/// # Errors
/// Empty, or not a number.
pub fn parse_number(text: &str) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("enter a number".into());
    }
    crate::number::parse_decimal(t).ok_or_else(|| format!("`{t}` is not a number"))
}

/// Both assumptions as typed, or why a field is not a number.
#[derive(Debug, Clone, PartialEq)]
pub struct Assumptions {
    /// Hours a month, or why not.
    pub hours: Result<f64, String>,
    /// Spot discount, or why not.
    pub spot: Result<f64, String>,
}

impl Assumptions {
    /// Parses both fields.
    #[must_use]
    pub fn parse(hours: &str, spot: &str) -> Self {
        Assumptions { hours: parse_number(hours), spot: parse_number(spot) }
    }

    /// The `cost` op's parameters, when both fields are numbers.
    #[must_use]
    pub fn params(&self, region: &str) -> Option<Json> {
        let (h, s) = (self.hours.as_ref().ok()?, self.spot.as_ref().ok()?);
        Some(serde_json::json!({ "region": region, "hours_per_month": h, "spot_discount": s }))
    }
}

/// A message as a sentence: first letter upper case, a full stop at the end.
#[must_use]
pub fn sentence(message: &str) -> String {
    // ASCII only: the core's messages start with a lower-case ASCII word, and Unicode case
    // tables would cost the bundle kilobytes.
    let mut s = message.trim().to_owned();
    if let Some(first) = s.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    if s.is_empty() {
        return s;
    }
    if !s.ends_with(['.', '!', '?', ')']) {
        s.push('.');
    }
    s
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The overlay legend as markup: colour, meaning, and how many components and flows have it.
#[must_use]
pub fn legend_html(nodes: Tally, flows: Tally) -> String {
    let mut out = String::from(
        r#"<strong class="ov-title">Worst finding</strong><ul role="list" aria-label="Security overlay legend">"#,
    );
    for (class, word, n, f) in [
        ("w-error", "error", nodes.error, flows.error),
        ("w-warning", "warning", nodes.warning, flows.warning),
        ("w-info", "info", nodes.info, flows.info),
        ("w-ok", "none", nodes.ok, flows.ok),
    ] {
        out.push_str(&format!(
            r#"<li class="ov-row {class}"><span class="ov-swatch" aria-hidden="true"></span><span class="ov-word">{word}</span><span class="muted ov-n">{}, {}</span></li>"#,
            plural(n, "component", "components"),
            plural(f, "flow", "flows")
        ));
    }
    out.push_str("</ul>");
    out
}

/// Class of a percentage for its meter.
fn meter_class(pct: f64) -> &'static str {
    if pct >= 99.95 {
        "good"
    } else if pct >= 60.0 {
        "fair"
    } else {
        "poor"
    }
}

/// The security overview as markup (numbers and fixed words only, nothing to escape): the
/// score, coverage meters and findings by severity (buttons with `data-go="findings"`).
#[must_use]
pub fn security_html(s: &cipherplan::summary::Summary) -> String {
    use crate::geometry::fixed;
    let c = 2.0 * std::f64::consts::PI * 26.0;
    let class = match s.score {
        90..=100 => "good",
        60..=89 => "fair",
        _ => "poor",
    };
    let mut out = format!(
        r#"<div class="sec-score score {class}"><svg viewBox="0 0 60 60" aria-hidden="true"><circle class="track" cx="30" cy="30" r="26"></circle><circle class="bar" cx="30" cy="30" r="26" stroke-dasharray="{} {}" transform="rotate(-90 30 30)"></circle></svg><div><div class="sec-score-value"><strong data-testid="sec-score">{}</strong><span class="muted"> / 100</span></div><p class="help">Coverage in transit (50), at rest (30) and with customer keys (20), lowered by errors and warnings.</p></div></div><h3>Coverage</h3>"#,
        fixed(c * f64::from(s.score) / 100.0, 2),
        fixed(c, 2),
        s.score
    );
    let loopback = plural(s.loopback_flows, "loopback flow", "loopback flows");
    for (label, id, pct, detail) in [
        (
            "In transit",
            "sec-transit",
            s.transit_pct,
            format!(
                "{} of {} network flows encrypted ({loopback} inside tasks not counted)",
                s.flows_encrypted, s.flows
            ),
        ),
        ("At rest", "sec-rest", s.rest_pct, format!("{} of {} stores encrypted at rest", s.stores_encrypted, s.stores)),
        (
            "With customer managed keys",
            "sec-cmk",
            s.cmk_pct,
            format!("{} of {} stores on a customer managed KMS key", s.stores_cmk, s.stores),
        ),
    ] {
        out.push_str(&format!(
            r#"<div class="meter {}"><div class="meter-head"><span>{label}</span><strong data-testid="{id}">{}%</strong></div><div class="meter-track" role="meter" aria-label="{label}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{}"><div class="meter-bar" style="width: {}%"></div></div><div class="muted meter-detail">{detail}</div></div>"#,
            meter_class(pct),
            fixed(pct.floor(), 0),
            fixed(pct, 1),
            fixed(pct.clamp(0.0, 100.0), 1),
        ));
    }
    out.push_str(r#"<h3>Findings by severity</h3><div class="sev-boxes">"#);
    for (class, id, n, one, many) in [
        ("sev-error", "sec-errors", s.errors, "error", "errors"),
        ("sev-warning", "sec-warnings", s.warnings, "warning", "warnings"),
        ("sev-info", "sec-infos", s.infos, "info", "infos"),
    ] {
        out.push_str(&format!(
            r#"<button class="sev-box {class}" data-go="findings" title="Show the findings (E)"><strong data-testid="{id}">{n}</strong><span>{}</span></button>"#,
            if n == 1 { one } else { many }
        ));
    }
    out.push_str("</div>");
    out
}

/// CSS class of an element's worst finding for the security overlay.
#[must_use]
pub fn worst_class(worst: Option<Severity>) -> &'static str {
    match worst {
        Some(Severity::Error) => "w-error",
        Some(Severity::Warning) => "w-warning",
        Some(Severity::Info) => "w-info",
        None => "w-ok",
    }
}

/// How many elements have each worst finding: errors, warnings, infos, none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Worst is an error.
    pub error: usize,
    /// Worst is a warning.
    pub warning: usize,
    /// Worst is an info.
    pub info: usize,
    /// No finding.
    pub ok: usize,
}

impl Tally {
    /// Counts `ids` by their worst finding in `marks` (the verdicts' worst severity per id).
    pub fn of<'a>(marks: &HashMap<String, (Severity, usize)>, ids: impl IntoIterator<Item = &'a str>) -> Self {
        let mut t = Tally::default();
        for id in ids {
            match marks.get(id).map(|m| m.0) {
                Some(Severity::Error) => t.error += 1,
                Some(Severity::Warning) => t.warning += 1,
                Some(Severity::Info) => t.info += 1,
                None => t.ok += 1,
            }
        }
        t
    }
}

/// What the cost panel shows, as the planner sends it to the panels module (which draws the
/// panel) whenever it changes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CostView {
    /// The design's region.
    pub region: String,
    /// Hours a month, as typed.
    pub hours: String,
    /// Spot discount, as typed.
    pub spot: String,
    /// Whether the cost badges are on.
    pub badges: bool,
    /// The figures and the request's status (without the badges: the canvas draws those).
    pub cost: CostState,
}

impl CostView {
    /// The view of the editor's cost state.
    #[must_use]
    pub fn of(ed: Editor) -> CostView {
        let v = ed.views;
        CostView {
            region: ed.doc.with(|d| d.settings.region.clone()),
            hours: v.hours.get(),
            spot: v.spot.get(),
            badges: v.badges.get(),
            cost: v.cost.with(|c| CostState { badges: Arc::default(), ..c.clone() }),
        }
    }

    /// As JSON, for [`CostView::read`].
    #[must_use]
    pub fn to_json(&self) -> String {
        let c = &self.cost;
        serde_json::json!({
            "region": self.region,
            "hours": self.hours,
            "spot": self.spot,
            "badges": self.badges,
            "regions": c.regions,
            "problem": c.problem.as_ref().map(|p| serde_json::json!({ "field": p.field, "message": p.message })),
            "failure": c.failure,
            "pending": c.pending,
            "figures": c.data.as_ref().map(|f| serde_json::json!({ "total": f.total, "line": f.line, "html": f.html })),
        })
        .to_string()
    }

    /// Reads [`CostView::to_json`]'s text; anything missing reads as empty.
    #[must_use]
    pub fn read(json: &str) -> CostView {
        let v: Json = serde_json::from_str(json).unwrap_or_default();
        let object = |k: &str| v.get(k).filter(|x| x.is_object());
        CostView {
            region: text(&v, "region"),
            hours: text(&v, "hours"),
            spot: text(&v, "spot"),
            badges: v["badges"].as_bool().unwrap_or(false),
            cost: CostState {
                data: object("figures").map(|f| {
                    Arc::new(Figures { total: text(f, "total"), line: text(f, "line"), html: text(f, "html") })
                }),
                badges: Arc::default(),
                regions: v["regions"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|r| {
                        (r[0].as_str().unwrap_or_default().to_owned(), r[1].as_str().unwrap_or_default().to_owned())
                    })
                    .collect(),
                problem: object("problem")
                    .map(|p| CostProblem { field: text(p, "field"), message: text(p, "message") }),
                failure: v["failure"].as_str().map(str::to_owned),
                pending: v["pending"].as_bool().unwrap_or(false),
            },
        }
    }
}

/// What the security tab shows, as the planner sends it to the panels module.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SecurityView {
    /// The verdict's figures.
    pub summary: Option<cipherplan::summary::Summary>,
    /// The overlay legend's markup ([`legend_html`], drawn by the planner, which also shows it
    /// on the canvas).
    pub legend: String,
    /// Whether the overlay is on.
    pub overlay: bool,
}

impl SecurityView {
    /// As JSON, for [`SecurityView::read`].
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::json!({ "summary": self.summary, "legend": self.legend, "overlay": self.overlay }).to_string()
    }

    /// Reads [`SecurityView::to_json`]'s text; anything missing reads as empty.
    #[must_use]
    pub fn read(json: &str) -> SecurityView {
        let v: Json = serde_json::from_str(json).unwrap_or_default();
        SecurityView {
            summary: serde_json::from_value(v["summary"].clone()).ok(),
            legend: text(&v, "legend"),
            overlay: v["overlay"].as_bool().unwrap_or(false),
        }
    }
}

fn text(v: &Json, key: &str) -> String {
    v.get(key).and_then(Json::as_str).unwrap_or_default().to_owned()
}

/// Turns a reply of the `cost` op into the panel's state, keeping the last good figures when
/// the reply is a refusal or a failure.
#[must_use]
pub fn next_state(prev: &CostState, reply: Result<String, String>) -> CostState {
    let mut s = CostState { pending: false, problem: None, failure: None, ..prev.clone() };
    let parsed = reply.and_then(|t| serde_json::from_str::<Json>(&t).map_err(|e| format!("unreadable answer ({e})")));
    let v = match parsed {
        Ok(v) if v.get("regions").is_some_and(Json::is_array) => v,
        Ok(_) => {
            s.failure = Some("unreadable answer (no regions)".into());
            return s;
        }
        Err(why) => {
            s.failure = Some(why);
            return s;
        }
    };
    s.regions = v["regions"].as_array().into_iter().flatten().map(|r| (text(r, "code"), text(r, "name"))).collect();
    if let Some(p) = v.get("problem").filter(|p| !p.is_null()) {
        s.problem = Some(CostProblem { field: text(p, "field"), message: text(p, "message") });
    }
    if let Some(f) = v.get("figures").filter(|f| !f.is_null()) {
        s.data = Some(Arc::new(Figures { total: text(f, "total"), line: text(f, "line"), html: text(f, "html") }));
        let badges = f.get("badges").and_then(Json::as_object).into_iter().flatten();
        s.badges = Arc::new(
            badges
                .map(|(id, b)| (id.clone(), Arc::new(Badge { text: text(b, "text"), title: text(b, "title") })))
                .collect(),
        );
    }
    s
}

/// Restores the usage assumptions saved in this browser (and saves them as they change), and
/// starts the request loop: while the cost panel is open or the badges are on, every change
/// of the design or of a valid assumption asks the worker again after [`DEBOUNCE_MS`].
pub fn install(ed: Editor) {
    let v = ed.views;
    // The assumptions as the user last typed them in this browser (not part of the design:
    // like the CLI's --hours-per-month and --spot-discount, they are the reader's).
    if let Some((hours, spot)) = crate::persist::restore_assumptions() {
        v.hours.set(hours);
        v.spot.set(spot);
    }
    crate::fx::effect(move || v.hours.with(|h| v.spot.with(|s| crate::persist::save_assumptions(h, s))));
    crate::fx::effect(move || {
        let active = ed.panel.get() == Panel::Cost || v.badges.get();
        ed.doc.track();
        let typed = Assumptions::parse(&v.hours.get(), &v.spot.get());
        let params = ed.doc.with(|d| typed.params(&d.settings.region));
        let (true, Some(params)) = (active, params) else { return };
        let seq = v.seq.try_update_value(|n| {
            *n += 1;
            *n
        });
        let Some(seq) = seq else { return };
        untrack(|| v.cost.update(|c| c.pending = true));
        set_timeout(
            move || {
                if v.seq.try_get_value() != Some(seq) {
                    return; // a newer change is waiting its turn
                }
                let design = ed.doc.get_untracked();
                leptos::task::spawn_local(async move {
                    let reply = match crate::outputs::call("cost", &design, params).await {
                        Ok(cipherplan::outputs::Reply::Text(t)) => Ok(t),
                        Ok(cipherplan::outputs::Reply::Bytes(_)) => Err("the cost op answered with bytes".to_owned()),
                        Err(e) => Err(e),
                    };
                    if v.seq.try_get_value() == Some(seq) {
                        v.cost.try_update(|c| *c = next_state(c, reply));
                    }
                });
            },
            Duration::from_millis(DEBOUNCE_MS),
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use cipherplan::cost::overview::panel_data;
    use cipherplan::cost::CostAssumptions;
    use cipherplan::templates::reference;

    #[test]
    fn the_security_view_reaches_the_panels_module_whole() {
        let summary = crate::verdicts::Verdicts::of(&reference()).summary;
        let view = SecurityView { summary: Some(summary), legend: "<ul></ul>".into(), overlay: true };
        assert_eq!(SecurityView::read(&view.to_json()), view);
        assert_eq!(SecurityView::read("{"), SecurityView::default());
    }

    #[test]
    fn the_cost_view_reaches_the_panels_module_whole() {
        let view = CostView {
            region: "eu-west-1".into(),
            hours: "36x".into(),
            spot: "0.7".into(),
            badges: true,
            cost: CostState {
                data: Some(Arc::new(Figures { total: "$1.00".into(), line: "l".into(), html: "<p>\"x\"</p>".into() })),
                badges: Arc::default(),
                regions: vec![("us-east-1".into(), "US East (N. Virginia)".into())],
                problem: Some(CostProblem { field: "region".into(), message: "no prices".into() }),
                failure: None,
                pending: true,
            },
        };
        assert_eq!(CostView::read(&view.to_json()), view);
        let empty = CostView {
            cost: CostState { failure: Some("boom".into()), ..CostState::default() },
            ..CostView::default()
        };
        assert_eq!(CostView::read(&empty.to_json()), empty);
        assert_eq!(CostView::read("garbage"), CostView::default());
    }

    #[test]
    fn typed_assumptions_become_params() {
        use cipherplan::cost::{fmt_num, DEFAULT_SPOT_DISCOUNT, HOURS_PER_MONTH};
        assert_eq!(DEFAULT_HOURS, fmt_num(HOURS_PER_MONTH));
        assert_eq!(DEFAULT_SPOT, fmt_num(DEFAULT_SPOT_DISCOUNT));
        let a = Assumptions::parse(" 730 ", "0.7");
        assert_eq!(a.hours, Ok(730.0));
        assert_eq!(
            a.params("us-east-1"),
            Some(serde_json::json!({"region": "us-east-1", "hours_per_month": 730.0, "spot_discount": 0.7}))
        );
        assert_eq!(Assumptions::parse(" ", "x").hours, Err("enter a number".into()));
        assert_eq!(Assumptions::parse("12h", "x").hours, Err("`12h` is not a number".into()));
        assert_eq!(Assumptions::parse("1", "x").params("us-east-1"), None);
        // Out of range is the worker's to say.
        assert!(Assumptions::parse("0", "1.5").params("us-east-1").is_some());
    }

    #[test]
    fn the_security_markup_shows_the_summary() {
        let mut d = reference();
        d.nodes.iter_mut().find(|n| n.id == "db").unwrap().props.insert("storage_encrypted".into(), false.into());
        let v = crate::verdicts::Verdicts::of(&d);
        let nodes = Tally::of(&v.marks, d.nodes.iter().map(|n| n.id.as_str()));
        let flows = Tally { ok: 14, ..Tally::default() };
        let html = security_html(&v.summary);
        let legend = legend_html(nodes, flows);
        assert!(html.contains(&format!(r#"data-testid="sec-score">{}<"#, v.summary.score)));
        assert!(html.contains(&format!(r#"data-testid="sec-errors">{}<"#, v.summary.errors)));
        assert!(v.summary.errors >= 1 && v.summary.rest_pct < 100.0);
        assert!(html.contains(r#"<div class="meter fair">"#) || html.contains(r#"<div class="meter poor">"#));
        assert!(legend.contains(&format!("{}, 0 flows", plural(nodes.error, "component", "components"))));
        assert!(legend.contains(&format!("{}, 14 flows", plural(nodes.ok, "component", "components"))));
        assert_eq!(legend.matches("<li").count(), 4);
        assert_eq!(html.matches("<div").count(), html.matches("</div>").count());
        assert_eq!(html.matches("<button").count(), 3);
        assert!(html.contains("1 loopback flow inside"), "singular");
    }

    #[test]
    fn classes_and_sentences() {
        assert_eq!(sentence("hours per month must be above 0"), "Hours per month must be above 0.");
        assert_eq!(sentence(""), "");
        assert_eq!(worst_class(Some(Severity::Error)), "w-error");
        assert_eq!(worst_class(None), "w-ok");
    }

    #[test]
    fn the_tally_counts_the_worst_finding_of_each_element() {
        let mut d = reference();
        let clean = crate::verdicts::Verdicts::of(&d);
        let ids: Vec<String> = d.nodes.iter().map(|n| n.id.clone()).collect();
        let before = Tally::of(&clean.marks, ids.iter().map(String::as_str));
        assert_eq!(before.error, 0);
        assert_eq!(before.error + before.warning + before.info + before.ok, ids.len());
        d.nodes.iter_mut().find(|n| n.id == "db").unwrap().props.insert("storage_encrypted".into(), false.into());
        let broken = crate::verdicts::Verdicts::of(&d);
        let after = Tally::of(&broken.marks, ids.iter().map(String::as_str));
        assert_eq!(broken.marks.get("db").map(|m| m.0), Some(Severity::Error));
        assert!(after.error >= 1);
        assert_eq!(after.error + after.warning + after.info + after.ok, ids.len());
    }

    #[test]
    fn replies_update_the_figures_and_refusals_keep_them() {
        let d = reference();
        let answer = |a: &CostAssumptions| Ok(serde_json::to_string(&panel_data(&d, a)).unwrap());
        let good = panel_data(&d, &CostAssumptions::default()).figures.unwrap();
        let s1 = next_state(&CostState { pending: true, ..CostState::default() }, answer(&CostAssumptions::default()));
        let f1 = s1.data.clone().unwrap();
        assert_eq!(f1.total, good.total);
        assert!(f1.total.starts_with('$') && f1.html.contains("<svg") && !f1.line.is_empty());
        assert!(!s1.pending && s1.problem.is_none());
        assert_eq!(s1.badges.len(), good.badges.len());
        assert_eq!(s1.badges["alb"].text, good.badges["alb"].text);
        assert_eq!(s1.regions.first().map(|r| r.0.as_str()), Some("us-east-1"));
        let s2 = next_state(&s1, answer(&CostAssumptions { region: "eu-west-9".into(), ..CostAssumptions::default() }));
        assert_eq!(s2.data, s1.data, "the last good figures stay");
        assert_eq!(s2.problem.as_ref().unwrap().field, "region");
        let s2b = next_state(&s1, answer(&CostAssumptions { hours_per_month: 0.0, ..CostAssumptions::default() }));
        let p = s2b.problem.unwrap();
        assert_eq!(p.field, "hours_per_month");
        assert!(p.message.contains("744"), "the core's message: {}", p.message);
        let s3 = next_state(&s2, Err("worker crashed".into()));
        assert_eq!(s3.failure.as_deref(), Some("worker crashed"));
        assert!(s3.problem.is_none() && s3.data.is_some());
        let s4 = next_state(&s3, Ok("{not json".into()));
        assert!(s4.failure.is_some() && s4.data.is_some());
    }
}
