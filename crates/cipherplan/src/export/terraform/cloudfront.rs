//! cloudfront.tf: distributions in front of load balancers and buckets, with the viewer and
//! origin protocol policies and the minimum viewer TLS version as designed.

use super::hcl::{list, obj, r, strs, Blk};
use super::Ctx;
use crate::catalog::{EdgeKind, NodeKind};
use crate::design::Node;

const FILE: &str = "cloudfront.tf";

/// AWS managed cache policies and origin request policies (their ids are fixed by AWS).
const CACHING_DISABLED: &str = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const CACHING_OPTIMIZED: &str = "658327ea-f89d-4fab-a63d-7e88639e58f6";
const ALL_VIEWER_EXCEPT_HOST: &str = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

/// The buckets a distribution reads through origin access control, for their bucket policies.
pub(super) fn readers<'d>(ctx: &Ctx<'_, 'd>, bucket: &Node) -> Vec<&'d Node> {
    let mut v: Vec<&Node> = ctx
        .model
        .incoming(&bucket.id, EdgeKind::Flow)
        .into_iter()
        .filter_map(|f| ctx.model.node(&f.from))
        .filter(|n| n.kind == NodeKind::Cloudfront)
        .collect();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v.dedup_by(|a, b| a.id == b.id);
    v
}

pub(super) fn generate(ctx: &mut Ctx<'_, '_>) {
    for cf in ctx.sorted(NodeKind::Cloudfront) {
        distribution(ctx, cf);
    }
}

fn distribution<'d>(ctx: &mut Ctx<'_, 'd>, cf: &'d Node) {
    let id = ctx.n(&cf.id);
    let mut flows = ctx.model.outgoing(&cf.id, EdgeKind::Flow);
    flows.sort_by(|a, b| a.id.cmp(&b.id));
    let mut origins: Vec<&Node> = flows
        .iter()
        .filter_map(|f| ctx.model.node(&f.to))
        .filter(|n| matches!(n.kind, NodeKind::Alb | NodeKind::S3Bucket))
        .collect();
    origins.dedup_by(|a, b| a.id == b.id);
    // A load balancer origin serves the application: it takes the default behaviour.
    origins.sort_by_key(|o| (o.kind != NodeKind::Alb, o.id.clone()));
    if origins.is_empty() {
        ctx.notes.push(format!(
            "CloudFront `{}` has no flow to a load balancer or bucket, so it has no origin and is not exported.",
            ctx.seg(&cf.id)
        ));
        return;
    }
    let origin_policy = cf.text("origin_protocol_policy");
    let mut b = Blk::resource("aws_cloudfront_distribution", &id)
        .a("enabled", true)
        .a("comment", cf.display_name())
        .a("http_version", "http2and3")
        .a("price_class", "PriceClass_100");
    for o in &origins {
        let oid = ctx.seg(&o.id);
        let mut origin = Blk::new("origin").a("origin_id", oid.clone());
        if o.kind == NodeKind::Alb {
            origin =
                origin.a("domain_name", r(&["aws_lb", &ctx.n(&o.id), "dns_name"])).b(Blk::new("custom_origin_config")
                    .a("http_port", 80)
                    .a("https_port", 443)
                    .a("origin_protocol_policy", origin_policy)
                    .a("origin_ssl_protocols", strs(["TLSv1.2"])));
        } else {
            let oac = format!("{id}_{}", ctx.n(&o.id));
            let oac = ctx.unique("aws_cloudfront_origin_access_control", &oac);
            ctx.add(
                FILE,
                Blk::resource("aws_cloudfront_origin_access_control", &oac)
                    .a("name", super::hcl::func("substr", vec![ctx.aws_name(&o.id, None), 0.into(), 64.into()]))
                    .a("origin_access_control_origin_type", "s3")
                    .a("signing_behavior", "always")
                    .a("signing_protocol", "sigv4"),
            );
            origin = origin
                .a("domain_name", r(&["aws_s3_bucket", &ctx.n(&o.id), "bucket_regional_domain_name"]))
                .a("origin_access_control_id", r(&["aws_cloudfront_origin_access_control", &oac, "id"]));
        }
        b = b.b(origin);
    }
    let behavior = |block: &'static str, o: &Node, seg: String| -> Blk {
        let alb = o.kind == NodeKind::Alb;
        let mut bh = Blk::new(block);
        if block == "ordered_cache_behavior" {
            bh = bh.a("path_pattern", format!("/{seg}/*"));
        }
        bh.a("target_origin_id", seg)
            .a("viewer_protocol_policy", cf.text("viewer_protocol_policy"))
            .a(
                "allowed_methods",
                if alb {
                    strs(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"])
                } else {
                    strs(["GET", "HEAD"])
                },
            )
            .a("cached_methods", strs(["GET", "HEAD"]))
            .a("cache_policy_id", if alb { CACHING_DISABLED } else { CACHING_OPTIMIZED })
            .a_if(alb, "origin_request_policy_id", ALL_VIEWER_EXCEPT_HOST)
            .a("compress", true)
    };
    b = b.b(behavior("default_cache_behavior", origins[0], ctx.seg(&origins[0].id)));
    for o in &origins[1..] {
        b = b.b(behavior("ordered_cache_behavior", o, ctx.seg(&o.id)));
    }
    b = b.b(Blk::new("restrictions").b(Blk::new("geo_restriction").a("restriction_type", "none")));
    let min = cf.text("minimum_protocol_version");
    if min == "TLSv1" {
        // CloudFront's own certificate (*.cloudfront.net) always allows TLSv1, as designed.
        b = b.b(Blk::new("viewer_certificate").a("cloudfront_default_certificate", true));
    } else {
        let cert = ctx.var(
            "cloudfront_certificate_arn",
            "string",
            "ARN of an ACM certificate for var.domain_name in us-east-1 (CloudFront only uses certificates from that region).",
            None,
        );
        let domain = super::ecs::domain_var(ctx);
        b = b.a("aliases", list([domain])).b(Blk::new("viewer_certificate")
            .a("acm_certificate_arn", cert)
            .a("ssl_support_method", "sni-only")
            .a("minimum_protocol_version", min));
    }
    if origins.iter().any(|o| o.kind == NodeKind::Alb) && origin_policy == "https-only" {
        ctx.notes.push(format!(
            "CloudFront `{}` reaches its load balancer over HTTPS: the load balancer's certificate must name the origin domain (point a name covered by it at the load balancer and use it as the origin).",
            ctx.seg(&cf.id)
        ));
    }
    ctx.add(FILE, b.a("tags", obj([("Name", ctx.aws_name(&cf.id, None))])));
    ctx.outputs.push(
        Blk::labelled("output", &format!("{id}_domain_name"))
            .a("description", format!("Domain name of CloudFront distribution `{}`.", ctx.seg(&cf.id)))
            .a("value", r(&["aws_cloudfront_distribution", &id, "domain_name"])),
    );
}
