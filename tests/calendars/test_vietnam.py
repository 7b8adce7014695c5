# SPDX-License-Identifier: MIT
"""
The Vietnamese state-agency calendar against the official notices.

Every expected value below was written by hand from domain.md §2 (Labour Code
2019 Arts 111-112, the swap notices and the 2025/2026 holiday tables), never
computed by the code under test.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest
from holidays.countries.vietnam import Vietnam as HolidaysVietnam

from directive_tracker.calendars import (
    FIRST_SUPPORTED_DATE,
    LAST_SUPPORTED_DATE,
    OFFICIAL_DATA_VERSION,
    CalendarPolicy,
    DayKind,
    WorkingCalendar,
    vietnam_calendar,
)

from .base import WorkingCalendarTestBase

D = date
HOL = DayKind.HOLIDAY
SUB = DayKind.SUBSTITUTE_DAY_OFF
SWAP = DayKind.SWAPPED_DAY_OFF
WKND = DayKind.WEEKEND
MAKEUP = DayKind.MAKEUP_WORKING_DAY
WORK = DayKind.WORKING

#: Weekdays off, 2018-2026, by hand from the Labour Code and the notices.
DAYS_OFF_BY_YEAR: dict[int, list[tuple[date, DayKind]]] = {
    2018: [(D(2018, 1, 1), HOL), (D(2018, 2, 14), HOL), (D(2018, 2, 15), HOL),
           (D(2018, 2, 16), HOL), (D(2018, 2, 19), HOL), (D(2018, 2, 20), HOL),
           (D(2018, 4, 25), HOL), (D(2018, 4, 30), HOL), (D(2018, 5, 1), HOL),
           (D(2018, 9, 3), SUB),  # 2/9 is a Sunday
           (D(2018, 12, 31), SWAP)],  # CV 6519/VPCP-KGVX, worked back Sat 05/01/2019
    2019: [(D(2019, 1, 1), HOL), (D(2019, 2, 4), HOL), (D(2019, 2, 5), HOL),
           (D(2019, 2, 6), HOL), (D(2019, 2, 7), HOL), (D(2019, 2, 8), HOL),
           (D(2019, 4, 15), SUB),  # Hùng Kings 14/4 is a Sunday
           (D(2019, 4, 29), SWAP), (D(2019, 4, 30), HOL), (D(2019, 5, 1), HOL),
           (D(2019, 9, 2), HOL)],
    2020: [(D(2020, 1, 1), HOL), (D(2020, 1, 23), HOL), (D(2020, 1, 24), HOL),
           (D(2020, 1, 27), HOL), (D(2020, 1, 28), HOL), (D(2020, 1, 29), HOL),
           (D(2020, 4, 2), HOL), (D(2020, 4, 30), HOL), (D(2020, 5, 1), HOL),
           (D(2020, 9, 2), HOL)],
    2021: [(D(2021, 1, 1), HOL), (D(2021, 2, 10), HOL), (D(2021, 2, 11), HOL),
           (D(2021, 2, 12), HOL), (D(2021, 2, 15), HOL), (D(2021, 2, 16), HOL),
           (D(2021, 4, 21), HOL), (D(2021, 4, 30), HOL),
           (D(2021, 5, 3), SUB),  # 1/5 is a Saturday
           (D(2021, 9, 2), HOL), (D(2021, 9, 3), HOL)],  # 2019 Code: 2/9 + adjacent day
    2022: [(D(2022, 1, 3), SUB),  # 1/1 is a Saturday
           (D(2022, 1, 31), HOL), (D(2022, 2, 1), HOL), (D(2022, 2, 2), HOL),
           (D(2022, 2, 3), HOL), (D(2022, 2, 4), HOL),
           (D(2022, 4, 11), SUB),  # Hùng Kings 10/4 is a Sunday
           (D(2022, 5, 2), SUB), (D(2022, 5, 3), SUB),  # 30/4 Sat, 1/5 Sun
           (D(2022, 9, 1), HOL), (D(2022, 9, 2), HOL)],
    2023: [(D(2023, 1, 2), SUB),  # 1/1 is a Sunday
           (D(2023, 1, 20), HOL), (D(2023, 1, 23), HOL), (D(2023, 1, 24), HOL),
           (D(2023, 1, 25), HOL), (D(2023, 1, 26), HOL),
           (D(2023, 5, 1), HOL),
           (D(2023, 5, 2), SUB), (D(2023, 5, 3), SUB),  # Hùng Kings 29/4 Sat, 30/4 Sun
           (D(2023, 9, 1), HOL), (D(2023, 9, 4), SUB)],  # 2/9 is a Saturday
    2024: [(D(2024, 1, 1), HOL), (D(2024, 2, 8), HOL), (D(2024, 2, 9), HOL),
           (D(2024, 2, 12), HOL), (D(2024, 2, 13), HOL), (D(2024, 2, 14), HOL),
           (D(2024, 4, 18), HOL),
           (D(2024, 4, 29), SWAP),  # CV 2450/VPCP-KGVX, worked back Sat 04/05/2024
           (D(2024, 4, 30), HOL), (D(2024, 5, 1), HOL),
           (D(2024, 9, 2), HOL), (D(2024, 9, 3), HOL)],
    2025: [(D(2025, 1, 1), HOL), (D(2025, 1, 27), HOL), (D(2025, 1, 28), HOL),
           (D(2025, 1, 29), HOL), (D(2025, 1, 30), HOL), (D(2025, 1, 31), HOL),
           (D(2025, 4, 7), HOL), (D(2025, 4, 30), HOL), (D(2025, 5, 1), HOL),
           (D(2025, 5, 2), SWAP),  # CV 8726/VPCP-KGVX, worked back Sat 26/04/2025
           (D(2025, 9, 1), HOL), (D(2025, 9, 2), HOL)],
    2026: [(D(2026, 1, 1), HOL),
           (D(2026, 1, 2), SWAP),  # CV 12729/VPCP-KGVX, worked back Sat 10/01/2026
           (D(2026, 2, 16), HOL), (D(2026, 2, 17), HOL), (D(2026, 2, 18), HOL),
           (D(2026, 2, 19), HOL), (D(2026, 2, 20), HOL),
           (D(2026, 4, 27), SUB),  # Hùng Kings 26/4 is a Sunday
           (D(2026, 4, 30), HOL), (D(2026, 5, 1), HOL),
           (D(2026, 8, 31), SWAP),  # TB 9441/TB-BNV, worked back Sat 22/08/2026
           (D(2026, 9, 1), HOL), (D(2026, 9, 2), HOL),
           (D(2026, 11, 24), HOL)],  # Culture Day, default policy
}

#: Make-up Saturdays, 2018-2026 (domain.md §2.3).
MAKEUP_SATURDAYS = [D(2019, 1, 5), D(2019, 5, 4), D(2024, 5, 4), D(2025, 4, 26),
                    D(2026, 1, 10), D(2026, 8, 22)]

#: Holidays that fall on a weekend (still kind HOLIDAY, not WEEKEND).
WEEKEND_HOLIDAYS = [D(2018, 9, 2), D(2019, 4, 14), D(2021, 5, 1), D(2022, 1, 1),
                    D(2022, 4, 10), D(2022, 4, 30), D(2022, 5, 1), D(2023, 1, 1),
                    D(2023, 4, 29), D(2023, 4, 30), D(2023, 9, 2), D(2026, 4, 26)]

#: Ordinary working days right next to the holiday periods.
PLAIN_WORKING_DAYS = [D(2018, 2, 13), D(2018, 2, 21), D(2019, 1, 2), D(2019, 4, 26),
                      D(2019, 5, 2), D(2020, 9, 3), D(2021, 9, 6), D(2023, 1, 27),
                      D(2024, 2, 15), D(2024, 5, 2), D(2025, 1, 24), D(2025, 2, 3),
                      D(2025, 4, 4), D(2025, 4, 8), D(2025, 4, 29), D(2025, 5, 5),
                      D(2025, 8, 29), D(2025, 9, 3), D(2025, 11, 24), D(2026, 1, 5),
                      D(2026, 2, 13), D(2026, 2, 23), D(2026, 4, 24), D(2026, 4, 28),
                      D(2026, 5, 4), D(2026, 8, 28), D(2026, 9, 3)]

#: Public-servant holiday periods (inclusive), domain.md §2.3 table.
HOLIDAY_PERIODS = {
    2025: [(D(2025, 1, 1), D(2025, 1, 1)), (D(2025, 1, 25), D(2025, 2, 2)),
           (D(2025, 4, 5), D(2025, 4, 7)), (D(2025, 4, 30), D(2025, 5, 4)),
           (D(2025, 8, 30), D(2025, 9, 2))],
    2026: [(D(2026, 1, 1), D(2026, 1, 4)), (D(2026, 2, 14), D(2026, 2, 22)),
           (D(2026, 4, 25), D(2026, 4, 27)), (D(2026, 4, 30), D(2026, 5, 3)),
           (D(2026, 8, 29), D(2026, 9, 2))],
}
#: Total days off in those periods (domain.md: 22 in 2025, 25 in 2026).
PERIOD_TOTALS = {2025: 22, 2026: 25}


class TestVietnamCalendar(WorkingCalendarTestBase):
    """The default Vietnamese calendar passes the calendar contract."""

    @pytest.fixture
    def calendar(self) -> WorkingCalendar:
        """Return the default calendar."""
        return vietnam_calendar()

    @pytest.fixture
    def days_off_sample(self) -> list[tuple[date, DayKind]]:
        """Return every weekday off 2018-2026 plus weekend holidays and plain weekends."""
        days = [pair for year in sorted(DAYS_OFF_BY_YEAR) for pair in DAYS_OFF_BY_YEAR[year]]
        days += [(d, HOL) for d in WEEKEND_HOLIDAYS]
        days += [(D(2026, 1, 3), WKND), (D(2026, 1, 4), WKND), (D(2026, 1, 17), WKND),
                 (D(2026, 8, 23), WKND)]
        return days

    @pytest.fixture
    def working_days_sample(self) -> list[tuple[date, DayKind]]:
        """Return the make-up Saturdays and plain working days next to holidays."""
        return [(d, MAKEUP) for d in MAKEUP_SATURDAYS] + [(d, WORK) for d in PLAIN_WORKING_DAYS]

    @pytest.fixture
    def add_sample(self) -> list[tuple[date, int, date]]:
        """Return hand-computed add_working_days results around Tết and swaps."""
        return [
            (D(2026, 2, 13), 1, D(2026, 2, 23)),   # Fri before Tết 2026 -> Mon after
            (D(2026, 2, 12), 2, D(2026, 2, 23)),
            (D(2026, 2, 23), -1, D(2026, 2, 13)),
            (D(2026, 2, 17), 1, D(2026, 2, 23)),   # from inside Tết
            (D(2026, 2, 17), -1, D(2026, 2, 13)),
            (D(2026, 2, 17), 0, D(2026, 2, 23)),   # n = 0 rolls forward
            (D(2025, 12, 31), 1, D(2026, 1, 5)),   # 1/1 holiday, 2/1 swapped, 3-4 weekend
            (D(2026, 1, 9), 1, D(2026, 1, 10)),    # make-up Saturday counts
            (D(2026, 1, 9), 2, D(2026, 1, 12)),
            (D(2026, 1, 12), -1, D(2026, 1, 10)),
            (D(2026, 1, 10), 0, D(2026, 1, 10)),
            (D(2026, 1, 15), 10, D(2026, 1, 29)),  # "within 10 working days of 15/01"
            (D(2026, 4, 24), 1, D(2026, 4, 28)),   # 27/4 substitute day
            (D(2026, 4, 29), 1, D(2026, 5, 4)),
            (D(2026, 8, 21), 1, D(2026, 8, 22)),   # make-up Saturday 22/8
            (D(2026, 8, 28), 1, D(2026, 9, 3)),    # 31/8 swap, 1-2/9 National Day
            (D(2026, 9, 3), -2, D(2026, 8, 27)),
            (D(2026, 11, 23), 1, D(2026, 11, 25)),  # Culture Day 24/11 (default policy)
            (D(2025, 1, 24), 1, D(2025, 2, 3)),    # Tết 2025
            (D(2025, 4, 25), 1, D(2025, 4, 26)),   # make-up Saturday 26/4/2025
            (D(2025, 4, 29), 1, D(2025, 5, 5)),    # 30/4, 1/5, 2/5 swap, weekend
            (D(2025, 5, 5), -1, D(2025, 4, 29)),
            (D(2024, 4, 26), 1, D(2024, 5, 2)),    # 29/4 swap, 30/4, 1/5
            (D(2024, 5, 3), 1, D(2024, 5, 4)),     # make-up Saturday 4/5/2024
            (D(2018, 12, 28), 1, D(2019, 1, 2)),   # 31/12 swap, 1/1
            (D(2019, 1, 4), 1, D(2019, 1, 5)),     # make-up Saturday 5/1/2019
            (D(2019, 4, 26), 1, D(2019, 5, 2)),    # 29/4 swap, 30/4, 1/5
        ]

    @pytest.fixture
    def between_sample(self) -> list[tuple[date, date, int]]:
        """Return hand-computed working_days_between counts (half-open (start, end])."""
        return [
            (D(2026, 2, 13), D(2026, 2, 23), 1),
            (D(2026, 2, 23), D(2026, 2, 13), -1),
            (D(2026, 2, 13), D(2026, 2, 13), 0),
            (D(2026, 2, 14), D(2026, 2, 22), 0),
            (D(2025, 12, 31), D(2026, 1, 12), 7),  # 5, 6, 7, 8, 9, Sat 10, 12
            (D(2026, 8, 28), D(2026, 9, 3), 1),
            (D(2026, 8, 21), D(2026, 8, 24), 2),   # Sat 22 and Mon 24
            # Whole years: 261 weekdays - weekdays off + make-up Saturdays.
            (D(2025, 12, 31), D(2026, 12, 31), 261 - 14 + 2),
            (D(2024, 12, 31), D(2025, 12, 31), 261 - 12 + 1),
            (D(2026, 12, 31), D(2025, 12, 31), -(261 - 14 + 2)),
        ]


class TestOfficialDays:
    """Table tests of each year 2018-2026, written by hand from domain.md."""

    @pytest.mark.parametrize("year", sorted(DAYS_OFF_BY_YEAR))
    def test_weekdays_off(self, default_calendar: WorkingCalendar, year: int) -> None:
        """The weekdays off of the year are exactly the hand-written list."""
        expected = DAYS_OFF_BY_YEAR[year]
        actual = [(info.date, info.kind) for info in default_calendar.days_off_in_year(year)
                  if info.date.weekday() < 5]
        assert expected == actual

    @pytest.mark.parametrize("year", sorted(DAYS_OFF_BY_YEAR))
    def test_makeup_saturdays(self, default_calendar: WorkingCalendar, year: int) -> None:
        """The working Saturdays of the year are exactly the make-up Saturdays."""
        expected = [d for d in MAKEUP_SATURDAYS if d.year == year]
        start = D(year, 1, 1)
        actual = [d for d in default_calendar.working_days_in_range(start, D(year, 12, 31))
                  if d.weekday() >= 5]
        assert expected == actual

    def test_special_days_2026(self, default_calendar: WorkingCalendar) -> None:
        """The 2026 listing for ``calendar 2026``: no plain weekend, all notices."""
        expected = [D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 10), D(2026, 2, 16),
                    D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20),
                    D(2026, 4, 26), D(2026, 4, 27), D(2026, 4, 30), D(2026, 5, 1),
                    D(2026, 8, 22), D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2),
                    D(2026, 11, 24)]
        assert expected == [i.date for i in default_calendar.special_days_in_year(2026)]

    def test_days_off_in_year_counts(self, default_calendar: WorkingCalendar) -> None:
        """2026 has 365 - 249 = 116 days off and 2025 has 365 - 250 = 115 (weekends included)."""
        assert (116, 115) == (len(default_calendar.days_off_in_year(2026)),
                              len(default_calendar.days_off_in_year(2025)))

    def test_days_off_inclusive(self, default_calendar: WorkingCalendar) -> None:
        """days_off includes both ends: the New Year 2026 break 01-04/01."""
        expected = [(D(2026, 1, 1), HOL), (D(2026, 1, 2), SWAP), (D(2026, 1, 3), WKND),
                    (D(2026, 1, 4), WKND)]
        actual = [(i.date, i.kind) for i in default_calendar.days_off(D(2026, 1, 1),
                                                                      D(2026, 1, 4))]
        assert expected == actual

    @pytest.mark.parametrize("year", sorted(HOLIDAY_PERIODS))
    def test_public_servant_periods(self, default_calendar: WorkingCalendar, year: int) -> None:
        """Every day of each published holiday period is off; the days around are worked."""
        total = 0
        for start, end in HOLIDAY_PERIODS[year]:
            days = (end - start).days + 1
            total += days
            assert [start + timedelta(days=k) for k in range(days)] == \
                [i.date for i in default_calendar.days_off(start, end)]
            assert (True, True) == (
                default_calendar.is_working_day(start - timedelta(days=1)),
                default_calendar.is_working_day(end + timedelta(days=1)))
        assert PERIOD_TOTALS[year] == total

    @pytest.mark.parametrize(("day", "source"), [
        (D(2026, 1, 2), "CV 12729/VPCP-KGVX, 25/12/2025"),
        (D(2026, 1, 10), "CV 12729/VPCP-KGVX, 25/12/2025"),
        (D(2026, 8, 31), "TB 9441/TB-BNV, 16/10/2025"),
        (D(2026, 8, 22), "TB 9441/TB-BNV, 16/10/2025"),
        (D(2024, 4, 29), "CV 2450/VPCP-KGVX, 12/04/2024"),
        (D(2018, 12, 31), "CV 6519/VPCP-KGVX, 2018"),
        (D(2025, 5, 2), "CV 8726/VPCP-KGVX, 26/11/2024; TB 6150/TB-BLĐTBXH"),
    ])
    def test_swap_sources(self, default_calendar: WorkingCalendar, day: date,
                          source: str) -> None:
        """Each swap cites the document that decided it."""
        assert source == default_calendar.day_info(day).source

    def test_day_info_2026_new_year_swap(self, default_calendar: WorkingCalendar) -> None:
        """day_info of 02/01/2026 tells the whole story in both languages."""
        info = default_calendar.day_info(D(2026, 1, 2))
        assert (D(2026, 1, 2), False, SWAP, "Nghỉ hoán đổi", "Swapped day off") == \
            (info.date, info.is_working, info.kind, info.kind.label_vi, info.kind.label_en)
        assert "10/01/2026" in info.reason_vi
        assert "10/01/2026" in info.reason_en

    def test_plain_days(self, default_calendar: WorkingCalendar) -> None:
        """Ordinary days say why, citing the five-day week decision."""
        monday = default_calendar.day_info(D(2026, 3, 2))
        sunday = default_calendar.day_info(D(2026, 3, 1))
        assert ("Ngày làm việc (Thứ Hai)", "QĐ 188/1999/QĐ-TTg") == (monday.reason_vi,
                                                                    monday.source)
        assert ("Nghỉ cuối tuần (Chủ nhật)", "Weekend (Sunday)") == (sunday.reason_vi,
                                                                     sunday.reason_en)

    def test_tet_2030_uses_vietnamese_lunar_calendar(self,
                                                     default_calendar: WorkingCalendar) -> None:
        """Tết 2030 is 02/02 in Vietnam (03/02 in China): Mon 04/02/2030 is off, Sat 02/02 too."""
        assert (HOL, HOL) == (default_calendar.day_info(D(2030, 2, 2)).kind,
                              default_calendar.day_info(D(2030, 2, 4)).kind)


class TestDataWinsOverHolidays:
    """The official-notice data wins where python-holidays disagrees."""

    def test_holidays_lacks_2026_new_year_swap(self,
                                               default_calendar: WorkingCalendar) -> None:
        """holidays 0.109 has neither 02/01/2026 off nor 10/01/2026 worked; we have both."""
        import holidays

        lib = HolidaysVietnam(years=2026)
        if holidays.__version__ == "0.109":  # the version the data was checked against
            assert (False, False) == (D(2026, 1, 2) in lib,
                                      D(2026, 1, 10) in lib.weekend_workdays)
        assert (False, True) == (default_calendar.is_working_day(D(2026, 1, 2)),
                                 default_calendar.is_working_day(D(2026, 1, 10)))

    def test_data_source_replaces_holidays_attribution(
            self, default_calendar: WorkingCalendar) -> None:
        """Where both know a day, the notice from the data is cited, not python-holidays."""
        assert D(2025, 5, 2) in HolidaysVietnam(years=2025)
        assert "CV 8726/VPCP-KGVX" in (default_calendar.day_info(D(2025, 5, 2)).source or "")

    def test_matches_holidays_where_data_is_silent(self, no_culture_day_calendar: WorkingCalendar
                                                   ) -> None:
        """Outside the data's dates, working days are Mon-Fri minus holidays plus workdays."""
        from directive_tracker.calendars import _OFFICIAL_DAYS

        data_dates = {info.date for info in _OFFICIAL_DAYS}
        lib = HolidaysVietnam(years=range(1995, 2100), language="vi")
        mismatches = []
        d = FIRST_SUPPORTED_DATE
        while d <= LAST_SUPPORTED_DATE:
            if d not in data_dates and "Văn hóa" not in lib.get(d, ""):
                expected = (d.weekday() < 5 and d not in lib) or d in lib.weekend_workdays
                if expected != no_culture_day_calendar.is_working_day(d):
                    mismatches.append(d)
            d += timedelta(days=1)
        assert [] == mismatches

    def test_official_data_version(self) -> None:
        """The bundled data is versioned."""
        assert "2026.11.1" == OFFICIAL_DATA_VERSION


