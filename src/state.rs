//! The editor's state: one design signal changed only through [`Editor::edit`] (so every edit
//! is one undo step and one autosave), the view, the selection, and the memos derived from the
//! design by the core. Provided by context at the [`crate::App`]; components take a copy.

use crate::geometry::{self, Curve, View};
use crate::history::History;
use crate::verdicts::{PathFocus, Verdicts};
use crate::{edit, persist};
use cipherplan::layout::{self, Rect};
use cipherplan::load::LoadError;
use cipherplan::Design;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

/// From this many components on, autosave coalesces bursts of edits.
pub const LARGE_DESIGN: usize = 300;

/// What is selected on the canvas.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Selected node ids.
    pub nodes: HashSet<String>,
    /// Selected edge ids.
    pub edges: HashSet<String>,
}

impl Selection {
    /// Just this node.
    #[must_use]
    pub fn node(id: &str) -> Self {
        Selection { nodes: [id.to_owned()].into(), edges: HashSet::new() }
    }

    /// Just this edge.
    #[must_use]
    pub fn edge(id: &str) -> Self {
        Selection { nodes: HashSet::new(), edges: [id.to_owned()].into() }
    }

    /// Nothing is selected.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.edges.is_empty()
    }

    /// Number of selected things.
    #[must_use]
    pub fn len(&self) -> usize {
        self.nodes.len() + self.edges.len()
    }

    /// Whether a node or edge id is selected.
    #[must_use]
    pub fn has(&self, id: &str) -> bool {
        self.nodes.contains(id) || self.edges.contains(id)
    }
}

/// The tab shown in the right-hand panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    /// Properties of the selection (or of the design).
    Inspect,
    /// Findings grouped by severity.
    Findings,
    /// Paths from the internet to a store.
    Paths,
    /// Monthly cost estimate (computed in the web worker).
    Cost,
    /// Score, coverage and findings by severity, with the canvas overlay.
    Security,
}

/// A modal dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    /// A design file that did not load, with the loader's errors.
    LoadErrors {
        /// File name.
        file: String,
        /// The loader's problems, each with its JSON path.
        errors: Vec<LoadError>,
    },
    /// The keyboard shortcuts.
    Help,
    /// The export dialog ([`crate::ui::export::ExportDialog`]).
    Export,
    /// The share link of the open design: `None` while the worker makes it, then the
    /// fragment, or why it could not be made.
    Share {
        /// The `share` op's answer.
        fragment: Option<Result<String, String>>,
    },
    /// A link's design differs from the autosaved one: open it, or keep mine.
    SharedDesign {
        /// The design the link carries.
        design: Box<Design>,
        /// The link's fragment (for a read-only look in a new tab).
        fragment: String,
    },
    /// A link that could not be opened, and why.
    ShareError {
        /// What is wrong, in words for the user.
        message: String,
    },
}

/// A short message at the bottom of the canvas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    /// Unique id (for removal).
    pub id: u64,
    /// An error (refused action) rather than information.
    pub error: bool,
    /// The message.
    pub text: String,
}

/// Nodes being dragged and by how much (drawn live; written to the design on release).
#[derive(Debug, Clone, PartialEq)]
pub struct DragOffset {
    /// The dragged nodes and everything inside them.
    pub ids: Arc<HashSet<String>>,
    /// Offset in design units.
    pub dx: f64,
    /// Offset in design units.
    pub dy: f64,
}

/// The rubber band drawn while connecting two nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    /// Source node id.
    pub from: String,
    /// Pointer position in design units.
    pub to: (f64, f64),
    /// The node under the pointer, and whether connecting to it is allowed (with the reason).
    pub target: Option<(String, Result<(), String>)>,
}

