# SPDX-License-Identifier: MIT
"""
Deadline rules: turn what a directive says ("trong 10 ngày làm việc", "quý III/2024",
"trước ngày 20 hằng tháng", "thường xuyên") into exact due dates, with an explanation a
clerk can paste into a report.

Every rule is an immutable value object deriving from :class:`DeadlineRule`:

* :class:`FixedDate` — a named calendar day ("hạn 15/5/2024");
* :class:`WorkingDays` — N working days after the anchor;
* :class:`CalendarPeriod` — N days / weeks / months / years per Civil Code 2015 Arts 147–148;
* :class:`EndOfPeriod` — the last day of a month, quarter, half-year, 9 months or year
  (Civil Code Art 146);
* :class:`Recurring` — a due day repeating weekly / monthly / quarterly / half-yearly / yearly
  (``dateutil.rrule``);
* :class:`PeriodicReport` — a reporting duty of Decree 09/2019/NĐ-CP: each month, quarter,
  half-year, nine months or year is a report with its data window (Art 12) and its
  submission day (Art 13, or a province's own "trước ngày 20 của tháng cuối kỳ");
* :class:`NoDeadline` — ongoing ("thường xuyên") or no time limit ("không thời hạn").

Conventions shared by all rules:

* The *anchor* is the date the deadline counts from (usually the day the directive was
  signed or received).  Following Civil Code Art 147(2) the anchor itself is never counted.
  Rules counted from an anchor (:class:`WorkingDays`, :class:`CalendarPeriod`) record in
  ``counted_from`` (a :class:`CountedFrom`) *which* event the text names ("kể từ ngày ký",
  "kể từ ngày nhận được văn bản"), so the caller can pick the matching date; the rule's
  arithmetic still takes the anchor date it is given.
* A due date is **inclusive**: the work is on time if finished on or before it (the period
  ends at 24:00 of that day, Art 148(6)).
* ``calendar`` defaults to :func:`directive_tracker.calendars.vietnam_calendar`.
* ``to_dict()`` / :func:`rule_from_dict` give a small JSON-safe form with a ``"kind"`` key;
  ``to_text()`` gives canonical Vietnamese that
  :func:`directive_tracker.phrases.parse_deadline` reads back to an equal rule.

Policy switches (where law or practice leaves a choice) are explicit fields, documented on
each class, never hidden defaults.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import abc
import calendar as _stdcal
import datetime as _dt
import enum
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Literal, cast

import attrs
from dateutil import rrule
from dateutil.relativedelta import relativedelta

from ._names import WEEKDAY_NAMES_EN, WEEKDAY_NAMES_VI
from ._validators import check_date
from .exceptions import (
    DirectiveTrackerError,
    InvalidDeadlineError,
    InvalidTypeError,
)
from .periods import (
    DayOfLastMonth,
    PeriodKind,
    ReportingPeriod,
    period_label_vi,
    submissions_between,
)

if TYPE_CHECKING:
    from .calendars import WorkingCalendar

__all__ = [
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
    "rule_from_dict",
]

#: Earliest and latest years a deadline rule may name (the parser enforces the same range).
MIN_YEAR = 1995
MAX_YEAR = 2099

#: Default due day of a recurring report when the text names none: the 25th of the
#: period's last month, Decree 09/2019/NĐ-CP Art 13 (ministries and provincial People's
#: Committees report to the Government by the 25th of the last month of the period).
DEFAULT_REPORT_DAY = 25

#: Default weekday of a weekly report (ISO numbering, 5 = Friday, "thứ Sáu"): the last
#: working day of the Monday–Friday week (QĐ 188/1999/QĐ-TTg).  A practice choice [M].
DEFAULT_WEEKDAY = 5

_ONE_DAY = timedelta(days=1)

Unit = Literal["days", "weeks", "months", "years"]
Frequency = Literal["weekly", "monthly", "quarterly", "half_yearly", "yearly"]
NoDeadlineKind = Literal["ongoing", "none"]

_UNITS: tuple[str, ...] = ("days", "weeks", "months", "years")
_UNIT_VI = {"days": "ngày", "weeks": "tuần", "months": "tháng", "years": "năm"}
_UNIT_EN = {"days": "day", "weeks": "week", "months": "month", "years": "year"}
#: Largest count accepted per unit (about ten years), so results stay inside any calendar.
_UNIT_MAX = {"days": 3660, "weeks": 522, "months": 120, "years": 10}
_MAX_WORKING_DAYS = 2600
_PERIOD_INDEX_MAX = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF_YEAR: 2}
_FREQUENCIES: tuple[str, ...] = ("weekly", "monthly", "quarterly", "half_yearly", "yearly")
#: Months in one period of each frequency (the "month" field counts within the period).
_FREQ_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


# --------------------------------------------------------------------------- helpers


def _resolve_calendar(calendar: object) -> WorkingCalendar:
    from .calendars import WorkingCalendar, vietnam_calendar

    if calendar is None:
        return vietnam_calendar()
    if not isinstance(calendar, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar or None")
    return calendar


def _fmt(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _fmt_short(d: date, year: int) -> str:
    return f"{d.day:02d}/{d.month:02d}" if d.year == year else _fmt(d)


def _last_day(year: int, month: int) -> int:
    return _stdcal.monthrange(year, month)[1]


def _check_bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError(name, value, "a bool")
    return value


def _check_count(value: object, name: str, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(name, value, "an int")
    if not 1 <= value <= maximum:
        raise InvalidDeadlineError(
            f"{name} must be between 1 and {maximum} (inclusive), got {value}",
            param_name=name, value=value)
    return value


def _check_choice(value: object, name: str, choices: Sequence[str]) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError(name, value, "a str")
    if value not in choices:
        raise InvalidDeadlineError(
            f"{name} must be one of {', '.join(repr(c) for c in choices)}, got {value!r}",
            param_name=name, value=value)
    return value


def _check_year(value: object, name: str = "year") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(name, value, "an int")
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise InvalidDeadlineError(
            f"{name} must be between {MIN_YEAR} and {MAX_YEAR} (inclusive), got {value}",
            param_name=name, value=value)
    return value


def _group_days(infos: Sequence[Any], year: int, *, english: bool) -> str:
    """
    Render DayInfo records as "27–28/04 (Nghỉ cuối tuần), 29/04 (Nghỉ hoán đổi …, CV …)".

    Consecutive days of the same kind and source form one span; a span is labelled with
    the days' common reason, else with the kind's label, then the source document
    (omitted for plain weekends, whose source is always QĐ 188/1999/QĐ-TTg).
    """
    groups: list[list[Any]] = []
    for info in infos:
        if groups:
            prev = groups[-1][-1]
            if ((prev.kind, prev.source, getattr(prev, "provisional", False))
                    == (info.kind, info.source, getattr(info, "provisional", False))
                    and info.date - prev.date == _ONE_DAY):
                groups[-1].append(info)
                continue
        groups.append([info])
    parts = []
    for group in groups:
        first, last, kind = group[0].date, group[-1].date, group[0].kind
        if first == last:
            span = _fmt_short(first, year)
        elif (first.month, first.year) == (last.month, last.year):
            span = f"{first.day:02d}–{_fmt_short(last, year)}"
        else:
            span = f"{_fmt_short(first, year)}–{_fmt_short(last, year)}"
        reasons = {i.reason_en if english else i.reason_vi for i in group}
        weekend = getattr(kind, "value", None) == "weekend"
        if len(reasons) == 1 and not weekend:
            label = reasons.pop()
        else:
            label = str(kind.label_en if english else kind.label_vi)
        # A provisional day cites its basis ("dự kiến theo …"), never a bare source.
        source = group[0].source
        if getattr(group[0], "provisional", False):
            source = group[0].basis_en if english else group[0].basis_vi
        details = [label] if weekend else [r for r in (label, source) if r]
        parts.append(f"{span} ({', '.join(details)})")
    return ", ".join(parts)


def _shift(d: date, days: int) -> date:
    """Return *d* + *days*, clamped to the representable range."""
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _makeup_days(start: date, end: date, calendar: WorkingCalendar) -> list[Any]:
    """DayInfo of Saturdays/Sundays in [start, end] that the calendar makes working days."""
    out = []
    d = start
    while d <= end:
        if d.weekday() >= 5 and calendar.is_working_day(d):
            out.append(calendar.day_info(d))
        d += timedelta(days=1)
    return out


def _is_rest_day(d: date, calendar: WorkingCalendar, makeup_saturday_is_working: bool,
                 swapped_day_off_is_rest: bool = True) -> bool:
    """Return whether *d* is a day off for Civil Code Art 148(5) under the two policies."""
    if not calendar.is_working_day(d):
        return swapped_day_off_is_rest or (
            getattr(calendar.day_info(d).kind, "value", None) != "swapped_day_off")
    return not makeup_saturday_is_working and d.weekday() >= 5


def _next_working(d: date, calendar: WorkingCalendar, makeup_saturday_is_working: bool,
                  swapped_day_off_is_rest: bool = True) -> date:
    """Return *d* if it is a working day under the policies, else the next one."""
    while _is_rest_day(d, calendar, makeup_saturday_is_working, swapped_day_off_is_rest):
        d += timedelta(days=1)
    return d


#: Why a named date or period end that falls on a day off stays (the default reading).
_NAMED_DATE_VI = ("ngày do văn bản ấn định là một thời điểm, không phải ngày cuối cùng của "
                  "một thời hạn tính bằng ngày, tuần, tháng, năm, nên BLDS 2015 Điều 148 "
                  "khoản 5 không áp dụng")
_NAMED_DATE_EN = ("a date named by the document is a point in time, not the last day of a "
                  "time limit counted in days, weeks, months or years, so Civil Code 2015 "
                  "Art 148(5) does not apply")
_PERIOD_END_VI = ("cuối kỳ là thời điểm do BLDS 2015 Điều 146 xác định, không phải ngày cuối "
                  "cùng của một thời hạn được tính, nên Điều 148 khoản 5 không áp dụng")
_PERIOD_END_EN = ("the end of a named period is a point fixed by Civil Code 2015 Art 146, not "
                  "the last day of a counted time limit, so Art 148(5) does not apply")
#: Why it moves under the other reading (CalendarPolicy.fixed_date_roll / period_end_roll).
_READING_VI = (" (cách hiểu áp dụng: thời hạn là khoảng thời gian giữa hai thời điểm, "
               "BLDS 2015 Điều 144, nên ngày cuối cùng được chuyển theo Điều 148 khoản 5)")
_READING_EN = (" (the reading applied: a time limit is the span between two points, Civil "
               "Code 2015 Art 144, so its last day moves under Art 148(5))")
_READING_BACK_VI = (" (cách hiểu áp dụng: hạn phải trước ngày đã nêu nên lùi lại, không "
                    "chuyển sang sau như BLDS 2015 Điều 148 khoản 5)")
_READING_BACK_EN = (" (the reading applied: the deadline must come before the named day, so it "
                    "moves back, not forward as under Civil Code 2015 Art 148(5))")


def _no_roll_step(day: date, calendar: WorkingCalendar, why_vi: str,
                  why_en: str) -> ExplanationStep:
    """The step saying that a named day off stays the due date, and why."""
    info = calendar.day_info(day)
    kind_vi = info.reason_vi
    kind_en = info.reason_en or info.kind.label_en
    return ExplanationStep(
        text_vi=f"{_fmt(day)} là ngày nghỉ ({kind_vi}) nhưng hạn không chuyển (cách hiểu áp "
                f"dụng: {why_vi})",
        text_en=f"{_fmt(day)} is not a working day ({kind_en}) but the deadline stays (the "
                f"reading applied: {why_en})", due=day)


def _roll_steps(raw: date, rolled: date, calendar: WorkingCalendar, *,
                article: bool, backward: bool = False, reading: bool = False) -> ExplanationStep:
    lo, hi = (rolled + timedelta(days=1), raw) if backward else (raw, rolled - timedelta(days=1))
    infos = [calendar.day_info(lo + timedelta(days=i)) for i in range((hi - lo).days + 1)]
    skipped_vi = _group_days(infos, rolled.year, english=False)
    skipped_en = _group_days(infos, rolled.year, english=True)
    if backward:
        vi = (f"{_fmt(raw)} là ngày nghỉ ({skipped_vi}) → lùi về ngày làm việc liền trước "
              f"{_fmt(rolled)}{_READING_BACK_VI if reading else ''}")
        en = (f"{_fmt(raw)} is not a working day ({skipped_en}) → moved back to the previous "
              f"working day {_fmt(rolled)}{_READING_BACK_EN if reading else ''}")
    else:
        law_vi = " (BLDS 2015 Điều 148 khoản 5)" if article else ""
        law_en = " (Civil Code 2015 Art 148(5))" if article else ""
        if reading:
            law_vi, law_en = _READING_VI, _READING_EN
        vi = (f"{_fmt(raw)} là ngày nghỉ; bỏ qua {skipped_vi} → chuyển sang ngày làm việc "
              f"tiếp theo {_fmt(rolled)}{law_vi}")
        en = (f"{_fmt(raw)} is not a working day; skipping {skipped_en} → moved to the next "
              f"working day {_fmt(rolled)}{law_en}")
    return ExplanationStep(text_vi=vi, text_en=en, due=rolled)


def _final_step(due: date | None) -> ExplanationStep:
    if due is None:
        return ExplanationStep(text_vi="→ không có hạn", text_en="→ no due date", due=None)
    return ExplanationStep(text_vi=f"→ {_fmt(due)}", text_en=f"→ {_fmt(due)}", due=due)


def _provisional_step(anchor: date, due: date | None,
                      calendar: WorkingCalendar) -> list[ExplanationStep]:
    """The calendar's note when the deadline is counted over provisional days (else none).

    The interval is (*anchor*, *due*] (reversed when *due* is before *anchor*), as for
    :meth:`~directive_tracker.calendars.WorkingCalendar.provisional_note`; nothing is said
    for a bound outside the calendar's supported range.
    """
    if due is None or not (calendar.first_date <= anchor <= calendar.last_date
                           and calendar.first_date <= due <= calendar.last_date):
        return []
    note = calendar.provisional_note(anchor, due)
    if note is None:
        return []
    # The note is one sentence; "; " joins it to the next step, so drop its full stop.
    return [ExplanationStep(text_vi=note[0].rstrip("."), text_en=note[1].rstrip("."), due=due)]


def _finish(steps: list[ExplanationStep], anchor: date, due: date | None,
            calendar: WorkingCalendar | None) -> Explanation:
    """Close an explanation: the provisional-days note (if any), then "→ due"."""
    cal = _resolve_calendar(calendar)
    return Explanation(steps=(*steps, *_provisional_step(anchor, due, cal), _final_step(due)))


# --------------------------------------------------------------------------- counted from


class CountedFrom(enum.Enum):
    """
    The event a counted deadline runs from, as the directive names it.

    A period "trong 10 ngày làm việc kể từ ngày ký" and one "kể từ ngày nhận được văn bản"
    are the same arithmetic from different days; the event decides which date of the
    directive is the anchor (see :func:`directive_tracker.services.assign_task`).  The
    event day itself is not counted (Civil Code 2015 Art 147(2)–(3)).

    * ``ISSUE`` — the signing / issue date: "kể từ ngày ký", "kể từ ngày ban hành",
      "sau ngày ký".
    * ``RECEIPT`` — the day the document (or a complete, valid dossier) was received:
      "kể từ ngày nhận được văn bản", "kể từ ngày nhận đủ hồ sơ hợp lệ", "kể từ ngày nhận".
    * ``EFFECTIVE`` — the day the document takes effect: "kể từ ngày văn bản có hiệu lực".
      This is a separate event: a legal normative document takes effect no earlier than
      10 days (provincial) or 45 days (central) after signing (Law on Promulgation of Legal
      Documents 2015 Art 151), so it is never silently replaced by the issue date.
    * ``ASSIGNMENT`` — the day the task was assigned: "kể từ ngày được giao".

    A rule whose ``counted_from`` is None states no event; the caller's default anchor
    applies.

    .. versionadded:: 0.1.0
    """

    ISSUE = "issue"
    RECEIPT = "receipt"
    EFFECTIVE = "effective"
    ASSIGNMENT = "assignment"

    @property
    def phrase_vi(self) -> str:
        """The canonical Vietnamese clause, e.g. "kể từ ngày ký"."""
        return _COUNTED_FROM_TEXT[self][0]

    @property
    def label_vi(self) -> str:
        """Vietnamese name of the event, e.g. "ngày ký văn bản"."""
        return _COUNTED_FROM_TEXT[self][1]

    @property
    def label_en(self) -> str:
        """English name of the event, e.g. "the date of signing"."""
        return _COUNTED_FROM_TEXT[self][2]


_COUNTED_FROM_TEXT = {
    CountedFrom.ISSUE: ("kể từ ngày ký", "ngày ký văn bản", "the date of signing"),
    CountedFrom.RECEIPT: ("kể từ ngày nhận được văn bản", "ngày nhận được văn bản",
                          "the date of receipt"),
    CountedFrom.EFFECTIVE: ("kể từ ngày văn bản có hiệu lực", "ngày văn bản có hiệu lực",
                            "the effective date"),
    CountedFrom.ASSIGNMENT: ("kể từ ngày được giao", "ngày được giao nhiệm vụ",
                             "the date of assignment"),
}


def _validate_counted_from(_inst: object, attribute: attrs.Attribute[Any],
                           value: object) -> None:
    if value is not None and not isinstance(value, CountedFrom):
        raise InvalidTypeError(attribute.name, value, "a CountedFrom or None")


def _repr_without_unstated_event(rule: DeadlineRule) -> str:
    """attrs' repr, leaving out ``counted_from=None`` so older reprs read the same."""
    parts = [f"{a.name}={getattr(rule, a.name)!r}" for a in attrs.fields(type(rule))
             if not (a.name == "counted_from" and getattr(rule, a.name) is None)]
    return f"{type(rule).__name__}({', '.join(parts)})"


