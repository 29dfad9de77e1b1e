//! The findings panel: grouped by severity, each with why it matters and how to fix it; a click
//! finds the element on the canvas; "Apply fix" and "Fix all" go through undo.

use crate::state::{use_editor, Editor};
use crate::ui::text::rich;
use cipherplan::finding::{Finding, Severity, Target};
use cipherplan::rules::{self, Options};
use leptos::prelude::*;

/// Applies every automatic fix as one undo step.
pub fn fix_all(ed: Editor) {
    let mut applied = Vec::new();
    let changed = ed.edit("Fix all", |d| {
        let (fixed, titles) = rules::fix_all(d, &Options::default(), 500);
        applied = titles;
        *d = fixed;
        Ok(())
    });
    if changed {
        ed.toast(false, format!("Applied {} fix{}", applied.len(), if applied.len() == 1 { "" } else { "es" }));
    } else {
        ed.toast(false, "Nothing to fix automatically".into());
    }
}

fn severity_title(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Info",
    }
}

/// One finding: severity, code, what, why, fix.
#[component]
pub fn FindingCard(
    /// The finding.
    finding: Finding,
    /// Show which element it is about (the findings panel does; the inspector does not).
    show_target: bool,
) -> impl IntoView {
    let ed = use_editor();
    let f = finding;
    let sev = f.severity;
    let meta = rules::rule(f.code).map(|r| r.meta());
    let name = meta.map_or("", |m| m.name);
    // The rule docs are not in the planner's bundle: the worker sends this section the first
    // time the user opens it.
    let why: RwSignal<Option<String>> = RwSignal::new(None);
    let code = f.code;
    let load_why = move |_| {
        if why.with_untracked(Option::is_some) {
            return;
        }
        why.set(Some("…".into()));
        leptos::task::spawn_local(async move {
            let params = serde_json::json!({ "code": code, "section": "Why it matters" });
            let text = match crate::outputs::call_without_design("explain", params).await {
                Ok(reply) => reply.text().unwrap_or_default().to_owned(),
                Err(e) => format!("The explanation could not be loaded: {e}"),
            };
            why.set(Some(text));
        });
    };
    let target_id = f.target.id().map(str::to_owned);
    let target_name = {
        let t = f.target.clone();
        move || {
            ed.doc.with(|d| match &t {
                Target::Design => "the design".to_owned(),
                Target::Node(id) => d.node(id).map_or(id.clone(), |n| n.display_name().to_owned()),
                Target::Edge(id) => d.edge(id).map_or(id.clone(), |e| {
                    let n = |id: &str| d.node(id).map_or(id.to_owned(), |n| n.display_name().to_owned());
                    format!("{} → {}", n(&e.from), n(&e.to))
                }),
            })
        }
    };
    let reveal = {
        let target_id = target_id.clone();
        move |_| {
            if let Some(id) = &target_id {
                ed.reveal(id);
            }
        }
    };
    let autofix = f.autofix.clone();
    let apply = move |_| {
        if let Some(fix) = autofix.clone() {
            let title = fix.title.clone();
            if ed.edit(&title, |d| fix.apply(d).map_err(|e| format!("The fix no longer applies: {e}"))) {
                ed.toast(false, format!("Fixed: {title}"));
            }
        }
    };
    let class = format!("finding sev-{}", sev.as_str());
    let scanners = f.scanner_ids.join(", ");
    let reveal_card = reveal.clone();
    view! {
        <article class=class on:click=move |e: leptos::ev::MouseEvent| {
            // The card finds its element; links and buttons inside do their own thing.
            let inner = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .and_then(|el| el.closest("button, summary, a").ok().flatten());
            if inner.is_none() {
                reveal_card(e);
            }
        }>
            <header>
                <span class="sev-dot" aria-hidden="true"></span>
                <span class="code" title=name>{f.code}</span>
                {show_target.then(|| view! {
                    <button class="link target" title="Select and centre it on the canvas" on:click=reveal.clone()>{target_name.clone()}</button>
                })}
            </header>
            <p class="message">{rich(&f.message)}</p>
            <p class="fix"><strong>"Fix: "</strong>{rich(&f.fix)}</p>
            {meta.is_some().then(|| view! {
                <details class="why" on:toggle=load_why>
                    <summary>"Why it matters"</summary>
                    <p>{move || why.get().map(|w| rich(&w))}</p>
                    {(!scanners.is_empty()).then(|| view! { <p class="muted">"Scanners: " {scanners.clone()}</p> })}
                </details>
            })}
            <div class="finding-actions">
                {f.autofix.is_some().then(|| view! { <button class="primary small" on:click=apply.clone()>"Apply fix"</button> })}
                {(show_target && target_id.is_some()).then(|| view! { <button class="small" on:click=reveal.clone()>"Show"</button> })}
            </div>
        </article>
    }
}

/// The findings panel.
#[component]
pub fn FindingsPanel() -> impl IntoView {
    let ed = use_editor();
    let findings = Memo::new(move |_| ed.verdicts.with(|v| v.findings.clone()));
    let fixable = move || findings.with(|f| f.iter().filter(|f| f.autofix.is_some()).count());
    let group = move |sev: Severity| {
        move || {
            let items: Vec<Finding> = findings.with(|f| f.iter().filter(|f| f.severity == sev).cloned().collect());
            (!items.is_empty()).then(|| {
                let n = items.len();
                view! {
                    <section class=format!("finding-group sev-{}", sev.as_str())>
                        <h3>{severity_title(sev)} <span class="n">{n}</span></h3>
                        {items.into_iter().map(|f| view! { <FindingCard finding=f show_target=true/> }).collect_view()}
                    </section>
                }
            })
        }
    };
    view! {
        <div class="findings">
            <div class="findings-bar">
                <span>{move || {
                    let n = findings.with(Vec::len);
                    if n == 0 { "No findings".to_owned() } else { format!("{n} finding{}", if n == 1 { "" } else { "s" }) }
                }}</span>
                <button class="primary" disabled=move || fixable() == 0 title="Apply every automatic fix (Shift+F); one undo step" on:click=move |_| fix_all(ed)>
                    {move || format!("Fix all ({})", fixable())}
                </button>
            </div>
            <p class="ok-line big" hidden=move || !findings.with(Vec::is_empty)>
                "✓ Every flow and every store checks out."
            </p>
            {group(Severity::Error)}
            {group(Severity::Warning)}
            {group(Severity::Info)}
        </div>
    }
}
