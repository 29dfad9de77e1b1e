//! Canvas geometry that is only about drawing: the pan/zoom view, flow curves and their label
//! points, label wrapping. Pure functions, tested natively.

use cipherplan::layout::Rect;
use serde::{Deserialize, Serialize};

/// Writes `v` with `decimals` digits after the point (at most 4). Integer arithmetic keeps
/// the standard library's exact float formatting, a sizeable piece of code, out of the app.
#[must_use]
#[allow(clippy::cast_possible_truncation)] // canvas numbers are far below i64::MAX
pub fn fixed(v: f64, decimals: u32) -> String {
    let scale = 10_i64.pow(decimals.min(4));
    let n = (v * scale as f64).round() as i64;
    let (sign, n) = if n < 0 { ("-", -n) } else { ("", n) };
    if decimals == 0 {
        return format!("{sign}{n}");
    }
    let frac = n % scale;
    let mut f = frac.to_string();
    while f.len() < decimals.min(4) as usize {
        f.insert(0, '0');
    }
    format!("{sign}{}.{f}", n / scale)
}

/// Smallest zoom factor.
pub const MIN_ZOOM: f64 = 0.15;
/// Largest zoom factor.
pub const MAX_ZOOM: f64 = 3.0;

/// The pan and zoom of the canvas: a design point `p` is drawn at `p * zoom + (x, y)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct View {
    /// Horizontal pan in screen pixels.
    pub x: f64,
    /// Vertical pan in screen pixels.
    pub y: f64,
    /// Zoom factor.
    pub zoom: f64,
}

impl Default for View {
    fn default() -> Self {
        View { x: 0.0, y: 0.0, zoom: 1.0 }
    }
}

impl View {
    /// The SVG transform of the canvas's content group.
    #[must_use]
    pub fn transform(&self) -> String {
        format!("translate({} {}) scale({})", fixed(self.x, 2), fixed(self.y, 2), fixed(self.zoom, 4))
    }

    /// The design point under a point of the canvas (in canvas pixels).
    #[must_use]
    pub fn to_design(&self, (sx, sy): (f64, f64)) -> (f64, f64) {
        ((sx - self.x) / self.zoom, (sy - self.y) / self.zoom)
    }

    /// Zooms by `factor` keeping the design point under canvas point `at` where it is.
    #[must_use]
    pub fn zoom_at(&self, factor: f64, at: (f64, f64)) -> View {
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let (dx, dy) = self.to_design(at);
        View { x: at.0 - dx * zoom, y: at.1 - dy * zoom, zoom }
    }

    /// The view that shows `bounds` whole and centred in a `w` × `h` canvas, never zooming in
    /// beyond 100%.
    #[must_use]
    pub fn fit(bounds: Rect, (w, h): (f64, f64)) -> View {
        let margin = 40.0;
        if w <= 2.0 * margin || h <= 2.0 * margin || bounds.w <= 0.0 || bounds.h <= 0.0 {
            return View::default();
        }
        let zoom = ((w - 2.0 * margin) / bounds.w).min((h - 2.0 * margin) / bounds.h).clamp(MIN_ZOOM, 1.0);
        let (cx, cy) = bounds.center();
        View { x: w / 2.0 - cx * zoom, y: h / 2.0 - cy * zoom, zoom }
    }

    /// The view that brings design point `p` to the centre of a `w` × `h` canvas.
    #[must_use]
    pub fn centre_on(&self, p: (f64, f64), (w, h): (f64, f64)) -> View {
        View { x: w / 2.0 - p.0 * self.zoom, y: h / 2.0 - p.1 * self.zoom, zoom: self.zoom }
    }

    /// Whether every number is finite and the zoom is in range (guards restored views).
    #[must_use]
    pub fn is_sane(&self) -> bool {
        self.x.is_finite() && self.y.is_finite() && (MIN_ZOOM..=MAX_ZOOM).contains(&self.zoom)
    }
}

