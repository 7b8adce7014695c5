# SPDX-License-Identifier: MIT
"""Tests for directive_tracker.periods (Decree 09/2019/NĐ-CP reporting periods)."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_tracker.exceptions import InvalidTypeError, ParseError, ValidationError
from directive_tracker.periods import (
    MAX_LABEL_LENGTH,
    CalendarDaysAfterCutoff,
    DayOfLastMonth,
    PeriodKind,
    ReportingPeriod,
    WorkingDaysAfterCutoff,
    period_label_vi,
)

P = ReportingPeriod


class WeekendOnlyCalendar:
    """A test calendar whose only non-working days are Saturdays and Sundays."""

    def add_working_days(self, start: date, n: int, /) -> date:
        """Return the n-th Monday-to-Friday after start (start not counted)."""
        current = start
        while n > 0:
            current += timedelta(days=1)
            if current.weekday() < 5:
                n -= 1
        return current


# (period, window start, window end, calendar start, calendar end, Art 13 due) — by hand
# from Decree 09/2019 Art 12-13 (domain.md §4).
WINDOWS = [
    (P.month(2025, 1), date(2024, 12, 15), date(2025, 1, 14), date(2025, 1, 1),
     date(2025, 1, 31), date(2025, 1, 25)),
    (P.month(2024, 3), date(2024, 2, 15), date(2024, 3, 14), date(2024, 3, 1),
     date(2024, 3, 31), date(2024, 3, 25)),
    (P.month(2024, 2), date(2024, 1, 15), date(2024, 2, 14), date(2024, 2, 1),
     date(2024, 2, 29), date(2024, 2, 25)),
    (P.month(2023, 2), date(2023, 1, 15), date(2023, 2, 14), date(2023, 2, 1),
     date(2023, 2, 28), date(2023, 2, 25)),
    (P.month(2024, 5), date(2024, 4, 15), date(2024, 5, 14), date(2024, 5, 1),
     date(2024, 5, 31), date(2024, 5, 25)),
    (P.month(2024, 12), date(2024, 11, 15), date(2024, 12, 14), date(2024, 12, 1),
     date(2024, 12, 31), date(2024, 12, 25)),
    (P.quarter(2025, 1), date(2024, 12, 15), date(2025, 3, 14), date(2025, 1, 1),
     date(2025, 3, 31), date(2025, 3, 25)),
    (P.quarter(2024, 2), date(2024, 3, 15), date(2024, 6, 14), date(2024, 4, 1),
     date(2024, 6, 30), date(2024, 6, 25)),
    (P.quarter(2024, 3), date(2024, 6, 15), date(2024, 9, 14), date(2024, 7, 1),
     date(2024, 9, 30), date(2024, 9, 25)),
    (P.quarter(2024, 4), date(2024, 9, 15), date(2024, 12, 14), date(2024, 10, 1),
     date(2024, 12, 31), date(2024, 12, 25)),
    (P.half_year(2024, 1), date(2023, 12, 15), date(2024, 6, 14), date(2024, 1, 1),
     date(2024, 6, 30), date(2024, 6, 25)),
    (P.half_year(2024, 2), date(2024, 6, 15), date(2024, 12, 14), date(2024, 7, 1),
     date(2024, 12, 31), date(2024, 12, 25)),
    (P.nine_months(2024), date(2023, 12, 15), date(2024, 9, 14), date(2024, 1, 1),
     date(2024, 9, 30), date(2024, 9, 25)),
    (P.year(2024), date(2023, 12, 15), date(2024, 12, 14), date(2024, 1, 1),
     date(2024, 12, 31), date(2024, 12, 25)),
    (P.year(2100), date(2099, 12, 15), date(2100, 12, 14), date(2100, 1, 1),
     date(2100, 12, 31), date(2100, 12, 25)),
]


class TestWindows:
    @pytest.mark.parametrize(("period", "start", "end", "cal_start", "cal_end", "due"),
                             WINDOWS, ids=[w[0].label_en for w in WINDOWS])
    def test_table(self, period: ReportingPeriod, start: date, end: date, cal_start: date,
                   cal_end: date, due: date) -> None:
        """Cut-off window, calendar period and Art 13 due date match the hand table."""
        assert (start, end) == (period.start, period.end)
        assert (cal_start, cal_end) == (period.calendar_start, period.calendar_end)
        assert due == period.submission_due()

    def test_attributes(self) -> None:
        """kind, year and index are exposed; ReportingPeriod.year(y) still constructs."""
        period = P.quarter(2024, 3)
        assert (PeriodKind.QUARTER, 2024, 3) == (period.kind, period.year, period.index)
        assert (PeriodKind.YEAR, 2024, 1) == (P.year(2024).kind, P.year(2024).year,
                                              P.year(2024).index)
        assert (7, 9) == (period.first_month, period.last_month)

    def test_contains(self) -> None:
        """contains() is inclusive at both ends of the window."""
        period = P.month(2024, 5)
        expected = [False, True, True, False]
        actual = [period.contains(d) for d in (date(2024, 4, 14), date(2024, 4, 15),
                                               date(2024, 5, 14), date(2024, 5, 15))]
        assert expected == actual

    def test_contains_refuses_datetime(self) -> None:
        """contains() refuses a datetime."""
        with pytest.raises(InvalidTypeError):
            P.month(2024, 5).contains(datetime(2024, 5, 1))  # type: ignore[arg-type]

    @settings(max_examples=300, deadline=None)
    @given(st.sampled_from([PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR,
                            PeriodKind.YEAR]),
           st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
    def test_windows_tile(self, kind: PeriodKind, d: date) -> None:
        """Consecutive windows of one kind leave no gap and do not overlap."""
        period = P.containing(d, kind)
        assert period.end + timedelta(days=1) == period.next().start
        assert period.start - timedelta(days=1) == period.previous().end


class TestContaining:
    @pytest.mark.parametrize(
        ("d", "kind", "expected"),
        [
            (date(2024, 12, 20), PeriodKind.MONTH, P.month(2025, 1)),
            (date(2024, 12, 20), PeriodKind.QUARTER, P.quarter(2025, 1)),
            (date(2024, 12, 20), PeriodKind.HALF_YEAR, P.half_year(2025, 1)),
            (date(2024, 12, 20), PeriodKind.NINE_MONTHS, P.nine_months(2025)),
            (date(2024, 12, 20), PeriodKind.YEAR, P.year(2025)),
            (date(2024, 12, 14), PeriodKind.MONTH, P.month(2024, 12)),
            (date(2024, 12, 14), PeriodKind.QUARTER, P.quarter(2024, 4)),
            (date(2024, 12, 14), PeriodKind.HALF_YEAR, P.half_year(2024, 2)),
            (date(2024, 12, 14), PeriodKind.YEAR, P.year(2024)),
            (date(2024, 12, 15), PeriodKind.MONTH, P.month(2025, 1)),
            (date(2025, 3, 14), PeriodKind.QUARTER, P.quarter(2025, 1)),
            (date(2025, 3, 15), PeriodKind.QUARTER, P.quarter(2025, 2)),
            (date(2024, 6, 14), PeriodKind.HALF_YEAR, P.half_year(2024, 1)),
            (date(2024, 6, 15), PeriodKind.HALF_YEAR, P.half_year(2024, 2)),
            (date(2024, 9, 14), PeriodKind.NINE_MONTHS, P.nine_months(2024)),
            (date(2024, 2, 29), PeriodKind.MONTH, P.month(2024, 3)),
            (date(2024, 2, 14), PeriodKind.MONTH, P.month(2024, 2)),
            (date(2025, 1, 1), PeriodKind.YEAR, P.year(2025)),
        ],
    )
    def test_table(self, d: date, kind: PeriodKind, expected: ReportingPeriod) -> None:
        """Windows are shifted half a month from calendar periods."""
        assert expected == P.containing(d, kind)

    @pytest.mark.parametrize("d", [date(2024, 9, 15), date(2024, 11, 1), date(2024, 12, 14)])
    def test_nine_month_gap(self, d: date) -> None:
        """15/09-14/12 is in no nine-month window."""
        with pytest.raises(ValidationError, match="nine-month"):
            P.containing(d, PeriodKind.NINE_MONTHS)

    @settings(max_examples=300, deadline=None)
    @given(st.sampled_from(list(PeriodKind)),
           st.dates(min_value=date(2, 1, 1), max_value=date(9998, 12, 14)))
    def test_window_contains_date(self, kind: PeriodKind, d: date) -> None:
        """The returned period's window contains the date."""
        try:
            period = P.containing(d, kind)
        except ValidationError:
            assert kind is PeriodKind.NINE_MONTHS
            return
        assert period.start <= d <= period.end

    def test_errors(self) -> None:
        """Non-dates, datetimes and non-kinds are refused."""
        with pytest.raises(InvalidTypeError):
            P.containing(datetime(2024, 1, 1), PeriodKind.MONTH)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            P.containing("2024-01-01", PeriodKind.MONTH)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            P.containing(date(2024, 1, 1), "month")  # type: ignore[arg-type]
        with pytest.raises(ValidationError):
            P.containing(date(9998, 12, 20), PeriodKind.MONTH)