/// Lookups derived from the design's structure (ids, boxes, parallel edges); unchanged by
/// moves and property edits, so those re-render nothing through it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Index {
    /// Node id → position in `design.nodes`.
    pub nodes: HashMap<String, usize>,
    /// Edge id → position in `design.edges`.
    pub edges: HashMap<String, usize>,
    /// Nodes drawn as boxes.
    pub boxes: HashSet<String>,
    /// Nodes drawn as icons, in design order.
    pub leaf_ids: Vec<String>,
    /// Boxes, outermost first (so inner boxes are drawn on top).
    pub box_ids: Vec<String>,
    /// Edges in design order.
    pub edge_ids: Vec<String>,
    /// Flows in design order (they carry labels).
    pub flow_ids: Vec<String>,
    /// Lane of each edge (by design position) among the edges joining the same two nodes.
    pub lanes: Vec<i32>,
}

impl Index {
    fn of(d: &Design) -> Self {
        let boxes: HashSet<String> = layout::box_ids(d).into_iter().map(str::to_owned).collect();
        // Outermost first, design order within a depth (no sort: depths are a handful).
        let depths: Vec<(usize, &str)> =
            d.nodes.iter().filter(|n| boxes.contains(&n.id)).map(|n| (layout::depth(d, n), n.id.as_str())).collect();
        let deepest = depths.iter().map(|(k, _)| *k).max().unwrap_or(0);
        let box_ids: Vec<String> = (0..=deepest)
            .flat_map(|k| depths.iter().filter(move |(dk, _)| *dk == k).map(|(_, id)| (*id).to_owned()))
            .collect();
        let mut pairs: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (i, e) in d.edges.iter().enumerate() {
            let key = if e.from <= e.to { (e.from.as_str(), e.to.as_str()) } else { (e.to.as_str(), e.from.as_str()) };
            pairs.entry(key).or_default().push(i);
        }
        let mut lanes = vec![0; d.edges.len()];
        for ids in pairs.values() {
            for (k, &i) in ids.iter().enumerate() {
                lanes[i] = crate::geometry::lane(k, ids.len());
            }
        }
        Index {
            nodes: d.nodes.iter().enumerate().map(|(i, n)| (n.id.clone(), i)).collect(),
            edges: d.edges.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect(),
            leaf_ids: d.nodes.iter().filter(|n| !boxes.contains(&n.id)).map(|n| n.id.clone()).collect(),
            box_ids,
            edge_ids: d.edges.iter().map(|e| e.id.clone()).collect(),
            flow_ids: d
                .edges
                .iter()
                .filter(|e| e.kind == cipherplan::catalog::EdgeKind::Flow)
                .map(|e| e.id.clone())
                .collect(),
            boxes,
            lanes,
        }
    }
}

/// Where every edge and flow label is drawn, computed for all edges at once so labels can
/// avoid each other and the components.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scene {
    /// Curve of each edge, by design position.
    pub curves: Vec<Option<Curve>>,
    /// Centre of each flow's label, by design position.
    pub labels: Vec<Option<(f64, f64)>>,
}

/// The text of a flow's label.
#[must_use]
pub fn flow_label(hop: &cipherplan::hop::Hop) -> String {
    let p = match hop.protocol.as_str() {
        "HTTPS (AWS API)" => "AWS API",
        p => p,
    };
    if hop.loopback {
        format!("loopback {p}")
    } else {
        p.to_owned()
    }
}

/// Width of a flow label pill (lock, text, padding).
#[must_use]
pub fn flow_label_width(text: &str) -> f64 {
    geometry::text_width(text, 10.5) + 26.0
}

