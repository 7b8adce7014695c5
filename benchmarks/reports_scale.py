# SPDX-License-Identifier: MIT
"""
Benchmark the official reports on a large SQLite store, as a user calls them.

Loads the synthetic province of ``benchmarks/storage.py`` (its generator, unchanged) into
a :class:`~directive_tracker.storage.SQLiteStore` at each size and measures, as of
30/06/2026:

* ``baseline``: reading every stored event row once with plain :mod:`sqlite3`
  (``SELECT * FROM events``), the least a report that replays the logs must do;
* ``dt.scoreboard(store, cal, as_of=..., kpis=())`` (read from the materialised status
  timeline) and with the default KPI column ``weighted_score@1`` (evaluated task by
  task; timed up to ``--kpi-limit`` tasks), ``dt.summary(...)``, and the overdue list
  of the unit with most overdue tasks;
* the peak resident memory of the process (``ru_maxrss``) after the reports.

Prints seconds, each figure's ratio to the baseline of the same run, and how each grows
from one size to the next.

Usage::

    python benchmarks/reports_scale.py                    # 100,000 and 1,000,000 tasks
    python benchmarks/reports_scale.py --sizes 100000
    python benchmarks/reports_scale.py --quick            # CI smoke: 2,000 tasks
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
import tempfile
import time
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


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def _read_every_event(path: Path) -> tuple[float, int]:
    """The baseline: every event row read once with plain sqlite3 (seconds, rows)."""
    con = sqlite3.connect(path)
    try:
        t0 = time.perf_counter()
        n = 0
        for _row in con.execute("SELECT * FROM events"):
            n += 1
        return time.perf_counter() - t0, n
    finally:
        con.close()


def run(size: int, workdir: Path, kpi_limit: int) -> dict[str, float]:
    """Load *size* tasks into a new SQLite file and measure; return the figures."""
    sb = _storage_bench()
    all_units = sb.units()
    codes = [u.code for u in all_units]
    path = workdir / f"reports-{size}.sqlite3"
    store = SQLiteStore(path, reset=True)
    cal = vietnam_calendar()
    as_of = sb.AS_OF
    try:
        ingest, gen, _ = sb.load(store, size, max(1, size // 10), codes, all_units)
        gc.collect()
        base, rows = _read_every_event(path)
        figs = {"ingest": ingest, "baseline": base}
        figs["scoreboard"], board = _timed(
            lambda: dt.scoreboard(store, cal, as_of=as_of, kpis=()))
        if size <= kpi_limit:
            figs["scoreboard_kpi"], _ = _timed(lambda: dt.scoreboard(store, cal, as_of=as_of))
        figs["summary"], summ = _timed(lambda: dt.summary(store, cal, as_of=as_of))
        unit = max(board.rows, key=lambda r: r.overdue).unit if board.rows else codes[0]
        figs["overdue_unit"], over = _timed(
            lambda: dt.overdue_list(store, cal, as_of=as_of, unit=unit))
        figs["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    finally:
        store.close()
    print(f"\n== {size:,} tasks, {rows:,} event rows (generation {gen:.1f} s, not timed) ==")
    print(f"ingest {ingest:.1f} s; baseline (read every event row once) {base:.3f} s")
    for key, label in (("scoreboard", "scoreboard, kpis=()"),
                       ("scoreboard_kpi", "scoreboard, weighted_score@1"),
                       ("summary", "summary"), ("overdue_unit", f"overdue_list(unit={unit})")):
        if key in figs:
            print(f"  {label:34} {figs[key]:8.3f} s  {figs[key] / base:7.2f}x baseline")
        else:
            print(f"  {label:34} skipped above {kpi_limit:,} tasks (task by task; "
                  "--kpi-limit)")
    print(f"  summary total {summ.total:,}, {summ.cancelled_or_refused:,} cancelled/refused; "
          f"{len(over.rows):,} overdue in {unit}; peak RSS {figs['maxrss_mb']:.0f} MB")
    return figs


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run the benchmark."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--quick", action="store_true", help="CI smoke run: 2,000 tasks")
    p.add_argument("--sizes", default="100000,1000000",
                   help="comma-separated task counts (default 100000,1000000)")
    p.add_argument("--workdir", default=None, help="directory for database files")
    p.add_argument("--kpi-limit", type=int, default=200_000,
                   help="largest size at which the scoreboard with its default KPI column "
                        "(evaluated task by task) is timed (default 200,000)")
    args = p.parse_args(argv)
    sizes = [2000] if args.quick else [int(x) for x in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        figs = {n: run(n, Path(tmp), args.kpi_limit) for n in sizes}
    if len(sizes) > 1:
        print("\n== growth (each size vs the previous) ==")
        for a, b in itertools.pairwise(sizes):
            parts = [f"{k} {figs[b][k] / figs[a][k]:.1f}x" for k in
                     ("ingest", "baseline", "scoreboard", "scoreboard_kpi", "summary",
                      "overdue_unit") if k in figs[a] and k in figs[b]]
            print(f"{a:,} -> {b:,} tasks ({b / a:.0f}x): " + ", ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
