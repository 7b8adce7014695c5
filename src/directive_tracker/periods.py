# SPDX-License-Identifier: MIT
"""
Reporting periods of Decree 09/2019/NĐ-CP (the state reporting regime).

A :class:`ReportingPeriod` is a month, quarter, half-year, the first nine months or a
year.  It knows two date ranges:

* the **data cut-off window** (:attr:`~ReportingPeriod.start` to
  :attr:`~ReportingPeriod.end`, both inclusive): from the 15th of the month before the
  period to the 14th of its last month — monthly 15/04–14/05 for May, quarterly
  15/12–14/03 for quý I, H1 15/12–14/06, H2 15/06–14/12, nine months 15/12–14/09, annual
  15/12–14/12 (Decree 09/2019, Art 12);
* the **calendar period** (:attr:`~ReportingPeriod.calendar_start` to
  :attr:`~ReportingPeriod.calendar_end`, inclusive): quý III/2024 is 01/07–30/09/2024.

Because windows are shifted half a month, 20/12/2024 lies in the January 2025 monthly
window and in the quý I/2025 window (:meth:`ReportingPeriod.containing`).

The submission deadline defaults to the 25th of the period's last month (Art 13, for
ministries and provincial People's Committees reporting to the Government); pass a
:class:`SubmissionRule` such as :class:`WorkingDaysAfterCutoff` for provincial rules
("2 working days after the cut-off", Khánh Hòa QĐ 01/2023/QĐ-UBND).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import calendar as _calendar
import enum
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, Protocol, cast, overload, runtime_checkable

import attrs

from ._validators import check_date, check_int
from .exceptions import InvalidTypeError, ParseError, ValidationError
from .text import fold

__all__ = [
    "ARTICLE_13",
    "MAX_LABEL_LENGTH",
    "CalendarDaysAfterCutoff",
    "DayOfLastMonth",
    "PeriodKind",
    "ReportingPeriod",
    "SubmissionRule",
    "WorkingDayCalendarLike",
    "WorkingDaysAfterCutoff",
    "period_label_vi",
    "submissions_between",
]

_MIN_YEAR, _MAX_YEAR = 2, 9998

#: Longest period label :meth:`ReportingPeriod.parse` reads, in code points of the raw
#: input (real labels are under 40); longer input is refused, never cut.
MAX_LABEL_LENGTH = 200


class PeriodKind(enum.StrEnum):
    """
    The kinds of reporting period (Decree 09/2019/NĐ-CP; nine months is a provincial add-on).

    The one type for a kind of period in the library: :class:`ReportingPeriod` and the
    deadline rule :class:`~directive_tracker.deadlines.EndOfPeriod` both use it.  Each
    member's value is the string stored in JSON and databases ("month", "quarter",
    "half_year", "nine_months", "year"); a member compares equal to that string and
    ``str()`` gives it (``PeriodKind.QUARTER == "quarter"``), so code written against the
    former ``Literal`` strings of :mod:`directive_tracker.deadlines` keeps working.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.1.0
       A ``str`` enum, and the only ``PeriodKind`` (``deadlines.PeriodKind`` was a
       ``Literal`` of the same strings).
    """

    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    NINE_MONTHS = "nine_months"
    YEAR = "year"

    @property
    def label_vi(self) -> str:
        """Vietnamese name of the kind ("Quý")."""
        return _KIND_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English name of the kind ("Quarter")."""
        return _KIND_LABELS[self][1]

    @property
    def count_per_year(self) -> int:
        """How many periods of this kind a year has (12, 4, 2, 1, 1)."""
        return _PER_YEAR[self]


