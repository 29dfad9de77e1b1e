//! `--format sarif` output validates against the official SARIF 2.1.0 JSON Schema.
//!
//! The schema is installed by `scripts/setup.d/sarif.sh` (run by `make setup` / `make test`)
//! into `.tools/sarif/`; `CIPHERPLAN_SARIF_SCHEMA` may point elsewhere. The test fails, with
//! that instruction, when the schema is missing: it never skips.

mod common;

use common::{cipherplan, template};
use serde_json::Value as Json;

fn schema() -> Json {
    let path = std::env::var_os("CIPHERPLAN_SARIF_SCHEMA").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/sarif/sarif-schema-2.1.0.json"),
        std::path::PathBuf::from,
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the SARIF 2.1.0 schema is not installed at {} ({e}).\nInstall it with `bash scripts/setup.d/sarif.sh` (or `make setup`).",
            path.display()
        )
    });
    let mut schema: Json = serde_json::from_str(&text).expect("schema is JSON");
    // Erratum of the rtm.5 schema: the `language` properties have a stray `]` in their
    // pattern, which a strict regex engine refuses. The OASIS errata 01 schema corrected it.
    let fixed = fix_language_patterns(&mut schema);
    assert!(fixed > 0, "the known erratum is gone: drop this fix");
    schema
}

fn fix_language_patterns(v: &mut Json) -> usize {
    match v {
        Json::Object(m) => {
            let mut n = 0;
            if m.get("pattern").and_then(Json::as_str) == Some("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$") {
                m.insert("pattern".into(), Json::from("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$"));
                n += 1;
            }
            n + m.values_mut().map(fix_language_patterns).sum::<usize>()
        }
        Json::Array(a) => a.iter_mut().map(fix_language_patterns).sum(),
        _ => 0,
    }
}

#[test]
fn sarif_output_validates_against_the_official_schema() {
    let schema = schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).expect("schema compiles");
    let mut designs: Vec<(String, String)> =
        cipherplan::templates::TEMPLATES.iter().map(|t| (t.name.to_owned(), template(t.name))).collect();
    designs.push(("synth-400".into(), cipherplan::synth::generate(400, 3, 9).to_json()));
    let mut results = 0;
    for (name, text) in designs {
        for strict in [false, true] {
            let mut args = vec!["validate", "-", "--format", "sarif"];
            if strict {
                args.push("--strict");
            }
            let r = cipherplan(&args, &text, &[]);
            assert!(r.code == 0 || r.code == 1, "{name}: {}", r.stderr);
            let log: Json = serde_json::from_str(&r.stdout).expect("SARIF is JSON");
            let errors: Vec<String> =
                validator.iter_errors(&log).map(|e| format!("{}: {e}", e.instance_path())).take(10).collect();
            assert!(errors.is_empty(), "{name}: SARIF violates the 2.1.0 schema:\n{}", errors.join("\n"));
            results += log["runs"][0]["results"].as_array().map_or(0, Vec::len);
        }
    }
    assert!(results > 0, "some results were validated, not only empty logs");

    // The validator does catch what the schema forbids.
    let r = cipherplan(&["validate", "-", "--format", "sarif"], &template("django-baseline"), &[]);
    let mut log: Json = serde_json::from_str(&r.stdout).unwrap();
    log["runs"][0]["results"][0]["level"] = Json::from("fatal");
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = Json::from(0);
    assert_eq!(validator.iter_errors(&log).count(), 2);
}