/// A cubic curve from one node to another, with the point its label sits on.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// Start, two control points, end.
    pub points: [(f64, f64); 4],
}

impl Curve {
    /// The SVG path data.
    #[must_use]
    pub fn d(&self) -> String {
        let [a, b, c, e] = self.points;
        let f = |v: f64| fixed(v, 1);
        format!("M{},{} C{},{} {},{} {},{}", f(a.0), f(a.1), f(b.0), f(b.1), f(c.0), f(c.1), f(e.0), f(e.1))
    }

    /// The point halfway along the curve's parameter.
    #[must_use]
    pub fn mid(&self) -> (f64, f64) {
        self.at(0.5)
    }

    /// The point at parameter `t` (0 = start, 1 = end).
    #[must_use]
    pub fn at(&self, t: f64) -> (f64, f64) {
        let [a, b, c, e] = self.points;
        let u = 1.0 - t;
        let (k0, k1, k2, k3) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
        (k0 * a.0 + k1 * b.0 + k2 * c.0 + k3 * e.0, k0 * a.1 + k1 * b.1 + k2 * c.1 + k3 * e.1)
    }
}

/// Where along its curve a label may sit, best first.
const LABEL_TS: [f64; 9] = [0.5, 0.4, 0.6, 0.32, 0.68, 0.25, 0.75, 0.18, 0.82];
/// Cell size of the spatial hash used to find overlaps.
const CELL: f64 = 64.0;

/// A spatial hash of rectangles: overlap queries cost the few rectangles in nearby cells.
#[derive(Debug, Default)]
struct Occupied {
    cells: std::collections::HashMap<(i32, i32), Vec<Rect>>,
}

