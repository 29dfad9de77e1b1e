//! cipherplan's browser planner: a Leptos (client-side) app on the cipherplan core.
//!
//! Architecture invariant: components render state and turn gestures into edits; every
//! domain decision (what may connect, defaults for a new flow, verdicts, paths, layout,
//! loading) is a call into the core crate. The pure parts of this crate (history, geometry,
//! edits, autosave encoding, shortcuts) are plain functions tested natively; components are
//! tested in the browser (`tests/web.rs`) and end to end (`tests/e2e/`).
//!
//! # Code map
//! - [`state`] — the [`state::Editor`]: one design signal written only through
//!   [`state::Editor::edit`] (one undo step, one autosave, one re-validation per edit), the
//!   view, the selection, live gesture signals, and memos derived from the design: the
//!   structure [`state::Index`], the [`verdicts::Verdicts`] and the [`state::Scene`] (edge
//!   curves and label positions, computed for all edges at once so labels avoid each other).
//! - [`fanout`] — per-element signals fed from the global state, so a change touches only
//!   the elements it changes (Leptos's subscriber sets make wide fan-in quadratic).
//! - [`history`] — undo/redo as splices of the node and edge lists (not snapshots).
//! - [`edit`] — gestures as pure functions on a design: place, move, resize, delete, connect.
//! - [`verdicts`] — the core's analysis taken apart so the canvas also gets each hop.
//! - [`persist`], [`files`] — autosave in `localStorage`; open and save design files.
//! - [`outputs`] — the client of the output worker (exports, ZIP, report, diagram, cost,
//!   share links), which keeps that half of the core out of the planner's bundle.
//! - [`keyboard`] — the shortcut table (also the `?` overlay) and the key handler.
//! - [`geometry`], [`icons`] — view transform, curves, label placement; the SVG sprite.
//! - [`ui`] — components: canvas (pointer gestures with pointer capture and
//!   `getScreenCTM().inverse()`), node/box/edge views, palette, inspector, findings, paths,
//!   header, dialogs.
//!
//! **Performance invariant:** a drag frame writes only the drag-offset signal; the design
//! (and with it validation, autosave and history) changes once, on release.

pub mod app;
pub mod edit;
pub mod fanout;
pub mod files;
pub mod geometry;
pub mod history;
pub mod icons;
pub mod keyboard;
pub mod outputs;
pub mod persist;
pub mod state;
pub mod ui;
pub mod verdicts;

pub use app::App;
