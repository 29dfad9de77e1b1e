//! The rule registry: one rule per file, one line per rule in [`RULES`], in code order.
//!
//! A rule is a unit struct declared with `declare_rule!`: its doc comment (What it checks /
//! Why it matters / Example / Fix, with the AWS page it rests on) is also what
//! `cipherplan explain CODE`, the report and SARIF show, so the documentation cannot drift
//! from the code. Codes are stable: `CP-T…` in transit, `CP-R…` at rest, `CP-K…` keys and
//! secrets, `CP-A…` access. A retired code is never reused.

use crate::design::Design;
use crate::finding::{Finding, Fix, Severity, Target};
use crate::model::Model;
use serde::Serialize;

/// Declares a rule: a unit struct whose doc comment becomes its `DOCS`, and whose `## Fix`
/// section, cut out at compile time, becomes its `FIX` (the fix text of findings without an
/// autofix). Findings need only `FIX`, so a program that never shows full docs (the browser's
/// planner) links the short fix texts and not the docs.
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* $vis:vis struct $name:ident;) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;
        impl $name {
            /// The rule's documentation (its doc comment), shown by `cipherplan explain`.
            pub const DOCS: &'static str = concat!($($doc, "\n"),*);
            const DOC_LINES: &'static [&'static str] = &[$($doc),*];
            const FIX_LEN: usize = $crate::rules::doc_section::len($name::DOC_LINES, "Fix");
            const FIX_BYTES: [u8; $name::FIX_LEN] = $crate::rules::doc_section::bytes($name::DOC_LINES, "Fix");
            /// The `## Fix` section of the docs, as [`RuleMeta::section`] gives it.
            pub const FIX: &'static str = match core::str::from_utf8(&$name::FIX_BYTES) {
                Ok(text) => text.trim_ascii(),
                Err(_) => panic!("a doc section cut inside a character"),
            };
        }
    };
}

pub mod doc_section;

pub mod access;
pub(crate) mod fix;
pub mod keys;
pub mod rest;
pub mod transit;

/// What part of "fully encrypted" a rule guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// Encryption in transit.
    Transit,
    /// Encryption at rest.
    Rest,
    /// KMS keys, key usage and secrets.
    Keys,
    /// Access paths (bastion, ECS Exec, public exposure).
    Access,
}

/// Static facts about a rule.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleMeta {
    /// Stable code (`CP-T004`).
    pub code: &'static str,
    /// Kebab-case name (`rds-force-ssl`).
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Area.
    pub area: Area,
    /// The AWS documentation page the rule rests on.
    pub doc_url: &'static str,
    /// Checkov ids the rule corresponds to (empty: no scanner can see it).
    pub scanner_ids: &'static [&'static str],
    /// Whether the rule offers an autofix.
    pub fixable: bool,
    /// The `## Fix` section of the docs (`declare_rule!`'s `FIX`, cut out at compile time):
    /// the fix text of findings without an autofix.
    #[serde(skip)]
    pub fix: &'static str,
}

impl RuleMeta {
    /// Full documentation (markdown from the doc comment), from [`docs`].
    #[must_use]
    pub fn docs(&self) -> &'static str {
        docs(self.code).unwrap_or("")
    }

    /// The first line of the docs.
    #[must_use]
    pub fn summary(&self) -> &'static str {
        self.docs().lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("")
    }

    /// The text of one `## Heading` section of the docs (e.g. `"Why it matters"`, `"Fix"`).
    #[must_use]
    pub fn section(&self, heading: &str) -> String {
        let mut out = Vec::new();
        let mut inside = false;
        for line in self.docs().lines() {
            let trimmed = line.trim();
            if let Some(h) = trimmed.strip_prefix("## ") {
                inside = h.trim().eq_ignore_ascii_case(heading);
                continue;
            }
            if inside {
                out.push(trimmed);
            }
        }
        out.join("\n").trim().to_owned()
    }
}

