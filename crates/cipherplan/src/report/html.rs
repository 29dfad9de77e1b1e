//! The report as one self-contained, printable HTML file.
//!
//! Inline CSS only, the diagram as inline SVG, no scripts, no external fonts or images, and a
//! Content-Security-Policy that forbids all of them, so even a renderer bug could not make the
//! file load or run anything. Every design string goes through [`escape`].

use super::{count, fix_and_autofix, grade_class, grade_word, severity_counts, NodeRef, Report};
use crate::cost::{fmt_num, fmt_quantity, fmt_unit_price, fmt_usd, CostSummary};
use crate::design::Design;
use crate::diagram::{self, escape};
use crate::finding::Severity;
use crate::hop::Grade;
use crate::rest::KeyHolder;
use std::fmt::Write;

const CSS: &str = include_str!("report.css");

/// Escapes text and turns `code` spans (the rules' docs use them) into `<code>`.
fn rich(s: &str) -> String {
    let escaped = escape(s);
    let mut out = String::with_capacity(escaped.len() + 16);
    let mut inside = false;
    let parts: Vec<&str> = escaped.split('`').collect();
    // An odd number of backticks leaves the last one literal.
    let pairs = parts.len() % 2 == 1;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            if pairs || i < parts.len() - 1 {
                out.push_str(if inside { "</code>" } else { "<code>" });
                inside = !inside;
            } else {
                out.push('`');
            }
        }
        out.push_str(part);
    }
    if inside {
        out.push_str("</code>");
    }
    out
}

/// A small lock glyph for pills.
fn lock(closed: bool) -> &'static str {
    if closed {
        r#"<svg viewBox="0 0 10 12" aria-hidden="true"><path d="M2.5 5.5V3.6a2.5 2.5 0 0 1 5 0V5.5" fill="none" stroke="currentColor" stroke-width="1.5"/><rect x="0.5" y="5.5" width="9" height="6" rx="1.2" fill="currentColor"/></svg>"#
    } else {
        r#"<svg viewBox="0 0 10 12" aria-hidden="true"><path d="M2.5 5.5V2.6a2.5 2.5 0 0 1 5 0V3.4" fill="none" stroke="currentColor" stroke-width="1.5"/><rect x="0.5" y="5.5" width="9" height="6" rx="1.2" fill="currentColor"/></svg>"#
    }
}

fn grade_pill(grade: Grade, loopback: bool) -> String {
    format!(
        r#"<span class="pill {}">{}{}</span>"#,
        grade_class(grade, loopback),
        lock(grade.is_encrypted()),
        grade_word(grade, loopback)
    )
}

