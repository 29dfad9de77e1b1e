//! Building blocks of autofixes shared by several rules: fresh ids, customer managed keys and
//! the grants that go with them, secrets, TLS listeners.
//!
//! Nothing here decides whether a rule fires; these helpers only turn a decision into
//! [`Patch`]es. Ids are checked against the [`Model`]'s node id map and edge id filter (not by
//! scanning the design), so building a fix costs O(1) per id and `check` stays near-linear on
//! large designs.

use crate::catalog::{EdgeKind, NodeKind};
use crate::design::{Edge, Node, Patch};
use crate::finding::Fix;
use crate::keys;
use crate::model::Model;
use crate::value::Value;

/// Accumulates the patches of one fix, reserving the ids it adds.
#[derive(Debug)]
pub(crate) struct FixBuilder<'m, 'd> {
    model: &'m Model<'d>,
    patches: Vec<Patch>,
    new_ids: Vec<String>,
}

impl<'m, 'd> FixBuilder<'m, 'd> {
    pub(crate) fn new(model: &'m Model<'d>) -> Self {
        FixBuilder { model, patches: Vec::new(), new_ids: Vec::new() }
    }

    pub(crate) fn model(&self) -> &'m Model<'d> {
        self.model
    }

    fn taken(&self, id: &str) -> bool {
        self.model.index(id).is_some() || self.model.has_edge_id(id) || self.new_ids.iter().any(|n| n == id)
    }

    /// `base` if unused, else `base-2`, `base-3`, ... (the same scheme as [`crate::Design::fresh_id`]),
    /// reserved for this fix.
    pub(crate) fn fresh(&mut self, base: &str) -> String {
        let id = if self.taken(base) {
            (2..).map(|n| format!("{base}-{n}")).find(|id| !self.taken(id)).unwrap_or_else(|| base.to_owned())
        } else {
            base.to_owned()
        };
        self.new_ids.push(id.clone());
        id
    }

    /// Sets a node property (skipped when the design already has exactly that value).
    pub(crate) fn set_node(&mut self, node: &Node, prop: &str, value: impl Into<Value>) -> &mut Self {
        let value = value.into();
        if node.props.get(prop) != Some(&value) {
            self.patches.push(Patch::SetNodeProp { node: node.id.clone(), prop: prop.to_owned(), value });
        }
        self
    }

    /// Sets an edge property (skipped when the design already has exactly that value).
    pub(crate) fn set_edge(&mut self, edge: &Edge, prop: &str, value: impl Into<Value>) -> &mut Self {
        let value = value.into();
        if edge.props.get(prop) != Some(&value) {
            self.patches.push(Patch::SetEdgeProp { edge: edge.id.clone(), prop: prop.to_owned(), value });
        }
        self
    }

    /// Adds a node; returns its id.
    pub(crate) fn add_node(&mut self, base: &str, node: NewNode<'_>) -> String {
        let id = self.fresh(base);
        let mut n = Node::new(id.clone(), node.kind, node.label, node.at.0, node.at.1);
        n.parent = node.parent.map(str::to_owned);
        n.props = node.props.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        self.patches.push(Patch::AddNode { node: n });
        id
    }

    /// Adds an edge named like the templates name theirs (`from-to` for flows,
    /// `from-kind-to` for relations); returns its id.
    pub(crate) fn add_edge(&mut self, kind: EdgeKind, from: &str, to: &str, props: &[(&str, Value)]) -> String {
        let base = match kind {
            EdgeKind::Flow => format!("{from}-{to}"),
            EdgeKind::EncryptsWith => format!("{from}-encrypts-with-{to}"),
            EdgeKind::ReadsSecret => format!("{from}-reads-secret-{to}"),
            EdgeKind::WritesLogs => format!("{from}-writes-logs-{to}"),
            EdgeKind::RunsOn => format!("{from}-runs-on-{to}"),
            EdgeKind::CanDecrypt => format!("{from}-can-decrypt-{to}"),
        };
        let id = self.fresh(&base);
        let mut e = Edge::new(id.clone(), kind, from, to);
        e.props = props.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        self.patches.push(Patch::AddEdge { edge: e });
        id
    }

    /// Removes an edge.
    pub(crate) fn remove_edge(&mut self, edge: &Edge) -> &mut Self {
        self.patches.push(Patch::RemoveEdge { edge: edge.id.clone() });
        self
    }

    /// The finished fix.
    pub(crate) fn finish(self, title: impl Into<String>) -> Fix {
        Fix { title: title.into(), patches: self.patches }
    }
}

/// A node to add.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NewNode<'a> {
    pub kind: NodeKind,
    pub label: &'a str,
    pub at: (f64, f64),
    pub parent: Option<&'a str>,
    pub props: &'a [(&'a str, Value)],
}

