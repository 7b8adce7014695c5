# SPDX-License-Identifier: MIT
"""
Pause Python's cyclic garbage collector while a call builds very many objects.

``reminders_due`` for one day of a province of 1,000,000 tasks builds some 1.5 million
reminders: the collector, triggered every few hundred allocations and ever more often on
the growing set of young objects, took 23 s of its 61 s (measured with and without
``gc.disable()``), while none of those objects is part of a reference cycle.  Reference
counting still frees everything as usual; only the search for cycles waits until the
call returns.

The pause is process-wide and shared: the first caller to enter turns the collector off
(only if it was on), the last to leave turns it back on, whatever the threads do in
between; a program that turned the collector off itself keeps it off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]

_lock = threading.Lock()
_depth = 0
_we_disabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the ``with`` block with the cyclic garbage collector paused (see the module
    docstring); it is turned back on when the last such block ends, if it was on."""
    global _depth, _we_disabled
    with _lock:
        if _depth == 0 and gc.isenabled():
            gc.disable()
            _we_disabled = True
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _we_disabled:
                _we_disabled = False
                gc.enable()