class TestCultureDayPolicy:
    """Vietnam Culture Day 24/11 is a documented policy toggle."""

    def test_default_from_2026(self, default_calendar: WorkingCalendar) -> None:
        """By default 24/11 is off from 2026 on, and a working day before."""
        assert (True, False, False) == (default_calendar.is_working_day(D(2025, 11, 24)),
                                        default_calendar.is_working_day(D(2026, 11, 24)),
                                        default_calendar.is_working_day(D(2027, 11, 24)))

    def test_never(self, no_culture_day_calendar: WorkingCalendar) -> None:
        """With culture_day_from=None, 24/11/2026 is an ordinary Tuesday."""
        info = no_culture_day_calendar.day_info(D(2026, 11, 24))
        assert (True, WORK) == (info.is_working, info.kind)
        assert D(2026, 11, 24) == no_culture_day_calendar.add_working_days(D(2026, 11, 23), 1)

    def test_weekend_culture_day_gets_substitute(self, default_calendar: WorkingCalendar
                                                 ) -> None:
        """24/11/2029 is a Saturday, so Monday 26/11/2029 is a substitute day off."""
        assert (HOL, SUB) == (default_calendar.day_info(D(2029, 11, 24)).kind,
                              default_calendar.day_info(D(2029, 11, 26)).kind)

    def test_earlier_start(self) -> None:
        """culture_day_from=2024 makes 25/11/2024 (24/11 is a Sunday) a substitute day off."""
        cal = vietnam_calendar(policy=CalendarPolicy(culture_day_from=2024))
        assert (HOL, SUB, False) == (cal.day_info(D(2024, 11, 24)).kind,
                                     cal.day_info(D(2024, 11, 25)).kind,
                                     cal.is_working_day(D(2025, 11, 24)))

    def test_policy_property(self) -> None:
        """The calendar keeps its policy; the default is 2026."""
        assert (2026, None) == (vietnam_calendar().policy.culture_day_from,
                                vietnam_calendar(policy=CalendarPolicy(culture_day_from=None))
                                .policy.culture_day_from)