impl Scene {
    fn of(
        d: &Design,
        ix: &Index,
        drag: Option<&DragOffset>,
        resize: Option<&(String, f64, f64)>,
        v: &Verdicts,
    ) -> Self {
        let anchor = |id: &str| -> Option<Rect> {
            let n = d.nodes.get(*ix.nodes.get(id)?)?;
            let is_box = ix.boxes.contains(id);
            let mut r = layout::anchor_rect(n, is_box);
            if let Some(o) = drag.filter(|o| o.ids.contains(id)) {
                r.x += o.dx;
                r.y += o.dy;
            }
            if let Some((_, w, h)) = resize.filter(|(rid, _, _)| rid == id) {
                r.w = *w;
                r.h = *h;
            }
            Some(r)
        };
        let curves: Vec<Option<Curve>> = d
            .edges
            .iter()
            .enumerate()
            .map(|(i, e)| {
                Some(geometry::curve(anchor(&e.from)?, anchor(&e.to)?, ix.lanes.get(i).copied().unwrap_or(0)))
            })
            .collect();
        // Labels keep clear of icons and names.
        let mut obstacles = Vec::with_capacity(d.nodes.len() * 2);
        for n in d.nodes.iter().filter(|n| !ix.boxes.contains(&n.id)) {
            let (dx, dy) = drag.filter(|o| o.ids.contains(&n.id)).map_or((0.0, 0.0), |o| (o.dx, o.dy));
            let icon = layout::anchor_rect(n, false);
            obstacles.push(Rect::new(icon.x + dx - 4.0, icon.y + dy - 4.0, icon.w + 8.0, icon.h + 8.0));
            let name_w = geometry::text_width(n.display_name(), 11.5).min(layout::NODE_W);
            obstacles.push(Rect::new(
                n.x + dx + (layout::NODE_W - name_w) / 2.0,
                n.y + dy + layout::ICON + 2.0,
                name_w,
                28.0,
            ));
        }
        let texts: Vec<(usize, String)> = d
            .edges
            .iter()
            .enumerate()
            .filter(|(i, _)| curves[*i].is_some())
            .filter_map(|(i, e)| Some((i, flow_label(v.hops.get(&e.id)?))))
            .collect();
        let reqs: Vec<(&Curve, f64, f64)> =
            texts.iter().filter_map(|(i, t)| Some((curves[*i].as_ref()?, flow_label_width(t), 18.0))).collect();
        let placed = geometry::place_labels(&reqs, &obstacles);
        let mut labels = vec![None; d.edges.len()];
        for ((i, _), p) in texts.iter().zip(placed) {
            labels[*i] = Some(p);
        }
        Scene { curves, labels }
    }
}

/// The editor: signals and memos, `Copy` so closures can capture it freely.
#[derive(Clone, Copy)]
pub struct Editor {
    /// The open design. Write it only through [`Editor::edit`], undo and redo.
    pub doc: RwSignal<Design>,
    history: StoredValue<History>,
    /// Undo/redo titles, refreshed after every change of the history.
    pub undo_redo: RwSignal<(Option<String>, Option<String>)>,
    /// What is selected.
    pub sel: RwSignal<Selection>,
    /// Pan and zoom.
    pub view: RwSignal<View>,
    /// Moves snap to the grid.
    pub snap: RwSignal<bool>,
    /// Connecting draws relations (encrypts with, reads secret, ...) instead of flows.
    pub relation_mode: RwSignal<bool>,
    /// Every relation is drawn (otherwise only those of the selection: they crowd the flows).
    pub show_relations: RwSignal<bool>,
    /// Keyboard connect mode: the source node, waiting for a target.
    pub connect_from: RwSignal<Option<String>>,
    /// The nodes being dragged (and everything inside them); set when a drag starts.
    pub drag_ids: RwSignal<Option<Arc<HashSet<String>>>>,
    /// Live drag offset in design units (only dragged nodes read it).
    pub drag_delta: RwSignal<(f64, f64)>,
    /// Per-element signals of the canvas.
    pub fan: crate::fanout::Fanout,
    /// Live box resize: id, width, height.
    pub resize: RwSignal<Option<(String, f64, f64)>>,
    /// Live connection rubber band.
    pub preview: RwSignal<Option<Preview>>,
    /// Live selection rectangle (design units).
    pub marquee: RwSignal<Option<Rect>>,
    /// The box a dragged or dropped component would land in.
    pub drop_box: RwSignal<Option<String>>,
    /// Right-hand panel tab.
    pub panel: RwSignal<Panel>,
    /// Open dialog.
    pub dialog: RwSignal<Option<Dialog>>,
    /// The templates menu is open.
    pub templates_open: RwSignal<bool>,
    /// Messages.
    pub toasts: RwSignal<Vec<Toast>>,
    /// A persistent notice (the autosave could not be restored).
    pub notice: RwSignal<Option<String>>,
    /// The store whose paths are highlighted.
    pub path_store: RwSignal<Option<String>>,
    /// Canvas size in CSS pixels.
    pub canvas_size: RwSignal<(f64, f64)>,
    /// A node id whose canvas element should take keyboard focus.
    pub focus_request: RwSignal<Option<String>>,
    /// Structure lookups.
    pub index: Memo<Arc<Index>>,
    /// Findings, hop grades, at-rest badges and figures.
    pub verdicts: Memo<Arc<Verdicts>>,
    /// What the path view highlights.
    pub path_focus: Memo<Option<Arc<PathFocus>>>,
    /// Edge curves and label positions.
    pub scene: Memo<Arc<Scene>>,
    /// The cost and security views (assumptions, cost figures, canvas overlays).
    pub views: crate::views::Views,
    next_toast: StoredValue<u64>,
    /// The embed view: [`Editor::edit`], [`Editor::replace`], undo and redo change nothing.
    pub read_only: bool,
}

