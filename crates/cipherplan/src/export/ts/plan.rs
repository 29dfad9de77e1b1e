//! What a design means for a TypeScript IaC program, read once for the CDK and Pulumi exporters.
//!
//! Both exporters walk the same facts — which VPC and subnet tier a node sits in, which
//! containers a task runs and with what command, which environment variables and secrets a
//! container gets from its flows and `reads_secret` edges, which target groups an ALB forwards
//! to — so those facts are computed here, from the design alone, and the exporters only decide
//! how to spell them. Everything is in a stable order (sorted ids), so output is deterministic.

use super::{comment, Ident, Stmt};
use crate::catalog::{EdgeKind, NodeKind};
use crate::design::{Design, Edge, Node};
use crate::export::names;
use crate::finding::Finding;
use crate::model::Model;
use crate::rules;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Python module of the Django project the generated commands name (`backend.wsgi`,
/// `celery -A backend`); the generated code keeps it in one constant the user can change.
pub const DJANGO_PROJECT: &str = "backend";
/// Path the load balancer's health checks request.
pub const HEALTH_CHECK_PATH: &str = "/";
/// Database created on RDS instances.
pub const DATABASE_NAME: &str = "app";
/// Master user name of RDS instances (kept with the password in the credentials secret).
pub const DATABASE_USER: &str = "postgres";

/// Names a generated program uses itself; a node never gets one of them as its variable.
const FIXED_NAMES: &[&str] = &[
    "cdk",
    "ec2",
    "ecs",
    "elbv2",
    "elasticache",
    "iam",
    "kms",
    "logs",
    "rds",
    "s3",
    "secretsmanager",
    "efs",
    "ecr",
    "cloudfront",
    "origins",
    "servicediscovery",
    "Construct",
    "app",
    "stack",
    "props",
    "scope",
    "id",
    "pulumi",
    "aws",
    "random",
    "config",
    "djangoProject",
    "certificateArn",
    "appImage",
    "nginxImage",
    "redisImage",
    "region",
    "azs",
    "test",
    "assert",
    "mocks",
    "resources",
    "node",
    "natGateways",
    "mock",
    "describe",
    "it",
    "before",
];

/// A `reads_secret` injection: environment variable → secret (and JSON field).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SecretEnv {
    /// Environment variable name (any text; printed as a quoted key when needed).
    pub env: String,
    /// Secret node id.
    pub secret: String,
    /// JSON field of the secret (`password` for database credentials), or none for the whole value.
    pub field: Option<&'static str>,
}

/// A value of a plain environment variable.
#[derive(Debug, Clone, PartialEq)]
pub enum EnvValue {
    /// A literal string.
    Text(String),
    /// The endpoint address of a store node.
    Host(String),
    /// The endpoint port of a store node.
    Port(String),
    /// A bucket's name.
    BucketName(String),
    /// A Redis URL: scheme + host + port + query.
    RedisUrl {
        /// `redis://` or `rediss://`.
        scheme: &'static str,
        /// Redis node id.
        node: String,
        /// Query string after the database number (`?ssl_cert_reqs=required`), may be empty.
        query: &'static str,
    },
    /// The deployment region.
    Region,
}

/// One container of an ECS task, drawn or implied.
#[derive(Debug, Clone)]
pub struct ContainerPlan<'d> {
    /// The container node, `None` for the implied single container of a service with none drawn.
    pub node: Option<&'d Node>,
    /// Container name in the task definition.
    pub name: String,
    /// Role: `nginx`, `gunicorn`, `celery`, `app`.
    pub role: &'static str,
    /// Port it listens on, if it serves.
    pub port: Option<i64>,
    /// Image: `nginx` (sidecar image input), `app` (application image input) or a literal URI.
    pub image: Image,
    /// Command, when the image's default is not what the role needs. Elements are literal
    /// strings, or [`CmdPart::Project`] for the Django project module.
    pub command: Vec<Vec<CmdPart>>,
    /// Plain environment variables, sorted by name.
    pub env: BTreeMap<String, EnvValue>,
    /// Secrets injected as environment variables, sorted by name.
    pub secrets: BTreeMap<String, SecretEnv>,
    /// Log group node id, if the container's output goes to one.
    pub log_group: Option<String>,
    /// CPU units reserved (0 = share).
    pub cpu: i64,
    /// Memory reservation in MiB (0 = none).
    pub memory: i64,
}

/// A piece of one command argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CmdPart {
    /// Literal text.
    Lit(String),
    /// The Django project module name constant.
    Project,
}

/// Where a container image comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Image {
    /// The application image input (`appImage`).
    App,
    /// The nginx sidecar image input (`nginxImage`).
    Nginx,
    /// The Redis image input (`redisImage`).
    Redis,
    /// A literal URI from the design.
    Uri(String),
}

