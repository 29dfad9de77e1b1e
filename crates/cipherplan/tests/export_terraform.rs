//! Terraform and app exports: snapshots of every file of every template, HCL that parses back,
//! determinism, and a property test with hostile names on generated designs.

use cipherplan::catalog::NodeKind;
use cipherplan::export::{export, ExportTarget, FileTree};
use cipherplan::templates::TEMPLATES;
use cipherplan::{Design, Value};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// The one place that exports: Terraform and app files of a design, keyed `terraform/...`.
fn files(design: &Design) -> FileTree {
    let mut tree = FileTree::default();
    tree.nest("terraform", export(design, ExportTarget::Terraform));
    tree.nest("app", export(design, ExportTarget::App));
    tree
}

/// Parses every `.tf` file back with hcl-rs; returns the top-level blocks as
/// `(identifier, first label)` pairs, sorted.
fn parse_back(tree: &FileTree) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    for (path, text) in &tree.files {
        if !path.ends_with(".tf") {
            continue;
        }
        let body: hcl::Body = hcl::from_str(text).unwrap_or_else(|e| panic!("{path} does not parse: {e}\n{text}"));
        for b in body.blocks() {
            let label = b.labels().first().map(|l| l.as_str().to_owned()).unwrap_or_default();
            blocks.push((b.identifier().to_owned(), label));
        }
        assert!(body.attributes().next().is_none(), "{path} has a top-level attribute");
    }
    blocks.sort();
    blocks
}

/// Every template plus the fixture that draws every node kind the exporters know.
fn designs() -> Vec<(String, Design)> {
    let mut v: Vec<(String, Design)> = TEMPLATES.iter().map(|t| (t.name.to_owned(), (t.build)())).collect();
    let text = include_str!("fixtures/export-everything.cipherplan.json");
    let d = cipherplan::load(text).expect("the fixture loads");
    v.push((d.name.clone(), d));
    v
}

#[test]
fn snapshots_of_every_template() {
    for (name, design) in designs() {
        let tree = files(&design);
        for (path, text) in &tree.files {
            let snap = format!("{name}__{}", path.replace(['/', '.'], "_"));
            insta::assert_snapshot!(snap, text);
        }
    }
}

#[test]
fn every_template_parses_back_and_uses_known_blocks() {
    for (name, design) in designs() {
        let t = Named { name: &name };
        let tree = files(&design);
        for (ident, label) in parse_back(&tree) {
            assert!(
                matches!(
                    ident.as_str(),
                    "terraform" | "provider" | "variable" | "output" | "locals" | "resource" | "data"
                ),
                "{}: unexpected block {ident}",
                t.name
            );
            if ident == "resource" || ident == "data" {
                assert!(label.starts_with("aws_") || label == "random_password", "{}: {ident} {label}", t.name);
            }
        }
    }
}

#[test]
fn the_module_pins_terraform_and_the_aws_major() {
    let tree = export(&cipherplan::templates::reference(), ExportTarget::Terraform);
    let versions: hcl::Body = hcl::from_str(&tree.files["versions.tf"]).unwrap();
    let tf = versions.blocks().find(|b| b.identifier() == "terraform").unwrap();
    let text = hcl::to_string(tf.body()).unwrap();
    assert!(text.contains("required_version = \">= 1.5.0\""), "{text}");
    assert!(text.contains("\"hashicorp/aws\"") && text.contains("\"~> 6.0\""), "{text}");
}

/// A name holder so messages read `t.name` in every loop.
struct Named<'a> {
    name: &'a str,
}

#[test]
fn output_is_deterministic_whatever_the_order() {
    for (name, design) in designs() {
        let t = Named { name: &name };
        let mut shuffled = design.clone();
        shuffled.nodes.reverse();
        shuffled.edges.reverse();
        let n = shuffled.nodes.len();
        shuffled.nodes.rotate_left(n / 3);
        assert_eq!(files(&design), files(&design), "{}: two runs differ", t.name);
        assert_eq!(files(&design), files(&shuffled), "{}: node/edge order changes the export", t.name);
    }
}

#[test]
fn all_nests_each_target_in_its_folder() {
    let d = cipherplan::templates::reference();
    let all = export(&d, ExportTarget::All);
    let tf = export(&d, ExportTarget::Terraform);
    for (path, text) in &tf.files {
        assert_eq!(all.files.get(&format!("terraform/{path}")), Some(text));
    }
    assert!(all.files.keys().any(|p| p.starts_with("app/")));
}

