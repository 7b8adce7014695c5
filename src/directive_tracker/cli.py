# SPDX-License-Identifier: MIT
"""
The ``directive-tracker`` command line (also ``python -m directive_tracker``).

Subcommands::

    directive-tracker calendar 2026          # days off and make-up days, with sources
    directive-tracker deadline "trong 10 ngày làm việc" --from 26/04/2024 --explain
    directive-tracker demo --seed 7 --today 2026-05-08   # a synthetic province in SQLite
    directive-tracker report scoreboard --period "Quý II/2026"
    directive-tracker report overdue --as-of 2026-05-08 --format csv
    directive-tracker remind --as-of 2026-05-08            # dry run; --send console|email
    directive-tracker export --output backup.jsonl
    directive-tracker import backup.jsonl --db other.sqlite3

Global options (accepted before or after the subcommand):

``--db PATH``
    the SQLite database (default: ``$DIRECTIVE_TRACKER_DB``, else
    ``directive_tracker.sqlite3`` in the working directory, as
    :func:`directive_tracker.storage.default_db_path`).
``--lang vi|en``
    language of labels and messages (default ``vi``, or ``$DIRECTIVE_TRACKER_LANG``).
``--format table|csv|json``
    output format (default ``table``).  CSV and JSON use stable English keys;
    their text values follow ``--lang``.

Exit codes:

=====  ===============================================================
0      success
1      domain or validation error (bad value, unknown item, illegal event), or a
       file named on the command line that cannot be read or written
2      usage error (unknown option, malformed argument; printed by argparse)
3      storage error (database missing, unreadable, or of a newer schema)
4      an optional extra is missing (the message names the ``pip install``)
5      a notification could not be delivered
130    interrupted (Ctrl-C)
=====  ===============================================================

Bad input never prints a traceback: every library error is reported as one
line ``directive-tracker: error: …`` on standard error.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO, cast

import attrs

from ._validators import now_vn
from ._version import __version__
from .calendars import (
    FIRST_SUPPORTED_DATE,
    LAST_SUPPORTED_DATE,
    DayInfo,
    DayKind,
    WorkingCalendar,
    vietnam_calendar,
)
from .exceptions import (
    BackendUnavailableError,
    DirectiveTrackerError,
    MissingExtraError,
    NotificationError,
    StorageError,
    ValidationError,
)

if TYPE_CHECKING:
    from .notifiers import Notifier
    from .periods import ReportingPeriod
    from .reminders import Reminder
    from .reports import Table
    from .storage.base import Store

__all__ = [
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_MISSING_EXTRA",
    "EXIT_NOTIFICATION",
    "EXIT_OK",
    "EXIT_STORAGE",
    "EXIT_USAGE",
    "Busy",
    "Progress",
    "build_parser",
    "main",
    "parse_cli_date",
    "render_table",
]

#: Exit code 0, success.
EXIT_OK: Final = 0
#: Exit code 1, a domain or validation error (any other library error).
EXIT_ERROR: Final = 1
#: Exit code 2, a usage error (unknown option or malformed argument).
EXIT_USAGE: Final = 2
#: Exit code 3, a storage error (:class:`~directive_tracker.exceptions.StorageError`).
EXIT_STORAGE: Final = 3
#: Exit code 4, an optional dependency is missing
#: (:class:`~directive_tracker.exceptions.MissingExtraError`).
EXIT_MISSING_EXTRA: Final = 4
#: Exit code 5, a notification failed (:class:`~directive_tracker.exceptions.NotificationError`).
EXIT_NOTIFICATION: Final = 5
#: Exit code 130, interrupted by the user (Ctrl-C).
EXIT_INTERRUPTED: Final = 130

PROG: Final = "directive-tracker"
_LANGS: Final = ("vi", "en")
_FORMATS: Final = ("table", "csv", "json")

_WEEKDAYS_VI: Final = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_WEEKDAYS_EN: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                       "Sunday")


# --------------------------------------------------------------------------- small helpers


def _t(lang: str, vi: str, en: str) -> str:
    """Return the Vietnamese or English text for *lang*."""
    return vi if lang == "vi" else en


def _weekday(d: date, lang: str) -> str:
    return (_WEEKDAYS_VI if lang == "vi" else _WEEKDAYS_EN)[d.weekday()]


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _dmy(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _dm(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}"


_DMY_RE: Final = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO_RE: Final = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_cli_date(text: str) -> date:
    """
    Read a date given on the command line: ``2026-01-10`` (ISO) or ``10/01/2026`` (d/m/yyyy).

    Args:
        text: the argument as typed.

    Returns:
        The date.

    Raises:
        argparse.ArgumentTypeError: *text* is not one of the two forms or not a real date
            (argparse turns it into a usage error, exit code 2).

    >>> parse_cli_date("10/01/2026")
    datetime.date(2026, 1, 10)

    .. versionadded:: 0.1.0
    """
    m = _ISO_RE.match(text)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _DMY_RE.match(text)
        if not m:
            raise argparse.ArgumentTypeError(
                f"invalid date {text!r}: use YYYY-MM-DD (2026-01-10) or DD/MM/YYYY (10/01/2026)")
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    try:
        return date(y, mo, d)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"invalid date {text!r}: {exc}") from None


def _display_width(text: str) -> int:
    """Return the number of terminal columns *text* occupies (wide CJK = 2, combining = 0)."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _display_width(text))


