//! Loader bad-input tests: every problem class of issue 2, hostile input, and that each error
//! names the JSON path of what is wrong. One `check` helper is the single place that calls the
//! loader.

use cipherplan::load::{load, MAX_ERRORS, MAX_FILE_BYTES};
use serde_json::json;

/// Loads `input` and asserts the problems reported, in order: each expected entry is a JSON
/// path and a fragment of the message.
fn check(input: &str, expected: &[(&str, &str)]) {
    let errors = match load(input) {
        Ok(d) => panic!("loaded without errors ({} nodes): {}", d.nodes.len(), preview(input)),
        Err(e) => e.0,
    };
    let got: Vec<(String, String)> = errors.iter().map(|e| (e.path.clone(), e.message.clone())).collect();
    assert_eq!(got.len(), expected.len(), "problems of {}:\n{got:#?}", preview(input));
    for ((path, message), (want_path, want_fragment)) in got.iter().zip(expected) {
        assert_eq!(path, want_path, "path of `{message}` in {}", preview(input));
        assert!(message.contains(want_fragment), "`{message}` should contain `{want_fragment}` ({})", preview(input));
    }
}

fn preview(input: &str) -> String {
    let mut s: String = input.chars().take(160).collect();
    if input.len() > s.len() {
        s.push('…');
    }
    s
}

/// A design document around the given nodes and edges.
fn design(nodes: serde_json::Value, edges: serde_json::Value) -> String {
    json!({ "format": "cipherplan/1", "name": "t", "nodes": nodes, "edges": edges }).to_string()
}

