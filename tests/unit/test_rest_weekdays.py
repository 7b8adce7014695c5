# SPDX-License-Identifier: MIT
"""
The weekly rest days as part of the calendar policy (issue 15 item 4):
``CalendarPolicy.rest_weekdays``.  Expected values are hand computed from the 2026
calendar (01/03/2026 is a Sunday, so 06/03 is a Friday, 07/03 a Saturday, 08/03 a Sunday,
09/03 a Monday) and from the swap notice CV 12729/VPCP-KGVX (Friday 02/01/2026 off,
worked back on Saturday 10/01/2026).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from directive_tracker.calendars import CalendarPolicy, DayKind, vietnam_calendar
from directive_tracker.exceptions import InvalidTypeError, ValidationError
from directive_tracker.settings import ProvincePolicy

SUNDAY_ONLY = CalendarPolicy(rest_weekdays=(7,))


def test_default_is_saturday_and_sunday() -> None:
    """QĐ 188/1999/QĐ-TTg: Saturday (6) and Sunday (7); repr unchanged at the default."""
    assert (6, 7) == CalendarPolicy().rest_weekdays
    assert "CalendarPolicy(culture_day_from=2026)" == repr(CalendarPolicy())
    assert "CalendarPolicy(culture_day_from=2026, rest_weekdays=(7,))" == repr(SUNDAY_ONLY)
    cal = vietnam_calendar()
    assert not cal.is_working_day(date(2026, 3, 7))
    # Fri 06/03 + 1 working day: Sat 07 and Sun 08 off -> Mon 09/03.
    assert date(2026, 3, 9) == cal.add_working_days(date(2026, 3, 6), 1)


def test_sunday_only_makes_saturday_a_working_day() -> None:
    """Rest day only Sunday: Sat 07/03/2026 works; Fri 06/03 + 1 = Sat 07/03,
    + 2 = Mon 09/03 (Sun 08 off), + 6 = Fri 13/03, + 7 = Sat 14/03."""
    cal = vietnam_calendar(policy=SUNDAY_ONLY)
    assert cal.is_working_day(date(2026, 3, 7))
    assert not cal.is_working_day(date(2026, 3, 8))
    assert date(2026, 3, 7) == cal.add_working_days(date(2026, 3, 6), 1)
    assert date(2026, 3, 9) == cal.add_working_days(date(2026, 3, 6), 2)
    # 07 (1), 09 (2), 10 (3), 11 (4), 12 (5), 13 (6)
    assert date(2026, 3, 13) == cal.add_working_days(date(2026, 3, 6), 6)
    # 07 .. 14 minus Sunday 08: seven working days
    assert date(2026, 3, 14) == cal.add_working_days(date(2026, 3, 6), 7)
    info = cal.day_info(date(2026, 3, 7))
    assert info.is_working
    assert DayKind.WORKING is info.kind
    assert DayKind.WEEKEND is cal.day_info(date(2026, 3, 8)).kind


def test_official_days_still_apply_on_top() -> None:
    """Swapped Friday 02/01/2026 stays off, make-up Saturday 10/01 stays a make-up day,
    the holiday Friday 01/05/2026 stays off, under a Friday+Saturday week too."""
    for policy in (SUNDAY_ONLY, CalendarPolicy(rest_weekdays=(5, 6))):
        cal = vietnam_calendar(policy=policy)
        assert not cal.is_working_day(date(2026, 1, 2))
        assert DayKind.SWAPPED_DAY_OFF is cal.day_info(date(2026, 1, 2)).kind
        assert cal.is_working_day(date(2026, 1, 10))
        assert DayKind.MAKEUP_WORKING_DAY is cal.day_info(date(2026, 1, 10)).kind
        assert not cal.is_working_day(date(2026, 5, 1))


def test_friday_and_saturday_rest() -> None:
    """Rest days Friday (5) and Saturday (6): Fri 06/03 off, Sun 08/03 works;
    Thu 05/03 + 1 = Sun 08/03."""
    cal = vietnam_calendar(policy=CalendarPolicy(rest_weekdays=(6, 5)))
    assert (5, 6) == cal.policy.rest_weekdays  # stored sorted
    assert not cal.is_working_day(date(2026, 3, 6))
    assert cal.is_working_day(date(2026, 3, 8))
    assert date(2026, 3, 8) == cal.add_working_days(date(2026, 3, 5), 1)


@pytest.mark.parametrize("value", [(), (5, 6, 7), (6, 6), (0,), (8,)])
def test_bad_values_are_refused(value: Any) -> None:
    """One or two distinct ISO weekdays 1..7."""
    with pytest.raises(ValidationError):
        CalendarPolicy(rest_weekdays=value)


@pytest.mark.parametrize("value", ["67", 7, (True,), (6.0, 7), None])
def test_bad_types_are_refused(value: Any) -> None:
    """Not an iterable of ints."""
    with pytest.raises(InvalidTypeError):
        CalendarPolicy(rest_weekdays=value)


def test_to_dict_from_dict() -> None:
    """Stored as a list, only when not the default (so a library that predates the
    setting still reads a default policy); a dict without it reads as the default."""
    assert "rest_weekdays" not in CalendarPolicy().to_dict()
    assert [5, 6] == CalendarPolicy(rest_weekdays=(6, 5)).to_dict()["rest_weekdays"]
    assert [7] == SUNDAY_ONLY.to_dict()["rest_weekdays"]
    assert SUNDAY_ONLY == CalendarPolicy.from_dict(SUNDAY_ONLY.to_dict())
    old = {"culture_day_from": 2026, "before_date_inclusive": True,
           "fixed_date_roll": False, "period_end_roll": False}
    assert (6, 7) == CalendarPolicy.from_dict(old).rest_weekdays
    assert CalendarPolicy() == CalendarPolicy.from_dict(old)


def test_province_policy_round_trip_carries_it() -> None:
    """The stored province policy keeps the rest days and its calendar counts with them."""
    policy = ProvincePolicy(calendar=SUNDAY_ONLY)
    back = ProvincePolicy.from_dict(policy.to_dict())
    assert policy == back
    assert (7,) == back.calendar.rest_weekdays
    assert date(2026, 3, 7) == back.working_calendar().add_working_days(date(2026, 3, 6), 1)


def test_to_holidays_uses_the_rest_days() -> None:
    """python-holidays' weekend is the policy's rest days: under Sunday only, Saturday
    07/03/2026 works and Sunday 08/03 does not; the swap of 02/01 and 10/01 still holds."""
    from directive_tracker.calendar_interop import to_holidays

    hol = to_holidays(vietnam_calendar(policy=SUNDAY_ONLY), years=[2026])
    assert hol.is_working_day(date(2026, 3, 7))
    assert not hol.is_working_day(date(2026, 3, 8))
    assert not hol.is_working_day(date(2026, 1, 2))
    assert hol.is_working_day(date(2026, 1, 10))
    assert not hol.is_working_day(date(2026, 5, 1))
