#!/usr/bin/env bash
# Sets up and runs the whole test suite, on SQLite and then on PostgreSQL (skipped with a reason where no
# server answers at TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/test; under CI=true a
# missing server fails the run instead), then ruff and mypy.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1

run_pytest() {
  .venv/bin/python -m pytest "$@"
  local code=$?
  # 5 = no test collected: a suite that ran nothing must not pass silently.
  if [ "$code" -eq 5 ]; then echo "pytest collected no tests" >&2; return 1; fi
  return "$code"
}

status=0
echo "== tests on SQLite =="
TEST_DATABASE=sqlite run_pytest -n 2 "$@" || status=1
echo "== tests on PostgreSQL =="
TEST_DATABASE=postgresql run_pytest -n 2 -m "not browser" "$@" || status=1
echo "== ruff =="
.venv/bin/ruff check . || status=1
echo "== mypy (dashboard/, settings in pyproject.toml) =="
.venv/bin/mypy || status=1
exit $status
