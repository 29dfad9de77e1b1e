use crate::catalog::{EdgeKind, NodeKind};
use crate::design::Node;
use crate::finding::{Severity, Target};
use crate::hop::{client_grade, Grade};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// ElastiCache for Redis encrypts in transit and accepts only TLS connections.
    ///
    /// ## What it checks
    /// Every `elasticache_redis` node is a replication group (`resource_type`) with
    /// `transit_encryption_enabled = true` and `transit_encryption_mode = "required"`.
    ///
    /// ## Why it matters
    /// Redis carries Celery task payloads and Django's cache and sessions. Without transit
    /// encryption every command and value crosses the VPC in plaintext. Mode `preferred`
    /// still accepts plaintext clients (it exists only to migrate a running cluster), and
    /// Terraform's `aws_elasticache_cluster` resource cannot enable transit encryption for
    /// Redis at all: it takes `aws_elasticache_replication_group`. Transit encryption of an
    /// existing cluster needs the `preferred` → `required` migration.
    /// AWS: "ElastiCache in-transit encryption (TLS)".
    ///
    /// ## Example
    /// `aws_elasticache_cluster` with `cache.t2.micro` and no encryption settings, clients on
    /// `redis://`.
    ///
    /// ## Fix
    /// Use `aws_elasticache_replication_group` with `transit_encryption_enabled = true` and
    /// `transit_encryption_mode = "required"`, and switch every client to `rediss://`
    /// (Celery broker and result backend, Django cache).
    ///
    /// ## Scanner blind spot
    /// checkov checks only `aws_elasticache_replication_group`; a design with
    /// `resource_type = cluster` exports `aws_elasticache_cluster`, which has no encryption
    /// settings at all, so checkov reports nothing there while this rule still does.
    /// (Found by the checkov agreement proof, `tests/iac/main.rs`.)
    pub struct ElasticacheTransit;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T010",
    name: "elasticache-transit",
    severity: Severity::Error,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html",
    scanner_ids: &["CKV_AWS_30"],
    fixable: true,
    fix: ElasticacheTransit::FIX,
};

/// Whether the cache accepts plaintext connections.
pub(crate) fn flags(redis: &Node) -> bool {
    redis.text("resource_type") == "cluster"
        || !redis.bool("transit_encryption_enabled")
        || redis.text("transit_encryption_mode") != "required"
}

/// Patches that make `redis` TLS-only and move its plaintext clients to verified `rediss://`.
pub(crate) fn require_tls(fb: &mut FixBuilder<'_, '_>, redis: &Node) {
    let model = fb.model();
    if redis.text("resource_type") == "cluster" {
        fb.set_node(redis, "resource_type", "replication_group");
    }
    fb.set_node(redis, "transit_encryption_enabled", true);
    fb.set_node(redis, "transit_encryption_mode", "required");
    for flow in model.incoming_of(redis, EdgeKind::Flow) {
        if client_grade(flow.text("tls")) < Grade::Unverified {
            fb.set_edge(flow, "tls", "verify-full");
        }
    }
}

impl Rule for ElasticacheTransit {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for redis in model.nodes_of(NodeKind::ElasticacheRedis) {
            if !flags(redis) {
                continue;
            }
            let what = if redis.text("resource_type") == "cluster" {
                "is an aws_elasticache_cluster, which cannot encrypt Redis traffic in transit".to_owned()
            } else if !redis.bool("transit_encryption_enabled") {
                "has no transit encryption: commands and values cross the VPC in plaintext".to_owned()
            } else {
                "uses transit_encryption_mode = preferred, so it still accepts plaintext clients".to_owned()
            };
            let mut plaintext: Vec<String> = model
                .incoming(&redis.id, EdgeKind::Flow)
                .iter()
                .filter(|f| client_grade(f.text("tls")) < Grade::Unverified)
                .map(|f| format!("`{}`", f.from))
                .collect();
            // Messages do not depend on the order of the design file.
            plaintext.sort();
            plaintext.dedup();
            let clients = if plaintext.is_empty() {
                String::new()
            } else {
                format!(" (clients on redis://: {})", plaintext.join(", "))
            };
            let mut fb = FixBuilder::new(model);
            require_tls(&mut fb, redis);
            out.push(
                &META,
                Target::Node(redis.id.clone()),
                format!("`{}` {what}{clients}", redis.display_name()),
                Some(fb.finish(format!(
                    "Make `{}` a replication group with transit encryption required, and its clients use rediss://",
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

    fn design(resource: &str, transit: bool, mode: &str) -> Design {
        let mut b = Builder::new("t", "");
        b.node("app", NodeKind::EcsService, "", (0.0, 0.0), &[]);
        b.node(
            "redis",
            NodeKind::ElasticacheRedis,
            "",
            (0.0, 0.0),
            &[
                ("resource_type", resource.into()),
                ("transit_encryption_enabled", transit.into()),
                ("transit_encryption_mode", mode.into()),
            ],
        );
        b.flow("app", "redis", &[("protocol", "redis".into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        for (resource, transit, mode, fails) in [
            ("replication_group", true, "required", false),
            ("replication_group", true, "preferred", true),
            ("replication_group", false, "required", true),
            ("cluster", true, "required", true),
        ] {
            assert_eq!(
                !flagged(&ElasticacheTransit, &design(resource, transit, mode), Options::default()).is_empty(),
                fails,
                "{resource} {transit} {mode}"
            );
        }
        let d = design("cluster", false, "preferred");
        fixes_itself(&ElasticacheTransit, &d);
        let model = Model::new(&d);
        let mut out = Findings::default();
        ElasticacheTransit.check(&model, &Options::default(), &mut out);
        let mut fixed = d.clone();
        out.items()[0].autofix.as_ref().unwrap().apply(&mut fixed).unwrap();
        assert_eq!(fixed.edge("app-redis").unwrap().text("tls"), "verify-full", "clients move to rediss://");
    }
}
