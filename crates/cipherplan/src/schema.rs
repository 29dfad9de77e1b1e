//! The JSON Schema of the design file (`schema/cipherplan-1.schema.json`).
//!
//! The envelope (top-level keys, nodes, edges, settings) is derived with `schemars` from
//! mirror types that follow the loader's rules; the properties of every node and edge kind
//! come from the catalog: one `$defs` entry per kind with the property types, enumerations,
//! ranges, defaults and help texts, selected by `kind` with `if`/`then`.
//!
//! The schema catches what a single node or edge can get wrong (an unknown key, kind or
//! property, a wrong type, a value out of range). What needs the whole design to judge —
//! dangling and duplicate ids, parents that are not boxes, edges that make no sense between
//! their two kinds — only the loader ([`crate::load`](mod@crate::load)) checks.
//!
//! The file is generated: a test fails when the checked-in copy is stale, and
//! `UPDATE_SCHEMA=1 cargo test -p cipherplan schema` rewrites it.

use crate::catalog::{EdgeKind, NodeKind, PropSpec, PropType, EDGE_KINDS, NODE_KINDS};
use crate::design::FORMAT;
use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::{json, Map, Value as Json};

/// Where the schema is published in the repository, relative to its root.
pub const SCHEMA_PATH: &str = "schema/cipherplan-1.schema.json";

/// A cipherplan design file: components on a canvas, the network flows between them and their
/// relations (keys, secrets, logs), checked for encryption in transit and at rest.
#[derive(JsonSchema)]
#[schemars(rename = "cipherplan design", deny_unknown_fields)]
#[allow(dead_code)] // only its schema is used
struct DesignFile {
    /// The JSON Schema this file follows (editors use it for completion).
    #[serde(rename = "$schema", default)]
    schema: String,
    /// The design format version; this version of cipherplan reads `cipherplan/1`.
    #[schemars(extend("const" = FORMAT))]
    format: String,
    /// Short name, also the base of generated resource names.
    #[serde(default)]
    name: String,
    /// Free text.
    #[serde(default)]
    description: String,
    /// Design-wide settings.
    #[serde(default)]
    settings: SettingsFile,
    /// Components, in file order. Ids are unique across nodes and edges.
    #[serde(default)]
    nodes: Vec<NodeFile>,
    /// Network flows and relations, in file order.
    #[serde(default)]
    edges: Vec<EdgeFile>,
}

/// Design-wide settings.
#[derive(JsonSchema, Default)]
#[schemars(rename = "Settings", deny_unknown_fields)]
#[allow(dead_code)]
struct SettingsFile {
    /// Strict mode: also ask for TLS on loopback hops inside a task (gunicorn behind nginx).
    #[serde(default)]
    strict: bool,
    /// AWS region for prices and generated code (empty: us-east-1).
    #[serde(default)]
    #[schemars(pattern(r"^[a-z0-9-]{0,32}$"))]
    region: String,
}

/// One component on the canvas.
#[derive(JsonSchema)]
#[schemars(rename = "Node", deny_unknown_fields)]
#[allow(dead_code)]
struct NodeFile {
    /// Unique id (unique across nodes and edges): 1 to 128 characters, no control characters.
    #[schemars(length(min = 1, max = 128), pattern(r"^[^\u0000-\u001f\u007f-\u009f]*$"))]
    id: String,
    /// What it is; selects the allowed `props`.
    kind: NodeKind,
    /// Label shown on the canvas.
    #[serde(default)]
    label: String,
    /// Id of the box it sits in: a VPC, a subnet, or (for containers, required) its ECS service.
    #[serde(default)]
    parent: Option<String>,
    /// Canvas position of the top-left corner.
    #[serde(default)]
    #[schemars(range(min = -10_000_000.0, max = 10_000_000.0))]
    x: f64,
    /// Canvas position of the top-left corner.
    #[serde(default)]
    #[schemars(range(min = -10_000_000.0, max = 10_000_000.0))]
    y: f64,
    /// Width of a box (boundaries and services); the kind's default size when absent.
    #[serde(default)]
    #[schemars(range(max = 10_000_000.0), extend("exclusiveMinimum" = 0))]
    w: f64,
    /// Height of a box; the kind's default size when absent.
    #[serde(default)]
    #[schemars(range(max = 10_000_000.0), extend("exclusiveMinimum" = 0))]
    h: f64,
    /// Properties that differ from (or restate) the catalog default; the allowed names and
    /// values depend on `kind`.
    #[serde(default)]
    props: Map<String, Json>,
}

