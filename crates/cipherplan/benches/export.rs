#![allow(missing_docs)] // criterion_group! generates undocumented items
//! `export all` (Terraform, CDK, Pulumi and app files) on a 1,000-node design.
//! Target: at most 100 ms on the reference machine.

use cipherplan::export::{export, ExportTarget};
use cipherplan::Design;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

/// A design of at least `nodes` nodes: copies of the reference design side by side, each with
/// its own ids (as a large organisation's many applications would be drawn).
// TODO: switch to `cipherplan::synth::generate` once it is on main.
fn large_design(nodes: usize) -> Design {
    let reference = cipherplan::templates::reference();
    let mut d = Design::new("large");
    let mut copy = 0;
    while d.nodes.len() < nodes {
        let p = |id: &str| format!("c{copy}-{id}");
        for n in &reference.nodes {
            let mut m = n.clone();
            m.id = p(&n.id);
            m.parent = n.parent.as_deref().map(p);
            d.nodes.push(m);
        }
        for e in &reference.edges {
            let mut f = e.clone();
            f.id = p(&e.id);
            f.from = p(&e.from);
            f.to = p(&e.to);
            d.edges.push(f);
        }
        copy += 1;
    }
    d
}

fn bench(c: &mut Criterion) {
    let design = large_design(1000);
    assert!(design.nodes.len() >= 1000);
    let files = export(&design, ExportTarget::All).files.len();
    eprintln!("export all: {} nodes, {} edges -> {files} files", design.nodes.len(), design.edges.len());
    let mut g = c.benchmark_group("export");
    g.sample_size(20);
    g.bench_function("export all (1,000 nodes)", |b| b.iter(|| export(black_box(&design), ExportTarget::All)));
    g.bench_function("terraform (1,000 nodes)", |b| b.iter(|| export(black_box(&design), ExportTarget::Terraform)));
    g.bench_function("app (1,000 nodes)", |b| b.iter(|| export(black_box(&design), ExportTarget::App)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
