//! alb.tf and dns.tf: load balancers with the designed listeners (HTTPS with the designed TLS
//! policy and certificate, HTTP redirecting, forwarding or absent), target groups matching
//! the ALB→task flows (HTTPS on 443 to the nginx sidecar, with HTTPS health checks), the ACM
//! certificate when none is supplied, and Route 53 records when the design has a hosted zone.

use super::ecs::{domain_var, target_of, Cdef};
use super::hcl::{func, list, local, obj, r, s, strs, var, Blk};
use super::Ctx;
use crate::catalog::{EdgeKind, NodeKind};
use crate::design::Node;
use crate::export::names::Unique;
use hcl::expr::{Traversal, TraversalOperator};
use hcl::{Expression, Identifier};

const FILE: &str = "alb.tf";
const DNS: &str = "dns.tf";

/// Whether an ALB has a working HTTPS listener (a listener needs a certificate).
pub(super) fn serves_https(alb: &Node) -> bool {
    alb.bool("https_listener") && alb.text("certificate") != "none"
}

/// One target group: an ALB flow to a task.
#[derive(Debug, Clone)]
pub(crate) struct Tg<'d> {
    pub alb: &'d Node,
    pub name: String,
    pub service: &'d Node,
    pub container: Cdef<'d>,
    pub https: bool,
    pub port: i64,
}

/// The target groups of the module, in ALB then flow id order.
pub(super) fn target_groups<'d>(ctx: &Ctx<'_, 'd>) -> Vec<Tg<'d>> {
    let mut names = Unique::new("_");
    let mut out = Vec::new();
    for alb in ctx.sorted(NodeKind::Alb) {
        let mut flows = ctx.model.outgoing(&alb.id, EdgeKind::Flow);
        flows.sort_by(|a, b| a.id.cmp(&b.id));
        for flow in flows {
            let Some((service, container)) = target_of(ctx, flow) else { continue };
            if out.iter().any(|t: &Tg<'_>| {
                t.alb.id == alb.id && t.service.id == service.id && t.container.name == container.name
            }) {
                continue;
            }
            // The ALB speaks TLS to its target when the flow asks for it and the target serves it.
            let https = flow.text("tls") != "disable" && container.listens_tls;
            let port = container.port.unwrap_or_else(|| flow.int("port"));
            let name = names.claim(&format!("{}_{}", ctx.n(&alb.id), ctx.n(&service.id)));
            out.push(Tg { alb, name, service, container, https, port });
        }
    }
    out
}

/// The load balancer attachments of a service: (target group, container, port, listener).
pub(super) fn attachments<'d>(ctx: &Ctx<'_, 'd>, service: &'d Node) -> Vec<(String, String, i64, String)> {
    ctx.target_groups
        .iter()
        .filter(|t| t.service.id == service.id)
        .filter_map(|t| {
            let listener = default_listener(t.alb, &ctx.n(&t.alb.id))?;
            Some((t.name.clone(), t.container.name.clone(), t.port, listener))
        })
        .collect()
}

/// The listener that forwards to target groups: HTTPS, else a forwarding HTTP listener.
fn default_listener(alb: &Node, id: &str) -> Option<String> {
    if serves_https(alb) {
        Some(format!("{id}_https"))
    } else if alb.text("http_listener") == "forward" {
        Some(format!("{id}_http"))
    } else {
        None
    }
}

fn attr(expr: Expression, ops: &[TraversalOperator]) -> Expression {
    Traversal::new(expr, ops.to_vec()).into()
}

fn get(name: &str) -> TraversalOperator {
    TraversalOperator::GetAttr(Identifier::unchecked(name))
}

