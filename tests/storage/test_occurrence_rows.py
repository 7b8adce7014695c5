# SPDX-License-Identifier: MIT
"""
A periodic duty's occurrences are materialised like any task (issue 13 item 6), on
memory, SQLite and PostgreSQL: the stores keep rows per occurrence up to a horizon taken
from the data (the last event's date + 400 days), the as-of queries count each
occurrence, and the task is judged from its log only after the horizon.

Every expected value is computed by hand from the calendar (comments).  Calendar facts
(2026): 05/01 is a Monday, 20/01 a Tuesday, 22/01 a Thursday, 12/02 a Thursday, 20/02 a
Friday (in the Tết break Sat 14/02 - Sun 22/02/2026), 05/03 a Thursday, 20/03 a Friday.
Working days are counted in the half-open interval (a, b].
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directive_tracker import services
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import Recurring
from directive_tracker.directives import Directive
from directive_tracker.events import TaskEvent
from directive_tracker.exceptions import InvalidHistoryError
from directive_tracker.integrity import HistoryProblem, occurrences_or_problem
from directive_tracker.reports import overdue_list, scoreboard, summary
from directive_tracker.status import ReportGroup, StatusKind, evaluate
from directive_tracker.storage import SQLiteStore, Store
from directive_tracker.storage._timeline import (
    STALE_SQL_V7,
    TIMELINE_COLUMNS_V7,
    sqlite_stale_triggers,
)
from directive_tracker.storage.sqlite import _DROP_STALE_TRIGGERS, _V7
from directive_tracker.tasks import Task
from directive_tracker.timeline import StatusTally
from pgserver import pg_dsn
from strategies import examples, periodic_logs

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = vietnam_calendar()


def clock_at(y: int, m: int, d: int, hh: int = 16) -> Callable[[], datetime]:
    return lambda: datetime(y, m, d, hh, tzinfo=VN)


def seed(store: Store, build: Any) -> None:
    """SNV, D1 and "trước ngày 20 hằng tháng" assigned Mon 05/01/2026 (January due
    20/01, February 20/02, March 20/03)."""
    store.add_unit(build.unit())
    store.add_directive(build.directive())
    services.assign_task(store, CAL, directive_id="D1", task_id="BC1",
                         content="Báo cáo tình hình", lead_unit="SNV",
                         deadline="trước ngày 20 hằng tháng", actor="vanthu",
                         clock=clock_at(2026, 1, 5, 9), on_overlap="ignore")


def test_occurrences_are_rows_until_the_horizon(store: Store, build: Any) -> None:
    seed(store, build)
    services.complete_task(store, CAL, "BC1", actor="snv", occurrence="2026-01",
                           clock=clock_at(2026, 1, 22))
    services.complete_task(store, CAL, "BC1", actor="snv", occurrence="2026-02",
                           clock=clock_at(2026, 2, 12))
    # The last event is on 12/02/2026: the horizon is 12/02/2026 + 400 days =
    # 12/02/2027 + 35 days = 19/03/2027.  Up to it the duty is materialised; after it,
    # judged from its log (listed with the unreplayable tasks).
    assert store.unreplayable_task_ids(date(2026, 3, 5)) == []
    assert store.unreplayable_task_ids(date(2027, 3, 19)) == []
    assert store.unreplayable_task_ids(date(2027, 3, 20)) == ["BC1"]
    # As of 05/03/2026 the occurrences are January and February (named days passed)
    # and March (the next one): one segment each.
    segs = store.status_segments(date(2026, 3, 5))
    assert [(s.task_id, s.occurrence, s.occurrence_title, s.kind, s.current_due,
             s.occurrence_start) for s in segs] == [
        # January: due 20/01, done Thu 22/01: late.
        ("BC1", "2026-01", "Báo cáo tháng 1/2026", StatusKind.COMPLETED_LATE,
         date(2026, 1, 20), None),
        # February: due 20/02, done 12/02: on time; its reminders start at January's due.
        ("BC1", "2026-02", "Báo cáo tháng 2/2026", StatusKind.COMPLETED_ON_TIME,
         date(2026, 2, 20), date(2026, 1, 20)),
        # March: due 20/03, open, within its deadline.
        ("BC1", "2026-03", "Báo cáo tháng 3/2026", StatusKind.IN_PROGRESS,
         date(2026, 3, 20), date(2026, 2, 20))]
    agg = store.status_tallies(date(2026, 3, 5), calendar=CAL)
    assert agg.unreplayable == ()
    tally = agg.tallies[("SNV", ())]
    # Three items counted, one per occurrence; one late (January) by (20/01, 22/01] =
    # 21/01, 22/01 = 2 working days.
    assert (tally.counted, tally.groups[ReportGroup.COMPLETED_LATE],
            tally.groups[ReportGroup.COMPLETED_ON_TIME],
            tally.groups[ReportGroup.NOT_COMPLETED_ON_TIME], tally.late,
            tally.working_days_late) == (3, 1, 1, 1, 1, 2)


def test_overdue_occurrence_from_rows(store: Store, build: Any) -> None:
    """January never sent, February on time: as of 05/03/2026 January is the one
    overdue item, named, counted from the rows (nothing judged from the log)."""
    seed(store, build)
    services.complete_task(store, CAL, "BC1", actor="snv", occurrence="2026-02",
                           clock=clock_at(2026, 2, 12))
    day = date(2026, 3, 5)
    assert store.unreplayable_task_ids(day) == []
    # Overdue segments as of 05/03: January only.
    assert [(s.occurrence, s.current_due) for s in store.status_segments(
        day, group=ReportGroup.NOT_COMPLETED_OVERDUE)] == [("2026-01", date(2026, 1, 20))]
    got = overdue_list(store, CAL, as_of=day, today=day)
    # January: overdue (20/01, 05/03]: 21-23/01 (3) + 26-30/01 (5) + 02-06/02 (5) +
    # 09-13/02 (5) + Tết 16-20/02 (0) + 23-27/02 (5) + 02-05/03 (4) = 27.
    assert [(r.task_id, r.occurrence, r.content, r.working_days_late, r.current_due)
            for r in got.rows] == [
        ("BC1", "2026-01", "Báo cáo tháng 1/2026: Báo cáo tình hình", 27,
         date(2026, 1, 20))]
    # The summary counts the three occurrences: January overdue, February completed on
    # time, March in progress.
    s = summary(store, CAL, as_of=day, today=day)
    board = scoreboard(store, CAL, as_of=day, today=day)
    assert (s.total, sum(r.assigned for r in board.rows)) == (3, 3)


def test_a_series_that_ended_needs_no_horizon(store: Store, build: Any) -> None:
    """A monthly duty until 31/03/2026: the occurrences end with March (due 20/03); once
    the series has ended nothing but days past due changes, so its rows are open-ended
    and no day is judged from the log, even years later."""
    store.add_unit(build.unit())
    store.add_directive(build.directive())
    services.assign_task(store, CAL, directive_id="D1", task_id="BC2",
                         content="Báo cáo quý I", lead_unit="SNV",
                         deadline=Recurring(freq="monthly", day=20, until=date(2026, 3, 31)),
                         actor="vanthu", clock=clock_at(2026, 1, 5, 9), on_overlap="ignore")
    assert store.unreplayable_task_ids(date(2030, 1, 2)) == []
    # On 02/01/2030 the three occurrences exist and are all overdue (none was sent).
    segs = store.status_segments(date(2030, 1, 2))
    assert [(s.occurrence, s.kind) for s in segs] == [
        ("2026-01", StatusKind.OVERDUE), ("2026-02", StatusKind.OVERDUE),
        ("2026-03", StatusKind.OVERDUE)]


def test_rebuild_extends_the_horizon(store: Store, build: Any) -> None:
    seed(store, build)
    # Only the assignment, on 05/01/2026: horizon 05/01/2026 + 400 days = 09/02/2027.
    assert store.unreplayable_task_ids(date(2027, 2, 9)) == []
    assert store.unreplayable_task_ids(date(2027, 2, 10)) == ["BC1"]
    store.rebuild_timelines(through=date(2028, 12, 31))
    assert store.unreplayable_task_ids(date(2028, 12, 31)) == []
    assert store.unreplayable_task_ids(date(2029, 1, 1)) == ["BC1"]
    # As of 31/12/2028: January 2026 ... December 2028 (36 named days passed) and
    # January 2029 (the next): 37 occurrences, none sent, so 36 overdue.
    tally = store.status_tallies(date(2028, 12, 31), calendar=CAL).tallies[("SNV", ())]
    assert (tally.counted, tally.groups[ReportGroup.NOT_COMPLETED_OVERDUE]) == (37, 36)


# -- migration ---------------------------------------------------------------------------


def test_sqlite_version_8_file_gets_rows_per_occurrence(tmp_path: Path, build: Any) -> None:
    """A schema-8 file (a periodic duty as one unreplayable row) is migrated on open:
    the duty's rows are rebuilt per occurrence in the migration's transaction, the
    one-off task's rows are kept."""
    path = tmp_path / "v8.sqlite3"
    with SQLiteStore(path) as s:
        seed(s, build)
        s.add_task(build.task(), [build.assigned(), build.accepted()])
        kept = s.status_segments(date(2026, 3, 5), task_ids=["T1"])
    _to_version_8(path)
    conn = sqlite3.connect(path)
    before = conn.execute("SELECT phase FROM task_timeline WHERE task_id = 'BC1'").fetchall()
    conn.close()
    assert before == [("unreplayable",)]
    with SQLiteStore(path) as s:
        assert s.stored_schema_version() == 11  # then 10 (unit index), 11 (overdue rows)
        # Within the horizon (05/01/2026 + 400 days) BC1 is no longer judged from its log.
        assert s.unreplayable_task_ids(date(2026, 3, 5)) == []
        assert [g.occurrence for g in s.status_segments(date(2026, 3, 5), task_ids=["BC1"])
                ] == ["2026-01", "2026-02", "2026-03"]
        assert s.status_segments(date(2026, 3, 5), task_ids=["T1"]) == kept


