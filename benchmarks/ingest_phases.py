# SPDX-License-Identifier: MIT
"""
Where SQLite's bulk ingest time goes (issue 12): per-phase timers on ``add_tasks_bulk``.

Loads the synthetic province of ``benchmarks/storage.py`` (its generator, unchanged) into
a new SQLite file with one ``add_tasks_bulk`` call reading it as a stream (generation not
timed) and times:

* the status timeline rows (``replayed_timeline_rows``: the lifecycle replay under the
  default policy, ``status.judge`` per segment, the row tuples);
* the hash-chain digests (``chain_digests``);
* the history check (``check_stored_history``; skipped for the logs the timeline's replay
  accepted);
* the rest of the encoding (event and task JSON, search keys, members, tags);
* each table's ``INSERT`` (``executemany``);
* the rest of ``add_tasks_bulk`` (``BEGIN``, the duplicate-id and directive checks, the
  trigger swap, ``COMMIT`` with its WAL writes).

The timers wrap functions, so the total is a few per cent above an unwrapped run.

``--sql-only`` measures the SQL side alone as the file grows: the rows of 100,000 encoded
tasks are inserted again and again under new task ids (the same distribution of dates,
units and segments) up to ``--size`` tasks, a transaction per 10,000 tasks (the shape of
one ``add_tasks_bulk`` call per batch) or, with ``--one-transaction``, all in one (the
shape of one call for the whole import, with the store's own hook between chunks: SQLite
drops the written tables' secondary indexes once the call has written
``SQLiteStore.BULK_REINDEX_TASKS`` tasks and builds them at the end); ``--drop INDEX``
drops an index of that scratch file first (to weigh an index; the library's schema is
not changed).

Usage::

    python benchmarks/ingest_phases.py --size 100000
    python benchmarks/ingest_phases.py --quick          # CI smoke: 2,000 tasks
    python benchmarks/ingest_phases.py --sql-only --size 1000000
    python benchmarks/ingest_phases.py --sql-only --size 1000000 --one-transaction
    python benchmarks/ingest_phases.py --sql-only --size 1000000 --drop task_timeline_asof
"""

from __future__ import annotations

import os
import sys

# Run as a script, this directory comes first on sys.path, and its calendar.py would
# shadow the standard library's calendar module.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]

import argparse
import collections
import gc
import importlib.util
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import directive_tracker.storage._sql as sql_module
from directive_tracker.storage import SQLiteStore

Counter = collections.Counter[str]


