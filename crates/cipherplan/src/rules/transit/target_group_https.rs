use crate::catalog::{EdgeKind, NodeKind};
use crate::design::Edge;
use crate::finding::{Severity, Target};
use crate::hop::{client_grade, Grade};
use crate::model::Model;
use crate::rules::fix::{container_tls, offers_tls, FixBuilder, NewNode};
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};
use crate::value::Value;

declare_rule! {
    /// The load balancer reaches its targets over HTTPS, and TLS terminates inside the task.
    ///
    /// ## What it checks
    /// Every flow from an `alb` to a container or an ECS service: the target group protocol is
    /// HTTPS (`tls` at least `require`), and the container it reaches listens with TLS (for a
    /// service, one of its containers does; the nginx sidecar in the reference design).
    ///
    /// ## Why it matters
    /// TLS from the browser ends at the load balancer. From there to the task the request,
    /// session cookies included, crosses the VPC again; with an HTTP target group it does so in
    /// plaintext, readable by anything that can see VPC traffic (traffic mirroring, a
    /// compromised neighbour). An HTTPS target group re-encrypts it, and the certificate in the
    /// task can be self-signed: ALBs do not validate target certificates.
    /// AWS: "Target groups for your Application Load Balancers" (routing protocol HTTPS).
    ///
    /// ## Example
    /// A target group with `protocol = "HTTP"` on port 8000 straight to gunicorn, as in the
    /// Terraform and CDK libraries.
    ///
    /// ## Fix
    /// Put an nginx TLS sidecar in the task (listening on 443 with a long-lived self-signed
    /// certificate built into the image, `proxy_pass` to gunicorn on localhost) and use an HTTPS
    /// target group on 443 with an HTTPS health check.
    pub struct TargetGroupHttps;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T004",
    name: "target-group-https",
    severity: Severity::Error,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html",
    scanner_ids: &["CKV_AWS_378"],
    fixable: true,
    fix: TargetGroupHttps::FIX,
};

/// Whether `flow` goes from a load balancer to a task without TLS at both ends.
pub(crate) fn flags(model: &Model<'_>, flow: &Edge) -> bool {
    let (Some(from), Some(to)) = (model.source(flow), model.target(flow)) else { return false };
    from.kind == NodeKind::Alb
        && matches!(to.kind, NodeKind::Container | NodeKind::EcsService)
        && (client_grade(flow.text("tls")) < Grade::Unverified || !offers_tls(model, to))
}

impl Rule for TargetGroupHttps {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for alb in model.nodes_of(NodeKind::Alb) {
            for flow in model.outgoing_of(alb, EdgeKind::Flow) {
                if !flags(model, flow) {
                    continue;
                }
                let Some(to) = model.target(flow) else { continue };
                let what = if client_grade(flow.text("tls")) < Grade::Unverified {
                    format!("uses an HTTP target group (port {})", flow.int("port"))
                } else {
                    format!("uses HTTPS, but `{}` does not listen with TLS", to.id)
                };
                let mut fb = FixBuilder::new(model);
                let terminator = sidecar_fix(&mut fb, flow);
                let fix = fb.finish(format!(
                    "Terminate TLS in the task with `{terminator}` and use an HTTPS target group on 443 from `{}`",
                    alb.id
                ));
                out.push(
                    &META,
                    Target::Edge(flow.id.clone()),
                    format!("`{}` → `{}` {what}: requests cross the VPC in plaintext", alb.id, to.id),
                    Some(fix),
                );
            }
        }
    }
}

fn https_target(port: i64) -> Vec<(&'static str, Value)> {
    vec![("protocol", Value::from("http")), ("port", Value::Int(port)), ("tls", Value::from("require"))]
}

