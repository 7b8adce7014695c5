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
    ParseError,
    SchemaVersionError,
    StorageError,
    TaskNotFoundError,
    UnitNotFoundError,
    UnknownCalendarError,
    ValidationError,
)
from .periods import PeriodKind, ReportingPeriod
from .phrases import parse_deadline
from .tasks import Priority, Task
from .text import fold, sort_key
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
    # -- Vietnamese text ---------------------------------------------------------------
    "fold",
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
