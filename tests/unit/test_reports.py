# SPDX-License-Identifier: MIT
"""
Reports compared with figures computed by hand on a small province.

Calendar facts used (2026): 27/04 (substitute day for Giỗ Tổ), 30/04 and 01/05 are days
off; otherwise Monday–Friday.  Working days counted in (a, b].

Dataset (all tasks assigned 01/04/2026; report date Friday 15/05/2026):

==== ==== ===== ============ ======================================= ==================
Task Dir  Lead  Due          Events                                  Status on 15/05
==== ==== ===== ============ ======================================= ==================
T01  D1   SNV   24/04        50% 10/04; completed 23/04              done on time
T02  D1   SNV   29/04        completed 05/05                         done late, 2 wd
                                                                     (04, 05 May)
T03  D1   SNV   08/05        40% 04/05 (IMPORTANT)                   overdue 5 wd
                                                                     (11–15 May)
T04  D1   SNV   20/05        60% 12/05                               due soon, 3 wd left
                                                                     (18, 19, 20 May)
T05  D1   STC   28/04        extension asked 24/04, approved 28/04   done on time vs
                             to 12/05; completed 11/05               12/05, late vs 28/04
T06  D2   STC   04/05        none (coordinator SXD)                  overdue 9 wd
                                                                     (5–8, 11–15 May)
T07  D2   STC   none         none                                    no deadline
T08  D2   SXD   29/05        20% 11/05 (coordinators SNV, STC)       in progress, 10 wd
T09  D2   SXD   06/05        cancelled 05/05                         cancelled
T10  D2   SXD   07/05        completed 07/05 (URGENT, coord. SNV)    done on time
==== ==== ===== ============ ======================================= ==================

T01 has coordinator STC.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directive_tracker.calendars import WorkingCalendar
from directive_tracker.deadlines import FixedDate, NoDeadline
from directive_tracker.directives import Directive
from directive_tracker.events import (
    ExtensionApproved,
    ExtensionRequested,
    ProgressReported,
    TaskAssigned,
    TaskCancelled,
    TaskCompleted,
    TaskEvent,
    TaskPaused,
    TaskTransferred,
)
from directive_tracker.exceptions import InvalidTypeError, ValidationError
from directive_tracker.periods import ReportingPeriod
from directive_tracker.reports import (
    KPI_FORMULAS,
    KpiFormula,
    KpiItem,
    KpiRole,
    directive_progress,
    get_kpi,
    overdue_list,
    register_kpi,
    scoreboard,
    summary,
    upcoming_deadlines,
)
from directive_tracker.status import ReportGroup
from directive_tracker.storage.base import Store
from directive_tracker.storage.memory import MemoryStore
from directive_tracker.storage.sqlite import SQLiteStore
from directive_tracker.tasks import Priority, Task
from directive_tracker.units import Succession, SuccessionKind, Unit, UnitKind, UnitRegistry

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AS_OF = date(2026, 5, 15)
ASSIGNED = date(2026, 4, 1)
UNITS = (
    Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT),
    Unit(code="STC", name="Sở Tài chính", kind=UnitKind.DEPARTMENT),
    Unit(code="SXD", name="Sở Xây dựng", kind=UnitKind.DEPARTMENT),
)


def at(d: date) -> datetime:
    """Return 09:00 on *d* in Vietnam."""
    return datetime(d.year, d.month, d.day, 9, tzinfo=VN)


def base(task_id: str, d: date) -> dict[str, Any]:
    """Common event fields."""
    return {"task_id": task_id, "at": at(d), "actor": "chuyenvien"}


def task(task_id: str, directive: str, lead: str, due: date | None, *,
         coord: tuple[str, ...] = (), priority: Priority = Priority.NORMAL) -> Task:
    """Return a task assigned 01/04/2026."""
    return Task(id=task_id, directive_id=directive, content=f"Nhiệm vụ {task_id}",
                lead_unit=lead, coordinating_units=coord,
                deadline=FixedDate(date=due) if due else NoDeadline(), anchor=ASSIGNED,
                due_date=due, assigned_on=ASSIGNED, priority=priority)


def progress(t: str, d: date, p: int) -> ProgressReported:
    """A progress report."""
    return ProgressReported(**base(t, d), percent=p)


def done(t: str, d: date) -> TaskCompleted:
    """A completion on *d*."""
    return TaskCompleted(**base(t, d), completed_on=d)


def build(store: Store) -> Store:
    """Fill *store* with the module's dataset."""
    for u in UNITS:
        store.add_unit(u)
    store.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 3, 20),
                                  summary="Kế hoạch cải cách hành chính năm 2026"))
    store.add_directive(Directive(id="D2", issuer="UBND", issue_date=date(2026, 4, 1),
                                  summary="Chỉ thị về giải ngân vốn đầu tư công"))
    rows: list[tuple[Task, list[TaskEvent]]] = [
        (task("T01", "D1", "SNV", date(2026, 4, 24), coord=("STC",)),
         [progress("T01", date(2026, 4, 10), 50), done("T01", date(2026, 4, 23))]),
        (task("T02", "D1", "SNV", date(2026, 4, 29)), [done("T02", date(2026, 5, 5))]),
        (task("T03", "D1", "SNV", date(2026, 5, 8), priority=Priority.IMPORTANT),
         [progress("T03", date(2026, 5, 4), 40)]),
        (task("T04", "D1", "SNV", date(2026, 5, 20)), [progress("T04", date(2026, 5, 12), 60)]),
        (task("T05", "D1", "STC", date(2026, 4, 28)),
         [ExtensionRequested(**base("T05", date(2026, 4, 24)), requested_due=date(2026, 5, 12),
                             reason="Chờ số liệu"),
          ExtensionApproved(**base("T05", date(2026, 4, 28)), new_due=date(2026, 5, 12),
                            decider="PCT"),
          done("T05", date(2026, 5, 11))]),
        (task("T06", "D2", "STC", date(2026, 5, 4), coord=("SXD",)), []),
        (task("T07", "D2", "STC", None), []),
        (task("T08", "D2", "SXD", date(2026, 5, 29), coord=("SNV", "STC")),
         [progress("T08", date(2026, 5, 11), 20)]),
        (task("T09", "D2", "SXD", date(2026, 5, 6)),
         [TaskCancelled(**base("T09", date(2026, 5, 5)), reason="Thu hồi")]),
        (task("T10", "D2", "SXD", date(2026, 5, 7), coord=("SNV",), priority=Priority.URGENT),
         [done("T10", date(2026, 5, 7))]),
    ]
    for t, evs in rows:
        store.add_task(t, [TaskAssigned(**base(t.id, ASSIGNED)), *evs])
    return store


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh store (memory or SQLite) with the dataset."""
    s: Store = MemoryStore() if request.param == "memory" else SQLiteStore(
        tmp_path / "reports.db")
    with s:
        yield build(s)


def counts(row: Any) -> tuple[int, ...]:
    """The count columns of a scoreboard row."""
    return (row.assigned, row.completed_on_time, row.completed_late, row.in_progress_on_time,
            row.overdue, row.no_deadline, row.paused, row.cancelled_or_refused)


class TestScoreboard:
    def test_counts_per_unit(self, store: Store, cal: WorkingCalendar) -> None:
        """assigned, on time, late, in progress on time, overdue, no deadline, paused, cancelled."""
        board = scoreboard(store, cal, as_of=AS_OF)
        actual = {r.unit: counts(r) for r in board.rows}
        assert {"SNV": (4, 1, 1, 1, 1, 0, 0, 0),
                "STC": (3, 1, 0, 0, 1, 1, 0, 0),
                "SXD": (2, 1, 0, 1, 0, 0, 0, 1)} == actual
        assert (9, 3, 1, 2, 2, 1, 0, 1) == counts(board.total)

    def test_rates(self, store: Store, cal: WorkingCalendar) -> None:
        """On time / (completed + overdue), against current and original due dates."""
        board = scoreboard(store, cal, as_of=AS_OF)
        actual = {r.unit: (r.on_time_rate, r.on_time_rate_original) for r in board.rows}
        assert {"SNV": (pytest.approx(1 / 3), pytest.approx(1 / 3)),
                "STC": (pytest.approx(1 / 2), pytest.approx(0.0)),
                "SXD": (pytest.approx(1.0), pytest.approx(1.0))} == actual
        assert pytest.approx(3 / 6) == board.total.on_time_rate
        assert pytest.approx(2 / 6) == board.total.on_time_rate_original

    def test_average_working_days_late(self, store: Store, cal: WorkingCalendar) -> None:
        """SNV: T02 2 and T03 5 → 3.5; STC: T06 9; SXD none; total (2+5+9)/3."""
        board = scoreboard(store, cal, as_of=AS_OF)
        actual = {r.unit: r.average_working_days_late for r in board.rows}
        assert {"SNV": 3.5, "STC": 9.0, "SXD": None} == actual
        assert pytest.approx(16 / 3) == board.total.average_working_days_late

    def test_ranking(self, store: Store, cal: WorkingCalendar) -> None:
        """SXD (100%) first, STC (50%) second, SNV (33.3%) third."""
        board = scoreboard(store, cal, as_of=AS_OF)
        assert [(1, "SXD", "Sở Xây dựng"), (2, "STC", "Sở Tài chính"),
                (3, "SNV", "Sở Nội vụ")] == [(r.rank, r.unit, r.unit_name) for r in board.rows]

    def test_weighted_score(self, store: Store, cal: WorkingCalendar) -> None:
        """Hand-computed weighted_score@1 (see the test body for each term)."""
        # SNV: lead T01 100×1, T02 90×1 (2 wd late), T03 0×2, T04 (50+60/2)×1;
        #      coordinating T08 (50+20/2)×0.3, T10 100×(0.3×3) → 378 / 6.2
        # STC: lead T05 100×1, T06 0×1 (T07 not scored); coord T01 100×0.3, T08 60×0.3
        #      → 148 / 2.6
        # SXD: lead T08 60×1, T10 100×3 (T09 cancelled); coord T06 0×0.3 → 360 / 4.3
        board = scoreboard(store, cal, as_of=AS_OF)
        actual = {r.unit: r.kpis["weighted_score@1"] for r in board.rows}
        assert {"SNV": pytest.approx(378 / 6.2), "STC": pytest.approx(148 / 2.6),
                "SXD": pytest.approx(360 / 4.3)} == actual
        assert pytest.approx(730 / 11) == board.total.kpis["weighted_score@1"]

    def test_rank_by_weighted_score(self, store: Store, cal: WorkingCalendar) -> None:
        """By weighted_score@1: SXD 83.7, SNV 61.0, STC 56.9 (see test_weighted_score)."""
        board = scoreboard(store, cal, as_of=AS_OF, rank_by="weighted_score@1")
        assert [(1, "SXD"), (2, "SNV"), (3, "STC")] == [(r.rank, r.unit) for r in board.rows]
        with pytest.raises(ValidationError, match="rank_by"):
            scoreboard(store, cal, as_of=AS_OF, kpis=(), rank_by="weighted_score@1")

    def test_rollup_by_new_unit(self, store: Store, cal: WorkingCalendar) -> None:
        """STC and SXD merged into STC from 01/05: by 'new' SXD's tasks count under STC."""
        reg = UnitRegistry.of(UNITS, [Succession(
            kind=SuccessionKind.MERGE, predecessors=("STC", "SXD"), successors=("STC",),
            effective=date(2026, 5, 1), document="NQ 1/NQ-HĐND")])
        new = scoreboard(store, cal, as_of=AS_OF, registry=reg, by="new")
        assert {"SNV": (4, 1, 1, 1, 1, 0, 0, 0),
                "STC": (5, 2, 0, 1, 1, 1, 0, 1)} == {r.unit: counts(r) for r in new.rows}
        assert pytest.approx(2 / 3) == new.rows[0].on_time_rate
        old = scoreboard(store, cal, as_of=AS_OF, registry=reg, by="old")
        assert ["SXD", "STC", "SNV"] == [r.unit for r in old.rows]

    def test_rollup_by_old_unit_after_succession_transfer(self, store: Store,
                                                          cal: WorkingCalendar) -> None:
        """SXD merged into STC; its open T08 passed to STC on 13/05 (audit entry).  By
        'old' T08 still counts under SXD (SXD: T08 in progress, T10 on time, T09
        cancelled; STC: T05-T07); by 'new' everything of SXD counts under STC."""
        reg = UnitRegistry.of(UNITS, [Succession(
            kind=SuccessionKind.MERGE, predecessors=("STC", "SXD"), successors=("STC",),
            effective=date(2026, 5, 1), document="NQ 1/NQ-HĐND")])
        store.append_events("T08", [TaskTransferred(
            **base("T08", date(2026, 5, 13)), from_unit="SXD", to_unit="STC",
            document="NQ 1/NQ-HĐND")], expected_version=store.get_task("T08").version)
        old = scoreboard(store, cal, as_of=AS_OF, registry=reg, by="old")
        assert {"SNV": (4, 1, 1, 1, 1, 0, 0, 0),
                "STC": (3, 1, 0, 0, 1, 1, 0, 0),
                "SXD": (2, 1, 0, 1, 0, 0, 0, 1)} == {r.unit: counts(r) for r in old.rows}
        new = scoreboard(store, cal, as_of=AS_OF, registry=reg, by="new")
        assert {"SNV": (4, 1, 1, 1, 1, 0, 0, 0),
                "STC": (5, 2, 0, 1, 1, 1, 0, 1)} == {r.unit: counts(r) for r in new.rows}
        # T08 (due 29/05, 10 working days after 15/05) is listed under SXD by 'old'.
        assert [("T08", "SXD")] == [(r.task_id, r.lead_unit) for r in upcoming_deadlines(
            store, cal, as_of=AS_OF, registry=reg, by="old", unit="SXD").rows]

    def test_transfer_counts_under_the_new_lead(self, store: Store,
                                                cal: WorkingCalendar) -> None:
        """T04 transferred SNV → SXD on 13/05 counts under SXD on 15/05, not 12/05."""
        store.append_events("T04", [TaskTransferred(
            **base("T04", date(2026, 5, 13)), from_unit="SNV", to_unit="SXD",
            document="QĐ 5/QĐ-UBND")], expected_version=store.get_task("T04").version)
        after = {r.unit: r.assigned for r in scoreboard(store, cal, as_of=AS_OF).rows}
        assert {"SNV": 3, "STC": 3, "SXD": 3} == after
        # An ad-hoc reassignment (no succession) is not undone by 'old'.
        old = {r.unit: (r.assigned, r.completed) for r in scoreboard(store, cal, as_of=AS_OF,
                                                                      by="old").rows}
        assert {"SNV": (3, 2), "STC": (3, 1), "SXD": (3, 1)} == old
        before = {r.unit: r.assigned
                  for r in scoreboard(store, cal, as_of=date(2026, 5, 12)).rows}
        assert {"SNV": 4, "STC": 3, "SXD": 2} == before

    def test_paused_column(self, store: Store, cal: WorkingCalendar) -> None:
        """T04 paused on 13/05 (time left) is 'paused' and not late."""
        store.append_events("T04", [TaskPaused(**base("T04", date(2026, 5, 13)),
                                               reason="Chờ ý kiến Bộ")],
                            expected_version=store.get_task("T04").version)
        snv = next(r for r in scoreboard(store, cal, as_of=AS_OF).rows if r.unit == "SNV")
        assert (4, 1, 1, 0, 1, 0, 1, 0) == counts(snv)
        assert pytest.approx(1 / 3) == snv.on_time_rate

    def test_reproducible_past_date(self, store: Store, cal: WorkingCalendar) -> None:
        """On 30/04 (holiday) only T01 is completed; T02 (due 29/04) is overdue 0 wd."""
        board = scoreboard(store, cal, as_of=date(2026, 4, 30))
        snv = next(r for r in board.rows if r.unit == "SNV")
        assert (4, 1, 0, 2, 1, 0, 0, 0) == counts(snv)
        assert 0.0 == snv.average_working_days_late

    def test_period_scope(self, store: Store, cal: WorkingCalendar) -> None:
        """June 2026 (window 15/05–14/06): tasks finished before 15/05 drop out."""
        board = scoreboard(store, cal, period=ReportingPeriod.month(2026, 6))
        assert date(2026, 6, 14) == board.as_of
        assert {"SNV": (2, 0, 0, 0, 2, 0, 0, 0), "STC": (2, 0, 0, 0, 1, 1, 0, 0),
                "SXD": (1, 0, 0, 0, 1, 0, 0, 0)} == {r.unit: counts(r) for r in board.rows}

    def test_period_before_assignment(self, store: Store, cal: WorkingCalendar) -> None:
        """Q1/2026 (cut-off 14/03) has no task: the board is empty."""
        board = scoreboard(store, cal, period=ReportingPeriod.quarter(2026, 1))
        assert () == board.rows
        assert 0 == board.total.assigned
        assert board.total.on_time_rate is None

    def test_table_and_totals(self, store: Store, cal: WorkingCalendar) -> None:
        """The table has the Vietnamese headers, one line per unit and a totals line."""
        t = scoreboard(store, cal, as_of=AS_OF, kpis=()).to_table()
        assert "Đã hoàn thành đúng hạn" == t.columns[4].label_vi
        assert (None, "", "Tổng cộng", 9, 3, 1, 2, 2, 1, 0, 1) == t.totals[:11]
        assert "Số liệu tính đến ngày 15/05/2026" == t.subtitle_vi
        assert ["SXD", "STC", "SNV"] == [r["unit"] for r in t.records()]

    def test_period_subtitle(self, store: Store, cal: WorkingCalendar) -> None:
        """A period's label and window appear in the subtitle."""
        t = scoreboard(store, cal, period=ReportingPeriod.quarter(2026, 2)).to_table()
        assert ("Kỳ báo cáo: Quý II/2026 (từ ngày 15/03/2026 đến ngày 14/06/2026); số liệu "
                "tính đến ngày 14/06/2026") == t.subtitle_vi

    def test_argument_errors(self, store: Store, cal: WorkingCalendar) -> None:
        """Missing date, bad by, unknown KPI, wrong types, as_of before the period."""
        with pytest.raises(ValidationError, match="give as_of"):
            scoreboard(store, cal)
        with pytest.raises(ValidationError, match="by must be"):
            scoreboard(store, cal, as_of=AS_OF, by="newest")
        with pytest.raises(ValidationError, match="unknown KPI"):
            scoreboard(store, cal, as_of=AS_OF, kpis=["nope@1"])
        with pytest.raises(InvalidTypeError):
            scoreboard(store, cal, as_of=AS_OF, kpis="weighted_score@1")
        with pytest.raises(InvalidTypeError):
            scoreboard(object(), cal, as_of=AS_OF)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            scoreboard(store, object(), as_of=AS_OF)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            scoreboard(store, cal, as_of=datetime(2026, 5, 15, tzinfo=VN))
        with pytest.raises(InvalidTypeError):
            scoreboard(store, cal, period="Q2")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            scoreboard(store, cal, as_of=AS_OF, registry={})  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="before the period"):
            scoreboard(store, cal, as_of=date(2026, 1, 1),
                       period=ReportingPeriod.quarter(2026, 2))


