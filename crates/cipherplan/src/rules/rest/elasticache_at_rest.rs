use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// ElastiCache for Redis encrypts data at rest.
    ///
    /// ## What it checks
    /// Every `elasticache_redis` node is a replication group with
    /// `at_rest_encryption_enabled = true`.
    ///
    /// ## Why it matters
    /// Redis writes snapshots (backups) and swaps to disk; without at-rest encryption those
    /// hold Celery payloads and cached sessions unencrypted. The setting cannot be changed
    /// after creation (a new replication group and a data migration are needed), and
    /// Terraform's `aws_elasticache_cluster` cannot set it at all.
    /// AWS: "At-Rest Encryption in ElastiCache".
    ///
    /// ## Example
    /// `aws_elasticache_cluster` with `cache.t2.micro` (no encryption settings exist there).
    ///
    /// ## Fix
    /// Create an `aws_elasticache_replication_group` with `at_rest_encryption_enabled = true`
    /// (and a customer managed `kms_key_id`, see CP-R003) and move the clients to it.
    ///
    /// ## Scanner blind spot
    /// checkov checks only `aws_elasticache_replication_group`; a design with
    /// `resource_type = cluster` exports `aws_elasticache_cluster`, which has no encryption
    /// settings at all, so checkov reports nothing there while this rule still does.
    /// (Found by the checkov agreement proof, `tests/iac/main.rs`.)
    pub struct ElasticacheAtRest;
}

static META: RuleMeta = RuleMeta {
    code: "CP-R002",
    name: "elasticache-at-rest",
    severity: Severity::Error,
    area: Area::Rest,
    doc_url: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html",
    // Without encryption at rest there is no key either, so CKV_AWS_191 (CMK) fails too.
    scanner_ids: &["CKV_AWS_29", "CKV_AWS_191"],
    fixable: true,
    fix: ElasticacheAtRest::FIX,
};

impl Rule for ElasticacheAtRest {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for redis in model.nodes_of(NodeKind::ElasticacheRedis) {
            let cluster = redis.text("resource_type") == "cluster";
            if redis.bool("at_rest_encryption_enabled") && !cluster {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            if cluster {
                fb.set_node(redis, "resource_type", "replication_group");
            }
            fb.set_node(redis, "at_rest_encryption_enabled", true);
            let what = if cluster {
                "is an aws_elasticache_cluster, which cannot encrypt at rest"
            } else {
                "keeps snapshots and swap unencrypted (at_rest_encryption_enabled = false)"
            };
            out.push(
                &META,
                Target::Node(redis.id.clone()),
                format!("`{}` {what}", redis.display_name()),
                Some(fb.finish(format!(
                    "Recreate `{}` as a replication group with encryption at rest (cannot be changed in place)",
                    redis.id
                ))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::Design;
    use crate::rules::testing::{fixes_itself, flagged};
    use crate::templates::Builder;

    fn design(resource: &str, at_rest: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node(
            "redis",
            NodeKind::ElasticacheRedis,
            "",
            (0.0, 0.0),
            &[("resource_type", resource.into()), ("at_rest_encryption_enabled", at_rest.into())],
        );
        b.build()
    }

    #[test]
    fn fixtures() {
        for (resource, at_rest, fails) in
            [("replication_group", true, false), ("replication_group", false, true), ("cluster", true, true)]
        {
            assert_eq!(!flagged(&ElasticacheAtRest, &design(resource, at_rest), Options::default()).is_empty(), fails);
        }
        fixes_itself(&ElasticacheAtRest, &design("cluster", false));
    }
}
