//! The pricing table: list prices per region, each with its source and the date it was read.
//!
//! Prices are data, not code: one [`Price`] row per billable unit, keyed by a stable SKU
//! string (`fargate.x86.vcpu_hour`, `rds.db.t4g.micro.single_az`). Instance classes and node
//! types are SKUs too, so an unknown class is simply a missing row and the estimate says
//! "no price for db.x9.huge in us-east-1" instead of pricing it at zero.
//!
//! Add a region: one more [`RegionPrices`] in [`REGIONS`]; the test at the bottom checks that
//! every fixed SKU the estimator uses exists in every region.
//!
//! Sources (DESIGN.md §4 unless noted): Infracost's golden test files (the prices its own test
//! suite pins, with the month they were recorded), vantage.sh, AWS's announcement of the public
//! IPv4 charge, and third-party price tables. Prices marked `estimate` have no firm source and
//! are labelled as such wherever they are shown.

use serde::Serialize;

/// One list price.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Price {
    /// Stable key (`fargate.x86.vcpu_hour`).
    pub sku: &'static str,
    /// What is billed, for tables (`Fargate Linux/x86 vCPU`).
    pub what: &'static str,
    /// Billing unit (`vCPU-hour`, `GB-month`, `10k requests`).
    pub unit: &'static str,
    /// US dollars per unit.
    pub usd: f64,
    /// Where the number comes from.
    pub source: &'static str,
    /// When the source recorded it (`2025-07`), or `undated` when the source gives no date.
    pub date: &'static str,
    /// No firm source: an estimate, labelled as one.
    pub estimate: bool,
}

/// All prices of one region.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RegionPrices {
    /// AWS region code.
    pub region: &'static str,
    /// Human name of the region.
    pub name: &'static str,
    /// The prices.
    pub prices: &'static [Price],
}

impl RegionPrices {
    /// The price of a SKU, if the table has it.
    #[must_use]
    pub fn get(&self, sku: &str) -> Option<&'static Price> {
        self.prices.iter().find(|p| p.sku == sku)
    }
}

/// Every region with prices.
pub static REGIONS: &[RegionPrices] =
    &[RegionPrices { region: "us-east-1", name: "US East (N. Virginia)", prices: US_EAST_1 }];

/// The prices of `region`, if there are any.
#[must_use]
pub fn region(region: &str) -> Option<&'static RegionPrices> {
    REGIONS.iter().find(|r| r.region == region)
}

/// Region codes that have prices, in table order.
#[must_use]
pub fn regions() -> Vec<&'static str> {
    REGIONS.iter().map(|r| r.region).collect()
}

const INFRACOST: &str = "Infracost golden tests";
const THIRD_PARTY: &str = "third-party price table";

const fn p(
    sku: &'static str,
    what: &'static str,
    unit: &'static str,
    usd: f64,
    source: &'static str,
    date: &'static str,
) -> Price {
    Price { sku, what, unit, usd, source, date, estimate: false }
}

const fn est(
    sku: &'static str,
    what: &'static str,
    unit: &'static str,
    usd: f64,
    source: &'static str,
    date: &'static str,
) -> Price {
    Price { sku, what, unit, usd, source, date, estimate: true }
}

