# SPDX-License-Identifier: MIT
"""Tests for directive_tracker.lifecycle: the transition table, due-date moves, the replay.

Calendar facts used (domain.md §2.3, 2026): Hùng Kings 25–27/04 off (27/04 Monday is the
substitute day); 30/04 (Thu) and 01/05 (Fri) off; Tết 14–22/02.  The sample task is
assigned Wed 01/04/2026 and due Fri 24/04/2026.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directive_tracker.events import ProgressReported, TaskEvent
from directive_tracker.exceptions import (
    DirectiveTrackerDeprecationWarning,
    InvalidTransitionError,
    InvalidTypeError,
    ValidationError,
)
from directive_tracker.lifecycle import (
    ExtensionRecord,
    LifecyclePolicy,
    PauseRecord,
    TaskPhase,
    TaskState,
    TransferRecord,
    apply,
    fold,
    replay,
    start,
)

D = date
ASSIGNED_ON = D(2026, 4, 1)
DUE = D(2026, 4, 24)
LATER = D(2026, 4, 8)


def _prefix(ev: Any, phase: str) -> list[TaskEvent]:
    """Return a log that leaves the sample task in *phase*."""
    a = ev.assigned(ASSIGNED_ON)
    acc = ev.accepted(D(2026, 4, 2))
    return {
        "ASSIGNED": [a],
        "IN_PROGRESS": [a, acc],
        "PAUSED": [a, acc, ev.paused(D(2026, 4, 3))],
        "IN_REVIEW": [a, acc, ev.submitted(D(2026, 4, 6))],
        "COMPLETED": [a, acc, ev.completed(D(2026, 4, 6))],
        "CANCELLED": [a, ev.cancelled(D(2026, 4, 2))],
        "REFUSED": [a, ev.refused(D(2026, 4, 2))],
    }[phase]


#: One candidate event per kind, dated 08/04/2026 (approve/reject are tested apart).
CANDIDATES: dict[str, Callable[[Any], TaskEvent]] = {
    "accepted": lambda ev: ev.accepted(LATER),
    "refused": lambda ev: ev.refused(LATER),
    "progress": lambda ev: ev.progress(LATER, 50),
    "ext_requested": lambda ev: ev.ext_requested(LATER, D(2026, 5, 8)),
    "paused": lambda ev: ev.paused(LATER),
    "resumed": lambda ev: ev.resumed(LATER),
    "submitted": lambda ev: ev.submitted(LATER),
    "returned": lambda ev: ev.returned(LATER),
    "completed": lambda ev: ev.completed(LATER),
    "cancelled": lambda ev: ev.cancelled(LATER),
    "transferred": lambda ev: ev.transferred(LATER),
}

#: The transition table of the module docstring, default policy: phase → {event: next}.
ALLOWED: dict[str, dict[str, str]] = {
    "ASSIGNED": {"accepted": "IN_PROGRESS", "refused": "REFUSED", "progress": "IN_PROGRESS",
                 "ext_requested": "IN_PROGRESS", "paused": "PAUSED",
                 "submitted": "IN_REVIEW", "completed": "COMPLETED",
                 "cancelled": "CANCELLED", "transferred": "ASSIGNED"},
    "IN_PROGRESS": {"progress": "IN_PROGRESS", "ext_requested": "IN_PROGRESS",
                    "paused": "PAUSED", "submitted": "IN_REVIEW", "completed": "COMPLETED",
                    "cancelled": "CANCELLED", "transferred": "IN_PROGRESS"},
    "PAUSED": {"progress": "PAUSED", "ext_requested": "PAUSED", "resumed": "IN_PROGRESS",
               "cancelled": "CANCELLED", "transferred": "PAUSED"},
    "IN_REVIEW": {"returned": "IN_PROGRESS", "completed": "COMPLETED",
                  "cancelled": "CANCELLED", "transferred": "IN_REVIEW"},
    "COMPLETED": {},
    "CANCELLED": {},
    "REFUSED": {},
}

MATRIX = [(phase, kind) for phase in ALLOWED for kind in CANDIDATES]


class TestTaskPhase:
    def test_labels(self) -> None:
        """Every phase has a Vietnamese and an English label."""
        assert "Tạm dừng" == TaskPhase.PAUSED.label_vi
        assert "Paused" == TaskPhase.PAUSED.label_en
        assert "Từ chối" == TaskPhase.REFUSED.label_vi
        assert all(p.label_vi and p.label_en for p in TaskPhase)

    def test_open_phases(self) -> None:
        """Completed, cancelled and refused are the closed phases."""
        expected = {TaskPhase.ASSIGNED, TaskPhase.IN_PROGRESS, TaskPhase.PAUSED,
                    TaskPhase.IN_REVIEW}
        assert expected == {p for p in TaskPhase if p.is_open}


class TestLifecyclePolicy:
    def test_defaults(self) -> None:
        """QLNV practice: 2 extensions, no accept step, requests before the due date."""
        p = LifecyclePolicy()
        assert (2, False, True, False) == (p.max_extensions, p.require_acceptance,
                                           p.extension_requests_before_due, p.require_review)

    @pytest.mark.parametrize(("kwargs", "error"), [
        ({"max_extensions": -1}, ValidationError),
        ({"max_extensions": "2"}, InvalidTypeError),
        ({"max_extensions": True}, InvalidTypeError),
        ({"require_acceptance": 1}, InvalidTypeError),
        ({"extension_requests_before_due": None}, InvalidTypeError),
        ({"require_review": "yes"}, InvalidTypeError),
    ])
    def test_bad_values(self, kwargs: dict[str, Any], error: type[Exception]) -> None:
        """Bad policy values are refused with a library error."""
        with pytest.raises(error):
            LifecyclePolicy(**kwargs)


class TestTransitionTable:
    @pytest.mark.parametrize(("phase", "kind"), MATRIX)
    def test_matrix(self, cal: Any, ev: Any, make_task: Any, phase: str, kind: str) -> None:
        """Each (phase, event) pair is allowed exactly as the table says."""
        task = make_task()
        before = replay(task, _prefix(ev, phase), calendar=cal)
        assert TaskPhase[phase] == before.phase
        event = CANDIDATES[kind](ev)
        expected = ALLOWED[phase].get(kind)
        if expected is None:
            snapshot = attrs.evolve(before)
            with pytest.raises(InvalidTransitionError) as info:
                apply(before, event, calendar=cal)
            assert snapshot == before
            assert (task.id, event.kind, before.phase.value) == (
                info.value.task_id, info.value.event_kind, info.value.state)
        else:
            after = apply(before, event, calendar=cal)
            assert TaskPhase[expected] == after.phase
            assert before.event_count + 1 == after.event_count
            assert event.at == after.last_event_at

    @pytest.mark.parametrize("kind", ["progress", "ext_requested", "paused", "submitted",
                                      "completed"])
    def test_require_acceptance_blocks_work(self, cal: Any, ev: Any, make_task: Any,
                                            kind: str) -> None:
        """With require_acceptance, work events in ASSIGNED are refused."""
        policy = LifecyclePolicy(require_acceptance=True)
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal, policy=policy)
        with pytest.raises(InvalidTransitionError, match="accepted first"):
            apply(state, CANDIDATES[kind](ev), calendar=cal, policy=policy)

    @pytest.mark.parametrize("kind", ["accepted", "refused", "cancelled", "transferred"])
    def test_require_acceptance_allows_decisions(self, cal: Any, ev: Any, make_task: Any,
                                                 kind: str) -> None:
        """With require_acceptance, accept/refuse/cancel/transfer still work in ASSIGNED."""
        policy = LifecyclePolicy(require_acceptance=True)
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal, policy=policy)
        after = apply(state, CANDIDATES[kind](ev), calendar=cal, policy=policy)
        assert TaskPhase[ALLOWED["ASSIGNED"][kind]] == after.phase

    def test_implicit_acceptance_date(self, cal: Any, ev: Any, make_task: Any) -> None:
        """Without require_acceptance the first progress report accepts the task."""
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON), ev.progress(LATER, 10)],
                     calendar=cal)
        assert (TaskPhase.IN_PROGRESS, LATER, 10) == (state.phase, state.accepted_on,
                                                      state.percent)

    @pytest.mark.parametrize(("phase", "ok"), [("ASSIGNED", False), ("IN_PROGRESS", False),
                                               ("IN_REVIEW", True)])
    def test_require_review(self, cal: Any, ev: Any, make_task: Any, phase: str,
                            ok: bool) -> None:
        """With require_review a task is completed only from IN_REVIEW."""
        policy = LifecyclePolicy(require_review=True)
        state = replay(make_task(), _prefix(ev, phase), calendar=cal, policy=policy)
        if ok:
            assert TaskPhase.COMPLETED == apply(state, ev.completed(LATER), calendar=cal,
                                                policy=policy).phase
        else:
            with pytest.raises(InvalidTransitionError, match="IN_REVIEW"):
                apply(state, ev.completed(LATER), calendar=cal, policy=policy)

    def test_review_loop(self, cal: Any, ev: Any, make_task: Any) -> None:
        """Submit, return, submit again, complete: two review rounds, one return."""
        log = [ev.assigned(ASSIGNED_ON), ev.submitted(D(2026, 4, 10)),
               ev.returned(D(2026, 4, 13)), ev.progress(D(2026, 4, 14), 90),
               ev.submitted(D(2026, 4, 20)), ev.completed(D(2026, 4, 21))]
        state = replay(make_task(), log, calendar=cal)
        assert (TaskPhase.COMPLETED, 2, 1, D(2026, 4, 20), 100, D(2026, 4, 21)) == (
            state.phase, state.review_rounds, state.returns, state.submitted_on,
            state.percent, state.completed_on)
        assert "CV 99/SNV-VP" == state.evidence

    def test_assigned_twice(self, cal: Any, ev: Any, make_task: Any) -> None:
        """A second TaskAssigned is refused."""
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal)
        with pytest.raises(InvalidTransitionError, match="already assigned"):
            apply(state, ev.assigned(LATER), calendar=cal)

    @pytest.mark.parametrize("phase", ["COMPLETED", "CANCELLED", "REFUSED"])
    def test_closed_message(self, cal: Any, ev: Any, make_task: Any, phase: str) -> None:
        """The error for a closed task says the task is closed."""
        state = replay(make_task(), _prefix(ev, phase), calendar=cal)
        with pytest.raises(InvalidTransitionError, match="closed"):
            apply(state, ev.progress(LATER, 10), calendar=cal)


class TestProgress:
    def test_forward_and_equal(self, cal: Any, ev: Any, make_task: Any) -> None:
        """Progress may rise or repeat the same percent."""
        log = [ev.assigned(ASSIGNED_ON), ev.progress(D(2026, 4, 2), 30),
               ev.progress(D(2026, 4, 3), 30), ev.progress(D(2026, 4, 6), 70)]
        assert 70 == replay(make_task(), log, calendar=cal).percent

    def test_backwards_needs_reason(self, cal: Any, ev: Any, make_task: Any) -> None:
        """Progress going back without regression_reason is refused."""
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON), ev.progress(D(2026, 4, 2), 60)],
                     calendar=cal)
        with pytest.raises(InvalidTransitionError, match="from 60% to 40%"):
            apply(state, ev.progress(LATER, 40), calendar=cal)
        after = apply(state, ev.progress(LATER, 40, regression_reason="Số liệu sai"),
                      calendar=cal)
        assert 40 == after.percent

    def test_progress_while_paused(self, cal: Any, ev: Any, make_task: Any) -> None:
        """A progress report during a pause keeps the task paused."""
        state = replay(make_task(), [*_prefix(ev, "PAUSED"), ev.progress(LATER, 20)],
                     calendar=cal)
        assert (TaskPhase.PAUSED, 20) == (state.phase, state.percent)


class TestExtensions:
    def _requested(self, cal: Any, ev: Any, make_task: Any, **policy: Any) -> TaskState:
        log = [ev.assigned(ASSIGNED_ON), ev.ext_requested(D(2026, 4, 20), D(2026, 5, 8))]
        return replay(make_task(), log, calendar=cal, policy=LifecyclePolicy(**policy))

    def test_approve(self, cal: Any, ev: Any, make_task: Any) -> None:
        """Approval moves the current due date and keeps the original one."""
        state = self._requested(cal, ev, make_task)
        after = apply(state, ev.ext_approved(D(2026, 4, 22), D(2026, 5, 6)), calendar=cal)
        assert (DUE, D(2026, 5, 6), 1, None) == (
            after.original_due, after.current_due, after.extensions_approved,
            after.pending_extension)
        expected = ExtensionRecord(
            requested_on=D(2026, 4, 20), requested_due=D(2026, 5, 8),
            decided_on=D(2026, 4, 22), approved=True, previous_due=DUE,
            new_due=D(2026, 5, 6), decider="PCT", reason="Chờ ý kiến các sở")
        assert (expected,) == after.extensions

    def test_reject(self, cal: Any, ev: Any, make_task: Any) -> None:
        """Rejection clears the request and leaves the due date."""
        state = self._requested(cal, ev, make_task)
        after = apply(state, ev.ext_rejected(D(2026, 4, 22)), calendar=cal)
        assert (DUE, 0, 1, None) == (after.current_due, after.extensions_approved,
                                     after.extensions_rejected, after.pending_extension)
        assert (False,) == tuple(r.approved for r in after.extensions)

    @pytest.mark.parametrize("decision", ["approve", "reject"])
    def test_decision_without_request(self, cal: Any, ev: Any, make_task: Any,
                                      decision: str) -> None:
        """Approving or rejecting with no pending request is refused."""
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal)
        event = (ev.ext_approved(LATER, D(2026, 5, 6)) if decision == "approve"
                 else ev.ext_rejected(LATER))
        with pytest.raises(InvalidTransitionError, match="no extension request is pending"):
            apply(state, event, calendar=cal)

    def test_second_pending_request(self, cal: Any, ev: Any, make_task: Any) -> None:
        """A second request while one is pending is refused."""
        state = self._requested(cal, ev, make_task)
        with pytest.raises(InvalidTransitionError, match="already pending"):
            apply(state, ev.ext_requested(D(2026, 4, 21), D(2026, 5, 15)), calendar=cal)

    def test_cap(self, cal: Any, ev: Any, make_task: Any) -> None:
        """After two approvals a third request is refused (QLNV cap of 2)."""
        log = [ev.assigned(ASSIGNED_ON),
               ev.ext_requested(D(2026, 4, 20), D(2026, 5, 8)),
               ev.ext_approved(D(2026, 4, 21), D(2026, 5, 8)),
               ev.ext_requested(D(2026, 5, 4), D(2026, 5, 22)),
               ev.ext_approved(D(2026, 5, 5), D(2026, 5, 22))]
        state = replay(make_task(), log, calendar=cal)
        assert (2, D(2026, 5, 22), DUE) == (state.extensions_approved, state.current_due,
                                            state.original_due)
        with pytest.raises(InvalidTransitionError, match="cap of 2"):
            apply(state, ev.ext_requested(D(2026, 5, 11), D(2026, 6, 5)), calendar=cal)
        three = replay(make_task(), log, calendar=cal, policy=LifecyclePolicy(max_extensions=3))
        after = apply(three, ev.ext_requested(D(2026, 5, 11), D(2026, 6, 5)), calendar=cal,
                      policy=LifecyclePolicy(max_extensions=3))
        assert D(2026, 6, 5) == after.pending_extension.requested_due  # type: ignore[union-attr]

    def test_cap_checked_at_approval(self, cal: Any, ev: Any, make_task: Any) -> None:
        """A request made under a cap of 3 cannot be approved under a cap of 2."""
        log = [ev.assigned(ASSIGNED_ON),
               ev.ext_requested(D(2026, 4, 20), D(2026, 5, 8)),
               ev.ext_approved(D(2026, 4, 21), D(2026, 5, 8)),
               ev.ext_requested(D(2026, 5, 4), D(2026, 5, 22)),
               ev.ext_approved(D(2026, 5, 5), D(2026, 5, 22)),
               ev.ext_requested(D(2026, 5, 11), D(2026, 6, 5))]
        state = replay(make_task(), log, calendar=cal, policy=LifecyclePolicy(max_extensions=3))
        with pytest.raises(InvalidTransitionError, match="cap of 2"):
            apply(state, ev.ext_approved(D(2026, 5, 12), D(2026, 6, 5)), calendar=cal)

    def test_rejections_do_not_count(self, cal: Any, ev: Any, make_task: Any) -> None:
        """Rejected requests do not use up the cap."""
        log = [ev.assigned(ASSIGNED_ON)]
        for day in (13, 14, 15):
            log += [ev.ext_requested(D(2026, 4, day), D(2026, 5, 8)),
                    ev.ext_rejected(D(2026, 4, day), hour=10)]
        state = replay(make_task(), log, calendar=cal)
        assert (0, 3) == (state.extensions_approved, state.extensions_rejected)

    def test_zero_cap(self, cal: Any, ev: Any, make_task: Any) -> None:
        """max_extensions=0 forbids any request."""
        policy = LifecyclePolicy(max_extensions=0)
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal, policy=policy)
        with pytest.raises(InvalidTransitionError, match="cap of 0"):
            apply(state, ev.ext_requested(LATER, D(2026, 5, 8)), calendar=cal, policy=policy)

    def test_no_deadline(self, cal: Any, ev: Any, make_task: Any) -> None:
        """A task without a deadline cannot be extended."""
        state = replay(make_task(due=None), [ev.assigned(ASSIGNED_ON)], calendar=cal)
        with pytest.raises(InvalidTransitionError, match="no deadline"):
            apply(state, ev.ext_requested(LATER, D(2026, 5, 8)), calendar=cal)

    @pytest.mark.parametrize("requested", [DUE, D(2026, 4, 20)])
    def test_requested_due_not_later(self, cal: Any, ev: Any, make_task: Any,
                                     requested: date) -> None:
        """A requested date on or before the current due date is refused."""
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal)
        with pytest.raises(InvalidTransitionError, match="must be after"):
            apply(state, ev.ext_requested(LATER, requested), calendar=cal)

    def test_approved_date_not_later(self, cal: Any, ev: Any, make_task: Any) -> None:
        """An approved date on or before the current due date is refused."""
        state = self._requested(cal, ev, make_task)
        with pytest.raises(InvalidTransitionError, match="must be after"):
            apply(state, ev.ext_approved(D(2026, 4, 21), DUE), calendar=cal)

    def test_request_on_due_date(self, cal: Any, ev: Any, make_task: Any) -> None:
        """A request dated on the due date itself is in time (the day ends at 24:00)."""
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal)
        after = apply(state, ev.ext_requested(DUE, D(2026, 5, 8)), calendar=cal)
        assert DUE == after.pending_extension.requested_on  # type: ignore[union-attr]

    def test_request_after_due(self, cal: Any, ev: Any, make_task: Any) -> None:
        """A request the day after the due date is refused, unless the policy allows it."""
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal)
        late = ev.ext_requested(D(2026, 4, 25), D(2026, 5, 8))
        with pytest.raises(InvalidTransitionError, match="extension_requests_before_due"):
            apply(state, late, calendar=cal)
        lenient = LifecyclePolicy(extension_requests_before_due=False)
        assert late.requested_due == apply(
            state, late, calendar=cal, policy=lenient
        ).pending_extension.requested_due  # type: ignore[union-attr]

    def test_in_review(self, cal: Any, ev: Any, make_task: Any) -> None:
        """No request while the result is under review."""
        state = replay(make_task(), _prefix(ev, "IN_REVIEW"), calendar=cal)
        with pytest.raises(InvalidTransitionError, match="allowed only in"):
            apply(state, ev.ext_requested(LATER, D(2026, 5, 8)), calendar=cal)

    def test_after_completion(self, cal: Any, ev: Any, make_task: Any) -> None:
        """Completion drops a pending request; approving it afterwards is refused."""
        log = [ev.assigned(ASSIGNED_ON), ev.ext_requested(D(2026, 4, 20), D(2026, 5, 8)),
               ev.completed(D(2026, 4, 21))]
        state = replay(make_task(), log, calendar=cal)
        assert (TaskPhase.COMPLETED, None) == (state.phase, state.pending_extension)
        with pytest.raises(InvalidTransitionError, match="closed"):
            apply(state, ev.ext_approved(D(2026, 4, 22), D(2026, 5, 8)), calendar=cal)
        with pytest.raises(InvalidTransitionError, match="closed"):
            apply(state, ev.ext_requested(D(2026, 4, 22), D(2026, 5, 8)), calendar=cal)


class TestPauses:
    @pytest.mark.parametrize(
        ("paused", "resumed", "days", "credited", "new_due"),
        [
            # (20/04, 29/04]: 21,22,23,24 (25-26 weekend, 27 Hùng Kings substitute), 28,
            # 29 → 6; 6th working day after Fri 24/04 skipping 30/04, 01/05 and the
            # weekend: 28, 29, 04/05, 05, 06, 07 → Thu 07/05/2026.
            (D(2026, 4, 20), D(2026, 4, 29), 6, True, D(2026, 5, 7)),
            # Paused on the due date, resumed Tue 28/04: only 28/04 counts → due 28/04.
            (DUE, D(2026, 4, 28), 1, True, D(2026, 4, 28)),
            # Same-day pause and resume: nothing moves.
            (D(2026, 4, 15), D(2026, 4, 15), 0, True, DUE),
            # Paused after the due date (already overdue): (28/04, 04/05] = 29/04, 04/05
            # → 2 days, not credited.
            (D(2026, 4, 28), D(2026, 5, 4), 2, False, DUE),
            # Paused Fri 13/02/2026, resumed Mon 23/02/2026 over Tết: 1 working day.
            (D(2026, 2, 13), D(2026, 2, 23), 1, True, D(2026, 4, 28)),
        ])
    def test_due_moves(self, cal: Any, ev: Any, make_task: Any, paused: date, resumed: date,
                       days: int, credited: bool, new_due: date) -> None:
        """The due date moves by the paused working days (hand-computed around holidays)."""
        assigned = min(ASSIGNED_ON, paused)
        task = make_task(assigned_on=assigned)
        log = [ev.assigned(assigned), ev.paused(paused), ev.resumed(resumed, hour=10)]
        state = replay(task, log, calendar=cal)
        expected = PauseRecord(since=paused, until=resumed, working_days=days,
                               credited=credited, previous_due=DUE, new_due=new_due,
                               reason="Chờ Sở Tài chính")
        assert (expected,) == state.pauses
        assert (new_due, DUE, days if credited else 0, TaskPhase.IN_PROGRESS, None) == (
            state.current_due, state.original_due, state.paused_working_days, state.phase,
            state.paused_since)

    def test_two_pauses_add_up(self, cal: Any, ev: Any, make_task: Any) -> None:
        """Two pauses of 2 and 3 working days move the due date by 5."""
        log = [ev.assigned(ASSIGNED_ON), ev.paused(D(2026, 4, 6)), ev.resumed(D(2026, 4, 8)),
               ev.paused(D(2026, 4, 13)), ev.resumed(D(2026, 4, 16))]
        state = replay(make_task(), log, calendar=cal)
        # 5 working days after Fri 24/04: 28, 29, 04/05, 05, 06 → Wed 06/05/2026.
        assert (5, D(2026, 5, 6)) == (state.paused_working_days, state.current_due)

    def test_paused_state(self, cal: Any, ev: Any, make_task: Any) -> None:
        """While paused the state records since when and why."""
        state = replay(make_task(), _prefix(ev, "PAUSED"), calendar=cal)
        assert (D(2026, 4, 3), "Chờ Sở Tài chính", DUE) == (
            state.paused_since, state.pause_reason, state.current_due)

    def test_no_deadline_pause(self, cal: Any, ev: Any, make_task: Any) -> None:
        """Pausing a task without deadline moves nothing."""
        log = [ev.assigned(ASSIGNED_ON), ev.paused(D(2026, 4, 6)), ev.resumed(D(2026, 4, 8))]
        state = replay(make_task(due=None), log, calendar=cal)
        assert (None, 0, False) == (state.current_due, state.paused_working_days,
                                    state.pauses[0].credited)

    def test_extension_while_paused(self, cal: Any, ev: Any, make_task: Any) -> None:
        """An extension approved during a pause is then moved by the pause."""
        log = [ev.assigned(ASSIGNED_ON), ev.paused(D(2026, 4, 20)),
               ev.ext_requested(D(2026, 4, 21), D(2026, 5, 8)),
               ev.ext_approved(D(2026, 4, 22), D(2026, 5, 8)),
               ev.resumed(D(2026, 4, 22), hour=10)]
        state = replay(make_task(), log, calendar=cal)
        # (20/04, 22/04] = 2 working days; 2 after Fri 08/05 → Tue 12/05/2026.
        assert (D(2026, 5, 12), DUE, 2) == (state.current_due, state.original_due,
                                           state.paused_working_days)


class TestTransfers:
    def test_transfer(self, cal: Any, ev: Any, make_task: Any) -> None:
        """A transfer changes the lead and is recorded."""
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON), ev.transferred(LATER)],
                     calendar=cal)
        assert ("SXD", ("STC",)) == (state.lead_unit, state.coordinating_units)
        assert (TransferRecord(on=LATER, from_unit="SNV", to_unit="SXD",
                               document="NQ 190/2025/QH15", actor="chuyenvien"),) == (
            state.transfers)
        assert "SNV" == state.task.lead_unit

    def test_chain(self, cal: Any, ev: Any, make_task: Any) -> None:
        """A second transfer starts from the new lead."""
        log = [ev.assigned(ASSIGNED_ON), ev.transferred(LATER),
               ev.transferred(D(2026, 4, 9), "SXD", "SKHDT")]
        assert "SKHDT" == replay(make_task(), log, calendar=cal).lead_unit

    def test_from_wrong_unit(self, cal: Any, ev: Any, make_task: Any) -> None:
        """A transfer from a unit that is not the current lead is refused."""
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON), ev.transferred(LATER)],
                     calendar=cal)
        with pytest.raises(InvalidTransitionError, match="not the current lead"):
            apply(state, ev.transferred(D(2026, 4, 9), "SNV", "SYT"), calendar=cal)

    def test_into_coordinator(self, cal: Any, ev: Any, make_task: Any) -> None:
        """When the lead merges into a coordinating unit, it stops coordinating."""
        state = replay(make_task(coordinating=("STC", "SYT")),
                     [ev.assigned(ASSIGNED_ON), ev.transferred(LATER, "SNV", "STC")],
                     calendar=cal)
        assert ("STC", ("SYT",)) == (state.lead_unit, state.coordinating_units)


class TestOrderAndIdentity:
    def test_before_previous_event(self, cal: Any, ev: Any, make_task: Any) -> None:
        """An event earlier than the previous one is refused; the same instant is allowed."""
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON), ev.accepted(LATER, hour=10)],
                     calendar=cal)
        with pytest.raises(InvalidTransitionError, match="time order"):
            apply(state, ev.progress(LATER, 10, hour=9), calendar=cal)
        assert 10 == apply(state, ev.progress(LATER, 10, hour=10), calendar=cal).percent

    def test_before_assignment(self, cal: Any, ev: Any, make_task: Any) -> None:
        """An event dated before the assignment is refused."""
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal)
        with pytest.raises(InvalidTransitionError, match="before the assignment"):
            apply(state, ev.accepted(D(2026, 3, 31)), calendar=cal)

    def test_completed_on_before_assignment(self, cal: Any, ev: Any, make_task: Any) -> None:
        """A completion date before the assignment is refused."""
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal)
        with pytest.raises(InvalidTransitionError, match="before the assignment"):
            apply(state, ev.completed(LATER, completed_on=D(2026, 3, 30)), calendar=cal)

    def test_backdated_completion(self, cal: Any, ev: Any, make_task: Any) -> None:
        """A completion recorded later keeps its own completion date."""
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON),
                                   ev.completed(D(2026, 4, 28), completed_on=DUE)],
                     calendar=cal)
        assert (DUE, D(2026, 4, 28)) == (state.completed_on, state.last_event_on)

    def test_other_task(self, cal: Any, ev: Any, make_task: Any, make_events: Any) -> None:
        """An event of another task is refused."""
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal)
        with pytest.raises(InvalidTransitionError, match="belongs to task 'T2'"):
            apply(state, make_events("T2").accepted(LATER), calendar=cal)

    def test_bad_types(self, cal: Any, ev: Any, make_task: Any) -> None:
        """apply refuses a non-state, non-event, non-calendar or non-policy argument."""
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal)
        good = ev.accepted(LATER)
        with pytest.raises(InvalidTypeError):
            apply("state", good, calendar=cal)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            apply(state, "accepted", calendar=cal)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            apply(state, good, calendar="vn")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            apply(state, good, calendar=cal, policy={"max_extensions": 2})  # type: ignore[arg-type]


class TestFold:
    def test_initial_state(self, cal: Any, ev: Any, make_task: Any) -> None:
        """Right after assignment: phase ASSIGNED, 0 %, due dates from the task."""
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal)
        assert (TaskPhase.ASSIGNED, 0, DUE, DUE, "SNV", ("STC",), 1, ()) == (
            state.phase, state.percent, state.original_due, state.current_due,
            state.lead_unit, state.coordinating_units, state.event_count, state.history)
        assert ("T1", True, ASSIGNED_ON) == (state.task_id, state.is_open,
                                             state.last_event_on)

    def test_empty(self, cal: Any, make_task: Any) -> None:
        """An empty log is refused."""
        with pytest.raises(ValidationError, match="no events"):
            replay(make_task(), [], calendar=cal)

    def test_first_not_assigned(self, cal: Any, ev: Any, make_task: Any) -> None:
        """The log must start with TaskAssigned."""
        with pytest.raises(InvalidTransitionError, match="first event must be TaskAssigned"):
            replay(make_task(), [ev.accepted(ASSIGNED_ON)], calendar=cal)

    def test_first_of_other_task(self, cal: Any, make_task: Any, make_events: Any) -> None:
        """A log of another task is refused."""
        with pytest.raises(InvalidTransitionError, match="belongs to task 'T2'"):
            replay(make_task(), [make_events("T2").assigned(ASSIGNED_ON)], calendar=cal)

    def test_assigned_on_mismatch(self, cal: Any, ev: Any, make_task: Any) -> None:
        """TaskAssigned must be dated on the task's assignment date."""
        with pytest.raises(InvalidTransitionError, match="assigned on 2026-04-01"):
            replay(make_task(), [ev.assigned(D(2026, 4, 2))], calendar=cal)

    def test_as_of(self, cal: Any, ev: Any, make_task: Any) -> None:
        """as_of uses only events on or before that date, ignoring later bad ones."""
        log = [ev.assigned(ASSIGNED_ON), ev.progress(D(2026, 4, 6), 40),
               ev.progress(D(2026, 4, 7), 80), ev.cancelled(D(2026, 4, 8)),
               ev.progress(D(2026, 4, 9), 10)]
        assert 40 == replay(make_task(), log, calendar=cal, as_of=D(2026, 4, 6)).percent
        assert TaskPhase.CANCELLED == replay(make_task(), log[:4], calendar=cal).phase
        with pytest.raises(InvalidTransitionError):
            replay(make_task(), log, calendar=cal)

    def test_as_of_uses_vietnam_date(self, cal: Any, ev: Any, make_task: Any) -> None:
        """An event at 23:30 in Vietnam counts on that Vietnamese date."""
        late = ev.progress(D(2026, 4, 6), 40, hour=23)
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON), late], calendar=cal,
                     as_of=D(2026, 4, 6))
        assert 40 == state.percent

    def test_as_of_before_assignment(self, cal: Any, ev: Any, make_task: Any) -> None:
        """as_of before the assignment leaves nothing to replay."""
        with pytest.raises(ValidationError, match="on or before 2026-03-31"):
            replay(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal, as_of=D(2026, 3, 31))

    def test_bad_arguments(self, cal: Any, ev: Any, make_task: Any) -> None:
        """replay and start refuse wrong types."""
        from datetime import datetime

        log = [ev.assigned(ASSIGNED_ON)]
        with pytest.raises(InvalidTypeError):
            replay("T1", log, calendar=cal)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            replay(make_task(), log[0], calendar=cal)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            replay(make_task(), log, calendar=cal,
                 as_of=datetime(2026, 4, 2, 9))  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            replay(make_task(), ["assigned"], calendar=cal)  # type: ignore[list-item]
        with pytest.raises(InvalidTypeError, match="events"):
            replay(make_task(), None, calendar=cal)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="events"):
            replay(make_task(), 3, calendar=cal)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            start("T1", log[0])  # type: ignore[arg-type]

    def test_start_needs_assigned(self, ev: Any, make_task: Any) -> None:
        """start refuses any first event but TaskAssigned."""
        with pytest.raises(InvalidTransitionError, match="first event must be TaskAssigned"):
            start(make_task(), ev.accepted(ASSIGNED_ON))  # type: ignore[arg-type]

    def test_unknown_event_type(self, cal: Any, ev: Any, make_task: Any) -> None:
        """An event class outside the transition table is refused."""

        @attrs.frozen(kw_only=True)
        class Escalated(TaskEvent):
            kind: ClassVar[str] = "escalated"

        state = replay(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal)
        odd = Escalated(task_id="T1", at=ev.accepted(LATER).at, actor="vp")
        with pytest.raises(InvalidTransitionError, match="unknown event type Escalated"):
            apply(state, odd, calendar=cal)

    def test_start(self, ev: Any, make_task: Any) -> None:
        """start builds the state of a freshly assigned task."""
        state = start(make_task(), ev.assigned(ASSIGNED_ON))
        assert (TaskPhase.ASSIGNED, DUE) == (state.phase, state.current_due)


