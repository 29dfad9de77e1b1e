//! Rules on encryption at rest.

/// CP-R008: bastion root volume.
pub mod bastion_root_volume;
/// CP-R007: ECR on a customer key.
pub mod ecr_kms;
/// CP-R006: EFS encrypted, on a customer key.
pub mod efs_encrypted;
/// CP-R002: ElastiCache at rest.
pub mod elasticache_at_rest;
/// CP-R003: ElastiCache on a customer key.
pub mod elasticache_cmk;
/// CP-R009: application-level field encryption for PII and credentials.
pub mod encrypted_fields;
/// CP-R011: Fargate ephemeral storage on a customer key.
pub mod fargate_ephemeral_cmk;
/// CP-R005: log groups on a customer key.
pub mod log_group_kms;
/// CP-R010: RDS on a customer key.
pub mod rds_cmk;
/// CP-R001: RDS storage encryption.
pub mod rds_storage_encrypted;
/// CP-R004: S3 SSE-KMS with a customer key.
pub mod s3_kms;
