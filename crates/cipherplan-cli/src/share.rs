//! `cipherplan share`: the share-link fragment of a design, or the link of its embed view.

use crate::cli::{self, Args, Command, OK, UNUSABLE};
use cipherplan::share::{self, EMBED_QUERY, MAX_URL_FRAGMENT};
use cipherplan::templates::{template, TEMPLATES};
use std::process::ExitCode;

/// The command table entry.
pub const COMMAND: Command = Command {
    name: "share",
    summary: "Print a design's share-link fragment, or the link of its read-only embed view",
    help: HELP,
    run,
};

const HELP: &str = "\
cipherplan share: a design as a share link (the design travels in the URL fragment)

Usage: cipherplan share FILE|--template NAME [--embed] [--base URL] [--iframe]

Prints the fragment that carries the design (`d1.` + deflate + base64url, the same bytes the
browser's Share button makes) for FILE (a cipherplan/1 design; `-` reads standard input) or a
built-in template. Nothing is uploaded anywhere: the fragment is the design.

Options:
  --template NAME  share a built-in template instead of a file
  --embed          print the relative link of the read-only embed view: `?embed#d1.…`
  --base URL       put the app's address in front (e.g. https://example.org/cipherplan/):
                   `URL#d1.…`, or `URL?embed#d1.…` with --embed
  --iframe         print the <iframe> embed code instead (implies --embed); with --base, an
                   absolute src, otherwise one relative to the app's folder

Without options the output is the bare fragment (no `#`). A design whose fragment is longer
than the link limit (32000 characters) is refused: share the design file instead.

Exit codes: 0 printed; 2 unusable input, unknown template, too large for a link, usage error.

Examples:
  cipherplan share design.json
  cipherplan share --template django-encrypted --embed
  cipherplan share design.json --base https://example.org/cipherplan/ --iframe
";

/// Runs `cipherplan share`.
#[must_use]
pub fn run(raw: &[String]) -> ExitCode {
    let args = match Args::parse(raw, &["--template", "--base"], &["--embed", "--iframe"]) {
        Ok(a) => a,
        Err(e) => return cli::usage_error(&COMMAND, &e),
    };
    if args.help {
        return cli::print_help(&COMMAND);
    }
    let design = match (args.value("--template"), args.positional.as_slice()) {
        (Some(name), []) => match template(name) {
            Some(t) => (t.build)(),
            None => {
                let names: Vec<&str> = TEMPLATES.iter().map(|t| t.name).collect();
                cli::eprint_text(&format!("error: no template named `{name}`; templates: {}\n", names.join(", ")));
                return ExitCode::from(UNUSABLE);
            }
        },
        (None, [path]) => match crate::report::load_design(path) {
            Ok((design, _)) => design,
            Err(code) => return code,
        },
        (Some(_), [_, ..]) => return cli::usage_error(&COMMAND, "a file or --template, not both"),
        (None, []) => {
            return cli::usage_error(&COMMAND, "name the design file to share (`-` for standard input) or --template")
        }
        (None, _) => return cli::usage_error(&COMMAND, "one design at a time"),
    };
    let fragment = share::encode(&design);
    if !share::fits_in_url(&fragment) {
        cli::eprint_text(&format!(
            "error: `{}` is too large for a link: its fragment is {} characters, the limit is {MAX_URL_FRAGMENT}; \
             share the design file instead\n",
            design.name,
            fragment.len()
        ));
        return ExitCode::from(UNUSABLE);
    }
    let base = args.value("--base").unwrap_or_default();
    let iframe = args.flag("--iframe");
    let out = if iframe || args.flag("--embed") {
        let src = format!("{base}{EMBED_QUERY}#{fragment}");
        if iframe {
            share::embed_snippet(&src, &format!("{} — encryption diagram (cipherplan)", design.name))
        } else {
            src
        }
    } else if base.is_empty() {
        fragment
    } else {
        format!("{base}#{fragment}")
    };
    cli::print_text(&format!("{out}\n"));
    ExitCode::from(OK)
}
