use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// S3 buckets refuse requests that are not sent over TLS.
    ///
    /// ## What it checks
    /// Every `s3_bucket` has a bucket policy that denies `s3:*` when
    /// `aws:SecureTransport = false` (`secure_transport_policy = true`).
    ///
    /// ## Why it matters
    /// S3 still answers plain `http://` requests. SDKs default to HTTPS, but a misconfigured
    /// client (`AWS_S3_USE_SSL = False`, an `http://` presigned URL, an old tool) sends objects
    /// and signed requests in the clear, and nothing on the bucket side refuses it. The deny
    /// statement is the only server-side guarantee of encryption in transit for S3; adding
    /// `s3:TlsVersion < 1.2` to it refuses old TLS too.
    /// AWS: "Security best practices for Amazon S3" (enforce encryption of data in transit).
    ///
    /// ## Example
    /// A media bucket for django-storages with no bucket policy.
    ///
    /// ## Fix
    /// Attach a bucket policy with `Effect = Deny`, `Principal = *`, `Action = s3:*`, both the
    /// bucket and `bucket/*` as resources, and `Condition = { Bool = { aws:SecureTransport =
    /// false } }` (optionally `NumericLessThan s3:TlsVersion 1.2`).
    ///
    /// ## Scanner blind spot
    /// checkov evaluates CKV_AWS_379 only next to an `aws_s3_bucket_acl` with a public ACL.
    /// The Terraform export disables ACLs (`BucketOwnerEnforced`), so checkov never looks at the
    /// bucket policy there: this rule is the only check of the secure-transport statement.
    /// (Found by the checkov agreement proof, `tests/iac/main.rs`.)
    pub struct S3SecureTransport;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T013",
    name: "s3-secure-transport",
    severity: Severity::Error,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html",
    scanner_ids: &["CKV_AWS_379"],
    fixable: true,
    fix: S3SecureTransport::FIX,
};

impl Rule for S3SecureTransport {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for bucket in model.nodes_of(NodeKind::S3Bucket) {
            if bucket.bool("secure_transport_policy") {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            fb.set_node(bucket, "secure_transport_policy", true);
            out.push(
                &META,
                Target::Node(bucket.id.clone()),
                format!(
                    "`{}` accepts requests over plain HTTP: no policy denies aws:SecureTransport = false",
                    bucket.display_name()
                ),
                Some(fb.finish(format!("Deny aws:SecureTransport = false in the bucket policy of `{}`", bucket.id))),
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

    fn design(policy: Option<bool>) -> Design {
        let mut b = Builder::new("t", "");
        match policy {
            Some(p) => b.node("media", NodeKind::S3Bucket, "", (0.0, 0.0), &[("secure_transport_policy", p.into())]),
            None => b.node("media", NodeKind::S3Bucket, "", (0.0, 0.0), &[]),
        };
        b.build()
    }

    #[test]
    fn fixtures() {
        for (policy, fails) in [(None, true), (Some(false), true), (Some(true), false)] {
            assert_eq!(
                !flagged(&S3SecureTransport, &design(policy), Options::default()).is_empty(),
                fails,
                "{policy:?}"
            );
        }
        fixes_itself(&S3SecureTransport, &design(None));
    }
}
