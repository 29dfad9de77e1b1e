//! The design as a graph: a petgraph `StableGraph` over the design's nodes and edges.
//!
//! Node and edge weights are indices into [`Design::nodes`] / [`Design::edges`], so ids stay
//! the design's own and the graph is cheap to rebuild after every edit.

use crate::catalog::{EdgeKind, NodeKind};
use crate::design::{Design, Edge, Node};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::Direction;
use std::collections::HashMap;

/// A loaded design plus its graph and id lookups.
#[derive(Debug)]
pub struct Model<'d> {
    /// The design this graph was built from.
    pub design: &'d Design,
    /// Directed graph; weights index into `design.nodes` / `design.edges`.
    pub graph: StableDiGraph<usize, usize>,
    node_ix: HashMap<&'d str, NodeIndex>,
    edge_ix: HashMap<&'d str, EdgeIndex>,
    /// Design indices of the nodes inside each box, in design order (keyed by the box's id).
    children: HashMap<&'d str, Vec<usize>>,
}

impl<'d> Model<'d> {
    /// Builds the graph. Edges whose ends are missing (only possible for designs built by hand,
    /// never for loaded ones) are left out.
    #[must_use]
    pub fn new(design: &'d Design) -> Self {
        let mut graph = StableDiGraph::with_capacity(design.nodes.len(), design.edges.len());
        let mut node_ix = HashMap::with_capacity(design.nodes.len());
        for (i, n) in design.nodes.iter().enumerate() {
            node_ix.insert(n.id.as_str(), graph.add_node(i));
        }
        let mut edge_ix = HashMap::with_capacity(design.edges.len());
        for (i, e) in design.edges.iter().enumerate() {
            if let (Some(&a), Some(&b)) = (node_ix.get(e.from.as_str()), node_ix.get(e.to.as_str())) {
                edge_ix.insert(e.id.as_str(), graph.add_edge(a, b, i));
            }
        }
        let mut children: HashMap<&'d str, Vec<usize>> = HashMap::new();
        for (i, n) in design.nodes.iter().enumerate() {
            if let Some(p) = n.parent.as_deref() {
                children.entry(p).or_default().push(i);
            }
        }
        Model { design, graph, node_ix, edge_ix, children }
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
        self.edge_ix.get(id).copied()
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
            (Some(a), Some(b)) => {
                a.kind == NodeKind::Container
                    && b.kind == NodeKind::Container
                    && a.parent.is_some()
                    && a.parent == b.parent
            }
            _ => false,
        }
    }

    /// Whether `principal` has `kms:Decrypt` on `key` (a `can_decrypt` edge).
    #[must_use]
    pub fn can_decrypt(&self, principal: &str, key: &str) -> bool {
        self.outgoing(principal, EdgeKind::CanDecrypt).iter().any(|e| e.to == key)
    }
}
