# SPDX-License-Identifier: MIT
"""Caller overrides, value objects, caching and immutability of calendars."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any

import attrs
import pytest

from directive_tracker.calendars import (
    CalendarPolicy,
    DayInfo,
    DayKind,
    DayOverride,
    WorkingCalendar,
    vietnam_calendar,
)
from directive_tracker.exceptions import DateOutOfRangeError, InvalidTypeError, ValidationError

TYPHOON = DayOverride(date=date(2026, 9, 15), working=False,
                      reason_vi="Nghỉ tránh bão số 5", reason_en="Typhoon No. 5 closure",
                      source="CĐ 12/CĐ-UBND, 14/09/2026")
EXTRA_SATURDAY = DayOverride(date=date(2026, 9, 19), working=True,
                             reason_vi="Làm việc thứ Bảy để khắc phục hậu quả bão",
                             source="TB 34/TB-UBND, 16/09/2026")


class TestOverrides:
    """Caller overrides win over everything and produce a new calendar."""

    def test_typhoon_closure(self, default_calendar: WorkingCalendar) -> None:
        """A province's typhoon closure makes Tuesday 15/09/2026 a day off."""
        cal = default_calendar.with_overrides(TYPHOON)
        info = cal.day_info(date(2026, 9, 15))
        assert (False, DayKind.EXTRA_DAY_OFF, "Nghỉ tránh bão số 5", "CĐ 12/CĐ-UBND, 14/09/2026") \
            == (info.is_working, info.kind, info.reason_vi, info.source)
        assert date(2026, 9, 16) == cal.add_working_days(date(2026, 9, 14), 1)
        assert 0 == cal.working_days_between(date(2026, 9, 14), date(2026, 9, 15))

    def test_original_unchanged(self, default_calendar: WorkingCalendar) -> None:
        """with_overrides leaves the original calendar as it was."""
        default_calendar.with_overrides(TYPHOON)
        assert (True, ()) == (default_calendar.is_working_day(date(2026, 9, 15)),
                              default_calendar.overrides)

    def test_extra_working_day(self, default_calendar: WorkingCalendar) -> None:
        """An extra working Saturday counts in arithmetic; its English reason defaults."""
        cal = default_calendar.with_overrides(EXTRA_SATURDAY)
        info = cal.day_info(date(2026, 9, 19))
        assert (True, DayKind.EXTRA_WORKING_DAY, "Extra working day") == \
            (info.is_working, info.kind, info.reason_en)
        assert date(2026, 9, 19) == cal.add_working_days(date(2026, 9, 18), 1)

    def test_override_beats_holiday_and_data(self, default_calendar: WorkingCalendar) -> None:
        """A caller may even declare a holiday or a data swap day a working day."""
        cal = vietnam_calendar(overrides=[
            DayOverride(date=date(2026, 9, 2), working=True, reason_vi="Trực cơ quan",
                        source="QĐ 1/QĐ-UBND"),
            DayOverride(date=date(2026, 1, 10), working=False, reason_vi="Nghỉ",
                        source="QĐ 2/QĐ-UBND")])
        assert (True, False) == (cal.is_working_day(date(2026, 9, 2)),
                                 cal.is_working_day(date(2026, 1, 10)))

    def test_later_override_wins(self, default_calendar: WorkingCalendar) -> None:
        """A later override on the same date replaces the earlier one."""
        reopened = attrs.evolve(TYPHOON, working=True, reason_vi="Hủy lệnh nghỉ")
        cal = default_calendar.with_overrides(TYPHOON).with_overrides(reopened)
        assert (True, (reopened,)) == (cal.is_working_day(date(2026, 9, 15)), cal.overrides)

    def test_overrides_accumulate_sorted(self, default_calendar: WorkingCalendar) -> None:
        """Overrides added in steps are all kept, sorted by date."""
        cal = default_calendar.with_overrides(EXTRA_SATURDAY).with_overrides(TYPHOON)
        assert (TYPHOON, EXTRA_SATURDAY) == cal.overrides
        assert (2026,) == (cal.policy.culture_day_from,)

    def test_special_days_include_overrides(self, default_calendar: WorkingCalendar) -> None:
        """Overrides appear in the special-days listing."""
        cal = default_calendar.with_overrides(TYPHOON)
        assert date(2026, 9, 15) in [i.date for i in cal.special_days_in_year(2026)]

    def test_override_text_is_nfc(self) -> None:
        """Decomposed (NFD) Vietnamese text is stored precomposed (NFC)."""
        o = DayOverride(date=date(2026, 9, 15), working=False,
                        reason_vi=unicodedata.normalize("NFD", "Nghỉ tránh bão"),
                        source=unicodedata.normalize("NFD", "Công điện của UBND tỉnh"))
        assert ("Nghỉ tránh bão", "Công điện của UBND tỉnh") == (o.reason_vi, o.source)

    @pytest.mark.parametrize(("field", "value", "error"), [
        ("date", datetime(2026, 9, 15), InvalidTypeError),
        ("date", "2026-09-15", InvalidTypeError),
        ("date", date(2100, 1, 1), DateOutOfRangeError),
        ("working", 0, InvalidTypeError),
        ("reason_vi", "", ValidationError),
        ("reason_vi", None, InvalidTypeError),
        ("reason_en", "a\x00b", ValidationError),
        ("source", "  ", ValidationError),
    ])
    def test_bad_override(self, field: str, value: Any, error: type[Exception]) -> None:
        """Each invalid DayOverride field raises the documented error."""
        kwargs: dict[str, Any] = {"date": date(2026, 9, 15), "working": False,
                                  "reason_vi": "Nghỉ", "source": "QĐ 1/QĐ-UBND"}
        kwargs[field] = value
        with pytest.raises(error):
            DayOverride(**kwargs)

    def test_bad_overrides_argument(self) -> None:
        """vietnam_calendar and with_overrides refuse things that are not DayOverride."""
        with pytest.raises(InvalidTypeError, match=r"overrides\[0\]"):
            vietnam_calendar(overrides=[date(2026, 9, 15)])  # type: ignore[list-item]
        with pytest.raises(InvalidTypeError, match="overrides"):
            vietnam_calendar(overrides=TYPHOON)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="overrides"):
            vietnam_calendar().with_overrides("x")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="policy"):
            vietnam_calendar(policy=2026)  # type: ignore[arg-type]


