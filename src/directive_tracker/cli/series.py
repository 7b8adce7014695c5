# SPDX-License-Identifier: MIT
"""
``directive-tracker series TASK``: the occurrences of a periodic duty.

Lists every occurrence of the task's series up to ``--as-of`` (default today) plus the
next one, each with its period, its data window (a Decree 09/2019 reporting duty: the
cut-off dates of Art 12, both inclusive; shown when the series has one), due date,
status and working days left or late, then
the series' on-time rate (:func:`directive_tracker.services.series_status`).  In
Vietnamese by default; ``--lang en`` for English; ``--format json|csv`` for machines.

Exit codes: 0 listed; 1 the task is unknown or does not recur; 3 the database cannot be
opened or read.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import argparse
from typing import Any, Final

from ..official._layout import format_cell
from ..services import series_status
from ._common import EXIT_OK, Context, parse_cli_date
from ._i18n import h
from ._output import dmy, render_table, t, write_csv, write_json

__all__ = ["NAME", "add_parser", "run"]

NAME: Final = "series"

_KEYS: Final = ("occurrence", "period", "title", "window_start", "window_end", "due",
                "status", "lead_unit", "working_days_left", "working_days_late",
                "completed_on")


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``series`` subcommand to *sub*."""
    p = sub.add_parser(NAME, parents=[common],
                       help=h("liệt kê các kỳ của một nhiệm vụ định kỳ (báo cáo tháng, quý…) "
                              "và trạng thái từng kỳ",
                              "list the occurrences of a periodic duty (monthly, quarterly "
                              "reports…) and the status of each"))
    p.add_argument("task_id", metavar=h("MÃ_NHIỆM_VỤ", "TASK_ID"),
                   help=h("mã nhiệm vụ định kỳ", "the periodic task's id"))
    p.add_argument("--as-of", type=parse_cli_date, default=None, metavar=h("NGÀY", "DATE"),
                   help=h("ngày xem (mặc định: hôm nay)", "the date to judge on "
                          "(default: today)"))
    p.set_defaults(handler=run)


def run(ctx: Context) -> int:
    """Print the series view of one periodic task."""
    args, out, lang = ctx.args, ctx.out, ctx.lang
    day = ctx.today()
    with ctx.existing_store() as store:
        view = series_status(store, ctx.calendar(), args.task_id, as_of=day,
                             lifecycle_policy=ctx.lifecycle_policy())
    rows: list[dict[str, Any]] = []
    for item in view.items:
        occ, st = item.occurrence, item.status
        rows.append({
            "occurrence": occ.key,
            "period": occ.label_vi if lang == "vi" else occ.label_en,
            "title": occ.title_vi, "window_start": occ.window_start,
            "window_end": occ.window_end, "due": st.current_due,
            "status": st.label_vi if lang == "vi" else st.label_en,
            "lead_unit": st.lead_unit, "working_days_left": st.working_days_remaining,
            "working_days_late": st.working_days_late,
            "completed_on": st.state.completed_on})
    rate = view.on_time_rate
    if args.format == "json":
        write_json(out, {"task_id": args.task_id, "as_of": day, "judged": view.judged,
                         "on_time": view.on_time, "on_time_rate": rate,
                         "end": view.end, "ended": view.ended, "occurrences": rows})
        return EXIT_OK
    if args.format == "csv":
        write_csv(out, list(_KEYS), rows)
        return EXIT_OK
    out.write(t(lang, f"CÁC KỲ CỦA NHIỆM VỤ {args.task_id} (tính đến ngày {dmy(day)})",
                f"OCCURRENCES OF TASK {args.task_id} (as of {dmy(day)})") + "\n")
    if view.end is not None:
        out.write(t(lang, f"Chuỗi kỳ {'đã kết thúc' if view.ended else 'kết thúc'} "
                          f"ngày {dmy(view.end)}",
                    f"The series {'ended' if view.ended else 'ends'} on {dmy(view.end)}")
                  + "\n")
    windows = any(r["window_start"] is not None for r in rows)
    headers = [t(lang, "Kỳ", "Occurrence"), t(lang, "Kỳ báo cáo", "Period"),
               *([t(lang, "Số liệu từ – đến", "Data from – to")] if windows else []),
               t(lang, "Hạn", "Due"), t(lang, "Tình trạng", "Status"),
               t(lang, "Đơn vị chủ trì", "Lead unit"),
               t(lang, "Ngày làm việc còn lại / quá hạn", "Working days left / late"),
               t(lang, "Ngày hoàn thành", "Completed on")]
    body = []
    for r in rows:
        late, left = r["working_days_late"], r["working_days_left"]
        days = (f"-{late}" if late else "" if left is None else str(left))
        window = ([] if not windows else [""] if r["window_start"] is None
                  else [f"{dmy(r['window_start'])} – {dmy(r['window_end'])}"])
        body.append([r["occurrence"], r["period"], *window,
                     "" if r["due"] is None else dmy(r["due"]),
                     r["status"], r["lead_unit"], days,
                     "" if r["completed_on"] is None else dmy(r["completed_on"])])
    out.write("\n".join(render_table(headers, body)) + "\n")
    shown = "—" if rate is None else format_cell(rate, "rate", lang)
    out.write(t(lang, f"Tỷ lệ đúng hạn: {shown} ({view.on_time}/{view.judged} kỳ đã đến "
                      "hạn)",
                f"On-time rate: {shown} ({view.on_time}/{view.judged} occurrences due)")
              + "\n")
    return EXIT_OK
