# SPDX-License-Identifier: MIT
"""
``iter_reminders_due`` yields ``reminders_due``'s reminders one at a time (issue 12: a
day of 1.55 million reminders held at once peaks at 3.4 GB).

Hand-computed schedule (the task of ``tests/unit/test_reminders.py``): T1 led by SNV,
assigned 01/04/2026, due Friday 08/05/2026; 30/04 and 01/05 are holidays.  On Monday
18/05 it is 6 working days late (11, 12, 13, 14, 15, 18 May): the lead unit's slot is
``overdue:6`` (a multiple of 3) and the default ladder adds the unit's head (from 5
days late).  A second task T2 (led by STC, same dates) gives the same two slots.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directive_tracker.directives import Directive
from directive_tracker.exceptions import InvalidTypeError
from directive_tracker.notifiers import MemoryNotifier
from directive_tracker.reminders import iter_reminders_due, reminders_due, send_reminders
from directive_tracker.storage.base import Store
from directive_tracker.storage.memory import MemoryStore
from directive_tracker.storage.sqlite import SQLiteStore
from directive_tracker.units import Unit, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DUE = date(2026, 5, 8)
ASSIGNED = date(2026, 4, 1)
DAY = date(2026, 5, 18)


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path, make_task: Any,
          make_events: Any) -> Iterator[Store]:
    s: Store = MemoryStore() if request.param == "memory" else SQLiteStore(
        tmp_path / "iter.db")
    for code, name in (("SNV", "Sở Nội vụ"), ("STC", "Sở Tài chính")):
        s.add_unit(Unit(code=code, name=name, kind=UnitKind.DEPARTMENT))
    s.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 3, 30),
                              summary="Cải cách thủ tục hành chính năm 2026"))
    s.add_task(make_task(due=DUE, assigned_on=ASSIGNED),
               [make_events("T1").assigned(ASSIGNED)])
    with s:
        yield s


def _slots(reminders: Any) -> list[tuple[str, str, str, str]]:
    return [(r.task_id, r.recipient, r.level.value, r.slot) for r in reminders]


def test_same_reminders_in_the_same_order(store: Store, make_task: Any,
                                          make_events: Any) -> None:
    store.add_task(make_task(task_id="T2", lead="STC", coordinating=(), due=DUE,
                             assigned_on=ASSIGNED),
                   [make_events("T2").assigned(ASSIGNED)])
    streamed = iter_reminders_due(store, as_of=DAY)
    assert isinstance(streamed, types.GeneratorType)
    got = list(streamed)
    assert ([("T1", "SNV", "lead_unit", "overdue:6"), ("T1", "SNV", "unit_head", "overdue:6"),
             ("T2", "STC", "lead_unit", "overdue:6"), ("T2", "STC", "unit_head", "overdue:6")],
            reminders_due(store, as_of=DAY)) == (_slots(got), got)


def test_arguments_checked_at_the_call(store: Store) -> None:
    """A bad argument raises when iter_reminders_due is called, not at the first next()."""
    with pytest.raises(InvalidTypeError, match="as_of"):
        iter_reminders_due(store, as_of=datetime(2026, 5, 18, 9, tzinfo=VN))  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="calendar"):
        iter_reminders_due(store, DAY, as_of=DAY)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="store"):
        iter_reminders_due(object(), as_of=DAY)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="registry"):
        iter_reminders_due(store, as_of=DAY, registry=[])  # type: ignore[arg-type]


def test_day_off_yields_nothing(store: Store) -> None:
    """30/04/2026 is a holiday (working_days_only): nothing, as reminders_due."""
    assert ([], []) == (list(iter_reminders_due(store, as_of=date(2026, 4, 30))),
                        reminders_due(store, as_of=date(2026, 4, 30)))


def test_store_read_at_the_first_reminder(store: Store, make_task: Any,
                                          make_events: Any) -> None:
    """The day's slots are read when the first reminder is asked for: a task added
    between the call and the first next() is reminded."""
    streamed = iter_reminders_due(store, as_of=DAY)
    store.add_task(make_task(task_id="T2", lead="STC", coordinating=(), due=DUE,
                             assigned_on=ASSIGNED),
                   [make_events("T2").assigned(ASSIGNED)])
    assert ["T1", "T1", "T2", "T2"] == [r.task_id for r in streamed]


def test_sent_from_the_stream_then_nothing_due(store: Store) -> None:
    """send_reminders takes the stream: both reminders sent and recorded, so the same
    day then has nothing left, streamed or not."""
    notifier = MemoryNotifier()
    report = send_reminders(store, iter_reminders_due(store, as_of=DAY), notifier,
                            clock=lambda: datetime(2026, 5, 18, 8, tzinfo=VN))
    assert (2, ["SNV", "SNV"], [], []) == (
        len(report.sent), [m.recipient for m in notifier.sent],
        list(iter_reminders_due(store, as_of=DAY)), reminders_due(store, as_of=DAY))
