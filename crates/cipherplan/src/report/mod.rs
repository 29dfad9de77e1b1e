//! The encryption report: one data model ([`Report`]) rendered as HTML, Markdown, JSON or SARIF.
//!
//! [`build`] gathers everything a reviewer needs from the pure core: the summary figures and
//! score, every flow with its protocol, TLS version, certificate verification and verdict,
//! every store with its at-rest key, the key-usage table, every end-to-end path with its
//! weakest hop, the findings with why they matter, how to fix them and the scanner ids they
//! map to, and the monthly cost with the price of encryption and its assumptions. The
//! renderers only lay that data out:
//!
//! - [`html`]: one self-contained file (inline CSS, the diagram as inline SVG, no scripts, no
//!   external fonts or images, a Content-Security-Policy that forbids them anyway), printable
//!   on A4 with the diagram on its own landscape page.
//! - [`markdown`]: GitHub-flavoured Markdown (tables with escaped pipes).
//! - [`json`]: the [`Report`] itself, in the stable shape below.
//! - SARIF 2.1.0: [`crate::sarif`], shared with `cipherplan check`.
//!
//! Architecture invariant: every string that comes from the design (names, labels, ids,
//! descriptions) is escaped for the output format, and nothing in the output depends on the
//! clock or the machine, so a report is a pure function of the design and its options.
//!
//! # Report JSON (`cipherplan-report/1`)
//!
//! Field names are snake_case and stable; new fields may be added, none are renamed or
//! removed within `cipherplan-report/1`. Node references are `{"id", "label"}` objects (the
//! label falls back to the kind's title). Grades are `plaintext`, `downgradable`,
//! `unverified`, `verified` (weakest first). Money is US dollars a month as numbers.
//!
//! ```text
//! {
//!   "format": "cipherplan-report/1",
//!   "generator": "cipherplan 0.1.0",
//!   "design": { "name", "description", "region", "strict", "nodes", "edges" },
//!   "summary": { "score", "flows", "flows_encrypted", "transit_pct", "loopback_flows",
//!                "stores", "stores_encrypted", "rest_pct", "stores_cmk", "cmk_pct",
//!                "errors", "warnings", "infos" },
//!   "flows": [ { "id", "label", "from": ref, "to": ref, "protocol", "port", "tls",
//!                "tls_version" (null when plaintext), "verification", "grade", "loopback",
//!                "verdict", "reason" } ],
//!   "stores": [ { "node": ref, "kind", "kind_title", "encrypted",
//!                 "key_holder": { "type": "none" | "aws_owned" | "aws_managed" | "customer",
//!                                 "key" (customer only) },
//!                 "at_rest", "data_classification" (null when the kind has none),
//!                 "reachable", "worst_path" (grade or null), "end_to_end_encrypted" } ],
//!   "keys": [ { "key": ref, "alias", "rotation", "key_policy",
//!               "protects": [ { "node": ref, "purpose" } ],
//!               "must_decrypt": [ref], "granted": [ref], "missing": [ref] } ],
//!   "paths": [ { "store": ref, "reachable", "worst", "best", "end_to_end_encrypted",
//!                "paths": [ { "entry": ref, "grade", "weakest" (index into hops),
//!                             "hops": [ { "edge", "from": ref, "to": ref, "protocol",
//!                                         "grade", "loopback", "note", "reason" } ] } ] } ],
//!   "findings": [ { "code", "name", "severity", "title", "target": { "type", "id" },
//!                   "target_label", "json_path", "message", "why", "fix", "autofix",
//!                   "scanner_ids", "doc_url" } ],          // worst first
//!   "cost": { "estimate": { "region", "region_name", "currency", "assumptions",
//!                           "lines": [ { "component", "label", "kind", "item", "sku",
//!                                        "quantity", "unit", "unit_price", "monthly",
//!                                        "source", "date", "estimate", "assumption",
//!                                        "no_price"? } ],
//!                           "components", "total", "unpriced" },
//!             "encryption": { "with_encryption", "without_encryption", "delta",
//!                             "delta_pct", "items": [ { "component", "label", "kind",
//!                             "features", "lines", "delta" } ], "notes" } } | null,
//!   "cost_error": null | "no prices for region …",
//!   "assumptions": [ "…" ]
//! }
//! ```

