//! `files`: every file one tab of the browser's export dialog offers, named and written as the
//! CLI writes them, in one answer (so the planner's bundle holds no per-format logic).
//!
//! | target | files | the CLI |
//! | --- | --- | --- |
//! | `terraform`, `cdk`, `pulumi`, `app` | the export's files | `cipherplan export --to TARGET --out DIR` |
//! | `report` | `NAME-report.html`, `.md`, `.svg`, `.json`, `.sarif` | `cipherplan report NAME.cipherplan.json --format F` (Markdown: `--out NAME-report.md`, which writes the SVG beside it and links it) |
//! | `design` | `NAME.cipherplan.json` | the file the planner's Save writes |
//! | `diagram` | `NAME.svg` | the SVG the Markdown report links (the browser adds the PNG) |
//!
//! `NAME` is the design's [`Design::file_stem`].

use super::{param_str, Op, Reply};
use crate::design::Design;
use crate::export::{export, ExportTarget};
use crate::report::{self, Format, ReportOptions, SourceFile};
use serde_json::Value as Json;

/// `files` {target: terraform|cdk|pulumi|app|report|design|diagram}: `[[path, contents], …]`.
pub const FILES: Op = Op {
    name: "files",
    summary: "one export-dialog tab's files as [[path, contents], …]; params: target (terraform|cdk|pulumi|app|report|design|diagram)",
    run,
};

/// The files of `target` for `design`, in the order the dialog lists them.
///
/// # Errors
/// An unknown target.
pub fn files(design: &Design, target: &str) -> Result<Vec<(String, String)>, String> {
    let name = design.file_stem();
    Ok(match target {
        "report" => {
            let design_file = format!("{name}.cipherplan.json");
            let text = design.to_json();
            let source = SourceFile { uri: &design_file, text: Some(&text) };
            let options = ReportOptions::for_design(design);
            let base = format!("{name}-report");
            let href = format!("{base}.svg");
            let render = |f| report::render(design, &options, f, source, Some(&href));
            vec![
                (format!("{base}.html"), render(Format::Html)),
                (format!("{base}.md"), render(Format::Markdown)),
                (href.clone(), crate::diagram::svg(design)),
                (format!("{base}.json"), render(Format::Json)),
                (format!("{base}.sarif"), render(Format::Sarif)),
            ]
        }
        "design" => vec![(format!("{name}.cipherplan.json"), design.to_json())],
        "diagram" => vec![(format!("{name}.svg"), crate::diagram::svg(design))],
        _ => {
            let t = ExportTarget::parse(target).ok_or_else(|| {
                format!(
                    "no export target `{target}` (targets: {}, report, design, diagram)",
                    ExportTarget::NAMES.join(", ")
                )
            })?;
            export(design, t).files.into_iter().collect()
        }
    })
}

fn run(design: &Design, params: &Json) -> Result<Reply, String> {
    let list = files(design, param_str(params, "target", "all")?)?;
    let json = Json::Array(list.into_iter().map(|(p, t)| Json::Array(vec![p.into(), t.into()])).collect());
    Ok(Reply::Text(json.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::reference;

    #[test]
    fn names_follow_the_design() {
        let d = reference();
        let names: Vec<String> = files(&d, "report").unwrap().into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            names,
            [
                "django-encrypted-report.html",
                "django-encrypted-report.md",
                "django-encrypted-report.svg",
                "django-encrypted-report.json",
                "django-encrypted-report.sarif"
            ]
        );
        assert_eq!(files(&d, "design").unwrap(), vec![("django-encrypted.cipherplan.json".to_owned(), d.to_json())]);
    }

    #[test]
    fn report_files_are_the_report_op_and_link_the_svg() {
        let d = reference();
        let got = files(&d, "report").unwrap();
        let md = &got[1].1;
        assert!(md.contains("](django-encrypted-report.svg)"), "the Markdown links the SVG beside it");
        let params = serde_json::json!({ "format": "sarif", "uri": "django-encrypted.cipherplan.json" });
        assert_eq!(super::super::run("report", &d, &params).unwrap(), Reply::Text(got[4].1.clone()));
        assert_eq!(got[2].1, crate::diagram::svg(&d));
    }

    #[test]
    fn export_targets_are_the_export() {
        let d = reference();
        let got = files(&d, "terraform").unwrap();
        assert_eq!(got, export(&d, ExportTarget::Terraform).files.into_iter().collect::<Vec<_>>());
        assert!(files(&d, "helm").unwrap_err().contains("`helm`"));
    }
}
