//! AWS CDK export: snapshots of every template, determinism, and the projects the proof
//! (`make test-iac-ts`) synthesizes and scans.

use cipherplan::export::cdk;
use cipherplan::export::FileTree;
use cipherplan::templates::TEMPLATES;
use std::path::PathBuf;

/// Where the proof harness reads the generated projects from.
fn corpus_dir() -> PathBuf {
    std::env::var_os("IAC_TS_OUT")
        .map_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("iac-ts"), PathBuf::from)
}

fn write(tree: &FileTree, dir: &std::path::Path) {
    for (path, contents) in &tree.files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
    }
}

#[test]
fn write_cdk_projects_for_the_proof() {
    for t in TEMPLATES {
        let design = (t.build)();
        let dir = corpus_dir().join("templates").join(t.name).join("cdk");
        let _ = std::fs::remove_dir_all(&dir);
        write(&cdk::export(&design), &dir);
    }
}
