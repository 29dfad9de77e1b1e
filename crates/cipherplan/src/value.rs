//! Property values: the four JSON scalar shapes a component property can take.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The value of one property of a node or an edge.
///
/// Serialized untagged, so a design file reads naturally:
/// `"storage_encrypted": true`, `"port": 5432`, `"ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// `true` / `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction.
    Num(f64),
    /// A string, also used for enumerations.
    Text(String),
}

impl Value {
    /// The boolean, if this is one.
    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number as an `f64`, for `Int` and `Num`.
    #[must_use]
    #[allow(clippy::cast_precision_loss)] // property numbers are small (ports, GB, counts)
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Num(n) => Some(*n),
            _ => None,
        }
    }

    /// The whole number, for `Int` (and `Num` values with no fraction).
    #[must_use]
    #[allow(clippy::cast_possible_truncation)] // checked: no fraction and in range
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Num(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Some(*n as i64),
            _ => None,
        }
    }

    /// The string, for `Text`.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The JSON value this property value serializes to.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Num(n) => serde_json::Value::from(*n),
            Value::Text(s) => serde_json::Value::String(s.clone()),
        }
    }
}

/// `v` in plain decimal notation with the fewest digits that read back as `v` (`730`, `0.7`,
/// `0.00000015`, `-0`, `inf`, `NaN`): what Rust's `Display` writes, except that an exact tie
/// in the last digit rounds to even (ryu) where `Display` rounds up. Made from ryu's digits
/// because the browser bundle needs a float writer anyway (serde_json's), and `core::fmt`'s
/// float code would add about 6 KB gzip to it.
#[must_use]
pub fn number_text(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    let sign = if v.is_sign_negative() { "-" } else { "" };
    if v.is_infinite() {
        return format!("{sign}inf");
    }
    let mut buffer = ryu::Buffer::new();
    // ryu writes `d.ddd`, `d.ddde-7` or `de16`: take its digits and where the point goes.
    let shortest = buffer.format_finite(v.abs());
    let (mantissa, exponent) = shortest.split_once('e').unwrap_or((shortest, "0"));
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let digits = format!("{int}{frac}");
    let lead = digits.len() - digits.trim_start_matches('0').len();
    let digits = digits.trim_matches('0');
    if digits.is_empty() {
        return format!("{sign}0");
    }
    #[allow(clippy::cast_possible_wrap)]
    let point = int.len() as i64 + exponent - lead as i64;
    #[allow(clippy::cast_possible_wrap, clippy::cast_sign_loss, clippy::cast_possible_truncation)]
    let text = if point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else if point >= digits.len() as i64 {
        format!("{digits}{}", "0".repeat((point - digits.len() as i64) as usize))
    } else {
        let (a, b) = digits.split_at(point as usize);
        format!("{a}.{b}")
    };
    format!("{sign}{text}")
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Num(n) => f.write_str(&number_text(*n)),
            Value::Text(s) => write!(f, "{s}"),
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}
impl From<i32> for Value {
    fn from(i: i32) -> Self {
        Value::Int(i64::from(i))
    }
}
impl From<f64> for Value {
    fn from(n: f64) -> Self {
        Value::Num(n)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn number_text_writes_what_display_writes() {
        for v in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.7,
            730.0,
            0.1 + 0.2,
            1e15,
            1e16,
            1.5e-7,
            123_456.789,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            65_535.0,
            0.000_01,
            1e21,
            2.5e-5,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ] {
            assert_eq!(number_text(v), format!("{v}"), "{v:e}");
        }
        for n in -20_000..20_000 {
            let v = f64::from(n) / 100.0;
            assert_eq!(number_text(v), format!("{v}"));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        #[test]
        fn any_f64_reads_back_and_is_as_short_as_display(bits in any::<u64>()) {
            let v = f64::from_bits(bits);
            let ours = number_text(v);
            let display = format!("{v}");
            if v.is_nan() {
                prop_assert_eq!(ours, display);
            } else {
                prop_assert_eq!(ours.parse::<f64>().ok(), Some(v), "{} reads back", ours);
                prop_assert_eq!(ours.len(), display.len());
                // Where they differ, it is the last digit of an exact tie.
                let common = ours.len() - 1;
                prop_assert_eq!(&ours[..common], &display[..common]);
            }
        }

        #[test]
        fn typed_decimals_read_as_display(mantissa in -1_000_000_000i64..1_000_000_000, scale in -12i32..12) {
            #[allow(clippy::cast_precision_loss)]
            let v = mantissa as f64 * 10f64.powi(scale);
            prop_assert_eq!(number_text(v), format!("{v}"));
        }
    }
}
