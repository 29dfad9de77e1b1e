//! Cost figures of every template, checked against arithmetic written out by hand.
//!
//! Each expected line is `quantity × unit price` with the numbers from the design and the
//! price table (DESIGN.md §4), so a reviewer can redo every figure with a calculator. One
//! helper, [`check`], is the single place that compares an estimate with its hand figures: it
//! requires exactly the listed priced lines (no more, no fewer) and the listed unpriced ones.

use cipherplan::cost::{estimate, price_of_encryption, strip_encryption, CostAssumptions, Estimate};
use cipherplan::templates;
use cipherplan::Design;

/// Hours a month.
const H: f64 = 730.0;

// Unit prices, us-east-1 (DESIGN.md §4 and the sources in cost/prices.rs).
const FARGATE_VCPU: f64 = 0.04048;
const FARGATE_GB: f64 = 0.004445;
const ALB_HOUR: f64 = 0.0225;
const ALB_LCU: f64 = 0.008;
const IPV4: f64 = 0.005;
const NAT_HOUR: f64 = 0.045;
const NAT_GB: f64 = 0.045;
const RDS_T4G_MICRO: f64 = 0.016;
const RDS_STORAGE: f64 = 0.115;
const CACHE_T4G_MICRO: f64 = 0.016;
const EC2_T4G_NANO: f64 = 0.0042;
const EBS_GP3: f64 = 0.08;
const S3_GB: f64 = 0.023;
const S3_PUT_1K: f64 = 0.005;
const S3_GET_1K: f64 = 0.0004;
const KMS_KEY: f64 = 1.0;
const KMS_10K: f64 = 0.03;
const SECRET: f64 = 0.40;
const SECRET_10K: f64 = 0.05;
const LOGS_INGEST: f64 = 0.50;
const LOGS_STORED: f64 = 0.03;
const ROUTE53_ZONE: f64 = 0.50;
const RDS_T3_MICRO: f64 = 0.018; // an estimate in DESIGN.md §4, labelled as one
const CACHE_T2_MICRO: f64 = 0.017;
const EC2_T3_MICRO: f64 = 0.0104;
const EC2_T3_NANO: f64 = 0.0052;
const EC2_T2_MICRO: f64 = 0.0116;
const SPOT: f64 = 0.70; // the default Fargate Spot discount

fn design(name: &str) -> Design {
    (templates::template(name).unwrap_or_else(|| panic!("no template {name}")).build)()
}

/// Equal to the cent's ten-thousandth: lines are rounded to a millionth of a dollar, so a
/// total of many lines may differ from the unrounded hand sum in the sixth decimal.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-5
}

/// Compares an estimate with hand figures: every `(component, item, monthly)` must be a priced
/// line with that amount, there must be no other priced line, the unpriced lines must be
/// exactly `unpriced`, and the total must be the sum of the hand figures.
fn check(e: &Estimate, expected: &[(&str, &str, f64)], unpriced: &[(&str, &str)]) {
    for (component, item, monthly) in expected {
        let line = e
            .lines
            .iter()
            .find(|l| l.component == *component && l.item == *item)
            .unwrap_or_else(|| panic!("no line {component} / {item}"));
        let got = line.monthly.unwrap_or_else(|| panic!("{component} / {item} has no price: {:?}", line.no_price));
        assert!(close(got, *monthly), "{component} / {item}: estimate {got}, by hand {monthly}");
        let (q, p) = (line.quantity, line.unit_price.unwrap_or_default());
        assert!(close(q * p, got), "{component} / {item}: {q} × {p} != {got}");
        assert!(!line.source.is_empty() && !line.date.is_empty() && !line.assumption.is_empty(), "{line:?}");
    }
    let priced: Vec<_> =
        e.lines.iter().filter(|l| l.monthly.is_some()).map(|l| (l.component.as_str(), l.item.as_str())).collect();
    let listed: Vec<_> = expected.iter().map(|(c, i, _)| (*c, *i)).collect();
    assert_eq!(priced, listed, "priced lines (in estimate order)");
    let mut got_unpriced: Vec<_> =
        e.lines.iter().filter(|l| l.monthly.is_none()).map(|l| (l.component.as_str(), l.item.as_str())).collect();
    got_unpriced.sort_unstable();
    let mut want_unpriced = unpriced.to_vec();
    want_unpriced.sort_unstable();
    assert_eq!(got_unpriced, want_unpriced, "unpriced lines");
    let sum: f64 = expected.iter().map(|(_, _, m)| m).sum();
    assert!(close(e.total, sum), "total {} != hand sum {sum}", e.total);
}

