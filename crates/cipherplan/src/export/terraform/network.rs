//! network.tf: the VPC, one public and one private subnet per availability zone, internet and
//! NAT gateways, VPC endpoints, and security groups whose rules are the design's flows.

use super::hcl::{at, func, list, local, r, s, Blk};
use super::Ctx;
use crate::catalog::{EdgeKind, NodeKind};
use crate::design::Node;
use std::collections::BTreeSet;

const FILE: &str = "network.tf";

pub(super) fn generate(ctx: &mut Ctx<'_, '_>) {
    let vpcs = ctx.sorted(NodeKind::Vpc);
    let cidr_default = vpcs.first().map_or("10.0.0.0/16", |v| v.text("cidr_block")).to_owned();
    if vpcs.len() > 1 {
        ctx.notes.push(format!(
            "The design draws {} VPCs; this module builds one VPC (`var.vpc_cidr`) holding all of them.",
            vpcs.len()
        ));
    }
    let vpc_cidr = ctx.var(
        "vpc_cidr",
        "string",
        "IPv4 CIDR block of the VPC; each availability zone gets a /24 public and a /24 private subnet.",
        Some((s(cidr_default.clone()), cidr_default)),
    );
    let azs = ctx.sorted(NodeKind::Alb).iter().map(|a| a.int("availability_zones")).max().unwrap_or(2).clamp(2, 6);
    let az_count = ctx.var(
        "az_count",
        "number",
        "Number of availability zones to spread subnets over (an ALB needs at least 2).",
        Some((azs.into(), azs.to_string())),
    );
    let name = |suffix: &str| tags(func("format", vec![s(format!("%s-{suffix}")), local("name")]));

    ctx.add(
        FILE,
        Blk::resource("aws_vpc", "main")
            .a("cidr_block", vpc_cidr.clone())
            .a("enable_dns_support", true)
            .a("enable_dns_hostnames", true)
            .a("tags", name("vpc")),
    );
    // The default security group allows all traffic between its members; nothing should
    // use it, so it is emptied.
    ctx.add(FILE, Blk::resource("aws_default_security_group", "main").a("vpc_id", r(&["aws_vpc", "main", "id"])));
    for (tier, offset) in [("public", 0), ("private", 10)] {
        let netnum: ::hcl::Expression = if offset == 0 {
            r(&["count", "index"])
        } else {
            ::hcl::expr::BinaryOp::new(r(&["count", "index"]), ::hcl::expr::BinaryOperator::Plus, offset).into()
        };
        ctx.add(
            FILE,
            Blk::resource("aws_subnet", tier)
                .a("count", az_count.clone())
                .a("vpc_id", r(&["aws_vpc", "main", "id"]))
                .a("cidr_block", func("cidrsubnet", vec![vpc_cidr.clone(), 8.into(), netnum]))
                .a(
                    "availability_zone",
                    super::hcl::index(
                        r(&["data", "aws_availability_zones", "available", "names"]),
                        r(&["count", "index"]),
                    ),
                )
                .a("map_public_ip_on_launch", false)
                .a(
                    "tags",
                    tags(func("format", vec![s(format!("%s-{tier}-%d")), local("name"), r(&["count", "index"])])),
                ),
        );
    }
    ctx.add(
        FILE,
        Blk::resource("aws_internet_gateway", "main").a("vpc_id", r(&["aws_vpc", "main", "id"])).a("tags", name("igw")),
    );
    ctx.add(
        FILE,
        Blk::resource("aws_route_table", "public")
            .a("vpc_id", r(&["aws_vpc", "main", "id"]))
            .b(Blk::new("route")
                .a("cidr_block", "0.0.0.0/0")
                .a("gateway_id", r(&["aws_internet_gateway", "main", "id"])))
            .a("tags", name("public")),
    );
    let nats = ctx.sorted(NodeKind::NatGateway);
    if !nats.is_empty() {
        ctx.add(FILE, Blk::resource("aws_eip", "nat").a("domain", "vpc").a("tags", name("nat")));
        ctx.add(
            FILE,
            Blk::resource("aws_nat_gateway", "main")
                .a("allocation_id", r(&["aws_eip", "nat", "id"]))
                .a("subnet_id", at("aws_subnet", "public", 0, "id"))
                .a("depends_on", list([r(&["aws_internet_gateway", "main"])]))
                .a("tags", name("nat")),
        );
        if nats.len() > 1 {
            ctx.notes.push("The design draws several NAT gateways; this module builds one in the first public subnet (add one per zone for zone-independent egress).".into());
        }
    }
    let mut private_rt = Blk::resource("aws_route_table", "private").a("vpc_id", r(&["aws_vpc", "main", "id"]));
    if !nats.is_empty() {
        private_rt = private_rt.b(Blk::new("route")
            .a("cidr_block", "0.0.0.0/0")
            .a("nat_gateway_id", r(&["aws_nat_gateway", "main", "id"])));
    }
    ctx.add(FILE, private_rt.a("tags", name("private")));
    for tier in ["public", "private"] {
        ctx.add(
            FILE,
            Blk::resource("aws_route_table_association", tier)
                .a("count", az_count.clone())
                .a("subnet_id", super::hcl::index(super::hcl::splat("aws_subnet", tier, "id"), r(&["count", "index"])))
                .a("route_table_id", r(&["aws_route_table", tier, "id"])),
        );
    }
    endpoints(ctx);
    let compute = !ctx.sorted(NodeKind::EcsService).is_empty()
        || !ctx.sorted(NodeKind::RedisEcs).is_empty()
        || !ctx.sorted(NodeKind::Bastion).is_empty();
    let endpoint_services: BTreeSet<&str> =
        ctx.sorted(NodeKind::VpcEndpoint).iter().map(|e| e.text("service")).collect();
    if compute && nats.is_empty() && !["ecr.api", "ecr.dkr", "s3"].iter().all(|s| endpoint_services.contains(s)) {
        ctx.notes.push("The design has no NAT gateway and no complete set of VPC endpoints (ecr.api, ecr.dkr, s3, logs, secretsmanager, ssmmessages): tasks and instances in the private subnets cannot pull images or reach AWS APIs until one is added.".into());
    }
    security_groups(ctx);
}