class TestSubmissionRules:
    def test_day_of_last_month(self) -> None:
        """Decree 138/2016 used the 20th for quarters; 31 clips to the month's last day."""
        expected = [date(2024, 6, 20), date(2024, 6, 30), date(2024, 2, 29), date(2023, 2, 28)]
        actual = [P.quarter(2024, 2).submission_due(DayOfLastMonth(day=20)),
                  P.quarter(2024, 2).submission_due(DayOfLastMonth(day=31)),
                  P.month(2024, 2).submission_due(DayOfLastMonth(day=31)),
                  P.month(2023, 2).submission_due(DayOfLastMonth(day=30))]
        assert expected == actual

    def test_calendar_days_after_cutoff(self) -> None:
        """5 calendar days after the 14/05/2024 cut-off is 19/05/2024."""
        expected = date(2024, 5, 19)
        assert expected == P.month(2024, 5).submission_due(CalendarDaysAfterCutoff(days=5))

    @pytest.mark.parametrize(
        ("period", "expected"),
        [
            (P.month(2024, 5), date(2024, 5, 16)),   # cut-off Tue 14/05 -> Thu 16/05
            (P.quarter(2024, 2), date(2024, 6, 18)),  # cut-off Fri 14/06 -> Tue 18/06
            (P.month(2024, 9), date(2024, 9, 17)),   # cut-off Sat 14/09 -> Tue 17/09
        ],
    )
    def test_working_days_after_cutoff(self, period: ReportingPeriod, expected: date) -> None:
        """Khánh Hòa style: 2 working days after the cut-off (weekends skipped)."""
        rule = WorkingDaysAfterCutoff(days=2, calendar=WeekendOnlyCalendar())
        assert expected == period.submission_due(rule)

    @pytest.mark.parametrize(
        ("factory", "error"),
        [
            (lambda: DayOfLastMonth(day=0), ValidationError),
            (lambda: DayOfLastMonth(day=32), ValidationError),
            (lambda: DayOfLastMonth(day="25"), InvalidTypeError),
            (lambda: CalendarDaysAfterCutoff(days=-1), ValidationError),
            (lambda: WorkingDaysAfterCutoff(days=2, calendar=object()), InvalidTypeError),
            (lambda: WorkingDaysAfterCutoff(days=400, calendar=WeekendOnlyCalendar()),
             ValidationError),
        ],
    )
    def test_rule_errors(self, factory: object, error: type[Exception]) -> None:
        """Rules validate their parameters."""
        with pytest.raises(error):
            factory()  # type: ignore[operator]

    def test_bad_rule_object(self) -> None:
        """An object without due_date is refused."""
        with pytest.raises(InvalidTypeError):
            P.month(2024, 5).submission_due(object())  # type: ignore[arg-type]


