//! AWS CDK export: one snapshot per template, determinism, hostile names, and the projects
//! the proof (`make test-iac-ts`) synthesizes and scans.

#[path = "support/ts_hostile.rs"]
mod support;

use cipherplan::catalog::NodeKind;
use cipherplan::export::cdk;
use cipherplan::rules;
use cipherplan::templates::TEMPLATES;
use proptest::prelude::*;
use support::{
    assert_tree_contained, corpus_dir, flatten, hostile, hostile_sample, without_messages, write, Lcg, HOSTILE,
};

#[test]
fn snapshots_of_every_template() {
    for t in TEMPLATES {
        let tree = cdk::export(&(t.build)());
        insta::assert_snapshot!(format!("cdk-{}", t.name), flatten(&tree));
    }
}

#[test]
fn output_does_not_depend_on_the_order_of_nodes_and_edges() {
    for t in TEMPLATES {
        let d = (t.build)();
        let mut shuffled = d.clone();
        shuffled.nodes.reverse();
        shuffled.edges.reverse();
        // Finding messages are the rules' own text, and some list components in design order
        // (CP-T010's clients, CP-A001's services): compare everything else exactly, and the
        // findings by code and target.
        assert_eq!(without_messages(&cdk::export(&d)), without_messages(&cdk::export(&shuffled)), "{}", t.name);
    }
}

#[test]
fn the_app_pins_exact_versions_and_names_the_stack_file() {
    let tree = cdk::export(&cipherplan::templates::reference());
    let pkg: serde_json::Value = serde_json::from_str(&tree.files["package.json"]).unwrap();
    for (name, version) in cdk::VERSIONS {
        let v = pkg["dependencies"].get(*name).or_else(|| pkg["devDependencies"].get(*name));
        assert_eq!(v.and_then(|v| v.as_str()), Some(*version), "{name}");
    }
    assert!(tree.files.contains_key("lib/django-encrypted-stack.ts"));
    serde_json::from_str::<serde_json::Value>(&tree.files["cdk.json"]).unwrap();
    serde_json::from_str::<serde_json::Value>(&tree.files["tsconfig.json"]).unwrap();
}

#[test]
fn header_and_readme_list_the_open_findings() {
    for t in TEMPLATES {
        let d = (t.build)();
        let findings = rules::check(&d, &rules::Options::default());
        let tree = cdk::export(&d);
        let stack = tree.files.iter().find(|(p, _)| p.starts_with("lib/")).map(|(_, c)| c).unwrap();
        for f in &findings {
            assert!(stack.contains(f.code), "{}: header lacks {}", t.name, f.code);
            assert!(tree.files["README.md"].contains(f.code), "{}: README lacks {}", t.name, f.code);
        }
        if findings.is_empty() {
            assert!(stack.contains("Open findings: none"));
        }
    }
}

/// Writes what the proof harness checks: each template's app plus the scanner ids the
/// validator reports, and a fixed sample of hostile-name designs.
#[test]
fn write_cdk_projects_for_the_proof() {
    let root = corpus_dir();
    for t in TEMPLATES {
        let d = (t.build)();
        write(&cdk::export(&d), &root.join("templates").join(t.name).join("cdk"));
        std::fs::write(root.join("templates").join(t.name).join("expected.json"), expected(&d)).unwrap();
    }
    for (i, d) in hostile_sample().iter().enumerate() {
        write(&cdk::export(d), &root.join("hostile").join(i.to_string()).join("cdk"));
    }
}

/// The validator's view of a design, for the agreement check.
fn expected(d: &cipherplan::Design) -> String {
    let findings = rules::check(d, &rules::Options::default());
    let items: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            let node = f.target.id().and_then(|id| d.node(id));
            serde_json::json!({
                "code": f.code,
                "target": f.target.id(),
                "kind": node.map(|n| n.kind.as_str()),
                "resource_type": node.filter(|n| n.kind == NodeKind::ElasticacheRedis).map(|n| n.text("resource_type")),
                "force_ssl": node.filter(|n| n.kind == NodeKind::RdsPostgres).map(|n| n.text("rds.force_ssl")),
                "http_listener": node.filter(|n| n.kind == NodeKind::Alb).map(|n| n.text("http_listener")),
                "scanner_ids": f.scanner_ids,
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "design": d.name, "findings": items })).unwrap() + "\n"
}

#[test]
fn hostile_sample_text_stays_in_strings_and_comments() {
    for d in hostile_sample() {
        assert_tree_contained(&cdk::export(&d), &[".ts"]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any text as names, labels and free-text properties: the app stays valid TypeScript
    /// text-wise (design text only in strings and comments) and the export is deterministic.
    #[test]
    fn any_names_stay_in_strings_and_comments(
        seed in 0u64..1000,
        pieces in proptest::collection::vec(any::<String>(), 1..8),
        template in 0..TEMPLATES.len(),
    ) {
        let base = (TEMPLATES[template].build)();
        let mut rng = Lcg::new(seed);
        let d = hostile(&base, |n| format!("{}{}{n}", pieces[n % pieces.len()], rng.pick(HOSTILE)));
        let tree = cdk::export(&d);
        prop_assert_eq!(&tree, &cdk::export(&d));
        assert_tree_contained(&tree, &[".ts"]);
    }
}
