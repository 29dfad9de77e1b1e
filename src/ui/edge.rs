//! One edge on the canvas: a flow coloured by its hop grade with a lock and its protocol, or a
//! quieter relation line. Curves and label positions come from the editor's scene.

use crate::geometry::{fixed, text_width, Curve};
use crate::state::{flow_label, flow_label_width, use_editor};
use cipherplan::catalog::EdgeKind;
use cipherplan::hop::Grade;
use leptos::prelude::*;

/// CSS class suffix of a grade.
#[must_use]
pub fn grade_class(g: Grade) -> &'static str {
    match g {
        Grade::Verified => "verified",
        Grade::Unverified => "unverified",
        Grade::Downgradable => "downgradable",
        Grade::Plaintext => "plaintext",
    }
}

/// A flow or relation.
#[component]
pub fn EdgeView(
    /// The edge's id.
    id: String,
) -> impl IntoView {
    let ed = use_editor();
    let ends = {
        let id = id.clone();
        Memo::new(move |_| {
            let i = ed.index.with(|ix| ix.edges.get(&id).copied());
            ed.doc.with(|d| {
                i.and_then(|i| d.edges.get(i)).filter(|e| e.id == id).map(|e| (e.from.clone(), e.to.clone(), e.kind))
            })
        })
    };
    let geo: Memo<Option<Curve>> = {
        let id = id.clone();
        Memo::new(move |_| ed.scene.with(|s| s.curves.get(&id).cloned()))
    };
    let hop = {
        let id = id.clone();
        Memo::new(move |_| ed.verdicts.with(|v| v.hops.get(&id).cloned()))
    };
    let is_flow = move || ends.with(|e| e.as_ref().is_some_and(|(_, _, k)| *k == EdgeKind::Flow));
    let class = move || {
        let kind = ends.with(|e| e.as_ref().map(|(_, _, k)| *k));
        match (kind, hop.get()) {
            (Some(EdgeKind::Flow), Some(h)) => {
                format!("edge flow g-{}{}", grade_class(h.grade), if h.loopback { " loopback" } else { "" })
            }
            (Some(k), _) if k != EdgeKind::Flow => format!("edge rel rel-{}", k.as_str()),
            _ => "edge flow".to_owned(),
        }
    };
    let marker = move || match hop.get() {
        Some(h) if h.loopback => "url(#arrow-loopback)".to_owned(),
        Some(h) => format!("url(#arrow-{})", grade_class(h.grade)),
        None => "url(#arrow-rel)".to_owned(),
    };
    let selected = {
        let id = id.clone();
        Memo::new(move |_| ed.sel.with(|s| s.edges.contains(&id)))
    };
    // Relations show when asked for, or when they touch the selection.
    let touches_selection = Memo::new(move |_| {
        ends.with(|e| e.as_ref().is_some_and(|(f, t, _)| ed.sel.with(|s| s.nodes.contains(f) || s.nodes.contains(t))))
    });
    let focus_number = {
        let id = id.clone();
        Memo::new(move |_| ed.path_focus.with(|f| f.as_ref().map(|f| f.edges.get(&id).copied())))
    };
    let dim = move || matches!(focus_number.get(), Some(None));
    let on_path = move || matches!(focus_number.get(), Some(Some(_)));
    let hidden = move || !is_flow() && !ed.show_relations.get() && !selected.get() && !touches_selection.get();
    let d = move || geo.with(|g| g.as_ref().map(Curve::d).unwrap_or_default());
    let tooltip = move || {
        let names = ed.doc.with(|d| {
            ends.with(|e| {
                e.as_ref().map(|(f, t, k)| {
                    let name = |id: &str| d.node(id).map_or(id.to_owned(), |n| n.display_name().to_owned());
                    (name(f), name(t), *k)
                })
            })
        });
        let Some((f, t, k)) = names else { return String::new() };
        match hop.get() {
            Some(h) => {
                let mut s = format!("{f} → {t}: {} — {}", h.protocol, h.grade.word());
                if h.loopback {
                    s.push_str(" (loopback inside the task)");
                }
                if !h.reason.is_empty() {
                    s.push('\n');
                    s.push_str(&h.reason);
                }
                s
            }
            None => format!("{f} {} {t}", k.spec().title.to_lowercase()),
        }
    };
    let rel_label = move || {
        if is_flow() {
            return None;
        }
        let (x, y) = geo.with(|g| g.as_ref().map(Curve::mid))?;
        let text = ends.with(|e| e.as_ref().map(|(_, _, k)| k.spec().title.to_lowercase()))?;
        let w = text_width(&text, 10.0) + 12.0;
        Some(view! {
            <g class="rel-label" transform=format!("translate({} {})", fixed(x - w / 2.0, 1), fixed(y - 8.0, 1))>
                <rect width=w height="16" rx="8"></rect>
                <text x="6" y="11.5">{text}</text>
            </g>
        })
    };
    view! {
        <g
            class=class
            class:selected=move || selected.get()
            class:dim=dim
            class:onpath=on_path
            class:hidden=hidden
            class:related=move || touches_selection.get()
            data-edge=id.clone()
        >
            <title>{tooltip}</title>
            <path class="edge-hit" d=d></path>
            <path class="edge-line" d=d marker-end=marker></path>
            {rel_label}
        </g>
    }
}

/// The label of a flow: lock or open lock, protocol, and the hop number in the path view.
/// Drawn in a layer above every line so no line crosses a label.
#[component]
pub fn FlowLabel(
    /// The flow's id.
    id: String,
) -> impl IntoView {
    let ed = use_editor();
    let label_at = {
        let id = id.clone();
        Memo::new(move |_| ed.scene.with(|s| s.labels.get(&id).copied()))
    };
    let hop = {
        let id = id.clone();
        Memo::new(move |_| ed.verdicts.with(|v| v.hops.get(&id).cloned()))
    };
    let focus_number = {
        let id = id.clone();
        Memo::new(move |_| ed.path_focus.with(|f| f.as_ref().map(|f| f.edges.get(&id).copied())))
    };
    let selected = {
        let id = id.clone();
        Memo::new(move |_| ed.sel.with(|s| s.edges.contains(&id)))
    };
    let class = move || {
        hop.with(|h| {
            h.as_ref().map_or_else(String::new, |h| {
                format!("flow-label g-{}{}", grade_class(h.grade), if h.loopback { " loopback" } else { "" })
            })
        })
    };
    let dim = move || matches!(focus_number.get(), Some(None));
    let label = move || {
        let h = hop.get()?;
        let (x, y) = label_at.get()?;
        let text = flow_label(&h);
        let w = flow_label_width(&text);
        let lock = if h.grade.is_encrypted() { "#g-lock" } else { "#g-unlock" };
        let number = focus_number.get().flatten();
        Some(view! {
            <g class="edge-label" transform=format!("translate({} {})", fixed(x - w / 2.0, 1), fixed(y - 9.0, 1))>
                <rect width=w height="18" rx="9"></rect>
                <use_ class="lock" href=lock x="5" y="2.5" width="13" height="13"></use_>
                <text x="20" y="12.6">{text}</text>
                {number.map(|n| view! {
                    <g class="hop-no" transform=format!("translate({} 9)", w + 10.0)>
                        <circle r="8.5"></circle>
                        <text y="3.6" text-anchor="middle">{n}</text>
                    </g>
                })}
            </g>
        })
    };
    view! {
        <g class=class class:selected=move || selected.get() class:dim=dim data-edge=id.clone()>
            {label}
        </g>
    }
}
