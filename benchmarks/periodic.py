# SPDX-License-Identifier: MIT
"""
Benchmark periodic duties against the same number of one-off tasks in the reports.

Issue 13's target: "a province with 200 monthly duties over 5 years adds no more than
the equivalent number of one-off tasks to report time".  Two stores are built with the
same work in one run:

* **periodic**: *duties* tasks "trước ngày 20 hằng tháng" assigned on 05/01 of the first
  year, each with *years* x 12 occurrences due by the report date (plus the next one);
  every occurrence due is sent (a ``TaskCompleted`` with its ``occurrence`` key): most
  on time, one in eight late, one in twenty never;
* **one-off**: one task per occurrence of the periodic store (duties x years x 12, plus
  the next ones), each with a fixed deadline equal to that occurrence's due date and the
  same outcome.

Both stores count the same number of items in the reports.  For each backend (memory
and SQLite) the run times ``scoreboard`` + ``summary`` as of the report date (best of
three) and prints the ratio periodic / one-off: at most 1.0 means a periodic duty costs
a report no more than the one-off tasks it stands for.  It also prints each store's
ingest time (``add_tasks_bulk``, which computes the materialised rows: per occurrence for
the periodic duties, up to their horizon).

Usage::

    python benchmarks/periodic.py                 # 200 duties over 5 years
    python benchmarks/periodic.py --duties 50 --years 2
    python benchmarks/periodic.py --quick         # CI smoke: 10 duties over 1 year
"""

from __future__ import annotations

import os
import sys

# Run as a script, this file's directory comes first on sys.path, and its sibling
# "calendar.py" would shadow the standard library's calendar module.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]

import argparse
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from directive_tracker.calendars import WorkingCalendar, vietnam_calendar
from directive_tracker.deadlines import FixedDate, Recurring
from directive_tracker.directives import Directive
from directive_tracker.events import TaskAccepted, TaskAssigned, TaskCompleted, TaskEvent
from directive_tracker.occurrences import Series
from directive_tracker.reports import scoreboard, summary
from directive_tracker.storage import MemoryStore, SQLiteStore, Store
from directive_tracker.tasks import Task
from directive_tracker.units import Unit, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONTHLY_20 = Recurring(freq="monthly", day=20)
UNITS = tuple(f"S{i:02d}" for i in range(20))
#: Seconds each store took to ingest its tasks (the materialised rows are computed
#: then: per occurrence for the periodic duties), by (backend, store name).
INGEST: dict[tuple[str, str], float] = {}


def _at(d: date, hour: int) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=VN)


def _outcome(i: int, due: date) -> date | None:
    """Completion date of item *i* due on *due*: on time, late (1 in 8) or never (1 in 20)."""
    if i % 20 == 7:
        return None
    if i % 8 == 3:
        return due + timedelta(days=4)
    return due - timedelta(days=2)