_KIND_LABELS = {
    PeriodKind.MONTH: ("Tháng", "Month"),
    PeriodKind.QUARTER: ("Quý", "Quarter"),
    PeriodKind.HALF_YEAR: ("6 tháng", "Half-year"),
    PeriodKind.NINE_MONTHS: ("9 tháng", "Nine months"),
    PeriodKind.YEAR: ("Năm", "Year"),
}
_PER_YEAR = {
    PeriodKind.MONTH: 12,
    PeriodKind.QUARTER: 4,
    PeriodKind.HALF_YEAR: 2,
    PeriodKind.NINE_MONTHS: 1,
    PeriodKind.YEAR: 1,
}
_KIND_RANK = {kind: rank for rank, kind in enumerate(PeriodKind)}
_ROMAN = ("I", "II", "III", "IV")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def period_label_vi(kind: PeriodKind, index: int | None, year: int | None, *,
                    capitalised: bool = True) -> str:
    """
    Return the Vietnamese name of a period: the one place the library words periods.

    The wording is that of official report titles (e.g. the General Statistics Office's
    "Báo cáo tình hình kinh tế - xã hội quý III và 9 tháng năm 2024"):

    ========================  ===========================  ==========================
    kind                      with a year                  without a year
    ========================  ===========================  ==========================
    ``MONTH`` (index 5)       Tháng 5/2024                 Tháng 5
    ``QUARTER`` (index 2)     Quý II/2024                  Quý II
    ``HALF_YEAR`` (1; 2)      6 tháng đầu năm 2024;        6 tháng đầu năm;
                              6 tháng cuối năm 2024        6 tháng cuối năm
    ``NINE_MONTHS``           9 tháng năm 2024             9 tháng đầu năm
    ``YEAR``                  Năm 2024                     Năm nay
    ========================  ===========================  ==========================

    Quarters take Roman numerals.  The year-less forms are what a directive says when it
    names no year ("trong quý III", "9 tháng đầu năm"); "9 tháng năm" alone is not said.

    Args:
        kind: the :class:`PeriodKind`.
        index: month 1–12, quarter 1–4 or half 1–2; ignored (may be None) for
            ``NINE_MONTHS`` and ``YEAR``.
        year: the year, or None for the year-less form.
        capitalised: True (default) for the form that starts a title or a table cell
            ("Quý II/2024", as :attr:`ReportingPeriod.label_vi`); False for the form used
            inside a sentence, first letter in lower case ("hết quý II/2024", "trong năm
            2024"), as in :mod:`directive_tracker.deadlines` texts.

    Raises:
        InvalidTypeError: *kind* is not a :class:`PeriodKind`.
        ValidationError: *index* is missing or out of range for *kind*.

    >>> period_label_vi(PeriodKind.QUARTER, 2, 2024)
    'Quý II/2024'
    >>> period_label_vi(PeriodKind.NINE_MONTHS, None, 2024, capitalised=False)
    '9 tháng năm 2024'

    .. versionadded:: 0.1.0
    """
    if not isinstance(kind, PeriodKind):
        raise InvalidTypeError("kind", kind, "a PeriodKind")
    if kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR):
        check_int(index, "index", minimum=1, maximum=kind.count_per_year)
    if kind is PeriodKind.MONTH:
        text = f"Tháng {index}" + (f"/{year}" if year is not None else "")
    elif kind is PeriodKind.QUARTER:
        text = f"Quý {_ROMAN[cast(int, index) - 1]}" + (f"/{year}" if year is not None else "")
    elif kind is PeriodKind.HALF_YEAR:
        text = f"6 tháng {'đầu' if index == 1 else 'cuối'} năm" + (
            f" {year}" if year is not None else "")
    elif kind is PeriodKind.NINE_MONTHS:
        text = f"9 tháng năm {year}" if year is not None else "9 tháng đầu năm"
    else:
        text = f"Năm {year}" if year is not None else "Năm nay"
    return text if capitalised else text[0].lower() + text[1:]


# --------------------------------------------------------------------------- submission rules


@runtime_checkable
class WorkingDayCalendarLike(Protocol):
    """
    Anything that can add working days (e.g. ``directive_tracker.calendars`` calendars).

    ``add_working_days(start, n)`` returns the *n*-th working day after *start* (the start
    day not counted, Civil Code Art 147).

    .. versionadded:: 0.1.0
    """

    def add_working_days(self, start: date, n: int, /) -> date:
        """Return the n-th working day after *start*."""
        ...


@runtime_checkable
class SubmissionRule(Protocol):
    """
    A policy giving the submission deadline of a reporting period.

    .. versionadded:: 0.1.0
    """

    def due_date(self, period: ReportingPeriod, /) -> date:
        """Return the last day (inclusive) on which the report for *period* may be sent."""
        ...


