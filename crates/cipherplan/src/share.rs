//! Share links: a design carried in a URL fragment, so nothing goes to any server.
//!
//! The fragment is `d1.` followed by the design's compact JSON, raw-deflated and written in
//! base64url without padding. The `d1.` tag names the format so a later one can be told apart.
//! Decoding treats the fragment as hostile: every byte is checked, inflating stops at
//! [`MAX_INFLATED`] bytes (a few hundred bytes of deflate can claim gigabytes), and the JSON then
//! goes through the same loader as a design file, so a link reports the same errors, with the
//! same JSON paths, as the file would.

use crate::design::Design;
use crate::load::{self, LoadErrors};
use std::fmt;

/// The tag that starts every fragment of this format.
pub const PREFIX: &str = "d1.";

/// Longest fragment a share link should carry (characters). Browsers accept far longer URLs,
/// but chat tools, mail clients and link shorteners cut them around here; a larger design is
/// offered as a file download instead.
pub const MAX_URL_FRAGMENT: usize = 32_000;

/// Most bytes a fragment may inflate to. Designs of hundreds of nodes stay far below it.
pub const MAX_INFLATED: usize = 8 * 1024 * 1024;

/// Why a fragment is not a design.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment is empty.
    Empty,
    /// The fragment does not start with a known format tag (`d1.`).
    UnknownFormat(String),
    /// A character outside base64url (`A-Z a-z 0-9 - _`), at this position of the payload.
    NotBase64 {
        /// Character position in the payload (after the tag).
        position: usize,
        /// The character.
        found: char,
    },
    /// The payload's length cannot be base64 (one character too many).
    TruncatedBase64,
    /// The payload is not a raw deflate stream (cut off, or not compressed by us).
    NotDeflate(String),
    /// The payload inflates to more than [`MAX_INFLATED`] bytes.
    TooLarge {
        /// The limit that was exceeded.
        limit: usize,
    },
    /// The inflated payload is not UTF-8 text.
    NotText,
    /// The text is not a valid design: the loader's errors, with their JSON paths.
    Design(LoadErrors),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "the link carries no design"),
            Self::UnknownFormat(tag) => {
                write!(f, "the link's design format `{tag}` is unknown (this version reads `{PREFIX}` links)")
            }
            Self::NotBase64 { position, found } => {
                write!(f, "the link is damaged: {found:?} at position {position} is not base64url")
            }
            Self::TruncatedBase64 => write!(f, "the link is damaged: it was cut off (base64 length)"),
            Self::NotDeflate(why) => write!(f, "the link is damaged: its data does not decompress ({why})"),
            Self::TooLarge { limit } => write!(f, "the link's design would be larger than {limit} bytes; refused"),
            Self::NotText => write!(f, "the link is damaged: its data is not UTF-8 text"),
            Self::Design(errors) => write!(f, "the link's design is not valid:\n{errors}"),
        }
    }
}

impl std::error::Error for ShareError {}

/// The share fragment of `design` (without the `#`).
#[must_use]
pub fn encode(design: &Design) -> String {
    // Serializing a design (strings, numbers, maps with string keys) cannot fail.
    let json = serde_json::to_string(design).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    let mut out = String::with_capacity(PREFIX.len() + packed.len().div_ceil(3) * 4);
    out.push_str(PREFIX);
    base64url_encode(&packed, &mut out);
    out
}

/// Whether an encoded fragment is short enough for a link ([`MAX_URL_FRAGMENT`]).
#[must_use]
pub fn fits_in_url(encoded: &str) -> bool {
    encoded.len() <= MAX_URL_FRAGMENT
}

/// Reads a share fragment (with or without the leading `#`) back into a design.
///
/// # Errors
/// What is wrong with the fragment: unknown format tag, not base64url, not deflate, larger
/// than [`MAX_INFLATED`] once inflated, not UTF-8, or every error the design loader finds.
pub fn decode(fragment: &str) -> Result<Design, ShareError> {
    let packed = unpack(fragment)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INFLATED).map_err(|e| {
        if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput {
            ShareError::TooLarge { limit: MAX_INFLATED }
        } else {
            ShareError::NotDeflate(format!("{:?}", e.status))
        }
    })?;
    parse(json)
}

/// The first step of [`decode`]: checks the format tag and undoes the base64url, giving the raw
/// deflate stream. Split out so the browser app can inflate with the browser's own
/// `DecompressionStream("deflate-raw")` (no inflater in its wasm) and finish with [`parse`].
///
/// # Errors
/// An empty fragment, an unknown format tag, or a payload that is not base64url.
pub fn unpack(fragment: &str) -> Result<Vec<u8>, ShareError> {
    let fragment = fragment.trim();
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.is_empty() {
        return Err(ShareError::Empty);
    }
    let Some(payload) = fragment.strip_prefix(PREFIX) else {
        let tag: String = fragment.split('.').next().unwrap_or_default().chars().take(16).collect();
        return Err(ShareError::UnknownFormat(tag));
    };
    base64url_decode(payload)
}

