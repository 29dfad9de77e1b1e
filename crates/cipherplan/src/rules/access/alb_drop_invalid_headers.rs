use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// The load balancer drops HTTP headers with invalid names.
    ///
    /// ## What it checks
    /// Every `alb` has `drop_invalid_header_fields = true`.
    ///
    /// ## Why it matters
    /// Headers whose names are not valid HTTP tokens are passed to the targets by default.
    /// Front ends and back ends that parse such headers differently are the raw material of
    /// request smuggling and header-injection attacks, which let one client's request ride on
    /// another's connection behind the TLS terminator. Dropping them costs nothing for
    /// well-behaved clients. AWS: "Application Load Balancers" (load balancer attributes,
    /// `routing.http.drop_invalid_header_fields.enabled`).
    ///
    /// ## Example
    /// `aws_lb` without `drop_invalid_header_fields = true` (the default is false).
    ///
    /// ## Fix
    /// Set `drop_invalid_header_fields = true` on the load balancer.
    pub struct AlbDropInvalidHeaders;
}

static META: RuleMeta = RuleMeta {
    code: "CP-A006",
    name: "alb-drop-invalid-headers",
    severity: Severity::Warning,
    area: Area::Access,
    doc_url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html",
    scanner_ids: &["CKV_AWS_131"],
    fixable: true,
    fix: AlbDropInvalidHeaders::FIX,
};

impl Rule for AlbDropInvalidHeaders {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for alb in model.nodes_of(NodeKind::Alb) {
            if alb.bool("drop_invalid_header_fields") {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            fb.set_node(alb, "drop_invalid_header_fields", true);
            out.push(
                &META,
                Target::Node(alb.id.clone()),
                format!("`{}` forwards HTTP headers with invalid names to its targets", alb.display_name()),
                Some(fb.finish(format!("Drop invalid header fields on `{}`", alb.id))),
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

    fn design(drop: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("alb", NodeKind::Alb, "", (0.0, 0.0), &[("drop_invalid_header_fields", drop.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        assert_eq!(flagged(&AlbDropInvalidHeaders, &design(false), Options::default()), ["alb"]);
        assert!(flagged(&AlbDropInvalidHeaders, &design(true), Options::default()).is_empty());
        fixes_itself(&AlbDropInvalidHeaders, &design(false));
    }
}
