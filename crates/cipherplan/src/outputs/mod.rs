//! One entry point for everything the browser hands to people: exports, ZIP archives, reports,
//! the diagram, the cost estimate and share links.
//!
//! The browser runs these in a web worker (`crates/cipherplan-worker`), so their code stays out
//! of the planner's own bundle and big designs never freeze the canvas. The worker receives an
//! operation name, the design and JSON parameters, calls [`run`] and posts the [`Reply`] back.
//! Each operation lives in its own file and calls the same core functions as the CLI, so a file
//! downloaded in the browser is byte for byte the file `cipherplan` writes.

mod cost;
mod diagram;
mod export;
mod report;
mod share;

use crate::design::Design;
use serde_json::Value as Json;

/// What an operation produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Text: a file's contents, or JSON for structured results.
    Text(String),
    /// Binary data (a ZIP archive).
    Bytes(Vec<u8>),
}

impl Reply {
    /// The text, or `None` for bytes.
    #[must_use]
    pub fn text(&self) -> Option<&str> {
        match self {
            Reply::Text(t) => Some(t),
            Reply::Bytes(_) => None,
        }
    }

    /// The bytes of either kind.
    #[must_use]
    pub fn bytes(&self) -> &[u8] {
        match self {
            Reply::Text(t) => t.as_bytes(),
            Reply::Bytes(b) => b,
        }
    }
}

/// An operation: its name, what it produces, and the function that runs it.
pub struct Op {
    /// The name the browser sends.
    pub name: &'static str,
    /// One line on what it returns and which parameters it takes.
    pub summary: &'static str,
    /// Runs the operation.
    pub run: fn(&Design, &Json) -> Result<Reply, String>,
}

/// Every operation, by name.
pub const OPS: &[Op] = &[export::EXPORT, export::ZIP, report::REPORT, diagram::DIAGRAM, cost::COST, share::SHARE];

/// Runs operation `op` on `design` with `params` (a JSON object; missing parameters take
/// their defaults). Errors are sentences a user can act on.
///
/// # Errors
/// An unknown operation, or a parameter with a wrong type or value.
pub fn run(op: &str, design: &Design, params: &Json) -> Result<Reply, String> {
    match OPS.iter().find(|o| o.name == op) {
        Some(o) => (o.run)(design, params),
        None => {
            let names: Vec<&str> = OPS.iter().map(|o| o.name).collect();
            Err(format!("no output operation `{op}` (operations: {})", names.join(", ")))
        }
    }
}

/// Reads a string parameter, with its default when absent.
///
/// # Errors
/// The parameter is present but not a string.
pub fn param_str<'a>(params: &'a Json, name: &str, default: &'a str) -> Result<&'a str, String> {
    match params.get(name) {
        None | Some(Json::Null) => Ok(default),
        Some(Json::String(s)) => Ok(s),
        Some(other) => Err(format!("parameter `{name}` must be a string, not {other}")),
    }
}

/// Reads a boolean parameter, with its default when absent.
///
/// # Errors
/// The parameter is present but not a boolean.
pub fn param_bool(params: &Json, name: &str, default: bool) -> Result<bool, String> {
    match params.get(name) {
        None | Some(Json::Null) => Ok(default),
        Some(Json::Bool(b)) => Ok(*b),
        Some(other) => Err(format!("parameter `{name}` must be true or false, not {other}")),
    }
}

/// Reads a number parameter, with its default when absent.
///
/// # Errors
/// The parameter is present but not a number.
pub fn param_f64(params: &Json, name: &str, default: f64) -> Result<f64, String> {
    match params.get(name) {
        None | Some(Json::Null) => Ok(default),
        Some(v) => v.as_f64().ok_or_else(|| format!("parameter `{name}` must be a number, not {v}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::reference;
    use serde_json::json;

    #[test]
    fn op_names_are_unique() {
        let mut names: Vec<&str> = OPS.iter().map(|o| o.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), OPS.len());
    }

    #[test]
    fn unknown_op_names_the_known_ones() {
        let err = run("teleport", &reference(), &json!({})).unwrap_err();
        assert!(err.contains("`teleport`") && err.contains("export"), "{err}");
    }

    #[test]
    fn wrong_parameter_type_is_named() {
        let err = run("export", &reference(), &json!({ "target": 3 })).unwrap_err();
        assert!(err.contains("`target`"), "{err}");
    }
}