/// An ALB target: where one `flow` from the load balancer lands.
#[derive(Debug, Clone)]
pub struct AlbTarget<'d> {
    /// The flow.
    pub flow: &'d Edge,
    /// The ECS service the target group registers.
    pub service: &'d Node,
    /// Container name inside the task.
    pub container: String,
    /// Port on the container.
    pub port: i64,
    /// HTTPS from the ALB to the target (`tls` is not `disable`).
    pub https: bool,
}

/// The facts both TypeScript exporters read.
#[derive(Debug)]
pub struct Plan<'d> {
    /// The graph.
    pub model: Model<'d>,
    /// Open findings of the design (what the header comment and README list).
    pub findings: Vec<Finding>,
    names: BTreeMap<&'d str, Ident>,
    ids: BTreeMap<&'d str, Ident>,
    taken: BTreeSet<String>,
    taken_ids: BTreeSet<String>,
    slugs: BTreeMap<&'d str, String>,
    /// Nodes of each kind sorted by id (indexed by `NodeKind as usize`), so lookups that
    /// exporters make per resource do not re-sort the design.
    by_kind: Vec<Vec<&'d Node>>,
    /// The credentials secret of each RDS instance (by instance id), computed once: exporters
    /// ask per secret and per database, which was cubic in the design size.
    /// Keyed by the node's address, so duplicate ids (an invalid design) stay apart.
    db_secrets: HashMap<*const Node, Option<&'d Node>>,
    /// Ids of secrets that are some database's credentials secret.
    db_credentials: HashSet<&'d str>,
    /// [`Plan::containers`] of every service (keyed by address), computed once: each exporter
    /// asks for a service's containers several times.
    containers: HashMap<*const Node, Vec<ContainerPlan<'d>>>,
}

/// Sorted by id: the one order every exporter emits nodes in.
fn sorted<'d>(nodes: impl Iterator<Item = &'d Node>) -> Vec<&'d Node> {
    let mut v: Vec<&Node> = nodes.collect();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

/// A short lower-case name of ASCII letters, digits and `-` ([`names::slug`]) for Pulumi
/// resource names, which become the prefix of AWS names that allow little else. At most 20
/// characters, so a name with a suffix and Pulumi's random part stays within AWS's
/// 32-character limits. `fallback` when `text` has no ASCII letter or digit.
#[must_use]
pub fn slug(text: &str, fallback: &str) -> String {
    if names::words(text).is_empty() {
        names::slug(fallback, 20)
    } else {
        names::slug(text, 20)
    }
}

impl<'d> Plan<'d> {
    /// Reads a design.
    #[must_use]
    pub fn new(design: &'d Design) -> Self {
        let model = Model::new(design);
        let findings = rules::check(design, &rules::Options::default());
        let mut plan = Plan {
            model,
            findings,
            names: BTreeMap::new(),
            ids: BTreeMap::new(),
            taken: FIXED_NAMES.iter().map(|s| (*s).to_owned()).collect(),
            taken_ids: BTreeSet::new(),
            slugs: BTreeMap::new(),
            by_kind: Vec::new(),
            db_secrets: HashMap::new(),
            db_credentials: HashSet::new(),
            containers: HashMap::new(),
        };
        let mut by_kind: Vec<Vec<&'d Node>> = Vec::new();
        for n in &design.nodes {
            let k = n.kind as usize;
            if by_kind.len() <= k {
                by_kind.resize_with(k + 1, Vec::new);
            }
            by_kind[k].push(n);
        }
        for v in &mut by_kind {
            // Stable, like `sorted`: duplicate ids (an invalid design) keep design order.
            v.sort_by(|a, b| a.id.cmp(&b.id));
        }
        plan.by_kind = by_kind;
        for db in plan.nodes(NodeKind::RdsPostgres) {
            let secret = plan.db_secret_uncached(db);
            plan.db_secrets.insert(std::ptr::from_ref(db), secret);
            if let Some(secret) = secret {
                plan.db_credentials.insert(&secret.id);
            }
        }
        let mut slugs_taken = BTreeSet::new();
        for n in sorted(design.nodes.iter()) {
            let bare = Ident::camel(var_prefix(n.kind), &n.id);
            let var = if plan.taken.contains(bare.as_str()) {
                plan.fresh(Ident::prefixed(var_prefix(n.kind), &n.id))
            } else {
                plan.fresh(bare)
            };
            plan.names.insert(&n.id, var);
            let cid = plan.fresh_id(Ident::pascal(&n.id, "Node"));
            plan.ids.insert(&n.id, cid);
            let base = slug(&n.id, "n");
            let mut s = base.clone();
            let mut i = 2;
            while !slugs_taken.insert(s.clone()) {
                s = format!("{base}{i}");
                i += 1;
            }
            plan.slugs.insert(&n.id, s);
        }
        let services: HashMap<*const Node, Vec<ContainerPlan<'d>>> = plan
            .nodes(NodeKind::EcsService)
            .into_iter()
            .map(|svc| (std::ptr::from_ref(svc), plan.containers_uncached(svc)))
            .collect();
        plan.containers = services;
        plan
    }

