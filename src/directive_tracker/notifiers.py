# SPDX-License-Identifier: MIT
"""
Notifiers: how a reminder (đôn đốc) reaches its recipient.

A :class:`Notifier` delivers one :class:`Message` or raises
:class:`~directive_tracker.exceptions.NotificationError`.  The reminder service
(:func:`directive_tracker.reminders.send_reminders`) records every message in the
store's outbox *before* calling a notifier, marks it sent or failed afterwards, and
retries failed messages on the next run, so a notifier never needs its own bookkeeping.

Built-ins:

* :class:`ConsoleNotifier` writes each message to a text stream (``sys.stdout`` by
  default);
* :class:`LogNotifier` logs each message through :mod:`logging`;
* :class:`EmailNotifier` sends e-mail with the standard library (:mod:`smtplib` and
  :class:`email.message.EmailMessage`), UTF-8 subject and body, an address book from
  recipient codes to e-mail addresses, and optional STARTTLS and login;
* :class:`MemoryNotifier` keeps messages in a list (for tests and dry runs).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import abc
import base64
import enum
import hashlib
import logging
import smtplib
import ssl
import sys
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from types import MappingProxyType
from typing import Any, TextIO

import attrs

from ._validators import check_int, check_str, instance_of, is_identifier, is_text, to_nfc
from .exceptions import InvalidTypeError, NotificationError, ValidationError

__all__ = [
    "ConsoleNotifier",
    "EmailNotifier",
    "LogNotifier",
    "MemoryNotifier",
    "Message",
    "Notifier",
    "RecipientLevel",
]


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


def _check_message(message: object) -> Message:
    if not isinstance(message, Message):
        raise InvalidTypeError("message", message, "a directive_tracker.notifiers.Message")
    return message


def _format(message: Message) -> str:
    return (f"[{message.level.value}] {message.recipient_name} ({message.recipient})\n"
            f"{message.subject}\n{message.body}\n")


class ConsoleNotifier(Notifier):
    """
    Write each message as text to a stream.

    Args:
        stream: a text stream; ``None`` means ``sys.stdout`` at the time of sending.

    .. versionadded:: 0.1.0
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream

    def send(self, message: Message) -> None:
        """
        Write *message* followed by a blank line; raise NotificationError on I/O errors.

        .. versionadded:: 0.1.0
        """
        message = _check_message(message)
        stream = self._stream if self._stream is not None else sys.stdout
        try:
            stream.write(_format(message) + "\n")
            stream.flush()
        except (OSError, ValueError) as exc:  # ValueError: write to a closed file
            raise NotificationError(f"cannot write reminder {message.key!r} to the stream: "
                                    f"{exc}", key=message.key) from exc


class LogNotifier(Notifier):
    """
    Log each message through :mod:`logging`.

    Args:
        logger: the logger (default ``logging.getLogger("directive_tracker.reminders")``).
        level: the logging level (default ``logging.INFO``).

    .. versionadded:: 0.1.0
    """

    def __init__(self, logger: logging.Logger | None = None, level: int = logging.INFO) -> None:
        self._logger = logger if logger is not None else logging.getLogger(
            "directive_tracker.reminders")
        self._level = check_int(level, "level", minimum=0)

    def send(self, message: Message) -> None:
        """
        Log *message* (subject, recipient and body) at the configured level.

        .. versionadded:: 0.1.0
        """
        message = _check_message(message)
        self._logger.log(self._level, "reminder %s to %s (%s): %s\n%s", message.key,
                         message.recipient, message.level.value, message.subject,
                         message.body)


class MemoryNotifier(Notifier):
    """
    Keep delivered messages in :attr:`sent` (tests, dry runs, previews).

    Args:
        fail_for: recipient codes whose messages fail with NotificationError (to
            exercise retries).

    .. versionadded:: 0.1.0
    """

    def __init__(self, *, fail_for: Sequence[str] = ()) -> None:
        self.sent: list[Message] = []
        self.fail_for = set(fail_for)

    def send(self, message: Message) -> None:
        """
        Append *message* to :attr:`sent`, or raise for a recipient in ``fail_for``.

        .. versionadded:: 0.1.0
        """
        message = _check_message(message)
        if message.recipient in self.fail_for:
            raise NotificationError(f"simulated failure for recipient {message.recipient!r}",
                                    key=message.key)
        self.sent.append(message)


