//! Path analysis: how data travels from the entry points (internet clients, operators) to
//! every data store, hop by hop, and how weak the weakest hop on the way is.
//!
//! A path follows `flow` edges in the direction connections are opened (initiator → acceptor).
//! A flow into an ECS service also reaches the containers of its task (ECS Exec lands in a
//! container; the task's containers talk over loopback): such a step is listed as an implicit
//! hop with an empty `edge` id. A path is **end-to-end encrypted** only when every network hop
//! is encrypted ([`Grade::is_encrypted`]); loopback hops inside one task never cross a network,
//! so they do not count.
//!
//! # Complexity
//! Enumerating simple paths is exponential on real graphs, so this module never does. With
//! only four grades, it works per grade level instead (all steps are breadth-first searches,
//! so the whole analysis is `O(k · (V + E))` for `k` paths per store):
//!
//! 1. `R` = nodes reachable from the entries.
//! 2. For each level `L` from `Plaintext` up to `Verified`: the *seeds* are the flows `(u, v)`
//!    with `u ∈ R` and a network grade of `L`; every node reachable from a seed's head that
//!    was not reached at a lower level has worst grade `L`. The searches carry up to `k`
//!    distinct seeds per node, so a store learns up to `k` distinct weakest hops.
//! 3. A worst path is rebuilt from breadth-first predecessors: entry → … → `u` (shortest path
//!    inside `R`), the weak hop `(u, v)`, then `v` → … → store (shortest path of that seed).
//!    Neither part can contain a hop weaker than `L`, or the store's worst grade would be lower.
//! 4. The best bottleneck (the strongest path's weakest hop) comes from a widest-path search
//!    with one bucket per grade.
//!
//! Paths are walks over connections: in a design with cycles a listed path may pass a node
//! twice when that is the only way its weak hop leads to the store.

use crate::catalog::NodeKind;
use crate::hop::{Grade, Hop};
use crate::model::Model;
use serde::Serialize;

/// How many worst paths [`crate::analysis::analyze`] lists per store.
pub const DEFAULT_PATHS_PER_STORE: usize = 3;

/// One hop of a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathHop {
    /// The flow edge's id; empty for the implicit step from an ECS service into one of its
    /// containers.
    pub edge: String,
    /// Initiating node id.
    pub from: String,
    /// Accepting node id.
    pub to: String,
    /// Protocol on the wire (`HTTPS`, `PostgreSQL/TLS`, `redis`).
    pub protocol: String,
    /// The hop's grade (loopback hops keep their own grade here; they never weaken a path).
    pub grade: Grade,
    /// The hop stays inside one ECS task.
    pub loopback: bool,
    /// Where TLS terminates or is re-established on this hop (`TLS terminates at alb`,
    /// `re-encrypted to nginx, terminates there`, `loopback inside task web`).
    pub note: String,
    /// Why the hop is not verified end to end (empty when it is).
    pub reason: String,
}

/// One path from an entry point to a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Path {
    /// The entry node id (internet client or operator).
    pub entry: String,
    /// The hops in order, from the entry to the store.
    pub hops: Vec<PathHop>,
    /// Index into `hops` of the weakest network hop (the first one, when several are as weak).
    pub weakest: usize,
    /// The path's grade: the network grade of its weakest hop.
    pub grade: Grade,
}

/// The paths into one store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StorePaths {
    /// The store's node id.
    pub store: String,
    /// Some entry point reaches the store through flows.
    pub reachable: bool,
    /// The weakest grade over all paths into the store (`None` when unreachable).
    pub worst: Option<Grade>,
    /// The grade of the strongest path (its weakest hop), `None` when unreachable.
    pub best: Option<Grade>,
    /// Reachable, and every path is encrypted on every network hop.
    pub end_to_end_encrypted: bool,
    /// Up to the requested number of distinct worst paths (each through a different weak
    /// hop, no two with the same hops), shortest first.
    pub paths: Vec<Path>,
}

