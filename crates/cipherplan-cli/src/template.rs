//! `cipherplan template`: list the built-in templates or print one as a design file.

use crate::cli::{self, Args, Command, OK, UNUSABLE};
use cipherplan::templates::{template, TEMPLATES};
use std::process::ExitCode;

/// The command table entry.
pub const COMMAND: Command = Command {
    name: "template",
    summary: "List the built-in templates, or print one as a design file",
    help: HELP,
    run,
};

const HELP: &str = "\
cipherplan template: the built-in designs

Usage: cipherplan template list
       cipherplan template NAME

`list` shows every template with a line on what it shows. With a NAME, the template is
printed as a design file (JSON, format cipherplan/1) on standard output, ready to edit or
to pass to `cipherplan validate`.

Examples:
  cipherplan template list
  cipherplan template django-encrypted > design.json
  cipherplan template django-baseline | cipherplan validate -
";

/// Runs `cipherplan template`.
#[must_use]
pub fn run(raw: &[String]) -> ExitCode {
    let args = match Args::parse(raw, &[], &[]) {
        Ok(a) => a,
        Err(e) => return cli::usage_error(&COMMAND, &e),
    };
    if args.help {
        return cli::print_help(&COMMAND);
    }
    match args.positional.as_slice() {
        [what] if what == "list" => {
            let width = TEMPLATES.iter().map(|t| t.name.len()).max().unwrap_or(0);
            let mut out = String::new();
            for t in TEMPLATES {
                out.push_str(&format!("{}  {}\n", cli::pad(t.name, width), t.summary));
            }
            cli::print_text(&out);
            ExitCode::from(OK)
        }
        [name] => match template(name) {
            Some(t) => {
                cli::print_text(&(t.build)().to_json());
                ExitCode::from(OK)
            }
            None => {
                let names: Vec<&str> = TEMPLATES.iter().map(|t| t.name).collect();
                cli::eprint_text(&format!("error: no template named `{name}`; templates: {}\n", names.join(", ")));
                ExitCode::from(UNUSABLE)
            }
        },
        [] => cli::usage_error(&COMMAND, "name a template, or `list`"),
        _ => cli::usage_error(&COMMAND, "one template at a time"),
    }
}
