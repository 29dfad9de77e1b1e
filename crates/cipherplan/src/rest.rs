//! Encryption at rest of one store: whether it is encrypted and with what kind of key.
//!
//! Rules, the summary figures, the report's store table and the canvas badges (CMK,
//! AWS-managed, none) all read this one assessment.

use crate::catalog::NodeKind;
use crate::design::Node;
use crate::model::Model;
use serde::Serialize;

/// Who holds the key a store is encrypted with.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "type", content = "key", rename_all = "snake_case")]
pub enum KeyHolder {
    /// Not encrypted.
    None,
    /// Encrypted with a key AWS owns and manages (SSE-S3, ElastiCache/Fargate defaults).
    AwsOwned,
    /// Encrypted with the AWS managed KMS key of the service (`aws/rds`, `aws/secretsmanager`, ...).
    AwsManaged,
    /// Encrypted with a customer managed KMS key (node id).
    Customer(String),
}

/// The at-rest assessment of a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AtRest {
    /// Whether data at rest is encrypted.
    pub encrypted: bool,
    /// With what key.
    pub key: KeyHolder,
    /// Short text for tables and badges (`CMK key-data`, `AWS managed (aws/rds)`, `none`).
    pub label: String,
}

impl AtRest {
    /// Encrypted with a customer managed key.
    #[must_use]
    pub fn cmk(&self) -> bool {
        matches!(self.key, KeyHolder::Customer(_))
    }
}

/// The at-rest assessment of `node`, or `None` when the node holds no data at rest.
#[must_use]
pub fn at_rest(model: &Model<'_>, node: &Node) -> Option<AtRest> {
    let (encrypted, key) = holder(model, node)?;
    let (key, label) = match key {
        Holder::None => (KeyHolder::None, "none".to_owned()),
        Holder::AwsOwned(Some(label)) => (KeyHolder::AwsOwned, label.to_owned()),
        Holder::AwsOwned(None) => (KeyHolder::AwsOwned, "AWS owned key".to_owned()),
        Holder::AwsManaged => (KeyHolder::AwsManaged, format!("AWS managed key ({})", managed_alias(node.kind))),
        Holder::Customer(k) => (KeyHolder::Customer(k.to_owned()), format!("CMK {k}")),
    };
    Some(AtRest { encrypted, key, label })
}

/// `(encrypted, on a customer managed key)` of a store, as [`at_rest`] would say, without
/// building its texts (the summary and rules ask this of every store).
#[must_use]
pub(crate) fn at_rest_flags(model: &Model<'_>, node: &Node) -> Option<(bool, bool)> {
    holder(model, node).map(|(encrypted, key)| (encrypted, matches!(key, Holder::Customer(_))))
}

/// [`KeyHolder`] borrowing the key id; `AwsOwned` may carry a fixed label.
enum Holder<'d> {
    None,
    AwsOwned(Option<&'static str>),
    AwsManaged,
    Customer(&'d str),
}

fn holder<'d>(model: &Model<'d>, node: &Node) -> Option<(bool, Holder<'d>)> {
    if !node.kind.spec().caps.store {
        return None;
    }
    let cmk = || model.key_of_node(node, "storage").map(|k| k.id.as_str());
    let with = |encrypted: bool, managed: Holder<'d>| -> (bool, Holder<'d>) {
        let key = match (encrypted, cmk()) {
            (false, _) => Holder::None,
            (true, Some(k)) => Holder::Customer(k),
            (true, None) => managed,
        };
        (encrypted, key)
    };
    Some(match node.kind {
        NodeKind::RdsPostgres => with(node.bool("storage_encrypted"), Holder::AwsManaged),
        NodeKind::ElasticacheRedis => with(
            node.bool("at_rest_encryption_enabled") && node.text("resource_type") != "cluster",
            Holder::AwsOwned(None),
        ),
        NodeKind::S3Bucket => match node.text("sse_algorithm") {
            "AES256" => (true, Holder::AwsOwned(Some("SSE-S3 (AES256)"))),
            _ => with(true, Holder::AwsManaged),
        },
        NodeKind::Efs => with(node.bool("encrypted"), Holder::AwsManaged),
        NodeKind::EcrRepository => match node.text("encryption_type") {
            "KMS" => with(true, Holder::AwsManaged),
            _ => (true, Holder::AwsOwned(Some("AES256 (S3-managed)"))),
        },
        // Secrets are always encrypted; without a CMK, with aws/secretsmanager.
        NodeKind::Secret => with(true, Holder::AwsManaged),
        // Log groups are always encrypted by CloudWatch; a CMK is what the rules ask for.
        NodeKind::LogGroup => with(true, Holder::AwsOwned(None)),
        // Redis in a Fargate task keeps data in memory and on Fargate ephemeral storage,
        // which is AES-256 encrypted by default.
        NodeKind::RedisEcs => (true, Holder::AwsOwned(Some("Fargate ephemeral storage (AES-256)"))),
        _ => with(false, Holder::None),
    })
}

fn managed_alias(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::RdsPostgres => "aws/rds",
        NodeKind::S3Bucket => "aws/s3",
        NodeKind::Efs => "aws/elasticfilesystem",
        NodeKind::EcrRepository => "aws/ecr",
        NodeKind::Secret => "aws/secretsmanager",
        NodeKind::ElasticacheRedis => "aws/elasticache",
        _ => "aws managed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates;

    fn store_labels(name: &str) -> Vec<(String, String)> {
        let d = (templates::template(name).unwrap().build)();
        let m = Model::new(&d);
        d.nodes.iter().filter_map(|n| at_rest(&m, n).map(|a| (n.id.clone(), a.label))).collect()
    }

    #[test]
    fn reference_stores_are_on_customer_keys() {
        for (id, label) in store_labels("django-encrypted") {
            assert!(label.starts_with("CMK "), "{id}: {label}");
        }
    }

    #[test]
    fn baseline_stores_use_aws_defaults() {
        let labels = store_labels("django-baseline");
        let get = |id: &str| labels.iter().find(|(i, _)| i == id).map(|(_, l)| l.as_str()).unwrap();
        assert_eq!(get("db"), "none");
        assert_eq!(get("redis"), "none");
        assert_eq!(get("media"), "SSE-S3 (AES256)");
        assert_eq!(get("db-password"), "AWS managed key (aws/secretsmanager)");
    }
}
