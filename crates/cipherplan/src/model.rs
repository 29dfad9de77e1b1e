//! The design as a graph: a petgraph `StableGraph` over the design's nodes and edges.
//!
//! Node and edge weights are indices into [`Design::nodes`] / [`Design::edges`], so ids stay
//! the design's own and the graph is cheap to rebuild after every edit.

use crate::catalog::{EdgeKind, NodeKind};
use crate::design::{Design, Edge, Node};
use crate::hop::Hop;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
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

/// Little-endian `u64` from exactly 8 bytes.
#[inline]
fn le64(b: &[u8]) -> u64 {
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// Up to 8 bytes as one word, every byte included (overlapping reads, no copy).
#[inline]
fn small(b: &[u8]) -> u64 {
    let n = b.len();
    if n >= 4 {
        let head = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let tail = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]);
        u64::from(head) | u64::from(tail) << 32
    } else if n > 0 {
        u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16
    } else {
        0
    }
}

impl Hasher for IdHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        // Short ids (the common case) take one or two multiplies and no copy: head and tail
        // are read as overlapping words, and the length is mixed in (the wyhash way).
        let n = bytes.len();
        let (a, b) = if n > 16 {
            let mut chunks = bytes[..n - 8].chunks_exact(8);
            for c in &mut chunks {
                self.add(le64(c));
            }
            (small(chunks.remainder()), le64(&bytes[n - 8..]))
        } else if n > 8 {
            (le64(bytes), le64(&bytes[n - 8..]))
        } else {
            (small(bytes), 0)
        };
        // The length perturbs the state with a pseudo-random word, not a byte lane that the
        // overlapping reads also fill (`1111` and `11110` must differ).
        self.0 ^= (n as u64).wrapping_mul(0xa076_1d64_78bd_642f);
        self.add(a);
        if n > 8 {
            self.add(b);
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        // `str` hashes end with 0xff: a cheap xor keeps the map's keys apart without a round.
        self.0 ^= u64::from(i);
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

/// A `HashSet` with [`IdHasher`].
pub type IdHashSet<K> = std::collections::HashSet<K, BuildHasherDefault<IdHasher>>;

/// A set of ids that answers "certainly absent" or "maybe present" (a Bloom filter with two
/// probes): cheaper to build than a map of every edge id when only a few ids are asked about.
#[derive(Debug)]
struct IdFilter {
    bits: Vec<u64>,
    /// `bit count - 1` (the bit count is a power of two).
    mask: u64,
}

impl IdFilter {
    fn new<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> Self {
        // 16 bits per id: about 1.5% of absent ids look present.
        let bit_count = (ids.len() * 16).next_power_of_two().max(64) as u64;
        let mut filter = IdFilter { bits: vec![0; (bit_count / 64) as usize], mask: bit_count - 1 };
        for id in ids {
            for bit in filter.probes(id) {
                filter.bits[(bit / 64) as usize] |= 1 << (bit % 64);
            }
        }
        filter
    }

    /// Two bit positions from one 64-bit hash of the id's length, first and last 8 bytes:
    /// the filter reads every edge id, and ids that differ only in the middle merely cost a
    /// scan when asked about.
    fn probes(&self, id: &str) -> [u64; 2] {
        let b = id.as_bytes();
        let n = b.len();
        let mut hasher = IdHasher((n as u64).wrapping_mul(0xa076_1d64_78bd_642f));
        if n > 8 {
            hasher.add(le64(b));
            hasher.add(le64(&b[n - 8..]));
        } else {
            hasher.add(small(b));
        }
        let hash = hasher.finish();
        [hash & self.mask, hash.rotate_left(32) & self.mask]
    }

    fn may_contain(&self, id: &str) -> bool {
        self.probes(id).iter().all(|&bit| self.bits[(bit / 64) as usize] & (1 << (bit % 64)) != 0)
    }
}

/// A node id of at most 16 bytes held by value: its length and two words that together hold
/// every byte (the first and last 8 bytes, overlapping; or, below 8 bytes, the word [`small`]
/// reads). Lookups compare these without reading the id's own heap bytes, which on a large
/// design is a cache miss for every edge end looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ShortId {
    head: u64,
    tail: u64,
    len: u8,
}

