# SPDX-License-Identifier: MIT
"""
Upcoming deadlines in a window of working days.

.. versionadded:: 0.2.0
   Split out of ``reports.py``.
"""

from __future__ import annotations

from datetime import date

import attrs

from .._validators import check_date, check_int
from ..calendars import WorkingCalendar
from ..exceptions import ValidationError
from ..integrity import HistoryProblem
from ..lifecycle import LifecyclePolicy
from ..status import DEFAULT_DUE_SOON_DAYS, ReportGroup, StatusKind
from ..storage.base import Store
from ..units import UnitRegistry
from ._common import (
    _check_common,
    _check_unit_timeline,
    _collect,
    _filter_unit,
    _keep_unit,
    _lead_code,
    _lead_of,
    _materialised,
    _quarantine_notes,
    _registry,
    _segment_content,
)
from .table import Column, ReportResult, Table

# --------------------------------------------------------------------------- upcoming


@attrs.frozen(kw_only=True)
class DeadlineRow:
    """
    An open task whose current due date falls in the window (for calendars and ICS).

    .. versionadded:: 0.1.0
    """

    task_id: str
    directive_id: str
    content: str
    lead_unit: str
    lead_name: str
    due: date
    working_days_remaining: int
    status_vi: str
    status_en: str


@attrs.frozen(kw_only=True)
class UpcomingDeadlines(ReportResult):
    """
    Open tasks due from ``as_of`` to ``until`` (both inclusive), by due date then id.

    .. versionadded:: 0.1.0
    """

    as_of: date
    until: date
    rows: tuple[DeadlineRow, ...]
    quarantined: tuple[HistoryProblem, ...] = ()

    def to_table(self) -> Table:
        """Return the list as a :class:`Table`."""
        f = "%d/%m/%Y"
        cols = (
            Column(key="task_id", label_vi="Mã nhiệm vụ", label_en="Task id"),
            Column(key="directive_id", label_vi="Mã văn bản", label_en="Directive id"),
            Column(key="content", label_vi="Nội dung nhiệm vụ", label_en="Task"),
            Column(key="lead_unit", label_vi="Mã đơn vị", label_en="Unit code"),
            Column(key="lead_name", label_vi="Đơn vị chủ trì", label_en="Lead unit"),
            Column(key="due", label_vi="Hạn hoàn thành", label_en="Due", kind="date"),
            Column(key="working_days_remaining", label_vi="Số ngày làm việc còn lại",
                   label_en="Working days left", kind="int"),
            Column(key="status_vi", label_vi="Tình trạng", label_en="Status (Vietnamese)",
                   lang="vi"),
            Column(key="status_en", label_vi="Tình trạng (tiếng Anh)", label_en="Status",
                   lang="en"),
        )
        return Table(
            name="upcoming", title_vi="NHIỆM VỤ SẮP ĐẾN HẠN", title_en="Upcoming deadlines",
            subtitle_vi=f"Từ ngày {self.as_of.strftime(f)} đến ngày {self.until.strftime(f)}",
            subtitle_en=f"From {self.as_of.strftime(f)} to {self.until.strftime(f)}",
            columns=cols, rows=tuple(tuple(getattr(r, c.key) for c in cols)
                                     for r in self.rows),
                     **_quarantine_notes(self.quarantined))


def _from_timeline(store: Store, calendar: WorkingCalendar, day: date, end: date,
                   code: str | None, by: str, reg: UnitRegistry) -> list[DeadlineRow]:
    """The rows read from the store's status segments of *day*: open tasks within the
    deadline (in a segment, ``IN_PROGRESS`` also stands for due soon; paused tasks and
    tasks without deadline have other kinds) whose current due date is in the window."""
    picked = []
    for seg in store.status_segments(day, group=ReportGroup.NOT_COMPLETED_ON_TIME):
        if seg.kind is not StatusKind.IN_PROGRESS or seg.current_due is None:
            continue
        if not day <= seg.current_due <= end:
            continue
        lead = _lead_of(reg, seg.lead_unit, seg.previous_leads, day, by)
        if code is None or lead == code:
            picked.append((seg, lead))
    if not picked:
        return []
    tasks = store.task_briefs([s.task_id for s, _ in picked])
    rows = []
    for seg, lead in picked:
        task = tasks[seg.task_id]
        st = seg.on(day, calendar=calendar)
        assert st.current_due is not None
        rows.append(DeadlineRow(
            task_id=task.id, directive_id=task.directive_id,
            content=_segment_content(task.content, seg),
            lead_unit=lead, lead_name=reg.name_of(lead), due=st.current_due,
            working_days_remaining=st.working_days_remaining or 0,
            status_vi=st.kind.label_vi, status_en=st.kind.label_en))
    return rows