def _to_version_8(path: Path) -> None:
    """Set a new file back to schema 8: the schema-7 layout of ``task_timeline`` (no
    occurrence columns), BC1 (a periodic duty) as one unreplayable row from its
    assignment, as that library wrote it, the other tasks' rows kept."""
    v7_columns = ", ".join(TIMELINE_COLUMNS_V7)
    conn = sqlite3.connect(path)
    with conn:
        for stmt in _DROP_STALE_TRIGGERS:
            conn.execute(stmt)
        conn.execute("ALTER TABLE task_timeline RENAME TO t9")
        for stmt in ("DROP INDEX task_timeline_asof", "DROP INDEX IF EXISTS task_timeline_unit",
                     "DROP INDEX task_timeline_unreplayable", *_V7[3:7]):
            conn.execute(stmt)
        conn.execute(f"INSERT INTO task_timeline ({v7_columns}) SELECT {v7_columns} "
                     "FROM t9 WHERE task_id <> 'BC1'")
        conn.execute("INSERT INTO task_timeline (task_id, directive_id, assigned_on, "
                     "valid_from, phase, kind, lead_unit, previous_leads, "
                     "coordinating_units, percent) SELECT task_id, directive_id, "
                     "MIN(valid_from), MIN(valid_from), 'unreplayable', 'unreplayable', "
                     "'SNV', '', '', 0 FROM t9 WHERE task_id = 'BC1' GROUP BY 1, 2")
        conn.execute("DROP TABLE t9")
        for stmt in sqlite_stale_triggers(STALE_SQL_V7):
            conn.execute(stmt)
        conn.execute("UPDATE schema_version SET version = 8")
    conn.close()


