//! How well one network flow (a hop) is protected in transit, from both of its ends.
//!
//! A hop's protection is what the client asks for (`tls`, `tls_min_version`) combined with
//! what the server enforces or offers (an ALB's listener and policy, `rds.force_ssl`,
//! ElastiCache's transit encryption, a container's TLS listener). Rules, path analysis, the
//! report and the canvas colours all read this one assessment.

use crate::catalog::NodeKind;
use crate::design::{Edge, Node};
use crate::model::Model;
use crate::value::Value;
use serde::Serialize;

/// Protection of a hop, weakest first (the order is used by path analysis).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// Plaintext on a network.
    Plaintext,
    /// Encrypted only if nothing interferes: opportunistic TLS (`allow`/`prefer`, ElastiCache
    /// `preferred`, CloudFront `allow-all`) or TLS below 1.2.
    Downgradable,
    /// Encrypted, but the client does not verify who it talks to (`sslmode=require`, ALB to
    /// its targets).
    Unverified,
    /// Encrypted and the server's certificate is verified (or AWS's own TLS endpoints, SSM).
    Verified,
}

impl Grade {
    /// Whether data on the hop is encrypted whatever an attacker on the network does.
    #[must_use]
    pub fn is_encrypted(self) -> bool {
        self >= Grade::Unverified
    }

    /// Short word for tables.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Grade::Plaintext => "plaintext",
            Grade::Downgradable => "downgradable",
            Grade::Unverified => "encrypted, unverified",
            Grade::Verified => "encrypted, verified",
        }
    }
}

/// The assessment of one flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// The effective grade (the weaker of client and server).
    pub grade: Grade,
    /// The flow stays on one task's loopback interface (never on a network).
    pub loopback: bool,
    /// Display name of the protocol as used on the wire (`HTTPS`, `rediss`, `PostgreSQL/TLS`).
    pub protocol: String,
    /// Lowest TLS version accepted, when encrypted.
    pub tls_version: Option<String>,
    /// Why the grade is what it is, when it is not `Verified`.
    pub reason: String,
}

impl Hop {
    /// The grade path analysis uses: a loopback hop is not a network hop, so it never makes a
    /// path weaker.
    #[must_use]
    pub fn network_grade(&self) -> Grade {
        if self.loopback {
            Grade::Verified
        } else {
            self.grade
        }
    }
}

/// Client-side grade from the flow's `tls` mode.
#[must_use]
pub fn client_grade(tls_mode: &str) -> Grade {
    match tls_mode {
        "verify-ca" | "verify-full" => Grade::Verified,
        "require" => Grade::Unverified,
        "allow" | "prefer" => Grade::Downgradable,
        _ => Grade::Plaintext,
    }
}

/// Whether an ALB policy still accepts TLS 1.0 or 1.1.
#[must_use]
pub fn alb_policy_allows_old_tls(policy: &str) -> bool {
    matches!(
        policy,
        "ELBSecurityPolicy-2016-08"
            | "ELBSecurityPolicy-TLS-1-1-2017-01"
            | "ELBSecurityPolicy-FS-2018-06"
            | "ELBSecurityPolicy-2015-05"
    )
}

/// The effective `rds.force_ssl` of an RDS node: the parameter, or the engine's default
/// (0 before PostgreSQL 15, 1 from 15).
#[must_use]
pub fn rds_forces_ssl(rds: &Node) -> bool {
    match rds.text("rds.force_ssl") {
        "1" => true,
        "0" => false,
        _ => rds.text("engine_version").parse::<u32>().is_ok_and(|v| v >= 15),
    }
}

/// Assesses one flow edge.
#[must_use]
///
/// A flow of the model's own design is assessed once per model (see [`Model::hops`]); this
/// returns a copy of that assessment.
pub fn assess(model: &Model<'_>, flow: &Edge) -> Hop {
    if let Some(hop) = model.hop(flow) {
        return hop.clone();
    }
    assess_uncached(model, flow, model.source(flow), model.target(flow))
}

