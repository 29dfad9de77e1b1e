use crate::catalog::{EdgeKind, NodeKind};
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::transit::elasticache_transit;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// ElastiCache for Redis requires an AUTH token (over TLS).
    ///
    /// ## What it checks
    /// Every `elasticache_redis` node has `auth_token_enabled = true`.
    ///
    /// ## Why it matters
    /// Without AUTH, anything that can open a TCP connection to the cache in the VPC can read
    /// every Celery message and cached session, and write into them. TLS alone protects the
    /// bytes on the wire, not who connects. ElastiCache accepts an AUTH token only with transit
    /// encryption on, which is why scanners check both together.
    /// AWS: "Authenticating with the Redis AUTH command".
    ///
    /// ## Example
    /// A replication group with `transit_encryption_enabled = true` and no `auth_token`.
    ///
    /// ## Fix
    /// Set `auth_token` (from a Secrets Manager secret, see CP-K007) on the replication group,
    /// keep transit encryption required, and pass the token in the clients' `rediss://` URLs.
    ///
    /// ## Scanner blind spot
    /// checkov checks only `aws_elasticache_replication_group`; a design with
    /// `resource_type = cluster` exports `aws_elasticache_cluster`, which has no encryption
    /// settings at all, so checkov reports nothing there while this rule still does.
    /// (Found by the checkov agreement proof, `tests/iac/main.rs`.)
    pub struct ElasticacheAuthToken;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T011",
    name: "elasticache-auth-token",
    severity: Severity::Warning,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html",
    scanner_ids: &["CKV_AWS_31"],
    fixable: true,
    fix: ElasticacheAuthToken::FIX,
};

impl Rule for ElasticacheAuthToken {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for redis in model.nodes_of(NodeKind::ElasticacheRedis) {
            if redis.bool("auth_token_enabled") {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            // AUTH needs TLS on ElastiCache, so the fix brings TLS along when it is missing.
            if elasticache_transit::flags(redis) {
                elasticache_transit::require_tls(&mut fb, redis);
            }
            fb.set_node(redis, "auth_token_enabled", true);
            for flow in model.incoming_of(redis, EdgeKind::Flow) {
                fb.set_edge(flow, "auth", "token");
            }
            out.push(
                &META,
                Target::Node(redis.id.clone()),
                format!(
                    "`{}` accepts connections without an AUTH token: anything in the VPC can read and write it",
                    redis.display_name()
                ),
                Some(fb.finish(format!("Require an AUTH token (over TLS) on `{}` and its clients", redis.id))),
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

    fn design(auth: bool, transit: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("app", NodeKind::EcsService, "", (0.0, 0.0), &[]);
        b.node(
            "redis",
            NodeKind::ElasticacheRedis,
            "",
            (0.0, 0.0),
            &[("auth_token_enabled", auth.into()), ("transit_encryption_enabled", transit.into())],
        );
        b.flow("app", "redis", &[("protocol", "redis".into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        for (auth, transit, fails) in [(true, true, false), (false, true, true), (false, false, true)] {
            assert_eq!(!flagged(&ElasticacheAuthToken, &design(auth, transit), Options::default()).is_empty(), fails);
        }
        fixes_itself(&ElasticacheAuthToken, &design(false, false));
        // The fix brings TLS along, so CP-T010 is satisfied too.
        let d = design(false, false);
        let model = Model::new(&d);
        let mut out = Findings::default();
        ElasticacheAuthToken.check(&model, &Options::default(), &mut out);
        let mut fixed = d.clone();
        out.items()[0].autofix.as_ref().unwrap().apply(&mut fixed).unwrap();
        assert!(!elasticache_transit::flags(fixed.node("redis").unwrap()));
        assert_eq!(fixed.edge("app-redis").unwrap().text("auth"), "token");
    }
}
