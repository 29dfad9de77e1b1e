use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// Secrets rotate automatically (recommended).
    ///
    /// ## What it checks
    /// Every `secret` without `rotation_enabled = true`. Info.
    ///
    /// ## Why it matters
    /// Rotation shortens how long a leaked database password or token stays useful. It is an
    /// info, not a warning, because it does not change whether anything is encrypted (the
    /// secret is encrypted at rest and in transit either way) and because rotating has costs
    /// this design cannot see: the database password needs a rotation Lambda or RDS-managed
    /// master credentials, Django's `SECRET_KEY` logs every user out unless the old key moves to
    /// `SECRET_KEY_FALLBACKS`, and the Redis AUTH token needs the ROTATE/SET strategy on
    /// ElastiCache. Checkov treats it as a failure (CKV2_AWS_57); we report it so the choice is
    /// visible. AWS: "Rotate AWS Secrets Manager secrets".
    ///
    /// ## Example
    /// `aws_secretsmanager_secret` without an `aws_secretsmanager_secret_rotation`.
    ///
    /// ## Fix
    /// Add `aws_secretsmanager_secret_rotation` with a rotation function (for RDS, prefer
    /// `manage_master_user_password = true`, which rotates for you).
    pub struct SecretRotation;
}

static META: RuleMeta = RuleMeta {
    code: "CP-K006",
    name: "secret-rotation",
    severity: Severity::Info,
    area: Area::Keys,
    doc_url: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html",
    scanner_ids: &["CKV2_AWS_57"],
    fixable: true,
    fix: SecretRotation::FIX,
};

impl Rule for SecretRotation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for secret in model.nodes_of(NodeKind::Secret) {
            if secret.bool("rotation_enabled") {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            fb.set_node(secret, "rotation_enabled", true);
            out.push(
                &META,
                Target::Node(secret.id.clone()),
                format!("secret `{}` is never rotated", secret.display_name()),
                Some(fb.finish(format!("Rotate secret `{}` automatically", secret.id))),
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
        b.node("pw", NodeKind::Secret, "", (0.0, 0.0), &[("rotation_enabled", rotation.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        assert_eq!(flagged(&SecretRotation, &design(false), Options::default()), ["pw"]);
        assert!(flagged(&SecretRotation, &design(true), Options::default()).is_empty());
        fixes_itself(&SecretRotation, &design(false));
    }
}
