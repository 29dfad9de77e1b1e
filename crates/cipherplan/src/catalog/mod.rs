//! The catalog: every component kind and relation kind cipherplan knows, with its properties.
//!
//! The catalog is data, not code: the loader validates designs against it, the browser's
//! inspector builds its controls from it, the JSON Schema is generated from it, and rules read
//! property defaults from it. Property names follow the AWS / Terraform argument names where
//! one exists (`storage_encrypted`, `transit_encryption_enabled`, `ssl_policy`, ...).
//!
//! A property a design does not set behaves like AWS's own default for it, so a design with
//! no encryption work (the `django-baseline` template) is judged as AWS would deploy it.

mod edges;
mod nodes;

pub use edges::{default_flow, edge_allowed, edge_spec, EDGE_KINDS};
pub use nodes::{kind_spec, NODE_KINDS};

use crate::value::Value;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a node on the canvas is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A browser or API client on the internet.
    InternetClient,
    /// A human operator (ECS Exec, bastion sessions).
    Operator,
    /// Route 53 hosted zone (DNS).
    Route53,
    /// CloudFront distribution.
    Cloudfront,
    /// Application Load Balancer with its listeners and ACM certificate.
    Alb,
    /// ECS cluster (ECS Exec and ephemeral storage settings).
    EcsCluster,
    /// ECS Fargate service; also the boundary of its task (containers inside talk over loopback).
    EcsService,
    /// A container inside an ECS task (nginx sidecar, gunicorn, celery, ...).
    Container,
    /// Redis running as an ECS service.
    RedisEcs,
    /// Bastion host (EC2).
    Bastion,
    /// RDS for PostgreSQL instance.
    RdsPostgres,
    /// ElastiCache for Redis replication group.
    ElasticacheRedis,
    /// S3 bucket.
    S3Bucket,
    /// EFS file system.
    Efs,
    /// ECR repository.
    EcrRepository,
    /// Customer managed KMS key.
    KmsKey,
    /// Secrets Manager secret.
    Secret,
    /// CloudWatch Logs log group.
    LogGroup,
    /// NAT gateway.
    NatGateway,
    /// VPC endpoint (interface or gateway).
    VpcEndpoint,
    /// VPC (a trust boundary drawn as a box).
    Vpc,
    /// Subnet, public or private (a trust boundary drawn as a box).
    Subnet,
}

/// What an edge between two nodes means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// A network flow from the initiating side (`from`) to the accepting side (`to`).
    Flow,
    /// `from` is encrypted with the KMS key `to`.
    EncryptsWith,
    /// `from` reads the Secrets Manager secret `to`.
    ReadsSecret,
    /// `from` writes logs to the log group `to`.
    WritesLogs,
    /// The ECS service `from` runs on the cluster `to`.
    RunsOn,
    /// The principal `from` (its IAM role) is allowed `kms:Decrypt` on the key `to`.
    CanDecrypt,
}

/// Palette group of a node kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Clients and the edge of the system: internet, DNS, CDN, load balancer.
    Edge,
    /// ECS, containers, bastion.
    Compute,
    /// Stores: databases, caches, buckets, file systems, registries.
    Data,
    /// KMS keys and secrets.
    Security,
    /// Logs, NAT, endpoints.
    Ops,
    /// Trust boundaries drawn as boxes.
    Boundary,
}

impl Group {
    /// All groups in palette order.
    pub const ALL: [Group; 6] =
        [Group::Edge, Group::Compute, Group::Data, Group::Security, Group::Ops, Group::Boundary];

    /// Human title.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Group::Edge => "Edge",
            Group::Compute => "Compute",
            Group::Data => "Data",
            Group::Security => "Security",
            Group::Ops => "Ops",
            Group::Boundary => "Boundaries",
        }
    }
}

/// The type of a property, with its constraints.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PropType {
    /// `true` / `false`.
    Bool,
    /// A whole number within `min..=max`.
    Int {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
    },
    /// A number within `min..=max`.
    Num {
        /// Smallest allowed value.
        min: f64,
        /// Largest allowed value.
        max: f64,
    },
    /// One of a fixed list of strings.
    Enum(&'static [&'static str]),
    /// Free text (names, domains, image URIs).
    Text,
}

