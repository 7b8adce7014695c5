# SPDX-License-Identifier: MIT
"""
Reports: pure functions over a store, as of a date, returning attrs rows.

Every report judges each task with :func:`directive_tracker.status.status` on
``as_of`` (only events recorded on or before it count), so a report of a past date is
reproducible exactly.  A report result (:class:`Scoreboard`, :class:`DirectiveProgress`,
:class:`OverdueList`, :class:`Summary`, :class:`UpcomingDeadlines`) holds frozen rows
and converts to a generic :class:`Table` (:meth:`to_table`) that the renderers in
:mod:`directive_tracker.renderers` write as text, CSV, JSON, Excel, a DataFrame, HTML
(``_repr_html_`` in Jupyter) or a chart.

Scope
-----
* ``as_of`` only: every task assigned on or before ``as_of``.
* With a Decree 09 :class:`~directive_tracker.periods.ReportingPeriod` (``as_of``
  defaults to ``period.end``, the data cut-off): the tasks *live in the period*:
  assigned on or before ``period.end`` and not completed, cancelled or refused before
  ``period.start``.  Tasks carried over from earlier periods are included while open.

Counting (the scoreboard and the 4-way summary)
-----------------------------------------------
* Cancelled (thu hồi/hủy) and refused (từ chối) tasks are not "assigned": they are
  counted apart in ``cancelled_or_refused`` and in no rate.
* ``assigned`` = completed on time + completed late + in progress on time (including
  due soon) + overdue + no deadline (open) + paused.
* A completed task without a deadline is "Đã hoàn thành đúng hạn" (status rule).
* The on-time rate against the **current** due date (after approved extensions) is
  ``on time / (completed + not completed and overdue)``, i.e. over the tasks that fell
  due or were finished; the same against the **original** due date counts completed
  tasks by ``on_time_vs_original`` and open tasks past their original due date as late.
  A rate is None when nothing fell due.
* Average working days late: the mean of ``working_days_late`` over the tasks late
  against the current due date (completed late, overdue, paused while late).
* Roll-up: each task counts under its lead unit **on** ``as_of`` (after transfers),
  mapped with ``registry.rollup_code(code, as_of, by=by)``: ``by="new"`` counts merged
  units under their successor, ``by="old"`` keeps the unit that led the task before the
  reorganisation (transfers from a registered predecessor to its successor, as
  :func:`~directive_tracker.services.reorganise` records them, are undone; other
  reassignments are kept).

KPI formulas
------------
A :class:`KpiFormula` is a named, versioned, documented function of a unit's
:class:`KpiItem` list; :data:`KPI_FORMULAS` holds the built-ins (``"on_time_rate@1"``,
``"on_time_rate_original@1"``, ``"weighted_score@1"``) and a province adds its own with
:func:`register_kpi`.  A formula's number never changes once released: a new rule is a
new version.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any

import attrs

from ._validators import check_date, check_int, check_str
from .calendars import WorkingCalendar
from .exceptions import InvalidTypeError, ValidationError
from .lifecycle import LifecyclePolicy
from .periods import ReportingPeriod
from .status import DEFAULT_DUE_SOON_DAYS, ReportGroup, StatusKind, TaskStatus, status
from .storage.base import Store
from .tasks import Priority, Task
from .units import UnitRegistry

__all__ = [
    "KPI_FORMULAS",
    "Column",
    "DeadlineRow",
    "DirectiveProgress",
    "DirectiveProgressRow",
    "KpiFormula",
    "KpiItem",
    "KpiRole",
    "OverdueList",
    "OverdueRow",
    "Scoreboard",
    "ScoreboardRow",
    "Summary",
    "SummaryRow",
    "Table",
    "UpcomingDeadlines",
    "directive_progress",
    "get_kpi",
    "overdue_list",
    "register_kpi",
    "scoreboard",
    "summary",
    "upcoming_deadlines",
]


# --------------------------------------------------------------------------- tables


@attrs.frozen(kw_only=True)
class Column:
    """
    One column of a :class:`Table`.

    Args:
        key: machine name (CSV/JSON key, DataFrame column).
        label_vi: Vietnamese header.
        label_en: English header.
        kind: ``"text"``, ``"int"``, ``"rate"`` (a fraction 0–1 shown as a percentage),
            ``"float"`` or ``"date"``.

    .. versionadded:: 0.1.0
    """

    key: str
    label_vi: str
    label_en: str
    kind: str = "text"

    def label(self, lang: str) -> str:
        """Return the header in *lang* (``"vi"`` or ``"en"``)."""
        return self.label_vi if lang == "vi" else self.label_en


@attrs.frozen(kw_only=True)
class Table:
    """
    A report as a plain table: what every renderer consumes.

    Args:
        name: machine name of the report (e.g. ``"scoreboard"``).
        title_vi, title_en: the report title.
        subtitle_vi, subtitle_en: the period or date line.
        columns: the :class:`Column` list.
        rows: one tuple of raw values per row (``None`` = empty cell).
        totals: a totals row (same length as *columns*), or None.

    .. versionadded:: 0.1.0
    """

    name: str
    title_vi: str
    title_en: str
    subtitle_vi: str
    subtitle_en: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    totals: tuple[Any, ...] | None = None

    def records(self) -> list[dict[str, Any]]:
        """Return the rows as dicts keyed by column key (raw values)."""
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]

    def to_table(self) -> Table:
        """Return self (so renderers accept tables and report results alike)."""
        return self

    def _repr_html_(self) -> str:
        from .renderers import render_html

        return render_html(self)


class _Report:
    """Mixin: tables, HTML and DataFrames for report results."""

    def to_table(self) -> Table:  # pragma: no cover - overridden
        raise NotImplementedError

    def _repr_html_(self) -> str:
        from .renderers import render_html

        return render_html(self.to_table())

    def to_dataframe(self, *, lang: str = "en") -> Any:
        """
        Return the report as a ``pandas.DataFrame`` (extra ``pandas``).

        Args:
            lang: ``"en"`` keeps machine column keys; ``"vi"`` uses Vietnamese headers.

        Raises:
            MissingExtraError: pandas is not installed.

        .. versionadded:: 0.1.0
        """
        from .renderers import to_dataframe

        return to_dataframe(self.to_table(), lang=lang)


def _period_lines(as_of: date, period: ReportingPeriod | None) -> tuple[str, str]:
    d = as_of.strftime("%d/%m/%Y")
    if period is None:
        return f"Số liệu tính đến ngày {d}", f"Data as of {d}"
    s, e = period.start.strftime("%d/%m/%Y"), period.end.strftime("%d/%m/%Y")
    return (f"Kỳ báo cáo: {period.label_vi} (từ ngày {s} đến ngày {e}); số liệu tính đến "
            f"ngày {d}",
            f"Reporting period: {period.label_en} ({s} to {e}); data as of {d}")


# --------------------------------------------------------------------------- collection


@attrs.frozen(kw_only=True)
class _Item:
    task: Task
    st: TaskStatus


def _check_common(store: object, calendar: object, as_of: object, period: object
                  ) -> tuple[date, ReportingPeriod | None]:
    if not isinstance(store, Store):
        raise InvalidTypeError("store", store, "a directive_tracker.storage.Store")
    if not isinstance(calendar, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar")
    if period is not None and not isinstance(period, ReportingPeriod):
        raise InvalidTypeError("period", period, "a ReportingPeriod or None")
    if as_of is None:
        if period is None:
            raise ValidationError("give as_of, or a period (as_of then defaults to its "
                                  "data cut-off, period.end)", param_name="as_of")
        return period.end, period
    d = check_date(as_of, "as_of")
    if period is not None and d < period.start:
        raise ValidationError(f"as_of {d} is before the period's window start "
                              f"{period.start}; nothing of the period is known yet",
                              param_name="as_of")
    return d, period


def _collect(store: Store, calendar: WorkingCalendar, as_of: date,
             period: ReportingPeriod | None, lifecycle_policy: LifecyclePolicy | None,
             due_soon_days: int) -> list[_Item]:
    # Checked here, not only inside status(), so that a bad argument fails on an empty
    # store too.
    if lifecycle_policy is not None and not isinstance(lifecycle_policy, LifecyclePolicy):
        raise InvalidTypeError("lifecycle_policy", lifecycle_policy,
                               "a LifecyclePolicy or None")
    check_int(due_soon_days, "due_soon_days", minimum=0, maximum=1000)
    tasks = [t for t in store.get_tasks() if t.assigned_on <= as_of]
    if period is not None:
        tasks = [t for t in tasks if t.assigned_on <= period.end]
    events = store.get_events_for([t.id for t in tasks], until=as_of)
    out = []
    for t in tasks:
        st = status(t, events[t.id], as_of=as_of, calendar=calendar, policy=lifecycle_policy,
                    due_soon_days=due_soon_days)
        if period is not None:
            ended = st.state.completed_on or st.state.closed_on
            if ended is not None and ended < period.start:
                continue
        out.append(_Item(task=t, st=st))
    return out


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


_EXCLUDED = (StatusKind.CANCELLED, StatusKind.REFUSED)


# --------------------------------------------------------------------------- KPI formulas


class KpiRole(enum.Enum):
    """
    A unit's role in a task, for KPI weighting.

    .. versionadded:: 0.1.0
    """

    LEAD = "lead"
    COORDINATING = "coordinating"


@attrs.frozen(kw_only=True)
class KpiItem:
    """
    One task as seen by one unit: what a KPI formula receives.

    Args:
        status: the task's :class:`~directive_tracker.status.TaskStatus` on the report date.
        role: the unit's :class:`KpiRole` in the task.
        priority: the task's :class:`~directive_tracker.tasks.Priority`.

    .. versionadded:: 0.1.0
    """

    status: TaskStatus
    role: KpiRole
    priority: Priority


@attrs.frozen(kw_only=True)
class KpiFormula:
    """
    A named, versioned KPI: a function of a unit's :class:`KpiItem` list.

    Args:
        name: e.g. ``"on_time_rate"``.
        version: a positive int; a changed rule is a new version.
        label_vi, label_en: column headers.
        description: what it computes, exactly.
        compute: ``items -> float | None`` (None when undefined, e.g. nothing fell due).
        kind: ``"rate"`` (0–1, shown as %) or ``"float"``.

    .. versionadded:: 0.1.0
    """

    name: str
    version: int
    label_vi: str
    label_en: str
    description: str
    compute: Callable[[Sequence[KpiItem]], float | None]
    kind: str = "rate"

    @property
    def key(self) -> str:
        """The registry key, ``"<name>@<version>"``."""
        return f"{self.name}@{self.version}"


def _lead(items: Sequence[KpiItem]) -> list[TaskStatus]:
    return [i.status for i in items if i.role is KpiRole.LEAD
            and i.status.kind not in _EXCLUDED]


def on_time_rate_v1(items: Sequence[KpiItem]) -> float | None:
    """
    Return on-time completions / tasks that fell due or were completed (lead tasks only).

    Numerator: group "Đã hoàn thành đúng hạn".  Denominator: the groups "Đã hoàn thành
    đúng hạn", "Đã hoàn thành quá hạn" and "Chưa hoàn thành quá hạn" (judged against the
    current due date).  None when the denominator is 0.

    .. versionadded:: 0.1.0
    """
    sts = _lead(items)
    good = sum(1 for s in sts if s.group is ReportGroup.COMPLETED_ON_TIME)
    den = sum(1 for s in sts if s.group in (ReportGroup.COMPLETED_ON_TIME,
                                            ReportGroup.COMPLETED_LATE,
                                            ReportGroup.NOT_COMPLETED_OVERDUE))
    return good / den if den else None


def on_time_rate_original_v1(items: Sequence[KpiItem]) -> float | None:
    """
    Return the on-time rate against the original due dates (lead tasks only).

    Numerator: completed tasks with ``on_time_vs_original``.  Denominator: completed
    tasks plus open tasks past their original due date (``on_time_vs_original`` False),
    extensions notwithstanding.  Tasks without a deadline count only once completed (as
    on time).  None when the denominator is 0.

    .. versionadded:: 0.1.0
    """
    sts = _lead(items)
    done = [s for s in sts if s.group is not None and s.group.is_completed]
    good = sum(1 for s in done if s.on_time_vs_original)
    late_open = sum(1 for s in sts if s.group is not None and not s.group.is_completed
                    and s.on_time_vs_original is False)
    den = len(done) + late_open
    return good / den if den else None


#: Role weights of ``weighted_score@1`` (Bắc Ninh hcckpi: lead 1.0, coordinator 0.3).
ROLE_WEIGHTS: Mapping[KpiRole, float] = MappingProxyType(
    {KpiRole.LEAD: 1.0, KpiRole.COORDINATING: 0.3})
#: Priority weights of ``weighted_score@1`` (hcckpi: normal 1, important 2, urgent 3).
PRIORITY_WEIGHTS: Mapping[Priority, float] = MappingProxyType(
    {Priority.NORMAL: 1.0, Priority.IMPORTANT: 2.0, Priority.URGENT: 3.0})


def task_score_v1(st: TaskStatus) -> float | None:
    """
    Return the 0–100 score of one task for ``weighted_score@1`` (None = not scored).

    Completed on time 100; completed late by at most 3 working days 90, later 80;
    open within the deadline (including paused with time left) 50 + percent / 2; open
    and overdue 0.  Open tasks without a deadline, cancelled and refused tasks are not
    scored.  (Bands after hcckpi ``calculateCompletionScore``, in working days.)

    .. versionadded:: 0.1.0
    """
    if st.kind in _EXCLUDED or st.kind is StatusKind.NO_DEADLINE or st.group is None:
        return None
    if st.group is ReportGroup.COMPLETED_ON_TIME:
        return 100.0
    if st.group is ReportGroup.COMPLETED_LATE:
        return 90.0 if (st.working_days_late or 0) <= 3 else 80.0
    if st.group is ReportGroup.NOT_COMPLETED_ON_TIME:
        return 50.0 + st.state.percent / 2
    return 0.0


def weighted_score_v1(items: Sequence[KpiItem]) -> float | None:
    """
    Return the weighted mean task score: Σ score·w / Σ w, w = role weight × priority weight.

    Scores from :func:`task_score_v1`; weights from :data:`ROLE_WEIGHTS` (lead 1.0,
    coordinating 0.3) and :data:`PRIORITY_WEIGHTS` (1, 2, 3).  Unlike hcckpi, which
    divides by the priority weights only (so coordinating lowers a unit's average),
    this is a true weighted mean: coordinating tasks count, with less weight.  None when
    no task is scored.

    .. versionadded:: 0.1.0
    """
    num = den = 0.0
    for i in items:
        s = task_score_v1(i.status)
        if s is None:
            continue
        w = ROLE_WEIGHTS[i.role] * PRIORITY_WEIGHTS[i.priority]
        num += s * w
        den += w
    return num / den if den else None


_KPIS: dict[str, KpiFormula] = {}
#: Every registered KPI formula by key (``"name@version"``); a read-only live view.
KPI_FORMULAS: Mapping[str, KpiFormula] = MappingProxyType(_KPIS)


def register_kpi(formula: KpiFormula, *, replace: bool = False) -> KpiFormula:
    """
    Add *formula* to :data:`KPI_FORMULAS` under ``formula.key``; return it.

    Raises:
        InvalidTypeError: *formula* is not a :class:`KpiFormula`.
        ValidationError: the key exists and *replace* is False, a bad name or version,
            or a *kind* other than ``"rate"`` or ``"float"``.

    .. versionadded:: 0.1.0
    """
    if not isinstance(formula, KpiFormula):
        raise InvalidTypeError("formula", formula, "a KpiFormula")
    name = check_str(formula.name, "name", max_length=64)
    if "@" in name or any(ch.isspace() for ch in name):
        raise ValidationError(f"a KPI name may not contain '@' or spaces, got {name!r}")
    if isinstance(formula.version, bool) or not isinstance(formula.version, int) \
            or formula.version < 1:
        raise ValidationError(f"a KPI version is a positive int, got {formula.version!r}")
    if formula.kind not in ("rate", "float"):
        raise ValidationError(f"a KPI kind is 'rate' or 'float', got {formula.kind!r}")
    if not callable(formula.compute):
        raise InvalidTypeError("compute", formula.compute, "a callable")
    if formula.key in _KPIS and not replace:
        raise ValidationError(f"KPI {formula.key!r} is already registered; register a new "
                              "version, or pass replace=True")
    _KPIS[formula.key] = formula
    return formula


def get_kpi(key: str) -> KpiFormula:
    """
    Return the registered formula *key* (``"name@version"``).

    Raises:
        ValidationError: no such formula (the message lists the known keys).

    >>> f = get_kpi("weighted_score@1")
    >>> f.name, f.version, f.label_vi
    ('weighted_score', 1, 'Điểm có trọng số')

    .. versionadded:: 0.1.0
    """
    try:
        return _KPIS[key]
    except (KeyError, TypeError):
        raise ValidationError(f"unknown KPI {key!r}; known: {', '.join(sorted(_KPIS))}",
                              param_name="kpis") from None


register_kpi(KpiFormula(
    name="on_time_rate", version=1, label_vi="Tỷ lệ đúng hạn (KPI)",
    label_en="On-time rate (KPI)", description=on_time_rate_v1.__doc__ or "",
    compute=on_time_rate_v1))
register_kpi(KpiFormula(
    name="on_time_rate_original", version=1, label_vi="Tỷ lệ đúng hạn theo hạn ban đầu (KPI)",
    label_en="On-time rate vs original due (KPI)",
    description=on_time_rate_original_v1.__doc__ or "", compute=on_time_rate_original_v1))
register_kpi(KpiFormula(
    name="weighted_score", version=1, label_vi="Điểm có trọng số",
    label_en="Weighted score", description=weighted_score_v1.__doc__ or "",
    compute=weighted_score_v1, kind="float"))


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
class Scoreboard(_Report):
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
            totals=line(self.total, None))


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


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
    items = _collect(store, calendar, day, per, lifecycle_policy, due_soon_days)
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
                      total=total, kpi_keys=keys, rank_by=rank_by)


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
class Summary(_Report):
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
            columns=(Column(key="group", label_vi="Mã nhóm", label_en="Group code"),
                     Column(key="label_vi", label_vi="Tình hình thực hiện",
                            label_en="Status (Vietnamese)"),
                     Column(key="label_en", label_vi="Tình hình thực hiện (tiếng Anh)",
                            label_en="Status"),
                     Column(key="count", label_vi="Số nhiệm vụ", label_en="Tasks",
                            kind="int"),
                     Column(key="share", label_vi="Tỷ lệ", label_en="Share", kind="rate")),
            rows=tuple((r.group.value, r.label_vi, r.label_en, r.count, r.share)
                       for r in self.rows),
            totals=("", "Tổng cộng", "Total", self.total, 1.0 if self.total else None))


def summary(store: Store, calendar: WorkingCalendar, *, as_of: date | None = None,
            period: ReportingPeriod | None = None, unit: str | None = None, by: str = "new",
            registry: UnitRegistry | None = None,
            lifecycle_policy: LifecyclePolicy | None = None) -> Summary:
    """
    Return the official 4-way summary on *as_of* (or for *period*).

    Args:
        store, calendar, as_of, period, registry, lifecycle_policy: as in
            :func:`scoreboard`.
        unit: only tasks led (on *as_of*, rolled up by *by*) by this unit.
        by: ``"new"`` or ``"old"`` (used with *unit*).

    Returns:
        A :class:`Summary` whose rows are the four :class:`ReportGroup` in official
        order, with shares of the total (None when the total is 0).

    Raises:
        InvalidTypeError, ValidationError: as in :func:`scoreboard`.

    .. versionadded:: 0.1.0
    """
    day, per = _check_common(store, calendar, as_of, period)
    items = _filter_unit(store, registry, unit, by, day,
                         _collect(store, calendar, day, per, lifecycle_policy,
                                  DEFAULT_DUE_SOON_DAYS))
    counts = {g: 0 for g in ReportGroup}
    excluded = 0
    for it in items:
        if it.st.group is None:
            excluded += 1
        else:
            counts[it.st.group] += 1
    total = sum(counts.values())
    rows = tuple(SummaryRow(group=g, label_vi=g.label_vi, label_en=g.label_en,
                            count=counts[g], share=counts[g] / total if total else None)
                 for g in ReportGroup)
    return Summary(as_of=day, period=per, rows=rows, total=total,
                   cancelled_or_refused=excluded)


def _filter_unit(store: Store, registry: UnitRegistry | None, unit: str | None, by: str,
                 day: date, items: list[_Item]) -> list[_Item]:
    if by not in ("new", "old"):
        raise ValidationError(f"by must be 'new' or 'old', got {by!r}", param_name="by")
    if unit is None:
        return items
    code = check_str(unit, "unit")
    reg = _registry(store, registry)
    return [it for it in items if _lead_code(reg, it.st, day, by) == code]


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
class DirectiveProgress(_Report):
    """
    Per-directive progress, sorted by issue date then id.

    .. versionadded:: 0.1.0
    """

    as_of: date
    period: ReportingPeriod | None
    rows: tuple[DirectiveProgressRow, ...]

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
                     rows=tuple(tuple(getattr(r, c.key) for c in cols) for r in self.rows))


def directive_progress(store: Store, calendar: WorkingCalendar, *, as_of: date | None = None,
                       period: ReportingPeriod | None = None,
                       lifecycle_policy: LifecyclePolicy | None = None
                       ) -> DirectiveProgress:
    """
    Return the progress of every directive that has tasks in scope.

    Args:
        store, calendar, as_of, period, lifecycle_policy: as in :func:`scoreboard`.

    Returns:
        A :class:`DirectiveProgress` (directives sorted by issue date, then id).

    Raises:
        InvalidTypeError, ValidationError: as in :func:`scoreboard`.

    .. versionadded:: 0.1.0
    """
    day, per = _check_common(store, calendar, as_of, period)
    items = _collect(store, calendar, day, per, lifecycle_policy, DEFAULT_DUE_SOON_DAYS)
    groups: dict[str, list[TaskStatus]] = defaultdict(list)
    for it in items:
        groups[it.task.directive_id].append(it.st)
    rows = []
    for did, sts in groups.items():
        d = store.get_directive(did)
        counted = [s for s in sts if s.group is not None]
        n = {g: sum(1 for s in counted if s.group is g) for g in ReportGroup}
        done = n[ReportGroup.COMPLETED_ON_TIME] + n[ReportGroup.COMPLETED_LATE]
        rows.append(DirectiveProgressRow(
            directive_id=did, number="" if d.number is None else str(d.number),
            summary=d.summary, issue_date=d.issue_date, tasks=len(counted),
            completed_on_time=n[ReportGroup.COMPLETED_ON_TIME],
            completed_late=n[ReportGroup.COMPLETED_LATE],
            not_completed_on_time=n[ReportGroup.NOT_COMPLETED_ON_TIME],
            not_completed_overdue=n[ReportGroup.NOT_COMPLETED_OVERDUE],
            completion_rate=done / len(counted) if counted else None,
            average_percent=_mean([s.state.percent for s in counted])))
    rows.sort(key=lambda r: (r.issue_date, r.directive_id))
    return DirectiveProgress(as_of=day, period=per, rows=tuple(rows))


# --------------------------------------------------------------------------- overdue


@attrs.frozen(kw_only=True)
class OverdueRow:
    """
    One task not completed and past its current due date on the report date.

    .. versionadded:: 0.1.0
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


@attrs.frozen(kw_only=True)
class OverdueList(_Report):
    """
    Overdue tasks, most working days late first (then task id).

    .. versionadded:: 0.1.0
    """

    as_of: date
    rows: tuple[OverdueRow, ...]

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
            Column(key="status_vi", label_vi="Tình trạng", label_en="Status (Vietnamese)"),
            Column(key="status_en", label_vi="Tình trạng (tiếng Anh)", label_en="Status"),
        )
        return Table(name="overdue", title_vi="DANH SÁCH NHIỆM VỤ QUÁ HẠN",
                     title_en="Overdue tasks", subtitle_vi=sub_vi, subtitle_en=sub_en,
                     columns=cols,
                     rows=tuple(tuple(getattr(r, c.key) for c in cols) for r in self.rows))


