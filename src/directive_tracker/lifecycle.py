# SPDX-License-Identifier: MIT
"""
A task's current state, replayed from its append-only event log.

:func:`replay` replays a task's events (:mod:`directive_tracker.events`) through
:func:`apply`, which checks each event against the state so far and returns the next
:class:`TaskState`.  An event that is not allowed raises
:class:`~directive_tracker.exceptions.InvalidTransitionError` and changes nothing (states
are immutable, so the caller's state is untouched).

Phases
------
``ASSIGNED`` (awaiting acceptance), ``IN_PROGRESS`` (accepted), ``PAUSED`` (clock
stopped), ``IN_REVIEW`` (result submitted, awaiting the assigner), and the terminal
phases ``COMPLETED``, ``CANCELLED`` and ``REFUSED``.  No event is accepted in a terminal
phase.

Transition table
----------------
``A*`` means: allowed in ``ASSIGNED`` only when ``policy.require_acceptance`` is False;
the event then implicitly accepts the task (``accepted_on`` = the event's date) and the
phase becomes ``IN_PROGRESS`` before the event's own effect.

================== ========================= ============== ==============================
Event              Allowed in                Next phase     Further guards
================== ========================= ============== ==============================
TaskAssigned       first event only          ASSIGNED       ``on == task.assigned_on``
TaskAccepted       ASSIGNED                  IN_PROGRESS
TaskRefused        ASSIGNED                  REFUSED
ProgressReported   A*, IN_PROGRESS, PAUSED   unchanged      percent below the last one
                                                            needs ``regression_reason``
ExtensionRequested A*, IN_PROGRESS, PAUSED   unchanged      task has a due date; no
                                                            request pending; approved
                                                            extensions < cap;
                                                            ``requested_due`` after the
                                                            current due date; with
                                                            ``extension_requests_before_due``
                                                            ``on <= current_due``
ExtensionApproved  any open phase            unchanged      a request is pending;
                                                            ``new_due`` after the current
                                                            due date; cap not exceeded
ExtensionRejected  any open phase            unchanged      a request is pending
TaskPaused         A*, IN_PROGRESS           PAUSED
TaskResumed        PAUSED                    IN_PROGRESS    moves the due date (below)
SubmittedForReview A*, IN_PROGRESS           IN_REVIEW
ReturnedForRework  IN_REVIEW                 IN_PROGRESS
TaskCompleted      A*, IN_PROGRESS,          COMPLETED      ``completed_on >=
                   IN_REVIEW (only IN_REVIEW                task.assigned_on``; drops a
                   with ``require_review``)                 pending extension request
TaskCancelled      any open phase            CANCELLED      drops a pending request and
                                                            ends a running pause
TaskTransferred    any open phase            unchanged      ``from_unit`` is the current
                                                            lead unit
DeadlineRecomputed any open phase            unchanged      task has a due date; sets
                                                            ``current_due = new_due``
TermsChanged       any phase, also closed    unchanged      each ``previous_x`` equals
                                                            the task's term; a new lead
                                                            only if not transferred
================== ========================= ============== ==============================

"Open" phases are ASSIGNED, IN_PROGRESS, PAUSED and IN_REVIEW.  For every event:
``event.task_id`` must be the task's id, ``event.on`` must not be before
``task.assigned_on``, and ``event.at`` must not be before the previous event's ``at``
(equal instants are allowed and keep log order).

Pauses move the due date
------------------------
A pause from day *P* (the paused event's date) to day *R* (the resumed event's date)
covers ``calendar.working_days_between(P, R)`` working days: the working days in the
half-open interval (*P*, *R*], the library's counting convention.  If the pause started
on or before the current due date *D*, the clock was stopped with time left, and on
resumption the current due date becomes ``calendar.add_working_days(D, k)``; for a
working-day *D* this equals "the time left at *P*, counted again from *R*".  A pause
that starts after *D* (the task was already overdue) moves nothing: its days are
recorded in ``PauseRecord.working_days`` with ``credited=False``.
``TaskState.paused_working_days`` sums the credited days only.

Transfers
---------
A :class:`~directive_tracker.events.TaskTransferred` passes the lead to ``to_unit``.  If
``to_unit`` was a coordinating unit (two bodies merged into one), it leaves the
coordinating units, because the lead may not also coordinate (Decree 39/2022).

Calendar changes
----------------
A :class:`~directive_tracker.events.DeadlineRecomputed` (written by
:func:`directive_tracker.impact.apply_calendar_change` after a typhoon closure or a newly
announced swap) sets the current due date to its ``new_due`` and is kept in ``history``
as a :class:`RecomputeRecord`.  It is not an extension: it does not count against
``max_extensions`` and needs no request.  ``new_due`` may be earlier than the current
due date (a newly announced make-up working day).

Changes of terms
----------------
A :class:`~directive_tracker.events.TermsChanged` (written by
:meth:`directive_tracker.storage.Store.change_terms`) changes the task's content, lead
unit, coordinating units or deadline.  The stored task holds the *current* terms;
:func:`replay` starts from the terms at assignment (:func:`initial_terms` reads them back
from the log) and applies each change when its event comes, so a status as of a day
before the change uses the old terms.  A new deadline sets both the original and the
current due date to ``new_due`` (the promise itself changed; earlier extensions are
superseded) and is kept in ``history`` as a :class:`TermsRecord`, so that a task
"completed late" can become "on time" only through a visible, attributed event.  It is
allowed in every phase, also after completion (a correction of the terms).

The original due date is ``task.due_date`` as stored at assignment (never recomputed,
so an audited report stays reproducible; only a :class:`TermsChanged` changes it);
extensions, pauses and recomputations move only ``TaskState.current_due``.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import warnings
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any

import attrs

from ._validators import check_date, check_int, instance_of, is_optional_date, local_date
from .calendars import WorkingCalendar
from .events import (
    DeadlineRecomputed,
    ExtensionApproved,
    ExtensionRejected,
    ExtensionRequested,
    ProgressReported,
    ReturnedForRework,
    SubmittedForReview,
    TaskAccepted,
    TaskAssigned,
    TaskCancelled,
    TaskCompleted,
    TaskEvent,
    TaskPaused,
    TaskRefused,
    TaskResumed,
    TaskTransferred,
    TermsChanged,
)
from .exceptions import (
    DirectiveTrackerDeprecationWarning,
    InvalidTransitionError,
    InvalidTypeError,
    ValidationError,
)
from .tasks import Task

__all__ = [
    "ExtensionRecord",
    "LifecyclePolicy",
    "PauseRecord",
    "PendingExtension",
    "RecomputeRecord",
    "TaskPhase",
    "TaskState",
    "TermsRecord",
    "TransferRecord",
    "apply",
    "fold",
    "initial_terms",
    "replay",
    "replay_by_day",
    "start",
]


class TaskPhase(enum.Enum):
    """
    Where a task stands in its workflow (independent of its deadline).

    .. versionadded:: 0.1.0
    """

    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    IN_REVIEW = "in_review"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REFUSED = "refused"

    @property
    def label_vi(self) -> str:
        """Vietnamese name of the phase."""
        return _PHASE_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English name of the phase."""
        return _PHASE_LABELS[self][1]

    @property
    def is_open(self) -> bool:
        """Whether events can still change the task (not completed, cancelled or refused)."""
        return self not in _TERMINAL


