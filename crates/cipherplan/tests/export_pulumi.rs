//! Pulumi export: one snapshot per template, determinism, hostile names, and the projects
//! the proof (`make test-iac-ts`) type-checks and runs under mocks.

#[path = "support/ts_hostile.rs"]
mod support;

use cipherplan::export::pulumi;
use cipherplan::rules;
use cipherplan::templates::TEMPLATES;
use proptest::prelude::*;
use support::{
    assert_tree_contained, corpus_dir, flatten, hostile, hostile_sample, without_messages, write, Lcg, HOSTILE,
};

#[test]
fn snapshots_of_every_template() {
    for t in TEMPLATES {
        let tree = pulumi::export(&(t.build)());
        insta::assert_snapshot!(format!("pulumi-{}", t.name), flatten(&tree));
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
        assert_eq!(without_messages(&pulumi::export(&d)), without_messages(&pulumi::export(&shuffled)), "{}", t.name);
    }
}

#[test]
fn the_program_pins_exact_versions_and_declares_its_config() {
    let tree = pulumi::export(&cipherplan::templates::reference());
    let pkg: serde_json::Value = serde_json::from_str(&tree.files["package.json"]).unwrap();
    for (name, version) in pulumi::VERSIONS {
        let v = pkg["dependencies"].get(*name).or_else(|| pkg["devDependencies"].get(*name));
        assert_eq!(v.and_then(|v| v.as_str()), Some(*version), "{name}");
    }
    let yaml = &tree.files["Pulumi.yaml"];
    assert!(yaml.starts_with("name: \"django-encrypted\"\n"), "{yaml}");
    for key in ["certificateArn", "appImage", "nginxImage"] {
        assert!(yaml.contains(&format!("  {key}:\n")), "{key} in {yaml}");
    }
}

#[test]
fn header_and_readme_list_the_open_findings() {
    for t in TEMPLATES {
        let d = (t.build)();
        let findings = rules::check(&d, &rules::Options::default());
        let tree = pulumi::export(&d);
        let stack = &tree.files["index.ts"];
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
fn write_pulumi_projects_for_the_proof() {
    let root = corpus_dir();
    for t in TEMPLATES {
        let d = (t.build)();
        write(&pulumi::export(&d), &root.join("templates").join(t.name).join("pulumi"));
    }
    for (i, d) in hostile_sample().iter().enumerate() {
        write(&pulumi::export(d), &root.join("hostile").join(i.to_string()).join("pulumi"));
    }
}

#[test]
fn hostile_sample_text_stays_in_strings_and_comments() {
    for d in hostile_sample() {
        assert_tree_contained(&pulumi::export(&d), &[".ts", ".yaml"]);
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
        let tree = pulumi::export(&d);
        prop_assert_eq!(&tree, &pulumi::export(&d));
        assert_tree_contained(&tree, &[".ts", ".yaml"]);
    }
}
