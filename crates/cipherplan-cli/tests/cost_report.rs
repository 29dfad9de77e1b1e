//! `cipherplan cost` and `cipherplan report` end to end: formats, files, errors and exit codes,
//! and `report --format sarif` validated against the official SARIF 2.1.0 schema.

mod common;

use common::{cipherplan, template, TempFile};
use serde_json::Value as Json;

#[test]
fn cost_prints_text_and_json() {
    let r = cipherplan(&["cost", "-"], &template("django-encrypted"), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("Monthly cost estimate of django-encrypted: us-east-1"), "{}", r.stdout);
    assert!(r.stdout.contains("Price of encryption: $13.58 a month"), "{}", r.stdout);
    assert!(r.stdout.contains("no price for Container Insights in us-east-1"));

    let r = cipherplan(&["cost", "-", "--format", "json"], &template("django-encrypted"), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Json = serde_json::from_str(&r.stdout).unwrap();
    assert!((v["estimate"]["total"].as_f64().unwrap() - 176.345_86).abs() < 1e-6);
    assert!((v["encryption"]["delta"].as_f64().unwrap() - 13.580_025).abs() < 1e-6);
    assert_eq!(v["estimate"]["lines"][0]["source"], "Infracost golden tests");
}

#[test]
fn cost_assumptions_come_from_options() {
    let args = ["cost", "-", "--format", "json", "--hours-per-month", "720", "--spot-discount", "0.5"];
    let r = cipherplan(&args, &template("terraform-aws-django-0.25"), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Json = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["estimate"]["assumptions"]["hours_per_month"], 720.0);
    let spot = v["estimate"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["component"] == "web" && l["item"] == "Fargate Spot discount (estimate)")
        .unwrap();
    assert_eq!(spot["unit_price"], -0.5);
}

#[test]
fn cost_refuses_a_region_without_prices_and_bad_input() {
    let r = cipherplan(&["cost", "-", "--region", "eu-west-1"], &template("django-encrypted"), &[]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "error: no prices for region eu-west-1 (prices exist for: us-east-1)\n");
    assert!(r.stdout.is_empty());
    let r = cipherplan(&["cost", "-", "--spot-discount", "lots"], &template("django-encrypted"), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--spot-discount expects a number, not `lots`"), "{}", r.stderr);
    let r = cipherplan(&["cost", "-", "--hours-per-month", "900"], &template("django-encrypted"), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("at most 744"), "{}", r.stderr);
    let r = cipherplan(&["cost", "-"], "{\"format\": \"cipherplan/1\"", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a usable cipherplan design"), "{}", r.stderr);
    let r = cipherplan(&["cost", "-", "--format", "yaml"], "", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--format must be one of text, json"), "{}", r.stderr);
}

#[test]
fn report_writes_every_format() {
    let design = TempFile::new("django baseline.json", template("django-baseline").as_bytes());
    let dir = std::path::Path::new(design.path()).parent().unwrap().to_path_buf();
    for (format, name) in [("html", "r.html"), ("md", "r.md"), ("json", "r.json"), ("sarif", "r.sarif")] {
        let out = dir.join(name);
        let r = cipherplan(&["report", design.path(), "--format", format, "--out", out.to_str().unwrap()], "", &[]);
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{format} writes to the file only");
        let text = std::fs::read_to_string(&out).unwrap();
        match format {
            "html" => assert!(text.starts_with("<!DOCTYPE html>") && text.contains("django-baseline")),
            "md" => {
                assert!(text.contains("![Diagram of django-baseline](r.svg)"));
                let svg = std::fs::read_to_string(dir.join("r.svg")).unwrap();
                assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
            }
            "json" => assert_eq!(serde_json::from_str::<Json>(&text).unwrap()["format"], "cipherplan-report/1"),
            _ => assert_eq!(serde_json::from_str::<Json>(&text).unwrap()["version"], "2.1.0"),
        }
    }
    // Without --out the report goes to standard output.
    let r = cipherplan(&["report", "-", "--format", "json"], &template("django-baseline"), &[]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("\"format\": \"cipherplan-report/1\""));
}

#[test]
fn report_usage_errors_exit_2() {
    let r = cipherplan(&["report", "-"], &template("django-baseline"), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--format is required"), "{}", r.stderr);
    let r = cipherplan(&["report", "-", "--format", "pdf"], &template("django-baseline"), &[]);
    assert_eq!(r.code, 2);
    let r = cipherplan(
        &["report", "-", "--format", "html", "--out", "/nonexistent-dir/r.html"],
        &template("django-baseline"),
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot write `/nonexistent-dir/r.html`"), "{}", r.stderr);
    // A region without prices still gives a report, which says why there is no cost.
    let r =
        cipherplan(&["report", "-", "--format", "json", "--region", "ap-south-9"], &template("django-baseline"), &[]);
    assert_eq!(r.code, 0);
    let v: Json = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["cost"], Json::Null);
    assert_eq!(v["cost_error"], "no prices for region ap-south-9 (prices exist for: us-east-1)");
}

/// The official SARIF 2.1.0 schema installed by scripts/setup.d/sarif.sh, with the erratum of
/// its `language` pattern corrected (as the validate tests do).
fn sarif_validator() -> jsonschema::Validator {
    let path = std::env::var_os("CIPHERPLAN_SARIF_SCHEMA").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/sarif/sarif-schema-2.1.0.json"),
        std::path::PathBuf::from,
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the SARIF 2.1.0 schema is not installed at {} ({e}): run `bash scripts/setup.d/sarif.sh`",
            path.display()
        )
    });
    let text = text.replace(r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: Json = serde_json::from_str(&text).unwrap();
    jsonschema::options().should_validate_formats(true).build(&schema).expect("schema compiles")
}

#[test]
fn report_sarif_is_the_shared_sarif_and_validates_against_the_schema() {
    let validator = sarif_validator();
    let mut results = 0;
    for t in cipherplan::templates::TEMPLATES {
        let text = template(t.name);
        let file = TempFile::new("design.json", text.as_bytes());
        let report = cipherplan(&["report", file.path(), "--format", "sarif"], "", &[]);
        let validate = cipherplan(&["validate", file.path(), "--format", "sarif"], "", &[]);
        assert_eq!(report.code, 0, "{}: {}", t.name, report.stderr);
        assert_eq!(report.stdout, validate.stdout, "{}: report and validate write the same SARIF", t.name);
        let log: Json = serde_json::from_str(&report.stdout).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&log).map(|e| format!("{}: {e}", e.instance_path())).take(10).collect();
        assert!(errors.is_empty(), "{}: {}", t.name, errors.join("\n"));
        results += log["runs"][0]["results"].as_array().map_or(0, Vec::len);
    }
    assert!(results > 10, "the logs have results to validate");
}