class TestNavigation:
    @pytest.mark.parametrize(
        ("period", "following"),
        [
            (P.month(2024, 12), P.month(2025, 1)),
            (P.month(2024, 1), P.month(2024, 2)),
            (P.quarter(2024, 4), P.quarter(2025, 1)),
            (P.half_year(2024, 1), P.half_year(2024, 2)),
            (P.half_year(2024, 2), P.half_year(2025, 1)),
            (P.nine_months(2024), P.nine_months(2025)),
            (P.year(2024), P.year(2025)),
        ],
    )
    def test_next_previous(self, period: ReportingPeriod, following: ReportingPeriod) -> None:
        """next() crosses year ends; previous() is its inverse."""
        assert following == period.next()
        assert period == following.previous()

    def test_bounds(self) -> None:
        """Stepping beyond the supported years raises ValidationError."""
        with pytest.raises(ValidationError):
            P.month(9998, 12).next()
        with pytest.raises(ValidationError):
            P.quarter(2, 1).previous()

    def test_ordering(self) -> None:
        """Periods sort by window end, then kind: the shorter period first for one cut-off."""
        periods = [P.year(2024), P.month(2024, 6), P.half_year(2024, 1), P.quarter(2024, 2),
                   P.month(2024, 1), P.quarter(2023, 4), P.nine_months(2024)]
        expected = [P.quarter(2023, 4), P.month(2024, 1), P.month(2024, 6), P.quarter(2024, 2),
                    P.half_year(2024, 1), P.nine_months(2024), P.year(2024)]
        assert expected == sorted(periods)
        assert P.month(2024, 1) < P.month(2024, 2) <= P.month(2024, 2)
        assert P.year(2025) > P.year(2024) >= P.year(2024)

    def test_ordering_with_other_types(self) -> None:
        """Comparing with a non-period raises TypeError."""
        with pytest.raises(TypeError):
            _ = P.year(2024) < 2024  # type: ignore[operator]
        with pytest.raises(TypeError):
            _ = P.year(2024) <= 2024  # type: ignore[operator]
        with pytest.raises(TypeError):
            _ = P.year(2024) > "2024"  # type: ignore[operator]
        with pytest.raises(TypeError):
            _ = P.year(2024) >= None  # type: ignore[operator]

    @settings(max_examples=300, deadline=None)
    @given(st.sampled_from(list(PeriodKind)), st.integers(3, 9997), st.integers(1, 12))
    def test_next_previous_inverse(self, kind: PeriodKind, year: int, index: int) -> None:
        """previous(next(p)) == p and p < next(p)."""
        period = P.of_kind(kind, year, (index - 1) % kind.count_per_year + 1)
        assert period == period.next().previous()
        assert period < period.next()

    def test_hashable_and_frozen(self) -> None:
        """Periods are hashable values and immutable."""
        assert 1 == len({P.month(2024, 5), P.month(2024, 5)})
        with pytest.raises(AttributeError):
            P.month(2024, 5).index = 6  # type: ignore[misc]


