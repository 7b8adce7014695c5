# SPDX-License-Identifier: MIT
"""
A change of terms on a periodic duty (issue 13, item 2): ``Store.change_terms`` on a
task "trước ngày 20 hằng tháng" assigned Mon 05/01/2026, on memory, SQLite and
PostgreSQL.

Calendar facts used (2026): 01/01 is a Thursday, so 20/01 is a Tuesday, 20/02 a Friday
(in the Tết break 14-22/02), 01/03 a Sunday, 10/03 a Tuesday, 10/04 a Friday, 10/05 a
Sunday.  Working days late are counted in the half-open interval (due, done].
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest

from directive_tracker import services
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import Recurring
from directive_tracker.status import StatusKind
from directive_tracker.storage import Store

VN = ZoneInfo("Asia/Ho_Chi_Minh")
OLD = "Báo cáo tình hình thực hiện (BC1)"
NEW = "Báo cáo kết quả thực hiện (BC1)"


def clock_at(y: int, m: int, d: int, hh: int = 16) -> Callable[[], datetime]:
    return lambda: datetime(y, m, d, hh, tzinfo=VN)


@pytest.fixture
def cal() -> Any:
    return vietnam_calendar()


def seed(store: Store, cal: Any, build: Any) -> None:
    store.add_unit(build.unit())
    store.add_directive(build.directive())
    services.assign_task(
        store, cal, directive_id="D1", task_id="BC1", content=OLD, lead_unit="SNV",
        deadline="trước ngày 20 hằng tháng", actor="vanthu", clock=clock_at(2026, 1, 5, 9))
    # January's report sent Thu 15/01, before its due date 20/01: closed on time.
    services.complete_task(store, cal, "BC1", actor="snv", occurrence="2026-01",
                           clock=clock_at(2026, 1, 15))


def test_content_change_applies_to_open_occurrences(store: Store, cal: Any,
                                                    build: Any) -> None:
    seed(store, cal, build)
    store.change_terms(attrs.evolve(store.get_task("BC1"), content=NEW), actor="vanthu",
                       reason="Điều chỉnh nội dung báo cáo", at=datetime(2026, 2, 10, 9,
                                                                       tzinfo=VN))
    view = services.series_status(store, cal, "BC1", as_of=date(2026, 3, 5))
    # January was closed on 15/01, before the change on 10/02: it keeps the old content.
    # February (due 20/02, open on 10/02) and March (the next one) have the new one.
    assert [(i.occurrence.key, i.status.state.task.content, i.status.kind)
            for i in view.items] == [
        ("2026-01", OLD, StatusKind.COMPLETED_ON_TIME),
        ("2026-02", NEW, StatusKind.OVERDUE),  # (20/02, 05/03]: not sent
        ("2026-03", NEW, StatusKind.IN_PROGRESS)]
    # As of a day before the change, every occurrence has the old content.
    before = services.series_status(store, cal, "BC1", as_of=date(2026, 2, 9))
    assert {i.status.state.task.content for i in before.items} == {OLD}


def test_deadline_change_is_a_rule_change_from_its_date(store: Store, cal: Any,
                                                        build: Any) -> None:
    seed(store, cal, build)
    services.complete_task(store, cal, "BC1", actor="snv", occurrence="2026-02",
                           clock=clock_at(2026, 2, 12))
    # Wed 25/02/2026: from then on the report is due by the 10th of each month.
    store.change_terms(attrs.evolve(store.get_task("BC1"),
                                    deadline=Recurring(freq="monthly", day=10),
                                    due_date=date(2026, 3, 10)),
                       actor="vanthu", reason="Điều chỉnh thời hạn báo cáo",
                       at=datetime(2026, 2, 25, 9, tzinfo=VN))
    services.complete_task(store, cal, "BC1", actor="snv", occurrence="2026-03",
                           clock=clock_at(2026, 3, 12))
    view = services.series_status(store, cal, "BC1", as_of=date(2026, 4, 15))
    assert [(i.occurrence.key, i.occurrence.due, i.status.kind, i.status.working_days_late)
            for i in view.items] == [
        # Before 25/02 the old rule: 20/01 and 20/02.
        ("2026-01", date(2026, 1, 20), StatusKind.COMPLETED_ON_TIME, 0),
        ("2026-02", date(2026, 2, 20), StatusKind.COMPLETED_ON_TIME, 0),
        # From 25/02 the 10th: March due Tue 10/03, sent Thu 12/03 -> (10/03, 12/03] =
        # 11, 12/03 = 2 working days late (under the old rule, 20/03: on time).
        ("2026-03", date(2026, 3, 10), StatusKind.COMPLETED_LATE, 2),
        # April due Fri 10/04, not sent by 15/04: overdue.
        ("2026-04", date(2026, 4, 10), StatusKind.OVERDUE, 3),
        # May, the next one: named Sun 10/05, a named calendar day (no roll).
        ("2026-05", date(2026, 5, 10), StatusKind.IN_PROGRESS, 0)]
    # As of 24/02, the day before the change: the old rule, March due 20/03.
    before = services.series_status(store, cal, "BC1", as_of=date(2026, 2, 24))
    assert [i.occurrence.due for i in before.items] == [
        date(2026, 1, 20), date(2026, 2, 20), date(2026, 3, 20)]


def test_lead_change_applies_to_open_occurrences(store: Store, cal: Any, build: Any) -> None:
    from directive_tracker.reports import scoreboard

    seed(store, cal, build)
    store.add_unit(build.unit("STC", "Sở Tài chính"))
    store.change_terms(attrs.evolve(store.get_task("BC1"), lead_unit="STC"), actor="vanthu",
                       reason="Giao Sở Tài chính chủ trì",
                       at=datetime(2026, 2, 10, 9, tzinfo=VN))
    view = services.series_status(store, cal, "BC1", as_of=date(2026, 3, 5))
    # January, closed on 15/01, stays SNV's; February and March are STC's.
    assert [(i.occurrence.key, i.status.lead_unit) for i in view.items] == [
        ("2026-01", "SNV"), ("2026-02", "STC"), ("2026-03", "STC")]
    # The scoreboard as of 05/03 counts each occurrence for its own lead unit: SNV 1
    # (January, on time), STC 2 (February overdue since 20/02, March in progress).
    board = scoreboard(store, cal, as_of=date(2026, 3, 5), today=date(2026, 3, 5))
    snv, stc = board.row("SNV"), board.row("STC")
    assert (snv.assigned, snv.completed_on_time) == (1, 1)
    assert (stc.assigned, stc.overdue, stc.in_progress_on_time) == (2, 1, 1)
