use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// RDS storage is encrypted at rest.
    ///
    /// ## What it checks
    /// Every `rds_postgres` node has `storage_encrypted = true`.
    ///
    /// ## Why it matters
    /// Without it the database files, automated backups, snapshots and read replicas are all
    /// stored unencrypted. It can only be chosen when the instance is created: encrypting an
    /// existing database means copying a snapshot with encryption and restoring from it, so
    /// it belongs in the first deployment. CDK's `DatabaseInstance` leaves it off unless told.
    /// AWS: "Encrypting Amazon RDS resources".
    ///
    /// ## Example
    /// `aws_db_instance` without `storage_encrypted` (or `storageEncrypted: false`).
    ///
    /// ## Fix
    /// Set `storage_encrypted = true` with a customer managed key (`kms_key_id`, see CP-R010).
    /// For a running instance: snapshot, copy the snapshot with encryption, restore.
    pub struct RdsStorageEncrypted;
}

static META: RuleMeta = RuleMeta {
    code: "CP-R001",
    name: "rds-storage-encrypted",
    severity: Severity::Error,
    area: Area::Rest,
    doc_url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
    scanner_ids: &["CKV_AWS_16"],
    fixable: true,
    fix: RdsStorageEncrypted::FIX,
};

impl Rule for RdsStorageEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for rds in model.nodes_of(NodeKind::RdsPostgres) {
            if rds.bool("storage_encrypted") {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            fb.set_node(rds, "storage_encrypted", true);
            out.push(
                &META,
                Target::Node(rds.id.clone()),
                format!(
                    "`{}` stores its data, backups and snapshots unencrypted (storage_encrypted = false)",
                    rds.display_name()
                ),
                Some(fb.finish(format!("Encrypt the storage of `{}`", rds.id))),
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

    fn design(encrypted: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("db", NodeKind::RdsPostgres, "", (0.0, 0.0), &[("storage_encrypted", encrypted.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        assert_eq!(flagged(&RdsStorageEncrypted, &design(false), Options::default()), ["db"]);
        assert!(flagged(&RdsStorageEncrypted, &design(true), Options::default()).is_empty());
        fixes_itself(&RdsStorageEncrypted, &design(false));
    }
}
