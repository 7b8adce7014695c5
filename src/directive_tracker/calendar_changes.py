# SPDX-License-Identifier: MIT
"""
What a change of the working calendar does to deadlines: preview, then apply.

A province closes its offices for a typhoon (``DayOverride(working=False, ...)``), or the
Government announces a new day swap; every deadline counted in working days that spans
the changed day moves.  Commercial SLA engines recompute only *after* the change (and
some never reach open tickets, e.g. frappe/helpdesk PR #2449); here the office first
**previews** the effect on every deadline (:func:`calendar_change_impact`), then
**applies** it (:func:`apply_calendar_change`) in one transaction, with an audit trail.

How a task is recomputed
------------------------
For a task with a deadline rule and an anchor, under a calendar *C*:

* the **rule due date** is ``task.deadline.due_date(task.anchor, C)``;
* the **current due date** replays the task's log (extensions, pauses, earlier
  recomputations) over that rule due date under *C*.  Under the *old* calendar this is
  the task's state as folded today; under the *new* calendar the log is replayed from
  the new rule due date, without earlier
  :class:`~directive_tracker.events.DeadlineRecomputed` events (the old calendar already
  contains the changes they recorded), so pauses are re-counted in the new working days
  and an approved extension keeps its decided date.

A task appears in the result when its rule due date or its current due date differs.
``shift_working_days`` is the signed number of working days, counted in the new
calendar, from the old current due date to the new one (``working_days_between``:
positive when the deadline moves later).

Legal reasoning (why the original due date is kept)
---------------------------------------------------
A period counted in working days ends on the last *working* day of the period (Civil
Code 2015 Art 147-148; working days of state agencies, Decree 09/2019/NĐ-CP and the
Government's annual notices): when the competent body decides that a day is not worked
(a typhoon closure) or announces a swap, the period in progress is counted over the
working days as they now stand, so the lead unit is owed the lost day.  The decision
is not an extension granted by the assigner: it needs no request, does not count
against the extension cap, and may also move a deadline *earlier* (a new make-up
working day).  The due date stored on the task at assignment is **not** rewritten:

* it is the "first promise" that statistics against the original due date use
  (``TaskStatus.on_time_vs_original``; Part A #26 of the peer survey);
* a report of a past date must be reproducible exactly, whatever happened later.

The recomputed date becomes the *current* due date from the day it is applied, through
a :class:`~directive_tracker.events.DeadlineRecomputed` event appended to the task's
log (actor, time, deciding ``document``, ``reason``, previous and new due date).  A
status as of any date before that event is therefore unchanged.

Scope and limits
----------------
* Only **open** tasks are changed; closed ones can be previewed
  (``include_closed=True``) to see how their judgement would differ.
* The storage-level quick queries (``Store.overdue_task_ids``, ``Store.unit_tallies``)
  follow approved extensions only; :mod:`directive_tracker.status` (and every report,
  reminder and service built on it) is the authority and sees recomputations.
* A task whose replay under the new calendar breaks a lifecycle rule (e.g. an approved
  extension no longer later than the recomputed due date) is reported with
  ``conflict`` set and is not applied; decide it by hand.

.. versionadded:: 0.1.0
.. versionchanged:: 0.2.0
   Renamed from ``directive_tracker.impact`` (still importable, with a
   :class:`~directive_tracker.exceptions.DirectiveTrackerDeprecationWarning`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

import attrs

from ._deprecation import renamed_keyword
from ._validators import check_aware_datetime, check_date, check_str, local_date, now_vn
from .calendars import WorkingCalendar
from .deadlines import DeadlineRule
from .events import DeadlineRecomputed, TaskEvent, TaskPaused, TaskResumed
from .exceptions import (
    ConcurrentModificationError,
    InvalidTransitionError,
    InvalidTypeError,
    ValidationError,
)
from .lifecycle import LifecyclePolicy, TaskState, apply
from .lifecycle import replay as fold
from .reports.table import Column, ReportResult, Table
from .status import DEFAULT_DUE_SOON_DAYS, StatusKind, evaluate
from .storage.base import Store, TaskQuery
from .tasks import Task

__all__ = [
    "CalendarImpact",
    "ImpactRow",
    "apply_calendar_change",
    "calendar_change_impact",
    "changed_days",
]

_CHUNK = 500


@attrs.frozen(kw_only=True)
class ImpactRow:
    """
    One task whose deadline a calendar change moves.

    Args:
        task_id, directive_id: the task.
        lead_unit: its lead unit on ``as_of`` (after transfers).
        rule_vi, rule_en: the deadline rule as written (e.g. "trong 10 ngày làm việc").
        anchor: the date the rule counts from (not itself counted).
        rule_due_old, rule_due_new: the rule's due date under the old and new calendars.
        current_due_old, current_due_new: the current due date (after extensions, pauses
            and recomputations) under the old and new calendars.
        shift_working_days: working days from ``current_due_old`` to ``current_due_new``
            counted in the new calendar (signed; 0 when only the rule due date moved,
            e.g. because an approved extension fixed the current date).
        status_before, status_after: the status on ``as_of`` under the old calendar and
            under the new one with the recomputed current due date.
        is_open: whether the task is open on ``as_of`` (only open tasks are applied).
        version: the task's store version when it was read (optimistic concurrency).
        conflict: why the task cannot be recomputed automatically (None if it can).

    .. versionadded:: 0.1.0
    """

    task_id: str
    directive_id: str
    lead_unit: str
    rule_vi: str
    rule_en: str
    anchor: date
    rule_due_old: date
    rule_due_new: date
    current_due_old: date
    current_due_new: date
    shift_working_days: int
    status_before: StatusKind
    status_after: StatusKind
    is_open: bool
    version: int
    conflict: str | None = None

    @property
    def applicable(self) -> bool:
        """Whether :func:`apply_calendar_change` records a recomputation for this task."""
        return (self.is_open and self.conflict is None
                and self.current_due_old != self.current_due_new)


@attrs.frozen(kw_only=True)
class CalendarImpact(ReportResult):
    """
    The effect of a calendar change on deadlines, as of a date; rows sorted by task id.

    Args:
        as_of: the date the statuses are judged on.
        changed_days: the dates whose working status differs between the calendars.
        rows: the :class:`ImpactRow` of every task that changes.
        applied: True when returned by :func:`apply_calendar_change` (the rows with
            :attr:`ImpactRow.applicable` were recorded), False for a preview.

    .. versionadded:: 0.1.0
    """

    as_of: date
    changed_days: tuple[date, ...]
    rows: tuple[ImpactRow, ...]
    applied: bool = False

    @property
    def applicable(self) -> tuple[ImpactRow, ...]:
        """The rows whose current due date would be recomputed."""
        return tuple(r for r in self.rows if r.applicable)

    def to_table(self) -> Table:
        """
        Return the impact as a :class:`~directive_tracker.reports.Table`.

        .. versionadded:: 0.1.0
        """
        f = "%d/%m/%Y"
        days = ", ".join(d.strftime(f) for d in self.changed_days) or "—"
        cols = (
            Column(key="task_id", label_vi="Mã nhiệm vụ", label_en="Task id"),
            Column(key="lead_unit", label_vi="Đơn vị chủ trì", label_en="Lead unit"),
            Column(key="rule_vi", label_vi="Thời hạn theo văn bản", label_en="Deadline rule"),
            Column(key="rule_due_old", label_vi="Hạn theo lịch cũ",
                   label_en="Rule due (old calendar)", kind="date"),
            Column(key="rule_due_new", label_vi="Hạn theo lịch mới",
                   label_en="Rule due (new calendar)", kind="date"),
            Column(key="current_due_old", label_vi="Hạn hiện hành (cũ)",
                   label_en="Current due (old)", kind="date"),
            Column(key="current_due_new", label_vi="Hạn hiện hành (mới)",
                   label_en="Current due (new)", kind="date"),
            Column(key="shift_working_days", label_vi="Số ngày làm việc thay đổi",
                   label_en="Shift (working days)", kind="int"),
            Column(key="status_before", label_vi="Tình trạng trước",
                   label_en="Status before"),
            Column(key="status_after", label_vi="Tình trạng sau", label_en="Status after"),
            Column(key="note", label_vi="Ghi chú", label_en="Note"),
        )
        rows = []
        for r in self.rows:
            note = ""
            if r.conflict is not None:
                note = ("Cần xem xét thủ công (xung đột với quyết định gia hạn) / needs a "
                        f"decision by hand: {r.conflict}")
            elif not r.is_open:
                note = "Đã kết thúc, không thay đổi / closed, not changed"
            rows.append((r.task_id, r.lead_unit, r.rule_vi, r.rule_due_old, r.rule_due_new,
                         r.current_due_old, r.current_due_new, r.shift_working_days,
                         r.status_before.label_vi, r.status_after.label_vi, note or None))
        verb_vi, verb_en = ("Đã áp dụng", "Applied") if self.applied else ("Xem trước",
                                                                           "Preview")
        return Table(
            name="calendar_impact",
            title_vi="ẢNH HƯỞNG CỦA VIỆC THAY ĐỔI LỊCH LÀM VIỆC ĐẾN THỜI HẠN NHIỆM VỤ",
            title_en="Effect of a calendar change on task deadlines",
            subtitle_vi=f"{verb_vi}; tính đến ngày {self.as_of.strftime(f)}; "
                        f"ngày thay đổi: {days}",
            subtitle_en=f"{verb_en}; as of {self.as_of.strftime(f)}; changed days: {days}",
            columns=cols, rows=tuple(rows))


def changed_days(old: WorkingCalendar, new: WorkingCalendar) -> tuple[date, ...]:
    """
    Return the dates whose working status differs between *old* and *new*, in order.

    Args:
        old: the calendar in force.
        new: the calendar after the change.

    Returns:
        A sorted tuple of dates (empty when the calendars agree on every day).

    Raises:
        InvalidTypeError: an argument is not a WorkingCalendar.

    >>> from datetime import date
    >>> from directive_tracker.calendars import DayOverride, vietnam_calendar
    >>> cal = vietnam_calendar()
    >>> closure = DayOverride(date=date(2026, 10, 15), working=False,
    ...                       reason_vi="Nghỉ tránh bão", source="CĐ 01/CĐ-UBND")
    >>> changed_days(cal, cal.with_overrides(closure))
    (datetime.date(2026, 10, 15),)

    .. versionadded:: 0.1.0
    """
    _check_calendars(old, new)
    if (old.policy, old.notices, old.known_on) == (new.policy, new.notices, new.known_on):
        candidates = {o.date for o in old.overrides} | {o.date for o in new.overrides}
        return tuple(sorted(d for d in candidates
                            if old.is_working_day(d) != new.is_working_day(d)))
    lo, hi = max(old.first_date, new.first_date), min(old.last_date, new.last_date)
    a = {i.date for i in old.days_off(lo, hi)}
    b = {i.date for i in new.days_off(lo, hi)}
    return tuple(sorted(a ^ b))


def _check_calendars(old: object, new: object) -> None:
    if not isinstance(old, WorkingCalendar):
        raise InvalidTypeError("old", old, "a WorkingCalendar")
    if not isinstance(new, WorkingCalendar):
        raise InvalidTypeError("new", new, "a WorkingCalendar")


#: Events whose effect on the current due date depends on the calendar (or on an
#: earlier calendar change).
_CALENDAR_EVENTS = (TaskPaused, TaskResumed, DeadlineRecomputed)

_RuleKey = tuple[DeadlineRule, date]


def _row(task: Task, events: Sequence[TaskEvent], old: WorkingCalendar,
         new: WorkingCalendar, as_of: date, policy: LifecyclePolicy | None,
         due_soon_days: int, memo: dict[_RuleKey, tuple[date | None, date | None]]
         ) -> tuple[ImpactRow, TaskState] | None:
    """Return the row of *task* (None if nothing changes) and its state under *old*."""
    if task.due_date is None:
        return None
    key = (task.deadline, task.anchor)
    dues = memo.get(key)
    if dues is None:  # tasks of one directive often share the rule and the anchor
        dues = memo[key] = (task.deadline.due_date(task.anchor, old),
                            task.deadline.due_date(task.anchor, new))
    rule_old, rule_new = dues
    if rule_old is None or rule_new is None:
        return None
    if (rule_old == rule_new == task.due_date
            and not any(isinstance(e, _CALENDAR_EVENTS) for e in events)):
        # Only extensions (absolute dates) move the current due date: nothing changes.
        return None
    state_old = fold(task, events, calendar=old, policy=policy, as_of=as_of)
    cur_old = state_old.current_due
    assert cur_old is not None  # a task with a due date keeps one
    before = evaluate(state_old, as_of=as_of, calendar=old, due_soon_days=due_soon_days)
    conflict: str | None = None
    try:
        base = attrs.evolve(task, due_date=rule_new)
        replay = [e for e in events if not isinstance(e, DeadlineRecomputed)]
        replayed = fold(base, replay, calendar=new, policy=policy, as_of=as_of)
        cur_new = replayed.current_due
        assert cur_new is not None
        # The state under the new calendar, from the task as stored, with the
        # recomputed current due date: what the status would be once applied.
        state_new = fold(task, events, calendar=new, policy=policy, as_of=as_of)
        after_state = attrs.evolve(state_new, current_due=cur_new)
    except InvalidTransitionError as exc:
        conflict = f"replay under the new calendar refused: {exc}"
        cur_new = cur_old
        after_state = state_old
    if rule_old == rule_new and cur_old == cur_new and conflict is None:
        return None
    after = evaluate(after_state, as_of=as_of, calendar=new, due_soon_days=due_soon_days)
    row = ImpactRow(
        task_id=task.id, directive_id=task.directive_id, lead_unit=state_old.lead_unit,
        rule_vi=task.deadline.label_vi, rule_en=task.deadline.label_en, anchor=task.anchor,
        rule_due_old=rule_old, rule_due_new=rule_new, current_due_old=cur_old,
        current_due_new=cur_new, shift_working_days=new.working_days_between(cur_old, cur_new),
        status_before=before.kind, status_after=after.kind, is_open=state_old.is_open,
        version=task.version, conflict=conflict)
    return row, state_old


def _compute(store: Store, old: WorkingCalendar, new: WorkingCalendar, as_of: date,
             query: TaskQuery | None, include_closed: bool, policy: LifecyclePolicy | None,
             due_soon_days: int) -> tuple[tuple[date, ...], list[tuple[ImpactRow, TaskState]]]:
    days = changed_days(old, new)
    if not days:
        return days, []
    tasks = [t for t in store.get_tasks(query)
             if t.assigned_on <= as_of and t.due_date is not None]
    out: list[tuple[ImpactRow, TaskState]] = []
    memo: dict[_RuleKey, tuple[date | None, date | None]] = {}
    for i in range(0, len(tasks), _CHUNK):
        chunk = tasks[i:i + _CHUNK]
        events = store.get_events_for([t.id for t in chunk])  # replay cuts at as_of
        for task in chunk:
            got = _row(task, events[task.id], old, new, as_of, policy, due_soon_days, memo)
            if got is not None and (include_closed or got[0].is_open):
                out.append(got)
    out.sort(key=lambda rs: rs[0].task_id)
    return days, out


def _check_common(store: object, old: object, new: object, query: object,
                  include_closed: object, policy: object, due_soon_days: object) -> None:
    from ._validators import check_int

    if not isinstance(store, Store):
        raise InvalidTypeError("store", store, "a directive_tracker.storage.Store")
    _check_calendars(old, new)
    if query is not None and not isinstance(query, TaskQuery):
        raise InvalidTypeError("query", query, "a TaskQuery or None")
    if not isinstance(include_closed, bool):
        raise InvalidTypeError("include_closed", include_closed, "a bool")
    if policy is not None and not isinstance(policy, LifecyclePolicy):
        raise InvalidTypeError("lifecycle_policy", policy, "a LifecyclePolicy or None")
    check_int(due_soon_days, "due_soon_days", minimum=0, maximum=1000)


@renamed_keyword("policy", "lifecycle_policy")
def calendar_change_impact(store: Store, old: WorkingCalendar, new: WorkingCalendar, *,
                           as_of: date, query: TaskQuery | None = None,
                           include_closed: bool = False,
                           lifecycle_policy: LifecyclePolicy | None = None,
                           due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> CalendarImpact:
    """
    Preview what replacing calendar *old* by *new* does to every deadline; write nothing.

    See the module docstring for how each task is recomputed.  Only events recorded on
    or before *as_of* are used.

    Args:
        store: the store.
        old: the calendar in force.
        new: the calendar after the change (e.g. ``old.with_overrides(closure)``).
        as_of: the date statuses are judged on (tasks assigned after it are ignored).
        query: only the tasks matching this :class:`~directive_tracker.storage.TaskQuery`.
        include_closed: also report completed, cancelled and refused tasks (never
            applied; useful to see how their on-time judgement would differ).
        lifecycle_policy: the :class:`~directive_tracker.lifecycle.LifecyclePolicy` the events
            were recorded under.
        due_soon_days: the "due soon" window of the statuses (≥ 0).

    Returns:
        A :class:`CalendarImpact` (``applied`` False).

    Raises:
        InvalidTypeError: an argument of the wrong type.
        ValidationError: a negative *due_soon_days*.
        InvalidTransitionError: a stored log breaks the lifecycle rules under *old*.
        DateOutOfRangeError: a date outside the calendars' supported range.

    A typhoon closure on Thu 15/10/2026 moves "trong 10 ngày làm việc" counted from
    Thu 08/10/2026 from Thu 22/10 to Fri 23/10/2026:

    >>> from datetime import date
    >>> from directive_tracker.calendars import DayOverride, vietnam_calendar
    >>> from directive_tracker.deadlines import WorkingDays
    >>> cal = vietnam_calendar()
    >>> closure = DayOverride(date=date(2026, 10, 15), working=False,
    ...                       reason_vi="Nghỉ tránh bão", source="CĐ 01/CĐ-UBND")
    >>> rule = WorkingDays(n=10)
    >>> rule.due_date(date(2026, 10, 8), cal), rule.due_date(date(2026, 10, 8),
    ...                                                       cal.with_overrides(closure))
    (datetime.date(2026, 10, 22), datetime.date(2026, 10, 23))

    .. versionadded:: 0.1.0
    """
    _check_common(store, old, new, query, include_closed, lifecycle_policy, due_soon_days)
    day = check_date(as_of, "as_of")
    days, rows = _compute(store, old, new, day, query, include_closed, lifecycle_policy,
                          due_soon_days)
    return CalendarImpact(as_of=day, changed_days=days, rows=tuple(r for r, _ in rows))


@renamed_keyword("policy", "lifecycle_policy")
def apply_calendar_change(store: Store, old: WorkingCalendar, new: WorkingCalendar, *,
                          actor: str, reason: str, document: str,
                          clock: Callable[[], datetime] = now_vn, as_of: date | None = None,
                          query: TaskQuery | None = None,
                          preview: CalendarImpact | None = None,
                          lifecycle_policy: LifecyclePolicy | None = None,
                          due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> CalendarImpact:
    """
    Recompute the current due date of every open task a calendar change moves.

    In one ``store.transaction()``, the impact is computed as by
    :func:`calendar_change_impact` on today (``clock()``'s date in Vietnam), and for
    each applicable row a :class:`~directive_tracker.events.DeadlineRecomputed` event
    (``at=clock()``, *actor*, *document*, *reason*, the old and new current due dates)
    is checked against the lifecycle rules and appended with
    ``expected_version`` = the version read.  If anything fails, nothing is written.
    The task's stored (original) due date is never rewritten; see the module docstring
    for the legal reasoning.

    Args:
        store: the store.
        old: the calendar in force until now.
        new: the calendar from now on.
        actor: who applies the change (user name or unit code).
        reason: why, e.g. "Nghỉ làm việc tránh bão số 7".
        document: the deciding document, e.g. "CĐ 05/CĐ-UBND ngày 14/10/2026".
        clock: returns now (timezone-aware); default ``now_vn``.
        as_of: if given, must be ``clock()``'s date (a recomputation takes effect on the
            day it is recorded).
        query: only the tasks matching this query.
        preview: the :class:`CalendarImpact` the officer reviewed; if given, the change
            is applied only if it still recomputes exactly those tasks, from the same
            versions, to the same dates.
        lifecycle_policy: the lifecycle policy the events were recorded under.
        due_soon_days: the "due soon" window of the reported statuses.

    Returns:
        The :class:`CalendarImpact` applied (``applied`` True); its applicable rows are
        the tasks that received an event.

    Raises:
        InvalidTypeError: an argument of the wrong type.
        ValidationError: empty *actor*, *reason* or *document*; *as_of* other than
            today.
        ConcurrentModificationError: a task changed since *preview* (or during this
            call); nothing is written.
        InvalidTransitionError: a stored log breaks the lifecycle rules, or a
            recomputation is not allowed (e.g. dated before the task's last event);
            nothing is written.

    .. versionadded:: 0.1.0
    """
    _check_common(store, old, new, query, False, lifecycle_policy, due_soon_days)
    who = check_str(actor, "actor", max_length=200)
    why = check_str(reason, "reason", max_length=2000)
    doc = check_str(document, "document", max_length=500)
    if preview is not None and not isinstance(preview, CalendarImpact):
        raise InvalidTypeError("preview", preview, "a CalendarImpact or None")
    if not callable(clock):
        raise InvalidTypeError("clock", clock, "a callable returning an aware datetime")
    now = check_aware_datetime(clock(), "clock()")
    today = local_date(now)
    if as_of is not None and check_date(as_of, "as_of") != today:
        raise ValidationError(
            f"as_of {as_of} is not today ({today}); a recomputation takes effect on the day "
            "it is recorded (preview other dates with calendar_change_impact)",
            param_name="as_of")
    with store.transaction():
        days, rows = _compute(store, old, new, today, query, False, lifecycle_policy, due_soon_days)
        todo = [(r, st) for r, st in rows if r.applicable]
        if preview is not None:
            _check_preview(preview, [r for r, _ in todo])
        for row, state in todo:
            event = DeadlineRecomputed(
                task_id=row.task_id, at=now, actor=who, previous_due=row.current_due_old,
                new_due=row.current_due_new, document=doc, reason=why)
            apply(state, event, calendar=new, policy=lifecycle_policy)
            store.append_events(row.task_id, [event], expected_version=row.version)
    return CalendarImpact(as_of=today, changed_days=days, rows=tuple(r for r, _ in rows),
                          applied=True)


def _check_preview(preview: CalendarImpact, fresh: Sequence[ImpactRow]) -> None:
    """Raise ConcurrentModificationError unless *fresh* recomputes what *preview* showed."""
    seen = {r.task_id: r for r in preview.applicable}
    now = {r.task_id: r for r in fresh}
    for task_id in sorted(seen.keys() | now.keys()):
        a, b = seen.get(task_id), now.get(task_id)
        if a is None or b is None or a.version != b.version or (
                a.current_due_new != b.current_due_new):
            expected = a.version if a is not None else -1
            actual = b.version if b is not None else None
            raise ConcurrentModificationError(task_id, expected, actual)
