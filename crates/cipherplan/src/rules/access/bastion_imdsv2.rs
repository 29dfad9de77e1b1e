use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// The bastion host requires IMDSv2.
    ///
    /// ## What it checks
    /// Every `bastion` has `http_tokens = "required"` in its metadata options.
    ///
    /// ## Why it matters
    /// The instance metadata service hands out the instance role's temporary credentials.
    /// IMDSv1 answers any plain GET, so a server-side request forgery or an open proxy on the
    /// host (a forwarder, a misconfigured tool) leaks them; IMDSv2 requires a session token
    /// obtained with a PUT and a hop limit, which those cannot produce. The bastion's role can
    /// typically reach the database and its secrets.
    /// AWS: "Configure the instance metadata options" (require IMDSv2).
    ///
    /// ## Example
    /// `aws_instance` without `metadata_options { http_tokens = "required" }`.
    ///
    /// ## Fix
    /// Set `metadata_options { http_tokens = "required", http_put_response_hop_limit = 1 }`.
    pub struct BastionImdsv2;
}

static META: RuleMeta = RuleMeta {
    code: "CP-A003",
    name: "bastion-imdsv2",
    severity: Severity::Warning,
    area: Area::Access,
    doc_url: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html",
    scanner_ids: &["CKV_AWS_79"],
    fixable: true,
    fix: BastionImdsv2::FIX,
};

impl Rule for BastionImdsv2 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for host in model.nodes_of(NodeKind::Bastion) {
            if host.text("http_tokens") == "required" {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            fb.set_node(host, "http_tokens", "required");
            out.push(
                &META,
                Target::Node(host.id.clone()),
                format!(
                    "bastion `{}` still answers IMDSv1: a request forgery can read its role credentials",
                    host.display_name()
                ),
                Some(fb.finish(format!("Require IMDSv2 on `{}`", host.id))),
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

    fn design(tokens: &str) -> Design {
        let mut b = Builder::new("t", "");
        b.node("bastion", NodeKind::Bastion, "", (0.0, 0.0), &[("http_tokens", tokens.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        assert_eq!(flagged(&BastionImdsv2, &design("optional"), Options::default()), ["bastion"]);
        assert!(flagged(&BastionImdsv2, &design("required"), Options::default()).is_empty());
        fixes_itself(&BastionImdsv2, &design("optional"));
    }
}
