# SPDX-License-Identifier: MIT
"""
``directive_tracker.open`` and :class:`Office`: the notebook facade over the use cases.

The province: one directive received Fri 26/04/2024; "trong 10 ngày làm việc" from
26/04 is due Tue 14/05/2024 (hand count: 29/04, then 30/04-01/05 holidays, 02, 03,
06-10, 13, 14/05 = 10 working days).
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

import directive_tracker as dt
from directive_tracker._validators import VIETNAM_TZ
from directive_tracker.notifiers import MemoryNotifier
from directive_tracker.office import Office
from directive_tracker.storage.memory import MemoryStore


class Clock:
    """A settable clock in Vietnam."""

    def __init__(self, d: date) -> None:
        self.day = d

    def __call__(self) -> datetime:
        return datetime.combine(self.day, time(9), tzinfo=VIETNAM_TZ)


def province(office: Office) -> None:
    office.register_unit(dt.Unit(code="UBND", name="UBND tỉnh",
                                 kind=dt.UnitKind.PROVINCIAL_COMMITTEE))
    office.register_unit(dt.Unit(code="SNV", name="Sở Nội vụ", kind=dt.UnitKind.DEPARTMENT,
                                 parent="UBND"))
    office.register_directive(dt.Directive(
        id="CT-05", number=dt.DocumentNumber.parse("05/CT-UBND"), issuer="UBND",
        issue_date=date(2024, 4, 25), received_date=date(2024, 4, 26),
        summary="Chỉ thị về tăng cường kỷ luật hành chính"))
    for tid in ("A", "C"):
        office.assign_task(directive_id="CT-05", task_id=tid, content=f"Nhiệm vụ {tid}",
                           lead_unit="SNV", deadline="trong 10 ngày làm việc", actor="VP")


class TestOffice:
    def test_use_cases_with_the_office_clock(self) -> None:
        """Assign on 26/04, complete A on 14/05: on time; C is overdue on 20/05."""
        clock = Clock(date(2024, 4, 26))
        with dt.open("memory://", clock=clock) as office:
            province(office)
            assert date(2024, 5, 14) == office.task_state("A").current_due
            clock.day = date(2024, 5, 14)
            office.complete_task("A", actor="SNV")
            clock.day = date(2024, 5, 20)
            assert dt.StatusKind.COMPLETED_ON_TIME == office.task_status("A").kind
            # 15, 16, 17, 20/05: 4 working days late.
            assert [("C", 4)] == [(r.task_id, r.working_days_late)
                                  for r in office.overdue_list().rows]
            counts = {g.group: g.count for g in office.summary().rows}
            assert 1 == counts[dt.ReportGroup.COMPLETED_ON_TIME]
            assert 1 == counts[dt.ReportGroup.NOT_COMPLETED_OVERDUE]

    def test_change_task_terms_with_the_office_clock(self) -> None:
        """On Thu 02/05 the deadline of A becomes 15 working days from its anchor 26/04:
        29/04, 02, 03, 06-10, 13-17, 20, 21/05 (30/04 and 01/05 are holidays) -> 21/05;
        the change is dated by the office's clock, and A completed on 20/05 is on time
        (it would be late against 14/05)."""
        clock = Clock(date(2024, 4, 26))
        with dt.open("memory://", clock=clock) as office:
            province(office)
            clock.day = date(2024, 5, 2)
            state = office.change_task_terms("A", actor="UBND", reason="Điều chỉnh thời hạn",
                                             deadline="trong 15 ngày làm việc")
            last = office.store.get_events("A")[-1]
            assert isinstance(last, dt.TermsChanged)
            assert (date(2024, 5, 21), date(2024, 5, 14), clock()) == (
                state.current_due, last.previous_due, last.at)
            clock.day = date(2024, 5, 20)
            office.complete_task("A", actor="SNV")
            assert dt.StatusKind.COMPLETED_ON_TIME == office.task_status("A").kind

    def test_keywords_win_over_the_office(self) -> None:
        """An explicit as_of or clock is used instead of the office's."""
        with dt.open("memory://", clock=Clock(date(2024, 4, 26))) as office:
            province(office)
            office.complete_task("A", actor="SNV", clock=Clock(date(2024, 5, 16)))
            assert dt.StatusKind.COMPLETED_LATE == office.task_status(
                "A", as_of=date(2024, 5, 20)).kind
            # On Thu 02/05, 8 working days are left (03, 06-10, 13, 14/05): in progress.
            assert dt.StatusKind.IN_PROGRESS == office.task_status(
                "A", as_of=date(2024, 5, 2)).kind

    def test_reminders_and_sending(self) -> None:
        """C is overdue on Mon 20/05: one reminder to SNV, sent once."""
        with dt.open("memory://", clock=Clock(date(2024, 4, 26))) as office:
            province(office)
            office.complete_task("A", actor="SNV", clock=Clock(date(2024, 5, 14)))
            due = office.reminders_due(date(2024, 5, 20))
            assert [("C", "SNV")] == [(r.task_id, r.recipient) for r in due]
            notifier = MemoryNotifier()
            assert 1 == len(office.send_reminders(due, notifier).sent)
            assert [] == office.reminders_due(date(2024, 5, 20))

    def test_scoreboard_for_a_period(self) -> None:
        """Quý II/2024: SNV was assigned 2 tasks."""
        with dt.open("memory://", clock=Clock(date(2024, 4, 26))) as office:
            province(office)
            board = office.scoreboard(period=dt.ReportingPeriod.parse("Quý II/2024"))
            snv = next(r for r in board.rows if r.unit == "SNV")
            assert 2 == snv.assigned

    def test_closes_its_store(self) -> None:
        """Leaving the with block closes the store; close_store=False leaves it open."""
        store = MemoryStore()
        with Office(store, close_store=False):
            pass
        assert [] == store.get_units()
        with Office(store):
            pass
        with pytest.raises(dt.StorageError):
            store.get_units()

    def test_defaults(self) -> None:
        """The default calendar is Vietnam's: Mùng một Tết 2026 (17/02) is a day off."""
        with dt.open("memory://") as office:
            assert not office.calendar.is_working_day(date(2026, 2, 17))
            assert office.clock().tzinfo is not None

    def test_bad_arguments(self) -> None:
        """The store, calendar and clock are checked."""
        with pytest.raises(dt.InvalidTypeError):
            Office("memory://")  # type: ignore[arg-type]
        with pytest.raises(dt.InvalidTypeError):
            Office(MemoryStore(), calendar="vn")  # type: ignore[arg-type]
        with pytest.raises(dt.InvalidTypeError):
            Office(MemoryStore(), clock=42)  # type: ignore[arg-type]

    def test_top_level(self) -> None:
        """dt.open and dt.Office are the facade."""
        assert dt.Office is Office
        assert dt.open.__module__ == "directive_tracker.office"


class TestCalendarChange:
    def test_closure_moves_the_deadline_and_becomes_the_calendar(self) -> None:
        """
        A typhoon closure on Wed 08/05/2024, decided on Mon 06/05: A and C (due Tue 14/05)
        get one more working day, Wed 15/05; afterwards the office counts with it.
        """
        clock = Clock(date(2024, 4, 26))
        with dt.open("memory://", clock=clock) as office:
            province(office)
            clock.day = date(2024, 5, 6)
            new = office.calendar.with_overrides(dt.DayOverride(
                date=date(2024, 5, 8), working=False, reason_vi="Nghỉ tránh bão",
                reason_en="Typhoon closure", source="CĐ 05/CĐ-UBND"))
            preview = office.calendar_change_impact(new)
            assert ["A", "C"] == sorted(r.task_id for r in preview.rows)
            office.apply_calendar_change(new, actor="VP", reason="Nghỉ tránh bão",
                                         document="CĐ 05/CĐ-UBND", preview=preview)
            assert office.calendar is new
            assert date(2024, 5, 15) == office.task_state("A").current_due