pub(super) fn generate(ctx: &mut Ctx<'_, '_>) {
    let albs = ctx.sorted(NodeKind::Alb);
    if albs.is_empty() {
        return;
    }
    let zone = ctx.sorted(NodeKind::Route53).into_iter().next();
    let domain = domain_var(ctx);
    let acm_needed = albs.iter().any(|a| serves_https(a));
    let imported = albs.iter().any(|a| serves_https(a) && a.text("certificate") == "imported");
    if acm_needed {
        let desc = if imported {
            "ARN of the certificate imported into ACM for the HTTPS listener (the design uses an imported certificate)."
        } else {
            "ARN of a validated ACM certificate for var.domain_name; leave null and this module requests one and waits for its DNS validation."
        };
        ctx.var(
            "certificate_arn",
            "string",
            desc,
            if imported { None } else { Some((Expression::Null, "null".into())) },
        );
    }
    ctx.var(
        "health_check_path",
        "string",
        "Path the load balancer health checks request on the web task.",
        Some((s("/"), "/".into())),
    );
    let protect = ctx.var(
        "deletion_protection",
        "bool",
        "Protect the database and load balancer from deletion (set false before `terraform destroy`).",
        Some((true.into(), "true".into())),
    );
    let tgs = ctx.target_groups.clone();
    for alb in &albs {
        let id = ctx.n(&alb.id);
        let internal = alb.bool("internal");
        ctx.add(
            FILE,
            Blk::resource("aws_lb", &id)
                .a("name", ctx.aws_name(&alb.id, Some(32)))
                .a("internal", internal)
                .a("load_balancer_type", "application")
                .a("security_groups", list([ctx.sg(alb)]))
                .a("subnets", Ctx::subnets(!internal))
                .a("drop_invalid_header_fields", alb.bool("drop_invalid_header_fields"))
                .a("enable_deletion_protection", protect.clone())
                .a("tags", obj([("Name", ctx.aws_name(&alb.id, None))])),
        );
        let mine: Vec<&Tg<'_>> = tgs.iter().filter(|t| t.alb.id == alb.id).collect();
        for t in &mine {
            let proto = if t.https { "HTTPS" } else { "HTTP" };
            ctx.add(
                FILE,
                Blk::resource("aws_lb_target_group", &t.name)
                    .a(
                        "name",
                        func(
                            "substr",
                            vec![
                                func(
                                    "format",
                                    vec![
                                        s(format!("%s-{}-{}", ctx.seg(&alb.id), ctx.seg(&t.service.id))),
                                        local("name"),
                                    ],
                                ),
                                0.into(),
                                32.into(),
                            ],
                        ),
                    )
                    .a("port", t.port)
                    .a("protocol", proto)
                    .a("target_type", "ip")
                    .a("vpc_id", r(&["aws_vpc", "main", "id"]))
                    .a("deregistration_delay", 30)
                    .b(Blk::new("health_check")
                        .a("enabled", true)
                        .a("protocol", proto)
                        .a("path", var("health_check_path"))
                        .a("matcher", "200-399")
                        .a("interval", 30)
                        .a("healthy_threshold", 2)
                        .a("unhealthy_threshold", 3)),
            );
        }
        let forward = |t: Option<&&Tg<'_>>| -> Blk {
            match t {
                Some(t) => Blk::new("default_action")
                    .a("type", "forward")
                    .a("target_group_arn", r(&["aws_lb_target_group", &t.name, "arn"])),
                None => Blk::new("default_action").a("type", "fixed-response").b(Blk::new("fixed_response")
                    .a("content_type", "text/plain")
                    .a("message_body", "Not found")
                    .a("status_code", "404")),
            }
        };
        // Web tasks first: the default action serves the Django web service.
        let mut ordered = mine.clone();
        ordered.sort_by_key(|t| (t.service.text("role") != "web", t.name.clone()));
        if serves_https(alb) {
            let cert = certificate(ctx, alb, &id, zone, &domain);
            ctx.add(
                FILE,
                Blk::resource("aws_lb_listener", &format!("{id}_https"))
                    .a("load_balancer_arn", r(&["aws_lb", &id, "arn"]))
                    .a("port", 443)
                    .a("protocol", "HTTPS")
                    .a("ssl_policy", alb.text("ssl_policy"))
                    .a("certificate_arn", cert)
                    .b(forward(ordered.first())),
            );
        } else if alb.bool("https_listener") {
            ctx.notes.push(format!(
                "Load balancer `{}` asks for an HTTPS listener without a certificate; a listener needs one, so none is exported.",
                ctx.seg(&alb.id)
            ));
        }
        match alb.text("http_listener") {
            "redirect" => ctx.add(
                FILE,
                Blk::resource("aws_lb_listener", &format!("{id}_http"))
                    .a("load_balancer_arn", r(&["aws_lb", &id, "arn"]))
                    .a("port", 80)
                    .a("protocol", "HTTP")
                    .b(Blk::new("default_action")
                        .a("type", "redirect")
                        .b(Blk::new("redirect").a("port", "443").a("protocol", "HTTPS").a("status_code", "HTTP_301"))),
            ),
            "forward" => ctx.add(
                FILE,
                Blk::resource("aws_lb_listener", &format!("{id}_http"))
                    .a("load_balancer_arn", r(&["aws_lb", &id, "arn"]))
                    .a("port", 80)
                    .a("protocol", "HTTP")
                    .b(forward(ordered.first())),
            ),
            _ => {}
        }
        // Further services share the listener by path.
        if let Some(listener) = default_listener(alb, &id) {
            for (i, t) in ordered.iter().enumerate().skip(1) {
                let path = format!("/{}/*", ctx.seg(&t.service.id));
                ctx.notes.push(format!(
                    "Load balancer `{}` sends `{path}` to `{}` (the design does not say which paths each service serves; adjust the listener rule).",
                    ctx.seg(&alb.id),
                    ctx.seg(&t.service.id)
                ));
                ctx.add(
                    FILE,
                    Blk::resource("aws_lb_listener_rule", &t.name)
                        .a("listener_arn", r(&["aws_lb_listener", &listener, "arn"]))
                        .a("priority", 100 + i64::try_from(i).unwrap_or(0))
                        .b(Blk::new("action")
                            .a("type", "forward")
                            .a("target_group_arn", r(&["aws_lb_target_group", &t.name, "arn"])))
                        .b(Blk::new("condition").b(Blk::new("path_pattern").a("values", strs([path])))),
                );
            }
        }
        ctx.outputs.push(
            Blk::labelled("output", &format!("{id}_dns_name"))
                .a("description", format!("DNS name of load balancer `{}`.", ctx.seg(&alb.id)))
                .a("value", r(&["aws_lb", &id, "dns_name"])),
        );
    }
    if let Some(zone) = zone {
        let zid = ctx.n(&zone.id);
        if let Some(alb) = albs.iter().find(|a| !a.bool("internal")) {
            let aid = ctx.n(&alb.id);
            ctx.add(
                DNS,
                Blk::resource("aws_route53_record", &format!("{zid}_app"))
                    .a("zone_id", r(&["data", "aws_route53_zone", &zid, "zone_id"]))
                    .a("name", domain.clone())
                    .a("type", "A")
                    .b(Blk::new("alias")
                        .a("name", r(&["aws_lb", &aid, "dns_name"]))
                        .a("zone_id", r(&["aws_lb", &aid, "zone_id"]))
                        .a("evaluate_target_health", true)),
            );
        }
    }
}

