use crate::catalog::{EdgeKind, NodeKind};
use crate::design::Node;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rest::at_rest_flags;
use crate::rules::fix::{beside, use_cmk, FixBuilder, KeyFinder, NewNode};
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};
use crate::value::Value;

declare_rule! {
    /// ECS Exec sessions are encrypted with your own key and logged to an encrypted log group.
    ///
    /// ## What it checks
    /// Every `ecs_cluster` on which some service has `enable_execute_command = true`: an
    /// `encrypts_with` edge of purpose `exec` to a `kms_key`
    /// (`execute_command_configuration.kms_key_id`), `execute_command_logging = "OVERRIDE"`
    /// with a `writes_logs` edge of purpose `exec_session` to a log group that is on a customer
    /// key, and `cloud_watch_encryption_enabled = true`.
    ///
    /// ## Why it matters
    /// ECS Exec opens a root shell in a production container. The channel is TLS 1.2 by
    /// default; a customer key adds a second layer of encryption end to end between the
    /// operator and the container (the task role then needs `kms:Decrypt`, see CP-K005).
    /// Session logs are the audit trail of what was run and what it printed (environment
    /// variables, query results), so they belong in a log group encrypted with a customer key,
    /// and with `cloud_watch_encryption_enabled` ECS refuses to log to an unencrypted one.
    /// `DEFAULT` logging writes into the task's container log group with no such guarantee;
    /// `NONE` keeps no record at all.
    /// AWS: "Monitor Amazon ECS containers with ECS Exec" (encrypting and logging sessions).
    ///
    /// ## Example
    /// `enable_execute_command = true` on the web service and an `aws_ecs_cluster` without
    /// `configuration { execute_command_configuration { ... } }` (the Terraform library).
    ///
    /// ## Fix
    /// Set `execute_command_configuration { kms_key_id = <key>, logging = "OVERRIDE",
    /// log_configuration { cloud_watch_log_group_name = <group on a customer key>,
    /// cloud_watch_encryption_enabled = true } }` and grant the task roles `kms:Decrypt` on the
    /// key.
    ///
    /// ## Scanner blind spot
    /// CKV_AWS_224 returns UNKNOWN, not FAILED, when `execute_command_logging = NONE`: checkov
    /// does not report an ECS Exec session without logging, this rule does.
    /// (Found by the checkov agreement proof, `tests/iac/main.rs`.)
    pub struct EcsExecEncryption;
}

static META: RuleMeta = RuleMeta {
    code: "CP-A001",
    name: "ecs-exec-encryption",
    severity: Severity::Warning,
    area: Area::Access,
    doc_url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html",
    scanner_ids: &["CKV_AWS_224"],
    fixable: true,
    fix: EcsExecEncryption::FIX,
};

impl Rule for EcsExecEncryption {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        let mut keys = KeyFinder::default();
        for cluster in model.nodes_of(NodeKind::EcsCluster) {
            let mut exec: Vec<&str> = model
                .incoming_of(cluster, EdgeKind::RunsOn)
                .filter_map(|e| model.source(e))
                .filter(|s| s.kind == NodeKind::EcsService && s.bool("enable_execute_command"))
                .map(|s| s.id.as_str())
                .collect();
            exec.sort_unstable();
            if exec.is_empty() {
                continue;
            }
            let mut problems = Vec::new();
            let mut fb = FixBuilder::new(model);
            if model.key_of_node(cluster, "exec").is_none_or(|k| k.kind != NodeKind::KmsKey) {
                problems.push("no customer key encrypts the sessions".to_owned());
                use_cmk(&mut fb, &mut keys, cluster, "exec");
            }
            match cluster.text("execute_command_logging") {
                "OVERRIDE" => {}
                "NONE" => problems.push("sessions are not logged (logging = NONE)".to_owned()),
                other => problems.push(format!("session logs go to the task's log configuration (logging = {other})")),
            }
            fb.set_node(cluster, "execute_command_logging", "OVERRIDE");
            let log_group = model
                .outgoing_of(cluster, EdgeKind::WritesLogs)
                .filter(|e| e.text("purpose") == "exec_session")
                .filter_map(|e| model.target(e).filter(|n| n.kind == NodeKind::LogGroup))
                .min_by(|a, b| a.id.cmp(&b.id));
            match log_group {
                Some(group) => {
                    if !at_rest_flags(model, group).is_some_and(|(_, cmk)| cmk) {
                        problems.push(format!("the session log group `{}` is not on a customer key", group.id));
                        use_cmk(&mut fb, &mut keys, group, "storage");
                    }
                }
                None => {
                    problems.push("no log group receives the session logs".to_owned());
                    add_exec_log_group(&mut fb, &mut keys, cluster);
                }
            }
            if !cluster.bool("cloud_watch_encryption_enabled") {
                problems.push("cloud_watch_encryption_enabled is off".to_owned());
                fb.set_node(cluster, "cloud_watch_encryption_enabled", true);
            }
            if problems.is_empty() {
                continue;
            }
            out.push(
                &META,
                Target::Node(cluster.id.clone()),
                format!(
                    "ECS Exec is enabled on {} in `{}`, but {}",
                    exec.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", "),
                    cluster.display_name(),
                    problems.join("; ")
                ),
                Some(fb.finish(format!(
                    "Encrypt ECS Exec sessions of `{}` with a customer key and log them to an encrypted log group",
                    cluster.id
                ))),
            );
        }
    }
}

