//! The registry's promises, checked over a corpus of fixtures: every rule fires somewhere, and
//! every rule marked fixable offers an autofix on some fixture (the registry test every new
//! rule gets for free).

mod fixtures;

use cipherplan::catalog::PropType;
use cipherplan::design::Design;
use cipherplan::rules::{check, Options, RULES};
use cipherplan::templates::TEMPLATES;
use cipherplan::Value;
use std::collections::BTreeSet;

/// Templates, the every-kind design, and every single-property weakening of the templates
/// (each boolean set to false, each enumeration to each of its options).
fn corpus() -> Vec<Design> {
    let mut out: Vec<Design> = TEMPLATES.iter().map(|t| (t.build)()).collect();
    out.push(fixtures::every_kind());
    for t in TEMPLATES {
        let base = (t.build)();
        for (i, n) in base.nodes.iter().enumerate() {
            for p in n.kind.spec().props.iter().filter(|p| !p.usage) {
                for value in weak_values(p.ty) {
                    let mut d = base.clone();
                    d.nodes[i].props.insert(p.name.to_owned(), value);
                    out.push(d);
                }
            }
        }
        for (i, e) in base.edges.iter().enumerate() {
            for p in e.kind.spec().props.iter().filter(|p| !p.usage) {
                for value in weak_values(p.ty) {
                    let mut d = base.clone();
                    d.edges[i].props.insert(p.name.to_owned(), value);
                    out.push(d);
                }
            }
        }
    }
    out
}

fn weak_values(ty: PropType) -> Vec<Value> {
    match ty {
        PropType::Bool => vec![Value::Bool(false), Value::Bool(true)],
        PropType::Enum(options) => options.iter().map(|o| Value::from(*o)).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn every_rule_fires_and_every_fixable_rule_fixes_on_some_fixture() {
    let mut fired = BTreeSet::new();
    let mut fixed = BTreeSet::new();
    for design in corpus() {
        for strict in [false, true] {
            for f in check(&design, &Options { strict }) {
                fired.insert(f.code);
                if f.autofix.as_ref().is_some_and(|fix| !fix.patches.is_empty()) {
                    fixed.insert(f.code);
                }
            }
        }
    }
    for rule in RULES {
        let m = rule.meta();
        assert!(fired.contains(m.code), "{} never fires on any fixture", m.code);
        assert_eq!(
            fixed.contains(m.code),
            m.fixable,
            "{}: `fixable` says {}, fixtures say otherwise",
            m.code,
            m.fixable
        );
    }
}

#[test]
fn findings_carry_their_rules_facts() {
    for f in check(&fixtures::every_kind(), &Options::default()) {
        let rule = cipherplan::rules::rule(f.code).expect("a registered code");
        assert_eq!(f.scanner_ids, rule.meta().scanner_ids, "{}", f.code);
        assert!(!f.message.is_empty() && !f.fix.is_empty(), "{}", f.code);
        if let Some(fix) = &f.autofix {
            assert_eq!(f.fix, fix.title, "{}: the fix text is the autofix title", f.code);
        }
    }
}

#[test]
fn findings_and_fixes_do_not_depend_on_the_order_of_the_design() {
    let mut designs: Vec<Design> = TEMPLATES.iter().map(|t| (t.build)()).collect();
    designs.push(fixtures::every_kind());
    // A sample of the weakened designs too (every 7th), to keep the test quick.
    designs.extend(corpus().into_iter().step_by(7));
    for d in designs {
        let mut reversed = d.clone();
        reversed.nodes.reverse();
        reversed.edges.reverse();
        for strict in [false, true] {
            let options = Options { strict };
            assert_eq!(
                canonical(&check(&d, &options)),
                canonical(&check(&reversed, &options)),
                "{} (strict {strict})",
                d.name
            );
        }
    }
}

/// Findings with each fix's patches as a set: patches that touch different things may come in
/// any order (they follow the design's edge order), their effect does not.
fn canonical(findings: &[cipherplan::Finding]) -> Vec<(String, Vec<String>)> {
    findings
        .iter()
        .map(|f| {
            let mut patches: Vec<String> =
                f.autofix.iter().flat_map(|fix| fix.patches.iter().map(|p| format!("{p:?}"))).collect();
            patches.sort();
            (format!("{} {} {} {} | {}", f.severity, f.code, f.target, f.message, f.fix), patches)
        })
        .collect()
}