/// Declares the hosted zone data source (once) and returns its identifier.
fn zone_data<'d>(ctx: &mut Ctx<'_, 'd>, zone: &'d Node) -> String {
    let zid = ctx.n(&zone.id);
    let typed = zone.text("domain_name").trim().to_owned();
    let parent = typed.split_once('.').map(|(_, rest)| rest.to_owned()).filter(|r| r.contains('.'));
    let default = parent.or_else(|| (!typed.is_empty()).then(|| typed.clone()));
    let zone_var = ctx.var(
        "route53_zone_name",
        "string",
        "Name of the Route 53 public hosted zone that holds var.domain_name (its DNS validation and alias records go there).",
        default.map(|d| (s(d.clone()), d)),
    );
    if ctx.once("route53 zone data source") {
        ctx.add(DNS, Blk::data("aws_route53_zone", &zid).a("name", zone_var).a("private_zone", false));
    }
    zid
}

/// The certificate ARN of an ALB's HTTPS listener: the supplied one, else one this module
/// requests from ACM and validates (through Route 53 when the design has a zone).
fn certificate<'d>(
    ctx: &mut Ctx<'_, 'd>,
    alb: &'d Node,
    id: &str,
    zone: Option<&'d Node>,
    domain: &Expression,
) -> Expression {
    if alb.text("certificate") == "imported" {
        return var("certificate_arn");
    }
    let requested = super::hcl::eq(var("certificate_arn"), Expression::Null);
    let count = super::hcl::cond(requested, 1, 0);
    ctx.add(
        FILE,
        Blk::resource("aws_acm_certificate", id)
            .a("count", count.clone())
            .a("domain_name", domain.clone())
            .a("validation_method", "DNS")
            .b(Blk::new("lifecycle").a("create_before_destroy", true)),
    );
    let cert0 = super::hcl::at("aws_acm_certificate", id, 0, "domain_validation_options");
    let option =
        |field: &str| attr(func("tolist", vec![cert0.clone()]), &[TraversalOperator::Index(0.into()), get(field)]);
    let mut validation = Blk::resource("aws_acm_certificate_validation", id)
        .a("count", count.clone())
        .a("certificate_arn", super::hcl::at("aws_acm_certificate", id, 0, "arn"));
    if let Some(zone) = zone {
        let zid = zone_data(ctx, zone);
        ctx.add(
            DNS,
            Blk::resource("aws_route53_record", &format!("{id}_validation"))
                .a("count", count)
                .a("zone_id", r(&["data", "aws_route53_zone", &zid, "zone_id"]))
                .a("name", option("resource_record_name"))
                .a("type", option("resource_record_type"))
                .a("records", list([option("resource_record_value")]))
                .a("ttl", 60)
                .a("allow_overwrite", true),
        );
        validation = validation
            .a("validation_record_fqdns", super::hcl::splat("aws_route53_record", &format!("{id}_validation"), "fqdn"));
    } else {
        ctx.outputs.push(
            Blk::labelled("output", &format!("{id}_certificate_validation"))
                .a(
                    "description",
                    "DNS record to create so ACM can validate the requested certificate (apply waits for it).",
                )
                .a("value", super::hcl::splat("aws_acm_certificate", id, "domain_validation_options")),
        );
    }
    ctx.add(FILE, validation);
    func(
        "coalesce",
        vec![
            var("certificate_arn"),
            func("one", vec![super::hcl::splat("aws_acm_certificate_validation", id, "certificate_arn")]),
        ],
    )
}
