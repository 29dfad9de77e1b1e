//! Autofix properties: applying every autofix (`rules::fix_all`) to any template, and to
//! randomly weakened copies of the reference design, leaves no error; fixes converge instead of
//! looping; and every weak network flow is reported exactly by the rule that owns it.

mod fixtures;

use cipherplan::catalog::{EdgeKind, PropType};
use cipherplan::design::Design;
use cipherplan::finding::{Finding, Severity, Target};
use cipherplan::hop::{assess, Grade};
use cipherplan::model::Model;
use cipherplan::rules::transit::specific_owner;
use cipherplan::rules::{check, fix_all, Options};
use cipherplan::templates::{reference, TEMPLATES};
use cipherplan::Value;
use proptest::prelude::*;

/// More fixes than any design here needs; reaching it means a fix does not resolve its finding.
const LIMIT: usize = 400;

fn errors(design: &Design, options: &Options) -> Vec<Finding> {
    check(design, options).into_iter().filter(|f| f.severity == Severity::Error).collect()
}

fn assert_fixes_converge(design: &Design, options: &Options, what: &str) -> Design {
    let (fixed, applied) = fix_all(design, options, LIMIT);
    assert!(applied.len() < LIMIT, "{what}: fixes do not converge, last: {:?}", applied.last());
    let left = errors(&fixed, options);
    assert!(left.is_empty(), "{what}: errors left after {} fixes: {left:#?}", applied.len());
    // Every fix resolves its own finding: nothing fixable is left at any severity.
    let fixable: Vec<_> = check(&fixed, options).into_iter().filter(|f| f.autofix.is_some()).collect();
    assert!(fixable.is_empty(), "{what}: fixable findings left after {} fixes: {fixable:#?}", applied.len());
    // Fixed designs stay loadable: ids unique, edges joining existing nodes, props valid.
    cipherplan::load(&fixed.to_json()).unwrap_or_else(|e| panic!("{what}: fixed design does not load: {e}"));
    fixed
}

#[test]
fn every_template_fixes_to_zero_errors() {
    for t in TEMPLATES {
        for strict in [false, true] {
            let options = Options { strict };
            assert_fixes_converge(&(t.build)(), &options, t.name);
        }
    }
}

#[test]
fn the_every_kind_design_fixes_to_zero_errors() {
    for strict in [false, true] {
        let d = fixtures::every_kind();
        assert_weak_flows_reported_once(&d, &Options { strict });
        assert_fixes_converge(&d, &Options { strict }, "every-kind");
    }
}

#[test]
fn fixing_the_baseline_reaches_the_reference_shape() {
    let baseline = cipherplan::templates::template("django-baseline").map(|t| (t.build)()).unwrap();
    let fixed = assert_fixes_converge(&baseline, &Options::default(), "django-baseline");
    let loud: Vec<_> = check(&fixed, &Options::default()).into_iter().filter(|f| f.severity > Severity::Info).collect();
    assert!(loud.is_empty(), "{loud:#?}");
    // The ALB now reaches an nginx sidecar over HTTPS, as in the reference design.
    let alb_flow = fixed.edges.iter().find(|e| e.kind == EdgeKind::Flow && e.from == "alb").unwrap();
    let target = fixed.node(&alb_flow.to).unwrap();
    assert_eq!(target.parent.as_deref(), Some("web"));
    assert!(target.bool("listens_tls"));
}

/// Every (node or edge, property, value) a weakening may set: each boolean to `false`, each
/// enumeration to each of its options.
fn weakenings(design: &Design) -> Vec<(Target, String, Value)> {
    let mut out = Vec::new();
    let mut add = |target: Target, props: &[cipherplan::catalog::PropSpec]| {
        for p in props.iter().filter(|p| !p.usage) {
            match p.ty {
                PropType::Bool => out.push((target.clone(), p.name.to_owned(), Value::Bool(false))),
                PropType::Enum(options) => {
                    for o in options {
                        out.push((target.clone(), p.name.to_owned(), Value::from(*o)));
                    }
                }
                _ => {}
            }
        }
    };
    for n in &design.nodes {
        add(Target::Node(n.id.clone()), n.kind.spec().props);
    }
    for e in &design.edges {
        add(Target::Edge(e.id.clone()), e.kind.spec().props);
    }
    out
}

fn weaken(design: &Design, picks: &[prop::sample::Index]) -> Design {
    let all = weakenings(design);
    let mut d = design.clone();
    for pick in picks {
        let (target, prop, value) = &all[pick.index(all.len())];
        match target {
            Target::Node(id) => {
                d.node_mut(id).unwrap().props.insert(prop.clone(), value.clone());
            }
            Target::Edge(id) => {
                d.edge_mut(id).unwrap().props.insert(prop.clone(), value.clone());
            }
            Target::Design => {}
        }
    }
    d
}

/// Every weak network flow is reported exactly once: by CP-T015, or (never both) by the rule
/// `specific_owner` names, on the flow or on one of its ends.
fn assert_weak_flows_reported_once(design: &Design, options: &Options) {
    let model = Model::new(design);
    let findings = check(design, options);
    let has = |code: &str, ids: &[&str]| {
        findings.iter().any(|f| f.code == code && f.target.id().is_some_and(|t| ids.contains(&t)))
    };
    for flow in model.edges_of(EdgeKind::Flow) {
        let hop = assess(&model, flow);
        let generic = has("CP-T015", &[&flow.id]);
        if hop.loopback || hop.grade >= Grade::Unverified {
            assert!(!generic, "{}: CP-T015 on a flow that is not weak", flow.id);
            continue;
        }
        match specific_owner(&model, flow) {
            Some(code) => {
                assert!(!generic, "{}: reported by CP-T015 and owned by {code}", flow.id);
                assert!(
                    has(code, &[&flow.id, &flow.from, &flow.to]),
                    "{}: weak ({}) and owned by {code}, which reports nothing on it",
                    flow.id,
                    hop.reason
                );
            }
            None => assert!(generic, "{}: weak ({}) and reported by no rule", flow.id, hop.reason),
        }
    }
}

#[test]
fn weak_flows_of_the_templates_are_reported_once() {
    for t in TEMPLATES {
        assert_weak_flows_reported_once(&(t.build)(), &Options::default());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn weakened_reference_designs_fix_to_zero_errors(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..12),
        strict in any::<bool>(),
    ) {
        let options = Options { strict };
        let weak = weaken(&reference(), &picks);
        assert_weak_flows_reported_once(&weak, &options);
        assert_fixes_converge(&weak, &options, "weakened reference");
    }

    #[test]
    fn weakened_author_templates_fix_to_zero_errors(
        which in 0..TEMPLATES.len(),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..8),
    ) {
        let weak = weaken(&(TEMPLATES[which].build)(), &picks);
        assert_weak_flows_reported_once(&weak, &Options::default());
        assert_fixes_converge(&weak, &Options::default(), TEMPLATES[which].name);
    }

    #[test]
    fn weakened_every_kind_designs_fix_to_zero_errors(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..12),
        strict in any::<bool>(),
    ) {
        let options = Options { strict };
        let weak = weaken(&fixtures::every_kind(), &picks);
        assert_weak_flows_reported_once(&weak, &options);
        assert_fixes_converge(&weak, &options, "weakened every-kind");
    }
}
