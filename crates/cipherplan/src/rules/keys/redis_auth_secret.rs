use crate::catalog::{EdgeKind, NodeKind};
use crate::design::Node;
use crate::finding::{Severity, Target};
use crate::model::{IdHashSet, Model};
use crate::rules::fix::{read_secret, ExistingSecret, FixBuilder};
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// The ElastiCache AUTH token lives in Secrets Manager and every client reads it from there.
    ///
    /// ## What it checks
    /// For every `elasticache_redis` with `auth_token_enabled = true`: every principal with a
    /// flow into it reads (`reads_secret`) a `secret` with `purpose = "redis_auth_token"`.
    ///
    /// ## Why it matters
    /// An AUTH token is only as secret as where it is kept. Written into `terraform.tfvars`, a
    /// task definition environment variable or a `CELERY_BROKER_URL` in settings, it sits in
    /// plaintext in state files, the ECS console and the image. In Secrets Manager it is
    /// encrypted with your key and injected at task start; the same secret feeds the
    /// replication group's `auth_token`. AWS: "Authenticating with the Redis AUTH command"
    /// and "Pass Secrets Manager secrets through Amazon ECS environment variables".
    ///
    /// ## Example
    /// `auth_token = var.redis_token` and `REDIS_URL = "rediss://:token@..."` in the task's
    /// plain environment.
    ///
    /// ## Fix
    /// Generate the token into a Secrets Manager secret, set the replication group's
    /// `auth_token` from it, and inject it into every Celery and Django task with `secrets`.
    pub struct RedisAuthSecret;
}

static META: RuleMeta = RuleMeta {
    code: "CP-K007",
    name: "redis-auth-secret",
    severity: Severity::Warning,
    area: Area::Keys,
    doc_url: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html",
    scanner_ids: &[],
    fixable: true,
    fix: RedisAuthSecret::FIX,
};

/// The principals that read a Redis AUTH token secret (directly or through a container),
/// computed once per run from the secrets' side.
fn token_readers<'d>(model: &Model<'d>) -> IdHashSet<&'d str> {
    let mut readers = IdHashSet::default();
    for secret in model.nodes_of(NodeKind::Secret).filter(|s| s.text("purpose") == "redis_auth_token") {
        for e in model.incoming_of(secret, EdgeKind::ReadsSecret) {
            if let Some(p) = model.source(e).and_then(|n| model.principal_of(n)) {
                readers.insert(p.id.as_str());
            }
        }
    }
    readers
}

impl Rule for RedisAuthSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        let mut existing: Option<Option<ExistingSecret<'_>>> = None;
        let mut readers: Option<IdHashSet<&str>> = None;
        for redis in model.nodes_of(NodeKind::ElasticacheRedis) {
            if !redis.bool("auth_token_enabled") {
                continue;
            }
            let mut principals: Vec<&Node> = model
                .incoming_of(redis, EdgeKind::Flow)
                .filter_map(|f| model.source(f).and_then(|n| model.principal_of(n)))
                .collect();
            crate::model::sort_by_id(&mut principals);
            principals.dedup_by(|a, b| a.id == b.id);
            let readers = readers.get_or_insert_with(|| token_readers(model));
            for p in principals {
                if readers.contains(p.id.as_str()) {
                    continue;
                }
                let found = *existing.get_or_insert_with(|| ExistingSecret::find(model, "redis_auth_token"));
                let mut fb = FixBuilder::new(model);
                let secret = read_secret(
                    &mut fb,
                    found,
                    ("redis-auth-token", "Redis AUTH token", "redis_auth_token"),
                    redis,
                    p,
                    "REDIS_AUTH_TOKEN",
                );
                out.push(
                    &META,
                    Target::Node(p.id.clone()),
                    format!(
                        "`{}` connects to `{}`, which requires an AUTH token, but reads no token secret from Secrets Manager",
                        p.id, redis.id
                    ),
                    Some(fb.finish(format!("Inject the Redis AUTH token into `{}` from the secret `{secret}`", p.id))),
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

    fn design(auth: bool, secret: bool, reads: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("web", NodeKind::EcsService, "", (0.0, 0.0), &[]);
        b.node("gunicorn", NodeKind::Container, "", (0.0, 0.0), &[]).inside("web");
        b.node("worker", NodeKind::EcsService, "", (0.0, 0.0), &[("role", "worker".into())]);
        b.node("redis", NodeKind::ElasticacheRedis, "", (0.0, 0.0), &[("auth_token_enabled", auth.into())]);
        if secret {
            b.node("token", NodeKind::Secret, "", (0.0, 0.0), &[("purpose", "redis_auth_token".into())]);
            if reads {
                b.edge(EdgeKind::ReadsSecret, "web", "token", &[]);
            }
        }
        b.flow("gunicorn", "redis", &[("protocol", "redis".into())]);
        b.flow("worker", "redis", &[("protocol", "redis".into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        let cases: &[(bool, bool, bool, &[&str])] = &[
            (false, false, false, &[]),
            (true, false, false, &["web", "worker"]),
            (true, true, true, &["worker"]),
            (true, true, false, &["web", "worker"]),
        ];
        for &(auth, secret, reads, expect) in cases {
            assert_eq!(flagged(&RedisAuthSecret, &design(auth, secret, reads), Options::default()), expect);
        }
        fixes_itself(&RedisAuthSecret, &design(true, false, false));
        fixes_itself(&RedisAuthSecret, &design(true, true, true));
    }
}