def _addresses(value: object) -> Mapping[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise InvalidTypeError("addresses", value, "a mapping of recipient code to address(es)")
    book: dict[str, tuple[str, ...]] = {}
    for code, addr in value.items():
        key = check_str(code, "addresses key")
        items = (addr,) if isinstance(addr, str) else addr
        if not isinstance(items, (list, tuple)) or not items:
            raise ValidationError(f"addresses[{key!r}] must be an e-mail address or a "
                                  f"non-empty list of them, got {addr!r}")
        checked = []
        for a in items:
            a = check_str(a, f"addresses[{key!r}]")
            if "@" not in a or any(ch.isspace() or ch in "<>,;" for ch in a):
                raise ValidationError(f"addresses[{key!r}]: {a!r} is not a plain e-mail "
                                      "address (local@domain, no spaces or brackets)")
            checked.append(a)
        book[key] = tuple(checked)
    return MappingProxyType(book)


class EmailNotifier(Notifier):
    """
    Send each message as a UTF-8 e-mail through an SMTP server (stdlib only).

    The address book maps recipient codes to addresses.  For a message to
    ``recipient`` at ``level``, the key ``"<recipient>/<level.value>"`` is tried first
    (e.g. ``"SNV/unit_head"`` for the director of Sở Nội vụ), then ``"<recipient>"``.
    A recipient with no address fails with :class:`NotificationError` (recorded and
    retried once the book is fixed), so no reminder is silently dropped.

    Args:
        host: SMTP server host name.
        port: SMTP port (25, 587 for submission with STARTTLS, 465 with ``use_ssl``).
        sender: the From address, e.g. ``"vanphong@example.gov.vn"``.
        addresses: recipient code (or ``code/level``) → address or list of addresses.
        sender_name: display name of the sender (default "Văn phòng UBND tỉnh").
        starttls: upgrade the connection with STARTTLS before sending.
        use_ssl: connect with implicit TLS (SMTPS, port 465) instead.
        username, password: log in (after STARTTLS if enabled) when both are given.
        timeout: socket timeout in seconds.
        ssl_context: TLS context (default :func:`ssl.create_default_context`).

    Raises:
        ValidationError: a bad address, port, or inconsistent options.
        InvalidTypeError: an argument of the wrong type.

    .. versionadded:: 0.1.0
    """

    def __init__(self, *, host: str, port: int = 25, sender: str,
                 addresses: Mapping[str, str | Sequence[str]],
                 sender_name: str = "Văn phòng UBND tỉnh", starttls: bool = False,
                 use_ssl: bool = False, username: str | None = None,
                 password: str | None = None, timeout: float = 30.0,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self.host = check_str(host, "host")
        self.port = check_int(port, "port", minimum=1, maximum=65535)
        self.sender = _addresses({"sender": sender})["sender"][0]
        self.sender_name = check_str(sender_name, "sender_name")
        self.addresses = _addresses(addresses)
        for flag, name in ((starttls, "starttls"), (use_ssl, "use_ssl")):
            if not isinstance(flag, bool):
                raise InvalidTypeError(name, flag, "a bool")
        if starttls and use_ssl:
            raise ValidationError("choose starttls (upgrade a plain connection) or use_ssl "
                                  "(implicit TLS), not both")
        if (username is None) != (password is None):
            raise ValidationError("give both username and password to log in, or neither")
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
            raise ValidationError(f"timeout must be a positive number of seconds, got "
                                  f"{timeout!r}")
        self.starttls = starttls
        self.use_ssl = use_ssl
        self.username = None if username is None else check_str(username, "username")
        self._password = password
        self.timeout = float(timeout)
        self.ssl_context = ssl_context

    def addresses_for(self, message: Message) -> tuple[str, ...]:
        """
        Return the addresses *message* goes to.

        Raises:
            NotificationError: no address is known for the recipient.

        .. versionadded:: 0.1.0
        """
        message = _check_message(message)
        for key in (f"{message.recipient}/{message.level.value}", message.recipient):
            if key in self.addresses:
                return self.addresses[key]
        raise NotificationError(
            f"no e-mail address for recipient {message.recipient!r} (level "
            f"{message.level.value}); add {message.recipient!r} or "
            f"'{message.recipient}/{message.level.value}' to the address book",
            key=message.key, recipient=message.recipient)

    def build(self, message: Message) -> EmailMessage:
        """
        Return the e-mail for *message* (UTF-8; the subject is RFC 2047-encoded on send).

        The ``Message-ID`` is derived from ``message.key`` (SHA-256), so every attempt to
        deliver one reminder carries the same id.

        .. versionadded:: 0.1.0
        """
        to = self.addresses_for(message)
        mail = EmailMessage()
        mail["Subject"] = message.subject
        mail["From"] = formataddr((self.sender_name, self.sender))
        mail["To"] = ", ".join(to)
        mail["Date"] = formatdate(localtime=False, usegmt=True)
        # The same reminder keeps the same Message-ID on every attempt, so a retry after
        # a delivery whose confirmation was lost is recognised as a duplicate by mail
        # clients instead of arriving twice as two different letters.
        digest = hashlib.sha256(message.key.encode("utf-8")).hexdigest()[:40]
        mail["Message-ID"] = f"<reminder.{digest}@{self.sender.rsplit('@', 1)[1]}>"
        mail["X-Directive-Tracker-Key"] = message.key
        mail.set_content(message.body, charset="utf-8")
        return mail

    def _connect(self) -> smtplib.SMTP:
        if self.use_ssl:
            ctx = self.ssl_context or ssl.create_default_context()
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=ctx)
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)

    @staticmethod
    def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
        """Log in; UTF-8 credentials use AUTH PLAIN (RFC 4616), which smtplib cannot."""
        if (user + password).isascii():
            smtp.login(user, password)
            return
        mechanisms = smtp.esmtp_features.get("auth", "").upper().split()
        if "PLAIN" not in mechanisms:
            raise smtplib.SMTPNotSupportedError(
                "non-ASCII credentials need AUTH PLAIN, which the server does not offer")
        token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode())
        code, resp = smtp.docmd("AUTH", "PLAIN " + token.decode("ascii"))
        if code != 235:
            raise smtplib.SMTPAuthenticationError(code, resp)

    def send(self, message: Message) -> None:
        """
        Send *message* in one SMTP session.

        Raises:
            NotificationError: no address, connection refused or lost, TLS or login
                failure, or a recipient rejected by the server (the SMTP error is
                chained as ``__cause__``).

        .. versionadded:: 0.1.0
        """
        mail = self.build(message)
        try:
            with self._connect() as smtp:
                smtp.ehlo()
                if self.starttls:
                    smtp.starttls(context=self.ssl_context or ssl.create_default_context())
                    smtp.ehlo()
                if self.username is not None and self._password is not None:
                    self._login(smtp, self.username, self._password)
                refused: Any = smtp.send_message(mail)
        except (smtplib.SMTPException, OSError) as exc:
            raise NotificationError(
                f"e-mail for reminder {message.key!r} to {message.recipient!r} via "
                f"{self.host}:{self.port} failed: {type(exc).__name__}: {exc}",
                key=message.key, recipient=message.recipient) from exc
        if refused:
            raise NotificationError(
                f"e-mail for reminder {message.key!r}: the server refused "
                f"{', '.join(sorted(refused))}", key=message.key, recipient=message.recipient)

    def __repr__(self) -> str:
        return (f"EmailNotifier(host={self.host!r}, port={self.port}, sender={self.sender!r}, "
                f"starttls={self.starttls}, use_ssl={self.use_ssl}, "
                f"username={self.username!r})")
