# SPDX-License-Identifier: MIT
"""
Benchmark the storage backends on a synthetic province.

The province has 34 departments and 100 communes; there is one directive per 10 tasks
and every task has events (assigned; most accepted; many completed on time or late;
some extended, transferred or cancelled).  For each size and backend, one run measures:

* ingest: one ``add_tasks_bulk`` call reading the generated province as a stream
  (object generation is not timed; ``load(calls="batch")``: a call per 10,000);
* per-unit overdue list as of a date (``status_segments(as_of, lead_units=[unit],
  group=NOT_COMPLETED_OVERDUE)``): median and max over units;
* full per-unit counts as of a date (``status_tallies``);

and compares every backend with the in-memory store (``MemoryStore``) loaded with the same
data in the same run, printing ratios.  Results of every backend are cross-checked
against the memory store's (same overdue ids, same tallies).

"Overdue" is the report group "Chưa hoàn thành quá hạn" of the status function, read
from each task's materialised status timeline (the store's one definition; the former
``overdue_task_ids``/``unit_tallies`` are deprecated).

Targets (1,000,000 tasks, SQLite): ingest <= 60 s, per-unit overdue <= 50 ms,
scoreboard <= 2 s.

Usage::

    python benchmarks/storage.py                          # 10k, 100k, 1M tasks
    python benchmarks/storage.py --sizes 100000
    python benchmarks/storage.py --quick                  # CI smoke: 2,000 tasks
    python benchmarks/storage.py --backend memory sqlite  # only these backends

When ``DIRECTIVE_TRACKER_PG_DSN`` is set (``eval "$(bash scripts/pg-test-server.sh
start)"``), PostgreSQL runs by default too, side by side with SQLite in the same run
(schema ``directive_tracker_bench``, reset at each size).
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
import itertools
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import FixedDate, WorkingDays
from directive_tracker.directives import Directive
from directive_tracker.events import (
    ExtensionApproved,
    ExtensionRequested,
    TaskAccepted,
    TaskAssigned,
    TaskCancelled,
    TaskCompleted,
    TaskEvent,
    TaskTransferred,
)
from directive_tracker.status import ReportGroup
from directive_tracker.storage import MemoryStore, SQLiteStore, Store, TaskQuery
from directive_tracker.tasks import Task
from directive_tracker.units import Unit, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AS_OF = date(2026, 6, 30)
CAL = vietnam_calendar()
START = date(2025, 7, 1)
BATCH = 10_000


def units() -> list[Unit]:
    """34 departments and 100 communes."""
    out = [Unit(code=f"S{i:02d}", name=f"Sở số {i}", kind=UnitKind.DEPARTMENT)
           for i in range(1, 35)]
    out += [Unit(code=f"X{i:03d}", name=f"UBND xã số {i}", kind=UnitKind.COMMUNE)
            for i in range(1, 101)]
    return out


def at(d: date, hour: int = 9) -> datetime:
    """An aware datetime on *d* in Vietnam."""
    return datetime(d.year, d.month, d.day, hour, tzinfo=VN)


def directives(n: int) -> list[Directive]:
    """*n* directives issued over the year from 1 July 2025."""
    return [Directive(id=f"D{i:06d}", issuer="UBND",
                      issue_date=START + timedelta(days=i % 360),
                      summary=f"Chỉ đạo số {i} về cải cách hành chính")
            for i in range(n)]


def tasks(n: int, n_directives: int, codes: list[str], seed: int = 42
          ) -> Iterator[list[tuple[Task, list[TaskEvent]]]]:
    """Yield batches of (task, events); deterministic for a given seed."""
    rng = random.Random(seed)
    batch: list[tuple[Task, list[TaskEvent]]] = []
    for i in range(n):
        tid = f"T{i:07d}"
        d = i % n_directives
        assigned = START + timedelta(days=d % 360)
        days = rng.choice((10, 15, 20, 30, 45, 60, 90))
        due = assigned + timedelta(days=days)
        lead = rng.choice(codes)
        rule = (WorkingDays(n=days * 5 // 7) if i % 2 else FixedDate(date=due))
        coord = tuple(c for c in rng.sample(codes, 2) if c != lead)
        task = Task(id=tid, directive_id=f"D{d:06d}", content=f"Nhiệm vụ {i}: rà soát",
                    lead_unit=lead, coordinating_units=coord, deadline=rule,
                    anchor=assigned, due_date=due, assigned_on=assigned)
        evs: list[TaskEvent] = [TaskAssigned(task_id=tid, at=at(assigned), actor="vanthu")]
        accepted = rng.random() < 0.85
        if accepted:
            evs.append(TaskAccepted(task_id=tid, at=at(assigned + timedelta(days=1)),
                                    actor=lead))
            if rng.random() < 0.10:
                new_due = due + timedelta(days=30)
                evs.append(ExtensionRequested(
                    task_id=tid, at=at(assigned + timedelta(days=4)), actor=lead,
                    requested_due=new_due, reason="Chờ ý kiến bộ, ngành"))
                evs.append(ExtensionApproved(task_id=tid, at=at(assigned + timedelta(days=5)),
                                             actor="UBND", new_due=new_due,
                                             decider="Chủ tịch"))
                due = new_due
        if rng.random() < 0.03:
            to = rng.choice([c for c in codes if c != lead])
            evs.append(TaskTransferred(task_id=tid, at=at(assigned + timedelta(days=7)),
                                       actor="UBND", from_unit=lead, to_unit=to,
                                       document="QĐ sáp nhập"))
            lead = to
        r = rng.random()
        if r < 0.03:
            evs.append(TaskCancelled(task_id=tid, at=at(assigned + timedelta(days=9)),
                                     actor="UBND", reason="Không còn phù hợp"))
        elif accepted and r < 0.65:
            done = assigned + timedelta(days=rng.randint(10, days + 20))
            evs.append(TaskCompleted(task_id=tid, at=at(done, 16), actor=lead,
                                     completed_on=done))
        batch.append((task, evs))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def cross_check(store: Store, codes: list[str], rng: random.Random, n: int = 300) -> str:
    """
    Compare the stores' overdue lists with ``evaluate_status()`` on a sample of tasks.

    Returns "n/n agree" or "skipped" when the status engine is not available.
    """
    try:
        from directive_tracker.calendars import vietnam_calendar
        from directive_tracker.status import ReportGroup, status
    except ImportError:  # pragma: no cover - the status engine is optional here
        return "skipped (directive_tracker.status not available)"
    cal = vietnam_calendar()
    overdue = {code: set(overdue_ids(store, code)) for code in codes}
    ids = [t.id for t in store.get_tasks()]
    sample = rng.sample(ids, min(n, len(ids)))
    events = store.get_events_for(sample)
    agree = 0
    for task in store.get_tasks(TaskQuery(ids=sample)):
        st = status(task, events[task.id], as_of=AS_OF, calendar=cal)
        if ((st.group is ReportGroup.NOT_COMPLETED_OVERDUE)
                == (task.id in overdue[st.lead_unit])):
            agree += 1
        else:
            print(f"  !! {task.id}: status {st.kind.value}, store overdue="
                  f"{task.id in overdue[st.lead_unit]}", flush=True)
    return f"{agree}/{len(sample)} agree"


def overdue_ids(store: Store, unit: str) -> list[str]:
    """The ids of *unit*'s overdue tasks as of AS_OF, from the materialised timeline."""
    return [s.task_id for s in store.status_segments(
        AS_OF, lead_units=[unit], group=ReportGroup.NOT_COMPLETED_OVERDUE)]


