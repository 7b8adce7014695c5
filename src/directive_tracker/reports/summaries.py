# SPDX-License-Identifier: MIT
"""
The official 4-way summary (Báo cáo 1270/BC-TCTTTg).

.. versionadded:: 0.2.0
   Split out of ``reports.py``.
"""

from __future__ import annotations

from datetime import date

import attrs

from ..calendars import WorkingCalendar
from ..integrity import HistoryProblem
from ..lifecycle import LifecyclePolicy
from ..periods import ReportingPeriod
from ..status import DEFAULT_DUE_SOON_DAYS, ReportGroup
from ..storage.base import Store
from ..timeline import StatusTally
from ..units import UnitRegistry
from ._common import (
    _check_common,
    _check_unit_timeline,
    _collect,
    _filter_unit,
    _keep_unit,
    _lead_of,
    _materialised,
    _period_lines,
    _quarantine_notes,
    _registry,
)
from .kpi import tally_of
from .table import Column, ReportResult, Table

# --------------------------------------------------------------------------- summary


@attrs.frozen(kw_only=True)
class SummaryRow:
    """
    One of the four official groups with its count and share of the total.

    .. versionadded:: 0.1.0
    """

    group: ReportGroup
    label_vi: str
    label_en: str
    count: int
    share: float | None


@attrs.frozen(kw_only=True)
class Summary(ReportResult):
    """
    The official 4-way summary: completed on time / late; not completed within the
    deadline / overdue (Báo cáo 1270/BC-TCTTTg).

    ``total`` is the sum of the four groups; cancelled and refused tasks are reported
    apart in ``cancelled_or_refused``.

    .. versionadded:: 0.1.0
    """

    as_of: date
    period: ReportingPeriod | None
    rows: tuple[SummaryRow, ...]
    total: int
    cancelled_or_refused: int
    quarantined: tuple[HistoryProblem, ...] = ()

    def count(self, group: ReportGroup) -> int:
        """Return the count of *group*."""
        return next(r.count for r in self.rows if r.group is group)

    @property
    def completed(self) -> int:
        """Completed tasks (on time and late)."""
        return self.count(ReportGroup.COMPLETED_ON_TIME) + self.count(ReportGroup.COMPLETED_LATE)

    @property
    def not_completed(self) -> int:
        """Open tasks (within the deadline and overdue)."""
        return self.total - self.completed

    def to_table(self) -> Table:
        """Return the summary as a :class:`Table`."""
        sub_vi, sub_en = _period_lines(self.as_of, self.period)
        return Table(
            name="summary", title_vi="TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
            title_en="Summary of task results", subtitle_vi=sub_vi, subtitle_en=sub_en,
            columns=(Column(key="group", label_vi="Mã nhóm", label_en="Group code",
                            machine=True),
                     Column(key="label_vi", label_vi="Tình hình thực hiện",
                            label_en="Status (Vietnamese)", lang="vi"),
                     Column(key="label_en", label_vi="Tình hình thực hiện (tiếng Anh)",
                            label_en="Status", lang="en"),
                     Column(key="count", label_vi="Số nhiệm vụ", label_en="Tasks",
                            kind="int"),
                     Column(key="share", label_vi="Tỷ lệ", label_en="Share", kind="rate")),
            rows=tuple((r.group.value, r.label_vi, r.label_en, r.count, r.share)
                       for r in self.rows),
            totals=("", "Tổng cộng", "Total", self.total, 1.0 if self.total else None),
            **_quarantine_notes(
                self.quarantined,
                notes_vi=(f"Ngoài ra {self.cancelled_or_refused} nhiệm vụ thu hồi, hủy hoặc "
                          f"từ chối không tính vào tổng số.",)
                if self.cancelled_or_refused else (),
                notes_en=(f"A further {self.cancelled_or_refused} cancelled or refused tasks "
                          f"are not counted in the total.",)
                if self.cancelled_or_refused else ()))


