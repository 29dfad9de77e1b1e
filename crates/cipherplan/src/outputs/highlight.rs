//! Syntax highlighting for the export dialog's preview: a pure tokenizer per language that cuts
//! a file into `(kind, text)` spans.
//!
//! Invariant: the spans' texts, concatenated, are exactly the input (tested on every generated
//! file and on arbitrary strings), so the preview shows the very bytes that are downloaded.
//! The browser renders each span as a text node inside a `<span class>`, never as markup, so a
//! hostile label in the design cannot inject HTML.
//!
//! The tokenizers are deliberately shallow (one pass, no grammar): they colour comments,
//! strings, numbers, keywords, attribute names and tags well enough to read generated code,
//! and never fail — text they do not recognise stays plain.

use super::{param_str, Op, Reply};
use crate::design::Design;
use serde_json::Value as Json;

/// Above this many bytes a file is previewed as plain text: the spans would cost more than
/// they help.
pub const MAX_HIGHLIGHT_BYTES: usize = 512 * 1024;

/// A language the previewer knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Terraform (`.tf`).
    Hcl,
    /// TypeScript and JavaScript.
    TypeScript,
    /// JSON (also SARIF).
    Json,
    /// GitHub Markdown.
    Markdown,
    /// nginx configuration.
    Nginx,
    /// Dockerfile instructions.
    Dockerfile,
    /// Python.
    Python,
    /// XML, SVG and HTML.
    Xml,
    /// YAML.
    Yaml,
    /// INI-like `key = value` files (OpenSSL extension files).
    Ini,
    /// Anything else: only `#` comments at the start of a line.
    Plain,
}

impl Lang {
    /// The language of a file, from its path.
    #[must_use]
    pub fn for_path(path: &str) -> Lang {
        let name = path.rsplit('/').next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        if lower == "dockerfile" || lower.starts_with("dockerfile.") || lower.ends_with(".dockerfile") {
            return Lang::Dockerfile;
        }
        let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
        match ext {
            "tf" | "hcl" | "tfvars" => Lang::Hcl,
            "ts" | "tsx" | "js" | "mjs" | "cjs" => Lang::TypeScript,
            "json" | "sarif" => Lang::Json,
            "md" | "markdown" => Lang::Markdown,
            "conf" => Lang::Nginx,
            "py" => Lang::Python,
            "svg" | "xml" | "html" | "htm" => Lang::Xml,
            "yaml" | "yml" => Lang::Yaml,
            "ext" | "ini" | "cfg" | "cnf" => Lang::Ini,
            _ => Lang::Plain,
        }
    }

    /// A short name for the preview's caption.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Lang::Hcl => "HCL",
            Lang::TypeScript => "TypeScript",
            Lang::Json => "JSON",
            Lang::Markdown => "Markdown",
            Lang::Nginx => "nginx",
            Lang::Dockerfile => "Dockerfile",
            Lang::Python => "Python",
            Lang::Xml => "XML",
            Lang::Yaml => "YAML",
            Lang::Ini => "INI",
            Lang::Plain => "text",
        }
    }
}

/// What a span of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Nothing special.
    Plain,
    /// A comment.
    Comment,
    /// A string literal (or a code span in Markdown, an attribute value in XML).
    Str,
    /// A number.
    Number,
    /// A keyword, block type, instruction or directive.
    Keyword,
    /// A type name (capitalised identifier) or nested block name.
    Type,
    /// An attribute, property or object key.
    Attr,
    /// A variable or reference (`$var`, `var.x`, `&amp;`).
    Variable,
    /// A function or decorator name.
    Function,
    /// A Markdown heading or INI section.
    Heading,
    /// An XML tag name with its brackets.
    Tag,
    /// Structural punctuation (Markdown list markers and table bars).
    Punct,
}

impl Kind {
    /// The CSS class of the span (`""` for plain text).
    #[must_use]
    pub fn class(self) -> &'static str {
        match self {
            Kind::Plain => "",
            Kind::Comment => "hl-c",
            Kind::Str => "hl-s",
            Kind::Number => "hl-n",
            Kind::Keyword => "hl-k",
            Kind::Type => "hl-t",
            Kind::Attr => "hl-a",
            Kind::Variable => "hl-v",
            Kind::Function => "hl-f",
            Kind::Heading => "hl-h",
            Kind::Tag => "hl-g",
            Kind::Punct => "hl-p",
        }
    }
}

/// The spans of `text` in `lang`. Adjacent spans of one kind are merged.
#[must_use]
pub fn highlight(lang: Lang, text: &str) -> Vec<(Kind, &str)> {
    let mut lx = Lexer::new(text);
    if text.len() > MAX_HIGHLIGHT_BYTES {
        lx.finish();
        return lx.out;
    }
    match lang {
        Lang::Hcl => hcl(&mut lx),
        Lang::TypeScript => typescript(&mut lx),
        Lang::Json => json(&mut lx),
        Lang::Markdown => markdown(&mut lx),
        Lang::Nginx => nginx(&mut lx),
        Lang::Dockerfile => dockerfile(&mut lx),
        Lang::Python => python(&mut lx),
        Lang::Xml => xml(&mut lx),
        Lang::Yaml => yaml(&mut lx),
        Lang::Ini => ini(&mut lx),
        Lang::Plain => plain(&mut lx),
    }
    lx.finish();
    lx.out
}

