# SPDX-License-Identifier: MIT
"""
A task's status on a given date, in the wording of official reports.

:func:`evaluate_status` replays the events recorded up to ``as_of`` (by their Vietnamese
date) and judges the result against the task's due dates.  Because only those events are used, the
status of a past date is reproducible exactly, whatever was recorded later.

Conventions (all dates are Vietnamese calendar dates):

* **Calendar as known on ``as_of``.**  Working days are counted with
  ``calendar.as_known_on(as_of)``: a closure, swap or notice decided after ``as_of``
  does not change the status of ``as_of`` (see
  :meth:`~directive_tracker.calendars.WorkingCalendar.as_known_on`).
* **Due day.** A period ends at 24:00 on its last day (Civil Code 2015 Art 148(6)), so a
  task completed *on* its due date is on time, and an open task is "overdue" from the
  day *after* its due date.
* **Working days remaining** (open tasks not yet late) =
  ``calendar.working_days_between(as_of, current_due)``: the working days in
  (``as_of``, ``current_due``], so 0 on the due date itself.
* **Working days late** = ``calendar.working_days_between(current_due, d)`` where *d* is
  ``as_of`` for an open task and ``completed_on`` for a completed one: the working days
  in (``current_due``, *d*].  It can be 0 although the task is late, when *d* is a day
  off right after the due date (e.g. due Friday, judged on Saturday); the kind still says
  late, since the law counts calendar time to the end of the due day.
* **Due soon** ("Sắp đến hạn"): open, not late, and at most ``due_soon_days`` working
  days remaining (default 3; 0 counts, i.e. the due day itself).
* **Extensions and pauses.** The kind and the :class:`ReportGroup` are judged against
  the *current* due date (after approved extensions, credited pauses and
  recomputations after a calendar change, see :mod:`directive_tracker.impact`): a task
  completed within an approved extension counts as on time, as in VPCP practice.
  ``on_time_vs_original`` judges the same date against the original due date, which
  extensions and pauses never move, for statistics "against the first promise".
* **Paused tasks** keep the kind "Tạm dừng".  The clock stopped on ``paused_since``, so
  they are judged on that date against the current due date: a task paused with time
  left is in the group "chưa hoàn thành trong hạn", with the working days remaining
  frozen at the pause; one paused when already late stays "chưa hoàn thành quá hạn".
  ``on_time_vs_original`` is judged on ``as_of`` (no pause credit).
* **Awaiting review.** A result submitted but not yet confirmed (phase ``IN_REVIEW``) is
  judged like any open task by default; only the completion date
  (``TaskCompleted.completed_on``, which may be back-dated to the submission) decides
  on-time completion.  With ``review_on_submission=True`` (what the reports use by
  default, ``judge_review_on_submission``) it is judged on its **submission date**
  instead: the lead unit's part ended when it submitted, and reminders do not urge it
  either.  Submitted within the deadline it is "chưa hoàn thành trong hạn" (in progress
  or due soon, with the working days remaining on the submission day); submitted late,
  overdue by the working days late on the submission day.  The days are counted with the
  calendar as known on ``as_of`` (like a pause's frozen count).  This rule is part of
  :func:`judge`, so the reports, the stores' materialised timelines and
  :func:`evaluate_status` give one answer.
* **No deadline.** Ongoing tasks ("thường xuyên") and tasks without a time limit are never
  late: open ones are "Không có thời hạn" in the group "chưa hoàn thành trong hạn";
  completed ones are "Đã hoàn thành đúng hạn".
* **Cancelled and refused** tasks are outside the four report groups (``group`` None) and
  are not judged (on-time fields None).

Names
-----
The function is :func:`evaluate_status`; :func:`evaluate` judges a state already at hand.
The module is ``directive_tracker.status``, and so is the top-level attribute
``directive_tracker.status``, whatever the order of imports (it used to be the function,
re-exported over the module, so ``import directive_tracker.status as m`` could give the
function).  For compatibility, ``from directive_tracker.status import status`` still gives
the function (a plain alias of :func:`evaluate_status`), and calling the module itself,
``dt.status(task, events, ...)``, still works but warns with
:class:`~directive_tracker.exceptions.DirectiveTrackerDeprecationWarning`.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import sys
import types
import warnings
from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs

from ._validators import check_date, check_int
from .calendars import WorkingCalendar
from .events import TaskEvent
from .exceptions import DirectiveTrackerDeprecationWarning, InvalidTypeError, ValidationError
from .lifecycle import LifecyclePolicy, TaskPhase, TaskState, replay
from .tasks import Task

__all__ = ["DEFAULT_DUE_SOON_DAYS", "ReportGroup", "StatusKind", "TaskStatus", "Verdict",
           "evaluate", "evaluate_status", "judge", "status"]

#: Default "due soon" window, in working days (the QLNV system uses 3).
DEFAULT_DUE_SOON_DAYS = 3


class ReportGroup(enum.Enum):
    """
    The four groups of official progress reports (Báo cáo 1270/BC-TCTTTg, domain.md §6).

    .. versionadded:: 0.1.0
    """

    COMPLETED_ON_TIME = "completed_on_time"
    COMPLETED_LATE = "completed_late"
    NOT_COMPLETED_ON_TIME = "not_completed_on_time"
    NOT_COMPLETED_OVERDUE = "not_completed_overdue"

    @property
    def label_vi(self) -> str:
        """Official Vietnamese wording."""
        return _GROUP_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English wording."""
        return _GROUP_LABELS[self][1]

    @property
    def is_completed(self) -> bool:
        """Whether the group counts completed tasks."""
        return self in (ReportGroup.COMPLETED_ON_TIME, ReportGroup.COMPLETED_LATE)


