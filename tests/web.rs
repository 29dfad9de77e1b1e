//! Browser tests of the components (wasm-bindgen-test in headless Chrome):
//! `cargo test -p cipherplan-web --target wasm32-unknown-unknown`.
//!
//! Each test mounts components into a fresh `<div>` around an editor it keeps, acts through
//! the editor or the DOM, waits a tick for effects, and asserts on the DOM.
#![cfg(target_arch = "wasm32")]
#![allow(missing_docs)]

use cipherplan::catalog::{Group, NODE_KINDS};
use cipherplan::templates::{reference, template};
use cipherplan::{Design, Patch};
use cipherplan_web::geometry::View;
use cipherplan_web::state::{Dialog, Editor, Selection};
use cipherplan_web::ui::canvas::Canvas;
use cipherplan_web::ui::findings::FindingsPanel;
use cipherplan_web::ui::header::Header;
use cipherplan_web::ui::inspector::Inspector;
use cipherplan_web::ui::palette::Palette;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh container in the document.
fn container() -> web_sys::HtmlElement {
    let doc = document();
    let div = doc.create_element("div").unwrap().unchecked_into::<web_sys::HtmlElement>();
    div.set_attribute("style", "width: 1200px; height: 800px; position: relative").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

/// Mounts `f` with an editor around `design`; returns the editor and the container. The mount
/// handle is leaked on purpose: dropping it would unmount the view mid-test.
fn mount_with<V: IntoView + 'static>(
    design: Design,
    f: impl FnOnce() -> V + 'static,
) -> (Editor, web_sys::HtmlElement) {
    let div = container();
    let slot = std::rc::Rc::new(std::cell::Cell::new(None));
    let out = slot.clone();
    let handle = mount_to(div.clone(), move || {
        let ed = Editor::new(design, View::default(), true);
        provide_context(ed);
        out.set(Some(ed));
        f()
    });
    std::mem::forget(handle);
    (slot.take().expect("the view ran"), div)
}

fn count(root: &web_sys::HtmlElement, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn class_of(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .get_attribute("class")
        .unwrap_or_default()
}

fn text_of(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).text_content().unwrap_or_default()
}

fn set_tls(ed: Editor, edge: &str, mode: &str) {
    let edge = edge.to_owned();
    let mode = mode.to_owned();
    ed.edit("set tls", move |d| {
        d.apply(&Patch::SetEdgeProp { edge, prop: "tls".into(), value: mode.into() }).map_err(|e| e.to_string())
    });
}

#[wasm_bindgen_test]
async fn palette_lists_every_catalog_kind_in_its_group() {
    let (_ed, root) = mount_with(reference(), || view! { <Palette/> });
    tick().await;
    assert_eq!(count(&root, ".pal-item"), u32::try_from(NODE_KINDS.len()).unwrap());
    assert_eq!(count(&root, ".pal-group"), u32::try_from(Group::ALL.len()).unwrap());
    for k in NODE_KINDS {
        let sel = format!(".pal-item[data-kind=\"{}\"][draggable=\"true\"]", k.id);
        assert_eq!(count(&root, &sel), 1, "{}", k.id);
    }
    // Searching narrows the list.
    let input: web_sys::HtmlInputElement = root.query_selector("#palette-search").unwrap().unwrap().unchecked_into();
    input.set_value("cloudfront");
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    tick().await;
    assert_eq!(count(&root, ".pal-item"), 1);
}

#[wasm_bindgen_test]
async fn canvas_draws_the_reference_with_live_verdicts() {
    let (ed, root) = mount_with(reference(), || view! { <Canvas fit_on_mount=true/> });
    tick().await;
    assert_eq!(count(&root, "[data-node]"), 28);
    assert_eq!(count(&root, ".layer-edges [data-edge]"), u32::try_from(reference().edges.len()).unwrap());
    assert_eq!(count(&root, ".edge.g-plaintext:not(.loopback)"), 0);
    assert_eq!(count(&root, ".box-task"), 1, "the web task is a box");
    assert!(class_of(&root, ".layer-edges [data-edge=\"nginx-gunicorn\"]").contains("loopback"));
    assert_eq!(text_of(&root, "[data-node=\"db\"] .badge text"), "CMK");

    set_tls(ed, "gunicorn-db", "disable");
    tick().await;
    assert!(class_of(&root, ".layer-edges [data-edge=\"gunicorn-db\"]").contains("g-plaintext"));
    assert_eq!(text_of(&root, ".layer-labels [data-edge=\"gunicorn-db\"] text"), "PostgreSQL");
    assert!(ed.verdicts.with_untracked(|v| v.summary.errors) >= 1);

    ed.undo();
    tick().await;
    assert!(class_of(&root, ".layer-edges [data-edge=\"gunicorn-db\"]").contains("g-verified"));
    ed.redo();
    tick().await;
    assert!(class_of(&root, ".layer-edges [data-edge=\"gunicorn-db\"]").contains("g-plaintext"));
}

