# SPDX-License-Identifier: MIT
"""
The working-day calendar of Vietnamese state agencies.

State agencies work Monday to Friday (QĐ 188/1999/QĐ-TTg).  Days off are, in
increasing order of precedence:

1. Saturdays and Sundays;
2. public holidays (Labour Code 2019 Art 112), substitute days off (Art 111(3))
   and the swaps known to :mod:`holidays` (``holidays.Vietnam``, with the
   Vietnamese lunar calendar), and its make-up Saturdays (``weekend_workdays``);
3. Vietnam Culture Day (24/11), from the year set by
   :attr:`CalendarPolicy.culture_day_from` (the law is not yet amended);
4. the library's own official-notice data (``data/vn_official_days.json``,
   version :data:`OFFICIAL_DATA_VERSION`): swapped days off and make-up
   Saturdays, each citing the deciding document.  This data wins over
   :mod:`holidays` where they disagree (e.g. 02/01/2026 off and 10/01/2026
   worked, CV 12729/VPCP-KGVX, which ``holidays`` 0.109 lacks);
5. additional notice files loaded without a release (:func:`load_notices`,
   ``vietnam_calendar(notices=...)`` or the :data:`NOTICES_ENV_VAR` environment
   variable), later files winning;
6. caller overrides (:class:`DayOverride`), e.g. a typhoon closure decided by
   the province; they win over everything.

**Decision dates.**  Every fact that is not the Labour Code itself (a notice
entry, an annual schedule, an override) may record the date it was decided
(``decided_on``).  :meth:`WorkingCalendar.as_known_on` returns the calendar as
it was known at the end of a given day: facts decided later are left out, so a
status or report as of a past date is the one that was (or could have been)
reported then.  A fact without a decision date is treated as always known.

**Provisional days.**  A holiday whose exact days the Prime Minister decides
each year (the five Tết days, the day adjacent to 2/9, substitute days and
swaps) is *provisional* (:attr:`DayInfo.provisional`) in a year that has no
official schedule yet: the library then shows python-holidays' rule-based guess,
marked "dự kiến".  Vietnam Culture Day is not provisional but a policy choice
(:class:`CalendarPolicy`), cited as such.  Years up to 2024 are history; 2025 and
2026 are confirmed by their annual schedules (see :func:`calendar_data_report`).

The supported range is :data:`FIRST_SUPPORTED_DATE` (1995-01-01) to
:data:`LAST_SUPPORTED_DATE` (2099-12-31), both inclusive.  Any input date or
arithmetic result outside it raises :class:`~directive_tracker.exceptions.DateOutOfRangeError`.
The five-day week is applied over the whole range, although it only took effect
in October 1999.  Swaps before 2018 come from :mod:`holidays` only.  Years after
the last notice in the data use the statutory rules as :mod:`holidays` applies
them (its choice of the five Tết days and of the day adjacent to 2/9, which the
Prime Minister decides each year) and have no swaps until a notice is added.

A calendar is immutable and thread-safe.  It precomputes the sorted working days
and a rank table, so every query is a dictionary and list lookup (like
``exchange_calendars``), independent of the distance between dates.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import functools
import json
import os
import re
import threading
import warnings
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Final, NoReturn, TypeAlias

import attrs

from ._tz import VN_TZ
from ._validators import check_date, check_int, check_str, nfc
from .exceptions import (
    DateOutOfRangeError,
    InvalidTypeError,
    ProvisionalCalendarWarning,
    ValidationError,
)

__all__ = [
    "FIRST_SUPPORTED_DATE",
    "LAST_SUPPORTED_DATE",
    "NOTICES_ENV_VAR",
    "OFFICIAL_DATA_VERSION",
    "CalendarDataReport",
    "CalendarPolicy",
    "DayInfo",
    "DayKind",
    "DayOffBreak",
    "DayOverride",
    "NoticeFile",
    "WorkingCalendar",
    "YearSchedule",
    "calendar_data_report",
    "load_notices",
    "vietnam_calendar",
]

#: First date any calendar answers for (inclusive).
FIRST_SUPPORTED_DATE: Final[date] = date(1995, 1, 1)
#: Last date any calendar answers for (inclusive).
LAST_SUPPORTED_DATE: Final[date] = date(2099, 12, 31)

#: ``date`` under another name, for annotations inside classes with a ``date`` field.
_Date: TypeAlias = date

_FIRST_ORD: Final[int] = FIRST_SUPPORTED_DATE.toordinal()
_LAST_ORD: Final[int] = LAST_SUPPORTED_DATE.toordinal()
_NDAYS: Final[int] = _LAST_ORD - _FIRST_ORD + 1
#: Every supported date, by index (index 0 is FIRST_SUPPORTED_DATE).  These three
#: tables are filled on first use by _ensure_tables() (when the first calendar is
#: built), not at import: every reader holds a calendar, so they are full by then.
_DATES: Final[list[date]] = []
#: Supported date -> index into _DATES.  A ``datetime`` never equals a ``date``, so it
#: misses this dict just like an out-of-range date or a wrong type: the fast paths
#: need no separate type or range check and fall back to full validation on a miss.
_POS: Final[dict[date, int]] = {}
#: 0.._NDAYS as shared objects, so rank tables of many calendars cost pointers only.
_INTS: Final[list[int]] = []
_tables_lock = threading.Lock()


def _ensure_tables() -> None:
    """Fill _DATES, _POS and _INTS once (thread-safe; _DATES is filled last, as the flag)."""
    if _DATES:
        return
    with _tables_lock:
        if _DATES:
            return
        dates = [date.fromordinal(_FIRST_ORD + i) for i in range(_NDAYS)]
        _INTS.extend(range(_NDAYS + 1))
        _POS.update({d: i for i, d in enumerate(dates)})
        _DATES.extend(dates)

_WEEKDAYS_VI: Final = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_WEEKDAYS_EN: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                       "Sunday")
_WORK_WEEK_SOURCE: Final = "QĐ 188/1999/QĐ-TTg"
#: Cited for plain days when the province sets other weekly rest days.
_PROVINCE_WEEK_SOURCE: Final = "CalendarPolicy.rest_weekdays (quy định của tỉnh)"


class DayKind(enum.Enum):
    """
    Why a day is (or is not) a working day.

    Each member has a Vietnamese label (:attr:`label_vi`) and an English one
    (:attr:`label_en`).  The value is the ``kind`` string used in the
    official-notice data file.

    .. versionadded:: 0.1.0
    """

    #: An ordinary Monday–Friday working day.
    WORKING = "working"
    #: An ordinary Saturday or Sunday.
    WEEKEND = "weekend"
    #: A public holiday (Labour Code 2019 Art 112), also when it falls on a weekend.
    HOLIDAY = "holiday"
    #: A substitute day off ("nghỉ bù", Art 111(3)) for a holiday on a weekend.
    SUBSTITUTE_DAY_OFF = "substitute_day_off"
    #: A weekday off by a swap notice, worked back on a Saturday.
    SWAPPED_DAY_OFF = "swapped_day_off"
    #: A Saturday worked by a swap notice ("làm bù").
    MAKEUP_WORKING_DAY = "makeup_working_day"
    #: An extra closure (official data or a caller override, e.g. a typhoon).
    EXTRA_DAY_OFF = "extra_day_off"
    #: An extra working day (official data or a caller override).
    EXTRA_WORKING_DAY = "extra_working_day"

    @property
    def label_vi(self) -> str:
        """Return the Vietnamese label (NFC), e.g. ``"Nghỉ bù"``."""
        return _KIND_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """Return the English label, e.g. ``"Substitute day off"``."""
        return _KIND_LABELS[self][1]

    @property
    def is_working(self) -> bool:
        """Return whether days of this kind are working days."""
        return self in _WORKING_KINDS


_KIND_LABELS: Final[dict[DayKind, tuple[str, str]]] = {
    DayKind.WORKING: ("Ngày làm việc", "Working day"),
    DayKind.WEEKEND: ("Nghỉ cuối tuần", "Weekend"),
    DayKind.HOLIDAY: ("Nghỉ lễ, Tết", "Public holiday"),
    DayKind.SUBSTITUTE_DAY_OFF: ("Nghỉ bù", "Substitute day off"),
    DayKind.SWAPPED_DAY_OFF: ("Nghỉ hoán đổi", "Swapped day off"),
    DayKind.MAKEUP_WORKING_DAY: ("Làm bù", "Make-up working day"),
    DayKind.EXTRA_DAY_OFF: ("Nghỉ bổ sung", "Extra day off"),
    DayKind.EXTRA_WORKING_DAY: ("Làm việc bổ sung", "Extra working day"),
}
_WORKING_KINDS: Final = frozenset(
    {DayKind.WORKING, DayKind.MAKEUP_WORKING_DAY, DayKind.EXTRA_WORKING_DAY})


def _supported_date(value: object, name: str) -> date:
    d = check_date(value, name)
    if not FIRST_SUPPORTED_DATE <= d <= LAST_SUPPORTED_DATE:
        raise DateOutOfRangeError(d, FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE, name)
    return d


def _check_bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError(name, value, "a bool")
    return value


def _conv_date(value: object) -> date:
    return _supported_date(value, "date")


def _conv_is_working(value: object) -> bool:
    return _check_bool(value, "is_working")


def _conv_working(value: object) -> bool:
    return _check_bool(value, "working")


def _conv_reason_vi(value: object) -> str:
    return check_str(value, "reason_vi")


def _conv_reason_en(value: object) -> str:
    return check_str(value, "reason_en", allow_empty=True)


def _conv_source(value: object) -> str:
    return check_str(value, "source")


def _conv_optional_source(value: object) -> str | None:
    return None if value is None else check_str(value, "source")


def _conv_provisional(value: object) -> bool:
    return _check_bool(value, "provisional")


def _conv_decided_on(value: object) -> date | None:
    return None if value is None else check_date(value, "decided_on")


def _check_kind(value: object) -> DayKind:
    if not isinstance(value, DayKind):
        raise InvalidTypeError("kind", value, "a DayKind")
    return value


@attrs.frozen(kw_only=True)
class DayInfo:
    """
    What a calendar says about one date, with the reason and the deciding document.

    Attributes:
        date: the date described.
        is_working: whether state agencies work that day.
        kind: why (see :class:`DayKind`).
        reason_vi: the reason in Vietnamese (NFC), e.g. ``"Tết Nguyên Đán (Mùng một)"``.
        reason_en: the reason in English.
        source: the deciding document, e.g. ``"CV 12729/VPCP-KGVX, 25/12/2025"``,
            or ``None`` when there is none to cite.
        provisional: ``True`` when no official notice has fixed this day yet: the
            day is the library's rule-based expectation (e.g. the Tết days of a year
            whose schedule is not announced).  Default ``False``.
        decided_on: the date the deciding document was issued, or ``None`` for the
            law itself, plain weekdays and facts whose decision date is unknown.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``provisional``, ``decided_on``, :attr:`basis_vi` and :attr:`basis_en`.
    """

    date: date = attrs.field(converter=_conv_date)
    is_working: bool = attrs.field(converter=_conv_is_working)
    kind: DayKind = attrs.field(converter=_check_kind)
    reason_vi: str = attrs.field(converter=_conv_reason_vi)
    reason_en: str = attrs.field(converter=_conv_reason_en)
    source: str | None = attrs.field(default=None, converter=_conv_optional_source)
    provisional: bool = attrs.field(default=False, converter=_conv_provisional)
    decided_on: _Date | None = attrs.field(default=None, converter=_conv_decided_on)

    @property
    def basis_vi(self) -> str:
        """
        Return the basis to print for clerks, in Vietnamese.

        The source itself for a confirmed day; for a provisional one
        ``"dự kiến theo <source> — chưa có thông báo chính thức"``.

        .. versionadded:: 0.2.0
        """
        src = self.source or _WORK_WEEK_SOURCE
        return f"dự kiến theo {src} — chưa có thông báo chính thức" if self.provisional else src

    @property
    def basis_en(self) -> str:
        """
        Return the basis in English (``"expected under <source> — no official notice yet"``
        for a provisional day).

        .. versionadded:: 0.2.0
        """
        src = self.source or _WORK_WEEK_SOURCE
        return f"expected under {src} — no official notice yet" if self.provisional else src


@attrs.frozen(kw_only=True)
class DayOverride:
    """
    A caller's decision that one date is (or is not) a working day.

    Overrides win over the statutory rules and the official-notice data.  Use
    them for decisions the library cannot know, e.g. a typhoon closure decided
    by the province (``working=False``) or an extra working day (``working=True``).

    Attributes:
        date: the date concerned, within the supported range.
        working: ``True`` for an extra working day, ``False`` for an extra day off.
        reason_vi: the reason in Vietnamese (non-empty; normalised to NFC).
        reason_en: the reason in English (may be empty).
        source: the deciding document (non-empty), e.g. ``"CĐ 05/CĐ-UBND, 06/09/2026"``.
        decided_on: the date the decision was taken (or published).  The override is
            part of :meth:`WorkingCalendar.as_known_on` of that day and later.  Default
            ``None``: unknown, treated as always known (a past report may then change
            when the override is added; give the date to prevent that).

    Raises:
        InvalidTypeError: a field has the wrong type (e.g. a ``datetime``).
        DateOutOfRangeError: ``date`` is outside the supported range.
        ValidationError: a text is empty or contains NUL.

    .. versionadded:: 0.1.0
    """

    date: date = attrs.field(converter=_conv_date)
    working: bool = attrs.field(converter=_conv_working)
    reason_vi: str = attrs.field(converter=_conv_reason_vi)
    reason_en: str = attrs.field(default="", converter=_conv_reason_en)
    source: str = attrs.field(converter=_conv_source)
    decided_on: _Date | None = attrs.field(default=None, converter=_conv_decided_on)

    @property
    def kind(self) -> DayKind:
        """Return :attr:`DayKind.EXTRA_WORKING_DAY` or :attr:`DayKind.EXTRA_DAY_OFF`."""
        return DayKind.EXTRA_WORKING_DAY if self.working else DayKind.EXTRA_DAY_OFF


def _optional_year(value: object) -> int | None:
    if value is None:
        return None
    return check_int(value, "culture_day_from")


def _conv_inclusive(value: object) -> bool:
    return _check_bool(value, "before_date_inclusive")


def _conv_fixed_roll(value: object) -> bool:
    return _check_bool(value, "fixed_date_roll")


def _conv_period_roll(value: object) -> bool:
    return _check_bool(value, "period_end_roll")


def _conv_rest_weekdays(value: object) -> tuple[int, ...]:
    """Check ``rest_weekdays``: 1 or 2 distinct ISO weekdays (1 = Monday … 7 = Sunday)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidTypeError("rest_weekdays", value, "a tuple of ISO weekdays (1..7)")
    items = tuple(value)
    for k, v in enumerate(items):
        if type(v) is not int:
            raise InvalidTypeError(f"rest_weekdays[{k}]", v, "an int (ISO weekday 1..7)")
        if not 1 <= v <= 7:
            raise ValidationError(f"rest_weekdays[{k}]: {v} is not an ISO weekday (1..7)",
                                  param_name="rest_weekdays", value=v)
    if len(set(items)) != len(items):
        raise ValidationError(f"rest_weekdays {items!r} names a day twice",
                              param_name="rest_weekdays", value=items)
    if not 1 <= len(items) <= 2:
        raise ValidationError(
            f"rest_weekdays {items!r}: a week has 1 or 2 weekly rest days (Labour Code 2019 "
            "Art 111(1): at least one; QĐ 188/1999/QĐ-TTg: two)",
            param_name="rest_weekdays", value=items)
    return tuple(sorted(items))


