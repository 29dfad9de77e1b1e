//! Per-kind estimators: how each component's properties become billed quantities.

use super::prices::{Price, RegionPrices};
use super::{fmt_num, round6, CostAssumptions, LineItem};
use crate::catalog::NodeKind;
use crate::design::{Design, Node};
use std::collections::HashMap;

/// Collects line items for one region and one set of assumptions.
pub(super) struct Pricer<'a> {
    table: &'static RegionPrices,
    /// The table by SKU (a design prices thousands of lines).
    by_sku: HashMap<&'static str, &'static Price>,
    assumptions: &'a CostAssumptions,
    lines: Vec<LineItem>,
}

/// Thousands, tens of thousands: the units requests are billed in.
const PER_1K: f64 = 1_000.0;
const PER_10K: f64 = 10_000.0;

impl<'a> Pricer<'a> {
    pub(super) fn new(table: &'static RegionPrices, assumptions: &'a CostAssumptions) -> Self {
        Pricer { table, by_sku: table.prices.iter().map(|p| (p.sku, p)).collect(), assumptions, lines: Vec::new() }
    }

    pub(super) fn into_lines(self) -> Vec<LineItem> {
        self.lines
    }

    fn hours(&self) -> f64 {
        self.assumptions.hours_per_month
    }

    fn line(&self, node: &Node, item: &str, quantity: f64, unit: &str, assumption: String) -> LineItem {
        LineItem {
            component: node.id.clone(),
            label: node.display_name().to_owned(),
            kind: node.kind,
            item: item.to_owned(),
            sku: String::new(),
            quantity: round6(quantity),
            unit: unit.to_owned(),
            unit_price: None,
            monthly: None,
            source: String::new(),
            date: String::new(),
            estimate: false,
            assumption,
            no_price: None,
        }
    }

    fn priced(&mut self, node: &Node, item: &str, price: &Price, quantity: f64, assumption: String) {
        let mut line = self.line(node, item, quantity, price.unit, assumption);
        line.sku = price.sku.to_owned();
        line.unit_price = Some(price.usd);
        line.monthly = Some(round6(line.quantity * price.usd));
        line.source = price.source.to_owned();
        line.date = price.date.to_owned();
        line.estimate = price.estimate;
        self.lines.push(line);
    }

    /// Adds a line priced from `sku`; when the table lacks it, a line that says
    /// "no price for `missing` in region" (and counts as unpriced, not as zero).
    #[allow(clippy::too_many_arguments)] // one argument per column of the line, named at every call
    fn add(
        &mut self,
        node: &Node,
        item: &str,
        sku: &str,
        quantity: f64,
        unit: &str,
        missing: &str,
        assumption: String,
    ) {
        if let Some(&price) = self.by_sku.get(sku) {
            self.priced(node, item, price, quantity, assumption);
        } else {
            self.unpriced(node, item, quantity, unit, missing, assumption);
        }
    }

    fn unpriced(&mut self, node: &Node, item: &str, quantity: f64, unit: &str, missing: &str, assumption: String) {
        let mut line = self.line(node, item, quantity, unit, assumption);
        line.no_price = Some(format!("no price for {missing} in {}", self.table.region));
        self.lines.push(line);
    }

