//! What every subcommand shares: the command table entry, argument parsing, input reading,
//! output with optional colour, and the exit codes.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

/// Exit code: success, or no error findings.
pub const OK: u8 = 0;
/// Exit code: the design has error findings.
pub const FINDINGS: u8 = 1;
/// Exit code: unusable input (unreadable file, invalid design) or a usage error.
pub const UNUSABLE: u8 = 2;

/// One subcommand: its name, one-line summary, full help and entry point.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    /// The word after `cipherplan`.
    pub name: &'static str,
    /// One line for `cipherplan --help`.
    pub summary: &'static str,
    /// The text `cipherplan NAME --help` prints (usage, options, examples).
    pub help: &'static str,
    /// Runs the command with the arguments after its name.
    pub run: fn(&[String]) -> ExitCode,
}

/// Parsed arguments of a subcommand: positionals, `--name value` options and `--flag`s.
#[derive(Debug, Default)]
pub struct Args {
    /// Positional arguments in order (`-` stays a positional: standard input).
    pub positional: Vec<String>,
    values: Vec<(&'static str, String)>,
    flags: Vec<&'static str>,
    /// `-h` or `--help` was given.
    pub help: bool,
}

impl Args {
    /// Parses `raw` accepting the options in `values` (which take a value, as `--name value`
    /// or `--name=value`) and the flags in `flags`. `--` ends the options.
    ///
    /// # Errors
    /// An unknown option, a missing value, or a value given to a flag.
    pub fn parse(raw: &[String], values: &[&'static str], flags: &[&'static str]) -> Result<Args, String> {
        let mut args = Args::default();
        let mut it = raw.iter();
        let mut options_done = false;
        while let Some(arg) = it.next() {
            if options_done || arg == "-" || !arg.starts_with('-') {
                args.positional.push(arg.clone());
                continue;
            }
            if arg == "--" {
                options_done = true;
                continue;
            }
            if arg == "-h" || arg == "--help" {
                args.help = true;
                continue;
            }
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (arg.as_str(), None),
            };
            if let Some(&known) = values.iter().find(|v| **v == name) {
                let value = match inline {
                    Some(v) => v,
                    None => it.next().cloned().ok_or_else(|| format!("{name} needs a value"))?,
                };
                args.values.push((known, value));
            } else if let Some(&known) = flags.iter().find(|f| **f == name) {
                if inline.is_some() {
                    return Err(format!("{name} takes no value"));
                }
                args.flags.push(known);
            } else {
                return Err(format!("unknown option `{arg}`"));
            }
        }
        Ok(args)
    }

    /// The last value given to option `name`.
    #[must_use]
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.iter().rev().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// Whether flag `name` was given.
    #[must_use]
    pub fn flag(&self, name: &str) -> bool {
        self.flags.contains(&name)
    }

    /// The value of `name`, which must be one of `choices` (`default` when absent).
    ///
    /// # Errors
    /// A value that is not one of the choices.
    pub fn choice(&self, name: &str, choices: &[&'static str], default: &'static str) -> Result<&'static str, String> {
        match self.value(name) {
            None => Ok(default),
            Some(v) => choices
                .iter()
                .copied()
                .find(|c| *c == v)
                .ok_or_else(|| format!("{name} must be one of {}, not `{v}`", choices.join(", "))),
        }
    }
}

/// Prints a usage error and the command's usage line; exit code 2.
#[must_use]
pub fn usage_error(cmd: &Command, message: &str) -> ExitCode {
    let usage = cmd.help.lines().find(|l| l.starts_with("Usage:")).unwrap_or("");
    eprint_text(&format!("error: {message}\n\n{usage}\nRun `cipherplan {} --help` for more.\n", cmd.name));
    ExitCode::from(UNUSABLE)
}

/// Prints a command's help to standard output; exit code 0.
#[must_use]
pub fn print_help(cmd: &Command) -> ExitCode {
    print_text(cmd.help);
    ExitCode::from(OK)
}

/// An input file read whole: its text and the name to show for it.
#[derive(Debug)]
pub struct Input {
    /// The file's text.
    pub text: String,
    /// The path as given, or `<stdin>`.
    pub display: String,
    /// A URI reference for SARIF: the relative path with `/` separators, or `stdin`.
    pub uri: String,
}

