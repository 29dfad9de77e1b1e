//! `cipherplan rules`: the rule registry as a table (or JSON).

use crate::cli::{self, Args, Command, Style, OK};
use cipherplan::rules::{Area, RULES};
use serde_json::json;
use std::process::ExitCode;

/// The command table entry.
pub const COMMAND: Command =
    Command { name: "rules", summary: "List every rule: code, severity, name, scanner ids", help: HELP, run };

const HELP: &str = "\
cipherplan rules: every rule cipherplan checks

Usage: cipherplan rules [--format text|json]

Lists each rule's stable code, default severity, name, the checkov ids it corresponds to
(none when no scanner can see what it checks) and whether it offers an autofix.
`cipherplan explain CODE` shows a rule's documentation.

Options:
  --format text|json   table (default) or a JSON array of
                       {code, name, severity, area, fixable, scanner_ids, doc_url, summary}
";

/// Runs `cipherplan rules`.
#[must_use]
pub fn run(raw: &[String]) -> ExitCode {
    let args = match Args::parse(raw, &["--format"], &[]) {
        Ok(a) => a,
        Err(e) => return cli::usage_error(&COMMAND, &e),
    };
    if args.help {
        return cli::print_help(&COMMAND);
    }
    if let Some(extra) = args.positional.first() {
        return cli::usage_error(&COMMAND, &format!("unexpected argument `{extra}`"));
    }
    let format = match args.choice("--format", &["text", "json"], "text") {
        Ok(f) => f,
        Err(e) => return cli::usage_error(&COMMAND, &e),
    };
    if format == "json" {
        let list: Vec<_> = RULES
            .iter()
            .map(|r| {
                let m = r.meta();
                json!({
                    "code": m.code,
                    "name": m.name,
                    "severity": m.severity.as_str(),
                    "area": area(m.area),
                    "fixable": m.fixable,
                    "scanner_ids": m.scanner_ids,
                    "doc_url": m.doc_url,
                    "summary": m.summary(),
                })
            })
            .collect();
        cli::print_text(&(serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"));
        return ExitCode::from(OK);
    }
    let style = Style::detect();
    let name_w = RULES.iter().map(|r| r.meta().name.len()).max().unwrap_or(4).max(4);
    let ids = |r: &&dyn cipherplan::rules::Rule| {
        let ids = r.meta().scanner_ids;
        if ids.is_empty() {
            "-".to_owned()
        } else {
            ids.join(", ")
        }
    };
    let ids_w = RULES.iter().map(|r| ids(r).len()).max().unwrap_or(11).max(11);
    let mut out = style.bold(&format!(
        "{}  {}  {}  {}  FIX\n",
        cli::pad("CODE", 7),
        cli::pad("SEVERITY", 8),
        cli::pad("NAME", name_w),
        cli::pad("SCANNER IDS", ids_w)
    ));
    for r in RULES {
        let m = r.meta();
        let sev = cli::pad(m.severity.as_str(), 8);
        let sev = match m.severity {
            cipherplan::Severity::Error => style.red(&sev),
            cipherplan::Severity::Warning => style.yellow(&sev),
            cipherplan::Severity::Info => style.blue(&sev),
        };
        out.push_str(&format!(
            "{}  {sev}  {}  {}  {}\n",
            cli::pad(m.code, 7),
            cli::pad(m.name, name_w),
            cli::pad(&ids(r), ids_w),
            if m.fixable { "yes" } else { "-" }
        ));
    }
    cli::print_text(&out);
    ExitCode::from(OK)
}

/// The area's name in output.
#[must_use]
pub fn area(a: Area) -> &'static str {
    match a {
        Area::Transit => "transit",
        Area::Rest => "rest",
        Area::Keys => "keys",
        Area::Access => "access",
    }
}