    /// The design.
    #[must_use]
    pub fn design(&self) -> &'d Design {
        self.model.design
    }

    /// An unused variable name based on `want`.
    pub fn fresh(&mut self, want: Ident) -> Ident {
        let mut name = want.clone();
        let mut i = 2;
        while !self.taken.insert(name.as_str().to_owned()) {
            name = want.numbered(i);
            i += 1;
        }
        name
    }

    /// An unused construct id based on `want`.
    pub fn fresh_id(&mut self, want: Ident) -> Ident {
        let mut name = want.clone();
        let mut i = 2;
        while !self.taken_ids.insert(name.as_str().to_owned()) {
            name = want.numbered(i);
            i += 1;
        }
        name
    }

    /// The variable holding a node's main resource.
    ///
    /// # Panics
    /// When `id` is not a node of the design (a bug in the exporter).
    #[must_use]
    pub fn var(&self, id: &str) -> &Ident {
        &self.names[id]
    }

    /// A node's construct id (PascalCase).
    ///
    /// # Panics
    /// When `id` is not a node of the design.
    #[must_use]
    pub fn cid(&self, id: &str) -> &Ident {
        &self.ids[id]
    }

    /// A node's resource-name slug (lower-case, `-`).
    ///
    /// # Panics
    /// When `id` is not a node of the design.
    #[must_use]
    pub fn slug(&self, id: &str) -> &str {
        &self.slugs[id]
    }

    /// Nodes of `kind`, sorted by id.
    #[must_use]
    pub fn nodes(&self, kind: NodeKind) -> Vec<&'d Node> {
        self.by_kind.get(kind as usize).cloned().unwrap_or_default()
    }

    /// Whether the design has any node that lives in a VPC.
    #[must_use]
    pub fn needs_vpc(&self) -> bool {
        self.design().nodes.iter().any(|n| n.kind.spec().parents.contains(&NodeKind::Vpc))
    }

    /// The VPC node a node sits in (its nearest `vpc` ancestor), else the first VPC by id.
    #[must_use]
    pub fn vpc_of(&self, node: &Node) -> Option<&'d Node> {
        let mut cur = self.model.parent(node);
        let mut guard = 0;
        while let Some(p) = cur {
            if p.kind == NodeKind::Vpc {
                return Some(p);
            }
            guard += 1;
            if guard > 64 {
                break;
            }
            cur = self.model.parent(p);
        }
        self.nodes(NodeKind::Vpc).into_iter().next()
    }

    /// Whether a node sits in a public subnet.
    #[must_use]
    pub fn in_public_subnet(&self, node: &Node) -> bool {
        let mut cur = self.model.parent(node);
        let mut guard = 0;
        while let Some(p) = cur {
            if p.kind == NodeKind::Subnet {
                return p.bool("public");
            }
            guard += 1;
            if guard > 64 {
                break;
            }
            cur = self.model.parent(p);
        }
        false
    }

    /// Number of NAT gateways drawn in a VPC (nodes whose VPC is `vpc`).
    #[must_use]
    pub fn nat_gateways(&self, vpc: Option<&Node>) -> usize {
        self.nodes(NodeKind::NatGateway)
            .into_iter()
            .filter(|n| self.vpc_of(n).map(|v| &v.id) == vpc.map(|v| &v.id))
            .count()
    }

    /// The customer managed key a node is encrypted with for `purpose`.
    #[must_use]
    pub fn key(&self, id: &str, purpose: &str) -> Option<&'d Node> {
        self.model.key_of(id, purpose).filter(|k| k.kind == NodeKind::KmsKey)
    }

    /// Containers drawn inside a service, sorted by id.
    #[must_use]
    pub fn drawn_containers(&self, service: &Node) -> Vec<&'d Node> {
        sorted(
            self.design()
                .nodes
                .iter()
                .filter(|n| n.kind == NodeKind::Container && n.parent.as_deref() == Some(service.id.as_str())),
        )
    }

    /// The log group a node's output goes to (`writes_logs`, purpose `container`).
    #[must_use]
    pub fn log_group_of(&self, id: &str) -> Option<&'d Node> {
        self.model
            .outgoing(id, EdgeKind::WritesLogs)
            .into_iter()
            .filter(|e| e.text("purpose") == "container")
            .find_map(|e| self.model.node(&e.to))
    }

    /// The ECS Exec session log group of a cluster (`writes_logs`, purpose `exec_session`).
    #[must_use]
    pub fn exec_log_group(&self, cluster: &Node) -> Option<&'d Node> {
        self.model
            .outgoing(&cluster.id, EdgeKind::WritesLogs)
            .into_iter()
            .filter(|e| e.text("purpose") == "exec_session")
            .find_map(|e| self.model.node(&e.to))
    }

    /// The cluster a service runs on, else the first cluster.
    #[must_use]
    pub fn cluster_of(&self, service: &Node) -> Option<&'d Node> {
        self.model.cluster_of(&service.id).or_else(|| self.nodes(NodeKind::EcsCluster).into_iter().next())
    }

    /// The credentials secret of an RDS instance: the first `db_password` secret (by id) that
    /// some principal connecting to the database reads, else the first `db_password` secret.
    #[must_use]
    pub fn db_secret(&self, db: &Node) -> Option<&'d Node> {
        match self.db_secrets.get(&std::ptr::from_ref(db)) {
            Some(secret) => *secret,
            None => self.db_secret_uncached(db),
        }
    }

    fn db_secret_uncached(&self, db: &Node) -> Option<&'d Node> {
        let candidates: Vec<&Node> =
            self.nodes(NodeKind::Secret).into_iter().filter(|s| s.text("purpose") == "db_password").collect();
        let clients: BTreeSet<String> = self
            .model
            .incoming(&db.id, EdgeKind::Flow)
            .iter()
            .filter_map(|f| self.model.node(&f.from))
            .filter_map(|n| self.model.principal_of(n))
            .map(|p| p.id.clone())
            .collect();
        candidates
            .iter()
            .find(|s| self.model.incoming(&s.id, EdgeKind::ReadsSecret).iter().any(|e| clients.contains(&e.from)))
            .or_else(|| candidates.first())
            .copied()
    }

    /// Whether a secret is the credentials secret of some database.
    #[must_use]
    pub fn is_db_credentials(&self, secret: &Node) -> bool {
        self.db_credentials.contains(secret.id.as_str())
    }

    /// The AUTH token secret of an ElastiCache node: the first `redis_auth_token` secret by id.
    #[must_use]
    pub fn redis_token_secret(&self) -> Option<&'d Node> {
        self.nodes(NodeKind::Secret).into_iter().find(|s| s.text("purpose") == "redis_auth_token")
    }

    /// Whether an ElastiCache node is exported as a replication group (it has the settings).
    #[must_use]
    pub fn is_replication_group(redis: &Node) -> bool {
        redis.text("resource_type") != "cluster"
    }

    /// Whether the AUTH token of an ElastiCache node is exported: asked for, on a replication
    /// group with transit encryption (AWS accepts a token only with TLS), and a token secret exists.
    #[must_use]
    pub fn redis_uses_token(&self, redis: &Node) -> bool {
        redis.bool("auth_token_enabled")
            && redis.bool("transit_encryption_enabled")
            && Self::is_replication_group(redis)
            && self.redis_token_secret().is_some()
    }

    /// Where the ALB's flows land: a front end first (it gets the listener's default action),
    /// then by edge id.
    #[must_use]
    pub fn alb_targets(&self, alb: &Node) -> Vec<AlbTarget<'d>> {
        let mut flows = self.model.outgoing(&alb.id, EdgeKind::Flow);
        flows.sort_by(|a, b| a.id.cmp(&b.id));
        let mut targets: Vec<AlbTarget<'d>> = flows
            .into_iter()
            .filter_map(|flow| {
                let to = self.model.node(&flow.to)?;
                let (service, container) = match to.kind {
                    NodeKind::Container => {
                        let svc = self.model.parent(to).filter(|p| p.kind == NodeKind::EcsService)?;
                        (svc, container_name(to))
                    }
                    NodeKind::EcsService => {
                        let c = self.containers(to);
                        let name = c
                            .iter()
                            .find(|c| c.role == "nginx")
                            .or_else(|| c.iter().find(|c| c.port.is_some()))
                            .map_or_else(|| "app".to_owned(), |c| c.name.clone());
                        (to, name)
                    }
                    _ => return None,
                };
                if service.text("role") == "management" {
                    return None;
                }
                Some(AlbTarget {
                    flow,
                    service,
                    container,
                    port: flow.int("port"),
                    https: flow.text("tls") != "disable",
                })
            })
            .collect();
        targets.sort_by_key(|t| t.service.text("role") != "frontend");
        targets
    }

    /// Path patterns that route to a target group other than the listener's default: the
    /// Django paths of the reference stacks for a web service (DESIGN.md §3), else a prefix
    /// named after the service. Adjust them to your routes.
    #[must_use]
    pub fn route_paths(&self, service: &Node) -> Vec<String> {
        if service.text("role") == "web" {
            ["/api/*", "/admin/*", "/graphql/*", "/static/*", "/media/*"].map(str::to_owned).to_vec()
        } else {
            vec![format!("/{}/*", self.slug(&service.id))]
        }
    }

    /// Whether a service is a long-running ECS service (one-off management tasks are not).
    #[must_use]
    pub fn is_long_running(service: &Node) -> bool {
        service.text("role") != "management"
    }

    /// The containers of a service's task: those drawn, or one implied by its role.
    #[must_use]
    pub fn containers(&self, service: &'d Node) -> Vec<ContainerPlan<'d>> {
        match self.containers.get(&std::ptr::from_ref(service)) {
            Some(c) => c.clone(),
            None => self.containers_uncached(service),
        }
    }

    fn containers_uncached(&self, service: &'d Node) -> Vec<ContainerPlan<'d>> {
        let drawn = self.drawn_containers(service);
        let has_nginx = drawn.iter().any(|c| c.text("role") == "nginx");
        let service_role = service.text("role");
        let app_image =
            if service.text("image").is_empty() { Image::App } else { Image::Uri(service.text("image").to_owned()) };
        let mut out: Vec<ContainerPlan<'d>> = if drawn.is_empty() {
            let (port, command) = implied_command(service_role);
            vec![ContainerPlan {
                node: None,
                name: "app".into(),
                role: "app",
                port,
                image: app_image.clone(),
                command,
                env: BTreeMap::new(),
                secrets: BTreeMap::new(),
                log_group: self.log_group_of(&service.id).map(|g| g.id.clone()),
                cpu: 0,
                memory: 0,
            }]
        } else {
            drawn
                .iter()
                .map(|c| {
                    let role: &'static str = match c.text("role") {
                        "nginx" => "nginx",
                        "gunicorn" => "gunicorn",
                        "celery" => "celery",
                        _ => "app",
                    };
                    let port = c.int("port");
                    let command = container_command(role, service_role, port, has_nginx, c.bool("listens_tls"));
                    let serves = matches!(role, "nginx" | "gunicorn")
                        || (role == "app" && matches!(service_role, "web" | "frontend"));
                    ContainerPlan {
                        node: Some(*c),
                        name: container_name(c),
                        role,
                        port: serves.then_some(port),
                        image: if role == "nginx" { Image::Nginx } else { app_image.clone() },
                        command,
                        env: BTreeMap::new(),
                        secrets: BTreeMap::new(),
                        log_group: self
                            .log_group_of(&c.id)
                            .or_else(|| self.log_group_of(&service.id))
                            .map(|g| g.id.clone()),
                        cpu: c.int("cpu"),
                        memory: c.int("memory"),
                    }
                })
                .collect()
        };
        // Names must be unique inside a task definition.
        let mut seen = BTreeSet::new();
        for c in &mut out {
            let base = c.name.clone();
            let mut i = 2;
            while !seen.insert(c.name.clone()) {
                c.name = format!("{base}-{i}");
                i += 1;
            }
        }
        // Environment and secrets: flows and reads of the service go to every app container
        // (not the nginx sidecar); those of a container go to that container.
        let service_env = self.env_from_flows(&service.id);
        let service_secrets = self.secrets_read_by(&service.id);
        let django_env = service.text("framework") == "django" && service.text("secret_key_source") == "environment";
        let allowed_hosts = self.domain().filter(|_| service.text("framework") == "django" && service_role == "web");
        for c in &mut out {
            if c.role != "nginx" {
                c.env.extend(service_env.clone());
                c.secrets.extend(service_secrets.clone());
                if django_env && !c.secrets.contains_key("DJANGO_SECRET_KEY") {
                    // Faithful to the design: the key sits in the task definition in plaintext.
                    c.env.insert("DJANGO_SECRET_KEY".into(), EnvValue::Text("change-me-insecure-plaintext-key".into()));
                }
            }
            if let (Some(domain), true) = (allowed_hosts, c.role != "nginx") {
                c.env.insert("DJANGO_ALLOWED_HOSTS".into(), EnvValue::Text(domain.to_owned()));
            }
            if let Some(n) = c.node {
                c.env.extend(self.env_from_flows(&n.id));
                c.secrets.extend(self.secrets_read_by(&n.id));
            }
            // A secret wins over a plain variable of the same name.
            let secret_names: Vec<String> = c.secrets.keys().cloned().collect();
            for name in secret_names {
                c.env.remove(&name);
            }
        }
        out
    }

    /// Environment variables a node's outgoing flows imply (how to reach each store, with the
    /// TLS mode of the flow).
    #[must_use]
    pub fn env_from_flows(&self, id: &str) -> BTreeMap<String, EnvValue> {
        let mut env = BTreeMap::new();
        for flow in self.model.outgoing(id, EdgeKind::Flow) {
            let Some(to) = self.model.node(&flow.to) else { continue };
            let mode = flow.text("tls");
            match to.kind {
                NodeKind::RdsPostgres => {
                    env.insert("DATABASE_HOST".into(), EnvValue::Host(to.id.clone()));
                    env.insert("DATABASE_PORT".into(), EnvValue::Port(to.id.clone()));
                    env.insert("DATABASE_NAME".into(), EnvValue::Text(DATABASE_NAME.into()));
                    // libpq reads these itself: the flow's sslmode and CA bundle, as designed.
                    env.insert("PGSSLMODE".into(), EnvValue::Text(mode.to_owned()));
                    let ca = flow.text("ca_bundle");
                    if !ca.is_empty() {
                        env.insert("PGSSLROOTCERT".into(), EnvValue::Text(ca.to_owned()));
                    }
                }
                NodeKind::ElasticacheRedis | NodeKind::RedisEcs => {
                    let (scheme, query) = match mode {
                        "disable" | "allow" => ("redis://", ""),
                        "prefer" | "require" => ("rediss://", "?ssl_cert_reqs=none"),
                        _ => ("rediss://", "?ssl_cert_reqs=required"),
                    };
                    env.insert("REDIS_URL".into(), EnvValue::RedisUrl { scheme, node: to.id.clone(), query });
                    // What the app export's settings fragment reads (it adds the token and TLS mode).
                    env.insert("REDIS_HOST".into(), EnvValue::Host(to.id.clone()));
                    env.insert("REDIS_PORT".into(), EnvValue::Port(to.id.clone()));
                }
                NodeKind::S3Bucket => {
                    env.insert("AWS_STORAGE_BUCKET_NAME".into(), EnvValue::BucketName(to.id.clone()));
                    env.insert("AWS_S3_REGION_NAME".into(), EnvValue::Region);
                }
                _ => {}
            }
        }
        env
    }

    /// Secrets a node reads, as environment variables.
    #[must_use]
    pub fn secrets_read_by(&self, id: &str) -> BTreeMap<String, SecretEnv> {
        let mut out = BTreeMap::new();
        for e in self.model.outgoing(id, EdgeKind::ReadsSecret) {
            let Some(secret) = self.model.node(&e.to) else { continue };
            let credentials = self.is_db_credentials(secret);
            let env = if e.text("env_var").is_empty() { default_env(secret) } else { e.text("env_var").to_owned() };
            out.insert(
                env.clone(),
                SecretEnv { env, secret: secret.id.clone(), field: credentials.then_some("password") },
            );
            if credentials {
                out.insert(
                    "DATABASE_USER".into(),
                    SecretEnv { env: "DATABASE_USER".into(), secret: secret.id.clone(), field: Some("username") },
                );
            }
        }
        out
    }

    /// Flows between two nodes that need a network path (security group rule): from the
    /// principal (service, bastion) to a store or service, with the port. Sorted.
    #[must_use]
    pub fn network_rules(&self) -> Vec<(&'d Node, &'d Node, i64)> {
        let mut out = Vec::new();
        for flow in self.model.edges_of(EdgeKind::Flow) {
            let (Some(from), Some(to)) = (self.model.node(&flow.from), self.model.node(&flow.to)) else { continue };
            if self.model.is_loopback(flow) || matches!(flow.text("protocol"), "aws_api" | "ssm") {
                continue;
            }
            let Some(src) = self.network_endpoint(from) else { continue };
            let Some(dst) = self.network_endpoint(to) else { continue };
            if src.id == dst.id {
                continue;
            }
            out.push((src, dst, flow.int("port")));
        }
        out.sort_by(|a, b| (&a.0.id, &a.1.id, a.2).cmp(&(&b.0.id, &b.1.id, b.2)));
        out.dedup_by(|a, b| a.0.id == b.0.id && a.1.id == b.1.id && a.2 == b.2);
        out
    }

    /// The node that owns the network interface a flow end uses (a container's service).
    fn network_endpoint(&self, node: &'d Node) -> Option<&'d Node> {
        match node.kind {
            NodeKind::Container => self.model.parent(node).filter(|p| p.kind == NodeKind::EcsService),
            NodeKind::EcsService
            | NodeKind::Bastion
            | NodeKind::RdsPostgres
            | NodeKind::ElasticacheRedis
            | NodeKind::RedisEcs
            | NodeKind::Alb
            | NodeKind::Efs => Some(node),
            _ => None,
        }
    }

    /// Principals (services, bastions) that reach a bucket, sorted.
    #[must_use]
    pub fn bucket_clients(&self, bucket: &Node) -> Vec<&'d Node> {
        let mut out: Vec<&Node> = self
            .model
            .incoming(&bucket.id, EdgeKind::Flow)
            .into_iter()
            .filter_map(|f| self.model.node(&f.from))
            .filter_map(|n| self.model.principal_of(n))
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out.dedup_by(|a, b| a.id == b.id);
        out
    }

    /// Keys a principal may decrypt with (`can_decrypt`), sorted.
    #[must_use]
    pub fn decrypt_keys(&self, principal: &Node) -> Vec<&'d Node> {
        sorted(
            self.model
                .outgoing(&principal.id, EdgeKind::CanDecrypt)
                .into_iter()
                .filter_map(|e| self.model.node(&e.to))
                .filter(|k| k.kind == NodeKind::KmsKey),
        )
    }

    /// Whether some log group is encrypted with `key` (its key policy must let CloudWatch
    /// Logs use it).
    #[must_use]
    pub fn key_used_by_logs(&self, key: &Node) -> bool {
        self.model
            .incoming(&key.id, EdgeKind::EncryptsWith)
            .iter()
            .filter_map(|e| self.model.node(&e.from))
            .any(|n| n.kind == NodeKind::LogGroup)
    }

    /// Whether some cluster encrypts Fargate ephemeral storage with `key` (its key policy must let
    /// Fargate use it).
    #[must_use]
    pub fn key_used_for_ephemeral_storage(&self, key: &Node) -> bool {
        self.model.incoming(&key.id, EdgeKind::EncryptsWith).iter().any(|e| {
            e.text("purpose") == "ephemeral_storage"
                && self.model.node(&e.from).is_some_and(|n| n.kind == NodeKind::EcsCluster)
        })
    }

    /// The domain name the application is served on (first Route 53 node), if any.
    #[must_use]
    pub fn domain(&self) -> Option<&'d str> {
        self.nodes(NodeKind::Route53).first().map(|n| n.text("domain_name")).filter(|d| !d.is_empty())
    }

    /// Which image inputs the program needs.
    #[must_use]
    pub fn images(&self) -> BTreeSet<Image> {
        let mut out = BTreeSet::new();
        for svc in self.nodes(NodeKind::EcsService) {
            for c in self.containers(svc) {
                if !matches!(c.image, Image::Uri(_)) {
                    out.insert(c.image);
                }
            }
        }
        if !self.nodes(NodeKind::RedisEcs).is_empty() {
            out.insert(Image::Redis);
        }
        out
    }

    /// Whether the program needs the certificate input (an HTTPS listener exists).
    #[must_use]
    pub fn needs_certificate(&self) -> bool {
        self.nodes(NodeKind::Alb).iter().any(|a| a.bool("https_listener"))
    }

    /// The comment block that opens a generated program: where it comes from, the design's
    /// description, and its open findings, then a blank line.
    #[must_use]
    pub fn header(&self) -> Vec<Stmt> {
        let d = self.design();
        let mut out = vec![comment(format!(
            "Generated by cipherplan from the design \"{}\". Do not edit by hand: change the design and export again.",
            d.name
        ))];
        if !d.description.is_empty() {
            out.push(comment(d.description.clone()));
        }
        out.push(comment(""));
        out.extend(self.findings_lines().into_iter().map(comment));
        out.push(Stmt::Blank);
        out
    }

    /// The header lines listing open findings (empty list: a line saying there are none).
    #[must_use]
    pub fn findings_lines(&self) -> Vec<String> {
        if self.findings.is_empty() {
            return vec!["Open findings: none. cipherplan found no encryption gap in this design.".into()];
        }
        let mut out = vec![format!("Open findings ({}), from `cipherplan validate`:", self.findings.len())];
        for f in &self.findings {
            out.push(format!("- {} {} {}: {}", f.severity, f.code, f.target, f.message));
        }
        out
    }
}

