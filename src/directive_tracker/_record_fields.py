# SPDX-License-Identifier: MIT
"""
The field data of each public value type, as JSON-safe dicts and back.

Shared by :mod:`directive_tracker.records` (the public records, which add the record
kind and version) and the storage codec, so that a record and a stored row have one
layout.  It sits below the storage port: it imports value types only (the outbox item
from :mod:`directive_tracker.storage.outbox`), never a use case or a backend.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from typing import Any

from ._serialization import build, encoder, iso_datetime, json_safe, record_to_kwargs
from .deadlines import rule_from_dict
from .directives import Directive
from .documents import DocumentNumber
from .events import TaskEvent
from .exceptions import ValidationError
from .storage.outbox import OutboxItem
from .tasks import Task
from .units import Succession, Unit

__all__ = [
    "directive_data", "directive_from_data", "document_number_data",
    "document_number_from_data", "event_data", "outbox_data", "outbox_from_data",
    "succession_data", "succession_from_data", "task_data", "task_from_data", "unit_data",
    "unit_from_data",
]


def unit_data(unit: Unit) -> dict[str, Any]:
    """Return the fields of *unit* as JSON-safe data."""
    return encoder(Unit)(unit)


def unit_from_data(data: dict[str, Any]) -> Unit:
    """Rebuild a :class:`Unit` from :func:`unit_data` output, validating it."""
    return build(Unit, record_to_kwargs(Unit, data))


def succession_data(succession: Succession) -> dict[str, Any]:
    """Return the fields of *succession* as JSON-safe data."""
    return encoder(Succession)(succession)


def succession_from_data(data: dict[str, Any]) -> Succession:
    """Rebuild a :class:`Succession`, validating it."""
    return build(Succession, record_to_kwargs(Succession, data))


def document_number_data(number: DocumentNumber) -> dict[str, Any]:
    """Return the structured fields of *number* as JSON-safe data."""
    return encoder(DocumentNumber)(number)


def document_number_from_data(data: dict[str, Any]) -> DocumentNumber:
    """Rebuild a :class:`DocumentNumber`, validating it."""
    return build(DocumentNumber, record_to_kwargs(DocumentNumber, data))


def directive_data(directive: Directive) -> dict[str, Any]:
    """Return the fields of *directive* (the number as its structured fields)."""
    return encoder(Directive)(directive)


def directive_from_data(data: dict[str, Any]) -> Directive:
    """Rebuild a :class:`Directive`, validating it."""
    return build(Directive, record_to_kwargs(Directive, data))


def task_data(task: Task) -> dict[str, Any]:
    """Return the fields of *task*; the deadline rule as ``rule.to_dict()``."""
    data = encoder(Task, ("deadline",))(task)
    data["deadline"] = task.deadline.to_dict()  # JSON-safe by DeadlineRule's contract
    return data


def task_from_data(data: dict[str, Any]) -> Task:
    """Rebuild a :class:`Task`; the deadline with ``rule_from_dict``; validating all."""
    kwargs = record_to_kwargs(Task, data, skip=("deadline",))
    if "deadline" not in data:
        raise ValidationError("Task record has no 'deadline'")
    kwargs["deadline"] = rule_from_dict(data["deadline"])
    return build(Task, kwargs)


def event_data(event: TaskEvent) -> dict[str, Any]:
    """Return ``{"kind": event.kind, **fields}`` (as ``event_to_dict``; ``occurrence``
    last and only when set)."""
    if not isinstance(event, TaskEvent):
        raise ValidationError(f"expected a TaskEvent, got {event!r}")
    data: dict[str, Any] = {"kind": event.kind}
    data.update(encoder(type(event), ("occurrence",))(event))
    if event.occurrence is not None:  # left out when None: 0.1 records are unchanged
        data["occurrence"] = event.occurrence
    return data


def outbox_data(item: OutboxItem) -> dict[str, Any]:
    """Return the fields of an outbox *item* (payload deep-copied, JSON-safe, NFC)."""
    return {
        "key": item.key,
        "created_at": iso_datetime(item.created_at),
        "payload": json_safe(item.payload),
        "status": item.status.value,
        "attempts": item.attempts,
        "last_error": item.last_error,
        "sent_at": iso_datetime(item.sent_at) if item.sent_at is not None else None,
        # The claim fields only when set: records of unclaimed items stay as in 0.1.
        **({"claimed_by": item.claimed_by} if item.claimed_by is not None else {}),
        **({"lease_until": iso_datetime(item.lease_until)}
           if item.lease_until is not None else {}),
    }


def outbox_from_data(data: dict[str, Any]) -> OutboxItem:
    """Rebuild an :class:`OutboxItem`, validating it (its payload too: a record whose
    payload no store would keep is refused here, not when it is written back)."""
    item = build(OutboxItem, record_to_kwargs(OutboxItem, data))
    if not isinstance(item.payload, dict):
        raise ValidationError(f"payload must be a JSON object, got {item.payload!r:.80}")
    json_safe(item.payload)
    return item