def _from_timeline(store: Store, calendar: WorkingCalendar, day: date,
                   per: ReportingPeriod | None, unit: str | None, by: str,
                   registry: UnitRegistry | None, lifecycle_policy: LifecyclePolicy | None
                   ) -> tuple[StatusTally, tuple[HistoryProblem, ...]]:
    """The summary's tally from the store's aggregation of the materialised status
    timelines; tasks the store cannot replay are judged one by one (and quarantined
    when the lifecycle refuses their history, as on the task-by-task path)."""
    agg = store.status_tallies(day, calendar=calendar,
                               assigned_until=None if per is None else per.end,
                               ended_from=None if per is None else per.start,
                               coordinating=False)  # a summary lists no units
    extra, quarantined = (_collect(store, calendar, day, per, lifecycle_policy,
                                   DEFAULT_DUE_SOON_DAYS, ids=agg.unreplayable)
                          if agg.unreplayable else ([], ()))
    if unit is None:  # the registry is read (and checked) only for a unit filter
        _filter_unit(store, registry, None, by, day, [])  # checks *by*
        tally = tally_of(it.st for it in extra)
        for t in agg.tallies.values():
            tally.merge(t)
        return tally, quarantined
    reg = _registry(store, registry)
    code = _check_unit_timeline(store, reg, unit, by, day, extra,
                                assigned_until=None if per is None else per.end,
                                ended_from=None if per is None else per.start)
    tally = tally_of(it.st for it in _keep_unit(reg, code, by, day, extra))
    for (lead, previous), t in agg.tallies.items():
        if _lead_of(reg, lead, previous, day, by) == code:
            tally.merge(t)
    return tally, quarantined


def summary(store: Store, calendar: WorkingCalendar, *, as_of: date | None = None,
            period: ReportingPeriod | None = None, unit: str | None = None, by: str = "new",
            registry: UnitRegistry | None = None,
            lifecycle_policy: LifecyclePolicy | None = None,
            today: date | None = None,
            judge_review_on_submission: bool = True) -> Summary:
    """
    Return the official 4-way summary on *as_of* (or for *period*).

    Args:
        store, calendar, as_of, period, registry, lifecycle_policy: as in
            :func:`scoreboard`.
        unit: only tasks led (on *as_of*, rolled up by *by*) by this unit.
        by: ``"new"`` or ``"old"`` (used with *unit*).
        today: the current date (default: today in Vietnam, Asia/Ho_Chi_Minh): a
            period whose cut-off is after it is reported as of *today*, provisionally,
            and an *as_of* after it is refused.
        judge_review_on_submission: judge a task whose result awaits the assigner's
            review on its submission date (default True, as reminders do not urge it;
            see :mod:`directive_tracker.reports`); False judges it on the report date.

    Returns:
        A :class:`Summary` whose rows are the four :class:`ReportGroup` in official
        order, with shares of the total (None when the total is 0).

    Raises:
        InvalidTypeError, ValidationError: as in :func:`scoreboard`.

    .. versionadded:: 0.1.0
    """
    day, per = _check_common(store, calendar, as_of, period, today)
    if _materialised(store, calendar, lifecycle_policy, day, judge_review_on_submission):
        tally, quarantined = _from_timeline(store, calendar, day, per, unit, by, registry,
                                            lifecycle_policy)
    else:
        collected, quarantined = _collect(
            store, calendar, day, per, lifecycle_policy, DEFAULT_DUE_SOON_DAYS,
            judge_review_on_submission=bool(judge_review_on_submission))
        tally = tally_of(it.st for it in _filter_unit(store, registry, unit, by, day,
                                                      collected))
    counts, excluded, total = tally.groups, tally.cancelled_or_refused, tally.counted
    rows = tuple(SummaryRow(group=g, label_vi=g.label_vi, label_en=g.label_en,
                            count=counts[g], share=counts[g] / total if total else None)
                 for g in ReportGroup)
    return Summary(quarantined=quarantined, as_of=day, period=per, rows=rows, total=total,
                   cancelled_or_refused=excluded)
