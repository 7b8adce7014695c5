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
from ..exceptions import InvalidTypeError, UnitNotFoundError, ValidationError
from ..integrity import HistoryProblem
from ..lifecycle import LifecyclePolicy
from ..periods import ReportingPeriod
from ..status import DEFAULT_DUE_SOON_DAYS, ReportGroup, StatusKind, TaskStatus
from ..storage.base import Store
from ..tasks import Priority
from ..timeline import StatusTally
from ..units import UnitRegistry
from ._common import (
    _EXCLUDED,
    _check_common,
    _collect,
    _lead_code,
    _lead_of,
    _materialised,
    _mean,
    _period_lines,
    _quarantine_notes,
    _registry,
    _rollup,
)
from ._lookup import closest
from .kpi import (
    PRIORITY_WEIGHTS,
    ROLE_WEIGHTS,
    KpiItem,
    KpiRole,
    get_kpi,
    on_time_rate_of,
    on_time_rate_original_of,
    on_time_rate_original_v1,
    on_time_rate_v1,
    tally_of,
    task_score_v1,
    weighted_score_v1,
)
from .table import Column, Label, ReportResult, Table

_TOTAL = Label("Tổng cộng", en="Total")

# --------------------------------------------------------------------------- scoreboard


@attrs.frozen(kw_only=True)
class ScoreboardRow:
    """
    One unit's line of the scoreboard (see the module docstring for the counting rules).

    ``rank`` is None for a unit with nothing judged in the period (its ranking key, e.g.
    the on-time rate, is undefined): it is listed, unranked ("—").

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``rank`` None for an unranked unit.
    """

    rank: int | None
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
    Column(key="rank", label_vi="Xếp hạng", label_en="Rank", kind="int", empty="—"),
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
class ScoreItem:
    """
    One task behind a unit's weighted score (see :meth:`Scoreboard.explain`).

    ``score`` is :func:`~directive_tracker.reports.task_score_v1` (None: not scored, e.g.
    an open task without a deadline); ``weight`` = ``role_weight × priority_weight``
    (None when not scored).

    .. versionadded:: 0.2.0
    """

    task_id: str
    role: KpiRole
    priority: Priority
    status_vi: str
    status_en: str
    score: float | None
    role_weight: float
    priority_weight: float
    weight: float | None


_ROLE_LABELS = {KpiRole.LEAD: ("Chủ trì", "Lead"),
                KpiRole.COORDINATING: ("Phối hợp", "Coordinating")}


