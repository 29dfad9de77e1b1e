//! `cipherplan validate`: load a design, run every rule and the path analysis, print the
//! findings (text, JSON or SARIF) and exit 0 / 1 / 2.

use crate::cli::{self, Args, Command, Style, FINDINGS, OK, UNUSABLE};
use cipherplan::analysis::{analyze, Analysis};
use cipherplan::hop::Grade;
use cipherplan::paths::StorePaths;
use cipherplan::rules::{self, Options};
use cipherplan::{Design, Finding, Severity, Target};
use serde_json::{json, Value as Json};
use std::process::ExitCode;

/// The command table entry.
pub const COMMAND: Command = Command {
    name: "validate",
    summary: "Check a design file: findings, paths from entry points to stores, score",
    help: HELP,
    run,
};

const HELP: &str = "\
cipherplan validate: check a design for encryption in transit and at rest

Usage: cipherplan validate FILE [--format text|json|sarif] [--strict] [--deny-warnings]

Loads FILE (a cipherplan/1 design; `-` reads standard input), runs every rule, follows every
path from the entry points (internet clients, operators) to each data store hop by hop, and
prints the findings, the paths and the summary figures with the 0-100 score.

Options:
  --format text|json|sarif  text for a terminal (default); json: one object
                            {summary, findings, paths} whose shape is documented in the
                            CLI README and kept stable; sarif: SARIF 2.1.0 for code scanning
  --strict                  strict mode: also ask for TLS on loopback hops inside a task
                            (nginx -> gunicorn), as the design's settings.strict does
  --deny-warnings           exit 1 on warnings too, not only on errors

Exit codes:
  0  no error findings (warnings and infos allowed)
  1  error findings (or warnings with --deny-warnings)
  2  unusable input: the file cannot be read or is not a valid design; every problem is
     listed on standard error with its JSON path, and nothing is printed on standard output

Examples:
  cipherplan validate design.json
  cipherplan validate design.json --format sarif > cipherplan.sarif
  cipherplan template django-baseline | cipherplan validate - --format json
";

/// Runs `cipherplan validate`.
#[must_use]
pub fn run(raw: &[String]) -> ExitCode {
    let args = match Args::parse(raw, &["--format"], &["--strict", "--deny-warnings"]) {
        Ok(a) => a,
        Err(e) => return cli::usage_error(&COMMAND, &e),
    };
    if args.help {
        return cli::print_help(&COMMAND);
    }
    let format = match args.choice("--format", &["text", "json", "sarif"], "text") {
        Ok(f) => f,
        Err(e) => return cli::usage_error(&COMMAND, &e),
    };
    let path = match args.positional.as_slice() {
        [p] => p.as_str(),
        [] => return cli::usage_error(&COMMAND, "name the design file to check (`-` for standard input)"),
        _ => return cli::usage_error(&COMMAND, "one design file at a time"),
    };
    let input = match cli::read_input(path) {
        Ok(i) => i,
        Err(e) => {
            cli::eprint_text(&format!("error: {e}\n"));
            return ExitCode::from(UNUSABLE);
        }
    };
    let design = match cipherplan::load(&input.text) {
        Ok(d) => d,
        Err(errors) => {
            let n = errors.0.len();
            let mut msg = format!(
                "error: `{}` is not a usable cipherplan design ({n} problem{}):\n",
                input.display,
                if n == 1 { "" } else { "s" }
            );
            for e in &errors.0 {
                msg.push_str(&format!("  {}: {}\n", e.path, e.message));
            }
            cli::eprint_text(&msg);
            return ExitCode::from(UNUSABLE);
        }
    };
    let options = Options { strict: args.flag("--strict") };
    let analysis = analyze(&design, &options);
    let strict = options.strict || design.settings.strict;
    let out = match format {
        "json" => {
            serde_json::to_string_pretty(&json_report(&design, &analysis, &input.display, strict)).unwrap_or_default()
                + "\n"
        }
        "sarif" => {
            let log = cipherplan::sarif::sarif(&design, &analysis.findings, &input.uri, Some(&input.text));
            serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
        }
        _ => text_report(&design, &analysis, &input.display, Style::detect()),
    };
    cli::print_text(&out);
    let failing = analysis.summary.errors > 0 || (args.flag("--deny-warnings") && analysis.summary.warnings > 0);
    ExitCode::from(if failing { FINDINGS } else { OK })
}

/// The `--format json` object. Its shape is documented in the CLI README; keep it stable
/// (add fields, never rename or remove them).
fn json_report(design: &Design, a: &Analysis, file: &str, strict: bool) -> Json {
    let findings: Vec<Json> = a
        .findings
        .iter()
        .map(|f| {
            let name = rules::rule(f.code).map(|r| r.meta().name);
            let target_type = match f.target {
                Target::Design => "design",
                Target::Node(_) => "node",
                Target::Edge(_) => "edge",
            };
            json!({
                "code": f.code,
                "name": name,
                "severity": f.severity.as_str(),
                "target": f.target.id(),
                "target_type": target_type,
                "json_path": f.target.json_path(design),
                "message": f.message,
                "fix": f.fix,
                "fixable": f.autofix.is_some(),
                "scanner_ids": f.scanner_ids,
            })
        })
        .collect();
    json!({
        "cipherplan": env!("CARGO_PKG_VERSION"),
        "file": file,
        "design": design.name,
        "strict": strict,
        "summary": a.summary,
        "findings": findings,
        "paths": a.paths,
    })
}

