# SPDX-License-Identifier: MIT
"""
``directive-tracker report NAME``: one of the reports of :mod:`directive_tracker.reports`.

The reports the command offers are the rows of :data:`REPORTS`: a name on the command
line, the public function that computes it and the options it takes.  A new report is a
new row (and its function); nothing else here names a report.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from .._validators import now_vn
from ..exceptions import ValidationError
from ._common import EXIT_OK, Context, cannot_write, parse_cli_date, path_arg
from ._output import COMPACT_SCOREBOARD, emit_table, select, t
from ._progress import Busy

if TYPE_CHECKING:
    from ..reports import Table

__all__ = ["NAME", "add_parser", "run"]

NAME: Final = "report"


@attrs.frozen
class ReportCommand:
    """
    How the command line computes one report.

    Attributes:
        function: the name of the public function in :mod:`directive_tracker.reports`
            (looked up when the command runs).
        period: it accepts ``--period`` (else it is as of a date only).
        unit: it accepts ``--unit``.
        by: it accepts ``--by``.
    """

    function: str
    period: bool
    unit: bool
    by: bool


#: The reports of ``directive-tracker report``, by command-line name.
REPORTS: Final[dict[str, ReportCommand]] = {
    "scoreboard": ReportCommand("scoreboard", period=True, unit=False, by=True),
    "summary": ReportCommand("summary", period=True, unit=True, by=True),
    "overdue": ReportCommand("overdue_list", period=False, unit=True, by=True),
    "directives": ReportCommand("directive_progress", period=True, unit=False, by=False),
    "upcoming": ReportCommand("upcoming_deadlines", period=False, unit=True, by=True),
}

#: Columns a terminal table shows by default (``--columns all`` shows every one; CSV,
#: JSON and files always hold every column): key -> short (Vietnamese, English) header.
_TABLE_COLUMNS: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "scoreboard": {
        **COMPACT_SCOREBOARD,
        "average_working_days_late": ("Trễ TB (ngày LV)", "Avg. days late"),
    },
    "overdue": {
        "task_id": ("Nhiệm vụ", "Task"),
        "content": ("Nội dung", "Content"),
        "lead_name": ("Đơn vị chủ trì", "Lead unit"),
        "current_due": ("Hạn", "Due"),
        "working_days_late": ("Trễ (ngày LV)", "Days late"),
        "percent": ("Tiến độ %", "Progress %"),
    },
    "directives": {
        "directive_id": ("Mã", "Id"),
        "number": ("Số, ký hiệu", "Number"),
        "summary": ("Trích yếu", "Summary"),
        "issue_date": ("Ngày ban hành", "Issued"),
        "tasks": ("Nhiệm vụ", "Tasks"),
        "completed_on_time": ("Xong đúng hạn", "Done on time"),
        "completed_late": ("Xong quá hạn", "Done late"),
        "not_completed_on_time": ("Trong hạn", "On track"),
        "not_completed_overdue": ("Quá hạn", "Overdue"),
        "completion_rate": ("Tỷ lệ xong", "Completion"),
    },
    "upcoming": {
        "task_id": ("Nhiệm vụ", "Task"),
        "content": ("Nội dung", "Content"),
        "lead_name": ("Đơn vị chủ trì", "Lead unit"),
        "due": ("Hạn", "Due"),
        "working_days_remaining": ("Còn (ngày LV)", "Days left"),
    },
}



def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``report`` subcommand to *sub*."""
    p = sub.add_parser(
        NAME, parents=[common],
        help="scoreboard, 4-way summary, overdue list, directive progress, upcoming deadlines",
        description="Compute a report over the database as of a date (only events recorded "
                    "up to that day count) or for a Decree 09/2019 reporting period.")
    p.add_argument("report", choices=list(REPORTS), metavar="REPORT",
                   help="one of: " + ", ".join(REPORTS))
    p.add_argument("--as-of", type=parse_cli_date, default=None, metavar="DATE",
                   help="report date (default: today in Vietnam, or the period's cut-off)")
    p.add_argument("--period", default=None, metavar="LABEL",
                   help='a reporting period, e.g. "Quý II/2026", "tháng 5/2026", '
                        '"6 tháng đầu năm 2026", "Năm 2026"')
    p.add_argument("--by", choices=("new", "old"), default="new",
                   help="count merged units under their successor (new, default) or as "
                        "they were (old)")
    p.add_argument("--unit", default=None, metavar="CODE",
                   help="only this lead unit (summary, overdue, upcoming)")
    p.add_argument("--columns", default=None, metavar="KEY,KEY",
                   help="only these columns, by key (see --format csv for the keys); 'all' "
                        "for every column (a terminal table shows the main ones by default)")
    p.add_argument("--output", type=path_arg, default=None, metavar="FILE",
                   help="write to FILE instead: .xlsx, .csv, .json, .png (scoreboard chart) "
                        "or .ics (upcoming deadlines)")
    p.set_defaults(handler=run)


