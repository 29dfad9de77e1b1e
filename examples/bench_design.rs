//! Prints a synthetic design for the browser benchmark (`scripts/bench-web.mjs`):
//! `cargo run --example bench_design -- NODES EDGES_PER_NODE SEED`.

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let nodes = args.first().copied().unwrap_or(1000);
    let edges = args.get(1).copied().unwrap_or(2);
    let seed = args.get(2).copied().unwrap_or(1) as u64;
    let design = cipherplan::synth::generate(nodes, edges, seed);
    // The benchmark reads the design from stdout, as the file a user would open.
    std::io::Write::write_all(&mut std::io::stdout(), design.to_json().as_bytes()).expect("stdout");
}