/// `{ Name = EXPR }`.
fn tags(name: ::hcl::Expression) -> ::hcl::Expression {
    super::hcl::obj([("Name", name)])
}

fn endpoints(ctx: &mut Ctx<'_, '_>) {
    for ep in ctx.sorted(NodeKind::VpcEndpoint) {
        let id = ctx.n(&ep.id);
        let service = ep.text("service");
        let gateway_capable = service == "s3";
        let gateway = ep.text("endpoint_type") == "Gateway" && gateway_capable;
        if ep.text("endpoint_type") == "Gateway" && !gateway_capable {
            ctx.notes.push(format!(
                "VPC endpoint `{}` asks for a Gateway endpoint to {service}, which only exists as an Interface endpoint; it is exported as Interface.",
                ctx.seg(&ep.id)
            ));
        }
        let mut b = Blk::resource("aws_vpc_endpoint", &id)
            .a("vpc_id", r(&["aws_vpc", "main", "id"]))
            .a(
                "service_name",
                func("format", vec![s(format!("com.amazonaws.%s.{service}")), super::hcl::var("region")]),
            )
            .a("vpc_endpoint_type", if gateway { "Gateway" } else { "Interface" });
        if gateway {
            b = b.a("route_table_ids", list([r(&["aws_route_table", "private", "id"])]));
        } else {
            b = b
                .a("subnet_ids", Ctx::subnets(false))
                .a("security_group_ids", list([r(&["aws_security_group", &id, "id"])]))
                .a("private_dns_enabled", true);
        }
        ctx.add(FILE, b.a("tags", tags(ctx.aws_name(&ep.id, None))));
    }
}

/// One allowed connection between security groups (or from a CIDR).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Rule {
    to: String,
    from: String,
    port: i64,
}

