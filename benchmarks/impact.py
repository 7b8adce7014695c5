# SPDX-License-Identifier: MIT
"""
Benchmark the calendar-change preview against a summary report of the same store.

Builds a MemoryStore of N tasks ("trong 5..44 ngày làm việc", anchors spread over 300
days of 2026), then times, in the same run, :func:`directive_tracker.reports.summary`
(the baseline: one status per task) and
:func:`directive_tracker.impact.calendar_change_impact` for a typhoon closure on
15/10/2026.  Prints seconds and the ratio impact / summary (target: <= 2).

Usage: ``python benchmarks/impact.py [--quick]`` (``--quick``: 1,000 tasks, for CI).
"""

from __future__ import annotations

import os
import sys

# Run as a script, this file's directory comes first on sys.path, and the sibling
# benchmark "calendar.py" would shadow the standard library's calendar module.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]

import argparse
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from directive_tracker.calendar_changes import calendar_change_impact
from directive_tracker.calendars import DayOverride, vietnam_calendar
from directive_tracker.deadlines import WorkingDays
from directive_tracker.directives import Directive
from directive_tracker.events import TaskAssigned
from directive_tracker.reports import summary
from directive_tracker.storage.memory import MemoryStore
from directive_tracker.tasks import Task

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AS_OF = date(2026, 10, 14)


def build(n: int) -> MemoryStore:
    """Return a store of *n* tasks with working-day deadlines."""
    cal = vietnam_calendar()
    store = MemoryStore()
    store.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 1, 2),
                                  summary="Kế hoạch năm 2026"))
    items = []
    for i in range(n):
        a = date(2026, 1, 2) + timedelta(days=i % 300)
        rule = WorkingDays(n=5 + i % 40)
        t = Task(id=f"T{i:06d}", directive_id="D1", content="Nhiệm vụ", lead_unit="SNV",
                 deadline=rule, anchor=a, due_date=rule.due_date(a, cal), assigned_on=a)
        items.append((t, [TaskAssigned(task_id=t.id, at=datetime(a.year, a.month, a.day, 9,
                                                                 tzinfo=VN), actor="vt")]))
    store.add_tasks_bulk(items)
    return store


def best(fn: Callable[[], Any], repeat: int) -> float:
    """Return the best wall time of *repeat* calls."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    """Run the benchmark and print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 tasks (CI smoke run)")
    args = parser.parse_args()
    n, repeat = (1_000, 1) if args.quick else (10_000, 3)
    store = build(n)
    cal = vietnam_calendar()
    new = cal.with_overrides(DayOverride(date=date(2026, 10, 15), working=False,
                                         reason_vi="Nghỉ tránh bão", source="CĐ 05/CĐ-UBND"))
    base = best(lambda: summary(store, cal, as_of=AS_OF), repeat)
    impact = best(lambda: calendar_change_impact(store, cal, new, as_of=AS_OF), repeat)
    rows = len(calendar_change_impact(store, cal, new, as_of=AS_OF).rows)
    print(f"tasks={n} affected={rows}")
    print(f"summary (baseline)      {base:8.3f} s")
    print(f"calendar_change_impact  {impact:8.3f} s   ratio {impact / base:5.2f} (target <= 2)")


if __name__ == "__main__":
    main()