class TestValidation:
    @pytest.mark.parametrize(
        ("factory", "error"),
        [
            (lambda: P.month(2024, 13), ValidationError),
            (lambda: P.month(2024, 0), ValidationError),
            (lambda: P.month("2024", 1), InvalidTypeError),
            (lambda: P.month(2024, True), InvalidTypeError),
            (lambda: P.quarter(2024, 5), ValidationError),
            (lambda: P.half_year(2024, 3), ValidationError),
            (lambda: P.year(1), ValidationError),
            (lambda: P.year(9999), ValidationError),
            (lambda: P.nine_months(2024.0), InvalidTypeError),
            (lambda: P.of_kind(PeriodKind.QUARTER, 2024, 5), ValidationError),
            (lambda: P.of_kind(PeriodKind.YEAR, 2024, 2), ValidationError),
            (lambda: ReportingPeriod(kind="month", year=2024, index=1), InvalidTypeError),
        ],
    )
    def test_errors(self, factory: object, error: type[Exception]) -> None:
        """Out-of-range or wrongly typed fields raise library errors."""
        with pytest.raises(error):
            factory()  # type: ignore[operator]


LABELS = [
    (P.month(2024, 5), "Tháng 5/2024", "May 2024"),
    (P.month(2025, 12), "Tháng 12/2025", "December 2025"),
    (P.quarter(2024, 2), "Quý II/2024", "Q2 2024"),
    (P.quarter(2024, 4), "Quý IV/2024", "Q4 2024"),
    (P.half_year(2024, 1), "6 tháng đầu năm 2024", "First half of 2024"),
    (P.half_year(2024, 2), "6 tháng cuối năm 2024", "Second half of 2024"),
    (P.nine_months(2024), "9 tháng năm 2024", "First nine months of 2024"),
    (P.year(2024), "Năm 2024", "Year 2024"),
]