@attrs.frozen(kw_only=True, repr=False)
class CalendarPolicy:
    """
    Choices the law leaves open, made explicit.

    Attributes:
        culture_day_from: the first year in which Vietnam Culture Day (24/11,
            "Ngày Văn hóa Việt Nam") is a day off, with a substitute day off
            (the next Monday) when it falls on a weekend; ``None`` means never.
            Politburo Resolution 80-NQ/TW (01/2026) chose the day and
            python-holidays lists it from 2026, but the amendment of Labour Code
            Art 112 was still pending in 02/2026, so sources disagree.
            Default 2026.
        before_date_inclusive: how a phrase "trước ngày X" is read when it says nothing
            more: ``True`` (default) as *by* X, X included (X is the last day of the time
            limit, which ends at 24:00 that day, Civil Code Art 148(6)); ``False`` as
            *before* X, the due date being the day before
            (:attr:`~directive_tracker.deadlines.FixedDate.strict`).
        fixed_date_roll: whether a date named by a directive ("hạn 01/05/2026", "trước
            ngày 21/02/2026") that falls on a day off moves to the next working day, by
            Civil Code Art 148(5) read through Art 144 (a time limit is the span between
            two points, so its last day may move).  Default ``False``: a named date is a
            point fixed by the issuer and stays
            (:attr:`~directive_tracker.deadlines.FixedDate.roll`).
        period_end_roll: the same choice for the end of a named period ("trong tháng
            2/2026" ending on Sat 28/02/2026), fixed by Art 146.  Default ``False``
            (:attr:`~directive_tracker.deadlines.EndOfPeriod.roll`).

        rest_weekdays: the weekly rest days, as ISO weekdays (1 = Monday … 7 = Sunday),
            one or two distinct days, stored sorted.  Default ``(6, 7)``: Saturday and
            Sunday, the week of state agencies (QĐ 188/1999/QĐ-TTg, Art 1).  A province
            whose offices also work on Saturday sets ``(7,)``.  The official days
            (holidays, make-up Saturdays, swapped days off) still apply on top; the
            substitute days off for a holiday on a Saturday or Sunday follow the official
            notices and the Labour Code, not this setting.

    The three readings apply to a deadline *phrase* that does not settle them itself
    (:func:`directive_tracker.settings.read_deadline`); a rule built in code keeps its
    own flags.  They do not change which days are working days; ``rest_weekdays`` does.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``before_date_inclusive``, ``fixed_date_roll``, ``period_end_roll``,
       ``rest_weekdays``.
    """

    culture_day_from: int | None = attrs.field(default=2026, converter=_optional_year)
    before_date_inclusive: bool = attrs.field(default=True, converter=_conv_inclusive)
    fixed_date_roll: bool = attrs.field(default=False, converter=_conv_fixed_roll)
    period_end_roll: bool = attrs.field(default=False, converter=_conv_period_roll)
    rest_weekdays: tuple[int, ...] = attrs.field(default=(6, 7), converter=_conv_rest_weekdays)

    def __repr__(self) -> str:
        # The readings are shown only when they differ from the default, so the repr of a
        # 0.1 policy (and of the calendars built with it) reads as before.
        extra = "".join(f", {a.name}={getattr(self, a.name)!r}" for a in attrs.fields(
            type(self))[1:] if getattr(self, a.name) != a.default)
        return f"CalendarPolicy(culture_day_from={self.culture_day_from!r}{extra})"

    def to_dict(self) -> dict[str, Any]:
        """
        Return the policy as a JSON-compatible dict (for storing it; see :meth:`from_dict`).

        ``rest_weekdays`` (a list) is present only when it is not the default ``(6, 7)``.

        .. versionadded:: 0.2.0
        """
        out: dict[str, Any] = {"culture_day_from": self.culture_day_from,
                               "before_date_inclusive": self.before_date_inclusive,
                               "fixed_date_roll": self.fixed_date_roll,
                               "period_end_roll": self.period_end_roll}
        if self.rest_weekdays != (6, 7):
            # Written only when set, so a program built before the setting (which refuses
            # unknown keys) still reads a default policy stored by this one.
            out["rest_weekdays"] = list(self.rest_weekdays)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CalendarPolicy:
        """
        Return the policy stored by :meth:`to_dict`; missing keys take their defaults.

        Raises:
            InvalidTypeError: *data* is not a mapping or a value has the wrong type.
            ValidationError: *data* has a key this version does not know.

        .. versionadded:: 0.2.0
        """
        if not isinstance(data, Mapping):
            raise InvalidTypeError("data", data, "a mapping")
        unknown = sorted(set(data) - {"culture_day_from", "before_date_inclusive",
                                      "fixed_date_roll", "period_end_roll",
                                      "rest_weekdays"}, key=str)
        if unknown:
            raise ValidationError(f"unknown calendar policy key(s): {', '.join(map(str, unknown))}",
                                  param_name="data", value=unknown)
        return cls(**dict(data))


# --------------------------------------------------------------------------- data

