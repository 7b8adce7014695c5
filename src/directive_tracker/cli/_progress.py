# SPDX-License-Identifier: MIT
"""Progress bars and spinners of the command line (drawn on standard error, TTY only)."""

from __future__ import annotations

import sys
import threading
import time
from typing import Final, TextIO

from ..renderers import display_width
from ._i18n import LANG

__all__ = ["Busy", "CountingReader", "Progress"]


class Progress:
    """
    A hand-written progress bar on standard error, silent when the stream is not a terminal.

    Use it as a context manager around a long loop::

        with Progress(total=len(rows), label="import") as bar:
            for row in rows:
                ...
                bar.advance()

    Args:
        total: the number of steps (0 or less: an indeterminate counter).
        label: a short word shown before the bar.
        stream: where to draw (default ``sys.stderr``).
        enabled: force drawing on or off; default: only when *stream* is a TTY.

    .. versionadded:: 0.1.0
    """

    _WIDTH: Final = 30
    _MIN_INTERVAL: Final = 0.1

    def __init__(self, *, total: int, label: str, stream: TextIO | None = None,
                 enabled: bool | None = None) -> None:
        self.total = total
        self.label = label
        self.stream = sys.stderr if stream is None else stream
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.done = 0
        self._last = 0.0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advance(self, steps: int = 1) -> None:
        """Record *steps* more steps done and redraw at most ten times a second."""
        self.done += steps
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last >= self._MIN_INTERVAL or self.done >= self.total > 0:
            self._last = now
            self._draw()

    def _draw(self) -> None:
        if self.total > 0:
            frac = min(1.0, self.done / self.total)
            filled = int(frac * self._WIDTH)
            bar = "█" * filled + "░" * (self._WIDTH - filled)
            text = f"\r{self.label} {bar} {self.done}/{self.total} ({frac:4.0%})"
        else:
            text = f"\r{self.label} {self.done}"
        self.stream.write(text)
        self.stream.flush()

    def close(self) -> None:
        """Draw the final state and end the line (nothing when disabled)."""
        if self.enabled:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()
            self.enabled = False


class Busy:
    """
    An elapsed-time spinner on standard error for one long call, silent when not a TTY.

    For work that reports no steps (a large report is one library call): a background
    thread redraws ``label ⠋ 3.2 s`` ten times a second until the block exits, then
    clears the line.

    Args:
        label: what is being done.
        stream: where to draw (default ``sys.stderr``).
        enabled: force drawing on or off; default: only when *stream* is a TTY.

    .. versionadded:: 0.1.0
    """

    _FRAMES: Final = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"

    def __init__(self, label: str, *, stream: TextIO | None = None,
                 enabled: bool | None = None) -> None:
        self.label = label
        self.stream = sys.stderr if stream is None else stream
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        # The drawing thread does not see the run's language (a context variable): read
        # it here.  Seconds are "1,5 giây" in Vietnamese, "1.5 s" in English.
        self._vi = LANG.get() == "vi"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Busy:
        if self.enabled:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self.stream.write("\r" + " " * (display_width(self.label) + 16) + "\r")
            self.stream.flush()

    def _run(self) -> None:
        start = time.monotonic()
        k = 0
        # Wait a little first: quick work shows nothing at all.
        while not self._stop.wait(0.3 if k == 0 else 0.1):
            frame = self._FRAMES[k % len(self._FRAMES)]
            secs = f"{time.monotonic() - start:.1f}"
            elapsed = f"{secs.replace('.', ',')} giây" if self._vi else f"{secs} s"
            self.stream.write(f"\r{self.label} {frame} {elapsed}")
            self.stream.flush()
            k += 1



class CountingReader:
    """A line reader over a text stream that advances a progress bar per line read."""

    def __init__(self, inner: TextIO, bar: Progress) -> None:
        self._inner = inner
        self._bar = bar

    def readline(self, size: int | None = -1, /) -> str:
        """Read one line and advance the bar."""
        line = self._inner.readline(-1 if size is None else size)
        if line:
            self._bar.advance()
        return line

    def __iter__(self) -> CountingReader:
        return self

    def __next__(self) -> str:
        line = self.readline()
        if not line:
            raise StopIteration
        return line
