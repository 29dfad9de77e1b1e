use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// Customer managed KMS keys have an explicit key policy without a wildcard principal.
    ///
    /// ## What it checks
    /// Every `kms_key`: `key_policy = "wildcard_principal"` (a statement with `Principal: *`)
    /// is an error; `key_policy = "default"` (no policy given, AWS's default) is a warning.
    ///
    /// ## Why it matters
    /// The key policy is the root of access to everything the key encrypts. `Principal: *`
    /// without tight conditions lets any AWS account use the key. The default policy delegates
    /// everything to IAM in the account (`arn:aws:iam::<account>:root`), so any broad IAM
    /// policy (`kms:*` on `*`) silently grants decryption; an explicit policy names the key
    /// administrators, the roles that use it and the AWS services (logs, ECS, Fargate) that need
    /// grants. AWS: "Key policies in AWS KMS".
    ///
    /// ## Example
    /// `aws_kms_key` without a `policy` argument.
    ///
    /// ## Fix
    /// Write a least-privilege `policy`: administrators by role ARN, `kms:Decrypt` /
    /// `kms:GenerateDataKey` for the task roles that need it, service principals with
    /// `kms:EncryptionContext` or `kms:ViaService` conditions, and no `Principal: *`.
    pub struct KmsPolicy;
}

static META: RuleMeta = RuleMeta {
    code: "CP-K004",
    name: "kms-policy",
    severity: Severity::Warning,
    area: Area::Keys,
    doc_url: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html",
    scanner_ids: &["CKV2_AWS_64", "CKV_AWS_33"],
    fixable: true,
    fix: KmsPolicy::FIX,
};

impl Rule for KmsPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for key in model.nodes_of(NodeKind::KmsKey) {
            let (severity, what) = match key.text("key_policy") {
                "defined" => continue,
                "wildcard_principal" => {
                    (Severity::Error, "has a key policy statement with Principal `*`: any AWS account may use it")
                }
                _ => (Severity::Warning, "has no explicit key policy: any IAM policy in the account can grant its use"),
            };
            let mut fb = FixBuilder::new(model);
            fb.set_node(key, "key_policy", "defined");
            out.push_at(
                &META,
                severity,
                Target::Node(key.id.clone()),
                format!("key `{}` {what}", key.display_name()),
                Some(fb.finish(format!("Give `{}` an explicit least-privilege key policy", key.id))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::Design;
    use crate::rules::testing::{fixes_itself, severities};
    use crate::templates::Builder;

    fn design(policy: &str) -> Design {
        let mut b = Builder::new("t", "");
        b.node("k", NodeKind::KmsKey, "", (0.0, 0.0), &[("key_policy", policy.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        for (policy, expect) in
            [("defined", None), ("default", Some(Severity::Warning)), ("wildcard_principal", Some(Severity::Error))]
        {
            let got = severities(&KmsPolicy, &design(policy), Options::default());
            assert_eq!(got.first().map(|(_, s)| *s), expect, "{policy}");
        }
        fixes_itself(&KmsPolicy, &design("wildcard_principal"));
    }
}