/// Reads `path` (`-` is standard input) as UTF-8 text.
///
/// # Errors
/// A message saying why the input cannot be read.
pub fn read_input(path: &str) -> Result<Input, String> {
    let (bytes, display) = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("cannot read standard input: {e}"))?;
        (buf, "<stdin>".to_owned())
    } else {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{path}`: {}", io_reason(&e)))?;
        (bytes, path.to_owned())
    };
    let uri = if path == "-" { "stdin".to_owned() } else { uri_reference(path) };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Input { text: text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text), display, uri }),
        Err(e) => Err(format!(
            "`{display}` is not UTF-8 text (invalid byte at offset {}); design files are JSON in UTF-8",
            e.utf8_error().valid_up_to()
        )),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a directory".into(),
        _ => e.to_string(),
    }
}

/// A URI reference for a file path: relative paths stay relative (code scanning resolves
/// them against the repository), absolute ones become `file://` URIs; `/` separators, unsafe
/// characters percent-encoded.
#[must_use]
pub fn uri_reference(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    } else if path.as_bytes().get(1) == Some(&b':') {
        out.push_str("file:///"); // C:/...
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Writes to standard output; a closed pipe (`cipherplan rules | head`) is not an error.
pub fn print_text(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Writes to standard error.
pub fn eprint_text(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Terminal styling: ANSI colours only when standard output is a terminal and `NO_COLOR` is
/// not set (`CLICOLOR_FORCE=1` forces colour, e.g. for CI logs that render it).
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Whether to emit ANSI escape codes.
    pub color: bool,
}

impl Style {
    /// Decides from the environment and standard output.
    #[must_use]
    pub fn detect() -> Self {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        let color = if set("NO_COLOR") {
            false
        } else {
            std::env::var("CLICOLOR_FORCE").is_ok_and(|v| v != "0") || std::io::stdout().is_terminal()
        };
        Style { color }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_owned()
        }
    }
    /// Red (errors, plaintext).
    #[must_use]
    pub fn red(self, text: &str) -> String {
        self.paint("31", text)
    }
    /// Yellow (warnings, unverified).
    #[must_use]
    pub fn yellow(self, text: &str) -> String {
        self.paint("33", text)
    }
    /// Green (verified, no findings).
    #[must_use]
    pub fn green(self, text: &str) -> String {
        self.paint("32", text)
    }
    /// Blue (infos).
    #[must_use]
    pub fn blue(self, text: &str) -> String {
        self.paint("34", text)
    }
    /// Bold (headings).
    #[must_use]
    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }
    /// Dim (secondary text).
    #[must_use]
    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }
}

/// `text` padded with spaces to `width` characters (colour codes do not count).
#[must_use]
pub fn pad(text: &str, width: usize) -> String {
    let visible = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(visible)))
}

/// Edit distance between two words, for "did you mean" hints (the loader's own).
pub use cipherplan::load::edit_distance as distance;

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn parses_values_flags_and_positionals() {
        let a = Args::parse(&strings(&["x.json", "--format", "json", "--strict", "-"]), &["--format"], &["--strict"])
            .unwrap();
        assert_eq!(a.positional, ["x.json", "-"]);
        assert_eq!(a.value("--format"), Some("json"));
        assert!(a.flag("--strict"));
        let a = Args::parse(&strings(&["--format=sarif", "--", "--odd-name"]), &["--format"], &[]).unwrap();
        assert_eq!(a.value("--format"), Some("sarif"));
        assert_eq!(a.positional, ["--odd-name"]);
        assert!(Args::parse(&strings(&["--nope"]), &[], &[]).unwrap_err().contains("unknown option `--nope`"));
        assert!(Args::parse(&strings(&["--format"]), &["--format"], &[]).unwrap_err().contains("needs a value"));
        assert!(Args::parse(&strings(&["--strict=1"]), &[], &["--strict"]).unwrap_err().contains("takes no value"));
        assert!(Args::parse(&strings(&["-h"]), &[], &[]).unwrap().help);
    }

    #[test]
    fn choices_are_checked() {
        let a = Args::parse(&strings(&["--format", "yaml"]), &["--format"], &[]).unwrap();
        assert!(a.choice("--format", &["text", "json"], "text").unwrap_err().contains("one of text, json, not `yaml`"));
        let a = Args::parse(&[], &["--format"], &[]).unwrap();
        assert_eq!(a.choice("--format", &["text", "json"], "text"), Ok("text"));
    }

    #[test]
    fn uri_references_are_escaped() {
        assert_eq!(uri_reference("designs/my design.json"), "designs/my%20design.json");
        assert_eq!(uri_reference(r"a\b.json"), "a/b.json");
        assert_eq!(uri_reference("été.json"), "%C3%A9t%C3%A9.json");
        assert_eq!(uri_reference("/tmp/d.json"), "file:///tmp/d.json");
        assert_eq!(uri_reference(r"C:\d.json"), "file:///C%3A/d.json");
    }
}