def test_sqlite_crash_in_the_step_leaves_version_8(tmp_path: Path, build: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The step runs in the migration's one transaction: a failure while the periodic
    duties' rows are computed leaves the file at version 8 with its old table (usable by
    the library that wrote it), and the next open migrates it."""
    from directive_tracker.storage import _sql

    path = tmp_path / "crash.sqlite3"
    with SQLiteStore(path) as s:
        seed(s, build)
    _to_version_8(path)

    def crash(*_a: Any, **_k: Any) -> list[Any]:
        raise RuntimeError("power cut")

    monkeypatch.setattr(_sql, "timeline_rows", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        SQLiteStore(path)
    conn = sqlite3.connect(path)
    after = (conn.execute("SELECT version FROM schema_version").fetchall(),
             conn.execute("SELECT task_id, phase FROM task_timeline").fetchall(),
             "occurrence" in {r[1] for r in conn.execute("PRAGMA table_info(task_timeline)")})
    conn.close()
    assert after == ([(8,)], [("BC1", "unreplayable")], False)
    monkeypatch.undo()
    with SQLiteStore(path) as s:
        assert (s.stored_schema_version(), s.unreplayable_task_ids(date(2026, 3, 5))) == (
            11, [])


def test_postgres_version_9_schema_gets_rows_per_occurrence(build: Any) -> None:
    """PostgreSQL schema 9 (one unreplayable row for a periodic duty) opens as schema 10
    with the duty's rows per occurrence."""
    import os

    dsn = pg_dsn()
    psycopg = pytest.importorskip("psycopg")
    from directive_tracker.storage.postgres import PostgresStore

    schema = f"dt_occ_{os.getpid()}"
    q = f'"{schema}"'
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA IF EXISTS {q} CASCADE")
        try:
            with PostgresStore(dsn, schema=schema) as s:
                seed(s, build)
            # Back to schema 9: the timeline without the occurrence columns, BC1 as one
            # unreplayable row from its assignment.
            admin.execute(f"DELETE FROM {q}.task_timeline WHERE task_id = 'BC1'")
            admin.execute(f"ALTER TABLE {q}.task_timeline DROP CONSTRAINT "
                          "task_timeline_pkey")
            for col in ("occurrence", "occurrence_title", "occurrence_start"):
                admin.execute(f"ALTER TABLE {q}.task_timeline DROP COLUMN {col}")
            admin.execute(f"ALTER TABLE {q}.task_timeline ADD PRIMARY KEY "
                          "(task_id, valid_from)")
            admin.execute(f"INSERT INTO {q}.task_timeline (task_id, directive_id, "
                          "assigned_on, valid_from, phase, kind, lead_unit, previous_leads, "
                          "coordinating_units, percent) VALUES ('BC1', 'D1', '2026-01-05', "
                          "'2026-01-05', 'unreplayable', 'unreplayable', 'SNV', '', '', 0)")
            admin.execute(f"UPDATE {q}.schema_version SET version = 9")
            with PostgresStore(dsn, schema=schema) as s:
                got = (s.stored_schema_version(), s.unreplayable_task_ids(date(2026, 3, 5)),
                       [g.occurrence for g in s.status_segments(date(2026, 3, 5))])
            # As of 05/03/2026: January, February (named days passed), March (the next).
            assert got == (13, [], ["2026-01", "2026-02", "2026-03"])
        finally:
            admin.execute(f"DROP SCHEMA IF EXISTS {q} CASCADE")