def _check_day(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_int(value, attribute.name, minimum=1, maximum=31)


def _check_count(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_int(value, attribute.name, minimum=0, maximum=366)


def _check_calendar(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, WorkingDayCalendarLike):
        raise InvalidTypeError(attribute.name, value,
                               "an object with add_working_days(start, n)")


@attrs.frozen(kw_only=True)
class DayOfLastMonth:
    """
    Due on a fixed day of the period's last calendar month (clipped to the month's end).

    The default, ``DayOfLastMonth(day=25)``, is Decree 09/2019 Art 13: ministries and
    provincial People's Committees report "by the 25th of the last month of the period".
    The old Decree 138/2016 used the 20th for quarterly reports.

    Args:
        day: day of the month, 1–31; 31 in a 30-day month means its last day.

    .. versionadded:: 0.1.0
    """

    day: int = attrs.field(default=25, validator=_check_day)

    @classmethod
    def parse(cls, text: str) -> DayOfLastMonth:
        """
        Read a province's submission rule "trước ngày 20 của tháng cuối kỳ".

        Accepted (any case, with or without diacritics): "(trước|chậm nhất|hạn) ngày N
        (của) tháng cuối (kỳ|quý|kỳ báo cáo)"; N is 1–31.

        Raises:
            InvalidTypeError: *text* is not a ``str``.
            ParseError: the text is longer than :data:`MAX_LABEL_LENGTH` or is not of
                that form, or N is not 1–31.

        >>> DayOfLastMonth.parse("trước ngày 20 của tháng cuối kỳ")
        DayOfLastMonth(day=20)

        .. versionadded:: 0.2.0
        """
        if not isinstance(text, str):
            raise InvalidTypeError("text", text, "a str")
        if len(text) > MAX_LABEL_LENGTH:
            raise ParseError(text[:40] + "…", _EXPECTED_SUBMISSION, what="submission rule")
        match = _SUBMISSION.fullmatch(fold(text).strip(" .,"))
        if match is None or not 1 <= int(match["day"]) <= 31:
            raise ParseError(text, _EXPECTED_SUBMISSION, what="submission rule")
        return cls(day=int(match["day"]))

    def due_date(self, period: ReportingPeriod, /) -> date:
        """Return the *day*-th of the period's last month (or that month's last day)."""
        last = period.calendar_end
        return last.replace(day=min(self.day, last.day))


@attrs.frozen(kw_only=True)
class CalendarDaysAfterCutoff:
    """
    Due *days* calendar days after the cut-off (the window's last day, not counted).

    Args:
        days: 0–366; 0 means on the cut-off day itself.

    .. versionadded:: 0.1.0
    """

    days: int = attrs.field(validator=_check_count)

    def due_date(self, period: ReportingPeriod, /) -> date:
        """Return ``period.end + days``."""
        return period.end + timedelta(days=self.days)


@attrs.frozen(kw_only=True)
class WorkingDaysAfterCutoff:
    """
    Due *days* working days after the cut-off (e.g. Khánh Hòa: 2 working days).

    Decree 09/2019 Art 8(5) requires at least one working day between cut-off and
    submission, so ``days`` should be ≥ 1.

    Args:
        days: number of working days, 0–366.
        calendar: any object with ``add_working_days(start, n)``.

    .. versionadded:: 0.1.0
    """

    days: int = attrs.field(validator=_check_count)
    calendar: WorkingDayCalendarLike = attrs.field(validator=_check_calendar)

    def due_date(self, period: ReportingPeriod, /) -> date:
        """Return ``calendar.add_working_days(period.end, days)``."""
        return self.calendar.add_working_days(period.end, self.days)


_SUBMISSION = re.compile(r"(?:(?:truoc|cham nhat(?: la)?|han|nop)\s+)?ngay\s+(?P<day>[0-9]{1,2})"
                         r"\s+(?:cua\s+|trong\s+)?thang\s+cuoi\s+(?:cua\s+)?"
                         r"(?:ky(?:\s+bao\s+cao)?|quy)")
_EXPECTED_SUBMISSION = "'trước ngày 20 của tháng cuối kỳ' (a day 1-31 of the period's last month)"

#: Decree 09/2019 Art 13: by the 25th of the period's last month.
ARTICLE_13 = DayOfLastMonth(day=25)


# --------------------------------------------------------------------------- the period


class _YearAccessor:
    """``ReportingPeriod.year(2024)`` constructs; ``period.year`` is the int year."""

    @overload
    def __get__(self, instance: None, owner: type[ReportingPeriod]
                ) -> Callable[[int], ReportingPeriod]: ...

    @overload
    def __get__(self, instance: ReportingPeriod, owner: type[ReportingPeriod]) -> int: ...

    def __get__(self, instance: ReportingPeriod | None, owner: type[ReportingPeriod]
                ) -> int | Callable[[int], ReportingPeriod]:
        if instance is None:
            return owner.of_year
        return instance._year


def _check_kind(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, PeriodKind):
        raise InvalidTypeError("kind", value, "a PeriodKind")


def _check_year(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_int(value, "year", minimum=_MIN_YEAR, maximum=_MAX_YEAR)


@attrs.frozen(kw_only=True, eq=True, order=False, repr=False)
class ReportingPeriod:
    """
    One reporting period of Decree 09/2019/NĐ-CP: a month, quarter, half-year, nine months
    or year.

    Build one with :meth:`month`, :meth:`quarter`, :meth:`half_year`, :meth:`nine_months`,
    :meth:`year` (``ReportingPeriod.year(2024)``; on an instance, ``period.year`` is the
    year), :meth:`containing` or :meth:`parse`.

    Args:
        kind: the :class:`PeriodKind`.
        year: the year, 2–9998.
        index: month 1–12, quarter 1–4, half 1–2; 1 for nine months and year.

    Raises:
        InvalidTypeError: a field has the wrong type.
        ValidationError: the year or index is out of range for the kind.

    Periods sort by the end of their window, then by kind (month < quarter < half-year <
    nine months < year), so same-kind periods sort chronologically and, for one cut-off
    day, the shorter period comes first (Tháng 6 < Quý II < 6 tháng đầu năm).

    .. versionadded:: 0.1.0
    """

    kind: PeriodKind = attrs.field(validator=_check_kind)
    _year: int = attrs.field(validator=_check_year)
    index: int = attrs.field(default=1)

    year = _YearAccessor()

    def __attrs_post_init__(self) -> None:
        check_int(self.index, "index", minimum=1, maximum=self.kind.count_per_year)

    # ----------------------------------------------------------------- constructors

    @classmethod
    def month(cls, year: int, m: int) -> ReportingPeriod:
        """
        Return the monthly period *m*/*year* (window 15th of the previous month → 14th).

        Raises:
            InvalidTypeError, ValidationError: *year* not in 2–9998 or *m* not in 1–12.

        .. versionadded:: 0.1.0
        """
        check_int(m, "m", minimum=1, maximum=12)
        return cls(kind=PeriodKind.MONTH, year=year, index=m)

    @classmethod
    def quarter(cls, year: int, q: int) -> ReportingPeriod:
        """
        Return quý *q*/*year* (window 15th of the month before → 14th of its last month).

        Raises:
            InvalidTypeError, ValidationError: *year* not in 2–9998 or *q* not in 1–4.

        .. versionadded:: 0.1.0
        """
        check_int(q, "q", minimum=1, maximum=4)
        return cls(kind=PeriodKind.QUARTER, year=year, index=q)

    @classmethod
    def half_year(cls, year: int, h: int) -> ReportingPeriod:
        """
        Return the first (*h* = 1, 15/12 → 14/06) or second (*h* = 2, 15/06 → 14/12) half.

        Raises:
            InvalidTypeError, ValidationError: *year* not in 2–9998 or *h* not 1 or 2.

        .. versionadded:: 0.1.0
        """
        check_int(h, "h", minimum=1, maximum=2)
        return cls(kind=PeriodKind.HALF_YEAR, year=year, index=h)

    @classmethod
    def nine_months(cls, year: int) -> ReportingPeriod:
        """
        Return the first nine months of *year* (window 15/12 of the year before → 14/09).

        Raises:
            InvalidTypeError, ValidationError: *year* not in 2–9998.

        .. versionadded:: 0.1.0
        """
        return cls(kind=PeriodKind.NINE_MONTHS, year=year, index=1)

    @classmethod
    def of_year(cls, year: int) -> ReportingPeriod:
        """
        Return the annual period *year* (window 15/12 of the year before → 14/12).

        Also reachable as ``ReportingPeriod.year(year)``.

        Raises:
            InvalidTypeError, ValidationError: *year* not in 2–9998.

        .. versionadded:: 0.1.0
        """
        return cls(kind=PeriodKind.YEAR, year=year, index=1)

    @classmethod
    def of_kind(cls, kind: PeriodKind, year: int, index: int = 1) -> ReportingPeriod:
        """
        Return the period of *kind* with *index* in *year* (generic constructor).

        Raises:
            InvalidTypeError, ValidationError: as the field checks.

        .. versionadded:: 0.1.0
        """
        return cls(kind=kind, year=year, index=index)

    @classmethod
    def containing(cls, d: date, kind: PeriodKind) -> ReportingPeriod:
        """
        Return the period of *kind* whose data cut-off window contains *d*.

        Windows are shifted from calendar periods: a day on or after the 15th belongs to the
        next month's window, so 20/12/2024 is in January 2025 and in quý I/2025.

        Args:
            d: the date.
            kind: the period kind.

        Returns:
            The period with ``start <= d <= end``.

        Raises:
            InvalidTypeError: *d* is not a ``date`` (a ``datetime`` is refused) or *kind* is
                not a :class:`PeriodKind`.
            ValidationError: *kind* is NINE_MONTHS and *d* lies in 15/09–14/12, which no
                nine-month window covers; or *d* is outside the supported years.

        .. versionadded:: 0.1.0
        """
        check_date(d, "d")
        if not isinstance(kind, PeriodKind):
            raise InvalidTypeError("kind", kind, "a PeriodKind")
        year, month = d.year, d.month
        if d.day >= 15:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if kind is PeriodKind.MONTH:
            index = month
        elif kind is PeriodKind.QUARTER:
            index = (month - 1) // 3 + 1
        elif kind is PeriodKind.HALF_YEAR:
            index = 1 if month <= 6 else 2
        else:
            index = 1
            if kind is PeriodKind.NINE_MONTHS and month > 9:
                raise ValidationError(
                    f"{d.isoformat()} is in no nine-month window: those run from 15/12 of the "
                    f"previous year to 14/09, so 15/09-14/12 is not covered",
                    param_name="d", value=d)
        return cls(kind=kind, year=year, index=index)

    @classmethod
    def containing_calendar(cls, d: date, kind: PeriodKind) -> ReportingPeriod:
        """
        Return the period of *kind* whose plain calendar range contains *d* (not shifted).

        ``containing_calendar(date(2024, 8, 20), PeriodKind.QUARTER)`` is quý III/2024
        (01/07–30/09), whereas :meth:`containing` would use the cut-off window.

        Raises:
            InvalidTypeError: *d* is not a ``date`` or *kind* not a :class:`PeriodKind`.
            ValidationError: *kind* is NINE_MONTHS and *d* is in October–December, or *d*
                is outside the supported years.

        .. versionadded:: 0.1.0
        """
        check_date(d, "d")
        if not isinstance(kind, PeriodKind):
            raise InvalidTypeError("kind", kind, "a PeriodKind")
        return cls.containing(date(d.year, d.month, 1), kind)

    # ----------------------------------------------------------------- dates

    @property
    def first_month(self) -> int:
        """The first calendar month of the period (1–12)."""
        if self.kind is PeriodKind.MONTH:
            return self.index
        if self.kind is PeriodKind.QUARTER:
            return 3 * self.index - 2
        if self.kind is PeriodKind.HALF_YEAR:
            return 1 if self.index == 1 else 7
        return 1

    @property
    def last_month(self) -> int:
        """The last calendar month of the period (1–12)."""
        if self.kind is PeriodKind.MONTH:
            return self.index
        if self.kind is PeriodKind.QUARTER:
            return 3 * self.index
        if self.kind is PeriodKind.HALF_YEAR:
            return 6 * self.index
        if self.kind is PeriodKind.NINE_MONTHS:
            return 9
        return 12

    @property
    def start(self) -> date:
        """First day (inclusive) of the data cut-off window: the 15th of the month before."""
        if self.first_month == 1:
            return date(self._year - 1, 12, 15)
        return date(self._year, self.first_month - 1, 15)

    @property
    def end(self) -> date:
        """Last day (inclusive) of the data cut-off window: the 14th of the last month."""
        return date(self._year, self.last_month, 14)

    @property
    def calendar_start(self) -> date:
        """First day (inclusive) of the plain calendar period (quý III → 01/07)."""
        return date(self._year, self.first_month, 1)

    @property
    def calendar_end(self) -> date:
        """Last day (inclusive) of the plain calendar period (quý III → 30/09)."""
        last_day = _calendar.monthrange(self._year, self.last_month)[1]
        return date(self._year, self.last_month, last_day)

    def contains(self, d: date) -> bool:
        """
        Return whether *d* is in the data cut-off window (``start <= d <= end``).

        Raises:
            InvalidTypeError: *d* is not a ``date``.

        .. versionadded:: 0.1.0
        """
        return self.start <= check_date(d, "d") <= self.end

    def submission_due(self, rule: SubmissionRule | None = None) -> date:
        """
        Return the last day (inclusive) for submitting the report for this period.

        Args:
            rule: a :class:`SubmissionRule`; default :data:`ARTICLE_13` — the 25th of the
                period's last month (Decree 09/2019 Art 13): quý II/2024 → 25/06/2024.

        Raises:
            InvalidTypeError: *rule* has no ``due_date(period)`` method.

        .. versionadded:: 0.1.0
        """
        if rule is None:
            rule = ARTICLE_13
        elif not isinstance(rule, SubmissionRule):
            raise InvalidTypeError("rule", rule, "a SubmissionRule (with due_date(period))")
        return rule.due_date(self)

    # ----------------------------------------------------------------- navigation

    def next(self) -> ReportingPeriod:
        """
        Return the following period of the same kind (December → January of next year).

        Raises:
            ValidationError: past the last supported year.

        .. versionadded:: 0.1.0
        """
        return self._shift(1)

    def previous(self) -> ReportingPeriod:
        """
        Return the preceding period of the same kind.

        Raises:
            ValidationError: before the first supported year.

        .. versionadded:: 0.1.0
        """
        return self._shift(-1)

    def _shift(self, step: int) -> ReportingPeriod:
        per_year = self.kind.count_per_year
        ordinal = self._year * per_year + (self.index - 1) + step
        year, index0 = divmod(ordinal, per_year)
        return ReportingPeriod(kind=self.kind, year=year, index=index0 + 1)

    # ----------------------------------------------------------------- labels

    @property
    def label_vi(self) -> str:
        """Vietnamese label: "Tháng 5/2024", "Quý II/2024", "6 tháng đầu năm 2024", …

        The title form of :func:`period_label_vi` (the one place that words periods).
        """
        return period_label_vi(self.kind, self.index, self._year)

    @property
    def label_en(self) -> str:
        """English label: "May 2024", "Q2 2024", "First half of 2024", …"""
        y = self._year
        if self.kind is PeriodKind.MONTH:
            return f"{_MONTHS_EN[self.index - 1]} {y}"
        if self.kind is PeriodKind.QUARTER:
            return f"Q{self.index} {y}"
        if self.kind is PeriodKind.HALF_YEAR:
            return f"{'First' if self.index == 1 else 'Second'} half of {y}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"First nine months of {y}"
        return f"Year {y}"

    @property
    def key(self) -> str:
        """
        A short stable key, sortable within one kind: "2026-11" (month), "2026-Q4"
        (quarter), "2026-H1" (half-year), "2026-9M" (nine months), "2026" (year).

        Used as the key of an occurrence of a periodic duty
        (:mod:`directive_tracker.occurrences`); :meth:`from_key` reverses it.

        >>> ReportingPeriod.month(2026, 11).key, ReportingPeriod.quarter(2026, 4).key
        ('2026-11', '2026-Q4')

        .. versionadded:: 0.2.0
        """
        y = f"{self._year:04d}"
        if self.kind is PeriodKind.MONTH:
            return f"{y}-{self.index:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{y}-Q{self.index}"
        if self.kind is PeriodKind.HALF_YEAR:
            return f"{y}-H{self.index}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"{y}-9M"
        return y

    @classmethod
    def from_key(cls, key: str) -> ReportingPeriod:
        """
        Rebuild a period from its :attr:`key`.

        Raises:
            InvalidTypeError: *key* is not a ``str``.
            ParseError: *key* is not of one of the :attr:`key` forms, or names a month,
                quarter or half that does not exist.

        .. versionadded:: 0.2.0
        """
        if not isinstance(key, str):
            raise InvalidTypeError("key", key, "a str")
        match = _KEY.fullmatch(key)
        if match is None:
            raise ParseError(key[:40], _EXPECTED_KEY, what="reporting period key")
        year, rest = int(match["year"]), match["rest"]
        try:
            if rest is None:
                return cls.of_year(year)
            if rest == "9M":
                return cls.nine_months(year)
            if rest[0] == "Q":
                return cls.quarter(year, int(rest[1:]))
            if rest[0] == "H":
                return cls.half_year(year, int(rest[1:]))
            return cls.month(year, int(rest))
        except ValidationError as error:
            raise ParseError(key, f"{_EXPECTED_KEY} ({error.message})",
                             what="reporting period key") from error

    def to_dict(self) -> dict[str, Any]:
        """
        Return the JSON-safe form ``{"kind": "quarter", "year": 2024, "index": 2}``.

        .. versionadded:: 0.1.0
        """
        return {"kind": self.kind.value, "year": self._year, "index": self.index}

    @classmethod
    def from_dict(cls, data: object) -> ReportingPeriod:
        """
        Rebuild a period from :meth:`to_dict` output.

        Raises:
            ValidationError: *data* is not such a dict, or a value is out of range.
            InvalidTypeError: year or index is not an int.

        .. versionadded:: 0.1.0
        """
        if not isinstance(data, dict) or set(data) != {"kind", "year", "index"}:
            raise ValidationError(
                f"reporting period data must be a dict with exactly the keys kind, year, "
                f"index; got {data!r}", value=data)
        try:
            kind = PeriodKind(data["kind"])
        except ValueError as error:
            allowed = ", ".join(repr(k.value) for k in PeriodKind)
            raise ValidationError(f"kind {data['kind']!r} is not one of {allowed}",
                                  value=data) from error
        return cls(kind=kind, year=data["year"], index=data["index"])

    def __str__(self) -> str:
        return self.label_vi

    def __repr__(self) -> str:
        return (f"ReportingPeriod(kind=PeriodKind.{self.kind.name}, year={self._year}, "
                f"index={self.index})")

    @classmethod
    def parse(cls, label: str) -> ReportingPeriod:
        """
        Read a period label such as "Quý II/2024", "tháng 5/2024" or "6 tháng đầu năm 2024".

        Accepted (any case, with or without diacritics, NFC or NFD, extra spaces):
        "Tháng 5/2024", "tháng 05 năm 2024", "Quý II/2024", "quý 2/2024", "Quý IV năm 2024",
        "6 tháng đầu năm 2024" (also "6 tháng năm 2024"), "6 tháng cuối năm 2024",
        "9 tháng năm 2024" (also "9 tháng đầu năm 2024"), "Năm 2024", and the English
        labels of :attr:`label_en`.  "/", "-" and "." separate month or quarter and year.

        Returns:
            The period; ``parse(p.label_vi) == parse(p.label_en) == p``.

        Raises:
            InvalidTypeError: *label* is not a ``str``.
            ParseError: the label is longer than :data:`MAX_LABEL_LENGTH` (200) code
                points, checked before any normalisation, or is not recognised (the
                message lists the forms).

        .. versionadded:: 0.1.0
        """
        if not isinstance(label, str):
            raise InvalidTypeError("label", label, "a str")
        if len(label) > MAX_LABEL_LENGTH:
            # Refused before any normalisation: cutting first would read a different label
            # ("Năm 202" + 193 spaces + "4" cut at 200 is "Năm 202").
            raise ParseError(label[:40] + "…", f"{_EXPECTED_LABEL}, in at most "
                             f"{MAX_LABEL_LENGTH} characters (got {len(label)})",
                             what="reporting period label")
        key = fold(label).rstrip(".")
        for pattern, build in _LABEL_PATTERNS:
            match = pattern.fullmatch(key)
            if match is None:
                continue
            try:
                return build(match)
            except ValidationError as error:
                raise ParseError(label, f"{_EXPECTED_LABEL} ({error.message})",
                                 what="reporting period label") from error
        raise ParseError(label, _EXPECTED_LABEL, what="reporting period label")

    # ----------------------------------------------------------------- ordering

    def _sort_key(self) -> tuple[date, int]:
        return self.end, _KIND_RANK[self.kind]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, ReportingPeriod):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, ReportingPeriod):
            return NotImplemented
        return self._sort_key() <= other._sort_key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, ReportingPeriod):
            return NotImplemented
        return self._sort_key() > other._sort_key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, ReportingPeriod):
            return NotImplemented
        return self._sort_key() >= other._sort_key()


