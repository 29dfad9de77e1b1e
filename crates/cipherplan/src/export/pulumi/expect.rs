//! What the generated mock test asserts: every encryption input, read from the design.
//!
//! This is written from the design's properties, apart from the program generator, so the
//! test checks that the program really sets what the design says (a wrong property name, a
//! missing key reference or a lost parameter group fails it). Resource names follow the
//! program's naming scheme ([`super::program::name`]).

use super::program::name;
use crate::catalog::NodeKind;
use crate::design::Node;
use crate::export::ts::plan::Plan;
use crate::export::ts::{obj, s, Expr};

/// A path step into a resource's inputs.
#[derive(Debug, Clone)]
pub(super) enum Step {
    Key(&'static str),
    Index(i64),
}

/// What to compare an input with.
#[derive(Debug, Clone)]
pub(super) enum Want {
    /// Deep-equal to a value.
    Equals(Expr),
    /// Not set.
    Unset,
    /// An attribute (`arn`, `id`, `name`, `result`) of another resource.
    Ref(&'static str, String, &'static str),
    /// A string starting with this prefix.
    Prefix(String),
    /// A JSON policy document with a statement of this effect whose condition names this key.
    PolicyCondition(&'static str, &'static str),
    /// A JSON policy document with a statement whose principal is `*`.
    PolicyWildcard(bool),
}

/// Where in a resource the input is.
#[derive(Debug, Clone)]
pub(super) enum Place {
    /// An input path.
    Path(Vec<Step>),
    /// A plain environment variable of a container (task definitions).
    Env(String, String),
    /// A secret's `valueFrom` of a container, with a `:field::` suffix when set.
    Secret(String, String, Option<&'static str>),
    /// The resource does not exist.
    Absent,
}

/// One assertion.
#[derive(Debug, Clone)]
pub(super) struct Expectation {
    pub ty: &'static str,
    pub name: String,
    pub place: Place,
    pub want: Want,
}

struct List<'a, 'd> {
    plan: &'a Plan<'d>,
    out: Vec<Expectation>,
}

fn path(keys: &[&'static str]) -> Place {
    Place::Path(keys.iter().map(|k| Step::Key(k)).collect())
}

const KEY: &str = "aws:kms/key:Key";

impl List<'_, '_> {
    fn add(&mut self, ty: &'static str, name: String, place: Place, want: Want) {
        self.out.push(Expectation { ty, name, place, want });
    }

    fn eq(&mut self, ty: &'static str, name: &str, keys: &[&'static str], value: Expr) {
        self.add(ty, name.to_owned(), path(keys), Want::Equals(value));
    }

    /// `keys` holds the ARN of `key`, or is unset.
    fn key_ref(&mut self, ty: &'static str, name: &str, keys: &[&'static str], key: Option<&Node>, attr: &'static str) {
        let want = match key {
            Some(k) => Want::Ref(KEY, self.plan.slug(&k.id).to_owned(), attr),
            None => Want::Unset,
        };
        self.add(ty, name.to_owned(), path(keys), want);
    }

