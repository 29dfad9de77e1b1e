//! `cipherplan report`: the encryption report of a design (HTML, Markdown, JSON or SARIF).

use crate::cli::{self, Args, Command, Input, OK, UNUSABLE};
use cipherplan::report::{self, ReportOptions};
use cipherplan::Design;
use std::path::Path;
use std::process::ExitCode;

/// The command table entry.
pub const COMMAND: Command = Command {
    name: "report",
    summary: "Encryption report of a design: HTML, Markdown, JSON or SARIF",
    help: HELP,
    run,
};

const HELP: &str = "\
cipherplan report: the encryption report a reviewer reads

Usage: cipherplan report FILE --format html|md|json|sarif [--out FILE] [--region REGION] [--strict]

Writes the report of FILE (a cipherplan/1 design; `-` reads standard input): the summary and
score, the diagram, every flow with its protocol, TLS version, certificate verification and
verdict, every store with its key, who can decrypt each key, every path from an entry point
to a store with its weakest hop, the findings with why they matter, how to fix them and the
scanner ids they map to, the monthly cost with the price of encryption, and the assumptions.

Options:
  --format html|md|json|sarif  html: one self-contained, printable file (no scripts, no
                               external resources); md: GitHub Markdown (with --out, the
                               diagram is written as an .svg beside it and linked); json: the
                               cipherplan-report/1 object documented in the CLI README
                               (\"report JSON\"); sarif: SARIF 2.1.0, as `validate` writes it
  --out FILE                   write to FILE instead of standard output
  --region REGION              price another region than the design's (a region without
                               prices leaves the cost section with that message)
  --strict                     strict mode (loopback plaintext inside a task is a warning)

Exit codes: 0 written; 2 unusable input, usage error, or an output file that cannot be written.

Examples:
  cipherplan report design.json --format html --out report.html
  cipherplan report design.json --format md --out docs/encryption.md
  cipherplan template django-baseline | cipherplan report - --format json
";

/// Reads and loads a design, printing every problem (with its JSON path) on failure.
///
/// # Errors
/// The exit code to return: the problems were already printed on standard error.
pub fn load_design(path: &str) -> Result<(Design, Input), ExitCode> {
    let input = cli::read_input(path).map_err(|e| {
        cli::eprint_text(&format!("error: {e}\n"));
        ExitCode::from(UNUSABLE)
    })?;
    match cipherplan::load(&input.text) {
        Ok(design) => Ok((design, input)),
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
            Err(ExitCode::from(UNUSABLE))
        }
    }
}

/// Runs `cipherplan report`.
#[must_use]
pub fn run(raw: &[String]) -> ExitCode {
    let args = match Args::parse(raw, &["--format", "--out", "--region"], &["--strict"]) {
        Ok(a) => a,
        Err(e) => return cli::usage_error(&COMMAND, &e),
    };
    if args.help {
        return cli::print_help(&COMMAND);
    }
    if args.value("--format").is_none() {
        return cli::usage_error(&COMMAND, "--format is required: html, md, json or sarif");
    }
    let format = match args.choice("--format", &["html", "md", "markdown", "json", "sarif"], "html") {
        Ok(f) => f,
        Err(e) => return cli::usage_error(&COMMAND, &e),
    };
    let path = match args.positional.as_slice() {
        [p] => p.as_str(),
        [] => return cli::usage_error(&COMMAND, "name the design file to report on (`-` for standard input)"),
        _ => return cli::usage_error(&COMMAND, "one design file at a time"),
    };
    let (design, input) = match load_design(path) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let mut options = ReportOptions::for_design(&design);
    options.rules.strict = args.flag("--strict");
    if let Some(region) = args.value("--region") {
        region.clone_into(&mut options.cost.region);
    }
    let out = args.value("--out").map(Path::new);
    let format = report::Format::parse(format).unwrap_or(report::Format::Html);
    // GitHub does not render inline SVG in Markdown: with --out, the diagram goes in a file beside.
    let svg = if format == report::Format::Markdown { out.map(|o| o.with_extension("svg")) } else { None };
    if let Some(svg) = &svg {
        if let Err(code) = write(svg, &cipherplan::diagram::svg(&design)) {
            return code;
        }
    }
    let href = svg.as_ref().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned());
    let source = report::SourceFile { uri: &input.uri, text: Some(&input.text) };
    let text = report::render(&design, &options, format, source, href.as_deref());
    match out {
        Some(file) => match write(file, &text) {
            Ok(()) => ExitCode::from(OK),
            Err(code) => code,
        },
        None => {
            cli::print_text(&text);
            ExitCode::from(OK)
        }
    }
}

fn write(path: &Path, text: &str) -> Result<(), ExitCode> {
    std::fs::write(path, text).map_err(|e| {
        cli::eprint_text(&format!("error: cannot write `{}`: {e}\n", path.display()));
        ExitCode::from(UNUSABLE)
    })
}
