# SPDX-License-Identifier: MIT
"""
The per-occurrence replay replays the series' leading events once for all occurrences
(an optimisation): it must give the states of the plain definition, "the series events
and the occurrence's own events, replayed in log order with the task's due date set to
the occurrence's" (module docstring of directive_tracker.occurrences), written out here
as the oracle.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import Recurring
from directive_tracker.events import (
    TaskAccepted,
    TaskAssigned,
    TaskCancelled,
    TaskCompleted,
    TaskEvent,
    TaskTransferred,
)
from directive_tracker.exceptions import InvalidTransitionError
from directive_tracker.lifecycle import TaskState, apply, start
from directive_tracker.occurrences import Occurrence, occurrence_states, series_of
from directive_tracker.tasks import Task

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = vietnam_calendar()
START = date(2026, 1, 5)
TASK = Task(id="T1", directive_id="D1", content="Báo cáo", lead_unit="A",
            deadline=Recurring(freq="monthly", day=20), anchor=START,
            due_date=date(2026, 1, 20), assigned_on=START)
SERIES = (TaskAssigned, TaskAccepted, TaskTransferred, TaskCancelled)


def oracle(log: list[TaskEvent], occ: Occurrence, first: bool) -> TaskState:
    """The definition, replayed event by event with no sharing."""
    derived = attrs.evolve(TASK, due_date=occ.due)
    state = start(derived, log[0])  # type: ignore[arg-type]
    for ev in log[1:]:
        mine = ev.occurrence == occ.key or (first and ev.occurrence is None
                                            and not isinstance(ev, SERIES))
        if isinstance(ev, SERIES):
            if not state.phase.is_open:
                continue
            if isinstance(ev, TaskCancelled) and occ.due < ev.on:
                continue
        elif not mine:
            continue
        state = apply(state, ev, calendar=CAL)
    return state


@st.composite
def logs(draw: st.DrawFn) -> list[TaskEvent]:
    """Assignment, then accept/transfer/cancel and completions of months Jan-Jun, in time order."""
    log: list[TaskEvent] = [TaskAssigned(task_id="T1", at=datetime(2026, 1, 5, 8, tzinfo=VN),
                                         actor="vt")]
    day, lead, unit_no = START, "A", 0
    for _ in range(draw(st.integers(0, 10))):
        day += timedelta(days=draw(st.integers(0, 20)))
        when = datetime(day.year, day.month, day.day, 9, tzinfo=VN) + timedelta(
            minutes=len(log))
        what = draw(st.sampled_from(["accept", "transfer", "cancel", "done", "done",
                                     "done", "plain"]))
        if what == "accept":
            log.append(TaskAccepted(task_id="T1", at=when, actor=lead))
        elif what == "transfer":
            unit_no += 1
            new = f"U{unit_no}"
            log.append(TaskTransferred(task_id="T1", at=when, actor="vt", from_unit=lead,
                                       to_unit=new, document="QĐ"))
            lead = new
        elif what == "cancel":
            log.append(TaskCancelled(task_id="T1", at=when, actor="vt", reason="Thôi"))
        else:
            key = None if what == "plain" else f"2026-0{draw(st.integers(1, 6))}"
            log.append(TaskCompleted(task_id="T1", at=when, actor=lead, completed_on=day,
                                     occurrence=key))
    return log


@settings(max_examples=150, deadline=None)
@given(log=logs(), span=st.integers(0, 200))
def test_shared_prefix_gives_the_definitions_states(log: list[TaskEvent], span: int) -> None:
    as_of = START + timedelta(days=span)
    used = [e for e in log if e.on <= as_of]
    try:
        got = occurrence_states(TASK, log, as_of=as_of, calendar=CAL)
    except InvalidTransitionError:
        got = None
    cancelled = next((e.on for e in used if isinstance(e, TaskCancelled)), None)
    occs = series_of(TASK).occurrences(as_of, calendar=CAL, cancelled_on=cancelled)
    try:
        want = [(o, oracle(used, o, i == 0)) for i, o in enumerate(occs)]
    except InvalidTransitionError:
        want = None
    assert (got is None) == (want is None)
    if got is not None and want is not None:
        assert [o.key for o, _ in got] == [o.key for o, _ in want]
        for (_, a), (_, b) in zip(got, want, strict=True):
            assert a == b