@attrs.frozen(kw_only=True)
class ScoreExplanation(ReportResult):
    """
    A unit's weighted score item by item: ``score`` = Σ score·weight / Σ weight over
    :attr:`rows` that are scored (None when none is).

    .. versionadded:: 0.2.0
    """

    unit: str
    unit_name: str
    rank: int | None
    as_of: date
    period: ReportingPeriod | None
    rows: tuple[ScoreItem, ...]
    score: float | None

    def to_table(self) -> Table:
        """Return the explanation as a :class:`Table` (totals: Σ weight and the score)."""
        sub_vi, sub_en = _period_lines(self.as_of, self.period)
        cols = (
            Column(key="task_id", label_vi="Mã nhiệm vụ", label_en="Task id"),
            Column(key="role", label_vi="Vai trò", label_en="Role"),
            Column(key="priority", label_vi="Mức độ ưu tiên", label_en="Priority"),
            Column(key="status_vi", label_vi="Tình trạng", label_en="Status (Vietnamese)",
                   lang="vi"),
            Column(key="status_en", label_vi="Tình trạng (tiếng Anh)", label_en="Status",
                   lang="en"),
            Column(key="score", label_vi="Điểm", label_en="Score", kind="float",
                   empty="—"),
            Column(key="role_weight", label_vi="Hệ số vai trò", label_en="Role weight",
                   kind="float"),
            Column(key="priority_weight", label_vi="Hệ số ưu tiên",
                   label_en="Priority weight", kind="float"),
            Column(key="weight", label_vi="Trọng số", label_en="Weight", kind="float",
                   empty="—"),
        )
        rows = tuple((r.task_id, Label(_ROLE_LABELS[r.role][0], en=_ROLE_LABELS[r.role][1]),
                      Label(r.priority.label_vi, en=r.priority.label_en),
                      r.status_vi, r.status_en, r.score, r.role_weight, r.priority_weight,
                      r.weight) for r in self.rows)
        den = sum(r.weight for r in self.rows if r.weight is not None)
        num = sum(r.score * r.weight for r in self.rows
                  if r.score is not None and r.weight is not None)
        score = "—" if self.score is None else f"{self.score:.2f}"
        score_vi = score.replace(".", ",")
        return Table(
            name="score_explanation",
            title_vi=f"CÁCH TÍNH ĐIỂM CÓ TRỌNG SỐ: {self.unit_name.upper()}",
            title_en=f"How the weighted score is made: {self.unit_name}",
            subtitle_vi=sub_vi, subtitle_en=sub_en, columns=cols, rows=rows,
            totals=(_TOTAL, "", "", "", "", None, None, None, den),
            notes_vi=(f"Điểm = Σ(điểm × trọng số) / Σ trọng số = "
                      f"{num:.2f}/{den:.2f} = {score_vi}".replace(".", ",")
                      if den else "Không có nhiệm vụ được chấm điểm: không có điểm.",
                      "Trọng số = hệ số vai trò (chủ trì 1, phối hợp 0,3) × hệ số ưu tiên "
                      "(thường 1, quan trọng 2, khẩn 3)."),
            notes_en=(f"Score = Σ(score × weight) / Σ weight = {num:.2f}/{den:.2f} = {score}"
                      if den else "No scored task: no score.",
                      "Weight = role weight (lead 1, coordinating 0.3) × priority weight "
                      "(normal 1, important 2, urgent 3)."))


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
    #: Each unit's KPI items (its lead and coordinating tasks), for :meth:`explain`.
    items: Mapping[str, tuple[KpiItem, ...]] = attrs.field(
        factory=lambda: MappingProxyType({}), eq=False, repr=False)
    #: Paused tasks of the total that were already late when paused (they are in the
    #: summary's group "Chưa hoàn thành quá hạn").
    paused_overdue: int = 0
    #: Tasks left out because their stored history is invalid (quarantined).
    quarantined: tuple[HistoryProblem, ...] = ()

    def row(self, unit: str) -> ScoreboardRow:
        """
        Return the row of *unit* (a code).

        Raises:
            UnitNotFoundError: no row has that code (``suggestions``: the closest codes).
        """
        for r in self.rows:
            if r.unit == unit:
                return r
        raise UnitNotFoundError(unit, suggestions=closest(
            unit, {r.unit: r.unit_name for r in self.rows}))

    def explain(self, unit: str) -> ScoreExplanation:
        """
        Return how *unit*'s weighted score (``weighted_score@1``) is made, task by task.

        Every task the unit leads or coordinates in the scoreboard's scope is listed with
        its role, priority, status, score (:func:`~directive_tracker.reports.task_score_v1`,
        None = not scored) and weight (role weight × priority weight); the score is
        Σ score·weight / Σ weight over the scored tasks.

        Raises:
            UnitNotFoundError: no row has that code.

        .. versionadded:: 0.2.0
        """
        row = self.row(unit)
        lines = []
        for it in sorted(self.items.get(unit, ()), key=lambda i: (
                i.role is not KpiRole.LEAD, i.status.task_id)):
            score = task_score_v1(it.status)
            rw, pw = ROLE_WEIGHTS[it.role], PRIORITY_WEIGHTS[it.priority]
            lines.append(ScoreItem(
                task_id=it.status.task_id, role=it.role, priority=it.priority,
                status_vi=it.status.label_vi, status_en=it.status.label_en, score=score,
                role_weight=rw, priority_weight=pw,
                weight=rw * pw if score is not None else None))
        return ScoreExplanation(unit=row.unit, unit_name=row.unit_name, rank=row.rank,
                                as_of=self.as_of, period=self.period, rows=tuple(lines),
                                score=weighted_score_v1(self.items.get(unit, ())))

    def to_table(self) -> Table:
        """Return the scoreboard as a :class:`Table` (with a totals row and the notes
        saying how its columns add up and how units are ranked)."""
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
            totals=line(attrs.evolve(self.total, unit_name=_TOTAL), None),
            **_quarantine_notes(self.quarantined, notes_vi=self._notes("vi"),
                                notes_en=self._notes("en")))

    def _notes(self, lang: str) -> tuple[str, ...]:
        t = self.total
        within = t.in_progress_on_time + t.no_deadline + t.paused - self.paused_overdue
        late = t.overdue + self.paused_overdue
        unranked = sum(1 for r in self.rows if r.rank is None)
        basis = {"on_time_rate": ("tỷ lệ đúng hạn (theo hạn hiện hành)",
                                  "on-time rate (current due)"),
                 "on_time_rate_original": ("tỷ lệ đúng hạn (theo hạn ban đầu)",
                                           "on-time rate (original due)")}.get(
            self.rank_by, (get_kpi(self.rank_by).label_vi.lower(),
                           get_kpi(self.rank_by).label_en.lower()) if self.rank_by in
            self.kpi_keys else (self.rank_by, self.rank_by))
        if lang == "vi":
            out = [
                "Tổng số nhiệm vụ được giao = Đã hoàn thành đúng hạn + Đã hoàn thành quá hạn "
                "+ Đang thực hiện trong hạn + Đang thực hiện quá hạn + Không có thời hạn + "
                "Tạm dừng; nhiệm vụ thu hồi, hủy, từ chối không tính.",
                f"Đối chiếu báo cáo tổng hợp: \"Chưa hoàn thành trong hạn\" ({within}) = "
                f"Đang thực hiện trong hạn + Không có thời hạn + Tạm dừng còn hạn; "
                f"\"Chưa hoàn thành quá hạn\" ({late}) = Đang thực hiện quá hạn + Tạm dừng "
                f"khi đã quá hạn.",
                f"Xếp hạng theo {basis[0]}, rồi ít nhiệm vụ quá hạn hơn; bằng nhau thì cùng "
                f"hạng."
                + (f" {unranked} đơn vị chưa có nhiệm vụ đến hạn hoặc hoàn thành trong kỳ "
                   f"không xếp hạng (—)." if unranked else ""),
            ]
            if "weighted_score@1" in self.kpi_keys:
                out.append("Điểm có trọng số tính cả nhiệm vụ đơn vị phối hợp (trọng số 0,3) "
                           "và chỉ có ở đơn vị có nhiệm vụ được chấm điểm; xem chi tiết: "
                           "report scoreboard --explain MÃ_ĐƠN_VỊ.")
            return tuple(out)
        out = [
            "Assigned = completed on time + completed late + in progress on time + overdue "
            "+ no deadline + paused; cancelled and refused tasks are not counted.",
            f"Against the 4-way summary: \"not completed, within the deadline\" ({within}) "
            f"= in progress on time + no deadline + paused with time left; \"not "
            f"completed, overdue\" ({late}) = overdue + paused when already late.",
            f"Ranked by {basis[1]}, then fewer overdue tasks; equal keys share a rank."
            + (f" {unranked} units with nothing due or completed in the period are "
               f"unranked (—)." if unranked else ""),
        ]
        if "weighted_score@1" in self.kpi_keys:
            out.append("The weighted score also counts the tasks a unit coordinates (weight "
                       "0.3) and is shown only for units with scored tasks; details: "
                       "report scoreboard --explain UNIT.")
        return tuple(out)


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


