# SPDX-License-Identifier: MIT
"""
Periodic duties per occurrence on every store (issue 13, items 1, 2 and 6): the
``occurrence`` key of events, the services that act on one occurrence, its validation,
the stored and exported forms, on memory, SQLite and PostgreSQL.

Every expected value is computed by hand from the calendar; the computation is in the
comment next to it.  Calendar facts used (2026): 01/01 is a Thursday, so 05/01 is a
Monday, 20/01 a Tuesday, 22/01 a Thursday, 12/02 a Thursday, 20/02 a Friday (in the Tết
break Sat 14/02 - Sun 22/02/2026), 23/02 a Monday, 05/03 a Thursday, 20/03 a Friday.
Working days are counted in the half-open interval (a, b].
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
from directive_tracker.deadlines import Recurring
from directive_tracker.events import TaskCompleted, event_to_dict
from directive_tracker.exceptions import InvalidHistoryError, ValidationError
from directive_tracker.status import StatusKind
from directive_tracker.storage import Store

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONTHLY_20 = Recurring(freq="monthly", day=20)


def clock_at(y: int, m: int, d: int, hh: int = 16) -> Callable[[], datetime]:
    return lambda: datetime(y, m, d, hh, tzinfo=VN)


@pytest.fixture
def cal() -> Any:
    return vietnam_calendar()


def seed_monthly(store: Store, cal: Any, build: Any, task_id: str = "BC1") -> None:
    """SNV, D1 and a duty "trước ngày 20 hằng tháng" assigned Mon 05/01/2026."""
    if not store.get_units():
        store.add_unit(build.unit())
        store.add_directive(build.directive())
    got = services.assign_task(
        store, cal, directive_id="D1", task_id=task_id,
        content=f"Báo cáo tình hình thực hiện ({task_id})", lead_unit="SNV",
        deadline="trước ngày 20 hằng tháng", actor="vanthu", clock=clock_at(2026, 1, 5, 9),
        on_overlap="ignore")
    # The first occurrence is January's: the 20th on or after the anchor 05/01.
    assert got.task.deadline == MONTHLY_20
    assert got.task.due_date == date(2026, 1, 20)


def test_january_late_february_on_time(store: Store, cal: Any, build: Any) -> None:
    """January done late and February on time are judged separately."""
    seed_monthly(store, cal, build)
    services.complete_task(store, cal, "BC1", actor="snv", occurrence="2026-01",
                           clock=clock_at(2026, 1, 22))
    services.complete_task(store, cal, "BC1", actor="snv", occurrence="2026-02",
                           clock=clock_at(2026, 2, 12))
    view = services.series_status(store, cal, "BC1", as_of=date(2026, 3, 5))
    got = [(i.occurrence.key, i.status.kind, i.status.working_days_late) for i in view.items]
    assert got == [
        # January: due Tue 20/01, done Thu 22/01 -> (20/01, 22/01] = 21, 22/01 -> 2 late.
        ("2026-01", StatusKind.COMPLETED_LATE, 2),
        # February: due Fri 20/02, done Thu 12/02 -> on time.
        ("2026-02", StatusKind.COMPLETED_ON_TIME, 0),
        # March, the next one: due Fri 20/03, nothing late yet.
        ("2026-03", StatusKind.IN_PROGRESS, 0)]
    assert (view.judged, view.on_time) == (2, 1)
    one = services.task_status(store, cal, "BC1", as_of=date(2026, 3, 5),
                               occurrence="2026-02")
    assert one.kind is StatusKind.COMPLETED_ON_TIME
    assert one.current_due == date(2026, 2, 20)


def test_overdue_occurrence_does_not_block_later_ones(store: Store, cal: Any,
                                                      build: Any) -> None:
    """January never sent; February's progress, extension and completion still go in."""
    seed_monthly(store, cal, build)
    services.report_progress(store, cal, "BC1", actor="snv", percent=40,
                             occurrence="2026-02", clock=clock_at(2026, 2, 9))
    services.request_extension(store, cal, "BC1", actor="snv", occurrence="2026-02",
                               requested_due=date(2026, 2, 25), reason="Chờ số liệu",
                               clock=clock_at(2026, 2, 10))
    services.approve_extension(store, cal, "BC1", actor="ubnd", decider="Chủ tịch",
                               occurrence="2026-02", clock=clock_at(2026, 2, 11))
    services.complete_task(store, cal, "BC1", actor="snv", occurrence="2026-02",
                           clock=clock_at(2026, 2, 25))
    view = services.series_status(store, cal, "BC1", as_of=date(2026, 3, 5))
    jan, feb, mar = (i.status for i in view.items)
    # January: overdue (20/01, 05/03]: 21-23/01 + 26-30/01 = 8; February 02-06, 09-13,
    # 23-27 = 15 (16-20/02 is Tết); 02-05/03 = 4 -> 27.
    assert (jan.kind, jan.working_days_late) == (StatusKind.OVERDUE, 27)
    # February: extended to 25/02 (the date requested), done 25/02: on time against the
    # current due date, late against the original 20/02.
    assert (feb.kind, feb.current_due, feb.original_due, feb.on_time_vs_original) == (
        StatusKind.COMPLETED_ON_TIME, date(2026, 2, 25), date(2026, 2, 20), False)
    assert mar.current_due == date(2026, 3, 20)
    # The task-level replay (the series and the events without a key) is untouched by
    # February's events: January's occurrence is still open.
    state = services.task_state(store, cal, "BC1")
    assert state.completed_on is None
    assert state.is_open


