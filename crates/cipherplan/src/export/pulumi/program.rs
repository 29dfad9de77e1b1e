//! `index.ts`: the Pulumi program, with `@pulumi/aws` (classic) resources.
//!
//! Resource names: a node's main resource is named by its slug ([`Plan::slug`]); derived
//! resources by the slug plus a fixed suffix per resource type ([`name`]), so the names the
//! generated test looks up are known without running the program, and no two resources of one
//! type can share a name.

use crate::catalog::NodeKind;
use crate::design::Node;
use crate::export::ts::plan::{
    CmdPart, ContainerPlan, EnvValue, Image, Plan, DATABASE_NAME, DATABASE_USER, DJANGO_PROJECT, HEALTH_CHECK_PATH,
};
use crate::export::ts::{call, code, comment, constant, new, obj, s, Expr, Ident, Module, Stmt};
use std::collections::{BTreeMap, BTreeSet};

/// The name of a derived resource: `<slug>-<suffix>`.
#[must_use]
pub(super) fn name(plan: &Plan<'_>, id: &str, suffix: &str) -> String {
    format!("{}-{suffix}", plan.slug(id))
}

/// Config keys the program reads (`pulumi config set KEY VALUE`), with what they mean.
pub(super) struct ConfigKey {
    pub key: &'static str,
    pub help: &'static str,
    /// A value the generated test uses.
    pub mock: &'static str,
}

pub(super) const CERTIFICATE: ConfigKey = ConfigKey {
    key: "certificateArn",
    help: "ARN of a validated ACM certificate (in the deployment region) for the HTTPS listener",
    mock: "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
};
pub(super) const APP_IMAGE: ConfigKey = ConfigKey {
    key: "appImage",
    help: "URI of the Django application image (ECR)",
    mock: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:mock",
};
pub(super) const NGINX_IMAGE: ConfigKey = ConfigKey {
    key: "nginxImage",
    help: "URI of the nginx TLS sidecar image with its self-signed certificate (see the app/ export)",
    mock: "123456789012.dkr.ecr.us-east-1.amazonaws.com/nginx:mock",
};
pub(super) const REDIS_IMAGE: ConfigKey = ConfigKey {
    key: "redisImage",
    help: "URI of the redis-server image (with TLS certificates when TLS is on)",
    mock: "123456789012.dkr.ecr.us-east-1.amazonaws.com/redis:mock",
};

