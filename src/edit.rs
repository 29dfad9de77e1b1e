//! Canvas edits as pure functions on a [`Design`]: place, move, resize, delete, connect.
//!
//! The browser wraps each call in one history step ([`crate::state::Editor::edit`]); the
//! catalog decides what is allowed (`edge_allowed`, `default_flow`, the containment rules in
//! `cipherplan::layout`), so these functions only put the user's gesture into the design.

use cipherplan::catalog::{default_flow, edge_allowed, EdgeKind, NodeKind};
use cipherplan::layout::{self, Rect, BOX_HEADER, NODE_H, NODE_W};
use cipherplan::{Design, Edge, Node, Value};
use std::collections::{BTreeSet, HashSet};

/// Padding kept between a box's border and the nodes it grows to hold.
const FIT_PAD: f64 = 20.0;

/// The id base for a new node of `kind` (`rds-postgres`, then `rds-postgres-2`, ...).
fn id_base(kind: NodeKind) -> String {
    kind.as_str().replace('_', "-")
}

/// Places a new node of `kind` centred on `at`, inside the innermost box there that may hold
/// it. Returns its id.
///
/// # Errors
/// A container dropped outside every ECS service: containers only exist inside a task.
pub fn place(design: &mut Design, kind: NodeKind, at: (f64, f64), snap: bool) -> Result<String, String> {
    let id = design.fresh_id(&id_base(kind));
    let mut node = Node::new(id.clone(), kind, kind.spec().title, 0.0, 0.0);
    let boxed = matches!(kind, NodeKind::Vpc | NodeKind::Subnet);
    let (w, h) = if boxed { layout::default_box_size(kind) } else { (NODE_W, NODE_H) };
    if boxed {
        node.w = Some(w);
        node.h = Some(h);
    }
    let round = |v: f64| if snap { layout::snap(v) } else { v.round() };
    node.x = round(at.0 - w / 2.0);
    node.y = round(at.1 - if boxed { BOX_HEADER / 2.0 } else { h / 2.0 });
    let none = HashSet::new();
    let parent = layout::box_at(design, at, kind, &none).map(|p| p.id.clone());
    if kind == NodeKind::Container && parent.is_none() {
        // Dropped on a service drawn as an icon: the service becomes the task's box.
        let service = design
            .nodes
            .iter()
            .find(|n| n.kind == NodeKind::EcsService && layout::node_rect(n, false).contains(at))
            .map(|n| n.id.clone());
        let Some(service) = service else {
            return Err("A container lives inside an ECS service: drop it on a service (its task)".into());
        };
        let s = design.node_mut(&service).expect("found above");
        s.w = Some(NODE_W + 2.0 * FIT_PAD + 40.0);
        s.h = Some(NODE_H + BOX_HEADER + 2.0 * FIT_PAD);
        node.x = s.x + FIT_PAD;
        node.y = s.y + BOX_HEADER + 12.0;
        node.parent = Some(service.clone());
        design.nodes.push(node);
        make_room(design, &service);
    } else {
        node.parent = parent;
        design.nodes.push(node);
    }
    grow_ancestors(design, &[id.as_str()]);
    Ok(id)
}

/// Moves the siblings a grown box now covers down (with their contents), cascading, so the
/// box does not hide them.
pub fn make_room(design: &mut Design, id: &str) {
    let boxes: HashSet<String> = layout::box_ids(design).into_iter().map(str::to_owned).collect();
    let Some(b) = design.node(id) else { return };
    let parent = b.parent.clone();
    let mut obstacles = vec![layout::node_rect(b, true)];
    let mut siblings: Vec<(f64, String)> =
        design.nodes.iter().filter(|n| n.id != id && n.parent == parent).map(|n| (n.y, n.id.clone())).collect();
    siblings.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    for (_, sid) in siblings {
        let Some(n) = design.node(&sid) else { continue };
        let r = layout::node_rect(n, boxes.contains(&sid));
        let Some(bottom) = obstacles.iter().filter(|o| o.intersects(&r)).map(Rect::bottom).reduce(f64::max) else {
            continue;
        };
        let dy = layout::snap(bottom + FIT_PAD - r.y + layout::GRID / 2.0);
        let group: Vec<String> =
            layout::with_descendants(design, &[sid.as_str()]).into_iter().map(str::to_owned).collect();
        for g in &group {
            if let Some(m) = design.node_mut(g) {
                m.y += dy;
            }
        }
        obstacles.push(Rect::new(r.x, r.y + dy, r.w, r.h));
        grow_ancestors(design, &[sid.as_str()]);
    }
}

