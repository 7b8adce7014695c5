# SPDX-License-Identifier: MIT
"""
Tasks (nhiệm vụ): one lead unit, any coordinating units, a deadline rule and its due date.

Decree 39/2022/NĐ-CP: "each task is assigned to only one lead (chủ trì)"; the lead may not
also coordinate.  A :class:`Task` holds what was assigned; everything that happens to it
afterwards is an event (:mod:`directive_tracker.events`) and its state is a fold over
those events (:mod:`directive_tracker.lifecycle`).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

import attrs

from ._validators import (
    MAX_ITEMS,
    check_int,
    instance_of,
    is_code,
    is_code_tuple,
    is_content,
    is_date,
    is_identifier,
    is_label_tuple,
    is_optional_date,
    is_optional_identifier,
    to_label_tuple,
    to_nfc_content,
    to_nfc_id,
)
from .deadlines import DeadlineRule
from .exceptions import ValidationError

__all__ = ["Priority", "Task"]


class Priority(enum.Enum):
    """
    Urgency of a task.

    .. versionadded:: 0.1.0
    """

    NORMAL = "normal"
    IMPORTANT = "important"
    URGENT = "urgent"

    @property
    def label_vi(self) -> str:
        """Vietnamese name."""
        return {"normal": "Bình thường", "important": "Quan trọng", "urgent": "Khẩn"}[self.value]

    @property
    def label_en(self) -> str:
        """English name."""
        return {"normal": "Normal", "important": "Important", "urgent": "Urgent"}[self.value]


def _unit_codes(value: object) -> Any:
    """Convert coordinating units to a sorted tuple of unique NFC codes."""
    value = to_label_tuple(value)
    if (isinstance(value, tuple) and len(value) <= MAX_ITEMS
            and all(isinstance(v, str) for v in value)):
        return tuple(sorted(set(value)))
    return value


def _tags(value: object) -> Any:
    value = to_label_tuple(value)
    if (isinstance(value, tuple) and len(value) <= MAX_ITEMS
            and all(isinstance(v, str) for v in value)):
        return tuple(dict.fromkeys(v.strip() for v in value))
    return value


def _check_version(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_int(value, attribute.name, minimum=0)


@attrs.frozen(kw_only=True)
class Task:
    """
    A task assigned by a directive to exactly one lead unit.

    Args:
        id: caller-chosen stable identifier (no white space), unique in a store.
        directive_id: id of the source directive.
        content: what must be done (NFC-normalised).
        lead_unit: code of the single lead unit (chủ trì).
        coordinating_units: codes of coordinating units (phối hợp); stored sorted and
            unique; the lead may not be among them.
        deadline: the :class:`~directive_tracker.deadlines.DeadlineRule` as written.
        anchor: the date the deadline counts from (usually the directive's received or
            issue date; the day itself is not counted, Civil Code Art 147).
        due_date: the resolved original due date (None for tasks without a deadline).
            Extensions and pauses never change it; the current due date is part of the
            task's state.
        assigned_on: the date the task was assigned.
        parent_id: id of the task this one was split from (a department passing part of
            its task down to a division or commune).
        priority: a :class:`Priority`.
        tags: free labels, kept in order without duplicates.
        version: the store's optimistic-concurrency version (number of events recorded);
            0 for a task that has not been stored.

    Text is checked as the input-limits guide describes: ids at most 128 characters and
    unit codes at most 64 (no white space, control or format characters, no ``=?``);
    ``content`` at most 10,000 characters (TAB and line breaks allowed, other control
    characters not); at most 1,000 tags of at most 1,000 characters and 1,000
    coordinating units.  Caps count the text as given, before NFC.

    Raises:
        InvalidTypeError: a field has the wrong type.
        ValidationError: empty content, a text over its cap or with a refused character,
            the lead also coordinating, or a task that is its own parent.

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(converter=to_nfc_id, validator=is_identifier)
    directive_id: str = attrs.field(converter=to_nfc_id, validator=is_identifier)
    content: str = attrs.field(converter=to_nfc_content, validator=is_content)
    lead_unit: str = attrs.field(converter=to_nfc_id, validator=is_code)
    coordinating_units: tuple[str, ...] = attrs.field(
        default=(), converter=_unit_codes, validator=is_code_tuple)
    deadline: DeadlineRule = attrs.field(validator=instance_of(DeadlineRule))
    anchor: date = attrs.field(validator=is_date)
    due_date: date | None = attrs.field(default=None, validator=is_optional_date)
    assigned_on: date = attrs.field(validator=is_date)
    parent_id: str | None = attrs.field(default=None, converter=to_nfc_id,
                                        validator=is_optional_identifier)
    priority: Priority = attrs.field(default=Priority.NORMAL, validator=instance_of(Priority))
    tags: tuple[str, ...] = attrs.field(default=(), converter=_tags, validator=is_label_tuple)
    version: int = attrs.field(default=0, validator=_check_version)

    def __attrs_post_init__(self) -> None:
        if self.lead_unit in self.coordinating_units:
            raise ValidationError(
                f"task {self.id!r}: lead unit {self.lead_unit!r} may not also be a "
                "coordinating unit (one lead per task, Decree 39/2022)", task_id=self.id)
        if self.parent_id == self.id:
            raise ValidationError(f"task {self.id!r} cannot be its own parent",
                                  task_id=self.id)

    @property
    def units(self) -> tuple[str, ...]:
        """The lead unit followed by the coordinating units."""
        return (self.lead_unit, *self.coordinating_units)
