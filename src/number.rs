//! Numbers typed by the user, read without Rust's float parser: its correctly rounded algorithm
//! carries a 10 KB table of powers of five that costs the bundle about as much gzipped. In the
//! browser the text goes to JavaScript's own `parseFloat` (also correctly rounded, so the
//! value is the one `str::parse::<f64>` gives); natively (tests, tools) to Rust's parser.

/// Whether `text` is a plain decimal number: an optional sign, digits with at most one point
/// (at least one digit), and an optional exponent (`e` or `E`, optional sign, digits). No
/// `inf`, `NaN`, hexadecimal or surrounding spaces.
#[must_use]
pub fn is_decimal(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let mut digits = 0;
    let mut point = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => digits += 1,
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        i += usize::from(matches!(b.get(i), Some(b'+' | b'-')));
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == b.len()
}

/// The value of a decimal number as typed (see [`is_decimal`]); `None` if it is not one or
/// does not fit a finite `f64`.
#[must_use]
pub fn parse_decimal(text: &str) -> Option<f64> {
    if !is_decimal(text) {
        return None;
    }
    #[cfg(target_arch = "wasm32")]
    let value = js_sys::parse_float(text);
    #[cfg(not(target_arch = "wasm32"))]
    let value: f64 = text.parse().ok()?;
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The browser's parser against Rust's is `tests/web.rs` (it needs a browser); here, the
    // syntax the two are given.
    #[test]
    fn plain_decimals_are_accepted() {
        let accepted = ["0", "+2.5", ".5", "5.", "1E-3", "-2.5e+2", "123456789012345678901234567890"];
        assert!(accepted.iter().all(|t| is_decimal(t)));
    }

    #[test]
    fn everything_else_is_refused() {
        for t in [
            "", " 1", "1 ", "-", "+", ".", "e3", "1e", "1e+", "1.2.3", "1,5", "0x10", "inf", "NaN", "infinity", "--1",
            "1e3.5", "1e400",
        ] {
            assert_eq!(parse_decimal(t), None, "{t}");
        }
    }
}