class TestLabels:
    @pytest.mark.parametrize(("period", "vi", "en"), LABELS)
    def test_labels(self, period: ReportingPeriod, vi: str, en: str) -> None:
        """Official Vietnamese wording and English labels; str() is the Vietnamese one."""
        assert (vi, en, vi) == (period.label_vi, period.label_en, str(period))

    @pytest.mark.parametrize(("period", "vi", "en"), LABELS)
    def test_parse_own_labels(self, period: ReportingPeriod, vi: str, en: str) -> None:
        """Both labels parse back to the period."""
        assert (period, period) == (P.parse(vi), P.parse(en))

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("quy 2/2024", P.quarter(2024, 2)),
            ("QUÝ II/2024", P.quarter(2024, 2)),
            ("Quý IV năm 2024", P.quarter(2024, 4)),
            ("Quý III - 2024", P.quarter(2024, 3)),
            ("quý 1.2025", P.quarter(2025, 1)),
            (unicodedata.normalize("NFD", "Quý II/2024"), P.quarter(2024, 2)),
            ("tháng 05 năm 2024", P.month(2024, 5)),
            ("thang 5-2024", P.month(2024, 5)),
            ("  Tháng  12 / 2024 ", P.month(2024, 12)),
            ("6 thang dau nam 2024", P.half_year(2024, 1)),
            ("6 tháng năm 2024", P.half_year(2024, 1)),
            ("sáu tháng cuối năm 2024", P.half_year(2024, 2)),
            ("9 tháng đầu năm 2024", P.nine_months(2024)),
            ("nam 2024", P.year(2024)),
            ("Cả năm 2024.", P.year(2024)),
            ("q3 2024", P.quarter(2024, 3)),
        ],
    )
    def test_parse_variants(self, text: str, expected: ReportingPeriod) -> None:
        """Labels with or without diacritics, Roman or Arabic quarters, any case."""
        assert expected == P.parse(text)

    @pytest.mark.parametrize(
        "text",
        ["", "Quý V/2024", "Quý 5/2024", "Quý IIII/2024", "Tháng 13/2024", "Tháng 0/2024",
         "tuần 5/2024", "Năm 1", "Quý II/2024 abc", "Q5 2024", "Smarch 2024", "2024",
         "Quý II", "x" * 500],
    )
    def test_parse_errors(self, text: str) -> None:
        """Unreadable labels raise ParseError quoting the text and listing the forms."""
        with pytest.raises(ParseError, match="Quý II/2024"):
            P.parse(text)

    def test_parse_non_str(self) -> None:
        """A non-str label raises InvalidTypeError."""
        with pytest.raises(InvalidTypeError):
            P.parse(2024)  # type: ignore[arg-type]

    def test_parse_refuses_long_input_before_cutting(self) -> None:
        """Issue 17 item 10: "Năm 202" + 193 spaces + "4 rác" (205 characters) was cut at
        200 characters before parsing and read as year 202; it is now refused whole."""
        text = "Năm 202" + " " * 193 + "4 rác"
        assert 205 == len(text)  # 7 + 193 + 5, by hand
        with pytest.raises(ParseError, match="at most 200 characters"):
            P.parse(text)

    def test_parse_length_cap_is_on_raw_input(self) -> None:
        """200 code points are read; 201 are refused, even if NFC would shorten them."""
        assert 200 == MAX_LABEL_LENGTH
        padded = "Năm 2024" + " " * 192  # 8 + 192 = 200 code points
        assert P.year(2024) == P.parse(padded)
        with pytest.raises(ParseError, match="got 201"):
            P.parse(padded + " ")
        # "Năm" in NFD is "Na" + U+0306 + "m" (4 code points): 9 + 192 = 201 > 200.
        nfd = unicodedata.normalize("NFD", "Năm 2024") + " " * 192
        assert 201 == len(nfd)
        with pytest.raises(ParseError):
            P.parse(nfd)


