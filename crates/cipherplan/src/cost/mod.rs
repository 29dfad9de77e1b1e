//! The cost model: a monthly estimate per component, and the price of encryption.
//!
//! [`estimate`] prices every component of a design from its properties (task size, instance
//! class, storage) and its usage inputs (the catalog's `usage: true` properties: GB stored,
//! requests, LCUs, ...), with the [`CostAssumptions`] a user can change (region, hours per
//! month, the Fargate Spot discount). Every [`LineItem`] carries its quantity, unit price,
//! the price's source and date, and the assumption it rests on, so a reader can redo the
//! arithmetic by hand. A class or type the table has no price for gives a line that says so
//! ("no price for db.x9.huge in us-east-1") and is left out of the total, never priced at zero.
//!
//! [`price_of_encryption`] compares the design with the same design with every encryption
//! feature switched off ([`strip_encryption`]) and itemises the difference: what a team pays
//! for customer managed keys, the TLS sidecar's share of each task, secrets that exist only
//! for encryption, and which encryption features cost nothing at all.
//!
//! ```
//! use cipherplan::cost::{estimate, price_of_encryption, CostAssumptions};
//! let design = cipherplan::templates::reference();
//! let cost = estimate(&design, &CostAssumptions::default()).unwrap();
//! assert!(cost.total > 0.0);
//! let enc = price_of_encryption(&design, &CostAssumptions::default()).unwrap();
//! assert!(enc.delta > 0.0 && enc.delta < cost.total);
//! ```
//!
//! Architecture invariant: prices are data ([`prices`]); the estimator never holds a number
//! that is not in the table, except the Spot discount, which is an assumption the user sets.

mod components;
mod encryption;
pub mod groups;
pub mod overview;
pub mod panel_html;
pub mod prices;
mod text;

pub use encryption::{
    price_of_encryption, strip_encryption, strip_encryption_changes, Change, DeltaLine, EncryptionItem, EncryptionPrice,
};
pub use text::{fmt_num, fmt_price, fmt_quantity, fmt_unit_price, fmt_usd, render_text};

use crate::catalog::NodeKind;
use crate::design::Design;
use serde::Serialize;
use std::fmt;

/// Hours in an average month (8,760 hours a year / 12), the convention of AWS's calculator.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Default Fargate Spot discount: AWS says "up to 70%" off on-demand; there is no list price.
pub const DEFAULT_SPOT_DISCOUNT: f64 = 0.70;

/// What the estimate assumes beyond the design itself. Every field has a default the user can
/// change (the browser's cost panel, the CLI's `--region`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostAssumptions {
    /// AWS region whose prices are used.
    pub region: String,
    /// Hours a month always-on resources run (load balancer, NAT, databases, tasks without
    /// their own `hours_per_month`).
    pub hours_per_month: f64,
    /// Fraction taken off on-demand Fargate prices for `FARGATE_SPOT` services (0.7 = 70% off).
    /// An estimate: Spot prices move and have no published list price.
    pub spot_discount: f64,
}

impl Default for CostAssumptions {
    fn default() -> Self {
        CostAssumptions {
            region: "us-east-1".into(),
            hours_per_month: HOURS_PER_MONTH,
            spot_discount: DEFAULT_SPOT_DISCOUNT,
        }
    }
}

impl CostAssumptions {
    /// The defaults, in the design's own region.
    #[must_use]
    pub fn for_design(design: &Design) -> Self {
        CostAssumptions { region: design.settings.region.clone(), ..CostAssumptions::default() }
    }

    /// The assumptions in words, for reports.
    #[must_use]
    pub fn describe(&self) -> Vec<String> {
        vec![
            format!("Region {}; prices in US dollars, list prices without taxes, free tiers or discounts.", self.region),
            format!(
                "{} hours a month for always-on resources (a service's own hours_per_month wins).",
                fmt_num(self.hours_per_month)
            ),
            format!(
                "Fargate Spot is an estimate: {}% off on-demand (Spot has no list price and moves with demand).",
                fmt_num(self.spot_discount * 100.0)
            ),
            "Usage inputs (GB stored, requests, LCUs, data processed) are the design's usage properties or their catalog defaults.".into(),
            "Not priced: data transfer out to the internet, CloudWatch metrics and alarms, backups beyond the free allowance, support plans.".into(),
        ]
    }

