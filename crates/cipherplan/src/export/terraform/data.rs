//! rds.tf, redis.tf, s3.tf, efs.tf, ecr.tf: the stores, each with the encryption settings the
//! design gives it (and nothing it does not).

use super::hcl::{func, list, local, obj, r, s, strs, Blk};
use super::secrets::{auth_token, db_password, password};
use super::Ctx;
use crate::catalog::{EdgeKind, NodeKind};
use crate::export::names;
use hcl::Expression;

pub(super) fn generate(ctx: &mut Ctx<'_, '_>) {
    rds(ctx);
    elasticache(ctx);
    s3(ctx);
    efs(ctx);
    ecr(ctx);
}

fn tags(ctx: &Ctx<'_, '_>, id: &str) -> Expression {
    obj([("Name", ctx.aws_name(id, None))])
}

fn rds(ctx: &mut Ctx<'_, '_>) {
    const FILE: &str = "rds.tf";
    let dbs = ctx.sorted(NodeKind::RdsPostgres);
    if dbs.is_empty() {
        return;
    }
    let user = ctx.var(
        "db_username",
        "string",
        "Master user name of the PostgreSQL instances (the password is generated and kept in Secrets Manager).",
        Some((s("django"), "django".into())),
    );
    let protect = ctx.var(
        "deletion_protection",
        "bool",
        "Protect the database and load balancer from deletion (set false before `terraform destroy`).",
        Some((true.into(), "true".into())),
    );
    let db_name = {
        let n = names::tf_ident(&ctx.design.name, "app");
        n.chars().take(63).collect::<String>()
    };
    for db in dbs {
        let id = ctx.n(&db.id);
        let version = db.text("engine_version").to_owned();
        let public = db.bool("publicly_accessible");
        ctx.add(
            FILE,
            Blk::resource("aws_db_subnet_group", &id)
                .a("name", ctx.aws_name(&db.id, None))
                .a("subnet_ids", Ctx::subnets(public)),
        );
        // `default` means no custom parameter group: the engine default applies (rds.force_ssl
        // is 0 before PostgreSQL 15 and 1 from 15 on).
        let force = db.text("rds.force_ssl");
        let param_group = force != "default";
        if param_group {
            ctx.add(
                FILE,
                Blk::resource("aws_db_parameter_group", &id)
                    .a("name", ctx.aws_name(&db.id, None))
                    .a("family", format!("postgres{version}"))
                    .a("description", format!("rds.force_ssl = {force}"))
                    .b(Blk::new("parameter").a("name", "rds.force_ssl").a("value", force)),
            );
        }
        if ctx.wiring.database(&db.id).and_then(|d| d.password_secret).is_none() {
            ctx.add(FILE, password(&format!("{id}_master"), 32, "!#%^&*()-_=+"));
            ctx.notes.push(format!(
                "Database `{}` has no `db_password` secret in the design: its generated master password is only in the Terraform state.",
                ctx.seg(&db.id)
            ));
        }
        let encrypted = db.bool("storage_encrypted");
        let key = if encrypted { ctx.key_arn(&db.id, "storage") } else { None };
        let b = Blk::resource("aws_db_instance", &id)
            .a("identifier", ctx.aws_name(&db.id, Some(63)))
            .a("engine", "postgres")
            .a("engine_version", version)
            .a("instance_class", db.text("instance_class"))
            .a("allocated_storage", db.int("allocated_storage"))
            .a("storage_type", db.text("storage_type"))
            .a("multi_az", db.bool("multi_az"))
            .a("db_name", db_name.clone())
            .a("username", user.clone())
            .a("password", db_password(ctx, db))
            .a("db_subnet_group_name", r(&["aws_db_subnet_group", &id, "name"]))
            .a("vpc_security_group_ids", list([ctx.sg(db)]))
            .a_if(param_group, "parameter_group_name", r(&["aws_db_parameter_group", &id, "name"]))
            .a("storage_encrypted", encrypted)
            .a_opt("kms_key_id", key)
            .a("ca_cert_identifier", db.text("ca_cert_identifier"))
            .a("publicly_accessible", public)
            .a("backup_retention_period", 7)
            .a("copy_tags_to_snapshot", true)
            .a("auto_minor_version_upgrade", true)
            .a("deletion_protection", protect.clone())
            .a("skip_final_snapshot", false)
            .a(
                "final_snapshot_identifier",
                func("format", vec![s(format!("%s-{}-final", ctx.seg(&db.id))), local("name")]),
            )
            .a("tags", tags(ctx, &db.id));
        ctx.add(FILE, b);
    }
}

