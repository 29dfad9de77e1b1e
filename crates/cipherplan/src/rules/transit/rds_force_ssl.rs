use crate::catalog::NodeKind;
use crate::design::Patch;
use crate::finding::{Fix, Severity, Target};
use crate::hop::rds_forces_ssl;
use crate::model::Model;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// RDS PostgreSQL must reject connections without TLS (`rds.force_ssl = 1`).
    ///
    /// ## What it checks
    /// Every `rds_postgres` node has `rds.force_ssl = 1` in effect: set in a custom parameter
    /// group, or left at the engine default on PostgreSQL 15 and later (where the default is 1).
    ///
    /// ## Why it matters
    /// Encryption in transit needs the server to refuse plaintext: without it, any client with
    /// `sslmode=disable` (or a misconfigured one) sends credentials and rows in the clear, and
    /// nothing on the server side notices. Before PostgreSQL 15 the default is 0.
    /// AWS: "Using SSL with a PostgreSQL DB instance", Requiring an SSL connection.
    ///
    /// ## Example
    /// `engine_version = "13"` with no parameter group (`rds.force_ssl = "default"`) accepts
    /// plaintext connections.
    ///
    /// ## Fix
    /// Use a parameter group with `rds.force_ssl = 1` (Terraform: `aws_db_parameter_group` with
    /// `parameter { name = "rds.force_ssl" value = "1" }`).
    ///
    /// ## Scanner blind spot
    /// CKV2_AWS_69 passes any instance without a parameter group. With `rds.force_ssl = default`
    /// the export adds none (the engine default applies), so on PostgreSQL < 15, where that
    /// default is 0, checkov stays silent while this rule reports the plaintext risk.
    /// (Found by the checkov agreement proof, `tests/iac/main.rs`.)
    pub struct RdsForceSsl;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T007",
    name: "rds-force-ssl",
    severity: Severity::Error,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html",
    scanner_ids: &["CKV2_AWS_69"],
    fixable: true,
    fix: RdsForceSsl::FIX,
};

impl Rule for RdsForceSsl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for rds in model.nodes_of(NodeKind::RdsPostgres) {
            if rds_forces_ssl(rds) {
                continue;
            }
            let why = if rds.text("rds.force_ssl") == "0" {
                "sets rds.force_ssl = 0".to_owned()
            } else {
                format!("runs PostgreSQL {} whose default is rds.force_ssl = 0", rds.text("engine_version"))
            };
            out.push(
                &META,
                Target::Node(rds.id.clone()),
                format!("`{}` {why}: it accepts connections without TLS", rds.display_name()),
                Some(Fix::one(
                    format!("Set rds.force_ssl = 1 in the parameter group of `{}`", rds.id),
                    Patch::SetNodeProp { node: rds.id.clone(), prop: "rds.force_ssl".into(), value: "1".into() },
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::{Design, Node};
    use crate::rules::testing::{fixes_itself, flagged};

    fn db(version: &str, force: Option<&str>) -> Design {
        let mut d = Design::new("t");
        let mut n = Node::new("db", NodeKind::RdsPostgres, "", 0.0, 0.0);
        n.props.insert("engine_version".into(), version.into());
        if let Some(f) = force {
            n.props.insert("rds.force_ssl".into(), f.into());
        }
        d.nodes.push(n);
        d
    }

    #[test]
    fn fixtures() {
        let cases: &[(&str, Option<&str>, bool)] = &[
            ("13", None, true),
            ("14", Some("default"), true),
            ("13", Some("1"), false),
            ("15", None, false),
            ("16", Some("0"), true),
            ("17", Some("1"), false),
        ];
        for &(version, force, fails) in cases {
            let flagged = flagged(&RdsForceSsl, &db(version, force), Options::default());
            assert_eq!(!flagged.is_empty(), fails, "pg {version} force {force:?}");
        }
        fixes_itself(&RdsForceSsl, &db("13", None));
    }
}
