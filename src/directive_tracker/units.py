# SPDX-License-Identifier: MIT
"""
Units (cơ quan, đơn vị) and their succession after reorganisations.

A :class:`Unit` is valid over an inclusive date range ``[valid_from, valid_to]``
(``None`` = open).  A :class:`Succession` records a merge, split or rename decided by
a document and effective on a date: from that date the successors carry the
predecessors' functions and open tasks (Resolution 190/2025/QH15: "functions and tasks
pass to the receiving body", with no gap).  The :class:`UnitRegistry` answers which
unit holds a predecessor's work on a given date, and which old units roll up into a new
one for reports.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from types import MappingProxyType

import attrs

from ._validators import (
    MAX_ITEMS,
    check_code,
    check_date,
    instance_of,
    is_code,
    is_content_or_empty,
    is_date,
    is_label,
    is_name,
    is_optional_code,
    is_optional_date,
    to_nfc_content,
    to_nfc_id,
    to_nfc_name,
)
from .exceptions import UnitNotFoundError, ValidationError

__all__ = ["Succession", "SuccessionKind", "Unit", "UnitKind", "UnitRegistry"]


class UnitKind(enum.Enum):
    """
    Kind of unit in the provincial administration (two tiers from 01/07/2025).

    .. versionadded:: 0.1.0
    """

    PROVINCIAL_COMMITTEE = "provincial_committee"
    DEPARTMENT = "department"
    COMMUNE = "commune"
    DISTRICT = "district"
    DIVISION = "division"
    OTHER = "other"

    @property
    def label_vi(self) -> str:
        """Vietnamese name of the kind."""
        return _UNIT_KIND_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English name of the kind."""
        return _UNIT_KIND_LABELS[self][1]


_UNIT_KIND_LABELS = {
    UnitKind.PROVINCIAL_COMMITTEE: ("Ủy ban nhân dân tỉnh", "Provincial People's Committee"),
    UnitKind.DEPARTMENT: ("Sở, ban, ngành", "Department or agency"),
    UnitKind.COMMUNE: ("Ủy ban nhân dân xã, phường, đặc khu",
                       "Commune, ward or special zone People's Committee"),
    UnitKind.DISTRICT: ("Ủy ban nhân dân huyện (đến 30/6/2025)",
                        "District People's Committee (until 30/06/2025)"),
    UnitKind.DIVISION: ("Phòng, ban trực thuộc", "Division"),
    UnitKind.OTHER: ("Cơ quan, đơn vị khác", "Other body"),
}


@attrs.frozen(kw_only=True)
class Unit:
    """
    A body that leads or coordinates tasks (sở, UBND xã, phòng…).

    Args:
        code: stable identifier, unique in a registry (no white space), e.g. ``"SNV"``.
        name: official name, e.g. ``"Sở Nội vụ"`` (NFC-normalised).
        kind: the :class:`UnitKind`.
        parent: code of the supervising unit, if any.
        valid_from: first day the unit exists (inclusive), or None for "always".
        valid_to: last day the unit exists (inclusive), or None for "still exists".

    ``code`` and ``parent`` are unit codes: at most 64 characters, no white space,
    control or format characters and no ``=?``, NFC-normalised; ``name`` is one line of at
    most 1,000 characters.

    Raises:
        InvalidTypeError: a field has the wrong type.
        ValidationError: empty code or name, a text over its cap or with a refused
            character, or ``valid_to`` before ``valid_from``.

    .. versionadded:: 0.1.0
    """

    code: str = attrs.field(converter=to_nfc_id, validator=is_code)
    name: str = attrs.field(converter=to_nfc_name, validator=is_name)
    kind: UnitKind = attrs.field(validator=instance_of(UnitKind))
    parent: str | None = attrs.field(default=None, converter=to_nfc_id,
                                     validator=is_optional_code)
    valid_from: date | None = attrs.field(default=None, validator=is_optional_date)
    valid_to: date | None = attrs.field(default=None, validator=is_optional_date)

    def __attrs_post_init__(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                f"unit {self.code!r}: valid_to {self.valid_to} is before valid_from "
                f"{self.valid_from}; the range is inclusive and must not be empty",
                code=self.code)
        if self.parent == self.code:
            raise ValidationError(f"unit {self.code!r} cannot be its own parent", code=self.code)

    def is_active(self, on: date, /) -> bool:
        """Return whether the unit exists on *on* (``valid_from`` and ``valid_to`` inclusive)."""
        check_date(on, "on")
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to)


