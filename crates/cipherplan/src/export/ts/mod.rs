//! A small TypeScript syntax tree and printer, shared by the AWS CDK and Pulumi exporters.
//!
//! There is no Rust library for emitting TypeScript, and `format!` templates make it far too
//! easy to let a label a user typed become code. So generated programs are built as trees of
//! [`Expr`] and [`Stmt`] and printed here, and the tree is shaped so that text from a design
//! can only ever reach the output in three escaped forms:
//!
//! - **string literals** ([`Expr::Str`]), printed as JSON string literals (every `"`, `\`,
//!   control character, U+2028 and U+2029 escaped), which are valid TypeScript string literals
//!   whose value is exactly the input — a test parses them back with `serde_json`;
//! - **identifiers** ([`Ident::camel`], [`Ident::pascal`], built with [`names`]), which keep only ASCII letters and digits, never
//!   start with a digit and never equal a reserved word;
//! - **line comments** ([`Stmt::Comment`]), split at every JavaScript line terminator so a
//!   comment can never end early (and block comments, where `*/` would matter, are never used).
//!
//! Everything else in the tree is `&'static str`: code written in this crate's own source.
//! Numbers are printed from `i64` or finite `f64` only.
//!
//! Architecture invariant: exporters never build TypeScript text with `format!`; a runtime
//! `String` enters a program only through the three constructors above.

pub mod plan;

use super::names;
use std::fmt::Write as _;

/// A TypeScript identifier that is valid by construction.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident(String);

fn is_ascii_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

impl Ident {
    /// An identifier written in this crate's source (`cdk`, `Stack`, `addContainer`).
    ///
    /// # Panics
    /// In debug builds, when `name` is not a valid identifier (a bug in the exporter).
    #[must_use]
    pub fn new(name: &'static str) -> Self {
        debug_assert!(is_ascii_ident(name), "not an identifier: {name}");
        Ident(name.to_owned())
    }

    /// The words of `text` in camelCase (`"media & static"` → `mediaStatic`, via
    /// [`names::ts_ident`]), or `prefix` + the words when that would start with a digit, be a
    /// reserved word or be empty (`("bucket", "3rd")` → `bucket3rd`).
    ///
    /// # Panics
    /// In debug builds, when `prefix` is not a lower-case ASCII word.
    #[must_use]
    pub fn camel(prefix: &'static str, text: &str) -> Self {
        let has_words = !names::words(text).is_empty();
        let starts_with_letter = text
            .trim_start_matches(|c: char| !c.is_ascii_alphanumeric())
            .starts_with(|c: char| c.is_ascii_alphabetic());
        let bare = names::ts_ident(text, prefix);
        if has_words && starts_with_letter && !bare.ends_with('_') {
            return Ident(bare);
        }
        Self::prefixed(prefix, text)
    }

    /// Always `prefix` + the words of `text` in camelCase (`("bucket", "media")` → `bucketMedia`).
    ///
    /// # Panics
    /// In debug builds, when `prefix` is not a lower-case ASCII word.
    #[must_use]
    pub fn prefixed(prefix: &'static str, text: &str) -> Self {
        debug_assert!(prefix.starts_with(|c: char| c.is_ascii_lowercase()));
        debug_assert!(prefix.chars().all(|c| c.is_ascii_alphanumeric()));
        Ident(names::ts_ident(&format!("{prefix} {text}"), prefix))
    }

    /// The words of `text` in PascalCase (`"db-password"` → `DbPassword`, via
    /// [`names::ts_class`]), for construct ids and class names. Starts with a letter.
    #[must_use]
    pub fn pascal(text: &str, fallback: &str) -> Self {
        Ident(names::ts_class(text, fallback))
    }

    /// This identifier with a number appended (for de-duplication).
    #[must_use]
    pub fn numbered(&self, n: usize) -> Self {
        Ident(format!("{}{n}", self.0))
    }

    /// The identifier text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Ident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A property key of an object literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    /// A bare key (`storageEncrypted:`).
    Ident(Ident),
    /// A quoted key (`"rds.force_ssl":`), escaped like [`Expr::Str`].
    Str(String),
}

