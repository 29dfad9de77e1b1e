//! The design as a graph: a petgraph `StableGraph` over the design's nodes and edges.
//!
//! Node and edge weights are indices into [`Design::nodes`] / [`Design::edges`], so ids stay
//! the design's own and the graph is cheap to rebuild after every edit.

use crate::catalog::{EdgeKind, NodeKind};
use crate::design::{Design, Edge, Node};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::Direction;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A fast, non-cryptographic hasher for the id lookups: ids come
/// from the user's own file, so hash flooding is no concern, and SipHash dominated the time
/// spent building a model of a large design.
#[derive(Debug, Default, Clone, Copy)]
pub struct IdHasher(u64);

const ID_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

impl IdHasher {
    /// Folded multiply (as in aHash and foldhash): the 128-bit product's halves xor-ed
    /// together mix every input bit into every output bit, so similar ids (`web-1`,
    /// `web-2`) spread over the table.
    #[inline]
    #[allow(clippy::cast_possible_truncation)] // taking the two halves of the product
    fn add(&mut self, word: u64) {
        let full = u128::from(self.0 ^ word) * u128::from(ID_SEED);
        self.0 = (full as u64) ^ ((full >> 64) as u64);
    }
}

impl Hasher for IdHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`IdHasher`].
pub type IdHashMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// A loaded design plus its graph and id lookups.
#[derive(Debug)]
pub struct Model<'d> {
    /// The design this graph was built from.
    pub design: &'d Design,
    /// Directed graph; weights index into `design.nodes` / `design.edges`.
    pub graph: StableDiGraph<usize, usize>,
    node_ix: IdHashMap<&'d str, NodeIndex>,
    /// Built on first use: few callers look edges up by id.
    edge_ix: OnceLock<IdHashMap<&'d str, EdgeIndex>>,
    /// Design indices of the nodes inside each box, in design order (keyed by the box's id).
    children: IdHashMap<&'d str, Vec<usize>>,
}

impl<'d> Model<'d> {
    /// Builds the graph. Edges whose ends are missing (only possible for designs built by hand,
    /// never for loaded ones) are left out.
    #[must_use]
    pub fn new(design: &'d Design) -> Self {
        let mut graph = StableDiGraph::with_capacity(design.nodes.len(), design.edges.len());
        let mut node_ix = IdHashMap::with_capacity_and_hasher(design.nodes.len(), BuildHasherDefault::default());
        for (i, n) in design.nodes.iter().enumerate() {
            node_ix.insert(n.id.as_str(), graph.add_node(i));
        }
        for (i, e) in design.edges.iter().enumerate() {
            if let (Some(&a), Some(&b)) = (node_ix.get(e.from.as_str()), node_ix.get(e.to.as_str())) {
                graph.add_edge(a, b, i);
            }
        }
        let mut children: IdHashMap<&'d str, Vec<usize>> = IdHashMap::default();
        for (i, n) in design.nodes.iter().enumerate() {
            if let Some(p) = n.parent.as_deref() {
                children.entry(p).or_default().push(i);
            }
        }
        Model { design, graph, node_ix, edge_ix: OnceLock::new(), children }
    }