/// The spans as compact JSON for the browser: `[["hl-k","resource"],["", " "],…]`.
#[must_use]
pub fn to_json(spans: &[(Kind, &str)]) -> String {
    let list: Vec<Json> = spans.iter().map(|(k, t)| Json::Array(vec![k.class().into(), (*t).into()])).collect();
    Json::Array(list).to_string()
}

/// `highlight` {path, text}: the spans of `text` in the language of `path`, as [`to_json`]
/// writes them. The design is not used.
pub const HIGHLIGHT: Op =
    Op { name: "highlight", summary: "syntax-highlighted spans of a file for the preview; params: path, text", run };

fn run(_design: &Design, params: &Json) -> Result<Reply, String> {
    let path = param_str(params, "path", "")?;
    let text = params.get("text").and_then(Json::as_str).ok_or("highlight: the `text` parameter is missing")?;
    Ok(Reply::Text(to_json(&highlight(Lang::for_path(path), text))))
}

/// A byte cursor that cuts spans only at ASCII bytes or at the end, so every span is valid
/// UTF-8 whatever the input.
struct Lexer<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    /// Start of the pending plain text.
    plain: usize,
    out: Vec<(Kind, &'a str)>,
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

impl<'a> Lexer<'a> {
    fn new(s: &'a str) -> Self {
        Lexer { s, b: s.as_bytes(), i: 0, plain: 0, out: Vec::new() }
    }

    fn done(&self) -> bool {
        self.i >= self.b.len()
    }

    fn peek(&self) -> u8 {
        self.b.get(self.i).copied().unwrap_or(0)
    }

    fn at(&self, k: usize) -> u8 {
        self.b.get(self.i + k).copied().unwrap_or(0)
    }

    fn starts(&self, pat: &str) -> bool {
        self.b[self.i..].starts_with(pat.as_bytes())
    }

    /// Pushes `s[from..to]` as `kind`, merging with the previous span of the same kind.
    fn push(&mut self, kind: Kind, from: usize, to: usize) {
        if from >= to {
            return;
        }
        let text = &self.s[from..to];
        if let Some((k, prev)) = self.out.last_mut() {
            if *k == kind {
                // Both slices are adjacent in `s`: extend the previous one.
                let start = to - text.len() - prev.len();
                *prev = &self.s[start..to];
                return;
            }
        }
        self.out.push((kind, text));
    }

    /// Emits the span from `start` to the cursor as `kind` (flushing pending plain text).
    fn emit(&mut self, kind: Kind, start: usize) {
        self.push(Kind::Plain, self.plain, start);
        self.push(kind, start, self.i);
        self.plain = self.i;
    }

    /// Skips one character as plain text.
    fn skip(&mut self) {
        let c = self.peek();
        self.i += match c {
            0..=0x7f => 1,
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            _ => 4,
        };
        self.i = self.i.min(self.b.len());
        // Never stop inside a character (a stray continuation byte cannot occur in a &str).
        while self.i < self.b.len() && !self.s.is_char_boundary(self.i) {
            self.i += 1;
        }
    }

    fn finish(&mut self) {
        self.i = self.b.len();
        self.push(Kind::Plain, self.plain, self.i);
        self.plain = self.i;
    }

    fn line_end_skip(&mut self) {
        while !self.done() && self.peek() != b'\n' {
            self.i += 1;
        }
    }

    /// Moves past `pat` (or to the end).
    fn past(&mut self, pat: &str) {
        match self.s[self.i..].find(pat) {
            Some(k) => self.i += k + pat.len(),
            None => self.i = self.b.len(),
        }
    }

    /// Whether only spaces and tabs stand between the previous newline and the cursor.
    fn line_start(&self) -> bool {
        self.b[..self.i].iter().rev().take_while(|&&c| c != b'\n').all(|&c| c == b' ' || c == b'\t')
    }

    /// The previous non-blank byte on this line (0 at the start of a line).
    fn prev_nonblank(&self) -> u8 {
        self.b[..self.i]
            .iter()
            .rev()
            .take_while(|&&c| c != b'\n')
            .find(|&&c| c != b' ' && c != b'\t')
            .copied()
            .unwrap_or(0)
    }

    /// The next byte after spaces and tabs (0 at the end).
    fn next_nonblank(&self) -> u8 {
        self.b[self.i..].iter().find(|&&c| c != b' ' && c != b'\t').copied().unwrap_or(0)
    }

    /// The next two bytes after spaces and tabs.
    fn next_two(&self) -> (u8, u8) {
        let k = self.b[self.i..].iter().position(|&c| c != b' ' && c != b'\t').map_or(self.b.len(), |k| self.i + k);
        (self.b.get(k).copied().unwrap_or(0), self.b.get(k + 1).copied().unwrap_or(0))
    }

    /// Reads an identifier (letters, digits, `_` and the `extra` bytes); returns its text.
    fn ident(&mut self, extra: &[u8]) -> &'a str {
        let start = self.i;
        while !self.done() && (is_ident(self.peek()) || extra.contains(&self.peek())) {
            self.i += 1;
        }
        &self.s[start..self.i]
    }

    /// Reads a number: digits, `.`, `_`, hex digits after `0x`, an exponent, and (for units
    /// such as nginx's `10m`) trailing letters.
    fn number(&mut self) {
        while !self.done() && (self.peek().is_ascii_alphanumeric() || self.peek() == b'_' || self.peek() == b'.') {
            if self.peek() == b'.' && !self.at(1).is_ascii_digit() {
                break;
            }
            self.i += 1;
        }
    }

    /// Reads a quoted string starting at the cursor. `interp`: `${…}` may hold the quote.
    /// `multiline`: a newline does not end it.
    fn string(&mut self, interp: bool, multiline: bool) {
        let q = self.peek();
        self.i += 1;
        while !self.done() {
            let c = self.peek();
            if c == b'\\' {
                self.i += 2;
                continue;
            }
            if interp && c == b'$' && self.at(1) == b'{' {
                self.braces();
                continue;
            }
            if c == q {
                self.i += 1;
                break;
            }
            if c == b'\n' && !multiline {
                break;
            }
            self.i += 1;
        }
        self.i = self.i.min(self.b.len());
    }

    /// Skips `${ … }` with nested braces.
    fn braces(&mut self) {
        let mut depth = 0usize;
        while !self.done() {
            match self.peek() {
                b'{' => depth += 1,
                b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.i += 1;
                        return;
                    }
                }
                _ => {}
            }
            self.i += 1;
        }
    }

    /// C-style comments (`//` and `/* */`); true when one was read.
    fn c_comment(&mut self) -> bool {
        let start = self.i;
        if self.starts("//") {
            self.line_end_skip();
        } else if self.starts("/*") {
            self.i += 2;
            self.past("*/");
        } else {
            return false;
        }
        self.emit(Kind::Comment, start);
        true
    }

    /// A `#` comment to the end of the line.
    fn hash_comment(&mut self) {
        let start = self.i;
        self.line_end_skip();
        self.emit(Kind::Comment, start);
    }
}

