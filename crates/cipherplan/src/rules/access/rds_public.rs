use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// The database has no public address.
    ///
    /// ## What it checks
    /// Every `rds_postgres` node has `publicly_accessible = false`.
    ///
    /// ## Why it matters
    /// A publicly accessible instance gets an internet-resolvable address; only its security
    /// group stands between the database port and every scanner on the internet, and a
    /// `0.0.0.0/0` rule (as in the CDK library's security group) opens it completely. Even
    /// with `rds.force_ssl`, a public endpoint invites password guessing and exposes the
    /// server to every PostgreSQL vulnerability. Operators reach a private database through
    /// the SSM bastion. AWS: "Working with a DB instance in a VPC" (hiding a DB instance from
    /// the internet).
    ///
    /// ## Example
    /// `publicly_accessible = true`.
    ///
    /// ## Fix
    /// Set `publicly_accessible = false`, keep the instance in private subnets, and let its
    /// security group admit only the application's security group.
    pub struct RdsPublic;
}

static META: RuleMeta = RuleMeta {
    code: "CP-A005",
    name: "rds-public",
    severity: Severity::Error,
    area: Area::Access,
    doc_url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html",
    scanner_ids: &["CKV_AWS_17"],
    fixable: true,
    fix: RdsPublic::FIX,
};

impl Rule for RdsPublic {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for rds in model.nodes_of(NodeKind::RdsPostgres) {
            if !rds.bool("publicly_accessible") {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            fb.set_node(rds, "publicly_accessible", false);
            out.push(
                &META,
                Target::Node(rds.id.clone()),
                format!("`{}` is publicly accessible from the internet", rds.display_name()),
                Some(fb.finish(format!("Make `{}` private", rds.id))),
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

    fn design(public: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("db", NodeKind::RdsPostgres, "", (0.0, 0.0), &[("publicly_accessible", public.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        assert_eq!(flagged(&RdsPublic, &design(true), Options::default()), ["db"]);
        assert!(flagged(&RdsPublic, &design(false), Options::default()).is_empty());
        fixes_itself(&RdsPublic, &design(true));
    }
}