impl Key {
    /// A key written in this crate's source; printed bare when it is an identifier.
    #[must_use]
    pub fn of(name: &str) -> Self {
        // Reserved words are fine as property names (`type:`), only the shape matters.
        if is_ascii_ident(name) {
            Key::Ident(Ident(name.to_owned()))
        } else {
            Key::Str(name.to_owned())
        }
    }
}

/// A TypeScript expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A string literal; any text, escaped on printing.
    Str(String),
    /// An integer literal.
    Int(i64),
    /// A number literal (printed as an integer when whole; non-finite numbers print as 0).
    Num(f64),
    /// `true` / `false`.
    Bool(bool),
    /// `undefined`.
    Undefined,
    /// An identifier.
    Ident(Ident),
    /// Code written in this crate's source, used verbatim (`cdk.RemovalPolicy.RETAIN`).
    Code(&'static str),
    /// `object.name`.
    Member(Box<Expr>, Ident),
    /// `callee(args)`.
    Call(Box<Expr>, Vec<Expr>),
    /// `new callee(args)`.
    New(Box<Expr>, Vec<Expr>),
    /// `{ key: value, ... }`.
    Object(Vec<(Key, Expr)>),
    /// `[a, b]`.
    Array(Vec<Expr>),
    /// `left op right` (op from this crate's source, e.g. `+`, `===`).
    Binary(Box<Expr>, &'static str, Box<Expr>),
    /// `(params) => body`.
    Arrow(Vec<Ident>, Box<Expr>),
    /// `(params) => { body }`.
    ArrowBlock(Vec<Ident>, Vec<Stmt>),
    /// `async () => { body }`.
    AsyncBlock(Vec<Stmt>),
    /// `await expr`.
    Await(Box<Expr>),
    /// `expr as Type` (type from this crate's source).
    As(Box<Expr>, &'static str),
    /// `expr!` (non-null assertion).
    NonNull(Box<Expr>),
}

impl From<&str> for Expr {
    fn from(s: &str) -> Self {
        Expr::Str(s.to_owned())
    }
}
impl From<String> for Expr {
    fn from(s: String) -> Self {
        Expr::Str(s)
    }
}
impl From<bool> for Expr {
    fn from(b: bool) -> Self {
        Expr::Bool(b)
    }
}
impl From<i64> for Expr {
    fn from(i: i64) -> Self {
        Expr::Int(i)
    }
}
impl From<Ident> for Expr {
    fn from(i: Ident) -> Self {
        Expr::Ident(i)
    }
}
impl From<&Ident> for Expr {
    fn from(i: &Ident) -> Self {
        Expr::Ident(i.clone())
    }
}

/// Trusted code: `code("ecs.Protocol.TCP")`.
#[must_use]
pub fn code(c: &'static str) -> Expr {
    Expr::Code(c)
}

/// `new Callee(args)` where `Callee` is trusted code.
#[must_use]
pub fn new(callee: &'static str, args: Vec<Expr>) -> Expr {
    Expr::New(Box::new(Expr::Code(callee)), args)
}

/// `callee(args)` where `callee` is trusted code.
#[must_use]
pub fn call(callee: &'static str, args: Vec<Expr>) -> Expr {
    Expr::Call(Box::new(Expr::Code(callee)), args)
}

/// An object literal from `(key, value)` pairs.
#[must_use]
pub fn obj<K: AsRef<str>>(pairs: Vec<(K, Expr)>) -> Expr {
    Expr::Object(pairs.into_iter().map(|(k, v)| (Key::of(k.as_ref()), v)).collect())
}

/// A string literal.
#[must_use]
pub fn s(text: impl Into<String>) -> Expr {
    Expr::Str(text.into())
}

impl Expr {
    /// `self.name`.
    #[must_use]
    pub fn dot(self, name: &'static str) -> Expr {
        Expr::Member(Box::new(self), Ident::new(name))
    }

    /// `self.name(args)`.
    #[must_use]
    pub fn method(self, name: &'static str, args: Vec<Expr>) -> Expr {
        Expr::Call(Box::new(self.dot(name)), args)
    }

    /// `self(args)`.
    #[must_use]
    pub fn call(self, args: Vec<Expr>) -> Expr {
        Expr::Call(Box::new(self), args)
    }

    /// `self as Type`.
    #[must_use]
    pub fn cast(self, ty: &'static str) -> Expr {
        Expr::As(Box::new(self), ty)
    }

    /// `left op right`.
    #[must_use]
    pub fn op(self, op: &'static str, right: Expr) -> Expr {
        Expr::Binary(Box::new(self), op, Box::new(right))
    }
}

/// A TypeScript statement or declaration.
#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// `// text` — one comment line per line of `text`, whatever line terminators it holds.
    Comment(String),
    /// An empty line.
    Blank,
    /// `import * as name from "module";`
    ImportAll(&'static str, &'static str),
    /// `import { a, b } from "module";`
    ImportNames(Vec<Ident>, String),
    /// `const name = value;` or `export const name = value;`.
    Const {
        /// `export const` instead of `const`.
        export: bool,
        /// The name.
        name: Ident,
        /// The value.
        value: Expr,
    },
    /// `expr;`
    Expr(Expr),
    /// `return expr;`
    Return(Expr),
    /// Lines of code written in this crate's source, indented to the current level.
    Verbatim(&'static str),
    /// A block with a trusted head and tail: `head {` body `}tail`.
    Block {
        /// Code before the brace (`export class X extends cdk.Stack`).
        head: Vec<Piece>,
        /// The body, indented.
        body: Vec<Stmt>,
        /// Code after the closing brace (`)`, `);`), usually empty.
        tail: &'static str,
    },
}

/// A piece of a block head: trusted code or an identifier.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Code from this crate's source.
    Code(&'static str),
    /// An identifier.
    Ident(Ident),
    /// An expression.
    Expr(Expr),
}

/// `const name = value;`
#[must_use]
pub fn constant(name: Ident, value: Expr) -> Stmt {
    Stmt::Const { export: false, name, value }
}

/// `// text`
#[must_use]
pub fn comment(text: impl Into<String>) -> Stmt {
    Stmt::Comment(text.into())
}

/// A TypeScript source file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Module {
    /// Top-level statements, in order.
    pub body: Vec<Stmt>,
}

impl Module {
    /// Appends a statement.
    pub fn push(&mut self, stmt: Stmt) {
        self.body.push(stmt);
    }

    /// The source text (ends with a newline).
    #[must_use]
    pub fn print(&self) -> String {
        let mut p = Printer::default();
        p.stmts(&self.body, 0);
        p.out
    }
}

/// Lines longer than this are broken up (objects, arrays and argument lists go multi-line).
const WIDTH: usize = 110;

#[derive(Default)]
struct Printer {
    out: String,
}

fn indent(level: usize) -> String {
    "  ".repeat(level)
}

/// A string as a TypeScript string literal ([`names::ts_string`]): the JSON encoding, plus
/// U+2028 / U+2029 (JSON allows them raw; older JavaScript engines end a line at them) and `<`
/// escaped.
#[must_use]
pub fn string_literal(text: &str) -> String {
    names::ts_string(text)
}

/// JavaScript line terminators (ECMA-262 LineTerminator), where a `//` comment ends.
fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// The lines of a comment: split at every line terminator, other control characters dropped.
#[must_use]
pub fn comment_lines(text: &str) -> Vec<String> {
    text.split(is_line_terminator)
        .map(|line| line.chars().filter(|c| !c.is_control()).collect::<String>().trim_end().to_owned())
        .collect()
}

fn number(n: f64) -> String {
    if !n.is_finite() {
        return "0".into();
    }
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        #[allow(clippy::cast_possible_truncation)] // whole and in range, checked above
        return format!("{}", n as i64);
    }
    format!("{n}")
}

