# SPDX-License-Identifier: MIT
"""
The filters of :meth:`Store.get_tasks <directive_tracker.storage.Store.get_tasks>`:
:class:`TaskQuery`.

Kept apart from :mod:`~directive_tracker.storage.base` so that the JSON-lines module can
query a store without importing the interface (no import cycle);
``directive_tracker.storage.base.TaskQuery`` and ``directive_tracker.storage.TaskQuery``
are the same class.

Every text input is normalised here, at the boundary: ids, codes and the search text
are NFC (an id typed in NFD finds the task stored in NFC), the search text is at most
``MAX_QUERY_TEXT`` (200) characters, checked
before anything else, and no input may hold a lone surrogate.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs

from .._validators import MAX_TEXT, is_optional_date
from ..exceptions import ValidationError
from ._checks import check_id, check_storable, query_text

__all__ = ["TaskQuery"]


def _ids(value: object) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        return tuple(value)
    return value


def _directive_id(value: object) -> str | None:
    return None if value is None else check_id(value, "directive_id")


def _lead_unit(value: object) -> str | None:
    return None if value is None else check_id(value, "lead_unit")


def _unit(value: object) -> str | None:
    return None if value is None else check_id(value, "unit")


def _parent_id(value: object) -> str | None:
    return None if value is None else check_id(value, "parent_id")


def _search(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValidationError(f"text must be a str or None, got {value!r}")
    return query_text(value, "text")


def _tag(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(f"tag must be a str or None, got {value!r}")
    if len(value) > MAX_TEXT:
        raise ValidationError(f"tag is {len(value)} characters long; at most {MAX_TEXT}")
    return unicodedata.normalize("NFC", check_storable(value, "tag"))


@attrs.frozen(kw_only=True)
class TaskQuery:
    """
    Filters for :meth:`Store.get_tasks`; every given filter must match (AND).

    Args:
        ids: only these task ids (each normalised to NFC).
        directive_id: tasks of this directive.
        lead_unit: tasks whose *stored* lead unit is this code (the lead at assignment;
            transfers are events, see ``lifecycle``) — unless *lead_unit_on* is given.
        lead_unit_on: with *lead_unit*: tasks whose lead unit **on this date** is that
            code — after the transfers recorded up to the date (those of a
            reorganisation included), and mapped through the store's registered
            successions effective by then (a task still led by a unit merged into
            *lead_unit* counts under it).  Read from the status timelines; tasks not yet
            assigned on the date do not match.  Without it, *lead_unit* is the lead at
            assignment, a trap after the 2025 mergers.
        unit: tasks where this code is the lead or a coordinating unit.
        parent_id: children of this task.
        due_from: original due date on or after this date (tasks without a due date
            never match a due filter).
        due_to: original due date on or before this date.
        text: diacritic- and case-insensitive substring of the content; at most 200
            characters (``MAX_QUERY_TEXT``), checked before anything else.
        tag: tasks carrying this tag.
        limit: at most this many tasks (after sorting by id).

    Raises:
        ValidationError: a bad id, an empty due range, a negative limit, a search text
            over 200 characters, or a lone surrogate in any text.
        InvalidTypeError: a filter of the wrong type.

    .. versionadded:: 0.1.0
    """

    ids: tuple[str, ...] | None = attrs.field(default=None, converter=_ids)
    directive_id: str | None = attrs.field(default=None,
                                           converter=_directive_id)
    lead_unit: str | None = attrs.field(default=None, converter=_lead_unit)
    unit: str | None = attrs.field(default=None, converter=_unit)
    parent_id: str | None = attrs.field(default=None, converter=_parent_id)
    due_from: date | None = attrs.field(default=None, validator=is_optional_date)
    due_to: date | None = attrs.field(default=None, validator=is_optional_date)
    text: str | None = attrs.field(default=None, converter=_search)
    tag: str | None = attrs.field(default=None, converter=_tag)
    limit: int | None = attrs.field(default=None)
    lead_unit_on: date | None = attrs.field(default=None, validator=is_optional_date)

    def __attrs_post_init__(self) -> None:
        if self.ids is not None:
            if not isinstance(self.ids, tuple):
                raise ValidationError(f"ids must be a sequence of task ids, got {self.ids!r}")
            # Normalised at the boundary: an NFD-typed id finds the NFC-stored task.
            object.__setattr__(self, "ids", tuple(check_id(i, "ids") for i in self.ids))
        if self.limit is not None and (isinstance(self.limit, bool)
                                       or not isinstance(self.limit, int) or self.limit < 0):
            raise ValidationError(f"limit must be a non-negative int, got {self.limit!r}")
        if self.lead_unit_on is not None and self.lead_unit is None:
            raise ValidationError("lead_unit_on needs lead_unit: the unit that leads the "
                                  "tasks on that date", param_name="lead_unit_on")
        if self.due_from and self.due_to and self.due_to < self.due_from:
            raise ValidationError(
                f"due_to {self.due_to} is before due_from {self.due_from}; the range is "
                "inclusive of both ends and must not be empty")