@attrs.frozen(kw_only=True, cache_hash=True)
class YearSchedule:
    """
    An annual schedule that confirms every PM-decided day of one year.

    Attributes:
        year: the year confirmed.
        decided_on: the date of the document (``None`` when unknown: always known).
        source: the document, e.g. ``"TB 9441/TB-BNV, 16/10/2025"``.

    .. versionadded:: 0.2.0
    """

    year: int
    decided_on: date | None
    source: str


@attrs.frozen(kw_only=True, cache_hash=True)
class NoticeFile:
    """
    A validated official-notice document: the bundled data or a file loaded later.

    Attributes:
        path: where it was read from (``None`` for a document built in memory).
        version: the document's ``version`` string.
        entries: its days, sorted by date, each with ``source`` and ``decided_on``.
        years: the annual schedules it declares (years it confirms).

    Obtain one with :func:`load_notices`.

    .. versionadded:: 0.2.0
    """

    path: str | None
    version: str
    entries: tuple[DayInfo, ...]
    years: tuple[YearSchedule, ...] = ()
    confirmed_through: int | None = None


def _parse_iso(value: object, where: str) -> date:
    if not isinstance(value, str):
        raise ValidationError(f"{where}: expected an ISO date string, got {value!r}")
    try:
        d = date.fromisoformat(value)
    except ValueError as e:
        raise ValidationError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from e
    if not FIRST_SUPPORTED_DATE <= d <= LAST_SUPPORTED_DATE:
        raise ValidationError(
            f"{where}: {value} is outside the supported range "
            f"{FIRST_SUPPORTED_DATE.isoformat()}..{LAST_SUPPORTED_DATE.isoformat()}")
    return d


def _parse_decided_on(entry: Mapping[str, Any], where: str, strict: bool) -> date | None:
    """Return an entry's decision date; ``strict`` requires one (files loaded later)."""
    if "decided_on" not in entry:
        if strict:
            raise ValidationError(f"{where}: missing 'decided_on' (the date of the document)")
        return None
    value = entry["decided_on"]
    if value is None:
        if strict:
            raise ValidationError(f"{where}: 'decided_on' must be a date in a notice file")
        if not isinstance(entry.get("decided_on_note"), str):
            raise ValidationError(f"{where}: a null 'decided_on' needs a 'decided_on_note'")
        return None
    return _parse_iso(value, where + " decided_on")


def _parse_notice_document(text: str, *, strict: bool, path: str | None = None) -> NoticeFile:
    """Parse and check a notice JSON document (the bundled format)."""
    label = path or "official data"
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as e:  # RecursionError: [[[[… nesting
        raise ValidationError(f"{label}: not valid JSON ({e})") from e
    if not isinstance(raw, dict) or not isinstance(raw.get("version"), str):
        raise ValidationError(f"{label}: expected an object with a string 'version'")
    fmt = raw.get("format", 1)
    if fmt not in (1, 2):
        raise ValidationError(f"{label}: unsupported format {fmt!r} (this version reads 1 and 2)")
    entries = raw.get("entries")
    if not isinstance(entries, list):
        raise ValidationError(f"{label}: 'entries' must be a list")
    infos: dict[date, DayInfo] = {}
    swaps: dict[date, date] = {}
    for k, entry in enumerate(entries):
        where = f"{label} entry {k}"
        if not isinstance(entry, dict):
            raise ValidationError(f"{where}: expected an object")
        d = _parse_iso(entry.get("date"), where)
        try:
            kind = DayKind(entry.get("kind"))
        except ValueError as e:
            raise ValidationError(f"{where}: unknown kind {entry.get('kind')!r}") from e
        if kind in (DayKind.WORKING, DayKind.WEEKEND):
            raise ValidationError(f"{where}: kind {kind.value!r} is not allowed in the data")
        if d in infos:
            raise ValidationError(f"{where}: duplicate date {d.isoformat()}")
        if kind is DayKind.MAKEUP_WORKING_DAY and d.weekday() < 5:
            raise ValidationError(f"{where}: make-up working day {d.isoformat()} is a weekday")
        if kind is DayKind.SWAPPED_DAY_OFF and d.weekday() >= 5:
            raise ValidationError(f"{where}: swapped day off {d.isoformat()} is a weekend day")
        if "swap_with" in entry:
            swaps[d] = _parse_iso(entry["swap_with"], where)
        elif kind in (DayKind.SWAPPED_DAY_OFF, DayKind.MAKEUP_WORKING_DAY):
            raise ValidationError(f"{where}: a {kind.value} needs 'swap_with'")
        if strict and not isinstance(entry.get("source"), str):
            raise ValidationError(f"{where}: missing 'source' (the deciding document)")
        decided = _parse_decided_on(entry, where, strict)
        try:
            infos[d] = DayInfo(date=d, is_working=kind.is_working, kind=kind,
                               reason_vi=entry.get("reason_vi"),
                               reason_en=entry.get("reason_en"),
                               source=entry.get("source"), decided_on=decided)
        except (InvalidTypeError, ValidationError) as e:
            raise ValidationError(f"{where}: {e}") from e
    for d, other in swaps.items():
        if swaps.get(other) != d:
            raise ValidationError(
                f"{label}: swap {d.isoformat()} <-> {other.isoformat()} is not mutual")
    years = []
    raw_years = raw.get("years", [])
    if not isinstance(raw_years, list):
        raise ValidationError(f"{label}: 'years' must be a list")
    seen: set[int] = set()
    for k, item in enumerate(raw_years):
        where = f"{label} years[{k}]"
        if not isinstance(item, dict) or type(item.get("year")) is not int \
                or not isinstance(item.get("source"), str) or not item["source"].strip():
            raise ValidationError(f"{where}: expected {{'year': int, 'decided_on', 'source'}}")
        year = item["year"]
        if not FIRST_SUPPORTED_DATE.year <= year <= LAST_SUPPORTED_DATE.year or year in seen:
            raise ValidationError(f"{where}: year {year} is out of range or repeated")
        seen.add(year)
        years.append(YearSchedule(year=year, decided_on=_parse_decided_on(item, where, True),
                                  source=nfc(item["source"])))
    through = raw.get("confirmed_through")
    if through is not None and type(through) is not int:
        raise ValidationError(f"{label}: 'confirmed_through' must be an int")
    return NoticeFile(path=path, version=raw["version"],
                      entries=tuple(infos[d] for d in sorted(infos)), years=tuple(years),
                      confirmed_through=through)


def _load_official_data(text: str) -> tuple[str, tuple[DayInfo, ...]]:
    """Parse and check the official-notice JSON; return (version, entries sorted by date)."""
    doc = _parse_notice_document(text, strict=False)
    return doc.version, doc.entries


_DATA_FILE: Final = "vn_official_days.json"
_bundled_lock = threading.Lock()


@functools.cache
def _bundled_unlocked() -> NoticeFile:
    text = resources.files("directive_tracker.data").joinpath(_DATA_FILE).read_text(
        encoding="utf-8")
    return _parse_notice_document(text, strict=False)


def _bundled() -> NoticeFile:
    """Return the bundled notice data, parsed on first use (thread-safe, once)."""
    with _bundled_lock:
        return _bundled_unlocked()


def _read_bundled_version() -> str:
    """Read only the version line of the bundled data (cheap: no JSON parsing at import)."""
    with resources.files("directive_tracker.data").joinpath(_DATA_FILE).open(
            encoding="utf-8") as f:
        head = f.read(256)
    m = re.search(r'"version"\s*:\s*"([^"]+)"', head)
    if m is None:  # pragma: no cover - the bundled file starts with its version
        return _bundled().version
    return m[1]


#: Version of the bundled official-notice data (``data/vn_official_days.json``).
OFFICIAL_DATA_VERSION: Final[str] = _read_bundled_version()

#: Environment variable holding extra notice files (``os.pathsep``-separated paths),
#: loaded by :func:`vietnam_calendar` when its ``notices`` argument is omitted.
NOTICES_ENV_VAR: Final = "DIRECTIVE_TRACKER_NOTICES"


def __getattr__(name: str) -> Any:
    """Serve ``_OFFICIAL_DAYS`` lazily (parsed on first use, not at import)."""
    if name == "_OFFICIAL_DAYS":
        return _bundled().entries
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.lru_cache(maxsize=64)
def _load_notices_cached(path: str, mtime_ns: int, size: int) -> NoticeFile:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise ValidationError(f"{path}: not UTF-8 text ({e})") from e
    return _parse_notice_document(text, strict=True, path=path)