# -- property tests -----------------------------------------------------------------------

KINDS = ["accepted", "refused", "progress", "ext_requested", "ext_approved", "ext_rejected",
         "paused", "resumed", "submitted", "returned", "completed", "cancelled",
         "transferred", "other_task"]

#: Closing events are drawn less often so that logs reach deeper states.
WEIGHTED = [k for k in KINDS for _ in range(1 if k in ("refused", "completed", "cancelled")
                                            else 4)]

spec = st.tuples(st.sampled_from(WEIGHTED), st.integers(-1, 6), st.integers(0, 100),
                 st.integers(-5, 40), st.booleans())


def _build(ev: Any, other: Any, day: date, kind: str, percent: int, shift: int,
           flag: bool, lead: str) -> TaskEvent:
    """Build one candidate event; roughly half of them are invalid where they land."""
    target = DUE + timedelta(days=shift)
    units = ["SNV", "SXD", "STC", "SYT"]
    return {
        "accepted": lambda: ev.accepted(day),
        "refused": lambda: ev.refused(day),
        "progress": lambda: ev.progress(day, percent,
                                        regression_reason="Điều chỉnh" if flag else None),
        "ext_requested": lambda: ev.ext_requested(day, target),
        "ext_approved": lambda: ev.ext_approved(day, target),
        "ext_rejected": lambda: ev.ext_rejected(day),
        "paused": lambda: ev.paused(day),
        "resumed": lambda: ev.resumed(day),
        "submitted": lambda: ev.submitted(day),
        "returned": lambda: ev.returned(day),
        "completed": lambda: ev.completed(day, completed_on=day - timedelta(days=percent % 3)),
        "cancelled": lambda: ev.cancelled(day),
        "transferred": lambda: ev.transferred(
            day, lead if flag else "SYT",
            units[percent % 4] if units[percent % 4] != (lead if flag else "SYT") else "SKH"),
        "other_task": lambda: other.accepted(day),
    }[kind]()


