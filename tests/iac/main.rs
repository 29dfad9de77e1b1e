//! Proof of the Terraform and app exports with independent tools (`make test-iac`).
//!
//! For every template: the design goes through the real CLI (`cipherplan export FILE --to
//! terraform`), checkov scans the module, and
//! 1. on `django-encrypted`, none of the encryption checks below fails, and every other failing
//!    check is listed here with the reason it fails (an unlisted one fails the test);
//! 2. on every template, the encryption checks checkov fails are exactly the scanner ids the
//!    validator reports (`cipherplan::rules::check`), except where checkov cannot see a shape
//!    (its blind spots are listed below with the reason, per finding).
//!
//! The app export is checked too: the Django settings compile with Python and the sidecar's
//! `v3.ext` makes a certificate with the expected subjectAltName with OpenSSL.
//!
//! Tools come from the one venv (`.venv`, `scripts/setup.d/python.sh`); when it is missing the
//! test installs it rather than skipping.

use cipherplan::templates::TEMPLATES;
use cipherplan::{Design, Finding};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The encryption checks the exports are judged by (issue 3).
const CHECKS: &[&str] = &[
    "CKV_AWS_2",
    "CKV_AWS_7",
    "CKV_AWS_8",
    "CKV_AWS_16",
    "CKV_AWS_29",
    "CKV_AWS_30",
    "CKV_AWS_31",
    "CKV_AWS_79",
    "CKV_AWS_88",
    "CKV_AWS_103",
    "CKV_AWS_145",
    "CKV_AWS_149",
    "CKV_AWS_158",
    "CKV_AWS_191",
    "CKV_AWS_224",
    "CKV_AWS_378",
    "CKV_AWS_379",
    "CKV2_AWS_6",
    "CKV2_AWS_20",
    "CKV2_AWS_69",
    "CKV2_AWS_74",
];

/// Other checks that fail on the `django-encrypted` export, and why that is right (or outside
/// what the design decides). A failing check not listed here fails the test.
const OTHER_FAILURES: &[(&str, &str)] = &[
    ("CKV2_AWS_11", "VPC flow logs are not part of the design (no node for them)."),
    ("CKV2_AWS_28", "No WAF in the design; WAF is not an encryption control."),
    ("CKV2_AWS_5", "The one-off management task's security group is used by `aws ecs run-task`, not by a resource."),
    ("CKV2_AWS_50", "The design runs one cache node (num_cache_clusters = 1), so there is no Multi-AZ failover."),
    ("CKV2_AWS_57", "The design does not enable secret rotation (rotation_enabled = false); CKV2_AWS_57 is the rotation rule's id."),
    ("CKV2_AWS_61", "Bucket lifecycle rules are not part of the design."),
    ("CKV2_AWS_62", "Bucket event notifications are not part of the design."),
    ("CKV_AWS_109", "Key policies must grant the account root kms:* on \"*\" (the key itself) so IAM policies work; checkov reads it as an unconstrained IAM policy."),
    ("CKV_AWS_111", "Same key-policy root statement as CKV_AWS_109."),
    ("CKV_AWS_356", "Same key-policy root statement as CKV_AWS_109 (a key policy's resource is always \"*\")."),
    ("CKV_AWS_118", "RDS enhanced monitoring is not part of the design."),
    ("CKV_AWS_129", "RDS log exports are not part of the design."),
    ("CKV_AWS_144", "Cross-region replication is not part of the design."),
    ("CKV_AWS_157", "The design's database is single-AZ (multi_az = false)."),
    ("CKV_AWS_161", "No flow to the database uses IAM authentication (auth = password)."),
    ("CKV_AWS_18", "S3 access logging is not part of the design."),
    ("CKV_AWS_260", "The HTTP :80 listener exists only to redirect to HTTPS, so port 80 is open to the internet."),
    ("CKV_AWS_336", "nginx and Django write to their root filesystems (cache, temp files); read-only roots are not part of the design."),
    ("CKV_AWS_338", "The design keeps container logs 30 days (retention_in_days = 30)."),
    ("CKV_AWS_353", "Performance Insights is not available on the design's db.t4g.micro and not part of the design."),
    ("CKV_AWS_394", "Subnets take the first az_count zones by index; a zone AWS adds later does not move them."),
    ("CKV_AWS_91", "ALB access logs are not part of the design."),
];

