//! Small helpers over hcl-rs so generator code reads like the Terraform it builds.
//!
//! Every value that can carry user text goes in as an `Expression::String` (hcl-rs escapes
//! quotes, control characters and the `${` / `%{` template markers); every name that becomes
//! part of an address comes from [`crate::export::names::tf_ident`], so traversals can only
//! ever hold plain ASCII identifiers.

use hcl::expr::{
    BinaryOp, BinaryOperator, Conditional, FuncCall, Object, ObjectKey, Traversal, TraversalOperator, Variable,
};
use hcl::{Block, Body, Expression, Identifier, Structure};

/// A block under construction (`resource`, `data`, `variable`, or a nested block).
#[derive(Debug, Clone)]
pub(crate) struct Blk {
    ident: &'static str,
    labels: Vec<String>,
    items: Vec<Structure>,
}

impl Blk {
    /// A nested block (`ingress`, `rule`, `configuration`, ...).
    pub(crate) fn new(ident: &'static str) -> Self {
        Blk { ident, labels: Vec::new(), items: Vec::new() }
    }

    /// `resource "TYPE" "NAME"`.
    pub(crate) fn resource(rtype: &str, name: &str) -> Self {
        Blk { ident: "resource", labels: vec![rtype.to_owned(), name.to_owned()], items: Vec::new() }
    }

    /// `data "TYPE" "NAME"`.
    pub(crate) fn data(rtype: &str, name: &str) -> Self {
        Blk { ident: "data", labels: vec![rtype.to_owned(), name.to_owned()], items: Vec::new() }
    }

    /// A block with one label (`variable "x"`, `output "x"`, `provider "aws"`).
    pub(crate) fn labelled(ident: &'static str, label: &str) -> Self {
        Blk { ident, labels: vec![label.to_owned()], items: Vec::new() }
    }

    /// Adds an attribute.
    pub(crate) fn a(mut self, key: &str, value: impl Into<Expression>) -> Self {
        self.items.push(Structure::Attribute(hcl::Attribute::new(Identifier::unchecked(key), value.into())));
        self
    }

    /// Adds an attribute when `cond` holds.
    pub(crate) fn a_if(self, cond: bool, key: &str, value: impl Into<Expression>) -> Self {
        if cond {
            self.a(key, value)
        } else {
            self
        }
    }

    /// Adds an attribute when the value is `Some`.
    pub(crate) fn a_opt(self, key: &str, value: Option<impl Into<Expression>>) -> Self {
        match value {
            Some(v) => self.a(key, v),
            None => self,
        }
    }

    /// Adds a nested block.
    pub(crate) fn b(mut self, block: Blk) -> Self {
        self.items.push(Structure::Block(block.build()));
        self
    }

    /// Adds a nested block when `cond` holds.
    pub(crate) fn b_if(self, cond: bool, block: impl FnOnce() -> Blk) -> Self {
        if cond {
            self.b(block())
        } else {
            self
        }
    }

    /// Adds several nested blocks.
    pub(crate) fn bs(mut self, blocks: impl IntoIterator<Item = Blk>) -> Self {
        for b in blocks {
            self.items.push(Structure::Block(b.build()));
        }
        self
    }

    /// Whether this is `resource "RTYPE" ...`.
    pub(crate) fn is_resource(&self, rtype: &str) -> bool {
        self.ident == "resource" && self.labels.first().is_some_and(|l| l == rtype)
    }

    /// Whether this is a `resource` block.
    pub(crate) fn is_any_resource(&self) -> bool {
        self.ident == "resource"
    }

    /// The finished block.
    pub(crate) fn build(self) -> Block {
        Block::builder(self.ident).add_labels(self.labels).add_structures(self.items).build()
    }
}

/// A body of top-level blocks.
pub(crate) fn body(blocks: Vec<Blk>) -> Body {
    Body::builder().add_blocks(blocks.into_iter().map(Blk::build)).build()
}

/// A reference `root.a.b.c` (resource attributes, `var.x`, `local.x`, `data.t.n.attr`).
/// Every part must be an identifier (constants or [`crate::export::names::tf_ident`] output).
pub(crate) fn r(parts: &[&str]) -> Expression {
    debug_assert!(parts.iter().all(|p| Identifier::new(*p).is_ok()), "not identifiers: {parts:?}");
    let mut t = Traversal::builder(Variable::unchecked(parts[0]));
    for p in &parts[1..] {
        t = t.attr(Identifier::unchecked(*p));
    }
    t.build().into()
}