const HCL_BLOCKS: &[&str] = &[
    "resource",
    "data",
    "variable",
    "output",
    "locals",
    "module",
    "provider",
    "terraform",
    "moved",
    "import",
    "check",
];
const HCL_WORDS: &[&str] = &["true", "false", "null", "for", "in", "if", "for_each", "dynamic"];
const HCL_REFS: &[&str] = &["var", "local", "module", "data", "each", "count", "path", "self"];

fn hcl(lx: &mut Lexer<'_>) {
    while !lx.done() {
        let c = lx.peek();
        let start = lx.i;
        if c == b'#' {
            lx.hash_comment();
        } else if c == b'/' && lx.c_comment() {
        } else if c == b'"' {
            lx.string(true, false);
            lx.emit(Kind::Str, start);
        } else if lx.starts("<<") && (is_ident_start(lx.at(2)) || (lx.at(2) == b'-' && is_ident_start(lx.at(3)))) {
            lx.i += if lx.at(2) == b'-' { 3 } else { 2 };
            let tag = lx.ident(&[]);
            // The heredoc ends at a line holding only its tag.
            loop {
                lx.line_end_skip();
                if lx.done() {
                    break;
                }
                lx.i += 1;
                let line_end = lx.s[lx.i..].find('\n').map_or(lx.b.len(), |k| lx.i + k);
                if lx.s[lx.i..line_end].trim() == tag {
                    lx.i = line_end;
                    break;
                }
            }
            lx.emit(Kind::Str, start);
        } else if c.is_ascii_digit() {
            lx.number();
            lx.emit(Kind::Number, start);
        } else if is_ident_start(c) {
            let first = lx.line_start();
            let word = lx.ident(b"-");
            let next = lx.next_two();
            let block = first && HCL_BLOCKS.contains(&word) && matches!(next.0, b'"' | b'{');
            let kind = if block || HCL_WORDS.contains(&word) {
                Kind::Keyword
            } else if next.0 == b'=' && next.1 != b'=' {
                Kind::Attr
            } else if first && next.0 == b'{' {
                Kind::Type
            } else if next.0 == b'(' {
                Kind::Function
            } else if HCL_REFS.contains(&word) && lx.peek() == b'.' {
                Kind::Variable
            } else {
                Kind::Plain
            };
            lx.emit(kind, start);
        } else {
            lx.skip();
        }
    }
}

const TS_WORDS: &[&str] = &[
    "import",
    "from",
    "export",
    "const",
    "let",
    "var",
    "new",
    "return",
    "function",
    "class",
    "extends",
    "implements",
    "interface",
    "type",
    "if",
    "else",
    "for",
    "of",
    "in",
    "while",
    "async",
    "await",
    "true",
    "false",
    "null",
    "undefined",
    "this",
    "super",
    "as",
    "default",
    "public",
    "private",
    "protected",
    "readonly",
    "static",
    "void",
    "typeof",
    "keyof",
    "throw",
    "try",
    "catch",
    "switch",
    "case",
    "break",
    "continue",
    "string",
    "number",
    "boolean",
];