    /// Prices one node (nothing for kinds with no charge of their own).
    pub(super) fn price(&mut self, design: &Design, node: &Node) {
        match node.kind {
            NodeKind::EcsService => self.ecs_service(node),
            NodeKind::RedisEcs => {
                let hours = self.hours();
                self.fargate(node, hours, "FARGATE");
            }
            NodeKind::Alb => self.alb(node),
            NodeKind::NatGateway => self.nat(node),
            NodeKind::RdsPostgres => self.rds(node),
            NodeKind::ElasticacheRedis => self.elasticache(node),
            NodeKind::Bastion => self.bastion(node),
            NodeKind::S3Bucket => self.s3(node),
            NodeKind::Efs => {
                let gb = node.num("storage_gb");
                self.add(
                    node,
                    "Storage (Standard)",
                    "efs.standard.gb_month",
                    gb,
                    "GB-month",
                    "EFS storage",
                    format!("{} GB stored", fmt_num(gb)),
                );
            }
            NodeKind::EcrRepository => {
                let gb = node.num("storage_gb");
                self.add(
                    node,
                    "Image storage",
                    "ecr.gb_month",
                    gb,
                    "GB-month",
                    "ECR storage",
                    format!("{} GB of images", fmt_num(gb)),
                );
            }
            NodeKind::KmsKey => self.kms(node),
            NodeKind::Secret => {
                self.add(
                    node,
                    "Secret",
                    "secrets.secret_month",
                    1.0,
                    "secret-month",
                    "Secrets Manager secrets",
                    "1 secret".into(),
                );
                let calls = node.num("monthly_api_calls");
                self.add(
                    node,
                    "API calls",
                    "secrets.calls.10k",
                    calls / PER_10K,
                    "10k calls",
                    "Secrets Manager API calls",
                    format!("{} GetSecretValue calls a month", fmt_num(calls)),
                );
            }
            NodeKind::LogGroup => {
                let (ingested, stored) = (node.num("ingested_gb"), node.num("stored_gb"));
                self.add(
                    node,
                    "Ingestion",
                    "logs.ingested.gb",
                    ingested,
                    "GB",
                    "CloudWatch Logs ingestion",
                    format!("{} GB ingested a month", fmt_num(ingested)),
                );
                self.add(
                    node,
                    "Storage",
                    "logs.stored.gb_month",
                    stored,
                    "GB-month",
                    "CloudWatch Logs storage",
                    format!("{} GB stored on average", fmt_num(stored)),
                );
            }
            NodeKind::VpcEndpoint => self.vpc_endpoint(node),
            NodeKind::Route53 => {
                self.add(
                    node,
                    "Hosted zone",
                    "route53.hosted_zone",
                    1.0,
                    "zone-month",
                    "Route 53 hosted zones",
                    "1 hosted zone (queries not priced)".into(),
                );
            }
            NodeKind::Cloudfront => {
                self.unpriced(
                    node,
                    "Requests and data transfer",
                    0.0,
                    "",
                    "CloudFront",
                    "priced by traffic, which the design does not estimate".into(),
                );
            }
            NodeKind::EcsCluster if node.bool("container_insights") => {
                let services = design
                    .edges
                    .iter()
                    .filter(|e| e.kind == crate::catalog::EdgeKind::RunsOn && e.to == node.id)
                    .count();
                self.unpriced(
                    node,
                    "Container Insights metrics",
                    0.0,
                    "",
                    "Container Insights",
                    format!("custom metrics for {services} services"),
                );
            }
            // No charge of their own: clients, boundaries, the cluster, containers (billed in
            // their task), and the control plane.
            NodeKind::EcsCluster
            | NodeKind::InternetClient
            | NodeKind::Operator
            | NodeKind::Container
            | NodeKind::Vpc
            | NodeKind::Subnet => {}
        }
    }

    fn ecs_service(&mut self, node: &Node) {
        // A service's own hours (a one-off management task) win over the design-wide hours.
        let hours = if node.is_set("hours_per_month") { node.num("hours_per_month") } else { self.hours() };
        self.fargate(node, hours, node.text("capacity_provider"));
        if node.bool("assign_public_ip") {
            let count = node.num("desired_count");
            self.add(
                node,
                "Public IPv4 (one per task)",
                "ipv4.hour",
                count * hours,
                "address-hour",
                "public IPv4 addresses",
                format!("{} × {} h", plural(count, "task"), fmt_num(hours)),
            );
        }
    }

