# SPDX-License-Identifier: MIT
"""
Reports at the edges (issue 14, items 1 and 2): a period not over yet, a date in the
future, unknown filters, columns that add up, ranking rules and the explanation of a
score.  Every expected value is computed by hand below.

Calendar facts (2026): Tuesday 24/11/2026 is a day off (Ngày Văn hóa Việt Nam, from 2026);
otherwise Monday–Friday in November and December.  Working days counted in (a, b].

"Today" is Thursday 03/12/2026.  The period Quý IV/2026 runs 15/09/2026 – 14/12/2026
(Decree 09/2019: the 15th of the quarter's last-but-two month to the 14th of its last).
Every task is assigned Thursday 01/10/2026.

====  =====  ==========  ==========================================  ====================
Task  Lead   Due         Events                                      On 03/12/2026
====  =====  ==========  ==========================================  ====================
A1    XAL    10/12/2026  none                                        in progress (due in
                                                                     5 wd: 04, 07–10/12)
A2    SNV    20/11/2026  completed 19/11                             done on time
A3    SNV    20/11/2026  completed 25/11                             done late, 2 wd
                                                                     (23/11, 25/11)
A4    STC    30/11/2026  none; coordinator SNV; IMPORTANT            overdue 3 wd
                                                                     (01–03/12)
A5    STC    27/11/2026  submitted for review 26/11, not confirmed   in review: judged
                                                                     on 26/11, 1 wd left
A6    SNV    none        none                                        no deadline
A7    SXD    15/12/2026  none                                        in progress
B1    SYT    20/11/2026  completed 18/11                             done on time
B2    SYT    20/11/2026  completed 26/11                             done late
====  =====  ==========  ==========================================  ====================

SKH leads nothing.  XAL is "UBND xã An Lạc" (a commune).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directive_tracker.calendars import WorkingCalendar
from directive_tracker.deadlines import FixedDate, NoDeadline
from directive_tracker.directives import Directive
from directive_tracker.events import (
    SubmittedForReview,
    TaskAssigned,
    TaskCompleted,
    TaskEvent,
)
from directive_tracker.exceptions import UnitNotFoundError, ValidationError
from directive_tracker.periods import ReportingPeriod
from directive_tracker.renderers import render_text
from directive_tracker.reports import (
    KpiRole,
    Label,
    closest,
    directive_progress,
    fold,
    overdue_list,
    scoreboard,
    summary,
    upcoming_deadlines,
)
from directive_tracker.status import ReportGroup, StatusKind
from directive_tracker.storage.base import Store
from directive_tracker.storage.memory import MemoryStore
from directive_tracker.tasks import Priority, Task
from directive_tracker.units import Unit, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 12, 3)
ASSIGNED = date(2026, 10, 1)
Q4 = ReportingPeriod.parse("Quý IV/2026")
UNITS = (
    Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT),
    Unit(code="STC", name="Sở Tài chính", kind=UnitKind.DEPARTMENT),
    Unit(code="SXD", name="Sở Xây dựng", kind=UnitKind.DEPARTMENT),
    Unit(code="SYT", name="Sở Y tế", kind=UnitKind.DEPARTMENT),
    Unit(code="SKH", name="Sở Khoa học và Công nghệ", kind=UnitKind.DEPARTMENT),
    Unit(code="XAL", name="UBND xã An Lạc", kind=UnitKind.COMMUNE),
)


def at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 9, tzinfo=VN)


def ev(task_id: str, d: date) -> dict[str, Any]:
    return {"task_id": task_id, "at": at(d), "actor": "chuyenvien"}


def task(task_id: str, lead: str, due: date | None, *, coord: tuple[str, ...] = (),
         priority: Priority = Priority.NORMAL) -> Task:
    return Task(id=task_id, directive_id="D1", content=f"Nhiệm vụ {task_id}", lead_unit=lead,
                coordinating_units=coord,
                deadline=FixedDate(date=due) if due else NoDeadline(), anchor=ASSIGNED,
                due_date=due, assigned_on=ASSIGNED, priority=priority)


def done(t: str, d: date) -> TaskCompleted:
    return TaskCompleted(**ev(t, d), completed_on=d)


@pytest.fixture
def store() -> Iterator[Store]:
    s = MemoryStore()
    with s:
        for u in UNITS:
            s.add_unit(u)
        s.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 9, 30),
                                  summary="Kế hoạch quý IV năm 2026"))
        rows: list[tuple[Task, list[TaskEvent]]] = [
            (task("A1", "XAL", date(2026, 12, 10)), []),
            (task("A2", "SNV", date(2026, 11, 20)), [done("A2", date(2026, 11, 19))]),
            (task("A3", "SNV", date(2026, 11, 20)), [done("A3", date(2026, 11, 25))]),
            (task("A4", "STC", date(2026, 11, 30), coord=("SNV",),
                  priority=Priority.IMPORTANT), []),
            (task("A5", "STC", date(2026, 11, 27)),
             [SubmittedForReview(**ev("A5", date(2026, 11, 26)))]),
            (task("A6", "SNV", None), []),
            (task("A7", "SXD", date(2026, 12, 15)), []),
            (task("B1", "SYT", date(2026, 11, 20)), [done("B1", date(2026, 11, 18))]),
            (task("B2", "SYT", date(2026, 11, 20)), [done("B2", date(2026, 11, 26))]),
        ]
        for t, evs in rows:
            s.add_task(t, [TaskAssigned(**ev(t.id, ASSIGNED)), *evs])
        yield s


class TestPeriodNotOver:
    def test_period_is_computed_as_of_today(self, store: Store, cal: WorkingCalendar
                                            ) -> None:
        """Quý IV/2026 on 03/12/2026: figures as of 03/12, not of the cut-off 14/12.

        A1 (due 10/12) is within its deadline on 03/12; as of 14/12 it would have been
        judged overdue a week before its due date.
        """
        board = scoreboard(store, cal, period=Q4, today=TODAY)
        assert (date(2026, 12, 3), Q4) == (board.as_of, board.period)
        xal = board.row("XAL")
        assert (1, 1, 0) == (xal.assigned, xal.in_progress_on_time, xal.overdue)
        groups = summary(store, cal, period=Q4, today=TODAY)
        assert date(2026, 12, 3) == groups.as_of

    def test_provisional_label(self, store: Store, cal: WorkingCalendar) -> None:
        """The subtitle says "số liệu tạm tính đến ngày 03/12/2026"."""
        table = scoreboard(store, cal, period=Q4, today=TODAY).to_table()
        assert table.subtitle_vi == (
            "Kỳ báo cáo: Quý IV/2026 (từ ngày 15/09/2026 đến ngày 14/12/2026); số liệu tạm "
            "tính đến ngày 03/12/2026")
        assert table.subtitle_en.endswith("provisional figures as of 03/12/2026")

    def test_past_period_is_final(self, store: Store, cal: WorkingCalendar) -> None:
        """A period already over keeps its cut-off and the plain "số liệu tính đến"."""
        q3 = ReportingPeriod.parse("Quý III/2026")
        table = summary(store, cal, period=q3, today=TODAY).to_table()
        assert table.subtitle_vi.endswith("số liệu tính đến ngày 14/09/2026")

    def test_future_as_of_is_refused(self, store: Store, cal: WorkingCalendar) -> None:
        """as_of 14/12/2026 on 03/12/2026: a ValidationError with code and context."""
        with pytest.raises(ValidationError, match="after today") as info:
            scoreboard(store, cal, as_of=date(2026, 12, 14), period=Q4, today=TODAY)
        assert ("as_of_in_future", date(2026, 12, 14), TODAY, "as_of") == (
            info.value.code, info.value.value, info.value.today, info.value.param_name)
        for report in (summary, overdue_list, upcoming_deadlines):
            with pytest.raises(ValidationError, match="after today"):
                report(store, cal, as_of=date(2026, 12, 4), today=TODAY)

    def test_period_not_started_is_refused(self, store: Store, cal: WorkingCalendar) -> None:
        """Quý I/2027 starts 15/12/2026, after 03/12/2026: nothing to report yet."""
        with pytest.raises(ValidationError) as info:
            summary(store, cal, period=ReportingPeriod.parse("Quý I/2027"), today=TODAY)
        assert "period_not_started" == info.value.code


class TestUnknownFilters:
    def test_lower_case_code_suggests_the_code(self, store: Store, cal: WorkingCalendar
                                               ) -> None:
        """--unit snv: no unit 'snv'; the closest is 'SNV' (case-insensitive)."""
        with pytest.raises(UnitNotFoundError) as info:
            overdue_list(store, cal, as_of=TODAY, unit="snv", today=TODAY)
        assert ("snv", "SNV") == (info.value.key, info.value.suggestions[0])
        assert "did you mean 'SNV'" in str(info.value)

    def test_unknown_code_in_every_unit_report(self, store: Store, cal: WorkingCalendar
                                               ) -> None:
        """summary, overdue and upcoming all refuse an unknown unit (never all zeros)."""
        for report in (summary, overdue_list, upcoming_deadlines):
            with pytest.raises(UnitNotFoundError):
                report(store, cal, as_of=TODAY, unit="NOPE", today=TODAY)

    def test_known_unit_with_nothing_is_an_empty_answer(self, store: Store,
                                                        cal: WorkingCalendar) -> None:
        """SKH exists and leads nothing: a real zero, not an error."""
        assert 0 == summary(store, cal, as_of=TODAY, unit="SKH", today=TODAY).total

    def test_closest_ignores_case_and_diacritics(self) -> None:
        """By code or by name, without case or accents."""
        known = {u.code: u.name for u in UNITS}
        assert "SNV" == closest("so noi vu", known)[0]
        assert "XAL" == closest("UBND XA AN LAC", known)[0]
        assert "XAL" == closest("an lạc", known)[0]
        assert () == closest("zzzzzz", known)
        assert "duong dong da" == fold("  Đường   Đống Đa ")


class TestColumnsAddUp:
    def test_scoreboard_rows_add_up(self, store: Store, cal: WorkingCalendar) -> None:
        """assigned = on time + late + in progress + overdue + no deadline + paused."""
        board = scoreboard(store, cal, period=Q4, today=TODAY)
        for r in (*board.rows, board.total):
            assert r.assigned == (r.completed_on_time + r.completed_late
                                  + r.in_progress_on_time + r.overdue + r.no_deadline
                                  + r.paused)
        # Total (hand count): on time A2, B1; late A3, B2; in progress A1, A5, A7;
        # overdue A4; no deadline A6.
        t = board.total
        assert (9, 2, 2, 3, 1, 1, 0) == (t.assigned, t.completed_on_time, t.completed_late,
                                         t.in_progress_on_time, t.overdue, t.no_deadline,
                                         t.paused)

    def test_scoreboard_and_summary_agree(self, store: Store, cal: WorkingCalendar) -> None:
        """Summary "trong hạn" 4 = in progress 3 + no deadline 1 + paused 0; the note
        under the scoreboard says so."""
        board = scoreboard(store, cal, period=Q4, today=TODAY)
        groups = summary(store, cal, period=Q4, today=TODAY)
        assert (9, 2, 2, 4, 1) == (groups.total,
                                   groups.count(ReportGroup.COMPLETED_ON_TIME),
                                   groups.count(ReportGroup.COMPLETED_LATE),
                                   groups.count(ReportGroup.NOT_COMPLETED_ON_TIME),
                                   groups.count(ReportGroup.NOT_COMPLETED_OVERDUE))
        notes = board.to_table().notes_vi
        assert any('"Chưa hoàn thành trong hạn" (4)' in n for n in notes)
        assert any('"Chưa hoàn thành quá hạn" (1)' in n for n in notes)

    def test_directive_progress_adds_up(self, store: Store, cal: WorkingCalendar) -> None:
        """D1: 9 tasks = 2 on time + 2 late + 4 within the deadline + 1 overdue; the rule
        is stated under the table."""
        row, = directive_progress(store, cal, period=Q4, today=TODAY).rows
        assert (9, 2, 2, 4, 1) == (row.tasks, row.completed_on_time, row.completed_late,
                                   row.not_completed_on_time, row.not_completed_overdue)
        table = directive_progress(store, cal, period=Q4, today=TODAY).to_table()
        assert table.notes_vi[0].startswith("Số nhiệm vụ = Đã hoàn thành đúng hạn")

    def test_notes_printed_under_the_text_table(self, store: Store, cal: WorkingCalendar
                                                ) -> None:
        """The rule is stated under the table; in English the totals read "Total"."""
        board = scoreboard(store, cal, period=Q4, today=TODAY)
        vi = render_text(board)
        assert "Tổng số nhiệm vụ được giao = Đã hoàn thành đúng hạn" in vi
        en = render_text(board, lang="en")
        assert "Tổng cộng" not in en
        assert "Total" in en
        assert "Assigned = completed on time + completed late" in en


class TestRanking:
    def test_unranked_and_shared_ranks(self, store: Store, cal: WorkingCalendar) -> None:
        """SNV 1/2 and SYT 1/2, no overdue: both rank 1; STC 0/1: rank 3; XAL and SXD
        (nothing fell due or was completed): unranked (None), listed last.  SKH (no task
        led or coordinated) is not on the scoreboard."""
        board = scoreboard(store, cal, period=Q4, today=TODAY)
        ranks = {r.unit: r.rank for r in board.rows}
        assert {"SNV": 1, "SYT": 1, "STC": 3, "XAL": None, "SXD": None} == ranks
        assert [None, None] == [r.rank for r in board.rows[3:]]

    def test_unranked_shows_a_dash(self, store: Store, cal: WorkingCalendar) -> None:
        """The text table writes "—" for an unranked unit."""
        text = render_text(scoreboard(store, cal, period=Q4, today=TODAY))
        line = next(x for x in text.splitlines() if "UBND xã An Lạc" in x)
        assert line.lstrip().startswith("—")

    def test_explain_lists_tasks_roles_and_weights(self, store: Store, cal: WorkingCalendar
                                                   ) -> None:
        """SNV: lead A2 100 × 1, A3 90 × 1 (2 wd late ≤ 3), A6 not scored; coordinating A4
        0 × (0.3 × 2) → (100 + 90 + 0) / (1 + 1 + 0.6) = 190 / 2.6."""
        board = scoreboard(store, cal, period=Q4, today=TODAY)
        ex = board.explain("SNV")
        got = [(r.task_id, r.role, r.score, r.weight) for r in ex.rows]
        assert [("A2", KpiRole.LEAD, 100.0, 1.0), ("A3", KpiRole.LEAD, 90.0, 1.0),
                ("A6", KpiRole.LEAD, None, None),
                ("A4", KpiRole.COORDINATING, 0.0, pytest.approx(0.6))] == got
        assert pytest.approx(190 / 2.6) == ex.score
        assert pytest.approx(190 / 2.6) == board.row("SNV").kpis["weighted_score@1"]
        table = ex.to_table()
        assert "Điểm = Σ(điểm × trọng số) / Σ trọng số = 190,00/2,60 = 73,08" == \
            table.notes_vi[0]
        with pytest.raises(UnitNotFoundError):
            board.explain("snv")

    def test_unranked_unit_still_explained(self, store: Store, cal: WorkingCalendar
                                           ) -> None:
        """XAL is unranked (nothing fell due) but A1 in progress at 0% scores 50 + 0/2:
        its weighted score is 50 × 1 / 1; SKH, on no task, has no row to explain."""
        board = scoreboard(store, cal, period=Q4, today=TODAY)
        ex = board.explain("XAL")
        assert (None, [("A1", 50.0, 1.0)], 50.0) == (
            ex.rank, [(r.task_id, r.score, r.weight) for r in ex.rows], ex.score)
        with pytest.raises(UnitNotFoundError):
            board.explain("SKH")


class TestInReview:
    def test_submitted_on_time_is_not_overdue(self, store: Store, cal: WorkingCalendar
                                              ) -> None:
        """A5, due 27/11, submitted 26/11 and awaiting review on 03/12: reminders do not
        urge it (ReminderPolicy.remind_in_review False), and reports judge it on 26/11:
        within the deadline (1 wd left: 27/11), not overdue."""
        board = scoreboard(store, cal, period=Q4, today=TODAY)
        stc = board.row("STC")
        assert (2, 1, 1) == (stc.assigned, stc.in_progress_on_time, stc.overdue)
        late = overdue_list(store, cal, as_of=TODAY, today=TODAY)
        assert ["A4"] == [r.task_id for r in late.rows]

    def test_policy_can_judge_on_the_report_date(self, store: Store, cal: WorkingCalendar
                                                 ) -> None:
        """judge_review_on_submission=False: A5 is overdue on 03/12 (4 wd: 30/11, 01–03/12)."""
        late = overdue_list(store, cal, as_of=TODAY, today=TODAY,
                            judge_review_on_submission=False)
        got = {r.task_id: r.working_days_late for r in late.rows}
        assert {"A4": 3, "A5": 4} == got


class TestLabel:
    def test_label_is_the_vietnamese_string(self) -> None:
        """A Label equals its Vietnamese text, and gives English on request."""
        total = Label("Tổng cộng", en="Total")
        assert ("Tổng cộng", "Total", "Tổng cộng") == (
            total, Label.text(total, "en"), Label.text(total, "vi"))
        assert StatusKind.OVERDUE.value == "overdue"


class TestOfficeClock:
    def test_office_clock_is_the_reports_today(self, store: Store, cal: WorkingCalendar
                                               ) -> None:
        """An Office whose clock reads 03/12/2026 reports Quý IV/2026 provisionally, as of
        03/12, and refuses a later as_of."""
        from directive_tracker.office import Office

        office = Office(store, calendar=cal, clock=lambda: at(TODAY), close_store=False)
        board = office.scoreboard(period=Q4)
        assert TODAY == board.as_of
        with pytest.raises(ValidationError, match="after today"):
            office.summary(as_of=date(2026, 12, 4))