class SuccessionKind(enum.Enum):
    """
    How units were reorganised.

    * ``MERGE``: two or more predecessors → one successor (which may be one of them).
    * ``SPLIT``: one predecessor → two or more successors; open tasks go to ``receiver``.
    * ``RENAME``: one → one, a new code.

    .. versionadded:: 0.1.0
    """

    MERGE = "merge"
    SPLIT = "split"
    RENAME = "rename"

    @property
    def label_vi(self) -> str:
        """Vietnamese name."""
        return {"merge": "Hợp nhất, sáp nhập", "split": "Chia tách",
                "rename": "Đổi tên"}[self.value]

    @property
    def label_en(self) -> str:
        """English name."""
        return {"merge": "Merge", "split": "Split", "rename": "Rename"}[self.value]


def _codes(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError(f"expected a sequence of unit codes, got {value!r}")
    codes: list[str] = []
    for v in value:
        if len(codes) == MAX_ITEMS:
            raise ValidationError(f"a succession names at most {MAX_ITEMS:,} units")
        codes.append(check_code(v, "unit code"))
    return tuple(codes)


@attrs.frozen(kw_only=True)
class Succession:
    """
    A reorganisation event: predecessors' work passes to successors from ``effective``.

    ``effective`` is the first day the successors act (inclusive); the predecessors'
    last day is the day before.  ``receiver`` is the successor that takes open tasks;
    it defaults to the only successor, and must be given explicitly for a split.

    Raises:
        ValidationError: wrong numbers of predecessors/successors for the kind, a
            repeated code, a rename to the same code, or a receiver that is not a
            successor.

    .. versionadded:: 0.1.0
    """

    kind: SuccessionKind = attrs.field(validator=instance_of(SuccessionKind))
    predecessors: tuple[str, ...] = attrs.field(converter=_codes)
    successors: tuple[str, ...] = attrs.field(converter=_codes)
    effective: date = attrs.field(validator=is_date)
    document: str = attrs.field(converter=to_nfc_name, validator=is_label)
    receiver: str | None = attrs.field(default=None, converter=to_nfc_id,
                                       validator=is_optional_code)
    note: str = attrs.field(default="", converter=to_nfc_content, validator=is_content_or_empty)

    def __attrs_post_init__(self) -> None:
        p, s = len(self.predecessors), len(self.successors)
        rules = {SuccessionKind.MERGE: (p >= 2 and s == 1, "≥ 2 predecessors and 1 successor"),
                 SuccessionKind.SPLIT: (p == 1 and s >= 2, "1 predecessor and ≥ 2 successors"),
                 SuccessionKind.RENAME: (p == 1 and s == 1, "1 predecessor and 1 successor")}
        ok, wanted = rules[self.kind]
        if not ok:
            raise ValidationError(
                f"a {self.kind.value} needs {wanted}, got {p} predecessor(s) and {s} "
                f"successor(s)", kind=self.kind)
        if len(set(self.predecessors)) != p or len(set(self.successors)) != s:
            raise ValidationError("unit codes in a succession must not repeat")
        if self.kind is SuccessionKind.RENAME and self.predecessors == self.successors:
            raise ValidationError(
                f"a rename needs a new code, got {self.predecessors[0]!r} → "
                f"{self.successors[0]!r}; a name change under the same code is a new "
                "Unit record, not a succession")
        if self.receiver is None and s > 1:
            raise ValidationError(
                "a split must name the receiver (the successor that takes open tasks)")
        if self.receiver is not None and self.receiver not in self.successors:
            raise ValidationError(
                f"receiver {self.receiver!r} is not one of the successors {self.successors}")

    @property
    def task_receiver(self) -> str:
        """The successor that takes the predecessors' open tasks."""
        return self.receiver if self.receiver is not None else self.successors[0]


@attrs.frozen
class UnitRegistry:
    """
    An immutable set of units and the successions between them.

    Build it with :meth:`of` and extend it with :meth:`with_units` / :meth:`with_succession`,
    each of which returns a new registry.

    .. versionadded:: 0.1.0
    """

    _units: Mapping[str, Unit] = attrs.field(factory=lambda: MappingProxyType({}))
    successions: tuple[Succession, ...] = ()

    @classmethod
    def of(cls, units: Iterable[Unit] = (), successions: Iterable[Succession] = ()
           ) -> UnitRegistry:
        """
        Return a registry of *units* with *successions* applied in order.

        Raises:
            ValidationError: a duplicate unit code, or a succession naming an unknown unit.
        """
        reg = cls().with_units(*units)
        for s in successions:
            reg = reg.with_succession(s)
        return reg

    def with_units(self, *units: Unit) -> UnitRegistry:
        """Return a new registry with *units* added (codes must be new)."""
        merged = dict(self._units)
        for u in units:
            if not isinstance(u, Unit):
                raise ValidationError(f"expected a Unit, got {u!r}")
            if u.code in merged:
                raise ValidationError(f"unit code {u.code!r} is already registered",
                                      code=u.code)
            merged[u.code] = u
        return UnitRegistry(MappingProxyType(merged), self.successions)

    def with_succession(self, succession: Succession) -> UnitRegistry:
        """
        Return a new registry that records *succession*.

        Predecessors that are not also successors get ``valid_to`` set to the day before
        ``effective`` (if it was open); every named unit must be registered.

        Raises:
            ValidationError: an unknown unit, or a predecessor already succeeded.
        """
        if not isinstance(succession, Succession):
            raise ValidationError(f"expected a Succession, got {succession!r}")
        for code in (*succession.predecessors, *succession.successors):
            if code not in self._units:
                raise ValidationError(
                    f"succession names unknown unit {code!r}; add the unit first", code=code)
        for earlier in self.successions:
            for code in succession.predecessors:
                if code in earlier.predecessors and code not in earlier.successors:
                    raise ValidationError(
                        f"unit {code!r} was already succeeded by {earlier.document}",
                        code=code)
        units = dict(self._units)
        last_day = succession.effective - timedelta(days=1)
        for code in succession.predecessors:
            u = units[code]
            if code not in succession.successors and u.valid_to is None:
                units[code] = attrs.evolve(u, valid_to=last_day)
        return UnitRegistry(MappingProxyType(units), (*self.successions, succession))

    def get(self, code: str, /) -> Unit:
        """Return the unit with *code*; raise :class:`UnitNotFoundError` if unknown."""
        try:
            return self._units[code]
        except KeyError:
            raise UnitNotFoundError(code) from None

    def __contains__(self, code: object) -> bool:
        return code in self._units

    def __iter__(self) -> Iterator[Unit]:
        return iter(sorted(self._units.values(), key=lambda u: u.code))

    def __len__(self) -> int:
        return len(self._units)

    def active(self, on: date, /) -> list[Unit]:
        """Return the units that exist on *on* (inclusive ranges), sorted by code."""
        check_date(on, "on")
        return [u for u in self if u.is_active(on)]

    def successor_of(self, code: str, on: date, /) -> str:
        """
        Return the unit that holds *code*'s work on *on*.

        Follows every succession effective on or before *on* (a chain such as
        district → commune → merged commune is followed to the end).  A unit that was
        never succeeded is its own successor.

        Raises:
            UnitNotFoundError: *code* is not registered.
        """
        self.get(code)
        check_date(on, "on")
        current = code
        for s in sorted(self.successions, key=lambda s: s.effective):
            if s.effective <= on and current in s.predecessors and (
                    current not in s.successors or s.kind is SuccessionKind.SPLIT):
                current = s.task_receiver
        return current

    def predecessors_of(self, code: str, /) -> frozenset[str]:
        """
        Return every unit whose open tasks (transitively) passed to *code*.

        Follows each succession's receiver (for a split, only the named receiver takes
        the predecessor's tasks).  *code* itself is not included.
        """
        self.get(code)
        found: set[str] = set()
        frontier = {code}
        while frontier:
            nxt: set[str] = set()
            for s in self.successions:
                if s.task_receiver in frontier:
                    nxt |= {p for p in s.predecessors if p not in found and p != code}
            nxt -= found
            found |= nxt
            frontier = nxt
        return frozenset(found)

    def rollup_code(self, code: str, on: date, /, *, by: str = "new") -> str:
        """
        Return the unit a report row for *code* is counted under.

        Args:
            code: the unit that led the task.
            on: the report date.
            by: ``"new"`` counts old units under their successor on *on*; ``"old"`` keeps
                the original unit.

        Raises:
            ValidationError: *by* is not ``"new"`` or ``"old"``.
        """
        if by == "old":
            self.get(code)
            return code
        if by == "new":
            return self.successor_of(code, on)
        raise ValidationError(f"by must be 'new' or 'old', got {by!r}", param_name="by")

    def name_of(self, code: str, /) -> str:
        """Return the unit's name (the code itself when unknown, for display only)."""
        u = self._units.get(code)
        return u.name if u else code