/// Two nodes every edge test can join: a service and a database.
fn with_pair(edges: serde_json::Value) -> String {
    design(json!([{ "id": "web", "kind": "ecs_service" }, { "id": "db", "kind": "rds_postgres" }]), edges)
}

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_minimal_design_loads() {
    let d = load(r#"{"format": "cipherplan/1"}"#).expect("loads");
    assert!(d.nodes.is_empty() && d.edges.is_empty());
    let d = load(&with_pair(json!([{ "id": "e", "kind": "flow", "from": "web", "to": "db" }]))).expect("loads");
    assert_eq!(d.edges.len(), 1);
}

#[test]
fn empty_and_non_object_files() {
    check("", &[("$", "the file is empty")]);
    check(" \n\t ", &[("$", "the file is empty")]);
    check("[]", &[("$", "must be a JSON object, found an array")]);
    check("42", &[("$", "found a number")]);
    check("\"cipherplan/1\"", &[("$", "found a string")]);
    check("null", &[("$", "found null")]);
    check("true", &[("$", "found a boolean")]);
}

#[test]
fn broken_json() {
    check(r#"{"format": "cipherplan/1", "nodes": ["#, &[("$", "ends too early (truncated file?)")]);
    check(r#"{"format": "cipherplan/1""#, &[("$", "ends too early")]);
    check(r#"{"format": cipherplan}"#, &[("$", "not valid JSON at line 1, column 12: expected value")]);
    check("{\"format\": \"cipherplan/1\",\n \"nodes\": [],\n}", &[("$", "line 3, column 1: trailing comma")]);
    check(r#"{"format": "cipherplan/1"} {"#, &[("$", "trailing characters")]);
    check("{\"format\": \"cipherplan/1\", \"name\": \"a\u{0}b\"}", &[("$", "control character")]);
}

#[test]
fn ten_megabytes_of_nesting_is_refused_without_overflowing_the_stack() {
    let deep = "[".repeat(10 * 1024 * 1024);
    check(&deep, &[("$", "recursion limit exceeded")]);
    let inside = format!(r#"{{"format": "cipherplan/1", "nodes": [{{"id": "a", "kind": "vpc", "props": {deep}"#);
    check(&inside, &[("$", "recursion limit exceeded")]);
    let objects = "{\"a\":".repeat(1024 * 1024);
    check(&objects, &[("$", "recursion limit exceeded")]);
}

#[test]
fn files_over_the_size_limit_are_refused_before_parsing() {
    let big = format!(r#"{{"format": "cipherplan/1", "description": "{}"}}"#, "x".repeat(MAX_FILE_BYTES));
    check(&big, &[("$", "designs are limited to")]);
}

#[test]
fn format_versions() {
    check(r#"{"format": "cipherplan/2"}"#, &[("$.format", "unsupported format version `cipherplan/2`")]);
    check(r#"{"format": 1}"#, &[("$.format", "must be the string \"cipherplan/1\", found a number")]);
    check(r#"{"name": "x"}"#, &[("$", "missing `format`")]);
}

#[test]
fn unknown_keys_kinds_and_properties() {
    check(
        r#"{"format": "cipherplan/1", "nodez": []}"#,
        &[("$.nodez", "unknown key `nodez` in the design (did you mean `nodes`?)")],
    );
    check(
        &design(json!([{ "id": "a", "kind": "albb" }]), json!([])),
        &[("$.nodes[0].kind", "unknown node kind `albb` (did you mean `alb`?)")],
    );
    check(
        &design(json!([{ "id": "a", "kind": "load_balancer" }]), json!([])),
        &[("$.nodes[0].kind", "unknown node kind")],
    );
    check(
        &design(json!([{ "id": "a", "kind": "alb", "colour": "red" }]), json!([])),
        &[("$.nodes[0].colour", "unknown key `colour` in a node")],
    );
    check(
        &design(json!([{ "id": "a", "kind": "alb", "props": { "ssl_polcy": "x" } }]), json!([])),
        &[(
            "$.nodes[0].props.ssl_polcy",
            "unknown property `ssl_polcy` for Application Load Balancer (did you mean `ssl_policy`?)",
        )],
    );
    check(
        &design(json!([{ "id": "a", "kind": "operator", "props": { "x": 1 } }]), json!([])),
        &[("$.nodes[0].props.x", "it has no properties")],
    );
    check(
        &with_pair(json!([{ "id": "e", "kind": "teleports", "from": "web", "to": "db" }])),
        &[("$.edges[0].kind", "unknown edge kind `teleports`; edge kinds: flow, encrypts_with")],
    );
    // Keys that are not identifiers are quoted in the path.
    check(
        &design(json!([{ "id": "a", "kind": "alb", "props": { "ssl.policy": 1 } }]), json!([])),
        &[("$.nodes[0].props[\"ssl.policy\"]", "unknown property")],
    );
}

#[test]
fn wrong_types_and_out_of_range_values() {
    let alb = |props: serde_json::Value| design(json!([{ "id": "a", "kind": "alb", "props": props }]), json!([]));
    check(&alb(json!({ "internal": "yes" })), &[("$.nodes[0].props.internal", "expected a boolean, found \"yes\"")]);
    check(
        &alb(json!({ "ssl_policy": "TLS-ALL" })),
        &[("$.nodes[0].props.ssl_policy", "expected one of ELBSecurityPolicy-TLS13-1-2-2021-06")],
    );
    check(
        &alb(json!({ "availability_zones": 9 })),
        &[("$.nodes[0].props.availability_zones", "an integer from 1 to 6, found 9")],
    );
    check(&alb(json!({ "availability_zones": 1.5 })), &[("$.nodes[0].props.availability_zones", "found 1.5")]);
    check(&alb(json!({ "internal": null })), &[("$.nodes[0].props.internal", "expected a boolean, found null")]);
    check(&alb(json!({ "internal": [true] })), &[("$.nodes[0].props.internal", "found an array")]);
    check(&alb(json!([])), &[("$.nodes[0].props", "`props` must be a JSON object, found an array")]);
    check(
        &design(json!([{ "id": 7, "kind": "alb" }]), json!([])),
        &[("$.nodes[0].id", "`id` must be a string, found a number")],
    );
    check(&design(json!([{ "kind": "alb" }]), json!([])), &[("$.nodes[0]", "missing `id`")]);
    check(&design(json!([{ "id": "a" }]), json!([])), &[("$.nodes[0]", "missing `kind`")]);
    check(&design(json!(["alb"]), json!([])), &[("$.nodes[0]", "a node must be a JSON object, found a string")]);
    check(r#"{"format": "cipherplan/1", "nodes": {}}"#, &[("$.nodes", "`nodes` must be an array, found an object")]);
    check(r#"{"format": "cipherplan/1", "name": null}"#, &[("$.name", "`name` must be a string, found null")]);
    check(
        r#"{"format": "cipherplan/1", "settings": {"strict": "yes"}}"#,
        &[("$.settings.strict", "must be a boolean")],
    );
    check(
        r#"{"format": "cipherplan/1", "settings": {"region": "US East"}}"#,
        &[("$.settings.region", "is not an AWS region name")],
    );
    check(
        &design(json!([{ "id": "a", "kind": "vpc", "x": "10" }, { "id": "b", "kind": "vpc", "w": 0 }]), json!([])),
        &[("$.nodes[0].x", "`x` must be a number, found a string"), ("$.nodes[1].w", "a size greater than 0")],
    );
}

#[test]
fn huge_numbers() {
    let alb = |raw: &str| {
        format!(
            r#"{{"format": "cipherplan/1", "nodes": [{{"id": "a", "kind": "alb", "props": {{"availability_zones": {raw}}}}}]}}"#
        )
    };
    check(&alb("1e400"), &[("$", "number out of range")]);
    check(&alb("-1e400"), &[("$", "number out of range")]);
    check(
        &alb("99999999999999999999999"),
        &[("$.nodes[0].props.availability_zones", "found 100000000000000000000000")],
    );
    check(&alb("18446744073709551615"), &[("$.nodes[0].props.availability_zones", "an integer from 1 to 6")]);
    check(&alb("1e15"), &[("$.nodes[0].props.availability_zones", "an integer from 1 to 6")]);
    check(
        &design(json!([{ "id": "a", "kind": "vpc", "x": 1e300 }]), json!([])),
        &[("$.nodes[0].x", "a coordinate between -10000000 and 10000000")],
    );
    let s3 =
        r#"{"format": "cipherplan/1", "nodes": [{"id": "b", "kind": "s3_bucket", "props": {"storage_gb": 1e308}}]}"#;
    check(s3, &[("$.nodes[0].props.storage_gb", "a number from 0 to 10000000")]);
}

#[test]
fn dangling_and_duplicate_ids() {
    check(
        &with_pair(json!([{ "id": "e", "kind": "flow", "from": "ghost", "to": "db" }])),
        &[("$.edges[0].from", "`from` names `ghost`, which is not a node of this design")],
    );
    check(
        &with_pair(json!([{ "id": "e", "kind": "flow", "from": "web", "to": "ghost" }])),
        &[("$.edges[0].to", "`to` names `ghost`")],
    );
    check(
        &design(json!([{ "id": "a", "kind": "vpc" }, { "id": "a", "kind": "vpc" }]), json!([])),
        &[("$.nodes[1].id", "duplicate id `a` (first used at $.nodes[0])")],
    );
    check(
        &with_pair(json!([{ "id": "db", "kind": "flow", "from": "web", "to": "db" }])),
        &[("$.edges[0].id", "duplicate id `db` (first used at $.nodes[1])")],
    );
    check(&design(json!([{ "id": "", "kind": "vpc" }]), json!([])), &[("$.nodes[0].id", "1 to 128 characters")]);
    check(
        &design(json!([{ "id": "a\u{7}", "kind": "vpc" }]), json!([])),
        &[("$.nodes[0].id", "no control characters")],
    );
    check(
        &design(json!([{ "id": "x".repeat(129), "kind": "vpc" }]), json!([])),
        &[("$.nodes[0].id", "1 to 128 characters")],
    );
    // 128 characters of several bytes each is still a valid id.
    assert!(load(&design(json!([{ "id": "é".repeat(128), "kind": "vpc" }]), json!([]))).is_ok());
}

#[test]
fn edges_that_make_no_sense_between_their_kinds() {
    let d = design(
        json!([{ "id": "media", "kind": "s3_bucket" }, { "id": "alb", "kind": "alb" }, { "id": "db", "kind": "rds_postgres" }]),
        json!([
            { "id": "e1", "kind": "flow", "from": "media", "to": "alb" },
            { "id": "e2", "kind": "encrypts_with", "from": "db", "to": "alb" },
            { "id": "e3", "kind": "flow", "from": "alb", "to": "alb" }
        ]),
    );
    check(
        &d,
        &[
            ("$.edges[0]", "a `flow` edge from `media` (s3_bucket) to `alb` (alb) makes no sense: an S3 bucket does not open network connections"),
            ("$.edges[1]", "an RDS PostgreSQL cannot `encrypts_with` an Application Load Balancer"),
            ("$.edges[2]", "edge joins `alb` to itself"),
        ],
    );
    let internet = design(
        json!([{ "id": "users", "kind": "internet_client" }, { "id": "db", "kind": "rds_postgres" }]),
        json!([{ "id": "e", "kind": "flow", "from": "users", "to": "db" }]),
    );
    check(&internet, &[("$.edges[0]", "makes no sense")]);
}

#[test]
fn bad_parents() {
    check(
        &design(json!([{ "id": "n", "kind": "alb", "parent": "ghost" }]), json!([])),
        &[("$.nodes[0].parent", "`parent` names `ghost`, which is not a node of this design")],
    );
    check(
        &design(
            json!([{ "id": "db", "kind": "rds_postgres" }, { "id": "n", "kind": "alb", "parent": "db" }]),
            json!([]),
        ),
        &[("$.nodes[1].parent", "`db` is an RDS PostgreSQL, which cannot contain other nodes")],
    );
    check(
        &design(
            json!([{ "id": "web", "kind": "ecs_service" }, { "id": "alb", "kind": "alb", "parent": "web" }]),
            json!([]),
        ),
        &[("$.nodes[1].parent", "an Application Load Balancer can be placed in vpc or subnet, not in an ECS service")],
    );
    check(
        &design(
            json!([{ "id": "web", "kind": "ecs_service" }, { "id": "k", "kind": "kms_key", "parent": "web" }]),
            json!([]),
        ),
        &[("$.nodes[1].parent", "only containers go inside an ECS service")],
    );
    check(
        &design(json!([{ "id": "c", "kind": "container" }]), json!([])),
        &[("$.nodes[0]", "container `c` must have an ECS service as `parent`")],
    );
    check(
        &design(json!([{ "id": "c", "kind": "vpc", "parent": 3 }]), json!([])),
        &[("$.nodes[0].parent", "must be a node id (string)")],
    );
    check(
        &design(
            json!([{ "id": "a", "kind": "vpc", "parent": "b" }, { "id": "b", "kind": "subnet", "parent": "a" }]),
            json!([]),
        ),
        &[
            ("$.nodes[0].parent", "parent chain of `a` loops back to `a`"),
            ("$.nodes[1].parent", "parent chain of `b` loops back"),
        ],
    );
}

#[test]
fn duplicate_keys_are_reported_not_silently_dropped() {
    let text = r#"{"format": "cipherplan/1", "nodes": [{"id": "web", "kind": "ecs_service"}, {"id": "db", "kind": "rds_postgres"}],
        "edges": [{"id": "e", "kind": "flow", "from": "web", "to": "db", "props": {"tls": "verify-full", "tls": "disable"}}]}"#;
    check(text, &[("$.edges[0].props.tls", "`tls` appears twice in the same object")]);
    check(
        r#"{"format": "cipherplan/1", "format": "cipherplan/1", "nodes": [{"id": "a", "kind": "albb"}]}"#,
        &[("$.format", "appears twice"), ("$.nodes[0].kind", "unknown node kind")],
    );
}

#[test]
fn every_problem_in_one_file_is_reported_with_its_path() {
    check(
        &fixture("many-problems.json"),
        &[
            ("$.colour", "unknown key `colour`"),
            ("$.nodes[1].kind", "unknown node kind `rds`"),
            ("$.nodes[2].props.storage_encrypted", "expected a boolean, found \"yes\""),
            ("$.nodes[3].id", "duplicate id `web`"),
            ("$.nodes[4].parent", "which is not a node of this design"),
            ("$.edges[0].to", "`to` names `cache`"),
            ("$.edges[1]", "makes no sense"),
            ("$.edges[2].props.tls", "expected one of disable, allow, prefer, require, verify-ca, verify-full"),
        ],
    );
}

#[test]
fn the_number_of_listed_problems_is_capped() {
    let nodes: Vec<_> = (0..MAX_ERRORS + 50).map(|i| json!({ "id": format!("n{i}"), "kind": "nope" })).collect();
    let errors = load(&design(json!(nodes), json!([]))).unwrap_err().0;
    assert_eq!(errors.len(), MAX_ERRORS + 1);
    assert_eq!(errors[MAX_ERRORS].message, "... and 50 more problems");
}

#[test]
fn every_template_loads_back() {
    for t in cipherplan::templates::TEMPLATES {
        let d = (t.build)();
        assert_eq!(load(&d.to_json()).expect(t.name), d);
    }
}
