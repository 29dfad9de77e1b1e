//! Per-element signals fed from the editor's global state.
//!
//! Leptos keeps a signal's subscribers in an ordered set whose removal is linear, and every
//! re-run of a subscriber removes and re-adds it. A thousand node views all reading the
//! design signal therefore cost a million steps per edit (seconds at 1,000 nodes). So no
//! canvas element reads a global signal: one effect per concern reads the global state once
//! and publishes into per-id signals ("slots"), setting only those whose value changed; each
//! element reads its own slots. A drag frame or a selection click then touches the handful
//! of elements that actually change.

use crate::geometry::Curve;
use crate::state::{Editor, Scene};
use cipherplan::catalog::EdgeKind;
use cipherplan::finding::Severity;
use cipherplan::hop::Hop;
use cipherplan::rest::KeyHolder;
use cipherplan::Node;
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Per-id signals, created by the views that need them (reference counted: a node that
/// turns into a box is briefly drawn by two views). One map per element type keeps the
/// number of hash map instantiations, and with it the wasm, small.
pub struct Registry<S: Clone + Send + Sync + 'static> {
    map: StoredValue<HashMap<String, (S, usize)>>,
}

impl<S: Clone + Send + Sync + 'static> Clone for Registry<S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S: Clone + Send + Sync + 'static> Copy for Registry<S> {}

impl<S: Clone + Send + Sync + 'static> Registry<S> {
    /// No entries yet.
    #[must_use]
    pub fn new() -> Self {
        Registry { map: StoredValue::new(HashMap::new()) }
    }

    /// The signals of `id`, created with `init()` when new. Pair with [`Registry::release`].
    pub fn acquire(&self, id: &str, init: impl FnOnce() -> S) -> S {
        let existing = self.map.try_update_value(|m| {
            m.get_mut(id).map(|(s, n)| {
                *n += 1;
                s.clone()
            })
        });
        if let Some(Some(s)) = existing {
            return s;
        }
        let s = untrack(init);
        self.map.update_value(|m| {
            m.insert(id.to_owned(), (s.clone(), 1));
        });
        s
    }

    /// Drops one use of the signals of `id`.
    pub fn release(&self, id: &str) {
        self.map.try_update_value(|m| {
            if let Some((_, n)) = m.get_mut(id) {
                *n -= 1;
                if *n == 0 {
                    m.remove(id);
                }
            }
        });
    }

    /// Every entry, to publish into.
    fn entries(&self) -> Vec<(String, S)> {
        self.map.with_value(|m| m.iter().map(|(id, (s, _))| (id.clone(), s.clone())).collect())
    }
}

impl<S: Clone + Send + Sync + 'static> Default for Registry<S> {
    fn default() -> Self {
        Self::new()
    }
}

/// Sets `slot` to `value` when it differs.
fn put<T: PartialEq + Send + Sync + 'static>(slot: &ArcRwSignal<T>, value: T) {
    if slot.with_untracked(|old| *old != value) {
        slot.set(value);
    }
}

/// At-rest badge of a store: css class, short text, long text.
#[derive(Debug, Clone, PartialEq)]
pub struct RestBadge {
    /// `rest-cmk`, `rest-aws` or `rest-none`.
    pub class: &'static str,
    /// `CMK`, `AWS`, `none`.
    pub text: &'static str,
    /// The core's label (`CMK key-data`, ...).
    pub long: String,
}

/// What the verdicts say about one node.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NodeVerdict {
    /// At-rest badge, for stores.
    pub rest: Option<RestBadge>,
    /// Worst severity and number of findings.
    pub mark: Option<(Severity, usize)>,
    /// Loopback flows inside this task (ECS service boxes).
    pub loopbacks: usize,
}

/// Interaction state of one node.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // independent flags, each a CSS class
pub struct NodeFlags {
    /// Selected.
    pub selected: bool,
    /// Dimmed by the path view.
    pub dim: bool,
    /// Source of a keyboard connection in progress.
    pub source: bool,
    /// Under the connection rubber band: allowed or not.
    pub target: Option<bool>,
    /// The box a dragged component would land in.
    pub drop_target: bool,
    /// Being dragged (reads the drag offset).
    pub dragging: bool,
    /// Being resized (reads the live size).
    pub resizing: bool,
}

