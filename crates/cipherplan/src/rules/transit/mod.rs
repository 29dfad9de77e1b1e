//! Rules on encryption in transit.
//!
//! A weak flow is reported once. Rules about one component's TLS settings (the ALB's listener
//! and policy, RDS, ElastiCache, Redis on ECS, CloudFront, a task's TLS listener) and rules
//! about one client kind (PostgreSQL `sslmode`, EFS mounts) own the flows their finding
//! explains; [`specific_owner`] says which rule that is, and CP-T015 (plaintext-network)
//! reports only the weak network flows no specific rule explains.

/// CP-T003: certificate on the HTTPS listener.
pub mod alb_certificate;
/// CP-T002: modern ALB TLS policy.
pub mod alb_tls_policy;
/// CP-T016: CloudFront viewer and origin protocol policies.
pub mod cloudfront_https;
/// CP-T006: plaintext between ECS tasks.
pub mod cross_task_plaintext;
/// CP-T017: NFS mounts of EFS with TLS.
pub mod efs_tls;
/// CP-T011: ElastiCache AUTH token.
pub mod elasticache_auth_token;
/// CP-T010: ElastiCache transit encryption, mode required.
pub mod elasticache_transit;
/// CP-T001: HTTPS-only entry with HTTP redirect.
pub mod https_entry;
/// CP-T008: PostgreSQL client `sslmode`.
pub mod pg_sslmode;
/// CP-T015: any other plaintext or downgradable network flow.
pub mod plaintext_network;
/// CP-T009: expired RDS certificate authority.
pub mod rds_ca_expired;
/// CP-T007: `rds.force_ssl`.
pub mod rds_force_ssl;
/// CP-T018: Redis clients that do not verify the server.
pub mod redis_client_verify;
/// CP-T012: Redis on ECS without TLS.
pub mod redis_ecs_tls;
/// CP-T013: S3 bucket policy denying insecure transport.
pub mod s3_secure_transport;
/// CP-T004: HTTPS from the ALB to a TLS listener in the task.
pub mod target_group_https;
/// CP-T005: plaintext on the loopback interface inside one task.
pub mod task_loopback;
/// CP-T014: TLS below 1.2 anywhere.
pub mod tls_min_version;

use crate::catalog::NodeKind;
use crate::design::Edge;
use crate::hop::{alb_policy_allows_old_tls, client_grade, Grade};
use crate::model::Model;

/// The code of the more specific rule that reports the weakness of `flow` (on the flow itself
/// or on one of its ends), or `None` when only CP-T015 does.
///
/// Server-side settings come first: when the accepting side cannot do better, fixing the
/// client alone would not help, and the server's rule says so. Then the client-kind rules
/// (`sslmode`, EFS mounts, ALB targets, task-to-task). A client that does not ask for TLS
/// towards a server that offers it is CP-T015's; a flow weak only through its TLS version is
/// CP-T014's.
#[must_use]
pub fn specific_owner(model: &Model<'_>, flow: &Edge) -> Option<&'static str> {
    let (Some(from), Some(to)) = (model.source(flow), model.target(flow)) else { return None };
    let owner = match to.kind {
        NodeKind::RdsPostgres if pg_sslmode::weak_mode(flow.text("tls")) => Some("CP-T008"),
        NodeKind::Efs if efs_tls::flags(flow) => Some("CP-T017"),
        NodeKind::ElasticacheRedis if elasticache_transit::flags(to) => Some("CP-T010"),
        NodeKind::RedisEcs if !to.bool("tls") => Some("CP-T012"),
        NodeKind::Alb if !to.bool("https_listener") || to.text("http_listener") == "forward" => Some("CP-T001"),
        NodeKind::Alb if to.text("certificate") == "none" => Some("CP-T003"),
        NodeKind::Alb if alb_policy_allows_old_tls(to.text("ssl_policy")) => Some("CP-T002"),
        NodeKind::Cloudfront if to.text("viewer_protocol_policy") == "allow-all" => Some("CP-T016"),
        NodeKind::Cloudfront if !to.text("minimum_protocol_version").starts_with("TLSv1.2") => Some("CP-T014"),
        NodeKind::Container | NodeKind::EcsService if target_group_https::flags(model, flow) => Some("CP-T004"),
        NodeKind::Container | NodeKind::EcsService if cross_task_plaintext::flags(model, flow) => Some("CP-T006"),
        _ => None,
    };
    if owner.is_some() {
        return owner;
    }
    if from.kind == NodeKind::Cloudfront && from.text("origin_protocol_policy") != "https-only" {
        return Some("CP-T016");
    }
    if client_grade(flow.text("tls")) >= Grade::Unverified && tls_min_version::flags(flow) {
        return Some("CP-T014");
    }
    None
}
