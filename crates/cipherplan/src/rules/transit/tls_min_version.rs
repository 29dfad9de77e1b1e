use crate::catalog::{EdgeKind, NodeKind};
use crate::design::Edge;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

/// The CloudFront security policy the fix uses.
pub const CLOUDFRONT_POLICY: &str = "TLSv1.2_2021";

declare_rule! {
    /// No connection accepts TLS below 1.2.
    ///
    /// ## What it checks
    /// Every flow that uses TLS (`tls` other than `disable`) has `tls_min_version` 1.2 or 1.3,
    /// and every `cloudfront` distribution has a `minimum_protocol_version` of `TLSv1.2_*`.
    /// (The ALB's listener policy is CP-T002; Session Manager and AWS API calls are TLS 1.2+
    /// on AWS's side and are not judged here.)
    ///
    /// ## Why it matters
    /// TLS 1.0 and 1.1 are deprecated (RFC 8996): they lack modern AEAD ciphers and are open to
    /// downgrade attacks, and an attacker who can force the oldest version both sides accept
    /// gets the weakest protection on offer. AWS itself requires TLS 1.2 on all its API
    /// endpoints since 2024. AWS: "Supported protocols and ciphers between viewers and
    /// CloudFront".
    ///
    /// ## Example
    /// A CloudFront distribution on the default certificate policy `TLSv1`, or a client whose
    /// TLS library still accepts TLS 1.0.
    ///
    /// ## Fix
    /// Set `minimum_protocol_version = "TLSv1.2_2021"` on CloudFront and accept only TLS 1.2
    /// and 1.3 on both ends of every connection.
    pub struct TlsMinVersion;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T014",
    name: "tls-min-version",
    severity: Severity::Error,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html",
    scanner_ids: &["CKV_AWS_174"],
    fixable: true,
    fix: TlsMinVersion::FIX,
};

/// Whether a flow that uses TLS accepts a version below 1.2.
pub(crate) fn flags(flow: &Edge) -> bool {
    // The version first: it is rarely weak, so most flows need only this one look-up.
    matches!(flow.text("tls_min_version"), "1.0" | "1.1")
        && flow.text("tls") != "disable"
        && !matches!(flow.text("protocol"), "ssm" | "aws_api" | "ssh")
}

impl Rule for TlsMinVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for cf in model.nodes_of(NodeKind::Cloudfront) {
            let version = cf.text("minimum_protocol_version");
            if version.starts_with("TLSv1.2") {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            fb.set_node(cf, "minimum_protocol_version", CLOUDFRONT_POLICY);
            out.push(
                &META,
                Target::Node(cf.id.clone()),
                format!("`{}` accepts viewers below TLS 1.2 (minimum_protocol_version = {version})", cf.display_name()),
                Some(fb.finish(format!("Use {CLOUDFRONT_POLICY} on `{}`", cf.id))),
            );
        }
        // This loop visits every flow of the design: `flags` reads the version first, which
        // settles almost every flow with one property look-up.
        for flow in model.edges_of(EdgeKind::Flow) {
            if !flags(flow) {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            fb.set_edge(flow, "tls_min_version", "1.2");
            out.push(
                &META,
                Target::Edge(flow.id.clone()),
                format!("`{}` → `{}` accepts TLS {}", flow.from, flow.to, flow.text("tls_min_version")),
                Some(fb.finish(format!("Accept only TLS 1.2 and later on `{}`", flow.id))),
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

    fn design(protocol: &str, tls: &str, version: &str, cf_version: &str) -> Design {
        let mut b = Builder::new("t", "");
        b.node("cdn", NodeKind::Cloudfront, "", (0.0, 0.0), &[("minimum_protocol_version", cf_version.into())]);
        b.node("app", NodeKind::EcsService, "", (0.0, 0.0), &[]);
        b.node("db", NodeKind::RdsPostgres, "", (0.0, 0.0), &[]);
        b.flow("app", "db", &[("protocol", protocol.into()), ("tls", tls.into()), ("tls_min_version", version.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        let ok = "TLSv1.2_2021";
        let cases: &[(&str, &str, &str, &str, &[&str])] = &[
            ("postgresql", "verify-full", "1.2", ok, &[]),
            ("postgresql", "verify-full", "1.3", "TLSv1.2_2019", &[]),
            ("postgresql", "verify-full", "1.0", ok, &["app-db"]),
            ("postgresql", "prefer", "1.1", ok, &["app-db"]),
            // Plaintext has no TLS version to judge (CP-T015 and CP-T008 report it).
            ("postgresql", "disable", "1.0", ok, &[]),
            ("aws_api", "verify-full", "1.0", ok, &[]),
            ("postgresql", "verify-full", "1.2", "TLSv1", &["cdn"]),
            ("postgresql", "verify-full", "1.2", "TLSv1.1_2016", &["cdn"]),
        ];
        for &(protocol, tls, version, cf, expect) in cases {
            assert_eq!(flagged(&TlsMinVersion, &design(protocol, tls, version, cf), Options::default()), expect);
        }
        fixes_itself(&TlsMinVersion, &design("postgresql", "require", "1.0", "TLSv1"));
    }
}
