use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// CloudFront talks HTTPS to viewers and to its origin.
    ///
    /// ## What it checks
    /// Every `cloudfront` distribution has `viewer_protocol_policy` `redirect-to-https` or
    /// `https-only`, and `origin_protocol_policy = "https-only"`.
    ///
    /// ## Why it matters
    /// A distribution is two connections. `allow-all` serves viewers over plain HTTP; an origin
    /// policy of `http-only` (the default for custom origins in many examples) or
    /// `match-viewer` sends the request from the edge location to the load balancer across
    /// the internet in plaintext, even when the viewer used HTTPS.
    /// AWS: "Requiring HTTPS for communication between viewers and CloudFront" and "between
    /// CloudFront and your custom origin".
    ///
    /// ## Example
    /// `viewer_protocol_policy = "allow-all"`, `origin_protocol_policy = "http-only"`.
    ///
    /// ## Fix
    /// Set `viewer_protocol_policy = "redirect-to-https"` and
    /// `origin_protocol_policy = "https-only"` (the origin needs a certificate that matches the
    /// origin domain name, e.g. the ALB's ACM certificate).
    pub struct CloudfrontHttps;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T016",
    name: "cloudfront-https",
    severity: Severity::Error,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https.html",
    scanner_ids: &["CKV_AWS_34"],
    fixable: true,
    fix: CloudfrontHttps::FIX,
};

impl Rule for CloudfrontHttps {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for cf in model.nodes_of(NodeKind::Cloudfront) {
            let mut fb = FixBuilder::new(model);
            let mut problems = Vec::new();
            if cf.text("viewer_protocol_policy") == "allow-all" {
                problems.push("serves viewers over plain HTTP (allow-all)".to_owned());
                fb.set_node(cf, "viewer_protocol_policy", "redirect-to-https");
            }
            let origin = cf.text("origin_protocol_policy");
            if origin != "https-only" {
                problems.push(format!("reaches its origin with origin_protocol_policy = {origin}"));
                fb.set_node(cf, "origin_protocol_policy", "https-only");
            }
            if problems.is_empty() {
                continue;
            }
            out.push(
                &META,
                Target::Node(cf.id.clone()),
                format!("`{}` {}", cf.display_name(), problems.join(" and ")),
                Some(fb.finish(format!("Redirect viewers to HTTPS and use HTTPS only to the origin of `{}`", cf.id))),
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

    fn design(viewer: &str, origin: &str) -> Design {
        let mut b = Builder::new("t", "");
        b.node(
            "cdn",
            NodeKind::Cloudfront,
            "",
            (0.0, 0.0),
            &[("viewer_protocol_policy", viewer.into()), ("origin_protocol_policy", origin.into())],
        );
        b.build()
    }

    #[test]
    fn fixtures() {
        for (viewer, origin, fails) in [
            ("redirect-to-https", "https-only", false),
            ("https-only", "https-only", false),
            ("allow-all", "https-only", true),
            ("redirect-to-https", "match-viewer", true),
            ("https-only", "http-only", true),
        ] {
            assert_eq!(!flagged(&CloudfrontHttps, &design(viewer, origin), Options::default()).is_empty(), fails);
        }
        fixes_itself(&CloudfrontHttps, &design("allow-all", "http-only"));
    }
}
