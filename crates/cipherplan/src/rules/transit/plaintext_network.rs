use crate::catalog::{EdgeKind, NodeKind};
use crate::finding::{Severity, Target};
use crate::hop::{assess_between, Grade};
use crate::model::Model;
use crate::rules::fix::{target_tls, FixBuilder};
use crate::rules::transit::specific_owner;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// No other flow crosses a network in plaintext or with downgradable TLS.
    ///
    /// ## What it checks
    /// Every flow whose assessed grade (client `tls` mode combined with what the server
    /// offers, see `hop::assess`) is plaintext or downgradable, that is not on one task's
    /// loopback interface, and whose weakness no more specific rule already reports. The
    /// specific rules own their flows: the ALB's listeners and policy (CP-T001..T003), ALB to
    /// task (CP-T004), task to task (CP-T006), PostgreSQL `sslmode` (CP-T008), ElastiCache
    /// (CP-T010), Redis on ECS (CP-T012), TLS versions (CP-T014), CloudFront (CP-T016) and EFS
    /// (CP-T017). What is left, this rule reports once: typically a client that does not ask
    /// for TLS towards a server that offers it (`redis://` to a TLS-only ElastiCache,
    /// `http://` to the load balancer, a bastion's tool with `tls = disable`).
    ///
    /// ## Why it matters
    /// "Fully encrypted" holds only if every hop is. A single plaintext hop anywhere exposes
    /// what travels on it, and a downgradable one (`allow`, `prefer`) falls back to plaintext
    /// the moment an attacker refuses TLS. No scanner sees a client's connection settings.
    /// AWS: "Encryption in transit" in the AWS Well-Architected security pillar (SEC09).
    ///
    /// ## Example
    /// `CELERY_BROKER_URL = "redis://..."` against ElastiCache with transit encryption on.
    ///
    /// ## Fix
    /// Make the client require TLS and verify the server (`rediss://` with
    /// `ssl_cert_reqs=required`, `https://`, `sslmode=verify-full`), with the server listening
    /// on TLS.
    pub struct PlaintextNetwork;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T015",
    name: "plaintext-network",
    severity: Severity::Error,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/sec_protect_data_transit_encrypt.html",
    scanner_ids: &[],
    fixable: true,
    fix: PlaintextNetwork::FIX,
};

impl Rule for PlaintextNetwork {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for flow in model.edges_of(EdgeKind::Flow) {
            let (Some(from), Some(to)) = (model.source(flow), model.target(flow)) else { continue };
            // Flows into RDS and EFS are never this rule's: a weak client mode is CP-T008's or
            // CP-T017's, and with a verifying client only the TLS version can be weak (CP-T014).
            if matches!(to.kind, NodeKind::RdsPostgres | NodeKind::Efs) {
                continue;
            }
            // Both ends are the model's own: borrow the cached assessment instead of cloning it.
            let fresh;
            let hop = match model.hop(flow) {
                Some(hop) => hop,
                None => {
                    fresh = assess_between(model, flow, Some(from), Some(to));
                    &fresh
                }
            };
            if hop.loopback || hop.grade >= Grade::Unverified || specific_owner(model, flow).is_some() {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            // Load balancers never verify their targets: `require` is the most they can do.
            let mode = if from.kind == NodeKind::Alb { "require" } else { "verify-full" };
            fb.set_edge(flow, "tls", mode);
            if flow.text("protocol") == "http" && flow.int("port") == 80 {
                fb.set_edge(flow, "port", 443);
            }
            target_tls(&mut fb, flow, to, "private_ca");
            let state = if hop.grade == Grade::Plaintext { "plaintext" } else { "downgradable to plaintext" };
            out.push(
                &META,
                Target::Edge(flow.id.clone()),
                format!("`{}` → `{}` ({}) is {state}: {}", from.id, to.id, hop.protocol, hop.reason),
                Some(fb.finish(format!("Require TLS with certificate verification on `{}`", flow.id))),
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

    /// A TLS-only ElastiCache and a bastion reaching an RDS instance, with the given client modes.
    fn design(redis_tls: &str, bastion_tls: &str, transit: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("worker", NodeKind::EcsService, "", (0.0, 0.0), &[]);
        b.node("bastion", NodeKind::Bastion, "", (0.0, 0.0), &[]);
        b.node(
            "redis",
            NodeKind::ElasticacheRedis,
            "",
            (0.0, 0.0),
            &[("transit_encryption_enabled", transit.into()), ("transit_encryption_mode", "required".into())],
        );
        b.node("media", NodeKind::S3Bucket, "", (0.0, 0.0), &[]);
        b.flow("worker", "redis", &[("protocol", "redis".into()), ("tls", redis_tls.into())]);
        b.flow("bastion", "media", &[("protocol", "http".into()), ("port", 80.into()), ("tls", bastion_tls.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        let cases: &[(&str, &str, bool, &[&str])] = &[
            ("verify-full", "verify-full", true, &[]),
            ("disable", "verify-full", true, &["worker-redis"]),
            ("prefer", "allow", true, &["bastion-media", "worker-redis"]),
            // Unverified is encrypted: CP-T018 asks for verification, not this rule.
            ("require", "require", true, &[]),
            // No transit encryption on the server: CP-T010's finding, not this one.
            ("disable", "verify-full", false, &[]),
        ];
        for &(redis_tls, bastion_tls, transit, expect) in cases {
            assert_eq!(
                flagged(&PlaintextNetwork, &design(redis_tls, bastion_tls, transit), Options::default()),
                expect
            );
        }
        fixes_itself(&PlaintextNetwork, &design("disable", "disable", true));
    }

    #[test]
    fn loopback_and_owned_flows_are_left_to_their_rules() {
        let d = crate::templates::reference();
        assert!(flagged(&PlaintextNetwork, &d, Options::default()).is_empty(), "nginx → gunicorn is CP-T005's");
        let d = crate::templates::template("django-baseline").map(|t| (t.build)()).unwrap();
        let m = Model::new(&d);
        for id in flagged(&PlaintextNetwork, &d, Options::default()) {
            let flow = d.edge(&id).unwrap();
            assert_eq!(specific_owner(&m, flow), None, "{id}");
        }
    }
}
