#!/usr/bin/env bash
# Creates .venv (once) and installs the project with its test tools from the lock file (exact versions,
# checked by hash), through pip's configured index. Needs only Python 3.11+ and pip.
# Refresh the lock after changing pyproject.toml's dependencies: bash scripts/lock.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(cat requirements.txt pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
  # The project itself, editable, with nothing more: every dependency (setuptools included) came from the lock.
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  rm -f .venv/.installed-*
  touch "$stamp"
fi
