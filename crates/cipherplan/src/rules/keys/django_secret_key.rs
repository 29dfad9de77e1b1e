use crate::catalog::{EdgeKind, NodeKind};
use crate::finding::{Severity, Target};
use crate::model::{IdHashSet, Model};
use crate::rules::fix::{read_secret, ExistingSecret, FixBuilder};
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// Django services take `SECRET_KEY` from Secrets Manager, never from settings or a plain
    /// environment variable.
    ///
    /// ## What it checks
    /// Every `ecs_service` with `framework = "django"` has `secret_key_source =
    /// "secrets_manager"` and a `reads_secret` edge (from the service or one of its containers)
    /// to a `secret` with `purpose = "django_secret_key"`.
    ///
    /// ## Why it matters
    /// `SECRET_KEY` signs sessions, password-reset links and CSRF tokens: whoever has it can
    /// forge a logged-in session for any user. A fallback default in `settings.py` (the
    /// author's Django app has one) ships the key in source control and in every image, and a
    /// plain environment variable in the task definition is readable by anyone with
    /// `ecs:DescribeTaskDefinition`. Injected through the task definition's `secrets`
    /// (`valueFrom` a Secrets Manager ARN) it is encrypted at rest with your key and read only
    /// by the task execution role. No scanner sees where a framework reads its key from.
    /// AWS: "Pass Secrets Manager secrets through Amazon ECS environment variables".
    ///
    /// ## Example
    /// `SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-...")`.
    ///
    /// ## Fix
    /// Create a secret holding a random key, inject it with `secrets = [{ name = "SECRET_KEY",
    /// valueFrom = <secret ARN> }]` in every Django task definition, and remove the default
    /// from settings so a missing key fails loudly.
    pub struct DjangoSecretKey;
}

static META: RuleMeta = RuleMeta {
    code: "CP-K002",
    name: "django-secret-key",
    severity: Severity::Error,
    area: Area::Keys,
    doc_url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html",
    scanner_ids: &[],
    fixable: true,
    fix: DjangoSecretKey::FIX,
};

/// The principals that read a Django secret key secret (directly or through a container),
/// computed once per run from the secrets' side.
fn key_readers<'d>(model: &Model<'d>) -> IdHashSet<&'d str> {
    let mut readers = IdHashSet::default();
    for secret in model.nodes_of(NodeKind::Secret).filter(|s| s.text("purpose") == "django_secret_key") {
        for e in model.incoming_of(secret, EdgeKind::ReadsSecret) {
            if let Some(p) = model.source(e).and_then(|n| model.principal_of(n)) {
                readers.insert(p.id.as_str());
            }
        }
    }
    readers
}

impl Rule for DjangoSecretKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        let mut existing: Option<Option<ExistingSecret<'_>>> = None;
        let readers = key_readers(model);
        for service in model.nodes_of(NodeKind::EcsService) {
            if service.text("framework") != "django" {
                continue;
            }
            let source = service.text("secret_key_source");
            let reads = readers.contains(service.id.as_str());
            if source == "secrets_manager" && reads {
                continue;
            }
            let what = match source {
                "settings_default" => {
                    "falls back to a SECRET_KEY default in settings.py (in source control and every image)".to_owned()
                }
                "environment" => "takes SECRET_KEY from a plain environment variable in the task definition".to_owned(),
                _ => "says SECRET_KEY comes from Secrets Manager but reads no Django secret key secret".to_owned(),
            };
            let mut fb = FixBuilder::new(model);
            fb.set_node(service, "secret_key_source", "secrets_manager");
            let found = *existing.get_or_insert_with(|| ExistingSecret::find(model, "django_secret_key"));
            let secret = if reads {
                found.map_or_else(String::new, |s| s.secret.id.clone())
            } else {
                read_secret(
                    &mut fb,
                    found,
                    ("django-secret-key", "DJANGO_SECRET_KEY", "django_secret_key"),
                    service,
                    service,
                    "SECRET_KEY",
                )
            };
            out.push(
                &META,
                Target::Node(service.id.clone()),
                format!("Django service `{}` {what}: whoever has the key forges sessions", service.display_name()),
                Some(fb.finish(format!(
                    "Inject SECRET_KEY into `{}` from the Secrets Manager secret `{secret}`",
                    service.id
                ))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::Design;
    use crate::rules::testing::{fixes_itself, flagged};
    use crate::templates::Builder;

    fn design(framework: &str, source: &str, reads: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node(
            "web",
            NodeKind::EcsService,
            "",
            (0.0, 0.0),
            &[("framework", framework.into()), ("secret_key_source", source.into())],
        );
        b.node("key", NodeKind::Secret, "", (0.0, 0.0), &[("purpose", "django_secret_key".into())]);
        if reads {
            b.edge(EdgeKind::ReadsSecret, "web", "key", &[]);
        }
        b.build()
    }

    #[test]
    fn fixtures() {
        for (framework, source, reads, fails) in [
            ("django", "secrets_manager", true, false),
            ("django", "secrets_manager", false, true),
            ("django", "environment", true, true),
            ("django", "settings_default", false, true),
            ("other", "settings_default", false, false),
        ] {
            assert_eq!(
                !flagged(&DjangoSecretKey, &design(framework, source, reads), Options::default()).is_empty(),
                fails
            );
        }
        fixes_itself(&DjangoSecretKey, &design("django", "settings_default", false));
        // With no secret in the design, the fix creates one.
        let mut b = Builder::new("t", "");
        b.node("web", NodeKind::EcsService, "", (0.0, 0.0), &[]);
        b.node("worker", NodeKind::EcsService, "", (0.0, 100.0), &[("role", "worker".into())]);
        let d = b.build();
        fixes_itself(&DjangoSecretKey, &d);
    }
}
