//! Exporters: a design becomes deployable code, as an in-memory file tree.
//!
//! Architecture invariant: exporters return a [`FileTree`] and never write files; the CLI
//! writes it to disk, the browser zips it. Output is deterministic: the same design gives
//! byte-identical files, whatever order its nodes and edges come in.

pub mod app;
pub mod archive;
pub mod cdk;
pub mod names;
pub mod pulumi;
pub mod terraform;
pub mod ts;

use crate::design::Design;
use std::collections::BTreeMap;

/// Generated files: relative path (with `/` separators) → contents. Sorted by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileTree {
    /// The files.
    pub files: BTreeMap<String, String>,
}

impl FileTree {
    /// Adds a file (replacing one at the same path).
    pub fn add(&mut self, path: impl Into<String>, contents: impl Into<String>) {
        self.files.insert(path.into(), contents.into());
    }

    /// Adds every file of `other` under the folder `prefix`.
    pub fn nest(&mut self, prefix: &str, other: FileTree) {
        for (path, contents) in other.files {
            self.files.insert(format!("{prefix}/{path}"), contents);
        }
    }
}

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportTarget {
    /// Terraform module (`terraform/`).
    Terraform,
    /// AWS CDK TypeScript app (`cdk/`).
    Cdk,
    /// Pulumi TypeScript program (`pulumi/`).
    Pulumi,
    /// Application-side files: nginx, Dockerfiles, Django settings (`app/`).
    App,
    /// All of the above, each in its folder.
    All,
}

impl ExportTarget {
    /// Every target name the CLI accepts.
    pub const NAMES: [&'static str; 5] = ["terraform", "cdk", "pulumi", "app", "all"];

    /// Parses a CLI name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "terraform" => Some(Self::Terraform),
            "cdk" => Some(Self::Cdk),
            "pulumi" => Some(Self::Pulumi),
            "app" => Some(Self::App),
            "all" => Some(Self::All),
            _ => None,
        }
    }
}

/// The design with its nodes and edges sorted by id, so everything derived from it (files,
/// the findings they quote) is the same whatever order the design lists them in.
#[must_use]
pub fn canonical(design: &Design) -> Design {
    let mut d = design.clone();
    d.nodes.sort_by(|a, b| a.id.cmp(&b.id));
    d.edges.sort_by(|a, b| a.id.cmp(&b.id));
    d
}

/// Exports `design` for `target`. [`ExportTarget::All`] nests each target in its folder
/// (`terraform/`, `cdk/`, `pulumi/`, `app/`).
#[must_use]
pub fn export(design: &Design, target: ExportTarget) -> FileTree {
    match target {
        ExportTarget::Terraform => terraform::export(design),
        ExportTarget::App => app::export(design),
        ExportTarget::Cdk => cdk::export(design),
        ExportTarget::Pulumi => pulumi::export(design),
        ExportTarget::All => {
            let mut tree = FileTree::default();
            for (folder, t) in [
                ("terraform", ExportTarget::Terraform),
                ("cdk", ExportTarget::Cdk),
                ("pulumi", ExportTarget::Pulumi),
                ("app", ExportTarget::App),
            ] {
                tree.nest(folder, export(design, t));
            }
            tree
        }
    }
}
