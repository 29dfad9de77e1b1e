//! The cost estimate shaped for a dashboard (the browser's cost panel): totals per component
//! and per service group, sorted for bar charts, the lines without a price, the price sources
//! with their dates, and the price of encryption with its items. Serializable both ways so
//! the page can read what the web worker computed.

use super::groups::{by_group, service_group, GroupCost, ServiceGroup};
use super::panel_html::{badge_text, figures_html, where_line};
use super::{fmt_usd, prices, CostAssumptions, CostError, CostSummary};
use crate::catalog::NodeKind;
use crate::design::Design;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A region with prices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionName {
    /// AWS region code (`us-east-1`).
    pub code: String,
    /// Human name (`US East (N. Virginia)`).
    pub name: String,
}

/// Every region the pricing table has prices for, in table order.
#[must_use]
pub fn region_names() -> Vec<RegionName> {
    prices::REGIONS.iter().map(|r| RegionName { code: r.region.to_owned(), name: r.name.to_owned() }).collect()
}

/// One component's monthly total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentBar {
    /// Node id.
    pub id: String,
    /// Label (or kind title).
    pub label: String,
    /// Kind.
    pub kind: NodeKind,
    /// Service group.
    pub group: ServiceGroup,
    /// US dollars a month, priced lines only.
    pub monthly: f64,
    /// Lines without a price.
    pub unpriced: usize,
}

/// A billed item the table has no price for (left out of the total).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnpricedItem {
    /// Node id.
    pub component: String,
    /// The component's label.
    pub label: String,
    /// What is billed.
    pub item: String,
    /// Why there is no price.
    pub why: String,
}

/// Where prices come from: one source and date, with the number of lines priced from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceSource {
    /// The source.
    pub source: String,
    /// When it recorded the prices (`2024-07`, `undated`).
    pub date: String,
    /// Prices without a firm source (labelled estimates).
    pub estimate: bool,
    /// Lines priced from it.
    pub lines: usize,
}

/// What encryption costs on one component (or design-wide).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncryptionCost {
    /// Node id; `None` for design-wide changes.
    pub component: Option<String>,
    /// Label.
    pub label: String,
    /// The encryption features here.
    pub features: Vec<String>,
    /// US dollars a month encryption adds here (0 for free features).
    pub monthly: f64,
}

/// The price-of-encryption line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncryptionLine {
    /// What encryption adds a month.
    pub monthly: f64,
    /// Share of the total, in percent.
    pub pct: f64,
    /// The design's total with every encryption feature switched off.
    pub without: f64,
    /// Paid items first (largest first), then free ones.
    pub items: Vec<EncryptionCost>,
    /// Caveats.
    pub notes: Vec<String>,
}

/// The estimate of a design, shaped for the cost panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostOverview {
    /// Region priced.
    pub region: String,
    /// Its human name.
    pub region_name: String,
    /// Hours a month always-on resources run.
    pub hours_per_month: f64,
    /// Fargate Spot discount (fraction).
    pub spot_discount: f64,
    /// US dollars a month, priced lines only.
    pub total: f64,
    /// Every component with lines, most expensive first (ties by label).
    pub components: Vec<ComponentBar>,
    /// Totals per service group, most expensive first.
    pub groups: Vec<GroupCost>,
    /// Lines without a price.
    pub unpriced: Vec<UnpricedItem>,
    /// Price sources used, most used first.
    pub sources: Vec<PriceSource>,
    /// The price of encryption.
    pub encryption: EncryptionLine,
    /// The assumptions in words.
    pub assumptions: Vec<String>,
}

