//! One edge on the canvas: a flow coloured by its hop grade with a lock and its protocol, or a
//! quieter relation line. Views read their own slots (see [`crate::fanout`]).

use crate::fanout::{EdgeData, EdgeGeo, EdgeSignals};
use crate::geometry::{fixed, text_width, Curve};
use crate::state::{flow_label, flow_label_width, use_editor};
use cipherplan::catalog::EdgeKind;
use cipherplan::hop::Grade;
use cipherplan::value::number_text as num;
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
    let EdgeSignals { data, hop, flags, geo, overlay } = ed.fan.edge(ed, &id);
    // Arena handles (Copy) over the view's own signals.
    let (data, hop, f, geo, ov): (
        RwSignal<Option<EdgeData>>,
        RwSignal<_>,
        RwSignal<_>,
        RwSignal<EdgeGeo>,
        RwSignal<_>,
    ) = (data.into(), hop.into(), flags.into(), geo.into(), overlay.into());
    let kind = move || data.with(|d| d.as_ref().map(|d| d.kind));
    let curve_d = Memo::new(move |_| geo.with(|g| g.curve.as_ref().map(Curve::d).unwrap_or_default()));
    let class = move || {
        let mut c = match (kind(), hop.get()) {
            (Some(EdgeKind::Flow), Some(h)) => {
                format!("edge flow g-{}{}", grade_class(h.grade), if h.loopback { " loopback" } else { "" })
            }
            (Some(k), _) if k != EdgeKind::Flow => format!("edge rel rel-{}", k.as_str()),
            _ => "edge flow".to_owned(),
        };
        if let Some(w) = ov.get() {
            c.push_str(" ov ");
            c.push_str(w);
        }
        f.with(|f| {
            for (on, name) in [
                (f.selected, " selected"),
                (f.path == Some(None), " dim"),
                (matches!(f.path, Some(Some(_))), " onpath"),
                (f.hidden, " hidden"),
                (f.related, " related"),
            ] {
                if on {
                    c.push_str(name);
                }
            }
        });
        c
    };
    let marker = move || match (ov.get(), hop.get()) {
        (Some(w), Some(_)) => format!("url(#arrow-{w})"),
        (_, h) => match h {
            Some(h) if h.loopback => "url(#arrow-loopback)".to_owned(),
            Some(h) => format!("url(#arrow-{})", grade_class(h.grade)),
            None => "url(#arrow-rel)".to_owned(),
        },
    };
    let d = move || curve_d.get();
    let tooltip = {
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
        let k = kind().filter(|k| *k != EdgeKind::Flow)?;
        let (x, y) = geo.with(|g| g.curve.as_ref().map(Curve::mid))?;
        let text = k.spec().title.to_ascii_lowercase();
        let w = text_width(&text, 10.0) + 12.0;
        Some(view! {
            <g class="rel-label" transform=format!("translate({} {})", fixed(x - w / 2.0, 1), fixed(y - 8.0, 1))>
                <rect width=num(w) height="16" rx="8"></rect>
                <text x="6" y="11.5">{text}</text>
            </g>
        })
    };
    view! {
        <g class=class data-edge=id.clone()>
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
    let EdgeSignals { hop, flags, geo, overlay, .. } = ed.fan.edge(ed, &id);
    let (hop, f, geo, ov): (RwSignal<Option<cipherplan::hop::Hop>>, RwSignal<_>, RwSignal<EdgeGeo>, RwSignal<_>) =
        (hop.into(), flags.into(), geo.into(), overlay.into());
    let at = move || geo.with(|g| g.label);
    let class = move || {
        let mut c = hop.with(|h| {
            h.as_ref().map_or_else(String::new, |h| {
                format!("flow-label g-{}{}", grade_class(h.grade), if h.loopback { " loopback" } else { "" })
            })
        });
        if let Some(w) = ov.get() {
            c.push_str(" ov ");
            c.push_str(w);
        }
        f.with(|f| {
            if f.selected {
                c.push_str(" selected");
            }
            if f.path == Some(None) {
                c.push_str(" dim");
            }
        });
        c
    };
    let label = move || {
        let h = hop.get()?;
        let (x, y) = at()?;
        let text = flow_label(&h);
        let w = flow_label_width(&text);
        let lock = if h.grade.is_encrypted() { "#g-lock" } else { "#g-unlock" };
        let number = f.with(|f| f.path.flatten());
        Some(view! {
            <g class="edge-label" transform=format!("translate({} {})", fixed(x - w / 2.0, 1), fixed(y - 9.0, 1))>
                <rect width=num(w) height="18" rx="9"></rect>
                <use_ class="lock" href=lock x="5" y="2.5" width="13" height="13"></use_>
                <text x="20" y="12.6">{text}</text>
                {number.map(|n| view! {
                    <g class="hop-no" transform=format!("translate({} 9)", num(w + 10.0))>
                        <circle r="8.5"></circle>
                        <text y="3.6" text-anchor="middle">{n}</text>
                    </g>
                })}
            </g>
        })
    };
    view! {
        <g class=class data-edge=id.clone()>
            {label}
        </g>
    }
}