/// The editor from context.
///
/// # Panics
/// Outside of the [`crate::App`] (a programming error).
#[must_use]
pub fn use_editor() -> Editor {
    expect_context::<Editor>()
}

impl Editor {
    /// Creates the editor around `design`.
    #[must_use]
    pub fn new(design: Design, view: View, snap: bool) -> Self {
        let doc = RwSignal::new(design);
        let index = Memo::new(move |_| Arc::new(doc.with(Index::of)));
        let verdicts = Memo::new(move |_| {
            let perf = web_sys::window().and_then(|w| w.performance());
            if let Some(p) = &perf {
                let _ = p.mark("cp-validate-start");
            }
            let v = doc.with(Verdicts::of);
            if let Some(p) = &perf {
                let _ = p.mark("cp-validate-end");
                p.clear_measures_with_measure_name("cp-validate");
                let _ = p.measure_with_start_mark_and_end_mark("cp-validate", "cp-validate-start", "cp-validate-end");
                p.clear_marks_with_mark_name("cp-validate-start");
                p.clear_marks_with_mark_name("cp-validate-end");
            }
            Arc::new(v)
        });
        let path_store = RwSignal::new(None::<String>);
        let path_focus = Memo::new(move |_| {
            let store = path_store.get()?;
            Some(Arc::new(verdicts.with(|v| PathFocus::of(v, &store))))
        });
        let drag_ids = RwSignal::new(None::<Arc<HashSet<String>>>);
        let drag_delta = RwSignal::new((0.0, 0.0));
        let resize = RwSignal::new(None::<(String, f64, f64)>);
        let scene = Memo::new(move |_| {
            let drag = drag_ids.get().map(|ids| {
                let (dx, dy) = drag_delta.get();
                DragOffset { ids, dx, dy }
            });
            Arc::new(doc.with(|d| {
                index.with(|ix| verdicts.with(|v| resize.with(|rz| Scene::of(d, ix, drag.as_ref(), rz.as_ref(), v))))
            }))
        });
        Editor {
            doc,
            history: StoredValue::new(History::default()),
            undo_redo: RwSignal::new((None, None)),
            sel: RwSignal::new(Selection::default()),
            view: RwSignal::new(view),
            snap: RwSignal::new(snap),
            relation_mode: RwSignal::new(false),
            show_relations: RwSignal::new(false),
            connect_from: RwSignal::new(None),
            drag_ids,
            drag_delta,
            fan: crate::fanout::Fanout::new(),
            resize,
            preview: RwSignal::new(None),
            marquee: RwSignal::new(None),
            drop_box: RwSignal::new(None),
            panel: RwSignal::new(Panel::Inspect),
            dialog: RwSignal::new(None),
            templates_open: RwSignal::new(false),
            toasts: RwSignal::new(Vec::new()),
            notice: RwSignal::new(None),
            path_store,
            canvas_size: RwSignal::new((800.0, 600.0)),
            focus_request: RwSignal::new(None),
            index,
            verdicts,
            path_focus,
            scene,
            views: crate::views::Views::new(),
            next_toast: StoredValue::new(0),
            read_only: false,
        }
    }

