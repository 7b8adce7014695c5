# SPDX-License-Identifier: MIT
"""
A task's status over time: the intervals over which everything reports group by is
constant.

:func:`status_timeline` replays a task's events **once** and returns consecutive
:class:`StatusSegment` intervals ``[valid_from, valid_to)`` (half-open; ``valid_to``
None means open-ended).  On any date *D* inside a segment,
:func:`~directive_tracker.status.evaluate_status` ``(task, events, as_of=D)`` gives the
segment's lead unit, phase, current and original due dates, pause start, completion
date, :class:`~directive_tracker.status.ReportGroup` and on-time flags, and the same
:class:`~directive_tracker.status.StatusKind` except that "Sắp đến hạn" (due soon) and
"Đang thực hiện trong hạn" (in progress) are one kind, ``IN_PROGRESS``, in a segment:
the split depends on the due-soon window and is decided on the day asked for, by
:meth:`StatusSegment.on`.

One definition
--------------
The timeline re-implements nothing.  The state on each segment's first day comes from
:func:`directive_tracker.lifecycle.replay_by_day` (one replay of the log, the same
transitions as :func:`~directive_tracker.lifecycle.replay`), its group, kind and flags
from :func:`directive_tracker.status.evaluate` on that day, and the working-day counts
of any later day from :func:`directive_tracker.status.judge`, the function
``evaluate`` itself calls.  A
materialised timeline (a store's index of segments) therefore answers "as of *D*" as
the status function would.

Where segments split
--------------------
* **Event dates.**  The state as of *D* uses the events with ``event.on <= D``, so a
  new state starts on each distinct event date, after all the events of that day.
* **Days when time alone changes the answer.**  An open task with a deadline becomes
  overdue the day after its current due date, and stops being on time against the
  original due date the day after that date (the due day itself is on time, Civil Code
  Art 148(6)); both days start a new segment when no event intervenes.
* Adjacent intervals whose fields are all equal are merged (e.g. a day with only an
  extension request, which changes nothing that is stored here).

The calendar as known
---------------------
``evaluate_status(as_of=D)`` counts days with ``calendar.as_known_on(D)`` (a closure or
notice decided after *D* does not rewrite *D*'s status).  A timeline is computed with
one calendar, *calendar* itself (every fact known), so it agrees with
``evaluate_status`` on the dates *D* with ``calendar.as_known_on(D) is calendar`` (for
the default calendar, from its last decision on 25/12/2025); on earlier dates a fact
decided later can change a pause credit or a day count.  The stores' reports use the
timeline only on such dates.

Segments never overlap, the first starts on ``task.assigned_on`` and only the last is
open-ended.  Before ``task.assigned_on`` the task has no status (``evaluate_status``
raises; :func:`segment_at` returns None).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

import attrs

from ._validators import check_date
from .calendars import WorkingCalendar
from .events import TaskEvent
from .exceptions import InvalidTypeError, ValidationError
from .lifecycle import LifecyclePolicy, TaskPhase, TaskState, replay_by_day
from .status import DEFAULT_DUE_SOON_DAYS, ReportGroup, StatusKind, judge
from .tasks import Task

__all__ = ["OCCURRENCE_HORIZON_DAYS", "SEGMENT_VALUE_FIELDS", "DayStatus",
           "OccurrenceSegment", "SegmentValues", "StatusSegment", "StatusTally",
           "occurrence_timeline_values", "segment_at", "status_timeline", "timeline_values"]

_ONE_DAY = timedelta(days=1)


@attrs.frozen(kw_only=True)
class DayStatus:
    """
    A task's status on one day, read from a :class:`StatusSegment` (no replay).

    The fields mean what the same fields of
    :class:`~directive_tracker.status.TaskStatus` mean; ``kind`` tells "due soon" from
    "in progress" with the window given to :meth:`StatusSegment.on`.

    .. versionadded:: 0.1.0
    """

    task_id: str
    as_of: date
    kind: StatusKind
    group: ReportGroup | None
    lead_unit: str
    original_due: date | None
    current_due: date | None
    working_days_remaining: int | None
    working_days_late: int | None
    on_time_vs_current: bool | None
    on_time_vs_original: bool | None


@attrs.frozen(kw_only=True)
class StatusSegment:
    """
    An interval ``[valid_from, valid_to)`` of a task's life over which its status does
    not change (see the module docstring).

    Args:
        task_id: the task's id.
        valid_from: the first day of the interval (inclusive).
        valid_to: the first day after it (exclusive), or None if open-ended.
        phase: the lifecycle phase.
        kind: the status kind; ``IN_PROGRESS`` stands for "in progress or due soon"
            (use :meth:`on` to tell them apart).
        group: the official report group (None for cancelled and refused tasks).
        lead_unit: the lead unit (after transfers and successions recorded as events).
        previous_leads: the units that led the task before, oldest first (the
            ``from_unit`` of each transfer), for roll-ups by the old unit.
        coordinating_units: the coordinating units.
        original_due: the due date at assignment (None without deadline).
        current_due: the due date after extensions, credited pauses and recomputations.
        paused_since: the pause's start date while paused, else None.
        completed_on: the completion date once completed, else None.
        closed_on: the date of cancellation or refusal, else None.
        percent: the last reported progress (100 once completed).
        on_time_vs_current, on_time_vs_original: as in
            :class:`~directive_tracker.status.TaskStatus` (None when not judged).
        submitted_on: the submission date while in review (phase ``IN_REVIEW``), else
            None.
        review_on_submission: whether the timeline judges a task in review on its
            submission date (the review-date rule of :mod:`directive_tracker.status`);
            :meth:`on` applies the same rule.
        occurrence: for one occurrence of a periodic duty
            (:func:`occurrence_timeline_values`), its key ("2026-11"); ``""`` for a
            one-off task.
        occurrence_title: the occurrence in words ("Báo cáo tháng 11/2026"), or ``""``.
        occurrence_start: the due date of the occurrence before it in the series on
            the segment's days (None for the first occurrence or a one-off task): its
            reminders start there.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``occurrence``, ``occurrence_title``, ``occurrence_start``.
    """

    task_id: str
    valid_from: date
    valid_to: date | None
    phase: TaskPhase
    kind: StatusKind
    group: ReportGroup | None
    lead_unit: str
    previous_leads: tuple[str, ...] = ()
    coordinating_units: tuple[str, ...] = ()
    original_due: date | None = None
    current_due: date | None = None
    paused_since: date | None = None
    completed_on: date | None = None
    closed_on: date | None = None
    percent: int = 0
    on_time_vs_current: bool | None = None
    on_time_vs_original: bool | None = None
    submitted_on: date | None = None
    review_on_submission: bool = False
    occurrence: str = ""
    occurrence_title: str = ""
    occurrence_start: date | None = None

    def contains(self, d: date) -> bool:
        """Whether ``valid_from <= d`` and (``valid_to`` is None or ``d < valid_to``)."""
        return self.valid_from <= d and (self.valid_to is None or d < self.valid_to)

    def on(self, as_of: date, *, calendar: WorkingCalendar,
           due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> DayStatus:
        """
        Return the status on *as_of*, a day inside the segment.

        The day counts and the due-soon split come from
        :func:`directive_tracker.status.judge`, as in
        :func:`~directive_tracker.status.evaluate`.

        Args:
            as_of: a day with :meth:`contains` true.
            calendar: the working-day calendar the timeline was computed with.
            due_soon_days: the "due soon" window in working days (≥ 0).

        Raises:
            InvalidTypeError: wrong argument types.
            ValidationError: *as_of* is outside the segment, or *due_soon_days* < 0.
            DateOutOfRangeError: a date is outside the calendar's range.
        """
        check_date(as_of, "as_of")
        if not isinstance(calendar, WorkingCalendar):
            raise InvalidTypeError("calendar", calendar, "a WorkingCalendar")
        from ._validators import check_int

        window = check_int(due_soon_days, "due_soon_days", minimum=0, maximum=1000)
        if not self.contains(as_of):
            raise ValidationError(
                f"as_of {as_of} is outside the segment [{self.valid_from}, "
                f"{self.valid_to or '…'}) of task {self.task_id!r}", as_of=as_of)
        kind, group, remaining, late, vs_cur, vs_orig = judge(
            self.phase, as_of=as_of, current_due=self.current_due,
            original_due=self.original_due, paused_since=self.paused_since,
            completed_on=self.completed_on, calendar=calendar, due_soon_days=window,
            submitted_on=self.submitted_on, review_on_submission=self.review_on_submission)
        return DayStatus(task_id=self.task_id, as_of=as_of, kind=kind, group=group,
                         lead_unit=self.lead_unit, original_due=self.original_due,
                         current_due=self.current_due, working_days_remaining=remaining,
                         working_days_late=late, on_time_vs_current=vs_cur,
                         on_time_vs_original=vs_orig)


#: The fields of a :class:`StatusSegment` after ``task_id, valid_from, valid_to``, in
#: the order of the value tuples of :func:`timeline_values`.
SEGMENT_VALUE_FIELDS = ("phase", "kind", "group", "lead_unit", "previous_leads",
                        "coordinating_units", "original_due", "current_due", "paused_since",
                        "completed_on", "closed_on", "percent", "on_time_vs_current",
                        "on_time_vs_original", "submitted_on")

SegmentValues = tuple[TaskPhase, StatusKind, ReportGroup | None, str, tuple[str, ...],
                      tuple[str, ...], date | None, date | None, date | None, date | None,
                      date | None, int, bool | None, bool | None, date | None]


def _values(state: TaskState, first: date, calendar: WorkingCalendar, review: bool
            ) -> SegmentValues:
    """
    The segment values of *state* judged on *first* as ``evaluate`` judges it.

    ``evaluate`` checks its arguments, then calls :func:`~directive_tracker.status.judge`
    with the state's fields and ``calendar.as_known_on(first)``: this calls ``judge``
    the same way without the type checks (the state comes from the replay) and without
    building a ``TaskStatus`` (a timeline of a million tasks judges some three million
    segments).

    Raises:
        ValidationError: *first* is before the state's last event (as ``evaluate``).
    """
    if first < state.last_event_on:
        raise ValidationError(f"as_of {first} is before the state's last event on "
                              f"{state.last_event_on}", as_of=first)
    phase = state.phase
    kind, group, _, _, vs_cur, vs_orig = judge(
        phase, as_of=first, current_due=state.current_due, original_due=state.original_due,
        paused_since=state.paused_since, completed_on=state.completed_on,
        calendar=calendar.as_known_on(first), due_soon_days=DEFAULT_DUE_SOON_DAYS,
        submitted_on=state.submitted_on, review_on_submission=review)
    if kind is StatusKind.DUE_SOON:
        kind = StatusKind.IN_PROGRESS
    return (phase, kind, group, state.lead_unit,
            tuple(t.from_unit for t in state.transfers) if state.history else (),
            state.coordinating_units,
            state.original_due, state.current_due, state.paused_since, state.completed_on,
            state.closed_on, state.percent, vs_cur, vs_orig,
            state.submitted_on if phase is TaskPhase.IN_REVIEW else None)


def timeline_values(task: Task, events: Iterable[TaskEvent], *, calendar: WorkingCalendar,
                    policy: LifecyclePolicy | None = None, review_on_submission: bool = False
                    ) -> list[tuple[date, date | None, SegmentValues]]:
    """
    Return :func:`status_timeline` as plain ``(valid_from, valid_to, values)`` tuples,
    *values* in the order of :data:`SEGMENT_VALUE_FIELDS` (for stores that write rows;
    no object per segment).

    Args and errors are those of :func:`status_timeline`.

    .. versionadded:: 0.1.0
    """
    if not isinstance(task, Task):
        raise InvalidTypeError("task", task, "a Task")
    if not isinstance(calendar, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar")
    if policy is not None and not isinstance(policy, LifecyclePolicy):
        raise InvalidTypeError("policy", policy, "a LifecyclePolicy or None")
    if not isinstance(review_on_submission, bool):
        raise InvalidTypeError("review_on_submission", review_on_submission, "a bool")
    # One replay: the state after the last event of each distinct date.
    # The calendar as it is, for every day: the segments answer only the days on which it
    # is fully known (storage._timeline.timeline_applies), where that is replay(as_of).
    snapshots = list(replay_by_day(task, events, calendar=calendar, policy=policy,
                                   as_known_each_day=False))
    out: list[tuple[date, date | None, SegmentValues]] = []
    last = calendar.last_date
    for i, (day, snap) in enumerate(snapshots):
        end = snapshots[i + 1][0] if i + 1 < len(snapshots) else None
        starts = [day]
        if snap.phase.is_open:
            # The days on which time alone may change the answer: after each due date.
            dues = [d for d in (snap.current_due, snap.original_due) if d is not None]
            for due in sorted(set(dues)):
                if due < last:
                    d = due + _ONE_DAY
                    if day < d and (end is None or d < end):
                        starts.append(d)
        for first in starts:
            values = _values(snap, first, calendar, review_on_submission)
            if out and out[-1][2] == values:
                continue
            if out:
                out[-1] = (out[-1][0], first, out[-1][2])
            out.append((first, None, values))
    return out


#: How long after a periodic duty's last event (or its assignment) its materialised
#: occurrences run by default (:func:`occurrence_timeline_values`): a year and a month,
#: so that the next year's occurrences, and a report as of a date a year after the last
#: thing recorded, are still read from rows.
OCCURRENCE_HORIZON_DAYS = 400


@attrs.frozen(kw_only=True)
class OccurrenceSegment:
    """
    One interval of one occurrence's status (:func:`occurrence_timeline_values`).

    Attributes:
        key: the occurrence's key ("2026-11").
        title_vi: the occurrence in words ("Báo cáo tháng 11/2026").
        due: the occurrence's due date (``Occurrence.due``).
        previous_due: the due date of the occurrence before it in the series on these
            days (None for the first): where its reminders start.
        valid_from: the first day (inclusive).
        valid_to: the first day after it (exclusive), or None if open-ended.
        values: the segment values, in the order of :data:`SEGMENT_VALUE_FIELDS`.

    .. versionadded:: 0.2.0
    """

    key: str
    title_vi: str
    due: date
    previous_due: date | None
    valid_from: date
    valid_to: date | None
    values: SegmentValues


def occurrence_timeline_values(task: Task, events: Iterable[TaskEvent], *,
                               calendar: WorkingCalendar, horizon: date | None = None,
                               policy: LifecyclePolicy | None = None,
                               review_on_submission: bool = False
                               ) -> tuple[list[OccurrenceSegment], date | None]:
    """
    Return the status timeline of every occurrence of periodic *task*
    (:func:`~directive_tracker.occurrences.is_periodic`) up to *horizon*, and the
    horizon the segments stop at (None when they are complete for every later day).

    One definition: on each day *D* on which anything may change (the assignment, each
    event's date, each occurrence's named due day, where the next occurrence appears),
    the occurrences and their states are those of
    :func:`directive_tracker.integrity.occurrences_or_problem` ``(task, events,
    as_of=D)`` (what the reports judge: :func:`~directive_tracker.occurrences.occurrence_states`
    after the same checks), each judged by :func:`directive_tracker.status.evaluate`
    on *D* and on the days when time alone changes the answer (the day after its
    current and its original due date), as :func:`timeline_values` does for a task.
    Adjacent intervals with equal values are merged.  (On a day whose events all name an
    occurrence, only those occurrences and the one that appears are judged again, by
    :func:`~directive_tracker.occurrences.occurrence_state`: the others' logs have
    nothing new, so their states are the day before's.)  For every day *D* from
    ``task.assigned_on`` to the horizon with ``calendar.as_known_on(D) is calendar``,
    the segments containing *D* are exactly the occurrences that exist on *D*, and each
    agrees with :func:`~directive_tracker.occurrences.judge_occurrence` on *D*.

    Occurrences come with the days: rows for every later day cannot exist.  The horizon
    (default) is the last event's date (or the assignment) plus
    :data:`OCCURRENCE_HORIZON_DAYS`, or *horizon* when later; segments still running on
    it end the day after it.  When the series has ended by then (its ``until``, or a
    cancellation) and no event is later, nothing changes after the last day computed but
    the days past due, so the last segments are open-ended and the returned horizon is
    None.

    Raises:
        InvalidTypeError: wrong argument types, or *task* is not periodic.
        ValidationError: the history is refused on some day (the reports quarantine the
            task on that day; a store judges it from its log), or more than
            :data:`~directive_tracker.occurrences.MAX_OCCURRENCES` occurrences.
        InvalidTransitionError, DateOutOfRangeError: as
            :func:`~directive_tracker.occurrences.occurrence_states`.

    .. versionadded:: 0.2.0
    """
    from .exceptions import InvalidTransitionError
    from .integrity import HistoryProblem, _occurrences, _replay_checked
    from .occurrences import existing_occurrences, is_periodic, occurrence_state

    log = list(events)
    for i, ev in enumerate(log):
        if not isinstance(ev, TaskEvent):
            raise InvalidTypeError(f"events[{i}]", ev, "a TaskEvent")
    if not is_periodic(task, log):
        raise InvalidTypeError("task", task, "a periodic Task (its deadline recurs)")
    if not isinstance(calendar, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar")
    if horizon is not None:
        check_date(horizon, "horizon")
    if not isinstance(review_on_submission, bool):
        raise InvalidTypeError("review_on_submission", review_on_submission, "a bool")
    last_event = max((ev.on for ev in log), default=task.assigned_on)
    end = max(last_event, task.assigned_on) + timedelta(days=OCCURRENCE_HORIZON_DAYS)
    if horizon is not None:
        end = max(end, horizon)
    end = min(end, calendar.last_date - timedelta(days=OCCURRENCE_HORIZON_DAYS))
    if end < task.assigned_on:
        raise ValidationError(f"task {task.id!r} is assigned too near the end of the "
                              "calendar to materialise its occurrences", task_id=task.id)
    event_days = sorted({ev.on for ev in log if ev.on > task.assigned_on})
    segs: dict[str, list[list[Any]]] = {}
    order: list[str] = []

    def put(key: str, first: date, value: tuple[Any, ...]) -> None:
        rows = segs.get(key)
        if rows is None:
            segs[key] = [[first, None, value]]
            order.append(key)
            return
        last = rows[-1]
        if last[1] is None and last[2] == value:
            return
        if last[1] is None:
            last[1] = first
        rows.append([first, None, value])

    # Days of events without an occurrence key (series events, the first occurrence's
    # keyless events): on them every occurrence is judged again, through the reports'
    # own checks; on the other days only the occurrences an event names and the ones
    # that appear (the others' states cannot change: none of their events is new).
    untagged = {ev.on for ev in log if ev.occurrence is None}
    tagged: dict[date, list[TaskEvent]] = {}
    for ev in log:
        if ev.occurrence is not None:
            tagged.setdefault(ev.on, []).append(ev)
    states: dict[str, tuple[Any, TaskState, tuple[Any, ...]]] = {}
    titles: dict[str, str] = {}
    occs: list[Any] = []
    day = task.assigned_on
    k = 0  # event_days[k] is the first event day after *day*
    open_ended = False
    full = True
    while True:
        if full or day in untagged:
            checked = _replay_checked(task, log, calendar, policy, day, occurrences=False)
            judged = (checked if checked is None or isinstance(checked, HistoryProblem)
                      else _occurrences(task, log, calendar, policy, day))
            if judged is None or isinstance(judged, HistoryProblem):
                raise ValidationError(f"task {task.id!r}: history refused on {day}",
                                      task_id=task.id)
            occs = [o for o, _ in judged]
            redo = {o.key: st for o, st in judged}
        else:
            # No series event today: the occurrences are yesterday's, plus the next one
            # once the last one's named day has come.
            if not occs or occs[-1].named_due <= day:
                occs = list(existing_occurrences(task, log, as_of=day, calendar=calendar))
            known = {o.key for o in occs}
            named = {ev.occurrence for ev in tagged.get(day, ())}
            if not named <= known:  # an event names no occurrence of the day
                raise ValidationError(f"task {task.id!r}: history refused on {day}",
                                      task_id=task.id)
            if [o.key for o in occs[:len(states)]] != list(states):
                full = True  # pragma: no cover - the series changes only on untagged days
                continue
            redo = {}
            for occ in occs:
                if occ.key in named or occ.key not in states:
                    try:
                        redo[occ.key] = occurrence_state(
                            task, log, occ, as_of=day, calendar=calendar,
                            first_key=occs[0].key, policy=policy)
                    except InvalidTransitionError as exc:
                        raise ValidationError(f"task {task.id!r}: history refused on "
                                              f"{day}", task_id=task.id) from exc
        full = False
        while k < len(event_days) and event_days[k] <= day:
            k += 1
        nxt: date | None = event_days[k] if k < len(event_days) else None
        last_occ = occs[-1] if occs else None
        if last_occ is not None and last_occ.named_due > day:
            nxt = last_occ.named_due if nxt is None else min(nxt, last_occ.named_due)
        if nxt is None:
            open_ended = True
        elif nxt > end:
            nxt = end + _ONE_DAY
        previous: date | None = None
        fresh: dict[str, tuple[Any, TaskState, tuple[Any, ...]]] = {}
        for occ in occs:
            title = titles.get(occ.key)
            if title is None:
                title = titles[occ.key] = occ.title_vi
            extra = (title, occ.due, previous)
            previous = occ.due
            if occ.key in redo:
                state = redo[occ.key]
                put(occ.key, day, (_values(state, day, calendar, review_on_submission),
                                   extra))
                lo = day + _ONE_DAY
            else:  # unchanged: its values change only on the days after its due dates
                state = states[occ.key][1]
                lo = day
            fresh[occ.key] = (occ, state, extra)
            if state.phase.is_open:
                dues = {d for d in (state.current_due, state.original_due) if d is not None}
                for due in sorted(dues):
                    if due < calendar.last_date:
                        d = due + _ONE_DAY
                        if lo <= d and (nxt is None or d < nxt):
                            put(occ.key, d, (_values(state, d, calendar,
                                                     review_on_submission), extra))
        for key in order:  # occurrences gone (a cancellation, a change of rule)
            if key not in fresh and segs[key][-1][1] is None:
                segs[key][-1][1] = day
        states = fresh
        if nxt is None or nxt > end:
            break
        day = nxt
    if not open_ended:
        for key in order:
            if segs[key][-1][1] is None:
                segs[key][-1][1] = end + _ONE_DAY
    out = []
    for key in order:
        for first, to, (values, (title, due, previous_due)) in segs[key]:
            out.append(OccurrenceSegment(key=key, title_vi=title, due=due,
                                         previous_due=previous_due, valid_from=first,
                                         valid_to=to, values=values))
    return out, None if open_ended else end


_new_segment = object.__new__
_set = object.__setattr__
_SEGMENT_NAMES = ("task_id", "valid_from", "valid_to", *SEGMENT_VALUE_FIELDS)


def status_timeline(task: Task, events: Iterable[TaskEvent], *, calendar: WorkingCalendar,
                    policy: LifecyclePolicy | None = None, review_on_submission: bool = False
                    ) -> tuple[StatusSegment, ...]:
    """
    Return *task*'s status timeline, replaying *events* once.

    Args:
        task: the task.
        events: its whole log in recorded order (the first must be
            :class:`~directive_tracker.events.TaskAssigned` dated ``task.assigned_on``).
        calendar: the working-day calendar (pauses move due dates in working days).
        policy: the :class:`~directive_tracker.lifecycle.LifecyclePolicy` the log was
            recorded under (default ``LifecyclePolicy()``).
        review_on_submission: judge a task in review on its submission date, as
            ``evaluate_status(..., review_on_submission=True)`` does (default False).

    Returns:
        Consecutive :class:`StatusSegment` intervals: the first starts on
        ``task.assigned_on``, each ``valid_to`` is the next one's ``valid_from``, and
        the last is open-ended.  For every date *D* on or after ``task.assigned_on``
        with ``calendar.as_known_on(D) is calendar``, the segment containing *D*
        agrees with ``evaluate_status(task, events, as_of=D, calendar=calendar,
        policy=policy, review_on_submission=review_on_submission)`` (module docstring).

    Raises:
        InvalidTypeError: wrong argument types.
        ValidationError: the log is empty.
        InvalidTransitionError: an event is not allowed (see
            :func:`directive_tracker.lifecycle.apply`), checked for the whole log.
        DateOutOfRangeError: a pause or a date judged is outside the calendar's range.

    .. versionadded:: 0.1.0
    """
    out = []
    for valid_from, valid_to, values in timeline_values(
            task, events, calendar=calendar, policy=policy,
            review_on_submission=review_on_submission):
        # Built without re-running the validators: every value comes from a replayed,
        # validated state.
        seg = _new_segment(StatusSegment)
        for name, value in zip(_SEGMENT_NAMES, (task.id, valid_from, valid_to, *values),
                               strict=True):
            _set(seg, name, value)
        _set(seg, "review_on_submission", review_on_submission)
        _set(seg, "occurrence", "")
        _set(seg, "occurrence_title", "")
        _set(seg, "occurrence_start", None)
        out.append(seg)
    return tuple(out)


def segment_at(timeline: Sequence[StatusSegment], as_of: date) -> StatusSegment | None:
    """
    Return the segment of *timeline* that contains *as_of*, or None (before the first).

    *timeline* is what :func:`status_timeline` returns (sorted, consecutive); the lookup
    is a binary search.

    Raises:
        InvalidTypeError: *as_of* is not a date.

    .. versionadded:: 0.1.0
    """
    check_date(as_of, "as_of")
    i = bisect.bisect_right([s.valid_from for s in timeline], as_of) - 1
    if i < 0:
        return None
    seg = timeline[i]
    return seg if seg.contains(as_of) else None


#: Zero counts per kind and per group: :class:`StatusTally` starts from copies.
_ZERO_KINDS: dict[StatusKind, int] = dict.fromkeys(StatusKind, 0)
_ZERO_GROUPS: dict[ReportGroup, int] = dict.fromkeys(ReportGroup, 0)


@attrs.define(kw_only=True)
class StatusTally:
    """
    Counts of tasks by status on one date: what the official reports aggregate.

    Fill it with :meth:`add` (one task, or *n* alike at once, as a database's ``GROUP
    BY`` gives them) and combine tallies with :meth:`merge`; the reports build their
    rows from it, whether the statuses were evaluated task by task or aggregated by a
    store.

    Attributes:
        kinds: tasks per :class:`~directive_tracker.status.StatusKind`; "due soon"
            counts under ``IN_PROGRESS`` (the window is a presentation choice).
        groups: tasks per :class:`~directive_tracker.status.ReportGroup` (cancelled and
            refused tasks are in no group).
        completed_on_time_vs_original: completed tasks on time against the original
            due date.
        open_late_vs_original: open tasks (in a group) past their original due date.
        late: tasks in a group and late against the current due date (completed late,
            overdue, or paused when already late).
        working_days_late: the sum of their working days late.
        percent: the sum of the last reported progress of the tasks in a group.

    .. versionadded:: 0.1.0
    """

    # Copies of one zeroed dict (a copy keeps the stored hashes: no enum hashing, no
    # iteration of the enum classes per tally; a report merges thousands of tallies).
    kinds: dict[StatusKind, int] = attrs.field(factory=_ZERO_KINDS.copy)
    groups: dict[ReportGroup, int] = attrs.field(factory=_ZERO_GROUPS.copy)
    completed_on_time_vs_original: int = 0
    open_late_vs_original: int = 0
    late: int = 0
    working_days_late: int = 0
    percent: int = 0

    def add(self, kind: StatusKind, group: ReportGroup | None, *,
            on_time_vs_current: bool | None, on_time_vs_original: bool | None,
            working_days_late: int | None, percent: int, n: int = 1) -> None:
        """
        Count *n* tasks with these status fields (*working_days_late* and *percent* are
        their sums when *n* > 1).  The fields mean what they mean in
        :class:`~directive_tracker.status.TaskStatus`.
        """
        self.kinds[StatusKind.IN_PROGRESS if kind is StatusKind.DUE_SOON else kind] += n
        if group is None:
            return
        self.groups[group] += n
        self.percent += percent
        if group.is_completed:
            if on_time_vs_original:
                self.completed_on_time_vs_original += n
        elif on_time_vs_original is False:
            self.open_late_vs_original += n
        if on_time_vs_current is False:
            self.late += n
            self.working_days_late += working_days_late or 0

    def merge(self, other: StatusTally) -> None:
        """Add *other*'s counts to this tally."""
        kinds, groups = self.kinds, self.groups
        for k, v in other.kinds.items():
            if v:  # most counts of a small tally are 0 (and hashing an enum is slow)
                kinds[k] += v
        for g, v in other.groups.items():
            if v:
                groups[g] += v
        self.completed_on_time_vs_original += other.completed_on_time_vs_original
        self.open_late_vs_original += other.open_late_vs_original
        self.late += other.late
        self.working_days_late += other.working_days_late
        self.percent += other.percent

    @property
    def counted(self) -> int:
        """Tasks in one of the four groups (cancelled and refused left out)."""
        return sum(self.groups.values())

    @property
    def cancelled_or_refused(self) -> int:
        """Cancelled and refused tasks."""
        return self.kinds[StatusKind.CANCELLED] + self.kinds[StatusKind.REFUSED]
