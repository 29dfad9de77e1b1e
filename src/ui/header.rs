//! The header: the design's name, the edit commands, the templates menu, and the verdict at a
//! glance (score, coverage in transit and at rest, customer-key share, finding counts).

use crate::files;
use crate::geometry::fixed;
use crate::keyboard::{run, Action};
use crate::state::{use_editor, Panel, Selection};
use crate::templates::TEMPLATES;
use cipherplan::summary::Summary;
use cipherplan::Design;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Colour class of a score.
fn score_class(score: u8) -> &'static str {
    match score {
        90..=100 => "good",
        60..=89 => "fair",
        _ => "poor",
    }
}

/// The header bar.
#[component]
pub fn Header() -> impl IntoView {
    let ed = use_editor();
    let name = move || ed.doc.with(|d| d.name.clone());
    let undo_title = move || ed.undo_redo.with(|(u, _)| u.clone());
    let redo_title = move || ed.undo_redo.with(|(_, r)| r.clone());
    let summary = Memo::new(move |_| ed.verdicts.with(|v| v.summary.clone()));
    let menu_open = ed.templates_open;
    let menu_ref: NodeRef<leptos::html::Div> = NodeRef::new();
    // Opening the menu (click or T) focuses its first item; arrows move, Escape closes.
    crate::fx::effect(move || {
        if menu_open.get() {
            request_animation_frame(move || {
                if let Some(first) = menu_ref.get_untracked().and_then(|m| m.query_selector("button").ok().flatten()) {
                    let _ = first.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            });
        }
    });
    let on_menu_key = move |e: leptos::ev::KeyboardEvent| {
        let step = match e.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        e.prevent_default();
        let Some(menu) = menu_ref.get_untracked() else { return };
        let Ok(items) = menu.query_selector_all("button") else { return };
        let active = document().active_element();
        let n = i32::try_from(items.length()).unwrap_or(0);
        let current = (0..n).find(|&i| {
            items.item(u32::try_from(i).unwrap_or(0)).map(|x| x.unchecked_into::<web_sys::Element>()) == active
        });
        let next = current.map_or(0, |c| (c + step).rem_euclid(n.max(1)));
        if let Some(el) = items.item(u32::try_from(next).unwrap_or(0)) {
            let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    };
    let choose = move |design: Design, title: String| {
        menu_open.set(false);
        ed.replace(&title, design);
        ed.toast(false, format!("{title} — Undo (Ctrl+Z) brings the previous design back"));
    };
    let close_menu = window_event_listener(leptos::ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.key() == "Escape" {
            menu_open.set(false);
        }
    });
    let click_away = window_event_listener(leptos::ev::pointerdown, move |e: web_sys::PointerEvent| {
        let inside = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest(".menu-wrap").ok().flatten())
            .is_some();
        if !inside && menu_open.get_untracked() {
            menu_open.set(false);
        }
    });
    on_cleanup(move || {
        close_menu.remove();
        click_away.remove();
    });
    let on_file = move |e: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&e);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            files::open(ed, file);
        }
        input.set_value("");
    };
    view! {
        <header class="header">
            <div class="brand">
                <img src="public/logo.svg" alt="" width="28" height="28"/>
                <span class="brand-name">"cipherplan"</span>
                <button
                    class="design-name"
                    title="Design settings"
                    on:click=move |_| {
                        ed.sel.set(Selection::default());
                        ed.panel.set(Panel::Inspect);
                    }
                >
                    {name}
                </button>
            </div>
            <nav class="commands" aria-label="Design commands">
                <button
                    class="icon-btn"
                    aria-label="Undo"
                    title=move || undo_title().map_or("Nothing to undo".to_owned(), |t| format!("Undo: {t} (Ctrl+Z)"))
                    disabled=move || undo_title().is_none()
                    on:click=move |_| ed.undo()
                >
                    <svg class="ico" viewBox="0 0 16 16" aria-hidden="true"><path d="M6 3.5L2.5 7 6 10.5M3 7h6.5a4 4 0 010 8H7"/></svg>
                </button>
                <button
                    class="icon-btn"
                    aria-label="Redo"
                    title=move || redo_title().map_or("Nothing to redo".to_owned(), |t| format!("Redo: {t} (Ctrl+Shift+Z)"))
                    disabled=move || redo_title().is_none()
                    on:click=move |_| ed.redo()
                >
                    <svg class="ico" viewBox="0 0 16 16" aria-hidden="true"><path d="M10 3.5L13.5 7 10 10.5M13 7H6.5a4 4 0 000 8H9"/></svg>
                </button>
                <span class="sep"></span>
                <div class="menu-wrap">
                    <button
                        aria-haspopup="menu"
                        title="Templates (T)"
                        aria-expanded=move || menu_open.get().to_string()
                        on:click=move |_| menu_open.update(|o| *o = !*o)
                    >
                        "Templates ▾"
                    </button>
                    <div class="menu" role="menu" node_ref=menu_ref on:keydown=on_menu_key hidden=move || !menu_open.get()>
                            {TEMPLATES
                                .iter()
                                .map(|t| {
                                    view! {
                                        <button
                                            role="menuitem"
                                            on:click=move |_| choose(t.design(), format!("Template {}", t.name))
                                        >
                                            <strong>{t.name}</strong>
                                            <span>{t.summary}</span>
                                        </button>
                                    }
                                })
                                .collect_view()}
                            <button
                                role="menuitem"
                                on:click=move |_| choose(Design::new("untitled"), "New empty design".to_owned())
                            >
                                <strong>"Empty design"</strong>
                                <span>"Start from a blank canvas."</span>
                            </button>
                        </div>
                </div>
                <button title="Open a design file (Ctrl+O) — or drop it on the canvas" on:click=move |_| files::pick()>
                    "Open"
                </button>
                <input
                    id=files::INPUT_ID
                    class="visually-hidden"
                    type="file"
                    accept=".json,application/json"
                    tabindex="-1"
                    aria-label="Open a design file"
                    on:change=on_file
                />
                <button title="Save the design as a file (Ctrl+S)" on:click=move |_| files::save(ed)>"Save"</button>
                <button data-prefetch title="Export Terraform, CDK, Pulumi, the report or the diagram (X)" on:click=move |_| run(ed, Action::Export)>
                    "Export"
                </button>
                <button data-prefetch title="Share a link that carries the design, or embed it in documentation (U)" on:click=move |_| run(ed, Action::Share)>
                    "Share"
                </button>
                <span class="sep"></span>
                <button title="Arrange in tiers: internet → edge → compute → data → keys (L)" on:click=move |_| run(ed, Action::Layout)>
                    "Auto-layout"
                </button>
                <button class="icon-btn" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" on:click=move |_| run(ed, Action::Help)>
                    "?"
                </button>
            </nav>
            // One block re-rendered per change of the figures: they change together.
            {move || summary.with(|s| verdict_view(s, ed))}
        </header>
    }
}

