# SPDX-License-Identifier: MIT
"""
Contract tests every working-day calendar must pass (exchange_calendars style).

A concrete test class subclasses :class:`WorkingCalendarTestBase` and overrides
the fixtures ``calendar`` and the ``*_sample`` lists with values written by hand
from the official notices; the base class checks them and the arithmetic
properties against a naive day-by-day reference.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directive_tracker.calendars import (
    FIRST_SUPPORTED_DATE,
    LAST_SUPPORTED_DATE,
    DayKind,
    WorkingCalendar,
)
from directive_tracker.exceptions import DateOutOfRangeError, InvalidTypeError, ValidationError

#: Dates far enough from the range ends that n in [-300, 300] stays inside.
# Far enough from both ends that +-300 working days stay in range: from 01/03/1996 the
# 292nd working day back is 30/12/1994 (Tết 1996 and 1995 leave too few), so start in June.
INNER_DATES = st.dates(min_value=date(1996, 6, 1), max_value=date(2098, 10, 1))
OFFSETS = st.integers(min_value=-300, max_value=300)
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None,
                             suppress_health_check=[HealthCheck.function_scoped_fixture])


def naive_add(cal: WorkingCalendar, d: date, n: int) -> date:
    """Step day by day: the n-th working day strictly after d (before if n < 0)."""
    if n == 0:
        while not cal.is_working_day(d):
            d += timedelta(days=1)
        return d
    step = timedelta(days=1 if n > 0 else -1)
    left = abs(n)
    while left:
        d += step
        if cal.is_working_day(d):
            left -= 1
    return d


def naive_between(cal: WorkingCalendar, start: date, end: date) -> int:
    """Count working days in (start, end] one by one, negated when end < start."""
    lo, hi, sign = (start, end, 1) if start <= end else (end, start, -1)
    count = 0
    d = lo + timedelta(days=1)
    while d <= hi:
        count += cal.is_working_day(d)
        d += timedelta(days=1)
    return sign * count


class WorkingCalendarTestBase:
    """Contract of a WorkingCalendar; subclasses override the fixtures below."""

    @pytest.fixture
    def calendar(self) -> WorkingCalendar:
        """Return the calendar under test (override)."""
        raise NotImplementedError

    @pytest.fixture
    def days_off_sample(self) -> list[tuple[date, DayKind]]:
        """Return (date, kind) pairs of non-working days, written by hand (override)."""
        return []

    @pytest.fixture
    def working_days_sample(self) -> list[tuple[date, DayKind]]:
        """Return (date, kind) pairs of working days, written by hand (override)."""
        return []

    @pytest.fixture
    def add_sample(self) -> list[tuple[date, int, date]]:
        """Return (start, n, expected add_working_days) triples (override)."""
        return []

    @pytest.fixture
    def between_sample(self) -> list[tuple[date, date, int]]:
        """Return (start, end, expected working_days_between) triples (override)."""
        return []

    # ----------------------------------------------------------------- samples
    def test_days_off_sample(self, calendar: WorkingCalendar,
                             days_off_sample: list[tuple[date, DayKind]]) -> None:
        """Every hand-written day off is a non-working day of the stated kind."""
        expected = [(d, False, kind) for d, kind in days_off_sample]
        actual = [(d, calendar.is_working_day(d), calendar.day_info(d).kind)
                  for d, _ in days_off_sample]
        assert expected == actual

    def test_working_days_sample(self, calendar: WorkingCalendar,
                                 working_days_sample: list[tuple[date, DayKind]]) -> None:
        """Every hand-written working day is a working day of the stated kind."""
        expected = [(d, True, kind) for d, kind in working_days_sample]
        actual = [(d, calendar.is_working_day(d), calendar.day_info(d).kind)
                  for d, _ in working_days_sample]
        assert expected == actual

    def test_add_sample(self, calendar: WorkingCalendar,
                        add_sample: list[tuple[date, int, date]]) -> None:
        """add_working_days gives the hand-computed results."""
        expected = [(d, n, e) for d, n, e in add_sample]
        actual = [(d, n, calendar.add_working_days(d, n)) for d, n, _ in add_sample]
        assert expected == actual

    def test_add_sample_bulk(self, calendar: WorkingCalendar,
                             add_sample: list[tuple[date, int, date]]) -> None:
        """add_working_days_many gives the hand-computed results too."""
        expected = [e for _, _, e in add_sample]
        actual = calendar.add_working_days_many([d for d, _, _ in add_sample],
                                                [n for _, n, _ in add_sample])
        assert expected == actual

    def test_between_sample(self, calendar: WorkingCalendar,
                            between_sample: list[tuple[date, date, int]]) -> None:
        """working_days_between gives the hand-computed counts (and the bulk form agrees)."""
        expected = [c for _, _, c in between_sample]
        assert expected == [calendar.working_days_between(s, e) for s, e, _ in between_sample]
        assert expected == calendar.working_days_between_many(
            [s for s, _, _ in between_sample], [e for _, e, _ in between_sample])

    def test_day_info_consistent(self, calendar: WorkingCalendar,
                                 days_off_sample: list[tuple[date, DayKind]],
                                 working_days_sample: list[tuple[date, DayKind]]) -> None:
        """day_info's date, is_working and kind agree with each other and is_working_day."""
        for d, _ in days_off_sample + working_days_sample:
            info = calendar.day_info(d)
            assert (d, calendar.is_working_day(d), info.kind.is_working) == \
                (info.date, info.is_working, info.is_working)

    # ----------------------------------------------------------------- properties
    @PROPERTY_SETTINGS
    @given(d=INNER_DATES, n=OFFSETS)
    def test_add_matches_naive(self, calendar: WorkingCalendar, d: date, n: int) -> None:
        """add_working_days agrees with stepping day by day."""
        assert naive_add(calendar, d, n) == calendar.add_working_days(d, n)

    @PROPERTY_SETTINGS
    @given(a=INNER_DATES, days=st.integers(min_value=-400, max_value=400))
    def test_between_matches_naive(self, calendar: WorkingCalendar, a: date, days: int) -> None:
        """working_days_between agrees with counting day by day."""
        b = a + timedelta(days=days)
        assert naive_between(calendar, a, b) == calendar.working_days_between(a, b)

    @PROPERTY_SETTINGS
    @given(d=INNER_DATES, n=OFFSETS)
    def test_result_is_working_day(self, calendar: WorkingCalendar, d: date, n: int) -> None:
        """The result of add_working_days is always a working day."""
        assert True is calendar.is_working_day(calendar.add_working_days(d, n))

    @PROPERTY_SETTINGS
    @given(d=INNER_DATES, n=st.integers(min_value=1, max_value=300))
    def test_between_inverts_add(self, calendar: WorkingCalendar, d: date, n: int) -> None:
        """working_days_between(d, add_working_days(d, n)) == n for n >= 1, any d."""
        assert n == calendar.working_days_between(d, calendar.add_working_days(d, n))

    @PROPERTY_SETTINGS
    @given(a=INNER_DATES, days=st.integers(min_value=-400, max_value=400))
    def test_round_trip(self, calendar: WorkingCalendar, a: date, days: int) -> None:
        """For a working day a: add_working_days(a, between(a, b)) == roll_backward(b)."""
        a = calendar.roll_forward(a)
        b = a + timedelta(days=days)
        expected = calendar.roll_backward(b)
        assert expected == calendar.add_working_days(a, calendar.working_days_between(a, b))
        if calendar.is_working_day(b):
            assert b == calendar.add_working_days(a, calendar.working_days_between(a, b))

    @PROPERTY_SETTINGS
    @given(d1=INNER_DATES, d2=INNER_DATES, n=OFFSETS)
    def test_monotonic(self, calendar: WorkingCalendar, d1: date, d2: date, n: int) -> None:
        """d1 <= d2 implies add_working_days(d1, n) <= add_working_days(d2, n)."""
        lo, hi = sorted((d1, d2))
        assert calendar.add_working_days(lo, n) <= calendar.add_working_days(hi, n)

    @PROPERTY_SETTINGS
    @given(d=INNER_DATES, n=st.integers(min_value=1, max_value=300))
    def test_monotonic_in_n(self, calendar: WorkingCalendar, d: date, n: int) -> None:
        """add_working_days(d, n) < add_working_days(d, n + 1) for n >= 1 (and for -n)."""
        assert calendar.add_working_days(d, n) < calendar.add_working_days(d, n + 1)
        assert calendar.add_working_days(d, -n - 1) < calendar.add_working_days(d, -n)

    @PROPERTY_SETTINGS
    @given(d=INNER_DATES)
    def test_neighbours(self, calendar: WorkingCalendar, d: date) -> None:
        """next/previous/roll_* are add_working_days with n = 1, -1, 0 and its mirror."""
        expected = (calendar.add_working_days(d, 1), calendar.add_working_days(d, -1),
                    calendar.add_working_days(d, 0),
                    d if calendar.is_working_day(d) else calendar.add_working_days(d, -1))
        actual = (calendar.next_working_day(d), calendar.previous_working_day(d),
                  calendar.roll_forward(d), calendar.roll_backward(d))
        assert expected == actual

    @PROPERTY_SETTINGS
    @given(pairs=st.lists(st.tuples(INNER_DATES, OFFSETS), max_size=50))
    def test_bulk_equals_scalar(self, calendar: WorkingCalendar,
                                pairs: list[tuple[date, int]]) -> None:
        """The bulk forms equal the scalar ones item by item."""
        dates = [d for d, _ in pairs]
        ns = [n for _, n in pairs]
        expected = [calendar.add_working_days(d, n) for d, n in pairs]
        assert expected == calendar.add_working_days_many(dates, ns)
        ends = [d + timedelta(days=n) for d, n in pairs]
        assert [calendar.working_days_between(s, e) for s, e in zip(dates, ends, strict=True)] \
            == calendar.working_days_between_many(dates, ends)

    @PROPERTY_SETTINGS
    @given(start=INNER_DATES, days=st.integers(min_value=0, max_value=60))
    def test_working_days_in_range(self, calendar: WorkingCalendar, start: date,
                                   days: int) -> None:
        """working_days_in_range lists exactly the working days, both ends inclusive."""
        end = start + timedelta(days=days)
        expected = [start + timedelta(days=k) for k in range(days + 1)
                    if calendar.is_working_day(start + timedelta(days=k))]
        assert expected == calendar.working_days_in_range(start, end)

    @PROPERTY_SETTINGS
    @given(start=INNER_DATES, days=st.integers(min_value=0, max_value=60))
    def test_days_off_complements_working_days(self, calendar: WorkingCalendar, start: date,
                                               days: int) -> None:
        """days_off lists exactly the non-working days, both ends inclusive."""
        end = start + timedelta(days=days)
        expected = [start + timedelta(days=k) for k in range(days + 1)
                    if not calendar.is_working_day(start + timedelta(days=k))]
        assert expected == [info.date for info in calendar.days_off(start, end)]

    # ----------------------------------------------------------------- bad input
    @pytest.mark.parametrize("method", ["is_working_day", "day_info", "next_working_day",
                                        "previous_working_day", "roll_forward",
                                        "roll_backward"])
    @pytest.mark.parametrize("bad", [datetime(2026, 1, 5, 8, 0), "2026-01-05", 20260105, None])
    def test_single_date_wrong_type(self, calendar: WorkingCalendar, method: str,
                                    bad: Any) -> None:
        """A datetime, string, int or None is refused with InvalidTypeError."""
        with pytest.raises(InvalidTypeError, match=r"datetime\.date"):
            getattr(calendar, method)(bad)

    @pytest.mark.parametrize("method", ["is_working_day", "day_info", "next_working_day",
                                        "previous_working_day", "roll_forward",
                                        "roll_backward"])
    @pytest.mark.parametrize("bad", [date(1994, 12, 31), date(2100, 1, 1), date(1, 1, 1)])
    def test_single_date_out_of_range(self, calendar: WorkingCalendar, method: str,
                                      bad: date) -> None:
        """A date outside 1995-01-01..2099-12-31 raises DateOutOfRangeError naming the range."""
        with pytest.raises(DateOutOfRangeError, match="1995-01-01 to 2099-12-31") as info:
            getattr(calendar, method)(bad)
        assert (bad, FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE) == \
            (info.value.value, info.value.first, info.value.last)  # type: ignore[attr-defined]

    def test_range_is_stated(self, calendar: WorkingCalendar) -> None:
        """first_date/last_date are the documented 1995-01-01 and 2099-12-31."""
        assert (date(1995, 1, 1), date(2099, 12, 31)) == (calendar.first_date,
                                                          calendar.last_date)

    @pytest.mark.parametrize("bad_n", [1.0, "1", True, None, 2**0.5])
    def test_add_wrong_n(self, calendar: WorkingCalendar, bad_n: Any) -> None:
        """A non-int n (bool included) raises InvalidTypeError."""
        with pytest.raises(InvalidTypeError, match="n must be an int"):
            calendar.add_working_days(date(2026, 1, 5), bad_n)

    def test_add_wrong_date(self, calendar: WorkingCalendar) -> None:
        """add_working_days refuses a datetime start."""
        with pytest.raises(InvalidTypeError):
            calendar.add_working_days(datetime(2026, 1, 5), 1)

    @pytest.mark.parametrize(("d", "n"), [(date(2099, 12, 31), 1), (date(2099, 12, 1), 30),
                                          (date(1995, 1, 10), -10), (date(2000, 1, 1), 10**6),
                                          (date(2000, 1, 1), -(10**6))])
    def test_add_result_out_of_range(self, calendar: WorkingCalendar, d: date, n: int) -> None:
        """A result beyond the supported range raises DateOutOfRangeError, never wraps."""
        with pytest.raises(DateOutOfRangeError, match="1995-01-01 to 2099-12-31"):
            calendar.add_working_days(d, n)
        with pytest.raises(DateOutOfRangeError, match=r"dates\[0\]"):
            calendar.add_working_days_many([d], [n])

    def test_neighbours_out_of_range(self, calendar: WorkingCalendar) -> None:
        """next after the last day / previous before the first day raise DateOutOfRangeError."""
        with pytest.raises(DateOutOfRangeError):
            calendar.next_working_day(LAST_SUPPORTED_DATE)
        with pytest.raises(DateOutOfRangeError):
            calendar.previous_working_day(FIRST_SUPPORTED_DATE)
        with pytest.raises(DateOutOfRangeError):
            calendar.roll_backward(FIRST_SUPPORTED_DATE)

    def test_between_bad_input(self, calendar: WorkingCalendar) -> None:
        """working_days_between names the bad bound."""
        with pytest.raises(InvalidTypeError, match=r"^end"):
            calendar.working_days_between(date(2026, 1, 5), datetime(2026, 1, 6))
        with pytest.raises(DateOutOfRangeError, match=r"^start"):
            calendar.working_days_between(date(1990, 1, 5), date(2026, 1, 6))

    @pytest.mark.parametrize("method", ["days_off", "working_days_in_range"])
    def test_range_bad_input(self, calendar: WorkingCalendar, method: str) -> None:
        """Range methods refuse reversed bounds, datetimes and out-of-range dates."""
        fn = getattr(calendar, method)
        with pytest.raises(ValidationError, match="before start"):
            fn(date(2026, 1, 6), date(2026, 1, 5))
        with pytest.raises(InvalidTypeError, match=r"^start"):
            fn(datetime(2026, 1, 5), date(2026, 1, 6))
        with pytest.raises(DateOutOfRangeError, match=r"^end"):
            fn(date(2026, 1, 5), date(2100, 1, 6))

    @pytest.mark.parametrize("method", ["days_off_in_year", "special_days_in_year"])
    def test_year_bad_input(self, calendar: WorkingCalendar, method: str) -> None:
        """Year methods refuse non-int years and years outside 1995-2099."""
        fn = getattr(calendar, method)
        with pytest.raises(InvalidTypeError):
            fn("2026")
        with pytest.raises(InvalidTypeError):
            fn(True)
        with pytest.raises(ValidationError, match="between 1995 and 2099"):
            fn(1994)
        with pytest.raises(ValidationError, match="between 1995 and 2099"):
            fn(2100)

    def test_bulk_bad_input(self, calendar: WorkingCalendar) -> None:
        """The bulk forms name the bad item and refuse mismatched lengths."""
        good = [date(2026, 1, 5), date(2026, 1, 6)]
        with pytest.raises(InvalidTypeError, match=r"^dates\[1\]"):
            calendar.add_working_days_many([good[0], datetime(2026, 1, 6)], 1)
        with pytest.raises(DateOutOfRangeError, match=r"^dates\[0\]"):
            calendar.add_working_days_many([date(1990, 1, 1)], 1)
        with pytest.raises(InvalidTypeError, match=r"^ns\[1\]"):
            calendar.add_working_days_many(good, [1, True])
        with pytest.raises(InvalidTypeError, match=r"^ns"):
            calendar.add_working_days_many(good, "12")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match=r"^ns"):
            calendar.add_working_days_many(good, 1.5)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="must match"):
            calendar.add_working_days_many(good, [1, 2, 3])
        with pytest.raises(ValidationError, match="must match"):
            calendar.working_days_between_many(good, good[:1])
        with pytest.raises(InvalidTypeError, match=r"^ends\[0\]"):
            calendar.working_days_between_many(good[:1], ["2026-01-07"])  # type: ignore[list-item]
        with pytest.raises(DateOutOfRangeError, match=r"^starts\[1\]"):
            calendar.working_days_between_many([good[0], date(2100, 1, 1)], good)

    def test_bulk_empty(self, calendar: WorkingCalendar) -> None:
        """Empty input gives empty output."""
        assert ([], []) == (calendar.add_working_days_many([], []),
                            calendar.working_days_between_many([], []))

    def test_bulk_accepts_iterables(self, calendar: WorkingCalendar) -> None:
        """Generators are accepted and ns may be one int for all dates."""
        expected = [date(2026, 1, 6), date(2026, 1, 7)]
        gen = (d for d in [date(2026, 1, 5), date(2026, 1, 6)])
        assert expected == calendar.add_working_days_many(gen, 1)  # type: ignore[arg-type]

    def test_immutable(self, calendar: WorkingCalendar) -> None:
        """A calendar refuses attribute assignment and deletion."""
        with pytest.raises(AttributeError):
            calendar._le = []
        with pytest.raises(AttributeError):
            calendar.anything = 1
        with pytest.raises(AttributeError):
            del calendar._le