/// A reference value to compare faithful exports against.
fn attr(tree: &FileTree, file: &str, needle: &str) -> bool {
    tree.files.get(file).is_some_and(|t| t.contains(needle))
}

#[test]
fn weakened_designs_export_weakened_code() {
    let mut d = cipherplan::templates::reference();
    let set = |d: &mut Design, id: &str, k: &str, v: Value| {
        d.node_mut(id).unwrap().props.insert(k.into(), v);
    };
    set(&mut d, "db", "rds.force_ssl", "default".into());
    set(&mut d, "alb", "ssl_policy", "ELBSecurityPolicy-2016-08".into());
    set(&mut d, "redis", "resource_type", "cluster".into());
    set(&mut d, "bastion", "http_tokens", "optional".into());
    for e in d.edges.iter_mut().filter(|e| e.to == "db") {
        e.props.insert("tls".into(), "require".into());
    }
    let tf = export(&d, ExportTarget::Terraform);
    assert!(!attr(&tf, "rds.tf", "aws_db_parameter_group"), "no parameter group when force_ssl = default");
    assert!(attr(&tf, "alb.tf", "ssl_policy = \"ELBSecurityPolicy-2016-08\""));
    assert!(
        attr(&tf, "redis.tf", "resource \"aws_elasticache_cluster\"") && !attr(&tf, "redis.tf", "replication_group")
    );
    assert!(attr(&tf, "bastion.tf", "http_tokens = \"optional\""));
    let app = export(&d, ExportTarget::App);
    let settings = &app.files["django/settings_encryption.py"];
    assert!(settings.contains("\"sslmode\": \"require\"") && !settings.contains("sslrootcert"), "{settings}");
    assert!(!app.files["django/Dockerfile.snippet"].contains("\nADD "), "no CA bundle needed for require");
}

