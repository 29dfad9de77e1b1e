use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rest::at_rest_flags;
use crate::rules::fix::{use_cmk, FixBuilder, KeyFinder};
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// ElastiCache encrypted at rest uses a customer managed KMS key.
    ///
    /// ## What it checks
    /// Every `elasticache_redis` node that is encrypted at rest has an `encrypts_with` edge to
    /// a `kms_key` (Terraform `kms_key_id`). Caches not encrypted at all are CP-R002's.
    ///
    /// ## Why it matters
    /// Without `kms_key_id`, ElastiCache encrypts with a key AWS owns: you cannot restrict who
    /// uses it, audit its use in CloudTrail, or revoke it by disabling the key. A customer key
    /// puts the data under your key policy (one of the reference design's "key per purpose").
    /// AWS: "At-Rest Encryption in ElastiCache" (using customer managed keys from AWS KMS).
    ///
    /// ## Example
    /// `at_rest_encryption_enabled = true` without `kms_key_id`.
    ///
    /// ## Fix
    /// Set `kms_key_id` to a customer managed key with rotation on (at creation: the key cannot
    /// be added to a running replication group).
    ///
    /// ## Scanner blind spot
    /// checkov checks only `aws_elasticache_replication_group`; a design with
    /// `resource_type = cluster` exports `aws_elasticache_cluster`, which has no encryption
    /// settings at all, so checkov reports nothing there while this rule still does.
    /// (Found by the checkov agreement proof, `tests/iac/main.rs`.)
    pub struct ElasticacheCmk;
}

static META: RuleMeta = RuleMeta {
    code: "CP-R003",
    name: "elasticache-cmk",
    severity: Severity::Warning,
    area: Area::Rest,
    doc_url: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html",
    scanner_ids: &["CKV_AWS_191"],
    fixable: true,
    fix: ElasticacheCmk::FIX,
};

impl Rule for ElasticacheCmk {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        let mut keys = KeyFinder::default();
        for redis in model.nodes_of(NodeKind::ElasticacheRedis) {
            let Some((encrypted, cmk)) = at_rest_flags(model, redis) else { continue };
            if !encrypted || cmk {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            let key = use_cmk(&mut fb, &mut keys, redis, "storage");
            out.push(
                &META,
                Target::Node(redis.id.clone()),
                format!(
                    "`{}` is encrypted at rest with an AWS owned key, not a customer managed one",
                    redis.display_name()
                ),
                Some(fb.finish(format!("Encrypt `{}` with the customer managed key `{key}`", redis.id))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::EdgeKind;
    use crate::design::Design;
    use crate::rules::testing::{fixes_itself, flagged};
    use crate::templates::Builder;

    fn design(at_rest: bool, key: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("redis", NodeKind::ElasticacheRedis, "", (0.0, 0.0), &[("at_rest_encryption_enabled", at_rest.into())]);
        b.node("k", NodeKind::KmsKey, "", (0.0, 0.0), &[]);
        if key {
            b.edge(EdgeKind::EncryptsWith, "redis", "k", &[]);
        }
        b.build()
    }

    #[test]
    fn fixtures() {
        for (at_rest, key, fails) in [(true, false, true), (true, true, false), (false, false, false)] {
            assert_eq!(!flagged(&ElasticacheCmk, &design(at_rest, key), Options::default()).is_empty(), fails);
        }
        fixes_itself(&ElasticacheCmk, &design(true, false));
    }
}
