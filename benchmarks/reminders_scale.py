# SPDX-License-Identifier: MIT
"""
Benchmark ``dt.reminders_due`` for one day on a large store, in its two readings.

Loads the synthetic province of ``benchmarks/storage.py`` (its generator, unchanged) into
a :class:`~directive_tracker.storage.SQLiteStore` (and a
:class:`~directive_tracker.storage.postgres.PostgresStore` when
``DIRECTIVE_TRACKER_PG_DSN`` is set), or opens a copy of an existing SQLite store of it
(``--store``), and measures, for the working day 30/06/2026:

* ``baseline``: reading every stored event row once with the backend's own driver
  (``SELECT * FROM events`` with plain :mod:`sqlite3` or psycopg);
* ``first run``: ``dt.reminders_due(store, cal, as_of=...)`` with an empty outbox: every
  open task with a due date gets a catch-up of its latest slot per recipient and level;
* ``floor``: two lower bounds of any implementation of the first run that reads the
  day's rows and returns ``Reminder`` objects, each measured alone: the day's candidate
  rows read through the store (``Store.remindable_rows``), and the answer's reminders
  constructed again from their ready field values (the cost of the return type);
* ``streamed``: the same day through ``dt.iter_reminders_due``, consumed one reminder at a
  time: the time to the first reminder and to the last (hashing each included), and
  whether the digest equals the first run's;
* ``steady state``: the office ran it on each of the ``--days`` previous working days
  and recorded those reminders in the outbox (``Store.add_outbox_item``, as
  ``send_reminders`` does, without delivering them), then ``dt.reminders_due`` for the
  day: only the slots that fell due since.

Each call is repeated ``--repeat`` times (the outbox is not written between them) and
the median is printed, with its ratio to the baseline of the same run, the number of
reminders, and a digest of them (the same digest before and after a change of the code
means the same answers).

Usage::

    python benchmarks/reminders_scale.py --sizes 100000 --backend sqlite postgres
    python benchmarks/reminders_scale.py --store /tmp/s9-1m.sqlite3   # a copy: written to
    python benchmarks/reminders_scale.py --quick                      # CI smoke: 2,000 tasks
"""

from __future__ import annotations

import os
import sys

# Run as a script, this directory comes first on sys.path, and its calendar.py would
# shadow the standard library's calendar module.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]

import argparse
import gc
import hashlib
import importlib.util
import sqlite3
import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import attrs

import directive_tracker as dt
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.storage import SQLiteStore
from directive_tracker.storage.outbox import OutboxItem

_HERE = os.path.dirname(os.path.abspath(__file__))

#: The PostgreSQL schema of the benchmark (reset at each size).
PG_SCHEMA = "directive_tracker_bench_reminders"


def _storage_bench() -> ModuleType:
    """benchmarks/storage.py, loaded by path (its generator is the synthetic province)."""
    spec = importlib.util.spec_from_file_location("_bench_storage",
                                                  os.path.join(_HERE, "storage.py"))
    assert spec is not None
    assert spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _read_every_event(kind: str, path: Path) -> tuple[float, int]:
    """The baseline: every event row read once by the backend's own driver; returns
    (seconds, rows)."""
    if kind == "sqlite":
        con = sqlite3.connect(path)
        try:
            t0 = time.perf_counter()
            n = sum(1 for _row in con.execute("SELECT * FROM events"))
            return time.perf_counter() - t0, n
        finally:
            con.close()
    import psycopg

    with psycopg.connect(os.environ["DIRECTIVE_TRACKER_PG_DSN"]) as pg:
        t0 = time.perf_counter()
        n = sum(1 for _row in pg.execute(f'SELECT * FROM "{PG_SCHEMA}".events'))
        return time.perf_counter() - t0, n


def _open(kind: str, path: Path, reset: bool) -> Any:
    if kind == "sqlite":
        return SQLiteStore(path, reset=reset)
    from directive_tracker.storage.postgres import PostgresStore

    dsn = os.environ.get("DIRECTIVE_TRACKER_PG_DSN")
    if not dsn:
        sys.exit("--backend postgres needs DIRECTIVE_TRACKER_PG_DSN")
    return PostgresStore(dsn, schema=PG_SCHEMA, reset=reset)


