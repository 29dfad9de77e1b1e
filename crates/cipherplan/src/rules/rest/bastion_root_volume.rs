use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// The bastion host's root volume is encrypted.
    ///
    /// ## What it checks
    /// Every `bastion` has `root_volume_encrypted = true`.
    ///
    /// ## Why it matters
    /// Operators run `psql` on the bastion: shell history, `.pgpass`, query output saved to
    /// files and the SSM agent's logs land on the root volume, and its snapshots copy them.
    /// EBS encryption is free and transparent; without it those files sit on disk in the
    /// clear. The account-wide "EBS encryption by default" setting does the same for every new
    /// volume. AWS: "Amazon EBS encryption".
    ///
    /// ## Example
    /// `aws_instance` without `root_block_device { encrypted = true }`, as CDK's
    /// `BastionHostLinux` and the Terraform library create it.
    ///
    /// ## Fix
    /// Set `root_block_device { encrypted = true }` (and a `kms_key_id` if you want a customer
    /// key), or enable EBS encryption by default in the account and region.
    pub struct BastionRootVolume;
}

static META: RuleMeta = RuleMeta {
    code: "CP-R008",
    name: "bastion-root-volume",
    severity: Severity::Error,
    area: Area::Rest,
    doc_url: "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
    scanner_ids: &["CKV_AWS_8"],
    fixable: true,
    fix: BastionRootVolume::FIX,
};

impl Rule for BastionRootVolume {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for host in model.nodes_of(NodeKind::Bastion) {
            if host.bool("root_volume_encrypted") {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            fb.set_node(host, "root_volume_encrypted", true);
            out.push(
                &META,
                Target::Node(host.id.clone()),
                format!(
                    "`{}` has an unencrypted root volume (shell history, query output, credentials files)",
                    host.display_name()
                ),
                Some(fb.finish(format!("Encrypt the root volume of `{}`", host.id))),
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
        b.node("bastion", NodeKind::Bastion, "", (0.0, 0.0), &[("root_volume_encrypted", encrypted.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        assert_eq!(flagged(&BastionRootVolume, &design(false), Options::default()), ["bastion"]);
        assert!(flagged(&BastionRootVolume, &design(true), Options::default()).is_empty());
        fixes_itself(&BastionRootVolume, &design(false));
    }
}
