//! The design as a picture: a self-contained SVG rendered from the design alone.
//!
//! Boundaries (VPC, subnets, ECS task boxes) are drawn as boxes, components as cards with a
//! kind icon made of simple shapes, network flows as arrows coloured by their [`hop::assess`]
//! grade with a lock or open-lock glyph and the protocol on the wire, and stores carry an
//! at-rest badge from [`rest::at_rest`]. The report embeds it inline and the browser offers it
//! as "download SVG", so it has no scripts, no external references, and no fonts beyond the
//! reader's own sans-serif.
//!
//! Architecture invariant: the output is a pure function of the design, byte for byte
//! (positions come from the design, numbers are printed with fixed precision, iteration follows
//! design order), and every string from the design is escaped ([`escape`]), so a hostile label
//! stays text.
//!
//! [`hop::assess`]: crate::hop::assess
//! [`rest::at_rest`]: crate::rest::at_rest

use crate::catalog::{EdgeKind, Group, NodeKind};
use crate::design::{Design, Edge, Node};
use crate::hop::{Grade, Hop};
use crate::model::Model;
use crate::rest::{self, KeyHolder};
use std::collections::HashMap;
use std::fmt::Write;

/// Width of a component card (nodes without their own `w`).
pub const NODE_W: f64 = 136.0;
/// Height of a component card (nodes without their own `h`).
pub const NODE_H: f64 = 56.0;
const MARGIN: f64 = 24.0;
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif";

/// A rectangle on the canvas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
    fn right(&self) -> f64 {
        self.x + self.w
    }
    fn bottom(&self) -> f64 {
        self.y + self.h
    }
    fn intersects(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
    fn contains(&self, o: &Rect) -> bool {
        self.x <= o.x && self.y <= o.y && self.right() >= o.right() && self.bottom() >= o.bottom()
    }
    /// Where the segment from the centre towards (`tx`, `ty`) leaves the rectangle.
    fn exit_towards(&self, tx: f64, ty: f64) -> (f64, f64) {
        let (cx, cy) = (self.cx(), self.cy());
        let (dx, dy) = (tx - cx, ty - cy);
        if dx.abs() < f64::EPSILON && dy.abs() < f64::EPSILON {
            return (cx, cy);
        }
        let sx = if dx.abs() > f64::EPSILON { (self.w / 2.0) / dx.abs() } else { f64::INFINITY };
        let sy = if dy.abs() > f64::EPSILON { (self.h / 2.0) / dy.abs() } else { f64::INFINITY };
        let s = sx.min(sy).min(1.0);
        (cx + dx * s, cy + dy * s)
    }
}

/// Whether a node is drawn as a box that holds others (a boundary, or a service with a size).
#[must_use]
pub fn is_box(node: &Node) -> bool {
    matches!(node.kind, NodeKind::Vpc | NodeKind::Subnet)
        || (node.kind.spec().caps.container_box && node.w.is_some() && node.h.is_some())
}

/// Where a node is drawn: its own size for boxes, a card of [`NODE_W`] × [`NODE_H`] otherwise.
#[must_use]
pub fn node_rect(node: &Node) -> Rect {
    let (w, h) = if is_box(node) { (node.w.unwrap_or(240.0), node.h.unwrap_or(160.0)) } else { (NODE_W, NODE_H) };
    Rect { x: node.x, y: node.y, w, h }
}

/// Which relations (edges other than flows) the diagram draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Relations {
    /// Flows only.
    None,
    /// Flows and `encrypts_with` (which key protects what), faint.
    #[default]
    Keys,
    /// Flows and every relation, faint.
    All,
}

/// How to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Which relations to draw.
    pub relations: Relations,
    /// Draw the legend under the diagram.
    pub legend: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { relations: Relations::Keys, legend: true }
    }
}

/// Escapes text for XML and HTML content and attribute values. Characters XML 1.0 forbids
/// (most control characters, U+FFFE, U+FFFF) become U+FFFD, so the output always parses.
#[must_use]
pub fn escape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 16);
    // Copy runs of ordinary text whole; every byte that needs care is ASCII, or the first
    // byte (0xEF) of U+FFFE / U+FFFF, so slicing at it stays on a character boundary.
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (replacement, width): (&str, usize) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b if b < 0x20 || b == 0x7f => ("\u{fffd}", 1),
            0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("\u{fffd}", 3),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[last..i]);
        out.push_str(replacement);
        i += width;
        last = i;
    }
    out.push_str(&s[last..]);
    out
}

/// The diagram with default [`Options`].
#[must_use]
pub fn svg(design: &Design) -> String {
    svg_with(design, &Options::default())
}

