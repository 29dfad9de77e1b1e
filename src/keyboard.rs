//! Keyboard shortcuts: one table that both the key handler and the `?` overlay read, so the
//! overlay cannot list a shortcut that does not exist.

use crate::files;
use crate::state::{Dialog, Editor, Panel, Selection};
use crate::{edit, ui};
use cipherplan::layout::GRID;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Every action the keyboard can trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Delete the selection.
    Delete,
    /// Select every component.
    SelectAll,
    /// Clear the selection, cancel a mode, close a dialog.
    Escape,
    /// Connect the selected component: pick the target next.
    Connect,
    /// Switch between drawing flows and relations.
    RelationMode,
    /// Zoom in.
    ZoomIn,
    /// Zoom out.
    ZoomOut,
    /// Fit the design to the canvas.
    Fit,
    /// Zoom to 100%.
    ActualSize,
    /// Arrange the design in tiers.
    Layout,
    /// Snap to grid on or off.
    Snap,
    /// Show or hide relations.
    Relations,
    /// Open a design file.
    Open,
    /// Save the design as a file.
    Save,
    /// Focus the palette's search box.
    Search,
    /// Show the inspector.
    Inspector,
    /// Show the findings.
    Findings,
    /// Show the paths.
    Paths,
    /// Show the cost estimate.
    Cost,
    /// Show the security overview.
    Security,
    /// Cost badges on the canvas on or off.
    CostBadges,
    /// The security overlay on or off.
    SecurityOverlay,
    /// Apply every automatic fix.
    FixAll,
    /// Move the selection by one grid step (direction in the variant's data).
    Nudge(i8, i8),
    /// Open the templates menu.
    Templates,
    /// Rename the selected component (focus its label field).
    Rename,
    /// Show the shortcuts.
    Help,
    /// Open the export dialog.
    Export,
    /// Make a share link of the design (and the embed code).
    Share,
}

/// One line of the shortcut table.
#[derive(Debug, Clone, Copy)]
pub struct Shortcut {
    /// Keys as shown to the user.
    pub keys: &'static str,
    /// What they do.
    pub what: &'static str,
    /// The action.
    pub action: Action,
}

/// Every shortcut, in the order the overlay lists them.
pub static SHORTCUTS: &[Shortcut] = &[
    Shortcut { keys: "Ctrl/⌘ Z", what: "Undo", action: Action::Undo },
    Shortcut { keys: "Ctrl/⌘ Shift Z  ·  Ctrl Y", what: "Redo", action: Action::Redo },
    Shortcut { keys: "Delete  ·  Backspace", what: "Delete the selection", action: Action::Delete },
    Shortcut { keys: "Ctrl/⌘ A", what: "Select every component", action: Action::SelectAll },
    Shortcut { keys: "Esc", what: "Clear the selection, cancel connecting, close dialogs", action: Action::Escape },
    Shortcut { keys: "Tab  ·  Shift Tab", what: "Move between components (focus selects)", action: Action::Escape },
    Shortcut {
        keys: "← ↑ → ↓", what: "Move the selection one grid step (Shift: five)", action: Action::Nudge(0, 0)
    },
    Shortcut {
        keys: "C",
        what: "Connect the selected component: then pick the target (click, or Tab and Enter)",
        action: Action::Connect,
    },
    Shortcut {
        keys: "R",
        what: "Relation mode: connections become relations (encrypts with, reads secret, ...)",
        action: Action::RelationMode,
    },
    Shortcut { keys: "V", what: "Show or hide relations", action: Action::Relations },
    Shortcut {
        keys: "+  ·  −",
        what: "Zoom in / out (also the mouse wheel, Ctrl + wheel, pinch)",
        action: Action::ZoomIn,
    },
    Shortcut { keys: "F", what: "Fit the design to the canvas", action: Action::Fit },
    Shortcut { keys: "0", what: "Zoom to 100%", action: Action::ActualSize },
    Shortcut { keys: "Space + drag  ·  middle drag  ·  two fingers", what: "Pan", action: Action::Escape },
    Shortcut {
        keys: "L",
        what: "Auto-layout in tiers (internet → edge → compute → data → keys)",
        action: Action::Layout,
    },
    Shortcut { keys: "G", what: "Snap to grid on / off", action: Action::Snap },
    Shortcut { keys: "Shift F", what: "Apply every automatic fix", action: Action::FixAll },
    Shortcut { keys: "Ctrl/⌘ O", what: "Open a design file (or drop it on the canvas)", action: Action::Open },
    Shortcut { keys: "Ctrl/⌘ S", what: "Save the design as a file", action: Action::Save },
    Shortcut { keys: "U", what: "Share a link (URL) to the design, or the code to embed it", action: Action::Share },
    Shortcut { keys: "/", what: "Search the palette (Enter adds the component)", action: Action::Search },
    Shortcut { keys: "I  ·  E  ·  P", what: "Inspector, findings (errors), paths", action: Action::Inspector },
    Shortcut { keys: "$  ·  S", what: "Cost estimate, security overview", action: Action::Cost },
    Shortcut { keys: "B", what: "Cost badges on the canvas on / off", action: Action::CostBadges },
    Shortcut {
        keys: "O",
        what: "Security overlay: colour components and flows by their worst finding",
        action: Action::SecurityOverlay,
    },
    Shortcut {
        keys: "X",
        what: "Export: Terraform, CDK, Pulumi, app files, report, design JSON, diagram (SVG, PNG)",
        action: Action::Export,
    },
    Shortcut { keys: "?", what: "This list", action: Action::Help },
];

