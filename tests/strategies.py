# SPDX-License-Identifier: MIT
"""
Hypothesis strategies shared by the test modules: one home instead of copies.

Import them as ``from strategies import ...`` (``tests/conftest.py`` puts this directory
on ``sys.path``; the suite runs with ``--import-mode=importlib``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import (
    CalendarPeriod,
    CountedFrom,
    DeadlineRule,
    EndOfPeriod,
    FixedDate,
    NoDeadline,
    PeriodicReport,
    Recurring,
    WorkingDays,
)
from directive_tracker.events import (
    DeadlineRecomputed,
    ExtensionApproved,
    ExtensionRejected,
    ExtensionRequested,
    ProgressReported,
    ReturnedForRework,
    SubmittedForReview,
    TaskAccepted,
    TaskAssigned,
    TaskCancelled,
    TaskCompleted,
    TaskEvent,
    TaskPaused,
    TaskRefused,
    TaskResumed,
    TaskTransferred,
)
from directive_tracker.exceptions import InvalidTransitionError, ValidationError
from directive_tracker.lifecycle import LifecyclePolicy, TaskState, apply, start
from directive_tracker.periods import PeriodKind
from directive_tracker.tasks import Task

__all__ = ["EVENT_KINDS", "UNITS", "VI_LETTERS", "counted_from", "deadline_rules",
           "lifecycle_policies", "task_histories"]

#: Lower-case Vietnamese letters, plain and with every tone mark (NFC, one code point
#: each), as the alphabet of generated Vietnamese text.
VI_LETTERS = ("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệ"
              "óòỏõọốồổỗộớờởỡợúùủũụứừửữựíìỉĩịýỳỷỹỵ")

#: The event a counted deadline names, or None (not stated).
counted_from = st.none() | st.sampled_from(CountedFrom)

#: Largest count accepted per CalendarPeriod unit (deadlines._UNIT_MAX, about ten years).
_UNIT_MAX = [("days", 3660), ("weeks", 522), ("months", 120), ("years", 10)]


#: The factor applied by :func:`examples` (environment ``DT_PROPERTY_SCALE``, default 1).
PROPERTY_SCALE = int(os.environ.get("DT_PROPERTY_SCALE", "1"))


def examples(n: int) -> int:
    """
    ``max_examples`` for a costly property test: *n* times ``DT_PROPERTY_SCALE``.

    The suite runs *n*; ``DT_PROPERTY_SCALE=10`` runs ten times as many examples of the
    tests that use this (the materialised status timelines against ``status()`` on
    every backend), for a longer search before a release::

        DT_PROPERTY_SCALE=10 DIRECTIVE_TRACKER_PG_DSN=... python -m pytest \\
            tests/storage/test_timeline.py tests/storage/test_light_read_path.py \\
            tests/storage/test_occurrence_rows.py tests/storage/test_reminder_outbox.py \\
            tests/storage/test_ingest_one_replay.py
    """
    if PROPERTY_SCALE < 1:
        raise ValueError(f"DT_PROPERTY_SCALE must be a positive integer, got {PROPERTY_SCALE}")
    return n * PROPERTY_SCALE


def deadline_rules(min_year: int = 1995, max_year: int = 2099
                   ) -> st.SearchStrategy[DeadlineRule]:
    """Every kind of deadline rule with every field drawn over its valid range.

    *min_year* and *max_year* bound the year of an :class:`EndOfPeriod` that names one
    (None, no year, is drawn too); fixed dates span the rules' whole range 1995–2099.
    """
    year = st.none() | st.integers(min_year, max_year)
    return st.one_of(
        st.builds(FixedDate, date=st.dates(date(1995, 1, 1), date(2099, 12, 31)),
                  strict=st.booleans(), roll=st.booleans()),
        st.builds(WorkingDays, n=st.integers(1, 2600), counted_from=counted_from),
        st.sampled_from(_UNIT_MAX).flatmap(lambda u: st.builds(
            CalendarPeriod, unit=st.just(u[0]), n=st.integers(1, u[1]),
            roll_to_working_day=st.booleans(), makeup_saturday_is_working=st.booleans(),
            swapped_day_off_is_rest=st.booleans(), counted_from=counted_from)),
        st.builds(EndOfPeriod, kind=st.just("month"), index=st.integers(1, 12), year=year,
                  roll=st.booleans()),
        st.builds(EndOfPeriod, kind=st.just("quarter"), index=st.integers(1, 4), year=year,
                  roll=st.booleans()),
        st.builds(EndOfPeriod, kind=st.just("half_year"), index=st.integers(1, 2), year=year,
                  roll=st.booleans()),
        st.builds(EndOfPeriod, kind=st.sampled_from(["nine_months", "year"]), year=year,
                  roll=st.booleans()),
        st.builds(Recurring, freq=st.just("weekly"), weekday=st.integers(1, 7),
                  roll=st.booleans()),
        st.builds(Recurring, freq=st.just("monthly"), day=st.integers(1, 31), roll=st.booleans()),
        st.builds(Recurring, freq=st.just("quarterly"), day=st.integers(1, 31),
                  month=st.integers(1, 3), roll=st.booleans()),
        st.builds(Recurring, freq=st.just("half_yearly"), day=st.integers(1, 31),
                  month=st.integers(1, 6), roll=st.booleans()),
        st.dates(date(2024, 1, 1), date(2024, 12, 31)).flatmap(lambda d: st.builds(
            Recurring, freq=st.just("yearly"), day=st.just(d.day), month=st.just(d.month),
            roll=st.booleans())),
        st.builds(NoDeadline, kind=st.sampled_from(["ongoing", "none"])),
        st.builds(PeriodicReport, kind=st.sampled_from(list(PeriodKind)),
                  day=st.integers(1, 31), roll=st.booleans()),
    )


# -- random task histories ---------------------------------------------------------------

_VN = ZoneInfo("Asia/Ho_Chi_Minh")

#: Lead units a history's transfers move between.
UNITS = ("SNV", "SXD", "STC", "SYT", "SKHDT")

#: Every kind of event a history may contain after TaskAssigned.
EVENT_KINDS = ("accepted", "refused", "progress", "ext_requested", "ext_approved",
               "ext_rejected", "paused", "resumed", "submitted", "returned", "completed",
               "cancelled", "transferred", "recomputed")

#: Closing events are drawn less often, so that histories reach deeper states.
_WEIGHTED = tuple(k for k in EVENT_KINDS
                  for _ in range(1 if k in ("refused", "completed", "cancelled") else 4))

#: Lifecycle policies over their interesting range.
lifecycle_policies = st.builds(
    LifecyclePolicy, max_extensions=st.integers(0, 3), require_acceptance=st.booleans(),
    extension_requests_before_due=st.booleans(), require_review=st.booleans())


def _candidate(state: TaskState, kind: str, at: datetime, n: int, flag: bool
               ) -> TaskEvent:
    """One candidate event of *kind* at *at*; *n* and *flag* vary its fields.  Many are
    not allowed where they land (the caller keeps only the allowed ones)."""
    base = {"task_id": state.task_id, "at": at, "actor": "chuyenvien"}
    due = state.current_due or state.task.assigned_on
    lead = state.lead_unit
    build: dict[str, Callable[[], TaskEvent]] = {
        "accepted": lambda: TaskAccepted(**base),
        "refused": lambda: TaskRefused(**base, reason="Không thuộc chức năng"),
        "progress": lambda: ProgressReported(
            **base, percent=n % 101, regression_reason="Điều chỉnh" if flag else None),
        "ext_requested": lambda: ExtensionRequested(
            **base, requested_due=due + timedelta(days=n % 40 - 3), reason="Chờ ý kiến"),
        "ext_approved": lambda: ExtensionApproved(
            **base, new_due=due + timedelta(days=n % 40 - 3), decider="PCT"),
        "ext_rejected": lambda: ExtensionRejected(**base, decider="PCT",
                                                  reason="Không có lý do chính đáng"),
        "paused": lambda: TaskPaused(**base, reason="Chờ Sở Tài chính", waiting_on="STC"),
        "resumed": lambda: TaskResumed(**base),
        "submitted": lambda: SubmittedForReview(**base, evidence="BC 12/BC-SNV"),
        "returned": lambda: ReturnedForRework(**base, reason="Bổ sung số liệu"),
        "completed": lambda: TaskCompleted(
            **base, completed_on=max(state.task.assigned_on - timedelta(days=flag),
                                     at.date() - timedelta(days=n % 4)),
            evidence="CV 99/SNV-VP"),
        "cancelled": lambda: TaskCancelled(**base, reason="Thu hồi theo chỉ đạo"),
        "transferred": lambda: TaskTransferred(
            **base, from_unit=lead if flag or n % 5 else "SYT",
            to_unit=next(u for u in (UNITS[n % 5], *UNITS) if u != lead),
            document="NQ 190/2025/QH15"),
        "recomputed": lambda: DeadlineRecomputed(
            **base, previous_due=due,
            new_due=due + timedelta(days=(n % 9 - 4) or 1), document="QĐ 12/QĐ-UBND",
            reason="Nghỉ bão"),
    }
    return build[kind]()


@st.composite
def task_histories(draw: st.DrawFn, *, task_id: str = "T1", directive_id: str = "D1",
                   policy: LifecyclePolicy | None = None, max_events: int = 20,
                   lead: str | None = None) -> tuple[Task, tuple[TaskEvent, ...]]:
    """A task and a valid event log with every kind of event.

    The task is assigned on a day of 2025–2026 (holidays and Tết included), with a fixed
    due date 0–60 days later or no deadline.  Candidate events of every kind are drawn
    0–6 days apart (often several on one day, minutes apart), and those the lifecycle
    refuses under *policy* (default ``LifecyclePolicy()``) are dropped, so the log
    replays without error.
    """
    cal = vietnam_calendar()
    assigned_on = draw(st.dates(date(2025, 1, 1), date(2026, 10, 31)))
    due = draw(st.none() | st.integers(0, 60).map(lambda k: assigned_on + timedelta(days=k)))
    rule = FixedDate(date=due) if due is not None else NoDeadline()
    lead_unit = lead or draw(st.sampled_from(UNITS))
    task = Task(id=task_id, directive_id=directive_id, content="Rà soát thủ tục",
                lead_unit=lead_unit,
                coordinating_units=("STC",) if lead_unit != "STC" and draw(st.booleans())
                else (),
                deadline=rule, anchor=assigned_on, due_date=due, assigned_on=assigned_on)
    first = TaskAssigned(task_id=task_id, at=datetime(assigned_on.year, assigned_on.month,
                                                      assigned_on.day, 8, tzinfo=_VN),
                         actor="vanthu")
    state = start(task, first)
    log: list[TaskEvent] = [first]
    day, minute = assigned_on, 1
    steps = draw(st.lists(st.tuples(st.sampled_from(_WEIGHTED), st.integers(0, 6),
                                    st.integers(0, 200), st.booleans()),
                          max_size=max_events))
    for kind, step, n, flag in steps:
        if step:
            day, minute = day + timedelta(days=step), 1
        at = datetime(day.year, day.month, day.day, 8, tzinfo=_VN) + timedelta(
            minutes=minute)
        minute += 1
        try:
            event = _candidate(state, kind, at, n, flag)
            state = apply(state, event, calendar=cal, policy=policy)
        except (InvalidTransitionError, ValidationError):
            continue
        log.append(event)
    return task, tuple(log)


# -- periodic duties (issue 13 item 6) ---------------------------------------------------


@st.composite
def periodic_logs(draw: st.DrawFn, task_id: str = "T1") -> list[TaskEvent]:
    """A periodic duty's log ("trước ngày 20 hằng tháng", assigned Mon 05/01/2026):
    assignment, then series events and occurrence events (months from January, or no
    key: January's) in time order, mostly allowed by the lifecycle; a few are refused
    (an occurrence that does not exist yet), which both sides must agree on."""
    log: list[TaskEvent] = [TaskAssigned(task_id=task_id, at=datetime(2026, 1, 5, 8, tzinfo=_VN),
                                         actor="vt")]
    day, lead, unit_no = date(2026, 1, 5), "A", 0
    if draw(st.booleans()):
        log.append(TaskAccepted(task_id=task_id, at=datetime(2026, 1, 6, 9, tzinfo=_VN),
                                actor="A"))
        day = date(2026, 1, 6)
    paused: set[str] = set()
    closed: set[str] = set()
    for _ in range(draw(st.integers(0, 12))):
        day += timedelta(days=draw(st.integers(0, 25)))
        when = datetime(day.year, day.month, day.day, 9, tzinfo=_VN) + timedelta(
            minutes=len(log))
        what = draw(st.sampled_from(["transfer", "cancel", "done", "done", "done",
                                     "progress", "pause", "resume", "submit"]))
        # Mostly an occurrence that exists on the day (a month up to the next one: from
        # the 20th, next month's), sometimes none (January's), sometimes a later one.
        months = (day.year - 2026) * 12 + day.month + (1 if day.day >= 20 else 0)
        existing = st.integers(max(1, months - 3), months).map(
            lambda m: f"{2026 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d}")
        key = draw(st.one_of(st.none(), *[existing] * 12,
                             st.just("2026-06")))
        if key is None and what != "progress":
            key = "2026-01"  # (an event without key closing January would close the
            # series' own replay too: the reports quarantine such a log; few here)
        mine = key or "2026-01"
        if what == "transfer":
            unit_no += 1
            new = f"U{unit_no}"
            log.append(TaskTransferred(task_id=task_id, at=when, actor="vt", from_unit=lead,
                                       to_unit=new, document="QĐ"))
            lead = new
        elif what == "cancel":
            log.append(TaskCancelled(task_id=task_id, at=when, actor="vt", reason="Thôi"))
            break
        elif mine in closed:
            continue
        elif what == "done":
            closed.add(mine)
            log.append(TaskCompleted(task_id=task_id, at=when, actor=lead, completed_on=day,
                                     occurrence=key))
        elif what == "progress":
            log.append(ProgressReported(task_id=task_id, at=when, actor=lead,
                                        percent=draw(st.integers(0, 99)), occurrence=key))
        elif what == "pause" and mine not in paused:
            paused.add(mine)
            log.append(TaskPaused(task_id=task_id, at=when, actor="vt", reason="Chờ số liệu",
                                  occurrence=key))
        elif what == "resume" and mine in paused:
            paused.discard(mine)
            log.append(TaskResumed(task_id=task_id, at=when, actor="vt", occurrence=key))
        elif what == "submit" and mine not in paused:
            closed.add(mine)  # awaiting review: no more events of its own here
            log.append(SubmittedForReview(task_id=task_id, at=when, actor=lead,
                                          occurrence=key))
    return log