impl CostOverview {
    /// Shapes an estimate and its price of encryption.
    #[must_use]
    pub fn of(summary: &CostSummary) -> Self {
        let e = &summary.estimate;
        let mut components: Vec<ComponentBar> = e
            .components
            .iter()
            .map(|c| ComponentBar {
                id: c.component.clone(),
                label: c.label.clone(),
                kind: c.kind,
                group: service_group(c.kind),
                monthly: c.monthly,
                unpriced: c.unpriced,
            })
            .collect();
        components.sort_by(|a, b| b.monthly.total_cmp(&a.monthly).then_with(|| a.label.cmp(&b.label)));
        let unpriced = e
            .lines
            .iter()
            .filter_map(|l| {
                Some(UnpricedItem {
                    component: l.component.clone(),
                    label: l.label.clone(),
                    item: l.item.clone(),
                    why: l.no_price.clone()?,
                })
            })
            .collect();
        let mut sources: Vec<PriceSource> = Vec::new();
        for l in e.lines.iter().filter(|l| l.unit_price.is_some()) {
            match sources.iter_mut().find(|s| s.source == l.source && s.date == l.date && s.estimate == l.estimate) {
                Some(s) => s.lines += 1,
                None => sources.push(PriceSource {
                    source: l.source.clone(),
                    date: l.date.clone(),
                    estimate: l.estimate,
                    lines: 1,
                }),
            }
        }
        // Stable: ties keep first-use order.
        sources.sort_by_key(|s| std::cmp::Reverse(s.lines));
        let enc = &summary.encryption;
        CostOverview {
            region: e.region.clone(),
            region_name: e.region_name.clone(),
            hours_per_month: e.assumptions.hours_per_month,
            spot_discount: e.assumptions.spot_discount,
            total: e.total,
            components,
            groups: by_group(e),
            unpriced,
            sources,
            encryption: EncryptionLine {
                monthly: enc.delta,
                pct: enc.delta_pct,
                without: enc.without_encryption,
                items: enc
                    .items
                    .iter()
                    .map(|i| EncryptionCost {
                        component: i.component.clone(),
                        label: i.label.clone(),
                        features: i.features.clone(),
                        monthly: i.delta,
                    })
                    .collect(),
                notes: enc.notes.clone(),
            },
            assumptions: e.assumptions.describe(),
        }
    }
}

/// An assumption or region the estimate refused, with the input it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostProblem {
    /// `region`, `hours_per_month` or `spot_discount`.
    pub field: String,
    /// The core's message.
    pub message: String,
}

/// A component's cost badge on the canvas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Badge {
    /// Short amount (`$36`).
    pub text: String,
    /// Tooltip (`$36.04 a month`).
    pub title: String,
}

/// The estimate ready to show: texts and markup made here, so the page formats nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PanelFigures {
    /// The monthly total (`$176.35`).
    pub total: String,
    /// Region, hours and Spot discount in words.
    pub line: String,
    /// Charts and lists ([`super::panel_html::figures_html`]).
    pub html: String,
    /// Badge of every component with cost lines, by node id.
    pub badges: BTreeMap<String, Badge>,
    /// The figures themselves.
    pub overview: CostOverview,
}

/// What the cost panel receives: the regions with prices, and the figures or the problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostPanelData {
    /// Regions with prices (for the region picker, also when the design's region has none).
    pub regions: Vec<RegionName>,
    /// Why there is no estimate for these inputs.
    pub problem: Option<CostProblem>,
    /// The estimate, when there is one.
    pub figures: Option<PanelFigures>,
}