def test_pause_of_one_occurrence(store: Store, cal: Any, build: Any) -> None:
    seed_monthly(store, cal, build)
    services.pause_task(store, cal, "BC1", actor="snv", reason="Chờ Sở Tài chính",
                        occurrence="2026-03", clock=clock_at(2026, 3, 9))
    services.resume_task(store, cal, "BC1", actor="snv", occurrence="2026-03",
                         clock=clock_at(2026, 3, 11))
    # Paused Mon 09/03 -> Wed 11/03: (09/03, 11/03] = 10, 11/03 = 2 working days, so
    # March's due date moves from Fri 20/03 by 2 working days to Tue 24/03.
    mar = services.task_status(store, cal, "BC1", as_of=date(2026, 3, 12),
                               occurrence="2026-03")
    assert mar.current_due == date(2026, 3, 24)
    # February (due 20/02) is untouched: overdue on 12/03 by (20/02, 12/03] = 23-27/02,
    # 02-06/03, 09-12/03 = 5 + 5 + 4 = 14.
    feb = services.task_status(store, cal, "BC1", as_of=date(2026, 3, 12),
                               occurrence="2026-02")
    assert (feb.kind, feb.current_due, feb.working_days_late) == (
        StatusKind.OVERDUE, date(2026, 2, 20), 14)


def test_unknown_occurrence_names_nearest_keys(store: Store, cal: Any, build: Any) -> None:
    seed_monthly(store, cal, build)
    # On 12/02/2026 the occurrences are January, February (the next): "2026-03" does not
    # exist yet; the nearest valid keys, in key order from it, are 2026-02 and 2026-01.
    with pytest.raises(ValidationError, match="nearest valid keys: 2026-02, 2026-01") as info:
        services.complete_task(store, cal, "BC1", actor="snv", occurrence="2026-03",
                               clock=clock_at(2026, 2, 12))
    assert info.value.code == "unknown_occurrence"  # type: ignore[attr-defined]
    assert info.value.suggestions == ("2026-02", "2026-01")  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="no occurrence 'Q1-2026'"):
        services.report_progress(store, cal, "BC1", actor="snv", percent=10,
                                 occurrence="Q1-2026", clock=clock_at(2026, 2, 12))
    # Nothing was written.
    assert len(store.get_events("BC1")) == 1


def test_occurrence_key_on_a_one_off_task(store: Store, cal: Any, build: Any) -> None:
    build.seeded(store)
    with pytest.raises(ValidationError, match="does not recur"):
        services.complete_task(store, cal, "T1", actor="snv", occurrence="2026-01",
                               clock=clock_at(2026, 1, 12))


def test_completing_an_occurrence_twice_is_refused(store: Store, cal: Any,
                                                  build: Any) -> None:
    seed_monthly(store, cal, build)
    services.complete_task(store, cal, "BC1", actor="snv", occurrence="2026-01",
                           clock=clock_at(2026, 1, 15))
    with pytest.raises(ValidationError, match="closed"):
        services.complete_task(store, cal, "BC1", actor="snv", occurrence="2026-01",
                               clock=clock_at(2026, 1, 16))


