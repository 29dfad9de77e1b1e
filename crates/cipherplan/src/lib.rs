//! cipherplan's domain core: the catalog of AWS components, the design model, the
//! encryption rules, path analysis, and (in later modules) cost, export and report.
//!
//! Architecture invariant: this crate depends on no web crate and does no I/O. Every function
//! takes data and returns data, so the browser, the CLI and the tests call the very same code.
//!
//! ```
//! let design = cipherplan::templates::reference();
//! let findings = cipherplan::rules::check(&design, &cipherplan::rules::Options::default());
//! assert!(findings.iter().all(|f| f.severity != cipherplan::finding::Severity::Error));
//! ```

pub mod analysis;
pub mod catalog;
pub mod cost;
pub mod design;
pub mod diagram;
pub mod export;
pub mod finding;
pub mod hop;
pub mod keys;
pub mod layout;
pub mod load;
pub mod model;
pub mod outputs;
pub mod paths;
pub mod report;
pub mod rest;
pub mod rules;
pub mod sarif;
pub mod schema;
pub mod share;
pub mod summary;
pub mod synth;
pub mod templates;
pub mod value;

pub use design::{Design, Edge, Node, Patch};
pub use finding::{Finding, Severity, Target};
pub use load::{load, LoadError, LoadErrors};
pub use value::Value;
