# SPDX-License-Identifier: MIT
"""
Ingest replays each new task's log once (issue 12, ingest speed).

The SQL stores compute a new task's status timeline by replaying its log under the
default lifecycle policy; when that replay accepts the log, the history check (under the
permissive ``STORAGE_POLICY``) is not replayed again, because ``STORAGE_POLICY`` accepts
every log of the default policy (``LifecyclePolicy.accepts_every_log_of``, property-tested
in ``tests/unit/test_policy_order.py``).  Only the logs the default policy refuses (a third
extension, a late request, a broken log) and those with occurrence keys are replayed by
the check.

Property: for random logs of every kind of event, valid under the storage policy or not,
``add_tasks_bulk`` and ``add_task`` store exactly the logs ``history_problem(...,
policy=STORAGE_POLICY)`` accepts, refuse the others naming the same event, and store the
timeline rows ``timeline_rows`` computes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import FixedDate
from directive_tracker.directives import Directive
from directive_tracker.events import (
    ExtensionRequested,
    ProgressReported,
    TaskAssigned,
    TaskEvent,
)
from directive_tracker.exceptions import (
    InvalidHistoryError,
    InvalidTransitionError,
    TaskNotFoundError,
)
from directive_tracker.integrity import STORAGE_POLICY, history_problem
from directive_tracker.lifecycle import LifecyclePolicy, apply, replay
from directive_tracker.storage import MemoryStore, SQLiteStore
from directive_tracker.storage._timeline import (
    TIMELINE_COLUMNS,
    replayed_timeline_rows,
    timeline_rows,
)
from directive_tracker.storage.base import check_stored_history
from directive_tracker.tasks import Task
from strategies import examples, task_histories

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = vietnam_calendar()

#: Histories valid under this policy may be refused by the default one (a third approved
#: extension, a request dated after the due date), never by the storage policy.
LOOSE = LifecyclePolicy(max_extensions=3, extension_requests_before_due=False)


@st.composite
def logs(draw: st.DrawFn) -> tuple[Task, tuple[TaskEvent, ...]]:
    """A random log valid under the default policy, under LOOSE only, or under none
    (one event left out, which may break it: an approval without its request, a resume
    without a pause)."""
    policy = draw(st.sampled_from([None, LOOSE]))
    task, log = draw(task_histories(policy=policy, max_events=20))
    if policy is LOOSE and draw(st.booleans()):
        log = _late_request(task, log, draw(st.integers(1, 30)))
    if len(log) > 1 and draw(st.booleans()):
        i = draw(st.integers(0, len(log) - 1))
        log = log[:i] + log[i + 1:]
    return task, log


def _late_request(task: Task, log: tuple[TaskEvent, ...], days: int
                  ) -> tuple[TaskEvent, ...]:
    """*log* plus an extension request dated *days* after the current due date (and
    after the last event), which LOOSE allows and the default policy refuses; *log* as
    it is when LOOSE refuses the request there (no deadline, closed, one pending)."""
    state = replay(task, log, calendar=CAL, policy=LOOSE)
    due = state.current_due
    if due is None:
        return log
    day = max(due + timedelta(days=days), log[-1].on + timedelta(days=1))
    request = ExtensionRequested(task_id=task.id, at=datetime(day.year, day.month, day.day,
                                                              9, tzinfo=VN),
                                 actor=state.lead_unit, requested_due=day + timedelta(
                                     days=10), reason="Chờ ý kiến")
    try:
        apply(state, request, calendar=CAL, policy=LOOSE)
    except InvalidTransitionError:
        return log
    return (*log, request)


def _store() -> SQLiteStore:
    store = SQLiteStore(":memory:")
    store.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2024, 12, 2),
                                  summary="Kế hoạch cải cách hành chính"))
    return store


def _rows(store: SQLiteStore) -> list[tuple[Any, ...]]:
    conn = store._conn
    assert conn is not None
    return [tuple(r) for r in conn.execute(
        f"SELECT {', '.join(TIMELINE_COLUMNS)} FROM task_timeline "
        "ORDER BY task_id, occurrence, valid_from").fetchall()]


def _memory() -> MemoryStore:
    store = MemoryStore()
    store.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2024, 12, 2),
                                  summary="Kế hoạch cải cách hành chính"))
    return store


def _memory_rows(store: MemoryStore) -> list[tuple[Any, ...]]:
    return [row for rows in store._timeline.values() for row in rows]


@settings(max_examples=examples(300), deadline=None)
@given(item=logs(), bulk=st.booleans())
def test_property_memory_store(item: tuple[Task, tuple[TaskEvent, ...]], bulk: bool
                               ) -> None:
    """The memory store too: stored iff the storage policy accepts, with the rows of
    ``timeline_rows``."""
    task, log = item
    problem = history_problem(task, log, policy=STORAGE_POLICY)
    with _memory() as store:
        write = ((lambda: store.add_tasks_bulk([(task, list(log))])) if bulk
                 else (lambda: store.add_task(task, log)))
        if problem is None:
            write()
            assert list(log) == store.get_events(task.id)
            assert timeline_rows(task, log, lambda d: d) == _memory_rows(store)
        else:
            with pytest.raises(InvalidHistoryError) as info:
                write()
            assert problem.event_index == info.value.event_index
            assert [] == _memory_rows(store)


@settings(max_examples=examples(300), deadline=None)
@given(item=logs(), bulk=st.booleans())
def test_property_stored_iff_the_storage_policy_accepts(
        item: tuple[Task, tuple[TaskEvent, ...]], bulk: bool) -> None:
    task, log = item
    problem = history_problem(task, log, policy=STORAGE_POLICY)
    with _store() as store:
        if problem is None:
            if bulk:
                assert store.add_tasks_bulk([(task, list(log))]) == 1
            else:
                store.add_task(task, log)
            assert list(log) == store.get_events(task.id)
            assert timeline_rows(task, log, store._d) == _rows(store)
        else:
            write = ((lambda: store.add_tasks_bulk([(task, list(log))])) if bulk
                     else (lambda: store.add_task(task, log)))
            with pytest.raises(InvalidHistoryError) as info:
                write()
            assert problem.event_index == info.value.event_index
            with pytest.raises(TaskNotFoundError):
                store.get_task(task.id)
            assert [] == _rows(store)


def _task() -> Task:
    """A one-off task assigned Mon 05/01/2026, due Mon 19/01/2026."""
    return Task(id="T1", directive_id="D1", content="Rà soát", lead_unit="SNV",
                deadline=FixedDate(date=date(2026, 1, 19)), anchor=date(2026, 1, 5),
                due_date=date(2026, 1, 19), assigned_on=date(2026, 1, 5))


def _at(day: int) -> datetime:
    return datetime(2026, 1, day, 9, tzinfo=VN)


def test_an_occurrence_key_on_a_one_off_task_is_still_checked() -> None:
    """The timeline's replay leaves events with an occurrence key out (they belong to an
    occurrence of a periodic duty), so it accepts this log (two rows: assigned from
    05/01, overdue from 20/01, the day after the due date 19/01), yet says it is not
    the whole log; the check refuses it: the task's deadline does not recur.  The store
    refuses event #2."""
    task = _task()
    log = [TaskAssigned(task_id="T1", at=_at(5), actor="vanthu"),
           ProgressReported(task_id="T1", at=_at(6), actor="SNV", percent=10,
                            occurrence="2026-01")]
    rows, replayed = replayed_timeline_rows(task, log, lambda d: d)
    assert (2, False) == (len(rows), replayed)
    with _store() as store, pytest.raises(InvalidHistoryError) as info:
        store.add_tasks_bulk([(task, log)])
    assert (1, "progress") == (info.value.event_index, info.value.event_kind)


def test_replayed_only_for_a_log_the_default_policy_accepts() -> None:
    """Accepted: assigned, then progress 10 %.  Not replayed: no events (nothing to
    replay), a log starting with progress (no assignment)."""
    task = _task()
    a = TaskAssigned(task_id="T1", at=_at(5), actor="vanthu")
    p = ProgressReported(task_id="T1", at=_at(6), actor="SNV", percent=10)
    assert [True, False, False] == [replayed_timeline_rows(task, log, lambda d: d)[1]
                                    for log in ([a, p], [], [p])]


def test_the_check_is_skipped_only_when_replayed() -> None:
    """A log refused by every policy (progress before the assignment) raises unless the
    caller says it replayed it: the flag is a promise the caller must keep, so the stores
    pass it only from replayed_timeline_rows."""
    task = _task()
    p = ProgressReported(task_id="T1", at=_at(6), actor="SNV", percent=10)
    with pytest.raises(InvalidHistoryError):
        check_stored_history(task, (), [p], append=False)
    check_stored_history(task, (), [p], append=False, replayed=True)