fn typescript(lx: &mut Lexer<'_>) {
    while !lx.done() {
        let c = lx.peek();
        let start = lx.i;
        if c == b'/' && lx.c_comment() {
        } else if c == b'"' || c == b'\'' {
            lx.string(false, false);
            lx.emit(Kind::Str, start);
        } else if c == b'`' {
            lx.string(true, true);
            lx.emit(Kind::Str, start);
        } else if c.is_ascii_digit() {
            lx.number();
            lx.emit(Kind::Number, start);
        } else if is_ident_start(c) || c == b'$' {
            lx.i += 1;
            let word = &lx.s[start..start + 1 + lx.ident(b"$").len()];
            let next = lx.next_two();
            let kind = if TS_WORDS.contains(&word) {
                Kind::Keyword
            } else if next.0 == b'(' {
                Kind::Function
            } else if next.0 == b':' && next.1 != b':' && lx.prev_nonblank() != b'?' {
                Kind::Attr
            } else if word.as_bytes()[0].is_ascii_uppercase() {
                Kind::Type
            } else {
                Kind::Plain
            };
            lx.emit(kind, start);
        } else {
            lx.skip();
        }
    }
}

fn json(lx: &mut Lexer<'_>) {
    while !lx.done() {
        let c = lx.peek();
        let start = lx.i;
        if c == b'"' {
            lx.string(false, false);
            let kind = if lx.next_nonblank() == b':' { Kind::Attr } else { Kind::Str };
            lx.emit(kind, start);
        } else if c.is_ascii_digit() || (c == b'-' && lx.at(1).is_ascii_digit()) {
            lx.i += 1;
            while !lx.done() && matches!(lx.peek(), b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') {
                lx.i += 1;
            }
            lx.emit(Kind::Number, start);
        } else if is_ident_start(c) {
            let word = lx.ident(&[]);
            let kind = if matches!(word, "true" | "false" | "null") { Kind::Keyword } else { Kind::Plain };
            lx.emit(kind, start);
        } else {
            lx.skip();
        }
    }
}

fn markdown(lx: &mut Lexer<'_>) {
    let mut line_start = true;
    while !lx.done() {
        let c = lx.peek();
        let start = lx.i;
        if line_start && lx.starts("```") {
            // A fenced block, fences included.
            lx.line_end_skip();
            loop {
                if lx.done() {
                    break;
                }
                lx.i += 1;
                let line_end = lx.s[lx.i..].find('\n').map_or(lx.b.len(), |k| lx.i + k);
                let is_fence = lx.s[lx.i..line_end].trim_start().starts_with("```");
                lx.i = line_end;
                if is_fence {
                    break;
                }
            }
            lx.emit(Kind::Str, start);
            line_start = false;
            continue;
        }
        if line_start && c == b'#' {
            lx.line_end_skip();
            lx.emit(Kind::Heading, start);
        } else if line_start && c == b'>' {
            lx.line_end_skip();
            lx.emit(Kind::Comment, start);
        } else if (line_start && matches!(c, b'-' | b'*' | b'+') && lx.at(1) == b' ') || c == b'|' {
            lx.i += 1;
            lx.emit(Kind::Punct, start);
        } else if c == b'`' {
            lx.i += 1;
            while !lx.done() && lx.peek() != b'`' && lx.peek() != b'\n' {
                lx.i += 1;
            }
            if lx.peek() == b'`' {
                lx.i += 1;
            }
            lx.emit(Kind::Str, start);
        } else if lx.starts("**") {
            lx.i += 2;
            lx.past("**");
            lx.emit(Kind::Keyword, start);
        } else if lx.starts("](") {
            lx.i += 1;
            while !lx.done() && lx.peek() != b')' && lx.peek() != b'\n' {
                lx.i += 1;
            }
            if lx.peek() == b')' {
                lx.i += 1;
            }
            lx.emit(Kind::Attr, start);
        } else if lx.starts("<!--") {
            lx.past("-->");
            lx.emit(Kind::Comment, start);
        } else {
            lx.skip();
        }
        // A list marker or spaces keep the line's "start" for headings only at column 0.
        line_start = lx.i > 0 && lx.b[lx.i - 1] == b'\n';
    }
}

fn nginx(lx: &mut Lexer<'_>) {
    while !lx.done() {
        let c = lx.peek();
        let start = lx.i;
        if c == b'#' {
            lx.hash_comment();
        } else if c == b'"' || c == b'\'' {
            lx.string(false, true);
            lx.emit(Kind::Str, start);
        } else if c == b'$' && (is_ident_start(lx.at(1)) || lx.at(1) == b'{') {
            lx.i += 1;
            if lx.peek() == b'{' {
                lx.braces();
            } else {
                lx.ident(&[]);
            }
            lx.emit(Kind::Variable, start);
        } else if c.is_ascii_digit() && !is_ident(lx.b.get(lx.i.wrapping_sub(1)).copied().unwrap_or(b' ')) {
            lx.number();
            lx.emit(Kind::Number, start);
        } else if is_ident_start(c) {
            let first = lx.line_start() || matches!(lx.prev_nonblank(), b'{' | b';' | b'}');
            lx.ident(b"-.");
            lx.emit(if first { Kind::Keyword } else { Kind::Plain }, start);
        } else {
            lx.skip();
        }
    }
}

