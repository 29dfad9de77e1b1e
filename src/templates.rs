//! The core's templates (the templates menu, and the reference design a first visit opens),
//! as design JSON written at compile time by `build.rs` from `cipherplan::templates`, and
//! read back through the loader the app uses for files and the autosave.

use cipherplan::Design;

/// A template: its name and summary (as in the core) and its design as JSON.
#[derive(Debug)]
pub struct Template {
    /// Name, as `cipherplan template NAME` knows it.
    pub name: &'static str,
    /// One line on what it shows.
    pub summary: &'static str,
    json: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

impl Template {
    /// The template's design.
    ///
    /// # Panics
    /// Never for the JSON `build.rs` wrote: a test loads every template and compares it with
    /// the core's builder.
    #[must_use]
    pub fn design(&self) -> Design {
        let json: serde_json::Value = serde_json::from_str(self.json).expect("build.rs writes valid JSON");
        cipherplan::load::from_json(&json).expect("the core's templates load")
    }
}

/// The reference design (`django-encrypted`), opened on a first visit.
#[must_use]
pub fn reference() -> Design {
    TEMPLATES[0].design()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_loads_back_to_the_core_s_design() {
        assert_eq!(TEMPLATES.len(), cipherplan::templates::TEMPLATES.len());
        for (ours, core) in TEMPLATES.iter().zip(cipherplan::templates::TEMPLATES) {
            assert_eq!((ours.name, ours.summary), (core.name, core.summary));
            assert_eq!(ours.design(), (core.build)(), "{}", ours.name);
        }
        assert_eq!(reference(), cipherplan::templates::reference());
    }
}
