//! SARIF 2.1.0 output, for code scanning dashboards (GitHub, Azure DevOps, IDEs).
//!
//! One run with the whole rule registry as `tool.driver.rules` (documentation, AWS link,
//! checkov ids and severity of each rule) and one result per finding. A finding's location is
//! the design file (`artifact_uri`) with the target's JSON path as a logical location
//! (`$.nodes[3]`) and, when the file's text is given, the line and column of the target's
//! `"id"` key as the region.
//!
//! The output validates against the official SARIF 2.1.0 schema (checked by the CLI's tests).

use crate::design::Design;
use crate::finding::{Finding, Severity, Target};
use crate::rules::{Area, RuleMeta, RULES};
use serde_json::{json, Map, Value as Json};
use std::collections::HashMap;

/// The SARIF schema URI written into every log.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A SARIF 2.1.0 log of `findings` on `design`, read from `artifact_uri`. With the file's
/// `source` text, each result also points at the line of its target's `"id"`.
#[must_use]
pub fn sarif(design: &Design, findings: &[Finding], artifact_uri: &str, source: Option<&str>) -> Json {
    let rule_index: HashMap<&str, usize> = RULES.iter().enumerate().map(|(i, r)| (r.meta().code, i)).collect();
    let rules: Vec<Json> = RULES.iter().map(|r| rule_descriptor(r.meta())).collect();
    let node_at: HashMap<&str, usize> = design.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    let edge_at: HashMap<&str, usize> = design.edges.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
    let lines = source.map(id_positions).unwrap_or_default();

    let results: Vec<Json> = findings
        .iter()
        .map(|f| {
            let (path, id, kind) = match &f.target {
                Target::Design => ("$".to_owned(), None, "design"),
                Target::Node(id) => (node_at.get(id.as_str()).map_or("$".into(), |i| format!("$.nodes[{i}]")), Some(id), "node"),
                Target::Edge(id) => (edge_at.get(id.as_str()).map_or("$".into(), |i| format!("$.edges[{i}]")), Some(id), "edge"),
            };
            let mut physical = json!({ "artifactLocation": { "uri": artifact_uri, "index": 0 } });
            if let Some(&(line, column)) = id.and_then(|id| lines.get(id.as_str())) {
                physical["region"] = json!({ "startLine": line, "startColumn": column });
            }
            let logical = json!({
                "name": id.map_or("design", String::as_str),
                "fullyQualifiedName": path,
                "kind": "object",
            });
            let mut result = json!({
                "ruleId": f.code,
                "level": level(f.severity),
                "message": { "text": f.message },
                "locations": [{ "physicalLocation": physical, "logicalLocations": [logical] }],
                "partialFingerprints": { "cipherplanTarget/v1": fingerprint(f.code, kind, id.map_or("", String::as_str)) },
                "properties": {
                    "severity": f.severity.as_str(),
                    "target": id,
                    "targetType": kind,
                    "fix": f.fix,
                    "fixable": f.autofix.is_some(),
                    "scannerIds": f.scanner_ids,
                },
            });
            if let Some(&i) = rule_index.get(f.code) {
                result["ruleIndex"] = json!(i);
            }
            result
        })
        .collect();

    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "cipherplan",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "artifacts": [{ "location": { "uri": artifact_uri }, "mimeType": "application/json" }],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": { "design": design.name },
        }],
    })
}

/// SARIF level of a severity.
#[must_use]
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The `reportingDescriptor` of a rule.
fn rule_descriptor(m: &RuleMeta) -> Json {
    let what = m.section("What it checks");
    let area = match m.area {
        Area::Transit => "in-transit",
        Area::Rest => "at-rest",
        Area::Keys => "keys",
        Area::Access => "access",
    };
    // GitHub code scanning ranks security results by this 0.0-10.0 score.
    let security_severity = match m.severity {
        Severity::Error => "8.0",
        Severity::Warning => "5.0",
        Severity::Info => "2.0",
    };
    let mut properties = Map::new();
    properties.insert("tags".into(), json!(["security", "encryption", area]));
    properties.insert("severity".into(), json!(m.severity.as_str()));
    properties.insert("security-severity".into(), json!(security_severity));
    properties.insert("scannerIds".into(), json!(m.scanner_ids));
    properties.insert("fixable".into(), json!(m.fixable));
    json!({
        "id": m.code,
        "name": m.name,
        "shortDescription": { "text": m.summary() },
        "fullDescription": { "text": if what.is_empty() { m.summary().to_owned() } else { what } },
        "help": { "text": m.docs().trim(), "markdown": m.docs().trim() },
        "helpUri": m.doc_url,
        "defaultConfiguration": { "level": level(m.severity) },
        "properties": properties,
    })
}

