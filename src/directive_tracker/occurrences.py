# SPDX-License-Identifier: MIT
"""
Periodic duties judged per occurrence: "báo cáo trước ngày 20 hằng tháng", the quarterly,
six-month, nine-month and annual reports of Decree 09/2019/NĐ-CP, weekly briefings.

A task whose deadline recurs is a **series** of **occurrences**.  Each occurrence is one
period's duty ("Báo cáo tháng 11/2026") with

* a stable ``key`` ("2026-11", "2026-Q4", "2026-H1", "2026-9M", "2026", weekly
  "2026-W45"; :attr:`directive_tracker.periods.ReportingPeriod.key`);
* its period label ("Tháng 11/2026", "Quý IV/2026": the one wording of
  :func:`directive_tracker.periods.period_label_vi`);
* for a Decree 09 reporting duty (:class:`ReportingDuty`) its **data window** (the
  cut-off dates of Decree 09/2019 Art 12, both inclusive);
* its due date, computed by the library's deadline rules: the named day is a
  :class:`~directive_tracker.deadlines.FixedDate` with the duty's ``roll`` policy, so a
  named day that is a day off **stays as named** unless the duty says "nếu trùng ngày
  nghỉ thì chuyển sang ngày làm việc tiếp theo" (Civil Code Art 148(5) moves the last day
  of a *counted* period; a named calendar day is a point in time, see
  :class:`~directive_tracker.deadlines.FixedDate` and domain brief §10 "Art 144 / 148(5)
  reading").  The monthly report due on the 20th is due Fri 20/02/2026, in the Tết break
  14/02–22/02/2026; with ``roll=True`` it is due Mon 23/02/2026.

Occurrences exist up to the as-of date, plus the next one (never an unbounded list): see
:meth:`Series.occurrences`.

Each occurrence is judged **on its own** (:func:`judge_occurrence`): the task's log is
split into *series events* (assignment, acceptance, refusal, transfer, cancellation) and
*occurrence events* (progress, extension request and decision, pause and resumption,
submission for review, return, completion), and each occurrence replays the series events
plus its own through :func:`directive_tracker.lifecycle.start` / ``apply`` with the task's
due date set to the occurrence's, then :func:`directive_tracker.status.evaluate` judges it.
So January done late is "Đã hoàn thành quá hạn" while February, done on time, is "Đã hoàn
thành đúng hạn", and an overdue occurrence never blocks or colours a later one.

Which occurrence an event belongs to is given by ``occurrence_of(event)`` (default: the
event's ``occurrence`` attribute if it has one, else None).  An occurrence event without a
key belongs to the **first** occurrence, the one whose due date ``task.due_date`` holds:
a log written before series existed is judged exactly as before for that occurrence.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any, Final

import attrs

from ._validators import check_date, check_identifier
from .calendars import WorkingCalendar, vietnam_calendar
from .deadlines import DeadlineRule, EndOfPeriod, Explanation, FixedDate, Recurring
from .events import (
    DeadlineRecomputed,
    TaskAccepted,
    TaskAssigned,
    TaskCancelled,
    TaskEvent,
    TaskRefused,
    TaskTransferred,
    TermsChanged,
)
from .exceptions import InvalidTransitionError, InvalidTypeError, ValidationError
from .lifecycle import LifecyclePolicy, TaskState, apply, initial_terms, start
from .periods import (
    ARTICLE_13,
    PeriodKind,
    ReportingPeriod,
    SubmissionRule,
    period_label_vi,
)
from .status import DEFAULT_DUE_SOON_DAYS, StatusKind, TaskStatus, evaluate
from .tasks import Task

__all__ = [
    "MAX_OCCURRENCES",
    "Occurrence",
    "OccurrenceStatus",
    "ReportingDuty",
    "RuleChange",
    "Series",
    "SeriesView",
    "existing_occurrences",
    "find_occurrence",
    "is_periodic",
    "judge_occurrence",
    "nearest_keys",
    "occurrence_state",
    "occurrence_states",
    "series_of",
    "series_view",
]

#: Most occurrences one call lists (about 20 years of weekly duties); a longer span is
#: refused rather than cut.
MAX_OCCURRENCES = 1100

#: Events that belong to the whole series, never to one occurrence.  A change of terms
#: (content, lead, coordinating units) applies, like a transfer, to every occurrence still
#: open on its date; its deadline part is a :class:`RuleChange` of the series instead.
_SERIES_EVENTS = (TaskAssigned, TaskAccepted, TaskRefused, TaskTransferred, TaskCancelled,
                  TermsChanged)
_FREQ_KIND = {"monthly": PeriodKind.MONTH, "quarterly": PeriodKind.QUARTER,
              "half_yearly": PeriodKind.HALF_YEAR, "yearly": PeriodKind.YEAR}
_KIND_VI = {PeriodKind.MONTH: "tháng", PeriodKind.QUARTER: "quý",
            PeriodKind.HALF_YEAR: "6 tháng", PeriodKind.NINE_MONTHS: "9 tháng",
            PeriodKind.YEAR: "năm"}


# --------------------------------------------------------------------------- duties


def _check_kind(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, PeriodKind):
        raise InvalidTypeError(attribute.name, value, "a PeriodKind")


def _check_submission(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, SubmissionRule):
        raise InvalidTypeError(attribute.name, value, "a SubmissionRule (due_date(period))")


def _check_bool(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError(attribute.name, value, "a bool")


def _check_unit(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_identifier(value, attribute.name)


@attrs.frozen(kw_only=True)
class ReportingDuty:
    """
    "Unit X reports to the People's Committee monthly / quarterly / six-monthly /
    nine-monthly / yearly" under Decree 09/2019/NĐ-CP.

    Each period of ``kind`` is one occurrence: its data window is the period's cut-off
    window (Art 12: monthly 15th of the previous month → 14th; quý I 15/12 → 14/03; H1
    15/12 → 14/06; nine months 15/12 → 14/09; year 15/12 → 14/12, both ends inclusive)
    and its due date is ``submission.due_date(period)``: by default
    :data:`~directive_tracker.periods.ARTICLE_13`, the 25th of the period's last month;
    a province's own rule is any :class:`~directive_tracker.periods.SubmissionRule`,
    e.g. ``DayOfLastMonth.parse("trước ngày 20 của tháng cuối kỳ")`` or
    ``WorkingDaysAfterCutoff(days=2, calendar=...)``.

    Args:
        unit: the reporting unit's code.
        kind: the :class:`~directive_tracker.periods.PeriodKind` of the reports.
        submission: the submission rule (default Art 13).
        roll: False (default): a submission day that is a day off stays as named (a
            named calendar day, as :class:`~directive_tracker.deadlines.FixedDate`);
            True moves it to the next working day (Civil Code Art 148(5) by analogy).

    Raises:
        InvalidTypeError, ValidationError: a field has the wrong type or value.

    .. versionadded:: 0.2.0
    """

    unit: str = attrs.field(validator=_check_unit)
    kind: PeriodKind = attrs.field(validator=_check_kind)
    submission: SubmissionRule = attrs.field(default=ARTICLE_13, validator=_check_submission)
    roll: bool = attrs.field(default=False, validator=_check_bool)

    @property
    def label_vi(self) -> str:
        """ "SNV báo cáo định kỳ hằng quý" (the duty in words)."""
        return f"{self.unit} báo cáo định kỳ {_KIND_VI[self.kind]}"


@attrs.frozen(kw_only=True)
class RuleChange:
    """
    From ``effective`` on (inclusive), occurrences follow ``rule``.

    The rule in force on an occurrence's named due day decides it; a period that already
    has an occurrence under the previous rule keeps it (one occurrence per key).

    .. versionadded:: 0.2.0
    """

    effective: date = attrs.field(validator=lambda _i, a, v: check_date(v, a.name))
    rule: Recurring | ReportingDuty = attrs.field()

    @rule.validator
    def _check_rule(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Recurring | ReportingDuty):
            raise InvalidTypeError(attribute.name, value, "a Recurring or a ReportingDuty")


# --------------------------------------------------------------------------- occurrences


@attrs.frozen(kw_only=True)
class Occurrence:
    """
    One occurrence of a periodic duty.

    Attributes:
        key: stable key ("2026-11", "2026-Q4", "2026-W45", …).
        label_vi: the period ("Tháng 11/2026", "Quý IV/2026", "Tuần 45/2026").
        label_en: the period in English ("November 2026", "Q4 2026", "Week 45 of 2026").
        period: the :class:`~directive_tracker.periods.ReportingPeriod` (None for weekly).
        window_start: first day of the data window (inclusive), for a
            :class:`ReportingDuty`; else None.
        window_end: last day of the data window (inclusive), or None.
        named_due: the day the rule names, before any move to a working day.
        due: the due date (inclusive): ``FixedDate(date=named_due, roll=...)``.
        rule: that :class:`~directive_tracker.deadlines.FixedDate`, for
            :meth:`explain`.

    .. versionadded:: 0.2.0
    """

    key: str
    label_vi: str
    label_en: str
    period: ReportingPeriod | None
    window_start: date | None
    window_end: date | None
    named_due: date
    due: date
    rule: FixedDate

    @property
    def title_vi(self) -> str:
        """ "Báo cáo tháng 11/2026", "Báo cáo quý IV/2026" (the label inside a sentence)."""
        if self.period is None:
            return f"Báo cáo {self.label_vi[0].lower()}{self.label_vi[1:]}"
        return "Báo cáo " + period_label_vi(self.period.kind, self.period.index,
                                            self.period.year, capitalised=False)

    def explain(self, calendar: WorkingCalendar | None = None) -> Explanation:
        """Return the :class:`~directive_tracker.deadlines.Explanation` of :attr:`due`."""
        return self.rule.explain(self.named_due, calendar)


def _key(named: date, period: ReportingPeriod | None) -> str:
    """The occurrence key: the period's, or the ISO week of the named day (weekly)."""
    if period is not None:
        return period.key
    year, week, _ = named.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _make(rule: Recurring | ReportingDuty, named: date, period: ReportingPeriod | None,
          calendar: WorkingCalendar) -> Occurrence:
    fixed = FixedDate(date=named, roll=rule.roll)
    if rule.roll:
        due = fixed.due_date(named, calendar)
        assert due is not None
    else:  # FixedDate(roll=False).due_date is the named day itself (checked in range)
        calendar.is_working_day(named)  # raises DateOutOfRangeError out of range
        due = named
    if period is None:  # weekly: the ISO week of the named day
        year, week, _ = named.isocalendar()
        return Occurrence(key=_key(named, None), label_vi=f"Tuần {week}/{year}",
                          label_en=f"Week {week} of {year}", period=None, window_start=None,
                          window_end=None, named_due=named, due=due, rule=fixed)
    window = isinstance(rule, ReportingDuty)
    return Occurrence(key=period.key, label_vi=period.label_vi, label_en=period.label_en,
                      period=period, window_start=period.start if window else None,
                      window_end=period.end if window else None, named_due=named, due=due,
                      rule=fixed)


