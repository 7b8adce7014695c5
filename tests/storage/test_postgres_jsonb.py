# SPDX-License-Identifier: MIT
"""
PostgreSQL schema version 9 (issue 12, item 6): the JSON payload columns are ``jsonb``,
and a schema of version 7 with text payloads is converted on open.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from pgserver import pg_dsn

try:
    import psycopg
except ImportError:  # pragma: no cover - the test extra installs it
    if os.environ.get("CI"):
        raise
    pytest.skip("psycopg is not installed (extra 'postgres')", allow_module_level=True)

from directive_tracker.storage.postgres import PostgresStore

pytestmark = [pytest.mark.external_service]

TABLES = ("units", "successions", "directives", "tasks", "events", "outbox", "settings")
VIEWS = ("v1_units", "v1_directives", "v1_tasks", "v1_events", "v1_outbox")


@pytest.fixture
def dsn() -> str:
    """The test server's DSN (skip locally without one; fail under CI)."""
    return pg_dsn()


@pytest.fixture
def admin(dsn: str) -> Iterator[Any]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        yield conn


@pytest.fixture
def schema(request: pytest.FixtureRequest, admin: Any) -> Iterator[str]:
    name = f"dt_jsonb_{os.getpid()}_" + "".join(
        ch if ch.isalnum() else "_" for ch in request.node.name.lower())[:30]
    admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    yield name
    admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def _types(admin: Any, schema: str) -> dict[str, str]:
    return {r[0]: r[1] for r in admin.execute(
        "SELECT table_name, data_type FROM information_schema.columns "
        "WHERE table_schema = %s AND column_name = 'data'", (schema,))}


def test_new_schema_is_jsonb(dsn: str, admin: Any, schema: str) -> None:
    """Every payload column of a new schema is jsonb; the views' data column is text."""
    PostgresStore(dsn, schema=schema).close()
    types = _types(admin, schema)
    assert {t: "jsonb" for t in TABLES} == {t: types[t] for t in TABLES}
    assert {v: "text" for v in VIEWS} == {v: types[v] for v in VIEWS}


def test_version_7_text_payloads_converted(dsn: str, admin: Any, schema: str,
                                           build: Any) -> None:
    """A version-7 schema (text payloads, views over text) opens as version 9: columns
    jsonb, records read back, views and the stale trigger on tasks in place (a hand
    edit of T1's row marks its timeline stale: one 'unreplayable' row)."""
    with PostgresStore(dsn, schema=schema) as store:
        build.seeded(store)  # unit SNV, directive D1, task T1 with its assignment
    q = f'"{schema}"'
    # Back to version 7's layout: text payloads (views and trigger depend on them).
    for v in VIEWS:
        admin.execute(f"DROP VIEW {q}.{v}")
    admin.execute(f"DROP TRIGGER timeline_stale_tasks ON {q}.tasks")
    for t in TABLES:
        admin.execute(f"ALTER TABLE {q}.{t} ALTER COLUMN data TYPE text USING data::text")
    admin.execute(f"UPDATE {q}.schema_version SET version = 7")
    assert "text" == _types(admin, schema)["tasks"]
    with PostgresStore(dsn, schema=schema) as store:
        version = store.stored_schema_version()
        task = store.get_task("T1")
        n_events = len(store.get_events("T1"))
    types = _types(admin, schema)
    admin.execute(f"UPDATE {q}.tasks SET data = data WHERE id = 'T1'")
    phases = admin.execute(f"SELECT phase FROM {q}.task_timeline WHERE task_id = 'T1'"
                           ).fetchall()
    actor = admin.execute(f"SELECT actor FROM {q}.v1_events").fetchall()
    assert (13, "SNV", date(2026, 1, 19), 1) == (version, task.lead_unit, task.due_date,
                                                n_events)
    assert {t: "jsonb" for t in TABLES} == {t: types[t] for t in TABLES}
    assert {v: "text" for v in VIEWS} == {v: types[v] for v in VIEWS}
    assert ([("unreplayable",)], [("vanthu",)]) == (phases, actor)
