//! Node kinds and their properties (DESIGN.md §1).

use super::{Capabilities, Default, Group, KindSpec, NodeKind, PropSpec, PropType};

pub(crate) const fn boolean(name: &'static str, default: bool, help: &'static str) -> PropSpec {
    PropSpec { name, ty: PropType::Bool, default: Default::Bool(default), help, usage: false }
}
pub(crate) const fn one_of(
    name: &'static str,
    options: &'static [&'static str],
    default: &'static str,
    help: &'static str,
) -> PropSpec {
    PropSpec { name, ty: PropType::Enum(options), default: Default::Text(default), help, usage: false }
}
pub(crate) const fn int(name: &'static str, min: i64, max: i64, default: i64, help: &'static str) -> PropSpec {
    PropSpec { name, ty: PropType::Int { min, max }, default: Default::Int(default), help, usage: false }
}
pub(crate) const fn text(name: &'static str, default: &'static str, help: &'static str) -> PropSpec {
    PropSpec { name, ty: PropType::Text, default: Default::Text(default), help, usage: false }
}
/// A usage assumption for the cost model (a number the user estimates, not a setting).
pub(crate) const fn usage(name: &'static str, max: f64, default: f64, help: &'static str) -> PropSpec {
    PropSpec { name, ty: PropType::Num { min: 0.0, max }, default: Default::Num(default), help, usage: true }
}

const NONE: Capabilities = Capabilities {
    store: false,
    initiates: false,
    accepts: false,
    principal: false,
    encryptable: false,
    container_box: false,
    entry: false,
};

/// Data classification options shared by every store.
pub const DATA_CLASSES: &[&str] = &["public", "internal", "confidential", "pii", "credentials"];
const DATA_CLASS_HELP: &str = "What the store holds. `pii` and `credentials` ask for application-level encryption of the most sensitive fields on top of encryption at rest.";

/// ALB TLS policies, strongest first. The last four allow TLS 1.0 / 1.1.
pub const ALB_SSL_POLICIES: &[&str] = &[
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    "ELBSecurityPolicy-TLS-1-2-2017-01",
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
    "ELBSecurityPolicy-2016-08",
    "ELBSecurityPolicy-TLS-1-1-2017-01",
    "ELBSecurityPolicy-FS-2018-06",
    "ELBSecurityPolicy-2015-05",
];

/// RDS certificate authorities; `rds-ca-2019` expired in August 2024.
pub const RDS_CAS: &[&str] = &["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1", "rds-ca-2019"];

/// PostgreSQL major versions offered on RDS.
pub const PG_VERSIONS: &[&str] = &["11", "12", "13", "14", "15", "16", "17"];

const ALB_PROPS: &[PropSpec] = &[
    boolean("internal", false, "Internal load balancer (no internet-facing address)."),
    boolean("https_listener", false, "An HTTPS listener on port 443."),
    one_of("http_listener", &["none", "redirect", "forward"], "forward", "The HTTP :80 listener: `redirect` answers HTTP_301 to HTTPS, `forward` serves plaintext, `none` has no listener."),
    one_of("certificate", &["none", "acm", "imported"], "none", "Certificate on the HTTPS listener: an ACM public certificate (free on ELB) or one imported into ACM."),
    one_of("ssl_policy", ALB_SSL_POLICIES, "ELBSecurityPolicy-2016-08", "Security policy of the HTTPS listener (ELBSecurityPolicy-2016-08 is the Terraform and CDK default and still allows TLS 1.0)."),
    boolean("drop_invalid_header_fields", false, "Drop HTTP headers with invalid names (CKV_AWS_131)."),
    int("availability_zones", 1, 6, 2, "Availability zones the ALB spans; each holds one public IPv4 address."),
    usage("lcu_per_hour", 1000.0, 1.0, "Average load balancer capacity units per hour."),
];