pub mod html;
pub mod markdown;

use crate::analysis::{self, Analysis};
use crate::catalog::{EdgeKind, NodeKind};
use crate::cost::{self, CostAssumptions, CostSummary};
use crate::design::Design;
use crate::finding::{Severity, Target};
use crate::hop::Grade;
use crate::keys;
use crate::model::Model;
use crate::paths;
use crate::rest::{self, KeyHolder};
use crate::rules::{self, Options};
use crate::summary::Summary;
use serde::Serialize;
use std::collections::HashMap;

/// The format tag of the report JSON.
pub const FORMAT: &str = "cipherplan-report/1";

/// What the report is built with.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOptions {
    /// Rule options (strict mode).
    pub rules: Options,
    /// Cost assumptions (region, hours per month, Spot discount).
    pub cost: CostAssumptions,
}

impl ReportOptions {
    /// Default rule options and the default cost assumptions in the design's region.
    #[must_use]
    pub fn for_design(design: &Design) -> Self {
        ReportOptions { rules: Options::default(), cost: CostAssumptions::for_design(design) }
    }
}

/// A node as the report names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct NodeRef {
    /// Node id.
    pub id: String,
    /// Label, or the kind's title when the label is empty (or the id when the node is missing).
    pub label: String,
}

/// The design the report is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesignInfo {
    /// Design name.
    pub name: String,
    /// Design description.
    pub description: String,
    /// AWS region of the design.
    pub region: String,
    /// Strict mode (design setting or option).
    pub strict: bool,
    /// Number of nodes.
    pub nodes: usize,
    /// Number of edges.
    pub edges: usize,
}

/// One network flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowRow {
    /// Edge id.
    pub id: String,
    /// Edge label.
    pub label: String,
    /// Initiating side.
    pub from: NodeRef,
    /// Accepting side.
    pub to: NodeRef,
    /// Protocol on the wire (`HTTPS`, `PostgreSQL/TLS`, `redis`).
    pub protocol: String,
    /// Destination port.
    pub port: i64,
    /// The client's `tls` mode (libpq `sslmode` semantics).
    pub tls: String,
    /// Lowest TLS version accepted, when encrypted.
    pub tls_version: Option<String>,
    /// Whether and how the client verifies the server's certificate, in words.
    pub verification: String,
    /// The hop's grade.
    pub grade: Grade,
    /// The flow stays on one task's loopback interface.
    pub loopback: bool,
    /// The grade in words (`encrypted, verified`, `plaintext on loopback`).
    pub verdict: String,
    /// Why the grade is not `verified` (empty when it is).
    pub reason: String,
}

/// One store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoreRow {
    /// The store.
    pub node: NodeRef,
    /// Its kind.
    pub kind: NodeKind,
    /// Human title of the kind.
    pub kind_title: String,
    /// Encrypted at rest.
    pub encrypted: bool,
    /// Who holds the key.
    pub key_holder: KeyHolder,
    /// The key in words (`CMK key-data`, `AWS managed key (aws/rds)`, `none`).
    pub at_rest: String,
    /// What the store holds, for kinds that say so.
    pub data_classification: Option<String>,
    /// Some entry point reaches it over flows.
    pub reachable: bool,
    /// The weakest path's grade (`None` when unreachable).
    pub worst_path: Option<Grade>,
    /// Every path to it is encrypted on every network hop.
    pub end_to_end_encrypted: bool,
}

/// What a key encrypts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Protected {
    /// The protected node.
    pub node: NodeRef,
    /// `storage`, `exec` or `ephemeral_storage`.
    pub purpose: String,
}