/// The verdict at a glance: score gauge, coverage figures, finding counts.
fn verdict_view(s: &Summary, ed: crate::state::Editor) -> impl IntoView {
    // The gauge: a circle whose stroke length is the score.
    let c = 2.0 * std::f64::consts::PI * 15.0;
    let dash = format!("{} {}", fixed(c * f64::from(s.score) / 100.0, 2), fixed(c, 2));
    let pct = |v: f64| format!("{}%", fixed(v.floor(), 0));
    view! {
        <div class="verdict" aria-label="Encryption verdict">
            <div class=format!("score {}", score_class(s.score)) title="Score 0–100: coverage in transit (50), at rest (30) and with customer keys (20), lowered by errors and warnings">
                <svg viewBox="0 0 36 36" aria-hidden="true">
                    <circle class="track" cx="18" cy="18" r="15"></circle>
                    <circle class="bar" cx="18" cy="18" r="15" stroke-dasharray=dash transform="rotate(-90 18 18)"></circle>
                </svg>
                <span class="score-value" data-testid="score">{s.score}</span>
            </div>
            <dl class="coverage">
                <div title=format!("{} of {} network flows encrypted ({} loopback flows inside tasks not counted)", s.flows_encrypted, s.flows, s.loopback_flows)>
                    <dt>"In transit"</dt>
                    <dd data-testid="transit">{pct(s.transit_pct)}</dd>
                </div>
                <div title=format!("{} of {} stores encrypted at rest", s.stores_encrypted, s.stores)>
                    <dt>"At rest"</dt>
                    <dd data-testid="rest">{pct(s.rest_pct)}</dd>
                </div>
                <div title=format!("{} of {} stores on a customer managed KMS key", s.stores_cmk, s.stores)>
                    <dt>"CMK"</dt>
                    <dd data-testid="cmk">{pct(s.cmk_pct)}</dd>
                </div>
            </dl>
            <button class="counts" title="Show the findings (E)" on:click=move |_| ed.panel.set(Panel::Findings)>
                <span class="count sev-error" data-testid="errors">{s.errors}</span>
                <span class="count sev-warning" data-testid="warnings">{s.warnings}</span>
                <span class="count sev-info" data-testid="infos">{s.infos}</span>
                <span class="visually-hidden">"errors, warnings, infos"</span>
            </button>
        </div>
    }
}
