use crate::catalog::NodeKind;
use crate::design::Patch;
use crate::finding::{Fix, Severity, Target};
use crate::model::Model;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// The load balancer serves HTTPS only; HTTP :80 only redirects to HTTPS.
    ///
    /// ## What it checks
    /// Every internet-facing `alb` has an HTTPS listener, and its HTTP listener is either
    /// absent or a `redirect` (HTTP_301 to HTTPS), never `forward`.
    ///
    /// ## Why it matters
    /// The ALB is the outermost layer of encryption. An HTTP listener that forwards serves the
    /// whole application in plaintext to anyone who types `http://`, session cookies included.
    /// AWS: "Create an HTTPS listener for your Application Load Balancer" and listener rules
    /// with a redirect action.
    ///
    /// ## Example
    /// `http_listener = "forward"` next to an HTTPS listener, or no HTTPS listener at all.
    ///
    /// ## Fix
    /// Add an HTTPS listener on 443 and make the port 80 listener a `redirect` to HTTPS
    /// (`status_code = "HTTP_301"`).
    pub struct HttpsEntry;
}

static META: RuleMeta = RuleMeta {
    code: "CP-T001",
    name: "https-entry",
    severity: Severity::Error,
    area: Area::Transit,
    doc_url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html",
    // CKV_AWS_103 also fails an HTTP listener that forwards instead of redirecting.
    scanner_ids: &["CKV_AWS_2", "CKV2_AWS_20", "CKV_AWS_103"],
    fixable: true,
    fix: HttpsEntry::FIX,
};

impl Rule for HttpsEntry {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for alb in model.nodes_of(NodeKind::Alb) {
            let mut patches = Vec::new();
            let mut problems = Vec::new();
            if !alb.bool("https_listener") {
                problems.push("has no HTTPS listener");
                patches.push(Patch::SetNodeProp {
                    node: alb.id.clone(),
                    prop: "https_listener".into(),
                    value: true.into(),
                });
            }
            if alb.text("http_listener") == "forward" {
                problems.push("forwards plain HTTP on :80 instead of redirecting");
                patches.push(Patch::SetNodeProp {
                    node: alb.id.clone(),
                    prop: "http_listener".into(),
                    value: "redirect".into(),
                });
            }
            if problems.is_empty() {
                continue;
            }
            out.push(
                &META,
                Target::Node(alb.id.clone()),
                format!("`{}` {}", alb.display_name(), problems.join(" and ")),
                Some(Fix { title: format!("Serve HTTPS on `{}` and redirect HTTP :80 to it", alb.id), patches }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::{Design, Node};
    use crate::rules::testing::{fixes_itself, flagged};

    fn alb(https: bool, http: &str) -> Design {
        let mut d = Design::new("t");
        let mut n = Node::new("alb", NodeKind::Alb, "", 0.0, 0.0);
        n.props.insert("https_listener".into(), https.into());
        n.props.insert("http_listener".into(), http.into());
        d.nodes.push(n);
        d
    }

    #[test]
    fn fixtures() {
        for (https, http, fails) in [
            (true, "redirect", false),
            (true, "none", false),
            (true, "forward", true),
            (false, "redirect", true),
            (false, "forward", true),
        ] {
            assert_eq!(
                !flagged(&HttpsEntry, &alb(https, http), Options::default()).is_empty(),
                fails,
                "https {https} http {http}"
            );
        }
        fixes_itself(&HttpsEntry, &alb(false, "forward"));
    }
}
