//! Key usage: for every customer managed KMS key, what it protects, which principals must be
//! able to decrypt with it, which are allowed to (`can_decrypt`), and which are missing.
//!
//! A principal must hold `kms:Decrypt` on a key when it
//! - reads a Secrets Manager secret encrypted with the key (`GetSecretValue` decrypts);
//! - reaches, over a flow, an S3 bucket whose default encryption is SSE-KMS with the key
//!   (reading objects decrypts; writing needs `kms:GenerateDataKey`, which the same grant
//!   carries in the generated IAM policies);
//! - runs with `enable_execute_command` on an ECS cluster whose ECS Exec sessions are
//!   encrypted with the key (the task role decrypts the session data channel).
//!
//! Stores that AWS services decrypt on the caller's behalf through grants (RDS, ElastiCache,
//! EFS, ECR, CloudWatch Logs, Fargate ephemeral storage) need no principal grant: their key
//! policy admits the service instead. The report's key table and rule CP-K005 read this.

use crate::catalog::{EdgeKind, NodeKind};
use crate::design::Node;
use crate::model::Model;
use serde::Serialize;

/// How one customer managed key is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyUse {
    /// The `kms_key` node id.
    pub key: String,
    /// What the key encrypts: `(node id, purpose)` of each `encrypts_with` edge into it, in
    /// design order (purpose `storage`, `exec` or `ephemeral_storage`).
    pub protects: Vec<(String, String)>,
    /// Principals (ECS services, bastion) that must be able to decrypt with it, sorted.
    pub must_decrypt: Vec<String>,
    /// Principals with a `can_decrypt` edge to it, sorted.
    pub granted: Vec<String>,
    /// `must_decrypt` minus `granted`, sorted: these fail at run time with AccessDenied.
    pub missing: Vec<String>,
}

/// Key usage of every `kms_key` in the design, sorted by key id.
#[must_use]
pub fn key_usage(model: &Model<'_>) -> Vec<KeyUse> {
    let mut out: Vec<KeyUse> = model.nodes_of(NodeKind::KmsKey).map(|key| usage_of(model, key)).collect();
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out
}

/// Key usage of one key.
#[must_use]
pub fn usage_of(model: &Model<'_>, key: &Node) -> KeyUse {
    let needs = needs_of(model, key);
    let protects = model
        .incoming_of(key, EdgeKind::EncryptsWith)
        .map(|e| (e.from.clone(), e.text("purpose").to_owned()))
        .collect();
    KeyUse {
        key: key.id.clone(),
        protects,
        must_decrypt: needs.principals.iter().map(|(p, _)| p.id.clone()).collect(),
        granted: needs.granted.iter().map(|g| (*g).to_owned()).collect(),
        missing: needs.missing().map(|(p, _)| p.id.clone()).collect(),
    }
}

/// Who needs a key and why, borrowed from the design (what CP-K005 reads without copying).
#[derive(Debug)]
pub(crate) struct Needs<'d> {
    /// Each principal that must decrypt, sorted by id, with the `(node, purpose)` pairs it
    /// uses that the key protects (sorted).
    pub principals: Vec<(&'d Node, Vec<(&'d str, &'d str)>)>,
    /// Principals with a `can_decrypt` edge to the key, sorted.
    pub granted: Vec<&'d str>,
}

impl<'d> Needs<'d> {
    /// The principals that must decrypt but are not granted.
    pub(crate) fn missing(&self) -> impl Iterator<Item = &(&'d Node, Vec<(&'d str, &'d str)>)> + '_ {
        self.principals.iter().filter(|(p, _)| self.granted.binary_search(&p.id.as_str()).is_err())
    }
}

/// Who must decrypt with `key`, and why.
pub(crate) fn needs_of<'d>(model: &Model<'d>, key: &Node) -> Needs<'d> {
    let mut pairs: Vec<(&'d Node, (&'d str, &'d str))> = Vec::new();
    let mut decrypting: Vec<&'d Node> = Vec::new();
    for e in model.incoming_of(key, EdgeKind::EncryptsWith) {
        let purpose = e.text("purpose");
        if let Some(node) = model.source(e) {
            decrypting.clear();
            decryptors_into(model, node, purpose, false, &mut decrypting);
            pairs.extend(decrypting.iter().map(|&p| (p, (e.from.as_str(), purpose))));
        }
    }
    pairs.sort_by(|a, b| a.0.id.cmp(&b.0.id).then(a.1.cmp(&b.1)));
    let mut principals: Vec<(&'d Node, Vec<(&'d str, &'d str)>)> = Vec::new();
    for (p, why) in pairs {
        match principals.last_mut() {
            Some((last, whys)) if last.id == p.id => whys.push(why),
            _ => principals.push((p, vec![why])),
        }
    }
    let mut granted: Vec<&'d str> = model.incoming_of(key, EdgeKind::CanDecrypt).map(|e| e.from.as_str()).collect();
    granted.sort_unstable();
    granted.dedup();
    Needs { principals, granted }
}

/// The principals that must decrypt what `node` holds when it is encrypted for `purpose` with a
/// customer key, sorted by id and without duplicates.
///
/// With `assume_kms`, an S3 bucket counts as SSE-KMS whatever its `sse_algorithm` says: an
/// autofix about to move the bucket to SSE-KMS grants the principals up front.
#[must_use]
pub fn decryptors<'d>(model: &Model<'d>, node: &Node, purpose: &str, assume_kms: bool) -> Vec<&'d Node> {
    let mut out: Vec<&'d Node> = Vec::new();
    decryptors_into(model, node, purpose, assume_kms, &mut out);
    out
}