class TestSummary:
    def test_four_groups(self, store: Store, cal: WorkingCalendar) -> None:
        """3 on time, 1 late, 3 within deadline (T04, T07, T08), 2 overdue; 1 cancelled."""
        s = summary(store, cal, as_of=AS_OF)
        assert [(ReportGroup.COMPLETED_ON_TIME, "Đã hoàn thành đúng hạn", 3),
                (ReportGroup.COMPLETED_LATE, "Đã hoàn thành quá hạn", 1),
                (ReportGroup.NOT_COMPLETED_ON_TIME, "Chưa hoàn thành trong hạn", 3),
                (ReportGroup.NOT_COMPLETED_OVERDUE, "Chưa hoàn thành quá hạn", 2)
                ] == [(r.group, r.label_vi, r.count) for r in s.rows]
        assert (9, 4, 5, 1) == (s.total, s.completed, s.not_completed, s.cancelled_or_refused)
        assert [pytest.approx(x) for x in (3 / 9, 1 / 9, 3 / 9, 2 / 9)] == [
            r.share for r in s.rows]

    def test_one_unit(self, store: Store, cal: WorkingCalendar) -> None:
        """Only SNV's tasks: 1, 1, 1, 1."""
        s = summary(store, cal, as_of=AS_OF, unit="SNV")
        assert [1, 1, 1, 1] == [r.count for r in s.rows]

    def test_period(self, store: Store, cal: WorkingCalendar) -> None:
        """June 2026 on 14/06: T07 within deadline; T03, T04, T06, T08 overdue."""
        s = summary(store, cal, period=ReportingPeriod.month(2026, 6))
        assert [0, 0, 1, 4] == [r.count for r in s.rows]

    def test_empty(self, store: Store, cal: WorkingCalendar) -> None:
        """Before any assignment the total is 0 and shares are None."""
        s = summary(store, cal, as_of=date(2026, 3, 31))
        assert (0, [None] * 4) == (s.total, [r.share for r in s.rows])
        assert ("", "Tổng cộng", "Total", 0, None) == s.to_table().totals

    def test_bad_unit(self, store: Store, cal: WorkingCalendar) -> None:
        """An empty unit code is refused."""
        with pytest.raises(ValidationError):
            summary(store, cal, as_of=AS_OF, unit=" ")