/// As [`assess`], with the flow's two ends already looked up. When the flow and both ends are
/// the model's own, the answer comes from [`Model::hops`] (a copy of the one assessment made
/// per model); other nodes (a changed copy of an end, say) are assessed as given.
#[must_use]
pub fn assess_between(model: &Model<'_>, flow: &Edge, from: Option<&Node>, to: Option<&Node>) -> Hop {
    let own = |n: Option<&Node>, id: &str| n.is_some_and(|n| n.id == id && model.owns(n));
    if own(from, &flow.from) && own(to, &flow.to) {
        if let Some(hop) = model.hop(flow) {
            return hop.clone();
        }
    }
    assess_uncached(model, flow, from, to)
}

/// The assessment itself, without the model's cache (which it fills).
pub(crate) fn assess_uncached(model: &Model<'_>, flow: &Edge, from: Option<&Node>, to: Option<&Node>) -> Hop {
    let [protocol, mode, min_version] = transport_settings(flow);
    let mut grade = client_grade(mode);
    let mut reason = String::new();
    // The reason is only formatted when it replaces the current one.
    let weaken = |g: Grade, why: &dyn Fn() -> String, grade: &mut Grade, reason: &mut String| {
        if g < *grade {
            *grade = g;
            *reason = why();
        }
    };
    if grade < Grade::Verified {
        reason = match grade {
            Grade::Plaintext => format!("the client connects without TLS (tls = {mode})"),
            Grade::Downgradable => format!("the client accepts plaintext if TLS is refused (tls = {mode})"),
            _ => "the client does not verify the server certificate (tls = require)".into(),
        };
    }
    // Always-TLS protocols: Session Manager and AWS APIs through the SDK.
    if matches!(protocol, "ssm" | "aws_api" | "ssh") {
        grade = Grade::Verified;
        reason.clear();
    }
    if let Some(to) = to {
        match to.kind {
            NodeKind::Alb => {
                if !to.bool("https_listener") || to.text("certificate") == "none" {
                    weaken(
                        Grade::Plaintext,
                        &|| format!("`{}` has no HTTPS listener with a certificate", to.id),
                        &mut grade,
                        &mut reason,
                    );
                } else if to.text("http_listener") == "forward" {
                    weaken(
                        Grade::Downgradable,
                        &|| format!("`{}` also serves plain HTTP on :80 instead of redirecting", to.id),
                        &mut grade,
                        &mut reason,
                    );
                }
                if alb_policy_allows_old_tls(to.text("ssl_policy")) {
                    weaken(
                        Grade::Downgradable,
                        &|| format!("`{}` policy {} accepts TLS 1.0/1.1", to.id, to.text("ssl_policy")),
                        &mut grade,
                        &mut reason,
                    );
                }
            }
            NodeKind::Cloudfront => match to.text("viewer_protocol_policy") {
                "allow-all" => weaken(
                    Grade::Downgradable,
                    &|| format!("`{}` serves viewers over HTTP too (allow-all)", to.id),
                    &mut grade,
                    &mut reason,
                ),
                _ if to.text("minimum_protocol_version").starts_with("TLSv1.2") => {}
                _ => weaken(
                    Grade::Downgradable,
                    &|| format!("`{}` accepts viewers below TLS 1.2", to.id),
                    &mut grade,
                    &mut reason,
                ),
            },
            NodeKind::ElasticacheRedis => {
                if !to.bool("transit_encryption_enabled") || to.text("resource_type") == "cluster" {
                    weaken(
                        Grade::Plaintext,
                        &|| format!("`{}` has no transit encryption", to.id),
                        &mut grade,
                        &mut reason,
                    );
                } else if to.text("transit_encryption_mode") == "preferred" && grade < Grade::Unverified {
                    weaken(
                        Grade::Plaintext,
                        &|| format!("`{}` accepts plaintext (mode preferred) and the client does not use TLS", to.id),
                        &mut grade,
                        &mut reason,
                    );
                }
            }
            NodeKind::RedisEcs if !to.bool("tls") => {
                weaken(
                    Grade::Plaintext,
                    &|| format!("`{}` (redis-server) has no TLS port", to.id),
                    &mut grade,
                    &mut reason,
                );
            }
            NodeKind::Container if !to.bool("listens_tls") => {
                weaken(Grade::Plaintext, &|| format!("`{}` does not listen with TLS", to.id), &mut grade, &mut reason);
            }
            NodeKind::EcsService if !service_listens_tls(model, to) && !matches!(protocol, "ssm") => {
                weaken(
                    Grade::Plaintext,
                    &|| format!("no container of `{}` listens with TLS", to.id),
                    &mut grade,
                    &mut reason,
                );
            }
            _ => {}
        }
    }
    if let Some(from) = from {
        if from.kind == NodeKind::Cloudfront && from.text("origin_protocol_policy") != "https-only" {
            weaken(
                Grade::Plaintext,
                &|| {
                    format!(
                        "`{}` reaches its origin with origin_protocol_policy = {}",
                        from.id,
                        from.text("origin_protocol_policy")
                    )
                },
                &mut grade,
                &mut reason,
            );
        }
    }
    let encrypted = grade >= Grade::Downgradable;
    if encrypted && matches!(min_version, "1.0" | "1.1") && !matches!(protocol, "ssm" | "aws_api" | "ssh") {
        weaken(Grade::Downgradable, &|| format!("TLS {min_version} is accepted (below 1.2)"), &mut grade, &mut reason);
    }
    let tls = grade > Grade::Plaintext;
    Hop {
        grade,
        loopback: matches!((from, to), (Some(a), Some(b)) if crate::model::loopback_between(a, b)),
        protocol: wire_name(protocol, tls),
        tls_version: tls.then(|| min_version.to_owned()),
        reason,
    }
}

