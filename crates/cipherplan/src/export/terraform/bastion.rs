//! bastion.tf: the database bastion as designed: Session Manager or SSH, public IP or not,
//! IMDSv2 required or optional, root volume encrypted or not.

use super::hcl::{at, func, list, local, obj, r, s, strs, Blk};
use super::Ctx;
use crate::catalog::{EdgeKind, NodeKind};
use crate::design::Node;
use crate::export::app::env::{ca_bundle_file, CA_DIR};

const FILE: &str = "bastion.tf";

/// Whether an EC2 instance type is Graviton (`t4g`, `m6gd`, `c7g`...): letters, digits, `g`.
fn is_arm(instance_type: &str) -> bool {
    let family = instance_type.split('.').next().unwrap_or("");
    let rest = family.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.len() < family.len() && family.chars().any(|c| c.is_ascii_digit()) && rest.starts_with('g')
}

pub(super) fn generate(ctx: &mut Ctx<'_, '_>) {
    for b in ctx.sorted(NodeKind::Bastion) {
        bastion(ctx, b);
    }
}

fn bastion<'d>(ctx: &mut Ctx<'_, 'd>, b: &'d Node) {
    let id = ctx.n(&b.id);
    let ssm = b.text("access") == "ssm";
    let public = b.bool("associate_public_ip_address");
    let arch = if is_arm(b.text("instance_type")) { "arm64" } else { "x86_64" };
    let ami = format!("al2023_{arch}");
    if ctx.once(if arch == "arm64" { "ami arm64" } else { "ami x86_64" }) {
        ctx.add(
            FILE,
            Blk::data("aws_ssm_parameter", &ami)
                .a("name", format!("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-{arch}")),
        );
    }
    let role = format!("{id}_instance");
    ctx.add(
        FILE,
        Blk::data("aws_iam_policy_document", &role).b(Blk::new("statement")
            .a("actions", strs(["sts:AssumeRole"]))
            .b(Blk::new("principals").a("type", "Service").a("identifiers", strs(["ec2.amazonaws.com"])))),
    );
    ctx.add(
        FILE,
        Blk::resource("aws_iam_role", &role)
            .a(
                "name",
                func(
                    "substr",
                    vec![
                        func("format", vec![s(format!("%s-{}-instance", ctx.seg(&b.id))), local("name")]),
                        0.into(),
                        64.into(),
                    ],
                ),
            )
            .a("assume_role_policy", r(&["data", "aws_iam_policy_document", &role, "json"])),
    );
    if ssm {
        ctx.add(
            FILE,
            Blk::resource("aws_iam_role_policy_attachment", &role).a("role", r(&["aws_iam_role", &role, "name"])).a(
                "policy_arn",
                func(
                    "format",
                    vec![
                        s("arn:%s:iam::aws:policy/AmazonSSMManagedInstanceCore"),
                        r(&["data", "aws_partition", "current", "partition"]),
                    ],
                ),
            ),
        );
    }
    ctx.add(
        FILE,
        Blk::resource("aws_iam_instance_profile", &id)
            .a("name", func("substr", vec![ctx.aws_name(&b.id, None), 0.into(), 128.into()]))
            .a("role", r(&["aws_iam_role", &role, "name"])),
    );

    // The host carries psql and the RDS CA bundle for the design's database flows, and socat
    // only when the design says it forwards a port instead.
    let mut flows = ctx.model.outgoing(&b.id, EdgeKind::Flow);
    flows.sort_by(|x, y| x.id.cmp(&y.id));
    let db_flow = flows.iter().find(|f| ctx.model.node(&f.to).is_some_and(|n| n.kind == NodeKind::RdsPostgres));
    let mut script = vec!["#!/bin/bash".to_owned(), "set -euo pipefail".to_owned()];
    let mut args = Vec::new();
    if let Some(f) = db_flow {
        script.push("dnf install -y postgresql16".into());
        script.push(format!("mkdir -p {CA_DIR}"));
        script.push(format!(
            "curl -fsSo {CA_DIR}/{} https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem",
            ca_bundle_file(f)
        ));
        if b.bool("socat_forward") {
            let db = ctx.model.node(&f.to).map(|n| ctx.n(&n.id)).unwrap_or_default();
            script.push("dnf install -y socat".into());
            script.push("nohup socat TCP-LISTEN:5432,fork,reuseaddr TCP:%s:5432 >/var/log/socat.log 2>&1 &".into());
            args.push(r(&["aws_db_instance", &db, "address"]));
        }
    }
    let user_data = if args.is_empty() {
        s(script.join("\n") + "\n")
    } else {
        let mut all = vec![s(script.join("\n") + "\n")];
        all.extend(args);
        func("format", all)
    };
    let encrypted = b.bool("root_volume_encrypted");
    let key = if encrypted { ctx.key_arn(&b.id, "storage") } else { None };
    let key_name = if ssm {
        None
    } else {
        Some(ctx.var(
            "bastion_key_name",
            "string",
            "Name of the EC2 key pair for SSH to the bastion (the design uses SSH).",
            None,
        ))
    };
    let tier = if public { "public" } else { "private" };
    ctx.add(
        FILE,
        Blk::resource("aws_instance", &id)
            .a("ami", r(&["data", "aws_ssm_parameter", &ami, "value"]))
            .a("instance_type", b.text("instance_type"))
            .a("subnet_id", at("aws_subnet", tier, 0, "id"))
            .a("vpc_security_group_ids", list([ctx.sg(b)]))
            .a("associate_public_ip_address", public)
            .a("iam_instance_profile", r(&["aws_iam_instance_profile", &id, "name"]))
            .a_opt("key_name", key_name)
            .a("monitoring", true)
            .a("ebs_optimized", true)
            .a("user_data", user_data)
            .b(Blk::new("metadata_options")
                .a("http_endpoint", "enabled")
                .a("http_tokens", b.text("http_tokens"))
                .a("http_put_response_hop_limit", 1))
            .b(Blk::new("root_block_device").a("volume_type", "gp3").a("encrypted", encrypted).a_opt("kms_key_id", key))
            .a("tags", obj([("Name", ctx.aws_name(&b.id, None))])),
    );
    let connect = if ssm {
        func("format", vec![s("aws ssm start-session --target %s"), r(&["aws_instance", &id, "id"])])
    } else if public {
        func("format", vec![s("ssh ec2-user@%s"), r(&["aws_instance", &id, "public_ip"])])
    } else {
        func("format", vec![s("ssh ec2-user@%s (from inside the VPC)"), r(&["aws_instance", &id, "private_ip"])])
    };
    ctx.outputs.push(
        Blk::labelled("output", &format!("{id}_connect"))
            .a("description", format!("How to open a session on bastion `{}`.", ctx.seg(&b.id)))
            .a("value", connect),
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn graviton_types_are_arm() {
        for (t, arm) in [
            ("t4g.nano", true),
            ("m6gd.large", true),
            ("t3.micro", false),
            ("g4dn.xlarge", false),
            ("c7g.2xlarge", true),
            ("", false),
        ] {
            assert_eq!(super::is_arm(t), arm, "{t}");
        }
    }
}
