# SPDX-License-Identifier: MIT
"""
The call shapes of reminders_due and manual_reminder: the 0.2 order (store, calendar, *,
as_of, reminder_policy) and the deprecated 0.1 order, which must give the same result.

Task T1 (SNV) is due Fri 08/05/2026.  Five working days before it: 07, 06, 05, 04/05
(4), then 01/05 and 30/04 are public holidays, so the 5th is Wed 29/04/2026; two working
days before: 06/05.  On 06/05 one reminder, slot "before_due:2", is due.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import FixedDate
from directive_tracker.directives import Directive
from directive_tracker.events import TaskAssigned
from directive_tracker.exceptions import DirectiveTrackerDeprecationWarning, InvalidTypeError
from directive_tracker.notifiers import RecipientLevel
from directive_tracker.reminders import ReminderPolicy, manual_reminder, reminders_due
from directive_tracker.storage.memory import MemoryStore
from directive_tracker.tasks import Task
from directive_tracker.units import Unit, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2026, 5, 6)
CAL = vietnam_calendar()


@pytest.fixture
def store() -> MemoryStore:
    s = MemoryStore()
    s.add_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
    s.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 3, 30),
                              summary="Cải cách hành chính"))
    t = Task(id="T1", directive_id="D1", content="Rà soát thủ tục hành chính",
             lead_unit="SNV", deadline=FixedDate(date=date(2026, 5, 8)),
             anchor=date(2026, 4, 1), due_date=date(2026, 5, 8), assigned_on=date(2026, 4, 1))
    s.add_task(t, [TaskAssigned(task_id="T1", at=datetime(2026, 4, 1, 9, tzinfo=VN),
                                actor="chuyenvien")])
    return s


class TestRemindersDue:
    def test_new_order_does_not_warn(self, store: MemoryStore) -> None:
        """(store, calendar, *, as_of) gives the 06/05 reminder, without a warning."""
        assert ["before_due:2"] == [r.slot for r in reminders_due(store, CAL, as_of=DAY)]
        assert ["before_due:2"] == [r.slot for r in reminders_due(store, as_of=DAY)]
        assert ["before_due:2"] == [r.slot for r in reminders_due(
            store, calendar=CAL, as_of=DAY, reminder_policy=ReminderPolicy())]

    def test_reminder_policy_is_used(self, store: MemoryStore) -> None:
        """With a policy reminding only 3 working days before (07, 06, 05 -> Tue 05/05),
        the latest slot on 06/05 is "before_due:3", caught up a day late."""
        got = reminders_due(store, CAL, as_of=DAY,
                            reminder_policy=ReminderPolicy(before_due=(3,)))
        assert ["before_due:3"] == [r.slot for r in got]

    @pytest.mark.parametrize("call", [
        lambda s: reminders_due(s, DAY),  # type: ignore[arg-type]
        lambda s: reminders_due(s, DAY, ReminderPolicy(), CAL),  # type: ignore[arg-type]
        lambda s: reminders_due(s, DAY, calendar=CAL),  # type: ignore[arg-type]
        lambda s: reminders_due(s, CAL, as_of=DAY, policy=ReminderPolicy()),
    ])
    def test_old_forms_warn_and_agree(self, store: MemoryStore, call: object) -> None:
        """The 0.1 order and the policy= keyword warn, and return the same reminders."""
        with pytest.warns(DirectiveTrackerDeprecationWarning, match="0.2.0"):
            got = call(store)  # type: ignore[operator]
        assert reminders_due(store, CAL, as_of=DAY) == got

    def test_conflicting_arguments(self, store: MemoryStore) -> None:
        """The same argument twice is a TypeError."""
        with pytest.raises(TypeError, match="calendar"):
            reminders_due(store, CAL, calendar=CAL, as_of=DAY)
        with (pytest.raises(TypeError, match="reminder_policy"),
              pytest.warns(DirectiveTrackerDeprecationWarning)):
            reminders_due(store, CAL, as_of=DAY, policy=ReminderPolicy(),
                          reminder_policy=ReminderPolicy())

    def test_missing_as_of(self, store: MemoryStore) -> None:
        """as_of is required."""
        with pytest.raises(InvalidTypeError, match="as_of"):
            reminders_due(store, CAL)


class TestManualReminder:
    def test_new_order(self, store: MemoryStore) -> None:
        """(store, calendar, task_id, *, as_of): 2 working days left on 06/05."""
        r = manual_reminder(store, CAL, "T1", as_of=DAY, level=RecipientLevel.UNIT_HEAD)
        assert ("SNV", "manual", "unit_head") == (r.recipient, r.slot, r.level.value)
        assert "còn 2 ngày làm việc" in r.message_vi

    def test_old_order_warns_and_agrees(self, store: MemoryStore) -> None:
        """(store, task_id, as_of, policy, calendar) still works, with a warning."""
        new = manual_reminder(store, CAL, "T1", as_of=DAY)
        with pytest.warns(DirectiveTrackerDeprecationWarning, match="manual_reminder"):
            old = manual_reminder(store, "T1", DAY, ReminderPolicy(), CAL)  # type: ignore[arg-type]
        assert new == old


class TestLifecyclePolicyKeyword:
    """`policy` meant a LifecyclePolicy in the services and a ReminderPolicy in the
    reminders; the services now call it `lifecycle_policy` and accept the old keyword."""

    def test_old_keyword_warns_and_is_used(self, store: MemoryStore) -> None:
        """policy= still reaches the lifecycle (a bad value is refused by its new name)."""
        from directive_tracker.lifecycle import LifecyclePolicy
        from directive_tracker.services import task_state

        new = task_state(store, CAL, "T1", lifecycle_policy=LifecyclePolicy())
        with pytest.warns(DirectiveTrackerDeprecationWarning, match="lifecycle_policy"):
            old = task_state(store, CAL, "T1", policy=LifecyclePolicy())
        assert new == old
        with (pytest.raises(InvalidTypeError, match="lifecycle_policy"),
              pytest.warns(DirectiveTrackerDeprecationWarning)):
            task_state(store, CAL, "T1", policy="strict")

    def test_both_keywords(self, store: MemoryStore) -> None:
        """The new keyword and its old alias together are a TypeError."""
        from directive_tracker.services import task_state

        with pytest.raises(TypeError, match="deprecated alias"):
            task_state(store, CAL, "T1", policy=None, lifecycle_policy=None)