fn security_groups(ctx: &mut Ctx<'_, '_>) {
    let mut owners: Vec<&Node> = ctx.model.design.nodes.iter().filter(|n| Ctx::has_sg(n)).collect();
    owners.sort_by(|a, b| a.id.cmp(&b.id));
    for n in &owners {
        let id = ctx.n(&n.id);
        ctx.add(
            FILE,
            Blk::resource("aws_security_group", &id)
                .a("name", ctx.aws_name(&n.id, None))
                .a("description", format!("cipherplan: {} {}", n.kind.as_str(), ctx.seg(&n.id)))
                .a("vpc_id", r(&["aws_vpc", "main", "id"]))
                .a("tags", tags(ctx.aws_name(&n.id, None))),
        );
    }

    // Rules between groups, from the design's flows.
    let mut rules = BTreeSet::new();
    let mut flows: Vec<_> = ctx.model.edges_of(EdgeKind::Flow).collect();
    flows.sort_by(|a, b| a.id.cmp(&b.id));
    for f in flows {
        let (Some(from), Some(to)) = (ctx.model.node(&f.from), ctx.model.node(&f.to)) else { continue };
        let (from, to) = (ctx.acting(from), ctx.acting(to));
        if from.id == to.id || to.kind == NodeKind::Alb || matches!(f.text("protocol"), "ssm" | "aws_api") {
            continue;
        }
        if Ctx::has_sg(from) && Ctx::has_sg(to) {
            rules.insert(Rule { to: to.id.clone(), from: from.id.clone(), port: f.int("port") });
        }
    }
    for rule in &rules {
        let (to, from) = (ctx.n(&rule.to), ctx.n(&rule.from));
        let (to_seg, from_seg) = (ctx.seg(&rule.to), ctx.seg(&rule.from));
        let name = ctx.unique("aws_vpc_security_group_ingress_rule", &format!("{to}_from_{from}_{}", rule.port));
        ctx.add(
            FILE,
            Blk::resource("aws_vpc_security_group_ingress_rule", &name)
                .a("security_group_id", r(&["aws_security_group", &to, "id"]))
                .a("referenced_security_group_id", r(&["aws_security_group", &from, "id"]))
                .a("ip_protocol", "tcp")
                .a("from_port", rule.port)
                .a("to_port", rule.port)
                .a("description", format!("{from_seg} to {to_seg} on {}", rule.port)),
        );
        let name = ctx.unique("aws_vpc_security_group_egress_rule", &format!("{from}_to_{to}_{}", rule.port));
        ctx.add(
            FILE,
            Blk::resource("aws_vpc_security_group_egress_rule", &name)
                .a("security_group_id", r(&["aws_security_group", &from, "id"]))
                .a("referenced_security_group_id", r(&["aws_security_group", &to, "id"]))
                .a("ip_protocol", "tcp")
                .a("from_port", rule.port)
                .a("to_port", rule.port)
                .a("description", format!("{from_seg} to {to_seg} on {}", rule.port)),
        );
    }

    // Load balancers: their listeners face the internet (or the VPC when internal).
    for alb in ctx.sorted(NodeKind::Alb) {
        let id = ctx.n(&alb.id);
        let source = if alb.bool("internal") { super::hcl::var("vpc_cidr") } else { s("0.0.0.0/0") };
        let mut ports = Vec::new();
        if super::alb::serves_https(alb) {
            ports.push((443, "https"));
        }
        if alb.text("http_listener") != "none" {
            ports.push((80, "http"));
        }
        for (port, proto) in ports {
            let name = ctx.unique("aws_vpc_security_group_ingress_rule", &format!("{id}_{proto}_in"));
            ctx.add(
                FILE,
                Blk::resource("aws_vpc_security_group_ingress_rule", &name)
                    .a("security_group_id", r(&["aws_security_group", &id, "id"]))
                    .a("cidr_ipv4", source.clone())
                    .a("ip_protocol", "tcp")
                    .a("from_port", port)
                    .a("to_port", port)
                    .a("description", format!("{} listener of {}", proto.to_uppercase(), ctx.seg(&alb.id))),
            );
        }
    }

    // Compute reaches AWS APIs, ECR and SSM over HTTPS; interface endpoints accept it.
    for n in &owners {
        let id = ctx.n(&n.id);
        if matches!(n.kind, NodeKind::EcsService | NodeKind::RedisEcs | NodeKind::Bastion) {
            let name = ctx.unique("aws_vpc_security_group_egress_rule", &format!("{id}_https_out"));
            ctx.add(
                FILE,
                Blk::resource("aws_vpc_security_group_egress_rule", &name)
                    .a("security_group_id", r(&["aws_security_group", &id, "id"]))
                    .a("cidr_ipv4", "0.0.0.0/0")
                    .a("ip_protocol", "tcp")
                    .a("from_port", 443)
                    .a("to_port", 443)
                    .a("description", "HTTPS to AWS APIs, ECR and Session Manager"),
            );
        }
        if n.kind == NodeKind::Bastion && n.text("access") == "ssh" {
            let cidr = ctx.var(
                "admin_cidr",
                "string",
                "CIDR block allowed to reach the bastion over SSH (the design uses SSH instead of Session Manager).",
                None,
            );
            let name = ctx.unique("aws_vpc_security_group_ingress_rule", &format!("{id}_ssh_in"));
            ctx.add(
                FILE,
                Blk::resource("aws_vpc_security_group_ingress_rule", &name)
                    .a("security_group_id", r(&["aws_security_group", &id, "id"]))
                    .a("cidr_ipv4", cidr)
                    .a("ip_protocol", "tcp")
                    .a("from_port", 22)
                    .a("to_port", 22)
                    .a("description", "SSH from the admin network"),
            );
        }
        if n.kind == NodeKind::VpcEndpoint {
            let name = ctx.unique("aws_vpc_security_group_ingress_rule", &format!("{id}_https_in"));
            ctx.add(
                FILE,
                Blk::resource("aws_vpc_security_group_ingress_rule", &name)
                    .a("security_group_id", r(&["aws_security_group", &id, "id"]))
                    .a("cidr_ipv4", super::hcl::var("vpc_cidr"))
                    .a("ip_protocol", "tcp")
                    .a("from_port", 443)
                    .a("to_port", 443)
                    .a("description", "HTTPS from the VPC to the endpoint"),
            );
        }
    }
}
