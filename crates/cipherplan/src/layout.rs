//! Where things are drawn: node and box geometry shared by the canvas and the diagram
//! exports, which boxes may contain which nodes, and the automatic tiered layout.
//!
//! The canvas draws a component as an icon with its label underneath, inside a nominal
//! [`NODE_W`] × [`NODE_H`] rectangle whose top-left corner is the node's `x`/`y`. VPCs, subnets
//! and ECS services that contain containers are drawn as boxes of their own `w`/`h`.
//!
//! [`auto_layout`] arranges a design in tiers from left to right — who connects (internet,
//! operators, DNS), the edge (CloudFront, load balancer), compute, data, then secrets, logs and
//! keys — keeping every node inside its box and sizing boxes to their contents. It is pure and
//! deterministic: the same design always gives the same picture.

use crate::catalog::{EdgeKind, NodeKind};
use crate::design::{Design, Node};
use std::collections::{HashMap, HashSet};

/// Width of the nominal rectangle of a component drawn as an icon.
pub const NODE_W: f64 = 120.0;
/// Height of the nominal rectangle of a component drawn as an icon (icon plus label).
pub const NODE_H: f64 = 76.0;
/// Side of the icon square, centred at the top of the nominal rectangle.
pub const ICON: f64 = 44.0;
/// The canvas grid positions snap to.
pub const GRID: f64 = 20.0;
/// Height of a box's title band.
pub const BOX_HEADER: f64 = 32.0;

/// Inner padding of a box around its contents.
const BOX_PAD: f64 = 24.0;
/// Horizontal gap between tiers (room for flow labels).
const COL_GAP: f64 = 100.0;
/// Vertical gap between the items of one tier.
const ROW_GAP: f64 = 28.0;
/// Where the top-left of the layout lands.
const ORIGIN: (f64, f64) = (40.0, 40.0);
/// Barycenter passes that reorder tiers to shorten and uncross edges.
const ORDER_PASSES: usize = 4;

/// An axis-aligned rectangle in canvas coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// A rectangle from its top-left corner and size.
    #[must_use]
    pub const fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Rect { x, y, w, h }
    }

    /// The centre point.
    #[must_use]
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// Right edge.
    #[must_use]
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    /// Bottom edge.
    #[must_use]
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// Whether the point lies inside (edges included).
    #[must_use]
    pub fn contains(&self, (px, py): (f64, f64)) -> bool {
        px >= self.x && px <= self.right() && py >= self.y && py <= self.bottom()
    }

    /// Whether `other` lies entirely inside this rectangle.
    #[must_use]
    pub fn encloses(&self, other: &Rect) -> bool {
        other.x >= self.x && other.y >= self.y && other.right() <= self.right() && other.bottom() <= self.bottom()
    }

    /// Whether the two rectangles overlap (touching edges do not count).
    #[must_use]
    pub fn intersects(&self, other: &Rect) -> bool {
        self.x < other.right() && other.x < self.right() && self.y < other.bottom() && other.y < self.bottom()
    }

    /// The smallest rectangle containing both.
    #[must_use]
    pub fn union(&self, other: &Rect) -> Rect {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        Rect { x, y, w: self.right().max(other.right()) - x, h: self.bottom().max(other.bottom()) - y }
    }

    /// The rectangle grown by `d` on every side.
    #[must_use]
    pub fn inflate(&self, d: f64) -> Rect {
        Rect { x: self.x - d, y: self.y - d, w: self.w + 2.0 * d, h: self.h + 2.0 * d }
    }

    /// The rectangle spanned by two corner points in any order.
    #[must_use]
    pub fn from_corners(a: (f64, f64), b: (f64, f64)) -> Rect {
        Rect { x: a.0.min(b.0), y: a.1.min(b.1), w: (a.0 - b.0).abs(), h: (a.1 - b.1).abs() }
    }
}