def test_sqlite_edit_below_the_library_marks_the_duty_stale(tmp_path: Path,
                                                            build: Any) -> None:
    """A change to the duty's row made outside the library collapses its rows (one per
    occurrence, and the horizon row) into one unreplayable row: judged from its log on
    every day, with the same answers."""
    path = tmp_path / "stale.sqlite3"
    with SQLiteStore(path) as s:
        seed(s, build)
        services.complete_task(s, CAL, "BC1", actor="snv", occurrence="2026-02",
                               clock=clock_at(2026, 2, 12))
        day = date(2026, 3, 5)
        before = overdue_list(s, CAL, as_of=day, today=day).rows
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE tasks SET data = data WHERE id = 'BC1'")
    rows = conn.execute("SELECT occurrence, phase, valid_to FROM task_timeline "
                        "WHERE task_id = 'BC1'").fetchall()
    conn.close()
    assert rows == [("", "unreplayable", None)]
    with SQLiteStore(path) as s:
        assert s.unreplayable_task_ids(day) == ["BC1"]
        # January overdue by 27 working days (see test_overdue_occurrence_from_rows).
        after = overdue_list(s, CAL, as_of=day, today=day).rows
        assert [(r.occurrence, r.working_days_late) for r in after] == [("2026-01", 27)]
        assert after == before


