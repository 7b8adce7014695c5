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
5. caller overrides (:class:`DayOverride`), e.g. a typhoon closure decided by
   the province; they win over everything.

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
import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from importlib import resources
from typing import Any, Final, NoReturn

import attrs

from ._validators import check_date, check_int, check_str, nfc
from .exceptions import DateOutOfRangeError, InvalidTypeError, ValidationError

__all__ = [
    "FIRST_SUPPORTED_DATE",
    "LAST_SUPPORTED_DATE",
    "OFFICIAL_DATA_VERSION",
    "CalendarPolicy",
    "DayInfo",
    "DayKind",
    "DayOffBreak",
    "DayOverride",
    "WorkingCalendar",
    "vietnam_calendar",
]

#: First date any calendar answers for (inclusive).
FIRST_SUPPORTED_DATE: Final[date] = date(1995, 1, 1)
#: Last date any calendar answers for (inclusive).
LAST_SUPPORTED_DATE: Final[date] = date(2099, 12, 31)

_FIRST_ORD: Final[int] = FIRST_SUPPORTED_DATE.toordinal()
_LAST_ORD: Final[int] = LAST_SUPPORTED_DATE.toordinal()
_NDAYS: Final[int] = _LAST_ORD - _FIRST_ORD + 1
#: Every supported date, by index (index 0 is FIRST_SUPPORTED_DATE).
_DATES: Final[tuple[date, ...]] = tuple(date.fromordinal(_FIRST_ORD + i) for i in range(_NDAYS))
#: Supported date -> index into _DATES.  A ``datetime`` never equals a ``date``, so it
#: misses this dict just like an out-of-range date or a wrong type: the fast paths
#: need no separate type or range check and fall back to full validation on a miss.
_POS: Final[dict[date, int]] = {d: i for i, d in enumerate(_DATES)}
#: 0.._NDAYS as shared objects, so rank tables of many calendars cost pointers only.
_INTS: Final[tuple[int, ...]] = tuple(range(_NDAYS + 1))

_WEEKDAYS_VI: Final = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_WEEKDAYS_EN: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                       "Sunday")
_WORK_WEEK_SOURCE: Final = "QĐ 188/1999/QĐ-TTg"


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

    .. versionadded:: 0.1.0
    """

    date: date = attrs.field(converter=_conv_date)
    is_working: bool = attrs.field(converter=_conv_is_working)
    kind: DayKind = attrs.field(converter=_check_kind)
    reason_vi: str = attrs.field(converter=_conv_reason_vi)
    reason_en: str = attrs.field(converter=_conv_reason_en)
    source: str | None = attrs.field(default=None, converter=_conv_optional_source)


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

    @property
    def kind(self) -> DayKind:
        """Return :attr:`DayKind.EXTRA_WORKING_DAY` or :attr:`DayKind.EXTRA_DAY_OFF`."""
        return DayKind.EXTRA_WORKING_DAY if self.working else DayKind.EXTRA_DAY_OFF


def _optional_year(value: object) -> int | None:
    if value is None:
        return None
    return check_int(value, "culture_day_from")


@attrs.frozen(kw_only=True)
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

    .. versionadded:: 0.1.0
    """

    culture_day_from: int | None = attrs.field(default=2026, converter=_optional_year)


# --------------------------------------------------------------------------- data