impl PropType {
    /// Short name of the type for messages: `boolean`, `integer`, `number`, `one of [...]`, `string`.
    #[must_use]
    pub fn describe(self) -> String {
        match self {
            PropType::Bool => "a boolean".into(),
            PropType::Int { min, max } => format!("an integer from {min} to {max}"),
            PropType::Num { min, max } => {
                format!("a number from {} to {}", crate::value::number_text(min), crate::value::number_text(max))
            }
            PropType::Enum(options) => format!("one of {}", options.join(", ")),
            PropType::Text => "a string".into(),
        }
    }

    /// Checks a value against this type; `Err` says what is wrong.
    ///
    /// # Errors
    /// When the value has the wrong shape or is outside the allowed range or options.
    pub fn check(self, value: &Value) -> Result<(), String> {
        let ok = match (self, value) {
            (PropType::Bool, Value::Bool(_)) | (PropType::Text, Value::Text(_)) => true,
            (PropType::Int { min, max }, v) => v.as_i64().is_some_and(|i| (min..=max).contains(&i)),
            (PropType::Num { min, max }, v) => v.as_f64().is_some_and(|n| n >= min && n <= max),
            (PropType::Enum(options), Value::Text(s)) => options.contains(&s.as_str()),
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            Err(format!("expected {}, found {}", self.describe(), show(value)))
        }
    }
}

fn show(value: &Value) -> String {
    match value {
        Value::Text(s) => format!("\"{}\"", s.escape_debug()),
        other => other.to_string(),
    }
}

/// A property default, as `'static` data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Default {
    /// Boolean default.
    Bool(bool),
    /// Integer default.
    Int(i64),
    /// Number default.
    Num(f64),
    /// String or enum default.
    Text(&'static str),
}

impl Default {
    /// The default as a [`Value`].
    #[must_use]
    pub fn value(self) -> Value {
        match self {
            Default::Bool(b) => Value::Bool(b),
            Default::Int(i) => Value::Int(i),
            Default::Num(n) => Value::Num(n),
            Default::Text(s) => Value::Text(s.to_owned()),
        }
    }
}

/// One property of a node or edge kind.
#[derive(Debug, Clone, Copy)]
pub struct PropSpec {
    /// Name in the design file (AWS / Terraform argument name where one exists).
    pub name: &'static str,
    /// Type and constraints.
    pub ty: PropType,
    /// The value used when a design does not set it (AWS's own default where there is one).
    pub default: Default,
    /// Help text shown in the inspector and the JSON Schema.
    pub help: &'static str,
    /// Whether this is a usage assumption for the cost model rather than a configuration.
    pub usage: bool,
}

/// What a node kind can do in the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // capability flags read best as plain booleans
pub struct Capabilities {
    /// Holds data at rest (judged for encryption at rest, target of path analysis).
    pub store: bool,
    /// Opens network connections (source of a flow).
    pub initiates: bool,
    /// Accepts network connections (target of a flow).
    pub accepts: bool,
    /// Has an IAM identity that can be granted `kms:Decrypt`.
    pub principal: bool,
    /// Can be encrypted with a KMS key.
    pub encryptable: bool,
    /// Is drawn as a box that contains other nodes.
    pub container_box: bool,
    /// Is a starting point of end-to-end paths (internet client, operator).
    pub entry: bool,
}

/// Everything the catalog knows about one node kind.
#[derive(Debug, Clone, Copy)]
pub struct KindSpec {
    /// The kind.
    pub kind: NodeKind,
    /// Name in the design file (`rds_postgres`).
    pub id: &'static str,
    /// Human title (`RDS PostgreSQL`).
    pub title: &'static str,
    /// Palette group.
    pub group: Group,
    /// One sentence on what it is.
    pub summary: &'static str,
    /// What it can do in the graph.
    pub caps: Capabilities,
    /// Kinds it may be placed inside (`parent`), empty when it must be top level or in any boundary.
    pub parents: &'static [NodeKind],
    /// Its properties.
    pub props: &'static [PropSpec],
}

impl KindSpec {
    /// The title with its indefinite article, for messages: `an S3 bucket`, `a VPC`.
    #[must_use]
    pub fn a_title(&self) -> String {
        let mut chars = self.title.chars();
        let (first, second) = (chars.next().unwrap_or(' '), chars.next().unwrap_or(' '));
        // Vowels, and acronyms whose first letter is said with a vowel sound (RDS, S3).
        let an = "AEIOUaeiou".contains(first)
            || ("FHLMRSX".contains(first) && (second.is_ascii_uppercase() || second.is_ascii_digit()));
        format!("{} {}", if an { "an" } else { "a" }, self.title)
    }