/// Colours of a flow grade: stroke, text.
fn grade_colour(grade: Grade, loopback: bool) -> (&'static str, &'static str) {
    if loopback {
        return ("#8c959f", "#57606a");
    }
    match grade {
        Grade::Verified => ("#1a7f37", "#116329"),
        Grade::Unverified => ("#bf8700", "#7d4e00"),
        Grade::Downgradable => ("#e16f24", "#a0410d"),
        Grade::Plaintext => ("#cf222e", "#a40e26"),
    }
}

fn grade_id(grade: Grade, loopback: bool) -> &'static str {
    if loopback {
        return "loopback";
    }
    match grade {
        Grade::Verified => "verified",
        Grade::Unverified => "unverified",
        Grade::Downgradable => "downgradable",
        Grade::Plaintext => "plaintext",
    }
}

fn group_colour(group: Group) -> &'static str {
    match group {
        Group::Edge => "#0969da",
        Group::Compute => "#bc4c00",
        Group::Data => "#1f6feb",
        Group::Security => "#8250df",
        Group::Ops => "#57606a",
        Group::Boundary => "#8c959f",
    }
}

/// Short kind names that fit on a card.
fn short_title(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::InternetClient => "Internet",
        NodeKind::Operator => "Operator",
        NodeKind::Route53 => "Route 53",
        NodeKind::Cloudfront => "CloudFront",
        NodeKind::Alb => "Load balancer",
        NodeKind::EcsCluster => "ECS cluster",
        NodeKind::EcsService => "ECS service",
        NodeKind::Container => "Container",
        NodeKind::RedisEcs => "Redis on ECS",
        NodeKind::Bastion => "Bastion (EC2)",
        NodeKind::RdsPostgres => "RDS PostgreSQL",
        NodeKind::ElasticacheRedis => "ElastiCache",
        NodeKind::S3Bucket => "S3 bucket",
        NodeKind::Efs => "EFS",
        NodeKind::EcrRepository => "ECR",
        NodeKind::KmsKey => "KMS key",
        NodeKind::Secret => "Secret",
        NodeKind::LogGroup => "Log group",
        NodeKind::NatGateway => "NAT gateway",
        NodeKind::VpcEndpoint => "VPC endpoint",
        NodeKind::Vpc => "VPC",
        NodeKind::Subnet => "Subnet",
    }
}

/// Approximate advance width of `s` at `size` px, with DejaVu Sans metrics (the widest common
/// sans-serif, so text measured here fits in the others too).
fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '\'' | '|' | '!' | '.' | ',' | ':' | ';' | ' ' => 0.32,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' | 'I' => 0.41,
            'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.95,
            'A'..='Z' => 0.74,
            '0'..='9' | 'a'..='z' | '_' | '$' | '#' | '?' => 0.63,
            c if c.is_ascii() => 0.63,
            // Wide scripts and symbols.
            _ => 1.0,
        })
        .sum();
    em * size * if bold { 1.1 } else { 1.0 }
}