/// The lines both Django templates share (same services, same sizes), in estimate order.
fn shared_head() -> Vec<(&'static str, &'static str, f64)> {
    vec![
        ("dns", "Hosted zone", 1.0 * ROUTE53_ZONE),
        ("alb", "Load balancer hours", H * ALB_HOUR),
        // lcu_per_hour defaults to 1.
        ("alb", "Capacity units (LCU)", 1.0 * H * ALB_LCU),
        // An internet-facing ALB holds one public IPv4 address per AZ (2 by default).
        ("alb", "Public IPv4 (one per AZ)", 2.0 * H * IPV4),
    ]
}

fn nat() -> Vec<(&'static str, &'static str, f64)> {
    vec![
        ("nat", "NAT gateway hours", H * NAT_HOUR),
        // data_processed_gb defaults to 100.
        ("nat", "Data processed", 100.0 * NAT_GB),
        ("nat", "Public IPv4 (Elastic IP)", 1.0 * H * IPV4),
    ]
}

fn services() -> Vec<(&'static str, &'static str, f64)> {
    vec![
        // web: 2 tasks of 512 CPU units (0.5 vCPU) and 1024 MiB (1 GB).
        ("web", "vCPU (Linux/x86)", 2.0 * 0.5 * H * FARGATE_VCPU),
        ("web", "Memory (Linux/x86)", 2.0 * 1.0 * H * FARGATE_GB),
        // worker: 1 task of 0.5 vCPU and 1 GB.
        ("worker", "vCPU (Linux/x86)", 1.0 * 0.5 * H * FARGATE_VCPU),
        ("worker", "Memory (Linux/x86)", 1.0 * 1.0 * H * FARGATE_GB),
        // beat: the catalog default task, 256 CPU units (0.25 vCPU) and 512 MiB (0.5 GB).
        ("beat", "vCPU (Linux/x86)", 1.0 * 0.25 * H * FARGATE_VCPU),
        ("beat", "Memory (Linux/x86)", 1.0 * 0.5 * H * FARGATE_GB),
        // manage: the default task, running 2 hours a month (hours_per_month = 2).
        ("manage", "vCPU (Linux/x86)", 1.0 * 0.25 * 2.0 * FARGATE_VCPU),
        ("manage", "Memory (Linux/x86)", 1.0 * 0.5 * 2.0 * FARGATE_GB),
    ]
}

fn media() -> Vec<(&'static str, &'static str, f64)> {
    vec![
        // Usage defaults: 50 GB, 100k PUT-class and 1,000k GET requests a month.
        ("media", "Storage (Standard)", 50.0 * S3_GB),
        ("media", "PUT/COPY/POST/LIST requests", 100.0 * S3_PUT_1K),
        ("media", "GET requests", 1000.0 * S3_GET_1K),
    ]
}

/// Calls or requests a month of a secret or key (the catalog default), billed per 10k.
const DEFAULT_CALLS: f64 = 10_000.0;

/// A secret: one secret-month plus 10,000 calls (the default) at $0.05 per 10k.
fn secret(id: &'static str) -> [(&'static str, &'static str, f64); 2] {
    [(id, "Secret", SECRET), (id, "API calls", DEFAULT_CALLS / 10_000.0 * SECRET_10K)]
}

/// A log group: 5 GB ingested and 5 GB stored (the defaults).
fn logs(id: &'static str) -> [(&'static str, &'static str, f64); 2] {
    [(id, "Ingestion", 5.0 * LOGS_INGEST), (id, "Storage", 5.0 * LOGS_STORED)]
}

/// A customer managed key: one key-month plus 10,000 requests (the default).
fn key(id: &'static str) -> [(&'static str, &'static str, f64); 2] {
    [(id, "Customer managed key", KMS_KEY), (id, "API requests", DEFAULT_CALLS / 10_000.0 * KMS_10K)]
}