fn severity_label(s: Severity, style: Style) -> String {
    let word = cli::pad(s.as_str(), 7);
    match s {
        Severity::Error => style.red(&word),
        Severity::Warning => style.yellow(&word),
        Severity::Info => style.blue(&word),
    }
}

fn grade_label(g: Grade, style: Style) -> String {
    match g {
        Grade::Plaintext | Grade::Downgradable => style.red(g.word()),
        Grade::Unverified => style.yellow(g.word()),
        Grade::Verified => style.green(g.word()),
    }
}

/// The terminal report: findings, paths, summary.
fn text_report(design: &Design, a: &Analysis, file: &str, style: Style) -> String {
    let mut out = format!(
        "{} {}\n",
        style.bold(if design.name.is_empty() { "(unnamed design)" } else { &design.name }),
        style.dim(&format!("({file}: {} nodes, {} edges)", design.nodes.len(), design.edges.len()))
    );

    out.push('\n');
    if a.findings.is_empty() {
        out.push_str(&format!("{}\n", style.green("No findings.")));
    } else {
        out.push_str(&format!("{}\n", style.bold("Findings")));
        let target_w = a.findings.iter().map(|f| target_text(f).chars().count()).max().unwrap_or(0).min(28);
        for f in &a.findings {
            out.push_str(&format!(
                "  {}  {}  {}  {}\n",
                severity_label(f.severity, style),
                f.code,
                cli::pad(&target_text(f), target_w),
                f.message
            ));
            if !f.fix.is_empty() {
                let indent = " ".repeat(2 + 7 + 2 + f.code.len() + 2 + target_w + 2);
                let fix = f.fix.split_whitespace().collect::<Vec<_>>().join(" ");
                out.push_str(&format!("{indent}{}\n", style.dim(&format!("fix: {fix}"))));
            }
        }
    }

    out.push('\n');
    out.push_str(&format!("{}\n", style.bold("Paths from entry points to stores")));
    let store_w = a.paths.iter().map(|s| s.store.chars().count()).max().unwrap_or(0);
    for s in &a.paths {
        let has_flows = design.edges.iter().any(|e| e.kind == cipherplan::catalog::EdgeKind::Flow && e.to == s.store);
        out.push_str(&store_paths_text(s, has_flows, store_w, style));
    }

    let s = &a.summary;
    let score = format!("{}/100", s.score);
    let score = match s.score {
        90..=100 => style.green(&score),
        60..=89 => style.yellow(&score),
        _ => style.red(&score),
    };
    out.push('\n');
    out.push_str(&format!("{}\n", style.bold("Summary")));
    out.push_str(&format!("  score       {score}   (`cipherplan explain score`)\n"));
    out.push_str(&format!(
        "  in transit  {:.1}% of {} network flows encrypted ({} loopback flow{} inside tasks not counted)\n",
        s.transit_pct,
        s.flows,
        s.loopback_flows,
        if s.loopback_flows == 1 { "" } else { "s" }
    ));
    out.push_str(&format!(
        "  at rest     {:.1}% of {} stores encrypted, {:.1}% on a customer managed KMS key\n",
        s.rest_pct, s.stores, s.cmk_pct
    ));
    let count = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    out.push_str(&format!(
        "  findings    {}, {}, {}\n",
        count(s.errors, "error"),
        count(s.warnings, "warning"),
        count(s.infos, "info")
    ));
    out
}

fn target_text(f: &Finding) -> String {
    f.target.id().unwrap_or("design").to_owned()
}

fn store_paths_text(s: &StorePaths, has_flows: bool, width: usize, style: Style) -> String {
    let name = cli::pad(&s.store, width);
    let Some(worst) = s.worst else {
        let why = if has_flows {
            "no path from an entry point reaches it"
        } else {
            "no network flow leads to it (used through relations only)"
        };
        return format!("  {name}  {}\n", style.dim(why));
    };
    let mut out = format!("  {name}  worst path: {}", grade_label(worst, style));
    if let Some(best) = s.best.filter(|b| *b != worst) {
        out.push_str(&format!("; best path: {}", grade_label(best, style)));
    }
    out.push_str(if s.end_to_end_encrypted { "  (encrypted end to end)\n" } else { "  (NOT encrypted end to end)\n" });
    let indent = " ".repeat(4 + width);
    for p in &s.paths {
        let mut line = p.entry.clone();
        for (i, h) in p.hops.iter().enumerate() {
            let proto = match (h.edge.is_empty(), h.loopback) {
                (true, _) => "task".to_owned(),
                (false, true) => format!("{} loopback", h.protocol),
                (false, false) => h.protocol.clone(),
            };
            let arrow = format!(" -{proto}-> ");
            let arrow = if i == p.weakest && !h.grade.is_encrypted() {
                style.red(&arrow)
            } else if i == p.weakest {
                style.yellow(&arrow)
            } else {
                arrow
            };
            line.push_str(&arrow);
            line.push_str(&h.to);
        }
        out.push_str(&format!("{indent}{line}\n"));
        if let Some(h) = p.hops.get(p.weakest) {
            let why = if h.reason.is_empty() { h.note.clone() } else { format!("{}; {}", h.note, h.reason) };
            out.push_str(&format!(
                "{indent}  {}\n",
                style.dim(&format!("weakest: {} -> {} ({}): {why}", h.from, h.to, h.grade.word()))
            ));
        }
    }
    out
}
