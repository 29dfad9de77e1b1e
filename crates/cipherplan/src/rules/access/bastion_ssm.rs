use crate::catalog::{EdgeKind, NodeKind};
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// The bastion host is reached through SSM Session Manager and has no public IP address.
    ///
    /// ## What it checks
    /// Every `bastion` has `access = "ssm"` and `associate_public_ip_address = false`.
    ///
    /// ## Why it matters
    /// A public address puts the host, and whatever listens on it (sshd, a socat forwarder to
    /// the database), on the internet, guarded only by a security group. SSH adds keys to
    /// distribute and revoke and port 22 to open. Session Manager needs neither: the SSM agent
    /// connects out over TLS, IAM decides who gets a shell, and sessions can be logged and
    /// KMS-encrypted. The host then lives in a private subnet (with VPC endpoints or NAT for the
    /// agent). AWS: "AWS Systems Manager Session Manager".
    ///
    /// ## Example
    /// `associate_public_ip_address = true` on the bastion (the Terraform and Pulumi libraries).
    ///
    /// ## Fix
    /// Put the bastion in a private subnet without a public IP, attach the
    /// `AmazonSSMManagedInstanceCore` policy to its role, close port 22, and connect with
    /// `aws ssm start-session`.
    pub struct BastionSsm;
}

static META: RuleMeta = RuleMeta {
    code: "CP-A002",
    name: "bastion-ssm",
    severity: Severity::Warning,
    area: Area::Access,
    doc_url: "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html",
    scanner_ids: &["CKV_AWS_88"],
    fixable: true,
    fix: BastionSsm::FIX,
};

impl Rule for BastionSsm {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for host in model.nodes_of(NodeKind::Bastion) {
            let mut problems = Vec::new();
            let mut fb = FixBuilder::new(model);
            if host.text("access") != "ssm" {
                problems.push("is reached over SSH");
                fb.set_node(host, "access", "ssm");
                for flow in model.incoming_of(host, EdgeKind::Flow) {
                    if flow.text("protocol") == "ssh" {
                        fb.set_edge(flow, "protocol", "ssm");
                        fb.set_edge(flow, "port", 443);
                    }
                }
            }
            if host.bool("associate_public_ip_address") {
                problems.push("has a public IP address");
                fb.set_node(host, "associate_public_ip_address", false);
            }
            if problems.is_empty() {
                continue;
            }
            out.push(
                &META,
                Target::Node(host.id.clone()),
                format!("bastion `{}` {}", host.display_name(), problems.join(" and ")),
                Some(fb.finish(format!("Reach `{}` through Session Manager only, without a public IP", host.id))),
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

    fn design(access: &str, public: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("ops", NodeKind::Operator, "", (0.0, 0.0), &[]);
        b.node(
            "bastion",
            NodeKind::Bastion,
            "",
            (0.0, 0.0),
            &[("access", access.into()), ("associate_public_ip_address", public.into())],
        );
        b.flow("ops", "bastion", &[("protocol", access.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        for (access, public, fails) in
            [("ssm", false, false), ("ssm", true, true), ("ssh", false, true), ("ssh", true, true)]
        {
            assert_eq!(
                !flagged(&BastionSsm, &design(access, public), Options::default()).is_empty(),
                fails,
                "{access} {public}"
            );
        }
        fixes_itself(&BastionSsm, &design("ssh", true));
    }
}