/// The config keys a design's program reads.
pub(super) fn config_keys(plan: &Plan<'_>) -> Vec<&'static ConfigKey> {
    let mut out = Vec::new();
    if plan.needs_certificate() {
        out.push(&CERTIFICATE);
    }
    let images = plan.images();
    if images.contains(&Image::App) {
        out.push(&APP_IMAGE);
    }
    if images.contains(&Image::Nginx) {
        out.push(&NGINX_IMAGE);
    }
    if images.contains(&Image::Redis) {
        out.push(&REDIS_IMAGE);
    }
    out
}

struct Emitter<'p, 'd> {
    plan: &'p mut Plan<'d>,
    body: Vec<Stmt>,
    /// (node id, role) → variable of a derived resource.
    derived: BTreeMap<(String, &'static str), Ident>,
    /// VPC key ("" for the implied one) → (vpc var, public subnet vars, private subnet vars).
    vpcs: BTreeMap<String, (Ident, Vec<Ident>, Vec<Ident>)>,
    /// Names of resources whose name is not looked up by the test (rules), de-duplicated.
    free_names: BTreeSet<String>,
    default_cluster: Option<Ident>,
    namespace: Option<Ident>,
    /// VPC key → private route table variable (for gateway endpoints).
    private_routes: BTreeMap<String, Ident>,
}

fn ident(i: &Ident) -> Expr {
    Expr::Ident(i.clone())
}

fn pairs(p: Vec<(&'static str, Expr)>) -> Expr {
    obj(p)
}

fn arr(items: Vec<Expr>) -> Expr {
    Expr::Array(items)
}

/// `pulumi.jsonStringify(value)`
fn json(value: Expr) -> Expr {
    call("pulumi.jsonStringify", vec![value])
}

/// `pulumi.concat(parts...)`
fn concat(parts: Vec<Expr>) -> Expr {
    call("pulumi.concat", parts)
}

fn statement(effect: &'static str, principal: Option<Expr>, actions: &[&str], resource: Expr) -> Expr {
    let mut p = vec![("Effect", s(effect))];
    if let Some(pr) = principal {
        p.push(("Principal", pr));
    }
    p.push(("Action", arr(actions.iter().map(|a| s(*a)).collect())));
    p.push(("Resource", resource));
    pairs(p)
}

/// Splits an IPv4 CIDR block into four equal quarters (public a/b, private a/b).
fn quarters(cidr: &str) -> Option<[String; 4]> {
    let (ip, bits) = cidr.split_once('/')?;
    let bits: u32 = bits.parse().ok()?;
    if !(16..=26).contains(&bits) {
        return None;
    }
    let octets: Vec<u32> = ip.split('.').map(str::parse).collect::<Result<_, _>>().ok()?;
    if octets.len() != 4 || octets.iter().any(|o| *o > 255) {
        return None;
    }
    let base = (octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3];
    let mask = u32::MAX << (32 - bits);
    let base = base & mask;
    let step = 1u32 << (32 - bits - 2);
    let q = |i: u32| {
        let a = base + i * step;
        format!("{}.{}.{}.{}/{}", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255, bits + 2)
    };
    Some([q(0), q(1), q(2), q(3)])
}

fn pg_family(version: &str) -> String {
    format!("postgres{version}")
}

fn is_graviton(instance_type: &str) -> bool {
    let family = instance_type.split('.').next().unwrap_or("");
    let rest = family.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    rest.trim_start_matches(|c: char| c.is_ascii_digit()).contains('g')
}

impl<'d> Emitter<'_, 'd> {
    fn push(&mut self, st: Stmt) {
        self.body.push(st);
    }

    fn blank(&mut self) {
        if !matches!(self.body.last(), None | Some(Stmt::Blank)) {
            self.body.push(Stmt::Blank);
        }
    }

    fn note(&mut self, text: impl Into<String>) {
        self.body.push(comment(text));
    }

    fn var(&self, id: &str) -> Expr {
        ident(self.plan.var(id))
    }

    /// `const var = new Class("name", props);`
    fn resource(&mut self, var: &Ident, class: &'static str, name: String, props: Expr) {
        self.push(constant(var.clone(), new(class, vec![s(name), props])));
    }

    /// `new Class("name", props);` for resources nothing refers to.
    fn resource_unnamed(&mut self, class: &'static str, name: String, props: Expr) {
        self.push(Stmt::Expr(new(class, vec![s(name), props])));
    }

    /// A derived resource's variable, remembered under (node, role).
    fn derive(&mut self, node: &Node, role: &'static str) -> Ident {
        let base = self.plan.var(&node.id).clone();
        let v = self.plan.fresh(Ident::camel("x", &format!("{} {role}", base.as_str())));
        self.derived.insert((node.id.clone(), role), v.clone());
        v
    }

    fn derived_var(&self, node: &str, role: &'static str) -> Option<Expr> {
        self.derived.get(&(node.to_owned(), role)).map(ident)
    }

    /// A unique name for a resource the test does not look up.
    fn free_name(&mut self, want: String) -> String {
        let mut n = want.clone();
        let mut i = 2;
        while !self.free_names.insert(n.clone()) {
            n = format!("{want}-{i}");
            i += 1;
        }
        n
    }

    fn key_arn(&self, key: Option<&Node>) -> Option<Expr> {
        key.map(|k| self.var(&k.id).dot("arn"))
    }

    fn vpc_key(&self, node: &Node) -> String {
        let id = self.plan.vpc_of(node).map_or_else(String::new, |v| v.id.clone());
        if self.vpcs.contains_key(&id) {
            id
        } else {
            self.vpcs.keys().next().cloned().unwrap_or_default()
        }
    }

    fn vpc_id(&self, node: &Node) -> Expr {
        self.vpcs.get(&self.vpc_key(node)).map_or_else(|| code("undefined"), |(v, _, _)| ident(v).dot("id"))
    }

    fn subnet_ids(&self, node: &Node, public: bool) -> Expr {
        match self.vpcs.get(&self.vpc_key(node)) {
            Some((_, pubs, privs)) => {
                arr((if public { pubs } else { privs }).iter().map(|v| ident(v).dot("id")).collect())
            }
            None => arr(vec![]),
        }
    }

    fn config(&mut self, key: &ConfigKey) -> Expr {
        let _ = self;
        code("config").method("require", vec![s(key.key)])
    }

    // ----- sections ---------------------------------------------------------------------

    fn keys(&mut self) {
        for key in self.plan.nodes(NodeKind::KmsKey) {
            self.blank();
            let var = self.plan.var(&key.id).clone();
            let root = concat(vec![s("arn:"), code("partition"), s(":iam::"), code("accountId"), s(":root")]);
            let mut statements = vec![{
                let mut st = statement("Allow", Some(pairs(vec![("AWS", root)])), &["kms:*"], s("*"));
                if let Expr::Object(ref mut p) = st {
                    p.insert(0, (crate::export::ts::Key::of("Sid"), s("AccountAdministersAndIamGrantsUse")));
                }
                st
            }];
            if self.plan.key_used_by_logs(key) {
                statements.push(pairs(vec![
                    ("Sid", s("CloudWatchLogsUse")),
                    ("Effect", s("Allow")),
                    (
                        "Principal",
                        pairs(vec![("Service", concat(vec![s("logs."), code("region"), s(".amazonaws.com")]))]),
                    ),
                    (
                        "Action",
                        arr([
                            "kms:Encrypt*",
                            "kms:Decrypt*",
                            "kms:ReEncrypt*",
                            "kms:GenerateDataKey*",
                            "kms:Describe*",
                        ]
                        .into_iter()
                        .map(s)
                        .collect()),
                    ),
                    ("Resource", s("*")),
                    (
                        "Condition",
                        obj(vec![(
                            "ArnLike",
                            obj(vec![(
                                "kms:EncryptionContext:aws:logs:arn",
                                concat(vec![
                                    s("arn:"),
                                    code("partition"),
                                    s(":logs:"),
                                    code("region"),
                                    s(":"),
                                    code("accountId"),
                                    s(":log-group:*"),
                                ]),
                            )]),
                        )]),
                    ),
                ]));
            }
            let fargate = self.plan.key_used_for_ephemeral_storage(key);
            if fargate {
                // Fargate encrypts ephemeral storage with the key only if the key policy lets it.
                let account = obj(vec![("kms:EncryptionContext:aws:ecs:clusterAccount", arr(vec![code("accountId")]))]);
                statements.push(pairs(vec![
                    ("Sid", s("FargateGenerateDataKey")),
                    ("Effect", s("Allow")),
                    ("Principal", pairs(vec![("Service", s("fargate.amazonaws.com"))])),
                    ("Action", arr(vec![s("kms:GenerateDataKeyWithoutPlaintext")])),
                    ("Resource", s("*")),
                    ("Condition", obj(vec![("StringEquals", account.clone())])),
                ]));
                statements.push(pairs(vec![
                    ("Sid", s("FargateCreateGrant")),
                    ("Effect", s("Allow")),
                    ("Principal", pairs(vec![("Service", s("fargate.amazonaws.com"))])),
                    ("Action", arr(vec![s("kms:CreateGrant")])),
                    ("Resource", s("*")),
                    (
                        "Condition",
                        obj(vec![
                            ("StringEquals", account),
                            ("ForAllValues:StringEquals", obj(vec![("kms:GrantOperations", arr(vec![s("Decrypt")]))])),
                        ]),
                    ),
                ]));
            }
            let policy = match key.text("key_policy") {
                "wildcard_principal" => {
                    self.note("Faithful to the design: the key policy has a statement with Principal \"*\".");
                    statements.push(pairs(vec![
                        ("Sid", s("AnyPrincipal")),
                        ("Effect", s("Allow")),
                        ("Principal", s("*")),
                        ("Action", arr(vec![s("kms:Decrypt"), s("kms:DescribeKey")])),
                        ("Resource", s("*")),
                    ]));
                    Some(statements)
                }
                "defined" => Some(statements),
                _ if self.plan.key_used_by_logs(key) || fargate => {
                    self.note("key_policy = default, plus the statements AWS services need to use the key.");
                    Some(statements)
                }
                _ => {
                    self.note("key_policy = default: no policy given, so the key gets AWS's default key policy.");
                    None
                }
            };
            let mut props = vec![
                ("description", s(key.display_name())),
                ("enableKeyRotation", Expr::Bool(key.bool("enable_key_rotation"))),
                ("deletionWindowInDays", Expr::Int(key.int("deletion_window_in_days"))),
            ];
            if let Some(st) = policy {
                props.push(("policy", json(pairs(vec![("Version", s("2012-10-17")), ("Statement", arr(st))]))));
            }
            let n = self.plan.slug(&key.id).to_owned();
            self.resource(&var, "aws.kms.Key", n, pairs(props));
            let alias = key.text("alias");
            if !alias.is_empty()
                && alias.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-'))
                && !alias.starts_with("aws/")
            {
                let n = name(self.plan, &key.id, "alias");
                self.resource_unnamed(
                    "aws.kms.Alias",
                    n,
                    pairs(vec![("name", s(format!("alias/{alias}"))), ("targetKeyId", ident(&var).dot("keyId"))]),
                );
            }
        }
    }

    fn log_groups(&mut self) {
        for lg in self.plan.nodes(NodeKind::LogGroup) {
            self.blank();
            let var = self.plan.var(&lg.id).clone();
            let mut props = Vec::new();
            let label = lg.label.as_str();
            if !label.is_empty()
                && label.len() <= 512
                && label.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/' | '#'))
            {
                props.push(("name", s(label)));
            }
            props.push(("retentionInDays", Expr::Int(lg.int("retention_in_days"))));
            if let Some(k) = self.key_arn(self.plan.key(&lg.id, "storage")) {
                props.push(("kmsKeyId", k));
            }
            let n = self.plan.slug(&lg.id).to_owned();
            self.resource(&var, "aws.cloudwatch.LogGroup", n, pairs(props));
        }
    }

    fn secrets(&mut self) {
        for secret in self.plan.nodes(NodeKind::Secret) {
            self.blank();
            let var = self.plan.var(&secret.id).clone();
            let mut props = vec![("description", s(secret.display_name()))];
            match self.key_arn(self.plan.key(&secret.id, "storage")) {
                Some(k) => props.push(("kmsKeyId", k)),
                None => self.note("No customer managed key in the design: Secrets Manager uses aws/secretsmanager."),
            }
            if secret.bool("rotation_enabled") {
                self.note("rotation_enabled: add an aws.secretsmanager.SecretRotation with a rotation Lambda for this secret's purpose.");
            }
            let n = self.plan.slug(&secret.id).to_owned();
            self.resource(&var, "aws.secretsmanager.Secret", n, pairs(props));
            let len = match secret.text("purpose") {
                "redis_auth_token" => 64,
                "django_secret_key" => 50,
                _ => 32,
            };
            let value = self.derive(secret, "value");
            let vn = name(self.plan, &secret.id, "value");
            self.resource(
                &value,
                "random.RandomPassword",
                vn,
                pairs(vec![("length", Expr::Int(len)), ("special", Expr::Bool(false))]),
            );
            let string = if self.plan.is_db_credentials(secret) {
                json(pairs(vec![("username", s(DATABASE_USER)), ("password", ident(&value).dot("result"))]))
            } else {
                ident(&value).dot("result")
            };
            let sv = name(self.plan, &secret.id, "version");
            self.resource_unnamed(
                "aws.secretsmanager.SecretVersion",
                sv,
                pairs(vec![("secretId", ident(&var).dot("id")), ("secretString", string)]),
            );
        }
    }

    fn network(&mut self) {
        let vpc_nodes = self.plan.nodes(NodeKind::Vpc);
        let mut list: Vec<(String, Option<&Node>)> = vpc_nodes.iter().map(|v| (v.id.clone(), Some(*v))).collect();
        if list.is_empty() {
            if !self.plan.needs_vpc() {
                return;
            }
            list.push((String::new(), None));
        }
        self.blank();
        self.push(constant(
            Ident::new("azs"),
            call("aws.getAvailabilityZonesOutput", vec![pairs(vec![("state", s("available"))])]).dot("names"),
        ));
        for (id, node) in list {
            self.blank();
            let var = match node {
                Some(n) => self.plan.var(&n.id).clone(),
                None => {
                    self.note("The design draws no VPC; the program needs one for its network resources.");
                    self.plan.fresh(Ident::new("vpc"))
                }
            };
            let base = node.map_or_else(|| "vpc".to_owned(), |n| self.plan.slug(&n.id).to_owned());
            let cidr = node.map_or("10.0.0.0/16", |n| n.text("cidr_block"));
            let (cidr, parts) = match quarters(cidr) {
                Some(q) => (cidr.to_owned(), q),
                None => {
                    self.note("The design's CIDR block is not a valid IPv4 block of /16 to /26; 10.0.0.0/16 is used.");
                    ("10.0.0.0/16".to_owned(), quarters("10.0.0.0/16").unwrap_or_default())
                }
            };
            self.resource(
                &var,
                "aws.ec2.Vpc",
                base.clone(),
                pairs(vec![
                    ("cidrBlock", s(cidr)),
                    ("enableDnsHostnames", Expr::Bool(true)),
                    ("enableDnsSupport", Expr::Bool(true)),
                ]),
            );
            let igw = self.plan.fresh(Ident::camel("x", &format!("{} igw", var.as_str())));
            self.resource(
                &igw,
                "aws.ec2.InternetGateway",
                format!("{base}-igw"),
                pairs(vec![("vpcId", ident(&var).dot("id"))]),
            );
            let public_rt = self.plan.fresh(Ident::camel("x", &format!("{} public routes", var.as_str())));
            self.resource(
                &public_rt,
                "aws.ec2.RouteTable",
                format!("{base}-public"),
                pairs(vec![
                    ("vpcId", ident(&var).dot("id")),
                    (
                        "routes",
                        arr(vec![pairs(vec![("cidrBlock", s("0.0.0.0/0")), ("gatewayId", ident(&igw).dot("id"))])]),
                    ),
                ]),
            );
            let mut pubs = Vec::new();
            let mut privs = Vec::new();
            for (i, (tier, az)) in
                [("public", 0), ("public", 1), ("private", 0), ("private", 1)].into_iter().enumerate()
            {
                let letter = if az == 0 { "a" } else { "b" };
                let sv = self.plan.fresh(Ident::camel("x", &format!("{} {tier} {letter}", var.as_str())));
                self.resource(
                    &sv,
                    "aws.ec2.Subnet",
                    format!("{base}-{tier}-{letter}"),
                    pairs(vec![
                        ("vpcId", ident(&var).dot("id")),
                        ("cidrBlock", s(parts[i].clone())),
                        (
                            "availabilityZone",
                            ident(&Ident::new("azs")).dot("apply").call(vec![Expr::Arrow(
                                vec![Ident::new("names")],
                                Box::new(Expr::Code(if az == 0 { "names[0]" } else { "names[1]" })),
                            )]),
                        ),
                        ("mapPublicIpOnLaunch", Expr::Bool(false)),
                    ]),
                );
                if tier == "public" {
                    self.resource_unnamed(
                        "aws.ec2.RouteTableAssociation",
                        format!("{base}-{tier}-{letter}"),
                        pairs(vec![("subnetId", ident(&sv).dot("id")), ("routeTableId", ident(&public_rt).dot("id"))]),
                    );
                    pubs.push(sv);
                } else {
                    privs.push(sv);
                }
            }
            let nat = self.plan.nat_gateways(node);
            let private_rt = self.plan.fresh(Ident::camel("x", &format!("{} private routes", var.as_str())));
            let routes = if nat > 0 {
                let eip = self.plan.fresh(Ident::camel("x", &format!("{} nat ip", var.as_str())));
                self.resource(&eip, "aws.ec2.Eip", format!("{base}-nat"), pairs(vec![("domain", s("vpc"))]));
                let ngw = self.plan.fresh(Ident::camel("x", &format!("{} nat", var.as_str())));
                self.resource(
                    &ngw,
                    "aws.ec2.NatGateway",
                    format!("{base}-nat"),
                    pairs(vec![("allocationId", ident(&eip).dot("id")), ("subnetId", ident(&pubs[0]).dot("id"))]),
                );
                arr(vec![pairs(vec![("cidrBlock", s("0.0.0.0/0")), ("natGatewayId", ident(&ngw).dot("id"))])])
            } else {
                self.note("No NAT gateway in the design: private subnets have no route out (tasks need VPC endpoints to pull images).");
                arr(vec![])
            };
            self.resource(
                &private_rt,
                "aws.ec2.RouteTable",
                format!("{base}-private"),
                pairs(vec![("vpcId", ident(&var).dot("id")), ("routes", routes)]),
            );
            for (sv, letter) in privs.iter().zip(["a", "b"]) {
                self.resource_unnamed(
                    "aws.ec2.RouteTableAssociation",
                    format!("{base}-private-{letter}"),
                    pairs(vec![("subnetId", ident(sv).dot("id")), ("routeTableId", ident(&private_rt).dot("id"))]),
                );
            }
            self.private_routes.insert(id.clone(), private_rt);
            self.vpcs.insert(id, (var, pubs, privs));
        }
        for ep in self.plan.nodes(NodeKind::VpcEndpoint) {
            let service = ep.text("service");
            let gateway = ep.text("endpoint_type") == "Gateway" && service == "s3";
            let mut props = vec![
                ("vpcId", self.vpc_id(ep)),
                ("serviceName", concat(vec![s("com.amazonaws."), code("region"), s(format!(".{service}"))])),
                ("vpcEndpointType", s(if gateway { "Gateway" } else { "Interface" })),
            ];
            if gateway {
                let key = self.vpc_key(ep);
                if let Some(rt) = self.private_routes.get(&key) {
                    props.push(("routeTableIds", arr(vec![ident(rt).dot("id")])));
                }
            } else {
                props.push(("subnetIds", self.subnet_ids(ep, false)));
                props.push(("privateDnsEnabled", Expr::Bool(true)));
            }
            let var = self.plan.var(&ep.id).clone();
            let n = self.plan.slug(&ep.id).to_owned();
            self.resource(&var, "aws.ec2.VpcEndpoint", n, pairs(props));
        }
    }

    /// A security group for a node (egress open for those that call out).
    fn security_group(&mut self, node: &Node, egress: bool) -> Ident {
        let var = self.derive(node, "sg");
        let n = name(self.plan, &node.id, "sg");
        let mut props = vec![
            ("vpcId", self.vpc_id(node)),
            ("description", s(format!("{} ({})", self.plan.slug(&node.id), node.kind))),
        ];
        if egress {
            props.push((
                "egress",
                arr(vec![pairs(vec![
                    ("protocol", s("-1")),
                    ("fromPort", Expr::Int(0)),
                    ("toPort", Expr::Int(0)),
                    ("cidrBlocks", arr(vec![s("0.0.0.0/0")])),
                ])]),
            ));
        }
        self.resource(&var, "aws.ec2.SecurityGroup", n, pairs(props));
        var
    }

    /// Starts a data store that lives in subnets (RDS, ElastiCache): a blank line, its security
    /// group (no egress) and its subnet group of `subnet_group_type`. Returns the store's
    /// variable, the security group's and the subnet group's.
    fn placed_in_subnets(&mut self, node: &Node, subnet_group_type: &'static str) -> (Ident, Ident, Ident) {
        self.blank();
        let var = self.plan.var(&node.id).clone();
        let sg = self.security_group(node, false);
        let subnets = self.derive(node, "subnets");
        let sn = name(self.plan, &node.id, "subnets");
        let public = self.plan.in_public_subnet(node);
        let ids = self.subnet_ids(node, public);
        self.resource(&subnets, subnet_group_type, sn, pairs(vec![("subnetIds", ids)]));
        (var, sg, subnets)
    }

    fn databases(&mut self) {
        for db in self.plan.nodes(NodeKind::RdsPostgres) {
            let (var, sg, subnets) = self.placed_in_subnets(db, "aws.rds.SubnetGroup");
            let params = match db.text("rds.force_ssl") {
                force @ ("0" | "1") => {
                    let pv = self.derive(db, "parameters");
                    let pn = name(self.plan, &db.id, "pg");
                    self.resource(
                        &pv,
                        "aws.rds.ParameterGroup",
                        pn,
                        pairs(vec![
                            ("family", s(pg_family(db.text("engine_version")))),
                            ("description", s(format!("rds.force_ssl = {force} for {}", self.plan.slug(&db.id)))),
                            (
                                "parameters",
                                arr(vec![pairs(vec![
                                    ("name", s("rds.force_ssl")),
                                    ("value", s(force)),
                                    ("applyMethod", s("pending-reboot")),
                                ])]),
                            ),
                        ]),
                    );
                    Some(pv)
                }
                _ => {
                    self.note("rds.force_ssl = default: no custom parameter group, so the engine default applies (0 before PostgreSQL 15, 1 from 15).");
                    None
                }
            };
            let encrypted = db.bool("storage_encrypted");
            let mut props = vec![
                ("engine", s("postgres")),
                ("engineVersion", s(db.text("engine_version"))),
                ("instanceClass", s(db.text("instance_class"))),
                ("allocatedStorage", Expr::Int(db.int("allocated_storage"))),
                ("storageType", s(db.text("storage_type"))),
                ("dbName", s(DATABASE_NAME)),
                ("username", s(DATABASE_USER)),
            ];
            match self.plan.db_secret(db) {
                Some(secret) => {
                    let value = self.derived_var(&secret.id, "value").unwrap_or_else(|| s(""));
                    props.push(("password", value.dot("result")));
                }
                None => {
                    self.note("No database password secret in the design: RDS manages the master password in Secrets Manager.");
                    props.push(("manageMasterUserPassword", Expr::Bool(true)));
                    if let Some(k) = self.key_arn(self.plan.key(&db.id, "storage")) {
                        props.push(("masterUserSecretKmsKeyId", k));
                    }
                }
            }
            props.extend([
                ("dbSubnetGroupName", ident(&subnets).dot("name")),
                ("vpcSecurityGroupIds", arr(vec![ident(&sg).dot("id")])),
                ("multiAz", Expr::Bool(db.bool("multi_az"))),
                ("publiclyAccessible", Expr::Bool(db.bool("publicly_accessible"))),
                ("storageEncrypted", Expr::Bool(encrypted)),
            ]);
            if encrypted {
                if let Some(k) = self.key_arn(self.plan.key(&db.id, "storage")) {
                    props.push(("kmsKeyId", k));
                }
            }
            props.push(("caCertIdentifier", s(db.text("ca_cert_identifier"))));
            if let Some(pv) = params {
                props.push(("parameterGroupName", ident(&pv).dot("name")));
            }
            props.push(("skipFinalSnapshot", Expr::Bool(false)));
            props.push(("finalSnapshotIdentifier", s(format!("{}-final", self.plan.slug(&db.id)))));
            let n = self.plan.slug(&db.id).to_owned();
            self.resource(&var, "aws.rds.Instance", n, pairs(props));
        }
    }

    fn caches(&mut self) {
        for redis in self.plan.nodes(NodeKind::ElasticacheRedis) {
            let (var, sg, subnets) = self.placed_in_subnets(redis, "aws.elasticache.SubnetGroup");
            let transit = redis.bool("transit_encryption_enabled");
            let n = self.plan.slug(&redis.id).to_owned();
            if Plan::is_replication_group(redis) {
                let count = redis.int("num_cache_clusters");
                let mut props = vec![
                    ("description", s(redis.display_name())),
                    ("engine", s("redis")),
                    ("engineVersion", s(redis.text("engine_version"))),
                    ("nodeType", s(redis.text("node_type"))),
                    ("numCacheClusters", Expr::Int(count)),
                    ("automaticFailoverEnabled", Expr::Bool(count > 1)),
                    ("multiAzEnabled", Expr::Bool(count > 1)),
                    ("subnetGroupName", ident(&subnets).dot("name")),
                    ("securityGroupIds", arr(vec![ident(&sg).dot("id")])),
                    ("transitEncryptionEnabled", Expr::Bool(transit)),
                ];
                if transit {
                    props.push(("transitEncryptionMode", s(redis.text("transit_encryption_mode"))));
                }
                if self.plan.redis_uses_token(redis) {
                    if let Some(token) = self.plan.redis_token_secret() {
                        let value = self.derived_var(&token.id, "value").unwrap_or_else(|| s(""));
                        props.push(("authToken", value.dot("result")));
                    }
                } else if redis.bool("auth_token_enabled") {
                    self.note("auth_token_enabled, but ElastiCache accepts an AUTH token only with transit encryption (and a token secret): no token is set.");
                }
                let at_rest = redis.bool("at_rest_encryption_enabled");
                props.push(("atRestEncryptionEnabled", Expr::Bool(at_rest)));
                if at_rest {
                    if let Some(k) = self.key_arn(self.plan.key(&redis.id, "storage")) {
                        props.push(("kmsKeyId", k));
                    }
                }
                self.resource(&var, "aws.elasticache.ReplicationGroup", n, pairs(props));
            } else {
                self.note("resource_type = cluster: a single cache cluster, which has no at-rest encryption, AUTH token or KMS key settings.");
                let props = vec![
                    ("engine", s("redis")),
                    ("engineVersion", s(redis.text("engine_version"))),
                    ("nodeType", s(redis.text("node_type"))),
                    ("numCacheNodes", Expr::Int(1)),
                    ("subnetGroupName", ident(&subnets).dot("name")),
                    ("securityGroupIds", arr(vec![ident(&sg).dot("id")])),
                    ("transitEncryptionEnabled", Expr::Bool(transit)),
                ];
                self.resource(&var, "aws.elasticache.Cluster", n, pairs(props));
            }
        }
    }

    fn buckets(&mut self) {
        for b in self.plan.nodes(NodeKind::S3Bucket) {
            self.blank();
            let var = self.plan.var(&b.id).clone();
            let n = self.plan.slug(&b.id).to_owned();
            self.resource(&var, "aws.s3.Bucket", n, pairs(vec![("forceDestroy", Expr::Bool(false))]));
            let algorithm = b.text("sse_algorithm");
            let mut default = vec![("sseAlgorithm", s(algorithm))];
            if algorithm != "AES256" {
                if let Some(k) = self.key_arn(self.plan.key(&b.id, "storage")) {
                    default.push(("kmsMasterKeyId", k));
                }
            }
            let mut rule = vec![("applyServerSideEncryptionByDefault", pairs(default))];
            if algorithm != "AES256" {
                rule.push(("bucketKeyEnabled", Expr::Bool(b.bool("bucket_key_enabled"))));
            }
            let en = name(self.plan, &b.id, "encryption");
            self.resource_unnamed(
                "aws.s3.BucketServerSideEncryptionConfiguration",
                en,
                pairs(vec![("bucket", ident(&var).dot("id")), ("rules", arr(vec![pairs(rule)]))]),
            );
            let block = b.bool("block_public_access");
            let pab = self.derive(b, "public access");
            let pn = name(self.plan, &b.id, "public-access");
            self.resource(
                &pab,
                "aws.s3.BucketPublicAccessBlock",
                pn,
                pairs(vec![
                    ("bucket", ident(&var).dot("id")),
                    ("blockPublicAcls", Expr::Bool(block)),
                    ("blockPublicPolicy", Expr::Bool(block)),
                    ("ignorePublicAcls", Expr::Bool(block)),
                    ("restrictPublicBuckets", Expr::Bool(block)),
                ]),
            );
            let vn = name(self.plan, &b.id, "versioning");
            self.resource_unnamed(
                "aws.s3.BucketVersioning",
                vn,
                pairs(vec![
                    ("bucket", ident(&var).dot("id")),
                    (
                        "versioningConfiguration",
                        pairs(vec![("status", s(if b.bool("versioning") { "Enabled" } else { "Suspended" }))]),
                    ),
                ]),
            );
            let mut statements = Vec::new();
            let resources = arr(vec![ident(&var).dot("arn"), concat(vec![ident(&var).dot("arn"), s("/*")])]);
            if b.bool("secure_transport_policy") {
                statements.push(pairs(vec![
                    ("Sid", s("DenyInsecureTransport")),
                    ("Effect", s("Deny")),
                    ("Principal", s("*")),
                    ("Action", s("s3:*")),
                    ("Resource", resources.clone()),
                    ("Condition", obj(vec![("Bool", obj(vec![("aws:SecureTransport", s("false"))]))])),
                ]));
            }
            if b.bool("tls_version_policy") {
                statements.push(pairs(vec![
                    ("Sid", s("DenyOutdatedTls")),
                    ("Effect", s("Deny")),
                    ("Principal", s("*")),
                    ("Action", s("s3:*")),
                    ("Resource", resources),
                    ("Condition", obj(vec![("NumericLessThan", obj(vec![("s3:TlsVersion", Expr::Num(1.2))]))])),
                ]));
            }
            if statements.is_empty() {
                self.note(
                    "No bucket policy: the design does not deny plain-HTTP requests (secure_transport_policy = false).",
                );
            } else {
                let pn = name(self.plan, &b.id, "policy");
                self.push(Stmt::Expr(new(
                    "aws.s3.BucketPolicy",
                    vec![
                        s(pn),
                        pairs(vec![
                            ("bucket", ident(&var).dot("id")),
                            ("policy", json(pairs(vec![("Version", s("2012-10-17")), ("Statement", arr(statements))]))),
                        ]),
                        pairs(vec![("dependsOn", arr(vec![ident(&pab)]))]),
                    ],
                )));
            }
        }
    }

    fn file_systems(&mut self) {
        for fs in self.plan.nodes(NodeKind::Efs) {
            self.blank();
            let var = self.plan.var(&fs.id).clone();
            let encrypted = fs.bool("encrypted");
            let mut props = vec![("encrypted", Expr::Bool(encrypted))];
            if encrypted {
                if let Some(k) = self.key_arn(self.plan.key(&fs.id, "storage")) {
                    props.push(("kmsKeyId", k));
                }
            }
            let n = self.plan.slug(&fs.id).to_owned();
            self.resource(&var, "aws.efs.FileSystem", n, pairs(props));
            self.security_group(fs, false);
        }
    }

    fn repositories(&mut self) {
        for repo in self.plan.nodes(NodeKind::EcrRepository) {
            self.blank();
            let var = self.plan.var(&repo.id).clone();
            let mut enc = vec![("encryptionType", s(repo.text("encryption_type")))];
            if repo.text("encryption_type") == "KMS" {
                if let Some(k) = self.key_arn(self.plan.key(&repo.id, "storage")) {
                    enc.push(("kmsKey", k));
                }
            }
            let n = self.plan.slug(&repo.id).to_owned();
            self.resource(
                &var,
                "aws.ecr.Repository",
                n,
                pairs(vec![
                    ("encryptionConfigurations", arr(vec![pairs(enc)])),
                    ("imageScanningConfiguration", pairs(vec![("scanOnPush", Expr::Bool(repo.bool("scan_on_push")))])),
                    ("imageTagMutability", s(repo.text("image_tag_mutability"))),
                ]),
            );
        }
    }

    fn clusters(&mut self) {
        let needs_one =
            !self.plan.nodes(NodeKind::EcsService).is_empty() || !self.plan.nodes(NodeKind::RedisEcs).is_empty();
        let clusters = self.plan.nodes(NodeKind::EcsCluster);
        if clusters.is_empty() && needs_one {
            self.blank();
            self.note("The design draws no ECS cluster; its services need one.");
            let var = self.plan.fresh(Ident::new("cluster"));
            self.resource(&var, "aws.ecs.Cluster", "cluster".into(), pairs(vec![]));
            self.default_cluster = Some(var);
        }
        for c in &clusters {
            self.blank();
            let var = self.plan.var(&c.id).clone();
            let mut props = vec![(
                "settings",
                arr(vec![pairs(vec![
                    ("name", s("containerInsights")),
                    ("value", s(if c.bool("container_insights") { "enabled" } else { "disabled" })),
                ])]),
            )];
            let mut configuration = Vec::new();
            let logging = c.text("execute_command_logging");
            let exec_key = self.plan.key(&c.id, "exec");
            let cw_enc = c.bool("cloud_watch_encryption_enabled");
            let s3_enc = c.bool("s3_encryption_enabled");
            if logging != "DEFAULT" || exec_key.is_some() || cw_enc || s3_enc {
                let mut exec = Vec::new();
                if let Some(k) = exec_key {
                    exec.push(("kmsKeyId", self.var(&k.id).dot("arn")));
                }
                exec.push(("logging", s(logging)));
                if logging == "OVERRIDE" {
                    let mut lc = Vec::new();
                    if let Some(g) = self.plan.exec_log_group(c) {
                        lc.push(("cloudWatchLogGroupName", self.var(&g.id).dot("name")));
                    }
                    lc.push(("cloudWatchEncryptionEnabled", Expr::Bool(cw_enc)));
                    lc.push(("s3BucketEncryptionEnabled", Expr::Bool(s3_enc)));
                    exec.push(("logConfiguration", pairs(lc)));
                }
                configuration.push(("executeCommandConfiguration", pairs(exec)));
            }
            if let Some(k) = self.plan.key(&c.id, "ephemeral_storage") {
                configuration.push((
                    "managedStorageConfiguration",
                    pairs(vec![("fargateEphemeralStorageKmsKeyId", self.var(&k.id).dot("id"))]),
                ));
            }
            if !configuration.is_empty() {
                props.push(("configuration", pairs(configuration)));
            }
            let n = self.plan.slug(&c.id).to_owned();
            self.resource(&var, "aws.ecs.Cluster", n, pairs(props));
        }
        let spot: Vec<&Node> = self
            .plan
            .nodes(NodeKind::EcsService)
            .into_iter()
            .filter(|s| s.text("capacity_provider") == "FARGATE_SPOT")
            .collect();
        let mut with_spot = BTreeSet::new();
        for s_node in spot {
            if let Some(c) = self.plan.cluster_of(s_node) {
                with_spot.insert(c.id.clone());
            }
        }
        for cid in with_spot {
            let n = name(self.plan, &cid, "capacity");
            let cluster = self.var(&cid);
            let Some(node) = self.plan.model.node(&cid) else { continue };
            let v = self.derive(node, "capacity");
            self.resource(
                &v,
                "aws.ecs.ClusterCapacityProviders",
                n,
                pairs(vec![
                    ("clusterName", cluster.dot("name")),
                    ("capacityProviders", arr(vec![s("FARGATE"), s("FARGATE_SPOT")])),
                ]),
            );
        }
        if !self.plan.nodes(NodeKind::RedisEcs).is_empty() {
            self.blank();
            let ns = self.plan.fresh(Ident::new("namespace"));
            let first = self.plan.nodes(NodeKind::RedisEcs)[0];
            let vpc = self.vpc_id(first);
            let ns_name = format!("{}.internal", crate::export::ts::plan::slug(&self.plan.design().name, "app"));
            self.resource(
                &ns,
                "aws.servicediscovery.PrivateDnsNamespace",
                "internal".into(),
                pairs(vec![("name", s(ns_name)), ("vpc", vpc)]),
            );
            self.namespace = Some(ns);
        }
    }

    fn cluster_expr(&self, node: &Node) -> Expr {
        let c = match node.kind {
            NodeKind::RedisEcs => self
                .plan
                .model
                .cluster_of(&node.id)
                .or_else(|| self.plan.nodes(NodeKind::EcsCluster).into_iter().next()),
            _ => self.plan.cluster_of(node),
        };
        match c {
            Some(c) => self.var(&c.id).dot("arn"),
            None => self.default_cluster.as_ref().map_or_else(|| code("undefined"), |v| ident(v).dot("arn")),
        }
    }

    fn store_attr(&self, id: &str, host: bool) -> Expr {
        let Some(node) = self.plan.model.node(id) else { return s("") };
        match node.kind {
            NodeKind::RdsPostgres => self.var(id).dot(if host { "address" } else { "port" }),
            NodeKind::ElasticacheRedis if Plan::is_replication_group(node) => {
                if host {
                    self.var(id).dot("primaryEndpointAddress")
                } else {
                    self.var(id).dot("port")
                }
            }
            NodeKind::ElasticacheRedis => {
                if host {
                    self.var(id)
                        .dot("cacheNodes")
                        .dot("apply")
                        .call(vec![Expr::Arrow(vec![Ident::new("nodes")], Box::new(code("nodes[0].address")))])
                } else {
                    self.var(id).dot("port")
                }
            }
            NodeKind::RedisEcs => {
                if host {
                    concat(vec![
                        s(format!("{}.", self.plan.slug(id))),
                        self.namespace.as_ref().map_or_else(|| s(""), |n| ident(n).dot("name")),
                    ])
                } else {
                    s("6379")
                }
            }
            _ => s(""),
        }
    }

    fn env_value(&self, v: &EnvValue) -> Expr {
        match v {
            EnvValue::Text(t) => s(t.as_str()),
            EnvValue::Host(id) => self.store_attr(id, true),
            EnvValue::Port(id) => concat(vec![self.store_attr(id, false)]),
            EnvValue::BucketName(id) => self.var(id).dot("bucket"),
            EnvValue::Region => code("region"),
            EnvValue::RedisUrl { scheme, node, query } => concat(vec![
                s(*scheme),
                self.store_attr(node, true),
                s(":"),
                self.store_attr(node, false),
                s(format!("/0{query}")),
            ]),
        }
    }

    fn command(cmd: &[Vec<CmdPart>]) -> Expr {
        arr(cmd
            .iter()
            .map(|parts| {
                let mut it = parts.iter().map(|p| match p {
                    CmdPart::Lit(t) => s(t.as_str()),
                    CmdPart::Project => code("djangoProject"),
                });
                let first = it.next().unwrap_or_else(|| s(""));
                it.fold(first, |acc, e| acc.op("+", e))
            })
            .collect())
    }

    fn image(&mut self, image: &Image) -> Expr {
        match image {
            Image::App => self.config(&APP_IMAGE),
            Image::Nginx => self.config(&NGINX_IMAGE),
            Image::Redis => self.config(&REDIS_IMAGE),
            Image::Uri(u) => s(u.as_str()),
        }
    }

    fn container_def(&mut self, service: &Node, c: &ContainerPlan<'_>) -> Expr {
        let mut p =
            vec![("name", s(c.name.as_str())), ("image", self.image(&c.image)), ("essential", Expr::Bool(true))];
        if !c.command.is_empty() {
            p.push(("command", Self::command(&c.command)));
        }
        if let Some(port) = c.port {
            p.push((
                "portMappings",
                arr(vec![pairs(vec![("containerPort", Expr::Int(port)), ("protocol", s("tcp"))])]),
            ));
        }
        if !c.env.is_empty() {
            let env =
                c.env.iter().map(|(k, v)| pairs(vec![("name", s(k.as_str())), ("value", self.env_value(v))])).collect();
            p.push(("environment", arr(env)));
        }
        if !c.secrets.is_empty() {
            let secrets = c
                .secrets
                .iter()
                .map(|(k, se)| {
                    let arn = self.var(&se.secret).dot("arn");
                    let from = match se.field {
                        Some(f) => concat(vec![arn, s(format!(":{f}::"))]),
                        None => arn,
                    };
                    pairs(vec![("name", s(k.as_str())), ("valueFrom", from)])
                })
                .collect();
            p.push(("secrets", arr(secrets)));
        }
        if let Some(g) = &c.log_group {
            p.push((
                "logConfiguration",
                pairs(vec![
                    ("logDriver", s("awslogs")),
                    (
                        "options",
                        obj(vec![
                            ("awslogs-group", self.var(g).dot("name")),
                            ("awslogs-region", code("region")),
                            ("awslogs-stream-prefix", s(format!("{}/{}", self.plan.slug(&service.id), c.name))),
                        ]),
                    ),
                ]),
            ));
        }
        if c.cpu > 0 {
            p.push(("cpu", Expr::Int(c.cpu)));
        }
        if c.memory > 0 {
            p.push(("memoryReservation", Expr::Int(c.memory)));
        }
        pairs(p)
    }

    /// Execution role (pulls images, reads the injected secrets) and task role (what the app
    /// may call) of a task.
    fn roles(&mut self, node: &Node, containers: &[ContainerPlan<'_>], exec: bool) -> (Ident, Ident) {
        let assume =
            call("aws.iam.assumeRolePolicyForPrincipal", vec![pairs(vec![("Service", s("ecs-tasks.amazonaws.com"))])]);
        let execution = self.derive(node, "execution role");
        let en = name(self.plan, &node.id, "exec");
        self.resource(&execution, "aws.iam.Role", en.clone(), pairs(vec![("assumeRolePolicy", assume.clone())]));
        self.resource_unnamed(
            "aws.iam.RolePolicyAttachment",
            en.clone(),
            pairs(vec![
                ("role", ident(&execution).dot("name")),
                ("policyArn", code("aws.iam.ManagedPolicy.AmazonECSTaskExecutionRolePolicy")),
            ]),
        );
        let secret_ids: BTreeSet<String> =
            containers.iter().flat_map(|c| c.secrets.values().map(|s| s.secret.clone())).collect();
        if !secret_ids.is_empty() {
            let arns: Vec<Expr> = secret_ids.iter().map(|id| self.var(id).dot("arn")).collect();
            let keys: BTreeSet<String> =
                secret_ids.iter().filter_map(|id| self.plan.key(id, "storage").map(|k| k.id.clone())).collect();
            let mut statements = vec![statement("Allow", None, &["secretsmanager:GetSecretValue"], arr(arns))];
            if !keys.is_empty() {
                statements.push(statement(
                    "Allow",
                    None,
                    &["kms:Decrypt"],
                    arr(keys.iter().map(|k| self.var(k).dot("arn")).collect()),
                ));
            }
            self.resource_unnamed(
                "aws.iam.RolePolicy",
                en,
                pairs(vec![
                    ("role", ident(&execution).dot("id")),
                    ("policy", json(pairs(vec![("Version", s("2012-10-17")), ("Statement", arr(statements))]))),
                ]),
            );
        }
        let task = self.derive(node, "task role");
        let tn = name(self.plan, &node.id, "task");
        self.resource(&task, "aws.iam.Role", tn.clone(), pairs(vec![("assumeRolePolicy", assume)]));
        let mut statements = Vec::new();
        let keys = self.plan.decrypt_keys(node);
        if !keys.is_empty() {
            statements.push(statement(
                "Allow",
                None,
                &["kms:Decrypt", "kms:GenerateDataKey"],
                arr(keys.iter().map(|k| self.var(&k.id).dot("arn")).collect()),
            ));
        }
        let buckets: Vec<&Node> = self
            .plan
            .nodes(NodeKind::S3Bucket)
            .into_iter()
            .filter(|b| self.plan.bucket_clients(b).iter().any(|c| c.id == node.id))
            .collect();
        if !buckets.is_empty() {
            let mut res = Vec::new();
            for b in &buckets {
                res.push(self.var(&b.id).dot("arn"));
                res.push(concat(vec![self.var(&b.id).dot("arn"), s("/*")]));
            }
            statements.push(statement(
                "Allow",
                None,
                &["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"],
                arr(res),
            ));
        }
        if exec {
            statements.push(statement(
                "Allow",
                None,
                &[
                    "ssmmessages:CreateControlChannel",
                    "ssmmessages:CreateDataChannel",
                    "ssmmessages:OpenControlChannel",
                    "ssmmessages:OpenDataChannel",
                ],
                s("*"),
            ));
            statements.push(statement(
                "Allow",
                None,
                &["logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                s("*"),
            ));
        }
        if !statements.is_empty() {
            self.resource_unnamed(
                "aws.iam.RolePolicy",
                tn,
                pairs(vec![
                    ("role", ident(&task).dot("id")),
                    ("policy", json(pairs(vec![("Version", s("2012-10-17")), ("Statement", arr(statements))]))),
                ]),
            );
        }
        (execution, task)
    }

    fn task_definition(
        &mut self,
        node: &Node,
        containers: &[ContainerPlan<'_>],
        exec: bool,
        cpu: i64,
        memory: i64,
        arch: &str,
    ) -> Ident {
        let (execution, task_role) = self.roles(node, containers, exec);
        let defs: Vec<Expr> = containers.iter().map(|c| self.container_def(node, c)).collect();
        let task = self.derive(node, "task");
        let n = self.plan.slug(&node.id).to_owned();
        self.resource(
            &task,
            "aws.ecs.TaskDefinition",
            n.clone(),
            pairs(vec![
                ("family", s(n)),
                ("cpu", s(cpu.to_string())),
                ("memory", s(memory.to_string())),
                ("networkMode", s("awsvpc")),
                ("requiresCompatibilities", arr(vec![s("FARGATE")])),
                ("executionRoleArn", ident(&execution).dot("arn")),
                ("taskRoleArn", ident(&task_role).dot("arn")),
                ("runtimePlatform", pairs(vec![("cpuArchitecture", s(arch)), ("operatingSystemFamily", s("LINUX"))])),
                ("containerDefinitions", json(arr(defs))),
            ]),
        );
        task
    }

    fn services(&mut self) {
        let uses_project = self.plan.nodes(NodeKind::EcsService).iter().any(|svc| {
            self.plan.containers(svc).iter().any(|c| c.command.iter().flatten().any(|p| *p == CmdPart::Project))
        });
        if uses_project {
            self.blank();
            self.note("Python module of your Django project (gunicorn PROJECT.wsgi, celery -A PROJECT).");
            self.push(constant(Ident::new("djangoProject"), s(DJANGO_PROJECT)));
        }
        // Security groups first: flows between services need both ends.
        for svc in self.plan.nodes(NodeKind::EcsService) {
            self.blank();
            self.security_group(svc, true);
        }
        for r in self.plan.nodes(NodeKind::RedisEcs) {
            self.security_group(r, true);
        }
        for svc in self.plan.nodes(NodeKind::EcsService) {
            self.blank();
            let containers = self.plan.containers(svc);
            let long = Plan::is_long_running(svc);
            self.note(format!("ECS {} `{}`: {}", if long { "service" } else { "task" }, svc.id, svc.display_name()));
            let exec = svc.bool("enable_execute_command");
            let arch = svc.text("cpu_architecture").to_owned();
            let task = self.task_definition(svc, &containers, exec, svc.int("cpu"), svc.int("memory"), &arch);
            if !long {
                self.note("A one-off management task: run it with `aws ecs run-task` and the security group above (see README).");
                continue;
            }
            let var = self.plan.var(&svc.id).clone();
            let sg = self.derived_var(&svc.id, "sg").unwrap_or_else(|| s(""));
            let public = self.plan.in_public_subnet(svc);
            let mut props = vec![
                ("cluster", self.cluster_expr(svc)),
                ("taskDefinition", ident(&task).dot("arn")),
                ("desiredCount", Expr::Int(svc.int("desired_count"))),
                ("enableExecuteCommand", Expr::Bool(exec)),
                (
                    "networkConfiguration",
                    pairs(vec![
                        ("subnets", self.subnet_ids(svc, public)),
                        ("securityGroups", arr(vec![sg.dot("id")])),
                        ("assignPublicIp", Expr::Bool(svc.bool("assign_public_ip"))),
                    ]),
                ),
                ("deploymentCircuitBreaker", pairs(vec![("enable", Expr::Bool(true)), ("rollback", Expr::Bool(true))])),
            ];
            if svc.text("capacity_provider") == "FARGATE_SPOT" {
                props.push((
                    "capacityProviderStrategies",
                    arr(vec![pairs(vec![("capacityProvider", s("FARGATE_SPOT")), ("weight", Expr::Int(1))])]),
                ));
            } else {
                props.push(("launchType", s("FARGATE")));
            }
            // Target groups this service registers with (filled in by the load balancers).
            let targets: Vec<Expr> = self
                .plan
                .nodes(NodeKind::Alb)
                .iter()
                .flat_map(|alb| self.plan.alb_targets(alb))
                .filter(|t| t.service.id == svc.id)
                .map(|t| {
                    pairs(vec![
                        (
                            "targetGroupArn",
                            self.derived_var(&t.service.id, "targets").unwrap_or_else(|| s("")).dot("arn"),
                        ),
                        ("containerName", s(t.container)),
                        ("containerPort", Expr::Int(t.port)),
                    ])
                })
                .take(1)
                .collect();
            if !targets.is_empty() {
                props.push(("loadBalancers", arr(targets)));
            }
            let n = self.plan.slug(&svc.id).to_owned();
            let mut listeners: Vec<Expr> = self
                .derived
                .iter()
                .filter(|((_, role), _)| *role == "https" || *role == "http")
                .map(|(_, v)| ident(v))
                .collect();
            if svc.text("capacity_provider") == "FARGATE_SPOT" {
                // The cluster must offer FARGATE_SPOT before a service can ask for it.
                if let Some(c) = self.plan.cluster_of(svc).and_then(|c| self.derived_var(&c.id, "capacity")) {
                    listeners.push(c);
                }
            }
            if listeners.is_empty() {
                self.resource(&var, "aws.ecs.Service", n, pairs(props));
            } else {
                self.push(constant(
                    var,
                    new("aws.ecs.Service", vec![s(n), pairs(props), pairs(vec![("dependsOn", arr(listeners))])]),
                ));
            }
        }
        for r in self.plan.nodes(NodeKind::RedisEcs) {
            self.blank();
            self.note(format!("redis-server as an ECS service (`{}`), registered in Cloud Map", r.id));
            let command: Vec<&str> = if r.bool("tls") {
                crate::export::app::REDIS_TLS_COMMAND.to_vec()
            } else {
                crate::export::app::REDIS_PLAIN_COMMAND.to_vec()
            };
            let mut c = ContainerPlan {
                node: None,
                name: "redis".into(),
                role: "app",
                port: Some(6379),
                image: Image::Redis,
                command: command.into_iter().map(|a| vec![CmdPart::Lit(a.to_owned())]).collect(),
                env: BTreeMap::new(),
                secrets: BTreeMap::new(),
                log_group: self.plan.log_group_of(&r.id).map(|g| g.id.clone()),
                cpu: 0,
                memory: 0,
            };
            c.role = "app";
            let arch = r.text("cpu_architecture").to_owned();
            let task = self.task_definition(r, std::slice::from_ref(&c), false, r.int("cpu"), r.int("memory"), &arch);
            let discovery = self.derive(r, "discovery");
            let dn = name(self.plan, &r.id, "discovery");
            let ns = self.namespace.as_ref().map_or_else(|| s(""), |n| ident(n).dot("id"));
            self.resource(
                &discovery,
                "aws.servicediscovery.Service",
                dn,
                pairs(vec![
                    ("name", s(self.plan.slug(&r.id))),
                    (
                        "dnsConfig",
                        pairs(vec![
                            ("namespaceId", ns),
                            ("dnsRecords", arr(vec![pairs(vec![("ttl", Expr::Int(10)), ("type", s("A"))])])),
                        ]),
                    ),
                ]),
            );
            let var = self.plan.var(&r.id).clone();
            let sg = self.derived_var(&r.id, "sg").unwrap_or_else(|| s(""));
            let public = self.plan.in_public_subnet(r);
            let props = pairs(vec![
                ("cluster", self.cluster_expr(r)),
                ("taskDefinition", ident(&task).dot("arn")),
                ("desiredCount", Expr::Int(r.int("desired_count"))),
                ("launchType", s("FARGATE")),
                (
                    "networkConfiguration",
                    pairs(vec![("subnets", self.subnet_ids(r, public)), ("securityGroups", arr(vec![sg.dot("id")]))]),
                ),
                ("serviceRegistries", pairs(vec![("registryArn", ident(&discovery).dot("arn"))])),
            ]);
            let n = self.plan.slug(&r.id).to_owned();
            self.resource(&var, "aws.ecs.Service", n, props);
        }
    }

    fn bastions(&mut self) {
        for b in self.plan.nodes(NodeKind::Bastion) {
            self.blank();
            let var = self.plan.var(&b.id).clone();
            let sg = self.security_group(b, true);
            if b.text("access") == "ssh" {
                let rn = self.free_name(format!("{}-ssh", self.plan.slug(&b.id)));
                self.resource_unnamed(
                    "aws.vpc.SecurityGroupIngressRule",
                    rn,
                    pairs(vec![
                        ("securityGroupId", ident(&sg).dot("id")),
                        ("cidrIpv4", s("0.0.0.0/0")),
                        ("ipProtocol", s("tcp")),
                        ("fromPort", Expr::Int(22)),
                        ("toPort", Expr::Int(22)),
                        ("description", s("SSH (access = ssh)")),
                    ]),
                );
            }
            let role = self.derive(b, "role");
            let rn = name(self.plan, &b.id, "role");
            self.resource(
                &role,
                "aws.iam.Role",
                rn.clone(),
                pairs(vec![(
                    "assumeRolePolicy",
                    call(
                        "aws.iam.assumeRolePolicyForPrincipal",
                        vec![pairs(vec![("Service", s("ec2.amazonaws.com"))])],
                    ),
                )]),
            );
            if b.text("access") == "ssm" {
                self.resource_unnamed(
                    "aws.iam.RolePolicyAttachment",
                    rn.clone(),
                    pairs(vec![
                        ("role", ident(&role).dot("name")),
                        ("policyArn", code("aws.iam.ManagedPolicy.AmazonSSMManagedInstanceCore")),
                    ]),
                );
            }
            let keys = self.plan.decrypt_keys(b);
            if !keys.is_empty() {
                let st = statement(
                    "Allow",
                    None,
                    &["kms:Decrypt"],
                    arr(keys.iter().map(|k| self.var(&k.id).dot("arn")).collect()),
                );
                self.resource_unnamed(
                    "aws.iam.RolePolicy",
                    rn.clone(),
                    pairs(vec![
                        ("role", ident(&role).dot("id")),
                        ("policy", json(pairs(vec![("Version", s("2012-10-17")), ("Statement", arr(vec![st]))]))),
                    ]),
                );
            }
            let profile = self.derive(b, "profile");
            self.resource(&profile, "aws.iam.InstanceProfile", rn, pairs(vec![("role", ident(&role).dot("name"))]));
            let ty = b.text("instance_type");
            let ami = if is_graviton(ty) {
                "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
            } else {
                "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
            };
            let public_ip = b.bool("associate_public_ip_address");
            if public_ip && !self.plan.in_public_subnet(b) {
                self.note("associate_public_ip_address = true: a public IP needs a public subnet, so the host is placed in one.");
            }
            let public = public_ip || self.plan.in_public_subnet(b);
            let subnet = match self.vpcs.get(&self.vpc_key(b)) {
                Some((_, pubs, privs)) => ident(if public { &pubs[0] } else { &privs[0] }).dot("id"),
                None => code("undefined"),
            };
            let encrypted = b.bool("root_volume_encrypted");
            let mut root =
                vec![("volumeSize", Expr::Int(10)), ("volumeType", s("gp3")), ("encrypted", Expr::Bool(encrypted))];
            if encrypted {
                if let Some(k) = self.key_arn(self.plan.key(&b.id, "storage")) {
                    root.push(("kmsKeyId", k));
                }
            }
            let mut props = vec![
                ("ami", call("aws.ssm.getParameterOutput", vec![pairs(vec![("name", s(ami))])]).dot("value")),
                ("instanceType", s(ty)),
                ("subnetId", subnet),
                ("vpcSecurityGroupIds", arr(vec![ident(&sg).dot("id")])),
                ("associatePublicIpAddress", Expr::Bool(public_ip)),
                ("iamInstanceProfile", ident(&profile).dot("name")),
                (
                    "metadataOptions",
                    pairs(vec![("httpEndpoint", s("enabled")), ("httpTokens", s(b.text("http_tokens")))]),
                ),
                ("rootBlockDevice", pairs(root)),
            ];
            if b.bool("socat_forward") {
                let db = self
                    .plan
                    .model
                    .outgoing(&b.id, crate::catalog::EdgeKind::Flow)
                    .into_iter()
                    .find_map(|f| self.plan.model.node(&f.to).filter(|n| n.kind == NodeKind::RdsPostgres));
                if let Some(db) = db {
                    self.note("Faithful to the design: the host forwards a port to the database (socat) instead of running psql itself.");
                    props.push((
                        "userData",
                        concat(vec![
                            s("#!/bin/bash\ndnf install -y socat\nsocat TCP-LISTEN:5432,fork,reuseaddr TCP:"),
                            self.var(&db.id).dot("address"),
                            s(":5432 &\n"),
                        ]),
                    ));
                }
            }
            let n = self.plan.slug(&b.id).to_owned();
            self.resource(&var, "aws.ec2.Instance", n, pairs(props));
        }
    }

    fn load_balancers(&mut self) {
        for alb in self.plan.nodes(NodeKind::Alb) {
            self.blank();
            let var = self.plan.var(&alb.id).clone();
            let sg = self.security_group(alb, true);
            let mut ports = Vec::new();
            if alb.bool("https_listener") {
                ports.push(443);
            }
            if alb.text("http_listener") != "none" {
                ports.push(80);
            }
            for port in ports {
                let rn = self.free_name(format!("{}-{port}", self.plan.slug(&alb.id)));
                self.resource_unnamed(
                    "aws.vpc.SecurityGroupIngressRule",
                    rn,
                    pairs(vec![
                        ("securityGroupId", ident(&sg).dot("id")),
                        ("cidrIpv4", s("0.0.0.0/0")),
                        ("ipProtocol", s("tcp")),
                        ("fromPort", Expr::Int(port)),
                        ("toPort", Expr::Int(port)),
                    ]),
                );
            }
            let public = self.plan.in_public_subnet(alb) || !alb.bool("internal");
            let n = self.plan.slug(&alb.id).to_owned();
            self.resource(
                &var,
                "aws.lb.LoadBalancer",
                n,
                pairs(vec![
                    ("loadBalancerType", s("application")),
                    ("internal", Expr::Bool(alb.bool("internal"))),
                    ("securityGroups", arr(vec![ident(&sg).dot("id")])),
                    ("subnets", self.subnet_ids(alb, public)),
                    ("dropInvalidHeaderFields", Expr::Bool(alb.bool("drop_invalid_header_fields"))),
                ]),
            );
            let mut groups = Vec::new();
            for t in self.plan.alb_targets(alb) {
                if self.derived.contains_key(&(t.service.id.clone(), "targets")) {
                    continue;
                }
                let tg = self.derive(t.service, "targets");
                let tn = name(self.plan, &t.service.id, "tg");
                let protocol = if t.https { "HTTPS" } else { "HTTP" };
                self.resource(
                    &tg,
                    "aws.lb.TargetGroup",
                    tn,
                    pairs(vec![
                        ("port", Expr::Int(t.port)),
                        ("protocol", s(protocol)),
                        ("targetType", s("ip")),
                        ("vpcId", self.vpc_id(alb)),
                        (
                            "healthCheck",
                            pairs(vec![
                                ("protocol", s(protocol)),
                                ("path", s(HEALTH_CHECK_PATH)),
                                ("matcher", s("200-399")),
                            ]),
                        ),
                    ]),
                );
                groups.push((tg, t.service.id.clone()));
            }
            let forward =
                |g: &Ident| arr(vec![pairs(vec![("type", s("forward")), ("targetGroupArn", ident(g).dot("arn"))])]);
            let fixed = || {
                arr(vec![pairs(vec![
                    ("type", s("fixed-response")),
                    (
                        "fixedResponse",
                        pairs(vec![
                            ("contentType", s("text/plain")),
                            ("statusCode", s("404")),
                            ("messageBody", s("no target")),
                        ]),
                    ),
                ])])
            };
            let mut listeners = Vec::new();
            if alb.bool("https_listener") {
                if alb.text("certificate") == "none" {
                    self.note("The design has no certificate on the HTTPS listener; AWS requires one, so the listener takes the certificateArn config value.");
                }
                let cert = self.config(&CERTIFICATE);
                let l = self.derive(alb, "https");
                let ln = name(self.plan, &alb.id, "https");
                self.resource(
                    &l,
                    "aws.lb.Listener",
                    ln,
                    pairs(vec![
                        ("loadBalancerArn", ident(&var).dot("arn")),
                        ("port", Expr::Int(443)),
                        ("protocol", s("HTTPS")),
                        ("sslPolicy", s(alb.text("ssl_policy"))),
                        ("certificateArn", cert),
                        ("defaultActions", groups.first().map_or_else(fixed, |(g, _)| forward(g))),
                    ]),
                );
                listeners.push(l);
            }
            match alb.text("http_listener") {
                "redirect" => {
                    let l = self.derive(alb, "http");
                    let ln = name(self.plan, &alb.id, "http");
                    self.resource(
                        &l,
                        "aws.lb.Listener",
                        ln,
                        pairs(vec![
                            ("loadBalancerArn", ident(&var).dot("arn")),
                            ("port", Expr::Int(80)),
                            ("protocol", s("HTTP")),
                            (
                                "defaultActions",
                                arr(vec![pairs(vec![
                                    ("type", s("redirect")),
                                    (
                                        "redirect",
                                        pairs(vec![
                                            ("protocol", s("HTTPS")),
                                            ("port", s("443")),
                                            ("statusCode", s("HTTP_301")),
                                        ]),
                                    ),
                                ])]),
                            ),
                        ]),
                    );
                }
                "forward" => {
                    self.note("Faithful to the design: port 80 serves the application in plaintext (http_listener = forward).");
                    let l = self.derive(alb, "http");
                    let ln = name(self.plan, &alb.id, "http");
                    self.resource(
                        &l,
                        "aws.lb.Listener",
                        ln,
                        pairs(vec![
                            ("loadBalancerArn", ident(&var).dot("arn")),
                            ("port", Expr::Int(80)),
                            ("protocol", s("HTTP")),
                            ("defaultActions", groups.first().map_or_else(fixed, |(g, _)| forward(g))),
                        ]),
                    );
                    listeners.push(l);
                }
                _ => {}
            }
            for (i, (g, service)) in groups.iter().enumerate().skip(1) {
                for l in &listeners {
                    let rn = self.free_name(format!("{}-{}", self.plan.slug(service), l.as_str().to_ascii_lowercase()));
                    #[allow(clippy::cast_possible_wrap)] // a handful of target groups
                    let priority = (i * 10) as i64;
                    let paths: Vec<Expr> = self
                        .plan
                        .model
                        .node(service)
                        .map(|n| self.plan.route_paths(n))
                        .unwrap_or_default()
                        .into_iter()
                        .map(s)
                        .collect();
                    self.resource_unnamed(
                        "aws.lb.ListenerRule",
                        rn,
                        pairs(vec![
                            ("listenerArn", ident(l).dot("arn")),
                            ("priority", Expr::Int(priority)),
                            (
                                "conditions",
                                arr(vec![pairs(vec![("pathPattern", pairs(vec![("values", arr(paths))]))])]),
                            ),
                            ("actions", forward(g)),
                        ]),
                    );
                }
            }
        }
    }

    fn distributions(&mut self) {
        for cf in self.plan.nodes(NodeKind::Cloudfront) {
            self.blank();
            let origin = self.plan.model.outgoing(&cf.id, crate::catalog::EdgeKind::Flow).into_iter().find_map(|f| {
                self.plan.model.node(&f.to).filter(|n| matches!(n.kind, NodeKind::Alb | NodeKind::S3Bucket))
            });
            let Some(origin) = origin else {
                self.note(format!("CloudFront `{}` has no flow to a load balancer or bucket, so there is no origin to serve: not exported.", cf.id));
                continue;
            };
            let origin_id = s("origin");
            let origin_props = if origin.kind == NodeKind::Alb {
                pairs(vec![
                    ("originId", origin_id.clone()),
                    ("domainName", self.var(&origin.id).dot("dnsName")),
                    (
                        "customOriginConfig",
                        pairs(vec![
                            ("originProtocolPolicy", s(cf.text("origin_protocol_policy"))),
                            ("httpPort", Expr::Int(80)),
                            ("httpsPort", Expr::Int(443)),
                            ("originSslProtocols", arr(vec![s("TLSv1.2")])),
                        ]),
                    ),
                ])
            } else {
                pairs(vec![
                    ("originId", origin_id.clone()),
                    ("domainName", self.var(&origin.id).dot("bucketRegionalDomainName")),
                ])
            };
            let var = self.plan.var(&cf.id).clone();
            let n = self.plan.slug(&cf.id).to_owned();
            self.note("minimumProtocolVersion applies with a custom certificate; the default *.cloudfront.net certificate serves TLSv1 and later.");
            self.resource(
                &var,
                "aws.cloudfront.Distribution",
                n,
                pairs(vec![
                    ("enabled", Expr::Bool(true)),
                    ("origins", arr(vec![origin_props])),
                    (
                        "defaultCacheBehavior",
                        pairs(vec![
                            ("targetOriginId", origin_id),
                            ("viewerProtocolPolicy", s(cf.text("viewer_protocol_policy"))),
                            ("allowedMethods", arr(vec![s("GET"), s("HEAD")])),
                            ("cachedMethods", arr(vec![s("GET"), s("HEAD")])),
                            (
                                "forwardedValues",
                                pairs(vec![
                                    ("queryString", Expr::Bool(true)),
                                    ("cookies", pairs(vec![("forward", s("all"))])),
                                ]),
                            ),
                        ]),
                    ),
                    ("restrictions", pairs(vec![("geoRestriction", pairs(vec![("restrictionType", s("none"))]))])),
                    (
                        "viewerCertificate",
                        pairs(vec![
                            ("cloudfrontDefaultCertificate", Expr::Bool(true)),
                            ("minimumProtocolVersion", s(cf.text("minimum_protocol_version"))),
                        ]),
                    ),
                ]),
            );
        }
    }

    fn connections(&mut self) {
        let rules = self.plan.network_rules();
        if rules.is_empty() {
            return;
        }
        self.blank();
        self.note("Network paths: one security group rule per flow between network resources.");
        for (from, to, port) in rules {
            let (Some(src), Some(dst)) = (self.derived_var(&from.id, "sg"), self.derived_var(&to.id, "sg")) else {
                continue;
            };
            let rn = self.free_name(format!("{}-to-{}-{port}", self.plan.slug(&from.id), self.plan.slug(&to.id)));
            self.resource_unnamed(
                "aws.vpc.SecurityGroupIngressRule",
                rn,
                pairs(vec![
                    ("securityGroupId", dst.dot("id")),
                    ("referencedSecurityGroupId", src.dot("id")),
                    ("ipProtocol", s("tcp")),
                    ("fromPort", Expr::Int(port)),
                    ("toPort", Expr::Int(port)),
                    ("description", s(format!("{} to {}", self.plan.slug(&from.id), self.plan.slug(&to.id)))),
                ]),
            );
        }
    }

    fn outputs(&mut self) {
        let mut lines = Vec::new();
        for alb in self.plan.nodes(NodeKind::Alb) {
            let v = self.plan.fresh(Ident::camel("x", &format!("{} dns name", self.plan.var(&alb.id).as_str())));
            lines.push(Stmt::Const { export: true, name: v, value: self.var(&alb.id).dot("dnsName") });
        }
        for db in self.plan.nodes(NodeKind::RdsPostgres) {
            let v = self.plan.fresh(Ident::camel("x", &format!("{} endpoint", self.plan.var(&db.id).as_str())));
            lines.push(Stmt::Const { export: true, name: v, value: self.var(&db.id).dot("address") });
        }
        for b in self.plan.nodes(NodeKind::S3Bucket) {
            let v = self.plan.fresh(Ident::camel("x", &format!("{} bucket name", self.plan.var(&b.id).as_str())));
            lines.push(Stmt::Const { export: true, name: v, value: self.var(&b.id).dot("bucket") });
        }
        if !lines.is_empty() {
            self.blank();
            self.body.extend(lines);
        }
    }
}

/// The program source.
pub(super) fn program(plan: &mut Plan<'_>) -> String {
    let mut e = Emitter {
        plan,
        body: Vec::new(),
        derived: BTreeMap::new(),
        vpcs: BTreeMap::new(),
        free_names: BTreeSet::new(),
        default_cluster: None,
        namespace: None,
        private_routes: BTreeMap::new(),
    };
    e.keys();
    e.log_groups();
    e.secrets();
    e.network();
    e.databases();
    e.caches();
    e.buckets();
    e.file_systems();
    e.repositories();
    e.clusters();
    // Load balancers before services: services register with the target groups.
    e.load_balancers();
    e.services();
    e.bastions();
    e.distributions();
    e.connections();
    e.outputs();

    let mut m = Module::default();
    m.body.extend(e.plan.header());
    m.push(Stmt::ImportAll("pulumi", "@pulumi/pulumi"));
    m.push(Stmt::ImportAll("aws", "@pulumi/aws"));
    m.push(Stmt::ImportAll("random", "@pulumi/random"));
    m.push(Stmt::Blank);
    m.push(constant(Ident::new("config"), new("pulumi.Config", vec![])));
    m.push(constant(Ident::new("region"), call("aws.config.requireRegion", vec![])));
    m.push(constant(Ident::new("accountId"), call("aws.getCallerIdentityOutput", vec![]).dot("accountId")));
    m.push(constant(Ident::new("partition"), call("aws.getPartitionOutput", vec![]).dot("partition")));
    m.body.extend(e.body);
    m.print()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_split_a_block() {
        assert_eq!(quarters("10.0.0.0/16").unwrap(), ["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18", "10.0.192.0/18"]);
        assert_eq!(quarters("10.1.2.0/24").unwrap()[3], "10.1.2.192/26");
        assert!(quarters("nope").is_none());
        assert!(quarters("10.0.0.0/8").is_none());
    }
}
