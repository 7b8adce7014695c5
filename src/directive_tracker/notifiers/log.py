# SPDX-License-Identifier: MIT
"""
:class:`LogNotifier`: log each message through :mod:`logging`.

.. versionadded:: 0.2.0
   Split out of ``notifiers.py``.
"""

from __future__ import annotations

import logging

from .._validators import check_int
from .base import Message, Notifier, _check_message

__all__ = ["LogNotifier"]


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