def open_store(kind: str, workdir: Path, size: int) -> Store:
    """Open an empty store of *kind*."""
    if kind == "memory":
        return MemoryStore()
    if kind == "sqlite":
        return SQLiteStore(workdir / f"bench-{size}.sqlite3", reset=True)
    if kind == "postgres":
        from directive_tracker.storage.postgres import (  # type: ignore[import-not-found]
            PostgresStore,
        )

        dsn = os.environ.get("DIRECTIVE_TRACKER_PG_DSN")
        if not dsn:
            sys.exit("--backend postgres needs DIRECTIVE_TRACKER_PG_DSN")
        store: Store = PostgresStore(dsn, schema="directive_tracker_bench", reset=True)
        return store
    sys.exit(f"unknown backend {kind!r}; use memory, sqlite, postgres")


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Return (seconds, result) of one call."""
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def load(store: Store, size: int, n_dirs: int, codes: list[str], all_units: list[Unit],
         *, calls: str = "one") -> tuple[float, float, int]:
    """
    Fill *store*; return (ingest seconds, generation seconds, events).

    *calls* ``"one"`` (the default, as the storage guide recommends for an import): one
    ``add_tasks_bulk`` call reads the whole generated province as a stream; the time
    spent generating it (inside the stream) is measured apart and subtracted.
    ``"batch"``: one call (one transaction) per generated batch of 10,000, the way this
    benchmark loaded stores before 5 December 2026.  Either way the library's own
    garbage-collector pause is what runs (this loader no longer turns it off).
    """
    if calls not in ("one", "batch"):
        raise ValueError(f"calls: {calls!r} is not 'one' or 'batch'")
    t0 = time.perf_counter()
    for u in all_units:
        store.add_unit(u)
    with store.transaction():
        for d in directives(n_dirs):
            store.add_directive(d)
    ingest = time.perf_counter() - t0
    src = TimedBatches(tasks(size, n_dirs, codes))
    if calls == "batch":
        for batch in src:
            t, _ = timed(lambda b=batch: store.add_tasks_bulk(b))  # type: ignore[misc]
            ingest += t
        return ingest, src.seconds, src.events
    t, _ = timed(lambda: store.add_tasks_bulk(src.pairs()))
    return ingest + t - src.seconds, src.seconds, src.events


class TimedBatches:
    """
    Generated batches (of :func:`tasks`) with the time spent generating them measured
    apart (``seconds``, to subtract from an ingest that reads them) and their events
    counted (``events``): iterate for the batches, or :meth:`pairs` for one stream of
    ``(task, events)`` pairs.
    """

    def __init__(self, batches: Iterator[list[tuple[Task, list[TaskEvent]]]]) -> None:
        self._batches = batches
        self.seconds = 0.0
        self.events = 0

    def __iter__(self) -> Iterator[list[tuple[Task, list[TaskEvent]]]]:
        while True:
            t0 = time.perf_counter()
            batch = next(self._batches, None)
            self.seconds += time.perf_counter() - t0
            if batch is None:
                return
            self.events += sum(len(e) for _, e in batch)
            yield batch

    def pairs(self) -> Iterator[tuple[Task, list[TaskEvent]]]:
        """Every pair of every batch, in order."""
        for batch in self:
            yield from batch


def run(size: int, backends: list[str], workdir: Path, sample_units: int) -> dict[str, dict[
        str, float]]:
    """
    Load *size* tasks into each backend in turn and measure; return figures per backend.

    Backends run one after the other (each one alone in memory, the same deterministic
    data regenerated for each), the memory baseline last; every backend's answers are
    compared with the baseline's.
    """
    all_units = units()
    codes = [u.code for u in all_units]
    n_dirs = max(1, size // 10)
    rng = random.Random(7)
    sample = rng.sample(codes, min(sample_units, len(codes)))
    figures: dict[str, dict[str, float]] = {}
    answers: dict[str, object] = {}
    order = [k for k in backends if k != "memory"] + ["memory"]
    gen = 0.0
    n_events = 0
    checked = "-"
    for k in order:
        store = open_store(k, workdir, size)
        ingest, gen, n_events = load(store, size, n_dirs, codes, all_units)
        gc.collect()
        per_unit = []
        overdue_total = 0
        results = {}
        for code in sample:
            t, ids = timed(lambda s=store, code=code: overdue_ids(s, code))  # type: ignore[misc]
            per_unit.append(t)
            overdue_total += len(ids)  # type: ignore[arg-type]
            results[code] = ids
        t_board, board = timed(lambda s=store: s.status_tallies(AS_OF, calendar=CAL))  # type: ignore[misc]
        answers[k] = (results, board)
        figures[k] = {"ingest": ingest, "overdue_median": statistics.median(per_unit),
                      "overdue_max": max(per_unit), "scoreboard": t_board,
                      "overdue_rows": overdue_total / len(sample)}
        if k == "memory":
            checked = cross_check(store, codes, rng)
        store.close()
        gc.collect()
    for k in order[:-1]:
        if answers[k] != answers["memory"]:
            print(f"  !! {k}: results differ from the memory store's", flush=True)
    figures = {k: figures[k] for k in ["memory", *order[:-1]]}
    print(f"\n== {size:,} tasks, {n_dirs:,} directives, {n_events:,} events, 134 units "
          f"(generation {gen:.1f} s, not timed) ==")
    print(f"{'backend':10} {'ingest s':>9} {'overdue med ms':>15} {'overdue max ms':>15} "
          f"{'scoreboard s':>13}   ratios vs memory (ingest / overdue / scoreboard)")
    base = figures.get("memory")
    for k, f in figures.items():
        ratio = ""
        if base and k != "memory":
            ratio = (f"{f['ingest'] / base['ingest']:.2f}x / "
                     f"{f['overdue_median'] / base['overdue_median']:.2f}x / "
                     f"{f['scoreboard'] / base['scoreboard']:.2f}x")
        print(f"{k:10} {f['ingest']:9.2f} {f['overdue_median'] * 1e3:15.2f} "
              f"{f['overdue_max'] * 1e3:15.2f} {f['scoreboard']:13.3f}   {ratio}")
    print(f"(average overdue list length per unit: {base['overdue_rows'] if base else 0:.0f}; "
          f"status() cross-check: {checked})")
    return figures


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run the benchmark."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--quick", action="store_true", help="CI smoke run: 2,000 tasks")
    p.add_argument("--sizes", "--size", default="10000,100000,1000000",
                   help="comma-separated task counts (default 10000,100000,1000000)")
    default_backends = ["memory", "sqlite"]
    if os.environ.get("DIRECTIVE_TRACKER_PG_DSN"):
        default_backends.append("postgres")
    p.add_argument("--backend", nargs="+", default=default_backends,
                   help="backends to compare (default: memory sqlite, plus postgres when "
                        "DIRECTIVE_TRACKER_PG_DSN is set); memory is always the baseline")
    p.add_argument("--units-sample", type=int, default=20,
                   help="units whose overdue list is timed (default 20)")
    p.add_argument("--workdir", default=None, help="directory for database files")
    args = p.parse_args(argv)
    sizes = [2000] if args.quick else [int(x) for x in args.sizes.split(",")]
    backends = ["memory", *[b for b in args.backend if b != "memory"]]
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        all_figs = {n: run(n, backends, Path(tmp), args.units_sample) for n in sizes}
    if len(sizes) > 1:
        print("\n== cost growth (each size vs the previous) ==")
        for k in backends:
            parts = []
            for a, b in itertools.pairwise(sizes):
                fa, fb = all_figs[a][k], all_figs[b][k]
                parts.append(f"{a:,}->{b:,}: ingest {fb['ingest'] / fa['ingest']:.1f}x, "
                             f"overdue {fb['overdue_median'] / fa['overdue_median']:.1f}x, "
                             f"scoreboard {fb['scoreboard'] / fa['scoreboard']:.1f}x")
            print(f"{k:10} " + "; ".join(parts))
    last = all_figs[sizes[-1]].get("sqlite")
    if last and sizes[-1] >= 1_000_000:
        print(f"\ntargets at {sizes[-1]:,} (sqlite): ingest {last['ingest']:.1f} s (<= 60), "
              f"overdue {last['overdue_median'] * 1e3:.1f} ms median / "
              f"{last['overdue_max'] * 1e3:.1f} ms max (<= 50), "
              f"scoreboard {last['scoreboard']:.2f} s (<= 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
