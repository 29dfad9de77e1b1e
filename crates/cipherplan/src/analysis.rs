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
    let paths = paths::analyze_with_hops(&model, model.hops(), DEFAULT_PATHS_PER_STORE);
    let summary = summary::summarize_with_hops(&model, model.hops(), &findings);
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

    /// The worst severity per flagged component.
    fn flagged(a: &Analysis) -> std::collections::HashMap<crate::finding::Target, crate::Severity> {
        let mut m = std::collections::HashMap::new();
        for f in &a.findings {
            let w = m.entry(f.target.clone()).or_insert(f.severity);
            *w = (*w).max(f.severity);
        }
        m
    }

    /// Fixing something never lowers the score: apply the autofixes one at a time, as the
    /// browser's "fix" buttons do. A fix that leaves no component worse off (no new component
    /// flagged, none flagged more severely) must not lower the score; one that uncovers a gap
    /// on another component (an AUTH token that the clients now need to read) may, and is
    /// printed.
    #[test]
    fn autofixes_never_lower_the_score() {
        let mut designs: Vec<(String, Design)> = TEMPLATES.iter().map(|t| (t.name.to_owned(), (t.build)())).collect();
        for seed in 0..4 {
            designs.push((format!("synth seed {seed}"), crate::synth::generate(120, 3, seed)));
        }
        let mut steps = 0;
        for (name, mut design) in designs {
            let mut before = analyze(&design, &Options::default());
            let mut failed: Vec<String> = Vec::new();
            for _ in 0..300 {
                let Some(fix) =
                    before.findings.iter().filter_map(|f| f.autofix.as_ref()).find(|f| !failed.contains(&f.title))
                else {
                    break;
                };
                let mut next = design.clone();
                if fix.apply(&mut next).is_err() {
                    failed.push(fix.title.clone());
                    continue;
                }
                let after = analyze(&next, &Options::default());
                let (was, now) = (flagged(&before), flagged(&after));
                let no_new_gap = now.iter().all(|(t, s)| was.get(t).is_some_and(|w| w >= s));
                if no_new_gap {
                    assert!(
                        after.summary.score >= before.summary.score,
                        "{name}: `{}` lowered the score from {} to {}",
                        fix.title,
                        before.summary.score,
                        after.summary.score
                    );
                    steps += 1;
                } else if after.summary.score < before.summary.score {
                    eprintln!(
                        "{name}: `{}` uncovers gaps on other components: score {} -> {}",
                        fix.title, before.summary.score, after.summary.score
                    );
                }
                design = next;
                before = after;
            }
        }
        assert!(steps > 50, "only {steps} fixes were checked");
    }
}