const CLUSTER_PROPS: &[PropSpec] = &[
    one_of(
        "execute_command_logging",
        &["NONE", "DEFAULT", "OVERRIDE"],
        "DEFAULT",
        "ECS Exec session logging: `OVERRIDE` sends sessions to the log group / bucket linked with `writes_logs`.",
    ),
    boolean("cloud_watch_encryption_enabled", false, "Require the ECS Exec log group to be encrypted."),
    boolean("s3_encryption_enabled", false, "Require the ECS Exec log bucket to be encrypted."),
    boolean("container_insights", false, "CloudWatch Container Insights."),
];

const SERVICE_PROPS: &[PropSpec] = &[
    one_of("role", &["web", "worker", "beat", "management", "frontend", "other"], "web", "What the service does: the Django web server, a celery worker, celery beat (scheduler), a one-off management task, a front end."),
    one_of("framework", &["django", "other"], "django", "Application framework (Django settings are judged for `django`)."),
    int("cpu", 256, 16384, 256, "Task CPU units (1024 = 1 vCPU)."),
    int("memory", 512, 122_880, 512, "Task memory in MiB."),
    int("desired_count", 0, 1000, 1, "Number of running tasks."),
    one_of("cpu_architecture", &["X86_64", "ARM64"], "X86_64", "Fargate CPU architecture (ARM64 is about 20% cheaper)."),
    one_of("capacity_provider", &["FARGATE", "FARGATE_SPOT"], "FARGATE", "Fargate on-demand or Spot (interruptible, discounted)."),
    boolean("enable_execute_command", false, "ECS Exec into this service's containers."),
    one_of("secret_key_source", &["secrets_manager", "environment", "settings_default"], "settings_default", "Where Django's SECRET_KEY comes from: injected from Secrets Manager, a plain environment variable in the task definition, or a fallback default in settings.py."),
    boolean("assign_public_ip", false, "Give the tasks public IP addresses."),
    text("image", "", "Container image URI (an ECR image); a Terraform variable when empty."),
    usage("hours_per_month", 730.0, 730.0, "Hours a month the tasks run (one-off management tasks run far less than 730)."),
];

const CONTAINER_PROPS: &[PropSpec] = &[
    one_of("role", &["nginx", "gunicorn", "celery", "app"], "app", "What the container runs."),
    int("port", 1, 65535, 8000, "Port the container listens on."),
    boolean("listens_tls", false, "The container serves TLS itself (nginx `listen 443 ssl`, gunicorn `--certfile/--keyfile`)."),
    one_of("certificate", &["none", "self_signed", "private_ca"], "none", "Certificate the container serves: a long-lived self-signed certificate built into the image with OpenSSL, or one from a private CA."),
    int("cpu", 0, 16384, 0, "CPU units reserved for this container within the task (0 = share)."),
    int("memory", 0, 122_880, 0, "Memory in MiB reserved for this container within the task (0 = share)."),
];

const REDIS_ECS_PROPS: &[PropSpec] = &[
    boolean("tls", false, "redis-server runs with `--tls-port` and certificates (and `--port 0`)."),
    int("cpu", 256, 16384, 256, "Task CPU units."),
    int("memory", 512, 122_880, 512, "Task memory in MiB."),
    int("desired_count", 0, 10, 1, "Number of running tasks."),
    one_of("cpu_architecture", &["X86_64", "ARM64"], "X86_64", "Fargate CPU architecture."),
    one_of("data_classification", DATA_CLASSES, "internal", DATA_CLASS_HELP),
];

const BASTION_PROPS: &[PropSpec] = &[
    one_of(
        "access",
        &["ssm", "ssh"],
        "ssh",
        "How operators reach the host: SSM Session Manager (no open port) or SSH.",
    ),
    boolean("associate_public_ip_address", true, "The instance has a public IP address."),
    one_of("http_tokens", &["optional", "required"], "optional", "Instance metadata: `required` enforces IMDSv2."),
    boolean("root_volume_encrypted", false, "Root EBS volume encrypted."),
    text("instance_type", "t3.micro", "EC2 instance type."),
    boolean(
        "socat_forward",
        false,
        "The host forwards a port (socat) to the database instead of running the client itself.",
    ),
    usage("root_volume_gb", 16384.0, 8.0, "Size of the root EBS volume (gp3) in GB."),
];

