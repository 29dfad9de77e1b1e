//! `explain`: a rule's documentation, or one section of it, as `cipherplan explain` shows it.
//! The planner's own bundle leaves the rule docs out (they are a quarter of its text); its
//! findings panel asks for the "Why it matters" section when the user opens it.

use super::{param_str, Reply};
use crate::rules;
use serde_json::Value as Json;

/// `explain` {code, section (a `## Heading` of the docs; absent: the whole docs)}. Needs no
/// design.
///
/// # Errors
/// An unknown rule code or section.
pub fn run(params: &Json) -> Result<Reply, String> {
    let code = param_str(params, "code", "")?;
    let rule = rules::rule(code).ok_or_else(|| format!("no rule `{code}` (`cipherplan rules` lists them)"))?;
    let meta = rule.meta();
    match param_str(params, "section", "")? {
        "" => Ok(Reply::Text(meta.docs().to_owned())),
        heading => {
            let text = meta.section(heading);
            if text.is_empty() {
                Err(format!("{} has no section `{heading}`", meta.code))
            } else {
                Ok(Reply::Text(text))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_section_of_every_rule() {
        for r in rules::RULES {
            let code = r.meta().code;
            let Reply::Text(why) = run(&json!({ "code": code, "section": "Why it matters" })).unwrap() else {
                panic!("text")
            };
            assert_eq!(why, r.meta().section("Why it matters"), "{code}");
        }
    }

    #[test]
    fn unknown_code_and_section_are_named() {
        assert!(run(&json!({ "code": "CP-X999" })).unwrap_err().contains("`CP-X999`"));
        let err = run(&json!({ "code": "CP-T013", "section": "Poetry" })).unwrap_err();
        assert!(err.contains("`Poetry`"), "{err}");
    }
}
