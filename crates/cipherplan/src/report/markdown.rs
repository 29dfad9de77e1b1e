//! The report as GitHub-flavoured Markdown.
//!
//! Tables are GFM tables; every design string goes through [`escape`], which escapes pipes
//! (they would end a cell), Markdown punctuation (so a label cannot become a link, emphasis or
//! a heading) and `<`, `>`, `&` (so it cannot become HTML). GitHub does not render inline SVG
//! in Markdown, so the diagram is an image link to an SVG file written next to the report.

use super::{fix_and_autofix, grade_word, severity_counts, NodeRef, Report};
use crate::cost::{fmt_num, fmt_quantity, fmt_unit_price, fmt_usd, CostSummary};
use crate::finding::Severity;
use crate::hop::Grade;
use crate::rest::KeyHolder;
use std::fmt::Write;

/// Escapes text for a Markdown paragraph or table cell (one line).
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("\\|"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Text with `code` spans (rule docs and messages use them; messages also quote design
/// strings inside them): the spans become `<code>` elements whose content is escaped like the
/// rest, so no design string is ever raw Markdown or HTML, whatever backticks it holds.
fn rich(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    let balanced = parts.len() % 2 == 1;
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if balanced && i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", escape(part));
        } else {
            if i > 0 && !(balanced && i % 2 == 0) {
                out.push_str("\\`");
            }
            out.push_str(&escape(part));
        }
    }
    out
}

fn grade(g: Grade, loopback: bool) -> String {
    let icon = match (g, loopback) {
        (_, true) => "⚪",
        (Grade::Verified, _) => "🟢",
        (Grade::Unverified, _) => "🟡",
        (Grade::Downgradable, _) => "🟠",
        (Grade::Plaintext, _) => "🔴",
    };
    format!("{icon} {}", grade_word(g, loopback))
}

fn node(n: &NodeRef) -> String {
    if n.label == n.id {
        format!("**{}**", escape(&n.label))
    } else {
        format!("**{}** ({})", escape(&n.label), escape(&n.id))
    }
}

fn list(refs: &[NodeRef]) -> String {
    if refs.is_empty() {
        "—".into()
    } else {
        refs.iter().map(|n| escape(&n.label)).collect::<Vec<_>>().join(", ")
    }
}

fn pct(x: f64) -> String {
    format!("{}%", fmt_num(x))
}

