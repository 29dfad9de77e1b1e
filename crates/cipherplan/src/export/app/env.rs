//! The contract between the infrastructure code and the application: which environment
//! variables a task gets, which secret feeds which variable, and how each client connects.
//!
//! Infrastructure exporters (Terraform, CDK, Pulumi) inject exactly these variables; the
//! Django settings fragment reads exactly these. Everything here is derived from the design
//! in sorted id order, so every exporter agrees and output is deterministic.

use crate::catalog::{EdgeKind, NodeKind};
use crate::design::{Edge, Node};
use crate::export::names;
use crate::model::Model;
use std::collections::HashMap;

/// A database the application can connect to.
#[derive(Debug, Clone)]
pub struct Database<'d> {
    /// The `rds_postgres` node.
    pub node: &'d Node,
    /// Prefix of its variables: `DATABASE` for the first (sorted by id), `DATABASE_<ID>` after.
    pub prefix: String,
    /// Django `DATABASES` alias: `default` for the first, the node's identifier after.
    pub alias: String,
    /// The `db_password` secret paired with it (the i-th such secret for the i-th database).
    pub password_secret: Option<&'d Node>,
}

/// A Redis the application can connect to (ElastiCache or Redis on ECS).
#[derive(Debug, Clone)]
pub struct Cache<'d> {
    /// The `elasticache_redis` or `redis_ecs` node.
    pub node: &'d Node,
    /// Prefix of its variables: `REDIS` for the first, `REDIS_<ID>` after.
    pub prefix: String,
    /// The `redis_auth_token` secret paired with it (the i-th such secret for the i-th
    /// ElastiCache with `auth_token_enabled`).
    pub token_secret: Option<&'d Node>,
}

/// An S3 bucket the application stores files in.
#[derive(Debug, Clone)]
pub struct Bucket<'d> {
    /// The `s3_bucket` node.
    pub node: &'d Node,
    /// Variable holding its name: `AWS_STORAGE_BUCKET_NAME` for the first, then `..._<ID>`.
    pub env: String,
}

/// Every store the application may use, with the names of their variables.
#[derive(Debug, Clone)]
pub struct Wiring<'d> {
    /// Databases, sorted by id.
    pub databases: Vec<Database<'d>>,
    /// Redis caches, sorted by id.
    pub caches: Vec<Cache<'d>>,
    /// Buckets, sorted by id.
    pub buckets: Vec<Bucket<'d>>,
    /// Containers by the id of their service, sorted by id.
    children: HashMap<&'d str, Vec<&'d Node>>,
    /// The one `tls` mode of the Django clients of each database and cache (see [`uniform_tls`]).
    modes: HashMap<&'d str, Option<String>>,
}

/// A secret injected into a container as an environment variable.
#[derive(Debug, Clone, PartialEq)]
pub struct SecretEnv<'d> {
    /// The secret node.
    pub secret: &'d Node,
    /// Variable name.
    pub name: String,
    /// JSON key inside the secret value (`password` for database credentials), if any.
    pub json_key: Option<&'static str>,
}

/// Upper-case environment variable form of an id: ASCII letters, digits and `_`.
#[must_use]
pub fn env_ident(id: &str) -> String {
    names::tf_ident(id, "x").to_ascii_uppercase()
}

/// Nodes of one kind sorted by id.
#[must_use]
pub fn sorted<'d>(model: &Model<'d>, kind: NodeKind) -> Vec<&'d Node> {
    let mut v: Vec<&Node> = model.nodes_of(kind).collect();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

fn secrets_of<'d>(model: &Model<'d>, purpose: &str) -> Vec<&'d Node> {
    sorted(model, NodeKind::Secret).into_iter().filter(|s| s.text("purpose") == purpose).collect()
}