class TestDirectiveProgress:
    def test_rows(self, store: Store, cal: WorkingCalendar) -> None:
        """D1: 5 tasks, 3 completed, mean 80%; D2: 4 tasks (T09 cancelled), 1 done, 30%."""
        rep = directive_progress(store, cal, as_of=AS_OF)
        actual = [(r.directive_id, r.tasks, r.completed_on_time, r.completed_late,
                   r.not_completed_on_time, r.not_completed_overdue, r.completion_rate,
                   r.average_percent) for r in rep.rows]
        assert [("D1", 5, 2, 1, 1, 1, 0.6, 80.0), ("D2", 4, 1, 0, 2, 1, 0.25, 30.0)] == actual
        assert "Kế hoạch cải cách hành chính năm 2026" == rep.rows[0].summary
        assert "Trích yếu" == rep.to_table().columns[2].label_vi


class TestOverdueList:
    def test_rows(self, store: Store, cal: WorkingCalendar) -> None:
        """T06 (9 working days late) before T03 (5)."""
        rep = overdue_list(store, cal, as_of=AS_OF)
        assert [("T06", "STC", "Sở Tài chính", date(2026, 5, 4), 9, 0),
                ("T03", "SNV", "Sở Nội vụ", date(2026, 5, 8), 5, 40)] == [
            (r.task_id, r.lead_unit, r.lead_name, r.current_due, r.working_days_late,
             r.percent) for r in rep.rows]
        assert "Đang thực hiện quá hạn" == rep.rows[0].status_vi

    def test_extended_task_is_not_overdue(self, store: Store, cal: WorkingCalendar
                                          ) -> None:
        """On 08/05, T05 (extended from 28/04 to 12/05) is not listed; T06 is 4 wd late."""
        rep = overdue_list(store, cal, as_of=date(2026, 5, 8), unit="STC")
        assert [("T06", date(2026, 5, 4), date(2026, 5, 4), 4)] == [
            (r.task_id, r.original_due, r.current_due, r.working_days_late) for r in rep.rows]

    def test_filter_by_unit(self, store: Store, cal: WorkingCalendar) -> None:
        """unit='SNV' keeps T03 only."""
        assert ["T03"] == [r.task_id for r in overdue_list(store, cal, as_of=AS_OF,
                                                           unit="SNV").rows]

    def test_table_read_back_from_csv(self, store: Store, cal: WorkingCalendar) -> None:
        """The overdue list renders with Vietnamese headers; the CSV reads back."""
        import csv
        import io

        from directive_tracker.renderers import to_csv

        rows = list(csv.reader(io.StringIO(to_csv(overdue_list(store, cal, as_of=AS_OF)))))
        assert ["Mã nhiệm vụ", "Mã văn bản", "Nội dung nhiệm vụ", "Mã đơn vị",
                "Đơn vị chủ trì", "Hạn ban đầu", "Hạn hiện hành", "Số ngày làm việc quá hạn",
                "Tiến độ (%)", "Tình trạng", "Tình trạng (tiếng Anh)"] == rows[0]
        assert [["T06", "D2", "Nhiệm vụ T06", "STC", "Sở Tài chính", "2026-05-04",
                 "2026-05-04", "9", "0", "Đang thực hiện quá hạn", "In progress, overdue"],
                ["T03", "D1", "Nhiệm vụ T03", "SNV", "Sở Nội vụ", "2026-05-08", "2026-05-08",
                 "5", "40", "Đang thực hiện quá hạn", "In progress, overdue"]] == rows[1:]
        table = overdue_list(store, cal, as_of=AS_OF).to_table()
        assert ("DANH SÁCH NHIỆM VỤ QUÁ HẠN", "Số liệu tính đến ngày 15/05/2026") == (
            table.title_vi, table.subtitle_vi)

    @pytest.mark.parametrize("kwargs", [{"due_soon_days": "3"}, {"due_soon_days": -1},
                                        {"lifecycle_policy": "strict"}])
    def test_bad_arguments_on_an_empty_store(self, cal: WorkingCalendar,
                                             kwargs: dict[str, Any]) -> None:
        """A bad window or lifecycle policy is refused even when no task would use it."""
        with pytest.raises((InvalidTypeError, ValidationError)):
            scoreboard(MemoryStore(), cal, as_of=AS_OF, **kwargs)

    @pytest.mark.parametrize("report", [overdue_list, summary, upcoming_deadlines])
    def test_bad_by(self, store: Store, cal: WorkingCalendar, report: Any) -> None:
        """by must be 'new' or 'old' in every report that rolls up units."""
        with pytest.raises(ValidationError, match="by must be"):
            report(store, cal, as_of=AS_OF, by="newest")


