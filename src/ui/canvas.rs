//! The SVG canvas: pan and zoom, dragging nodes, connecting them from a handle, box
//! selection, resizing boxes, and drops from the palette or the file system.
//!
//! Pointer gestures follow one pattern: `pointerdown` captures the pointer on the `<svg>` and
//! records the gesture; `pointermove` only writes small live signals (drag offset, rubber
//! band, marquee, resize) so a frame re-renders just what moves; `pointerup` turns the gesture
//! into one [`Editor::edit`]. Screen points become design points through the content group's
//! `getScreenCTM().inverse()`, taken once per gesture.

use crate::edit;
use crate::files;
use crate::geometry::View;
use crate::icons;
use crate::state::{use_editor, Editor, Preview, Selection};
use crate::ui::edge::{EdgeView, FlowLabel};
use crate::ui::node::{BoxView, NodeView};
use cipherplan::layout::{self, Rect, GRID};
use cipherplan::value::number_text as num;
use leptos::ev;
use leptos::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Drag-and-drop type of a palette item (the catalog kind id).
pub const KIND_MIME: &str = "application/x-cipherplan-kind";

/// An inverted screen CTM: `[a, b, c, d, e, f]`.
type Inv = [f64; 6];

fn apply(m: &Inv, (x, y): (f64, f64)) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

#[derive(Debug, Clone)]
enum Gesture {
    None,
    Move {
        roots: Vec<String>,
        group: Arc<HashSet<String>>,
        start: (f64, f64),
        inv: Inv,
        lead: (f64, f64),
        moved: bool,
        id: String,
        shift: bool,
        was_selected: bool,
    },
    Pan {
        start: (f64, f64),
        view: View,
    },
    Marquee {
        start: (f64, f64),
        inv: Inv,
        base: Selection,
    },
    Connect {
        from: String,
        inv: Inv,
    },
    Resize {
        id: String,
        start: (f64, f64),
        inv: Inv,
        size: (f64, f64),
    },
    Pinch {
        view: View,
        dist: f64,
        mid: (f64, f64),
    },
}

fn client(e: &web_sys::MouseEvent) -> (f64, f64) {
    (f64::from(e.client_x()), f64::from(e.client_y()))
}

fn target_el(e: &web_sys::Event) -> Option<web_sys::Element> {
    e.target()?.dyn_into::<web_sys::Element>().ok()
}

fn closest_attr(el: Option<&web_sys::Element>, attr: &str) -> Option<String> {
    el?.closest(&format!("[{attr}]")).ok().flatten()?.get_attribute(attr)
}

/// The node under a design point for connecting: icons first (their nominal rectangle), then
/// the innermost box.
fn node_at(ed: Editor, p: (f64, f64), except: &str) -> Option<String> {
    ed.doc.with_untracked(|d| {
        let boxes = ed.index.with_untracked(|ix| ix.boxes.clone());
        let leaf = d
            .nodes
            .iter()
            .filter(|n| n.id != except && !boxes.contains(&n.id))
            .find(|n| layout::node_rect(n, false).inflate(4.0).contains(p));
        if let Some(n) = leaf {
            return Some(n.id.clone());
        }
        d.nodes
            .iter()
            .filter(|n| n.id != except && boxes.contains(&n.id) && layout::node_rect(n, true).contains(p))
            .max_by_key(|n| layout::depth(d, n))
            .map(|n| n.id.clone())
    })
}

/// Markers, grid and the icon sprite, as static SVG.
fn defs() -> String {
    let mut s = icons::sprite();
    // `w-*`: the security overlay's worst-finding colours.
    for name in [
        "verified",
        "unverified",
        "downgradable",
        "plaintext",
        "loopback",
        "rel",
        "w-error",
        "w-warning",
        "w-info",
        "w-ok",
    ] {
        s.push_str(&format!(
            r#"<marker id="arrow-{name}" class="arrow arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse" markerUnits="userSpaceOnUse"><path d="M0,0.8 L9.5,5 L0,9.2 z"/></marker>"#
        ));
    }
    s
}

