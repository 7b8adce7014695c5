# SPDX-License-Identifier: MIT
"""
Writing the command line's output: text tables, CSV and JSON, dates and plurals.

Layout itself lives in :mod:`directive_tracker.renderers` (one text-table renderer, one
display width); this module only picks the format ``--format`` asks for.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Final, TextIO

import attrs

from .._names import weekday_name
from ..exceptions import ValidationError
from ..renderers import csv_row, display_width, render_grid

if TYPE_CHECKING:
    from ..calendars import WorkingCalendar
    from ..reminders import Reminder
    from ..reports import Table

__all__ = ["render_table"]


def t(lang: str, vi: str, en: str) -> str:
    """Return the Vietnamese or English text for *lang*."""
    return vi if lang == "vi" else en


def weekday(d: date, lang: str) -> str:
    """Return the weekday of *d* in *lang* ("Thứ Hai", "Monday")."""
    return weekday_name(d, lang)


def plural(n: int, noun: str) -> str:
    """Return ``"1 day"`` / ``"2 days"``."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def dmy(d: date) -> str:
    """Return *d* as dd/mm/yyyy."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def dm(d: date) -> str:
    """Return *d* as dd/mm."""
    return f"{d.day:02d}/{d.month:02d}"


def pad(text: str, width: int) -> str:
    """Pad *text* with spaces to *width* display columns."""
    return text + " " * max(0, width - display_width(text))


def render_table(headers: Sequence[str], rows: Iterable[Sequence[str]], *,
                 indent: str = "") -> list[str]:
    """
    Lay out *rows* under *headers* as aligned text columns; cells may span several lines.

    The layout is :func:`directive_tracker.renderers.render_grid`'s.

    Args:
        headers: one title per column.
        rows: the cells, as strings; a ``"\\n"`` in a cell continues it on the next line.
        indent: text put before every line.

    Returns:
        The lines of the table, without trailing spaces.

    >>> print("\\n".join(render_table(["Ngày", "Số"], [["02/01", "1"]])))
    Ngày   Số
    ─────  ──
    02/01  1

    .. versionadded:: 0.1.0
    """
    return render_grid(headers, rows, indent=indent)


def write_csv(out: TextIO, keys: Sequence[str], records: Iterable[dict[str, Any]]) -> None:
    """Write *records* as CSV with the header *keys* (None becomes an empty cell).

    Cells follow :func:`directive_tracker.renderers.to_csv`: a text starting with ``=``,
    ``+``, ``-``, ``@``, tab or CR gets a leading apostrophe (no formula injection),
    floats are rounded to 9 decimals.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(csv_row(keys))
    for rec in records:
        writer.writerow(csv_row(rec.get(k) for k in keys))
    out.write(buf.getvalue())


def _json_default(value: object) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def write_json(out: TextIO, data: Any) -> None:
    """Write *data* as indented JSON (dates in ISO form), then a newline."""
    out.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))
    out.write("\n")


def select(table: Table, keys: Sequence[str],
           labels: dict[str, tuple[str, str]] | None = None, *,
           explicit: bool = False) -> Table:
    """
    Return *table* with only the columns *keys* (in that order), optionally relabelled.

    With *explicit* (the user named the columns, ``--columns``), every column asked for
    is shown, even one of the other language or a machine code.
    """
    index = {c.key: k for k, c in enumerate(table.columns)}
    unknown = [k for k in keys if k not in index]
    if unknown:
        raise ValidationError(
            f"unknown column(s) {', '.join(unknown)}; this report has: "
            f"{', '.join(index)}", param_name="columns",
            message_vi=f"báo cáo này không có cột {', '.join(unknown)}; các cột: "
                       f"{', '.join(index)}")
    cols = []
    for key in keys:
        col = table.columns[index[key]]
        if labels and key in labels:
            col = attrs.evolve(col, label_vi=labels[key][0], label_en=labels[key][1])
        if explicit:
            col = attrs.evolve(col, lang=None, machine=False)
        cols.append(col)
    pick = [index[k] for k in keys]
    return attrs.evolve(
        table, columns=tuple(cols), rows=tuple(tuple(r[i] for i in pick) for r in table.rows),
        totals=None if table.totals is None else tuple(table.totals[i] for i in pick))