impl Printer {
    fn stmts(&mut self, stmts: &[Stmt], level: usize) {
        for st in stmts {
            self.stmt(st, level);
        }
    }

    fn line(&mut self, level: usize, text: &str) {
        if text.is_empty() {
            self.out.push('\n');
        } else {
            let _ = writeln!(self.out, "{}{text}", indent(level));
        }
    }

    fn stmt(&mut self, st: &Stmt, level: usize) {
        match st {
            Stmt::Comment(text) => {
                for l in comment_lines(text) {
                    if l.is_empty() {
                        self.line(level, "//");
                    } else {
                        self.line(level, &format!("// {l}"));
                    }
                }
            }
            Stmt::Blank => self.out.push('\n'),
            Stmt::Verbatim(text) => {
                for l in text.lines() {
                    self.line(level, l);
                }
            }
            Stmt::ImportAll(name, module) => {
                self.line(level, &format!("import * as {name} from {};", string_literal(module)));
            }
            Stmt::ImportNames(names, module) => {
                let names: Vec<&str> = names.iter().map(Ident::as_str).collect();
                self.line(level, &format!("import {{ {} }} from {};", names.join(", "), string_literal(module)));
            }
            Stmt::Const { export, name, value } => {
                let kw = if *export { "export const" } else { "const" };
                let head = format!("{kw} {name} = ");
                let v = expr(value, level, head.len() + level * 2);
                self.line(level, &format!("{head}{v};"));
            }
            Stmt::Expr(e) => {
                let v = expr(e, level, level * 2);
                self.line(level, &format!("{v};"));
            }
            Stmt::Return(e) => {
                let v = expr(e, level, level * 2 + 7);
                self.line(level, &format!("return {v};"));
            }
            Stmt::Block { head, body, tail } => {
                let mut h = String::new();
                for piece in head {
                    match piece {
                        Piece::Code(c) => h.push_str(c),
                        Piece::Ident(i) => h.push_str(i.as_str()),
                        Piece::Expr(e) => h.push_str(&expr(e, level, level * 2 + h.len())),
                    }
                }
                self.line(level, &format!("{h} {{"));
                self.stmts(body, level + 1);
                self.line(level, &format!("}}{tail}"));
            }
        }
    }
}

