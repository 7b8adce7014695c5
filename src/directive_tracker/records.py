# SPDX-License-Identifier: MIT
"""
Public records: every public value type as plain JSON-safe data and back.

:func:`to_dict` turns a :class:`~directive_tracker.units.Unit`,
:class:`~directive_tracker.units.Succession`,
:class:`~directive_tracker.documents.DocumentNumber`,
:class:`~directive_tracker.directives.Directive`, :class:`~directive_tracker.tasks.Task`,
any :class:`~directive_tracker.deadlines.DeadlineRule`, any task event,
an :class:`~directive_tracker.storage.OutboxItem` or a
:class:`~directive_tracker.reminders.Reminder` into a dict that :func:`json.dumps` accepts;
:func:`from_dict` rebuilds an equal object (``from_dict(to_dict(x)) == x``).

Conventions:

* the first two keys are ``"record"`` (the kind, one of :data:`RECORD_KINDS`) and
  ``"record_version"`` (:data:`RECORD_VERSION`); then the object's fields by name;
* dates are ISO ``YYYY-MM-DD``; datetimes ISO 8601 with their UTC offset (the library
  keeps them in Asia/Ho_Chi_Minh, ``+07:00``); enums by value; tuples as arrays;
  ``None`` as ``null``; text NFC;
* a deadline rule is ``rule.to_dict()`` (its ``"kind"`` names the rule class, e.g.
  ``"end_of_period"``, and ``"period"`` the period); an event has its ``"kind"``
  (``"assigned"``, ``"completed"``, …);
* each kind has a JSON Schema (:mod:`directive_tracker.schemas`); :func:`from_dict`
  checks the document against it before building the object.

The storage backends and the JSON-lines export store the same fields (without the two
``record`` keys), through the same functions.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from .deadlines import DeadlineRule, rule_from_dict
from .directives import Directive
from .documents import DocumentNumber
from .events import TaskEvent, event_from_dict
from .exceptions import InvalidTypeError, ValidationError
from .storage.outbox import OutboxItem
from .tasks import Task
from .units import Succession, Unit

if TYPE_CHECKING:
    from .reminders import Reminder

__all__ = ["RECORD_KINDS", "RECORD_VERSION", "from_dict", "record_kind", "to_dict"]

#: The version of the record layout written by :func:`to_dict`.
RECORD_VERSION = 1

#: Every record kind; the schema of kind ``k`` is named ``k.replace("_", "-")``.
RECORD_KINDS: tuple[str, ...] = (
    "unit", "succession", "document_number", "directive", "task", "deadline_rule", "event",
    "outbox_item", "reminder")


# -- the field data of each kind (shared with the storage codec) -----------------------

from ._record_fields import (  # noqa: E402  (re-exported: the layout of each kind)
    directive_data,
    directive_from_data,
    document_number_data,
    document_number_from_data,
    event_data,
    outbox_data,
    outbox_from_data,
    succession_data,
    succession_from_data,
    task_data,
    task_from_data,
    unit_data,
    unit_from_data,
)


def _reminder_data(reminder: Reminder) -> dict[str, Any]:
    return reminder.to_payload()


def _reminder_from_data(data: dict[str, Any]) -> Reminder:
    from .reminders import Reminder

    return Reminder.from_payload(data)


def _rule_data(rule: DeadlineRule) -> dict[str, Any]:
    return rule.to_dict()


# -- public API --------------------------------------------------------------------------

_FROM: dict[str, Callable[[dict[str, Any]], Any]] = {
    "unit": unit_from_data, "succession": succession_from_data,
    "document_number": document_number_from_data, "directive": directive_from_data,
    "task": task_from_data, "deadline_rule": rule_from_dict, "event": event_from_dict,
    "outbox_item": outbox_from_data, "reminder": _reminder_from_data,
}


def record_kind(obj: object) -> str:
    """
    Return the record kind of *obj* (one of :data:`RECORD_KINDS`).

    Raises:
        InvalidTypeError: *obj* is not one of the public value types.

    .. versionadded:: 0.2.0
    """
    kind = _kind_and_encoder(obj)[0]
    return kind


def _kind_and_encoder(obj: object) -> tuple[str, Callable[[Any], dict[str, Any]]]:
    from .reminders import Reminder

    table: tuple[tuple[type, str, Callable[[Any], dict[str, Any]]], ...] = (
        (Task, "task", task_data), (TaskEvent, "event", event_data),
        (Directive, "directive", directive_data), (Unit, "unit", unit_data),
        (Succession, "succession", succession_data),
        (DocumentNumber, "document_number", document_number_data),
        (DeadlineRule, "deadline_rule", _rule_data), (OutboxItem, "outbox_item", outbox_data),
        (Reminder, "reminder", _reminder_data))
    for cls, kind, enc in table:
        if isinstance(obj, cls):
            return kind, enc
    raise InvalidTypeError(
        "obj", obj, "a Unit, Succession, DocumentNumber, Directive, Task, DeadlineRule, "
        "TaskEvent, OutboxItem or Reminder")


def to_dict(obj: object) -> dict[str, Any]:
    """
    Return the versioned, JSON-safe record of *obj*.

    ``{"record": kind, "record_version": 1, ...fields}``; see the module docstring for the
    conventions.  ``from_dict(to_dict(obj)) == obj`` for every public value type.

    Raises:
        InvalidTypeError: *obj* is not a public value type (see :func:`record_kind`).
        ValidationError: an outbox item's payload holds something JSON cannot.

    .. versionadded:: 0.2.0
    """
    kind, enc = _kind_and_encoder(obj)
    out: dict[str, Any] = {"record": kind, "record_version": RECORD_VERSION}
    out.update(enc(obj))
    return out


def from_dict(data: Mapping[str, Any], *, kind: str | None = None) -> Any:
    """
    Rebuild the object a :func:`to_dict` record describes, validating it.

    Args:
        data: a record (e.g. parsed from JSON).  ``"record"`` and ``"record_version"`` may
            be left out when *kind* is given.
        kind: the expected record kind; None reads it from ``data["record"]``.

    Returns:
        The equal object: a Unit, Succession, DocumentNumber, Directive, Task,
        DeadlineRule, TaskEvent, OutboxItem or Reminder.

    Raises:
        ValidationError: *data* is not a mapping; the kind is missing, unknown or not
            *kind*; ``record_version`` is not :data:`RECORD_VERSION`; the record violates
            its JSON Schema (``schema_path`` and ``instance_path`` name the schema keyword
            and the value); or the values break the type's own rules (dates in order,
            one lead unit…), with the type's own error (e.g.
            :class:`~directive_tracker.exceptions.InvalidDeadlineError`).

    .. versionadded:: 0.2.0
    """
    from . import schemas

    if not isinstance(data, Mapping):
        raise ValidationError(f"a record must be a mapping, got {type(data).__name__}",
                              value=data)
    stated = data.get("record")
    if kind is None:
        kind = stated
    elif kind not in RECORD_KINDS:
        raise ValidationError(f"unknown record kind {kind!r}; known: {', '.join(RECORD_KINDS)}",
                              value=kind)
    if not isinstance(kind, str) or kind not in RECORD_KINDS:
        raise ValidationError(
            f"the record kind {kind!r} is not one of {', '.join(RECORD_KINDS)}; set "
            "\"record\" or pass kind=", value=kind)
    if stated is not None and stated != kind:
        raise ValidationError(f"expected a {kind} record, got a {stated!r} record",
                              value=stated)
    version = data.get("record_version", RECORD_VERSION)
    if version != RECORD_VERSION or isinstance(version, bool):
        raise ValidationError(
            f"record_version {version!r} is not supported; this library reads version "
            f"{RECORD_VERSION}", value=version)
    body = dict(data)
    schemas.validate(body, kind.replace("_", "-"))
    body.pop("record", None)
    body.pop("record_version", None)
    return _FROM[kind](body)