_PHASE_LABELS = {
    TaskPhase.ASSIGNED: ("Đã giao, chờ tiếp nhận", "Assigned, awaiting acceptance"),
    TaskPhase.IN_PROGRESS: ("Đang thực hiện", "In progress"),
    TaskPhase.PAUSED: ("Tạm dừng", "Paused"),
    TaskPhase.IN_REVIEW: ("Chờ xác nhận kết quả", "Submitted, awaiting review"),
    TaskPhase.COMPLETED: ("Đã hoàn thành", "Completed"),
    TaskPhase.CANCELLED: ("Đã thu hồi/hủy", "Cancelled (recalled)"),
    TaskPhase.REFUSED: ("Từ chối", "Refused"),
}
_TERMINAL = frozenset({TaskPhase.COMPLETED, TaskPhase.CANCELLED, TaskPhase.REFUSED})


def _check_bool(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError(attribute.name, value, "a bool")


def _check_cap(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_int(value, attribute.name, minimum=0, maximum=1000)


@attrs.frozen(kw_only=True)
class LifecyclePolicy:
    """
    The rules an office chooses for its task workflow.

    Args:
        max_extensions: how many extensions may be *approved* per task (default 2, as in
            the QLNV system; 0 forbids extensions).  Rejected requests do not count.
            A request is refused once the cap is reached, since it could not be approved.
        require_acceptance: if True, a task must be accepted (:class:`TaskAccepted`)
            before any work event (progress, extension request, pause, submission,
            completion).  If False (default; most provincial systems have no accept
            step), the first work event in ``ASSIGNED`` implicitly accepts the task.
        extension_requests_before_due: if True (default; provincial rules require the
            request "before the deadline"), an extension request dated after the
            current due date is refused.  The due date itself is still allowed (the
            period ends at 24:00 on that day, Civil Code Art 148(6)).
        require_review: if True, a task can be completed only from ``IN_REVIEW``
            (the assigner confirms a submitted result).  Default False.
        pause_extends_decided_due: whether a pause also moves a due date that a leader
            approved while the pause was running (an extension decided on or after the
            day the pause began).  False: such a date already takes the pause into
            account and stays as approved (an extension to 06/03/2026 approved during an
            11/02–25/02/2026 pause stays 06/03, instead of 13/03); a pause still moves the
            directive's due date and any date approved before the pause began.  Default
            True, the 0.1 behaviour: every pause that began by the due date is credited,
            so replaying a stored log gives the due dates already reported.  A province
            that reads the rule as SLA users do sets False in its stored policy
            (:class:`~directive_tracker.settings.ProvincePolicy`).  See
            ``docs/concepts/working-days.md``.

    Raises:
        InvalidTypeError: a flag is not a bool, or ``max_extensions`` not an int.
        ValidationError: ``max_extensions`` outside 0..1000.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``pause_extends_decided_due``.
    """

    max_extensions: int = attrs.field(default=2, validator=_check_cap)
    require_acceptance: bool = attrs.field(default=False, validator=_check_bool)
    extension_requests_before_due: bool = attrs.field(default=True, validator=_check_bool)
    require_review: bool = attrs.field(default=False, validator=_check_bool)
    pause_extends_decided_due: bool = attrs.field(default=True, validator=_check_bool)

    def accepts_every_log_of(self, other: LifecyclePolicy) -> bool:
        """
        Whether every log that *other* accepts, this policy accepts too, replaying it to
        the same state after each event (same task, events and calendar).

        True when this policy is at most as strict as *other* on each refusal rule and
        shares its one rule that changes a state rather than refusing an event
        (``pause_extends_decided_due``): a cap at least as high, and acceptance, review
        and requests before the due date required only where *other* requires them.
        By induction over the log: from the same state, an event *other* allows passes
        every check of this policy (each refusal condition here implies *other*'s), and
        the changes it makes do not depend on the policy otherwise (an implicit
        acceptance happens only in ``ASSIGNED``, which a log accepted under
        ``require_acceptance`` never leaves by a work event; a completion from
        ``IN_REVIEW`` changes the same fields with or without ``require_review``).

        The stores use it to skip their history check (under the permissive
        :data:`~directive_tracker.integrity.STORAGE_POLICY`) for a log the status
        timeline's replay (default policy) has just accepted.

        Raises:
            InvalidTypeError: *other* is not a LifecyclePolicy.

        .. versionadded:: 0.2.0
        """
        if not isinstance(other, LifecyclePolicy):
            raise InvalidTypeError("other", other, "a LifecyclePolicy")
        return (self.max_extensions >= other.max_extensions
                and (other.require_acceptance or not self.require_acceptance)
                and (other.extension_requests_before_due
                     or not self.extension_requests_before_due)
                and (other.require_review or not self.require_review)
                and self.pause_extends_decided_due == other.pause_extends_decided_due)


@attrs.frozen(kw_only=True)
class PendingExtension:
    """
    An extension request awaiting a decision.

    .. versionadded:: 0.1.0
    """

    requested_on: date
    requested_due: date
    reason: str
    actor: str


@attrs.frozen(kw_only=True)
class ExtensionRecord:
    """
    A decided extension request (approved or rejected), kept in ``TaskState.history``.

    Args:
        requested_on: date of the request.
        requested_due: the date asked for.
        decided_on: date of the decision.
        approved: whether it was approved.
        previous_due: the current due date before the decision.
        new_due: the current due date after it (equal to ``previous_due`` if rejected).
        decider: who decided.
        reason: the request's reason (and, if rejected, the rejection reason after it).

    .. versionadded:: 0.1.0
    """

    requested_on: date
    requested_due: date
    decided_on: date
    approved: bool
    previous_due: date
    new_due: date
    decider: str
    reason: str


@attrs.frozen(kw_only=True)
class PauseRecord:
    """
    A finished pause, kept in ``TaskState.history``.

    Args:
        since: date of the pause event.
        until: date of the resume event.
        working_days: ``calendar.working_days_between(since, until)``.
        credited: whether the pause counts: it began on or before the current due date
            (always False for a task without deadline).  A credited pause of 0 working
            days moves nothing.
        previous_due: the current due date before resumption (None without deadline).
        new_due: the current due date after resumption.
        reason: the pause's reason.

    .. versionadded:: 0.1.0
    """

    since: date
    until: date
    working_days: int
    credited: bool
    previous_due: date | None
    new_due: date | None
    reason: str


@attrs.frozen(kw_only=True)
class TransferRecord:
    """
    A change of lead unit, kept in ``TaskState.history``.

    .. versionadded:: 0.1.0
    """

    on: date
    from_unit: str
    to_unit: str
    document: str
    actor: str


@attrs.frozen(kw_only=True)
class RecomputeRecord:
    """
    A recomputation of the current due date after a calendar change, kept in
    ``TaskState.history``.

    Args:
        on: date of the :class:`~directive_tracker.events.DeadlineRecomputed` event.
        previous_due: the current due date before it (as replayed).
        new_due: the current due date after it.
        document: the document deciding the calendar change.
        reason: why (e.g. the typhoon closure).
        actor: who recorded it.

    .. versionadded:: 0.1.0
    """

    on: date
    previous_due: date
    new_due: date
    document: str
    reason: str
    actor: str


@attrs.frozen(kw_only=True)
class TermsRecord:
    """
    A change of the task's terms (:class:`~directive_tracker.events.TermsChanged`), kept
    in ``TaskState.history`` so that a status explanation can name it.

    Args:
        on: date of the event.
        changed: the changed terms (``content``, ``lead_unit``, ``coordinating_units``,
            ``deadline``).
        previous_due: the original due date before the change (``task.due_date``).
        new_due: the original due date after it (equal to ``previous_due`` when the
            deadline did not change).
        reason: why.
        document: the deciding document, if any.
        actor: who recorded it.

    .. versionadded:: 0.2.0
    """

    on: date
    changed: tuple[str, ...]
    previous_due: date | None
    new_due: date | None
    reason: str
    document: str | None
    actor: str


HistoryEntry = (ExtensionRecord | PauseRecord | TransferRecord | RecomputeRecord
                | TermsRecord)


@attrs.frozen(kw_only=True)
class TaskState:
    """
    What is known about a task after replaying its events.

    Args:
        task: the task as assigned.
        phase: the :class:`TaskPhase`.
        lead_unit: the lead unit now (after transfers).
        coordinating_units: coordinating units now (a unit that became the lead by
            transfer is removed).
        percent: last reported progress, 0–100 (100 once completed).
        original_due: ``task.due_date`` (None without deadline); never changes.
        current_due: the due date after approved extensions, credited pauses and
            recomputations after calendar changes.
        extensions_approved: approved extensions so far (≤ ``policy.max_extensions``).
        extensions_rejected: rejected extension requests so far.
        pending_extension: the request awaiting a decision, if any.
        paused_since: date of the current pause (only in ``PAUSED``).
        pause_reason: reason of the current pause (only in ``PAUSED``).
        paused_working_days: working days by which pauses moved the due date.
        accepted_on: date of acceptance (explicit or implicit).
        submitted_on: date of the latest submission for review.
        review_rounds: how many times the result was submitted.
        returns: how many times it was returned for rework.
        completed_on: the completion date on-time is judged by.
        evidence: evidence document of the completion (or of the last submission).
        closed_on: date of cancellation or refusal.
        close_reason: reason of cancellation or refusal.
        last_event_at: ``at`` of the last applied event.
        event_count: how many events were applied.
        history: transfers, extension decisions, finished pauses and due-date
            recomputations, in order.

    .. versionadded:: 0.1.0
    """

    task: Task = attrs.field(validator=instance_of(Task))
    phase: TaskPhase = attrs.field(validator=instance_of(TaskPhase))
    lead_unit: str
    coordinating_units: tuple[str, ...] = ()
    percent: int = 0
    original_due: date | None = attrs.field(default=None, validator=is_optional_date)
    current_due: date | None = attrs.field(default=None, validator=is_optional_date)
    extensions_approved: int = 0
    extensions_rejected: int = 0
    pending_extension: PendingExtension | None = None
    paused_since: date | None = None
    pause_reason: str | None = None
    paused_working_days: int = 0
    accepted_on: date | None = None
    submitted_on: date | None = None
    review_rounds: int = 0
    returns: int = 0
    completed_on: date | None = None
    evidence: str | None = None
    closed_on: date | None = None
    close_reason: str | None = None
    last_event_at: datetime
    event_count: int = 1
    history: tuple[HistoryEntry, ...] = ()

    @property
    def task_id(self) -> str:
        """The task's id."""
        return self.task.id

    @property
    def is_open(self) -> bool:
        """Whether the task is still open (see :attr:`TaskPhase.is_open`)."""
        return self.phase.is_open

    @property
    def last_event_on(self) -> date:
        """The Vietnamese calendar date of the last applied event."""
        return local_date(self.last_event_at)

    @property
    def transfers(self) -> tuple[TransferRecord, ...]:
        """The transfers in ``history``."""
        return tuple(h for h in self.history if isinstance(h, TransferRecord))

    @property
    def extensions(self) -> tuple[ExtensionRecord, ...]:
        """The extension decisions in ``history``."""
        return tuple(h for h in self.history if isinstance(h, ExtensionRecord))

    @property
    def pauses(self) -> tuple[PauseRecord, ...]:
        """The finished pauses in ``history``."""
        return tuple(h for h in self.history if isinstance(h, PauseRecord))

    @property
    def recomputations(self) -> tuple[RecomputeRecord, ...]:
        """The due-date recomputations after calendar changes in ``history``."""
        return tuple(h for h in self.history if isinstance(h, RecomputeRecord))

    @property
    def term_changes(self) -> tuple[TermsRecord, ...]:
        """The changes of the task's terms in ``history`` (:class:`TermsRecord`)."""
        return tuple(h for h in self.history if isinstance(h, TermsRecord))


_STATE_FIELDS = tuple(a.name for a in attrs.fields(TaskState))
_new_state = object.__new__
_set = object.__setattr__


def _compile_evolve() -> Callable[[TaskState, dict[str, Any]], TaskState]:
    """Compile :func:`_evolve`: one statement per field of :class:`TaskState` (a loop
    over the field names with ``getattr`` took half again as long)."""
    lines = ["def _evolve(state, changes):", "    new = _new(TaskState)"]
    lines += [f"    _set(new, {name!r}, state.{name})" for name in _STATE_FIELDS]
    lines += ["    for name, value in changes.items():", "        _set(new, name, value)",
              "    return new"]
    namespace: dict[str, Any] = {"_new": _new_state, "_set": _set, "TaskState": TaskState}
    exec("\n".join(lines), namespace)  # field names are identifiers (attrs checks them)
    compiled: Callable[[TaskState, dict[str, Any]], TaskState] = namespace["_evolve"]
    compiled.__doc__ = _evolve_doc
    return compiled


_evolve_doc = """
    Return a copy of *state* with *changes* (names of fields of :class:`TaskState`),
    without re-running validators.

    The replay evolves the state once or twice per event; ``attrs.evolve`` (which re-runs
    ``__init__`` and every validator) was two thirds of its time.  Every value set here
    comes from an already validated event or state.
    """
_evolve = _compile_evolve()


_DEFAULT_POLICY = LifecyclePolicy()


class _RefusedError(Exception):
    """Internal: carries the reason an event is refused."""


Changes = dict[str, Any]


def _work(state: TaskState, event: TaskEvent, policy: LifecyclePolicy,
          allowed: tuple[TaskPhase, ...]) -> Changes:
    """Return the changes of an implicit acceptance for a work event, or refuse it."""
    if state.phase is TaskPhase.ASSIGNED:
        if policy.require_acceptance:
            raise _RefusedError("the task must be accepted first (policy require_acceptance)")
        return {"phase": TaskPhase.IN_PROGRESS, "accepted_on": event.on}
    if state.phase not in allowed:
        names = ", ".join(p.name for p in (TaskPhase.ASSIGNED, *allowed))
        raise _RefusedError(f"allowed only in {names}")
    return {}


def _need(state: TaskState, *phases: TaskPhase) -> None:
    if state.phase not in phases:
        raise _RefusedError(f"allowed only in {', '.join(p.name for p in phases)}")


def _cap_reached(policy: LifecyclePolicy) -> _RefusedError:
    return _RefusedError(f"the cap of {policy.max_extensions} approved extension(s) is "
                         "reached (policy max_extensions)")


def _due_decided_since(state: TaskState, since: date) -> bool:
    """Whether the current due date was approved by a leader on or after *since* (the
    day a pause began), i.e. knowing of the pause (``pause_extends_decided_due``)."""
    for record in reversed(state.history):
        if isinstance(record, ExtensionRecord) and record.approved:
            return record.decided_on >= since
        if isinstance(record, RecomputeRecord | PauseRecord) and record.new_due \
                != record.previous_due:
            return False
    return False


def _transition(state: TaskState, event: TaskEvent, calendar: WorkingCalendar,
                policy: LifecyclePolicy) -> Changes:
    """Return the field changes *event* makes; raise _RefusedError if it is not allowed."""
    if isinstance(event, TaskAssigned):
        raise _RefusedError("the task is already assigned; TaskAssigned must be the first "
                            "event")
    if isinstance(event, TermsChanged):
        return _terms_changes(state, event)
    if not state.phase.is_open:
        raise _RefusedError("the task is closed; no event is allowed after completion, "
                            "cancellation or refusal")
    on = event.on
    if isinstance(event, TaskAccepted):
        _need(state, TaskPhase.ASSIGNED)
        return {"phase": TaskPhase.IN_PROGRESS, "accepted_on": on}
    if isinstance(event, TaskRefused):
        _need(state, TaskPhase.ASSIGNED)
        return {"phase": TaskPhase.REFUSED, "closed_on": on, "close_reason": event.reason}
    if isinstance(event, ProgressReported):
        implicit = _work(state, event, policy, (TaskPhase.IN_PROGRESS, TaskPhase.PAUSED))
        if event.percent < state.percent and event.regression_reason is None:
            raise _RefusedError(f"progress may not go back from {state.percent}% to "
                                f"{event.percent}% without a regression_reason")
        return {**implicit, "percent": event.percent}
    if isinstance(event, ExtensionRequested):
        due = state.current_due
        if due is None:
            raise _RefusedError("the task has no deadline to extend")
        if state.pending_extension is not None:
            raise _RefusedError("an extension request is already pending; approve or reject "
                                "it first")
        if state.extensions_approved >= policy.max_extensions:
            raise _cap_reached(policy)
        if event.requested_due <= due:
            raise _RefusedError(f"requested_due {event.requested_due} must be after the "
                                f"current due date {due}")
        if policy.extension_requests_before_due and on > due:
            raise _RefusedError(f"the request is dated {on}, after the current due date {due} "
                                "(policy extension_requests_before_due)")
        implicit = _work(state, event, policy, (TaskPhase.IN_PROGRESS, TaskPhase.PAUSED))
        return {**implicit, "pending_extension": PendingExtension(
            requested_on=on, requested_due=event.requested_due, reason=event.reason,
            actor=event.actor)}
    if isinstance(event, ExtensionApproved | ExtensionRejected):
        pending = state.pending_extension
        if pending is None:
            raise _RefusedError("no extension request is pending")
        due = state.current_due
        assert due is not None  # a request needs a due date
        if isinstance(event, ExtensionRejected):
            rec = ExtensionRecord(
                requested_on=pending.requested_on, requested_due=pending.requested_due,
                decided_on=on, approved=False, previous_due=due, new_due=due,
                decider=event.decider, reason=f"{pending.reason} / {event.reason}")
            return {"pending_extension": None,
                    "extensions_rejected": state.extensions_rejected + 1,
                    "history": (*state.history, rec)}
        if event.new_due <= due:
            raise _RefusedError(f"new_due {event.new_due} must be after the current due date "
                                f"{due}")
        if state.extensions_approved >= policy.max_extensions:
            raise _cap_reached(policy)
        rec = ExtensionRecord(
            requested_on=pending.requested_on, requested_due=pending.requested_due,
            decided_on=on, approved=True, previous_due=due, new_due=event.new_due,
            decider=event.decider, reason=pending.reason)
        return {"pending_extension": None, "current_due": event.new_due,
                "extensions_approved": state.extensions_approved + 1,
                "history": (*state.history, rec)}
    if isinstance(event, TaskPaused):
        implicit = _work(state, event, policy, (TaskPhase.IN_PROGRESS,))
        return {**implicit, "phase": TaskPhase.PAUSED, "paused_since": on,
                "pause_reason": event.reason}
    if isinstance(event, TaskResumed):
        _need(state, TaskPhase.PAUSED)
        since = state.paused_since
        assert since is not None
        days = calendar.working_days_between(since, on)
        due = state.current_due
        credited = due is not None and since <= due and (
            policy.pause_extends_decided_due or not _due_decided_since(state, since))
        new_due = due
        if credited and due is not None and days > 0:
            new_due = calendar.add_working_days(due, days)
        pause = PauseRecord(since=since, until=on, working_days=days, credited=credited,
                            previous_due=due, new_due=new_due,
                            reason=state.pause_reason or "")
        return {"phase": TaskPhase.IN_PROGRESS, "paused_since": None, "pause_reason": None,
                "current_due": new_due,
                "paused_working_days": state.paused_working_days + (days if credited else 0),
                "history": (*state.history, pause)}
    if isinstance(event, SubmittedForReview):
        implicit = _work(state, event, policy, (TaskPhase.IN_PROGRESS,))
        return {**implicit, "phase": TaskPhase.IN_REVIEW, "submitted_on": on,
                "review_rounds": state.review_rounds + 1,
                "evidence": event.evidence or state.evidence}
    if isinstance(event, ReturnedForRework):
        _need(state, TaskPhase.IN_REVIEW)
        return {"phase": TaskPhase.IN_PROGRESS, "returns": state.returns + 1}
    if isinstance(event, TaskCompleted):
        if event.completed_on < state.task.assigned_on:
            raise _RefusedError(f"completed_on {event.completed_on} is before the assignment "
                                f"on {state.task.assigned_on}")
        if policy.require_review:
            _need(state, TaskPhase.IN_REVIEW)
            implicit = {}
        else:
            implicit = _work(state, event, policy, (TaskPhase.IN_PROGRESS,
                                                    TaskPhase.IN_REVIEW))
        return {**implicit, "phase": TaskPhase.COMPLETED, "percent": 100,
                "completed_on": event.completed_on, "pending_extension": None,
                "evidence": event.evidence or state.evidence}
    if isinstance(event, TaskCancelled):
        return {"phase": TaskPhase.CANCELLED, "closed_on": on, "close_reason": event.reason,
                "pending_extension": None, "paused_since": None, "pause_reason": None}
    if isinstance(event, TaskTransferred):
        if event.from_unit != state.lead_unit:
            raise _RefusedError(f"from_unit {event.from_unit!r} is not the current lead unit "
                                f"{state.lead_unit!r}")
        transfer = TransferRecord(on=on, from_unit=event.from_unit, to_unit=event.to_unit,
                                  document=event.document, actor=event.actor)
        coord = tuple(c for c in state.coordinating_units if c != event.to_unit)
        return {"lead_unit": event.to_unit, "coordinating_units": coord,
                "history": (*state.history, transfer)}
    if isinstance(event, DeadlineRecomputed):
        due = state.current_due
        if due is None:
            raise _RefusedError("the task has no deadline to recompute")
        recomputed = RecomputeRecord(on=on, previous_due=due, new_due=event.new_due,
                                     document=event.document, reason=event.reason,
                                     actor=event.actor)
        return {"current_due": event.new_due, "history": (*state.history, recomputed)}
    raise _RefusedError(f"unknown event type {type(event).__name__}")


#: The task fields a :class:`TermsChanged` may change, by the event's field suffix.
_TERM_FIELDS = (("content", "content"), ("lead_unit", "lead_unit"),
                ("coordinating_units", "coordinating_units"), ("deadline", "deadline"))


def _terms_changes(state: TaskState, event: TermsChanged) -> Changes:
    """Apply a change of terms: check each ``previous_x`` against the state, set ``new_x``."""
    task = state.task
    updates: dict[str, Any] = {}
    for suffix, field in _TERM_FIELDS:
        new = getattr(event, "new_" + suffix)
        if new is None:
            continue
        before = getattr(event, "previous_" + suffix)
        if before != getattr(task, field):
            raise _RefusedError(f"previous_{suffix} {before!r} is not the task's {field} "
                                f"{getattr(task, field)!r}")
        updates[field] = new
    if event.new_deadline is not None:
        if event.previous_due != task.due_date:
            raise _RefusedError(f"previous_due {event.previous_due} is not the task's due "
                                f"date {task.due_date}")
        updates["due_date"] = event.new_due
    changes: Changes = {}
    lead = updates.get("lead_unit")
    if lead is not None:
        if state.lead_unit != task.lead_unit:
            raise _RefusedError(f"the lead was transferred to {state.lead_unit!r}; a change "
                                "of lead after a transfer is another transfer "
                                "(TaskTransferred)")
        changes["lead_unit"] = lead
    coord = updates.get("coordinating_units")
    lead_now = changes.get("lead_unit", state.lead_unit)
    if lead is not None or coord is not None:
        units = coord if coord is not None else state.coordinating_units
        changes["coordinating_units"] = tuple(u for u in units if u != lead_now)
    try:
        changes["task"] = attrs.evolve(task, **updates)
    except ValidationError as exc:  # e.g. the new lead is also a coordinating unit
        raise _RefusedError(str(exc)) from None
    if "due_date" in updates:
        new_due = updates["due_date"]
        changes["original_due"] = new_due
        changes["current_due"] = new_due
        if new_due is None:
            changes["pending_extension"] = None
    record = TermsRecord(on=event.on, changed=event.changed_terms,
                         previous_due=task.due_date, new_due=updates.get("due_date",
                                                                         task.due_date),
                         reason=event.reason, document=event.document, actor=event.actor)
    changes["history"] = (*state.history, record)
    return changes


def initial_terms(task: Task, events: Iterable[TaskEvent]) -> Task:
    """
    Return *task* with the terms it had when it was assigned, read back from its log.

    The stored task holds the *current* terms (content, lead unit, coordinating units,
    deadline rule and due date); every :class:`~directive_tracker.events.TermsChanged`
    in *events* records the values before and after a change.  Going through them from
    the last to the first and putting back each ``previous_x`` gives the terms at
    assignment, from which :func:`replay` starts.  Without such events *task* itself is
    returned.  The values are taken from the events as they are (a stored task that
    disagrees with its last change is reported by
    :func:`directive_tracker.integrity.verify_chain`, not here).

    .. versionadded:: 0.2.0
    """
    changes = [e for e in events if isinstance(e, TermsChanged)]
    if not changes:
        return task
    updates: dict[str, Any] = {}
    for ev in reversed(changes):
        for suffix, field in _TERM_FIELDS:
            before = getattr(ev, "previous_" + suffix)
            if before is not None:
                updates[field] = before
        if ev.previous_deadline is not None:
            updates["due_date"] = ev.previous_due
    try:
        return attrs.evolve(task, **updates)
    except ValidationError:
        return task  # an inconsistent log: replay refuses it at the change itself


def _check_event_for(task: Task, event: object, state_name: str) -> TaskEvent:
    if not isinstance(event, TaskEvent):
        raise InvalidTypeError("event", event, "a TaskEvent")
    if event.task_id != task.id:
        raise InvalidTransitionError(
            f"the event belongs to task {event.task_id!r}", task_id=task.id,
            event_kind=event.kind, state=state_name)
    if event.on < task.assigned_on:
        raise InvalidTransitionError(
            f"the event is dated {event.on}, before the assignment on {task.assigned_on}",
            task_id=task.id, event_kind=event.kind, state=state_name)
    return event


def apply(state: TaskState, event: TaskEvent, *, calendar: WorkingCalendar,
          policy: LifecyclePolicy | None = None) -> TaskState:
    """
    Return the state after *event*, or raise if the event is not allowed.

    See the module docstring for the transition table.  *state* is never changed.

    Args:
        state: the state so far (from :func:`replay`).
        event: the next event of the same task.
        calendar: the working-day calendar (used when a pause ends).
        policy: the :class:`LifecyclePolicy` (default: ``LifecyclePolicy()``).

    Returns:
        A new :class:`TaskState`.

    Raises:
        InvalidTypeError: *state*, *event*, *calendar* or *policy* has the wrong type.
        InvalidTransitionError: the event is not allowed in *state* (wrong task, dated
            before the assignment or before the previous event, or against the table).
        DateOutOfRangeError: a pause ends outside the calendar's supported range.

    .. versionadded:: 0.1.0
    """
    if not isinstance(state, TaskState):
        raise InvalidTypeError("state", state, "a TaskState")
    if not isinstance(calendar, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar")
    if policy is None:
        policy = _DEFAULT_POLICY
    elif not isinstance(policy, LifecyclePolicy):
        raise InvalidTypeError("policy", policy, "a LifecyclePolicy")
    ev = _check_event_for(state.task, event, state.phase.value)
    if ev.at < state.last_event_at:
        raise InvalidTransitionError(
            f"the event at {ev.at.isoformat()} is before the previous event at "
            f"{state.last_event_at.isoformat()}; events must be in time order",
            task_id=state.task_id, event_kind=ev.kind, state=state.phase.value)
    try:
        changes = _transition(state, ev, calendar, policy)
    except _RefusedError as exc:
        raise InvalidTransitionError(str(exc), task_id=state.task_id, event_kind=ev.kind,
                                     state=state.phase.value) from None
    changes["last_event_at"] = ev.at
    changes["event_count"] = state.event_count + 1
    return _evolve(state, changes)


def start(task: Task, event: TaskAssigned) -> TaskState:
    """
    Return the state right after the task's first event, :class:`TaskAssigned`.

    Raises:
        InvalidTypeError: *task* is not a Task or *event* not a TaskEvent.
        InvalidTransitionError: *event* is not a TaskAssigned, belongs to another task,
            or its date differs from ``task.assigned_on``.

    .. versionadded:: 0.1.0
    """
    if not isinstance(task, Task):
        raise InvalidTypeError("task", task, "a Task")
    ev = _check_event_for(task, event, "new")
    if not isinstance(ev, TaskAssigned):
        raise InvalidTransitionError("the first event must be TaskAssigned",
                                     task_id=task.id, event_kind=ev.kind, state="new")
    if ev.on != task.assigned_on:
        raise InvalidTransitionError(
            f"TaskAssigned is dated {ev.on} but the task was assigned on {task.assigned_on}",
            task_id=task.id, event_kind=ev.kind, state="new")
    return TaskState(task=task, phase=TaskPhase.ASSIGNED, lead_unit=task.lead_unit,
                     coordinating_units=task.coordinating_units,
                     original_due=task.due_date, current_due=task.due_date,
                     last_event_at=ev.at, event_count=1)


def replay(task: Task, events: Iterable[TaskEvent], *, calendar: WorkingCalendar,
           policy: LifecyclePolicy | None = None, as_of: date | None = None) -> TaskState:
    """
    Replay *events* (in log order) and return the task's state.

    Formerly :func:`fold`, a name that :func:`directive_tracker.text.fold` (strip
    diacritics) also uses; ``fold`` remains as a deprecated alias.

    Args:
        task: the task.
        events: its events in the order they were recorded; the first must be
            :class:`TaskAssigned` dated ``task.assigned_on``.  Pass the whole log and
            let *as_of* leave out the later events: the stored task holds its current
            terms, which are read back to those in force on *as_of* through the
            :class:`~directive_tracker.events.TermsChanged` events, also the later ones
            (a log cut at *as_of* by the store would lose them).
        calendar: the working-day calendar.
        policy: the :class:`LifecyclePolicy` (default ``LifecyclePolicy()``).
        as_of: if given, only events with ``event.on <= as_of`` (Vietnamese date of
            ``at``) are used, so later events, valid or not, cannot change the result,
            and days are counted with ``calendar.as_known_on(as_of)``, so a calendar
            fact decided later (a closure, a new notice) cannot change it either.

    Returns:
        The :class:`TaskState` after the last used event.

    Events that name an occurrence of a periodic duty (``event.occurrence`` set) are not
    replayed here: they belong to that occurrence alone, which
    :func:`directive_tracker.occurrences.occurrence_state` replays with the series
    events.  So the state of a periodic task is its series' (lead unit, acceptance,
    transfers, cancellation) plus the events without a key, its first occurrence's.

    Raises:
        InvalidTypeError: wrong argument types.
        ValidationError: no event is left to replay (an empty log, or *as_of* before
            the assignment).
        InvalidTransitionError: an event is not allowed (see :func:`apply`).

    A pause from Mon 20/04/2026 to Wed 29/04/2026 covers 6 working days (27/04 is the
    Hùng Kings substitute day off), so a due date of Fri 24/04 moves 6 working days,
    over the 30/04–01/05 holidays, to Thu 07/05/2026:

    >>> from datetime import date, datetime
    >>> from zoneinfo import ZoneInfo
    >>> from directive_tracker.calendars import vietnam_calendar
    >>> from directive_tracker.deadlines import FixedDate
    >>> from directive_tracker.events import TaskAssigned, TaskPaused, TaskResumed
    >>> from directive_tracker.lifecycle import replay
    >>> from directive_tracker.tasks import Task
    >>> vn = ZoneInfo("Asia/Ho_Chi_Minh")
    >>> task = Task(id="T1", directive_id="KH1", content="Rà soát", lead_unit="SNV",
    ...             deadline=FixedDate(date=date(2026, 4, 24)), anchor=date(2026, 4, 1),
    ...             due_date=date(2026, 4, 24), assigned_on=date(2026, 4, 1))
    >>> log = [TaskAssigned(task_id="T1", at=datetime(2026, 4, 1, 9, tzinfo=vn), actor="vt"),
    ...        TaskPaused(task_id="T1", at=datetime(2026, 4, 20, 9, tzinfo=vn), actor="snv",
    ...                   reason="Chờ Sở Tài chính"),
    ...        TaskResumed(task_id="T1", at=datetime(2026, 4, 29, 9, tzinfo=vn), actor="snv")]
    >>> state = replay(task, log, calendar=vietnam_calendar())
    >>> state.paused_working_days, state.current_due, state.original_due
    (6, datetime.date(2026, 5, 7), datetime.date(2026, 4, 24))

    .. versionadded:: 0.1.0
       (as ``fold``; renamed ``replay`` before the release)
    """
    if not isinstance(task, Task):
        raise InvalidTypeError("task", task, "a Task")
    if as_of is not None:
        check_date(as_of, "as_of")
        if isinstance(calendar, WorkingCalendar):
            calendar = calendar.as_known_on(as_of)  # the calendar as known on as_of
    if isinstance(events, TaskEvent | str | bytes) or not isinstance(events, Iterable):
        raise InvalidTypeError("events", events, "an iterable of TaskEvent")
    log = list(events)
    used = [e for e in log if (as_of is None or not isinstance(e, TaskEvent)
                               or e.on <= as_of)
            and getattr(e, "occurrence", None) is None]
    state = _begin(task, used, as_of, log)
    for ev in used[1:]:
        state = apply(state, ev, calendar=calendar, policy=policy)
    return state


def _begin(task: Task, used: list[TaskEvent], as_of: date | None,
           log: list[TaskEvent]) -> TaskState:
    """The state after the first of *used*, which must be TaskAssigned (replay's check);
    *log* is the whole log (its term changes give the terms at assignment)."""
    if not used:
        when = f" on or before {as_of}" if as_of is not None else ""
        raise ValidationError(
            f"task {task.id!r} has no events{when}; its log must start with TaskAssigned "
            f"(assigned on {task.assigned_on})", task_id=task.id)
    # The stored task holds the current terms; start from those at assignment (the
    # whole log's changes are undone, those up to as_of are applied again below).
    task = initial_terms(task, [e for e in log if isinstance(e, TermsChanged)])
    first = used[0]
    if not isinstance(first, TaskAssigned):
        _check_event_for(task, first, "new")
        raise InvalidTransitionError("the first event must be TaskAssigned",
                                     task_id=task.id, event_kind=first.kind, state="new")
    return start(task, first)


def replay_by_day(task: Task, events: Iterable[TaskEvent], *, calendar: WorkingCalendar,
                  policy: LifecyclePolicy | None = None,
                  as_known_each_day: bool = True) -> Iterator[tuple[date, TaskState]]:
    """
    Replay *events* once and yield ``(day, state)`` after the last event of each day.

    *day* is an event date (``event.on``, in Vietnam); *state* is what
    ``replay(task, events, as_of=day)`` returns: the events up to *day*, their days
    counted with ``calendar.as_known_on(day)``.  It holds for every later *d* up to the
    day before the next yielded one as long as no calendar fact becomes known in between
    (``calendar.as_known_on(d)`` is the same); days without events are not yielded.
    The log is checked as a whole, as by :func:`replay` without
    *as_of*; the error is raised when the replay reaches the offending event.

    Args:
        task, events, calendar, policy: as in :func:`replay`.
        as_known_each_day: True (default): each day's state counts days with the
            calendar as known on that day, as above.  False: with *calendar* as it is
            for every day, which is ``replay(task, events, as_of=d)`` for the days *d*
            on which *calendar* is fully known (``calendar.as_known_on(d) is
            calendar``): what the stores' status timelines answer (they apply only to
            such days).

    Yields:
        ``(day, state)`` pairs in increasing *day* order; the first *day* is
        ``task.assigned_on``.

    .. versionchanged:: 0.2.0
       Each day's state counts days with the calendar as known on that day
       (``as_known_each_day``); it used *calendar* as given.

    Raises:
        InvalidTypeError, ValidationError, InvalidTransitionError: as :func:`replay`.

    .. versionadded:: 0.1.0
    """
    if not isinstance(task, Task):
        raise InvalidTypeError("task", task, "a Task")
    if isinstance(events, TaskEvent | str | bytes) or not isinstance(events, Iterable):
        raise InvalidTypeError("events", events, "an iterable of TaskEvent")
    if not isinstance(as_known_each_day, bool):
        raise InvalidTypeError("as_known_each_day", as_known_each_day, "a bool")
    each_day = as_known_each_day and isinstance(calendar, WorkingCalendar)
    log = [e for e in events if getattr(e, "occurrence", None) is None]  # as replay
    state = _begin(task, log, None, log)
    day = task.assigned_on
    known = calendar.as_known_on(day) if each_day else calendar
    for i, ev in enumerate(log[1:], 1):
        on = ev.on if isinstance(ev, TaskEvent) else day
        if on != day:
            yield day, state
            day = on
            if each_day and calendar.as_known_on(day) is not known:
                # A calendar fact became known (a notice, a closure): the days of the
                # earlier events are counted again with it, as replay(as_of=day) does.
                known = calendar.as_known_on(day)
                state = _begin(task, log, None, log)
                for earlier in log[1:i]:
                    state = apply(state, earlier, calendar=known, policy=policy)
        state = apply(state, ev, calendar=known, policy=policy)
    yield day, state


def fold(task: Task, events: Iterable[TaskEvent], *, calendar: WorkingCalendar,
         policy: LifecyclePolicy | None = None, as_of: date | None = None) -> TaskState:
    """
    Deprecated alias of :func:`replay` (same arguments, result and errors).

    The name ``fold`` also means "strip diacritics" (:func:`directive_tracker.text.fold`),
    so the lifecycle's replay of events is now called :func:`replay`.

    Warns:
        DirectiveTrackerDeprecationWarning: on every call.

    .. deprecated:: 0.1.0
       Use :func:`replay`.
    """
    warnings.warn("directive_tracker.lifecycle.fold is deprecated: use "
                  "directive_tracker.lifecycle.replay (text.fold strips diacritics)",
                  DirectiveTrackerDeprecationWarning, stacklevel=2)
    return replay(task, events, calendar=calendar, policy=policy, as_of=as_of)