/// Prints an expression at indentation `level`, starting at column `col`.
fn expr(e: &Expr, level: usize, col: usize) -> String {
    // The flat form is built only up to the room left on the line: building it in full at every
    // nesting level made printing a large program quadratic.
    let mut f = String::new();
    if col <= WIDTH && flat_to(e, &mut f, WIDTH - col) {
        return f;
    }
    broken(e, level, col)
}

/// The one-line form, or `None` when the expression holds a block.
fn flat(e: &Expr) -> Option<String> {
    let mut out = String::new();
    flat_to(e, &mut out, usize::MAX).then_some(out)
}

/// Appends the one-line form to `out`; `false` (with `out` partly written) when the expression
/// holds a block or `out` grows beyond `limit` bytes.
fn flat_to(e: &Expr, out: &mut String, limit: usize) -> bool {
    let ok = match e {
        Expr::Str(s) => {
            out.push_str(&string_literal(s));
            true
        }
        Expr::Int(i) => write!(out, "{i}").is_ok(),
        Expr::Num(n) => {
            out.push_str(&number(*n));
            true
        }
        Expr::Bool(b) => write!(out, "{b}").is_ok(),
        Expr::Undefined => {
            out.push_str("undefined");
            true
        }
        Expr::Ident(i) => {
            out.push_str(&i.0);
            true
        }
        Expr::Code(c) => {
            out.push_str(c);
            true
        }
        Expr::Member(o, name) => flat_to(o, out, limit) && write!(out, ".{name}").is_ok(),
        Expr::Call(c, args) => {
            flat_to(c, out, limit)
                && {
                    out.push('(');
                    flat_list_to(args, out, limit)
                }
                && {
                    out.push(')');
                    true
                }
        }
        Expr::New(c, args) => {
            out.push_str("new ");
            flat_to(c, out, limit)
                && {
                    out.push('(');
                    flat_list_to(args, out, limit)
                }
                && {
                    out.push(')');
                    true
                }
        }
        Expr::Object(pairs) if pairs.is_empty() => {
            out.push_str("{}");
            true
        }
        Expr::Object(pairs) => {
            out.push_str("{ ");
            for (i, (k, v)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&key(k));
                out.push_str(": ");
                if !flat_to(v, out, limit) {
                    return false;
                }
            }
            out.push_str(" }");
            true
        }
        Expr::Array(items) => {
            out.push('[');
            flat_list_to(items, out, limit) && {
                out.push(']');
                true
            }
        }
        Expr::Binary(l, op, r) => flat_to(l, out, limit) && write!(out, " {op} ").is_ok() && flat_to(r, out, limit),
        Expr::Arrow(params, body) => {
            out.push('(');
            out.push_str(&params_list(params));
            out.push_str(") => ");
            let object = matches!(**body, Expr::Object(_));
            if object {
                out.push('(');
            }
            flat_to(body, out, limit) && {
                if object {
                    out.push(')');
                }
                true
            }
        }
        Expr::ArrowBlock(..) | Expr::AsyncBlock(..) => false,
        Expr::Await(x) => {
            out.push_str("await ");
            flat_to(x, out, limit)
        }
        Expr::As(x, ty) => {
            out.push('(');
            flat_to(x, out, limit) && write!(out, " as {ty})").is_ok()
        }
        Expr::NonNull(x) => {
            flat_to(x, out, limit) && {
                out.push('!');
                true
            }
        }
    };
    ok && out.len() <= limit
}

