# SPDX-License-Identifier: MIT
"""Tests for directive_tracker.timeline: a task's status over time, from one replay."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from directive_tracker.calendars import WorkingCalendar
from directive_tracker.events import TaskEvent
from directive_tracker.exceptions import (
    InvalidTransitionError,
    InvalidTypeError,
    ValidationError,
)
from directive_tracker.lifecycle import LifecyclePolicy, TaskPhase, replay, replay_by_day
from directive_tracker.status import ReportGroup, StatusKind, evaluate_status
from directive_tracker.tasks import Task
from directive_tracker.timeline import (
    SEGMENT_VALUE_FIELDS,
    StatusSegment,
    StatusTally,
    segment_at,
    status_timeline,
    timeline_values,
)
from strategies import EVENT_KINDS, lifecycle_policies, task_histories

D = date
ASSIGNED_ON = D(2026, 4, 1)
DUE = D(2026, 4, 24)  # a Friday
NC_ON_TIME = ReportGroup.NOT_COMPLETED_ON_TIME
NC_OVERDUE = ReportGroup.NOT_COMPLETED_OVERDUE


def spans(timeline: tuple[StatusSegment, ...]) -> list[tuple[Any, ...]]:
    """The (valid_from, valid_to, phase, kind, group, current_due, vs_cur, vs_orig) of
    each segment, for compact hand-computed expectations."""
    return [(s.valid_from, s.valid_to, s.phase, s.kind, s.group, s.current_due,
             s.on_time_vs_current, s.on_time_vs_original) for s in timeline]


class TestHandComputed:
    def test_no_events_splits_the_day_after_the_due_date(self, cal: WorkingCalendar,
                                                          ev: Any, make_task: Any) -> None:
        """Assigned 01/04/2026, due Fri 24/04: within the deadline up to and including
        24/04 (Civil Code Art 148(6)), overdue from Sat 25/04 on both due dates."""
        tl = status_timeline(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal)
        assert [
            (ASSIGNED_ON, D(2026, 4, 25), TaskPhase.ASSIGNED, StatusKind.IN_PROGRESS,
             NC_ON_TIME, DUE, True, True),
            (D(2026, 4, 25), None, TaskPhase.ASSIGNED, StatusKind.OVERDUE, NC_OVERDUE, DUE,
             False, False),
        ] == spans(tl)

    def test_refused_task_is_never_overdue(self, cal: WorkingCalendar, make_events: Any,
                                           make_task: Any) -> None:
        """Issue 12: a task refused on 06/01/2026 was counted overdue on 14/03/2026 by the
        storage queries.  Assigned 02/01/2026, due 20/01, refused 06/01: from 06/01 on it
        is outside the four groups, on 14/03 too."""
        ev = make_events("T9")
        task = make_task(task_id="T9", assigned_on=D(2026, 1, 2), due=D(2026, 1, 20))
        tl = status_timeline(task, [ev.assigned(D(2026, 1, 2)), ev.refused(D(2026, 1, 6))],
                             calendar=cal)
        assert [
            (D(2026, 1, 2), D(2026, 1, 6), TaskPhase.ASSIGNED, StatusKind.IN_PROGRESS,
             NC_ON_TIME, D(2026, 1, 20), True, True),
            (D(2026, 1, 6), None, TaskPhase.REFUSED, StatusKind.REFUSED, None,
             D(2026, 1, 20), None, None),
        ] == spans(tl)
        seg = segment_at(tl, D(2026, 3, 14))
        assert seg is not None
        assert (StatusKind.REFUSED, None) == (seg.kind, seg.group)

    def test_extension(self, cal: WorkingCalendar, ev: Any, make_task: Any) -> None:
        """Due 24/04; extension asked on 20/04 (a work event: it implicitly accepts the
        task, so the phase changes), approved on 22/04 to Fri 08/05.  On time against
        the original due date until 24/04, against the current one until 08/05; overdue
        from 09/05."""
        log = [ev.assigned(ASSIGNED_ON), ev.ext_requested(D(2026, 4, 20), D(2026, 5, 8)),
               ev.ext_approved(D(2026, 4, 22), D(2026, 5, 8))]
        tl = status_timeline(make_task(), log, calendar=cal)
        ip, new_due = StatusKind.IN_PROGRESS, D(2026, 5, 8)
        assert [
            (ASSIGNED_ON, D(2026, 4, 20), TaskPhase.ASSIGNED, ip, NC_ON_TIME, DUE, True,
             True),
            (D(2026, 4, 20), D(2026, 4, 22), TaskPhase.IN_PROGRESS, ip, NC_ON_TIME, DUE,
             True, True),
            (D(2026, 4, 22), D(2026, 4, 25), TaskPhase.IN_PROGRESS, ip, NC_ON_TIME, new_due,
             True, True),
            (D(2026, 4, 25), D(2026, 5, 9), TaskPhase.IN_PROGRESS, ip, NC_ON_TIME, new_due,
             True, False),
            (D(2026, 5, 9), None, TaskPhase.IN_PROGRESS, StatusKind.OVERDUE, NC_OVERDUE,
             new_due, False, False),
        ] == spans(tl)

    def test_pause_moves_the_due_date(self, cal: WorkingCalendar, ev: Any,
                                      make_task: Any) -> None:
        """Paused Mon 20/04 with time left, resumed Wed 29/04: 6 working days (21–24/04,
        28–29/04; 27/04 is the Hùng Kings substitute day off), so 24/04 + 6 working days
        over the 30/04–01/05 holidays = Thu 07/05.  While paused the group stays "within
        the deadline"; against the original due date it is late from 25/04."""
        log = [ev.assigned(ASSIGNED_ON), ev.paused(D(2026, 4, 20)),
               ev.resumed(D(2026, 4, 29))]
        tl = status_timeline(make_task(), log, calendar=cal)
        p, ip = TaskPhase.PAUSED, StatusKind.IN_PROGRESS
        assert [
            (ASSIGNED_ON, D(2026, 4, 20), TaskPhase.ASSIGNED, ip, NC_ON_TIME, DUE, True,
             True),
            (D(2026, 4, 20), D(2026, 4, 25), p, StatusKind.PAUSED, NC_ON_TIME, DUE, True,
             True),
            (D(2026, 4, 25), D(2026, 4, 29), p, StatusKind.PAUSED, NC_ON_TIME, DUE, True,
             False),
            (D(2026, 4, 29), D(2026, 5, 8), TaskPhase.IN_PROGRESS, ip, NC_ON_TIME,
             D(2026, 5, 7), True, False),
            (D(2026, 5, 8), None, TaskPhase.IN_PROGRESS, StatusKind.OVERDUE, NC_OVERDUE,
             D(2026, 5, 7), False, False),
        ] == spans(tl)
        paused = tl[1]
        assert (D(2026, 4, 20), None) == (paused.paused_since, tl[3].paused_since)

    def test_completed_late_is_constant(self, cal: WorkingCalendar, ev: Any,
                                        make_task: Any) -> None:
        """Completed on Tue 28/04 (recorded 29/04), due 24/04: late by the working days in
        (24/04, 28/04] = {28/04} = 1 (25–26/04 weekend, 27/04 day off), from 29/04 on."""
        log = [ev.assigned(ASSIGNED_ON),
               ev.completed(D(2026, 4, 29), completed_on=D(2026, 4, 28))]
        tl = status_timeline(make_task(), log, calendar=cal)
        assert [(D(2026, 4, 25), D(2026, 4, 29)), (D(2026, 4, 29), None)] == [
            (s.valid_from, s.valid_to) for s in tl[1:]]
        last = tl[-1]
        assert (TaskPhase.COMPLETED, StatusKind.COMPLETED_LATE, ReportGroup.COMPLETED_LATE,
                D(2026, 4, 28), 100) == (last.phase, last.kind, last.group,
                                         last.completed_on, last.percent)
        day = last.on(D(2027, 1, 4), calendar=cal)
        assert (1, None, False, False) == (day.working_days_late, day.working_days_remaining,
                                           day.on_time_vs_current, day.on_time_vs_original)

    def test_transfer_changes_the_lead(self, cal: WorkingCalendar, ev: Any,
                                       make_task: Any) -> None:
        """Transferred SNV -> SXD on 10/04 (a merger): the lead is SNV until 09/04 and SXD
        from 10/04, which remembers SNV as a previous lead."""
        log = [ev.assigned(ASSIGNED_ON), ev.transferred(D(2026, 4, 10), "SNV", "SXD")]
        tl = status_timeline(make_task(), log, calendar=cal)
        assert [("SNV", (), ASSIGNED_ON), ("SXD", ("SNV",), D(2026, 4, 10)),
                ("SXD", ("SNV",), D(2026, 4, 25))] == [
            (s.lead_unit, s.previous_leads, s.valid_from) for s in tl]

    def test_no_deadline_has_one_segment(self, cal: WorkingCalendar, ev: Any,
                                         make_task: Any) -> None:
        """An ongoing task without deadline is never late: one open-ended segment."""
        tl = status_timeline(make_task(due=None), [ev.assigned(ASSIGNED_ON)], calendar=cal)
        assert [(ASSIGNED_ON, None, TaskPhase.ASSIGNED, StatusKind.NO_DEADLINE, NC_ON_TIME,
                 None, True, True)] == spans(tl)

    def test_day_counts_and_due_soon(self, cal: WorkingCalendar, ev: Any,
                                     make_task: Any) -> None:
        """Due Fri 24/04.  On Mon 20/04: (20/04, 24/04] has 4 working days, more than the
        3-day window, so in progress; on Tue 21/04, 3 days: due soon.  On Tue 28/04: late by
        the working days in (24/04, 28/04] = 1."""
        first, late = status_timeline(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal)
        mon = first.on(D(2026, 4, 20), calendar=cal)
        tue = first.on(D(2026, 4, 21), calendar=cal)
        assert (StatusKind.IN_PROGRESS, 4, 0) == (mon.kind, mon.working_days_remaining,
                                                  mon.working_days_late)
        assert (StatusKind.DUE_SOON, 3) == (tue.kind, tue.working_days_remaining)
        assert StatusKind.IN_PROGRESS is first.on(D(2026, 4, 21), calendar=cal,
                                                  due_soon_days=2).kind
        day = late.on(D(2026, 4, 28), calendar=cal)
        assert (StatusKind.OVERDUE, 1, 0, "SNV") == (day.kind, day.working_days_late,
                                                     day.working_days_remaining,
                                                     day.lead_unit)