def render_table(headers: Sequence[str], rows: Iterable[Sequence[str]], *,
                 indent: str = "") -> list[str]:
    """
    Lay out *rows* under *headers* as aligned text columns; cells may span several lines.

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
    split_rows = [[str(cell).split("\n") for cell in row] for row in rows]
    ncol = len(headers)
    widths = [_display_width(h) for h in headers]
    for row in split_rows:
        for k, lines in enumerate(row[:ncol]):
            widths[k] = max(widths[k], *(_display_width(line) for line in lines))
    gap = "  "
    out = [indent + gap.join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip(),
           indent + gap.join("─" * w for w in widths)]
    for row in split_rows:
        height = max(len(lines) for lines in row)
        for i in range(height):
            cells = [lines[i] if i < len(lines) else "" for lines in row]
            out.append(indent + gap.join(_pad(c, w) for c, w in zip(cells, widths, strict=True))
                       .rstrip())
    return out


def _write_csv(out: TextIO, keys: Sequence[str], records: Iterable[dict[str, Any]]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(keys), lineterminator="\n")
    writer.writeheader()
    for rec in records:
        writer.writerow({k: ("" if rec.get(k) is None else rec.get(k)) for k in keys})
    out.write(buf.getvalue())


def _json_default(value: object) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _write_json(out: TextIO, data: Any) -> None:
    out.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))
    out.write("\n")


# --------------------------------------------------------------------------- progress


class Progress:
    """
    A hand-written progress bar on standard error, silent when the stream is not a terminal.

    Use it as a context manager around a long loop::

        with Progress(total=len(rows), label="import") as bar:
            for row in rows:
                ...
                bar.advance()

    Args:
        total: the number of steps (0 or less: an indeterminate counter).
        label: a short word shown before the bar.
        stream: where to draw (default ``sys.stderr``).
        enabled: force drawing on or off; default: only when *stream* is a TTY.

    .. versionadded:: 0.1.0
    """

    _WIDTH: Final = 30
    _MIN_INTERVAL: Final = 0.1

    def __init__(self, *, total: int, label: str, stream: TextIO | None = None,
                 enabled: bool | None = None) -> None:
        self.total = total
        self.label = label
        self.stream = sys.stderr if stream is None else stream
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.done = 0
        self._last = 0.0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advance(self, steps: int = 1) -> None:
        """Record *steps* more steps done and redraw at most ten times a second."""
        self.done += steps
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last >= self._MIN_INTERVAL or self.done >= self.total > 0:
            self._last = now
            self._draw()

    def _draw(self) -> None:
        if self.total > 0:
            frac = min(1.0, self.done / self.total)
            filled = int(frac * self._WIDTH)
            bar = "█" * filled + "░" * (self._WIDTH - filled)
            text = f"\r{self.label} {bar} {self.done}/{self.total} ({frac:4.0%})"
        else:
            text = f"\r{self.label} {self.done}"
        self.stream.write(text)
        self.stream.flush()

    def close(self) -> None:
        """Draw the final state and end the line (nothing when disabled)."""
        if self.enabled:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()
            self.enabled = False


class Busy:
    """
    An elapsed-time spinner on standard error for one long call, silent when not a TTY.

    For work that reports no steps (a large report is one library call): a background
    thread redraws ``label ⠋ 3.2 s`` ten times a second until the block exits, then
    clears the line.

    Args:
        label: what is being done.
        stream: where to draw (default ``sys.stderr``).
        enabled: force drawing on or off; default: only when *stream* is a TTY.

    .. versionadded:: 0.1.0
    """

    _FRAMES: Final = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"

    def __init__(self, label: str, *, stream: TextIO | None = None,
                 enabled: bool | None = None) -> None:
        self.label = label
        self.stream = sys.stderr if stream is None else stream
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Busy:
        if self.enabled:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self.stream.write("\r" + " " * (_display_width(self.label) + 16) + "\r")
            self.stream.flush()

    def _run(self) -> None:
        start = time.monotonic()
        k = 0
        # Wait a little first: quick work shows nothing at all.
        while not self._stop.wait(0.3 if k == 0 else 0.1):
            frame = self._FRAMES[k % len(self._FRAMES)]
            self.stream.write(f"\r{self.label} {frame} {time.monotonic() - start:.1f} s")
            self.stream.flush()
            k += 1


# --------------------------------------------------------------------------- calendar


_OFF_KINDS_WITH_NAME: Final = frozenset({DayKind.HOLIDAY, DayKind.EXTRA_DAY_OFF})


def _reason(info: DayInfo, lang: str) -> str:
    return info.reason_vi if lang == "vi" or not info.reason_en else info.reason_en


def _calendar_from_args(args: argparse.Namespace) -> WorkingCalendar:
    """Return the default calendar with the ``--day-off`` / ``--working-day`` overrides."""
    from .calendars import DayOverride

    overrides = []
    for working, triples in ((False, args.day_off or ()), (True, args.working_day or ())):
        for day, reason, source in triples:
            try:
                d = parse_cli_date(day)
            except argparse.ArgumentTypeError as exc:
                raise ValidationError(str(exc)) from None
            # The reason is typed in one language; show it in both.
            overrides.append(DayOverride(date=d, working=working, reason_vi=reason,
                                         reason_en=reason, source=source))
    return vietnam_calendar(overrides=overrides)


#: Occasion names of holiday breaks: canonical Vietnamese name -> English.
_OCCASIONS_EN: Final = {
    "Tết Dương lịch": "New Year",
    "Tết Nguyên Đán": "Lunar New Year (Tết)",
    "Ngày Giỗ Tổ Hùng Vương": "Hung Kings' Commemoration Day",
    "Ngày Chiến thắng": "Victory Day",
    "Ngày Quốc tế Lao động": "International Labour Day",
    "Quốc khánh": "National Day",
    "Ngày Văn hóa Việt Nam": "Vietnam Culture Day",
}


def _occasion(info: DayInfo, lang: str) -> str:
    """Return the occasion of a holiday ("Tết Nguyên Đán" for every day of Tết)."""
    vi = info.reason_vi.split(" (")[0].strip()
    if "Tết Nguyên Đán" in vi or vi.endswith(" Tết"):
        vi = "Tết Nguyên Đán"
    if lang == "vi":
        return vi
    return _OCCASIONS_EN.get(vi) or info.reason_en.split(" (")[0].strip()


def _breaks(cal: WorkingCalendar, year: int,
            specials: Sequence[DayInfo]) -> list[tuple[date, date, str]]:
    """Return the runs of consecutive days off that contain a special day of *year*."""
    special_off = {i.date for i in specials if not i.is_working}
    if not special_off:
        return []
    first = max(FIRST_SUPPORTED_DATE, date(year, 1, 1) - timedelta(days=10))
    last = min(LAST_SUPPORTED_DATE, date(year, 12, 31) + timedelta(days=10))
    runs: list[list[date]] = []
    current: list[date] = []
    d = first
    while d <= last:
        if cal.is_working_day(d):
            if current:
                runs.append(current)
            current = []
        else:
            current.append(d)
        d += timedelta(days=1)
    if current:
        runs.append(current)
    return [(run[0], run[-1], "") for run in runs if special_off.intersection(run)]


def _break_name(cal: WorkingCalendar, start: date, end: date, lang: str) -> str:
    names: list[str] = []
    fallback: list[str] = []
    d = start
    while d <= end:
        info = cal.day_info(d)
        if info.kind in _OFF_KINDS_WITH_NAME:
            name = _occasion(info, lang)
            if name not in names:
                names.append(name)
        elif info.kind is not DayKind.WEEKEND:
            label = info.kind.label_vi if lang == "vi" else info.kind.label_en
            if label not in fallback:
                fallback.append(label)
        d += timedelta(days=1)
    return ", ".join(names or fallback)


def _cmd_calendar(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lang: str = args.lang
    year: int = args.year
    cal = _calendar_from_args(args)
    specials = cal.special_days_in_year(year)
    start, end = date(year, 1, 1), date(year, 12, 31)
    working_days = len(cal.working_days_in_range(start, end))
    weekday_off = sum(1 for i in specials if not i.is_working and i.date.weekday() < 5)
    makeup = sum(1 for i in specials if i.is_working and i.date.weekday() >= 5)
    breaks = [(s, e, _break_name(cal, s, e, lang)) for s, e, _ in _breaks(cal, year, specials)]

    records = [
        {
            "date": i.date.isoformat(),
            "weekday": _weekday(i.date, lang),
            "working": i.is_working,
            "kind": i.kind.value,
            "label": i.kind.label_vi if lang == "vi" else i.kind.label_en,
            "reason": _reason(i, lang),
            "source": i.source,
        }
        for i in specials
    ]
    if args.format == "csv":
        _write_csv(out, ["date", "weekday", "working", "kind", "label", "reason", "source"],
                   records)
        return EXIT_OK
    if args.format == "json":
        _write_json(out, {
            "year": year,
            "working_days": working_days,
            "weekdays_off": weekday_off,
            "makeup_working_days": makeup,
            "days": records,
            "breaks": [{"start": s.isoformat(), "end": e.isoformat(),
                        "days": (e - s).days + 1, "name": name} for s, e, name in breaks],
        })
        return EXIT_OK

    src_label = _t(lang, "Căn cứ", "Source")
    lines = [
        _t(lang, f"Lịch nghỉ năm {year} của cơ quan hành chính nhà nước",
           f"Days off in {year} for Vietnamese state agencies"),
        _t(lang, "Tuần làm việc từ thứ Hai đến thứ Sáu (QĐ 188/1999/QĐ-TTg)",
           "Working week Monday to Friday (QĐ 188/1999/QĐ-TTg)"),
        "",
    ]
    rows = []
    for i in specials:
        label = i.kind.label_vi if lang == "vi" else i.kind.label_en
        cell = _reason(i, lang)
        if i.source:
            cell += f"\n{src_label}: {i.source}"
        rows.append([_dmy(i.date), _weekday(i.date, lang), label, cell])
    if rows:
        lines += render_table(
            [_t(lang, "Ngày", "Date"), _t(lang, "Thứ", "Weekday"), _t(lang, "Loại", "Kind"),
             _t(lang, "Lý do và căn cứ", "Reason and source")], rows)
    else:
        lines.append(_t(lang, "Không có ngày nghỉ lễ hay ngày làm bù nào.",
                        "No holidays or make-up days."))
    if breaks:
        lines += ["", _t(lang, "Các đợt nghỉ (kể cả cuối tuần liền kề)",
                         "Breaks (including adjacent weekends)")]
        brows = []
        for s, e, name in breaks:
            n = (e - s).days + 1
            span = _dmy(s) if s == e else f"{_dm(s) if s.year == e.year else _dmy(s)} – {_dmy(e)}"
            brows.append([span, _t(lang, f"{n} ngày", _plural(n, "day")), name])
        lines += render_table([_t(lang, "Thời gian", "Dates"), _t(lang, "Số ngày", "Days"),
                               _t(lang, "Dịp", "Occasion")], brows, indent="  ")
    lines += ["", _t(
        lang,
        f"Tổng cộng: {weekday_off} ngày nghỉ rơi vào ngày thường, {makeup} ngày cuối tuần "
        f"làm bù, {working_days} ngày làm việc trong năm.",
        f"Total: {_plural(weekday_off, 'weekday')} off, "
        f"{_plural(makeup, 'weekend make-up working day')}, "
        f"{_plural(working_days, 'working day')} in the year.")]
    out.write("\n".join(lines) + "\n")
    return EXIT_OK


# --------------------------------------------------------------------------- deadline


def _cmd_deadline(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .phrases import parse_deadline

    lang: str = args.lang
    anchor: date = args.from_date if args.from_date is not None else now_vn().date()
    cal = vietnam_calendar()
    # Echo the phrase as read: NFC, whatever the keyboard sent (Windows' emits NFD).
    phrase = unicodedata.normalize("NFC", args.phrase)
    rule = parse_deadline(phrase)
    explanation = rule.explain(anchor, cal)
    due = explanation.due
    label = rule.label_vi if lang == "vi" else rule.label_en
    steps = [s.text_vi if lang == "vi" else s.text_en for s in explanation.steps]
    record: dict[str, Any] = {
        "phrase": phrase,
        "from": anchor.isoformat(),
        "due": None if due is None else due.isoformat(),
        "due_is_working_day": None if due is None else cal.is_working_day(due),
        "rule": rule.to_text(),
        "label": label,
    }
    if args.format == "json":
        _write_json(out, {**record, "rule_data": rule.to_dict(), "explanation": steps})
        return EXIT_OK
    if args.format == "csv":
        if args.explain:
            _write_csv(out, [*record, "explanation"],
                       [{**record, "explanation": "; ".join(steps)}])
        else:
            _write_csv(out, list(record), [record])
        return EXIT_OK
    if due is None:
        due_text = _t(lang, "không có hạn (nhiệm vụ thường xuyên / không thời hạn)",
                      "no due date (ongoing / open-ended task)")
    else:
        due_text = f"{_dmy(due)} ({_weekday(due, lang)})"
    rows = [
        (_t(lang, "Cụm từ", "Phrase"), phrase),
        (_t(lang, "Quy tắc", "Rule"), label),
        (_t(lang, "Kể từ", "From"), f"{_dmy(anchor)} ({_weekday(anchor, lang)})"),
        (_t(lang, "Hạn", "Due"), due_text),
    ]
    width = max(_display_width(k) for k, _ in rows)
    lines = [f"{_pad(k, width)}  {v}" for k, v in rows]
    if args.explain:
        lines += ["", _t(lang, "Cách tính:", "How it was computed:")]
        lines += [f"  {k}. {step}" for k, step in enumerate(steps, 1)]
    out.write("\n".join(lines) + "\n")
    return EXIT_OK


# --------------------------------------------------------------------------- storage helpers


def _db_path(args: argparse.Namespace) -> Path:
    from .storage.sqlite import default_db_path

    return Path(args.db) if args.db is not None else default_db_path()


def _open_existing(args: argparse.Namespace) -> Store:
    """Open the SQLite database named by ``--db``; refuse to create one by accident."""
    from .storage.sqlite import SQLiteStore

    path = _db_path(args)
    if not path.is_file():
        raise BackendUnavailableError(
            f"no database at {str(path)!r}: run 'directive-tracker demo' to create one, "
            f"'directive-tracker import FILE' to load a backup, or give --db PATH",
            path=str(path))
    return SQLiteStore(path)


def _today(args: argparse.Namespace, name: str = "as_of") -> date:
    value: date | None = getattr(args, name, None)
    return value if value is not None else now_vn().date()


def _select(table: Table, keys: Sequence[str],
            labels: dict[str, tuple[str, str]] | None = None) -> Table:
    """Return *table* with only the columns *keys* (in that order), optionally relabelled."""
    from .reports import Column

    index = {c.key: k for k, c in enumerate(table.columns)}
    unknown = [k for k in keys if k not in index]
    if unknown:
        raise ValidationError(
            f"unknown column(s) {', '.join(unknown)}; this report has: "
            f"{', '.join(index)}", param_name="columns")
    cols = []
    for key in keys:
        col = table.columns[index[key]]
        if labels and key in labels:
            col = Column(key=key, label_vi=labels[key][0], label_en=labels[key][1],
                         kind=col.kind)
        cols.append(col)
    pick = [index[k] for k in keys]
    return attrs.evolve(
        table, columns=tuple(cols), rows=tuple(tuple(r[i] for i in pick) for r in table.rows),
        totals=None if table.totals is None else tuple(table.totals[i] for i in pick))


def _emit_table(out: TextIO, table: Table, args: argparse.Namespace) -> None:
    from .renderers import render_text, to_csv, to_json

    if args.format == "csv":
        out.write(to_csv(table, lang=args.lang, headers="keys", include_totals=True)
                  .replace("\r\n", "\n"))
    elif args.format == "json":
        out.write(to_json(table) + "\n")
    else:
        out.write(render_text(table, lang=args.lang))


#: The compact scoreboard of ``demo``: column key -> short (Vietnamese, English) header.
_COMPACT_SCOREBOARD: Final = {
    "rank": ("Hạng", "Rank"),
    "unit_name": ("Đơn vị chủ trì", "Lead unit"),
    "assigned": ("Giao", "Assigned"),
    "completed_on_time": ("Xong đúng hạn", "Done on time"),
    "completed_late": ("Xong quá hạn", "Done late"),
    "in_progress_on_time": ("Trong hạn", "On track"),
    "overdue": ("Quá hạn", "Overdue"),
    "on_time_rate": ("Tỷ lệ đúng hạn", "On-time rate"),
}


# --------------------------------------------------------------------------- demo


def _cmd_demo(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .demo import PROVINCE_NAME, build_demo
    from .periods import PeriodKind, ReportingPeriod
    from .reminders import reminders_due
    from .reports import scoreboard, summary
    from .storage.sqlite import SQLiteStore

    lang: str = args.lang
    today = _today(args, "today")
    path = _db_path(args)
    if path.exists() and not args.force:
        raise ValidationError(
            f"{str(path)!r} already exists; the demo writes a new database: give another "
            f"--db PATH, or --force to replace it", path=str(path))
    if path.exists() and not path.is_file():
        raise ValidationError(f"{str(path)!r} is not a file: give --db a file path",
                              path=str(path))
    cal = vietnam_calendar()
    # Build in a temporary file beside the target and put it in place only once complete:
    # a bad option (--directives 0), an error or Ctrl-C then leaves no half-built file
    # and, with --force, the old database untouched.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        try:
            store = SQLiteStore(tmp)
        except BackendUnavailableError as exc:
            raise BackendUnavailableError(
                f"cannot create SQLite database {str(path)!r}: {exc.__cause__ or exc}",
                path=str(path)) from None
        try:
            with Progress(total=0, label=_t(lang, "Tạo dữ liệu", "Generating"),
                          stream=err) as bar:
                info = build_demo(store, seed=args.seed, today=today, calendar=cal,
                                  directives=args.directives, progress=bar.advance)
            period = ReportingPeriod.containing(today, PeriodKind.QUARTER)
            with Busy(_t(lang, "Đang lập báo cáo", "Computing the reports"), stream=err):
                board = scoreboard(store, cal, as_of=min(today, period.end), period=period)
                groups = summary(store, cal, as_of=min(today, period.end), period=period)
                due = reminders_due(store, cal, as_of=today)
        finally:
            store.close()
        # The old database's WAL and shared-memory files would be replayed onto the new
        # one: remove them with it.
        _remove_sqlite_files(path, main_file=False)
        os.replace(tmp, path)
    finally:
        _remove_sqlite_files(tmp)

    header = _t(
        lang,
        f"Đã tạo tỉnh giả lập {PROVINCE_NAME} trong {str(path)!r}: {info.units} đơn vị "
        f"({info.successions} lần sắp xếp năm 2025), {info.directives} văn bản chỉ đạo, "
        f"{info.tasks} nhiệm vụ, {info.events} sự kiện từ {_dmy(info.first_day)} đến "
        f"{_dmy(info.today)} (seed {args.seed}).",
        f"Created the synthetic province of {PROVINCE_NAME} in {str(path)!r}: {info.units} "
        f"units ({info.successions} reorganisations in 2025), {info.directives} directives, "
        f"{info.tasks} tasks, {info.events} events from {_dmy(info.first_day)} to "
        f"{_dmy(info.today)} (seed {args.seed}).")
    if args.format == "json":
        _write_json(out, {
            "database": str(path), "seed": args.seed, "today": today,
            "first_day": info.first_day, "units": info.units, "directives": info.directives,
            "tasks": info.tasks, "events": info.events,
            "scoreboard": board.to_table().records(),
            "summary": groups.to_table().records(),
            "reminders": [_reminder_record(r, lang) for r in due],
        })
        return EXIT_OK
    if args.format == "csv":
        _emit_table(out, board.to_table(), args)
        return EXIT_OK
    out.write(header + "\n\n")
    _emit_table(out, _select(board.to_table(), list(_COMPACT_SCOREBOARD), _COMPACT_SCOREBOARD),
                args)
    out.write("\n")
    _emit_table(out, _select(groups.to_table(), ["label_vi" if lang == "vi" else "label_en",
                                                 "count", "share"]), args)
    out.write("\n")
    _write_reminders(out, due, today, lang, limit=args.limit)
    out.write("\n" + _t(
        lang,
        f"Xem thêm: directive-tracker --db {path} report scoreboard --period "
        f"\"{period.label_vi}\"; directive-tracker --db {path} remind --as-of {today}",
        f"Next: directive-tracker --db {path} report scoreboard --period "
        f"\"{period.label_vi}\"; directive-tracker --db {path} remind --as-of {today}") + "\n")
    return EXIT_OK


def _remove_sqlite_files(path: Path, *, main_file: bool = True) -> None:
    """Delete a SQLite database's ``-wal`` and ``-shm`` files, and the file itself."""
    names = [path.name + "-wal", path.name + "-shm"] + ([path.name] if main_file else [])
    for name in names:
        (path.parent / name).unlink(missing_ok=True)


