//! Built-in templates: the reference design, its unencrypted baseline, and the author's three
//! public libraries as they are (DESIGN.md §3).
//!
//! Templates are built in code with [`Builder`] so they are always valid against the catalog
//! (a test loads each one back from its JSON).

mod author;
mod django;

use crate::catalog::{EdgeKind, NodeKind};
use crate::design::{Design, Edge, Node};
use crate::value::Value;

/// A built-in template.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    /// Name used by `cipherplan template NAME` and the browser's templates menu.
    pub name: &'static str,
    /// One line on what it shows.
    pub summary: &'static str,
    /// Builds the design.
    pub build: fn() -> Design,
}

/// Every template, the reference design first.
pub static TEMPLATES: &[Template] = &[
    Template {
        name: "django-encrypted",
        summary: "Django on ECS Fargate, fully encrypted in transit and at rest (the reference design).",
        build: django::encrypted,
    },
    Template {
        name: "django-baseline",
        summary: "The same services with AWS defaults and no encryption work.",
        build: django::baseline,
    },
    Template {
        name: "terraform-aws-django-0.25",
        summary: "The author's Terraform library as published: TLS 1.0 policy, HTTP to gunicorn, unencrypted Redis cluster, public bastion with socat.",
        build: author::terraform,
    },
    Template {
        name: "cdk-django-1.8",
        summary: "The author's CDK library as published: RDS and Redis unencrypted, default TLS policy, HTTP target groups, public IPs on tasks.",
        build: author::cdk,
    },
    Template {
        name: "pulumi-aws-django-1.28",
        summary: "The author's Pulumi library as published: nginx sidecar and rds.force_ssl, but RDS, Redis and S3 without encryption work.",
        build: author::pulumi,
    },
];

/// The template with this name.
#[must_use]
pub fn template(name: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.name == name)
}

/// The reference design (`django-encrypted`).
#[must_use]
pub fn reference() -> Design {
    django::encrypted()
}

/// A small builder that keeps template code readable.
#[derive(Debug)]
pub struct Builder {
    design: Design,
}

/// A list of property settings.
pub type Props<'a> = &'a [(&'a str, Value)];

impl Builder {
    /// Starts a design.
    #[must_use]
    pub fn new(name: &str, description: &str) -> Self {
        let mut design = Design::new(name);
        design.description = description.to_owned();
        Builder { design }
    }

    /// Adds a node.
    pub fn node(&mut self, id: &str, kind: NodeKind, label: &str, at: (f64, f64), props: Props<'_>) -> &mut Self {
        let mut n = Node::new(id, kind, label, at.0, at.1);
        n.props = props.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        self.design.nodes.push(n);
        self
    }

    /// Adds a box (boundary or service) with a size.
    pub fn boxed(
        &mut self,
        id: &str,
        kind: NodeKind,
        label: &str,
        at: (f64, f64),
        size: (f64, f64),
        props: Props<'_>,
    ) -> &mut Self {
        self.node(id, kind, label, at, props);
        if let Some(n) = self.design.nodes.last_mut() {
            n.w = Some(size.0);
            n.h = Some(size.1);
        }
        self
    }

    /// Places the last added node inside `parent`.
    pub fn inside(&mut self, parent: &str) -> &mut Self {
        if let Some(n) = self.design.nodes.last_mut() {
            n.parent = Some(parent.to_owned());
        }
        self
    }

    /// Adds a network flow with id `from-to` (suffixed when taken).
    pub fn flow(&mut self, from: &str, to: &str, props: Props<'_>) -> &mut Self {
        self.edge(EdgeKind::Flow, from, to, props)
    }

    /// Adds an edge of any kind with id `from-to` (relations get the kind appended).
    pub fn edge(&mut self, kind: EdgeKind, from: &str, to: &str, props: Props<'_>) -> &mut Self {
        let base = if kind == EdgeKind::Flow {
            format!("{from}-{to}")
        } else {
            format!("{from}-{}-{to}", kind.as_str().replace('_', "-"))
        };
        let id = self.design.fresh_id(&base);
        let mut e = Edge::new(id, kind, from, to);
        e.props = props.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        self.design.edges.push(e);
        self
    }

    /// The finished design.
    #[must_use]
    pub fn build(self) -> Design {
        self.design
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_loads_back_from_its_json() {
        for t in TEMPLATES {
            let d = (t.build)();
            assert_eq!(d.name, t.name);
            let back = crate::load::load(&d.to_json()).unwrap_or_else(|e| panic!("{}: {e}", t.name));
            assert_eq!(back, d, "{} round trip", t.name);
        }
    }
}