/// Prices `design` for the cost panel. Refused assumptions are data (the panel shows them
/// beside their input), not an error.
#[must_use]
pub fn panel_data(design: &Design, assumptions: &CostAssumptions) -> CostPanelData {
    match super::summary(design, assumptions) {
        Ok(s) => {
            let overview = CostOverview::of(&s);
            let badges = overview
                .components
                .iter()
                .map(|c| {
                    let badge = Badge { text: badge_text(c.monthly), title: format!("{} a month", fmt_usd(c.monthly)) };
                    (c.id.clone(), badge)
                })
                .collect();
            let figures = PanelFigures {
                total: fmt_usd(overview.total),
                line: where_line(&overview),
                html: figures_html(&overview),
                badges,
                overview,
            };
            CostPanelData { regions: region_names(), problem: None, figures: Some(figures) }
        }
        Err(e) => {
            let field = match &e {
                CostError::UnknownRegion { .. } => "region",
                CostError::Assumption(_) if super::check_hours(assumptions.hours_per_month).is_err() => {
                    "hours_per_month"
                }
                CostError::Assumption(_) => "spot_discount",
            };
            let problem = CostProblem { field: field.to_owned(), message: e.to_string() };
            CostPanelData { regions: region_names(), problem: Some(problem), figures: None }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::summary;
    use crate::templates;

    #[test]
    fn the_overview_keeps_the_totals_and_sorts_its_bars() {
        let d = templates::reference();
        let s = summary(&d, &CostAssumptions::default()).unwrap();
        let o = CostOverview::of(&s);
        assert!((o.total - s.estimate.total).abs() < 1e-9);
        assert_eq!(o.components.len(), s.estimate.components.len());
        assert!(o.components.windows(2).all(|w| w[0].monthly >= w[1].monthly));
        let sum: f64 = o.components.iter().map(|c| c.monthly).sum();
        assert!((sum - o.total).abs() < 1e-6);
        assert_eq!(o.unpriced.len(), s.estimate.unpriced);
        assert!(o.unpriced.iter().all(|u| !u.why.is_empty()));
        // Every priced line is counted under exactly one source.
        let priced = s.estimate.lines.iter().filter(|l| l.unit_price.is_some()).count();
        assert_eq!(o.sources.iter().map(|x| x.lines).sum::<usize>(), priced);
        assert!(o.sources.windows(2).all(|w| w[0].lines >= w[1].lines));
        assert!(o.sources.iter().all(|x| !x.source.is_empty() && !x.date.is_empty()));
        assert!((o.encryption.monthly - s.encryption.delta).abs() < 1e-9);
        assert_eq!(o.encryption.items.len(), s.encryption.items.len());
        assert!(o.encryption.monthly > 0.0 && o.encryption.without < o.total);
    }

    #[test]
    fn panel_data_round_trips_through_json() {
        let d = templates::reference();
        let data = panel_data(&d, &CostAssumptions::for_design(&d));
        let json = serde_json::to_string(&data).unwrap();
        let back: CostPanelData = serde_json::from_str(&json).unwrap();
        assert_eq!(back, data);
        assert_eq!(back.regions, region_names());
        let f = data.figures.unwrap();
        assert_eq!(f.total, fmt_usd(f.overview.total));
        assert_eq!(f.badges.len(), f.overview.components.len());
        assert_eq!(
            f.badges["alb"].text,
            badge_text(f.overview.components.iter().find(|c| c.id == "alb").unwrap().monthly)
        );
    }

    #[test]
    fn refused_inputs_name_their_field() {
        let d = templates::reference();
        let cases = [
            (CostAssumptions { region: "eu-west-9".into(), ..CostAssumptions::default() }, "region", "eu-west-9"),
            (CostAssumptions { hours_per_month: 0.0, ..CostAssumptions::default() }, "hours_per_month", "744"),
            (CostAssumptions { spot_discount: 2.0, ..CostAssumptions::default() }, "spot_discount", "fraction"),
        ];
        for (a, field, says) in cases {
            let p = panel_data(&d, &a).problem.unwrap();
            assert_eq!(p.field, field);
            assert!(p.message.contains(says), "{}", p.message);
        }
    }

    #[test]
    fn fewer_hours_cost_less() {
        let d = templates::reference();
        let at = |h: f64| {
            panel_data(&d, &CostAssumptions { hours_per_month: h, ..CostAssumptions::default() })
                .figures
                .unwrap()
                .overview
                .total
        };
        assert!(at(200.0) < at(730.0));
    }
}