_GROUP_LABELS = {
    ReportGroup.COMPLETED_ON_TIME: ("Đã hoàn thành đúng hạn", "Completed on time"),
    ReportGroup.COMPLETED_LATE: ("Đã hoàn thành quá hạn", "Completed late"),
    ReportGroup.NOT_COMPLETED_ON_TIME: ("Chưa hoàn thành trong hạn",
                                        "Not completed, within the deadline"),
    ReportGroup.NOT_COMPLETED_OVERDUE: ("Chưa hoàn thành quá hạn",
                                        "Not completed, overdue"),
}


class StatusKind(enum.Enum):
    """
    A task's status as shown in reports and dashboards.

    .. versionadded:: 0.1.0
    """

    IN_PROGRESS = "in_progress"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    COMPLETED_ON_TIME = "completed_on_time"
    COMPLETED_LATE = "completed_late"
    NO_DEADLINE = "no_deadline"
    PAUSED = "paused"
    CANCELLED = "cancelled"
    REFUSED = "refused"

    @property
    def label_vi(self) -> str:
        """Official Vietnamese wording."""
        return _KIND_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English wording."""
        return _KIND_LABELS[self][1]


_KIND_LABELS = {
    StatusKind.IN_PROGRESS: ("Đang thực hiện trong hạn", "In progress, on time"),
    StatusKind.DUE_SOON: ("Sắp đến hạn", "Due soon"),
    StatusKind.OVERDUE: ("Đang thực hiện quá hạn", "In progress, overdue"),
    StatusKind.COMPLETED_ON_TIME: ("Đã hoàn thành đúng hạn", "Completed on time"),
    StatusKind.COMPLETED_LATE: ("Đã hoàn thành quá hạn", "Completed late"),
    StatusKind.NO_DEADLINE: ("Không có thời hạn", "No deadline (ongoing)"),
    StatusKind.PAUSED: ("Tạm dừng", "Paused"),
    StatusKind.CANCELLED: ("Đã thu hồi/hủy", "Cancelled (recalled)"),
    StatusKind.REFUSED: ("Từ chối", "Refused"),
}


@attrs.frozen(kw_only=True)
class TaskStatus:
    """
    The status of one task on ``as_of`` (see the module docstring for every convention).

    Args:
        task_id: the task's id.
        kind: the :class:`StatusKind`.
        group: the :class:`ReportGroup`, or None for cancelled and refused tasks.
        as_of: the date the status describes.
        original_due: the due date at assignment (None without deadline).
        current_due: the due date after approved extensions and credited pauses.
        working_days_remaining: working days in (``as_of``, ``current_due``] for an
            open task not yet late (frozen at ``paused_since`` while paused); 0 when
            late; None when completed, closed or without deadline.
        working_days_late: working days in (``current_due``, ``as_of`` or
            ``completed_on``] when late, else 0; None when closed or without deadline.
        on_time_vs_current: judged against ``current_due`` (None when not judged).
        on_time_vs_original: judged against ``original_due`` (None when not judged).
        state: the replayed :class:`~directive_tracker.lifecycle.TaskState`.  Its
            ``state.task`` is the task as read, so ``state.task.version`` is the store's
            version at reading time (metadata, not part of the status as of a date).

    .. versionadded:: 0.1.0
    """

    task_id: str
    kind: StatusKind
    group: ReportGroup | None
    as_of: date
    original_due: date | None
    current_due: date | None
    working_days_remaining: int | None
    working_days_late: int | None
    on_time_vs_current: bool | None
    on_time_vs_original: bool | None
    state: TaskState

    @property
    def label_vi(self) -> str:
        """The kind's official Vietnamese wording."""
        return self.kind.label_vi

    @property
    def label_en(self) -> str:
        """The kind's English wording."""
        return self.kind.label_en

    @property
    def lead_unit(self) -> str:
        """The lead unit on ``as_of`` (after transfers)."""
        return self.state.lead_unit

    @property
    def is_late(self) -> bool:
        """Whether the task is overdue or was completed late (against ``current_due``)."""
        return self.on_time_vs_current is False


