# SPDX-License-Identifier: MIT
"""
Per-directive progress.

.. versionadded:: 0.2.0
   Split out of ``reports.py``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import attrs

from ..calendars import WorkingCalendar
from ..directives import Directive
from ..integrity import HistoryProblem
from ..lifecycle import LifecyclePolicy
from ..periods import ReportingPeriod
from ..status import DEFAULT_DUE_SOON_DAYS, ReportGroup, TaskStatus
from ..storage.base import Store
from ..timeline import StatusTally
from ._common import (
    _check_common,
    _collect,
    _materialised,
    _period_lines,
    _quarantine_notes,
)
from .kpi import tally_of
from .table import Column, ReportResult, Table

# --------------------------------------------------------------------------- directives


@attrs.frozen(kw_only=True)
class DirectiveProgressRow:
    """
    Progress of one directive's tasks.

    ``tasks`` excludes cancelled and refused tasks; ``completion_rate`` is completed /
    tasks and ``average_percent`` the mean last reported progress (100 once completed).

    .. versionadded:: 0.1.0
    """

    directive_id: str
    number: str
    summary: str
    issue_date: date
    tasks: int
    completed_on_time: int
    completed_late: int
    not_completed_on_time: int
    not_completed_overdue: int
    completion_rate: float | None
    average_percent: float | None


@attrs.frozen(kw_only=True)
class DirectiveProgress(ReportResult):
    """
    Per-directive progress, sorted by issue date then id.

    .. versionadded:: 0.1.0
    """

    as_of: date
    period: ReportingPeriod | None
    rows: tuple[DirectiveProgressRow, ...]
    quarantined: tuple[HistoryProblem, ...] = ()

    def to_table(self) -> Table:
        """Return the report as a :class:`Table`."""
        sub_vi, sub_en = _period_lines(self.as_of, self.period)
        cols = (
            Column(key="directive_id", label_vi="Mã văn bản", label_en="Directive id"),
            Column(key="number", label_vi="Số, ký hiệu", label_en="Number"),
            Column(key="summary", label_vi="Trích yếu", label_en="Summary"),
            Column(key="issue_date", label_vi="Ngày ban hành", label_en="Issued",
                   kind="date"),
            Column(key="tasks", label_vi="Số nhiệm vụ", label_en="Tasks", kind="int"),
            Column(key="completed_on_time", label_vi="Đã hoàn thành đúng hạn",
                   label_en="Completed on time", kind="int"),
            Column(key="completed_late", label_vi="Đã hoàn thành quá hạn",
                   label_en="Completed late", kind="int"),
            Column(key="not_completed_on_time", label_vi="Chưa hoàn thành trong hạn",
                   label_en="Not completed, within deadline", kind="int"),
            Column(key="not_completed_overdue", label_vi="Chưa hoàn thành quá hạn",
                   label_en="Not completed, overdue", kind="int"),
            Column(key="completion_rate", label_vi="Tỷ lệ hoàn thành",
                   label_en="Completion rate", kind="rate"),
            Column(key="average_percent", label_vi="Tiến độ bình quân (%)",
                   label_en="Average progress (%)", kind="float"),
        )
        return Table(name="directive_progress",
                     title_vi="TIẾN ĐỘ THỰC HIỆN CÁC VĂN BẢN CHỈ ĐẠO",
                     title_en="Progress by directive", subtitle_vi=sub_vi, subtitle_en=sub_en,
                     columns=cols,
                     rows=tuple(tuple(getattr(r, c.key) for c in cols) for r in self.rows),
                     **_quarantine_notes(
                         self.quarantined,
                         notes_vi=("Số nhiệm vụ = Đã hoàn thành đúng hạn + Đã hoàn thành quá "
                                   "hạn + Chưa hoàn thành trong hạn (kể cả nhiệm vụ không có "
                                   "thời hạn và tạm dừng còn hạn) + Chưa hoàn thành quá hạn; "
                                   "nhiệm vụ thu hồi, hủy, từ chối không tính.",),
                         notes_en=("Tasks = completed on time + completed late + not "
                                   "completed within the deadline (including tasks without a "
                                   "deadline and paused ones with time left) + not completed, "
                                   "overdue; cancelled and refused tasks are not counted.",)))


def _progress_row(d: Directive, t: StatusTally) -> DirectiveProgressRow:
    """A row from the tally of the directive's tasks."""
    n = t.groups
    done = n[ReportGroup.COMPLETED_ON_TIME] + n[ReportGroup.COMPLETED_LATE]
    return DirectiveProgressRow(
        directive_id=d.id, number="" if d.number is None else str(d.number),
        summary=d.summary, issue_date=d.issue_date, tasks=t.counted,
        completed_on_time=n[ReportGroup.COMPLETED_ON_TIME],
        completed_late=n[ReportGroup.COMPLETED_LATE],
        not_completed_on_time=n[ReportGroup.NOT_COMPLETED_ON_TIME],
        not_completed_overdue=n[ReportGroup.NOT_COMPLETED_OVERDUE],
        completion_rate=done / t.counted if t.counted else None,
        average_percent=t.percent / t.counted if t.counted else None)


def directive_progress(store: Store, calendar: WorkingCalendar, *, as_of: date | None = None,
                       period: ReportingPeriod | None = None,
                       lifecycle_policy: LifecyclePolicy | None = None,
                       today: date | None = None,
                       judge_review_on_submission: bool = True
                       ) -> DirectiveProgress:
    """
    Return the progress of every directive that has tasks in scope.

    Args:
        store, calendar, as_of, period, lifecycle_policy: as in :func:`scoreboard`.
        today: the current date (default: today in Vietnam, Asia/Ho_Chi_Minh): a
            period whose cut-off is after it is reported as of *today*, provisionally,
            and an *as_of* after it is refused.
        judge_review_on_submission: judge a task whose result awaits the assigner's
            review on its submission date (default True, as reminders do not urge it;
            see :mod:`directive_tracker.reports`); False judges it on the report date.

    Returns:
        A :class:`DirectiveProgress` (directives sorted by issue date, then id).

    Raises:
        InvalidTypeError, ValidationError: as in :func:`scoreboard`.

    .. versionadded:: 0.1.0
    """
    day, per = _check_common(store, calendar, as_of, period, today)
    tallies: dict[str, StatusTally] = defaultdict(StatusTally)
    ids: list[str] | None = None
    if _materialised(store, calendar, lifecycle_policy, day, judge_review_on_submission):
        agg = store.status_tallies(day, calendar=calendar, by="directive",
                                   assigned_until=None if per is None else per.end,
                                   ended_from=None if per is None else per.start,
                                   coordinating=False)  # rows are directives
        for (did, _), t in agg.tallies.items():
            tallies[did].merge(t)
        ids = list(agg.unreplayable)
    quarantined: tuple[HistoryProblem, ...] = ()
    if ids is None or ids:
        # Task by task: every task, or only those the store cannot replay.
        items, quarantined = _collect(
            store, calendar, day, per, lifecycle_policy, DEFAULT_DUE_SOON_DAYS,
            judge_review_on_submission=bool(judge_review_on_submission), ids=ids)
        groups: dict[str, list[TaskStatus]] = defaultdict(list)
        for it in items:
            groups[it.task.directive_id].append(it.st)
        for did, sts in groups.items():
            tallies[did].merge(tally_of(sts))
    rows = [_progress_row(store.get_directive(did), t) for did, t in tallies.items()]
    rows.sort(key=lambda r: (r.issue_date, r.directive_id))
    return DirectiveProgress(as_of=day, period=per, rows=tuple(rows), quarantined=quarantined)
