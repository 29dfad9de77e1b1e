//! `cost`: the monthly estimate shaped for the browser's cost panel, as JSON (the shape of
//! [`crate::cost::overview::CostPanelData`]): the total, the charts and lists as markup, each
//! component's badge, the figures themselves, and the regions with prices. A region without prices or an assumption out of range is part of the answer (the
//! panel shows it beside its input), not an error. `cipherplan cost --format json` prints the
//! full [`crate::cost::CostSummary`] the overview is made from.

use super::{param_f64, param_str, Op, Reply};
use crate::cost::overview::panel_data;
use crate::cost::CostAssumptions;
use crate::design::Design;
use serde_json::Value as Json;

/// `cost` {region (default the design's), hours_per_month, spot_discount}.
pub const COST: Op = Op {
    name: "cost",
    summary: "the cost panel's figures as JSON (per component, per service group, price of encryption, sources); params: region, hours_per_month, spot_discount",
    run,
};

fn run(design: &Design, params: &Json) -> Result<Reply, String> {
    let defaults = CostAssumptions::for_design(design);
    let assumptions = CostAssumptions {
        region: param_str(params, "region", &defaults.region)?.to_owned(),
        hours_per_month: param_f64(params, "hours_per_month", defaults.hours_per_month)?,
        spot_discount: param_f64(params, "spot_discount", defaults.spot_discount)?,
    };
    serde_json::to_string(&panel_data(design, &assumptions)).map(Reply::Text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::{self, overview::CostPanelData};
    use crate::templates::reference;
    use serde_json::json;

    fn data(params: &Json) -> CostPanelData {
        let Reply::Text(t) = run(&reference(), params).unwrap() else { panic!("text") };
        serde_json::from_str(&t).unwrap()
    }

    #[test]
    fn total_is_the_core_estimate() {
        let d = reference();
        let expected = cost::summary(&d, &CostAssumptions::for_design(&d)).unwrap();
        let o = data(&json!({})).figures.unwrap().overview;
        assert_eq!(o.total, expected.estimate.total);
        assert_eq!(o.encryption.monthly, expected.encryption.delta);
    }

    #[test]
    fn params_reach_the_estimate() {
        let full = data(&json!({})).figures.unwrap().overview.total;
        let fewer = data(&json!({ "hours_per_month": 365 })).figures.unwrap().overview;
        assert_eq!(fewer.hours_per_month, 365.0);
        assert!(fewer.total < full);
    }

    #[test]
    fn bad_assumption_is_named_in_the_answer() {
        let p = data(&json!({ "hours_per_month": 0 })).problem.unwrap();
        assert_eq!(p.field, "hours_per_month");
        assert!(p.message.contains("hours per month"), "{}", p.message);
        assert!(!data(&json!({ "region": "mars-1" })).regions.is_empty());
        assert!(run(&reference(), &json!({ "hours_per_month": "many" })).is_err(), "a wrong type is an error");
    }
}
