# SPDX-License-Identifier: MIT
"""The shared pause of the cyclic garbage collector (``_gcpause.paused_gc``)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from datetime import date

import pytest

import directive_tracker as dt
from directive_tracker._gcpause import paused_gc
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.storage import MemoryStore


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_off_inside_on_after() -> None:
    states = []
    with paused_gc():
        states.append(gc.isenabled())
        with paused_gc():  # nested: still off, and still off after the inner block
            states.append(gc.isenabled())
        states.append(gc.isenabled())
    states.append(gc.isenabled())
    assert states == [False, False, False, True]


def test_on_again_after_an_error() -> None:
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_program_that_turned_it_off_keeps_it_off() -> None:
    gc.disable()
    with paused_gc():
        pass
    assert not gc.isenabled()


def test_overlapping_threads_turn_it_on_when_the_last_leaves() -> None:
    """A enters, B enters, A leaves (still off: B is inside), B leaves (on again)."""
    a_in, b_in, a_out, b_may_leave = (threading.Event() for _ in range(4))
    seen: dict[str, bool] = {}

    def a() -> None:
        with paused_gc():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def b() -> None:
        a_in.wait(5)
        with paused_gc():
            b_in.set()
            a_out.wait(5)
            seen["after A left"] = gc.isenabled()
            b_may_leave.wait(5)

    ta, tb = threading.Thread(target=a), threading.Thread(target=b)
    ta.start()
    tb.start()
    ta.join(5)
    b_may_leave.set()
    tb.join(5)
    assert (seen, gc.isenabled()) == ({"after A left": False}, True)


def test_reminders_due_leaves_it_on() -> None:
    """reminders_due pauses the collector while it builds the day's reminders and turns
    it back on, also when it raises (a date out of the calendar's range)."""
    cal = vietnam_calendar()
    with MemoryStore() as store:
        assert dt.reminders_due(store, cal, as_of=date(2026, 6, 30)) == []
        assert gc.isenabled()
        with pytest.raises(dt.DirectiveTrackerError):
            dt.reminders_due(store, cal, as_of=date(1800, 1, 1))
    assert gc.isenabled()
