//! The author's three public libraries as they are (DESIGN.md §3): `terraform-aws-django`
//! 0.25, `cdk-django` 1.8 and `pulumi-aws-django` 1.28, the "before" pictures of the seed
//! article.
//!
//! All three deploy the same Django application with the same services: the `gunicorn` web
//! service (paths `/api/*`, `/admin/*`, `/graphql/*`), the `web-ui` front end on port 3000, the
//! celery `default` worker, celery `beat` and the `pre_update` management task. The app itself
//! connects to PostgreSQL with `sslmode=verify-full` and `global-bundle.pem`, to Redis with
//! `redis://` (no TLS), and falls back to a default `SECRET_KEY` in settings. What differs is
//! each library's infrastructure, described by one [`Library`] value per library; one drawing
//! function lays all three out the same way. Settings a library does not make are left unset,
//! so they read the catalog default, which is AWS's (or the IaC tool's) own.

use super::Builder;
use crate::catalog::{EdgeKind, NodeKind};
use crate::design::Design;
use crate::value::Value;

/// What one library deploys, where it differs from the others.
#[allow(clippy::struct_excessive_bools)] // one flag per published setting reads best
struct Library {
    name: &'static str,
    description: &'static str,
    /// ALB `ssl_policy`, when the library sets one (`None`: the tool's default, 2016-08).
    ssl_policy: Option<&'static str>,
    /// An nginx TLS sidecar in the web task with an HTTPS target group on 443.
    nginx: bool,
    rds_version: &'static str,
    rds_encrypted: bool,
    /// `rds.force_ssl` from a custom parameter group (`None`: no parameter group).
    force_ssl: Option<&'static str>,
    cache_node: &'static str,
    cache_engine: &'static str,
    /// S3 settings the library makes explicitly.
    s3: &'static [(&'static str, bool)],
    s3_sse_explicit: bool,
    /// Services with `enable_execute_command`.
    exec: &'static [&'static str],
    /// Services with `assign_public_ip`.
    public_ip: &'static [&'static str],
    /// Services on Fargate Spot.
    spot: &'static [&'static str],
    bastion_public_ip: bool,
    bastion_type: Option<&'static str>,
    /// CloudWatch log groups for the containers.
    logs: bool,
}

const SERVICES: [&str; 5] = ["web", "web-ui", "worker", "beat", "pre-update"];

/// `terraform-aws-django-0.25`.
#[must_use]
pub fn terraform() -> Design {
    draw(&Library {
        name: "terraform-aws-django-0.25",
        description: "terraform-aws-django 0.25 as published: HTTPS listener with ELBSecurityPolicy-2016-08, HTTP target group on port 8000 (no nginx sidecar), RDS PostgreSQL 13 encrypted but without a parameter group (no rds.force_ssl) on gp2, DB password secret without a KMS key, aws_elasticache_cluster cache.t2.micro without encryption, S3 without encryption settings and the public access block all false, ECS Exec on web only without a KMS key or logging configuration, FARGATE_SPOT, a bastion with a public IP running socat to 5432.",
        ssl_policy: Some("ELBSecurityPolicy-2016-08"),
        nginx: false,
        rds_version: "13",
        rds_encrypted: true,
        force_ssl: None,
        cache_node: "cache.t2.micro",
        cache_engine: "6.x",
        s3: &[("block_public_access", false)],
        s3_sse_explicit: false,
        exec: &["web"],
        public_ip: &[],
        spot: &SERVICES,
        bastion_public_ip: true,
        bastion_type: None,
        logs: true,
    })
}

/// `cdk-django-1.8`.
#[must_use]
pub fn cdk() -> Design {
    draw(&Library {
        name: "cdk-django-1.8",
        description: "cdk-django 1.8 as published: S3 with SSE-S3 and BLOCK_ALL, RDS PostgreSQL 17 db.t3.micro without storageEncrypted (its security group admits 0.0.0.0/0 on 5432, which cipherplan does not model), a CfnCacheCluster cache.t4g.micro without encryption, an HTTPS listener without sslPolicy (the CDK default, ELBSecurityPolicy-2016-08), HTTP target groups, ECS Exec and public IPs on the web services, and a BastionHostLinux with a socat forwarder to 5432. No container log groups.",
        ssl_policy: None,
        nginx: false,
        rds_version: "17",
        rds_encrypted: false,
        force_ssl: None,
        cache_node: "cache.t4g.micro",
        cache_engine: "7.0",
        s3: &[("block_public_access", true)],
        s3_sse_explicit: true,
        exec: &["web", "web-ui"],
        public_ip: &["web", "web-ui"],
        spot: &[],
        bastion_public_ip: false,
        bastion_type: Some("t3.nano"),
        logs: false,
    })
}

