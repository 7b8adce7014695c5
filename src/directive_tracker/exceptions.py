# SPDX-License-Identifier: MIT
"""
The whole error and warning tree of directive_tracker.

Every error the library raises derives from :class:`DirectiveTrackerError`, and
also from the builtin a caller would naturally catch (``ValueError``,
``TypeError``, ``LookupError``, ``ImportError``).  Each error builds its
message in ``__init__`` from keyword context and keeps that context as
attributes, so callers can react without parsing messages::

    DirectiveTrackerError(Exception)
    ├─ InvalidTypeError(TypeError)
    ├─ ValidationError(ValueError)
    │   ├─ InvalidTransitionError
    │   ├─ InvalidDeadlineError
    │   ├─ ParseError ─ DeadlinePhraseError, DocumentNumberError, DateLineError
    │   └─ ImportFormatError
    ├─ NotFoundError(LookupError)
    │   └─ UnitNotFoundError, DirectiveNotFoundError, TaskNotFoundError
    ├─ ConflictError ─ DuplicateIdError, ConcurrentModificationError, OverlapError
    ├─ CalendarError ─ UnknownCalendarError(LookupError), DateOutOfRangeError(ValueError)
    ├─ StorageError ─ SchemaVersionError, BackendUnavailableError
    ├─ NotificationError
    ├─ PermissionDeniedError(PermissionError)
    └─ MissingExtraError(ImportError)
    DirectiveTrackerWarning(UserWarning) ─ DirectiveTrackerDeprecationWarning, OverlapWarning

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import reprlib
from datetime import date
from typing import Any

__all__ = [
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
    "ParseError",
    "PermissionDeniedError",
    "ProvisionalCalendarWarning",
    "SchemaVersionError",
    "StorageError",
    "TaskNotFoundError",
    "UnitNotFoundError",
    "UnknownCalendarError",
    "ValidationError",
]


class DirectiveTrackerError(Exception):
    """
    Root of every error raised by directive_tracker.

    Args:
        message: the full, human-readable message (what was wrong and what is allowed).
        **context: attributes kept on the instance for programmatic use.

    .. versionadded:: 0.1.0
    """

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.context = dict(context)
        for key, value in context.items():
            setattr(self, key, value)

    def __str__(self) -> str:
        return self.message


def _short_repr(value: object) -> str:
    """
    ``repr(value)`` cut to 4 items of 100 characters, without building the whole text of a
    long string, list or dict first (an error message quoting a caller's 40-million
    character list took 100 ms).
    """
    return _SHORT.repr(value)


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 100
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxset = _SHORT.maxdict = 4
_SHORT.maxlevel = 3


class InvalidTypeError(DirectiveTrackerError, TypeError):
    """
    An argument has the wrong type (e.g. a ``datetime`` where a ``date`` is meant).

    Attributes: ``param_name``, ``value``, ``expected``.

    .. versionadded:: 0.1.0
    """

    def __init__(self, param_name: str, value: object, expected: str) -> None:
        got = type(value).__name__
        super().__init__(
            f"{param_name} must be {expected}, got {got} {_short_repr(value)}",
            param_name=param_name,
            value=value,
            expected=expected,
        )


class ValidationError(DirectiveTrackerError, ValueError):
    """
    A value has the right type but is not allowed.

    .. versionadded:: 0.1.0
    """


class InvalidTransitionError(ValidationError):
    """
    A lifecycle event is not allowed in the task's current state; nothing changed.

    Attributes: ``task_id``, ``event_kind``, ``state``.

    .. versionadded:: 0.1.0
    """

    def __init__(self, message: str, *, task_id: str, event_kind: str, state: str) -> None:
        super().__init__(
            f"task {task_id!r}: cannot apply {event_kind!r} in state {state!r}: {message}",
            task_id=task_id,
            event_kind=event_kind,
            state=state,
        )


class InvalidHistoryError(InvalidTransitionError):
    """
    A task's whole stored history (its event log) is one the lifecycle rejects.

    Raised by the stores before writing such a history (``append_events``,
    ``add_task``, ``add_tasks_bulk``, ``import_jsonl``: nothing is written) and by
    :func:`directive_tracker.integrity.check_history`.

    Attributes: ``task_id``, ``event_index`` (0-based position of the refused event in
    the log, None when the log as a whole is refused), ``event_kind``, ``state``,
    ``reason``.

    .. versionadded:: 0.2.0
    """

    def __init__(self, reason: str, *, task_id: str, event_index: int | None,
                 event_kind: str, state: str) -> None:
        where = "the log" if event_index is None else f"event #{event_index + 1}"
        ValidationError.__init__(
            self,
            f"task {task_id!r}: invalid history at {where} ({event_kind!r}, state "
            f"{state!r}): {reason}",
            task_id=task_id, event_index=event_index, event_kind=event_kind, state=state,
            reason=reason)


class InvalidDeadlineError(ValidationError):
    """
    A deadline rule has impossible parameters (e.g. a negative count, day 31 of a 30-day month).

    .. versionadded:: 0.1.0
    """


class ParseError(ValidationError):
    """
    Text could not be read; the message quotes the text and says what was expected.

    Attributes: ``text``, ``expected``.

    .. versionadded:: 0.1.0
    """

    def __init__(self, text: str, expected: str, *, what: str = "text") -> None:
        super().__init__(
            f"cannot read {what} {text!r}: expected {expected}",
            text=text,
            expected=expected,
        )


class DeadlinePhraseError(ParseError):
    """
    A Vietnamese deadline phrase could not be read.

    .. versionadded:: 0.1.0
    """

    def __init__(self, text: str, expected: str) -> None:
        super().__init__(text, expected, what="deadline phrase")


class DocumentNumberError(ParseError):
    """
    A document number ("số, ký hiệu", Decree 30/2020) could not be read.

    .. versionadded:: 0.1.0
    """

    def __init__(self, text: str, expected: str) -> None:
        super().__init__(text, expected, what="document number")


class DateLineError(ParseError):
    """
    A date line ("Đà Nẵng, ngày 05 tháng 01 năm 2020") could not be read.

    .. versionadded:: 0.1.0
    """

    def __init__(self, text: str, expected: str) -> None:
        super().__init__(text, expected, what="date line")


class ImportFormatError(ValidationError):
    """
    An import file is malformed; nothing was written.

    Attributes: ``line`` (1-based line number or None), ``reason``.

    .. versionadded:: 0.1.0
    """

    def __init__(self, reason: str, *, line: int | None = None) -> None:
        where = f"line {line}: " if line is not None else ""
        super().__init__(f"import rejected, nothing written: {where}{reason}", line=line,
                         reason=reason)


class NotFoundError(DirectiveTrackerError, LookupError):
    """
    A looked-up item does not exist.

    Attributes: ``kind``, ``key``, ``suggestions`` (the closest known keys, possibly
    empty) and ``code`` (``"not_found"``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``suggestions`` and ``code``.
    """

    kind = "item"

    def __init__(self, key: object, *, suggestions: tuple[str, ...] = ()) -> None:
        hint = f"; did you mean {', '.join(map(repr, suggestions))}?" if suggestions else ""
        super().__init__(f"no {self.kind} with id {key!r}{hint}", key=key,
                         suggestions=tuple(suggestions), code="not_found")


class UnitNotFoundError(NotFoundError):
    """
    No unit with that code.

    .. versionadded:: 0.1.0
    """

    kind = "unit"


class DirectiveNotFoundError(NotFoundError):
    """
    No directive with that id.

    .. versionadded:: 0.1.0
    """

    kind = "directive"


class TaskNotFoundError(NotFoundError):
    """
    No task with that id.

    .. versionadded:: 0.1.0
    """

    kind = "task"


class ConflictError(DirectiveTrackerError):
    """
    A write conflicts with what is stored; nothing was written.

    .. versionadded:: 0.1.0
    """


class DuplicateIdError(ConflictError, ValueError):
    """
    An item with that id already exists.

    Attributes: ``kind``, ``key``.

    .. versionadded:: 0.1.0
    """

    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"a {kind} with id {key!r} already exists", kind=kind, key=key)


class ConcurrentModificationError(ConflictError):
    """
    The item changed since it was read (optimistic concurrency); nothing was written.

    Attributes: ``key``, ``expected_version``, ``actual_version``.

    .. versionadded:: 0.1.0
    """

    def __init__(self, key: object, expected_version: int, actual_version: int | None) -> None:
        super().__init__(
            f"{key!r} was modified concurrently: expected version {expected_version}, "
            f"stored version is {actual_version}; re-read it and try again",
            key=key,
            expected_version=expected_version,
            actual_version=actual_version,
        )


class OverlapError(ConflictError, ValueError):
    """
    A new assignment repeats an open task of the same lead unit (Decree 39/2022 Art 33:
    no overlap between assignments); nothing was written.

    Attributes: ``task_id`` (the new task), ``lead_unit``, ``matches`` (ids of the open
    tasks it repeats).

    .. versionadded:: 0.1.0
    """

    def __init__(self, task_id: str, lead_unit: str, matches: tuple[str, ...]) -> None:
        super().__init__(
            f"task {task_id!r} repeats open task(s) {', '.join(matches)} of lead unit "
            f"{lead_unit!r}; change the content, close the old task, or assign with "
            "on_overlap='warn'",
            task_id=task_id, lead_unit=lead_unit, matches=matches)


class CalendarError(DirectiveTrackerError):
    """
    Root of calendar errors.

    .. versionadded:: 0.1.0
    """


class UnknownCalendarError(CalendarError, LookupError):
    """
    No calendar is known by that name.

    .. versionadded:: 0.1.0
    """

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(
            f"unknown calendar {name!r}; known calendars: {', '.join(sorted(known))}",
            name=name,
            known=known,
        )


class DateOutOfRangeError(CalendarError, ValueError):
    """
    A date (or the result of arithmetic) lies outside the calendar's supported range.

    Attributes: ``value``, ``first``, ``last``, ``param_name``.

    .. versionadded:: 0.1.0
    """

    def __init__(self, value: date, first: date, last: date, param_name: str = "date") -> None:
        super().__init__(
            f"{param_name} {value.isoformat()} is outside the supported range "
            f"{first.isoformat()} to {last.isoformat()} (inclusive)",
            value=value,
            first=first,
            last=last,
            param_name=param_name,
        )


class StorageError(DirectiveTrackerError):
    """
    Root of storage errors; backend exceptions are chained as ``__cause__``.

    .. versionadded:: 0.1.0
    """


class SchemaVersionError(StorageError):
    """
    The database was written by a newer version of the library (or is not ours).

    Attributes: ``found``, ``supported``.

    .. versionadded:: 0.1.0
    """

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"database schema version {found} is newer than this library supports "
            f"({supported}); upgrade directive_tracker to open it",
            found=found,
            supported=supported,
        )


class BackendUnavailableError(StorageError):
    """
    The storage backend could not be reached or opened.

    .. versionadded:: 0.1.0
    """


class NotificationError(DirectiveTrackerError):
    """
    A notifier failed to deliver a message; the failure is recorded and retried.

    .. versionadded:: 0.1.0
    """


class PermissionDeniedError(DirectiveTrackerError, PermissionError):
    """
    The authorization policy refuses the action to this actor; nothing was written.

    Raised by the use cases of :mod:`directive_tracker.services` when their
    ``authorization`` policy (:mod:`directive_tracker.authorization`) refuses, before
    anything is stored.  It is a :class:`PermissionError` (hence an ``OSError``) for
    callers that catch the builtin.

    Attributes: ``action`` (the :class:`~directive_tracker.authorization.Action` value,
    e.g. ``"approve_extension"``), ``actor``, ``task_id`` (None for an action on no single
    task, e.g. a reorganisation), ``reason`` (English) and ``message_vi`` (the whole
    message in Vietnamese, which the command line prints).

    .. versionadded:: 0.2.0
    """

    def __init__(self, *, action: str, actor: str, task_id: str | None, reason: str,
                 reason_vi: str | None = None) -> None:
        where = "" if task_id is None else f" on task {task_id!r}"
        where_vi = "" if task_id is None else f" đối với nhiệm vụ {task_id!r}"
        super().__init__(
            f"permission denied: {actor!r} may not {action.replace('_', ' ')}{where}: "
            f"{reason}",
            action=action, actor=actor, task_id=task_id, reason=reason,
            message_vi=(f"không có quyền: {actor!r} không được thực hiện thao tác "
                        f"{action!r}{where_vi}: {reason_vi or reason}"))


class MissingExtraError(DirectiveTrackerError, ImportError):
    """
    An optional dependency is not installed.

    Attributes: ``extra``, ``package``.

    .. versionadded:: 0.1.0
    """

    def __init__(self, package: str, extra: str, feature: str) -> None:
        super().__init__(
            f"{feature} needs the optional package {package!r}; install it with "
            f"pip install 'directive_tracker[{extra}]'",
            package=package,
            extra=extra,
            feature=feature,
        )


class DirectiveTrackerWarning(UserWarning):
    """
    Root of warnings issued by directive_tracker.

    .. versionadded:: 0.1.0
    """


class OverlapWarning(DirectiveTrackerWarning):
    """
    A new assignment repeats an open task of the same lead unit; it was stored anyway.

    .. versionadded:: 0.1.0
    """


class DirectiveTrackerDeprecationWarning(DirectiveTrackerWarning, DeprecationWarning):
    """
    A deprecated API was used; the message names the replacement.

    .. versionadded:: 0.1.0
    """


class ProvisionalCalendarWarning(DirectiveTrackerWarning):
    """
    A deadline was counted over provisional days: days of a year (or a holiday) whose
    official schedule is not announced yet, so the due date may move when it is.

    Emitted at most once per calendar (see
    :meth:`~directive_tracker.calendars.WorkingCalendar.warn_if_provisional`).

    .. versionadded:: 0.2.0
    """
