//! Rules on KMS keys, key usage and secrets.