/// One edge: a network flow (initiator → acceptor) or a relation.
#[derive(JsonSchema)]
#[schemars(rename = "Edge", deny_unknown_fields)]
#[allow(dead_code)]
struct EdgeFile {
    /// Unique id (unique across nodes and edges): 1 to 128 characters, no control characters.
    #[schemars(length(min = 1, max = 128), pattern(r"^[^\u0000-\u001f\u007f-\u009f]*$"))]
    id: String,
    /// What it means; selects the allowed `props`.
    kind: EdgeKind,
    /// Source node id (the initiating side of a flow).
    #[schemars(length(min = 1, max = 128))]
    from: String,
    /// Target node id (the accepting side of a flow).
    #[schemars(length(min = 1, max = 128))]
    to: String,
    /// Label shown on the canvas.
    #[serde(default)]
    label: String,
    /// Properties that differ from (or restate) the catalog default; the allowed names and
    /// values depend on `kind`.
    #[serde(default)]
    props: Map<String, Json>,
}

/// The JSON Schema (draft 2020-12) of a design file.
#[must_use]
pub fn design_schema() -> Json {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut root = generator.into_root_schema_for::<DesignFile>().to_value();
    let Some(obj) = root.as_object_mut() else { return root };
    obj.insert("title".into(), json!("cipherplan design file (cipherplan/1)"));
    obj.insert("required".into(), json!(["format"]));
    let defs = obj.entry("$defs").or_insert_with(|| json!({}));
    let Some(defs) = defs.as_object_mut() else { return root };

    let mut node_cases = Vec::new();
    for spec in NODE_KINDS {
        let def = format!("node_props_{}", spec.id);
        defs.insert(def.clone(), props_schema(spec.title, spec.summary, spec.props));
        let mut then = json!({ "properties": { "props": { "$ref": format!("#/$defs/{def}") } } });
        if spec.kind == NodeKind::Container {
            // A container always sits in its task (the ECS service that is its parent).
            then["required"] = json!(["parent"]);
            then["properties"]["parent"] = json!({ "type": "string" });
        }
        node_cases.push(json!({
            "if": { "properties": { "kind": { "const": spec.id } }, "required": ["kind"] },
            "then": then,
        }));
    }
    let mut edge_cases = Vec::new();
    for spec in EDGE_KINDS {
        let def = format!("edge_props_{}", spec.id);
        defs.insert(def.clone(), props_schema(spec.title, spec.summary, spec.props));
        edge_cases.push(json!({
            "if": { "properties": { "kind": { "const": spec.id } }, "required": ["kind"] },
            "then": { "properties": { "props": { "$ref": format!("#/$defs/{def}") } } },
        }));
    }
    if let Some(node) = defs.get_mut("Node").and_then(Json::as_object_mut) {
        node.insert("allOf".into(), Json::Array(node_cases));
        // An absent size means the kind's default size, not 0 (which is not allowed).
        for key in ["w", "h"] {
            if let Some(p) = node.get_mut("properties").and_then(|p| p.get_mut(key)).and_then(Json::as_object_mut) {
                p.remove("default");
            }
        }
    }
    if let Some(edge) = defs.get_mut("Edge").and_then(Json::as_object_mut) {
        edge.insert("allOf".into(), Json::Array(edge_cases));
    }
    strip_number_formats(&mut root);
    root
}

/// Removes `"format": "double"` (an OpenAPI annotation schemars adds to `f64`s; JSON Schema
/// has no such format).
fn strip_number_formats(v: &mut Json) {
    match v {
        Json::Object(m) => {
            if m.get("format").and_then(Json::as_str) == Some("double") {
                m.remove("format");
            }
            m.values_mut().for_each(strip_number_formats);
        }
        Json::Array(a) => a.iter_mut().for_each(strip_number_formats),
        _ => {}
    }
}

/// The schema as the pretty-printed text of the checked-in file.
#[must_use]
pub fn design_schema_text() -> String {
    serde_json::to_string_pretty(&design_schema()).unwrap_or_default() + "\n"
}