/// What the cost and security views add to a node (see [`crate::views`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NodeOverlay {
    /// Cost badge, while the badges are on and the component has cost lines.
    pub cost: Option<Arc<cipherplan::cost::overview::Badge>>,
    /// Class of its worst finding (`w-error` ... `w-ok`), while the security overlay is on.
    pub worst: Option<&'static str>,
}

/// What an edge joins.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeData {
    /// Source node id.
    pub from: String,
    /// Target node id.
    pub to: String,
    /// Kind.
    pub kind: EdgeKind,
    /// Display names of the two ends.
    pub names: (String, String),
}

/// Interaction state of one edge.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // independent flags, each a CSS class
pub struct EdgeFlags {
    /// Selected.
    pub selected: bool,
    /// Touches a selected node (relations show then).
    pub related: bool,
    /// Hidden (a relation while relations are hidden).
    pub hidden: bool,
    /// Path view: `None` off, `Some(None)` dimmed, `Some(Some(n))` hop number `n`.
    pub path: Option<Option<usize>>,
}

/// Where an edge and its label are drawn.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EdgeGeo {
    /// The curve.
    pub curve: Option<Curve>,
    /// Centre of the flow label.
    pub label: Option<(f64, f64)>,
}

/// The signals of one node view.
#[derive(Clone)]
pub struct NodeSignals {
    /// Node data from the design.
    pub node: ArcRwSignal<Option<Node>>,
    /// Verdicts about it.
    pub verdict: ArcRwSignal<NodeVerdict>,
    /// Interaction flags.
    pub flags: ArcRwSignal<NodeFlags>,
    /// Cost badge and security overlay.
    pub overlay: ArcRwSignal<NodeOverlay>,
}

/// The signals of one edge view.
#[derive(Clone)]
pub struct EdgeSignals {
    /// What it joins.
    pub data: ArcRwSignal<Option<EdgeData>>,
    /// Hop assessment (flows).
    pub hop: ArcRwSignal<Option<Hop>>,
    /// Interaction flags.
    pub flags: ArcRwSignal<EdgeFlags>,
    /// Geometry.
    pub geo: ArcRwSignal<EdgeGeo>,
    /// Class of the worst finding (`w-error` ... `w-ok`; `w-quiet` for relations), while the
    /// security overlay is on.
    pub overlay: ArcRwSignal<Option<&'static str>>,
}

/// Every per-element signal of the canvas.
#[derive(Clone, Copy)]
pub struct Fanout {
    /// Node views' signals.
    pub nodes: Registry<NodeSignals>,
    /// Edge views' signals.
    pub edges: Registry<EdgeSignals>,
}

impl Fanout {
    /// Empty registries.
    #[must_use]
    pub fn new() -> Self {
        Fanout { nodes: Registry::new(), edges: Registry::new() }
    }

    /// The signals of node `id` for a view; released when the view goes.
    pub fn node(&self, ed: Editor, id: &str) -> NodeSignals {
        let s = self.nodes.acquire(id, || NodeSignals {
            node: ArcRwSignal::new(node_now(ed, id)),
            verdict: ArcRwSignal::new(node_verdict_now(ed, id)),
            flags: ArcRwSignal::new(node_flags_now(ed, id)),
            overlay: ArcRwSignal::new(node_overlay_now(ed, id)),
        });
        let (reg, id) = (self.nodes, id.to_owned());
        on_cleanup(move || reg.release(&id));
        s
    }

    /// The signals of edge `id` for a view; released when the view goes.
    pub fn edge(&self, ed: Editor, id: &str) -> EdgeSignals {
        let s = self.edges.acquire(id, || EdgeSignals {
            data: ArcRwSignal::new(edge_now(ed, id)),
            hop: ArcRwSignal::new(hop_now(ed, id)),
            flags: ArcRwSignal::new(edge_flags_now(ed, id)),
            geo: ArcRwSignal::new(geo_now(ed, id)),
            overlay: ArcRwSignal::new(edge_overlay_now(ed, id)),
        });
        let (reg, id) = (self.edges, id.to_owned());
        on_cleanup(move || reg.release(&id));
        s
    }
}