/// Appends a comma-separated one-line list (see [`flat_to`]).
fn flat_list_to(items: &[Expr], out: &mut String, limit: usize) -> bool {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if !flat_to(item, out, limit) {
            return false;
        }
    }
    true
}

fn params_list(params: &[Ident]) -> String {
    params.iter().map(Ident::as_str).collect::<Vec<_>>().join(", ")
}

fn flat_list(items: &[Expr]) -> Option<String> {
    let mut out = String::new();
    flat_list_to(items, &mut out, usize::MAX).then_some(out)
}

fn key(k: &Key) -> String {
    match k {
        Key::Ident(i) => i.0.clone(),
        Key::Str(s) => string_literal(s),
    }
}

/// The multi-line form: objects, arrays and argument lists one item per line.
fn broken(e: &Expr, level: usize, col: usize) -> String {
    let inner = indent(level + 1);
    let close = indent(level);
    match e {
        Expr::Object(pairs) if !pairs.is_empty() => {
            let mut out = String::from("{\n");
            for (k, v) in pairs {
                let k = key(k);
                let v = expr(v, level + 1, (level + 1) * 2 + k.len() + 2);
                let _ = writeln!(out, "{inner}{k}: {v},");
            }
            out.push_str(&close);
            out.push('}');
            out
        }
        Expr::Array(items) if !items.is_empty() => {
            let mut out = String::from("[\n");
            for v in items {
                let v = expr(v, level + 1, (level + 1) * 2);
                let _ = writeln!(out, "{inner}{v},");
            }
            out.push_str(&close);
            out.push(']');
            out
        }
        Expr::Call(c, args) | Expr::New(c, args) => {
            let prefix = if matches!(e, Expr::New(..)) { "new " } else { "" };
            let callee = expr(c, level, col + prefix.len());
            format!("{prefix}{callee}({})", broken_args(args, level, col))
        }
        Expr::Member(o, name) => format!("{}.{name}", expr(o, level, col)),
        Expr::Binary(l, op, r) => {
            let left = expr(l, level, col);
            format!("{left} {op} {}", expr(r, level, col + left.len() + op.len() + 2))
        }
        Expr::Arrow(params, body) => {
            let head = format!("({}) => ", params_list(params));
            let b = expr(body, level, col + head.len());
            if matches!(**body, Expr::Object(_)) {
                format!("{head}({b})")
            } else {
                format!("{head}{b}")
            }
        }
        Expr::ArrowBlock(params, body) => block(&format!("({}) =>", params_list(params)), body, level),
        Expr::AsyncBlock(body) => block("async () =>", body, level),
        Expr::Await(x) => format!("await {}", expr(x, level, col + 6)),
        Expr::As(x, ty) => format!("({} as {ty})", expr(x, level, col + 1)),
        Expr::NonNull(x) => format!("{}!", expr(x, level, col)),
        other => flat(other).unwrap_or_default(),
    }
}

fn block(head: &str, body: &[Stmt], level: usize) -> String {
    let mut p = Printer::default();
    p.stmts(body, level + 1);
    format!("{head} {{\n{}{}}}", p.out, indent(level))
}