impl Occupied {
    #[allow(clippy::cast_possible_truncation)]
    fn cells_of(r: &Rect) -> impl Iterator<Item = (i32, i32)> {
        let (x0, y0) = ((r.x / CELL).floor() as i32, (r.y / CELL).floor() as i32);
        let (x1, y1) = ((r.right() / CELL).floor() as i32, (r.bottom() / CELL).floor() as i32);
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    fn add(&mut self, r: Rect) {
        for c in Self::cells_of(&r) {
            self.cells.entry(c).or_default().push(r);
        }
    }

    fn hits(&self, r: &Rect) -> bool {
        Self::cells_of(r).any(|c| self.cells.get(&c).is_some_and(|v| v.iter().any(|o| o.intersects(r))))
    }
}

/// Places flow labels (width × height, centred on their curve) so they overlap neither each
/// other nor the `obstacles` (component icons and names) where the curve leaves room: each
/// label slides along its curve from the middle outwards and keeps the middle when nothing is
/// free. Returns label centres, in the order of `labels`.
#[must_use]
pub fn place_labels(labels: &[(&Curve, f64, f64)], obstacles: &[Rect]) -> Vec<(f64, f64)> {
    let mut occupied = Occupied::default();
    for o in obstacles {
        occupied.add(*o);
    }
    labels
        .iter()
        .map(|(curve, w, h)| {
            let rect_at = |p: (f64, f64)| Rect::new(p.0 - w / 2.0, p.1 - h / 2.0, *w, *h);
            let spot = LABEL_TS.iter().map(|&t| curve.at(t)).find(|&p| !occupied.hits(&rect_at(p)));
            let p = spot.unwrap_or_else(|| curve.mid());
            occupied.add(rect_at(p).inflate(1.5));
            p
        })
        .collect()
}

/// The curve of an edge between two anchor rectangles. `lane` separates parallel edges
/// between the same two nodes (0, 1, -1, 2, ...): each lane shifts the ends along the sides.
#[must_use]
pub fn curve(from: Rect, to: Rect, lane: i32) -> Curve {
    let (c1, c2) = (from.center(), to.center());
    let (dx, dy) = (c2.0 - c1.0, c2.1 - c1.1);
    let shift = f64::from(lane) * 9.0;
    // Leave and enter through the sides facing each other; horizontal wins ties because
    // tiers run left to right.
    let horizontal = dx.abs() >= dy.abs() * 0.75;
    let (p0, n0, p3, n3) = if horizontal {
        let s = dx.signum();
        let p0 = (if s >= 0.0 { from.right() } else { from.x }, c1.1 + shift);
        let p3 = (if s >= 0.0 { to.x } else { to.right() }, c2.1 + shift);
        (p0, (s, 0.0), p3, (-s, 0.0))
    } else {
        let s = dy.signum();
        let p0 = (c1.0 + shift, if s >= 0.0 { from.bottom() } else { from.y });
        let p3 = (c2.0 + shift, if s >= 0.0 { to.y } else { to.bottom() });
        (p0, (0.0, s), p3, (0.0, -s))
    };
    let dist = ((p3.0 - p0.0).powi(2) + (p3.1 - p0.1).powi(2)).sqrt();
    let k = (dist * 0.4).clamp(24.0, 160.0);
    Curve { points: [p0, (p0.0 + n0.0 * k, p0.1 + n0.1 * k), (p3.0 + n3.0 * k, p3.1 + n3.1 * k), p3] }
}

/// Lane of the `i`-th of `n` parallel edges: 0 for a single edge, then alternating sides.
#[must_use]
pub fn lane(i: usize, n: usize) -> i32 {
    if n <= 1 {
        return 0;
    }
    i32::try_from(i).unwrap_or(0) * 2 - i32::try_from(n - 1).unwrap_or(0)
}

/// Splits a label into at most two lines of about `max` characters, ending the second with an
/// ellipsis when it is still too long.
#[must_use]
pub fn wrap_label(label: &str, max: usize) -> (String, Option<String>) {
    let chars: Vec<char> = label.chars().collect();
    if chars.len() <= max {
        return (label.to_owned(), None);
    }
    // Break at the last space within the first line, else hard-break.
    let cut = chars[..=max.min(chars.len() - 1)].iter().rposition(|c| c.is_whitespace()).filter(|&i| i > 0);
    let (first, rest): (String, String) = match cut {
        Some(i) => (chars[..i].iter().collect(), chars[i + 1..].iter().collect()),
        None => (chars[..max].iter().collect(), chars[max..].iter().collect()),
    };
    let rest: Vec<char> = rest.chars().collect();
    let second = if rest.len() > max {
        let mut s: String = rest[..max - 1].iter().collect();
        s.push('…');
        s
    } else {
        rest.into_iter().collect()
    };
    (first, Some(second))
}

/// Approximate width of a short text at the canvas's label size (no DOM measuring, so the
/// canvas never forces a layout).
#[must_use]
#[allow(clippy::cast_precision_loss)]
pub fn text_width(text: &str, font_px: f64) -> f64 {
    text.chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' | 't' | 'f' | 'r' => 0.32,
            'm' | 'w' | 'M' | 'W' => 0.85,
            c if c.is_ascii_uppercase() => 0.66,
            c if c.is_ascii_digit() => 0.56,
            _ => 0.54,
        })
        .sum::<f64>()
        * font_px
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_matches_the_standard_formatting() {
        // Values away from exact ties: std rounds ties to even, `fixed` away from zero.
        for v in [0.0, 1.26, -1.24, 12.345_67, -0.04, 999.996, 0.51, -3.0, 7.000_04] {
            for d in 0..=4 {
                let std = format!("{v:.*}", d as usize);
                let std = if std.starts_with("-") && std.trim_start_matches(['-', '0', '.']).is_empty() {
                    std[1..].to_owned()
                } else {
                    std
                };
                assert_eq!(fixed(v, d), std, "{v} with {d} decimals");
            }
        }
    }

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let v = View { x: 30.0, y: -12.0, zoom: 0.8 };
        let at = (400.0, 300.0);
        let before = v.to_design(at);
        let z = v.zoom_at(1.25, at);
        let after = z.to_design(at);
        assert!((before.0 - after.0).abs() < 1e-9 && (before.1 - after.1).abs() < 1e-9);
        assert!((z.zoom - 1.0).abs() < 1e-9);
        assert!((v.zoom_at(100.0, at).zoom - MAX_ZOOM).abs() < 1e-9);
    }

    #[test]
    fn fit_shows_everything_centred() {
        let b = Rect::new(100.0, 50.0, 1600.0, 800.0);
        let v = View::fit(b, (1000.0, 600.0));
        let tl = (b.x * v.zoom + v.x, b.y * v.zoom + v.y);
        let br = (b.right() * v.zoom + v.x, b.bottom() * v.zoom + v.y);
        assert!(tl.0 >= 39.9 && tl.1 >= 39.9 && br.0 <= 960.1 && br.1 <= 560.1, "{tl:?} {br:?}");
        assert!(((tl.0 + br.0) / 2.0 - 500.0).abs() < 1e-6);
        assert_eq!(View::fit(Rect::new(0.0, 0.0, 10.0, 10.0), (1000.0, 600.0)).zoom, 1.0);
    }

    #[test]
    fn curves_leave_through_facing_sides() {
        let a = Rect::new(0.0, 0.0, 40.0, 40.0);
        let b = Rect::new(200.0, 10.0, 40.0, 40.0);
        let c = curve(a, b, 0);
        assert_eq!(c.points[0], (40.0, 20.0));
        assert_eq!(c.points[3], (200.0, 30.0));
        let below = Rect::new(0.0, 300.0, 40.0, 40.0);
        let d = curve(a, below, 0);
        assert_eq!(d.points[0], (20.0, 40.0));
        assert_eq!(d.points[3], (20.0, 300.0));
        assert!(c.d().starts_with("M40.0,20.0 C"));
        assert_ne!(curve(a, b, 1), curve(a, b, -1));
    }

    #[test]
    fn labels_slide_apart_along_their_curves() {
        let a = curve(Rect::new(0.0, 0.0, 40.0, 40.0), Rect::new(400.0, 0.0, 40.0, 40.0), 0);
        let b = curve(Rect::new(0.0, 0.0, 40.0, 40.0), Rect::new(400.0, 10.0, 40.0, 40.0), 0);
        let placed = place_labels(&[(&a, 80.0, 18.0), (&b, 80.0, 18.0)], &[]);
        assert_eq!(placed[0], a.mid());
        assert!((placed[0].0 - placed[1].0).abs() >= 80.0 || (placed[0].1 - placed[1].1).abs() >= 18.0);
        let blocked = place_labels(&[(&a, 80.0, 18.0)], &[Rect::new(170.0, 0.0, 100.0, 40.0)]);
        assert_ne!(blocked[0], a.mid(), "an icon in the middle pushes the label aside");
        assert!((a.at(0.0).0 - a.points[0].0).abs() < 1e-9 && (a.at(1.0).0 - a.points[3].0).abs() < 1e-9);
    }

    #[test]
    fn lanes_alternate_around_the_centre() {
        assert_eq!(lane(0, 1), 0);
        assert_eq!((lane(0, 2), lane(1, 2)), (-1, 1));
        assert_eq!((lane(0, 3), lane(1, 3), lane(2, 3)), (-2, 0, 2));
    }

    #[test]
    fn labels_wrap_on_words_and_ellipsise() {
        assert_eq!(wrap_label("PostgreSQL", 18), ("PostgreSQL".into(), None));
        assert_eq!(wrap_label("key: data (RDS, Redis, S3)", 18), ("key: data (RDS,".into(), Some("Redis, S3)".into())));
        let (a, b) = wrap_label("averyveryverylongsinglewordlabelthatgoesonandon", 10);
        assert_eq!(a.chars().count(), 10);
        assert!(b.unwrap().ends_with('…'));
    }
}