def _parse_iso(value: object, where: str) -> date:
    if not isinstance(value, str):
        raise ValidationError(f"{where}: expected an ISO date string, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise ValidationError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from e


def _load_official_data(text: str) -> tuple[str, tuple[DayInfo, ...]]:
    """Parse and check the official-notice JSON; return (version, entries sorted by date)."""
    raw = json.loads(text)
    if not isinstance(raw, dict) or not isinstance(raw.get("version"), str):
        raise ValidationError("official data: expected an object with a string 'version'")
    entries = raw.get("entries")
    if not isinstance(entries, list):
        raise ValidationError("official data: 'entries' must be a list")
    infos: dict[date, DayInfo] = {}
    swaps: dict[date, date] = {}
    for k, entry in enumerate(entries):
        where = f"official data entry {k}"
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
        infos[d] = DayInfo(date=d, is_working=kind.is_working, kind=kind,
                           reason_vi=entry.get("reason_vi"), reason_en=entry.get("reason_en"),
                           source=entry.get("source"))
    for d, other in swaps.items():
        if swaps.get(other) != d:
            raise ValidationError(
                f"official data: swap {d.isoformat()} <-> {other.isoformat()} is not mutual")
    return raw["version"], tuple(infos[d] for d in sorted(infos))


_DATA_VERSION, _OFFICIAL_DAYS = _load_official_data(
    resources.files("directive_tracker.data").joinpath("vn_official_days.json")
    .read_text(encoding="utf-8"))

#: Version of the bundled official-notice data (``data/vn_official_days.json``).
OFFICIAL_DATA_VERSION: Final[str] = _DATA_VERSION

_SWAP_NAME = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")
_CULTURE_DAY_VI: Final = "Ngày Văn hóa Việt Nam"


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
    src = "NQ 80-NQ/TW (01/2026); CalendarPolicy.culture_day_from"
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


def _plain_info(d: date) -> DayInfo:
    wd = d.weekday()
    if wd < 5:
        return DayInfo(date=d, is_working=True, kind=DayKind.WORKING,
                       reason_vi=f"Ngày làm việc ({_WEEKDAYS_VI[wd]})",
                       reason_en=f"Working day ({_WEEKDAYS_EN[wd]})", source=_WORK_WEEK_SOURCE)
    return DayInfo(date=d, is_working=False, kind=DayKind.WEEKEND,
                   reason_vi=f"Nghỉ cuối tuần ({_WEEKDAYS_VI[wd]})",
                   reason_en=f"Weekend ({_WEEKDAYS_EN[wd]})", source=_WORK_WEEK_SOURCE)


def _override_info(o: DayOverride) -> DayInfo:
    return DayInfo(date=o.date, is_working=o.working, kind=o.kind, reason_vi=o.reason_vi,
                   reason_en=o.reason_en or o.kind.label_en, source=o.source)


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

    __slots__ = ("_le", "_lt", "_np", "_nwork", "_off", "_overrides",
                 "_policy", "_special", "_wdates", "_working")

    _policy: CalendarPolicy
    _overrides: tuple[DayOverride, ...]
    _special: dict[date, DayInfo]
    _working: list[bool]
    _le: list[int]
    _lt: list[int]
    _wdates: list[date]
    _nwork: int
    _off: tuple[date, ...]
    _np: dict[str, Any]

    def __init__(self, *, policy: CalendarPolicy, overrides: tuple[DayOverride, ...]) -> None:
        """
        Build the calendar (private: use :func:`vietnam_calendar`).

        Args:
            policy: the policy toggles.
            overrides: caller overrides, later ones winning on the same date.
        """
        special: dict[date, DayInfo] = {}
        for info in _holidays_days():
            special[info.date] = info
        for info in _culture_days(policy.culture_day_from):
            special[info.date] = info
        for info in _OFFICIAL_DAYS:
            special[info.date] = info
        effective: dict[date, DayOverride] = {}
        for o in overrides:
            effective[o.date] = o
            special[o.date] = _override_info(o)
        working = [d.weekday() < 5 for d in _DATES]
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
        setattr_(self, "_special", special)
        setattr_(self, "_working", working)
        setattr_(self, "_le", le)
        setattr_(self, "_lt", lt)
        setattr_(self, "_wdates", wdates)
        setattr_(self, "_nwork", count)
        setattr_(self, "_off", tuple(_DATES[i] for i, w in enumerate(working) if not w))
        setattr_(self, "_np", {})

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; use with_overrides()")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the arguments that rebuild the calendar."""
        return (_build, (self._policy, self._overrides))

    def __repr__(self) -> str:
        return (f"WorkingCalendar(policy={self._policy!r}, overrides={len(self._overrides)}, "
                f"data={OFFICIAL_DATA_VERSION!r})")

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
        return vietnam_calendar(policy=self._policy, overrides=self._overrides + overrides)

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
        return info if info is not None else _plain_info(d)

    def _days_off_between(self, i: int, j: int) -> list[DayInfo]:
        from bisect import bisect_left, bisect_right

        off = self._off
        lo = bisect_left(off, _DATES[i])
        hi = bisect_right(off, _DATES[j])
        special = self._special
        out = []
        for d in off[lo:hi]:
            info = special.get(d)
            out.append(info if info is not None else _plain_info(d))
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
        """
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
        """
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


#: Inputs at least this long use numpy when it is importable.
_NUMPY_THRESHOLD: Final = 2048


@functools.cache
def _numpy() -> Any:
    try:
        import numpy
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    return numpy


@functools.lru_cache(maxsize=16)
def _build(policy: CalendarPolicy, overrides: tuple[DayOverride, ...]) -> WorkingCalendar:
    return WorkingCalendar(policy=policy, overrides=overrides)


def vietnam_calendar(*, policy: CalendarPolicy | None = None,
                     overrides: Iterable[DayOverride] = ()) -> WorkingCalendar:
    """
    Return the working-day calendar of Vietnamese state agencies (Mon–Fri, QĐ 188/1999).

    Calendars are immutable, so equal arguments may return the same (cached)
    instance; the default one is built once per process.

    Args:
        policy: toggles for what the law leaves open; default :class:`CalendarPolicy()`.
        overrides: caller decisions that win over everything, later ones winning
            on the same date.

    Returns:
        A :class:`WorkingCalendar` for 1995-01-01 .. 2099-12-31.

    Raises:
        InvalidTypeError: *policy* is not a :class:`CalendarPolicy` or an override
            is not a :class:`DayOverride`.

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
    return _build(policy, items)
