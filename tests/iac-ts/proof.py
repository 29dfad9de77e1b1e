#!/usr/bin/env python3
"""Proof that the CDK and Pulumi exports work, with the real tools, offline.

Reads the projects `cargo test --test export_cdk --test export_pulumi` wrote under CORPUS
(templates/<name>/{cdk,pulumi,expected.json} and hostile/<n>/{cdk,pulumi}) and checks:

  (3) CDK: `cdk synth` succeeds for every template; checkov on the synthesized CloudFormation
      fails exactly the scanner ids the validator reports (the agreement set below); cfn-lint
      reports no errors.
  (4) Pulumi: `tsc` type-checks every program and its generated mock test passes.
  (6) Hostile names: the CDK app and the Pulumi program of every hostile sample type-check.

Every generated package.json must pin exactly the versions installed in tests/iac-ts/node/,
so what is tested is what a user installs. Nothing is skipped: a missing tool is a failure.

Usage: proof.py CORPUS
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NODE = {"cdk": HERE / "node" / "cdk", "pulumi": HERE / "node" / "pulumi"}
VENV = ROOT / ".venv" / "bin"

# The checkov ids issue 3 names. Those checkov implements for CloudFormation are compared.
LISTED = [
    "CKV_AWS_2", "CKV_AWS_7", "CKV_AWS_8", "CKV_AWS_16", "CKV_AWS_29", "CKV_AWS_30", "CKV_AWS_31",
    "CKV_AWS_79", "CKV_AWS_88", "CKV_AWS_103", "CKV_AWS_145", "CKV_AWS_149", "CKV_AWS_158",
    "CKV_AWS_191", "CKV_AWS_224", "CKV_AWS_378", "CKV_AWS_379",
    "CKV2_AWS_6", "CKV2_AWS_20", "CKV2_AWS_69", "CKV2_AWS_74",
]

# Ids left out of the agreement on CloudFormation, and why. The harness checks these reasons
# against the installed checkov (`checkov --list --framework cloudformation`), so a checkov
# release that adds one of them fails the proof until it is compared too.
NO_CLOUDFORMATION_CHECK = {
    "CKV_AWS_145": "S3 default encryption with KMS: checkov has it for Terraform (and CDK source) only",
    "CKV_AWS_191": "ElastiCache replication group on a CMK: Terraform only",
    "CKV_AWS_224": "ECS cluster exec logging encrypted with KMS: Terraform only",
    "CKV_AWS_378": "target group not plain HTTP: Terraform only",
    "CKV_AWS_379": "S3 bucket policy denying insecure transport: Terraform only",
    "CKV2_AWS_6": "S3 public access block: Terraform graph check only",
    "CKV2_AWS_20": "ALB HTTP listener redirects to HTTPS: Terraform graph check only",
    "CKV2_AWS_74": "ALB listener without weak ciphers: Terraform graph check only",
}
OTHER_SHAPE = {
    # The CloudFormation version of CKV_AWS_8 reads AWS::AutoScaling::LaunchConfiguration only;
    # the bastion is an AWS::EC2::Instance whose BlockDeviceMappings it never looks at. We do
    # not turn the bastion into an Auto Scaling group to please it.
    "CKV_AWS_8": ({"AWS::AutoScaling::LaunchConfiguration"}, "reads launch configurations only; the bastion is an EC2 instance"),
}
# A finding the scanner cannot see on one resource shape: an ElastiCache node exported as a
# single cache cluster (resource_type = cluster) has no encryption settings at all, and
# checkov's ElastiCache checks read AWS::ElastiCache::ReplicationGroup only.
CLUSTER_BLIND = {"CKV_AWS_29", "CKV_AWS_30", "CKV_AWS_31", "CKV_AWS_191"}

ENV = {
    **os.environ,
    "CDK_DISABLE_VERSION_CHECK": "1",
    "CDK_DISABLE_CLI_TELEMETRY": "true",
    "NO_COLOR": "1",
    "FORCE_COLOR": "0",
}
WORKERS = max(1, min(2, os.cpu_count() or 1))

passed: list[str] = []
failed: list[str] = []


def ok(what: str) -> None:
    passed.append(what)
    print(f"ok    {what}", flush=True)


def fail(what: str, why: str) -> None:
    failed.append(what)
    print(f"FAIL  {what}\n      {why.strip()[:4000]}", flush=True)


def run(cmd: list[str], cwd: Path, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env or ENV, capture_output=True, text=True, timeout=timeout)


def tool(path: Path, hint: str) -> str:
    if not path.exists():
        fail(f"tool {path.name}", f"{path} is missing: {hint}")
        summary(0.0)
        sys.exit(1)
    return str(path)


def pins(kind: str) -> dict[str, str]:
    pkg = json.loads((NODE[kind] / "package.json").read_text())
    return {**pkg.get("dependencies", {}), **pkg.get("devDependencies", {})}


def link(project: Path, kind: str) -> None:
    """Reuse the one installed node_modules; the generated package.json must pin the same."""
    gen = json.loads((project / "package.json").read_text())
    wanted = {**gen.get("dependencies", {}), **gen.get("devDependencies", {})}
    if wanted != pins(kind):
        raise RuntimeError(f"{project}/package.json pins {wanted}, the proof installs {pins(kind)}")
    nm = project / "node_modules"
    if nm.is_symlink() or nm.exists():
        nm.unlink()
    nm.symlink_to(NODE[kind] / "node_modules", target_is_directory=True)


def cloudformation_checks(checkov: str) -> dict[str, set[str]]:
    out = run([checkov, "--list", "--framework", "cloudformation"], cwd=ROOT).stdout
    checks: dict[str, set[str]] = {}
    for line in out.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 4 and re.fullmatch(r"CKV2?_AWS_\d+", cells[2]):
            checks.setdefault(cells[2], set()).add(cells[4])
    return checks


def agreement_set(checkov: str) -> list[str]:
    checks = cloudformation_checks(checkov)
    absent = {i for i in LISTED if i not in checks}
    if absent != set(NO_CLOUDFORMATION_CHECK):
        fail("exclusions match checkov", f"ids with no CloudFormation check: {sorted(absent)}; documented: {sorted(NO_CLOUDFORMATION_CHECK)}")
    else:
        ok(f"exclusions match checkov {len(checks)} CloudFormation checks: no CloudFormation check for {', '.join(sorted(absent))}")
    for i, (entities, why) in OTHER_SHAPE.items():
        if checks.get(i) != entities:
            fail(f"{i} shape", f"checkov now checks {checks.get(i)} for {i}; the exclusion ({why}) must be revisited")
    return [i for i in LISTED if i in checks and i not in OTHER_SHAPE]


def synth(project: Path) -> tuple[Path | None, str, float]:
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="cdk-home-") as home:
        env = {**ENV, "CDK_HOME": home}
        cdk = str(NODE["cdk"] / "node_modules" / ".bin" / "cdk")
        r = run([cdk, "synth", "-q", "--no-version-reporting", "--no-notices", "-o", "cdk.out"], cwd=project, env=env)
    took = time.monotonic() - start
    if r.returncode != 0:
        return None, r.stdout + r.stderr, took
    templates = sorted((project / "cdk.out").glob("*.template.json"))
    if len(templates) != 1:
        return None, f"expected one template in cdk.out, found {templates}", took
    return templates[0], "", took


def tsc(project: Path, kind: str, emit: bool) -> subprocess.CompletedProcess:
    cmd = [str(NODE[kind] / "node_modules" / ".bin" / "tsc"), "-p", "."]
    if not emit:
        cmd.append("--noEmit")
    return run(cmd, cwd=project)


def pulumi_check(project: Path) -> tuple[str, str]:
    # One compile both type-checks (the same diagnostics as --noEmit) and emits bin/ for node.
    r = tsc(project, "pulumi", emit=True)
    if r.returncode != 0:
        return "tsc", r.stdout + r.stderr
    t = run(["node", "--test", "bin/index.test.js"], cwd=project)
    if t.returncode != 0:
        lines = [l for l in t.stdout.splitlines() if l.startswith(("not ok", "# pass", "# fail")) or "Error" in l]
        return "mock test", "\n".join(lines[:60]) or t.stderr
    counts = re.findall(r"^# (pass|fail) (\d+)", t.stdout, re.M)
    return "", ", ".join(f"{k} {v}" for k, v in counts)


def failing_ids(checkov: str, template: Path) -> tuple[set[str], set[str]]:
    r = run([checkov, "-f", str(template), "--framework", "cloudformation", "--compact", "--quiet", "--skip-download", "-o", "json"], cwd=template.parent)
    if not r.stdout.strip():
        raise RuntimeError(f"checkov printed nothing: {r.stderr[-2000:]}")
    report = json.loads(r.stdout)
    reports = report if isinstance(report, list) else [report]
    ids = {c["check_id"] for rep in reports for c in rep.get("results", {}).get("failed_checks", [])}
    return ids, ids - set(LISTED)


def blind_spot(f: dict, i: str) -> str | None:
    """Why checkov cannot see finding `f` under id `i` on the CloudFormation shape, if so."""
    if f.get("kind") == "elasticache_redis" and f.get("resource_type") == "cluster" and i in CLUSTER_BLIND:
        return "a single cache cluster has no encryption settings and checkov reads replication groups only"
    if i == "CKV2_AWS_69" and f.get("kind") == "rds_postgres" and f.get("force_ssl", "default") == "default":
        return ("with rds.force_ssl = default the export has no parameter group (the engine default applies), and "
                "CKV2_AWS_69 passes any instance without one, even PostgreSQL < 15 where the default is 0")
    return None


# Checkov ids that also fire on what a finding reports, beyond the rule's own scanner ids.
# CKV_AWS_103 ("listener uses at least TLS 1.2") fails a plain-HTTP listener that forwards, in
# its CloudFormation and Terraform versions alike: the very gap CP-T001 (https-entry) reports
# when http_listener = forward. CP-T001 names CKV_AWS_2 and CKV2_AWS_20 only.
ALSO_FIRES = {("CP-T001", "forward"): ["CKV_AWS_103"]}


def expected_ids(expected: dict, agreement: list[str]) -> tuple[set[str], list[str]]:
    ids: set[str] = set()
    notes = []
    for f in expected["findings"]:
        extra = ALSO_FIRES.get((f["code"], f.get("http_listener")), [])
        for i in extra:
            if i not in f["scanner_ids"] and i in agreement:
                notes.append(f"{i} expected for {f['code']} on `{f['target']}`: checkov's {i} also fails a plain-HTTP listener that forwards")
        for i in list(f["scanner_ids"]) + extra:
            if i not in agreement:
                continue
            why = blind_spot(f, i)
            if why:
                notes.append(f"{i} of {f['code']} on `{f['target']}` left out: {why}")
                continue
            ids.add(i)
    return ids, notes


def summary(took: float) -> None:
    print(f"\nproof wall time: {took:.1f} s ({WORKERS} workers)")
    print(f"{len(passed)} passed, {len(failed)} failed")


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    corpus = Path(sys.argv[1]).resolve()
    start = time.monotonic()
    checkov = tool(VENV / "checkov", "run scripts/setup.sh (scripts/setup.d/python.sh)")
    cfn_lint = tool(VENV / "cfn-lint", "run scripts/setup.sh (scripts/setup.d/python.sh)")
    for kind in NODE:
        tool(NODE[kind] / "node_modules" / ".bin" / "tsc", "run scripts/setup.d/node-iac.sh")
    tool(NODE["cdk"] / "node_modules" / ".bin" / "cdk", "run scripts/setup.d/node-iac.sh")

    templates = sorted(p for p in (corpus / "templates").iterdir() if p.is_dir())
    hostile = sorted((p for p in (corpus / "hostile").iterdir() if p.is_dir()), key=lambda p: int(p.name))
    if not templates:
        fail("corpus", f"no templates under {corpus}")
    for t in templates:
        for kind in NODE:
            link(t / kind, kind)
    for h in hostile:
        for kind in NODE:
            link(h / kind, kind)

    agreement = agreement_set(checkov)
    print(f"agreement set on CloudFormation: {', '.join(agreement)}", flush=True)

    with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
        synths = {t.name: pool.submit(synth, t / "cdk") for t in templates}
        pulumis = {t.name: pool.submit(pulumi_check, t / "pulumi") for t in templates}
        hostile_cdk = {h.name: pool.submit(tsc, h / "cdk", "cdk", False) for h in hostile}
        hostile_pulumi = {h.name: pool.submit(tsc, h / "pulumi", "pulumi", False) for h in hostile}

        scanned = {}
        for name, fut in synths.items():
            template, err, took = fut.result()
            if template is None:
                fail(f"cdk synth {name}", err)
                continue
            ok(f"cdk synth {name} ({took:.1f} s)")
            scanned[name] = template

        for name, template in scanned.items():
            expected = json.loads((corpus / "templates" / name / "expected.json").read_text())
            want, notes = expected_ids(expected, agreement)
            got, others = failing_ids(checkov, template)
            got &= set(agreement)
            for n in notes:
                print(f"      note: {n}")
            if got == want:
                ok(f"checkov agrees with the validator on {name}: {', '.join(sorted(got)) or 'no failures'}"
                   + (f" (other checkov failures, not encryption ids: {len(others)})" if others else ""))
            else:
                fail(f"checkov agrees with the validator on {name}",
                     f"checkov fails {sorted(got)}, the validator reports {sorted(want)}: "
                     f"only checkov {sorted(got - want)}, only the validator {sorted(want - got)}")
            lint = run([cfn_lint, "--format", "parseable", str(template)], cwd=template.parent)
            errors = [l for l in lint.stdout.splitlines() if re.search(r":E\d{4}:", l)]
            # cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8 informational (1: it failed).
            if errors or lint.returncode & 3:
                fail(f"cfn-lint {name}", "\n".join(errors) or lint.stdout + lint.stderr)
            else:
                warnings = len([l for l in lint.stdout.splitlines() if l.strip()])
                ok(f"cfn-lint {name}: no errors ({warnings} warnings/informational)")

        for name, fut in pulumis.items():
            stage, detail = fut.result()
            if stage:
                fail(f"pulumi {name}: {stage}", detail)
            else:
                ok(f"pulumi {name}: tsc, mock test {detail}")

        for label, futs in (("cdk", hostile_cdk), ("pulumi", hostile_pulumi)):
            for name, fut in futs.items():
                r = fut.result()
                if r.returncode != 0:
                    fail(f"hostile {name} {label}: tsc --noEmit", r.stdout + r.stderr)
                else:
                    ok(f"hostile {name} {label}: tsc --noEmit")

    summary(time.monotonic() - start)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