    /// The same editor, read-only: every way of changing the design refuses (the embed view).
    #[must_use]
    pub fn into_read_only(mut self) -> Self {
        self.read_only = true;
        self
    }

    /// Applies an edit as one undo step. `f` changes a copy of the design; an `Err` is shown
    /// to the user and leaves the design as it was. Returns whether the design changed.
    pub fn edit(&self, title: &str, f: impl FnOnce(&mut Design) -> Result<(), String>) -> bool {
        if self.read_only {
            return false;
        }
        let mut next = self.doc.get_untracked();
        if let Err(why) = f(&mut next) {
            self.toast(true, why);
            return false;
        }
        let changed =
            self.history.try_update_value(|h| self.doc.with_untracked(|d| h.record(title, d, &next))).unwrap_or(false);
        if changed {
            self.doc.set(next);
            self.after_history_change();
        }
        changed
    }

    /// Replaces the whole design (open a file, pick a template) as one undo step.
    pub fn replace(&self, title: &str, design: Design) {
        if self.read_only {
            return;
        }
        self.sel.set(Selection::default());
        self.path_store.set(None);
        self.edit(title, |d| {
            *d = design;
            Ok(())
        });
        self.fit();
    }

    /// Undoes the last edit.
    pub fn undo(&self) {
        if self.read_only {
            return;
        }
        let mut title = None;
        self.doc.update(|d| title = self.history.try_update_value(|h| h.undo(d)).flatten());
        match title {
            Some(t) => self.toast(false, format!("Undone: {t}")),
            None => self.toast(false, "Nothing to undo".into()),
        }
        self.after_history_change();
    }

    /// Redoes the last undone edit.
    pub fn redo(&self) {
        if self.read_only {
            return;
        }
        let mut title = None;
        self.doc.update(|d| title = self.history.try_update_value(|h| h.redo(d)).flatten());
        match title {
            Some(t) => self.toast(false, format!("Redone: {t}")),
            None => self.toast(false, "Nothing to redo".into()),
        }
        self.after_history_change();
    }

    fn after_history_change(&self) {
        let titles =
            self.history.with_value(|h| (h.undo_title().map(str::to_owned), h.redo_title().map(str::to_owned)));
        self.undo_redo.set(titles);
        // Forget selected things that no longer exist.
        let (nodes, edges): (HashSet<String>, HashSet<String>) = self.doc.with_untracked(|d| {
            let s = self.sel.get_untracked();
            (
                s.nodes.into_iter().filter(|id| d.node(id).is_some()).collect(),
                s.edges.into_iter().filter(|id| d.edge(id).is_some()).collect(),
            )
        });
        let next = Selection { nodes, edges };
        if next != self.sel.get_untracked() {
            self.sel.set(next);
        }
        if let Some(store) = self.path_store.get_untracked() {
            if self.doc.with_untracked(|d| d.node(&store).is_none()) {
                self.path_store.set(None);
            }
        }
    }

    /// Shows a message for a few seconds (errors stay longer).
    pub fn toast(&self, error: bool, text: String) {
        let id = self.next_toast.try_update_value(|n| {
            *n += 1;
            *n
        });
        let Some(id) = id else { return };
        self.toasts.update(|t| {
            t.retain(|x| x.text != text);
            t.push(Toast { id, error, text });
            if t.len() > 4 {
                t.remove(0);
            }
        });
        let toasts = self.toasts;
        set_timeout(
            move || {
                toasts.try_update(|t| t.retain(|x| x.id != id));
            },
            Duration::from_millis(if error { 7000 } else { 3500 }),
        );
    }

    /// Deletes the selection as one undo step.
    pub fn delete_selection(&self) {
        let s = self.sel.get_untracked();
        if s.is_empty() {
            return;
        }
        let mut counts = (0, 0);
        let changed = self.edit(&describe_delete(&s), |d| {
            counts = edit::delete(d, &s.nodes, &s.edges);
            Ok(())
        });
        if changed {
            self.sel.set(Selection::default());
        }
    }