def _row(unit: str, name: str, t: StatusTally) -> ScoreboardRow:
    """A scoreboard row without KPI columns from the tally of the unit's lead tasks
    (aggregated by the store): the counts :func:`_tally` makes task by task."""
    k = t.kinds
    return ScoreboardRow(
        rank=0, unit=unit, unit_name=name, assigned=t.counted,
        completed_on_time=k[StatusKind.COMPLETED_ON_TIME],
        completed_late=k[StatusKind.COMPLETED_LATE],
        in_progress_on_time=k[StatusKind.IN_PROGRESS] + k[StatusKind.DUE_SOON],
        overdue=k[StatusKind.OVERDUE], no_deadline=k[StatusKind.NO_DEADLINE],
        paused=k[StatusKind.PAUSED], cancelled_or_refused=t.cancelled_or_refused,
        on_time_rate=on_time_rate_of(t), on_time_rate_original=on_time_rate_original_of(t),
        average_working_days_late=t.working_days_late / t.late if t.late else None,
        kpis=MappingProxyType({}))


def _from_timeline(store: Store, calendar: WorkingCalendar, day: date,
                   per: ReportingPeriod | None, by: str, reg: UnitRegistry, rank_by: str,
                   lifecycle_policy: LifecyclePolicy | None, due_soon_days: int
                   ) -> Scoreboard:
    """The scoreboard without KPI columns, from the store's aggregation of the
    materialised status timelines (:meth:`Store.status_tallies`); tasks the store cannot
    replay under the default policy are judged one by one, as the full path does (and
    quarantined when the lifecycle refuses their history).  :attr:`Scoreboard.items` is
    left empty (no task is read one by one)."""
    agg = store.status_tallies(day, calendar=calendar,
                               assigned_until=None if per is None else per.end,
                               ended_from=None if per is None else per.start)
    by_unit: dict[str, StatusTally] = defaultdict(StatusTally)
    # The unit of each lead (with its previous leads by old unit) worked out once: a
    # task moved by a transfer makes a tally of its own (14,600 at 1,000,000 tasks).
    units_of: dict[tuple[str, tuple[str, ...]], str] = {}
    for (lead, previous), t in agg.tallies.items():
        k = (lead, previous if by == "old" else ())
        unit = units_of.get(k)
        if unit is None:
            unit = units_of[k] = _lead_of(reg, lead, k[1], day, by)
        by_unit[unit].merge(t)
    units = set(by_unit) | {_rollup(reg, c, day, by) for c in agg.coordinating_units}
    quarantined: tuple[HistoryProblem, ...] = ()
    if agg.unreplayable:
        items, quarantined = _collect(store, calendar, day, per, lifecycle_policy,
                                      due_soon_days, ids=agg.unreplayable)
        for it in items:
            by_unit[_lead_code(reg, it.st, day, by)].merge(tally_of([it.st]))
            units |= {_rollup(reg, c, day, by) for c in it.st.state.coordinating_units}
    total = StatusTally()  # every task counted went into exactly one unit's tally
    for t in by_unit.values():
        total.merge(t)
    rows = [_row(u, reg.name_of(u), by_unit.get(u) or StatusTally()) for u in sorted(units)]
    g = total.groups
    # Paused when already late: the overdue group minus the overdue kind (judge puts
    # only those two in the group).
    paused_late = g[ReportGroup.NOT_COMPLETED_OVERDUE] - total.kinds[StatusKind.OVERDUE]
    return Scoreboard(as_of=day, period=per, by=by, rows=tuple(_rank(rows, rank_by)),
                      total=_row("", _TOTAL, total), kpi_keys=(), rank_by=rank_by,
                      paused_overdue=paused_late, quarantined=quarantined)


