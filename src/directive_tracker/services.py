# SPDX-License-Identifier: MIT
"""
Use cases: register, assign, record what happens to tasks, and ask for their status.

Every function takes a :class:`~directive_tracker.storage.Store`, a
:class:`~directive_tracker.calendars.WorkingCalendar` where dates are judged, and an
injectable ``clock`` (a callable returning a timezone-aware ``datetime``; default
``now_vn``, the current time in Asia/Ho_Chi_Minh) so that tests and imports can fix
"now".

Writes are validated before they are stored: :func:`record_event` folds the task's log
(:func:`directive_tracker.lifecycle.replay`), applies the new event (raising
:class:`~directive_tracker.exceptions.InvalidTransitionError` if it is not allowed) and
only then appends it with optimistic concurrency: if another writer appended in between,
the store raises :class:`~directive_tracker.exceptions.ConcurrentModificationError` and
nothing is written.

Who may do what: every use case that changes a task takes ``authorization=``, an
:class:`~directive_tracker.authorization.AuthorizationPolicy` asked with the call's
``actor`` before anything is written (in :func:`record_event`, the door every event
goes through, and in :func:`assign_task` and :func:`reorganise`; see
:mod:`directive_tracker.authorization`); a refusal raises
:class:`~directive_tracker.exceptions.PermissionDeniedError` and stores nothing.  The
default, None, checks nothing: ``actor`` stays free text, as in 0.1.

>>> from datetime import date, datetime
>>> from zoneinfo import ZoneInfo
>>> from directive_tracker.calendars import vietnam_calendar
>>> from directive_tracker.directives import Directive
>>> from directive_tracker.storage import MemoryStore
>>> from directive_tracker.units import Unit, UnitKind
>>> from directive_tracker.services import (
...     assign_task, register_directive, register_unit, task_status)
>>> store, cal = MemoryStore(), vietnam_calendar()
>>> clock = lambda: datetime(2026, 4, 1, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
>>> _ = register_unit(store, Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
>>> _ = register_directive(store, Directive(
...     id="KH1", issuer="UBND", issue_date=date(2026, 4, 1),
...     summary="Kế hoạch cải cách hành chính năm 2026"))
>>> task = assign_task(store, cal, directive_id="KH1", task_id="T1",
...                    content="Rà soát thủ tục hành chính", lead_unit="SNV",
...                    deadline="trong 10 ngày làm việc", actor="vanthu", clock=clock).task
>>> task.due_date  # 10 working days after Wed 01/04/2026
datetime.date(2026, 4, 15)
>>> task_status(store, cal, "T1", as_of=date(2026, 4, 16)).label_vi
'Đang thực hiện quá hạn'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any, Literal

import attrs

from ._deprecation import renamed_keyword
from ._validators import (
    check_aware_datetime,
    check_date,
    check_identifier,
    check_int,
    check_str,
    local_date,
    now_vn,
)
from .authorization import AccessContext, Action, AuthorizationPolicy, action_for, authorize
from .calendars import WorkingCalendar
from .deadlines import DeadlineRule, PeriodicReport
from .directives import Directive
from .events import (
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
)
from .exceptions import (
    ConcurrentModificationError,
    InvalidTransitionError,
    InvalidTypeError,
    OverlapError,
    OverlapWarning,
    ValidationError,
)
from .lifecycle import LifecyclePolicy, TaskPhase, TaskState, apply
from .lifecycle import replay as fold
from .occurrences import (
    SeriesView,
    find_occurrence,
    is_periodic,
    occurrence_state,
    series_of,
    series_view,
)
from .overlap import (
    DEFAULT_OVERLAP_THRESHOLD,
    check_overlap_threshold,
    content_key,
    repeats,
    similarity,
)
from .periods import DayOfLastMonth, PeriodKind
from .status import DEFAULT_DUE_SOON_DAYS, StatusKind, TaskStatus, evaluate, is_overdue
from .storage.base import Store, TaskQuery
from .tasks import Priority, Task
from .units import Succession, SuccessionKind, Unit, UnitRegistry

__all__ = [
    "DEFAULT_OVERLAP_THRESHOLD",
    "Assignment",
    "Clock",
    "accept_task",
    "approve_extension",
    "assign_task",
    "cancel_task",
    "child_tasks",
    "complete_task",
    "content_key",
    "declare_reporting_duty",
    "due_soon_tasks",
    "find_overlaps",
    "overdue_tasks",
    "parent_progress",
    "pause_task",
    "record_event",
    "refuse_task",
    "register_directive",
    "register_unit",
    "reject_extension",
    "reorganise",
    "report_progress",
    "request_extension",
    "resume_task",
    "return_for_rework",
    "series_status",
    "similarity",
    "statuses",
    "submit_for_review",
    "task_state",
    "task_status",
    "transfer_open_tasks",
    "transfer_task",
]

#: Type of the injectable clock (returns the current time, timezone-aware).
Clock = Callable[[], datetime]



def _store(store: object) -> Store:
    if not isinstance(store, Store):
        raise InvalidTypeError("store", store, "a directive_tracker.storage.Store")
    return store


def _calendar(calendar: object) -> WorkingCalendar:
    if not isinstance(calendar, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar")
    return calendar


def _now(clock: object) -> datetime:
    if not callable(clock):
        raise InvalidTypeError("clock", clock, "a callable returning an aware datetime")
    return check_aware_datetime(clock(), "clock()")


def _policy(policy: object) -> LifecyclePolicy | None:
    if policy is not None and not isinstance(policy, LifecyclePolicy):
        raise InvalidTypeError("lifecycle_policy", policy, "a LifecyclePolicy")
    return policy


def _access(store: Store, task: Task, log: Sequence[TaskEvent], state: TaskState
            ) -> AccessContext:
    """What the authorization policy is told about *task* (read only, before any write)."""
    first = log[0] if log else None
    parent = store.get_task(task.parent_id).lead_unit if task.parent_id is not None else None
    return AccessContext(task_id=task.id, lead_unit=state.lead_unit,
                         coordinating_units=tuple(state.coordinating_units), fields=task.tags,
                         phase=state.phase.value,
                         assigned_by=first.actor if isinstance(first, TaskAssigned) else None,
                         parent_lead_unit=parent)


# -- registration ---------------------------------------------------------------------------


def register_unit(store: Store, unit: Unit) -> Unit:
    """
    Store a new unit and return it.

    Raises:
        InvalidTypeError: *unit* is not a :class:`~directive_tracker.units.Unit`.
        DuplicateIdError: a unit with that code exists.

    .. versionadded:: 0.1.0
    """
    if not isinstance(unit, Unit):
        raise InvalidTypeError("unit", unit, "a Unit")
    _store(store).add_unit(unit)
    return unit


def register_directive(store: Store, directive: Directive) -> Directive:
    """
    Store a new directive and return it.

    Raises:
        InvalidTypeError: *directive* is not a :class:`~directive_tracker.directives.Directive`.
        DirectiveNotFoundError: its ``parent_id`` names a directive that is not stored.
        DuplicateIdError: a directive with that id exists.

    .. versionadded:: 0.1.0
    """
    if not isinstance(directive, Directive):
        raise InvalidTypeError("directive", directive, "a Directive")
    st = _store(store)
    if directive.parent_id is not None:
        st.get_directive(directive.parent_id)
    st.add_directive(directive)
    return directive


# -- assignment and overlap ----------------------------------------------------------------

def _receivers_closure(store: Store, code: str) -> set[str]:
    """Return *code* and every unit whose tasks (transitively) pass to it by succession."""
    found = {code}
    successions = store.get_successions()
    changed = True
    while changed:
        changed = False
        for s in successions:
            if s.task_receiver in found:
                new = set(s.predecessors) - found
                if new:
                    found |= new
                    changed = True
    return found


@renamed_keyword("policy", "lifecycle_policy")
def find_overlaps(store: Store, calendar: WorkingCalendar, *, content: str, lead_unit: str,
                  as_of: date, threshold: float = DEFAULT_OVERLAP_THRESHOLD,
                  lifecycle_policy: LifecyclePolicy | None = None, exclude: str | None = None
                  ) -> list[Task]:
    """
    Return the open tasks of *lead_unit* whose content repeats *content*.

    Contents repeat when their :func:`similarity` is at least *threshold*; with the
    default 1.0 that means the same :func:`content_key` (equal up to diacritics, case,
    punctuation and spacing).  A lower threshold (e.g. 0.9) also catches near-identical
    wording, at the risk of flagging "quý I" against "quý II".

    Candidates are the tasks stored with *lead_unit* as lead or coordinator, and those
    stored under a unit whose tasks pass to *lead_unit* by a stored succession; each
    candidate's events up to *as_of* then decide whether it is open and led by
    *lead_unit* on that date.  (A task reassigned to *lead_unit* by an ad-hoc transfer,
    outside any succession, is not a candidate.)

    Args:
        store: the store.
        calendar: the working-day calendar.
        content: the new task's content.
        lead_unit: the new task's lead unit.
        as_of: the date of the check.
        threshold: similarity from which contents repeat (0.5–1).
        lifecycle_policy: the lifecycle policy the logs were recorded under.
        exclude: a task id to leave out.

    Returns:
        The repeated tasks, sorted by id.

    Raises:
        InvalidTypeError, ValidationError: bad arguments.

    .. versionadded:: 0.1.0
    """
    st = _store(store)
    cal = _calendar(calendar)
    check_str(content, "content")
    lead = check_identifier(lead_unit, "lead_unit")
    check_date(as_of, "as_of")
    limit = check_overlap_threshold(threshold, "threshold")
    pol = _policy(lifecycle_policy)
    pool: dict[str, Task] = {t.id: t for t in st.get_tasks(TaskQuery(unit=lead))}
    for code in sorted(_receivers_closure(st, lead) - {lead}):
        pool.update((t.id, t) for t in st.get_tasks(TaskQuery(lead_unit=code)))
    candidates = [t for _, t in sorted(pool.items())
                  if t.id != exclude and t.assigned_on <= as_of
                  and repeats(content, t.content, threshold=limit)]
    if not candidates:
        return []
    logs = st.get_events_for([t.id for t in candidates])  # whole logs: replay cuts at as_of
    found = []
    for t in candidates:
        state = fold(t, logs[t.id], calendar=cal, policy=pol, as_of=as_of)
        if state.is_open and state.lead_unit == lead:
            found.append(t)
    return found


@attrs.frozen(kw_only=True)
class Assignment:
    """
    The result of :func:`assign_task`: the stored task and the open tasks it overlaps.

    .. versionadded:: 0.1.0
    """

    task: Task
    overlaps: tuple[Task, ...] = ()


def _check_unit_active(store: Store, code: str, on: date, role: str) -> None:
    unit = store.get_unit(code)
    if not unit.is_active(on):
        raise ValidationError(
            f"{role} unit {code!r} does not exist on {on} (valid {unit.valid_from} to "
            f"{unit.valid_to}); assign the task to its successor", unit=code)




@renamed_keyword("policy", "lifecycle_policy")
def assign_task(store: Store, calendar: WorkingCalendar, *, directive_id: str,
                task_id: str, content: str, lead_unit: str,
                coordinating_units: Sequence[str] = (), deadline: DeadlineRule | str,
                anchor: date | None = None, parent_id: str | None = None,
                priority: Priority = Priority.NORMAL, tags: Sequence[str] = (),
                actor: str, note: str = "", clock: Clock = now_vn,
                on_overlap: Literal["refuse", "warn", "ignore"] = "refuse",
                overlap_threshold: float = DEFAULT_OVERLAP_THRESHOLD,
                lifecycle_policy: LifecyclePolicy | None = None,
                authorization: AuthorizationPolicy | None = None) -> Assignment:
    """
    Assign a task of a stored directive to one lead unit and store it with its
    :class:`~directive_tracker.events.TaskAssigned` event.

    The due date is resolved once, now, with *calendar*:
    ``deadline.due_date(anchor, calendar)``; it is stored as the task's original due
    date and never recomputed.

    Args:
        store: the store.
        calendar: the working-day calendar the deadline is counted in.
        directive_id: the source directive (must be stored).
        task_id: the new task's id.
        content: what must be done.
        lead_unit: the single lead unit (must be stored and exist on the assignment
            date).
        coordinating_units: coordinating units (same checks; not the lead).
        deadline: a :class:`~directive_tracker.deadlines.DeadlineRule`, or a Vietnamese
            phrase read by :func:`directive_tracker.phrases.parse_deadline`, what it leaves
            open read with the calendar's policy (:func:`directive_tracker.settings.read_deadline`).
        anchor: the day the deadline counts from (not itself counted, Civil Code Art
            147).  An explicit date always wins.  When None it follows the event the
            rule names in ``counted_from``
            (:class:`~directive_tracker.deadlines.CountedFrom`): ``ISSUE`` ("kể từ ngày
            ký") → the directive's ``issue_date``; ``RECEIPT`` ("kể từ ngày nhận được văn
            bản") → its ``received_date``, or ``issue_date`` when no receipt was recorded
            (a directive whose receipt is not recorded is taken as received the day it was
            issued, as ``Directive.anchor_date`` does); ``ASSIGNMENT`` ("kể từ ngày được
            giao") → the assignment date (the clock's date); ``EFFECTIVE`` ("kể từ ngày văn
            bản có hiệu lực") → refused, since a directive records no effective date and
            a legal document's may be weeks after signing; no event stated (or a rule
            without ``counted_from``) → the directive's ``anchor_date`` (received, else
            issue date).
        parent_id: the task this one is split from (must be stored).
        priority: a :class:`~directive_tracker.tasks.Priority`.
        tags: free labels.
        actor: who assigns.
        note: free text recorded on the TaskAssigned event.
        clock: returns "now"; its Vietnamese date is the assignment date.
        on_overlap: what to do when the content nearly repeats an open task of the same
            lead (:func:`find_overlaps`): ``"refuse"`` (default; Decree 39/2022 Art 33
            "no overlap") raises :class:`OverlapError`; ``"warn"`` stores the task and
            issues an :class:`OverlapWarning`; ``"ignore"`` skips the check.
        overlap_threshold: see :func:`find_overlaps`.
        lifecycle_policy: the lifecycle policy (for judging which tasks are open).
        authorization: the :class:`~directive_tracker.authorization.AuthorizationPolicy`
            asked whether *actor* may assign (``Action.ASSIGN``), with the new task's lead
            and coordinating units, its tags as fields and its parent's lead unit, before
            anything is written; None (the default) checks nothing.

    Returns:
        An :class:`Assignment` with the stored task (its ``version`` as stored) and the
        overlapping tasks (empty unless ``on_overlap="warn"`` found some).

    Raises:
        DirectiveNotFoundError, UnitNotFoundError, TaskNotFoundError: an unknown
            directive, unit or parent task.
        ValidationError: an inactive unit, a bad field (e.g. the lead also coordinating),
            an unknown *on_overlap*, a clock date before the directive's issue date, or no
            *anchor* for a deadline counted from the effective date.
        DeadlinePhraseError: *deadline* is a phrase that cannot be read.
        OverlapError: the content repeats an open task of the lead and *on_overlap* is
            ``"refuse"``.
        DuplicateIdError: *task_id* exists.
        PermissionDeniedError: *authorization* refuses *actor*; nothing is written.

    Warns:
        ProvisionalCalendarWarning: the deadline is counted over days no official notice
            has fixed yet (e.g. the Tết days of a year without an announced schedule);
            once per calendar (:meth:`WorkingCalendar.warn_if_provisional`).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Warns when the due date is counted over provisional days.
    """
    st = _store(store)
    cal = _calendar(calendar)
    if on_overlap not in ("refuse", "warn", "ignore"):
        raise ValidationError(f"on_overlap must be 'refuse', 'warn' or 'ignore', got "
                              f"{on_overlap!r}", param_name="on_overlap")
    now = _now(clock)
    today = local_date(now)
    directive = st.get_directive(check_identifier(directive_id, "directive_id"))
    if today < directive.issue_date:
        raise ValidationError(
            f"the assignment date {today} (the clock's date in Vietnam) is before directive "
            f"{directive.id!r} was issued on {directive.issue_date}; a task cannot be "
            "assigned before its directive exists", param_name="clock")
    if isinstance(deadline, str):
        from .settings import read_deadline

        # What the phrase leaves open ("trước ngày X": X included? moved off a day off?)
        # is read as the province decided (calendar.policy).
        deadline = read_deadline(deadline, cal.policy)
    if not isinstance(deadline, DeadlineRule):
        raise InvalidTypeError("deadline", deadline, "a DeadlineRule or a Vietnamese phrase")
    start = (directive.anchor_for(deadline, today) if anchor is None
             else check_date(anchor, "anchor"))
    due = deadline.due_date(start, cal)
    if due is not None and cal.first_date <= start <= cal.last_date:
        # Counted over days no notice has fixed yet (e.g. Tết 2027): warn once per calendar.
        cal.warn_if_provisional(start, due, stacklevel=2)
    task = Task(id=task_id, directive_id=directive.id, content=content, lead_unit=lead_unit,
                coordinating_units=coordinating_units, deadline=deadline, anchor=start,
                due_date=due, assigned_on=today, parent_id=parent_id, priority=priority,
                tags=tags)
    for code in task.units:
        _check_unit_active(st, code, today, "lead" if code == task.lead_unit else
                           "coordinating")
    if task.parent_id is not None:
        st.get_task(task.parent_id)
    if authorization is not None:  # who may do what, before anything is written
        authorize(authorization, Action.ASSIGN, actor, AccessContext(
            task_id=task.id, lead_unit=task.lead_unit,
            coordinating_units=task.coordinating_units, fields=task.tags,
            parent_lead_unit=(None if task.parent_id is None
                              else st.get_task(task.parent_id).lead_unit)))
    overlaps: list[Task] = []
    if on_overlap != "ignore":
        overlaps = find_overlaps(st, cal, content=task.content, lead_unit=task.lead_unit,
                                 as_of=today, threshold=overlap_threshold,
                                 lifecycle_policy=lifecycle_policy, exclude=task.id)
        if overlaps and on_overlap == "refuse":
            raise OverlapError(task.id, task.lead_unit, tuple(t.id for t in overlaps))
    event = TaskAssigned(task_id=task.id, at=now, actor=actor, note=note)
    stored = st.add_task(task, [event])
    if overlaps:
        warnings.warn(
            f"task {task.id!r} repeats open task(s) "
            f"{', '.join(t.id for t in overlaps)} of lead unit {task.lead_unit!r}",
            OverlapWarning, stacklevel=2)
    return Assignment(task=stored, overlaps=tuple(overlaps))


_DUTY_WORDS = {PeriodKind.MONTH: "hằng tháng", PeriodKind.QUARTER: "hằng quý",
               PeriodKind.HALF_YEAR: "6 tháng", PeriodKind.NINE_MONTHS: "9 tháng",
               PeriodKind.YEAR: "hằng năm"}


@renamed_keyword("policy", "lifecycle_policy")
def declare_reporting_duty(store: Store, calendar: WorkingCalendar, *, directive_id: str,
                           task_id: str, unit: str, kind: PeriodKind | str,
                           submission: DayOfLastMonth | str | None = None,
                           content: str | None = None, roll: bool = False,
                           until: date | None = None, anchor: date | None = None,
                           coordinating_units: Sequence[str] = (),
                           priority: Priority = Priority.NORMAL, tags: Sequence[str] = (),
                           actor: str, note: str = "", clock: Clock = now_vn,
                           on_overlap: Literal["refuse", "warn", "ignore"] = "refuse",
                           lifecycle_policy: LifecyclePolicy | None = None,
                           authorization: AuthorizationPolicy | None = None) -> Assignment:
    """
    Declare that *unit* reports to the People's Committee periodically under Decree
    09/2019/NĐ-CP: store a task of the directive *directive_id* whose deadline is a
    :class:`~directive_tracker.deadlines.PeriodicReport`, judged per occurrence
    (:mod:`directive_tracker.occurrences`), with :func:`assign_task`.

    "Sở Nội vụ báo cáo UBND tỉnh hằng quý" is ``declare_reporting_duty(store, cal,
    directive_id="CT-05", task_id="BC-SNV-Q", unit="SNV", kind="quarter", actor=...)``:
    each quarter is one occurrence, its data window 15th of the month before the quarter
    → 14th of its last month (Art 12: quý I/2026 15/12/2025–14/03/2026), due by the 25th
    of its last month (Art 13), or by the province's own day with *submission*
    (``"trước ngày 20 của tháng cuối kỳ"`` or a
    :class:`~directive_tracker.periods.DayOfLastMonth`).

    Args:
        store: the store.
        calendar: the working-day calendar.
        directive_id: the directive (or plan) that sets the duty; must be stored.
        task_id: the new task's id.
        unit: the reporting unit (the task's lead unit; stored, existing on the date).
        kind: the :class:`~directive_tracker.periods.PeriodKind` ("month", "quarter",
            "half_year", "nine_months", "year").
        submission: None (Art 13, the 25th), a ``DayOfLastMonth`` or a phrase read by
            :meth:`DayOfLastMonth.parse <directive_tracker.periods.DayOfLastMonth.parse>`.
        content: the task's content; default "<unit> báo cáo định kỳ <kind> gửi Ủy ban
            nhân dân tỉnh (Nghị định 09/2019/NĐ-CP)".
        roll: move a submission day that is a day off to the next working day (default:
            it stays as named).
        until: the last day (inclusive) a submission day may fall on; None: open-ended.
        anchor: the day the series starts from (the first occurrence is the first whose
            submission day is on or after it); default as :func:`assign_task`.
        coordinating_units: as :func:`assign_task`, and so are *priority*, *tags*,
            *actor*, *note*, *clock*, *on_overlap*, *lifecycle_policy* and
            *authorization*.

    Returns:
        The :class:`Assignment`; ``assignment.task.due_date`` is the first occurrence's.

    Raises:
        InvalidTypeError, InvalidDeadlineError: a bad *kind*, *submission*, *roll* or
            *until*.
        ParseError: *submission* is a phrase that is not "trước ngày N của tháng cuối kỳ".
        DirectiveTrackerError: any error of :func:`assign_task` (an unknown directive or
            unit, an overlapping task, a refused authorization).

    .. versionadded:: 0.2.0
    """
    rule = PeriodicReport.with_submission(kind, submission, roll=roll, until=until)
    if content is None:
        content = (f"{check_identifier(unit, 'unit')} báo cáo định kỳ {_DUTY_WORDS[rule.kind]} "
                   f"gửi Ủy ban nhân dân tỉnh (Nghị định 09/2019/NĐ-CP)")
    return assign_task(store, calendar, directive_id=directive_id, task_id=task_id,
                       content=content, lead_unit=unit,
                       coordinating_units=coordinating_units, deadline=rule, anchor=anchor,
                       priority=priority, tags=tags, actor=actor, note=note, clock=clock,
                       on_overlap=on_overlap, lifecycle_policy=lifecycle_policy,
                       authorization=authorization)


# -- recording events -----------------------------------------------------------------------


@renamed_keyword("policy", "lifecycle_policy")
def task_state(store: Store, calendar: WorkingCalendar, task_id: str, *,
               as_of: date | None = None, lifecycle_policy: LifecyclePolicy | None = None,
               occurrence: str | None = None) -> TaskState:
    """
    Return the task's state folded from its stored events (up to *as_of* if given).

    With *occurrence* (a periodic task's occurrence key, e.g. ``"2026-11"``), the state
    of that occurrence (:func:`directive_tracker.occurrences.occurrence_state`); it must
    exist on *as_of* (default: the date of the last stored event).

    Raises:
        TaskNotFoundError: no such task.
        ValidationError: *as_of* before the assignment; an unknown *occurrence* (the
            message and ``suggestions`` name the nearest valid keys) or a task that
            does not recur.
        InvalidTransitionError: the stored log breaks the lifecycle rules.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *occurrence*.
    """
    st = _store(store)
    task = st.get_task(check_identifier(task_id, "task_id"))
    until = None if as_of is None else check_date(as_of, "as_of")
    events = st.get_events(task.id, until=until)
    if occurrence is not None:
        day = until if until is not None else max((e.on for e in events),
                                                  default=task.assigned_on)
        return _occurrence_state(task, events, occurrence, day, _calendar(calendar),
                                 _policy(lifecycle_policy))
    # The whole log: replay cuts it at as_of and reads the terms at assignment back
    # through term changes recorded later.
    return fold(task, st.get_events(task.id) if until is not None else events,
                calendar=_calendar(calendar), policy=_policy(lifecycle_policy), as_of=until)


def _occurrence_state(task: Task, events: Sequence[TaskEvent], key: str, on: date,
                      cal: WorkingCalendar, pol: LifecyclePolicy | None,
                      as_of: date | None = None) -> TaskState:
    """The state of occurrence *key* (which must exist on *on*) with the log up to *as_of*."""
    if not is_periodic(task, events):
        raise ValidationError(
            f"task {task.id!r} does not recur (its deadline is {type(task.deadline).__name__}); "
            "its events take no occurrence key", task_id=task.id, param_name="occurrence",
            value=key, code="not_periodic")
    check_identifier(key, "occurrence")
    occ, first = find_occurrence(task, events, key, as_of=on, calendar=cal)
    return occurrence_state(task, events, occ, as_of=on if as_of is None else as_of,
                            calendar=cal, first_key=first, policy=pol)


@renamed_keyword("policy", "lifecycle_policy")
def record_event(store: Store, calendar: WorkingCalendar, event: TaskEvent, *,
                 expected_version: int | None = None,
                 lifecycle_policy: LifecyclePolicy | None = None,
                 clock: Clock = now_vn,
                 authorization: AuthorizationPolicy | None = None) -> TaskState:
    """
    Validate *event* against the task's log and append it.

    The stored log is folded, *event* is applied (:func:`directive_tracker.lifecycle.apply`)
    and, if allowed, appended with ``expected_version`` = the version read, so a
    concurrent write makes this call fail instead of being overwritten.  A
    :class:`~directive_tracker.events.TaskTransferred` must name a stored unit that
    exists on the event's date.  An event dated after ``clock()`` is refused: the log is
    append-only and in time order, so one future-dated event would block every real
    event until that date.

    An event with an ``occurrence`` key acts on that occurrence of a periodic duty
    alone: the task must recur, the occurrence must exist on the event's date (its named
    due day on or before it, or the next one), and the event is applied to that
    occurrence's replay (:func:`directive_tracker.occurrences.occurrence_state`), so the
    series' other occurrences are unchanged.  An unknown key raises ValidationError
    (``code="unknown_occurrence"``) naming the nearest valid keys.

    Args:
        store: the store.
        calendar: the working-day calendar.
        event: the new event (its ``task_id`` names the task).
        expected_version: if given, the task version the caller last read; a different
            stored version raises ConcurrentModificationError before anything else.
        lifecycle_policy: the :class:`~directive_tracker.lifecycle.LifecyclePolicy`.
        clock: returns "now" (timezone-aware); default ``now_vn``.
        authorization: the :class:`~directive_tracker.authorization.AuthorizationPolicy`
            asked, with the event's ``actor`` and the task's stored state, before anything
            is written (the action is :func:`~directive_tracker.authorization.action_for`
            the event); None (the default) checks nothing.

    Returns:
        The task's new state; ``state.task.version`` is the new stored version.

    Raises:
        InvalidTypeError: *event* is not a TaskEvent.
        ValidationError: ``event.at`` is after ``clock()``.
        TaskNotFoundError: the task is not stored.
        UnitNotFoundError, ValidationError: a transfer to an unknown or inactive unit.
        PermissionDeniedError: *authorization* refuses the event's actor; nothing is
            written.
        InvalidTransitionError: the event is not allowed; nothing is written.
        ConcurrentModificationError: the task changed since *expected_version* (or
            during this call); nothing is written.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 the *authorization* keyword.
    """
    st = _store(store)
    cal = _calendar(calendar)
    pol = _policy(lifecycle_policy)
    if not isinstance(event, TaskEvent):
        raise InvalidTypeError("event", event, "a TaskEvent")
    now = _now(clock)
    if event.at > now:
        raise ValidationError(
            f"the event is dated {event.at.isoformat()}, after now ({now.isoformat()}); "
            "the append-only log takes no events from the future (they would block every "
            "later event)", param_name="event", task_id=event.task_id)
    task = st.get_task(event.task_id)
    if expected_version is not None:
        check_int(expected_version, "expected_version", minimum=0)
        if expected_version != task.version:
            raise ConcurrentModificationError(task.id, expected_version, task.version)
    if isinstance(event, TaskTransferred):
        _check_unit_active(st, event.to_unit, event.on, "receiving")
    log = st.get_events(task.id)
    if event.occurrence is None:
        state = fold(task, log, calendar=cal, policy=pol)
    else:  # one occurrence of a periodic duty: replay it, the other occurrences untouched
        if log and event.at < log[-1].at:
            raise InvalidTransitionError(
                f"the event at {event.at.isoformat()} is before the last recorded event at "
                f"{log[-1].at.isoformat()}; events must be in time order",
                task_id=task.id, event_kind=event.kind, state="occurrence")
        state = _occurrence_state(task, log, event.occurrence, event.on, cal, pol,
                                  as_of=max(event.on, log[-1].on) if log else event.on)
    if authorization is not None:  # who may do what, before anything is written
        authorize(authorization, action_for(event, state.phase.value), event.actor,
                  _access(st, task, log, state))
    new_state = apply(state, event, calendar=cal, policy=pol)
    version = st.append_events(task.id, [event], expected_version=task.version)
    return attrs.evolve(new_state, task=attrs.evolve(task, version=version))


def _base(task_id: str, actor: str, note: str, clock: Clock,
          occurrence: str | None = None) -> dict[str, Any]:
    base: dict[str, Any] = {"task_id": task_id, "at": _now(clock), "actor": actor,
                            "note": note}
    if occurrence is not None:
        base["occurrence"] = occurrence
    return base


@renamed_keyword("policy", "lifecycle_policy")
def accept_task(store: Store, calendar: WorkingCalendar, task_id: str, *, actor: str,
                note: str = "", clock: Clock = now_vn, expected_version: int | None = None,
                lifecycle_policy: LifecyclePolicy | None = None,
                authorization: AuthorizationPolicy | None = None) -> TaskState:
    """
    Record that the lead unit accepted the task (see :func:`record_event`).

    .. versionadded:: 0.1.0
    """
    return record_event(store, calendar, TaskAccepted(**_base(task_id, actor, note, clock)),
                        expected_version=expected_version,
                        lifecycle_policy=lifecycle_policy, clock=clock,
                        authorization=authorization)


@renamed_keyword("policy", "lifecycle_policy")
def refuse_task(store: Store, calendar: WorkingCalendar, task_id: str, *, actor: str,
                reason: str, note: str = "", clock: Clock = now_vn,
                expected_version: int | None = None,
                lifecycle_policy: LifecyclePolicy | None = None,
                authorization: AuthorizationPolicy | None = None) -> TaskState:
    """
    Record that the lead unit refused the task, with a *reason* (see :func:`record_event`).

    .. versionadded:: 0.1.0
    """
    event = TaskRefused(**_base(task_id, actor, note, clock), reason=reason)
    return record_event(store, calendar, event, expected_version=expected_version,
                        lifecycle_policy=lifecycle_policy, clock=clock,
                        authorization=authorization)


@renamed_keyword("policy", "lifecycle_policy")
def report_progress(store: Store, calendar: WorkingCalendar, task_id: str, *, actor: str,
                    percent: int, attachments: Sequence[str] = (),
                    regression_reason: str | None = None, note: str = "",
                    clock: Clock = now_vn, expected_version: int | None = None,
                    lifecycle_policy: LifecyclePolicy | None = None,
                    authorization: AuthorizationPolicy | None = None,
                    occurrence: str | None = None) -> TaskState:
    """
    Record a progress report of *percent* (0–100) (see :func:`record_event`).

    A percent below the last one needs *regression_reason*.  *attachments* is a
    sequence of references; a bare ``str`` is refused (it is not split into letters).

    Raises:
        InvalidTypeError: *attachments* is a ``str`` or not iterable.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       *occurrence*: the occurrence key of a periodic duty ("2026-11") the event
       belongs to (see :func:`record_event`).
    """
    if isinstance(attachments, str) or not isinstance(attachments, Iterable):
        raise InvalidTypeError("attachments", attachments,
                               "a sequence of str (a list, even for one reference)")
    event = ProgressReported(**_base(task_id, actor, note, clock, occurrence),
                             percent=percent, attachments=tuple(attachments),
                             regression_reason=regression_reason)
    return record_event(store, calendar, event, expected_version=expected_version,
                        lifecycle_policy=lifecycle_policy, clock=clock,
                        authorization=authorization)


@renamed_keyword("policy", "lifecycle_policy")
def request_extension(store: Store, calendar: WorkingCalendar, task_id: str, *, actor: str,
                      requested_due: date, reason: str, note: str = "",
                      clock: Clock = now_vn, expected_version: int | None = None,
                      lifecycle_policy: LifecyclePolicy | None = None,
                      authorization: AuthorizationPolicy | None = None,
                      occurrence: str | None = None) -> TaskState:
    """
    Record a request to extend the deadline to *requested_due* (see :func:`record_event`).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       *occurrence*: the occurrence key of a periodic duty ("2026-11") the event
       belongs to (see :func:`record_event`).
    """
    event = ExtensionRequested(**_base(task_id, actor, note, clock, occurrence),
                               requested_due=requested_due, reason=reason)
    return record_event(store, calendar, event, expected_version=expected_version,
                        lifecycle_policy=lifecycle_policy, clock=clock,
                        authorization=authorization)


@renamed_keyword("policy", "lifecycle_policy")
def approve_extension(store: Store, calendar: WorkingCalendar, task_id: str, *, actor: str,
                      decider: str, new_due: date | None = None, note: str = "",
                      clock: Clock = now_vn, expected_version: int | None = None,
                      lifecycle_policy: LifecyclePolicy | None = None,
                      authorization: AuthorizationPolicy | None = None,
                      occurrence: str | None = None) -> TaskState:
    """
    Approve the pending extension request (see :func:`record_event`).

    Args:
        new_due: the approved date; default: the date requested.

    Raises:
        InvalidTransitionError: no request is pending (also the other cases of
            :func:`record_event`).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       *occurrence*: the occurrence key of a periodic duty ("2026-11") the event
       belongs to (see :func:`record_event`).
    """
    if new_due is None:
        state = task_state(store, calendar, task_id, lifecycle_policy=lifecycle_policy,
                           occurrence=occurrence)
        if state.pending_extension is None:
            raise InvalidTransitionError("no extension request is pending", task_id=task_id,
                                         event_kind=ExtensionApproved.kind,
                                         state=state.phase.value)
        new_due = state.pending_extension.requested_due
    event = ExtensionApproved(**_base(task_id, actor, note, clock, occurrence),
                              new_due=new_due, decider=decider)
    return record_event(store, calendar, event, expected_version=expected_version,
                        lifecycle_policy=lifecycle_policy, clock=clock,
                        authorization=authorization)


@renamed_keyword("policy", "lifecycle_policy")
def reject_extension(store: Store, calendar: WorkingCalendar, task_id: str, *, actor: str,
                     decider: str, reason: str, note: str = "", clock: Clock = now_vn,
                     expected_version: int | None = None,
                     lifecycle_policy: LifecyclePolicy | None = None,
                     authorization: AuthorizationPolicy | None = None,
                     occurrence: str | None = None) -> TaskState:
    """
    Reject the pending extension request (see :func:`record_event`).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       *occurrence*: the occurrence key of a periodic duty ("2026-11") the event
       belongs to (see :func:`record_event`).
    """
    event = ExtensionRejected(**_base(task_id, actor, note, clock, occurrence),
                              decider=decider, reason=reason)
    return record_event(store, calendar, event, expected_version=expected_version,
                        lifecycle_policy=lifecycle_policy, clock=clock,
                        authorization=authorization)


@renamed_keyword("policy", "lifecycle_policy")
def pause_task(store: Store, calendar: WorkingCalendar, task_id: str, *, actor: str,
               reason: str, waiting_on: str | None = None, note: str = "",
               clock: Clock = now_vn, expected_version: int | None = None,
               lifecycle_policy: LifecyclePolicy | None = None,
               authorization: AuthorizationPolicy | None = None,
               occurrence: str | None = None) -> TaskState:
    """
    Stop the task's clock (waiting on *waiting_on*) (see :func:`record_event`).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       *occurrence*: the occurrence key of a periodic duty ("2026-11") the event
       belongs to (see :func:`record_event`).
    """
    event = TaskPaused(**_base(task_id, actor, note, clock, occurrence),
                       reason=reason, waiting_on=waiting_on)
    return record_event(store, calendar, event, expected_version=expected_version,
                        lifecycle_policy=lifecycle_policy, clock=clock,
                        authorization=authorization)


@renamed_keyword("policy", "lifecycle_policy")
def resume_task(store: Store, calendar: WorkingCalendar, task_id: str, *, actor: str,
                note: str = "", clock: Clock = now_vn, expected_version: int | None = None,
                lifecycle_policy: LifecyclePolicy | None = None,
                authorization: AuthorizationPolicy | None = None,
                occurrence: str | None = None) -> TaskState:
    """
    Restart the task's clock; the due date moves by the paused working days (see
    :mod:`directive_tracker.lifecycle` and :func:`record_event`).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       *occurrence*: the occurrence key of a periodic duty ("2026-11") the event
       belongs to (see :func:`record_event`).
    """
    event = TaskResumed(**_base(task_id, actor, note, clock, occurrence))
    return record_event(store, calendar, event, expected_version=expected_version,
                        lifecycle_policy=lifecycle_policy, clock=clock,
                        authorization=authorization)


@renamed_keyword("policy", "lifecycle_policy")
def submit_for_review(store: Store, calendar: WorkingCalendar, task_id: str, *, actor: str,
                      evidence: str | None = None, note: str = "", clock: Clock = now_vn,
                      expected_version: int | None = None,
                      lifecycle_policy: LifecyclePolicy | None = None,
                      authorization: AuthorizationPolicy | None = None,
                      occurrence: str | None = None) -> TaskState:
    """
    Submit the result for the assigner's review (see :func:`record_event`).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       *occurrence*: the occurrence key of a periodic duty ("2026-11") the event
       belongs to (see :func:`record_event`).
    """
    event = SubmittedForReview(**_base(task_id, actor, note, clock, occurrence),
                               evidence=evidence)
    return record_event(store, calendar, event, expected_version=expected_version,
                        lifecycle_policy=lifecycle_policy, clock=clock,
                        authorization=authorization)


@renamed_keyword("policy", "lifecycle_policy")
def return_for_rework(store: Store, calendar: WorkingCalendar, task_id: str, *, actor: str,
                      reason: str, note: str = "", clock: Clock = now_vn,
                      expected_version: int | None = None,
                      lifecycle_policy: LifecyclePolicy | None = None,
                      authorization: AuthorizationPolicy | None = None,
                      occurrence: str | None = None) -> TaskState:
    """
    Send a submitted result back for rework (see :func:`record_event`).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       *occurrence*: the occurrence key of a periodic duty ("2026-11") the event
       belongs to (see :func:`record_event`).
    """
    event = ReturnedForRework(**_base(task_id, actor, note, clock, occurrence),
                              reason=reason)
    return record_event(store, calendar, event, expected_version=expected_version,
                        lifecycle_policy=lifecycle_policy, clock=clock,
                        authorization=authorization)


@renamed_keyword("policy", "lifecycle_policy")
def complete_task(store: Store, calendar: WorkingCalendar, task_id: str, *, actor: str,
                  completed_on: date | None = None, evidence: str | None = None,
                  note: str = "", clock: Clock = now_vn, expected_version: int | None = None,
                  lifecycle_policy: LifecyclePolicy | None = None,
                  authorization: AuthorizationPolicy | None = None,
                  occurrence: str | None = None) -> TaskState:
    """
    Record the task's completion (see :func:`record_event`).

    Args:
        completed_on: the completion date on-time is judged by; default: the clock's
            Vietnamese date.  It may be earlier than the recording date, never later.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       *occurrence*: the occurrence key of a periodic duty ("2026-11") the event
       belongs to (see :func:`record_event`).
    """
    base = _base(task_id, actor, note, clock, occurrence)
    at = base["at"]
    assert isinstance(at, datetime)
    done = local_date(at) if completed_on is None else completed_on
    event = TaskCompleted(**base, completed_on=done, evidence=evidence)
    return record_event(store, calendar, event, expected_version=expected_version,
                        lifecycle_policy=lifecycle_policy, clock=clock,
                        authorization=authorization)


@renamed_keyword("policy", "lifecycle_policy")
def cancel_task(store: Store, calendar: WorkingCalendar, task_id: str, *, actor: str,
                reason: str, note: str = "", clock: Clock = now_vn,
                expected_version: int | None = None,
                lifecycle_policy: LifecyclePolicy | None = None,
                authorization: AuthorizationPolicy | None = None) -> TaskState:
    """
    Cancel (recall) the task, with a *reason* (see :func:`record_event`).

    .. versionadded:: 0.1.0
    """
    event = TaskCancelled(**_base(task_id, actor, note, clock),
                          reason=reason)
    return record_event(store, calendar, event, expected_version=expected_version,
                        lifecycle_policy=lifecycle_policy, clock=clock,
                        authorization=authorization)


@renamed_keyword("policy", "lifecycle_policy")
def transfer_task(store: Store, calendar: WorkingCalendar, task_id: str, *, actor: str,
                  to_unit: str, document: str, note: str = "", clock: Clock = now_vn,
                  expected_version: int | None = None,
                  lifecycle_policy: LifecyclePolicy | None = None,
                  authorization: AuthorizationPolicy | None = None) -> TaskState:
    """
    Pass the lead of one task from its current lead unit to *to_unit*, citing *document*.

    .. versionadded:: 0.1.0
    """
    state = task_state(store, calendar, task_id, lifecycle_policy=lifecycle_policy)
    event = TaskTransferred(**_base(task_id, actor, note, clock),
                            from_unit=state.lead_unit, to_unit=to_unit, document=document)
    return record_event(store, calendar, event,
                        expected_version=(state.task.version if expected_version is None
                                          else expected_version),
                        lifecycle_policy=lifecycle_policy, clock=clock,
                        authorization=authorization)


def change_task_terms(store: Store, calendar: WorkingCalendar, task_id: str, *, actor: str,
                      reason: str, at: datetime | None = None, document: str | None = None,
                      content: str | None = None, lead_unit: str | None = None,
                      coordinating_units: Sequence[str] | None = None,
                      deadline: DeadlineRule | str | None = None,
                      due_date: date | None = None, clock: Clock = now_vn,
                      expected_version: int | None = None,
                      lifecycle_policy: LifecyclePolicy | None = None,
                      authorization: AuthorizationPolicy | None = None) -> TaskState:
    """
    Change a task's terms (content, lead unit, coordinating units, deadline, due date)
    as a recorded :class:`~directive_tracker.events.TermsChanged` event by *actor* for
    *reason* (citing the deciding *document*), through :meth:`Store.change_terms`.

    An argument left at None keeps that term.  A new *deadline* (a rule or a Vietnamese
    phrase, read as the province decided, like :func:`assign_task`) gives the due date
    ``deadline.due_date(task.anchor, calendar)``, counted from the task's anchor as at
    assignment, unless *due_date* is given too; a *due_date* alone keeps the rule.
    *at* (default ``clock()``, Asia/Ho_Chi_Minh) must not be after ``clock()``.  A new
    lead or coordinating unit must be stored and active on the date of *at*.

    The *authorization* policy is asked for
    :attr:`~directive_tracker.authorization.Action.UPDATE_TERMS` with *actor* and the
    task's stored state before anything is written (None checks nothing).

    Returns:
        The task's new state (``state.task.version`` is the stored version: + 2, an
        append and an update; + 1 when no term changed, and then nothing is recorded).

    Raises:
        TaskNotFoundError: the task is not stored.
        ValidationError: *at* after ``clock()``; a bad *actor*, *reason* or *document*;
            an inactive unit.
        UnitNotFoundError: a new unit is not stored.
        PermissionDeniedError: *authorization* refuses *actor*; nothing is written.
        InvalidHistoryError: the lifecycle refuses the change (a new lead after a
            transfer); nothing is written.
        ConcurrentModificationError: the task changed since *expected_version* (or
            during this call); nothing is written.

    .. versionadded:: 0.2.0
    """
    st = _store(store)
    cal = _calendar(calendar)
    pol = _policy(lifecycle_policy)
    now = _now(clock)
    when = now if at is None else check_aware_datetime(at, "at")
    if when > now:
        raise ValidationError(
            f"the change is dated {when.isoformat()}, after now ({now.isoformat()}); the "
            "append-only log takes no events from the future", param_name="at",
            task_id=task_id)
    task = st.get_task(check_identifier(task_id, "task_id"))
    if expected_version is not None:
        check_int(expected_version, "expected_version", minimum=0)
        if expected_version != task.version:
            raise ConcurrentModificationError(task.id, expected_version, task.version)
    changes: dict[str, Any] = {}
    if content is not None:
        changes["content"] = content
    if lead_unit is not None:
        changes["lead_unit"] = lead_unit
    if coordinating_units is not None:
        changes["coordinating_units"] = coordinating_units
    if deadline is not None:
        if isinstance(deadline, str):
            from .settings import read_deadline

            deadline = read_deadline(deadline, cal.policy)
        if not isinstance(deadline, DeadlineRule):
            raise InvalidTypeError("deadline", deadline,
                                   "a DeadlineRule or a Vietnamese phrase")
        changes["deadline"] = deadline
        changes["due_date"] = deadline.due_date(task.anchor, cal)
    if due_date is not None:
        changes["due_date"] = check_date(due_date, "due_date")
    new = attrs.evolve(task, **changes)  # validates the new terms
    day = local_date(when)
    for code in set(new.units) - set(task.units):
        _check_unit_active(st, code, day, "lead" if code == new.lead_unit else
                           "coordinating")
    log = st.get_events(task.id)
    if authorization is not None:  # who may do what, before anything is written
        state = fold(task, log, calendar=cal, policy=pol)
        authorize(authorization, Action.UPDATE_TERMS, actor, _access(st, task, log, state))
    stored = st.change_terms(new, actor=actor, reason=reason, at=when, document=document)
    return fold(stored, st.get_events(task.id), calendar=cal, policy=pol)


@renamed_keyword("policy", "lifecycle_policy")
def transfer_open_tasks(store: Store, calendar: WorkingCalendar, registry: UnitRegistry,
                        succession: Succession, *, actor: str, clock: Clock = now_vn,
                        lifecycle_policy: LifecyclePolicy | None = None,
                        authorization: AuthorizationPolicy | None = None
                        ) -> list[TaskState]:
    """
    Pass every open task led by a predecessor of *succession* to its receiver.

    Implements Resolution 190/2025/QH15: functions and tasks pass to the receiving body.
    For each stored task whose *current* lead unit (after earlier transfers) is one of
    ``succession.predecessors`` — except a predecessor that is also a successor of a
    merge, which keeps its tasks — and which is open, a
    :class:`~directive_tracker.events.TaskTransferred` citing ``succession.document`` is
    recorded at the clock's time.  All transfers are written in one transaction.  Running
    it again transfers nothing (the tasks are already led by the receiver).  Coordinating
    units are not changed (only the lead is tracked by events).

    Args:
        store: the store.
        calendar: the working-day calendar.
        registry: the unit registry holding the succession's units.
        succession: the reorganisation.
        actor: who records the transfers.
        clock: "now"; its date must be on or after ``succession.effective``.
        lifecycle_policy: the lifecycle policy.
        authorization: asked once whether *actor* may record a reorganisation
            (``Action.REORGANISE``) before anything is written; None checks nothing.

    Returns:
        The new states of the transferred tasks, sorted by task id.

    Raises:
        PermissionDeniedError: *authorization* refuses *actor*; nothing is written.
        InvalidTypeError: wrong argument types.
        UnitNotFoundError: the receiver is not in *registry* or not stored.
        ValidationError: the clock is before the effective date, or the receiver does not
            exist on it.
        ConcurrentModificationError: a task changed meanwhile; nothing is written.

    .. versionadded:: 0.1.0
    """
    st = _store(store)
    cal = _calendar(calendar)
    pol = _policy(lifecycle_policy)
    if not isinstance(registry, UnitRegistry):
        raise InvalidTypeError("registry", registry, "a UnitRegistry")
    if not isinstance(succession, Succession):
        raise InvalidTypeError("succession", succession, "a Succession")
    if authorization is not None:  # who may do what, before anything is written
        authorize(authorization, Action.REORGANISE, actor, AccessContext())
    now = _now(clock)
    today = local_date(now)
    if today < succession.effective:
        raise ValidationError(
            f"succession {succession.document} takes effect on {succession.effective}; "
            f"tasks cannot be transferred before that (clock date {today})")
    receiver = succession.task_receiver
    registry.get(receiver)
    _check_unit_active(st, receiver, succession.effective, "receiving")
    giving = {c for c in succession.predecessors
              if not (succession.kind is SuccessionKind.MERGE and c in succession.successors)}
    giving.discard(receiver)
    tasks = st.get_tasks()
    logs = st.get_events_for([t.id for t in tasks])
    out: list[TaskState] = []
    with st.transaction():
        for task in tasks:
            state = fold(task, logs[task.id], calendar=cal, policy=pol)
            if not state.is_open or state.lead_unit not in giving:
                continue
            event = TaskTransferred(task_id=task.id, at=now, actor=actor,
                                    from_unit=state.lead_unit, to_unit=receiver,
                                    document=succession.document,
                                    note=succession.kind.label_vi)
            new_state = apply(state, event, calendar=cal, policy=pol)
            version = st.append_events(task.id, [event], expected_version=task.version)
            out.append(attrs.evolve(new_state, task=attrs.evolve(task, version=version)))
    return out


@renamed_keyword("policy", "lifecycle_policy")
def reorganise(store: Store, calendar: WorkingCalendar, succession: Succession, *,
               actor: str, clock: Clock = now_vn, lifecycle_policy: LifecyclePolicy | None = None,
               authorization: AuthorizationPolicy | None = None) -> list[TaskState]:
    """
    Record a reorganisation and pass the predecessors' open tasks to the receiver.

    In one transaction: the succession is validated against the stored units and
    successions (:meth:`UnitRegistry.with_succession
    <directive_tracker.units.UnitRegistry.with_succession>`), stored, the predecessors
    that disappear get ``valid_to`` = the day before ``effective``, and
    :func:`transfer_open_tasks` moves their open tasks.  If anything fails, nothing is
    written.

    Args:
        store: the store.
        calendar: the working-day calendar.
        succession: the merge, split or rename, with its deciding document.
        actor: who records it.
        clock: "now"; its date must be on or after ``succession.effective``.
        lifecycle_policy: the lifecycle policy.
        authorization: asked whether *actor* may record a reorganisation
            (``Action.REORGANISE``) before anything is written; None checks nothing.

    Returns:
        The new states of the transferred tasks, sorted by task id.

    Raises:
        PermissionDeniedError: *authorization* refuses *actor*; nothing is written.
        InvalidTypeError: *succession* is not a Succession.
        ValidationError: a unit is unknown or already succeeded, or the clock is before
            the effective date.

    .. versionadded:: 0.1.0
    """
    st = _store(store)
    if not isinstance(succession, Succession):
        raise InvalidTypeError("succession", succession, "a Succession")
    if authorization is not None:  # who may do what, before anything is written
        authorize(authorization, Action.REORGANISE, actor, AccessContext())
    today = local_date(_now(clock))
    if today < succession.effective:
        raise ValidationError(
            f"succession {succession.document} takes effect on {succession.effective}; "
            f"it cannot be applied before that (clock date {today})")
    before = UnitRegistry.of(st.get_units(), st.get_successions())
    after = before.with_succession(succession)
    with st.transaction():
        st.add_succession(succession)
        for code in succession.predecessors:
            if after.get(code) != before.get(code):
                st.update_unit(after.get(code))
        return transfer_open_tasks(st, calendar, after, succession, actor=actor, clock=clock,
                                   lifecycle_policy=lifecycle_policy)


# -- queries -------------------------------------------------------------------------------


@renamed_keyword("policy", "lifecycle_policy")
def task_status(store: Store, calendar: WorkingCalendar, task_id: str, *, as_of: date,
                lifecycle_policy: LifecyclePolicy | None = None,
                due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
                occurrence: str | None = None) -> TaskStatus:
    """
    Return the task's status on *as_of* using only events recorded up to that date.

    See :func:`directive_tracker.status.status` for every convention.  With
    *occurrence*, the status of that occurrence of a periodic task (which must exist on
    *as_of*), judged on its own (:func:`directive_tracker.occurrences.judge_occurrence`).

    Raises:
        TaskNotFoundError: no such task.
        ValidationError: *as_of* before the assignment.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *occurrence*.
    """
    cal = _calendar(calendar)
    state = task_state(store, cal, task_id, as_of=as_of, lifecycle_policy=lifecycle_policy,
                       occurrence=occurrence)
    return evaluate(state, as_of=as_of, calendar=cal, due_soon_days=due_soon_days)


@renamed_keyword("policy", "lifecycle_policy")
def series_status(store: Store, calendar: WorkingCalendar, task_id: str, *, as_of: date,
                  lifecycle_policy: LifecyclePolicy | None = None,
                  due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> SeriesView:
    """
    Return the :class:`~directive_tracker.occurrences.SeriesView` of a periodic task on
    *as_of*: every occurrence up to *as_of* plus the next, each with its own status, and
    the series' on-time rate (:func:`directive_tracker.occurrences.series_view`).

    Raises:
        TaskNotFoundError: no such task.
        ValidationError: the task does not recur, or *as_of* is before its assignment.

    .. versionadded:: 0.2.0
    """
    st = _store(store)
    cal = _calendar(calendar)
    day = check_date(as_of, "as_of")
    task = st.get_task(check_identifier(task_id, "task_id"))
    events = st.get_events(task.id)  # the whole log: replay cuts at as_of (terms changes)
    if not is_periodic(task, events):
        raise ValidationError(f"task {task.id!r} does not recur (its deadline is "
                              f"{type(task.deadline).__name__}); it has no series",
                              task_id=task.id, code="not_periodic")
    return series_view(task, events, series_of(task, events, as_of=day), as_of=day,
                       calendar=cal,
                       policy=_policy(lifecycle_policy), due_soon_days=due_soon_days)


@renamed_keyword("policy", "lifecycle_policy")
def statuses(store: Store, calendar: WorkingCalendar, *, as_of: date,
             query: TaskQuery | None = None, kinds: Iterable[StatusKind] | None = None,
             unit: str | None = None, lifecycle_policy: LifecyclePolicy | None = None,
             due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
             judge_review_on_submission: bool = False) -> list[TaskStatus]:
    """
    Return the status on *as_of* of every task matching *query*, sorted by task id.

    Tasks assigned after *as_of* did not exist yet and are left out.

    Args:
        store: the store.
        calendar: the working-day calendar.
        as_of: the date to judge on.
        query: a :class:`~directive_tracker.storage.TaskQuery` (all tasks when None).
            Note that its ``lead_unit`` filter alone matches the lead at assignment;
            add ``lead_unit_on=as_of`` for the lead on the date (or use *unit*).
        kinds: keep only these :class:`~directive_tracker.status.StatusKind` values.
        unit: keep only tasks whose lead unit on *as_of* (after transfers) is *unit*.
        lifecycle_policy: the lifecycle policy.
        due_soon_days: the due-soon window in working days.
        judge_review_on_submission: judge a task awaiting review on its submission date
            (the reports' rule, :func:`directive_tracker.status.judge`); default False:
            on *as_of*.

    Raises:
        InvalidTypeError, ValidationError: bad arguments.
        InvalidTransitionError: a stored log breaks the lifecycle rules.

    .. versionadded:: 0.1.0
    """
    if not isinstance(judge_review_on_submission, bool):
        raise InvalidTypeError("judge_review_on_submission", judge_review_on_submission,
                               "a bool")
    st = _store(store)
    cal = _calendar(calendar)
    check_date(as_of, "as_of")
    pol = _policy(lifecycle_policy)
    check_int(due_soon_days, "due_soon_days", minimum=0, maximum=1000)
    wanted = None if kinds is None else frozenset(kinds)
    if wanted is not None and not all(isinstance(k, StatusKind) for k in wanted):
        raise InvalidTypeError("kinds", kinds, "an iterable of StatusKind")
    lead = None if unit is None else check_identifier(unit, "unit")
    tasks = [t for t in st.get_tasks(query) if t.assigned_on <= as_of]
    logs = st.get_events_for([t.id for t in tasks])  # whole logs: replay cuts at as_of
    out = []
    for task in tasks:
        state = fold(task, logs[task.id], calendar=cal, policy=pol, as_of=as_of)
        if lead is not None and state.lead_unit != lead:
            continue
        result = evaluate(state, as_of=as_of, calendar=cal, due_soon_days=due_soon_days,
                          review_on_submission=judge_review_on_submission)
        if wanted is None or result.kind in wanted:
            out.append(result)
    return out


@renamed_keyword("policy", "lifecycle_policy")
def overdue_tasks(store: Store, calendar: WorkingCalendar, *, as_of: date,
                  query: TaskQuery | None = None, lifecycle_policy: LifecyclePolicy | None = None,
                  judge_review_on_submission: bool = True) -> list[TaskStatus]:
    """
    Return the tasks overdue on *as_of*, by id.

    Overdue is the one public definition, :func:`directive_tracker.status.is_overdue`:
    the official group "Chưa hoàn thành quá hạn" — open tasks past their current due
    date **and tasks paused when already late** (kind "Tạm dừng"); a task awaiting the
    assigner's review is judged on its submission date (*judge_review_on_submission*,
    default True as in the reports).  The same tasks as
    :func:`directive_tracker.reports.overdue_list` lists (that report leaves out, as
    quarantined, a task whose stored history is invalid; this function raises).

    Raises:
        InvalidTypeError, ValidationError: bad arguments.
        InvalidTransitionError: a stored log breaks the lifecycle rules.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Tasks paused when already late are listed, and a task in review is judged on its
       submission date (one definition with the overdue report).
    """
    return [s for s in statuses(store, calendar, as_of=as_of, query=query,
                                lifecycle_policy=lifecycle_policy,
                                judge_review_on_submission=judge_review_on_submission)
            if is_overdue(s)]


@renamed_keyword("policy", "lifecycle_policy")
def due_soon_tasks(store: Store, calendar: WorkingCalendar, *, as_of: date,
                   query: TaskQuery | None = None, lifecycle_policy: LifecyclePolicy | None = None,
                   due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> list[TaskStatus]:
    """
    Return the open tasks due within *due_soon_days* working days of *as_of*, by id.

    .. versionadded:: 0.1.0
    """
    return statuses(store, calendar, as_of=as_of, query=query, lifecycle_policy=lifecycle_policy,
                    kinds=[StatusKind.DUE_SOON], due_soon_days=due_soon_days)


def child_tasks(store: Store, task_id: str) -> list[Task]:
    """
    Return the tasks split from *task_id* (one level), sorted by id.

    Raises:
        TaskNotFoundError: *task_id* is not stored.

    .. versionadded:: 0.1.0
    """
    st = _store(store)
    parent = st.get_task(check_identifier(task_id, "task_id"))
    return st.get_tasks(TaskQuery(parent_id=parent.id))


@renamed_keyword("policy", "lifecycle_policy")
def parent_progress(store: Store, calendar: WorkingCalendar, task_id: str, *, as_of: date,
                    lifecycle_policy: LifecyclePolicy | None = None) -> int | None:
    """
    Return the progress of *task_id* rolled up from its children on *as_of*.

    The roll-up is the arithmetic mean of the children's percent (a completed child
    counts 100), rounded half up to an integer.  Children that are cancelled or
    refused, or not yet assigned on *as_of*, are left out; each child contributes its own
    reported percent (no recursion into grandchildren).  Returns None when no child
    counts, so the caller can fall back to the parent's own reported percent.

    Raises:
        TaskNotFoundError: *task_id* is not stored.
        InvalidTransitionError: a child's log breaks the lifecycle rules.

    .. versionadded:: 0.1.0
    """
    cal = _calendar(calendar)
    check_date(as_of, "as_of")
    children = [c for c in child_tasks(store, task_id) if c.assigned_on <= as_of]
    logs = store.get_events_for([c.id for c in children])  # replay cuts at as_of
    percents = []
    for child in children:
        state = fold(child, logs[child.id], calendar=cal, policy=_policy(lifecycle_policy),
                     as_of=as_of)
        if state.phase in (TaskPhase.CANCELLED, TaskPhase.REFUSED):
            continue
        percents.append(state.percent)
    if not percents:
        return None
    n = len(percents)
    return (2 * sum(percents) + n) // (2 * n)
