//! Safe names and literals for generated code, shared by every exporter.
//!
//! A design's ids, labels and names are whatever the user typed: quotes, `${`, `%{`,
//! newlines, `*/`, backticks, any Unicode. Nothing typed may ever become code. The rule every
//! exporter follows:
//!
//! - **Identifiers** (Terraform resource names, TypeScript variables, CDK construct ids,
//!   AWS resource names) are rebuilt from the ASCII letters and digits of the input only, via
//!   [`tf_ident`], [`ts_ident`], [`ts_class`] and [`slug`], then made unique with [`Unique`].
//!   They can hold no punctuation at all, so they cannot break out of anything.
//! - **Strings** go through the target language's own escaping: hcl-rs for HCL (it escapes
//!   quotes, control characters and the `${` / `%{` template markers as `$${` / `%%{`),
//!   [`ts_string`] for TypeScript/JavaScript, [`py_string`] for Python.
//! - **Comments** only ever receive [`comment`] text: one line, no control characters and no
//!   `*/`, so it ends neither a `#`/`//` line comment nor a `/* */` block comment.
//! - **Hostnames** in configuration files (nginx `server_name`, certificate SANs) go through
//!   [`dns_name`].
//!
//! Every function is pure and deterministic.

use std::collections::HashSet;

/// The lower-case ASCII words of `s`: runs of ASCII letters and digits; everything else
/// (punctuation, whitespace, non-ASCII) separates words. `"Web (gunicorn)"` → `["web", "gunicorn"]`.
#[must_use]
pub fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_ascii_lowercase).collect()
}

/// A Terraform / HCL identifier in `snake_case` (resource, data source, variable and output
/// names): ASCII lower-case letters, digits and `_`, starting with a letter. Never empty:
/// input with no usable characters gives `fallback` (itself sanitized, or `"x"`).
///
/// ```
/// use cipherplan::export::names::tf_ident;
/// assert_eq!(tf_ident("key-data", "key"), "key_data");
/// assert_eq!(tf_ident("1st \"db\" ${x}", "db"), "n1st_db_x");
/// assert_eq!(tf_ident("Ünïcode ✓", "node"), "n_code");
/// assert_eq!(tf_ident("✓", "node"), "node");
/// ```
#[must_use]
pub fn tf_ident(s: &str, fallback: &str) -> String {
    let joined = words(s).join("_");
    if joined.is_empty() {
        let fb = words(fallback).join("_");
        return if fb.is_empty() { "x".into() } else { lead_letter(fb, "n") };
    }
    lead_letter(joined, "n")
}

/// Prefixes `prefix` when `s` does not start with an ASCII letter.
fn lead_letter(s: String, prefix: &str) -> String {
    if s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{s}")
    } else {
        format!("{prefix}_{s}")
    }
}

/// Words JavaScript / TypeScript reserve (keywords, strict-mode and contextual words, type
/// names, globals a program relies on), lower-cased: compared case-insensitively.
const TS_RESERVED: &[&str] = &[
    "any",
    "arguments",
    "as",
    "async",
    "await",
    "boolean",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "constructor",
    "continue",
    "debugger",
    "declare",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "eval",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "from",
    "function",
    "get",
    "if",
    "implements",
    "import",
    "in",
    "infinity",
    "instanceof",
    "interface",
    "let",
    "module",
    "nan",
    "new",
    "null",
    "number",
    "of",
    "package",
    "private",
    "protected",
    "public",
    "require",
    "return",
    "set",
    "static",
    "string",
    "super",
    "switch",
    "symbol",
    "this",
    "throw",
    "true",
    "try",
    "type",
    "typeof",
    "undefined",
    "var",
    "void",
    "while",
    "with",
    "yield",
    // Module names generated programs import under these names.
    "aws",
    "cdk",
    "pulumi",
];

