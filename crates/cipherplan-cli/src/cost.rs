//! `cipherplan cost`: the monthly estimate of a design and the price of its encryption.

use crate::cli::{self, Args, Command, OK, UNUSABLE};
use cipherplan::cost::{self, CostAssumptions};
use std::process::ExitCode;

/// The command table entry.
pub const COMMAND: Command = Command {
    name: "cost",
    summary: "Monthly cost estimate of a design and the price of its encryption",
    help: HELP,
    run,
};

const HELP: &str = "\
cipherplan cost: what a design costs a month, and what its encryption costs

Usage: cipherplan cost FILE [--format text|json] [--region REGION] [--hours-per-month N]
                            [--spot-discount FRACTION]

Prices every component of FILE (a cipherplan/1 design; `-` reads standard input) from its
properties and usage inputs with list prices (each with its source and date), and itemises
the price of encryption: the design against the same design with every encryption feature
switched off (customer managed keys and their requests, TLS sidecars' share of their task,
secrets that exist only for encryption).

Options:
  --format text|json        text table (default) or JSON {estimate, encryption}, documented
                            in the CLI README (\"cost JSON\")
  --region REGION           price another region than the design's settings.region; a
                            region without prices is an error (exit 2)
  --hours-per-month N       hours always-on resources run (default 730)
  --spot-discount FRACTION  Fargate Spot discount off on-demand, 0 to 1 (default 0.7; an
                            estimate: Spot has no list price)

Exit codes: 0 printed; 2 unusable input, unknown option, or a region without prices.

Examples:
  cipherplan cost design.json
  cipherplan template django-encrypted | cipherplan cost - --format json
";

/// Runs `cipherplan cost`.
#[must_use]
pub fn run(raw: &[String]) -> ExitCode {
    let args = match Args::parse(raw, &["--format", "--region", "--hours-per-month", "--spot-discount"], &[]) {
        Ok(a) => a,
        Err(e) => return cli::usage_error(&COMMAND, &e),
    };
    if args.help {
        return cli::print_help(&COMMAND);
    }
    let format = match args.choice("--format", &["text", "json"], "text") {
        Ok(f) => f,
        Err(e) => return cli::usage_error(&COMMAND, &e),
    };
    let path = match args.positional.as_slice() {
        [p] => p.as_str(),
        [] => return cli::usage_error(&COMMAND, "name the design file to price (`-` for standard input)"),
        _ => return cli::usage_error(&COMMAND, "one design file at a time"),
    };
    let mut numbers = [("--hours-per-month", None), ("--spot-discount", None)];
    for (name, value) in &mut numbers {
        if let Some(text) = args.value(name) {
            match text.parse::<f64>() {
                Ok(n) => *value = Some(n),
                Err(_) => return cli::usage_error(&COMMAND, &format!("{name} expects a number, not `{text}`")),
            }
        }
    }
    let design = match crate::report::load_design(path) {
        Ok((design, _)) => design,
        Err(code) => return code,
    };
    let mut assumptions = CostAssumptions::for_design(&design);
    if let Some(region) = args.value("--region") {
        region.clone_into(&mut assumptions.region);
    }
    if let Some(h) = numbers[0].1 {
        assumptions.hours_per_month = h;
    }
    if let Some(s) = numbers[1].1 {
        assumptions.spot_discount = s;
    }
    let summary = match cost::summary(&design, &assumptions) {
        Ok(s) => s,
        Err(e) => {
            cli::eprint_text(&format!("error: {e}\n"));
            return ExitCode::from(UNUSABLE);
        }
    };
    let out = if format == "json" {
        serde_json::to_string_pretty(&summary).unwrap_or_default() + "\n"
    } else {
        cost::render_text(&design.name, &summary)
    };
    cli::print_text(&out);
    ExitCode::from(OK)
}
