#!/usr/bin/env bash
# Run the whole test suite the way CI does, on a fresh machine:
#   1. create a virtual environment (VENV, default .venv) and install the package with
#      every extra the tests exercise;
#   2. start a throwaway PostgreSQL server on loopback (scripts/pg-test-server.sh) and
#      point DIRECTIVE_TRACKER_PG_DSN at it;
#   3. ruff, mypy --strict, lint-imports (import contracts), pytest.
# Usage: bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q -U pip
"$VENV/bin/python" -m pip install -q -e ".[test]"

if [ -z "${DIRECTIVE_TRACKER_PG_DSN:-}" ]; then
    eval "$(bash scripts/pg-test-server.sh start)"
    trap 'bash scripts/pg-test-server.sh stop >/dev/null 2>&1 || true' EXIT
fi

echo "== ruff"
"$VENV/bin/ruff" check src tests benchmarks
echo "== mypy --strict"
"$VENV/bin/mypy" --strict src
echo "== lint-imports (layers, see docs/design.md)"
"$VENV/bin/lint-imports"
echo "== pytest"
"$VENV/bin/python" -m pytest "$@"