/// Adds `/ecs/exec-sessions` beside the cluster, on the logs key, and sends session logs to it.
fn add_exec_log_group(fb: &mut FixBuilder<'_, '_>, keys: &mut KeyFinder, cluster: &Node) {
    let props = [("retention_in_days", Value::Int(365))];
    let at = beside(cluster, 80.0);
    let id = fb.add_node(
        "exec-logs",
        NewNode { kind: NodeKind::LogGroup, label: "/ecs/exec-sessions", at, parent: None, props: &props },
    );
    fb.add_edge(EdgeKind::WritesLogs, &cluster.id, &id, &[("purpose", Value::from("exec_session"))]);
    // The group is new: put it on a key as if it were already drawn.
    let mut group = Node::new(id, NodeKind::LogGroup, "/ecs/exec-sessions", at.0, at.1);
    group.props = props.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
    use_cmk(fb, keys, &group, "storage");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::Design;
    use crate::rules::testing::{fixes_itself, flagged};
    use crate::templates::Builder;

    fn design(exec: bool, key: bool, logging: &str, group_key: Option<bool>, cw: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node(
            "cluster",
            NodeKind::EcsCluster,
            "",
            (0.0, 0.0),
            &[("execute_command_logging", logging.into()), ("cloud_watch_encryption_enabled", cw.into())],
        );
        b.node("web", NodeKind::EcsService, "", (0.0, 0.0), &[("enable_execute_command", exec.into())]);
        b.node("k", NodeKind::KmsKey, "", (0.0, 0.0), &[]);
        b.edge(EdgeKind::RunsOn, "web", "cluster", &[]);
        if key {
            b.edge(EdgeKind::EncryptsWith, "cluster", "k", &[("purpose", "exec".into())]);
        }
        if let Some(on_key) = group_key {
            b.node("exec-logs", NodeKind::LogGroup, "", (0.0, 0.0), &[]);
            b.edge(EdgeKind::WritesLogs, "cluster", "exec-logs", &[("purpose", "exec_session".into())]);
            if on_key {
                b.edge(EdgeKind::EncryptsWith, "exec-logs", "k", &[]);
            }
        }
        b.build()
    }

    #[test]
    fn fixtures() {
        for (exec, key, logging, group, cw, fails) in [
            (true, true, "OVERRIDE", Some(true), true, false),
            (false, false, "DEFAULT", None, false, false),
            (true, false, "OVERRIDE", Some(true), true, true),
            (true, true, "DEFAULT", Some(true), true, true),
            (true, true, "NONE", Some(true), true, true),
            (true, true, "OVERRIDE", None, true, true),
            (true, true, "OVERRIDE", Some(false), true, true),
            (true, true, "OVERRIDE", Some(true), false, true),
        ] {
            let d = design(exec, key, logging, group, cw);
            assert_eq!(
                !flagged(&EcsExecEncryption, &d, Options::default()).is_empty(),
                fails,
                "{exec} {key} {logging} {group:?} {cw}"
            );
        }
        fixes_itself(&EcsExecEncryption, &design(true, false, "DEFAULT", None, false));
        fixes_itself(&EcsExecEncryption, &design(true, false, "NONE", Some(false), false));
    }

    #[test]
    fn the_fix_grants_the_task_role() {
        let d = design(true, false, "DEFAULT", None, false);
        let m = Model::new(&d);
        let mut out = Findings::default();
        EcsExecEncryption.check(&m, &Options::default(), &mut out);
        let mut fixed = d.clone();
        out.items()[0].autofix.as_ref().unwrap().apply(&mut fixed).unwrap();
        let m = Model::new(&fixed);
        let key = m.key_of("cluster", "exec").unwrap();
        assert!(m.can_decrypt("web", &key.id));
        assert!(crate::keys::key_usage(&m).iter().all(|u| u.missing.is_empty()));
    }
}