def build(duties: int, years: int, cal: WorkingCalendar
          ) -> tuple[list[tuple[Task, list[TaskEvent]]], list[tuple[Task, list[TaskEvent]]],
                     date]:
    """Return (periodic items, one-off items, report date)."""
    start = date(2021, 1, 5)
    as_of = date(2021 + years, 1, 4)  # every occurrence of the years x 12 months is due
    periodic: list[tuple[Task, list[TaskEvent]]] = []
    oneoff: list[tuple[Task, list[TaskEvent]]] = []
    n = 0
    for k in range(duties):
        lead = UNITS[k % len(UNITS)]
        task = Task(id=f"P{k:04d}", directive_id="D1", content=f"Báo cáo định kỳ {k}",
                    lead_unit=lead, deadline=MONTHLY_20, anchor=start,
                    due_date=date(2021, 1, 20), assigned_on=start)
        events: list[TaskEvent] = [
            TaskAssigned(task_id=task.id, at=_at(start, 8), actor="VP"),
            TaskAccepted(task_id=task.id, at=_at(start, 10), actor=lead)]
        done_events: list[TaskEvent] = []
        for occ in Series.of_task(task).occurrences(as_of, calendar=cal):
            n += 1
            done = _outcome(n, occ.due) if occ.due <= as_of else None
            if done is not None:
                done_events.append(TaskCompleted(task_id=task.id, at=_at(done, 16),
                                                 actor=lead, completed_on=done,
                                                 occurrence=occ.key))
            one = Task(id=f"O{n:06d}", directive_id="D1", content=f"Nhiệm vụ {n}",
                       lead_unit=lead, deadline=FixedDate(date=occ.due), anchor=start,
                       due_date=occ.due, assigned_on=start)
            one_events: list[TaskEvent] = [
                TaskAssigned(task_id=one.id, at=_at(start, 8), actor="VP"),
                TaskAccepted(task_id=one.id, at=_at(start, 10), actor=lead)]
            if done is not None:
                one_events.append(TaskCompleted(task_id=one.id, at=_at(done, 16),
                                                actor=lead, completed_on=done))
            oneoff.append((one, one_events))
        done_events.sort(key=lambda e: e.at)
        periodic.append((task, events + done_events))
    return periodic, oneoff, as_of


@contextmanager
def _store(kind: str, items: list[tuple[Task, list[TaskEvent]]], tmp: Path, name: str
           ) -> Iterator[Store]:
    store: Store = MemoryStore() if kind == "memory" else SQLiteStore(tmp / f"{name}.sqlite3")
    with store:
        store.add_unit(Unit(code="UBND", name="UBND tỉnh",
                            kind=UnitKind.PROVINCIAL_COMMITTEE))
        for code in UNITS:
            store.add_unit(Unit(code=code, name=f"Sở {code}", kind=UnitKind.DEPARTMENT))
        store.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2021, 1, 4),
                                      summary="Chế độ báo cáo định kỳ"))
        t0 = time.perf_counter()
        for i in range(0, len(items), 2000):
            store.add_tasks_bulk(items[i:i + 2000])
        INGEST[(kind, name)] = time.perf_counter() - t0
        yield store


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--duties", type=int, default=200)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="CI smoke run (10 duties, 1 year)")
    parser.add_argument("--backend", nargs="+", default=["memory", "sqlite"],
                        choices=["memory", "sqlite"])
    args = parser.parse_args(argv)
    duties, years = (10, 1) if args.quick else (args.duties, args.years)
    cal = vietnam_calendar()
    periodic, oneoff, as_of = build(duties, years, cal)
    print(f"{duties} monthly duties over {years} year(s): {len(oneoff):,} occurrences; "
          f"one-off baseline: {len(oneoff):,} tasks; reports as of {as_of}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.backend:
            with _store(kind, periodic, Path(tmp), "periodic") as sp, \
                    _store(kind, oneoff, Path(tmp), "oneoff") as so:
                def report(store: Store) -> tuple[int, int]:
                    board = scoreboard(store, cal, as_of=as_of, today=as_of)
                    total = summary(store, cal, as_of=as_of, today=as_of).total
                    return sum(r.assigned for r in board.rows), total

                counts_p, counts_o = report(sp), report(so)
                if counts_p != counts_o:
                    raise SystemExit(f"{kind}: the stores count differently: "
                                     f"{counts_p} vs {counts_o}")
                tp = _best(lambda sp=sp: report(sp))
                to = _best(lambda so=so: report(so))
                ratio = tp / to
                worst = max(worst, ratio)
                print(f"{kind:7s} scoreboard+summary: periodic {tp:.3f} s, one-off {to:.3f} s "
                      f"(items counted {counts_p[1]:,}): ratio {ratio:.2f}; ingest: "
                      f"periodic {INGEST[(kind, 'periodic')]:.1f} s, one-off "
                      f"{INGEST[(kind, 'oneoff')]:.1f} s")
    print(f"worst ratio periodic / one-off: {worst:.2f} (target <= 1.0)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
