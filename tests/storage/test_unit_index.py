# SPDX-License-Identifier: MIT
"""
The read path of issue 12 at scale: a unit's rows by report group come from one index
range (SQLite schema 10, PostgreSQL schema 11: ``task_timeline_lead (lead_unit, grp,
valid_to, valid_from)`` replaces ``task_timeline_unit (lead_unit, valid_from)``), and
``status_tallies(coordinating=False)`` skips the scan of the coordinating units, on
memory, SQLite and PostgreSQL.

Every expected value is computed by hand.  Calendar facts (2026): Mon 05/01 is the
assignment day of every task; 10 working days after it (Tue 06/01 ... Mon 19/01, no
holiday) is Mon 19/01, the due date of T1 and T3; so on Tue 20/01 they are overdue when
open, and not on Mon 19/01 (the due day itself is on time).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.events import TaskTransferred
from directive_tracker.exceptions import InvalidTypeError
from directive_tracker.status import ReportGroup
from directive_tracker.storage import SQLiteStore, Store
from directive_tracker.storage.sqlite import _V10
from pgserver import pg_dsn

CAL = vietnam_calendar()
OVERDUE = ReportGroup.NOT_COMPLETED_OVERDUE


def seed(store: Store, build: Any) -> None:
    """
    Four departments, D1, three tasks assigned Mon 05/01/2026:

    * T1: lead SNV, coordinating STC, due 19/01, open;
    * T2: lead SNV, coordinating SXD, due Fri 30/01 (fixed), completed Fri 09/01;
    * T3: lead STC, coordinating SYT, due 19/01, transferred to SYT on Mon 12/01 (SYT
      leaves the coordinating units: the lead may not also coordinate), open.
    """
    for code, name in (("SNV", "Sở Nội vụ"), ("STC", "Sở Tài chính"),
                       ("SXD", "Sở Xây dựng"), ("SYT", "Sở Y tế")):
        store.add_unit(build.unit(code, name))
    store.add_directive(build.directive())
    store.add_task(build.task("T1", coordinating_units=("STC",)), [build.assigned("T1")])
    store.add_task(build.fixed_task("T2", date(2026, 1, 30), coordinating_units=("SXD",)),
                   [build.assigned("T2"), build.completed("T2", 9)])
    store.add_task(build.task("T3", lead_unit="STC", coordinating_units=("SYT",)),
                   [build.assigned("T3"),
                    TaskTransferred(task_id="T3", at=build.at(2026, 1, 12), actor="UBND",
                                    from_unit="STC", to_unit="SYT",
                                    document="Công văn 12/UBND-NC")])


def _ids(store: Store, day: date, units: list[str], group: ReportGroup | None = OVERDUE
         ) -> list[str]:
    return [s.task_id for s in store.status_segments(day, lead_units=units, group=group)]


def test_coordinating_units_as_of_a_date(store: Store, build: Any) -> None:
    """Thu 08/01: STC (T1), SXD (T2, completed on 09/01 but still counted after) and SYT
    (T3 before its transfer); Tue 20/01: SYT leads T3 since 12/01, so STC and SXD only;
    Sun 04/01: nothing assigned yet.  ``coordinating=False`` leaves the set empty and the
    tallies as they are."""
    seed(store, build)
    got = {d: store.status_tallies(d, calendar=CAL).coordinating_units
           for d in (date(2026, 1, 4), date(2026, 1, 8), date(2026, 1, 20))}
    assert got == {date(2026, 1, 4): frozenset(),
                   date(2026, 1, 8): frozenset({"STC", "SXD", "SYT"}),
                   date(2026, 1, 20): frozenset({"STC", "SXD"})}
    full = store.status_tallies(date(2026, 1, 20), calendar=CAL)
    bare = store.status_tallies(date(2026, 1, 20), calendar=CAL, coordinating=False)
    assert (bare.coordinating_units, bare.tallies, bare.unreplayable) == (
        frozenset(), full.tallies, full.unreplayable)


def test_coordinating_flag_must_be_a_bool(store: Store, build: Any) -> None:
    """A non-bool ``coordinating`` is refused (1 is not True here)."""
    with pytest.raises(InvalidTypeError):
        store.status_tallies(date(2026, 1, 20), calendar=CAL,
                             coordinating=1)  # type: ignore[arg-type]


def test_a_units_rows_of_one_group(store: Store, build: Any) -> None:
    """On Tue 20/01 SNV's overdue task is T1 (T2 is completed), SYT's is T3 (its lead
    since 12/01) and STC has none (it led T3 before); on Mon 19/01 nobody's.  Without a
    group, SNV's rows are T1 and T2."""
    seed(store, build)
    day, before = date(2026, 1, 20), date(2026, 1, 19)
    assert (_ids(store, day, ["SNV"]), _ids(store, day, ["SYT"]), _ids(store, day, ["STC"]),
            _ids(store, before, ["SNV", "STC", "SYT"]), _ids(store, day, ["SNV"], None)) == (
        ["T1"], ["T3"], [], [], ["T1", "T2"])


# -- the schema step ----------------------------------------------------------------------

_OVERDUE_SQL = ("SELECT task_id FROM task_timeline WHERE lead_unit IN (?) AND (valid_to IS "
                "NULL OR valid_to > ?) AND valid_from <= ? AND phase <> 'unreplayable' AND "
                "grp = ?")