def upcoming_deadlines(store: Store, calendar: WorkingCalendar, *, as_of: date,
                       until: date | None = None, working_days: int = 10,
                       unit: str | None = None, by: str = "new",
                       registry: UnitRegistry | None = None,
                       lifecycle_policy: LifecyclePolicy | None = None,
                       today: date | None = None,
                       judge_review_on_submission: bool = True
                       ) -> UpcomingDeadlines:
    """
    Return open (not paused) tasks whose current due date is in [*as_of*, *until*].

    Args:
        store, calendar, registry, lifecycle_policy: as in :func:`scoreboard`.
        as_of: the first day of the window (inclusive).
        until: the last day (inclusive); default ``calendar.add_working_days(as_of,
            working_days)``.
        working_days: the window length when *until* is not given (≥ 0).
        unit, by: as in :func:`overdue_list`.
        today: the current date (default: today in Vietnam, Asia/Ho_Chi_Minh): a
            period whose cut-off is after it is reported as of *today*, provisionally,
            and an *as_of* after it is refused.
        judge_review_on_submission: judge a task whose result awaits the assigner's
            review on its submission date (default True, as reminders do not urge it;
            see :mod:`directive_tracker.reports`); False judges it on the report date.

    Returns:
        An :class:`UpcomingDeadlines`.

    Raises:
        InvalidTypeError, ValidationError: as in :func:`scoreboard`; *until* before
            *as_of*; a negative *working_days*.

    .. versionadded:: 0.1.0
    """
    day, _ = _check_common(store, calendar, as_of, None, today)

    n = check_int(working_days, "working_days", minimum=0, maximum=10_000)
    end = calendar.add_working_days(day, n) if until is None else check_date(until, "until")
    if end < day:
        raise ValidationError(f"until {end} is before as_of {day}; the window "
                              "[as_of, until] is inclusive and must not be empty")
    reg = _registry(store, registry)
    if _materialised(store, calendar, lifecycle_policy, day, judge_review_on_submission):
        bad = store.unreplayable_task_ids(day)
        collected, quarantined = (_collect(store, calendar, day, None, lifecycle_policy,
                                           DEFAULT_DUE_SOON_DAYS, ids=bad)
                                  if bad else ([], ()))
        code = _check_unit_timeline(store, reg, unit, by, day, collected)
        rows = _from_timeline(store, calendar, day, end, code, by, reg)
        items = _keep_unit(reg, code, by, day, collected)
    else:
        collected, quarantined = _collect(
            store, calendar, day, None, lifecycle_policy, DEFAULT_DUE_SOON_DAYS,
            judge_review_on_submission=bool(judge_review_on_submission))
        items = _filter_unit(store, reg, unit, by, day, collected)
        rows = []
    for it in items:
        st = it.st
        if st.kind not in (StatusKind.IN_PROGRESS, StatusKind.DUE_SOON):
            continue
        assert st.current_due is not None
        if not day <= st.current_due <= end:
            continue
        lead = _lead_code(reg, st, day, by)
        rows.append(DeadlineRow(
            task_id=it.task.id, directive_id=it.task.directive_id, content=it.content,
            lead_unit=lead, lead_name=reg.name_of(lead), due=st.current_due,
            working_days_remaining=st.working_days_remaining or 0, status_vi=st.label_vi,
            status_en=st.label_en))
    rows.sort(key=lambda r: (r.due, r.task_id))
    return UpcomingDeadlines(as_of=day, until=end, rows=tuple(rows), quarantined=quarantined)