/// Makes the target of `flow` terminate TLS: an nginx container already in the task, or a new
/// nginx sidecar in front of the application container. Returns the terminating node id.
fn sidecar_fix(fb: &mut FixBuilder<'_, '_>, flow: &Edge) -> String {
    let model = fb.model();
    let Some(to) = model.target(flow) else { return flow.to.clone() };
    let service = match to.kind {
        NodeKind::EcsService => Some(to),
        _ => model.parent(to).filter(|p| p.kind == NodeKind::EcsService),
    };
    let mut containers: Vec<_> =
        service.map(|s| model.children_of(s).filter(|c| c.kind == NodeKind::Container).collect()).unwrap_or_default();
    crate::model::sort_by_id(&mut containers);
    let retarget = |fb: &mut FixBuilder<'_, '_>, new_to: &str| {
        if new_to == flow.to {
            fb.set_edge(flow, "tls", "require");
            fb.set_edge(flow, "port", 443);
        } else {
            fb.remove_edge(flow);
            let mut props: Vec<(&str, Value)> = flow
                .props
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "tls" | "port" | "protocol"))
                .map(|(k, v)| (k.as_str(), v.clone()))
                .collect();
            props.extend(https_target(443));
            fb.add_edge(EdgeKind::Flow, &flow.from, new_to, &props);
        }
    };
    // A TLS terminator already in the task, or an nginx container to turn into one.
    let existing = if to.kind == NodeKind::Container && to.text("role") == "nginx" {
        Some(to)
    } else {
        containers
            .iter()
            .find(|c| c.bool("listens_tls"))
            .or_else(|| containers.iter().find(|c| c.text("role") == "nginx"))
            .copied()
    };
    if let Some(nginx) = existing {
        container_tls(fb, nginx, "self_signed");
        let new_to = if to.kind == NodeKind::EcsService { to.id.as_str() } else { nginx.id.as_str() };
        retarget(fb, new_to);
        if to.kind == NodeKind::Container && to.id != nginx.id {
            add_loopback(fb, &nginx.id, to);
        }
        return nginx.id.clone();
    }
    match (to.kind, service) {
        // A service with no containers drawn is taken at its word: an HTTPS target group.
        (NodeKind::EcsService, _) if containers.is_empty() => {
            retarget(fb, &to.id);
            to.id.clone()
        }
        (_, Some(service)) => {
            let nginx = fb.add_node(
                &format!("{}-nginx", service.id),
                NewNode {
                    kind: NodeKind::Container,
                    label: "nginx TLS sidecar",
                    at: (service.x + 20.0, service.y + 50.0),
                    parent: Some(&service.id),
                    props: &[
                        ("role", Value::from("nginx")),
                        ("port", Value::Int(443)),
                        ("listens_tls", Value::Bool(true)),
                        ("certificate", Value::from("self_signed")),
                    ],
                },
            );
            let new_to = if to.kind == NodeKind::EcsService { to.id.clone() } else { nginx.clone() };
            retarget(fb, &new_to);
            if to.kind == NodeKind::Container {
                add_loopback(fb, &nginx, to);
            }
            nginx
        }
        // A container outside any service: it has to serve TLS itself.
        _ => {
            container_tls(fb, to, "self_signed");
            retarget(fb, &to.id);
            to.id.clone()
        }
    }
}

/// nginx → application container on the task's loopback interface (plaintext there is CP-T005).
fn add_loopback(fb: &mut FixBuilder<'_, '_>, nginx: &str, app: &crate::design::Node) {
    let model = fb.model();
    if model.outgoing(nginx, EdgeKind::Flow).iter().any(|e| e.to == app.id) {
        return;
    }
    fb.add_edge(
        EdgeKind::Flow,
        nginx,
        &app.id,
        &[("protocol", Value::from("http")), ("port", Value::Int(app.int("port")))],
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::Design;
    use crate::rules::testing::{fixes_itself, flagged};
    use crate::templates::Builder;

    fn design(tls: &str, target_tls: bool, sidecar: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("alb", NodeKind::Alb, "", (0.0, 0.0), &[]);
        b.node("web", NodeKind::EcsService, "", (100.0, 0.0), &[]);
        if sidecar {
            b.node(
                "nginx",
                NodeKind::Container,
                "",
                (110.0, 10.0),
                &[("role", "nginx".into()), ("listens_tls", target_tls.into())],
            )
            .inside("web");
        }
        b.node(
            "gunicorn",
            NodeKind::Container,
            "",
            (200.0, 10.0),
            &[("role", "gunicorn".into()), ("port", 8000.into())],
        )
        .inside("web");
        let target = if sidecar { "nginx" } else { "gunicorn" };
        b.flow("alb", target, &[("tls", tls.into()), ("port", 443.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        for (tls, target_tls, sidecar, fails) in [
            ("require", true, true, false),
            ("verify-full", true, true, false),
            ("require", false, true, true),
            ("disable", true, true, true),
            ("prefer", true, true, true),
            ("disable", false, false, true),
            ("require", false, false, true),
        ] {
            let d = design(tls, target_tls, sidecar);
            assert_eq!(
                !flagged(&TargetGroupHttps, &d, Options::default()).is_empty(),
                fails,
                "{tls} {target_tls} {sidecar}"
            );
        }
        // To a service: judged by its containers, or taken at its word when none are drawn.
        let mut b = Builder::new("t", "");
        b.node("alb", NodeKind::Alb, "", (0.0, 0.0), &[]);
        b.node("ui", NodeKind::EcsService, "", (100.0, 0.0), &[]);
        b.flow("alb", "ui", &[("tls", "require".into())]);
        assert!(flagged(&TargetGroupHttps, &b.build(), Options::default()).is_empty());
        fixes_itself(&TargetGroupHttps, &design("disable", false, false));
        fixes_itself(&TargetGroupHttps, &design("require", false, true));
        fixes_itself(&TargetGroupHttps, &design("disable", true, true));
    }

    #[test]
    fn the_fix_adds_an_nginx_sidecar_in_front_of_gunicorn() {
        let d = design("disable", false, false);
        let model = Model::new(&d);
        let mut out = Findings::default();
        TargetGroupHttps.check(&model, &Options::default(), &mut out);
        let mut fixed = d.clone();
        out.items()[0].autofix.as_ref().unwrap().apply(&mut fixed).unwrap();
        let nginx = fixed.node("web-nginx").expect("sidecar added");
        assert_eq!(nginx.parent.as_deref(), Some("web"));
        assert!(nginx.bool("listens_tls"));
        let alb_flow = fixed.edges.iter().find(|e| e.from == "alb").unwrap();
        assert_eq!((alb_flow.to.as_str(), alb_flow.text("tls"), alb_flow.int("port")), ("web-nginx", "require", 443));
        assert!(fixed.edges.iter().any(|e| e.from == "web-nginx" && e.to == "gunicorn" && e.int("port") == 8000));
    }
}
