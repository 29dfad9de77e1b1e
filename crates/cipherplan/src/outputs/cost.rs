//! `cost`: the monthly estimate and the price of encryption, as JSON (the shape of
//! [`crate::cost::CostSummary`]).

use super::{param_f64, param_str, Op, Reply};
use crate::cost::{self, CostAssumptions};
use crate::design::Design;
use serde_json::Value as Json;

/// `cost` {region (default the design's), hours_per_month, spot_discount}.
pub const COST: Op = Op {
    name: "cost",
    summary:
        "the monthly cost estimate and price of encryption as JSON; params: region, hours_per_month, spot_discount",
    run,
};

fn run(design: &Design, params: &Json) -> Result<Reply, String> {
    let defaults = CostAssumptions::for_design(design);
    let assumptions = CostAssumptions {
        region: param_str(params, "region", &defaults.region)?.to_owned(),
        hours_per_month: param_f64(params, "hours_per_month", defaults.hours_per_month)?,
        spot_discount: param_f64(params, "spot_discount", defaults.spot_discount)?,
    };
    let summary = cost::summary(design, &assumptions).map_err(|e| e.to_string())?;
    serde_json::to_string(&summary).map(Reply::Text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::reference;
    use serde_json::json;

    #[test]
    fn total_is_the_core_estimate() {
        let d = reference();
        let Reply::Text(t) = run(&d, &json!({})).unwrap() else { panic!("text") };
        let v: Json = serde_json::from_str(&t).unwrap();
        let expected = cost::summary(&d, &CostAssumptions::for_design(&d)).unwrap();
        assert_eq!(v["estimate"]["total"].as_f64(), Some(expected.estimate.total));
    }

    #[test]
    fn bad_assumption_is_an_error() {
        let err = run(&reference(), &json!({ "hours_per_month": 0 })).unwrap_err();
        assert!(err.contains("hours per month"), "{err}");
    }
}
