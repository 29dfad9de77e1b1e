//! The report in every format for every template (insta snapshots), its JSON shape, and
//! hostile labels that must stay text.

use cipherplan::catalog::{EdgeKind, NodeKind};
use cipherplan::report::{self, html, markdown, ReportOptions};
use cipherplan::templates::{self, Builder};
use cipherplan::{diagram, Design};
use std::collections::BTreeSet;

fn build(d: &Design) -> report::Report {
    report::build(d, &ReportOptions::for_design(d))
}

#[test]
fn snapshots_of_every_format_for_every_template() {
    for t in templates::TEMPLATES {
        let d = (t.build)();
        let r = build(&d);
        insta::assert_snapshot!(format!("html-{}", t.name), html::render(&d, &r));
        insta::assert_snapshot!(format!("md-{}", t.name), markdown::render(&r, Some(&format!("{}.svg", t.name))));
        insta::assert_snapshot!(format!("json-{}", t.name), report::json(&r));
        insta::assert_snapshot!(format!("svg-{}", t.name), diagram::svg(&d));
        // SARIF is the shared writer's (`cipherplan validate` writes the same); the CLI tests
        // validate it against the official schema.
        let findings = cipherplan::analysis::analyze(&d, &Default::default()).findings;
        let sarif = cipherplan::sarif::sarif(&d, &findings, "design.cipherplan.json", Some(&d.to_json()));
        insta::assert_snapshot!(format!("sarif-{}", t.name), serde_json::to_string_pretty(&sarif).unwrap());
    }
}

#[test]
fn json_has_the_documented_shape() {
    let d = templates::reference();
    let v: serde_json::Value = serde_json::from_str(&report::json(&build(&d))).unwrap();
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<BTreeSet<_>>();
    let set = |names: &[&str]| names.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>();
    assert_eq!(
        keys(&v),
        set(&[
            "format",
            "generator",
            "design",
            "summary",
            "flows",
            "stores",
            "keys",
            "paths",
            "findings",
            "cost",
            "cost_error",
            "assumptions"
        ])
    );
    assert_eq!(v["format"], "cipherplan-report/1");
    assert_eq!(keys(&v["design"]), set(&["name", "description", "region", "strict", "nodes", "edges"]));
    assert_eq!(
        keys(&v["flows"][0]),
        set(&[
            "id",
            "label",
            "from",
            "to",
            "protocol",
            "port",
            "tls",
            "tls_version",
            "verification",
            "grade",
            "loopback",
            "verdict",
            "reason"
        ])
    );
    assert_eq!(keys(&v["flows"][0]["from"]), set(&["id", "label"]));
    assert_eq!(
        keys(&v["stores"][0]),
        set(&[
            "node",
            "kind",
            "kind_title",
            "encrypted",
            "key_holder",
            "at_rest",
            "data_classification",
            "reachable",
            "worst_path",
            "end_to_end_encrypted"
        ])
    );
    assert_eq!(v["stores"][0]["key_holder"], serde_json::json!({"type": "customer", "key": "key-data"}));
    assert_eq!(
        keys(&v["keys"][0]),
        set(&["key", "alias", "rotation", "key_policy", "protects", "must_decrypt", "granted", "missing"])
    );
    assert_eq!(keys(&v["paths"][0]), set(&["store", "reachable", "worst", "best", "end_to_end_encrypted", "paths"]));
    assert_eq!(keys(&v["paths"][0]["paths"][0]), set(&["entry", "grade", "weakest", "hops"]));
    assert_eq!(
        keys(&v["findings"][0]),
        set(&[
            "code",
            "name",
            "severity",
            "title",
            "target",
            "target_label",
            "json_path",
            "message",
            "why",
            "fix",
            "autofix",
            "scanner_ids",
            "doc_url"
        ])
    );
    assert_eq!(keys(&v["cost"]), set(&["estimate", "encryption"]));
    assert_eq!(
        keys(&v["cost"]["encryption"]),
        set(&["with_encryption", "without_encryption", "delta", "delta_pct", "items", "notes"])
    );
    // Every key in the whole document is snake_case.
    fn walk(v: &serde_json::Value, path: &str) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    assert!(k.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{path}.{k}");
                    walk(v, &format!("{path}.{k}"));
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, path)),
            _ => {}
        }
    }
    walk(&v, "$");
}

#[test]
fn report_agrees_with_the_analysis() {
    for t in templates::TEMPLATES {
        let d = (t.build)();
        let r = build(&d);
        let a = cipherplan::analysis::analyze(&d, &Default::default());
        assert_eq!(r.summary, a.summary, "{}", t.name);
        assert_eq!(r.findings.len(), a.findings.len());
        let network = r.flows.iter().filter(|f| !f.loopback).count();
        assert_eq!(network, a.summary.flows);
        assert_eq!(r.flows.iter().filter(|f| !f.loopback && f.grade.is_encrypted()).count(), a.summary.flows_encrypted);
        assert_eq!(r.stores.len(), a.summary.stores);
        for f in &r.findings {
            assert!(!f.why.is_empty() && !f.fix.is_empty() && !f.doc_url.is_empty(), "{}: {f:?}", t.name);
        }
    }
}

