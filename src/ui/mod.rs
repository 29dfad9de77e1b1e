//! Components. They render the editor's state and call its edit functions; every decision
//! about the domain is made by the core.

pub mod canvas;
pub mod chrome;
pub mod cost;
pub mod dialogs;
pub mod edge;
pub mod embed;
pub mod export;
pub mod findings;
pub mod header;
pub mod inspector;
pub mod modal;
pub mod node;
pub mod palette;
pub mod panel;
pub mod paths;
pub mod security;
pub mod share;
pub mod switch;
pub mod text;
