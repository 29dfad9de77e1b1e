//! `cipherplan explain`: a rule's documentation, or how the score is computed.

use crate::cli::{self, Args, Command, Style, OK, UNUSABLE};
use cipherplan::rules::{RuleMeta, RULES};
use cipherplan::summary::SCORE_EXPLANATION;
use std::process::ExitCode;

/// The command table entry.
pub const COMMAND: Command = Command {
    name: "explain",
    summary: "Show a rule's documentation (what, why, example, fix), or `explain score`",
    help: HELP,
    run,
};

const HELP: &str = "\
cipherplan explain: what a rule checks and why

Usage: cipherplan explain CODE
       cipherplan explain score

CODE is a rule code (CP-T004, case does not matter) or a rule name (rds-force-ssl). Prints
the rule's severity, scanner ids, AWS documentation link and its documentation: what it
checks, why it matters, an example and the fix. `explain score` shows how the 0-100 score of
`cipherplan validate` is computed.

Examples:
  cipherplan explain CP-T008
  cipherplan explain pg-sslmode
  cipherplan explain score
";

/// Runs `cipherplan explain`.
#[must_use]
pub fn run(raw: &[String]) -> ExitCode {
    let args = match Args::parse(raw, &[], &[]) {
        Ok(a) => a,
        Err(e) => return cli::usage_error(&COMMAND, &e),
    };
    if args.help {
        return cli::print_help(&COMMAND);
    }
    let [what] = args.positional.as_slice() else {
        return cli::usage_error(&COMMAND, "name one rule code (see `cipherplan rules`) or `score`");
    };
    let style = Style::detect();
    if what.eq_ignore_ascii_case("score") {
        cli::print_text(&format!("{}\n\n{}", style.bold("How the score is computed"), SCORE_EXPLANATION));
        return ExitCode::from(OK);
    }
    let found =
        RULES.iter().map(|r| r.meta()).find(|m| m.code.eq_ignore_ascii_case(what) || m.name.eq_ignore_ascii_case(what));
    match found {
        Some(m) => {
            cli::print_text(&render(m, style));
            ExitCode::from(OK)
        }
        None => {
            let hint = RULES
                .iter()
                .map(|r| r.meta())
                .flat_map(|m| {
                    [(cli::distance(&what.to_uppercase(), m.code), m.code), (cli::distance(what, m.name), m.name)]
                })
                .filter(|(d, _)| *d <= 2)
                .min()
                .map(|(_, s)| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            cli::eprint_text(&format!(
                "error: no rule `{what}`{hint}; `cipherplan rules` lists them, `cipherplan explain score` explains the score\n"
            ));
            ExitCode::from(UNUSABLE)
        }
    }
}

/// A rule's header and documentation as text.
fn render(m: &RuleMeta, style: Style) -> String {
    let ids =
        if m.scanner_ids.is_empty() { "none (no scanner can see this)".to_owned() } else { m.scanner_ids.join(", ") };
    let docs: Vec<&str> = m.docs().lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
    format!(
        "{} {}\n{}\n\nseverity     {}\narea         {}\nscanner ids  {ids}\nautofix      {}\nAWS docs     {}\n\n{}\n",
        style.bold(m.code),
        style.bold(m.name),
        m.summary(),
        m.severity,
        crate::rules::area(m.area),
        if m.fixable { "yes" } else { "no" },
        m.doc_url,
        docs.join("\n").trim()
    )
}