/// One customer managed key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyRow {
    /// The key.
    pub key: NodeRef,
    /// Alias without `alias/` (may be empty).
    pub alias: String,
    /// Automatic rotation on.
    pub rotation: bool,
    /// `defined`, `default` or `wildcard_principal`.
    pub key_policy: String,
    /// What it encrypts.
    pub protects: Vec<Protected>,
    /// Principals that must decrypt with it.
    pub must_decrypt: Vec<NodeRef>,
    /// Principals allowed to (`can_decrypt`).
    pub granted: Vec<NodeRef>,
    /// Must but may not: these fail with AccessDenied.
    pub missing: Vec<NodeRef>,
}

/// One hop of a path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HopRow {
    /// Flow edge id (empty for the implicit step from a service into its container).
    pub edge: String,
    /// Initiating node.
    pub from: NodeRef,
    /// Accepting node.
    pub to: NodeRef,
    /// Protocol on the wire.
    pub protocol: String,
    /// The hop's grade.
    pub grade: Grade,
    /// Inside one task.
    pub loopback: bool,
    /// Where TLS terminates or is re-established.
    pub note: String,
    /// Why the hop is weaker than verified.
    pub reason: String,
}

/// One path from an entry point to a store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathRow {
    /// Entry point.
    pub entry: NodeRef,
    /// The grade of its weakest network hop.
    pub grade: Grade,
    /// Index of the weakest hop in `hops`.
    pub weakest: usize,
    /// The hops, entry first.
    pub hops: Vec<HopRow>,
}

/// The paths into one store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathsRow {
    /// The store.
    pub store: NodeRef,
    /// Reached by some entry point.
    pub reachable: bool,
    /// Weakest grade over all paths.
    pub worst: Option<Grade>,
    /// Grade of the strongest path.
    pub best: Option<Grade>,
    /// Every path encrypted on every network hop.
    pub end_to_end_encrypted: bool,
    /// The worst paths (up to three).
    pub paths: Vec<PathRow>,
}

/// One finding, with its rule's documentation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingRow {
    /// Rule code (`CP-T008`).
    pub code: String,
    /// Rule name (`pg-sslmode`).
    pub name: String,
    /// Severity.
    pub severity: Severity,
    /// The rule's one-line summary.
    pub title: String,
    /// What it is about.
    pub target: Target,
    /// The target's label (or `design`).
    pub target_label: String,
    /// JSON path of the target in the design file.
    pub json_path: String,
    /// What is wrong.
    pub message: String,
    /// Why it matters (the rule's documentation).
    pub why: String,
    /// How to fix it.
    pub fix: String,
    /// The title of the automatic fix, when there is one.
    pub autofix: Option<String>,
    /// Checkov ids it corresponds to.
    pub scanner_ids: Vec<String>,
    /// The AWS page the rule rests on.
    pub doc_url: String,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Always [`FORMAT`].
    pub format: &'static str,
    /// `cipherplan` and its version.
    pub generator: String,
    /// The design.
    pub design: DesignInfo,
    /// Coverage, counts and score.
    pub summary: Summary,
    /// Every network flow, in design order.
    pub flows: Vec<FlowRow>,
    /// Every store, in design order.
    pub stores: Vec<StoreRow>,
    /// Every customer managed key, by id.
    pub keys: Vec<KeyRow>,
    /// Paths into every store, in design order.
    pub paths: Vec<PathsRow>,
    /// Findings, worst first.
    pub findings: Vec<FindingRow>,
    /// Cost and price of encryption (`None` when the region has no prices).
    pub cost: Option<CostSummary>,
    /// Why there is no cost section.
    pub cost_error: Option<String>,
    /// What the figures assume.
    pub assumptions: Vec<String>,
}

impl Report {
    /// Findings of one severity, in report order.
    pub fn findings_of(&self, severity: Severity) -> impl Iterator<Item = &FindingRow> + '_ {
        self.findings.iter().filter(move |f| f.severity == severity)
    }
}

