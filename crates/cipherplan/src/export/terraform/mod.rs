//! Terraform exporter: a design becomes a root module (hashicorp/aws 6.x), one file per concern.
//!
//! Built with hcl-rs blocks and expressions, never string templates, so whatever a user typed
//! ends up inside an escaped HCL string or is rebuilt into a plain identifier. The export is
//! faithful: every setting the rules judge maps to the resource argument that implements it,
//! and a weakened design gives weakened code (so checkov on the output can cross-check the
//! validator). Files appear only when the design needs them.
//!
//! Naming: every node gets one Terraform identifier ([`names::tf_ident`] of its id, made
//! unique in sorted-id order). Resources derived from a node use that identifier plus a fixed
//! suffix; within one resource type either every name carries a suffix from a set where no
//! suffix ends another, or none does, so derived names can never collide.

mod alb;
mod bastion;
mod cloudfront;
mod data;
mod ecs;
pub(crate) mod hcl;
mod kms;
mod module;
pub(crate) use module::md;
mod network;
mod secrets;

use self::hcl::{r, Blk};
use crate::catalog::NodeKind;
use crate::design::{Design, Node};
use crate::export::app::env::{self, Wiring};
use crate::export::names::{self, Unique};
use crate::export::FileTree;
use crate::finding::Finding;
use crate::model::Model;
use ::hcl::Expression;
use std::collections::{BTreeMap, HashMap};

/// Names no node identifier may take, because fixed resources use them.
const RESERVED: &[&str] = &["main", "public", "private", "default", "this", "current", "nat", "all", "az"];

/// Exports `design` as a Terraform root module.
#[must_use]
pub fn export(design: &Design) -> FileTree {
    // Sorted nodes and edges: the files (and the findings they quote) do not depend on the
    // order a design lists them in.
    let design = &crate::export::canonical(design);
    let model = Model::new(design);
    let findings = crate::rules::check_model(&model, &crate::rules::Options::default());
    let mut ctx = Ctx::new(&model, &findings);
    ctx.target_groups = alb::target_groups(&ctx);
    network::generate(&mut ctx);
    kms::generate(&mut ctx);
    secrets::generate(&mut ctx);
    data::generate(&mut ctx);
    alb::generate(&mut ctx);
    cloudfront::generate(&mut ctx);
    ecs::generate(&mut ctx);
    bastion::generate(&mut ctx);
    module::finish(ctx)
}

/// A declared input variable.
#[derive(Debug, Clone)]
pub(crate) struct Var {
    /// Terraform type expression (`string`, `number`, `bool`).
    pub ty: &'static str,
    /// Description (also listed in the README).
    pub description: String,
    /// Default, if any (a variable without one must be supplied).
    pub default: Option<Expression>,
    /// Shown as a default in the README.
    pub default_text: Option<String>,
    /// Marked sensitive.
    pub sensitive: bool,
}

/// Everything the generators share while building one module.
pub(crate) struct Ctx<'m, 'd> {
    pub model: &'m Model<'d>,
    pub design: &'d Design,
    pub findings: &'m [Finding],
    pub wiring: Wiring<'d>,
    idents: HashMap<String, String>,
    files: BTreeMap<&'static str, Vec<Blk>>,
    headers: BTreeMap<&'static str, Vec<String>>,
    pub vars: BTreeMap<String, Var>,
    pub outputs: Vec<Blk>,
    /// README notes: what the user must know or do that the code cannot express.
    pub notes: Vec<String>,
    unique: HashMap<&'static str, Unique>,
    done: std::collections::BTreeSet<&'static str>,
    /// Nodes by kind, sorted by id.
    by_kind: HashMap<NodeKind, Vec<&'d Node>>,
    /// Every ALB target group, computed once (services look theirs up).
    pub target_groups: Vec<alb::Tg<'d>>,
}

impl<'m, 'd> Ctx<'m, 'd> {
    fn new(model: &'m Model<'d>, findings: &'m [Finding]) -> Self {
        let design = model.design;
        let mut ids: Vec<&Node> = design.nodes.iter().collect();
        ids.sort_by(|a, b| a.id.cmp(&b.id));
        let mut u = Unique::new("_");
        for r in RESERVED {
            u.reserve(r);
        }
        let idents = ids.iter().map(|n| (n.id.clone(), u.claim(&names::tf_ident(&n.id, n.kind.as_str())))).collect();
        let mut by_kind: HashMap<NodeKind, Vec<&Node>> = HashMap::new();
        for n in &ids {
            by_kind.entry(n.kind).or_default().push(n);
        }
        Ctx {
            model,
            design,
            findings,
            wiring: env::wiring(model),
            idents,
            files: BTreeMap::new(),
            headers: BTreeMap::new(),
            vars: BTreeMap::new(),
            outputs: Vec::new(),
            notes: Vec::new(),
            unique: HashMap::new(),
            done: std::collections::BTreeSet::new(),
            by_kind,
            target_groups: Vec::new(),
        }
    }

    /// The Terraform identifier of a node.
    pub fn n(&self, id: &str) -> String {
        self.idents.get(id).cloned().unwrap_or_else(|| names::tf_ident(id, "x"))
    }

    /// The AWS name segment of a node (its identifier with `-`).
    pub fn seg(&self, id: &str) -> String {
        self.n(id).replace('_', "-")
    }

