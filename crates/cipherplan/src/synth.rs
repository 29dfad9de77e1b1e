//! Deterministic, realistic large designs for benchmarks and stress tests.
//!
//! [`generate`] lays out many copies of the reference stack (`django-encrypted`) side by side,
//! all behind one shared internet client and one operator, weakens some settings in some
//! copies (an old TLS policy, `sslmode=require`, Redis without TLS, an unencrypted database,
//! ...) so the rules have something to find, and links the copies with extra cross-stack flows
//! until the requested number of edges is reached. Every generated design loads back through
//! the loader, so exporters, cost, report and the browser can benchmark on it too.
//!
//! No `rand` dependency: a xorshift generator keeps the output identical for a given seed on
//! every platform.

use crate::catalog::{default_flow, edge_allowed, EdgeKind, NodeKind};
use crate::design::{Design, Edge, Node};
use crate::templates;
use crate::value::Value;

/// Ids of the reference stack's nodes shared by every copy (the entry points).
const SHARED: &[&str] = &["users", "operator"];

/// Canvas size of one copy of the stack.
const STACK_W: f64 = 1800.0;
const STACK_H: f64 = 900.0;
const STACKS_PER_ROW: usize = 10;

/// A small xorshift64* generator (deterministic, not for cryptography).
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // Never zero: xorshift would stay at zero forever.
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    /// A number in `0..n` (`n > 0`).
    #[allow(clippy::cast_possible_truncation)] // the result is below n, a usize
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Generates a design with exactly `nodes` nodes and, when the nodes allow it, exactly
/// `nodes × edges_per_node` edges; the same arguments always give the same design.
///
/// Copies of the reference stack fill the nodes (the last copy is cut short when `nodes` is
/// not a multiple of its size); relations are dropped when there are too many edges, extra
/// cross-stack flows (services to other copies' databases, caches and buckets) are added when
/// there are too few.
#[must_use]
#[allow(clippy::cast_precision_loss)] // stack positions are small
pub fn generate(nodes: usize, edges_per_node: usize, seed: u64) -> Design {
    let reference = templates::reference();
    let mut rng = Rng::new(seed);
    let mut design = Design::new("synthetic");
    design.description = format!("Generated: {nodes} nodes, {edges_per_node} edges per node, seed {seed}.");

    for id in SHARED {
        if design.nodes.len() < nodes {
            if let Some(n) = reference.node(id) {
                design.nodes.push(n.clone());
            }
        }
    }
    let stack: Vec<&Node> = reference.nodes.iter().filter(|n| !SHARED.contains(&n.id.as_str())).collect();
    let mut copies = 0;
    while design.nodes.len() < nodes && !stack.is_empty() {
        let i = copies;
        copies += 1;
        let dx = (i % STACKS_PER_ROW) as f64 * STACK_W;
        let dy = (i / STACKS_PER_ROW) as f64 * STACK_H;
        let weak = Weakening::pick(&mut rng);
        for n in &stack {
            if design.nodes.len() >= nodes {
                break;
            }
            let mut c = (*n).clone();
            c.id = suffixed(&n.id, i);
            c.parent = n.parent.as_ref().map(|p| suffixed(p, i));
            c.x += dx;
            c.y += dy;
            weak.node(&n.id, &mut c);
            design.nodes.push(c);
        }
        for e in &reference.edges {
            let (from, to) = (suffixed(&e.from, i), suffixed(&e.to, i));
            let mut c = e.clone();
            c.id = suffixed(&e.id, i);
            c.from = from;
            c.to = to;
            weak.edge(e, &mut c);
            design.edges.push(c);
        }
    }

    // Keep only edges whose ends exist (the last copy may be cut short).
    let present: std::collections::HashSet<String> = design.nodes.iter().map(|n| n.id.clone()).collect();
    design.edges.retain(|e| present.contains(&e.from) && present.contains(&e.to));

    let target = nodes.saturating_mul(edges_per_node);
    if design.edges.len() > target {
        // Drop relations before flows (flows are what path analysis and the rules walk).
        design.edges.sort_by_key(|e| e.kind != EdgeKind::Flow);
        design.edges.truncate(target);
    } else {
        add_cross_flows(&mut design, target, copies, &mut rng);
    }
    design
}

/// The id of node or edge `id` in copy `i` (entries are shared, not copied).
fn suffixed(id: &str, i: usize) -> String {
    if SHARED.contains(&id) {
        id.to_owned()
    } else {
        format!("{id}-{i}")
    }
}