/// Arguments: a single trailing object or function stays on the call line (`f(a, {` ... `})`),
/// otherwise one argument per line.
fn broken_args(args: &[Expr], level: usize, col: usize) -> String {
    if args.is_empty() {
        return String::new();
    }
    let (last, init) = args.split_last().unwrap_or((&args[0], &[]));
    let init_flat = flat_list(init);
    let last_is_block = matches!(last, Expr::Object(_) | Expr::ArrowBlock(..) | Expr::AsyncBlock(..) | Expr::Arrow(..));
    if let (true, Some(init)) = (last_is_block, init_flat) {
        let sep = if init.is_empty() { "" } else { ", " };
        let start = col + init.len() + sep.len();
        if start <= WIDTH {
            return format!("{init}{sep}{}", broken(last, level, start));
        }
    }
    let inner = indent(level + 1);
    let mut out = String::from("\n");
    for a in args {
        let _ = writeln!(out, "{inner}{},", expr(a, level + 1, (level + 1) * 2));
    }
    out.push_str(&indent(level));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &[&str] = &[
        "\"; process.exit(1); //",
        "${process.env.HOME}",
        "line\nbreak\r\nand\u{2028}ls\u{2029}ps",
        "*/ import * as fs from 'fs'; /*",
        "`backtick` ${x}",
        "\\\"escaped\\",
        "\u{0}\u{1f}\u{7f}",
        "ünïcödé 名前 🎉",
        "constructor",
        "__proto__",
        "123abc",
        "",
    ];

    #[test]
    fn string_literals_round_trip_as_json_and_have_no_raw_line_terminators() {
        for text in HOSTILE {
            let lit = string_literal(text);
            assert_eq!(serde_json::from_str::<String>(&lit).unwrap(), *text);
            assert!(!lit.contains(is_line_terminator), "{lit}");
            assert!(lit.starts_with('"') && lit.ends_with('"'));
        }
    }

    #[test]
    fn identifiers_are_always_valid() {
        for text in HOSTILE {
            for id in [Ident::camel("node", text), Ident::prefixed("node", text)] {
                assert!(is_ascii_ident(id.as_str()), "{text:?} -> {id}");
                assert!(!names::is_ts_reserved(id.as_str()), "{text:?} -> {id}");
            }
            // PascalCase names start upper-case, so no lower-case keyword can come out.
            let class = Ident::pascal(text, "N");
            assert!(is_ascii_ident(class.as_str()), "{text:?} -> {class}");
            assert!(class.as_str().starts_with(|c: char| c.is_ascii_uppercase()), "{text:?} -> {class}");
        }
        assert_eq!(Ident::camel("bucket", "media & static").as_str(), "mediaStatic");
        assert_eq!(Ident::camel("bucket", "3rd").as_str(), "bucket3rd");
        assert_eq!(Ident::camel("node", "class").as_str(), "nodeClass");
        assert_eq!(Ident::prefixed("bucket", "media").as_str(), "bucketMedia");
        assert_eq!(Ident::pascal("db-password", "N").as_str(), "DbPassword");
        assert_eq!(Ident::pascal("key data", "N").as_str(), "KeyData");
    }

    #[test]
    fn comments_never_end_early() {
        let mut m = Module::default();
        for text in HOSTILE {
            m.push(comment(*text));
        }
        for line in m.print().lines() {
            assert!(line.starts_with("//"), "{line:?}");
        }
        assert!(!m.print().contains(['\r', '\u{2028}', '\u{2029}']));
    }

    #[test]
    fn prints_short_objects_flat_and_long_ones_broken() {
        let mut m = Module::default();
        m.push(Stmt::ImportAll("cdk", "aws-cdk-lib"));
        m.push(constant(Ident::new("x"), obj(vec![("a", Expr::Int(1)), ("rds.force_ssl", s("1"))])));
        let long = obj((0..8).map(|i| (format!("key{i}"), s("a fairly long value here"))).collect());
        m.push(Stmt::Expr(new("cdk.Thing", vec![Expr::Code("this"), s("Id"), long])));
        let text = m.print();
        assert!(text.contains("const x = { a: 1, \"rds.force_ssl\": \"1\" };"), "{text}");
        assert!(text.contains("new cdk.Thing(this, \"Id\", {\n  key0: \"a fairly long value here\",\n"), "{text}");
        assert!(text.ends_with("});\n"), "{text}");
    }

    #[test]
    fn numbers_are_plain() {
        assert_eq!(number(2.0), "2");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(f64::NAN), "0");
    }
}