/// The canvas.
#[component]
pub fn Canvas(
    /// Fit the design to the canvas once it has a size (first visit, fresh start).
    fit_on_mount: bool,
) -> impl IntoView {
    let ed = use_editor();
    // The canvas's elements read per-element signals; these effects feed them.
    crate::fanout::install(ed);
    let svg_ref: NodeRef<leptos::svg::Svg> = NodeRef::new();
    let vp_ref: NodeRef<leptos::svg::G> = NodeRef::new();
    let gesture = StoredValue::new(Gesture::None);
    let touches = StoredValue::new(Vec::<(i32, (f64, f64))>::new());
    let space = RwSignal::new(false);
    let panning = RwSignal::new(false);
    let drop_hint = RwSignal::new(false);

    let svg_el = move || svg_ref.get_untracked().map(|s| s.unchecked_into::<web_sys::Element>());
    // Canvas-local point of a client point.
    let local = move |(x, y): (f64, f64)| -> (f64, f64) {
        svg_el().map_or((x, y), |s| {
            let r = s.get_bounding_client_rect();
            (x - r.left(), y - r.top())
        })
    };
    let inverse = move || -> Option<Inv> {
        let g: web_sys::SvgGraphicsElement = vp_ref.get_untracked()?.unchecked_into();
        let m = g.get_screen_ctm()?.inverse().ok()?;
        Some([m.a(), m.b(), m.c(), m.d(), m.e(), m.f()].map(f64::from))
    };
    let measure = move || {
        if let Some(s) = svg_el() {
            let r = s.get_bounding_client_rect();
            if r.width() > 0.0 {
                ed.canvas_size.set((r.width(), r.height()));
            }
        }
    };

    // Size, first fit, the rendered mark the benchmark reads, and the wheel (non-passive so it
    // can stop the page from scrolling).
    Effect::new(move |prev: Option<()>| {
        let Some(svg) = svg_el() else { return };
        if prev.is_some() {
            return;
        }
        measure();
        if fit_on_mount {
            ed.fit();
        }
        request_animation_frame(move || {
            if let Some(p) = window().performance() {
                let _ = p.mark("cp-rendered");
            }
        });
        let wheel = Closure::<dyn Fn(web_sys::WheelEvent)>::new(move |e: web_sys::WheelEvent| {
            e.prevent_default();
            let at = local(client(&e));
            let line = e.delta_mode() == 1;
            let (dx, dy) = (e.delta_x(), e.delta_y());
            // A mouse wheel zooms; a touchpad's two-finger scroll pans; pinch (ctrl) zooms.
            let mouse_wheel = line || (dx == 0.0 && dy.abs() >= 50.0 && dy.fract() == 0.0);
            if e.ctrl_key() || e.meta_key() || mouse_wheel {
                let scale = if line { 0.06 } else { 0.0022 };
                let factor = (-dy * scale).exp().clamp(0.5, 2.0);
                ed.view.update(|v| *v = v.zoom_at(factor, at));
            } else {
                ed.view.update(|v| {
                    v.x -= dx;
                    v.y -= dy;
                });
            }
        });
        let opts = web_sys::AddEventListenerOptions::new();
        opts.set_passive(false);
        let _ = svg.add_event_listener_with_callback_and_add_event_listener_options(
            "wheel",
            wheel.as_ref().unchecked_ref(),
            &opts,
        );
        // The canvas lives as long as the app: the listener stays with it.
        wheel.forget();
    });
    let resize_handle = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || resize_handle.remove());
    // Space held = pan with the primary button.
    let kd = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        let in_field = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
            matches!(el.tag_name().to_ascii_lowercase().as_str(), "input" | "textarea" | "select" | "button")
        });
        if e.key() == " " && !in_field {
            e.prevent_default();
            space.set(true);
        }
    });
    let ku = window_event_listener(ev::keyup, move |e: web_sys::KeyboardEvent| {
        if e.key() == " " {
            space.set(false);
        }
    });
    on_cleanup(move || {
        kd.remove();
        ku.remove();
    });

    let capture = move |pid: i32| {
        if let Some(s) = svg_el() {
            let _ = s.set_pointer_capture(pid);
        }
    };
    let end_all = move || {
        ed.drag_ids.set(None);
        ed.drop_box.set(None);
        ed.preview.set(None);
        ed.marquee.set(None);
        ed.resize.set(None);
        panning.set(false);
        gesture.set_value(Gesture::None);
    };

    let on_down = move |e: ev::PointerEvent| {
        let pid = e.pointer_id();
        let at = client(&e);
        if e.pointer_type() == "touch" {
            touches.update_value(|t| {
                t.retain(|(id, _)| *id != pid);
                t.push((pid, at));
            });
            let pts = touches.get_value();
            if pts.len() >= 2 {
                end_all();
                let (a, b) = (pts[0].1, pts[1].1);
                let mid = local(((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0));
                let dist = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt().max(1.0);
                gesture.set_value(Gesture::Pinch { view: ed.view.get_untracked(), dist, mid });
                capture(pid);
                return;
            }
        }
        let button = e.button();
        // Read-only (the embed view): every drag pans; nothing is selected, moved or connected.
        if button == 1 || (button == 0 && (space.get_untracked() || ed.read_only)) {
            e.prevent_default();
            gesture.set_value(Gesture::Pan { start: at, view: ed.view.get_untracked() });
            panning.set(true);
            capture(pid);
            return;
        }
        if button != 0 {
            return;
        }
        let Some(inv) = inverse() else { return };
        let p = apply(&inv, at);
        let el = target_el(&e);
        if let Some(from) = closest_attr(el.as_ref(), "data-handle") {
            e.prevent_default();
            ed.connect_from.set(None);
            ed.preview.set(Some(Preview { from: from.clone(), to: p, target: None }));
            gesture.set_value(Gesture::Connect { from, inv });
            capture(pid);
            return;
        }
        if let Some(id) = closest_attr(el.as_ref(), "data-resize") {
            e.prevent_default();
            let size = ed.rect_of(&id).map_or((200.0, 150.0), |r| (r.w, r.h));
            gesture.set_value(Gesture::Resize { id, start: p, inv, size });
            capture(pid);
            return;
        }
        if let Some(id) = closest_attr(el.as_ref(), "data-node") {
            if let Some(from) = ed.connect_from.get_untracked() {
                finish_connect(ed, &from, &id);
                return;
            }
            let shift = e.shift_key();
            let was_selected = ed.sel.with_untracked(|s| s.nodes.contains(&id));
            if shift {
                ed.sel.update(|s| {
                    if !s.nodes.remove(&id) {
                        s.nodes.insert(id.clone());
                    }
                });
            } else if !was_selected {
                ed.sel.set(Selection::node(&id));
            }
            let roots: Vec<String> = ed.sel.with_untracked(|s| s.nodes.iter().cloned().collect());
            if roots.contains(&id) {
                let (group, lead) = ed.doc.with_untracked(|d| {
                    let refs: Vec<&str> = roots.iter().map(String::as_str).collect();
                    let group: HashSet<String> =
                        layout::with_descendants(d, &refs).into_iter().map(str::to_owned).collect();
                    (group, d.node(&id).map_or((0.0, 0.0), |n| (n.x, n.y)))
                });
                gesture.set_value(Gesture::Move {
                    roots,
                    group: Arc::new(group),
                    start: p,
                    inv,
                    lead,
                    moved: false,
                    id,
                    shift,
                    was_selected,
                });
            }
            capture(pid);
            return;
        }
        if let Some(id) = closest_attr(el.as_ref(), "data-edge") {
            ed.connect_from.set(None);
            if e.shift_key() {
                ed.sel.update(|s| {
                    if !s.edges.remove(&id) {
                        s.edges.insert(id.clone());
                    }
                });
            } else {
                ed.sel.set(Selection::edge(&id));
            }
            return;
        }
        // Empty canvas: box selection.
        ed.connect_from.set(None);
        let base = if e.shift_key() { ed.sel.get_untracked() } else { Selection::default() };
        if !e.shift_key() {
            ed.sel.set(Selection::default());
        }
        gesture.set_value(Gesture::Marquee { start: p, inv, base });
        capture(pid);
        if let Some(s) = svg_el().and_then(|s| s.dyn_into::<web_sys::SvgElement>().ok()) {
            let _ = s.focus();
        }
    };

    let on_move = move |e: ev::PointerEvent| {
        let at = client(&e);
        let pid = e.pointer_id();
        if e.pointer_type() == "touch" {
            touches.update_value(|t| {
                if let Some(x) = t.iter_mut().find(|(id, _)| *id == pid) {
                    x.1 = at;
                }
            });
        }
        let snap = ed.snap.get_untracked();
        let zoom = ed.view.get_untracked().zoom;
        gesture.update_value(|g| match g {
            Gesture::None => {}
            Gesture::Move { group, start, inv, lead, moved, id, .. } => {
                let p = apply(inv, at);
                let (mut dx, mut dy) = (p.0 - start.0, p.1 - start.1);
                if !*moved && (dx * dx + dy * dy).sqrt() * zoom < 3.0 {
                    return;
                }
                *moved = true;
                if snap {
                    dx = layout::snap(lead.0 + dx) - lead.0;
                    dy = layout::snap(lead.1 + dy) - lead.1;
                }
                if ed.drag_ids.with_untracked(Option::is_none) {
                    ed.drag_ids.set(Some(group.clone()));
                }
                ed.drag_delta.set((dx, dy));
                let target = drop_box_for(ed, id, group, (p.0, p.1));
                if ed.drop_box.get_untracked() != target {
                    ed.drop_box.set(target);
                }
            }
            Gesture::Pan { start, view } => {
                ed.view.set(View { x: view.x + at.0 - start.0, y: view.y + at.1 - start.1, zoom: view.zoom });
            }
            Gesture::Marquee { start, inv, .. } => {
                ed.marquee.set(Some(Rect::from_corners(*start, apply(inv, at))));
            }
            Gesture::Connect { from, inv } => {
                let p = apply(inv, at);
                let target = node_at(ed, p, from).map(|to| {
                    let relation = ed.relation_mode.get_untracked();
                    let ok = ed.doc.with_untracked(|d| edit::plan_connect(d, from, &to, relation).map(|_| ()));
                    (to, ok)
                });
                ed.preview.set(Some(Preview { from: from.clone(), to: p, target }));
            }
            Gesture::Resize { id, start, inv, size } => {
                let p = apply(inv, at);
                let (mut w, mut h) = (size.0 + p.0 - start.0, size.1 + p.1 - start.1);
                if snap {
                    w = (w / GRID).round() * GRID;
                    h = (h / GRID).round() * GRID;
                }
                ed.resize.set(Some((id.clone(), w.max(120.0), h.max(80.0))));
            }
            Gesture::Pinch { view, dist, mid } => {
                let pts = touches.get_value();
                if pts.len() < 2 {
                    return;
                }
                let (a, b) = (pts[0].1, pts[1].1);
                let now_mid = local(((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0));
                let now_dist = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt().max(1.0);
                let zoom = (view.zoom * now_dist / *dist).clamp(crate::geometry::MIN_ZOOM, crate::geometry::MAX_ZOOM);
                let anchor = view.to_design(*mid);
                ed.view.set(View { x: now_mid.0 - anchor.0 * zoom, y: now_mid.1 - anchor.1 * zoom, zoom });
            }
        });
    };

    let on_up = move |e: ev::PointerEvent| {
        let pid = e.pointer_id();
        touches.update_value(|t| t.retain(|(id, _)| *id != pid));
        let g = gesture.try_update_value(|g| std::mem::replace(g, Gesture::None)).unwrap_or(Gesture::None);
        match g {
            Gesture::Move { roots, moved, id, shift, was_selected, .. } => {
                let (dx, dy) = ed.drag_delta.get_untracked();
                if moved {
                    let snap = ed.snap.get_untracked();
                    let title = if roots.len() == 1 {
                        format!("Move {}", roots[0])
                    } else {
                        format!("Move {} components", roots.len())
                    };
                    ed.edit(&title, |d| edit::move_nodes(d, &roots, dx, dy, snap));
                } else if !shift && was_selected {
                    ed.sel.set(Selection::node(&id));
                }
                ed.drag_ids.set(None);
                ed.drag_delta.set((0.0, 0.0));
                ed.drop_box.set(None);
            }
            Gesture::Marquee { base, .. } => {
                if let Some(r) = ed.marquee.get_untracked() {
                    let picked: Vec<String> = ed.doc.with_untracked(|d| {
                        let boxes = ed.index.with_untracked(|ix| ix.boxes.clone());
                        d.nodes
                            .iter()
                            .filter(|n| r.encloses(&layout::node_rect(n, boxes.contains(&n.id))))
                            .map(|n| n.id.clone())
                            .collect()
                    });
                    let mut s = base;
                    s.nodes.extend(picked);
                    ed.sel.set(s);
                }
                ed.marquee.set(None);
            }
            Gesture::Connect { from, .. } => {
                let preview = ed.preview.get_untracked();
                ed.preview.set(None);
                match preview.and_then(|p| p.target) {
                    Some((to, Ok(()))) => finish_connect(ed, &from, &to),
                    Some((_, Err(why))) => ed.toast(true, why),
                    None => {}
                }
            }
            Gesture::Resize { id, .. } => {
                if let Some((_, w, h)) = ed.resize.get_untracked() {
                    ed.edit(&format!("Resize {id}"), |d| {
                        edit::resize_box(d, &id, w, h);
                        Ok(())
                    });
                }
                ed.resize.set(None);
            }
            Gesture::Pan { .. } | Gesture::Pinch { .. } | Gesture::None => panning.set(false),
        }
    };
    let on_cancel = move |e: ev::PointerEvent| {
        let pid = e.pointer_id();
        touches.update_value(|t| t.retain(|(id, _)| *id != pid));
        end_all();
    };

    let on_focus = move |e: ev::FocusEvent| {
        if !gesture.with_value(|g| matches!(g, Gesture::None)) {
            return;
        }
        let Some(id) = closest_attr(target_el(&e).as_ref(), "data-node") else { return };
        if ed.connect_from.get_untracked().is_none() && !ed.sel.with_untracked(|s| s.nodes.contains(&id)) {
            ed.sel.set(Selection::node(&id));
        }
        // Keep the focused node in sight: the canvas pans by transform, not by scrolling.
        if let Some(r) = ed.rect_of(&id) {
            let v = ed.view.get_untracked();
            let (w, h) = ed.canvas_size.get_untracked();
            let (x0, y0) = (r.x * v.zoom + v.x, r.y * v.zoom + v.y);
            let (x1, y1) = (r.right() * v.zoom + v.x, r.bottom() * v.zoom + v.y);
            if x0 < 0.0 || y0 < 0.0 || x1 > w || y1 > h {
                ed.view.set(v.centre_on(r.center(), (w, h)));
            }
        }
    };

    let on_dragover = move |e: ev::DragEvent| {
        if ed.read_only {
            return;
        }
        let Some(dt) = e.data_transfer() else { return };
        let types = dt.types();
        let ours = types.includes(&KIND_MIME.into(), 0) || types.includes(&"Files".into(), 0);
        if ours {
            e.prevent_default();
            dt.set_drop_effect("copy");
            drop_hint.set(true);
            let prefix = format!("{KIND_MIME}-");
            let kind = types
                .iter()
                .filter_map(|t| t.as_string())
                .find_map(|t| t.strip_prefix(&prefix).and_then(cipherplan::catalog::NodeKind::parse));
            if let (Some(inv), Some(kind)) = (inverse(), kind) {
                let p = apply(&inv, client(&e));
                let target =
                    ed.doc.with_untracked(|d| layout::box_at(d, p, kind, &HashSet::new()).map(|b| b.id.clone()));
                if ed.drop_box.get_untracked() != target {
                    ed.drop_box.set(target);
                }
            }
        }
    };
    let on_drop = move |e: ev::DragEvent| {
        drop_hint.set(false);
        if ed.read_only {
            return;
        }
        ed.drop_box.set(None);
        let Some(dt) = e.data_transfer() else { return };
        e.prevent_default();
        let kind = dt.get_data(KIND_MIME).ok().filter(|k| !k.is_empty());
        if let Some(kind) = kind.and_then(|k| cipherplan::catalog::NodeKind::parse(&k)) {
            let Some(inv) = inverse() else { return };
            let p = apply(&inv, client(&e));
            place(ed, kind, p);
            return;
        }
        if let Some(file) = dt.files().and_then(|f| f.get(0)) {
            files::open(ed, file);
        }
    };

    let box_ids = Memo::new(move |_| ed.index.with(|ix| ix.box_ids.clone()));
    let leaf_ids = Memo::new(move |_| ed.index.with(|ix| ix.leaf_ids.clone()));
    let edge_ids = Memo::new(move |_| ed.index.with(|ix| ix.edge_ids.clone()));
    let flow_ids = Memo::new(move |_| ed.index.with(|ix| ix.flow_ids.clone()));
    let grid_transform = move || {
        let v = ed.view.get();
        v.transform()
    };
    let preview_line = move || {
        ed.preview.get().map(|p| {
            let from = ed.rect_of(&p.from).map(|r| {
                let is_box = ed.index.with_untracked(|ix| ix.boxes.contains(&p.from));
                if is_box {
                    (r.right(), r.y + layout::BOX_HEADER / 2.0)
                } else {
                    (r.x + layout::NODE_W / 2.0 + layout::ICON / 2.0, r.y + layout::ICON / 2.0)
                }
            });
            let (fx, fy) = from.unwrap_or(p.to);
            let class = match &p.target {
                Some((_, Ok(()))) => "preview ok",
                Some((_, Err(_))) => "preview bad",
                None => "preview",
            };
            let why = p.target.and_then(|(_, r)| r.err());
            view! {
                <g class=class>
                    <line x1=num(fx) y1=num(fy) x2=num(p.to.0) y2=num(p.to.1)></line>
                    <circle cx=num(p.to.0) cy=num(p.to.1) r="4"></circle>
                    {why.map(|w| view! { <text x=num(p.to.0 + 10.0) y=num(p.to.1 - 10.0)>{w}</text> })}
                </g>
            }
        })
    };
    let marquee = move || {
        ed.marquee.get().map(|r| {
            view! { <rect class="marquee" x=num(r.x) y=num(r.y) width=num(r.w) height=num(r.h)></rect> }
        })
    };
    let cursor_class = move || {
        if panning.get() {
            "canvas panning"
        } else if space.get() {
            "canvas pan-ready"
        } else if ed.connect_from.get().is_some() {
            "canvas connecting"
        } else {
            "canvas"
        }
    };

    view! {
        <div class="canvas-wrap" class:drophint=drop_hint>
            <svg
                id="canvas"
                node_ref=svg_ref
                class=cursor_class
                tabindex="-1"
                aria-label="Design canvas: Tab moves between components"
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointercancel=on_cancel
                on:focusin=on_focus
                on:dragover=on_dragover
                on:dragleave=move |_| {
                    drop_hint.set(false);
                    ed.drop_box.set(None);
                }
                on:drop=on_drop
                on:contextmenu=move |e: ev::MouseEvent| e.prevent_default()
                on:dblclick=move |e: ev::MouseEvent| {
                    if closest_attr(target_el(&e).as_ref(), "data-node").is_some() {
                        ed.panel.set(crate::state::Panel::Inspect);
                        request_animation_frame(|| {
                            if let Some(el) = document().get_element_by_id("insp-label") {
                                if let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() {
                                    let _ = input.focus();
                                    input.select();
                                }
                            }
                        });
                    }
                }
            >
                <defs inner_html=defs()></defs>
                <defs>
                    <pattern id="grid" width=num(GRID) height=num(GRID) patternUnits="userSpaceOnUse" patternTransform=grid_transform>
                        <circle class="grid-dot" cx="0.75" cy="0.75" r="0.9"></circle>
                    </pattern>
                </defs>
                <rect class="grid" class:faint=move || { ed.view.get().zoom < 0.45 } width="100%" height="100%" fill="url(#grid)"></rect>
                <g class="viewport" node_ref=vp_ref transform=move || ed.view.get().transform()>
                    <g class="layer-boxes">
                        {keyed(box_ids, |id| view! { <BoxView id=id/> }.into_any())}
                    </g>
                    <g class="layer-edges">
                        {keyed(edge_ids, |id| view! { <EdgeView id=id/> }.into_any())}
                    </g>
                    <g class="layer-labels">
                        {keyed(flow_ids, |id| view! { <FlowLabel id=id/> }.into_any())}
                    </g>
                    <g class="layer-nodes">
                        {keyed(leaf_ids, |id| view! { <NodeView id=id/> }.into_any())}
                    </g>
                    <g class="layer-overlay">{preview_line} {marquee}</g>
                </g>
            </svg>
            <crate::ui::chrome::CanvasChrome/>
        </div>
    }
}

/// A keyed list of canvas elements. One helper with a function pointer for every layer makes
/// Leptos's keyed list compile once instead of once per layer (a few kilobytes each).
fn keyed(ids: Memo<Vec<String>>, child: fn(String) -> AnyView) -> impl IntoView {
    view! { <For each=move || ids.get() key=|id: &String| id.clone() children=child/> }
}

/// The box the dragged node `lead` would join if dropped with the pointer at `p`.
fn drop_box_for(ed: Editor, lead: &str, moving: &HashSet<String>, p: (f64, f64)) -> Option<String> {
    ed.doc.with_untracked(|d| {
        let kind = d.node(lead)?.kind;
        let exclude: HashSet<&str> = moving.iter().map(String::as_str).collect();
        layout::box_at(d, p, kind, &exclude).map(|b| b.id.clone())
    })
}

/// Connects two nodes as one undo step and selects the new edge.
pub fn finish_connect(ed: Editor, from: &str, to: &str) {
    let relation = ed.relation_mode.get_untracked();
    let mut new_id = None;
    ed.edit("Connect", |d| {
        new_id = Some(edit::connect(d, from, to, relation)?);
        Ok(())
    });
    ed.connect_from.set(None);
    if let Some(id) = new_id {
        ed.sel.set(Selection::edge(&id));
        ed.panel.set(crate::state::Panel::Inspect);
    }
}

/// Places a component of `kind` at design point `at` as one undo step and selects it.
pub fn place(ed: Editor, kind: cipherplan::catalog::NodeKind, at: (f64, f64)) {
    let snap = ed.snap.get_untracked();
    let mut new_id = None;
    ed.edit(&format!("Add {}", kind.spec().title), |d| {
        new_id = Some(edit::place(d, kind, at, snap)?);
        Ok(())
    });
    if let Some(id) = new_id {
        ed.sel.set(Selection::node(&id));
        ed.focus_request.set(Some(id));
    }
}

/// Places a component in the middle of the visible canvas (keyboard and double-click adds).
pub fn place_centre(ed: Editor, kind: cipherplan::catalog::NodeKind) {
    let (w, h) = ed.canvas_size.get_untracked();
    let at = ed.view.get_untracked().to_design((w / 2.0, h / 2.0));
    place(ed, kind, at);
}

/// Focuses the canvas element of a node (after keyboard adds).
pub fn focus_node(id: &str) {
    let sel = format!("[data-node=\"{}\"]", id.replace('"', ""));
    if let Ok(Some(el)) = document().query_selector(&sel) {
        if let Ok(el) = el.dyn_into::<web_sys::SvgElement>() {
            let _ = el.focus();
        }
    }
}