/// Names nodes by id in O(1).
struct Names<'d> {
    by_id: HashMap<&'d str, (usize, &'d crate::design::Node)>,
}

impl<'d> Names<'d> {
    fn new(design: &'d Design) -> Self {
        Names { by_id: design.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), (i, n))).collect() }
    }
    fn get(&self, id: &str) -> NodeRef {
        NodeRef {
            id: id.to_owned(),
            label: self.by_id.get(id).map_or_else(|| id.to_owned(), |(_, n)| n.display_name().to_owned()),
        }
    }
    fn all(&self, ids: &[String]) -> Vec<NodeRef> {
        ids.iter().map(|i| self.get(i)).collect()
    }
}

/// The first paragraph of a rule's docs (its summary may wrap over several lines).
fn first_paragraph(docs: &str) -> String {
    docs.lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty() && !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How a client's `tls` mode verifies the server, in words.
#[must_use]
pub fn verification(protocol: &str, tls: &str) -> String {
    match (protocol, tls) {
        ("ssm" | "aws_api" | "ssh", _) => "verified by the AWS SDK / agent".into(),
        (_, "verify-full") => "chain and hostname (verify-full)".into(),
        (_, "verify-ca") => "chain only (verify-ca)".into(),
        (_, "require") => "not verified (require)".into(),
        (_, "allow" | "prefer") => format!("not verified, falls back to plaintext ({tls})"),
        _ => "none (no TLS)".into(),
    }
}

/// Builds the report of a design.
#[must_use]
pub fn build(design: &Design, options: &ReportOptions) -> Report {
    let analysis = analysis::analyze(design, &options.rules);
    build_from(design, options, &analysis)
}

/// Builds the report from an analysis the caller already has (the browser keeps one).
#[must_use]
pub fn build_from(design: &Design, options: &ReportOptions, analysis: &Analysis) -> Report {
    let model = Model::new(design);
    let names = Names::new(design);
    let hops = paths::assess_flows(&model);

    let flows = design
        .edges
        .iter()
        .zip(&hops)
        .filter(|(e, _)| e.kind == EdgeKind::Flow)
        .filter_map(|(e, hop)| hop.as_ref().map(|h| (e, h)))
        .map(|(e, h)| FlowRow {
            id: e.id.clone(),
            label: e.label.clone(),
            from: names.get(&e.from),
            to: names.get(&e.to),
            protocol: h.protocol.clone(),
            port: e.int("port"),
            tls: e.text("tls").to_owned(),
            tls_version: h.tls_version.clone(),
            verification: verification(e.text("protocol"), e.text("tls")),
            grade: h.grade,
            loopback: h.loopback,
            verdict: if h.loopback { format!("{} on loopback", h.grade.word()) } else { h.grade.word().to_owned() },
            reason: h.reason.clone(),
        })
        .collect();

    let by_store: HashMap<&str, &paths::StorePaths> = analysis.paths.iter().map(|p| (p.store.as_str(), p)).collect();
    let stores = design
        .nodes
        .iter()
        .filter_map(|n| rest::at_rest(&model, n).map(|r| (n, r)))
        .map(|(n, r)| {
            let p = by_store.get(n.id.as_str());
            StoreRow {
                node: names.get(&n.id),
                kind: n.kind,
                kind_title: n.kind.spec().title.to_owned(),
                encrypted: r.encrypted,
                key_holder: r.key.clone(),
                at_rest: r.label.clone(),
                data_classification: n
                    .kind
                    .spec()
                    .prop("data_classification")
                    .map(|_| n.text("data_classification").to_owned()),
                reachable: p.is_some_and(|p| p.reachable),
                worst_path: p.and_then(|p| p.worst),
                end_to_end_encrypted: p.is_some_and(|p| p.end_to_end_encrypted),
            }
        })
        .collect();

    let keys = keys::key_usage(&model)
        .into_iter()
        .map(|k| {
            let node = model.node(&k.key);
            KeyRow {
                key: names.get(&k.key),
                alias: node.map(|n| n.text("alias").to_owned()).unwrap_or_default(),
                rotation: node.is_some_and(|n| n.bool("enable_key_rotation")),
                key_policy: node.map(|n| n.text("key_policy").to_owned()).unwrap_or_default(),
                protects: k
                    .protects
                    .iter()
                    .map(|(id, purpose)| Protected { node: names.get(id), purpose: purpose.clone() })
                    .collect(),
                must_decrypt: names.all(&k.must_decrypt),
                granted: names.all(&k.granted),
                missing: names.all(&k.missing),
            }
        })
        .collect();

    let paths = analysis
        .paths
        .iter()
        .map(|s| PathsRow {
            store: names.get(&s.store),
            reachable: s.reachable,
            worst: s.worst,
            best: s.best,
            end_to_end_encrypted: s.end_to_end_encrypted,
            paths: s
                .paths
                .iter()
                .map(|p| PathRow {
                    entry: names.get(&p.entry),
                    grade: p.grade,
                    weakest: p.weakest,
                    hops: p
                        .hops
                        .iter()
                        .map(|h| HopRow {
                            edge: h.edge.clone(),
                            from: names.get(&h.from),
                            to: names.get(&h.to),
                            protocol: h.protocol.clone(),
                            grade: h.grade,
                            loopback: h.loopback,
                            note: h.note.clone(),
                            reason: h.reason.clone(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();

    let edges: HashMap<&str, (usize, &crate::design::Edge)> =
        design.edges.iter().enumerate().map(|(i, e)| (e.id.as_str(), (i, e))).collect();
    let findings = analysis
        .findings
        .iter()
        .map(|f| {
            let meta = rules::rule(f.code).map(|r| r.meta());
            let target_label = match &f.target {
                Target::Design => "design".to_owned(),
                Target::Node(id) => names.get(id).label,
                Target::Edge(id) => edges.get(id.as_str()).map_or_else(
                    || id.clone(),
                    |(_, e)| format!("{} → {}", names.get(&e.from).label, names.get(&e.to).label),
                ),
            };
            FindingRow {
                code: f.code.to_owned(),
                name: meta.map(|m| m.name.to_owned()).unwrap_or_default(),
                severity: f.severity,
                title: meta.map(|m| first_paragraph(m.docs())).unwrap_or_default(),
                target: f.target.clone(),
                target_label,
                json_path: match &f.target {
                    Target::Design => "$".to_owned(),
                    Target::Node(id) => {
                        names.by_id.get(id.as_str()).map_or_else(|| "$".to_owned(), |(i, _)| format!("$.nodes[{i}]"))
                    }
                    Target::Edge(id) => {
                        edges.get(id.as_str()).map_or_else(|| "$".to_owned(), |(i, _)| format!("$.edges[{i}]"))
                    }
                },
                message: f.message.clone(),
                why: meta.map(|m| m.section("Why it matters")).unwrap_or_default(),
                fix: f.fix.clone(),
                autofix: f.autofix.as_ref().map(|a| a.title.clone()),
                scanner_ids: f.scanner_ids.iter().map(|s| (*s).to_owned()).collect(),
                doc_url: meta.map(|m| m.doc_url.to_owned()).unwrap_or_default(),
            }
        })
        .collect();

    let (cost, cost_error) = match cost::summary(design, &options.cost) {
        Ok(c) => (Some(c), None),
        Err(e) => (None, Some(e.to_string())),
    };
    let strict = options.rules.strict || design.settings.strict;
    let mut assumptions = vec![
        format!(
            "Strict mode is {}: plaintext on the loopback interface inside one task (nginx → gunicorn) is {}.",
            if strict { "on" } else { "off" },
            if strict { "a warning" } else { "accepted and reported for information" }
        ),
        "A flow counts as encrypted in transit when it is encrypted whatever an attacker on the network does (grade `unverified` or better); loopback flows inside one task are not network flows.".to_owned(),
        format!(
            "Paths start at internet clients and operators; up to {} worst paths are listed per store.",
            paths::DEFAULT_PATHS_PER_STORE
        ),
        "Unset properties take the catalog default, which is AWS's own default.".to_owned(),
    ];
    assumptions.extend(options.cost.describe());

    Report {
        format: FORMAT,
        generator: format!("cipherplan {}", env!("CARGO_PKG_VERSION")),
        design: DesignInfo {
            name: design.name.clone(),
            description: design.description.clone(),
            region: design.settings.region.clone(),
            strict,
            nodes: design.nodes.len(),
            edges: design.edges.len(),
        },
        summary: analysis.summary.clone(),
        flows,
        stores,
        keys,
        paths,
        findings,
        cost,
        cost_error,
        assumptions,
    }
}

/// The report as pretty JSON (the `cipherplan-report/1` shape documented above).
#[must_use]
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default() + "\n"
}

/// A report format, as `cipherplan report --format` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One self-contained, printable HTML file.
    Html,
    /// GitHub Markdown.
    Markdown,
    /// The `cipherplan-report/1` JSON.
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

impl Format {
    /// The format named `name` (`html`, `md` or `markdown`, `json`, `sarif`).
    #[must_use]
    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "html" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "sarif" => Some(Format::Sarif),
            _ => None,
        }
    }
}

/// The design file a report is about: SARIF names it (`uri`) and, given its text, points each
/// result at the line of its target.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    /// A URI reference for the file (a relative path with `/` separators).
    pub uri: &'a str,
    /// The file's text, for line numbers.
    pub text: Option<&'a str>,
}

/// The report of `design` in `format`: the one function behind `cipherplan report` and the
/// browser's report downloads, so both write the same bytes. `diagram_href` is where the
/// Markdown report links the diagram's SVG file (Markdown only).
#[must_use]
pub fn render(
    design: &Design,
    options: &ReportOptions,
    format: Format,
    source: SourceFile<'_>,
    diagram_href: Option<&str>,
) -> String {
    let analysis = analysis::analyze(design, &options.rules);
    match format {
        Format::Sarif => {
            let log = crate::sarif::sarif(design, &analysis.findings, source.uri, source.text);
            serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
        }
        Format::Json => json(&build_from(design, options, &analysis)),
        Format::Html => html::render(design, &build_from(design, options, &analysis)),
        Format::Markdown => markdown::render(&build_from(design, options, &analysis), diagram_href),
    }
}

/// `1 error`, `2 errors`.
#[must_use]
pub fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `errors, warnings, info` counts in words.
#[must_use]
pub fn severity_counts(s: &Summary) -> String {
    format!("{}, {}, {} info", count(s.errors, "error"), count(s.warnings, "warning"), s.infos)
}

/// The fix of a finding in words, and the autofix title when it says something more.
#[must_use]
pub fn fix_and_autofix(f: &FindingRow) -> (String, Option<String>) {
    match &f.autofix {
        Some(a) if a.trim() != f.fix.trim() => (f.fix.clone(), Some(a.clone())),
        _ => (f.fix.clone(), None),
    }
}

/// The label of a grade for tables (`verified`, `not verified`, `downgradable`, `plaintext`).
#[must_use]
pub fn grade_word(grade: Grade, loopback: bool) -> &'static str {
    match (grade, loopback) {
        (Grade::Plaintext, true) => "loopback",
        (_, true) => "loopback, TLS",
        (Grade::Verified, _) => "verified",
        (Grade::Unverified, _) => "not verified",
        (Grade::Downgradable, _) => "downgradable",
        (Grade::Plaintext, _) => "plaintext",
    }
}

/// CSS class of a grade (shared by the HTML report and the diagram legend).
#[must_use]
pub fn grade_class(grade: Grade, loopback: bool) -> &'static str {
    if loopback {
        return "loopback";
    }
    match grade {
        Grade::Verified => "verified",
        Grade::Unverified => "unverified",
        Grade::Downgradable => "downgradable",
        Grade::Plaintext => "plaintext",
    }
}
