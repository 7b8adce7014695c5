# SPDX-License-Identifier: MIT
"""
Deadlines counted over provisional days (issue 15): the explanation's note and the
warning of :func:`~directive_tracker.services.assign_task`; and the lifecycle option
``pause_extends_decided_due``.

Expected values by hand.  2027 has no official schedule (domain brief §10): the Tết
days 04/02–10/02/2027 are python-holidays' rule-based guess, marked provisional.
"""

from __future__ import annotations

import warnings
from datetime import date, datetime

import pytest

from directive_tracker._tz import VN_TZ
from directive_tracker.calendars import DayOverride, vietnam_calendar
from directive_tracker.deadlines import CalendarPeriod, EndOfPeriod, FixedDate, WorkingDays
from directive_tracker.directives import Directive
from directive_tracker.events import (
    ExtensionApproved,
    ExtensionRequested,
    TaskAssigned,
    TaskPaused,
    TaskResumed,
)
from directive_tracker.exceptions import ProvisionalCalendarWarning
from directive_tracker.lifecycle import LifecyclePolicy, replay
from directive_tracker.services import assign_task, register_directive, register_unit
from directive_tracker.storage import MemoryStore
from directive_tracker.tasks import Task
from directive_tracker.units import Unit, UnitKind

D = date

NOTE_VI = ("Lưu ý: thời hạn được tính qua ngày nghỉ dự kiến, chưa có thông báo chính thức "
           "(04/02/2027–10/02/2027); hạn có thể thay đổi khi có thông báo")


def _fresh_calendar(tag: str) -> object:
    """A calendar object of its own (the warning is emitted once per calendar object):
    the default days plus a harmless override in 2099 named after the test."""
    return vietnam_calendar(overrides=[DayOverride(
        date=D(2099, 12, 30), working=False, reason_vi=f"Thử nghiệm {tag}",
        source=f"TB {tag}/TB-TEST")])


class TestExplainNote:
    def test_working_days_over_tet_2027(self) -> None:
        """5 working days from Fri 29/01/2027: 01, 02, 03/02, (Tết 04–10/02), 11, 12/02."""
        e = WorkingDays(n=5).explain(D(2027, 1, 29), vietnam_calendar())
        assert D(2027, 2, 12) == e.due
        assert NOTE_VI == e.steps[-2].text_vi
        assert e.steps[-2].text_en.startswith(
            "Note: counted over provisional days off with no official notice yet "
            "(04/02/2027–10/02/2027)")
        assert e.text_vi.endswith(f"{NOTE_VI}; → 12/02/2027")
        # The skipped days are named as expected, with their basis.
        assert ("04–10/02 (Nghỉ lễ, Tết, dự kiến theo Bộ luật Lao động 2019, Điều 112 — "
                "chưa có thông báo chính thức)") in e.text_vi

    def test_confirmed_year_has_no_note(self) -> None:
        """Over Tết 2026 (TB 9441/TB-BNV): 5 working days from Fri 13/02/2026 are 23–27/02."""
        e = WorkingDays(n=5).explain(D(2026, 2, 13), vietnam_calendar())
        assert D(2026, 2, 27) == e.due
        assert "Lưu ý" not in e.text_vi
        assert "dự kiến" not in e.text_vi

    def test_fixed_date_and_period_rules(self) -> None:
        """Any rule whose span (anchor, due] holds provisional days carries the note."""
        cal = vietnam_calendar()
        # "trước ngày 15/02/2027" assigned 20/01/2027: (20/01, 15/02] holds Tết.
        assert NOTE_VI in FixedDate(date=D(2027, 2, 15)).explain(D(2027, 1, 20), cal).text_vi
        # "trong tháng 2/2027" assigned 01/02/2027: due 28/02/2027.
        e = EndOfPeriod(kind="month", index=2, year=2027).explain(D(2027, 2, 1), cal)
        assert (D(2027, 2, 28), True) == (e.due, NOTE_VI in e.text_vi)
        # 10 days from 20/03/2027 end 30/03/2027: no provisional day in between.
        e = CalendarPeriod(n=10).explain(D(2027, 3, 20), cal)
        assert (D(2027, 3, 30), False) == (e.due, "Lưu ý" in e.text_vi)