    /// Checks every assumption's range (the region is checked against the price table when
    /// estimating).
    ///
    /// # Errors
    /// The first assumption out of range, in words.
    pub fn check(&self) -> Result<(), CostError> {
        check_hours(self.hours_per_month).map_err(CostError::Assumption)?;
        check_spot_discount(self.spot_discount).map_err(CostError::Assumption)
    }
}

/// Checks the hours a month (above 0, at most 744 = 31 days); the message says what is allowed.
///
/// # Errors
/// When out of range (or not a number).
pub fn check_hours(hours_per_month: f64) -> Result<(), String> {
    if hours_per_month > 0.0 && hours_per_month <= 744.0 {
        Ok(())
    } else {
        Err(format!("hours per month must be above 0 and at most 744 (31 days), not {}", fmt_num(hours_per_month)))
    }
}

/// Checks the Fargate Spot discount (a fraction from 0 to 1).
///
/// # Errors
/// When out of range (or not a number).
pub fn check_spot_discount(spot_discount: f64) -> Result<(), String> {
    if (0.0..=1.0).contains(&spot_discount) {
        Ok(())
    } else {
        Err(format!("the Fargate Spot discount is a fraction from 0 to 1, not {}", fmt_num(spot_discount)))
    }
}

/// Why no estimate could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CostError {
    /// The pricing table has no prices for the region.
    UnknownRegion {
        /// The region asked for.
        region: String,
        /// Regions with prices.
        known: Vec<String>,
    },
    /// An assumption is out of range.
    Assumption(String),
}

impl fmt::Display for CostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CostError::UnknownRegion { region, known } => {
                write!(f, "no prices for region {region} (prices exist for: {})", known.join(", "))
            }
            CostError::Assumption(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for CostError {}

/// One billable item of one component.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineItem {
    /// Node id of the component.
    pub component: String,
    /// The component's label (or kind title).
    pub label: String,
    /// The component's kind.
    pub kind: NodeKind,
    /// What is billed (`vCPU (Linux/x86)`, `Instance db.t4g.micro, single-AZ`).
    pub item: String,
    /// Price table key; empty for items the table has no key for (the Spot discount).
    pub sku: String,
    /// Billed units a month.
    pub quantity: f64,
    /// Billing unit (`vCPU-hour`).
    pub unit: String,
    /// US dollars per unit; `None` when the table has no price.
    pub unit_price: Option<f64>,
    /// US dollars a month (`quantity * unit_price`); `None` when there is no price.
    pub monthly: Option<f64>,
    /// Where the price comes from.
    pub source: String,
    /// When the source recorded it.
    pub date: String,
    /// The price (or the whole line) is an estimate without a firm source.
    pub estimate: bool,
    /// How the quantity was reached (`2 tasks × 0.5 vCPU × 730 h`).
    pub assumption: String,
    /// Why there is no price (`no price for db.x9.huge in us-east-1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_price: Option<String>,
}

/// The monthly total of one component.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentCost {
    /// Node id.
    pub component: String,
    /// Label (or kind title).
    pub label: String,
    /// Kind.
    pub kind: NodeKind,
    /// US dollars a month, priced lines only.
    pub monthly: f64,
    /// Lines of this component without a price.
    pub unpriced: usize,
}

/// The monthly estimate of a design.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// Region priced.
    pub region: String,
    /// Human name of the region.
    pub region_name: String,
    /// Always `USD`.
    pub currency: &'static str,
    /// The assumptions used.
    pub assumptions: CostAssumptions,
    /// Every line, in design order of components.
    pub lines: Vec<LineItem>,
    /// Totals per component that has at least one line, in design order.
    pub components: Vec<ComponentCost>,
    /// Sum of all priced lines, US dollars a month.
    pub total: f64,
    /// Number of lines without a price (not in the total).
    pub unpriced: usize,
}

impl Estimate {
    /// The lines of one component.
    pub fn lines_of<'a>(&'a self, component: &'a str) -> impl Iterator<Item = &'a LineItem> + 'a {
        self.lines.iter().filter(move |l| l.component == component)
    }

    /// Each component with its lines, in order (the lines of a component are contiguous).
    pub fn by_component(&self) -> impl Iterator<Item = (&ComponentCost, &[LineItem])> + '_ {
        let mut start = 0;
        self.components.iter().map(move |c| {
            let len = self.lines[start..].iter().take_while(|l| l.component == c.component).count();
            let lines = &self.lines[start..start + len];
            start += len;
            (c, lines)
        })
    }

    /// The total of one component (0 when it has no lines).
    #[must_use]
    pub fn component_total(&self, component: &str) -> f64 {
        self.components.iter().find(|c| c.component == component).map_or(0.0, |c| c.monthly)
    }
}

