#!/usr/bin/env bash
# The official SARIF 2.1.0 JSON Schema, which the CLI tests validate `--format sarif` output
# against (crates/cipherplan-cli/tests/sarif_schema.rs). It ships inside the npm package
# @microsoft/jest-sarif as lib/schemas/sarif-2.1.0-rtm.5.json (2.1.0 "rtm.5" is the final
# OASIS 2.1.0 schema, also published on SchemaStore). Only that one file is kept, under
# .tools/sarif/, and its SHA-256 is checked. Idempotent: does nothing when the file is there.
set -euo pipefail
cd "$(dirname "$0")/../.."

PACKAGE="@microsoft/jest-sarif@1.0.0-beta.0"
TARBALL="microsoft-jest-sarif-1.0.0-beta.0.tgz"
MEMBER="package/lib/schemas/sarif-2.1.0-rtm.5.json"
SHA256="2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8"
DEST=".tools/sarif/sarif-schema-2.1.0.json"

if [ -f "$DEST" ] && echo "$SHA256  $DEST" | sha256sum --check --status; then
  exit 0
fi
echo "[setup] SARIF 2.1.0 schema from npm $PACKAGE"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent --no-audit --no-fund "$PACKAGE" >/dev/null)
tar -xzf "$tmp/$TARBALL" -C "$tmp" "$MEMBER"
echo "$SHA256  $tmp/$MEMBER" | sha256sum --check --status || {
  echo "[setup] unexpected SHA-256 for $MEMBER in $PACKAGE" >&2
  exit 1
}
mkdir -p "$(dirname "$DEST")"
mv "$tmp/$MEMBER" "$DEST"
