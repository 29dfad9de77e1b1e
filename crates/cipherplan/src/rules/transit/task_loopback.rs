use crate::catalog::{EdgeKind, NodeKind};
use crate::design::{Edge, Node};
use crate::finding::{Severity, Target};
use crate::hop::{client_grade, Grade};
use crate::model::{loopback_between, Model};
use crate::rules::fix::{container_tls, FixBuilder};
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// Plaintext between two containers of one task stays on the task's loopback interface.
    ///
    /// ## What it checks
    /// Flows between two containers of the same ECS service (one task), such as nginx →
    /// gunicorn on `localhost:8000`, that are not encrypted. Reported as info; in strict mode
    /// (`--strict`, `settings.strict`) as a warning that asks gunicorn to serve TLS itself.
    ///
    /// ## Why it matters
    /// Containers of a Fargate task share one network namespace, so `localhost` traffic never
    /// reaches a network interface of the VPC: only code inside the task can read it, and that
    /// code can read the decrypted request anyway. That is why the seed's design stops TLS at
    /// the nginx sidecar. Strict setups (a compliance rule of "TLS on every socket") add
    /// gunicorn `--certfile/--keyfile` so nothing is plaintext even on loopback.
    /// AWS: "Task networking for Fargate" (`awsvpc`: containers of a task share an ENI and
    /// communicate over localhost).
    ///
    /// ## Example
    /// nginx `proxy_pass http://localhost:8000;` to gunicorn `-b 0.0.0.0:8000`.
    ///
    /// ## Fix
    /// Nothing is required. For strict mode: give gunicorn `--certfile` and `--keyfile` (a
    /// self-signed certificate built into the image) and use `proxy_pass https://localhost:8000;`.
    pub struct TaskLoopback;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T005",
    name: "task-loopback",
    severity: Severity::Info,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html",
    scanner_ids: &[],
    fixable: true,
    fix: TaskLoopback::FIX,
};

/// Whether `flow`, from `from` to `to`, is plaintext on one task's loopback interface.
pub(crate) fn flags(from: &Node, to: &Node, flow: &Edge) -> bool {
    loopback_between(from, to) && (client_grade(flow.text("tls")) < Grade::Unverified || !to.bool("listens_tls"))
}

impl Rule for TaskLoopback {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, options: &Options, out: &mut Findings) {
        // Loopback flows start at a container: walk those, not every flow of the design.
        for from in model.nodes_of(NodeKind::Container) {
            for flow in model.outgoing_of(from, EdgeKind::Flow) {
                let Some(to) = model.target(flow) else { continue };
                if flags(from, to, flow) {
                    report(model, options, from, to, flow, out);
                }
            }
        }
    }
}

fn report(model: &Model<'_>, options: &Options, from: &Node, to: &Node, flow: &Edge, out: &mut Findings) {
    let task = from.parent.as_deref().unwrap_or("");
    if options.strict {
        let mut fb = FixBuilder::new(model);
        container_tls(&mut fb, to, "self_signed");
        fb.set_edge(flow, "tls", "require");
        out.push_at(
            &META,
            Severity::Warning,
            Target::Edge(flow.id.clone()),
            format!(
                "`{}` → `{}` is plaintext on the loopback interface of task `{task}` (strict mode asks for TLS on every socket)",
                from.id, to.id
            ),
            Some(fb.finish(format!(
                "Serve TLS from `{}` itself (gunicorn --certfile/--keyfile) and proxy to it over HTTPS",
                to.id
            ))),
        );
    } else {
        out.push(
            &META,
            Target::Edge(flow.id.clone()),
            format!(
                "`{}` → `{}` is plaintext, but only on the loopback interface of task `{task}`: it never crosses a network",
                from.id, to.id
            ),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::Design;
    use crate::rules::testing::{fixes_itself_with, flagged, severities};
    use crate::templates::Builder;

    fn design(same_task: bool, tls: &str, gunicorn_tls: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("web", NodeKind::EcsService, "", (0.0, 0.0), &[]);
        b.node("other", NodeKind::EcsService, "", (0.0, 200.0), &[]);
        b.node("nginx", NodeKind::Container, "", (0.0, 0.0), &[("role", "nginx".into()), ("listens_tls", true.into())])
            .inside("web");
        b.node(
            "gunicorn",
            NodeKind::Container,
            "",
            (0.0, 0.0),
            &[("role", "gunicorn".into()), ("listens_tls", gunicorn_tls.into())],
        )
        .inside(if same_task { "web" } else { "other" });
        b.flow("nginx", "gunicorn", &[("tls", tls.into()), ("port", 8000.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        for (same, tls, gtls, fails) in [
            (true, "disable", false, true),
            (true, "require", false, true),
            (true, "require", true, false),
            (true, "verify-full", true, false),
            // Across tasks this is CP-T006's business, not a loopback.
            (false, "disable", false, false),
        ] {
            assert_eq!(
                !flagged(&TaskLoopback, &design(same, tls, gtls), Options::default()).is_empty(),
                fails,
                "{same} {tls} {gtls}"
            );
        }
        let d = design(true, "disable", false);
        assert_eq!(severities(&TaskLoopback, &d, Options::default()), [("nginx-gunicorn".to_owned(), Severity::Info)]);
        let strict = Options { strict: true };
        assert_eq!(severities(&TaskLoopback, &d, strict), [("nginx-gunicorn".to_owned(), Severity::Warning)]);
        fixes_itself_with(&TaskLoopback, &d, strict);
    }
}