def _sqlite_layout(path: Path) -> tuple[list[tuple[int]], list[str], str]:
    conn = sqlite3.connect(path)
    try:
        version = conn.execute("SELECT version FROM schema_version").fetchall()
        indexes = sorted(r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = "
            "'task_timeline' AND sql IS NOT NULL"))
        day = date(2026, 1, 20).toordinal()
        plan = " ".join(str(r[3]) for r in conn.execute(
            "EXPLAIN QUERY PLAN " + _OVERDUE_SQL, ("SNV", day, day, OVERDUE.value)))
    finally:
        conn.close()
    return version, indexes, plan


def _to_version_9(path: Path) -> None:
    """Set a new file back to schema 9: the index of schema 7-9 instead of step 10's."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP INDEX task_timeline_lead")
        conn.execute("CREATE INDEX task_timeline_unit ON task_timeline (lead_unit, "
                     "valid_from)")
        conn.execute("UPDATE schema_version SET version = 9")
    conn.close()


def test_sqlite_version_9_file_gets_the_index(tmp_path: Path, build: Any) -> None:
    """A schema-9 file opens at version 11 (10, then the overdue rows) with
    ``task_timeline_lead`` (a unit's overdue rows are searched by lead unit and group)
    instead of ``task_timeline_unit``, and the same answers."""
    path = tmp_path / "v9.sqlite3"
    with SQLiteStore(path) as s:
        seed(s, build)
    _to_version_9(path)
    before = _sqlite_layout(path)
    with SQLiteStore(path) as s:
        answers = (_ids(s, date(2026, 1, 20), ["SNV"]), _ids(s, date(2026, 1, 20), ["SYT"]))
    version, indexes, plan = _sqlite_layout(path)
    assert (before[0], "task_timeline_unit" in before[1]) == ([(9,)], True)
    assert (version, indexes, answers) == (
        [(11,)], ["task_timeline_asof", "task_timeline_lead", "task_timeline_unreplayable"],
        (["T1"], ["T3"]))
    assert "task_timeline_lead (lead_unit=? AND grp=?)" in plan


def test_sqlite_crash_in_the_step_leaves_version_9(tmp_path: Path, build: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Step 10 runs in the migration's one transaction: a failure after its DDL leaves
    the file at version 9 with its old index (usable by the library that wrote it), and
    the next open migrates it."""
    path = tmp_path / "crash.sqlite3"
    with SQLiteStore(path) as s:
        seed(s, build)
    _to_version_9(path)

    def crash(*_a: Any) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(SQLiteStore, "migrations",
                        [*SQLiteStore.migrations[:9], (_V10, crash)])
    with pytest.raises(RuntimeError, match="power cut"):
        SQLiteStore(path)
    version, indexes, _ = _sqlite_layout(path)
    conn = sqlite3.connect(path)
    day = date(2026, 1, 20).toordinal()
    rows = conn.execute(_OVERDUE_SQL, ("SNV", day, day, OVERDUE.value)).fetchall()
    conn.close()
    assert (version, indexes, rows) == (
        [(9,)], ["task_timeline_asof", "task_timeline_unit", "task_timeline_unreplayable"],
        [("T1",)])
    monkeypatch.undo()
    with SQLiteStore(path) as s:
        assert (s.stored_schema_version(), _ids(s, date(2026, 1, 20), ["SNV"])) == (
            11, ["T1"])


@pytest.mark.external_service
def test_postgres_version_10_schema_gets_the_index(build: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL schema 10 opens as 11 (then 12) with ``task_timeline_lead`` instead of
    ``task_timeline_unit``; a failure inside step 11 leaves schema 10 as it was."""
    dsn = pg_dsn()
    psycopg = pytest.importorskip("psycopg")
    from directive_tracker.storage import postgres

    schema = f"dt_lead_{os.getpid()}"
    q = f'"{schema}"'

    def layout(admin: Any) -> tuple[list[tuple[int]], list[str]]:
        version = admin.execute(f"SELECT version FROM {q}.schema_version").fetchall()
        names = sorted(r[0] for r in admin.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = %s AND tablename = "
            "'task_timeline' AND indexname <> 'task_timeline_pkey'", (schema,)))
        return version, names

    def crash(*_a: Any) -> None:
        raise RuntimeError("power cut")

    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA IF EXISTS {q} CASCADE")
        try:
            with postgres.PostgresStore(dsn, schema=schema) as s:
                seed(s, build)
            admin.execute(f"DROP INDEX {q}.task_timeline_lead")
            admin.execute(f"CREATE INDEX task_timeline_unit ON {q}.task_timeline "
                          "(lead_unit, valid_from)")
            admin.execute(f"UPDATE {q}.schema_version SET version = 10")
            old = layout(admin)
            with monkeypatch.context() as m:
                m.setattr(postgres.PostgresStore, "migrations",
                          [*postgres.PostgresStore.migrations[:10], (postgres._V11, crash)])
                with pytest.raises(RuntimeError, match="power cut"):
                    postgres.PostgresStore(dsn, schema=schema)
            after_crash = layout(admin)
            with postgres.PostgresStore(dsn, schema=schema) as s:
                answers = (_ids(s, date(2026, 1, 20), ["SNV"]),
                           _ids(s, date(2026, 1, 20), ["SYT"]))
            assert (old, after_crash, layout(admin), answers) == (
                ([(10,)], ["task_timeline_to", "task_timeline_unit",
                           "task_timeline_unreplayable"]),
                ([(10,)], ["task_timeline_to", "task_timeline_unit",
                           "task_timeline_unreplayable"]),
                ([(13,)], ["task_timeline_lead", "task_timeline_to",
                           "task_timeline_unreplayable"]),
                (["T1"], ["T3"]))
        finally:
            admin.execute(f"DROP SCHEMA IF EXISTS {q} CASCADE")
