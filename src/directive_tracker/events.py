# SPDX-License-Identifier: MIT
"""
The lifecycle of a task as an append-only log of frozen events.

Every event records who (``actor``), when (``at``: a timezone-aware datetime, stored in
Asia/Ho_Chi_Minh) and why (``note``).  Events are never updated or deleted; a task's
state is a fold over them (:func:`directive_tracker.lifecycle.replay`).  "As of" a date
means "using only the events whose ``at`` falls on or before that date in Vietnam".

Each event class has a stable ``kind`` string used by storage and the JSON form
(:func:`event_to_dict` / :func:`event_from_dict`).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

import attrs

from ._serialization import dump_attrs, load_attrs, register
from ._validators import (
    check_int,
    is_aware_datetime,
    is_code,
    is_code_tuple,
    is_content,
    is_content_or_empty,
    is_date,
    is_identifier,
    is_label,
    is_label_tuple,
    is_name,
    is_optional_content,
    is_optional_date,
    is_optional_identifier,
    local_date,
    optional_instance_of,
    to_label_tuple,
    to_nfc_content,
    to_nfc_id,
    to_nfc_name,
    to_vn_time,
)
from .deadlines import DeadlineRule, NoDeadline, rule_from_dict
from .exceptions import ValidationError

__all__ = [
    "EVENT_TYPES",
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
]


def _check_occurrence(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An occurrence key is an identifier, and only per-occurrence events carry one."""
    if value is None:
        return
    is_optional_identifier(inst, attribute, value)
    if not getattr(inst, "per_occurrence", False):
        raise ValidationError(
            f"a {getattr(inst, 'kind', 'event')!r} event belongs to the whole series and "
            f"takes no occurrence key (got {value!r})", param_name="occurrence", value=value)


@attrs.frozen(kw_only=True)
class TaskEvent:
    """
    Base of every task event.

    Args:
        task_id: the task the event belongs to (an id: at most 128 characters, no white
            space, control or format characters, no ``=?``).
        at: when it happened (timezone-aware; converted to Asia/Ho_Chi_Minh; its Vietnam
            date must lie in 1900-01-01 to 2999-12-31).
        actor: who recorded it (a user name or unit code; one line, at most 1,000
            characters).
        note: free text (may be empty; at most 10,000 characters, line breaks allowed).
        occurrence: the key of the occurrence of a periodic duty the event belongs to
            ("2026-11", "2026-Q4", "2026-W45"; see :mod:`directive_tracker.occurrences`),
            or None (default): the task's only occurrence, or a periodic task's first.
            Only events whose class has ``per_occurrence`` set take a key.  The stored
            and exported forms leave the field out when it is None.

            .. versionadded:: 0.2.0

    Every subclass checks its text the same way: ``reason``, ``regression_reason`` and
    ``evidence`` like ``note``; ``decider`` like ``actor``; ``document`` and each
    attachment at most 1,000 characters; unit codes and ``waiting_on`` like ``task_id``.

    Raises:
        InvalidTypeError: a field has the wrong type.
        ValidationError: a text over its cap or with a refused character, a naive or
            out-of-range ``at``, or a rule of the subclass.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "event"
    label_vi: ClassVar[str] = "Sự kiện"
    label_en: ClassVar[str] = "Event"
    #: Whether the event belongs to one occurrence of a periodic duty (progress,
    #: extensions, pauses, review, completion) rather than to the whole series
    #: (assignment, acceptance, refusal, transfer, cancellation, recomputation).
    per_occurrence: ClassVar[bool] = False

    task_id: str = attrs.field(converter=to_nfc_id, validator=is_identifier)
    at: datetime = attrs.field(converter=to_vn_time, validator=is_aware_datetime)
    actor: str = attrs.field(converter=to_nfc_name, validator=is_name)
    note: str = attrs.field(default="", converter=to_nfc_content,
                      validator=is_content_or_empty)
    occurrence: str | None = attrs.field(default=None, converter=to_nfc_id,
                                         validator=_check_occurrence)

    @property
    def on(self) -> date:
        """The calendar date of ``at`` in Vietnam (what "as of" filters compare)."""
        return local_date(self.at)


@attrs.frozen(kw_only=True)
class TaskAssigned(TaskEvent):
    """
    The task was assigned (always the first event).

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "assigned"
    label_vi: ClassVar[str] = "Giao nhiệm vụ"
    label_en: ClassVar[str] = "Assigned"