class TestValueObjects:
    """DayInfo, DayOverride and CalendarPolicy are frozen and validated."""

    def test_frozen(self) -> None:
        """Value objects refuse assignment."""
        info = vietnam_calendar().day_info(date(2026, 1, 2))
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            info.is_working = True  # type: ignore[misc]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            TYPHOON.working = True  # type: ignore[misc]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            CalendarPolicy().culture_day_from = 1  # type: ignore[misc]

    @pytest.mark.parametrize("value", ["2026", 2026.0, True])
    def test_bad_policy(self, value: Any) -> None:
        """culture_day_from must be an int or None."""
        with pytest.raises(InvalidTypeError, match="culture_day_from"):
            CalendarPolicy(culture_day_from=value)

    @pytest.mark.parametrize(("field", "value"), [("kind", "holiday"), ("is_working", 1),
                                                  ("date", datetime(2026, 1, 1)),
                                                  ("source", "")])
    def test_bad_day_info(self, field: str, value: Any) -> None:
        """DayInfo validates its fields like the other value objects."""
        kwargs: dict[str, Any] = {"date": date(2026, 1, 1), "is_working": False,
                                  "kind": DayKind.HOLIDAY, "reason_vi": "Tết Dương lịch",
                                  "reason_en": "New Year's Day", "source": None}
        kwargs[field] = value
        with pytest.raises((InvalidTypeError, ValidationError)):
            DayInfo(**kwargs)

    def test_keyword_only(self) -> None:
        """Value objects are keyword-only."""
        with pytest.raises(TypeError):
            DayOverride(date(2026, 9, 15), False, "Nghỉ", "", "QĐ")  # type: ignore[call-arg]


class TestCaching:
    """Building costs milliseconds, so equal calendars are shared."""

    def test_default_is_cached(self) -> None:
        """The default calendar is built once."""
        assert vietnam_calendar() is vietnam_calendar(policy=CalendarPolicy())

    def test_same_overrides_cached(self) -> None:
        """Equal arguments give the same immutable instance."""
        assert vietnam_calendar(overrides=[TYPHOON]) is vietnam_calendar(overrides=(TYPHOON,))

    def test_repr(self) -> None:
        """The repr names the policy and the data version."""
        assert "WorkingCalendar(policy=CalendarPolicy(culture_day_from=2026), overrides=0, " \
            "data='2026.11.1')" == repr(vietnam_calendar())


class TestThreadSafety:
    """A calendar can be shared between threads."""

    def test_concurrent_bulk_first_use(self) -> None:
        """Threads racing on a fresh calendar's first bulk call all get the right answer."""
        from concurrent.futures import ThreadPoolExecutor
        from datetime import timedelta

        cal = vietnam_calendar(policy=CalendarPolicy(culture_day_from=2031))
        dates = [date(2026, 1, 1) + timedelta(days=k % 700) for k in range(5000)]
        expected = [cal.add_working_days(d, 15) for d in dates]
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(lambda _: cal.add_working_days_many(dates, 15), range(8)))
        assert [expected] * 8 == results


class TestPickle:
    """Calendars can be sent to other processes."""

    def test_round_trip(self) -> None:
        """A pickled calendar with overrides answers the same after unpickling."""
        import pickle

        cal = vietnam_calendar(overrides=[TYPHOON])
        clone = pickle.loads(pickle.dumps(cal))
        assert ((TYPHOON,), False, date(2026, 9, 16)) == (
            clone.overrides, clone.is_working_day(date(2026, 9, 15)),
            clone.add_working_days(date(2026, 9, 14), 1))
