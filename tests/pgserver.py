# SPDX-License-Identifier: MIT
"""
The PostgreSQL test server, for the tests that need one: one rule for every module.

Import it as ``from pgserver import pg_dsn`` (``tests/conftest.py`` puts this directory
on ``sys.path``).  ``scripts/pg-test-server.sh`` starts a throwaway server and prints the
``DIRECTIVE_TRACKER_PG_DSN`` to export; ``.ci/run`` does it for CI.
"""

from __future__ import annotations

import os

import pytest

#: The environment variable that names the test server.
ENV = "DIRECTIVE_TRACKER_PG_DSN"


def pg_dsn() -> str:
    """Return the test server's DSN.

    Without one the calling test is skipped on a developer's machine and *fails* under
    ``CI`` (which must have a server): a lost server never turns PostgreSQL's tests into
    silent skips there.
    """
    dsn = os.environ.get(ENV)
    if not dsn:
        if os.environ.get("CI"):
            pytest.fail(f"{ENV} is not set but CI is: the PostgreSQL server must be "
                        "available in CI")
        pytest.skip(f"{ENV} is not set (no PostgreSQL server)")
    return dsn
