//! `cipherplan report FILE --format html|md|json|sarif --out FILE`: the encryption report.

use cipherplan::Design;
use std::process::ExitCode;

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

/// Runs the subcommand.
pub fn run(_args: &[String]) -> ExitCode {
    ExitCode::from(2)
}