/// The action for a key press, if any. `in_field` is true when a text field has focus: then
/// only Escape counts, so typing is never hijacked.
#[must_use]
pub fn action_for(key: &str, ctrl: bool, shift: bool, alt: bool, in_field: bool) -> Option<Action> {
    if in_field {
        return (key == "Escape").then_some(Action::Escape);
    }
    if alt {
        return None;
    }
    let lower = key.to_ascii_lowercase();
    if ctrl {
        return match lower.as_str() {
            "z" if shift => Some(Action::Redo),
            "z" => Some(Action::Undo),
            "y" => Some(Action::Redo),
            "a" => Some(Action::SelectAll),
            "o" => Some(Action::Open),
            "s" => Some(Action::Save),
            "=" | "+" => Some(Action::ZoomIn),
            "-" => Some(Action::ZoomOut),
            _ => None,
        };
    }
    let step = if shift { 5 } else { 1 };
    Some(match key {
        "Delete" | "Backspace" => Action::Delete,
        "Escape" => Action::Escape,
        "ArrowLeft" => Action::Nudge(-step, 0),
        "ArrowRight" => Action::Nudge(step, 0),
        "ArrowUp" => Action::Nudge(0, -step),
        "ArrowDown" => Action::Nudge(0, step),
        "+" | "=" => Action::ZoomIn,
        "-" | "_" => Action::ZoomOut,
        "0" => Action::ActualSize,
        "?" => Action::Help,
        "/" => Action::Search,
        "$" => Action::Cost,
        "F" => Action::FixAll,
        "F2" => Action::Rename,
        _ => match lower.as_str() {
            "c" => Action::Connect,
            "r" => Action::RelationMode,
            "v" => Action::Relations,
            "f" => Action::Fit,
            "l" => Action::Layout,
            "g" => Action::Snap,
            "i" => Action::Inspector,
            "e" => Action::Findings,
            "p" => Action::Paths,
            "s" => Action::Security,
            "b" => Action::CostBadges,
            "o" => Action::SecurityOverlay,
            "t" => Action::Templates,
            "x" => Action::Export,
            "u" => Action::Share,
            _ => return None,
        },
    })
}

