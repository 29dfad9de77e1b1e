use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// S3 buckets block all public access.
    ///
    /// ## What it checks
    /// Every `s3_bucket` has `block_public_access = true` (all four settings:
    /// `block_public_acls`, `block_public_policy`, `ignore_public_acls`,
    /// `restrict_public_buckets`).
    ///
    /// ## Why it matters
    /// With the block off, one public ACL on an upload or one `Principal: *` statement makes
    /// objects readable by anyone on the internet; encryption at rest does not help, since S3
    /// decrypts for every authorized reader, and "public" is authorized. New buckets block
    /// public access by default since April 2023, so turning it off is a deliberate choice
    /// (the Terraform library sets all four to false). Public static files are better served
    /// through CloudFront with origin access control.
    /// AWS: "Blocking public access to your Amazon S3 storage".
    ///
    /// ## Example
    /// `aws_s3_bucket_public_access_block` with all four settings `false`.
    ///
    /// ## Fix
    /// Set all four settings to `true`; serve public assets through CloudFront with an origin
    /// access control instead of public objects.
    pub struct S3PublicAccessBlock;
}

static META: RuleMeta = RuleMeta {
    code: "CP-A004",
    name: "s3-public-access-block",
    severity: Severity::Error,
    area: Area::Access,
    doc_url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    scanner_ids: &["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
    fixable: true,
    fix: S3PublicAccessBlock::FIX,
};

impl Rule for S3PublicAccessBlock {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for bucket in model.nodes_of(NodeKind::S3Bucket) {
            if bucket.bool("block_public_access") {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            fb.set_node(bucket, "block_public_access", true);
            out.push(
                &META,
                Target::Node(bucket.id.clone()),
                format!(
                    "`{}` does not block public access: one public ACL or policy exposes its objects",
                    bucket.display_name()
                ),
                Some(fb.finish(format!("Block all public access to `{}`", bucket.id))),
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

    fn design(block: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("media", NodeKind::S3Bucket, "", (0.0, 0.0), &[("block_public_access", block.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        assert_eq!(flagged(&S3PublicAccessBlock, &design(false), Options::default()), ["media"]);
        assert!(flagged(&S3PublicAccessBlock, &design(true), Options::default()).is_empty());
        fixes_itself(&S3PublicAccessBlock, &design(false));
    }
}
