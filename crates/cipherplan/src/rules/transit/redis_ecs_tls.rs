use crate::catalog::{EdgeKind, NodeKind};
use crate::finding::{Severity, Target};
use crate::hop::{client_grade, Grade};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// Redis running as an ECS service serves TLS only.
    ///
    /// ## What it checks
    /// Every `redis_ecs` node has `tls = true`: redis-server runs with `--tls-port`, a
    /// certificate and key, and `--port 0` so the plaintext port is closed.
    ///
    /// ## Why it matters
    /// The stock `redis` image listens in plaintext on 6379 with no password. As an ECS service
    /// it is reached across the VPC by every web and worker task, so Celery messages, cached
    /// sessions and results cross the network in the clear. Unlike ElastiCache there is no
    /// managed switch: TLS has to be built into the task (certificates mounted or baked in).
    /// No scanner can see a container's command line. AWS: "ElastiCache in-transit encryption
    /// (TLS)", the managed equivalent and the way out; Redis: "TLS support" (`--tls-port`,
    /// `--tls-cert-file`).
    ///
    /// ## Example
    /// `redis:7` as a Fargate service with the default command, clients on `redis://redis:6379`.
    ///
    /// ## Fix
    /// Run `redis-server --tls-port 6379 --port 0 --tls-cert-file ... --tls-key-file ...
    /// --tls-ca-cert-file ...` (a private CA), and use `rediss://` with certificate verification
    /// in every client. Or move to ElastiCache with transit encryption required.
    pub struct RedisEcsTls;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T012",
    name: "redis-ecs-tls",
    severity: Severity::Error,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html",
    scanner_ids: &[],
    fixable: true,
    fix: RedisEcsTls::FIX,
};

impl Rule for RedisEcsTls {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for redis in model.nodes_of(NodeKind::RedisEcs) {
            if redis.bool("tls") {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            fb.set_node(redis, "tls", true);
            let clients = model.incoming(&redis.id, EdgeKind::Flow);
            for flow in &clients {
                if client_grade(flow.text("tls")) < Grade::Unverified {
                    fb.set_edge(flow, "tls", "verify-full");
                }
            }
            let mut names: Vec<String> = clients.iter().map(|f| format!("`{}`", f.from)).collect();
            names.sort();
            names.dedup();
            let who = if names.is_empty() { String::new() } else { format!(" (clients: {})", names.join(", ")) };
            out.push(
                &META,
                Target::Node(redis.id.clone()),
                format!("`{}` (redis-server on ECS) listens in plaintext{who}", redis.display_name()),
                Some(fb.finish(format!("Run `{}` with --tls-port and --port 0, clients on rediss://", redis.id))),
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

    fn design(tls: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("app", NodeKind::EcsService, "", (0.0, 0.0), &[]);
        b.node("redis", NodeKind::RedisEcs, "", (0.0, 0.0), &[("tls", tls.into())]);
        b.flow("app", "redis", &[("protocol", "redis".into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        assert_eq!(flagged(&RedisEcsTls, &design(false), Options::default()), ["redis"]);
        assert!(flagged(&RedisEcsTls, &design(true), Options::default()).is_empty());
        fixes_itself(&RedisEcsTls, &design(false));
    }
}
