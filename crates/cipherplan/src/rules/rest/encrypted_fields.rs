use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// Databases holding personal data or credentials also encrypt the most sensitive fields
    /// in the application.
    ///
    /// ## What it checks
    /// Every store that can encrypt fields itself (`rds_postgres`) and is classified `pii` or
    /// `credentials` (`data_classification`) has `encrypted_fields = true`.
    ///
    /// ## Why it matters
    /// Storage encryption protects disks, snapshots and backups, but every session that can
    /// log in reads plaintext: a SQL injection, a leaked read-only password, a `pg_dump` on
    /// the bastion. Application-level encryption of the few most sensitive columns (encrypted
    /// Django model fields, keyed from Secrets Manager) keeps those values unreadable to
    /// anyone who has the database but not the application's key. The seed article lists it
    /// as part of "fully encrypted".
    /// AWS: "Client-side and server-side encryption" (what server-side encryption leaves
    /// readable, and what encrypting in the application adds).
    ///
    /// ## Example
    /// A users table with national ID numbers in a plain `CharField`.
    ///
    /// ## Fix
    /// Encrypt the sensitive columns in the application (e.g. `django-fernet-encrypted-fields`)
    /// with a key read from Secrets Manager (or data keys from KMS), and migrate existing rows.
    pub struct EncryptedFields;
}

static META: RuleMeta = RuleMeta {
    code: "CP-R009",
    name: "encrypted-fields",
    severity: Severity::Warning,
    area: Area::Rest,
    doc_url: "https://docs.aws.amazon.com/database-encryption-sdk/latest/devguide/client-server-side.html",
    scanner_ids: &[],
    fixable: true,
    fix: EncryptedFields::FIX,
};

impl Rule for EncryptedFields {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for store in &model.design.nodes {
            if store.kind.spec().prop("encrypted_fields").is_none() || store.bool("encrypted_fields") {
                continue;
            }
            let class = store.text("data_classification");
            if !matches!(class, "pii" | "credentials") {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            fb.set_node(store, "encrypted_fields", true);
            out.push(
                &META,
                Target::Node(store.id.clone()),
                format!(
                    "`{}` holds {class} data but the application does not encrypt its most sensitive fields: any database session reads them in plaintext",
                    store.display_name()
                ),
                Some(fb.finish(format!("Encrypt the sensitive fields of `{}` in the application", store.id))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::NodeKind;
    use crate::design::Design;
    use crate::rules::testing::{fixes_itself, flagged};
    use crate::templates::Builder;

    fn design(class: &str, fields: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node(
            "db",
            NodeKind::RdsPostgres,
            "",
            (0.0, 0.0),
            &[("data_classification", class.into()), ("encrypted_fields", fields.into())],
        );
        b.node("cache", NodeKind::ElasticacheRedis, "", (0.0, 0.0), &[("data_classification", class.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        let cases: &[(&str, bool, &[&str])] = &[
            ("pii", false, &["db"]),
            ("credentials", false, &["db"]),
            ("pii", true, &[]),
            ("confidential", false, &[]),
            ("internal", false, &[]),
        ];
        for &(class, fields, expect) in cases {
            assert_eq!(
                flagged(&EncryptedFields, &design(class, fields), Options::default()),
                expect,
                "{class} {fields}"
            );
        }
        fixes_itself(&EncryptedFields, &design("pii", false));
    }
}