/// Whether `word` may not be a TypeScript identifier in generated code (see `TS_RESERVED`).
#[must_use]
pub fn is_ts_reserved(word: &str) -> bool {
    TS_RESERVED.contains(&word.to_ascii_lowercase().as_str())
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    c.next().map_or_else(String::new, |f| f.to_ascii_uppercase().to_string() + c.as_str())
}

/// A TypeScript identifier in `camelCase` (variables, properties): ASCII letters and digits,
/// starting with a letter, never a reserved word (those get a trailing `_`). Never empty:
/// input with no usable characters gives `fallback` (itself sanitized, or `"x"`).
///
/// ```
/// use cipherplan::export::names::ts_ident;
/// assert_eq!(ts_ident("key-data", "key"), "keyData");
/// assert_eq!(ts_ident("`${process.exit()}`", "n"), "processExit");
/// assert_eq!(ts_ident("class", "n"), "class_");
/// assert_eq!(ts_ident("42", "n"), "n42");
/// ```
#[must_use]
pub fn ts_ident(s: &str, fallback: &str) -> String {
    let mut w = words(s);
    if w.is_empty() {
        w = words(fallback);
    }
    if w.is_empty() {
        return "x".into();
    }
    let mut out = w[0].clone();
    for word in &w[1..] {
        out.push_str(&capitalize(word));
    }
    let out = lead_letter(out, "n");
    if is_ts_reserved(&out) {
        out + "_"
    } else {
        out
    }
}

/// A TypeScript class / CDK construct id in `PascalCase`: ASCII letters and digits, starting
/// with a letter. Never empty (see [`ts_ident`] for `fallback`).
///
/// ```
/// use cipherplan::export::names::ts_class;
/// assert_eq!(ts_class("django-encrypted", "app"), "DjangoEncrypted");
/// assert_eq!(ts_class("*/ evil", "app"), "Evil");
/// assert_eq!(ts_class("9lives", "app"), "N9lives");
/// ```
#[must_use]
pub fn ts_class(s: &str, fallback: &str) -> String {
    let mut w = words(s);
    if w.is_empty() {
        w = words(fallback);
    }
    if w.is_empty() {
        return "X".into();
    }
    let out: String = w.iter().map(|word| capitalize(word)).collect();
    lead_letter(out, "N")
}

/// An AWS resource name (load balancer, target group, bucket prefix, cluster, log group
/// segment, ...): lower-case ASCII letters, digits and single `-`, starting with a letter,
/// not ending with `-`, at most `max` characters (at least 1). Never empty: `"x"` when the
/// input has no usable characters.
///
/// ```
/// use cipherplan::export::names::slug;
/// assert_eq!(slug("Django Encrypted!", 32), "django-encrypted");
/// assert_eq!(slug("a--b", 32), "a-b");
/// assert_eq!(slug("web-service-with-a-very-long-name", 10), "web-servic");
/// assert_eq!(slug("__", 10), "x");
/// ```
#[must_use]
pub fn slug(s: &str, max: usize) -> String {
    let max = max.max(1);
    let joined = words(s).join("-");
    let joined = if joined.is_empty() { "x".to_owned() } else { lead_letter(joined, "n") };
    let mut out: String = joined.chars().take(max).collect();
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Makes names unique in order of first request: the first `base` is `base`, later ones are
/// `base{sep}2`, `base{sep}3`, ... Call it in a deterministic order (sorted ids) so output is
/// reproducible.
///
/// ```
/// use cipherplan::export::names::{tf_ident, Unique};
/// let mut names = Unique::new("_");
/// assert_eq!(names.claim(&tf_ident("db", "db")), "db");
/// assert_eq!(names.claim(&tf_ident("DB", "db")), "db_2");
/// assert_eq!(names.claim("db_2"), "db_2_2");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Unique {
    used: HashSet<String>,
    sep: String,
}

