//! ecs.tf and iam.tf: the cluster (ECS Exec and ephemeral storage encryption), one task
//! definition per service (nginx sidecar + gunicorn for web, celery for worker and beat),
//! services, and the task and execution roles with exactly the grants the design draws.

use super::hcl::{format, func, list, local, obj, r, s, strs, var, Blk};
use super::Ctx;
use crate::catalog::{EdgeKind, NodeKind};
use crate::design::{Edge, Node};
use crate::export::app::env;
use hcl::Expression;
use std::collections::BTreeSet;

const ECS: &str = "ecs.tf";
const IAM: &str = "iam.tf";

use crate::export::app::{GUNICORN_CERT, GUNICORN_KEY};

/// One container of a task definition.
#[derive(Debug, Clone)]
pub(crate) struct Cdef<'d> {
    /// Container name in the task definition.
    pub name: String,
    /// The drawn container, if any (a service drawn without containers gets one).
    pub node: Option<&'d Node>,
    /// `nginx`, `gunicorn`, `celery` or `app`.
    pub role: String,
    /// Port it listens on, if it serves.
    pub port: Option<i64>,
    /// It serves TLS itself.
    pub listens_tls: bool,
}

/// The containers of a service's task, drawn or implied by its role.
pub(super) fn containers<'d>(ctx: &Ctx<'_, 'd>, service: &'d Node) -> Vec<Cdef<'d>> {
    let drawn = ctx.wiring.containers(service).to_vec();
    if !drawn.is_empty() {
        return drawn
            .into_iter()
            .map(|c| {
                let role = c.text("role").to_owned();
                Cdef {
                    name: ctx.seg(&c.id),
                    node: Some(c),
                    port: (role != "celery").then(|| c.int("port")),
                    listens_tls: c.bool("listens_tls"),
                    role,
                }
            })
            .collect();
    }
    let inbound_port = ctx.model.incoming(&service.id, EdgeKind::Flow).iter().map(|f| f.int("port")).min();
    let (name, role, port) = match service.text("role") {
        "web" => ("django", "gunicorn", Some(inbound_port.unwrap_or(8000))),
        "worker" | "beat" => ("celery", "celery", None),
        "management" => ("manage", "app", None),
        "frontend" => ("frontend", "app", Some(inbound_port.unwrap_or(3000))),
        _ => ("app", "app", inbound_port),
    };
    vec![Cdef { name: name.into(), node: None, role: role.into(), port, listens_tls: false }]
}

/// The container an ALB flow reaches and its port: the drawn container, or the one of the
/// service that listens (TLS first).
pub(super) fn target_of<'d>(ctx: &Ctx<'_, 'd>, flow: &Edge) -> Option<(&'d Node, Cdef<'d>)> {
    let to = ctx.model.node(&flow.to)?;
    let service = ctx.acting(to);
    if service.kind != NodeKind::EcsService {
        return None;
    }
    let cs = containers(ctx, service);
    let pick = if to.kind == NodeKind::Container {
        cs.iter().find(|c| c.node.is_some_and(|n| n.id == to.id))
    } else {
        cs.iter()
            .find(|c| c.port == Some(flow.int("port")))
            .or_else(|| cs.iter().find(|c| c.listens_tls && c.port.is_some()))
            .or_else(|| cs.iter().find(|c| c.port.is_some()))
    }?;
    Some((service, pick.clone()))
}

pub(super) fn generate(ctx: &mut Ctx<'_, '_>) {
    let services = ctx.services();
    let redis = ctx.sorted(NodeKind::RedisEcs);
    if services.is_empty() && redis.is_empty() && ctx.sorted(NodeKind::EcsCluster).is_empty() {
        return;
    }
    clusters(ctx, !services.is_empty() || !redis.is_empty());
    if services.is_empty() && redis.is_empty() {
        return;
    }
    ctx.add(
        IAM,
        Blk::data("aws_iam_policy_document", "ecs_tasks_assume").b(Blk::new("statement")
            .a("actions", strs(["sts:AssumeRole"]))
            .b(Blk::new("principals").a("type", "Service").a("identifiers", strs(["ecs-tasks.amazonaws.com"])))),
    );
    if !redis.is_empty() {
        ctx.add(
            ECS,
            Blk::resource("aws_service_discovery_private_dns_namespace", "main")
                .a("name", func("format", vec![s("%s.internal"), local("name")]))
                .a("vpc", r(&["aws_vpc", "main", "id"])),
        );
    }
    for svc in services {
        service(ctx, svc);
    }
    for node in redis {
        redis_service(ctx, node);
    }
}