fn severity_pill(s: Severity) -> String {
    format!(r#"<span class="pill {}">{}</span>"#, s.as_str(), s.as_str())
}

fn node(n: &NodeRef) -> String {
    if n.label == n.id {
        format!(r#"<b>{}</b>"#, escape(&n.label))
    } else {
        format!(r#"<b>{}</b><span class="id">{}</span>"#, escape(&n.label), escape(&n.id))
    }
}

fn names(list: &[NodeRef]) -> String {
    if list.is_empty() {
        return r#"<span class="muted">—</span>"#.into();
    }
    list.iter().map(|n| escape(&n.label)).collect::<Vec<_>>().join(", ")
}

fn pct(x: f64) -> String {
    format!("{}%", fmt_num(x))
}

/// Card class by how good a percentage or score is.
fn tone(x: f64) -> &'static str {
    if x >= 99.95 {
        "good"
    } else if x >= 60.0 {
        "fair"
    } else {
        "poor"
    }
}

fn section_head(out: &mut String, id: &str, title: &str, note: &str) {
    let _ = write!(out, r#"<section id="{id}"><div class="section-head"><h2>{title}</h2>"#);
    if !note.is_empty() {
        let _ = write!(out, "<p>{note}</p>");
    }
    out.push_str("</div>");
}

/// The report as a complete HTML document.
#[must_use]
#[allow(clippy::too_many_lines)] // one section after the other, in reading order
pub fn render(design: &Design, report: &Report) -> String {
    let mut out = String::with_capacity(64 * 1024 + report.flows.len() * 600);
    let title = format!("Encryption report: {}", report.design.name);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    let _ = writeln!(out, "<meta name=\"generator\" content=\"{}\">", escape(&report.generator));
    let _ = writeln!(out, "<title>{}</title>", escape(&title));
    let _ = writeln!(out, "<style>\n{CSS}</style>\n</head>\n<body>\n<main>");

    // Header.
    let d = &report.design;
    out.push_str(r#"<header><p class="eyebrow">cipherplan · encryption report</p>"#);
    let _ = write!(out, "<h1>{}</h1>", escape(&d.name));
    if !d.description.is_empty() {
        let _ = write!(out, r#"<p class="lede">{}</p>"#, escape(&d.description));
    }
    let _ = write!(
        out,
        r#"<p class="meta">Region <b>{}</b> · <b>{}</b> components · <b>{}</b> connections and relations · strict mode <b>{}</b> · {}</p></header>"#,
        escape(&d.region),
        d.nodes,
        d.edges,
        if d.strict { "on" } else { "off" },
        escape(&report.generator)
    );
    out.push_str(r##"<nav class="toc" aria-label="Contents"><ol><li><a href="#summary">Summary</a></li><li><a href="#findings">Findings</a></li><li><a href="#diagram">Diagram</a></li><li><a href="#flows">Flows in transit</a></li><li><a href="#paths">End-to-end paths</a></li><li><a href="#stores">Stores at rest</a></li><li><a href="#keys">Keys</a></li><li><a href="#cost">Cost</a></li><li><a href="#price-of-encryption">Price of encryption</a></li><li><a href="#assumptions">Assumptions</a></li></ol></nav>"##);

    // Summary.
    let s = &report.summary;
    section_head(&mut out, "summary", "Summary", "");
    out.push_str(r#"<div class="cards">"#);
    let score = f64::from(s.score);
    let _ = write!(
        out,
        r#"<div class="card {}"><div class="label">Encryption score</div><div class="big">{}<small> / 100</small></div><div class="sub">coverage, less errors and warnings</div><div class="meter"><span style="width:{}%"></span></div></div>"#,
        tone(score),
        s.score,
        s.score
    );
    for (label, value, sub) in [
        ("In transit", s.transit_pct, format!("{} of {} network flows encrypted", s.flows_encrypted, s.flows)),
        ("At rest", s.rest_pct, format!("{} of {} stores encrypted", s.stores_encrypted, s.stores)),
        ("Customer managed keys", s.cmk_pct, format!("{} of {} stores on a CMK", s.stores_cmk, s.stores)),
    ] {
        let _ = write!(
            out,
            r#"<div class="card {}"><div class="label">{label}</div><div class="big">{}</div><div class="sub">{}</div><div class="meter"><span style="width:{}%"></span></div></div>"#,
            tone(value),
            pct(value),
            escape(&sub),
            fmt_num(value)
        );
    }
    let findings_tone = if s.errors > 0 {
        "poor"
    } else if s.warnings > 0 {
        "fair"
    } else {
        "good"
    };
    let _ = write!(
        out,
        r#"<div class="card {findings_tone}"><div class="label">Findings</div><div class="big">{}</div><div class="counts"><span class="pill error">{}</span><span class="pill warning">{}</span><span class="pill info">{} info</span></div></div>"#,
        s.errors + s.warnings + s.infos,
        count(s.errors, "error"),
        count(s.warnings, "warning"),
        s.infos
    );
    match &report.cost {
        Some(c) => {
            let _ = write!(
                out,
                r#"<div class="card"><div class="label">Monthly cost (estimate)</div><div class="big">{}</div><div class="sub">encryption adds <b>{}</b> ({}); {}</div></div>"#,
                fmt_usd(c.estimate.total),
                fmt_usd(c.encryption.delta),
                pct((c.encryption.delta_pct * 10.0).round() / 10.0),
                escape(&c.estimate.region)
            );
        }
        None => {
            let _ = write!(
                out,
                r#"<div class="card"><div class="label">Monthly cost</div><div class="big">—</div><div class="sub">{}</div></div>"#,
                escape(report.cost_error.as_deref().unwrap_or(""))
            );
        }
    }
    out.push_str("</div></section>");

    // Findings.
    section_head(&mut out, "findings", "Findings", &format!("{}, grouped by severity and rule", severity_counts(s)));
    if report.findings.is_empty() {
        out.push_str(r#"<p class="empty">No findings: every flow, store and key passes every rule.</p>"#);
    }
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let of: Vec<_> = report.findings_of(severity).collect();
        if of.is_empty() {
            continue;
        }
        let heading = match severity {
            Severity::Error => "Errors: data is or can be exposed; fix before deploying",
            Severity::Warning => "Warnings: encryption is weakened",
            Severity::Info => "Information",
        };
        let _ = write!(
            out,
            r#"<div class="sev-group"><h3>{} {heading} <span class="muted small">({})</span></h3>"#,
            severity_pill(severity),
            of.len()
        );
        let mut i = 0;
        while i < of.len() {
            let code = &of[i].code;
            let group: Vec<_> = of[i..].iter().take_while(|f| &f.code == code).collect();
            i += group.len();
            let f = group[0];
            let _ = write!(
                out,
                r#"<article class="rule {}"><h4><code>{}</code><span class="title">{}</span><span class="muted small">{}</span></h4><dl><dt>Why it matters</dt><dd>{}</dd><dt>Scanners</dt><dd>{}</dd><dt>Reference</dt><dd>{}</dd></dl>"#,
                severity.as_str(),
                escape(&f.code),
                rich(&f.title),
                escape(&f.name),
                rich(&f.why),
                if f.scanner_ids.is_empty() {
                    r#"<span class="muted">none: no IaC scanner can see this</span>"#.to_owned()
                } else {
                    f.scanner_ids.iter().map(|s| format!("<code>{}</code>", escape(s))).collect::<Vec<_>>().join(" ")
                },
                if f.doc_url.is_empty() {
                    "—".to_owned()
                } else {
                    format!(r#"<a href="{0}">{0}</a>"#, escape(&f.doc_url))
                }
            );
            out.push_str(r#"<div class="table-wrap"><table><thead><tr><th>Where</th><th>Problem</th><th>Fix</th></tr></thead><tbody>"#);
            for f in group {
                let fix = match fix_and_autofix(f) {
                    (fix, Some(a)) => format!(r#"{}<span class="why">autofix: {}</span>"#, rich(&fix), rich(&a)),
                    (fix, None) if f.autofix.is_some() => {
                        format!(r#"{} <span class="pill info">autofix</span>"#, rich(&fix))
                    }
                    (fix, None) => rich(&fix),
                };
                let _ = write!(
                    out,
                    r#"<tr><td><b>{}</b><span class="id">{}</span></td><td>{}</td><td>{fix}</td></tr>"#,
                    escape(&f.target_label),
                    escape(&f.json_path),
                    rich(&f.message)
                );
            }
            out.push_str("</tbody></table></div></article>");
        }
        out.push_str("</div>");
    }
    out.push_str("</section>");

    // Diagram.
    section_head(
        &mut out,
        "diagram",
        "Diagram",
        "Flows coloured by their weakest protection; badges show the key each store is encrypted with.",
    );
    let _ = write!(
        out,
        r#"<figure class="diagram">{}<figcaption>Arrows point from the side that opens the connection to the side that accepts it. Hover a flow or a badge for details.</figcaption></figure></section>"#,
        diagram::svg(design)
    );

    // Flows.
    section_head(
        &mut out,
        "flows",
        "Flows in transit",
        &format!(
            "{} network flows, {} encrypted; {} on loopback inside a task",
            s.flows, s.flows_encrypted, s.loopback_flows
        ),
    );
    if report.flows.is_empty() {
        out.push_str(r#"<p class="empty">The design has no network flows.</p>"#);
    } else {
        out.push_str(r#"<div class="table-wrap"><table><thead><tr><th>From</th><th>To</th><th>Protocol</th><th>TLS</th><th>Certificate verification</th><th>Verdict</th></tr></thead><tbody>"#);
        for f in &report.flows {
            let why = if f.reason.is_empty() {
                String::new()
            } else {
                format!(r#"<span class="why">{}</span>"#, escape(&f.reason))
            };
            let _ = write!(
                out,
                r#"<tr><td>{}</td><td>{}</td><td class="nowrap">{}<span class="id">port {}</span></td><td class="nowrap">{}</td><td>{}</td><td>{}{why}</td></tr>"#,
                node(&f.from),
                node(&f.to),
                escape(&f.protocol),
                f.port,
                f.tls_version
                    .as_ref()
                    .map_or_else(|| r#"<span class="muted">—</span>"#.to_owned(), |v| format!("TLS {}+", escape(v))),
                escape(&f.verification),
                grade_pill(f.grade, f.loopback)
            );
        }
        out.push_str("</tbody></table></div>");
    }
    out.push_str("</section>");

    // Paths.
    let e2e = report.paths.iter().filter(|p| p.end_to_end_encrypted).count();
    let reachable = report.paths.iter().filter(|p| p.reachable).count();
    section_head(
        &mut out,
        "paths",
        "End-to-end paths",
        &format!("{e2e} of {reachable} reachable stores encrypted on every network hop; the weakest hop of each path is outlined"),
    );
    out.push_str(r#"<div class="table-wrap"><table><thead><tr><th>Store</th><th>Worst path</th><th>Path (entry → store)</th><th>Weakest hop</th></tr></thead><tbody>"#);
    for sp in &report.paths {
        let worst = sp
            .worst
            .map_or_else(|| r#"<span class="pill neutral">not reached</span>"#.to_owned(), |g| grade_pill(g, false));
        if sp.paths.is_empty() {
            let _ = write!(
                out,
                r#"<tr><td>{}</td><td>{worst}</td><td colspan="2" class="muted">No entry point reaches it over network flows.</td></tr>"#,
                node(&sp.store)
            );
            continue;
        }
        for (i, p) in sp.paths.iter().enumerate() {
            let store_cell = if i == 0 {
                format!(
                    r#"<td rowspan="{}">{}</td><td rowspan="{}">{worst}</td>"#,
                    sp.paths.len(),
                    node(&sp.store),
                    sp.paths.len()
                )
            } else {
                String::new()
            };
            let mut chain = String::from(r#"<div class="chain">"#);
            if let Some(first) = p.hops.first() {
                let _ = write!(chain, r#"<span class="node">{}</span>"#, escape(&first.from.label));
            }
            for (j, h) in p.hops.iter().enumerate() {
                let weak = if j == p.weakest { " weak" } else { "" };
                let _ = write!(
                    chain,
                    r#"<span class="hop{weak}"><span class="arrow">→</span><span class="pill {}" title="{}">{}{}</span><span class="arrow">→</span></span><span class="node">{}</span>"#,
                    grade_class(h.grade, h.loopback),
                    escape(&if h.note.is_empty() {
                        grade_word(h.grade, h.loopback).to_owned()
                    } else {
                        h.note.clone()
                    }),
                    lock(h.grade.is_encrypted()),
                    escape(if h.protocol.is_empty() { "in task" } else { &h.protocol }),
                    escape(&h.to.label)
                );
            }
            chain.push_str("</div>");
            let weakest = p.hops.get(p.weakest).map_or_else(String::new, |h| {
                let why = if h.reason.is_empty() {
                    String::new()
                } else {
                    format!(r#"<span class="why">{}</span>"#, escape(&h.reason))
                };
                format!(
                    r#"{}<div><b>{}</b> → <b>{}</b></div>{why}"#,
                    grade_pill(h.grade, h.loopback),
                    escape(&h.from.label),
                    escape(&h.to.label)
                )
            });
            let _ = write!(out, "<tr>{store_cell}<td>{chain}</td><td>{weakest}</td></tr>");
        }
    }
    out.push_str("</tbody></table></div></section>");

    // Stores.
    section_head(
        &mut out,
        "stores",
        "Stores at rest",
        &format!("{} of {} encrypted, {} with a customer managed key", s.stores_encrypted, s.stores, s.stores_cmk),
    );
    out.push_str(r#"<div class="table-wrap"><table><thead><tr><th>Store</th><th>Kind</th><th>Holds</th><th>At rest</th><th>Key</th><th>Paths in</th></tr></thead><tbody>"#);
    for st in &report.stores {
        let (class, word) = match &st.key_holder {
            KeyHolder::Customer(_) => ("cmk", "customer key"),
            KeyHolder::AwsManaged => ("aws", "AWS managed key"),
            KeyHolder::AwsOwned => ("aws", "AWS owned key"),
            KeyHolder::None => ("none", "unencrypted"),
        };
        let paths = match (st.reachable, st.worst_path) {
            (false, _) | (_, None) => r#"<span class="muted">not reached by flows</span>"#.to_owned(),
            (true, Some(g)) => grade_pill(g, false),
        };
        let key = match &st.key_holder {
            KeyHolder::Customer(id) => {
                let label = report.keys.iter().find(|k| &k.key.id == id).map_or(id.as_str(), |k| k.key.label.as_str());
                format!(r#"{}<span class="id">{}</span>"#, escape(label), escape(id))
            }
            _ => escape(&st.at_rest),
        };
        let _ = write!(
            out,
            r#"<tr><td>{}</td><td>{}</td><td>{}</td><td><span class="pill {class}">{}{word}</span></td><td>{key}</td><td>{paths}</td></tr>"#,
            node(&st.node),
            escape(&st.kind_title),
            st.data_classification.as_deref().map_or_else(|| r#"<span class="muted">—</span>"#.to_owned(), escape),
            lock(st.encrypted)
        );
    }
    out.push_str("</tbody></table></div></section>");

    // Keys.
    section_head(
        &mut out,
        "keys",
        "Keys and who can decrypt",
        "Which principal must and may use each customer managed key",
    );
    if report.keys.is_empty() {
        out.push_str(r#"<p class="empty">The design has no customer managed KMS keys: every encrypted store uses a key AWS holds.</p>"#);
    } else {
        out.push_str(r#"<div class="table-wrap"><table><thead><tr><th>Key</th><th>Rotation / policy</th><th>Protects</th><th>Must decrypt</th><th>Allowed (kms:Decrypt)</th><th>Missing grants</th></tr></thead><tbody>"#);
        for k in &report.keys {
            let protects = if k.protects.is_empty() {
                r#"<span class="muted">nothing</span>"#.to_owned()
            } else {
                k.protects
                    .iter()
                    .map(|p| {
                        let purpose = if p.purpose == "storage" {
                            String::new()
                        } else {
                            format!(r#" <span class="muted">({})</span>"#, escape(&p.purpose.replace('_', " ")))
                        };
                        format!("{}{purpose}", escape(&p.node.label))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let missing = if k.missing.is_empty() {
                r#"<span class="pill yes">none</span>"#.to_owned()
            } else {
                format!(r#"<span class="pill no">{}</span>"#, names(&k.missing))
            };
            let alias = if k.alias.is_empty() {
                String::new()
            } else {
                format!(r#"<span class="id">alias/{}</span>"#, escape(&k.alias))
            };
            let _ = write!(
                out,
                r#"<tr><td><b>{}</b>{alias}</td><td>{}<span class="id">policy: {}</span></td><td>{protects}</td><td>{}</td><td>{}</td><td>{missing}</td></tr>"#,
                escape(&k.key.label),
                if k.rotation {
                    r#"<span class="pill yes">rotates yearly</span>"#
                } else {
                    r#"<span class="pill no">no rotation</span>"#
                },
                escape(&k.key_policy.replace('_', " ")),
                names(&k.must_decrypt),
                names(&k.granted)
            );
        }
        out.push_str("</tbody></table></div>");
    }
    out.push_str("</section>");

    // Cost and the price of encryption.
    match &report.cost {
        Some(c) => cost_sections(&mut out, c),
        None => {
            section_head(&mut out, "cost", "Monthly cost", "");
            let _ =
                write!(out, r#"<p class="empty">{}</p></section>"#, escape(report.cost_error.as_deref().unwrap_or("")));
            out.push_str(r#"<section id="price-of-encryption"></section>"#);
        }
    }

    // Assumptions.
    section_head(&mut out, "assumptions", "Assumptions", "What the figures above rest on");
    out.push_str(r#"<ul class="assumptions">"#);
    for a in &report.assumptions {
        let _ = write!(out, "<li>{}</li>", rich(a));
    }
    out.push_str("</ul></section>");
    let _ = write!(
        out,
        "<footer>Generated by {} from the design alone: no cloud account was read. Costs are list-price estimates; check them against your bill.</footer>\n</main>\n</body>\n</html>\n",
        escape(&report.generator)
    );
    out
}

#[allow(clippy::too_many_lines)] // two tables that belong together
fn cost_sections(out: &mut String, c: &CostSummary) {
    let e = &c.estimate;
    let p = &c.encryption;
    let unpriced = if e.unpriced == 0 {
        String::new()
    } else {
        format!(
            "; {} without a price, not in the total",
            if e.unpriced == 1 { "1 line".to_owned() } else { format!("{} lines", e.unpriced) }
        )
    };
    section_head(
        out,
        "cost",
        "Monthly cost",
        &format!("{} ({}), list prices in {}{unpriced}", escape(&e.region), escape(&e.region_name), e.currency),
    );
    let _ = write!(
        out,
        r#"<div class="cost-grid"><div class="card"><div class="label">Total a month</div><div class="big">{}</div><div class="sub">{} components priced</div></div><div class="card"><div class="label">Without encryption</div><div class="big">{}</div><div class="sub">the same design, every encryption feature off</div></div><div class="card"><div class="label">Price of encryption</div><div class="big">{}</div><div class="sub">{} of the total</div></div></div>"#,
        fmt_usd(e.total),
        e.components.len(),
        fmt_usd(p.without_encryption),
        fmt_usd(p.delta),
        pct((p.delta_pct * 10.0).round() / 10.0)
    );
    out.push_str(r#"<div class="table-wrap"><table class="cost"><thead><tr><th>Component / item</th><th class="num">Quantity</th><th class="num">Unit price</th><th class="num">Monthly</th><th>How the quantity is reached</th><th>Price source</th></tr></thead><tbody>"#);
    for (comp, lines) in e.by_component() {
        let id = if comp.label == comp.component {
            String::new()
        } else {
            format!(r#"<span class="id">{}</span>"#, escape(&comp.component))
        };
        let _ = write!(
            out,
            r#"<tr class="group"><td colspan="3">{}{id}</td><td class="num">{}</td><td colspan="2"></td></tr>"#,
            escape(&comp.label),
            fmt_usd(comp.monthly)
        );
        for l in lines {
            let qty = fmt_quantity(l.quantity, &escape(&l.unit), "—");
            match (l.unit_price, l.monthly, &l.no_price) {
                (Some(up), Some(m), _) => {
                    let price = fmt_unit_price(up);
                    let est = if l.estimate { r#" <span class="pill unverified">estimate</span>"# } else { "" };
                    let _ = write!(
                        out,
                        r#"<tr><td>{}{est}</td><td class="num">{qty}</td><td class="num">{price}</td><td class="num">{}</td><td>{}</td><td class="small">{}<span class="id">{}</span></td></tr>"#,
                        escape(&l.item),
                        fmt_usd(m),
                        escape(&l.assumption),
                        escape(&l.source),
                        escape(&l.date)
                    );
                }
                (_, _, Some(why)) => {
                    let _ = write!(
                        out,
                        r#"<tr class="no-price"><td>{}</td><td class="num">{qty}</td><td class="num">—</td><td class="num">no price</td><td>{}</td><td class="small">{}</td></tr>"#,
                        escape(&l.item),
                        escape(&l.assumption),
                        escape(why)
                    );
                }
                _ => {}
            }
        }
    }
    let _ = write!(
        out,
        r#"<tr class="total"><td colspan="3">Total a month</td><td class="num">{}</td><td colspan="2"></td></tr></tbody></table></div></section>"#,
        fmt_usd(e.total)
    );

    section_head(
        out,
        "price-of-encryption",
        "Price of encryption",
        &format!(
            "{} with encryption − {} without = {} a month",
            fmt_usd(p.with_encryption),
            fmt_usd(p.without_encryption),
            fmt_usd(p.delta)
        ),
    );
    out.push_str(r#"<div class="table-wrap"><table><thead><tr><th>Component</th><th>Encryption feature switched off</th><th>What changes on the bill</th><th class="num">Monthly</th></tr></thead><tbody>"#);
    for item in &p.items {
        let id = match &item.component {
            Some(id) if *id != item.label => format!(r#"<span class="id">{}</span>"#, escape(id)),
            _ => String::new(),
        };
        let features = item.features.iter().map(|f| rich(f)).collect::<Vec<_>>().join("<br>");
        let lines = if item.lines.is_empty() {
            r#"<span class="muted">no AWS charge</span>"#.to_owned()
        } else {
            item.lines
                .iter()
                .map(|l| {
                    let how = if l.without_assumption.is_empty() || l.with_assumption == l.without_assumption {
                        escape(&l.with_assumption)
                    } else {
                        format!("{} → {}", escape(&l.with_assumption), escape(&l.without_assumption))
                    };
                    format!(
                        r#"{}: {} → {}<span class="why">{how}</span>"#,
                        escape(&l.item),
                        fmt_usd(l.with_encryption),
                        fmt_usd(l.without_encryption)
                    )
                })
                .collect::<Vec<_>>()
                .join("")
        };
        let _ = write!(
            out,
            r#"<tr><td><b>{}</b>{id}</td><td>{features}</td><td>{lines}</td><td class="num">{}</td></tr>"#,
            escape(&item.label),
            fmt_usd(item.delta)
        );
    }
    let _ = write!(
        out,
        r#"<tr class="total"><td colspan="3">Encryption adds</td><td class="num">{}</td></tr></tbody></table></div>"#,
        fmt_usd(p.delta)
    );
    for n in &p.notes {
        let _ = write!(out, r#"<p class="note">{}</p>"#, rich(n));
    }
    out.push_str("</section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rich_turns_backticks_into_code_after_escaping() {
        assert_eq!(rich("set `sslmode=verify-full` <now>"), "set <code>sslmode=verify-full</code> &lt;now&gt;");
        assert_eq!(rich("a ` b"), "a ` b");
        assert_eq!(rich("`<script>`"), "<code>&lt;script&gt;</code>");
    }
}