/// Moves nodes (with everything inside the boxes among them) by `(dx, dy)`, snapping each moved
/// top-level node to the grid, and re-parents each into the innermost box under its centre.
///
/// # Errors
/// A container moved out of every ECS service; the design is then unchanged.
pub fn move_nodes(design: &mut Design, ids: &[String], dx: f64, dy: f64, snap: bool) -> Result<(), String> {
    let roots: Vec<&str> = ids.iter().map(String::as_str).collect();
    let moving: HashSet<String> = layout::with_descendants(design, &roots).into_iter().map(str::to_owned).collect();
    // Nodes whose parent is not moving with them: they carry the others.
    let leaders: Vec<String> = design
        .nodes
        .iter()
        .filter(|n| moving.contains(&n.id) && !n.parent.as_ref().is_some_and(|p| moving.contains(p)))
        .map(|n| n.id.clone())
        .collect();
    let mut next = design.clone();
    let boxes: HashSet<String> = layout::box_ids(design).into_iter().map(str::to_owned).collect();
    for id in &leaders {
        let n = next.node(id).expect("leader exists");
        let (tx, ty) = if snap { (layout::snap(n.x + dx), layout::snap(n.y + dy)) } else { (n.x + dx, n.y + dy) };
        let (ddx, ddy) = (tx - n.x, ty - n.y);
        let group = layout::with_descendants(&next, &[id.as_str()]);
        let group: Vec<String> = group.into_iter().map(str::to_owned).collect();
        for gid in &group {
            if let Some(m) = next.node_mut(gid) {
                m.x += ddx;
                m.y += ddy;
            }
        }
        let n = next.node(id).expect("leader exists");
        let centre = layout::node_rect(n, boxes.contains(id)).center();
        let probe = if boxes.contains(id) { (n.x + 4.0, n.y + 4.0) } else { centre };
        let exclude: HashSet<&str> = moving.iter().map(String::as_str).collect();
        let kind = n.kind;
        let parent = layout::box_at(&next, probe, kind, &exclude).map(|p| p.id.clone());
        if kind == NodeKind::Container && parent.is_none() {
            return Err("A container stays inside an ECS service (its task); move it into a service box".into());
        }
        next.node_mut(id).expect("leader exists").parent = parent;
    }
    let leader_refs: Vec<&str> = leaders.iter().map(String::as_str).collect();
    grow_ancestors(&mut next, &leader_refs);
    *design = next;
    Ok(())
}

/// Grows every box enclosing one of `ids` so the node fits inside with some padding (boxes
/// never shrink on their own: the user may have drawn them larger on purpose).
pub fn grow_ancestors(design: &mut Design, ids: &[&str]) {
    let boxes: HashSet<String> = layout::box_ids(design).into_iter().map(str::to_owned).collect();
    let mut work: Vec<String> = ids.iter().map(|s| (*s).to_owned()).collect();
    let mut guard = design.nodes.len() * 4 + 8;
    while let Some(id) = work.pop() {
        guard = guard.saturating_sub(1);
        if guard == 0 {
            break;
        }
        let Some(child) = design.node(&id) else { continue };
        let Some(pid) = child.parent.clone() else { continue };
        let inner = layout::node_rect(child, boxes.contains(&id));
        let Some(parent) = design.node_mut(&pid) else { continue };
        let (dw, dh) = layout::default_box_size(parent.kind);
        let outer = Rect::new(parent.x, parent.y, parent.w.unwrap_or(dw), parent.h.unwrap_or(dh));
        let need = Rect::new(
            inner.x - FIT_PAD,
            inner.y - FIT_PAD - BOX_HEADER + 8.0,
            inner.w + 2.0 * FIT_PAD,
            inner.h + 2.0 * FIT_PAD + BOX_HEADER - 8.0,
        );
        let grown = outer.union(&need);
        if grown != outer {
            parent.x = grown.x;
            parent.y = grown.y;
            parent.w = Some(grown.w);
            parent.h = Some(grown.h);
            work.push(pid);
        }
    }
}

