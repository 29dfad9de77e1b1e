//! The path view: pick a store and see every worst path from the internet or an operator to
//! it, hop by hop, with where TLS terminates; the canvas highlights those hops.

use crate::state::use_editor;
use crate::ui::edge::grade_class;
use crate::ui::text::rich;
use cipherplan::hop::Grade;
use cipherplan::paths::Path;
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
    let name_of = move |id: &str| ed.doc.with(|d| d.node(id).map_or(id.to_owned(), |n| n.display_name().to_owned()));
    let detail = move || {
        let store = ed.path_store.get()?;
        let sp = ed.verdicts.with(|v| v.store_paths(&store).cloned())?;
        let headline = if !sp.reachable {
            "No entry point reaches this store through flows.".to_owned()
        } else if sp.end_to_end_encrypted {
            "Encrypted on every network hop of every path.".to_owned()
        } else {
            format!("Weakest path: {}.", grade_word(sp.worst))
        };
        let class = sp.worst.map_or("unreachable", grade_class);
        Some(view! {
            <div class=format!("path-summary g-{class}")>
                <strong>{headline}</strong>
                {sp.best.map(|b| view! { <span class="muted">" Strongest path: " {b.word()} "."</span> })}
            </div>
            <ol class="paths">
                {sp.paths.iter().enumerate().map(|(i, p)| path_view(i, p, name_of)).collect_view()}
            </ol>
        })
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
            {detail}
        </div>
    }
}

fn path_view(i: usize, p: &Path, name_of: impl Fn(&str) -> String + Copy + 'static) -> impl IntoView {
    let entry = name_of(&p.entry);
    let grade = p.grade;
    view! {
        <li class=format!("path g-{}", grade_class(grade))>
            <h4>{format!("Path {} from {entry}", i + 1)} <span class="pill grade">{grade.word()}</span></h4>
            <ol class="hops">
                {p.hops
                    .iter()
                    .enumerate()
                    .map(|(j, h)| {
                        let weakest = j == p.weakest;
                        let implicit = h.edge.is_empty();
                        view! {
                            <li class=format!("hop g-{}", grade_class(h.grade)) class:weakest=weakest class:implicit=implicit class:loopback=h.loopback>
                                <div class="hop-line">
                                    <span class="hop-n">{j + 1}</span>
                                    <span>{name_of(&h.from)} " → " {name_of(&h.to)}</span>
                                </div>
                                <div class="hop-meta">
                                    <svg class="ico" viewBox="0 0 16 16" aria-hidden="true">
                                        <use_ href=if h.grade.is_encrypted() { "#g-lock" } else { "#g-unlock" }></use_>
                                    </svg>
                                    {if implicit { "inside the task".to_owned() } else { format!("{} · {}", h.protocol, h.grade.word()) }}
                                    {weakest.then(|| view! { <strong class="weak-tag">" weakest"</strong> })}
                                </div>
                                {(!h.note.is_empty()).then(|| view! { <div class="hop-note">{h.note.clone()}</div> })}
                                {(!h.reason.is_empty()).then(|| view! { <div class="hop-reason">{rich(&h.reason)}</div> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </li>
    }
}
