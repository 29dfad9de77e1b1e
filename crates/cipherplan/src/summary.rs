//! Summary figures of a design: encryption coverage in transit and at rest, finding counts,
//! and the 0-100 score.
//!
//! # The score
#![doc = include_str!("score.md")]

use crate::finding::{Finding, Severity, Target};
use crate::hop::Hop;
use crate::model::IdHashMap;
use crate::model::Model;
use crate::rest::at_rest_flags;
use serde::{Deserialize, Serialize};

/// How the score is computed, in words (shown by `cipherplan explain score`).
pub const SCORE_EXPLANATION: &str = include_str!("score.md");

/// Summary figures of one design.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// 0-100, see [`SCORE_EXPLANATION`].
    pub score: u8,
    /// Network flows (loopback flows inside a task excluded).
    pub flows: usize,
    /// Network flows encrypted whatever an attacker does (grade unverified or better).
    pub flows_encrypted: usize,
    /// `flows_encrypted / flows` in percent, rounded down to 0.1 (100 when there are no flows).
    pub transit_pct: f64,
    /// Flows on the loopback interface of one task (nginx → gunicorn), not counted above.
    pub loopback_flows: usize,
    /// Stores (nodes that hold data at rest).
    pub stores: usize,
    /// Stores encrypted at rest.
    pub stores_encrypted: usize,
    /// `stores_encrypted / stores` in percent, rounded down to 0.1 (100 when there are no stores).
    pub rest_pct: f64,
    /// Stores encrypted with a customer managed KMS key.
    pub stores_cmk: usize,
    /// `stores_cmk / stores` in percent, rounded down to 0.1 (100 when there are no stores).
    pub cmk_pct: f64,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
}

/// Summarises a design from its model and findings.
#[must_use]
pub fn summarize(model: &Model<'_>, findings: &[Finding]) -> Summary {
    summarize_with_hops(model, model.hops(), findings)
}

/// As [`summarize`], with the flows already assessed (by [`Model::hops`]).
#[must_use]
pub fn summarize_with_hops(model: &Model<'_>, hops: &[Option<Hop>], findings: &[Finding]) -> Summary {
    let (mut flows, mut flows_encrypted, mut loopback_flows) = (0, 0, 0);
    for hop in hops.iter().flatten() {
        if hop.loopback {
            loopback_flows += 1;
        } else {
            flows += 1;
            flows_encrypted += usize::from(hop.grade.is_encrypted());
        }
    }
    let (mut stores, mut stores_encrypted, mut stores_cmk) = (0, 0, 0);
    for node in &model.design.nodes {
        if let Some((encrypted, cmk)) = at_rest_flags(model, node) {
            stores += 1;
            stores_encrypted += usize::from(encrypted);
            stores_cmk += usize::from(encrypted && cmk);
        }
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, infos) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    // The score counts components, not findings: one fix often uncovers the next step on the
    // same component (an HTTPS listener now needs a certificate), which must not cost points.
    let mut worst: IdHashMap<&Target, Severity> = IdHashMap::default();
    for f in findings {
        let w = worst.entry(&f.target).or_insert(f.severity);
        *w = (*w).max(f.severity);
    }
    let error_targets = worst.values().filter(|s| **s == Severity::Error).count();
    let warning_targets = worst.values().filter(|s| **s == Severity::Warning).count();
    Summary {
        score: score(
            Coverage { flows, flows_encrypted, stores, stores_encrypted, stores_cmk },
            error_targets,
            warning_targets,
        ),
        flows,
        flows_encrypted,
        transit_pct: pct(flows_encrypted, flows),
        loopback_flows,
        stores,
        stores_encrypted,
        rest_pct: pct(stores_encrypted, stores),
        stores_cmk,
        cmk_pct: pct(stores_cmk, stores),
        errors,
        warnings,
        infos,
    }
}

/// The counts the coverage part of the score is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    /// Network flows.
    pub flows: usize,
    /// Encrypted network flows.
    pub flows_encrypted: usize,
    /// Stores.
    pub stores: usize,
    /// Stores encrypted at rest.
    pub stores_encrypted: usize,
    /// Stores on a customer managed key.
    pub stores_cmk: usize,
}

