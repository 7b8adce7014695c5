# SPDX-License-Identifier: MIT
"""
The coordinating units of an as-of tally at scale (issue 12, the scoreboard at 1,000,000
tasks): PostgreSQL keeps ``task_coordinators`` since schema 13, one row per run of a
task's timeline rows in which a unit coordinates, written with the timeline rows, and
lists the coordinating units by a few index probes per unit.  The answers are those of
every backend (memory and SQLite read the rows containing the date).

Every expected value is computed by hand.  Calendar facts (2026): Mon 05/01 is the
assignment day of every task; 10 working days after it is Mon 19/01, the due date of
T1 and T3.  Every timeline starts on the assignment day and its last row is open-ended.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.events import TaskTransferred
from directive_tracker.storage import Store
from directive_tracker.storage._timeline import (
    COORDINATOR_COLUMNS,
    TIMELINE_COLUMNS,
    UNREPLAYABLE,
    coordinator_rows,
)
from pgserver import pg_dsn

CAL = vietnam_calendar()
D = date
#: The assignment day of every task here (Mon 05/01/2026).
ASSIGNED = D(2026, 1, 5)


# -- the runs, from timeline rows --------------------------------------------------------------

def _row(task_id: str, valid_from: date, valid_to: date | None, coordinating: str, *,
         occurrence: str = "", assigned_on: date = ASSIGNED, phase: str = "assigned",
         completed_on: date | None = None, closed_on: date | None = None
         ) -> tuple[Any, ...]:
    """A timeline row with the values the runs read; the others are placeholders."""
    values: dict[str, Any] = dict.fromkeys(TIMELINE_COLUMNS)
    values.update(task_id=task_id, valid_from=valid_from, valid_to=valid_to,
                  coordinating_units=coordinating, occurrence=occurrence,
                  assigned_on=assigned_on, phase=phase, completed_on=completed_on,
                  closed_on=closed_on)
    return tuple(values[c] for c in TIMELINE_COLUMNS)


def test_coordinator_columns() -> None:
    """The table's columns, in row order."""
    assert COORDINATOR_COLUMNS == ("unit", "task_id", "occurrence", "valid_from", "valid_to",
                                   "assigned_on", "ended_on")


def test_runs_of_one_task() -> None:
    """T1, rows given out of order: STC and SXD coordinate from 05/01; SXD leaves on
    12/01; the task is completed on 20/01 (its row from 20/01 has completed_on): STC's
    run splits there (ended_on NULL, then 20/01), SXD's ended on 12/01."""
    rows = [_row("T1", D(2026, 1, 20), None, "STC", completed_on=D(2026, 1, 20)),
            _row("T1", D(2026, 1, 5), D(2026, 1, 12), "STC SXD"),
            _row("T1", D(2026, 1, 12), D(2026, 1, 20), "STC")]
    a = D(2026, 1, 5)
    assert sorted(coordinator_rows(rows)) == [
        ("STC", "T1", "", D(2026, 1, 5), D(2026, 1, 20), a, None),
        ("STC", "T1", "", D(2026, 1, 20), None, a, D(2026, 1, 20)),
        ("SXD", "T1", "", D(2026, 1, 5), D(2026, 1, 12), a, None)]