class TestAssignTaskWarns:
    def _store(self) -> MemoryStore:
        s = MemoryStore()
        register_unit(s, Unit(code="UBND", name="Ủy ban nhân dân tỉnh",
                              kind=UnitKind.PROVINCIAL_COMMITTEE))
        register_unit(s, Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
        register_directive(s, Directive(id="KH1", issuer="UBND", issue_date=D(2027, 1, 25),
                                        summary="Kế hoạch năm 2027"))
        return s

    def test_warns_once_per_calendar(self) -> None:
        """A due date counted over Tết 2027 warns; a second one on the same calendar not."""
        store, cal = self._store(), _fresh_calendar("warn-once")

        def clock() -> datetime:
            return datetime(2027, 1, 29, 9, tzinfo=VN_TZ)

        with pytest.warns(ProvisionalCalendarWarning, match="2027"):
            a = assign_task(store, cal, directive_id="KH1", task_id="T1", content="Việc một",
                            lead_unit="SNV", deadline="trong 5 ngày làm việc",
                            anchor=D(2027, 1, 29), actor="vanthu", clock=clock)
        assert D(2027, 2, 12) == a.task.due_date
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assign_task(store, cal, directive_id="KH1", task_id="T2", content="Việc hai",
                        lead_unit="SNV", deadline="trong 6 ngày làm việc",
                        anchor=D(2027, 1, 29), actor="vanthu", clock=clock)

    def test_no_warning_outside_provisional_days(self) -> None:
        """5 working days from 01/03/2027 (08/03) cross no provisional day: no warning."""
        store, cal = self._store(), _fresh_calendar("no-warn")

        def clock() -> datetime:
            return datetime(2027, 3, 1, 9, tzinfo=VN_TZ)

        with warnings.catch_warnings():
            warnings.simplefilter("error")
            a = assign_task(store, cal, directive_id="KH1", task_id="T1", content="Việc một",
                            lead_unit="SNV", deadline="trong 5 ngày làm việc",
                            anchor=D(2027, 3, 1), actor="vanthu", clock=clock)
        assert D(2027, 3, 8) == a.task.due_date


def _at(d: date, hour: int = 9) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=VN_TZ)


class TestPauseAndApprovedDates:
    """The issue's scenario: due Fri 27/02/2026, paused 11/02–25/02/2026, an extension to
    Fri 06/03/2026 approved during the pause (20/02)."""

    TASK = Task(id="T1", directive_id="D1", content="Rà soát", lead_unit="SNV",
                deadline=FixedDate(date=D(2026, 2, 27)), anchor=D(2026, 2, 2),
                due_date=D(2026, 2, 27), assigned_on=D(2026, 2, 2))

    def _log(self, approved_on: date) -> list[object]:
        return [
            TaskAssigned(task_id="T1", at=_at(D(2026, 2, 2)), actor="vanthu"),
            TaskPaused(task_id="T1", at=_at(D(2026, 2, 11)), actor="sonv",
                       reason="Chờ ý kiến Bộ"),
            ExtensionRequested(task_id="T1", at=_at(D(2026, 2, 11), 10), actor="sonv",
                               requested_due=D(2026, 3, 6), reason="Chờ ý kiến Bộ"),
            ExtensionApproved(task_id="T1", at=_at(approved_on, 11), actor="lanhdao",
                              decider="Chủ tịch UBND tỉnh",
                              new_due=D(2026, 3, 6)),
            TaskResumed(task_id="T1", at=_at(D(2026, 2, 25), 15), actor="sonv"),
        ]

    def test_default_credits_the_pause(self) -> None:
        """0.1 behaviour (default): (11/02, 25/02] = 12, 13, 23, 24, 25/02 (Tết 14–22/02)
        = 5 working days; 5 after Fri 06/03 → Fri 13/03/2026."""
        state = replay(self.TASK, self._log(D(2026, 2, 12)), calendar=vietnam_calendar())
        assert (D(2026, 3, 13), 5) == (state.current_due, state.paused_working_days)

    def test_approved_during_the_pause_stays(self) -> None:
        """pause_extends_decided_due=False: the date approved on 12/02, during the pause,
        stays 06/03/2026; the pause is recorded (5 working days) but not credited."""
        policy = LifecyclePolicy(pause_extends_decided_due=False)
        state = replay(self.TASK, self._log(D(2026, 2, 12)), calendar=vietnam_calendar(),
                       policy=policy)
        assert (D(2026, 3, 6), 0) == (state.current_due, state.paused_working_days)
        assert (5, False) == (state.pauses[0].working_days, state.pauses[0].credited)

    def test_directive_date_still_moves(self) -> None:
        """With the option off, a pause still moves the directive's own date: paused
        11/02–25/02, 5 working days after Fri 27/02 → Fri 06/03/2026."""
        policy = LifecyclePolicy(pause_extends_decided_due=False)
        log = [self._log(D(2026, 2, 12))[i] for i in (0, 1, 4)]
        state = replay(self.TASK, log, calendar=vietnam_calendar(), policy=policy)
        assert D(2026, 3, 6) == state.current_due
