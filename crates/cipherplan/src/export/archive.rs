//! One ZIP of an export, the "download everything" of the browser and `cipherplan export --zip`.
//!
//! The archive is deterministic so the browser's download and the CLI's file can be compared
//! byte for byte: entries in path order, every timestamp 1980-01-01 00:00 (the earliest a ZIP
//! can say, and no clock is read), permissions 0644, deflate through the pure-Rust backend.

use super::FileTree;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The options every entry is written with.
fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
}

/// Zips `tree`: one deflated entry per file, in path order.
#[must_use]
pub fn zip(tree: &FileTree) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (path, contents) in &tree.files {
        // Writing to memory fails only for entry names the format cannot hold (over 64 KiB),
        // which exporters never produce.
        writer.start_file(path.as_str(), options()).expect("zip entry header");
        writer.write_all(contents.as_bytes()).expect("zip entry data in memory");
    }
    writer.finish().expect("zip central directory in memory").into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{export, ExportTarget};
    use crate::templates::TEMPLATES;
    use std::io::Read;

    fn unzip(bytes: &[u8]) -> FileTree {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut tree = FileTree::default();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            assert_eq!(entry.compression(), CompressionMethod::Deflated);
            assert_eq!(entry.last_modified(), Some(DateTime::default()));
            assert_eq!(entry.unix_mode().map(|m| m & 0o777), Some(0o644));
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            tree.add(entry.name().to_owned(), text);
        }
        tree
    }

    #[test]
    fn same_tree_gives_the_same_bytes() {
        let tree = export(&crate::templates::reference(), ExportTarget::All);
        assert_eq!(zip(&tree), zip(&tree.clone()));
    }

    #[test]
    fn entries_are_in_path_order() {
        let tree = export(&crate::templates::reference(), ExportTarget::All);
        let bytes = zip(&tree);
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        let names: Vec<String> = (0..archive.len()).map(|i| archive.by_index(i).unwrap().name().to_owned()).collect();
        let sorted: Vec<String> = tree.files.keys().cloned().collect();
        assert_eq!(names, sorted);
    }

    #[test]
    fn every_template_round_trips() {
        for t in TEMPLATES {
            let tree = export(&(t.build)(), ExportTarget::All);
            assert!(!tree.files.is_empty(), "{}", t.name);
            let bytes = zip(&tree);
            assert_eq!(unzip(&bytes), tree, "{}", t.name);
            let raw: usize = tree.files.values().map(String::len).sum();
            assert!(bytes.len() < raw, "{}: deflate should shrink text ({} of {raw} bytes)", t.name, bytes.len());
        }
    }

    #[test]
    fn empty_and_nested_trees_round_trip() {
        assert_eq!(unzip(&zip(&FileTree::default())), FileTree::default());
        let mut tree = FileTree::default();
        tree.add("b/c/d.txt", "deep");
        tree.add("a.txt", "");
        tree.add("ü/ñ.md", "unicode ✓");
        assert_eq!(unzip(&zip(&tree)), tree);
    }
}
