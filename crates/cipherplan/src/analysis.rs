//! One call that judges a design: rules, path analysis and summary figures.
//!
//! API boundary: [`analyze`] is what the CLI, the report and the browser call. It builds the
//! graph model once and assesses every flow once, then shares both between the rules, the
//! path analysis and the summary.

use crate::design::Design;
use crate::finding::Finding;
use crate::model::Model;
use crate::paths::{self, StorePaths, DEFAULT_PATHS_PER_STORE};
use crate::rules::{self, Options};
use crate::summary::{self, Summary};
use serde::Serialize;

/// Everything cipherplan has to say about a design.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// Rule findings, worst first (severity, then code, then target).
    pub findings: Vec<Finding>,
    /// Coverage figures, finding counts and the score.
    pub summary: Summary,
    /// Paths from the entry points to every store, in design order.
    pub paths: Vec<StorePaths>,
}

/// Judges a design: runs every rule, analyses the paths to every store (up to
/// [`DEFAULT_PATHS_PER_STORE`] worst paths each) and computes the summary.
///
/// `options.strict` is combined with the design's own `settings.strict`.
#[must_use]
pub fn analyze(design: &Design, options: &Options) -> Analysis {
    let model = Model::new(design);
    let findings = rules::check_model(&model, options);
    let hops = paths::assess_flows(&model);
    let paths = paths::analyze_with_hops(&model, &hops, DEFAULT_PATHS_PER_STORE);
    let summary = summary::summarize_with_hops(&model, &hops, &findings);
    Analysis { findings, summary, paths }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::TEMPLATES;

    #[test]
    fn analysis_agrees_with_its_parts_on_every_template() {
        for t in TEMPLATES {
            let d = (t.build)();
            let a = analyze(&d, &Options::default());
            let m = Model::new(&d);
            assert_eq!(a.findings, rules::check(&d, &Options::default()), "{}", t.name);
            assert_eq!(a.paths, paths::analyze_paths(&m, DEFAULT_PATHS_PER_STORE), "{}", t.name);
            assert_eq!(a.summary, summary::summarize(&m, &a.findings), "{}", t.name);
        }
    }
}