def _named_days(rule: Recurring | ReportingDuty, lo: date, hi: date
                ) -> list[tuple[date, ReportingPeriod | None]]:
    """(named due day, period) of *rule* with the named day in [lo, hi], ascending."""
    if isinstance(rule, Recurring):
        plain = attrs.evolve(rule, roll=False)  # the named days; the roll is FixedDate's
        days = plain.occurrences(lo, hi)
        kind = _FREQ_KIND.get(rule.freq)
        return [(d, None if kind is None else ReportingPeriod.containing_calendar(d, kind))
                for d in days]
    out: list[tuple[date, ReportingPeriod | None]] = []
    # Start a few periods early: a rule such as WorkingDaysAfterCutoff names a day after
    # the period's calendar end.
    if rule.kind is PeriodKind.NINE_MONTHS:
        period = ReportingPeriod.nine_months(lo.year)
    else:
        period = ReportingPeriod.containing_calendar(lo, rule.kind)
    for _ in range(2):
        period = period.previous()
    while True:
        named = period.submission_due(rule.submission)
        if named > hi and period.calendar_start > hi:
            return out
        if lo <= named <= hi:
            out.append((named, period))
        period = period.next()


# --------------------------------------------------------------------------- the series


#: The last *as_of* that still has 400 days after it within ``datetime.date``.
_LAST_AS_OF: Final = date.max - timedelta(days=400)


