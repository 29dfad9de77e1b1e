use crate::catalog::{EdgeKind, NodeKind};
use crate::finding::{Severity, Target};
use crate::hop::{client_grade, Grade};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// Redis clients on `rediss://` verify the server certificate.
    ///
    /// ## What it checks
    /// Every flow into an `elasticache_redis` or `redis_ecs` node that uses TLS without
    /// verifying the server (`tls = require`).
    ///
    /// ## Why it matters
    /// It is common to "make TLS work" with `rediss://...?ssl_cert_reqs=none` (Celery's
    /// `broker_use_ssl = {"ssl_cert_reqs": ssl.CERT_NONE}`, redis-py `ssl_cert_reqs=None`).
    /// The connection is encrypted, but anyone who can answer on the cache's address gets the
    /// AUTH token and every message. ElastiCache presents an Amazon-issued certificate that
    /// the system trust store verifies, so verification costs nothing there; Redis on ECS needs
    /// its private CA in the client image.
    /// AWS: "Connecting to ElastiCache (Redis OSS) with in-transit encryption".
    ///
    /// ## Example
    /// `CELERY_BROKER_URL = "rediss://:token@host:6379/0?ssl_cert_reqs=none"`.
    ///
    /// ## Fix
    /// Use `ssl_cert_reqs=required` (Celery `broker_use_ssl` and
    /// `redis_backend_use_ssl = {"ssl_cert_reqs": ssl.CERT_REQUIRED}`, Django cache
    /// `OPTIONS = {"ssl_cert_reqs": "required"}`), with the CA bundle for Redis on ECS.
    pub struct RedisClientVerify;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T018",
    name: "redis-client-verify",
    severity: Severity::Warning,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/connect-tls.html",
    scanner_ids: &[],
    fixable: true,
    fix: RedisClientVerify::FIX,
};

impl Rule for RedisClientVerify {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        let caches = model.nodes_of(NodeKind::ElasticacheRedis).chain(model.nodes_of(NodeKind::RedisEcs));
        for redis in caches {
            for flow in model.incoming_of(redis, EdgeKind::Flow) {
                if client_grade(flow.text("tls")) != Grade::Unverified {
                    continue;
                }
                let mut fb = FixBuilder::new(model);
                fb.set_edge(flow, "tls", "verify-full");
                out.push(
                    &META,
                    Target::Edge(flow.id.clone()),
                    format!(
                        "`{}` → `{}` uses rediss:// without verifying the server (ssl_cert_reqs=none): an impostor gets the token and the messages",
                        flow.from, redis.id
                    ),
                    Some(fb.finish(format!("Verify the server certificate (ssl_cert_reqs=required) on `{}`", flow.id))),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::Design;
    use crate::rules::testing::{fixes_itself, flagged};
    use crate::templates::Builder;

    fn design(tls: &str, ecs: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("worker", NodeKind::EcsService, "", (0.0, 0.0), &[]);
        let kind = if ecs { NodeKind::RedisEcs } else { NodeKind::ElasticacheRedis };
        b.node("redis", kind, "", (0.0, 0.0), &[]);
        b.flow("worker", "redis", &[("protocol", "redis".into()), ("tls", tls.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        for ecs in [false, true] {
            for (tls, fails) in [("require", true), ("verify-full", false), ("verify-ca", false), ("disable", false)] {
                assert_eq!(
                    !flagged(&RedisClientVerify, &design(tls, ecs), Options::default()).is_empty(),
                    fails,
                    "{tls} {ecs}"
                );
            }
            fixes_itself(&RedisClientVerify, &design("require", ecs));
        }
    }
}
