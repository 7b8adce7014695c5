# SPDX-License-Identifier: MIT
"""
Benchmark the official reports on a large SQLite store, as a user calls them.

Loads the synthetic province of ``benchmarks/storage.py`` (its generator, unchanged) into
a :class:`~directive_tracker.storage.SQLiteStore` (and a
:class:`~directive_tracker.storage.postgres.PostgresStore` when
``DIRECTIVE_TRACKER_PG_DSN`` is set) at each size and measures, as of 30/06/2026:

* ``baseline``: reading every stored event row once with the backend's own driver
  (``SELECT * FROM events`` with plain :mod:`sqlite3` or psycopg), the least a report
  that replays the logs must do;
* ``dt.scoreboard(store, cal, as_of=..., kpis=())`` (read from the materialised status
  timeline) and with the default KPI column ``weighted_score@1`` (evaluated task by
  task; timed up to ``--kpi-limit`` tasks), ``dt.summary(...)``, and the overdue list
  of the unit with most overdue tasks, ``dt.reminders_due(...)`` for the day (up to
  ``--reminders-limit`` tasks);
* the peak Python allocation of one scoreboard (:mod:`tracemalloc`) and the peak
  resident memory of the process (``ru_maxrss``) after the reports.

Prints seconds, each figure's ratio to the baseline of the same run, and how each grows
from one size to the next.

Usage::

    python benchmarks/reports_scale.py                    # 100,000 and 1,000,000 tasks
    python benchmarks/reports_scale.py --sizes 100000 --backend sqlite
    python benchmarks/reports_scale.py --quick            # CI smoke: 2,000 tasks
    # an existing SQLite file, measured as it is (opening it migrates an older schema,
    # timed as "open"); every read timed 3 times, the median kept:
    python benchmarks/reports_scale.py --backend sqlite --store s.sqlite3 --sizes 1000000 \
        --kpi-limit 0 --reminders-limit 0 --repeat 3
    # a PostgreSQL schema loaded on the first run, measured as it is on later runs:
    python benchmarks/reports_scale.py --backend postgres --pg-schema bench1m \
        --sizes 1000000 --kpi-limit 0 --reminders-limit 0 --repeat 3
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
import importlib.util
import itertools
import resource
import sqlite3
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import directive_tracker as dt
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.storage import SQLiteStore

_HERE = os.path.dirname(os.path.abspath(__file__))


def _storage_bench() -> ModuleType:
    """benchmarks/storage.py, loaded by path (its generator is the synthetic province)."""
    spec = importlib.util.spec_from_file_location("_bench_storage",
                                                  os.path.join(_HERE, "storage.py"))
    assert spec is not None
    assert spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _timed_once(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def _read_every_event(store: Any, kind: str, path: Path) -> tuple[float, int]:
    """The baseline: every event row read once by the backend's own driver (plain
    :mod:`sqlite3`, or psycopg on a fresh connection); returns (seconds, rows)."""
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


#: The PostgreSQL schema of the benchmark (reset at each size, unless ``--pg-schema``).
PG_SCHEMA = "directive_tracker_bench"
#: Whether ``--pg-schema`` named an existing schema to measure as it is.
_KEEP_PG = False

#: How the store is loaded: ``"one"`` add_tasks_bulk call, or one per ``"batch"``.
INGEST_CALLS = "one"


def _open(kind: str, path: Path, *, keep: bool) -> Any:
    """A new (reset) store, or with *keep* the existing one at *path* / schema."""
    if kind == "sqlite":
        return SQLiteStore(path, reset=not keep, create=True)
    from directive_tracker.storage.postgres import PostgresStore

    dsn = os.environ.get("DIRECTIVE_TRACKER_PG_DSN")
    if not dsn:
        sys.exit("--backend postgres needs DIRECTIVE_TRACKER_PG_DSN")
    return PostgresStore(dsn, schema=PG_SCHEMA, reset=not keep)


def run(size: int, kind: str, workdir: Path, kpi_limit: int, reminders_limit: int,
        store_path: Path | None = None, repeat: int = 1) -> dict[str, float]:
    """Load *size* tasks into a new *kind* store and measure; return the figures.

    With *store_path* (SQLite) or ``--pg-schema`` (PostgreSQL) an existing store that
    already holds tasks is measured as it is (no ingest; opening it migrates an older
    schema, timed as ``open``).  Each read is timed *repeat* times; the median is kept.
    """
    sb = _storage_bench()
    all_units = sb.units()
    codes = [u.code for u in all_units]
    keep = store_path is not None if kind == "sqlite" else _KEEP_PG
    path = store_path if store_path is not None else workdir / f"reports-{size}.sqlite3"
    t_open, store = _timed_once(lambda: _open(kind, path, keep=keep))
    cal = vietnam_calendar()
    as_of = sb.AS_OF

    def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
        runs = [_timed_once(fn) for _ in range(repeat)]
        return statistics.median(r[0] for r in runs), runs[-1][1]
    try:
        if keep and store.count_tasks() > 0:
            ingest, gen = float("nan"), 0.0
            size = store.count_tasks()
        else:
            ingest, gen, _ = sb.load(store, size, max(1, size // 10), codes, all_units,
                                     calls=INGEST_CALLS)
        gc.collect()
        reads = [_read_every_event(store, kind, path) for _ in range(repeat)]
        base, rows = statistics.median(r[0] for r in reads), reads[0][1]
        figs = {"ingest": ingest, "baseline": base, "open": t_open}
        figs["scoreboard"], board = _timed(
            lambda: dt.scoreboard(store, cal, as_of=as_of, kpis=()))
        if size <= kpi_limit:
            figs["scoreboard_kpi"], _ = _timed(lambda: dt.scoreboard(store, cal, as_of=as_of))
        figs["summary"], summ = _timed(lambda: dt.summary(store, cal, as_of=as_of))
        unit = max(board.rows, key=lambda r: r.overdue).unit if board.rows else codes[0]
        figs["overdue_unit"], over = _timed(
            lambda: dt.overdue_list(store, cal, as_of=as_of, unit=unit))
        if size <= reminders_limit:
            figs["reminders_due"], rem = _timed(
                lambda: dt.reminders_due(store, cal, as_of=as_of))
            figs["reminders"] = len(rem)
        # Peak Python allocation of one scoreboard (tracemalloc, measured apart: it
        # slows the call down), and the peak RSS of the whole process.
        gc.collect()
        tracemalloc.start()
        dt.scoreboard(store, cal, as_of=as_of, kpis=())
        figs["scoreboard_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        figs["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    finally:
        store.close()
    print(f"\n== {kind}, {size:,} tasks, {rows:,} event rows "
          f"(generation {gen:.1f} s, not timed) ==")
    calls = "one call" if INGEST_CALLS == "one" else "a call per 10,000"
    print(f"ingest {ingest:.1f} s ({calls}); open {t_open:.2f} s; baseline (read every event row "
          f"once) {base:.3f} s; medians of {repeat} runs")
    for key, label, limit in (
            ("scoreboard", "scoreboard, kpis=()", 0),
            ("scoreboard_kpi", "scoreboard, weighted_score@1", kpi_limit),
            ("summary", "summary", 0), ("overdue_unit", f"overdue_list(unit={unit})", 0),
            ("reminders_due", "reminders_due (one day)", reminders_limit)):
        if key in figs:
            print(f"  {label:34} {figs[key]:8.3f} s  {figs[key] / base:7.2f}x baseline")
        else:
            print(f"  {label:34} skipped above {limit:,} tasks")
    extra = (f"; {int(figs['reminders']):,} reminders" if "reminders" in figs else "")
    print(f"  summary total {summ.total:,}, {summ.cancelled_or_refused:,} cancelled/refused; "
          f"{len(over.rows):,} overdue in {unit}{extra}; scoreboard peak "
          f"{figs['scoreboard_peak_mb']:.0f} MB (tracemalloc); process peak RSS "
          f"{figs['maxrss_mb']:.0f} MB")
    return figs


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run the benchmark."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--quick", action="store_true", help="CI smoke run: 2,000 tasks")
    p.add_argument("--sizes", default="100000,1000000",
                   help="comma-separated task counts (default 100000,1000000)")
    p.add_argument("--backend", nargs="+", choices=("sqlite", "postgres"), default=None,
                   help="backends (default sqlite, and postgres when "
                        "DIRECTIVE_TRACKER_PG_DSN is set)")
    p.add_argument("--workdir", default=None, help="directory for database files")
    p.add_argument("--kpi-limit", type=int, default=200_000,
                   help="largest size at which the scoreboard with its default KPI column "
                        "(evaluated task by task) is timed (default 200,000)")
    p.add_argument("--reminders-limit", type=int, default=1_000_000,
                   help="largest size at which reminders_due is timed (default 1,000,000)")
    p.add_argument("--store", default=None,
                   help="an existing SQLite store file to measure as it is (no ingest; "
                        "one size)")
    p.add_argument("--pg-schema", default=None,
                   help="a PostgreSQL schema to keep: loaded once if empty, then "
                        "measured as it is on later runs")
    p.add_argument("--ingest-calls", choices=("one", "batch"), default="one",
                   help="load with one add_tasks_bulk call reading the province as a "
                        "stream (default), or one call per 10,000 tasks")
    p.add_argument("--repeat", type=int, default=1,
                   help="time each read this many times and keep the median (default 1)")
    args = p.parse_args(argv)
    global PG_SCHEMA, _KEEP_PG, INGEST_CALLS
    INGEST_CALLS = args.ingest_calls
    if args.pg_schema:
        PG_SCHEMA, _KEEP_PG = args.pg_schema, True
    store_path = Path(args.store) if args.store else None
    sizes = [2000] if args.quick else [int(x) for x in args.sizes.split(",")]
    backends = args.backend or (["sqlite", "postgres"]
                                if os.environ.get("DIRECTIVE_TRACKER_PG_DSN") else ["sqlite"])
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        figs = {(k, n): run(n, k, Path(tmp), args.kpi_limit, args.reminders_limit,
                            store_path, args.repeat)
                for n in sizes for k in backends}
    if len(sizes) > 1:
        print("\n== growth (each size vs the previous) ==")
        for k in backends:
            for a, b in itertools.pairwise(sizes):
                fa, fb = figs[k, a], figs[k, b]
                parts = [f"{key} {fb[key] / fa[key]:.1f}x" for key in
                         ("ingest", "baseline", "scoreboard", "scoreboard_kpi", "summary",
                          "overdue_unit", "reminders_due", "scoreboard_peak_mb")
                         if key in fa and key in fb]
                print(f"{k}: {a:,} -> {b:,} tasks ({b / a:.0f}x): " + ", ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
