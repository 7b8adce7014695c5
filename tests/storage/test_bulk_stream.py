# SPDX-License-Identifier: MIT
"""
``add_tasks_bulk`` reads its input as a stream: any iterable, a one-pass generator
included, in chunks (``BULK_CHUNK`` on the SQL stores) inside one transaction, with the
cyclic garbage collector paused.

The SQL stores' chunk is set to 4 here, so 10 pairs are three chunks (4 + 4 + 2).
Expected values are worked out by hand from the pairs written out below.
"""

from __future__ import annotations

import contextlib
import gc
import sqlite3
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from directive_tracker.events import TaskEvent
from directive_tracker.exceptions import (
    DirectiveNotFoundError,
    DuplicateIdError,
    InvalidTypeError,
    StorageError,
)
from directive_tracker.storage import SQLiteStore, Store
from directive_tracker.storage._sql import BaseSQLStore
from directive_tracker.tasks import Task
from pgserver import pg_dsn

CHUNK = 4


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(BaseSQLStore, "BULK_CHUNK", CHUNK)


def _pairs(build: Any, n: int, log: list[str] | None = None
           ) -> Iterator[tuple[Task, list[TaskEvent]]]:
    """A one-pass generator of S00…S{n-1}, each assigned 05/01 and accepted 06/01 (so a
    stored version of 3); *log* records each id as it is produced."""
    for i in range(n):
        tid = f"S{i:02d}"
        if log is not None:
            log.append(tid)
        yield build.task(tid), [build.assigned(tid), build.accepted(tid)]


def _seed(store: Store, build: Any) -> None:
    store.add_unit(build.unit())
    store.add_directive(build.directive())


def test_generator_stored_whole(store: Store, build: Any) -> None:
    """Ten pairs from a generator (three chunks on the SQL stores): all stored, each at
    version 3 with its two events, and the count returned."""
    _seed(store, build)
    n = store.add_tasks_bulk(_pairs(build, 10))
    tasks = store.get_tasks()
    assert (10, [f"S{i:02d}" for i in range(10)], {3}, ["assigned", "accepted"]) == (
        n, sorted(t.id for t in tasks), {t.version for t in tasks},
        [e.kind for e in store.get_events("S09")])


def test_empty_generator(store: Store, build: Any) -> None:
    _seed(store, build)
    assert (0, []) == (store.add_tasks_bulk(_pairs(build, 0)), store.get_tasks())


@pytest.mark.parametrize("position", [1, 5, 9])
def test_refused_pair_in_any_chunk_writes_nothing(store: Store, build: Any,
                                                  position: int) -> None:
    """A pair naming an unknown directive, in the first, second or third chunk: nothing
    of the call is written, whatever was read before it."""
    _seed(store, build)

    def pairs() -> Iterator[tuple[Task, list[TaskEvent]]]:
        for i, pair in enumerate(_pairs(build, 10)):
            yield (build.task("X", directive_id="NOPE"), []) if i == position else pair
    with pytest.raises(DirectiveNotFoundError):
        store.add_tasks_bulk(pairs())
    assert [] == store.get_tasks()


def test_duplicate_across_chunks_writes_nothing(store: Store, build: Any) -> None:
    """S01 (first chunk) again as the ninth pair (third chunk): refused, nothing written."""
    _seed(store, build)

    def pairs() -> Iterator[tuple[Task, list[TaskEvent]]]:
        yield from _pairs(build, 8)
        yield build.task("S01"), []
    with pytest.raises(DuplicateIdError):
        store.add_tasks_bulk(pairs())
    assert [] == store.get_tasks()


def test_not_a_pair_in_a_later_chunk(store: Store, build: Any) -> None:
    """The tenth item (index 9, third chunk) is not a pair: InvalidTypeError naming it,
    nothing written."""
    _seed(store, build)

    def items() -> Iterator[object]:
        yield from _pairs(build, 9)
        yield "S09"
    with pytest.raises(InvalidTypeError, match=r"items\[9\]"):
        store.add_tasks_bulk(items())  # type: ignore[arg-type]
    assert [] == store.get_tasks()


@pytest.mark.parametrize("items", [None, 42, "S01", b"S01"])
def test_not_an_iterable_of_pairs(store: Store, items: object) -> None:
    with pytest.raises(InvalidTypeError, match="items"):
        store.add_tasks_bulk(items)  # type: ignore[arg-type]


def test_collector_paused_during_the_call(store: Store, build: Any) -> None:
    """While the store reads the input the cyclic collector is off; it is on again after
    the call, and a program that turned it off itself finds it still off."""
    _seed(store, build)
    seen: list[bool] = []

    def pairs() -> Iterator[tuple[Task, list[TaskEvent]]]:
        for pair in _pairs(build, 10):
            seen.append(gc.isenabled())
            yield pair
    assert gc.isenabled()
    store.add_tasks_bulk(pairs())
    after = gc.isenabled()
    gc.disable()
    try:
        store.add_tasks_bulk(_pairs(build, 0))
        still_off = not gc.isenabled()
    finally:
        gc.enable()
    assert ([False] * 10, True, True) == (seen, after, still_off)