def _storage_bench() -> ModuleType:
    path = Path(__file__).with_name("storage.py")
    spec = importlib.util.spec_from_file_location("bench_storage", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wrap(owner: Any, name: str, label: str, times: Counter) -> None:
    inner: Callable[..., Any] = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            times[label] += time.perf_counter() - t0
    setattr(owner, name, timed)


def _wrap_inserts(times: Counter) -> None:
    inner = SQLiteStore._insert_many

    def timed(self: SQLiteStore, cur: Any, table: str, columns: Any, rows: Any) -> None:
        t0 = time.perf_counter()
        try:
            inner(self, cur, table, columns, rows)
        finally:
            times[f"INSERT {table}"] += time.perf_counter() - t0
    SQLiteStore._insert_many = timed  # type: ignore[method-assign]


def phases(size: int) -> None:
    """Per-phase timers of a full ingest of *size* tasks."""
    sb = _storage_bench()
    times: Counter = collections.Counter()
    # (timeline_rows before the one-replay change, to measure it the same way)
    _wrap(sql_module, "replayed_timeline_rows" if hasattr(sql_module, "replayed_timeline_rows")
          else "timeline_rows", "timeline rows", times)
    _wrap(sql_module, "chain_digests", "chain digests", times)
    _wrap(sql_module, "check_stored_history", "history check", times)
    _wrap(SQLiteStore, "_encode_tasks", "encoding, all", times)
    _wrap_inserts(times)
    all_units = sb.units()
    with tempfile.TemporaryDirectory() as workdir:
        store = SQLiteStore(Path(workdir) / "ingest.sqlite3", reset=True)
        for u in all_units:
            store.add_unit(u)
        with store.transaction():
            for d in sb.directives(max(1, size // 10)):
                store.add_directive(d)
        # One add_tasks_bulk call reading the province as a stream (as the storage guide
        # recommends for an import); the time spent generating it is subtracted.  The
        # garbage-collector pause is the library's own.
        src = sb.TimedBatches(sb.tasks(size, max(1, size // 10),
                                       [u.code for u in all_units]))
        try:
            t0 = time.perf_counter()
            store.add_tasks_bulk(src.pairs())
            total = time.perf_counter() - t0 - src.seconds
        finally:
            store.close()
    encoding = times.pop("encoding, all")
    rest_encoding = encoding - times["timeline rows"] - times["chain digests"]
    inserts = sum(v for k, v in times.items() if k.startswith("INSERT"))
    rows = [("timeline rows (replay, judge, row tuples)", times["timeline rows"]),
            ("chain digests", times["chain digests"]),
            ("rest of the encoding (event and task JSON, keys, members)", rest_encoding),
            ("history check", times["history check"])]
    rows += sorted(((k, v) for k, v in times.items() if k.startswith("INSERT")),
                   key=lambda kv: -kv[1])
    rows.append(("rest: BEGIN, id checks, trigger swap, COMMIT (WAL writes)",
                 total - encoding - times["history check"] - inserts))
    print(f"SQLite add_tasks_bulk, {size:,} tasks in one call: "
          f"{total:.2f} s ({total / size * 1e6:.0f} µs per task)")
    for label, seconds in rows:
        print(f"  {label:60} {seconds:7.2f} s  {seconds / total:5.1%}")


def sql_only(size: int, drop: list[str], one_transaction: bool = False) -> None:
    """The SQL side alone, per 100,000 tasks, as the file grows to *size* tasks."""
    sb = _storage_bench()
    base = min(size, 100_000)
    codes = [u.code for u in sb.units()]
    encoder = SQLiteStore(":memory:")
    encoded = []
    for b in sb.tasks(base, base // 10, codes):
        out = encoder._encode_tasks([t for t, _ in b], [list(e) for _, e in b])
        encoded.append(out[0] if isinstance(out, tuple) else out)  # (list before)
    encoder.close()
    times: Counter = collections.Counter()
    _wrap_inserts(times)

    def renamed(table: str, rows: list[tuple[Any, ...]], k: int) -> list[tuple[Any, ...]]:
        if k == 0:
            return rows
        if table in ("task_units", "task_tags"):
            return [(r[0], f"{r[1]}r{k}", *r[2:]) for r in rows]
        return [(f"{r[0]}r{k}", *r[1:]) for r in rows]

    with tempfile.TemporaryDirectory() as workdir:
        store = SQLiteStore(Path(workdir) / "sql.sqlite3", reset=True)
        for u in sb.units():
            store.add_unit(u)
        with store.transaction():
            for d in sb.directives(base // 10):
                store.add_directive(d)
        conn = store._conn
        assert conn is not None
        for index in drop:
            conn.execute(f"DROP INDEX {index}")
        done, k, total, last = 0, 0, 0.0, 0.0
        clock = time.perf_counter()

        def batches() -> Iterator[list[Any]]:
            """The encoded batches up to *size* tasks, renamed after the first 100,000."""
            nonlocal done, k
            while done < size:
                for batch in encoded:
                    if done >= size:
                        return
                    done += sb.BATCH
                    yield [(t, c, renamed(t, r, k)) for t, c, r in batch]
                k += 1

        def progress() -> None:
            nonlocal last
            if done % 100_000 == 0:
                now = total if not one_transaction else time.perf_counter() - clock
                print(f"  {done:>9,} tasks: last 100,000 {now - last:6.2f} s", flush=True)
                last = now

        def write_all(cur: Any) -> None:
            # As one add_tasks_bulk call does: the store's hook between chunks (SQLite
            # builds the written tables' secondary indexes once, at the end).
            hook = store._bulk_write_hook()
            for rows in batches():
                if done > sb.BATCH:
                    hook.before_chunk(cur, done - sb.BATCH)
                store._write_encoded(cur, rows)
                progress()
            t0 = time.perf_counter()
            hook.finish(cur)
            times["(indexes built at the end)"] += time.perf_counter() - t0
        gc.disable()
        try:
            if one_transaction:
                with store._lock, store._bulk_session():
                    store._write(write_all, "insert")
                total = time.perf_counter() - clock
            else:
                for rows in batches():
                    t0 = time.perf_counter()
                    with store._lock, store._bulk_session():
                        store._write(lambda cur, rows=rows: store._write_encoded(cur, rows),
                                     "insert")
                    total += time.perf_counter() - t0
                    progress()
            wal = Path(workdir) / "sql.sqlite3-wal"
            wal_mb = wal.stat().st_size / 1e6 if wal.exists() else 0.0
        finally:
            gc.enable()
            store.close()
    print(f"  write-ahead log at the last commit: {wal_mb:,.0f} MB")
    dropped = f" without {', '.join(drop)}" if drop else ""
    shape = "one transaction" if one_transaction else "a transaction per 10,000"
    print(f"SQL only{dropped}, {size:,} tasks, {shape}: {total:.1f} s; by step: "
          + ", ".join(f"{t} {v:.1f} s" for t, v in sorted(times.items()))
          + f"; the rest (BEGIN, COMMIT, trigger swap) {total - sum(times.values()):.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="CI smoke run: the phases of 2,000 tasks")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--sql-only", action="store_true")
    parser.add_argument("--drop", action="append", default=[],
                        help="with --sql-only: drop this index of the scratch file first")
    parser.add_argument("--one-transaction", action="store_true",
                        help="with --sql-only: every batch in one transaction")
    args = parser.parse_args(argv)
    if args.quick:
        phases(2_000)
    elif args.sql_only:
        sql_only(args.size, args.drop, args.one_transaction)
    else:
        phases(args.size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