class TestLookupAndErrors:
    def test_segment_at(self, cal: WorkingCalendar, ev: Any, make_task: Any) -> None:
        """Half-open intervals: 24/04 is in the first segment, 25/04 in the second; the
        day before the assignment in none."""
        tl = status_timeline(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal)
        assert tl[0] is segment_at(tl, DUE)
        assert tl[1] is segment_at(tl, D(2026, 4, 25))
        assert tl[1] is segment_at(tl, D(2099, 12, 31))
        assert segment_at(tl, D(2026, 3, 31)) is None
        assert segment_at((), DUE) is None
        with pytest.raises(InvalidTypeError):
            segment_at(tl, "2026-04-24")  # type: ignore[arg-type]

    def test_on_outside_the_segment(self, cal: WorkingCalendar, ev: Any,
                                    make_task: Any) -> None:
        first = status_timeline(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal)[0]
        with pytest.raises(ValidationError, match="outside the segment"):
            first.on(D(2026, 4, 25), calendar=cal)
        with pytest.raises(ValidationError, match="due_soon_days"):
            first.on(DUE, calendar=cal, due_soon_days=-1)
        with pytest.raises(InvalidTypeError):
            first.on(DUE, calendar="vn")  # type: ignore[arg-type]

    def test_errors(self, cal: WorkingCalendar, ev: Any, make_task: Any) -> None:
        task = make_task()
        with pytest.raises(ValidationError, match="no events"):
            status_timeline(task, [], calendar=cal)
        with pytest.raises(InvalidTransitionError, match="first event"):
            status_timeline(task, [ev.accepted(ASSIGNED_ON)], calendar=cal)
        with pytest.raises(InvalidTransitionError):
            status_timeline(task, [ev.assigned(ASSIGNED_ON), ev.resumed(D(2026, 4, 2))],
                            calendar=cal)
        with pytest.raises(InvalidTypeError):
            status_timeline("T1", [ev.assigned(ASSIGNED_ON)], calendar=cal)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            status_timeline(task, ev.assigned(ASSIGNED_ON), calendar=cal)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            status_timeline(task, [ev.assigned(ASSIGNED_ON), "x"], calendar=cal)  # type: ignore[list-item]
        with pytest.raises(InvalidTypeError):
            status_timeline(task, [ev.assigned(ASSIGNED_ON)], calendar=None)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            status_timeline(task, [ev.assigned(ASSIGNED_ON)], calendar=cal,
                            policy="strict")  # type: ignore[arg-type]

    def test_policy_is_used(self, cal: WorkingCalendar, ev: Any, make_task: Any) -> None:
        """With require_acceptance a progress report before acceptance is refused."""
        log = [ev.assigned(ASSIGNED_ON), ev.progress(D(2026, 4, 2), 10)]
        assert 10 == status_timeline(make_task(), log, calendar=cal)[-1].percent
        with pytest.raises(InvalidTransitionError, match="accepted first"):
            status_timeline(make_task(), log, calendar=cal,
                            policy=LifecyclePolicy(require_acceptance=True))


