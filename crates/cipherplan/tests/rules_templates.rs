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

/// Whether `findings` hold one with `code` at `severity` on `target`.
fn has(findings: &[Finding], code: &str, severity: Severity, target: &str) -> bool {
    findings.iter().any(|f| f.code == code && f.severity == severity && f.target.id() == Some(target))
}

/// One expectation: `(code, severity, target, present)`.
type Expect = (&'static str, Severity, &'static str, bool);

fn check_expectations(name: &str, expectations: &[Expect]) {
    let found = findings(name, false);
    for &(code, severity, target, present) in expectations {
        assert_eq!(
            has(&found, code, severity, target),
            present,
            "{name}: expected {code} {severity} on `{target}` to be {}",
            if present { "reported" } else { "absent" }
        );
    }
}

use Severity::{Error as E, Info as I, Warning as W};

/// What every stack that runs the author's Django app gets from the app itself: a SECRET_KEY
/// fallback in settings on every Django service (not the front end) and `sslmode=verify-full`
/// from the services (so no sslmode finding on them).
const APP: &[Expect] = &[
    ("CP-K002", E, "web", true),
    ("CP-K002", E, "worker", true),
    ("CP-K002", E, "beat", true),
    ("CP-K002", E, "pre-update", true),
    ("CP-K002", E, "web-ui", false),
    ("CP-T008", E, "gunicorn-db", false),
    ("CP-T008", W, "gunicorn-db", false),
    // psql through the socat forwarder: libpq's default sslmode=prefer.
    ("CP-T008", E, "bastion-db", true),
    ("CP-A008", W, "bastion", true),
    ("CP-K001", W, "db-password", true),
    ("CP-R009", W, "db", true),
    ("CP-T004", E, "alb-web-ui-app", true),
];

#[test]
fn terraform_library_findings_follow_from_its_settings() {
    check_expectations("terraform-aws-django-0.25", APP);
    check_expectations(
        "terraform-aws-django-0.25",
        &[
            ("CP-T002", E, "alb", true),
            ("CP-T001", E, "alb", false),
            ("CP-T004", E, "alb-gunicorn", true),
            ("CP-R001", E, "db", false),
            ("CP-R010", W, "db", true),
            ("CP-T007", E, "db", true),
            ("CP-T010", E, "redis", true),
            ("CP-R002", E, "redis", true),
            ("CP-T011", W, "redis", true),
            ("CP-A004", E, "media", true),
            ("CP-R004", I, "media", true),
            ("CP-T013", E, "media", true),
            ("CP-A001", W, "cluster", true),
            ("CP-A002", W, "bastion", true),
            ("CP-A007", W, "web", false),
        ],
    );
}

#[test]
fn cdk_library_findings_follow_from_its_settings() {
    check_expectations("cdk-django-1.8", APP);
    check_expectations(
        "cdk-django-1.8",
        &[
            ("CP-T002", E, "alb", true),
            ("CP-T004", E, "alb-gunicorn", true),
            ("CP-R001", E, "db", true),
            ("CP-T007", E, "db", false),
            ("CP-T010", E, "redis", true),
            ("CP-R002", E, "redis", true),
            ("CP-A004", E, "media", false),
            ("CP-R004", I, "media", true),
            ("CP-A007", W, "web", true),
            ("CP-A007", W, "web-ui", true),
            ("CP-A001", W, "cluster", true),
            ("CP-A002", W, "bastion", false),
            ("CP-R005", W, "app-logs", false),
        ],
    );
}

#[test]
fn pulumi_library_findings_follow_from_its_settings() {
    check_expectations("pulumi-aws-django-1.28", APP);
    check_expectations(
        "pulumi-aws-django-1.28",
        &[
            ("CP-T002", E, "alb", true),
            ("CP-T004", E, "alb-nginx", false),
            ("CP-T005", I, "nginx-gunicorn", true),
            ("CP-T007", E, "db", false),
            ("CP-R001", E, "db", true),
            ("CP-T010", E, "redis", true),
            ("CP-R002", E, "redis", true),
            ("CP-R004", I, "media", true),
            ("CP-A004", E, "media", false),
            ("CP-A007", W, "web", true),
            ("CP-A002", W, "bastion", true),
        ],
    );
}

#[test]
fn the_baseline_gets_the_findings_of_aws_defaults() {
    check_expectations(
        "django-baseline",
        &[
            ("CP-T001", E, "alb", true),
            ("CP-T004", E, "alb-gunicorn", true),
            ("CP-R001", E, "db", true),
            ("CP-T007", E, "db", false),
            ("CP-T008", E, "gunicorn-db", true),
            ("CP-T010", E, "redis", true),
            ("CP-R002", E, "redis", true),
            ("CP-T013", E, "media", true),
            ("CP-R004", I, "media", true),
            ("CP-A004", E, "media", false),
            ("CP-K002", E, "web", true),
            ("CP-R008", E, "bastion", true),
            ("CP-A002", W, "bastion", true),
            // Nothing is flagged twice: the plaintext client flows are the server rules' findings.
            ("CP-T015", E, "gunicorn-redis", false),
            ("CP-T015", E, "users-alb", false),
        ],
    );
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