impl ShortId {
    fn of(id: &str) -> Option<Self> {
        let bytes = id.as_bytes();
        let n = bytes.len();
        let len = u8::try_from(n).ok().filter(|&n| n <= 16)?;
        let (head, tail) = if n >= 8 { (le64(bytes), le64(&bytes[n - 8..])) } else { (small(bytes), 0) };
        Some(ShortId { head, tail, len })
    }
}

impl std::hash::Hash for ShortId {
    #[allow(clippy::cast_possible_truncation)] // 32-bit targets hash the high halves separately
    fn hash<H: Hasher>(&self, state: &mut H) {
        for word in [self.head, self.tail] {
            state.write_usize(word as usize);
            if usize::BITS < 64 {
                state.write_usize((word >> 32) as usize);
            }
        }
        state.write_u8(self.len);
    }
}

/// Graph index by node id; a duplicated id names its last node (as a map's insert keeps the
/// last value). Short ids (all ids in practice) are keyed by value, longer ones by reference.
#[derive(Debug, Default)]
struct NodeIds<'d> {
    short: IdHashMap<ShortId, NodeIndex>,
    long: IdHashMap<&'d str, NodeIndex>,
}

impl<'d> NodeIds<'d> {
    fn with_capacity(nodes: usize) -> Self {
        NodeIds {
            short: IdHashMap::with_capacity_and_hasher(nodes, BuildHasherDefault::default()),
            long: IdHashMap::default(),
        }
    }

    /// Records `id`; false when it was already there (its index is replaced).
    fn insert(&mut self, id: &'d str, ix: NodeIndex) -> bool {
        match ShortId::of(id) {
            Some(short) => self.short.insert(short, ix).is_none(),
            None => self.long.insert(id, ix).is_none(),
        }
    }

    fn get(&self, id: &str) -> Option<NodeIndex> {
        match ShortId::of(id) {
            Some(short) => self.short.get(&short).copied(),
            None => self.long.get(id).copied(),
        }
    }
}

/// No node: an edge end or a parent that names no node of the design.
const NO_NODE: u32 = u32::MAX;

/// Lists of design indices per node (or per kind), in compressed sparse row form: the list of
/// node `n` is `items[start[n]..start[n + 1]]`. One allocation for all lists instead of a
/// `Vec` each.
#[derive(Debug, Default)]
struct PerNode {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl PerNode {
    /// Groups `0..owners.len()` by owner (`NO_NODE`: none), keeping ascending order in each list.
    fn group(nodes: usize, owners: impl Iterator<Item = u32> + Clone) -> Self {
        let mut start = vec![0u32; nodes + 1];
        for o in owners.clone().filter(|&o| o != NO_NODE) {
            start[o as usize + 1] += 1;
        }
        for n in 0..nodes {
            start[n + 1] += start[n];
        }
        let mut fill = start.clone();
        let mut items = vec![0u32; start[nodes] as usize];
        for (i, o) in owners.enumerate() {
            if o != NO_NODE {
                let slot = &mut fill[o as usize];
                #[allow(clippy::cast_possible_truncation)] // designs hold far fewer than 2^32 items
                {
                    items[*slot as usize] = i as u32;
                }
                *slot += 1;
            }
        }
        PerNode { start, items }
    }