def test_events_round_trip_with_and_without_key(store: Store, cal: Any, build: Any) -> None:
    seed_monthly(store, cal, build)
    # A progress report without a key (January's, the first occurrence), then February's
    # report sent early on Wed 21/01 (January, due 20/01, has passed: February is the
    # next occurrence on that day).
    services.report_progress(store, cal, "BC1", actor="snv", percent=30,
                             clock=clock_at(2026, 1, 12))
    services.complete_task(store, cal, "BC1", actor="snv", occurrence="2026-02",
                           clock=clock_at(2026, 1, 21))
    events = store.get_events("BC1")
    assert [(e.kind, e.occurrence) for e in events] == [
        ("assigned", None), ("progress", None), ("completed", "2026-02")]
    assert store.get_events_for(["BC1"])["BC1"] == events
    # The dict form leaves the key out when there is none (the 0.1 form).
    assert "occurrence" not in event_to_dict(events[1])
    assert event_to_dict(events[2])["occurrence"] == "2026-02"


def test_store_refuses_a_bad_occurrence_history(store: Store, cal: Any, build: Any) -> None:
    """The stores' own history check runs per occurrence."""
    seed_monthly(store, cal, build)
    twice = [TaskCompleted(task_id="BC1", at=datetime(2026, 1, d, 16, tzinfo=VN),
                           actor="snv", completed_on=date(2026, 1, d), occurrence="2026-01")
             for d in (15, 16)]
    with pytest.raises(InvalidHistoryError, match="occurrence 2026-01"):
        store.append_events("BC1", twice,
                            expected_version=store.get_task("BC1").version)
    far = TaskCompleted(task_id="BC1", at=datetime(2026, 1, 15, 16, tzinfo=VN),
                        actor="snv", completed_on=date(2026, 1, 15), occurrence="2027-01")
    with pytest.raises(InvalidHistoryError, match="no occurrence '2027-01'"):
        store.append_events("BC1", [far],
                            expected_version=store.get_task("BC1").version)
    assert len(store.get_events("BC1")) == 1


def test_export_import_round_trips_series_and_occurrences(store: Store, other_store: Store,
                                                          cal: Any, build: Any) -> None:
    seed_monthly(store, cal, build)
    services.complete_task(store, cal, "BC1", actor="snv", occurrence="2026-01",
                           clock=clock_at(2026, 1, 22))
    services.complete_task(store, cal, "BC1", actor="snv", occurrence="2026-02",
                           clock=clock_at(2026, 2, 12))
    buf = io.StringIO()
    store.export_jsonl(buf)
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    events = [rec["data"] for rec in lines if rec.get("type") == "event"]
    assert [rec.get("occurrence") for rec in events] == [None, "2026-01", "2026-02"]
    assert "occurrence" not in events[0]  # left out, not null: the 0.1 line is unchanged
    buf.seek(0)
    other_store.import_jsonl(buf)
    assert other_store.get_task("BC1").deadline == MONTHLY_20
    assert other_store.get_events("BC1") == store.get_events("BC1")
    a = services.series_status(store, cal, "BC1", as_of=date(2026, 3, 5))
    b = services.series_status(other_store, cal, "BC1", as_of=date(2026, 3, 5))
    assert [(i.occurrence.key, i.status.kind) for i in a.items] == [
        (i.occurrence.key, i.status.kind) for i in b.items]


# --------------------------------------------------------------------------- reminders


