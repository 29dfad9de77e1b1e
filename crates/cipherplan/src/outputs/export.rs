//! `export` (the generated files as a JSON object, path → contents) and `zip` (the same files
//! as the ZIP `cipherplan export --zip` writes).

use super::{param_str, Op, Reply};
use crate::design::Design;
use crate::export::{archive, export, ExportTarget};
use serde_json::Value as Json;

/// `export` {target: terraform|cdk|pulumi|app|all (default all)}.
pub const EXPORT: Op = Op {
    name: "export",
    summary: "the files of an export target as a JSON object, path → contents; params: target",
    run: files,
};

/// `zip` {target (default all)}.
pub const ZIP: Op =
    Op { name: "zip", summary: "the files of an export target as one ZIP archive; params: target", run: zip };

fn target(params: &Json) -> Result<ExportTarget, String> {
    let name = param_str(params, "target", "all")?;
    ExportTarget::parse(name)
        .ok_or_else(|| format!("no export target `{name}` (targets: {})", ExportTarget::NAMES.join(", ")))
}

fn files(design: &Design, params: &Json) -> Result<Reply, String> {
    let tree = export(design, target(params)?);
    // A BTreeMap serialises sorted by path: the order the CLI writes and the ZIP lists.
    serde_json::to_string(&tree.files).map(Reply::Text).map_err(|e| e.to_string())
}

fn zip(design: &Design, params: &Json) -> Result<Reply, String> {
    Ok(Reply::Bytes(archive::zip(&export(design, target(params)?))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::reference;
    use serde_json::json;
    use std::collections::BTreeMap;

    #[test]
    fn export_is_the_core_export_as_json() {
        let d = reference();
        let Reply::Text(text) = files(&d, &json!({ "target": "terraform" })).unwrap() else { panic!("text") };
        let parsed: BTreeMap<String, String> = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed, export(&d, ExportTarget::Terraform).files);
    }

    #[test]
    fn zip_is_the_cli_archive() {
        let d = reference();
        let Reply::Bytes(bytes) = zip(&d, &json!({})).unwrap() else { panic!("bytes") };
        assert_eq!(bytes, archive::zip(&export(&d, ExportTarget::All)));
    }

    #[test]
    fn unknown_target_lists_targets() {
        let err = target(&json!({ "target": "ansible" })).unwrap_err();
        assert!(err.contains("`ansible`") && err.contains("terraform"), "{err}");
    }
}
