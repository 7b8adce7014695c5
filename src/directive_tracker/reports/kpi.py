# SPDX-License-Identifier: MIT
"""
The KPI registry: named, versioned formulas over a unit's tasks.

See :mod:`directive_tracker.reports` for the counting rules.

.. versionadded:: 0.2.0
   Split out of ``reports.py``; the names stay importable from
   :mod:`directive_tracker.reports`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType

import attrs

from .._validators import check_str
from ..exceptions import InvalidTypeError, ValidationError
from ..status import ReportGroup, StatusKind, TaskStatus
from ..tasks import Priority
from ..timeline import StatusTally
from ._common import _EXCLUDED

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


def tally_of(statuses: Iterable[TaskStatus]) -> StatusTally:
    """Return the :class:`~directive_tracker.timeline.StatusTally` of *statuses*."""
    tally = StatusTally()
    for s in statuses:
        tally.add(s.kind, s.group, on_time_vs_current=s.on_time_vs_current,
                  on_time_vs_original=s.on_time_vs_original,
                  working_days_late=s.working_days_late, percent=s.state.percent)
    return tally


def on_time_rate_of(tally: StatusTally) -> float | None:
    """The on-time rate of :func:`on_time_rate_v1`, from a tally of the lead tasks."""
    g = tally.groups
    good = g[ReportGroup.COMPLETED_ON_TIME]
    den = good + g[ReportGroup.COMPLETED_LATE] + g[ReportGroup.NOT_COMPLETED_OVERDUE]
    return good / den if den else None


def on_time_rate_original_of(tally: StatusTally) -> float | None:
    """The rate of :func:`on_time_rate_original_v1`, from a tally of the lead tasks."""
    done = tally.groups[ReportGroup.COMPLETED_ON_TIME] + tally.groups[ReportGroup.COMPLETED_LATE]
    den = done + tally.open_late_vs_original
    return tally.completed_on_time_vs_original / den if den else None


def on_time_rate_v1(items: Sequence[KpiItem]) -> float | None:
    """
    Return on-time completions / tasks that fell due or were completed (lead tasks only).

    Numerator: group "Đã hoàn thành đúng hạn".  Denominator: the groups "Đã hoàn thành
    đúng hạn", "Đã hoàn thành quá hạn" and "Chưa hoàn thành quá hạn" (judged against the
    current due date).  None when the denominator is 0.

    .. versionadded:: 0.1.0
    """
    return on_time_rate_of(tally_of(_lead(items)))


def on_time_rate_original_v1(items: Sequence[KpiItem]) -> float | None:
    """
    Return the on-time rate against the original due dates (lead tasks only).

    Numerator: completed tasks with ``on_time_vs_original``.  Denominator: completed
    tasks plus open tasks past their original due date (``on_time_vs_original`` False),
    extensions notwithstanding.  Tasks without a deadline count only once completed (as
    on time).  None when the denominator is 0.

    .. versionadded:: 0.1.0
    """
    return on_time_rate_original_of(tally_of(_lead(items)))


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
