//! The price of encryption: the design against the same design with encryption switched off.

use super::{estimate, round6, CostAssumptions, CostError, Estimate, LineItem};
use crate::catalog::{EdgeKind, NodeKind};
use crate::design::{Design, Edge, Node};
use crate::model;
use crate::value::Value;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// One encryption feature [`strip_encryption_changes`] switched off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The component whose bill the change touches (a sidecar's task, a key); `None` for
    /// design-wide changes (client TLS settings).
    pub component: Option<String>,
    /// What was switched off, in words.
    pub what: String,
}

/// The design with every encryption feature switched off: customer managed keys (and every
/// `encrypts_with` / `can_decrypt` edge to them) removed, TLS sidecars removed (their CPU and
/// memory taken off the task, their inbound flows sent straight to the container behind them),
/// secrets that exist only for encryption removed (the Redis AUTH token, which needs TLS),
/// at-rest and in-transit settings off, and every client flow set to `tls = disable`.
///
/// Encryption AWS applies whatever you do stays on: S3 encrypts every new object with SSE-S3
/// since 2023-01-05, Secrets Manager and CloudWatch Logs always encrypt, Fargate ephemeral
/// storage is always AES-256, and SSM / AWS API calls are always TLS.
#[must_use]
pub fn strip_encryption(design: &Design) -> Design {
    strip_encryption_changes(design).0
}

