# SPDX-License-Identifier: MIT
"""
A directive followed from its issue to the quarterly report, through the services, the
01/07/2025 reorganisation, the daily reminder run and the Decree 09 report of Q3/2025.

Calendar facts used (domain.md §2.3): in June–September 2025 the only days off besides
weekends are Mon 01/09 and Tue 02/09 (National Day).  Weekdays: 17/06/2025 is a Tuesday,
01/07 a Tuesday, 01/08 a Friday, 01/09 a Monday.  Working days are counted in (a, b].

Kế hoạch 45/KH-UBND, issued Mon 16/06/2025, received Tue 17/06; every task is assigned
Wed 18/06/2025 with the received date as anchor.

==== ====== ========================= ====================================================
Task Lead   Deadline                  What happens (hand computation)
==== ====== ========================= ====================================================
T1   SNV    10 working days           18–20, 23–27, 30/06, 01/07 → due Tue 01/07;
                                      completed Mon 30/06: on time.
T2   HA     "trong 30 ngày"           17/06 + 30 days = Thu 17/07; passed to XB on the
                                      01/07 merger; extension asked 15/07, approved 16/07
                                      to Thu 31/07; completed Mon 04/08: late by (31/07,
                                      04/08] = 01/08, 04/08 = 2 working days.
T3   STC    by Fri 29/08/2025         70% on 20/08; paused Mon 25/08, resumed Wed 03/09:
                                      (25/08, 03/09] = 26–29/08, 03/09 = 5 working days
                                      (01–02/09 off) → due 29/08 + 5 = 03, 04, 05, 08,
                                      09/09 = Tue 09/09; on Sun 14/09 overdue by (09/09,
                                      14/09] = 10, 11, 12/09 = 3 working days.
T4   HA     "thường xuyên"            no deadline; passed to XB on 01/07; open.
T5   SNV    by Tue 30/09/2025         40% on 10/09; on 14/09 (14/09, 30/09] = 15–19,
                                      22–26, 29, 30 = 12 working days left.
T6   HA     by Fri 27/06/2025         completed Mon 30/06, before the merger: late by
                                      (27/06, 30/06] = 1 working day; stays with HA.
T7   STC    by Tue 15/07/2025         cancelled Fri 20/06.
==== ====== ========================= ====================================================

Reorganisation: HA (UBND huyện An Phú) and XD (UBND xã Đông) merge into XB (UBND xã Bình
Minh) from Tue 01/07/2025 (Nghị quyết 1656/NQ-UBTVQH15).

The Q3/2025 reporting window (Decree 09: 15th of the month before the quarter → 14th of
its last month) is 15/06/2025 → 14/09/2025.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directive_tracker.calendars import WorkingCalendar
from directive_tracker.deadlines import FixedDate
from directive_tracker.directives import Directive
from directive_tracker.documents import DocumentNumber
from directive_tracker.notifiers import MemoryNotifier, Message
from directive_tracker.periods import ReportingPeriod
from directive_tracker.reminders import reminders_due, send_reminders
from directive_tracker.reports import directive_progress, overdue_list, scoreboard, summary
from directive_tracker.services import (
    approve_extension,
    assign_task,
    cancel_task,
    complete_task,
    pause_task,
    register_directive,
    register_unit,
    reorganise,
    report_progress,
    request_extension,
    resume_task,
    task_status,
)
from directive_tracker.status import ReportGroup, StatusKind
from directive_tracker.storage import MemoryStore
from directive_tracker.units import Succession, SuccessionKind, Unit, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = date
REPORT_DAY = D(2025, 9, 14)


class Clock:
    """A settable clock at *hour*:00 Vietnam time."""

    def __init__(self, day: date, hour: int = 9) -> None:
        self.day, self.hour = day, hour

    def __call__(self) -> datetime:
        return datetime(self.day.year, self.day.month, self.day.day, self.hour, tzinfo=VN)


Step = Callable[[MemoryStore, WorkingCalendar, Clock], Any]


def _steps() -> dict[date, list[Step]]:
    """What the office records on each day (at 09:00, before the reminder run)."""
    merger = Succession(kind=SuccessionKind.MERGE, predecessors=("HA", "XD"),
                        successors=("XB",), effective=D(2025, 7, 1),
                        document="Nghị quyết 1656/NQ-UBTVQH15")

    def assign(task_id: str, lead: str, content: str, deadline: Any) -> Step:
        return lambda s, c, k: assign_task(
            s, c, directive_id="KH45", task_id=task_id, content=content, lead_unit=lead,
            deadline=deadline, actor="vanthu", clock=k)

    return {
        D(2025, 6, 18): [
            assign("T1", "SNV", "Rà soát, sắp xếp biên chế", "trong 10 ngày làm việc"),
            assign("T2", "HA", "Bàn giao hồ sơ đất đai", "trong 30 ngày"),
            assign("T3", "STC", "Báo cáo quyết toán ngân sách", FixedDate(date=D(2025, 8, 29))),
            assign("T4", "HA", "Theo dõi trật tự xây dựng", "thường xuyên"),
            assign("T5", "SNV", "Đề án vị trí việc làm", FixedDate(date=D(2025, 9, 30))),
            assign("T6", "HA", "Kiểm kê tài sản công", FixedDate(date=D(2025, 6, 27))),
            assign("T7", "STC", "Rà soát nợ đọng", FixedDate(date=D(2025, 7, 15))),
        ],
        D(2025, 6, 20): [lambda s, c, k: cancel_task(s, c, "T7", actor="vp",
                                                     reason="Trùng nhiệm vụ khác", clock=k)],
        D(2025, 6, 30): [
            lambda s, c, k: complete_task(s, c, "T1", actor="snv", clock=k),
            lambda s, c, k: complete_task(s, c, "T6", actor="ha", clock=k),
        ],
        D(2025, 7, 1): [lambda s, c, k: reorganise(s, c, merger, actor="vp", clock=k)],
        D(2025, 7, 15): [lambda s, c, k: request_extension(
            s, c, "T2", actor="xb", requested_due=D(2025, 7, 31),
            reason="Chờ bàn giao hồ sơ từ huyện", clock=k)],
        D(2025, 7, 16): [lambda s, c, k: approve_extension(s, c, "T2", actor="vp",
                                                           decider="Chủ tịch UBND", clock=k)],
        D(2025, 8, 4): [lambda s, c, k: complete_task(s, c, "T2", actor="xb", clock=k)],
        D(2025, 8, 20): [lambda s, c, k: report_progress(s, c, "T3", actor="stc",
                                                         percent=70, clock=k)],
        D(2025, 8, 25): [lambda s, c, k: pause_task(s, c, "T3", actor="stc",
                                                    reason="Chờ số liệu biên chế",
                                                    waiting_on="SNV", clock=k)],
        D(2025, 9, 3): [lambda s, c, k: resume_task(s, c, "T3", actor="stc", clock=k)],
        D(2025, 9, 10): [lambda s, c, k: report_progress(s, c, "T5", actor="snv",
                                                         percent=40, clock=k)],
    }


@pytest.fixture(scope="module")
def run(cal: WorkingCalendar) -> dict[str, Any]:
    """Play the quarter day by day: record events, then run and send reminders twice."""
    store = MemoryStore()
    for u in (Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT),
              Unit(code="STC", name="Sở Tài chính", kind=UnitKind.DEPARTMENT),
              Unit(code="HA", name="UBND huyện An Phú", kind=UnitKind.DISTRICT),
              Unit(code="XD", name="UBND xã Đông", kind=UnitKind.COMMUNE),
              Unit(code="XB", name="UBND xã Bình Minh", kind=UnitKind.COMMUNE,
                   valid_from=D(2025, 7, 1))):
        register_unit(store, u)
    register_directive(store, Directive(
        id="KH45", number=DocumentNumber.parse("45/KH-UBND"), issuer="UBND",
        signer="Nguyễn Văn A", issue_date=D(2025, 6, 16), received_date=D(2025, 6, 17),
        summary="Kế hoạch thực hiện sắp xếp đơn vị hành chính năm 2025"))
    steps = _steps()
    delivered: list[tuple[date, Message]] = []
    second_runs: list[Any] = []
    day = D(2025, 6, 18)
    while day <= REPORT_DAY:
        clock = Clock(day)
        for step in steps.get(day, []):
            step(store, cal, clock)
        # The e-mail to HA is down on Wed 25/06; the failure is retried the next run.
        notifier = MemoryNotifier(fail_for=["HA"] if day == D(2025, 6, 25) else ())
        send_reminders(store, reminders_due(store, day, calendar=cal), notifier,
                       clock=Clock(day, 16))
        second_runs.append(send_reminders(store, reminders_due(store, day, calendar=cal),
                                          notifier, clock=Clock(day, 17)))
        delivered.extend((day, m) for m in notifier.sent)
        day += timedelta(days=1)
    return {"store": store, "delivered": delivered, "second_runs": second_runs}


class TestQuarter:
    def test_statuses_on_the_cutoff(self, run: dict[str, Any], cal: WorkingCalendar) -> None:
        """Each task's status on 14/09/2025 is the hand-computed one (module docstring)."""
        store = run["store"]
        got = {}
        for tid in ("T1", "T2", "T3", "T4", "T5", "T6", "T7"):
            s = task_status(store, cal, tid, as_of=REPORT_DAY)
            got[tid] = (s.label_vi, s.lead_unit, s.original_due, s.current_due,
                        s.working_days_remaining, s.working_days_late)
        assert {
            "T1": ("Đã hoàn thành đúng hạn", "SNV", D(2025, 7, 1), D(2025, 7, 1), None, 0),
            "T2": ("Đã hoàn thành quá hạn", "XB", D(2025, 7, 17), D(2025, 7, 31), None, 2),
            "T3": ("Đang thực hiện quá hạn", "STC", D(2025, 8, 29), D(2025, 9, 9), 0, 3),
            "T4": ("Không có thời hạn", "XB", None, None, None, None),
            "T5": ("Đang thực hiện trong hạn", "SNV", D(2025, 9, 30), D(2025, 9, 30), 12, 0),
            "T6": ("Đã hoàn thành quá hạn", "HA", D(2025, 6, 27), D(2025, 6, 27), None, 1),
            "T7": ("Đã thu hồi/hủy", "STC", D(2025, 7, 15), D(2025, 7, 15), None, None),
        } == got

    def test_audit_entry_of_the_succession(self, run: dict[str, Any]) -> None:
        """The merger closed HA and XD on 30/06 and left a transfer event on the open tasks
        (T2, T4) citing the resolution; the closed T6 was not moved."""
        store = run["store"]
        assert (D(2025, 6, 30), D(2025, 6, 30)) == (store.get_unit("HA").valid_to,
                                                    store.get_unit("XD").valid_to)
        for tid in ("T2", "T4"):
            moved = [e for e in store.get_events(tid) if e.kind == "transferred"]
            assert [("HA", "XB", "Nghị quyết 1656/NQ-UBTVQH15", D(2025, 7, 1))] == [
                (e.from_unit, e.to_unit, e.document, e.on) for e in moved]
        assert [] == [e for e in store.get_events("T6") if e.kind == "transferred"]

    def test_official_summary_of_q3(self, run: dict[str, Any], cal: WorkingCalendar) -> None:
        """Q3/2025: on time T1; late T2, T6; within the deadline T4, T5; overdue T3;
        T7 (cancelled) apart."""
        period = ReportingPeriod.quarter(2025, 3)
        assert (D(2025, 6, 15), D(2025, 9, 14)) == (period.start, period.end)
        rep = summary(run["store"], cal, period=period)
        assert (REPORT_DAY, 6, 1) == (rep.as_of, rep.total, rep.cancelled_or_refused)
        assert [("Đã hoàn thành đúng hạn", 1), ("Đã hoàn thành quá hạn", 2),
                ("Chưa hoàn thành trong hạn", 2), ("Chưa hoàn thành quá hạn", 1)] == [
            (r.label_vi, r.count) for r in rep.rows]

    def test_scoreboard_by_new_and_old_unit(self, run: dict[str, Any],
                                            cal: WorkingCalendar) -> None:
        """By the new units HA's three tasks count under XB; by the old ones under HA.

        SNV: T1 on time, T5 in progress → rate 1/1.  STC: T3 overdue (3 wd), T7 apart →
        0/1.  XB (new) or HA (old): T2 late 2 wd, T6 late 1 wd, T4 no deadline → 0/2,
        average 1.5 working days late.  Ranks: SNV 1, then XB/HA (no overdue) before STC.
        """
        period = ReportingPeriod.quarter(2025, 3)
        for by, merged in (("new", "XB"), ("old", "HA")):
            board = scoreboard(run["store"], cal, period=period, by=by, kpis=())
            got = {r.unit: (r.rank, r.assigned, r.completed_on_time, r.completed_late,
                            r.in_progress_on_time, r.overdue, r.no_deadline,
                            r.cancelled_or_refused, r.on_time_rate, r.on_time_rate_original,
                            r.average_working_days_late) for r in board.rows}
            assert {
                "SNV": (1, 2, 1, 0, 1, 0, 0, 0, 1.0, 1.0, None),
                merged: (2, 3, 0, 2, 0, 0, 1, 0, 0.0, 0.0, 1.5),
                "STC": (3, 1, 0, 0, 0, 1, 0, 1, 0.0, 0.0, 3.0),
            } == got

    def test_directive_progress_and_overdue_list(self, run: dict[str, Any],
                                                 cal: WorkingCalendar) -> None:
        """KH45: 6 tasks, 3 completed (rate 0.5), mean progress (100·3 + 70 + 0 + 40)/6;
        the overdue list holds T3 alone, led by STC, 3 working days late at 70%."""
        store = run["store"]
        period = ReportingPeriod.quarter(2025, 3)
        row, = directive_progress(store, cal, period=period).rows
        assert ("KH45", "45/KH-UBND", 6, 1, 2, 2, 1, 0.5) == (
            row.directive_id, row.number, row.tasks, row.completed_on_time,
            row.completed_late, row.not_completed_on_time, row.not_completed_overdue,
            row.completion_rate)
        assert pytest.approx(410 / 6) == row.average_percent
        assert [("T3", "STC", D(2025, 8, 29), D(2025, 9, 9), 3, 70)] == [
            (r.task_id, r.lead_unit, r.original_due, r.current_due, r.working_days_late,
             r.percent) for r in overdue_list(store, cal, as_of=REPORT_DAY).rows]

    def test_report_is_reproducible_after_later_events(self, cal: WorkingCalendar) -> None:
        """Events recorded after the cut-off (T3 completed 16/09) leave the Q3 report as it
        was; the same report for 16/09 sees T3 completed late by 10–12, 15, 16/09 = 5."""
        store = MemoryStore()
        for u in (Unit(code="STC", name="Sở Tài chính", kind=UnitKind.DEPARTMENT),):
            register_unit(store, u)
        register_directive(store, Directive(id="KH45", issuer="UBND",
                                            issue_date=D(2025, 6, 16), summary="Kế hoạch"))
        assign_task(store, cal, directive_id="KH45", task_id="T3", content="Quyết toán",
                    lead_unit="STC", deadline=FixedDate(date=D(2025, 9, 9)), actor="vt",
                    clock=Clock(D(2025, 6, 18)))
        period = ReportingPeriod.quarter(2025, 3)
        before = summary(store, cal, period=period)
        complete_task(store, cal, "T3", actor="stc", clock=Clock(D(2025, 9, 16)))
        assert before == summary(store, cal, period=period)
        assert StatusKind.COMPLETED_LATE == task_status(store, cal, "T3",
                                                        as_of=D(2025, 9, 16)).kind
        assert 5 == task_status(store, cal, "T3", as_of=D(2025, 9, 16)).working_days_late
        assert 1 == summary(store, cal, as_of=D(2025, 9, 16)).count(
            ReportGroup.COMPLETED_LATE)


