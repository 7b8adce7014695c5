# SPDX-License-Identifier: MIT
"""
Hypothesis strategies shared by the test modules: one home instead of copies.

Import them as ``from strategies import ...`` (``tests/conftest.py`` puts this directory
on ``sys.path``; the suite runs with ``--import-mode=importlib``).
"""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from directive_tracker.deadlines import (
    CalendarPeriod,
    CountedFrom,
    DeadlineRule,
    EndOfPeriod,
    FixedDate,
    NoDeadline,
    Recurring,
    WorkingDays,
)

__all__ = ["VI_LETTERS", "counted_from", "deadline_rules"]

#: Lower-case Vietnamese letters, plain and with every tone mark (NFC, one code point
#: each), as the alphabet of generated Vietnamese text.
VI_LETTERS = ("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệ"
              "óòỏõọốồổỗộớờởỡợúùủũụứừửữựíìỉĩịýỳỷỹỵ")

#: The event a counted deadline names, or None (not stated).
counted_from = st.none() | st.sampled_from(CountedFrom)

#: Largest count accepted per CalendarPeriod unit (deadlines._UNIT_MAX, about ten years).
_UNIT_MAX = [("days", 3660), ("weeks", 522), ("months", 120), ("years", 10)]


def deadline_rules(min_year: int = 1995, max_year: int = 2099
                   ) -> st.SearchStrategy[DeadlineRule]:
    """Every kind of deadline rule with every field drawn over its valid range.

    *min_year* and *max_year* bound the year of an :class:`EndOfPeriod` that names one
    (None, no year, is drawn too); fixed dates span the rules' whole range 1995–2099.
    """
    year = st.none() | st.integers(min_year, max_year)
    return st.one_of(
        st.builds(FixedDate, date=st.dates(date(1995, 1, 1), date(2099, 12, 31)),
                  strict=st.booleans(), roll=st.booleans()),
        st.builds(WorkingDays, n=st.integers(1, 2600), counted_from=counted_from),
        st.sampled_from(_UNIT_MAX).flatmap(lambda u: st.builds(
            CalendarPeriod, unit=st.just(u[0]), n=st.integers(1, u[1]),
            roll_to_working_day=st.booleans(), makeup_saturday_is_working=st.booleans(),
            swapped_day_off_is_rest=st.booleans(), counted_from=counted_from)),
        st.builds(EndOfPeriod, kind=st.just("month"), index=st.integers(1, 12), year=year,
                  roll=st.booleans()),
        st.builds(EndOfPeriod, kind=st.just("quarter"), index=st.integers(1, 4), year=year,
                  roll=st.booleans()),
        st.builds(EndOfPeriod, kind=st.just("half_year"), index=st.integers(1, 2), year=year,
                  roll=st.booleans()),
        st.builds(EndOfPeriod, kind=st.sampled_from(["nine_months", "year"]), year=year,
                  roll=st.booleans()),
        st.builds(Recurring, freq=st.just("weekly"), weekday=st.integers(1, 7),
                  roll=st.booleans()),
        st.builds(Recurring, freq=st.just("monthly"), day=st.integers(1, 31), roll=st.booleans()),
        st.builds(Recurring, freq=st.just("quarterly"), day=st.integers(1, 31),
                  month=st.integers(1, 3), roll=st.booleans()),
        st.builds(Recurring, freq=st.just("half_yearly"), day=st.integers(1, 31),
                  month=st.integers(1, 6), roll=st.booleans()),
        st.dates(date(2024, 1, 1), date(2024, 12, 31)).flatmap(lambda d: st.builds(
            Recurring, freq=st.just("yearly"), day=st.just(d.day), month=st.just(d.month),
            roll=st.booleans())),
        st.builds(NoDeadline, kind=st.sampled_from(["ongoing", "none"])),
    )