/// `pulumi-aws-django-1.28`.
#[must_use]
pub fn pulumi() -> Design {
    draw(&Library {
        name: "pulumi-aws-django-1.28",
        description: "pulumi-aws-django 1.28 as published: the only one with an nginx sidecar (HTTPS target group on 443) and a parameter group with rds.force_ssl = 1, but RDS PostgreSQL 17 with storageEncrypted: false, an unencrypted ElastiCache cluster (cache.t2.micro), S3 without encryption settings, ECS Exec, a public IP and FARGATE_SPOT on the web service, and a bastion with a public IP running socat to 5432.",
        ssl_policy: None,
        nginx: true,
        rds_version: "17",
        rds_encrypted: false,
        force_ssl: Some("1"),
        cache_node: "cache.t2.micro",
        cache_engine: "6.x",
        s3: &[],
        s3_sse_explicit: false,
        exec: &["web"],
        public_ip: &["web"],
        spot: &["web"],
        bastion_public_ip: true,
        bastion_type: Some("t2.micro"),
        logs: true,
    })
}

fn v(x: impl Into<Value>) -> Value {
    x.into()
}

#[allow(clippy::too_many_lines)] // one picture of the whole stack reads best in one place
fn draw(lib: &Library) -> Design {
    let mut b = Builder::new(lib.name, lib.description);

    // Outside the VPC: who connects.
    b.node("users", NodeKind::InternetClient, "Users", (20.0, 140.0), &[]);
    b.node("operator", NodeKind::Operator, "Operator", (20.0, 560.0), &[]);
    b.node("dns", NodeKind::Route53, "app.example.com", (20.0, 20.0), &[("domain_name", v("app.example.com"))]);

    b.boxed(
        "vpc",
        NodeKind::Vpc,
        "VPC 10.0.0.0/16",
        (200.0, 0.0),
        (1000.0, 800.0),
        &[("cidr_block", v("10.0.0.0/16"))],
    );
    b.boxed("public", NodeKind::Subnet, "Public subnets", (220.0, 40.0), (220.0, 740.0), &[("public", v(true))])
        .inside("vpc");
    b.boxed("private", NodeKind::Subnet, "Private subnets", (460.0, 40.0), (720.0, 740.0), &[]).inside("vpc");

    let mut alb = vec![("https_listener", v(true)), ("http_listener", v("redirect")), ("certificate", v("acm"))];
    if let Some(policy) = lib.ssl_policy {
        alb.push(("ssl_policy", v(policy)));
    }
    b.node("alb", NodeKind::Alb, "Load balancer", (250.0, 160.0), &alb).inside("public");
    b.node("cluster", NodeKind::EcsCluster, "ECS cluster", (480.0, 690.0), &[]).inside("private");

    // Services. Each carries the library's exec / public IP / Spot settings.
    let service = |id: &str, role: &str, extra: &[(&'static str, Value)]| -> Vec<(&'static str, Value)> {
        let mut p = vec![("role", v(role))];
        if lib.exec.contains(&id) {
            p.push(("enable_execute_command", v(true)));
        }
        if lib.public_ip.contains(&id) {
            p.push(("assign_public_ip", v(true)));
        }
        if lib.spot.contains(&id) {
            p.push(("capacity_provider", v("FARGATE_SPOT")));
        }
        p.extend(extra.iter().cloned());
        p
    };
    b.boxed(
        "web",
        NodeKind::EcsService,
        "gunicorn (/api/*, /admin/*, /graphql/*)",
        (480.0, 60.0),
        (300.0, 180.0),
        &service("web", "web", &[("cpu", v(512)), ("memory", v(1024))]),
    )
    .inside("private");
    if lib.nginx {
        b.node(
            "nginx",
            NodeKind::Container,
            "nginx :443",
            (500.0, 110.0),
            &[("role", v("nginx")), ("port", v(443)), ("listens_tls", v(true)), ("certificate", v("self_signed"))],
        )
        .inside("web");
    }
    b.node(
        "gunicorn",
        NodeKind::Container,
        "gunicorn :8000",
        (640.0, 170.0),
        &[("role", v("gunicorn")), ("port", v(8000))],
    )
    .inside("web");
    b.boxed(
        "web-ui",
        NodeKind::EcsService,
        "web-ui (front end, /*)",
        (480.0, 260.0),
        (300.0, 110.0),
        &service("web-ui", "frontend", &[("framework", v("other"))]),
    )
    .inside("private");
    b.node("web-ui-app", NodeKind::Container, "web-ui :3000", (640.0, 300.0), &[("role", v("app")), ("port", v(3000))])
        .inside("web-ui");
    b.node("worker", NodeKind::EcsService, "celery default worker", (480.0, 400.0), &service("worker", "worker", &[]))
        .inside("private");
    b.node("beat", NodeKind::EcsService, "celery beat", (480.0, 500.0), &service("beat", "beat", &[]))
        .inside("private");
    b.node(
        "pre-update",
        NodeKind::EcsService,
        "pre_update (management)",
        (480.0, 590.0),
        &service("pre-update", "management", &[("hours_per_month", v(2.0))]),
    )
    .inside("private");

    // Stores.
    let mut db = vec![
        ("engine_version", v(lib.rds_version)),
        ("instance_class", v("db.t3.micro")),
        ("storage_type", v("gp2")),
        ("data_classification", v("pii")),
    ];
    if lib.rds_encrypted {
        db.push(("storage_encrypted", v(true)));
    }
    if let Some(force) = lib.force_ssl {
        db.push(("rds.force_ssl", v(force)));
    }
    b.node("db", NodeKind::RdsPostgres, "PostgreSQL", (880.0, 120.0), &db).inside("private");
    b.node(
        "redis",
        NodeKind::ElasticacheRedis,
        "Redis (ElastiCache cluster)",
        (880.0, 400.0),
        &[("resource_type", v("cluster")), ("node_type", v(lib.cache_node)), ("engine_version", v(lib.cache_engine))],
    )
    .inside("private");
    let mut bastion = vec![
        ("access", v("ssm")),
        ("socat_forward", v(true)),
        ("associate_public_ip_address", v(lib.bastion_public_ip)),
    ];
    if let Some(t) = lib.bastion_type {
        bastion.push(("instance_type", v(t)));
    }
    let bastion_subnet = if lib.bastion_public_ip { "public" } else { "private" };
    let bastion_at = if lib.bastion_public_ip { (250.0, 560.0) } else { (880.0, 590.0) };
    b.node("bastion", NodeKind::Bastion, "bastion (socat :5432)", bastion_at, &bastion).inside(bastion_subnet);

    let mut media: Vec<(&'static str, Value)> = lib.s3.iter().map(|(k, on)| (*k, v(*on))).collect();
    if lib.s3_sse_explicit {
        media.push(("sse_algorithm", v("AES256")));
    }
    b.node("media", NodeKind::S3Bucket, "assets bucket", (1240.0, 40.0), &media);
    b.node("db-password", NodeKind::Secret, "RDS password", (1240.0, 200.0), &[("purpose", v("db_password"))]);
    if lib.logs {
        b.node("app-logs", NodeKind::LogGroup, "/ecs/<service>", (1240.0, 440.0), &[("retention_in_days", v(1))]);
    }

    // Network flows.
    b.flow("users", "alb", &[("protocol", v("http")), ("port", v(443)), ("tls", v("verify-full"))]);
    if lib.nginx {
        b.flow("alb", "nginx", &[("protocol", v("http")), ("port", v(443)), ("tls", v("require"))]);
        b.flow("nginx", "gunicorn", &[("protocol", v("http")), ("port", v(8000))]);
    } else {
        b.flow("alb", "gunicorn", &[("protocol", v("http")), ("port", v(8000))]);
    }
    b.flow("alb", "web-ui-app", &[("protocol", v("http")), ("port", v(3000))]);
    let pg = |tls: &str| -> Vec<(&'static str, Value)> {
        let mut p =
            vec![("protocol", v("postgresql")), ("port", v(5432)), ("tls", v(tls.to_owned())), ("auth", v("password"))];
        if tls == "verify-full" {
            p.push(("ca_bundle", v("global-bundle.pem")));
        }
        p
    };
    // CELERY_BROKER_URL = redis:// in the app: no TLS, no AUTH.
    let redis = [("protocol", v("redis")), ("port", v(6379))];
    let api = [("protocol", v("aws_api")), ("port", v(443)), ("tls", v("verify-full"))];
    for (client, to_db, to_cache, to_bucket) in [
        ("gunicorn", true, true, true),
        ("worker", true, true, true),
        ("beat", false, true, false),
        ("pre-update", true, false, true),
    ] {
        if to_db {
            b.flow(client, "db", &pg("verify-full"));
        }
        if to_cache {
            b.flow(client, "redis", &redis);
        }
        if to_bucket {
            b.flow(client, "media", &api);
        }
    }
    let ssm = [("protocol", v("ssm")), ("port", v(443)), ("tls", v("verify-full"))];
    b.flow("operator", "bastion", &ssm);
    // socat relays the operator's psql; psql's default sslmode is prefer.
    b.flow("bastion", "db", &pg("prefer"));
    for svc in lib.exec {
        b.flow("operator", svc, &ssm);
    }

    // Relations.
    for svc in SERVICES {
        b.edge(EdgeKind::RunsOn, svc, "cluster", &[]);
        if lib.logs {
            b.edge(EdgeKind::WritesLogs, svc, "app-logs", &[]);
        }
    }
    for svc in ["web", "worker", "beat", "pre-update"] {
        b.edge(EdgeKind::ReadsSecret, svc, "db-password", &[]);
    }
    b.build()
}