/// Runs an action.
pub fn run(ed: Editor, action: Action) {
    match action {
        Action::Undo => ed.undo(),
        Action::Redo => ed.redo(),
        Action::Delete => ed.delete_selection(),
        Action::SelectAll => {
            let nodes = ed.doc.with_untracked(|d| d.nodes.iter().map(|n| n.id.clone()).collect());
            ed.sel.set(Selection { nodes, edges: Default::default() });
        }
        Action::Escape => {
            if ed.dialog.get_untracked().is_some() {
                ed.dialog.set(None);
            } else if ed.connect_from.get_untracked().is_some() {
                ed.connect_from.set(None);
                ed.toast(false, "Connecting cancelled".into());
            } else if ed.path_store.get_untracked().is_some() {
                ed.path_store.set(None);
            } else {
                ed.sel.set(Selection::default());
            }
        }
        Action::Connect => {
            let s = ed.sel.get_untracked();
            match s.nodes.iter().next() {
                Some(from) if s.nodes.len() == 1 => {
                    ed.connect_from.set(Some(from.clone()));
                }
                _ => ed.toast(true, "Select one component first, then press C and pick the target".into()),
            }
        }
        Action::RelationMode => ed.relation_mode.update(|m| *m = !*m),
        Action::Relations => ed.show_relations.update(|m| *m = !*m),
        Action::ZoomIn => ed.zoom_by(1.25),
        Action::ZoomOut => ed.zoom_by(0.8),
        Action::Fit => ed.fit(),
        Action::ActualSize => ed.zoom_by(1.0 / ed.view.get_untracked().zoom),
        Action::Layout => {
            if ed.edit("Auto-layout", |d| {
                cipherplan::layout::arrange(d);
                Ok(())
            }) {
                ed.fit();
            }
        }
        Action::Snap => {
            ed.snap.update(|s| *s = !*s);
            let on = ed.snap.get_untracked();
            ed.toast(false, format!("Snap to grid {}", if on { "on" } else { "off" }));
        }
        Action::Open => files::pick(),
        Action::Save => files::save(ed),
        Action::Search => {
            if let Some(el) = document().get_element_by_id("palette-search") {
                if let Ok(input) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = input.focus();
                }
            }
        }
        Action::Inspector => ed.panel.set(Panel::Inspect),
        Action::Findings => ed.panel.set(Panel::Findings),
        Action::Paths => ed.panel.set(Panel::Paths),
        Action::Cost => ed.panel.set(Panel::Cost),
        Action::Security => ed.panel.set(Panel::Security),
        Action::CostBadges => {
            ed.views.badges.update(|b| *b = !*b);
            let on = ed.views.badges.get_untracked();
            ed.toast(false, format!("Cost badges {}", if on { "on" } else { "off" }));
        }
        Action::SecurityOverlay => {
            ed.views.overlay.update(|b| *b = !*b);
            let on = ed.views.overlay.get_untracked();
            ed.toast(false, format!("Security overlay {}", if on { "on" } else { "off" }));
        }
        Action::FixAll => ui::findings::fix_all(ed),
        Action::Nudge(dx, dy) => {
            let ids: Vec<String> = ed.sel.get_untracked().nodes.into_iter().collect();
            if ids.is_empty() {
                return;
            }
            let (dx, dy) = (f64::from(dx) * GRID, f64::from(dy) * GRID);
            let snap = ed.snap.get_untracked();
            ed.edit("Move", |d| edit::move_nodes(d, &ids, dx, dy, snap));
        }
        Action::Help => ed.dialog.set(Some(Dialog::Help)),
        Action::Export => ed.dialog.set(Some(Dialog::Export)),
        Action::Share => ui::share::start(ed),
        Action::Templates => ed.templates_open.set(true),
        Action::Rename => {
            if ed.sel.with_untracked(|s| s.nodes.len() == 1) {
                ed.panel.set(Panel::Inspect);
                request_animation_frame(|| {
                    if let Some(input) = document()
                        .get_element_by_id("insp-label")
                        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
                    {
                        let _ = input.focus();
                        input.select();
                    }
                });
            }
        }
    }
}

/// Whether the focused element takes typing (inputs, selects, text areas).
fn typing_target(target: Option<web_sys::EventTarget>) -> bool {
    let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return false };
    matches!(el.tag_name().to_ascii_lowercase().as_str(), "input" | "textarea" | "select")
        || el.has_attribute("contenteditable")
}