fn encrypted_lines() -> Vec<(&'static str, &'static str, f64)> {
    let mut v = shared_head();
    v.push(("alb", "ACM public certificate", 0.0));
    v.extend(nat());
    v.extend(services());
    v.extend([
        ("db", "Instance db.t4g.micro, single-AZ", H * RDS_T4G_MICRO),
        ("db", "Storage (gp3)", 20.0 * RDS_STORAGE),
        ("redis", "Nodes cache.t4g.micro", 1.0 * H * CACHE_T4G_MICRO),
        ("bastion", "Instance t4g.nano", H * EC2_T4G_NANO),
        ("bastion", "Root volume (gp3)", 8.0 * EBS_GP3),
    ]);
    v.extend(media());
    v.extend(secret("secret-key"));
    v.extend(secret("db-password"));
    v.extend(secret("redis-token"));
    v.extend(logs("app-logs"));
    v.extend(logs("exec-logs"));
    for k in ["key-data", "key-secrets", "key-logs", "key-exec"] {
        v.extend(key(k));
    }
    v
}

#[test]
fn django_encrypted_by_hand() {
    let e = estimate(&design("django-encrypted"), &CostAssumptions::default()).unwrap();
    // Container Insights is on and has no price in the table: a "no price" line, not a zero.
    check(&e, &encrypted_lines(), &[("cluster", "Container Insights metrics")]);
    // 0.5 + (16.425 + 5.84 + 7.30 + 0) + (32.85 + 4.50 + 3.65)
    // + (29.5504 + 6.4897) + (14.7752 + 3.24485) + (7.3876 + 1.622425) + (0.02024 + 0.004445)
    // + (11.68 + 2.30) + 11.68 + (3.066 + 0.64) + (1.15 + 0.50 + 0.40)
    // + 3 × 0.45 + 2 × 2.65 + 4 × 1.03 = 176.34586
    assert!(close(e.total, 176.345_86), "{}", e.total);
    assert_eq!(e.unpriced, 1);
    let insights = e.lines.iter().find(|l| l.component == "cluster").unwrap();
    assert_eq!(insights.no_price.as_deref(), Some("no price for Container Insights in us-east-1"));
}

#[test]
fn django_baseline_by_hand() {
    let e = estimate(&design("django-baseline"), &CostAssumptions::default()).unwrap();
    let mut v = shared_head();
    v.extend(nat());
    v.extend(services());
    v.extend([
        ("db", "Instance db.t4g.micro, single-AZ", H * RDS_T4G_MICRO),
        // storage_type defaults to gp2, priced like gp3.
        ("db", "Storage (gp2)", 20.0 * RDS_STORAGE),
        ("redis", "Nodes cache.t4g.micro", 1.0 * H * CACHE_T4G_MICRO),
        ("bastion", "Instance t4g.nano", H * EC2_T4G_NANO),
        ("bastion", "Root volume (gp3)", 8.0 * EBS_GP3),
        // associate_public_ip_address defaults to true: one more public IPv4 address.
        ("bastion", "Public IPv4", H * IPV4),
    ]);
    v.extend(media());
    v.extend(secret("secret-key"));
    v.extend(secret("db-password"));
    v.extend(logs("app-logs"));
    check(&e, &v, &[]);
    // 0.5 + 29.565 + 41.00 + 36.0401 + 18.02005 + 9.010025 + 0.024685 + 13.98 + 11.68
    // + (3.066 + 0.64 + 3.65) + 2.05 + 2 × 0.45 + 2.65 = 172.775860
    assert!(close(e.total, 172.775_86), "{}", e.total);
}

#[test]
fn price_of_encryption_of_django_encrypted_by_hand() {
    let p = price_of_encryption(&design("django-encrypted"), &CostAssumptions::default()).unwrap();
    // The nginx sidecar reserves 128 CPU units (0.125 vCPU) and 256 MiB (0.25 GB) of each of
    // the 2 web tasks.
    // 7.3876 + 1.622425 = 9.010025
    let sidecar = 2.0 * 0.125 * H * FARGATE_VCPU + 2.0 * 0.25 * H * FARGATE_GB;
    // Four customer managed keys, each $1 a month plus 10,000 requests: 4.12
    let keys = 4.0 * (KMS_KEY + KMS_10K);
    // The Redis AUTH token secret exists only because of in-transit encryption: 0.45
    let token = SECRET + SECRET_10K;
    // 9.010025 + 4.12 + 0.45 = 13.580025
    let by_hand = sidecar + keys + token;
    assert!(close(p.delta, by_hand), "{} != {by_hand}", p.delta);
    assert!(close(p.delta, 13.580_025));
    assert!(close(p.with_encryption, 176.345_86) && close(p.without_encryption, 176.345_86 - 13.580_025));
    let item = |id: &str| p.items.iter().find(|i| i.component.as_deref() == Some(id)).unwrap_or_else(|| panic!("{id}"));
    assert!(close(item("web").delta, sidecar));
    for k in ["key-data", "key-secrets", "key-logs", "key-exec"] {
        assert!(close(item(k).delta, KMS_KEY + KMS_10K), "{k}");
    }
    assert!(close(item("redis-token").delta, token));
    // Features AWS does not charge for are listed at $0.
    for free in ["alb", "db", "redis", "media", "bastion", "cluster"] {
        assert!(close(item(free).delta, 0.0) && !item(free).features.is_empty(), "{free}");
    }
    let sum: f64 = p.items.iter().map(|i| i.delta).sum();
    assert!(close(sum, p.delta));
    // Paid items come first, largest first.
    assert_eq!(p.items[0].component.as_deref(), Some("web"));
}

