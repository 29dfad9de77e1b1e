//! One component on the canvas: its icon, label, at-rest badge and findings mark; and the
//! boxes (VPC, subnets, ECS task) that hold components.
//!
//! Views read only their own slots (see [`crate::fanout`]); a dragged node also reads the
//! drag offset, and a box being resized the live size.

use crate::fanout::{NodeFlags, NodeOverlay, NodeSignals, NodeVerdict};
use crate::geometry::{fixed, text_width, wrap_label};
use crate::state::{use_editor, Editor};
use cipherplan::catalog::NodeKind;
use cipherplan::finding::Severity;
use cipherplan::layout::{self, BOX_HEADER, ICON, NODE_H, NODE_W};
use cipherplan::value::number_text as num;
use cipherplan::Node;
use leptos::prelude::*;

/// The node with this id as a memo over the design (for panels; canvas views use slots).
pub fn node_memo(ed: Editor, id: String) -> Memo<Option<Node>> {
    Memo::new(move |_| {
        let i = ed.index.with(|ix| ix.nodes.get(&id).copied());
        ed.doc.with(|d| i.and_then(|i| d.nodes.get(i)).filter(|n| n.id == id).cloned())
    })
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

/// Text read by screen readers for a node.
fn aria(n: &Node, v: &NodeVerdict) -> String {
    let mut s = format!("{}, {}", n.display_name(), n.kind.spec().title);
    if let Some(r) = &v.rest {
        s.push_str(", at rest: ");
        s.push_str(&r.long);
    }
    match v.mark {
        Some((_, count)) => s.push_str(&format!(", {count} finding{}", if count == 1 { "" } else { "s" })),
        None => s.push_str(", no findings"),
    }
    s
}

/// The SVG transform of a node: its position plus the drag offset while it is dragged.
fn transform(ed: Editor, node: RwSignal<Option<Node>>, flags: RwSignal<NodeFlags>) -> String {
    let (x, y) = node.with(|n| n.as_ref().map_or((0.0, 0.0), |n| (n.x, n.y)));
    let (dx, dy) = if flags.with(|f| f.dragging) { ed.drag_delta.get() } else { (0.0, 0.0) };
    format!("translate({} {})", num(x + dx), num(y + dy))
}

/// A component drawn as an icon with its label.
#[component]
pub fn NodeView(
    /// The node's id.
    id: String,
) -> impl IntoView {
    let ed = use_editor();
    let NodeSignals { node, verdict, flags, overlay } = ed.fan.node(ed, &id);
    // Arena handles (Copy) over the view's own signals; no memos: each is read by one place.
    let (node, verdict, f, ov): (RwSignal<_>, RwSignal<_>, RwSignal<NodeFlags>, RwSignal<NodeOverlay>) =
        (node.into(), verdict.into(), flags.into(), overlay.into());
    let kind = move || node.with(|n| n.as_ref().map(|n| n.kind));
    let label = move || {
        node.with(|n| n.as_ref().map(|n| wrap_label(n.display_name(), 19))).map(|(a, b)| {
            view! {
                <text class="node-label" x=num(NODE_W / 2.0) y=num(ICON + 14.0) text-anchor="middle">{a}</text>
                <text class="node-label" x=num(NODE_W / 2.0) y=num(ICON + 27.0) text-anchor="middle">{b.unwrap_or_default()}</text>
            }
        })
    };
    let icon = move || format!("#icon-{}", kind().map_or("container", NodeKind::as_str));
    let badge = move || {
        verdict.with(|v| v.rest.clone()).map(|r| {
            let w = if r.text == "none" { 34.0 } else { 32.0 };
            view! {
                <g class=format!("badge {}", r.class) transform=format!("translate({} -7)", num(NODE_W / 2.0 + ICON / 2.0 - 14.0))>
                    <title>{format!("At rest: {}", r.long)}</title>
                    <rect width=num(w) height="15" rx="7.5"></rect>
                    <text x=num(w / 2.0) y="11" text-anchor="middle">{r.text}</text>
                </g>
            }
        })
    };
    let findings = move || {
        verdict.with(|v| v.mark).map(|(sev, count)| {
            view! {
                <g class=format!("mark {}", severity_class(sev)) transform=format!("translate({} 2)", num(NODE_W / 2.0 - ICON / 2.0 - 4.0))>
                    <circle r="8"></circle>
                    <text y="3.6" text-anchor="middle">{count.min(99)}</text>
                </g>
            }
        })
    };
    let aria_label = move || node.with(|n| n.as_ref().map(|n| verdict.with(|v| aria(n, v))).unwrap_or_default());
    let cost = move || {
        ov.with(|o| o.cost.clone()).map(|c| {
            let w = text_width(&c.text, 10.0) + 12.0;
            view! {
                <g class="cost-badge" transform=format!("translate({} {})", fixed((NODE_W - w) / 2.0, 1), num(ICON - 11.0))>
                    <title>{c.title.clone()}</title>
                    <rect width=num(w) height="15" rx="7.5"></rect>
                    <text x=num(w / 2.0) y="11" text-anchor="middle">{c.text.clone()}</text>
                </g>
            }
        })
    };
    let handle_x = NODE_W / 2.0 + ICON / 2.0 + 1.0;
    view! {
        <g
            class=move || {
                f.with(|f| {
                    let mut c = String::from("node");
                    if let Some(w) = ov.with(|o| o.worst) {
                        c.push_str(" ov ");
                        c.push_str(w);
                    }
                    for (on, name) in [
                        (f.selected, " selected"),
                        (f.source, " source"),
                        (f.target == Some(true), " dropok"),
                        (f.target == Some(false), " dropbad"),
                        (f.dim, " dim"),
                    ] {
                        if on {
                            c.push_str(name);
                        }
                    }
                    c
                })
            }
            data-node=id.clone()
            transform=move || transform(ed, node, f)
            tabindex="0"
            role="button"
            aria-label=aria_label
        >
            <rect class="node-hit" x="-4" y="-10" width=num(NODE_W + 8.0) height=num(NODE_H + 12.0) rx="10"></rect>
            <rect class="node-icon-bg" x=num((NODE_W - ICON) / 2.0) y="0" width=num(ICON) height=num(ICON) rx="8"></rect>
            <use_ href=icon x=num((NODE_W - ICON) / 2.0) y="0" width=num(ICON) height=num(ICON)></use_>
            {label}
            {badge}
            {findings}
            {cost}
            <circle class="handle" data-handle=id.clone() cx=num(handle_x) cy=num(ICON / 2.0) r="6">
                <title>"Drag to connect"</title>
            </circle>
        </g>
    }
}

/// A VPC, subnet or ECS task drawn as a box holding its components.
#[component]
pub fn BoxView(
    /// The node's id.
    id: String,
) -> impl IntoView {
    let ed = use_editor();
    let NodeSignals { node, verdict, flags, overlay } = ed.fan.node(ed, &id);
    let (node, verdict, f, ov): (RwSignal<_>, RwSignal<_>, RwSignal<NodeFlags>, RwSignal<NodeOverlay>) =
        (node.into(), verdict.into(), flags.into(), overlay.into());
    let size = Memo::new(move |_| {
        let live = if f.with(|f| f.resizing) { ed.resize.with(|r| r.as_ref().map(|(_, w, h)| (*w, *h))) } else { None };
        live.unwrap_or_else(|| {
            node.with(|n| {
                n.as_ref().map_or((100.0, 100.0), |n| {
                    let r = layout::node_rect(n, true);
                    (r.w, r.h)
                })
            })
        })
    });
    let kind = move || node.with(|n| n.as_ref().map(|n| n.kind));
    let class = move || {
        let public = node.with(|n| n.as_ref().is_some_and(|n| n.kind == NodeKind::Subnet && n.bool("public")));
        let base = match kind() {
            Some(NodeKind::Vpc) => "box box-vpc",
            Some(NodeKind::Subnet) if public => "box box-subnet box-public",
            Some(NodeKind::Subnet) => "box box-subnet box-private",
            _ => "box box-task",
        };
        f.with(|f| {
            let mut c = base.to_owned();
            if let Some(w) = ov.with(|o| o.worst) {
                c.push_str(" ov ");
                c.push_str(w);
            }
            for (on, name) in [(f.selected, " selected"), (f.drop_target, " droptarget"), (f.dim, " dim")] {
                if on {
                    c.push_str(name);
                }
            }
            c
        })
    };
    let titles = move || {
        node.with(|n| {
            n.as_ref().map(|n| {
                let sub = match n.kind {
                    NodeKind::EcsService => format!("ECS service · task boundary · ×{}", n.int("desired_count")),
                    NodeKind::Subnet if n.bool("public") => "public subnet".to_owned(),
                    NodeKind::Subnet => "private subnet".to_owned(),
                    NodeKind::Vpc => format!("VPC {}", n.text("cidr_block")),
                    _ => n.kind.spec().title.to_owned(),
                };
                let title = n.display_name().to_owned();
                view! {
                    <text class="box-title" x="34" y="15">{title}</text>
                    <text class="box-sub" x="34" y="27">{sub}</text>
                }
            })
        })
    };
    let icon = move || format!("#icon-{}", kind().map_or("vpc", NodeKind::as_str));
    let loopback = move || {
        let count = verdict.with(|v| v.loopbacks);
        (count > 0 && kind() == Some(NodeKind::EcsService)).then(|| {
            let text = format!("loopback inside the task: {count} flow{}", if count == 1 { "" } else { "s" });
            view! {
                <g class="loopback-tag" transform=move || format!("translate(10 {})", num(size.get().1 - 10.0))>
                    <use_ href="#g-loop" x="0" y="-11" width="13" height="13"></use_>
                    <text x="17" y="0">{text}</text>
                </g>
            }
        })
    };
    let aria_label = move || {
        node.with(|n| n.as_ref().map(|n| format!("{}, {}", n.display_name(), n.kind.spec().title)).unwrap_or_default())
    };
    // An ECS service bills its tasks: its badge sits at the right of the header.
    let box_cost = move || {
        ov.with(|o| o.cost.clone()).map(|c| {
            let w = text_width(&c.text, 10.0) + 12.0;
            view! {
                <g class="cost-badge" transform=move || format!("translate({} 8)", fixed(size.get().0 - w - 14.0, 1))>
                    <title>{c.title.clone()}</title>
                    <rect width=num(w) height="15" rx="7.5"></rect>
                    <text x=num(w / 2.0) y="11" text-anchor="middle">{c.text.clone()}</text>
                </g>
            }
        })
    };
    view! {
        <g
            class=class
            data-node=id.clone()
            transform=move || transform(ed, node, f)
            tabindex="0"
            role="button"
            aria-label=aria_label
        >
            <rect class="box-frame" width=move || num(size.get().0) height=move || num(size.get().1) rx="10"></rect>
            <rect class="box-head" width=move || num(size.get().0) height=num(BOX_HEADER) rx="10"></rect>
            <use_ href=icon x="8" y="6" width="20" height="20"></use_>
            {titles}
            {loopback}
            {box_cost}
            <circle class="handle" data-handle=id.clone() cx=move || num(size.get().0) cy=num(BOX_HEADER / 2.0) r="6">
                <title>"Drag to connect"</title>
            </circle>
            <path
                class="resize"
                data-resize=id.clone()
                d=move || {
                    let (w, h) = size.get();
                    format!("M{},{} l-14,0 l14,-14 z", num(w - 2.0), num(h - 2.0))
                }
            >
                <title>"Drag to resize"</title>
            </path>
        </g>
    }
}