# -- property: the stores' tallies of periodic duties equal the per-occurrence definition --

_ids = itertools.count()
MONTHLY_20 = Recurring(freq="monthly", day=20)


@settings(max_examples=examples(25), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_tallies_of_periodic_duties_equal_the_definition(fresh_store: Callable[[], Store],
                                                         data: st.DataObject) -> None:
    """On every store, as of any day: the materialised tallies of random periodic duties
    (those not listed as unreplayable that day) equal the tallies of
    ``integrity.occurrences_or_problem`` + ``evaluate``, occurrence by occurrence, and a
    duty is listed only past its horizon or when its history is refused on some day."""
    store = fresh_store()
    store.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2025, 12, 1),
                                  summary="Chế độ báo cáo"))
    stored: dict[str, list[TaskEvent]] = {}
    for _ in range(data.draw(st.integers(1, 3))):
        tid = f"P{next(_ids)}"
        log = data.draw(periodic_logs(task_id=tid))
        task = Task(id=tid, directive_id="D1", content="Báo cáo", lead_unit="A",
                    deadline=MONTHLY_20, anchor=date(2026, 1, 5), due_date=date(2026, 1, 20),
                    assigned_on=date(2026, 1, 5))
        try:
            store.add_task(task, log)
        except InvalidHistoryError:
            continue  # the store's own check refuses it: nothing stored
        stored[tid] = log
    as_of = date(2026, 1, 5) + timedelta(days=data.draw(st.integers(0, 700)))
    agg = store.status_tallies(as_of, calendar=CAL)
    want: dict[tuple[str, tuple[str, ...]], StatusTally] = {}
    for tid, log in stored.items():
        task = store.get_task(tid)
        if tid in agg.unreplayable:
            beyond = as_of > max(e.on for e in log) + timedelta(days=400)
            refused = any(isinstance(occurrences_or_problem(task, log, calendar=CAL,
                                                            as_of=d), HistoryProblem)
                          for d in sorted({task.assigned_on, *(e.on for e in log),
                                           *(date(2026, m, 20) for m in range(1, 13))}))
            assert beyond or refused
            continue
        judged = occurrences_or_problem(task, log, calendar=CAL, as_of=as_of)
        assert not isinstance(judged, HistoryProblem)
        for _occ, state in judged:
            s = evaluate(state, as_of=as_of, calendar=CAL, review_on_submission=True)
            tally = want.setdefault((s.lead_unit, tuple(t.from_unit
                                                        for t in state.transfers)),
                                    StatusTally())
            tally.add(s.kind, s.group, on_time_vs_current=s.on_time_vs_current,
                      on_time_vs_original=s.on_time_vs_original,
                      working_days_late=s.working_days_late, percent=state.percent)
    assert agg.tallies == want