def _digest(reminders: list[Any]) -> str:
    """A short digest of every field of every reminder, in order."""
    h = hashlib.sha256()
    for r in reminders:
        h.update(repr(sorted(r.to_payload().items())).encode())
    return h.hexdigest()[:12]


def _median_call(fn: Any, repeat: int) -> tuple[float, list[Any]]:
    times = []
    out: list[Any] = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def _floors(store: Any, reminders: list[Any], as_of: date) -> tuple[float, float]:
    """Two lower bounds of any ``reminders_due`` that reads the day's rows and returns
    :class:`~directive_tracker.reminders.Reminder` objects, in seconds:

    * the day's candidate rows read once through the store
      (``Store.remindable_rows(as_of, phases=...)``, the remindable phases of the
      default policy), nothing done with them;
    * the answer's *reminders* constructed again from their fields, every value
      already computed and rendered (a dict of keyword arguments each, prepared before
      the clock starts): the cost of the return type alone, with no scheduling,
      look-up or rendering.

    Both with the collector paused, as ``reminders_due`` pauses it.
    """
    from directive_tracker.lifecycle import TaskPhase
    from directive_tracker.reminders import Reminder, ReminderPolicy, _remindable

    policy = ReminderPolicy()  # the phases reminders_due asks for, by its own rule
    phases = [p.value for p in TaskPhase if _remindable(p, policy)]
    gc.collect()
    gc.disable()
    try:
        t0 = time.perf_counter()
        rows = store.remindable_rows(as_of, phases=phases)
        t_rows = time.perf_counter() - t0
    finally:
        gc.enable()
    del rows
    names = [a.name for a in attrs.fields(Reminder)]
    # Each reminder's keyword arguments as a dict, built before the clock starts: the
    # timed loop is one keyword call per reminder (Reminder takes keywords only).
    values = [{n: getattr(r, n) for n in names} for r in reminders]
    gc.collect()
    gc.disable()
    try:
        t0 = time.perf_counter()
        again = [Reminder(**kw) for kw in values]
        t_objects = time.perf_counter() - t0
    finally:
        gc.enable()
    if again != reminders:
        sys.exit("the reminders constructed again differ from the answer")
    return t_rows, t_objects


