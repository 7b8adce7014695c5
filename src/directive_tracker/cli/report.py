# SPDX-License-Identifier: MIT
"""
``directive-tracker report NAME``: one of the reports of :mod:`directive_tracker.reports`.

The reports the command offers are :data:`directive_tracker.reports.REPORTS` (one place:
a name on the command line, the public function that computes it and the filters it
takes).  A new report is registered there; nothing here names a report except the short
column headers of a terminal table.

A period report whose cut-off is still to come is computed as of today and labelled
provisional ("số liệu tạm tính đến ngày …"); ``--as-of`` after today is refused.
``--unit`` naming no known unit is an error (exit 1) listing the closest codes.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .._validators import now_vn
from ..exceptions import ValidationError
from ._common import EXIT_OK, Context, cannot_write, parse_cli_date, path_arg
from ._documents import add_document_options, document_details
from ._i18n import LANG, h
from ._output import COMPACT_SCOREBOARD, emit_table, select
from ._progress import Busy

if TYPE_CHECKING:
    from ..reports import Table

__all__ = ["NAME", "add_parser", "run"]

NAME: Final = "report"


#: Columns a terminal table shows by default (``--columns all`` shows every one; CSV,
#: JSON and files always hold every column): key -> short (Vietnamese, English) header.
_TABLE_COLUMNS: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "scoreboard": {
        **COMPACT_SCOREBOARD,
        "average_working_days_late": ("Trễ TB (ngày LV)", "Avg. days late"),
        "weighted_score@1": ("Điểm", "Score"),
    },
    "summary": {
        "label_vi": ("Tình hình thực hiện", "Status"),
        "label_en": ("Tình hình thực hiện", "Status"),
        "count": ("Số nhiệm vụ", "Tasks"),
        "share": ("Tỷ lệ", "Share"),
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
    from ..reports import REPORTS

    lang = LANG.get()
    p = sub.add_parser(
        NAME, parents=[common],
        help=h("bảng tổng hợp theo đơn vị, báo cáo 4 nhóm, danh sách quá hạn, tiến độ văn "
               "bản, nhiệm vụ sắp đến hạn",
               "scoreboard, 4-way summary, overdue list, directive progress, upcoming "
               "deadlines"),
        description=h("Lập báo cáo từ cơ sở dữ liệu tính đến một ngày (chỉ tính các diễn "
                      "biến đến ngày đó) hoặc cho một kỳ báo cáo theo Nghị định 09/2019; kỳ "
                      "chưa kết thúc thì số liệu tạm tính đến hôm nay.",
                      "Compute a report over the database as of a date (only events "
                      "recorded up to that day count) or for a Decree 09/2019 reporting "
                      "period; a period not yet over is computed as of today, "
                      "provisionally."))
    p.add_argument("report", choices=list(REPORTS), metavar=h("BÁO_CÁO", "REPORT"),
                   help=h("một trong: ", "one of: ") + "; ".join(
                       f"{name} ({spec.title(lang)})" for name, spec in REPORTS.items()))
    p.add_argument("--as-of", type=parse_cli_date, default=None, metavar=h("NGÀY", "DATE"),
                   help=h("ngày lấy số liệu, không sau hôm nay (mặc định: hôm nay, hoặc "
                          "ngày chốt số liệu của kỳ nếu đã qua)",
                          "report date, not after today (default: today in Vietnam, or "
                          "the period's cut-off if past)"))
    p.add_argument("--period", default=None, metavar=h("KỲ", "LABEL"),
                   help=h('kỳ báo cáo, ví dụ "Quý II/2026", "tháng 5/2026", "6 tháng đầu '
                          'năm 2026", "Năm 2026"',
                          'a reporting period, e.g. "Quý II/2026", "tháng 5/2026", '
                          '"6 tháng đầu năm 2026", "Năm 2026"'))
    p.add_argument("--by", choices=("new", "old"), default="new",
                   help=h("tính nhiệm vụ của đơn vị đã sáp nhập vào đơn vị mới (new, mặc "
                          "định) hay giữ theo đơn vị cũ (old)",
                          "count merged units under their successor (new, default) or as "
                          "they were (old)"))
    p.add_argument("--unit", default=None, metavar=h("MÃ_ĐƠN_VỊ", "CODE"),
                   help=h("chỉ đơn vị chủ trì này (summary, overdue, upcoming)",
                          "only this lead unit (summary, overdue, upcoming)"))
    p.add_argument("--explain", default=None, metavar=h("MÃ_ĐƠN_VỊ", "CODE"),
                   help=h("scoreboard: liệt kê từng nhiệm vụ, vai trò và trọng số tạo nên "
                          "điểm của đơn vị này",
                          "scoreboard: list the tasks, roles and weights behind this "
                          "unit's score"))
    p.add_argument("--columns", default=None, metavar="KEY,KEY",
                   help=h("chỉ các cột này, theo khóa (xem khóa bằng --format csv); 'all' "
                          "để in mọi cột (bảng trên màn hình mặc định in các cột chính)",
                          "only these columns, by key (see --format csv for the keys); "
                          "'all' for every column (a terminal table shows the main ones "
                          "by default)"))
    p.add_argument("--output", type=path_arg, default=None, metavar=h("TỆP", "FILE"),
                   help=h("ghi ra TỆP: .xlsx, .csv, .json, .html (báo cáo in được), .docx "
                          "(báo cáo định kỳ theo Nghị định 30/2020, với scoreboard hoặc "
                          "summary), .png (biểu đồ của scoreboard) hoặc .ics (upcoming)",
                          "write to FILE instead: .xlsx, .csv, .json, .html (printable "
                          "report), .docx (the Decree 30/2020 periodic report, with "
                          "scoreboard or summary), .png (scoreboard chart) or .ics "
                          "(upcoming deadlines)"))
    add_document_options(p)
    p.set_defaults(handler=run)


def run(ctx: Context) -> int:
    """Compute the report and write it."""
    from ..periods import ReportingPeriod
    from ..reports import REPORTS

    args, err = ctx.args, ctx.err
    cal = ctx.calendar()
    period = ReportingPeriod.parse(args.period) if args.period is not None else None
    as_of: date | None = args.as_of
    today = now_vn().date()
    if as_of is None and period is None:
        as_of = today
    kind: str = args.report
    spec = REPORTS[kind]
    if period is not None and "period" not in spec.filters:
        raise ValidationError(f"report {kind!r} is as of a date: give --as-of, not --period",
                              param_name="period",
                              message_vi=f"báo cáo {kind!r} tính đến một ngày: dùng "
                                         f"--as-of, không dùng --period")
    if args.unit is not None and "unit" not in spec.filters:
        names = [k for k, s in REPORTS.items() if "unit" in s.filters]
        with_unit = ", ".join(names[:-1]) + " and " + names[-1]
        with_unit_vi = ", ".join(names[:-1]) + " và " + names[-1]
        raise ValidationError(f"report {kind!r} covers every unit: --unit applies to "
                              f"{with_unit}", param_name="unit",
                              message_vi=f"báo cáo {kind!r} gồm mọi đơn vị: --unit chỉ dùng "
                                         f"cho {with_unit_vi}")
    if args.explain is not None and kind != "scoreboard":
        raise ValidationError("--explain UNIT applies to the scoreboard",
                              message_vi="--explain MÃ_ĐƠN_VỊ chỉ dùng với scoreboard")
    options: dict[str, Any] = {"as_of": as_of, "today": today,
                               "lifecycle_policy": ctx.lifecycle_policy()}
    if "period" in spec.filters:
        options["period"] = period
    if "unit" in spec.filters:
        options["unit"] = args.unit
    if "by" in spec.filters:
        options["by"] = args.by
    suffix = Path(args.output).suffix.lower() if args.output else ""
    if suffix == ".docx":
        return _write_docx(ctx, kind, options)
    with ctx.existing_store() as store, \
            Busy(h("Đang lập báo cáo", "Computing the report"), stream=err):
        report = spec.function(store, cal, **options)
    if args.explain is not None:
        report = report.explain(args.explain)
    table = report.to_table()
    if args.output:
        _write_output(ctx, report, table, Path(args.output), ctx.lang)
        err.write(h(f"Đã ghi {args.output}\n", f"Wrote {args.output}\n"))
        return EXIT_OK
    if args.columns and args.columns.strip() == "all":
        table = select(table, [c.key for c in table.columns], explicit=True)
    elif args.columns:
        table = select(table, [c.strip() for c in args.columns.split(",") if c.strip()],
                       explicit=True)
    elif args.columns is None and args.format == "table" and kind in _TABLE_COLUMNS \
            and args.explain is None:
        wanted = _TABLE_COLUMNS[kind]
        keys = [k for k in wanted if k in {c.key for c in table.columns}]
        table = select(table, keys, wanted)
    emit_table(ctx.out, table, args)
    return EXIT_OK


def _write_docx(ctx: Context, kind: str, options: dict[str, Any]) -> int:
    """Write the Decree 30/2020 periodic report (summary, scoreboard, overdue list)."""
    from ..official import write_report_docx
    from ..reports import overdue_list, scoreboard, summary

    args = ctx.args
    if kind not in ("scoreboard", "summary"):
        raise ValidationError(
            f"a .docx is the periodic report: use it with 'report scoreboard' or 'report "
            f"summary', not {kind!r} (which writes .html, .xlsx, .csv, .json)",
            param_name="output",
            message_vi=f"tệp .docx là báo cáo định kỳ: dùng với 'report scoreboard' hoặc "
                       f"'report summary', không dùng với {kind!r} (ghi được .html, .xlsx, "
                       f".csv, .json)")
    details = document_details(args, today=options["today"], required=True)
    assert details is not None
    cal = ctx.calendar()
    common = {k: v for k, v in options.items() if k in ("as_of", "period", "by", "today")}
    with ctx.existing_store() as store, \
            Busy(h("Đang lập báo cáo", "Computing the report"), stream=ctx.err):
        board = scoreboard(store, cal, **common)
        groups = summary(store, cal, **common)
        late = overdue_list(store, cal, as_of=board.as_of, by=args.by,
                            today=options["today"])
    try:
        write_report_docx(args.output, summary=groups, scoreboard=board, overdue=late,
                          details=details)
    except OSError as exc:
        raise cannot_write(args.output, exc) from None
    ctx.err.write(h(f"Đã ghi {args.output}\n", f"Wrote {args.output}\n"))
    return EXIT_OK


def _write_output(ctx: Context, report: Any, table: Table, path: Path, lang: str) -> None:
    from .. import renderers
    from ..official import write_html
    from ..reports import Scoreboard, UpcomingDeadlines

    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            renderers.write_xlsx(table, path, lang=lang)
        elif suffix == ".csv":
            renderers.write_csv(table, path, lang=lang, include_totals=True)
        elif suffix == ".json":
            path.write_text(renderers.to_json(table) + "\n", encoding="utf-8")
        elif suffix in (".html", ".htm"):
            details = document_details(ctx.args, today=now_vn().date(), required=False)
            write_html(report, path, lang=lang, details=details)
        elif suffix == ".png" and isinstance(report, Scoreboard):
            renderers.write_chart_png(report, path, lang=lang)
        elif suffix == ".ics" and isinstance(report, UpcomingDeadlines):
            renderers.write_ics(report, path)
        else:
            raise ValidationError(
                f"cannot write {str(path)!r}: use .xlsx, .csv or .json (any report), .html "
                f"(any report, printable), .docx (the periodic report: scoreboard or "
                f"summary), .png (the scoreboard chart) or .ics (upcoming deadlines)",
                param_name="output",
                message_vi=f"không ghi được {str(path)!r}: dùng .xlsx, .csv, .json hoặc "
                           f".html (mọi báo cáo), .docx (báo cáo định kỳ: scoreboard hoặc "
                           f"summary), .png (biểu đồ của scoreboard) hoặc .ics (upcoming)")
    except OSError as exc:
        raise cannot_write(path, exc) from None