/// Builds the wiring of a design.
#[must_use]
pub fn wiring<'d>(model: &Model<'d>) -> Wiring<'d> {
    let passwords = secrets_of(model, "db_password");
    let databases = sorted(model, NodeKind::RdsPostgres)
        .into_iter()
        .enumerate()
        .map(|(i, node)| Database {
            node,
            prefix: if i == 0 { "DATABASE".into() } else { format!("DATABASE_{}", env_ident(&node.id)) },
            alias: if i == 0 { "default".into() } else { names::tf_ident(&node.id, "db") },
            password_secret: passwords.get(i).copied(),
        })
        .collect();
    let tokens = secrets_of(model, "redis_auth_token");
    let mut caches: Vec<&Node> = sorted(model, NodeKind::ElasticacheRedis);
    caches.extend(sorted(model, NodeKind::RedisEcs));
    caches.sort_by(|a, b| a.id.cmp(&b.id));
    let mut token_ix = 0;
    let caches = caches
        .into_iter()
        .enumerate()
        .map(|(i, node)| {
            let wants_token = node.kind == NodeKind::ElasticacheRedis
                && node.text("resource_type") != "cluster"
                && node.bool("auth_token_enabled")
                && node.bool("transit_encryption_enabled");
            let token_secret = if wants_token {
                token_ix += 1;
                tokens.get(token_ix - 1).copied()
            } else {
                None
            };
            Cache {
                node,
                prefix: if i == 0 { "REDIS".into() } else { format!("REDIS_{}", env_ident(&node.id)) },
                token_secret,
            }
        })
        .collect();
    let buckets = sorted(model, NodeKind::S3Bucket)
        .into_iter()
        .enumerate()
        .map(|(i, node)| Bucket {
            node,
            env: if i == 0 {
                "AWS_STORAGE_BUCKET_NAME".into()
            } else {
                format!("AWS_STORAGE_BUCKET_NAME_{}", env_ident(&node.id))
            },
        })
        .collect();
    let mut children: HashMap<&str, Vec<&Node>> = HashMap::new();
    for n in &model.design.nodes {
        if let (NodeKind::Container, Some(p)) = (n.kind, n.parent.as_deref()) {
            children.entry(p).or_default().push(n);
        }
    }
    for v in children.values_mut() {
        v.sort_by(|a, b| a.id.cmp(&b.id));
    }
    let modes = model
        .design
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::RdsPostgres | NodeKind::ElasticacheRedis | NodeKind::RedisEcs))
        .map(|n| (n.id.as_str(), uniform_tls(model, &n.id)))
        .collect();
    Wiring { databases, caches, buckets, children, modes }
}

impl<'d> Wiring<'d> {
    /// [`uniform_tls`] of a database or cache, computed once.
    #[must_use]
    pub fn uniform_tls(&self, target: &str) -> Option<&str> {
        self.modes.get(target).and_then(|m| m.as_deref())
    }

    /// The containers drawn inside a service, sorted by id.
    #[must_use]
    pub fn containers(&self, service: &Node) -> &[&'d Node] {
        self.children.get(service.id.as_str()).map_or(&[], Vec::as_slice)
    }

    /// Flows a service starts (from the service itself or any of its containers), sorted by id.
    #[must_use]
    pub fn service_flows(&self, model: &Model<'d>, service: &Node) -> Vec<&'d Edge> {
        let mut flows = model.outgoing(&service.id, EdgeKind::Flow);
        for c in self.containers(service) {
            flows.extend(model.outgoing(&c.id, EdgeKind::Flow));
        }
        flows.sort_by(|a, b| a.id.cmp(&b.id));
        flows
    }

    /// Secrets a service reads (edges from the service or its containers), sorted by secret
    /// id, one entry per secret.
    #[must_use]
    pub fn service_secrets(&self, model: &Model<'d>, service: &Node) -> Vec<(&'d Edge, &'d Node)> {
        let mut edges = model.outgoing(&service.id, EdgeKind::ReadsSecret);
        for c in self.containers(service) {
            edges.extend(model.outgoing(&c.id, EdgeKind::ReadsSecret));
        }
        let mut out: Vec<(&Edge, &Node)> =
            edges.into_iter().filter_map(|e| model.node(&e.to).map(|s| (e, s))).collect();
        out.sort_by(|a, b| a.1.id.cmp(&b.1.id).then(a.0.id.cmp(&b.0.id)));
        out.dedup_by(|a, b| a.1.id == b.1.id);
        out
    }

    /// The database with this node id.
    #[must_use]
    pub fn database(&self, id: &str) -> Option<&Database<'d>> {
        self.databases.iter().find(|d| d.node.id == id)
    }

    /// The cache with this node id.
    #[must_use]
    pub fn cache(&self, id: &str) -> Option<&Cache<'d>> {
        self.caches.iter().find(|c| c.node.id == id)
    }

    /// The bucket with this node id.
    #[must_use]
    pub fn bucket(&self, id: &str) -> Option<&Bucket<'d>> {
        self.buckets.iter().find(|b| b.node.id == id)
    }

    /// The environment variable a secret is injected as (the `reads_secret` edge's `env_var`
    /// when set, else by purpose and pairing), with the JSON key to pick from its value.
    #[must_use]
    pub fn secret_env(&self, edge: &Edge, secret: &'d Node) -> SecretEnv<'d> {
        let json_key = (secret.text("purpose") == "db_password").then_some("password");
        let set = env_var_name(edge.text("env_var"));
        let name = set.unwrap_or_else(|| match secret.text("purpose") {
            "django_secret_key" => "DJANGO_SECRET_KEY".into(),
            "db_password" => self
                .databases
                .iter()
                .find(|d| d.password_secret.is_some_and(|s| s.id == secret.id))
                .map_or_else(|| format!("SECRET_{}", env_ident(&secret.id)), |d| format!("{}_PASSWORD", d.prefix)),
            "redis_auth_token" => self
                .caches
                .iter()
                .find(|c| c.token_secret.is_some_and(|s| s.id == secret.id))
                .map_or_else(|| format!("SECRET_{}", env_ident(&secret.id)), |c| format!("{}_AUTH_TOKEN", c.prefix)),
            _ => format!("SECRET_{}", env_ident(&secret.id)),
        });
        SecretEnv { secret, name, json_key }
    }
}