/// Where a new helper node (a key, a secret, a log group) goes: just right of its owner.
pub(crate) fn beside(owner: &Node, dy: f64) -> (f64, f64) {
    (owner.x + owner.w.unwrap_or(160.0) + 40.0, owner.y + dy)
}

/// Families of things that share a customer managed key in the reference design: one key for
/// data stores, one for secrets, one for logs, one for the ECS cluster (Exec and ephemeral
/// storage). An autofix reuses the family's key when the design already has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyFamily {
    Data,
    Secrets,
    Logs,
    Cluster,
}

impl KeyFamily {
    const ALL: [KeyFamily; 4] = [KeyFamily::Data, KeyFamily::Secrets, KeyFamily::Logs, KeyFamily::Cluster];

    /// The family of a node encrypted for `purpose`.
    pub(crate) fn of(kind: NodeKind) -> KeyFamily {
        match kind {
            NodeKind::Secret => KeyFamily::Secrets,
            NodeKind::LogGroup => KeyFamily::Logs,
            NodeKind::EcsCluster => KeyFamily::Cluster,
            _ => KeyFamily::Data,
        }
    }

    fn word(self) -> &'static str {
        match self {
            KeyFamily::Data => "data",
            KeyFamily::Secrets => "secrets",
            KeyFamily::Logs => "logs",
            KeyFamily::Cluster => "exec",
        }
    }
}

/// Finds, once per rule run, the customer key each [`KeyFamily`] already uses.
#[derive(Debug, Default)]
pub(crate) struct KeyFinder {
    found: Option<[Option<String>; 4]>,
}

impl KeyFinder {
    /// The key the design already uses for `family`: of the `kms_key`s that encrypt something
    /// of that family, the one with the smallest id (so the choice does not depend on the order
    /// of the design file), if any.
    pub(crate) fn get(&mut self, model: &Model<'_>, family: KeyFamily) -> Option<String> {
        let found = self.found.get_or_insert_with(|| {
            // Walk from the keys (few) rather than over every edge of the design.
            let mut first: [Option<&str>; 4] = [None; 4];
            for key in model.nodes_of(NodeKind::KmsKey) {
                for e in model.incoming_of(key, EdgeKind::EncryptsWith) {
                    let Some(from) = model.source(e) else { continue };
                    let slot = &mut first[family_slot(KeyFamily::of(from.kind))];
                    if slot.is_none_or(|k| key.id.as_str() < k) {
                        *slot = Some(key.id.as_str());
                    }
                }
            }
            first.map(|k| k.map(str::to_owned))
        });
        found[family_slot(family)].clone()
    }
}

fn family_slot(family: KeyFamily) -> usize {
    KeyFamily::ALL.iter().position(|f| *f == family).unwrap_or(0)
}

/// Props of a key an autofix creates: rotation on and an explicit key policy, so the new key
/// satisfies the key rules from the start.
fn new_key_props(alias: String) -> Vec<(&'static str, Value)> {
    vec![
        ("enable_key_rotation", Value::Bool(true)),
        ("key_policy", Value::from("defined")),
        ("alias", Value::Text(alias)),
    ]
}

/// Puts `node` on a customer managed key for `purpose` (its current one, the family's key, or
/// a new key beside it) and grants `kms:Decrypt` on it to every principal that will need it.
/// Returns the key id.
pub(crate) fn use_cmk(fb: &mut FixBuilder<'_, '_>, keys_found: &mut KeyFinder, node: &Node, purpose: &str) -> String {
    let model = fb.model();
    let family = KeyFamily::of(node.kind);
    let key = if let Some(k) = model.key_of_node(node, purpose).filter(|k| k.kind == NodeKind::KmsKey) {
        k.id.clone()
    } else {
        let key = keys_found.get(model, family).unwrap_or_else(|| {
            let alias = format!("{}-{}", model.design.name, family.word());
            let label = format!("key: {}", family.word());
            let props = new_key_props(alias);
            fb.add_node(
                &format!("key-{}", family.word()),
                NewNode { kind: NodeKind::KmsKey, label: &label, at: beside(node, 0.0), parent: None, props: &props },
            )
        });
        let props: Vec<(&str, Value)> =
            if purpose == "storage" { Vec::new() } else { vec![("purpose", Value::from(purpose))] };
        fb.add_edge(EdgeKind::EncryptsWith, &node.id, &key, &props);
        key
    };
    grant_decrypt(fb, &key, keys::decryptors(model, node, purpose, true));
    key
}

/// Adds a `can_decrypt` edge from each principal that lacks one on `key`.
pub(crate) fn grant_decrypt(fb: &mut FixBuilder<'_, '_>, key: &str, principals: Vec<&Node>) {
    let model = fb.model();
    for p in principals {
        if !model.can_decrypt(&p.id, key) {
            fb.add_edge(EdgeKind::CanDecrypt, &p.id, key, &[]);
        }
    }
}

