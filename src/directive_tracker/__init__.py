# SPDX-License-Identifier: MIT
"""
directive_tracker: track directives, tasks and deadlines in Vietnamese working days.

The public API is re-exported here; submodules hold the details.  Storage backends are
not re-exported (``directive_tracker.storage`` has the embedded ones; the PostgreSQL
store needs the ``postgres`` extra).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from ._version import __version__
from .calendars import (
    FIRST_SUPPORTED_DATE,
    LAST_SUPPORTED_DATE,
    OFFICIAL_DATA_VERSION,
    CalendarPolicy,
    DayInfo,
    DayKind,
    DayOverride,
    WorkingCalendar,
    vietnam_calendar,
)
from .deadlines import (
    CalendarPeriod,
    CountedFrom,
    DeadlineRule,
    EndOfPeriod,
    Explanation,
    ExplanationStep,
    FixedDate,
    NoDeadline,
    Recurring,
    WorkingDays,
    rule_from_dict,
)
from .directives import Directive, DirectiveOrigin
from .documents import DocumentNumber, DocumentType, format_date_line, parse_date_line
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
    event_from_dict,
    event_to_dict,
)
from .exceptions import (
    BackendUnavailableError,
    CalendarError,
    ConcurrentModificationError,
    ConflictError,
    DateLineError,
    DateOutOfRangeError,
    DeadlinePhraseError,
    DirectiveNotFoundError,
    DirectiveTrackerDeprecationWarning,
    DirectiveTrackerError,
    DirectiveTrackerWarning,
    DocumentNumberError,
    DuplicateIdError,
    ImportFormatError,
    InvalidDeadlineError,
    InvalidTransitionError,
    InvalidTypeError,
    MissingExtraError,
    NotFoundError,
    NotificationError,
    OverlapError,
    OverlapWarning,
    ParseError,
    SchemaVersionError,
    StorageError,
    TaskNotFoundError,
    UnitNotFoundError,
    UnknownCalendarError,
    ValidationError,
)
from .impact import CalendarImpact, apply_calendar_change, calendar_change_impact
from .lifecycle import LifecyclePolicy, TaskPhase, TaskState
from .notifiers import ConsoleNotifier, EmailNotifier, Notifier
from .periods import PeriodKind, ReportingPeriod
from .phrases import parse_deadline
from .reminders import ReminderPolicy, manual_reminder, reminders_due, send_reminders
from .reports import directive_progress, overdue_list, scoreboard, summary, upcoming_deadlines
from .services import (
    accept_task,
    approve_extension,
    assign_task,
    cancel_task,
    complete_task,
    pause_task,
    record_event,
    refuse_task,
    register_directive,
    register_unit,
    reject_extension,
    reorganise,
    report_progress,
    request_extension,
    resume_task,
    return_for_rework,
    statuses,
    submit_for_review,
    task_status,
    transfer_open_tasks,
)
from .status import ReportGroup, StatusKind, TaskStatus, status
from .tasks import Priority, Task
from .text import sort_key
from .units import Succession, SuccessionKind, Unit, UnitKind, UnitRegistry

__all__ = [
    # -- calendars: Vietnamese working days -------------------------------------------
    "FIRST_SUPPORTED_DATE",
    "LAST_SUPPORTED_DATE",
    "OFFICIAL_DATA_VERSION",
    "CalendarPolicy",
    "DayInfo",
    "DayKind",
    "DayOverride",
    "WorkingCalendar",
    "vietnam_calendar",
    # -- deadlines and Vietnamese deadline phrases ------------------------------------
    "CalendarPeriod",
    "CountedFrom",
    "DeadlineRule",
    "EndOfPeriod",
    "Explanation",
    "ExplanationStep",
    "FixedDate",
    "NoDeadline",
    "Recurring",
    "WorkingDays",
    "parse_deadline",
    "rule_from_dict",
    # -- reporting periods (Decree 09/2019) and documents (Decree 30/2020) -------------
    "DocumentNumber",
    "DocumentType",
    "PeriodKind",
    "ReportingPeriod",
    "format_date_line",
    "parse_date_line",
    # -- domain: units, directives, tasks ---------------------------------------------
    "Directive",
    "DirectiveOrigin",
    "Priority",
    "Succession",
    "SuccessionKind",
    "Task",
    "Unit",
    "UnitKind",
    "UnitRegistry",
    # -- task events (append-only lifecycle) -----------------------------------------
    "DeadlineRecomputed",
    "ExtensionApproved",
    "ExtensionRejected",
    "ExtensionRequested",
    "ProgressReported",
    "ReturnedForRework",
    "SubmittedForReview",
    "TaskAccepted",
    "TaskAssigned",
    "TaskCancelled",
    "TaskCompleted",
    "TaskEvent",
    "TaskPaused",
    "TaskRefused",
    "TaskResumed",
    "TaskTransferred",
    "event_from_dict",
    "event_to_dict",
    # -- lifecycle and status ("as of" any date) ----------------------------------------
    "LifecyclePolicy",
    "ReportGroup",
    "StatusKind",
    "TaskPhase",
    "TaskState",
    "TaskStatus",
    "status",
    # -- use cases (take a store, a calendar and a clock) --------------------------------
    "accept_task",
    "approve_extension",
    "assign_task",
    "cancel_task",
    "complete_task",
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
    "statuses",
    "submit_for_review",
    "task_status",
    "transfer_open_tasks",
    # -- calendar changes: preview and apply their effect on deadlines ------------------
    "CalendarImpact",
    "apply_calendar_change",
    "calendar_change_impact",
    # -- reminders (đôn đốc) and reports ------------------------------------------------
    "ConsoleNotifier",
    "EmailNotifier",
    "Notifier",
    "ReminderPolicy",
    "directive_progress",
    "manual_reminder",
    "overdue_list",
    "reminders_due",
    "scoreboard",
    "send_reminders",
    "summary",
    "upcoming_deadlines",
    # -- Vietnamese text ---------------------------------------------------------------
    "sort_key",
    # -- errors and warnings ----------------------------------------------------------
    "BackendUnavailableError",
    "CalendarError",
    "ConcurrentModificationError",
    "ConflictError",
    "DateLineError",
    "DateOutOfRangeError",
    "DeadlinePhraseError",
    "DirectiveNotFoundError",
    "DirectiveTrackerDeprecationWarning",
    "DirectiveTrackerError",
    "DirectiveTrackerWarning",
    "DocumentNumberError",
    "DuplicateIdError",
    "ImportFormatError",
    "InvalidDeadlineError",
    "InvalidTransitionError",
    "InvalidTypeError",
    "MissingExtraError",
    "NotFoundError",
    "NotificationError",
    "OverlapError",
    "OverlapWarning",
    "ParseError",
    "SchemaVersionError",
    "StorageError",
    "TaskNotFoundError",
    "UnitNotFoundError",
    "UnknownCalendarError",
    "ValidationError",
    # -- metadata ----------------------------------------------------------------------
    "__version__",
]

# -- calendar data over time (issue 15) ----------------------------------------------------
from .calendars import (
    CalendarDataReport,
    NoticeFile,
    calendar_data_report,
    load_notices,
)
from .exceptions import ProvisionalCalendarWarning

__all__ += [
    "CalendarDataReport",
    "NoticeFile",
    "ProvisionalCalendarWarning",
    "calendar_data_report",
    "load_notices",
]