const RDS_PROPS: &[PropSpec] = &[
    one_of("engine_version", PG_VERSIONS, "16", "PostgreSQL major version (`rds.force_ssl` defaults to 1 from 15 on)."),
    text("instance_class", "db.t3.micro", "DB instance class."),
    int("allocated_storage", 20, 65536, 20, "Storage in GB."),
    one_of("storage_type", &["gp2", "gp3", "io1"], "gp2", "Storage type."),
    boolean("multi_az", false, "Multi-AZ deployment (a standby in another zone)."),
    boolean("storage_encrypted", false, "Encryption at rest (with the key linked by `encrypts_with`, else aws/rds)."),
    one_of("rds.force_ssl", &["default", "0", "1"], "default", "Parameter group setting: `1` rejects connections without TLS; `default` means no custom parameter group (0 before PostgreSQL 15, 1 from 15)."),
    one_of("ca_cert_identifier", RDS_CAS, "rds-ca-rsa2048-g1", "Certificate authority of the server certificate; clients verify it with the RDS global bundle."),
    boolean("publicly_accessible", false, "The instance has a public address."),
    boolean("encrypted_fields", false, "The application encrypts the most sensitive columns itself (encrypted Django model fields, key from Secrets Manager)."),
    one_of("data_classification", DATA_CLASSES, "confidential", DATA_CLASS_HELP),
];

const ELASTICACHE_PROPS: &[PropSpec] = &[
    one_of("resource_type", &["replication_group", "cluster"], "replication_group", "Terraform resource: `aws_elasticache_replication_group` (has the encryption settings) or `aws_elasticache_cluster` (has none)."),
    text("node_type", "cache.t3.micro", "Cache node type."),
    int("num_cache_clusters", 1, 6, 1, "Number of cache nodes."),
    text("engine_version", "7.1", "Redis engine version."),
    boolean("transit_encryption_enabled", false, "TLS between clients and nodes (clients use `rediss://`)."),
    one_of("transit_encryption_mode", &["preferred", "required"], "required", "`preferred` accepts plaintext too (a migration step); `required` only TLS."),
    boolean("auth_token_enabled", false, "Redis AUTH token (needs transit encryption); stored in Secrets Manager."),
    boolean("at_rest_encryption_enabled", false, "Encryption at rest (cannot be changed after creation)."),
    one_of("data_classification", DATA_CLASSES, "internal", DATA_CLASS_HELP),
];

const S3_PROPS: &[PropSpec] = &[
    one_of("sse_algorithm", &["AES256", "aws:kms", "aws:kms:dsse"], "AES256", "Default encryption: SSE-S3 (AES256, the default for new objects since 2023-01-05) or SSE-KMS with the key linked by `encrypts_with`."),
    boolean("bucket_key_enabled", false, "S3 Bucket Key for SSE-KMS (cuts KMS requests and cost)."),
    boolean("secure_transport_policy", false, "Bucket policy denies requests with `aws:SecureTransport = false`."),
    boolean("tls_version_policy", false, "Bucket policy also denies `s3:TlsVersion` below 1.2."),
    boolean("block_public_access", true, "All four public access block settings on (the default for new buckets since April 2023)."),
    boolean("versioning", false, "Object versioning."),
    one_of("data_classification", DATA_CLASSES, "internal", DATA_CLASS_HELP),
    usage("storage_gb", 1.0e7, 50.0, "Average GB stored."),
    usage("put_requests_thousands", 1.0e7, 100.0, "PUT/COPY/POST/LIST requests a month, in thousands."),
    usage("get_requests_thousands", 1.0e7, 1000.0, "GET requests a month, in thousands."),
];

const EFS_PROPS: &[PropSpec] = &[
    boolean("encrypted", false, "Encryption at rest."),
    one_of("data_classification", DATA_CLASSES, "internal", DATA_CLASS_HELP),
    usage("storage_gb", 1.0e7, 10.0, "Average GB stored."),
];

