# SPDX-License-Identifier: MIT
"""
``WorkingCalendar.day_off_breaks``: the holiday breaks of public servants.

Expected values come from the official notices (``data/vn_official_days.json``, domain
brief §2.3) and a hand count of the calendar; the weekday of each date is written next
to it.
"""

from __future__ import annotations

from datetime import date

import pytest

from directive_tracker.calendars import DayOffBreak, DayOverride, vietnam_calendar
from directive_tracker.exceptions import InvalidTypeError, ValidationError


def spans(year: int) -> list[tuple[date, date, int, str]]:
    return [(b.start, b.end, b.days, b.name_vi)
            for b in vietnam_calendar().day_off_breaks(year)]


class TestOfficialBreaks:
    def test_2026(self) -> None:
        """
        2026 (TB 9441/TB-BNV, 16/10/2025; CV 12729/VPCP-KGVX, 25/12/2025).

        New Year: Thu 01/01 holiday, Fri 02/01 swapped off, Sat-Sun 03-04/01 -> 4 days.
        Tết: Sat 14/02, Sun 15/02, holidays Mon 16 - Fri 20/02, Sat-Sun 21-22/02 -> 9.
        Hùng Kings: Sat 25/04, Sun 26/04 (the holiday), Mon 27/04 substitute -> 3.
        30/4-1/5: Thu 30/04, Fri 01/05, Sat-Sun 02-03/05 -> 4.
        National Day: Sat 29/08, Sun 30/08, Mon 31/08 swapped off (worked Sat 22/08),
        Tue 01/09, Wed 02/09 -> 5.
        """
        got = spans(2026)
        assert (date(2026, 1, 1), date(2026, 1, 4), 4, "Tết Dương lịch") == got[0]
        assert (date(2026, 2, 14), date(2026, 2, 22), 9, "Tết Nguyên Đán") == got[1]
        assert (date(2026, 4, 25), date(2026, 4, 27), 3, "Ngày Giỗ Tổ Hùng Vương") == got[2]
        assert (date(2026, 4, 30), date(2026, 5, 3), 4,
                "Ngày Chiến thắng, Ngày Quốc tế Lao động") == got[3]
        assert (date(2026, 8, 29), date(2026, 9, 2), 5, "Quốc khánh") == got[4]

    def test_2025_victory_and_labour_day(self) -> None:
        """
        30/4-1/5/2025 (CV 8726/VPCP-KGVX, 26/11/2024): Wed 30/04, Thu 01/05 holidays, Fri
        02/05 swapped off (worked Sat 26/04), Sat 03/05, Sun 04/05 -> 30/04-04/05, 5 days.
        """
        b = next(b for b in vietnam_calendar().day_off_breaks(2025)
                 if b.start.month == 4 and b.start.day == 30)
        assert (date(2025, 4, 30), date(2025, 5, 4), 5) == (b.start, b.end, b.days)
        assert "Ngày Chiến thắng, Ngày Quốc tế Lao động" == b.name_vi
        assert "Victory Day, International Labour Day" == b.name_en

    def test_2025_national_day(self) -> None:
        """Quốc khánh 2025: Sat 30/08, Sun 31/08, Mon 01/09, Tue 02/09 -> 4 days."""
        b = next(b for b in vietnam_calendar().day_off_breaks(2025) if b.start.month == 8)
        assert (date(2025, 8, 30), date(2025, 9, 2), 4, "National Day") == (
            b.start, b.end, b.days, b.name_en)

    def test_2025_tet(self) -> None:
        """Tết 2025 (CV 8726/VPCP-KGVX): Sat 25/01 to Sun 02/02/2025 -> 9 days."""
        b = next(b for b in vietnam_calendar().day_off_breaks(2025) if b.start.month == 1
                 and b.start.day == 25)
        assert (date(2025, 1, 25), date(2025, 2, 2), 9) == (b.start, b.end, b.days)
        assert "Lunar New Year (Tết)" == b.name_en

    def test_2026_has_six_breaks_and_no_plain_weekend(self) -> None:
        """
        The five above and Vietnam Culture Day, Tue 24/11/2026 (a weekday alone: 1 day;
        the default CalendarPolicy counts it from 2026).  Plain weekends are not breaks.
        """
        got = spans(2026)
        assert 6 == len(got)
        assert (date(2026, 11, 24), date(2026, 11, 24), 1, "Ngày Văn hóa Việt Nam") == got[5]


class TestOverridesAndRecord:
    def test_an_extra_day_off_makes_a_break_named_by_its_reason(self) -> None:
        """A typhoon closure on Tue 20/10/2026 alone: a 1-day break named after it."""
        cal = vietnam_calendar(overrides=[DayOverride(
            date=date(2026, 10, 20), working=False, reason_vi="Nghỉ do bão số 12",
            reason_en="Typhoon No. 12", source="CĐ 05/CĐ-UBND")])
        b = next(b for b in cal.day_off_breaks(2026) if b.start.month == 10)
        assert (date(2026, 10, 20), date(2026, 10, 20), 1) == (b.start, b.end, b.days)
        assert ("Nghỉ do bão số 12", "Typhoon No. 12") == (b.name_vi, b.name_en)

    def test_record_is_frozen(self) -> None:
        """A break is an immutable value."""
        b = DayOffBreak(start=date(2026, 1, 1), end=date(2026, 1, 4), name_vi="x",
                        name_en="y")
        assert 4 == b.days
        with pytest.raises(AttributeError):
            b.start = date(2026, 1, 2)  # type: ignore[misc]

    def test_year_is_checked(self) -> None:
        """The year is an int within 1995-2099."""
        cal = vietnam_calendar()
        with pytest.raises(ValidationError):
            cal.day_off_breaks(2100)
        with pytest.raises(InvalidTypeError):
            cal.day_off_breaks("2026")  # type: ignore[arg-type]