/// Rounds money and quantities to a millionth, so sums and JSON carry no float noise.
#[must_use]
pub(crate) fn round6(x: f64) -> f64 {
    let r = (x * 1.0e6).round() / 1.0e6;
    if r == 0.0 {
        0.0 // no "-0"
    } else {
        r
    }
}

/// Prices every component of `design`.
///
/// # Errors
/// When the region has no prices, or an assumption is out of range.
pub fn estimate(design: &Design, assumptions: &CostAssumptions) -> Result<Estimate, CostError> {
    assumptions.check()?;
    let table = prices::region(&assumptions.region).ok_or_else(|| CostError::UnknownRegion {
        region: assumptions.region.clone(),
        known: prices::regions().into_iter().map(str::to_owned).collect(),
    })?;
    let mut pricer = components::Pricer::new(table, assumptions);
    for node in &design.nodes {
        pricer.price(design, node);
    }
    let lines = pricer.into_lines();
    let mut components: Vec<ComponentCost> = Vec::new();
    for line in &lines {
        if components.last().is_none_or(|c| c.component != line.component) {
            components.push(ComponentCost {
                component: line.component.clone(),
                label: line.label.clone(),
                kind: line.kind,
                monthly: 0.0,
                unpriced: 0,
            });
        }
        if let Some(c) = components.last_mut() {
            match line.monthly {
                Some(m) => c.monthly = round6(c.monthly + m),
                None => c.unpriced += 1,
            }
        }
    }
    let total = round6(lines.iter().filter_map(|l| l.monthly).sum());
    let unpriced = lines.iter().filter(|l| l.no_price.is_some()).count();
    Ok(Estimate {
        region: table.region.to_owned(),
        region_name: table.name.to_owned(),
        currency: "USD",
        assumptions: assumptions.clone(),
        lines,
        components,
        total,
        unpriced,
    })
}

/// What `cipherplan cost --format json` prints: the estimate and the price of encryption.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostSummary {
    /// The estimate of the design as it is.
    pub estimate: Estimate,
    /// What its encryption costs.
    pub encryption: EncryptionPrice,
}

/// The estimate and the price of encryption together.
///
/// # Errors
/// As [`estimate`].
pub fn summary(design: &Design, assumptions: &CostAssumptions) -> Result<CostSummary, CostError> {
    let estimate = estimate(design, assumptions)?;
    let encryption = encryption::price_of_encryption_from(design, assumptions, &estimate)?;
    Ok(CostSummary { estimate, encryption })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates;

    #[test]
    fn unknown_region_is_an_error_naming_the_known_ones() {
        let d = templates::reference();
        let a = CostAssumptions { region: "eu-west-9".into(), ..CostAssumptions::default() };
        let err = estimate(&d, &a).unwrap_err();
        assert_eq!(err.to_string(), "no prices for region eu-west-9 (prices exist for: us-east-1)");
    }

    #[test]
    fn assumptions_out_of_range_are_refused() {
        let d = templates::reference();
        for a in [
            CostAssumptions { hours_per_month: 0.0, ..CostAssumptions::default() },
            CostAssumptions { hours_per_month: 800.0, ..CostAssumptions::default() },
            CostAssumptions { spot_discount: 1.5, ..CostAssumptions::default() },
            CostAssumptions { spot_discount: f64::NAN, ..CostAssumptions::default() },
        ] {
            assert!(matches!(estimate(&d, &a), Err(CostError::Assumption(_))), "{a:?}");
        }
    }

    #[test]
    fn totals_add_up() {
        let e = estimate(&templates::reference(), &CostAssumptions::default()).unwrap();
        let by_lines: f64 = e.lines.iter().filter_map(|l| l.monthly).sum();
        let by_components: f64 = e.components.iter().map(|c| c.monthly).sum();
        assert!((e.total - by_lines).abs() < 1e-6 && (e.total - by_components).abs() < 1e-6);
        for l in &e.lines {
            if let (Some(p), Some(m)) = (l.unit_price, l.monthly) {
                assert!((l.quantity * p - m).abs() < 1e-5, "{l:?}");
            }
        }
    }
}
