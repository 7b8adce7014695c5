# SPDX-License-Identifier: MIT
"""
Benchmark the reports and the reminder job against the status engine they build on.

Builds the demo province (:func:`directive_tracker.demo.build_demo`) at growing sizes in
a :class:`~directive_tracker.storage.MemoryStore` and measures, in one run:

* ``statuses`` (the baseline): :func:`directive_tracker.services.statuses`, the status
  of every task as of the report date — the least any report must compute;
* ``scoreboard`` (with ``weighted_score@1``), ``summary``, ``overdue_list`` and
  ``directive_progress``;
* ``reminders_due`` on an empty outbox, ``send_reminders`` to a
  :class:`~directive_tracker.notifiers.MemoryNotifier`, and ``reminders_due`` again
  (the idempotency check against the recorded outbox).

Prints seconds and the ratio of each to the baseline measured in the same run, and how
the scoreboard's cost grows with the number of tasks.

Usage: ``python benchmarks/reports.py [--quick]`` (``--quick`` is the CI smoke run).
"""

from __future__ import annotations

import os
import sys

# Run as a script, this file's directory comes first on sys.path, and its sibling
# "calendar.py" would shadow the standard library's calendar module.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]

import argparse
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.demo import build_demo
from directive_tracker.notifiers import MemoryNotifier
from directive_tracker.reminders import reminders_due, send_reminders
from directive_tracker.reports import directive_progress, overdue_list, scoreboard, summary
from directive_tracker.services import statuses
from directive_tracker.storage import MemoryStore

TODAY = date(2026, 11, 27)  # a Friday
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _best(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def _measure(n: int, repeat: int) -> tuple[int, float, dict[str, float], int]:
    """Build the demo with *n* directives; return tasks, baseline, timings, reminders."""
    cal = vietnam_calendar()
    store = MemoryStore()
    info = build_demo(store, today=TODAY, directives=n, calendar=cal)
    base = _best(lambda: statuses(store, cal, as_of=TODAY), repeat)
    timings = {
        "scoreboard": _best(lambda: scoreboard(store, cal, as_of=TODAY), repeat),
        "summary": _best(lambda: summary(store, cal, as_of=TODAY), repeat),
        "overdue": _best(lambda: overdue_list(store, cal, as_of=TODAY), repeat),
        "directives": _best(lambda: directive_progress(store, cal, as_of=TODAY), repeat),
        "reminders": _best(lambda: reminders_due(store, cal, as_of=TODAY), repeat),
    }
    due = reminders_due(store, cal, as_of=TODAY)
    t = time.perf_counter()
    send_reminders(store, due, MemoryNotifier(),
                   clock=lambda: datetime(2026, 11, 27, 8, tzinfo=VN))
    timings["send"] = time.perf_counter() - t
    t = time.perf_counter()
    again = reminders_due(store, cal, as_of=TODAY)
    timings["reminders again"] = time.perf_counter() - t
    if again:
        raise AssertionError("a second run on the same day must find nothing")
    return info.tasks, base, timings, len(due)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return 0."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1] if __doc__ else None)
    ap.add_argument("--quick", action="store_true", help="small sizes (CI smoke run)")
    args = ap.parse_args(argv)
    sizes = [24, 96] if args.quick else [24, 240, 2400]
    repeat = 1 if args.quick else 3
    print(f"{'directives':>10} {'tasks':>7} {'baseline s':>11}  ratios vs statuses()")
    growth: list[tuple[int, float]] = []
    for n in sizes:
        tasks, base, timings, sent = _measure(n, repeat)
        growth.append((tasks, timings["scoreboard"]))
        ratios = "  ".join(f"{k} {v / base:.2f}x" for k, v in timings.items())
        print(f"{n:>10} {tasks:>7} {base:11.4f}  {ratios}  ({sent} reminders)")
    (t0, s0), (t1, s1) = growth[0], growth[-1]
    print(f"scoreboard cost grows {s1 / s0:.1f}x for {t1 / t0:.1f}x tasks "
          f"({s1 / t1 * 1e6:.0f} µs per task at {t1} tasks)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
