#![allow(missing_docs)] // criterion_group! generates undocumented items
//! Benchmark of the cost model and the HTML report on a generated 1,000-node design
//! (3 edges per node): the estimate alone, the price of encryption (two estimates and the
//! stripped twin), the diagram, and the whole report (analysis, cost, HTML with inline SVG).
//!
//! Run with `cargo bench -p cipherplan --bench cost_report`.

use cipherplan::cost::{estimate, price_of_encryption, CostAssumptions};
use cipherplan::report::{self, ReportOptions};
use cipherplan::synth::generate;
use cipherplan::{diagram, Design};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

fn report_html(design: &Design) -> String {
    let built = report::build(design, &ReportOptions::for_design(design));
    report::html::render(design, &built)
}

fn cost_report(c: &mut Criterion) {
    let design = generate(1_000, 3, 42);
    let assumptions = CostAssumptions::default();
    let mut group = c.benchmark_group("cost_report_1000_nodes");
    group.measurement_time(Duration::from_secs(8)).sample_size(20).throughput(Throughput::Elements(1_000));
    group.bench_function("estimate", |b| b.iter(|| estimate(black_box(&design), &assumptions)));
    group.bench_function("price_of_encryption", |b| b.iter(|| price_of_encryption(black_box(&design), &assumptions)));
    group.bench_function("diagram_svg", |b| b.iter(|| diagram::svg(black_box(&design))));
    let options = ReportOptions::for_design(&design);
    group.bench_function("report_build", |b| b.iter(|| report::build(black_box(&design), &options)));
    let built = report::build(&design, &options);
    group.bench_function("html_render", |b| b.iter(|| report::html::render(black_box(&design), &built)));
    group.bench_function("cost + report (html)", |b| b.iter(|| report_html(black_box(&design))));
    group.finish();
}

criterion_group!(benches, cost_report);
criterion_main!(benches);
