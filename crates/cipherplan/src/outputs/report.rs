//! `report`: the encryption report as `cipherplan report` writes it (HTML, Markdown, JSON or
//! SARIF).

use super::{param_bool, param_str, Op, Reply};
use crate::analysis::analyze;
use crate::design::Design;
use crate::report::{self, ReportOptions};
use serde_json::Value as Json;

/// `report` {format: html|md|json|sarif (default html), strict: bool, region: string,
/// uri: the design file's name in SARIF (default `design.json`)}.
pub const REPORT: Op = Op {
    name: "report",
    summary: "the encryption report; params: format (html|md|json|sarif), strict, region, uri",
    run,
};

/// The formats, as the CLI spells them.
pub const FORMATS: [&str; 4] = ["html", "md", "json", "sarif"];

fn run(design: &Design, params: &Json) -> Result<Reply, String> {
    let format = param_str(params, "format", "html")?;
    if !FORMATS.contains(&format) {
        return Err(format!("no report format `{format}` (formats: {})", FORMATS.join(", ")));
    }
    let mut options = ReportOptions::for_design(design);
    options.rules.strict = param_bool(params, "strict", false)?;
    param_str(params, "region", &design.settings.region)?.clone_into(&mut options.cost.region);
    let analysis = analyze(design, &options.rules);
    let text = match format {
        "sarif" => {
            // SARIF points at the design file by its name and quotes its text: the browser's
            // file is the design as it saves it.
            let uri = param_str(params, "uri", "design.json")?;
            let log = crate::sarif::sarif(design, &analysis.findings, uri, Some(&design.to_json()));
            serde_json::to_string_pretty(&log).map_err(|e| e.to_string())? + "\n"
        }
        "json" => report::json(&report::build_from(design, &options, &analysis)),
        "html" => report::html::render(design, &report::build_from(design, &options, &analysis)),
        _ => report::markdown::render(&report::build_from(design, &options, &analysis), None),
    };
    Ok(Reply::Text(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::reference;
    use serde_json::json;

    #[test]
    fn every_format_renders() {
        let d = reference();
        for format in FORMATS {
            let reply = run(&d, &json!({ "format": format })).unwrap();
            assert!(reply.text().is_some_and(|t| t.len() > 200), "{format}");
        }
    }

    #[test]
    fn sarif_names_the_design_file() {
        let Reply::Text(t) = run(&reference(), &json!({ "format": "sarif", "uri": "shop.json" })).unwrap() else {
            panic!("text")
        };
        let v: Json = serde_json::from_str(&t).unwrap();
        assert_eq!(v["version"], "2.1.0");
        assert!(t.contains("\"shop.json\""));
    }

    #[test]
    fn unknown_format_is_refused() {
        assert!(run(&reference(), &json!({ "format": "pdf" })).unwrap_err().contains("`pdf`"));
    }
}