/// [`decryptors`] into a reused buffer (`out` must be empty): [`needs_of`] asks for every
/// node a key protects.
fn decryptors_into<'d>(model: &Model<'d>, node: &Node, purpose: &str, assume_kms: bool, out: &mut Vec<&'d Node>) {
    each_decryptor(model, node, purpose, assume_kms, |p| out.push(p));
    crate::model::sort_by_id(out);
    out.dedup_by(|a, b| a.id == b.id);
}

/// Calls `f` with each principal that must decrypt what `node` holds, unsorted and possibly
/// more than once (see [`decryptors`]).
fn each_decryptor<'d>(model: &Model<'d>, node: &Node, purpose: &str, assume_kms: bool, mut f: impl FnMut(&'d Node)) {
    let mut principal = |p: &'d Node| {
        if p.kind.spec().caps.principal || p.kind == NodeKind::RedisEcs {
            f(p);
        }
    };
    match (node.kind, purpose) {
        (NodeKind::Secret, "storage") => {
            for e in model.incoming_of(node, EdgeKind::ReadsSecret) {
                if let Some(p) = model.source(e).and_then(|n| model.principal_of(n)) {
                    principal(p);
                }
            }
        }
        (NodeKind::S3Bucket, "storage") if assume_kms || node.text("sse_algorithm").starts_with("aws:kms") => {
            for e in model.incoming_of(node, EdgeKind::Flow) {
                if let Some(p) = model.source(e).and_then(|n| model.principal_of(n)) {
                    principal(p);
                }
            }
        }
        (NodeKind::EcsCluster, "exec") => {
            for e in model.incoming_of(node, EdgeKind::RunsOn) {
                if let Some(s) = model.source(e).filter(|s| s.kind == NodeKind::EcsService) {
                    if s.bool("enable_execute_command") {
                        principal(s);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Whether some principal that must decrypt with `key` has no `can_decrypt` edge to it:
/// [`needs_of`]`(..).missing()` is not empty. Checked without sorting or collecting the
/// reasons, which only a finding needs (most keys are fully granted).
pub(crate) fn has_missing_grant(model: &Model<'_>, key: &Node) -> bool {
    // A grant is matched by node, not by id: both sides are the nodes the model finds for
    // their ids (`source` and `principal_of` only return those), so the same node means the
    // same id, without reading the id strings.
    let granted = || model.incoming_of(key, EdgeKind::CanDecrypt).filter_map(|e| model.source(e));
    let mut missing = false;
    for e in model.incoming_of(key, EdgeKind::EncryptsWith) {
        let Some(node) = model.source(e) else { continue };
        each_decryptor(model, node, e.text("purpose"), false, |p| {
            missing = missing || !granted().any(|g| std::ptr::eq(g, p));
        });
        if missing {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates;

    #[test]
    fn reference_keys_are_fully_granted() {
        let d = templates::reference();
        let m = Model::new(&d);
        let usage = key_usage(&m);
        let ids: Vec<_> = usage.iter().map(|u| u.key.as_str()).collect();
        assert_eq!(ids, ["key-data", "key-exec", "key-logs", "key-secrets"]);
        for u in &usage {
            assert!(u.missing.is_empty(), "{}: {:?}", u.key, u.missing);
        }
        let get = |k: &str| usage.iter().find(|u| u.key == k).unwrap();
        assert_eq!(get("key-exec").must_decrypt, ["web"]);
        assert_eq!(get("key-data").must_decrypt, ["manage", "web", "worker"]);
        assert_eq!(get("key-secrets").must_decrypt, ["beat", "manage", "web", "worker"]);
        assert!(get("key-logs").must_decrypt.is_empty());
        assert!(get("key-exec").protects.contains(&("cluster".into(), "ephemeral_storage".into())));
    }

    #[test]
    fn the_quick_grant_check_agrees_with_the_full_one() {
        let mut designs = vec![templates::reference(), crate::model::tests::odd_design(4)];
        for seed in 0..3 {
            let mut d = crate::synth::generate(400, 3, seed);
            // Drop every third grant so that some keys miss some.
            let mut i = 0;
            d.edges.retain(|e| {
                i += 1;
                e.kind != EdgeKind::CanDecrypt || i % 3 != 0
            });
            designs.push(d);
        }
        let mut missing = 0;
        for d in &designs {
            let m = Model::new(d);
            for key in m.nodes_of(NodeKind::KmsKey) {
                let full = needs_of(&m, key).missing().next().is_some();
                assert_eq!(has_missing_grant(&m, key), full, "{}", key.id);
                missing += usize::from(full);
            }
        }
        assert!(missing > 10, "only {missing} keys miss a grant");
    }

    #[test]
    fn a_missing_grant_is_reported() {
        let mut d = templates::reference();
        d.edges.retain(|e| e.id != "web-can-decrypt-key-exec");
        let m = Model::new(&d);
        let exec = key_usage(&m).into_iter().find(|u| u.key == "key-exec").unwrap();
        assert_eq!(exec.missing, ["web"]);
        // SSE-S3 needs no grant: the bucket no longer asks for one.
        let mut d = templates::reference();
        d.node_mut("media").unwrap().props.insert("sse_algorithm".into(), "AES256".into());
        d.edges.retain(|e| !e.id.contains("can-decrypt-key-data"));
        let m = Model::new(&d);
        let data = key_usage(&m).into_iter().find(|u| u.key == "key-data").unwrap();
        assert!(data.must_decrypt.is_empty() && data.missing.is_empty());
    }
}
