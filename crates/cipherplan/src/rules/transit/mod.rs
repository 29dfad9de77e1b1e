//! Rules on encryption in transit.

/// CP-T003: certificate on the HTTPS listener.
pub mod alb_certificate;
/// CP-T002: modern ALB TLS policy.
pub mod alb_tls_policy;
/// CP-T001: HTTPS-only entry with HTTP redirect.
pub mod https_entry;
/// CP-T008: PostgreSQL client `sslmode`.
pub mod pg_sslmode;
/// CP-T007: `rds.force_ssl`.
pub mod rds_force_ssl;
