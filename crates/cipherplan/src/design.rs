//! The design document: what a `.cipherplan.json` file holds and what the canvas edits.
//!
//! A [`Design`] is plain data. It is built by the loader ([`crate::load`](mod@crate::load)), by templates, or
//! by the browser, and changed only through [`Patch`]es, so every edit can be undone and
//! every autofix is a reviewable list of changes.

use crate::catalog::{EdgeKind, NodeKind};
use crate::value::Value;
use serde::Serialize;
use std::collections::BTreeMap;

/// The format tag every design file carries.
pub const FORMAT: &str = "cipherplan/1";

/// Design-wide settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    /// Strict mode: also ask for TLS on loopback hops inside a task (gunicorn behind nginx).
    pub strict: bool,
    /// AWS region for prices and generated code.
    pub region: String,
}

impl std::default::Default for Settings {
    fn default() -> Self {
        Settings { strict: false, region: "us-east-1".into() }
    }
}

/// A whole design: components, their relations and where they are drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Design {
    /// Always [`FORMAT`].
    pub format: String,
    /// Short name (also the base of generated resource names).
    pub name: String,
    /// Free text.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Design-wide settings.
    pub settings: Settings,
    /// Components, in file order.
    pub nodes: Vec<Node>,
    /// Flows and relations, in file order.
    pub edges: Vec<Edge>,
}

/// One component on the canvas.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// Unique id (unique across nodes and edges).
    pub id: String,
    /// What it is.
    pub kind: NodeKind,
    /// Label shown on the canvas (any text).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The boundary box it sits in (VPC, subnet, ECS service for containers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Canvas position of the top-left corner.
    pub x: f64,
    /// Canvas position of the top-left corner.
    pub y: f64,
    /// Width of a box (boundaries and services); `None` uses the kind's default size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub w: Option<f64>,
    /// Height of a box; `None` uses the kind's default size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub h: Option<f64>,
    /// Properties that differ from (or restate) the catalog default.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub props: BTreeMap<String, Value>,
}

/// One edge: a network flow or a relation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// Unique id (unique across nodes and edges).
    pub id: String,
    /// What it means.
    pub kind: EdgeKind,
    /// Source node id (the initiating side of a flow).
    pub from: String,
    /// Target node id.
    pub to: String,
    /// Label shown on the canvas.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// Properties that differ from (or restate) the catalog default.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub props: BTreeMap<String, Value>,
}

/// Reads a property with the catalog default as fallback (the catalog is only searched when
/// the design does not set the property).
fn lookup<'a>(
    props: &'a BTreeMap<String, Value>,
    spec: impl FnOnce() -> Option<&'static crate::catalog::PropSpec>,
    owner: &str,
    name: &str,
) -> PropRef<'a> {
    if let Some(v) = find(props, name) {
        return PropRef::Set(v);
    }
    match spec() {
        Some(spec) => PropRef::Default(spec.default),
        None => {
            debug_assert!(false, "{owner} has no property `{name}` in the catalog");
            PropRef::Missing
        }
    }
}

/// `props.get(name)`, faster for the small maps designs have: the ordered search calls
/// `memcmp` for every key it passes, while names mostly differ in length or first byte.
fn find<'a>(props: &'a BTreeMap<String, Value>, name: &str) -> Option<&'a Value> {
    if props.len() > 12 {
        return props.get(name);
    }
    let (len, first) = (name.len(), name.as_bytes().first());
    props.iter().find(|(k, _)| k.len() == len && k.as_bytes().first() == first && k.as_str() == name).map(|(_, v)| v)
}

enum PropRef<'a> {
    Set(&'a Value),
    Default(crate::catalog::Default),
    Missing,
}

