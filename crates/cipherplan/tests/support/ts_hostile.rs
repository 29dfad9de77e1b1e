//! Shared by the CDK and Pulumi export tests: hostile designs, the file tree writer for the
//! proof corpus, and a lexical check that no design text escaped a string or a comment.

#![allow(dead_code)] // each test target uses part of it

use cipherplan::design::Design;
use cipherplan::export::FileTree;
use cipherplan::value::Value;
use std::path::{Path, PathBuf};

/// Text a user might type that would be code if pasted into TypeScript unescaped. Every
/// piece holds the marker `pwned(`, which can only appear in output inside a string literal
/// or a comment.
pub const HOSTILE: &[&str] = &[
    "\"; pwned(); \"",
    "'); pwned(); ('",
    "${pwned()}",
    "`${pwned()}`",
    "*/ pwned(); /*",
    "line\npwned();\r\n// more",
    "ls\u{2028}pwned()\u{2029}ps",
    "\\\"); pwned(); //",
    "</script><script>pwned()</script>",
    "ünïcödé 名前 🎉 pwned()",
    "constructor pwned()",
    "__proto__ pwned()",
    "123 pwned()",
    "\u{0}\u{7}\u{1b}[31m pwned()",
];

/// Where the proof harness reads generated projects from (`IAC_TS_OUT`, else the target dir).
pub fn corpus_dir() -> PathBuf {
    std::env::var_os("IAC_TS_OUT")
        .map_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("iac-ts"), PathBuf::from)
}

/// Writes a file tree under `dir` (replacing what was there).
pub fn write(tree: &FileTree, dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    for (path, contents) in &tree.files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("create dir");
        std::fs::write(p, contents).expect("write file");
    }
}

/// One file tree as one text, for a snapshot.
pub fn flatten(tree: &FileTree) -> String {
    let mut out = String::new();
    for (path, contents) in &tree.files {
        out.push_str("=== ");
        out.push_str(path);
        out.push_str(" ===\n");
        out.push_str(contents);
        if !contents.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// A small deterministic generator (no dependency, same sample on every machine).
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        #[allow(clippy::cast_possible_truncation)]
        let i = (self.next() % items.len() as u64) as usize;
        items[i]
    }
}

/// `design` with every name a user types replaced by hostile text (`text(i)` for the i-th
/// string), ids kept unique and edges kept pointing at the renamed nodes.
pub fn hostile(design: &Design, mut text: impl FnMut(usize) -> String) -> Design {
    let mut d = design.clone();
    let mut n = 0;
    let mut next = || {
        n += 1;
        text(n)
    };
    d.name = next();
    d.description = next();
    d.settings.region = next();
    let mut renamed = std::collections::BTreeMap::new();
    for (i, node) in d.nodes.iter_mut().enumerate() {
        let id = format!("{}#{i}", next());
        renamed.insert(node.id.clone(), id.clone());
        node.id = id;
        node.label = next();
        for key in ["alias", "image", "domain_name"] {
            if node.props.contains_key(key) || key == "alias" && node.kind == cipherplan::catalog::NodeKind::KmsKey {
                node.props.insert(key.into(), Value::Text(next()));
            }
        }
    }
    for node in &mut d.nodes {
        if let Some(p) = &node.parent {
            node.parent = renamed.get(p).cloned();
        }
    }
    for (i, edge) in d.edges.iter_mut().enumerate() {
        edge.id = format!("{}~{i}", next());
        edge.label = next();
        edge.from = renamed[&edge.from].clone();
        edge.to = renamed[&edge.to].clone();
        if edge.props.contains_key("ca_bundle") {
            edge.props.insert("ca_bundle".into(), Value::Text(next()));
        }
        if edge.kind == cipherplan::catalog::EdgeKind::ReadsSecret {
            edge.props.insert("env_var".into(), Value::Text(next()));
        }
    }
    d
}

/// TypeScript (or JSON/YAML) source with string literals and `//` comments removed: what is
/// left is code, and design text must never be there.
pub fn code_only(source: &str) -> String {
    let mut out = String::new();
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                // A double-quoted literal as the printer writes it (JSON escapes).
                while let Some(d) = chars.next() {
                    match d {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        '\n' => panic!("unterminated string literal:\n{source}"),
                        _ => {}
                    }
                }
                out.push_str("\"\"");
            }
            '/' if chars.peek() == Some(&'/') => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Asserts no design text reached code in a generated TypeScript file.
pub fn assert_contained(path: &str, source: &str) {
    let code = code_only(source);
    assert!(!code.contains("pwned("), "{path}: design text escaped into code:\n{source}");
    assert!(!code.contains('`'), "{path}: a backtick outside a string:\n{source}");
    assert!(!code.contains(['\u{2028}', '\u{2029}', '\r']), "{path}: a raw line terminator in code");
}

/// A file tree with each listed finding cut to its severity, code and target (what stays
/// the same whatever order a design lists its nodes in).
pub fn without_messages(tree: &FileTree) -> String {
    flatten(tree)
        .lines()
        .map(|l| {
            let finding = l.starts_with("// - ") || l.starts_with("- ");
            match l.split_once(": ") {
                Some((head, _)) if finding => head.to_owned(),
                _ => l.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The hostile designs the proof type-checks: every template, twice, with different text.
pub fn hostile_sample() -> Vec<Design> {
    let mut out = Vec::new();
    for (i, t) in cipherplan::templates::TEMPLATES.iter().enumerate() {
        for round in 0..2u64 {
            let mut rng = Lcg::new(i as u64 * 31 + round);
            out.push(hostile(&(t.build)(), |n| format!("{}{n}", rng.pick(HOSTILE))));
        }
    }
    out
}

/// Design text stays inside strings and comments in every file of `tree` whose name ends
/// with one of `code_endings`, and every JSON file parses.
pub fn assert_tree_contained(tree: &FileTree, code_endings: &[&str]) {
    for (path, contents) in &tree.files {
        if code_endings.iter().any(|e| path.ends_with(e)) {
            assert_contained(path, contents);
        }
        if path.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(contents).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
    }
}