def overdue_list(store: Store, calendar: WorkingCalendar, *, as_of: date,
                 unit: str | None = None, by: str = "new",
                 registry: UnitRegistry | None = None,
                 lifecycle_policy: LifecyclePolicy | None = None) -> OverdueList:
    """
    Return the tasks in the group "Chưa hoàn thành quá hạn" on *as_of*.

    This includes tasks paused after they were already late (status "Tạm dừng").

    Args:
        store, calendar, registry, lifecycle_policy: as in :func:`scoreboard`.
        as_of: the report date.
        unit: only tasks whose lead on *as_of* (rolled up by *by*) is this unit.
        by: ``"new"`` or ``"old"``.

    Returns:
        An :class:`OverdueList`.

    Raises:
        InvalidTypeError, ValidationError: as in :func:`scoreboard`.

    .. versionadded:: 0.1.0
    """
    day, _ = _check_common(store, calendar, as_of, None)
    reg = _registry(store, registry)
    items = _filter_unit(store, reg, unit, by, day,
                         _collect(store, calendar, day, None, lifecycle_policy,
                                  DEFAULT_DUE_SOON_DAYS))
    rows = []
    for it in items:
        st = it.st
        if st.group is not ReportGroup.NOT_COMPLETED_OVERDUE:
            continue
        assert st.current_due is not None
        assert st.original_due is not None
        lead = _lead_code(reg, st, day, by)
        rows.append(OverdueRow(
            task_id=it.task.id, directive_id=it.task.directive_id, content=it.task.content,
            lead_unit=lead, lead_name=reg.name_of(lead), original_due=st.original_due,
            current_due=st.current_due, working_days_late=st.working_days_late or 0,
            percent=st.state.percent, status_vi=st.label_vi, status_en=st.label_en))
    rows.sort(key=lambda r: (-r.working_days_late, r.task_id))
    return OverdueList(as_of=day, rows=tuple(rows))


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
class UpcomingDeadlines(_Report):
    """
    Open tasks due from ``as_of`` to ``until`` (both inclusive), by due date then id.

    .. versionadded:: 0.1.0
    """

    as_of: date
    until: date
    rows: tuple[DeadlineRow, ...]

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
            Column(key="status_vi", label_vi="Tình trạng", label_en="Status (Vietnamese)"),
            Column(key="status_en", label_vi="Tình trạng (tiếng Anh)", label_en="Status"),
        )
        return Table(
            name="upcoming", title_vi="NHIỆM VỤ SẮP ĐẾN HẠN", title_en="Upcoming deadlines",
            subtitle_vi=f"Từ ngày {self.as_of.strftime(f)} đến ngày {self.until.strftime(f)}",
            subtitle_en=f"From {self.as_of.strftime(f)} to {self.until.strftime(f)}",
            columns=cols, rows=tuple(tuple(getattr(r, c.key) for c in cols)
                                     for r in self.rows))


