use crate::catalog::{EdgeKind, NodeKind};
use crate::design::Patch;
use crate::finding::{Fix, Severity, Target};
use crate::hop::rds_forces_ssl;
use crate::model::Model;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// PostgreSQL clients must connect with `sslmode=verify-full` and the RDS CA bundle.
    ///
    /// ## What it checks
    /// Every flow into an `rds_postgres` node: `tls` (libpq `sslmode`) must be `verify-full`
    /// (or `verify-ca`). `require` is a warning; `disable`, `allow` and `prefer` are errors.
    /// A verifying client that names no CA bundle (`ca_bundle`, libpq `sslrootcert`) is a
    /// warning too: libpq then looks for `~/.postgresql/root.crt` and refuses to connect
    /// without it, since the RDS CAs are not in the system trust store.
    ///
    /// ## Why it matters
    /// `sslmode=require` encrypts but never checks who answers, so an impostor in the path
    /// gets the password. That is why the seed article's connection still worked after the CA
    /// file was removed: `require` never reads it. `allow` and `prefer` fall back to plaintext
    /// when TLS is refused, and `disable` never encrypts; with `rds.force_ssl = 1` a
    /// `disable` client cannot connect at all. Scanners cannot see a client's `sslmode`.
    /// AWS: "Using SSL with a PostgreSQL DB instance" (`sslmode=verify-full`,
    /// `sslrootcert=global-bundle.pem`).
    ///
    /// ## Example
    /// Django `DATABASES["default"]["OPTIONS"] = {"sslmode": "require"}`.
    ///
    /// ## Fix
    /// Set `sslmode=verify-full` and `sslrootcert` to the RDS global bundle
    /// (`global-bundle.pem`, fetched in the Dockerfile) on every client.
    pub struct PgSslmode;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T008",
    name: "pg-sslmode",
    severity: Severity::Error,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html",
    scanner_ids: &[],
    fixable: true,
    fix: PgSslmode::FIX,
};

/// Whether a client `sslmode` falls short of verifying the server.
pub(crate) fn weak_mode(mode: &str) -> bool {
    !matches!(mode, "verify-full" | "verify-ca")
}

impl Rule for PgSslmode {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for rds in model.nodes_of(NodeKind::RdsPostgres) {
            for flow in model.incoming_of(rds, EdgeKind::Flow) {
                let mode = flow.text("tls");
                let (severity, what) = match mode {
                    "verify-full" | "verify-ca" if !flow.text("ca_bundle").is_empty() => continue,
                    "verify-full" | "verify-ca" => (Severity::Warning, "verifies the server but names no CA bundle (sslrootcert): libpq looks for ~/.postgresql/root.crt and refuses to connect without it".to_owned()),
                    "require" => (Severity::Warning, "encrypts but does not verify the server: an impostor database would get the password (the CA bundle is never read)".to_owned()),
                    "disable" if rds_forces_ssl(rds) => (Severity::Error, format!("connects without TLS, and `{}` forces SSL: the connection is refused", rds.id)),
                    "disable" => (Severity::Error, "sends queries and the password in plaintext".to_owned()),
                    _ => (Severity::Error, "falls back to plaintext whenever TLS is refused (downgradable)".to_owned()),
                };
                let mut patches =
                    vec![Patch::SetEdgeProp { edge: flow.id.clone(), prop: "tls".into(), value: "verify-full".into() }];
                if flow.text("ca_bundle").is_empty() {
                    patches.push(Patch::SetEdgeProp {
                        edge: flow.id.clone(),
                        prop: "ca_bundle".into(),
                        value: "global-bundle.pem".into(),
                    });
                }
                out.push_at(
                    &META,
                    severity,
                    Target::Edge(flow.id.clone()),
                    format!("`{}` → `{}` uses sslmode={mode}: it {what}", flow.from, rds.id),
                    Some(Fix {
                        title: format!("Use sslmode=verify-full with global-bundle.pem on `{}`", flow.id),
                        patches,
                    }),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::{Design, Edge, Node};
    use crate::rules::testing::{fixes_itself, flagged};

    fn design_with(mode: &str, bundle: &str) -> Design {
        let mut d = Design::new("t");
        d.nodes.push(Node::new("web", NodeKind::EcsService, "", 0.0, 0.0));
        d.nodes.push(Node::new("db", NodeKind::RdsPostgres, "", 0.0, 0.0));
        let mut e = Edge::new("web-db", EdgeKind::Flow, "web", "db");
        e.props.insert("protocol".into(), "postgresql".into());
        e.props.insert("tls".into(), mode.into());
        if !bundle.is_empty() {
            e.props.insert("ca_bundle".into(), bundle.into());
        }
        d.edges.push(e);
        d
    }

    fn design(mode: &str) -> Design {
        design_with(mode, "global-bundle.pem")
    }

    #[test]
    fn fixtures() {
        for (mode, bundle, expect) in [
            ("disable", "", Some(Severity::Error)),
            ("allow", "", Some(Severity::Error)),
            ("prefer", "global-bundle.pem", Some(Severity::Error)),
            ("require", "global-bundle.pem", Some(Severity::Warning)),
            ("verify-ca", "global-bundle.pem", None),
            ("verify-full", "global-bundle.pem", None),
            ("verify-full", "", Some(Severity::Warning)),
        ] {
            let d = design_with(mode, bundle);
            let model = Model::new(&d);
            let mut out = Findings::default();
            PgSslmode.check(&model, &Options::default(), &mut out);
            assert_eq!(out.items().first().map(|f| f.severity), expect, "sslmode={mode} bundle={bundle:?}");
        }
        assert_eq!(flagged(&PgSslmode, &design("require"), Options::default()), ["web-db"]);
        fixes_itself(&PgSslmode, &design_with("prefer", ""));
        fixes_itself(&PgSslmode, &design_with("verify-full", ""));
    }
}