def _from_vi(anchor: date, counted_from: CountedFrom | None) -> str:
    """ "26/04/2024", or "ngày ký văn bản 26/04/2024" when the event is named."""
    return _fmt(anchor) if counted_from is None else f"{counted_from.label_vi} {_fmt(anchor)}"


def _from_en(anchor: date, counted_from: CountedFrom | None) -> str:
    """ "26/04/2024", or "the date of signing, 26/04/2024" when the event is named."""
    return _fmt(anchor) if counted_from is None else f"{counted_from.label_en}, {_fmt(anchor)}"


# --------------------------------------------------------------------------- explanation


@attrs.frozen(kw_only=True)
class ExplanationStep:
    """
    One step of a due-date computation, in Vietnamese and English.

    Attributes:
        text_vi: the step in Vietnamese (NFC), ready to paste into a report.
        text_en: the same step in English.
        due: the due date as it stands after this step (None if the rule has none).

    .. versionadded:: 0.1.0
    """

    text_vi: str
    text_en: str
    due: date | None = None


@attrs.frozen(kw_only=True)
class Explanation:
    """
    How a rule's due date was reached: the steps, in order, and the result.

    ``text_vi`` / ``text_en`` join the steps with "; " so a clerk can paste one line, e.g.
    "10 ngày làm việc kể từ 26/04/2024 …; bỏ qua 27–28/04 (Cuối tuần), …; → 14/05/2024".

    .. versionadded:: 0.1.0
    """

    steps: tuple[ExplanationStep, ...]

    @property
    def due(self) -> date | None:
        """The due date reached by the last step (None for rules without a deadline)."""
        return self.steps[-1].due if self.steps else None

    @property
    def text_vi(self) -> str:
        """The whole explanation in Vietnamese, steps joined by "; "."""
        return "; ".join(step.text_vi for step in self.steps)

    @property
    def text_en(self) -> str:
        """The whole explanation in English, steps joined by "; "."""
        return "; ".join(step.text_en for step in self.steps)


