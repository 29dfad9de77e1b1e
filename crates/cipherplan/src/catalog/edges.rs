//! Edge kinds, which pairs of node kinds they may join, and sensible defaults for new flows.

use super::nodes::{int, one_of, text};
use super::{EdgeKind, EdgeSpec, NodeKind, PropSpec};
use crate::value::Value;

/// Certificate verification modes, weakest first; libpq `sslmode` semantics for every protocol.
pub const TLS_MODES: &[&str] = &["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];
/// Minimum TLS protocol versions.
pub const TLS_VERSIONS: &[&str] = &["1.0", "1.1", "1.2", "1.3"];
/// Application protocols of a flow.
pub const PROTOCOLS: &[&str] = &["http", "postgresql", "redis", "nfs", "ssh", "ssm", "aws_api", "tcp"];

const FLOW_PROPS: &[PropSpec] = &[
    one_of("protocol", PROTOCOLS, "http", "Application protocol. With TLS, `http` is HTTPS and `redis` is `rediss://`; `ssm` (Session Manager, ECS Exec) and `aws_api` are always TLS."),
    int("port", 1, 65535, 80, "Destination port."),
    one_of("tls", TLS_MODES, "disable", "Encryption and server certificate verification, with PostgreSQL `sslmode` semantics for every protocol: `disable` plaintext; `allow`/`prefer` TLS only if the server insists or offers (downgradable); `require` encrypted but the server is not verified; `verify-ca` certificate chain checked; `verify-full` chain and hostname checked."),
    one_of("tls_min_version", TLS_VERSIONS, "1.2", "Lowest TLS version the two sides accept."),
    one_of("auth", &["none", "password", "token", "iam", "mtls"], "none", "How the client authenticates."),
    text("ca_bundle", "", "CA file the client verifies the server with (e.g. `global-bundle.pem` for RDS)."),
];

const ENCRYPTS_WITH_PROPS: &[PropSpec] = &[one_of(
    "purpose",
    &["storage", "exec", "ephemeral_storage"],
    "storage",
    "What the key protects: the store itself, ECS Exec sessions of a cluster, or Fargate ephemeral storage of a cluster.",
)];

const WRITES_LOGS_PROPS: &[PropSpec] = &[one_of(
    "purpose",
    &["container", "exec_session"],
    "container",
    "Container output, or ECS Exec session logs of a cluster.",
)];

const READS_SECRET_PROPS: &[PropSpec] =
    &[text("env_var", "", "Environment variable the secret is injected as (ECS `secrets`).")];

/// Every edge kind.
pub static EDGE_KINDS: &[EdgeSpec] = &[
    EdgeSpec {
        kind: EdgeKind::Flow,
        id: "flow",
        title: "Network flow",
        summary: "A connection from the initiating side to the accepting side.",
        props: FLOW_PROPS,
    },
    EdgeSpec {
        kind: EdgeKind::EncryptsWith,
        id: "encrypts_with",
        title: "Encrypts with",
        summary: "The source is encrypted with this KMS key.",
        props: ENCRYPTS_WITH_PROPS,
    },
    EdgeSpec {
        kind: EdgeKind::ReadsSecret,
        id: "reads_secret",
        title: "Reads secret",
        summary: "The source reads this Secrets Manager secret.",
        props: READS_SECRET_PROPS,
    },
    EdgeSpec {
        kind: EdgeKind::WritesLogs,
        id: "writes_logs",
        title: "Writes logs",
        summary: "The source writes logs to this log group.",
        props: WRITES_LOGS_PROPS,
    },
    EdgeSpec {
        kind: EdgeKind::RunsOn,
        id: "runs_on",
        title: "Runs on",
        summary: "The service runs on this ECS cluster.",
        props: &[],
    },
    EdgeSpec {
        kind: EdgeKind::CanDecrypt,
        id: "can_decrypt",
        title: "Can decrypt",
        summary: "The principal's IAM role has kms:Decrypt on this key.",
        props: &[],
    },
];

/// The catalog entry of an edge kind.
#[must_use]
pub fn edge_spec(kind: EdgeKind) -> &'static EdgeSpec {
    &EDGE_KINDS[kind as usize]
}

