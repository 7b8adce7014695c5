# SPDX-License-Identifier: MIT
"""
``LifecyclePolicy.accepts_every_log_of``: when one policy accepts every log another
accepts, replaying to the same states.  The stores rely on it to skip their history check
(under the permissive ``STORAGE_POLICY``) for a log the status timeline's replay (default
policy) has just accepted, so each task's log is replayed once on ingest, not twice.

Property: for random policies *wide*, *narrow* with ``wide.accepts_every_log_of(narrow)``
and a random log valid under *narrow* (every kind of event), *wide* accepts it and the
state after each event is the same.  Counterexamples for each rule where the answer is
False are worked out by hand.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import FixedDate
from directive_tracker.events import (
    ExtensionApproved,
    ExtensionRequested,
    ProgressReported,
    SubmittedForReview,
    TaskAssigned,
    TaskCompleted,
    TaskEvent,
    TaskPaused,
    TaskResumed,
)
from directive_tracker.exceptions import InvalidTransitionError, InvalidTypeError
from directive_tracker.integrity import STORAGE_POLICY, history_problem
from directive_tracker.lifecycle import LifecyclePolicy, apply, replay, start
from directive_tracker.tasks import Task
from strategies import task_histories

CAL = vietnam_calendar()
VN = ZoneInfo("Asia/Ho_Chi_Minh")

policies = st.builds(
    LifecyclePolicy, max_extensions=st.integers(0, 3), require_acceptance=st.booleans(),
    extension_requests_before_due=st.booleans(), require_review=st.booleans(),
    pause_extends_decided_due=st.booleans())


def test_storage_policy_accepts_every_log_of_the_default() -> None:
    """What the stores rely on; the converse does not hold (a cap of 2 against 1,000)."""
    assert STORAGE_POLICY.accepts_every_log_of(LifecyclePolicy())
    assert not LifecyclePolicy().accepts_every_log_of(STORAGE_POLICY)


@pytest.mark.parametrize(("wide", "narrow", "expected"), [
    ({}, {}, True),
    ({"max_extensions": 3}, {"max_extensions": 2}, True),
    ({"max_extensions": 1}, {"max_extensions": 2}, False),
    ({"require_acceptance": False}, {"require_acceptance": True}, True),
    ({"require_acceptance": True}, {"require_acceptance": False}, False),
    ({"extension_requests_before_due": False}, {"extension_requests_before_due": True}, True),
    ({"extension_requests_before_due": True}, {"extension_requests_before_due": False}, False),
    ({"require_review": False}, {"require_review": True}, True),
    ({"require_review": True}, {"require_review": False}, False),
    ({"pause_extends_decided_due": False}, {"pause_extends_decided_due": True}, False),
    ({"pause_extends_decided_due": True}, {"pause_extends_decided_due": False}, False),
])
def test_each_rule(wide: dict[str, object], narrow: dict[str, object], expected: bool) -> None:
    """Each refusal rule orders the policies; the due-date rule must be the same."""
    assert expected is LifecyclePolicy(**wide).accepts_every_log_of(  # type: ignore[arg-type]
        LifecyclePolicy(**narrow))  # type: ignore[arg-type]


def test_refuses_a_non_policy() -> None:
    with pytest.raises(InvalidTypeError):
        LifecyclePolicy().accepts_every_log_of("default")  # type: ignore[arg-type]


def _at(d: date, hour: int = 9) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=VN)


def _task() -> Task:
    return Task(id="T1", directive_id="D1", content="Rà soát", lead_unit="SNV",
                deadline=FixedDate(date=date(2026, 4, 24)), anchor=date(2026, 4, 1),
                due_date=date(2026, 4, 24), assigned_on=date(2026, 4, 1))


def _assigned() -> TaskAssigned:
    return TaskAssigned(task_id="T1", at=_at(date(2026, 4, 1)), actor="vanthu")


def test_counterexamples_of_the_false_answers() -> None:
    """
    Hand-built logs that the narrower policy accepts and the other refuses or replays to
    another state, one per rule:

    * cap 1 against 2: a second approved extension (24/04 -> 08/05 -> 15/05);
    * acceptance required: progress straight after the assignment;
    * requests before the due date: a request dated Mon 27/04, after the due 24/04;
    * review required: completion from IN_PROGRESS;
    * pause_extends_decided_due: a pause Mon 06/04 - Fri 10/04 (4 working days after
      the 06/04 start, (06/04, 10/04]) with an extension approved on 07/04, during it,
      to Fri 08/05: True moves it 4 working days to Thu 14/05; False keeps 08/05.
    """
    task, a = _task(), _assigned()
    req1 = ExtensionRequested(task_id="T1", at=_at(date(2026, 4, 2)), actor="SNV",
                              requested_due=date(2026, 5, 8), reason="Chờ ý kiến")
    ok1 = ExtensionApproved(task_id="T1", at=_at(date(2026, 4, 3)), actor="UBND",
                            new_due=date(2026, 5, 8), decider="PCT")
    req2 = ExtensionRequested(task_id="T1", at=_at(date(2026, 4, 6)), actor="SNV",
                              requested_due=date(2026, 5, 15), reason="Chờ ý kiến")
    ok2 = ExtensionApproved(task_id="T1", at=_at(date(2026, 4, 7)), actor="UBND",
                            new_due=date(2026, 5, 15), decider="PCT")
    two = [a, req1, ok1, req2, ok2]
    assert history_problem(task, two, policy=LifecyclePolicy(max_extensions=2)) is None
    assert history_problem(task, two, policy=LifecyclePolicy(max_extensions=1)) is not None

    work = [a, ProgressReported(task_id="T1", at=_at(date(2026, 4, 2)), actor="SNV",
                                percent=10)]
    assert history_problem(task, work) is None
    assert history_problem(task, work, policy=LifecyclePolicy(require_acceptance=True))

    late = [a, ExtensionRequested(task_id="T1", at=_at(date(2026, 4, 27)), actor="SNV",
                                  requested_due=date(2026, 5, 15), reason="Chờ ý kiến")]
    assert history_problem(task, late, policy=STORAGE_POLICY) is None
    assert history_problem(task, late) is not None

    done = [a, TaskCompleted(task_id="T1", at=_at(date(2026, 4, 2)), actor="SNV",
                             completed_on=date(2026, 4, 2))]
    assert history_problem(task, done) is None
    assert history_problem(task, done, policy=LifecyclePolicy(require_review=True))
    reviewed = [a, SubmittedForReview(task_id="T1", at=_at(date(2026, 4, 2)), actor="SNV"),
                TaskCompleted(task_id="T1", at=_at(date(2026, 4, 3)), actor="SNV",
                              completed_on=date(2026, 4, 3))]
    assert replay(task, reviewed, calendar=CAL) == replay(
        task, reviewed, calendar=CAL, policy=LifecyclePolicy(require_review=True))

    paused = [a, TaskPaused(task_id="T1", at=_at(date(2026, 4, 6)), actor="SNV",
                            reason="Chờ STC"),
              ExtensionRequested(task_id="T1", at=_at(date(2026, 4, 6), 10), actor="SNV",
                                 requested_due=date(2026, 5, 8), reason="Chờ ý kiến"),
              ExtensionApproved(task_id="T1", at=_at(date(2026, 4, 7)), actor="UBND",
                                new_due=date(2026, 5, 8), decider="PCT"),
              TaskResumed(task_id="T1", at=_at(date(2026, 4, 10)), actor="SNV")]
    moved = replay(task, paused, calendar=CAL)
    kept = replay(task, paused, calendar=CAL,
                  policy=LifecyclePolicy(pause_extends_decided_due=False))
    assert (date(2026, 5, 14), date(2026, 5, 8)) == (moved.current_due, kept.current_due)


def _states(task: Task, log: tuple[TaskEvent, ...], policy: LifecyclePolicy
            ) -> list[object]:
    """The state after each event, or the refused event's index."""
    out: list[object] = []
    state = start(task, log[0])  # type: ignore[arg-type]
    out.append(state)
    for i, ev in enumerate(log[1:], 1):
        try:
            state = apply(state, ev, calendar=CAL, policy=policy)
        except InvalidTransitionError:
            out.append(i)
            break
        out.append(state)
    return out