/// Analyses the paths into every store (nodes with `caps.store`), in design order, listing
/// at most `max_paths_per_store` distinct worst paths per store.
#[must_use]
pub fn analyze_paths(model: &Model<'_>, max_paths_per_store: usize) -> Vec<StorePaths> {
    analyze_with_hops(model, model.hops(), max_paths_per_store)
}

/// The assessment of every flow, indexed like `design.edges` (`None` for relations and for
/// edges whose ends are missing): a copy of [`Model::hops`].
#[must_use]
pub fn assess_flows(model: &Model<'_>) -> Vec<Option<Hop>> {
    model.hops().to_vec()
}

const NONE: u32 = u32::MAX;
const UNSET: u8 = u8::MAX;
const LEVELS: [Grade; 4] = [Grade::Plaintext, Grade::Downgradable, Grade::Unverified, Grade::Verified];

/// One step of the flow graph: a flow edge or the implicit step from a service into a container.
#[derive(Debug, Clone, Copy)]
struct Arc {
    from: u32,
    to: u32,
    /// Design edge index, or `NONE` for an implicit in-task step.
    edge: u32,
    /// Network grade as a level index into `LEVELS`.
    level: u8,
}

/// The flow graph in compressed sparse row form, over design node indices.
struct FlowGraph {
    arcs: Vec<Arc>,
    /// `arcs[start[n]..start[n + 1]]` leave node `n`.
    start: Vec<u32>,
}

impl FlowGraph {
    fn out(&self, n: u32) -> std::ops::Range<usize> {
        self.start[n as usize] as usize..self.start[n as usize + 1] as usize
    }
}

