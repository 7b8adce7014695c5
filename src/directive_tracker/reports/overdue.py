# SPDX-License-Identifier: MIT
"""
The list of overdue tasks.

.. versionadded:: 0.2.0
   Split out of ``reports.py``.
"""

from __future__ import annotations

from datetime import date

import attrs

from ..calendars import WorkingCalendar
from ..integrity import HistoryProblem
from ..lifecycle import LifecyclePolicy
from ..status import DEFAULT_DUE_SOON_DAYS, StatusKind, is_overdue
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
    _period_lines,
    _quarantine_notes,
    _registry,
    _rollup,
    _stored_content,
)
from .table import Column, ReportResult, Table

# --------------------------------------------------------------------------- overdue


@attrs.frozen(kw_only=True)
class OverdueRow:
    """
    One task not completed and past its current due date on the report date.

    For an occurrence of a periodic duty, ``occurrence`` is its key ("2026-11") and
    ``content`` starts with it in words ("Báo cáo tháng 11/2026: …").

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``occurrence``.
    """

    task_id: str
    directive_id: str
    content: str
    lead_unit: str
    lead_name: str
    original_due: date
    current_due: date
    working_days_late: int
    percent: int
    status_vi: str
    status_en: str
    occurrence: str | None = None


@attrs.frozen(kw_only=True)
class OverdueList(ReportResult):
    """
    Overdue tasks, most working days late first (then task id).

    .. versionadded:: 0.1.0
    """

    as_of: date
    rows: tuple[OverdueRow, ...]
    quarantined: tuple[HistoryProblem, ...] = ()

    def to_table(self) -> Table:
        """Return the list as a :class:`Table`."""
        sub_vi, sub_en = _period_lines(self.as_of, None)
        cols = (
            Column(key="task_id", label_vi="Mã nhiệm vụ", label_en="Task id"),
            Column(key="directive_id", label_vi="Mã văn bản", label_en="Directive id"),
            Column(key="content", label_vi="Nội dung nhiệm vụ", label_en="Task"),
            Column(key="lead_unit", label_vi="Mã đơn vị", label_en="Unit code"),
            Column(key="lead_name", label_vi="Đơn vị chủ trì", label_en="Lead unit"),
            Column(key="original_due", label_vi="Hạn ban đầu", label_en="Original due",
                   kind="date"),
            Column(key="current_due", label_vi="Hạn hiện hành", label_en="Current due",
                   kind="date"),
            Column(key="working_days_late", label_vi="Số ngày làm việc quá hạn",
                   label_en="Working days late", kind="int"),
            Column(key="percent", label_vi="Tiến độ (%)", label_en="Progress (%)",
                   kind="int"),
            Column(key="status_vi", label_vi="Tình trạng", label_en="Status (Vietnamese)",
                   lang="vi"),
            Column(key="status_en", label_vi="Tình trạng (tiếng Anh)", label_en="Status",
                   lang="en"),
        )
        return Table(name="overdue", title_vi="DANH SÁCH NHIỆM VỤ QUÁ HẠN",
                     title_en="Overdue tasks", subtitle_vi=sub_vi, subtitle_en=sub_en,
                     columns=cols,
                     rows=tuple(tuple(getattr(r, c.key) for c in cols) for r in self.rows),
                     **_quarantine_notes(self.quarantined))


