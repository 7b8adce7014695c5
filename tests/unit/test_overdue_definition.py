# SPDX-License-Identifier: MIT
"""
One public definition of "overdue" (issue 12): ``services.overdue_tasks`` and
``reports.overdue_list`` list the same tasks, those ``status.is_overdue`` accepts (the
group "Chưa hoàn thành quá hạn": open and late, or paused when already late; a task in
review judged on its submission date).  Hand-computed on the default calendar.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.directives import Directive
from directive_tracker.events import TaskEvent
from directive_tracker.reports import overdue_list
from directive_tracker.services import overdue_tasks
from directive_tracker.status import OVERDUE_GROUP, ReportGroup, is_overdue
from directive_tracker.storage import MemoryStore, SQLiteStore, Store
from directive_tracker.tasks import Task

from .conftest import EventBuilder, build_task

D = date
#: Every task is assigned Wed 01/04/2026 and due Fri 24/04/2026.  27/04 (Hùng Kings,
#: observed), 30/04 and 01/05 are days off; 25-26/04 and 02-03/05 weekends.
AS_OF = D(2026, 5, 4)


def _histories() -> list[tuple[Task, list[TaskEvent]]]:
    out = []

    def add(tid: str, *rest: Any) -> None:
        ev = EventBuilder(tid)
        log = [ev.assigned(D(2026, 4, 1)), ev.accepted(D(2026, 4, 1), hour=10)]
        log += [getattr(ev, name)(*args) for name, *args in rest]
        out.append((build_task(task_id=tid), log))

    add("T1")                                    # open: late by 28, 29/04, 04/05 = 3
    add("T2", ("paused", D(2026, 4, 28)))        # paused when late: (24/04, 28/04] = 1
    add("T3", ("paused", D(2026, 4, 22)))        # paused with time left: not overdue
    add("T4", ("submitted", D(2026, 4, 22)))     # in review, submitted on time: no
    add("T5", ("submitted", D(2026, 4, 29)))     # submitted late: (24/04, 29/04] = 2
    ev6 = EventBuilder("T6")                     # refused 02/04 (issue 12's example)
    out.append((build_task(task_id="T6"), [ev6.assigned(D(2026, 4, 1)),
                                           ev6.refused(D(2026, 4, 2))]))
    add("T7", ("completed", D(2026, 4, 29)))     # completed late: not overdue
    return out


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    s: Store = MemoryStore() if request.param == "memory" else SQLiteStore(
        tmp_path / "o.sqlite3")
    s.add_directive(Directive(id="D1", issuer="UBND", issue_date=D(2026, 3, 30),
                              summary="Chỉ đạo"))
    for task, log in _histories():
        s.add_task(task, log)
    yield s
    s.close()


def test_services_and_report_agree(store: Store) -> None:
    """On 04/05/2026 both list T1 (3 wd late), T5 (2) and T2 (paused late, 1): the
    report by days late, the service by id."""
    cal = vietnam_calendar()
    report = overdue_list(store, cal, as_of=AS_OF, today=AS_OF)
    service = overdue_tasks(store, cal, as_of=AS_OF)
    assert [("T1", 3), ("T5", 2), ("T2", 1)] == [(r.task_id, r.working_days_late)
                                                 for r in report.rows]
    assert [("T1", 3), ("T2", 1), ("T5", 2)] == [(s.task_id, s.working_days_late)
                                                 for s in service]
    assert all(is_overdue(s) for s in service)


def test_judged_on_the_report_date_both_ways(store: Store) -> None:
    """Without the review-date rule T4 (submitted 22/04) is overdue too, by 3, and T5 by
    3: both functions still agree."""
    cal = vietnam_calendar()
    report = overdue_list(store, cal, as_of=AS_OF, today=AS_OF,
                          judge_review_on_submission=False)
    service = overdue_tasks(store, cal, as_of=AS_OF, judge_review_on_submission=False)
    assert ["T1", "T2", "T4", "T5"] == sorted(r.task_id for r in report.rows) == [
        s.task_id for s in service]


def test_is_overdue_is_the_group() -> None:
    """The predicate is the official group; anything without a group is not overdue."""
    assert OVERDUE_GROUP is ReportGroup.NOT_COMPLETED_OVERDUE
    assert not is_overdue(object())