#[allow(clippy::cast_possible_truncation)] // node and edge counts are far below u32::MAX
fn flow_graph(model: &Model<'_>, hops: &[Option<Hop>]) -> FlowGraph {
    let design = model.design;
    let mut raw: Vec<Arc> = Vec::with_capacity(design.edges.len());
    for e in model.graph.edge_indices() {
        let i = model.graph[e];
        let Some(hop) = hops.get(i).and_then(Option::as_ref) else { continue };
        let (a, b) = model.graph.edge_endpoints(e).unwrap_or_default();
        raw.push(Arc {
            from: model.graph[a] as u32,
            to: model.graph[b] as u32,
            edge: i as u32,
            level: level_of(hop.network_grade()),
        });
    }
    raw.sort_by_key(|a| a.edge);
    for (i, n) in design.nodes.iter().enumerate() {
        if n.kind != NodeKind::Container {
            continue;
        }
        if let Some(parent) = model.parent(n).filter(|p| p.kind == NodeKind::EcsService) {
            if let Some(p) = model.index(&parent.id) {
                raw.push(Arc { from: model.graph[p] as u32, to: i as u32, edge: NONE, level: 3 });
            }
        }
    }
    let n = design.nodes.len();
    let mut start = vec![0u32; n + 1];
    for a in &raw {
        start[a.from as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut arcs = vec![Arc { from: 0, to: 0, edge: NONE, level: 0 }; raw.len()];
    for a in raw {
        let slot = &mut fill[a.from as usize];
        arcs[*slot as usize] = a;
        *slot += 1;
    }
    FlowGraph { arcs, start }
}

fn level_of(g: Grade) -> u8 {
    match g {
        Grade::Plaintext => 0,
        Grade::Downgradable => 1,
        Grade::Unverified => 2,
        Grade::Verified => 3,
    }
}

/// Labels carried by the per-level searches: up to `k` (seed arc, predecessor arc) per node.
struct Labels {
    k: usize,
    seed: Vec<u32>,
    pred: Vec<u32>,
    count: Vec<u8>,
}

impl Labels {
    fn new(n: usize, k: usize) -> Self {
        Labels { k, seed: vec![NONE; n * k], pred: vec![NONE; n * k], count: vec![0; n] }
    }

    /// Adds `seed` to node `n` (reached through `pred`); false when full or already there.
    fn add(&mut self, n: u32, seed: u32, pred: u32) -> bool {
        let n = n as usize;
        let c = usize::from(self.count[n]);
        if c >= self.k || self.seed[n * self.k..n * self.k + c].contains(&seed) {
            return false;
        }
        self.seed[n * self.k + c] = seed;
        self.pred[n * self.k + c] = pred;
        self.count[n] += 1;
        true
    }

    fn of(&self, n: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
        let n = n as usize;
        let c = usize::from(self.count[n]);
        (n * self.k..n * self.k + c).map(|i| (self.seed[i], self.pred[i]))
    }

    fn pred_of(&self, n: u32, seed: u32) -> u32 {
        self.of(n).find(|&(s, _)| s == seed).map_or(NONE, |(_, p)| p)
    }
}

/// As [`analyze_paths`], with the flows already assessed (by [`Model::hops`] or [`assess_flows`]).
#[must_use]
#[allow(clippy::cast_possible_truncation)] // node and edge counts are far below u32::MAX
pub fn analyze_with_hops(model: &Model<'_>, hops: &[Option<Hop>], max_paths_per_store: usize) -> Vec<StorePaths> {
    let design = model.design;
    let n = design.nodes.len();
    let g = flow_graph(model, hops);

    // 1. Reachability from the entries, with breadth-first predecessors (arc indices).
    let mut reach_pred = vec![NONE; n];
    let mut in_r = vec![false; n];
    let mut queue: Vec<u32> = Vec::new();
    for (i, node) in design.nodes.iter().enumerate() {
        if node.kind.spec().caps.entry {
            in_r[i] = true;
            queue.push(i as u32);
        }
    }
    let mut head = 0;
    while head < queue.len() {
        let x = queue[head];
        head += 1;
        for ai in g.out(x) {
            let y = g.arcs[ai].to as usize;
            if !in_r[y] {
                in_r[y] = true;
                reach_pred[y] = ai as u32;
                queue.push(y as u32);
            }
        }
    }

    // 2. Worst grade per node, level by level, carrying up to k distinct seeds per node.
    // Spare labels: two seeds on one walk give the same path, listed once.
    let k = max_paths_per_store.saturating_mul(2).clamp(1, 64);
    let mut worst = vec![UNSET; n];
    let mut labels = Labels::new(n, k);
    let mut lq: Vec<(u32, u32)> = Vec::new();
    for level in 0..4u8 {
        lq.clear();
        for (ai, a) in g.arcs.iter().enumerate() {
            if a.level != level || !in_r[a.from as usize] {
                continue;
            }
            let v = a.to as usize;
            if worst[v] < level {
                continue;
            }
            worst[v] = level;
            if labels.add(a.to, ai as u32, ai as u32) {
                lq.push((a.to, ai as u32));
            }
        }
        let mut head = 0;
        while head < lq.len() {
            let (x, seed) = lq[head];
            head += 1;
            for ai in g.out(x) {
                let y = g.arcs[ai].to;
                if worst[y as usize] < level {
                    continue;
                }
                worst[y as usize] = level;
                if labels.add(y, seed, ai as u32) {
                    lq.push((y, seed));
                }
            }
        }
    }

    // 4. Best bottleneck: widest path with one bucket per level, strongest first.
    let mut best = vec![UNSET; n];
    let mut buckets: [Vec<u32>; 4] = Default::default();
    for (i, node) in design.nodes.iter().enumerate() {
        if node.kind.spec().caps.entry {
            best[i] = 3;
            buckets[3].push(i as u32);
        }
    }
    for level in (0..4u8).rev() {
        while let Some(x) = buckets[level as usize].pop() {
            if best[x as usize] != level {
                continue; // stale: reached later through a stronger path
            }
            for ai in g.out(x) {
                let a = g.arcs[ai];
                let w = level.min(a.level);
                let y = a.to as usize;
                if best[y] == UNSET || w > best[y] {
                    best[y] = w;
                    buckets[w as usize].push(a.to);
                }
            }
        }
    }

    // 3. Reconstruct the worst paths of each store.
    let mut out = Vec::with_capacity(design.nodes.iter().filter(|n| n.kind.spec().caps.store).count());
    for (i, node) in design.nodes.iter().enumerate() {
        if !node.kind.spec().caps.store {
            continue;
        }
        let reachable = in_r[i];
        let worst_grade = (reachable && worst[i] != UNSET).then(|| LEVELS[worst[i] as usize]);
        let best_grade = (reachable && best[i] != UNSET).then(|| LEVELS[best[i] as usize]);
        let mut paths: Vec<Path> = Vec::new();
        if reachable {
            let mut seen: Vec<Vec<u32>> = Vec::new();
            for (seed, _) in labels.of(i as u32) {
                if paths.len() >= max_paths_per_store {
                    break;
                }
                // Two seeds can lie on the same walk (both plaintext): list it once.
                let arcs = path_arcs(&g, &labels, &reach_pred, i as u32, seed);
                if !seen.contains(&arcs) {
                    paths.push(build_path(model, hops, &g, &arcs));
                    seen.push(arcs);
                }
            }
        }
        out.push(StorePaths {
            store: node.id.clone(),
            reachable,
            worst: worst_grade,
            best: best_grade,
            end_to_end_encrypted: worst_grade.is_some_and(Grade::is_encrypted),
            paths,
        });
    }
    out
}

/// The arcs of one worst path: entry → … → seed tail, the seed arc, seed head → … → store.
fn path_arcs(g: &FlowGraph, labels: &Labels, reach_pred: &[u32], store: u32, seed: u32) -> Vec<u32> {
    let mut rev: Vec<u32> = Vec::new();
    let mut node = store;
    loop {
        let p = labels.pred_of(node, seed);
        if p == NONE {
            break; // cannot happen: every labelled node has a predecessor
        }
        rev.push(p);
        if p == seed {
            break;
        }
        node = g.arcs[p as usize].from;
    }
    let mut node = g.arcs[seed as usize].from;
    while reach_pred[node as usize] != NONE {
        let p = reach_pred[node as usize];
        rev.push(p);
        node = g.arcs[p as usize].from;
    }
    rev.reverse();
    rev
}

/// A path from its arcs; its weakest hop is the first one of the lowest network grade.
fn build_path(model: &Model<'_>, hops: &[Option<Hop>], g: &FlowGraph, arcs: &[u32]) -> Path {
    let steps: Vec<Arc> = arcs.iter().map(|&a| g.arcs[a as usize]).collect();
    let level = steps.iter().map(|a| a.level).min().unwrap_or(3);
    let weakest = steps.iter().position(|a| a.level == level).unwrap_or(0);
    let entry = steps.first().map(|a| model.design.nodes[a.from as usize].id.clone()).unwrap_or_default();
    Path { entry, grade: LEVELS[level as usize], weakest, hops: describe(model, hops, &steps) }
}

/// Turns arcs into hops with notes on where TLS terminates and is re-established.
fn describe(model: &Model<'_>, hops: &[Option<Hop>], steps: &[Arc]) -> Vec<PathHop> {
    let nodes = &model.design.nodes;
    let mut out = Vec::with_capacity(steps.len());
    let mut tls_seen = false;
    for (i, a) in steps.iter().enumerate() {
        let from = &nodes[a.from as usize];
        let to = &nodes[a.to as usize];
        let last = i + 1 == steps.len();
        let hop = (a.edge != NONE).then(|| hops[a.edge as usize].as_ref()).flatten();
        let Some(hop) = hop else {
            out.push(PathHop {
                edge: String::new(),
                from: from.id.clone(),
                to: to.id.clone(),
                protocol: "task".into(),
                grade: Grade::Verified,
                loopback: true,
                note: format!("into container {} of task {}", to.id, from.id),
                reason: String::new(),
            });
            continue;
        };
        let tls = hop.grade > Grade::Plaintext;
        let note = if hop.loopback {
            let task = to.parent.as_deref().unwrap_or("");
            if tls {
                format!("loopback inside task {task}, TLS terminates at {}", to.id)
            } else {
                format!("loopback inside task {task}")
            }
        } else if !tls {
            if tls_seen {
                format!("plaintext to {} after TLS ended", to.id)
            } else {
                format!("plaintext to {}", to.id)
            }
        } else {
            match (tls_seen, last) {
                (false, false) => format!("TLS terminates at {}", to.id),
                (false, true) => format!("TLS to {}", to.id),
                (true, false) => format!("re-encrypted to {}, terminates there", to.id),
                (true, true) => format!("re-encrypted to {}", to.id),
            }
        };
        if tls {
            tls_seen = true;
        }
        out.push(PathHop {
            edge: model.design.edges[a.edge as usize].id.clone(),
            from: from.id.clone(),
            to: to.id.clone(),
            protocol: hop.protocol.clone(),
            grade: hop.grade,
            loopback: hop.loopback,
            note,
            reason: hop.reason.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::EdgeKind;
    use crate::design::{Design, Edge, Node};
    use crate::templates;

    /// A small graph builder: nodes by (id, kind), flows by (from, to, protocol, tls).
    fn graph(nodes: &[(&str, NodeKind)], flows: &[(&str, &str, &str, &str)]) -> Design {
        let mut d = Design::new("t");
        for (id, kind) in nodes {
            d.nodes.push(Node::new(*id, *kind, "", 0.0, 0.0));
        }
        for (from, to, protocol, tls) in flows {
            let mut e = Edge::new(format!("{from}-{to}"), EdgeKind::Flow, *from, *to);
            e.props.insert("protocol".into(), (*protocol).into());
            e.props.insert("tls".into(), (*tls).into());
            d.edges.push(e);
        }
        d
    }

    fn run(d: &Design, k: usize) -> Vec<StorePaths> {
        analyze_paths(&Model::new(d), k)
    }

    fn store<'a>(all: &'a [StorePaths], id: &str) -> &'a StorePaths {
        all.iter().find(|s| s.store == id).unwrap_or_else(|| panic!("no store {id}"))
    }

    fn edges(p: &Path) -> Vec<&str> {
        p.hops.iter().map(|h| h.edge.as_str()).collect()
    }

    use NodeKind::{Alb, Bastion, EcsService, ElasticacheRedis, InternetClient, Operator, RdsPostgres, S3Bucket};

    /// users → alb → {a, b} → db, where only the branch through `b` is plaintext.
    fn diamond() -> Design {
        let mut d = graph(
            &[("users", InternetClient), ("alb", Alb), ("a", EcsService), ("b", EcsService), ("db", RdsPostgres)],
            &[
                ("users", "alb", "http", "verify-full"),
                ("alb", "a", "http", "require"),
                ("alb", "b", "http", "require"),
                ("a", "db", "postgresql", "verify-full"),
                ("b", "db", "postgresql", "disable"),
            ],
        );
        let alb = d.node_mut("alb").unwrap();
        alb.props.insert("https_listener".into(), true.into());
        alb.props.insert("certificate".into(), "acm".into());
        alb.props.insert("http_listener".into(), "redirect".into());
        alb.props.insert("ssl_policy".into(), "ELBSecurityPolicy-TLS13-1-2-2021-06".into());
        d
    }

    #[test]
    fn diamond_reports_the_plaintext_branch_as_worst_and_the_other_as_best() {
        let all = run(&diamond(), 3);
        let db = store(&all, "db");
        assert!(db.reachable);
        assert_eq!(db.worst, Some(Grade::Plaintext));
        assert_eq!(db.best, Some(Grade::Unverified), "users→alb→a→db: ALB→a is unverified");
        assert!(!db.end_to_end_encrypted);
        assert_eq!(db.paths.len(), 1, "one distinct weakest hop");
        let p = &db.paths[0];
        assert_eq!(p.entry, "users");
        assert_eq!(edges(p), ["users-alb", "alb-b", "b-db"]);
        assert_eq!(p.weakest, 2);
        assert_eq!(p.grade, Grade::Plaintext);
        assert_eq!(p.hops[0].note, "TLS terminates at alb");
        assert_eq!(p.hops[1].note, "re-encrypted to b, terminates there");
        assert_eq!(p.hops[2].note, "plaintext to db after TLS ended");
    }

    #[test]
    fn fixing_the_weak_branch_makes_the_store_end_to_end_encrypted() {
        let mut d = diamond();
        d.edge_mut("b-db").unwrap().props.insert("tls".into(), "verify-full".into());
        let all = run(&d, 3);
        let db = store(&all, "db");
        assert_eq!(db.worst, Some(Grade::Unverified));
        assert!(db.end_to_end_encrypted);
        // Two distinct weakest hops (alb→a and alb→b), each its own path.
        let mut listed: Vec<Vec<&str>> = db.paths.iter().map(edges).collect();
        listed.sort();
        assert_eq!(listed, [vec!["users-alb", "alb-a", "a-db"], vec!["users-alb", "alb-b", "b-db"]]);
        for p in &db.paths {
            assert_eq!(p.weakest, 1);
            assert_eq!(p.hops[2].note, "re-encrypted to db");
        }
    }

    #[test]
    fn cycles_terminate_and_paths_stay_bounded() {
        // a ⇄ b cycle in front of the store, with the plaintext hop inside the cycle.
        let d = graph(
            &[("op", Operator), ("a", Bastion), ("b", Bastion), ("db", RdsPostgres)],
            &[
                ("op", "a", "ssm", "verify-full"),
                ("a", "b", "tcp", "disable"),
                ("b", "a", "ssh", "verify-full"),
                ("b", "db", "postgresql", "verify-full"),
            ],
        );
        let all = run(&d, 3);
        let db = store(&all, "db");
        assert_eq!(db.worst, Some(Grade::Plaintext));
        assert_eq!(db.best, Some(Grade::Plaintext), "every way to b crosses a→b");
        assert_eq!(db.paths.len(), 1);
        assert_eq!(edges(&db.paths[0]), ["op-a", "a-b", "b-db"]);
        assert_eq!(db.paths[0].weakest, 1);
    }

    #[test]
    fn a_weak_hop_behind_a_cycle_is_found_as_a_walk() {
        // The plaintext hop b→a only leads to the store by going round the cycle.
        let d = graph(
            &[("op", Operator), ("a", Bastion), ("b", Bastion), ("db", RdsPostgres)],
            &[
                ("op", "a", "ssm", "verify-full"),
                ("a", "b", "ssh", "verify-full"),
                ("b", "a", "tcp", "disable"),
                ("a", "db", "postgresql", "verify-full"),
            ],
        );
        let db_paths = run(&d, 3);
        let db = store(&db_paths, "db");
        assert_eq!(db.worst, Some(Grade::Plaintext));
        assert_eq!(db.best, Some(Grade::Verified));
        assert_eq!(edges(&db.paths[0]), ["op-a", "a-b", "b-a", "a-db"]);
        assert_eq!(db.paths[0].weakest, 2);
    }

    #[test]
    fn unreachable_stores_are_listed_without_paths() {
        let d = graph(
            &[("users", InternetClient), ("worker", EcsService), ("redis", ElasticacheRedis), ("media", S3Bucket)],
            &[("worker", "redis", "redis", "disable")],
        );
        let all = run(&d, 3);
        assert_eq!(all.len(), 2);
        for s in &all {
            assert!(!s.reachable, "{}", s.store);
            assert_eq!(s.worst, None);
            assert_eq!(s.best, None);
            assert!(!s.end_to_end_encrypted);
            assert!(s.paths.is_empty());
        }
    }

    #[test]
    fn paths_per_store_are_bounded_and_distinct() {
        // 10 parallel plaintext branches users → alb → s_i → db: at most 3 listed, all distinct.
        let mut nodes = vec![("users", InternetClient), ("alb", Alb), ("db", RdsPostgres)];
        let names: Vec<String> = (0..10).map(|i| format!("s{i}")).collect();
        for n in &names {
            nodes.push((n.as_str(), EcsService));
        }
        let mut flows = vec![("users", "alb", "http", "disable")];
        for n in &names {
            flows.push(("alb", n.as_str(), "http", "disable"));
            flows.push((n.as_str(), "db", "postgresql", "disable"));
        }
        let d = graph(&nodes, &flows);
        let all = run(&d, 3);
        let db = store(&all, "db");
        assert_eq!(db.worst, Some(Grade::Plaintext));
        assert_eq!(db.paths.len(), 3);
        let mut listed: Vec<Vec<&str>> = db.paths.iter().map(edges).collect();
        listed.sort();
        listed.dedup();
        assert_eq!(listed.len(), 3, "distinct paths");
        assert!(db.paths.iter().all(|p| p.weakest == 0), "users → alb is the first plaintext hop");
        assert!(run(&d, 0).iter().all(|s| s.paths.is_empty() && s.worst.is_some()));
    }

    #[test]
    fn reference_design_is_end_to_end_encrypted_with_terminations_named() {
        let d = templates::reference();
        let all = run(&d, 3);
        let db = store(&all, "db");
        assert!(db.end_to_end_encrypted, "{db:#?}");
        assert_eq!(db.worst, Some(Grade::Unverified), "the ALB does not verify its targets");
        let web = db.paths.iter().find(|p| p.entry == "users").expect("a path from the users");
        let notes: Vec<&str> = web.hops.iter().map(|h| h.note.as_str()).collect();
        assert_eq!(
            notes,
            [
                "TLS terminates at alb",
                "re-encrypted to nginx, terminates there",
                "loopback inside task web",
                "re-encrypted to db"
            ]
        );
        assert!(web.hops[2].loopback);
        for s in all.iter().filter(|s| s.reachable) {
            assert!(s.end_to_end_encrypted, "{}", s.store);
        }
    }

    #[test]
    fn ecs_exec_into_a_service_reaches_its_containers() {
        let mut d = graph(
            &[("op", Operator), ("web", EcsService), ("gunicorn", NodeKind::Container), ("redis", ElasticacheRedis)],
            &[("op", "web", "ssm", "verify-full"), ("gunicorn", "redis", "redis", "disable")],
        );
        d.node_mut("gunicorn").unwrap().parent = Some("web".into());
        let all = run(&d, 3);
        let redis = store(&all, "redis");
        assert_eq!(redis.worst, Some(Grade::Plaintext));
        let p = &redis.paths[0];
        assert_eq!(edges(p), ["op-web", "", "gunicorn-redis"]);
        assert_eq!(p.hops[1].note, "into container gunicorn of task web");
        assert!(p.hops[1].loopback);
        assert_eq!(p.weakest, 2);
    }

    #[test]
    fn baseline_stores_are_not_end_to_end_encrypted() {
        let d = (templates::template("django-baseline").unwrap().build)();
        let all = run(&d, 3);
        assert_eq!(store(&all, "db").worst, Some(Grade::Plaintext));
        assert_eq!(store(&all, "redis").worst, Some(Grade::Plaintext));
        let db = store(&all, "db");
        assert!(!db.end_to_end_encrypted);
        // users → alb → gunicorn are both plaintext: one walk, listed once, weakest at its first hop.
        assert_eq!(db.paths.len(), 1, "{:#?}", db.paths);
        assert_eq!(edges(&db.paths[0]), ["users-alb", "alb-gunicorn", "gunicorn-db"]);
        assert_eq!(db.paths[0].weakest, 0);
        assert!(!store(&all, "db-password").reachable, "secrets are read through relations, not flows");
    }
}
