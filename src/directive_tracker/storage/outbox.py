# SPDX-License-Identifier: MIT
"""
The outbox value types: messages the library must deliver exactly once.

They live in their own module (not in :mod:`~directive_tracker.storage.base`) so that the
record codec can use them without importing the :class:`~directive_tracker.storage.Store`
interface: the storage modules import each other in one direction only
(``_checks`` <- ``outbox``/``query`` <- ``_codec`` <- ``_jsonl`` <- ``base`` <- backends).
``directive_tracker.storage.base`` and ``directive_tracker.storage`` re-export both names.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

import attrs

from .._serialization import json_safe
from .._validators import check_int, instance_of, is_aware_datetime, to_nfc, to_vn_time
from ..exceptions import ValidationError

__all__ = ["OutboxItem", "OutboxStatus", "outbox_sort_key"]


def _payload(value: object) -> Any:
    """attrs converter: the payload's JSON-safe, NFC copy (what every store keeps), so an
    item equals its stored and exported round trip; a payload that is not JSON-safe is
    passed through unchanged and refused by the store (``check_outbox_item``)."""
    if isinstance(value, dict):
        try:
            return json_safe(value)
        except ValidationError:
            return value
    return value


#: The longest outbox key, key prefix or key-range bound, in characters (checked before
#: any work; a reminder's key is far shorter).
MAX_KEY_LENGTH = 1000
#: The most delivery attempts an outbox item may record (SQLite's INTEGER is 64-bit; a
#: sender gives up long before).
MAX_ATTEMPTS = 2**31 - 1


def _attempts(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_int(value, attribute.name, minimum=0, maximum=MAX_ATTEMPTS)


def _text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise ValidationError(f"{attribute.name} must be a str or None, got {value!r}")


class OutboxStatus(enum.Enum):
    """
    Delivery state of an outbox item (reminders and other messages to send).

    .. versionadded:: 0.1.0
    """

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    #: Taken by one sender (:meth:`Store.claim_outbox_items`) until its lease ends.
    CLAIMED = "claimed"


@attrs.frozen(kw_only=True)
class OutboxItem:
    """
    A message the library must deliver exactly once, keyed for idempotency.

    Args:
        key: idempotency key (e.g. ``"reminder:T1:2026-05-04:before_due_2:SNV"``).
        created_at: when it was first recorded (aware).
        payload: JSON-safe dict describing the message.
        status: :class:`OutboxStatus`.
        attempts: delivery attempts so far.
        last_error: the last failure message, if any.
        sent_at: when it was delivered, if it was.
        claimed_by: the sender that claimed it last (:meth:`Store.claim_outbox_items`),
            if any; kept after it finished, so a FAILED item says who failed it.
        lease_until: while CLAIMED, the instant the claim expires (another sender may
            claim it after that); None otherwise.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``claimed_by``, ``lease_until`` and :attr:`OutboxStatus.CLAIMED`.
    """

    key: str = attrs.field(converter=to_nfc, validator=_text)
    created_at: datetime = attrs.field(converter=to_vn_time, validator=is_aware_datetime)
    payload: dict[str, Any] = attrs.field(factory=dict, converter=_payload)
    status: OutboxStatus = attrs.field(default=OutboxStatus.PENDING,
                                       validator=instance_of(OutboxStatus))
    attempts: int = attrs.field(default=0, validator=_attempts)
    last_error: str | None = None
    sent_at: datetime | None = attrs.field(default=None, converter=to_vn_time)
    claimed_by: str | None = attrs.field(default=None, validator=_text)
    lease_until: datetime | None = attrs.field(default=None, converter=to_vn_time)


def outbox_sort_key(created_at: datetime) -> str:
    """
    Return a fixed-width UTC string that sorts like *created_at* (for SQL columns).

    ``YYYY-MM-DDTHH:MM:SS.ffffff`` in UTC with the year zero-padded to four digits, so
    that years before 1000 sort before later ones as text (``strftime("%Y")`` does not
    pad them on every platform).  An instant whose UTC year would be 0 (e.g.
    ``0001-01-01T00:00+07:00``) is clamped to ``0000-…``, still before every other key.

    .. versionadded:: 0.2.0
    """
    try:
        u = created_at.astimezone(UTC)
    except OverflowError:
        return "0000-00-00T00:00:00.000000"
    return (f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:"
            f"{u.second:02d}.{u.microsecond:06d}")
