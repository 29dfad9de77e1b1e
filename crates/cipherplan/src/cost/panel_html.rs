//! The cost panel's figures as markup: bar charts (SVG) per service group and per component,
//! the price of encryption with its items, the items without a price, the price sources and
//! the assumptions. Built here, in the web worker, so the planner's own bundle carries no
//! chart or formatting code; the page inserts it as it is. Every text is escaped.

use super::overview::CostOverview;
use super::{fmt_num, fmt_usd};
use crate::diagram::{escape, fit};
use std::fmt::Write;

/// Width of the charts (the panel's inner width).
const CHART_W: f64 = 310.0;
/// Column of the labels.
const LABEL_W: f64 = 128.0;
/// Column of the amounts, at the right.
const VALUE_W: f64 = 62.0;
/// Height of one bar row.
const ROW_H: f64 = 22.0;

/// One bar: key (`data-node` for components), label, amount, colour class, unpriced mark.
struct Bar<'a> {
    node: Option<&'a str>,
    label: &'a str,
    value: f64,
    group: &'a str,
    unpriced: bool,
}

/// Length of a bar for `value` when the longest (`max`) is `width` long; a non-zero value gets
/// at least 2 so it stays visible.
#[must_use]
pub fn bar_len(value: f64, max: f64, width: f64) -> f64 {
    if max <= 0.0 || value <= 0.0 {
        return 0.0;
    }
    (value / max * width).clamp(2.0, width)
}

/// One decimal, without float noise (`12.3`).
fn d1(x: f64) -> String {
    format!("{:.1}", (x * 10.0).round() / 10.0)
}

