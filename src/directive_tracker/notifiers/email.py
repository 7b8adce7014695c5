# SPDX-License-Identifier: MIT
"""
:class:`EmailNotifier`: send each message as a UTF-8 e-mail through SMTP (stdlib only).

:mod:`smtplib` and :mod:`ssl` are imported when a message is sent, not when this
module (or the ``directive_tracker`` package) is imported.

.. versionadded:: 0.2.0
   Split out of ``notifiers.py``.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .._validators import check_int, check_str
from ..exceptions import InvalidTypeError, NotificationError, ValidationError
from .base import Message, Notifier, _check_message

if TYPE_CHECKING:
    import smtplib
    import ssl

__all__ = ["EmailNotifier"]


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
        import smtplib
        import ssl

        if self.use_ssl:
            ctx = self.ssl_context or ssl.create_default_context()
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=ctx)
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)

    @staticmethod
    def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
        """Log in; UTF-8 credentials use AUTH PLAIN (RFC 4616), which smtplib cannot."""
        import smtplib

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
        import smtplib
        import ssl

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