/// The report as Markdown. `diagram_href`, when given, is where the diagram's SVG file is
/// (relative to the Markdown file); without it the diagram section says where to find it.
#[must_use]
#[allow(clippy::too_many_lines)] // one section after the other, in reading order
pub fn render(report: &Report, diagram_href: Option<&str>) -> String {
    let mut out = String::new();
    let d = &report.design;
    let s = &report.summary;
    let _ = writeln!(out, "# Encryption report: {}\n", escape(&d.name));
    if !d.description.is_empty() {
        let _ = writeln!(out, "{}\n", escape(&d.description));
    }
    let _ = writeln!(
        out,
        "Region **{}** · {} components · {} connections and relations · strict mode {} · {}\n",
        escape(&d.region),
        d.nodes,
        d.edges,
        if d.strict { "on" } else { "off" },
        escape(&report.generator)
    );

    out.push_str("## Summary\n\n| Encryption score | In transit | At rest | Customer managed keys | Findings | Monthly cost |\n|---:|---:|---:|---:|---|---:|\n");
    let cost = report.cost.as_ref().map_or_else(
        || "—".to_owned(),
        |c| format!("{} (encryption {})", fmt_usd(c.estimate.total), fmt_usd(c.encryption.delta)),
    );
    let _ = writeln!(
        out,
        "| **{}** / 100 | {} ({}/{} flows) | {} ({}/{} stores) | {} ({}/{} stores) | {} | {} |\n",
        s.score,
        pct(s.transit_pct),
        s.flows_encrypted,
        s.flows,
        pct(s.rest_pct),
        s.stores_encrypted,
        s.stores,
        pct(s.cmk_pct),
        s.stores_cmk,
        s.stores,
        severity_counts(s),
        cost
    );

    out.push_str("## Diagram\n\n");
    match diagram_href {
        Some(href) => {
            let _ = writeln!(
                out,
                "![Diagram of {}]({})\n",
                escape(&d.name),
                href.replace(' ', "%20").replace(['(', ')'], "")
            );
        }
        None => out.push_str("The diagram is in the HTML report (`cipherplan report FILE --format html`).\n\n"),
    }

    let _ = writeln!(out, "## Findings\n");
    if report.findings.is_empty() {
        out.push_str("No findings: every flow, store and key passes every rule.\n\n");
    }
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let of: Vec<_> = report.findings_of(severity).collect();
        if of.is_empty() {
            continue;
        }
        let title = match severity {
            Severity::Error => "🔴 Errors",
            Severity::Warning => "🟡 Warnings",
            Severity::Info => "🔵 Information",
        };
        let _ = writeln!(out, "### {title} ({})\n", of.len());
        let mut i = 0;
        while i < of.len() {
            let code = &of[i].code;
            let group: Vec<_> = of[i..].iter().take_while(|f| &f.code == code).collect();
            i += group.len();
            let f = group[0];
            let _ = writeln!(out, "#### `{}` {} ({})\n", f.code.replace('`', ""), rich(&f.title), escape(&f.name));
            let _ = writeln!(out, "**Why it matters.** {}\n", rich(&f.why.replace('\n', " ")));
            let scanners = if f.scanner_ids.is_empty() {
                "none (no IaC scanner can see this)".to_owned()
            } else {
                f.scanner_ids.iter().map(|s| format!("`{}`", s.replace('`', ""))).collect::<Vec<_>>().join(", ")
            };
            let _ = writeln!(
                out,
                "**Scanners:** {scanners} · **Reference:** <{}>\n",
                f.doc_url.replace(['<', '>', ' '], "")
            );
            out.push_str("| Where | Problem | Fix |\n|---|---|---|\n");
            for f in group {
                let fix = match fix_and_autofix(f) {
                    (fix, Some(a)) => format!("{} (autofix: {})", rich(&fix), rich(&a)),
                    (fix, None) if f.autofix.is_some() => format!("{} (autofix available)", rich(&fix)),
                    (fix, None) => rich(&fix),
                };
                let _ = writeln!(
                    out,
                    "| **{}** `{}` | {} | {} |",
                    escape(&f.target_label),
                    f.json_path.replace(['`', '|'], ""),
                    rich(&f.message),
                    fix.replace('\n', " ")
                );
            }
            out.push('\n');
        }
    }

    let _ = writeln!(
        out,
        "## Flows in transit\n\n{} network flows, {} encrypted; {} on loopback inside a task.\n",
        s.flows, s.flows_encrypted, s.loopback_flows
    );
    if !report.flows.is_empty() {
        out.push_str(
            "| From | To | Protocol | TLS | Certificate verification | Verdict |\n|---|---|---|---|---|---|\n",
        );
        for f in &report.flows {
            let why = if f.reason.is_empty() { String::new() } else { format!(": {}", escape(&f.reason)) };
            let _ = writeln!(
                out,
                "| {} | {} | {} :{} | {} | {} | {}{why} |",
                node(&f.from),
                node(&f.to),
                escape(&f.protocol),
                f.port,
                f.tls_version.as_ref().map_or_else(|| "—".to_owned(), |v| format!("TLS {}+", escape(v))),
                escape(&f.verification),
                grade(f.grade, f.loopback)
            );
        }
        out.push('\n');
    }

    out.push_str("## End-to-end paths\n\nThe weakest hop of each path is in bold.\n\n| Store | Worst | Path (entry → store) |\n|---|---|---|\n");
    for sp in &report.paths {
        let worst = sp.worst.map_or_else(|| "not reached".to_owned(), |g| grade(g, false));
        if sp.paths.is_empty() {
            let _ = writeln!(out, "| {} | {worst} | no entry point reaches it over network flows |", node(&sp.store));
            continue;
        }
        for (i, p) in sp.paths.iter().enumerate() {
            let mut chain = p.hops.first().map(|h| escape(&h.from.label)).unwrap_or_default();
            for (j, h) in p.hops.iter().enumerate() {
                let proto = escape(if h.protocol.is_empty() { "in task" } else { &h.protocol });
                let hop = if j == p.weakest {
                    format!(" → **{proto} ({})** → ", grade_word(h.grade, h.loopback))
                } else {
                    format!(" → {proto} → ")
                };
                let _ = write!(chain, "{hop}{}", escape(&h.to.label));
            }
            let (store, w) = if i == 0 { (node(&sp.store), worst.clone()) } else { (String::new(), String::new()) };
            let _ = writeln!(out, "| {store} | {w} | {chain} |");
        }
    }
    out.push('\n');

    let _ = writeln!(
        out,
        "## Stores at rest\n\n{} of {} encrypted, {} with a customer managed key.\n\n| Store | Kind | Holds | At rest | Key | Paths in |\n|---|---|---|---|---|---|",
        s.stores_encrypted, s.stores, s.stores_cmk
    );
    for st in &report.stores {
        let word = match &st.key_holder {
            KeyHolder::Customer(_) => "🟢 customer key",
            KeyHolder::AwsManaged => "⚪ AWS managed key",
            KeyHolder::AwsOwned => "⚪ AWS owned key",
            KeyHolder::None => "🔴 unencrypted",
        };
        let paths = match (st.reachable, st.worst_path) {
            (true, Some(g)) => grade(g, false),
            _ => "not reached by flows".to_owned(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {word} | {} | {paths} |",
            node(&st.node),
            escape(&st.kind_title),
            st.data_classification.as_deref().map_or_else(|| "—".to_owned(), escape),
            escape(&st.at_rest)
        );
    }
    out.push('\n');

    out.push_str("## Keys and who can decrypt\n\n");
    if report.keys.is_empty() {
        out.push_str("The design has no customer managed KMS keys.\n\n");
    } else {
        out.push_str("| Key | Rotation | Policy | Protects | Must decrypt | Allowed (kms:Decrypt) | Missing grants |\n|---|---|---|---|---|---|---|\n");
        for k in &report.keys {
            let protects = k
                .protects
                .iter()
                .map(|p| {
                    if p.purpose == "storage" {
                        escape(&p.node.label)
                    } else {
                        format!("{} ({})", escape(&p.node.label), escape(&p.purpose.replace('_', " ")))
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                node(&k.key),
                if k.rotation { "yearly" } else { "🔴 off" },
                escape(&k.key_policy.replace('_', " ")),
                if protects.is_empty() { "—".to_owned() } else { protects },
                list(&k.must_decrypt),
                list(&k.granted),
                if k.missing.is_empty() { "none".to_owned() } else { format!("🔴 {}", list(&k.missing)) }
            );
        }
        out.push('\n');
    }

    match &report.cost {
        Some(c) => cost_sections(&mut out, c),
        None => {
            let _ = writeln!(out, "## Monthly cost\n\n{}\n", escape(report.cost_error.as_deref().unwrap_or("")));
        }
    }

    out.push_str("## Assumptions\n\n");
    for a in &report.assumptions {
        let _ = writeln!(out, "- {}", rich(a));
    }
    let _ = writeln!(
        out,
        "\n---\nGenerated by {} from the design alone: no cloud account was read.",
        escape(&report.generator)
    );
    out
}

fn cost_sections(out: &mut String, c: &CostSummary) {
    let e = &c.estimate;
    let p = &c.encryption;
    let _ = writeln!(
        out,
        "## Monthly cost\n\n{} ({}), list prices in {}. **Total {} a month**; without encryption {}; **encryption adds {}** ({} of the total).\n",
        escape(&e.region),
        escape(&e.region_name),
        e.currency,
        fmt_usd(e.total),
        fmt_usd(p.without_encryption),
        fmt_usd(p.delta),
        pct((p.delta_pct * 10.0).round() / 10.0)
    );
    out.push_str("| Component / item | Quantity | Unit price | Monthly | How the quantity is reached | Price source |\n|---|---:|---:|---:|---|---|\n");
    for (comp, lines) in e.by_component() {
        let _ = writeln!(out, "| **{}** | | | **{}** | | |", escape(&comp.label), fmt_usd(comp.monthly));
        for l in lines {
            let qty = fmt_quantity(l.quantity, &escape(&l.unit), "—");
            match (l.unit_price, l.monthly, &l.no_price) {
                (Some(up), Some(m), _) => {
                    let price = fmt_unit_price(up);
                    let est = if l.estimate { " (estimate)" } else { "" };
                    let _ = writeln!(
                        out,
                        "| {}{est} | {qty} | {price} | {} | {} | {}, {} |",
                        escape(&l.item),
                        fmt_usd(m),
                        escape(&l.assumption),
                        escape(&l.source),
                        escape(&l.date)
                    );
                }
                (_, _, Some(why)) => {
                    let _ = writeln!(
                        out,
                        "| {} | {qty} | — | **no price** | {} | {} |",
                        escape(&l.item),
                        escape(&l.assumption),
                        escape(why)
                    );
                }
                _ => {}
            }
        }
    }
    let _ = writeln!(out, "| **Total a month** | | | **{}** | | |\n", fmt_usd(e.total));

    let _ = writeln!(
        out,
        "## Price of encryption\n\n{} with encryption − {} without = **{} a month**.\n\n| Component | Encryption feature switched off | What changes on the bill | Monthly |\n|---|---|---|---:|",
        fmt_usd(p.with_encryption),
        fmt_usd(p.without_encryption),
        fmt_usd(p.delta)
    );
    for item in &p.items {
        let features = item.features.iter().map(|f| rich(f)).collect::<Vec<_>>().join("; ");
        let lines = if item.lines.is_empty() {
            "no AWS charge".to_owned()
        } else {
            item.lines
                .iter()
                .map(|l| {
                    format!("{}: {} → {}", escape(&l.item), fmt_usd(l.with_encryption), fmt_usd(l.without_encryption))
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let _ = writeln!(out, "| **{}** | {features} | {lines} | {} |", escape(&item.label), fmt_usd(item.delta));
    }
    let _ = writeln!(out, "| **Encryption adds** | | | **{}** |\n", fmt_usd(p.delta));
    for n in &p.notes {
        let _ = writeln!(out, "> {}\n", rich(n));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_cells_and_markup_closed() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(escape("[x](javascript:y)"), "\\[x\\](javascript:y)");
        assert_eq!(escape("DJANGO_SECRET_KEY"), "DJANGO\\_SECRET\\_KEY");
        assert_eq!(escape("line\nbreak"), "line break");
    }

    #[test]
    fn rich_turns_code_spans_into_escaped_code_elements() {
        assert_eq!(rich("use `a|b` now"), "use <code>a\\|b</code> now");
        assert_eq!(rich("odd ` tick"), "odd \\` tick");
        assert_eq!(rich("`\"><img src=x>` ok"), "<code>\"&gt;&lt;img src=x&gt;</code> ok");
    }
}
