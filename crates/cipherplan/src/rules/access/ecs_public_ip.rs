use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// ECS tasks get no public IP addresses.
    ///
    /// ## What it checks
    /// Every `ecs_service` has `assign_public_ip = false`.
    ///
    /// ## Why it matters
    /// A public IP on a task is a second way in that bypasses the load balancer: whatever the
    /// container listens on (gunicorn on plain HTTP :8000, a debug port) is one security group
    /// rule away from the internet, outside the ALB's TLS policy, header checks and logs.
    /// Libraries assign public IPs to avoid paying for a NAT gateway; VPC endpoints (ECR, S3,
    /// Secrets Manager, logs, SSM) let private tasks work without either.
    /// AWS: "Amazon ECS task networking options for Fargate" (public IP assignment).
    ///
    /// ## Example
    /// `network_configuration { assign_public_ip = true }` on the web service.
    ///
    /// ## Fix
    /// Set `assign_public_ip = false`, run tasks in private subnets, and give them a NAT gateway
    /// or VPC endpoints for outbound calls.
    pub struct EcsPublicIp;
}

static META: RuleMeta = RuleMeta {
    code: "CP-A007",
    name: "ecs-public-ip",
    severity: Severity::Warning,
    area: Area::Access,
    doc_url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html",
    scanner_ids: &["CKV_AWS_333"],
    fixable: true,
    fix: EcsPublicIp::FIX,
};

impl Rule for EcsPublicIp {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for service in model.nodes_of(NodeKind::EcsService) {
            if !service.bool("assign_public_ip") {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            fb.set_node(service, "assign_public_ip", false);
            out.push(
                &META,
                Target::Node(service.id.clone()),
                format!(
                    "the tasks of `{}` get public IP addresses: a way in that bypasses the load balancer",
                    service.display_name()
                ),
                Some(fb.finish(format!("Run `{}` without public IPs", service.id))),
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

    fn design(public: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("web", NodeKind::EcsService, "", (0.0, 0.0), &[("assign_public_ip", public.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        assert_eq!(flagged(&EcsPublicIp, &design(true), Options::default()), ["web"]);
        assert!(flagged(&EcsPublicIp, &design(false), Options::default()).is_empty());
        fixes_itself(&EcsPublicIp, &design(true));
    }
}