impl Default for Fanout {
    fn default() -> Self {
        Self::new()
    }
}

/// The node's data now (reads the design and index, tracked when called tracked).
pub fn node_now(ed: Editor, id: &str) -> Option<Node> {
    let i = ed.index.with(|ix| ix.nodes.get(id).copied())?;
    ed.doc.with(|d| d.nodes.get(i).filter(|n| n.id == id).cloned())
}

/// The node's verdict now.
pub fn node_verdict_now(ed: Editor, id: &str) -> NodeVerdict {
    ed.verdicts.with(|v| NodeVerdict {
        rest: v.rest.get(id).map(|a| match a.key {
            KeyHolder::Customer(_) => RestBadge { class: "rest-cmk", text: "CMK", long: a.label.clone() },
            KeyHolder::AwsManaged | KeyHolder::AwsOwned => {
                RestBadge { class: "rest-aws", text: "AWS", long: a.label.clone() }
            }
            KeyHolder::None => RestBadge { class: "rest-none", text: "none", long: "not encrypted at rest".into() },
        }),
        mark: v.marks.get(id).copied(),
        loopbacks: v.loopbacks.get(id).copied().unwrap_or(0),
    })
}

/// The node's cost badge and overlay class now.
pub fn node_overlay_now(ed: Editor, id: &str) -> NodeOverlay {
    let v = ed.views;
    NodeOverlay {
        cost: if v.badges.get() { v.cost.with(|c| c.badges.get(id).cloned()) } else { None },
        worst: v.overlay.get().then(|| ed.verdicts.with(|x| crate::views::worst_class(x.marks.get(id).map(|m| m.0)))),
    }
}

/// The edge's overlay class now.
pub fn edge_overlay_now(ed: Editor, id: &str) -> Option<&'static str> {
    if !ed.views.overlay.get() {
        return None;
    }
    let flow = ed.index.with(|ix| {
        ed.doc.with(|d| ix.edges.get(id).and_then(|&i| d.edges.get(i)).is_some_and(|e| e.kind == EdgeKind::Flow))
    });
    if !flow {
        return Some("w-quiet");
    }
    Some(ed.verdicts.with(|x| crate::views::worst_class(x.marks.get(id).map(|m| m.0))))
}

/// The node's flags now.
pub fn node_flags_now(ed: Editor, id: &str) -> NodeFlags {
    NodeFlags {
        selected: ed.sel.with(|s| s.nodes.contains(id)),
        dim: ed.path_focus.with(|f| f.as_ref().is_some_and(|f| !f.nodes.contains(id))),
        source: ed.connect_from.with(|c| c.as_deref() == Some(id)),
        target: ed
            .preview
            .with(|p| p.as_ref().and_then(|p| p.target.as_ref()).filter(|(t, _)| t == id).map(|(_, ok)| ok.is_ok())),
        drop_target: ed.drop_box.with(|b| b.as_deref() == Some(id)),
        dragging: ed.drag_ids.with(|d| d.as_ref().is_some_and(|d| d.contains(id))),
        resizing: ed.resize.with(|r| r.as_ref().is_some_and(|(rid, _, _)| rid == id)),
    }
}

/// The edge's data now.
pub fn edge_now(ed: Editor, id: &str) -> Option<EdgeData> {
    ed.index.with(|ix| {
        ed.doc.with(|d| {
            let e = d.edges.get(*ix.edges.get(id)?).filter(|e| e.id == id)?;
            let name = |n: &str| {
                ix.nodes.get(n).and_then(|&i| d.nodes.get(i)).map_or(n.to_owned(), |n| n.display_name().to_owned())
            };
            Some(EdgeData { from: e.from.clone(), to: e.to.clone(), kind: e.kind, names: (name(&e.from), name(&e.to)) })
        })
    })
}

/// The flow's hop now.
pub fn hop_now(ed: Editor, id: &str) -> Option<Hop> {
    ed.verdicts.with(|v| v.hops.get(id).cloned())
}