def test_runs_split_where_the_filter_values_or_the_dates_change() -> None:
    """T2: cancelled on 15/01 (closed_on, the other half of ended_on), STC split there;
    SYT leaves on 08/01 and comes back on 10/01 (two runs); T3: rows with a gap
    (09/01 to 10/01 missing) are two runs; T4: one unreplayable row, no run; T5 (a
    periodic duty): one run per occurrence, each with its own assigned_on."""
    rows = [_row("T2", D(2026, 1, 5), D(2026, 1, 8), "STC SYT"),
            _row("T2", D(2026, 1, 8), D(2026, 1, 10), "STC"),
            _row("T2", D(2026, 1, 10), D(2026, 1, 15), "STC SYT"),
            _row("T2", D(2026, 1, 15), None, "STC SYT", closed_on=D(2026, 1, 15)),
            _row("T3", D(2026, 1, 5), D(2026, 1, 9), "SXD"),
            _row("T3", D(2026, 1, 10), None, "SXD"),
            _row("T4", D(2026, 1, 5), None, "STC", phase=UNREPLAYABLE),
            _row("T5", D(2026, 1, 20), None, "STC", occurrence="2026-01",
                 assigned_on=D(2026, 1, 20)),
            _row("T5", D(2026, 2, 20), None, "STC", occurrence="2026-02",
                 assigned_on=D(2026, 2, 20))]
    a, closed = D(2026, 1, 5), D(2026, 1, 15)
    assert sorted(coordinator_rows(rows)) == sorted([
        ("STC", "T2", "", D(2026, 1, 5), D(2026, 1, 15), a, None),
        ("STC", "T2", "", D(2026, 1, 15), None, a, closed),
        ("SYT", "T2", "", D(2026, 1, 5), D(2026, 1, 8), a, None),
        ("SYT", "T2", "", D(2026, 1, 10), D(2026, 1, 15), a, None),
        ("SYT", "T2", "", D(2026, 1, 15), None, a, closed),
        ("SXD", "T3", "", D(2026, 1, 5), D(2026, 1, 9), a, None),
        ("SXD", "T3", "", D(2026, 1, 10), None, a, None),
        ("STC", "T5", "2026-01", D(2026, 1, 20), None, D(2026, 1, 20), None),
        ("STC", "T5", "2026-02", D(2026, 2, 20), None, D(2026, 2, 20), None)])


def test_no_coordinating_unit_no_run() -> None:
    """Rows without coordinating units, and no rows, give no run."""
    assert ([], []) == (coordinator_rows([_row("T1", D(2026, 1, 5), None, "")]),
                        coordinator_rows([]))


# -- the answers, on every backend ------------------------------------------------------------

def seed(store: Store, build: Any) -> None:
    """
    Four departments, D1, tasks assigned Mon 05/01/2026:

    * T1: lead SNV, coordinating STC, due 19/01, open;
    * T2: lead SNV, coordinating SXD, due Fri 30/01 (fixed), completed Fri 09/01;
    * T3: lead STC, coordinating SYT, due 19/01, transferred to SYT on Mon 12/01 (SYT
      leaves the coordinating units: the lead may not also coordinate), open;
    * T4 (stored in bulk): lead SXD, coordinating SNV, due 19/01, cancelled Wed 14/01.
    """
    for code, name in (("SNV", "Sở Nội vụ"), ("STC", "Sở Tài chính"),
                       ("SXD", "Sở Xây dựng"), ("SYT", "Sở Y tế")):
        store.add_unit(build.unit(code, name))
    store.add_directive(build.directive())
    store.add_task(build.task("T1", coordinating_units=("STC",)), [build.assigned("T1")])
    stored = store.add_task(build.fixed_task("T2", date(2026, 1, 30),
                                             coordinating_units=("SXD",)),
                            [build.assigned("T2")])
    store.append_events("T2", [build.completed("T2", 9)], expected_version=stored.version)
    store.add_task(build.task("T3", lead_unit="STC", coordinating_units=("SYT",)),
                   [build.assigned("T3"),
                    TaskTransferred(task_id="T3", at=build.at(2026, 1, 12), actor="UBND",
                                    from_unit="STC", to_unit="SYT",
                                    document="Công văn 12/UBND-NC")])
    from directive_tracker.events import TaskCancelled

    store.add_tasks_bulk([(build.task("T4", lead_unit="SXD", coordinating_units=("SNV",)),
                           [build.assigned("T4"),
                            TaskCancelled(task_id="T4", at=build.at(2026, 1, 14),
                                          actor="UBND", reason="Thu hồi")])])


def _units(store: Store, day: date, *, assigned_until: date | None = None,
           ended_from: date | None = None) -> list[str]:
    return sorted(store.status_tallies(day, calendar=CAL, assigned_until=assigned_until,
                                       ended_from=ended_from).coordinating_units)