def _from_timeline(store: Store, day: date, code: str | None, by: str,
                   reg: UnitRegistry) -> list[OverdueRow]:
    """The overdue rows read from the store's materialised overdue segments of *day*
    (:meth:`Store.overdue_entries`; with ``by="new"`` and a unit, only those of the
    units that roll up into it are read)."""
    leads = None
    if code is not None and by == "new":
        leads = sorted({u.code for u in reg if _rollup(reg, u.code, day, by) == code}
                       | {code})
    rows = []
    # A unit's thousands of rows share a few (lead, previous leads): each is rolled up
    # and named once.
    lead_of: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = {}
    labels = {k.value: (k.label_vi, k.label_en) for k in StatusKind}
    for e in store.overdue_entries(day, lead_units=leads):
        key = (e.lead_unit, e.previous_leads)
        found = lead_of.get(key)
        if found is None:
            lead = _lead_of(reg, e.lead_unit, e.previous_leads, day, by)
            found = lead_of[key] = (lead, reg.name_of(lead))
        if code is not None and found[0] != code:
            continue
        assert e.current_due is not None
        assert e.original_due is not None
        label_vi, label_en = labels[e.kind]
        rows.append(OverdueRow(
            task_id=e.task_id, directive_id=e.directive_id,
            content=_stored_content(e.content, e.occurrence, e.occurrence_title),
            lead_unit=found[0], lead_name=found[1], original_due=e.original_due,
            current_due=e.current_due, working_days_late=e.working_days_late,
            percent=e.percent, status_vi=label_vi, status_en=label_en,
            occurrence=e.occurrence or None))
    return rows


def overdue_list(store: Store, calendar: WorkingCalendar, *, as_of: date,
                 unit: str | None = None, by: str = "new",
                 registry: UnitRegistry | None = None,
                 lifecycle_policy: LifecyclePolicy | None = None,
                 today: date | None = None,
                 judge_review_on_submission: bool = True) -> OverdueList:
    """
    Return the tasks overdue on *as_of*: the group "Chưa hoàn thành quá hạn", the one
    public definition :func:`directive_tracker.status.is_overdue`.

    This includes tasks paused after they were already late (status "Tạm dừng"), and
    judges a task awaiting review on its submission date (*judge_review_on_submission*);
    :func:`directive_tracker.services.overdue_tasks` returns the same tasks.

    Args:
        store, calendar, registry, lifecycle_policy: as in :func:`scoreboard`.
        as_of: the report date.
        unit: only tasks whose lead on *as_of* (rolled up by *by*) is this unit.
        by: ``"new"`` or ``"old"``.
        today: the current date (default: today in Vietnam, Asia/Ho_Chi_Minh): a
            period whose cut-off is after it is reported as of *today*, provisionally,
            and an *as_of* after it is refused.
        judge_review_on_submission: judge a task whose result awaits the assigner's
            review on its submission date (default True, as reminders do not urge it;
            see :mod:`directive_tracker.reports`); False judges it on the report date.

    Returns:
        An :class:`OverdueList`.

    Raises:
        InvalidTypeError, ValidationError: as in :func:`scoreboard`.

    .. versionadded:: 0.1.0
    """
    day, _ = _check_common(store, calendar, as_of, None, today)
    reg = _registry(store, registry)
    if _materialised(store, calendar, lifecycle_policy, day, judge_review_on_submission):
        bad = store.unreplayable_task_ids(day)
        collected, quarantined = (_collect(store, calendar, day, None, lifecycle_policy,
                                           DEFAULT_DUE_SOON_DAYS, ids=bad)
                                  if bad else ([], ()))
        code = _check_unit_timeline(store, reg, unit, by, day, collected)
        rows = _from_timeline(store, day, code, by, reg)
        items = _keep_unit(reg, code, by, day, collected)
    else:
        collected, quarantined = _collect(
            store, calendar, day, None, lifecycle_policy, DEFAULT_DUE_SOON_DAYS,
            judge_review_on_submission=bool(judge_review_on_submission))
        items = _filter_unit(store, reg, unit, by, day, collected)
        rows = []
    for it in items:
        st = it.st
        if not is_overdue(st):
            continue
        assert st.current_due is not None
        assert st.original_due is not None
        lead = _lead_code(reg, st, day, by)
        rows.append(OverdueRow(
            task_id=it.task.id, directive_id=it.task.directive_id, content=it.content,
            lead_unit=lead, lead_name=reg.name_of(lead), original_due=st.original_due,
            current_due=st.current_due, working_days_late=st.working_days_late or 0,
            percent=st.state.percent, status_vi=st.label_vi, status_en=st.label_en,
            occurrence=None if it.occurrence is None else it.occurrence.key))
    rows.sort(key=lambda r: (-r.working_days_late, r.task_id, r.occurrence or ""))
    return OverdueList(as_of=day, rows=tuple(rows), quarantined=quarantined)
