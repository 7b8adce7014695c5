# SPDX-License-Identifier: MIT
"""
Periodic duties judged per occurrence (issue 13, items 1-3).

Every expected value is computed by hand from the calendar and Decree 09/2019; the
computation is in the comment next to it.  Calendar facts used:

* 2026: 01/01 is a Thursday, so 20/01 is a Tuesday, 01/03 a Sunday, 05/03 a Thursday,
  01/10 a Thursday, 20/10 a Tuesday, 01/11 a Sunday, 20/11 a Friday, 20/12 a Sunday.
* Tết 2026 break (TB 9441/TB-BNV): Sat 14/02 - Sun 22/02/2026; Mon 23/02 is a working day.
* Vietnam Culture Day Tue 24/11/2026 is a day off in the library's calendar (80-NQ/TW).
* Working days are counted in the half-open interval (a, b] (the library's convention).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import FixedDate, Recurring
from directive_tracker.events import TaskCancelled, TaskCompleted, TaskEvent, TaskTransferred
from directive_tracker.exceptions import (
    DeadlinePhraseError,
    InvalidTypeError,
    ParseError,
    ValidationError,
)
from directive_tracker.occurrences import (
    Occurrence,
    ReportingDuty,
    RuleChange,
    Series,
    judge_occurrence,
    series_view,
)
from directive_tracker.periods import (
    DayOfLastMonth,
    PeriodKind,
    ReportingPeriod,
    WorkingDaysAfterCutoff,
)
from directive_tracker.status import StatusKind, evaluate_status
from directive_tracker.tasks import Task

from .conftest import EventBuilder, at

MONTHLY_20 = Recurring(freq="monthly", day=20)


@pytest.fixture
def cal() -> Any:
    return vietnam_calendar()


def monthly_task(assigned: date, *, rule: Recurring = MONTHLY_20, lead: str = "SNV",
                 due: date) -> Task:
    return Task(id="T1", directive_id="D1", content="Báo cáo tình hình thực hiện",
                lead_unit=lead, deadline=rule, anchor=assigned, due_date=due,
                assigned_on=assigned)


def done(ev: EventBuilder, on: date) -> TaskCompleted:
    return TaskCompleted(task_id=ev.task_id, at=at(on, 16), actor="snv", completed_on=on)


def tagger(tags: Mapping[Any, str]) -> Callable[[TaskEvent], str | None]:
    """The occurrence key of each tagged event (None for the others)."""
    return lambda event: tags.get(event)


def keys(items: Any) -> list[str]:
    return [getattr(i, "occurrence", i).key for i in items]


# --------------------------------------------------------------------------- keys, labels


class TestKeysAndLabels:
    def test_november_2026(self, cal: Any) -> None:
        # "trước ngày 20 hằng tháng" from 16/10/2026: 20/10, 20/11, 20/12 ... November's
        # occurrence is due Fri 20/11/2026, key "2026-11", label "Tháng 11/2026".
        series = Series(rule=MONTHLY_20, start=date(2026, 10, 16))
        occs = series.occurrences(date(2026, 11, 25), calendar=cal)
        nov = occs[1]
        assert (nov.key, nov.label_vi, nov.label_en) == ("2026-11", "Tháng 11/2026",
                                                          "November 2026")
        assert nov.title_vi == "Báo cáo tháng 11/2026"
        assert nov.due == nov.named_due == date(2026, 11, 20)
        assert nov.window_start is None  # not a Decree 09 duty: no data window
        assert nov.window_end is None
        assert nov.period == ReportingPeriod.month(2026, 11)

    def test_quarter_iv(self, cal: Any) -> None:
        # "định kỳ hằng quý, trước ngày 15 của tháng cuối quý": 15/12/2026 is in quý IV.
        rule = Recurring(freq="quarterly", month=3, day=15)
        occs = Series(rule=rule, start=date(2026, 10, 1)).occurrences(date(2026, 10, 2),
                                                                        calendar=cal)
        assert [(o.key, o.label_vi, o.due) for o in occs] == [
            ("2026-Q4", "Quý IV/2026", date(2026, 12, 15))]
        assert occs[0].title_vi == "Báo cáo quý IV/2026"

    def test_weekly_keys(self, cal: Any) -> None:
        # Thursdays from Sun 01/11/2026: 05/11 (ISO week 45), 12/11 (46), 19/11 (47);
        # as of 12/11 the list stops after the next one, 19/11.
        rule = Recurring(freq="weekly", weekday=4)
        occs = Series(rule=rule, start=date(2026, 11, 1)).occurrences(date(2026, 11, 12),
                                                                        calendar=cal)
        assert [(o.key, o.label_vi, o.due) for o in occs] == [
            ("2026-W45", "Tuần 45/2026", date(2026, 11, 5)),
            ("2026-W46", "Tuần 46/2026", date(2026, 11, 12)),
            ("2026-W47", "Tuần 47/2026", date(2026, 11, 19))]
        assert occs[0].title_vi == "Báo cáo tuần 45/2026"

    @pytest.mark.parametrize(("period", "key"), [
        (ReportingPeriod.month(2026, 1), "2026-01"),
        (ReportingPeriod.quarter(2026, 4), "2026-Q4"),
        (ReportingPeriod.half_year(2026, 2), "2026-H2"),
        (ReportingPeriod.nine_months(2026), "2026-9M"),
        (ReportingPeriod.of_year(2026), "2026"),
    ])
    def test_period_key_round_trip(self, period: ReportingPeriod, key: str) -> None:
        assert period.key == key
        assert ReportingPeriod.from_key(key) == period

    @pytest.mark.parametrize("bad", ["", "2026-13", "2026-Q5", "2026-H3", "26-01", "2026-W1",
                                     "2026-1", "2026-9m"])
    def test_bad_period_key(self, bad: str) -> None:
        with pytest.raises(ParseError):
            ReportingPeriod.from_key(bad)

    def test_key_not_a_str(self) -> None:
        with pytest.raises(InvalidTypeError):
            ReportingPeriod.from_key(2026)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- Tết 2026


class TestTet2026:
    def test_named_day_in_tet_stays(self, cal: Any) -> None:
        # Default convention (FixedDate / Recurring roll=False): a named calendar day is a
        # point in time, Art 148(5) does not move it, so February's report is due
        # Fri 20/02/2026 although that day is in the Tết break 14/02-22/02/2026.
        occs = Series(rule=MONTHLY_20, start=date(2026, 1, 5)).occurrences(
            date(2026, 2, 1), calendar=cal)
        assert [(o.key, o.due) for o in occs] == [("2026-01", date(2026, 1, 20)),
                                                  ("2026-02", date(2026, 2, 20))]
        assert not cal.is_working_day(date(2026, 2, 20))

    def test_roll_clause_moves_to_monday(self, cal: Any) -> None:
        # "... nếu trùng ngày nghỉ thì chuyển sang ngày làm việc tiếp theo" (roll=True):
        # 20/02 (Tết) and 21-22/02 (weekend) skipped -> Mon 23/02/2026; named day kept.
        rule = Recurring(freq="monthly", day=20, roll=True)
        feb = Series(rule=rule, start=date(2026, 1, 5)).occurrences(
            date(2026, 2, 1), calendar=cal)[1]
        assert (feb.named_due, feb.due) == (date(2026, 2, 20), date(2026, 2, 23))
        assert "23/02/2026" in feb.explain(cal).text_vi

    @pytest.mark.parametrize(("roll", "kind", "late"), [
        # Report sent Mon 23/02.  Due 20/02: late by (20/02, 23/02] = {23/02} = 1 day.
        (False, StatusKind.COMPLETED_LATE, 1),
        # Due 23/02 (rolled): on time.
        (True, StatusKind.COMPLETED_ON_TIME, 0),
    ])
    def test_report_sent_after_tet(self, cal: Any, roll: bool, kind: StatusKind,
                                   late: int) -> None:
        rule = Recurring(freq="monthly", day=20, roll=roll)
        task = monthly_task(date(2026, 1, 5), rule=rule, due=date(2026, 1, 20))
        ev = EventBuilder()
        feb_done = done(ev, date(2026, 2, 23))
        log = [ev.assigned(date(2026, 1, 5)), feb_done]
        tags = {feb_done: "2026-02"}
        view = series_view(task, log, Series.of_task(task), as_of=date(2026, 2, 24),
                           calendar=cal, occurrence_of=tagger(tags))
        feb = view.items[1]
        assert feb.occurrence.key == "2026-02"
        assert (feb.status.kind, feb.status.working_days_late) == (kind, late)


# --------------------------------------------------------------------------- per occurrence


class TestJudgedPerOccurrence:
    def test_january_late_february_on_time(self, cal: Any) -> None:
        task = monthly_task(date(2026, 1, 5), due=date(2026, 1, 20))
        ev = EventBuilder()
        jan, feb = done(ev, date(2026, 1, 22)), done(ev, date(2026, 2, 12))
        log: list[TaskEvent] = [ev.assigned(date(2026, 1, 5)), jan, feb]
        tags = {jan: "2026-01", feb: "2026-02"}
        view = series_view(task, log, Series.of_task(task), as_of=date(2026, 3, 5),
                           calendar=cal, occurrence_of=tagger(tags))
        assert keys(view.items) == ["2026-01", "2026-02", "2026-03"]
        got = [(i.status.kind, i.status.working_days_late, i.status.working_days_remaining)
               for i in view.items]
        assert got == [
            # January: due Tue 20/01, done Thu 22/01 -> (20/01, 22/01] = 21, 22 -> 2 late.
            (StatusKind.COMPLETED_LATE, 2, None),
            # February: due 20/02, done 12/02 -> on time.
            (StatusKind.COMPLETED_ON_TIME, 0, None),
            # March (the next one): due Fri 20/03; (05/03, 20/03] = 06/03, 09-13/03,
            # 16-20/03 = 1 + 5 + 5 = 11 working days left (> 3: in progress).
            (StatusKind.IN_PROGRESS, 0, 11)]
        # judged: January and February (March is not due yet); on time: February.
        assert (view.judged, view.on_time, view.on_time_rate) == (2, 1, 0.5)

    def test_overdue_january_does_not_colour_february(self, cal: Any) -> None:
        task = monthly_task(date(2026, 1, 5), due=date(2026, 1, 20))
        ev = EventBuilder()
        feb = done(ev, date(2026, 2, 12))
        log = [ev.assigned(date(2026, 1, 5)), feb]
        view = series_view(task, log, Series.of_task(task), as_of=date(2026, 3, 5),
                           calendar=cal, occurrence_of=tagger({feb: "2026-02"}))
        jan, feb_s = view.items[0].status, view.items[1].status
        # January never sent: overdue (20/01, 05/03]: 21-23/01 + 26-30/01 = 8; February
        # 02-06 + 09-13 + 23-27 = 15 (16-20/02 is Tết); 02-05/03 = 4; 8 + 15 + 4 = 27.
        assert (jan.kind, jan.working_days_late) == (StatusKind.OVERDUE, 27)
        assert feb_s.kind is StatusKind.COMPLETED_ON_TIME
        assert view.on_time_rate == 0.5

    def test_issue_example_three_occurrences(self, cal: Any) -> None:
        # The issue: "trước ngày 20 hằng tháng" assigned 16/10/2026, nothing sent, seen on
        # 03/12/2026.  Before: one due date 20/10, "quá hạn 31 ngày làm việc".  Now:
        task = monthly_task(date(2026, 10, 16), due=date(2026, 10, 20))
        ev = EventBuilder()
        view = series_view(task, [ev.assigned(date(2026, 10, 16))], Series.of_task(task),
                           as_of=date(2026, 12, 3), calendar=cal)
        got = [(i.occurrence.key, i.status.kind, i.status.working_days_late)
               for i in view.items]
        assert got == [
            # (20/10, 03/12]: 21-23/10 + 26-30/10 = 8; November 2-6, 9-13, 16-20, 23-27
            # less Tue 24/11 (Culture Day), 30 = 5+5+5+4+1 = 20; 01-03/12 = 3 -> 31.
            ("2026-10", StatusKind.OVERDUE, 31),
            # (20/11, 03/12]: 23, 25, 26, 27, 30/11 (24/11 off) = 5; 01-03/12 = 3 -> 8.
            ("2026-11", StatusKind.OVERDUE, 8),
            # 20/12/2026 (a Sunday, named day kept): not due yet.
            ("2026-12", StatusKind.IN_PROGRESS, 0)]

    def test_unkeyed_events_belong_to_the_first_occurrence(self, cal: Any) -> None:
        # A log written before series existed: its completion (15/01, by the 20/01 due
        # date) is the first occurrence's, judged exactly as evaluate_status judges the
        # single-due task; February (due 20/02, nothing sent) is overdue on 05/03 by
        # (20/02, 05/03] = 23-27/02 + 02-05/03 = 5 + 4 = 9.
        task = monthly_task(date(2026, 1, 5), due=date(2026, 1, 20))
        ev = EventBuilder()
        log = [ev.assigned(date(2026, 1, 5)), done(ev, date(2026, 1, 15))]
        view = series_view(task, log, Series.of_task(task), as_of=date(2026, 3, 5),
                           calendar=cal)
        old = evaluate_status(task, log, as_of=date(2026, 3, 5), calendar=cal)
        assert view.items[0].status.kind is old.kind is StatusKind.COMPLETED_ON_TIME
        assert (view.items[1].status.kind, view.items[1].status.working_days_late) == (
            StatusKind.OVERDUE, 9)

    def test_extension_of_one_occurrence_only(self, cal: Any) -> None:
        # February's report extended to Wed 25/02 and sent 25/02: on time against its own
        # current due date; March's due date is untouched (20/03).
        task = monthly_task(date(2026, 1, 5), due=date(2026, 1, 20))
        ev = EventBuilder()
        req = ev.ext_requested(date(2026, 2, 10), date(2026, 2, 25))
        ok = ev.ext_approved(date(2026, 2, 11), date(2026, 2, 25))
        feb = done(ev, date(2026, 2, 25))
        log = [ev.assigned(date(2026, 1, 5)), req, ok, feb]
        tags = dict.fromkeys((req, ok, feb), "2026-02")
        view = series_view(task, log, Series.of_task(task), as_of=date(2026, 3, 2),
                           calendar=cal, occurrence_of=tagger(tags))
        feb_s, mar = view.items[1].status, view.items[2].status
        assert (feb_s.kind, feb_s.current_due, feb_s.original_due) == (
            StatusKind.COMPLETED_ON_TIME, date(2026, 2, 25), date(2026, 2, 20))
        assert feb_s.on_time_vs_original is False
        assert mar.current_due == date(2026, 3, 20)

    def test_judge_one_occurrence(self, cal: Any) -> None:
        task = monthly_task(date(2026, 1, 5), due=date(2026, 1, 20))
        ev = EventBuilder()
        feb_occ = Series.of_task(task).occurrences(date(2026, 2, 1), calendar=cal)[1]
        status = judge_occurrence(task, [ev.assigned(date(2026, 1, 5))], feb_occ,
                                  as_of=date(2026, 2, 18), calendar=cal)
        # (18/02, 20/02] = 19, 20/02, both Tết: 0 working days left -> due soon.
        assert (status.kind, status.working_days_remaining) == (StatusKind.DUE_SOON, 0)

    def test_judge_checks_types(self, cal: Any) -> None:
        task = monthly_task(date(2026, 1, 5), due=date(2026, 1, 20))
        occ = Series.of_task(task).occurrences(date(2026, 1, 5), calendar=cal)[0]
        with pytest.raises(InvalidTypeError):
            judge_occurrence("T1", [], occ, as_of=date(2026, 1, 6),  # type: ignore[arg-type]
                             calendar=cal)
        with pytest.raises(InvalidTypeError):
            judge_occurrence(task, [], "2026-01", as_of=date(2026, 1, 6),  # type: ignore[arg-type]
                             calendar=cal)
        with pytest.raises(ValidationError):
            judge_occurrence(task, [], occ, as_of=date(2026, 1, 6), calendar=cal)


# --------------------------------------------------------------------------- the series


class TestSeries:
    def test_ends_at_end_of_2027(self, cal: Any) -> None:
        end = Series.until("đến hết năm 2027", date(2026, 1, 5), cal)
        assert end == date(2027, 12, 31)
        series = Series(rule=MONTHLY_20, start=date(2026, 1, 5), end=end)
        occs = series.occurrences(date(2028, 6, 1), calendar=cal)
        # 12 months of 2026 + 12 of 2027 = 24; none after December 2027, not even a next.
        assert len(occs) == 24
        assert (occs[0].key, occs[-1].key) == ("2026-01", "2027-12")

    def test_until_refuses_a_recurrence(self) -> None:
        with pytest.raises(DeadlinePhraseError):
            Series.until("đến trước ngày 20 hằng tháng", date(2026, 1, 5))
        with pytest.raises(InvalidTypeError):
            Series.until(2027, date(2026, 1, 5))  # type: ignore[arg-type]

    @settings(max_examples=60, deadline=None)
    @given(day=st.integers(1, 31), start=st.dates(date(2025, 1, 1), date(2026, 12, 31)),
           span=st.integers(0, 800))
    def test_up_to_as_of_plus_one(self, day: int, start: date, span: int) -> None:
        """Every occurrence but the last is due by as_of; the last is the next one."""
        as_of = date.fromordinal(start.toordinal() + span)
        occs = Series(rule=Recurring(freq="monthly", day=day), start=start).occurrences(
            as_of, calendar=vietnam_calendar())
        assert all(o.named_due <= as_of for o in occs[:-1])
        assert occs[-1].named_due > as_of
        assert occs[0].named_due >= start
        assert len({o.key for o in occs}) == len(occs)
        # One occurrence per month: consecutive keys are consecutive months.
        months = [o.named_due.year * 12 + o.named_due.month for o in occs]
        assert months == list(range(months[0], months[0] + len(occs)))

    def test_change_of_rule(self, cal: Any) -> None:
        # Monthly by the 20th; from 01/04/2026 quarterly by the 15th of the last month.
        quarterly = Recurring(freq="quarterly", month=3, day=15)
        series = Series(rule=MONTHLY_20, start=date(2026, 1, 5),
                        changes=(RuleChange(effective=date(2026, 4, 1), rule=quarterly),))
        occs = series.occurrences(date(2026, 7, 1), calendar=cal)
        assert [(o.key, o.due) for o in occs] == [
            ("2026-01", date(2026, 1, 20)), ("2026-02", date(2026, 2, 20)),
            ("2026-03", date(2026, 3, 20)), ("2026-Q2", date(2026, 6, 15)),
            ("2026-Q3", date(2026, 9, 15))]
        assert series.rule_on(date(2026, 3, 31)) == MONTHLY_20
        assert series.rule_on(date(2026, 4, 1)) == quarterly

    def test_change_of_day_keeps_one_occurrence_per_month(self, cal: Any) -> None:
        # From 21/05/2026 the day becomes the 25th: May already has its occurrence on
        # 20/05 under the old rule, so the 25/05 one is not added; June is 25/06.
        series = Series(rule=MONTHLY_20, start=date(2026, 4, 1), changes=(
            RuleChange(effective=date(2026, 5, 21), rule=Recurring(freq="monthly", day=25)),))
        occs = series.occurrences(date(2026, 6, 1), calendar=cal)
        assert [(o.key, o.due) for o in occs] == [
            ("2026-04", date(2026, 4, 20)), ("2026-05", date(2026, 5, 20)),
            ("2026-06", date(2026, 6, 25))]

    def test_cancellation_of_the_rest(self, cal: Any) -> None:
        # Cancelled on 10/03/2026: March (due 20/03, on or after the cancellation) is
        # cancelled, no April exists; January, done late, stays late; February, never
        # sent, stays overdue ((20/02, 01/04] = 23-27/02, 02-06, 09-13, 16-20, 23-27,
        # 30-31/03, 01/04 = 5 + 5 + 5 + 5 + 5 + 2 + 1 = 28).
        task = monthly_task(date(2026, 1, 5), due=date(2026, 1, 20))
        ev = EventBuilder()
        jan = done(ev, date(2026, 1, 22))
        stop = TaskCancelled(task_id="T1", at=at(date(2026, 3, 10)), actor="ubnd",
                             reason="Thay bằng báo cáo quý")
        log = [ev.assigned(date(2026, 1, 5)), jan, stop]
        view = series_view(task, log, Series.of_task(task), as_of=date(2026, 4, 1),
                           calendar=cal, occurrence_of=tagger({jan: "2026-01"}))
        got = [(i.occurrence.key, i.status.kind, i.status.working_days_late)
               for i in view.items]
        assert got == [("2026-01", StatusKind.COMPLETED_LATE, 2),
                       ("2026-02", StatusKind.OVERDUE, 28),
                       ("2026-03", StatusKind.CANCELLED, None)]
        # Cancelled occurrences are not judged: 2 judged, none on time.
        assert (view.judged, view.on_time, view.on_time_rate) == (2, 0, 0.0)

    def test_transfer_to_merged_department_on_1_july_2025(self, cal: Any) -> None:
        # Monthly by the 20th, lead SKHDT from 02/06/2025; transferred to STC on
        # 01/07/2025.  June (due Fri 20/06) was sent 18/06 by SKHDT: on time, SKHDT.
        # July (due Sun 20/07, named day kept) not sent: overdue on Fri 25/07 by
        # (20/07, 25/07] = 21-25/07 = 5, lead STC.  August (next): STC.
        task = monthly_task(date(2025, 6, 2), lead="SKHDT", due=date(2025, 6, 20))
        ev = EventBuilder()
        june = done(ev, date(2025, 6, 18))
        move = TaskTransferred(task_id="T1", at=at(date(2025, 7, 1)), actor="ubnd",
                               from_unit="SKHDT", to_unit="STC",
                               document="Nghị quyết sắp xếp cơ quan chuyên môn")
        log = [ev.assigned(date(2025, 6, 2)), june, move]
        view = series_view(task, log, Series.of_task(task), as_of=date(2025, 7, 25),
                           calendar=cal, occurrence_of=tagger({june: "2025-06"}))
        got = [(i.occurrence.key, i.status.kind, i.status.lead_unit,
                i.status.working_days_late) for i in view.items]
        assert got == [("2025-06", StatusKind.COMPLETED_ON_TIME, "SKHDT", 0),
                       ("2025-07", StatusKind.OVERDUE, "STC", 5),
                       ("2025-08", StatusKind.IN_PROGRESS, "STC", 0)]

    def test_bounded_list(self, cal: Any) -> None:
        # Up to as_of plus exactly one: as of 20/11/2026, 20/10 and 20/11 are due, 20/12
        # is the next; nothing later.
        occs = Series(rule=MONTHLY_20, start=date(2026, 10, 16)).occurrences(
            date(2026, 11, 20), calendar=cal)
        assert keys(occs) == ["2026-10", "2026-11", "2026-12"]

    def test_of_task_needs_recurring(self) -> None:
        task = Task(id="T1", directive_id="D1", content="x", lead_unit="SNV",
                    deadline=FixedDate(date=date(2026, 1, 20)), anchor=date(2026, 1, 5),
                    due_date=date(2026, 1, 20), assigned_on=date(2026, 1, 5))
        with pytest.raises(InvalidTypeError):
            Series.of_task(task)

    def test_validation(self) -> None:
        with pytest.raises(ValidationError):
            Series(rule=MONTHLY_20, start=date(2026, 1, 5), end=date(2026, 1, 1))
        with pytest.raises(ValidationError):
            Series(rule=MONTHLY_20, start=date(2026, 1, 5),
                   changes=(RuleChange(effective=date(2026, 1, 1), rule=MONTHLY_20),))
        with pytest.raises(InvalidTypeError):
            Series(rule=FixedDate(date=date(2026, 1, 5)),  # type: ignore[arg-type]
                   start=date(2026, 1, 5))
        with pytest.raises(InvalidTypeError):
            RuleChange(effective=date(2026, 1, 5), rule="monthly")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- Decree 09 duties


class TestReportingDuty:
    def test_quarterly_window_and_article_13(self, cal: Any) -> None:
        # Quý I/2026: data window 15/12/2025 - 14/03/2026 (Decree 09/2019 Art 12), due
        # by the 25th of the quarter's last month, Wed 25/03/2026 (Art 13).
        duty = ReportingDuty(unit="SNV", kind=PeriodKind.QUARTER)
        q1 = Series(rule=duty, start=date(2026, 1, 1)).occurrences(date(2026, 1, 2),
                                                                     calendar=cal)[0]
        assert (q1.key, q1.label_vi) == ("2026-Q1", "Quý I/2026")
        assert (q1.window_start, q1.window_end) == (date(2025, 12, 15), date(2026, 3, 14))
        assert q1.due == date(2026, 3, 25)
        assert duty.label_vi == "SNV báo cáo định kỳ quý"

    def test_province_variant_20th_of_last_month(self, cal: Any) -> None:
        # "trước ngày 20 của tháng cuối kỳ": quý I/2026 -> Fri 20/03/2026.
        rule = DayOfLastMonth.parse("trước ngày 20 của tháng cuối kỳ")
        assert rule == DayOfLastMonth(day=20)
        duty = ReportingDuty(unit="SNV", kind=PeriodKind.QUARTER, submission=rule)
        q1 = Series(rule=duty, start=date(2026, 1, 1)).occurrences(date(2026, 1, 2),
                                                                     calendar=cal)[0]
        assert q1.due == date(2026, 3, 20)

    def test_working_days_after_cutoff(self, cal: Any) -> None:
        # Khánh Hòa style: 2 working days after the cut-off Sat 14/03/2026 -> Mon 16,
        # Tue 17/03/2026.
        duty = ReportingDuty(unit="SNV", kind=PeriodKind.QUARTER,
                             submission=WorkingDaysAfterCutoff(days=2, calendar=cal))
        q1 = Series(rule=duty, start=date(2026, 1, 1)).occurrences(date(2026, 1, 2),
                                                                     calendar=cal)[0]
        assert (q1.key, q1.due) == ("2026-Q1", date(2026, 3, 17))

    @pytest.mark.parametrize(("kind", "as_of", "expected"), [
        # Monthly from 01/11/2026 as of 30/11: November (15/10-14/11, due 25/11), then
        # December (15/11-14/12, due 25/12).
        (PeriodKind.MONTH, date(2026, 11, 30),
         [("2026-11", date(2026, 10, 15), date(2026, 11, 14), date(2026, 11, 25)),
          ("2026-12", date(2026, 11, 15), date(2026, 12, 14), date(2026, 12, 25))]),
        # Six-monthly: H1 15/12/2025-14/06/2026 due 25/06; H2 15/06-14/12 due 25/12.
        (PeriodKind.HALF_YEAR, date(2026, 7, 1),
         [("2026-H1", date(2025, 12, 15), date(2026, 6, 14), date(2026, 6, 25)),
          ("2026-H2", date(2026, 6, 15), date(2026, 12, 14), date(2026, 12, 25))]),
        # Nine months: 15/12/2025-14/09/2026, due 25/09/2026; then 2027's, due 25/09/2027.
        (PeriodKind.NINE_MONTHS, date(2026, 10, 1),
         [("2026-9M", date(2025, 12, 15), date(2026, 9, 14), date(2026, 9, 25)),
          ("2027-9M", date(2026, 12, 15), date(2027, 9, 14), date(2027, 9, 25))]),
        # Yearly: 15/12/2025-14/12/2026, due 25/12/2026.
        (PeriodKind.YEAR, date(2026, 11, 1),
         [("2026", date(2025, 12, 15), date(2026, 12, 14), date(2026, 12, 25))]),
    ])
    def test_kinds(self, cal: Any, kind: PeriodKind, as_of: date,
                   expected: list[tuple[str, date, date, date]]) -> None:
        start = date(2026, 1, 1) if kind is not PeriodKind.MONTH else date(2026, 11, 1)
        occs = Series(rule=ReportingDuty(unit="SNV", kind=kind), start=start).occurrences(
            as_of, calendar=cal)
        assert [(o.key, o.window_start, o.window_end, o.due) for o in occs] == expected

    def test_quarterly_duty_judged_per_quarter(self, cal: Any) -> None:
        # Quý I/2026 due Wed 25/03, sent Fri 27/03: late by (25/03, 27/03] = 26, 27 -> 2.
        # Quý II/2026 due Thu 25/06, sent 19/06: on time.  Seen on 01/07/2026 (quý III,
        # due 25/09, is the next one).
        duty = ReportingDuty(unit="SNV", kind=PeriodKind.QUARTER)
        series = Series(rule=duty, start=date(2026, 1, 1))
        task = Task(id="T1", directive_id="D1", content="Báo cáo quý", lead_unit="SNV",
                    deadline=FixedDate(date=date(2026, 3, 25)), anchor=date(2026, 1, 2),
                    due_date=date(2026, 3, 25), assigned_on=date(2026, 1, 2))
        ev = EventBuilder()
        q1, q2 = done(ev, date(2026, 3, 27)), done(ev, date(2026, 6, 19))
        tags: dict[TaskEvent, str] = {q1: "2026-Q1", q2: "2026-Q2"}
        view = series_view(task, [ev.assigned(date(2026, 1, 2)), q1, q2], series,
                           as_of=date(2026, 7, 1), calendar=cal, occurrence_of=tagger(tags))
        got = [(i.occurrence.key, i.status.kind, i.status.working_days_late)
               for i in view.items]
        assert got == [("2026-Q1", StatusKind.COMPLETED_LATE, 2),
                       ("2026-Q2", StatusKind.COMPLETED_ON_TIME, 0),
                       ("2026-Q3", StatusKind.IN_PROGRESS, 0)]

    def test_duty_validation(self) -> None:
        with pytest.raises(InvalidTypeError):
            ReportingDuty(unit="SNV", kind="quarter")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            ReportingDuty(unit="SNV", kind=PeriodKind.QUARTER,
                          submission=25)  # type: ignore[arg-type]
        with pytest.raises(ValidationError):
            ReportingDuty(unit="S NV", kind=PeriodKind.QUARTER)

    @pytest.mark.parametrize("text", ["trước ngày 32 của tháng cuối kỳ", "hằng tháng",
                                      "trước ngày 20", "x" * 300])
    def test_submission_phrase_refused(self, text: str) -> None:
        with pytest.raises(ParseError):
            DayOfLastMonth.parse(text)

    def test_submission_phrase_without_diacritics(self) -> None:
        assert DayOfLastMonth.parse("cham nhat ngay 15 thang cuoi quy") == DayOfLastMonth(
            day=15)

    def test_occurrence_is_a_value(self, cal: Any) -> None:
        occ = Series(rule=MONTHLY_20, start=date(2026, 1, 5)).occurrences(
            date(2026, 1, 5), calendar=cal)[0]
        assert isinstance(occ, Occurrence)
        assert occ == Series(rule=MONTHLY_20, start=date(2026, 1, 5)).occurrences(
            date(2026, 1, 5), calendar=cal)[0]


@pytest.mark.parametrize("as_of", [date(9998, 11, 27), date(9999, 12, 31)])
def test_as_of_near_the_end_of_dates_is_a_library_error(as_of: date) -> None:
    """Issue 17 item 7 (found by tests/fuzz/test_fuzz_boundaries.py): an *as_of* within 400
    days of 31/12/9999 made ``as_of + 400 days`` raise OverflowError; now the look-ahead
    stops at the last date and the series is refused like any other out-of-range one
    (a ValidationError: the calendar's years end long before 9999)."""
    series = Series(rule=MONTHLY_20, start=date(9998, 6, 1))
    with pytest.raises(ValidationError):
        series.occurrences(as_of, calendar=vietnam_calendar())
