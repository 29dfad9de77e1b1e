//! Findings: what a rule reports, with an optional autofix.

use crate::design::{Design, Patch, PatchError};
use serde::Serialize;
use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; not a gap.
    Info,
    /// A gap that weakens encryption but does not expose data on its own.
    Warning,
    /// Data is or can be exposed unencrypted; fix before deploying.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Target {
    /// The design as a whole.
    Design,
    /// A node, by id.
    Node(String),
    /// An edge, by id.
    Edge(String),
}

impl Target {
    /// The node or edge id, if any.
    #[must_use]
    pub fn id(&self) -> Option<&str> {
        match self {
            Target::Design => None,
            Target::Node(id) | Target::Edge(id) => Some(id),
        }
    }

    /// JSON path of the target in the design file (`$.nodes[3]`), used by SARIF.
    #[must_use]
    pub fn json_path(&self, design: &Design) -> String {
        match self {
            Target::Design => "$".into(),
            Target::Node(id) => {
                design.nodes.iter().position(|n| &n.id == id).map_or_else(|| "$".into(), |i| format!("$.nodes[{i}]"))
            }
            Target::Edge(id) => {
                design.edges.iter().position(|e| &e.id == id).map_or_else(|| "$".into(), |i| format!("$.edges[{i}]"))
            }
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Design => f.write_str("design"),
            Target::Node(id) => write!(f, "node `{id}`"),
            Target::Edge(id) => write!(f, "edge `{id}`"),
        }
    }
}

/// An automatic fix: a titled list of patches to the design.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fix {
    /// What applying it does ("Set rds.force_ssl = 1 on `db`").
    pub title: String,
    /// The changes, applied in order.
    pub patches: Vec<Patch>,
}

impl Fix {
    /// A fix with one patch.
    #[must_use]
    pub fn one(title: impl Into<String>, patch: Patch) -> Self {
        Fix { title: title.into(), patches: vec![patch] }
    }

    /// Applies the fix; the design is unchanged on error.
    ///
    /// # Errors
    /// When a patch no longer applies (the design changed since the finding was made).
    pub fn apply(&self, design: &mut Design) -> Result<(), PatchError> {
        design.apply_all(&self.patches)
    }
}

/// One problem a rule found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable rule code (`CP-T004`).
    pub code: &'static str,
    /// Severity (a rule's default; strict mode may raise some).
    pub severity: Severity,
    /// What it is about.
    pub target: Target,
    /// What is wrong, naming the components involved.
    pub message: String,
    /// How to fix it, in words.
    pub fix: String,
    /// The automatic fix, where one exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autofix: Option<Fix>,
    /// Checkov ids this finding corresponds to (empty: no scanner can see it).
    pub scanner_ids: &'static [&'static str],
}