def _reminder_record(r: Reminder, lang: str) -> dict[str, Any]:
    return {
        "key": r.key, "task_id": r.task_id, "recipient": r.recipient,
        "recipient_name": r.recipient_name, "level": r.level.value,
        "reason": r.reason.value, "due_date": r.due_date,
        "working_days_left": r.working_days_left, "working_days_late": r.working_days_late,
        "subject": r.subject_vi if lang == "vi" else r.subject_en,
        "message": r.message_vi if lang == "vi" else r.message_en,
    }


def _write_reminders(out: TextIO, due: Sequence[Reminder], as_of: date, lang: str, *,
                     limit: int | None = None) -> None:
    title = _t(lang, f"Nhắc việc, đôn đốc ngày {_dmy(as_of)}: {len(due)} tin",
               f"Reminders for {_dmy(as_of)}: {len(due)}")
    lines = [title]
    if not due:
        lines.append(_t(lang, "Không có tin nhắc việc nào phải gửi.", "Nothing to send."))
        cal = vietnam_calendar()
        if not cal.is_working_day(as_of):
            nxt = cal.next_working_day(as_of)
            lines.append(_t(
                lang,
                f"{_dmy(as_of)} là ngày nghỉ: các tin đến hạn được gửi vào ngày làm việc "
                f"tiếp theo, {_weekday(nxt, lang).lower()} {_dmy(nxt)}.",
                f"{_dmy(as_of)} is a day off: reminders falling due are sent on the next "
                f"working day, {_weekday(nxt, lang)} {_dmy(nxt)}."))
        out.write("\n".join(lines) + "\n")
        return
    shown = list(due if limit is None else due[:limit])
    rows = []
    for r in shown:
        reason = r.reason.label_vi if lang == "vi" else r.reason.label_en
        rows.append([r.task_id, r.recipient_name, reason,
                     _dmy(r.due_date) if r.due_date else "",
                     r.subject_vi if lang == "vi" else r.subject_en])
    lines += render_table([_t(lang, "Nhiệm vụ", "Task"), _t(lang, "Gửi đến", "To"),
                           _t(lang, "Lý do", "Reason"), _t(lang, "Hạn", "Due"),
                           _t(lang, "Tiêu đề", "Subject")], rows)
    if len(shown) < len(due):
        lines.append(_t(lang, f"… và {len(due) - len(shown)} tin khác (dùng --limit 0 để xem "
                              f"tất cả)",
                        f"… and {len(due) - len(shown)} more (use --limit 0 to list all)"))
    out.write("\n".join(lines) + "\n")