#[test]
fn django_encrypted_versus_django_baseline_by_hand() {
    let enc = estimate(&design("django-encrypted"), &CostAssumptions::default()).unwrap();
    let base = estimate(&design("django-baseline"), &CostAssumptions::default()).unwrap();
    // The two templates run the same task sizes (the encrypted web task makes room for its
    // sidecar inside the same 0.5 vCPU / 1 GB), so what differs between them is:
    let keys = 4.0 * (KMS_KEY + KMS_10K); // + 4.12: four customer managed keys
    let token = SECRET + SECRET_10K; // + 0.45: the Redis AUTH token secret
    let exec_logs = 5.0 * LOGS_INGEST + 5.0 * LOGS_STORED; // + 2.65: ECS Exec session logs
    let bastion_ip = H * IPV4; // − 3.65: the baseline bastion has a public IPv4 address
    let by_hand = keys + token + exec_logs - bastion_ip; // 3.57
    assert!(close(enc.total - base.total, by_hand), "{} != {by_hand}", enc.total - base.total);
    assert!(close(enc.total - base.total, 3.57));
    // And the baseline has no encryption to price.
    let p = price_of_encryption(&design("django-baseline"), &CostAssumptions::default()).unwrap();
    assert!(close(p.delta, 0.0), "{p:?}");
}

