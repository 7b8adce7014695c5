# SPDX-License-Identifier: MIT
"""
Is a stored history one the lifecycle accepts?  One check, used everywhere.

A task's event log is *valid* when :mod:`directive_tracker.lifecycle` can replay it:
it starts with :class:`~directive_tracker.events.TaskAssigned` dated
``task.assigned_on`` and every later event is allowed in the state the earlier ones
left (see the transition table of :mod:`~directive_tracker.lifecycle`).  This module
replays a log with the lifecycle's own :func:`~directive_tracker.lifecycle.start` and
:func:`~directive_tracker.lifecycle.apply` and says *which* event is refused and *why*.

Two callers, one check:

* **Writers refuse.**  Every store runs :func:`check_history` before
  ``append_events``, ``add_task``, ``add_tasks_bulk`` and ``import_jsonl`` write a
  task's log (the stored events followed by the new ones) and raises
  :class:`~directive_tracker.exceptions.InvalidHistoryError` (nothing is written).  A
  store does not know the office's :class:`~directive_tracker.lifecycle.LifecyclePolicy`,
  so it checks under :data:`STORAGE_POLICY`, the most permissive one (every history some
  office policy allows passes), with the Vietnamese calendar.  An empty log (a task
  registered without events) is allowed.
* **Readers quarantine.**  A history written by an older version, edited by hand or by
  another program can still be invalid under the office's policy.  Reports and
  reminders replay each task with :func:`replay_or_problem`: a task whose history is
  refused is *quarantined* (a :class:`HistoryProblem` naming the task, the event and
  the reason), left out of the tables with a visible count, and logged; the other tasks
  of the province are reported as usual.  ``directive-tracker check`` lists them.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date

import attrs

from ._serialization import canonical_text_encoder
from .calendars import WorkingCalendar
from .events import TaskAssigned, TaskEvent, TermsChanged, event_to_dict
from .exceptions import (
    InvalidHistoryError,
    InvalidTransitionError,
    InvalidTypeError,
    ValidationError,
)
from .lifecycle import LifecyclePolicy, TaskState, apply, initial_terms, start
from .occurrences import Occurrence, is_periodic, nearest_keys, occurrence_states
from .tasks import Task

__all__ = [
    "CHAIN_FORMAT",
    "STORAGE_POLICY",
    "ChainBreak",
    "HistoryProblem",
    "chain_digests",
    "chain_fingerprint",
    "check_history",
    "event_digest",
    "genesis_digest",
    "history_problem",
    "occurrences_or_problem",
    "replay_or_problem",
    "verify_chain",
]

_log = logging.getLogger(__name__)


def _describe(task_id: str, index: int | None, kind: str | None, reason: str) -> str:
    """The one-line form of a history problem or a chain break (events numbered from 1)."""
    if index is None:
        return f"{task_id}: {reason}"
    return f"{task_id}: event #{index + 1} ({kind}): {reason}"

#: The policy stores check histories under: the most permissive one (every extension
#: cap up to the maximum, no acceptance or review step required, extension requests
#: allowed after the due date), so a store never refuses what an office policy allows.
STORAGE_POLICY = LifecyclePolicy(max_extensions=1000, require_acceptance=False,
                                 extension_requests_before_due=False, require_review=False)


@attrs.frozen(kw_only=True)
class HistoryProblem:
    """
    Why a task's stored history is refused by the lifecycle.

    Args:
        task_id: the task.
        event_index: 0-based position in the log of the refused event; None when the
            log as a whole is refused (it is empty on the day asked about).
        event_kind: the refused event's kind (``"extension_approved"``…), or None.
        reason: the lifecycle's explanation.

    .. versionadded:: 0.2.0
    """

    task_id: str
    event_index: int | None
    event_kind: str | None
    reason: str

    def describe(self) -> str:
        """One line for people: ``T1: event #3 (extension_approved): no extension …``."""
        return _describe(self.task_id, self.event_index, self.event_kind, self.reason)

    def to_error(self) -> InvalidHistoryError:
        """Return the :class:`~directive_tracker.exceptions.InvalidHistoryError` to raise."""
        return InvalidHistoryError(self.reason, task_id=self.task_id,
                                   event_index=self.event_index,
                                   event_kind=self.event_kind or "", state="")


