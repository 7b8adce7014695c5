# SPDX-License-Identifier: MIT
"""
The storage contract of :meth:`Store.task_briefs` (the reports' light read path), on
every backend.

Expected values are literals written by hand, never read back from the store under test.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from directive_tracker.deadlines import NoDeadline
from directive_tracker.exceptions import InvalidTypeError, StorageError
from directive_tracker.storage import SQLiteStore, Store
from directive_tracker.storage.base import TaskBrief


def _seed(store: Store, build: Any) -> None:
    store.add_directive(build.directive())
    store.add_task(build.task("T1", tags=("cải cách", "2026")), [build.assigned("T1")])
    store.add_task(build.task("T2", content="Báo cáo  sơ kết\nquý I", deadline=NoDeadline(
        kind="ongoing"), due_date=None, assigned_on=date(2026, 1, 7), lead_unit="STC"))


def test_briefs_are_the_stored_fields(store: Store, build: Any) -> None:
    """Each brief carries the id, directive id, content, assignment date, original due
    date and tags the task was stored with (build.task: due 19/01/2026, assigned
    05/01/2026, content "Rà soát thủ tục hành chính", directive D1)."""
    _seed(store, build)
    assert {
        "T1": TaskBrief(id="T1", directive_id="D1", content="Rà soát thủ tục hành chính",
                        assigned_on=date(2026, 1, 5), due_date=date(2026, 1, 19),
                        tags=("cải cách", "2026")),
        "T2": TaskBrief(id="T2", directive_id="D1", content="Báo cáo  sơ kết\nquý I",
                        assigned_on=date(2026, 1, 7), due_date=None, tags=()),
    } == store.task_briefs(["T1", "T2"])


def test_briefs_unknown_duplicate_and_order(store: Store, build: Any) -> None:
    """Unknown ids are left out, duplicates read once, the order is the ids' first
    occurrence; no ids, no briefs."""
    _seed(store, build)
    got = store.task_briefs(iter(["T2", "NOPE", "T1", "T2"]))
    assert (["T2", "T1"], {}) == (list(got), store.task_briefs([]))


def test_briefs_follow_a_term_change(store: Store, build: Any) -> None:
    """After change_terms, the brief has the new content (the stored record's)."""
    _seed(store, build)
    task = store.get_task("T1")
    import attrs

    store.change_terms(attrs.evolve(task, content="Nội dung mới"), actor="vanthu",
                       reason="đính chính", at=build.at(2026, 1, 9))
    assert "Nội dung mới" == store.task_briefs(["T1"])["T1"].content


def test_briefs_many_ids_in_batches(store: Store, build: Any) -> None:
    """More ids than one SQL batch (500): every stored one is found."""
    store.add_directive(build.directive())
    store.add_tasks_bulk((build.task(f"B{i:04d}"), ()) for i in range(1, 1201))
    got = store.task_briefs(f"B{i:04d}" for i in range(1, 1301))
    assert (1200, "B0001", "B1200") == (len(got), next(iter(got)), list(got)[-1])


@pytest.mark.parametrize("bad", ["T1", 7, [7], None])
def test_briefs_bad_argument(store: Store, bad: Any) -> None:
    """task_ids must be an iterable of id strings (a str itself is refused)."""
    with pytest.raises(InvalidTypeError):
        store.task_briefs(bad)


def test_default_implementation_agrees(store: Store, build: Any) -> None:
    """The ABC's default (from get_tasks) gives the same briefs as the backend's own."""
    _seed(store, build)
    assert Store._task_briefs(store, ["T1", "T2"]) == store.task_briefs(["T1", "T2"])


def test_damaged_record_is_a_storage_error(tmp_path: Path, build: Any) -> None:
    """A task row whose JSON was damaged below the library raises StorageError naming
    the task, as get_task does."""
    path = tmp_path / "s.sqlite3"
    with SQLiteStore(path) as store:
        _seed(store, build)
    con = sqlite3.connect(path)
    con.execute("UPDATE tasks SET data = json_set(data, '$.tags', 5) WHERE id = 'T1'")
    con.commit()
    con.close()
    with SQLiteStore(path) as store, pytest.raises(StorageError, match="T1"):
        store.task_briefs(["T1"])


def test_sqlite_reads_briefs_and_unreplayable_ids_by_index(tmp_path: Path,
                                                           build: Any) -> None:
    """The statements behind task_briefs and unreplayable_task_ids search an index
    (EXPLAIN QUERY PLAN of the statements the store sent): the primary key of tasks, and
    the partial index of unreplayable rows, not a scan of the whole timeline (an ORDER
    BY task_id made SQLite scan it: 27 ms at 100,000 tasks)."""
    with SQLiteStore(tmp_path / "p.sqlite3") as store:
        _seed(store, build)
        sent: list[str] = []
        con = store._conn
        con.set_trace_callback(sent.append)
        store.task_briefs(["T1", "T2"])
        store.unreplayable_task_ids(date(2026, 3, 1))
        con.set_trace_callback(None)
        plans = {}
        for sql in sent:
            if sql.startswith("SELECT"):
                detail = " ".join(r[3] for r in con.execute("EXPLAIN QUERY PLAN " + sql))
                plans["tasks" if "FROM tasks" in sql else "timeline"] = detail
    assert "SEARCH tasks USING INDEX sqlite_autoindex_tasks_1 (id=?)" in plans["tasks"]
    assert "USING INDEX task_timeline_unreplayable" in plans["timeline"]
    assert "SCAN" not in plans["timeline"]
