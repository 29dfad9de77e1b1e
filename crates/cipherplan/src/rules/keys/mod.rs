//! Rules on KMS keys, key usage and secrets.

/// CP-K002: Django `SECRET_KEY` only from Secrets Manager.
pub mod django_secret_key;
/// CP-K005: every principal that must decrypt with a key may.
pub mod key_usage;
/// CP-K004: explicit key policy, no wildcard principal.
pub mod kms_policy;
/// CP-K003: key rotation.
pub mod kms_rotation;
/// CP-K007: the Redis AUTH token in Secrets Manager.
pub mod redis_auth_secret;
/// CP-K001: secrets on a customer key.
pub mod secret_cmk;
/// CP-K006: secret rotation.
pub mod secret_rotation;