def _calendar(calendar: WorkingCalendar | None) -> WorkingCalendar:
    if calendar is None:
        from .calendars import vietnam_calendar

        return vietnam_calendar()
    if not isinstance(calendar, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar or None")
    return calendar


def _reason(exc: InvalidTransitionError) -> str:
    """The lifecycle's reason alone, without the "task …: cannot apply …" prefix."""
    msg = str(exc)
    prefix = f"in state {getattr(exc, 'state', '')!r}: "
    cut = msg.find(prefix)
    return msg[cut + len(prefix):] if cut >= 0 else msg


def _replay(task: Task, events: Sequence[TaskEvent], calendar: WorkingCalendar | None,
            policy: LifecyclePolicy | None, occurrences: bool = True
            ) -> TaskState | HistoryProblem:
    """Replay with the lifecycle's start/apply; return the state or the first problem."""
    first = events[0]
    if not isinstance(first, TaskAssigned):
        return HistoryProblem(task_id=task.id, event_index=0, event_kind=first.kind,
                              reason="the first event must be TaskAssigned (the "
                                     "assignment is missing from the log)")
    cal = _calendar(calendar)
    task = initial_terms(task, events)  # the stored task holds the current terms
    try:
        state = start(task, first)
    except InvalidTransitionError as exc:
        return HistoryProblem(task_id=task.id, event_index=0, event_kind=first.kind,
                              reason=_reason(exc))
    tagged = False
    for i, ev in enumerate(events[1:], start=1):
        if ev.occurrence is not None:  # one occurrence's: checked below
            tagged = True
            continue
        try:
            state = apply(state, ev, calendar=cal, policy=policy)
        except InvalidTransitionError as exc:
            return HistoryProblem(task_id=task.id, event_index=i, event_kind=ev.kind,
                                  reason=_reason(exc))
    if tagged and occurrences:
        problem = _occurrence_problem(task, events, cal, policy)
        if problem is not None:
            return problem
    return state


def _occurrence_problem(task: Task, events: Sequence[TaskEvent], cal: WorkingCalendar,
                        policy: LifecyclePolicy | None) -> HistoryProblem | None:
    """
    Check the events that name an occurrence: the task recurs, each key is an occurrence
    that exists on the log's last day, and each occurrence's log (series events plus its
    own) replays.
    """
    if not any(ev.occurrence is not None for ev in events):
        return None
    out = _occurrences(task, events, cal, policy, max(ev.on for ev in events))
    return out if isinstance(out, HistoryProblem) else None


def _occurrences(task: Task, events: Sequence[TaskEvent], cal: WorkingCalendar,
                 policy: LifecyclePolicy | None, as_of: date
                 ) -> tuple[tuple[Occurrence, TaskState], ...] | HistoryProblem:
    """The occurrences of periodic *task* on *as_of* with their states, or the problem
    (*events*: the whole log; the replay cuts it at *as_of* and reads the terms in force
    then back through the later changes of terms)."""
    first_index: dict[str, int] = {}
    for i, ev in enumerate(events):
        if ev.occurrence is not None and ev.on <= as_of:
            first_index.setdefault(ev.occurrence, i)
    if first_index and not is_periodic(task, events):
        i = min(first_index.values())
        return HistoryProblem(task_id=task.id, event_index=i, event_kind=events[i].kind,
                              reason="the task's deadline does not recur; its events "
                                     "take no occurrence key")
    try:
        states = occurrence_states(task, events, as_of=as_of, calendar=cal, policy=policy)
    except InvalidTransitionError as exc:
        key = getattr(exc, "occurrence", None)
        kind = getattr(exc, "event_kind", None)
        j = next((k for k, ev in enumerate(events) if ev.kind == kind
                  and ev.occurrence in (key, None)), first_index.get(str(key), 0))
        return HistoryProblem(task_id=task.id, event_index=j, event_kind=events[j].kind,
                              reason=f"occurrence {key}: {_reason(exc)}")
    except ValidationError as exc:  # e.g. more occurrences than MAX_OCCURRENCES
        return HistoryProblem(task_id=task.id, event_index=None, event_kind=None,
                              reason=str(exc))
    known = [o.key for o, _ in states]
    for key, i in first_index.items():
        if key not in known:
            near = ", ".join(nearest_keys(key, known)) or "none"
            return HistoryProblem(task_id=task.id, event_index=i, event_kind=events[i].kind,
                                  reason=f"no occurrence {key!r} on {as_of}; nearest valid "
                                         f"keys: {near}")
    return states


def occurrences_or_problem(task: Task, events: Iterable[TaskEvent], *,
                           calendar: WorkingCalendar, policy: LifecyclePolicy | None = None,
                           as_of: date) -> tuple[tuple[Occurrence, TaskState], ...] \
        | HistoryProblem:
    """
    Return each occurrence of periodic *task* on *as_of* with its state
    (:func:`~directive_tracker.occurrences.occurrence_states`), or the
    :class:`HistoryProblem` that keeps its history from being replayed (the series'
    events, an unknown occurrence key, or an occurrence's own events).

    What reports and reminders call for a periodic task (as :func:`replay_or_problem`
    for a one-off task): a problem quarantines that task (logged at WARNING).

    Raises:
        InvalidTypeError: an argument of the wrong type, or a task that does not recur.

    .. versionadded:: 0.2.0
    """
    log = _events(events)
    if not is_periodic(task, log):
        raise InvalidTypeError("task", task, "a periodic Task (its deadline recurs)")
    checked = _replay_checked(task, log, calendar, policy, as_of, occurrences=False)
    out: tuple[tuple[Occurrence, TaskState], ...] | HistoryProblem | None
    if checked is None or isinstance(checked, HistoryProblem):
        out = checked
    else:
        out = _occurrences(task, log, calendar.as_known_on(as_of), policy, as_of)
    if out is None:  # pragma: no cover - as_of is given: an empty log is a problem
        out = HistoryProblem(task_id=task.id, event_index=None, event_kind=None,
                             reason="the log is empty; it must start with TaskAssigned")
    if isinstance(out, HistoryProblem):
        _log.warning("task %s quarantined: its stored history is refused by the "
                     "lifecycle: %s", task.id, out.describe())
    return out


def _events(events: object) -> list[TaskEvent]:
    if isinstance(events, TaskEvent | str | bytes) or not isinstance(events, Iterable):
        raise InvalidTypeError("events", events, "an iterable of TaskEvent")
    out = list(events)
    for i, e in enumerate(out):
        if not isinstance(e, TaskEvent):
            raise InvalidTypeError(f"events[{i}]", e, "a TaskEvent")
    return out


def history_problem(task: Task, events: Iterable[TaskEvent], *,
                    calendar: WorkingCalendar | None = None,
                    policy: LifecyclePolicy | None = None,
                    as_of: date | None = None) -> HistoryProblem | None:
    """
    Return why the lifecycle refuses *task*'s log, or None if it replays.

    Args:
        task: the task.
        events: its whole log, in log order.
        calendar: the working-day calendar (default ``vietnam_calendar()``; it counts
            the working days of pauses).
        policy: the lifecycle policy (default ``LifecyclePolicy()``; stores pass
            :data:`STORAGE_POLICY`).
        as_of: if given, only events with ``event.on <= as_of`` are replayed (as
            :func:`~directive_tracker.lifecycle.replay` does), and an empty remainder is
            a problem ("no events on or before …"); without it an empty log is valid.

    Raises:
        InvalidTypeError: an argument of the wrong type.

    .. versionadded:: 0.2.0
    """
    state = _replay_checked(task, events, calendar, policy, as_of)
    return state if isinstance(state, HistoryProblem) else None


def _replay_checked(task: object, events: object, calendar: object, policy: object,
                    as_of: date | None, occurrences: bool = True
                    ) -> TaskState | HistoryProblem | None:
    if not isinstance(task, Task):
        raise InvalidTypeError("task", task, "a Task")
    evs = _events(events)
    if calendar is not None and not isinstance(calendar, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar or None")
    if policy is not None and not isinstance(policy, LifecyclePolicy):
        raise InvalidTypeError("policy", policy, "a LifecyclePolicy or None")
    if as_of is not None:
        # The stored task holds the current terms: read them back to the assignment
        # through the whole log, before the changes after as_of are left out.
        task = initial_terms(task, evs)
        evs = [e for e in evs if e.on <= as_of]
        if isinstance(calendar, WorkingCalendar):
            calendar = calendar.as_known_on(as_of)
    if not evs:
        if as_of is None:
            return None
        return HistoryProblem(task_id=task.id, event_index=None, event_kind=None,
                              reason=f"no events on or before {as_of}; the log must start "
                                     f"with TaskAssigned (assigned on {task.assigned_on})")
    return _replay(task, evs, calendar if isinstance(calendar, WorkingCalendar) else None,
                   policy, occurrences)


def check_history(task: Task, events: Iterable[TaskEvent], *,
                  calendar: WorkingCalendar | None = None,
                  policy: LifecyclePolicy | None = None) -> None:
    """
    Raise unless the lifecycle accepts *task*'s whole log (an empty log is accepted).

    The check the stores run before they write a log (see the module docstring).

    Raises:
        InvalidHistoryError: an event the lifecycle refuses (``event_index`` says
            which, ``reason`` why).
        InvalidTypeError: an argument of the wrong type.

    .. versionadded:: 0.2.0
    """
    problem = history_problem(task, events, calendar=calendar, policy=policy)
    if problem is not None:
        raise problem.to_error()


def replay_or_problem(task: Task, events: Iterable[TaskEvent], *,
                      calendar: WorkingCalendar, policy: LifecyclePolicy | None = None,
                      as_of: date | None = None) -> TaskState | HistoryProblem:
    """
    Return the task's state on *as_of* (as :func:`~directive_tracker.lifecycle.replay`),
    or the :class:`HistoryProblem` that keeps it from being replayed.

    What reports and reminders call for each task: a problem quarantines that task
    (logged at WARNING), never the whole run.

    Raises:
        InvalidTypeError: an argument of the wrong type.

    .. versionadded:: 0.2.0
    """
    out = _replay_checked(task, events, calendar, policy, as_of)
    if out is None:  # an empty log without as_of
        out = HistoryProblem(task_id=task.id, event_index=None, event_kind=None,
                             reason="the log is empty; it must start with TaskAssigned")
    if isinstance(out, HistoryProblem):
        _log.warning("task %s quarantined: its stored history is refused by the "
                     "lifecycle: %s", task.id, out.describe())
    return out


# -- the tamper-evident hash chain ------------------------------------------------------------

#: Prefix of every chain's first link (names the encoding, so a later encoding can differ).
CHAIN_FORMAT = "directive_tracker/chain/1"

#: The task fields the chain's first link covers: the task's identity and its terms at
#: assignment.  Other fields (priority, tags, parent) are not terms and may be updated.
_GENESIS_FIELDS = ("id", "directive_id", "content", "lead_unit", "coordinating_units",
                   "deadline", "anchor", "due_date", "assigned_on")
_TERMS = ("content", "lead_unit", "coordinating_units", "deadline", "due_date")


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


def _canonical(data: dict[str, object]) -> bytes:
    """Canonical JSON: keys sorted, no spaces, UTF-8, null-valued keys left out (so a new
    optional field, None by default, does not change the digests of older events)."""
    return _ENCODE({k: v for k, v in data.items() if v is not None}).encode(
        "utf-8", "surrogatepass")  # (a lone surrogate: the stores refuse it after this)


def genesis_digest(task: Task) -> str:
    """
    Return the digest the chain of *task* starts from: SHA-256 (hex) over
    :data:`CHAIN_FORMAT` and the canonical JSON of the task's id, directive and terms
    (content, lead unit, coordinating units, deadline rule, anchor, due date, assignment
    date).  Pass the task *as assigned* (:func:`~directive_tracker.lifecycle.initial_terms`).

    .. versionadded:: 0.2.0
    """
    # = _canonical({name: dump_value(getattr(task, name)) for name in _GENESIS_FIELDS})
    # (the deadline rule as rule.to_dict()), compiled without the dict, the rule's text
    # memoised (bulk ingest starts a million chains; the same text, tested).
    text = _genesis_text(task)
    return hashlib.sha256(_GENESIS_PREFIX + text.encode("utf-8", "surrogatepass")).hexdigest()


_GENESIS_PREFIX = CHAIN_FORMAT.encode("ascii") + b"\n"


def event_digest(previous: str, event: TaskEvent) -> str:
    """
    Return the digest of *event* chained to *previous*: SHA-256 (hex, 64 characters)
    over ``previous``, a line break and the canonical JSON of
    :func:`~directive_tracker.events.event_to_dict` (keys sorted, null values left out).

    .. versionadded:: 0.2.0
    """
    if not isinstance(event, TaskEvent):
        event_to_dict(event)  # raises the library's error for a non-event
    # = _canonical(dump_attrs(event) | {"kind": event.kind}), compiled without the dict
    # (bulk ingest hashes millions of events; the same text, tested).
    cls = type(event)
    enc = _EVENT_CANONICAL.get(cls)
    if enc is None:
        enc = _EVENT_CANONICAL[cls] = canonical_text_encoder(cls, (("kind", event.kind),))
    return hashlib.sha256(previous.encode("ascii") + b"\n" + enc(event).encode(
        "utf-8", "surrogatepass")).hexdigest()


_EVENT_CANONICAL: dict[type, Callable[[TaskEvent], str]] = {}
_genesis_text = canonical_text_encoder(Task, fields=_GENESIS_FIELDS, memo=("deadline",))


def chain_digests(task: Task, events: Sequence[TaskEvent], *,
                  previous: str | None = None) -> list[str]:
    """
    Return the digests of *events* appended to a chain whose last digest is *previous*.

    The one computation every store runs where it appends events (``add_task``,
    ``add_tasks_bulk``, ``append_events``, and so ``import_jsonl``).  With *previous*
    None (the task has no event yet) the chain starts at :func:`genesis_digest` of the
    task as assigned: *task* (the stored task, which holds the current terms) read back
    through the ``TermsChanged`` events among *events*.

    .. versionadded:: 0.2.0
    """
    prev = genesis_digest(initial_terms(task, events)) if previous is None else previous
    out: list[str] = []
    for event in events:
        prev = event_digest(prev, event)
        out.append(prev)
    return out


@attrs.frozen(kw_only=True)
class ChainBreak:
    """
    Where a task's hash chain does not verify.

    Args:
        task_id: the task.
        event_index: 0-based position of the event whose digest does not verify (the
            event was edited, inserted or removed before it, or for the first event the
            task's terms at assignment changed); None for the task as a whole (its terms
            differ from its log, or it has no digests).
        event_kind: that event's kind, or None.
        reason: what does not match.

    .. versionadded:: 0.2.0
    """

    task_id: str
    event_index: int | None
    event_kind: str | None
    reason: str

    def describe(self) -> str:
        """One line for people: ``T1: event #2 (completed): digest does not match …``."""
        return _describe(self.task_id, self.event_index, self.event_kind, self.reason)


def _term_value(task: Task, name: str) -> object:
    return getattr(task, name)


def verify_chain(task: Task, events: Sequence[TaskEvent],
                 digests: Sequence[str | None]) -> list[ChainBreak]:
    """
    Check *task*'s stored log against its stored digests; return every break (empty: ok).

    Each link is checked on its own: event *i* verifies when its stored digest equals
    :func:`event_digest` of the stored digest of event *i - 1* (for the first event,
    :func:`genesis_digest` of the task as assigned) and the event as stored.  So a
    hand-edited event breaks exactly its own link, an inserted or deleted one the link
    after it, and a task whose terms at assignment were rewritten the first link.  Also
    reported (``event_index`` None): a stored task whose current terms differ from those
    its ``TermsChanged`` events lead to (a term rewritten without an event, e.g. by
    ``Store.update_task``), and events without digests.  A log without events has
    nothing to verify.  Removing the *last* events of a log leaves a shorter chain that
    still verifies; the digest of each task's last event (``directive-tracker check``
    prints a fingerprint over them) reveals that when compared with a copy kept apart.

    Raises:
        InvalidTypeError: *task* is not a Task.

    .. versionadded:: 0.2.0
    """
    if not isinstance(task, Task):
        raise InvalidTypeError("task", task, "a Task")
    evs = _events(events)
    out: list[ChainBreak] = []
    if not evs:
        return out
    tid = task.id
    if len(digests) != len(evs) or all(d is None for d in digests):
        return [ChainBreak(task_id=tid, event_index=None, event_kind=None,
                           reason=f"{len(evs)} event(s) but {sum(d is not None for d in digests)}"
                                  " digest(s): the log was written without a hash chain "
                                  "(by a foreign writer, or not migrated)")]
    first = initial_terms(task, evs)
    final = first
    for ev in evs:
        if isinstance(ev, TermsChanged):
            updates = {field: getattr(ev, "new_" + suffix) for suffix, field in (
                ("content", "content"), ("lead_unit", "lead_unit"),
                ("coordinating_units", "coordinating_units"), ("deadline", "deadline"))
                if getattr(ev, "new_" + suffix) is not None}
            if ev.new_deadline is not None:
                updates["due_date"] = ev.new_due
            try:
                final = attrs.evolve(final, **updates)
            except ValueError:
                break
    for name in _TERMS:
        if _term_value(final, name) != _term_value(task, name):
            out.append(ChainBreak(
                task_id=tid, event_index=None, event_kind=None,
                reason=f"the task's {name} is {_term_value(task, name)!r} but its log "
                       f"leads to {_term_value(final, name)!r}: a term was changed without "
                       "a terms_changed event"))
    previous = genesis_digest(first)
    for i, (ev, stored) in enumerate(zip(evs, digests, strict=True)):
        if stored is None:
            out.append(ChainBreak(task_id=tid, event_index=i, event_kind=ev.kind,
                                  reason="the event has no digest"))
        elif stored != event_digest(previous, ev):
            why = ("the task's terms at assignment or this event were changed outside the "
                   "library" if i == 0 else
                   "this event was changed, or an event before it inserted or removed, "
                   "outside the library")
            out.append(ChainBreak(task_id=tid, event_index=i, event_kind=ev.kind,
                                  reason=f"digest does not match: {why}"))
        previous = stored if stored is not None else event_digest(previous, ev)
    return out


def chain_fingerprint(heads: Iterable[tuple[str, str]]) -> str:
    """
    Return SHA-256 (hex) over the sorted ``(task_id, last digest)`` pairs: one value
    that changes when any chain changes, also when its last events are removed.  Keep
    it apart (printed by ``directive-tracker check``) and compare later.

    .. versionadded:: 0.2.0
    """
    h = hashlib.sha256(CHAIN_FORMAT.encode("ascii"))
    for task_id, digest in sorted(heads):
        h.update(b"\n" + task_id.encode("utf-8", "surrogatepass") + b" "
                 + digest.encode("ascii"))
    return h.hexdigest()