_KEY = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<rest>[0-9]{2}|Q[0-9]|H[0-9]|9M))?")
_EXPECTED_KEY = '"2026-11", "2026-Q4", "2026-H1", "2026-9M" or "2026"'

_EXPECTED_LABEL = (
    '"Tháng 5/2024", "Quý II/2024" (or "Quý 2/2024"), "6 tháng đầu năm 2024", '
    '"6 tháng cuối năm 2024", "9 tháng năm 2024" or "Năm 2024"'
)
_SEP = r"\s*(?:[/.-]|\s(?:\s*nam\s)?)\s*"
_YEAR = r"(?P<year>[0-9]{1,4})"
_ROMAN_VALUES = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MONTHS_EN_FOLDED = {name.lower(): number for number, name in enumerate(_MONTHS_EN, start=1)}


def _quarter_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text in _ROMAN_VALUES:
        return _ROMAN_VALUES[text]
    raise ValidationError(f"quarter numeral {text.upper()!r} is not I-IV or 1-4")


_LABEL_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], ReportingPeriod]]] = [
    (re.compile(r"thang\s*(?P<m>[0-9]{1,2})" + _SEP + _YEAR),
     lambda m: ReportingPeriod.month(int(m["year"]), int(m["m"]))),
    (re.compile(r"quy\s*(?P<q>[ivx]+|[0-9])" + _SEP + _YEAR),
     lambda m: ReportingPeriod.quarter(int(m["year"]), _quarter_number(m["q"]))),
    (re.compile(r"(?:6|sau)\s*thang\s*(?:dau\s*)?(?:nam\s*)?" + _YEAR),
     lambda m: ReportingPeriod.half_year(int(m["year"]), 1)),
    (re.compile(r"(?:6|sau)\s*thang\s*cuoi\s*(?:nam\s*)?" + _YEAR),
     lambda m: ReportingPeriod.half_year(int(m["year"]), 2)),
    (re.compile(r"(?:9|chin)\s*thang\s*(?:dau\s*)?(?:nam\s*)?" + _YEAR),
     lambda m: ReportingPeriod.nine_months(int(m["year"]))),
    (re.compile(r"(?:ca\s*)?nam\s*" + _YEAR),
     lambda m: ReportingPeriod.of_year(int(m["year"]))),
    (re.compile(r"(?P<name>" + "|".join(_MONTHS_EN_FOLDED) + r")\s+" + _YEAR),
     lambda m: ReportingPeriod.month(int(m["year"]), _MONTHS_EN_FOLDED[m["name"]])),
    (re.compile(r"q(?P<q>[0-9])\s*" + _YEAR),
     lambda m: ReportingPeriod.quarter(int(m["year"]), int(m["q"]))),
    (re.compile(r"(?P<half>first|second) half of " + _YEAR),
     lambda m: ReportingPeriod.half_year(int(m["year"]), 1 if m["half"] == "first" else 2)),
    (re.compile(r"first nine months of " + _YEAR),
     lambda m: ReportingPeriod.nine_months(int(m["year"]))),
    (re.compile(r"year " + _YEAR),
     lambda m: ReportingPeriod.of_year(int(m["year"]))),
]