# The one wording of periods (issue 11): official report titles, e.g. the General
# Statistics Office's "Báo cáo tình hình kinh tế - xã hội quý III và 9 tháng năm 2024";
# title form capitalised, in-sentence form with a lower-case first letter.
PERIOD_WORDS = [
    (PeriodKind.MONTH, 6, 2024, "Tháng 6/2024", "tháng 6/2024"),
    (PeriodKind.MONTH, 6, None, "Tháng 6", "tháng 6"),
    (PeriodKind.QUARTER, 2, 2024, "Quý II/2024", "quý II/2024"),
    (PeriodKind.QUARTER, 3, None, "Quý III", "quý III"),
    (PeriodKind.HALF_YEAR, 1, 2024, "6 tháng đầu năm 2024", "6 tháng đầu năm 2024"),
    (PeriodKind.HALF_YEAR, 2, None, "6 tháng cuối năm", "6 tháng cuối năm"),
    (PeriodKind.NINE_MONTHS, None, 2024, "9 tháng năm 2024", "9 tháng năm 2024"),
    (PeriodKind.NINE_MONTHS, 1, None, "9 tháng đầu năm", "9 tháng đầu năm"),
    (PeriodKind.YEAR, None, 2024, "Năm 2024", "năm 2024"),
    (PeriodKind.YEAR, None, None, "Năm nay", "năm nay"),
]


class TestPeriodWording:
    @pytest.mark.parametrize(("kind", "index", "year", "title", "inline"), PERIOD_WORDS)
    def test_forms(self, kind: PeriodKind, index: int | None, year: int | None, title: str,
                   inline: str) -> None:
        """Title and in-sentence forms, with and without a year."""
        assert (title, inline) == (period_label_vi(kind, index, year),
                                   period_label_vi(kind, index, year, capitalised=False))

    def test_label_vi_is_the_title_form(self) -> None:
        """ReportingPeriod.label_vi is period_label_vi's title form (one wording)."""
        assert "Quý II/2024" == P.quarter(2024, 2).label_vi == period_label_vi(
            PeriodKind.QUARTER, 2, 2024)

    @pytest.mark.parametrize(("kind", "index"), [
        (PeriodKind.MONTH, None), (PeriodKind.MONTH, 13), (PeriodKind.QUARTER, 5),
        (PeriodKind.HALF_YEAR, 0)])
    def test_bad_index(self, kind: PeriodKind, index: int | None) -> None:
        """A missing or out-of-range index is refused."""
        with pytest.raises((ValidationError, InvalidTypeError)):
            period_label_vi(kind, index, 2024)

    def test_bad_kind(self) -> None:
        """Only a PeriodKind names a kind here (no strings)."""
        with pytest.raises(InvalidTypeError):
            period_label_vi("quarter", 2, 2024)  # type: ignore[arg-type]


