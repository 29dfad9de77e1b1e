//! Plain-text rendering of an estimate (what `cipherplan cost` prints) and number formatting
//! shared with the report.

use super::CostSummary;
use std::fmt::Write;

/// A number for people: whole numbers with thousands separators (`1,460`), fractions with up
/// to six decimals and no trailing zeros (`0.125`, `0.004445`).
#[must_use]
pub fn fmt_num(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let neg = x < 0.0;
    // Rounded to six decimals, then Rust's shortest round-trip form (fast, and exact for the
    // decimals a price table holds); `{:.6}` would take the slow exact path for every number.
    let rounded = (x.abs() * 1e6).round() / 1e6;
    let s = if rounded < 1e15 { format!("{rounded}") } else { format!("{rounded:.0}") };
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let frac = frac.trim_end_matches('0');
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if neg && (grouped != "0" || !frac.is_empty()) { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// US dollars for people: two decimals with thousands separators (`$1,234.50`); amounts under
/// a cent keep four decimals (`$0.0044`) so they do not read as free.
#[must_use]
pub fn fmt_usd(x: f64) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    if a > 0.0 && a < 0.005 {
        return format!("{sign}${a:.4}");
    }
    let cents = format!("{a:.2}");
    let (int, frac) = cents.split_once('.').unwrap_or((&cents, "00"));
    let int = fmt_num(int.parse::<f64>().unwrap_or(0.0));
    if int == "0" && frac == "00" {
        return "$0.00".into();
    }
    format!("{sign}${int}.{frac}")
}

/// A unit price: every decimal of the list price, at least two (`$0.50`, `$0.04048`).
#[must_use]
pub fn fmt_price(x: f64) -> String {
    let n = fmt_num(x);
    let n = match n.split_once('.') {
        None => format!("{n}.00"),
        Some((_, frac)) if frac.len() == 1 => format!("{n}0"),
        _ => n,
    };
    format!("${n}")
}

/// A line item's unit price: a list price ([`fmt_price`]), or a discount (a negative fraction,
/// e.g. Fargate Spot) as a percentage.
#[must_use]
pub fn fmt_unit_price(x: f64) -> String {
    if x < 0.0 {
        format!("{}%", fmt_num(x * 100.0))
    } else {
        fmt_price(x)
    }
}

/// A line item's quantity with its unit (`730 hours`), or `none` for items without a unit.
/// `unit` comes as the caller's format needs it (escaped for HTML or Markdown).
#[must_use]
pub fn fmt_quantity(quantity: f64, unit: &str, none: &str) -> String {
    if unit.is_empty() {
        none.to_owned()
    } else {
        format!("{} {unit}", fmt_num(quantity))
    }
}

/// The estimate and the price of encryption as a plain-text table.
#[must_use]
pub fn render_text(design_name: &str, summary: &CostSummary) -> String {
    let e = &summary.estimate;
    let mut out = String::new();
    let _ = writeln!(out, "Monthly cost estimate of {design_name}: {} ({}), {}", e.region, e.region_name, e.currency);
    let _ = writeln!(out);
    let width = e
        .lines
        .iter()
        .map(|l| l.item.chars().count() + 2)
        .chain(e.components.iter().map(|c| c.label.chars().count() + c.component.chars().count() + 3))
        .max()
        .unwrap_or(20)
        .clamp(20, 56);
    let _ = writeln!(out, "{:<width$} {:>22} {:>12} {:>11}", "component / item", "quantity", "unit price", "monthly");
    for (c, lines) in e.by_component() {
        let head = if c.label == c.component { c.label.clone() } else { format!("{} ({})", c.label, c.component) };
        let _ = writeln!(out, "{head:<width$} {:>22} {:>12} {:>11}", "", "", fmt_usd(c.monthly));
        for l in lines {
            let qty = fmt_quantity(l.quantity, &l.unit, "-");
            let item = format!("  {}", l.item);
            match (l.unit_price, l.monthly, &l.no_price) {
                (Some(p), Some(m), _) => {
                    let price = fmt_unit_price(p);
                    let _ = writeln!(out, "{item:<width$} {qty:>22} {price:>12} {:>11}", fmt_usd(m));
                    let est = if l.estimate { " (estimate)" } else { "" };
                    let _ = writeln!(out, "      {} · {}, {}{est}", l.assumption, l.source, l.date);
                }
                (_, _, Some(why)) => {
                    let _ = writeln!(out, "{item:<width$} {qty:>22} {:>12} {:>11}", "-", "no price");
                    let _ = writeln!(out, "      {} · {why}", l.assumption);
                }
                _ => {}
            }
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{:<width$} {:>22} {:>12} {:>11}", "total", "", "", fmt_usd(e.total));
    if e.unpriced > 0 {
        let _ = writeln!(
            out,
            "{} without a price, not in the total.",
            if e.unpriced == 1 { "1 line".to_owned() } else { format!("{} lines", e.unpriced) }
        );
    }

    let p = &summary.encryption;
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Price of encryption: {} a month ({}% of the total): {} with encryption, {} with every encryption feature switched off.",
        fmt_usd(p.delta),
        fmt_num((p.delta_pct * 10.0).round() / 10.0),
        fmt_usd(p.with_encryption),
        fmt_usd(p.without_encryption)
    );
    for item in &p.items {
        let head = match &item.component {
            Some(id) if *id != item.label => format!("{} ({id})", item.label),
            _ => item.label.clone(),
        };
        let _ = writeln!(out, "  {head:<width$} {:>11}", fmt_usd(item.delta));
        for f in &item.features {
            let _ = writeln!(out, "      - {f}");
        }
        for l in &item.lines {
            let _ = writeln!(
                out,
                "      {}: {} -> {} ({})",
                l.item,
                fmt_usd(l.with_encryption),
                fmt_usd(l.without_encryption),
                fmt_usd(l.delta)
            );
        }
    }
    for n in &p.notes {
        let _ = writeln!(out, "  Note: {n}");
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Assumptions:");
    for a in e.assumptions.describe() {
        let _ = writeln!(out, "  - {a}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(fmt_num(730.0), "730");
        assert_eq!(fmt_num(1460.0), "1,460");
        assert_eq!(fmt_num(1_000_000.0), "1,000,000");
        assert_eq!(fmt_num(0.125), "0.125");
        assert_eq!(fmt_num(0.004445), "0.004445");
        assert_eq!(fmt_num(-0.7), "-0.7");
        assert_eq!(fmt_num(-0.0), "0");
        assert_eq!(fmt_usd(29.5504), "$29.55");
        assert_eq!(fmt_usd(1234.5), "$1,234.50");
        assert_eq!(fmt_usd(0.004445), "$0.0044");
        assert_eq!(fmt_usd(0.0), "$0.00");
        assert_eq!(fmt_usd(-5.0), "-$5.00");
        assert_eq!(fmt_price(0.5), "$0.50");
        assert_eq!(fmt_price(1.0), "$1.00");
        assert_eq!(fmt_price(0.04048), "$0.04048");
    }
}
