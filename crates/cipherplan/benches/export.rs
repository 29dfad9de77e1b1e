#![allow(missing_docs)] // criterion_group! generates undocumented items
//! Benchmark of `export all` (Terraform, CDK, Pulumi and app-side files) on a generated
//! 1,000-node design with 3 edges per node ([`cipherplan::synth::generate`]).
//!
//! Target (issue 3): at most 100 ms on the 2-core development machine.
//! Run with `cargo bench -p cipherplan --bench export`.

use cipherplan::export::{export, ExportTarget};
use cipherplan::synth::generate;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let design = generate(1_000, 3, 42);
    let files = export(&design, ExportTarget::All).files.len();
    eprintln!("export all: {} nodes, {} edges -> {files} files", design.nodes.len(), design.edges.len());
    let mut g = c.benchmark_group("export");
    g.measurement_time(Duration::from_secs(10)).sample_size(20);
    for (name, target) in [
        ("all", ExportTarget::All),
        ("terraform", ExportTarget::Terraform),
        ("app", ExportTarget::App),
        ("cdk", ExportTarget::Cdk),
        ("pulumi", ExportTarget::Pulumi),
    ] {
        g.bench_function(format!("{name} (1,000 nodes)"), |b| b.iter(|| export(black_box(&design), target)));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
