//! Autosave: the design and the view in `localStorage`, versioned, validated on the way back.
//!
//! Saved data can be corrupted (a browser extension, a half-written entry) or come from another
//! version of the app. Restoring never trusts it: the design goes through the core's loader,
//! and whatever does not pass becomes a visible message, the unreadable text is kept aside
//! under [`KEY_UNREADABLE`] for the user, and the app starts fresh.

use crate::geometry::View;
use cipherplan::value::number_text as num;
use cipherplan::Design;

/// Storage key of the autosaved design.
pub const KEY_DESIGN: &str = "cipherplan.autosave";
/// Storage key of the autosaved view (pan, zoom, grid snapping).
pub const KEY_VIEW: &str = "cipherplan.view";
/// Where unreadable autosaved data is moved so it is not lost.
pub const KEY_UNREADABLE: &str = "cipherplan.autosave.unreadable";
/// Storage key of the cost panel's usage assumptions (hours a month, Spot discount) as typed.
pub const KEY_ASSUMPTIONS: &str = "cipherplan.cost-assumptions";
/// Version of the autosave envelope.
pub const VERSION: u32 = 1;

/// The autosaved view state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SavedView {
    /// Envelope version.
    pub version: u32,
    /// Pan and zoom.
    pub view: View,
    /// Whether moves snap to the grid.
    pub snap: bool,
}

/// The text stored for a design: the design file's own JSON (`Design::to_json`, the very
/// text Save writes) inside a small versioned envelope. One serializer for both keeps the app
/// smaller than a second, compact one would.
#[must_use]
pub fn encode(design: &Design) -> String {
    format!("{{\"app\":\"cipherplan\",\"version\":{VERSION},\"design\":{}}}", design.to_json().trim_end())
}

/// Reads stored text back; `Err` says why it cannot be used, in words for the user.
///
/// # Errors
/// Not JSON, not ours, another version, or a design the loader refuses (with its JSON paths).
pub fn decode(text: &str) -> Result<Design, String> {
    let json: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("the saved data is not valid JSON ({e})"))?;
    if json.get("app").and_then(|a| a.as_str()) != Some("cipherplan") {
        return Err("the saved data was not written by cipherplan".into());
    }
    match json.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => {
            return Err(format!("the saved data has format version {v}; this version of cipherplan reads {VERSION}"))
        }
        None => return Err("the saved data has no format version".into()),
    }
    let design = json.get("design").ok_or("the saved data holds no design")?;
    cipherplan::load::from_json(design).map_err(|errors| {
        let first: Vec<String> = errors.0.iter().take(3).map(ToString::to_string).collect();
        format!("the saved design does not load: {}", first.join("; "))
    })
}

/// The text stored for a view.
#[must_use]
pub fn encode_view(view: View, snap: bool) -> String {
    // Shortest float formatting round-trips exactly; the JSON is small and flat.
    format!(
        r#"{{"version":{VERSION},"view":{{"x":{},"y":{},"zoom":{}}},"snap":{snap}}}"#,
        num(view.x),
        num(view.y),
        num(view.zoom)
    )
}

/// Reads the saved view; `None` when missing, unreadable or out of range.
#[must_use]
pub fn decode_view(text: &str) -> Option<SavedView> {
    // Read through the JSON value type the loader already uses (no second deserializer).
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    let num = |v: &serde_json::Value, k: &str| v.get(k).and_then(serde_json::Value::as_f64);
    let v = json.get("view")?;
    let saved = SavedView {
        version: u32::try_from(json.get("version")?.as_u64()?).ok()?,
        view: View { x: num(v, "x")?, y: num(v, "y")?, zoom: num(v, "zoom")? },
        snap: json.get("snap")?.as_bool()?,
    };
    (saved.version == VERSION && saved.view.is_sane()).then_some(saved)
}

/// The cost panel's usage assumptions as typed (hours a month, Spot discount).
#[must_use]
pub fn encode_assumptions(hours: &str, spot: &str) -> String {
    serde_json::json!({ "hours": hours, "spot": spot }).to_string()
}

/// Reads saved usage assumptions; `None` when missing or unreadable (the defaults then apply).
#[must_use]
pub fn decode_assumptions(text: &str) -> Option<(String, String)> {
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    let field = |k: &str| json.get(k)?.as_str().map(str::to_owned);
    Some((field("hours")?, field("spot")?))
}

