# SPDX-License-Identifier: MIT
"""
Reporting duties of Decree 09/2019/NĐ-CP stored as tasks (issue 13, item 3), on memory,
SQLite and PostgreSQL: "Sở Nội vụ báo cáo UBND tỉnh hằng quý".

Every expected value is computed by hand; the computation is in the comment next to it.

Decree 09/2019/NĐ-CP:

* Art 12, the data cut-off window of a quarterly report: from the 15th of the month before
  the quarter to the 14th of the quarter's last month, both inclusive.  Quý I/2026:
  15/12/2025 - 14/03/2026; quý II/2026: 15/03/2026 - 14/06/2026.
* Art 13, the submission deadline: by the 25th of the period's last month.  Quý I/2026:
  25/03/2026; quý II/2026: 25/06/2026.  A province's own variant "trước ngày 20 của tháng
  cuối kỳ": 20/03/2026 and 20/06/2026.

Calendar facts used (2026): 01/01 is a Thursday, so 01/03 is a Sunday (31 + 28 days
later, 59 = 8 weeks + 3 days: Thursday + 3), 20/03 a Friday, 23/03 a Monday, 25/03 a
Wednesday; 01/06 a Monday, so 20/06 is a Saturday and 22/06 a Monday, 25/06 a Thursday.
No public holiday falls in March or June 2026.  Working days late are counted in the
half-open interval (due, done].
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directive_tracker import services
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import PeriodicReport
from directive_tracker.periods import DayOfLastMonth, PeriodKind
from directive_tracker.status import StatusKind
from directive_tracker.storage import Store

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PROVINCE = "trước ngày 20 của tháng cuối kỳ"


def clock_at(y: int, m: int, d: int, hh: int = 16) -> Callable[[], datetime]:
    return lambda: datetime(y, m, d, hh, tzinfo=VN)


@pytest.fixture
def cal() -> Any:
    return vietnam_calendar()


def seed(store: Store, cal: Any, build: Any, submission: str | None = None) -> None:
    """SNV reports quarterly, declared Mon 05/01/2026 under D1 (issued Fri 02/01/2026:
    the series starts from the directive's date, as any task's deadline)."""
    store.add_unit(build.unit())
    store.add_directive(build.directive())
    got = services.declare_reporting_duty(
        store, cal, directive_id="D1", task_id="BC-Q", unit="SNV", kind="quarter",
        submission=submission, actor="vanthu", clock=clock_at(2026, 1, 5, 9))
    # The first report due on or after 02/01/2026 is quý I/2026's: 25/03 (Art 13) or
    # 20/03 (the province's rule); quý IV/2025's (25/12/2025) is before the anchor.
    day = 25 if submission is None else 20
    assert got.task.deadline == PeriodicReport(kind=PeriodKind.QUARTER, day=day)
    assert got.task.due_date == date(2026, 3, day)
    assert got.task.content == ("SNV báo cáo định kỳ hằng quý gửi Ủy ban nhân dân tỉnh "
                                "(Nghị định 09/2019/NĐ-CP)")


@pytest.mark.parametrize(("submission", "q1_due", "q1_kind", "q1_late", "q2_due"), [
    # Art 13: quý I due Wed 25/03; sent Mon 23/03, two days early: on time.
    (None, date(2026, 3, 25), StatusKind.COMPLETED_ON_TIME, 0, date(2026, 6, 25)),
    # The province's 20th: quý I due Fri 20/03; sent Mon 23/03: (20/03, 23/03] = Sat 21,
    # Sun 22, Mon 23/03 = 1 working day late.
    (PROVINCE, date(2026, 3, 20), StatusKind.COMPLETED_LATE, 1, date(2026, 6, 20)),
])
def test_quarterly_duty_window_and_due_date(store: Store, cal: Any, build: Any,
                                            submission: str | None, q1_due: date,
                                            q1_kind: StatusKind, q1_late: int,
                                            q2_due: date) -> None:
    seed(store, cal, build, submission)
    services.complete_task(store, cal, "BC-Q", actor="snv", occurrence="2026-Q1",
                           clock=clock_at(2026, 3, 23))
    # The stored task reads back with its reporting duty (each store's own form).
    stored = store.get_task("BC-Q")
    assert isinstance(stored.deadline, PeriodicReport)
    assert stored.deadline.kind is PeriodKind.QUARTER
    view = services.series_status(store, cal, "BC-Q", as_of=date(2026, 5, 5))
    assert [(i.occurrence.key, i.occurrence.label_vi, i.occurrence.window_start,
             i.occurrence.window_end, i.occurrence.due, i.status.kind,
             i.status.working_days_late) for i in view.items] == [
        # Quý I/2026: window 15/12/2025 - 14/03/2026 (Art 12).
        ("2026-Q1", "Quý I/2026", date(2025, 12, 15), date(2026, 3, 14), q1_due, q1_kind,
         q1_late),
        # Quý II/2026, the next one on 05/05: window 15/03 - 14/06/2026, not yet due.
        ("2026-Q2", "Quý II/2026", date(2026, 3, 15), date(2026, 6, 14), q2_due,
         StatusKind.IN_PROGRESS, 0)]
    assert view.items[0].occurrence.title_vi == "Báo cáo quý I/2026"
    # One report judged (quý I); on time under Art 13, late under the 20th.
    assert (view.judged, view.on_time) == (1, 1 if submission is None else 0)


def test_province_variant_on_a_saturday_stays_or_rolls(store: Store, cal: Any,
                                                       build: Any) -> None:
    store.add_unit(build.unit())
    store.add_directive(build.directive())
    for tid, roll in (("BC-A", False), ("BC-B", True)):
        services.declare_reporting_duty(
            store, cal, directive_id="D1", task_id=tid, unit="SNV", kind=PeriodKind.QUARTER,
            submission=DayOfLastMonth.parse(PROVINCE), roll=roll, actor="vanthu",
            clock=clock_at(2026, 1, 5, 9), on_overlap="ignore")
    # Quý II/2026 named Sat 20/06/2026: stays as named (a named calendar day), or, with
    # roll, moves to the next working day, Mon 22/06/2026.
    for tid, due in (("BC-A", date(2026, 6, 20)), ("BC-B", date(2026, 6, 22))):
        items = services.series_status(store, cal, tid, as_of=date(2026, 4, 1)).items
        assert [(i.occurrence.key, i.occurrence.named_due, i.occurrence.due)
                for i in items] == [("2026-Q1", date(2026, 3, 20), date(2026, 3, 20)),
                                    ("2026-Q2", date(2026, 6, 20), due)]


def test_duty_from_a_phrase(store: Store, cal: Any, build: Any) -> None:
    """The province's variant written in the directive is read and stored as such."""
    store.add_unit(build.unit())
    store.add_directive(build.directive())
    services.assign_task(
        store, cal, directive_id="D1", task_id="BC-P", content="Báo cáo công tác nội vụ",
        lead_unit="SNV", deadline="Sở Nội vụ báo cáo định kỳ hằng quý theo Nghị định số "
                                  "09/2019/NĐ-CP, chậm nhất ngày 20 của tháng cuối quý",
        actor="vanthu", clock=clock_at(2026, 1, 5, 9))
    task = store.get_task("BC-P")
    assert task.deadline == PeriodicReport(kind="quarter", day=20)
    assert task.due_date == date(2026, 3, 20)  # quý I/2026, by the 20th of March


