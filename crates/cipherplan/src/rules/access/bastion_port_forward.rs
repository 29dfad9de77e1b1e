use crate::catalog::{EdgeKind, NodeKind};
use crate::finding::{Severity, Target};
use crate::model::Model;
use crate::rules::fix::FixBuilder;
use crate::rules::{Area, Findings, Options, Rule, RuleMeta};

declare_rule! {
    /// The bastion runs the database client itself rather than forwarding the database port.
    ///
    /// ## What it checks
    /// Every `bastion` with `socat_forward = true` (a `socat TCP-LISTEN:5432,fork
    /// TCP:<rds>:5432` forwarder, as all three libraries install).
    ///
    /// ## Why it matters
    /// A forwarder turns the bastion into an open relay to the database: anything that can
    /// reach port 5432 on the host (with a public IP, possibly the internet) talks to RDS, and
    /// the bastion no longer sees or controls the session. TLS then depends on a client on
    /// someone's laptop whose `sslmode` nobody checks (psql's default is `prefer`), and
    /// `verify-full` fails because the host name is the bastion's. Running `psql` on the
    /// bastion inside an SSM session keeps the database port closed and the client
    /// configuration in your hands; if a local client is needed, Session Manager port
    /// forwarding (`AWS-StartPortForwardingSessionToRemoteHost`) tunnels without a listener.
    /// AWS: "Start a session" in the Session Manager user guide (port forwarding to remote
    /// hosts).
    ///
    /// ## Example
    /// cloud-init installing `socat` with `TCP4-LISTEN:5432,fork TCP4:${rds_address}:5432`.
    ///
    /// ## Fix
    /// Remove the forwarder; run `psql "sslmode=verify-full sslrootcert=global-bundle.pem"` on
    /// the bastion through `aws ssm start-session`, or use the SSM remote-host port forwarding
    /// document.
    pub struct BastionPortForward;
}

static META: RuleMeta = RuleMeta {
    code: "CP-A008",
    name: "bastion-port-forward",
    severity: Severity::Warning,
    area: Area::Access,
    doc_url:
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-sessions-start.html",
    scanner_ids: &[],
    fixable: true,
    fix: BastionPortForward::FIX,
};

impl Rule for BastionPortForward {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model<'_>, _: &Options, out: &mut Findings) {
        for host in model.nodes_of(NodeKind::Bastion) {
            if !host.bool("socat_forward") {
                continue;
            }
            let mut fb = FixBuilder::new(model);
            fb.set_node(host, "socat_forward", false);
            for flow in model.incoming_of(host, EdgeKind::Flow) {
                let from_operator = model.source(flow).is_some_and(|n| n.kind == NodeKind::Operator);
                if from_operator && flow.text("protocol") != "ssm" {
                    fb.set_edge(flow, "protocol", "ssm");
                    fb.set_edge(flow, "port", 443);
                    fb.set_edge(flow, "tls", "verify-full");
                }
            }
            out.push(
                &META,
                Target::Node(host.id.clone()),
                format!(
                    "bastion `{}` forwards the database port with socat: an open relay to RDS with an unchecked client",
                    host.display_name()
                ),
                Some(fb.finish(format!("Remove the socat forwarder from `{}` and run psql on it over SSM", host.id))),
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

    fn design(socat: bool) -> Design {
        let mut b = Builder::new("t", "");
        b.node("ops", NodeKind::Operator, "", (0.0, 0.0), &[]);
        b.node("bastion", NodeKind::Bastion, "", (0.0, 0.0), &[("socat_forward", socat.into())]);
        b.flow("ops", "bastion", &[("protocol", "postgresql".into()), ("port", 5432.into())]);
        b.build()
    }

    #[test]
    fn fixtures() {
        assert_eq!(flagged(&BastionPortForward, &design(true), Options::default()), ["bastion"]);
        assert!(flagged(&BastionPortForward, &design(false), Options::default()).is_empty());
        fixes_itself(&BastionPortForward, &design(true));
    }
}
