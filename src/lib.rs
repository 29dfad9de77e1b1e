//! cipherplan's browser planner: a Leptos (client-side) app on the cipherplan core.
//!
//! Architecture invariant: components render state and turn gestures into edits; every
//! domain decision (what may connect, defaults, verdicts, paths, layout) is a call into the
//! core crate. The pure parts of this crate (history, geometry, edits, autosave encoding,
//! shortcuts) are plain functions tested natively.

pub mod app;
pub mod edit;
pub mod files;
pub mod geometry;
pub mod history;
pub mod icons;
pub mod keyboard;
pub mod persist;
pub mod state;
pub mod ui;
pub mod verdicts;

pub use app::App;
