# SPDX-License-Identifier: MIT
"""
A one-off task turned periodic, and a periodic duty turned one-off, by a change of terms
(issue 13, item 2 "change of rule from a date"), on memory, SQLite and PostgreSQL.

The semantics (:class:`directive_tracker.occurrences.OneOff`): the rule in force on an
occurrence's named day decides it.

* One-off turned periodic on day C: the one-off duty is the series' first occurrence
  (key: its due date, "2026-01-30") when due before C; the new rule's occurrences are
  those named on or after C.  Events recorded without a key before C are the one-off's.
* Periodic turned one-off on day C: the occurrences named before C stay, each judged on
  its own; the series ends with the one-off duty (key: its due date), to which the events
  recorded without a key from C on belong.

Calendar facts used (2026): 01/01 is a Thursday, so 05/01 is a Monday, 30/01 a Friday,
02/02 a Monday, 03/02 a Tuesday, 04/02 a Wednesday, 12/02 a Thursday, 20/02 a Friday (in
the Tết break Sat 14/02 - Sun 22/02/2026, working days off Mon 16 - Fri 20/02), 23/02 a
Monday, 24/02 a Tuesday, 25/02 a Wednesday, 05/03 a Thursday, 20/03 a Friday, 27/03 a
Friday, 30/03 a Monday, 31/03 a Tuesday; no public holiday in March 2026.  Working days
late are counted in the half-open interval (due, day].
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest

from directive_tracker import services
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import FixedDate, Recurring
from directive_tracker.occurrences import is_periodic
from directive_tracker.status import StatusKind
from directive_tracker.storage import Store

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def clock_at(y: int, m: int, d: int, hh: int = 16) -> Callable[[], datetime]:
    return lambda: datetime(y, m, d, hh, tzinfo=VN)


@pytest.fixture
def cal() -> Any:
    return vietnam_calendar()


def rows(store: Store, cal: Any, as_of: date) -> list[tuple[str, date, StatusKind, int]]:
    view = services.series_status(store, cal, "T1", as_of=as_of)
    return [(i.occurrence.key, i.occurrence.due, i.status.kind, i.status.working_days_late)
            for i in view.items]


def one_off_turned_monthly(store: Store, cal: Any, build: Any) -> None:
    """A report due Fri 30/01/2026, sent late on Tue 03/02; from Wed 04/02 the unit
    reports "trước ngày 20 hằng tháng"; February's report sent Thu 12/02."""
    store.add_unit(build.unit())
    store.add_directive(build.directive())
    services.assign_task(store, cal, directive_id="D1", task_id="T1",
                         content="Báo cáo tình hình thực hiện", lead_unit="SNV",
                         deadline="trước ngày 30/01/2026", actor="vanthu",
                         clock=clock_at(2026, 1, 5, 9))
    services.complete_task(store, cal, "T1", actor="snv", clock=clock_at(2026, 2, 3))
    store.change_terms(attrs.evolve(store.get_task("T1"),
                                    deadline=Recurring(freq="monthly", day=20),
                                    due_date=date(2026, 2, 20)),
                       actor="vanthu", reason="Chuyển thành báo cáo định kỳ hằng tháng",
                       at=datetime(2026, 2, 4, 9, tzinfo=VN))
    services.complete_task(store, cal, "T1", actor="snv", occurrence="2026-02",
                           clock=clock_at(2026, 2, 12))


def test_one_off_turned_periodic(store: Store, cal: Any, build: Any) -> None:
    one_off_turned_monthly(store, cal, build)
    assert is_periodic(store.get_task("T1"))
    assert rows(store, cal, date(2026, 3, 5)) == [
        # The one-off duty, due 30/01 (before the change on 04/02), sent 03/02:
        # (30/01, 03/02] = Sat 31/01, Sun 01/02, Mon 02/02, Tue 03/02 = 2 working days.
        ("2026-01-30", date(2026, 1, 30), StatusKind.COMPLETED_LATE, 2),
        # From 04/02 the 20th of each month: February named Fri 20/02 (stays as named,
        # in the Tết break), sent 12/02: on time.  January's 20th (20/01) is before the
        # change: no occurrence under the new rule.
        ("2026-02", date(2026, 2, 20), StatusKind.COMPLETED_ON_TIME, 0),
        # March, the next one: Fri 20/03.
        ("2026-03", date(2026, 3, 20), StatusKind.IN_PROGRESS, 0)]
    # Before the change (as of Tue 03/02) the task is the one-off duty alone.
    assert rows(store, cal, date(2026, 2, 3)) == [
        ("2026-01-30", date(2026, 1, 30), StatusKind.COMPLETED_LATE, 2)]


