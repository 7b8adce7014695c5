# SPDX-License-Identifier: MIT
"""
Benchmark the lifecycle fold and the status engine.

Builds N synthetic tasks with realistic logs (assigned, accepted, progress reports, an
extension, a pause, completion for most) and measures, in one run:

* ``bare``: a reference fold with no validation at all — one pass over the events
  keeping the last percent, due date and completion date, then a date comparison (the
  least any status computation must do in pure Python);
* ``status``: :func:`directive_tracker.status.status` per task (validated fold with the
  full transition table, working-day counts through the calendar);
* ``services.statuses``: the same through :class:`~directive_tracker.storage.MemoryStore`
  (adds store reads).

Prints microseconds per task and the ratios status/bare and statuses/status.

Usage: ``python benchmarks/status.py [--quick]`` (``--quick`` is the CI smoke run).
"""

from __future__ import annotations

import os
import sys

# Run as a script, this file's directory comes first on sys.path, and its sibling
# "calendar.py" would shadow the standard library's calendar module.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]

import argparse
import random
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from directive_tracker.calendars import WorkingCalendar, vietnam_calendar
from directive_tracker.deadlines import FixedDate
from directive_tracker.directives import Directive
from directive_tracker.events import (
    ExtensionApproved,
    ExtensionRequested,
    ProgressReported,
    TaskAccepted,
    TaskAssigned,
    TaskCompleted,
    TaskEvent,
    TaskPaused,
    TaskResumed,
)
from directive_tracker.services import statuses
from directive_tracker.status import status
from directive_tracker.storage import MemoryStore
from directive_tracker.tasks import Task

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _at(d: date, hour: int) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=VN)


def build(n: int, cal: WorkingCalendar, seed: int = 7) -> list[tuple[Task, list[TaskEvent]]]:
    """Return *n* tasks with logs of 4–9 events each."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        start = date(2025, 1, 2) + timedelta(days=rng.randrange(300))
        due = cal.add_working_days(start, rng.randrange(5, 40))
        tid = f"T{i:06d}"
        task = Task(id=tid, directive_id="D1", content=f"Nhiệm vụ số {i}", lead_unit="SNV",
                    deadline=FixedDate(date=due), anchor=start, due_date=due,
                    assigned_on=start)
        day = start
        evs: list[TaskEvent] = [TaskAssigned(task_id=tid, at=_at(day, 8), actor="vp"),
                                TaskAccepted(task_id=tid, at=_at(day, 9), actor="snv")]
        pct = 0
        for _ in range(rng.randrange(1, 4)):
            day += timedelta(days=rng.randrange(1, 6))
            pct = min(100, pct + rng.randrange(10, 40))
            evs.append(ProgressReported(task_id=tid, at=_at(day, 10), actor="snv",
                                        percent=pct))
        if rng.random() < 0.3 and day <= due:
            new_due = due + timedelta(days=14)
            evs += [ExtensionRequested(task_id=tid, at=_at(day, 11), actor="snv",
                                       requested_due=new_due, reason="Chờ"),
                    ExtensionApproved(task_id=tid, at=_at(day, 12), actor="vp",
                                      new_due=new_due, decider="PCT")]
        if rng.random() < 0.2:
            evs.append(TaskPaused(task_id=tid, at=_at(day, 13), actor="snv", reason="Chờ"))
            day += timedelta(days=rng.randrange(1, 8))
            evs.append(TaskResumed(task_id=tid, at=_at(day, 9), actor="snv"))
        if rng.random() < 0.7:
            day += timedelta(days=rng.randrange(0, 20))
            evs.append(TaskCompleted(task_id=tid, at=_at(day, 15), actor="vp",
                                     completed_on=day))
        out.append((task, evs))
    return out


def bare(task: Task, events: list[TaskEvent], as_of: date) -> tuple[str, int]:
    """Unvalidated reference: last percent, due after extensions, completion."""
    due = task.due_date
    done = None
    pct = 0
    for e in events:
        if e.at.date() > as_of:
            continue
        if isinstance(e, ProgressReported):
            pct = e.percent
        elif isinstance(e, ExtensionApproved):
            due = e.new_due
        elif isinstance(e, TaskCompleted):
            done = e.completed_on
    assert due is not None
    if done is not None:
        return ("late" if done > due else "on_time"), 100
    return ("overdue" if as_of > due else "open"), pct


def timed(fn: object, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="CI smoke run")
    args = parser.parse_args()
    n = 200 if args.quick else 5000
    repeat = 1 if args.quick else 3
    cal = vietnam_calendar()
    data = build(n, cal)
    as_of = date(2025, 12, 31)

    t_bare = timed(lambda: [bare(t, e, as_of) for t, e in data], repeat)
    t_status = timed(lambda: [status(t, e, as_of=as_of, calendar=cal) for t, e in data],
                     repeat)
    store = MemoryStore()
    store.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2025, 1, 1),
                                  summary="Kế hoạch"))
    store.add_tasks_bulk(data)
    t_services = timed(lambda: statuses(store, cal, as_of=as_of), repeat)
    assert len(statuses(store, cal, as_of=as_of)) == n

    per = 1e6 / n
    print(f"tasks: {n}, events: {sum(len(e) for _, e in data)}")
    print(f"bare reference      {t_bare * per:8.1f} µs/task")
    print(f"status()            {t_status * per:8.1f} µs/task")
    print(f"services.statuses() {t_services * per:8.1f} µs/task")
    print(f"ratio status/bare            {t_status / t_bare:6.1f}x")
    print(f"ratio statuses/status        {t_services / t_status:6.2f}x")


if __name__ == "__main__":
    main()