/// `flow.text(..)` of `protocol`, `tls` and `tls_min_version`, reading the flow's properties
/// in one pass instead of one search each (this runs for every flow of the design); an unset
/// one reads the catalog default, as `text` does.
fn transport_settings(flow: &Edge) -> [&str; 3] {
    const NAMES: [&str; 3] = ["protocol", "tls", "tls_min_version"];
    let mut set: [Option<&Value>; 3] = [None; 3];
    for (name, value) in &flow.props {
        // The three names differ in length, so the length picks the one to compare with.
        if let Some(i) = NAMES.iter().position(|n| n.len() == name.len()) {
            if NAMES[i] == name {
                set[i] = Some(value);
            }
        }
    }
    std::array::from_fn(|i| match set[i] {
        Some(Value::Text(text)) => text.as_str(),
        // Set, but not text: `text` reads it as empty.
        Some(_) => "",
        None => flow.text(NAMES[i]),
    })
}

/// Whether some container of a service listens with TLS (a service with no containers drawn is
/// taken at its word: it listens with TLS only when flows say so).
fn service_listens_tls(model: &Model<'_>, service: &Node) -> bool {
    let mut containers = model.children_of(service).filter(|n| n.kind == NodeKind::Container).peekable();
    if containers.peek().is_none() {
        return true;
    }
    containers.any(|c| c.bool("listens_tls"))
}

/// Protocol name as seen on the wire.
#[must_use]
pub fn wire_name(protocol: &str, tls: bool) -> String {
    match (protocol, tls) {
        ("http", true) => "HTTPS".into(),
        ("http", false) => "HTTP".into(),
        ("redis", true) => "rediss".into(),
        ("redis", false) => "redis".into(),
        ("postgresql", true) => "PostgreSQL/TLS".into(),
        ("postgresql", false) => "PostgreSQL".into(),
        ("nfs", true) => "NFS/TLS".into(),
        ("nfs", false) => "NFS".into(),
        ("ssm", _) => "SSM".into(),
        ("ssh", _) => "SSH".into(),
        ("aws_api", _) => "HTTPS (AWS API)".into(),
        ("tcp", true) => "TLS".into(),
        (other, _) => other.to_uppercase(),
    }
}
