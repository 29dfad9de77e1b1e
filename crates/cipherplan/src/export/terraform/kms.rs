//! kms.tf: customer managed keys with rotation and key policies, and their aliases.
//!
//! Key policy as designed: `defined` gives an explicit policy (the account root, which enables
//! IAM policies such as the `kms:Decrypt` grants of `can_decrypt`, plus the service principals
//! that must use the key themselves: CloudWatch Logs for log groups, Fargate for ephemeral
//! storage); `default` sets no policy (AWS applies its default one); `wildcard_principal` adds
//! a statement whose principal is `*` (limited to the account, as AWS's own keys do).

use super::hcl::{func, list, local, r, s, strs, var, Blk};
use super::Ctx;
use crate::catalog::{EdgeKind, NodeKind};
use crate::design::Node;
use hcl::Expression;

const FILE: &str = "kms.tf";

fn account() -> Expression {
    r(&["data", "aws_caller_identity", "current", "account_id"])
}

fn partition() -> Expression {
    r(&["data", "aws_partition", "current", "partition"])
}

fn statement(sid: &str) -> Blk {
    Blk::new("statement").a("sid", sid).a("effect", "Allow").a("resources", strs(["*"]))
}

fn principals(ty: &str, ids: Expression) -> Blk {
    Blk::new("principals").a("type", ty).a("identifiers", ids)
}

fn condition(test: &str, variable: &str, values: Expression) -> Blk {
    Blk::new("condition").a("test", test).a("variable", variable).a("values", values)
}

pub(super) fn generate(ctx: &mut Ctx<'_, '_>) {
    for key in ctx.sorted(NodeKind::KmsKey) {
        let id = ctx.n(&key.id);
        let policy = key.text("key_policy");
        let mut b = Blk::resource("aws_kms_key", &id)
            .a("description", format!("{} ({})", key.display_name(), ctx.design.name))
            .a("enable_key_rotation", key.bool("enable_key_rotation"))
            .a("deletion_window_in_days", key.int("deletion_window_in_days"));
        if policy != "default" {
            ctx.add(FILE, policy_document(ctx, key, &id));
            b = b.a("policy", r(&["data", "aws_iam_policy_document", &format!("{id}_key_policy"), "json"]));
        }
        ctx.add(FILE, b.a("tags", super::hcl::obj([("Name", ctx.aws_name(&key.id, None))])));
        let alias = key.text("alias");
        if !alias.trim().is_empty() {
            let alias = crate::export::names::slug(alias, 200);
            let alias = ctx.unique("kms alias", &alias);
            ctx.add(
                FILE,
                Blk::resource("aws_kms_alias", &id)
                    .a("name", func("format", vec![s(format!("alias/%s-{alias}")), local("name")]))
                    .a("target_key_id", r(&["aws_kms_key", &id, "key_id"])),
            );
        }
    }
}

fn policy_document(ctx: &Ctx<'_, '_>, key: &Node, id: &str) -> Blk {
    let mut doc = Blk::data("aws_iam_policy_document", &format!("{id}_key_policy"));
    // Without this statement nobody, not even an administrator, could manage the key, and IAM
    // policies (the can_decrypt grants) would have no effect.
    doc = doc.b(statement("AccountAdministration")
        .a("actions", strs(["kms:*"]))
        .b(principals("AWS", list([func("format", vec![s("arn:%s:iam::%s:root"), partition(), account()])]))));
    let users: Vec<_> = ctx.model.incoming(&key.id, EdgeKind::EncryptsWith);
    let logs = users.iter().any(|e| ctx.model.node(&e.from).is_some_and(|n| n.kind == NodeKind::LogGroup));
    if logs {
        doc = doc.b(statement("CloudWatchLogsUse")
            .a(
                "actions",
                strs(["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]),
            )
            .b(principals("Service", list([func("format", vec![s("logs.%s.amazonaws.com"), var("region")])])))
            .b(condition(
                "ArnLike",
                "kms:EncryptionContext:aws:logs:arn",
                list([func("format", vec![s("arn:%s:logs:%s:%s:log-group:*"), partition(), var("region"), account()])]),
            )));
    }
    let ephemeral: Vec<&Node> = users
        .iter()
        .filter(|e| e.text("purpose") == "ephemeral_storage")
        .filter_map(|e| ctx.model.node(&e.from))
        .filter(|n| n.kind == NodeKind::EcsCluster)
        .collect();
    if !ephemeral.is_empty() {
        let clusters = list(ephemeral.iter().map(|c| ctx.cluster_name(Some(c))));
        doc = doc
            .b(statement("FargateEphemeralStorageDataKeys")
                .a("actions", strs(["kms:GenerateDataKeyWithoutPlaintext"]))
                .b(principals("Service", strs(["fargate.amazonaws.com"])))
                .b(condition("StringEquals", "kms:EncryptionContext:aws:ecs:clusterAccount", list([account()])))
                .b(condition("StringEquals", "kms:EncryptionContext:aws:ecs:clusterName", clusters.clone())))
            .b(statement("FargateEphemeralStorageGrants")
                .a("actions", strs(["kms:CreateGrant"]))
                .b(principals("Service", strs(["fargate.amazonaws.com"])))
                .b(condition("StringEquals", "kms:EncryptionContext:aws:ecs:clusterAccount", list([account()])))
                .b(condition("StringEquals", "kms:EncryptionContext:aws:ecs:clusterName", clusters))
                .b(condition("ForAllValues:StringEquals", "kms:GrantOperations", strs(["Decrypt"]))));
    }
    if key.text("key_policy") == "wildcard_principal" {
        doc = doc.b(statement("AnyPrincipalInAccount")
            .a("actions", strs(["kms:Decrypt", "kms:DescribeKey"]))
            .b(principals("AWS", strs(["*"])))
            .b(condition("StringEquals", "kms:CallerAccount", list([account()]))));
    }
    doc
}
