# SPDX-License-Identifier: MIT
"""
The Decree 09/2019/NĐ-CP reporting duty as a deadline rule (``PeriodicReport``) and the
one-off parts of a series (``OneOff``), in the domain (issue 13, items 2 and 3).

Decree 09/2019 Art 12 (data cut-off windows, both ends inclusive): monthly 15th of the
previous month → 14th; quarterly 15th of the month before the quarter → 14th of its last
month; H1 15/12 → 14/06, H2 15/06 → 14/12; nine months 15/12 → 14/09; annual 15/12 →
14/12.  Art 13: submission by the 25th of the period's last month.

Calendar facts (2026): 01/01 is a Thursday; 01/03 a Sunday, so 20/03 is a Friday and
25/03 a Wednesday; 01/06 a Monday, so 20/06 is a Saturday and 22/06 a Monday; 25/09 a
Friday; 25/12 a Friday; 25/02 a Wednesday.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import (
    FixedDate,
    PeriodicReport,
    Recurring,
    WorkingDays,
    rule_from_dict,
)
from directive_tracker.events import TaskAssigned, TermsChanged
from directive_tracker.exceptions import (
    DeadlinePhraseError,
    InvalidDeadlineError,
    InvalidTypeError,
    ParseError,
)
from directive_tracker.occurrences import (
    OneOff,
    ReportingDuty,
    RuleChange,
    Series,
    is_periodic,
    series_of,
)
from directive_tracker.periods import (
    DayOfLastMonth,
    PeriodKind,
    WorkingDaysAfterCutoff,
    submissions_between,
)
from directive_tracker.phrases import parse_deadline
from directive_tracker.tasks import Task

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = vietnam_calendar()


class TestRule:
    def test_quarterly_art_13(self) -> None:
        rule = PeriodicReport(kind=PeriodKind.QUARTER)
        assert (rule.day, rule.roll, rule.until) == (25, False, None)
        assert rule.to_text() == "báo cáo định kỳ hằng quý theo Nghị định 09/2019/NĐ-CP"
        assert rule.label_en == "quarterly report under Decree 09/2019/ND-CP"
        # Anchor Sat 10/01/2026: the first report due on or after it is quý I/2026's,
        # 25/03/2026 (Art 13), a Wednesday.
        ex = rule.explain(date(2026, 1, 10), CAL)
        assert ex.due == date(2026, 3, 25)
        assert ex.steps[0].text_vi == (
            "báo cáo định kỳ hằng quý theo Nghị định 09/2019/NĐ-CP: kỳ báo cáo đầu tiên "
            "đến hạn kể từ 10/01/2026 là Quý I/2026, số liệu từ ngày 15/12/2025 đến ngày "
            "14/03/2026 (Điều 12), hạn gửi ngày 25 của tháng cuối kỳ (Nghị định "
            "09/2019/NĐ-CP Điều 13): 25/03/2026")
        assert ex.steps[0].text_en == (
            "quarterly report under Decree 09/2019/ND-CP: the first report due on or after "
            "10/01/2026 is Q1 2026, data from 15/12/2025 to 14/03/2026 (Art 12), sent by "
            "the 25th of the period's last month (Decree 09/2019 Art 13): 25/03/2026")

    def test_province_variant(self) -> None:
        rule = PeriodicReport.with_submission("quarter", "trước ngày 20 của tháng cuối kỳ")
        assert rule == PeriodicReport(kind="quarter", day=20)
        assert rule.to_text() == ("báo cáo định kỳ hằng quý theo Nghị định 09/2019/NĐ-CP, "
                                  "trước ngày 20 của tháng cuối kỳ")
        assert rule.due_date(date(2026, 1, 10), CAL) == date(2026, 3, 20)  # Fri 20/03
        # The first report on or after Tue 24/03/2026 is quý II's: 20/06, a Saturday,
        # which stays as named; with roll it moves to Mon 22/06/2026.
        assert rule.due_date(date(2026, 3, 24), CAL) == date(2026, 6, 20)
        rolled = PeriodicReport(kind="quarter", day=20, roll=True)
        assert rolled.due_date(date(2026, 3, 24), CAL) == date(2026, 6, 22)
        assert "chuyển sang ngày làm việc tiếp theo 22/06/2026" in rolled.explain(
            date(2026, 3, 24), CAL).text_vi
        assert PeriodicReport.with_submission(
            PeriodKind.MONTH, DayOfLastMonth(day=10)).day == 10

    def test_every_kind(self) -> None:
        # Each kind from Thu 01/01/2026, by the 25th of the first period's last month:
        # month January 25/01; quarter 25/03; half-year 25/06; nine months 25/09; year
        # 25/12.
        anchor = date(2026, 1, 1)
        assert [PeriodicReport(kind=k).due_date(anchor, CAL) for k in PeriodKind] == [
            date(2026, 1, 25), date(2026, 3, 25), date(2026, 6, 25), date(2026, 9, 25),
            date(2026, 12, 25)]

    def test_windows(self) -> None:
        got = [(p.key, p.start, p.end, d) for d, p in submissions_between(
            PeriodKind.NINE_MONTHS, DayOfLastMonth(), date(2026, 1, 1), date(2026, 12, 31))]
        assert got == [("2026-9M", date(2025, 12, 15), date(2026, 9, 14), date(2026, 9, 25))]
        got = [(p.key, p.start, p.end, d) for d, p in submissions_between(
            PeriodKind.HALF_YEAR, DayOfLastMonth(), date(2026, 1, 1), date(2026, 12, 31))]
        assert got == [("2026-H1", date(2025, 12, 15), date(2026, 6, 14), date(2026, 6, 25)),
                       ("2026-H2", date(2026, 6, 15), date(2026, 12, 14), date(2026, 12, 25))]
        # February 2026: 15/01 - 14/02, due 25/02.  Both ends of [lo, hi] are inclusive.
        got = [(p.key, p.start, p.end, d) for d, p in submissions_between(
            PeriodKind.MONTH, DayOfLastMonth(), date(2026, 2, 25), date(2026, 3, 25))]
        assert got == [("2026-02", date(2026, 1, 15), date(2026, 2, 14), date(2026, 2, 25)),
                       ("2026-03", date(2026, 2, 15), date(2026, 3, 14), date(2026, 3, 25))]

    def test_until(self) -> None:
        rule = PeriodicReport(kind="year", until=date(2027, 12, 31))
        assert rule.to_text() == ("báo cáo định kỳ hằng năm theo Nghị định 09/2019/NĐ-CP, "
                                  "đến hết năm 2027")
        assert [d for d, _ in rule.reports(date(2026, 1, 1), date(2030, 1, 1))] == [
            date(2026, 12, 25), date(2027, 12, 25)]
        with pytest.raises(InvalidDeadlineError, match="no report due on or after"):
            rule.due_date(date(2027, 12, 26), CAL)

    @pytest.mark.parametrize("kwargs", [{"kind": "week"}, {"kind": "quarter", "day": 0},
                                        {"kind": "quarter", "day": 32}])
    def test_refused_values(self, kwargs: dict[str, object]) -> None:
        with pytest.raises(InvalidDeadlineError):
            PeriodicReport(**kwargs)  # type: ignore[arg-type]

    def test_refused_types(self) -> None:
        with pytest.raises(InvalidTypeError):
            PeriodicReport(kind="quarter", roll=1)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            PeriodicReport.with_submission("quarter", 20)  # type: ignore[arg-type]
        with pytest.raises(ParseError):
            PeriodicReport.with_submission("quarter", "trước ngày 20 hằng tháng")


class TestDictForm:
    def test_plain_data(self) -> None:
        rule = PeriodicReport(kind="half_year", day=15, roll=True, until=date(2027, 6, 30))
        assert rule.to_dict() == {"kind": "periodic_report", "period": "half_year",
                                  "day": 15, "roll": True, "until": "2027-06-30"}
        assert rule_from_dict(rule.to_dict()) == rule
        # Only the period is required: the day defaults to Art 13's 25th.
        assert rule_from_dict({"kind": "periodic_report", "period": "month"}) == \
            PeriodicReport(kind="month", day=25)

    @pytest.mark.parametrize("data", [
        {"kind": "periodic_report"},
        {"kind": "periodic_report", "period": "quarter", "submission": 20},
        {"kind": "periodic_report", "period": "quarter", "until": "31/12/2027"},
        {"kind": "periodic_report", "period": "weekly"},
        {"kind": "periodic_report", "period": "quarter", "day": "20"},
    ])
    def test_refused(self, data: dict[str, object]) -> None:
        with pytest.raises(InvalidDeadlineError):
            rule_from_dict(data)


class TestPhrase:
    @pytest.mark.parametrize(("text", "rule"), [
        ("Báo cáo định kỳ hằng tháng theo Nghị định 09/2019/NĐ-CP",
         PeriodicReport(kind="month")),
        ("bao cao dinh ky 6 thang theo nghi dinh so 09/2019/nd-cp",
         PeriodicReport(kind="half_year")),
        ("Sở Nội vụ báo cáo định kỳ hằng quý theo Nghị định số 09/2019/NĐ-CP, chậm nhất "
         "ngày 20 của tháng cuối quý", PeriodicReport(kind="quarter", day=20)),
        ("báo cáo 9 tháng theo Nghị định 09/2019/NĐ-CP", PeriodicReport(kind="nine_months")),
        ("báo cáo hằng năm theo Nghị định 09/2019/NĐ-CP (nếu trùng ngày nghỉ thì chuyển "
         "sang ngày làm việc tiếp theo), đến hết năm 2027",
         PeriodicReport(kind="year", roll=True, until=date(2027, 12, 31))),
    ])
    def test_read(self, text: str, rule: PeriodicReport) -> None:
        assert parse_deadline(text) == rule

    @pytest.mark.parametrize("text", [
        "báo cáo theo Nghị định 09/2019/NĐ-CP",  # no period
        "báo cáo hằng quý và hằng tháng theo Nghị định 09/2019/NĐ-CP",  # two periods
        "báo cáo hằng quý theo Nghị định 09/2019/NĐ-CP trước ngày 15/5/2026",  # a date
        "báo cáo hằng quý theo Nghị định 09/2019/NĐ-CP, trước ngày 32 của tháng cuối kỳ",
        "báo cáo 9 tháng đầu năm theo Nghị định 09/2019/NĐ-CP",  # vague
        "báo cáo định kỳ hằng quý theo Nghị định 09/2020/NĐ-CP",  # another decree
        "báo cáo hằng quý theo Nghị định 09/2019/NĐ-CP, không bao gồm ngày đó",
    ])
    def test_refused(self, text: str) -> None:
        with pytest.raises(DeadlinePhraseError):
            parse_deadline(text)

    def test_without_the_decree_it_is_a_recurrence(self) -> None:
        # Unchanged: without the Decree named, the quarterly phrase is a Recurring rule,
        # the 20th of the quarter's third month.
        assert parse_deadline("báo cáo hằng quý trước ngày 20 của tháng cuối kỳ") == \
            Recurring(freq="quarterly", month=3, day=20)


class TestDuty:
    def test_duty_and_rule(self) -> None:
        rule = PeriodicReport(kind="quarter", day=20, roll=True)
        duty = ReportingDuty.of_rule("SNV", rule)
        assert duty == ReportingDuty(unit="SNV", kind=PeriodKind.QUARTER,
                                     submission=DayOfLastMonth(day=20), roll=True)
        assert duty.to_rule() == rule
        with pytest.raises(InvalidTypeError):
            ReportingDuty(unit="SNV", kind=PeriodKind.QUARTER, submission=WorkingDaysAfterCutoff(
                days=2, calendar=CAL)).to_rule()
        with pytest.raises(InvalidTypeError):
            ReportingDuty.of_rule("SNV", Recurring(freq="quarterly"))  # type: ignore[arg-type]

    def test_a_task_with_the_rule_is_a_series_with_windows(self) -> None:
        task = Task(id="BC", directive_id="D1", content="Báo cáo quý", lead_unit="SNV",
                    deadline=PeriodicReport(kind="quarter"), anchor=date(2026, 1, 5),
                    due_date=date(2026, 3, 25), assigned_on=date(2026, 1, 5))
        assert is_periodic(task)
        occs = Series.of_task(task).occurrences(date(2026, 4, 1), calendar=CAL)
        # Quý I (due 25/03 ≤ 01/04) and the next, quý II (window 15/03 - 14/06).
        assert [(o.key, o.window_start, o.window_end, o.due) for o in occs] == [
            ("2026-Q1", date(2025, 12, 15), date(2026, 3, 14), date(2026, 3, 25)),
            ("2026-Q2", date(2026, 3, 15), date(2026, 6, 14), date(2026, 6, 25))]
        # The same occurrences as the domain's ReportingDuty with Art 13.
        duty = Series(rule=ReportingDuty(unit="SNV", kind=PeriodKind.QUARTER),
                      start=date(2026, 1, 5))
        assert duty.occurrences(date(2026, 4, 1), calendar=CAL) == occs


def _task(deadline: FixedDate | Recurring | WorkingDays, due: date | None) -> Task:
    return Task(id="T1", directive_id="D1", content="Báo cáo", lead_unit="SNV",
                deadline=deadline, anchor=date(2026, 1, 5), due_date=due,
                assigned_on=date(2026, 1, 5))


def _changed(day: int, month: int, before: Task, after: Task) -> TermsChanged:
    return TermsChanged(task_id="T1", at=datetime(2026, month, day, 9, tzinfo=VN),
                        actor="vt", reason="Điều chỉnh", previous_deadline=before.deadline,
                        new_deadline=after.deadline, previous_due=before.due_date,
                        new_due=after.due_date)


class TestOneOff:
    MONTHLY = Recurring(freq="monthly", day=20)
    ASSIGNED = TaskAssigned(task_id="T1", at=datetime(2026, 1, 5, 9, tzinfo=VN), actor="vt")

    def test_one_off_turned_periodic(self) -> None:
        # Due Fri 30/01/2026; from Wed 04/02 monthly by the 20th.
        before = _task(FixedDate(date=date(2026, 1, 30)), date(2026, 1, 30))
        after = _task(self.MONTHLY, date(2026, 1, 20))
        log = [self.ASSIGNED, _changed(4, 2, before, after)]
        assert not is_periodic(before)
        assert is_periodic(before, log)
        assert is_periodic(after)
        series = series_of(after, log)
        assert series == Series(rule=OneOff(due=date(2026, 1, 30)), start=date(2026, 1, 5),
                                changes=(RuleChange(effective=date(2026, 2, 4),
                                                    rule=self.MONTHLY),))
        occs = series.occurrences(date(2026, 3, 5), calendar=CAL)
        # The one-off (30/01, before the change), then the 20th from 04/02: 20/02, and
        # 20/03 the next one; 20/01 was named before the change: no occurrence.
        assert [(o.key, o.due, o.one_off) for o in occs] == [
            ("2026-01-30", date(2026, 1, 30), True), ("2026-02", date(2026, 2, 20), False),
            ("2026-03", date(2026, 3, 20), False)]
        assert occs[0].title_vi == "Nhiệm vụ hạn 30/01/2026"
        assert (occs[0].label_vi, occs[0].label_en) == ("Hạn 30/01/2026", "Due 30/01/2026")
        # As of 03/02, before the change: the one-off alone.
        assert [o.key for o in series_of(after, log, as_of=date(2026, 2, 3)).occurrences(
            date(2026, 2, 3), calendar=CAL)] == ["2026-01-30"]

    def test_one_off_due_after_the_change_is_replaced(self) -> None:
        # Due Tue 31/03/2026, turned monthly on Wed 04/02: the rule in force on 31/03 is
        # the monthly one, so the one-off is no occurrence: 20/02, 20/03, 20/04 (next).
        before = _task(FixedDate(date=date(2026, 3, 31)), date(2026, 3, 31))
        after = _task(self.MONTHLY, date(2026, 1, 20))
        log = [self.ASSIGNED, _changed(4, 2, before, after)]
        occs = series_of(after, log).occurrences(date(2026, 4, 1), calendar=CAL)
        assert [o.key for o in occs] == ["2026-02", "2026-03", "2026-04"]

    def test_periodic_turned_one_off_due_before_the_change(self) -> None:
        # Monthly from 05/01; on Wed 25/02 turned one-off due Mon 23/02 (already passed):
        # January (20/01) and February (20/02) stay, and the remaining duty is the
        # one-off, also due before the change (it does not vanish); no March occurrence.
        before = _task(self.MONTHLY, date(2026, 1, 20))
        after = _task(FixedDate(date=date(2026, 2, 23)), date(2026, 2, 23))
        log = [self.ASSIGNED, _changed(25, 2, before, after)]
        assert not is_periodic(after)
        assert is_periodic(after, log)
        series = series_of(after, log)
        occs = series.occurrences(date(2026, 4, 1), calendar=CAL)
        assert [(o.key, o.due) for o in occs] == [
            ("2026-01", date(2026, 1, 20)), ("2026-02", date(2026, 2, 20)),
            ("2026-02-23", date(2026, 2, 23))]
        # The series ends the day before the change (24/02), after the one-off's day.
        assert series.end == date(2026, 2, 24)

    def test_never_periodic(self) -> None:
        task = _task(WorkingDays(n=10), date(2026, 1, 19))
        assert not is_periodic(task, [self.ASSIGNED])
        with pytest.raises(InvalidTypeError):
            series_of(task, [self.ASSIGNED])
        with pytest.raises(InvalidTypeError):
            Series(rule=FixedDate(date=date(2026, 1, 1)),  # type: ignore[arg-type]
                   start=date(2026, 1, 1))