/// The score formula of [`SCORE_EXPLANATION`]: `errors` is the number of components (nodes,
/// edges, the design) with an error finding, `warnings` the number with a warning and no
/// error.
#[must_use]
#[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0..=100
pub fn score(c: Coverage, errors: usize, warnings: usize) -> u8 {
    let share = |part: usize, whole: usize| if whole == 0 { 1.0 } else { part.min(whole) as f64 / whole as f64 };
    let coverage = 50.0 * share(c.flows_encrypted, c.flows)
        + 30.0 * share(c.stores_encrypted, c.stores)
        + 20.0 * share(c.stores_cmk, c.stores);
    let penalty = 1.0 / (1.0 + 0.15 * errors as f64 + 0.04 * warnings as f64);
    // The epsilon keeps a perfect design at exactly 100 despite float rounding.
    (coverage * penalty + 1e-9).floor().clamp(0.0, 100.0) as u8
}

#[allow(clippy::cast_precision_loss)] // counts are small
fn pct(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        return 100.0;
    }
    // Rounded down so that 100 means all of them.
    (part as f64 * 1000.0 / whole as f64 + 1e-9).floor() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{check_model, Options};
    use crate::templates;
    use proptest::prelude::*;

    fn summary_of(name: &str) -> Summary {
        let d = (templates::template(name).unwrap().build)();
        let m = Model::new(&d);
        let findings = check_model(&m, &Options::default());
        summarize(&m, &findings)
    }

    #[test]
    fn reference_scores_100_and_baseline_scores_low() {
        let r = summary_of("django-encrypted");
        assert_eq!((r.errors, r.warnings), (0, 0), "{r:?}");
        assert_eq!(r.transit_pct, 100.0);
        assert_eq!(r.rest_pct, 100.0);
        assert_eq!(r.cmk_pct, 100.0);
        assert_eq!(r.loopback_flows, 1, "nginx → gunicorn");
        assert_eq!(r.score, 100);
        let b = summary_of("django-baseline");
        assert!(b.score <= 30, "{b:?}");
        assert!(b.transit_pct < 50.0 && b.stores_cmk == 0, "{b:?}");
        assert_eq!(b.loopback_flows, 0);
    }

    #[test]
    fn percentages_round_down() {
        assert_eq!(pct(199, 200), 99.5);
        assert_eq!(pct(1999, 2000), 99.9);
        assert_eq!(pct(19_999, 20_000), 99.9);
        assert_eq!(pct(0, 0), 100.0);
        assert_eq!(pct(1, 3), 33.3);
    }

    fn cov() -> impl Strategy<Value = (Coverage, usize, usize)> {
        (0usize..50, 0usize..50, 0usize..20, 0usize..20, 0usize..20, 0usize..40, 0usize..40).prop_map(
            |(flows, fe, stores, se, sc, e, w)| {
                let flows_encrypted = fe.min(flows);
                let stores_encrypted = se.min(stores);
                let stores_cmk = sc.min(stores_encrypted);
                (Coverage { flows, flows_encrypted, stores, stores_encrypted, stores_cmk }, e, w)
            },
        )
    }

    proptest! {
        #[test]
        fn score_is_monotone((c, e, w) in cov()) {
            let s = score(c, e, w);
            prop_assert!(s <= 100);
            if c.flows_encrypted < c.flows {
                let better = Coverage { flows_encrypted: c.flows_encrypted + 1, ..c };
                prop_assert!(score(better, e, w) >= s);
            }
            if c.stores_encrypted < c.stores {
                let better = Coverage { stores_encrypted: c.stores_encrypted + 1, ..c };
                prop_assert!(score(better, e, w) >= s);
            }
            if c.stores_cmk < c.stores_encrypted {
                let better = Coverage { stores_cmk: c.stores_cmk + 1, ..c };
                prop_assert!(score(better, e, w) >= s);
            }
            // An encrypted flow added next to the others never lowers the share.
            let added = Coverage { flows: c.flows + 1, flows_encrypted: c.flows_encrypted + 1, ..c };
            prop_assert!(score(added, e, w) >= s);
            if e > 0 {
                prop_assert!(score(c, e - 1, w) >= s, "an error resolved");
                prop_assert!(score(c, e - 1, w + 1) >= s, "an error lowered to a warning");
            }
            if w > 0 {
                prop_assert!(score(c, e, w - 1) >= s, "a warning resolved or lowered to an info");
            }
            let perfect = c.flows_encrypted == c.flows && c.stores_cmk == c.stores && e == 0 && w == 0;
            prop_assert_eq!(s == 100, perfect);
        }
    }
}