fn elasticache(ctx: &mut Ctx<'_, '_>) {
    const FILE: &str = "redis.tf";
    for cache in ctx.sorted(NodeKind::ElasticacheRedis) {
        let id = ctx.n(&cache.id);
        ctx.add(
            FILE,
            Blk::resource("aws_elasticache_subnet_group", &id)
                .a("name", ctx.aws_name(&cache.id, None))
                .a("subnet_ids", Ctx::subnets(false)),
        );
        let version = cache.text("engine_version").to_owned();
        let major = version.split('.').next().unwrap_or("7").to_owned();
        if cache.text("resource_type") == "cluster" {
            // aws_elasticache_cluster has no transit/at-rest encryption or AUTH settings for
            // Redis: a design that asks for it gets exactly that.
            ctx.add(
                FILE,
                Blk::resource("aws_elasticache_cluster", &id)
                    .a("cluster_id", ctx.aws_name(&cache.id, Some(50)))
                    .a("engine", "redis")
                    .a("engine_version", version)
                    .a("node_type", cache.text("node_type"))
                    .a("num_cache_nodes", 1)
                    .a("parameter_group_name", format!("default.redis{major}"))
                    .a("port", 6379)
                    .a("subnet_group_name", r(&["aws_elasticache_subnet_group", &id, "name"]))
                    .a("security_group_ids", list([ctx.sg(cache)]))
                    .a("tags", tags(ctx, &cache.id)),
            );
            continue;
        }
        let transit = cache.bool("transit_encryption_enabled");
        let at_rest = cache.bool("at_rest_encryption_enabled");
        // ElastiCache only accepts an AUTH token with transit encryption.
        let auth = cache.bool("auth_token_enabled") && transit;
        if cache.bool("auth_token_enabled") && !transit {
            ctx.notes.push(format!(
                "ElastiCache `{}` asks for an AUTH token without transit encryption, which ElastiCache refuses: it is exported without a token.",
                ctx.seg(&cache.id)
            ));
        }
        if auth && ctx.wiring.cache(&cache.id).and_then(|c| c.token_secret).is_none() {
            ctx.add(FILE, password(&format!("{id}_auth"), 64, ""));
        }
        let nodes = cache.int("num_cache_clusters");
        let b = Blk::resource("aws_elasticache_replication_group", &id)
            .a("replication_group_id", ctx.aws_name(&cache.id, Some(40)))
            .a("description", cache.display_name())
            .a("engine", "redis")
            .a("engine_version", version)
            .a("node_type", cache.text("node_type"))
            .a("num_cache_clusters", nodes)
            .a("automatic_failover_enabled", nodes > 1)
            .a("multi_az_enabled", nodes > 1)
            .a("port", 6379)
            .a("parameter_group_name", format!("default.redis{major}"))
            .a("subnet_group_name", r(&["aws_elasticache_subnet_group", &id, "name"]))
            .a("security_group_ids", list([ctx.sg(cache)]))
            .a("at_rest_encryption_enabled", at_rest)
            .a_opt("kms_key_id", if at_rest { ctx.key_arn(&cache.id, "storage") } else { None })
            .a("transit_encryption_enabled", transit)
            .a_if(transit, "transit_encryption_mode", cache.text("transit_encryption_mode"))
            .a_if(auth, "auth_token", auth_token(ctx, cache))
            .a("snapshot_retention_limit", 7)
            .a("auto_minor_version_upgrade", true)
            .a("tags", tags(ctx, &cache.id));
        ctx.add(FILE, b);
    }
}

