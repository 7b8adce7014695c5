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

A task is a periodic duty when its deadline rule recurs (:func:`is_periodic`,
:data:`PERIODIC_RULES`): a :class:`~directive_tracker.deadlines.Recurring` rule or a
Decree 09 reporting duty stored as a :class:`~directive_tracker.deadlines.PeriodicReport`
(whose occurrences carry their data window, as a :class:`ReportingDuty`'s).  A change of
terms between a one-off deadline and a periodic one is a change of rule from its date,
the one-off deadline being a :class:`OneOff` part of the series (see that class).

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
from typing import Any, ClassVar, Final, cast

import attrs

from ._validators import check_date, check_identifier
from .calendars import WorkingCalendar, vietnam_calendar
from .deadlines import (
    DeadlineRule,
    EndOfPeriod,
    Explanation,
    FixedDate,
    PeriodicReport,
    Recurring,
)
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
    DayOfLastMonth,
    PeriodKind,
    ReportingPeriod,
    SubmissionRule,
    period_label_vi,
    submissions_between,
)
from .status import DEFAULT_DUE_SOON_DAYS, StatusKind, TaskStatus, evaluate
from .tasks import Task

__all__ = [
    "MAX_OCCURRENCES",
    "PERIODIC_RULES",
    "Occurrence",
    "OccurrenceStatus",
    "OneOff",
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

#: The deadline rules that recur (a task with one of them is a periodic duty).
PERIODIC_RULES: Final = (Recurring, PeriodicReport)

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

    @classmethod
    def of_rule(cls, unit: str, rule: PeriodicReport) -> ReportingDuty:
        """
        Return the duty of *unit* under the stored deadline rule *rule* (the same periods,
        submission day and roll; a rule's ``until`` is the series' end, not the duty's).

        Raises:
            InvalidTypeError: *rule* is not a
                :class:`~directive_tracker.deadlines.PeriodicReport`; or a bad *unit*.

        .. versionadded:: 0.2.0
        """
        if not isinstance(rule, PeriodicReport):
            raise InvalidTypeError("rule", rule, "a PeriodicReport")
        return cls(unit=unit, kind=rule.kind, submission=rule.submission, roll=rule.roll)

    def to_rule(self, *, until: date | None = None) -> PeriodicReport:
        """
        Return the storable deadline rule of this duty
        (:class:`~directive_tracker.deadlines.PeriodicReport`), to assign it as a task's
        deadline; *until* ends the series.

        Raises:
            InvalidTypeError: the submission rule is not a
                :class:`~directive_tracker.periods.DayOfLastMonth` (a rule with a calendar,
                such as ``WorkingDaysAfterCutoff``, has no stored form).

        .. versionadded:: 0.2.0
        """
        if not isinstance(self.submission, DayOfLastMonth):
            raise InvalidTypeError("submission", self.submission,
                                   "a DayOfLastMonth (the stored form of a submission rule)")
        return PeriodicReport(kind=self.kind, day=self.submission.day, roll=self.roll,
                              until=until)


@attrs.frozen(kw_only=True)
class OneOff:
    """
    The one-off part of a series whose task changed between a one-off deadline and a
    periodic one (:class:`~directive_tracker.events.TermsChanged`): it names one day, the
    recorded due date ``due`` (None: a rule without a date, which names none).

    * **One-off turned periodic** on day C: the series starts with the one-off duty,
      which is an occurrence (key: its due date in ISO form, "2026-03-31") if its due date
      is before C, as the rule in force on the named day decides every occurrence; from C
      the new rule's occurrences (named day on or after C).  A one-off deadline on or
      after C is replaced by the new rule: the events recorded without an occurrence key
      go, as always, to the series' first occurrence.
    * **Periodic turned one-off** on day C: the occurrences named before C stay (each
      judged on its own); the series ends with one more occurrence, the one-off duty due
      on ``due`` (also when that day is before C: the remaining duty does not vanish), and
      the events recorded without a key from C on belong to it.

    A one-off rule without a date (:class:`~directive_tracker.deadlines.NoDeadline`)
    names no day, so it is no occurrence: before such a task is turned periodic its
    series is empty, and the reports do not count it then.

    .. versionadded:: 0.2.0
    """

    due: date | None = attrs.field(
        validator=lambda _i, a, v: None if v is None else check_date(v, a.name))

    #: A one-off due date is recorded as computed (moved or not): never moved again.
    roll: ClassVar[bool] = False

    @property
    def key(self) -> str | None:
        """The occurrence key: the due date in ISO form, or None without a due date."""
        return None if self.due is None else self.due.isoformat()


@attrs.frozen(kw_only=True)
class RuleChange:
    """
    From ``effective`` on (inclusive), occurrences follow ``rule``.

    The rule in force on an occurrence's named due day decides it; a period that already
    has an occurrence under the previous rule keeps it (one occurrence per key).

    .. versionadded:: 0.2.0
    """

    effective: date = attrs.field(validator=lambda _i, a, v: check_date(v, a.name))
    rule: SeriesRule = attrs.field()

    @rule.validator
    def _check_rule(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _check_series_rule(attribute.name, value)


#: What a series follows for a span of time.
SeriesRule = Recurring | PeriodicReport | ReportingDuty | OneOff


def _check_series_rule(name: str, value: object) -> None:
    if not isinstance(value, Recurring | PeriodicReport | ReportingDuty | OneOff):
        raise InvalidTypeError(name, value,
                               "a Recurring, a PeriodicReport, a ReportingDuty or a OneOff")


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
        one_off: True for the one-off duty of a series whose task changed between a
            one-off deadline and a periodic one (:class:`OneOff`); its key is its due
            date ("2026-03-31").

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
    one_off: bool = False

    @property
    def title_vi(self) -> str:
        """ "Báo cáo tháng 11/2026", "Báo cáo quý IV/2026" (the label inside a sentence);
        "Nhiệm vụ hạn 31/03/2026" for a one-off duty."""
        if self.one_off:
            return f"Nhiệm vụ {self.label_vi[0].lower()}{self.label_vi[1:]}"
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


def _make(rule: SeriesRule, named: date, period: ReportingPeriod | None,
          calendar: WorkingCalendar) -> Occurrence:
    fixed = FixedDate(date=named, roll=rule.roll)
    if isinstance(rule, OneOff):  # the recorded due date, as it is
        shown = named.strftime("%d/%m/%Y")
        return Occurrence(key=named.isoformat(), label_vi=f"Hạn {shown}",
                          label_en=f"Due {shown}", period=None, window_start=None,
                          window_end=None, named_due=named, due=named, rule=fixed,
                          one_off=True)
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
    window = isinstance(rule, ReportingDuty | PeriodicReport)
    return Occurrence(key=period.key, label_vi=period.label_vi, label_en=period.label_en,
                      period=period, window_start=period.start if window else None,
                      window_end=period.end if window else None, named_due=named, due=due,
                      rule=fixed)


def _named_days(rule: SeriesRule, lo: date, hi: date
                ) -> list[tuple[date, ReportingPeriod | None]]:
    """(named due day, period) of *rule* with the named day in [lo, hi], ascending."""
    if isinstance(rule, OneOff):
        return [] if rule.due is None or not lo <= rule.due <= hi else [(rule.due, None)]
    if isinstance(rule, PeriodicReport):
        return list(rule.reports(lo, hi))
    if isinstance(rule, Recurring):
        plain = attrs.evolve(rule, roll=False)  # the named days; the roll is FixedDate's
        days = plain.occurrences(lo, hi)
        kind = _FREQ_KIND.get(rule.freq)
        return [(d, None if kind is None else ReportingPeriod.containing_calendar(d, kind))
                for d in days]
    return list(submissions_between(rule.kind, rule.submission, lo, hi))


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

    rule: SeriesRule = attrs.field()
    start: date = attrs.field(validator=lambda _i, a, v: check_date(v, a.name))
    end: date | None = attrs.field(default=None, validator=_check_optional_date)
    changes: tuple[RuleChange, ...] = attrs.field(default=(), validator=_check_changes)

    @rule.validator
    def _check_rule(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _check_series_rule(attribute.name, value)

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
        Return the series of *task*, whose deadline must recur (a ``Recurring`` or a
        ``PeriodicReport`` rule, :data:`PERIODIC_RULES`); *end* defaults to the rule's
        ``until`` ("…, đến hết năm 2027"), None when open-ended.

        Raises:
            InvalidTypeError: *task* is not a Task, or its deadline does not recur.

        .. versionadded:: 0.2.0
        .. versionchanged:: 0.2.0 also a ``PeriodicReport`` (Decree 09/2019 duty).
        """
        if not isinstance(task, Task):
            raise InvalidTypeError("task", task, "a Task")
        if not isinstance(task.deadline, PERIODIC_RULES):
            raise InvalidTypeError("task.deadline", task.deadline,
                                   "a Recurring or PeriodicReport rule")
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

    def rule_on(self, d: date) -> SeriesRule:
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
        named: list[tuple[date, ReportingPeriod | None, SeriesRule]] = []
        seen: set[str] = set()
        for n, ((lo, hi), rule) in enumerate(zip(spans, rules, strict=True)):
            if isinstance(rule, OneOff):
                # One recorded day, however far: at the start of the series it is an
                # occurrence if due before the change (the rule in force on its day);
                # after a change it is the remaining duty, also if due before the change.
                due = rule.due
                if (due is not None and (n > 0 or lo <= due) and (hi is None or due <= hi)
                        and rule.key not in seen):
                    seen.add(cast(str, rule.key))
                    named.append((due, None, rule))
                continue
            # The next occurrence after as_of lies within about a year (+ a roll).
            # (date.max when that is past year 9999: no OverflowError, issue 17 item 7.)
            top = as_of + timedelta(days=400) if as_of <= _LAST_AS_OF else date.max
            # Past the calendar's last day every occurrence is refused (DateOutOfRange
            # in _make, at the first one): no need to list a named day beyond the one
            # after it, within a year (a yearly duty to 9999 took 93 ms to list).
            edge = max(lo, cal.last_date)
            if edge <= _LAST_AS_OF:
                top = min(top, edge + timedelta(days=400))
            if hi is not None:
                top = min(top, hi)
            if self.end is not None:
                top = min(top, self.end)
            if top < lo:
                continue
            # Two years at a time, and no further than the loop below looks (MAX + 1
            # occurrences): an as_of in year 9999 costs no more than one in 2027.
            chunk = lo
            while chunk <= top and len(named) <= MAX_OCCURRENCES + 1:
                chunk_end = top if (top - chunk).days <= 731 else chunk + timedelta(days=731)
                for day, period in _named_days(rule, chunk, chunk_end):
                    key = _key(day, period)
                    if key not in seen:  # one occurrence per key: the earlier rule keeps it
                        seen.add(key)
                        named.append((day, period, rule))
                if chunk_end >= date.max:
                    break
                chunk = chunk_end + timedelta(days=1)
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
        #: The key of the one-off duty a periodic series was turned into, from that change
        #: on (the events without a key belong to it), else None.
        once: str | None = None
        for ev in events:
            if not isinstance(ev, TaskEvent):
                raise InvalidTypeError("events", ev, "an iterable of TaskEvent")
            if isinstance(ev, TermsChanged):
                self.terms.append(ev)
            if ev.on > as_of:
                continue
            if isinstance(ev, TermsChanged) and ev.new_deadline is not None:
                if isinstance(ev.new_deadline, PERIODIC_RULES):
                    once = None
                elif isinstance(ev.previous_deadline, PERIODIC_RULES) or once is not None:
                    once = OneOff(due=ev.new_due).key
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
                if key is None and once is not None:
                    key = once  # the one-off duty after a periodic series (OneOff)
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
        the rule in force last.  A one-off deadline (at assignment or set by a change) is
        a :class:`OneOff` part of the series.

        Raises:
            InvalidTypeError: the task's deadline never recurs (neither now, at
                assignment, nor by a change in its log).
        """
        if not is_periodic(task, self.terms):
            raise InvalidTypeError("task.deadline", task.deadline,
                                   "a Recurring or PeriodicReport rule")
        first = self.initial(task)
        rule: SeriesRule = (first.deadline if isinstance(first.deadline, PERIODIC_RULES)
                            else OneOff(due=first.due_date))
        changes = _distinct(tuple(
            RuleChange(effective=max(c.effective, first.anchor), rule=c.rule)
            for c in _rule_changes(self)))
        last = changes[-1] if changes else RuleChange(effective=first.anchor, rule=rule)
        end: date | None
        if isinstance(last.rule, OneOff):
            # The series ends with the one-off duty: on its day, or the day before the
            # change that made it (whichever is later), so no earlier occurrence is cut.
            end = max(first.anchor, last.effective - timedelta(days=1),
                      last.rule.due or first.anchor)
        else:
            end = last.rule.until if isinstance(last.rule, PERIODIC_RULES) else None
        return Series(rule=rule, start=first.anchor, changes=changes, end=end)


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
        if ev.on > log.as_of or ev.new_deadline is None:
            continue
        # Two changes on one day: the later one is in force from that day.  A one-off
        # deadline is its recorded due date (OneOff).
        rule: SeriesRule = (ev.new_deadline if isinstance(ev.new_deadline, PERIODIC_RULES)
                            else OneOff(due=ev.new_due))
        out[ev.on] = RuleChange(effective=ev.on, rule=rule)
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


def is_periodic(task: Task, events: Iterable[TaskEvent] = ()) -> bool:
    """
    Whether *task* is a periodic duty, judged per occurrence: its deadline recurs (a
    :class:`~directive_tracker.deadlines.Recurring` or a
    :class:`~directive_tracker.deadlines.PeriodicReport` rule, :data:`PERIODIC_RULES`),
    or, with its log *events*, a :class:`~directive_tracker.events.TermsChanged` changed
    it from or to such a rule (a periodic duty turned one-off keeps its occurrences: see
    :class:`OneOff`).  The one test of periodicity in the library.

    .. versionadded:: 0.2.0
    .. versionchanged:: 0.2.0 a ``PeriodicReport``; the *events* argument.
    """
    if not isinstance(task, Task):
        return False
    if isinstance(task.deadline, PERIODIC_RULES):
        return True
    return any(isinstance(ev, TermsChanged)
               and (isinstance(ev.new_deadline, PERIODIC_RULES)
                    or isinstance(ev.previous_deadline, PERIODIC_RULES))
               for ev in events)


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
    series = _LogIndex(events, as_of, None).series_of(task)
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
        series = log.series_of(task)
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
    series = log.series_of(task)  # as occurrence_states: a duty turned one-off too
    return series.occurrences(as_of, calendar=calendar.as_known_on(as_of),
                              cancelled_on=_cancelled_on(log.events, as_of))
