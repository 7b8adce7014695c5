# SPDX-License-Identifier: MIT
"""
The materialised occurrences of a periodic duty (timeline.occurrence_timeline_values,
what the stores write per occurrence) agree with judge_occurrence, the per-occurrence
definition the reports use, on every day up to the horizon: same occurrences, and for
each the same status, due dates, day counts and lead unit (issue 13 item 6).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import Recurring
from directive_tracker.events import (
    TaskAssigned,
    TaskCompleted,
    TaskEvent,
)
from directive_tracker.exceptions import InvalidTransitionError, ValidationError
from directive_tracker.integrity import HistoryProblem, occurrences_or_problem
from directive_tracker.occurrences import judge_occurrence
from directive_tracker.status import StatusKind
from directive_tracker.tasks import Task
from directive_tracker.timeline import (
    OCCURRENCE_HORIZON_DAYS,
    SEGMENT_VALUE_FIELDS,
    StatusSegment,
    occurrence_timeline_values,
)
from strategies import periodic_logs

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = vietnam_calendar()
START = date(2026, 1, 5)
MONTHLY = Task(id="T1", directive_id="D1", content="Báo cáo", lead_unit="A",
               deadline=Recurring(freq="monthly", day=20), anchor=START,
               due_date=date(2026, 1, 20), assigned_on=START)
# Ends with its 4th occurrence (20/04/2026): the last rows are open-ended.
UNTIL_APRIL = Task(id="T1", directive_id="D1", content="Báo cáo", lead_unit="A",
                   deadline=Recurring(freq="monthly", day=20, until=date(2026, 4, 30)),
                   anchor=START, due_date=date(2026, 1, 20), assigned_on=START)


def _segment(task: Task, seg: object) -> StatusSegment:
    values = seg.values  # type: ignore[attr-defined]
    return StatusSegment(task_id=task.id, valid_from=seg.valid_from,  # type: ignore[attr-defined]
                         valid_to=seg.valid_to,  # type: ignore[attr-defined]
                         **dict(zip(SEGMENT_VALUE_FIELDS, values, strict=True)))


@settings(max_examples=150, deadline=None)
@given(log=periodic_logs(), span=st.integers(0, 900), ended=st.booleans())
def test_materialised_occurrences_equal_judge_occurrence(log: list[TaskEvent], span: int,
                                                         ended: bool) -> None:
    task = UNTIL_APRIL if ended else MONTHLY
    try:
        segs, horizon = occurrence_timeline_values(task, log, calendar=CAL)
    except (ValidationError, InvalidTransitionError):
        # Refused on some day: the reports quarantine the task on such a day (the stores
        # then judge it from its log on every day).  Find one: the assignment, an event
        # day, or a day a new occurrence appears (the 20th of a month).
        days = {START, *(e.on for e in log),
                *(date(2026, m, 20) for m in range(1, 13))}
        assert any(isinstance(occurrences_or_problem(task, log, calendar=CAL, as_of=d),
                              HistoryProblem) for d in sorted(days))
        return
    last = max(e.on for e in log)
    if horizon is not None:
        # The default horizon: the last event's date + 400 days.
        assert horizon == last + timedelta(days=OCCURRENCE_HORIZON_DAYS)
    as_of = START + timedelta(days=span)
    if horizon is not None and as_of > horizon:
        # Beyond the horizon no segment exists: the stores judge from the log.
        assert [s for s in segs if s.valid_to is None or s.valid_to > as_of] == []
        return
    judged = occurrences_or_problem(task, log, calendar=CAL, as_of=as_of)
    assert not isinstance(judged, HistoryProblem)
    here = {s.key: s for s in segs if s.valid_from <= as_of
            and (s.valid_to is None or as_of < s.valid_to)}
    assert sorted(here) == sorted(o.key for o, _ in judged)
    first = judged[0][0].key
    for occ, _ in judged:
        want = judge_occurrence(task, log, occ, as_of=as_of, calendar=CAL, first_key=first)
        got = _segment(task, here[occ.key]).on(as_of, calendar=CAL)
        assert (got.kind, got.group, got.lead_unit, got.original_due, got.current_due,
                got.working_days_remaining, got.working_days_late, got.on_time_vs_current,
                got.on_time_vs_original) == (
            want.kind, want.group, want.lead_unit, want.original_due, want.current_due,
            want.working_days_remaining, want.working_days_late, want.on_time_vs_current,
            want.on_time_vs_original)
        # What the stores aggregate without re-judging (a tally reads the stored kind,
        # group and flags): "due soon" is stored as in progress.
        seg = _segment(task, here[occ.key])
        kind = StatusKind.IN_PROGRESS if want.kind is StatusKind.DUE_SOON else want.kind
        assert (seg.kind, seg.group, seg.on_time_vs_current, seg.on_time_vs_original,
                seg.lead_unit) == (kind, want.group, want.on_time_vs_current,
                                   want.on_time_vs_original, want.lead_unit)
        assert here[occ.key].due == occ.due
        assert here[occ.key].title_vi == occ.title_vi


def test_a_plain_monthly_duty_by_hand() -> None:
    """
    Assigned Mon 05/01/2026, January sent Sun 25/01 (late), nothing else.

    By hand: January exists from 05/01 (the first occurrence, due Tue 20/01): in progress
    until 20/01, overdue from 21/01, completed late from 25/01.  February appears on
    20/01 (January's named day: "the next one"), overdue from 21/02 (due Fri 20/02).
    The horizon is 25/01/2026 + 400 days = 01/03/2027; rows end on 02/03/2027.
    """
    log: list[TaskEvent] = [
        TaskAssigned(task_id="T1", at=datetime(2026, 1, 5, 8, tzinfo=VN), actor="vt"),
        TaskCompleted(task_id="T1", at=datetime(2026, 1, 25, 9, tzinfo=VN), actor="A",
                      completed_on=date(2026, 1, 25), occurrence="2026-01")]
    segs, horizon = occurrence_timeline_values(MONTHLY, log, calendar=CAL)
    assert horizon == date(2027, 3, 1)
    jan = [(s.valid_from, s.valid_to, s.values[1].value) for s in segs if s.key == "2026-01"]
    assert jan == [(date(2026, 1, 5), date(2026, 1, 21), "in_progress"),
                   (date(2026, 1, 21), date(2026, 1, 25), "overdue"),
                   (date(2026, 1, 25), date(2027, 3, 2), "completed_late")]
    feb = [(s.valid_from, s.valid_to, s.values[1].value, s.previous_due)
           for s in segs if s.key == "2026-02"]
    assert feb == [(date(2026, 1, 20), date(2026, 2, 21), "in_progress", date(2026, 1, 20)),
                   (date(2026, 2, 21), date(2027, 3, 2), "overdue", date(2026, 1, 20))]


def test_an_occurrence_falls_due_on_another_ones_event_day() -> None:
    """
    January (due Tue 20/01/2026) never sent; February's report sent early on Wed 21/01.
    By hand: January is overdue from 21/01, the day after its due date, which is also
    the day of February's event: its row must split there although no event of its own
    is on that day.  Horizon: 21/01/2026 + 400 days = 21/01/2027 + 35 days = 25/02/2027,
    rows end on 26/02/2027.
    """
    log: list[TaskEvent] = [
        TaskAssigned(task_id="T1", at=datetime(2026, 1, 5, 8, tzinfo=VN), actor="vt"),
        TaskCompleted(task_id="T1", at=datetime(2026, 1, 21, 9, tzinfo=VN), actor="A",
                      completed_on=date(2026, 1, 21), occurrence="2026-02")]
    segs, horizon = occurrence_timeline_values(MONTHLY, log, calendar=CAL)
    assert horizon == date(2027, 2, 25)
    jan = [(s.valid_from, s.valid_to, s.values[1].value) for s in segs if s.key == "2026-01"]
    assert jan == [(date(2026, 1, 5), date(2026, 1, 21), "in_progress"),
                   (date(2026, 1, 21), date(2027, 2, 26), "overdue")]
    # February: the next occurrence from 20/01, sent 21/01, due 20/02: on time.
    feb = [(s.valid_from, s.valid_to, s.values[1].value) for s in segs if s.key == "2026-02"]
    assert feb == [(date(2026, 1, 20), date(2026, 1, 21), "in_progress"),
                   (date(2026, 1, 21), date(2027, 2, 26), "completed_on_time")]


def test_argument_errors() -> None:
    """occurrence_timeline_values and existing_occurrences refuse what they cannot
    judge with the library's InvalidTypeError: a one-off task, a log holding something
    that is not an event, a calendar that is not one, a horizon or as_of not a date;
    replay_by_day a non-bool as_known_each_day."""
    import pytest

    from directive_tracker.deadlines import FixedDate
    from directive_tracker.exceptions import InvalidTypeError
    from directive_tracker.lifecycle import replay_by_day
    from directive_tracker.occurrences import existing_occurrences

    log = [TaskAssigned(task_id="T1", at=datetime(2026, 1, 5, 8, tzinfo=VN), actor="vt")]
    one_off = Task(id="T1", directive_id="D1", content="Báo cáo", lead_unit="A",
                   deadline=FixedDate(date=date(2026, 1, 20)), anchor=START,
                   due_date=date(2026, 1, 20), assigned_on=START)
    for call in (
            lambda: occurrence_timeline_values(one_off, log, calendar=CAL),
            lambda: occurrence_timeline_values(MONTHLY, [*log, "x"], calendar=CAL),
            lambda: occurrence_timeline_values(MONTHLY, log, calendar="vn"),
            lambda: occurrence_timeline_values(MONTHLY, log, calendar=CAL, horizon="2027"),
            lambda: existing_occurrences(MONTHLY, log, as_of="2026-02-01", calendar=CAL),
            lambda: existing_occurrences(MONTHLY, log, as_of=START, calendar="vn"),
            lambda: list(replay_by_day(MONTHLY, log, calendar=CAL, as_known_each_day=1))):
        with pytest.raises(InvalidTypeError):
            call()
