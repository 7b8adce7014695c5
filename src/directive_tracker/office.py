# SPDX-License-Identifier: MIT
"""
One object for notebooks and scripts: a store, the province's calendar, policies and a clock.

The use cases (:mod:`directive_tracker.services`, :mod:`directive_tracker.reminders`,
:mod:`directive_tracker.reports`) are free functions that take the store, the calendar,
the policies and the clock on every call, as a framework that manages its own wants.
An :class:`Office` holds those once and offers the same functions as methods::

    import directive_tracker as dt

    with dt.open("sqlite:///tinh.sqlite3") as office:
        office.assign_task(directive_id="CT-05", task_id="NV-1", content="…",
                           lead_unit="SNV", deadline="trong 10 ngày làm việc", actor="vp")
        office.scoreboard(period=dt.ReportingPeriod.parse("Quý II/2026"))

Every method calls the free function of the same name with the office's store,
calendar, policies and clock; any keyword the caller passes wins over the office's.
Dates left out (``as_of``) are today by the office's clock, in Vietnam.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

from . import reminders as _reminders
from . import reports as _reports
from . import services as _services
from ._validators import now_vn
from .bootstrap import open_store, province_policy
from .calendars import WorkingCalendar
from .exceptions import InvalidTypeError

if TYPE_CHECKING:
    from typing import Self

    from . import CalendarImpact
    from .authorization import AuthorizationPolicy
    from .directives import Directive
    from .events import TaskEvent
    from .lifecycle import LifecyclePolicy, TaskState
    from .notifiers import Notifier
    from .reminders import Reminder, ReminderPolicy, SendReport
    from .settings import ProvincePolicy
    from .status import TaskStatus
    from .storage.base import Store
    from .units import Succession, Unit

__all__ = ["Office", "open"]

Clock = Callable[[], datetime]


class Office:
    """
    A store with the calendar, policies and clock every use case needs.

    Args:
        store: the store (see :func:`directive_tracker.open_store`).
        calendar: the province's working calendar; default the one of the province
            policy stored in *store* (:func:`directive_tracker.bootstrap.province_policy`),
            which is :func:`vietnam_calendar` when none is stored.
        clock: returns the current aware time; default the time in Vietnam.
        lifecycle_policy: the task lifecycle rules; default the stored province policy's
            (the library's when none is stored).
        reminder_policy: the reminder schedule; default the library's.
        authorization: the :class:`~directive_tracker.authorization.AuthorizationPolicy`
            every use case that changes a task asks first (``actor`` → who may do what);
            default None, which checks nothing.  The official rules:
            ``authorization=OfficialPolicy(directory=...)``.
        close_store: whether :meth:`close` (and leaving a ``with`` block) closes *store*.

    Raises:
        InvalidTypeError: *calendar* is not a WorkingCalendar, *clock* not callable, or
            *authorization* not an AuthorizationPolicy.

    .. versionadded:: 0.2.0
    """

    def __init__(self, store: Store, *, calendar: WorkingCalendar | None = None,
                 clock: Clock | None = None, lifecycle_policy: LifecyclePolicy | None = None,
                 reminder_policy: ReminderPolicy | None = None,
                 close_store: bool = True,
                 authorization: AuthorizationPolicy | None = None) -> None:
        from .authorization import AuthorizationPolicy
        from .storage.base import Store

        if not isinstance(store, Store):
            raise InvalidTypeError("store", store, "a Store")
        if calendar is not None and not isinstance(calendar, WorkingCalendar):
            raise InvalidTypeError("calendar", calendar, "a WorkingCalendar or None")
        if clock is not None and not callable(clock):
            raise InvalidTypeError("clock", clock, "a callable returning an aware datetime")
        self.store = store
        # The composition root: what the province stored, unless the caller says otherwise.
        self.province_policy = province_policy(store)
        self.calendar = (self.province_policy.working_calendar() if calendar is None
                         else calendar)
        self.clock: Clock = now_vn if clock is None else clock
        self.lifecycle_policy: LifecyclePolicy | None = (
            self.province_policy.lifecycle if lifecycle_policy is None else lifecycle_policy)
        self.reminder_policy = reminder_policy
        if authorization is not None and not isinstance(authorization, AuthorizationPolicy):
            raise InvalidTypeError("authorization", authorization,
                                   "an AuthorizationPolicy (resolve and check) or None")
        #: Who may do what (None: nothing is checked).
        self.authorization: AuthorizationPolicy | None = authorization
        self._close_store = close_store

    def __repr__(self) -> str:
        return f"Office(store={type(self.store).__name__}, calendar={self.calendar!r})"

    # ------------------------------------------------------------------ lifetime
    def close(self) -> None:
        """Close the store (unless the office was made with ``close_store=False``)."""
        if self._close_store:
            self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def save_province_policy(self, policy: ProvincePolicy) -> None:
        """
        Store *policy* as the province policy (:meth:`Store.put_settings
        <directive_tracker.storage.base.Store.put_settings>`) and count with it from now on.

        Every program that opens the same store afterwards builds the same calendar and
        lifecycle policy from it.  To move open deadlines when the policy's days change
        (e.g. a new closure), preview and apply the change first with
        :meth:`calendar_change_impact` / :meth:`apply_calendar_change` and
        ``policy.working_calendar()``.

        Raises:
            InvalidTypeError: *policy* is not a ProvincePolicy.
            StorageError: the store cannot save it.

        .. versionadded:: 0.2.0
        """
        self.store.put_settings(policy)
        self.province_policy = policy
        self.calendar = policy.working_calendar()
        self.lifecycle_policy = policy.lifecycle

    def today(self) -> date:
        """Return today's date by the office's clock."""
        return self.clock().date()

    # ------------------------------------------------------------------ helpers
    def _authorized(self, options: dict[str, Any]) -> dict[str, Any]:
        # Passed only when set, so a use case without the keyword keeps working.
        if self.authorization is not None:
            options.setdefault("authorization", self.authorization)
        return options

    def _directory(self, options: dict[str, Any]) -> None:
        # The users of the authorization policy, if it has them, route escalations.
        directory = getattr(self.authorization, "directory", None)
        if directory is not None:
            options.setdefault("directory", directory)

    def _event(self, function: Callable[..., TaskState], task_id: str,
               options: dict[str, Any]) -> TaskState:
        options.setdefault("clock", self.clock)
        options.setdefault("lifecycle_policy", self.lifecycle_policy)
        return function(self.store, self.calendar, task_id, **self._authorized(options))

    def _report(self, function: Callable[..., Any], options: dict[str, Any], *,
                needs_date: bool) -> Any:
        options.setdefault("lifecycle_policy", self.lifecycle_policy)
        options.setdefault("today", self.today())  # the office's clock decides "today"
        if needs_date or ("period" not in options or options["period"] is None):
            options.setdefault("as_of", self.today())
        return function(self.store, self.calendar, **options)

    # ------------------------------------------------------------------ registration
    def register_unit(self, unit: Unit) -> Unit:
        """Store a new unit (:func:`directive_tracker.services.register_unit`)."""
        return _services.register_unit(self.store, unit)

    def register_directive(self, directive: Directive) -> Directive:
        """Store a new directive (:func:`directive_tracker.services.register_directive`)."""
        return _services.register_directive(self.store, directive)

    # ------------------------------------------------------------------ use cases
    def assign_task(self, **options: Any) -> _services.Assignment:
        """Assign a task (:func:`directive_tracker.services.assign_task`; same keywords)."""
        options.setdefault("clock", self.clock)
        options.setdefault("lifecycle_policy", self.lifecycle_policy)
        return _services.assign_task(self.store, self.calendar, **self._authorized(options))

    def record_event(self, event: TaskEvent, **options: Any) -> TaskState:
        """Append a validated event (:func:`directive_tracker.services.record_event`)."""
        options.setdefault("clock", self.clock)
        options.setdefault("lifecycle_policy", self.lifecycle_policy)
        return _services.record_event(self.store, self.calendar, event,
                                      **self._authorized(options))

    def accept_task(self, task_id: str, **options: Any) -> TaskState:
        """:func:`directive_tracker.services.accept_task` on the office's store."""
        return self._event(_services.accept_task, task_id, options)

    def refuse_task(self, task_id: str, **options: Any) -> TaskState:
        """:func:`directive_tracker.services.refuse_task` on the office's store."""
        return self._event(_services.refuse_task, task_id, options)

    def report_progress(self, task_id: str, **options: Any) -> TaskState:
        """:func:`directive_tracker.services.report_progress` on the office's store."""
        return self._event(_services.report_progress, task_id, options)

    def request_extension(self, task_id: str, **options: Any) -> TaskState:
        """:func:`directive_tracker.services.request_extension` on the office's store."""
        return self._event(_services.request_extension, task_id, options)

    def approve_extension(self, task_id: str, **options: Any) -> TaskState:
        """:func:`directive_tracker.services.approve_extension` on the office's store."""
        return self._event(_services.approve_extension, task_id, options)

    def reject_extension(self, task_id: str, **options: Any) -> TaskState:
        """:func:`directive_tracker.services.reject_extension` on the office's store."""
        return self._event(_services.reject_extension, task_id, options)

    def pause_task(self, task_id: str, **options: Any) -> TaskState:
        """:func:`directive_tracker.services.pause_task` on the office's store."""
        return self._event(_services.pause_task, task_id, options)

    def resume_task(self, task_id: str, **options: Any) -> TaskState:
        """:func:`directive_tracker.services.resume_task` on the office's store."""
        return self._event(_services.resume_task, task_id, options)

    def submit_for_review(self, task_id: str, **options: Any) -> TaskState:
        """:func:`directive_tracker.services.submit_for_review` on the office's store."""
        return self._event(_services.submit_for_review, task_id, options)

    def return_for_rework(self, task_id: str, **options: Any) -> TaskState:
        """:func:`directive_tracker.services.return_for_rework` on the office's store."""
        return self._event(_services.return_for_rework, task_id, options)

    def complete_task(self, task_id: str, **options: Any) -> TaskState:
        """:func:`directive_tracker.services.complete_task` on the office's store."""
        return self._event(_services.complete_task, task_id, options)

    def cancel_task(self, task_id: str, **options: Any) -> TaskState:
        """:func:`directive_tracker.services.cancel_task` on the office's store."""
        return self._event(_services.cancel_task, task_id, options)

    def transfer_task(self, task_id: str, **options: Any) -> TaskState:
        """:func:`directive_tracker.services.transfer_task` on the office's store."""
        return self._event(_services.transfer_task, task_id, options)

    def change_task_terms(self, task_id: str, **options: Any) -> TaskState:
        """:func:`directive_tracker.services.change_task_terms` on the office's store."""
        return self._event(_services.change_task_terms, task_id, options)

    def reorganise(self, succession: Succession, **options: Any) -> list[TaskState]:
        """:func:`directive_tracker.services.reorganise` on the office's store."""
        options.setdefault("clock", self.clock)
        options.setdefault("lifecycle_policy", self.lifecycle_policy)
        return _services.reorganise(self.store, self.calendar, succession,
                                    **self._authorized(options))

    # ------------------------------------------------------------------ queries
    def task_state(self, task_id: str, *, as_of: date | None = None) -> TaskState:
        """The folded state (:func:`directive_tracker.services.task_state`; all events
        when *as_of* is None)."""
        return _services.task_state(self.store, self.calendar, task_id, as_of=as_of,
                                    lifecycle_policy=self.lifecycle_policy)

    def task_status(self, task_id: str, *, as_of: date | None = None,
                    **options: Any) -> TaskStatus:
        """The status on *as_of*, default today (:func:`directive_tracker.services.task_status`)."""
        options.setdefault("lifecycle_policy", self.lifecycle_policy)
        return _services.task_status(self.store, self.calendar, task_id,
                                     as_of=self.today() if as_of is None else as_of, **options)

    def statuses(self, *, as_of: date | None = None, **options: Any) -> list[TaskStatus]:
        """Statuses of many tasks (:func:`directive_tracker.services.statuses`)."""
        options.setdefault("lifecycle_policy", self.lifecycle_policy)
        return _services.statuses(self.store, self.calendar,
                                  as_of=self.today() if as_of is None else as_of, **options)

    def overdue_tasks(self, *, as_of: date | None = None, **options: Any) -> list[TaskStatus]:
        """Overdue tasks, paused-while-late included
        (:func:`directive_tracker.services.overdue_tasks`)."""
        options.setdefault("lifecycle_policy", self.lifecycle_policy)
        return _services.overdue_tasks(self.store, self.calendar,
                                       as_of=self.today() if as_of is None else as_of,
                                       **options)

    def due_soon_tasks(self, *, as_of: date | None = None, **options: Any) -> list[TaskStatus]:
        """Open tasks due soon (:func:`directive_tracker.services.due_soon_tasks`)."""
        options.setdefault("lifecycle_policy", self.lifecycle_policy)
        return _services.due_soon_tasks(self.store, self.calendar,
                                        as_of=self.today() if as_of is None else as_of,
                                        **options)

    # ------------------------------------------------------------------ reports
    def scoreboard(self, **options: Any) -> _reports.Scoreboard:
        """:func:`directive_tracker.reports.scoreboard` (``as_of`` today unless a period)."""
        result = self._report(_reports.scoreboard, options, needs_date=False)
        return result  # type: ignore[no-any-return]

    def summary(self, **options: Any) -> _reports.Summary:
        """:func:`directive_tracker.reports.summary` (``as_of`` today unless a period)."""
        result = self._report(_reports.summary, options, needs_date=False)
        return result  # type: ignore[no-any-return]

    def directive_progress(self, **options: Any) -> _reports.DirectiveProgress:
        """:func:`directive_tracker.reports.directive_progress` (``as_of`` today unless a
        period)."""
        result = self._report(_reports.directive_progress, options, needs_date=False)
        return result  # type: ignore[no-any-return]

    def overdue_list(self, **options: Any) -> _reports.OverdueList:
        """:func:`directive_tracker.reports.overdue_list` (``as_of`` default today)."""
        result = self._report(_reports.overdue_list, options, needs_date=True)
        return result  # type: ignore[no-any-return]

    def upcoming_deadlines(self, **options: Any) -> _reports.UpcomingDeadlines:
        """:func:`directive_tracker.reports.upcoming_deadlines` (``as_of`` default today)."""
        result = self._report(_reports.upcoming_deadlines, options, needs_date=True)
        return result  # type: ignore[no-any-return]

    # ------------------------------------------------------------------ reminders
    def reminders_due(self, as_of: date | None = None, **options: Any) -> list[Reminder]:
        """:func:`directive_tracker.reminders.reminders_due` on *as_of* (default today);
        with an authorization policy that has a ``directory`` (:class:`OfficialPolicy
        <directive_tracker.authorization.OfficialPolicy>`), the top escalation step goes to
        the Vice-Chairman in charge of the task."""
        options.setdefault("lifecycle_policy", self.lifecycle_policy)
        options.setdefault("reminder_policy", self.reminder_policy)
        self._directory(options)
        return _reminders.reminders_due(self.store, self.calendar,
                                        as_of=self.today() if as_of is None else as_of,
                                        **options)

    def manual_reminder(self, task_id: str, as_of: date | None = None,
                        **options: Any) -> Reminder:
        """:func:`directive_tracker.reminders.manual_reminder` on *as_of* (default today)."""
        options.setdefault("lifecycle_policy", self.lifecycle_policy)
        options.setdefault("reminder_policy", self.reminder_policy)
        self._directory(options)
        return _reminders.manual_reminder(self.store, self.calendar, task_id,
                                          as_of=self.today() if as_of is None else as_of,
                                          **options)

    # ------------------------------------------------------------------ calendar changes
    def calendar_change_impact(self, new: WorkingCalendar, *, as_of: date | None = None,
                               **options: Any) -> CalendarImpact:
        """
        What replacing the office's calendar by *new* would do to every deadline
        (:func:`directive_tracker.calendar_change_impact`; *as_of* default today).
        """
        from . import calendar_change_impact

        options.setdefault("lifecycle_policy", self.lifecycle_policy)
        return calendar_change_impact(self.store, self.calendar, new,
                                      as_of=self.today() if as_of is None else as_of,
                                      **options)

    def apply_calendar_change(self, new: WorkingCalendar, **options: Any) -> CalendarImpact:
        """
        Recompute the deadlines *new* moves (:func:`directive_tracker.apply_calendar_change`,
        with the office's calendar as the old one), then make *new* the office's calendar.
        """
        from . import apply_calendar_change

        options.setdefault("clock", self.clock)
        options.setdefault("lifecycle_policy", self.lifecycle_policy)
        impact = apply_calendar_change(self.store, self.calendar, new, **options)
        self.calendar = new
        return impact

    def send_reminders(self, reminders: Iterable[Reminder], notifier: Notifier,
                       **options: Any) -> SendReport:
        """:func:`directive_tracker.reminders.send_reminders` with the office's clock."""
        options.setdefault("clock", self.clock)
        return _reminders.send_reminders(self.store, reminders, notifier, **options)


def open(url: str, *, calendar: WorkingCalendar | None = None,
         clock: Clock | None = None, lifecycle_policy: LifecyclePolicy | None = None,
         reminder_policy: ReminderPolicy | None = None,
         authorization: AuthorizationPolicy | None = None, **options: Any) -> Office:
    """
    Open the store at *url* (:func:`directive_tracker.open_store`) as an :class:`Office`.

    Args:
        url: the store URL, e.g. ``"sqlite:///tinh.sqlite3"`` or ``"memory://"``.
        calendar: the province's calendar; default :func:`vietnam_calendar`.
        clock: the current aware time; default the time in Vietnam.
        lifecycle_policy: the lifecycle rules; default the library's.
        reminder_policy: the reminder schedule; default the library's.
        authorization: who may do what (:mod:`directive_tracker.authorization`); default
            None, nothing is checked.  ``authorization=dt.OfficialPolicy(directory=d)``
            applies the official rules to the users of directory *d*.
        options: keyword options for the store's backend.

    Returns:
        The office; it closes the store when closed or at the end of a ``with`` block.

    Raises:
        UnknownStoreSchemeError, MissingExtraError, BackendUnavailableError: as
            :func:`directive_tracker.open_store`.

    >>> from datetime import date
    >>> import directive_tracker as dt
    >>> with dt.open("memory://") as office:
    ...     office.calendar.is_working_day(date(2026, 2, 17))  # Mùng một Tết
    False

    .. versionadded:: 0.2.0
    """
    store = open_store(url, **options)
    try:
        return Office(store, calendar=calendar, clock=clock, lifecycle_policy=lifecycle_policy,
                      reminder_policy=reminder_policy, authorization=authorization)
    except BaseException:
        store.close()
        raise
