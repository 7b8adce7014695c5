# SPDX-License-Identifier: MIT
"""
The per-unit scoreboard (bảng tổng hợp kết quả theo đơn vị).

.. versionadded:: 0.2.0
   Split out of ``reports.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any

import attrs

from ..calendars import WorkingCalendar
from ..exceptions import InvalidTypeError, ValidationError
from ..integrity import HistoryProblem
from ..lifecycle import LifecyclePolicy
from ..periods import ReportingPeriod
from ..status import DEFAULT_DUE_SOON_DAYS, StatusKind, TaskStatus
from ..storage.base import Store
from ..tasks import Priority
from ..units import UnitRegistry
from ._common import (
    _EXCLUDED,
    _check_common,
    _collect,
    _lead_code,
    _mean,
    _period_lines,
    _quarantine_notes,
    _registry,
    _rollup,
)
from .kpi import KpiItem, KpiRole, get_kpi, on_time_rate_original_v1, on_time_rate_v1
from .table import Column, ReportResult, Table

# --------------------------------------------------------------------------- scoreboard


@attrs.frozen(kw_only=True)
class ScoreboardRow:
    """
    One unit's line of the scoreboard (see the module docstring for the counting rules).

    .. versionadded:: 0.1.0
    """

    rank: int
    unit: str
    unit_name: str
    assigned: int
    completed_on_time: int
    completed_late: int
    in_progress_on_time: int
    overdue: int
    no_deadline: int
    paused: int
    cancelled_or_refused: int
    on_time_rate: float | None
    on_time_rate_original: float | None
    average_working_days_late: float | None
    kpis: Mapping[str, float | None] = attrs.field(factory=dict)

    @property
    def completed(self) -> int:
        """Completed tasks (on time and late)."""
        return self.completed_on_time + self.completed_late


_SCORE_COLUMNS = (
    Column(key="rank", label_vi="Xếp hạng", label_en="Rank", kind="int"),
    Column(key="unit", label_vi="Mã đơn vị", label_en="Unit code"),
    Column(key="unit_name", label_vi="Đơn vị chủ trì", label_en="Lead unit"),
    Column(key="assigned", label_vi="Tổng số nhiệm vụ được giao", label_en="Assigned",
           kind="int"),
    Column(key="completed_on_time", label_vi="Đã hoàn thành đúng hạn",
           label_en="Completed on time", kind="int"),
    Column(key="completed_late", label_vi="Đã hoàn thành quá hạn",
           label_en="Completed late", kind="int"),
    Column(key="in_progress_on_time", label_vi="Đang thực hiện trong hạn",
           label_en="In progress, on time", kind="int"),
    Column(key="overdue", label_vi="Đang thực hiện quá hạn", label_en="Overdue",
           kind="int"),
    Column(key="no_deadline", label_vi="Không có thời hạn", label_en="No deadline",
           kind="int"),
    Column(key="paused", label_vi="Tạm dừng", label_en="Paused", kind="int"),
    Column(key="cancelled_or_refused", label_vi="Thu hồi, hủy, từ chối",
           label_en="Cancelled or refused", kind="int"),
    Column(key="on_time_rate", label_vi="Tỷ lệ đúng hạn (theo hạn hiện hành)",
           label_en="On-time rate (current due)", kind="rate"),
    Column(key="on_time_rate_original", label_vi="Tỷ lệ đúng hạn (theo hạn ban đầu)",
           label_en="On-time rate (original due)", kind="rate"),
    Column(key="average_working_days_late", label_vi="Số ngày làm việc trễ bình quân",
           label_en="Average working days late", kind="float"),
)
_COUNT_KEYS = ("assigned", "completed_on_time", "completed_late", "in_progress_on_time",
               "overdue", "no_deadline", "paused", "cancelled_or_refused")


@attrs.frozen(kw_only=True)
class Scoreboard(ReportResult):
    """
    The per-unit scoreboard, ranked; :attr:`total` is the whole province.

    .. versionadded:: 0.1.0
    """

    as_of: date
    period: ReportingPeriod | None
    by: str
    rows: tuple[ScoreboardRow, ...]
    total: ScoreboardRow
    kpi_keys: tuple[str, ...] = ()
    rank_by: str = "on_time_rate"
    quarantined: tuple[HistoryProblem, ...] = ()

    def to_table(self) -> Table:
        """Return the scoreboard as a :class:`Table` (with a totals row)."""
        kcols = tuple(Column(key=k, label_vi=get_kpi(k).label_vi, label_en=get_kpi(k).label_en,
                             kind=get_kpi(k).kind) for k in self.kpi_keys)

        def line(r: ScoreboardRow, rank: int | None) -> tuple[Any, ...]:
            return (rank, r.unit, r.unit_name, *(getattr(r, k) for k in _COUNT_KEYS),
                    r.on_time_rate, r.on_time_rate_original, r.average_working_days_late,
                    *(r.kpis.get(k) for k in self.kpi_keys))

        sub_vi, sub_en = _period_lines(self.as_of, self.period)
        return Table(
            name="scoreboard",
            title_vi="BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ",
            title_en="Task results by unit", subtitle_vi=sub_vi, subtitle_en=sub_en,
            columns=(*_SCORE_COLUMNS, *kcols),
            rows=tuple(line(r, r.rank) for r in self.rows),
            totals=line(self.total, None),
                     **_quarantine_notes(self.quarantined))


def _tally(unit: str, name: str, sts: Sequence[TaskStatus], kpi_items: Sequence[KpiItem],
           kpi_keys: Sequence[str]) -> ScoreboardRow:
    kinds = [s.kind for s in sts]
    excluded = sum(1 for k in kinds if k in _EXCLUDED)
    counted = [s for s in sts if s.kind not in _EXCLUDED]
    lead_items = [KpiItem(status=s, role=KpiRole.LEAD, priority=Priority.NORMAL)
                  for s in counted]
    late = [s.working_days_late or 0 for s in counted if s.on_time_vs_current is False]
    c = {k: sum(1 for s in counted if s.kind is k) for k in StatusKind}
    return ScoreboardRow(
        rank=0, unit=unit, unit_name=name, assigned=len(counted),
        completed_on_time=c[StatusKind.COMPLETED_ON_TIME],
        completed_late=c[StatusKind.COMPLETED_LATE],
        in_progress_on_time=c[StatusKind.IN_PROGRESS] + c[StatusKind.DUE_SOON],
        overdue=c[StatusKind.OVERDUE], no_deadline=c[StatusKind.NO_DEADLINE],
        paused=c[StatusKind.PAUSED], cancelled_or_refused=excluded,
        on_time_rate=on_time_rate_v1(lead_items),
        on_time_rate_original=on_time_rate_original_v1(lead_items),
        average_working_days_late=_mean(late),
        kpis=MappingProxyType({k: get_kpi(k).compute(kpi_items) for k in kpi_keys}))


def _rank(rows: list[ScoreboardRow], rank_by: str) -> list[ScoreboardRow]:
    def key(r: ScoreboardRow) -> tuple[float, int]:
        if rank_by in ("on_time_rate", "on_time_rate_original"):
            value = getattr(r, rank_by)
        else:
            value = r.kpis.get(rank_by)
        return (-(float("-inf") if value is None else value), r.overdue)

    rows = sorted(rows, key=lambda r: (*key(r), -r.assigned, r.unit))
    out = []
    for r in rows:
        better = sum(1 for o in rows if key(o) < key(r))
        out.append(attrs.evolve(r, rank=better + 1))
    return out


def _kpi_keys(kpis: Iterable[str]) -> tuple[str, ...]:
    if isinstance(kpis, str) or not isinstance(kpis, Iterable):
        raise InvalidTypeError("kpis", kpis, "a sequence of KPI keys such as 'on_time_rate@1'")
    keys = tuple(kpis)
    for k in keys:
        get_kpi(k)
    return keys


def scoreboard(store: Store, calendar: WorkingCalendar, *, as_of: date | None = None,
               period: ReportingPeriod | None = None, by: str = "new",
               registry: UnitRegistry | None = None,
               kpis: Iterable[str] = ("weighted_score@1",),
               rank_by: str = "on_time_rate",
               lifecycle_policy: LifecyclePolicy | None = None,
               due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> Scoreboard:
    """
    Return the per-unit scoreboard on *as_of* (or for *period*), ranked.

    Each task counts once, under its lead unit on *as_of* rolled up by *by*; KPI
    formulas also see the tasks a unit coordinates (role ``COORDINATING``).  Rows are
    ranked by *rank_by* (default the on-time rate against the current due date; higher
    is better, units where it is None last), then fewer overdue tasks; equal keys share
    a rank (1, 2, 2, 4).  Ties are listed by more assigned tasks, then unit code.

    Args:
        store: the store.
        calendar: the working-day calendar.
        as_of: the report date (default ``period.end`` when a period is given).
        period: a Decree 09 :class:`~directive_tracker.periods.ReportingPeriod` that
            scopes the tasks (see the module docstring).
        by: ``"new"`` (roll merged units up into their successor) or ``"old"``.
        registry: units and successions (default: built from the store).
        kpis: keys of :data:`KPI_FORMULAS` to add as columns.
        rank_by: ``"on_time_rate"``, ``"on_time_rate_original"`` or one of *kpis*.
        lifecycle_policy: the lifecycle policy the events were recorded under.
        due_soon_days: the "due soon" window (working days).

    Returns:
        A :class:`Scoreboard`.

    Raises:
        InvalidTypeError: an argument of the wrong type.
        ValidationError: neither *as_of* nor *period*, *as_of* before the period, an
            unknown KPI key, *rank_by* not allowed, or *by* not ``"new"``/``"old"``.

    .. versionadded:: 0.1.0
    """
    day, per = _check_common(store, calendar, as_of, period)
    if by not in ("new", "old"):
        raise ValidationError(f"by must be 'new' or 'old', got {by!r}", param_name="by")
    keys = _kpi_keys(kpis)
    if rank_by not in ("on_time_rate", "on_time_rate_original", *keys):
        raise ValidationError(
            f"rank_by must be 'on_time_rate', 'on_time_rate_original' or one of the kpis "
            f"{list(keys)}, got {rank_by!r}", param_name="rank_by")
    reg = _registry(store, registry)
    items, quarantined = _collect(store, calendar, day, per, lifecycle_policy, due_soon_days)
    by_unit: dict[str, list[TaskStatus]] = defaultdict(list)
    kpi_items: dict[str, list[KpiItem]] = defaultdict(list)
    for it in items:
        lead = _lead_code(reg, it.st, day, by)
        by_unit[lead].append(it.st)
        kpi_items[lead].append(KpiItem(status=it.st, role=KpiRole.LEAD,
                                       priority=it.task.priority))
        coords = {_rollup(reg, c, day, by) for c in it.st.state.coordinating_units} - {lead}
        for c in sorted(coords):
            kpi_items[c].append(KpiItem(status=it.st, role=KpiRole.COORDINATING,
                                        priority=it.task.priority))
    units = sorted(set(by_unit) | set(kpi_items))
    rows = [_tally(u, reg.name_of(u), by_unit.get(u, []), kpi_items.get(u, []), keys)
            for u in units]
    total = _tally("", "Tổng cộng", [it.st for it in items],
                   [KpiItem(status=it.st, role=KpiRole.LEAD, priority=it.task.priority)
                    for it in items], keys)
    return Scoreboard(as_of=day, period=per, by=by, rows=tuple(_rank(rows, rank_by)),
                      total=total, kpi_keys=keys, rank_by=rank_by, quarantined=quarantined)