/// Options that change what rules ask for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Options {
    /// Strict mode: loopback plaintext inside a task (nginx → gunicorn) is a warning that asks
    /// for gunicorn TLS, not an info.
    pub strict: bool,
}

/// A rule: checks a design and reports findings.
pub trait Rule: Sync {
    /// The rule's static facts.
    fn meta(&self) -> &'static RuleMeta;
    /// Checks the whole design.
    fn check(&self, model: &Model<'_>, options: &Options, out: &mut Findings);
}

/// The findings collected for one rule run.
#[derive(Debug, Default)]
pub struct Findings {
    items: Vec<Finding>,
}

impl Findings {
    /// Records a finding at the rule's default severity, with the rule's fix text.
    pub fn push(&mut self, meta: &'static RuleMeta, target: Target, message: impl Into<String>, autofix: Option<Fix>) {
        self.push_at(meta, meta.severity, target, message, autofix);
    }

    /// Records a finding at a given severity.
    pub fn push_at(
        &mut self,
        meta: &'static RuleMeta,
        severity: Severity,
        target: Target,
        message: impl Into<String>,
        autofix: Option<Fix>,
    ) {
        // A fix that changes nothing is no fix (and would make `fix_all` spin on it).
        let autofix = autofix.filter(|f| !f.patches.is_empty());
        let fix = autofix.as_ref().map_or_else(|| meta.fix.to_owned(), |f| f.title.clone());
        self.items.push(Finding {
            code: meta.code,
            severity,
            target,
            message: message.into(),
            fix,
            autofix,
            scanner_ids: meta.scanner_ids,
        });
    }

    /// The findings so far.
    #[must_use]
    pub fn items(&self) -> &[Finding] {
        &self.items
    }