class TestUpcoming:
    def test_default_window(self, store: Store, cal: WorkingCalendar) -> None:
        """10 working days from 15/05 is 29/05: T04 (3 left) and T08 (10 left)."""
        rep = upcoming_deadlines(store, cal, as_of=AS_OF)
        assert date(2026, 5, 29) == rep.until
        assert [("T04", date(2026, 5, 20), 3, "Sắp đến hạn"),
                ("T08", date(2026, 5, 29), 10, "Đang thực hiện trong hạn")] == [
            (r.task_id, r.due, r.working_days_remaining, r.status_vi) for r in rep.rows]

    def test_explicit_until(self, store: Store, cal: WorkingCalendar) -> None:
        """until=20/05 is inclusive: T04 only."""
        rep = upcoming_deadlines(store, cal, as_of=AS_OF, until=date(2026, 5, 20))
        assert ["T04"] == [r.task_id for r in rep.rows]

    def test_table_read_back_from_json(self, store: Store, cal: WorkingCalendar) -> None:
        """The upcoming deadlines render as JSON with the window in the subtitle."""
        import json

        from directive_tracker.renderers import to_json

        doc = json.loads(to_json(upcoming_deadlines(store, cal, as_of=AS_OF)))
        assert ("upcoming", "NHIỆM VỤ SẮP ĐẾN HẠN", "Từ ngày 15/05/2026 đến ngày 29/05/2026") == (
            doc["report"], doc["title"]["vi"], doc["subtitle"]["vi"])
        assert [("T04", "SNV", "2026-05-20", 3), ("T08", "SXD", "2026-05-29", 10)] == [
            (r["task_id"], r["lead_unit"], r["due"], r["working_days_remaining"])
            for r in doc["rows"]]

    def test_errors(self, store: Store, cal: WorkingCalendar) -> None:
        """until before as_of, or a negative window, is refused."""
        with pytest.raises(ValidationError):
            upcoming_deadlines(store, cal, as_of=AS_OF, until=date(2026, 5, 1))
        with pytest.raises(ValidationError):
            upcoming_deadlines(store, cal, as_of=AS_OF, working_days=-1)