    fn of(&self, n: usize) -> &[u32] {
        &self.items[self.start[n] as usize..self.start[n + 1] as usize]
    }
}

/// A loaded design plus its graph and id lookups.
#[derive(Debug)]
pub struct Model<'d> {
    /// The design this graph was built from.
    pub design: &'d Design,
    /// Directed graph; weights index into `design.nodes` / `design.edges`.
    pub graph: StableDiGraph<usize, usize>,
    node_ix: NodeIds<'d>,
    /// No two nodes share an id, so a node borrowed from the design is found by its address
    /// (see [`Model::ix_of`]) instead of by hashing its id.
    unique_ids: bool,
    /// Built on first use: few callers look edges up by id.
    edge_ix: OnceLock<IdHashMap<&'d str, EdgeIndex>>,
    /// Built on first use: rules ask whether an id is free for each edge an autofix adds.
    edge_ids: OnceLock<IdFilter>,
    /// Hop assessment of every flow, indexed like `design.edges`; built on first use and shared
    /// by the rules, the path analysis and the summary.
    hops: OnceLock<Vec<Option<Hop>>>,
    /// Design indices of the nodes of each kind (indexed by `NodeKind as usize`), in design
    /// order: rules ask for one kind at a time, and scanning every node per rule was a large
    /// share of checking a big design.
    nodes_by_kind: PerNode,
    /// Design indices of the edges of each kind (indexed by `EdgeKind as usize`).
    edges_by_kind: PerNode,
    /// Per design edge: both ends are containers of one task (see [`Model::is_loopback`]).
    loopback: Vec<bool>,
    /// Per design edge: the design indices of the nodes its `from` and `to` name (`NO_NODE`
    /// when missing), so rules follow an edge without hashing ids.
    ends: Vec<[u32; 2]>,
    /// Per node: the edges in the graph (both ends present) that leave it, in design order.
    out_edges: PerNode,
    /// Per node: the edges in the graph that enter it, in design order.
    in_edges: PerNode,
    /// Per node: the nodes whose `parent` names it, in design order.
    children: PerNode,
    /// Per node: the node its `parent` names (`NO_NODE`: none).
    parent_ix: Vec<u32>,
}