/// The canvas node id of the focused element, if a canvas node has focus.
pub fn focused_node() -> Option<String> {
    let el = document().active_element()?;
    el.closest("[data-node]").ok().flatten()?.get_attribute("data-node")
}

/// Installs the window's key handler.
pub fn install(ed: Editor) {
    let handle = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        let key = e.key();
        let in_field = typing_target(e.target());
        // Enter on a focused node: finish keyboard connecting, or select it.
        if key == "Enter" && !in_field {
            if let Some(id) = focused_node() {
                if let Some(from) = ed.connect_from.get_untracked() {
                    let relation = ed.relation_mode.get_untracked();
                    let mut new_id = None;
                    ed.edit("Connect", |d| {
                        new_id = Some(edit::connect(d, &from, &id, relation)?);
                        Ok(())
                    });
                    ed.connect_from.set(None);
                    if let Some(e) = new_id {
                        ed.sel.set(Selection::edge(&e));
                    }
                } else {
                    ed.sel.set(Selection::node(&id));
                }
                e.prevent_default();
                return;
            }
        }
        if key == "Tab" || key == " " {
            return;
        }
        let ctrl = e.ctrl_key() || e.meta_key();
        let Some(action) = action_for(&key, ctrl, e.shift_key(), e.alt_key(), in_field) else { return };
        // With a dialog open only Escape acts on the editor.
        if ed.dialog.get_untracked().is_some() && action != Action::Escape {
            return;
        }
        e.prevent_default();
        run(ed, action);
    });
    on_cleanup(move || handle.remove());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_actions_and_fields_keep_their_typing() {
        assert_eq!(action_for("z", true, false, false, false), Some(Action::Undo));
        assert_eq!(action_for("Z", true, true, false, false), Some(Action::Redo));
        assert_eq!(action_for("Backspace", false, false, false, false), Some(Action::Delete));
        assert_eq!(action_for("ArrowLeft", false, true, false, false), Some(Action::Nudge(-5, 0)));
        assert_eq!(action_for("Backspace", false, false, false, true), None);
        assert_eq!(action_for("z", true, false, false, true), None);
        assert_eq!(action_for("Escape", false, false, false, true), Some(Action::Escape));
        assert_eq!(action_for("F", false, true, false, false), Some(Action::FixAll));
        assert_eq!(action_for("f", false, false, false, false), Some(Action::Fit));
        assert_eq!(action_for("q", false, false, false, false), None);
        assert_eq!(action_for("$", false, true, false, false), Some(Action::Cost));
        assert_eq!(action_for("s", false, false, false, false), Some(Action::Security));
        assert_eq!(action_for("o", false, false, false, false), Some(Action::SecurityOverlay));
        assert_eq!(action_for("b", false, false, false, true), None, "typing b in a field");
        assert_eq!(action_for("x", false, false, false, false), Some(Action::Export));
        assert_eq!(action_for("u", false, false, false, false), Some(Action::Share));
        assert_eq!(action_for("s", true, false, false, false), Some(Action::Save));
    }

    #[test]
    fn every_listed_action_has_a_key() {
        let keyed = |a: Action| {
            let keys = [
                "z",
                "y",
                "a",
                "o",
                "s",
                "Delete",
                "Escape",
                "ArrowLeft",
                "+",
                "-",
                "0",
                "?",
                "/",
                "F",
                "c",
                "r",
                "v",
                "f",
                "l",
                "g",
                "i",
                "e",
                "p",
                "$",
                "s",
                "b",
                "o",
                "x",
                "u",
            ];
            keys.iter().any(|k| {
                [true, false].iter().any(|&ctrl| {
                    [true, false].iter().any(|&shift| {
                        action_for(k, ctrl, shift, false, false)
                            .is_some_and(|got| std::mem::discriminant(&got) == std::mem::discriminant(&a))
                    })
                })
            })
        };
        for s in SHORTCUTS {
            assert!(keyed(s.action), "{} has no key", s.keys);
        }
    }
}