#[wasm_bindgen_test]
async fn selection_and_delete_go_through_history() {
    let (ed, root) = mount_with(reference(), || view! { <Canvas fit_on_mount=false/> });
    tick().await;
    ed.sel.set(Selection::node("web"));
    tick().await;
    assert!(class_of(&root, "[data-node=\"web\"]").contains("selected"));
    ed.delete_selection();
    tick().await;
    assert_eq!(count(&root, "[data-node=\"web\"]"), 0);
    assert_eq!(count(&root, "[data-node=\"nginx\"]"), 0, "the task's containers went with it");
    ed.undo();
    tick().await;
    assert_eq!(count(&root, "[data-node]"), 28);
    assert_eq!(ed.doc.get_untracked(), reference());
}

#[wasm_bindgen_test]
async fn inspector_builds_controls_from_the_catalog() {
    let (ed, root) = mount_with(reference(), || view! { <Inspector/> });
    ed.sel.set(Selection::node("db"));
    tick().await;
    let spec = cipherplan::catalog::NodeKind::RdsPostgres.spec().prop("engine_version").unwrap();
    let cipherplan::catalog::PropType::Enum(versions) = spec.ty else { panic!("engine_version is an enum") };
    assert_eq!(count(&root, "#p-db-engine-version option"), u32::try_from(versions.len()).unwrap());
    let toggle: web_sys::HtmlInputElement = root.query_selector("#p-db-multi-az").unwrap().unwrap().unchecked_into();
    assert_eq!(toggle.type_(), "checkbox");
    assert!(!toggle.checked());
    toggle.click();
    tick().await;
    assert!(ed.doc.with_untracked(|d| d.node("db").unwrap().bool("multi_az")));
    // Out-of-range numbers are refused with a message and leave the design alone.
    let storage: web_sys::HtmlInputElement =
        root.query_selector("#p-db-allocated-storage").unwrap().unwrap().unchecked_into();
    let before = ed.doc.get_untracked();
    storage.set_value("5");
    storage.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    tick().await;
    assert_eq!(ed.doc.get_untracked(), before);
    assert!(text_of(&root, ".field-error").contains("20"));
    assert_eq!(storage.get_attribute("aria-invalid").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn findings_panel_applies_fixes_through_undo() {
    let baseline = (template("django-baseline").unwrap().build)();
    let (ed, root) = mount_with(baseline.clone(), || view! { <FindingsPanel/> });
    tick().await;
    let errors = ed.verdicts.with_untracked(|v| v.summary.errors);
    assert!(errors > 0);
    assert_eq!(count(&root, ".finding-group.sev-error .finding"), u32::try_from(errors).unwrap());
    let button: web_sys::HtmlElement = root.query_selector(".finding .primary").unwrap().unwrap().unchecked_into();
    button.click();
    tick().await;
    assert!(ed.verdicts.with_untracked(|v| v.summary.errors) < errors);
    ed.undo();
    tick().await;
    assert_eq!(ed.doc.get_untracked(), baseline);
}

#[wasm_bindgen_test]
async fn header_shows_score_and_coverage() {
    let (ed, root) = mount_with(reference(), || view! { <Header/> });
    tick().await;
    assert_eq!(text_of(&root, "[data-testid=\"score\"]"), "100");
    assert_eq!(text_of(&root, "[data-testid=\"transit\"]"), "100%");
    set_tls(ed, "users-alb", "disable");
    tick().await;
    assert_ne!(text_of(&root, "[data-testid=\"transit\"]"), "100%");
    assert_ne!(text_of(&root, "[data-testid=\"errors\"]"), "0");
}

#[wasm_bindgen_test]
async fn a_bad_file_opens_a_dialog_and_keeps_the_design() {
    let (ed, _root) = mount_with(reference(), || view! { <p>"files"</p> });
    tick().await;
    cipherplan_web::files::open_text(
        ed,
        "bad.json",
        r#"{"format":"cipherplan/1","nodes":[{"id":"a","kind":"nope","x":0,"y":0}],"edges":[]}"#,
    );
    match ed.dialog.get_untracked() {
        Some(Dialog::LoadErrors { errors, .. }) => assert_eq!(errors[0].path, "$.nodes[0].kind"),
        other => panic!("expected the load errors dialog, got {other:?}"),
    }
    assert_eq!(ed.doc.get_untracked(), reference());
}

#[wasm_bindgen_test]
fn autosave_round_trips_through_local_storage() {
    let d = reference();
    cipherplan_web::persist::save(&d).unwrap();
    assert_eq!(cipherplan_web::persist::restore(), cipherplan_web::persist::Restored::Design(d));
    let storage = window().local_storage().unwrap().unwrap();
    storage.set_item(cipherplan_web::persist::KEY_DESIGN, "{broken").unwrap();
    assert!(matches!(cipherplan_web::persist::restore(), cipherplan_web::persist::Restored::Unreadable(_)));
    assert_eq!(storage.get_item(cipherplan_web::persist::KEY_UNREADABLE).unwrap().as_deref(), Some("{broken"));
    storage.clear().unwrap();
}

#[wasm_bindgen_test]
async fn the_browsers_inflater_reads_what_the_core_encodes() {
    use cipherplan::share::{encode, ShareError};
    use cipherplan_web::share::decode;
    for t in cipherplan::templates::TEMPLATES {
        let design = (t.build)();
        assert_eq!(decode(&encode(&design)).await.unwrap(), design, "{}", t.name);
    }
    let link = encode(&reference());
    // Cut off mid-stream (a whole number of base64 quads, so the base64 itself is fine).
    let cut = format!("d1.{}", &link[3..3 + (link.len() - 3) / 2 / 4 * 4]);
    assert!(matches!(decode(&cut).await, Err(ShareError::NotDeflate(_))), "{:?}", decode(&cut).await);
    assert_eq!(decode("d9.AAAA").await, Err(ShareError::UnknownFormat("d9".into())));
    assert!(matches!(decode("d1.a*b").await, Err(ShareError::NotBase64 { position: 1, found: '*' })));
}

#[wasm_bindgen_test]
async fn a_read_only_editor_refuses_every_change() {
    let (ed, _div) = mount_with(reference(), || view! { <Canvas fit_on_mount=false/> });
    let ro = ed.into_read_only();
    assert!(!ro.edit("clear", |d| {
        d.nodes.clear();
        Ok(())
    }));
    ro.replace("other", Design::new("other"));
    ro.sel.set(Selection::node("db"));
    ro.delete_selection();
    ro.undo();
    tick().await;
    assert_eq!(ro.doc.get_untracked(), reference());
    assert_eq!(ro.undo_redo.get_untracked(), (None, None), "nothing was recorded");
    // The same signals through the ordinary editor still edit.
    assert!(ed.edit("clear", |d| {
        d.nodes.retain(|n| n.id != "beat");
        Ok(())
    }));
    assert!(ro.doc.with_untracked(|d| d.node("beat").is_none()));
}

#[wasm_bindgen_test]
fn typed_numbers_read_through_the_browser_equal_rust_s_parser() {
    use cipherplan_web::number::parse_decimal;
    for t in [
        "0",
        "-3",
        "+2.5",
        "0.7",
        ".5",
        "5.",
        "1e3",
        "1E-3",
        "-2.5e+2",
        "0.1",
        "2.2250738585072014e-308",
        "9007199254740993",
        "1.7976931348623157e308",
    ] {
        assert_eq!(parse_decimal(t), t.parse::<f64>().ok(), "{t}");
    }
    for t in ["", " 1", "12abc", "0x10", "Infinity", "NaN", "1e400", "1e"] {
        assert_eq!(parse_decimal(t), None, "{t}");
    }
}

#[wasm_bindgen_test]
async fn the_modal_dialog_draws_the_planner_s_description_and_reports_actions() {
    use cipherplan_web::ui::modal::{Described, ModalDialog};
    let ed = Editor::new(reference(), View::default(), true);
    let bad = cipherplan::load::load(
        r#"{"format":"cipherplan/1","nodes":[{"id":"a","kind":"nope","x":0,"y":0}],"edges":[]}"#,
    )
    .unwrap_err();
    let described =
        cipherplan_web::ui::dialogs::describe(ed, &Dialog::LoadErrors { file: "bad.json".into(), errors: bad.0 });
    let dialog = Described::read(&described).unwrap();
    let actions = RwSignal::new(Vec::<(String, String)>::new());
    let div = container();
    let handle = mount_to(div.clone(), move || {
        view! { <ModalDialog dialog=dialog on_action=Callback::new(move |a| actions.update(|v| v.push(a)))/> }
    });
    tick().await;
    assert_eq!(text_of(&div, "#dialog-title"), "bad.json could not be opened");
    assert_eq!(text_of(&div, ".load-errors code.path"), "$.nodes[0].kind");
    div.query_selector("button[aria-label=Close]").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    assert_eq!(actions.get_untracked(), vec![("close".to_owned(), String::new())]);
    drop(handle);
    assert_eq!(count(&div, "[role=dialog]"), 0, "unmounting removes the dialog");
}