/// A stable fingerprint of a finding (same rule, same target → same value), so dashboards
/// track a finding across runs even when the file's lines move.
fn fingerprint(code: &str, kind: &str, id: &str) -> String {
    // FNV-1a: tiny, stable across platforms and versions.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in code.bytes().chain([0]).chain(kind.bytes()).chain([0]).chain(id.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Line and column (1-based, in characters) of every `"id": "<value>"` key in a JSON text,
/// keyed by the value. The first occurrence wins (ids are unique in a loaded design).
fn id_positions(source: &str) -> HashMap<String, (usize, usize)> {
    let mut out = HashMap::new();
    let (mut line, mut line_start, mut scanned) = (1usize, 0usize, 0usize);
    for (at, _) in source.match_indices("\"id\"") {
        // An escaped quote (`\"id\"` inside a string) is not a key.
        if at > 0 && source.as_bytes()[at - 1] == b'\\' {
            continue;
        }
        let rest = source[at + 4..].trim_start();
        let Some(rest) = rest.strip_prefix(':') else { continue };
        let rest = rest.trim_start();
        if !rest.starts_with('"') {
            continue;
        }
        let Some(value) = json_string_prefix(rest) else { continue };
        for (i, b) in source.as_bytes()[scanned..at].iter().enumerate() {
            if *b == b'\n' {
                line += 1;
                line_start = scanned + i + 1;
            }
        }
        scanned = at;
        let column = source[line_start..at].chars().count() + 1;
        out.entry(value).or_insert((line, column));
    }
    out
}

/// Decodes the JSON string literal at the start of `text`.
fn json_string_prefix(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return serde_json::from_str(&text[..=i]).ok(),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{check, Options};
    use crate::templates;

    fn baseline() -> (Design, Vec<Finding>, String) {
        let d = (templates::template("django-baseline").unwrap().build)();
        let f = check(&d, &Options::default());
        let text = d.to_json();
        (d, f, text)
    }

    #[test]
    fn one_result_per_finding_with_rule_level_and_location() {
        let (d, findings, text) = baseline();
        assert!(!findings.is_empty());
        let log = sarif(&d, &findings, "designs/baseline.json", Some(&text));
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), RULES.len());
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), findings.len());
        let lines: Vec<&str> = text.lines().collect();
        for (r, f) in results.iter().zip(&findings) {
            let i = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i]["id"], f.code);
            assert_eq!(r["level"], level(f.severity));
            let loc = &r["locations"][0];
            assert_eq!(loc["physicalLocation"]["artifactLocation"]["uri"], "designs/baseline.json");
            assert_eq!(loc["logicalLocations"][0]["fullyQualifiedName"], f.target.json_path(&d));
            let id = f.target.id().unwrap();
            let line = loc["physicalLocation"]["region"]["startLine"].as_u64().unwrap() as usize;
            let column = loc["physicalLocation"]["region"]["startColumn"].as_u64().unwrap() as usize;
            assert_eq!(&lines[line - 1][column - 1..], format!("\"id\": \"{id}\","), "{}", f.code);
        }
    }

    #[test]
    fn without_source_there_is_no_region() {
        let (d, findings, _) = baseline();
        let log = sarif(&d, &findings, "x.json", None);
        let r = &log["runs"][0]["results"][0];
        assert!(r["locations"][0]["physicalLocation"].get("region").is_none());
        assert!(r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].as_str().unwrap().starts_with("$."));
    }

    #[test]
    fn rule_descriptors_carry_docs_links_and_scanner_ids() {
        let (d, _, _) = baseline();
        let log = sarif(&d, &[], "x.json", None);
        for (rule, meta) in log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().iter().zip(RULES) {
            let m = meta.meta();
            assert_eq!(rule["helpUri"], m.doc_url);
            assert_eq!(rule["name"], m.name);
            assert!(rule["help"]["markdown"].as_str().unwrap().contains("## Fix"));
            assert_eq!(rule["properties"]["scannerIds"], json!(m.scanner_ids));
        }
    }

    #[test]
    fn id_positions_handle_minified_escaped_and_decoy_ids() {
        let text = "{\"description\": \"a \\\"id\\\": \\\"db\\\" decoy\",\n\"nodes\": [{\"id\":\"db\"}, {\"id\" : \"a\\u00e9b\"}],\n \"edges\": [\n  {\"id\": \"e\"}]}";
        let pos = id_positions(text);
        assert_eq!(pos["db"], (2, 12));
        assert_eq!(pos["aéb"], (2, 25));
        assert_eq!(pos["e"], (4, 4));
        assert_eq!(pos.len(), 3);
    }

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(fingerprint("CP-T001", "node", "alb"), fingerprint("CP-T001", "node", "alb"));
        assert_ne!(fingerprint("CP-T001", "node", "alb"), fingerprint("CP-T001", "edge", "alb"));
        assert_ne!(fingerprint("CP-T001", "node", "alb"), fingerprint("CP-T002", "node", "alb"));
        assert_eq!(fingerprint("", "", "").len(), 16);
    }
}