/// Whether a node of kind `parent` may contain a node of kind `child`, with the loader's rules:
/// only VPCs, subnets and ECS services contain nodes; containers live only in ECS services and
/// nothing else does; other kinds go where their catalog entry allows (anywhere in a VPC or a
/// subnet when it names no parents). The canvas never nests a VPC in another box, which the
/// loader tolerates.
#[must_use]
pub fn can_contain(parent: NodeKind, child: NodeKind) -> bool {
    if !parent.spec().caps.container_box || child == NodeKind::Vpc {
        return false;
    }
    let allowed = child.spec().parents;
    if allowed.is_empty() {
        parent != NodeKind::EcsService
    } else {
        allowed.contains(&parent)
    }
}

/// Default size of a box of this kind when the design does not give one.
#[must_use]
pub fn default_box_size(kind: NodeKind) -> (f64, f64) {
    match kind {
        NodeKind::Vpc => (520.0, 360.0),
        NodeKind::Subnet => (260.0, 240.0),
        _ => (300.0, 180.0),
    }
}

/// Ids of the nodes drawn as boxes: VPCs and subnets always, ECS services when they have a
/// size or contain containers.
#[must_use]
pub fn box_ids(design: &Design) -> HashSet<&str> {
    let with_children: HashSet<&str> = design.nodes.iter().filter_map(|n| n.parent.as_deref()).collect();
    design.nodes.iter().filter(|n| is_box(n, with_children.contains(n.id.as_str()))).map(|n| n.id.as_str()).collect()
}

/// Whether a node is drawn as a box, given whether some node names it as parent.
#[must_use]
pub fn is_box(node: &Node, has_children: bool) -> bool {
    match node.kind {
        NodeKind::Vpc | NodeKind::Subnet => true,
        NodeKind::EcsService => has_children || (node.w.is_some() && node.h.is_some()),
        _ => false,
    }
}

/// The rectangle a node occupies: its box, or the nominal icon-and-label rectangle.
#[must_use]
pub fn node_rect(node: &Node, is_box: bool) -> Rect {
    if is_box {
        let (dw, dh) = default_box_size(node.kind);
        Rect::new(node.x, node.y, node.w.unwrap_or(dw), node.h.unwrap_or(dh))
    } else {
        Rect::new(node.x, node.y, NODE_W, NODE_H)
    }
}

/// The square an edge attaches to: the icon of a component, the whole rectangle of a box.
#[must_use]
pub fn anchor_rect(node: &Node, is_box: bool) -> Rect {
    if is_box {
        node_rect(node, true)
    } else {
        Rect::new(node.x + (NODE_W - ICON) / 2.0, node.y, ICON, ICON)
    }
}

/// The bounding rectangle of the whole design, `None` when it is empty.
#[must_use]
pub fn bounds(design: &Design) -> Option<Rect> {
    let boxes = box_ids(design);
    design.nodes.iter().map(|n| node_rect(n, boxes.contains(n.id.as_str()))).reduce(|a, b| a.union(&b))
}

/// Rounds a coordinate to the canvas grid.
#[must_use]
pub fn snap(v: f64) -> f64 {
    (v / GRID).round() * GRID
}

/// The innermost box at `point` that may contain a node of `kind`, ignoring the nodes in
/// `exclude` (the ones being moved, and their descendants).
#[must_use]
pub fn box_at<'d>(design: &'d Design, point: (f64, f64), kind: NodeKind, exclude: &HashSet<&str>) -> Option<&'d Node> {
    let boxes = box_ids(design);
    design
        .nodes
        .iter()
        .filter(|n| boxes.contains(n.id.as_str()) && !exclude.contains(n.id.as_str()))
        .filter(|n| can_contain(n.kind, kind) && node_rect(n, true).contains(point))
        .max_by_key(|n| depth(design, n))
}

/// How many boxes enclose a node (0 at top level).
#[must_use]
pub fn depth(design: &Design, node: &Node) -> usize {
    let mut d = 0;
    let mut cursor = node.parent.as_deref();
    let mut guard = design.nodes.len();
    while let Some(p) = cursor {
        d += 1;
        guard = guard.saturating_sub(1);
        if guard == 0 {
            break;
        }
        cursor = design.node(p).and_then(|n| n.parent.as_deref());
    }
    d
}

