# SPDX-License-Identifier: MIT
"""
The storage interface every backend implements, and the plumbing they share.

The docstrings of :class:`Store`'s abstract methods ARE the contract: backends inherit
them and ``tests/storage/test_contract.py`` checks each backend against them.

Conventions for every backend:

* Items are the library's frozen value objects; a store never returns an object the
  caller can use to change what is stored (the memory store returns the same immutable
  objects, SQL stores build new ones).
* ``get_x(id)`` raises the matching :class:`~directive_tracker.exceptions.NotFoundError`;
  ``get_xs(...)`` returns a new list, possibly empty, **sorted by id** unless stated.
* Text is NFC on the way in; text search is diacritic-insensitive (``text.fold``).
* Events are append-only: never updated or deleted.  A task's ``version`` counts the
  writes to it (event appends and task updates); writing with a stale
  ``expected_version`` raises
  :class:`~directive_tracker.exceptions.ConcurrentModificationError` and writes nothing.
* Every write is atomic.  Inside ``with store.transaction():`` several writes commit
  together when the block exits cleanly and are all rolled back if it raises.
* Date ranges are inclusive of both ends.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import abc
import bisect
import json
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, NamedTuple, Self

import attrs

from .._gcpause import paused_gc
from .._validators import check_date, check_identifier, check_str, to_nfc, to_vn_time
from ..calendars import WorkingCalendar
from ..directives import Directive
from ..events import TaskEvent
from ..exceptions import DirectiveTrackerDeprecationWarning, InvalidTypeError, ValidationError
from ..status import ReportGroup
from ..tasks import Task
from ..timeline import StatusSegment, StatusTally
from ..units import Succession, Unit, UnitRegistry
from ._checks import EXPORT_FORMAT_VERSION, check_id, iter_chunks
from ._timeline import (
    TIMELINE_CALENDAR,
    TIMELINE_REVIEW_ON_SUBMISSION,
    AsOfFilter,
    memory_segments,
    memory_tally,
    memory_unreplayable,
    timeline_applies,
    timeline_rows,
)
from .outbox import MAX_KEY_LENGTH, OutboxItem, OutboxStatus
from .query import TaskQuery

if TYPE_CHECKING:
    from ..settings import ProvincePolicy

__all__ = [
    "EXPORT_FORMAT_VERSION",
    "TIMELINE_CALENDAR",
    "TIMELINE_REVIEW_ON_SUBMISSION",
    "AsOfTallies",
    "IntegrityFacts",
    "OutboxItem",
    "OutboxStatus",
    "OverdueEntry",
    "RemindableRow",
    "Store",
    "TaskBrief",
    "TaskQuery",
    "TaskSpan",
    "UnitTally",
    "derive_spans",
    "timeline_applies",
]

# ``OutboxItem``/``OutboxStatus`` live in ``.outbox``, ``TaskQuery`` in ``.query``,
# ``EXPORT_FORMAT_VERSION`` and the argument checks in ``._checks``; they are re-exported
# here for their documented paths.  No storage module but the backends imports this one
# (``._jsonl`` only for annotations), so the storage modules import each other without
# a cycle.


@attrs.frozen(kw_only=True)
class TaskBrief:
    """
    The few stored fields of a task that a report row or a reminder prints, read
    without decoding the whole task (see :meth:`Store.task_briefs`).

    Each field equals the same attribute of :meth:`Store.get_task`'s answer (the
    values the task was stored with; nothing is derived here: the lead unit on a date
    comes from the status timeline, not from the task record).

    .. versionadded:: 0.2.0
    """

    id: str
    directive_id: str
    content: str
    assigned_on: date
    due_date: date | None
    tags: tuple[str, ...]


class RemindableRow(NamedTuple):
    """
    A status segment that may yield a reminder, with its task's brief (see
    :meth:`Store.remindable_rows`): the task's ``task_id``, ``directive_id``,
    ``content``, ``assigned_on`` and ``tags`` as stored (as :class:`TaskBrief`); the
    segment's ``phase`` (a :class:`~directive_tracker.lifecycle.TaskPhase` value),
    ``current_due``, ``original_due``, ``lead_unit`` and ``coordinating_units`` on the
    date; for an occurrence of a periodic duty its ``occurrence`` key, title and start
    (the previous occurrence's due date), else None, ``""`` and None.

    .. versionadded:: 0.2.0
    """

    task_id: str
    directive_id: str
    content: str
    assigned_on: date
    tags: tuple[str, ...]
    phase: str
    current_due: date
    original_due: date | None
    lead_unit: str
    coordinating_units: tuple[str, ...]
    occurrence: str | None
    occurrence_title: str
    occurrence_start: date | None


class OverdueEntry(NamedTuple):
    """
    A materialised status segment in the group "not completed, overdue" (paused while
    late included) on a date, with what an overdue list prints (see
    :meth:`Store.overdue_entries`): the task's ``task_id``, ``directive_id`` and
    ``content`` as stored (as :class:`TaskBrief`); the segment's ``lead_unit``,
    ``previous_leads`` (oldest first), ``kind`` (a
    :class:`~directive_tracker.status.StatusKind` value), ``original_due``,
    ``current_due`` and ``percent``; ``working_days_late`` on the date (as
    :meth:`StatusSegment.on <directive_tracker.timeline.StatusSegment.on>` gives it with
    :data:`TIMELINE_CALENDAR`); for an occurrence of a periodic duty its
    ``occurrence`` key and title, else ``""`` and ``""``.

    .. versionadded:: 0.2.0
    """

    task_id: str
    directive_id: str
    content: str
    lead_unit: str
    previous_leads: tuple[str, ...]
    kind: str
    original_due: date | None
    current_due: date | None
    percent: int
    working_days_late: int
    occurrence: str
    occurrence_title: str


@attrs.frozen(kw_only=True)
class AsOfTallies:
    """
    What :meth:`Store.status_tallies` returns: the status counts of the tasks as of a date.

    Args:
        as_of: the date.
        by: ``"lead_unit"`` or ``"directive"``, what the keys name.
        tallies: a :class:`~directive_tracker.timeline.StatusTally` per key ``(code,
            previous_leads)``: *code* is the lead unit on *as_of* (after transfers,
            successions included) or the directive id; *previous_leads* the units that
            led the task before, oldest first (always ``()`` by directive), for
            roll-ups by the old unit.
        coordinating_units: every unit coordinating a counted task on *as_of* (empty
            when asked with ``coordinating=False``).
        unreplayable: ids (sorted) of tasks assigned on or before *as_of* whose event
            log does not replay under the default calendar and lifecycle policy (so
            they have no materialised status): they are in no tally, and a caller
            evaluates them one by one.

    .. versionadded:: 0.1.0
    """

    as_of: date
    by: str
    tallies: Mapping[tuple[str, tuple[str, ...]], StatusTally]
    coordinating_units: frozenset[str]
    unreplayable: tuple[str, ...]


@attrs.frozen(kw_only=True)
class TaskSpan:
    """
    A stretch of days over which a task's storage-level state is constant.

    Derived from the task and its events by :func:`derive_spans`; SQL backends keep these
    rows as a *cache* whose truth is the event log (they are rebuilt whenever a task or
    its events change).  ``valid_from`` is inclusive and ``valid_to`` exclusive (None =
    still current).

    .. versionadded:: 0.1.0
    """

    task_id: str
    valid_from: date
    valid_to: date | None
    lead_unit: str
    due: date | None
    completed_on: date | None
    cancelled: bool


@attrs.frozen(kw_only=True)
class UnitTally:
    """
    Storage-level counts of one lead unit's tasks as of a date (see :meth:`Store.unit_tallies`).

    ``total`` is the sum of the five other counts.

    .. versionadded:: 0.1.0
    """

    unit: str
    total: int = 0
    open_on_time: int = 0
    open_overdue: int = 0
    done_on_time: int = 0
    done_late: int = 0
    cancelled: int = 0


#: The actor of the ``TermsChanged`` event that records a term change made with
#: :meth:`Store.update_task` (deprecated: use :meth:`Store.change_terms`).
UPDATE_TASK_ACTOR = "update_task"
#: Its reason: the change came without one.
UPDATE_TASK_REASON = ("changed through Store.update_task, which gives no reason "
                      "(deprecated: use Store.change_terms)")


def _term_pairs(stored: Task, task: Task) -> dict[str, Any]:
    """The ``previous_x``/``new_x`` fields of a ``TermsChanged`` from *stored* to *task*."""
    pairs: dict[str, Any] = {}
    for name in ("content", "lead_unit", "coordinating_units"):
        if getattr(task, name) != getattr(stored, name):
            pairs["previous_" + name] = getattr(stored, name)
            pairs["new_" + name] = getattr(task, name)
    if task.deadline != stored.deadline or task.due_date != stored.due_date:
        pairs.update(previous_deadline=stored.deadline, new_deadline=task.deadline,
                     previous_due=stored.due_date, new_due=task.due_date)
    return pairs


#: Event kinds that change a :class:`TaskSpan` (the others never do).
SPAN_EVENT_KINDS = frozenset({"transferred", "extension_approved", "deadline_recomputed",
                              "completed", "cancelled", "terms_changed"})


def derive_spans(task: Task, events: Sequence[TaskEvent]) -> list[TaskSpan]:
    """
    Return the task's storage-level state over time, as consecutive spans.

    The state as of a day D uses only events whose ``event.on`` is on or before D:
    the lead is ``task.lead_unit`` replaced by each ``TaskTransferred.to_unit``; the due
    date is ``task.due_date`` replaced by each ``ExtensionApproved.new_due`` and each
    ``DeadlineRecomputed.new_due`` (a calendar change), in log order; a
    ``TermsChanged`` sets the lead and the due date it changes (the task holds the
    current terms, so the first span starts from the terms before the first change); a
    ``TaskCompleted`` closes it on ``completed_on`` and a ``TaskCancelled`` cancels it.
    The task exists from ``task.assigned_on`` (events dated earlier count from that day).
    Pauses, review and refusal are *not* considered: this is the quick definition the
    storage queries use; :mod:`directive_tracker.status` is the authority.

    .. versionadded:: 0.1.0
    """
    tid = task.id
    return [TaskSpan(task_id=tid, valid_from=f, valid_to=t, lead_unit=lead, due=due,
                     completed_on=done, cancelled=cancelled)
            for f, t, lead, due, done, cancelled in span_tuples(
                task, [(e.on, e) for e in events if e.kind in SPAN_EVENT_KINDS])]


def span_tuples(task: Task, changes: Sequence[tuple[date, TaskEvent]]
                ) -> list[tuple[date, date | None, str, date | None, date | None, bool]]:
    """
    Return :func:`derive_spans` as plain tuples, from the span-changing events only.

    *changes* holds ``(event.on, event)`` for the task's events whose kind is in
    :data:`SPAN_EVENT_KINDS`, in log order (bulk ingest computes ``event.on`` once per
    event).  Each tuple is ``(valid_from, valid_to, lead_unit, due, completed_on,
    cancelled)``.
    """
    lead, due = task.lead_unit, task.due_date
    for _on, e in reversed(changes):  # the terms at assignment (the task holds the current)
        if e.kind == "terms_changed":
            lead = e.previous_lead_unit or lead  # type: ignore[attr-defined]
            if e.previous_deadline is not None:  # type: ignore[attr-defined]
                due = e.previous_due  # type: ignore[attr-defined]
    assigned = task.assigned_on
    if not changes:
        return [(assigned, None, lead, due, None, False)]
    by_day: dict[date, list[TaskEvent]] = {}
    for on, e in changes:
        by_day.setdefault(on if on > assigned else assigned, []).append(e)
    completed: date | None = None
    cancelled = False
    days = sorted(by_day)
    if days[0] != assigned:
        days.insert(0, assigned)
    out: list[tuple[date, date | None, str, date | None, date | None, bool]] = []
    last = len(days) - 1
    for i, day in enumerate(days):
        for e in by_day.get(day, ()):
            kind = e.kind
            if kind == "transferred":
                lead = e.to_unit  # type: ignore[attr-defined]
            elif kind in ("extension_approved", "deadline_recomputed"):
                due = e.new_due  # type: ignore[attr-defined]
            elif kind == "completed":
                completed = e.completed_on  # type: ignore[attr-defined]
            elif kind == "terms_changed":
                lead = e.new_lead_unit or lead  # type: ignore[attr-defined]
                if e.new_deadline is not None:  # type: ignore[attr-defined]
                    due = e.new_due  # type: ignore[attr-defined]
            else:
                cancelled = True
        out.append((day, days[i + 1] if i < last else None, lead, due, completed, cancelled))
    return out


def span_at(spans: Sequence[TaskSpan], as_of: date) -> TaskSpan | None:
    """Return the span covering *as_of*, or None if the task did not exist yet."""
    for s in spans:
        if s.valid_from <= as_of and (s.valid_to is None or as_of < s.valid_to):
            return s
    return None


def tally_span(tally: dict[str, list[int]], span: TaskSpan, as_of: date) -> None:
    """Add *span* to per-unit counters ``[open_on_time, overdue, on_time, late, cancelled]``."""
    row = tally.setdefault(span.lead_unit, [0, 0, 0, 0, 0])
    if span.cancelled:
        row[4] += 1
    elif span.completed_on is not None:
        row[2 if span.due is None or span.completed_on <= span.due else 3] += 1
    elif span.due is not None and span.due < as_of:
        row[1] += 1
    else:
        row[0] += 1


def tallies_from_counts(counts: dict[str, list[int]]) -> dict[str, UnitTally]:
    """Build :class:`UnitTally` objects (sorted by unit) from :func:`tally_span` counters."""
    return {u: UnitTally(unit=u, total=sum(c), open_on_time=c[0], open_overdue=c[1],
                         done_on_time=c[2], done_late=c[3], cancelled=c[4])
            for u, c in sorted(counts.items())}


@attrs.frozen(kw_only=True)
class IntegrityFacts:
    """
    What a store says about its own soundness (:meth:`Store.integrity_facts`).

    Args:
        backend: the backend's name (``"SQLite"``, ``"PostgreSQL"``, ``"memory"``…).
        schema_version: the stored schema version (None for the memory store).
        counts: ``(what, how many)`` pairs: units, directives, tasks, events, outbox.
        problems: what the database's own checks found (e.g. the lines of SQLite's
            ``PRAGMA integrity_check``); empty when sound.

    .. versionadded:: 0.2.0
    """

    backend: str
    schema_version: int | None
    counts: tuple[tuple[str, int], ...]
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the database's own checks found nothing."""
        return not self.problems


