//! Service groups: the estimate summed by what kind of AWS service bills it (compute,
//! database, cache, storage, networking and edge, security and keys, observability), the
//! breakdown a reader scans before the per-component list.

use super::Estimate;
use crate::catalog::NodeKind;
use serde::{Deserialize, Serialize};

/// What kind of service bills a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceGroup {
    /// Fargate tasks, ECS, EC2 instances.
    Compute,
    /// Managed databases (RDS).
    Database,
    /// Caches (ElastiCache, Redis on ECS).
    Cache,
    /// Object, file and image storage (S3, EFS, ECR).
    Storage,
    /// DNS, CDN, load balancers, NAT, VPC endpoints, public IPv4 addresses.
    Networking,
    /// KMS keys and Secrets Manager secrets.
    Security,
    /// CloudWatch Logs.
    Observability,
}

/// Every group, in the order a breakdown lists them when their totals tie.
pub const SERVICE_GROUPS: [ServiceGroup; 7] = [
    ServiceGroup::Compute,
    ServiceGroup::Database,
    ServiceGroup::Cache,
    ServiceGroup::Storage,
    ServiceGroup::Networking,
    ServiceGroup::Security,
    ServiceGroup::Observability,
];

impl ServiceGroup {
    /// The group's name for people.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            ServiceGroup::Compute => "Compute",
            ServiceGroup::Database => "Database",
            ServiceGroup::Cache => "Cache",
            ServiceGroup::Storage => "Storage",
            ServiceGroup::Networking => "Networking & edge",
            ServiceGroup::Security => "Security & keys",
            ServiceGroup::Observability => "Observability",
        }
    }

    /// Stable key (`networking`), as serialized.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceGroup::Compute => "compute",
            ServiceGroup::Database => "database",
            ServiceGroup::Cache => "cache",
            ServiceGroup::Storage => "storage",
            ServiceGroup::Networking => "networking",
            ServiceGroup::Security => "security",
            ServiceGroup::Observability => "observability",
        }
    }
}

/// The group that bills a component of `kind`. Exhaustive on purpose: a new kind must be
/// placed in a group before it compiles.
#[must_use]
pub fn service_group(kind: NodeKind) -> ServiceGroup {
    match kind {
        NodeKind::EcsCluster | NodeKind::EcsService | NodeKind::Container | NodeKind::Bastion => ServiceGroup::Compute,
        NodeKind::RdsPostgres => ServiceGroup::Database,
        NodeKind::ElasticacheRedis | NodeKind::RedisEcs => ServiceGroup::Cache,
        NodeKind::S3Bucket | NodeKind::Efs | NodeKind::EcrRepository => ServiceGroup::Storage,
        NodeKind::InternetClient
        | NodeKind::Operator
        | NodeKind::Route53
        | NodeKind::Cloudfront
        | NodeKind::Alb
        | NodeKind::NatGateway
        | NodeKind::VpcEndpoint
        | NodeKind::Vpc
        | NodeKind::Subnet => ServiceGroup::Networking,
        NodeKind::KmsKey | NodeKind::Secret => ServiceGroup::Security,
        NodeKind::LogGroup => ServiceGroup::Observability,
    }
}

/// The monthly total of one service group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupCost {
    /// The group.
    pub group: ServiceGroup,
    /// Its name for people.
    pub title: String,
    /// US dollars a month, priced lines only.
    pub monthly: f64,
    /// Components of the estimate in the group.
    pub components: usize,
    /// Lines in the group without a price (not in `monthly`).
    pub unpriced: usize,
}

/// The estimate by service group: only groups with at least one component, most expensive
/// first (ties in [`SERVICE_GROUPS`] order). The group totals add up to the estimate's total.
#[must_use]
pub fn by_group(estimate: &Estimate) -> Vec<GroupCost> {
    let mut groups: Vec<GroupCost> = SERVICE_GROUPS
        .iter()
        .map(|&group| GroupCost { group, title: group.title().to_owned(), monthly: 0.0, components: 0, unpriced: 0 })
        .collect();
    for c in &estimate.components {
        let g = &mut groups[service_group(c.kind) as usize];
        g.monthly = super::round6(g.monthly + c.monthly);
        g.components += 1;
        g.unpriced += c.unpriced;
    }
    groups.retain(|g| g.components > 0);
    // Stable sort: ties keep the SERVICE_GROUPS order.
    groups.sort_by(|a, b| b.monthly.total_cmp(&a.monthly));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::NODE_KINDS;
    use crate::cost::{estimate, CostAssumptions};
    use crate::templates;

    #[test]
    fn the_group_order_matches_the_enum() {
        for (i, g) in SERVICE_GROUPS.iter().enumerate() {
            assert_eq!(*g as usize, i, "{g:?}");
            assert_eq!(serde_json::to_value(g).unwrap(), g.as_str());
        }
    }

    #[test]
    fn groups_of_the_reference_add_up_to_the_total_and_are_sorted() {
        let e = estimate(&templates::reference(), &CostAssumptions::default()).unwrap();
        let groups = by_group(&e);
        let sum: f64 = groups.iter().map(|g| g.monthly).sum();
        assert!((sum - e.total).abs() < 1e-6, "{sum} vs {}", e.total);
        assert_eq!(groups.iter().map(|g| g.components).sum::<usize>(), e.components.len());
        assert_eq!(groups.iter().map(|g| g.unpriced).sum::<usize>(), e.unpriced);
        assert!(groups.windows(2).all(|w| w[0].monthly >= w[1].monthly), "{groups:?}");
        // The reference has a component in every group; its load balancer and NAT gateway
        // (networking) cost more than its four Fargate services and bastion (compute).
        assert_eq!(groups.len(), SERVICE_GROUPS.len(), "{groups:?}");
        assert_eq!(groups[0].group, ServiceGroup::Networking);
        let compute = groups.iter().find(|g| g.group == ServiceGroup::Compute).unwrap();
        let compute_sum: f64 = e
            .components
            .iter()
            .filter(|c| matches!(c.kind, NodeKind::EcsService | NodeKind::EcsCluster | NodeKind::Bastion))
            .map(|c| c.monthly)
            .sum();
        assert!((compute.monthly - compute_sum).abs() < 1e-6 && compute_sum > 0.0);
    }

    #[test]
    fn every_kind_has_a_group_with_a_title() {
        for spec in NODE_KINDS {
            assert!(!service_group(spec.kind).title().is_empty());
        }
    }
}
