//! The cost and security views: their state (the usage assumptions as typed, the last cost
//! figures the worker sent, the canvas overlay switches), the request loop that asks the web
//! worker to price the design, and the pure helpers the panels and overlays draw with.
//!
//! The estimate runs in the worker (`cost` op), never in this bundle: the page only parses
//! the [`CostPanelData`] it sends back. Requests are debounced, a reply to an older request
//! is dropped, and the previous figures stay on screen while a new estimate is computed.

use crate::state::{Editor, Panel};
use cipherplan::cost::overview::{CostOverview, CostPanelData, CostProblem, RegionName};
use cipherplan::cost::{check_hours, check_spot_discount, fmt_num, DEFAULT_SPOT_DISCOUNT, HOURS_PER_MONTH};
use cipherplan::finding::Severity;
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// How long the design and the assumptions must stay still before the worker is asked.
pub const DEBOUNCE_MS: u64 = 250;

/// What the cost panel shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CostState {
    /// The last figures the worker computed (kept while a new estimate runs or is refused).
    pub data: Option<Arc<CostOverview>>,
    /// Monthly cost per component id, from `data`.
    pub per_node: Arc<HashMap<String, f64>>,
    /// Regions with prices, from the last reply.
    pub regions: Vec<RegionName>,
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
            hours: RwSignal::new(fmt_num(HOURS_PER_MONTH)),
            spot: RwSignal::new(fmt_num(DEFAULT_SPOT_DISCOUNT)),
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

/// Reads a number typed into an assumption field and checks it with the core's rule.
///
/// # Errors
/// A message for the field: empty, not a number, or the core's range message.
pub fn parse_assumption(text: &str, check: fn(f64) -> Result<(), String>) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("enter a number".into());
    }
    let n: f64 = t.parse().map_err(|_| format!("`{t}` is not a number"))?;
    check(n)?;
    Ok(n)
}

/// Both assumptions, or the message of each field that is wrong.
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
        Assumptions { hours: parse_assumption(hours, check_hours), spot: parse_assumption(spot, check_spot_discount) }
    }

    /// The `cost` op's parameters, when both fields are valid.
    #[must_use]
    pub fn params(&self, region: &str) -> Option<serde_json::Value> {
        let (h, s) = (self.hours.as_ref().ok()?, self.spot.as_ref().ok()?);
        Some(serde_json::json!({ "region": region, "hours_per_month": h, "spot_discount": s }))
    }
}

/// Text of a node's cost badge: cents under $10, whole dollars above (`$3.71`, `$36`).
#[must_use]
pub fn badge_text(monthly: f64) -> String {
    if monthly <= 0.0 {
        "$0".into()
    } else if monthly < 0.01 {
        "<$0.01".into()
    } else if monthly < 10.0 {
        format!("${monthly:.2}")
    } else {
        format!("${}", fmt_num(monthly.round()))
    }
}

/// Length of a bar for `value` on a chart whose longest bar (`max`) is `width` long; a
/// non-zero value gets at least 2 so it stays visible.
#[must_use]
pub fn bar_len(value: f64, max: f64, width: f64) -> f64 {
    if max <= 0.0 || value <= 0.0 {
        return 0.0;
    }
    (value / max * width).clamp(2.0, width)
}

/// `text` cut to fit `max_px` at `font_px` (estimated widths), with an ellipsis when cut.
#[must_use]
pub fn ellipsize(text: &str, max_px: f64, font_px: f64) -> String {
    if crate::geometry::text_width(text, font_px) <= max_px {
        return text.to_owned();
    }
    let room = max_px - crate::geometry::text_width("…", font_px);
    let mut out = String::new();
    for c in text.chars() {
        let mut next = out.clone();
        next.push(c);
        if crate::geometry::text_width(&next, font_px) > room {
            break;
        }
        out = next;
    }
    format!("{}…", out.trim_end())
}

