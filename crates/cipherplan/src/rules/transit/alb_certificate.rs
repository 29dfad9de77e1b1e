use crate::catalog::NodeKind;
use crate::design::Patch;
use crate::finding::{Fix, Severity, Target};
use crate::model::Model;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// The HTTPS listener has a certificate, preferably a public ACM certificate.
    ///
    /// ## What it checks
    /// Every `alb` with an HTTPS listener has `certificate` set to `acm` or `imported`.
    ///
    /// ## Why it matters
    /// An HTTPS listener cannot be created without a certificate, so a design without one is
    /// not deployable as drawn; a public ACM certificate is free on ELB and renews itself,
    /// while an imported one expires silently. Scanners see only an ARN, not where it comes from.
    /// AWS: "SSL certificates for your Application Load Balancer".
    ///
    /// ## Example
    /// `https_listener = true` with `certificate = "none"`.
    ///
    /// ## Fix
    /// Request a public ACM certificate for the domain (DNS validation in Route 53) and attach
    /// it to the HTTPS listener (`certificate_arn`).
    pub struct AlbCertificate;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T003",
    name: "alb-certificate",
    severity: Severity::Error,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/https-listener-certificates.html",
    scanner_ids: &[],
    fixable: true,
    fix: AlbCertificate::FIX,
};

impl Rule for AlbCertificate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for alb in model.nodes_of(NodeKind::Alb) {
            if !alb.bool("https_listener") || alb.text("certificate") != "none" {
                continue;
            }
            out.push(
                &META,
                Target::Node(alb.id.clone()),
                format!("`{}` has an HTTPS listener without a certificate", alb.display_name()),
                Some(Fix::one(
                    format!("Attach an ACM certificate to the HTTPS listener of `{}`", alb.id),
                    Patch::SetNodeProp { node: alb.id.clone(), prop: "certificate".into(), value: "acm".into() },
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

    fn alb(https: bool, cert: &str) -> Design {
        let mut d = Design::new("t");
        let mut n = Node::new("alb", NodeKind::Alb, "", 0.0, 0.0);
        n.props.insert("https_listener".into(), https.into());
        n.props.insert("certificate".into(), cert.into());
        d.nodes.push(n);
        d
    }

    #[test]
    fn fixtures() {
        for (https, cert, fails) in
            [(true, "none", true), (true, "acm", false), (true, "imported", false), (false, "none", false)]
        {
            assert_eq!(
                !flagged(&AlbCertificate, &alb(https, cert), Options::default()).is_empty(),
                fails,
                "{https} {cert}"
            );
        }
        fixes_itself(&AlbCertificate, &alb(true, "none"));
    }
}