def _check_window(value: object) -> int:
    return check_int(value, "due_soon_days", minimum=0, maximum=1000)


def _check_flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError("review_on_submission", value, "a bool")
    return value


def evaluate(state: TaskState, *, as_of: date, calendar: WorkingCalendar,
             due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
             review_on_submission: bool = False) -> TaskStatus:
    """
    Return the status on *as_of* of an already replayed *state*.

    Use it when the state is at hand (e.g. a service replayed it once); otherwise call
    :func:`evaluate_status`.

    Args:
        state: a state replayed from events recorded on or before *as_of*.
        as_of: the date to judge on.
        calendar: the working-day calendar.
        due_soon_days: the "due soon" window in working days (≥ 0).
        review_on_submission: judge a task awaiting review (phase ``IN_REVIEW``) on its
            submission date (module docstring); default False: on *as_of*.

    Returns:
        A :class:`TaskStatus`.

    Raises:
        InvalidTypeError: wrong argument types.
        ValidationError: *as_of* is before the state's last event (the state would use
            events after *as_of*), or *due_soon_days* is negative.
        DateOutOfRangeError: a date is outside the calendar's range.

    .. versionadded:: 0.1.0
    """
    if not isinstance(state, TaskState):
        raise InvalidTypeError("state", state, "a TaskState")
    check_date(as_of, "as_of")
    if not isinstance(calendar, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar")
    calendar = calendar.as_known_on(as_of)  # a later calendar change never rewrites as_of
    window = _check_window(due_soon_days)
    if as_of < state.last_event_on:
        raise ValidationError(
            f"as_of {as_of} is before the state's last event on {state.last_event_on}; "
            "replay the events with as_of first", as_of=as_of)
    kind, group, remaining, late, vs_cur, vs_orig = judge(
        state.phase, as_of=as_of, current_due=state.current_due,
        original_due=state.original_due, paused_since=state.paused_since,
        completed_on=state.completed_on, calendar=calendar, due_soon_days=window,
        submitted_on=state.submitted_on,
        review_on_submission=_check_flag(review_on_submission))
    return TaskStatus(task_id=state.task_id, kind=kind, group=group, as_of=as_of,
                      original_due=state.original_due, current_due=state.current_due,
                      working_days_remaining=remaining, working_days_late=late,
                      on_time_vs_current=vs_cur, on_time_vs_original=vs_orig, state=state)


#: What :func:`judge` returns: kind, group, working days remaining, working days late,
#: on time against the current due date, on time against the original one.
Verdict = tuple[StatusKind, ReportGroup | None, int | None, int | None, bool | None,
                bool | None]


def judge(phase: TaskPhase, *, as_of: date, current_due: date | None,
          original_due: date | None, paused_since: date | None, completed_on: date | None,
          calendar: WorkingCalendar, due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
          submitted_on: date | None = None, review_on_submission: bool = False) -> Verdict:
    """
    Judge a task on *as_of* from the few dates its status depends on.

    This is the one definition of the status rules (module docstring): :func:`evaluate`
    calls it with the fields of a replayed state, and
    :meth:`directive_tracker.timeline.StatusSegment.on` with the fields of a stored
    timeline segment, so both give the same answer by construction.  Arguments are not
    checked (the callers have checked them).

    Args:
        phase: the task's phase on *as_of*.
        as_of: the date to judge on.
        current_due, original_due: the due dates on *as_of* (both None, or both set).
        paused_since: the pause's start when *phase* is ``PAUSED``.
        completed_on: the completion date when *phase* is ``COMPLETED``.
        calendar: the working-day calendar (for the day counts).
        due_soon_days: the "due soon" window in working days.
        submitted_on: the latest submission date when *phase* is ``IN_REVIEW``.
        review_on_submission: judge a task in review on *submitted_on* instead of
            *as_of* (the review-date rule of the module docstring).

    Returns:
        ``(kind, group, working_days_remaining, working_days_late, on_time_vs_current,
        on_time_vs_original)``, with the meanings of :class:`TaskStatus`.

    Raises:
        DateOutOfRangeError: a date is outside the calendar's range.

    .. versionadded:: 0.1.0
    """
    cur, orig = current_due, original_due
    if phase is TaskPhase.CANCELLED:
        return StatusKind.CANCELLED, None, None, None, None, None
    if phase is TaskPhase.REFUSED:
        return StatusKind.REFUSED, None, None, None, None, None
    if phase is TaskPhase.COMPLETED:
        done = completed_on
        assert done is not None
        if cur is None or orig is None:
            return (StatusKind.COMPLETED_ON_TIME, ReportGroup.COMPLETED_ON_TIME, None, None,
                    True, True)
        if done <= cur:
            return (StatusKind.COMPLETED_ON_TIME, ReportGroup.COMPLETED_ON_TIME, None, 0,
                    True, done <= orig)
        return (StatusKind.COMPLETED_LATE, ReportGroup.COMPLETED_LATE, None,
                calendar.working_days_between(cur, done), False, done <= orig)
    if phase is TaskPhase.PAUSED:
        since = paused_since
        assert since is not None
        if cur is None or orig is None:
            return (StatusKind.PAUSED, ReportGroup.NOT_COMPLETED_ON_TIME, None, None, True,
                    True)
        if since <= cur:
            return (StatusKind.PAUSED, ReportGroup.NOT_COMPLETED_ON_TIME,
                    calendar.working_days_between(since, cur), 0, True, as_of <= orig)
        return (StatusKind.PAUSED, ReportGroup.NOT_COMPLETED_OVERDUE, 0,
                calendar.working_days_between(cur, since), False, as_of <= orig)
    # ASSIGNED, IN_PROGRESS, IN_REVIEW
    if cur is None or orig is None:
        return (StatusKind.NO_DEADLINE, ReportGroup.NOT_COMPLETED_ON_TIME, None, None, True,
                True)
    day = as_of
    if (review_on_submission and phase is TaskPhase.IN_REVIEW and submitted_on is not None
            and submitted_on < as_of):
        day = submitted_on  # the review-date rule: judged on the submission day
    if day > cur:
        return (StatusKind.OVERDUE, ReportGroup.NOT_COMPLETED_OVERDUE, 0,
                calendar.working_days_between(cur, day), False, day <= orig)
    remaining = calendar.working_days_between(day, cur)
    kind = StatusKind.DUE_SOON if remaining <= due_soon_days else StatusKind.IN_PROGRESS
    return (kind, ReportGroup.NOT_COMPLETED_ON_TIME, remaining, 0, True, day <= orig)


def evaluate_status(task: Task, events: Iterable[TaskEvent], *, as_of: date,
                    calendar: WorkingCalendar, policy: LifecyclePolicy | None = None,
                    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
                    review_on_submission: bool = False) -> TaskStatus:
    """
    Return *task*'s status on *as_of*, using only events recorded on or before it.

    Also importable as ``directive_tracker.status.status`` (its former name) and as
    ``directive_tracker.evaluate_status``.

    An event counts if ``event.on`` (the date of ``event.at`` in Vietnam) is on or
    before *as_of*; later events, valid or not, cannot change the result.

    Args:
        task: the task.
        events: its whole log, in recorded order.
        as_of: the date to judge on.
        calendar: the working-day calendar.
        policy: the :class:`~directive_tracker.lifecycle.LifecyclePolicy` the log was
            recorded under (default ``LifecyclePolicy()``).
        due_soon_days: the "due soon" window in working days (default 3, ≥ 0).
        review_on_submission: judge a task awaiting review on its submission date (the
            reports' default; module docstring); default False: on *as_of*.

    Returns:
        A :class:`TaskStatus`.

    Raises:
        InvalidTypeError: wrong argument types.
        ValidationError: *as_of* is before the assignment (no event to replay), or
            *due_soon_days* is negative.
        InvalidTransitionError: the log up to *as_of* breaks the lifecycle rules.

    >>> from datetime import date
    >>> StatusKind.COMPLETED_LATE.label_vi
    'Đã hoàn thành quá hạn'

    .. versionadded:: 0.1.0
       (as ``status``; renamed ``evaluate_status`` before the release)
    """
    check_date(as_of, "as_of")
    _check_window(due_soon_days)
    _check_flag(review_on_submission)
    if isinstance(calendar, WorkingCalendar):
        calendar = calendar.as_known_on(as_of)  # the calendar as known on as_of
    state = replay(task, events, calendar=calendar, policy=policy, as_of=as_of)
    return evaluate(state, as_of=as_of, calendar=calendar, due_soon_days=due_soon_days,
                    review_on_submission=review_on_submission)


#: The former name of :func:`evaluate_status`, kept (without a warning) so that
#: ``from directive_tracker.status import status`` goes on working.
status = evaluate_status


class _StatusModule(types.ModuleType):
    """This module's type: a module that can still be called as the old function.

    ``directive_tracker.status`` was the function at the top level of the package; it is
    now this module, and calling it warns and forwards to :func:`evaluate_status`.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> TaskStatus:
        warnings.warn(
            "calling directive_tracker.status is deprecated: directive_tracker.status is "
            "the module; call directive_tracker.evaluate_status(task, events, as_of=..., "
            "calendar=...) instead", DirectiveTrackerDeprecationWarning, stacklevel=2)
        return evaluate_status(*args, **kwargs)


sys.modules[__name__].__class__ = _StatusModule