# --------------------------------------------------------------------------- base


@attrs.frozen(kw_only=True)
class DeadlineRule(abc.ABC):
    """
    Base of every deadline rule: an immutable description of *when* something is due.

    Subclasses implement :meth:`due_date`, :meth:`explain`, :meth:`to_dict`,
    :meth:`to_text` and :attr:`label_en`.  Rules compare equal when their class and
    fields are equal, and are hashable.

    .. versionadded:: 0.1.0
    """

    #: The ``"kind"`` value of :meth:`to_dict`.
    KIND: ClassVar[str] = ""

    def due_date(self, anchor: date, calendar: WorkingCalendar | None = None) -> date | None:
        """
        Return the due date (inclusive) for work counted from *anchor*.

        Args:
            anchor: the day the deadline counts from (not itself counted, Civil Code
                Art 147(2)); must be a ``date``, not a ``datetime``.
            calendar: the working calendar; None means the default Vietnamese calendar.

        Returns:
            The last day on which the work is on time, or None if the rule has no deadline.

        Raises:
            InvalidTypeError: *anchor* is not a date or *calendar* not a WorkingCalendar.
            DateOutOfRangeError: the computation leaves the calendar's supported range.

        .. versionadded:: 0.1.0
        """
        return self.explain(anchor, calendar).due

    @abc.abstractmethod
    def explain(self, anchor: date, calendar: WorkingCalendar | None = None) -> Explanation:
        """
        Return the steps that lead from *anchor* to the due date, citing the law and the
        non-working days skipped (with reasons and source documents from the calendar).

        Args and Raises are those of :meth:`due_date`.

        .. versionadded:: 0.1.0
        """
        raise NotImplementedError  # pragma: no cover

    @abc.abstractmethod
    def to_dict(self) -> dict[str, Any]:
        """
        Return a JSON-safe dict with a ``"kind"`` key; :func:`rule_from_dict` reverses it.

        .. versionadded:: 0.1.0
        """
        raise NotImplementedError  # pragma: no cover

    @abc.abstractmethod
    def to_text(self) -> str:
        """
        Return canonical Vietnamese text (NFC) that
        :func:`~directive_tracker.phrases.parse_deadline` reads back to an equal rule.

        .. versionadded:: 0.1.0
        """
        raise NotImplementedError  # pragma: no cover

    @property
    def label_vi(self) -> str:
        """Vietnamese label (the canonical text)."""
        return self.to_text()

    @property
    @abc.abstractmethod
    def label_en(self) -> str:
        """English label."""
        raise NotImplementedError  # pragma: no cover


#: Policy clauses of the canonical text (parsed back by phrases.parse_deadline).
ROLL_FORWARD_CLAUSE = "nếu trùng ngày nghỉ thì chuyển sang ngày làm việc tiếp theo"
ROLL_BACKWARD_CLAUSE = "nếu trùng ngày nghỉ thì chuyển sang ngày làm việc liền trước"
NO_ROLL_CLAUSE = "không chuyển sang ngày làm việc tiếp theo nếu trùng ngày nghỉ"
STRICT_CLAUSE = "không bao gồm ngày đó"
MAKEUP_CLAUSE = "ngày làm bù không tính là ngày làm việc"
SWAPPED_CLAUSE = "ngày nghỉ hoán đổi không tính là ngày nghỉ"


# --------------------------------------------------------------------------- rules


