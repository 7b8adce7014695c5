# SPDX-License-Identifier: MIT
"""
The notifier port: :class:`Notifier` (what the reminder use case calls), the
:class:`Message` it delivers and the :class:`RecipientLevel` of the escalation ladder.

This module is in the use-case layer and imports no transport: implementations live
beside it (:mod:`~directive_tracker.notifiers.console`, :mod:`~directive_tracker.notifiers.log`,
:mod:`~directive_tracker.notifiers.memory`, :mod:`~directive_tracker.notifiers.email`) or
in a third-party package; they subclass :class:`Notifier`, and the contract tests in
``tests/notifiers/test_contract.py`` check one.

.. versionadded:: 0.2.0
   Split out of ``notifiers.py``; every name stays importable from
   :mod:`directive_tracker.notifiers`.
"""

from __future__ import annotations

import abc
import contextlib
import enum

import attrs

from .._validators import instance_of, is_identifier, is_text, to_nfc
from ..exceptions import InvalidTypeError, ValidationError

__all__ = ["Message", "Notifier", "RecipientLevel"]


class RecipientLevel(enum.Enum):
    """
    Who a reminder is addressed to, from the lead unit up the escalation ladder.

    The order of the members is the ladder: the lead unit, its head, the leadership of
    the office of the provincial People's Committee, the chairman.  Coordinating units
    (phối hợp) are reminded beside the lead, never escalated.

    .. versionadded:: 0.1.0
    """

    LEAD_UNIT = "lead_unit"
    UNIT_HEAD = "unit_head"
    OFFICE_LEADERSHIP = "office_leadership"
    CHAIRMAN = "chairman"
    COORDINATING_UNIT = "coordinating_unit"

    @property
    def label_vi(self) -> str:
        """Vietnamese name of the level."""
        return _LEVEL_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English name of the level."""
        return _LEVEL_LABELS[self][1]


_LEVEL_LABELS = {
    RecipientLevel.LEAD_UNIT: ("Đơn vị chủ trì", "Lead unit"),
    RecipientLevel.UNIT_HEAD: ("Thủ trưởng đơn vị chủ trì", "Head of the lead unit"),
    RecipientLevel.OFFICE_LEADERSHIP: ("Lãnh đạo Văn phòng UBND tỉnh",
                                       "Leadership of the Provincial People's Committee Office"),
    RecipientLevel.CHAIRMAN: ("Chủ tịch UBND tỉnh",
                              "Chairman of the Provincial People's Committee"),
    RecipientLevel.COORDINATING_UNIT: ("Đơn vị phối hợp", "Coordinating unit"),
}


@attrs.frozen(kw_only=True)
class Message:
    """
    One message to deliver (built from a reminder's outbox record).

    Args:
        key: the outbox idempotency key (stable; usable as a Message-ID seed).
        recipient: code of the recipient (a unit code, or the office's or chairman's
            recipient code).
        recipient_name: display name, e.g. ``"Sở Nội vụ"``.
        level: the :class:`RecipientLevel`.
        subject: one-line subject (NFC).
        body: the full text (NFC), usually Vietnamese then English.
        task_id: the task the message is about, if any.

    Raises:
        ValidationError: an empty key, recipient, subject or body.
        InvalidTypeError: a field of the wrong type.

    .. versionadded:: 0.1.0
    """

    key: str = attrs.field(converter=to_nfc, validator=is_text)
    recipient: str = attrs.field(converter=to_nfc, validator=is_identifier)
    recipient_name: str = attrs.field(converter=to_nfc, validator=is_text)
    level: RecipientLevel = attrs.field(validator=instance_of(RecipientLevel))
    subject: str = attrs.field(converter=to_nfc, validator=is_text)
    body: str = attrs.field(converter=to_nfc, validator=is_text)
    task_id: str | None = attrs.field(default=None, converter=to_nfc)

    def __attrs_post_init__(self) -> None:
        if any(ch in self.subject for ch in "\r\n"):
            raise ValidationError("a message subject must be one line (no CR or LF)",
                                  key=self.key)


class Notifier(abc.ABC):
    """
    Delivers messages; the contract every notifier follows.

    .. versionadded:: 0.1.0
    """

    @abc.abstractmethod
    def send(self, message: Message) -> None:
        """
        Deliver *message* or raise.

        Args:
            message: the :class:`Message` to deliver.

        Raises:
            NotificationError: the message could not be delivered (the caller records
                the error and retries later).  Implementations translate their
                transport errors into it with ``raise ... from``.

        .. versionadded:: 0.1.0
        """

    def session(self) -> contextlib.AbstractContextManager[object]:
        """
        Return a context manager around one batch of :meth:`send` calls (optional hook).

        :func:`~directive_tracker.reminders.send_reminders` enters it once per run and
        sends every message inside it, so a notifier can hold one connection for the
        whole run (:class:`~directive_tracker.notifiers.EmailNotifier` keeps one SMTP
        session).  The default does nothing.  Implementations open resources lazily
        (at the first send), so a run with nothing to deliver connects nowhere, and
        must not raise from ``__exit__`` for a failure a message already reported.

        .. versionadded:: 0.2.0
        """
        return contextlib.nullcontext()


def _check_message(message: object) -> Message:
    if not isinstance(message, Message):
        raise InvalidTypeError("message", message, "a directive_tracker.notifiers.Message")
    return message


def _format(message: Message) -> str:
    return (f"[{message.level.value}] {message.recipient_name} ({message.recipient})\n"
            f"{message.subject}\n{message.body}\n")
