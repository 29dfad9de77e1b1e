//! `cipherplan export`: writes deployable code for a design (Terraform, CDK, Pulumi, app-side
//! files) to a folder.
//!
//! The core returns the files in memory ([`cipherplan::export::FileTree`]); this command is the
//! only place they touch the disk.

use crate::cli::{self, Args, Command, OK, UNUSABLE};
use cipherplan::export::{export, ExportTarget, FileTree};
use std::path::{Component, Path};
use std::process::ExitCode;

/// The command table entry.
pub const COMMAND: Command = Command {
    name: "export",
    summary: "Write deployable Terraform, CDK, Pulumi and app-side files for a design",
    help: HELP,
    run,
};

const HELP: &str = "\
cipherplan export: deployable code for a design

Usage: cipherplan export FILE --to terraform|cdk|pulumi|app|all --out DIR
       cipherplan export --template NAME --to TARGET --out DIR
       cipherplan export FILE --to TARGET --zip FILE.zip

Loads FILE (a cipherplan/1 design; `-` reads standard input), or a built-in template, and
writes its export to DIR (created when missing; the export's files are overwritten, other
files are left alone). With --zip the same files go into one ZIP instead (or as well, when
--out is also given): byte for byte the ZIP the browser's export dialog downloads (paths in
order, timestamps 1980-01-01, deflate). The code is faithful to the design: what `cipherplan validate`
reports is also in the code, and each export's README and main file list those findings.

Targets:
  terraform  a Terraform root module for hashicorp/aws 6.x (versions.tf, variables.tf, one
             file per concern, outputs.tf, README.md)
  cdk        an AWS CDK app in TypeScript
  pulumi     a Pulumi program in TypeScript with an offline mock test
  app        the application side: nginx TLS sidecar, Django settings, Dockerfile lines
  all        all four, in terraform/, cdk/, pulumi/ and app/

Exit codes:
  0  the files were written
  1  a file could not be written
  2  unusable input or usage error

Examples:
  cipherplan export design.json --to terraform --out infra/
  cipherplan export --template django-encrypted --to all --out out/
  cipherplan export --template django-encrypted --to all --zip django-encrypted.zip
  cipherplan template django-baseline | cipherplan export - --to app --out app/
";

/// Exit code: the files could not be written.
const WRITE_FAILED: u8 = 1;

