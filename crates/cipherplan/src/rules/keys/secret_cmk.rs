use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rest::at_rest_flags;
use crate::rules::fix::{use_cmk, FixBuilder, KeyFinder};
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// Secrets Manager secrets are encrypted with a customer managed KMS key.
    ///
    /// ## What it checks
    /// Every `secret` has an `encrypts_with` edge to a `kms_key` (`kms_key_id`), rather than
    /// the default `aws/secretsmanager` key.
    ///
    /// ## Why it matters
    /// With `aws/secretsmanager`, `secretsmanager:GetSecretValue` alone reveals the Django
    /// `SECRET_KEY`, the database password and the Redis token: the AWS managed key's policy
    /// lets any principal in the account use it through Secrets Manager. With a customer key,
    /// reading a secret also needs `kms:Decrypt` on that key, a second, separately audited
    /// gate, and secrets can be shared across accounts.
    /// AWS: "Secret encryption and decryption in AWS Secrets Manager".
    ///
    /// ## Example
    /// `aws_secretsmanager_secret` without `kms_key_id` (the database password in all three
    /// libraries).
    ///
    /// ## Fix
    /// Set `kms_key_id` to a customer managed key and grant `kms:Decrypt` on it to exactly the
    /// task roles that read the secret (see CP-K005).
    pub struct SecretCmk;
}

static META: RuleMeta = RuleMeta {
    code: "CP-K001",
    name: "secret-cmk",
    severity: Severity::Warning,
    area: Area::Keys,
    doc_url: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html",
    scanner_ids: &["CKV_AWS_149"],
    fixable: true,
    fix: SecretCmk::FIX,
};

impl Rule for SecretCmk {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        let mut keys = KeyFinder::default();
        for secret in model.nodes_of(NodeKind::Secret) {
            if at_rest_flags(model, secret).is_some_and(|(_, cmk)| cmk) {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            let key = use_cmk(&mut fb, &mut keys, secret, "storage");
            out.push(
                &META,
                Target::Node(secret.id.clone()),
                format!(
                    "secret `{}` is encrypted with aws/secretsmanager: GetSecretValue alone reveals it",
                    secret.display_name()
                ),
                Some(
                    fb.finish(format!("Encrypt secret `{}` with `{key}` and grant its readers kms:Decrypt", secret.id)),
                ),
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

    fn design(key: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("web", NodeKind::EcsService, "", (0.0, 0.0), &[]);
        b.node("pw", NodeKind::Secret, "", (0.0, 0.0), &[("purpose", "db_password".into())]);
        b.node("k", NodeKind::KmsKey, "", (0.0, 0.0), &[]);
        b.edge(EdgeKind::ReadsSecret, "web", "pw", &[]);
        if key {
            b.edge(EdgeKind::EncryptsWith, "pw", "k", &[]);
        }
        b.build()
    }

    #[test]
    fn fixtures() {
        assert_eq!(flagged(&SecretCmk, &design(false), Options::default()), ["pw"]);
        assert!(flagged(&SecretCmk, &design(true), Options::default()).is_empty());
        fixes_itself(&SecretCmk, &design(false));
        // The new key comes with the reader's grant, so CP-K005 has nothing to add.
        let d = design(false);
        let m = Model::new(&d);
        let mut out = Findings::default();
        SecretCmk.check(&m, &Options::default(), &mut out);
        let mut fixed = d.clone();
        out.items()[0].autofix.as_ref().unwrap().apply(&mut fixed).unwrap();
        let m = Model::new(&fixed);
        assert!(crate::keys::key_usage(&m).iter().all(|u| u.missing.is_empty()));
        assert!(m.can_decrypt("web", "key-secrets"));
    }
}
