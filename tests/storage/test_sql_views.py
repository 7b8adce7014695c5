# SPDX-License-Identifier: MIT
"""
The stable ``v1_*`` SQL views (schema version 6, issue 16 item 3), read the way a .NET or
Java system would: with plain ``sqlite3`` and with the ``psql`` command-line client,
never through the library.  Every expected row is written out by hand from the objects
stored below (docs/guide/sql-views.md gives the columns).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from directive_tracker.deadlines import WorkingDays
from directive_tracker.directives import Directive
from directive_tracker.documents import DocumentNumber
from directive_tracker.events import ProgressReported, TaskAccepted, TaskAssigned
from directive_tracker.storage import OutboxItem, SQLiteStore, Store
from directive_tracker.tasks import Task
from directive_tracker.units import Unit, UnitKind
from pgserver import pg_dsn

VN = ZoneInfo("Asia/Ho_Chi_Minh")
VIEWS = ["v1_directives", "v1_events", "v1_outbox", "v1_tasks", "v1_units"]

# The columns of each view, in order (the v1 contract of docs/guide/sql-views.md).
COLUMNS = {
    "v1_units": ["code", "name", "kind", "parent", "valid_from", "valid_to", "data"],
    "v1_directives": ["id", "doc_type", "issuer", "issue_date", "received_date", "signer",
                      "summary", "parent_id", "data"],
    "v1_tasks": ["id", "directive_id", "parent_id", "content", "lead_unit", "assigned_on",
                 "anchor", "due_date", "priority", "data"],
    "v1_events": ["task_id", "seq", "kind", "at", "actor", "data"],
    "v1_outbox": ["key", "status", "created_at", "attempts", "last_error", "sent_at",
                  "claimed_by", "payload", "data"],
}


def _at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 1, day, hour, tzinfo=VN)


def _fill(store: Store) -> None:
    """Two units, one directive, two tasks (T2 a sub-task), three events, one message."""
    store.add_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
    store.add_unit(Unit(code="PNV", name="Phòng Nội vụ", kind=UnitKind.DEPARTMENT,
                        parent="SNV", valid_from=date(2025, 7, 1)))
    # Document 05/QĐ-UBND: its type "QĐ" (quyết định) is the doc_type column.
    store.add_directive(Directive(id="D1", number=DocumentNumber.parse("05/QĐ-UBND"),
                                  issuer="UBND", issue_date=date(2026, 1, 2),
                                  summary="Giao nhiệm vụ cải cách hành chính",
                                  signer="Nguyễn Văn A"))
    # Due 10 working days after Monday 05/01/2026: 05-09, 12-16 are 10 days from the
    # 6th (6,7,8,9,12,13,14,15,16,19) -> Monday 19/01/2026, written as stored.
    store.add_task(Task(id="T1", directive_id="D1", content="Rà soát thủ tục",
                        lead_unit="SNV", deadline=WorkingDays(n=10),
                        anchor=date(2026, 1, 5), due_date=date(2026, 1, 19),
                        assigned_on=date(2026, 1, 5)),
                   [TaskAssigned(task_id="T1", at=_at(5), actor="vanthu")])
    store.add_task(Task(id="T2", directive_id="D1", content="Báo cáo kết quả",
                        lead_unit="PNV", parent_id="T1", deadline=WorkingDays(n=3),
                        anchor=date(2026, 1, 6), due_date=date(2026, 1, 9),
                        assigned_on=date(2026, 1, 6)),
                   [TaskAssigned(task_id="T2", at=_at(6, 14), actor="SNV")])
    store.append_events("T1", [TaskAccepted(task_id="T1", at=_at(6), actor="SNV"),
                               ProgressReported(task_id="T1", at=_at(8), actor="SNV",
                                                percent=50)], expected_version=2)
    store.add_outbox_item(OutboxItem(key="nhac:T1", created_at=_at(7, 8),
                                     payload={"to": "SNV"}))


# The rows of plain sqlite3 (ISO 8601 text for dates and instants, None for NULL); the
# data column is checked separately (it is the stored record, not a hand-built value).
SQLITE_ROWS = {
    "v1_units": [("PNV", "Phòng Nội vụ", "department", "SNV", "2025-07-01", None),
                 ("SNV", "Sở Nội vụ", "department", None, None, None)],
    "v1_directives": [("D1", "QĐ", "UBND", "2026-01-02", None, "Nguyễn Văn A",
                       "Giao nhiệm vụ cải cách hành chính", None)],
    "v1_tasks": [("T1", "D1", None, "Rà soát thủ tục", "SNV", "2026-01-05", "2026-01-05",
                  "2026-01-19", "normal"),
                 ("T2", "D1", "T1", "Báo cáo kết quả", "PNV", "2026-01-06", "2026-01-06",
                  "2026-01-09", "normal")],
    # seq follows insertion: T1 assigned (1), T2 assigned (2), then T1's two events.
    "v1_events": [("T1", 1, "assigned", "2026-01-05T09:00:00+07:00", "vanthu"),
                  ("T1", 3, "accepted", "2026-01-06T09:00:00+07:00", "SNV"),
                  ("T1", 4, "progress", "2026-01-08T09:00:00+07:00", "SNV"),
                  ("T2", 2, "assigned", "2026-01-06T14:00:00+07:00", "SNV")],
    "v1_outbox": [("nhac:T1", "pending", "2026-01-07T08:00:00+07:00", 0, None, None, None,
                   '{"to":"SNV"}')],
}
ORDER = {"v1_units": "code", "v1_directives": "id", "v1_tasks": "id",
         "v1_events": "task_id, seq", "v1_outbox": "key"}


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    path = tmp_path / "views.sqlite3"
    with SQLiteStore(path) as store:
        _fill(store)
    return path


def _sqlite_views(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'view' "
                            "ORDER BY name").fetchall()
    conn.close()
    return [r[0] for r in rows]


class TestSQLite:
    """The views read with the standard library's sqlite3 module only."""

    @pytest.mark.parametrize("view", sorted(SQLITE_ROWS))
    def test_rows(self, sqlite_path: Path, view: str) -> None:
        conn = sqlite3.connect(sqlite_path)
        try:
            cur = conn.execute(f"SELECT * FROM {view} ORDER BY {ORDER[view]}")
            columns = [d[0] for d in cur.description]
            rows = [tuple(r[:-1]) for r in cur.fetchall()]
        finally:
            conn.close()
        assert (COLUMNS[view], SQLITE_ROWS[view]) == (columns, rows)

    def test_data_is_the_stored_record(self, sqlite_path: Path) -> None:
        """The data column is the table's JSON text, unchanged (here: T1's first event)."""
        conn = sqlite3.connect(sqlite_path)
        try:
            got = conn.execute("SELECT data FROM v1_events WHERE seq = 1").fetchone()[0]
        finally:
            conn.close()
        assert ('{"kind":"assigned","task_id":"T1","at":"2026-01-05T09:00:00+07:00",'
                '"actor":"vanthu","note":""}') == got

    def test_version_6_and_views(self, sqlite_path: Path) -> None:
        with SQLiteStore(sqlite_path) as store:
            version = store.stored_schema_version()
        assert (11, VIEWS) == (version, _sqlite_views(sqlite_path))  # views since 6

    def test_migrated_from_version_5(self, sqlite_path: Path) -> None:
        """A version-5 file (no views) gets them on opening, rows readable at once."""
        with sqlite3.connect(sqlite_path) as conn:
            for view in VIEWS:
                conn.execute(f"DROP VIEW {view}")
            conn.execute("UPDATE schema_version SET version = 5")
        conn.close()
        with SQLiteStore(sqlite_path) as store:
            version = store.stored_schema_version()
        conn = sqlite3.connect(sqlite_path)
        try:
            n = conn.execute("SELECT count(*) FROM v1_tasks").fetchone()[0]
        finally:
            conn.close()
        assert (11, VIEWS, 2) == (version, _sqlite_views(sqlite_path), n)

    def test_reset_keeps_the_views(self, sqlite_path: Path) -> None:
        """reset=True drops tables and views and creates both again, empty."""
        with SQLiteStore(sqlite_path, reset=True):
            pass
        conn = sqlite3.connect(sqlite_path)
        try:
            n = conn.execute("SELECT count(*) FROM v1_units").fetchone()[0]
        finally:
            conn.close()
        assert (VIEWS, 0) == (_sqlite_views(sqlite_path), n)