# -- the property: the segment containing D is evaluate_status(as_of=D) -----------------

def _interesting_days(task: Task, log: tuple[TaskEvent, ...]) -> list[date]:
    """Days where answers change: around each event date and each due date."""
    days = {task.assigned_on - timedelta(days=1)}
    for d in [e.on for e in log] + [task.due_date] + [
            getattr(e, name) for e in log
            for name in ("new_due", "requested_due", "completed_on") if hasattr(e, name)]:
        if d is not None:
            days.update({d - timedelta(days=1), d, d + timedelta(days=1)})
    return sorted(days)


def _check_structure(task: Task, tl: tuple[StatusSegment, ...]) -> None:
    assert tl[0].valid_from == task.assigned_on
    assert tl[-1].valid_to is None
    for a, b in itertools.pairwise(tl):
        assert a.valid_to == b.valid_from
        assert a.valid_from < b.valid_from
        # merged: neighbours differ in something besides their dates
        assert attrs.evolve(a, valid_from=b.valid_from, valid_to=b.valid_to) != b


class TestAgreesWithStatus:
    @settings(max_examples=400, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(data=st.data(), policy=st.none() | lifecycle_policies,
           window=st.integers(0, 10))
    def test_segment_reproduces_evaluate_status(self, cal: WorkingCalendar, data: Any,
                                                policy: LifecyclePolicy | None,
                                                window: int) -> None:
        """For random histories with every event kind and random as-of dates (chosen
        around the dates where answers change, and anywhere up to a year later), the
        segment containing D gives what evaluate_status(as_of=D) gives, field by field,
        on every D by which the calendar is fully known (as_known_on(D) is the calendar:
        from 25/12/2025 for the default one)."""
        task, log = data.draw(task_histories(policy=policy))
        tl = status_timeline(task, log, calendar=cal, policy=policy)
        _check_structure(task, tl)
        assert [(s.valid_from, s.valid_to, tuple(getattr(s, f) for f in SEGMENT_VALUE_FIELDS))
                for s in tl] == timeline_values(task, log, calendar=cal, policy=policy)
        assert tl == tuple(StatusSegment(**attrs.asdict(s, recurse=False)) for s in tl)
        near = _interesting_days(task, log)
        days = data.draw(st.lists(
            st.sampled_from(near) | st.integers(-3, 400).map(
                lambda k: task.assigned_on + timedelta(days=k)), min_size=1, max_size=8))
        for d in days:
            seg = segment_at(tl, d)
            if d < task.assigned_on:
                assert seg is None
                with pytest.raises(ValidationError):
                    evaluate_status(task, log, as_of=d, calendar=cal, policy=policy)
                continue
            assert seg is not None
            if cal.as_known_on(d) is not cal:
                # Before the calendar's last decision, evaluate_status judges with the
                # calendar as then known; a timeline is computed with one calendar.
                continue
            st_ = evaluate_status(task, log, as_of=d, calendar=cal, policy=policy,
                                  due_soon_days=window)
            state = st_.state
            assert (state.phase, state.lead_unit, state.coordinating_units,
                    state.original_due, state.current_due, state.paused_since,
                    state.completed_on, state.closed_on, state.percent) == (
                seg.phase, seg.lead_unit, seg.coordinating_units, seg.original_due,
                seg.current_due, seg.paused_since, seg.completed_on, seg.closed_on,
                seg.percent)
            assert tuple(t.from_unit for t in state.transfers) == seg.previous_leads
            merged = StatusKind.IN_PROGRESS if st_.kind is StatusKind.DUE_SOON else st_.kind
            assert (merged, st_.group, st_.on_time_vs_current, st_.on_time_vs_original) == (
                seg.kind, seg.group, seg.on_time_vs_current, seg.on_time_vs_original)
            day = seg.on(d, calendar=cal, due_soon_days=window)
            assert (st_.kind, st_.group, st_.lead_unit, st_.original_due, st_.current_due,
                    st_.working_days_remaining, st_.working_days_late,
                    st_.on_time_vs_current, st_.on_time_vs_original) == (
                day.kind, day.group, day.lead_unit, day.original_due, day.current_due,
                day.working_days_remaining, day.working_days_late, day.on_time_vs_current,
                day.on_time_vs_original)

    @pytest.mark.parametrize("kind", sorted(EVENT_KINDS))
    def test_histories_reach_every_event_kind(self, kind: str) -> None:
        """The shared strategy produces valid logs (first TaskAssigned) containing each
        kind of event, so the property above covers them all."""
        name = {"progress": "progress", "ext_requested": "extension_requested",
                "ext_approved": "extension_approved", "ext_rejected": "extension_rejected",
                "recomputed": "deadline_recomputed"}.get(kind, kind)
        _task, log = find(task_histories(max_events=30),
                         lambda h: any(e.kind == name for e in h[1]),
                         settings=settings(max_examples=2000, database=None,
                                           phases=[Phase.generate]))
        assert "assigned" == log[0].kind
        assert name in [e.kind for e in log[1:]]


class TestReplayByDay:
    def test_one_state_per_event_day(self, cal: WorkingCalendar, ev: Any,
                                     make_task: Any) -> None:
        """Two events on 02/04 give one state (after both); days without events are not
        yielded."""
        log = [ev.assigned(ASSIGNED_ON), ev.accepted(D(2026, 4, 2), hour=8),
               ev.progress(D(2026, 4, 2), 30, hour=10), ev.progress(D(2026, 4, 9), 60)]
        days = list(replay_by_day(make_task(), log, calendar=cal))
        assert [(ASSIGNED_ON, 0), (D(2026, 4, 2), 30), (D(2026, 4, 9), 60)] == [
            (d, s.percent) for d, s in days]
        assert TaskPhase.IN_PROGRESS is days[1][1].phase

    def test_errors(self, cal: WorkingCalendar, ev: Any, make_task: Any) -> None:
        with pytest.raises(ValidationError, match="no events"):
            list(replay_by_day(make_task(), [], calendar=cal))
        with pytest.raises(InvalidTypeError):
            list(replay_by_day("T1", [], calendar=cal))  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            list(replay_by_day(make_task(), ev.assigned(ASSIGNED_ON), calendar=cal))  # type: ignore[arg-type]

    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(history=task_histories())
    def test_each_state_is_replay_as_of_its_day(self, cal: WorkingCalendar,
                                                history: Any) -> None:
        """Every yielded state equals replay(as_of=day) and the days increase."""
        task, log = history
        days = list(replay_by_day(task, log, calendar=cal))
        assert sorted({e.on for e in log}) == [d for d, _ in days]
        for d, state in days:
            assert replay(task, log, calendar=cal, as_of=d) == state


class TestStatusTally:
    def test_counts(self) -> None:
        """Hand count: one task completed late by 4 working days (late on both dues),
        two overdue tasks (3 and 5 working days late, past the original due date), one
        due-soon task at 40 %, one refused task."""
        t = StatusTally()
        t.add(StatusKind.COMPLETED_LATE, ReportGroup.COMPLETED_LATE, on_time_vs_current=False,
              on_time_vs_original=False, working_days_late=4, percent=100)
        t.add(StatusKind.OVERDUE, NC_OVERDUE, on_time_vs_current=False,
              on_time_vs_original=False, working_days_late=8, percent=20, n=2)
        t.add(StatusKind.DUE_SOON, NC_ON_TIME, on_time_vs_current=True,
              on_time_vs_original=True, working_days_late=0, percent=40)
        t.add(StatusKind.REFUSED, None, on_time_vs_current=None, on_time_vs_original=None,
              working_days_late=None, percent=0)
        assert (4, 1) == (t.counted, t.cancelled_or_refused)
        assert (1, 0, 2, 1) == (t.kinds[StatusKind.IN_PROGRESS], t.kinds[StatusKind.DUE_SOON],
                                t.kinds[StatusKind.OVERDUE], t.groups[NC_ON_TIME])
        # late: 1 + 2 tasks, 4 + 8 working days; open past the original due: the two overdue
        assert (3, 12, 0, 2, 160) == (t.late, t.working_days_late,
                                      t.completed_on_time_vs_original,
                                      t.open_late_vs_original, t.percent)
        other = StatusTally()
        other.add(StatusKind.COMPLETED_ON_TIME, ReportGroup.COMPLETED_ON_TIME,
                  on_time_vs_current=True, on_time_vs_original=True, working_days_late=0,
                  percent=100)
        t.merge(other)
        assert (5, 1, 1, 260) == (t.counted, t.groups[ReportGroup.COMPLETED_ON_TIME],
                                  t.completed_on_time_vs_original, t.percent)


def test_replay_by_day_counts_with_the_calendar_as_known_that_day(
        cal: WorkingCalendar, ev: Any, make_task: Any) -> None:
    """Found by the property above: a pause from Sat 01/11/2025 to Thu 06/11/2025 covers
    4 working days (Mon 03 to Thu 06/11), so a due date of Fri 26/12/2025 moves 4 working
    days.  As known on 06/11/2025: Mon 29, Tue 30, Wed 31/12, (Thu 01/01 New Year), Fri
    02/01/2026.  CV 12729/VPCP-KGVX of 25/12/2025 later made Fri 02/01/2026 a day off
    (swapped for Sat 10/01), so as known from 25/12/2025 the fourth day is Mon 05/01/2026.
    replay_by_day gave the later answer on 06/11/2025, where replay(as_of=06/11) gives the
    earlier one; the stores' timelines ask for the calendar as it is (they answer only
    the days it is fully known)."""
    task = make_task(due=D(2025, 12, 26), assigned_on=D(2025, 11, 1))
    log = [ev.assigned(D(2025, 11, 1), hour=8), ev.paused(D(2025, 11, 1), hour=9),
           ev.resumed(D(2025, 11, 6))]
    days = dict(replay_by_day(task, log, calendar=cal))
    assert D(2026, 1, 2) == days[D(2025, 11, 6)].current_due
    assert D(2026, 1, 2) == replay(task, log, calendar=cal, as_of=D(2025, 11, 6)).current_due
    as_is = dict(replay_by_day(task, log, calendar=cal, as_known_each_day=False))
    assert D(2026, 1, 5) == as_is[D(2025, 11, 6)].current_due
    assert D(2026, 1, 5) == replay(task, log, calendar=cal, as_of=D(2026, 1, 6)).current_due
