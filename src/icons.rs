//! The icons: one SVG file per catalog kind in `public/icons/` (drawn for cipherplan in the
//! style of AWS's architecture icons), compiled in and turned into one `<symbol>` sprite that
//! the palette and the canvas reference with `<use href="#icon-KIND">`. Keeping the sprite in
//! the canvas's own `<defs>` makes the canvas SVG self-contained (diagram export needs that).

/// Every icon: catalog kind id and the SVG file's text.
pub static ICONS: &[(&str, &str)] = &[
    ("alb", include_str!("../public/icons/alb.svg")),
    ("bastion", include_str!("../public/icons/bastion.svg")),
    ("cloudfront", include_str!("../public/icons/cloudfront.svg")),
    ("container", include_str!("../public/icons/container.svg")),
    ("ecr_repository", include_str!("../public/icons/ecr_repository.svg")),
    ("ecs_cluster", include_str!("../public/icons/ecs_cluster.svg")),
    ("ecs_service", include_str!("../public/icons/ecs_service.svg")),
    ("efs", include_str!("../public/icons/efs.svg")),
    ("elasticache_redis", include_str!("../public/icons/elasticache_redis.svg")),
    ("internet_client", include_str!("../public/icons/internet_client.svg")),
    ("kms_key", include_str!("../public/icons/kms_key.svg")),
    ("log_group", include_str!("../public/icons/log_group.svg")),
    ("nat_gateway", include_str!("../public/icons/nat_gateway.svg")),
    ("operator", include_str!("../public/icons/operator.svg")),
    ("rds_postgres", include_str!("../public/icons/rds_postgres.svg")),
    ("redis_ecs", include_str!("../public/icons/redis_ecs.svg")),
    ("route53", include_str!("../public/icons/route53.svg")),
    ("s3_bucket", include_str!("../public/icons/s3_bucket.svg")),
    ("secret", include_str!("../public/icons/secret.svg")),
    ("subnet", include_str!("../public/icons/subnet.svg")),
    ("vpc", include_str!("../public/icons/vpc.svg")),
    ("vpc_endpoint", include_str!("../public/icons/vpc_endpoint.svg")),
];

/// Small glyphs drawn on flows and badges (viewBox 0 0 16 16).
const GLYPHS: &str = concat!(
    r#"<symbol id="g-lock" viewBox="0 0 16 16"><rect x="3" y="7" width="10" height="7.5" rx="1.5" fill="currentColor"/><path d="M5.2 7V5a2.8 2.8 0 015.6 0v2" fill="none" stroke="currentColor" stroke-width="1.7"/></symbol>"#,
    r#"<symbol id="g-unlock" viewBox="0 0 16 16"><rect x="3" y="7" width="10" height="7.5" rx="1.5" fill="currentColor"/><path d="M5.2 7V5a2.8 2.8 0 015.5-.8" fill="none" stroke="currentColor" stroke-width="1.7"/></symbol>"#,
    r#"<symbol id="g-loop" viewBox="0 0 16 16"><path d="M4 5.5h6.5a3 3 0 010 6H5M6.5 9L4 11.5 6.5 14" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/></symbol>"#,
    r#"<symbol id="g-key" viewBox="0 0 16 16"><circle cx="5.5" cy="8" r="3" fill="none" stroke="currentColor" stroke-width="1.7"/><path d="M8.5 8H15M12.5 8v2.5" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round"/></symbol>"#,
);

/// The `<symbol>` elements of every icon and glyph, for a `<defs>` element.
#[must_use]
pub fn sprite() -> String {
    let mut out = String::with_capacity(16 * 1024);
    for (kind, svg) in ICONS {
        let body = svg.find('>').map_or("", |open| &svg[open + 1..]);
        let body = body.trim_end().strip_suffix("</svg>").unwrap_or(body);
        out.push_str(r#"<symbol id="icon-"#);
        out.push_str(kind);
        out.push_str(r#"" viewBox="0 0 48 48">"#);
        out.push_str(body);
        out.push_str("</symbol>");
    }
    out.push_str(GLYPHS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use cipherplan::catalog::NODE_KINDS;

    #[test]
    fn every_catalog_kind_has_an_icon_and_every_icon_a_kind() {
        for k in NODE_KINDS {
            assert!(ICONS.iter().any(|(id, _)| *id == k.id), "no icon for {}", k.id);
        }
        assert_eq!(ICONS.len(), NODE_KINDS.len());
    }

    #[test]
    fn the_sprite_has_one_symbol_per_icon() {
        let s = sprite();
        assert_eq!(s.matches("<symbol id=\"icon-").count(), ICONS.len());
        assert!(!s.contains("<svg"), "outer svg elements are stripped");
        assert!(!s.contains("http://") || s.matches("http://").count() == 0);
    }
}