/// Reads the saved usage assumptions.
#[must_use]
pub fn restore_assumptions() -> Option<(String, String)> {
    decode_assumptions(&storage()?.get_item(KEY_ASSUMPTIONS).ok().flatten()?)
}

/// Saves the usage assumptions (failures are ignored, as for the view).
pub fn save_assumptions(hours: &str, spot: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY_ASSUMPTIONS, &encode_assumptions(hours, spot));
    }
}

/// What restoring found.
#[derive(Debug, Clone, PartialEq)]
pub enum Restored {
    /// Nothing saved: a first visit.
    Nothing,
    /// The saved design.
    Design(Design),
    /// Saved data that could not be used, and why.
    Unreadable(String),
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads the autosaved design; unreadable data is moved to [`KEY_UNREADABLE`].
#[must_use]
pub fn restore() -> Restored {
    let Some(s) = storage() else { return Restored::Nothing };
    match s.get_item(KEY_DESIGN).ok().flatten() {
        None => Restored::Nothing,
        Some(text) => match decode(&text) {
            Ok(d) => Restored::Design(d),
            Err(why) => {
                let _ = s.set_item(KEY_UNREADABLE, &text);
                let _ = s.remove_item(KEY_DESIGN);
                Restored::Unreadable(why)
            }
        },
    }
}

/// Reads the autosaved view.
#[must_use]
pub fn restore_view() -> Option<SavedView> {
    decode_view(&storage()?.get_item(KEY_VIEW).ok().flatten()?)
}

/// Saves the design; `Err` when storage refuses (full, or disabled).
///
/// # Errors
/// The browser's refusal, as text.
pub fn save(design: &Design) -> Result<(), String> {
    let s = storage().ok_or("local storage is not available")?;
    s.set_item(KEY_DESIGN, &encode(design))
        .map_err(|_| "the browser refused to store the design (storage full?)".into())
}

/// Saves the view (failures are ignored: the view is a convenience).
pub fn save_view(view: View, snap: bool) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY_VIEW, &encode_view(view, snap));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assumptions_round_trip_as_typed() {
        assert_eq!(decode_assumptions(&encode_assumptions("500", "0.x\"")), Some(("500".into(), "0.x\"".into())));
        assert_eq!(decode_assumptions(r#"{"hours":"730"}"#), None);
        assert_eq!(decode_assumptions("garbage"), None);
    }
    use cipherplan::templates::reference;

    #[test]
    fn a_design_round_trips_exactly() {
        let d = reference();
        assert_eq!(decode(&encode(&d)).unwrap(), d);
    }

    #[test]
    fn broken_or_foreign_data_is_explained() {
        assert!(decode("{\"app\":\"cipherplan\",").unwrap_err().contains("not valid JSON"));
        assert!(decode("[1,2]").unwrap_err().contains("not written by cipherplan"));
        let old = serde_json::json!({"app": "cipherplan", "version": 0, "design": {}}).to_string();
        assert!(decode(&old).unwrap_err().contains("format version 0"));
        let mut bad: serde_json::Value = serde_json::from_str(&encode(&reference())).unwrap();
        bad["design"]["nodes"][0]["kind"] = "mainframe".into();
        let why = decode(&bad.to_string()).unwrap_err();
        assert!(why.contains("$.nodes[0].kind"), "{why}");
    }

    #[test]
    fn a_view_round_trips_exactly() {
        let v = View { x: -12.345_678_9, y: 1e-3, zoom: 0.731 };
        assert_eq!(decode_view(&encode_view(v, false)), Some(SavedView { version: VERSION, view: v, snap: false }));
    }

    #[test]
    fn views_out_of_range_are_dropped() {
        let ok = serde_json::json!({"version": 1, "view": {"x": 1.0, "y": 2.0, "zoom": 0.5}, "snap": true});
        assert_eq!(decode_view(&ok.to_string()).unwrap().view.zoom, 0.5);
        let bad = serde_json::json!({"version": 1, "view": {"x": 1.0, "y": 2.0, "zoom": 99.0}, "snap": true});
        assert_eq!(decode_view(&bad.to_string()), None);
        assert_eq!(decode_view("garbage"), None);
    }
}