const DOCKER_WORDS: &[&str] = &[
    "FROM",
    "RUN",
    "CMD",
    "LABEL",
    "EXPOSE",
    "ENV",
    "ADD",
    "COPY",
    "ENTRYPOINT",
    "VOLUME",
    "USER",
    "WORKDIR",
    "ARG",
    "ONBUILD",
    "STOPSIGNAL",
    "HEALTHCHECK",
    "SHELL",
    "AS",
];

fn dockerfile(lx: &mut Lexer<'_>) {
    while !lx.done() {
        let c = lx.peek();
        let start = lx.i;
        if c == b'#' && lx.line_start() {
            lx.hash_comment();
        } else if c == b'"' || c == b'\'' {
            lx.string(false, false);
            lx.emit(Kind::Str, start);
        } else if c == b'$' && (is_ident_start(lx.at(1)) || lx.at(1) == b'{') {
            lx.i += 1;
            if lx.peek() == b'{' {
                lx.braces();
            } else {
                lx.ident(&[]);
            }
            lx.emit(Kind::Variable, start);
        } else if c == b'-' && lx.at(1) == b'-' && is_ident_start(lx.at(2)) && lx.prev_nonblank() != b'-' {
            lx.i += 2;
            lx.ident(b"-");
            lx.emit(Kind::Attr, start);
        } else if is_ident_start(c) {
            let first = lx.line_start();
            let word = lx.ident(b"-");
            let kind =
                if DOCKER_WORDS.contains(&word) && (first || word == "AS") { Kind::Keyword } else { Kind::Plain };
            lx.emit(kind, start);
        } else if c.is_ascii_digit() {
            lx.ident(b".");
        } else {
            lx.skip();
        }
    }
}

const PY_WORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

fn python(lx: &mut Lexer<'_>) {
    while !lx.done() {
        let c = lx.peek();
        let start = lx.i;
        if c == b'#' {
            lx.hash_comment();
        } else if c == b'"' || c == b'\'' {
            py_string(lx);
            lx.emit(Kind::Str, start);
        } else if c == b'@' && lx.line_start() {
            lx.i += 1;
            lx.ident(b".");
            lx.emit(Kind::Function, start);
        } else if c.is_ascii_digit() {
            lx.number();
            lx.emit(Kind::Number, start);
        } else if is_ident_start(c) {
            let first = lx.line_start();
            let word = lx.ident(&[]);
            // String prefixes: f"…", rb'…'.
            if word.len() <= 2 && word.bytes().all(|b| b"rRbBfFuU".contains(&b)) && matches!(lx.peek(), b'"' | b'\'') {
                py_string(lx);
                lx.emit(Kind::Str, start);
                continue;
            }
            let next = lx.next_two();
            let kind = if PY_WORDS.contains(&word) {
                Kind::Keyword
            } else if next.0 == b'(' {
                Kind::Function
            } else if first && next.0 == b'=' && next.1 != b'=' {
                Kind::Attr
            } else if word.as_bytes()[0].is_ascii_uppercase() && word.bytes().any(|b| b.is_ascii_lowercase()) {
                Kind::Type
            } else {
                Kind::Plain
            };
            lx.emit(kind, start);
        } else {
            lx.skip();
        }
    }
}

fn py_string(lx: &mut Lexer<'_>) {
    let q = lx.peek();
    let triple = if q == b'"' { "\"\"\"" } else { "'''" };
    if lx.starts(triple) {
        lx.i += 3;
        while !lx.done() && !lx.starts(triple) {
            lx.i += if lx.peek() == b'\\' { 2 } else { 1 };
        }
        lx.i = (lx.i + 3).min(lx.b.len());
    } else {
        lx.string(false, false);
    }
}