def upcoming_deadlines(store: Store, calendar: WorkingCalendar, *, as_of: date,
                       until: date | None = None, working_days: int = 10,
                       unit: str | None = None, by: str = "new",
                       registry: UnitRegistry | None = None,
                       lifecycle_policy: LifecyclePolicy | None = None
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

    Returns:
        An :class:`UpcomingDeadlines`.

    Raises:
        InvalidTypeError, ValidationError: as in :func:`scoreboard`; *until* before
            *as_of*; a negative *working_days*.

    .. versionadded:: 0.1.0
    """
    day, _ = _check_common(store, calendar, as_of, None)
    from ._validators import check_int

    n = check_int(working_days, "working_days", minimum=0, maximum=10_000)
    end = calendar.add_working_days(day, n) if until is None else check_date(until, "until")
    if end < day:
        raise ValidationError(f"until {end} is before as_of {day}; the window "
                              "[as_of, until] is inclusive and must not be empty")
    reg = _registry(store, registry)
    items = _filter_unit(store, reg, unit, by, day,
                         _collect(store, calendar, day, None, lifecycle_policy,
                                  DEFAULT_DUE_SOON_DAYS))
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
            task_id=it.task.id, directive_id=it.task.directive_id, content=it.task.content,
            lead_unit=lead, lead_name=reg.name_of(lead), due=st.current_due,
            working_days_remaining=st.working_days_remaining or 0, status_vi=st.label_vi,
            status_en=st.label_en))
    rows.sort(key=lambda r: (r.due, r.task_id))
    return UpcomingDeadlines(as_of=day, until=end, rows=tuple(rows))