    /// The spec of property `name`, if the kind has it.
    #[must_use]
    pub fn prop(&self, name: &str) -> Option<&'static PropSpec> {
        find_prop(self.props, name)
    }
}

/// Finds a property spec by name. Rules read properties in tight loops, so names are told
/// apart by length and first byte before any string comparison.
fn find_prop(props: &'static [PropSpec], name: &str) -> Option<&'static PropSpec> {
    let first = name.as_bytes().first().copied();
    props.iter().find(|p| p.name.len() == name.len() && p.name.as_bytes().first().copied() == first && p.name == name)
}

/// Everything the catalog knows about one edge kind.
#[derive(Debug, Clone, Copy)]
pub struct EdgeSpec {
    /// The kind.
    pub kind: EdgeKind,
    /// Name in the design file (`encrypts_with`).
    pub id: &'static str,
    /// Human title.
    pub title: &'static str,
    /// What it means.
    pub summary: &'static str,
    /// Its properties.
    pub props: &'static [PropSpec],
}

impl EdgeSpec {
    /// The spec of property `name`, if the kind has it.
    #[must_use]
    pub fn prop(&self, name: &str) -> Option<&'static PropSpec> {
        find_prop(self.props, name)
    }
}

impl NodeKind {
    /// The catalog entry.
    #[must_use]
    pub fn spec(self) -> &'static KindSpec {
        kind_spec(self)
    }

    /// Name in the design file.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.spec().id
    }

    /// Parses a design-file name.
    #[must_use]
    pub fn parse(s: &str) -> Option<NodeKind> {
        NODE_KINDS.iter().find(|k| k.id == s).map(|k| k.kind)
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl EdgeKind {
    /// The catalog entry.
    #[must_use]
    pub fn spec(self) -> &'static EdgeSpec {
        edge_spec(self)
    }

    /// Name in the design file.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.spec().id
    }

    /// Parses a design-file name.
    #[must_use]
    pub fn parse(s: &str) -> Option<EdgeKind> {
        EDGE_KINDS.iter().find(|k| k.id == s).map(|k| k.kind)
    }
}

impl fmt::Display for EdgeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_spec_and_round_trips() {
        for spec in NODE_KINDS {
            assert_eq!(kind_spec(spec.kind).id, spec.id);
            assert_eq!(NodeKind::parse(spec.id), Some(spec.kind));
            let json = serde_json::to_string(&spec.kind).unwrap();
            assert_eq!(json, format!("\"{}\"", spec.id), "serde name of {:?}", spec.kind);
        }
        for spec in EDGE_KINDS {
            assert_eq!(EdgeKind::parse(spec.id), Some(spec.kind));
            let json = serde_json::to_string(&spec.kind).unwrap();
            assert_eq!(json, format!("\"{}\"", spec.id));
        }
    }

    #[test]
    fn every_default_satisfies_its_own_type_and_names_are_unique() {
        let all = NODE_KINDS.iter().map(|k| (k.id, k.props)).chain(EDGE_KINDS.iter().map(|e| (e.id, e.props)));
        for (owner, props) in all {
            let mut names: Vec<_> = props.iter().map(|p| p.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), props.len(), "duplicate property on {owner}");
            for p in props {
                p.ty.check(&p.default.value()).unwrap_or_else(|e| panic!("{owner}.{}: default {e}", p.name));
                assert!(!p.help.is_empty(), "{owner}.{} has no help", p.name);
            }
        }
    }

    #[test]
    fn titles_take_the_article_they_are_read_with() {
        let a = |k: NodeKind| k.spec().a_title();
        assert_eq!(a(NodeKind::S3Bucket), "an S3 bucket");
        assert_eq!(a(NodeKind::RdsPostgres), "an RDS PostgreSQL");
        assert_eq!(a(NodeKind::EcsService), "an ECS service");
        assert_eq!(a(NodeKind::Operator), "an Operator");
        assert_eq!(a(NodeKind::Vpc), "a VPC");
        assert_eq!(a(NodeKind::NatGateway), "a NAT gateway");
        assert_eq!(a(NodeKind::Route53), "a Route 53");
        assert_eq!(a(NodeKind::KmsKey), "a KMS key");
        assert_eq!(a(NodeKind::Subnet), "a Subnet");
    }
}