/// A user-typed variable name made safe: upper-case ASCII letters, digits and `_`, starting
/// with a letter; `None` when nothing usable is left.
#[must_use]
pub fn env_var_name(typed: &str) -> Option<String> {
    let w = names::words(typed);
    if w.is_empty() {
        return None;
    }
    let s = w.join("_").to_ascii_uppercase();
    Some(if s.starts_with(|c: char| c.is_ascii_digit()) { format!("V{s}") } else { s })
}

/// The containers drawn inside a service, sorted by id.
#[must_use]
pub fn containers<'d>(model: &Model<'d>, service: &Node) -> Vec<&'d Node> {
    let mut v: Vec<&Node> = model
        .design
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Container && n.parent.as_deref() == Some(service.id.as_str()))
        .collect();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

/// The CA bundle file name of a flow (`ca_bundle`, made a plain file name), defaulting to
/// the RDS global bundle.
#[must_use]
pub fn ca_bundle_file(flow: &Edge) -> String {
    let typed = flow.text("ca_bundle");
    let base = typed.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')).collect();
    let clean = clean.trim_start_matches('.').to_owned();
    if clean.is_empty() {
        "global-bundle.pem".into()
    } else {
        clean
    }
}

/// Whether a service runs the Django application (its settings fragment applies).
#[must_use]
pub fn is_django(service: &Node) -> bool {
    service.kind == NodeKind::EcsService
        && service.text("framework") == "django"
        && !matches!(service.text("role"), "frontend" | "other")
}

/// Flows from Django services (or their containers) to the store `target`, sorted by id.
#[must_use]
pub fn django_flows_to<'d>(model: &Model<'d>, target: &str) -> Vec<&'d Edge> {
    let mut flows: Vec<&Edge> = model
        .incoming(target, EdgeKind::Flow)
        .into_iter()
        .filter(|f| model.node(&f.from).and_then(|n| model.principal_of(n)).is_some_and(is_django))
        .collect();
    flows.sort_by(|a, b| a.id.cmp(&b.id));
    flows
}

/// The one `tls` mode every Django client of `target` uses, or `None` when they differ (then
/// each task gets its own mode in `<PREFIX>_TLS` and the settings read it from there) or
/// there is none.
#[must_use]
pub fn uniform_tls(model: &Model<'_>, target: &str) -> Option<String> {
    let flows = django_flows_to(model, target);
    let first = flows.first()?.text("tls").to_owned();
    flows.iter().all(|f| f.text("tls") == first).then_some(first)
}

/// Where the application image keeps CA bundles.
pub const CA_DIR: &str = "/etc/ssl/certs/aws";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates;

    #[test]
    fn reference_wiring_pairs_secrets_with_stores() {
        let d = templates::reference();
        let m = Model::new(&d);
        let w = wiring(&m);
        assert_eq!(w.databases[0].prefix, "DATABASE");
        assert_eq!(w.databases[0].password_secret.map(|s| s.id.as_str()), Some("db-password"));
        assert_eq!(w.caches[0].token_secret.map(|s| s.id.as_str()), Some("redis-token"));
        assert_eq!(w.buckets[0].env, "AWS_STORAGE_BUCKET_NAME");
        let web = m.node("web").unwrap();
        let envs: Vec<String> = w.service_secrets(&m, web).into_iter().map(|(e, s)| w.secret_env(e, s).name).collect();
        assert_eq!(envs, ["DATABASE_PASSWORD", "REDIS_AUTH_TOKEN", "DJANGO_SECRET_KEY"]);
    }

    #[test]
    fn typed_names_are_sanitized() {
        assert_eq!(env_var_name("my-var ${x}"), Some("MY_VAR_X".into()));
        assert_eq!(env_var_name("\n"), None);
        assert_eq!(env_var_name("9x"), Some("V9X".into()));
        let mut e = Edge::new("e", EdgeKind::Flow, "a", "b");
        e.props.insert("ca_bundle".into(), "../../etc/\"x\n.pem".into());
        assert_eq!(ca_bundle_file(&e), "x.pem");
    }
}