/// Sets a box's size, never smaller than what it holds.
pub fn resize_box(design: &mut Design, id: &str, w: f64, h: f64) {
    let boxes: HashSet<String> = layout::box_ids(design).into_iter().map(str::to_owned).collect();
    let Some(b) = design.node(id) else { return };
    let (x, y) = (b.x, b.y);
    let mut min_w: f64 = 120.0;
    let mut min_h: f64 = 80.0;
    for c in design.nodes.iter().filter(|n| n.parent.as_deref() == Some(id)) {
        let r = layout::node_rect(c, boxes.contains(&c.id));
        min_w = min_w.max(r.right() - x + FIT_PAD);
        min_h = min_h.max(r.bottom() - y + FIT_PAD);
    }
    if let Some(b) = design.node_mut(id) {
        b.w = Some(w.max(min_w).round());
        b.h = Some(h.max(min_h).round());
    }
    grow_ancestors(design, &[id]);
}

/// Deletes nodes (with everything inside the boxes among them), the edges touching them and
/// the given edges. Returns how many nodes and edges went.
pub fn delete(design: &mut Design, nodes: &BTreeSet<String>, edges: &BTreeSet<String>) -> (usize, usize) {
    let roots: Vec<&str> = nodes.iter().map(String::as_str).collect();
    let gone: HashSet<String> = layout::with_descendants(design, &roots).into_iter().map(str::to_owned).collect();
    let (n0, e0) = (design.nodes.len(), design.edges.len());
    design.nodes.retain(|n| !gone.contains(&n.id));
    design.edges.retain(|e| !edges.contains(&e.id) && !gone.contains(&e.from) && !gone.contains(&e.to));
    (n0 - design.nodes.len(), e0 - design.edges.len())
}

/// The relation to draw from `from` to `to`: what a drag onto a KMS key, a secret, a log group
/// or a cluster means, or (in relation mode) the first relation the catalog allows.
#[must_use]
pub fn relation_for(from: NodeKind, to: NodeKind) -> Option<EdgeKind> {
    let principal = from.spec().caps.principal;
    let order: &[EdgeKind] = match to {
        NodeKind::KmsKey if principal && !from.spec().caps.store => &[EdgeKind::CanDecrypt, EdgeKind::EncryptsWith],
        NodeKind::KmsKey => &[EdgeKind::EncryptsWith, EdgeKind::CanDecrypt],
        NodeKind::Secret => &[EdgeKind::ReadsSecret],
        NodeKind::LogGroup => &[EdgeKind::WritesLogs],
        NodeKind::EcsCluster => &[EdgeKind::RunsOn],
        _ => &[
            EdgeKind::EncryptsWith,
            EdgeKind::ReadsSecret,
            EdgeKind::WritesLogs,
            EdgeKind::RunsOn,
            EdgeKind::CanDecrypt,
        ],
    };
    order.iter().copied().find(|&k| edge_allowed(k, from, to).is_ok())
}

/// Whether dragging onto `to` draws a relation even outside relation mode.
#[must_use]
pub fn relation_target(to: NodeKind) -> bool {
    matches!(to, NodeKind::KmsKey | NodeKind::Secret | NodeKind::LogGroup | NodeKind::EcsCluster)
}

/// Connects `from` to `to`: a flow with the catalog's defaults for the pair, or a relation
/// when `relation` is set or the target is a key, secret, log group or cluster. Returns the
/// new edge's id.
///
/// # Errors
/// The pair makes no sense (the catalog's reason), the nodes are the same or missing, or the
/// same connection already exists.
pub fn connect(design: &mut Design, from: &str, to: &str, relation: bool) -> Result<String, String> {
    let edge = plan_connect(design, from, to, relation)?;
    let id = edge.id.clone();
    design.edges.push(edge);
    Ok(id)
}