fn clusters(ctx: &mut Ctx<'_, '_>, needed: bool) {
    let clusters = ctx.sorted(NodeKind::EcsCluster);
    if clusters.is_empty() && needed {
        ctx.add(ECS, Blk::resource("aws_ecs_cluster", "default").a("name", local("name")));
        ctx.add(ECS, capacity_providers("default"));
        return;
    }
    for c in clusters {
        let id = ctx.n(&c.id);
        let exec_key = ctx.key_arn(&c.id, "exec");
        let eph_key = ctx.model.key_of(&c.id, "ephemeral_storage").map(|k| r(&["aws_kms_key", &ctx.n(&k.id), "id"]));
        let logging = c.text("execute_command_logging");
        let cw = c.bool("cloud_watch_encryption_enabled");
        let s3 = c.bool("s3_encryption_enabled");
        let exec_logs = exec_log_group(ctx, c);
        let mut b = Blk::resource("aws_ecs_cluster", &id).a("name", ctx.aws_name(&c.id, None)).b(Blk::new("setting")
            .a("name", "containerInsights")
            .a("value", if c.bool("container_insights") { "enabled" } else { "disabled" }));
        // When a service on this cluster uses ECS Exec, its settings are written out even when
        // they are AWS's defaults: they are what the rules judge.
        let exec_used = ctx
            .model
            .incoming(&c.id, EdgeKind::RunsOn)
            .iter()
            .filter_map(|e| ctx.model.node(&e.from))
            .any(|s| s.kind == NodeKind::EcsService && s.bool("enable_execute_command"));
        let exec_block = exec_used || exec_key.is_some() || logging != "DEFAULT" || cw || s3;
        if exec_block || eph_key.is_some() {
            let mut conf = Blk::new("configuration");
            if exec_block {
                let mut exec =
                    Blk::new("execute_command_configuration").a_opt("kms_key_id", exec_key).a("logging", logging);
                if logging == "OVERRIDE" {
                    let mut lc = Blk::new("log_configuration");
                    if let Some(lg) = exec_logs {
                        lc = lc
                            .a("cloud_watch_log_group_name", r(&["aws_cloudwatch_log_group", &ctx.n(&lg.id), "name"]));
                    }
                    lc = lc.a("cloud_watch_encryption_enabled", cw).a_if(s3, "s3_bucket_encryption_enabled", true);
                    exec = exec.b(lc);
                }
                conf = conf.b(exec);
            }
            if let Some(k) = eph_key {
                conf = conf.b(Blk::new("managed_storage_configuration").a("fargate_ephemeral_storage_kms_key_id", k));
            }
            b = b.b(conf);
        }
        ctx.add(ECS, b);
        ctx.add(ECS, capacity_providers(&id));
    }
}

fn capacity_providers(id: &str) -> Blk {
    Blk::resource("aws_ecs_cluster_capacity_providers", id)
        .a("cluster_name", r(&["aws_ecs_cluster", id, "name"]))
        .a("capacity_providers", strs(["FARGATE", "FARGATE_SPOT"]))
}

/// The log group ECS Exec sessions of a cluster go to (`writes_logs` purpose `exec_session`).
fn exec_log_group<'d>(ctx: &Ctx<'_, 'd>, cluster: &Node) -> Option<&'d Node> {
    let mut v: Vec<&Node> = ctx
        .model
        .outgoing(&cluster.id, EdgeKind::WritesLogs)
        .into_iter()
        .filter(|e| e.text("purpose") == "exec_session")
        .filter_map(|e| ctx.model.node(&e.to))
        .collect();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v.into_iter().next()
}

/// The container log group of a container (its own `writes_logs`, else its service's).
fn container_log_group<'d>(ctx: &Ctx<'_, 'd>, service: &Node, c: &Cdef<'_>) -> Option<&'d Node> {
    let pick = |id: &str| -> Option<&'d Node> {
        let mut v: Vec<&Node> = ctx
            .model
            .outgoing(id, EdgeKind::WritesLogs)
            .into_iter()
            .filter(|e| e.text("purpose") == "container")
            .filter_map(|e| ctx.model.node(&e.to))
            .collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v.into_iter().next()
    };
    c.node.and_then(|n| pick(&n.id)).or_else(|| pick(&service.id))
}