impl<'a> PropRef<'a> {
    fn value(&self) -> Option<Value> {
        match self {
            PropRef::Set(v) => Some((*v).clone()),
            PropRef::Default(d) => Some(d.value()),
            PropRef::Missing => None,
        }
    }
    fn bool(&self) -> bool {
        match self {
            PropRef::Set(v) => v.as_bool().unwrap_or(false),
            PropRef::Default(crate::catalog::Default::Bool(b)) => *b,
            _ => false,
        }
    }
    fn text(self) -> &'a str {
        match self {
            PropRef::Set(Value::Text(s)) => s,
            PropRef::Default(crate::catalog::Default::Text(s)) => s,
            _ => "",
        }
    }
    fn num(&self) -> f64 {
        match self {
            PropRef::Set(v) => v.as_f64().unwrap_or(0.0),
            PropRef::Default(d) => d.value().as_f64().unwrap_or(0.0),
            PropRef::Missing => 0.0,
        }
    }
}

/// Typed property access shared by nodes and edges; unset properties read the catalog default.
macro_rules! prop_access {
    ($ty:ty, $spec:expr) => {
        impl $ty {
            fn prop_ref(&self, name: &str) -> PropRef<'_> {
                lookup(&self.props, || $spec(self).prop(name), &self.id, name)
            }
            /// The property's value (set or default); `None` if the kind has no such property.
            #[must_use]
            pub fn prop(&self, name: &str) -> Option<Value> {
                self.prop_ref(name).value()
            }
            /// A boolean property (set or default).
            #[must_use]
            pub fn bool(&self, name: &str) -> bool {
                self.prop_ref(name).bool()
            }
            /// A string or enum property (set or default).
            #[must_use]
            pub fn text(&self, name: &str) -> &str {
                self.prop_ref(name).text()
            }
            /// A numeric property (set or default) as `f64`.
            #[must_use]
            pub fn num(&self, name: &str) -> f64 {
                self.prop_ref(name).num()
            }
            /// A whole-number property (set or default).
            #[must_use]
            #[allow(clippy::cast_possible_truncation)] // catalog ranges keep numbers small
            pub fn int(&self, name: &str) -> i64 {
                self.prop_ref(name).num().round() as i64
            }
            /// Whether the property is set explicitly in the design.
            #[must_use]
            pub fn is_set(&self, name: &str) -> bool {
                self.props.contains_key(name)
            }
        }
    };
}

prop_access!(Node, |n: &Node| n.kind.spec());
prop_access!(Edge, |e: &Edge| e.kind.spec());

impl Node {
    /// A node of `kind` at the given position with default properties.
    #[must_use]
    pub fn new(id: impl Into<String>, kind: NodeKind, label: impl Into<String>, x: f64, y: f64) -> Self {
        Node { id: id.into(), kind, label: label.into(), parent: None, x, y, w: None, h: None, props: BTreeMap::new() }
    }

    /// The label, or the kind's title when the label is empty.
    #[must_use]
    pub fn display_name(&self) -> &str {
        if self.label.is_empty() {
            self.kind.spec().title
        } else {
            &self.label
        }
    }
}

impl Edge {
    /// An edge of `kind` from `from` to `to` with default properties.
    #[must_use]
    pub fn new(id: impl Into<String>, kind: EdgeKind, from: impl Into<String>, to: impl Into<String>) -> Self {
        Edge { id: id.into(), kind, from: from.into(), to: to.into(), label: String::new(), props: BTreeMap::new() }
    }
}

/// One reversible change to a design. Autofixes and canvas edits are lists of patches.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Patch {
    /// Set a node property.
    SetNodeProp {
        /// Node id.
        node: String,
        /// Property name.
        prop: String,
        /// New value.
        value: Value,
    },
    /// Set an edge property.
    SetEdgeProp {
        /// Edge id.
        edge: String,
        /// Property name.
        prop: String,
        /// New value.
        value: Value,
    },
    /// Add a node.
    AddNode {
        /// The node.
        node: Node,
    },
    /// Add an edge.
    AddEdge {
        /// The edge.
        edge: Edge,
    },
    /// Remove an edge.
    RemoveEdge {
        /// Edge id.
        edge: String,
    },
}

/// Why a patch could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchError(pub String);

impl std::fmt::Display for PatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PatchError {}

