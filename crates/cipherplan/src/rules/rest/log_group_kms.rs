use crate::catalog::NodeKind;
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rest::at_rest_flags;
use crate::rules::fix::{use_cmk, FixBuilder, KeyFinder};
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// CloudWatch log groups are encrypted with a customer managed KMS key.
    ///
    /// ## What it checks
    /// Every `log_group` has an `encrypts_with` edge to a `kms_key` (`kms_key_id`).
    ///
    /// ## Why it matters
    /// Container logs and ECS Exec session transcripts carry what the application and the
    /// operators printed: request data, stack traces with settings, query results from a
    /// shell. CloudWatch Logs encrypts them with its own key, which anyone with
    /// `logs:GetLogEvents` reads through. A customer key adds a second gate (the key policy)
    /// and an audit trail; ECS Exec session logging with encryption requires it.
    /// AWS: "Encrypt log data in CloudWatch Logs using AWS Key Management Service".
    ///
    /// ## Example
    /// `aws_cloudwatch_log_group` without `kms_key_id`.
    ///
    /// ## Fix
    /// Set `kms_key_id` to a customer managed key whose key policy allows the
    /// `logs.<region>.amazonaws.com` service principal (with an encryption context condition
    /// on the log group ARN).
    pub struct LogGroupKms;
}

static META: RuleMeta = RuleMeta {
    code: "CP-R005",
    name: "log-group-kms",
    severity: Severity::Warning,
    area: Area::Rest,
    doc_url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
    scanner_ids: &["CKV_AWS_158"],
    fixable: true,
    fix: LogGroupKms::FIX,
};

impl Rule for LogGroupKms {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        let mut keys = KeyFinder::default();
        for group in model.nodes_of(NodeKind::LogGroup) {
            if at_rest_flags(model, group).is_some_and(|(_, cmk)| cmk) {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            let key = use_cmk(&mut fb, &mut keys, group, "storage");
            out.push(
                &META,
                Target::Node(group.id.clone()),
                format!("log group `{}` is not encrypted with a customer managed key", group.display_name()),
                Some(fb.finish(format!("Encrypt log group `{}` with `{key}`", group.id))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::EdgeKind;
    use crate::design::Design;
    use crate::rules::testing::{fixes_itself, flagged};
    use crate::templates::Builder;

    fn design(key: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("logs", NodeKind::LogGroup, "", (0.0, 0.0), &[]);
        b.node("k", NodeKind::KmsKey, "", (0.0, 0.0), &[]);
        if key {
            b.edge(EdgeKind::EncryptsWith, "logs", "k", &[]);
        }
        b.build()
    }

    #[test]
    fn fixtures() {
        assert_eq!(flagged(&LogGroupKms, &design(false), Options::default()), ["logs"]);
        assert!(flagged(&LogGroupKms, &design(true), Options::default()).is_empty());
        fixes_itself(&LogGroupKms, &design(false));
    }
}