def test_export_import_round_trips_the_duty(store: Store, other_store: Store, cal: Any,
                                            build: Any) -> None:
    seed(store, cal, build, PROVINCE)
    services.complete_task(store, cal, "BC-Q", actor="snv", occurrence="2026-Q1",
                           clock=clock_at(2026, 3, 23))
    buf = io.StringIO()
    store.export_jsonl(buf)
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    task = next(line["data"] for line in lines if line.get("type") == "task")
    # The plain-data form other languages read (a JSON object, no Python types).
    assert task["deadline"] == {"kind": "periodic_report", "period": "quarter", "day": 20,
                                "roll": False}
    buf.seek(0)
    other_store.import_jsonl(buf)
    assert other_store.get_task("BC-Q") == store.get_task("BC-Q")
    assert other_store.get_events("BC-Q") == store.get_events("BC-Q")
    a = services.series_status(store, cal, "BC-Q", as_of=date(2026, 5, 5))
    b = services.series_status(other_store, cal, "BC-Q", as_of=date(2026, 5, 5))
    assert [(i.occurrence, i.status.kind) for i in a.items] == [
        (i.occurrence, i.status.kind) for i in b.items]


def test_scoreboard_counts_each_report(store: Store, cal: Any, build: Any) -> None:
    from directive_tracker.reports import scoreboard

    seed(store, cal, build)
    services.complete_task(store, cal, "BC-Q", actor="snv", occurrence="2026-Q1",
                           clock=clock_at(2026, 3, 23))
    # On 05/05/2026 SNV has quý I (sent 23/03, due 25/03: on time) and quý II (the next
    # one, due 25/06: in progress on time): 2 counted, 1 on time.
    board = scoreboard(store, cal, as_of=date(2026, 5, 5), today=date(2026, 5, 5))
    row = board.row("SNV")
    assert (row.assigned, row.completed_on_time, row.in_progress_on_time) == (2, 1, 1)


