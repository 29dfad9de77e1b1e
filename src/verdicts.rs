//! What the canvas shows about a design, computed by the core in one pass per edit: findings,
//! the summary figures, the paths from the entry points to every store, and for drawing,
//! each flow's hop assessment and each store's encryption at rest. Components only look
//! things up here.
//!
//! The pass is `cipherplan::analysis::analyze` taken apart so the hop assessments it makes
//! once are also kept for the canvas (a test checks both give the same answer).

use cipherplan::finding::{Finding, Severity};
use cipherplan::hop::Hop;
use cipherplan::model::Model;
use cipherplan::paths::{self, StorePaths, DEFAULT_PATHS_PER_STORE};
use cipherplan::rest::{self, AtRest};
use cipherplan::rules::{self, Options};
use cipherplan::summary::{self, Summary};
use cipherplan::Design;
use std::collections::{HashMap, HashSet};

/// Everything derived from one version of the design.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdicts {
    /// Findings, worst first.
    pub findings: Vec<Finding>,
    /// Coverage, counts and score.
    pub summary: Summary,
    /// Paths into every store.
    pub paths: Vec<StorePaths>,
    /// Hop assessment per flow edge id.
    pub hops: HashMap<String, Hop>,
    /// At-rest assessment per store node id.
    pub rest: HashMap<String, AtRest>,
    /// Worst severity and number of findings per node or edge id.
    pub marks: HashMap<String, (Severity, usize)>,
}

impl Verdicts {
    /// Runs the core over `design`.
    #[must_use]
    pub fn of(design: &Design) -> Self {
        let model = Model::new(design);
        let options = Options::default();
        let findings = rules::check_model(&model, &options);
        let assessed = paths::assess_flows(&model);
        let paths = paths::analyze_with_hops(&model, &assessed, DEFAULT_PATHS_PER_STORE);
        let summary = summary::summarize_with_hops(&model, &assessed, &findings);
        let hops: HashMap<String, Hop> =
            assessed.into_iter().enumerate().filter_map(|(i, h)| Some((design.edges[i].id.clone(), h?))).collect();
        let rest: HashMap<String, AtRest> =
            design.nodes.iter().filter_map(|n| rest::at_rest(&model, n).map(|a| (n.id.clone(), a))).collect();
        let mut marks: HashMap<String, (Severity, usize)> = HashMap::new();
        for f in &findings {
            if let Some(id) = f.target.id() {
                let m = marks.entry(id.to_owned()).or_insert((f.severity, 0));
                m.0 = m.0.max(f.severity);
                m.1 += 1;
            }
        }
        Verdicts { findings, summary, paths, hops, rest, marks }
    }

    /// The paths into one store.
    #[must_use]
    pub fn store_paths(&self, store: &str) -> Option<&StorePaths> {
        self.paths.iter().find(|p| p.store == store)
    }
}

/// What the path view highlights: the nodes and flows on the paths into one store, with the
/// number of each flow's first appearance as a hop.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathFocus {
    /// The store.
    pub store: String,
    /// Nodes on some path.
    pub nodes: HashSet<String>,
    /// Flow id → hop number (1-based) on the first path it appears on.
    pub edges: HashMap<String, usize>,
}

impl PathFocus {
    /// The focus for `store`, from its paths.
    #[must_use]
    pub fn of(v: &Verdicts, store: &str) -> Self {
        let mut f = PathFocus { store: store.to_owned(), ..PathFocus::default() };
        f.nodes.insert(store.to_owned());
        if let Some(sp) = v.store_paths(store) {
            for p in &sp.paths {
                f.nodes.insert(p.entry.clone());
                for (i, h) in p.hops.iter().enumerate() {
                    f.nodes.insert(h.from.clone());
                    f.nodes.insert(h.to.clone());
                    if !h.edge.is_empty() {
                        f.edges.entry(h.edge.clone()).or_insert(i + 1);
                    }
                }
            }
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cipherplan::templates::TEMPLATES;

    #[test]
    fn the_verdicts_agree_with_the_core_analysis() {
        for t in TEMPLATES {
            let d = (t.build)();
            let a = cipherplan::analysis::analyze(&d, &Options::default());
            let v = Verdicts::of(&d);
            assert_eq!(v.findings, a.findings, "{}", t.name);
            assert_eq!(v.summary, a.summary, "{}", t.name);
            assert_eq!(v.paths, a.paths, "{}", t.name);
        }
    }

    #[test]
    fn the_reference_has_hops_for_every_flow_and_badges_for_every_store() {
        let d = cipherplan::templates::reference();
        let v = Verdicts::of(&d);
        let flows = d.edges.iter().filter(|e| e.kind == cipherplan::catalog::EdgeKind::Flow).count();
        assert_eq!(v.hops.len(), flows);
        assert_eq!(v.rest.len(), v.summary.stores);
        let f = PathFocus::of(&v, "db");
        assert!(f.nodes.contains("users") && f.nodes.contains("alb"), "{f:?}");
        assert!(f.edges.contains_key("users-alb"));
    }
}
