# SPDX-License-Identifier: MIT
"""
Shared helpers of the reports: argument checks, collection of task statuses as of a
date, unit roll-up, period lines.  Private to :mod:`directive_tracker.reports`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import attrs

from .._validators import check_date, check_int, check_str, now_vn
from ..calendars import WorkingCalendar
from ..exceptions import InvalidTypeError, UnitNotFoundError, ValidationError
from ..integrity import HistoryProblem, occurrences_or_problem, replay_or_problem
from ..lifecycle import LifecyclePolicy, TaskState
from ..occurrences import Occurrence, is_periodic
from ..periods import ReportingPeriod
from ..status import StatusKind, TaskStatus, evaluate
from ..storage.base import TIMELINE_REVIEW_ON_SUBMISSION, Store, timeline_applies
from ..storage.query import TaskQuery
from ..tasks import Task
from ..timeline import StatusSegment
from ..units import UnitRegistry
from ._lookup import closest


def is_provisional(as_of: date, period: ReportingPeriod | None) -> bool:
    """
    Return True when a period report's figures are provisional: taken on *as_of*,
    before the period's data cut-off (``period.end``).
    """
    return period is not None and as_of < period.end


def _period_lines(as_of: date, period: ReportingPeriod | None) -> tuple[str, str]:
    d = as_of.strftime("%d/%m/%Y")
    if period is None:
        return f"Số liệu tính đến ngày {d}", f"Data as of {d}"
    s, e = period.start.strftime("%d/%m/%Y"), period.end.strftime("%d/%m/%Y")
    if is_provisional(as_of, period):
        return (f"Kỳ báo cáo: {period.label_vi} (từ ngày {s} đến ngày {e}); số liệu tạm "
                f"tính đến ngày {d}",
                f"Reporting period: {period.label_en} ({s} to {e}); provisional figures "
                f"as of {d}")
    return (f"Kỳ báo cáo: {period.label_vi} (từ ngày {s} đến ngày {e}); số liệu tính đến "
            f"ngày {d}",
            f"Reporting period: {period.label_en} ({s} to {e}); data as of {d}")


# --------------------------------------------------------------------------- collection


@attrs.frozen(kw_only=True)
class _Item:
    """One counted item: a task, or one occurrence of a periodic duty."""

    task: Task
    st: TaskStatus
    occurrence: Occurrence | None = None

    @property
    def content(self) -> str:
        """The task's content, led by the occurrence ("Báo cáo tháng 11/2026: …")."""
        if self.occurrence is None:
            return self.task.content
        return _led_by_occurrence(self.task.content, self.occurrence.title_vi)


def _led_by_occurrence(content: str, title: str) -> str:
    """A task's content led by its occurrence's title ("Báo cáo tháng 11/2026: …"), the
    one form of every report row of an occurrence of a periodic duty."""
    return f"{title}: {content}"


def _stored_content(content: str, occurrence: str, title: str) -> str:
    """A materialised row's content: the task's, led by its occurrence's title as
    :attr:`_Item.content` does (:func:`_led_by_occurrence`) when it has one (a one-off
    task's *occurrence* is ``""``)."""
    return _led_by_occurrence(content, title) if occurrence else content


def _segment_content(content: str, seg: StatusSegment) -> str:
    """A materialised segment's content (:func:`_stored_content`)."""
    return _stored_content(content, seg.occurrence, seg.occurrence_title)


def _today(today: object) -> date:
    """Return *today* checked, or today's date in Vietnam (Asia/Ho_Chi_Minh) when None."""
    if today is None:
        return now_vn().date()
    return check_date(today, "today")