/// The schema of a kind's `props` object.
fn props_schema(title: &str, summary: &str, props: &[PropSpec]) -> Json {
    let properties: Map<String, Json> = props.iter().map(|p| (p.name.to_owned(), prop_schema(p))).collect();
    json!({
        "title": format!("Properties of {title}"),
        "description": summary,
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}

/// The schema of one property, from its catalog entry.
fn prop_schema(p: &PropSpec) -> Json {
    let mut s = match p.ty {
        PropType::Bool => json!({ "type": "boolean" }),
        PropType::Int { min, max } => json!({ "type": "integer", "minimum": min, "maximum": max }),
        PropType::Num { min, max } => json!({ "type": "number", "minimum": min, "maximum": max }),
        PropType::Enum(options) => json!({ "type": "string", "enum": options }),
        PropType::Text => json!({ "type": "string" }),
    };
    let description =
        if p.usage { format!("{} (A usage assumption for the cost model.)", p.help) } else { p.help.to_owned() };
    s["description"] = Json::String(description);
    s["default"] = p.default.value().to_json();
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::TEMPLATES;

    fn checked_in_path() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(SCHEMA_PATH)
    }

    #[test]
    fn schema_file_is_up_to_date() {
        let path = checked_in_path();
        let generated = design_schema_text();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &generated).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "{SCHEMA_PATH} is stale (the catalog or the envelope changed). Regenerate it with\n\n    \
             UPDATE_SCHEMA=1 cargo test -p cipherplan schema\n\nand commit the result."
        );
    }

    #[test]
    fn schema_is_valid_draft_2020_12() {
        let schema = design_schema();
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
        jsonschema::meta::validate(&schema).unwrap_or_else(|e| panic!("schema violates its meta-schema: {e}"));
    }

    fn validator() -> jsonschema::Validator {
        jsonschema::validator_for(&design_schema()).expect("schema compiles")
    }

    fn errors(v: &jsonschema::Validator, doc: &Json) -> Vec<String> {
        v.iter_errors(doc).map(|e| format!("{}: {e}", e.instance_path())).collect()
    }

    #[test]
    fn every_template_and_generated_design_validates() {
        let v = validator();
        let mut designs: Vec<(String, crate::Design)> =
            TEMPLATES.iter().map(|t| (t.name.to_owned(), (t.build)())).collect();
        designs.push(("synth".into(), crate::synth::generate(300, 3, 5)));
        for (name, d) in designs {
            let doc: Json = serde_json::from_str(&d.to_json()).unwrap();
            assert_eq!(errors(&v, &doc), Vec::<String>::new(), "{name}");
        }
    }

    /// The schema rejects, like the loader, what one node or edge can get wrong.
    #[test]
    fn schema_agrees_with_the_loader_on_local_mistakes() {
        let v = validator();
        let base = |node: Json, edge: Option<Json>| {
            let mut nodes =
                vec![json!({"id": "svc", "kind": "ecs_service"}), json!({"id": "db", "kind": "rds_postgres"})];
            nodes.push(node);
            json!({"format": FORMAT, "nodes": nodes, "edges": edge.into_iter().collect::<Vec<_>>()})
        };
        let ok = base(
            json!({"id": "n", "kind": "alb", "props": {"ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"}}),
            None,
        );
        assert!(v.is_valid(&ok), "{:?}", errors(&v, &ok));
        assert!(crate::load::from_json(&ok).is_ok());
        let bad = [
            base(json!({"id": "n", "kind": "alb", "props": {"ssl_polcy": "x"}}), None),
            base(json!({"id": "n", "kind": "alb", "props": {"internal": "yes"}}), None),
            base(json!({"id": "n", "kind": "alb", "props": {"ssl_policy": "nope"}}), None),
            base(json!({"id": "n", "kind": "alb", "props": {"availability_zones": 9}}), None),
            base(json!({"id": "n", "kind": "load_balancer"}), None),
            base(json!({"id": "n", "kind": "alb", "colour": "red"}), None),
            base(json!({"id": "", "kind": "alb"}), None),
            base(json!({"id": "n\u{7}", "kind": "alb"}), None),
            base(json!({"id": "n", "kind": "alb", "x": 1e9}), None),
            base(json!({"id": "n", "kind": "alb", "w": -5}), None),
            base(json!({"id": "n", "kind": "container"}), None),
            base(
                json!({"id": "n", "kind": "alb"}),
                Some(json!({"id": "e", "kind": "flow", "from": "svc", "to": "db", "props": {"tls": "always"}})),
            ),
            base(
                json!({"id": "n", "kind": "alb"}),
                Some(json!({"id": "e", "kind": "runs_on", "from": "svc", "to": "db", "props": {"port": 1}})),
            ),
            base(
                json!({"id": "n", "kind": "alb"}),
                Some(json!({"id": "e", "kind": "teleports", "from": "svc", "to": "db"})),
            ),
            json!({"format": "cipherplan/2"}),
            json!({"format": FORMAT, "settings": {"region": "US East"}}),
            json!({"format": FORMAT, "nodes": {}}),
            json!([]),
        ];
        for doc in bad {
            assert!(!v.is_valid(&doc), "schema accepts {doc}");
            assert!(crate::load::from_json(&doc).is_err(), "loader accepts {doc}");
        }
    }
}