/// The secret with this `purpose` with the smallest id (independent of the design's order).
pub(crate) fn secret_for<'d>(model: &Model<'d>, purpose: &str) -> Option<&'d Node> {
    model.nodes_of(NodeKind::Secret).filter(|s| s.text("purpose") == purpose).min_by(|a, b| a.id.cmp(&b.id))
}

/// Lets `principal`, which reads no secret of this purpose yet, read the secret of `purpose`:
/// the design's existing one, or a new secret placed beside `near`. Grants `kms:Decrypt` when
/// the secret is on a customer key. Returns the secret id.
pub(crate) fn read_secret(
    fb: &mut FixBuilder<'_, '_>,
    existing: Option<ExistingSecret<'_>>,
    new_secret: (&str, &str, &str),
    near: &Node,
    principal: &Node,
    env_var: &str,
) -> String {
    let model = fb.model();
    let (base, label, purpose) = new_secret;
    let key = existing.and_then(|e| e.key);
    let existing = existing.map(|e| e.secret);
    let secret = match existing {
        Some(s) => s.id.clone(),
        None => {
            let props = [("purpose", Value::from(purpose))];
            fb.add_node(
                base,
                NewNode { kind: NodeKind::Secret, label, at: beside(near, 60.0), parent: None, props: &props },
            )
        }
    };
    let props = if env_var.is_empty() { Vec::new() } else { vec![("env_var", Value::from(env_var))] };
    fb.add_edge(EdgeKind::ReadsSecret, &principal.id, &secret, &props);
    if let Some(key) = key {
        if !model.can_decrypt(&principal.id, &key.id) {
            fb.add_edge(EdgeKind::CanDecrypt, &principal.id, &key.id, &[]);
        }
    }
    secret
}

/// The design's secret of some purpose and its customer key, looked up once per rule run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExistingSecret<'d> {
    pub secret: &'d Node,
    pub key: Option<&'d Node>,
}

impl<'d> ExistingSecret<'d> {
    /// The secret with this `purpose` (see [`secret_for`]), with its storage key.
    pub(crate) fn find(model: &Model<'d>, purpose: &str) -> Option<Self> {
        let secret = secret_for(model, purpose)?;
        let key = model.key_of_node(secret, "storage").filter(|k| k.kind == NodeKind::KmsKey);
        Some(ExistingSecret { secret, key })
    }
}

/// Whether the accepting end of a flow inside ECS serves TLS: a container that listens with
/// TLS, or a service with a TLS container (a service with no containers drawn is taken at its
/// word, as [`crate::hop::assess`] does).
pub(crate) fn offers_tls(model: &Model<'_>, node: &Node) -> bool {
    match node.kind {
        NodeKind::Container => node.bool("listens_tls"),
        NodeKind::EcsService => {
            let mut containers = model.children_of(node).filter(|n| n.kind == NodeKind::Container).peekable();
            containers.peek().is_none() || containers.any(|c| c.bool("listens_tls"))
        }
        _ => true,
    }
}

/// Makes a container serve TLS with `certificate` (kept when it already has one).
pub(crate) fn container_tls(fb: &mut FixBuilder<'_, '_>, container: &Node, certificate: &str) {
    fb.set_node(container, "listens_tls", true);
    if container.text("certificate") == "none" {
        fb.set_node(container, "certificate", certificate);
    }
}

/// The container of a service that should terminate TLS for `flow`: the one listening on the
/// flow's port, else an nginx container, else the first one by id.
pub(crate) fn terminating_container<'d>(model: &Model<'d>, service: &Node, port: i64) -> Option<&'d Node> {
    let mut containers: Vec<&Node> = model.children_of(service).filter(|n| n.kind == NodeKind::Container).collect();
    crate::model::sort_by_id(&mut containers);
    containers
        .iter()
        .find(|c| c.int("port") == port)
        .or_else(|| containers.iter().find(|c| c.text("role") == "nginx"))
        .or_else(|| containers.first())
        .copied()
}

/// Makes the accepting end of `flow` (a container or a service) listen with TLS.
pub(crate) fn target_tls(fb: &mut FixBuilder<'_, '_>, flow: &Edge, target: &Node, certificate: &str) {
    match target.kind {
        NodeKind::Container if !target.bool("listens_tls") => container_tls(fb, target, certificate),
        NodeKind::EcsService if !offers_tls(fb.model(), target) => {
            if let Some(c) = terminating_container(fb.model(), target, flow.int("port")) {
                container_tls(fb, c, certificate);
            }
        }
        _ => {}
    }
}
