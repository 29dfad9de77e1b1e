use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rest::at_rest;
use crate::rules::fix::{use_cmk, FixBuilder, KeyFinder};
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// ECR repositories are encrypted with a customer managed KMS key.
    ///
    /// ## What it checks
    /// Every `ecr_repository` with `encryption_type = "AES256"`, or `KMS` without a customer
    /// managed key. Info; a warning when a container of the design serves TLS with a
    /// self-signed certificate, whose private key is then baked into an image layer.
    ///
    /// ## Why it matters
    /// Images are always encrypted at rest by ECR, so this is about control, not exposure
    /// at rest. It matters more in this architecture than usual: the nginx sidecar's TLS key
    /// is built into the image, so whoever can pull the image holds the key that protects the
    /// ALB → task hop. A customer key adds a key policy on top of the repository policy. The
    /// encryption settings cannot be changed once the repository exists.
    /// AWS: "Encryption at rest" in the Amazon ECR user guide.
    ///
    /// ## Example
    /// `aws_ecr_repository` without an `encryption_configuration` block.
    ///
    /// ## Fix
    /// Create the repository with `encryption_configuration { encryption_type = "KMS",
    /// kms_key = ... }` (a customer managed key) and push the images again.
    pub struct EcrKms;
}

static META: RuleMeta = RuleMeta {
    code: "CP-R007",
    name: "ecr-kms",
    severity: Severity::Info,
    area: Area::Rest,
    doc_url: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html",
    scanner_ids: &["CKV_AWS_136"],
    fixable: true,
    fix: EcrKms::FIX,
};

impl Rule for EcrKms {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        let mut keys = KeyFinder::default();
        let mut baked_key = None;
        for repo in model.nodes_of(NodeKind::EcrRepository) {
            let Some(state) = at_rest(model, repo) else { continue };
            if state.cmk() {
                continue;
            }
            let baked = *baked_key.get_or_insert_with(|| {
                model
                    .nodes_of(NodeKind::Container)
                    .any(|c| c.bool("listens_tls") && c.text("certificate") == "self_signed")
            });
            let (severity, why) = if baked {
                (Severity::Warning, ": the images carry the TLS private key of the self-signed sidecar certificate")
            } else {
                (Severity::Info, "")
            };
            let mut fb = FixBuilder::new(model);
            fb.set_node(repo, "encryption_type", "KMS");
            let key = use_cmk(&mut fb, &mut keys, repo, "storage");
            out.push_at(
                &META,
                severity,
                Target::Node(repo.id.clone()),
                format!("`{}` is encrypted with {}, not a customer managed key{why}", repo.display_name(), state.label),
                Some(fb.finish(format!("Encrypt `{}` with the customer managed key `{key}`", repo.id))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::EdgeKind;
    use crate::design::Design;
    use crate::rules::testing::{fixes_itself, severities};
    use crate::templates::Builder;

    fn design(kind: &str, key: bool, self_signed: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("images", NodeKind::EcrRepository, "", (0.0, 0.0), &[("encryption_type", kind.into())]);
        b.node("k", NodeKind::KmsKey, "", (0.0, 0.0), &[]);
        b.node("web", NodeKind::EcsService, "", (0.0, 0.0), &[]);
        let cert = if self_signed { "self_signed" } else { "none" };
        b.node(
            "nginx",
            NodeKind::Container,
            "",
            (0.0, 0.0),
            &[("listens_tls", self_signed.into()), ("certificate", cert.into())],
        )
        .inside("web");
        if key {
            b.edge(EdgeKind::EncryptsWith, "images", "k", &[]);
        }
        b.build()
    }

    #[test]
    fn fixtures() {
        for (kind, key, self_signed, expect) in [
            ("AES256", false, false, Some(Severity::Info)),
            ("KMS", false, false, Some(Severity::Info)),
            ("AES256", false, true, Some(Severity::Warning)),
            ("KMS", true, true, None),
        ] {
            let got = severities(&EcrKms, &design(kind, key, self_signed), Options::default());
            assert_eq!(got.first().map(|(_, s)| *s), expect, "{kind} {key} {self_signed}");
        }
        fixes_itself(&EcrKms, &design("AES256", false, true));
    }
}
