# SPDX-License-Identifier: MIT
"""
Decision dates: the calendar as known on a date, and past statuses that never change.

The scenario of issue 15 (October 2026 has no public holiday; 12/10/2026 is a Monday):

* "trong 5 ngày làm việc" assigned Mon 12/10: 13, 14, 15, 16 (4), 19 (5) -> due Mon 19/10.
* On Tue 13/10: remaining = working days in (13/10, 19/10] = 14, 15, 16, 19 = 4
  -> "Đang thực hiện trong hạn" (more than the 3-day due-soon window).
* On Wed 14/10 the province closes Thu 15/10 (typhoon), decided that day.  Counted again
  from 12/10: 13, 14, 16, 19, 20 -> due Tue 20/10 (one working day later).
* Asked again for 13/10 after the change: the closure was not known on 13/10, so still
  4 working days left, "Đang thực hiện trong hạn", due 19/10.
* Asked for 16/10: due 20/10; remaining = (16/10, 20/10] = 19, 20 = 2 -> "Sắp đến hạn".
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directive_tracker.calendar_changes import apply_calendar_change
from directive_tracker.calendars import DayKind, DayOverride, vietnam_calendar
from directive_tracker.directives import Directive
from directive_tracker.services import (
    assign_task,
    register_directive,
    register_unit,
    statuses,
    task_status,
)
from directive_tracker.status import StatusKind
from directive_tracker.storage.base import Store
from directive_tracker.units import Unit, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = vietnam_calendar()
CLOSURE = DayOverride(date=date(2026, 10, 15), working=False,
                      reason_vi="Nghỉ làm việc tránh bão", reason_en="Typhoon closure",
                      source="CĐ 07/CĐ-UBND ngày 14/10/2026", decided_on=date(2026, 10, 14))
TYPHOON = CAL.with_overrides(CLOSURE)


def clock_at(d: date, hour: int = 9) -> Any:
    """Return a clock fixed at *d* *hour*:00 in Vietnam."""
    return lambda: datetime(d.year, d.month, d.day, hour, tzinfo=VN)


def _setup(store: Store) -> None:
    register_unit(store, Unit(code="SXD", name="Sở Xây dựng", kind=UnitKind.DEPARTMENT))
    register_directive(store, Directive(id="CT1", issuer="UBND", issue_date=date(2026, 10, 12),
                                        summary="Chỉ thị phòng chống bão"))
    task = assign_task(store, CAL, directive_id="CT1", task_id="T1",
                       content="Kiểm tra an toàn công trình", lead_unit="SXD",
                       deadline="trong 5 ngày làm việc", actor="vanthu",
                       clock=clock_at(date(2026, 10, 12))).task
    assert date(2026, 10, 19) == task.due_date


class TestIssueScenario:
    """A typhoon closure decided on 14/10 does not rewrite the status of 13/10."""

    def test_past_status_unchanged_on_every_store(self, store: Store) -> None:
        """13/10: in progress, 4 days left, before and after the change; 16/10: due 20/10."""
        _setup(store)
        before = task_status(store, CAL, "T1", as_of=date(2026, 10, 13))
        apply_calendar_change(store, CAL, TYPHOON, actor="vp_ubnd", reason="Bão",
                              document=CLOSURE.source, clock=clock_at(date(2026, 10, 14), 10))
        after = task_status(store, TYPHOON, "T1", as_of=date(2026, 10, 13))
        later = task_status(store, TYPHOON, "T1", as_of=date(2026, 10, 16))
        expected = [(StatusKind.IN_PROGRESS, date(2026, 10, 19), 4),
                    (StatusKind.IN_PROGRESS, date(2026, 10, 19), 4),
                    (StatusKind.DUE_SOON, date(2026, 10, 20), 2)]
        assert expected == [(s.kind, s.current_due, s.working_days_remaining)
                            for s in (before, after, later)]
        assert "Đang thực hiện trong hạn" == after.label_vi

    def test_statuses_list_uses_the_calendar_known_then(self, store: Store) -> None:
        """The bulk query (reports' source) agrees with the single-task one."""
        _setup(store)
        apply_calendar_change(store, CAL, TYPHOON, actor="vp_ubnd", reason="Bão",
                              document=CLOSURE.source, clock=clock_at(date(2026, 10, 14), 10))
        [st] = statuses(store, TYPHOON, as_of=date(2026, 10, 13))
        assert (StatusKind.IN_PROGRESS, 4) == (st.kind, st.working_days_remaining)


class TestAsKnownOn:
    """as_known_on leaves out what was decided later, and is cheap."""

    def test_override_before_and_after_decision(self) -> None:
        """Thu 15/10 is a working day as known on 13/10, a closure from 14/10."""
        got = [TYPHOON.as_known_on(d).day_info(date(2026, 10, 15)).kind
               for d in (date(2026, 10, 13), date(2026, 10, 14), date(2026, 12, 1))]
        assert [DayKind.WORKING, DayKind.EXTRA_DAY_OFF, DayKind.EXTRA_DAY_OFF] == got

    def test_new_year_2026_swap_known_from_its_letter(self) -> None:
        """CV 12729/VPCP-KGVX of 25/12/2025: Fri 02/01/2026 off, Sat 10/01/2026 worked."""
        got = [(CAL.as_known_on(d).is_working_day(date(2026, 1, 2)),
                CAL.as_known_on(d).is_working_day(date(2026, 1, 10)))
               for d in (date(2025, 12, 24), date(2025, 12, 25))]
        assert [(True, False), (False, True)] == got

    def test_override_without_decision_date_is_always_known(self) -> None:
        """decided_on=None: part of the calendar as known on any date."""
        o = DayOverride(date=date(2026, 10, 16), working=False, reason_vi="Nghỉ",
                        source="QĐ 1/QĐ-UBND")
        assert not CAL.with_overrides(o).as_known_on(date(2000, 1, 1)).is_working_day(
            date(2026, 10, 16))

    def test_cached_and_self_when_all_known(self) -> None:
        """Every as-of date after the last decision gives the calendar itself; two dates
        between the same decisions give one cached instance."""
        assert TYPHOON.as_known_on(date(2026, 12, 3)) is TYPHOON
        assert TYPHOON.as_known_on(date(2026, 10, 1)) is TYPHOON.as_known_on(
            date(2026, 10, 13))

    def test_known_on_and_repr(self) -> None:
        """The derived calendar says what it knows."""
        past = TYPHOON.as_known_on(date(2026, 10, 13))
        # The last decision on or before 13/10/2026 in the data is 25/12/2025 (CV 12729).
        assert (date(2025, 12, 25), None) == (past.known_on, TYPHOON.known_on)
        assert "known_on='2025-12-25'" in repr(past)

    def test_bad_type(self) -> None:
        """A datetime is refused."""
        from directive_tracker.exceptions import InvalidTypeError

        with pytest.raises(InvalidTypeError):
            CAL.as_known_on(datetime(2026, 1, 1, tzinfo=VN))  # type: ignore[arg-type]


def test_pickle_keeps_knowledge_and_notices() -> None:
    """A calendar as known on a date pickles back to the same cached instance."""
    import pickle

    past = TYPHOON.as_known_on(date(2026, 10, 13))
    back = pickle.loads(pickle.dumps(past))
    assert back is past
    assert back.is_working_day(date(2026, 10, 15))


class TestAgainstRebuiltCalendar:
    """as_known_on(d) equals a calendar built from only the overrides decided by d."""

    @staticmethod
    def _override(day: int, decided: int | None) -> DayOverride:
        return DayOverride(date=date(2026, 10, day), working=False, reason_vi="Nghỉ",
                           source=f"QĐ {day}/QĐ-UBND",
                           decided_on=None if decided is None else date(2026, 9, decided))

    def test_random_override_sets(self) -> None:
        """Seed 151, 300 cases: closures in October 2026 decided on random September days
        (or undated); for a random as-of day in September the two calendars agree on every
        day of October and on counting 10 working days from 30/09."""
        import random

        rng = random.Random(151)
        mismatches = []
        for _ in range(300):
            overrides = [self._override(rng.randint(1, 31), rng.choice([None, *range(1, 31)]))
                         for _ in range(rng.randint(1, 5))]
            d = date(2026, 9, rng.randint(1, 30))
            got = CAL.with_overrides(*overrides).as_known_on(d)
            known = [o for o in overrides if o.decided_on is None or o.decided_on <= d]
            expected = vietnam_calendar(overrides=known)
            october = [date(2026, 10, k) for k in range(1, 32)]
            if ([got.is_working_day(x) for x in october]
                    != [expected.is_working_day(x) for x in october]
                    or got.add_working_days(date(2026, 9, 30), 10)
                    != expected.add_working_days(date(2026, 9, 30), 10)):
                mismatches.append((d, overrides))
        assert [] == mismatches


def test_summary_report_of_a_past_day_is_unchanged(store: Store) -> None:
    """The official 4-way summary as of 13/10 counts T1 "chưa hoàn thành trong hạn"
    before and after the closure is applied (as in the scenario above)."""
    from directive_tracker.reports import summary

    _setup(store)
    before = summary(store, CAL, as_of=date(2026, 10, 13))
    apply_calendar_change(store, CAL, TYPHOON, actor="vp_ubnd", reason="Bão",
                          document=CLOSURE.source, clock=clock_at(date(2026, 10, 14), 10))
    after = summary(store, TYPHOON, as_of=date(2026, 10, 13))
    assert before == after



class TestReplayUsesTheCalendarAsKnown:
    """lifecycle.replay(as_of=D) counts with the calendar as known on D (one place for
    every use case that replays a log: statuses, reminders, reports)."""

    def test_pause_credit_follows_the_calendar_as_known(self) -> None:
        from directive_tracker.deadlines import FixedDate
        from directive_tracker.events import TaskAssigned, TaskPaused, TaskResumed
        from directive_tracker.lifecycle import replay
        from directive_tracker.tasks import Task

        vn = ZoneInfo("Asia/Ho_Chi_Minh")
        task = Task(id="T1", directive_id="KH1", content="Rà soát", lead_unit="SNV",
                    deadline=FixedDate(date=date(2026, 10, 30)), anchor=date(2026, 10, 1),
                    due_date=date(2026, 10, 30), assigned_on=date(2026, 10, 1))
        # Paused Mon 12/10, resumed Mon 19/10/2026: the pause covers the working days
        # 12, 13, 14, 15, 16/10 (the resume day is not counted) = 5, so the due date
        # Fri 30/10 moves 5 working days to Fri 06/11/2026.  A closure of Thu 15/10
        # recognised only on 21/10 makes it 4 days, i.e. Thu 05/11 -- from 21/10 on.
        late = DayOverride(date=date(2026, 10, 15), working=False, reason_vi="Bão số 12",
                           reason_en="Typhoon 12",
                           source="QĐ 99/QĐ-UBND ngày 21/10/2026",
                           decided_on=date(2026, 10, 21))
        log = [TaskAssigned(task_id="T1", at=datetime(2026, 10, 1, 9, tzinfo=vn), actor="vt"),
               TaskPaused(task_id="T1", at=datetime(2026, 10, 12, 9, tzinfo=vn), actor="snv",
                          reason="Chờ ý kiến"),
               TaskResumed(task_id="T1", at=datetime(2026, 10, 19, 9, tzinfo=vn),
                           actor="snv")]
        cal = vietnam_calendar().with_overrides(late)
        assert date(2026, 11, 6) == replay(task, log, calendar=cal,
                                           as_of=date(2026, 10, 20)).current_due
        assert date(2026, 11, 5) == replay(task, log, calendar=cal,
                                           as_of=date(2026, 10, 21)).current_due