/// Variable-name prefix of a node kind, for ids that would not make a good name alone.
fn var_prefix(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::InternetClient | NodeKind::Operator => "client",
        NodeKind::Route53 => "dns",
        NodeKind::Cloudfront => "cdn",
        NodeKind::Alb => "alb",
        NodeKind::EcsCluster => "cluster",
        NodeKind::EcsService => "service",
        NodeKind::Container => "container",
        NodeKind::RedisEcs => "redis",
        NodeKind::Bastion => "bastion",
        NodeKind::RdsPostgres => "db",
        NodeKind::ElasticacheRedis => "cache",
        NodeKind::S3Bucket => "bucket",
        NodeKind::Efs => "fs",
        NodeKind::EcrRepository => "repo",
        NodeKind::KmsKey => "key",
        NodeKind::Secret => "secret",
        NodeKind::LogGroup => "logs",
        NodeKind::NatGateway => "nat",
        NodeKind::VpcEndpoint => "endpoint",
        NodeKind::Vpc => "vpc",
        NodeKind::Subnet => "subnet",
    }
}

/// A container's name in its task definition: its id as a slug.
fn container_name(c: &Node) -> String {
    slug(&c.id, "c")
}

/// Default environment variable of a secret, by purpose.
fn default_env(secret: &Node) -> String {
    match secret.text("purpose") {
        "django_secret_key" => "DJANGO_SECRET_KEY".into(),
        "db_password" => "DATABASE_PASSWORD".into(),
        "redis_auth_token" => "REDIS_AUTH_TOKEN".into(),
        _ => {
            let s: String = secret
                .id
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
                .collect();
            if s.starts_with(|c: char| c.is_ascii_alphabetic()) {
                s
            } else {
                format!("SECRET_{s}")
            }
        }
    }
}