/// The ids of `roots` and every node inside them, at any depth.
#[must_use]
pub fn with_descendants<'d>(design: &'d Design, roots: &[&str]) -> HashSet<&'d str> {
    let mut out: HashSet<&str> =
        design.nodes.iter().filter(|n| roots.contains(&n.id.as_str())).map(|n| n.id.as_str()).collect();
    loop {
        let before = out.len();
        for n in &design.nodes {
            if n.parent.as_deref().is_some_and(|p| out.contains(p)) {
                out.insert(n.id.as_str());
            }
        }
        if out.len() == before {
            return out;
        }
    }
}

/// The tier (column) a kind belongs to, left to right: who connects, the edge, compute, data
/// and security (stores, secrets, logs), then the keys everything at rest is encrypted with.
#[must_use]
pub fn tier(kind: NodeKind) -> u8 {
    match kind {
        NodeKind::InternetClient | NodeKind::Operator | NodeKind::Route53 => 0,
        NodeKind::Cloudfront | NodeKind::Alb | NodeKind::NatGateway => 1,
        NodeKind::EcsCluster
        | NodeKind::EcsService
        | NodeKind::Container
        | NodeKind::Bastion
        | NodeKind::RedisEcs
        | NodeKind::Vpc
        | NodeKind::Subnet => 2,
        NodeKind::RdsPostgres
        | NodeKind::ElasticacheRedis
        | NodeKind::S3Bucket
        | NodeKind::Efs
        | NodeKind::EcrRepository
        | NodeKind::VpcEndpoint
        | NodeKind::Secret
        | NodeKind::LogGroup => 3,
        NodeKind::KmsKey => 4,
    }
}

/// One thing laid out inside a container (or at top level): a component or a box.
#[derive(Debug)]
struct Item {
    /// Index into `design.nodes`.
    node: usize,
    kind: NodeKind,
    /// Room the box's title needs (approximate text width plus the icon).
    title_w: f64,
    /// Items inside this one, when it is a box.
    children: Vec<usize>,
    is_box: bool,
    tier: u8,
    /// Rank among same-tier siblings along flows (nginx before gunicorn).
    depth: u32,
    /// Sort key within a column (barycenter of neighbours).
    order: f64,
    w: f64,
    h: f64,
}

/// The design with every node placed by tier, boxes sized to their contents.
#[must_use]
pub fn auto_layout(design: &Design) -> Design {
    let mut out = design.clone();
    arrange(&mut out);
    out
}

/// Lays out `design` in place (see [`auto_layout`]).
#[allow(clippy::cast_precision_loss)] // indices are small
pub fn arrange(design: &mut Design) {
    let n = design.nodes.len();
    if n == 0 {
        return;
    }
    let index: HashMap<&str, usize> = design.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    let boxes = box_ids(design);
    // Parent of each node, only when the parent exists, can hold it, and no cycle is formed.
    let mut parent: Vec<Option<usize>> = design
        .nodes
        .iter()
        .map(|c| {
            let p = *index.get(c.parent.as_deref()?)?;
            // Structure as loaded: any box may hold what the loader accepted there.
            boxes.contains(design.nodes[p].id.as_str()).then_some(p)
        })
        .collect();
    for i in 0..n {
        let mut cursor = parent[i];
        let mut steps = 0;
        while let Some(p) = cursor {
            steps += 1;
            if p == i || steps > n {
                parent[i] = None;
                break;
            }
            cursor = parent[p];
        }
    }
    let mut items: Vec<Item> = (0..n)
        .map(|i| Item {
            node: i,
            kind: design.nodes[i].kind,
            title_w: title_width(&design.nodes[i]),
            children: Vec::new(),
            is_box: boxes.contains(design.nodes[i].id.as_str()),
            tier: tier(design.nodes[i].kind),
            depth: 0,
            order: i as f64,
            w: NODE_W,
            h: NODE_H,
        })
        .collect();
    let mut roots = Vec::new();
    for (i, p) in parent.iter().enumerate() {
        match p {
            Some(p) => items[*p].children.push(i),
            None => roots.push(i),
        }
    }
    // A box's tier is the lowest tier inside it, so a VPC holding the load balancer sits in
    // the edge tier and the flows into it run left to right.
    for &r in &roots {
        box_tier(&mut items, r);
    }
    // The item each node belongs to in every container on its way up, to rank siblings by flows.
    let neighbours = neighbours(design, &index);
    let flows: Vec<(usize, usize)> = design
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Flow)
        .filter_map(|e| Some((*index.get(e.from.as_str())?, *index.get(e.to.as_str())?)))
        .collect();
    rank_siblings(&mut items, &parent, &roots, &flows);

    let mut pos = vec![(0.0_f64, 0.0_f64); n];
    for pass in 0..=ORDER_PASSES {
        if pass > 0 {
            reorder(&mut items, &neighbours, &pos);
        }
        for &r in &roots {
            measure(&mut items, r);
        }
        place(&items, None, &roots, ORIGIN, &mut pos);
    }
    for (i, node) in design.nodes.iter_mut().enumerate() {
        node.x = pos[i].0;
        node.y = pos[i].1;
        if items[i].is_box {
            node.w = Some(items[i].w);
            node.h = Some(items[i].h);
        }
    }
}

