#!/usr/bin/env bash
# Sets up, loads the demo portfolio on first run, and starts the dashboard on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m dashboard demo --if-empty
exec .venv/bin/streamlit run app.py "$@"