/// Edge flags from the edge's ends and kind.
fn edge_flags(ed: Editor, id: &str, ends: Option<(&str, &str, EdgeKind)>) -> EdgeFlags {
    let selected = ed.sel.with(|s| s.edges.contains(id));
    let related = ends.is_some_and(|(f, t, _)| ed.sel.with(|s| s.nodes.contains(f) || s.nodes.contains(t)));
    let relation = ends.is_some_and(|(_, _, k)| k != EdgeKind::Flow);
    EdgeFlags {
        selected,
        related,
        hidden: relation && !ed.show_relations.get() && !selected && !related,
        path: ed.path_focus.with(|f| f.as_ref().map(|f| f.edges.get(id).copied())),
    }
}

/// The edge's flags now.
pub fn edge_flags_now(ed: Editor, id: &str) -> EdgeFlags {
    let ends = ed
        .index
        .with(|ix| ed.doc.with(|d| d.edges.get(*ix.edges.get(id)?).map(|e| (e.from.clone(), e.to.clone(), e.kind))));
    edge_flags(ed, id, ends.as_ref().map(|(f, t, k)| (f.as_str(), t.as_str(), *k)))
}

/// The edge's geometry now.
pub fn geo_now(ed: Editor, id: &str) -> EdgeGeo {
    let Some(i) = ed.index.with(|ix| ix.edges.get(id).copied()) else { return EdgeGeo::default() };
    ed.scene.with(|s| geo_in(s, i))
}

fn geo_in(s: &Scene, i: usize) -> EdgeGeo {
    EdgeGeo { curve: s.curves.get(i).cloned().flatten(), label: s.labels.get(i).copied().flatten() }
}

/// Installs the effects that publish the global state into the views' signals.
pub fn install(ed: Editor) {
    let f = ed.fan;
    // Each effect reads its sources (tracked) and publishes untracked per-id values.
    crate::fx::effect(move || {
        ed.doc.track();
        ed.index.track();
        untrack(|| {
            for (id, s) in f.nodes.entries() {
                put(&s.node, node_now(ed, &id));
            }
            for (id, s) in f.edges.entries() {
                put(&s.data, edge_now(ed, &id));
            }
        });
    });
    crate::fx::effect(move || {
        ed.verdicts.track();
        untrack(|| {
            for (id, s) in f.nodes.entries() {
                put(&s.verdict, node_verdict_now(ed, &id));
            }
            for (id, s) in f.edges.entries() {
                put(&s.hop, hop_now(ed, &id));
            }
        });
    });
    crate::fx::effect(move || {
        ed.sel.track();
        ed.path_focus.track();
        ed.connect_from.track();
        ed.preview.track();
        ed.drop_box.track();
        ed.drag_ids.track();
        ed.resize.track();
        untrack(|| {
            for (id, s) in f.nodes.entries() {
                put(&s.flags, node_flags_now(ed, &id));
            }
        });
    });
    crate::fx::effect(move || {
        ed.sel.track();
        ed.path_focus.track();
        ed.show_relations.track();
        ed.doc.track();
        ed.index.track();
        untrack(|| {
            ed.index.with(|ix| {
                ed.doc.with(|d| {
                    for (id, s) in f.edges.entries() {
                        let ends = ix
                            .edges
                            .get(&id)
                            .and_then(|&i| d.edges.get(i))
                            .map(|e| (e.from.as_str(), e.to.as_str(), e.kind));
                        put(&s.flags, edge_flags(ed, &id, ends));
                    }
                });
            });
        });
    });
    crate::fx::effect(move || {
        ed.views.badges.track();
        ed.views.cost.track();
        ed.views.overlay.track();
        ed.verdicts.track();
        ed.index.track();
        untrack(|| {
            for (id, s) in f.nodes.entries() {
                put(&s.overlay, node_overlay_now(ed, &id));
            }
            for (id, s) in f.edges.entries() {
                put(&s.overlay, edge_overlay_now(ed, &id));
            }
        });
    });
    crate::fx::effect(move || {
        ed.scene.track();
        untrack(|| {
            ed.index.with(|ix| {
                ed.scene.with(|sc| {
                    for (id, s) in f.edges.entries() {
                        put(&s.geo, ix.edges.get(&id).map_or_else(EdgeGeo::default, |&i| geo_in(sc, i)));
                    }
                });
            });
        });
    });
}
