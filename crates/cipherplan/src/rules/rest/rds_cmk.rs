use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rest::{at_rest, at_rest_flags};
use crate::rules::fix::{use_cmk, FixBuilder, KeyFinder};
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// RDS storage is encrypted with a customer managed KMS key.
    ///
    /// ## What it checks
    /// Every `rds_postgres` node with `storage_encrypted = true` has an `encrypts_with` edge to
    /// a `kms_key` (`kms_key_id`). Unencrypted instances are CP-R001's.
    ///
    /// ## Why it matters
    /// Without `kms_key_id`, RDS uses the AWS managed `aws/rds` key: its policy lets every
    /// principal in the account use it through RDS, it cannot be shared, so encrypted
    /// snapshots cannot be copied to another account, and you cannot disable it. A customer
    /// key puts the database under your own key policy. Like encryption itself, the key is
    /// fixed at creation.
    /// AWS: "Encrypting Amazon RDS resources" (AWS KMS key management).
    ///
    /// ## Example
    /// `storage_encrypted = true` without `kms_key_id` (the Terraform library).
    ///
    /// ## Fix
    /// Set `kms_key_id` to a customer managed key with rotation on; for a running instance,
    /// copy a snapshot with the new key and restore it.
    pub struct RdsCmk;
}

static META: RuleMeta = RuleMeta {
    code: "CP-R010",
    name: "rds-cmk",
    severity: Severity::Warning,
    area: Area::Rest,
    doc_url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.Keys.html",
    scanner_ids: &[],
    fixable: true,
    fix: RdsCmk::FIX,
};

impl Rule for RdsCmk {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        let mut keys = KeyFinder::default();
        for rds in model.nodes_of(NodeKind::RdsPostgres) {
            // The flags settle most databases; the label is built only for a finding.
            if !at_rest_flags(model, rds).is_some_and(|(encrypted, cmk)| encrypted && !cmk) {
                continue;
            }
            let Some(state) = at_rest(model, rds) else { continue };
            let mut fb = FixBuilder::new(model);
            let key = use_cmk(&mut fb, &mut keys, rds, "storage");
            out.push(
                &META,
                Target::Node(rds.id.clone()),
                format!("`{}` is encrypted with the {}, not a customer managed key", rds.display_name(), state.label),
                Some(fb.finish(format!("Encrypt `{}` with the customer managed key `{key}`", rds.id))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::EdgeKind;
    use crate::design::Design;
    use crate::rules::testing::{fixes_itself, flagged};
    use crate::templates::Builder;

    fn design(encrypted: bool, key: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("db", NodeKind::RdsPostgres, "", (0.0, 0.0), &[("storage_encrypted", encrypted.into())]);
        b.node("k", NodeKind::KmsKey, "", (0.0, 0.0), &[]);
        if key {
            b.edge(EdgeKind::EncryptsWith, "db", "k", &[]);
        }
        b.build()
    }

    #[test]
    fn fixtures() {
        for (encrypted, key, fails) in
            [(true, false, true), (true, true, false), (false, false, false), (false, true, false)]
        {
            assert_eq!(!flagged(&RdsCmk, &design(encrypted, key), Options::default()).is_empty(), fails);
        }
        fixes_itself(&RdsCmk, &design(true, false));
    }
}
