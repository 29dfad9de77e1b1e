#!/usr/bin/env bash
# The one Python venv of the test suite (.venv): checkov and cfn-lint, pinned. Idempotent: a
# second run only compares the installed versions. Used by `make test-iac` (checkov on the
# Terraform exports) and by the CDK part (checkov + cfn-lint on synthesized CloudFormation).
set -euo pipefail
cd "$(dirname "$0")/../.."

CHECKOV_VERSION=3.3.30
CFN_LINT_VERSION=1.58.0
VENV=.venv

step() { printf '[setup] %s\n' "$*"; }

if [ ! -x "$VENV/bin/python" ]; then
  step "python3 -m venv $VENV"
  if ! python3 -m venv "$VENV" 2>/dev/null; then
    # Debian splits venv support out of python3.
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    python3 -m venv "$VENV"
  fi
fi

installed() { "$VENV/bin/python" -m pip show "$1" 2>/dev/null | sed -n 's/^Version: //p'; }

if [ "$(installed checkov)" != "$CHECKOV_VERSION" ] || [ "$(installed cfn-lint)" != "$CFN_LINT_VERSION" ]; then
  step "pip install checkov==$CHECKOV_VERSION cfn-lint==$CFN_LINT_VERSION into $VENV (about 2 minutes)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "checkov==$CHECKOV_VERSION" "cfn-lint==$CFN_LINT_VERSION"
fi