class TestLabels:
    """Labels are Vietnamese with diacritics (NFC) and English."""

    def test_kind_labels(self) -> None:
        """The labels of each kind, in official wording."""
        expected = {
            "WORKING": ("Ngày làm việc", "Working day"),
            "WEEKEND": ("Nghỉ cuối tuần", "Weekend"),
            "HOLIDAY": ("Nghỉ lễ, Tết", "Public holiday"),
            "SUBSTITUTE_DAY_OFF": ("Nghỉ bù", "Substitute day off"),
            "SWAPPED_DAY_OFF": ("Nghỉ hoán đổi", "Swapped day off"),
            "MAKEUP_WORKING_DAY": ("Làm bù", "Make-up working day"),
            "EXTRA_DAY_OFF": ("Nghỉ bổ sung", "Extra day off"),
            "EXTRA_WORKING_DAY": ("Làm việc bổ sung", "Extra working day"),
        }
        assert expected == {k.name: (k.label_vi, k.label_en) for k in DayKind}

    def test_labels_are_nfc(self) -> None:
        """Every label is NFC."""
        labels = [k.label_vi for k in DayKind]
        assert labels == [unicodedata.normalize("NFC", s) for s in labels]

    def test_reasons_are_nfc_and_bilingual(self, default_calendar: WorkingCalendar) -> None:
        """Every special day 1995-2099 has NFC Vietnamese and non-empty English reasons."""
        bad = []
        for year in range(1995, 2100):
            for info in default_calendar.special_days_in_year(year):
                if (info.reason_vi != unicodedata.normalize("NFC", info.reason_vi)
                        or not info.reason_en or not info.source):
                    bad.append(info)
        assert [] == bad