def test_reminders_fire_once_per_occurrence(store: Store, cal: Any, build: Any) -> None:
    """Each occurrence has its own reminder slots and outbox keys (idempotent)."""
    from directive_tracker.notifiers import MemoryNotifier
    from directive_tracker.reminders import ReminderPolicy, reminders_due, send_reminders

    seed_monthly(store, cal, build)
    policy = ReminderPolicy(before_due=(), on_due=True, overdue_every=3, escalation=())
    sent = MemoryNotifier()

    def run(y: int, m: int, d: int) -> list[tuple[str | None, str, str]]:
        due = reminders_due(store, cal, as_of=date(y, m, d), reminder_policy=policy)
        send_reminders(store, due, sent, clock=clock_at(y, m, d, 8))
        return [(r.occurrence, r.slot, r.slot_date.isoformat()) for r in due]

    # Mon 23/02/2026: January (due 20/01, never sent) is late by (20/01, 23/02] =
    # 21-23/01 (3) + 26-30/01 (5) + 02-06/02 (5) + 09-13/02 (5) + Tết 16-20/02 (0) +
    # 23/02 (1) = 19 working days: its latest overdue slot is at 18 = 6 x 3 working days
    # after 20/01, i.e. 3 + 5 + 5 + 5 -> Fri 13/02.  February (due Fri 20/02, in Tết)
    # is late by (20/02, 23/02] = 1 day: its latest slot is "on_due" 20/02.
    assert run(2026, 2, 23) == [("2026-01", "overdue:18", "2026-02-13"),
                                ("2026-02", "on_due", "2026-02-20")]
    # The same day again: both recorded in the outbox, nothing fires twice.
    assert run(2026, 2, 23) == []
    # Tue 24/02: January late 20 (6 x 3 still), February late 2 (< 3): no new slot.
    assert run(2026, 2, 24) == []
    # Wed 25/02: January late 21 -> slot 21 = 18 + 3 working days after 13/02 = 25/02;
    # February late 3 -> "overdue:3" on 25/02.  Each fires once, on its own key.
    assert run(2026, 2, 25) == [("2026-01", "overdue:21", "2026-02-25"),
                                ("2026-02", "overdue:3", "2026-02-25")]
    assert run(2026, 2, 25) == []
    keys = [m.key for m in sent.sent]
    assert len(keys) == len(set(keys)) == 4
    assert all(k.endswith((":occurrence=2026-01", ":occurrence=2026-02")) for k in keys)
    feb = next(m for m in sent.sent if m.key.endswith("2026-02"))
    assert "Báo cáo tháng 2/2026" in feb.body
    # February sent on Thu 26/02: only January is reminded from then on.
    services.complete_task(store, cal, "BC1", actor="snv", occurrence="2026-02",
                           clock=clock_at(2026, 2, 26))
    # Mon 02/03: January late (20/01, 02/03] = 19 + 24, 25, 26, 27/02, 02/03 = 24 ->
    # slot 24 (= 21 + 3: 26, 27/02, 02/03 -> 02/03); February is done; March (due
    # 20/03) has no slot before its due date with before_due=().
    assert run(2026, 3, 2) == [("2026-01", "overdue:24", "2026-03-02")]


def test_one_off_reminder_payload_unchanged(store: Store, cal: Any, build: Any) -> None:
    """A one-off task's reminder has no occurrence: its key and payload keep the 0.1 form."""
    from directive_tracker.reminders import ReminderPolicy, reminders_due

    build.seeded(store)  # T1 due Mon 19/01/2026
    due = reminders_due(store, cal, as_of=date(2026, 1, 19),
                        reminder_policy=ReminderPolicy(escalation=()))
    assert [(r.slot, r.occurrence) for r in due] == [("on_due", None)]
    assert due[0].key == "reminder:T1:SNV:lead_unit:2026-01-19:on_due:due=2026-01-19"
    assert "occurrence" not in due[0].to_payload()


# --------------------------------------------------------------------------- reports


def seed_jan_late_feb_on_time(store: Store, cal: Any, build: Any) -> None:
    seed_monthly(store, cal, build)
    services.complete_task(store, cal, "BC1", actor="snv", occurrence="2026-01",
                           clock=clock_at(2026, 1, 22))
    services.complete_task(store, cal, "BC1", actor="snv", occurrence="2026-02",
                           clock=clock_at(2026, 2, 12))