def check_claim_args(worker_id: object, limit: object, lease_seconds: object, now: object,
                     prefix: object, max_attempts: object
                     ) -> tuple[str, int, float, datetime, str, int | None]:
    """Validate the arguments of :meth:`Store.claim_outbox_items` (for backends)."""
    from .._validators import check_aware_datetime, check_int, check_str

    worker = check_identifier(worker_id, "worker_id")
    n = check_int(limit, "limit", minimum=1, maximum=100_000)
    if isinstance(lease_seconds, bool) or not isinstance(lease_seconds, int | float):
        raise InvalidTypeError("lease_seconds", lease_seconds, "a number of seconds")
    if not 0 < lease_seconds <= 7 * 86400:
        raise ValidationError(f"lease_seconds must be in (0, 604800], got {lease_seconds!r}")
    when = to_vn_time(check_aware_datetime(now, "now"))
    pre = check_str(prefix, "prefix", allow_empty=True, max_length=MAX_KEY_LENGTH)
    cap = None if max_attempts is None else check_int(max_attempts, "max_attempts", minimum=1)
    return worker, n, float(lease_seconds), when, pre, cap


def is_claimable(item: OutboxItem, worker_id: str, now: datetime, prefix: str,
                 max_attempts: int | None) -> bool:
    """
    Whether *worker_id* may claim *item* at *now* (the rule every backend applies).

    PENDING; or FAILED by another sender (a sender never retries what it failed itself
    in the same run); or CLAIMED with a lease that ended before *now*.  The key starts
    with *prefix*, and with *max_attempts*, fewer attempts were made.
    """
    if not item.key.startswith(prefix):
        return False
    if max_attempts is not None and item.attempts >= max_attempts:
        return False
    if item.status is OutboxStatus.PENDING:
        return True
    if item.status is OutboxStatus.FAILED:
        return item.claimed_by != worker_id
    return (item.status is OutboxStatus.CLAIMED and item.lease_until is not None
            and item.lease_until < now)