    /// `"${local.name}-SEG"` as `format("%s-SEG", local.name)`, optionally cut to `max`
    /// characters (AWS name limits).
    pub fn aws_name(&self, id: &str, max: Option<usize>) -> Expression {
        let f = hcl::func("format", vec![hcl::s("%s-".to_owned() + &self.seg(id)), hcl::local("name")]);
        match max {
            Some(m) => hcl::func("substr", vec![f, 0.into(), m.into()]),
            None => f,
        }
    }

    /// Nodes of a kind, sorted by id.
    pub fn sorted(&self, kind: NodeKind) -> Vec<&'d Node> {
        self.by_kind.get(&kind).cloned().unwrap_or_default()
    }

    /// A name unique within one resource type, derived from `base` (already an identifier).
    pub fn unique(&mut self, rtype: &'static str, base: &str) -> String {
        self.unique.entry(rtype).or_insert_with(|| Unique::new("_")).claim(base)
    }

    /// True the first time it is asked about `what` (blocks a module declares once).
    pub fn once(&mut self, what: &'static str) -> bool {
        self.done.insert(what)
    }

    /// Adds a block to a file.
    pub fn add(&mut self, file: &'static str, block: Blk) {
        self.files.entry(file).or_default().push(block);
    }

    /// Adds a comment line to the top of a file (made safe when rendered).
    pub fn header(&mut self, file: &'static str, line: impl Into<String>) {
        self.headers.entry(file).or_default().push(line.into());
    }

    /// Declares a variable (first declaration wins) and returns `var.NAME`.
    pub fn var(
        &mut self,
        name: &str,
        ty: &'static str,
        description: &str,
        default: Option<(Expression, String)>,
    ) -> Expression {
        if self.vars.contains_key(name) {
            return hcl::var(name);
        }
        self.vars.entry(name.to_owned()).or_insert_with(|| {
            let (default, default_text) = match default {
                Some((e, t)) => (Some(e), Some(t)),
                None => (None, None),
            };
            Var { ty, description: description.to_owned(), default, default_text, sensitive: false }
        });
        hcl::var(name)
    }

    /// Marks a declared variable sensitive.
    pub fn sensitive(&mut self, name: &str) {
        if let Some(v) = self.vars.get_mut(name) {
            v.sensitive = true;
        }
    }

    /// `aws_kms_key.<key>.arn` of the key `id` is encrypted with for `purpose`.
    pub fn key_arn(&self, id: &str, purpose: &str) -> Option<Expression> {
        self.model.key_of(id, purpose).map(|k| r(&["aws_kms_key", &self.n(&k.id), "arn"]))
    }

    /// The subnet ids a node is placed in.
    pub fn subnets(public: bool) -> Expression {
        hcl::splat("aws_subnet", if public { "public" } else { "private" }, "id")
    }

    /// The cluster a service runs on: its `runs_on` target, else the first cluster, else the
    /// module's default cluster (`None`).
    pub fn cluster_for(&self, service: &Node) -> Option<&'d Node> {
        self.model.cluster_of(&service.id).or_else(|| self.sorted(NodeKind::EcsCluster).into_iter().next())
    }

    /// Identifier of the cluster resource a service runs on.
    pub fn cluster_ident(&self, service: &Node) -> String {
        self.cluster_for(service).map_or_else(|| "default".to_owned(), |c| self.n(&c.id))
    }

    /// The name of a cluster as an expression that does not reference the cluster resource
    /// (key policies need it before the cluster exists).
    pub fn cluster_name(&self, cluster: Option<&Node>) -> Expression {
        match cluster {
            Some(c) => self.aws_name(&c.id, None),
            None => hcl::local("name"),
        }
    }

    /// Whether a node has a security group in this module.
    pub fn has_sg(node: &Node) -> bool {
        matches!(
            node.kind,
            NodeKind::Alb
                | NodeKind::EcsService
                | NodeKind::RedisEcs
                | NodeKind::Bastion
                | NodeKind::RdsPostgres
                | NodeKind::ElasticacheRedis
                | NodeKind::Efs
        ) || (node.kind == NodeKind::VpcEndpoint && node.text("endpoint_type") == "Interface")
    }

    /// The node whose security group and IAM role act for `node` (a container acts as its
    /// service).
    pub fn acting(&self, node: &'d Node) -> &'d Node {
        if node.kind == NodeKind::Container {
            if let Some(p) = self.model.parent(node).filter(|p| p.kind == NodeKind::EcsService) {
                return p;
            }
        }
        node
    }

    /// `aws_security_group.<node>.id`.
    pub fn sg(&self, node: &Node) -> Expression {
        r(&["aws_security_group", &self.n(&node.id), "id"])
    }

    /// The ECS services (not management tasks) and management tasks, sorted by id.
    pub fn services(&self) -> Vec<&'d Node> {
        self.sorted(NodeKind::EcsService)
    }

    /// The name of a log group node.
    pub fn log_group_name(&self, lg: &Node) -> Expression {
        let seg = names::log_group_path(&lg.label, &self.seg(&lg.id));
        hcl::func("format", vec![hcl::s("/%s".to_owned() + &seg), hcl::local("name")])
    }
}
