//! The path view: pick a store and see every worst path from the internet or an operator to
//! it, hop by hop, with where TLS terminates; the canvas highlights those hops.

use crate::state::use_editor;
use crate::ui::edge::grade_class;
use crate::ui::text::{esc, rich_html};
use cipherplan::hop::Grade;
use cipherplan::paths::{Path, StorePaths};
use leptos::prelude::*;

fn grade_word(g: Option<Grade>) -> &'static str {
    g.map_or("not reachable", Grade::word)
}

/// The paths panel.
#[component]
pub fn PathsPanel() -> impl IntoView {
    let ed = use_editor();
    let stores = Memo::new(move |_| {
        ed.doc.with(|d| {
            ed.verdicts.with(|v| {
                v.paths
                    .iter()
                    .map(|sp| {
                        let name = d.node(&sp.store).map_or(sp.store.clone(), |n| n.display_name().to_owned());
                        (sp.store.clone(), name, sp.worst)
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let on_pick = move |e: leptos::ev::Event| {
        let v = event_target_value(&e);
        ed.path_store.set((!v.is_empty()).then_some(v));
    };
    // The detail is static for a given design and store: HTML text, re-rendered as one block,
    // costs the bundle far less than the same markup as view code.
    let detail = move || {
        let store = ed.path_store.get()?;
        let sp = ed.verdicts.with(|v| v.store_paths(&store).cloned())?;
        Some(ed.doc.with(|d| {
            let name_of = |id: &str| d.node(id).map_or(id.to_owned(), |n| n.display_name().to_owned());
            detail_html(&sp, name_of)
        }))
    };
    view! {
        <div class="paths-panel">
            <div class="prop">
                <label class="prop-name" for="path-store">"store"</label>
                <select id="path-store" on:change=on_pick>
                    <option value="" prop:selected=move || ed.path_store.get().is_none()>"— pick a data store —"</option>
                    {move || {
                        let current = ed.path_store.get();
                        stores
                            .get()
                            .into_iter()
                            .map(|(id, name, worst)| {
                                let selected = current.as_deref() == Some(id.as_str());
                                view! { <option value=id.clone() prop:selected=selected>{format!("{name} — {}", grade_word(worst))}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                <p class="help">"Every worst path from an internet client or operator to the store, hop by hop. The canvas highlights the hops and numbers them."</p>
            </div>
            <div class="paths-detail" inner_html=move || detail().unwrap_or_default()></div>
        </div>
    }
}

/// The summary and every path of one store, hop by hop, as HTML (every name and note escaped).
fn detail_html(sp: &StorePaths, name_of: impl Fn(&str) -> String) -> String {
    let headline = if !sp.reachable {
        "No entry point reaches this store through flows.".to_owned()
    } else if sp.end_to_end_encrypted {
        "Encrypted on every network hop of every path.".to_owned()
    } else {
        format!("Weakest path: {}.", grade_word(sp.worst))
    };
    let mut out = format!(
        r#"<div class="path-summary g-{}"><strong>{}</strong>{}</div><ol class="paths">"#,
        sp.worst.map_or("unreachable", grade_class),
        esc(&headline),
        sp.best.map(|b| format!(r#"<span class="muted"> Strongest path: {}.</span>"#, b.word())).unwrap_or_default()
    );
    for (i, p) in sp.paths.iter().enumerate() {
        out.push_str(&path_html(i, p, &name_of));
    }
    out.push_str("</ol>");
    out
}

fn path_html(i: usize, p: &Path, name_of: &impl Fn(&str) -> String) -> String {
    let mut out = format!(
        r#"<li class="path g-{}"><h4>Path {} from {} <span class="pill grade">{}</span></h4><ol class="hops">"#,
        grade_class(p.grade),
        i + 1,
        esc(&name_of(&p.entry)),
        p.grade.word()
    );
    for (j, h) in p.hops.iter().enumerate() {
        let implicit = h.edge.is_empty();
        let mut class = format!("hop g-{}", grade_class(h.grade));
        for (on, name) in [(j == p.weakest, " weakest"), (implicit, " implicit"), (h.loopback, " loopback")] {
            if on {
                class.push_str(name);
            }
        }
        let what =
            if implicit { "inside the task".to_owned() } else { format!("{} · {}", h.protocol, h.grade.word()) };
        out.push_str(&format!(
            r##"<li class="{class}"><div class="hop-line"><span class="hop-n">{}</span><span>{} → {}</span></div><div class="hop-meta"><svg class="ico" viewBox="0 0 16 16" aria-hidden="true"><use href="#{}"/></svg>{}{}</div>"##,
            j + 1,
            esc(&name_of(&h.from)),
            esc(&name_of(&h.to)),
            if h.grade.is_encrypted() { "g-lock" } else { "g-unlock" },
            esc(&what),
            if j == p.weakest { r#"<strong class="weak-tag"> weakest</strong>"# } else { "" },
        ));
        if !h.note.is_empty() {
            out.push_str(&format!(r#"<div class="hop-note">{}</div>"#, esc(&h.note)));
        }
        if !h.reason.is_empty() {
            out.push_str(&format!(r#"<div class="hop-reason">{}</div>"#, rich_html(&h.reason)));
        }
        out.push_str("</li>");
    }
    out.push_str("</ol></li>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_detail_names_every_hop_and_escapes_labels() {
        let mut d = crate::templates::reference();
        for n in &mut d.nodes {
            if n.id == "db" {
                n.label = "<img src=x onerror=alert(1)>".into();
            }
        }
        let v = crate::verdicts::Verdicts::of(&d);
        let sp = v.store_paths("db").expect("the database has paths");
        let name_of = |id: &str| d.node(id).map_or(id.to_owned(), |n| n.display_name().to_owned());
        let html = detail_html(sp, name_of);
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
        let hops: usize = sp.paths.iter().map(|p| p.hops.len()).sum();
        assert_eq!(html.matches(r#"<li class="hop "#).count(), hops);
        assert_eq!(html.matches("weak-tag").count(), sp.paths.len());
    }
}