fn s3(ctx: &mut Ctx<'_, '_>) {
    const FILE: &str = "s3.tf";
    for bucket in ctx.sorted(NodeKind::S3Bucket) {
        let id = ctx.n(&bucket.id);
        let bucket_id = r(&["aws_s3_bucket", &id, "id"]);
        ctx.add(
            FILE,
            Blk::resource("aws_s3_bucket", &id)
                .a(
                    "bucket_prefix",
                    func("format", vec![s(format!("%s-{}-", names::slug(&ctx.seg(&bucket.id), 20))), local("name")]),
                )
                .a("force_destroy", false)
                .a("tags", tags(ctx, &bucket.id)),
        );
        // Object ownership enforced: ACLs are disabled, access is by policy only.
        ctx.add(
            FILE,
            Blk::resource("aws_s3_bucket_ownership_controls", &id)
                .a("bucket", bucket_id.clone())
                .b(Blk::new("rule").a("object_ownership", "BucketOwnerEnforced")),
        );
        let algo = bucket.text("sse_algorithm");
        let kms = algo != "AES256";
        let key = if kms { ctx.key_arn(&bucket.id, "storage") } else { None };
        ctx.add(
            FILE,
            Blk::resource("aws_s3_bucket_server_side_encryption_configuration", &id).a("bucket", bucket_id.clone()).b(
                Blk::new("rule")
                    .b(Blk::new("apply_server_side_encryption_by_default")
                        .a("sse_algorithm", algo)
                        .a_opt("kms_master_key_id", key))
                    .a_if(kms, "bucket_key_enabled", bucket.bool("bucket_key_enabled")),
            ),
        );
        let block = bucket.bool("block_public_access");
        ctx.add(
            FILE,
            Blk::resource("aws_s3_bucket_public_access_block", &id)
                .a("bucket", bucket_id.clone())
                .a("block_public_acls", block)
                .a("block_public_policy", block)
                .a("ignore_public_acls", block)
                .a("restrict_public_buckets", block),
        );
        if bucket.bool("versioning") {
            ctx.add(
                FILE,
                Blk::resource("aws_s3_bucket_versioning", &id)
                    .a("bucket", bucket_id.clone())
                    .b(Blk::new("versioning_configuration").a("status", "Enabled")),
            );
        }
        let secure = bucket.bool("secure_transport_policy");
        let tls = bucket.bool("tls_version_policy");
        let readers = super::cloudfront::readers(ctx, bucket);
        if secure || tls || !readers.is_empty() {
            let arn = r(&["aws_s3_bucket", &id, "arn"]);
            let resources = list([arn.clone(), func("format", vec![s("%s/*"), arn])]);
            let deny = |sid: &str| {
                Blk::new("statement")
                    .a("sid", sid)
                    .a("effect", "Deny")
                    .a("actions", strs(["s3:*"]))
                    .a("resources", resources.clone())
                    .b(Blk::new("principals").a("type", "*").a("identifiers", strs(["*"])))
            };
            let mut doc = Blk::data("aws_iam_policy_document", &format!("{id}_bucket_policy"));
            if secure {
                doc = doc.b(deny("DenyInsecureTransport").b(Blk::new("condition")
                    .a("test", "Bool")
                    .a("variable", "aws:SecureTransport")
                    .a("values", strs(["false"]))));
            }
            if tls {
                doc = doc.b(deny("DenyTlsBelow12").b(Blk::new("condition")
                    .a("test", "NumericLessThan")
                    .a("variable", "s3:TlsVersion")
                    .a("values", strs(["1.2"]))));
            }
            if !readers.is_empty() {
                // CloudFront reads through origin access control, only for these distributions.
                let arn = r(&["aws_s3_bucket", &id, "arn"]);
                doc = doc.b(Blk::new("statement")
                    .a("sid", "AllowCloudFrontRead")
                    .a("effect", "Allow")
                    .a("actions", strs(["s3:GetObject"]))
                    .a("resources", list([func("format", vec![s("%s/*"), arn])]))
                    .b(Blk::new("principals").a("type", "Service").a("identifiers", strs(["cloudfront.amazonaws.com"])))
                    .b(Blk::new("condition").a("test", "StringEquals").a("variable", "AWS:SourceArn").a(
                        "values",
                        list(readers.iter().map(|cf| r(&["aws_cloudfront_distribution", &ctx.n(&cf.id), "arn"]))),
                    )));
            }
            ctx.add(FILE, doc);
            ctx.add(
                FILE,
                Blk::resource("aws_s3_bucket_policy", &id)
                    .a("bucket", bucket_id)
                    .a("policy", r(&["data", "aws_iam_policy_document", &format!("{id}_bucket_policy"), "json"]))
                    // A policy is refused while the public access block is being applied.
                    .a("depends_on", list([r(&["aws_s3_bucket_public_access_block", &id])])),
            );
        }
    }
}

