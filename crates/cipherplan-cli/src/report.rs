//! `cipherplan report FILE --format html|md|json|sarif [--out FILE] [--region R] [--strict]`:
//! the encryption report of a design.
//!
//! Without `--out` the report goes to standard output. With `--format md --out X.md` the
//! diagram is also written as `X.svg` beside it and linked from the Markdown (GitHub does not
//! render inline SVG in Markdown).

use cipherplan::report::{self, ReportOptions};
use cipherplan::Design;
use std::path::Path;
use std::process::ExitCode;

const USAGE: &str =
    "usage: cipherplan report FILE --format html|md|json|sarif [--out FILE] [--region REGION] [--strict]";

/// Reads and loads a design file (`-` reads standard input).
///
/// # Errors
/// The file cannot be read or is not a valid design (every problem with its JSON path).
pub fn read_design(path: &str) -> Result<Design, String> {
    let text = if path == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        s
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?
    };
    cipherplan::load(&text).map_err(|e| format!("{path} is not a valid design:\n{e}"))
}

/// Runs the subcommand. Exit codes: 0 written, 2 usage, unreadable or invalid design, or an
/// output file that cannot be written.
pub fn run(args: &[String]) -> ExitCode {
    match run_inner(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("cipherplan report: {message}");
            ExitCode::from(2)
        }
    }
}

fn run_inner(args: &[String]) -> Result<(), String> {
    let mut file = None;
    let mut format = None;
    let mut out = None;
    let mut region = None;
    let mut strict = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--format" => format = Some(value("--format")?),
            "--out" | "-o" => out = Some(value("--out")?),
            "--region" => region = Some(value("--region")?),
            "--strict" => strict = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}\n{USAGE}")),
            path if file.is_none() => file = Some(path.to_owned()),
            extra => return Err(format!("unexpected argument {extra}\n{USAGE}")),
        }
    }
    let file = file.ok_or_else(|| USAGE.to_owned())?;
    let format = format.ok_or_else(|| format!("--format is required\n{USAGE}"))?;
    if !matches!(format.as_str(), "html" | "md" | "markdown" | "json" | "sarif") {
        return Err(format!("unknown format {format} (html, md, json or sarif)"));
    }
    let design = read_design(&file)?;
    let mut options = ReportOptions::for_design(&design);
    options.rules.strict = strict;
    if let Some(r) = region {
        options.cost.region = r;
    }
    let built = report::build(&design, &options);
    let text = match format.as_str() {
        "html" => report::html::render(&design, &built),
        "json" => report::json(&built),
        "sarif" => {
            return Err(format!(
                "SARIF output for {} waits for the shared SARIF module (core-api)",
                artifact_uri(&file)
            ))
        }
        _ => {
            let svg_path = out.as_deref().map(|o| Path::new(o).with_extension("svg"));
            if let Some(svg) = &svg_path {
                write(svg, &cipherplan::diagram::svg(&design))?;
            }
            let href = svg_path.as_ref().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned());
            report::markdown::render(&built, href.as_deref())
        }
    };
    match out {
        Some(path) => write(Path::new(&path), &text),
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()).map_err(|e| format!("cannot write: {e}"))
        }
    }
}

/// The design file as SARIF names it: the path as given, with forward slashes.
fn artifact_uri(file: &str) -> String {
    if file == "-" {
        "design.cipherplan.json".into()
    } else {
        file.replace('\\', "/")
    }
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