def test_reports_count_each_occurrence(store: Store, cal: Any, build: Any) -> None:
    from directive_tracker.periods import ReportingPeriod
    from directive_tracker.reports import scoreboard, summary
    from directive_tracker.status import ReportGroup

    seed_jan_late_feb_on_time(store, cal, build)
    today = date(2026, 3, 5)
    # As of Thu 05/03/2026 the occurrences are January (done 22/01, late), February
    # (done 12/02, on time) and March, the next one (due 20/03, 11 working days left:
    # not completed, within the deadline): 3 items, one in each of three groups.
    s = summary(store, cal, as_of=today, today=today)
    assert (s.count(ReportGroup.COMPLETED_ON_TIME), s.count(ReportGroup.COMPLETED_LATE),
            s.count(ReportGroup.NOT_COMPLETED_ON_TIME),
            s.count(ReportGroup.NOT_COMPLETED_OVERDUE), s.total) == (1, 1, 1, 0, 3)
    board = scoreboard(store, cal, as_of=today, today=today)
    row = board.row("SNV")
    assert (row.assigned, row.completed_on_time, row.completed_late,
            row.in_progress_on_time, row.overdue) == (3, 1, 1, 1, 0)
    # on-time rate: 1 on time of 2 completed.
    assert row.on_time_rate == 0.5
    # Quý I/2026: Decree 09 window 15/12/2025 - 14/03/2026; as of today (05/03,
    # provisional).  Due in it: January (20/01) and February (20/02); March (20/03) is
    # after the window's end: 2 items.
    q1 = summary(store, cal, period=ReportingPeriod.quarter(2026, 1), today=today)
    assert (q1.count(ReportGroup.COMPLETED_ON_TIME), q1.count(ReportGroup.COMPLETED_LATE),
            q1.total) == (1, 1, 2)
    # Tháng 2/2026: window 15/01 - 14/02/2026, reported as of its end 14/02.  Due in it:
    # January's report (20/01), done late; February's (due 20/02) is not.
    feb = summary(store, cal, period=ReportingPeriod.month(2026, 2), today=today)
    assert (feb.count(ReportGroup.COMPLETED_LATE), feb.total) == (1, 1)


def test_overdue_list_names_the_occurrence(store: Store, cal: Any, build: Any) -> None:
    """The issue's example: "trước ngày 20 hằng tháng" assigned 16/10/2026, nothing sent."""
    from directive_tracker.reports import overdue_list

    store.add_unit(build.unit())
    store.add_directive(build.directive())
    services.assign_task(store, cal, directive_id="D1", task_id="BC9",
                         content="Báo cáo tình hình", lead_unit="SNV",
                         deadline="trước ngày 20 hằng tháng", anchor=date(2026, 10, 16),
                         actor="vanthu", clock=clock_at(2026, 10, 16, 9))
    day = date(2026, 12, 3)
    rows = overdue_list(store, cal, as_of=day, today=day).rows
    assert [(r.occurrence, r.working_days_late, r.content) for r in rows] == [
        # (20/10, 03/12]: 21-23/10 + 26-30/10 = 8; November 2-6, 9-13, 16-20, 23-27 less
        # Tue 24/11 (Culture Day), 30 = 5+5+5+4+1 = 20; 01-03/12 = 3 -> 31.
        ("2026-10", 31, "Báo cáo tháng 10/2026: Báo cáo tình hình"),
        # (20/11, 03/12]: 23, 25, 26, 27, 30/11 = 5; 01-03/12 = 3 -> 8.
        ("2026-11", 8, "Báo cáo tháng 11/2026: Báo cáo tình hình")]
    # December's report (due Sun 20/12) is not late yet.


# --------------------------------------------------------------------------- issue scenarios


@pytest.mark.parametrize(("roll", "kind", "late"), [
    # Default: a named day is kept (FixedDate convention), so February's report is due
    # Fri 20/02/2026 although it falls in the Tết break 14/02-22/02/2026; sent Mon 23/02
    # it is late by (20/02, 23/02] = {23/02} = 1 working day.
    (False, StatusKind.COMPLETED_LATE, 1),
    # With the clause "nếu trùng ngày nghỉ thì chuyển sang ngày làm việc tiếp theo"
    # (roll=True) it is due Mon 23/02 (20/02 Tết, 21-22/02 weekend): on time.
    (True, StatusKind.COMPLETED_ON_TIME, 0),
])
def test_monthly_report_across_tet_2026(store: Store, cal: Any, build: Any, roll: bool,
                                        kind: StatusKind, late: int) -> None:
    store.add_unit(build.unit())
    store.add_directive(build.directive())
    services.assign_task(store, cal, directive_id="D1", task_id="BC1",
                         content="Báo cáo tình hình", lead_unit="SNV",
                         deadline=Recurring(freq="monthly", day=20, roll=roll),
                         anchor=date(2026, 1, 5), actor="vt", clock=clock_at(2026, 1, 5, 9))
    services.complete_task(store, cal, "BC1", actor="snv", occurrence="2026-02",
                           clock=clock_at(2026, 2, 23))
    feb = services.task_status(store, cal, "BC1", as_of=date(2026, 2, 24),
                               occurrence="2026-02")
    assert (feb.kind, feb.working_days_late) == (kind, late)
    assert feb.current_due == (date(2026, 2, 23) if roll else date(2026, 2, 20))