    fn fargate(&mut self, node: &Node, hours: f64, capacity: &str) {
        let count = node.num("desired_count");
        let vcpu = node.num("cpu") / 1024.0;
        let gb = node.num("memory") / 1024.0;
        let arm = node.text("cpu_architecture") == "ARM64";
        let (arch, key) = if arm { ("Linux/ARM", "arm") } else { ("Linux/x86", "x86") };
        let tasks = plural(count, "task");
        let before = self.lines.len();
        self.add(
            node,
            &format!("vCPU ({arch})"),
            &format!("fargate.{key}.vcpu_hour"),
            count * vcpu * hours,
            "vCPU-hour",
            &format!("Fargate {arch} vCPU"),
            format!("{tasks} × {} vCPU × {} h", fmt_num(vcpu), fmt_num(hours)),
        );
        self.add(
            node,
            &format!("Memory ({arch})"),
            &format!("fargate.{key}.gb_hour"),
            count * gb * hours,
            "GB-hour",
            &format!("Fargate {arch} memory"),
            format!("{tasks} × {} GB × {} h", fmt_num(gb), fmt_num(hours)),
        );
        if capacity != "FARGATE_SPOT" {
            return;
        }
        if arm {
            // AWS: Linux tasks on ARM64 do not support the Fargate Spot capacity provider.
            for line in &mut self.lines[before..] {
                line.assumption.push_str("; priced on demand: Fargate Spot does not run ARM64 tasks");
            }
            return;
        }
        let on_demand: f64 = self.lines[before..].iter().filter_map(|l| l.monthly).sum();
        let discount = self.assumptions.spot_discount;
        let mut line = self.line(
            node,
            "Fargate Spot discount (estimate)",
            round6(on_demand),
            "USD on demand",
            format!(
                "{}% off the on-demand price above (a labelled estimate; Spot has no list price)",
                fmt_num(discount * 100.0)
            ),
        );
        line.unit_price = Some(-discount);
        line.monthly = Some(round6(-discount * line.quantity));
        line.source = "assumption: configurable Spot discount".into();
        line.date = "—".into();
        line.estimate = true;
        self.lines.push(line);
    }

    fn alb(&mut self, node: &Node) {
        let hours = self.hours();
        self.add(
            node,
            "Load balancer hours",
            "alb.hour",
            hours,
            "hour",
            "Application Load Balancers",
            format!("{} h", fmt_num(hours)),
        );
        let lcu = node.num("lcu_per_hour");
        self.add(
            node,
            "Capacity units (LCU)",
            "alb.lcu_hour",
            lcu * hours,
            "LCU-hour",
            "ALB capacity units",
            format!("{} LCU on average × {} h", fmt_num(lcu), fmt_num(hours)),
        );
        if !node.bool("internal") {
            let zones = node.num("availability_zones");
            self.add(
                node,
                "Public IPv4 (one per AZ)",
                "ipv4.hour",
                zones * hours,
                "address-hour",
                "public IPv4 addresses",
                format!("{} AZs × {} h", fmt_num(zones), fmt_num(hours)),
            );
        }
        if node.bool("https_listener") && node.text("certificate") == "acm" {
            self.add(
                node,
                "ACM public certificate",
                "acm.public_certificate",
                1.0,
                "certificate-month",
                "ACM certificates",
                "1 certificate on the HTTPS listener".into(),
            );
        }
    }

    fn nat(&mut self, node: &Node) {
        let hours = self.hours();
        self.add(node, "NAT gateway hours", "nat.hour", hours, "hour", "NAT gateways", format!("{} h", fmt_num(hours)));
        let gb = node.num("data_processed_gb");
        self.add(
            node,
            "Data processed",
            "nat.gb",
            gb,
            "GB",
            "NAT data processing",
            format!("{} GB a month", fmt_num(gb)),
        );
        self.add(
            node,
            "Public IPv4 (Elastic IP)",
            "ipv4.hour",
            hours,
            "address-hour",
            "public IPv4 addresses",
            format!("1 address × {} h", fmt_num(hours)),
        );
    }

    fn rds(&mut self, node: &Node) {
        let hours = self.hours();
        let class = node.text("instance_class");
        let multi = node.bool("multi_az");
        let deployment = if multi { "Multi-AZ" } else { "single-AZ" };
        let item = format!("Instance {class}, {deployment}");
        let sku = format!("rds.{class}.{}", if multi { "multi_az" } else { "single_az" });
        let assumption = format!("{} h", fmt_num(hours));
        if let Some(&price) = self.by_sku.get(sku.as_str()) {
            self.priced(node, &item, price, hours, assumption);
        } else if let (true, Some(&single)) = (multi, self.by_sku.get(format!("rds.{class}.single_az").as_str())) {
            // A Multi-AZ (one standby) instance is billed as two instances.
            self.priced(
                node,
                &item,
                single,
                2.0 * hours,
                format!(
                    "2 instances (primary + standby) × {} h; no Multi-AZ price in the table, priced at twice single-AZ",
                    fmt_num(hours)
                ),
            );
            if let Some(l) = self.lines.last_mut() {
                l.estimate = true;
            }
        } else {
            self.unpriced(node, &item, hours, "hour", class, assumption);
        }
        let storage_type = node.text("storage_type");
        let gb = node.num("allocated_storage");
        let copies = if multi { 2.0 } else { 1.0 };
        let assumption = if multi {
            format!("{} GB allocated × 2 (Multi-AZ keeps a standby copy)", fmt_num(gb))
        } else {
            format!("{} GB allocated", fmt_num(gb))
        };
        self.add(
            node,
            &format!("Storage ({storage_type})"),
            &format!("rds.storage.{storage_type}"),
            gb * copies,
            "GB-month",
            &format!("RDS {storage_type} storage"),
            assumption,
        );
    }