/// The last step of [`decode`]: the inflated bytes (at most [`MAX_INFLATED`]) as a design.
///
/// # Errors
/// Not UTF-8, or every error the design loader finds.
pub fn parse(inflated: Vec<u8>) -> Result<Design, ShareError> {
    let text = String::from_utf8(inflated).map_err(|_| ShareError::NotText)?;
    load::load(&text).map_err(ShareError::Design)
}

/// Whether a URL fragment (with or without `#`) is meant as a share link: `d`, a version
/// number and a dot, as in `d1.`. Anything else (`#canvas`, an empty hash) is an ordinary
/// anchor and is left alone; a `d7.` link is a share link this version cannot read, and
/// [`decode`] says so.
#[must_use]
pub fn is_fragment(hash: &str) -> bool {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let Some(rest) = hash.strip_prefix('d') else { return false };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest.as_bytes().get(digits) == Some(&b'.')
}

/// The query that switches the app to its read-only embed view.
pub const EMBED_QUERY: &str = "?embed";

/// The `<iframe>` that embeds the view at `src` (an app URL with [`EMBED_QUERY`] and a
/// fragment) in another page. The sandbox gives the view an opaque origin (no cookies, no
/// storage, no access to the host page); `allow-popups` and `allow-popups-to-escape-sandbox`
/// only let its "Open in cipherplan" link open the full editor in a normal tab. `title` names
/// the frame for screen readers.
#[must_use]
pub fn embed_snippet(src: &str, title: &str) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"960\" height=\"600\" style=\"border:1px solid #d0d7de;border-radius:6px;max-width:100%\" sandbox=\"allow-scripts allow-popups allow-popups-to-escape-sandbox\" loading=\"lazy\"></iframe>",
        esc(src),
        esc(title)
    )
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// RFC 4648 §5 base64url, no padding.
fn base64url_encode(bytes: &[u8], out: &mut String) {
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
}

