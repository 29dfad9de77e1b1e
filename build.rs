//! Writes the core's templates as design JSON for the app (`src/templates.rs`): loading a
//! design from JSON is code the app ships anyway, while the builder code of five templates
//! costs the bundle about 9 KB of gzipped wasm against about 4 KB for their JSON.

use std::fmt::Write as _;

fn main() {
    let mut out =
        String::from("/// Every template of the core, in the core's order.\npub static TEMPLATES: &[Template] = &[\n");
    for t in cipherplan::templates::TEMPLATES {
        let json = serde_json::to_string(&(t.build)()).expect("a design serializes");
        writeln!(out, "    Template {{ name: {:?}, summary: {:?}, json: {:?} }},", t.name, t.summary, json)
            .expect("writing to a String");
    }
    out.push_str("];\n");
    let path = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("templates.rs");
    std::fs::write(path, out).expect("OUT_DIR is writable");
    // The core is a build-dependency: cargo reruns this script when it changes.
    println!("cargo:rerun-if-changed=build.rs");
}
