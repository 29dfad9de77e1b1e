//! One edge on the canvas: a flow coloured by its hop grade with a lock and its protocol, or a
//! quieter relation line. Views read their own slots (see [`crate::fanout`]).

use crate::fanout::EdgeSignals;
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
    let EdgeSignals { data, hop, flags, geo } = ed.fan.edge(ed, &id);
    let kind = {
        let data = data.clone();
        Memo::new(move |_| data.with(|d| d.as_ref().map(|d| d.kind)))
    };
    let hop = Memo::new(move |_| hop.get());
    let f = Memo::new(move |_| flags.get());
    let curve = {
        let geo = geo.clone();
        Memo::new(move |_| geo.with(|g| g.curve.clone()))
    };
    let class = move || match (kind.get(), hop.get()) {
        (Some(EdgeKind::Flow), Some(h)) => {
            format!("edge flow g-{}{}", grade_class(h.grade), if h.loopback { " loopback" } else { "" })
        }
        (Some(k), _) if k != EdgeKind::Flow => format!("edge rel rel-{}", k.as_str()),
        _ => "edge flow".to_owned(),
    };
    let marker = move || match hop.get() {
        Some(h) if h.loopback => "url(#arrow-loopback)".to_owned(),
        Some(h) => format!("url(#arrow-{})", grade_class(h.grade)),
        None => "url(#arrow-rel)".to_owned(),
    };
    let d = move || curve.with(|c| c.as_ref().map(Curve::d).unwrap_or_default());
    let tooltip = {
        let data = data.clone();
        move || {
            let Some((from, to, k)) = data.with(|d| d.as_ref().map(|d| (d.names.0.clone(), d.names.1.clone(), d.kind)))
            else {
                return String::new();
            };
            match hop.get() {
                Some(h) => {
                    let mut s = format!("{from} → {to}: {} — {}", h.protocol, h.grade.word());
                    if h.loopback {
                        s.push_str(" (loopback inside the task)");
                    }
                    if !h.reason.is_empty() {
                        s.push('\n');
                        s.push_str(&h.reason);
                    }
                    s
                }
                None => format!("{from} {} {to}", k.spec().title.to_ascii_lowercase()),
            }
        }
    };
    let rel_label = move || {
        let k = kind.get().filter(|k| *k != EdgeKind::Flow)?;
        let (x, y) = curve.with(|c| c.as_ref().map(Curve::mid))?;
        let text = k.spec().title.to_ascii_lowercase();
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
            class:selected=move || f.with(|f| f.selected)
            class:dim=move || f.with(|f| f.path == Some(None))
            class:onpath=move || f.with(|f| matches!(f.path, Some(Some(_))))
            class:hidden=move || f.with(|f| f.hidden)
            class:related=move || f.with(|f| f.related)
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
    let EdgeSignals { hop, flags, geo, .. } = ed.fan.edge(ed, &id);
    let hop = Memo::new(move |_| hop.get());
    let f = Memo::new(move |_| flags.get());
    let at = Memo::new(move |_| geo.with(|g| g.label));
    let class = move || {
        hop.with(|h| {
            h.as_ref().map_or_else(String::new, |h| {
                format!("flow-label g-{}{}", grade_class(h.grade), if h.loopback { " loopback" } else { "" })
            })
        })
    };
    let label = move || {
        let h = hop.get()?;
        let (x, y) = at.get()?;
        let text = flow_label(&h);
        let w = flow_label_width(&text);
        let lock = if h.grade.is_encrypted() { "#g-lock" } else { "#g-unlock" };
        let number = f.with(|f| f.path.flatten());
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
        <g
            class=class
            class:selected=move || f.with(|f| f.selected)
            class:dim=move || f.with(|f| f.path == Some(None))
            data-edge=id.clone()
        >
            {label}
        </g>
    }
}