/// The image of a container: the sidecar image for nginx, the service's `image` when set,
/// the shared application image for Django services, else a per-service variable.
fn image<'d>(ctx: &mut Ctx<'_, 'd>, service: &'d Node, c: &Cdef<'_>) -> Expression {
    if c.role == "nginx" {
        return ctx.var(
            "nginx_image",
            "string",
            "URI of the nginx TLS sidecar image built from app/nginx (in ECR), e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/nginx-tls:1.",
            None,
        );
    }
    let set = service.text("image").trim();
    if !set.is_empty() {
        return s(set.to_owned());
    }
    if env::is_django(service) {
        return ctx.var(
            "app_image",
            "string",
            "URI of the Django application image (in ECR), built from your project with the lines of app/django/Dockerfile.snippet.",
            None,
        );
    }
    let name = format!("image_{}", ctx.n(&service.id));
    let desc = format!("URI of the container image of the `{}` service (in ECR).", ctx.seg(&service.id));
    ctx.var(&name, "string", &desc, None)
}

fn command<'d>(ctx: &mut Ctx<'_, 'd>, service: &'d Node, c: &Cdef<'_>) -> Option<Expression> {
    let project = || var("django_project");
    let django = env::is_django(service);
    if django {
        ctx.var(
            "django_project",
            "string",
            "Python package of the Django project (holds wsgi.py and the Celery app).",
            Some((s("app"), "app".into())),
        );
    }
    match (c.role.as_str(), service.text("role")) {
        ("nginx", _) => None,
        ("gunicorn", _) | ("app", "web") if django => {
            // Behind a sidecar in the same task, gunicorn only needs the loopback interface.
            let loopback_only = c.node.is_some_and(|n| {
                let inbound = ctx.model.incoming(&n.id, EdgeKind::Flow);
                !inbound.is_empty() && inbound.iter().all(|f| ctx.model.is_loopback(f))
            });
            let port = c.port.unwrap_or(8000);
            let bind = if loopback_only { format!("127.0.0.1:{port}") } else { format!("0.0.0.0:{port}") };
            let mut args: Vec<Expression> =
                ["gunicorn", "--bind", &bind, "--workers", "3", "--forwarded-allow-ips", "*"].map(s).to_vec();
            if c.listens_tls {
                args.extend(["--certfile", GUNICORN_CERT, "--keyfile", GUNICORN_KEY].map(s));
            }
            args.push(format("%s.wsgi:application", vec![project()]));
            Some(list(args))
        }
        (_, "worker") if django => {
            Some(list([s("celery"), s("--app"), project(), s("worker"), s("--loglevel"), s("INFO")]))
        }
        (_, "beat") if django => Some(list([
            s("celery"),
            s("--app"),
            project(),
            s("beat"),
            s("--loglevel"),
            s("INFO"),
            s("--schedule"),
            s("/tmp/celerybeat-schedule"),
        ])),
        (_, "management") if django => Some(strs(["python", "manage.py", "migrate", "--noinput"])),
        _ => None,
    }
}

/// `[{ name = N, value = V }]`.
fn pairs(items: Vec<(String, Expression)>, value_key: &str) -> Expression {
    list(items.into_iter().map(|(k, v)| obj([("name", s(k)), (value_key, v)])))
}