class TestPeriodKindValues:
    def test_stored_strings(self) -> None:
        """The stored strings are the members' values and compare equal to them."""
        assert ["month", "quarter", "half_year", "nine_months", "year"] == [
            k.value for k in PeriodKind]
        assert PeriodKind.QUARTER == "quarter"
        assert PeriodKind("half_year") is PeriodKind.HALF_YEAR

    def test_one_type(self) -> None:
        """deadlines uses the same PeriodKind (no second Literal type)."""
        from directive_tracker import deadlines

        assert deadlines.PeriodKind is PeriodKind

    @settings(max_examples=400, deadline=None)
    @given(st.sampled_from(list(PeriodKind)), st.integers(2, 9998), st.integers(1, 12))
    def test_round_trip(self, kind: PeriodKind, year: int, index: int) -> None:
        """parse(label_vi) == parse(label_en) == the period, for every period."""
        period = P.of_kind(kind, year, (index - 1) % kind.count_per_year + 1)
        assert (period, period) == (P.parse(period.label_vi), P.parse(period.label_en))

    @settings(max_examples=400, deadline=None)
    @given(st.text(max_size=40))
    def test_parse_never_crashes(self, text: str) -> None:
        """Any text parses to a period whose label parses back, or raises ParseError."""
        try:
            period = P.parse(text)
        except ParseError:
            return
        assert period == P.parse(period.label_vi)


class TestDictForm:
    def test_to_dict(self) -> None:
        """The JSON-safe form names kind, year and index."""
        expected = {"kind": "quarter", "year": 2024, "index": 2}
        assert expected == P.quarter(2024, 2).to_dict()

    @settings(max_examples=200, deadline=None)
    @given(st.sampled_from(list(PeriodKind)), st.integers(2, 9998), st.integers(1, 12))
    def test_round_trip(self, kind: PeriodKind, year: int, index: int) -> None:
        """from_dict(to_dict(p)) == p."""
        period = P.of_kind(kind, year, (index - 1) % kind.count_per_year + 1)
        assert period == P.from_dict(period.to_dict())

    @pytest.mark.parametrize(
        ("data", "error"),
        [
            ([], ValidationError),
            ({"kind": "month", "year": 2024}, ValidationError),
            ({"kind": "week", "year": 2024, "index": 1}, ValidationError),
            ({"kind": "month", "year": 2024, "index": 13}, ValidationError),
            ({"kind": "month", "year": "2024", "index": 1}, InvalidTypeError),
            ({"kind": "month", "year": 2024, "index": 1, "x": 0}, ValidationError),
        ],
    )
    def test_from_dict_errors(self, data: object, error: type[Exception]) -> None:
        """Malformed data raises library errors."""
        with pytest.raises(error):
            P.from_dict(data)


class TestContainingCalendar:
    @pytest.mark.parametrize(
        ("d", "kind", "expected"),
        [
            (date(2024, 8, 20), PeriodKind.QUARTER, P.quarter(2024, 3)),
            (date(2024, 12, 20), PeriodKind.MONTH, P.month(2024, 12)),
            (date(2024, 12, 31), PeriodKind.YEAR, P.year(2024)),
            (date(2024, 7, 1), PeriodKind.HALF_YEAR, P.half_year(2024, 2)),
            (date(2024, 9, 30), PeriodKind.NINE_MONTHS, P.nine_months(2024)),
        ],
    )
    def test_table(self, d: date, kind: PeriodKind, expected: ReportingPeriod) -> None:
        """Plain calendar periods: quý III/2024 is 01/07-30/09."""
        assert expected == P.containing_calendar(d, kind)

    def test_errors(self) -> None:
        """October is in no nine-month calendar period; datetimes and bad kinds are refused."""
        with pytest.raises(ValidationError):
            P.containing_calendar(date(2024, 10, 1), PeriodKind.NINE_MONTHS)
        with pytest.raises(InvalidTypeError):
            P.containing_calendar(datetime(2024, 10, 1), PeriodKind.MONTH)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            P.containing_calendar(date(2024, 10, 1), 3)  # type: ignore[arg-type]

    @settings(max_examples=200, deadline=None)
    @given(st.sampled_from([PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR,
                            PeriodKind.YEAR]),
           st.dates(min_value=date(2, 1, 1), max_value=date(9998, 12, 31)))
    def test_calendar_range_contains(self, kind: PeriodKind, d: date) -> None:
        """The calendar range of the result contains the date."""
        period = P.containing_calendar(d, kind)
        assert period.calendar_start <= d <= period.calendar_end
