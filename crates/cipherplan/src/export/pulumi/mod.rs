//! Pulumi (TypeScript) export.