/// Adds flows from the services of one copy to the stores of another until `target` edges,
/// each with what a working deployment grants for it (as the reference does within a copy):
/// `kms:Decrypt` on the other copy's data key for its SSE-KMS bucket, and the other copy's
/// Redis AUTH token secret (and its key) for its cache.
fn add_cross_flows(design: &mut Design, target: usize, copies: usize, rng: &mut Rng) {
    const CLIENTS: &[&str] = &["gunicorn", "worker", "beat", "manage"];
    const STORES: &[&str] = &["db", "redis", "media"];
    let kinds: std::collections::HashMap<String, NodeKind> =
        design.nodes.iter().map(|n| (n.id.clone(), n.kind)).collect();
    let mut relations: std::collections::HashSet<(EdgeKind, String, String)> = design
        .edges
        .iter()
        .filter(|e| e.kind != EdgeKind::Flow)
        .map(|e| (e.kind, e.from.clone(), e.to.clone()))
        .collect();
    let mut next = 0usize;
    let mut misses = 0usize;
    while design.edges.len() < target && copies > 0 && misses < 1000 {
        let client = CLIENTS[rng.below(CLIENTS.len())];
        let (i, j) = (rng.below(copies), rng.below(copies));
        let store = STORES[rng.below(STORES.len())];
        let (from, to) = (suffixed(client, i), suffixed(store, j));
        let (Some(&fk), Some(&tk)) = (kinds.get(&from), kinds.get(&to)) else {
            misses += 1;
            continue;
        };
        if edge_allowed(EdgeKind::Flow, fk, tk).is_err() {
            misses += 1;
            continue;
        }
        misses = 0;
        let mut e = Edge::new(format!("x{next}-{from}-{to}"), EdgeKind::Flow, from, to);
        next += 1;
        for (k, v) in default_flow(fk, tk, None) {
            e.props.insert(k.to_owned(), v);
        }
        // Some of the shared links are weak too.
        if rng.chance(10) && e.text("protocol") != "aws_api" {
            let mode = if rng.chance(50) { "require" } else { "disable" };
            e.props.insert("tls".into(), Value::from(mode));
        }
        design.edges.push(e);
        // The IAM principal of the client: gunicorn acts as its task's service.
        let principal = suffixed(if client == "gunicorn" { "web" } else { client }, i);
        let needs: &[(EdgeKind, &str)] = match store {
            "media" => &[(EdgeKind::CanDecrypt, "key-data")],
            "redis" => &[(EdgeKind::ReadsSecret, "redis-token"), (EdgeKind::CanDecrypt, "key-secrets")],
            _ => &[],
        };
        for &(kind, what) in needs {
            let to = suffixed(what, j);
            if design.edges.len() >= target || !kinds.contains_key(&to) || !kinds.contains_key(&principal) {
                continue;
            }
            if relations.insert((kind, principal.clone(), to.clone())) {
                let id = format!("x{next}-{principal}-{}-{to}", kind.as_str());
                next += 1;
                design.edges.push(Edge::new(id, kind, principal.clone(), to));
            }
        }
    }
}

/// Which settings one copy of the stack gets wrong.
#[derive(Debug, Clone, Copy, Default)]
#[allow(clippy::struct_excessive_bools)] // one flag per weakness reads best
struct Weakening {
    old_tls_policy: bool,
    pg_require: bool,
    pg_prefer: bool,
    redis_plaintext: bool,
    db_unencrypted: bool,
    s3_without_tls_policy: bool,
    no_key_rotation: bool,
    bastion_public: bool,
}

impl Weakening {
    fn pick(rng: &mut Rng) -> Self {
        Weakening {
            old_tls_policy: rng.chance(20),
            pg_require: rng.chance(20),
            pg_prefer: rng.chance(5),
            redis_plaintext: rng.chance(15),
            db_unencrypted: rng.chance(10),
            s3_without_tls_policy: rng.chance(20),
            no_key_rotation: rng.chance(10),
            bastion_public: rng.chance(10),
        }
    }

    /// Weakens a copied node (`id` is the reference id).
    fn node(self, id: &str, n: &mut Node) {
        let mut set = |k: &str, v: Value| {
            n.props.insert(k.to_owned(), v);
        };
        match id {
            "alb" if self.old_tls_policy => set("ssl_policy", "ELBSecurityPolicy-2016-08".into()),
            "redis" if self.redis_plaintext => set("transit_encryption_enabled", false.into()),
            "db" if self.db_unencrypted => set("storage_encrypted", false.into()),
            "media" if self.s3_without_tls_policy => set("secure_transport_policy", false.into()),
            "bastion" if self.bastion_public => set("associate_public_ip_address", true.into()),
            _ if self.no_key_rotation && n.kind == NodeKind::KmsKey => set("enable_key_rotation", false.into()),
            _ => {}
        }
    }

    /// Weakens a copied edge (`reference` is the reference edge).
    fn edge(self, reference: &Edge, e: &mut Edge) {
        if reference.kind != EdgeKind::Flow || reference.text("protocol") != "postgresql" {
            return;
        }
        if self.pg_prefer && reference.from == "worker" {
            e.props.insert("tls".into(), "prefer".into());
        } else if self.pg_require && reference.from == "gunicorn" {
            e.props.insert("tls".into(), "require".into());
            e.props.remove("ca_bundle");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_exact_and_output_is_deterministic() {
        for (n, k) in [(1000, 3), (250, 3), (97, 2), (60, 1), (30, 5)] {
            let d = generate(n, k, 7);
            assert_eq!(d.nodes.len(), n, "{n}x{k}");
            assert_eq!(d.edges.len(), n * k, "{n}x{k}");
            assert_eq!(d, generate(n, k, 7), "same seed, same design");
        }
        assert_ne!(generate(300, 3, 1), generate(300, 3, 2), "the seed matters");
        assert_eq!(generate(0, 3, 1).nodes.len(), 0);
        assert_eq!(generate(1, 3, 1).edges.len(), 0, "one node cannot have edges");
    }

    #[test]
    fn generated_designs_load_back_and_have_findings() {
        for seed in 0..3 {
            let d = generate(600, 3, seed);
            let back = crate::load::load(&d.to_json()).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            assert_eq!(back, d);
            let a = crate::analysis::analyze(&d, &crate::rules::Options::default());
            assert!(a.summary.errors + a.summary.warnings > 0, "weakened copies are reported");
            assert!(a.summary.score < 100);
            assert!(a.paths.iter().filter(|p| p.reachable).count() > 20);
        }
    }
}
