use crate::catalog::{EdgeKind, NodeKind};
use crate::design::{Edge, Node};
use crate::finding::{Severity, Target};
use crate::hop::{client_grade, Grade};
use crate::model::Model;
use crate::rules::fix::{offers_tls, target_tls, FixBuilder};
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// Traffic between containers of different tasks or services is encrypted.
    ///
    /// ## What it checks
    /// Every flow from a container or ECS service to a container or ECS service of another
    /// task: the client asks for TLS (`tls` at least `require`) and the accepting container
    /// listens with TLS.
    ///
    /// ## Why it matters
    /// Unlike the loopback hop inside one task (CP-T005), a call to another task leaves the
    /// task's network interface and crosses the VPC (other subnets, other hosts). Plaintext
    /// there is readable with VPC traffic mirroring or by any compromised workload on the path,
    /// and no scanner sees it: service-to-service calls are application configuration.
    /// AWS: "Encrypt Amazon ECS Service Connect traffic" (TLS between services with
    /// certificates from AWS Private CA, provisioned and rotated by ECS).
    ///
    /// ## Example
    /// The celery worker calling `http://web.internal:8000/api/...`.
    ///
    /// ## Fix
    /// Serve TLS in the called task (a certificate from a private CA, e.g. ECS Service Connect
    /// with AWS Private CA) and call it with `https://` and certificate verification.
    pub struct CrossTaskPlaintext;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T006",
    name: "cross-task-plaintext",
    severity: Severity::Error,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-tls.html",
    scanner_ids: &[],
    fixable: true,
    fix: CrossTaskPlaintext::FIX,
};

fn task_of<'d>(model: &Model<'d>, node: &'d Node) -> Option<&'d str> {
    match node.kind {
        NodeKind::EcsService => Some(node.id.as_str()),
        NodeKind::Container => model.parent(node).filter(|p| p.kind == NodeKind::EcsService).map(|p| p.id.as_str()),
        _ => None,
    }
}

/// Whether `flow` joins two different ECS tasks without TLS at both ends.
pub(crate) fn flags(model: &Model<'_>, flow: &Edge) -> bool {
    let (Some(from), Some(to)) = (model.source(flow), model.target(flow)) else { return false };
    let ecs = |n: &Node| matches!(n.kind, NodeKind::Container | NodeKind::EcsService);
    if !ecs(from) || !ecs(to) || model.is_loopback(flow) {
        return false;
    }
    // Two ends of one task (a container and its own service) are not two tasks.
    if task_of(model, from).is_some() && task_of(model, from) == task_of(model, to) {
        return false;
    }
    client_grade(flow.text("tls")) < Grade::Unverified || !offers_tls(model, to)
}

impl Rule for CrossTaskPlaintext {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        // Flows into a task: few, compared with every flow of the design.
        let targets = model.nodes_of(NodeKind::EcsService).chain(model.nodes_of(NodeKind::Container));
        for flow in targets.flat_map(|t| model.incoming_of(t, EdgeKind::Flow)) {
            if !flags(model, flow) {
                continue;
            }
            let Some(to) = model.target(flow) else { continue };
            let why = if client_grade(flow.text("tls")) < Grade::Unverified {
                format!("the client does not ask for TLS (tls = {})", flow.text("tls"))
            } else {
                format!("`{}` does not listen with TLS", to.id)
            };
            let mut fb = FixBuilder::new(model);
            target_tls(&mut fb, flow, to, "private_ca");
            fb.set_edge(flow, "tls", "verify-full");
            out.push(
                &META,
                Target::Edge(flow.id.clone()),
                format!("`{}` → `{}` crosses the VPC between two tasks in plaintext: {why}", flow.from, flow.to),
                Some(fb.finish(format!(
                    "Serve TLS in `{}` with a private CA certificate and verify it from `{}`",
                    flow.to, flow.from
                ))),
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

    fn design(tls: &str, target_tls: bool, to_service: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("worker", NodeKind::EcsService, "", (0.0, 0.0), &[("role", "worker".into())]);
        b.node("web", NodeKind::EcsService, "", (0.0, 200.0), &[]);
        b.node(
            "gunicorn",
            NodeKind::Container,
            "",
            (0.0, 210.0),
            &[("role", "gunicorn".into()), ("listens_tls", target_tls.into())],
        )
        .inside("web");
        b.flow("worker", if to_service { "web" } else { "gunicorn" }, &[("tls", tls.into()), ("port", 8000.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        for (tls, target_tls, to_service, fails) in [
            ("disable", false, false, true),
            ("verify-full", false, false, true),
            ("prefer", true, false, true),
            ("verify-full", true, false, false),
            ("require", true, true, false),
            ("disable", false, true, true),
            ("verify-full", false, true, true),
        ] {
            let d = design(tls, target_tls, to_service);
            assert_eq!(
                !flagged(&CrossTaskPlaintext, &d, Options::default()).is_empty(),
                fails,
                "{tls} {target_tls} {to_service}"
            );
        }
        fixes_itself(&CrossTaskPlaintext, &design("disable", false, false));
        fixes_itself(&CrossTaskPlaintext, &design("disable", false, true));
    }
}