fn xml(lx: &mut Lexer<'_>) {
    while !lx.done() {
        let c = lx.peek();
        let start = lx.i;
        if lx.starts("<!--") {
            lx.past("-->");
            lx.emit(Kind::Comment, start);
        } else if lx.starts("<!") || lx.starts("<?") {
            lx.past(">");
            lx.emit(Kind::Keyword, start);
        } else if c == b'<' && (is_ident_start(lx.at(1)) || (lx.at(1) == b'/' && is_ident_start(lx.at(2)))) {
            lx.i += if lx.at(1) == b'/' { 2 } else { 1 };
            lx.ident(b"-:.");
            lx.emit(Kind::Tag, start);
            // Attributes until the tag closes.
            while !lx.done() {
                let c = lx.peek();
                let s = lx.i;
                if c == b'>' || (c == b'/' && lx.at(1) == b'>') {
                    lx.i += if c == b'>' { 1 } else { 2 };
                    lx.emit(Kind::Tag, s);
                    break;
                } else if c == b'"' || c == b'\'' {
                    lx.string(false, true);
                    lx.emit(Kind::Str, s);
                } else if is_ident_start(c) {
                    lx.ident(b"-:.");
                    lx.emit(Kind::Attr, s);
                } else if c == b'<' {
                    break; // a broken tag: let the outer loop read on
                } else {
                    lx.skip();
                }
            }
        } else if c == b'&' {
            lx.i += 1;
            let n = lx.b[lx.i..].iter().take(12).position(|&b| b == b';');
            match n {
                Some(k) if lx.b[lx.i..lx.i + k].iter().all(|&b| b.is_ascii_alphanumeric() || b == b'#') => {
                    lx.i += k + 1;
                    lx.emit(Kind::Variable, start);
                }
                _ => {}
            }
        } else {
            lx.skip();
        }
    }
}

fn yaml(lx: &mut Lexer<'_>) {
    while !lx.done() {
        let c = lx.peek();
        let start = lx.i;
        let prev = lx.b.get(lx.i.wrapping_sub(1)).copied().unwrap_or(b'\n');
        if c == b'#' && matches!(prev, b' ' | b'\t' | b'\n') {
            lx.hash_comment();
        } else if c == b'"' || c == b'\'' {
            lx.string(false, false);
            lx.emit(Kind::Str, start);
        } else if c == b'-' && lx.at(1) == b' ' && lx.line_start() {
            lx.i += 1;
            lx.emit(Kind::Punct, start);
        } else if is_ident_start(c) && (lx.line_start() || lx.prev_nonblank() == b'-') {
            // A key runs to `: ` or `:` at the end of the line (keys may hold `:` and `.`).
            let line_end = lx.s[lx.i..].find('\n').map_or(lx.b.len(), |k| lx.i + k);
            let line = &lx.s[lx.i..line_end];
            let colon = line.find(": ").or_else(|| line.ends_with(':').then(|| line.len() - 1));
            match colon {
                Some(k) if !line[..k].contains([' ', '"', '\'']) => {
                    lx.i += k;
                    lx.emit(Kind::Attr, start);
                }
                _ => {
                    lx.ident(&[]);
                }
            }
        } else if is_ident_start(c) {
            let word = lx.ident(&[]);
            if matches!(word, "true" | "false" | "null" | "yes" | "no") {
                lx.emit(Kind::Keyword, start);
            }
        } else if c.is_ascii_digit() && matches!(prev, b' ' | b'\n' | b'[' | b',') {
            lx.number();
            lx.emit(Kind::Number, start);
        } else {
            lx.skip();
        }
    }
}

fn ini(lx: &mut Lexer<'_>) {
    while !lx.done() {
        let c = lx.peek();
        let start = lx.i;
        let first = lx.line_start();
        if first && (c == b'#' || c == b';') {
            lx.hash_comment();
        } else if first && c == b'[' {
            lx.line_end_skip();
            lx.emit(Kind::Heading, start);
        } else if first && is_ident_start(c) {
            lx.ident(b".-");
            let kind = if lx.next_nonblank() == b'=' { Kind::Attr } else { Kind::Plain };
            lx.emit(kind, start);
        } else if c == b'@' && is_ident_start(lx.at(1)) {
            lx.i += 1;
            lx.ident(&[]);
            lx.emit(Kind::Variable, start);
        } else {
            lx.skip();
        }
    }
}

