use crate::catalog::{EdgeKind, NodeKind};
use crate::finding::{Severity, Target};
use crate::keys::{has_missing_grant, needs_of};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};
use std::fmt::Write as _;

declare_rule! {
    /// Every principal that must decrypt with a customer managed key is allowed to.
    ///
    /// ## What it checks
    /// For every `kms_key` (see `keys::key_usage`): each principal that reads a secret on the
    /// key, reaches over a flow an S3 bucket with SSE-KMS on the key, or has ECS Exec enabled on
    /// a cluster whose Exec sessions use the key, has a `can_decrypt` edge to the key (its IAM
    /// role holds `kms:Decrypt`).
    ///
    /// ## Why it matters
    /// Encrypting with a customer key is only half the work: without the grant the application
    /// fails at run time with `AccessDeniedException` (a task that cannot start because its
    /// secrets cannot be decrypted, uploads that fail, an ECS Exec session that never opens),
    /// and the usual panic fix is `kms:*` on `*`, which undoes the point of the key. The seed
    /// article names the case scanners miss: with an ECS Exec key, the *task* role needs
    /// `kms:Decrypt`. AWS: "Encrypt your ECS Exec data with your own AWS KMS key" and "Key
    /// policies in AWS KMS".
    ///
    /// ## Example
    /// A cluster with `execute_command_configuration { kms_key_id = ... }` whose web task role
    /// has no `kms:Decrypt` on that key.
    ///
    /// ## Fix
    /// Add `kms:Decrypt` on exactly that key (its ARN, not `*`) to the principal's role
    /// (`kms:GenerateDataKey` too where it writes SSE-KMS objects).
    pub struct KeyUsage;
}

static META: RuleMeta = RuleMeta {
    code: "CP-K005",
    name: "key-usage",
    severity: Severity::Error,
    area: Area::Keys,
    doc_url: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html",
    scanner_ids: &[],
    fixable: true,
    fix: KeyUsage::FIX,
};

impl Rule for KeyUsage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for key in model.nodes_of(NodeKind::KmsKey) {
            if !has_missing_grant(model, key) {
                continue;
            }
            let needs = needs_of(model, key);
            for (p, why) in needs.missing() {
                let mut uses = String::new();
                for (i, (node, purpose)) in why.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ", " };
                    if *purpose == "storage" {
                        let _ = write!(uses, "{sep}`{node}`");
                    } else {
                        let _ = write!(uses, "{sep}`{node}` ({purpose})");
                    }
                }
                let mut fb = FixBuilder::new(model);
                fb.add_edge(EdgeKind::CanDecrypt, &p.id, &key.id, &[]);
                out.push(
                    &META,
                    Target::Node(p.id.clone()),
                    format!(
                        "`{}` uses {} encrypted with `{}` but has no kms:Decrypt on it: it fails with AccessDenied",
                        p.id, uses, key.id
                    ),
                    Some(fb.finish(format!("Grant `{}` kms:Decrypt on `{}`", p.id, key.id))),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::Design;
    use crate::rules::testing::{fixes_itself, flagged};
    use crate::templates::Builder;

    /// A cluster with an Exec key, a secret and an SSE-KMS bucket on one key, and which grants exist.
    fn design(grants: &[&str], exec: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("cluster", NodeKind::EcsCluster, "", (0.0, 0.0), &[]);
        b.node("web", NodeKind::EcsService, "", (0.0, 0.0), &[("enable_execute_command", exec.into())]);
        b.node("worker", NodeKind::EcsService, "", (0.0, 0.0), &[("role", "worker".into())]);
        b.node("beat", NodeKind::EcsService, "", (0.0, 0.0), &[("role", "beat".into())]);
        b.node("k", NodeKind::KmsKey, "", (0.0, 0.0), &[]);
        b.node("pw", NodeKind::Secret, "", (0.0, 0.0), &[]);
        b.node("media", NodeKind::S3Bucket, "", (0.0, 0.0), &[("sse_algorithm", "aws:kms".into())]);
        b.edge(EdgeKind::RunsOn, "web", "cluster", &[]);
        b.edge(EdgeKind::EncryptsWith, "cluster", "k", &[("purpose", "exec".into())]);
        b.edge(EdgeKind::EncryptsWith, "pw", "k", &[]);
        b.edge(EdgeKind::EncryptsWith, "media", "k", &[]);
        b.edge(EdgeKind::ReadsSecret, "worker", "pw", &[]);
        b.flow("beat", "media", &[("protocol", "aws_api".into())]);
        for g in grants {
            b.edge(EdgeKind::CanDecrypt, g, "k", &[]);
        }
        b.build()
    }

    #[test]
    fn fixtures() {
        let cases: &[(&[&str], bool, &[&str])] = &[
            (&["web", "worker", "beat"], true, &[]),
            (&[], true, &["beat", "web", "worker"]),
            (&["worker", "beat"], true, &["web"]),
            // Without ECS Exec the web task never touches the Exec key.
            (&["worker", "beat"], false, &[]),
        ];
        for &(grants, exec, expect) in cases {
            assert_eq!(flagged(&KeyUsage, &design(grants, exec), Options::default()), expect, "{grants:?} {exec}");
        }
        fixes_itself(&KeyUsage, &design(&[], true));
    }
}