# What psql prints, unaligned with "|" between fields and NULL as the empty string:
# dates as YYYY-MM-DD, timestamptz in the session's time zone (PGTZ=Asia/Ho_Chi_Minh)
# as "YYYY-MM-DD HH:MM:SS+07", jsonb ->> of an object in jsonb's own spacing.
PSQL_ROWS = {
    "v1_units": ["PNV|Phòng Nội vụ|department|SNV|2025-07-01|",
                 "SNV|Sở Nội vụ|department|||"],
    "v1_directives": ["D1|QĐ|UBND|2026-01-02||Nguyễn Văn A|"
                      "Giao nhiệm vụ cải cách hành chính|"],
    "v1_tasks": ["T1|D1||Rà soát thủ tục|SNV|2026-01-05|2026-01-05|2026-01-19|normal",
                 "T2|D1|T1|Báo cáo kết quả|PNV|2026-01-06|2026-01-06|2026-01-09|normal"],
    "v1_events": ["T1|1|assigned|2026-01-05 09:00:00+07|vanthu",
                  "T1|3|accepted|2026-01-06 09:00:00+07|SNV",
                  "T1|4|progress|2026-01-08 09:00:00+07|SNV",
                  "T2|2|assigned|2026-01-06 14:00:00+07|SNV"],
    "v1_outbox": ['nhac:T1|pending|2026-01-07 08:00:00+07|0||||{"to": "SNV"}'],
}