/// [`strip_encryption`] and the list of what it switched off, in design order.
#[must_use]
#[allow(clippy::too_many_lines)] // one match over every kind reads best in one place
pub fn strip_encryption_changes(design: &Design) -> (Design, Vec<Change>) {
    let mut out = design.clone();
    let mut changes: Vec<Change> = Vec::new();
    let mut removed: HashSet<String> = HashSet::new();
    // Flows into a removed sidecar go to the container it forwarded to: sidecar -> (target, port).
    let mut reroute: HashMap<String, (String, Value)> = HashMap::new();
    // One pass over the edges: the loopback flow out of each container, and key uses.
    let index: HashMap<&str, usize> = design.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    let mut loopback: HashMap<&str, &Edge> = HashMap::new();
    let mut key_uses: HashMap<&str, usize> = HashMap::new();
    for e in &design.edges {
        match e.kind {
            EdgeKind::EncryptsWith => *key_uses.entry(e.to.as_str()).or_default() += 1,
            EdgeKind::Flow => {
                let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) else { continue };
                if model::loopback_between(&design.nodes[a], &design.nodes[b]) {
                    loopback.entry(e.from.as_str()).or_insert(e);
                }
            }
            _ => {}
        }
    }

    for node in &design.nodes {
        let id = node.id.clone();
        let mut note =
            |component: &str, what: String| changes.push(Change { component: Some(component.to_owned()), what });
        match node.kind {
            NodeKind::KmsKey => {
                removed.insert(id.clone());
                let uses = key_uses.get(id.as_str()).copied().unwrap_or(0);
                note(
                    &id,
                    format!("customer managed key removed ({uses} uses fall back to AWS managed or AWS owned keys)"),
                );
            }
            NodeKind::Secret if node.text("purpose") == "redis_auth_token" => {
                removed.insert(id.clone());
                note(&id, "Redis AUTH token removed (AUTH needs in-transit encryption)".into());
            }
            // An nginx container that terminates TLS and forwards to another container of its task.
            NodeKind::Container
                if node.text("role") == "nginx" && node.bool("listens_tls") && loopback.contains_key(id.as_str()) =>
            {
                removed.insert(id.clone());
                let service = node.parent.clone().unwrap_or_default();
                let (cpu, memory) = (node.int("cpu"), node.int("memory"));
                if let Some(target) = loopback.get(id.as_str()) {
                    reroute.insert(id.clone(), (target.to.clone(), target.prop("port").unwrap_or(Value::Int(8000))));
                }
                let share = if cpu > 0 || memory > 0 {
                    format!(": its {cpu} CPU units and {memory} MiB come off each task")
                } else {
                    " (it reserves no CPU or memory of its own)".into()
                };
                note(&service, format!("TLS sidecar `{id}` removed{share}"));
            }
            _ => {}
        }
    }

    for node in &mut out.nodes {
        let id = node.id.clone();
        let mut off = Vec::new();
        let mut set = |node: &mut Node, prop: &str, value: Value, what: &'static str| {
            if node.prop(prop).as_ref() != Some(&value) {
                node.props.insert(prop.to_owned(), value);
                off.push(what);
            }
        };
        match node.kind {
            NodeKind::Alb => {
                set(node, "https_listener", Value::Bool(false), "HTTPS listener");
                set(node, "certificate", Value::from("none"), "ACM certificate");
                set(node, "http_listener", Value::from("forward"), "HTTP→HTTPS redirect");
                if node.props.remove("ssl_policy").is_some() {
                    off.push("TLS policy");
                }
            }
            NodeKind::Container => {
                set(node, "listens_tls", Value::Bool(false), "TLS listener");
                set(node, "certificate", Value::from("none"), "container certificate");
            }
            NodeKind::RdsPostgres => {
                set(node, "storage_encrypted", Value::Bool(false), "storage encryption");
                set(node, "rds.force_ssl", Value::from("0"), "rds.force_ssl");
                set(node, "encrypted_fields", Value::Bool(false), "encrypted model fields");
            }
            NodeKind::ElasticacheRedis => {
                set(node, "transit_encryption_enabled", Value::Bool(false), "in-transit encryption");
                set(node, "auth_token_enabled", Value::Bool(false), "AUTH token");
                set(node, "at_rest_encryption_enabled", Value::Bool(false), "at-rest encryption");
            }
            NodeKind::S3Bucket => {
                set(node, "sse_algorithm", Value::from("AES256"), "SSE-KMS (back to the SSE-S3 default)");
                set(node, "bucket_key_enabled", Value::Bool(false), "bucket key");
                set(node, "secure_transport_policy", Value::Bool(false), "TLS-only bucket policy");
                set(node, "tls_version_policy", Value::Bool(false), "TLS 1.2 bucket policy");
            }
            NodeKind::Efs => set(node, "encrypted", Value::Bool(false), "encryption at rest"),
            NodeKind::EcrRepository => set(node, "encryption_type", Value::from("AES256"), "KMS encryption"),
            NodeKind::Bastion => set(node, "root_volume_encrypted", Value::Bool(false), "root volume encryption"),
            NodeKind::RedisEcs => set(node, "tls", Value::Bool(false), "redis TLS port"),
            NodeKind::EcsCluster => {
                set(node, "cloud_watch_encryption_enabled", Value::Bool(false), "encrypted ECS Exec logs");
                set(node, "s3_encryption_enabled", Value::Bool(false), "encrypted ECS Exec log bucket");
            }
            NodeKind::Cloudfront => {
                set(node, "viewer_protocol_policy", Value::from("allow-all"), "viewer HTTPS");
                set(node, "origin_protocol_policy", Value::from("http-only"), "origin HTTPS");
                set(node, "minimum_protocol_version", Value::from("TLSv1"), "viewer TLS 1.2 minimum");
            }
            _ => {}
        }
        if !off.is_empty() && !removed.contains(&id) {
            changes.push(Change { component: Some(id), what: format!("{} off", join_words(&off)) });
        }
    }

    // Containers inside a removed sidecar's task give the task back its share.
    for node in &design.nodes {
        if removed.contains(&node.id) && node.kind == NodeKind::Container {
            if let Some(service) = node.parent.as_deref().and_then(|p| index.get(p)).map(|&i| &mut out.nodes[i]) {
                for prop in ["cpu", "memory"] {
                    let share = node.int(prop);
                    if share > 0 {
                        let left = (service.int(prop) - share).max(0);
                        service.props.insert(prop.to_owned(), Value::Int(left));
                    }
                }
            }
        }
    }
    out.nodes.retain(|n| !removed.contains(&n.id));

    let mut edges: Vec<Edge> = Vec::with_capacity(out.edges.len());
    let mut plaintext = 0;
    for edge in &out.edges {
        if removed.contains(&edge.from) {
            continue;
        }
        let mut edge = edge.clone();
        if removed.contains(&edge.to) {
            match (edge.kind, reroute.get(&edge.to)) {
                (EdgeKind::Flow, Some((target, port))) => {
                    edge.to.clone_from(target);
                    edge.props.insert("port".into(), port.clone());
                }
                _ => continue,
            }
        }
        if edge.kind == EdgeKind::Flow && !matches!(edge.text("protocol"), "ssm" | "aws_api" | "ssh") {
            if edge.text("tls") != "disable" {
                plaintext += 1;
            }
            edge.props.insert("tls".into(), Value::from("disable"));
            edge.props.remove("ca_bundle");
        }
        edges.push(edge);
    }
    // Rerouting can make two flows with the same ends; keep ids unique by construction (the
    // rerouted flow keeps its own id) and drop exact duplicates.
    edges.dedup_by(|a, b| a.kind == b.kind && a.from == b.from && a.to == b.to && a.props == b.props);
    out.edges = edges;
    if plaintext > 0 {
        changes.push(Change {
            component: None,
            what: format!("TLS and certificate verification switched off on {plaintext} client connections"),
        });
    }
    (out, changes)
}

fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// One billed line that differs between the design and its stripped twin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeltaLine {
    /// What is billed (as in [`LineItem::item`]).
    pub item: String,
    /// US dollars a month with encryption.
    pub with_encryption: f64,
    /// US dollars a month without.
    pub without_encryption: f64,
    /// The difference (what encryption adds).
    pub delta: f64,
    /// How the quantity was reached with encryption (empty when the line only exists without).
    pub with_assumption: String,
    /// How the quantity was reached without encryption (empty when the line only exists with).
    pub without_assumption: String,
}

/// What encryption costs on one component (or design-wide, for client settings).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EncryptionItem {
    /// Node id; `None` for design-wide changes.
    pub component: Option<String>,
    /// The component's label, or `all clients`.
    pub label: String,
    /// The component's kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<NodeKind>,
    /// The encryption features switched off here.
    pub features: Vec<String>,
    /// The billed lines that differ.
    pub lines: Vec<DeltaLine>,
    /// US dollars a month encryption adds here (0 for features AWS does not charge for).
    pub delta: f64,
}

/// The price of encryption of a design.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EncryptionPrice {
    /// Monthly total of the design as it is.
    pub with_encryption: f64,
    /// Monthly total of the same design with encryption switched off.
    pub without_encryption: f64,
    /// What encryption adds a month.
    pub delta: f64,
    /// The delta as a share of the design's total, in percent.
    pub delta_pct: f64,
    /// One item per component encryption touches: paid ones first (largest first), then free ones.
    pub items: Vec<EncryptionItem>,
    /// Caveats a reader should know when reading the delta.
    pub notes: Vec<String>,
}

/// The key a line is matched by between the two estimates.
fn key(l: &LineItem) -> (&str, &str) {
    (l.component.as_str(), l.item.as_str())
}

/// Itemises what encryption costs: the design's estimate minus that of [`strip_encryption`].
///
/// # Errors
/// As [`estimate`].
pub fn price_of_encryption(design: &Design, assumptions: &CostAssumptions) -> Result<EncryptionPrice, CostError> {
    price_of_encryption_from(design, assumptions, &estimate(design, assumptions)?)
}