#[test]
fn the_reference_export_carries_every_judged_setting() {
    let tf = export(&cipherplan::templates::reference(), ExportTarget::Terraform);
    for (file, needle) in [
        ("kms.tf", "enable_key_rotation = true"),
        ("kms.tf", "policy = data.aws_iam_policy_document.key_data_key_policy.json"),
        ("rds.tf", "name = \"rds.force_ssl\""),
        ("rds.tf", "storage_encrypted = true"),
        ("rds.tf", "kms_key_id = aws_kms_key.key_data.arn"),
        ("redis.tf", "transit_encryption_enabled = true"),
        ("redis.tf", "transit_encryption_mode = \"required\""),
        ("redis.tf", "at_rest_encryption_enabled = true"),
        ("redis.tf", "auth_token = random_password.redis_token_value.result"),
        ("alb.tf", "ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\""),
        ("alb.tf", "status_code = \"HTTP_301\""),
        ("alb.tf", "protocol = \"HTTPS\""),
        ("alb.tf", "target_type = \"ip\""),
        ("alb.tf", "drop_invalid_header_fields = true"),
        ("ecs.tf", "logging = \"OVERRIDE\""),
        ("ecs.tf", "cloud_watch_encryption_enabled = true"),
        ("ecs.tf", "fargate_ephemeral_storage_kms_key_id = aws_kms_key.key_exec.id"),
        ("ecs.tf", "container_name = \"nginx\""),
        ("iam.tf", "ssmmessages:OpenDataChannel"),
        ("iam.tf", "kms:Decrypt"),
        ("s3.tf", "sse_algorithm = \"aws:kms\""),
        ("s3.tf", "bucket_key_enabled = true"),
        ("s3.tf", "variable = \"aws:SecureTransport\""),
        ("s3.tf", "variable = \"s3:TlsVersion\""),
        ("s3.tf", "restrict_public_buckets = true"),
        ("secrets.tf", "kms_key_id = aws_kms_key.key_secrets.arn"),
        ("logs.tf", "kms_key_id = aws_kms_key.key_logs.arn"),
        ("bastion.tf", "http_tokens = \"required\""),
        ("bastion.tf", "associate_public_ip_address = false"),
        ("bastion.tf", "encrypted = true"),
        ("bastion.tf", "AmazonSSMManagedInstanceCore"),
    ] {
        assert!(attr(&tf, file, needle), "{file} lacks `{needle}`:\n{}", tf.files.get(file).map_or("", String::as_str));
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile names.

/// Text a user might type that tries to become code somewhere.
const HOSTILE: &[&str] = &[
    "\"}\nresource \"aws_s3_bucket\" \"INJECTED\" {\n#",
    "${file(\"/etc/passwd\")}INJECTED",
    "%{ for x in [1] }INJECTED%{ endfor }",
    "$${INJECTED}",
    "*/ INJECTED /*",
    "`INJECTED` $(rm -rf /)",
    "INJECTED\r\n\u{2028}\u{85}\t\u{0}",
    "Ünïcödé 日本 INJECTED ✓",
    "INJECTED\\",
    "'; DROP TABLE INJECTED; --",
    "</script><!-- INJECTED",
    "\n}\nserver { listen 80; INJECTED }\n",
    "",
];

/// The reference design with every id, label and free-text property replaced by hostile text
/// (ids made unique), keeping only the nodes in `keep` (a bit mask over the sorted nodes).
fn hostile_design(base: &Design, picks: &[usize], keep: &[bool]) -> Design {
    let pick = |i: usize| HOSTILE[picks[i % picks.len()] % HOSTILE.len()];
    let mut ids = BTreeMap::new();
    for (i, n) in base.nodes.iter().enumerate() {
        ids.insert(n.id.clone(), format!("{}{i}", pick(i)));
    }
    let kept: Vec<bool> = base
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            // Keep the boxes so parents stay meaningful; drop others by the mask.
            matches!(n.kind, NodeKind::Vpc | NodeKind::Subnet) || keep.get(i).copied().unwrap_or(true)
        })
        .collect();
    let mut d = Design::new(pick(99));
    d.description = pick(98).to_owned();
    d.settings = base.settings.clone();
    for (i, n) in base.nodes.iter().enumerate() {
        if !kept[i] {
            continue;
        }
        let mut m = n.clone();
        m.id = ids[&n.id].clone();
        m.label = pick(i + 7).to_owned();
        m.parent = n.parent.as_ref().and_then(|p| {
            let pi = base.nodes.iter().position(|x| &x.id == p)?;
            kept[pi].then(|| ids[p].clone())
        });
        for (k, v) in m.props.iter_mut() {
            if matches!(
                k.as_str(),
                "alias" | "domain_name" | "instance_class" | "image" | "node_type" | "instance_type"
            ) {
                *v = Value::Text(pick(i + k.len()).to_owned());
            }
        }
        d.nodes.push(m);
    }
    for (j, e) in base.edges.iter().enumerate() {
        let (Some(from), Some(to)) = (ids.get(&e.from), ids.get(&e.to)) else { continue };
        if !d.nodes.iter().any(|n| &n.id == from) || !d.nodes.iter().any(|n| &n.id == to) {
            continue;
        }
        let mut f = e.clone();
        f.id = format!("{}e{j}", pick(j + 3));
        f.from = from.clone();
        f.to = to.clone();
        f.label = pick(j).to_owned();
        for (k, v) in f.props.iter_mut() {
            if matches!(k.as_str(), "ca_bundle" | "env_var") {
                *v = Value::Text(pick(j + 1).to_owned());
            }
        }
        if e.kind == cipherplan::catalog::EdgeKind::ReadsSecret {
            f.props.insert("env_var".into(), Value::Text(pick(j + 2).to_owned()));
        }
        d.edges.push(f);
    }
    d
}

/// Checks that hostile text stayed data: HCL parses with only known blocks and no block or
/// attribute named after it; in other files it only appears on comment lines.
fn assert_contained(design: &Design, tree: &FileTree) {
    let benign_kinds: Vec<(String, String)> = parse_back(tree);
    for (ident, label) in &benign_kinds {
        assert!(
            matches!(ident.as_str(), "terraform" | "provider" | "variable" | "output" | "locals" | "resource" | "data"),
            "injected block {ident}"
        );
        assert!(!label.contains("INJECTED"), "injected label {label}");
    }
    for (path, text) in &tree.files {
        if path.ends_with(".tf") {
            let body: hcl::Body = hcl::from_str(text).unwrap();
            fn walk(body: &hcl::Body, path: &str) {
                for a in body.attributes() {
                    assert!(!a.key().contains("INJECTED"), "{path}: injected attribute {}", a.key());
                }
                for b in body.blocks() {
                    assert!(!b.identifier().contains("INJECTED"), "{path}: injected block");
                    walk(b.body(), path);
                }
            }
            walk(&body, path);
            for line in text.lines() {
                if line.contains("INJECTED") && !line.trim_start().starts_with('#') {
                    // Only inside a string value: the line is `key = "..."` or a list item.
                    let t = line.trim_start();
                    assert!(t.contains('"'), "{path}: bare hostile text on `{line}`");
                }
            }
        }
    }
    // Everything else (nginx, OpenSSL, Dockerfiles, Python) must have exactly the structure of
    // the same design with harmless names: typed text only ever lands in comments or as
    // sanitized tokens, so no quote, brace, bracket, semicolon, `$` or line is added anywhere.
    let twin = files(&benign_twin(design));
    for (path, text) in &tree.files {
        if path.ends_with(".tf") || path.ends_with(".md") {
            continue;
        }
        let other = twin.files.get(path).unwrap_or_else(|| panic!("{path} only exists with hostile names"));
        // Comments may differ (findings quote what was typed); everything else may not.
        assert!(!text.contains('\u{0}'), "{path}: NUL in output");
        let (lines, twin_lines) = (code_lines(text), code_lines(other));
        assert_eq!(lines.len(), twin_lines.len(), "{path}: hostile names change the number of lines:\n{text}");
        for (a, b) in lines.iter().zip(&twin_lines) {
            assert_eq!(
                structure(a),
                structure(b),
                "{path}: hostile text changed the structure of `{a}` (harmless: `{b}`)"
            );
        }
    }
}