def test_coordinating_units_with_a_periods_filters(store: Store, build: Any) -> None:
    """As of Tue 20/01: STC (T1), SXD (T2, completed 09/01), SNV (T4, cancelled 14/01:
    still a task of the day, left out of the groups).  A period from 12/01 leaves out T2
    (ended 09/01, before it): SXD goes; from 15/01 T4 goes too (ended 14/01): SNV goes;
    from 09/01 T2 stays (ended on the first day counts).  Assigned by 04/01: nothing.
    As of Thu 08/01 (before the transfer and the cancellation): STC, SXD, SYT, SNV."""
    seed(store, build)
    day = date(2026, 1, 20)
    assert (_units(store, day), _units(store, day, ended_from=date(2026, 1, 12)),
            _units(store, day, ended_from=date(2026, 1, 15)),
            _units(store, day, ended_from=date(2026, 1, 9), assigned_until=day),
            _units(store, day, assigned_until=date(2026, 1, 4)),
            _units(store, date(2026, 1, 8))) == (
        ["SNV", "STC", "SXD"], ["SNV", "STC"], ["STC"], ["SNV", "STC", "SXD"], [],
        ["SNV", "STC", "SXD", "SYT"])


def test_coordinating_units_follow_every_write(store: Store, build: Any) -> None:
    """A change of terms on Thu 15/01 (T1 coordinated by SXD instead of STC from then)
    and a version-only write (T3 written again with the same terms, its rows kept):
    as of 20/01, SXD (T1 and T2) and SNV (T4), STC no more; as of Wed 14/01, STC still
    (T1), SXD (T2) and SNV (T4, cancelled that day)."""
    import attrs

    seed(store, build)
    t1 = store.get_task("T1")
    store.change_terms(attrs.evolve(t1, coordinating_units=("SXD",)), actor="UBND",
                       reason="Phân công lại", at=build.at(2026, 1, 15))
    store.update_task(store.get_task("T3"))  # same terms: a version-only write
    assert (_units(store, date(2026, 1, 20)), _units(store, date(2026, 1, 14))) == (
        ["SNV", "SXD"], ["SNV", "STC", "SXD"])


# -- PostgreSQL: the table itself, stale rows, the schema step ---------------------------------

def _pg() -> tuple[str, Any]:
    return pg_dsn(), pytest.importorskip("psycopg")


#: The runs of :func:`seed`, by hand: T1's STC from its assignment on (open); T2's SXD
#: until its completion on 09/01, then from it with ended_on 09/01; T3's SYT until the
#: transfer on 12/01; T4's SNV until its cancellation on 14/01, then with ended_on 14/01.
SEED_RUNS = [
    ("SNV", "T4", "", D(2026, 1, 5), D(2026, 1, 14), D(2026, 1, 5), None),
    ("SNV", "T4", "", D(2026, 1, 14), None, D(2026, 1, 5), D(2026, 1, 14)),
    ("STC", "T1", "", D(2026, 1, 5), None, D(2026, 1, 5), None),
    ("SXD", "T2", "", D(2026, 1, 5), D(2026, 1, 9), D(2026, 1, 5), None),
    ("SXD", "T2", "", D(2026, 1, 9), None, D(2026, 1, 5), D(2026, 1, 9)),
    ("SYT", "T3", "", D(2026, 1, 5), D(2026, 1, 12), D(2026, 1, 5), None),
]


@pytest.fixture
def pg_schema(build: Any) -> Iterator[tuple[str, str, Any]]:
    """A PostgreSQL schema holding :func:`seed`; (dsn, quoted schema, admin connection)."""
    dsn, psycopg = _pg()
    from directive_tracker.storage.postgres import PostgresStore

    schema = f"dt_coord_{os.getpid()}"
    q = f'"{schema}"'
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA IF EXISTS {q} CASCADE")
        try:
            with PostgresStore(dsn, schema=schema) as s:
                seed(s, build)
            yield dsn, schema, admin
        finally:
            admin.execute(f"DROP SCHEMA IF EXISTS {q} CASCADE")


def _table(admin: Any, schema: str) -> list[tuple[Any, ...]]:
    return sorted(tuple(r) for r in admin.execute(
        f'SELECT {", ".join(COORDINATOR_COLUMNS)} FROM "{schema}".task_coordinators'))