impl<'d> Model<'d> {
    /// Builds the graph. Edges whose ends are missing (only possible for designs built by hand,
    /// never for loaded ones) are left out.
    #[must_use]
    #[allow(clippy::cast_possible_truncation)] // designs hold far fewer than 2^32 nodes
    pub fn new(design: &'d Design) -> Self {
        let node_count = design.nodes.len();
        let mut graph = StableDiGraph::with_capacity(node_count, design.edges.len());
        let mut node_ix = NodeIds::with_capacity(node_count);
        let mut unique_ids = true;
        for (i, n) in design.nodes.iter().enumerate() {
            unique_ids &= node_ix.insert(n.id.as_str(), graph.add_node(i));
        }
        // A duplicated id names its last node (the map keeps the last insert).
        let lookup = |id: &str| node_ix.get(id).map_or(NO_NODE, |ix| ix.index() as u32);
        let parent_ix: Vec<u32> = design.nodes.iter().map(|n| n.parent.as_deref().map_or(NO_NODE, lookup)).collect();
        // The look-ups first, in a loop of their own: each reads an id string that is likely
        // not in cache, and short iterations let the processor wait for several at once.
        let ends: Vec<[u32; 2]> = design.edges.iter().map(|e| [lookup(&e.from), lookup(&e.to)]).collect();
        let mut loopback = vec![false; design.edges.len()];
        for (i, &[a, b]) in ends.iter().enumerate() {
            if a != NO_NODE && b != NO_NODE {
                graph.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), i);
                loopback[i] = loopback_between(&design.nodes[a as usize], &design.nodes[b as usize]);
            }
        }
        // Only edges with both ends are in the graph, so only those are adjacent to a node.
        let in_graph = |&[a, b]: &[u32; 2]| a != NO_NODE && b != NO_NODE;
        let out_edges = PerNode::group(node_count, ends.iter().map(|e| if in_graph(e) { e[0] } else { NO_NODE }));
        let in_edges = PerNode::group(node_count, ends.iter().map(|e| if in_graph(e) { e[1] } else { NO_NODE }));
        let children = PerNode::group(node_count, parent_ix.iter().copied());
        let nodes_by_kind =
            PerNode::group(crate::catalog::NODE_KINDS.len(), design.nodes.iter().map(|n| n.kind as u32));
        let edges_by_kind =
            PerNode::group(crate::catalog::EDGE_KINDS.len(), design.edges.iter().map(|e| e.kind as u32));
        Model {
            design,
            graph,
            node_ix,
            unique_ids,
            edge_ix: OnceLock::new(),
            edge_ids: OnceLock::new(),
            hops: OnceLock::new(),
            nodes_by_kind,
            edges_by_kind,
            loopback,
            ends,
            out_edges,
            in_edges,
            children,
            parent_ix,
        }
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
        self.node_ix.get(id)
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

    /// Whether some edge of the design (in the graph or not) has this id.
    #[must_use]
    pub fn has_edge_id(&self, id: &str) -> bool {
        let filter = self.edge_ids.get_or_init(|| IdFilter::new(self.design.edges.iter().map(|e| e.id.as_str())));
        // The filter rules out almost every free id; the few it cannot are checked by a scan.
        filter.may_contain(id) && self.design.edges.iter().any(|e| e.id == id)
    }

    /// The hop assessment ([`crate::hop::assess`]) of every flow, indexed like
    /// `design.edges`: `None` for relations and for flows whose ends are missing. Computed once
    /// per model, on first use.
    #[must_use]
    pub fn hops(&self) -> &[Option<Hop>] {
        self.hops.get_or_init(|| {
            let mut hops = vec![None; self.design.edges.len()];
            for &i in self.edges_by_kind.of(EdgeKind::Flow as usize) {
                let i = i as usize;
                let [a, b] = self.ends[i];
                if a != NO_NODE && b != NO_NODE {
                    let (from, to) = (&self.design.nodes[a as usize], &self.design.nodes[b as usize]);
                    hops[i] = Some(crate::hop::assess_uncached(self, &self.design.edges[i], Some(from), Some(to)));
                }
            }
            hops
        })
    }

    /// The cached hop assessment of `flow`, an edge of this model's design (by reference,
    /// not by id: any other edge gives `None`).
    #[must_use]
    pub fn hop(&self, flow: &Edge) -> Option<&Hop> {
        let i = self.position(flow)?;
        self.hops()[i].as_ref()
    }

    /// Whether `node` is borrowed from this model's design (not a copy).
    #[must_use]
    pub fn owns(&self, node: &Node) -> bool {
        self.node_position(node).is_some()
    }

    /// The index in `design.nodes` of a node borrowed from this design.
    fn node_position(&self, node: &Node) -> Option<usize> {
        let base = self.design.nodes.as_ptr() as usize;
        let at = std::ptr::from_ref(node) as usize;
        let i = at.checked_sub(base)? / std::mem::size_of::<Node>().max(1);
        (i < self.design.nodes.len() && std::ptr::eq(&self.design.nodes[i], node)).then_some(i)
    }

    /// The index in `design.edges` of an edge borrowed from this design.
    fn position(&self, edge: &Edge) -> Option<usize> {
        let base = self.design.edges.as_ptr() as usize;
        let at = std::ptr::from_ref(edge) as usize;
        let i = at.checked_sub(base)? / std::mem::size_of::<Edge>().max(1);
        (i < self.design.edges.len() && std::ptr::eq(&self.design.edges[i], edge)).then_some(i)
    }

    /// The design index the graph uses for `node`'s id: found from the node's address when
    /// it is the design's own and ids are unique (no hashing), else looked up by id.
    fn ix_of(&self, node: &Node) -> Option<usize> {
        match self.node_position(node) {
            Some(i) if self.unique_ids => Some(i),
            _ => self.index(&node.id).map(NodeIndex::index),
        }
    }

    /// The node with this id.
    #[must_use]
    pub fn node(&self, id: &str) -> Option<&'d Node> {
        self.index(id).map(|ix| self.node_at(ix))
    }

    /// The node an edge's `from` names (as [`Model::node`]`(&edge.from)`, without hashing for
    /// the design's own edges).
    #[must_use]
    pub fn source(&self, edge: &Edge) -> Option<&'d Node> {
        match self.position(edge) {
            Some(i) => self.node_by_ix(self.ends[i][0]),
            None => self.node(&edge.from),
        }
    }

    /// The node an edge's `to` names (as [`Model::node`]`(&edge.to)`, without hashing for the
    /// design's own edges).
    #[must_use]
    pub fn target(&self, edge: &Edge) -> Option<&'d Node> {
        match self.position(edge) {
            Some(i) => self.node_by_ix(self.ends[i][1]),
            None => self.node(&edge.to),
        }
    }

    fn node_by_ix(&self, ix: u32) -> Option<&'d Node> {
        self.design.nodes.get(ix as usize)
    }

    /// Nodes of one kind, in design order.
    pub fn nodes_of(&self, kind: NodeKind) -> impl Iterator<Item = &'d Node> + '_ {
        let nodes = &self.design.nodes;
        self.nodes_by_kind.of(kind as usize).iter().map(move |&i| &nodes[i as usize])
    }

    /// Edges of one kind, in design order.
    pub fn edges_of(&self, kind: EdgeKind) -> impl Iterator<Item = &'d Edge> + '_ {
        let edges = &self.design.edges;
        self.edges_by_kind.of(kind as usize).iter().map(move |&i| &edges[i as usize])
    }

    /// Edges of `kind` leaving `id`, in design order.
    #[must_use]
    pub fn outgoing(&self, id: &str, kind: EdgeKind) -> Vec<&'d Edge> {
        self.edges_at(self.index(id).map(NodeIndex::index), &self.out_edges, kind).collect()
    }

    /// Edges of `kind` entering `id`, in design order.
    #[must_use]
    pub fn incoming(&self, id: &str, kind: EdgeKind) -> Vec<&'d Edge> {
        self.edges_at(self.index(id).map(NodeIndex::index), &self.in_edges, kind).collect()
    }

    /// Edges of `kind` leaving `node`, in design order: [`Model::outgoing`] without the
    /// `Vec` (and, for the design's own nodes, without hashing the id).
    pub fn outgoing_of(&self, node: &Node, kind: EdgeKind) -> impl Iterator<Item = &'d Edge> + '_ {
        self.edges_at(self.ix_of(node), &self.out_edges, kind)
    }

    /// Edges of `kind` entering `node`, in design order: [`Model::incoming`] without the
    /// `Vec` (and, for the design's own nodes, without hashing the id).
    pub fn incoming_of(&self, node: &Node, kind: EdgeKind) -> impl Iterator<Item = &'d Edge> + '_ {
        self.edges_at(self.ix_of(node), &self.in_edges, kind)
    }

    fn edges_at<'m>(
        &'m self,
        ix: Option<usize>,
        lists: &'m PerNode,
        kind: EdgeKind,
    ) -> impl Iterator<Item = &'d Edge> + 'm {
        let edges = &self.design.edges;
        ix.map(|ix| lists.of(ix))
            .unwrap_or_default()
            .iter()
            .map(move |&i| &edges[i as usize])
            .filter(move |e| e.kind == kind)
    }

    /// The KMS key `id` is encrypted with for `purpose` (`storage`, `exec`, `ephemeral_storage`).
    #[must_use]
    pub fn key_of(&self, id: &str, purpose: &str) -> Option<&'d Node> {
        let ix = self.index(id)?.index();
        self.key_at(ix, purpose)
    }

    /// [`Model::key_of`] for a node (without hashing its id when it is the design's own).
    #[must_use]
    pub fn key_of_node(&self, node: &Node, purpose: &str) -> Option<&'d Node> {
        self.key_at(self.ix_of(node)?, purpose)
    }

    /// The first `encrypts_with` edge leaving `ix` (in design order) with this purpose, and
    /// the node it names.
    fn key_at(&self, ix: usize, purpose: &str) -> Option<&'d Node> {
        let edges = &self.design.edges;
        let i = self.out_edges.of(ix).iter().map(|&i| i as usize).find(|&i| {
            let e = &edges[i];
            e.kind == EdgeKind::EncryptsWith && e.text("purpose") == purpose
        })?;
        self.node_by_ix(self.ends[i][1])
    }

    /// The parent box of a node.
    #[must_use]
    pub fn parent(&self, node: &Node) -> Option<&'d Node> {
        match self.node_position(node) {
            Some(i) => self.node_by_ix(self.parent_ix[i]),
            None => node.parent.as_deref().and_then(|p| self.node(p)),
        }
    }

    /// The nodes placed directly inside the box `id` (containers of a service, nodes of a
    /// subnet), in design order.
    pub fn children(&self, id: &str) -> impl Iterator<Item = &'d Node> + '_ {
        self.children_at(self.index(id).map(NodeIndex::index), id)
    }

    /// [`Model::children`] of a node (without hashing its id when it is the design's own).
    pub fn children_of(&self, node: &Node) -> impl Iterator<Item = &'d Node> + '_ {
        self.children_at(self.ix_of(node), &node.id)
    }

    /// The children listed for `ix`, or, when `id` names no node, the nodes whose `parent`
    /// still names it (hand-built designs only).
    fn children_at(&self, ix: Option<usize>, id: &str) -> impl Iterator<Item = &'d Node> + '_ {
        let design = self.design;
        let listed = ix.map(|ix| self.children.of(ix));
        let orphans: Vec<&'d Node> = match listed {
            Some(_) => Vec::new(),
            None => design.nodes.iter().filter(|n| n.parent.as_deref() == Some(id)).collect(),
        };
        listed.unwrap_or_default().iter().map(move |&i| &design.nodes[i as usize]).chain(orphans)
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
        let ix = self.index(service_id)?.index();
        let first = self.edges_at(Some(ix), &self.out_edges, EdgeKind::RunsOn).next()?;
        self.target(first)
    }

    /// Whether a flow stays on the loopback interface of one ECS task (both ends are containers
    /// of the same service), so it never crosses a network.
    #[must_use]
    pub fn is_loopback(&self, flow: &Edge) -> bool {
        if let Some(i) = self.position(flow) {
            return self.loopback[i];
        }
        match (self.node(&flow.from), self.node(&flow.to)) {
            (Some(a), Some(b)) => loopback_between(a, b),
            _ => false,
        }
    }

    /// Whether `principal` has `kms:Decrypt` on `key` (a `can_decrypt` edge).
    #[must_use]
    pub fn can_decrypt(&self, principal: &str, key: &str) -> bool {
        self.index(principal).is_some_and(|ix| {
            self.edges_at(Some(ix.index()), &self.out_edges, EdgeKind::CanDecrypt).any(|e| e.to == key)
        })
    }
}

