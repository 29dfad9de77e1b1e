//! `cipherplan cost FILE [--format text|json] [--region R] [--hours-per-month N] [--spot-discount F]`:
//! the monthly estimate of a design and the price of its encryption.

use cipherplan::cost::{self, CostAssumptions};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: cipherplan cost FILE [--format text|json] [--region REGION] [--hours-per-month N] [--spot-discount FRACTION]";

/// Runs the subcommand. Exit codes: 0 printed, 2 usage, unreadable file, invalid design or a
/// region without prices.
pub fn run(args: &[String]) -> ExitCode {
    match run_inner(args) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            if out.write_all(text.as_bytes()).and_then(|()| out.flush()).is_err() {
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("cipherplan cost: {message}");
            ExitCode::from(2)
        }
    }
}

/// Parses the arguments, prices the design and renders it.
fn run_inner(args: &[String]) -> Result<String, String> {
    let mut file = None;
    let mut format = "text".to_owned();
    let mut region = None;
    let mut hours = None;
    let mut spot = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--format" => format = value("--format")?,
            "--region" => region = Some(value("--region")?),
            "--hours-per-month" => hours = Some(number(&value("--hours-per-month")?, "--hours-per-month")?),
            "--spot-discount" => spot = Some(number(&value("--spot-discount")?, "--spot-discount")?),
            "-h" | "--help" => return Ok(format!("{USAGE}\n")),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}\n{USAGE}")),
            path if file.is_none() => file = Some(path.to_owned()),
            extra => return Err(format!("unexpected argument {extra}\n{USAGE}")),
        }
    }
    let file = file.ok_or_else(|| USAGE.to_owned())?;
    if !matches!(format.as_str(), "text" | "json") {
        return Err(format!("unknown format {format} (text or json)"));
    }
    let design = crate::report::read_design(&file)?;
    let mut assumptions = CostAssumptions::for_design(&design);
    if let Some(r) = region {
        assumptions.region = r;
    }
    if let Some(h) = hours {
        assumptions.hours_per_month = h;
    }
    if let Some(s) = spot {
        assumptions.spot_discount = s;
    }
    let summary = cost::summary(&design, &assumptions).map_err(|e| e.to_string())?;
    Ok(if format == "json" {
        serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())? + "\n"
    } else {
        cost::render_text(&design.name, &summary)
    })
}

fn number(text: &str, flag: &str) -> Result<f64, String> {
    text.parse::<f64>().map_err(|_| format!("{flag} expects a number, not {text:?}"))
}