def test_one_off_turned_periodic_is_counted_per_occurrence(store: Store, cal: Any,
                                                          build: Any) -> None:
    from directive_tracker.reports import scoreboard

    one_off_turned_monthly(store, cal, build)
    # As of Tue 03/02, before the change: one task, completed late.
    before = scoreboard(store, cal, as_of=date(2026, 2, 3), today=date(2026, 2, 3)).row("SNV")
    assert (before.assigned, before.completed_late) == (1, 1)
    # As of Thu 05/03, after it: the one-off (late), February (on time) and March (the
    # next one, in progress on time) = 3.
    after = scoreboard(store, cal, as_of=date(2026, 3, 5), today=date(2026, 3, 5)).row("SNV")
    assert (after.assigned, after.completed_late, after.completed_on_time,
            after.in_progress_on_time) == (3, 1, 1, 1)


def monthly_turned_one_off(store: Store, cal: Any, build: Any) -> None:
    """A duty "trước ngày 20 hằng tháng" assigned Mon 05/01/2026, January's report sent
    Thu 15/01; on Wed 25/02 it is turned into one final report due Tue 31/03/2026, sent
    (without an occurrence key: the task is a one-off again) on Fri 27/03."""
    store.add_unit(build.unit())
    store.add_directive(build.directive())
    services.assign_task(store, cal, directive_id="D1", task_id="T1",
                         content="Báo cáo tình hình thực hiện", lead_unit="SNV",
                         deadline="trước ngày 20 hằng tháng", actor="vanthu",
                         clock=clock_at(2026, 1, 5, 9))
    services.complete_task(store, cal, "T1", actor="snv", occurrence="2026-01",
                           clock=clock_at(2026, 1, 15))
    services.change_task_terms(store, cal, "T1", actor="vanthu",
                               reason="Thay bằng một báo cáo tổng kết",
                               deadline=FixedDate(date=date(2026, 3, 31)),
                               clock=clock_at(2026, 2, 25, 9))
    services.complete_task(store, cal, "T1", actor="snv", clock=clock_at(2026, 3, 27))


def test_periodic_turned_one_off(store: Store, cal: Any, build: Any) -> None:
    monthly_turned_one_off(store, cal, build)
    task = store.get_task("T1")
    assert task.deadline == FixedDate(date=date(2026, 3, 31))
    # The stored task alone is a one-off; with its log it is still a series.
    assert not is_periodic(task)
    assert is_periodic(task, store.get_events("T1"))
    assert rows(store, cal, date(2026, 3, 30)) == [
        # January: due Tue 20/01, sent 15/01.
        ("2026-01", date(2026, 1, 20), StatusKind.COMPLETED_ON_TIME, 0),
        # February: named Fri 20/02, before the change on 25/02: it stays, not sent.
        # (20/02, 30/03]: Mon 23 - Fri 27/02 = 5, March 02-06, 09-13, 16-20, 23-27 = 20,
        # Mon 30/03 = 1: 26 working days late.
        ("2026-02", date(2026, 2, 20), StatusKind.OVERDUE, 26),
        # The remaining duty, due Tue 31/03, sent 27/03: on time.  No March occurrence
        # of the monthly rule (named 20/03, after the change).
        ("2026-03-31", date(2026, 3, 31), StatusKind.COMPLETED_ON_TIME, 0)]
    # Before the change (as of Tue 24/02): the monthly series, March the next one.
    # February: (20/02, 24/02] = Mon 23, Tue 24 = 2 working days late.
    assert rows(store, cal, date(2026, 2, 24)) == [
        ("2026-01", date(2026, 1, 20), StatusKind.COMPLETED_ON_TIME, 0),
        ("2026-02", date(2026, 2, 20), StatusKind.OVERDUE, 2),
        ("2026-03", date(2026, 3, 20), StatusKind.IN_PROGRESS, 0)]


def test_periodic_turned_one_off_is_counted_per_occurrence(store: Store, cal: Any,
                                                          build: Any) -> None:
    from directive_tracker.reports import scoreboard

    monthly_turned_one_off(store, cal, build)
    # As of Tue 24/02, before the change: January (on time), February (overdue), March
    # (the next one, in progress on time).
    before = scoreboard(store, cal, as_of=date(2026, 2, 24),
                        today=date(2026, 2, 24)).row("SNV")
    assert (before.assigned, before.completed_on_time, before.overdue,
            before.in_progress_on_time) == (3, 1, 1, 1)
    # As of Mon 30/03, after it: January (on time), February (overdue), the one-off
    # (on time): still 3, now 2 on time.
    after = scoreboard(store, cal, as_of=date(2026, 3, 30), today=date(2026, 3, 30)).row("SNV")
    assert (after.assigned, after.completed_on_time, after.overdue) == (3, 2, 1)


def test_turned_series_round_trip_export(store: Store, other_store: Store, cal: Any,
                                         build: Any) -> None:
    monthly_turned_one_off(store, cal, build)
    buf = io.StringIO()
    store.export_jsonl(buf)
    buf.seek(0)
    other_store.import_jsonl(buf)
    assert rows(other_store, cal, date(2026, 3, 30)) == rows(store, cal, date(2026, 3, 30))
