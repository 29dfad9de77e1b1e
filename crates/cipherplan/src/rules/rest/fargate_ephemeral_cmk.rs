use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::{use_cmk, FixBuilder, KeyFinder};
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// Fargate ephemeral storage can be encrypted with a customer managed key.
    ///
    /// ## What it checks
    /// Every `ecs_cluster` without an `encrypts_with` edge of purpose `ephemeral_storage`
    /// (`managedStorageConfiguration.fargateEphemeralStorageKmsKeyId`). Info only.
    ///
    /// ## Why it matters
    /// Fargate already encrypts every task's ephemeral storage (container layers, `/tmp`,
    /// bind mounts) with AES-256 and a key AWS manages, so nothing is stored in the clear.
    /// A customer key on the cluster adds your key policy and an audit trail, and lets you
    /// stop every task's storage from being readable by disabling the key. It is the last
    /// AWS-owned key in an otherwise customer-keyed stack.
    /// AWS: "Customer managed keys for AWS Fargate ephemeral storage for Amazon ECS".
    ///
    /// ## Example
    /// `aws_ecs_cluster` without a `configuration { managed_storage_configuration { ... } }`.
    ///
    /// ## Fix
    /// Set `fargate_ephemeral_storage_kms_key_id` on the cluster to a single-Region customer
    /// key (no alias) whose policy allows Fargate `kms:GenerateDataKeyWithoutPlaintext` and
    /// `kms:CreateGrant`.
    pub struct FargateEphemeralCmk;
}

static META: RuleMeta = RuleMeta {
    code: "CP-R011",
    name: "fargate-ephemeral-cmk",
    severity: Severity::Info,
    area: Area::Rest,
    doc_url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-storage-encryption.html",
    scanner_ids: &[],
    fixable: true,
    fix: FargateEphemeralCmk::FIX,
};

impl Rule for FargateEphemeralCmk {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        let mut keys = KeyFinder::default();
        for cluster in model.nodes_of(NodeKind::EcsCluster) {
            if model.key_of_node(cluster, "ephemeral_storage").is_some_and(|k| k.kind == NodeKind::KmsKey) {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            let key = use_cmk(&mut fb, &mut keys, cluster, "ephemeral_storage");
            out.push(
                &META,
                Target::Node(cluster.id.clone()),
                format!(
                    "`{}` leaves Fargate ephemeral storage on the AWS owned key (AES-256, encrypted, but not under your key policy)",
                    cluster.display_name()
                ),
                Some(fb.finish(format!("Encrypt the Fargate ephemeral storage of `{}` with `{key}`", cluster.id))),
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

    fn design(purpose: Option<&str>) -> Design {
        let mut b = Builder::new("t", "");
        b.node("cluster", NodeKind::EcsCluster, "", (0.0, 0.0), &[]);
        b.node("k", NodeKind::KmsKey, "", (0.0, 0.0), &[]);
        if let Some(p) = purpose {
            b.edge(EdgeKind::EncryptsWith, "cluster", "k", &[("purpose", p.into())]);
        }
        b.build()
    }

    #[test]
    fn fixtures() {
        for (purpose, fails) in [(None, true), (Some("exec"), true), (Some("ephemeral_storage"), false)] {
            assert_eq!(
                !flagged(&FargateEphemeralCmk, &design(purpose), Options::default()).is_empty(),
                fails,
                "{purpose:?}"
            );
        }
        fixes_itself(&FargateEphemeralCmk, &design(None));
        // The cluster's exec key is reused rather than a second key created.
        let d = design(Some("exec"));
        let (fixed, _) = crate::rules::fix_all(&d, &Options::default(), 5);
        assert_eq!(Model::new(&fixed).key_of("cluster", "ephemeral_storage").map(|k| k.id.as_str()), Some("k"));
    }
}