    /// Fits the whole design into the canvas.
    pub fn fit(&self) {
        let size = self.canvas_size.get_untracked();
        let bounds = self.doc.with_untracked(layout::bounds);
        if let Some(b) = bounds {
            self.view.set(View::fit(b, size));
        }
    }

    /// Zooms by `factor` around the canvas centre.
    pub fn zoom_by(&self, factor: f64) {
        let (w, h) = self.canvas_size.get_untracked();
        self.view.update(|v| *v = v.zoom_at(factor, (w / 2.0, h / 2.0)));
    }

    /// The rectangle of a node or edge (edges: the span of their two ends), in design units.
    #[must_use]
    pub fn rect_of(&self, id: &str) -> Option<Rect> {
        self.doc.with_untracked(|d| {
            let boxes = layout::box_ids(d);
            if let Some(n) = d.node(id) {
                return Some(layout::node_rect(n, boxes.contains(n.id.as_str())));
            }
            let e = d.edge(id)?;
            let (a, b) = (d.node(&e.from)?, d.node(&e.to)?);
            Some(
                layout::anchor_rect(a, boxes.contains(a.id.as_str()))
                    .union(&layout::anchor_rect(b, boxes.contains(b.id.as_str()))),
            )
        })
    }

    /// Selects a node or edge and brings it to the centre of the canvas.
    pub fn reveal(&self, id: &str) {
        let is_node = self.doc.with_untracked(|d| d.node(id).is_some());
        self.sel.set(if is_node { Selection::node(id) } else { Selection::edge(id) });
        if let Some(r) = self.rect_of(id) {
            let size = self.canvas_size.get_untracked();
            self.view.update(|v| *v = v.centre_on(r.center(), size));
        }
    }

    /// Autosaves the design and the view whenever they change.
    ///
    /// Every edit is saved at once, except in very large designs: saving serializes the whole
    /// design (half a megabyte at 1,000 nodes), so there a burst of edits is saved once,
    /// 150 ms after the last. Leaving or hiding the page saves at once, so a reload never
    /// loses an edit.
    pub fn autosave(&self) {
        let doc = self.doc;
        let toast = *self;
        let failed = StoredValue::new(false);
        let pending = StoredValue::new(false);
        let save_now = move || {
            pending.set_value(false);
            match doc.with_untracked(persist::save) {
                Err(why) if !failed.get_value() => {
                    failed.set_value(true);
                    toast.toast(true, format!("Autosave failed: {why}. Save the design to a file to keep it."));
                }
                Ok(()) => failed.set_value(false),
                Err(_) => {}
            }
        };
        Effect::new(move |prev: Option<()>| {
            let large = doc.with(|d| d.nodes.len() >= LARGE_DESIGN);
            if prev.is_none() || !large {
                save_now();
            } else if !pending.get_value() {
                pending.set_value(true);
                set_timeout(
                    move || {
                        if pending.get_value() {
                            save_now();
                        }
                    },
                    Duration::from_millis(150),
                );
            }
        });
        let flush = move || {
            if pending.get_value() {
                save_now();
            }
        };
        let hide = window_event_listener(leptos::ev::pagehide, move |_| flush());
        let vis = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if document().hidden() {
                flush();
            }
        });
        on_cleanup(move || {
            hide.remove();
            vis.remove();
        });
        let (view, snap) = (self.view, self.snap);
        crate::fx::effect(move || persist::save_view(view.get(), snap.get()));
    }
}

fn describe_delete(s: &Selection) -> String {
    match (s.nodes.len(), s.edges.len()) {
        (1, 0) => format!("Delete {}", s.nodes.iter().next().map_or("", String::as_str)),
        (0, 1) => format!("Delete {}", s.edges.iter().next().map_or("", String::as_str)),
        (n, 0) => format!("Delete {n} components"),
        (0, e) => format!("Delete {e} connections"),
        (n, e) => format!("Delete {n} components and {e} connections"),
    }
}