@pytest.fixture
def pg_schema() -> Iterator[tuple[str, str]]:
    """A filled PostgreSQL store in its own schema: yield (dsn, schema)."""
    dsn = pg_dsn()
    if shutil.which("psql") is None:
        pytest.skip("the psql client is not installed")
    from directive_tracker.storage.postgres import PostgresStore  # type: ignore[import-not-found]

    schema = f"directive_tracker_v{os.getpid()}"
    with PostgresStore(dsn, schema=schema, reset=True) as store:
        _fill(store)
    try:
        yield dsn, schema
    finally:
        _psql(dsn, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _psql(dsn: str, query: str) -> list[str]:
    env = {**os.environ, "PGTZ": "Asia/Ho_Chi_Minh", "PGCLIENTENCODING": "UTF8"}
    out = subprocess.run(["psql", dsn, "-X", "-q", "-A", "-t", "-F", "|",
                          "-v", "ON_ERROR_STOP=1", "-c", query],
                         env=env, capture_output=True, text=True, encoding="utf-8",
                         check=True, timeout=60)
    return out.stdout.splitlines()


@pytest.mark.external_service
class TestPostgres:
    """The views read with the psql command-line client, schema-qualified."""

    @pytest.mark.parametrize("view", sorted(PSQL_ROWS))
    def test_rows(self, pg_schema: tuple[str, str], view: str) -> None:
        dsn, schema = pg_schema
        columns = ", ".join(c for c in COLUMNS[view] if c != "data")
        got = _psql(dsn, f'SELECT {columns} FROM "{schema}".{view} ORDER BY {ORDER[view]}')
        names = _psql(dsn, "SELECT column_name FROM information_schema.columns "
                           f"WHERE table_schema = '{schema}' AND table_name = '{view}' "
                           "ORDER BY ordinal_position")
        assert (COLUMNS[view], PSQL_ROWS[view]) == (names, got)

    def test_data_is_the_stored_record(self, pg_schema: tuple[str, str]) -> None:
        dsn, schema = pg_schema
        got = _psql(dsn, f'SELECT data FROM "{schema}".v1_events WHERE seq = 1')
        # Since schema version 9 the column is jsonb: the text is jsonb's normal form,
        # keys ordered by length, then bytewise ("at" 2; "kind" < "note" 4; "actor" 5;
        # "task_id" 7), separators ", " and ": ".
        assert ['{"at": "2026-01-05T09:00:00+07:00", "kind": "assigned", "note": "", '
                '"actor": "vanthu", "task_id": "T1"}'] == got

    def test_version_6_and_views(self, pg_schema: tuple[str, str]) -> None:
        dsn, schema = pg_schema
        got = _psql(dsn, f'SELECT version FROM "{schema}".schema_version')
        views = _psql(dsn, "SELECT table_name FROM information_schema.views "
                           f"WHERE table_schema = '{schema}' ORDER BY table_name")
        assert (["13"], VIEWS) == (got, views)