fn plain(lx: &mut Lexer<'_>) {
    while !lx.done() {
        if lx.peek() == b'#' && lx.line_start() {
            lx.hash_comment();
        } else {
            lx.skip();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{export, ExportTarget};
    use crate::templates::TEMPLATES;
    use proptest::prelude::*;

    fn joined(spans: &[(Kind, &str)]) -> String {
        spans.iter().map(|(_, t)| *t).collect()
    }

    /// The kinds of the spans that hold exactly `text`.
    fn kinds_of(spans: &[(Kind, &str)], text: &str) -> Vec<Kind> {
        spans.iter().filter(|(_, t)| t.trim() == text).map(|(k, _)| *k).collect()
    }

    fn has(spans: &[(Kind, &str)], kind: Kind, text: &str) -> bool {
        kinds_of(spans, text).contains(&kind)
    }

    const ALL: [Lang; 11] = [
        Lang::Hcl,
        Lang::TypeScript,
        Lang::Json,
        Lang::Markdown,
        Lang::Nginx,
        Lang::Dockerfile,
        Lang::Python,
        Lang::Xml,
        Lang::Yaml,
        Lang::Ini,
        Lang::Plain,
    ];

    #[test]
    fn every_generated_file_round_trips_and_is_coloured() {
        for t in TEMPLATES {
            let design = (t.build)();
            let tree = export(&design, ExportTarget::All);
            for (path, text) in &tree.files {
                let lang = Lang::for_path(path);
                let spans = highlight(lang, text);
                assert_eq!(joined(&spans), *text, "{} {path}", t.name);
                assert!(spans.windows(2).all(|w| w[0].0 != w[1].0), "adjacent spans are merged in {path}");
                if text.len() > 200 {
                    assert!(spans.iter().any(|(k, _)| *k != Kind::Plain), "{path} has some colour");
                }
            }
            let svg = crate::diagram::svg(&design);
            assert_eq!(joined(&highlight(Lang::Xml, &svg)), svg);
        }
    }

    #[test]
    fn languages_come_from_paths() {
        assert_eq!(Lang::for_path("terraform/kms.tf"), Lang::Hcl);
        assert_eq!(Lang::for_path("cdk/lib/stack.ts"), Lang::TypeScript);
        assert_eq!(Lang::for_path("app/nginx/Dockerfile"), Lang::Dockerfile);
        assert_eq!(Lang::for_path("app/django/Dockerfile.snippet"), Lang::Dockerfile);
        assert_eq!(Lang::for_path("app/nginx/nginx.conf"), Lang::Nginx);
        assert_eq!(Lang::for_path("app/nginx/v3.ext"), Lang::Ini);
        assert_eq!(Lang::for_path("report.sarif"), Lang::Json);
        assert_eq!(Lang::for_path("diagram.svg"), Lang::Xml);
        assert_eq!(Lang::for_path("pulumi/Pulumi.yaml"), Lang::Yaml);
        assert_eq!(Lang::for_path("app/django/settings_encryption.py"), Lang::Python);
        assert_eq!(Lang::for_path("cdk/.gitignore"), Lang::Plain);
        assert_eq!(Lang::for_path("README.md"), Lang::Markdown);
    }

    #[test]
    fn hcl() {
        let src = "# keys\nresource \"aws_kms_key\" \"app\" {\n  enable_key_rotation = true\n  deletion_window_in_days = 30\n  policy = jsonencode({ a = var.x })\n  tags {\n  }\n  text = <<-EOT\n    resource \"no\"\n  EOT\n}\n";
        let s = highlight(Lang::Hcl, src);
        assert_eq!(joined(&s), src);
        assert!(has(&s, Kind::Comment, "# keys"));
        assert!(has(&s, Kind::Keyword, "resource"));
        assert!(has(&s, Kind::Str, "\"aws_kms_key\""));
        assert!(has(&s, Kind::Attr, "enable_key_rotation"));
        assert!(has(&s, Kind::Keyword, "true"));
        assert!(has(&s, Kind::Number, "30"));
        assert!(has(&s, Kind::Function, "jsonencode"));
        assert!(has(&s, Kind::Variable, "var"));
        assert!(has(&s, Kind::Type, "tags"));
        // The heredoc is one string, keyword inside and all.
        assert!(s.iter().any(|(k, t)| *k == Kind::Str && t.contains("resource \"no\"") && t.ends_with("EOT")));
        assert_eq!(kinds_of(&s, "resource"), vec![Kind::Keyword]);
    }

    #[test]
    fn typescript_json_python() {
        let ts = "import * as cdk from 'aws-cdk-lib';\n// note\nconst key = new kms.Key(this, `K${a}`, { enableKeyRotation: true, n: 7 });\n";
        let s = highlight(Lang::TypeScript, ts);
        assert_eq!(joined(&s), ts);
        assert!(has(&s, Kind::Keyword, "import"));
        assert!(has(&s, Kind::Str, "'aws-cdk-lib'"));
        assert!(has(&s, Kind::Comment, "// note"));
        assert!(has(&s, Kind::Function, "Key"));
        assert!(has(&s, Kind::Str, "`K${a}`"));
        assert!(has(&s, Kind::Attr, "enableKeyRotation"));
        assert!(has(&s, Kind::Number, "7"));

        let j = "{\"version\": \"2.1.0\", \"n\": -1.5e3, \"ok\": true}";
        let s = highlight(Lang::Json, j);
        assert!(has(&s, Kind::Attr, "\"version\""));
        assert!(has(&s, Kind::Str, "\"2.1.0\""));
        assert!(has(&s, Kind::Number, "-1.5e3"));
        assert!(has(&s, Kind::Keyword, "true"));

        let py = "# s\nSECURE = True\nDATABASES = {\"default\": dict(x=1)}\ns = f\"{a}\"\n\"\"\"doc\n\"\"\"\n";
        let s = highlight(Lang::Python, py);
        assert_eq!(joined(&s), py);
        assert!(has(&s, Kind::Attr, "SECURE"));
        assert!(has(&s, Kind::Keyword, "True"));
        assert!(has(&s, Kind::Function, "dict"));
        assert!(has(&s, Kind::Str, "f\"{a}\""));
        assert!(has(&s, Kind::Str, "\"\"\"doc\n\"\"\""));
    }

    #[test]
    fn markdown_nginx_docker_yaml_ini_xml() {
        let md = "# Title\n\n- item `code` **bold** [link](https://x)\n\n```hcl\n# not a heading\n```\n| a | b |\n";
        let s = highlight(Lang::Markdown, md);
        assert_eq!(joined(&s), md);
        assert!(has(&s, Kind::Heading, "# Title"));
        assert!(has(&s, Kind::Punct, "-"));
        assert!(has(&s, Kind::Str, "`code`"));
        assert!(has(&s, Kind::Keyword, "**bold**"));
        assert!(has(&s, Kind::Attr, "](https://x)"));
        assert!(has(&s, Kind::Str, "```hcl\n# not a heading\n```"));
        assert!(!has(&s, Kind::Heading, "# not a heading"));

        let ng =
            "# c\nserver {\n    listen 443 ssl;\n    proxy_set_header Host $host;\n    ssl_session_timeout 1d;\n}\n";
        let s = highlight(Lang::Nginx, ng);
        assert!(has(&s, Kind::Keyword, "server"));
        assert!(has(&s, Kind::Keyword, "listen"));
        assert!(has(&s, Kind::Number, "443"));
        assert!(has(&s, Kind::Variable, "$host"));
        assert!(has(&s, Kind::Number, "1d"));
        assert!(!has(&s, Kind::Keyword, "ssl"));

        let df = "# c\nFROM nginx:1.27 AS base\nRUN apk add --no-cache openssl \\\n  && echo \"$HOME\"\n";
        let s = highlight(Lang::Dockerfile, df);
        assert!(has(&s, Kind::Keyword, "FROM"));
        assert!(has(&s, Kind::Keyword, "AS"));
        assert!(has(&s, Kind::Attr, "--no-cache"));
        assert!(has(&s, Kind::Str, "\"$HOME\""));

        let y = "name: \"x\"\nconfig:\n  aws:region:\n    value: 1\n  - on: true # c\n";
        let s = highlight(Lang::Yaml, y);
        assert_eq!(joined(&s), y);
        assert!(has(&s, Kind::Attr, "name"));
        assert!(has(&s, Kind::Attr, "aws:region"));
        assert!(has(&s, Kind::Number, "1"));
        assert!(has(&s, Kind::Keyword, "true"));
        assert!(has(&s, Kind::Comment, "# c"));

        let i = "# c\nkeyUsage = critical\nsubjectAltName = @alt_names\n[alt_names]\nDNS.1 = localhost\n";
        let s = highlight(Lang::Ini, i);
        assert!(has(&s, Kind::Attr, "keyUsage"));
        assert!(has(&s, Kind::Variable, "@alt_names"));
        assert!(has(&s, Kind::Heading, "[alt_names]"));
        assert!(has(&s, Kind::Attr, "DNS.1"));

        let x = "<?xml version=\"1.0\"?><!-- c --><svg a=\"1\" b='2'><text x=\"3\">a &lt; b &amp;&amp; <</text></svg>";
        let s = highlight(Lang::Xml, x);
        assert_eq!(joined(&s), x);
        assert!(has(&s, Kind::Comment, "<!-- c -->"));
        assert!(has(&s, Kind::Tag, "<svg"));
        assert!(has(&s, Kind::Attr, "a"));
        assert!(has(&s, Kind::Str, "\"1\""));
        assert!(has(&s, Kind::Variable, "&lt;"));
        assert!(s.iter().any(|(k, t)| *k == Kind::Tag && t.contains("</text>")), "{s:?}");
    }

    #[test]
    fn hostile_text_stays_text() {
        // A label with markup is only ever a span's text: the spans still join to the input.
        let evil = "<img src=x onerror=alert(1)>\"</span><script>x</script>";
        for lang in ALL {
            assert_eq!(joined(&highlight(lang, evil)), evil);
        }
        let json = to_json(&highlight(Lang::Hcl, "a = \"</span>\""));
        let back: Vec<(String, String)> = serde_json::from_str(&json).unwrap();
        assert_eq!(back.iter().map(|(_, t)| t.as_str()).collect::<String>(), "a = \"</span>\"");
        assert_eq!(back[0].0, "hl-a");
    }

    #[test]
    fn big_files_are_plain() {
        let big = "a = 1\n".repeat(MAX_HIGHLIGHT_BYTES / 6 + 10);
        let s = highlight(Lang::Hcl, &big);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].0, Kind::Plain);
    }

    #[test]
    fn the_op_reads_path_and_text() {
        let d = crate::templates::reference();
        let reply = super::super::run("highlight", &d, &serde_json::json!({"path": "x.tf", "text": "a = 1"}));
        assert_eq!(reply, Ok(Reply::Text(r#"[["hl-a","a"],[""," = "],["hl-n","1"]]"#.into())));
        assert!(run(&d, &serde_json::json!({"path": "x.tf"})).is_err_and(|e| e.contains("text")));
        // Without a path the text is plain.
        assert_eq!(run(&d, &serde_json::json!({"text": "a = 1"})), Ok(Reply::Text(r#"[["","a = 1"]]"#.into())));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn any_text_round_trips(text in "[ -~\\n\\té€😀<>\"'`$#{}]{0,200}") {
            for lang in ALL {
                prop_assert_eq!(joined(&highlight(lang, &text)), text.clone());
            }
        }
    }
}