/// The edge [`connect`] would add, without adding it (the canvas asks while the pointer moves).
///
/// # Errors
/// As [`connect`].
pub fn plan_connect(design: &Design, from: &str, to: &str, relation: bool) -> Result<Edge, String> {
    if from == to {
        return Err("A component cannot connect to itself".into());
    }
    let (Some(a), Some(b)) = (design.node(from), design.node(to)) else {
        return Err("Both ends must be components of this design".into());
    };
    let (fk, tk) = (a.kind, b.kind);
    let kind = if relation || relation_target(tk) {
        match relation_for(fk, tk) {
            Some(k) => k,
            None if relation => {
                return Err(format!(
                    "No relation joins a {} to a {} (relations: encrypts with a KMS key, reads a secret, writes logs, runs on a cluster, can decrypt)",
                    fk.spec().title,
                    tk.spec().title
                ))
            }
            // Not a relation after all (a flow to a secret's API, say): fall through to a flow.
            None => EdgeKind::Flow,
        }
    } else {
        EdgeKind::Flow
    };
    edge_allowed(kind, fk, tk).map_err(|why| capitalise(&format!("cannot connect: {why}")))?;
    let mut edge = Edge::new(String::new(), kind, from, to);
    match kind {
        EdgeKind::Flow => {
            let role = (tk == NodeKind::Container).then(|| b.text("role").to_owned());
            edge.props = default_flow(fk, tk, role.as_deref()).into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        }
        EdgeKind::EncryptsWith if fk == NodeKind::EcsCluster => {
            let taken: Vec<&str> =
                design.edges.iter().filter(|e| e.kind == kind && e.from == from).map(|e| e.text("purpose")).collect();
            let purpose = if taken.contains(&"exec") { "ephemeral_storage" } else { "exec" };
            edge.props.insert("purpose".into(), Value::from(purpose));
        }
        EdgeKind::WritesLogs if fk == NodeKind::EcsCluster => {
            edge.props.insert("purpose".into(), Value::from("exec_session"));
        }
        _ => {}
    }
    // One flow per pair (edit its properties instead); relations may repeat with another
    // purpose (a cluster's key for ECS Exec and for ephemeral storage).
    let same =
        |e: &Edge| e.kind == kind && e.from == from && e.to == to && (kind == EdgeKind::Flow || e.props == edge.props);
    if design.edges.iter().any(same) {
        return Err(if kind == EdgeKind::Flow {
            format!("`{from}` already has a flow to `{to}`: select it to change its properties")
        } else {
            format!("`{from}` already {} `{to}`", kind.spec().title.to_lowercase())
        });
    }
    let base = if kind == EdgeKind::Flow {
        format!("{from}-{to}")
    } else {
        format!("{from}-{}-{to}", kind.as_str().replace('_', "-"))
    };
    edge.id = design.fresh_id(&base);
    Ok(edge)
}

/// Changes an edge's kind (the inspector's kind menu), keeping its ends.
///
/// # Errors
/// The new kind does not fit the pair.
pub fn set_edge_kind(design: &mut Design, id: &str, kind: EdgeKind) -> Result<(), String> {
    let Some(e) = design.edge(id) else { return Err(format!("no edge `{id}`")) };
    let (Some(a), Some(b)) = (design.node(&e.from), design.node(&e.to)) else {
        return Err("edge joins a missing node".into());
    };
    edge_allowed(kind, a.kind, b.kind)?;
    let props = if kind == EdgeKind::Flow {
        let role = (b.kind == NodeKind::Container).then(|| b.text("role").to_owned());
        default_flow(a.kind, b.kind, role.as_deref()).into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    } else {
        Default::default()
    };
    let e = design.edge_mut(id).expect("checked");
    e.kind = kind;
    e.props = props;
    Ok(())
}