#[rustfmt::skip]
static US_EAST_1: &[Price] = &[
    // Fargate (Linux). Spot has no list price: it is a configurable discount (CostAssumptions).
    p("fargate.x86.vcpu_hour", "Fargate Linux/x86 vCPU", "vCPU-hour", 0.04048, INFRACOST, "2025-07"),
    p("fargate.x86.gb_hour", "Fargate Linux/x86 memory", "GB-hour", 0.004445, INFRACOST, "2025-07"),
    p("fargate.arm.vcpu_hour", "Fargate Linux/ARM vCPU", "vCPU-hour", 0.03238, "vantage.sh Fargate pricing page", "undated"),
    p("fargate.arm.gb_hour", "Fargate Linux/ARM memory", "GB-hour", 0.00356, "vantage.sh Fargate pricing page", "undated"),
    // Load balancing and networking.
    p("alb.hour", "Application Load Balancer", "hour", 0.0225, INFRACOST, "2024-07"),
    p("alb.lcu_hour", "ALB capacity units", "LCU-hour", 0.008, INFRACOST, "2024-07"),
    p("nat.hour", "NAT gateway", "hour", 0.045, INFRACOST, "2024-07"),
    p("nat.gb", "NAT gateway data processed", "GB", 0.045, INFRACOST, "2024-07"),
    p("ipv4.hour", "Public IPv4 address", "address-hour", 0.005, "AWS public IPv4 charge announcement", "2024-02-01"),
    p("vpce.interface.hour", "Interface VPC endpoint (per AZ)", "ENI-hour", 0.01, INFRACOST, "undated"),
    p("vpce.interface.gb", "Interface VPC endpoint data processed", "GB", 0.01, INFRACOST, "undated"),
    p("vpce.gateway.hour", "Gateway VPC endpoint", "hour", 0.0, "AWS: gateway endpoints have no charge", "undated"),
    p("acm.public_certificate", "ACM public certificate on ELB", "certificate-month", 0.0, "AWS: public certificates are free on ELB and CloudFront", "undated"),
    p("route53.hosted_zone", "Route 53 hosted zone", "zone-month", 0.50, INFRACOST, "undated"),
    // RDS for PostgreSQL.
    p("rds.storage.gp2", "RDS storage gp2", "GB-month", 0.115, "Infracost", "2026-05"),
    p("rds.storage.gp3", "RDS storage gp3", "GB-month", 0.115, "Infracost", "2026-05"),
    p("rds.db.t4g.micro.single_az", "RDS db.t4g.micro PostgreSQL, single-AZ", "hour", 0.016, THIRD_PARTY, "2026"),
    p("rds.db.t4g.micro.multi_az", "RDS db.t4g.micro PostgreSQL, Multi-AZ", "hour", 0.032, THIRD_PARTY, "2026"),
    p("rds.db.t4g.small.single_az", "RDS db.t4g.small, single-AZ", "hour", 0.032, "Infracost (MySQL row)", "undated"),
    est("rds.db.t3.micro.single_az", "RDS db.t3.micro PostgreSQL, single-AZ", "hour", 0.018, "estimate, no firm source", "undated"),
    // ElastiCache.
    p("elasticache.cache.t3.micro", "ElastiCache cache.t3.micro", "node-hour", 0.017, THIRD_PARTY, "undated"),
    est("elasticache.cache.t4g.micro", "ElastiCache cache.t4g.micro", "node-hour", 0.016, THIRD_PARTY, "undated"),
    p("elasticache.cache.t2.micro", "ElastiCache cache.t2.micro", "node-hour", 0.017, "dragonflydb.io ElastiCache price table", "undated"),
    // EC2 (bastion).
    p("ec2.t4g.nano", "EC2 t4g.nano Linux", "hour", 0.0042, "third-party note quoting the AWS pricing calculator", "2025-12"),
    p("ec2.t3.micro", "EC2 t3.micro Linux", "hour", 0.0104, THIRD_PARTY, "undated"),
    p("ec2.t3.nano", "EC2 t3.nano Linux", "hour", 0.0052, THIRD_PARTY, "undated"),
    p("ec2.t2.micro", "EC2 t2.micro Linux", "hour", 0.0116, "third-party note quoting the AWS pricing calculator", "2025-12"),
    p("ebs.gp3", "EBS gp3 volume", "GB-month", 0.08, INFRACOST, "undated"),
    // Storage.
    p("s3.standard.gb_month", "S3 Standard storage", "GB-month", 0.023, INFRACOST, "2024-07"),
    p("s3.put.1k", "S3 PUT/COPY/POST/LIST requests", "1k requests", 0.005, INFRACOST, "2024-07"),
    p("s3.get.1k", "S3 GET requests", "1k requests", 0.0004, INFRACOST, "2024-07"),
    p("efs.standard.gb_month", "EFS Standard storage", "GB-month", 0.30, INFRACOST, "undated"),
    p("ecr.gb_month", "ECR image storage", "GB-month", 0.10, INFRACOST, "undated"),
    // Keys, secrets, logs.
    p("kms.key_month", "KMS customer managed key", "key-month", 1.0, INFRACOST, "2024-07"),
    p("kms.requests.10k", "KMS API requests", "10k requests", 0.03, INFRACOST, "2024-07"),
    p("secrets.secret_month", "Secrets Manager secret", "secret-month", 0.40, INFRACOST, "2024-07"),
    p("secrets.calls.10k", "Secrets Manager API calls", "10k calls", 0.05, INFRACOST, "2024-07"),
    p("logs.ingested.gb", "CloudWatch Logs ingestion", "GB", 0.50, INFRACOST, "2024-07"),
    p("logs.stored.gb_month", "CloudWatch Logs storage", "GB-month", 0.03, INFRACOST, "2024-07"),
];

/// SKUs the estimator prices without a class or type in the name; every region must have them.
pub const FIXED_SKUS: &[&str] = &[
    "fargate.x86.vcpu_hour",
    "fargate.x86.gb_hour",
    "fargate.arm.vcpu_hour",
    "fargate.arm.gb_hour",
    "alb.hour",
    "alb.lcu_hour",
    "nat.hour",
    "nat.gb",
    "ipv4.hour",
    "vpce.interface.hour",
    "vpce.interface.gb",
    "vpce.gateway.hour",
    "acm.public_certificate",
    "route53.hosted_zone",
    "ebs.gp3",
    "s3.standard.gb_month",
    "s3.put.1k",
    "s3.get.1k",
    "efs.standard.gb_month",
    "ecr.gb_month",
    "kms.key_month",
    "kms.requests.10k",
    "secrets.secret_month",
    "secrets.calls.10k",
    "logs.ingested.gb",
    "logs.stored.gb_month",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_region_prices_every_fixed_sku_once_with_a_source_and_date() {
        for r in REGIONS {
            let mut seen = HashSet::new();
            for p in r.prices {
                assert!(seen.insert(p.sku), "{}: duplicate {}", r.region, p.sku);
                assert!(!p.source.is_empty() && !p.date.is_empty(), "{}: {} lacks source/date", r.region, p.sku);
                assert!(p.usd >= 0.0 && p.usd.is_finite(), "{}: {} price", r.region, p.sku);
            }
            for sku in FIXED_SKUS {
                assert!(r.get(sku).is_some(), "{} has no {sku}", r.region);
            }
        }
    }
}