def _record(store: Any, reminders: list[Any], day: date) -> float:
    """Record *reminders* in the outbox as ``send_reminders`` does (step 1, one
    transaction), without delivering them; returns the seconds taken."""
    created = datetime(day.year, day.month, day.day, 7, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    t0 = time.perf_counter()
    with store.transaction():
        for r in reminders:
            store.add_outbox_item(OutboxItem(key=r.key, created_at=created,
                                             payload=r.to_payload()))
    return time.perf_counter() - t0


def run(size: int, kind: str, path: Path, *, load: bool, days: int, repeat: int
        ) -> dict[str, float]:
    """Measure both readings on one store; return the figures."""
    sb = _storage_bench()
    cal = vietnam_calendar()
    as_of = sb.AS_OF
    store = _open(kind, path, reset=load)
    try:
        if load:
            all_units = sb.units()
            ingest, _gen, _ = sb.load(store, size, max(1, size // 10),
                                      [u.code for u in all_units], all_units)
            print(f"\n== {kind}, {size:,} tasks: ingest {ingest:.1f} s ==", flush=True)
        else:
            print(f"\n== {kind}, {path} ({store.count_tasks():,} tasks) ==", flush=True)
        if store.get_outbox_items():
            sys.exit(f"{path}: the outbox is not empty; give a fresh copy of the store")
        gc.collect()
        base, rows = _read_every_event(kind, path)
        figs: dict[str, float] = {"baseline": base}
        print(f"baseline (read every event row once, {rows:,} rows) {base:.3f} s",
              flush=True)
        figs["first"], first = _median_call(
            lambda: dt.reminders_due(store, cal, as_of=as_of), repeat)
        figs["first_n"] = len(first)
        print(f"  first run (empty outbox)        {figs['first']:8.3f} s  "
              f"{figs['first'] / base:6.2f}x baseline  {len(first):,} reminders  "
              f"digest {_digest(first)}", flush=True)
        digest_first = _digest(first)
        figs["floor_rows"], figs["floor_objects"] = _floors(store, first, as_of)
        print(f"  floor: the day's rows read      {figs['floor_rows']:8.3f} s  "
              f"{figs['floor_rows'] / base:6.2f}x baseline  (Store.remindable_rows)\n"
              f"  floor: the answer's objects     {figs['floor_objects']:8.3f} s  "
              f"{figs['floor_objects'] / base:6.2f}x baseline  ({len(first):,} Reminder "
              f"objects from ready values)", flush=True)
        del first
        # The same day streamed (iter_reminders_due): the first reminder, then all of them,
        # consumed one at a time (the same digest: the same reminders in the same order).
        gc.collect()
        h = hashlib.sha256()
        t0 = time.perf_counter()
        stream = dt.iter_reminders_due(store, cal, as_of=as_of)
        n_streamed = 0
        t_first = float("nan")
        for r in stream:
            if n_streamed == 0:
                t_first = time.perf_counter() - t0
            n_streamed += 1
            h.update(repr(sorted(r.to_payload().items())).encode())
        figs["streamed_first"], figs["streamed_all"] = t_first, time.perf_counter() - t0
        same = "same digest" if h.hexdigest()[:12] == digest_first else "DIGEST DIFFERS"
        print(f"  streamed (iter_reminders_due)   first after {t_first:.3f} s, "
              f"{n_streamed:,} in {figs['streamed_all']:.3f} s (hashing included), {same}",
              flush=True)
        # The previous *days* working days, oldest first: each run records its reminders.
        before = []
        d = as_of
        while len(before) < days:
            d = cal.add_working_days(d, -1)
            before.append(d)
        recorded = 0
        for day in reversed(before):
            t_due, rem = _median_call(lambda day=day: dt.reminders_due(store, cal, as_of=day),
                                      1)
            t_rec = _record(store, rem, day)
            recorded += len(rem)
            print(f"  (ran {day:%d/%m/%Y}: {len(rem):,} reminders in {t_due:.2f} s, "
                  f"recorded in {t_rec:.1f} s)", flush=True)
            del rem
        figs["steady"], steady = _median_call(
            lambda: dt.reminders_due(store, cal, as_of=as_of), repeat)
        figs["steady_n"] = len(steady)
        print(f"  steady state ({recorded:,} in the outbox) {figs['steady']:8.3f} s  "
              f"{figs['steady'] / base:6.2f}x baseline  {len(steady):,} reminders  "
              f"digest {_digest(steady)}", flush=True)
    finally:
        store.close()
    return figs


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run the benchmark."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--quick", action="store_true", help="CI smoke run: 2,000 tasks")
    p.add_argument("--sizes", default="100000",
                   help="comma-separated task counts to generate (default 100000)")
    p.add_argument("--store", default=None,
                   help="an existing SQLite store of the synthetic province, with an "
                        "empty outbox, used instead of generating one (its outbox is "
                        "written to: give a copy)")
    p.add_argument("--backend", nargs="+", choices=("sqlite", "postgres"), default=None,
                   help="backends (default sqlite, and postgres when "
                        "DIRECTIVE_TRACKER_PG_DSN is set)")
    p.add_argument("--days", type=int, default=3,
                   help="previous working days run and recorded before the steady-state "
                        "day (default 3)")
    p.add_argument("--repeat", type=int, default=3,
                   help="calls per figure; the median is printed (default 3)")
    p.add_argument("--workdir", default=None, help="directory for database files")
    args = p.parse_args(argv)
    if args.store:
        run(0, "sqlite", Path(args.store), load=False, days=args.days, repeat=args.repeat)
        return 0
    sizes = [2000] if args.quick else [int(x) for x in args.sizes.split(",")]
    repeat = 1 if args.quick else args.repeat
    backends = args.backend or (["sqlite", "postgres"]
                                if os.environ.get("DIRECTIVE_TRACKER_PG_DSN") else ["sqlite"])
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        for n in sizes:
            for k in backends:
                run(n, k, Path(tmp) / f"reminders-{n}.sqlite3", load=True, days=args.days,
                    repeat=repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