def submissions_between(kind: PeriodKind, submission: SubmissionRule, lo: date, hi: date
                        ) -> list[tuple[date, ReportingPeriod]]:
    """
    Return the periods of *kind* whose submission day (``submission.due_date(period)``,
    before any move to a working day) lies in [*lo*, *hi*] (both inclusive), as
    ``(day, period)`` pairs in ascending order of the day.

    The one enumeration of a Decree 09/2019 reporting duty's occurrences: the periodic
    deadline rule :class:`~directive_tracker.deadlines.PeriodicReport` and
    :class:`~directive_tracker.occurrences.ReportingDuty` both use it.  A rule such as
    :class:`WorkingDaysAfterCutoff` names a day after the period's calendar end, so the
    search starts two periods before the one containing *lo*.

    Raises:
        InvalidTypeError: *kind* is not a :class:`PeriodKind`, *submission* not a
            :class:`SubmissionRule` or *lo*/*hi* not dates.
        ValidationError: the periods leave the supported years.

    >>> [(d.isoformat(), p.key) for d, p in submissions_between(
    ...     PeriodKind.QUARTER, ARTICLE_13, date(2026, 1, 1), date(2026, 6, 30))]
    [('2026-03-25', '2026-Q1'), ('2026-06-25', '2026-Q2')]

    .. versionadded:: 0.2.0
    """
    if not isinstance(kind, PeriodKind):
        raise InvalidTypeError("kind", kind, "a PeriodKind")
    if not isinstance(submission, SubmissionRule):
        raise InvalidTypeError("submission", submission, "a SubmissionRule (due_date(period))")
    check_date(lo, "lo")
    check_date(hi, "hi")
    out: list[tuple[date, ReportingPeriod]] = []
    if kind is PeriodKind.NINE_MONTHS:
        period = ReportingPeriod.nine_months(lo.year)
    else:
        period = ReportingPeriod.containing_calendar(lo, kind)
    for _ in range(2):
        period = period.previous()
    while True:
        named = period.submission_due(submission)
        if named > hi and period.calendar_start > hi:
            return out
        if lo <= named <= hi:
            out.append((named, period))
        period = period.next()
