//! `cipherplan share` end to end, and the staleness check of the embed documentation page
//! (`public/embed.html` embeds the reference design through the link this command prints).

mod common;

use common::{cipherplan, template, TempFile};
use std::path::PathBuf;

/// A design far too varied to fit in a link: the reference plus many log groups whose labels
/// are pseudo-random hex (which deflate cannot squeeze).
fn huge_design() -> String {
    let mut d: serde_json::Value = serde_json::from_str(&template("django-encrypted")).unwrap();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let nodes = d["nodes"].as_array_mut().unwrap();
    for i in 0..1500 {
        let label: String = (0..5)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                format!("{:08x}", state as u32)
            })
            .collect();
        nodes.push(serde_json::json!({
            "id": format!("logs-{i}"), "kind": "log_group", "label": label,
            "x": f64::from(i % 40) * 160.0, "y": 2000.0 + f64::from(i / 40) * 120.0,
        }));
    }
    d.to_string()
}

#[test]
fn prints_the_fragment_the_core_encodes() {
    for t in cipherplan::templates::TEMPLATES {
        let r = cipherplan(&["share", "--template", t.name], "", &[]);
        assert_eq!(r.code, 0, "{}: {}", t.name, r.stderr);
        let fragment = r.stdout.trim_end();
        assert_eq!(fragment, cipherplan::share::encode(&(t.build)()), "{}", t.name);
        assert_eq!(cipherplan::share::decode(fragment).unwrap(), (t.build)(), "{}: decodes back", t.name);
    }
    // A file and standard input give the same bytes as the template they hold.
    let file = TempFile::new("d.json", template("django-baseline").as_bytes());
    let from_file = cipherplan(&["share", file.path()], "", &[]);
    let from_stdin = cipherplan(&["share", "-"], &template("django-baseline"), &[]);
    let from_template = cipherplan(&["share", "--template", "django-baseline"], "", &[]);
    assert_eq!(from_file.code, 0, "{}", from_file.stderr);
    assert_eq!(from_file.stdout, from_template.stdout);
    assert_eq!(from_stdin.stdout, from_template.stdout);
}

#[test]
fn embed_base_and_iframe_forms() {
    let fragment = cipherplan::share::encode(&cipherplan::templates::reference());
    let run = |args: &[&str]| {
        let mut all = vec!["share", "--template", "django-encrypted"];
        all.extend_from_slice(args);
        let r = cipherplan(&all, "", &[]);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        r.stdout.trim_end().to_owned()
    };
    assert_eq!(run(&["--embed"]), format!("?embed#{fragment}"));
    assert_eq!(run(&["--base", "https://example.org/cp/"]), format!("https://example.org/cp/#{fragment}"));
    assert_eq!(
        run(&["--base=https://example.org/cp/", "--embed"]),
        format!("https://example.org/cp/?embed#{fragment}")
    );
    let iframe = run(&["--iframe", "--base", "https://example.org/cp/"]);
    assert_eq!(
        iframe,
        cipherplan::share::embed_snippet(
            &format!("https://example.org/cp/?embed#{fragment}"),
            "django-encrypted — encryption diagram (cipherplan)"
        )
    );
    assert!(iframe.contains("sandbox=\"allow-scripts"), "{iframe}");
}

#[test]
fn refusals_say_why() {
    let r = cipherplan(&["share"], "", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("name the design file to share"), "{}", r.stderr);
    let r = cipherplan(&["share", "--template", "rails"], "", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no template named `rails`"), "{}", r.stderr);
    let r = cipherplan(&["share", "x.json", "--template", "django-encrypted"], "", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not both"), "{}", r.stderr);
    let r = cipherplan(&["share", "--template", "django-encrypted", "--embedd"], "", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown option `--embedd`"), "{}", r.stderr);
    let r = cipherplan(&["share", "-"], "{\"format\": \"cipherplan/1\", \"nodes\": 3}", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not a usable cipherplan design"), "{}", r.stderr);
    let r = cipherplan(&["share", "-"], &huge_design(), &[]);
    assert_eq!(r.code, 2, "{}", r.stdout.len());
    assert!(r.stderr.contains("is too large for a link"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn help_is_listed() {
    let r = cipherplan(&["--help"], "", &[]);
    assert!(r.stdout.contains("  share "), "{}", r.stdout);
    let r = cipherplan(&["share", "--help"], "", &[]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Usage: cipherplan share FILE|--template NAME"), "{}", r.stdout);
}

/// Where the embed documentation page lives (copied to dist/public/ by trunk).
fn embed_page() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../public/embed.html")
}

/// Every share fragment (`#d1.…`) in a text, with its byte range.
fn fragments(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("#d1.") {
        let start = from + i + 1;
        let len =
            text[start..].bytes().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_')).count();
        out.push((start, start + len));
        from = start + len;
    }
    out
}

#[test]
fn the_embed_page_shows_the_current_reference_design() {
    let current = cipherplan(&["share", "--template", "django-encrypted"], "", &[]).stdout.trim_end().to_owned();
    let path = embed_page();
    let page = std::fs::read_to_string(&path).expect("public/embed.html exists");
    let found = fragments(&page);
    if std::env::var_os("UPDATE_EMBED").is_some() {
        let mut updated = page.clone();
        for (start, end) in found.iter().rev() {
            updated.replace_range(start..end, &current);
        }
        std::fs::write(&path, &updated).unwrap();
        return;
    }
    // The live frame and the snippet shown as code both carry the link.
    assert!(found.len() >= 2, "public/embed.html should hold the embed link twice (frame and snippet): {found:?}");
    for (start, end) in found {
        assert!(
            page[start..end] == current,
            "public/embed.html embeds a stale design (the reference template, the catalog or the share format \
             changed). Regenerate it with\n\n    UPDATE_EMBED=1 cargo test -p cipherplan-cli --test share\n\nand \
             commit the result."
        );
    }
    assert!(page.contains("sandbox=\"allow-scripts"), "the live frame is sandboxed");
    assert!(page.contains("Access-Control-Allow-Origin"), "the page tells hosts about the CORS header");
}