/// Where checkov cannot see what a validator finding is about. `Some(reason)` leaves that
/// finding's id out of the agreement (the validator may report it while checkov does not).
fn blind_spot(design: &Design, finding: &Finding, id: &str) -> Option<&'static str> {
    let node = finding.target.id().and_then(|t| design.node(t));
    match id {
        // Each blind spot is also in the rule's docs ("Scanner blind spot"): CP-T013 (s3-secure-transport).
        "CKV_AWS_379" => Some(
            "checkov evaluates CKV_AWS_379 only on aws_s3_bucket_acl resources with a public ACL; the export \
             disables ACLs (BucketOwnerEnforced), so checkov never evaluates the bucket policy",
        ),
        // CP-T007 (rds-force-ssl).
        "CKV2_AWS_69" if node.is_some_and(|n| n.text("rds.force_ssl") == "default") => Some(
            "with rds.force_ssl = default the export has no parameter group (the engine default applies), and \
             CKV2_AWS_69 passes any instance without a parameter group, even PostgreSQL < 15 where the default is 0",
        ),
        // CP-R002, CP-T010, CP-T011, CP-R003 (the ElastiCache rules).
        "CKV_AWS_29" | "CKV_AWS_30" | "CKV_AWS_31" | "CKV_AWS_191"
            if node.is_some_and(|n| n.text("resource_type") == "cluster") =>
        {
            Some(
                "the design uses aws_elasticache_cluster, which has no encryption settings; checkov only checks \
                 aws_elasticache_replication_group",
            )
        }
        // CP-A001 (ecs-exec-encryption).
        "CKV_AWS_224" if node.is_some_and(|n| n.text("execute_command_logging") == "NONE") => {
            Some("CKV_AWS_224 returns UNKNOWN (not FAILED) for logging = NONE")
        }
        _ => None,
    }
}

/// Every template, plus the fixture that draws every node kind the exporters know.
fn designs_under_test() -> Vec<(String, Design)> {
    let mut v: Vec<(String, Design)> = TEMPLATES.iter().map(|t| (t.name.to_owned(), (t.build)())).collect();
    let fixture = root().join("crates/cipherplan/tests/fixtures/export-everything.cipherplan.json");
    let text = std::fs::read_to_string(&fixture).unwrap_or_else(|e| panic!("{}: {e}", fixture.display()));
    let design = cipherplan::load(&text).unwrap_or_else(|e| panic!("{}: {e}", fixture.display()));
    v.push((design.name.clone(), design));
    v
}

/// A name holder so messages read `t.name`.
struct Named<'a> {
    name: &'a str,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// The venv's checkov, installing the venv when it is missing.
fn checkov() -> PathBuf {
    let root = root();
    let bin = root.join(".venv/bin/checkov");
    if !bin.exists() {
        eprintln!("[test-iac] .venv has no checkov: running scripts/setup.d/python.sh");
        let ok = Command::new("bash").arg("scripts/setup.d/python.sh").current_dir(&root).status().expect("bash");
        assert!(ok.success(), "scripts/setup.d/python.sh failed");
    }
    assert!(bin.exists(), "{} is still missing after setup", bin.display());
    bin
}

fn run(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    out
}

/// Exports `design` with the CLI into `dir` (`terraform` or `app`).
fn cli_export(design: &Design, work: &Path, name: &str, to: &str) -> PathBuf {
    let file = work.join(format!("{name}.cipherplan.json"));
    std::fs::write(&file, design.to_json()).unwrap();
    let out_dir = work.join(to).join(name);
    let out = run(Command::new(env!("CARGO_BIN_EXE_cipherplan"))
        .args(["export"])
        .arg(&file)
        .args(["--to", to, "--out"])
        .arg(&out_dir));
    assert!(out.status.success(), "cipherplan export {name} --to {to}: {}", String::from_utf8_lossy(&out.stderr));
    out_dir
}

