# SPDX-License-Identifier: MIT
"""
The end of a periodic duty stored on the task (issue 13, item 2): "…, đến hết năm 2026"
on memory, SQLite and PostgreSQL.

Calendar facts used: 20/10/2026 is a Tuesday, 20/11/2026 a Friday, 20/12/2026 a Sunday
(a named calendar day: it stays as named), 20/01/2027 a Wednesday.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directive_tracker import services
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import Recurring
from directive_tracker.status import StatusKind
from directive_tracker.storage import Store

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def clock_at(y: int, m: int, d: int, hh: int = 16) -> Callable[[], datetime]:
    return lambda: datetime(y, m, d, hh, tzinfo=VN)


@pytest.fixture
def cal() -> Any:
    return vietnam_calendar()


def seed(store: Store, cal: Any, build: Any) -> None:
    """A monthly report by the 20th, assigned 16/10/2026, "đến hết năm 2026"."""
    store.add_unit(build.unit())
    store.add_directive(build.directive())
    got = services.assign_task(
        store, cal, directive_id="D1", task_id="BC1", content="Báo cáo tình hình",
        lead_unit="SNV", deadline="trước ngày 20 hằng tháng, đến hết năm 2026",
        anchor=date(2026, 10, 16), actor="vanthu", clock=clock_at(2026, 10, 16, 9))
    assert got.task.deadline == Recurring(freq="monthly", day=20, until=date(2026, 12, 31))
    assert got.task.due_date == date(2026, 10, 20)


def test_series_stops_at_its_end(store: Store, cal: Any, build: Any) -> None:
    seed(store, cal, build)
    # The stored rule keeps its end (read back from the store).
    assert store.get_task("BC1").deadline.until == date(2026, 12, 31)  # type: ignore[attr-defined]
    services.complete_task(store, cal, "BC1", actor="snv", occurrence="2026-10",
                           clock=clock_at(2026, 10, 19))
    view = services.series_status(store, cal, "BC1", as_of=date(2027, 1, 15))
    # Named days 20/10, 20/11, 20/12/2026; 20/01/2027 is after 31/12/2026: no January.
    assert [(i.occurrence.key, i.occurrence.due, i.status.kind) for i in view.items] == [
        ("2026-10", date(2026, 10, 20), StatusKind.COMPLETED_ON_TIME),
        ("2026-11", date(2026, 11, 20), StatusKind.OVERDUE),
        ("2026-12", date(2026, 12, 20), StatusKind.OVERDUE)]
    assert (view.end, view.ended) == (date(2026, 12, 31), True)
    # 1 on time of 3 judged.
    assert (view.judged, view.on_time) == (3, 1)
    # Before the end: on 03/12/2026 the series runs, December is the next one.
    early = services.series_status(store, cal, "BC1", as_of=date(2026, 12, 3))
    assert [i.occurrence.key for i in early.items] == ["2026-10", "2026-11", "2026-12"]
    assert early.ended is False


def test_reports_and_reminders_stop_at_the_end(store: Store, cal: Any, build: Any) -> None:
    from directive_tracker.reminders import ReminderPolicy, reminders_due
    from directive_tracker.reports import summary
    from directive_tracker.status import ReportGroup

    seed(store, cal, build)
    day = date(2027, 1, 15)
    # As of 15/01/2027: October, November, December (all overdue, none done); no
    # January 2027 occurrence (an open series would list it as the next one, due 20/01).
    s = summary(store, cal, as_of=day, today=day)
    assert (s.count(ReportGroup.NOT_COMPLETED_OVERDUE), s.total) == (3, 3)
    policy = ReminderPolicy(before_due=(3,), on_due=True, overdue_every=3, escalation=())
    due = reminders_due(store, cal, as_of=day, reminder_policy=policy)
    assert sorted({r.occurrence for r in due}) == ["2026-10", "2026-11", "2026-12"]
    # Due 20/01/2027 with a reminder 3 working days before (15/01): none, it does not exist.
    assert not [r for r in due if r.occurrence == "2027-01"]
