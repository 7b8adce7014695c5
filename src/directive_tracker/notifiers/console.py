# SPDX-License-Identifier: MIT
"""
:class:`ConsoleNotifier`: write each message to a text stream.

.. versionadded:: 0.2.0
   Split out of ``notifiers.py``.
"""

from __future__ import annotations

import sys
from typing import TextIO

from .._controls import visible_controls
from ..exceptions import NotificationError
from .base import Message, Notifier, _check_message, _format

__all__ = ["ConsoleNotifier"]


class ConsoleNotifier(Notifier):
    """
    Write each message as text to a stream.

    Control characters of the text (an ESC sequence in a task's content or a unit
    name) are written as visible symbols (``␛``), line breaks and tabs kept, so a
    message cannot drive the terminal.

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
            stream.write(visible_controls(_format(message), keep="\n\t") + "\n")
            stream.flush()
        except (OSError, ValueError) as exc:  # ValueError: write to a closed file
            raise NotificationError(f"cannot write reminder {message.key!r} to the stream: "
                                    f"{exc}", key=message.key) from exc
