//! Cutting one `## Heading` section out of a rule's doc comment at compile time (`const fn`),
//! with the same result as [`super::RuleMeta::section`]: each line trimmed, lines joined with
//! `\n`, the whole trimmed. The caller trims the ends (`str::trim_ascii`).

/// Length in bytes of the section `heading` of the doc `lines`, before the final trim.
#[must_use]
pub const fn len(lines: &[&str], heading: &str) -> usize {
    walk(lines, heading, &mut [])
}

/// The bytes of the section `heading` of the doc `lines` (`N` = [`len`]), before the final
/// trim.
#[must_use]
pub const fn bytes<const N: usize>(lines: &[&str], heading: &str) -> [u8; N] {
    let mut out = [0u8; N];
    walk(lines, heading, &mut out);
    out
}

/// Walks the lines; writes the section into `out` when it is long enough, and returns its
/// length.
const fn walk(lines: &[&str], heading: &str, out: &mut [u8]) -> usize {
    let mut n = 0;
    let mut inside = false;
    let mut first = true;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_ascii().as_bytes();
        i += 1;
        if line.len() >= 3 && line[0] == b'#' && line[1] == b'#' && line[2] == b' ' {
            let (_, title) = line.split_at(3);
            inside = title.trim_ascii().eq_ignore_ascii_case(heading.as_bytes());
            continue;
        }
        if !inside {
            continue;
        }
        if !first {
            if n < out.len() {
                out[n] = b'\n';
            }
            n += 1;
        }
        first = false;
        let mut j = 0;
        while j < line.len() {
            if n < out.len() {
                out[n] = line[j];
            }
            n += 1;
            j += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::super::RULES;

    #[test]
    fn every_rules_fix_is_its_docs_fix_section() {
        for r in RULES {
            let m = r.meta();
            assert_eq!(m.fix, m.section("Fix"), "{}", m.code);
            assert!(!m.fix.is_empty(), "{}", m.code);
        }
    }

    #[test]
    fn sections_are_cut_like_the_runtime_reader() {
        const LINES: &[&str] = &[" Title.", "", " ## Fix", " Do this,", "   then that.", "", " ## Next", " no"];
        const N: usize = super::len(LINES, "fix");
        const B: [u8; N] = super::bytes(LINES, "fix");
        assert_eq!(std::str::from_utf8(&B).unwrap().trim_ascii(), "Do this,\nthen that.");
        assert_eq!(super::len(LINES, "Absent"), 0);
    }
}