fn box_tier(items: &mut [Item], i: usize) -> u8 {
    let children = items[i].children.clone();
    if items[i].is_box && !children.is_empty() {
        let t = children.iter().map(|&c| box_tier(items, c)).min().unwrap_or(items[i].tier);
        items[i].tier = t;
    }
    items[i].tier
}

/// Undirected neighbours of each node over every edge (flows and relations).
fn neighbours(design: &Design, index: &HashMap<&str, usize>) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); design.nodes.len()];
    for e in &design.edges {
        if let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) {
            if a != b {
                out[a].push(b);
                out[b].push(a);
            }
        }
    }
    out
}

/// Ranks same-tier siblings in each container by the flows between them (longest path), so a
/// chain like nginx → gunicorn reads left to right.
fn rank_siblings(items: &mut [Item], parent: &[Option<usize>], roots: &[usize], flows: &[(usize, usize)]) {
    let n = items.len();
    // The sibling under container `c` that holds node `x`: walk up until the parent is `c`.
    let ancestor_in = |mut x: usize, c: Option<usize>| -> Option<usize> {
        for _ in 0..=n {
            if parent[x] == c {
                return Some(x);
            }
            x = parent[x]?;
        }
        None
    };
    let mut containers: Vec<(Option<usize>, Vec<usize>)> = vec![(None, roots.to_vec())];
    containers.extend(items.iter().filter(|it| !it.children.is_empty()).map(|it| (Some(it.node), it.children.clone())));
    for (c, siblings) in containers {
        let set: HashSet<usize> = siblings.iter().copied().collect();
        let arcs: Vec<(usize, usize)> = flows
            .iter()
            .filter_map(|&(a, b)| {
                let (sa, sb) = (ancestor_in(a, c)?, ancestor_in(b, c)?);
                (sa != sb && set.contains(&sa) && set.contains(&sb) && items[sa].tier == items[sb].tier)
                    .then_some((sa, sb))
            })
            .collect();
        // Bellman-Ford style relaxation bounded by the sibling count: cycles stop growing.
        for _ in 0..siblings.len() {
            let mut changed = false;
            for &(a, b) in &arcs {
                if items[b].depth < items[a].depth + 1 && items[a].depth < u32::try_from(siblings.len()).unwrap_or(0) {
                    items[b].depth = items[a].depth + 1;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }
}

/// Sorts each column by the mean vertical position of every item's neighbours.
#[allow(clippy::cast_precision_loss)]
fn reorder(items: &mut [Item], neighbours: &[Vec<usize>], pos: &[(f64, f64)]) {
    let centre = |i: usize| pos[i].1 + items[i].h / 2.0;
    let bary: Vec<f64> = (0..items.len())
        .map(|i| {
            // Neighbours of the item and of everything inside it, outside of it.
            let members = members(items, i);
            let inside: HashSet<usize> = members.iter().copied().collect();
            let ys: Vec<f64> = members
                .iter()
                .flat_map(|&m| neighbours[m].iter().copied())
                .filter(|x| !inside.contains(x))
                .map(centre)
                .collect();
            if ys.is_empty() {
                centre(i)
            } else {
                ys.iter().sum::<f64>() / ys.len() as f64
            }
        })
        .collect();
    for (it, b) in items.iter_mut().zip(bary) {
        it.order = b;
    }
}

fn members(items: &[Item], i: usize) -> Vec<usize> {
    let mut out = vec![i];
    let mut k = 0;
    while k < out.len() {
        out.extend(items[out[k]].children.iter().copied());
        k += 1;
    }
    out
}

/// Columns of a container's items: sorted by (tier, depth), each sorted by order.
fn columns(items: &[Item], ids: &[usize]) -> Vec<Vec<usize>> {
    let mut keys: Vec<(u8, u32)> = ids.iter().map(|&i| (items[i].tier, items[i].depth)).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.iter()
        .map(|&k| {
            let mut col: Vec<usize> = ids.iter().copied().filter(|&i| (items[i].tier, items[i].depth) == k).collect();
            col.sort_unstable_by(|&a, &b| items[a].order.total_cmp(&items[b].order).then(a.cmp(&b)));
            col
        })
        .collect()
}

fn column_size(items: &[Item], col: &[usize]) -> (f64, f64) {
    let w = col.iter().map(|&i| items[i].w).fold(0.0, f64::max);
    let h = col.iter().map(|&i| items[i].h).sum::<f64>() + ROW_GAP * (col.len().saturating_sub(1)) as f64;
    (w, h)
}

#[allow(clippy::cast_precision_loss)]
fn measure(items: &mut [Item], i: usize) {
    if !items[i].is_box {
        return;
    }
    let children = items[i].children.clone();
    for &c in &children {
        measure(items, c);
    }
    if children.is_empty() {
        (items[i].w, items[i].h) = default_box_size(items[i].kind);
        return;
    }
    let cols = columns(items, &children);
    let sizes: Vec<(f64, f64)> = cols.iter().map(|c| column_size(items, c)).collect();
    let gap = col_gap(Some(items[i].kind));
    let w = sizes.iter().map(|s| s.0).sum::<f64>() + gap * (sizes.len().saturating_sub(1)) as f64;
    let h = sizes.iter().map(|s| s.1).fold(0.0, f64::max);
    // Wide enough for the box's title and subtitle next to its icon.
    let w = w.max(items[i].title_w - 2.0 * BOX_PAD);
    items[i].w = w + 2.0 * BOX_PAD;
    items[i].h = h + 2.0 * BOX_PAD + BOX_HEADER - 8.0;
}

/// About how wide a box's title band must be: 7 px a character at the canvas's title size,
/// plus the icon and margins.
#[allow(clippy::cast_precision_loss)]
fn title_width(node: &Node) -> f64 {
    let chars = node.display_name().chars().count().max(24);
    chars as f64 * 7.0 + 56.0
}

/// Containers in a task sit closer together than tiers: their loopback flows are short.
fn col_gap(container: Option<NodeKind>) -> f64 {
    if container == Some(NodeKind::EcsService) {
        48.0
    } else {
        COL_GAP
    }
}

#[allow(clippy::cast_precision_loss)]
fn place(items: &[Item], container: Option<NodeKind>, ids: &[usize], origin: (f64, f64), pos: &mut [(f64, f64)]) {
    let cols = columns(items, ids);
    let sizes: Vec<(f64, f64)> = cols.iter().map(|c| column_size(items, c)).collect();
    let tallest = sizes.iter().map(|s| s.1).fold(0.0, f64::max);
    let gap = col_gap(container);
    let mut x = origin.0;
    for (col, (cw, ch)) in cols.iter().zip(&sizes) {
        let mut y = origin.1 + (tallest - ch) / 2.0;
        for &i in col {
            let ix = x + (cw - items[i].w) / 2.0;
            pos[i] = (ix.round(), y.round());
            if items[i].is_box {
                let inner = (pos[i].0 + BOX_PAD, pos[i].1 + BOX_HEADER + BOX_PAD - 8.0);
                place(items, Some(items[i].kind), &items[i].children, inner, pos);
            }
            y += items[i].h + ROW_GAP;
        }
        x += cw + gap;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::TEMPLATES;

    fn rects(d: &Design) -> Vec<(String, Rect, bool)> {
        let boxes = box_ids(d);
        d.nodes
            .iter()
            .map(|n| {
                let b = boxes.contains(n.id.as_str());
                (n.id.clone(), node_rect(n, b), b)
            })
            .collect()
    }

    #[test]
    fn every_template_lays_out_without_overlaps_and_inside_its_boxes() {
        for t in TEMPLATES {
            let d = auto_layout(&(t.build)());
            let r = rects(&d);
            for (i, (a, ra, _)) in r.iter().enumerate() {
                let node = d.node(a).unwrap();
                if let Some(p) = &node.parent {
                    let (_, rp, _) = r.iter().find(|(id, _, _)| id == p).unwrap();
                    assert!(rp.encloses(ra), "{}: {a} outside its box {p}: {ra:?} vs {rp:?}", t.name);
                }
                for (b, rb, _) in &r[i + 1..] {
                    let nb = d.node(b).unwrap();
                    // Siblings (same parent) never overlap; a node and its box do by design.
                    if node.parent == nb.parent {
                        assert!(!ra.intersects(rb), "{}: {a} overlaps {b}", t.name);
                    }
                }
            }
        }
    }

    #[test]
    fn tiers_run_left_to_right_in_the_reference() {
        let d = auto_layout(&crate::templates::reference());
        let x = |id: &str| d.node(id).unwrap().x;
        assert!(x("users") < x("alb"));
        assert!(x("alb") < x("nginx"));
        assert!(x("nginx") < x("gunicorn"), "loopback chain reads left to right");
        assert!(x("gunicorn") < x("db"));
        assert!(x("db") < x("secret-key"));
        assert!(x("secret-key") < x("key-data"));
    }

    #[test]
    fn layout_is_deterministic_and_idempotent_in_shape() {
        let a = auto_layout(&crate::templates::reference());
        let b = auto_layout(&crate::templates::reference());
        assert_eq!(a, b);
        assert_eq!(auto_layout(&a), a, "laying out a laid-out design changes nothing");
    }

    #[test]
    fn containment_follows_the_loader_rules() {
        assert!(can_contain(NodeKind::EcsService, NodeKind::Container));
        assert!(!can_contain(NodeKind::Subnet, NodeKind::Container));
        assert!(!can_contain(NodeKind::EcsService, NodeKind::RdsPostgres));
        assert!(can_contain(NodeKind::Subnet, NodeKind::RdsPostgres));
        assert!(can_contain(NodeKind::Vpc, NodeKind::S3Bucket));
        assert!(!can_contain(NodeKind::Subnet, NodeKind::Vpc));
        assert!(!can_contain(NodeKind::RdsPostgres, NodeKind::Container));
    }

    #[test]
    fn box_at_finds_the_innermost_allowed_box() {
        let d = crate::templates::reference();
        let none = HashSet::new();
        let inside_web = (600.0, 200.0);
        assert_eq!(box_at(&d, inside_web, NodeKind::Container, &none).map(|n| n.id.as_str()), Some("web"));
        assert_eq!(box_at(&d, inside_web, NodeKind::RdsPostgres, &none).map(|n| n.id.as_str()), Some("private"));
        assert_eq!(box_at(&d, (5.0, 5.0), NodeKind::RdsPostgres, &none), None);
        let moving = with_descendants(&d, &["private"]);
        assert_eq!(box_at(&d, inside_web, NodeKind::RdsPostgres, &moving).map(|n| n.id.as_str()), Some("vpc"));
    }

    #[test]
    fn empty_and_cyclic_designs_do_not_panic() {
        let mut d = Design::new("empty");
        arrange(&mut d);
        let mut a = Node::new("a", NodeKind::Vpc, "", 0.0, 0.0);
        a.parent = Some("b".into());
        let mut b = Node::new("b", NodeKind::Vpc, "", 0.0, 0.0);
        b.parent = Some("a".into());
        d.nodes = vec![a, b];
        arrange(&mut d);
        assert!(bounds(&d).is_some());
    }
}
