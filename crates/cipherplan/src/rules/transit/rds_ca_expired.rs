use crate::catalog::{EdgeKind, NodeKind};
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

/// The CA the fix moves to (RSA 2048, the AWS default for new instances).
pub const CURRENT_CA: &str = "rds-ca-rsa2048-g1";
const EXPIRED_CA: &str = "rds-ca-2019";

declare_rule! {
    /// RDS does not use the expired `rds-ca-2019` certificate authority, and clients do not
    /// trust only its root.
    ///
    /// ## What it checks
    /// Every `rds_postgres` node: `ca_cert_identifier` is not `rds-ca-2019`. Every flow into
    /// it: the `ca_bundle` the client verifies with is not the 2019 root
    /// (`rds-ca-2019-root.pem`).
    ///
    /// ## Why it matters
    /// `rds-ca-2019` expired in August 2024. A server certificate chained to it is expired, so
    /// a client that verifies (`sslmode=verify-full`, as it should) refuses to connect, and the
    /// usual "fix" under pressure is to stop verifying. A client that trusts only the 2019 root
    /// cannot verify the current CAs. The seed article's container still carried the 2019
    /// bundle.
    /// AWS: "Using SSL/TLS to encrypt a connection to a DB instance" (certificate rotation,
    /// `rds-ca-rsa2048-g1` and the global bundle).
    ///
    /// ## Example
    /// `ca_cert_identifier = "rds-ca-2019"`, or `sslrootcert=rds-ca-2019-root.pem`.
    ///
    /// ## Fix
    /// Set `ca_cert_identifier = "rds-ca-rsa2048-g1"` (apply during a maintenance window) and
    /// give every client the global bundle (`global-bundle.pem`), which holds all current CAs.
    pub struct RdsCaExpired;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T009",
    name: "rds-ca-expired",
    severity: Severity::Error,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html",
    scanner_ids: &[],
    fixable: true,
    fix: RdsCaExpired::FIX,
};

impl Rule for RdsCaExpired {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for rds in model.nodes_of(NodeKind::RdsPostgres) {
            if rds.text("ca_cert_identifier") == EXPIRED_CA {
                let mut fb = FixBuilder::new(model);
                fb.set_node(rds, "ca_cert_identifier", CURRENT_CA);
                out.push(
                    &META,
                    Target::Node(rds.id.clone()),
                    format!(
                        "`{}` serves a certificate from rds-ca-2019, which expired in August 2024: verifying clients refuse it",
                        rds.display_name()
                    ),
                    Some(fb.finish(format!("Rotate `{}` to {CURRENT_CA}", rds.id))),
                );
            }
            for flow in model.incoming_of(rds, EdgeKind::Flow) {
                if !flow.text("ca_bundle").contains("2019") {
                    continue;
                }
                let mut fb = FixBuilder::new(model);
                fb.set_edge(flow, "ca_bundle", "global-bundle.pem");
                out.push(
                    &META,
                    Target::Edge(flow.id.clone()),
                    format!(
                        "`{}` verifies `{}` with {}, the root of the expired rds-ca-2019",
                        flow.from,
                        rds.id,
                        flow.text("ca_bundle")
                    ),
                    Some(fb.finish(format!("Verify with the RDS global bundle (global-bundle.pem) on `{}`", flow.id))),
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

    fn design(ca: &str, bundle: &str) -> Design {
        let mut b = Builder::new("t", "");
        b.node("app", NodeKind::EcsService, "", (0.0, 0.0), &[]);
        b.node("db", NodeKind::RdsPostgres, "", (0.0, 0.0), &[("ca_cert_identifier", ca.into())]);
        b.flow(
            "app",
            "db",
            &[("protocol", "postgresql".into()), ("tls", "verify-full".into()), ("ca_bundle", bundle.into())],
        );
        b.build()
    }

    #[test]
    fn fixtures() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("rds-ca-2019", "global-bundle.pem", &["db"]),
            ("rds-ca-rsa2048-g1", "rds-ca-2019-root.pem", &["app-db"]),
            ("rds-ca-2019", "rds-ca-2019-root.pem", &["app-db", "db"]),
            ("rds-ca-rsa4096-g1", "global-bundle.pem", &[]),
            ("rds-ca-ecc384-g1", "", &[]),
        ];
        for &(ca, bundle, expect) in cases {
            assert_eq!(flagged(&RdsCaExpired, &design(ca, bundle), Options::default()), expect, "{ca} {bundle}");
        }
        fixes_itself(&RdsCaExpired, &design("rds-ca-2019", "rds-ca-2019-root.pem"));
    }
}
