//! secrets.tf and logs.tf: Secrets Manager secrets on their KMS keys with generated values,
//! and CloudWatch log groups on their KMS keys.

use super::hcl::{func, local, obj, r, s, var, Blk};
use super::Ctx;
use crate::catalog::NodeKind;
use crate::design::Node;
use hcl::Expression;

/// `random_password.<secret>_value.result`, the value a paired secret holds.
pub(super) fn value_of(ctx: &Ctx<'_, '_>, secret: &Node) -> Expression {
    r(&["random_password", &format!("{}_value", ctx.n(&secret.id)), "result"])
}

/// The master password of a database: its paired secret's value, else its own.
pub(super) fn db_password(ctx: &Ctx<'_, '_>, db: &Node) -> Expression {
    match ctx.wiring.database(&db.id).and_then(|d| d.password_secret) {
        Some(secret) => value_of(ctx, secret),
        None => r(&["random_password", &format!("{}_master", ctx.n(&db.id)), "result"]),
    }
}

/// The AUTH token of an ElastiCache replication group: its paired secret's value, else its own.
pub(super) fn auth_token(ctx: &Ctx<'_, '_>, cache: &Node) -> Expression {
    match ctx.wiring.cache(&cache.id).and_then(|c| c.token_secret) {
        Some(secret) => value_of(ctx, secret),
        None => r(&["random_password", &format!("{}_auth", ctx.n(&cache.id)), "result"]),
    }
}

/// A `random_password` resource. `special` lists the punctuation allowed (none when empty).
pub(super) fn password(name: &str, length: i64, special: &str) -> Blk {
    Blk::resource("random_password", name).a("length", length).a("special", !special.is_empty()).a_if(
        !special.is_empty(),
        "override_special",
        special,
    )
}

pub(super) fn generate(ctx: &mut Ctx<'_, '_>) {
    secrets(ctx);
    logs(ctx);
}

fn secrets(ctx: &mut Ctx<'_, '_>) {
    const FILE: &str = "secrets.tf";
    for secret in ctx.sorted(NodeKind::Secret) {
        let id = ctx.n(&secret.id);
        let key = ctx.key_arn(&secret.id, "storage");
        ctx.add(
            FILE,
            Blk::resource("aws_secretsmanager_secret", &id)
                .a("name", func("format", vec![s(format!("%s/{}", ctx.seg(&secret.id))), local("name")]))
                .a("description", secret.display_name())
                .a_opt("kms_key_id", key),
        );
        let secret_id = r(&["aws_secretsmanager_secret", &id, "id"]);
        let value_name = format!("{id}_value");
        let paired_db = ctx.wiring.databases.iter().find(|d| d.password_secret.is_some_and(|s| s.id == secret.id));
        let paired_cache = ctx.wiring.caches.iter().find(|c| c.token_secret.is_some_and(|s| s.id == secret.id));
        let value: Option<Expression> = match secret.text("purpose") {
            "django_secret_key" => {
                ctx.add(FILE, password(&value_name, 64, "!#%&*()-_=+[]{}<>:?"));
                Some(value_of(ctx, secret))
            }
            "db_password" if paired_db.is_some() => {
                let db = paired_db.map(|d| d.node).expect("checked");
                // RDS rejects '/', '@', '"' and spaces in master passwords.
                ctx.add(FILE, password(&value_name, 32, "!#%^&*()-_=+"));
                let db_id = ctx.n(&db.id);
                Some(func(
                    "jsonencode",
                    vec![obj([
                        ("engine", s("postgres")),
                        ("host", r(&["aws_db_instance", &db_id, "address"])),
                        ("port", r(&["aws_db_instance", &db_id, "port"])),
                        ("dbname", r(&["aws_db_instance", &db_id, "db_name"])),
                        ("username", var("db_username")),
                        ("password", value_of(ctx, secret)),
                    ])],
                ))
            }
            "redis_auth_token" if paired_cache.is_some() => {
                // AUTH tokens allow printable ASCII except '/', '"' and '@'; letters and digits
                // keep them URL-safe in rediss:// URLs.
                ctx.add(FILE, password(&value_name, 64, ""));
                Some(value_of(ctx, secret))
            }
            _ => {
                ctx.notes.push(format!(
                    "Secret `{}` gets no generated value: store it with `aws secretsmanager put-secret-value --secret-id <name>` before the services start.",
                    ctx.seg(&secret.id)
                ));
                None
            }
        };
        if let Some(value) = value {
            ctx.add(
                FILE,
                Blk::resource("aws_secretsmanager_secret_version", &id)
                    .a("secret_id", secret_id.clone())
                    .a("secret_string", value),
            );
        }
        if secret.bool("rotation_enabled") {
            let lambda = ctx.var(
                "rotation_lambda_arn",
                "string",
                "ARN of the Lambda function that rotates the secrets marked for rotation (see AWS's rotation function templates).",
                None,
            );
            ctx.add(
                FILE,
                Blk::resource("aws_secretsmanager_secret_rotation", &id)
                    .a("secret_id", secret_id)
                    .a("rotation_lambda_arn", lambda)
                    .b(Blk::new("rotation_rules").a("automatically_after_days", 30)),
            );
        }
    }
}

fn logs(ctx: &mut Ctx<'_, '_>) {
    const FILE: &str = "logs.tf";
    for lg in ctx.sorted(NodeKind::LogGroup) {
        let id = ctx.n(&lg.id);
        let key = ctx.key_arn(&lg.id, "storage");
        let name = ctx.log_group_name(lg);
        ctx.add(
            FILE,
            Blk::resource("aws_cloudwatch_log_group", &id)
                .a("name", name)
                .a("retention_in_days", lg.int("retention_in_days"))
                .a_opt("kms_key_id", key),
        );
    }
}