    fn slug(&self, id: &str) -> String {
        self.plan.slug(id).to_owned()
    }
}

/// The expectations for a design, in a stable order.
pub(super) fn expectations(plan: &Plan<'_>) -> Vec<Expectation> {
    let mut l = List { plan, out: Vec::new() };
    for key in plan.nodes(NodeKind::KmsKey) {
        let n = l.slug(&key.id);
        l.eq(KEY, &n, &["enableKeyRotation"], Expr::Bool(key.bool("enable_key_rotation")));
        let needs_policy = plan.key_used_by_logs(key) || plan.key_used_for_ephemeral_storage(key);
        match key.text("key_policy") {
            "default" if !needs_policy => l.add(KEY, n, path(&["policy"]), Want::Unset),
            policy => l.add(KEY, n, path(&["policy"]), Want::PolicyWildcard(policy == "wildcard_principal")),
        }
    }
    for lg in plan.nodes(NodeKind::LogGroup) {
        let n = l.slug(&lg.id);
        l.key_ref("aws:cloudwatch/logGroup:LogGroup", &n, &["kmsKeyId"], plan.key(&lg.id, "storage"), "arn");
    }
    for secret in plan.nodes(NodeKind::Secret) {
        let n = l.slug(&secret.id);
        l.key_ref("aws:secretsmanager/secret:Secret", &n, &["kmsKeyId"], plan.key(&secret.id, "storage"), "arn");
    }
    for db in plan.nodes(NodeKind::RdsPostgres) {
        let ty = "aws:rds/instance:Instance";
        let n = l.slug(&db.id);
        let encrypted = db.bool("storage_encrypted");
        l.eq(ty, &n, &["storageEncrypted"], Expr::Bool(encrypted));
        l.key_ref(ty, &n, &["kmsKeyId"], plan.key(&db.id, "storage").filter(|_| encrypted), "arn");
        l.eq(ty, &n, &["caCertIdentifier"], s(db.text("ca_cert_identifier")));
        l.eq(ty, &n, &["publiclyAccessible"], Expr::Bool(db.bool("publicly_accessible")));
        let pg_ty = "aws:rds/parameterGroup:ParameterGroup";
        let pg = name(plan, &db.id, "pg");
        match db.text("rds.force_ssl") {
            force @ ("0" | "1") => {
                l.add(ty, n, path(&["parameterGroupName"]), Want::Ref(pg_ty, pg.clone(), "name"));
                let param =
                    obj(vec![("name", s("rds.force_ssl")), ("value", s(force)), ("applyMethod", s("pending-reboot"))]);
                l.eq(pg_ty, &pg, &["parameters"], Expr::Array(vec![param]));
            }
            _ => {
                l.add(ty, n, path(&["parameterGroupName"]), Want::Unset);
                l.add(pg_ty, pg, Place::Absent, Want::Unset);
            }
        }
    }
    for redis in plan.nodes(NodeKind::ElasticacheRedis) {
        let n = l.slug(&redis.id);
        let transit = redis.bool("transit_encryption_enabled");
        if Plan::is_replication_group(redis) {
            let ty = "aws:elasticache/replicationGroup:ReplicationGroup";
            l.eq(ty, &n, &["transitEncryptionEnabled"], Expr::Bool(transit));
            if transit {
                l.eq(ty, &n, &["transitEncryptionMode"], s(redis.text("transit_encryption_mode")));
            }
            let at_rest = redis.bool("at_rest_encryption_enabled");
            l.eq(ty, &n, &["atRestEncryptionEnabled"], Expr::Bool(at_rest));
            l.key_ref(ty, &n, &["kmsKeyId"], plan.key(&redis.id, "storage").filter(|_| at_rest), "arn");
            let token = plan.redis_token_secret().filter(|_| plan.redis_uses_token(redis));
            let want = match token {
                Some(t) => {
                    Want::Ref("random:index/randomPassword:RandomPassword", name(plan, &t.id, "value"), "result")
                }
                None => Want::Unset,
            };
            l.add(ty, n, path(&["authToken"]), want);
        } else {
            l.eq("aws:elasticache/cluster:Cluster", &n, &["transitEncryptionEnabled"], Expr::Bool(transit));
        }
    }
    for b in plan.nodes(NodeKind::S3Bucket) {
        let enc_ty = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
        let en = name(plan, &b.id, "encryption");
        let algorithm = b.text("sse_algorithm");
        let rule = |k: &'static str| {
            Place::Path(vec![
                Step::Key("rules"),
                Step::Index(0),
                Step::Key("applyServerSideEncryptionByDefault"),
                Step::Key(k),
            ])
        };
        l.add(enc_ty, en.clone(), rule("sseAlgorithm"), Want::Equals(s(algorithm)));
        let key = plan.key(&b.id, "storage").filter(|_| algorithm != "AES256");
        let want = match key {
            Some(k) => Want::Ref(KEY, l.slug(&k.id), "arn"),
            None => Want::Unset,
        };
        l.add(enc_ty, en.clone(), rule("kmsMasterKeyId"), want);
        if algorithm != "AES256" {
            l.add(
                enc_ty,
                en,
                Place::Path(vec![Step::Key("rules"), Step::Index(0), Step::Key("bucketKeyEnabled")]),
                Want::Equals(Expr::Bool(b.bool("bucket_key_enabled"))),
            );
        }
        let pab = name(plan, &b.id, "public-access");
        for k in ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] {
            l.eq(
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                &pab,
                &[k],
                Expr::Bool(b.bool("block_public_access")),
            );
        }
        let pol_ty = "aws:s3/bucketPolicy:BucketPolicy";
        let pol = name(plan, &b.id, "policy");
        let secure = b.bool("secure_transport_policy");
        let tls = b.bool("tls_version_policy");
        if secure {
            l.add(pol_ty, pol.clone(), path(&["policy"]), Want::PolicyCondition("Deny", "aws:SecureTransport"));
        }
        if tls {
            l.add(pol_ty, pol.clone(), path(&["policy"]), Want::PolicyCondition("Deny", "s3:TlsVersion"));
        }
        if !secure && !tls {
            l.add(pol_ty, pol, Place::Absent, Want::Unset);
        }
    }
    for c in plan.nodes(NodeKind::EcsCluster) {
        let ty = "aws:ecs/cluster:Cluster";
        let n = l.slug(&c.id);
        let logging = c.text("execute_command_logging");
        let exec_key = plan.key(&c.id, "exec");
        let cw = c.bool("cloud_watch_encryption_enabled");
        let configured = logging != "DEFAULT" || exec_key.is_some() || cw || c.bool("s3_encryption_enabled");
        if configured {
            l.key_ref(ty, &n, &["configuration", "executeCommandConfiguration", "kmsKeyId"], exec_key, "arn");
            l.eq(ty, &n, &["configuration", "executeCommandConfiguration", "logging"], s(logging));
            if logging == "OVERRIDE" {
                l.eq(
                    ty,
                    &n,
                    &[
                        "configuration",
                        "executeCommandConfiguration",
                        "logConfiguration",
                        "cloudWatchEncryptionEnabled",
                    ],
                    Expr::Bool(cw),
                );
                if let Some(g) = plan.exec_log_group(c) {
                    let lg = l.slug(&g.id);
                    l.add(
                        ty,
                        n.clone(),
                        path(&[
                            "configuration",
                            "executeCommandConfiguration",
                            "logConfiguration",
                            "cloudWatchLogGroupName",
                        ]),
                        Want::Ref("aws:cloudwatch/logGroup:LogGroup", lg, "name"),
                    );
                }
            }
        } else {
            l.add(ty, n.clone(), path(&["configuration", "executeCommandConfiguration"]), Want::Unset);
        }
        l.key_ref(
            ty,
            &n,
            &["configuration", "managedStorageConfiguration", "fargateEphemeralStorageKmsKeyId"],
            plan.key(&c.id, "ephemeral_storage"),
            "id",
        );
    }
    for svc in plan.nodes(NodeKind::EcsService) {
        let n = l.slug(&svc.id);
        let td = "aws:ecs/taskDefinition:TaskDefinition";
        for c in plan.containers(svc) {
            for (env, value) in &c.env {
                let want = match (env.as_str(), value) {
                    ("PGSSLMODE" | "PGSSLROOTCERT", crate::export::ts::plan::EnvValue::Text(t)) => {
                        Want::Equals(s(t.as_str()))
                    }
                    ("REDIS_URL", crate::export::ts::plan::EnvValue::RedisUrl { scheme, .. }) => {
                        Want::Prefix((*scheme).to_owned())
                    }
                    _ => continue,
                };
                l.add(td, n.clone(), Place::Env(c.name.clone(), env.clone()), want);
            }
            for (env, se) in &c.secrets {
                l.add(
                    td,
                    n.clone(),
                    Place::Secret(c.name.clone(), env.clone(), se.field),
                    Want::Ref("aws:secretsmanager/secret:Secret", l.slug(&se.secret), "arn"),
                );
            }
        }
        if Plan::is_long_running(svc) {
            let ty = "aws:ecs/service:Service";
            l.eq(ty, &n, &["enableExecuteCommand"], Expr::Bool(svc.bool("enable_execute_command")));
            l.eq(ty, &n, &["networkConfiguration", "assignPublicIp"], Expr::Bool(svc.bool("assign_public_ip")));
        }
    }
    for alb in plan.nodes(NodeKind::Alb) {
        let n = l.slug(&alb.id);
        l.eq(
            "aws:lb/loadBalancer:LoadBalancer",
            &n,
            &["dropInvalidHeaderFields"],
            Expr::Bool(alb.bool("drop_invalid_header_fields")),
        );
        let lt = "aws:lb/listener:Listener";
        let https = name(plan, &alb.id, "https");
        if alb.bool("https_listener") {
            l.eq(lt, &https, &["protocol"], s("HTTPS"));
            l.eq(lt, &https, &["sslPolicy"], s(alb.text("ssl_policy")));
            l.eq(lt, &https, &["certificateArn"], s(super::program::CERTIFICATE.mock));
        } else {
            l.add(lt, https, Place::Absent, Want::Unset);
        }
        let http = name(plan, &alb.id, "http");
        let action = |k: &'static str| Place::Path(vec![Step::Key("defaultActions"), Step::Index(0), Step::Key(k)]);
        match alb.text("http_listener") {
            "redirect" => {
                l.add(lt, http.clone(), action("type"), Want::Equals(s("redirect")));
                l.add(
                    lt,
                    http,
                    Place::Path(vec![
                        Step::Key("defaultActions"),
                        Step::Index(0),
                        Step::Key("redirect"),
                        Step::Key("protocol"),
                    ]),
                    Want::Equals(s("HTTPS")),
                );
            }
            "forward" => {
                l.eq(lt, &http, &["protocol"], s("HTTP"));
                l.add(lt, http, action("type"), Want::Equals(s("forward")));
            }
            _ => l.add(lt, http, Place::Absent, Want::Unset),
        }
        let mut seen = Vec::new();
        for t in plan.alb_targets(alb) {
            if seen.contains(&t.service.id) {
                continue;
            }
            seen.push(t.service.id.clone());
            let tg = name(plan, &t.service.id, "tg");
            let protocol = if t.https { "HTTPS" } else { "HTTP" };
            l.eq("aws:lb/targetGroup:TargetGroup", &tg, &["protocol"], s(protocol));
            l.eq("aws:lb/targetGroup:TargetGroup", &tg, &["port"], Expr::Int(t.port));
            l.eq("aws:lb/targetGroup:TargetGroup", &tg, &["healthCheck", "protocol"], s(protocol));
        }
    }
    for b in plan.nodes(NodeKind::Bastion) {
        let ty = "aws:ec2/instance:Instance";
        let n = l.slug(&b.id);
        l.eq(ty, &n, &["metadataOptions", "httpTokens"], s(b.text("http_tokens")));
        l.eq(ty, &n, &["associatePublicIpAddress"], Expr::Bool(b.bool("associate_public_ip_address")));
        let encrypted = b.bool("root_volume_encrypted");
        l.eq(ty, &n, &["rootBlockDevice", "encrypted"], Expr::Bool(encrypted));
        l.key_ref(ty, &n, &["rootBlockDevice", "kmsKeyId"], plan.key(&b.id, "storage").filter(|_| encrypted), "arn");
    }
    for fs in plan.nodes(NodeKind::Efs) {
        let n = l.slug(&fs.id);
        let encrypted = fs.bool("encrypted");
        l.eq("aws:efs/fileSystem:FileSystem", &n, &["encrypted"], Expr::Bool(encrypted));
        l.key_ref(
            "aws:efs/fileSystem:FileSystem",
            &n,
            &["kmsKeyId"],
            plan.key(&fs.id, "storage").filter(|_| encrypted),
            "arn",
        );
    }
    for repo in plan.nodes(NodeKind::EcrRepository) {
        let n = l.slug(&repo.id);
        let p =
            |k: &'static str| Place::Path(vec![Step::Key("encryptionConfigurations"), Step::Index(0), Step::Key(k)]);
        l.add(
            "aws:ecr/repository:Repository",
            n.clone(),
            p("encryptionType"),
            Want::Equals(s(repo.text("encryption_type"))),
        );
        let key = plan.key(&repo.id, "storage").filter(|_| repo.text("encryption_type") == "KMS");
        let want = match key {
            Some(k) => Want::Ref(KEY, l.slug(&k.id), "arn"),
            None => Want::Unset,
        };
        l.add("aws:ecr/repository:Repository", n, p("kmsKey"), want);
    }
    l.out
}