/// Cuts `s` to fit `max` px, ending with an ellipsis when cut.
pub(crate) fn fit(s: &str, size: f64, bold: bool, max: f64) -> String {
    if text_width(s, size, bold) <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        let next = format!("{out}{c}…");
        if text_width(&next, size, bold) > max {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// Breaks `s` into at most `lines` lines that fit `max` px: at spaces, else inside a word
/// after `_ . / -` where possible; the last line is ellipsised when text is left over.
fn wrap(s: &str, size: f64, bold: bool, max: f64, lines: usize) -> Vec<String> {
    let width = |t: &str| text_width(t, size, bold);
    let mut all: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in s.split_whitespace() {
        let candidate = if current.is_empty() { word.to_owned() } else { format!("{current} {word}") };
        if width(&candidate) <= max {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            all.push(std::mem::take(&mut current));
        }
        if width(word) <= max {
            current = word.to_owned();
            continue;
        }
        // A word wider than a line: break it, after a separator when there is one.
        let mut piece = String::new();
        for c in word.chars() {
            let next = format!("{piece}{c}");
            if width(&next) <= max || piece.is_empty() {
                piece = next;
                continue;
            }
            let cut = piece.rfind(['_', '.', '/', '-']).map(|i| i + 1).filter(|&i| i < piece.len());
            match cut {
                Some(i) => {
                    let tail = piece.split_off(i);
                    all.push(std::mem::replace(&mut piece, format!("{tail}{c}")));
                }
                None => all.push(std::mem::replace(&mut piece, c.to_string())),
            }
        }
        current = piece;
    }
    if !current.is_empty() {
        all.push(current);
    }
    if all.len() > lines {
        let rest = all[lines - 1..].join(" ");
        all.truncate(lines - 1);
        all.push(fit(&rest, size, bold, max));
    }
    all
}

/// A number with at most one decimal, for coordinates (integer arithmetic: this runs for
/// every coordinate of every shape).
#[allow(clippy::cast_possible_truncation)] // canvas coordinates are far inside i64
fn n(x: f64) -> String {
    let tenths = (x * 10.0).round() as i64;
    let (sign, tenths) = if tenths < 0 { ("-", -tenths) } else { ("", tenths) };
    match tenths % 10 {
        0 => format!("{sign}{}", tenths / 10),
        d => format!("{sign}{}.{d}", tenths / 10),
    }
}

/// The nesting depth of a node (boxes inside boxes are drawn later).
fn depth(design: &Design, index: &HashMap<&str, usize>, node: &Node) -> usize {
    let mut d = 0;
    let mut at = node.parent.as_deref();
    while let Some(p) = at {
        d += 1;
        if d > 16 {
            break;
        }
        at = index.get(p).and_then(|&i| design.nodes[i].parent.as_deref());
    }
    d
}

/// Rectangles bucketed on a coarse grid, so "does this label cover anything?" looks at the
/// few rectangles nearby instead of all of them (labels are placed for thousands of flows).
struct Grid {
    cells: HashMap<(i64, i64), Vec<Rect>>,
}

impl Grid {
    const CELL: f64 = 256.0;

    fn new() -> Self {
        Grid { cells: HashMap::new() }
    }

    #[allow(clippy::cast_possible_truncation)] // canvas coordinates are far inside i64
    fn span(r: &Rect) -> (std::ops::RangeInclusive<i64>, std::ops::RangeInclusive<i64>) {
        let c = |v: f64| (v / Self::CELL).floor() as i64;
        (c(r.x)..=c(r.right()), c(r.y)..=c(r.bottom()))
    }

    fn insert(&mut self, r: Rect) {
        let (xs, ys) = Self::span(&r);
        for x in xs {
            for y in ys.clone() {
                self.cells.entry((x, y)).or_default().push(r);
            }
        }
    }

    fn hits(&self, r: &Rect) -> bool {
        let (xs, ys) = Self::span(r);
        xs.into_iter()
            .any(|x| ys.clone().any(|y| self.cells.get(&(x, y)).is_some_and(|v| v.iter().any(|o| o.intersects(r)))))
    }
}

/// The diagram as an `<svg>` element (with its XML namespace, so it also stands alone as a
/// `.svg` file).
#[must_use]
#[allow(clippy::too_many_lines)] // one pass per layer, in drawing order
pub fn svg_with(design: &Design, options: &Options) -> String {
    let model = Model::new(design);
    let index: HashMap<&str, usize> = design.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    let rects: Vec<Rect> = design.nodes.iter().map(node_rect).collect();
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for r in &rects {
        x0 = x0.min(r.x);
        y0 = y0.min(r.y - 10.0); // badges stick out above a card
        x1 = x1.max(r.right());
        y1 = y1.max(r.bottom());
    }
    if rects.is_empty() {
        (x0, y0, x1, y1) = (0.0, 0.0, 320.0, 80.0);
    }
    let legend_h = if options.legend { 58.0 } else { 0.0 };
    let (vx, vy) = (x0 - MARGIN, y0 - MARGIN);
    let (vw, vh) = (x1 - x0 + 2.0 * MARGIN, y1 - y0 + 2.0 * MARGIN + legend_h);
    let legend_w = 900.0;
    let vw = if options.legend { vw.max(legend_w + 2.0 * MARGIN) } else { vw };

    let mut out = String::with_capacity(4096 + design.nodes.len() * 900 + design.edges.len() * 600);
    let title = format!("Diagram of {}", design.name);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="cp-diagram" viewBox="{} {} {} {}" width="{}" height="{}" role="img" aria-labelledby="cp-diagram-title" font-family="{FONT}">"#,
        n(vx),
        n(vy),
        n(vw),
        n(vh),
        n(vw),
        n(vh)
    );
    let _ = write!(out, r#"<title id="cp-diagram-title">{}</title>"#, escape(&title));
    out.push_str("<defs>");
    for (grade, loopback) in [
        (Grade::Verified, false),
        (Grade::Unverified, false),
        (Grade::Downgradable, false),
        (Grade::Plaintext, false),
        (Grade::Plaintext, true),
    ] {
        let (stroke, _) = grade_colour(grade, loopback);
        let _ = write!(
            out,
            r#"<marker id="cp-arrow-{}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="{stroke}"/></marker>"#,
            grade_id(grade, loopback)
        );
    }
    out.push_str(r##"<marker id="cp-arrow-rel" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#a475f9"/></marker>"##);
    out.push_str("</defs>");
    let _ = write!(out, r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#ffffff"/>"##, n(vx), n(vy), n(vw), n(vh));

    // 1. Boxes, outermost first.
    let mut boxes: Vec<usize> = (0..design.nodes.len()).filter(|&i| is_box(&design.nodes[i])).collect();
    boxes.sort_by_key(|&i| (depth(design, &index, &design.nodes[i]), i));
    for &i in &boxes {
        draw_box(&mut out, &design.nodes[i], &rects[i]);
    }

    // 2. Relations (faint), then flows, under the cards.
    let index_of = |id: &str| index.get(id).copied();
    let hops = crate::paths::assess_flows(&model);
    let mut labels: Vec<(usize, Hop)> = Vec::new();
    for (ei, edge) in design.edges.iter().enumerate() {
        let (Some(a), Some(b)) = (index_of(&edge.from), index_of(&edge.to)) else { continue };
        let draw_relation = match options.relations {
            Relations::None => false,
            Relations::Keys => edge.kind == EdgeKind::EncryptsWith,
            Relations::All => edge.kind != EdgeKind::Flow,
        };
        if edge.kind == EdgeKind::Flow {
            let Some(hop) = hops[ei].clone() else { continue };
            let (p, q) = endpoints(&rects[a], &rects[b]);
            let (stroke, _) = grade_colour(hop.grade, hop.loopback);
            let dash = if hop.loopback { r#" stroke-dasharray="5 4""# } else { "" };
            let _ = write!(
                out,
                r#"<line class="cp-flow cp-{}" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="2"{dash} marker-end="url(#cp-arrow-{})"><title>{}</title></line>"#,
                grade_id(hop.grade, hop.loopback),
                n(p.0),
                n(p.1),
                n(q.0),
                n(q.1),
                grade_id(hop.grade, hop.loopback),
                escape(&flow_title(design, &index, edge, &hop))
            );
            labels.push((ei, hop));
        } else if draw_relation {
            let (p, q) = endpoints(&rects[a], &rects[b]);
            let _ = write!(
                out,
                r##"<line class="cp-rel" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#a475f9" stroke-width="1" stroke-dasharray="2 3" opacity="0.8" marker-end="url(#cp-arrow-rel)"><title>{}</title></line>"##,
                n(p.0),
                n(p.1),
                n(q.0),
                n(q.1),
                escape(&format!(
                    "{} {} {}",
                    design.nodes[a].display_name(),
                    edge.kind.as_str().replace('_', " "),
                    design.nodes[b].display_name()
                ))
            );
        }
    }

    // 3. Cards.
    for (i, node) in design.nodes.iter().enumerate() {
        if !is_box(node) {
            draw_card(&mut out, &model, node, &rects[i]);
        }
    }

    // 4. Flow labels on top, placed where they cover no card and no other label.
    let mut cards = Grid::new();
    for (node, r) in design.nodes.iter().zip(&rects) {
        if !is_box(node) {
            cards.insert(*r);
        }
    }
    let mut placed = Grid::new();
    for (ei, hop) in &labels {
        let edge = &design.edges[*ei];
        let (Some(a), Some(b)) = (index_of(&edge.from), index_of(&edge.to)) else { continue };
        let (p, q) = endpoints(&rects[a], &rects[b]);
        let text = if hop.loopback { format!("{} · loopback", hop.protocol) } else { hop.protocol.clone() };
        let text = fit(&text, 10.0, false, 150.0);
        let w = 24.0 + text_width(&text, 10.0, false);
        let h = 16.0;
        let mut best = None;
        for t in [0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8] {
            let (cx, cy) = (p.0 + (q.0 - p.0) * t, p.1 + (q.1 - p.1) * t);
            let r = Rect { x: cx - w / 2.0, y: cy - h / 2.0, w, h };
            let clear = !cards.hits(&r) && !placed.hits(&r);
            if best.is_none() {
                best = Some(r);
            }
            if clear {
                best = Some(r);
                break;
            }
        }
        let Some(r) = best else { continue };
        placed.insert(r);
        let (stroke, ink) = grade_colour(hop.grade, hop.loopback);
        let _ = write!(
            out,
            r##"<g class="cp-flow-label"><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="#ffffff" stroke="{stroke}" stroke-width="1"/>"##,
            escape(&flow_title(design, &index, edge, hop)),
            n(r.x),
            n(r.y),
            n(r.w),
            n(r.h)
        );
        lock(&mut out, r.x + 6.0, r.y + 2.5, hop.grade.is_encrypted(), stroke);
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" font-size="10" fill="{ink}">{}</text></g>"#,
            n(r.x + 19.0),
            n(r.y + 11.5),
            escape(&text)
        );
    }

    if options.legend {
        legend(&mut out, vx + MARGIN, vy + vh - legend_h + 6.0);
    }
    out.push_str("</svg>");
    out
}

/// Start and end of a flow line: from border to border of the two rectangles (a card inside
/// a box it flows to ends at the box's inner edge, so the line is still visible).
fn endpoints(a: &Rect, b: &Rect) -> ((f64, f64), (f64, f64)) {
    if b.contains(a) || a.contains(b) {
        // A card and the box around it: a short arrow from the card to the box's nearest side.
        let (inner, outer, forward) = if b.contains(a) { (a, b, true) } else { (b, a, false) };
        let start = (inner.cx(), inner.y);
        let end = (inner.cx(), outer.y + 2.0);
        return if forward { (start, end) } else { (end, start) };
    }
    let p = a.exit_towards(b.cx(), b.cy());
    let q = b.exit_towards(a.cx(), a.cy());
    (p, q)
}

fn flow_title(design: &Design, index: &HashMap<&str, usize>, edge: &Edge, hop: &Hop) -> String {
    let name = |id: &str| index.get(id).map_or_else(|| id.to_owned(), |&i| design.nodes[i].display_name().to_owned());
    let mut s = format!("{} → {}: {}", name(&edge.from), name(&edge.to), hop.protocol);
    if let Some(v) = &hop.tls_version {
        let _ = write!(s, ", TLS {v}+");
    }
    let _ = write!(s, ", tls = {}", edge.text("tls"));
    let _ = write!(s, " ({})", if hop.loopback { "loopback inside one task" } else { hop.grade.word() });
    if !hop.reason.is_empty() {
        let _ = write!(s, ": {}", hop.reason);
    }
    s
}

/// A lock (closed) or an open lock, 10 × 12 px, top-left at (`x`, `y`).
fn lock(out: &mut String, x: f64, y: f64, closed: bool, colour: &str) {
    let shackle = if closed { "M2.5 5.5V3.6a2.5 2.5 0 0 1 5 0V5.5" } else { "M2.5 5.5V2.6a2.5 2.5 0 0 1 5 0V3.4" };
    let _ = write!(
        out,
        r#"<g transform="translate({} {})"><path d="{shackle}" fill="none" stroke="{colour}" stroke-width="1.5" stroke-linecap="round"/><rect x="0.5" y="5.5" width="9" height="6" rx="1.2" fill="{colour}"/></g>"#,
        n(x),
        n(y)
    );
}

fn draw_box(out: &mut String, node: &Node, r: &Rect) {
    let (fill, stroke, dash) = match node.kind {
        NodeKind::Vpc => ("#f6f8fa", "#8c959f", ""),
        NodeKind::Subnet if node.bool("public") => ("#eef6ff", "#54aeff", r#" stroke-dasharray="6 4""#),
        NodeKind::Subnet => ("#f3f4f6", "#afb8c1", r#" stroke-dasharray="6 4""#),
        _ => ("#fff8f0", "#e8a25a", ""),
    };
    let _ = write!(
        out,
        r#"<g class="cp-box cp-{}"><rect x="{}" y="{}" width="{}" height="{}" rx="10" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>"#,
        node.kind.as_str(),
        n(r.x),
        n(r.y),
        n(r.w),
        n(r.h)
    );
    let sub = match node.kind {
        NodeKind::Vpc => "VPC".to_owned(),
        NodeKind::Subnet => if node.bool("public") { "public subnet" } else { "private subnet" }.to_owned(),
        NodeKind::EcsService => service_caption(node),
        _ => short_title(node.kind).to_owned(),
    };
    // A caption that only repeats the title ("Private subnets" / "private subnet") is left out.
    let first_word = sub.split_whitespace().last().unwrap_or("").to_ascii_lowercase();
    let sub = if node.kind != NodeKind::EcsService && node.display_name().to_ascii_lowercase().contains(&first_word) {
        String::new()
    } else {
        sub
    };
    // Title and caption share one header line, so boxes nested close below stay clear of it.
    let title = fit(node.display_name(), 12.0, true, (r.w - 20.0) * 0.6);
    let title_w = text_width(&title, 12.0, true);
    let _ = write!(
        out,
        r##"<text x="{}" y="{}" font-size="12" font-weight="700" fill="#24292f">{}</text>"##,
        n(r.x + 10.0),
        n(r.y + 17.0),
        escape(&title)
    );
    let room = r.w - 28.0 - title_w;
    if room > 30.0 && !sub.is_empty() {
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" font-size="10" fill="#57606a">{}</text>"##,
            n(r.x + 18.0 + title_w),
            n(r.y + 17.0),
            escape(&fit(&sub, 10.0, false, room))
        );
    }
    out.push_str("</g>");
}

fn service_caption(node: &Node) -> String {
    let count = node.int("desired_count");
    format!(
        "{} × {} vCPU, {} GB",
        if count == 1 { "1 task".to_owned() } else { format!("{count} tasks") },
        crate::cost::fmt_num(node.num("cpu") / 1024.0),
        crate::cost::fmt_num(node.num("memory") / 1024.0)
    )
}

fn draw_card(out: &mut String, model: &Model<'_>, node: &Node, r: &Rect) {
    let colour = group_colour(node.kind.spec().group);
    let _ = write!(
        out,
        r##"<g class="cp-node cp-{}"><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="7" fill="#ffffff" stroke="{colour}" stroke-width="1.25"/>"##,
        node.kind.as_str(),
        escape(&format!("{} ({}, id {})", node.display_name(), node.kind.spec().title, node.id)),
        n(r.x),
        n(r.y),
        n(r.w),
        n(r.h)
    );
    icon(out, node.kind, r.x + 8.0, r.y + 6.0, colour);
    let caption = match node.kind {
        NodeKind::EcsService if node.int("desired_count") != 1 => format!("ECS service ×{}", node.int("desired_count")),
        _ => short_title(node.kind).to_owned(),
    };
    let _ = write!(
        out,
        r##"<text x="{}" y="{}" font-size="10" fill="#57606a">{}</text>"##,
        n(r.x + 28.0),
        n(r.y + 17.0),
        escape(&fit(&caption, 10.0, false, r.w - 34.0))
    );
    let lines = wrap(node.display_name(), 12.0, true, r.w - 16.0, 2);
    let first_y = if lines.len() > 1 { r.y + 34.0 } else { r.y + 39.0 };
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" font-size="12" font-weight="700" fill="#24292f">{}</text>"##,
            n(r.x + 8.0),
            n(first_y + 14.0 * i as f64),
            escape(line)
        );
    }
    if let Some(at) = rest::at_rest(model, node) {
        let (text, fill, ink) = match &at.key {
            KeyHolder::Customer(_) => ("CMK", "#dafbe1", "#116329"),
            KeyHolder::AwsManaged => ("AWS managed key", "#eaeef2", "#424a53"),
            KeyHolder::AwsOwned => ("AWS owned key", "#eaeef2", "#424a53"),
            KeyHolder::None => ("unencrypted", "#ffebe9", "#a40e26"),
        };
        let w = 20.0 + text_width(text, 9.0, true);
        let (bx, by) = (r.right() - w - 6.0, r.y - 8.0);
        let _ = write!(
            out,
            r#"<g class="cp-badge"><title>{}</title><rect x="{}" y="{}" width="{}" height="15" rx="7.5" fill="{fill}" stroke="{ink}" stroke-width="0.75"/>"#,
            escape(&format!("at rest: {}", at.label)),
            n(bx),
            n(by),
            n(w)
        );
        lock(out, bx + 4.0, by + 1.5, at.encrypted, ink);
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" font-size="9" font-weight="700" fill="{ink}">{text}</text></g>"#,
            n(bx + 16.0),
            n(by + 11.0)
        );
    }
    out.push_str("</g>");
}

/// A 16 × 16 px kind icon at (`x`, `y`), drawn with simple shapes in `c`.
fn icon(out: &mut String, kind: NodeKind, x: f64, y: f64, c: &str) {
    let s = format!(r#"fill="none" stroke="{c}" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round""#);
    let body = match kind {
        NodeKind::InternetClient => format!(
            r#"<circle cx="8" cy="8" r="6.5" {s}/><ellipse cx="8" cy="8" rx="2.8" ry="6.5" {s}/><path d="M1.5 8H14.5" {s}/>"#
        ),
        NodeKind::Operator => {
            format!(r#"<circle cx="8" cy="5" r="3" {s}/><path d="M2.5 15c0-3.5 2.5-5.5 5.5-5.5s5.5 2 5.5 5.5" {s}/>"#)
        }
        NodeKind::Route53 => {
            format!(r#"<circle cx="8" cy="8" r="6.5" {s}/><path d="M8 1.5V14.5M3 5.5H13M3 10.5H13" {s}/>"#)
        }
        NodeKind::Cloudfront => {
            format!(r#"<path d="M4.5 13a3 3 0 0 1 0-6a4 4 0 0 1 7.5-1a3.5 3.5 0 0 1 0.5 7z" {s}/>"#)
        }
        NodeKind::Alb => format!(
            r#"<circle cx="8" cy="3" r="2" {s}/><path d="M8 5V8M8 8L3 13M8 8V13M8 8L13 13" {s}/><circle cx="3" cy="14" r="1" fill="{c}"/><circle cx="8" cy="14" r="1" fill="{c}"/><circle cx="13" cy="14" r="1" fill="{c}"/>"#
        ),
        NodeKind::EcsCluster => format!(
            r#"<rect x="1.5" y="1.5" width="5.5" height="5.5" rx="1" {s}/><rect x="9" y="1.5" width="5.5" height="5.5" rx="1" {s}/><rect x="1.5" y="9" width="5.5" height="5.5" rx="1" {s}/><rect x="9" y="9" width="5.5" height="5.5" rx="1" {s}/>"#
        ),
        NodeKind::EcsService => format!(
            r#"<rect x="1.5" y="5.5" width="10" height="9" rx="1" {s}/><path d="M4 3.5H13.5V12" {s}/><path d="M6.5 1.5H15V9" {s}/>"#
        ),
        NodeKind::Container => format!(
            r#"<path d="M8 1.5L14 4.5V11.5L8 14.5L2 11.5V4.5z" {s}/><path d="M2 4.5L8 7.5L14 4.5M8 7.5V14.5" {s}/>"#
        ),
        NodeKind::RedisEcs | NodeKind::ElasticacheRedis => format!(
            r#"<path d="M8 2L14.5 5L8 8L1.5 5z" {s}/><path d="M1.5 8L8 11L14.5 8" {s}/><path d="M1.5 11L8 14L14.5 11" {s}/>"#
        ),
        NodeKind::Bastion => {
            format!(
                r#"<rect x="1.5" y="2.5" width="13" height="11" rx="1.5" {s}/><path d="M4.5 6.5L7 8.5L4.5 10.5M8.5 10.5H11.5" {s}/>"#
            )
        }
        NodeKind::RdsPostgres => format!(
            r#"<ellipse cx="8" cy="3.5" rx="6" ry="2" {s}/><path d="M2 3.5V12.5c0 1.1 2.7 2 6 2s6-0.9 6-2V3.5M2 8c0 1.1 2.7 2 6 2s6-0.9 6-2" {s}/>"#
        ),
        NodeKind::S3Bucket => {
            format!(
                r#"<ellipse cx="8" cy="3.5" rx="6.5" ry="2" {s}/><path d="M1.5 3.5L3.5 13.5c0.3 1 2.3 1.5 4.5 1.5s4.2-0.5 4.5-1.5L14.5 3.5" {s}/>"#
            )
        }
        NodeKind::Efs => {
            format!(r#"<path d="M1.5 4V13.5H14.5V5.5H7.5L6 3.5H2z" {s}/><path d="M4 9H12M4 11.5H12" {s}/>"#)
        }
        NodeKind::EcrRepository => format!(
            r#"<rect x="1.5" y="1.5" width="13" height="13" rx="1.5" {s}/><path d="M5 4.5V11.5M8 4.5V11.5M11 4.5V11.5" {s}/>"#
        ),
        NodeKind::KmsKey => {
            format!(r#"<circle cx="5" cy="8" r="3.5" {s}/><path d="M8.5 8H15M12.5 8V11M15 8V10.5" {s}/>"#)
        }
        NodeKind::Secret => format!(
            r#"<rect x="1.5" y="4.5" width="13" height="8" rx="1.5" {s}/><circle cx="5" cy="8.5" r="0.9" fill="{c}"/><circle cx="8" cy="8.5" r="0.9" fill="{c}"/><circle cx="11" cy="8.5" r="0.9" fill="{c}"/>"#
        ),
        NodeKind::LogGroup => {
            format!(r#"<path d="M3 1.5H10.5L13.5 4.5V14.5H3z" {s}/><path d="M5.5 7H11M5.5 9.5H11M5.5 12H9" {s}/>"#)
        }
        NodeKind::NatGateway => {
            format!(r#"<circle cx="8" cy="8" r="6.5" {s}/><path d="M4.5 8H11.5M9 5.5L11.5 8L9 10.5" {s}/>"#)
        }
        NodeKind::VpcEndpoint => format!(
            r#"<rect x="1.5" y="5" width="6" height="6" rx="1" {s}/><path d="M7.5 8H11" {s}/><circle cx="13" cy="8" r="2" {s}/>"#
        ),
        NodeKind::Vpc | NodeKind::Subnet => format!(r#"<rect x="1.5" y="1.5" width="13" height="13" rx="2" {s}/>"#),
    };
    let _ = write!(out, r#"<g class="cp-icon" transform="translate({} {})">{body}</g>"#, n(x), n(y));
}

fn legend(out: &mut String, x: f64, y: f64) {
    let _ = write!(out, r#"<g class="cp-legend" transform="translate({} {})">"#, n(x), n(y));
    out.push_str(r##"<text x="0" y="12" font-size="12" font-weight="700" fill="#24292f">Flows</text>"##);
    let mut at = 50.0;
    for (grade, loopback, word) in [
        (Grade::Verified, false, "encrypted, verified"),
        (Grade::Unverified, false, "encrypted, not verified"),
        (Grade::Downgradable, false, "downgradable"),
        (Grade::Plaintext, false, "plaintext"),
        (Grade::Plaintext, true, "loopback in one task"),
    ] {
        let (stroke, ink) = grade_colour(grade, loopback);
        let dash = if loopback { r#" stroke-dasharray="5 4""# } else { "" };
        let _ = write!(
            out,
            r#"<line x1="{}" y1="8" x2="{}" y2="8" stroke="{stroke}" stroke-width="2"{dash}/>"#,
            n(at),
            n(at + 22.0)
        );
        lock(out, at + 26.0, 2.0, grade.is_encrypted(), stroke);
        let _ = write!(out, r#"<text x="{}" y="12" font-size="12" fill="{ink}">{word}</text>"#, n(at + 40.0));
        at += 50.0 + text_width(word, 12.0, false) + 14.0;
    }
    out.push_str(r##"<text x="0" y="39" font-size="12" font-weight="700" fill="#24292f">At rest</text>"##);
    let mut at = 58.0;
    for (text, fill, ink, closed) in [
        ("CMK", "#dafbe1", "#116329", true),
        ("AWS managed / owned key", "#eaeef2", "#424a53", true),
        ("unencrypted", "#ffebe9", "#a40e26", false),
    ] {
        let w = 20.0 + text_width(text, 9.0, true);
        let _ = write!(
            out,
            r#"<rect x="{}" y="26" width="{}" height="15" rx="7.5" fill="{fill}" stroke="{ink}" stroke-width="0.75"/>"#,
            n(at),
            n(w)
        );
        lock(out, at + 4.0, 27.5, closed, ink);
        let _ = write!(
            out,
            r#"<text x="{}" y="37" font-size="9" font-weight="700" fill="{ink}">{text}</text>"#,
            n(at + 16.0)
        );
        at += w + 14.0;
    }
    let _ = write!(
        out,
        r##"<line x1="{}" y1="34" x2="{}" y2="34" stroke="#a475f9" stroke-width="1" stroke-dasharray="2 3"/><text x="{}" y="39" font-size="12" fill="#6639ba">encrypted with (KMS key)</text>"##,
        n(at + 6.0),
        n(at + 28.0),
        n(at + 34.0)
    );
    out.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates;

    #[test]
    fn escape_neutralises_markup_and_control_characters() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(escape("a\u{0}b\u{1b}c\nd"), "a\u{fffd}b\u{fffd}c\nd");
        assert_eq!(escape("é\u{fffe}x\u{ffff}\u{fffd}—"), "é\u{fffd}x\u{fffd}\u{fffd}—");
        assert_eq!(n(12.0), "12");
        assert_eq!(n(-0.04), "0");
        assert_eq!(n(-3.25), "-3.3");
        assert_eq!(n(1540.06), "1540.1");
    }

    #[test]
    fn wrapping_fits_two_lines_and_ellipsises_the_rest() {
        assert_eq!(wrap("gunicorn :8000", 12.0, true, 120.0, 2), vec!["gunicorn :8000"]);
        let lines = wrap("key: data (RDS, Redis, S3)", 12.0, true, 120.0, 2);
        assert_eq!(lines.len(), 2, "{lines:?}");
        let long = wrap("a very long label that will never fit on two short lines of a card", 12.0, true, 120.0, 2);
        assert_eq!(long.len(), 2);
        assert!(long[1].ends_with('…'), "{long:?}");
        for l in long {
            assert!(text_width(&l, 12.0, true) <= 120.0, "{l}");
        }
        assert_eq!(wrap("DJANGO_SECRET_KEY", 12.0, true, 120.0, 2), vec!["DJANGO_", "SECRET_KEY"]);
        assert_eq!(wrap("/ecs/exec-sessions", 12.0, true, 120.0, 2), vec!["/ecs/exec-", "sessions"]);
        let word = wrap("Supercalifragilisticexpialidocious-and-more", 12.0, true, 120.0, 2);
        assert!(word.iter().all(|l| text_width(l, 12.0, true) <= 120.0), "{word:?}");
    }

    #[test]
    fn is_deterministic_and_draws_every_flow_and_store() {
        let d = templates::reference();
        let a = svg(&d);
        assert_eq!(a, svg(&d));
        let flows = d.edges.iter().filter(|e| e.kind == EdgeKind::Flow).count();
        assert_eq!(a.matches(r#"<line class="cp-flow "#).count(), flows);
        assert_eq!(a.matches(r#"<g class="cp-flow-label">"#).count(), flows);
        let m = Model::new(&d);
        let stores = d.nodes.iter().filter(|n| rest::at_rest(&m, n).is_some()).count();
        assert_eq!(a.matches(r#"<g class="cp-badge">"#).count(), stores);
        assert!(a.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    }

    #[test]
    fn baseline_shows_plaintext_and_unencrypted_stores() {
        let s = svg(&(templates::template("django-baseline").unwrap().build)());
        assert!(s.contains("cp-flow cp-plaintext"));
        assert!(s.contains(">unencrypted</text>"));
    }

    #[test]
    fn empty_design_still_renders() {
        let s = svg(&Design::new("empty"));
        assert!(s.ends_with("</svg>"));
    }
}
