//! The application: restores the autosaved design (or opens the reference design on a first
//! visit), opens a share link's design (asking first if it would replace the autosave),
//! provides the editor, and lays out header, palette, canvas and side panel; or, with `?embed`,
//! the read-only embed view.

use crate::geometry::View;
use crate::keyboard;
use crate::persist::{self, Restored};
use crate::state::Editor;
use crate::templates::reference;
use crate::ui::canvas::{focus_node, Canvas};
use crate::ui::dialogs::Dialogs;
use crate::ui::header::Header;
use crate::ui::palette::Palette;
use crate::ui::panel::SidePanel;
use leptos::prelude::*;

/// What the app starts with.
struct Start {
    design: cipherplan::Design,
    view: View,
    snap: bool,
    fit: bool,
    notice: Option<String>,
    /// The design came from the autosave (a share link must ask before replacing it).
    saved: bool,
}

fn start() -> Start {
    let saved_view = persist::restore_view();
    let snap = saved_view.is_none_or(|v| v.snap);
    match persist::restore() {
        Restored::Design(design) => {
            let (view, fit) = saved_view.map_or((View::default(), true), |v| (v.view, false));
            Start { design, view, snap, fit, notice: None, saved: true }
        }
        Restored::Nothing => {
            Start { design: reference(), view: View::default(), snap, fit: true, notice: None, saved: false }
        }
        Restored::Unreadable(why) => {
            Start { design: reference(), view: View::default(), snap, fit: true, notice: Some(why), saved: false }
        }
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    // The embed view never touches storage (it throws in a sandboxed frame).
    if crate::share::is_embed() {
        return view! { <crate::ui::embed::EmbedApp/> }.into_any();
    }
    let s = start();
    let ed = Editor::new(s.design, s.view, s.snap);
    provide_context(ed);
    ed.notice.set(s.notice);
    ed.autosave();
    keyboard::install(ed);
    crate::views::install(ed);
    crate::share::open_from_url(ed, s.saved);
    crate::panels::prefetch_on_intent();
    crate::fx::effect(move || {
        if let Some(id) = ed.focus_request.get() {
            request_animation_frame(move || focus_node(&id));
        }
    });
    view! {
        <a class="skip" href="#canvas">"Skip to the canvas"</a>
        <div class="app">
            <Header/>
            <Palette/>
            <main class="main" aria-label="Canvas">
                <Canvas fit_on_mount=s.fit/>
                <crate::ui::security::CanvasOverlayLegend/>
            </main>
            <SidePanel/>
        </div>
        <Dialogs/>
    }
    .into_any()
}