def test_reminders_fire_once_per_report(store: Store, cal: Any, build: Any) -> None:
    from directive_tracker.notifiers import MemoryNotifier
    from directive_tracker.reminders import ReminderPolicy, reminders_due, send_reminders

    seed(store, cal, build)
    policy = ReminderPolicy(before_due=(), on_due=True, overdue_every=3, escalation=())
    sent = MemoryNotifier()

    def run(y: int, m: int, d: int) -> list[tuple[str | None, str, str]]:
        due = reminders_due(store, cal, as_of=date(y, m, d), reminder_policy=policy)
        send_reminders(store, due, sent, clock=clock_at(y, m, d, 8))
        return [(r.occurrence, r.slot, r.slot_date.isoformat()) for r in due]

    # Wed 25/03/2026, quý I's due day (Art 13): its "on_due" reminder, once.
    assert run(2026, 3, 25) == [("2026-Q1", "on_due", "2026-03-25")]
    assert run(2026, 3, 25) == []
    # Quý I sent Thu 26/03 (late): nothing more for it.  Thu 25/06/2026, quý II's due
    # day: its own "on_due" reminder, once.
    services.complete_task(store, cal, "BC-Q", actor="snv", occurrence="2026-Q1",
                           clock=clock_at(2026, 3, 26))
    assert run(2026, 6, 25) == [("2026-Q2", "on_due", "2026-06-25")]
    assert run(2026, 6, 25) == []
    keys = [m.key for m in sent.sent]
    assert len(keys) == len(set(keys)) == 2
    assert keys[0].endswith(":occurrence=2026-Q1")
    assert "Báo cáo quý I/2026" in sent.sent[0].body


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"kind": "fortnight"}, "ValidationError"),
    ({"kind": "quarter", "submission": "trước ngày 40 của tháng cuối kỳ"},
     "DirectiveTrackerError"),
    ({"kind": "quarter", "roll": "yes"}, "InvalidTypeError"),
    ({"kind": "quarter", "directive_id": "NO-SUCH"}, "NotFoundError"),
])
def test_a_refused_declaration_stores_nothing(store: Store, cal: Any, build: Any,
                                               kwargs: dict[str, Any], error: str) -> None:
    """A period kind that Decree 09 does not have, a submission day no month has, a
    non-bool roll, an unknown directive: each is a library error, and no task is stored."""
    from directive_tracker import exceptions

    store.add_unit(build.unit())
    store.add_directive(build.directive())
    args: dict[str, Any] = {"directive_id": "D1", **kwargs}
    with pytest.raises(getattr(exceptions, error)):
        services.declare_reporting_duty(store, cal, task_id="BC-Q", unit="SNV",
                                        actor="vanthu", clock=clock_at(2026, 1, 5, 9),
                                        **args)
    assert [] == store.get_tasks()
