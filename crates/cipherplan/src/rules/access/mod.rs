//! Rules on access paths: bastion, ECS Exec, public exposure.

/// CP-A006: ALB drops invalid header fields.
pub mod alb_drop_invalid_headers;
/// CP-A003: bastion IMDSv2.
pub mod bastion_imdsv2;
/// CP-A008: no socat forwarder on the bastion.
pub mod bastion_port_forward;
/// CP-A002: bastion via SSM without a public IP.
pub mod bastion_ssm;
/// CP-A001: ECS Exec encryption and logging.
pub mod ecs_exec_encryption;
/// CP-A007: no public IPs on ECS tasks.
pub mod ecs_public_ip;
/// CP-A005: RDS not publicly accessible.
pub mod rds_public;
/// CP-A004: S3 public access block.
pub mod s3_public_access_block;
