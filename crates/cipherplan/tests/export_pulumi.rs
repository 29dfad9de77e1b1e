//! Pulumi export: snapshots of every template, determinism, and the projects the proof
//! (`make test-iac-ts`) type-checks and runs under mocks.

use cipherplan::export::pulumi;
use cipherplan::export::FileTree;
use cipherplan::templates::TEMPLATES;
use std::path::PathBuf;

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
fn write_pulumi_projects_for_the_proof() {
    for t in TEMPLATES {
        let design = (t.build)();
        let dir = corpus_dir().join("templates").join(t.name).join("pulumi");
        let _ = std::fs::remove_dir_all(&dir);
        write(&pulumi::export(&design), &dir);
    }
}