fn lit(s: &str) -> Vec<CmdPart> {
    vec![CmdPart::Lit(s.to_owned())]
}

/// The command of the single container implied for a service with no containers drawn.
fn implied_command(service_role: &str) -> (Option<i64>, Vec<Vec<CmdPart>>) {
    match service_role {
        "web" => (
            Some(8000),
            vec![
                lit("gunicorn"),
                lit("--bind"),
                lit("0.0.0.0:8000"),
                vec![CmdPart::Project, CmdPart::Lit(".wsgi".into())],
            ],
        ),
        "worker" => (None, celery("worker")),
        "beat" => (None, celery("beat")),
        "management" => (None, vec![lit("python"), lit("manage.py"), lit("migrate"), lit("--no-input")]),
        "frontend" => (Some(3000), Vec::new()),
        _ => (None, Vec::new()),
    }
}

fn celery(what: &str) -> Vec<Vec<CmdPart>> {
    vec![lit("celery"), lit("-A"), vec![CmdPart::Project], lit(what), lit("--loglevel"), lit("INFO")]
}

/// The command of a drawn container.
fn container_command(
    role: &str,
    service_role: &str,
    port: i64,
    behind_nginx: bool,
    listens_tls: bool,
) -> Vec<Vec<CmdPart>> {
    match role {
        "gunicorn" => {
            // Behind a sidecar, gunicorn listens on loopback only: nothing but nginx reaches it.
            let host = if behind_nginx { "127.0.0.1" } else { "0.0.0.0" };
            let mut cmd = vec![lit("gunicorn"), lit("--bind"), vec![CmdPart::Lit(format!("{host}:{port}"))]];
            if listens_tls {
                cmd.extend([lit("--certfile"), lit("/certs/cert.pem"), lit("--keyfile"), lit("/certs/key.pem")]);
            }
            cmd.push(vec![CmdPart::Project, CmdPart::Lit(".wsgi".into())]);
            cmd
        }
        "celery" => match service_role {
            "beat" => celery("beat"),
            _ => celery("worker"),
        },
        "app" => implied_command(service_role).1,
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates;

    #[test]
    fn slugs_are_short_and_safe() {
        assert_eq!(slug("Média & Static", "n"), "m-dia-static");
        assert_eq!(slug("123", "n"), "n123");
        assert_eq!(slug("", "node"), "node");
        assert!(slug(&"x".repeat(100), "n").len() <= 20);
    }

    #[test]
    fn reference_web_task_has_sidecar_and_gunicorn_on_loopback() {
        let d = templates::reference();
        let plan = Plan::new(&d);
        let web = plan.model.node("web").unwrap();
        let cs = plan.containers(web);
        let names: Vec<_> = cs.iter().map(|c| (c.name.as_str(), c.role)).collect();
        assert_eq!(names, [("gunicorn", "gunicorn"), ("nginx", "nginx")]);
        assert_eq!(cs[0].command[2], vec![CmdPart::Lit("127.0.0.1:8000".into())]);
        assert!(cs[0].secrets.contains_key("DJANGO_SECRET_KEY"));
        assert!(cs[1].secrets.is_empty() && cs[1].env.is_empty());
        let alb = plan.model.node("alb").unwrap();
        let t = plan.alb_targets(alb);
        assert_eq!(
            (t[0].service.id.as_str(), t[0].container.as_str(), t[0].port, t[0].https),
            ("web", "nginx", 443, true)
        );
    }

    #[test]
    fn variable_names_avoid_fixed_names_and_each_other() {
        let mut d = Design::new("t");
        for (id, kind) in [("vpc", NodeKind::Vpc), ("s3", NodeKind::S3Bucket), ("S3", NodeKind::S3Bucket)] {
            d.nodes.push(Node::new(id, kind, "", 0.0, 0.0));
        }
        let plan = Plan::new(&d);
        let vars: BTreeSet<_> = ["vpc", "s3", "S3"].iter().map(|id| plan.var(id).as_str().to_owned()).collect();
        assert_eq!(vars.len(), 3);
        // `s3` is the name the CDK program imports aws-s3 under; `vpc` is free.
        assert!(vars.contains("vpc") && !vars.contains("s3"), "{vars:?}");
    }
}