def _check_changes(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(c, RuleChange) for c in value):
        raise InvalidTypeError(attribute.name, value, "a tuple of RuleChange")
    dates = [c.effective for c in value]
    if dates != sorted(set(dates)):
        raise ValidationError("rule changes must have distinct dates in ascending order",
                              param_name=attribute.name, value=value)


def _check_optional_date(_inst: object, attribute: attrs.Attribute[Any],
                         value: object) -> None:
    if value is not None:
        check_date(value, attribute.name)


@attrs.frozen(kw_only=True)
class Series:
    """
    The occurrences of a periodic duty: a rule, a start, an optional end and changes of
    rule from a date.

    Args:
        rule: the rule at the start: a :class:`~directive_tracker.deadlines.Recurring`
            or a :class:`ReportingDuty`.
        start: the first day (inclusive) a named due day may fall on: for a task, its
            anchor (``Recurring.due_date(anchor)`` is the first occurrence on or after
            the anchor, so the first occurrence's due date is ``task.due_date``).
        end: the last day (inclusive) a named due day may fall on ("đến hết năm 2027"
            → 31/12/2027, see :meth:`until`), or None for an open series.
        changes: :class:`RuleChange` s in ascending, distinct ``effective`` order,
            none before *start*.

    Raises:
        InvalidTypeError, ValidationError: a field has the wrong type or value, *end* is
            before *start* or a change is before *start*.

    .. versionadded:: 0.2.0
    """

    rule: Recurring | ReportingDuty = attrs.field()
    start: date = attrs.field(validator=lambda _i, a, v: check_date(v, a.name))
    end: date | None = attrs.field(default=None, validator=_check_optional_date)
    changes: tuple[RuleChange, ...] = attrs.field(default=(), validator=_check_changes)

    @rule.validator
    def _check_rule(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Recurring | ReportingDuty):
            raise InvalidTypeError(attribute.name, value, "a Recurring or a ReportingDuty")

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValidationError(f"the series ends on {self.end}, before its start "
                                  f"{self.start}", param_name="end", value=self.end)
        if self.changes and self.changes[0].effective < self.start:
            raise ValidationError("a rule change before the start of the series",
                                  param_name="changes", value=self.changes[0].effective)

    @classmethod
    def of_task(cls, task: Task, *, end: date | None = None,
                changes: Sequence[RuleChange] = ()) -> Series:
        """
        Return the series of *task*, whose deadline must be a ``Recurring`` rule; *end*
        defaults to the rule's ``until`` ("…, đến hết năm 2027"), None when open-ended.

        Raises:
            InvalidTypeError: *task* is not a Task, or its deadline does not recur.

        .. versionadded:: 0.2.0
        """
        if not isinstance(task, Task):
            raise InvalidTypeError("task", task, "a Task")
        if not isinstance(task.deadline, Recurring):
            raise InvalidTypeError("task.deadline", task.deadline, "a Recurring rule")
        if end is None:
            end = task.deadline.until
        return cls(rule=task.deadline, start=task.anchor, end=end,
                   changes=tuple(c for c in changes))

    @staticmethod
    def until(text: str, start: date, calendar: WorkingCalendar | None = None) -> date:
        """
        Read the end of a series, "đến hết năm 2027" → 31/12/2027, with the deadline
        parser (:func:`~directive_tracker.phrases.parse_deadline`): the phrase must name
        the end of a period or a date.

        Raises:
            InvalidTypeError: *text* is not a ``str`` or *start* not a date.
            DeadlinePhraseError: the phrase is not a period end or a date.

        .. versionadded:: 0.2.0
        """
        from .exceptions import DeadlinePhraseError
        from .phrases import parse_deadline

        if not isinstance(text, str):
            raise InvalidTypeError("text", text, "a str")
        check_date(start, "start")
        words = text.strip()
        for prefix in ("đến", "den", "tới", "toi"):
            if words.casefold().startswith(prefix + " "):
                words = words[len(prefix) + 1:]
                break
        rule: DeadlineRule = parse_deadline(words)
        if not isinstance(rule, EndOfPeriod | FixedDate):
            raise DeadlinePhraseError(text, "the end of a series: 'đến hết năm 2027' or "
                                            "'đến ngày 31/12/2027'")
        due = rule.due_date(start, calendar)
        assert due is not None
        return due

    def rule_on(self, d: date) -> Recurring | ReportingDuty:
        """The rule in force on *d* (the last change effective on or before it)."""
        rule = self.rule
        for change in self.changes:
            if change.effective <= d:
                rule = change.rule
        return rule

    def occurrences(self, as_of: date, *, calendar: WorkingCalendar | None = None,
                    cancelled_on: date | None = None) -> tuple[Occurrence, ...]:
        """
        Return every occurrence whose named due day is in [start, as_of], plus the next
        one (the first after *as_of*), ascending; never more.

        An occurrence whose named day is after :attr:`end` does not exist.  With
        *cancelled_on* (the rest of the series cancelled that day) no occurrence after the
        first one whose due date is on or after *cancelled_on* exists.

        Raises:
            InvalidTypeError: *as_of* is not a date.
            ValidationError: more than :data:`MAX_OCCURRENCES` occurrences.

        .. versionadded:: 0.2.0
        """
        check_date(as_of, "as_of")
        cal = vietnam_calendar() if calendar is None else calendar
        if not isinstance(cal, WorkingCalendar):
            raise InvalidTypeError("calendar", calendar, "a WorkingCalendar or None")
        if cancelled_on is not None:
            check_date(cancelled_on, "cancelled_on")
        # Memoised: a report asks for the same series (same rule and start) of many tasks
        # on one date.  The key holds the calendar's id and the value the calendar itself,
        # so the id cannot be reused while the entry lives.
        key = (self, as_of, cancelled_on, id(cal))
        hit = _OCCURRENCES.get(key)
        if hit is not None and hit[0] is cal:
            return hit[1]
        result = self._occurrences(as_of, cal, cancelled_on)
        if len(_OCCURRENCES) >= _CACHE_SIZE:
            _OCCURRENCES.clear()
        _OCCURRENCES[key] = (cal, result)
        return result

    def _occurrences(self, as_of: date, cal: WorkingCalendar, cancelled_on: date | None
                     ) -> tuple[Occurrence, ...]:
        bounds = [c.effective for c in self.changes]
        spans = list(zip([self.start, *bounds],
                         [*(b - timedelta(days=1) for b in bounds), None], strict=True))
        rules = [self.rule, *(c.rule for c in self.changes)]
        named: list[tuple[date, ReportingPeriod | None, Recurring | ReportingDuty]] = []
        seen: set[str] = set()
        for (lo, hi), rule in zip(spans, rules, strict=True):
            # The next occurrence after as_of lies within about a year (+ a roll).
            # (date.max when that is past year 9999: no OverflowError, issue 17 item 7.)
            top = as_of + timedelta(days=400) if as_of <= _LAST_AS_OF else date.max
            if hi is not None:
                top = min(top, hi)
            if self.end is not None:
                top = min(top, self.end)
            if top < lo:
                continue
            for day, period in _named_days(rule, lo, top):
                key = _key(day, period)
                if key not in seen:  # one occurrence per key: the earlier rule keeps it
                    seen.add(key)
                    named.append((day, period, rule))
        named.sort(key=lambda item: item[0])
        kept: list[Occurrence] = []
        for day, period, rule in named:
            occ = _make(rule, day, period, cal)
            kept.append(occ)
            if cancelled_on is not None and occ.due >= cancelled_on:
                break
            if occ.named_due > as_of:
                break
            if len(kept) > MAX_OCCURRENCES:
                raise ValidationError(f"more than {MAX_OCCURRENCES} occurrences up to "
                                      f"{as_of}", param_name="as_of", value=as_of)
        return tuple(kept)


