use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// Customer managed KMS keys rotate their key material automatically.
    ///
    /// ## What it checks
    /// Every `kms_key` has `enable_key_rotation = true`.
    ///
    /// ## Why it matters
    /// Rotation limits how much data one version of key material protects and how long a
    /// compromised version stays useful. It is transparent: KMS keeps old versions to decrypt
    /// old data, key ids and policies do not change, and nothing has to be re-encrypted.
    /// Without it the same material protects the data for the life of the key.
    /// AWS: "Rotate AWS KMS keys".
    ///
    /// ## Example
    /// `aws_kms_key` without `enable_key_rotation = true` (Terraform's default is false).
    ///
    /// ## Fix
    /// Set `enable_key_rotation = true` (yearly by default; `rotation_period_in_days` from 90
    /// to 2560).
    pub struct KmsRotation;
}

static META: RuleMeta = RuleMeta {
    code: "CP-K003",
    name: "kms-rotation",
    severity: Severity::Warning,
    area: Area::Keys,
    doc_url: "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
    scanner_ids: &["CKV_AWS_7"],
    fixable: true,
    fix: KmsRotation::FIX,
};

impl Rule for KmsRotation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for key in model.nodes_of(NodeKind::KmsKey) {
            if key.bool("enable_key_rotation") {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            fb.set_node(key, "enable_key_rotation", true);
            out.push(
                &META,
                Target::Node(key.id.clone()),
                format!("key `{}` never rotates its key material", key.display_name()),
                Some(fb.finish(format!("Enable automatic rotation of `{}`", key.id))),
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

    fn design(rotation: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("k", NodeKind::KmsKey, "", (0.0, 0.0), &[("enable_key_rotation", rotation.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        assert_eq!(flagged(&KmsRotation, &design(false), Options::default()), ["k"]);
        assert!(flagged(&KmsRotation, &design(true), Options::default()).is_empty());
        fixes_itself(&KmsRotation, &design(false));
    }
}
