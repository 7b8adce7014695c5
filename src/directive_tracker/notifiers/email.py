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
import contextlib
import hashlib
import ipaddress
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
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

__all__ = ["EmailNotifier", "header_text"]


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


def header_text(text: str) -> str:
    """
    Return *text* made safe for one header value: it can never become structure.

    Line breaks of every kind (CR, LF, U+0085, U+2028, U+2029), other control
    characters and format characters that break lines are replaced by a space, so no
    folding can start a new header or the body; and every ``=?`` gets a zero-width
    space between its two characters, so that no part of the text is an RFC 2047
    encoded word that a parser (Python's :mod:`email` included) would decode into a
    CR LF, a ``Reply-To:`` line or a fake body.  The text still reads the same.

    .. versionadded:: 0.2.0
    """
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        out.append(" " if cat in ("Cc", "Zl", "Zp") else ch)
    return "".join(out).replace("=?", "=\u200b?")


def _is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain") or host.lower().endswith(
            ".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class EmailNotifier(Notifier):
    """
    Send each message as a UTF-8 e-mail through an SMTP server (stdlib only).

    The address book maps recipient codes to addresses.  For a message to
    ``recipient`` at ``level``, the key ``"<recipient>/<level.value>"`` is tried first
    (e.g. ``"SNV/unit_head"`` for the director of Sở Nội vụ), then ``"<recipient>"``.
    A recipient with no address fails with :class:`NotificationError` (recorded and
    retried once the book is fixed), so no reminder is silently dropped.

    Every e-mail carries ``Auto-Submitted: auto-generated`` (RFC 3834), so
    out-of-office replies and other automatic answers are not sent back.  Untrusted text
    in headers (the subject carries task ids) goes through
    :func:`~directive_tracker.notifiers.email.header_text`.

    Within :meth:`session` (which :func:`~directive_tracker.reminders.send_reminders`
    enters once per run) every message goes through one SMTP connection, opened at the
    first message and closed at the end; outside a session each :meth:`send` opens and
    closes its own.

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
        allow_plaintext_login: allow logging in over a connection without TLS (neither
            *starttls* nor *use_ssl*) to a host that is not a loopback address; default
            False, so a password never crosses a network in clear text.

    Raises:
        ValidationError: a bad address, port, or inconsistent options; a login
            (*username*) over a plaintext connection to a non-loopback host without
            ``allow_plaintext_login=True``.
        InvalidTypeError: an argument of the wrong type.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       One SMTP connection per :meth:`session`, ``Auto-Submitted``, no plaintext login
       to a remote host (*allow_plaintext_login*).
    """

    def __init__(self, *, host: str, port: int = 25, sender: str,
                 addresses: Mapping[str, str | Sequence[str]],
                 sender_name: str = "Văn phòng UBND tỉnh", starttls: bool = False,
                 use_ssl: bool = False, username: str | None = None,
                 password: str | None = None, timeout: float = 30.0,
                 ssl_context: ssl.SSLContext | None = None,
                 allow_plaintext_login: bool = False) -> None:
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
        if not isinstance(allow_plaintext_login, bool):
            raise InvalidTypeError("allow_plaintext_login", allow_plaintext_login, "a bool")
        if (username is not None and not (starttls or use_ssl) and not allow_plaintext_login
                and not _is_loopback(self.host)):
            raise ValidationError(
                f"refusing to log in to {self.host} over a plaintext connection: use "
                "starttls=True or use_ssl=True, or pass allow_plaintext_login=True if the "
                "network to the server is trusted", param_name="allow_plaintext_login")
        self.starttls = starttls
        self.use_ssl = use_ssl
        self.allow_plaintext_login = allow_plaintext_login
        self._session: list[smtplib.SMTP | None] | None = None
        #: SMTP connections opened so far (a run in one session opens one).
        self.connections = 0
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
        mail["Subject"] = header_text(message.subject)
        mail["From"] = formataddr((self.sender_name, self.sender))
        mail["To"] = ", ".join(to)
        mail["Date"] = formatdate(localtime=False, usegmt=True)
        # The same reminder keeps the same Message-ID on every attempt, so a retry after
        # a delivery whose confirmation was lost is recognised as a duplicate by mail
        # clients instead of arriving twice as two different letters.
        digest = hashlib.sha256(message.key.encode("utf-8")).hexdigest()[:40]
        mail["Message-ID"] = f"<reminder.{digest}@{self.sender.rsplit('@', 1)[1]}>"
        mail["X-Directive-Tracker-Key"] = header_text(message.key)
        mail["Auto-Submitted"] = "auto-generated"
        mail.set_content(message.body, charset="utf-8")
        return mail

    def _connect(self) -> smtplib.SMTP:
        import smtplib
        import ssl

        self.connections += 1
        smtp: smtplib.SMTP
        if self.use_ssl:
            ctx = self.ssl_context or ssl.create_default_context()
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=ctx)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if self.starttls:
                smtp.starttls(context=self.ssl_context or ssl.create_default_context())
                smtp.ehlo()
            if self.username is not None and self._password is not None:
                self._login(smtp, self.username, self._password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    @staticmethod
    def _quit(smtp: smtplib.SMTP) -> None:
        import smtplib

        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        """
        Send every message of the ``with`` block through one SMTP connection.

        The connection opens at the first :meth:`send` (a run with nothing to send
        connects nowhere), is reused by the next ones, and is closed (QUIT) when the
        block ends.  After a failed message the connection is dropped and the next
        message opens a new one, so one broken connection fails one message only.
        Sessions do not nest and an instance is not meant for concurrent threads.

        .. versionadded:: 0.2.0
        """
        if self._session is not None:
            yield  # already in a session: the outer one owns the connection
            return
        self._session = [None]
        try:
            yield
        finally:
            smtp, self._session = self._session[0], None
            if smtp is not None:
                self._quit(smtp)

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
        Send *message*: through the connection of the current :meth:`session`, or in
        an SMTP connection of its own outside one.

        Raises:
            NotificationError: no address, connection refused or lost, TLS or login
                failure, or a recipient rejected by the server (the SMTP error is
                chained as ``__cause__``).

        .. versionadded:: 0.1.0
        """
        import smtplib

        mail = self.build(message)
        holder = self._session
        try:
            if holder is None:
                with self._connect() as smtp:
                    refused: Any = smtp.send_message(mail)
            else:
                conn = holder[0]
                if conn is None:
                    conn = holder[0] = self._connect()
                try:
                    refused = conn.send_message(mail)
                except smtplib.SMTPRecipientsRefused:
                    raise  # refused at RCPT, the session is reset and still good
                except BaseException:
                    holder[0] = None  # the next message opens a new connection
                    conn.close()
                    raise
        except (smtplib.SMTPException, OSError, ValueError) as exc:
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
