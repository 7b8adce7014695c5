# SPDX-License-Identifier: MIT
"""
numpy, pandas and python-holidays views of the calendar agree with the library.

Each agreement test draws 10,000 cases with a seeded ``random.Random`` (seed stated in
the test): a start date anywhere in 1995-01-01 .. 2099-12-31 and an offset n in
-400..400, kept when the library's result is inside the range.  The expected value is
the library's own ``add_working_days``; the point is that three independent engines
(numpy's busday arithmetic, pandas' offsets, python-holidays' day-by-day walk) reproduce
it from the exported day lists alone.  Hand-checked anchors come first.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import ClassVar

import pytest

from directive_tracker.calendars import (
    FIRST_SUPPORTED_DATE,
    LAST_SUPPORTED_DATE,
    DayOverride,
    WorkingCalendar,
    vietnam_calendar,
)
from directive_tracker.exceptions import DateOutOfRangeError, InvalidTypeError, ValidationError

np = pytest.importorskip("numpy")
ONE_DAY = np.timedelta64(1, "D")
pd = pytest.importorskip("pandas")

CASES = 10_000
SPAN = (LAST_SUPPORTED_DATE - FIRST_SUPPORTED_DATE).days


def _cases(cal: WorkingCalendar, seed: int, max_n: int = 400) -> list[tuple[date, int, date]]:
    rng = random.Random(seed)
    out: list[tuple[date, int, date]] = []
    while len(out) < CASES:
        d = FIRST_SUPPORTED_DATE + timedelta(days=rng.randrange(SPAN + 1))
        n = rng.randint(-max_n, max_n)
        try:
            out.append((d, n, cal.add_working_days(d, n)))
        except DateOutOfRangeError:
            continue
    return out


@pytest.fixture(scope="module")
def typhoon() -> WorkingCalendar:
    """The default calendar plus a closure (Thu 15/10/2026) and an extra Saturday (17/10)."""
    return vietnam_calendar().with_overrides(
        DayOverride(date=date(2026, 10, 15), working=False, reason_vi="Bão", source="CĐ 1"),
        DayOverride(date=date(2026, 10, 17), working=True, reason_vi="Làm bù", source="TB 2"))


class TestAnchors:
    """Hand-computed cases over a make-up Saturday and Tết."""

    # Fri 09/01/2026 + 1 working day = Sat 10/01/2026 (make-up, CV 12729/VPCP-KGVX).
    # Fri 13/02/2026 + 1 = Mon 23/02/2026 (Tết 16-20/02, weekends 14-15 and 21-22).
    # Mon 12/10/2026 + 3 with 15/10 closed and 17/10 worked: 13, 14, 16 -> Fri 16/10;
    # + 4 -> Sat 17/10.
    ANCHORS: ClassVar[list[tuple[date, int, date]]] = [(date(2026, 1, 9), 1, date(2026, 1, 10)),
               (date(2026, 2, 13), 1, date(2026, 2, 23)),
               (date(2026, 10, 12), 3, date(2026, 10, 16)),
               (date(2026, 10, 12), 4, date(2026, 10, 17)),
               (date(2026, 2, 15), -1, date(2026, 2, 13))]

    def test_numpy(self, typhoon: WorkingCalendar) -> None:
        """busday_offset with the documented roll rule gives the hand-computed days."""
        bdc = typhoon.to_numpy_busdaycalendar()
        got = [np.busday_offset(np.datetime64(d), n, roll="backward" if n > 0 else "forward",
                                busdaycal=bdc).astype(object) for d, n, _ in self.ANCHORS]
        assert [e for _, _, e in self.ANCHORS] == got

    def test_pandas(self, typhoon: WorkingCalendar) -> None:
        """Timestamp + n * CustomBusinessDay gives the hand-computed days."""
        off = typhoon.to_pandas_offset()
        got = [(pd.Timestamp(d) + n * off).date() for d, n, _ in self.ANCHORS]
        assert [e for _, _, e in self.ANCHORS] == got

    def test_holidays(self, typhoon: WorkingCalendar) -> None:
        """get_nth_working_day gives the hand-computed days; 10/01/2026 is a weekend workday."""
        h = typhoon.to_holidays()
        got = [h.get_nth_working_day(d, n) for d, n, _ in self.ANCHORS]
        assert [e for _, _, e in self.ANCHORS] == got
        assert date(2026, 1, 10) in h.weekend_workdays
        assert "Tết Nguyên Đán (Mùng một)" == h.get(date(2026, 2, 17))


class TestAgreement:
    """10,000 random cases each (seeded), default calendar and one with overrides."""

    @pytest.mark.parametrize("which", ["default", "typhoon"])
    def test_numpy_busday_offset(self, which: str, typhoon: WorkingCalendar) -> None:
        """Seed 15: numpy.busday_offset agrees on 10,000 cases."""
        cal = vietnam_calendar() if which == "default" else typhoon
        cases = _cases(cal, 15)
        bdc = cal.to_numpy_busdaycalendar()
        d64 = np.array([d for d, _, _ in cases], dtype="datetime64[D]")
        ns = np.array([n for _, n, _ in cases])
        fwd = np.busday_offset(d64, ns, roll="backward", busdaycal=bdc)
        bwd = np.busday_offset(d64, ns, roll="forward", busdaycal=bdc)
        got = np.where(ns > 0, fwd, bwd).astype(object).tolist()
        assert [e for _, _, e in cases] == got

    @pytest.mark.parametrize("which", ["default", "typhoon"])
    def test_numpy_busday_count(self, which: str, typhoon: WorkingCalendar) -> None:
        """Seed 16: busday_count over [lo+1, hi+1), signed, equals working_days_between.

        numpy counts [begin, end) but, when end < begin, (end, begin]; so the bounds are
        ordered first and the sign applied after (documented in calendar_interop)."""
        cal = vietnam_calendar() if which == "default" else typhoon
        cases = _cases(cal, 16)
        bdc = cal.to_numpy_busdaycalendar()
        a = np.array([d for d, _, _ in cases], dtype="datetime64[D]")
        b = np.array([e for _, _, e in cases], dtype="datetime64[D]")
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        counts = np.busday_count(lo + ONE_DAY, hi + ONE_DAY, busdaycal=bdc)
        got = (np.where(b >= a, 1, -1) * counts).tolist()
        assert [cal.working_days_between(d, e) for d, _, e in cases] == got

    @pytest.mark.parametrize("which", ["default", "typhoon"])
    def test_pandas_offset(self, which: str, typhoon: WorkingCalendar) -> None:
        """Seed 17: Timestamp + n * offset agrees on 10,000 cases."""
        cal = vietnam_calendar() if which == "default" else typhoon
        cases = _cases(cal, 17)
        off = cal.to_pandas_offset()
        got = [(pd.Timestamp(d) + n * off).date() for d, n, _ in cases]
        assert [e for _, _, e in cases] == got

    def test_pandas_rolls(self) -> None:
        """Seed 18: rollforward/rollback equal roll_forward/roll_backward on 10,000 days."""
        cal = vietnam_calendar()
        rng = random.Random(18)
        # Away from the range ends, where a roll could leave the range (02/01/1995 is off).
        inner = (date(2099, 11, 30) - date(1995, 2, 1)).days
        days = [date(1995, 2, 1) + timedelta(days=rng.randrange(inner + 1))
                for _ in range(CASES)]
        off = cal.to_pandas_offset()
        got = [(off.rollforward(pd.Timestamp(d)).date(), off.rollback(pd.Timestamp(d)).date())
               for d in days]
        assert [(cal.roll_forward(d), cal.roll_backward(d)) for d in days] == got

    @pytest.mark.parametrize("which", ["default", "typhoon"])
    def test_holidays_nth_working_day(self, which: str, typhoon: WorkingCalendar) -> None:
        """Seed 19: HolidayBase.get_nth_working_day agrees on 10,000 cases (|n| <= 100:
        python-holidays walks day by day)."""
        cal = vietnam_calendar() if which == "default" else typhoon
        cases = _cases(cal, 19, max_n=100)
        h = cal.to_holidays()
        got = [h.get_nth_working_day(d, n) for d, n, _ in cases]
        assert [e for _, _, e in cases] == got

    def test_holidays_is_working_day_every_day_2018_2027(self) -> None:
        """Every day 2018-2027: is_working_day agrees (make-up Saturdays included)."""
        cal = vietnam_calendar()
        h = cal.to_holidays(language="en")
        d, mismatches = date(2018, 1, 1), []
        while d <= date(2027, 12, 31):
            if h.is_working_day(d) != cal.is_working_day(d):
                mismatches.append(d)
            d += timedelta(days=1)
        assert [] == mismatches

    def test_holidays_bad_language(self) -> None:
        """Only vi and en names exist."""
        with pytest.raises(ValidationError, match="language"):
            vietnam_calendar().to_holidays(language="fr")


class TestBulkArrays:
    """The bulk methods take and give numpy datetime64[D] arrays and pandas Series."""

    def test_numpy_array_10000(self) -> None:
        """Seed 20: a datetime64[D] array in, a datetime64[D] array out, equal to the scalar."""
        cal = vietnam_calendar()
        cases = _cases(cal, 20)
        d64 = np.array([d for d, _, _ in cases], dtype="datetime64[D]")
        out = cal.add_working_days_many(d64, np.array([n for _, n, _ in cases]))
        assert (np.dtype("datetime64[D]"), [e for _, _, e in cases]) == (
            out.dtype, out.astype(object).tolist())

    def test_numpy_counts(self) -> None:
        """(13/02/2026, 23/02/2026] holds one working day (Tết in between)."""
        cal = vietnam_calendar()
        got = cal.working_days_between_many(np.array(["2026-02-13"], dtype="datetime64[D]"),
                                            np.array(["2026-02-23"], dtype="datetime64[D]"))
        assert [1] == got.tolist()

    def test_series_datetime64(self) -> None:
        """A Series keeps its index; Fri 09/01/2026 + 1 = Sat 10/01/2026 (make-up)."""
        cal = vietnam_calendar()
        s = pd.Series(pd.to_datetime(["2026-01-09", "2026-02-13"]), index=["a", "b"])
        out = cal.add_working_days_many(s, 1)
        assert (["a", "b"], [date(2026, 1, 10), date(2026, 2, 23)]) == (
            list(out.index), [t.date() for t in out])
        counts = cal.working_days_between_many(s, out)
        assert (["a", "b"], [1, 1]) == (list(counts.index), counts.tolist())

    def test_series_of_dates(self) -> None:
        """A Series of date objects gives a Series of date objects."""
        cal = vietnam_calendar()
        out = cal.add_working_days_many(pd.Series([date(2026, 1, 9)], dtype=object), 1)
        assert [date(2026, 1, 10)] == out.tolist()

    def test_errors(self) -> None:
        """Out of range, a time of day, NaT and a tz-aware Series are refused by position."""
        cal = vietnam_calendar()
        with pytest.raises(DateOutOfRangeError, match=r"dates\[1\]"):
            cal.add_working_days_many(np.array(["2026-01-01", "2100-01-01"],
                                               dtype="datetime64[D]"), 1)
        with pytest.raises(ValidationError, match="time of day"):
            cal.add_working_days_many(np.array(["2026-01-01T10:00"], dtype="datetime64[m]"), 1)
        with pytest.raises(InvalidTypeError, match="NaT"):
            cal.add_working_days_many(np.array(["NaT"], dtype="datetime64[D]"), 1)
        with pytest.raises(InvalidTypeError):
            cal.add_working_days_many(pd.Series(pd.to_datetime(["2026-01-01"]).tz_localize(
                "Asia/Ho_Chi_Minh")), 1)
        with pytest.raises(DateOutOfRangeError, match=r"dates\[0\]: the result"):
            cal.add_working_days_many(np.array(["2099-12-31"], dtype="datetime64[D]"), 5)
