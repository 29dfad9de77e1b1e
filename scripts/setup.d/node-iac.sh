#!/usr/bin/env bash
# The npm packages the CDK and Pulumi proof needs (make test-iac-ts), installed once into
# tests/iac-ts/node/{cdk,pulumi} from their committed lockfiles. Every generated project
# under test links to one of these node_modules, so nothing is installed per project.
# Idempotent: npm ci runs only when a lockfile is newer than the installed tree.
set -euo pipefail
cd "$(dirname "$0")/../.."

for kind in cdk pulumi; do
  dir=tests/iac-ts/node/$kind
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    printf '[setup] npm ci in %s\n' "$dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
