//! The palette: every catalog kind, grouped, with a search box. Drag an item onto the canvas
//! to place it (HTML5 drag and drop); Enter or a double click adds it in the middle of the view.

use crate::state::use_editor;
use crate::ui::canvas::{place_centre, KIND_MIME};
use cipherplan::catalog::{Group, KindSpec, NodeKind, NODE_KINDS};
use leptos::ev;
use leptos::prelude::*;

/// Whether a kind matches a search (title, id or summary, any case).
#[must_use]
pub fn matches(spec: &KindSpec, query: &str) -> bool {
    let q = query.trim().to_ascii_lowercase();
    q.is_empty()
        || spec.title.to_ascii_lowercase().contains(&q)
        || spec.id.replace('_', " ").contains(&q)
        || spec.id.contains(&q)
        || spec.summary.to_ascii_lowercase().contains(&q)
        || spec.group.title().to_ascii_lowercase().contains(&q)
}

/// The palette.
#[component]
pub fn Palette() -> impl IntoView {
    let ed = use_editor();
    let query = RwSignal::new(String::new());
    let add = move |kind: NodeKind| place_centre(ed, kind);
    let first_match = move || query.with(|q| NODE_KINDS.iter().find(|k| matches(k, q)).map(|k| k.kind));
    let on_search_key = move |e: ev::KeyboardEvent| match e.key().as_str() {
        "Enter" => {
            if let Some(k) = first_match() {
                add(k);
            }
        }
        "Escape" => query.set(String::new()),
        _ => {}
    };
    let group_view = move |g: Group| {
        let items =
            move || query.with(|q| NODE_KINDS.iter().filter(|k| k.group == g && matches(k, q)).collect::<Vec<_>>());
        view! {
            <section class="pal-group" aria-label=g.title() hidden=move || items().is_empty()>
                    <h3>{g.title()}</h3>
                    <ul>
                        {move || {
                            items()
                                .into_iter()
                                .map(|spec| {
                                    let kind = spec.kind;
                                    view! {
                                        <li>
                                            <button
                                                class="pal-item"
                                                draggable="true"
                                                data-kind=spec.id
                                                title=format!("{} — drag onto the canvas, or press Enter / double-click to add", spec.summary)
                                                on:dragstart=move |e: ev::DragEvent| {
                                                    if let Some(dt) = e.data_transfer() {
                                                        let _ = dt.set_data(KIND_MIME, kind.as_str());
                                                        // Types are readable during dragover (data is not): the
                                                        // canvas highlights the box this kind would join.
                                                        let _ = dt.set_data(&format!("{KIND_MIME}-{}", kind.as_str()), "");
                                                        let _ = dt.set_data("text/plain", kind.spec().title);
                                                        dt.set_effect_allowed("copy");
                                                    }
                                                }
                                                on:dblclick=move |_| add(kind)
                                                on:click=move |e: ev::MouseEvent| {
                                                    // Enter and Space click with detail 0: add from the keyboard.
                                                    if e.detail() == 0 {
                                                        add(kind);
                                                    }
                                                }
                                            >
                                                <svg class="pal-icon" viewBox="0 0 48 48" aria-hidden="true">
                                                    <use_ href=format!("#icon-{}", spec.id)></use_>
                                                </svg>
                                                <span>{spec.title}</span>
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
            </section>
        }
    };
    view! {
        <aside class="palette" aria-label="Components">
            <div class="pal-search">
                <input
                    id="palette-search"
                    type="search"
                    placeholder="Search components  /"
                    aria-label="Search components"
                    prop:value=move || query.get()
                    on:input=move |e| query.set(event_target_value(&e))
                    on:keydown=on_search_key
                />
            </div>
            <div class="pal-list">
                {Group::ALL.into_iter().map(group_view).collect_view()}
                <p class="muted pal-empty" hidden=move || first_match().is_some()>"No component matches."</p>
            </div>
            <p class="pal-hint">"Drag onto the canvas. Drop a container on an ECS service to make it the task."</p>
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cipherplan::catalog::kind_spec;

    #[test]
    fn search_finds_by_title_id_and_summary() {
        let rds = kind_spec(NodeKind::RdsPostgres);
        assert!(matches(rds, "postgres"));
        assert!(matches(rds, "RDS"));
        assert!(matches(rds, "rds postgres"));
        assert!(matches(rds, "force_ssl"));
        assert!(matches(rds, ""));
        assert!(!matches(rds, "bucket"));
        assert!(matches(kind_spec(NodeKind::KmsKey), "security"));
    }
}