const ECR_PROPS: &[PropSpec] = &[
    one_of("encryption_type", &["AES256", "KMS"], "AES256", "Repository encryption: AES256 (S3-managed) or KMS."),
    boolean("scan_on_push", false, "Scan images on push."),
    one_of("image_tag_mutability", &["MUTABLE", "IMMUTABLE"], "MUTABLE", "Whether tags can be overwritten."),
    usage("storage_gb", 1.0e6, 5.0, "GB of images stored."),
];

const KMS_PROPS: &[PropSpec] = &[
    boolean("enable_key_rotation", false, "Automatic yearly rotation of the key material."),
    one_of("key_policy", &["default", "defined", "wildcard_principal"], "default", "`defined`: an explicit least-privilege key policy; `default`: none given (AWS's default policy); `wildcard_principal`: a statement with Principal `*`."),
    int("deletion_window_in_days", 7, 30, 30, "Waiting period before deletion."),
    text("alias", "", "Alias (without `alias/`)."),
    usage("monthly_requests", 1.0e10, 10_000.0, "API requests a month (Decrypt, GenerateDataKey, ...)."),
];

const SECRET_PROPS: &[PropSpec] = &[
    one_of(
        "purpose",
        &["django_secret_key", "db_password", "redis_auth_token", "other"],
        "other",
        "What the secret holds.",
    ),
    boolean("rotation_enabled", false, "Automatic rotation (CKV2_AWS_57)."),
    usage("monthly_api_calls", 1.0e9, 10_000.0, "GetSecretValue calls a month."),
];

const LOG_GROUP_PROPS: &[PropSpec] = &[
    int("retention_in_days", 0, 3653, 0, "Retention (0 = never expire)."),
    usage("ingested_gb", 1.0e7, 5.0, "GB ingested a month."),
    usage("stored_gb", 1.0e7, 5.0, "Average GB stored."),
];

const NAT_PROPS: &[PropSpec] = &[usage("data_processed_gb", 1.0e7, 100.0, "GB processed a month.")];

const ENDPOINT_PROPS: &[PropSpec] = &[
    one_of(
        "service",
        &["s3", "ecr.api", "ecr.dkr", "secretsmanager", "ssm", "ssmmessages", "kms", "logs"],
        "s3",
        "AWS service the endpoint reaches privately.",
    ),
    one_of(
        "endpoint_type",
        &["Gateway", "Interface"],
        "Gateway",
        "Gateway (S3, DynamoDB; free) or Interface (PrivateLink).",
    ),
    usage(
        "availability_zones",
        6.0,
        2.0,
        "Availability zones an interface endpoint has a network interface in (each is billed hourly).",
    ),
    usage("data_processed_gb", 1.0e7, 10.0, "GB processed a month by an interface endpoint."),
];

const CLOUDFRONT_PROPS: &[PropSpec] = &[
    one_of(
        "viewer_protocol_policy",
        &["allow-all", "redirect-to-https", "https-only"],
        "allow-all",
        "What CloudFront does with HTTP requests from viewers.",
    ),
    one_of(
        "origin_protocol_policy",
        &["http-only", "match-viewer", "https-only"],
        "http-only",
        "Protocol CloudFront uses to reach the origin.",
    ),
    one_of(
        "minimum_protocol_version",
        &["TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021"],
        "TLSv1",
        "Minimum TLS version for viewers.",
    ),
];

const ROUTE53_PROPS: &[PropSpec] = &[text("domain_name", "app.example.com", "Domain the application is served on.")];

const VPC_PROPS: &[PropSpec] = &[text("cidr_block", "10.0.0.0/16", "IPv4 CIDR block of the VPC.")];

const SUBNET_PROPS: &[PropSpec] = &[
    boolean("public", false, "Public subnet (route to an internet gateway)."),
    text("cidr_block", "", "IPv4 CIDR block (chosen by the export when empty)."),
];

const fn caps(store: bool, initiates: bool, accepts: bool, principal: bool, encryptable: bool) -> Capabilities {
    Capabilities { store, initiates, accepts, principal, encryptable, ..NONE }
}