impl Unique {
    /// An empty set of names; `sep` joins a base and its counter (`_` for Terraform, `` for
    /// TypeScript camelCase, `-` for AWS names).
    #[must_use]
    pub fn new(sep: &str) -> Self {
        Unique { used: HashSet::new(), sep: sep.to_owned() }
    }

    /// Reserves a name (one the generator uses itself) so [`Unique::claim`] never returns it.
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_owned());
    }

    /// A unique name derived from `base`, now reserved.
    pub fn claim(&mut self, base: &str) -> String {
        if self.used.insert(base.to_owned()) {
            return base.to_owned();
        }
        let mut n = 2u64;
        loop {
            let candidate = format!("{base}{}{n}", self.sep);
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// A double-quoted TypeScript / JavaScript string literal holding exactly `s`.
///
/// JSON escaping (quotes, backslashes, control characters) plus `\u2028` / `\u2029` (line
/// terminators in older JavaScript) and `<` (so a literal can never close a `</script>`).
/// Backticks and `${` are plain characters inside `"..."`. Never build template literals from
/// user text.
///
/// ```
/// use cipherplan::export::names::ts_string;
/// assert_eq!(ts_string("a\"b"), r#""a\"b""#);
/// assert_eq!(ts_string("`${x}`\n"), r#""`${x}`\n""#);
/// assert_eq!(ts_string("</script>"), r#""\u003c/script>""#);
/// ```
#[must_use]
pub fn ts_string(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    json.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029").replace('<', "\\u003c")
}

/// A double-quoted Python string literal holding exactly `s` (non-ASCII and control
/// characters as `\u` / `\U` escapes, so the file stays ASCII).
///
/// ```
/// use cipherplan::export::names::py_string;
/// assert_eq!(py_string("it's \"x\"\n"), r#""it's \"x\"\n""#);
/// assert_eq!(py_string("é"), r#""\u00e9""#);
/// ```
#[must_use]
pub fn py_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Text safe inside any comment of any generated file: one line (control characters and
/// line/paragraph separators become spaces, runs of spaces collapse), with `*/` broken up so
/// it cannot close a block comment, trimmed to at most `max` characters. Keeps Unicode
/// letters so labels stay readable.
///
/// ```
/// use cipherplan::export::names::comment;
/// assert_eq!(comment("evil */ code\nresource \"x\" {}", 200), "evil * / code resource \"x\" {}");
/// ```
#[must_use]
pub fn comment(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') { ' ' } else { c };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        if c == '/' && out.ends_with('*') {
            out.push(' ');
        }
        out.push(c);
    }
    let trimmed: String = out.trim_end().chars().take(max).collect();
    trimmed.trim_end().to_owned()
}

/// A DNS name for configuration files (nginx `server_name`, certificate `subjectAltName`):
/// lower-case ASCII letters, digits, `-` and `.` separating non-empty labels of at most 63
/// characters; `fallback` when nothing usable is left.
///
/// ```
/// use cipherplan::export::names::dns_name;
/// assert_eq!(dns_name("App.Example.com", "localhost"), "app.example.com");
/// assert_eq!(dns_name("x; include /etc/passwd", "localhost"), "x-include-etc-passwd");
/// assert_eq!(dns_name("", "localhost"), "localhost");
/// ```
#[must_use]
pub fn dns_name(s: &str, fallback: &str) -> String {
    let labels: Vec<String> = s
        .split('.')
        .map(|label| {
            let mut l = slug(label, 63);
            if words(label).is_empty() {
                l.clear();
            }
            // Hostname labels may start with a digit; undo slug's letter prefix for those.
            if label.trim().starts_with(|c: char| c.is_ascii_digit()) && l.starts_with('n') {
                l.remove(0);
            }
            l
        })
        .filter(|l| !l.is_empty())
        .collect();
    if labels.is_empty() {
        fallback.to_owned()
    } else {
        labels.join(".")
    }
}

/// A CloudWatch Logs group path from a label such as `/ecs/django`: `/`-separated segments of
/// ASCII letters, digits and `._#-` (anything else becomes `-`), no empty, `.` or `..`
/// segments, starting with `/`, at most 200 characters. `/FALLBACK` (made safe the same way)
/// when the label has nothing usable.
///
/// ```
/// use cipherplan::export::names::log_group_path;
/// assert_eq!(log_group_path("/ecs/django", "logs"), "/ecs/django");
/// assert_eq!(log_group_path("App logs ${x}", "logs"), "/App-logs-x");
/// assert_eq!(log_group_path("../", "app-logs"), "/app-logs");
/// ```
#[must_use]
pub fn log_group_path(label: &str, fallback: &str) -> String {
    fn clean(s: &str) -> String {
        let segs: Vec<String> = s
            .split('/')
            .map(|seg| {
                let mapped: String = seg
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '#' | '-') { c } else { '-' })
                    .collect();
                let mut collapsed = String::with_capacity(mapped.len());
                for c in mapped.chars() {
                    if !(c == '-' && collapsed.ends_with('-')) {
                        collapsed.push(c);
                    }
                }
                collapsed.trim_matches('-').to_owned()
            })
            .filter(|seg| !seg.is_empty() && seg != "." && seg != "..")
            .collect();
        if segs.is_empty() {
            return String::new();
        }
        let joined: String = format!("/{}", segs.join("/")).chars().take(200).collect();
        joined.trim_end_matches(['/', '-']).to_owned()
    }
    let out = clean(label);
    if out.len() > 1 {
        return out;
    }
    let fb = clean(fallback);
    if fb.len() > 1 {
        fb
    } else {
        "/logs".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &[&str] = &[
        "",
        " ",
        "\"",
        "${var.x}",
        "%{ if true }x%{ endif }",
        "a\nb",
        "*/ evil /*",
        "`rm -rf /`",
        "Ünïcödé ✓ 日本",
        "\u{2028}",
        "1 2 3",
        "class",
        "--__--",
        "</script>",
    ];

    #[test]
    fn identifiers_are_always_plain_ascii_and_never_empty() {
        for s in HOSTILE {
            let tf = tf_ident(s, "node");
            assert!(tf.starts_with(|c: char| c.is_ascii_lowercase()), "{tf:?}");
            assert!(tf.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{tf:?}");
            assert!(hcl::Identifier::new(tf.clone()).is_ok(), "{tf:?}");
            let ts = ts_ident(s, "node");
            assert!(ts.starts_with(|c: char| c.is_ascii_alphabetic()), "{ts:?}");
            assert!(ts.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{ts:?}");
            let class = ts_class(s, "node");
            assert!(class.starts_with(|c: char| c.is_ascii_uppercase()), "{class:?}");
            let sl = slug(s, 20);
            assert!(sl.len() <= 20 && !sl.ends_with('-') && !sl.contains("--"), "{sl:?}");
            assert!(sl.starts_with(|c: char| c.is_ascii_lowercase()), "{sl:?}");
            let dns = dns_name(s, "localhost");
            assert!(dns.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'));
        }
    }

    #[test]
    fn literals_round_trip() {
        for s in HOSTILE {
            let lit = ts_string(s);
            let back: String = serde_json::from_str(&lit).expect("ts_string is valid JSON");
            assert_eq!(&back, s);
            assert!(!lit.contains('\n') && !lit.contains('\u{2028}'));
            let c = comment(s, 80);
            assert!(!c.contains("*/") && !c.chars().any(char::is_control), "{c:?}");
            let py = py_string(s);
            assert!(py.is_ascii() && !py.contains('\n'));
        }
    }

    #[test]
    fn unique_names_count_up() {
        let mut u = Unique::new("-");
        u.reserve("web");
        assert_eq!(u.claim("web"), "web-2");
        assert_eq!(u.claim("web"), "web-3");
        assert_eq!(u.claim("db"), "db");
    }
}
