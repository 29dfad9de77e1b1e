//! `cipherplan export FILE --to terraform|cdk|pulumi|app|all --out DIR`: writes the export of a
//! design to a folder.
//!
//! The core returns the files in memory ([`cipherplan::export::FileTree`]); this command is the
//! only place they touch the disk.

use cipherplan::export::{export, ExportTarget, FileTree};
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cipherplan export (FILE | - | --template NAME) --to terraform|cdk|pulumi|app|all --out DIR

Writes deployable code for the design to DIR (created if missing; files of the export are
overwritten, other files are left alone). FILE `-` reads the design from standard input;
--template exports a built-in template instead of a file.";

/// Parsed arguments.
#[derive(Debug, PartialEq, Eq)]
struct Args {
    source: Source,
    target: ExportTarget,
    out: PathBuf,
}

#[derive(Debug, PartialEq, Eq)]
enum Source {
    File(String),
    Stdin,
    Template(String),
}

/// The `export` subcommand.
pub const COMMAND: crate::cli::Command = crate::cli::Command {
    name: "export",
    summary: "Write deployable Terraform, CDK, Pulumi and app-side files for a design",
    help: USAGE,
    run,
};

fn parse(args: &[String]) -> Result<Args, String> {
    let mut source = None;
    let mut target = None;
    let mut out = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| it.next().cloned().ok_or_else(|| format!("{flag} needs a value"));
        match a.as_str() {
            "--to" => {
                let v = value("--to")?;
                target = Some(ExportTarget::parse(&v).ok_or_else(|| {
                    format!("unknown target `{v}`: expected one of {}", ExportTarget::NAMES.join(", "))
                })?);
            }
            "--out" | "-o" => out = Some(PathBuf::from(value("--out")?)),
            "--template" => source = Some(Source::Template(value("--template")?)),
            "-" => source = Some(Source::Stdin),
            s if s.starts_with('-') => return Err(format!("unknown option `{s}`")),
            s => {
                if source.is_some() {
                    return Err(format!("unexpected argument `{s}`"));
                }
                source = Some(Source::File(s.to_owned()));
            }
        }
    }
    Ok(Args {
        source: source.ok_or("missing the design FILE")?,
        target: target.ok_or("missing --to")?,
        out: out.ok_or("missing --out DIR")?,
    })
}

/// Runs `cipherplan export` with the arguments after the subcommand name.
#[must_use]
pub fn run(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        crate::cli::print_text(&format!("{USAGE}\n"));
        return ExitCode::SUCCESS;
    }
    let args = match parse(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("cipherplan export: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let design = match &args.source {
        Source::Template(name) => match cipherplan::templates::template(name) {
            Some(t) => (t.build)(),
            None => {
                let names: Vec<&str> = cipherplan::templates::TEMPLATES.iter().map(|t| t.name).collect();
                eprintln!("cipherplan export: no template `{name}` (templates: {})", names.join(", "));
                return ExitCode::from(2);
            }
        },
        Source::File(_) | Source::Stdin => {
            let text = match read(&args.source) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("cipherplan export: {e}");
                    return ExitCode::from(2);
                }
            };
            match cipherplan::load(&text) {
                Ok(d) => d,
                Err(errors) => {
                    eprintln!("cipherplan export: the design is not valid:\n{errors}");
                    return ExitCode::from(2);
                }
            }
        }
    };
    let tree = export(&design, args.target);
    match write(&tree, &args.out) {
        Ok(()) => {
            crate::cli::print_text(&format!("wrote {} files to {}\n", tree.files.len(), args.out.display()));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cipherplan export: {e}");
            ExitCode::from(1)
        }
    }
}

fn read(source: &Source) -> Result<String, String> {
    match source {
        Source::Stdin => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).map_err(|e| format!("cannot read standard input: {e}"))?;
            Ok(s)
        }
        Source::File(path) => std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}")),
        Source::Template(_) => Err("not a file".into()),
    }
}

/// Writes every file under `out`. Paths come from the exporters, never from the design, but
/// each is still checked to stay inside `out`.
fn write(tree: &FileTree, out: &Path) -> Result<(), String> {
    for (rel, contents) in &tree.files {
        let rel_path = Path::new(rel);
        if rel_path.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(format!("refusing to write outside {}: {rel}", out.display()));
        }
        let path = out.join(rel_path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn parses_the_documented_forms() {
        let a = parse(&strings(&["d.json", "--to", "terraform", "--out", "x"])).unwrap();
        assert_eq!(a, Args { source: Source::File("d.json".into()), target: ExportTarget::Terraform, out: "x".into() });
        let a = parse(&strings(&["--template", "django-encrypted", "--to", "all", "-o", "y"])).unwrap();
        assert_eq!(a.source, Source::Template("django-encrypted".into()));
        assert_eq!(parse(&strings(&["-", "--to", "app", "--out", "z"])).unwrap().source, Source::Stdin);
        for bad in
            [&["d.json", "--to", "helm", "--out", "x"][..], &["d.json", "--out", "x"], &["--to", "app"], &["a", "b"]]
        {
            assert!(parse(&strings(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn writes_only_inside_the_folder() {
        let dir = std::env::temp_dir().join(format!("cipherplan-export-test-{}", std::process::id()));
        let mut tree = FileTree::default();
        tree.add("a/b.tf", "x");
        write(&tree, &dir).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("a/b.tf")).unwrap(), "x");
        let mut evil = FileTree::default();
        evil.add("../escape", "x");
        assert!(write(&evil, &dir).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
