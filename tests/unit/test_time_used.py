# SPDX-License-Identifier: MIT
"""
Time-used warnings (peers.md Part A #14): ReminderPolicy.time_used_percents.

Hand-computed calendar for task T1, assigned Wed 01/04/2026 and due Fri 08/05/2026:
the working days after 01/04 are 02, 03 (2), 06-10 (7), 13-17 (12), 20-24 (17),
28, 29 (19; Mon 27/04 is the Hùng Kings substitute day off, 30/04 and 01/05 are
holidays), 04-08/05 (24).  So T = 24 working days allowed:

* 50 %: ceil(12) = 12 working days elapsed → Fri 17/04/2026, 12 working days left;
* 80 %: ceil(19.2) = 20 → Mon 04/05/2026, 4 working days left (05, 06, 07, 08);
* the usual slots: 5 working days before = Wed 29/04, 2 before = Wed 06/05.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import FixedDate
from directive_tracker.directives import Directive
from directive_tracker.events import TaskAssigned
from directive_tracker.exceptions import InvalidTypeError, ValidationError
from directive_tracker.notifiers import MemoryNotifier
from directive_tracker.reminders import (
    Reminder,
    ReminderPolicy,
    ReminderReason,
    _time_used_dates,
    reminders_due,
    send_reminders,
)
from directive_tracker.storage.base import Store
from directive_tracker.storage.memory import MemoryStore
from directive_tracker.storage.sqlite import SQLiteStore
from directive_tracker.tasks import Task
from directive_tracker.units import Unit, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ASSIGNED = date(2026, 4, 1)
DUE = date(2026, 5, 8)
POLICY = ReminderPolicy(time_used_percents=(80, 50))
CAL = vietnam_calendar()


def clock_at(d: date, hour: int = 8) -> Any:
    """Return a clock fixed at *d* *hour*:00 in Vietnam."""
    return lambda: datetime(d.year, d.month, d.day, hour, tzinfo=VN)


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A store with Sở Nội vụ and task T1 (01/04 → 08/05/2026)."""
    s: Store = MemoryStore() if request.param == "memory" else SQLiteStore(
        tmp_path / "time_used.db")
    s.add_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
    s.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 3, 30),
                              summary="Cải cách thủ tục hành chính năm 2026"))
    s.add_task(Task(id="T1", directive_id="D1", content="Rà soát thủ tục hành chính",
                    lead_unit="SNV", deadline=FixedDate(date=DUE), anchor=ASSIGNED,
                    due_date=DUE, assigned_on=ASSIGNED),
               [TaskAssigned(task_id="T1", at=datetime(2026, 4, 1, 9, tzinfo=VN),
                             actor="vanthu")])
    with s:
        yield s


def slots(reminders: list[Reminder]) -> list[tuple[str, str]]:
    """Return (slot, slot date) of each reminder."""
    return [(r.slot, r.slot_date.isoformat()) for r in reminders]


def send(store: Store, d: date, policy: ReminderPolicy = POLICY) -> list[tuple[str, str]]:
    """Compute and send the reminders of *d*; return their slots."""
    due = reminders_due(store, d, policy)
    send_reminders(store, due, MemoryNotifier(), clock=clock_at(d))
    return slots(due)


class TestPolicyField:
    def test_default_is_off(self) -> None:
        """Existing policies are unchanged: no thresholds."""
        assert () == ReminderPolicy().time_used_percents

    def test_sorted_and_unique(self) -> None:
        """Thresholds are stored ascending without duplicates."""
        assert (50, 80) == ReminderPolicy(time_used_percents=[80, 50, 50]).time_used_percents

    @pytest.mark.parametrize("bad", [(0,), (100,), (-5,)])
    def test_out_of_range(self, bad: tuple[int, ...]) -> None:
        """A share must be 1-99 percent."""
        with pytest.raises(ValidationError):
            ReminderPolicy(time_used_percents=bad)

    @pytest.mark.parametrize("bad", [50, "50", (True,), (50.0,)])
    def test_wrong_type(self, bad: Any) -> None:
        """Only a sequence of int is accepted."""
        with pytest.raises(InvalidTypeError):
            ReminderPolicy(time_used_percents=bad)


