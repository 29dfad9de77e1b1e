use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rest::at_rest;
use crate::rules::fix::{use_cmk, FixBuilder, KeyFinder};
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// EFS file systems are encrypted at rest, with a customer managed key.
    ///
    /// ## What it checks
    /// Every `efs` node has `encrypted = true` (an error otherwise) and an `encrypts_with` edge
    /// to a `kms_key` (a warning otherwise).
    ///
    /// ## Why it matters
    /// An unencrypted file system stores every file, and its backups, in the clear; encryption
    /// can only be chosen at creation (a new file system and a copy are needed later). With
    /// the AWS managed `aws/elasticfilesystem` key anyone allowed to mount reads everything;
    /// a customer key adds a key policy and an audit trail.
    /// AWS: "Encrypting data at rest" in the Amazon EFS user guide.
    ///
    /// ## Example
    /// `aws_efs_file_system` without `encrypted = true`.
    ///
    /// ## Fix
    /// Create the file system with `encrypted = true` and `kms_key_id` set to a customer
    /// managed key, and copy the data over (AWS DataSync).
    pub struct EfsEncrypted;
}

static META: RuleMeta = RuleMeta {
    code: "CP-R006",
    name: "efs-encrypted",
    severity: Severity::Error,
    area: Area::Rest,
    doc_url: "https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html",
    scanner_ids: &["CKV_AWS_42", "CKV_AWS_184"],
    fixable: true,
    fix: EfsEncrypted::FIX,
};

impl Rule for EfsEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        let mut keys = KeyFinder::default();
        for efs in model.nodes_of(NodeKind::Efs) {
            let Some(state) = at_rest(model, efs) else { continue };
            if state.cmk() {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            fb.set_node(efs, "encrypted", true);
            let key = use_cmk(&mut fb, &mut keys, efs, "storage");
            let (severity, what) = if state.encrypted {
                (Severity::Warning, format!("is encrypted with {}, not a customer managed key", state.label))
            } else {
                (Severity::Error, "stores files unencrypted (encrypted = false)".to_owned())
            };
            out.push_at(
                &META,
                severity,
                Target::Node(efs.id.clone()),
                format!("`{}` {what}", efs.display_name()),
                Some(fb.finish(format!("Encrypt `{}` with the customer managed key `{key}`", efs.id))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::EdgeKind;
    use crate::design::Design;
    use crate::rules::testing::{fixes_itself, severities};
    use crate::templates::Builder;

    fn design(encrypted: bool, key: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("files", NodeKind::Efs, "", (0.0, 0.0), &[("encrypted", encrypted.into())]);
        b.node("k", NodeKind::KmsKey, "", (0.0, 0.0), &[]);
        if key {
            b.edge(EdgeKind::EncryptsWith, "files", "k", &[]);
        }
        b.build()
    }

    #[test]
    fn fixtures() {
        for (encrypted, key, expect) in
            [(false, false, Some(Severity::Error)), (true, false, Some(Severity::Warning)), (true, true, None)]
        {
            let got = severities(&EfsEncrypted, &design(encrypted, key), Options::default());
            assert_eq!(got.first().map(|(_, s)| *s), expect, "{encrypted} {key}");
        }
        fixes_itself(&EfsEncrypted, &design(false, false));
    }
}