/// Runs `cipherplan export`.
#[must_use]
pub fn run(raw: &[String]) -> ExitCode {
    let args = match Args::parse(raw, &["--to", "--out", "--zip", "--template"], &[]) {
        Ok(a) => a,
        Err(e) => return cli::usage_error(&COMMAND, &e),
    };
    if args.help {
        return cli::print_help(&COMMAND);
    }
    let target = match args.choice("--to", &ExportTarget::NAMES, "") {
        Ok("") => return cli::usage_error(&COMMAND, "say what to export with --to"),
        Ok(t) => ExportTarget::parse(t).unwrap_or(ExportTarget::All),
        Err(e) => return cli::usage_error(&COMMAND, &e),
    };
    let (out, zip_path) = (args.value("--out"), args.value("--zip"));
    if out.is_none() && zip_path.is_none() {
        return cli::usage_error(&COMMAND, "say where to write the files with --out DIR (or --zip FILE)");
    }
    let design = match (args.value("--template"), args.positional.as_slice()) {
        (Some(name), []) => match cipherplan::templates::template(name) {
            Some(t) => (t.build)(),
            None => {
                let names: Vec<&str> = cipherplan::templates::TEMPLATES.iter().map(|t| t.name).collect();
                return cli::usage_error(&COMMAND, &format!("no template `{name}` (templates: {})", names.join(", ")));
            }
        },
        (Some(_), _) => return cli::usage_error(&COMMAND, "give a design FILE or --template, not both"),
        (None, [path]) => {
            let input = match cli::read_input(path) {
                Ok(i) => i,
                Err(e) => {
                    cli::eprint_text(&format!("error: {e}\n"));
                    return ExitCode::from(UNUSABLE);
                }
            };
            match cipherplan::load(&input.text) {
                Ok(d) => d,
                Err(errors) => {
                    let mut msg = format!("error: `{}` is not a valid design:\n", input.display);
                    for e in &errors.0 {
                        msg.push_str(&format!("  {e}\n"));
                    }
                    cli::eprint_text(&msg);
                    return ExitCode::from(UNUSABLE);
                }
            }
        }
        (None, []) => return cli::usage_error(&COMMAND, "name the design file to export (`-` for standard input)"),
        (None, _) => return cli::usage_error(&COMMAND, "one design file at a time"),
    };
    let tree = export(&design, target);
    if let Some(out) = out {
        if let Err(e) = write(&tree, Path::new(out)) {
            cli::eprint_text(&format!("error: {e}\n"));
            return ExitCode::from(WRITE_FAILED);
        }
        cli::print_text(&format!("wrote {} files to {out}\n", tree.files.len()));
    }
    if let Some(zip_path) = zip_path {
        let bytes = cipherplan::export::archive::zip(&tree);
        if let Err(e) = std::fs::write(zip_path, &bytes) {
            cli::eprint_text(&format!("error: cannot write {zip_path}: {e}\n"));
            return ExitCode::from(WRITE_FAILED);
        }
        cli::print_text(&format!("wrote {} files ({} bytes) to {zip_path}\n", tree.files.len(), bytes.len()));
    }
    ExitCode::from(OK)
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

    fn dir(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("cipherplan-export-{name}-{}", std::process::id()))
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn exports_a_template_and_a_file() {
        let out = dir("ok");
        let code =
            run(&strings(&["--template", "django-encrypted", "--to", "terraform", "--out", out.to_str().unwrap()]));
        assert_eq!(code, ExitCode::from(OK));
        assert!(out.join("versions.tf").exists() && out.join("README.md").exists());
        let file = out.join("design.json");
        std::fs::write(&file, cipherplan::templates::reference().to_json()).unwrap();
        let app = out.join("app");
        let code = run(&strings(&[file.to_str().unwrap(), "--to", "app", "--out", app.to_str().unwrap()]));
        assert_eq!(code, ExitCode::from(OK));
        assert!(app.join("nginx/nginx.conf").exists());
        std::fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn zips_what_it_would_write() {
        let out = dir("zip");
        std::fs::create_dir_all(&out).unwrap();
        let zip_file = out.join("export.zip");
        let code =
            run(&strings(&["--template", "django-encrypted", "--to", "all", "--zip", zip_file.to_str().unwrap()]));
        assert_eq!(code, ExitCode::from(OK));
        let expected = export(&cipherplan::templates::reference(), ExportTarget::All);
        let bytes = std::fs::read(&zip_file).unwrap();
        assert_eq!(bytes, cipherplan::export::archive::zip(&expected));
        // Both at once: the folder gets the same files the ZIP holds.
        let both = out.join("both");
        let zip2 = out.join("again.zip");
        let code = run(&strings(&[
            "--template",
            "django-encrypted",
            "--to",
            "all",
            "--out",
            both.to_str().unwrap(),
            "--zip",
            zip2.to_str().unwrap(),
        ]));
        assert_eq!(code, ExitCode::from(OK));
        assert_eq!(std::fs::read(&zip2).unwrap(), bytes);
        for (rel, contents) in &expected.files {
            assert_eq!(&std::fs::read_to_string(both.join(rel)).unwrap(), contents, "{rel}");
        }
        let unwritable = out.join("no/such/dir/x.zip");
        let code =
            run(&strings(&["--template", "django-encrypted", "--to", "app", "--zip", unwritable.to_str().unwrap()]));
        assert_eq!(code, ExitCode::from(WRITE_FAILED));
        std::fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn usage_errors_exit_2() {
        for bad in [
            &["d.json", "--to", "helm", "--out", "x"][..],
            &["d.json", "--out", "x"],
            &["d.json", "--to", "app"],
            &["a", "b", "--to", "app", "--out", "x"],
            &["--template", "nope", "--to", "app", "--out", "x"],
            &["d.json", "--template", "django-encrypted", "--to", "app", "--out", "x"],
            &["/no/such/file.json", "--to", "app", "--out", "x"],
        ] {
            assert_eq!(run(&strings(bad)), ExitCode::from(UNUSABLE), "{bad:?}");
        }
    }

    #[test]
    fn writes_only_inside_the_folder() {
        let out = dir("inside");
        let mut tree = FileTree::default();
        tree.add("a/b.tf", "x");
        write(&tree, &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/b.tf")).unwrap(), "x");
        let mut evil = FileTree::default();
        evil.add("../escape", "x");
        assert!(write(&evil, &out).is_err());
        std::fs::remove_dir_all(&out).unwrap();
    }
}
