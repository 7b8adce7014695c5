# SPDX-License-Identifier: MIT
"""
:class:`MemoryNotifier`: keep messages in a list (tests, dry runs, previews).

.. versionadded:: 0.2.0
   Split out of ``notifiers.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..exceptions import NotificationError
from .base import Message, Notifier, _check_message

__all__ = ["MemoryNotifier"]


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