class TestSchedule:
    def test_default_policy_sends_nothing_at_half_time(self, store: Store) -> None:
        """Without thresholds nothing is due on 17/04."""
        assert [] == reminders_due(store, date(2026, 4, 17))

    def test_nothing_before_half_time(self, store: Store) -> None:
        """On 16/04 only 11 of 24 working days have elapsed."""
        assert [] == reminders_due(store, date(2026, 4, 16), POLICY)

    def test_half_time(self, store: Store) -> None:
        """On 17/04 half the time is used; 12 working days are left."""
        actual = reminders_due(store, date(2026, 4, 17), POLICY)
        assert [("time_used:50", "2026-04-17")] == slots(actual)
        r = actual[0]
        assert (ReminderReason.BEFORE_DUE, 12) == (r.reason, r.working_days_left)
        assert "[Đôn đốc] Nhiệm vụ T1: đã qua 50% thời hạn, còn 12 ngày làm việc" \
            == r.subject_vi
        assert "[Reminder] Task T1: 50% of the time used, 12 working day(s) left" \
            == r.subject_en
        assert "reminder:T1:SNV:lead_unit:2026-04-17:time_used:50:due=2026-05-08" == r.key

    def test_eighty_percent_after_five_days_before(self, store: Store) -> None:
        """On 04/05 the 80 % slot (04/05) is later than 'five days before' (29/04)."""
        actual = reminders_due(store, date(2026, 5, 4), POLICY)
        assert [("time_used:80", "2026-05-04")] == slots(actual)
        assert 4 == actual[0].working_days_left

    def test_whole_run_sends_each_warning_once(self, store: Store) -> None:
        """Day by day from 16/04 to 07/05: 50 %, 5 days before, 80 %, 2 days before,
        each once."""
        sent = []
        d = date(2026, 4, 16)
        while d <= date(2026, 5, 7):
            sent.extend(send(store, d))
            d += timedelta(days=1)
        assert [("time_used:50", "2026-04-17"), ("before_due:5", "2026-04-29"),
                ("time_used:80", "2026-05-04"), ("before_due:2", "2026-05-06")] == sent

    def test_second_run_same_day_sends_nothing(self, store: Store) -> None:
        """Idempotent through the outbox."""
        assert [("time_used:50", "2026-04-17")] == send(store, date(2026, 4, 17))
        assert [] == send(store, date(2026, 4, 17))
        assert [] == send(store, date(2026, 4, 20))

    def test_missed_days_caught_up_once(self, store: Store) -> None:
        """First run on 22/04: the 50 % slot of 17/04 is caught up once (9 left)."""
        actual = reminders_due(store, date(2026, 4, 22), POLICY)
        assert [("time_used:50", "2026-04-17")] == slots(actual)
        assert 9 == actual[0].working_days_left

    def test_short_deadline_has_no_threshold_slot(self) -> None:
        """One working day allowed (01/04 → 02/04): ceil(0.5) = 1 is the due date itself,
        so no warning slot."""
        assert [] == _time_used_dates(ASSIGNED, date(2026, 4, 2), (50,), CAL)

    def test_hand_computed_dates(self) -> None:
        """50 % → 17/04, 80 % → 04/05/2026 (module docstring)."""
        assert [(50, date(2026, 4, 17)), (80, date(2026, 5, 4))] == _time_used_dates(
            ASSIGNED, DUE, (50, 80), CAL)


@settings(max_examples=300, deadline=None)
@given(start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
       span=st.integers(min_value=1, max_value=120), p=st.integers(min_value=1, max_value=99))
def test_slot_is_first_day_with_share_used(start: date, span: int, p: int) -> None:
    """The slot is a working day by which at least p % of the working days have elapsed,
    and on the working day before it less than p % had."""
    due = CAL.add_working_days(start, span)
    total = CAL.working_days_between(start, due)
    got = _time_used_dates(start, due, (p,), CAL)
    if not got:
        assert p * total > 100 * (total - 1)
        return
    d = got[0][1]
    assert CAL.is_working_day(d)
    assert start < d < due
    elapsed = CAL.working_days_between(start, d)
    assert 100 * elapsed >= p * total
    assert 100 * (elapsed - 1) < p * total


# These tests call reminders_due / manual_reminder in their 0.1 argument order, which 0.2
# still accepts with a deprecation warning (the new order is tested in
# tests/unit/test_reminder_calls.py).
pytestmark = pytest.mark.filterwarnings(
    r"ignore:(reminders_due|manual_reminder)\W.*deprecated since 0\.2\.0"
    ":directive_tracker.exceptions.DirectiveTrackerDeprecationWarning")