def test_sql_store_reads_a_chunk_at_a_time(tmp_path: Path, build: Any) -> None:
    """The SQL store holds about one chunk at a time: when the generator produces S10
    (third chunk), the pairs of the second chunk (S04…S07) are already released; the
    first chunk is kept (a retry of a busy start writes it again)."""
    refs: dict[str, weakref.ref[Task]] = {}
    alive_at_s10: dict[str, bool] = {}

    def pairs() -> Iterator[tuple[Task, list[TaskEvent]]]:
        for i in range(12):
            tid = f"S{i:02d}"
            if tid == "S10":
                gc.collect()
                alive_at_s10.update({k: r() is not None for k, r in refs.items()})
            task = build.task(tid)
            refs[tid] = weakref.ref(task)
            yield task, [build.assigned(tid)]
    with SQLiteStore(tmp_path / "s.sqlite3") as store:
        _seed(store, build)
        assert 12 == store.add_tasks_bulk(pairs())
    assert ({f"S{i:02d}": False for i in range(4, 8)},
            {f"S{i:02d}": True for i in range(4)}) == (
        {k: v for k, v in alive_at_s10.items() if "S04" <= k <= "S07"},
        {k: v for k, v in alive_at_s10.items() if k <= "S03"})


@contextlib.contextmanager
def _locked_on_write(monkeypatch: pytest.MonkeyPatch, n: int) -> Iterator[dict[str, int]]:
    """SQLite's chunk writes (``_write_encoded``) counted in ``["n"]``, the *n*-th one
    failing with "database is locked" (a driver error the store retries); the real
    method again after the block."""
    calls = {"n": 0}
    real = SQLiteStore._write_encoded

    def flaky(self: SQLiteStore, cur: Any, batches: Any) -> None:
        calls["n"] += 1
        if calls["n"] == n:
            raise sqlite3.OperationalError("database is locked")
        real(self, cur, batches)
    monkeypatch.setattr(SQLiteStore, "_write_encoded", flaky)
    try:
        yield calls
    finally:
        monkeypatch.setattr(SQLiteStore, "_write_encoded", real)


def test_transient_failure_after_the_first_chunk_is_not_retried(
        tmp_path: Path, build: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A "database is locked" error while writing the second chunk: the generator cannot
    be read again, so the call raises StorageError at once (no retry, no second pass over
    the input) and nothing is written."""
    log: list[str] = []
    with SQLiteStore(tmp_path / "f.sqlite3") as store:
        _seed(store, build)
        with _locked_on_write(monkeypatch, 2) as calls, \
                pytest.raises(StorageError, match="cannot be read again"):
            store.add_tasks_bulk(_pairs(build, 10, log))
        stored = store.get_tasks()
    # Read: the first chunk, the second (whose write failed); never the input again.
    assert ([], [f"S{i:02d}" for i in range(8)], 2) == (stored, log, calls["n"])


def test_busy_start_retried_with_the_first_chunk(
        tmp_path: Path, build: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A "database is locked" error on the first chunk's write is retried (the chunk was
    read before the transaction): the call then stores all ten pairs."""
    with SQLiteStore(tmp_path / "b.sqlite3") as store:
        _seed(store, build)
        with _locked_on_write(monkeypatch, 1) as calls:
            n = store.add_tasks_bulk(_pairs(build, 10))
        assert (10, 10, 4) == (n, store.count_tasks(), calls["n"])


def _reltuples(store: Any) -> dict[str, float]:
    """pg_class.reltuples of the store's tasks and events tables (-1: never analysed)."""
    import psycopg

    schema = store._qschema.strip('"')
    with psycopg.connect(pg_dsn()) as conn:
        return {name: float(n) for name, n in conn.execute(
            "SELECT c.relname, c.reltuples FROM pg_class c JOIN pg_namespace s "
            "ON s.oid = c.relnamespace WHERE s.nspname = %s "
            "AND c.relname IN ('tasks', 'events')", (schema,)).fetchall()}


@pytest.mark.external_service
def test_postgres_analyses_after_a_large_ingest(postgres_store: Store, build: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """With the threshold at 10 tasks: 9 tasks in one call, or 10 inside transaction(),
    leave the tables unanalysed (reltuples -1); 10 more in one call analyse them: 29
    tasks and 58 events (two each) counted by ANALYZE."""
    from directive_tracker.storage.postgres import PostgresStore

    monkeypatch.setattr(PostgresStore, "BULK_ANALYZE_TASKS", 10)
    store = postgres_store
    _seed(store, build)

    def pairs(prefix: str, n: int) -> Iterator[tuple[Task, list[TaskEvent]]]:
        for i in range(n):
            tid = f"{prefix}{i:02d}"
            yield build.task(tid), [build.assigned(tid), build.accepted(tid)]
    store.add_tasks_bulk(pairs("A", 9))
    below = _reltuples(store)
    with store.transaction():
        store.add_tasks_bulk(pairs("B", 10))
    nested = _reltuples(store)
    store.add_tasks_bulk(pairs("C", 10))
    assert ({"tasks": -1.0, "events": -1.0}, {"tasks": -1.0, "events": -1.0},
            {"tasks": 29.0, "events": 58.0}) == (below, nested, _reltuples(store))