# --------------------------------------------------------------------------- report


_REPORTS: Final = ("scoreboard", "summary", "overdue", "directives", "upcoming")

#: Columns a terminal table shows by default (``--columns all`` shows every one; CSV,
#: JSON and files always hold every column): key -> short (Vietnamese, English) header.
_TABLE_COLUMNS: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "scoreboard": {
        **_COMPACT_SCOREBOARD,
        "on_time_rate_original": ("Theo hạn ban đầu", "vs original due"),
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


def _cmd_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .periods import ReportingPeriod

    cal = vietnam_calendar()
    period = ReportingPeriod.parse(args.period) if args.period is not None else None
    as_of: date | None = args.as_of
    if as_of is None and period is None:
        as_of = now_vn().date()
    kind: str = args.report
    if period is not None and kind in ("overdue", "upcoming"):
        raise ValidationError(f"report {kind!r} is as of a date: give --as-of, not --period",
                              param_name="period")
    if args.unit is not None and kind in ("scoreboard", "directives"):
        raise ValidationError(f"report {kind!r} covers every unit: --unit applies to "
                              f"summary, overdue and upcoming", param_name="unit")
    store = _open_existing(args)
    try:
        with Busy(_t(args.lang, "Đang lập báo cáo", "Computing the report"), stream=err):
            report = _compute_report(kind, store, cal, as_of, period, args)
    finally:
        store.close()
    table = report.to_table()
    if args.output:
        _write_output(report, table, Path(args.output), args.lang)
        err.write(_t(args.lang, f"Đã ghi {args.output}\n", f"Wrote {args.output}\n"))
        return EXIT_OK
    if args.columns and args.columns.strip() != "all":
        table = _select(table, [c.strip() for c in args.columns.split(",") if c.strip()])
    elif args.columns is None and args.format == "table" and kind in _TABLE_COLUMNS:
        table = _select(table, list(_TABLE_COLUMNS[kind]), _TABLE_COLUMNS[kind])
    _emit_table(out, table, args)
    return EXIT_OK


def _compute_report(kind: str, store: Store, cal: WorkingCalendar, as_of: date | None,
                    period: ReportingPeriod | None, args: argparse.Namespace) -> Any:
    from . import reports

    if kind == "scoreboard":
        return reports.scoreboard(store, cal, as_of=as_of, period=period, by=args.by)
    if kind == "summary":
        return reports.summary(store, cal, as_of=as_of, period=period, unit=args.unit,
                               by=args.by)
    if kind == "directives":
        return reports.directive_progress(store, cal, as_of=as_of, period=period)
    assert as_of is not None
    if kind == "overdue":
        return reports.overdue_list(store, cal, as_of=as_of, unit=args.unit, by=args.by)
    return reports.upcoming_deadlines(store, cal, as_of=as_of, unit=args.unit, by=args.by)


def _write_output(report: Any, table: Table, path: Path, lang: str) -> None:
    from . import renderers
    from .reports import Scoreboard, UpcomingDeadlines

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
        raise _cannot_write(path, exc) from None


def _cannot_write(path: str | Path, exc: OSError) -> ValidationError:
    """Return the one-line error for an output file that cannot be written."""
    return ValidationError(f"cannot write {str(path)!r}: {exc.strerror or exc}",
                           param_name="output")


# --------------------------------------------------------------------------- remind


def _cmd_remind(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .reminders import reminders_due, send_reminders

    lang: str = args.lang
    as_of = _today(args)
    cal = vietnam_calendar()
    store = _open_existing(args)
    try:
        with Busy(_t(lang, "Đang tính lịch nhắc việc", "Computing reminders"), stream=err):
            due = reminders_due(store, cal, as_of=as_of)
        if args.send is None:
            if args.format == "json":
                _write_json(out, [_reminder_record(r, lang) for r in due])
            elif args.format == "csv":
                records = [_reminder_record(r, lang) for r in due]
                _write_csv(out, list(records[0]) if records else ["key"], records)
            else:
                _write_reminders(out, due, as_of, lang, limit=args.limit)
                out.write(_t(lang, "(Chạy thử: chưa gửi. Thêm --send console hoặc --send "
                                   "email để gửi và ghi nhận.)\n",
                             "(Dry run: nothing sent. Add --send console or --send email to "
                             "send and record.)\n"))
            return EXIT_OK
        notifier = _notifier(args, out)
        report = send_reminders(store, due, notifier)
    finally:
        store.close()
    err.write(_t(lang,
                 f"Đã ghi nhận {len(report.recorded)} tin mới, gửi {len(report.sent)}, "
                 f"lỗi {len(report.failed)} (sẽ gửi lại lần sau).\n",
                 f"Recorded {len(report.recorded)} new, sent {len(report.sent)}, failed "
                 f"{len(report.failed)} (retried next run).\n"))
    if report.failed:
        for key, error in report.failed:
            err.write(f"  {key}: {error}\n")
        return EXIT_NOTIFICATION
    return EXIT_OK


def _notifier(args: argparse.Namespace, out: TextIO) -> Notifier:
    from .notifiers import ConsoleNotifier, EmailNotifier

    if args.send == "console":
        return ConsoleNotifier(out)
    if not args.smtp_host or not args.smtp_from or not args.addresses:
        raise ValidationError("--send email needs --smtp-host, --smtp-from and --addresses "
                              "FILE (a JSON object: unit code -> e-mail address)")
    try:
        book = json.loads(Path(args.addresses).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValidationError(f"cannot read --addresses {args.addresses!r}: {exc.strerror}"
                              ) from None
    except json.JSONDecodeError as exc:
        raise ValidationError(f"--addresses {args.addresses!r} is not JSON: {exc}") from None
    if not isinstance(book, dict):
        raise ValidationError("--addresses must hold a JSON object: unit code -> address")
    password = os.environ.get("DIRECTIVE_TRACKER_SMTP_PASSWORD")
    return EmailNotifier(host=args.smtp_host, port=args.smtp_port, sender=args.smtp_from,
                         addresses=book, starttls=args.starttls, username=args.smtp_user,
                         password=password if args.smtp_user else None)


# --------------------------------------------------------------------------- export/import


class _CountingReader:
    """A line reader over a text stream that advances a progress bar per line read."""

    def __init__(self, inner: TextIO, bar: Progress) -> None:
        self._inner = inner
        self._bar = bar

    def readline(self, size: int | None = -1, /) -> str:
        line = self._inner.readline(-1 if size is None else size)
        if line:
            self._bar.advance()
        return line

    def __iter__(self) -> _CountingReader:
        return self

    def __next__(self) -> str:
        line = self.readline()
        if not line:
            raise StopIteration
        return line


def _cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    store = _open_existing(args)
    target = None if args.output in (None, "-") else Path(args.output)
    if target is not None and target.exists() and os.path.samefile(target, _db_path(args)):
        store.close()
        # Opening it for writing would truncate the database before a line is read.
        raise ValidationError(f"cannot export into the database itself ({args.output!r}): "
                              f"give another --output FILE", param_name="output")
    try:
        with Busy(_t(args.lang, "Đang xuất", "Exporting"), stream=err):
            if args.output in (None, "-"):
                n = store.export_jsonl(out)
            else:
                try:
                    fh = open(args.output, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
                except OSError as exc:
                    raise _cannot_write(args.output, exc) from None
                with fh:
                    n = store.export_jsonl(fh)
    finally:
        store.close()
    if args.output not in (None, "-"):
        err.write(_t(args.lang, f"Đã xuất {n} dòng vào {args.output}\n",
                     f"Exported {n} lines to {args.output}\n"))
    return EXIT_OK


def _cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .storage.sqlite import SQLiteStore

    source = Path(args.file)
    try:
        with source.open(encoding="utf-8") as fh:
            total = sum(1 for _ in fh)
    except OSError as exc:
        raise ValidationError(f"cannot read {args.file!r}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ValidationError(f"{args.file!r} is not UTF-8 text (expected the JSON lines "
                              f"written by 'directive-tracker export')") from None
    path = _db_path(args)
    created = not path.exists()
    store = SQLiteStore(path)
    done = False
    try:
        with source.open(encoding="utf-8") as fh, \
                Progress(total=total, label=_t(args.lang, "Nhập", "Import"), stream=err) as bar:
            n = store.import_jsonl(cast(TextIO, _CountingReader(fh, bar)))
        done = True
    finally:
        store.close()
        if created and not done:
            # "Nothing written" includes the database file this command just created.
            _remove_sqlite_files(path)
    out.write(_t(args.lang, f"Đã nhập {n} bản ghi vào {_db_path(args)}\n",
                 f"Imported {n} records into {_db_path(args)}\n"))
    return EXIT_OK


# --------------------------------------------------------------------------- parser


def _add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Add ``--lang`` and ``--format``; on subcommands the defaults are suppressed."""
    env_lang = os.environ.get("DIRECTIVE_TRACKER_LANG", "vi")
    default_lang: Any = argparse.SUPPRESS if suppress else (
        env_lang if env_lang in _LANGS else "vi")
    default_format: Any = argparse.SUPPRESS if suppress else "table"
    parser.add_argument("--lang", choices=_LANGS, default=default_lang,
                        help="language of labels and messages (default: vi, or "
                             "$DIRECTIVE_TRACKER_LANG)")
    parser.add_argument("--format", choices=_FORMATS, default=default_format,
                        help="output format (default: table)")
    parser.add_argument("--db", default=argparse.SUPPRESS if suppress else None,
                        metavar="PATH",
                        help="SQLite database (default: $DIRECTIVE_TRACKER_DB, else "
                             "./directive_tracker.sqlite3)")


def _year(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid year {text!r}: use four digits, e.g. 2026"
                                         ) from None


def _limit(text: str) -> int | None:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid count {text!r}: use a whole number"
                                         ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"invalid count {text!r}: use 0 (all) or more")
    return value or None


Handler = Callable[[argparse.Namespace, TextIO, TextIO], int]


def build_parser() -> argparse.ArgumentParser:
    """
    Return the argument parser of ``directive-tracker`` (used by :func:`main` and the docs).

    .. versionadded:: 0.1.0
    """
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Track directives, tasks and deadlines of a Vietnamese provincial "
                    "People's Committee in Vietnamese working days.",
        epilog="Exit codes: 0 ok, 1 domain/validation error, 2 usage error, 3 storage error, "
               "4 missing optional extra, 5 notification failure, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    common = argparse.ArgumentParser(add_help=False)
    _add_global_options(common, suppress=True)

    p = sub.add_parser(
        "calendar", parents=[common],
        help="days off and make-up working days of a year, with reasons and sources",
        description="List the holidays, substitute and swapped days off and make-up working "
                    "Saturdays of YEAR for state agencies, each with the deciding document.")
    p.add_argument("year", type=_year, metavar="YEAR", help="a year from 1995 to 2099")
    p.add_argument("--day-off", nargs=3, action="append", metavar=("DATE", "REASON", "SOURCE"),
                   help='an extra day off decided locally, e.g. --day-off 2026-10-20 '
                        '"Nghỉ do bão số 12" "CĐ 05/CĐ-UBND" (repeatable)')
    p.add_argument("--working-day", nargs=3, action="append",
                   metavar=("DATE", "REASON", "SOURCE"),
                   help="an extra working day decided locally (repeatable)")
    p.set_defaults(handler=_cmd_calendar)

    p = sub.add_parser(
        "deadline", parents=[common],
        help="the due date of a Vietnamese deadline phrase, with its legal explanation",
        description="Read a deadline phrase as written in a directive (with or without "
                    "diacritics) and compute its due date from --from (the start day is not "
                    "counted, Civil Code Art 147).")
    p.add_argument("phrase", metavar="PHRASE",
                   help='e.g. "trong 10 ngày làm việc kể từ ngày nhận được văn bản"')
    p.add_argument("--from", dest="from_date", type=parse_cli_date, default=None,
                   metavar="DATE",
                   help="the anchor (date of signing or receipt), YYYY-MM-DD or DD/MM/YYYY; "
                        "default: today in Vietnam")
    p.add_argument("--explain", action="store_true",
                   help="show every step: days skipped, make-up days, Civil Code articles")
    p.set_defaults(handler=_cmd_deadline)

    p = sub.add_parser(
        "demo", parents=[common],
        help="create a synthetic province in SQLite, then print its scoreboard and reminders",
        description="Create a new SQLite database (--db) holding a realistic synthetic "
                    "province: units after the 2025 reorganisation, directives with Decree "
                    "30 numbers, tasks with Vietnamese deadline phrases and a year of events; "
                    "then print the quarterly scoreboard and today's reminders.")
    p.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
    p.add_argument("--today", type=parse_cli_date, default=None, metavar="DATE",
                   help="the demo's today (default: today in Vietnam; from 2025-07-01)")
    p.add_argument("--directives", type=int, default=24, metavar="N",
                   help="number of directives to issue over the year (default: 24)")
    p.add_argument("--force", action="store_true",
                   help="replace the database if it exists")
    p.add_argument("--limit", type=_limit, default=15, metavar="N",
                   help="reminders to list (default: 15; 0 = all)")
    p.set_defaults(handler=_cmd_demo)

    p = sub.add_parser(
        "report", parents=[common],
        help="scoreboard, 4-way summary, overdue list, directive progress, upcoming deadlines",
        description="Compute a report over the database as of a date (only events recorded "
                    "up to that day count) or for a Decree 09/2019 reporting period.")
    p.add_argument("report", choices=_REPORTS, metavar="REPORT",
                   help="one of: " + ", ".join(_REPORTS))
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
    p.add_argument("--output", default=None, metavar="FILE",
                   help="write to FILE instead: .xlsx, .csv, .json, .png (scoreboard chart) "
                        "or .ics (upcoming deadlines)")
    p.set_defaults(handler=_cmd_report)

    p = sub.add_parser(
        "remind", parents=[common],
        help="the reminders (đôn đốc) due on a date; dry run unless --send",
        description="List the reminders due on --as-of.  With --send they are recorded in "
                    "the outbox and delivered (idempotent: running twice sends nothing "
                    "twice; failures are retried next run).")
    p.add_argument("--as-of", type=parse_cli_date, default=None, metavar="DATE",
                   help="the day to send for (default: today in Vietnam)")
    p.add_argument("--send", choices=("console", "email"), default=None,
                   help="deliver and record (default: dry run, nothing recorded)")
    p.add_argument("--limit", type=_limit, default=None, metavar="N",
                   help="reminders to list in the dry run (default: all)")
    p.add_argument("--smtp-host", default=None, metavar="HOST")
    p.add_argument("--smtp-port", type=int, default=25, metavar="PORT")
    p.add_argument("--smtp-from", default=None, metavar="ADDRESS", help="the From address")
    p.add_argument("--smtp-user", default=None, metavar="USER",
                   help="log in as USER (password from $DIRECTIVE_TRACKER_SMTP_PASSWORD)")
    p.add_argument("--starttls", action="store_true", help="use STARTTLS")
    p.add_argument("--addresses", default=None, metavar="FILE",
                   help="JSON object mapping unit codes (or CODE/level) to e-mail addresses")
    p.set_defaults(handler=_cmd_remind)

    p = sub.add_parser("export", parents=[common],
                       help="write the whole database as JSON lines (a lossless backup)")
    p.add_argument("--output", "-o", default=None, metavar="FILE",
                   help="file to write (default: standard output)")
    p.set_defaults(handler=_cmd_export)

    p = sub.add_parser("import", parents=[common],
                       help="load JSON lines written by export (validated before writing)")
    p.add_argument("file", metavar="FILE", help="the JSON lines file")
    p.set_defaults(handler=_cmd_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the command line and return its exit code (see the module docstring).

    Args:
        argv: the arguments without the program name; default ``sys.argv[1:]``.

    Returns:
        The exit code: 0 ok, 1 domain/validation error, 2 usage error, 3 storage
        error, 4 missing extra, 5 notification failure, 130 interrupted.

    .. versionadded:: 0.1.0
    """
    out, err = sys.stdout, sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(None if argv is None else list(argv))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(err)
        return EXIT_USAGE
    try:
        return handler(args, out, err)
    except MissingExtraError as exc:
        return _fail(err, exc, EXIT_MISSING_EXTRA)
    except StorageError as exc:
        return _fail(err, exc, EXIT_STORAGE)
    except NotificationError as exc:
        return _fail(err, exc, EXIT_NOTIFICATION)
    except DirectiveTrackerError as exc:
        return _fail(err, exc, EXIT_ERROR)
    except KeyboardInterrupt:
        err.write("\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``directive-tracker report … | head``): stop quietly,
        # and keep Python from complaining when it flushes stdout at exit.
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        # A file named on the command line cannot be read or written (full disk, no
        # permission): one line, like every other error, not a traceback.
        where = f" {str(exc.filename)!r}" if exc.filename is not None else ""
        return _fail(err, f"cannot use{where}: {exc.strerror or exc}", EXIT_ERROR)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _fail(err: TextIO, exc: BaseException | str, code: int) -> int:
    err.write(f"{PROG}: error: {exc}\n")
    return code