/// [`price_of_encryption`] with the design's own estimate already made.
pub(super) fn price_of_encryption_from(
    design: &Design,
    assumptions: &CostAssumptions,
    with: &Estimate,
) -> Result<EncryptionPrice, CostError> {
    let (stripped, changes) = strip_encryption_changes(design);
    let without = estimate(&stripped, assumptions)?;

    // Line deltas per component, keyed by item name (stable between the two estimates).
    let mut deltas: BTreeMap<&str, Vec<DeltaLine>> = BTreeMap::new();
    let priced =
        |e: &Estimate| -> Vec<usize> { (0..e.lines.len()).filter(|&i| e.lines[i].monthly.is_some()).collect() };
    let (with_priced, without_priced) = (priced(with), priced(&without));
    let before: HashMap<(&str, &str), &LineItem> =
        with_priced.iter().map(|&i| (key(&with.lines[i]), &with.lines[i])).collect();
    let after: HashMap<(&str, &str), &LineItem> =
        without_priced.iter().map(|&i| (key(&without.lines[i]), &without.lines[i])).collect();
    // In the order the estimates list them: the design's lines, then lines only the stripped
    // design has.
    let mut keys: Vec<(&str, &str)> = with_priced.iter().map(|&i| key(&with.lines[i])).collect();
    keys.extend(without_priced.iter().map(|&i| key(&without.lines[i])).filter(|k| !before.contains_key(k)));
    for k in keys {
        let (b, a) = (before.get(&k), after.get(&k));
        let wm = b.and_then(|l| l.monthly).unwrap_or(0.0);
        let wo = a.and_then(|l| l.monthly).unwrap_or(0.0);
        if (wm - wo).abs() < 1e-9 {
            continue;
        }
        deltas.entry(k.0).or_default().push(DeltaLine {
            item: k.1.to_owned(),
            with_encryption: wm,
            without_encryption: wo,
            delta: round6(wm - wo),
            with_assumption: b.map(|l| l.assumption.clone()).unwrap_or_default(),
            without_assumption: a.map(|l| l.assumption.clone()).unwrap_or_default(),
        });
    }

    // One item per component, in the order changes name them; `at` finds an item by component.
    let index: HashMap<&str, usize> = design.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    let mut items: Vec<EncryptionItem> = Vec::new();
    let mut at: HashMap<Option<String>, usize> = HashMap::new();
    let mut item_for = |items: &mut Vec<EncryptionItem>, component: Option<String>| -> usize {
        *at.entry(component.clone()).or_insert_with(|| {
            let node = component.as_deref().and_then(|c| index.get(c)).map(|&i| &design.nodes[i]);
            let label = match (node, &component) {
                (Some(n), _) => n.display_name().to_owned(),
                (None, Some(id)) => id.clone(),
                (None, None) => "all clients".to_owned(),
            };
            items.push(EncryptionItem {
                component,
                label,
                kind: node.map(|n| n.kind),
                features: Vec::new(),
                lines: Vec::new(),
                delta: 0.0,
            });
            items.len() - 1
        })
    };
    for change in changes {
        let i = item_for(&mut items, change.component.clone());
        items[i].features.push(change.what);
    }
    // Billed differences on components no change names (none today) still show up.
    for (component, lines) in deltas {
        let i = item_for(&mut items, Some(component.to_owned()));
        items[i].delta = round6(lines.iter().map(|l| l.delta).sum());
        items[i].lines = lines;
    }
    let order = |i: &EncryptionItem| i.component.as_deref().and_then(|c| index.get(c)).copied().unwrap_or(usize::MAX);
    items.sort_by(|a, b| b.delta.total_cmp(&a.delta).then_with(|| order(a).cmp(&order(b))));

    let delta = round6(with.total - without.total);
    let mut notes = vec![
        "Encryption at rest on RDS, ElastiCache, EFS and EBS, in-transit encryption, ACM public certificates and SSE-S3 carry no AWS charge; what encryption costs is customer managed keys, their requests, TLS sidecars and secrets that exist only for encryption.".to_owned(),
    ];
    if items.iter().any(|i| i.delta > 0.0 && i.features.iter().any(|f| f.contains("TLS sidecar"))) {
        notes.push("A TLS sidecar is priced at its reserved share of the task; Fargate sizes come in steps, so removing it saves that share only if the task can shrink a step.".into());
    }
    if with.unpriced > 0 || without.unpriced > 0 {
        let n = with.unpriced.max(without.unpriced);
        notes.push(format!(
            "{n} {} no price and {} left out of both totals.",
            if n == 1 { "line has" } else { "lines have" },
            if n == 1 { "is" } else { "are" }
        ));
    }
    Ok(EncryptionPrice {
        with_encryption: with.total,
        without_encryption: without.total,
        delta,
        delta_pct: if with.total > 0.0 { round6(delta / with.total * 100.0) } else { 0.0 },
        items,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use crate::templates;

    #[test]
    fn stripped_reference_has_no_customer_keys_and_no_encrypted_network_hop() {
        let d = templates::reference();
        let (s, changes) = strip_encryption_changes(&d);
        assert!(s.nodes.iter().all(|n| n.kind != NodeKind::KmsKey));
        assert!(s.node("nginx").is_none() && s.node("redis-token").is_none());
        assert_eq!(s.node("web").unwrap().int("cpu"), 512 - 128);
        assert_eq!(s.node("web").unwrap().int("memory"), 1024 - 256);
        // The ALB now forwards straight to gunicorn on its own port.
        let f = s.edge("alb-nginx").expect("rerouted flow keeps its id");
        assert_eq!((f.to.as_str(), f.int("port")), ("gunicorn", 8000));
        let m = Model::new(&s);
        for e in s.edges.iter().filter(|e| e.kind == EdgeKind::Flow) {
            let hop = crate::hop::assess(&m, e);
            let always_tls = matches!(e.text("protocol"), "ssm" | "aws_api" | "ssh");
            assert_eq!(hop.grade.is_encrypted(), always_tls, "{}: {hop:?}", e.id);
        }
        // Every edge joins existing nodes, and the stripped design loads back.
        crate::load::load(&s.to_json()).unwrap_or_else(|e| panic!("{e}"));
        assert!(changes.iter().any(|c| c.component.as_deref() == Some("web")));
    }

    #[test]
    fn stripping_twice_changes_nothing_more() {
        let once = strip_encryption(&templates::reference());
        let (twice, changes) = strip_encryption_changes(&once);
        assert_eq!(once, twice);
        assert!(changes.is_empty(), "{changes:?}");
    }
}
