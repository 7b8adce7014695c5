# SPDX-License-Identifier: MIT
"""
A large bulk ingest into SQLite (issue 12, ingest speed) gives the answers of task-by-task
writes, and leaves the stale-timeline trigger in place.

From 1,000 event rows on, ``SQLiteStore.add_tasks_bulk`` inserts without the trigger that
marks a task's timeline stale on an event insert (the tasks are new, so it never fires),
re-creating it in the same transaction.  Expected values are worked out by hand.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.events import TaskEvent
from directive_tracker.reports import summary
from directive_tracker.status import ReportGroup
from directive_tracker.storage import SQLiteStore
from directive_tracker.storage._timeline import TIMELINE_CALENDAR
from directive_tracker.tasks import Task

N = 500


def _items(build: Any) -> list[tuple[Task, list[TaskEvent]]]:
    """500 tasks due 19/01/2026 (build.task), assigned 05/01 and accepted 06/01; the
    even-numbered ones completed on 12/01: 500 * 2 + 250 = 1,250 events (≥ 1,000)."""
    out = []
    for i in range(N):
        tid = f"B{i:03d}"
        evs: list[TaskEvent] = [build.assigned(tid), build.accepted(tid)]
        if i % 2 == 0:
            evs.append(build.completed(tid, 12))
        out.append((build.task(tid), evs))
    return out


def _seed(store: SQLiteStore, build: Any) -> None:
    store.add_unit(build.unit())
    store.add_directive(build.directive())


def test_bulk_equals_one_by_one(tmp_path: Path, build: Any) -> None:
    """As of 20/01/2026: 250 completed on time (12/01 ≤ due 19/01) and 250 open past
    their due date 19/01 (overdue, 1 working day late: Tuesday 20/01 after Monday 19/01),
    the same from a bulk ingest as from 500 ``add_task`` calls, timeline rows identical."""
    items = _items(build)
    with SQLiteStore(tmp_path / "bulk.sqlite3") as bulk, \
            SQLiteStore(tmp_path / "one.sqlite3") as one:
        _seed(bulk, build)
        _seed(one, build)
        assert N == bulk.add_tasks_bulk(items)
        for task, evs in items:
            one.add_task(task, evs)
        as_of = date(2026, 1, 20)
        summaries = [summary(s, vietnam_calendar(), as_of=as_of, today=as_of)
                     for s in (bulk, one)]
        tallies = [s.status_tallies(as_of, calendar=TIMELINE_CALENDAR) for s in (bulk, one)]
    rows = []
    for name in ("bulk", "one"):
        conn = sqlite3.connect(tmp_path / f"{name}.sqlite3")
        rows.append(conn.execute("SELECT * FROM task_timeline ORDER BY task_id, valid_from")
                    .fetchall())
        conn.close()
    assert [(N, 250, 250)] * 2 == [
        (x.total, x.count(ReportGroup.COMPLETED_ON_TIME),
         x.count(ReportGroup.NOT_COMPLETED_OVERDUE)) for x in summaries]
    assert tallies[0] == tallies[1]
    assert rows[0] == rows[1]
    assert len(rows[0]) >= N


def test_trigger_back_after_bulk(tmp_path: Path, build: Any) -> None:
    """After the bulk ingest the trigger exists again: an event inserted by hand for the
    open task B001 marks its timeline stale (one 'unreplayable' row)."""
    path = tmp_path / "t.sqlite3"
    with SQLiteStore(path) as s:
        _seed(s, build)
        s.add_tasks_bulk(_items(build))
    conn = sqlite3.connect(path)
    with conn:
        names = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        conn.execute("INSERT INTO events (task_id, on_date, kind, data) "
                     "SELECT task_id, on_date, kind, data FROM events "
                     "WHERE task_id = 'B001' ORDER BY seq DESC LIMIT 1")
        phases = conn.execute("SELECT phase FROM task_timeline WHERE task_id = 'B001'"
                              ).fetchall()
    conn.close()
    assert "timeline_stale_events_insert" in names
    assert [("unreplayable",)] == phases
