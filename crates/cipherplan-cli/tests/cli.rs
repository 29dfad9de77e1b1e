//! The `cipherplan` binary end to end: exit codes, output shapes, stdin, bad files.

mod common;

use common::{cipherplan, template, TempFile};
use serde_json::Value as Json;

fn json(text: &str) -> Json {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn top_level_help_version_and_unknown_commands() {
    let r = cipherplan(&[], "", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("Usage: cipherplan <command>"), "{}", r.stderr);
    let r = cipherplan(&["--help"], "", &[]);
    assert_eq!(r.code, 0);
    for c in ["validate", "template", "rules", "explain"] {
        assert!(r.stdout.contains(&format!("  {c} ")), "{c} in {}", r.stdout);
    }
    let r = cipherplan(&["--version"], "", &[]);
    assert_eq!((r.code, r.stdout.trim()), (0, concat!("cipherplan ", env!("CARGO_PKG_VERSION"))));
    let r = cipherplan(&["valdate"], "", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown command `valdate` (did you mean `validate`?)"), "{}", r.stderr);
}

#[test]
fn every_command_has_help() {
    for c in ["validate", "template", "rules", "explain"] {
        let r = cipherplan(&[c, "--help"], "", &[]);
        assert_eq!(r.code, 0, "{c}");
        assert!(r.stdout.contains("Usage: cipherplan"), "{c}: {}", r.stdout);
        let r2 = cipherplan(&["help", c], "", &[]);
        assert_eq!(r2.stdout, r.stdout, "`help {c}` = `{c} --help`");
    }
}

#[test]
fn templates_are_listed_and_printed_as_loadable_designs() {
    let r = cipherplan(&["template", "list"], "", &[]);
    assert_eq!(r.code, 0);
    for t in cipherplan::templates::TEMPLATES {
        assert!(r.stdout.contains(t.name), "{}", t.name);
        let printed = cipherplan(&["template", t.name], "", &[]);
        assert_eq!(printed.code, 0);
        let d = cipherplan::load(&printed.stdout).expect("printed template loads");
        assert_eq!(d, (t.build)());
    }
    let r = cipherplan(&["template", "rails"], "", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no template named `rails`; templates: django-encrypted"), "{}", r.stderr);
    assert_eq!(cipherplan(&["template"], "", &[]).code, 2);
}

#[test]
fn validate_exits_0_for_the_reference_and_1_for_the_baseline() {
    let good = TempFile::new("good.json", template("django-encrypted").as_bytes());
    let r = cipherplan(&["validate", good.path()], "", &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("findings    0 errors, 0 warnings"), "{}", r.stdout);
    assert!(r.stdout.contains("score       100/100"));
    assert!(r.stdout.contains("encrypted end to end"));
    assert!(!r.stdout.contains('\u{1b}'), "no colour when stdout is not a terminal");

    let bad = TempFile::new("baseline.json", template("django-baseline").as_bytes());
    let r = cipherplan(&["validate", bad.path()], "", &[]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("error    CP-T001  alb"), "{}", r.stdout);
    assert!(r.stdout.contains("fix: "));
    assert!(r.stdout.contains("NOT encrypted end to end"));
    assert!(r.stderr.is_empty());
}

#[test]
fn validate_reads_standard_input() {
    let r = cipherplan(&["validate", "-", "--format", "json"], &template("django-baseline"), &[]);
    assert_eq!(r.code, 1);
    assert_eq!(json(&r.stdout)["file"], "<stdin>");
}

#[test]
fn json_output_has_the_documented_shape() {
    let r = cipherplan(&["validate", "-", "--format=json"], &template("django-baseline"), &[]);
    let v = json(&r.stdout);
    for key in ["cipherplan", "file", "design", "strict", "summary", "findings", "paths"] {
        assert!(v.get(key).is_some(), "missing `{key}`");
    }
    let s = &v["summary"];
    for key in [
        "score",
        "flows",
        "flows_encrypted",
        "transit_pct",
        "loopback_flows",
        "stores",
        "stores_encrypted",
        "rest_pct",
        "stores_cmk",
        "cmk_pct",
        "errors",
        "warnings",
        "infos",
    ] {
        assert!(s.get(key).is_some_and(Json::is_number), "summary.{key}");
    }
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(
        findings.len() as u64,
        s["errors"].as_u64().unwrap() + s["warnings"].as_u64().unwrap() + s["infos"].as_u64().unwrap()
    );
    for f in findings {
        for key in ["code", "name", "severity", "target", "target_type", "json_path", "message", "fix", "fixable"] {
            assert!(f.get(key).is_some(), "finding.{key} in {f}");
        }
        assert!(["error", "warning", "info"].contains(&f["severity"].as_str().unwrap()));
        assert!(f["scanner_ids"].is_array());
        assert!(f["json_path"].as_str().unwrap().starts_with('$'));
    }
    let paths = v["paths"].as_array().unwrap();
    let db = paths.iter().find(|p| p["store"] == "db").expect("db paths");
    assert_eq!(db["worst"], "plaintext");
    assert_eq!(db["end_to_end_encrypted"], false);
    let hop = &db["paths"][0]["hops"][0];
    for key in ["edge", "from", "to", "protocol", "grade", "loopback", "note", "reason"] {
        assert!(hop.get(key).is_some(), "hop.{key}");
    }
}

#[test]
fn sarif_output_is_a_sarif_log_with_lines() {
    let file = TempFile::new("my design.json", template("django-baseline").as_bytes());
    let r = cipherplan(&["validate", file.path(), "--format", "sarif"], "", &[]);
    assert_eq!(r.code, 1);
    let v = json(&r.stdout);
    assert_eq!(v["version"], "2.1.0");
    let result = &v["runs"][0]["results"][0];
    let location = &result["locations"][0]["physicalLocation"];
    assert!(location["artifactLocation"]["uri"].as_str().unwrap().ends_with("my%20design.json"));
    assert!(location["region"]["startLine"].as_u64().unwrap() > 1);
}

#[test]
fn strict_and_deny_warnings() {
    // The reference design with one client that encrypts but does not verify (a warning).
    let mut d = cipherplan::templates::reference();
    let e = d.edge_mut("gunicorn-db").expect("edge");
    e.props.insert("tls".into(), "require".into());
    e.props.remove("ca_bundle");
    let text = d.to_json();
    let r = cipherplan(&["validate", "-"], &text, &[]);
    assert_eq!(r.code, 0, "warnings alone pass: {}", r.stdout);
    assert!(r.stdout.contains("warning  CP-T008  gunicorn-db"), "{}", r.stdout);
    let r = cipherplan(&["validate", "-", "--deny-warnings"], &text, &[]);
    assert_eq!(r.code, 1);
    let r = cipherplan(&["validate", "-", "--format", "json", "--strict"], &text, &[]);
    assert_eq!(json(&r.stdout)["strict"], true);
    let r = cipherplan(&["validate", "-", "--format", "json"], &text, &[]);
    assert_eq!(json(&r.stdout)["strict"], false);
}

#[test]
fn unusable_input_exits_2_with_every_problem_and_its_path_on_stderr() {
    let r = cipherplan(&["validate", "/nonexistent/design.json"], "", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot read `/nonexistent/design.json`: no such file"), "{}", r.stderr);
    assert!(r.stdout.is_empty());

    let bad = r#"{"format": "cipherplan/1", "nodes": [{"id": "a", "kind": "albb"}, {"id": "b", "kind": "vpc"}],
        "edges": [{"id": "e", "kind": "flow", "from": "b", "to": "ghost"}]}"#;
    let f = TempFile::new("bad.json", bad.as_bytes());
    for format in ["text", "json", "sarif"] {
        let r = cipherplan(&["validate", f.path(), "--format", format], "", &[]);
        assert_eq!(r.code, 2, "{format}");
        assert!(r.stdout.is_empty(), "{format}: nothing on stdout");
        assert!(r.stderr.contains("is not a usable cipherplan design (2 problems)"), "{}", r.stderr);
        assert!(r.stderr.contains("  $.nodes[0].kind: unknown node kind `albb` (did you mean `alb`?)"), "{}", r.stderr);
        assert!(r.stderr.contains("  $.edges[0].to: `to` names `ghost`"), "{}", r.stderr);
    }

    let cases: [(&str, &[u8], &str); 5] = [
        ("empty.json", b"", "the file is empty"),
        ("truncated.json", br#"{"format": "cipherplan/1", "nodes": ["#, "ends too early"),
        ("array.json", b"[1, 2]", "must be a JSON object"),
        ("latin1.json", b"{\"name\": \"caf\xe9\"}", "is not UTF-8 text (invalid byte at offset 13)"),
        ("v2.json", br#"{"format": "cipherplan/2"}"#, "unsupported format version"),
    ];
    for (name, bytes, expected) in cases {
        let f = TempFile::new(name, bytes);
        let r = cipherplan(&["validate", f.path()], "", &[]);
        assert_eq!(r.code, 2, "{name}");
        assert!(r.stderr.contains(expected), "{name}: {}", r.stderr);
    }
    let dir = TempFile::new("x.json", b"{}");
    let parent = dir.0.parent().unwrap().to_str().unwrap().to_owned();
    let r = cipherplan(&["validate", &parent], "", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot read"), "{}", r.stderr);
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let text = format!("\u{feff}{}", template("django-encrypted"));
    assert_eq!(cipherplan(&["validate", "-"], &text, &[]).code, 0);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["validate"][..],
        &["validate", "a.json", "b.json"],
        &["validate", "a.json", "--format", "yaml"],
        &["validate", "a.json", "--colour"],
        &["validate", "a.json", "--format"],
        &["rules", "extra"],
        &["explain"],
    ] {
        let r = cipherplan(args, "", &[]);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.starts_with("error: "), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("Usage: cipherplan"), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn rules_table_and_json() {
    let r = cipherplan(&["rules"], "", &[]);
    assert_eq!(r.code, 0);
    let header = r.stdout.lines().next().unwrap();
    for col in ["CODE", "SEVERITY", "NAME", "SCANNER IDS", "FIX"] {
        assert!(header.contains(col), "{header}");
    }
    for rule in cipherplan::rules::RULES {
        let m = rule.meta();
        let line = r.stdout.lines().find(|l| l.starts_with(m.code)).unwrap_or_else(|| panic!("{}", m.code));
        assert!(line.contains(m.name) && line.contains(m.severity.as_str()), "{line}");
        for id in m.scanner_ids {
            assert!(line.contains(id), "{line}");
        }
    }
    let v = json(&cipherplan(&["rules", "--format", "json"], "", &[]).stdout);
    assert_eq!(v.as_array().unwrap().len(), cipherplan::rules::RULES.len());
    assert_eq!(v[0]["code"], cipherplan::rules::RULES[0].meta().code);
}

#[test]
fn explain_rules_and_the_score() {
    let r = cipherplan(&["explain", "CP-T008"], "", &[]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("pg-sslmode"));
    assert!(r.stdout.contains("## Why it matters"));
    assert!(r.stdout.contains("AWS docs     https://docs.aws.amazon.com/"));
    assert_eq!(cipherplan(&["explain", "cp-t008"], "", &[]).stdout, r.stdout, "codes ignore case");
    assert_eq!(cipherplan(&["explain", "pg-sslmode"], "", &[]).stdout, r.stdout, "names work too");
    let r = cipherplan(&["explain", "score"], "", &[]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("coverage = 50 × transit + 30 × at_rest + 20 × cmk"), "{}", r.stdout);
    let r = cipherplan(&["explain", "CP-T0088"], "", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no rule `CP-T0088` (did you mean `CP-T008`?)"), "{}", r.stderr);
}

#[test]
fn colour_follows_no_color_and_clicolor_force() {
    let text = template("django-baseline");
    let forced = cipherplan(&["validate", "-"], &text, &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.stdout.contains("\u{1b}[31m"), "red errors when forced");
    let off = cipherplan(&["validate", "-"], &text, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!off.stdout.contains('\u{1b}'), "NO_COLOR wins");
    let json_out = cipherplan(&["validate", "-", "--format", "json"], &text, &[("CLICOLOR_FORCE", "1")]);
    assert!(!json_out.stdout.contains('\u{1b}'), "never colour in JSON");
}
