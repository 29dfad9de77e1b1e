use crate::catalog::{EdgeKind, NodeKind};
use crate::design::Edge;
use crate::finding::{Severity, Target};
use crate::hop::{client_grade, Grade};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// EFS file systems are mounted with TLS.
    ///
    /// ## What it checks
    /// Every flow into an `efs` node (an NFS mount): `tls` is `verify-full` (or `verify-ca`).
    /// `require` (TLS without checking the server certificate) is a warning; `disable`,
    /// `allow` and `prefer` are errors.
    ///
    /// ## Why it matters
    /// NFS itself is plaintext. EFS encrypts in transit only when the client mounts through
    /// the EFS mount helper with `-o tls` (stunnel), or the ECS task definition sets
    /// `transitEncryption = ENABLED` on the EFS volume; otherwise file contents cross the VPC
    /// in the clear. The mount helper verifies the server certificate unless told not to.
    /// AWS: "Encrypting data in transit" in the Amazon EFS user guide.
    ///
    /// ## Example
    /// An ECS task definition EFS volume without `transit_encryption = "ENABLED"`.
    ///
    /// ## Fix
    /// Mount with `mount -t efs -o tls,iam` (amazon-efs-utils), or set
    /// `transit_encryption = "ENABLED"` (and IAM authorization) on the task's EFS volume.
    pub struct EfsTls;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T017",
    name: "efs-tls",
    severity: Severity::Error,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/efs/latest/ug/encryption-in-transit.html",
    scanner_ids: &["CKV_AWS_97"],
    fixable: true,
    fix: EfsTls::FIX,
};

/// Whether a mount of EFS does not verify TLS.
pub(crate) fn flags(flow: &Edge) -> bool {
    !matches!(flow.text("tls"), "verify-full" | "verify-ca")
}

impl Rule for EfsTls {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for efs in model.nodes_of(NodeKind::Efs) {
            for flow in model.incoming_of(efs, EdgeKind::Flow) {
                if !flags(flow) {
                    continue;
                }
                let mode = flow.text("tls");
                let (severity, what) = if client_grade(mode) == Grade::Unverified {
                    (Severity::Warning, "mounts with TLS but does not verify the server certificate")
                } else {
                    (Severity::Error, "mounts over plain NFS: file contents cross the VPC unencrypted")
                };
                let mut fb = FixBuilder::new(model);
                fb.set_edge(flow, "tls", "verify-full");
                out.push_at(
                    &META,
                    severity,
                    Target::Edge(flow.id.clone()),
                    format!("`{}` → `{}` {what} (tls = {mode})", flow.from, efs.id),
                    Some(fb.finish(format!("Mount `{}` with the EFS mount helper's TLS (-o tls,iam)", efs.id))),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::Design;
    use crate::rules::testing::{fixes_itself, severities};
    use crate::templates::Builder;

    fn design(tls: &str) -> Design {
        let mut b = Builder::new("t", "");
        b.node("app", NodeKind::EcsService, "", (0.0, 0.0), &[]);
        b.node("files", NodeKind::Efs, "", (0.0, 0.0), &[]);
        b.flow("app", "files", &[("protocol", "nfs".into()), ("port", 2049.into()), ("tls", tls.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        for (tls, expect) in [
            ("disable", Some(Severity::Error)),
            ("prefer", Some(Severity::Error)),
            ("require", Some(Severity::Warning)),
            ("verify-ca", None),
            ("verify-full", None),
        ] {
            let got = severities(&EfsTls, &design(tls), Options::default());
            assert_eq!(got.first().map(|(_, s)| *s), expect, "{tls}");
        }
        fixes_itself(&EfsTls, &design("disable"));
    }
}
