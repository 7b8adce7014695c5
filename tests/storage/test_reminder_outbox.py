# SPDX-License-Identifier: MIT
"""
The light read path of :func:`reminders_due` (issue 12): the candidates with their
briefs in one query (:meth:`Store.remindable_rows`) and the outbox looked up by key
ranges of the candidates' slots (:meth:`Store.outbox_payloads`) instead of read whole.

The storage contract of both methods on the three stores, and a property test: over
random histories and random runs, each recording a random part of its reminders, the
reminders due equal the documented rule applied by this test to the whole outbox (one
reminder per task, recipient and level, unless the outbox holds that slot or a later
one).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import directive_tracker as dt
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import FixedDate, NoDeadline
from directive_tracker.directives import Directive
from directive_tracker.events import TaskAssigned, TaskCompleted
from directive_tracker.exceptions import InvalidTypeError, ValidationError
from directive_tracker.lifecycle import TaskPhase
from directive_tracker.reminders import Reminder
from directive_tracker.storage import MemoryStore, Store
from directive_tracker.storage.base import OutboxItem, RemindableRow
from directive_tracker.tasks import Task
from strategies import examples, task_histories

CAL = vietnam_calendar()
VN = ZoneInfo("Asia/Ho_Chi_Minh")
AT = datetime(2026, 1, 5, 9, tzinfo=VN)
_ids = itertools.count()


# -- Store.outbox_payloads --------------------------------------------------------------

def _item(key: str, payload: dict[str, Any]) -> OutboxItem:
    return OutboxItem(key=key, created_at=AT, payload=payload)


def test_outbox_payloads_ranges_are_half_open_in_code_point_order(
        fresh_store: Callable[[], Store]) -> None:
    """Keys k with lo <= k < hi, per range; values are payload.get(name)."""
    store = fresh_store()
    for key, payload in (("a:1", {"x": "one", "n": 1}), ("a:2", {"x": "two"}),
                         ("a:3", {"x": None}), ("a;", {"x": "semicolon"}),
                         ("a:é", {"x": "e-acute"}), ("b:1", {"x": "other"})):
        store.add_outbox_item(_item(key, payload))
    # By hand: "a:2" <= k < "a;" holds "a:2", "a:3" and "a:é" (":" < ";" and "3" < "é"
    # in code points), not "a;" itself (hi is excluded) nor "a:1" (below lo).
    got = store.outbox_payloads([("a:2", "a;")], fields=("x", "n"))
    assert [("a:2", ("two", None)), ("a:3", (None, None)), ("a:é", ("e-acute", None))] == \
        sorted(got)
    # Two ranges: each item once per range that holds it; an empty range finds nothing.
    got = store.outbox_payloads([("a:1", "a:2"), ("a:", "a:2"), ("c", "c")],
                                fields=("n",))
    assert [("a:1", (1,)), ("a:1", (1,))] == sorted(got)
    assert [] == store.outbox_payloads([], fields=("x",))
    assert [("b:1", ())] == store.outbox_payloads([("b", "c")], fields=())


def test_outbox_payloads_refuses_bad_arguments(fresh_store: Callable[[], Store]) -> None:
    store = fresh_store()
    with pytest.raises(InvalidTypeError):
        store.outbox_payloads("ab", fields=("x",))  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        store.outbox_payloads([("a",)], fields=("x",))  # type: ignore[list-item]
    with pytest.raises(InvalidTypeError):
        store.outbox_payloads([("a", 1)], fields=("x",))  # type: ignore[list-item]
    with pytest.raises(InvalidTypeError):
        store.outbox_payloads([("a", "b")], fields="x")
    for bad in ("x'y", "a.b", "1x", "", "é"):
        with pytest.raises(ValidationError):
            store.outbox_payloads([("a", "b")], fields=(bad,))
    # A bound is a key or key prefix: over the outbox key's cap of 1,000 characters, or
    # with a lone surrogate or a NUL (which no stored key holds), it is refused before
    # any SQL.
    for lo, hi in (("a" * 1001, "b"), ("a", "b" * 1001), ("a\ud800", "b"), ("a", "b\x00")):
        with pytest.raises(ValidationError):
            store.outbox_payloads([(lo, hi)], fields=("x",))


# -- Store.remindable_rows ----------------------------------------------------------------

def test_remindable_rows_by_hand(fresh_store: Callable[[], Store]) -> None:
    """Three tasks assigned Mon 05/01/2026 with a fixed due date: one open, one completed,
    one without a due date; only the open one is a row, with its brief and segment."""
    store = fresh_store()
    store.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 1, 2),
                                  summary="Chỉ đạo"))
    for code in ("SNV", "STC"):
        store.add_unit(dt.Unit(code=code, name=f"Sở {code}", kind=dt.UnitKind.DEPARTMENT))
    due = date(2026, 1, 20)
    for tid, rule, due_date in (("T1", FixedDate(date=due), due),
                                ("T2", FixedDate(date=due), due), ("T3", NoDeadline(), None)):
        store.add_task(Task(id=tid, directive_id="D1", content=f"Việc {tid}",
                            lead_unit="SNV", coordinating_units=("STC",), deadline=rule,
                            anchor=date(2026, 1, 5), due_date=due_date,
                            assigned_on=date(2026, 1, 5), tags=("y tế",)),
                       [TaskAssigned(task_id=tid, at=AT, actor="VP")])
    store.append_events("T2", [TaskCompleted(
        task_id="T2", at=datetime(2026, 1, 9, 16, tzinfo=VN), actor="SNV",
        completed_on=date(2026, 1, 9))], expected_version=store.get_task("T2").version)
    open_phases = [p.value for p in TaskPhase
                   if p not in (TaskPhase.COMPLETED, TaskPhase.CANCELLED)]
    rows = store.remindable_rows(date(2026, 1, 12), phases=open_phases)
    assert [RemindableRow("T1", "D1", "Việc T1", date(2026, 1, 5), ("y tế",), "assigned",
                          due, due, "SNV", ("STC",), None, "", None)] == rows
    # Before the completion T2 is open too; no phase wanted, no row.
    assert ["T1", "T2"] == sorted(r.task_id for r in store.remindable_rows(
        date(2026, 1, 8), phases=open_phases))
    assert [] == store.remindable_rows(date(2026, 1, 8), phases=[])
    with pytest.raises(InvalidTypeError):
        store.remindable_rows(date(2026, 1, 8), phases="assigned")
    with pytest.raises(InvalidTypeError):
        store.remindable_rows(date(2026, 1, 8), phases=[TaskPhase.ASSIGNED])  # type: ignore[list-item]


# -- reminders_due against the documented rule ---------------------------------------------

def _blocked(r: Reminder, outbox: list[OutboxItem]) -> bool:
    """The module's rule, applied to the whole outbox: a recorded reminder for the same
    task (and occurrence), recipient and level with the same or a later slot date."""
    for item in outbox:
        p = item.payload
        if not item.key.startswith("reminder:") or "slot_date" not in p:
            continue
        if (p.get("task_id"), p.get("occurrence"), p.get("recipient"), p.get("level")) == (
                r.task_id, r.occurrence, r.recipient, r.level.value) and \
                date.fromisoformat(p["slot_date"]) >= r.slot_date:
            return True
    return False


@settings(max_examples=examples(25), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_reminders_due_follow_the_outbox_rule(fresh_store: Callable[[], Store],
                                              data: Any) -> None:
    """Runs on random days, each recording a random part of its reminders (and foreign
    or malformed records): every run's answer is the answer on an empty outbox less the
    reminders the outbox already holds by the rule; the light path (materialised
    timelines) and the task-by-task path (a calendar they do not apply to) agree."""
    store, empty = fresh_store(), MemoryStore()
    for s in (store, empty):
        s.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2024, 12, 1),
                                  summary="Chỉ đạo thử nghiệm"))
    firsts = []
    for _ in range(data.draw(st.integers(0, 3))):
        task, log = data.draw(task_histories(task_id=f"T{next(_ids)}"))
        # A prefix of the log (a valid log too): mostly tasks still open, so reminded.
        log = log[:data.draw(st.integers(1, max(1, min(3, len(log)))))]
        # An id with ":" shares its key prefix with others' keys ("T1:x" and "T1").
        if data.draw(st.booleans()):
            task = attrs.evolve(task, id=f"{task.id}:x")
            log = tuple(attrs.evolve(e, task_id=task.id) for e in log)
        for s in (store, empty):
            s.add_task(task, list(log))
    # And open tasks with a due date (many reminders, escalations included).
    for _ in range(data.draw(st.integers(1, 4))):
        tid = f"O{next(_ids)}" + data.draw(st.sampled_from(["", ":SNV"]))
        assigned = data.draw(st.dates(date(2026, 1, 5), date(2026, 3, 31)))
        due = assigned + timedelta(days=data.draw(st.integers(3, 40)))
        task = Task(id=tid, directive_id="D1", content=f"Việc {tid}",
                    lead_unit=data.draw(st.sampled_from(["SNV", "STC"])),
                    coordinating_units=("SYT",), deadline=FixedDate(date=due),
                    anchor=assigned, due_date=due, assigned_on=assigned)
        at = datetime(assigned.year, assigned.month, assigned.day, 9, tzinfo=VN)
        for s in (store, empty):
            s.add_task(task, [TaskAssigned(task_id=tid, at=at, actor="VP")])
        firsts.append(due)
    policy = dt.ReminderPolicy(include_coordinating=data.draw(st.booleans()))
    slow_cal = vietnam_calendar(overrides=[dt.DayOverride(
        date=date(2099, 6, 1), working=False, reason_vi="Thử nghiệm", source="Thử nghiệm")])
    # Runs from a week before the first due date, 0-12 days apart (the same day again,
    # missed days caught up).
    steps = data.draw(st.lists(st.integers(0, 12), min_size=1, max_size=6))
    steps[0] += data.draw(st.integers(0, 30))
    day = min(firsts) - timedelta(days=7)
    store.add_outbox_item(_item("webhook:1", {"task_id": "x"}))
    sizes: list[int] = []
    for n, step in enumerate(steps):
        day += timedelta(days=step)
        outbox = store.get_outbox_items()
        expected = [r for r in dt.reminders_due(empty, CAL, as_of=day, reminder_policy=policy)
                    if not _blocked(r, outbox)]
        got = dt.reminders_due(store, CAL, as_of=day, reminder_policy=policy)
        assert expected == got
        assert got == dt.reminders_due(store, slow_cal, as_of=day, reminder_policy=policy)
        sizes.append(len(got))
        keep = data.draw(st.lists(st.booleans(), min_size=len(got), max_size=len(got)))
        with store.transaction():
            for r, k in zip(got, keep, strict=True):
                if k:
                    store.add_outbox_item(OutboxItem(key=r.key, created_at=AT,
                                                     payload=r.to_payload()))
            store.add_outbox_item(_item(f"reminder:broken{n}", {"task_id": "T1"}))
    event(f"reminders per run: {max(sizes)} at most")
