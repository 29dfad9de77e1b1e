#![allow(missing_docs)] // criterion_group! generates undocumented items
//! Benchmark of `cipherplan validate`: rules, path analysis and summary
//! ([`cipherplan::analysis::analyze`]) on generated designs with 3 edges per node.
//!
//! Target (issue 2): 10,000 nodes in at most 20 ms on the 2-core development machine.
//! Run with `cargo bench -p cipherplan --bench validate`.

use cipherplan::analysis::analyze;
use cipherplan::rules::Options;
use cipherplan::synth::generate;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

fn validate(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyze");
    group.measurement_time(Duration::from_secs(8)).sample_size(30);
    for nodes in [1_000, 10_000] {
        let design = generate(nodes, 3, 42);
        group.throughput(Throughput::Elements(nodes as u64));
        group.bench_with_input(BenchmarkId::from_parameter(nodes), &design, |b, d| {
            b.iter(|| analyze(black_box(d), &Options::default()));
        });
    }
    group.finish();
}

criterion_group!(benches, validate);
criterion_main!(benches);
