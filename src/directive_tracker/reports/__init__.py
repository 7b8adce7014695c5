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
* **Today.**  Every report takes ``today`` (default: today's date in Vietnam).  A period
  whose cut-off is after today is reported as of today, its subtitle saying "số liệu tạm
  tính đến ngày …" (provisional figures); an ``as_of`` after today raises
  :class:`~directive_tracker.exceptions.ValidationError` with ``code`` ``"as_of_in_future"``
  (a period not started yet: ``"period_not_started"``).  No task is ever judged on a day
  that has not happened.
* **Unknown units.**  A ``unit`` filter naming no unit raises
  :class:`~directive_tracker.exceptions.UnitNotFoundError` whose ``suggestions`` are the
  closest codes (:func:`closest`: case- and diacritic-insensitive, by code or name).

Counting (the scoreboard and the 4-way summary)
-----------------------------------------------
* Cancelled (thu hồi/hủy) and refused (từ chối) tasks are not "assigned": they are
  counted apart in ``cancelled_or_refused`` and in no rate.
* ``assigned`` = completed on time + completed late + in progress on time (including
  due soon) + overdue + no deadline (open) + paused.
* A completed task without a deadline is "Đã hoàn thành đúng hạn" (status rule).
* A task whose result awaits the assigner's review is judged on its submission date
  (``judge_review_on_submission``, default True): submitted within the deadline it is
  "chưa hoàn thành trong hạn" however long the review takes, as reminders do not urge it
  (``ReminderPolicy.remind_in_review`` False); the review is the assigner's step.
* Ranking: equal keys share a rank (1, 1, 3); a unit whose key is None (nothing fell due
  or was completed) is unranked (``rank`` None, "—").  :meth:`Scoreboard.explain` lists
  the items behind a unit's weighted score.
* Every table states under itself how its columns add up (``Table.notes_vi``/``notes_en``).
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

Quarantine
----------
A task whose stored history the lifecycle refuses (an approval with no request, a log
without its assignment: written by an older version, a hand edit or another program) is
left out of every report and listed in the result's ``quarantined`` field
(:class:`~directive_tracker.integrity.HistoryProblem`: task, event, reason); the table
gets a note under it (``Table.notes_vi``/``notes_en``) and a WARNING is logged.  One such
task never stops the province's report.

KPI formulas
------------
A :class:`KpiFormula` is a named, versioned, documented function of a unit's
:class:`KpiItem` list; :data:`KPI_FORMULAS` holds the built-ins (``"on_time_rate@1"``,
``"on_time_rate_original@1"``, ``"weighted_score@1"``) and a province adds its own with
:func:`register_kpi`.  A formula's number never changes once released: a new rule is a
new version.

Layout
------
* :mod:`~directive_tracker.reports.table`: the table model (:class:`Column`,
  :class:`Table`, :class:`ReportResult`) and the presenter hook;
* :mod:`~directive_tracker.reports.kpi`: the KPI registry;
* one module per report: :mod:`~directive_tracker.reports.scoreboards`,
  :mod:`~directive_tracker.reports.summaries`, :mod:`~directive_tracker.reports.progress`,
  :mod:`~directive_tracker.reports.overdue`, :mod:`~directive_tracker.reports.upcoming`;
* :mod:`~directive_tracker.reports.registry`: :data:`REPORTS`, what the command line
  dispatches from.

Every name is re-exported here: ``from directive_tracker.reports import scoreboard``
keeps working.

.. versionadded:: 0.1.0
.. versionchanged:: 0.2.0
   A package (was one module); :data:`REPORTS`, :class:`ReportSpec`,
   :func:`register_report`, :class:`ReportResult` and :func:`set_table_presenter` are new.
   ``today``, provisional periods, unknown-unit errors, unranked units,
   :meth:`Scoreboard.explain`, table notes, :class:`Label`, :func:`closest`.
   Reports quarantine tasks with an invalid stored history (``quarantined``).
"""


from __future__ import annotations

from ._lookup import closest, fold
from .kpi import (
    KPI_FORMULAS,
    PRIORITY_WEIGHTS,
    ROLE_WEIGHTS,
    KpiFormula,
    KpiItem,
    KpiRole,
    get_kpi,
    on_time_rate_original_v1,
    on_time_rate_v1,
    register_kpi,
    task_score_v1,
    weighted_score_v1,
)
from .overdue import OverdueList, OverdueRow, overdue_list
from .progress import DirectiveProgress, DirectiveProgressRow, directive_progress
from .registry import FILTERS, REPORTS, ReportSpec, register_report
from .scoreboards import Scoreboard, ScoreboardRow, ScoreExplanation, ScoreItem, scoreboard
from .summaries import Summary, SummaryRow, summary
from .table import Column, Label, ReportResult, Table, TablePresenter, set_table_presenter
from .table import _Report as _Report  # the former private base, for subclasses
from .upcoming import DeadlineRow, UpcomingDeadlines, upcoming_deadlines

__all__ = [
    "FILTERS",
    "KPI_FORMULAS",
    "PRIORITY_WEIGHTS",
    "REPORTS",
    "ROLE_WEIGHTS",
    "Column",
    "DeadlineRow",
    "DirectiveProgress",
    "DirectiveProgressRow",
    "KpiFormula",
    "KpiItem",
    "KpiRole",
    "Label",
    "OverdueList",
    "OverdueRow",
    "ReportResult",
    "ReportSpec",
    "ScoreExplanation",
    "ScoreItem",
    "Scoreboard",
    "ScoreboardRow",
    "Summary",
    "SummaryRow",
    "Table",
    "TablePresenter",
    "UpcomingDeadlines",
    "closest",
    "directive_progress",
    "fold",
    "get_kpi",
    "on_time_rate_original_v1",
    "on_time_rate_v1",
    "overdue_list",
    "register_kpi",
    "register_report",
    "scoreboard",
    "set_table_presenter",
    "summary",
    "task_score_v1",
    "upcoming_deadlines",
    "weighted_score_v1",
]
