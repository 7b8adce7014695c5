# SPDX-License-Identifier: MIT
"""
directive_tracker: track directives, tasks and deadlines in Vietnamese working days.

The public API is re-exported here; submodules hold the details.  Storage backends are
not re-exported (``directive_tracker.storage`` has the embedded ones; the PostgreSQL
store needs the ``postgres`` extra).

Names are loaded on first access (PEP 562): ``import directive_tracker`` imports only
the exceptions, and ``dt.scoreboard`` imports the reports when first used.  ``dir(dt)``
and ``__all__`` list every name.  This module is also the composition root: it is the
one place that wires an adapter (the renderers, for ``_repr_html_``) into a use case.

.. versionadded:: 0.1.0
.. versionchanged:: 0.2.0
   Lazy loading; every use case re-exported (``transfer_task``, ``find_overlaps``, ...).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import _presenter
from ._version import __version__
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
    InvalidHistoryError,
    InvalidTransitionError,
    InvalidTypeError,
    MissingExtraError,
    NotFoundError,
    NotificationError,
    OverlapError,
    OverlapWarning,
    ParseError,
    PermissionDeniedError,
    ProvisionalCalendarWarning,
    SchemaVersionError,
    StorageError,
    TaskNotFoundError,
    UnitNotFoundError,
    UnknownCalendarError,
    ValidationError,
)

if TYPE_CHECKING:
    from . import status
    from .authorization import (
        ALLOW_ALL,
        AccessContext,
        Action,
        AllowAll,
        AuthorizationPolicy,
        Directory,
        OfficialPolicy,
        Principal,
        Role,
        StaticDirectory,
    )
    from .bootstrap import UnknownStoreSchemeError, open_store
    from .calendar_changes import CalendarImpact, apply_calendar_change, calendar_change_impact
    from .calendars import (
        FIRST_SUPPORTED_DATE,
        LAST_SUPPORTED_DATE,
        OFFICIAL_DATA_VERSION,
        CalendarDataReport,
        CalendarPolicy,
        DayInfo,
        DayKind,
        DayOverride,
        NoticeFile,
        WorkingCalendar,
        calendar_data_report,
        load_notices,
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
        PeriodicReport,
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
        TermsChanged,
        event_from_dict,
        event_to_dict,
    )
    from .lifecycle import LifecyclePolicy, TaskPhase, TaskState
    from .notifiers import (
        ConsoleNotifier,
        EmailNotifier,
        LogNotifier,
        MemoryNotifier,
        Notifier,
        WebhookNotifier,
    )
    from .office import Office
    from .office import open as open  # public as dt.open, not starred
    from .periods import PeriodKind, ReportingPeriod
    from .phrases import parse_deadline
    from .reminders import (
        ReminderPolicy,
        iter_reminders_due,
        manual_reminder,
        reminders_due,
        send_reminders,
    )
    from .renderers import tasks_dataframe
    from .reports import (
        REPORTS,
        ReportSpec,
        directive_progress,
        overdue_list,
        scoreboard,
        summary,
        upcoming_deadlines,
    )
    from .services import (
        accept_task,
        approve_extension,
        assign_task,
        cancel_task,
        change_task_terms,
        child_tasks,
        complete_task,
        declare_reporting_duty,
        due_soon_tasks,
        find_overlaps,
        overdue_tasks,
        parent_progress,
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
        series_status,
        statuses,
        submit_for_review,
        task_state,
        task_status,
        transfer_open_tasks,
        transfer_task,
    )
    from .settings import ProvincePolicy, read_deadline
    from .status import ReportGroup, StatusKind, TaskStatus, evaluate_status
    from .tasks import Priority, Task
    from .text import sort_key
    from .units import Succession, SuccessionKind, Unit, UnitKind, UnitRegistry

#: Submodule -> the public names it provides, loaded on first access.
_LAZY_MODULES: dict[str, tuple[str, ...]] = {
    ".bootstrap": (
        "UnknownStoreSchemeError", "open_store",
    ),
    ".office": (
        "Office", "open",
    ),
    ".calendars": (
        "FIRST_SUPPORTED_DATE", "LAST_SUPPORTED_DATE", "OFFICIAL_DATA_VERSION",
        "CalendarPolicy", "DayInfo", "DayKind", "DayOverride", "WorkingCalendar",
        "vietnam_calendar", "CalendarDataReport", "NoticeFile", "calendar_data_report",
        "load_notices",
    ),
    ".deadlines": (
        "CalendarPeriod", "CountedFrom", "DeadlineRule", "EndOfPeriod", "Explanation",
        "ExplanationStep", "FixedDate", "NoDeadline", "Recurring", "WorkingDays",
        "rule_from_dict", "PeriodicReport",
    ),
    ".directives": (
        "Directive", "DirectiveOrigin",
    ),
    ".documents": (
        "DocumentNumber", "DocumentType", "format_date_line", "parse_date_line",
    ),
    ".events": (
        "DeadlineRecomputed", "ExtensionApproved", "ExtensionRejected",
        "ExtensionRequested", "ProgressReported", "ReturnedForRework", "SubmittedForReview",
        "TaskAccepted", "TaskAssigned", "TaskCancelled", "TaskCompleted", "TaskEvent",
        "TaskPaused", "TaskRefused", "TaskResumed", "TaskTransferred", "event_from_dict",
        "event_to_dict", "TermsChanged",
    ),
    ".lifecycle": (
        "LifecyclePolicy", "TaskPhase", "TaskState",
    ),
    ".periods": (
        "PeriodKind", "ReportingPeriod",
    ),
    ".phrases": (
        "parse_deadline",
    ),
    ".status": (
        "ReportGroup", "StatusKind", "TaskStatus", "evaluate_status",
    ),
    ".tasks": (
        "Priority", "Task",
    ),
    ".text": (
        "sort_key",
    ),
    ".units": (
        "Succession", "SuccessionKind", "Unit", "UnitKind", "UnitRegistry",
    ),
    ".services": (
        "accept_task", "approve_extension", "assign_task", "cancel_task", "child_tasks",
        "complete_task", "due_soon_tasks", "find_overlaps", "overdue_tasks",
        "parent_progress", "pause_task", "record_event", "refuse_task",
        "register_directive", "register_unit", "reject_extension", "reorganise",
        "report_progress", "request_extension", "resume_task", "return_for_rework",
        "statuses", "submit_for_review", "task_state", "task_status", "transfer_open_tasks",
        "transfer_task", "series_status", "change_task_terms", "declare_reporting_duty",
    ),
    ".calendar_changes": (
        "CalendarImpact", "apply_calendar_change", "calendar_change_impact",
    ),
    ".reminders": (
        "ReminderPolicy", "iter_reminders_due", "manual_reminder", "reminders_due",
        "send_reminders",
    ),
    ".reports": (
        "REPORTS", "ReportSpec", "directive_progress", "overdue_list", "scoreboard",
        "summary", "upcoming_deadlines",
    ),
    ".notifiers": (
        "ConsoleNotifier", "EmailNotifier", "LogNotifier", "MemoryNotifier", "Notifier",
        "WebhookNotifier",
    ),
    ".renderers": ("tasks_dataframe",),
    ".settings": ("ProvincePolicy", "read_deadline"),
    ".authorization": (
        "ALLOW_ALL", "AccessContext", "Action", "AllowAll", "AuthorizationPolicy",
        "Directory", "OfficialPolicy", "Principal", "Role", "StaticDirectory",
    ),
}
_LAZY: dict[str, str] = {name: mod for mod, names in _LAZY_MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if name == "status":
        # ``dt.status`` is the module directive_tracker.status whatever the import order
        # (importing it binds the attribute); calling it still works as the 0.1 function,
        # with a DirectiveTrackerDeprecationWarning.
        return importlib.import_module(".status", __name__)
    if mod is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(mod, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_NOT_STARRED})


#: Public names left out of ``__all__`` on purpose: ``from directive_tracker import *``
#: must not shadow the builtin ``open``; use ``dt.open(url)``.
_NOT_STARRED = ("open",)




def _load_renderers() -> Any:
    from . import renderers

    return renderers


# Composition root: report tables display through the renderers (adapter -> use case).
_presenter.loader = _load_renderers

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
    "CalendarDataReport",
    "NoticeFile",
    "calendar_data_report",
    "load_notices",
    # -- deadlines and Vietnamese deadline phrases ------------------------------------
    "CalendarPeriod",
    "CountedFrom",
    "DeadlineRule",
    "EndOfPeriod",
    "Explanation",
    "ExplanationStep",
    "FixedDate",
    "NoDeadline",
    "PeriodicReport",
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
    "TermsChanged",
    "event_from_dict",
    "event_to_dict",
    # -- lifecycle and status ("as of" any date) ----------------------------------------
    "LifecyclePolicy",
    "ReportGroup",
    "StatusKind",
    "TaskPhase",
    "TaskState",
    "TaskStatus",
    "evaluate_status",
    "status",
    # -- use cases (take a store, a calendar and a clock) --------------------------------
    "accept_task",
    "approve_extension",
    "assign_task",
    "cancel_task",
    "change_task_terms",
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
    "series_status",
    "declare_reporting_duty",
    "statuses",
    "submit_for_review",
    "task_status",
    "transfer_open_tasks",
    "child_tasks",
    "due_soon_tasks",
    "find_overlaps",
    "overdue_tasks",
    "parent_progress",
    "task_state",
    "transfer_task",
    # -- calendar changes: preview and apply their effect on deadlines ------------------
    "CalendarImpact",
    "apply_calendar_change",
    "calendar_change_impact",
    # -- reminders (đôn đốc) and reports ------------------------------------------------
    "ConsoleNotifier",
    "EmailNotifier",
    "LogNotifier",
    "MemoryNotifier",
    "Notifier",
    "WebhookNotifier",
    "tasks_dataframe",
    "ReminderPolicy",
    "directive_progress",
    "iter_reminders_due",
    "manual_reminder",
    "overdue_list",
    "reminders_due",
    "scoreboard",
    "send_reminders",
    "summary",
    "upcoming_deadlines",
    "REPORTS",
    "ReportSpec",
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
    "InvalidHistoryError",
    "InvalidTransitionError",
    "InvalidTypeError",
    "MissingExtraError",
    "NotFoundError",
    "NotificationError",
    "OverlapError",
    "OverlapWarning",
    "ProvisionalCalendarWarning",
    "ParseError",
    "SchemaVersionError",
    "StorageError",
    "TaskNotFoundError",
    "UnitNotFoundError",
    "UnknownCalendarError",
    "ValidationError",
    # -- composition root: stores by URL, the Office facade --------------------------
    "Office",
    "UnknownStoreSchemeError",
    "open_store",
    # -- the province policy stored with the data (issue 15) ---------------------------
    "ProvincePolicy",
    "read_deadline",
    # -- who may do what (issue 17) -----------------------------------------------------
    "ALLOW_ALL",
    "AccessContext",
    "Action",
    "AllowAll",
    "AuthorizationPolicy",
    "Directory",
    "OfficialPolicy",
    "PermissionDeniedError",
    "Principal",
    "Role",
    "StaticDirectory",
    # -- metadata ----------------------------------------------------------------------
    "__version__",
]