_CACHE_SIZE = 1024
_OCCURRENCES: dict[tuple[Series, date, date | None, int],
                   tuple[WorkingCalendar, tuple[Occurrence, ...]]] = {}


# --------------------------------------------------------------------------- judging


def _default_key(event: TaskEvent) -> str | None:
    key = getattr(event, "occurrence", None)
    return key if isinstance(key, str) else None


def judge_occurrence(task: Task, events: Iterable[TaskEvent], occurrence: Occurrence, *,
                     as_of: date, calendar: WorkingCalendar,
                     first_key: str | None = None,
                     occurrence_of: Callable[[TaskEvent], str | None] | None = None,
                     policy: LifecyclePolicy | None = None,
                     due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> TaskStatus:
    """
    Return the status on *as_of* of one occurrence of *task*'s series.

    The occurrence replays the series events (assignment, acceptance, refusal, transfer,
    cancellation) and its own occurrence events, recorded on or before *as_of*, with the
    task's due date set to ``occurrence.due``; the result is judged by
    :func:`directive_tracker.status.evaluate`, the library's one definition of status.
    A series event that comes after the occurrence has closed (a transfer after it was
    completed) does not apply to it; a cancellation applies only to an occurrence whose
    due date is on or after the cancellation day (an occurrence already due stays judged
    as it was: cancelling the rest of a series does not excuse a late report).

    Args:
        task: the task (its ``deadline`` recurs).
        events: the task's whole log, in recorded order.
        occurrence: the occurrence to judge.
        as_of: the date to judge on.
        calendar: the working-day calendar.
        first_key: the key of the series' first occurrence; occurrence events without a
            key belong to it (default: *occurrence*'s own key only if its due date is
            ``task.due_date``).
        occurrence_of: returns the occurrence key of an event (default: its
            ``occurrence`` attribute, if any).
        policy: the lifecycle policy; due_soon_days: the "due soon" window.

    Raises:
        InvalidTypeError, ValidationError, InvalidTransitionError: as
            :func:`directive_tracker.status.evaluate_status`.

    .. versionadded:: 0.2.0
    """
    calendar, first_key, log = _occurrence_args(task, occurrence, events, as_of, calendar,
                                                first_key, occurrence_of)
    return _judge(task, log, occurrence, first_key=first_key, as_of=as_of,
                  calendar=calendar, policy=policy, due_soon_days=due_soon_days)


def _occurrence_args(task: Task, occurrence: Occurrence, events: Iterable[TaskEvent],
                     as_of: date, calendar: WorkingCalendar, first_key: str | None,
                     occurrence_of: Callable[[TaskEvent], str | None] | None
                     ) -> tuple[WorkingCalendar, str | None, _LogIndex]:
    """The checked arguments of :func:`judge_occurrence` and :func:`occurrence_state`:
    the calendar as known on *as_of*, the first occurrence's key, the indexed log."""
    if not isinstance(task, Task):
        raise InvalidTypeError("task", task, "a Task")
    if not isinstance(occurrence, Occurrence):
        raise InvalidTypeError("occurrence", occurrence, "an Occurrence")
    check_date(as_of, "as_of")
    if not isinstance(calendar, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar")
    if first_key is None and occurrence.due == task.due_date:
        first_key = occurrence.key
    return (calendar.as_known_on(as_of), first_key,
            _LogIndex(events, as_of, occurrence_of))


class _LogIndex:
    """A task's log up to as_of, split once into series events and events per key."""

    def __init__(self, events: Iterable[TaskEvent], as_of: date,
                 occurrence_of: Callable[[TaskEvent], str | None] | None) -> None:
        if isinstance(events, TaskEvent | str | bytes) or not isinstance(events, Iterable):
            raise InvalidTypeError("events", events, "an iterable of TaskEvent")
        key_of = _default_key if occurrence_of is None else occurrence_of
        self.as_of = as_of
        self.events: list[TaskEvent] = []
        self.series: list[int] = []
        #: Every change of terms, also after as_of (the task holds the current terms).
        self.terms: list[TermsChanged] = []
        #: occurrence key -> positions; None: events without a key (the first occurrence's).
        self.by_key: dict[str | None, list[int]] = {}
        for ev in events:
            if not isinstance(ev, TaskEvent):
                raise InvalidTypeError("events", ev, "an iterable of TaskEvent")
            if isinstance(ev, TermsChanged):
                self.terms.append(ev)
            if ev.on > as_of:
                continue
            if isinstance(ev, TermsChanged) and ev.new_deadline is not None:
                stripped = _without_deadline(ev)  # the series' rule change, not a due date
                if stripped is None:
                    continue
                ev = stripped
            i = len(self.events)
            self.events.append(ev)
            if isinstance(ev, _SERIES_EVENTS):
                self.series.append(i)
            else:
                key = None if isinstance(ev, DeadlineRecomputed) else key_of(ev)
                self.by_key.setdefault(key, []).append(i)
        #: How many leading series events may be replayed once for every occurrence:
        #: those before the first cancellation (whose effect depends on the due date).
        #: A change of terms applies only to occurrences still open: it ends the prefix too.
        self.shared = next((n for n, i in enumerate(self.series)
                            if isinstance(self.events[i], TaskCancelled | TermsChanged)),
                           len(self.series))
        #: n -> the state after the first n series events, replayed with the task itself.
        self.prefix: dict[int, TaskState] = {}
        self._initial: tuple[Task, Task] | None = None

    def initial(self, task: Task) -> Task:
        """*task* with its terms at assignment (the stored task holds the current ones)."""
        if self._initial is None or self._initial[0] is not task:
            self._initial = (task, initial_terms(task, self.terms))
        return self._initial[1]

    def series_of(self, task: Task) -> Series:
        """The series of *task*: its rule at assignment, changed by each change of terms
        recorded by as_of from its date (:class:`RuleChange`), ending at the ``until`` of
        the rule in force last."""
        first = self.initial(task)
        if not isinstance(first.deadline, Recurring):  # made periodic by a change
            return Series.of_task(task)
        changes = tuple(RuleChange(effective=max(c.effective, first.anchor), rule=c.rule)
                        for c in _rule_changes(self))
        last = changes[-1].rule if changes else first.deadline
        return Series(rule=first.deadline, start=first.anchor, changes=_distinct(changes),
                      end=last.until if isinstance(last, Recurring) else None)


def _without_deadline(ev: TermsChanged) -> TermsChanged | None:
    """*ev* without its deadline pair (None when it changed only the deadline)."""
    if (ev.new_content, ev.new_lead_unit, ev.new_coordinating_units) == (None, None, None):
        return None
    return attrs.evolve(ev, previous_deadline=None, new_deadline=None, previous_due=None,
                        new_due=None)


def _rule_changes(log: _LogIndex) -> tuple[RuleChange, ...]:
    """The deadline changes recorded by *as_of* as rule changes from their dates."""
    out: dict[date, RuleChange] = {}
    for ev in log.terms:
        if ev.on <= log.as_of and isinstance(ev.new_deadline, Recurring):
            # Two changes on one day: the later one is in force from that day.
            out[ev.on] = RuleChange(effective=ev.on, rule=ev.new_deadline)
    return tuple(out[d] for d in sorted(out))


def _distinct(changes: tuple[RuleChange, ...]) -> tuple[RuleChange, ...]:
    """Keep the last change of each effective day (clamped to the series' start)."""
    out: dict[date, RuleChange] = {}
    for c in changes:
        out[c.effective] = c
    return tuple(out[d] for d in sorted(out))


def _judge(task: Task, log: _LogIndex, occurrence: Occurrence, *, first_key: str | None,
           as_of: date, calendar: WorkingCalendar, policy: LifecyclePolicy | None,
           due_soon_days: int) -> TaskStatus:
    state = _state(task, log, occurrence, first_key=first_key, as_of=as_of,
                   calendar=calendar, policy=policy)
    return evaluate(state, as_of=as_of, calendar=calendar, due_soon_days=due_soon_days)


_TASK_FIELDS = tuple(f.name for f in attrs.fields(Task))
_set = object.__setattr__


def _with_due(task: Task, due: date) -> Task:
    """*task* with ``due_date`` = *due* (both already validated; no re-validation)."""
    new = object.__new__(Task)
    for name in _TASK_FIELDS:
        _set(new, name, getattr(task, name))
    _set(new, "due_date", due)
    return new


_STATE_FIELDS = tuple(f.name for f in attrs.fields(TaskState))


def _series_prefix(task: Task, log: _LogIndex, n: int, calendar: WorkingCalendar,
                   policy: LifecyclePolicy | None) -> TaskState:
    """The state after the first *n* series events (no cancellation among them)."""
    state: TaskState | None = None
    for i in log.series[:n]:
        ev = log.events[i]
        if state is None:
            state = start(task, ev)  # type: ignore[arg-type]  # refuses a non-assignment
        elif state.phase.is_open:
            state = apply(state, ev, calendar=calendar, policy=policy)
    assert state is not None
    return state


def _retarget(state: TaskState, task: Task) -> TaskState:
    """*state* for *task* (same log, another due date): the due dates set by ``start``."""
    new = object.__new__(TaskState)
    for name in _STATE_FIELDS:
        _set(new, name, getattr(state, name))
    _set(new, "task", task)
    _set(new, "original_due", task.due_date)
    _set(new, "current_due", task.due_date)
    return new


def _state(task: Task, log: _LogIndex, occurrence: Occurrence, *, first_key: str | None,
           as_of: date, calendar: WorkingCalendar, policy: LifecyclePolicy | None
           ) -> TaskState:
    # The task with the occurrence's due date.  Built without attrs.evolve: every other
    # field is the validated task's and the due date a validated occurrence's, and
    # re-validating the content once per occurrence dominated the reports' cost.  The
    # replay starts from the terms at assignment (each change of terms is replayed).
    task = log.initial(task)
    derived = _with_due(task, occurrence.due)
    state: TaskState | None = None
    own = log.by_key.get(occurrence.key, [])
    if occurrence.key == first_key and None in log.by_key:
        own = sorted(own + log.by_key[None])
    # The leading series events (assignment, acceptance, transfers before this
    # occurrence's first own event) do not depend on the due date: replay them once for
    # the whole series and give the state this occurrence's task and due date.
    series = log.series
    n = min(log.shared, bisect.bisect_left(series, own[0]) if own else len(series))
    if n >= 1:
        base = log.prefix.get(n)
        if base is None:
            base = _series_prefix(task, log, n, calendar, policy)
            log.prefix[n] = base
        state = _retarget(base, derived)
    rest = series[n:]
    positions = sorted(rest + own) if rest and own else (rest or own)
    for i in positions:
        ev = log.events[i]
        if state is None:
            state = start(derived, ev)  # type: ignore[arg-type]  # refuses a non-assignment
            continue
        if isinstance(ev, _SERIES_EVENTS):
            if not state.phase.is_open:
                continue  # e.g. a transfer after this occurrence was completed
            if isinstance(ev, TaskCancelled) and occurrence.due < ev.on:
                continue  # the occurrence was already due: cancelling the rest spares it
        state = apply(state, ev, calendar=calendar, policy=policy)
    if state is None:
        raise ValidationError(f"task {task.id!r} has no events on or before {as_of}",
                              task_id=task.id)
    return state


# --------------------------------------------------------------------------- lookups


def is_periodic(task: Task) -> bool:
    """
    Whether *task* is a periodic duty: its deadline is a
    :class:`~directive_tracker.deadlines.Recurring` rule, so it has occurrences.

    .. versionadded:: 0.2.0
    """
    return isinstance(task, Task) and isinstance(task.deadline, Recurring)


def series_of(task: Task, events: Iterable[TaskEvent] = (), *,
              as_of: date | None = None) -> Series:
    """
    Return the :class:`Series` of a periodic *task* (``Series.of_task``): its rule from
    its anchor, up to the rule's ``until`` (open-ended without one); the rest of the
    series ends with a :class:`~directive_tracker.events.TaskCancelled`.

    With *events* (the task's log), the series starts with the rule at assignment and
    each :class:`~directive_tracker.events.TermsChanged` of the deadline recorded by
    *as_of* (default: every one) is a :class:`RuleChange` from its date.

    Raises:
        InvalidTypeError: *task* is not a periodic Task, an event not a TaskEvent.

    .. versionadded:: 0.2.0
    """
    if as_of is not None:
        check_date(as_of, "as_of")
    log = _LogIndex(events, date.max if as_of is None else as_of, None)
    if not log.terms:
        return Series.of_task(task)
    if not isinstance(task, Task):
        raise InvalidTypeError("task", task, "a Task")
    return log.series_of(task)


def nearest_keys(key: str, keys: Sequence[str], limit: int = 3) -> tuple[str, ...]:
    """
    Return up to *limit* of *keys* nearest to *key* in key order (the keys of one
    series share a form, so they sort in time), alternating from the nearest earlier
    key to the nearest later one.

    >>> nearest_keys("2026-13", ["2026-10", "2026-11", "2026-12", "2027-01"])
    ('2026-12', '2027-01', '2026-11')

    .. versionadded:: 0.2.0
    """
    ordered = sorted(set(keys))
    if not ordered:
        return ()
    import bisect

    i = bisect.bisect_left(ordered, key)
    lo, hi = i - 1, i
    out: list[str] = []
    while len(out) < limit and (lo >= 0 or hi < len(ordered)):
        if lo >= 0 and (hi >= len(ordered) or len(out) % 2 == 0):
            out.append(ordered[lo])
            lo -= 1
        else:
            out.append(ordered[hi])
            hi += 1
    return tuple(out)


def _cancelled_on(events: Iterable[TaskEvent], as_of: date) -> date | None:
    for ev in events:
        if isinstance(ev, TaskCancelled) and ev.on <= as_of:
            return ev.on
    return None


def find_occurrence(task: Task, events: Sequence[TaskEvent], key: str, *, as_of: date,
                    calendar: WorkingCalendar) -> tuple[Occurrence, str | None]:
    """
    Return the occurrence of *task*'s series with *key* that exists on *as_of* (one whose
    named day is on or before *as_of*, or the next one), and the key of the series' first
    occurrence (whose events may carry no key).

    Raises:
        InvalidTypeError: *task* is not a periodic Task, or *key* not a str.
        ValidationError: no such occurrence on *as_of* (a key of another form, a period
            before the series or beyond the next occurrence, or after a cancellation
            ended the series); ``code`` is ``"unknown_occurrence"`` and ``suggestions``
            holds the nearest valid keys, also named in the message.

    .. versionadded:: 0.2.0
    """
    if not isinstance(key, str):
        raise InvalidTypeError("occurrence", key, "an occurrence key (str)")
    series = _LogIndex(events, as_of, None).series_of(task) if is_periodic(task) \
        else series_of(task)
    occs = series.occurrences(as_of, calendar=calendar,
                              cancelled_on=_cancelled_on(events, as_of))
    first = occs[0].key if occs else None
    for occ in occs:
        if occ.key == key:
            return occ, first
    near = nearest_keys(key, [o.key for o in occs])
    raise ValidationError(
        f"task {task.id!r} has no occurrence {key!r} on {as_of}; nearest valid keys: "
        f"{', '.join(near) or 'none'}", code="unknown_occurrence", task_id=task.id,
        param_name="occurrence", value=key, suggestions=near)


def occurrence_state(task: Task, events: Iterable[TaskEvent], occurrence: Occurrence, *,
                     as_of: date, calendar: WorkingCalendar, first_key: str | None = None,
                     occurrence_of: Callable[[TaskEvent], str | None] | None = None,
                     policy: LifecyclePolicy | None = None) -> TaskState:
    """
    Return the lifecycle state on *as_of* of one occurrence: the series events and the
    occurrence's own events replayed with the due date set to ``occurrence.due`` (as
    :func:`judge_occurrence`, which evaluates this state).

    Raises:
        As :func:`judge_occurrence`.

    .. versionadded:: 0.2.0
    """
    calendar, first_key, log = _occurrence_args(task, occurrence, events, as_of, calendar,
                                                first_key, occurrence_of)
    return _state(task, log, occurrence, first_key=first_key, as_of=as_of,
                  calendar=calendar, policy=policy)


@attrs.frozen(kw_only=True)
class OccurrenceStatus:
    """An occurrence and its status on the view's date."""

    occurrence: Occurrence
    status: TaskStatus


@attrs.frozen(kw_only=True)
class SeriesView:
    """
    Every occurrence of a series up to ``as_of`` (plus the next) with its status.

    Attributes:
        as_of: the date of the view.
        items: the occurrences, ascending.
        judged: occurrences completed, or overdue (due date passed) on ``as_of``;
            cancelled and refused ones are not judged.
        on_time: of those, the ones completed by their current due date.

    .. versionadded:: 0.2.0
    """

    as_of: date
    items: tuple[OccurrenceStatus, ...]
    #: The series' last day (:attr:`Series.end`), or None when open-ended.
    end: date | None = None

    @property
    def ended(self) -> bool:
        """Whether the series has ended on :attr:`as_of` (its end is before it): no
        occurrence comes after the last item."""
        return self.end is not None and self.end < self.as_of

    @property
    def judged(self) -> int:
        """Completed or overdue occurrences (the on-time rate's denominator)."""
        return sum(1 for i in self.items if i.status.kind in _JUDGED)

    @property
    def on_time(self) -> int:
        """Occurrences completed on time (vs the current due date)."""
        return sum(1 for i in self.items if i.status.kind is StatusKind.COMPLETED_ON_TIME)

    @property
    def on_time_rate(self) -> float | None:
        """``on_time / judged``, or None when nothing is judged yet."""
        return None if self.judged == 0 else self.on_time / self.judged


_JUDGED = (StatusKind.COMPLETED_ON_TIME, StatusKind.COMPLETED_LATE, StatusKind.OVERDUE)


def series_view(task: Task, events: Sequence[TaskEvent], series: Series, *, as_of: date,
                calendar: WorkingCalendar,
                occurrence_of: Callable[[TaskEvent], str | None] | None = None,
                policy: LifecyclePolicy | None = None,
                due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> SeriesView:
    """
    Return the :class:`SeriesView` of *task* on *as_of*: each occurrence of *series*
    (:meth:`Series.occurrences`, ending at a :class:`~directive_tracker.events.TaskCancelled`
    recorded by *as_of*) judged by :func:`judge_occurrence`.

    Raises:
        As :func:`judge_occurrence` and :meth:`Series.occurrences`.

    .. versionadded:: 0.2.0
    """
    if not isinstance(series, Series):
        raise InvalidTypeError("series", series, "a Series")
    check_date(as_of, "as_of")
    if not isinstance(task, Task):
        raise InvalidTypeError("task", task, "a Task")
    if not isinstance(calendar, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar")
    states = occurrence_states(task, events, as_of=as_of, calendar=calendar, policy=policy,
                               occurrence_of=occurrence_of, series=series)
    calendar = calendar.as_known_on(as_of)
    items = tuple(OccurrenceStatus(occurrence=o, status=evaluate(
        state, as_of=as_of, calendar=calendar, due_soon_days=due_soon_days))
        for o, state in states)
    return SeriesView(as_of=as_of, items=items, end=series.end)


def occurrence_states(task: Task, events: Iterable[TaskEvent], *, as_of: date,
                      calendar: WorkingCalendar, policy: LifecyclePolicy | None = None,
                      occurrence_of: Callable[[TaskEvent], str | None] | None = None,
                      series: Series | None = None
                      ) -> tuple[tuple[Occurrence, TaskState], ...]:
    """
    Return each occurrence of periodic *task*'s series on *as_of* (up to *as_of* plus
    the next, ending at a cancellation, as :func:`series_view`) with its lifecycle state
    (:func:`occurrence_state`): what reports and reminders count, one item per
    occurrence.  *series* defaults to :func:`series_of` (*task*).

    Raises:
        InvalidTypeError: *task* is not a periodic Task (see :func:`is_periodic`).
        ValidationError, InvalidTransitionError: as :func:`judge_occurrence`; an
            InvalidTransitionError has an ``occurrence`` attribute, the key of the
            occurrence whose replay refused an event.

    .. versionadded:: 0.2.0
    """
    check_date(as_of, "as_of")
    if not isinstance(calendar, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar")
    calendar = calendar.as_known_on(as_of)
    log = _LogIndex(events, as_of, occurrence_of)
    if series is None:
        series = log.series_of(task) if is_periodic(task) else series_of(task)
    cancelled = _cancelled_on(log.events, as_of)
    occs = series.occurrences(as_of, calendar=calendar, cancelled_on=cancelled)
    first_key = occs[0].key if occs else None
    out: list[tuple[Occurrence, TaskState]] = []
    for o in occs:
        try:
            out.append((o, _state(task, log, o, first_key=first_key, as_of=as_of,
                                  calendar=calendar, policy=policy)))
        except InvalidTransitionError as exc:
            exc.occurrence = o.key  # type: ignore[attr-defined]  # which one refused it
            raise
    return tuple(out)


def existing_occurrences(task: Task, events: Iterable[TaskEvent], *, as_of: date,
                         calendar: WorkingCalendar) -> tuple[Occurrence, ...]:
    """
    Return the occurrences of periodic *task* that exist on *as_of*, those
    :func:`occurrence_states` judges: every occurrence of its series (its rule and rule
    changes recorded by *as_of*) up to *as_of*, plus the next one, ending at a
    cancellation recorded by *as_of*.  (For a store's materialised timeline, which
    judges only the occurrences an event concerns on a given day.)

    Raises:
        InvalidTypeError, ValidationError: as :func:`occurrence_states`.

    .. versionadded:: 0.2.0
    """
    check_date(as_of, "as_of")
    if not isinstance(calendar, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar")
    log = _LogIndex(events, as_of, None)
    series = log.series_of(task) if is_periodic(task) else series_of(task)
    return series.occurrences(as_of, calendar=calendar.as_known_on(as_of),
                              cancelled_on=_cancelled_on(log.events, as_of))
