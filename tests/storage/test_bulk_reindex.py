# SPDX-License-Identifier: MIT
"""
SQLite: a large ``add_tasks_bulk`` call builds the written tables' secondary indexes once,
before it commits, instead of updating them row by row (``SQLiteStore._bulk_write_hook``).

Here a chunk is 4 pairs and the threshold (``BULK_REINDEX_TASKS``) 8 tasks, so a call of
12 pairs into an empty store drops the indexes before it writes its third chunk (8 tasks
written, none stored before, another chunk to write) and builds them again after it.
Expected moments and names are worked out by hand from those numbers and the schema's
index list.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directive_tracker.events import TaskEvent
from directive_tracker.exceptions import DirectiveNotFoundError, StorageError
from directive_tracker.storage import SQLiteStore
from directive_tracker.storage._sql import BaseSQLStore
from directive_tracker.tasks import Task

#: The secondary indexes of tasks, events, task_timeline and task_timeline_overdue,
#: except the partial index of unreplayable rows (read off the schema by hand).
DEFERRED = {"tasks_directive", "tasks_lead_unit", "tasks_parent", "tasks_due_date",
            "events_task", "task_timeline_asof", "task_timeline_lead",
            "task_timeline_overdue_task"}


@pytest.fixture(autouse=True)
def _small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(BaseSQLStore, "BULK_CHUNK", 4)
    monkeypatch.setattr(SQLiteStore, "BULK_REINDEX_TASKS", 8)


def _pairs(build: Any, n: int, start: int = 0, log: list[str] | None = None,
           bad_at: int | None = None) -> Iterator[tuple[Task, list[TaskEvent]]]:
    """S{start}…: even ones led by SNV and completed 14/01 (on time, due 19/01), odd ones
    led by STC and still open (overdue after 19/01); item *bad_at* names no directive."""
    for i in range(start, start + n):
        tid = f"S{i:02d}"
        if log is not None:
            log.append(tid)
        if i == bad_at:
            yield build.task(tid, directive_id="NOPE"), []
        elif i % 2 == 0:
            yield build.task(tid), [build.assigned(tid), build.accepted(tid),
                                    build.completed(tid, 14)]
        else:
            yield build.task(tid, lead_unit="STC"), [build.assigned(tid)]


def _open(path: Path, build: Any) -> SQLiteStore:
    store = SQLiteStore(path)
    store.add_unit(build.unit())
    store.add_unit(build.unit("STC", "Sở Tài chính"))
    store.add_directive(build.directive())
    return store


def _indexes(path: Path) -> dict[str, str]:
    """Every index of the file with its stored definition, read on a new connection."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return {n: s for n, s in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}


def _traced(store: SQLiteStore) -> list[tuple[str, int]]:
    """DDL on the store's connection from now on, each with how many task rows had
    been inserted before it (SQLite traces each row of an ``executemany``)."""
    seen: list[tuple[str, int]] = []
    inserted = [0]
    assert store._conn is not None

    def trace(sql: str) -> None:
        if sql.startswith("INSERT INTO tasks ("):
            inserted[0] += 1
        elif sql.startswith(("DROP INDEX", "CREATE INDEX")):
            seen.append((" ".join(sql.split()[:3]), inserted[0]))
    store._conn.set_trace_callback(trace)
    return seen