fn sextet(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

fn base64url_decode(text: &str) -> Result<Vec<u8>, ShareError> {
    if let Some((position, found)) = text.chars().enumerate().find(|(_, c)| !c.is_ascii() || sextet(*c as u8).is_none())
    {
        return Err(ShareError::NotBase64 { position, found });
    }
    let bytes = text.as_bytes();
    if bytes.len() % 4 == 1 {
        return Err(ShareError::TruncatedBase64);
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= sextet(*c).unwrap_or(0) << (18 - 6 * i);
        }
        let [_, a, b, c] = n.to_be_bytes();
        out.extend_from_slice(&[a, b, c][..chunk.len() - 1]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::TEMPLATES;
    use proptest::prelude::*;

    #[test]
    fn every_template_round_trips() {
        for t in TEMPLATES {
            let design = (t.build)();
            let link = encode(&design);
            assert!(link.starts_with(PREFIX), "{}", t.name);
            assert!(fits_in_url(&link), "{}: {} characters", t.name, link.len());
            assert_eq!(decode(&link).unwrap(), design, "{}", t.name);
            assert_eq!(decode(&format!("#{link}")).unwrap(), design, "{}: with the #", t.name);
        }
    }

    #[test]
    fn reference_design_is_well_below_the_cap() {
        let design = crate::templates::reference();
        let link = encode(&design);
        let json = serde_json::to_string(&design).unwrap().len();
        eprintln!(
            "share link of {}: {} characters ({json} bytes of compact JSON; cap {MAX_URL_FRAGMENT})",
            design.name,
            link.len()
        );
        assert!(link.len() * 2 < MAX_URL_FRAGMENT, "{} characters", link.len());
    }

    #[test]
    fn share_fragments_are_told_from_anchors() {
        for yes in ["#d1.abc", "d1.", "#d12.x", "d7.AAAA"] {
            assert!(is_fragment(yes), "{yes}");
        }
        for no in ["", "#", "#canvas", "#d", "#d.", "#dx.1", "#design", "d1"] {
            assert!(!is_fragment(no), "{no}");
        }
    }

    #[test]
    fn the_steps_of_decode_compose_to_decode() {
        let design = crate::templates::reference();
        let link = encode(&design);
        let packed = unpack(&link).unwrap();
        let inflated = miniz_oxide::inflate::decompress_to_vec(&packed).unwrap();
        assert_eq!(parse(inflated).unwrap(), design);
        assert_eq!(unpack("#"), Err(ShareError::Empty));
        assert_eq!(unpack("x9.AAAA"), Err(ShareError::UnknownFormat("x9".into())));
        assert_eq!(parse(vec![0xff]), Err(ShareError::NotText));
    }

    #[test]
    fn the_embed_snippet_is_a_sandboxed_titled_iframe() {
        let s = embed_snippet("https://example.org/?embed#d1.AB", "Shop \"prod\" <b>");
        assert!(s.starts_with("<iframe src=\"https://example.org/?embed#d1.AB\""), "{s}");
        assert!(s.contains("sandbox=\"allow-scripts allow-popups allow-popups-to-escape-sandbox\""), "{s}");
        assert!(!s.contains("allow-same-origin"), "{s}");
        assert!(s.contains("title=\"Shop &quot;prod&quot; &lt;b>\""), "{s}");
        assert!(s.ends_with("></iframe>"), "{s}");
    }

    #[test]
    fn base64url_matches_rfc_4648_vectors() {
        // RFC 4648 §10, without padding.
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            let mut out = String::new();
            base64url_encode(plain.as_bytes(), &mut out);
            assert_eq!(out, coded);
            assert_eq!(base64url_decode(coded).unwrap(), plain.as_bytes());
        }
        let mut out = String::new();
        base64url_encode(&[0xfb, 0xff], &mut out);
        assert_eq!(out, "-_8");
    }

    #[test]
    fn damaged_links_say_what_is_wrong() {
        let link = encode(&crate::templates::reference());
        assert_eq!(decode(""), Err(ShareError::Empty));
        assert_eq!(decode("#"), Err(ShareError::Empty));
        assert_eq!(decode("d9.abc"), Err(ShareError::UnknownFormat("d9".into())));
        assert!(matches!(decode("d1.ab+c"), Err(ShareError::NotBase64 { position: 2, found: '+' })));
        assert!(matches!(decode("d1.abcde"), Err(ShareError::TruncatedBase64)));
        // Cut off mid-stream: the deflate data ends early.
        let payload = &link[PREFIX.len()..];
        let cut = format!("{PREFIX}{}", &payload[..payload.len() / 2 / 4 * 4]);
        assert!(matches!(decode(&cut), Err(ShareError::NotDeflate(_))), "{:?}", decode(&cut));
        assert!(decode("d1.AAAA").is_err());
    }

    #[test]
    fn loader_errors_keep_their_json_paths() {
        let mut json: serde_json::Value = serde_json::to_value(crate::templates::reference()).unwrap();
        json["nodes"][0]["kind"] = serde_json::json!("mainframe");
        let mut fragment = PREFIX.to_owned();
        base64url_encode(&miniz_oxide::deflate::compress_to_vec(json.to_string().as_bytes(), 6), &mut fragment);
        match decode(&fragment) {
            Err(ShareError::Design(errors)) => {
                assert!(errors.0.iter().any(|e| e.path.starts_with("$.nodes[0]")), "{errors}");
            }
            other => panic!("expected loader errors, got {other:?}"),
        }
        // Not UTF-8.
        let mut fragment = PREFIX.to_owned();
        base64url_encode(&miniz_oxide::deflate::compress_to_vec(&[0xff, 0xfe, 0x00], 6), &mut fragment);
        assert_eq!(decode(&fragment), Err(ShareError::NotText));
    }

    #[test]
    fn a_zip_bomb_is_refused() {
        // A few kilobytes that inflate past the limit.
        let mut bomb = b"{\"format\":\"cipherplan/1\",\"name\":\"".to_vec();
        bomb.resize(MAX_INFLATED + 1024, b'a');
        let packed = miniz_oxide::deflate::compress_to_vec(&bomb, 6);
        let mut fragment = PREFIX.to_owned();
        base64url_encode(&packed, &mut fragment);
        assert!(fits_in_url(&fragment), "the bomb itself fits in a link: {} characters", fragment.len());
        assert_eq!(decode(&fragment), Err(ShareError::TooLarge { limit: MAX_INFLATED }));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn garbage_never_panics(s in ".{0,200}") {
            prop_assert!(decode(&s).is_err());
        }

        #[test]
        fn garbage_payloads_never_panic(s in "[A-Za-z0-9_-]{0,300}") {
            let _ = decode(&format!("{PREFIX}{s}"));
        }

        #[test]
        fn deflated_garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let mut fragment = PREFIX.to_owned();
            base64url_encode(&miniz_oxide::deflate::compress_to_vec(&bytes, 6), &mut fragment);
            prop_assert!(decode(&fragment).is_err());
        }

        #[test]
        fn base64url_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let mut coded = String::new();
            base64url_encode(&bytes, &mut coded);
            prop_assert_eq!(base64url_decode(&coded).unwrap(), bytes);
        }
    }
}