impl Design {
    /// The stem of the design's file names (`NAME.cipherplan.json`, `NAME-report.html`, the
    /// ZIP): the name with every character but ASCII letters, digits, `-` and `_` as `-`, the
    /// ends trimmed of `-`; `design` when nothing is left. The planner's Save and the worker's
    /// downloads both name files this way.
    #[must_use]
    pub fn file_stem(&self) -> String {
        let s: String = self
            .name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
            .collect();
        match s.trim_matches('-') {
            "" => "design".into(),
            stem => stem.to_owned(),
        }
    }

    /// An empty design named `name`.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        Design {
            format: FORMAT.into(),
            name: name.into(),
            description: String::new(),
            settings: Settings::default(),
            nodes: Vec::new(),
            edges: Vec::new(),
        }
    }

    /// The node with this id.
    #[must_use]
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The node with this id, mutably.
    pub fn node_mut(&mut self, id: &str) -> Option<&mut Node> {
        self.nodes.iter_mut().find(|n| n.id == id)
    }

    /// The edge with this id.
    #[must_use]
    pub fn edge(&self, id: &str) -> Option<&Edge> {
        self.edges.iter().find(|e| e.id == id)
    }

    /// The edge with this id, mutably.
    pub fn edge_mut(&mut self, id: &str) -> Option<&mut Edge> {
        self.edges.iter_mut().find(|e| e.id == id)
    }

    /// Whether any node or edge uses this id.
    #[must_use]
    pub fn has_id(&self, id: &str) -> bool {
        self.node(id).is_some() || self.edge(id).is_some()
    }

    /// `base` if unused, else `base-2`, `base-3`, ...
    #[must_use]
    pub fn fresh_id(&self, base: &str) -> String {
        if !self.has_id(base) {
            return base.to_owned();
        }
        (2..).map(|n| format!("{base}-{n}")).find(|id| !self.has_id(id)).unwrap_or_else(|| base.to_owned())
    }

    /// Applies one patch. On error the design is unchanged.
    ///
    /// # Errors
    /// When the patch names a missing node or edge, or adds an id that already exists.
    pub fn apply(&mut self, patch: &Patch) -> Result<(), PatchError> {
        match patch {
            Patch::SetNodeProp { node, prop, value } => {
                let n = self.node_mut(node).ok_or_else(|| PatchError(format!("no node `{node}`")))?;
                n.props.insert(prop.clone(), value.clone());
            }
            Patch::SetEdgeProp { edge, prop, value } => {
                let e = self.edge_mut(edge).ok_or_else(|| PatchError(format!("no edge `{edge}`")))?;
                e.props.insert(prop.clone(), value.clone());
            }
            Patch::AddNode { node } => {
                if self.has_id(&node.id) {
                    return Err(PatchError(format!("id `{}` already exists", node.id)));
                }
                self.nodes.push(node.clone());
            }
            Patch::AddEdge { edge } => {
                if self.has_id(&edge.id) {
                    return Err(PatchError(format!("id `{}` already exists", edge.id)));
                }
                if self.node(&edge.from).is_none() || self.node(&edge.to).is_none() {
                    return Err(PatchError(format!("edge `{}` joins a missing node", edge.id)));
                }
                self.edges.push(edge.clone());
            }
            Patch::RemoveEdge { edge } => {
                let before = self.edges.len();
                self.edges.retain(|e| &e.id != edge);
                if self.edges.len() == before {
                    return Err(PatchError(format!("no edge `{edge}`")));
                }
            }
        }
        Ok(())
    }

    /// Applies patches in order; on error the design is left as it was before the first one.
    ///
    /// # Errors
    /// The first patch that fails.
    pub fn apply_all(&mut self, patches: &[Patch]) -> Result<(), PatchError> {
        let mut next = self.clone();
        for p in patches {
            next.apply(p)?;
        }
        *self = next;
        Ok(())
    }

    /// The design as pretty JSON (stable key order), the format [`crate::load::load`] reads.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::Design;

    #[test]
    fn file_stems_are_safe() {
        let stem = |name: &str| Design::new(name).file_stem();
        assert_eq!(stem("django-encrypted"), "django-encrypted");
        assert_eq!(stem("my app / prod"), "my-app---prod");
        assert_eq!(stem("///"), "design");
        assert_eq!(stem("été / prod"), "t----prod");
    }
}
