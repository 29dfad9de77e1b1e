//! The `cipherplan` command.

mod cost;
mod report;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("cost") => cost::run(&args[1..]),
        Some("report") => report::run(&args[1..]),
        _ => {
            eprintln!("usage: cipherplan (cost|report) ...");
            ExitCode::from(2)
        }
    }
}