#[test]
fn region_without_prices_still_reports_and_says_why() {
    let d = templates::reference();
    let mut o = ReportOptions::for_design(&d);
    o.cost.region = "eu-west-9".into();
    let r = report::build(&d, &o);
    assert!(r.cost.is_none());
    assert_eq!(r.cost_error.as_deref(), Some("no prices for region eu-west-9 (prices exist for: us-east-1)"));
    assert!(html::render(&d, &r).contains("no prices for region eu-west-9"));
}

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";

/// A design whose every free-text field is hostile.
fn hostile() -> Design {
    let mut b = Builder::new(SCRIPT, IMG);
    b.node("users", NodeKind::InternetClient, SCRIPT, (0.0, 0.0), &[]);
    b.node("alb", NodeKind::Alb, IMG, (200.0, 0.0), &[]);
    b.node("db", NodeKind::RdsPostgres, "a|b `c` *d* [e](javascript:f)", (400.0, 0.0), &[]);
    b.node("<i>id</i>", NodeKind::Secret, "'single' & \"double\"", (400.0, 120.0), &[]);
    b.flow("users", "alb", &[]);
    b.flow("alb", "db", &[]);
    b.edge(EdgeKind::Flow, "alb", "<i>id</i>", &[]);
    let mut d = b.build();
    d.edges[0].label = IMG.into();
    d
}

/// Every tag in an HTML or SVG text: its name and whether it carries an event handler.
fn tags(markup: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = markup;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        let name: String =
            tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '!').collect();
        let handler = tag.split_whitespace().skip(1).any(|a| a.to_ascii_lowercase().starts_with("on"));
        out.push((name.to_ascii_lowercase(), handler));
        rest = &rest[end..];
    }
    out
}

#[test]
fn hostile_labels_stay_text_in_html_and_svg() {
    let d = hostile();
    let r = build(&d);
    for (what, text) in [("html", html::render(&d, &r)), ("svg", diagram::svg(&d))] {
        // The text is shown...
        assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{what}");
        assert!(text.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), "{what}");
        // ...and nothing of it became markup.
        let allowed: BTreeSet<&str> = [
            "!doctype",
            "html",
            "head",
            "meta",
            "title",
            "style",
            "body",
            "main",
            "header",
            "p",
            "b",
            "h1",
            "h2",
            "h3",
            "h4",
            "nav",
            "ol",
            "li",
            "a",
            "section",
            "div",
            "small",
            "span",
            "figure",
            "figcaption",
            "svg",
            "defs",
            "marker",
            "path",
            "rect",
            "g",
            "line",
            "text",
            "circle",
            "ellipse",
            "article",
            "dl",
            "dt",
            "dd",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "code",
            "ul",
            "br",
            "footer",
        ]
        .into_iter()
        .collect();
        for (tag, handler) in tags(&text) {
            assert!(allowed.contains(tag.as_str()), "{what}: unexpected <{tag}>");
            assert!(!handler, "{what}: <{tag}> has an event handler");
        }
        let lower = text.to_ascii_lowercase();
        assert!(!lower.contains("<script") && !lower.contains("<img") && !lower.contains("<i>"), "{what}");
        assert!(!lower.contains("javascript:") || !lower.contains("href=\"javascript:"), "{what}");
    }
}

#[test]
fn hostile_labels_stay_text_in_markdown() {
    let d = hostile();
    let md = markdown::render(&build(&d), None);
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(md.contains("\"&gt;&lt;img src=x onerror=alert(1)&gt;"));
    // The only markup is `<code>` and autolinks to the rules' AWS pages.
    for (tag, _) in tags(&md) {
        assert!(tag == "code" || tag == "https", "unexpected <{tag}> in Markdown");
    }
    // The pipe inside a label does not split its table cell; brackets cannot form a link.
    assert!(md.contains("a\\|b \\`c\\` \\*d\\* \\[e\\](javascript:f)"));
    // Every table row has as many cells as its header.
    let mut columns = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let cells = line.replace("\\|", "").matches('|').count();
        match columns {
            None => columns = Some(cells),
            Some(n) => assert_eq!(cells, n, "{line}"),
        }
    }
}

#[test]
fn html_is_self_contained_and_printable() {
    let d = templates::reference();
    let h = html::render(&d, &build(&d));
    let lower = h.to_ascii_lowercase();
    for banned in ["<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "src=", "@font-face"] {
        assert!(!lower.contains(banned), "{banned}");
    }
    // The only url() references are the diagram's own markers.
    assert!(lower.match_indices("url(").all(|(i, _)| lower[i..].starts_with("url(#cp-")));
    assert!(h.contains("Content-Security-Policy"));
    assert!(h.contains("@media print") && h.contains("@page"));
    for id in [
        "summary",
        "diagram",
        "findings",
        "flows",
        "paths",
        "stores",
        "keys",
        "cost",
        "price-of-encryption",
        "assumptions",
    ] {
        assert!(h.contains(&format!("<section id=\"{id}\"")), "section {id}");
    }
}