/// The lines of a file that are not comments.
fn code_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| !l.trim_start().starts_with('#')).collect()
}

/// The characters that give a line of configuration or code its structure.
fn structure(line: &str) -> String {
    line.chars().filter(|c| "\"'`{}()[];$\\<>|&=#%".contains(*c)).collect()
}

/// The same design with harmless names: ids renamed in their sorted order (so everything that
/// follows id order is unchanged) and every typed text replaced by a plain word.
fn benign_twin(d: &Design) -> Design {
    let mut node_ids: Vec<&str> = d.nodes.iter().map(|n| n.id.as_str()).collect();
    node_ids.sort_unstable();
    let rename: BTreeMap<String, String> =
        node_ids.iter().enumerate().map(|(i, id)| ((*id).to_owned(), format!("n{i:04}"))).collect();
    let mut edge_ids: Vec<&str> = d.edges.iter().map(|e| e.id.as_str()).collect();
    edge_ids.sort_unstable();
    let erename: BTreeMap<String, String> =
        edge_ids.iter().enumerate().map(|(i, id)| ((*id).to_owned(), format!("e{i:04}"))).collect();
    let mut t = d.clone();
    t.name = "INJECTED".into();
    t.description = "INJECTED".into();
    for n in &mut t.nodes {
        n.id = rename[&n.id].clone();
        n.parent = n.parent.as_ref().map(|p| rename.get(p).cloned().unwrap_or_default());
        n.label = "INJECTED".into();
        for (k, v) in n.props.iter_mut() {
            if matches!(
                k.as_str(),
                "alias" | "domain_name" | "instance_class" | "image" | "node_type" | "instance_type"
            ) {
                *v = Value::Text("INJECTED".into());
            }
        }
    }
    for e in &mut t.edges {
        e.id = erename[&e.id].clone();
        e.from = rename.get(&e.from).cloned().unwrap_or_default();
        e.to = rename.get(&e.to).cloned().unwrap_or_default();
        e.label = "INJECTED".into();
        // What the exporters make of these is a file or variable name; the twin uses that
        // sanitized value, so only raw text leaking through could change the structure.
        if e.props.contains_key("ca_bundle") {
            let file = cipherplan::export::app::env::ca_bundle_file(e);
            e.props.insert("ca_bundle".into(), Value::Text(file));
        }
        if let Some(v) = e.props.get("env_var").and_then(Value::as_str) {
            let name = cipherplan::export::app::env::env_var_name(v).unwrap_or_default();
            e.props.insert("env_var".into(), Value::Text(name));
        }
    }
    t
}

#[test]
fn every_hostile_string_stays_data() {
    for (_, base) in designs() {
        for i in 0..HOSTILE.len() {
            let d = hostile_design(&base, &[i, i + 1, i + 2], &[]);
            assert_contained(&d, &files(&d));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn hostile_names_on_generated_designs_stay_data(
        base in 0usize..16,
        picks in proptest::collection::vec(0usize..64, 1..8),
        keep in proptest::collection::vec(any::<bool>(), 0..40),
    ) {
        let all = designs();
        let d = hostile_design(&all[base % all.len()].1, &picks, &keep);
        let tree = files(&d);
        assert_contained(&d, &tree);
        prop_assert_eq!(&tree, &files(&d));
    }
}
