# SPDX-License-Identifier: MIT
"""
One province-wide policy, stored with the data: :class:`ProvincePolicy`.

Which days are working days and how a deadline is read are choices of the province
(Culture Day, whether Civil Code Art 148(5) moves a named date, whether "trước ngày X"
includes X, the province's own closures), and so are the workflow rules (the extension
cap, whether a pause moves a date a leader approved).  When each program sets them in
its own code, the command line, a notebook and the e-office system opening the same
database count different deadlines.  A :class:`ProvincePolicy` saved in the store
(:meth:`Store.put_settings <directive_tracker.storage.base.Store.put_settings>`) is read
back by every program that opens the store through the composition root
(:func:`directive_tracker.open`, :func:`directive_tracker.bootstrap.province_policy`, the
``directive-tracker`` command), so all of them count the same due dates.

The stored form is :meth:`ProvincePolicy.to_dict`: a JSON object with ``"format":``
:data:`SETTINGS_FORMAT`; a later library reads earlier formats, and a store written by
a newer format is refused with a message rather than misread.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Final

import attrs

from ._validators import check_str
from .calendars import CalendarPolicy, DayOverride, WorkingCalendar, vietnam_calendar
from .deadlines import DeadlineRule, EndOfPeriod, FixedDate
from .exceptions import InvalidTypeError, ValidationError
from .lifecycle import LifecyclePolicy

__all__ = ["SETTINGS_FORMAT", "ProvincePolicy", "read_deadline"]

#: Format of :meth:`ProvincePolicy.to_dict` written by this version.
SETTINGS_FORMAT: Final = 1


def _check_calendar_policy(value: object) -> CalendarPolicy:
    if not isinstance(value, CalendarPolicy):
        raise InvalidTypeError("calendar", value, "a CalendarPolicy")
    return value


def _check_lifecycle_policy(value: object) -> LifecyclePolicy:
    if not isinstance(value, LifecyclePolicy):
        raise InvalidTypeError("lifecycle", value, "a LifecyclePolicy")
    return value


def _check_overrides(value: object) -> tuple[DayOverride, ...]:
    if isinstance(value, (str, bytes, DayOverride)) or not isinstance(value, Iterable):
        raise InvalidTypeError("overrides", value, "an iterable of DayOverride")
    items = tuple(value)
    for k, o in enumerate(items):
        if not isinstance(o, DayOverride):
            raise InvalidTypeError(f"overrides[{k}]", o, "a DayOverride")
    return items


def _check_basis(value: object) -> str | None:
    return None if value is None else check_str(value, "basis")


def _lifecycle_to_dict(policy: LifecyclePolicy) -> dict[str, Any]:
    return {a.name: getattr(policy, a.name) for a in attrs.fields(LifecyclePolicy)}


def _lifecycle_from_dict(data: object) -> LifecyclePolicy:
    if not isinstance(data, Mapping):
        raise InvalidTypeError("lifecycle", data, "a mapping")
    known = {a.name for a in attrs.fields(LifecyclePolicy)}
    unknown = sorted(set(data) - known, key=str)
    if unknown:
        raise ValidationError(f"unknown lifecycle policy key(s): {', '.join(map(str, unknown))}",
                              param_name="lifecycle", value=unknown)
    return LifecyclePolicy(**dict(data))


def _override_to_dict(o: DayOverride) -> dict[str, Any]:
    return {"date": o.date.isoformat(), "working": o.working, "reason_vi": o.reason_vi,
            "reason_en": o.reason_en, "source": o.source,
            "decided_on": None if o.decided_on is None else o.decided_on.isoformat()}


def _iso(value: object, where: str) -> date:
    if not isinstance(value, str):
        raise ValidationError(f"{where}: expected an ISO date string, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from exc


def _override_from_dict(data: object, k: int) -> DayOverride:
    where = f"overrides[{k}]"
    if not isinstance(data, Mapping):
        raise ValidationError(f"{where}: expected an object")
    unknown = sorted(set(data) - {"date", "working", "reason_vi", "reason_en", "source",
                                  "decided_on"}, key=str)
    if unknown:
        raise ValidationError(f"{where}: unknown key(s) {', '.join(map(str, unknown))}")
    decided = data.get("decided_on")
    return DayOverride(date=_iso(data.get("date"), where), working=data.get("working"),
                       reason_vi=data.get("reason_vi"), reason_en=data.get("reason_en", ""),
                       source=data.get("source"),
                       decided_on=None if decided is None else _iso(decided, where))


@attrs.frozen(kw_only=True)
class ProvincePolicy:
    """
    Everything a province decides about counting deadlines, as one stored record.

    Attributes:
        calendar: the calendar policy: Culture Day and the readings of named dates
            (:class:`~directive_tracker.calendars.CalendarPolicy`).
        lifecycle: the workflow rules: the extension cap and whether a pause moves a
            date a leader approved (:class:`~directive_tracker.lifecycle.LifecyclePolicy`).
        overrides: the province's own days (typhoon closures, extra working days), each
            with its deciding document and decision date, so a past report stays as
            reported (:meth:`WorkingCalendar.as_known_on
            <directive_tracker.calendars.WorkingCalendar.as_known_on>`).
        basis: the province's decision adopting this policy (e.g.
            ``"QĐ 15/2026/QĐ-UBND, 02/03/2026"``), or ``None``.

    Every field defaults to the library's default, so ``ProvincePolicy()`` counts exactly
    as a program that configures nothing.

    >>> from datetime import date
    >>> from directive_tracker.calendars import DayOverride
    >>> typhoon = DayOverride(date=date(2026, 10, 15), working=False,
    ...                       reason_vi="Nghỉ do bão", source="CĐ 05/CĐ-UBND, 14/10/2026",
    ...                       decided_on=date(2026, 10, 14))
    >>> policy = ProvincePolicy(overrides=(typhoon,))
    >>> ProvincePolicy.from_dict(policy.to_dict()) == policy
    True
    >>> policy.working_calendar().add_working_days(date(2026, 10, 12), 5)
    datetime.date(2026, 10, 20)

    .. versionadded:: 0.2.0
    """

    calendar: CalendarPolicy = attrs.field(factory=CalendarPolicy,
                                           converter=_check_calendar_policy)
    lifecycle: LifecyclePolicy = attrs.field(factory=LifecyclePolicy,
                                             converter=_check_lifecycle_policy)
    overrides: tuple[DayOverride, ...] = attrs.field(default=(), converter=_check_overrides)
    basis: str | None = attrs.field(default=None, converter=_check_basis)

    def working_calendar(self, *, notices: Iterable[Any] | None = None) -> WorkingCalendar:
        """
        Return the province's calendar: :func:`~directive_tracker.calendars.vietnam_calendar`
        with this policy and these overrides.

        Args:
            notices: extra notice files, as for ``vietnam_calendar`` (``None``: those named
                by ``$DIRECTIVE_TRACKER_NOTICES``).

        Raises:
            ValidationError, FileNotFoundError: a notice file is invalid or missing.
        """
        return vietnam_calendar(policy=self.calendar, overrides=self.overrides,
                                notices=notices)

    def with_overrides(self, *overrides: DayOverride) -> ProvincePolicy:
        """Return a copy with *overrides* added (later ones win on the same date)."""
        return attrs.evolve(self, overrides=(*self.overrides, *overrides))

    def to_dict(self) -> dict[str, Any]:
        """
        Return the JSON-compatible form stored by the stores (see :meth:`from_dict`).

        Keys: ``format`` (:data:`SETTINGS_FORMAT`), ``calendar``, ``lifecycle``,
        ``overrides`` (dates ISO, with ``decided_on``), ``basis``.
        """
        return {"format": SETTINGS_FORMAT, "calendar": self.calendar.to_dict(),
                "lifecycle": _lifecycle_to_dict(self.lifecycle),
                "overrides": [_override_to_dict(o) for o in self.overrides],
                "basis": self.basis}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProvincePolicy:
        """
        Return the policy stored by :meth:`to_dict`; missing keys take their defaults.

        Raises:
            InvalidTypeError: *data* is not a mapping, or a value has the wrong type.
            ValidationError: an unknown key, a bad date, or a ``format`` newer than
                :data:`SETTINGS_FORMAT` (written by a newer library: upgrade to read it).
        """
        if not isinstance(data, Mapping):
            raise InvalidTypeError("data", data, "a mapping")
        fmt = data.get("format", 1)
        if type(fmt) is not int or fmt < 1:
            raise ValidationError(f"province policy: bad format {fmt!r}", param_name="data")
        if fmt > SETTINGS_FORMAT:
            raise ValidationError(
                f"the stored province policy has format {fmt}, newer than this library "
                f"reads ({SETTINGS_FORMAT}); upgrade directive_tracker", param_name="data",
                value=fmt)
        unknown = sorted(set(data) - {"format", "calendar", "lifecycle", "overrides", "basis"},
                         key=str)  # keys of any type (str only in JSON)
        if unknown:
            raise ValidationError(
                f"unknown province policy key(s): {', '.join(map(str, unknown))}",
                param_name="data", value=unknown)
        raw_overrides = data.get("overrides", [])
        if not isinstance(raw_overrides, list):
            raise ValidationError("province policy: 'overrides' must be a list",
                                  param_name="data")
        return cls(calendar=CalendarPolicy.from_dict(data.get("calendar", {})),
                   lifecycle=_lifecycle_from_dict(data.get("lifecycle", {})),
                   overrides=tuple(_override_from_dict(o, k)
                                   for k, o in enumerate(raw_overrides)),
                   basis=data.get("basis"))


def read_deadline(deadline: str | DeadlineRule, policy: CalendarPolicy) -> DeadlineRule:
    """
    Read a deadline phrase with the province's readings (a rule is returned unchanged).

    :func:`~directive_tracker.phrases.parse_deadline` reads what the phrase says; what it
    leaves open is settled by *policy*:

    * "trước ngày X" without "không bao gồm ngày đó": X included when
      ``policy.before_date_inclusive`` (the default), else the day before X
      (``FixedDate.strict``);
    * a named date ("hạn 01/05/2026", "trước ngày X") without a clause on days off
      ("nếu trùng ngày nghỉ …"): moved off a day off when ``policy.fixed_date_roll``
      (forward; backward for an exclusive "trước ngày X", see ``FixedDate.roll``);
    * the end of a named period ("trong tháng 2/2026", "quý III/2026") without such a
      clause: moved forward when ``policy.period_end_roll``.

    With the default policy the result equals ``parse_deadline(deadline)``.

    Args:
        deadline: a Vietnamese phrase, or a rule (returned as is: a rule built in code
            states its own readings).
        policy: the province's calendar policy (e.g. ``calendar.policy``).

    Returns:
        The rule.

    Raises:
        InvalidTypeError: *deadline* is neither a str nor a DeadlineRule, or *policy* is
            not a CalendarPolicy.
        DeadlinePhraseError: the phrase cannot be read.

    >>> from directive_tracker.calendars import CalendarPolicy
    >>> read_deadline("trước ngày 21/02/2026", CalendarPolicy(fixed_date_roll=True))
    FixedDate(date=datetime.date(2026, 2, 21), strict=False, roll=True)
    """
    if not isinstance(policy, CalendarPolicy):
        raise InvalidTypeError("policy", policy, "a CalendarPolicy")
    if isinstance(deadline, DeadlineRule):
        return deadline
    if not isinstance(deadline, str):
        raise InvalidTypeError("deadline", deadline, "a DeadlineRule or a Vietnamese phrase")
    from .phrases import parse_deadline
    from .text import fold

    rule = parse_deadline(deadline)
    folded = " ".join(fold(deadline).split())
    states_roll = "trung ngay nghi" in folded  # "nếu trùng ngày nghỉ thì …" / "không … nếu …"
    if isinstance(rule, FixedDate):
        strict = rule.strict or ("truoc ngay" in folded and not policy.before_date_inclusive)
        roll = rule.roll if states_roll else policy.fixed_date_roll
        return FixedDate(date=rule.date, strict=strict, roll=roll)
    if isinstance(rule, EndOfPeriod) and not states_roll:
        return attrs.evolve(rule, roll=policy.period_end_roll)
    return rule