@attrs.frozen(kw_only=True)
class TaskAccepted(TaskEvent):
    """
    The lead unit accepted the task.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "accepted"
    label_vi: ClassVar[str] = "Tiếp nhận nhiệm vụ"
    label_en: ClassVar[str] = "Accepted"


@attrs.frozen(kw_only=True)
class TaskRefused(TaskEvent):
    """
    The lead unit refused the task (a reason is required).

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "refused"
    label_vi: ClassVar[str] = "Từ chối nhiệm vụ"
    label_en: ClassVar[str] = "Refused"

    reason: str = attrs.field(converter=to_nfc_content, validator=is_content)


def _check_percent(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_int(value, attribute.name, minimum=0, maximum=100)


@attrs.frozen(kw_only=True)
class ProgressReported(TaskEvent):
    """
    The lead unit reported progress.

    Args:
        percent: 0–100 (inclusive).  Going below the last reported percent needs
            ``regression_reason``.
        attachments: references to attached files or documents.
        regression_reason: why progress went backwards, if it did.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "progress"
    label_vi: ClassVar[str] = "Báo cáo tiến độ"
    label_en: ClassVar[str] = "Progress reported"
    per_occurrence: ClassVar[bool] = True

    percent: int = attrs.field(validator=_check_percent)
    attachments: tuple[str, ...] = attrs.field(default=(), converter=to_label_tuple,
                                               validator=is_label_tuple)
    regression_reason: str | None = attrs.field(default=None, converter=to_nfc_content,
                                                validator=is_optional_content)


@attrs.frozen(kw_only=True)
class ExtensionRequested(TaskEvent):
    """
    The lead unit asked to extend the deadline to ``requested_due``.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "extension_requested"
    label_vi: ClassVar[str] = "Đề nghị gia hạn"
    label_en: ClassVar[str] = "Extension requested"
    per_occurrence: ClassVar[bool] = True

    requested_due: date = attrs.field(validator=is_date)
    reason: str = attrs.field(converter=to_nfc_content, validator=is_content)


@attrs.frozen(kw_only=True)
class ExtensionApproved(TaskEvent):
    """
    The assigner approved an extension; ``new_due`` becomes the current due date.

    The task's original due date is kept for on-time statistics.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "extension_approved"
    label_vi: ClassVar[str] = "Đồng ý gia hạn"
    label_en: ClassVar[str] = "Extension approved"
    per_occurrence: ClassVar[bool] = True

    new_due: date = attrs.field(validator=is_date)
    decider: str = attrs.field(converter=to_nfc_name, validator=is_name)


@attrs.frozen(kw_only=True)
class ExtensionRejected(TaskEvent):
    """
    The assigner rejected the pending extension request.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "extension_rejected"
    label_vi: ClassVar[str] = "Không đồng ý gia hạn"
    label_en: ClassVar[str] = "Extension rejected"
    per_occurrence: ClassVar[bool] = True

    decider: str = attrs.field(converter=to_nfc_name, validator=is_name)
    reason: str = attrs.field(converter=to_nfc_content, validator=is_content)


@attrs.frozen(kw_only=True)
class TaskPaused(TaskEvent):
    """
    The clock stops (waiting on another party); the due date later moves by the paused
    working days.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "paused"
    label_vi: ClassVar[str] = "Tạm dừng"
    label_en: ClassVar[str] = "Paused"
    per_occurrence: ClassVar[bool] = True

    reason: str = attrs.field(converter=to_nfc_content, validator=is_content)
    waiting_on: str | None = attrs.field(default=None, converter=to_nfc_id,
                                         validator=is_optional_identifier)


@attrs.frozen(kw_only=True)
class TaskResumed(TaskEvent):
    """
    The clock runs again after a pause.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "resumed"
    label_vi: ClassVar[str] = "Tiếp tục thực hiện"
    label_en: ClassVar[str] = "Resumed"
    per_occurrence: ClassVar[bool] = True


@attrs.frozen(kw_only=True)
class SubmittedForReview(TaskEvent):
    """
    The lead unit submitted its result for the assigner's review.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "submitted"
    label_vi: ClassVar[str] = "Trình kết quả, chờ xác nhận"
    label_en: ClassVar[str] = "Submitted for review"
    per_occurrence: ClassVar[bool] = True

    evidence: str | None = attrs.field(default=None, converter=to_nfc_content,
                                       validator=is_optional_content)


@attrs.frozen(kw_only=True)
class ReturnedForRework(TaskEvent):
    """
    The assigner sent the result back (a reason is required).

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "returned"
    label_vi: ClassVar[str] = "Trả lại, yêu cầu hoàn thiện"
    label_en: ClassVar[str] = "Returned for rework"
    per_occurrence: ClassVar[bool] = True

    reason: str = attrs.field(converter=to_nfc_content, validator=is_content)


@attrs.frozen(kw_only=True)
class TaskCompleted(TaskEvent):
    """
    The task is done; ``completed_on`` is the date on-time is judged by.

    ``completed_on`` may not be after ``at``'s date (a completion cannot be recorded
    before it happens).

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "completed"
    label_vi: ClassVar[str] = "Hoàn thành"
    label_en: ClassVar[str] = "Completed"
    per_occurrence: ClassVar[bool] = True

    completed_on: date = attrs.field(validator=is_date)
    evidence: str | None = attrs.field(default=None, converter=to_nfc_content,
                                       validator=is_optional_content)

    def __attrs_post_init__(self) -> None:
        if self.completed_on > self.on:
            raise ValidationError(
                f"completed_on {self.completed_on} is after the recording date {self.on}; "
                "a completion cannot be recorded before it happens", task_id=self.task_id)


@attrs.frozen(kw_only=True)
class TaskCancelled(TaskEvent):
    """
    The assigner cancelled or recalled the task (a reason is required).

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "cancelled"
    label_vi: ClassVar[str] = "Thu hồi, hủy nhiệm vụ"
    label_en: ClassVar[str] = "Cancelled"

    reason: str = attrs.field(converter=to_nfc_content, validator=is_content)


@attrs.frozen(kw_only=True)
class TaskTransferred(TaskEvent):
    """
    The lead passed to another unit (unit succession after a reorganisation, or a
    reassignment), decided by ``document``.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "transferred"
    label_vi: ClassVar[str] = "Chuyển giao nhiệm vụ"
    label_en: ClassVar[str] = "Transferred"

    from_unit: str = attrs.field(converter=to_nfc_id, validator=is_identifier)
    to_unit: str = attrs.field(converter=to_nfc_id, validator=is_identifier)
    document: str = attrs.field(converter=to_nfc_name, validator=is_label)

    def __attrs_post_init__(self) -> None:
        if self.from_unit == self.to_unit:
            raise ValidationError(f"transfer from {self.from_unit!r} to itself",
                                  task_id=self.task_id)


@attrs.frozen(kw_only=True)
class DeadlineRecomputed(TaskEvent):
    """
    The current due date was re-resolved after a change of the working calendar (a
    typhoon closure, a newly announced day swap), decided by ``document``.

    Written by :func:`directive_tracker.impact.apply_calendar_change`.  Like an approved
    extension it moves only the *current* due date (to ``new_due``); the original due
    date stored on the task is kept for statistics against the first promise, and
    statuses of dates before the event are unchanged.  It does not count against the
    extension cap.  ``previous_due`` is the current due date the recomputation started
    from, kept for the audit trail.

    Raises:
        ValidationError: ``new_due`` equals ``previous_due`` (nothing was recomputed).

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[str] = "deadline_recomputed"
    label_vi: ClassVar[str] = "Tính lại hạn do thay đổi lịch làm việc"
    label_en: ClassVar[str] = "Deadline recomputed (calendar change)"

    previous_due: date = attrs.field(validator=is_date)
    new_due: date = attrs.field(validator=is_date)
    document: str = attrs.field(converter=to_nfc_name, validator=is_label)
    reason: str = attrs.field(converter=to_nfc_content, validator=is_content)

    def __attrs_post_init__(self) -> None:
        if self.previous_due == self.new_due:
            raise ValidationError(
                f"new_due {self.new_due} equals previous_due; record a recomputation only "
                "when the due date changes", task_id=self.task_id)


def _optional_codes(value: object) -> Any:
    """Convert coordinating units (or None, "unchanged") like ``Task`` does: sorted, unique."""
    if value is None:
        return None
    value = to_label_tuple(value)
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return tuple(sorted(set(value)))
    return value


def _is_optional_codes(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        is_code_tuple(inst, attribute, value)


def _is_optional_code(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        is_code(inst, attribute, value)


# A deadline rule inside an event is written as ``rule.to_dict()`` (its JSON form).
register(DeadlineRule, lambda rule: rule.to_dict(), rule_from_dict)


@attrs.frozen(kw_only=True)
class TermsChanged(TaskEvent):
    """
    The task's terms were changed: its content, lead unit, coordinating units or
    deadline (rule and due date), with the values before and after.

    A term change is never a silent rewrite of the task record: it is an event in the
    log, with who (``actor``), why (``reason``) and, optionally, the deciding
    ``document``.  Written by :meth:`directive_tracker.storage.Store.change_terms`, which
    also rewrites the stored :class:`~directive_tracker.tasks.Task` (a cache of the
    current terms; appending it by other means, e.g. ``services.record_event``, leaves
    the stored task's terms behind, which ``directive-tracker check`` reports).  Each
    pair ``previous_x``/``new_x`` is given together or not at all
    (None: that term is unchanged).  ``previous_due``/``new_due`` go with the deadline
    pair (the task's ``due_date`` before and after; None for a rule without a date).

    The lifecycle applies it in any phase, also after completion (a correction of the
    terms stays visible in the log and in ``TaskState.history``): see
    :mod:`directive_tracker.lifecycle`.

    Raises:
        ValidationError: no term changes, a pair given by half, a "change" to the same
            value, or due dates given without the deadline pair.

    .. versionadded:: 0.2.0
    """

    kind: ClassVar[str] = "terms_changed"
    label_vi: ClassVar[str] = "Điều chỉnh nội dung, thời hạn nhiệm vụ"
    label_en: ClassVar[str] = "Terms changed"

    reason: str = attrs.field(converter=to_nfc_content, validator=is_content)
    document: str | None = attrs.field(default=None, converter=to_nfc_name,
                                       validator=optional_instance_of(str))
    previous_content: str | None = attrs.field(default=None, converter=to_nfc_content,
                                               validator=is_optional_content)
    new_content: str | None = attrs.field(default=None, converter=to_nfc_content,
                                          validator=is_optional_content)
    previous_lead_unit: str | None = attrs.field(default=None, converter=to_nfc_id,
                                                 validator=_is_optional_code)
    new_lead_unit: str | None = attrs.field(default=None, converter=to_nfc_id,
                                            validator=_is_optional_code)
    previous_coordinating_units: tuple[str, ...] | None = attrs.field(
        default=None, converter=_optional_codes, validator=_is_optional_codes)
    new_coordinating_units: tuple[str, ...] | None = attrs.field(
        default=None, converter=_optional_codes, validator=_is_optional_codes)
    previous_deadline: DeadlineRule | None = attrs.field(
        default=None, validator=optional_instance_of(DeadlineRule))
    new_deadline: DeadlineRule | None = attrs.field(
        default=None, validator=optional_instance_of(DeadlineRule))
    previous_due: date | None = attrs.field(default=None, validator=is_optional_date)
    new_due: date | None = attrs.field(default=None, validator=is_optional_date)

    def __attrs_post_init__(self) -> None:
        if self.document is not None:
            is_label(self, attrs.fields(TermsChanged).document, self.document)
        changed = 0
        for name in ("content", "lead_unit", "coordinating_units", "deadline"):
            before, after = getattr(self, "previous_" + name), getattr(self, "new_" + name)
            if (before is None) != (after is None):
                raise ValidationError(
                    f"previous_{name} and new_{name} go together (both or neither)",
                    task_id=self.task_id)
            if before is not None:
                if before == after and not (name == "deadline"
                                            and self.previous_due != self.new_due):
                    raise ValidationError(
                        f"new_{name} equals previous_{name}; record only what changes",
                        task_id=self.task_id)
                changed += 1
        if self.previous_deadline is None and (self.previous_due is not None
                                               or self.new_due is not None):
            raise ValidationError("previous_due/new_due go with the deadline pair "
                                  "(previous_deadline, new_deadline)", task_id=self.task_id)
        if isinstance(self.new_deadline, NoDeadline) and self.new_due is not None:
            raise ValidationError("a task without deadline (NoDeadline) has no new_due",
                                  task_id=self.task_id)
        if not changed:
            raise ValidationError("a terms change must change at least one term (content, "
                                  "lead unit, coordinating units or deadline)",
                                  task_id=self.task_id)

    @property
    def changed_terms(self) -> tuple[str, ...]:
        """The names of the changed terms, among ``content``, ``lead_unit``,
        ``coordinating_units`` and ``deadline`` (in that order)."""
        return tuple(n for n in ("content", "lead_unit", "coordinating_units", "deadline")
                     if getattr(self, "new_" + n) is not None)


#: Every event class by its ``kind``.
EVENT_TYPES: dict[str, type[TaskEvent]] = {
    cls.kind: cls
    for cls in (TaskAssigned, TaskAccepted, TaskRefused, ProgressReported, ExtensionRequested,
                ExtensionApproved, ExtensionRejected, TaskPaused, TaskResumed,
                SubmittedForReview, ReturnedForRework, TaskCompleted, TaskCancelled,
                TaskTransferred, DeadlineRecomputed, TermsChanged)
}


def event_to_dict(event: TaskEvent) -> dict[str, Any]:
    """
    Return the JSON-safe form of *event*: its fields plus ``"kind"``; ``"occurrence"``
    comes last and only when the event has one.

    .. versionadded:: 0.1.0
    """
    if not isinstance(event, TaskEvent):
        raise ValidationError(f"expected a TaskEvent, got {event!r}")
    data = {"kind": event.kind, **dump_attrs(event)}
    key = data.pop("occurrence")
    if key is not None:  # last, and left out when None: the 0.1 form is unchanged
        data["occurrence"] = key
    return data


def event_from_dict(data: dict[str, Any]) -> TaskEvent:
    """
    Rebuild an event from :func:`event_to_dict` output, validating every field.

    Raises:
        ValidationError: not a dict with string keys, unknown ``kind``, unknown or missing
            fields, or bad values (every text field is checked as its class documents;
            ``at`` must be an ISO 8601 timestamp with an offset whose Vietnam date lies
            in 1900-2999).

    .. versionadded:: 0.1.0
    """
    if not isinstance(data, dict):
        raise ValidationError(f"event data must be an object, got {type(data).__name__}")
    if not all(isinstance(key, str) for key in data):
        raise ValidationError("event data keys must be strings, got "
                              + ", ".join(sorted(repr(k) for k in data if not isinstance(k, str))))
    raw = dict(data)
    kind = raw.pop("kind", None)
    cls = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ValidationError(
            f"unknown event kind {kind!r}; allowed: {', '.join(sorted(EVENT_TYPES))}",
            kind=kind)
    return load_attrs(cls, raw)