def _check_invariants(state: TaskState, policy: LifecyclePolicy) -> None:
    assert 0 <= state.percent <= 100
    if state.phase is TaskPhase.COMPLETED:
        assert state.percent == 100
        assert state.completed_on is not None
    assert 0 <= state.extensions_approved <= policy.max_extensions
    assert state.original_due == state.task.due_date
    assert (state.current_due is None) == (state.original_due is None)
    if state.current_due is not None and state.original_due is not None:
        assert state.current_due >= state.original_due
    assert (state.paused_since is not None) == (state.phase is TaskPhase.PAUSED)
    if not state.is_open:
        assert state.pending_extension is None
    assert state.lead_unit not in state.coordinating_units
    assert state.paused_working_days >= 0
    assert len(state.history) == (state.extensions_approved + state.extensions_rejected
                                  + len(state.pauses) + len(state.transfers))
    assert state.paused_working_days == sum(p.working_days for p in state.pauses
                                            if p.credited)
    # The current due date is the original one moved by each recorded change, in order.
    due = state.original_due
    for rec in state.history:
        if isinstance(rec, ExtensionRecord | PauseRecord):
            assert rec.previous_due == due
            due = rec.new_due
    assert state.current_due == due


class TestProperties:
    @settings(max_examples=300, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(specs=st.lists(spec, max_size=25), policy=st.builds(
        LifecyclePolicy, max_extensions=st.integers(0, 3), require_acceptance=st.booleans(),
        extension_requests_before_due=st.booleans(), require_review=st.booleans()))
    def test_random_logs(self, cal: Any, ev: Any, make_task: Any, make_events: Any,
                         specs: list[tuple[str, int, int, int, bool]],
                         policy: LifecyclePolicy) -> None:
        """Random event streams never break an invariant; refused events change nothing;
        the accepted events replay to the same state; as_of ignores later events."""
        task = make_task()
        other = make_events("T2")
        state = replay(task, [ev.assigned(ASSIGNED_ON)], calendar=cal, policy=policy)
        accepted: list[TaskEvent] = [ev.assigned(ASSIGNED_ON)]
        day = ASSIGNED_ON
        for kind, step, percent, shift, flag in specs:
            day = max(day + timedelta(days=step), ASSIGNED_ON - timedelta(days=1))
            event = _build(ev, other, day, kind, percent, shift, flag, state.lead_unit)
            before = state
            try:
                state = apply(state, event, calendar=cal, policy=policy)
            except InvalidTransitionError:
                assert before == state
            else:
                accepted.append(event)
                assert state.event_count == len(accepted)
                if isinstance(event, ProgressReported) and event.regression_reason is None:
                    assert event.percent >= before.percent
            _check_invariants(state, policy)
        assert state == replay(task, accepted, calendar=cal, policy=policy)
        cut = accepted[len(accepted) // 2].on
        prefix = [e for e in accepted if e.on <= cut]
        junk = [ev.progress(cut + timedelta(days=1), 0), ev.assigned(cut + timedelta(days=2))]
        assert replay(task, prefix, calendar=cal, policy=policy) == replay(
            task, [*accepted, *junk], calendar=cal, policy=policy, as_of=cut)


class TestFoldAlias:
    def test_fold_warns_and_replays(self, cal: Any, ev: Any, make_task: Any) -> None:
        """lifecycle.fold (the old name; text.fold strips diacritics) warns and returns what
        replay returns: assigned 01/04/2026, accepted 03/04 -> IN_PROGRESS, due 24/04."""
        log = [ev.assigned(ASSIGNED_ON), ev.accepted(D(2026, 4, 3))]
        with pytest.warns(DirectiveTrackerDeprecationWarning, match="lifecycle.replay"):
            old = fold(make_task(), log, calendar=cal)
        new = replay(make_task(), log, calendar=cal)
        assert old == new
        assert (TaskPhase.IN_PROGRESS, DUE) == (new.phase, new.current_due)

    def test_fold_warning_points_at_the_caller(self, cal: Any, ev: Any,
                                                make_task: Any) -> None:
        """The warning is attributed to the calling file (stacklevel 2), not lifecycle.py."""
        with pytest.warns(DirectiveTrackerDeprecationWarning) as record:
            fold(make_task(), [ev.assigned(ASSIGNED_ON)], calendar=cal)
        assert __file__ == record[0].filename

    def test_fold_errors_unchanged(self, cal: Any, make_task: Any) -> None:
        """The alias raises what replay raises (an empty log)."""
        with pytest.warns(DirectiveTrackerDeprecationWarning), \
                pytest.raises(ValidationError, match="no events"):
            fold(make_task(), [], calendar=cal)