    /// The node at a graph index.
    #[must_use]
    pub fn node_at(&self, ix: NodeIndex) -> &'d Node {
        &self.design.nodes[self.graph[ix]]
    }

    /// The edge at a graph index.
    #[must_use]
    pub fn edge_at(&self, ix: EdgeIndex) -> &'d Edge {
        &self.design.edges[self.graph[ix]]
    }

    /// Graph index of a node id.
    #[must_use]
    pub fn index(&self, id: &str) -> Option<NodeIndex> {
        self.node_ix.get(id).copied()
    }

    /// Graph index of an edge id.
    #[must_use]
    pub fn edge_index(&self, id: &str) -> Option<EdgeIndex> {
        let map = self.edge_ix.get_or_init(|| {
            let mut map = IdHashMap::with_capacity_and_hasher(self.graph.edge_count(), BuildHasherDefault::default());
            for e in self.graph.edge_indices() {
                map.insert(self.design.edges[self.graph[e]].id.as_str(), e);
            }
            map
        });
        map.get(id).copied()
    }

    /// The node with this id.
    #[must_use]
    pub fn node(&self, id: &str) -> Option<&'d Node> {
        self.index(id).map(|ix| self.node_at(ix))
    }

    /// Nodes of one kind, in design order.
    pub fn nodes_of(&self, kind: NodeKind) -> impl Iterator<Item = &'d Node> + '_ {
        self.design.nodes.iter().filter(move |n| n.kind == kind)
    }

    /// Edges of one kind, in design order.
    pub fn edges_of(&self, kind: EdgeKind) -> impl Iterator<Item = &'d Edge> + '_ {
        self.design.edges.iter().filter(move |e| e.kind == kind)
    }

    /// Edges of `kind` leaving `id`, in design order.
    #[must_use]
    pub fn outgoing(&self, id: &str, kind: EdgeKind) -> Vec<&'d Edge> {
        self.adjacent(id, kind, Direction::Outgoing)
    }

    /// Edges of `kind` entering `id`, in design order.
    #[must_use]
    pub fn incoming(&self, id: &str, kind: EdgeKind) -> Vec<&'d Edge> {
        self.adjacent(id, kind, Direction::Incoming)
    }

    fn adjacent(&self, id: &str, kind: EdgeKind, dir: Direction) -> Vec<&'d Edge> {
        let Some(ix) = self.index(id) else { return Vec::new() };
        let mut edges: Vec<usize> = self
            .graph
            .edges_directed(ix, dir)
            .map(|e| *e.weight())
            .filter(|&i| self.design.edges[i].kind == kind)
            .collect();
        edges.sort_unstable();
        edges.into_iter().map(|i| &self.design.edges[i]).collect()
    }

    /// The KMS key `id` is encrypted with for `purpose` (`storage`, `exec`, `ephemeral_storage`).
    #[must_use]
    pub fn key_of(&self, id: &str, purpose: &str) -> Option<&'d Node> {
        self.outgoing(id, EdgeKind::EncryptsWith)
            .into_iter()
            .find(|e| e.text("purpose") == purpose)
            .and_then(|e| self.node(&e.to))
    }

    /// The parent box of a node.
    #[must_use]
    pub fn parent(&self, node: &Node) -> Option<&'d Node> {
        node.parent.as_deref().and_then(|p| self.node(p))
    }

    /// The nodes placed directly inside the box `id` (containers of a service, nodes of a
    /// subnet), in design order.
    pub fn children(&self, id: &str) -> impl Iterator<Item = &'d Node> + '_ {
        let design = self.design;
        self.children.get(id).into_iter().flatten().map(move |&i| &design.nodes[i])
    }

    /// The IAM principal acting for a node: a container acts as its task's service.
    #[must_use]
    pub fn principal_of(&self, node: &'d Node) -> Option<&'d Node> {
        match node.kind {
            NodeKind::Container => self.parent(node).filter(|p| p.kind == NodeKind::EcsService),
            _ if node.kind.spec().caps.principal || node.kind == NodeKind::RedisEcs => Some(node),
            _ => None,
        }
    }

    /// The cluster a service runs on.
    #[must_use]
    pub fn cluster_of(&self, service_id: &str) -> Option<&'d Node> {
        self.outgoing(service_id, EdgeKind::RunsOn).first().and_then(|e| self.node(&e.to))
    }

    /// Whether a flow stays on the loopback interface of one ECS task (both ends are containers
    /// of the same service), so it never crosses a network.
    #[must_use]
    pub fn is_loopback(&self, flow: &Edge) -> bool {
        match (self.node(&flow.from), self.node(&flow.to)) {
            (Some(a), Some(b)) => loopback_between(a, b),
            _ => false,
        }
    }

    /// Whether `principal` has `kms:Decrypt` on `key` (a `can_decrypt` edge).
    #[must_use]
    pub fn can_decrypt(&self, principal: &str, key: &str) -> bool {
        self.outgoing(principal, EdgeKind::CanDecrypt).iter().any(|e| e.to == key)
    }
}

/// Whether a flow from `a` to `b` stays on the loopback interface of one ECS task (both are
/// containers of the same service).
#[must_use]
pub fn loopback_between(a: &Node, b: &Node) -> bool {
    a.kind == NodeKind::Container && b.kind == NodeKind::Container && a.parent.is_some() && a.parent == b.parent
}