class Store(abc.ABC):
    """
    A place where units, directives, tasks, their events and the outbox are kept.

    Use as a context manager (``with SQLiteStore(path) as store:``) or call
    :meth:`close`.  Implementations: :class:`~directive_tracker.storage.MemoryStore`,
    :class:`~directive_tracker.storage.SQLiteStore`, and
    ``directive_tracker.storage.postgres.PostgresStore`` (extra ``postgres``).

    .. versionadded:: 0.1.0
    """

    # -- lifecycle -------------------------------------------------------------------

    @abc.abstractmethod
    def close(self) -> None:
        """Release connections and files.  Calling it twice is harmless."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @abc.abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """
        Return a context manager grouping writes into one atomic unit of work.

        Writes inside the block become visible to other connections only when it exits
        cleanly; if the block raises, every write in it is rolled back and the exception
        propagates.  Nesting is allowed; only the outermost block commits.
        """

    # -- units -----------------------------------------------------------------------

    @abc.abstractmethod
    def add_unit(self, unit: Unit) -> None:
        """Store *unit*.  Raise :class:`DuplicateIdError` if its code exists."""

    @abc.abstractmethod
    def update_unit(self, unit: Unit) -> None:
        """Replace the stored unit with the same code.  Raise :class:`UnitNotFoundError`."""

    @abc.abstractmethod
    def get_unit(self, code: str) -> Unit:
        """Return the unit with *code*.  Raise :class:`UnitNotFoundError` if missing."""

    @abc.abstractmethod
    def get_units(self) -> list[Unit]:
        """Return every unit, sorted by code."""

    @abc.abstractmethod
    def add_succession(self, succession: Succession) -> None:
        """Append a succession record (kept in insertion order)."""

    @abc.abstractmethod
    def get_successions(self) -> list[Succession]:
        """Return every succession in the order they were added."""

    # -- directives ------------------------------------------------------------------

    @abc.abstractmethod
    def add_directive(self, directive: Directive) -> None:
        """Store *directive*.  Raise :class:`DuplicateIdError` if its id exists."""

    @abc.abstractmethod
    def update_directive(self, directive: Directive) -> None:
        """Replace the directive with the same id.  Raise :class:`DirectiveNotFoundError`."""

    @abc.abstractmethod
    def get_directive(self, directive_id: str) -> Directive:
        """Return the directive.  Raise :class:`DirectiveNotFoundError` if missing."""

    @abc.abstractmethod
    def get_directives(self, *, issuer: str | None = None, issued_from: date | None = None,
                       issued_to: date | None = None, text: str | None = None
                       ) -> list[Directive]:
        """
        Return directives matching every given filter, sorted by id.

        ``issued_from``/``issued_to`` bound ``issue_date`` inclusively; ``text`` is a
        diacritic- and case-insensitive substring of the summary or of ``str(number)``.
        """

    # -- tasks -----------------------------------------------------------------------

    @abc.abstractmethod
    def add_task(self, task: Task, events: Sequence[TaskEvent] = ()) -> Task:
        """
        Store a new *task* with its first *events* atomically; return it as stored.

        The returned task has ``version == 1 + len(events)`` whatever ``task.version``
        was.  Raise :class:`DuplicateIdError` if the id exists,
        :class:`DirectiveNotFoundError` if its directive is not stored, and
        :class:`ValidationError` if an event belongs to another task, and
        :class:`InvalidHistoryError` if *events* is not empty and the lifecycle refuses
        them (they must start with ``TaskAssigned`` dated ``task.assigned_on``; see
        :func:`check_stored_history`).  Nothing is written when it raises.

        .. versionchanged:: 0.2.0
           The first events are checked with the lifecycle.
        """

    @abc.abstractmethod
    def update_task(self, task: Task) -> Task:
        """
        Replace the stored task's fields; return it with the version incremented.

        ``task.version`` must equal the stored version, else
        :class:`ConcurrentModificationError` and nothing is written.  Raise
        :class:`TaskNotFoundError` if missing.  No event is written unless a term changes (below).

        A change of the task's *terms* (content, lead unit, coordinating units,
        deadline rule, due date) is never silent: the bundled stores emit
        :class:`~directive_tracker.exceptions.DirectiveTrackerDeprecationWarning` (use
        :meth:`change_terms` or :func:`directive_tracker.services.change_task_terms`)
        and record it as a :class:`~directive_tracker.events.TermsChanged` event by
        actor ``"update_task"`` with a reason saying it came without one, dated at the
        instant of the task's latest event (``update_task`` does not say when the change
        was decided; so every event the log accepted before still fits after it, and
        as-of reports from that instant on use the new terms), in the same transaction
        as the record.  The version still goes up by exactly 1 (one write: the event
        and the record together), unlike :meth:`change_terms` (+ 2).  The lifecycle must
        accept the event (:class:`InvalidHistoryError` otherwise, e.g. a new lead after
        a transfer).  A task stored without events has no log: its terms are rewritten
        with the warning only.

        .. versionchanged:: 0.2.0
           A term change is recorded as a ``TermsChanged`` event, with a deprecation
           warning (it was a silent rewrite that ``directive-tracker check`` reported).
        """

    @abc.abstractmethod
    def get_task(self, task_id: str) -> Task:
        """Return the task with its current version.  Raise :class:`TaskNotFoundError`."""

    @abc.abstractmethod
    def get_tasks(self, query: TaskQuery | None = None) -> list[Task]:
        """Return the tasks matching *query* (all when None), sorted by id."""

    def task_briefs(self, task_ids: Iterable[str]) -> dict[str, TaskBrief]:
        """
        Return ``{task_id: TaskBrief}`` for the stored tasks among *task_ids*: the id,
        directive id, content, assignment date, original due date and tags, each equal to
        that attribute of :meth:`get_task`'s task, read without building the task.

        The light read path of the reports and reminders, which print these columns of a
        few thousand tasks picked from the status timeline.  Unknown ids are left out
        (no error); duplicates are read once; the dict is in the order of the ids'
        first occurrence.  SQL stores read the columns (the JSON ``data`` fields with
        ``json_extract``/``->>``) in batches of 500 ids; the memory store reads its
        task objects.  This default builds them from :meth:`get_tasks`.

        Raises:
            InvalidTypeError: *task_ids* is not an iterable of strings.
            StorageError: a stored task record is damaged (as :meth:`get_tasks`).

        .. versionadded:: 0.2.0
        """
        if task_ids is None:
            raise InvalidTypeError("task_ids", task_ids, "an iterable of task ids")
        ids = list(dict.fromkeys(_codes_arg(task_ids, "task_ids") or []))
        found = self._task_briefs(ids) if ids else {}
        return {i: found[i] for i in ids if i in found}

    def _task_briefs(self, ids: list[str]) -> dict[str, TaskBrief]:
        """*hook*: the briefs of the stored tasks among *ids* (checked, distinct, not
        empty), in any order; by default from :meth:`get_tasks`."""
        return {t.id: brief_of(t) for t in self.get_tasks(TaskQuery(ids=ids))}

    @abc.abstractmethod
    def count_tasks(self, query: TaskQuery | None = None) -> int:
        """Return how many tasks :meth:`get_tasks` would return (ignoring ``limit``)."""

    # -- events ----------------------------------------------------------------------

    @abc.abstractmethod
    def append_events(self, task_id: str, events: Sequence[TaskEvent], *,
                      expected_version: int) -> int:
        """
        Append *events* to the task's log atomically; return the new version.

        ``expected_version`` must equal the stored version, else
        :class:`ConcurrentModificationError` and nothing is written; every event must
        have ``event.task_id == task_id`` (else :class:`ValidationError`).  The new
        version is ``expected_version + 1`` (one write, however many events).  Raise
        :class:`TaskNotFoundError` if the task is missing.  The stored log followed by
        *events* must be one the lifecycle accepts, else :class:`InvalidHistoryError`
        (which event, why) and nothing is written (:func:`check_stored_history`; a task
        stored without events is a bare record whose appends are not replayed).

        .. versionchanged:: 0.2.0
           The log is checked with the lifecycle (it was not).
        """

    @abc.abstractmethod
    def get_events(self, task_id: str, *, until: date | None = None) -> list[TaskEvent]:
        """
        Return the task's events in the order they were appended.

        With *until*, only events whose ``event.on`` (date of ``at`` in Vietnam) is on or
        before *until*.  Raise :class:`TaskNotFoundError` if the task is missing.
        """

    @abc.abstractmethod
    def get_events_for(self, task_ids: Iterable[str], *, until: date | None = None
                       ) -> dict[str, list[TaskEvent]]:
        """
        Return the events of many tasks at once: ``{task_id: [events in order]}``.

        Every requested id is a key (unknown ids map to an empty list).  *until* as in
        :meth:`get_events`.
        """

    # -- the audit trail (concrete; every bundled backend overrides get_event_digests) ----

    def get_event_digests(self, task_ids: Iterable[str]) -> dict[str, list[str | None]]:
        """
        Return the stored hash-chain digests of many tasks: ``{task_id: [digest per
        event, in log order]}`` (unknown ids map to an empty list).

        Every event a bundled store appends carries the SHA-256 digest of the previous
        one and of itself (:func:`directive_tracker.integrity.chain_digests`);
        :func:`directive_tracker.integrity.verify_chain` checks them.  The base
        implementation (for stores without a chain) returns None for every event.

        .. versionadded:: 0.2.0
        """
        return {i: [None] * len(evs) for i, evs in self.get_events_for(task_ids).items()}

    def change_terms(self, task: Task, *, actor: str, reason: str, at: datetime,
                     document: str | None = None) -> Task:
        """
        Change the stored task's terms to those of *task*, recording a
        :class:`~directive_tracker.events.TermsChanged` event; return the task as stored.

        *task* is the stored task with new terms (``attrs.evolve(store.get_task(id),
        due_date=…, deadline=…)``): the content, lead unit, coordinating units, deadline
        rule and due date that differ from the stored ones go into one event with their
        values before and after, by *actor*, at *at*, for *reason* (and the deciding
        *document*); then the task record is rewritten (it caches the current terms; the
        other fields of *task*, such as tags and priority, are written too).  One
        transaction; the returned version is ``task.version + 2`` (an append and an
        update), or ``+ 1`` when no term changed (then no event is recorded: it is
        :meth:`update_task`).  The lifecycle must accept the event (it is checked like
        every append; a change of lead after a transfer is refused).

        Raises:
            InvalidTypeError: an argument of the wrong type.
            ValidationError: a bad *actor*, *reason*, *document* or *at*.
            ConcurrentModificationError: ``task.version`` is not the stored version.
            TaskNotFoundError: the task is not stored.
            InvalidHistoryError: the lifecycle refuses the change.

        .. versionadded:: 0.2.0
        """
        from ..events import TermsChanged

        if not isinstance(task, Task):
            raise InvalidTypeError("task", task, "a Task")
        with self.transaction():
            pairs = self._changed_terms(task)
            if not pairs:
                return self._write_task_record(task, task.version + 1)
            event = TermsChanged(task_id=task.id, at=at, actor=actor, reason=reason,
                                 document=document, **pairs)
            version = self.append_events(task.id, [event], expected_version=task.version)
            return self._write_task_record(attrs.evolve(task, version=version), version + 1)

    def _changed_terms(self, task: Task) -> dict[str, Any]:
        """The ``previous_x``/``new_x`` pairs of the terms *task* changes against the
        stored task (empty when none); :class:`ConcurrentModificationError` if
        ``task.version`` is not the stored version."""
        stored = self.get_task(task.id)
        if stored.version != task.version:
            from ..exceptions import ConcurrentModificationError

            raise ConcurrentModificationError(task.id, task.version, stored.version)
        return _term_pairs(stored, task)

    def _write_task_record(self, task: Task, version: int) -> Task:
        """
        Write *task*'s record (stored version ``task.version``) with *version*; return it.

        The internal path of :meth:`change_terms` and of the bundled ``update_task``
        (:meth:`_update_task_recording_terms`): it records nothing.  Bundled stores
        override it; the default (for stores written outside the library) is their
        :meth:`update_task`, which sets ``task.version + 1``.
        """
        del version
        return self.update_task(task)

    def _restore_version(self, task: Task, version: int) -> Task:
        """
        Bring the stored *task* (its terms unchanged) to *version*, as
        :meth:`import_jsonl` restores a version reached by writes that left no event.
        The default (stores written outside the library) calls :meth:`update_task` once
        per version; the bundled stores write the version once.
        """
        while task.version < version:
            task = self.update_task(task)
        return task

    def _update_task_recording_terms(self, task: Task) -> Task:
        """
        The bundled stores' :meth:`update_task`: a term change becomes a
        :class:`~directive_tracker.events.TermsChanged` event (see :meth:`update_task`).
        """
        with self.transaction():
            pairs = self._changed_terms(task)
            if not pairs:
                return self._write_task_record(task, task.version + 1)
            warnings.warn(
                f"Store.update_task changed the terms of task {task.id!r} "
                f"({', '.join(sorted(k[4:] for k in pairs if k.startswith('new_')))}): "
                "use Store.change_terms / services.change_task_terms with an actor and "
                "a reason; the change is recorded as a TermsChanged event by "
                "'update_task'", DirectiveTrackerDeprecationWarning, stacklevel=3)
            events = self.get_events(task.id)
            if not events:
                return self._write_task_record(task, task.version + 1)
            from ..events import TermsChanged

            event = TermsChanged(task_id=task.id, at=events[-1].at, actor=UPDATE_TASK_ACTOR,
                                 reason=UPDATE_TASK_REASON, **pairs)
            version = self.append_events(task.id, [event], expected_version=task.version)
            return self._write_task_record(attrs.evolve(task, version=version), version)

    # -- outbox (reminders and other messages) ------------------------------------------

    @abc.abstractmethod
    def add_outbox_item(self, item: OutboxItem) -> bool:
        """
        Record *item* unless its key exists; return True if it was added.

        Idempotent: adding the same key twice keeps the first item and returns False.
        """

    @abc.abstractmethod
    def update_outbox_item(self, item: OutboxItem) -> None:
        """Replace the item with the same key.  Raise :class:`NotFoundError` if missing."""

    @abc.abstractmethod
    def get_outbox_items(self, *, status: OutboxStatus | None = None) -> list[OutboxItem]:
        """Return outbox items (with *status* if given), sorted by ``created_at`` then key."""

    # -- province settings (concrete defaults for stores written before 0.2) -------------

    def get_settings(self) -> ProvincePolicy | None:
        """
        Return the stored province policy, or ``None`` when none was ever stored.

        One record per store, shared by every program that opens it (the CLI, a
        notebook, an e-office system): the composition root builds the calendar and the
        lifecycle policy from it (:func:`directive_tracker.bootstrap.province_policy`).
        The result equals the policy last given to :meth:`put_settings` (committed).

        Raises:
            ValidationError: the stored record was written by a newer library (its
                ``format`` is newer than :data:`directive_tracker.settings.SETTINGS_FORMAT`).

        The base implementation (for stores that predate settings) returns ``None``.

        .. versionadded:: 0.2.0
        """
        return None

    def put_settings(self, settings: ProvincePolicy) -> None:
        """
        Store *settings* as the province policy, replacing the previous one (atomic).

        Inside ``transaction()`` it commits or rolls back with the other writes.  Readers
        that already built a calendar from the old policy keep it until they read again.

        Raises:
            InvalidTypeError: *settings* is not a
                :class:`~directive_tracker.settings.ProvincePolicy`.
            NotImplementedError: the store cannot hold settings (base implementation).

        .. versionadded:: 0.2.0
        """
        raise NotImplementedError(f"{type(self).__name__} cannot store settings")

    # -- claims: exactly-once delivery (concrete; every bundled backend overrides) -------

    def claim_outbox_items(self, worker_id: str, *, limit: int, lease_seconds: float,
                           now: datetime, prefix: str = "",
                           max_attempts: int | None = None) -> list[OutboxItem]:
        """
        Atomically take up to *limit* outbox items for delivery by *worker_id*.

        An item is claimable when it is PENDING; or FAILED by another worker (a worker
        never retries in the same run what it failed itself: give each run a fresh
        *worker_id*); or CLAIMED with ``lease_until`` before *now* (its sender died).
        Only keys starting with *prefix* are considered, and with *max_attempts* only
        items with fewer attempts.  The oldest claimable items (``created_at``, then
        key) become CLAIMED with ``claimed_by=worker_id``,
        ``lease_until = now + lease_seconds`` and ``attempts + 1``, and are returned as
        stored.  The compare-and-set is atomic: two workers never claim the same item
        while its lease holds (SQLite: one ``BEGIN IMMEDIATE`` transaction; PostgreSQL:
        ``SELECT … FOR UPDATE SKIP LOCKED``; memory: the store's lock).

        This default implementation reads and rewrites items one by one and is safe
        only with one sender at a time; the bundled backends override it.

        Raises:
            InvalidTypeError: an argument of the wrong type (e.g. a naive *now*).
            ValidationError: *limit* < 1, *lease_seconds* not in (0, 7 days], an empty
                *worker_id*.

        .. versionadded:: 0.2.0
        """
        worker, n, lease, when, prefix, cap = check_claim_args(
            worker_id, limit, lease_seconds, now, prefix, max_attempts)
        out: list[OutboxItem] = []
        with self.transaction():
            for item in self.get_outbox_items():
                if len(out) == n:
                    break
                if is_claimable(item, worker, when, prefix, cap):
                    claimed = claim_of(item, worker, when, lease)
                    self.update_outbox_item(claimed)
                    out.append(claimed)
        return out

    def complete_outbox_item(self, key: str, worker_id: str, *, now: datetime) -> bool:
        """
        Mark the item SENT at *now* if *worker_id* still holds its claim; return whether.

        The holder is the worker that claimed it last, even if the lease has ended, as
        long as nobody claimed it since.  Returns False (and changes nothing) for a
        missing key, an item not CLAIMED, or claimed by another worker.

        .. versionadded:: 0.2.0
        """
        return self._finish_claim(key, worker_id, now, None)

    def fail_outbox_item(self, key: str, worker_id: str, *, error: str,
                         now: datetime) -> bool:
        """
        Mark the item FAILED with *error* if *worker_id* still holds its claim.

        Same rule as :meth:`complete_outbox_item`: a worker that lost its claim can
        never overwrite what another worker recorded (a SENT item stays SENT).

        .. versionadded:: 0.2.0
        """
        return self._finish_claim(key, worker_id, now, check_error(error))

    def _finish_claim(self, key: str, worker_id: str, now: datetime,
                      error: str | None) -> bool:
        key, worker, when = check_finish_args(key, worker_id, now)
        with self.transaction():
            item = next((i for i in self.get_outbox_items(status=OutboxStatus.CLAIMED)
                         if i.key == key), None)
            if item is None or item.claimed_by != worker:
                return False
            self.update_outbox_item(finished(item, when, error))
            return True

    def integrity_facts(self) -> IntegrityFacts:
        """
        Return the backend, schema version, row counts and the database's own checks.

        The default counts through the public methods; SQL backends count in SQL and
        SQLite adds ``PRAGMA integrity_check``.

        .. versionadded:: 0.2.0
        """
        tasks = [t.id for t in self.get_tasks()]
        events = sum(len(v) for v in self.get_events_for(tasks).values())
        return IntegrityFacts(backend=type(self).__name__, schema_version=None, counts=(
            ("units", len(self.get_units())), ("directives", len(self.get_directives())),
            ("tasks", len(tasks)), ("events", events),
            ("outbox", len(self.get_outbox_items()))))

    # -- bulk ingest and as-of queries (concrete; SQL backends override for speed) -------

    def add_tasks_bulk(self, items: Iterable[tuple[Task, Sequence[TaskEvent]]]) -> int:
        """
        Store many new tasks, each with its first events, in one transaction.

        Each ``(task, events)`` pair obeys :meth:`add_task` (stored version
        ``1 + len(events)``, same errors); if any pair is refused nothing at all is
        written.  Return the number of tasks stored.  Backends may do this much faster
        than :meth:`add_task` in a loop.

        *items* may be any iterable, a one-pass generator included: it is read once,
        in order, a chunk at a time, so a whole import (a million tasks) is one call,
        one transaction and bounded memory, and its pairs need not all exist at once.
        One call for the whole import is also the fastest way in (on SQLite each
        transaction rewrites every index page it touches; see :doc:`/guide/storage`).
        The cyclic garbage collector is paused during the call (the objects built
        have no cycles).

        Raises:
            InvalidTypeError: *items* is not an iterable, or an item is not a
                ``(Task, events)`` pair.
            StorageError: a transient failure after the input was read past its first
                chunk (it cannot be read again, so the call is not retried); nothing
                was written.

        .. versionadded:: 0.1.0
        .. versionchanged:: 0.2.0
           The input is streamed in chunks within the one transaction.
        """
        source = bulk_items(items)
        n = 0
        with paused_gc(), self.transaction():
            for i, pair in enumerate(source):
                self.add_task(*bulk_pair(i, pair))
                n += 1
        return n

    def overdue_task_ids(self, unit: str, as_of: date) -> list[str]:
        """
        Return the ids (sorted) of the tasks *unit* leads on *as_of* that are overdue.

        Overdue has one meaning in the store: :func:`directive_tracker.status.is_overdue`
        (the group "Chưa hoàn thành quá hạn": open and past the current due date, or
        paused when already late; refused and cancelled tasks never), read from the
        materialised status timelines (:meth:`status_segments`, the default calendar);
        the few tasks whose log the timeline cannot replay under the default lifecycle
        policy are judged from their log under the store's permissive
        :data:`~directive_tracker.integrity.STORAGE_POLICY` (a history even that policy
        refuses is left out; a task registered without its assignment event counts as
        assigned on ``task.assigned_on``, as before).

        Deprecated: it used to be a second, simplified definition (a refused task counted
        as overdue, pauses ignored).  Use :meth:`status_segments` with
        ``lead_units=[unit], group=status.OVERDUE_GROUP``.

        Raises:
            InvalidTypeError: *as_of* is not a date or *unit* not a str.

        Warns:
            DirectiveTrackerDeprecationWarning: on every call.

        .. versionadded:: 0.1.0
        .. deprecated:: 0.1.0
           Use :meth:`status_segments`.
        .. versionchanged:: 0.2.0
           The status function's definition (a refused task is not overdue; a task paused
           when late is).
        """
        _deprecated("overdue_task_ids", "status_segments(as_of, lead_units=[unit], "
                    "group=ReportGroup.NOT_COMPLETED_OVERDUE)")
        unit = check_id(unit, "unit")
        as_of = check_date(as_of, "as_of")
        return sorted(tid for tid, lead, group, _ in self._judged(as_of)
                      if lead == unit and group is ReportGroup.NOT_COMPLETED_OVERDUE)

    def unit_tallies(self, as_of: date) -> dict[str, UnitTally]:
        """
        Return per-lead-unit counts as of *as_of*: ``{unit: UnitTally}`` sorted by unit.

        Every task that exists on *as_of* is counted once, under its lead on that day
        (after transfers), by its status (the same definition as
        :meth:`overdue_task_ids`): ``cancelled`` (cancelled or refused), ``done_on_time``
        and ``done_late`` (the completed groups), ``open_overdue`` (overdue, paused when
        late included) and ``open_on_time`` (the group "chưa hoàn thành trong hạn":
        within the deadline, without a deadline, paused with time left).  Units without
        tasks are absent.

        Deprecated with :meth:`overdue_task_ids`: use :meth:`status_tallies`.

        Raises:
            InvalidTypeError: *as_of* is not a date.

        Warns:
            DirectiveTrackerDeprecationWarning: on every call.

        .. versionadded:: 0.1.0
        .. deprecated:: 0.1.0
           Use :meth:`status_tallies`.
        .. versionchanged:: 0.2.0
           The status function's definition (see :meth:`overdue_task_ids`).
        """
        _deprecated("unit_tallies", "status_tallies(as_of, calendar=...)")
        as_of = check_date(as_of, "as_of")
        slot = {ReportGroup.NOT_COMPLETED_ON_TIME: 0, ReportGroup.NOT_COMPLETED_OVERDUE: 1,
                ReportGroup.COMPLETED_ON_TIME: 2, ReportGroup.COMPLETED_LATE: 3}
        counts: dict[str, list[int]] = {}
        for _tid, lead, group, _kind in self._judged(as_of):
            counts.setdefault(lead, [0, 0, 0, 0, 0])[4 if group is None else slot[group]] += 1
        return tallies_from_counts(counts)

    def _resolve_query(self, query: object) -> TaskQuery:
        """
        :func:`check_query`, with ``lead_unit_on`` resolved: the tasks whose lead on that
        date (timelines, transfers, registered successions) is ``lead_unit`` become an
        ``ids`` filter (intersected with the query's own ``ids``).  Backends call it at
        the start of ``get_tasks`` and ``count_tasks``.
        """
        q = check_query(query)
        if q.lead_unit_on is None:
            return q
        code, day = q.lead_unit, q.lead_unit_on
        reg = UnitRegistry.of(self.get_units(), self.get_successions())

        def under(lead: str) -> bool:
            return lead == code or (lead in reg and reg.successor_of(lead, day) == code)

        found = {tid for tid, lead, _g, _k in self._judged(day) if under(lead)}
        ids = sorted(found) if q.ids is None else [i for i in q.ids if i in found]
        return attrs.evolve(q, ids=tuple(ids), lead_unit=None, lead_unit_on=None)

    def _judged(self, as_of: date) -> list[tuple[str, str, ReportGroup | None, Any]]:
        """``(task id, lead unit, report group, kind)`` of every task assigned on or before
        *as_of*: from the materialised timelines, and for the tasks they cannot replay,
        from the log under :data:`~directive_tracker.integrity.STORAGE_POLICY`."""
        from .._tz import VN_TZ
        from ..events import TaskAssigned
        from ..integrity import STORAGE_POLICY, HistoryProblem, replay_or_problem
        from ..status import evaluate

        # These deprecated queries count a periodic duty once, replayed as a whole (as
        # before its occurrences were materialised): its occurrence rows are left out.
        segs = self.status_segments(as_of)
        out: list[tuple[str, str, ReportGroup | None, Any]] = [
            (s.task_id, s.lead_unit, s.group, s.kind) for s in segs if not s.occurrence]
        bad = sorted({*self.unreplayable_task_ids(as_of),
                      *(s.task_id for s in segs if s.occurrence)})
        if bad:
            events = self.get_events_for(bad, until=as_of)
            for task in self.get_tasks(TaskQuery(ids=bad)):
                log = events[task.id]
                if not log or not isinstance(log[0], TaskAssigned):
                    # Registered without its assignment event (the stores allow it): the
                    # old queries counted it as assigned on task.assigned_on.
                    log = [TaskAssigned(task_id=task.id, actor="store", at=datetime(
                        task.assigned_on.year, task.assigned_on.month,
                        task.assigned_on.day, tzinfo=VN_TZ)), *log]
                state = replay_or_problem(task, log, calendar=TIMELINE_CALENDAR,
                                          policy=STORAGE_POLICY, as_of=as_of)
                if isinstance(state, HistoryProblem):
                    continue
                st = evaluate(state, as_of=as_of, calendar=TIMELINE_CALENDAR,
                              review_on_submission=TIMELINE_REVIEW_ON_SUBMISSION)
                out.append((task.id, st.lead_unit, st.group, st.kind))
        return out

    def status_tallies(self, as_of: date, *, calendar: WorkingCalendar,
                       by: str = "lead_unit", assigned_until: date | None = None,
                       ended_from: date | None = None,
                       coordinating: bool = True) -> AsOfTallies:
        """
        Return the status counts as of *as_of*, per lead unit (or per directive).

        The one definition: every task is counted as
        :func:`~directive_tracker.status.evaluate_status` ``(task, events, as_of=as_of,
        calendar=TIMELINE_CALENDAR)`` judges it, on every *as_of* on which the calendar
        is fully known (:func:`timeline_applies`; before the calendar's last decision
        date ``evaluate_status`` uses the calendar as then known, which the
        materialised rows do not keep) (the default
        :class:`~directive_tracker.lifecycle.LifecyclePolicy`; ``TIMELINE_CALENDAR`` is
        the default ``vietnam_calendar()``), read from the task's materialised status
        timeline (:func:`directive_tracker.timeline.status_timeline`, saved with its
        events) instead of replaying its log.  Working days late of overdue tasks are
        counted on *as_of* from each row's working-day rank of its due date (summed in
        SQL, no grouping by date).

        Args:
            calendar: the calendar of the report; it must have the policy and overrides
                of ``TIMELINE_CALENDAR`` (the timelines' calendar), else
                :class:`ValidationError`.

        Args:
            as_of: the date (the segment ``[valid_from, valid_to)`` containing it).
            by: ``"lead_unit"`` (the lead on *as_of*, after transfers) or
                ``"directive"``.
            assigned_until: only tasks assigned on or before this date.
            ended_from: leave out tasks completed, cancelled or refused before this
                date (a reporting period's start).
            coordinating: also collect :attr:`AsOfTallies.coordinating_units` (default
                True); False leaves that set empty and saves a SQL store the work
                of collecting them (a summary does not list units).

        Returns:
            An :class:`AsOfTallies`; tasks not yet assigned on *as_of* are in no tally.

        Raises:
            InvalidTypeError: a date argument is not a date, *calendar* not a
                WorkingCalendar.
            ValidationError: *by* is not ``"lead_unit"`` or ``"directive"``, or
                *calendar* is not the timelines' calendar.

        .. versionadded:: 0.1.0
        """
        f = _as_of_filter(as_of, assigned_until, ended_from)
        _check_by(by, calendar)
        _check_flag(coordinating, "coordinating")
        tallies, units, unreplayable = memory_tally(
            self._timeline_rows(), f, by, calendar)
        return AsOfTallies(as_of=f.as_of, by=by, tallies=tallies,
                           coordinating_units=frozenset(units) if coordinating
                           else frozenset(),
                           unreplayable=tuple(unreplayable))

    def status_segments(self, as_of: date, *, lead_units: Iterable[str] | None = None,
                        task_ids: Iterable[str] | None = None,
                        group: ReportGroup | None = None, assigned_until: date | None = None,
                        ended_from: date | None = None) -> list[StatusSegment]:
        """
        Return the materialised status segments containing *as_of*, sorted by task id,
        then occurrence key.

        One :class:`~directive_tracker.timeline.StatusSegment` per task assigned on or
        before *as_of* (same definition as :meth:`status_tallies`), and per occurrence
        of a periodic duty (``segment.occurrence`` its key, up to the duty's horizon);
        tasks whose log does not replay (:attr:`AsOfTallies.unreplayable`) have none.

        Args:
            as_of: the date.
            lead_units: only tasks whose lead on *as_of* is one of these units.
            task_ids: only these tasks.
            group: only tasks in this report group on *as_of* (e.g.
                ``ReportGroup.NOT_COMPLETED_OVERDUE``: overdue, paused while late
                included).
            assigned_until, ended_from: as in :meth:`status_tallies`.

        Raises:
            InvalidTypeError: wrong argument types.

        .. versionadded:: 0.1.0
        """
        f = _as_of_filter(as_of, assigned_until, ended_from)
        leads, ids = _codes_arg(lead_units, "lead_units"), _codes_arg(task_ids, "task_ids")
        if group is not None and not isinstance(group, ReportGroup):
            raise InvalidTypeError("group", group, "a ReportGroup or None")
        return memory_segments(self._timeline_rows(ids), f, lead_units=leads, task_ids=ids,
                               group=group)

    def rebuild_timelines(self, *, progress: Callable[[int, int], None] | None = None,
                          through: date | None = None) -> int:
        """
        Recompute every task's materialised status timeline from its event log.

        Stores keep the timelines up to date on every write; a rebuild is needed only
        after the event log was changed below the library (such tasks are marked stale
        and judged task by task until then), to check a store, or to extend the
        periodic duties' horizon.  On SQLite and PostgreSQL it is one transaction: a
        crash leaves the old timelines in place.

        Args:
            progress: called ``(done, total)`` (tasks) as the rebuild goes, first with
                ``(0, total)``.
            through: materialise the periodic duties' occurrences at least to this day
                (their default horizon is their last event's date plus 400 days; after
                it, they are judged from their logs).  The next write to such a task
                recomputes its horizon from its data.

        Returns:
            The number of tasks whose timeline was computed.

        Raises:
            InvalidTypeError: *progress* is not callable.

        .. versionadded:: 0.2.0
        """
        check_progress(progress)
        if through is not None:
            check_date(through, "through")
        n = len(self.get_tasks())
        if progress is not None:
            progress(0, n)
            progress(n, n)
        return n

    def unreplayable_task_ids(self, as_of: date) -> list[str]:
        """
        Return the ids (sorted) of the tasks assigned on or before *as_of* whose event
        log does not replay under the default calendar and lifecycle policy (see
        :attr:`AsOfTallies.unreplayable`): they have no materialised status.

        Raises:
            InvalidTypeError: *as_of* is not a date.

        .. versionadded:: 0.1.0
        """
        f = _as_of_filter(as_of, None, None)
        return memory_unreplayable(self._timeline_rows(), f.as_of)

    def _timeline_rows(self, task_ids: Sequence[str] | None = None
                       ) -> dict[str, list[tuple[Any, ...]]]:
        """Every task's timeline rows (date objects), computed from its events: the
        generic fallback for stores that do not materialise them."""
        ids = [t.id for t in self.get_tasks()] if task_ids is None else list(task_ids)
        out: dict[str, list[tuple[Any, ...]]] = {}
        for chunk in iter_chunks(ids, 500):
            events = self.get_events_for(chunk)
            for task in self.get_tasks(TaskQuery(ids=chunk)):
                out[task.id] = timeline_rows(task, events[task.id], _same_date)
        return out

    # -- export / import (shared) ------------------------------------------------------

    def export_jsonl(self, stream: IO[str]) -> int:
        """
        Write the whole store to *stream* as JSON lines; return the number of lines.

        The first line is a header ``{"format": "directive_tracker", "version": N}``;
        then units, successions, directives, tasks (with ``version``) and each task's
        events, and outbox items, one JSON object per line with a ``"type"`` key.

        .. versionadded:: 0.1.0
        """
        from ._jsonl import export_records  # imported on use: keeps `import` cheap

        return export_records(self, stream)

    def import_jsonl(self, stream: IO[str], *, require_digests: bool = False) -> int:
        """
        Read what :meth:`export_jsonl` wrote and store it; return the number of records.

        Everything is validated before anything is written; then all records are
        written in one transaction.  Raise :class:`ImportFormatError` (naming the line)
        on malformed input, including a task log the lifecycle refuses (the line of
        the refused event) and a hash chain that does not verify (an event line or a
        task's terms edited after the export: the first line that breaks it), and the
        usual conflict errors on duplicates; in every case the store is unchanged.
        The digests of the backup are kept (the store computes the same ones).

        With *require_digests* a task whose events carry no digest (a backup written by
        0.1, or one whose digests were removed) is refused too; without it (the
        default, so that 0.1 backups still load) such events get fresh digests.  The
        CLI ``import`` requires digests unless given ``--unchained``.

        .. versionadded:: 0.1.0
        .. versionchanged:: 0.2.0
           Hash chains are verified; *require_digests*.
        """
        from ._jsonl import import_records

        return import_records(self, stream, require_digests=require_digests)

    # -- the light read path of reminders ------------------------------------------------

    def remindable_rows(self, as_of: date, *, phases: Iterable[str]) -> list[RemindableRow]:
        """
        Return a :class:`RemindableRow` per materialised status segment containing
        *as_of* whose phase is one of *phases* (:class:`~directive_tracker.lifecycle.TaskPhase`
        values), with a current due date, of a task
        stored with a due date: what :func:`~directive_tracker.reminders.reminders_due`
        schedules, with the task's brief, in one query.

        The same rows as :meth:`status_segments` ``(as_of)`` filtered so, each with the
        :meth:`task_briefs` fields of its task; in no particular order.  SQL stores read
        them with one query over ``task_timeline`` and ``tasks``; this default builds
        them from those two methods.

        Raises:
            InvalidTypeError: wrong argument types.

        .. versionadded:: 0.2.0
        """
        f = _as_of_filter(as_of, None, None)
        wanted = _phases_arg(phases)
        segs = [g for g in self.status_segments(f.as_of)
                if g.phase.value in wanted and g.current_due is not None]
        briefs = self.task_briefs([g.task_id for g in segs]) if segs else {}
        out = []
        for g in segs:
            b, due = briefs[g.task_id], g.current_due
            if b.due_date is None or due is None:
                continue
            out.append(RemindableRow(
                b.id, b.directive_id, b.content, b.assigned_on, b.tags, g.phase.value,
                due, g.original_due, g.lead_unit, g.coordinating_units,
                g.occurrence or None, g.occurrence_title, g.occurrence_start))
        return out

    def overdue_entries(self, as_of: date, *, lead_units: Iterable[str] | None = None
                        ) -> list[OverdueEntry]:
        """
        Return an :class:`OverdueEntry` per materialised status segment containing
        *as_of* in the group "not completed, overdue" (``ReportGroup.NOT_COMPLETED_OVERDUE``:
        overdue, and paused or awaiting review while late), optionally only those led
        by one of *lead_units* on *as_of*: what a unit's overdue list prints, in one
        query, in no particular order.

        The same segments as :meth:`status_segments` ``(as_of, lead_units=...,
        group=ReportGroup.NOT_COMPLETED_OVERDUE)``, each with its task's
        :meth:`task_briefs` content and directive and its working days late on
        *as_of* under :data:`TIMELINE_CALENDAR` (``segment.on(as_of,
        calendar=TIMELINE_CALENDAR).working_days_late``).  SQL stores read a side table
        of the timeline, ordered by lead unit, written with the timeline rows (a unit's
        rows are one range of it); this default builds the entries from those methods.

        Raises:
            InvalidTypeError: wrong argument types.

        .. versionadded:: 0.2.0
        """
        f = _as_of_filter(as_of, None, None)
        leads = _codes_arg(lead_units, "lead_units")
        segs = self.status_segments(f.as_of, lead_units=leads,
                                    group=ReportGroup.NOT_COMPLETED_OVERDUE)
        briefs = self.task_briefs([g.task_id for g in segs]) if segs else {}
        out = []
        for g in segs:
            b = briefs[g.task_id]
            late = g.on(f.as_of, calendar=TIMELINE_CALENDAR).working_days_late
            out.append(OverdueEntry(
                g.task_id, b.directive_id, b.content, g.lead_unit, g.previous_leads,
                g.kind.value, g.original_due, g.current_due, g.percent, late or 0,
                g.occurrence, g.occurrence_title))
        return out

    def outbox_payloads(self, ranges: Iterable[tuple[str, str]], *,
                        fields: Sequence[str]) -> list[tuple[str, tuple[Any, ...]]]:
        """
        Return ``(key, values)`` for each outbox item whose key *k* is in one of the
        half-open *ranges* ``lo <= k < hi`` (code-point order, the order of the keys'
        index), *values* being ``payload.get(name)`` for each name in *fields* (None
        when missing).

        An indexed look-up (the outbox's primary key): the cost grows with the number
        of ranges and of items found, not with the size of the outbox.  An item in
        several ranges is returned once per range; the order is unspecified.

        Raises:
            InvalidTypeError: *ranges* is not an iterable of pairs of text, or *fields*
                not a sequence of text.
            ValidationError: a field name that is not ASCII letters, digits and ``_``.

        .. versionadded:: 0.2.0
        """
        spans, names = _ranges_arg(ranges), _fields_arg(fields)
        if not spans:
            return []
        items = sorted((i.key, i) for i in self.get_outbox_items())
        keys = [k for k, _ in items]
        out = []
        for lo, hi in spans:
            for k, item in items[bisect.bisect_left(keys, lo):bisect.bisect_left(keys, hi)]:
                out.append((k, tuple(item.payload.get(n) for n in names)))
        return out


def brief_of(task: Task) -> TaskBrief:
    """The :class:`TaskBrief` of a decoded *task* (its stored attributes)."""
    return TaskBrief(id=task.id, directive_id=task.directive_id, content=task.content,
                     assigned_on=task.assigned_on, due_date=task.due_date, tags=task.tags)


def check_stored_history(task: Task, stored: Sequence[TaskEvent],
                         new: Sequence[TaskEvent], *, append: bool,
                         replayed: bool = False) -> None:
    """
    Refuse a log the lifecycle rejects before a store writes *new* after *stored*.

    Every backend calls this; the check is the one of
    :func:`directive_tracker.integrity.check_history`, under
    :data:`~directive_tracker.integrity.STORAGE_POLICY` and the Vietnamese calendar:

    * a task's first events (``add_task``, ``add_tasks_bulk``; *append* False) must
      start with :class:`~directive_tracker.events.TaskAssigned`, and replay;
    * an append to a log that starts with ``TaskAssigned`` must leave a log that replays;
    * an append to a *bare* task (stored without events, or whose log does not start
      with ``TaskAssigned``) is not replayed: the lifecycle cannot replay such a log, so
      reports and reminders quarantine the task (``directive-tracker check`` lists it).

    *replayed* True says that the caller has just replayed exactly ``[*stored, *new]``
    for the task's status timeline and the lifecycle accepted it
    (``replayed_timeline_rows``: default policy, :data:`TIMELINE_CALENDAR`, no
    occurrence key).  A log the default policy accepts, :data:`STORAGE_POLICY` accepts too
    (:meth:`~directive_tracker.lifecycle.LifecyclePolicy.accepts_every_log_of`, with
    the same calendar), so the second replay is skipped: bulk ingest replayed every log
    twice.

    Raises:
        InvalidHistoryError: which event is refused and why.
    """
    if not new:
        return
    if replayed and _timeline_proves_check():
        return
    from ..events import TaskAssigned

    if append and (not stored or not isinstance(stored[0], TaskAssigned)):
        return  # a bare record: left to quarantine
    from ..integrity import STORAGE_POLICY, check_history

    global _CALENDAR
    if _CALENDAR is None:
        from ..calendars import vietnam_calendar

        _CALENDAR = vietnam_calendar()
    check_history(task, [*stored, *new], calendar=_CALENDAR, policy=STORAGE_POLICY)


_CALENDAR: Any = None  # built on the first check (counting the days of pauses)
_PROVES: bool | None = None


def _timeline_proves_check() -> bool:
    """Whether a log the timelines' replay accepted passes the history check unreplayed:
    the storage policy accepts every log of the default one, on the same calendar."""
    global _PROVES, _CALENDAR
    if _PROVES is None:
        from ..calendars import vietnam_calendar
        from ..integrity import STORAGE_POLICY
        from ..lifecycle import LifecyclePolicy

        if _CALENDAR is None:
            _CALENDAR = vietnam_calendar()
        _PROVES = (STORAGE_POLICY.accepts_every_log_of(LifecyclePolicy())
                   and _CALENDAR is TIMELINE_CALENDAR)
    return _PROVES


def chain_digests(task: Task, events: Sequence[TaskEvent], *,
                  previous: str | None = None) -> list[str]:
    """
    The hash-chain digests of *events* appended after *previous* (None: the task's first
    events): :func:`directive_tracker.integrity.chain_digests`, the one computation every
    backend runs where it appends events.
    """
    if not events:
        return []
    from ..integrity import chain_digests as compute

    return compute(task, events, previous=previous)


def claim_of(item: OutboxItem, worker_id: str, now: datetime, lease_seconds: float
             ) -> OutboxItem:
    """Return *item* as claimed by *worker_id* at *now* (for backends)."""
    from datetime import timedelta

    return attrs.evolve(item, status=OutboxStatus.CLAIMED, claimed_by=worker_id,
                        lease_until=now + timedelta(seconds=lease_seconds),
                        attempts=item.attempts + 1)


def finished(item: OutboxItem, now: datetime, error: str | None) -> OutboxItem:
    """Return the claimed *item* as SENT at *now* (no *error*) or FAILED with *error*."""
    if error is None:
        return attrs.evolve(item, status=OutboxStatus.SENT, sent_at=now, last_error=None,
                            lease_until=None)
    return attrs.evolve(item, status=OutboxStatus.FAILED, last_error=error, lease_until=None)


def check_finish_args(key: object, worker_id: object, now: object
                      ) -> tuple[str, str, datetime]:
    """Validate the arguments of ``complete_outbox_item``/``fail_outbox_item``."""
    from .._validators import check_aware_datetime, check_str

    return (to_nfc(check_str(key, "key", max_length=MAX_KEY_LENGTH)),
            check_identifier(worker_id, "worker_id"),
            to_vn_time(check_aware_datetime(now, "now")))


def check_error(error: object) -> str:
    """Validate the *error* text of ``fail_outbox_item`` (cut to 2,000 characters)."""
    from .._validators import check_str

    return check_str(error, "error", allow_empty=True, max_length=100_000)[:2000]


def check_query(query: object) -> TaskQuery:
    """Validate a *query* argument (None means every task)."""
    if query is None:
        return TaskQuery()
    if not isinstance(query, TaskQuery):
        raise InvalidTypeError("query", query, "a TaskQuery or None")
    return query


def dumps(obj: Any) -> str:
    """Serialise to compact JSON that keeps non-ASCII text readable."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _same_date(d: date | None) -> date | None:
    return d


def check_progress(progress: object) -> None:
    """Refuse a *progress* argument that is neither None nor callable."""
    if progress is not None and not callable(progress):
        raise InvalidTypeError("progress", progress, "a callable (done, total) or None")


def _deprecated(old: str, new: str) -> None:
    warnings.warn(f"Store.{old} is deprecated: it is a second, simplified definition of "
                  f"status (refused tasks overdue, pauses ignored); use Store.{new}",
                  DirectiveTrackerDeprecationWarning, stacklevel=3)


def _as_of_filter(as_of: object, assigned_until: object, ended_from: object) -> AsOfFilter:
    return AsOfFilter(
        as_of=check_date(as_of, "as_of"),
        assigned_until=None if assigned_until is None else check_date(assigned_until,
                                                                      "assigned_until"),
        ended_from=None if ended_from is None else check_date(ended_from, "ended_from"))


def _check_flag(value: object, name: str) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError(name, value, "a bool")


def _check_by(by: object, calendar: object) -> None:
    if not isinstance(calendar, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar")
    if not timeline_applies(calendar, date.max):
        raise ValidationError("the status timelines were computed with the default "
                              "calendar (storage.base.TIMELINE_CALENDAR); this calendar "
                              "has another policy, overrides or notices: evaluate the "
                              "tasks with evaluate_status instead", param_name="calendar")
    if by not in ("lead_unit", "directive"):
        raise ValidationError(f"by must be 'lead_unit' or 'directive', got {by!r}",
                              param_name="by")


def _codes_arg(value: Iterable[str] | None, name: str) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidTypeError(name, value, "an iterable of codes or None")
    return [check_id(v, name) for v in value]


def _phases_arg(phases: object) -> frozenset[str]:
    """Check the *phases* of :meth:`Store.remindable_rows` (phase values)."""
    if isinstance(phases, str) or not isinstance(phases, Iterable):
        raise InvalidTypeError("phases", phases, "an iterable of TaskPhase values")
    out = frozenset(phases)
    if not all(isinstance(p, str) for p in out):
        raise InvalidTypeError("phases", phases, "an iterable of TaskPhase values")
    return out


def bulk_items(items: object) -> Iterator[Any]:
    """The *items* of :meth:`Store.add_tasks_bulk` as an iterator (read once)."""
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise InvalidTypeError("items", items, "an iterable of (Task, events) pairs")
    return iter(items)


def bulk_pair(i: int, pair: object) -> tuple[Any, Any]:
    """Item *i* of :meth:`Store.add_tasks_bulk`, checked to be a pair (its task and
    events are checked as :meth:`Store.add_task` checks them)."""
    if not isinstance(pair, tuple) or len(pair) != 2:
        raise InvalidTypeError(f"items[{i}]", pair, "a (Task, events) pair")
    return pair


def _ranges_arg(ranges: object) -> list[tuple[str, str]]:
    """Check the key *ranges* of :meth:`Store.outbox_payloads`.

    ``reminders_due`` passes one range per (task, recipient, level): millions on a large
    day.  Pairs of plain ASCII text without NUL within the cap (every bound the library
    builds from ASCII ids) are returned as they are after a few whole-list checks in C;
    anything else goes through :func:`_ranges_arg_general`, pair by pair.  The answer
    is the same (a hypothesis test compares the two).
    """
    if isinstance(ranges, str) or not isinstance(ranges, Iterable):
        raise InvalidTypeError("ranges", ranges, "an iterable of (low, high) key pairs")
    pairs = list(ranges)
    # (map over the whole list runs in C: about 0.1 µs a pair, where a generator
    # expression testing each pair took 0.4 µs, 0.6 s of a day at 1,000,000 tasks.)
    if set(map(type, pairs)) <= {tuple} and set(map(len, pairs)) <= {2}:
        bounds = [b for r in pairs for b in r]
        if set(map(type, bounds)) <= {str}:
            text = "".join(bounds)
            if (text.isascii() and "\x00" not in text
                    and max(map(len, bounds), default=0) <= MAX_KEY_LENGTH):
                return pairs
    return _ranges_arg_general(pairs)


def _ranges_arg_general(ranges: Iterable[object]) -> list[tuple[str, str]]:
    """:func:`_ranges_arg`, pair by pair (any text)."""
    out = []
    for r in ranges:
        if not (isinstance(r, tuple) and len(r) == 2 and isinstance(r[0], str)
                and isinstance(r[1], str)):
            raise InvalidTypeError("ranges", r, "a (low, high) pair of text")
        # Bounds are keys or key prefixes: the outbox key's cap (before any SQL) and
        # its characters (no NUL, no lone surrogate); NFC like every stored key.
        out.append((check_str(r[0], "ranges", allow_empty=True, max_length=MAX_KEY_LENGTH),
                    check_str(r[1], "ranges", allow_empty=True, max_length=MAX_KEY_LENGTH)))
    return out


def _fields_arg(fields: object) -> tuple[str, ...]:
    """Check the payload *fields* of :meth:`Store.outbox_payloads`."""
    if isinstance(fields, str) or not isinstance(fields, Sequence) or not all(
            isinstance(f, str) for f in fields):
        raise InvalidTypeError("fields", fields, "a sequence of payload field names")
    for f in fields:
        if not f.isascii() or not f.replace("_", "a").isalnum() or f[0].isdigit():
            raise ValidationError(f"fields: {f!r} is not a payload field name (ASCII "
                                  "letters, digits and '_', not starting with a digit)")
    return tuple(fields)
