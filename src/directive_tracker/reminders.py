# SPDX-License-Identifier: MIT
"""
Reminders (đôn đốc): what the office sends before and after deadlines, exactly once.

The schedule
------------
A :class:`ReminderPolicy` defines, for every open task with a due date, the *slots*
at which its units are reminded, counted in working days from the task's **current**
due date *D* (after approved extensions and credited pauses):

* ``before_due`` (default 5 and 2): on ``calendar.add_working_days(D, -n)``;
* ``time_used_percents`` (default none; e.g. ``(50, 80)``): a warning when *p* percent
  of the time allowed has been used.  With *A* the assignment date and
  ``T = calendar.working_days_between(A, D)`` the working days allowed (in (*A*, *D*]),
  the slot for *p* is the first working day by which ``ceil(p * T / 100)`` working days
  have elapsed, ``calendar.add_working_days(A, ceil(p * T / 100))``; a slot that would
  fall on or after *D* is dropped (the due-date slot covers it).  *D* is the current due
  date, so an extension or a pause re-spreads the thresholds over the longer time.  The
  message is the ``before_due`` one, its status phrase naming the share used
  ("đã qua 50% thời hạn, còn 12 ngày làm việc");
* ``on_due`` (default on): on *D* itself;
* ``overdue_every`` (default 3): on ``calendar.add_working_days(D, k * every)`` for
  k = 1, 2, … (3, 6, 9 … working days late);
* the escalation ladder (:class:`EscalationStep`): an overdue slot whose lateness has
  reached a step's threshold is also sent to that level (default: the head of the lead
  unit from 5 working days late, the leadership of the office, "Văn phòng UBND tỉnh",
  from 10, the chairman, "Chủ tịch UBND tỉnh", from 20); given a directory of users
  (``directory=``), that top step goes to the Vice-Chairman in charge of the task's field
  or lead unit (Phó Chủ tịch phụ trách, :func:`directive_tracker.authorization.leaders_in_charge`);
* coordinating units (phối hợp) get the lead unit's slots if ``include_coordinating``.

Tasks that are completed, cancelled, refused or paused (the clock is stopped), tasks
whose result awaits the assigner's review (unless ``remind_in_review``: the lead unit has
done its part, and urging it would blame it for the reviewer's delay), tasks without a
due date and tasks assigned after *as_of* get no reminder.  A task returned for rework
is reminded again, catching up the latest slot it missed.  The recipient
unit is the lead **after transfers**; with a unit registry, a lead that has since been
merged into another unit is replaced by its successor on *as_of*.

Slots, idempotency and catching up
----------------------------------
A slot is identified by (task, recipient, level, slot date, slot kind, due date); its
idempotency key (:attr:`Reminder.key`) is
``reminder:<task>:<recipient>:<level>:<slot date>:<slot>:due=<due date>``.
:func:`reminders_due` looks at every slot dated on or before *as_of* and returns, per
(task, recipient, level), **only the latest such slot**, and only if the outbox holds
no reminder for that (task, recipient, level) whose slot date is the same or later.
The outbox is not read whole for this: the keys of one (task, recipient, level) share the
prefix ``reminder:<task>:<recipient>:<level>:`` followed by the slot date, so each
candidate is one range of the outbox's primary key
(:meth:`~directive_tracker.storage.base.Store.outbox_payloads`), and
the payloads found say which slot they stand for.  A reminder is therefore seen only when
recorded under its own :attr:`Reminder.key`, as :func:`send_reminders` records it.
Therefore:

* running twice on the same day returns nothing the second time (once
  :func:`send_reminders` recorded the first run);
* after missed days, each recipient gets **one** catch-up reminder per task, for the
  most recent slot; earlier missed slots are superseded, never sent late;
* the message is rendered for *as_of*, not for the slot date: a slot "on the due
  date" caught up two days later says "overdue by 2 working days".

With ``working_days_only`` (the default) nothing is due on a day off; the slots of
that day are caught up on the next working day.

An officer can also remind a unit outside the schedule (nhắc việc thủ công) with
:func:`manual_reminder`: its slot is ``"manual"`` on the day it is made, so it stands
for that day's scheduled slot and is itself sent at most once a day per recipient.

Sending
-------
:func:`send_reminders` first records each reminder in the store's outbox (idempotent
by key, in one transaction), then delivers every pending or failed reminder of the
outbox (including failures of earlier runs) through a
:class:`~directive_tracker.notifiers.Notifier`, and marks each SENT or FAILED with
the error and the attempt count.  Nothing is lost: a failed reminder stays in the
outbox until a later run delivers it.  Each delivery is claimed first (a lease in the
outbox, taken atomically), so overlapping senders deliver each reminder once, and the
items of a sender that died are retried once its lease expires.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import functools
import logging
import operator
import string
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, NamedTuple

import attrs

from ._gcpause import paused_gc
from ._validators import (
    check_aware_datetime,
    check_date,
    check_identifier,
    check_int,
    instance_of,
    now_vn,
    to_nfc,
)
from .authorization import AccessContext, Directory, leaders_in_charge
from .calendars import WorkingCalendar
from .exceptions import DirectiveTrackerDeprecationWarning, InvalidTypeError, ValidationError
from .integrity import HistoryProblem, occurrences_or_problem, replay_or_problem
from .lifecycle import LifecyclePolicy, TaskPhase
from .lifecycle import replay as fold
from .notifiers.base import Message, Notifier, RecipientLevel
from .occurrences import is_periodic
from .storage.base import OutboxItem, Store, timeline_applies
from .storage.query import TaskQuery
from .units import UnitKind, UnitRegistry

__all__ = [
    "DEFAULT_TEMPLATES_EN",
    "DEFAULT_TEMPLATES_VI",
    "EscalationStep",
    "Reminder",
    "ReminderPolicy",
    "ReminderReason",
    "ReminderTemplates",
    "SendReport",
    "iter_reminders_due",
    "manual_reminder",
    "reminders_due",
    "send_reminders",
]

#: Prefix of the outbox keys of reminders (other outbox users must not use it).
_log = logging.getLogger(__name__)

KEY_PREFIX = "reminder:"


class ReminderReason(enum.Enum):
    """
    Why a reminder goes out, judged on the day it is sent.

    .. versionadded:: 0.1.0
    """

    BEFORE_DUE = "before_due"
    ON_DUE = "on_due"
    OVERDUE = "overdue"

    @property
    def label_vi(self) -> str:
        """Vietnamese name."""
        return {"before_due": "Sắp đến hạn", "on_due": "Đến hạn",
                "overdue": "Quá hạn"}[self.value]

    @property
    def label_en(self) -> str:
        """English name."""
        return {"before_due": "Due soon", "on_due": "Due today",
                "overdue": "Overdue"}[self.value]


#: Names of the templates every :class:`ReminderTemplates` language must define.
TEMPLATE_NAMES = ("subject", "before_due", "on_due", "overdue", "escalation", "coordinating")
#: Placeholders a template may use (``$name`` or ``${name}``).
TEMPLATE_FIELDS = frozenset({
    "recipient_name", "lead_name", "task_id", "task_content", "directive_id", "due",
    "due_iso", "days", "status", "level",
})

#: Default Vietnamese templates (official đôn đốc wording).
DEFAULT_TEMPLATES_VI: Mapping[str, str] = MappingProxyType({
    "subject": "[Đôn đốc] Nhiệm vụ ${task_id}: ${status}",
    "before_due": ("Đề nghị ${recipient_name} khẩn trương thực hiện nhiệm vụ "
                   "\"${task_content}\" (mã ${task_id}), hạn ngày ${due}, còn ${days} "
                   "ngày làm việc."),
    "on_due": ("Đề nghị ${recipient_name} hoàn thành nhiệm vụ \"${task_content}\" "
               "(mã ${task_id}) và báo cáo kết quả; hôm nay, ngày ${due}, là hạn hoàn "
               "thành."),
    "overdue": ("Nhiệm vụ \"${task_content}\" (mã ${task_id}) đã quá hạn ${days} ngày "
                "làm việc (hạn ngày ${due}). Đề nghị ${recipient_name} khẩn trương hoàn "
                "thành, báo cáo kết quả và giải trình nguyên nhân chậm trễ."),
    "escalation": ("Kính gửi ${recipient_name}: nhiệm vụ \"${task_content}\" "
                   "(mã ${task_id}) giao ${lead_name} chủ trì đã quá hạn ${days} ngày "
                   "làm việc (hạn ngày ${due}) mà chưa hoàn thành. Kính đề nghị xem xét, "
                   "chỉ đạo."),
    "coordinating": ("Đề nghị ${recipient_name} phối hợp với ${lead_name} thực hiện "
                     "nhiệm vụ \"${task_content}\" (mã ${task_id}), hạn ngày ${due} "
                     "(${status})."),
})
#: Default English templates.
DEFAULT_TEMPLATES_EN: Mapping[str, str] = MappingProxyType({
    "subject": "[Reminder] Task ${task_id}: ${status}",
    "before_due": ("${recipient_name} is asked to speed up task \"${task_content}\" "
                   "(${task_id}), due ${due}, ${days} working day(s) left."),
    "on_due": ("${recipient_name} is asked to complete task \"${task_content}\" "
               "(${task_id}) and report the result; today, ${due}, is the deadline."),
    "overdue": ("Task \"${task_content}\" (${task_id}) is ${days} working day(s) overdue "
                "(due ${due}). ${recipient_name} is asked to complete it urgently, report "
                "the result and explain the delay."),
    "escalation": ("To ${recipient_name}: task \"${task_content}\" (${task_id}) led by "
                   "${lead_name} is ${days} working day(s) overdue (due ${due}) and not "
                   "completed. Your direction is requested."),
    "coordinating": ("${recipient_name} is asked to support ${lead_name} on task "
                     "\"${task_content}\" (${task_id}), due ${due} (${status})."),
})


def _templates(value: object) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({k: to_nfc(v) for k, v in value.items()})
    return value


def _check_templates(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Mapping):
        raise InvalidTypeError(attribute.name, value, "a mapping of template name to text")
    missing = [n for n in TEMPLATE_NAMES if n not in value]
    unknown = [n for n in value if n not in TEMPLATE_NAMES]
    if missing or unknown:
        raise ValidationError(
            f"{attribute.name}: templates must be exactly {', '.join(TEMPLATE_NAMES)}; "
            f"missing {missing}, unknown {unknown}")
    for name, text in value.items():
        if not isinstance(text, str) or not text.strip():
            raise ValidationError(f"{attribute.name}[{name!r}] must be non-empty text")
        tpl = string.Template(text)
        if not tpl.is_valid():
            raise ValidationError(f"{attribute.name}[{name!r}] is not a valid "
                                  f"string.Template (a lone '$'? write '$$'): {text!r}")
        bad = sorted(set(tpl.get_identifiers()) - TEMPLATE_FIELDS)
        if bad:
            raise ValidationError(
                f"{attribute.name}[{name!r}] uses unknown placeholder(s) {bad}; allowed: "
                f"{', '.join(sorted(TEMPLATE_FIELDS))}")
        if name == "subject" and ("\n" in text or "\r" in text):
            raise ValidationError(f"{attribute.name}['subject'] must be one line")


@attrs.frozen(kw_only=True)
class ReminderTemplates:
    """
    Replaceable message templates (:class:`string.Template`, ``${field}`` syntax).

    Each language maps the names in :data:`TEMPLATE_NAMES` to a template: ``subject``
    (one line), ``before_due``, ``on_due`` and ``overdue`` (to the lead unit),
    ``escalation`` (overdue, to the levels above the lead unit) and ``coordinating``.
    The fields are listed in :data:`TEMPLATE_FIELDS`: ``recipient_name``,
    ``lead_name``, ``task_id``, ``task_content``, ``directive_id``, ``due``
    (dd/mm/yyyy), ``due_iso``, ``days`` (working days left or late), ``status`` (a
    phrase such as "còn 2 ngày làm việc") and ``level`` (the recipient level's label).

    Raises:
        ValidationError: a template is missing, unknown, empty, invalid, uses an
            unknown placeholder, or the subject spans lines.

    .. versionadded:: 0.1.0
    """

    vi: Mapping[str, str] = attrs.field(default=DEFAULT_TEMPLATES_VI, converter=_templates,
                                        validator=_check_templates)
    en: Mapping[str, str] = attrs.field(default=DEFAULT_TEMPLATES_EN, converter=_templates,
                                        validator=_check_templates)

    def render(self, name: str, lang: str, fields: Mapping[str, object]) -> str:
        """
        Return template *name* in *lang* (``"vi"`` or ``"en"``) filled with *fields*.

        Placeholders missing from *fields* are left as they are (``safe_substitute``).

        Raises:
            ValidationError: an unknown template name or language.

        >>> text = ReminderTemplates().render("before_due", "vi", {
        ...     "recipient_name": "Sở Nội vụ", "task_content": "Rà soát", "task_id": "T1",
        ...     "due": "15/05/2026", "days": 2})
        >>> text.endswith("hạn ngày 15/05/2026, còn 2 ngày làm việc.")
        True

        .. versionadded:: 0.1.0
        """
        if lang not in ("vi", "en"):
            raise ValidationError(f"lang must be 'vi' or 'en', got {lang!r}")
        table = self.vi if lang == "vi" else self.en
        if name not in table:
            raise ValidationError(f"unknown template {name!r}; known: {', '.join(table)}")
        return _fill(_compiled(table[name]), fields)


#: One piece of a compiled template: (literal text, placeholder name or None, the
#: placeholder as written, left in place when the field is missing).
_Piece = tuple[str, str | None, str]

_MISSING: Any = object()


@attrs.frozen
class _Compiled:
    """A template parsed once: its pieces, and the same as a :meth:`str.format_map`
    text (literal braces doubled) with the placeholders it uses."""

    pieces: tuple[_Piece, ...]
    fmt: str
    keys: frozenset[str]


@functools.lru_cache(maxsize=512)
def _compiled(text: str) -> _Compiled:
    """*text* parsed with :class:`string.Template`'s own pattern: literal runs (``$$``
    already turned into ``$``, an invalid ``$`` kept) and placeholders."""
    pieces: list[_Piece] = []
    lit: list[str] = []
    pos = 0
    for m in string.Template.pattern.finditer(text):
        lit.append(text[pos:m.start()])
        pos = m.end()
        key = m.group("named") or m.group("braced")
        if key is None:  # "$$" is one "$"; an invalid "$" stays (safe_substitute)
            lit.append(m.group() if m.group("escaped") is None else "$")
            continue
        pieces.append(("".join(lit), key, m.group()))
        lit = []
    lit.append(text[pos:])
    pieces.append(("".join(lit), None, ""))
    fmt = "".join(a.replace("{", "{{").replace("}", "}}") + ("" if k is None else f"{{{k}}}")
                  for a, k, _ in pieces)
    return _Compiled(tuple(pieces), fmt, frozenset(k for _, k, _ in pieces if k is not None))


def _fill(tpl: _Compiled, fields: Mapping[str, object]) -> str:
    """The compiled template filled as ``string.Template(text).safe_substitute`` with
    ``str()`` of each field does (a missing field leaves its placeholder), then NFC."""
    out: list[str] = []
    for lit, key, raw in tpl.pieces:
        out.append(lit)
        if key is not None:
            value = fields.get(key, _MISSING)
            out.append(raw if value is _MISSING else str(value))
    return unicodedata.normalize("NFC", "".join(out))


def _fill_text(tpl: _Compiled, fields: Mapping[str, str]) -> str:
    """:func:`_fill` for fields that are all text and hold every placeholder of the
    template: one :meth:`str.format_map` (``format(s, "")`` of a ``str`` is itself)."""
    return unicodedata.normalize("NFC", tpl.fmt.format_map(fields))


def _check_threshold(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_int(value, attribute.name, minimum=1, maximum=10_000)


_LADDER = (RecipientLevel.UNIT_HEAD, RecipientLevel.OFFICE_LEADERSHIP, RecipientLevel.CHAIRMAN)


def _check_ladder_level(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, RecipientLevel):
        raise InvalidTypeError(attribute.name, value, "a RecipientLevel")
    if value not in _LADDER:
        raise ValidationError(f"an escalation step must be one of "
                              f"{', '.join(lv.name for lv in _LADDER)}, got {value.name}")


@attrs.frozen(kw_only=True)
class EscalationStep:
    """
    One rung of the escalation ladder.

    Args:
        level: :attr:`RecipientLevel.UNIT_HEAD`, ``OFFICE_LEADERSHIP`` or ``CHAIRMAN``.
        after_working_days_late: the overdue slots with at least this many working
            days late (≥ 1) also go to *level*.

    .. versionadded:: 0.1.0
    """

    level: RecipientLevel = attrs.field(validator=_check_ladder_level)
    after_working_days_late: int = attrs.field(validator=_check_threshold)


_DEFAULT_LADDER = (
    EscalationStep(level=RecipientLevel.UNIT_HEAD, after_working_days_late=5),
    EscalationStep(level=RecipientLevel.OFFICE_LEADERSHIP, after_working_days_late=10),
    EscalationStep(level=RecipientLevel.CHAIRMAN, after_working_days_late=20),
)


def _int_tuple(value: object) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(sorted(set(value), reverse=True)) if all(
            isinstance(v, int) and not isinstance(v, bool) for v in value) else tuple(value)
    return value


def _percent_tuple(value: object) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(sorted(set(value))) if all(
            isinstance(v, int) and not isinstance(v, bool) for v in value) else tuple(value)
    return value


def _check_percents(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        raise InvalidTypeError(attribute.name, value, "a sequence of int (percentages)")
    for v in value:
        check_int(v, attribute.name, minimum=1, maximum=99)


def _check_before(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        raise InvalidTypeError(attribute.name, value, "a sequence of int")
    for v in value:
        check_int(v, attribute.name, minimum=1, maximum=1000)


def _steps(value: object) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _check_steps(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(s, EscalationStep) for s in value):
        raise InvalidTypeError(attribute.name, value, "a sequence of EscalationStep")
    levels = [s.level for s in value]
    if len(set(levels)) != len(levels):
        raise ValidationError(f"{attribute.name}: each level may appear once, got "
                              f"{[lv.name for lv in levels]}")
    order = [s.after_working_days_late for s in sorted(value, key=lambda s: _LADDER.index(
        s.level))]
    if order != sorted(order):
        raise ValidationError(f"{attribute.name}: thresholds must not decrease up the "
                              f"ladder (head ≤ office ≤ chairman), got {order}")


def _bool(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError(attribute.name, value, "a bool")


def _code(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    from ._validators import check_identifier

    check_identifier(value, attribute.name)


def _text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    from ._validators import check_str

    check_str(value, attribute.name, max_length=500)


@attrs.frozen(kw_only=True)
class ReminderPolicy:
    """
    When reminders go out, and to whom (see the module docstring for the semantics).

    Args:
        before_due: working days before the current due date (each ≥ 1; default 5, 2).
        time_used_percents: warn when this share of the working days from assignment
            to the current due date has elapsed (each 1–99; stored sorted and unique;
            default ``()``, off).  Each threshold is a slot like the others, so it is
            sent once per task and recipient through the outbox; see the module
            docstring for the exact date.
        on_due: remind on the due date itself.
        overdue_every: while overdue, remind every this many working days (≥ 1;
            default 3: at 3, 6, 9 … working days late).
        escalation: the ladder above the lead unit (default: head from 5, office
            leadership from 10, chairman from 20 working days late); ``()`` disables it.
        include_coordinating: also remind coordinating units (never escalated).
        remind_in_review: also remind (and escalate) tasks whose result was submitted and
            awaits review (default False).
        working_days_only: send nothing on days off (caught up the next working day).
        office_recipient, office_name: recipient code and name of the office's
            leadership (default ``"VP_UBND"``, "Văn phòng UBND tỉnh").
        chairman_recipient, chairman_name: the same for the chairman (default
            ``"CT_UBND"``, "Chủ tịch UBND tỉnh").
        templates: the :class:`ReminderTemplates`.

    Raises:
        ValidationError: a count out of range, duplicate or decreasing escalation
            levels, or a bad recipient code.
        InvalidTypeError: a field of the wrong type.

    .. versionadded:: 0.1.0
    """

    before_due: tuple[int, ...] = attrs.field(default=(5, 2), converter=_int_tuple,
                                              validator=_check_before)
    time_used_percents: tuple[int, ...] = attrs.field(default=(), converter=_percent_tuple,
                                                      validator=_check_percents)
    on_due: bool = attrs.field(default=True, validator=_bool)
    overdue_every: int = attrs.field(default=3, validator=_check_threshold)
    escalation: tuple[EscalationStep, ...] = attrs.field(
        default=_DEFAULT_LADDER, converter=_steps, validator=_check_steps)
    include_coordinating: bool = attrs.field(default=False, validator=_bool)
    working_days_only: bool = attrs.field(default=True, validator=_bool)
    remind_in_review: bool = attrs.field(default=False, validator=_bool)
    office_recipient: str = attrs.field(default="VP_UBND", converter=to_nfc, validator=_code)
    office_name: str = attrs.field(default="Văn phòng UBND tỉnh", converter=to_nfc,
                                   validator=_text)
    chairman_recipient: str = attrs.field(default="CT_UBND", converter=to_nfc,
                                          validator=_code)
    chairman_name: str = attrs.field(default="Chủ tịch UBND tỉnh", converter=to_nfc,
                                     validator=_text)
    templates: ReminderTemplates = attrs.field(factory=ReminderTemplates,
                                               validator=instance_of(ReminderTemplates))


@attrs.frozen(kw_only=True)
class Reminder:
    """
    One reminder to send: a slot of the schedule, addressed and rendered for *as_of*.

    Args:
        key: the idempotency key (see the module docstring).
        task_id, directive_id, task_content: the task.
        recipient: recipient code (unit code, or the office's/chairman's code).
        recipient_name: display name in Vietnamese (e.g. "Thủ trưởng Sở Nội vụ").
        level: the :class:`~directive_tracker.notifiers.RecipientLevel`.
        reason: :class:`ReminderReason` judged on *as_of*.
        slot: the schedule slot, e.g. ``"before_due:2"``, ``"time_used:80"``,
            ``"on_due"``, ``"overdue:6"``, ``"manual"``.
        slot_date: the date of the slot (≤ *as_of*; earlier when caught up).
        as_of: the day the reminder is for.
        lead_unit: the lead unit on *as_of* (after transfers and successions).
        due_date: the current due date.
        original_due: the due date at assignment.
        working_days_left: working days from *as_of* to the due date, counted in
            (as_of, due] (0 on the due date); None when overdue.
        working_days_late: working days in (due, as_of]; None when not overdue.
        subject_vi, message_vi, subject_en, message_en: the rendered texts.
        occurrence: for a periodic duty, the key of the occurrence reminded of
            ("2026-11"); None otherwise (and then left out of the payload).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *occurrence*.
    """

    key: str
    task_id: str
    directive_id: str
    task_content: str
    recipient: str
    recipient_name: str
    level: RecipientLevel
    reason: ReminderReason
    slot: str
    slot_date: date
    as_of: date
    lead_unit: str
    due_date: date
    original_due: date | None
    working_days_left: int | None
    working_days_late: int | None
    subject_vi: str
    message_vi: str
    subject_en: str
    message_en: str
    occurrence: str | None = None

    def to_payload(self) -> dict[str, Any]:
        """
        Return the JSON-safe form stored in the outbox.

        .. versionadded:: 0.1.0
        """
        out: dict[str, Any] = {}
        for a in attrs.fields(Reminder):
            v = getattr(self, a.name)
            if isinstance(v, enum.Enum):
                v = v.value
            elif isinstance(v, date):
                v = v.isoformat()
            elif v is None and a.name == "occurrence":
                continue  # left out: the payload of a one-off task's reminder is unchanged
            out[a.name] = v
        return out

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> Reminder:
        """
        Rebuild a reminder from :meth:`to_payload` output.

        Raises:
            ValidationError: a missing or malformed field.

        .. versionadded:: 0.1.0
        """
        try:
            kw = dict(payload)
            kw["level"] = RecipientLevel(kw["level"])
            kw["reason"] = ReminderReason(kw["reason"])
            for name in ("slot_date", "as_of", "due_date"):
                kw[name] = date.fromisoformat(kw[name])
            if kw.get("original_due") is not None:
                kw["original_due"] = date.fromisoformat(kw["original_due"])
            return cls(**kw)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(f"malformed reminder payload: {exc}") from exc

    def to_message(self) -> Message:
        """
        Return the :class:`~directive_tracker.notifiers.Message` to deliver.

        The subject is the Vietnamese one; the body is the Vietnamese message, a blank
        line, and the English message.

        .. versionadded:: 0.1.0
        """
        return Message(key=self.key, recipient=self.recipient,
                       recipient_name=self.recipient_name, level=self.level,
                       subject=self.subject_vi,
                       body=f"{self.message_vi}\n\n{self.message_en}", task_id=self.task_id)


@functools.lru_cache(maxsize=4096)
def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


@attrs.frozen
class _Slot:
    date: date
    label: str


def _slots(due: date, as_of: date, assigned_on: date, policy: ReminderPolicy,
           calendar: WorkingCalendar) -> tuple[_Slot | None, _Slot | None]:
    """Return (latest slot for the lead, latest overdue slot) dated on or before as_of."""
    latest: _Slot | None = None
    overdue: _Slot | None = None
    if as_of > due:
        late = calendar.working_days_between(due, as_of)
        k = late // policy.overdue_every
        if k >= 1:
            n = k * policy.overdue_every
            overdue = _Slot(calendar.add_working_days(due, n), f"overdue:{n}")
            latest = overdue
    if latest is None and policy.on_due and due <= as_of:
        latest = _Slot(due, "on_due")
    if latest is None:
        for n in sorted(policy.before_due):  # nearest the due date first
            d = calendar.add_working_days(due, -n)
            if assigned_on <= d <= as_of:
                latest = _Slot(d, f"before_due:{n}")
                break
        if policy.time_used_percents and as_of < due:
            used: _Slot | None = None
            for p, d in _time_used_dates(assigned_on, due, policy.time_used_percents,
                                         calendar):
                if d <= as_of and (used is None or d >= used.date):
                    used = _Slot(d, f"{_TIME_USED}{p}")
            if used is not None and (latest is None or used.date > latest.date):
                latest = used
    return latest, overdue


_TIME_USED = "time_used:"


def _time_used_dates(assigned_on: date, due: date, percents: Iterable[int],
                     calendar: WorkingCalendar) -> list[tuple[int, date]]:
    """Return (percent, slot date) of each threshold that falls before *due*."""
    total = calendar.working_days_between(assigned_on, due)
    out = []
    for p in percents:
        k = -(-p * total // 100)  # ceil(p * total / 100) in integers
        if 1 <= k < total:
            out.append((p, calendar.add_working_days(assigned_on, k)))
    return out


#: The payload fields of a recorded reminder that say which slot it stands for.
_RECORD_FIELDS = ("task_id", "occurrence", "recipient", "level", "slot_date")


def _recorded_for(store: Store, targets: Iterable[_Target]
                  ) -> dict[tuple[str, str, str], date]:
    """Return (task, recipient, level) -> latest slot date recorded in the outbox at or
    after the slot of one of *targets*; the pairs without such a record are left out.

    The task part is ``task_id`` for a one-off task and ``task_id@occurrence`` for an
    occurrence of a periodic duty, so each occurrence is reminded on its own.  A
    reminder is recorded under its key (:attr:`Reminder.key`), whose prefix
    ``reminder:<task>:<recipient>:<level>:`` and then slot date sort the records of one
    (task, recipient, level) together, by slot date: each target is one primary-key
    range of the outbox, from its slot date on (:meth:`Store.outbox_payloads`), and the
    payloads found say which slot they stand for (a prefix can be shared by ids with
    ``:``; a foreign or malformed record is skipped).
    """
    ranges = [(f"{t.prefix}{t.slot.date.isoformat()}", f"{t.prefix[:-1]};") for t in targets]
    seen: dict[tuple[str, str, str], date] = {}
    for _key, (task_id, occurrence, recipient, level, slot_date) in store.outbox_payloads(
            ranges, fields=_RECORD_FIELDS):
        if task_id is None or recipient is None or level is None or slot_date is None:
            continue
        try:
            d = date.fromisoformat(str(slot_date))
        except ValueError:
            continue
        k = (_subject(str(task_id), occurrence), str(recipient), str(level))
        if k not in seen or seen[k] < d:
            seen[k] = d
    return seen


def _subject(task_id: str, occurrence: object) -> str:
    """What a reminder is about: the task, or ``task@occurrence`` for a periodic duty."""
    return task_id if occurrence is None else f"{task_id}@{occurrence}"


def _check_registry(registry: object) -> None:
    if registry is not None and not isinstance(registry, UnitRegistry):
        raise InvalidTypeError("registry", registry, "a UnitRegistry or None")


def _registry(store: Store, registry: UnitRegistry | None) -> UnitRegistry:
    _check_registry(registry)
    if registry is not None:
        return registry
    return UnitRegistry.of(store.get_units(), store.get_successions())



_UNSET: Any = object()


def _legacy_warning(fname: str, new: str) -> None:
    warnings.warn(f"{fname}: {new}", DirectiveTrackerDeprecationWarning, stacklevel=4)


def _reminder_policy(fname: str, reminder_policy: object, policy: object) -> object:
    """Map the deprecated ``policy=`` keyword to ``reminder_policy``."""
    if policy is _UNSET:
        return reminder_policy
    _legacy_warning(fname, "the keyword 'policy' is deprecated since 0.2.0; use "
                           "'reminder_policy' (policy= meant a LifecyclePolicy elsewhere)")
    if reminder_policy is not None:
        raise TypeError(f"{fname}() got both 'reminder_policy' and its deprecated alias "
                        "'policy'")
    return policy


def _check_run_args(store: object, as_of: object, policy: object, calendar: object
                    ) -> tuple[date, ReminderPolicy, WorkingCalendar]:
    """Validate the arguments every reminder run takes; fill in the defaults."""
    if not isinstance(store, Store):
        raise InvalidTypeError("store", store, "a directive_tracker.storage.Store")
    day = check_date(as_of, "as_of")
    if policy is None:
        policy = ReminderPolicy()
    elif not isinstance(policy, ReminderPolicy):
        raise InvalidTypeError("reminder_policy", policy, "a ReminderPolicy or None")
    if calendar is None:
        from .calendars import vietnam_calendar

        calendar = vietnam_calendar()
    elif not isinstance(calendar, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar or None")
    return day, policy, calendar


def _run_args(fname: str, store: object, first: object, legacy: tuple[Any, ...],
              calendar: object, as_of: object, reminder_policy: object, policy: object
              ) -> tuple[date, ReminderPolicy, WorkingCalendar]:
    """
    Sort out the call shapes of :func:`reminders_due`: the 0.2 one ``(store, calendar,
    *, as_of, reminder_policy)`` and the deprecated 0.1 one ``(store, as_of, policy,
    calendar)`` (a date in second place, or more than two positional arguments).
    """
    rpol = _reminder_policy(fname, reminder_policy, policy)
    if legacy or (first is not None and not isinstance(first, WorkingCalendar)
                  and isinstance(first, date)):
        old = (first, *legacy)
        if len(old) > 3:
            raise TypeError(f"{fname}() takes at most 4 positional arguments in the "
                            f"deprecated form, got {len(old) + 1}")
        _legacy_warning(fname, f"the argument order (store, as_of, policy, calendar) is "
                               f"deprecated since 0.2.0; call {fname}(store, calendar, *, "
                               "as_of=..., reminder_policy=...)")
        if as_of is not None:
            raise TypeError(f"{fname}() got as_of both by position and by keyword")
        as_of = old[0]
        if len(old) > 1:
            if rpol is not None:
                raise TypeError(f"{fname}() got the reminder policy twice")
            rpol = old[1]
        if len(old) > 2:
            if calendar is not None:
                raise TypeError(f"{fname}() got calendar both by position and by keyword")
            calendar = old[2]
    elif first is not None:
        if calendar is not None:
            raise TypeError(f"{fname}() got calendar both by position and by keyword")
        calendar = first
    return _check_run_args(store, as_of, rpol, calendar)


def reminders_due(store: Store, calendar_: WorkingCalendar | date | None = None, /,
                  *legacy: Any, calendar: WorkingCalendar | None = None,
                  as_of: date | None = None, reminder_policy: ReminderPolicy | None = None,
                  registry: UnitRegistry | None = None,
                  lifecycle_policy: LifecyclePolicy | None = None,
                  policy: ReminderPolicy | None = _UNSET,
                  directory: Directory | None = None) -> list[Reminder]:
    """
    Return the reminders that should go out on *as_of*, not yet recorded in the outbox.

    Only events recorded on or before *as_of* are used.  See the module docstring for
    the schedule, the escalation ladder and how missed days are caught up (one
    reminder per task, recipient and level: the latest slot on or before *as_of*,
    unless the outbox holds one for the same or a later slot).

    Call it as ``reminders_due(store, calendar, *, as_of, reminder_policy=...)``, the
    shape of the other use cases.  The 0.1 form ``reminders_due(store, as_of, policy,
    calendar)`` (recognised by a date in second place) and the keyword ``policy=`` still
    work and warn with
    :class:`~directive_tracker.exceptions.DirectiveTrackerDeprecationWarning`.

    Args:
        store: where tasks, events, units and the outbox are kept.
        calendar: the working-day calendar (default ``vietnam_calendar()``), second
            positional argument or keyword.
        as_of: the day to send for (keyword).
        reminder_policy: the :class:`ReminderPolicy` (default ``ReminderPolicy()``).
        registry: units and successions (default: built from the store's units and
            successions); a lead merged into another unit is replaced by its successor.
        lifecycle_policy: the :class:`~directive_tracker.lifecycle.LifecyclePolicy` the
            events were recorded under.
        directory: the users (:class:`~directive_tracker.authorization.Directory`); when
            given, the top step of the ladder (level ``chairman``) goes to the
            Vice-Chairman in charge of the task (one of its tags among their ``fields``,
            or its lead unit among their ``units_in_charge``; the first by id), addressed
            by the principal's id and named by its ``name`` (else "Phó Chủ tịch UBND tỉnh
            phụ trách"); a task no Vice-Chairman is in charge of still goes to the
            policy's ``chairman_recipient``.

    Returns:
        Reminders sorted by task id, then by level up the ladder, then recipient.
        A task whose stored history the lifecycle refuses (an approval with no request,
        a log without its assignment…) is *quarantined*: it gets no reminder, a WARNING
        names it and the reason (logger ``directive_tracker.integrity``) and another
        gives the count; every other task is scheduled as usual
        (see :mod:`directive_tracker.integrity`).

    Raises:
        InvalidTypeError: an argument of the wrong type (e.g. a ``datetime`` *as_of*).
        DateOutOfRangeError: a date outside the calendar's supported range.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``(store, calendar, *, as_of, reminder_policy)``; the old order is deprecated.
       A task with an invalid stored history is skipped (quarantined), not fatal.
    """
    as_of, policy, calendar, sending = _day_args(
        "reminders_due", store, calendar_, legacy, calendar, as_of, reminder_policy, policy,
        lifecycle_policy, directory)
    if not sending:
        return []
    reg = _registry(store, registry)
    # A day of a large province is a million reminders or more, none in a reference
    # cycle: the cyclic collector waits until they are built (see _gcpause).
    with paused_gc():
        build, due = _due_targets(store, calendar, as_of, policy, reg, lifecycle_policy,
                                  directory)
        return [_built(build, t) for t in due]


def iter_reminders_due(store: Store, calendar_: WorkingCalendar | None = None, /, *,
                       calendar: WorkingCalendar | None = None,
                       as_of: date | None = None,
                       reminder_policy: ReminderPolicy | None = None,
                       registry: UnitRegistry | None = None,
                       lifecycle_policy: LifecyclePolicy | None = None,
                       directory: Directory | None = None) -> Iterator[Reminder]:
    """
    Yield the reminders of :func:`reminders_due`, the same ones in the same order, one
    at a time.

    For a very large day: :func:`reminders_due` holds the whole answer at once (at
    1,000,000 tasks a first run is 1.55 million reminders, about 2 KB each with their
    four rendered texts, 3.4 GB at its peak).  Here what is held is the day's list of
    candidate slots; each reminder is rendered when it is asked for, so
    ``send_reminders(store, iter_reminders_due(...), notifier)`` does not hold the
    rendered day (that day: 1.5 GB at its peak, the first reminder after 9.8 s, all of
    them in 25.7 s).  The arguments are checked at the call; the store is read when
    the first reminder is asked for (the whole list of due slots then, in one go: what
    the outbox held at that moment decides, as for :func:`reminders_due`).

    Takes the arguments of :func:`reminders_due` (its 0.2 form only).

    Raises:
        InvalidTypeError, DateOutOfRangeError: as :func:`reminders_due`, at the call.

    .. versionadded:: 0.2.0
    """
    if calendar_ is not None and not isinstance(calendar_, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar_, "a WorkingCalendar or None")
    day, policy, cal, sending = _day_args(
        "iter_reminders_due", store, calendar_, (), calendar, as_of, reminder_policy,
        _UNSET, lifecycle_policy, directory)
    _check_registry(registry)
    if not sending:
        return iter(())
    return _iter_due(store, cal, day, policy, registry, lifecycle_policy, directory)


def _day_args(fname: str, store: object, first: object, legacy: tuple[Any, ...],
              calendar: object, as_of: object, reminder_policy: object, policy: object,
              lifecycle_policy: object, directory: object
              ) -> tuple[date, ReminderPolicy, WorkingCalendar, bool]:
    """The checked arguments of a day's run (:func:`reminders_due`,
    :func:`iter_reminders_due`) with defaults filled in, and whether reminders go out on
    that day (not on a day off under ``working_days_only``)."""
    day, rpol, cal = _run_args(fname, store, first, legacy, calendar, as_of,
                               reminder_policy, policy)
    if lifecycle_policy is not None and not isinstance(lifecycle_policy, LifecyclePolicy):
        raise InvalidTypeError("lifecycle_policy", lifecycle_policy,
                               "a LifecyclePolicy or None")
    _check_directory(directory)
    return day, rpol, cal, not (rpol.working_days_only and not cal.is_working_day(day))


def _iter_due(store: Store, calendar: WorkingCalendar, as_of: date, policy: ReminderPolicy,
              registry: UnitRegistry | None, lifecycle_policy: LifecyclePolicy | None,
              directory: Directory | None) -> Iterator[Reminder]:
    """The generator of :func:`iter_reminders_due`, its arguments checked."""
    reg = _registry(store, registry)
    with paused_gc():  # the day's slots, not the consumer's code between reminders
        build, due = _due_targets(store, calendar, as_of, policy, reg, lifecycle_policy,
                                  directory)
    for t in due:
        yield _built(build, t)


def _built(build: Callable[..., Reminder], t: _Target) -> Reminder:
    """The reminder of target *t*."""
    return build(task_id=t.task_id, directive_id=t.directive_id, content=t.content,
                 original_due=t.original_due, lead=t.lead, code=t.code, level=t.level,
                 slot=t.slot, due=t.due, leader=t.leader, occurrence=t.occurrence)


def _due_targets(store: Store, calendar: WorkingCalendar, as_of: date,
                 policy: ReminderPolicy, reg: UnitRegistry,
                 lifecycle_policy: LifecyclePolicy | None, directory: Directory | None
                 ) -> tuple[Callable[..., Reminder], list[_Target]]:
    """The body of :func:`reminders_due`, its arguments checked: the builder of the
    day's reminders and the due targets, in the answer's order."""
    run = _Run(as_of=as_of, policy=policy, reg=reg, calendar=calendar, directory=directory)
    # Each candidate: the task and, on *as_of*, its phase, current due date, lead unit
    # and coordinating units.  Read from the stores' materialised status timelines when
    # they apply (default lifecycle policy, the timelines' calendar, fully known on
    # as_of), with the task's brief, in one query; the tasks they cannot replay, or every
    # task otherwise, are replayed here.  A periodic duty's occurrences within its
    # horizon have segments of their own (key, title, and the previous occurrence's due
    # date, where their reminders start).
    targets: list[_Target] = []
    replay_ids: list[str] | None = None
    if ((lifecycle_policy is None or lifecycle_policy == LifecyclePolicy())
            and timeline_applies(calendar, as_of)):
        phases = [p.value for p in TaskPhase if _remindable(p, policy)]
        for row in store.remindable_rows(as_of, phases=phases):
            start = row.assigned_on if row.occurrence_start is None else max(
                row.occurrence_start, row.assigned_on)
            run.add(targets, row.task_id, row.directive_id, row.content, row.tags,
                    _PHASE_OF[row.phase], row.current_due, row.original_due,
                    row.lead_unit, row.coordinating_units, start,
                    None if row.occurrence is None
                    else (row.occurrence, row.occurrence_title))
        # The tasks without materialised status on as_of (a log that does not replay, a
        # periodic duty past its horizon).
        replay_ids = store.unreplayable_task_ids(as_of)
    tasks = [] if replay_ids == [] else [
        t for t in store.get_tasks(None if replay_ids is None else TaskQuery(ids=replay_ids))
        if t.assigned_on <= as_of and t.due_date is not None]
    # The whole logs: replay cuts them at as_of, and reads the terms at assignment back
    # through term changes recorded later.
    events = store.get_events_for([t.id for t in tasks])
    quarantined = 0
    for task in tasks:
        if not is_periodic(task, events[task.id]):
            state = replay_or_problem(task, events[task.id], calendar=calendar,
                                      policy=lifecycle_policy, as_of=as_of)
            if isinstance(state, HistoryProblem):
                quarantined += 1  # logged by replay_or_problem; the others go on
                continue
            run.add(targets, task.id, task.directive_id, task.content, task.tags,
                    state.phase, state.current_due, state.original_due, state.lead_unit,
                    state.coordinating_units, task.assigned_on, None)
            continue
        # A periodic duty: each occurrence up to as_of (and the next) is reminded on its
        # own, from the previous occurrence's due date (or the assignment) to its own.
        judged = occurrences_or_problem(task, events[task.id], calendar=calendar,
                                        policy=lifecycle_policy, as_of=as_of)
        if isinstance(judged, HistoryProblem):
            quarantined += 1
            continue
        start = task.assigned_on
        for occ, st in judged:
            run.add(targets, task.id, task.directive_id, task.content, task.tags, st.phase,
                    st.current_due, st.original_due, st.lead_unit, st.coordinating_units,
                    max(start, task.assigned_on), (occ.key, occ.title_vi))
            start = occ.due
    recorded = _recorded_for(store, targets) if targets else {}
    targets.sort(key=_ORDER)  # (field 0, read in C: 1.5 million keys on a large day)
    due = [t for t in targets
           if (prev := recorded.get((t.subject, t.code, t.level_value))) is None
           or prev < t.slot.date]
    if quarantined:
        _log.warning("reminders for %s: %d task(s) quarantined (their stored history is "
                     "refused by the lifecycle; see `directive-tracker check`), the other "
                     "task(s) were scheduled", as_of, quarantined)
    return run.builder.build, due


def _remindable(phase: TaskPhase, policy: ReminderPolicy) -> bool:
    """Whether a task in *phase* is reminded: open and not paused; in review only with
    ``policy.remind_in_review``."""
    if phase in (TaskPhase.COMPLETED, TaskPhase.CANCELLED, TaskPhase.REFUSED,
                 TaskPhase.PAUSED):
        return False
    return phase is not TaskPhase.IN_REVIEW or policy.remind_in_review


@functools.lru_cache(maxsize=64)
def _up_the_ladder(steps: tuple[EscalationStep, ...]) -> tuple[EscalationStep, ...]:
    """The escalation steps in the order of the ladder (sorted once per policy)."""
    return tuple(sorted(steps, key=lambda s: _LADDER.index(s.level)))


_PHASE_OF = {p.value: p for p in TaskPhase}


#: Per level: (its rank in the answer's order, its value, its labels in vi and en).
_LEVEL_INFO = {lv: (i, lv.value, lv.label_vi, lv.label_en) for i, lv in enumerate(
    (RecipientLevel.LEAD_UNIT, *_LADDER, RecipientLevel.COORDINATING_UNIT))}


class _Target(NamedTuple):
    """One (task or occurrence, recipient, level) whose latest slot is on or before
    *as_of*: a reminder unless the outbox already holds that slot or a later one."""

    order: tuple[str, str, int, str]
    subject: str
    prefix: str  # "reminder:<task>:<recipient>:<level>:", its key's start
    level_value: str
    task_id: str
    directive_id: str
    content: str
    original_due: date | None
    lead: str
    code: str
    level: RecipientLevel
    slot: _Slot
    due: date
    leader: tuple[str, tuple[str, str]] | None
    occurrence: str | None


_ORDER = operator.itemgetter(0)  # _Target.order


class _Run:
    """
    One run of :func:`reminders_due`: the slots of each task (computed once per
    distinct due date and start), its recipients (successors looked up once per unit)
    and the :class:`_Builder` of the reminders.
    """

    def __init__(self, *, as_of: date, policy: ReminderPolicy, reg: UnitRegistry,
                 calendar: WorkingCalendar, directory: Directory | None) -> None:
        self.as_of, self.policy, self.reg = as_of, policy, reg
        self.calendar, self.directory = calendar, directory
        self.builder = _Builder(as_of=as_of, policy=policy, reg=reg, calendar=calendar)
        self._slots: dict[tuple[date, date], tuple[_Slot | None, _Slot | None, int]] = {}
        self._units: dict[str, str] = {}
        self._steps = _up_the_ladder(policy.escalation)

    def _unit(self, code: str) -> str:
        """The unit that answers for *code* on *as_of* (its successor after a merger)."""
        out = self._units.get(code)
        if out is None:
            reg = self.reg
            out = self._units[code] = (reg.successor_of(code, self.as_of) if code in reg
                                       else code)
        return out

    def add(self, targets: list[_Target], task_id: str, directive_id: str, content: str,
            tags: tuple[str, ...], phase: TaskPhase, due: date | None,
            original_due: date | None, lead_unit: str, coordinating_units: tuple[str, ...],
            start: date, occurrence: tuple[str, str] | None) -> None:
        """Append to *targets* those of one task (or one occurrence: (key, title)) on
        *as_of*, given its phase, current and original due dates, lead and coordinating
        units on *as_of* (from its status timeline or a replay)."""
        policy = self.policy
        if due is None or not _remindable(phase, policy):
            return
        slots = self._slots.get((due, start))
        if slots is None:
            latest, overdue = _slots(due, self.as_of, start, policy, self.calendar)
            n_late = 0 if overdue is None else int(overdue.label.split(":")[1])
            slots = self._slots[due, start] = (latest, overdue, n_late)
        latest, overdue, n_late = slots
        if latest is None:
            return
        occ = None if occurrence is None else occurrence[0]
        subject = _subject(task_id, occ)
        if occurrence is not None:
            content = f"{occurrence[1]}: {content}"
        lead = self._unit(lead_unit)
        pending: list[tuple[RecipientLevel, str, _Slot]] = [
            (RecipientLevel.LEAD_UNIT, lead, latest)]
        leader = None  # the Vice-Chairman in charge, for the top step (with a directory)
        if overdue is not None:
            for step in self._steps:
                if n_late >= step.after_working_days_late:
                    level = step.level
                    if level is RecipientLevel.UNIT_HEAD:
                        code = lead
                    elif level is RecipientLevel.OFFICE_LEADERSHIP:
                        code = policy.office_recipient
                    else:
                        leader = (None if self.directory is None else
                                  _leader_in_charge(self.directory, task_id, tags, lead))
                        code = policy.chairman_recipient if leader is None else leader[0]
                    pending.append((level, code, overdue))
        if policy.include_coordinating:
            coords = {self._unit(c) for c in coordinating_units} - {lead}
            pending.extend((RecipientLevel.COORDINATING_UNIT, c, latest)
                           for c in sorted(coords))
        key_task = f"{KEY_PREFIX}{task_id}:"
        sort_occ = occ or ""
        for level, code, slot in pending:
            rank, value, _, _ = _LEVEL_INFO[level]
            targets.append(_Target(
                (task_id, sort_occ, rank, code), subject, f"{key_task}{code}:{value}:",
                value, task_id, directive_id, content, original_due, lead, code, level,
                slot, due, leader if level is RecipientLevel.CHAIRMAN else None, occ))


def manual_reminder(store: Store, calendar_: WorkingCalendar | str | None = None, /,
                    *legacy: Any, task_id: str | None = None,
                    calendar: WorkingCalendar | None = None, as_of: date | None = None,
                    reminder_policy: ReminderPolicy | None = None,
                    level: RecipientLevel = RecipientLevel.LEAD_UNIT,
                    recipient: str | None = None, registry: UnitRegistry | None = None,
                    lifecycle_policy: LifecyclePolicy | None = None,
                    policy: ReminderPolicy | None = _UNSET,
                    directory: Directory | None = None) -> Reminder:
    """
    Return a reminder an officer decides to send now (nhắc việc thủ công), outside the
    schedule.

    The reminder is rendered like a scheduled one for *as_of* (before the due date,
    on it, or overdue) with the slot ``"manual"`` dated *as_of*; deliver it with
    :func:`send_reminders`.  Its key names the task, recipient, level and day, so a second
    manual reminder to the same recipient on the same day is a duplicate (not sent
    twice), and once recorded it stands for that day's scheduled slot, which
    :func:`reminders_due` then does not repeat.

    Call it as ``manual_reminder(store, calendar, task_id, *, as_of,
    reminder_policy=...)``, the shape of the task use cases of
    :mod:`directive_tracker.services`.  The 0.1 form ``manual_reminder(store, task_id,
    as_of, policy, calendar)`` (recognised by a task id in second place) and the keyword
    ``policy=`` still work and warn with
    :class:`~directive_tracker.exceptions.DirectiveTrackerDeprecationWarning`.

    Args:
        store: the store.
        calendar: the working-day calendar (default ``vietnam_calendar()``).
        task_id: the task (third positional argument, or keyword).
        as_of: the day of the reminder (events recorded on or before it are used).
        reminder_policy: the :class:`ReminderPolicy` (templates and the office's and
            chairman's recipients); default ``ReminderPolicy()``.
        level: who is reminded: the lead unit (default), its head, the office's
            leadership, the chairman, or a coordinating unit.
        recipient: for ``COORDINATING_UNIT``, which coordinating unit (required when the
            task has several); ignored for the other levels.
        registry: units and successions (default: built from the store).
        lifecycle_policy: the lifecycle policy the events were recorded under.
        directory: the users; when given, the ``CHAIRMAN`` level goes to the
            Vice-Chairman in charge of the task, as in :func:`reminders_due`.

    Returns:
        The :class:`Reminder`.

    Raises:
        InvalidTypeError: an argument of the wrong type.
        TaskNotFoundError: no such task.
        ValidationError: the task is not open on *as_of* (completed, cancelled, refused,
            not yet assigned) or has no due date, or *recipient* is not one of its
            coordinating units.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``(store, calendar, task_id, *, as_of, reminder_policy)``; the old order is
       deprecated.
    """
    from ._validators import check_identifier

    rpol = _reminder_policy("manual_reminder", reminder_policy, policy)
    if isinstance(calendar_, str):  # the deprecated (store, task_id, as_of, policy, calendar)
        legacy = (calendar_, *legacy)
        _legacy_warning("manual_reminder", "the argument order (store, task_id, as_of, "
                                           "policy, calendar) is deprecated since 0.2.0; call "
                                           "manual_reminder(store, calendar, task_id, *, "
                                           "as_of=..., reminder_policy=...)")
        calendar_ = None
        if len(legacy) > 4:
            raise TypeError("manual_reminder() takes at most 5 positional arguments in the "
                            f"deprecated form, got {len(legacy) + 1}")
        names = ("task_id", "as_of", "reminder_policy", "calendar")
        given: dict[str, Any] = {"task_id": task_id, "as_of": as_of, "reminder_policy": rpol,
                 "calendar": calendar}
        for name, value in zip(names, legacy, strict=False):
            if given[name] is not None:
                raise TypeError(f"manual_reminder() got {name} both by position and by "
                                "keyword")
            given[name] = value
        task_id, as_of = given["task_id"], given["as_of"]
        rpol, calendar = given["reminder_policy"], given["calendar"]
    else:
        if len(legacy) > 1:
            raise TypeError("manual_reminder() takes store, calendar and task_id by "
                            "position; the rest by keyword")
        if legacy:
            if task_id is not None:
                raise TypeError("manual_reminder() got task_id both by position and by "
                                "keyword")
            task_id = legacy[0]
        if calendar_ is not None:
            if calendar is not None:
                raise TypeError("manual_reminder() got calendar both by position and by "
                                "keyword")
            calendar = calendar_
    as_of, policy, calendar = _check_run_args(store, as_of, rpol, calendar)
    _check_directory(directory)
    if not isinstance(level, RecipientLevel):
        raise InvalidTypeError("level", level, "a RecipientLevel")
    task = store.get_task(check_identifier(task_id, "task_id"))
    if task.assigned_on > as_of:
        raise ValidationError(f"task {task.id!r} is assigned on {task.assigned_on}, after "
                              f"{as_of}", task_id=task.id)
    state = fold(task, store.get_events(task.id), calendar=calendar,  # cut at as_of
                 policy=lifecycle_policy, as_of=as_of)
    due = state.current_due
    if not state.is_open or due is None:
        why = "has no due date" if due is None else f"is {state.phase.label_en.lower()}"
        raise ValidationError(f"task {task.id!r} {why} on {as_of}; only open tasks with a "
                              "due date are reminded", task_id=task.id)
    reg = _registry(store, registry)
    lead = reg.successor_of(state.lead_unit, as_of) if state.lead_unit in reg \
        else state.lead_unit
    if level is RecipientLevel.COORDINATING_UNIT:
        coords = sorted({reg.successor_of(c, as_of) if c in reg else c
                         for c in state.coordinating_units} - {lead})
        if recipient is None and len(coords) == 1:
            code = coords[0]
        elif recipient is not None and check_identifier(recipient, "recipient") in coords:
            code = to_nfc(recipient)
        else:
            raise ValidationError(f"recipient must be one of the coordinating units "
                                  f"{coords} of task {task.id!r}, got {recipient!r}",
                                  task_id=task.id)
    else:
        code = {RecipientLevel.LEAD_UNIT: lead, RecipientLevel.UNIT_HEAD: lead,
                RecipientLevel.OFFICE_LEADERSHIP: policy.office_recipient,
                RecipientLevel.CHAIRMAN: policy.chairman_recipient}[level]
    leader = (_leader_in_charge(directory, task.id, task.tags, lead)
              if level is RecipientLevel.CHAIRMAN else None)
    if leader is not None:
        code = leader[0]
    builder = _Builder(as_of=as_of, policy=policy, reg=reg, calendar=calendar)
    return builder.build(task_id=task.id, directive_id=task.directive_id,
                         content=task.content, original_due=task.due_date, lead=lead,
                         code=code, level=level, slot=_Slot(as_of, "manual"), due=due,
                         leader=leader)


#: Unit kinds that are People's Committees (UBND): a committee is headed by its
#: Chairman (Chủ tịch UBND), not a "Thủ trưởng"; a department's or agency's head is its
#: "Thủ trưởng" (Giám đốc, Chánh Thanh tra, Chánh Văn phòng).
_COMMITTEE_KINDS = frozenset({UnitKind.COMMUNE, UnitKind.DISTRICT,
                              UnitKind.PROVINCIAL_COMMITTEE})


def _head_of(reg: UnitRegistry, code: str, name: str) -> tuple[str, str]:
    """Return the (Vietnamese, English) name of the head of unit *code* named *name*."""
    kind = reg.get(code).kind if code in reg else None
    if kind in _COMMITTEE_KINDS or (kind is None and name.startswith("UBND ")):
        return f"Chủ tịch {name}", f"the Chairman of {name}"
    return f"Thủ trưởng {name}", f"the head of {name}"


def _check_directory(directory: object) -> Directory | None:
    if directory is not None and not isinstance(directory, Directory):
        raise InvalidTypeError("directory", directory, "a Directory (resolve and principals)")
    return directory


def _leader_in_charge(directory: Directory | None, task_id: str, fields: tuple[str, ...],
                      lead: str) -> tuple[str, tuple[str, str]] | None:
    """The Vice-Chairman in charge of the task, as (recipient code, (name vi, name en))."""
    users = _check_directory(directory)
    if users is None:
        return None
    context = AccessContext(task_id=task_id, lead_unit=lead, fields=fields)
    for p in leaders_in_charge(users, context):
        try:
            code = check_identifier(p.id, "recipient")
        except ValidationError:
            continue  # an id with spaces cannot address a message
        return code, ((p.name or "Phó Chủ tịch UBND tỉnh phụ trách"),
                      (p.name or "the Vice-Chairman in charge"))
    return None


class _Builder:
    """
    Builds the reminders of one day: what depends only on the due date (reason, working
    days left or late, status phrases, formatted dates), on the lead unit and level
    (the recipient's names) or on the templates (parsed once) is computed once per
    distinct value; only the task's own fields are filled per reminder.
    """

    def __init__(self, *, as_of: date, policy: ReminderPolicy, reg: UnitRegistry,
                 calendar: WorkingCalendar) -> None:
        self.as_of, self.policy, self.reg, self.calendar = as_of, policy, reg, calendar
        tpl = policy.templates
        self._fmt = {lang: {name: _compiled(table[name]) for name in TEMPLATE_NAMES}
                     for lang, table in (("vi", tpl.vi), ("en", tpl.en))}
        self._due: dict[tuple[date, str],
                        tuple[ReminderReason, int | None, int | None, dict[str, str],
                              str]] = {}
        self._names: dict[tuple[RecipientLevel, str, str], tuple[str, str, str]] = {}

    def _on(self, due: date, label: str) -> tuple[ReminderReason, int | None, int | None,
                                                  dict[str, str], str]:
        """(reason, days left, days late, the fields that depend on the due date and
        slot: due, due_iso, days, status in both languages, template) on *as_of*."""
        share = label[len(_TIME_USED):] if label.startswith(_TIME_USED) else None
        hit = self._due.get((due, share or ""))
        if hit is not None:
            return hit
        as_of, calendar = self.as_of, self.calendar
        if as_of < due:
            reason, left, late = (ReminderReason.BEFORE_DUE,
                                  calendar.working_days_between(as_of, due), None)
        elif as_of == due:
            reason, left, late = ReminderReason.ON_DUE, 0, None
        else:
            reason, left, late = (ReminderReason.OVERDUE, None,
                                  calendar.working_days_between(due, as_of))
        days = late if late is not None else left
        status: tuple[str, str]
        if reason is ReminderReason.BEFORE_DUE:
            status = (f"còn {left} ngày làm việc", f"{left} working day(s) left")
        elif reason is ReminderReason.ON_DUE:
            status = ("đến hạn hôm nay", "due today")
        else:
            status = (f"quá hạn {late} ngày làm việc", f"{late} working day(s) overdue")
        if reason is ReminderReason.BEFORE_DUE and share is not None:
            status = (f"đã qua {share}% thời hạn, {status[0]}",
                      f"{share}% of the time used, {status[1]}")
        fields = {"due": _fmt(due), "due_iso": due.isoformat(), "days": str(days),
                  "status_vi": status[0], "status_en": status[1]}
        out = self._due[due, share or ""] = (reason, left, late, fields, reason.value)
        return out

    def _names_of(self, level: RecipientLevel, lead: str, code: str
                  ) -> tuple[str, str, str]:
        """(recipient name in Vietnamese, in English, the lead unit's name)."""
        hit = self._names.get((level, lead, code))
        if hit is not None:
            return hit
        reg, policy = self.reg, self.policy
        lead_name = reg.name_of(lead)
        names: tuple[str, str]
        if level is RecipientLevel.LEAD_UNIT:
            names = (lead_name, lead_name)
        elif level is RecipientLevel.COORDINATING_UNIT:
            names = (reg.name_of(code), reg.name_of(code))
        elif level is RecipientLevel.UNIT_HEAD:
            names = _head_of(reg, lead, lead_name)
        elif level is RecipientLevel.OFFICE_LEADERSHIP:
            names = (f"Lãnh đạo {policy.office_name}",
                     f"the leadership of {policy.office_name}")
        else:  # RecipientLevel.CHAIRMAN
            names = (policy.chairman_name, policy.chairman_name)
        out = self._names[level, lead, code] = (names[0], names[1], lead_name)
        return out

    def build(self, *, task_id: str, directive_id: str, content: str,
              original_due: date | None, lead: str, code: str, level: RecipientLevel,
              slot: _Slot, due: date, leader: tuple[str, tuple[str, str]] | None = None,
              occurrence: str | None = None) -> Reminder:
        """The reminder of *slot* to *code* at *level*, rendered for *as_of*."""
        reason, left, late, on_due, template = self._on(due, slot.label)
        name_vi, name_en, lead_name = self._names_of(level, lead, code)
        if leader is not None and level is RecipientLevel.CHAIRMAN:
            name_vi, name_en = leader[1]
        if level is RecipientLevel.COORDINATING_UNIT:
            template = "coordinating"
        elif level is not RecipientLevel.LEAD_UNIT and reason is ReminderReason.OVERDUE:
            template = "escalation"
        # else: the reason's own template (a manual reminder to a head before the due
        # date too).  ReminderTemplates.render for each language, without re-parsing the
        # templates: every field of TEMPLATE_FIELDS, as text; each template's
        # placeholders are among them (ReminderTemplates checks it), so one
        # str.format_map fills it.
        _, level_value, label_vi, label_en = _LEVEL_INFO[level]
        fields: dict[str, str] = {
            "recipient_name": name_vi, "lead_name": lead_name, "task_id": task_id,
            "task_content": content, "directive_id": directive_id, "due": on_due["due"],
            "due_iso": on_due["due_iso"], "days": on_due["days"],
            "status": on_due["status_vi"], "level": label_vi}
        vi, en = self._fmt["vi"], self._fmt["en"]
        subject_vi = _fill_text(vi["subject"], fields)
        message_vi = _fill_text(vi[template], fields)
        fields["recipient_name"] = name_en
        fields["status"] = on_due["status_en"]
        fields["level"] = label_en
        subject_en = _fill_text(en["subject"], fields)
        message_en = _fill_text(en[template], fields)
        key = (f"{KEY_PREFIX}{task_id}:{code}:{level_value}:{slot.date.isoformat()}:"
               f"{slot.label}:due={on_due['due_iso']}"
               + ("" if occurrence is None else f":occurrence={occurrence}"))
        return Reminder(key=key, task_id=task_id, directive_id=directive_id,
                        task_content=content, recipient=code, recipient_name=name_vi,
                        level=level, reason=reason, slot=slot.label, slot_date=slot.date,
                        as_of=self.as_of, lead_unit=lead, due_date=due,
                        original_due=original_due, working_days_left=left,
                        working_days_late=late, subject_vi=subject_vi,
                        message_vi=message_vi, subject_en=subject_en,
                        message_en=message_en, occurrence=occurrence)


@attrs.frozen(kw_only=True)
class SendReport:
    """
    What :func:`send_reminders` did.

    Args:
        recorded: keys newly added to the outbox by this run.
        duplicates: keys given to this run that were already in the outbox.
        sent: keys delivered by this run (new ones and retries).
        failed: ``(key, error)`` for deliveries that failed in this run (they stay in
            the outbox as FAILED and are retried next run).

    .. versionadded:: 0.1.0
    """

    recorded: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()
    sent: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()


def _default_worker_id() -> str:
    """
    Return a fresh sender id: ``host:pid:random`` (one per :func:`send_reminders` run).
    """
    import os
    import socket
    import uuid

    return f"{socket.gethostname()[:100]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def send_reminders(store: Store, reminders: Iterable[Reminder], notifier: Notifier, *,
                   clock: Callable[[], datetime] = now_vn,
                   max_attempts: int | None = None, worker_id: str | None = None,
                   lease_seconds: float = 300.0, batch_size: int = 20) -> SendReport:
    """
    Record *reminders* in the outbox, then deliver every pending or failed reminder.

    Step 1 adds each reminder to the outbox (status PENDING) in one transaction; a key
    already present is left as it is (idempotent: sending the same day twice delivers
    nothing twice).  Step 2 delivers the outbox reminders that are PENDING or FAILED
    (failures of earlier runs are retried), oldest first, in batches: each batch is
    *claimed* first (:meth:`Store.claim_outbox_items`: an atomic compare-and-set to
    CLAIMED with a lease of *lease_seconds*, taken by this run's *worker_id*), then
    delivered one by one and marked SENT (``sent_at`` = ``clock()``) or FAILED
    (``last_error`` = the error) by :meth:`Store.complete_outbox_item` /
    :meth:`Store.fail_outbox_item`, which only the lease holder may do; ``attempts``
    counts every claim (delivery attempt); step 2 runs inside one ``notifier.session()``
    (one SMTP connection per run for e-mail).  A notifier that raises anything other than
    :class:`~directive_tracker.exceptions.NotificationError` is recorded the same way
    (with the exception type), so one bad message never stops the others.

    Overlapping senders (two cron jobs, eight workers) therefore deliver each reminder
    once: an item is claimed by one of them only.  A sender that dies after its claim
    (killed, machine lost) leaves CLAIMED items whose lease expires *lease_seconds*
    later; the next run retries them (a message the dead sender had already handed to
    the notifier may then go out twice: at-least-once for crashes, exactly-once
    otherwise).  An item FAILED by this run is not retried by this run, only by the next.
    Keep *lease_seconds* well above the time one batch of *batch_size* deliveries takes.

    Args:
        store: the store holding the outbox.
        reminders: what :func:`reminders_due` returned (may be empty, to only retry).
        notifier: the :class:`~directive_tracker.notifiers.Notifier`.
        clock: returns the current aware time (default: now in Asia/Ho_Chi_Minh).
        max_attempts: if given, items that already failed this many times are not
            retried (they stay FAILED, visible in the outbox); default: retry forever.
        worker_id: this run's sender id (default: ``host:pid:random``, fresh for each
            run; give a fresh one per run if you pass it).
        lease_seconds: how long a claim holds (> 0; default 300 s).
        batch_size: how many items are claimed at a time (≥ 1; default 20).

    Returns:
        A :class:`SendReport`.

    Raises:
        InvalidTypeError: an argument of the wrong type, or a clock returning a naive
            or non-datetime value.
        ValidationError: *lease_seconds*, *batch_size* or *max_attempts* out of range.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Deliveries are claimed with a lease (``worker_id``, ``lease_seconds``,
       ``batch_size``): overlapping senders no longer deliver an item twice, and a
       failing sender never turns a SENT item back into FAILED.
    """
    if not isinstance(store, Store):
        raise InvalidTypeError("store", store, "a directive_tracker.storage.Store")
    if not isinstance(notifier, Notifier):
        raise InvalidTypeError("notifier", notifier, "a directive_tracker.notifiers.Notifier")
    if isinstance(reminders, Reminder) or not isinstance(reminders, Iterable):
        raise InvalidTypeError("reminders", reminders, "an iterable of Reminder")
    items = list(reminders)
    for r in items:
        if not isinstance(r, Reminder):
            raise InvalidTypeError("reminders", r, "an iterable of Reminder")
    if not callable(clock):
        raise InvalidTypeError("clock", clock, "a callable returning an aware datetime")
    if max_attempts is not None:
        check_int(max_attempts, "max_attempts", minimum=1)
    check_int(batch_size, "batch_size", minimum=1, maximum=10_000)
    if isinstance(lease_seconds, bool) or not isinstance(lease_seconds, int | float):
        raise InvalidTypeError("lease_seconds", lease_seconds, "a number of seconds")
    if not 0 < lease_seconds <= 7 * 86400:
        raise ValidationError(f"lease_seconds must be in (0, 604800], got {lease_seconds!r}")
    from ._validators import check_identifier

    worker = _default_worker_id() if worker_id is None else check_identifier(
        worker_id, "worker_id")
    now = check_aware_datetime(clock(), "clock()")
    recorded: list[str] = []
    duplicates: list[str] = []
    with store.transaction():
        for r in items:
            added = store.add_outbox_item(OutboxItem(key=r.key, created_at=now,
                                                     payload=r.to_payload()))
            (recorded if added else duplicates).append(r.key)
    sent: list[str] = []
    failed: list[tuple[str, str]] = []
    with notifier.session():  # one batch per run (e.g. one SMTP connection)
        while True:
            batch = store.claim_outbox_items(
                worker, limit=batch_size, lease_seconds=float(lease_seconds),
                now=check_aware_datetime(clock(), "clock()"), prefix=KEY_PREFIX,
                max_attempts=max_attempts)
            if not batch:
                break
            for item in batch:
                try:
                    message = Reminder.from_payload(item.payload).to_message()
                    notifier.send(message)
                except Exception as exc:  # recorded, retried next run: never lost
                    error = f"{type(exc).__name__}: {exc}"
                    if store.fail_outbox_item(item.key, worker, error=error[:2000],
                                              now=check_aware_datetime(clock(), "clock()")):
                        failed.append((item.key, error))
                        _log.warning("reminder %s: delivery failed (attempt %d), kept in the "
                                     "outbox for the next run: %s", item.key, item.attempts,
                                     error)
                    else:
                        _log.warning("reminder %s: delivery failed after this sender's lease "
                                     "was lost; the outbox keeps the other sender's outcome: "
                                     "%s", item.key, error)
                    continue
                if store.complete_outbox_item(item.key, worker,
                                              now=check_aware_datetime(clock(), "clock()")):
                    sent.append(item.key)
                else:
                    _log.warning("reminder %s: delivered, but this sender's lease had expired "
                                 "and another sender claimed it (raise lease_seconds)",
                                 item.key)
    _log.info("reminder run: %d recorded, %d duplicates, %d sent, %d failed",
              len(recorded), len(duplicates), len(sent), len(failed))
    return SendReport(recorded=tuple(recorded), duplicates=tuple(duplicates), sent=tuple(sent),
                      failed=tuple(failed))