def load_notices(path: str | os.PathLike[str]) -> NoticeFile:
    """
    Load and validate an additional official-notice file (the bundled JSON format).

    The format is that of ``data/vn_official_days.json``: ``{"version": str,
    "format": 2, "years": [...], "entries": [...]}``.  Every entry must give its
    ``date`` (ISO, within the supported range), ``kind``, ``reason_vi``,
    ``reason_en``, ``source`` (the deciding document) and ``decided_on`` (the
    document's date); swaps need a mutual ``swap_with``.  ``years`` lists the annual
    schedules the file confirms (``{"year", "decided_on", "source"}``): a confirmed
    year is no longer provisional.  A file is read once per (path, modification time).

    Args:
        path: the file.

    Returns:
        A :class:`NoticeFile`; pass it (or the path) to ``vietnam_calendar(notices=...)``.

    Raises:
        InvalidTypeError: *path* is not a string or path.
        FileNotFoundError: no such file.
        ValidationError: the file is not valid (the message names the entry).

    .. versionadded:: 0.2.0
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidTypeError("path", path, "a str or os.PathLike")
    p = os.path.abspath(os.fspath(path))
    st = os.stat(p)
    return _load_notices_cached(p, st.st_mtime_ns, st.st_size)


def _env_notices() -> tuple[NoticeFile, ...]:
    value = os.environ.get(NOTICES_ENV_VAR, "")
    return tuple(load_notices(p) for p in value.split(os.pathsep) if p.strip())

_SWAP_NAME = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")
_CULTURE_DAY_VI: Final = "Ngày Văn hóa Việt Nam"
#: Culture Day's basis as printed to clerks: the resolution, that the law is not yet
#: amended, and that the day off is the province's calendar policy (CalendarPolicy).
_CULTURE_DAY_SOURCE: Final = ("NQ 80-NQ/TW, 07/01/2026 (Bộ luật Lao động chưa sửa đổi; "
                              "áp dụng theo chính sách lịch của tỉnh)")
#: Holidays the Labour Code fixes by solar date: never provisional.
_FIXED_SOLAR: Final = frozenset({(1, 1), (4, 30), (5, 1), (9, 2)})


def _labour_code_article(year: int, substitute: bool) -> str:
    if year >= 2021:
        return "Bộ luật Lao động 2019, Điều 111 khoản 3" if substitute else \
            "Bộ luật Lao động 2019, Điều 112"
    if year >= 2013:
        return "Bộ luật Lao động 2012, Điều 115 khoản 3" if substitute else \
            "Bộ luật Lao động 2012, Điều 115"
    return "Bộ luật Lao động 1994, Điều 73"


def _holidays_lib_version() -> str:
    from importlib.metadata import version

    return version("holidays")


@functools.cache
def _holidays_days() -> tuple[DayInfo, ...]:
    """Return the days python-holidays knows (without Culture Day), sorted by date."""
    from holidays.countries.vietnam import Vietnam

    years = range(FIRST_SUPPORTED_DATE.year, LAST_SUPPORTED_DATE.year + 1)
    vi = Vietnam(years=years, language="vi")  # type: ignore[no-untyped-call]
    en = Vietnam(years=years, language="en_US")  # type: ignore[no-untyped-call]
    lib = f"python-holidays {_holidays_lib_version()} (VietnamStaticHolidays)"
    out: dict[date, DayInfo] = {}
    swapped_for: dict[date, date] = {}
    for d, raw_name in vi.items():
        if not FIRST_SUPPORTED_DATE <= d <= LAST_SUPPORTED_DATE:
            continue
        name = nfc(raw_name)
        if name.startswith(_CULTURE_DAY_VI):
            continue  # governed by CalendarPolicy.culture_day_from
        m = _SWAP_NAME.search(name)
        if m:
            worked = date(int(m[3]), int(m[2]), int(m[1]))
            swapped_for[worked] = d
            info = DayInfo(
                date=d, is_working=False, kind=DayKind.SWAPPED_DAY_OFF,
                reason_vi=f"Nghỉ hoán đổi (làm bù thứ Bảy {worked:%d/%m/%Y})",
                reason_en=f"Swapped day off (worked on Saturday {worked:%d/%m/%Y})",
                source=lib)
        elif "nghỉ bù" in name:
            info = DayInfo(date=d, is_working=False, kind=DayKind.SUBSTITUTE_DAY_OFF,
                           reason_vi=name, reason_en=en.get(d, name),
                           source=_labour_code_article(d.year, substitute=True))
        else:
            info = DayInfo(date=d, is_working=False, kind=DayKind.HOLIDAY,
                           reason_vi=name, reason_en=en.get(d, name),
                           source=_labour_code_article(d.year, substitute=False))
        out[d] = info
    for d in vi.weekend_workdays:
        if not FIRST_SUPPORTED_DATE <= d <= LAST_SUPPORTED_DATE:
            continue
        off = swapped_for.get(d)
        off_vi = f" cho ngày nghỉ {off:%d/%m/%Y}" if off else ""
        off_en = f" for {off:%d/%m/%Y} off" if off else ""
        out[d] = DayInfo(date=d, is_working=True, kind=DayKind.MAKEUP_WORKING_DAY,
                         reason_vi=f"Làm bù{off_vi}", reason_en=f"Make-up working day{off_en}",
                         source=lib)
    return tuple(out[d] for d in sorted(out))


def _culture_days(first_year: int | None) -> list[DayInfo]:
    if first_year is None:
        return []
    src = _CULTURE_DAY_SOURCE
    out = []
    for year in range(max(first_year, FIRST_SUPPORTED_DATE.year), LAST_SUPPORTED_DATE.year + 1):
        d = date(year, 11, 24)
        out.append(DayInfo(date=d, is_working=False, kind=DayKind.HOLIDAY,
                           reason_vi="Ngày Văn hóa Việt Nam (24/11)",
                           reason_en="Vietnam Culture Day (24 November)", source=src))
        if d.weekday() >= 5:
            sub = d + timedelta(days=7 - d.weekday())
            out.append(DayInfo(
                date=sub, is_working=False, kind=DayKind.SUBSTITUTE_DAY_OFF,
                reason_vi="Ngày Văn hóa Việt Nam (nghỉ bù)",
                reason_en="Vietnam Culture Day (substitute day off)",
                source=src + "; Bộ luật Lao động 2019, Điều 111 khoản 3"))
    return out


def _plain_info(d: date, rest: tuple[int, ...] = (6, 7)) -> DayInfo:
    wd = d.weekday()
    source = _WORK_WEEK_SOURCE if rest == (6, 7) else _PROVINCE_WEEK_SOURCE
    if wd + 1 not in rest:
        return DayInfo(date=d, is_working=True, kind=DayKind.WORKING,
                       reason_vi=f"Ngày làm việc ({_WEEKDAYS_VI[wd]})",
                       reason_en=f"Working day ({_WEEKDAYS_EN[wd]})", source=source)
    return DayInfo(date=d, is_working=False, kind=DayKind.WEEKEND,
                   reason_vi=f"Nghỉ cuối tuần ({_WEEKDAYS_VI[wd]})",
                   reason_en=f"Weekend ({_WEEKDAYS_EN[wd]})", source=source)


def _override_info(o: DayOverride) -> DayInfo:
    return DayInfo(date=o.date, is_working=o.working, kind=o.kind, reason_vi=o.reason_vi,
                   reason_en=o.reason_en or o.kind.label_en, source=o.source,
                   decided_on=o.decided_on)


def _lib_day_is_decided_yearly(info: DayInfo) -> bool:
    """Whether a python-holidays day is one the PM decides each year (Tết days, the day
    adjacent to 2/9, substitute days, swaps), as opposed to a day the Labour Code fixes
    (the solar-date holidays and Hùng Kings' day, 10/3 lunar)."""
    if info.kind is DayKind.HOLIDAY:
        return ((info.date.month, info.date.day) not in _FIXED_SOLAR
                and "Hùng Vương" not in info.reason_vi)
    return True


def _knowable(decided_on: date | None, known_on: date | None) -> bool:
    return decided_on is None or known_on is None or decided_on <= known_on


def _confirmed_years(docs: Sequence[NoticeFile], known_on: date | None
                     ) -> tuple[int, dict[int, YearSchedule]]:
    through = FIRST_SUPPORTED_DATE.year - 1
    years: dict[int, YearSchedule] = {}
    for doc in docs:
        if doc.confirmed_through is not None:
            through = max(through, doc.confirmed_through)
        for y in doc.years:
            if _knowable(y.decided_on, known_on):
                years[y.year] = y
    return through, years


def _special_days(policy: CalendarPolicy, docs: Sequence[NoticeFile],
                  overrides: Sequence[DayOverride], known_on: date | None
                  ) -> dict[date, DayInfo]:
    """Layer every source into {date: DayInfo} for the days that are not plain."""
    through, years = _confirmed_years(docs, known_on)
    special: dict[date, DayInfo] = {}
    for info in _holidays_days():
        y = info.date.year
        if y > through and y not in years and _lib_day_is_decided_yearly(info):
            info = attrs.evolve(info, provisional=True)
        special[info.date] = info
    for info in _culture_days(policy.culture_day_from):
        special[info.date] = info
    official: set[date] = set()  # dates already given by a known notice entry
    for doc in docs:
        for info in doc.entries:
            if _knowable(info.decided_on, known_on):
                special[info.date] = info
                official.add(info.date)
            elif info.date not in official:
                # Not yet decided: the statutory expectation stays, a swap does not.
                lib = special.get(info.date)
                if lib is not None and lib.kind in (DayKind.SWAPPED_DAY_OFF,
                                                    DayKind.MAKEUP_WORKING_DAY):
                    del special[info.date]
                elif lib is not None and info.date.year not in years \
                        and _lib_day_is_decided_yearly(lib) and not lib.provisional:
                    special[info.date] = attrs.evolve(lib, provisional=True)
    for o in overrides:
        if _knowable(o.decided_on, known_on):
            special[o.date] = _override_info(o)
    return special


def _range_error(value: date, param_name: str) -> DateOutOfRangeError:
    return DateOutOfRangeError(value, FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE, param_name)


def _bad_date(value: object, param_name: str) -> NoReturn:
    """Raise the right error for a value that missed the _POS lookup."""
    d = check_date(value, param_name)
    raise _range_error(d, param_name)


def _check_n(value: object, param_name: str = "n") -> int:
    return check_int(value, param_name)


# --------------------------------------------------------------------------- calendar

class WorkingCalendar:
    """
    An immutable, thread-safe working-day calendar of Vietnamese state agencies.

    Obtain one with :func:`vietnam_calendar`; derive variants with
    :meth:`with_overrides`.  All dates are ``datetime.date`` within
    :data:`FIRST_SUPPORTED_DATE` .. :data:`LAST_SUPPORTED_DATE` (inclusive); a
    ``datetime`` is refused with :class:`~directive_tracker.exceptions.InvalidTypeError`
    and any date or result outside the range raises
    :class:`~directive_tracker.exceptions.DateOutOfRangeError`.

    .. versionadded:: 0.1.0
    """

    __slots__ = (
        "_all_overrides",
        "_decisions",
        "_known",
        "_known_on",
        "_le",
        "_lt",
        "_notices",
        "_np",
        "_nwork",
        "_off",
        "_overrides",
        "_policy",
        "_prov",
        "_special",
        "_warned",
        "_wdates",
        "_working",
    )

    _policy: CalendarPolicy
    _overrides: tuple[DayOverride, ...]
    _all_overrides: tuple[DayOverride, ...]
    _special: dict[date, DayInfo]
    _working: list[bool]
    _le: list[int]
    _lt: list[int]
    _wdates: list[date]
    _nwork: int
    _off: tuple[date, ...]
    _np: dict[str, Any]
    _notices: tuple[NoticeFile, ...]
    _known_on: date | None
    _known: dict[date | None, WorkingCalendar]
    _decisions: tuple[date, ...]
    _prov: tuple[date, ...]
    _warned: list[bool]

    def __init__(self, *, policy: CalendarPolicy, overrides: tuple[DayOverride, ...],
                 notices: tuple[NoticeFile, ...] = (), known_on: date | None = None) -> None:
        """
        Build the calendar (private: use :func:`vietnam_calendar`).

        Args:
            policy: the policy toggles.
            overrides: caller overrides, later ones winning on the same date.
            notices: extra notice files, later ones winning on the same date.
            known_on: leave out facts decided after this date (``None``: all known).
        """
        _ensure_tables()
        effective: dict[date, DayOverride] = {}
        for o in overrides:
            if _knowable(o.decided_on, known_on):  # known first, then the last one wins
                effective[o.date] = o
        docs = (_bundled(), *notices)
        special = _special_days(policy, docs, tuple(effective[d] for d in sorted(effective)),
                                known_on)
        decisions: set[date | None] = {info.decided_on for doc in docs for info in doc.entries}
        decisions |= {y.decided_on for doc in docs for y in doc.years}
        decisions |= {o.decided_on for o in overrides}
        decisions.discard(None)
        rest = policy.rest_weekdays  # ISO weekdays; default (6, 7), QĐ 188/1999
        working = [d.isoweekday() not in rest for d in _DATES]
        for d, info in special.items():
            working[_POS[d]] = info.is_working
        le: list[int] = []
        lt: list[int] = []
        wdates: list[date] = []
        count = 0
        ints = _INTS  # shared int objects: each calendar's rank tables hold references only
        for i, w in enumerate(working):
            lt.append(ints[count])
            if w:
                count += 1
                wdates.append(_DATES[i])
            le.append(ints[count])
        setattr_ = object.__setattr__
        setattr_(self, "_policy", policy)
        setattr_(self, "_overrides", tuple(effective[d] for d in sorted(effective)))
        setattr_(self, "_all_overrides", overrides)
        setattr_(self, "_special", special)
        setattr_(self, "_working", working)
        setattr_(self, "_le", le)
        setattr_(self, "_lt", lt)
        setattr_(self, "_wdates", wdates)
        setattr_(self, "_nwork", count)
        setattr_(self, "_off", tuple(_DATES[i] for i, w in enumerate(working) if not w))
        setattr_(self, "_np", {})
        setattr_(self, "_notices", notices)
        setattr_(self, "_known_on", known_on)
        setattr_(self, "_known", {})
        setattr_(self, "_decisions", tuple(sorted(d for d in decisions if d is not None)))
        setattr_(self, "_prov", tuple(sorted(d for d, i in special.items() if i.provisional)))
        setattr_(self, "_warned", [False])

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; use with_overrides()")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the arguments that rebuild the calendar."""
        return (_build, (self._policy, self._all_overrides, self._notices, self._known_on))

    def __repr__(self) -> str:
        extra = f", notices={[n.version for n in self._notices]!r}" if self._notices else ""
        known = f", known_on={self._known_on.isoformat()!r}" if self._known_on else ""
        return (f"WorkingCalendar(policy={self._policy!r}, overrides={len(self._overrides)}, "
                f"data={OFFICIAL_DATA_VERSION!r}{extra}{known})")

    # ------------------------------------------------------------- properties
    @property
    def policy(self) -> CalendarPolicy:
        """
        Return the policy this calendar was built with.

        .. versionadded:: 0.1.0
        """
        return self._policy

    @property
    def overrides(self) -> tuple[DayOverride, ...]:
        """
        Return the effective caller overrides, sorted by date (one per date).

        For a calendar from :meth:`as_known_on`, only the overrides known then (an
        override replaced later on the same date is effective again before that).

        .. versionadded:: 0.1.0
        """
        return self._overrides

    @property
    def first_date(self) -> date:
        """
        Return the first supported date (:data:`FIRST_SUPPORTED_DATE`).

        .. versionadded:: 0.1.0
        """
        return FIRST_SUPPORTED_DATE

    @property
    def last_date(self) -> date:
        """
        Return the last supported date (:data:`LAST_SUPPORTED_DATE`).

        .. versionadded:: 0.1.0
        """
        return LAST_SUPPORTED_DATE

    def with_overrides(self, *overrides: DayOverride) -> WorkingCalendar:
        """
        Return a new calendar with *overrides* added (this one is unchanged).

        New overrides win over this calendar's overrides on the same date, and
        later arguments win over earlier ones.

        Args:
            *overrides: :class:`DayOverride` objects.

        Returns:
            A new :class:`WorkingCalendar` with the same policy.

        Raises:
            InvalidTypeError: an argument is not a :class:`DayOverride`.

        .. versionadded:: 0.1.0
        """
        base = vietnam_calendar(policy=self._policy, overrides=self._all_overrides + overrides,
                                notices=self._notices)
        return base if self._known_on is None else base.as_known_on(self._known_on)

    # ------------------------------------------------------------- time and provenance
    @property
    def notices(self) -> tuple[NoticeFile, ...]:
        """
        Return the extra notice files this calendar was built with (not the bundled data).

        .. versionadded:: 0.2.0
        """
        return self._notices

    @property
    def known_on(self) -> date | None:
        """
        Return the date this calendar is "as known on" (``None``: everything known).

        .. versionadded:: 0.2.0
        """
        return self._known_on

    def as_known_on(self, d: date) -> WorkingCalendar:
        """
        Return this calendar as it was known at the end of day *d*.

        Facts (notice entries, annual schedules, overrides) decided after *d* are left
        out; facts without a decision date, the Labour Code and the policy are kept.
        Judge a status or a report as of *d* with this calendar, so that a change
        decided later never rewrites what was reported on *d*.  Cheap to call for every
        as-of date: the result is cached per distinct state of knowledge, and this
        calendar itself is returned when every fact was known by *d*.

        Args:
            d: the as-of date (any ``date``; not limited to the supported range).

        Returns:
            A :class:`WorkingCalendar` (possibly ``self``).

        Raises:
            InvalidTypeError: *d* is not a ``date`` (or is a ``datetime``).

        >>> from datetime import date
        >>> cal = vietnam_calendar()
        >>> cal.as_known_on(date(2025, 12, 24)).is_working_day(date(2026, 1, 2))
        True
        >>> cal.as_known_on(date(2025, 12, 25)).is_working_day(date(2026, 1, 2))
        False

        .. versionadded:: 0.2.0
        """
        if type(d) is not date:
            d = check_date(d, "d")
        decisions = self._decisions
        k = bisect_right(decisions, d)
        if k == len(decisions):
            return self
        # Knowledge only changes on decision dates: normalise to the last one <= d.
        key = decisions[k - 1] if k else date.min
        cached = self._known.get(key)
        if cached is None:
            cached = _build(self._policy, self._all_overrides, self._notices, key)
            self._known[key] = cached
        return cached

    def provisional_days_between(self, start: date, end: date) -> list[DayInfo]:
        """
        Return the provisional days in the half-open interval (*start*, *end*].

        The interval is that of :meth:`working_days_between` (*start* not counted),
        reversed when *end* < *start*.  A deadline counted over one of these days may
        move when the official schedule is announced; mark it as provisional.

        Args:
            start: the day after which the interval starts.
            end: the last day of the interval.

        Returns:
            A new list of :class:`DayInfo` (``provisional`` True), in date order.

        Raises:
            InvalidTypeError: a bound is not a ``date``.
            DateOutOfRangeError: a bound is outside the supported range.

        .. versionadded:: 0.2.0
        """
        i = self._index(start, "start")
        j = self._index(end, "end")
        lo, hi = (_DATES[i], _DATES[j]) if i <= j else (_DATES[j], _DATES[i])
        prov = self._prov
        return [self._special[d] for d in prov[bisect_right(prov, lo):bisect_right(prov, hi)]]

    def provisional_note(self, start: date, end: date) -> tuple[str, str] | None:
        """
        Return the (Vietnamese, English) note to print under a deadline counted over
        provisional days in (*start*, *end*], or ``None`` when there are none.

        One wording for ``explain()``, the CLI and reports, e.g.
        ``"Lưu ý: thời hạn được tính qua ngày nghỉ dự kiến, chưa có thông báo chính thức
        (04/02/2027–10/02/2027); hạn có thể thay đổi khi có thông báo."``

        Raises:
            InvalidTypeError: a bound is not a ``date``.
            DateOutOfRangeError: a bound is outside the supported range.

        >>> from datetime import date
        >>> vi, en = vietnam_calendar().provisional_note(date(2027, 1, 29), date(2027, 2, 19))
        >>> en[:68]
        'Note: counted over provisional days off with no official notice yet '

        .. versionadded:: 0.2.0
        """
        days = self.provisional_days_between(start, end)
        if not days:
            return None
        first, last = days[0].date, days[-1].date
        span = f"{first:%d/%m/%Y}" if first == last else f"{first:%d/%m/%Y}–{last:%d/%m/%Y}"
        return (f"Lưu ý: thời hạn được tính qua ngày nghỉ dự kiến, chưa có thông báo chính "
                f"thức ({span}); hạn có thể thay đổi khi có thông báo.",
                f"Note: counted over provisional days off with no official notice yet "
                f"({span}); the due date may change when the notice is published.")

    def warn_if_provisional(self, start: date, end: date, *, stacklevel: int = 2) -> bool:
        """
        Warn once per calendar when (*start*, *end*] contains provisional days.

        Meant for code that computes a deadline (a deadline rule, the CLI): it emits
        :class:`~directive_tracker.exceptions.ProvisionalCalendarWarning` the first
        time this calendar is asked about an interval with provisional days, and
        stays silent afterwards.  Costs two bisections.

        Args:
            start: the day after which the interval starts.
            end: the last day of the interval.
            stacklevel: passed to ``warnings.warn``.

        Returns:
            Whether the interval contains provisional days (whether or not it warned).

        Raises:
            InvalidTypeError: a bound is not a ``date``.
            DateOutOfRangeError: a bound is outside the supported range.

        .. versionadded:: 0.2.0
        """
        days = self.provisional_days_between(start, end)
        if days and not self._warned[0]:
            self._warned[0] = True
            years = sorted({d.date.year for d in days})
            warnings.warn(ProvisionalCalendarWarning(
                f"deadline counted over provisional days ({days[0].date.isoformat()} ...) "
                f"of year(s) {', '.join(map(str, years))}: no official schedule yet; "
                "load the notice when it is published (load_notices)"),
                stacklevel=stacklevel + 1)
        return bool(days)

    # ------------------------------------------------------------- interop
    def to_numpy_busdaycalendar(self) -> Any:
        """
        Return a :class:`numpy.busdaycalendar` with exactly this calendar's working days.

        See :func:`directive_tracker.calendar_interop.to_numpy_busdaycalendar`.

        Raises:
            MissingExtraError: numpy is not installed (extra ``numpy``).

        .. versionadded:: 0.2.0
        """
        from .calendar_interop import to_numpy_busdaycalendar

        return to_numpy_busdaycalendar(self)

    def to_pandas_offset(self) -> Any:
        """
        Return a pandas ``CustomBusinessDay`` agreeing with :meth:`add_working_days`.

        See :func:`directive_tracker.calendar_interop.to_pandas_offset`.

        Raises:
            MissingExtraError: pandas is not installed (extra ``pandas``).

        .. versionadded:: 0.2.0
        """
        from .calendar_interop import to_pandas_offset

        return to_pandas_offset(self)

    def to_holidays(self, *, language: str = "vi", **kwargs: Any) -> Any:
        """
        Return a :class:`holidays.HolidayBase` whose days off and make-up Saturdays match.

        See :func:`directive_tracker.calendar_interop.to_holidays` (*language* ``"vi"`` or
        ``"en"`` names the holidays; *kwargs* go to ``HolidayBase``).

        Raises:
            ValidationError: *language* is not ``"vi"`` or ``"en"``.

        .. versionadded:: 0.2.0
        """
        from .calendar_interop import to_holidays

        return to_holidays(self, language=language, **kwargs)

    # ------------------------------------------------------------- single days
    def _index(self, d: object, param_name: str = "d") -> int:
        try:
            return _POS[d]  # type: ignore[index]
        except (KeyError, TypeError):
            _bad_date(d, param_name)

    def is_working_day(self, d: date) -> bool:
        """
        Return whether state agencies work on *d*.

        Args:
            d: a date within the supported range.

        Returns:
            ``True`` for a working day (including a make-up Saturday).

        Raises:
            InvalidTypeError: *d* is not a ``date`` (or is a ``datetime``).
            DateOutOfRangeError: *d* is outside the supported range.

        >>> from datetime import date
        >>> vietnam_calendar().is_working_day(date(2026, 1, 10))  # make-up Saturday
        True

        .. versionadded:: 0.1.0
        """
        try:
            return self._working[_POS[d]]
        except (KeyError, TypeError):
            _bad_date(d, "d")

    def day_info(self, d: date) -> DayInfo:
        """
        Return what the calendar says about *d*: working or not, why, and the source.

        Args:
            d: a date within the supported range.

        Returns:
            A :class:`DayInfo`; plain weekdays and weekends cite QĐ 188/1999/QĐ-TTg.

        Raises:
            InvalidTypeError: *d* is not a ``date`` (or is a ``datetime``).
            DateOutOfRangeError: *d* is outside the supported range.

        >>> from datetime import date
        >>> vietnam_calendar().day_info(date(2026, 1, 2)).source
        'CV 12729/VPCP-KGVX, 25/12/2025'

        .. versionadded:: 0.1.0
        """
        i = self._index(d)
        d = _DATES[i]
        info = self._special.get(d)
        return info if info is not None else _plain_info(d, self._policy.rest_weekdays)

    def _days_off_between(self, i: int, j: int) -> list[DayInfo]:
        from bisect import bisect_right

        off = self._off
        lo = bisect_left(off, _DATES[i])
        hi = bisect_right(off, _DATES[j])
        special = self._special
        out = []
        for d in off[lo:hi]:
            info = special.get(d)
            out.append(info if info is not None else _plain_info(d, self._policy.rest_weekdays))
        return out

    def _range(self, start: object, end: object) -> tuple[int, int]:
        i = self._index(start, "start")
        j = self._index(end, "end")
        if j < i:
            raise ValidationError(
                f"end {_DATES[j].isoformat()} is before start {_DATES[i].isoformat()}; "
                "the range is inclusive and must have start <= end",
                param_name="end", value=_DATES[j])
        return i, j

    def days_off(self, start: date, end: date) -> list[DayInfo]:
        """
        Return every non-working day from *start* to *end*, both inclusive, in date order.

        Weekends are included.  Use :meth:`special_days_in_year` for a listing
        without plain weekends.

        Args:
            start: first date of the range (inclusive).
            end: last date of the range (inclusive), not before *start*.

        Returns:
            A new list of :class:`DayInfo`, one per non-working day.

        Raises:
            InvalidTypeError: a bound is not a ``date`` (or is a ``datetime``).
            DateOutOfRangeError: a bound is outside the supported range.
            ValidationError: *end* is before *start*.

        .. versionadded:: 0.1.0
        """
        i, j = self._range(start, end)
        return self._days_off_between(i, j)

    def _year_bounds(self, year: object) -> tuple[int, int]:
        y = check_int(year, "year", minimum=FIRST_SUPPORTED_DATE.year,
                      maximum=LAST_SUPPORTED_DATE.year)
        return _POS[date(y, 1, 1)], _POS[date(y, 12, 31)]

    def days_off_in_year(self, year: int) -> list[DayInfo]:
        """
        Return every non-working day of *year* (weekends included), in date order.

        Args:
            year: a year from 1995 to 2099.

        Returns:
            A new list of :class:`DayInfo`, one per non-working day.

        Raises:
            InvalidTypeError: *year* is not an ``int``.
            ValidationError: *year* is outside 1995–2099.

        .. versionadded:: 0.1.0
        """
        return self._days_off_between(*self._year_bounds(year))

    def special_days_in_year(self, year: int) -> list[DayInfo]:
        """
        Return the days of *year* that are not plain weekdays or plain weekends.

        That is holidays (also on weekends), substitute days off, swapped days
        off, make-up Saturdays and overrides, in date order: the listing of
        ``directive-tracker calendar YEAR``.

        Args:
            year: a year from 1995 to 2099.

        Returns:
            A new list of :class:`DayInfo`, working and non-working days.

        Raises:
            InvalidTypeError: *year* is not an ``int``.
            ValidationError: *year* is outside 1995–2099.

        .. versionadded:: 0.1.0
        """
        i, j = self._year_bounds(year)
        special = self._special
        return [special[d] for d in _DATES[i:j + 1] if d in special]

    # ------------------------------------------------------------- arithmetic
    def _result(self, k: int, d: date, n: int) -> date:
        if 0 <= k < self._nwork:
            return self._wdates[k]
        raise _range_error(d, f"the result of moving {n} working day(s) from")

    def add_working_days(self, d: date, n: int, /) -> date:
        """
        Return the *n*-th working day strictly after *d* (strictly before if *n* < 0).

        The start day is not counted (Civil Code 2015 Art 147), whether or not it
        is a working day.  ``n == 0`` returns :meth:`roll_forward` of *d*.

        Args:
            d: the start date.
            n: the number of working days (may be negative).

        Returns:
            A working day.

        Raises:
            InvalidTypeError: *d* is not a ``date`` (or is a ``datetime``), or *n* is
                not an ``int``.
            DateOutOfRangeError: *d* or the result is outside the supported range.

        >>> from datetime import date
        >>> vietnam_calendar().add_working_days(date(2026, 2, 13), 1)  # over Tết 2026
        datetime.date(2026, 2, 23)

        .. versionadded:: 0.1.0
        """
        try:
            i = _POS[d]
        except (KeyError, TypeError):
            _bad_date(d, "d")
        if type(n) is not int:
            n = _check_n(n)
        k = self._le[i] + n - 1 if n > 0 else self._lt[i] + n
        if 0 <= k < self._nwork:
            return self._wdates[k]
        raise _range_error(d, f"the result of moving {n} working day(s) from")

    def next_working_day(self, d: date) -> date:
        """
        Return the first working day strictly after *d*.

        Args:
            d: a date within the supported range (any day, working or not).

        Returns:
            A working day.

        Raises:
            InvalidTypeError: *d* is not a ``date`` (or is a ``datetime``).
            DateOutOfRangeError: *d* or the result is outside the supported range.

        .. versionadded:: 0.1.0
        """
        i = self._index(d)
        return self._result(self._le[i], d, 1)

    def previous_working_day(self, d: date) -> date:
        """
        Return the last working day strictly before *d*.

        Args:
            d: a date within the supported range (any day, working or not).

        Returns:
            A working day.

        Raises:
            InvalidTypeError: *d* is not a ``date`` (or is a ``datetime``).
            DateOutOfRangeError: *d* or the result is outside the supported range.

        .. versionadded:: 0.1.0
        """
        i = self._index(d)
        return self._result(self._lt[i] - 1, d, -1)

    def roll_forward(self, d: date) -> date:
        """
        Return *d* if it is a working day, else the next working day after it.

        Args:
            d: a date within the supported range (any day, working or not).

        Returns:
            A working day.

        Raises:
            InvalidTypeError: *d* is not a ``date`` (or is a ``datetime``).
            DateOutOfRangeError: *d* or the result is outside the supported range.

        .. versionadded:: 0.1.0
        """
        i = self._index(d)
        return self._result(self._lt[i], d, 0)

    def roll_backward(self, d: date) -> date:
        """
        Return *d* if it is a working day, else the last working day before it.

        Args:
            d: a date within the supported range (any day, working or not).

        Returns:
            A working day.

        Raises:
            InvalidTypeError: *d* is not a ``date`` (or is a ``datetime``).
            DateOutOfRangeError: *d* or the result is outside the supported range.

        .. versionadded:: 0.1.0
        """
        i = self._index(d)
        return self._result(self._le[i] - 1, d, 0)

    def working_days_between(self, start: date, end: date) -> int:
        """
        Return the number of working days in the half-open interval (*start*, *end*].

        The result is negative when *end* is before *start* (then it is minus the
        count in (*end*, *start*]), so that
        ``add_working_days(a, working_days_between(a, b)) == b`` for working days
        *a* and *b*.

        Args:
            start: the day after which counting starts (not counted itself).
            end: the last day counted.

        Returns:
            The signed count of working days.

        Raises:
            InvalidTypeError: a bound is not a ``date`` (or is a ``datetime``).
            DateOutOfRangeError: a bound is outside the supported range.

        >>> from datetime import date
        >>> vietnam_calendar().working_days_between(date(2026, 2, 13), date(2026, 2, 23))
        1

        .. versionadded:: 0.1.0
        """
        le = self._le
        try:
            return le[_POS[end]] - le[_POS[start]]
        except (KeyError, TypeError):
            i = self._index(start, "start")
            j = self._index(end, "end")
            return le[j] - le[i]

    def working_days_in_range(self, start: date, end: date) -> list[date]:
        """
        Return the working days from *start* to *end*, both inclusive, in order.

        Args:
            start: first date of the range (inclusive).
            end: last date of the range (inclusive), not before *start*.

        Returns:
            A new list of dates, possibly empty.

        Raises:
            InvalidTypeError: a bound is not a ``date`` (or is a ``datetime``).
            DateOutOfRangeError: a bound is outside the supported range.
            ValidationError: *end* is before *start*.

        .. versionadded:: 0.1.0
        """
        i, j = self._range(start, end)
        return self._wdates[self._lt[i]:self._le[j]]

    # ------------------------------------------------------------- bulk
    def _bulk_positions(self, values: Sequence[date], param_name: str) -> list[int]:
        try:
            return list(map(_POS.__getitem__, values))
        except (KeyError, TypeError):
            for k, v in enumerate(values):
                try:
                    _POS[v]
                except (KeyError, TypeError):
                    _bad_date(v, f"{param_name}[{k}]")
            raise  # pragma: no cover - unreachable

    def _bulk_ns(self, ns: Sequence[int] | int, count: int) -> list[int] | int:
        if isinstance(ns, int) and not isinstance(ns, bool):
            return ns
        if isinstance(ns, (bool, str, bytes)) or not hasattr(ns, "__len__"):
            raise InvalidTypeError("ns", ns, "an int or a sequence of int")
        values = list(ns)
        if len(values) != count:
            raise ValidationError(
                f"ns has {len(values)} items but dates has {count}; they must match",
                param_name="ns", value=len(values))
        if set(map(type, values)) - {int}:
            for k, n in enumerate(values):
                if type(n) is not int:
                    _check_n(n, f"ns[{k}]")
        return values

    def add_working_days_many(self, dates: Sequence[date], ns: Sequence[int] | int
                              ) -> list[date]:
        """
        Return ``[add_working_days(d, n) for d, n in zip(dates, ns)]``, fast.

        Handles a million items in well under a second.  Uses numpy (rank-table
        indexing) when it is installed and the input is large, pure Python
        otherwise; both give identical results.

        Args:
            dates: start dates.
            ns: one ``int`` for all dates, or a sequence of ``int`` as long as *dates*.

        Returns:
            A new list of working days, in input order.

        Raises:
            InvalidTypeError: an item has the wrong type (``dates[k]``/``ns[k]`` is named).
            DateOutOfRangeError: a date or a result is outside the supported range.
            ValidationError: *ns* and *dates* differ in length.

        .. versionadded:: 0.1.0
        .. versionchanged:: 0.2.0
           *dates* may be a numpy ``datetime64`` array (the result is ``datetime64[D]``)
           or a pandas Series (the result is a Series with the same index).
        """
        if _is_array_input(dates):
            from .calendar_interop import add_working_days_array

            return add_working_days_array(self, dates, ns)  # type: ignore[no-any-return]
        if not isinstance(dates, Sequence):
            dates = list(dates)
        pos = self._bulk_positions(dates, "dates")
        nsv = self._bulk_ns(ns, len(pos))
        if len(pos) >= _NUMPY_THRESHOLD:
            np_result = self._add_many_numpy(dates, pos, nsv)
            if np_result is not None:
                return np_result
        return self._add_many_python(dates, pos, nsv)

    def _add_many_python(self, dates: Sequence[date], pos: list[int], ns: list[int] | int
                         ) -> list[date]:
        le, lt = self._le, self._lt
        if isinstance(ns, int):
            n = ns
            ks = [le[i] + n - 1 for i in pos] if n > 0 else [lt[i] + n for i in pos]
        else:
            ks = [le[i] + n - 1 if n > 0 else lt[i] + n for i, n in zip(pos, ns, strict=True)]
        if ks and (min(ks) < 0 or max(ks) >= self._nwork):
            self._raise_bulk_range(dates, ks, ns)
        return list(map(self._wdates.__getitem__, ks))

    def _raise_bulk_range(self, dates: Sequence[date], ks: Iterable[int],
                          ns: list[int] | int) -> NoReturn:
        for k, idx in enumerate(ks):
            if not 0 <= idx < self._nwork:
                n = ns if isinstance(ns, int) else ns[k]
                raise _range_error(dates[k], f"dates[{k}]: the result of moving {n} "
                                             "working day(s) from")
        raise AssertionError("unreachable")  # pragma: no cover

    def _numpy_tables(self) -> dict[str, Any] | None:
        tables = self._np
        if "np" not in tables:
            np = _numpy()
            if np is None:
                return None
            w = np.empty(self._nwork, dtype=object)
            w[:] = self._wdates
            # Built aside and published by one dict.update (atomic under the GIL, str keys),
            # so concurrent first calls at worst build the same tables twice.
            tables.update({"le": np.asarray(self._le, dtype=np.int64),
                           "lt": np.asarray(self._lt, dtype=np.int64), "w": w, "np": np})
        return tables

    def _add_many_numpy(self, dates: Sequence[date], pos: list[int], ns: list[int] | int
                        ) -> list[date] | None:
        t = self._numpy_tables()
        if t is None:
            return None
        np = t["np"]
        idx = np.asarray(pos, dtype=np.int64)
        try:
            if isinstance(ns, int):
                ks = t["le"][idx] + (ns - 1) if ns > 0 else t["lt"][idx] + ns
            else:
                nsa = np.asarray(ns, dtype=np.int64)
                ks = np.where(nsa > 0, t["le"][idx] + nsa - 1, t["lt"][idx] + nsa)
        except OverflowError:
            return None  # an n beyond int64: the pure-Python path raises DateOutOfRangeError
        if len(ks) and (int(ks.min()) < 0 or int(ks.max()) >= self._nwork):
            self._raise_bulk_range(dates, ks.tolist(), ns)
        result: list[date] = t["w"][ks].tolist()
        return result

    def working_days_between_many(self, starts: Sequence[date], ends: Sequence[date]
                                  ) -> list[int]:
        """
        Return ``[working_days_between(s, e) for s, e in zip(starts, ends)]``, fast.

        Each count covers the half-open interval (start, end], negative when
        end < start.  Uses numpy when installed and the input is large.

        Args:
            starts: start dates (not counted).
            ends: end dates (counted), as many as *starts*.

        Returns:
            A new list of signed counts, in input order.

        Raises:
            InvalidTypeError: an item is not a ``date`` (``starts[k]``/``ends[k]`` is named).
            DateOutOfRangeError: an item is outside the supported range.
            ValidationError: *starts* and *ends* differ in length.

        .. versionadded:: 0.1.0
        .. versionchanged:: 0.2.0
           numpy ``datetime64`` arrays give an ``int64`` array, pandas Series a Series.
        """
        if _is_array_input(starts) or _is_array_input(ends):
            from .calendar_interop import working_days_between_array

            return working_days_between_array(  # type: ignore[no-any-return]
                self, starts, ends)
        if not isinstance(starts, Sequence):
            starts = list(starts)
        if not isinstance(ends, Sequence):
            ends = list(ends)
        if len(starts) != len(ends):
            raise ValidationError(
                f"starts has {len(starts)} items but ends has {len(ends)}; they must match",
                param_name="ends", value=len(ends))
        a = self._bulk_positions(starts, "starts")
        b = self._bulk_positions(ends, "ends")
        le = self._le
        if len(a) >= _NUMPY_THRESHOLD:
            t = self._numpy_tables()
            if t is not None:
                np = t["np"]
                lea = t["le"]
                counts: list[int] = (lea[np.asarray(b, dtype=np.int64)]
                                     - lea[np.asarray(a, dtype=np.int64)]).tolist()
                return counts
        return [le[j] - le[i] for i, j in zip(a, b, strict=True)]

    # ------------------------------------------------------------- breaks
    def day_off_breaks(self, year: int) -> list[DayOffBreak]:
        """
        Return the holiday breaks of *year*: runs of consecutive days off around its holidays.

        A break is a maximal run of consecutive non-working days (weekends included) that
        contains at least one special day off of *year* (a holiday, substitute, swapped or
        extra day off, see :meth:`special_days_in_year`); a plain weekend is not a break.
        A run that crosses New Year is returned whole, for both years.  The name is the
        occasion of the holidays in the run ("Tết Nguyên Đán" for every day of Tết), or,
        when the run holds no holiday, the kind of its special days (e.g. "Nghỉ bù").

        Args:
            year: a year from 1995 to 2099.

        Returns:
            A new list of :class:`DayOffBreak`, in date order; ``start`` and ``end`` are
            both days off (inclusive).

        Raises:
            InvalidTypeError: *year* is not an ``int``.
            ValidationError: *year* is outside 1995–2099.

        >>> b = vietnam_calendar().day_off_breaks(2026)[1]
        >>> b.start, b.end, b.days, b.name_vi
        (datetime.date(2026, 2, 14), datetime.date(2026, 2, 22), 9, 'Tết Nguyên Đán')

        .. versionadded:: 0.2.0
        """
        special_off = {i.date for i in self.special_days_in_year(year) if not i.is_working}
        if not special_off:
            return []
        first = max(FIRST_SUPPORTED_DATE, date(year, 1, 1) - timedelta(days=10))
        last = min(LAST_SUPPORTED_DATE, date(year, 12, 31) + timedelta(days=10))
        runs: list[list[DayInfo]] = []
        current: list[DayInfo] = []
        d = first
        while d <= last:
            if self.is_working_day(d):
                if current:
                    runs.append(current)
                current = []
            else:
                current.append(self.day_info(d))
            d += timedelta(days=1)
        if current:
            runs.append(current)
        return [DayOffBreak(start=run[0].date, end=run[-1].date,
                            name_vi=_break_name(run, "vi"), name_en=_break_name(run, "en"))
                for run in runs if special_off.intersection(i.date for i in run)]


@attrs.frozen(kw_only=True)
class DayOffBreak:
    """
    A run of consecutive days off around holidays (see :meth:`WorkingCalendar.day_off_breaks`).

    Attributes:
        start: the first day off (inclusive).
        end: the last day off (inclusive).
        name_vi: the occasion in Vietnamese, e.g. ``"Tết Nguyên Đán"`` or
            ``"Ngày Chiến thắng, Ngày Quốc tế Lao động"``.
        name_en: the occasion in English.

    .. versionadded:: 0.2.0
    """

    start: date
    end: date
    name_vi: str
    name_en: str

    @property
    def days(self) -> int:
        """Return the number of days in the break, both ends counted."""
        return (self.end - self.start).days + 1


#: Occasion names of holiday breaks: canonical Vietnamese name -> English.
_OCCASIONS_EN: Final = {
    "Tết Dương lịch": "New Year",
    "Tết Nguyên Đán": "Lunar New Year (Tết)",
    "Ngày Giỗ Tổ Hùng Vương": "Hung Kings' Commemoration Day",
    "Ngày Chiến thắng": "Victory Day",
    "Ngày Quốc tế Lao động": "International Labour Day",
    "Quốc khánh": "National Day",
    "Ngày Văn hóa Việt Nam": "Vietnam Culture Day",
}


def _occasion(info: DayInfo, lang: str) -> str:
    """Return the occasion of a holiday ("Tết Nguyên Đán" for every day of Tết)."""
    vi = info.reason_vi.split(" (")[0].strip()
    if "Tết Nguyên Đán" in vi or vi.endswith(" Tết"):
        vi = "Tết Nguyên Đán"
    if lang == "vi":
        return vi
    return _OCCASIONS_EN.get(vi) or info.reason_en.split(" (")[0].strip()


def _break_name(run: Sequence[DayInfo], lang: str) -> str:
    """Return the occasions of the holidays in *run*, or else the kinds of its special days."""
    names: list[str] = []
    fallback: list[str] = []
    for info in run:
        if info.kind in (DayKind.HOLIDAY, DayKind.EXTRA_DAY_OFF):
            name = _occasion(info, lang)
            if name not in names:
                names.append(name)
        elif info.kind is not DayKind.WEEKEND:
            label = info.kind.label_vi if lang == "vi" else info.kind.label_en
            if label not in fallback:
                fallback.append(label)
    return ", ".join(names or fallback)


def _is_array_input(value: object) -> bool:
    """Whether *value* is a numpy array or pandas Series (checked without importing them)."""
    return type(value).__module__.startswith(("numpy", "pandas")) and hasattr(value, "dtype")


#: Inputs at least this long use numpy when it is importable.
_NUMPY_THRESHOLD: Final = 2048


@functools.cache
def _numpy() -> Any:
    try:
        import numpy
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    return numpy


_build_lock = threading.RLock()


@functools.lru_cache(maxsize=64)
def _build_cached(policy: CalendarPolicy, overrides: tuple[DayOverride, ...],
                  notices: tuple[NoticeFile, ...], known_on: date | None) -> WorkingCalendar:
    return WorkingCalendar(policy=policy, overrides=overrides, notices=notices,
                           known_on=known_on)


def _build(policy: CalendarPolicy, overrides: tuple[DayOverride, ...],
           notices: tuple[NoticeFile, ...] = (), known_on: date | None = None
           ) -> WorkingCalendar:
    """Build (once per process and arguments, thread-safe) the calendar for the arguments."""
    with _build_lock:
        return _build_cached(policy, overrides, notices, known_on)


def vietnam_calendar(*, policy: CalendarPolicy | None = None,
                     overrides: Iterable[DayOverride] = (),
                     notices: Iterable[NoticeFile | str | os.PathLike[str]] | None = None
                     ) -> WorkingCalendar:
    """
    Return the working-day calendar of Vietnamese state agencies (Mon–Fri, QĐ 188/1999).

    Calendars are immutable, so equal arguments may return the same (cached)
    instance; the default one is built once per process.

    Args:
        policy: toggles for what the law leaves open; default :class:`CalendarPolicy()`.
        overrides: caller decisions that win over everything, later ones winning
            on the same date.
        notices: extra official-notice files (:class:`NoticeFile` or paths, see
            :func:`load_notices`), later ones winning on the same date; ``None`` (the
            default) loads the files named by the ``DIRECTIVE_TRACKER_NOTICES``
            environment variable (``os.pathsep``-separated), if set.

    Returns:
        A :class:`WorkingCalendar` for 1995-01-01 .. 2099-12-31.

    Raises:
        InvalidTypeError: *policy* is not a :class:`CalendarPolicy` or an override
            is not a :class:`DayOverride`.
        ValidationError, FileNotFoundError: a notice file is invalid or missing.

    >>> from datetime import date
    >>> cal = vietnam_calendar()
    >>> cal.day_info(date(2026, 4, 27)).kind.label_vi
    'Nghỉ bù'

    .. versionadded:: 0.1.0
    """
    if policy is None:
        policy = CalendarPolicy()
    elif not isinstance(policy, CalendarPolicy):
        raise InvalidTypeError("policy", policy, "a CalendarPolicy or None")
    if isinstance(overrides, (str, bytes, DayOverride)):
        raise InvalidTypeError("overrides", overrides, "an iterable of DayOverride")
    items = tuple(overrides)
    for k, o in enumerate(items):
        if not isinstance(o, DayOverride):
            raise InvalidTypeError(f"overrides[{k}]", o, "a DayOverride")
    return _build(policy, items, _resolve_notices(notices))


def _resolve_notices(notices: Iterable[NoticeFile | str | os.PathLike[str]] | None
                     ) -> tuple[NoticeFile, ...]:
    if notices is None:
        return _env_notices()
    if isinstance(notices, (str, bytes, os.PathLike, NoticeFile)):
        raise InvalidTypeError("notices", notices, "an iterable of NoticeFile or paths")
    out = []
    for k, n in enumerate(notices):
        if isinstance(n, NoticeFile):
            out.append(n)
        elif isinstance(n, (str, os.PathLike)):
            out.append(load_notices(n))
        else:
            raise InvalidTypeError(f"notices[{k}]", n, "a NoticeFile or a path")
    return tuple(out)



# --------------------------------------------------------------------------- data report

@attrs.frozen(kw_only=True)
class CalendarDataReport:
    """
    What calendar data is in use: the answer of ``directive-tracker calendar --check``.

    Attributes:
        data_version: the bundled data's version (:data:`OFFICIAL_DATA_VERSION`).
        files: ``(path, version, number of entries)`` of each extra notice file, in
            load order.
        confirmed_years: years whose PM-decided days are confirmed (history up to the
            bundled ``confirmed_through`` year, then each year with an annual schedule).
        provisional_years: years from the first unconfirmed one to *until* that have
            provisional days (see :attr:`DayInfo.provisional`).
        conflicts: human-readable lines, one per date on which a later file changes what
            an earlier source (bundled data or file) said; the later one wins.

    .. versionadded:: 0.2.0
    """

    data_version: str
    files: tuple[tuple[str | None, str, int], ...]
    confirmed_years: tuple[int, ...]
    provisional_years: tuple[int, ...]
    conflicts: tuple[str, ...]

    def lines_vi(self) -> list[str]:
        """Return the report as Vietnamese lines for a terminal (one fact per line)."""
        out = [f"Dữ liệu lịch: phiên bản {self.data_version}"]
        out += [f"Tệp thông báo bổ sung: {p} (phiên bản {v}, {n} ngày)" for p, v, n in self.files]
        out.append("Năm đã có thông báo chính thức: "
                   + _years_text(self.confirmed_years))
        out.append("Năm dự kiến (chưa có thông báo chính thức): "
                   + (_years_text(self.provisional_years) or "không có"))
        out += [f"Xung đột: {c}" for c in self.conflicts]
        return out


def _years_text(years: Sequence[int]) -> str:
    """Compress consecutive years: (1995, ..., 2024, 2026) -> '1995–2024, 2026'."""
    parts: list[str] = []
    for y in years:
        if parts and int(parts[-1].split("–")[-1]) == y - 1:
            parts[-1] = f"{parts[-1].split('–')[0]}–{y}"
        else:
            parts.append(str(y))
    return ", ".join(parts)


def calendar_data_report(calendar: WorkingCalendar | None = None, *,
                         until: int | None = None) -> CalendarDataReport:
    """
    Report the calendar data in use: versions, files, confirmed and provisional years.

    Args:
        calendar: the calendar to describe (default :func:`vietnam_calendar`, which
            loads the files named by ``DIRECTIVE_TRACKER_NOTICES``).
        until: the last year to examine for provisional days (default: this year in
            Vietnam + 2, at most 2099).

    Returns:
        A :class:`CalendarDataReport`.

    Raises:
        InvalidTypeError: *calendar* is not a :class:`WorkingCalendar`.
        ValidationError, FileNotFoundError: a notice file named by the environment is
            invalid or missing (default calendar only).

    >>> report = calendar_data_report(until=2027)
    >>> report.provisional_years
    (2027,)

    .. versionadded:: 0.2.0
    """
    cal = vietnam_calendar() if calendar is None else calendar
    if not isinstance(cal, WorkingCalendar):
        raise InvalidTypeError("calendar", cal, "a WorkingCalendar or None")
    this_year = datetime.now(VN_TZ).year
    last = min(LAST_SUPPORTED_DATE.year, (this_year + 2) if until is None else
               check_int(until, "until", minimum=FIRST_SUPPORTED_DATE.year,
                         maximum=LAST_SUPPORTED_DATE.year))
    docs = (_bundled(), *cal.notices)
    through, years = _confirmed_years(docs, cal.known_on)
    confirmed = tuple(y for y in range(FIRST_SUPPORTED_DATE.year, last + 1)
                      if y <= through or y in years)
    prov_years = sorted({d.year for d in cal._prov if d.year <= last})
    seen: dict[date, tuple[str, DayInfo]] = {}
    conflicts = []
    for doc in docs:
        name = doc.path or f"dữ liệu gói {doc.version}"
        for info in doc.entries:
            prev = seen.get(info.date)
            if prev is not None and (prev[1].is_working, prev[1].kind) != (info.is_working,
                                                                            info.kind):
                conflicts.append(
                    f"{info.date:%d/%m/%Y}: {prev[0]} ghi {prev[1].kind.label_vi}, "
                    f"{name} ghi {info.kind.label_vi} (áp dụng {name})")
            seen[info.date] = (name, info)
    return CalendarDataReport(
        data_version=OFFICIAL_DATA_VERSION,
        files=tuple((n.path, n.version, len(n.entries)) for n in cal.notices),
        confirmed_years=confirmed, provisional_years=tuple(prov_years),
        conflicts=tuple(conflicts))
