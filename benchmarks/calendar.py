# SPDX-License-Identifier: MIT
"""
Benchmark the working-day arithmetic of directive_tracker.calendars.

Measures, in one run, our public API against two baselines:

* ``holidays.Vietnam().get_nth_working_day`` / ``get_working_days_count``
  (day-by-day loops), and
* a bare reference: a precomputed list of working-day ordinals plus a rank table,
  with no validation at all (the best a lookup design can do in pure Python).

Prints per-call microseconds and the ratios the issue sets as targets:
public API within 2x of the bare reference; bare reference >= 50x faster than
holidays at n = 10, >= 1000x at n = 250, >= 10000x for a 10-year count; 1,000,000
bulk offsets <= 0.5 s in pure Python.

Usage: ``python benchmarks/calendar.py [--quick]`` (``--quick`` is the CI smoke run).
"""

from __future__ import annotations

import os
import sys

# Run as a script, this file's directory comes first on sys.path and this file
# ("calendar.py") would shadow the standard library's calendar module.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]

import argparse
import random
import time
from collections.abc import Callable
from datetime import date, timedelta

import holidays

from directive_tracker.calendars import (
    FIRST_SUPPORTED_DATE,
    WorkingCalendar,
    vietnam_calendar,
)


class BareReference:
    """Precomputed working-day ordinals and a rank table; no validation."""

    def __init__(self, is_working: Callable[[date], bool], first: date, last: date) -> None:
        self.base = first.toordinal()
        self.ordinals: list[int] = []
        self.le: list[int] = []  # working days <= day i
        self.lt: list[int] = []  # working days < day i
        for o in range(self.base, last.toordinal() + 1):
            self.lt.append(len(self.ordinals))
            if is_working(date.fromordinal(o)):
                self.ordinals.append(o)
            self.le.append(len(self.ordinals))

    def add(self, d: date, n: int) -> date:
        i = d.toordinal() - self.base
        k = self.le[i] + n - 1 if n > 0 else self.lt[i] + n
        return date.fromordinal(self.ordinals[k])

    def between(self, a: date, b: date) -> int:
        return self.le[b.toordinal() - self.base] - self.le[a.toordinal() - self.base]


def per_call_us(fn: Callable[[], object], calls: int, repeat: int) -> float:
    """Return the best time per call in microseconds; fn makes `calls` calls."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best / calls * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small smoke run for CI")
    args = parser.parse_args(argv)
    quick = args.quick
    calls = 2_000 if quick else 100_000
    slow_calls = 20 if quick else 300
    repeat = 2 if quick else 5
    bulk_size = 100_000 if quick else 1_000_000

    cal: WorkingCalendar = vietnam_calendar()
    lib = holidays.Vietnam(years=range(2015, 2040), language="vi")
    bare = BareReference(cal.is_working_day, FIRST_SUPPORTED_DATE, date(2099, 12, 31))

    rng = random.Random(2026)
    starts = [date(2020, 1, 1) + timedelta(days=rng.randrange(3650)) for _ in range(calls)]
    slow_starts = starts[:slow_calls]

    # Sanity: every implementation agrees on the sample before timing it.
    for d in slow_starts:
        for n in (10, 250):
            assert cal.add_working_days(d, n) == bare.add(d, n) == lib.get_nth_working_day(d, n)
        end = d + timedelta(days=3652)
        assert cal.working_days_between(d, end) == bare.between(d, end) \
            == lib.get_working_days_count(d + timedelta(days=1), end)

    results: list[tuple[str, float, float, float]] = []
    for n in (10, 250):
        ours = per_call_us(lambda n=n: [cal.add_working_days(d, n) for d in starts], calls, repeat)
        ref = per_call_us(lambda n=n: [bare.add(d, n) for d in starts], calls, repeat)
        hol = per_call_us(lambda n=n: [lib.get_nth_working_day(d, n) for d in slow_starts],
                          slow_calls, repeat)
        results.append((f"add_working_days n={n}", ours, ref, hol))
    ends = [d + timedelta(days=3652) for d in starts]
    pairs = list(zip(starts, ends, strict=True))
    ours = per_call_us(lambda: [cal.working_days_between(a, b) for a, b in pairs], calls, repeat)
    ref = per_call_us(lambda: [bare.between(a, b) for a, b in pairs], calls, repeat)
    hol_pairs = pairs[: max(3, slow_calls // 30)]
    hol = per_call_us(lambda: [lib.get_working_days_count(a + timedelta(days=1), b)
                               for a, b in hol_pairs], len(hol_pairs), repeat)
    results.append(("working_days_between 10 years", ours, ref, hol))

    print(f"holidays {holidays.__version__}, Python {sys.version.split()[0]}"
          f"{' (quick)' if quick else ''}")
    print(f"{'operation':32} {'ours µs':>9} {'bare µs':>9} {'holidays µs':>12} "
          f"{'ours/bare':>10} {'holidays/bare':>14} {'holidays/ours':>14}")
    for name, o, r, h in results:
        print(f"{name:32} {o:9.3f} {r:9.3f} {h:12.1f} {o / r:10.2f} {h / r:14.0f} {h / o:14.0f}")

    # Bulk: 1M (100k in quick mode) random starts and offsets in [-300, 300].
    bdates = [date(2000, 1, 1) + timedelta(days=rng.randrange(36000)) for _ in range(bulk_size)]
    bns = [rng.randint(-300, 300) for _ in range(bulk_size)]
    cal.add_working_days_many(bdates[:10_000], bns[:10_000])  # warm-up: lazy numpy import
    timings = {}
    t0 = time.perf_counter()
    # Exactly the public path with numpy switched off: validate, rank lookups, map back.
    py = cal._add_many_python(bdates, cal._bulk_positions(bdates, "dates"),
                              cal._bulk_ns(bns, bulk_size))
    timings["pure Python path (with validation)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    pub = cal.add_working_days_many(bdates, bns)
    timings["public API (numpy when installed)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    ref_bulk = [bare.add(d, n) for d, n in zip(bdates, bns, strict=True)]
    timings["bare reference, scalar loop"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    scalar = [cal.add_working_days(d, n) for d, n in zip(bdates, bns, strict=True)]
    timings["public scalar API in a loop"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    counts = cal.working_days_between_many(bdates, bdates[::-1])
    timings["working_days_between_many"] = time.perf_counter() - t0
    assert py == pub == ref_bulk == scalar
    assert len(counts) == bulk_size
    print(f"\nbulk add_working_days_many, {bulk_size:,} items:")
    for name, secs in timings.items():
        print(f"  {name:34} {secs:7.3f} s")

    ok = all(o / r <= 2.0 for _, o, r, _ in results)
    ok &= results[0][3] / results[0][2] >= 50 and results[1][3] / results[1][2] >= 1000
    ok &= results[2][3] / results[2][2] >= 10_000
    if not quick:
        ok &= timings["pure Python path (with validation)"] <= 0.5
    if quick:
        print("\nquick smoke run: too short to judge the targets; run without --quick")
    else:
        print("\ntargets met" if ok else "\nTARGETS MISSED")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