/// `var.NAME`.
pub(crate) fn var(name: &str) -> Expression {
    r(&["var", name])
}

/// `local.NAME`.
pub(crate) fn local(name: &str) -> Expression {
    r(&["local", name])
}

/// `TYPE.NAME[*].ATTR` (every element of a counted resource).
pub(crate) fn splat(rtype: &str, name: &str, attr: &str) -> Expression {
    Traversal::new(
        Variable::unchecked(rtype),
        [
            TraversalOperator::GetAttr(Identifier::unchecked(name)),
            TraversalOperator::FullSplat,
            TraversalOperator::GetAttr(Identifier::unchecked(attr)),
        ],
    )
    .into()
}

/// `TYPE.NAME[INDEX].ATTR`.
pub(crate) fn at(rtype: &str, name: &str, index: impl Into<Expression>, attr: &str) -> Expression {
    Traversal::new(
        Variable::unchecked(rtype),
        [
            TraversalOperator::GetAttr(Identifier::unchecked(name)),
            TraversalOperator::Index(index.into()),
            TraversalOperator::GetAttr(Identifier::unchecked(attr)),
        ],
    )
    .into()
}

/// `EXPR[INDEX]`.
pub(crate) fn index(expr: Expression, i: impl Into<Expression>) -> Expression {
    Traversal::new(expr, [TraversalOperator::Index(i.into())]).into()
}

/// A function call `NAME(ARGS...)`.
pub(crate) fn func(name: &str, args: Vec<Expression>) -> Expression {
    let mut f = FuncCall::builder(Identifier::unchecked(name));
    for a in args {
        f = f.arg(a);
    }
    f.build().into()
}

/// `format(FMT, ARGS...)`: strings assembled from references. `fmt` is a constant of the
/// generator (its `%s` verbs are the only directives); user text only ever goes in `args`.
pub(crate) fn format(fmt: &'static str, args: Vec<Expression>) -> Expression {
    let mut all = vec![Expression::from(fmt)];
    all.extend(args);
    func("format", all)
}

/// `COND ? A : B`.
pub(crate) fn cond(c: Expression, a: impl Into<Expression>, b: impl Into<Expression>) -> Expression {
    Conditional::new(c, a, b).into()
}

/// `A == B`.
pub(crate) fn eq(a: Expression, b: impl Into<Expression>) -> Expression {
    BinaryOp::new(a, BinaryOperator::Eq, b).into()
}

/// An object; keys that are identifiers are written bare, others quoted (and escaped).
pub(crate) fn obj<K: AsRef<str>>(pairs: impl IntoIterator<Item = (K, Expression)>) -> Expression {
    let o: Object<ObjectKey, Expression> = pairs
        .into_iter()
        .map(|(k, v)| {
            let k = k.as_ref();
            let key = match Identifier::new(k) {
                Ok(id) if k.is_ascii() => ObjectKey::Identifier(id),
                _ => ObjectKey::Expression(Expression::String(k.to_owned())),
            };
            (key, v)
        })
        .collect();
    Expression::Object(o)
}

/// A list.
pub(crate) fn list(items: impl IntoIterator<Item = Expression>) -> Expression {
    Expression::Array(items.into_iter().collect())
}

/// A list of strings.
pub(crate) fn strs<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Expression {
    Expression::Array(items.into_iter().map(|s| Expression::String(s.as_ref().to_owned())).collect())
}

/// A string (for text the user typed: hcl-rs escapes it).
pub(crate) fn s(text: impl Into<String>) -> Expression {
    Expression::String(text.into())
}

/// The file text of a body: `header` comment lines (each made safe with
/// [`crate::export::names::comment`], so no text can end the comment) then the HCL.
pub(crate) fn render(header: &[String], body: &Body) -> String {
    let mut out = String::new();
    for line in header {
        let line = crate::export::names::comment(line, 400);
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str("# ");
            out.push_str(&line);
            out.push('\n');
        }
    }
    if !header.is_empty() {
        out.push('\n');
    }
    // Formatting a body built from valid identifiers and expressions cannot fail.
    out.push_str(&hcl::format::to_string(body).unwrap_or_default());
    out
}