#[allow(clippy::too_many_lines)] // one task definition, read top to bottom
fn service<'d>(ctx: &mut Ctx<'_, 'd>, svc: &'d Node) {
    let id = ctx.n(&svc.id);
    let django = env::is_django(svc);
    let flows = ctx.wiring.service_flows(ctx.model, svc);
    let mut environment: Vec<(String, Expression)> = Vec::new();
    if django {
        let domain = domain_var(ctx);
        environment.push(("DJANGO_ALLOWED_HOSTS".into(), domain));
        let mut seen = BTreeSet::new();
        for f in &flows {
            let Some(to) = ctx.model.node(&f.to) else { continue };
            if !seen.insert(to.id.clone()) {
                continue;
            }
            if let Some(db) = ctx.wiring.database(&to.id).cloned() {
                let dbn = ctx.n(&db.node.id);
                let p = &db.prefix;
                environment.push((format!("{p}_HOST"), r(&["aws_db_instance", &dbn, "address"])));
                environment.push((format!("{p}_PORT"), func("tostring", vec![r(&["aws_db_instance", &dbn, "port"])])));
                environment.push((format!("{p}_NAME"), r(&["aws_db_instance", &dbn, "db_name"])));
                environment.push((format!("{p}_USER"), var("db_username")));
                if ctx.wiring.uniform_tls(&to.id).is_none() {
                    environment.push((format!("{p}_TLS"), s(f.text("tls"))));
                }
            } else if let Some(cache) = ctx.wiring.cache(&to.id).cloned() {
                let cn = ctx.n(&cache.node.id);
                let p = &cache.prefix;
                let host = match cache.node.kind {
                    NodeKind::RedisEcs => {
                        func("format", vec![s(format!("{}.%s.internal", ctx.seg(&cache.node.id))), local("name")])
                    }
                    _ if cache.node.text("resource_type") == "cluster" => {
                        super::hcl::index(r(&["aws_elasticache_cluster", &cn, "cache_nodes"]), 0)
                    }
                    _ => r(&["aws_elasticache_replication_group", &cn, "primary_endpoint_address"]),
                };
                let host =
                    if cache.node.kind == NodeKind::ElasticacheRedis && cache.node.text("resource_type") == "cluster" {
                        ::hcl::expr::Traversal::new(
                            host,
                            [::hcl::expr::TraversalOperator::GetAttr(::hcl::Identifier::unchecked("address"))],
                        )
                        .into()
                    } else {
                        host
                    };
                environment.push((format!("{p}_HOST"), host));
                environment.push((format!("{p}_PORT"), s("6379")));
                if ctx.wiring.uniform_tls(&to.id).is_none() {
                    environment.push((format!("{p}_TLS"), s(f.text("tls"))));
                }
            } else if let Some(bucket) = ctx.wiring.bucket(&to.id).cloned() {
                environment.push((bucket.env.clone(), r(&["aws_s3_bucket", &ctx.n(&bucket.node.id), "id"])));
            }
        }
        if flows.iter().any(|f| ctx.wiring.bucket(&f.to).is_some()) {
            environment.push(("AWS_S3_REGION_NAME".into(), var("region")));
        }
        if svc.text("secret_key_source") == "environment" {
            let v = ctx.var(
                "django_secret_key",
                "string",
                "Django SECRET_KEY, passed as a plain environment variable as the design asks (`secret_key_source = environment`); prefer Secrets Manager.",
                None,
            );
            ctx.sensitive("django_secret_key");
            environment.push(("DJANGO_SECRET_KEY".into(), v));
        }
    }
    let secrets: Vec<(String, Expression)> = ctx
        .wiring
        .service_secrets(ctx.model, svc)
        .into_iter()
        .map(|(edge, secret)| {
            let se = ctx.wiring.secret_env(edge, secret);
            let arn = r(&["aws_secretsmanager_secret", &ctx.n(&secret.id), "arn"]);
            let from = match se.json_key {
                Some(k) => func("format", vec![s(format!("%s:{k}::")), arn]),
                None => arn,
            };
            (se.name, from)
        })
        .collect();

    // EFS file systems the task mounts, with TLS as its flow says (one flow per file system).
    let mut volumes: Vec<(&Node, &Edge)> = Vec::new();
    for f in &flows {
        if let Some(fs) = ctx.model.node(&f.to).filter(|n| n.kind == NodeKind::Efs) {
            if !volumes.iter().any(|(v, _)| v.id == fs.id) {
                volumes.push((fs, f));
            }
        }
    }
    let cs = containers(ctx, svc);
    let mut defs = Vec::new();
    for c in &cs {
        let img = image(ctx, svc, c);
        let cmd = command(ctx, svc, c);
        let mut fields: Vec<(&str, Expression)> =
            vec![("name", s(c.name.clone())), ("image", img), ("essential", true.into())];
        if let Some(port) = c.port {
            fields.push(("portMappings", list([obj([("containerPort", port.into()), ("protocol", s("tcp"))])])));
        }
        if let Some(cmd) = cmd {
            fields.push(("command", cmd));
        }
        let app = c.role != "nginx";
        if app && !environment.is_empty() {
            fields.push(("environment", pairs(environment.clone(), "value")));
        }
        if app && !secrets.is_empty() {
            fields.push(("secrets", pairs(secrets.clone(), "valueFrom")));
        }
        if let Some(lg) = container_log_group(ctx, svc, c) {
            fields.push((
                "logConfiguration",
                obj([
                    ("logDriver", s("awslogs")),
                    (
                        "options",
                        obj([
                            ("awslogs-group", r(&["aws_cloudwatch_log_group", &ctx.n(&lg.id), "name"])),
                            ("awslogs-region", var("region")),
                            ("awslogs-stream-prefix", s(c.name.clone())),
                        ]),
                    ),
                ]),
            ));
        }
        if app && !volumes.is_empty() {
            fields.push((
                "mountPoints",
                list(volumes.iter().map(|(fs, _)| {
                    obj([
                        ("sourceVolume", s(ctx.seg(&fs.id))),
                        ("containerPath", s(format!("/mnt/{}", ctx.seg(&fs.id)))),
                        ("readOnly", false.into()),
                    ])
                })),
            ));
        }
        if svc.bool("enable_execute_command") {
            // ECS Exec runs its agent more reliably with an init process.
            fields.push(("linuxParameters", obj([("initProcessEnabled", true.into())])));
        }
        if c.node.is_some_and(|n| n.int("cpu") > 0) {
            fields.push(("cpu", c.node.map_or(0, |n| n.int("cpu")).into()));
        }
        if c.node.is_some_and(|n| n.int("memory") > 0) {
            fields.push(("memoryReservation", c.node.map_or(0, |n| n.int("memory")).into()));
        }
        defs.push(obj(fields));
    }
    let local_name = format!("{id}_containers");
    ctx.add(ECS, Blk::new("locals").a(&local_name, list(defs)));

    roles(ctx, svc, &id);
    ctx.add(
        ECS,
        fargate_task_definition(ctx, svc, &id)
            .bs(volumes.iter().map(|(fs, flow)| {
                let tls = crate::hop::client_grade(flow.text("tls")).is_encrypted();
                Blk::new("volume").a("name", ctx.seg(&fs.id)).b(Blk::new("efs_volume_configuration")
                    .a("file_system_id", r(&["aws_efs_file_system", &ctx.n(&fs.id), "id"]))
                    .a("transit_encryption", if tls { "ENABLED" } else { "DISABLED" })
                    .b_if(tls && flow.text("auth") == "iam", || Blk::new("authorization_config").a("iam", "ENABLED")))
            }))
            .a("container_definitions", func("jsonencode", vec![local(&local_name)])),
    );

    let public = svc.bool("assign_public_ip");
    let cluster = ctx.cluster_ident(svc);
    if svc.text("role") == "management" {
        ctx.header(
            ECS,
            format!(
                "`{}` is a one-off management task: it has a task definition and no service. Run it with the command in output `run_{id}`.",
                ctx.seg(&svc.id)
            ),
        );
        let cmd = func(
            "format",
            vec![
                s("aws ecs run-task --cluster %s --task-definition %s --capacity-provider-strategy capacityProvider=%s --network-configuration 'awsvpcConfiguration={subnets=[%s],securityGroups=[%s],assignPublicIp=%s}'"),
                r(&["aws_ecs_cluster", &cluster, "name"]),
                r(&["aws_ecs_task_definition", &id, "arn"]),
                s(svc.text("capacity_provider")),
                func("join", vec![s(","), Ctx::subnets(public)]),
                ctx.sg(svc),
                s(if public { "ENABLED" } else { "DISABLED" }),
            ],
        );
        ctx.outputs.push(
            Blk::labelled("output", &format!("run_{id}"))
                .a("description", format!("Runs the one-off `{}` task.", ctx.seg(&svc.id)))
                .a("value", cmd),
        );
        return;
    }
    let lbs: Vec<(String, String, i64, String)> = super::alb::attachments(ctx, svc);
    let mut b = Blk::resource("aws_ecs_service", &id)
        .a("name", ctx.aws_name(&svc.id, None))
        .a("cluster", r(&["aws_ecs_cluster", &cluster, "id"]))
        .a("task_definition", r(&["aws_ecs_task_definition", &id, "arn"]))
        .a("desired_count", svc.int("desired_count"))
        .b(Blk::new("capacity_provider_strategy").a("capacity_provider", svc.text("capacity_provider")).a("weight", 1))
        .a("platform_version", "LATEST")
        .a("enable_execute_command", svc.bool("enable_execute_command"))
        .a("propagate_tags", "SERVICE")
        .b(Blk::new("network_configuration")
            .a("subnets", Ctx::subnets(public))
            .a("security_groups", list([ctx.sg(svc)]))
            .a("assign_public_ip", public))
        .b(Blk::new("deployment_circuit_breaker").a("enable", true).a("rollback", true));
    for (tg, cname, port, _) in &lbs {
        b = b.b(Blk::new("load_balancer")
            .a("target_group_arn", r(&["aws_lb_target_group", tg, "arn"]))
            .a("container_name", cname.clone())
            .a("container_port", *port));
    }
    if !lbs.is_empty() {
        let listeners: Vec<Expression> = lbs
            .iter()
            .map(|(_, _, _, l)| l.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(|l| r(&["aws_lb_listener", &l]))
            .collect();
        b = b.a("health_check_grace_period_seconds", 60).a("depends_on", list(listeners));
    }
    ctx.add(ECS, b);
}

/// Declares `var.domain_name` (the application's domain) and returns it.
pub(super) fn domain_var(ctx: &mut Ctx<'_, '_>) -> Expression {
    let domain = ctx.sorted(NodeKind::Route53).first().map(|z| z.text("domain_name").trim().to_owned());
    let default = domain.filter(|d| !d.is_empty()).map(|d| (s(d.clone()), d));
    ctx.var(
        "domain_name",
        "string",
        "Domain the application is served on (the certificate's name, Django's ALLOWED_HOSTS).",
        default,
    )
}

/// The task and execution roles of a service, with the grants the design draws.
fn roles<'d>(ctx: &mut Ctx<'_, 'd>, svc: &'d Node, id: &str) {
    let assume = r(&["data", "aws_iam_policy_document", "ecs_tasks_assume", "json"]);
    let role = |ctx: &Ctx<'_, '_>, suffix: &str| {
        Blk::resource("aws_iam_role", &format!("{id}_{suffix}"))
            .a(
                "name",
                func(
                    "substr",
                    vec![
                        func("format", vec![s(format!("%s-{}-{suffix}", ctx.seg(&svc.id))), local("name")]),
                        0.into(),
                        64.into(),
                    ],
                ),
            )
            .a("assume_role_policy", assume.clone())
    };
    ctx.add(IAM, role(ctx, "execution"));
    ctx.add(
        IAM,
        Blk::resource("aws_iam_role_policy_attachment", &format!("{id}_execution"))
            .a("role", r(&["aws_iam_role", &format!("{id}_execution"), "name"]))
            .a(
                "policy_arn",
                func(
                    "format",
                    vec![
                        s("arn:%s:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"),
                        r(&["data", "aws_partition", "current", "partition"]),
                    ],
                ),
            ),
    );
    ctx.add(IAM, role(ctx, "task"));

    let decrypt: Vec<&Node> = {
        let mut v: Vec<&Node> = ctx
            .model
            .outgoing(&svc.id, EdgeKind::CanDecrypt)
            .into_iter()
            .filter_map(|e| ctx.model.node(&e.to))
            .collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v.dedup_by(|a, b| a.id == b.id);
        v
    };
    let key_arn = |ctx: &Ctx<'_, '_>, k: &Node| r(&["aws_kms_key", &ctx.n(&k.id), "arn"]);

    // Execution role: reads the injected secrets; decrypts them only where the design grants
    // kms:Decrypt on their key.
    let secrets = ctx.wiring.service_secrets(ctx.model, svc);
    if !secrets.is_empty() {
        let arns = list(secrets.iter().map(|(_, s)| r(&["aws_secretsmanager_secret", &ctx.n(&s.id), "arn"])));
        let mut doc = Blk::data("aws_iam_policy_document", &format!("{id}_execution")).b(Blk::new("statement")
            .a("sid", "ReadInjectedSecrets")
            .a("actions", strs(["secretsmanager:GetSecretValue"]))
            .a("resources", arns));
        let keys: Vec<&Node> = decrypt
            .iter()
            .copied()
            .filter(|k| secrets.iter().any(|(_, s)| ctx.model.key_of(&s.id, "storage").is_some_and(|sk| sk.id == k.id)))
            .collect();
        if !keys.is_empty() {
            doc = doc.b(Blk::new("statement")
                .a("sid", "DecryptInjectedSecrets")
                .a("actions", strs(["kms:Decrypt"]))
                .a("resources", list(keys.iter().map(|k| key_arn(ctx, k)))));
        }
        ctx.add(IAM, doc);
        ctx.add(
            IAM,
            Blk::resource("aws_iam_role_policy", &format!("{id}_execution"))
                .a("name", "secrets")
                .a("role", r(&["aws_iam_role", &format!("{id}_execution"), "id"]))
                .a("policy", r(&["data", "aws_iam_policy_document", &format!("{id}_execution"), "json"])),
        );
    }

    // Task role: what the application and ECS Exec do at run time.
    let mut statements = Vec::new();
    let flows = ctx.wiring.service_flows(ctx.model, svc);
    let buckets: Vec<&Node> = {
        let mut v: Vec<&Node> =
            flows.iter().filter_map(|f| ctx.model.node(&f.to)).filter(|n| n.kind == NodeKind::S3Bucket).collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v.dedup_by(|a, b| a.id == b.id);
        v
    };
    if !decrypt.is_empty() {
        // Writing SSE-KMS objects also needs a data key from the bucket's key.
        let writes: BTreeSet<&str> =
            buckets.iter().filter_map(|b| ctx.model.key_of(&b.id, "storage")).map(|k| k.id.as_str()).collect();
        statements.push(
            Blk::new("statement")
                .a("sid", "DecryptWithGrantedKeys")
                .a("actions", strs(["kms:Decrypt"]))
                .a("resources", list(decrypt.iter().map(|k| key_arn(ctx, k)))),
        );
        let gen: Vec<&&Node> = decrypt.iter().filter(|k| writes.contains(k.id.as_str())).collect();
        if !gen.is_empty() {
            statements.push(
                Blk::new("statement")
                    .a("sid", "GenerateDataKeysForUploads")
                    .a("actions", strs(["kms:GenerateDataKey"]))
                    .a("resources", list(gen.iter().map(|k| key_arn(ctx, k)))),
            );
        }
    }
    if !buckets.is_empty() {
        let arns: Vec<Expression> = buckets.iter().map(|b| r(&["aws_s3_bucket", &ctx.n(&b.id), "arn"])).collect();
        statements.push(
            Blk::new("statement")
                .a("sid", "ListBuckets")
                .a("actions", strs(["s3:ListBucket"]))
                .a("resources", list(arns.clone())),
        );
        statements.push(
            Blk::new("statement")
                .a("sid", "ReadWriteObjects")
                .a("actions", strs(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]))
                .a("resources", list(arns.into_iter().map(|a| func("format", vec![s("%s/*"), a])))),
        );
    }
    let mounts: Vec<Expression> = {
        let mut v: Vec<&Node> = flows
            .iter()
            .filter(|f| f.text("auth") == "iam")
            .filter_map(|f| ctx.model.node(&f.to))
            .filter(|n| n.kind == NodeKind::Efs)
            .collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v.dedup_by(|a, b| a.id == b.id);
        v.iter().map(|fs| r(&["aws_efs_file_system", &ctx.n(&fs.id), "arn"])).collect()
    };
    if !mounts.is_empty() {
        statements.push(
            Blk::new("statement")
                .a("sid", "MountFileSystems")
                .a("actions", strs(["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]))
                .a("resources", list(mounts)),
        );
    }
    if svc.bool("enable_execute_command") {
        statements.push(
            Blk::new("statement")
                .a("sid", "EcsExecChannels")
                .a(
                    "actions",
                    strs([
                        "ssmmessages:CreateControlChannel",
                        "ssmmessages:CreateDataChannel",
                        "ssmmessages:OpenControlChannel",
                        "ssmmessages:OpenDataChannel",
                    ]),
                )
                // Session Manager channels have no resource ARN to scope to.
                .a("resources", strs(["*"])),
        );
        let cluster = ctx.cluster_for(svc);
        if let Some(lg) = cluster.and_then(|c| exec_log_group(ctx, c)) {
            let arn = r(&["aws_cloudwatch_log_group", &ctx.n(&lg.id), "arn"]);
            statements.push(
                Blk::new("statement")
                    .a("sid", "EcsExecSessionLogs")
                    .a("actions", strs(["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"]))
                    .a("resources", list([func("format", vec![s("%s:*"), arn])])),
            );
            statements.push(
                Blk::new("statement")
                    .a("sid", "EcsExecFindLogGroup")
                    .a("actions", strs(["logs:DescribeLogGroups"]))
                    .a("resources", strs(["*"])),
            );
        }
    }
    if !statements.is_empty() {
        ctx.add(IAM, Blk::data("aws_iam_policy_document", &format!("{id}_task")).bs(statements));
        ctx.add(
            IAM,
            Blk::resource("aws_iam_role_policy", &format!("{id}_task"))
                .a("name", "task")
                .a("role", r(&["aws_iam_role", &format!("{id}_task"), "id"]))
                .a("policy", r(&["data", "aws_iam_policy_document", &format!("{id}_task"), "json"])),
        );
    }
}

/// Redis as an ECS service, found by the application through Cloud Map.
fn redis_service<'d>(ctx: &mut Ctx<'_, 'd>, node: &'d Node) {
    let id = ctx.n(&node.id);
    let tls = node.bool("tls");
    // With TLS the image must carry its certificate (app/redis), so there is no default.
    let any_tls = ctx.sorted(NodeKind::RedisEcs).iter().any(|r| r.bool("tls"));
    let img = if any_tls {
        ctx.var(
            "redis_image",
            "string",
            "URI of the Redis on ECS image built from app/redis (it holds /tls/redis.crt and /tls/redis.key for the TLS port).",
            None,
        )
    } else {
        let public = "public.ecr.aws/docker/library/redis:7.2-alpine";
        ctx.var("redis_image", "string", "URI of the Redis image for Redis on ECS.", Some((s(public), public.into())))
    };
    let command =
        strs(if tls { crate::export::app::REDIS_TLS_COMMAND } else { crate::export::app::REDIS_PLAIN_COMMAND });
    let mut fields = vec![
        ("name", s("redis")),
        ("image", img),
        ("essential", true.into()),
        ("portMappings", list([obj([("containerPort", 6379.into()), ("protocol", s("tcp"))])])),
        ("command", command),
    ];
    let lg = {
        let mut v: Vec<&Node> = ctx
            .model
            .outgoing(&node.id, EdgeKind::WritesLogs)
            .into_iter()
            .filter_map(|e| ctx.model.node(&e.to))
            .collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v.into_iter().next()
    };
    if let Some(lg) = lg {
        fields.push((
            "logConfiguration",
            obj([
                ("logDriver", s("awslogs")),
                (
                    "options",
                    obj([
                        ("awslogs-group", r(&["aws_cloudwatch_log_group", &ctx.n(&lg.id), "name"])),
                        ("awslogs-region", var("region")),
                        ("awslogs-stream-prefix", s("redis")),
                    ]),
                ),
            ]),
        ));
    }
    let local_name = format!("{id}_containers");
    ctx.add(ECS, Blk::new("locals").a(&local_name, list([obj(fields)])));
    let assume = r(&["data", "aws_iam_policy_document", "ecs_tasks_assume", "json"]);
    for suffix in ["execution", "task"] {
        ctx.add(
            IAM,
            Blk::resource("aws_iam_role", &format!("{id}_{suffix}"))
                .a(
                    "name",
                    func(
                        "substr",
                        vec![
                            func("format", vec![s(format!("%s-{}-{suffix}", ctx.seg(&node.id))), local("name")]),
                            0.into(),
                            64.into(),
                        ],
                    ),
                )
                .a("assume_role_policy", assume.clone()),
        );
    }
    ctx.add(
        IAM,
        Blk::resource("aws_iam_role_policy_attachment", &format!("{id}_execution"))
            .a("role", r(&["aws_iam_role", &format!("{id}_execution"), "name"]))
            .a(
                "policy_arn",
                func(
                    "format",
                    vec![
                        s("arn:%s:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"),
                        r(&["data", "aws_partition", "current", "partition"]),
                    ],
                ),
            ),
    );
    ctx.add(
        ECS,
        fargate_task_definition(ctx, node, &id)
            .a("container_definitions", func("jsonencode", vec![local(&local_name)])),
    );
    ctx.add(
        ECS,
        Blk::resource("aws_service_discovery_service", &id).a("name", ctx.seg(&node.id)).b(Blk::new("dns_config")
            .a("namespace_id", r(&["aws_service_discovery_private_dns_namespace", "main", "id"]))
            .b(Blk::new("dns_records").a("ttl", 10).a("type", "A"))),
    );
    let cluster = ctx.cluster_ident(node);
    ctx.add(
        ECS,
        Blk::resource("aws_ecs_service", &id)
            .a("name", ctx.aws_name(&node.id, None))
            .a("cluster", r(&["aws_ecs_cluster", &cluster, "id"]))
            .a("task_definition", r(&["aws_ecs_task_definition", &id, "arn"]))
            .a("desired_count", node.int("desired_count"))
            .b(Blk::new("capacity_provider_strategy").a("capacity_provider", "FARGATE").a("weight", 1))
            .a("platform_version", "LATEST")
            .b(Blk::new("network_configuration")
                .a("subnets", Ctx::subnets(false))
                .a("security_groups", list([ctx.sg(node)]))
                .a("assign_public_ip", false))
            .b(Blk::new("service_registries").a("registry_arn", r(&["aws_service_discovery_service", &id, "arn"]))),
    );
}

/// A Fargate task definition for `node` under the Terraform name `id`: family, size,
/// architecture and the two roles `roles` creates (containers and volumes are added by the
/// caller).
fn fargate_task_definition(ctx: &Ctx, node: &Node, id: &str) -> Blk {
    Blk::resource("aws_ecs_task_definition", id)
        .a("family", ctx.aws_name(&node.id, None))
        .a("requires_compatibilities", strs(["FARGATE"]))
        .a("network_mode", "awsvpc")
        .a("cpu", node.int("cpu").to_string())
        .a("memory", node.int("memory").to_string())
        .a("execution_role_arn", r(&["aws_iam_role", &format!("{id}_execution"), "arn"]))
        .a("task_role_arn", r(&["aws_iam_role", &format!("{id}_task"), "arn"]))
        .b(Blk::new("runtime_platform")
            .a("operating_system_family", "LINUX")
            .a("cpu_architecture", node.text("cpu_architecture")))
}