/// The edge kinds that fit an edge's two ends (for the inspector's kind menu).
#[must_use]
pub fn kinds_for(design: &Design, edge: &Edge) -> Vec<EdgeKind> {
    let (Some(a), Some(b)) = (design.node(&edge.from), design.node(&edge.to)) else { return vec![edge.kind] };
    cipherplan::catalog::EDGE_KINDS
        .iter()
        .map(|s| s.kind)
        .filter(|&k| edge_allowed(k, a.kind, b.kind).is_ok())
        .collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cipherplan::templates::reference;

    #[test]
    fn placing_finds_the_box_and_refuses_stray_containers() {
        let mut d = reference();
        let id = place(&mut d, NodeKind::RdsPostgres, (1000.0, 650.0), true).unwrap();
        assert_eq!(id, "rds-postgres");
        let n = d.node(&id).unwrap();
        assert_eq!(n.parent.as_deref(), Some("private"));
        assert_eq!((n.x % 20.0, n.y % 20.0), (0.0, 0.0));
        let err = place(&mut d, NodeKind::Container, (5.0, 900.0), true).unwrap_err();
        assert!(err.contains("ECS service"), "{err}");
        let c = place(&mut d, NodeKind::Container, (600.0, 150.0), true).unwrap();
        assert_eq!(d.node(&c).unwrap().parent.as_deref(), Some("web"));
    }

    #[test]
    fn a_container_dropped_on_a_service_icon_makes_it_a_box() {
        let mut d = reference();
        let worker = d.node("worker").unwrap().clone();
        let c = place(&mut d, NodeKind::Container, (worker.x + 60.0, worker.y + 20.0), true).unwrap();
        assert_eq!(d.node(&c).unwrap().parent.as_deref(), Some("worker"));
        let boxes = layout::box_ids(&d);
        assert!(boxes.contains("worker"));
        let task = layout::node_rect(d.node("worker").unwrap(), true);
        let beat = layout::node_rect(d.node("beat").unwrap(), false);
        assert!(!task.intersects(&beat), "the task box pushed celery beat down");
    }

    #[test]
    fn moving_a_box_carries_its_contents_and_reparents() {
        let mut d = reference();
        let before = d.node("nginx").unwrap().clone();
        move_nodes(&mut d, &["web".into()], 40.0, 20.0, true).unwrap();
        let after = d.node("nginx").unwrap();
        assert_eq!((after.x - before.x, after.y - before.y), (40.0, 20.0));
        // The database moved out of every subnet lands in the VPC, then at top level.
        let db = d.node("db").unwrap().clone();
        move_nodes(&mut d, &["db".into()], 1500.0 - db.x, 900.0 - db.y, true).unwrap();
        assert_eq!(d.node("db").unwrap().parent, None);
        let before = d.clone();
        let err = move_nodes(&mut d, &["gunicorn".into()], 0.0, 2000.0, true).unwrap_err();
        assert!(err.contains("ECS service"));
        assert_eq!(d, before, "a refused move changes nothing");
    }

    #[test]
    fn moving_a_node_to_a_box_edge_grows_the_box() {
        let mut d = reference();
        let web = d.node("web").unwrap().clone();
        move_nodes(&mut d, &["gunicorn".into()], 60.0, 0.0, true).unwrap();
        let g = d.node("gunicorn").unwrap();
        let grown = d.node("web").unwrap();
        assert!(grown.w.unwrap() > web.w.unwrap());
        assert!(grown.x + grown.w.unwrap() >= g.x + NODE_W);
    }

    #[test]
    fn delete_takes_contents_and_touching_edges() {
        let mut d = reference();
        let (n, e) = delete(&mut d, &["web".into()].into(), &BTreeSet::new());
        assert_eq!(n, 3, "web, nginx, gunicorn");
        assert!(e > 0);
        assert!(d.edges.iter().all(|e| !["web", "nginx", "gunicorn"].contains(&e.from.as_str())));
        assert!(cipherplan::load::load(&d.to_json()).is_ok(), "what is left still loads");
    }

    #[test]
    fn connect_uses_catalog_defaults_and_refuses_nonsense() {
        let mut d = reference();
        let id = connect(&mut d, "beat", "db", false).unwrap();
        let e = d.edge(&id).unwrap();
        assert_eq!((e.text("protocol"), e.int("port"), e.text("tls")), ("postgresql", 5432, "verify-full"));
        let err = connect(&mut d, "media", "alb", false).unwrap_err();
        assert!(err.contains("does not open network connections"), "{err}");
        let rel = connect(&mut d, "bastion", "key-data", false).unwrap();
        assert_eq!(d.edge(&rel).unwrap().kind, EdgeKind::CanDecrypt);
        let rel = connect(&mut d, "db", "key-secrets", false).unwrap();
        assert_eq!(d.edge(&rel).unwrap().kind, EdgeKind::EncryptsWith);
        assert!(connect(&mut d, "gunicorn", "db", false).unwrap_err().contains("already"));
        let err = connect(&mut d, "users", "db", true).unwrap_err();
        assert!(err.starts_with("No relation"), "{err}");
        assert!(cipherplan::load::load(&d.to_json()).is_ok());
    }

    #[test]
    fn edge_kind_menu_lists_only_fitting_kinds() {
        let d = reference();
        let e = d.edge("users-alb").unwrap();
        assert_eq!(kinds_for(&d, e), vec![EdgeKind::Flow]);
        let mut d2 = d.clone();
        let id = connect(&mut d2, "web", "key-logs", false).unwrap();
        set_edge_kind(&mut d2, &id, EdgeKind::CanDecrypt).unwrap();
        assert!(set_edge_kind(&mut d2, &id, EdgeKind::RunsOn).is_err());
    }
}