class TestKpiRegistry:
    def test_builtins(self) -> None:
        """The built-in formulas are registered under name@version."""
        assert {"on_time_rate@1", "on_time_rate_original@1", "weighted_score@1"} <= set(
            KPI_FORMULAS)
        assert "weighted_score" == get_kpi("weighted_score@1").name

    def test_register_custom(self, store: Store, cal: WorkingCalendar) -> None:
        """A province registers 'lead_count@1' and uses it in the scoreboard."""
        def lead_count(items: Any) -> float:
            return float(sum(1 for i in items if i.role is KpiRole.LEAD))

        f = KpiFormula(name="test_lead_count", version=1, label_vi="Số nhiệm vụ chủ trì",
                       label_en="Lead tasks", description="Count of lead tasks.",
                       compute=lead_count, kind="float")
        register_kpi(f, replace=True)
        board = scoreboard(store, cal, as_of=AS_OF, kpis=["test_lead_count@1"])
        assert {"SNV": 4.0, "STC": 3.0, "SXD": 3.0} == {
            r.unit: r.kpis["test_lead_count@1"] for r in board.rows}
        with pytest.raises(ValidationError, match="already registered"):
            register_kpi(f)

    @pytest.mark.parametrize("kwargs", [
        {"name": "a@b"}, {"name": "a b"}, {"version": 0}, {"kind": "percent"}])
    def test_register_errors(self, kwargs: dict[str, Any]) -> None:
        """Bad names, versions and kinds are refused."""
        fields: dict[str, Any] = {"name": "x", "version": 1, "label_vi": "x", "label_en": "x",
                                  "description": "x", "compute": lambda items: None}
        fields.update(kwargs)
        with pytest.raises(ValidationError):
            register_kpi(KpiFormula(**fields))

    def test_register_type_errors(self) -> None:
        """Only KpiFormula objects with a callable compute are accepted."""
        with pytest.raises(InvalidTypeError):
            register_kpi("on_time_rate@1")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            register_kpi(KpiFormula(name="y", version=1, label_vi="y", label_en="y",
                                    description="y", compute=5))  # type: ignore[arg-type]

    def test_unknown(self) -> None:
        """get_kpi names the known keys."""
        with pytest.raises(ValidationError, match="known: "):
            get_kpi("speed@9")

    def test_nothing_due_is_undefined(self) -> None:
        """With no item, every built-in formula returns None (not 0)."""
        assert [None, None, None] == [get_kpi(k).compute([]) for k in (
            "on_time_rate@1", "on_time_rate_original@1", "weighted_score@1")]

    def test_coordinating_items_do_not_count_in_rates(self, store: Store,
                                                      cal: WorkingCalendar) -> None:
        """on_time_rate@1 uses lead items only: T10 as a coordinator gives None."""
        from directive_tracker.status import status

        t10 = store.get_task("T10")
        st = status(t10, store.get_events("T10"), as_of=AS_OF, calendar=cal)
        item = KpiItem(status=st, role=KpiRole.COORDINATING, priority=Priority.URGENT)
        assert get_kpi("on_time_rate@1").compute([item]) is None
        assert 100.0 == get_kpi("weighted_score@1").compute([item])
