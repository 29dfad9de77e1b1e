use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rest::at_rest;
use crate::rules::fix::{use_cmk, FixBuilder, KeyFinder};
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// S3 buckets use SSE-KMS with a customer managed key (recommended).
    ///
    /// ## What it checks
    /// Every `s3_bucket` whose default encryption is not SSE-KMS with a customer managed key:
    /// SSE-S3 (`AES256`) or SSE-KMS with the AWS managed `aws/s3` key. Info, raised to a
    /// warning when the bucket is classified `pii` or `credentials`.
    ///
    /// ## Why it matters
    /// Every new object in S3 is encrypted since January 2023 (SSE-S3 by default), so the data
    /// is encrypted at rest either way; that is why this is not an error. What a customer key
    /// adds is control: a key policy that decides who can decrypt (a leaked bucket policy alone
    /// no longer exposes objects), CloudTrail records of every decrypt, and the option to cut
    /// access by disabling the key. For personal data or credentials that control is expected.
    /// Turn on the S3 Bucket Key with it to keep KMS request costs down.
    /// AWS: "Using server-side encryption with AWS KMS keys (SSE-KMS)".
    ///
    /// ## Example
    /// A media bucket with default SSE-S3, as the CDK library (`BucketEncryption.S3_MANAGED`).
    ///
    /// ## Fix
    /// Set the default encryption to `aws:kms` with a customer managed key and
    /// `bucket_key_enabled = true`, and grant `kms:Decrypt`/`kms:GenerateDataKey` to the roles
    /// that read and write objects.
    pub struct S3Kms;
}

static META: RuleMeta = RuleMeta {
    code: "CP-R004",
    name: "s3-kms",
    severity: Severity::Info,
    area: Area::Rest,
    doc_url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html",
    scanner_ids: &["CKV_AWS_145"],
    fixable: true,
    fix: S3Kms::FIX,
};

impl Rule for S3Kms {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        let mut keys = KeyFinder::default();
        for bucket in model.nodes_of(NodeKind::S3Bucket) {
            let Some(state) = at_rest(model, bucket) else { continue };
            if state.cmk() {
                continue;
            }
            let sensitive = matches!(bucket.text("data_classification"), "pii" | "credentials");
            let severity = if sensitive { Severity::Warning } else { Severity::Info };
            let mut fb = FixBuilder::new(model);
            if !bucket.text("sse_algorithm").starts_with("aws:kms") {
                fb.set_node(bucket, "sse_algorithm", "aws:kms");
            }
            fb.set_node(bucket, "bucket_key_enabled", true);
            let key = use_cmk(&mut fb, &mut keys, bucket, "storage");
            let class = if sensitive {
                format!(" although it holds {} data", bucket.text("data_classification"))
            } else {
                String::new()
            };
            out.push_at(
                &META,
                severity,
                Target::Node(bucket.id.clone()),
                format!(
                    "`{}` is encrypted with {}, not a customer managed key{class}: no key policy controls who can decrypt",
                    bucket.display_name(),
                    state.label
                ),
                Some(fb.finish(format!("Use SSE-KMS with the customer managed key `{key}` and a bucket key on `{}`", bucket.id))),
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

    fn design(sse: &str, key: bool, class: &str) -> Design {
        let mut b = Builder::new("t", "");
        b.node("app", NodeKind::EcsService, "", (0.0, 0.0), &[]);
        b.node(
            "media",
            NodeKind::S3Bucket,
            "",
            (0.0, 0.0),
            &[("sse_algorithm", sse.into()), ("data_classification", class.into())],
        );
        b.node("k", NodeKind::KmsKey, "", (0.0, 0.0), &[]);
        if key {
            b.edge(EdgeKind::EncryptsWith, "media", "k", &[]);
        }
        b.flow("app", "media", &[("protocol", "aws_api".into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        let info = Some(Severity::Info);
        for (sse, key, class, expect) in [
            ("AES256", false, "internal", info),
            ("aws:kms", false, "internal", info),
            ("AES256", false, "pii", Some(Severity::Warning)),
            ("aws:kms", true, "pii", None),
            ("aws:kms:dsse", true, "internal", None),
        ] {
            let got = severities(&S3Kms, &design(sse, key, class), Options::default());
            assert_eq!(got.first().map(|(_, s)| *s), expect, "{sse} {key} {class}");
        }
        fixes_itself(&S3Kms, &design("AES256", false, "internal"));
    }

    #[test]
    fn the_fix_grants_the_readers() {
        let d = design("AES256", false, "internal");
        let (fixed, _) = crate::rules::fix_all(&d, &Options::default(), 50);
        let m = Model::new(&fixed);
        let key = m.key_of("media", "storage").expect("a key").id.clone();
        assert!(m.can_decrypt("app", &key), "the service reading the bucket can decrypt");
        assert_eq!(fixed.node("media").unwrap().text("sse_algorithm"), "aws:kms");
    }
}