@st.composite
def wider(draw: st.DrawFn, narrow: LifecyclePolicy) -> LifecyclePolicy:
    """A policy at most as strict as *narrow* on each rule, with its due-date rule."""
    def loosen(flag: bool) -> bool:
        return flag and draw(st.booleans())
    return LifecyclePolicy(
        max_extensions=narrow.max_extensions + draw(st.integers(0, 2)),
        require_acceptance=loosen(narrow.require_acceptance),
        extension_requests_before_due=loosen(narrow.extension_requests_before_due),
        require_review=loosen(narrow.require_review),
        pause_extends_decided_due=narrow.pause_extends_decided_due)


@settings(max_examples=400, deadline=None)
@given(data=st.data(), narrow=policies)
def test_property_wider_policy_replays_to_the_same_states(
        data: st.DataObject, narrow: LifecyclePolicy) -> None:
    """A log valid under *narrow* (every kind of event) replays under any *wide* with
    ``wide.accepts_every_log_of(narrow)`` to the same state after each event."""
    wide = data.draw(wider(narrow))
    task, log = data.draw(task_histories(policy=narrow, max_events=25))
    assert wide.accepts_every_log_of(narrow)
    assert _states(task, log, narrow) == _states(task, log, wide)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), wide=policies, narrow=policies)
def test_property_random_pairs(data: st.DataObject, wide: LifecyclePolicy,
                               narrow: LifecyclePolicy) -> None:
    """Any two policies: when the answer is True, the states agree."""
    task, log = data.draw(task_histories(policy=narrow, max_events=25))
    if wide.accepts_every_log_of(narrow):
        assert _states(task, log, narrow) == _states(task, log, wide)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), narrow=policies)
def test_property_storage_policy_against_any_office_policy(
        data: st.DataObject, narrow: LifecyclePolicy) -> None:
    """STORAGE_POLICY accepts every log of every office policy with the default
    due-date rule (pause_extends_decided_due True), to the same states."""
    task, log = data.draw(task_histories(policy=narrow, max_events=25))
    expected = narrow.pause_extends_decided_due
    assert expected is STORAGE_POLICY.accepts_every_log_of(narrow)
    if expected:
        assert _states(task, log, narrow) == _states(task, log, STORAGE_POLICY)



def test_every_policy_field_is_weighed() -> None:
    """``accepts_every_log_of`` names each rule of the policy; a rule added later must be
    weighed there too (else the stores could skip a history check the new rule would
    fail), so this list is the one it was written for."""
    import attrs

    assert ["max_extensions", "require_acceptance", "extension_requests_before_due",
            "require_review", "pause_extends_decided_due"] == [
        f.name for f in attrs.fields(LifecyclePolicy)]