def emit_table(out: TextIO, table: Table, args: argparse.Namespace) -> None:
    """Write *table* in the ``--format`` and ``--lang`` of *args*."""
    from ..renderers import render_text, to_csv, to_json

    if args.format == "csv":
        out.write(to_csv(table, lang=args.lang, headers="keys", include_totals=True)
                  .replace("\r\n", "\n"))
    elif args.format == "json":
        out.write(to_json(table) + "\n")
    else:
        out.write(render_text(table, lang=args.lang, local_numbers=True))


#: The compact scoreboard of ``demo``: column key -> short (Vietnamese, English) header.
COMPACT_SCOREBOARD: Final = {
    "rank": ("Hạng", "Rank"),
    "unit_name": ("Đơn vị chủ trì", "Lead unit"),
    "assigned": ("Giao", "Assigned"),
    "completed_on_time": ("Xong đúng hạn", "Done on time"),
    "completed_late": ("Xong quá hạn", "Done late"),
    "in_progress_on_time": ("Trong hạn", "On track"),
    "overdue": ("Quá hạn", "Overdue"),
    "no_deadline": ("Không thời hạn", "No deadline"),
    "paused": ("Tạm dừng", "Paused"),
    "on_time_rate": ("Tỷ lệ đúng hạn", "On-time rate"),
}


def reminder_record(r: Reminder, lang: str) -> dict[str, Any]:
    """Return the CSV/JSON record of one reminder (stable English keys)."""
    return {
        "key": r.key, "task_id": r.task_id, "recipient": r.recipient,
        "recipient_name": r.recipient_name, "level": r.level.value,
        "reason": r.reason.value, "due_date": r.due_date,
        "working_days_left": r.working_days_left, "working_days_late": r.working_days_late,
        "subject": r.subject_vi if lang == "vi" else r.subject_en,
        "message": r.message_vi if lang == "vi" else r.message_en,
    }


_TITLES_EN: Final = (("Chủ tịch ", "Chairman of "), ("Thủ trưởng ", "Head of "),
                     ("Lãnh đạo ", "Leadership of "))


def recipient_name(r: Reminder, lang: str) -> str:
    """Return who *r* is addressed to in *lang* (unit names stay Vietnamese proper names;
    the titles "Chủ tịch", "Thủ trưởng", "Lãnh đạo" are translated)."""
    name = r.recipient_name
    if lang == "vi":
        return name
    for vi, en in _TITLES_EN:
        if name.startswith(vi):
            return en + name[len(vi):]
    return name


def write_reminders(out: TextIO, due: Sequence[Reminder], as_of: date, lang: str, *,
                    calendar: WorkingCalendar, limit: int | None = None) -> None:
    """Write the reminders *due* on *as_of* as a text table (at most *limit* rows)."""
    title = t(lang, f"Nhắc việc, đôn đốc ngày {dmy(as_of)}: {len(due)} tin",
              f"Reminders for {dmy(as_of)}: {len(due)}")
    lines = [title]
    if not due:
        lines.append(t(lang, "Không có tin nhắc việc nào phải gửi.", "Nothing to send."))
        cal = calendar
        if not cal.is_working_day(as_of):
            nxt = cal.next_working_day(as_of)
            lines.append(t(
                lang,
                f"{dmy(as_of)} là ngày nghỉ: các tin đến hạn được gửi vào ngày làm việc "
                f"tiếp theo, {weekday(nxt, lang).lower()} {dmy(nxt)}.",
                f"{dmy(as_of)} is a day off: reminders falling due are sent on the next "
                f"working day, {weekday(nxt, lang)} {dmy(nxt)}."))
        out.write("\n".join(lines) + "\n")
        return
    shown = list(due if limit is None else due[:limit])
    rows = []
    for r in shown:
        reason = r.reason.label_vi if lang == "vi" else r.reason.label_en
        rows.append([r.task_id, recipient_name(r, lang), reason,
                     dmy(r.due_date) if r.due_date else "",
                     r.subject_vi if lang == "vi" else r.subject_en])
    lines += render_table([t(lang, "Nhiệm vụ", "Task"), t(lang, "Gửi đến", "To"),
                          t(lang, "Lý do", "Reason"), t(lang, "Hạn", "Due"),
                          t(lang, "Tiêu đề", "Subject")], rows)
    if len(shown) < len(due):
        lines.append(t(lang, f"… và {len(due) - len(shown)} tin khác (dùng --limit 0 để xem "
                             f"tất cả)",
                       f"… and {len(due) - len(shown)} more (use --limit 0 to list all)"))
    out.write("\n".join(lines) + "\n")