/// A message as a sentence: first letter upper case, a full stop at the end.
#[must_use]
pub fn sentence(message: &str) -> String {
    let mut c = message.trim().chars();
    let Some(first) = c.next() else { return String::new() };
    let mut s: String = first.to_uppercase().chain(c).collect();
    if !s.ends_with(['.', '!', '?', ')']) {
        s.push('.');
    }
    s
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

/// Turns a reply of the `cost` op into the panel's state, keeping the last good figures when
/// the reply is a refusal or a failure.
#[must_use]
pub fn next_state(prev: &CostState, reply: Result<String, String>) -> CostState {
    let mut s = CostState { pending: false, problem: None, failure: None, ..prev.clone() };
    match reply.and_then(|text| serde_json::from_str::<CostPanelData>(&text).map_err(|e| e.to_string())) {
        Ok(data) => {
            s.regions = data.regions;
            match data.result {
                Ok(o) => {
                    s.per_node = Arc::new(o.components.iter().map(|c| (c.id.clone(), c.monthly)).collect());
                    s.data = Some(Arc::new(o));
                }
                Err(p) => s.problem = Some(p),
            }
        }
        Err(why) => s.failure = Some(why),
    }
    s
}

/// Starts the request loop: while the cost panel is open or the badges are on, every change of
/// the design or of a valid assumption asks the worker again after [`DEBOUNCE_MS`].
pub fn install(ed: Editor) {
    let v = ed.views;
    let assumptions = Memo::new(move |_| Assumptions::parse(&v.hours.get(), &v.spot.get()));
    Effect::new(move |_| {
        let active = ed.panel.get() == Panel::Cost || v.badges.get();
        ed.doc.track();
        let params = assumptions.with(|a| ed.doc.with_untracked(|d| a.params(&d.settings.region)));
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
    fn assumptions_use_the_core_messages() {
        let a = Assumptions::parse("730", "0.7");
        assert_eq!(a.hours, Ok(730.0));
        assert_eq!(
            a.params("us-east-1"),
            Some(serde_json::json!({"region": "us-east-1", "hours_per_month": 730.0, "spot_discount": 0.7}))
        );
        let bad = Assumptions::parse("0", "1.5");
        assert_eq!(bad.hours, Err(check_hours(0.0).unwrap_err()));
        assert!(bad.hours.as_ref().unwrap_err().contains("744"));
        assert_eq!(bad.spot, Err(check_spot_discount(1.5).unwrap_err()));
        assert_eq!(bad.params("us-east-1"), None);
        assert_eq!(Assumptions::parse(" ", "x").hours, Err("enter a number".into()));
        assert_eq!(Assumptions::parse("12h", "x").hours, Err("`12h` is not a number".into()));
        assert!(Assumptions::parse("NaN", "0").hours.is_err());
    }

    #[test]
    fn badges_bars_and_classes() {
        assert_eq!(badge_text(36.04), "$36");
        assert_eq!(badge_text(1234.5), "$1,235");
        assert_eq!(badge_text(3.705), "$3.71");
        assert_eq!(badge_text(0.0044), "<$0.01");
        assert_eq!(badge_text(0.0), "$0");
        assert_eq!(bar_len(50.0, 100.0, 200.0), 100.0);
        assert_eq!(bar_len(0.001, 100.0, 200.0), 2.0);
        assert_eq!(bar_len(0.0, 100.0, 200.0), 0.0);
        assert_eq!(bar_len(5.0, 0.0, 200.0), 0.0);
        assert_eq!(ellipsize("web", 100.0, 11.0), "web");
        let cut = ellipsize("key: data (RDS, Redis, S3) and a long tail", 100.0, 11.0);
        assert!(cut.ends_with('…') && cut.starts_with("key: data"), "{cut}");
        assert!(crate::geometry::text_width(&cut, 11.0) <= 100.0, "{cut}");
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
        let good = serde_json::to_string(&panel_data(&d, &CostAssumptions::default())).unwrap();
        let s1 = next_state(&CostState { pending: true, ..CostState::default() }, Ok(good));
        let total = s1.data.as_ref().unwrap().total;
        assert!(total > 0.0 && !s1.pending && s1.problem.is_none());
        assert_eq!(
            s1.per_node.get("alb").copied(),
            s1.data.as_ref().unwrap().components.iter().find(|c| c.id == "alb").map(|c| c.monthly)
        );
        assert!(!s1.regions.is_empty());
        let refused = CostAssumptions { region: "eu-west-9".into(), ..CostAssumptions::default() };
        let s2 = next_state(&s1, Ok(serde_json::to_string(&panel_data(&d, &refused)).unwrap()));
        assert_eq!(s2.data.as_ref().unwrap().total, total, "the last good figures stay");
        assert_eq!(s2.problem.as_ref().unwrap().field, "region");
        let s3 = next_state(&s2, Err("worker crashed".into()));
        assert_eq!(s3.failure.as_deref(), Some("worker crashed"));
        assert!(s3.problem.is_none() && s3.data.is_some());
        let s4 = next_state(&s3, Ok("{not json".into()));
        assert!(s4.failure.is_some() && s4.data.is_some());
    }
}