@pytest.mark.external_service
def test_postgres_table_holds_the_runs(pg_schema: tuple[str, str, Any]) -> None:
    """The rows written by add_task, append_events and add_tasks_bulk are the runs of
    the tasks' timelines; rebuild_timelines writes them again, the same."""
    from directive_tracker.storage.postgres import PostgresStore

    dsn, schema, admin = pg_schema
    before = _table(admin, schema)
    with PostgresStore(dsn, schema=schema) as s:
        s.rebuild_timelines()
    assert (before, _table(admin, schema)) == (SEED_RUNS, SEED_RUNS)


@pytest.mark.external_service
def test_postgres_edit_below_the_library(pg_schema: tuple[str, str, Any]) -> None:
    """A task's terms changed by another program (T2's row in ``tasks``) make its
    timeline stale (one unreplayable row): the trigger deletes its runs too, so SXD,
    which coordinated only T2, is no longer listed from the index; the reports judge
    T2 from its log (it is listed as unreplayable)."""
    from directive_tracker.storage.postgres import PostgresStore

    dsn, schema, admin = pg_schema
    admin.execute(f'UPDATE "{schema}".tasks SET due_date = due_date WHERE id = %s', ("T2",))
    with PostgresStore(dsn, schema=schema) as s:
        got = s.status_tallies(date(2026, 1, 20), calendar=CAL)
    assert (_table(admin, schema), sorted(got.coordinating_units), got.unreplayable) == (
        [r for r in SEED_RUNS if r[1] != "T2"], ["SNV", "STC"], ("T2",))


def _to_version_12(dsn: str, schema: str, admin: Any) -> None:
    """Set a schema back to version 12: no task_coordinators, the triggers of then."""
    from directive_tracker.storage import postgres

    with postgres.PostgresStore(dsn, schema=schema) as s:
        s._write(lambda cur: postgres.create_stale_triggers(s, cur), "set back the triggers")
    admin.execute(f'DROP TABLE "{schema}".task_coordinators')
    admin.execute(f'UPDATE "{schema}".schema_version SET version = 12')


def _layout(admin: Any, schema: str) -> tuple[list[tuple[int]], list[str]]:
    version = admin.execute(f'SELECT version FROM "{schema}".schema_version').fetchall()
    tables = sorted(r[0] for r in admin.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
        (schema,)) if r[0].startswith("task_"))
    return version, tables


@pytest.mark.external_service
def test_postgres_version_12_schema_gets_the_table(pg_schema: tuple[str, str, Any],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A schema-12 database opens at version 13 with ``task_coordinators`` filled from
    its timeline rows (the runs by hand) and the same answers; a failure inside step 13
    leaves version 12 as it was (no table, the timelines intact: the schema-12 library's
    own query still answers), and the next open migrates it."""
    from directive_tracker.storage import postgres

    dsn, schema, admin = pg_schema
    _to_version_12(dsn, schema, admin)
    old = _layout(admin, schema)

    def crash(*_a: Any) -> None:
        raise RuntimeError("power cut")

    with monkeypatch.context() as m:
        m.setattr(postgres.PostgresStore, "migrations",
                  [*postgres.PostgresStore.migrations[:12], (postgres._V13, crash)])
        with pytest.raises(RuntimeError, match="power cut"):
            postgres.PostgresStore(dsn, schema=schema)
    after_crash = _layout(admin, schema)
    # What the schema-12 library asks for the coordinating units on 20/01.
    distinct = sorted(r[0] for r in admin.execute(
        f'SELECT DISTINCT coordinating_units FROM "{schema}".task_timeline WHERE '
        "(valid_to IS NULL OR valid_to > %s) AND valid_from <= %s AND "
        "coordinating_units <> '' AND phase <> 'unreplayable'",
        (date(2026, 1, 20), date(2026, 1, 20))))
    with postgres.PostgresStore(dsn, schema=schema) as s:
        answers = _units(s, date(2026, 1, 20), ended_from=date(2026, 1, 12))
    tables_12 = ["task_tags", "task_timeline", "task_timeline_overdue", "task_units"]
    assert (old, after_crash, distinct, _layout(admin, schema), _table(admin, schema),
            answers) == (
        ([(12,)], tables_12), ([(12,)], tables_12), ["SNV", "STC", "SXD"],
        ([(13,)], ["task_coordinators", *tables_12]), SEED_RUNS, ["SNV", "STC"])