    fn elasticache(&mut self, node: &Node) {
        let hours = self.hours();
        let node_type = node.text("node_type");
        let nodes = node.num("num_cache_clusters");
        self.add(
            node,
            &format!("Nodes {node_type}"),
            &format!("elasticache.{node_type}"),
            nodes * hours,
            "node-hour",
            node_type,
            format!("{} × {} h", plural(nodes, "node"), fmt_num(hours)),
        );
    }

    fn bastion(&mut self, node: &Node) {
        let hours = self.hours();
        let ty = node.text("instance_type");
        self.add(
            node,
            &format!("Instance {ty}"),
            &format!("ec2.{ty}"),
            hours,
            "hour",
            ty,
            format!("{} h", fmt_num(hours)),
        );
        let gb = node.num("root_volume_gb");
        self.add(
            node,
            "Root volume (gp3)",
            "ebs.gp3",
            gb,
            "GB-month",
            "EBS gp3 volumes",
            format!("{} GB root volume", fmt_num(gb)),
        );
        if node.bool("associate_public_ip_address") {
            self.add(
                node,
                "Public IPv4",
                "ipv4.hour",
                hours,
                "address-hour",
                "public IPv4 addresses",
                format!("1 address × {} h", fmt_num(hours)),
            );
        }
    }

    fn s3(&mut self, node: &Node) {
        let gb = node.num("storage_gb");
        self.add(
            node,
            "Storage (Standard)",
            "s3.standard.gb_month",
            gb,
            "GB-month",
            "S3 Standard storage",
            format!("{} GB stored", fmt_num(gb)),
        );
        let put = node.num("put_requests_thousands");
        self.add(
            node,
            "PUT/COPY/POST/LIST requests",
            "s3.put.1k",
            put,
            "1k requests",
            "S3 PUT requests",
            format!("{} requests a month", fmt_num(put * PER_1K)),
        );
        let get = node.num("get_requests_thousands");
        self.add(
            node,
            "GET requests",
            "s3.get.1k",
            get,
            "1k requests",
            "S3 GET requests",
            format!("{} requests a month", fmt_num(get * PER_1K)),
        );
    }

    fn kms(&mut self, node: &Node) {
        self.add(
            node,
            "Customer managed key",
            "kms.key_month",
            1.0,
            "key-month",
            "KMS keys",
            "1 key in its first year (each of the first two yearly rotations later adds $1 a month)".into(),
        );
        let requests = node.num("monthly_requests");
        self.add(
            node,
            "API requests",
            "kms.requests.10k",
            requests / PER_10K,
            "10k requests",
            "KMS requests",
            format!("{} requests a month", fmt_num(requests)),
        );
    }

    fn vpc_endpoint(&mut self, node: &Node) {
        let hours = self.hours();
        if node.text("endpoint_type") == "Gateway" {
            self.add(
                node,
                "Gateway endpoint",
                "vpce.gateway.hour",
                hours,
                "hour",
                "gateway endpoints",
                format!("{} h (gateway endpoints have no charge)", fmt_num(hours)),
            );
            return;
        }
        let zones = node.num("availability_zones");
        self.add(
            node,
            "Interface endpoint (per AZ)",
            "vpce.interface.hour",
            zones * hours,
            "ENI-hour",
            "interface endpoints",
            format!("{} AZs × {} h", fmt_num(zones), fmt_num(hours)),
        );
        let gb = node.num("data_processed_gb");
        self.add(
            node,
            "Data processed",
            "vpce.interface.gb",
            gb,
            "GB",
            "interface endpoint data",
            format!("{} GB a month", fmt_num(gb)),
        );
    }
}

/// `1 task`, `2 tasks`, `0.5 tasks`.
fn plural(n: f64, word: &str) -> String {
    if (n - 1.0).abs() < f64::EPSILON {
        format!("1 {word}")
    } else {
        format!("{} {word}s", fmt_num(n))
    }
}
