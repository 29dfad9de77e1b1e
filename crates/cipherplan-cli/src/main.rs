//! The `cipherplan` command.

mod export;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("export") => export::run(&args[1..]),
        _ => {
            eprintln!("usage: cipherplan export ...");
            ExitCode::from(2)
        }
    }
}