/// Whether an edge of `kind` may join a node of kind `from` to one of kind `to`.
///
/// `Err` explains why not, in words a user understands.
///
/// # Errors
/// When the pair makes no sense for the edge kind (an S3 bucket "connecting" to an ALB).
pub fn edge_allowed(kind: EdgeKind, from: NodeKind, to: NodeKind) -> Result<(), String> {
    let (f, t) = (from.spec(), to.spec());
    let ok = match kind {
        EdgeKind::Flow => {
            if !f.caps.initiates {
                return Err(format!("{} does not open network connections", f.a_title()));
            }
            if !t.caps.accepts {
                return Err(format!("{} does not accept network connections", t.a_title()));
            }
            // Clients on the internet only reach what faces the internet.
            from != NodeKind::InternetClient || matches!(to, NodeKind::Alb | NodeKind::Cloudfront | NodeKind::S3Bucket)
        }
        EdgeKind::EncryptsWith => t.kind == NodeKind::KmsKey && (f.caps.encryptable),
        EdgeKind::ReadsSecret => t.kind == NodeKind::Secret && (f.caps.principal || from == NodeKind::Container),
        EdgeKind::WritesLogs => {
            t.kind == NodeKind::LogGroup
                && matches!(
                    from,
                    NodeKind::EcsService
                        | NodeKind::Container
                        | NodeKind::EcsCluster
                        | NodeKind::RedisEcs
                        | NodeKind::Bastion
                )
        }
        EdgeKind::RunsOn => t.kind == NodeKind::EcsCluster && matches!(from, NodeKind::EcsService | NodeKind::RedisEcs),
        EdgeKind::CanDecrypt => t.kind == NodeKind::KmsKey && (f.caps.principal || from == NodeKind::RedisEcs),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{} cannot `{}` {}", f.a_title(), kind.as_str(), t.a_title()))
    }
}

/// Sensible properties for a new flow from `from` to `to` (what the canvas uses when a user
/// connects two nodes): protocol, port and the strongest TLS settings the pair supports.
#[must_use]
pub fn default_flow(from: NodeKind, to: NodeKind, to_container_role: Option<&str>) -> Vec<(&'static str, Value)> {
    let (protocol, port, tls) = match to {
        NodeKind::RdsPostgres => ("postgresql", 5432, "verify-full"),
        NodeKind::ElasticacheRedis => ("redis", 6379, "verify-full"),
        NodeKind::RedisEcs => ("redis", 6379, "verify-full"),
        NodeKind::Efs => ("nfs", 2049, "verify-full"),
        NodeKind::S3Bucket | NodeKind::Secret | NodeKind::KmsKey | NodeKind::LogGroup | NodeKind::EcrRepository => {
            ("aws_api", 443, "verify-full")
        }
        NodeKind::Bastion if from == NodeKind::Operator => ("ssm", 443, "verify-full"),
        NodeKind::EcsService | NodeKind::Container if from == NodeKind::Operator => ("ssm", 443, "verify-full"),
        // ALBs do not validate target certificates: `require` is the strongest mode they offer.
        NodeKind::EcsService | NodeKind::Container if from == NodeKind::Alb => ("http", 443, "require"),
        NodeKind::Container if to_container_role == Some("gunicorn") => ("http", 8000, "disable"),
        _ => ("http", 443, "verify-full"),
    };
    let mut props = vec![
        ("protocol", Value::from(protocol)),
        ("port", Value::Int(port)),
        ("tls", Value::from(tls)),
        ("tls_min_version", Value::from("1.2")),
    ];
    // libpq verifies against `sslrootcert` only (RDS CAs are not in the system store), so a
    // verifying client needs the RDS bundle to connect at all.
    if to == NodeKind::RdsPostgres {
        props.push(("ca_bundle", Value::from("global-bundle.pem")));
    }
    props
}