def _rank(rows: list[ScoreboardRow], rank_by: str) -> list[ScoreboardRow]:
    def key(r: ScoreboardRow) -> tuple[float, int]:
        if rank_by in ("on_time_rate", "on_time_rate_original"):
            value = getattr(r, rank_by)
        else:
            value = r.kpis.get(rank_by)
        return (-(float("-inf") if value is None else value), r.overdue)

    def judged(k: tuple[float, int]) -> bool:
        return k[0] != float("inf")

    rows = sorted(rows, key=lambda r: (*key(r), -r.assigned, r.unit))
    # Each row's key once (it was computed inside the pairwise count: 36,000 times for
    # 134 units, 30 ms of a scoreboard at 1,000,000 tasks).
    keys = [key(r) for r in rows]
    ranked = [k for k in keys if judged(k)]
    out = []
    for r, k in zip(rows, keys, strict=True):
        better = sum(1 for o in ranked if o < k)
        out.append(attrs.evolve(r, rank=better + 1 if judged(k) else None))
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
               today: date | None = None,
               judge_review_on_submission: bool = True,
               due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> Scoreboard:
    """
    Return the per-unit scoreboard on *as_of* (or for *period*), ranked.

    Each task counts once, under its lead unit on *as_of* rolled up by *by*; KPI
    formulas also see the tasks a unit coordinates (role ``COORDINATING``).  Rows are
    ranked by *rank_by* (default the on-time rate against the current due date; higher
    is better), then fewer overdue tasks; equal keys share a rank (1, 1, 3).  A unit
    whose ranking key is None (nothing fell due or was completed in the scope: its rate
    is undefined) is listed last, unranked (``rank`` None, shown "—"): an undefined
    rate is neither good nor bad.  Ties are listed by more assigned tasks, then unit
    code.  :meth:`Scoreboard.explain` lists the tasks, roles and weights behind a
    unit's weighted score.

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
        today: the current date (default: today in Vietnam, Asia/Ho_Chi_Minh): a
            period whose cut-off is after it is reported as of *today*, provisionally,
            and an *as_of* after it is refused.
        judge_review_on_submission: judge a task whose result awaits the assigner's
            review on its submission date (default True, as reminders do not urge it;
            see :mod:`directive_tracker.reports`); False judges it on the report date.

    Returns:
        A :class:`Scoreboard`.

    Raises:
        InvalidTypeError: an argument of the wrong type.
        ValidationError: neither *as_of* nor *period*, *as_of* before the period, an
            unknown KPI key, *rank_by* not allowed, or *by* not ``"new"``/``"old"``.

    .. versionadded:: 0.1.0
    """
    day, per = _check_common(store, calendar, as_of, period, today)
    if by not in ("new", "old"):
        raise ValidationError(f"by must be 'new' or 'old', got {by!r}", param_name="by")
    keys = _kpi_keys(kpis)
    if rank_by not in ("on_time_rate", "on_time_rate_original", *keys):
        raise ValidationError(
            f"rank_by must be 'on_time_rate', 'on_time_rate_original' or one of the kpis "
            f"{list(keys)}, got {rank_by!r}", param_name="rank_by")
    reg = _registry(store, registry)
    if not keys and _materialised(store, calendar, lifecycle_policy, day,
                                  judge_review_on_submission):
        return _from_timeline(store, calendar, day, per, by, reg, rank_by, lifecycle_policy,
                              due_soon_days)
    items, quarantined = _collect(store, calendar, day, per, lifecycle_policy, due_soon_days,
                                  judge_review_on_submission=bool(judge_review_on_submission))
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
    total = _tally("", _TOTAL, [it.st for it in items],
                   [KpiItem(status=it.st, role=KpiRole.LEAD, priority=it.task.priority)
                    for it in items], keys)
    paused_late = sum(1 for it in items if it.st.kind is StatusKind.PAUSED
                      and it.st.group is ReportGroup.NOT_COMPLETED_OVERDUE)
    return Scoreboard(as_of=day, period=per, by=by, rows=tuple(_rank(rows, rank_by)),
                      total=total, kpi_keys=keys, rank_by=rank_by,
                      items=MappingProxyType({u: tuple(v) for u, v in kpi_items.items()}),
                      paused_overdue=paused_late, quarantined=quarantined)