    /// Takes the findings.
    #[must_use]
    pub fn into_vec(self) -> Vec<Finding> {
        self.items
    }
}

/// Declares the registry from one list of rule types: [`RULES`] (what runs) and [`docs`] (the
/// documentation, kept out of `RULES` so the browser's planner, which never shows full docs,
/// does not carry them: the worker and the CLI do).
macro_rules! registry {
    ($($rule:path),* $(,)?) => {
        /// Every rule, in code order. Add a rule: one file, one line in `registry!`.
        pub static RULES: &[&dyn Rule] = &[$(&$rule),*];

        /// The documentation of the rule with this code (its doc comment: What it checks / Why
        /// it matters / Example / Fix), or `None` for an unknown code.
        #[must_use]
        pub fn docs(code: &str) -> Option<&'static str> {
            let all: &[(&dyn Rule, &'static str)] = &[$((&$rule, <$rule>::DOCS)),*];
            all.iter().find(|(r, _)| r.meta().code.eq_ignore_ascii_case(code)).map(|(_, d)| *d)
        }
    };
}

registry! {
    access::ecs_exec_encryption::EcsExecEncryption,
    access::bastion_ssm::BastionSsm,
    access::bastion_imdsv2::BastionImdsv2,
    access::s3_public_access_block::S3PublicAccessBlock,
    access::rds_public::RdsPublic,
    access::alb_drop_invalid_headers::AlbDropInvalidHeaders,
    access::ecs_public_ip::EcsPublicIp,
    access::bastion_port_forward::BastionPortForward,
    keys::secret_cmk::SecretCmk,
    keys::django_secret_key::DjangoSecretKey,
    keys::kms_rotation::KmsRotation,
    keys::kms_policy::KmsPolicy,
    keys::key_usage::KeyUsage,
    keys::secret_rotation::SecretRotation,
    keys::redis_auth_secret::RedisAuthSecret,
    rest::rds_storage_encrypted::RdsStorageEncrypted,
    rest::elasticache_at_rest::ElasticacheAtRest,
    rest::elasticache_cmk::ElasticacheCmk,
    rest::s3_kms::S3Kms,
    rest::log_group_kms::LogGroupKms,
    rest::efs_encrypted::EfsEncrypted,
    rest::ecr_kms::EcrKms,
    rest::bastion_root_volume::BastionRootVolume,
    rest::encrypted_fields::EncryptedFields,
    rest::rds_cmk::RdsCmk,
    rest::fargate_ephemeral_cmk::FargateEphemeralCmk,
    transit::https_entry::HttpsEntry,
    transit::alb_tls_policy::AlbTlsPolicy,
    transit::alb_certificate::AlbCertificate,
    transit::target_group_https::TargetGroupHttps,
    transit::task_loopback::TaskLoopback,
    transit::cross_task_plaintext::CrossTaskPlaintext,
    transit::rds_force_ssl::RdsForceSsl,
    transit::pg_sslmode::PgSslmode,
    transit::rds_ca_expired::RdsCaExpired,
    transit::elasticache_transit::ElasticacheTransit,
    transit::elasticache_auth_token::ElasticacheAuthToken,
    transit::redis_ecs_tls::RedisEcsTls,
    transit::s3_secure_transport::S3SecureTransport,
    transit::tls_min_version::TlsMinVersion,
    transit::plaintext_network::PlaintextNetwork,
    transit::cloudfront_https::CloudfrontHttps,
    transit::efs_tls::EfsTls,
    transit::redis_client_verify::RedisClientVerify,
}

/// The rule with this code.
#[must_use]
pub fn rule(code: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().code.eq_ignore_ascii_case(code))
}

/// Runs every rule. Findings come sorted: severity (worst first), code, target, message.
#[must_use]
pub fn check(design: &Design, options: &Options) -> Vec<Finding> {
    let model = Model::new(design);
    check_model(&model, options)
}

/// Runs every rule on an already built model.
#[must_use]
pub fn check_model(model: &Model<'_>, options: &Options) -> Vec<Finding> {
    let options = Options { strict: options.strict || model.design.settings.strict };
    let mut out = Findings::default();
    // Each finding's rule, by position in `RULES`: the registry is in code order, so comparing
    // positions compares codes without touching the strings.
    let mut rule_of: Vec<u32> = Vec::new();
    for (i, rule) in RULES.iter().enumerate() {
        rule.check(model, &options, &mut out);
        #[allow(clippy::cast_possible_truncation)] // a few dozen rules
        rule_of.resize(out.items.len(), i as u32);
    }
    let items = out.into_vec();
    // Sort (severity, rule) keys and positions rather than the findings themselves; the
    // message breaks ties (one principal missing two keys), so the order never depends on
    // the order of the design file.
    let key = |f: &Finding, rule: u32| (u32::from(u8::MAX - severity_rank(f.severity)) << 16) | rule;
    let mut order: Vec<(u32, u32)> = Vec::with_capacity(items.len());
    #[allow(clippy::cast_possible_truncation)] // far fewer than 2^32 findings
    order.extend(items.iter().zip(&rule_of).enumerate().map(|(i, (f, &r))| (key(f, r), i as u32)));
    order.sort_unstable_by(|a, b| {
        let (x, y) = (&items[a.1 as usize], &items[b.1 as usize]);
        a.0.cmp(&b.0).then_with(|| x.target.cmp(&y.target)).then_with(|| x.message.cmp(&y.message)).then(a.1.cmp(&b.1))
    });
    let mut slots: Vec<Option<Finding>> = items.into_iter().map(Some).collect();
    order.iter().filter_map(|&(_, i)| slots[i as usize].take()).collect()
}

/// A severity's rank, higher is worse (the order of [`Severity`]'s `Ord`).
fn severity_rank(s: Severity) -> u8 {
    match s {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

/// Applies autofixes one at a time, re-checking after each, until no fixable finding is left
/// (or `limit` fixes were applied). Returns the fixed design and the titles of the fixes.
#[must_use]
pub fn fix_all(design: &Design, options: &Options, limit: usize) -> (Design, Vec<String>) {
    let mut current = design.clone();
    let mut applied = Vec::new();
    let mut failed: Vec<String> = Vec::new();
    for _ in 0..limit {
        let findings = check(&current, options);
        let next = findings.iter().filter_map(|f| f.autofix.as_ref()).find(|fix| !failed.contains(&fix.title));
        let Some(fix) = next else { break };
        let before = current.clone();
        // A fix that does not apply, or applies without changing anything, is not tried again.
        if fix.apply(&mut current).is_ok() && current != before {
            applied.push(fix.title.clone());
        } else {
            failed.push(fix.title.clone());
        }
    }
    (current, applied)
}

#[cfg(test)]
pub(crate) mod testing {
    //! The one helper every rule's fixture table goes through.
    use super::{Options, Rule};
    use crate::design::Design;
    use crate::finding::Severity;
    use crate::model::Model;

    /// Runs `rule` on `design` and returns the ids (targets) it flagged, sorted.
    pub fn flagged(rule: &dyn Rule, design: &Design, options: Options) -> Vec<String> {
        let model = Model::new(design);
        let mut out = super::Findings::default();
        rule.check(&model, &options, &mut out);
        let mut ids: Vec<String> = out.items().iter().map(|f| f.target.id().unwrap_or("design").to_owned()).collect();
        ids.sort();
        ids
    }

    /// Applies the autofixes `rule` offers on `design` one at a time, re-checking after each
    /// (as [`super::fix_all`] does), then asserts the rule is satisfied. Fails when the rule
    /// offers no fix at all or a fix does not apply.
    pub fn fixes_itself(rule: &dyn Rule, design: &Design) {
        fixes_itself_with(rule, design, Options::default());
    }

    /// [`fixes_itself`] under the given options.
    pub fn fixes_itself_with(rule: &dyn Rule, design: &Design, options: Options) {
        let mut fixed = design.clone();
        let mut applied = 0;
        for _ in 0..100 {
            let model = Model::new(&fixed);
            let mut out = super::Findings::default();
            rule.check(&model, &options, &mut out);
            let Some(fix) = out.items().iter().find_map(|f| f.autofix.clone()) else { break };
            drop(model);
            fix.apply(&mut fixed)
                .unwrap_or_else(|e| panic!("{}: `{}` does not apply: {e}", rule.meta().code, fix.title));
            applied += 1;
        }
        assert!(applied > 0, "{} offered no autofix", rule.meta().code);
        assert_eq!(flagged(rule, &fixed, options), Vec::<String>::new(), "{} after its fixes", rule.meta().code);
    }

    /// Runs `rule` and returns `(target, severity)` of each finding, sorted.
    pub fn severities(rule: &dyn Rule, design: &Design, options: Options) -> Vec<(String, Severity)> {
        let model = Model::new(design);
        let mut out = super::Findings::default();
        rule.check(&model, &options, &mut out);
        let mut v: Vec<_> =
            out.items().iter().map(|f| (f.target.id().unwrap_or("design").to_owned(), f.severity)).collect();
        v.sort();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for r in RULES {
            let m = r.meta();
            assert!(codes.insert(m.code), "duplicate code {}", m.code);
            assert!(names.insert(m.name), "duplicate name {}", m.name);
            assert!(m.code.starts_with("CP-") && m.code.len() == 7, "code {}", m.code);
            let area_letter = match m.area {
                Area::Transit => 'T',
                Area::Rest => 'R',
                Area::Keys => 'K',
                Area::Access => 'A',
            };
            assert_eq!(m.code.chars().nth(3), Some(area_letter), "{} is in the wrong area", m.code);
            assert!(m.doc_url.starts_with("https://docs.aws.amazon.com/"), "{} doc url", m.code);
            for s in ["What it checks", "Why it matters", "Example", "Fix"] {
                assert!(!m.section(s).is_empty(), "{} docs lack `## {s}`", m.code);
            }
        }
    }

    #[test]
    fn registry_is_in_code_order() {
        let codes: Vec<_> = RULES.iter().map(|r| r.meta().code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted);
    }
}