/// Every node kind, in palette order.
pub static NODE_KINDS: &[KindSpec] = &[
    KindSpec {
        kind: NodeKind::InternetClient,
        id: "internet_client",
        title: "Internet client",
        group: Group::Edge,
        summary: "Browsers and API clients on the internet.",
        caps: Capabilities { initiates: true, entry: true, ..NONE },
        parents: &[],
        props: &[],
    },
    KindSpec {
        kind: NodeKind::Operator,
        id: "operator",
        title: "Operator",
        group: Group::Edge,
        summary: "An engineer opening ECS Exec or bastion sessions.",
        caps: Capabilities { initiates: true, entry: true, ..NONE },
        parents: &[],
        props: &[],
    },
    KindSpec {
        kind: NodeKind::Route53,
        id: "route53",
        title: "Route 53",
        group: Group::Edge,
        summary: "DNS hosted zone for the application's domain.",
        caps: NONE,
        parents: &[],
        props: ROUTE53_PROPS,
    },
    KindSpec {
        kind: NodeKind::Cloudfront,
        id: "cloudfront",
        title: "CloudFront",
        group: Group::Edge,
        summary: "CDN distribution in front of the load balancer or a bucket.",
        caps: caps(false, true, true, false, false),
        parents: &[],
        props: CLOUDFRONT_PROPS,
    },
    KindSpec {
        kind: NodeKind::Alb,
        id: "alb",
        title: "Application Load Balancer",
        group: Group::Edge,
        summary: "Entry point: HTTPS listener with an ACM certificate, HTTP redirect, target groups.",
        caps: caps(false, true, true, false, false),
        parents: &[NodeKind::Vpc, NodeKind::Subnet],
        props: ALB_PROPS,
    },
    KindSpec {
        kind: NodeKind::EcsCluster,
        id: "ecs_cluster",
        title: "ECS cluster",
        group: Group::Compute,
        summary: "Fargate cluster with ECS Exec and ephemeral storage encryption settings.",
        caps: caps(false, false, false, false, true),
        parents: &[NodeKind::Vpc, NodeKind::Subnet],
        props: CLUSTER_PROPS,
    },
    KindSpec {
        kind: NodeKind::EcsService,
        id: "ecs_service",
        title: "ECS service",
        group: Group::Compute,
        summary: "A Fargate service (web, worker, beat, management); its box is the task boundary.",
        caps: Capabilities { initiates: true, accepts: true, principal: true, container_box: true, ..NONE },
        parents: &[NodeKind::Vpc, NodeKind::Subnet],
        props: SERVICE_PROPS,
    },
    KindSpec {
        kind: NodeKind::Container,
        id: "container",
        title: "Container",
        group: Group::Compute,
        summary: "A container of an ECS task (nginx TLS sidecar, gunicorn, celery).",
        caps: caps(false, true, true, false, false),
        parents: &[NodeKind::EcsService],
        props: CONTAINER_PROPS,
    },
    KindSpec {
        kind: NodeKind::RedisEcs,
        id: "redis_ecs",
        title: "Redis on ECS",
        group: Group::Compute,
        summary: "redis-server running as an ECS service.",
        caps: caps(true, false, true, false, false),
        parents: &[NodeKind::Vpc, NodeKind::Subnet],
        props: REDIS_ECS_PROPS,
    },
    KindSpec {
        kind: NodeKind::Bastion,
        id: "bastion",
        title: "Bastion host",
        group: Group::Compute,
        summary: "EC2 host for database sessions (SSM, no public IP, IMDSv2).",
        caps: caps(false, true, true, true, true),
        parents: &[NodeKind::Vpc, NodeKind::Subnet],
        props: BASTION_PROPS,
    },
    KindSpec {
        kind: NodeKind::RdsPostgres,
        id: "rds_postgres",
        title: "RDS PostgreSQL",
        group: Group::Data,
        summary: "PostgreSQL on RDS: storage encryption, rds.force_ssl, CA.",
        caps: caps(true, false, true, false, true),
        parents: &[NodeKind::Vpc, NodeKind::Subnet],
        props: RDS_PROPS,
    },
    KindSpec {
        kind: NodeKind::ElasticacheRedis,
        id: "elasticache_redis",
        title: "ElastiCache Redis",
        group: Group::Data,
        summary: "Redis replication group: transit and at-rest encryption, AUTH token.",
        caps: caps(true, false, true, false, true),
        parents: &[NodeKind::Vpc, NodeKind::Subnet],
        props: ELASTICACHE_PROPS,
    },
    KindSpec {
        kind: NodeKind::S3Bucket,
        id: "s3_bucket",
        title: "S3 bucket",
        group: Group::Data,
        summary: "Media/static bucket: default encryption, TLS-only policy, public access block.",
        caps: caps(true, false, true, false, true),
        parents: &[],
        props: S3_PROPS,
    },
    KindSpec {
        kind: NodeKind::Efs,
        id: "efs",
        title: "EFS file system",
        group: Group::Data,
        summary: "Elastic file system: encrypted at rest, mounted with TLS.",
        caps: caps(true, false, true, false, true),
        parents: &[NodeKind::Vpc, NodeKind::Subnet],
        props: EFS_PROPS,
    },
    KindSpec {
        kind: NodeKind::EcrRepository,
        id: "ecr_repository",
        title: "ECR repository",
        group: Group::Data,
        summary: "Container image repository.",
        caps: caps(true, false, true, false, true),
        parents: &[],
        props: ECR_PROPS,
    },
    KindSpec {
        kind: NodeKind::KmsKey,
        id: "kms_key",
        title: "KMS key",
        group: Group::Security,
        summary: "Customer managed key: rotation and key policy.",
        caps: caps(false, false, true, false, false),
        parents: &[],
        props: KMS_PROPS,
    },
    KindSpec {
        kind: NodeKind::Secret,
        id: "secret",
        title: "Secrets Manager secret",
        group: Group::Security,
        summary: "Django SECRET_KEY, database password, Redis auth token.",
        caps: caps(true, false, true, false, true),
        parents: &[],
        props: SECRET_PROPS,
    },
    KindSpec {
        kind: NodeKind::LogGroup,
        id: "log_group",
        title: "CloudWatch log group",
        group: Group::Ops,
        summary: "Container and ECS Exec session logs, encrypted with KMS.",
        caps: caps(true, false, true, false, true),
        parents: &[],
        props: LOG_GROUP_PROPS,
    },
    KindSpec {
        kind: NodeKind::NatGateway,
        id: "nat_gateway",
        title: "NAT gateway",
        group: Group::Ops,
        summary: "Outbound internet for private subnets.",
        caps: NONE,
        parents: &[NodeKind::Vpc, NodeKind::Subnet],
        props: NAT_PROPS,
    },
    KindSpec {
        kind: NodeKind::VpcEndpoint,
        id: "vpc_endpoint",
        title: "VPC endpoint",
        group: Group::Ops,
        summary: "Private access to an AWS service without the internet.",
        caps: NONE,
        parents: &[NodeKind::Vpc, NodeKind::Subnet],
        props: ENDPOINT_PROPS,
    },
    KindSpec {
        kind: NodeKind::Vpc,
        id: "vpc",
        title: "VPC",
        group: Group::Boundary,
        summary: "The virtual network: a trust boundary.",
        caps: Capabilities { container_box: true, ..NONE },
        parents: &[],
        props: VPC_PROPS,
    },
    KindSpec {
        kind: NodeKind::Subnet,
        id: "subnet",
        title: "Subnet",
        group: Group::Boundary,
        summary: "Public or private subnet: a trust boundary inside the VPC.",
        caps: Capabilities { container_box: true, ..NONE },
        parents: &[NodeKind::Vpc],
        props: SUBNET_PROPS,
    },
];

/// The catalog entry of a kind.
#[must_use]
pub fn kind_spec(kind: NodeKind) -> &'static KindSpec {
    // NODE_KINDS is in enum declaration order; the catalog test keeps it so.
    &NODE_KINDS[kind as usize]
}