fn chart(out: &mut String, name: &str, bars: &[Bar<'_>]) {
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let track = CHART_W - LABEL_W - VALUE_W - 8.0;
    let height = ROW_H * bars.len() as f64;
    let _ = write!(
        out,
        r#"<svg class="bar-chart" role="list" aria-label="{}" width="{CHART_W}" height="{h}" viewBox="0 0 {CHART_W} {h}">"#,
        escape(name),
        h = d1(height)
    );
    for (i, b) in bars.iter().enumerate() {
        let spoken = format!(
            "{}: {} a month{}",
            b.label,
            fmt_usd(b.value),
            if b.unpriced { ", plus items without a price" } else { "" }
        );
        let pick = match b.node {
            Some(id) => format!(r#" pickable" tabindex="0" data-node-id="{}""#, escape(id)),
            None => String::from("\""),
        };
        let _ = write!(
            out,
            r#"<g class="bar-row grp-{g}{pick} role="listitem" aria-label="{s}" transform="translate(0 {y})"><title>{s}</title><rect class="bar-hit" width="{CHART_W}" height="{ROW_H}"></rect><text class="bar-label" x="0" y="15">{label}</text><rect class="bar-track" x="{LABEL_W}" y="5" width="{track}" height="12" rx="3"></rect><rect class="bar" x="{LABEL_W}" y="5" width="{len}" height="12" rx="3"></rect><text class="bar-value" x="{CHART_W}" y="15" text-anchor="end">{amount}{star}</text></g>"#,
            g = b.group,
            s = escape(&spoken),
            y = d1(ROW_H * i as f64),
            label = escape(&fit(b.label, 12.0, false, LABEL_W - 8.0)),
            len = d1(bar_len(b.value, max, track)),
            amount = fmt_usd(b.value),
            star = if b.unpriced { "*" } else { "" },
        );
    }
    out.push_str("</svg>");
}

/// The figures of an estimate as markup for the cost panel.
#[must_use]
pub fn figures_html(o: &CostOverview) -> String {
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("<h3>By service group</h3>");
    let groups: Vec<Bar<'_>> = o
        .groups
        .iter()
        .map(|g| Bar {
            node: None,
            label: &g.title,
            value: g.monthly,
            group: g.group.as_str(),
            unpriced: g.unpriced > 0,
        })
        .collect();
    chart(&mut out, "Monthly cost by service group", &groups);
    out.push_str("<h3>By component</h3>");
    let components: Vec<Bar<'_>> = o
        .components
        .iter()
        .map(|c| Bar {
            node: Some(&c.id),
            label: &c.label,
            value: c.monthly,
            group: c.group.as_str(),
            unpriced: c.unpriced > 0,
        })
        .collect();
    chart(&mut out, "Monthly cost by component (select one to show it on the canvas)", &components);
    if o.components.iter().any(|c| c.unpriced > 0) {
        out.push_str(r#"<p class="help">* has items without a price, not in its amount.</p>"#);
    }

    let e = &o.encryption;
    let _ = write!(
        out,
        r#"<h3>Price of encryption</h3><p class="enc-line" data-testid="encryption"><strong>{}</strong> a month ({}% of the total): {} with encryption, {} with every encryption feature off.</p><ul class="cost-list enc">"#,
        fmt_usd(e.monthly),
        d1(e.pct),
        fmt_usd(o.total),
        fmt_usd(e.without)
    );
    for i in &e.items {
        let (class, amount) =
            if i.monthly > 0.0 { ("", fmt_usd(i.monthly)) } else { (" class=\"free\"", "free".into()) };
        let _ = write!(
            out,
            r#"<li{class}><div class="enc-item"><strong>{}</strong><span class="enc-amount">{amount}</span></div><div class="muted">{}</div></li>"#,
            escape(&i.label),
            escape(&i.features.join("; "))
        );
    }
    out.push_str("</ul>");

    if !o.unpriced.is_empty() {
        let _ = write!(
            out,
            r#"<h3>Not priced ({})</h3><ul class="cost-list unpriced" data-testid="unpriced">"#,
            o.unpriced.len()
        );
        for u in &o.unpriced {
            let _ = write!(
                out,
                r#"<li><strong>{} — {}</strong><div class="muted">{}; not in the total</div></li>"#,
                escape(&u.label),
                escape(&u.item),
                escape(&u.why)
            );
        }
        out.push_str("</ul>");
    }

    out.push_str(r#"<h3>Price sources</h3><ul class="cost-list sources">"#);
    for s in &o.sources {
        let _ = write!(
            out,
            r#"<li><span>{}</span><span class="muted">, {}{} · {} price{}</span></li>"#,
            escape(&s.source),
            escape(&s.date),
            if s.estimate { " · estimate" } else { "" },
            s.lines,
            if s.lines == 1 { "" } else { "s" }
        );
    }
    out.push_str(r#"</ul><details class="cost-notes"><summary>What the estimate assumes</summary><ul>"#);
    for a in o.assumptions.iter().chain(&e.notes) {
        let _ = write!(out, "<li>{}</li>", escape(a));
    }
    out.push_str("</ul></details>");
    out
}

/// The line under the total: region, hours, Spot discount.
#[must_use]
pub fn where_line(o: &CostOverview) -> String {
    format!(
        "{} ({}), {} h a month, Fargate Spot {}% off",
        o.region,
        o.region_name,
        fmt_num(o.hours_per_month),
        fmt_num(o.spot_discount * 100.0)
    )
}

/// Text of a component's cost badge on the canvas: cents under $10, whole dollars above
/// (`$3.71`, `$36`).
#[must_use]
pub fn badge_text(monthly: f64) -> String {
    if monthly <= 0.0 {
        "$0".into()
    } else if monthly < 0.01 {
        "<$0.01".into()
    } else if monthly < 10.0 {
        fmt_usd(monthly)
    } else {
        format!("${}", fmt_num(monthly.round()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::{summary, CostAssumptions};
    use crate::templates;

    #[test]
    fn badges_and_bars() {
        assert_eq!(badge_text(36.04), "$36");
        assert_eq!(badge_text(1234.5), "$1,235");
        assert_eq!(badge_text(3.705), "$3.71");
        assert_eq!(badge_text(0.0044), "<$0.01");
        assert_eq!(badge_text(0.0), "$0");
        assert_eq!(bar_len(50.0, 100.0, 200.0), 100.0);
        assert_eq!(bar_len(0.001, 100.0, 200.0), 2.0);
        assert_eq!(bar_len(0.0, 100.0, 200.0), 0.0);
        assert_eq!(bar_len(5.0, 0.0, 200.0), 0.0);
    }

    #[test]
    fn the_markup_has_a_row_per_bar_and_escapes_labels() {
        let mut d = templates::reference();
        d.nodes.iter_mut().find(|n| n.id == "alb").unwrap().label = "<script>alert(1)</script> & \"lb\"".into();
        let o = CostOverview::of(&summary(&d, &CostAssumptions::default()).unwrap());
        let html = figures_html(&o);
        assert!(!html.contains("<script>"), "labels are escaped");
        assert!(html.contains("&lt;script&gt;"));
        assert_eq!(html.matches(r#"class="bar-row "#).count(), o.groups.len() + o.components.len());
        assert_eq!(html.matches("data-node-id=").count(), o.components.len());
        assert!(
            html.contains(r#"class="bar-row grp-networking pickable" tabindex="0" data-node-id="alb" role="listitem""#)
        );
        assert!(html.contains(r#"class="bar-row grp-compute" role="listitem""#));
        // Every attribute value is closed: quotes pair up inside each tag.
        for tag in html.split('<').skip(1) {
            let inside = tag.split('>').next().unwrap_or_default();
            assert_eq!(inside.matches('"').count() % 2, 0, "unbalanced quotes in <{inside}>");
        }
        assert_eq!(html.matches(r#"role="listitem""#).count(), o.groups.len() + o.components.len());
        assert!(html.contains(&format!("{} a month", fmt_usd(o.components[0].monthly))));
        assert_eq!(html.contains(r#"data-testid="unpriced""#), !o.unpriced.is_empty());
        assert!(html.contains("Infracost golden tests</span><span class=\"muted\">, 2024-07"));
        // Well formed enough for the page: tags balance.
        for tag in ["svg", "g", "ul", "li", "h3", "details"] {
            assert_eq!(
                html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count(),
                html.matches(&format!("</{tag}>")).count(),
                "{tag}"
            );
        }
        assert_eq!(where_line(&o), "us-east-1 (US East (N. Virginia)), 730 h a month, Fargate Spot 70% off");
    }
}