/// Sorts nodes by id (stable). One function for every caller, so the browser's bundle carries
/// one sort instantiation for them, not one per call site.
pub fn sort_by_id(nodes: &mut [&Node]) {
    nodes.sort_by(|a, b| a.id.cmp(&b.id));
}

/// Whether a flow from `a` to `b` stays on the loopback interface of one ECS task (both are
/// containers of the same service).
#[must_use]
pub fn loopback_between(a: &Node, b: &Node) -> bool {
    a.kind == NodeKind::Container && b.kind == NodeKind::Container && a.parent.is_some() && a.parent == b.parent
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::hash::BuildHasher;

    #[test]
    fn id_hasher_spreads_similar_ids() {
        let build = BuildHasherDefault::<IdHasher>::default();
        let mut ids: Vec<String> = Vec::new();
        for i in 0..20_000 {
            ids.push(format!("x{i}-gunicorn-{}-db-{}", i % 97, i % 13));
            ids.push(format!("web-{i}"));
            ids.push(format!("{i}"));
        }
        // Same length, one byte apart, in the middle of a long id.
        for c in b'a'..=b'z' {
            ids.push(format!("a-long-identifier-{}-with-a-tail", char::from(c)));
        }
        ids.push(String::new());
        let full: HashSet<u64> = ids.iter().map(|s| build.hash_one(s.as_str())).collect();
        assert_eq!(full.len(), ids.len(), "no 64-bit collisions");
        // The low bits pick the bucket: they must spread too (about as well as random).
        let low: HashSet<u64> = ids.iter().map(|s| build.hash_one(s.as_str()) & 0xffff).collect();
        assert!(low.len() > 39_000, "{} distinct low 16 bits", low.len());
    }

    #[test]
    fn node_ids_tell_apart_ids_one_byte_apart() {
        // Every length around the short/long boundaries, each byte position changed once.
        let mut ids: Vec<String> = Vec::new();
        for len in 0..=20 {
            let base: String = (0..len).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            ids.push(base.clone());
            for at in 0..len {
                let mut bytes = base.clone().into_bytes();
                bytes[at] = b'-';
                ids.push(String::from_utf8(bytes).unwrap());
            }
        }
        let mut table = NodeIds::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            assert!(table.insert(id, NodeIndex::new(i)), "{id:?} is new");
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(table.get(id), Some(NodeIndex::new(i)), "{id:?}");
        }
        for absent in ["", "-", "zz", "abcdefgh-", "abcdefghijklmnopq-", "abcdefghijklmnopqrstu"] {
            assert_eq!(
                table.get(absent).map(|ix| ids[ix.index()].as_str()),
                ids.iter().find(|i| *i == absent).map(String::as_str)
            );
        }
        // A repeated id names its last node.
        assert!(!table.insert(&ids[5], NodeIndex::new(9999)));
        assert_eq!(table.get(&ids[5]), Some(NodeIndex::new(9999)));
    }

    #[test]
    fn model_lookups_agree_with_the_design() {
        let d = crate::synth::generate(500, 3, 3);
        let m = Model::new(&d);
        for (i, n) in d.nodes.iter().enumerate() {
            assert_eq!(m.index(&n.id).map(|ix| m.graph[ix]), Some(i));
            assert!(std::ptr::eq(m.node(&n.id).unwrap(), n));
        }
        for kind in crate::catalog::NODE_KINDS.iter().map(|k| k.kind) {
            let scan: Vec<&Node> = d.nodes.iter().filter(|n| n.kind == kind).collect();
            assert_eq!(m.nodes_of(kind).collect::<Vec<_>>(), scan);
        }
        for (i, e) in d.edges.iter().enumerate() {
            assert_eq!(m.edge_index(&e.id).map(|ix| m.graph[ix]), Some(i));
            assert_eq!(
                m.is_loopback(e),
                matches!((d.node(&e.from), d.node(&e.to)), (Some(a), Some(b)) if loopback_between(a, b))
            );
            if e.kind == EdgeKind::Flow {
                assert_eq!(m.hop(e), Some(&crate::hop::assess_uncached(&m, e, d.node(&e.from), d.node(&e.to))));
            }
        }
        for n in d.nodes.iter().take(200) {
            for kind in crate::catalog::EDGE_KINDS.iter().map(|k| k.kind) {
                let scan: Vec<&Edge> = d.edges.iter().filter(|e| e.kind == kind && e.from == n.id).collect();
                assert_eq!(m.outgoing(&n.id, kind), scan);
                let scan: Vec<&Edge> = d.edges.iter().filter(|e| e.kind == kind && e.to == n.id).collect();
                assert_eq!(m.incoming(&n.id, kind), scan);
            }
            let kids: Vec<&Node> = d.nodes.iter().filter(|c| c.parent.as_deref() == Some(&n.id)).collect();
            assert_eq!(m.children(&n.id).collect::<Vec<_>>(), kids);
        }
        // An edge that is not the design's own is not confused with one that is.
        let copy = d.edges[0].clone();
        assert_eq!(m.hop(&copy), None);
    }

    /// A synthetic design with what only hand-built designs have: a duplicated node id, an
    /// edge whose end names no node, and a container whose parent names no node.
    pub(crate) fn odd_design(seed: u64) -> Design {
        let mut d = crate::synth::generate(150, 3, seed);
        let dup = d.nodes[7].clone();
        d.nodes.push(dup);
        let mut dangling = d.edges[5].clone();
        dangling.id = "dangling".into();
        dangling.to = "nowhere".into();
        d.edges.push(dangling);
        if let Some(c) = d.nodes.iter_mut().find(|n| n.kind == NodeKind::Container) {
            c.parent = Some("ghost".into());
        }
        d
    }

    #[test]
    fn node_helpers_agree_with_the_id_lookups() {
        let ptr = |n: Option<&Node>| n.map(std::ptr::from_ref);
        for d in [crate::synth::generate(300, 3, 2), odd_design(1), odd_design(2)] {
            let m = Model::new(&d);
            for n in &d.nodes {
                for kind in crate::catalog::EDGE_KINDS.iter().map(|k| k.kind) {
                    assert_eq!(m.outgoing_of(n, kind).collect::<Vec<_>>(), m.outgoing(&n.id, kind));
                    assert_eq!(m.incoming_of(n, kind).collect::<Vec<_>>(), m.incoming(&n.id, kind));
                }
                assert_eq!(m.children_of(n).collect::<Vec<_>>(), m.children(&n.id).collect::<Vec<_>>());
                for purpose in ["storage", "exec", "ephemeral_storage"] {
                    assert_eq!(ptr(m.key_of_node(n, purpose)), ptr(m.key_of(&n.id, purpose)));
                }
                assert_eq!(ptr(m.parent(n)), ptr(n.parent.as_deref().and_then(|p| m.node(p))));
            }
            for e in &d.edges {
                assert_eq!(ptr(m.source(e)), ptr(m.node(&e.from)));
                assert_eq!(ptr(m.target(e)), ptr(m.node(&e.to)));
                assert!(m.has_edge_id(&e.id));
                for absent in [format!("{}-2", e.id), format!("x{}", e.id)] {
                    assert_eq!(m.has_edge_id(&absent), d.edges.iter().any(|x| x.id == absent), "{absent}");
                }
            }
        }
        let d = odd_design(3);
        let m = Model::new(&d);
        assert_eq!(m.children("ghost").count(), 1, "a parent that names no node still groups its children");
        assert!(m.has_edge_id("dangling") && !m.has_edge_id("nowhere"));
    }

    #[test]
    fn assessing_with_changed_ends_is_not_answered_from_the_cache() {
        let d = crate::templates::reference();
        let m = Model::new(&d);
        let flow = d.edge("users-alb").unwrap();
        let (users, alb) = (m.node("users"), m.node("alb"));
        let cached = crate::hop::assess_between(&m, flow, users, alb);
        assert_eq!(Some(&cached), m.hop(flow));
        assert_eq!(cached.grade, crate::hop::Grade::Verified);
        let mut weaker = alb.unwrap().clone();
        weaker.props.insert("https_listener".into(), false.into());
        assert!(!m.owns(&weaker) && m.owns(alb.unwrap()));
        let hypothetical = crate::hop::assess_between(&m, flow, users, Some(&weaker));
        assert_eq!(hypothetical.grade, crate::hop::Grade::Plaintext);
    }
}