def _content(path: Path) -> list[Any]:
    """What the written tables hold, and the rows read through each rebuilt index."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        out: list[Any] = [conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                          for t in ("tasks", "task_units", "task_timeline",
                                    "task_timeline_overdue")]
        out.append(conn.execute("SELECT task_id, kind, on_date FROM events "
                                "ORDER BY task_id, seq").fetchall())
        out.append(conn.execute("SELECT task_id FROM task_timeline INDEXED BY "
                                "task_timeline_lead WHERE lead_unit = 'STC'").fetchall())
        out.append(conn.execute("SELECT id FROM tasks INDEXED BY tasks_lead_unit "
                                "WHERE lead_unit = 'SNV'").fetchall())
        out.append(conn.execute("PRAGMA integrity_check").fetchall())
    return out


def test_large_call_into_an_empty_store(tmp_path: Path, build: Any) -> None:
    """Twelve pairs: the eight indexes dropped after 8 task rows (before the third
    chunk), built again after all 12; the schema as before."""
    path = tmp_path / "big.sqlite3"
    with _open(path, build) as store:
        before = _indexes(path)
        seen = _traced(store)
        assert 12 == store.add_tasks_bulk(_pairs(build, 12))
    assert ({(f"DROP INDEX {n}", 8) for n in DEFERRED},
            {(f"CREATE INDEX {n}", 12) for n in DEFERRED}, 16, before) == (
        {s for s in seen if s[0].startswith("DROP")},
        {s for s in seen if s[0].startswith("CREATE")}, len(seen), _indexes(path))


def test_same_rows_as_indexes_kept(tmp_path: Path, build: Any,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The file written with the indexes built at the end holds what a file written with
    them maintained holds, read through the rebuilt indexes too; integrity check ok."""
    with _open(tmp_path / "a.sqlite3", build) as store:
        store.add_tasks_bulk(_pairs(build, 12))
    monkeypatch.setattr(SQLiteStore, "BULK_REINDEX_TASKS", 10**9)
    with _open(tmp_path / "b.sqlite3", build) as store:
        store.add_tasks_bulk(_pairs(build, 12))
    rebuilt, kept = _content(tmp_path / "a.sqlite3"), _content(tmp_path / "b.sqlite3")
    # S01, S03, … S11, led by STC and open: two rows each through task_timeline_lead,
    # in time up to their due date 19/01, overdue from 20/01.
    assert ([("ok",)], 12, kept) == (rebuilt[-1], len(rebuilt[-3]), rebuilt)


def test_small_calls_and_calls_smaller_than_the_store(tmp_path: Path, build: Any) -> None:
    """Into an empty store, 7 pairs (below 8) and then 8 more (8 written only once the
    input is done, with 7 stored before): no DDL.  With 15 stored, 12 more (8 < 15
    before the third chunk): none either."""
    with _open(tmp_path / "s.sqlite3", build) as store:
        seen = _traced(store)
        store.add_tasks_bulk(_pairs(build, 7))
        store.add_tasks_bulk(_pairs(build, 8, start=7))
        store.add_tasks_bulk(_pairs(build, 12, start=15))
        assert ([], 27) == (seen, store.count_tasks())


def test_as_many_as_the_store_held(tmp_path: Path, build: Any) -> None:
    """With 10 stored, a call of 16: before its third chunk 8 written (8 < 10 before),
    nothing; before its fourth 12 (12 >= 10): the indexes dropped, built after 16."""
    with _open(tmp_path / "e.sqlite3", build) as store:
        store.add_tasks_bulk(_pairs(build, 10))
        seen = _traced(store)
        store.add_tasks_bulk(_pairs(build, 16, start=10))
    assert ({("DROP", 12), ("CREATE", 16)}, 16) == (
        {(s.split()[0], n) for s, n in seen}, len(seen))


def test_refused_pair_after_the_drop(tmp_path: Path, build: Any) -> None:
    """The tenth of twelve pairs names no directive (third chunk, after the drop):
    nothing written, and every index is back as it was."""
    path = tmp_path / "r.sqlite3"
    with _open(path, build) as store:
        before = _indexes(path)
        with pytest.raises(DirectiveNotFoundError):
            store.add_tasks_bulk(_pairs(build, 12, bad_at=9))
        assert (0, before) == (store.count_tasks(), _indexes(path))


def test_inside_a_transaction_block_that_goes_on(tmp_path: Path, build: Any) -> None:
    """A refused bulk call inside ``transaction()``, its error caught: the block's other
    write commits, and the indexes the call dropped are back."""
    path = tmp_path / "t.sqlite3"
    with _open(path, build) as store:
        before = _indexes(path)
        with store.transaction():
            store.add_task(build.task("T1"), [build.assigned("T1")])
            with pytest.raises(DirectiveNotFoundError):
                store.add_tasks_bulk(_pairs(build, 12, bad_at=9))
        assert (["T1"], before) == ([t.id for t in store.get_tasks()], _indexes(path))