def _check_common(store: object, calendar: object, as_of: object, period: object,
                  today: object = None) -> tuple[date, ReportingPeriod | None]:
    """
    Check the common arguments; return the report date and the period.

    The report date is *as_of*, else ``min(period.end, today)``: a period whose cut-off
    is still to come is reported as of *today*, provisionally (figures of a day that
    has not happened would judge tasks late before their due date).  An explicit
    *as_of* after *today* is refused.
    """
    if not isinstance(store, Store):
        raise InvalidTypeError("store", store, "a directive_tracker.storage.Store")
    if not isinstance(calendar, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar")
    if period is not None and not isinstance(period, ReportingPeriod):
        raise InvalidTypeError("period", period, "a ReportingPeriod or None")
    now = _today(today)
    if as_of is None:
        if period is None:
            raise ValidationError("give as_of, or a period (as_of then defaults to its "
                                  "data cut-off, period.end)", param_name="as_of")
        if now < period.start:
            raise ValidationError(
                f"the period {period.label_en} starts on {period.start}, after today "
                f"{now}; nothing of it is known yet", param_name="period",
                code="period_not_started", period=period, today=now)
        return min(period.end, now), period
    d = check_date(as_of, "as_of")
    if d > now:
        raise ValidationError(
            f"as_of {d} is after today {now}: a report cannot judge days that have not "
            f"happened yet (leave as_of out to report a period as of today, "
            f"provisionally)", param_name="as_of", code="as_of_in_future", value=d,
            today=now)
    if period is not None and d < period.start:
        raise ValidationError(f"as_of {d} is before the period's window start "
                              f"{period.start}; nothing of the period is known yet",
                              param_name="as_of")
    return d, period


def _check_collect_args(lifecycle_policy: object, due_soon_days: object) -> None:
    # Checked here, not only inside status(), so that a bad argument fails on an empty
    # store too.
    if lifecycle_policy is not None and not isinstance(lifecycle_policy, LifecyclePolicy):
        raise InvalidTypeError("lifecycle_policy", lifecycle_policy,
                               "a LifecyclePolicy or None")
    check_int(due_soon_days, "due_soon_days", minimum=0, maximum=1000)


def _collect(store: Store, calendar: WorkingCalendar, as_of: date,
             period: ReportingPeriod | None, lifecycle_policy: LifecyclePolicy | None,
             due_soon_days: int, judge_review_on_submission: bool = True,
             ids: Sequence[str] | None = None
             ) -> tuple[list[_Item], tuple[HistoryProblem, ...]]:
    """
    Return the statuses of the tasks in scope (all, or those of *ids*), and the tasks
    quarantined.

    A task whose history (up to *as_of*) the lifecycle refuses is left out and returned
    as a :class:`~directive_tracker.integrity.HistoryProblem`; it never stops the report.
    A task awaiting review is judged on its submission date when
    *judge_review_on_submission* (the review-date rule of
    :func:`directive_tracker.status.judge`).

    A periodic duty (:func:`~directive_tracker.occurrences.is_periodic`) counts once per
    occurrence, each judged on its own: the occurrences that exist on *as_of* (due on or
    before it, plus the next one); with a *period*, those due on or before its end, and,
    as for a one-off task, not completed or closed before its start.  So a period counts
    each occurrence due in it, and an earlier one still open when it starts.
    """
    _check_collect_args(lifecycle_policy, due_soon_days)
    query = None if ids is None else TaskQuery(ids=ids)
    tasks = [t for t in store.get_tasks(query) if t.assigned_on <= as_of]
    if period is not None:
        tasks = [t for t in tasks if t.assigned_on <= period.end]
    # Whole logs (replay_or_problem leaves out the events after as_of): a task's stored
    # terms are its current ones, read back to those in force on as_of through its
    # terms_changed events, also those recorded after as_of (issue 17 item 4).
    events = store.get_events_for([t.id for t in tasks])
    cal = calendar.as_known_on(as_of)  # a later calendar change never rewrites as_of
    out = []
    quarantined: list[HistoryProblem] = []
    for t in tasks:
        judged: tuple[tuple[Occurrence | None, TaskState], ...] | HistoryProblem
        if is_periodic(t, events[t.id]):
            judged = occurrences_or_problem(t, events[t.id], calendar=cal,
                                            policy=lifecycle_policy, as_of=as_of)
        else:
            state = replay_or_problem(t, events[t.id], calendar=cal,
                                      policy=lifecycle_policy, as_of=as_of)
            judged = state if isinstance(state, HistoryProblem) else ((None, state),)
        if isinstance(judged, HistoryProblem):
            quarantined.append(judged)
            continue
        for occ, one in judged:
            if period is not None and occ is not None and occ.due > period.end:
                continue
            st = evaluate(one, as_of=as_of, calendar=cal, due_soon_days=due_soon_days,
                          review_on_submission=bool(judge_review_on_submission))
            if period is not None:
                ended = st.state.completed_on or st.state.closed_on
                if ended is not None and ended < period.start:
                    continue
            out.append(_Item(task=t, st=st, occurrence=occ))
    return out, tuple(quarantined)


def _materialised(store: Store, calendar: WorkingCalendar,
                  lifecycle_policy: LifecyclePolicy | None, as_of: date,
                  judge_review_on_submission: bool = True) -> bool:
    """Whether the store's materialised timelines answer as of *as_of* for *calendar*,
    the policy and the review-date rule: they were computed with the default calendar
    and lifecycle policy and the reports' default rule
    (``TIMELINE_REVIEW_ON_SUBMISSION``), and with every calendar fact known (see
    ``storage.base.timeline_applies``)."""
    return ((lifecycle_policy is None or lifecycle_policy == LifecyclePolicy())
            and bool(judge_review_on_submission) is TIMELINE_REVIEW_ON_SUBMISSION
            and timeline_applies(calendar, as_of))


def _quarantine_notes(problems: Sequence[HistoryProblem], *,
                      notes_vi: tuple[str, ...] = (), notes_en: tuple[str, ...] = ()
                      ) -> dict[str, tuple[str, ...]]:
    """
    The ``notes_vi``/``notes_en`` of a :class:`Table`: the report's own *notes_vi* and
    *notes_en* (e.g. how its columns add up), then a line telling how many tasks were left
    out because their stored history is invalid.
    """
    if not problems:
        return {"notes_vi": notes_vi, "notes_en": notes_en}
    ids = ", ".join(p.task_id for p in problems[:10]) + (", …" if len(problems) > 10 else "")
    n = len(problems)
    return {"notes_vi": (*notes_vi,
                         f"Ghi chú: {n} nhiệm vụ không được tính do lịch sử lưu trữ không "
                         f"hợp lệ ({ids}); chạy `directive-tracker check` để xem chi tiết."),
            "notes_en": (*notes_en,
                         f"Note: {n} task(s) left out (quarantined): their stored history is "
                         f"refused by the lifecycle ({ids}); run `directive-tracker check` "
                         "for details.")}


def _registry(store: Store, registry: object) -> UnitRegistry:
    if registry is None:
        return UnitRegistry.of(store.get_units(), store.get_successions())
    if not isinstance(registry, UnitRegistry):
        raise InvalidTypeError("registry", registry, "a UnitRegistry or None")
    return registry


def _rollup(reg: UnitRegistry, code: str, as_of: date, by: str) -> str:
    if code not in reg:
        if by not in ("new", "old"):
            raise ValidationError(f"by must be 'new' or 'old', got {by!r}", param_name="by")
        return code
    return reg.rollup_code(code, as_of, by=by)


def _lead_code(reg: UnitRegistry, st: TaskStatus, as_of: date, by: str) -> str:
    """
    Return the unit *st*'s task counts under.

    ``by="new"``: the lead on *as_of* mapped to its successor.  ``by="old"``: the lead on
    *as_of* with the transfers that a succession caused undone (latest first: a transfer
    to the current lead from one of its registered predecessors), so a task moved by
    :func:`~directive_tracker.services.reorganise` counts under the unit that led it before
    the reorganisation, while an ad-hoc reassignment keeps the new lead.
    """
    code = st.lead_unit
    if by == "old":
        for rec in reversed(st.state.transfers):
            if (rec.to_unit != code or code not in reg
                    or rec.from_unit not in reg.predecessors_of(code)):
                break
            code = rec.from_unit
    return _rollup(reg, code, as_of, by)


def _lead_of(reg: UnitRegistry, lead: str, previous: Sequence[str], as_of: date,
             by: str) -> str:
    """
    Return the unit a task led by *lead* on *as_of* counts under, from a materialised
    segment: the rule of :func:`_lead_code`, with *previous* the earlier leads, oldest
    first (the ``from_unit`` of each transfer, in order: each transfer is to the lead
    after it, so ``to_unit`` is the next code walked back to).
    """
    code = lead
    if by == "old":
        for before in reversed(previous):
            if code not in reg or before not in reg.predecessors_of(code):
                break
            code = before
    return _rollup(reg, code, as_of, by)


def _check_unit_timeline(store: Store, reg: UnitRegistry, unit: str | None, by: str,
                         day: date, items: Sequence[_Item], *,
                         assigned_until: date | None = None,
                         ended_from: date | None = None) -> str | None:
    """
    The unit check of :func:`_filter_unit` for the materialised path: *unit* is known
    when :func:`check_unit` knows it from *reg* and *items* (the tasks judged one by
    one), or when a task in scope is led by it on *day* (its materialised segment).
    Returns the checked code (None without a filter).

    Raises:
        ValidationError: *by* is not ``"new"`` or ``"old"``.
        UnitNotFoundError: as :func:`check_unit`.
    """
    if by not in ("new", "old"):
        raise ValidationError(f"by must be 'new' or 'old', got {by!r}", param_name="by")
    if unit is None:
        return None
    code = check_str(unit, "unit")
    if code in reg or any(it.st.lead_unit == code for it in items):
        return code
    if store.status_segments(day, lead_units=[code], assigned_until=assigned_until,
                             ended_from=ended_from):
        return code
    known = {u.code: u.name for u in reg}
    for it in items:
        known.setdefault(it.st.lead_unit, it.st.lead_unit)
    for seg in store.status_segments(day, assigned_until=assigned_until,
                                     ended_from=ended_from):
        known.setdefault(seg.lead_unit, seg.lead_unit)
    raise UnitNotFoundError(code, suggestions=closest(code, known))


def _keep_unit(reg: UnitRegistry, code: str | None, by: str, day: date,
               items: list[_Item]) -> list[_Item]:
    """The items whose lead on *day* (rolled up by *by*) is *code* (all when None); the
    filter of :func:`_filter_unit` for a code already checked."""
    if code is None:
        return items
    return [it for it in items if _lead_code(reg, it.st, day, by) == code]


_EXCLUDED = (StatusKind.CANCELLED, StatusKind.REFUSED)


def _filter_unit(store: Store, registry: UnitRegistry | None, unit: str | None, by: str,
                 day: date, items: list[_Item]) -> list[_Item]:
    if by not in ("new", "old"):
        raise ValidationError(f"by must be 'new' or 'old', got {by!r}", param_name="by")
    if unit is None:
        return items
    code = check_str(unit, "unit")
    reg = _registry(store, registry)
    check_unit(reg, code, items)
    return [it for it in items if _lead_code(reg, it.st, day, by) == code]


def check_unit(reg: UnitRegistry, code: str, items: Sequence[_Item] = ()) -> None:
    """
    Refuse a unit filter that names no known unit (an empty report would read as
    "nothing to report").

    Known: a unit of *reg*, or the lead of one of *items* (a code the store's tasks use
    without a registered unit).

    Raises:
        UnitNotFoundError: *code* is unknown; ``suggestions`` holds the closest codes
            (case- and diacritic-insensitive, by code or name).
    """
    if code in reg or any(it.st.lead_unit == code for it in items):
        return
    known = {u.code: u.name for u in reg}
    for it in items:
        known.setdefault(it.st.lead_unit, it.st.lead_unit)
    raise UnitNotFoundError(code, suggestions=closest(code, known))


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None