fn efs(ctx: &mut Ctx<'_, '_>) {
    const FILE: &str = "efs.tf";
    for fs in ctx.sorted(NodeKind::Efs) {
        let id = ctx.n(&fs.id);
        let encrypted = fs.bool("encrypted");
        ctx.add(
            FILE,
            Blk::resource("aws_efs_file_system", &id)
                .a("encrypted", encrypted)
                .a_opt("kms_key_id", if encrypted { ctx.key_arn(&fs.id, "storage") } else { None })
                .a("tags", tags(ctx, &fs.id)),
        );
        ctx.add(
            FILE,
            Blk::resource("aws_efs_mount_target", &id)
                .a("count", super::hcl::var("az_count"))
                .a("file_system_id", r(&["aws_efs_file_system", &id, "id"]))
                .a(
                    "subnet_id",
                    super::hcl::index(super::hcl::splat("aws_subnet", "private", "id"), r(&["count", "index"])),
                )
                .a("security_groups", list([ctx.sg(fs)])),
        );
        // Clients that mount with TLS (`tls` on their flow) use the EFS mount helper's
        // `-o tls`; a file system policy can refuse the others.
        let all_tls = ctx
            .model
            .incoming(&fs.id, EdgeKind::Flow)
            .iter()
            .all(|f| crate::hop::client_grade(f.text("tls")).is_encrypted());
        if all_tls && !ctx.model.incoming(&fs.id, EdgeKind::Flow).is_empty() {
            let doc = format!("{id}_file_system_policy");
            let fs_arn = r(&["aws_efs_file_system", &id, "arn"]);
            ctx.add(
                FILE,
                Blk::data("aws_iam_policy_document", &doc).b(Blk::new("statement")
                    .a("sid", "DenyInsecureTransport")
                    .a("effect", "Deny")
                    .a("actions", strs(["*"]))
                    .a("resources", list([fs_arn]))
                    .b(Blk::new("principals").a("type", "*").a("identifiers", strs(["*"])))
                    .b(Blk::new("condition")
                        .a("test", "Bool")
                        .a("variable", "aws:SecureTransport")
                        .a("values", strs(["false"])))),
            );
            ctx.add(
                FILE,
                Blk::resource("aws_efs_file_system_policy", &id)
                    .a("file_system_id", r(&["aws_efs_file_system", &id, "id"]))
                    .a("policy", r(&["data", "aws_iam_policy_document", &doc, "json"])),
            );
        }
    }
}

fn ecr(ctx: &mut Ctx<'_, '_>) {
    const FILE: &str = "ecr.tf";
    for repo in ctx.sorted(NodeKind::EcrRepository) {
        let id = ctx.n(&repo.id);
        let kms = repo.text("encryption_type") == "KMS";
        ctx.add(
            FILE,
            Blk::resource("aws_ecr_repository", &id)
                .a("name", ctx.aws_name(&repo.id, None))
                .a("image_tag_mutability", repo.text("image_tag_mutability"))
                .b(Blk::new("image_scanning_configuration").a("scan_on_push", repo.bool("scan_on_push")))
                .b(Blk::new("encryption_configuration")
                    .a("encryption_type", repo.text("encryption_type"))
                    .a_opt("kms_key", if kms { ctx.key_arn(&repo.id, "storage") } else { None }))
                .a("tags", tags(ctx, &repo.id)),
        );
    }
}