/// Runs checkov once over every module under `dir`; failed check ids by module folder name.
fn scan(dir: &Path) -> BTreeMap<String, Vec<(String, String)>> {
    let started = Instant::now();
    let out = run(Command::new(checkov())
        .args(["-d"])
        .arg(dir)
        .args(["--framework", "terraform", "--compact", "--quiet", "--skip-download", "-o", "json"])
        .env("BC_SKIP_MAPPING", "TRUE")
        .env("CHECKOV_RUN_SCA_PACKAGE_SCAN_V2", "false"));
    eprintln!("[test-iac] checkov over {} took {:.1}s", dir.display(), started.elapsed().as_secs_f64());
    // Exit 1 means "some check failed", which is expected; anything else is an error.
    assert!(matches!(out.status.code(), Some(0 | 1)), "checkov failed: {}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("checkov output is not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    let reports: Vec<serde_json::Value> = match json {
        serde_json::Value::Array(a) => a,
        other => vec![other],
    };
    let mut by_module: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for report in reports {
        if report["check_type"] != "terraform" {
            continue;
        }
        let parsing = &report["summary"]["parsing_errors"];
        assert!(parsing.as_u64().unwrap_or(0) == 0, "checkov could not parse some files: {report:#}");
        for f in report["results"]["failed_checks"].as_array().into_iter().flatten() {
            let path = f["file_abs_path"].as_str().unwrap_or_default();
            let rel = Path::new(path).strip_prefix(dir).unwrap_or(Path::new(path));
            let module =
                rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
            let id = f["check_id"].as_str().unwrap_or_default().to_owned();
            let resource = f["resource"].as_str().unwrap_or_default().to_owned();
            by_module.entry(module).or_default().push((id, resource));
        }
    }
    by_module
}

#[test]
fn checkov_agrees_with_the_validator_on_every_template() {
    let started = Instant::now();
    let work = std::env::temp_dir().join(format!("cipherplan-iac-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let checks: BTreeSet<&str> = CHECKS.iter().copied().collect();

    let mut designs = Vec::new();
    for (name, design) in designs_under_test() {
        cli_export(&design, &work, &name, "terraform");
        designs.push((name, design));
    }
    let failures = scan(&work.join("terraform"));
    let mut problems = Vec::new();

    // 1. The reference design: no encryption check fails; every other failure is explained.
    let reference = failures.get("django-encrypted").cloned().unwrap_or_default();
    let reasons: BTreeMap<&str, &str> = OTHER_FAILURES.iter().copied().collect();
    let mut seen_other = BTreeSet::new();
    for (id, resource) in &reference {
        if checks.contains(id.as_str()) {
            problems.push(format!("django-encrypted: {id} fails on {resource}"));
        } else if let Some(reason) = reasons.get(id.as_str()) {
            if seen_other.insert(id.clone()) {
                eprintln!("[test-iac] django-encrypted {id} ({resource}): {reason}");
            }
        } else {
            problems.push(format!("django-encrypted: {id} fails on {resource} and has no reason in OTHER_FAILURES"));
        }
    }

    // 2. Agreement on every template.
    for (name, design) in &designs {
        let found: BTreeSet<String> = failures
            .get(name.as_str())
            .into_iter()
            .flatten()
            .map(|(id, _)| id.clone())
            .filter(|id| checks.contains(id.as_str()))
            .collect();
        let findings = cipherplan::rules::check(design, &cipherplan::rules::Options::default());
        let mut expected = BTreeSet::new();
        let mut blind: BTreeMap<String, &str> = BTreeMap::new();
        for f in &findings {
            for id in f.scanner_ids.iter().filter(|id| checks.contains(**id)) {
                match blind_spot(design, f, id) {
                    Some(reason) => {
                        blind.insert((*id).to_owned(), reason);
                    }
                    None => {
                        expected.insert((*id).to_owned());
                    }
                }
            }
        }
        // An id only a blind spot reports may be missing from checkov's side.
        let checkov_side: BTreeSet<String> =
            found.iter().filter(|id| expected.contains(*id) || !blind.contains_key(*id)).cloned().collect();
        for (id, reason) in &blind {
            if !expected.contains(id) {
                eprintln!("[test-iac] {name}: {id} left out of the agreement: {reason}");
            }
        }
        let only_checkov: Vec<&String> = checkov_side.difference(&expected).collect();
        let only_validator: Vec<&String> = expected.difference(&checkov_side).collect();
        eprintln!("[test-iac] {name}: checkov fails {found:?}; validator reports {expected:?}");
        if !only_checkov.is_empty() || !only_validator.is_empty() {
            problems.push(format!(
                "{name}: checkov and the validator disagree: only checkov fails {only_checkov:?}, only the validator reports {only_validator:?}"
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    eprintln!("[test-iac] terraform proof took {:.1}s", started.elapsed().as_secs_f64());
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn app_files_compile_and_the_sidecar_certificate_has_its_names() {
    let work = std::env::temp_dir().join(format!("cipherplan-iac-app-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let python = root().join(".venv/bin/python");
    let _ = checkov(); // makes sure the venv exists
    for (name, design) in designs_under_test() {
        let t = Named { name: &name };
        let dir = cli_export(&design, &work, &name, "app");
        let settings = dir.join("django/settings_encryption.py");
        if settings.exists() {
            let out = run(Command::new(&python).args(["-m", "py_compile"]).arg(&settings));
            assert!(
                out.status.success(),
                "{}: settings do not compile: {}",
                t.name,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let ext = dir.join("nginx/v3.ext");
        if ext.exists() {
            // The same OpenSSL steps as the sidecar Dockerfile.
            let key = work.join(format!("{}.key", t.name));
            let csr = work.join(format!("{}.csr", t.name));
            let crt = work.join(format!("{}.crt", t.name));
            let out = run(Command::new("openssl")
                .args(["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout"])
                .arg(&key)
                .args(["-subj", "/CN=localhost", "-out"])
                .arg(&csr));
            assert!(out.status.success(), "openssl req: {}", String::from_utf8_lossy(&out.stderr));
            let out = run(Command::new("openssl")
                .args(["x509", "-req", "-in"])
                .arg(&csr)
                .arg("-signkey")
                .arg(&key)
                .args(["-sha256", "-days", "36500", "-extfile"])
                .arg(&ext)
                .arg("-out")
                .arg(&crt));
            assert!(
                out.status.success(),
                "{}: openssl x509 with v3.ext: {}",
                t.name,
                String::from_utf8_lossy(&out.stderr)
            );
            let out = run(Command::new("openssl").args(["x509", "-noout", "-text", "-in"]).arg(&crt));
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("DNS:localhost") && text.contains("IP Address:127.0.0.1"), "{}: {text}", t.name);
            assert!(text.contains("CA:FALSE") && text.contains("TLS Web Server Authentication"), "{}: {text}", t.name);
        }
    }
    let _ = std::fs::remove_dir_all(&work);
}
