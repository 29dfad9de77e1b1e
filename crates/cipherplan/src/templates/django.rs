//! Django on ECS Fargate: the fully encrypted reference design and its unencrypted baseline.
//!
//! Both are drawn from one function so they have the same services in the same places; the
//! baseline simply does none of the encryption work (AWS and library defaults throughout).

use super::Builder;
use crate::catalog::{EdgeKind, NodeKind};
use crate::design::Design;
use crate::value::Value;

/// `django-encrypted`: the seed article's stack, fully encrypted.
#[must_use]
pub fn encrypted() -> Design {
    django(true)
}

/// `django-baseline`: the same services with defaults and no encryption work.
#[must_use]
pub fn baseline() -> Design {
    django(false)
}

fn v(x: impl Into<Value>) -> Value {
    x.into()
}

#[allow(clippy::too_many_lines)] // one picture of the whole stack reads best in one place
fn django(enc: bool) -> Design {
    let (name, description) = if enc {
        ("django-encrypted", "Django on ECS Fargate, fully encrypted: ALB with ACM and a TLS 1.3 policy, nginx TLS sidecar, RDS with rds.force_ssl and verify-full clients, ElastiCache with TLS and AUTH, S3 with SSE-KMS and a TLS-only policy, secrets and logs on customer KMS keys, ECS Exec with KMS and encrypted session logs, an SSM-only bastion.")
    } else {
        (
            "django-baseline",
            "The same Django services on ECS Fargate with AWS and library defaults and no encryption work.",
        )
    };
    let mut b = Builder::new(name, description);
    let on = |yes: bool| v(yes);

    // Outside the VPC: who connects.
    b.node("users", NodeKind::InternetClient, "Users", (20.0, 140.0), &[]);
    b.node("operator", NodeKind::Operator, "Operator", (20.0, 520.0), &[]);
    b.node("dns", NodeKind::Route53, "app.example.com", (20.0, 20.0), &[("domain_name", v("app.example.com"))]);

    b.boxed(
        "vpc",
        NodeKind::Vpc,
        "VPC 10.0.0.0/16",
        (200.0, 0.0),
        (1000.0, 760.0),
        &[("cidr_block", v("10.0.0.0/16"))],
    );
    b.boxed("public", NodeKind::Subnet, "Public subnets", (220.0, 40.0), (220.0, 700.0), &[("public", v(true))])
        .inside("vpc");
    b.boxed("private", NodeKind::Subnet, "Private subnets", (460.0, 40.0), (720.0, 700.0), &[]).inside("vpc");

    if enc {
        b.node(
            "alb",
            NodeKind::Alb,
            "Load balancer",
            (250.0, 140.0),
            &[
                ("https_listener", v(true)),
                ("http_listener", v("redirect")),
                ("certificate", v("acm")),
                ("ssl_policy", v("ELBSecurityPolicy-TLS13-1-2-2021-06")),
                ("drop_invalid_header_fields", v(true)),
            ],
        )
        .inside("public");
    } else {
        b.node("alb", NodeKind::Alb, "Load balancer", (250.0, 140.0), &[]).inside("public");
    }
    b.node("nat", NodeKind::NatGateway, "NAT gateway", (250.0, 640.0), &[]).inside("public");

    b.node(
        "cluster",
        NodeKind::EcsCluster,
        "ECS cluster",
        (480.0, 640.0),
        &if enc {
            vec![
                ("execute_command_logging", v("OVERRIDE")),
                ("cloud_watch_encryption_enabled", v(true)),
                ("container_insights", v(true)),
            ]
        } else {
            vec![]
        },
    )
    .inside("private");

    // The web task: nginx TLS sidecar + gunicorn on loopback (baseline: gunicorn alone).
    let service = |role: &str, extra: bool| -> Vec<(&'static str, Value)> {
        let mut p = vec![("role", v(role.to_owned()))];
        if extra {
            p.push(("secret_key_source", v("secrets_manager")));
        }
        p
    };
    let mut web = service("web", enc);
    web.extend([("cpu", v(512)), ("memory", v(1024)), ("desired_count", v(2))]);
    if enc {
        web.push(("enable_execute_command", v(true)));
    }
    b.boxed("web", NodeKind::EcsService, "web (gunicorn)", (480.0, 60.0), (300.0, 200.0), &web).inside("private");
    if enc {
        b.node(
            "nginx",
            NodeKind::Container,
            "nginx TLS sidecar",
            (500.0, 110.0),
            &[
                ("role", v("nginx")),
                ("port", v(443)),
                ("listens_tls", v(true)),
                ("certificate", v("self_signed")),
                ("cpu", v(128)),
                ("memory", v(256)),
            ],
        )
        .inside("web");
    }
    b.node(
        "gunicorn",
        NodeKind::Container,
        "gunicorn :8000",
        (640.0, 190.0),
        &[("role", v("gunicorn")), ("port", v(8000))],
    )
    .inside("web");
    let mut worker = service("worker", enc);
    worker.extend([("cpu", v(512)), ("memory", v(1024))]);
    b.node("worker", NodeKind::EcsService, "celery worker", (480.0, 300.0), &worker).inside("private");
    b.node("beat", NodeKind::EcsService, "celery beat", (480.0, 420.0), &service("beat", enc)).inside("private");
    let mut management = service("management", enc);
    management.push(("hours_per_month", v(2.0)));
    b.node("manage", NodeKind::EcsService, "pre_update (migrate)", (480.0, 530.0), &management).inside("private");

    // Stores.
    b.node(
        "db",
        NodeKind::RdsPostgres,
        "PostgreSQL",
        (880.0, 120.0),
        &if enc {
            vec![
                ("engine_version", v("16")),
                ("instance_class", v("db.t4g.micro")),
                ("storage_type", v("gp3")),
                ("storage_encrypted", on(true)),
                ("rds.force_ssl", v("1")),
                ("ca_cert_identifier", v("rds-ca-rsa2048-g1")),
                ("encrypted_fields", on(true)),
                ("data_classification", v("pii")),
            ]
        } else {
            vec![("engine_version", v("16")), ("instance_class", v("db.t4g.micro")), ("data_classification", v("pii"))]
        },
    )
    .inside("private");
    b.node(
        "redis",
        NodeKind::ElasticacheRedis,
        "Redis (ElastiCache)",
        (880.0, 330.0),
        &if enc {
            vec![
                ("node_type", v("cache.t4g.micro")),
                ("transit_encryption_enabled", on(true)),
                ("transit_encryption_mode", v("required")),
                ("auth_token_enabled", on(true)),
                ("at_rest_encryption_enabled", on(true)),
            ]
        } else {
            vec![("node_type", v("cache.t4g.micro"))]
        },
    )
    .inside("private");
    b.node(
        "bastion",
        NodeKind::Bastion,
        "bastion (psql)",
        (880.0, 530.0),
        &if enc {
            vec![
                ("access", v("ssm")),
                ("associate_public_ip_address", on(false)),
                ("http_tokens", v("required")),
                ("root_volume_encrypted", on(true)),
                ("instance_type", v("t4g.nano")),
            ]
        } else {
            vec![("instance_type", v("t4g.nano"))]
        },
    )
    .inside("private");

    b.node(
        "media",
        NodeKind::S3Bucket,
        "media & static",
        (1240.0, 40.0),
        &if enc {
            vec![
                ("sse_algorithm", v("aws:kms")),
                ("bucket_key_enabled", on(true)),
                ("secure_transport_policy", on(true)),
                ("tls_version_policy", on(true)),
                ("block_public_access", on(true)),
                ("versioning", on(true)),
            ]
        } else {
            vec![]
        },
    );
    b.node(
        "secret-key",
        NodeKind::Secret,
        "DJANGO_SECRET_KEY",
        (1240.0, 180.0),
        &[("purpose", v("django_secret_key"))],
    );
    b.node("db-password", NodeKind::Secret, "database password", (1240.0, 260.0), &[("purpose", v("db_password"))]);
    if enc {
        b.node(
            "redis-token",
            NodeKind::Secret,
            "Redis AUTH token",
            (1240.0, 340.0),
            &[("purpose", v("redis_auth_token"))],
        );
    }
    b.node("app-logs", NodeKind::LogGroup, "/ecs/django", (1240.0, 440.0), &[("retention_in_days", v(30))]);
    if enc {
        b.node(
            "exec-logs",
            NodeKind::LogGroup,
            "/ecs/exec-sessions",
            (1240.0, 520.0),
            &[("retention_in_days", v(365))],
        );
        let key = [("enable_key_rotation", on(true)), ("key_policy", v("defined"))];
        b.node(
            "key-data",
            NodeKind::KmsKey,
            "key: data (RDS, Redis, S3)",
            (1460.0, 120.0),
            &[&key[..], &[("alias", v("django-data"))]].concat(),
        );
        b.node(
            "key-secrets",
            NodeKind::KmsKey,
            "key: secrets",
            (1460.0, 260.0),
            &[&key[..], &[("alias", v("django-secrets"))]].concat(),
        );
        b.node(
            "key-logs",
            NodeKind::KmsKey,
            "key: logs",
            (1460.0, 440.0),
            &[&key[..], &[("alias", v("django-logs"))]].concat(),
        );
        b.node(
            "key-exec",
            NodeKind::KmsKey,
            "key: ECS Exec",
            (1460.0, 580.0),
            &[&key[..], &[("alias", v("django-exec"))]].concat(),
        );
    }

    // Network flows.
    let https = |tls: &str| -> Vec<(&'static str, Value)> {
        vec![("protocol", v("http")), ("port", v(443)), ("tls", v(tls.to_owned()))]
    };
    if enc {
        b.flow("users", "alb", &https("verify-full"));
        b.flow("alb", "nginx", &https("require"));
        b.flow("nginx", "gunicorn", &[("protocol", v("http")), ("port", v(8000))]);
    } else {
        b.flow("users", "alb", &[("protocol", v("http")), ("port", v(80))]);
        b.flow("alb", "gunicorn", &[("protocol", v("http")), ("port", v(8000))]);
    }
    let pg = |tls: &str| -> Vec<(&'static str, Value)> {
        let mut p =
            vec![("protocol", v("postgresql")), ("port", v(5432)), ("tls", v(tls.to_owned())), ("auth", v("password"))];
        if tls == "verify-full" {
            p.push(("ca_bundle", v("global-bundle.pem")));
        }
        p
    };
    let pg_mode = if enc { "verify-full" } else { "prefer" };
    let redis: Vec<(&'static str, Value)> = if enc {
        vec![("protocol", v("redis")), ("port", v(6379)), ("tls", v("verify-full")), ("auth", v("token"))]
    } else {
        vec![("protocol", v("redis")), ("port", v(6379))]
    };
    let api = [("protocol", v("aws_api")), ("port", v(443)), ("tls", v("verify-full"))];
    for (client, db, cache, bucket) in [
        ("gunicorn", true, true, true),
        ("worker", true, true, true),
        ("beat", false, true, false),
        ("manage", true, false, true),
    ] {
        if db {
            b.flow(client, "db", &pg(pg_mode));
        }
        if cache {
            b.flow(client, "redis", &redis);
        }
        if bucket {
            b.flow(client, "media", &api);
        }
    }
    b.flow("operator", "bastion", &[("protocol", v("ssm")), ("port", v(443)), ("tls", v("verify-full"))]);
    b.flow("bastion", "db", &pg(pg_mode));
    if enc {
        b.flow("operator", "web", &[("protocol", v("ssm")), ("port", v(443)), ("tls", v("verify-full"))]);
    }

    // Relations.
    for svc in ["web", "worker", "beat", "manage"] {
        b.edge(EdgeKind::RunsOn, svc, "cluster", &[]);
        b.edge(EdgeKind::WritesLogs, svc, "app-logs", &[]);
    }
    let mut reads: Vec<(&str, &str)> =
        vec![("web", "db-password"), ("worker", "db-password"), ("manage", "db-password")];
    if enc {
        reads.extend([
            ("web", "secret-key"),
            ("worker", "secret-key"),
            ("beat", "secret-key"),
            ("manage", "secret-key"),
        ]);
        reads.extend([("web", "redis-token"), ("worker", "redis-token"), ("beat", "redis-token")]);
    }
    for (svc, secret) in reads {
        b.edge(EdgeKind::ReadsSecret, svc, secret, &[]);
    }
    if enc {
        for store in ["db", "redis", "media"] {
            b.edge(EdgeKind::EncryptsWith, store, "key-data", &[]);
        }
        for secret in ["secret-key", "db-password", "redis-token"] {
            b.edge(EdgeKind::EncryptsWith, secret, "key-secrets", &[]);
        }
        for logs in ["app-logs", "exec-logs"] {
            b.edge(EdgeKind::EncryptsWith, logs, "key-logs", &[]);
        }
        b.edge(EdgeKind::EncryptsWith, "cluster", "key-exec", &[("purpose", v("exec"))]);
        b.edge(EdgeKind::EncryptsWith, "cluster", "key-exec", &[("purpose", v("ephemeral_storage"))]);
        b.edge(EdgeKind::WritesLogs, "cluster", "exec-logs", &[("purpose", v("exec_session"))]);
        // Who must be able to decrypt what: secrets for all services, S3 objects (SSE-KMS)
        // for those that read media, the ECS Exec key for the service with exec enabled.
        for svc in ["web", "worker", "beat", "manage"] {
            b.edge(EdgeKind::CanDecrypt, svc, "key-secrets", &[]);
        }
        for svc in ["web", "worker", "manage"] {
            b.edge(EdgeKind::CanDecrypt, svc, "key-data", &[]);
        }
        b.edge(EdgeKind::CanDecrypt, "web", "key-exec", &[]);
    }
    b.build()
}
