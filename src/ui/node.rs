//! One component on the canvas: its icon, label, at-rest badge and findings mark; and the
//! boxes (VPC, subnets, ECS task) that hold components.

use crate::geometry::wrap_label;
use crate::state::{use_editor, Editor};
use cipherplan::catalog::NodeKind;
use cipherplan::finding::Severity;
use cipherplan::layout::{self, BOX_HEADER, ICON, NODE_H, NODE_W};
use cipherplan::rest::KeyHolder;
use cipherplan::Node;
use leptos::prelude::*;

/// The node with this id as a memo (cheap: index lookup, then a clone compared for change).
pub fn node_memo(ed: Editor, id: String) -> Memo<Option<Node>> {
    Memo::new(move |_| {
        let i = ed.index.with(|ix| ix.nodes.get(&id).copied());
        ed.doc.with(|d| i.and_then(|i| d.nodes.get(i)).filter(|n| n.id == id).cloned())
    })
}

/// Live drag offset of a node (zero when it is not being dragged).
pub fn offset(ed: Editor, id: &str) -> (f64, f64) {
    ed.drag.with(|d| d.as_ref().filter(|d| d.ids.contains(id)).map_or((0.0, 0.0), |d| (d.dx, d.dy)))
}

/// The at-rest badge: css class, short text, long text.
fn rest_badge(ed: Editor, id: &str) -> Option<(&'static str, &'static str, String)> {
    ed.verdicts.with(|v| {
        v.rest.get(id).map(|a| match a.key {
            KeyHolder::Customer(_) => ("rest-cmk", "CMK", a.label.clone()),
            KeyHolder::AwsManaged | KeyHolder::AwsOwned => ("rest-aws", "AWS", a.label.clone()),
            KeyHolder::None => ("rest-none", "none", "not encrypted at rest".to_owned()),
        })
    })
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

/// Findings mark: css class and count.
fn mark(ed: Editor, id: &str) -> Option<(&'static str, usize)> {
    ed.verdicts.with(|v| v.marks.get(id).map(|(s, n)| (severity_class(*s), *n)))
}

/// Text read by screen readers for a node.
fn aria(ed: Editor, n: &Node) -> String {
    let mut s = format!("{}, {}", n.display_name(), n.kind.spec().title);
    if let Some((_, _, long)) = rest_badge(ed, &n.id) {
        s.push_str(", at rest: ");
        s.push_str(&long);
    }
    match mark(ed, &n.id) {
        Some((_, count)) => s.push_str(&format!(", {count} finding{}", if count == 1 { "" } else { "s" })),
        None => s.push_str(", no findings"),
    }
    s
}

/// Whether a node is dimmed because the path view shows other things.
fn dimmed(ed: Editor, id: &str) -> bool {
    ed.path_focus.with(|f| f.as_ref().is_some_and(|f| !f.nodes.contains(id)))
}

/// A component drawn as an icon with its label.
#[component]
pub fn NodeView(
    /// The node's id.
    id: String,
) -> impl IntoView {
    let ed = use_editor();
    let node = node_memo(ed, id.clone());
    let transform = {
        let id = id.clone();
        move || {
            let (x, y) = node.with(|n| n.as_ref().map_or((0.0, 0.0), |n| (n.x, n.y)));
            let (dx, dy) = offset(ed, &id);
            format!("translate({} {})", x + dx, y + dy)
        }
    };
    let selected = {
        let id = id.clone();
        move || ed.sel.with(|s| s.nodes.contains(&id))
    };
    let kind = Memo::new(move |_| node.with(|n| n.as_ref().map(|n| n.kind)));
    let lines = Memo::new(move |_| node.with(|n| n.as_ref().map(|n| wrap_label(n.display_name(), 19))));
    let label = move || {
        lines.get().map(|(a, b)| {
            view! {
                <text class="node-label" x=NODE_W / 2.0 y=ICON + 14.0 text-anchor="middle">{a}</text>
                <text class="node-label" x=NODE_W / 2.0 y=ICON + 27.0 text-anchor="middle">{b.unwrap_or_default()}</text>
            }
        })
    };
    let icon = move || format!("#icon-{}", kind.get().map_or("container", NodeKind::as_str));
    let badge = {
        let id = id.clone();
        move || {
            rest_badge(ed, &id).map(|(class, text, long)| {
                let w = if text == "none" { 34.0 } else { 32.0 };
                view! {
                    <g class=format!("badge {class}") transform=format!("translate({} -7)", NODE_W / 2.0 + ICON / 2.0 - 14.0)>
                        <title>{format!("At rest: {long}")}</title>
                        <rect width=w height="15" rx="7.5"></rect>
                        <text x=w / 2.0 y="11" text-anchor="middle">{text}</text>
                    </g>
                }
            })
        }
    };
    let findings = {
        let id = id.clone();
        move || {
            mark(ed, &id).map(|(class, count)| {
                view! {
                    <g class=format!("mark {class}") transform=format!("translate({} 2)", NODE_W / 2.0 - ICON / 2.0 - 4.0)>
                        <circle r="8"></circle>
                        <text y="3.6" text-anchor="middle">{count.min(99)}</text>
                    </g>
                }
            })
        }
    };
    let aria_label = move || node.with(|n| n.as_ref().map(|n| aria(ed, n)).unwrap_or_default());
    let connect_source = {
        let id = id.clone();
        move || ed.connect_from.with(|c| c.as_deref() == Some(id.as_str()))
    };
    let target_state = {
        let id = id.clone();
        Memo::new(move |_| {
            ed.preview.with(|p| {
                p.as_ref().and_then(|p| p.target.as_ref()).filter(|(t, _)| *t == id).map(|(_, ok)| ok.is_ok())
            })
        })
    };
    let dim = {
        let id = id.clone();
        move || dimmed(ed, &id)
    };
    let handle_x = NODE_W / 2.0 + ICON / 2.0 + 1.0;
    view! {
        <g
            class="node"
            class:selected=selected
            class:source=connect_source
            class:dropok=move || target_state.get() == Some(true)
            class:dropbad=move || target_state.get() == Some(false)
            class:dim=dim
            data-node=id.clone()
            data-kind=move || kind.get().map_or("", NodeKind::as_str)
            transform=transform
            tabindex="0"
            role="button"
            aria-label=aria_label
        >
            <rect class="node-hit" x="-4" y="-10" width=NODE_W + 8.0 height=NODE_H + 12.0 rx="10"></rect>
            <rect class="node-icon-bg" x=(NODE_W - ICON) / 2.0 y="0" width=ICON height=ICON rx="8"></rect>
            <use_ href=icon x=(NODE_W - ICON) / 2.0 y="0" width=ICON height=ICON></use_>
            {label}
            {badge}
            {findings}
            <circle class="handle" data-handle=id.clone() cx=handle_x cy=ICON / 2.0 r="6">
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
    let node = node_memo(ed, id.clone());
    let size = {
        let id = id.clone();
        move || {
            let live = ed.resize.with(|r| r.as_ref().filter(|(rid, _, _)| *rid == id).map(|(_, w, h)| (*w, *h)));
            live.unwrap_or_else(|| {
                node.with(|n| {
                    n.as_ref().map_or((100.0, 100.0), |n| {
                        let r = layout::node_rect(n, true);
                        (r.w, r.h)
                    })
                })
            })
        }
    };
    let size = Memo::new(move |_| size());
    let transform = {
        let id = id.clone();
        move || {
            let (x, y) = node.with(|n| n.as_ref().map_or((0.0, 0.0), |n| (n.x, n.y)));
            let (dx, dy) = offset(ed, &id);
            format!("translate({} {})", x + dx, y + dy)
        }
    };
    let kind = Memo::new(move |_| node.with(|n| n.as_ref().map(|n| n.kind)));
    let class = move || {
        let k = kind.get();
        let public = node.with(|n| n.as_ref().is_some_and(|n| n.kind == NodeKind::Subnet && n.bool("public")));
        match k {
            Some(NodeKind::Vpc) => "box box-vpc",
            Some(NodeKind::Subnet) if public => "box box-subnet box-public",
            Some(NodeKind::Subnet) => "box box-subnet box-private",
            _ => "box box-task",
        }
    };
    let selected = {
        let id = id.clone();
        move || ed.sel.with(|s| s.nodes.contains(&id))
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
    let icon = move || format!("#icon-{}", kind.get().map_or("vpc", NodeKind::as_str));
    let loopback = {
        let id = id.clone();
        move || {
            let count = ed.doc.with(|d| {
                ed.verdicts.with(|v| {
                    v.hops
                        .iter()
                        .filter(|(eid, h)| {
                            h.loopback
                                && d.edge(eid).and_then(|e| d.node(&e.from)).and_then(|n| n.parent.as_deref())
                                    == Some(id.as_str())
                        })
                        .count()
                })
            });
            (count > 0).then(|| {
                let text = format!("loopback inside the task: {count} flow{}", if count == 1 { "" } else { "s" });
                view! {
                    <g class="loopback-tag" transform=move || format!("translate(10 {})", size.get().1 - 10.0)>
                        <use_ href="#g-loop" x="0" y="-11" width="13" height="13"></use_>
                        <text x="17" y="0">{text}</text>
                    </g>
                }
            })
        }
    };
    let aria_label = move || {
        node.with(|n| n.as_ref().map(|n| format!("{}, {}", n.display_name(), n.kind.spec().title)).unwrap_or_default())
    };
    let dim = {
        let id = id.clone();
        move || dimmed(ed, &id)
    };
    let is_task = move || kind.get() == Some(NodeKind::EcsService);
    let drop_target = {
        let id = id.clone();
        move || ed.drop_box.with(|b| b.as_deref() == Some(id.as_str()))
    };
    view! {
        <g
            class=class
            class:selected=selected
            class:droptarget=drop_target
            class:dim=dim
            data-node=id.clone()
            transform=transform
            tabindex="0"
            role="button"
            aria-label=aria_label
        >
            <rect class="box-frame" width=move || size.get().0 height=move || size.get().1 rx="10"></rect>
            <rect class="box-head" width=move || size.get().0 height=BOX_HEADER rx="10"></rect>
            <use_ href=icon x="8" y="6" width="20" height="20"></use_>
            {titles}
            {move || is_task().then(loopback.clone())}
            <circle class="handle" data-handle=id.clone() cx=move || size.get().0 cy=BOX_HEADER / 2.0 r="6">
                <title>"Drag to connect"</title>
            </circle>
            <path
                class="resize"
                data-resize=id.clone()
                d=move || {
                    let (w, h) = size.get();
                    format!("M{},{} l-14,0 l14,-14 z", w - 2.0, h - 2.0)
                }
            >
                <title>"Drag to resize"</title>
            </path>
        </g>
    }
}
