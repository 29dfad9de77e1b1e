//! The findings of every built-in template, as snapshots, plus the properties the templates
//! promise: the reference design is clean, and each "before" template gets the findings that
//! follow from the library it copies.

use cipherplan::finding::{Finding, Severity};
use cipherplan::rules::{check, Options};
use cipherplan::templates::{template, TEMPLATES};
use serde::Serialize;

/// The part of a finding a snapshot should pin down.
#[derive(Serialize)]
struct Row<'a> {
    code: &'a str,
    severity: Severity,
    target: String,
    message: &'a str,
}

fn rows(findings: &[Finding]) -> Vec<Row<'_>> {
    findings
        .iter()
        .map(|f| Row { code: f.code, severity: f.severity, target: f.target.to_string(), message: &f.message })
        .collect()
}

fn findings(name: &str, strict: bool) -> Vec<Finding> {
    let t = template(name).unwrap_or_else(|| panic!("no template {name}"));
    check(&(t.build)(), &Options { strict })
}

fn codes(findings: &[Finding], severity: Severity) -> Vec<&'static str> {
    let mut c: Vec<_> = findings.iter().filter(|f| f.severity == severity).map(|f| f.code).collect();
    c.dedup();
    c
}

#[test]
fn snapshots_of_every_template() {
    for t in TEMPLATES {
        let found = check(&(t.build)(), &Options::default());
        insta::assert_json_snapshot!(t.name, rows(&found));
    }
    insta::assert_json_snapshot!("django-encrypted-strict", rows(&findings("django-encrypted", true)));
}

#[test]
fn the_reference_design_has_no_errors_and_no_warnings() {
    let found = findings("django-encrypted", false);
    let loud: Vec<_> = found.iter().filter(|f| f.severity > Severity::Info).collect();
    assert!(loud.is_empty(), "{loud:#?}");
    // The one info: plaintext on the web task's loopback interface.
    assert!(found.iter().any(|f| f.code == "CP-T005" && f.target.id() == Some("nginx-gunicorn")));
}

#[test]
fn strict_mode_asks_for_gunicorn_tls() {
    let found = findings("django-encrypted", true);
    let warnings: Vec<_> = found.iter().filter(|f| f.severity == Severity::Warning).map(|f| f.code).collect();
    assert_eq!(warnings, ["CP-T005"]);
    assert!(found.iter().all(|f| f.severity != Severity::Error));
}