def test_failure_while_building_is_not_retried(tmp_path: Path, build: Any,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """"database is locked" while the indexes are built (the input already read): a
    StorageError at once, nothing written, the indexes as before."""
    path = tmp_path / "f.sqlite3"
    calls: list[int] = []

    def fail(self: Any, cur: Any) -> None:
        calls.append(1)
        raise sqlite3.OperationalError("database is locked")
    from directive_tracker.storage import sqlite as sqlite_module
    monkeypatch.setattr(sqlite_module._DeferredIndexes, "finish", fail)
    with _open(path, build) as store:
        before = _indexes(path)
        with pytest.raises(StorageError, match="cannot be read again"):
            store.add_tasks_bulk(_pairs(build, 12))
        assert (0, before, [1]) == (store.count_tasks(), _indexes(path), calls)


def test_other_connections_keep_the_indexes(tmp_path: Path, build: Any) -> None:
    """While the eleventh of twelve pairs is produced (the drop came before the third
    chunk was written, and that chunk is being read: but the other connection's view is
    the last commit), the ingest's own connection has none of the eight indexes, and a
    second connection sees every one and reads through one."""
    path = tmp_path / "c.sqlite3"
    seen: dict[str, Any] = {}

    def pairs() -> Iterator[tuple[Task, list[TaskEvent]]]:
        for i, pair in enumerate(_pairs(build, 16)):
            if i == 14:
                assert store._conn is not None
                seen["own"] = {r[0] for r in store._conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'index'")}
                seen["names"] = set(_indexes(path))
                with contextlib.closing(sqlite3.connect(path)) as conn:
                    seen["rows"] = conn.execute(
                        "SELECT count(*) FROM tasks INDEXED BY tasks_due_date "
                        "WHERE due_date >= ?", (date(2026, 1, 1).toordinal(),)).fetchone()
            yield pair
    with _open(path, build) as store:
        store.add_tasks_bulk(pairs())
        assert (set(), True, (0,), 16) == (
            DEFERRED & seen["own"], DEFERRED <= seen["names"], seen["rows"],
            store.count_tasks())


def _killed_child(path: Path, build: Any, conn: Any) -> None:
    """Ingest sixteen pairs S50… into *path*; while the fifteenth is produced (the
    indexes dropped, nothing committed) report what the connection sees, then wait to be
    killed."""
    def pairs() -> Iterator[tuple[Task, list[TaskEvent]]]:
        for i, pair in enumerate(_pairs(build, 16, start=50)):
            if i == 14:
                assert store._conn is not None
                conn.send({r[0] for r in store._conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'index'")})
                signal.pause()
            yield pair
    store = SQLiteStore(path)
    store.add_tasks_bulk(pairs())
    conn.send("finished")  # not reached: the parent kills the process first


def test_killed_after_the_drop(tmp_path: Path, build: Any) -> None:
    """A process killed with SIGKILL in the middle of a large call, its indexes dropped
    and half its chunks written: the file reopens as it was before the call (the rows,
    each index with its definition, integrity check ok), and the same call then goes
    through."""
    path = tmp_path / "k.sqlite3"
    with _open(path, build) as store:
        store.add_tasks_bulk(_pairs(build, 4))
    before = (_content(path), _indexes(path))
    fork = multiprocessing.get_context("fork")
    parent, child = fork.Pipe(duplex=False)
    proc = fork.Process(target=_killed_child, args=(path, build, child), daemon=True)
    proc.start()
    child.close()
    try:
        assert parent.poll(60), "the child never reached the fifteenth pair"
        own = parent.recv()
    finally:
        os.kill(proc.pid, signal.SIGKILL)  # type: ignore[arg-type]
        proc.join(30)
    assert (set(), -signal.SIGKILL) == (DEFERRED & own, proc.exitcode)
    with SQLiteStore(path) as store:
        assert (4, before) == (store.count_tasks(), (_content(path), _indexes(path)))
        assert 16 == store.add_tasks_bulk(_pairs(build, 16, start=50))
        assert 20 == store.count_tasks()
    assert ([("ok",)], before[1]) == (_content(path)[-1], _indexes(path))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stored=st.integers(0, 12), call=st.integers(0, 20), chunk=st.integers(1, 5),
       threshold=st.integers(1, 10))
def test_any_sizes_same_file_as_indexes_kept(tmp_path_factory: pytest.TempPathFactory,
                                             build: Any, stored: int, call: int,
                                             chunk: int, threshold: int) -> None:
    """Whatever the store held, the call's length, the chunk and the threshold: the file
    holds what a file written with the indexes maintained holds (read through the
    indexes too), every index is back with its definition, integrity check ok."""
    files = []
    for reindex in (threshold, 10**9):
        path = tmp_path_factory.mktemp("any") / "p.sqlite3"
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(BaseSQLStore, "BULK_CHUNK", chunk)
            mp.setattr(SQLiteStore, "BULK_REINDEX_TASKS", reindex)
            with _open(path, build) as store:
                store.add_tasks_bulk(_pairs(build, stored))
                store.add_tasks_bulk(_pairs(build, call, start=stored))
        files.append((_content(path), _indexes(path)))
    assert ([("ok",)], files[1]) == (files[0][0][-1], files[0])
