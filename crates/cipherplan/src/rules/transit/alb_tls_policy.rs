use crate::catalog::NodeKind;
use crate::design::Patch;
use crate::finding::{Fix, Severity, Target};
use crate::hop::alb_policy_allows_old_tls;
use crate::model::Model;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

/// The policy the fix and the templates use: TLS 1.3 and 1.2 with forward secrecy.
pub const RECOMMENDED_POLICY: &str = "ELBSecurityPolicy-TLS13-1-2-2021-06";

declare_rule! {
    /// The HTTPS listener uses a modern TLS policy (TLS 1.2 or later only).
    ///
    /// ## What it checks
    /// Every `alb` with an HTTPS listener has an `ssl_policy` that refuses TLS 1.0 and 1.1.
    ///
    /// ## Why it matters
    /// `ELBSecurityPolicy-2016-08`, the default of Terraform and CDK, still accepts TLS 1.0 and
    /// 1.1 and weak ciphers, so a downgrade gives an attacker a protocol with known breaks.
    /// AWS: "Security policies for your Application Load Balancer" recommends
    /// `ELBSecurityPolicy-TLS13-1-2-2021-06`.
    ///
    /// ## Example
    /// `ssl_policy = "ELBSecurityPolicy-2016-08"`.
    ///
    /// ## Fix
    /// Set `ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"`.
    pub struct AlbTlsPolicy;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T002",
    name: "alb-tls-policy",
    severity: Severity::Error,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html",
    scanner_ids: &["CKV_AWS_103", "CKV2_AWS_74"],
    fixable: true,
    fix: AlbTlsPolicy::FIX,
};

impl Rule for AlbTlsPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for alb in model.nodes_of(NodeKind::Alb) {
            let policy = alb.text("ssl_policy");
            if !alb.bool("https_listener") || !alb_policy_allows_old_tls(policy) {
                continue;
            }
            out.push(
                &META,
                Target::Node(alb.id.clone()),
                format!("`{}` uses {policy}, which still accepts TLS 1.0 and 1.1", alb.display_name()),
                Some(Fix::one(
                    format!("Use {RECOMMENDED_POLICY} on `{}`", alb.id),
                    Patch::SetNodeProp {
                        node: alb.id.clone(),
                        prop: "ssl_policy".into(),
                        value: RECOMMENDED_POLICY.into(),
                    },
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::{Design, Node};
    use crate::rules::testing::{fixes_itself, flagged};

    fn alb(policy: &str) -> Design {
        let mut d = Design::new("t");
        let mut n = Node::new("alb", NodeKind::Alb, "", 0.0, 0.0);
        n.props.insert("https_listener".into(), true.into());
        n.props.insert("ssl_policy".into(), policy.into());
        d.nodes.push(n);
        d
    }

    #[test]
    fn fixtures() {
        for (policy, fails) in [
            ("ELBSecurityPolicy-2016-08", true),
            ("ELBSecurityPolicy-TLS-1-1-2017-01", true),
            ("ELBSecurityPolicy-2015-05", true),
            ("ELBSecurityPolicy-TLS-1-2-2017-01", false),
            (RECOMMENDED_POLICY, false),
            ("ELBSecurityPolicy-TLS13-1-3-2021-06", false),
        ] {
            assert_eq!(!flagged(&AlbTlsPolicy, &alb(policy), Options::default()).is_empty(), fails, "{policy}");
        }
        fixes_itself(&AlbTlsPolicy, &alb("ELBSecurityPolicy-2016-08"));
    }
}