class TestReminders:
    def test_what_each_unit_received(self, run: dict[str, Any]) -> None:
        """Lead-unit reminders by day (default policy: 5 and 2 working days before, on the
        due date, every 3 working days late):

        * T1 (due 01/07): 24/06 (5 before: 30, 27, 26, 25, 24), 27/06 (2 before).
        * T6 (due 27/06): 20/06, 25/06 (failed; delivered on the 26/06 run), 27/06.
        * T2 (XB after 01/07; due 17/07 until 16/07, then 31/07): 10/07, 15/07, then
          24/07, 29/07 and 31/07 (on the due date); completed 04/08 before its first
          overdue slot.
        * T3 (due 29/08, then 09/09): 22/08; paused 25/08–03/09, so no 27/08 reminder; on
          03/09 the 5-before slot of 09/09 (29/08, during the pause) is caught up once; 05/09,
          09/09 (due date), 12/09 (3 working days late: 10, 11, 12/09).
        """
        got = [(d, m.recipient, m.task_id) for d, m in run["delivered"]]
        assert [
            (D(2025, 6, 20), "HA", "T6"),
            (D(2025, 6, 24), "SNV", "T1"),
            (D(2025, 6, 26), "HA", "T6"),
            (D(2025, 6, 27), "SNV", "T1"),
            (D(2025, 6, 27), "HA", "T6"),
            (D(2025, 7, 10), "XB", "T2"),
            (D(2025, 7, 15), "XB", "T2"),
            (D(2025, 7, 24), "XB", "T2"),
            (D(2025, 7, 29), "XB", "T2"),
            (D(2025, 7, 31), "XB", "T2"),
            (D(2025, 8, 22), "STC", "T3"),
            (D(2025, 9, 3), "STC", "T3"),
            (D(2025, 9, 5), "STC", "T3"),
            (D(2025, 9, 9), "STC", "T3"),
            (D(2025, 9, 12), "STC", "T3"),
        ] == sorted(got, key=lambda x: (x[0], x[2]))

    def test_messages_say_the_days(self, run: dict[str, Any]) -> None:
        """The 03/09 catch-up says 4 working days left (04, 05, 08, 09/09); the 12/09
        reminder says 3 working days late, in Vietnamese with diacritics."""
        by_day = {(d, m.task_id): m for d, m in run["delivered"]}
        assert "còn 4 ngày làm việc" in by_day[(D(2025, 9, 3), "T3")].body
        late = by_day[(D(2025, 9, 12), "T3")]
        assert "đã quá hạn 3 ngày làm việc (hạn ngày 09/09/2025)" in late.body
        assert "Sở Tài chính" in late.body

    def test_second_run_each_day_sends_nothing(self, run: dict[str, Any]) -> None:
        """Running the reminders again the same day records and delivers nothing; it only
        retries the e-mail to HA, still down on 25/06."""
        assert [] == [r for r in run["second_runs"] if r.recorded or r.sent]
        assert [["reminder:T6:HA:lead_unit:2025-06-25:before_due:2:due=2025-06-27"]] == [
            [k for k, _ in r.failed] for r in run["second_runs"] if r.failed]

    def test_outbox_holds_every_reminder_once(self, run: dict[str, Any]) -> None:
        """The outbox has the 15 reminders, all sent; the one to HA took three attempts
        (two runs on 25/06 while its e-mail was down, one on 26/06)."""
        items = run["store"].get_outbox_items()
        assert 15 == len(items)
        assert {"sent"} == {i.status.value for i in items}
        assert [("T6", 3)] == [(i.payload["task_id"], i.attempts) for i in items
                               if i.attempts != 1]


# These tests call reminders_due / manual_reminder in their 0.1 argument order, which 0.2
# still accepts with a deprecation warning (the new order is tested in
# tests/unit/test_reminder_calls.py).
pytestmark = pytest.mark.filterwarnings(
    r"ignore:(reminders_due|manual_reminder)\W.*deprecated since 0\.2\.0"
    ":directive_tracker.exceptions.DirectiveTrackerDeprecationWarning")
