#!/usr/bin/env bash
# Refreshes requirements.txt from pyproject.toml: the newest releases its ranges allow, pinned exactly and
# with hashes (runtime, test tools and the build backend). Review the diff, run scripts/test.sh, commit both.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
tools=${PIP_TOOLS_VENV:-.venv-lock}
if [ ! -x "$tools/bin/pip-compile" ]; then
  "$PYTHON" -m venv "$tools"
  "$tools/bin/python" -m pip install --quiet "pip-tools>=7.4"
fi
"$tools/bin/pip-compile" --quiet --upgrade --generate-hashes --allow-unsafe --strip-extras \
  --extra test --build-deps-for editable --no-emit-index-url --no-emit-find-links \
  --output-file requirements.txt pyproject.toml