def test_series_transferred_to_merged_department(store: Store, cal: Any, build: Any) -> None:
    """Monthly by the 20th, lead SKHDT from 02/06/2025, passed to STC on 01/07/2025."""
    from directive_tracker.reports import overdue_list, scoreboard

    store.add_unit(build.unit("SKHDT", "Sở Kế hoạch và Đầu tư"))
    store.add_unit(build.unit("STC", "Sở Tài chính"))
    store.add_directive(build.directive(issue_date=date(2025, 6, 2)))
    services.assign_task(store, cal, directive_id="D1", task_id="BC1",
                         content="Báo cáo giải ngân", lead_unit="SKHDT",
                         deadline="trước ngày 20 hằng tháng", anchor=date(2025, 6, 2),
                         actor="vt", clock=clock_at(2025, 6, 2, 9))
    services.complete_task(store, cal, "BC1", actor="skhdt", occurrence="2025-06",
                           clock=clock_at(2025, 6, 18))
    services.transfer_task(store, cal, "BC1", actor="ubnd", to_unit="STC",
                           document="Nghị quyết sắp xếp cơ quan chuyên môn",
                           clock=clock_at(2025, 7, 1, 8))
    day = date(2025, 7, 25)
    view = services.series_status(store, cal, "BC1", as_of=day)
    assert [(i.occurrence.key, i.status.kind, i.status.lead_unit, i.status.working_days_late)
            for i in view.items] == [
        # June: due Fri 20/06/2025, sent 18/06 by SKHDT: on time, SKHDT's.
        ("2025-06", StatusKind.COMPLETED_ON_TIME, "SKHDT", 0),
        # July: due Sun 20/07 (named day kept), not sent: overdue on Fri 25/07 by
        # (20/07, 25/07] = 21-25/07 = 5, led by STC since 01/07.
        ("2025-07", StatusKind.OVERDUE, "STC", 5),
        # August, the next one: STC.
        ("2025-08", StatusKind.IN_PROGRESS, "STC", 0)]
    board = scoreboard(store, cal, as_of=day, today=day)
    assert (board.row("SKHDT").assigned, board.row("SKHDT").completed_on_time) == (1, 1)
    stc = board.row("STC")
    assert (stc.assigned, stc.overdue, stc.in_progress_on_time) == (2, 1, 1)
    rows = overdue_list(store, cal, as_of=day, today=day).rows
    assert [(r.occurrence, r.lead_unit, r.content) for r in rows] == [
        ("2025-07", "STC", "Báo cáo tháng 7/2025: Báo cáo giải ngân")]


def test_quarterly_duty(store: Store, cal: Any, build: Any) -> None:
    """"định kỳ hằng quý, trước ngày 15 của tháng cuối quý", assigned Mon 05/01/2026."""
    store.add_unit(build.unit())
    store.add_directive(build.directive())
    got = services.assign_task(store, cal, directive_id="D1", task_id="BCQ",
                               content="Báo cáo cải cách hành chính", lead_unit="SNV",
                               deadline="định kỳ hằng quý, trước ngày 15 của tháng cuối quý",
                               anchor=date(2026, 1, 5), actor="vt",
                               clock=clock_at(2026, 1, 5, 9))
    # Quý I/2026 is due Sun 15/03/2026 (named day kept).
    assert got.task.due_date == date(2026, 3, 15)
    services.complete_task(store, cal, "BCQ", actor="snv", occurrence="2026-Q1",
                           clock=clock_at(2026, 3, 12))
    view = services.series_status(store, cal, "BCQ", as_of=date(2026, 6, 16))
    assert [(i.occurrence.key, i.occurrence.label_vi, i.status.kind,
             i.status.working_days_late) for i in view.items] == [
        ("2026-Q1", "Quý I/2026", StatusKind.COMPLETED_ON_TIME, 0),
        # Quý II due Mon 15/06/2026, not sent: overdue on Tue 16/06 by 1.
        ("2026-Q2", "Quý II/2026", StatusKind.OVERDUE, 1),
        # Quý III (next): due Tue 15/09/2026.
        ("2026-Q3", "Quý III/2026", StatusKind.IN_PROGRESS, 0)]
    assert view.items[2].occurrence.due == date(2026, 9, 15)
