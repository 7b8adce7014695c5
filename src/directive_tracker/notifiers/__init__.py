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
* :class:`MemoryNotifier` keeps messages in a list (for tests and dry runs);
* :class:`WebhookNotifier` POSTs each message as JSON signed with HMAC-SHA256 to an
  HTTP(S) endpoint (a province's Zalo, SMS or Telegram gateway), stdlib only.

A notifier may offer :meth:`Notifier.session`, entered once per reminder run (the
e-mail notifier keeps one SMTP connection for the run).

Layout: the port (:class:`Notifier`, :class:`Message`, :class:`RecipientLevel`) is in
:mod:`directive_tracker.notifiers.base`; each implementation has its own module
(``console``, ``log``, ``memory``, ``email``, ``webhook``).  :class:`EmailNotifier` and
:class:`WebhookNotifier` are loaded on first access, so importing this package does not
import :mod:`smtplib`, :mod:`ssl` or ``urllib.request``.

.. versionadded:: 0.1.0
.. versionchanged:: 0.2.0
   A package (was one module); every name is still importable from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Message, Notifier, RecipientLevel
from .console import ConsoleNotifier
from .log import LogNotifier
from .memory import MemoryNotifier

if TYPE_CHECKING:
    from .email import EmailNotifier
    from .webhook import WebhookNotifier

__all__ = [
    "ConsoleNotifier",
    "EmailNotifier",
    "LogNotifier",
    "MemoryNotifier",
    "Message",
    "Notifier",
    "RecipientLevel",
    "WebhookNotifier",
]


def __getattr__(name: str) -> Any:
    # PEP 562: EmailNotifier (and with it the e-mail modules) loads on first access.
    if name == "EmailNotifier":
        from .email import EmailNotifier

        return EmailNotifier
    if name == "WebhookNotifier":
        from .webhook import WebhookNotifier

        return WebhookNotifier
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
