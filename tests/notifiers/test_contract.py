# SPDX-License-Identifier: MIT
"""
The notifier contract: every notifier must pass every test here.

Each test receives a ``harness`` (tests/notifiers/conftest.py): the notifier, a way to
read what arrived at the far end, and a notifier of the same kind whose deliveries fail.
A third-party notifier reuses the suite by copying this file beside a conftest whose
``harness`` fixture returns a ``Harness`` for it.

Expected values are written by hand.  The reminder of the last two tests: task T1, due
Fri 08/05/2026, assigned 01/04/2026; the default policy reminds 5 and 2 working days
before the due date.  Counting back from 08/05: 07 (1), 06 (2), so the run of Wed
06/05/2026 owes exactly one reminder, slot "before_due:2", to the lead unit SNV.
"""

from __future__ import annotations

import logging
import unicodedata
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import FixedDate
from directive_tracker.directives import Directive
from directive_tracker.events import TaskAssigned
from directive_tracker.exceptions import InvalidTypeError, NotificationError
from directive_tracker.notifiers import Message, Notifier, RecipientLevel
from directive_tracker.reminders import reminders_due, send_reminders
from directive_tracker.storage.base import OutboxStatus
from directive_tracker.storage.memory import MemoryStore
from directive_tracker.tasks import Task
from directive_tracker.units import Unit, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2026, 5, 6)


def message(n: int = 1) -> Message:
    """A Vietnamese message; the body is given in NFD and must arrive in NFC."""
    return Message(key=f"reminder:T{n}:SNV:lead_unit:2026-05-06", recipient="SNV",
                   recipient_name="Sở Nội vụ", level=RecipientLevel.LEAD_UNIT,
                   subject=f"[Đôn đốc] Nhiệm vụ T{n}",
                   body=unicodedata.normalize("NFD", f"Đề nghị Sở Nội vụ hoàn thành nhiệm vụ "
                                                     f"T{n} đúng hạn."),
                   task_id=f"T{n}")


def test_is_a_notifier(harness: Any) -> None:
    """The notifier implements the port."""
    assert isinstance(harness.notifier, Notifier)


def test_delivers_one_message(harness: Any) -> None:
    """One send, one delivery carrying the subject and the body, in NFC."""
    harness.notifier.send(message())
    [got] = harness.delivered()
    assert "[Đôn đốc] Nhiệm vụ T1" in got
    assert "Đề nghị Sở Nội vụ hoàn thành nhiệm vụ T1 đúng hạn." in got
    assert unicodedata.is_normalized("NFC", got)


def test_delivers_in_order(harness: Any) -> None:
    """Two sends arrive as two deliveries, in the order sent."""
    harness.notifier.send(message(1))
    harness.notifier.send(message(2))
    got = harness.delivered()
    assert 2 == len(got)
    assert "T1" in got[0]
    assert "T2" in got[1]


def test_refuses_anything_but_a_message(harness: Any) -> None:
    """A non-Message is an InvalidTypeError (a TypeError), and nothing is delivered."""
    with pytest.raises(InvalidTypeError):
        harness.notifier.send("[Đôn đốc] T1")
    with pytest.raises(TypeError):
        harness.notifier.send(None)
    assert [] == harness.delivered()


def test_failure_is_a_notification_error(harness: Any) -> None:
    """A failed delivery raises NotificationError naming the message key."""
    if harness.failing is None:
        pytest.skip("this transport cannot fail")
    m = message()
    with pytest.raises(NotificationError) as info:
        harness.failing.send(m)
    assert m.key == info.value.key  # type: ignore[attr-defined]


def _store() -> MemoryStore:
    s = MemoryStore()
    s.add_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
    s.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 3, 30),
                              summary="Cải cách hành chính"))
    t = Task(id="T1", directive_id="D1", content="Rà soát thủ tục hành chính",
             lead_unit="SNV", deadline=FixedDate(date=date(2026, 5, 8)),
             anchor=date(2026, 4, 1), due_date=date(2026, 5, 8), assigned_on=date(2026, 4, 1))
    s.add_task(t, [TaskAssigned(task_id="T1", at=datetime(2026, 4, 1, 9, tzinfo=VN),
                                actor="chuyenvien")])
    return s


def _clock() -> datetime:
    return datetime(2026, 5, 6, 8, tzinfo=VN)


def test_through_send_reminders_exactly_once(harness: Any) -> None:
    """Behind send_reminders, the reminder of 06/05 is delivered once, not on a rerun."""
    store, cal = _store(), vietnam_calendar()
    due = reminders_due(store, cal, as_of=DAY)
    assert ["before_due:2"] == [r.slot for r in due]
    first = send_reminders(store, due, harness.notifier, clock=_clock)
    again = send_reminders(store, reminders_due(store, cal, as_of=DAY), harness.notifier,
                           clock=_clock)
    assert (1, 0, 0) == (len(first.sent), len(again.sent), len(again.recorded))
    assert 1 == len(harness.delivered())
    assert [OutboxStatus.SENT] == [i.status for i in store.get_outbox_items()]


def test_failure_recorded_and_logged(harness: Any, caplog: pytest.LogCaptureFixture) -> None:
    """A failing delivery leaves the reminder FAILED in the outbox (retried next run) and
    logs a warning on the directive_tracker.reminders logger."""
    if harness.failing is None:
        pytest.skip("this transport cannot fail")
    store, cal = _store(), vietnam_calendar()
    with caplog.at_level(logging.WARNING, logger="directive_tracker.reminders"):
        report = send_reminders(store, reminders_due(store, cal, as_of=DAY), harness.failing,
                                clock=_clock)
    assert (0, 1) == (len(report.sent), len(report.failed))
    [item] = store.get_outbox_items()
    assert (OutboxStatus.FAILED, 1) == (item.status, item.attempts)
    assert [("directive_tracker.reminders", logging.WARNING)] == [
        (r.name, r.levelno) for r in caplog.records]
    assert item.key in caplog.records[0].getMessage()