def _validate_date(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    d = check_date(value, attribute.name)
    _check_year(d.year, attribute.name + ".year")


def _validate_bool(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_bool(value, attribute.name)


def _validate_until(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_date(value, attribute.name)


@attrs.frozen(kw_only=True)
class FixedDate(DeadlineRule):
    """
    A deadline on a named calendar day: "hạn 15/5/2024", "trước ngày 15/5/2024".

    Policies:

    * ``strict`` (default False): "trước ngày X" is read as *by* X, inclusive, which is how
      monitoring systems record it.  ``strict=True`` takes the literal reading *before* X,
      so the due date is the day before X.
    * ``roll`` (default False): a fixed day that falls on a non-working day stays as it is.
      Civil Code Art 148(5) moves the *last day of a period* (thời hạn counted in days,
      weeks, months or years) to the next working day; a date chosen by the issuer is a
      point in time (thời điểm), not a counted period, so the Article does not reach it.
      ``roll=True`` applies Art 148(5) by analogy: forward to the next working day, or —
      with ``strict=True``, where moving forward would land on or after X — back to the
      previous working day.

    The anchor is ignored: the due date is the same whenever the work was assigned.

    >>> FixedDate(date=date(2024, 5, 15)).to_text()
    'trước ngày 15/05/2024'

    .. versionadded:: 0.1.0
    """

    KIND: ClassVar[str] = "fixed_date"

    date: _dt.date = attrs.field(validator=_validate_date)
    strict: bool = attrs.field(default=False, validator=_validate_bool)
    roll: bool = attrs.field(default=False, validator=_validate_bool)

    def explain(self, anchor: _dt.date, calendar: WorkingCalendar | None = None) -> Explanation:
        """See :meth:`DeadlineRule.explain`."""
        check_date(anchor, "anchor")
        cal = _resolve_calendar(calendar)
        due = self.date
        steps = [ExplanationStep(
            text_vi=f"Hạn cố định {_fmt(self.date)} (tính cả ngày này: thời hạn kết thúc "
                    f"vào 24 giờ ngày đó, BLDS 2015 Điều 148 khoản 6)",
            text_en=f"Fixed deadline {_fmt(self.date)} (inclusive: the time limit ends at "
                    f"24:00 that day, Civil Code 2015 Art 148(6))", due=due)]
        if self.strict:
            due = self.date - timedelta(days=1)
            steps = [ExplanationStep(
                text_vi=f"Hạn \"trước ngày {_fmt(self.date)}\", không bao gồm ngày đó (hiểu "
                        f"theo nghĩa đen của \"trước\") → ngày liền trước {_fmt(due)}",
                text_en=f"Deadline \"before {_fmt(self.date)}\", that day excluded (the "
                        f"literal reading of \"before\") → the day before, {_fmt(due)}",
                due=due)]
        if not cal.is_working_day(due):
            if self.roll:
                rolled = cal.roll_backward(due) if self.strict else cal.roll_forward(due)
                steps.append(_roll_steps(due, rolled, cal, article=False, backward=self.strict,
                                         reading=True))
                due = rolled
            else:
                steps.append(_no_roll_step(due, cal, _NAMED_DATE_VI, _NAMED_DATE_EN))
        return _finish(steps, anchor, due, cal)

    def to_dict(self) -> dict[str, Any]:
        """See :meth:`DeadlineRule.to_dict`."""
        return {"kind": self.KIND, "date": self.date.isoformat(), "strict": self.strict,
                "roll": self.roll}

    def to_text(self) -> str:
        """See :meth:`DeadlineRule.to_text`."""
        text = f"trước ngày {_fmt(self.date)}"
        if self.strict:
            text += f" ({STRICT_CLAUSE})"
        if self.roll:
            text += f" ({ROLL_BACKWARD_CLAUSE if self.strict else ROLL_FORWARD_CLAUSE})"
        return text

    @property
    def label_en(self) -> str:
        """English label."""
        text = f"before {_fmt(self.date)}" if self.strict else f"by {_fmt(self.date)}"
        if self.roll:
            text += " (moved to a working day if it falls on a day off)"
        return text


@attrs.frozen(kw_only=True, repr=False)
class WorkingDays(DeadlineRule):
    """
    N working days after the anchor ("trong 10 ngày làm việc kể từ ngày nhận được văn bản").

    The anchor is not counted (Civil Code Art 147(2)); the due date is the N-th working day
    strictly after it, ``calendar.add_working_days(anchor, n)``.  Working days are the
    calendar's: Monday–Friday (QĐ 188/1999/QĐ-TTg) minus public holidays and swapped days
    off, plus make-up Saturdays.  The result is always a working day.

    ``counted_from`` (default None, not stated) is the event the text counts from (a
    :class:`CountedFrom`); it names the anchor in the text and the explanation, and tells
    :func:`~directive_tracker.services.assign_task` which date of the directive to use.

    .. versionadded:: 0.1.0
    """

    KIND: ClassVar[str] = "working_days"

    n: int = attrs.field(validator=lambda _i, a, v: _check_count(v, a.name, _MAX_WORKING_DAYS))
    counted_from: CountedFrom | None = attrs.field(default=None,
                                                   validator=_validate_counted_from)

    def __repr__(self) -> str:
        return _repr_without_unstated_event(self)

    def due_date(self, anchor: date, calendar: WorkingCalendar | None = None) -> date:
        """See :meth:`DeadlineRule.due_date` (the date of :meth:`explain`, without
        building the explanation: bulk recomputation calls this per task)."""
        check_date(anchor, "anchor")
        return _resolve_calendar(calendar).add_working_days(anchor, self.n)

    def explain(self, anchor: date, calendar: WorkingCalendar | None = None) -> Explanation:
        """See :meth:`DeadlineRule.explain`."""
        check_date(anchor, "anchor")
        cal = _resolve_calendar(calendar)
        due = cal.add_working_days(anchor, self.n)
        steps = [ExplanationStep(
            text_vi=f"{self.n} ngày làm việc kể từ {_from_vi(anchor, self.counted_from)} "
                    f"(không tính ngày bắt đầu)",
            text_en=f"{self.n} working day{'s' if self.n != 1 else ''} from "
                    f"{_from_en(anchor, self.counted_from)} (start day not counted)", due=None)]
        off = cal.days_off(anchor + timedelta(days=1), due)
        if off:
            steps.append(ExplanationStep(
                text_vi=f"bỏ qua {_group_days(off, due.year, english=False)}",
                text_en=f"skipping {_group_days(off, due.year, english=True)}", due=None))
        makeup = _makeup_days(anchor + timedelta(days=1), due, cal)
        if makeup:
            steps.append(ExplanationStep(
                text_vi=f"tính ngày làm bù {_group_days(makeup, due.year, english=False)}",
                text_en=f"counting make-up working day "
                        f"{_group_days(makeup, due.year, english=True)}", due=None))
        return _finish(steps, anchor, due, cal)

    def to_dict(self) -> dict[str, Any]:
        """See :meth:`DeadlineRule.to_dict`."""
        data: dict[str, Any] = {"kind": self.KIND, "n": self.n}
        if self.counted_from is not None:
            data["counted_from"] = self.counted_from.value
        return data

    def to_text(self) -> str:
        """See :meth:`DeadlineRule.to_text`."""
        text = f"trong {self.n} ngày làm việc"
        if self.counted_from is not None:
            text += f" {self.counted_from.phrase_vi}"
        return text

    @property
    def label_en(self) -> str:
        """English label."""
        text = f"within {self.n} working day{'s' if self.n != 1 else ''}"
        if self.counted_from is not None:
            text += f" from {self.counted_from.label_en}"
        return text


def _validate_unit(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_choice(value, attribute.name, _UNITS)


def _validate_period_n(inst: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    unit = inst.unit if inst.unit in _UNIT_MAX else "days"
    _check_count(value, attribute.name, _UNIT_MAX[unit])


@attrs.frozen(kw_only=True, repr=False)
class CalendarPeriod(DeadlineRule):
    """
    A period of N calendar days, weeks, months or years (Civil Code 2015 Arts 147–148).

    * The anchor is not counted; counting starts the next day (Art 147(2)).
    * Days: the last day is anchor + N days (Art 148(1)); weeks: the same weekday N weeks
      later (148(2)); months: the same day N months later, or the last day of that month
      when it is shorter (148(3): 31/01 + 1 month = 28/02 or 29/02); years: the same day and
      month, 29/02 clipping to 28/02 by analogy (148(4)).  Computed with
      ``dateutil.relativedelta``.
    * ``roll_to_working_day`` (default True): when the last day is a weekend day or a public
      holiday the period ends at the end of the next working day (Art 148(5)).  Set it to
      False where a sector's practice keeps calendar-day deadlines as they fall.
    * ``makeup_saturday_is_working`` (default True): whether a make-up Saturday (worked in
      exchange for a weekday off) counts as a working day for Art 148(5).  The Code speaks
      of "ngày nghỉ cuối tuần"; for state bodies a make-up Saturday is a working day, so by
      default a period ending on one does not roll.  False treats every Saturday and Sunday
      as a weekend day (domain.md §1 open point).
    * ``swapped_day_off_is_rest`` (default True): whether a weekday off by a swap notice
      ("nghỉ hoán đổi", worked back on a Saturday) counts as a day off for Art 148(5).  It is
      neither a weekend day nor a statutory holiday in the Code's words, but state bodies are
      closed, so by default a period ending on one rolls.  False reads the Code literally:
      the swapped day is treated as a working day, both as the last day (no roll) and as
      the day a roll lands on (domain.md §1 open point).
    * ``counted_from`` (default None, not stated): the event the text counts from, as for
      :class:`WorkingDays`.

    .. versionadded:: 0.1.0
    """

    KIND: ClassVar[str] = "calendar_period"

    unit: Unit = attrs.field(default="days", validator=_validate_unit)
    n: int = attrs.field(validator=_validate_period_n)
    roll_to_working_day: bool = attrs.field(default=True, validator=_validate_bool)
    makeup_saturday_is_working: bool = attrs.field(default=True, validator=_validate_bool)
    swapped_day_off_is_rest: bool = attrs.field(default=True, validator=_validate_bool)
    counted_from: CountedFrom | None = attrs.field(default=None,
                                                   validator=_validate_counted_from)

    def __repr__(self) -> str:
        return _repr_without_unstated_event(self)

    def last_day(self, anchor: date) -> date:
        """
        Return the last day of the period before any Art 148(5) rolling.

        Args:
            anchor: the start day (not counted).

        Returns:
            anchor + N units, month ends clipped (Art 148(1)–(4)).

        Raises:
            InvalidTypeError: *anchor* is not a date.
            InvalidDeadlineError: the result would be after year 9999.

        .. versionadded:: 0.1.0
        """
        check_date(anchor, "anchor")
        try:
            if self.unit == "days":
                delta = relativedelta(days=self.n)
            elif self.unit == "weeks":
                delta = relativedelta(weeks=self.n)
            elif self.unit == "months":
                delta = relativedelta(months=self.n)
            else:
                delta = relativedelta(years=self.n)
            result: date = anchor + delta
            return result
        except (OverflowError, ValueError) as exc:
            raise InvalidDeadlineError(
                f"{self.n} {self.unit} after {anchor.isoformat()} is beyond year 9999",
                param_name="anchor", value=anchor) from exc

    def explain(self, anchor: date, calendar: WorkingCalendar | None = None) -> Explanation:
        """See :meth:`DeadlineRule.explain`."""
        last = self.last_day(anchor)
        cal = _resolve_calendar(calendar)
        unit_vi, unit_en = _UNIT_VI[self.unit], _UNIT_EN[self.unit]
        plural = "s" if self.n != 1 else ""
        vi = (f"{self.n} {unit_vi} kể từ {_from_vi(anchor, self.counted_from)} "
              f"(không tính ngày bắt đầu, BLDS 2015 Điều 147 khoản 2): ngày cuối cùng là "
              f"{_fmt(last)}")
        en = (f"{self.n} {unit_en}{plural} from {_from_en(anchor, self.counted_from)} "
              f"(start day not counted, Civil Code 2015 Art 147(2)): the last day is "
              f"{_fmt(last)}")
        if self.unit in ("months", "years") and last.day != anchor.day:
            vi += (f" (tháng {last.month}/{last.year} không có ngày {anchor.day} nên lấy ngày "
                   f"cuối tháng, Điều 148)")
            en += (f" ({last.month}/{last.year} has no day {anchor.day}, so the last day of "
                   f"that month, Art 148)")
        steps = [ExplanationStep(text_vi=vi, text_en=en, due=last)]
        due = last
        if self.roll_to_working_day and _is_rest_day(last, cal, self.makeup_saturday_is_working,
                                                     self.swapped_day_off_is_rest):
            due = _next_working(last, cal, self.makeup_saturday_is_working,
                                self.swapped_day_off_is_rest)
            steps.append(_roll_steps(last, due, cal, article=True))
        elif self.roll_to_working_day and not cal.is_working_day(last):
            steps.append(ExplanationStep(
                text_vi=f"{_fmt(last)} là ngày nghỉ hoán đổi, không tính là ngày nghỉ theo "
                        f"Điều 148 khoản 5 (theo lựa chọn áp dụng) nên không chuyển ngày",
                text_en=f"{_fmt(last)} is a swapped day off, which by the chosen policy is not "
                        f"a day off for Art 148(5), so the day is not moved", due=last))
        return _finish(steps, anchor, due, cal)

    def to_dict(self) -> dict[str, Any]:
        """See :meth:`DeadlineRule.to_dict`."""
        data: dict[str, Any] = {
            "kind": self.KIND, "n": self.n, "unit": self.unit,
            "roll_to_working_day": self.roll_to_working_day,
            "makeup_saturday_is_working": self.makeup_saturday_is_working,
            "swapped_day_off_is_rest": self.swapped_day_off_is_rest}
        if self.counted_from is not None:
            data["counted_from"] = self.counted_from.value
        return data

    def to_text(self) -> str:
        """See :meth:`DeadlineRule.to_text`."""
        text = f"trong {self.n} {_UNIT_VI[self.unit]}"
        if self.counted_from is not None:
            text += f" {self.counted_from.phrase_vi}"
        if not self.roll_to_working_day:
            text += f" ({NO_ROLL_CLAUSE})"
        if not self.makeup_saturday_is_working:
            text += f" ({MAKEUP_CLAUSE})"
        if not self.swapped_day_off_is_rest:
            text += f" ({SWAPPED_CLAUSE})"
        return text

    @property
    def label_en(self) -> str:
        """English label."""
        text = f"within {self.n} {_UNIT_EN[self.unit]}{'s' if self.n != 1 else ''}"
        if self.counted_from is not None:
            text += f" from {self.counted_from.label_en}"
        if not self.roll_to_working_day:
            text += " (not moved off days off)"
        if not self.makeup_saturday_is_working:
            text += " (make-up Saturdays count as weekend days)"
        if not self.swapped_day_off_is_rest:
            text += " (swapped days off count as working days)"
        return text


def _to_period_kind(value: object) -> object:
    """Converter: a :class:`PeriodKind` as is; its stored string ("quarter") to the member.

    Anything else is left for :func:`_validate_period_kind` to refuse with the usual error.
    """
    if isinstance(value, str) and not isinstance(value, PeriodKind):
        try:
            return PeriodKind(value)
        except ValueError:
            return value
    return value


def _validate_period_kind(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, PeriodKind):
        _check_choice(value, attribute.name, [k.value for k in PeriodKind])


def _validate_opt_year(inst: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    _check_year(value)


def _validate_index(inst: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    maximum = _PERIOD_INDEX_MAX.get(inst.kind)
    kind = inst.kind.value  # validated before index: a PeriodKind
    if maximum is None:
        if value is not None:
            raise InvalidDeadlineError(
                f"index must be None when kind is {kind!r}, got {value!r}",
                param_name="index", value=value)
        return
    if value is None:
        raise InvalidDeadlineError(
            f"index (1 to {maximum}) is required when kind is {kind!r}",
            param_name="index", value=value)
    _check_count(value, "index", maximum)


@attrs.frozen(kw_only=True)
class EndOfPeriod(DeadlineRule):
    """
    The last day of a month, quarter, half-year, first 9 months or year.

    "trong tháng 6/2024" → 30/06/2024; "quý III/2024" → 30/09/2024; "6 tháng đầu năm 2024"
    → 30/06/2024 (Civil Code Art 146(3): mid-year is 30/06); "9 tháng đầu năm 2024" →
    30/09/2024; "trong năm 2024" → 31/12/2024 (end of year, Art 146(3)).

    Fields: ``kind``; ``index`` (month 1–12, quarter 1–4, half 1–2; None for
    ``nine_months`` and ``year``); ``year`` (1995–2099), or None ("quý III", "6 tháng
    cuối năm" without a year): then the due date is the first such period end on or after
    the anchor (a "trong quý I" issued on 10/12/2024 means 31/03/2025; "trong năm nay"
    means 31/12 of the anchor's year).

    ``roll`` (default False): the end of a period named by the text is a point fixed by
    Art 146, not the last day of a counted period, so Art 148(5) does not move it;
    ``roll=True`` moves a non-working end to the next working day by analogy.

    .. versionadded:: 0.1.0
    """

    KIND: ClassVar[str] = "end_of_period"

    # repr shows the stored string ("kind='quarter'"), as before PeriodKind was an enum; the
    # constructor accepts it, so the repr still evaluates to an equal rule.
    kind: PeriodKind = attrs.field(converter=_to_period_kind,
                                   validator=_validate_period_kind,
                                   repr=lambda kind: repr(kind.value))
    year: int | None = attrs.field(default=None, validator=_validate_opt_year)
    index: int | None = attrs.field(default=None, validator=_validate_index)
    roll: bool = attrs.field(default=False, validator=_validate_bool)

    def end_in(self, year: int) -> date:
        """
        Return the period's last day in *year* (Civil Code Art 146), ignoring ``roll``.

        Args:
            year: the calendar year.

        Returns:
            e.g. 30/09 for quarter III, 30/06 for the first half-year.

        Raises:
            InvalidTypeError: *year* is not an ``int``.
            InvalidDeadlineError: *year* is outside 1–9999 (``datetime.date``'s range).

        .. versionadded:: 0.1.0
        """
        if isinstance(year, bool) or not isinstance(year, int):
            raise InvalidTypeError("year", year, "an int")
        if not 1 <= year <= 9999:
            raise InvalidDeadlineError(
                f"year must be between 1 and 9999 (inclusive), got {year}",
                param_name="year", value=year)
        if self.kind is PeriodKind.MONTH:
            month = cast(int, self.index)
        elif self.kind is PeriodKind.QUARTER:
            month = 3 * cast(int, self.index)
        elif self.kind is PeriodKind.HALF_YEAR:
            month = 6 * cast(int, self.index)
        elif self.kind is PeriodKind.NINE_MONTHS:
            month = 9
        else:
            month = 12
        return date(year, month, _last_day(year, month))

    def _period_vi(self, year: int | None) -> str:
        # Inside a sentence ("trong quý III/2024", "Hết 9 tháng năm 2024"): the in-sentence
        # form of the one wording of periods, directive_tracker.periods.period_label_vi.
        return period_label_vi(self.kind, self.index, year, capitalised=False)

    def _period_en(self, year: int | None) -> str:
        suffix = f"/{year}" if year is not None else ""
        if self.kind is PeriodKind.MONTH:
            return f"month {self.index}{suffix}"
        if self.kind is PeriodKind.QUARTER:
            return f"Q{self.index}{suffix}"
        tail = f" {year}" if year is not None else ""
        if self.kind is PeriodKind.HALF_YEAR:
            return f"{'first' if self.index == 1 else 'second'} half{tail}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"first nine months{tail}"
        return f"year {year}" if year is not None else "the year"

    def explain(self, anchor: date, calendar: WorkingCalendar | None = None) -> Explanation:
        """See :meth:`DeadlineRule.explain`."""
        check_date(anchor, "anchor")
        cal = _resolve_calendar(calendar)
        if self.year is not None:
            end = self.end_in(self.year)
            vi = f"Hết {self._period_vi(self.year)}: {_fmt(end)} (BLDS 2015 Điều 146)"
            en = f"End of {self._period_en(self.year)}: {_fmt(end)} (Civil Code 2015 Art 146)"
        else:
            end = self.end_in(anchor.year)
            if end < anchor:
                end = self.end_in(anchor.year + 1)
            vi = (f"Hết {self._period_vi(end.year)} (kỳ gần nhất kể từ {_fmt(anchor)}): "
                  f"{_fmt(end)} (BLDS 2015 Điều 146)")
            en = (f"End of {self._period_en(end.year)} (the next one on or after "
                  f"{_fmt(anchor)}): {_fmt(end)} (Civil Code 2015 Art 146)")
        steps = [ExplanationStep(text_vi=vi, text_en=en, due=end)]
        due = end
        if self.roll and not cal.is_working_day(end):
            due = cal.roll_forward(end)
            steps.append(_roll_steps(end, due, cal, article=False, reading=True))
        elif not cal.is_working_day(end):
            steps.append(_no_roll_step(end, cal, _PERIOD_END_VI, _PERIOD_END_EN))
        return _finish(steps, anchor, due, cal)

    def to_dict(self) -> dict[str, Any]:
        """See :meth:`DeadlineRule.to_dict`."""
        return {"kind": self.KIND, "period": self.kind.value, "year": self.year,
                "index": self.index,
                "roll": self.roll}

    def to_text(self) -> str:
        """See :meth:`DeadlineRule.to_text`."""
        text = self._period_vi(self.year)
        if self.kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR):
            text = "trong " + text
        if self.roll:
            text += f" ({ROLL_FORWARD_CLAUSE})"
        return text

    @property
    def label_en(self) -> str:
        """English label."""
        text = f"by the end of {self._period_en(self.year)}"
        if self.roll:
            text += " (moved to a working day if it falls on a day off)"
        return text


def _validate_freq(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_choice(value, attribute.name, _FREQUENCIES)


def _validate_rec_day(inst: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if inst.freq == "weekly":
        if value is not None:
            raise InvalidDeadlineError("day must be None for a weekly rule (use weekday)",
                                       param_name="day", value=value)
        return
    _check_count(value, "day", 31)
    if inst.freq == "yearly" and isinstance(inst.month, int) and 1 <= inst.month <= 12:
        maximum = 29 if inst.month == 2 else _last_day(2023, inst.month)
        if cast(int, value) > maximum:
            raise InvalidDeadlineError(
                f"day {value} does not exist in month {inst.month} (at most {maximum})",
                param_name="day", value=value)


def _validate_rec_month(inst: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    months = _FREQ_MONTHS.get(inst.freq)
    if months is None or months == 1:
        if value is not None:
            raise InvalidDeadlineError(f"month must be None for a {inst.freq} rule",
                                       param_name="month", value=value)
        return
    _check_count(value, "month", months)


def _validate_weekday(inst: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if inst.freq != "weekly":
        if value is not None:
            raise InvalidDeadlineError("weekday is only allowed for a weekly rule",
                                       param_name="weekday", value=value)
        return
    _check_count(value, "weekday", 7)


def _freq_of(inst: Any) -> str | None:
    # Defaults are computed before validators run: tolerate a bad freq here.
    return inst.freq if isinstance(inst.freq, str) else None


def _default_day(inst: Any) -> int | None:
    return None if _freq_of(inst) == "weekly" else DEFAULT_REPORT_DAY


def _default_month(inst: Any) -> int | None:
    months = _FREQ_MONTHS.get(_freq_of(inst) or "")
    return None if months is None or months == 1 else months


def _default_weekday(inst: Any) -> int | None:
    return DEFAULT_WEEKDAY if _freq_of(inst) == "weekly" else None


@attrs.frozen(kw_only=True)
class Recurring(DeadlineRule):
    """
    A due day that repeats: "trước ngày 20 hằng tháng", "định kỳ hằng quý",
    "trước ngày 15/12 hằng năm", "thứ Sáu hằng tuần".

    Fields (by ``freq``):

    * ``weekly``: ``weekday`` (ISO, 1 = Monday … 7 = Sunday; default 5, Friday).
    * ``monthly``: ``day`` of the month (1–31).
    * ``quarterly`` / ``half_yearly``: ``day`` and ``month`` *within* the period (1–3 /
      1–6; 1 = the period's first month); ``yearly``: ``day`` and calendar ``month``.
    * Defaults when the text names no day: the **25th of the period's last month**
      (Decree 09/2019/NĐ-CP Art 13: provincial People's Committees report to the
      Government by the 25th of the last month of the period), i.e. quarterly 25/03,
      25/06, 25/09, 25/12.
    * A day the month lacks (31 in April, 30 in February) clips to the month's last day.
    * ``roll`` (default False): an occurrence on a non-working day stays as named (a
      named calendar day, as for :class:`FixedDate`); ``roll=True`` moves it to the next
      working day (Civil Code Art 148(5) by analogy).
    * ``until`` (default None, open-ended): the last day (inclusive) a named due day may
      fall on, "…, đến hết năm 2027" → 31/12/2027; no occurrence is named after it.

    Occurrences are generated with ``dateutil.rrule``; :meth:`due_date` is the first
    occurrence on or after the anchor.

    .. versionadded:: 0.1.0
    """

    KIND: ClassVar[str] = "recurring"

    freq: Frequency = attrs.field(validator=_validate_freq)
    month: int | None = attrs.field(default=attrs.Factory(_default_month, takes_self=True),
                                    validator=_validate_rec_month)
    day: int | None = attrs.field(default=attrs.Factory(_default_day, takes_self=True),
                                  validator=_validate_rec_day)
    weekday: int | None = attrs.field(default=attrs.Factory(_default_weekday, takes_self=True),
                                      validator=_validate_weekday)
    roll: bool = attrs.field(default=False, validator=_validate_bool)
    until: date | None = attrs.field(default=None, validator=_validate_until)

    def _rrule(self, start: date, end: date) -> rrule.rrule:
        from datetime import datetime

        dtstart = datetime(start.year, start.month, start.day)
        until = datetime(end.year, end.month, end.day)
        if self.freq == "weekly":
            return rrule.rrule(rrule.WEEKLY, dtstart=dtstart, until=until,
                               byweekday=cast(int, self.weekday) - 1)
        day = cast(int, self.day)
        if day <= 28:
            monthdays: tuple[int, ...] = (day,)
            setpos = None
        else:  # clip to the month's last day: the last of 28..day that exists
            monthdays = tuple(range(28, day + 1))
            setpos = -1
        bymonth: tuple[int, ...] | None
        if self.freq == "monthly":
            bymonth = None
        elif self.freq == "yearly":
            bymonth = (cast(int, self.month),)
        else:
            size = _FREQ_MONTHS[self.freq]
            bymonth = tuple(range(cast(int, self.month), 13, size))
        return rrule.rrule(rrule.MONTHLY, dtstart=dtstart, until=until, bymonth=bymonth,
                           bymonthday=monthdays, bysetpos=setpos)

    def occurrences(self, start: date, end: date,
                    calendar: WorkingCalendar | None = None) -> list[date]:
        """
        Return the due dates falling in [start, end] (both inclusive), ascending.

        With ``roll=True`` each occurrence is first moved to a working day and kept if the
        moved date lies in the range.

        Args:
            start: first day of the range (inclusive).
            end: last day of the range (inclusive); an empty list if ``end < start``.
            calendar: working calendar (used only when ``roll`` is True).

        Raises:
            InvalidTypeError: *start*/*end* not dates.

        .. versionadded:: 0.1.0
        """
        check_date(start, "start")
        check_date(end, "end")
        if end < start:
            return []
        cal = _resolve_calendar(calendar) if self.roll else None
        # A roll can move an occurrence up to a few weeks forward (Tết): look back 40 days.
        lo = max(_shift(start, -40), cal.first_date) if cal is not None else start
        raw = [dt.date() for dt in self._rrule(lo, end)]
        if self.until is not None:  # no occurrence is named after the series' end
            raw = [d for d in raw if d <= self.until]
        if cal is None:
            return raw
        out = sorted({cal.roll_forward(d) for d in raw} if raw else set())
        return [d for d in out if start <= d <= end]

    def explain(self, anchor: date, calendar: WorkingCalendar | None = None) -> Explanation:
        """See :meth:`DeadlineRule.explain`."""
        check_date(anchor, "anchor")
        cal = _resolve_calendar(calendar) if self.roll else None
        horizon = _shift(anchor, 400)
        lo = _shift(anchor, -40)
        if cal is not None:  # never look back before the calendar's first day
            lo = max(lo, cal.first_date)
        raw = [dt.date() for dt in self._rrule(lo, horizon)]
        if self.until is not None:
            raw = [d for d in raw if d <= self.until]
        first: date | None = None
        rolled: date | None = None
        for d in raw:
            r = cal.roll_forward(d) if cal is not None else d
            if r >= anchor:
                first, rolled = d, r
                break
        if first is None or rolled is None:  # the series ended before the anchor
            raise InvalidDeadlineError(
                f"{self.to_text()!r} has no occurrence on or after {_fmt(anchor)}",
                param_name="anchor", value=anchor)
        steps = [ExplanationStep(
            text_vi=f"{self.to_text()}: lần đến hạn đầu tiên kể từ {_fmt(anchor)} là "
                    f"{_fmt(first)}",
            text_en=f"{self.label_en}: the first due date on or after {_fmt(anchor)} is "
                    f"{_fmt(first)}", due=first)]
        if self.day is not None and first.day != self.day:
            steps.append(ExplanationStep(
                text_vi=f"tháng {first.month}/{first.year} không có ngày {self.day} nên lấy "
                        f"ngày cuối tháng {_fmt(first)}",
                text_en=f"{first.month}/{first.year} has no day {self.day}, so the last day "
                        f"of the month, {_fmt(first)}", due=first))
        if cal is not None and rolled != first:
            steps.append(_roll_steps(first, rolled, cal, article=False))
        return _finish(steps, anchor, rolled, calendar)

    def to_dict(self) -> dict[str, Any]:
        """See :meth:`DeadlineRule.to_dict`."""
        out: dict[str, Any] = {"kind": self.KIND, "freq": self.freq, "day": self.day,
                               "month": self.month, "weekday": self.weekday,
                               "roll": self.roll}
        if self.until is not None:  # absent when open-ended: older dicts stay equal
            out["until"] = self.until.isoformat()
        return out

    def to_text(self) -> str:
        """See :meth:`DeadlineRule.to_text`."""
        if self.freq == "weekly":
            text = f"{WEEKDAY_NAMES_VI[cast(int, self.weekday) - 1]} hằng tuần"
        elif self.freq == "monthly":
            text = f"trước ngày {self.day} hằng tháng"
        elif self.freq == "yearly":
            text = f"trước ngày {self.day:02d}/{self.month:02d} hằng năm"
        elif self.freq == "quarterly":
            text = f"định kỳ hằng quý, trước ngày {self.day} tháng thứ {self.month} của quý"
        else:
            text = (f"định kỳ 6 tháng một lần, trước ngày {self.day} tháng thứ {self.month} "
                    f"của kỳ")
        return text + _series_suffix_vi(self.roll, self.until)

    @property
    def label_en(self) -> str:
        """English label."""
        if self.freq == "weekly":
            text = f"every {WEEKDAY_NAMES_EN[cast(int, self.weekday) - 1]}"
        elif self.freq == "monthly":
            text = f"by day {self.day} of every month"
        elif self.freq == "yearly":
            text = f"by {self.day:02d}/{self.month:02d} every year"
        elif self.freq == "quarterly":
            text = f"every quarter, by day {self.day} of month {self.month} of the quarter"
        else:
            text = f"every half-year, by day {self.day} of month {self.month} of the half"
        return text + _series_suffix_en(self.roll, self.until)


_REPORT_WORDS_VI = {PeriodKind.MONTH: "hằng tháng", PeriodKind.QUARTER: "hằng quý",
                    PeriodKind.HALF_YEAR: "6 tháng", PeriodKind.NINE_MONTHS: "9 tháng",
                    PeriodKind.YEAR: "hằng năm"}
_REPORT_WORDS_EN = {PeriodKind.MONTH: "monthly", PeriodKind.QUARTER: "quarterly",
                    PeriodKind.HALF_YEAR: "six-monthly", PeriodKind.NINE_MONTHS: "nine-month",
                    PeriodKind.YEAR: "annual"}
#: The decree, as the canonical text names it (read back by phrases.parse_deadline).
DECREE_09 = "Nghị định 09/2019/NĐ-CP"


def _validate_report_day(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_count(value, attribute.name, 31)


@attrs.frozen(kw_only=True)
class PeriodicReport(DeadlineRule):
    """
    A reporting duty under Decree 09/2019/NĐ-CP as a deadline rule: "báo cáo định kỳ hằng
    quý theo Nghị định 09/2019/NĐ-CP", so a stored task can carry it and be judged per
    occurrence (:mod:`directive_tracker.occurrences`).

    Each period of ``kind`` (month, quarter, half-year, the first nine months, year) is one
    report:

    * its **data window** is the period's cut-off window (Art 12, both ends inclusive):
      monthly 15th of the previous month → 14th; quý I 15/12 of the previous year →
      14/03; H1 15/12 → 14/06, H2 15/06 → 14/12; nine months 15/12 → 14/09; year 15/12 →
      14/12 (:class:`~directive_tracker.periods.ReportingPeriod`);
    * its **submission day** is the ``day``-th of the period's last calendar month,
      clipped to that month's end: 25 by default, Art 13 ("by the 25th of the last month
      of the period", for provincial People's Committees reporting to the Government);
      a province's own day with ``DayOfLastMonth.parse("trước ngày 20 của tháng cuối
      kỳ")`` (:meth:`with_submission`).

    Fields: ``kind`` (a :class:`~directive_tracker.periods.PeriodKind`, or its stored
    string), ``day`` (1–31, default 25), ``roll`` (default False: a submission day that is
    a day off stays as named, a named calendar day as for :class:`FixedDate`; True moves
    it to the next working day by analogy with Civil Code Art 148(5)) and ``until`` (the
    last day, inclusive, a submission day may fall on; None: open-ended).

    :meth:`due_date` is the submission day (rolled if ``roll``) of the first period whose
    submission day is on or after the anchor, as the first occurrence of the series.

    >>> rule = PeriodicReport(kind="quarter")
    >>> rule.to_text()
    'báo cáo định kỳ hằng quý theo Nghị định 09/2019/NĐ-CP'
    >>> rule.due_date(date(2026, 1, 10))
    datetime.date(2026, 3, 25)

    .. versionadded:: 0.2.0
    """

    KIND: ClassVar[str] = "periodic_report"

    kind: PeriodKind = attrs.field(converter=_to_period_kind,
                                   validator=_validate_period_kind,
                                   repr=lambda kind: repr(kind.value))
    day: int = attrs.field(default=DEFAULT_REPORT_DAY, validator=_validate_report_day)
    roll: bool = attrs.field(default=False, validator=_validate_bool)
    until: date | None = attrs.field(default=None, validator=_validate_until)

    @classmethod
    def with_submission(cls, kind: PeriodKind | str,
                        submission: DayOfLastMonth | str | None = None, *,
                        roll: bool = False, until: date | None = None) -> PeriodicReport:
        """
        Return the rule of *kind* with the submission day of *submission*: None for Art 13
        (the 25th), a :class:`~directive_tracker.periods.DayOfLastMonth` or a province's
        phrase read by :meth:`DayOfLastMonth.parse
        <directive_tracker.periods.DayOfLastMonth.parse>` ("trước ngày 20 của tháng cuối
        kỳ").

        Raises:
            InvalidTypeError: *submission* is of another type.
            ParseError: the phrase is not of that form.
            InvalidDeadlineError: a field is out of range.

        .. versionadded:: 0.2.0
        """
        if submission is None:
            day = DEFAULT_REPORT_DAY
        elif isinstance(submission, str):
            day = DayOfLastMonth.parse(submission).day
        elif isinstance(submission, DayOfLastMonth):
            day = submission.day
        else:
            raise InvalidTypeError("submission", submission,
                                   "None, a DayOfLastMonth or a phrase (str)")
        return cls(kind=kind, day=day, roll=roll, until=until)

    @property
    def submission(self) -> DayOfLastMonth:
        """The submission rule: the ``day``-th of the period's last month."""
        return DayOfLastMonth(day=self.day)

    def reports(self, start: date, end: date) -> list[tuple[date, ReportingPeriod]]:
        """
        Return ``(submission day, period)`` for each period whose submission day (as
        named, before any roll) lies in [*start*, *end*] (both inclusive) and not after
        ``until``, ascending.

        Raises:
            InvalidTypeError: *start* or *end* is not a date.

        .. versionadded:: 0.2.0
        """
        check_date(start, "start")
        check_date(end, "end")
        if self.until is not None:
            end = min(end, self.until)
        if end < start:
            return []
        return submissions_between(self.kind, self.submission, start, end)

    def _article_vi(self) -> str:
        if self.day == DEFAULT_REPORT_DAY:
            return "ngày 25 của tháng cuối kỳ (Nghị định 09/2019/NĐ-CP Điều 13)"
        return f"ngày {self.day} của tháng cuối kỳ (quy định của địa phương)"

    def _article_en(self) -> str:
        if self.day == DEFAULT_REPORT_DAY:
            return "the 25th of the period's last month (Decree 09/2019 Art 13)"
        return f"day {self.day} of the period's last month (the province's rule)"

    def explain(self, anchor: date, calendar: WorkingCalendar | None = None) -> Explanation:
        """See :meth:`DeadlineRule.explain`: the first report whose submission day is on
        or after *anchor*, its data window and its submission day."""
        check_date(anchor, "anchor")
        cal = _resolve_calendar(calendar)
        found = self.reports(anchor, _shift(anchor, 400))
        if not found:  # the series ended before the anchor
            raise InvalidDeadlineError(
                f"{self.to_text()!r} has no report due on or after {_fmt(anchor)}",
                param_name="anchor", value=anchor)
        named, period = found[0]
        steps = [ExplanationStep(
            text_vi=f"{self.to_text()}: kỳ báo cáo đầu tiên đến hạn kể từ {_fmt(anchor)} là "
                    f"{period.label_vi}, số liệu từ ngày {_fmt(period.start)} đến ngày "
                    f"{_fmt(period.end)} (Điều 12), hạn gửi {self._article_vi()}: "
                    f"{_fmt(named)}",
            text_en=f"{self.label_en}: the first report due on or after {_fmt(anchor)} is "
                    f"{period.label_en}, data from {_fmt(period.start)} to "
                    f"{_fmt(period.end)} (Art 12), sent by {self._article_en()}: "
                    f"{_fmt(named)}", due=named)]
        due = named
        if not cal.is_working_day(named):
            if self.roll:
                due = cal.roll_forward(named)
                steps.append(_roll_steps(named, due, cal, article=False, reading=True))
            else:
                steps.append(_no_roll_step(named, cal, _NAMED_DATE_VI, _NAMED_DATE_EN))
        return _finish(steps, anchor, due, cal)

    def to_dict(self) -> dict[str, Any]:
        """See :meth:`DeadlineRule.to_dict`: ``{"kind": "periodic_report", "period":
        "quarter", "day": 25, "roll": false}``, plus ``"until"`` (ISO) when set."""
        out: dict[str, Any] = {"kind": self.KIND, "period": self.kind.value, "day": self.day,
                               "roll": self.roll}
        if self.until is not None:
            out["until"] = self.until.isoformat()
        return out

    def to_text(self) -> str:
        """See :meth:`DeadlineRule.to_text`."""
        text = f"báo cáo định kỳ {_REPORT_WORDS_VI[self.kind]} theo {DECREE_09}"
        if self.day != DEFAULT_REPORT_DAY:
            text += f", trước ngày {self.day} của tháng cuối kỳ"
        return text + _series_suffix_vi(self.roll, self.until)

    @property
    def label_en(self) -> str:
        """English label."""
        text = f"{_REPORT_WORDS_EN[self.kind]} report under Decree 09/2019/ND-CP"
        if self.day != DEFAULT_REPORT_DAY:
            text += f", by day {self.day} of the period's last month"
        return text + _series_suffix_en(self.roll, self.until)


def _series_suffix_vi(roll: bool, until: date | None) -> str:
    """The end of a periodic rule's Vietnamese text: its roll clause and its end."""
    return ((f" ({ROLL_FORWARD_CLAUSE})" if roll else "")
            + ("" if until is None else f", {until_text(until)}"))


def _series_suffix_en(roll: bool, until: date | None) -> str:
    """The end of a periodic rule's English label: its roll clause and its end."""
    return ((" (moved to a working day if it falls on a day off)" if roll else "")
            + ("" if until is None else f", until {_fmt(until)}"))


def until_text(until: date) -> str:
    """
    The end of a series in words: "đến hết năm 2027" when *until* is 31 December,
    otherwise "đến hết ngày 30/06/2027" (both read back by
    :func:`~directive_tracker.phrases.parse_deadline` after a recurrence).

    .. versionadded:: 0.2.0
    """
    check_date(until, "until")
    if (until.month, until.day) == (12, 31):
        return f"đến hết năm {until.year}"
    return f"đến hết ngày {_fmt(until)}"


@attrs.frozen(kw_only=True)
class NoDeadline(DeadlineRule):
    """
    No due date: an ongoing task ("thường xuyên", ``kind="ongoing"``) or one without a
    time limit ("không thời hạn", ``kind="none"``).  :meth:`due_date` returns None.

    .. versionadded:: 0.1.0
    """

    KIND: ClassVar[str] = "no_deadline"

    kind: NoDeadlineKind = attrs.field(
        default="ongoing", validator=lambda _i, a, v: _check_choice(v, a.name, ("ongoing", "none")))

    def explain(self, anchor: date, calendar: WorkingCalendar | None = None) -> Explanation:
        """See :meth:`DeadlineRule.explain`."""
        check_date(anchor, "anchor")
        if calendar is not None:
            _resolve_calendar(calendar)
        if self.kind == "ongoing":
            step = ExplanationStep(text_vi="Nhiệm vụ thường xuyên: không có hạn hoàn thành",
                                   text_en="Ongoing task: no completion deadline")
        else:
            step = ExplanationStep(text_vi="Không thời hạn: không có hạn hoàn thành",
                                   text_en="No time limit: no completion deadline")
        return Explanation(steps=(step, _final_step(None)))

    def to_dict(self) -> dict[str, Any]:
        """See :meth:`DeadlineRule.to_dict`."""
        return {"kind": self.KIND, "type": self.kind}

    def to_text(self) -> str:
        """See :meth:`DeadlineRule.to_text`."""
        return "thường xuyên" if self.kind == "ongoing" else "không thời hạn"

    @property
    def label_en(self) -> str:
        """English label."""
        return "ongoing" if self.kind == "ongoing" else "no time limit"


# --------------------------------------------------------------------------- dict form

_RULE_CLASSES: dict[str, type[DeadlineRule]] = {
    cls.KIND: cls
    for cls in (FixedDate, WorkingDays, CalendarPeriod, EndOfPeriod, Recurring, NoDeadline,
                PeriodicReport)
}
#: dict key → (constructor argument, required)
_DICT_FIELDS: dict[str, dict[str, tuple[str, bool]]] = {
    "fixed_date": {"date": ("date", True), "strict": ("strict", False), "roll": ("roll", False)},
    "working_days": {"n": ("n", True), "counted_from": ("counted_from", False)},
    "calendar_period": {"n": ("n", True), "unit": ("unit", True),
                        "roll_to_working_day": ("roll_to_working_day", False),
                        "makeup_saturday_is_working": ("makeup_saturday_is_working", False),
                        "swapped_day_off_is_rest": ("swapped_day_off_is_rest", False),
                        "counted_from": ("counted_from", False)},
    "end_of_period": {"period": ("kind", True), "year": ("year", False),
                      "index": ("index", False), "roll": ("roll", False)},
    "recurring": {"freq": ("freq", True), "day": ("day", False), "month": ("month", False),
                  "weekday": ("weekday", False), "roll": ("roll", False),
                  "until": ("until", False)},
    "no_deadline": {"type": ("kind", False)},
    "periodic_report": {"period": ("kind", True), "day": ("day", False), "roll": ("roll", False),
                        "until": ("until", False)},
}


def rule_from_dict(data: Mapping[str, Any]) -> DeadlineRule:
    """
    Rebuild a rule from the dict made by :meth:`DeadlineRule.to_dict` (e.g. read from JSON).

    Keys whose value is None (or that are absent) take the rule's default; unknown keys are
    refused so that typos do not silently change a deadline.  ``"counted_from"`` holds a
    :class:`CountedFrom` value (``"issue"``, ``"receipt"``, ``"effective"``,
    ``"assignment"``); dicts written before the field existed lack it and read as None.

    Args:
        data: a mapping with a ``"kind"`` key.

    Returns:
        The equal rule.

    Raises:
        InvalidDeadlineError: *data* is not a mapping, has an unknown kind or key, lacks a
            required key, or holds a value of the wrong type or range.

    .. versionadded:: 0.1.0
    """
    if not isinstance(data, Mapping):
        raise InvalidDeadlineError(
            f"a deadline rule dict must be a mapping, got {type(data).__name__}",
            value=data)
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in _RULE_CLASSES:
        raise InvalidDeadlineError(
            f"unknown deadline rule kind {kind!r}; expected one of "
            f"{', '.join(sorted(_RULE_CLASSES))}", value=kind)
    fields = _DICT_FIELDS[kind]
    unknown = sorted(str(k) for k in data if k != "kind" and k not in fields)
    if unknown:
        raise InvalidDeadlineError(
            f"unknown key(s) {', '.join(unknown)} for a {kind!r} rule; allowed: "
            f"{', '.join(sorted(fields))}", value=unknown)
    kwargs: dict[str, Any] = {}
    for key, (arg, required) in fields.items():
        value = data.get(key)
        if value is None:
            if required:
                raise InvalidDeadlineError(f"a {kind!r} rule needs the key {key!r}", value=key)
            continue
        if (kind, key) in (("fixed_date", "date"), ("recurring", "until"),
                           ("periodic_report", "until")):
            if not isinstance(value, str):
                raise InvalidDeadlineError(
                    f"{key!r} must be an ISO date string YYYY-MM-DD, got {value!r}",
                    value=value)
            try:
                value = date.fromisoformat(value)
            except ValueError as exc:
                raise InvalidDeadlineError(
                    f"{key!r} must be an ISO date string YYYY-MM-DD, got {value!r}",
                    value=value) from exc
        if key == "counted_from":
            try:
                value = CountedFrom(value)
            except (TypeError, ValueError):
                raise InvalidDeadlineError(
                    f"'counted_from' must be one of "
                    f"{', '.join(repr(c.value) for c in CountedFrom)}, got {value!r}",
                    value=value) from None
        kwargs[arg] = value
    try:
        return _RULE_CLASSES[kind](**kwargs)
    except InvalidDeadlineError:
        raise
    except (DirectiveTrackerError, TypeError, ValueError) as exc:
        raise InvalidDeadlineError(f"invalid {kind!r} rule: {exc}", value=dict(data)) from exc
