# SPDX-License-Identifier: MIT
"""
The ``directive-tracker`` command line (also ``python -m directive_tracker``).

Subcommands::

    directive-tracker calendar 2026          # days off and make-up days, with sources
    directive-tracker deadline "trong 10 ngày làm việc" --from 26/04/2024 --explain

Global options (accepted before or after the subcommand):

``--lang vi|en``
    language of labels and messages (default ``vi``, or ``$DIRECTIVE_TRACKER_LANG``).
``--format table|csv|json``
    output format (default ``table``).  CSV and JSON use stable English keys;
    their text values follow ``--lang``.

Exit codes:

=====  ===============================================================
0      success
1      domain or validation error (bad value, unknown item, illegal event)
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
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any, Final, TextIO

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
    DirectiveTrackerError,
    MissingExtraError,
    NotificationError,
    StorageError,
)

__all__ = [
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_MISSING_EXTRA",
    "EXIT_NOTIFICATION",
    "EXIT_OK",
    "EXIT_STORAGE",
    "EXIT_USAGE",
    "Progress",
    "build_parser",
    "main",
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


# --------------------------------------------------------------------------- calendar


_OFF_KINDS_WITH_NAME: Final = frozenset({DayKind.HOLIDAY, DayKind.EXTRA_DAY_OFF})


def _reason(info: DayInfo, lang: str) -> str:
    return info.reason_vi if lang == "vi" else info.reason_en


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
    cal = vietnam_calendar()
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
    rule = parse_deadline(args.phrase)
    explanation = rule.explain(anchor, cal)
    due = explanation.due
    label = rule.label_vi if lang == "vi" else rule.label_en
    steps = [s.text_vi if lang == "vi" else s.text_en for s in explanation.steps]
    record: dict[str, Any] = {
        "phrase": args.phrase,
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
        _write_csv(out, list(record), [{**record, "explanation": "; ".join(steps)}]
                   if args.explain else [record])
        return EXIT_OK
    if due is None:
        due_text = _t(lang, "không có hạn (nhiệm vụ thường xuyên / không thời hạn)",
                      "no due date (ongoing / open-ended task)")
    else:
        due_text = f"{_dmy(due)} ({_weekday(due, lang)})"
    rows = [
        (_t(lang, "Cụm từ", "Phrase"), args.phrase),
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


def _year(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid year {text!r}: use four digits, e.g. 2026"
                                         ) from None


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


def _fail(err: TextIO, exc: BaseException, code: int) -> int:
    err.write(f"{PROG}: error: {exc}\n")
    return code
