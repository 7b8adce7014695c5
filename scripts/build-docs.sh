#!/usr/bin/env bash
# Build the documentation with warnings as errors, then run every example as a doctest.
# Installs nothing: run it in a venv holding the package with the docs extra and the
# extras the reference documents (autodoc imports directive_tracker.storage.postgres,
# so psycopg; the notebook page's DataFrame doctest runs when pandas is there), i.e.
#   pip install -e ".[test,docs]"
# with its sphinx-build on PATH, e.g.  PATH="$PWD/.venv/bin:$PATH" bash scripts/build-docs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf docs/_build
sphinx-build -W -n --keep-going -q -b html docs docs/_build/html
sphinx-build -W -n --keep-going -q -b doctest docs docs/_build/doctest
echo "docs: HTML in docs/_build/html, doctests passed"