def run(ctx: Context) -> int:
    """Compute the report and write it."""
    from .. import reports
    from ..periods import ReportingPeriod

    args, err = ctx.args, ctx.err
    cal = ctx.calendar()
    period = ReportingPeriod.parse(args.period) if args.period is not None else None
    as_of: date | None = args.as_of
    if as_of is None and period is None:
        as_of = now_vn().date()
    kind: str = args.report
    spec = REPORTS[kind]
    if period is not None and not spec.period:
        raise ValidationError(f"report {kind!r} is as of a date: give --as-of, not --period",
                              param_name="period")
    if args.unit is not None and not spec.unit:
        names = [k for k, s in REPORTS.items() if s.unit]
        with_unit = ", ".join(names[:-1]) + " and " + names[-1]
        raise ValidationError(f"report {kind!r} covers every unit: --unit applies to "
                              f"{with_unit}", param_name="unit")
    options: dict[str, Any] = {"as_of": as_of, "lifecycle_policy": ctx.lifecycle_policy()}
    if spec.period:
        options["period"] = period
    if spec.unit:
        options["unit"] = args.unit
    if spec.by:
        options["by"] = args.by
    function = getattr(reports, spec.function)
    with ctx.existing_store() as store, \
            Busy(t(ctx.lang, "Đang lập báo cáo", "Computing the report"), stream=err):
        report = function(store, cal, **options)
    table = report.to_table()
    if args.output:
        _write_output(report, table, Path(args.output), ctx.lang)
        err.write(t(ctx.lang, f"Đã ghi {args.output}\n", f"Wrote {args.output}\n"))
        return EXIT_OK
    if args.columns and args.columns.strip() != "all":
        table = select(table, [c.strip() for c in args.columns.split(",") if c.strip()])
    elif args.columns is None and args.format == "table" and kind in _TABLE_COLUMNS:
        table = select(table, list(_TABLE_COLUMNS[kind]), _TABLE_COLUMNS[kind])
    emit_table(ctx.out, table, args)
    return EXIT_OK


def _write_output(report: Any, table: Table, path: Path, lang: str) -> None:
    from .. import renderers
    from ..reports import Scoreboard, UpcomingDeadlines

    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            renderers.write_xlsx(table, path, lang=lang)
        elif suffix == ".csv":
            renderers.write_csv(table, path, lang=lang, include_totals=True)
        elif suffix == ".json":
            path.write_text(renderers.to_json(table) + "\n", encoding="utf-8")
        elif suffix == ".png" and isinstance(report, Scoreboard):
            renderers.write_chart_png(report, path, lang=lang)
        elif suffix == ".ics" and isinstance(report, UpcomingDeadlines):
            renderers.write_ics(report, path)
        else:
            raise ValidationError(
                f"cannot write {str(path)!r}: use .xlsx, .csv or .json (any report), .png "
                f"(the scoreboard chart) or .ics (upcoming deadlines)", param_name="output")
    except OSError as exc:
        raise cannot_write(path, exc) from None

