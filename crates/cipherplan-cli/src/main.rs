//! The `cipherplan` command: validate designs in CI, list templates and rules, explain them.
//!
//! Each subcommand lives in its own module with a `COMMAND` entry (name, summary, help, `run`);
//! adding one is a new file and one line in [`COMMANDS`].

mod cli;
mod cost;
mod explain;
mod export;
mod report;
mod rules;
mod share;
mod template;
mod validate;

use cli::{Command, OK, UNUSABLE};
use std::process::ExitCode;

/// Every subcommand, in the order `cipherplan --help` lists them. One line per command.
const COMMANDS: &[Command] = &[
    validate::COMMAND,
    template::COMMAND,
    rules::COMMAND,
    explain::COMMAND,
    export::COMMAND,
    cost::COMMAND,
    report::COMMAND,
    share::COMMAND,
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    dispatch(&args)
}

fn dispatch(args: &[String]) -> ExitCode {
    let Some(first) = args.first() else {
        cli::eprint_text(&top_help());
        return ExitCode::from(UNUSABLE);
    };
    match first.as_str() {
        "-h" | "--help" => {
            cli::print_text(&top_help());
            ExitCode::from(OK)
        }
        "-V" | "--version" => {
            cli::print_text(&format!("cipherplan {}\n", env!("CARGO_PKG_VERSION")));
            ExitCode::from(OK)
        }
        "help" => match args.get(1) {
            None => {
                cli::print_text(&top_help());
                ExitCode::from(OK)
            }
            Some(name) => match find(name) {
                Some(cmd) => cli::print_help(cmd),
                None => unknown(name),
            },
        },
        name => match find(name) {
            Some(cmd) => (cmd.run)(&args[1..]),
            None => unknown(name),
        },
    }
}

fn find(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

fn unknown(name: &str) -> ExitCode {
    let hint = COMMANDS
        .iter()
        .map(|c| (cli::distance(name, c.name), c.name))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default();
    cli::eprint_text(&format!("error: unknown command `{name}`{hint}\n\n{}", top_help()));
    ExitCode::from(UNUSABLE)
}

fn top_help() -> String {
    let width = COMMANDS.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut s = format!(
        "cipherplan {}: check an AWS design for encryption in transit and at rest\n\n\
         Usage: cipherplan <command> [options]\n\nCommands:\n",
        env!("CARGO_PKG_VERSION")
    );
    for c in COMMANDS {
        s.push_str(&format!("  {}  {}\n", cli::pad(c.name, width), c.summary));
    }
    s.push_str(
        "\nRun `cipherplan <command> --help` for a command's options.\n\
         Exit codes: 0 success (no error findings), 1 error findings, 2 unusable input or usage error.\n",
    );
    s
}