/// The author's libraries share one picture: an internet-facing ALB with an ACM certificate,
/// five services (web 0.5 vCPU / 1 GB; web-ui, worker and beat at the 0.25 vCPU / 0.5 GB
/// default; pre-update 2 hours a month), RDS db.t3.micro on 20 GB gp2, an ElastiCache cluster of
/// one node, a bastion, a bucket and the DB password secret. What differs: Spot, public task
/// IPs, node and instance types, and whether there is a log group.
struct Author {
    spot: &'static [&'static str],
    public_ip: &'static [&'static str],
    cache: (&'static str, f64),
    bastion: (&'static str, f64, bool),
    logs: bool,
}

fn author_lines(a: &Author) -> Vec<(&'static str, &'static str, f64)> {
    let mut v = shared_head();
    v.push(("alb", "ACM public certificate", 0.0));
    for (id, vcpu, gb, hours) in [
        ("web", 0.5, 1.0, H),
        ("web-ui", 0.25, 0.5, H),
        ("worker", 0.25, 0.5, H),
        ("beat", 0.25, 0.5, H),
        ("pre-update", 0.25, 0.5, 2.0),
    ] {
        let cpu = vcpu * hours * FARGATE_VCPU;
        let mem = gb * hours * FARGATE_GB;
        v.push((id, "vCPU (Linux/x86)", cpu));
        v.push((id, "Memory (Linux/x86)", mem));
        if a.spot.contains(&id) {
            // The labelled Spot estimate: 70% off the on-demand price of the two lines above.
            v.push((id, "Fargate Spot discount (estimate)", -SPOT * (cpu + mem)));
        }
        if a.public_ip.contains(&id) {
            // assign_public_ip: one public IPv4 address per task (1 task).
            v.push((id, "Public IPv4 (one per task)", 1.0 * hours * IPV4));
        }
    }
    v.extend([
        ("db", "Instance db.t3.micro, single-AZ", H * RDS_T3_MICRO),
        ("db", "Storage (gp2)", 20.0 * RDS_STORAGE),
    ]);
    let (node_type, node_price) = a.cache;
    v.push((
        "redis",
        if node_type == "cache.t2.micro" { "Nodes cache.t2.micro" } else { "Nodes cache.t4g.micro" },
        1.0 * H * node_price,
    ));
    let (ty, price, public) = a.bastion;
    v.push(("bastion", ty, H * price));
    v.push(("bastion", "Root volume (gp3)", 8.0 * EBS_GP3));
    if public {
        v.push(("bastion", "Public IPv4", H * IPV4));
    }
    v.extend(media());
    v.extend(secret("db-password"));
    if a.logs {
        v.extend(logs("app-logs"));
    }
    v
}

#[test]
fn terraform_aws_django_by_hand() {
    let e = estimate(&design("terraform-aws-django-0.25"), &CostAssumptions::default()).unwrap();
    let lines = author_lines(&Author {
        spot: &["web", "web-ui", "worker", "beat", "pre-update"],
        public_ip: &[],
        cache: ("cache.t2.micro", CACHE_T2_MICRO),
        bastion: ("Instance t3.micro", EC2_T3_MICRO, true),
        logs: true,
    });
    check(&e, &lines, &[]);
    // 0.5 + 29.565 + 0.3 × (18.02005 + 3 × 9.010025 + 0.024685) + 13.14 + 2.30 + 12.41
    // + (7.592 + 0.64 + 3.65) + 2.05 + 0.45 + 2.65 = 88.469443
    assert!(close(e.total, 88.469_443), "{}", e.total);
}

#[test]
fn cdk_django_by_hand() {
    let e = estimate(&design("cdk-django-1.8"), &CostAssumptions::default()).unwrap();
    let lines = author_lines(&Author {
        spot: &[],
        public_ip: &["web", "web-ui"],
        cache: ("cache.t4g.micro", CACHE_T4G_MICRO),
        bastion: ("Instance t3.nano", EC2_T3_NANO, false),
        logs: false,
    });
    check(&e, &lines, &[]);
    // 0.5 + 29.565 + (18.02005 + 3.65) + (9.010025 + 3.65) + 2 × 9.010025 + 0.024685
    // + 15.44 + 11.68 + (3.796 + 0.64) + 2.05 + 0.45 = 116.49581
    assert!(close(e.total, 116.495_81), "{}", e.total);
}

#[test]
fn pulumi_aws_django_by_hand() {
    let e = estimate(&design("pulumi-aws-django-1.28"), &CostAssumptions::default()).unwrap();
    let lines = author_lines(&Author {
        spot: &["web"],
        public_ip: &["web"],
        cache: ("cache.t2.micro", CACHE_T2_MICRO),
        bastion: ("Instance t2.micro", EC2_T2_MICRO, true),
        logs: true,
    });
    check(&e, &lines, &[]);
    // 0.5 + 29.565 + (0.3 × 18.02005 + 3.65) + 3 × 9.010025 + 0.024685 + 15.44 + 12.41
    // + (8.468 + 0.64 + 3.65) + 2.05 + 0.45 + 2.65 = 111.933775
    assert!(close(e.total, 111.933_775), "{}", e.total);
    // Its nginx sidecar reserves no CPU or memory of its own, so TLS in the task costs nothing
    // extra, and nothing else in it is a paid encryption feature.
    let p = price_of_encryption(&design("pulumi-aws-django-1.28"), &CostAssumptions::default()).unwrap();
    assert!(close(p.delta, 0.0), "{p:?}");
    let web = p.items.iter().find(|i| i.component.as_deref() == Some("web")).unwrap();
    assert!(web.features.iter().any(|f| f.contains("reserves no CPU or memory")), "{web:?}");
}

#[test]
fn every_template_prices_every_line_it_can_and_names_the_rest() {
    for t in templates::TEMPLATES {
        let d = (t.build)();
        let e = estimate(&d, &CostAssumptions::default()).unwrap();
        assert!(e.total > 0.0, "{}", t.name);
        for l in &e.lines {
            match (&l.monthly, &l.no_price) {
                (Some(m), None) => assert!(m.is_finite(), "{}: {l:?}", t.name),
                (None, Some(why)) => {
                    assert!(why.starts_with("no price for ") && why.ends_with(" in us-east-1"), "{why}")
                }
                _ => panic!("{}: a line is either priced or says why not: {l:?}", t.name),
            }
        }
        let p = price_of_encryption(&d, &CostAssumptions::default()).unwrap();
        assert!(p.delta >= -1e-9, "{}: encryption never saves money here: {p:?}", t.name);
        assert!(close(p.with_encryption - p.without_encryption, p.delta));
        // Stripping leaves a valid design.
        cipherplan::load(&strip_encryption(&d).to_json()).unwrap_or_else(|e| panic!("{}: {e}", t.name));
    }
}

#[test]
fn unknown_instance_class_says_no_price_never_zero() {
    let mut d = design("django-encrypted");
    d.node_mut("db").unwrap().props.insert("instance_class".into(), "db.x9.huge".into());
    let e = estimate(&d, &CostAssumptions::default()).unwrap();
    let line = e.lines.iter().find(|l| l.component == "db" && l.item.starts_with("Instance")).unwrap();
    assert_eq!(line.no_price.as_deref(), Some("no price for db.x9.huge in us-east-1"));
    assert_eq!((line.unit_price, line.monthly), (None, None));
    // The storage is still priced, and the total leaves the instance out.
    assert!(close(e.component_total("db"), 20.0 * RDS_STORAGE));
    assert!(close(e.total, 176.345_86 - H * RDS_T4G_MICRO));
}

#[test]
fn multi_az_spot_arm_and_assumptions() {
    let mut d = design("django-encrypted");
    let db = d.node_mut("db").unwrap();
    db.props.insert("multi_az".into(), true.into());
    db.props.insert("allocated_storage".into(), 100.into());
    let worker = d.node_mut("worker").unwrap();
    worker.props.insert("capacity_provider".into(), "FARGATE_SPOT".into());
    let beat = d.node_mut("beat").unwrap();
    beat.props.insert("cpu_architecture".into(), "ARM64".into());
    beat.props.insert("capacity_provider".into(), "FARGATE_SPOT".into());
    let a = CostAssumptions { hours_per_month: 720.0, spot_discount: 0.6, ..CostAssumptions::default() };
    let e = estimate(&d, &a).unwrap();
    let monthly =
        |c: &str, i: &str| e.lines.iter().find(|l| l.component == c && l.item == i).and_then(|l| l.monthly).unwrap();
    // Multi-AZ db.t4g.micro has its own price ($0.032) and storage is kept twice.
    assert!(close(monthly("db", "Instance db.t4g.micro, Multi-AZ"), 720.0 * 0.032));
    assert!(close(monthly("db", "Storage (gp3)"), 2.0 * 100.0 * RDS_STORAGE));
    // Spot: a labelled discount line of 60% of the on-demand worker price.
    let on_demand = 0.5 * 720.0 * FARGATE_VCPU + 1.0 * 720.0 * FARGATE_GB;
    assert!(close(monthly("worker", "Fargate Spot discount (estimate)"), -0.6 * on_demand));
    assert!(e.lines.iter().any(|l| l.component == "worker" && l.estimate && l.item.contains("Spot")));
    // ARM64 tasks cannot run on Fargate Spot: priced on demand at the ARM rates, and said so.
    assert!(close(monthly("beat", "vCPU (Linux/ARM)"), 0.25 * 720.0 * 0.03238));
    assert!(close(monthly("beat", "Memory (Linux/ARM)"), 0.5 * 720.0 * 0.00356));
    assert!(!e.lines.iter().any(|l| l.component == "beat" && l.item.contains("Spot")));
    assert!(e.lines_of("beat").all(|l| l.assumption.contains("Fargate Spot does not run ARM64")));
    // A service's own hours_per_month (manage: 2 h) wins over the design-wide hours.
    assert!(close(monthly("manage", "vCPU (Linux/x86)"), 0.25 * 2.0 * FARGATE_VCPU));
}

#[test]
fn multi_az_without_its_own_price_is_twice_single_az_and_labelled() {
    let mut d = design("django-encrypted");
    let db = d.node_mut("db").unwrap();
    db.props.insert("instance_class".into(), "db.t4g.small".into());
    db.props.insert("multi_az".into(), true.into());
    let e = estimate(&d, &CostAssumptions::default()).unwrap();
    let line = e.lines.iter().find(|l| l.item == "Instance db.t4g.small, Multi-AZ").unwrap();
    assert!(close(line.monthly.unwrap(), 2.0 * H * 0.032));
    assert!(line.estimate && line.assumption.contains("twice single-AZ"));
}
