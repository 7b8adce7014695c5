# SPDX-License-Identifier: MIT
"""
Renderers: write a report (:class:`~directive_tracker.reports.Table` or any report
result with ``to_table()``) as text, CSV, JSON, HTML, Excel, a pandas DataFrame or a
PNG chart, and upcoming deadlines as an iCalendar (RFC 5545) file.

The core renderers (text, CSV, JSON, HTML, ICS) use the standard library only.  The
others need an optional extra and raise
:class:`~directive_tracker.exceptions.MissingExtraError` naming it when it is absent:
Excel ``excel`` (openpyxl), DataFrame ``pandas``, chart ``charts`` (matplotlib, drawn
with the non-interactive Agg canvas; pyplot's global state is never touched).

Value conventions: text is NFC; in text, HTML and Excel, rates (fractions 0–1) are shown
as percentages with one decimal and dates as ``dd/mm/yyyy``; CSV and JSON keep raw
values (rates as fractions, dates ISO 8601), so they can be read back exactly (CSV
rounds floats to 9 decimals, so ``100.00000000000001`` is written ``100.0``).

Untrusted text is neutralised where it is opened: in text output (a terminal) control
characters are shown as visible symbols (ESC as ``␛``) and bidi overrides as U+FFFD;
in CSV a cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading
apostrophe (OWASP CSV injection), so a spreadsheet shows it instead of evaluating it.

Column names: CSV with ``headers="keys"`` and DataFrames with ``lang="en"`` use
:func:`plain_key` (snake_case letters, digits and underscores: the KPI
``weighted_score@1`` becomes ``weighted_score_v1``).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any, Protocol

from ._controls import spreadsheet_cell, visible_controls
from ._validators import VIETNAM_TZ, check_aware_datetime, check_str
from .exceptions import InvalidTypeError, MissingExtraError, ValidationError
from .official._layout import format_cell
from .reports import Column, DeadlineRow, Label, Scoreboard, Table, UpcomingDeadlines

__all__ = [
    "chart_title",
    "csv_row",
    "display_width",
    "plain_key",
    "render_grid",
    "render_html",
    "render_text",
    "tasks_dataframe",
    "tasks_table",
    "to_csv",
    "to_dataframe",
    "to_ics",
    "to_json",
    "write_chart_png",
    "write_csv",
    "write_ics",
    "write_xlsx",
]


class _HasTable(Protocol):
    def to_table(self) -> Table: ...


def _table(report: object) -> Table:
    if isinstance(report, Table):
        return report
    to_table = getattr(report, "to_table", None)
    if callable(to_table):
        t = to_table()
        if isinstance(t, Table):
            return t
    raise InvalidTypeError("report", report, "a reports.Table or a report with to_table()")


def _lang(lang: object) -> str:
    if lang not in ("vi", "en"):
        raise ValidationError(f"lang must be 'vi' or 'en', got {lang!r}", param_name="lang")
    return str(lang)


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def display_width(text: str) -> int:
    """
    Return how many terminal columns *text* takes.

    Wide and fullwidth characters (East Asian width W/F) take 2; combining marks
    (category Mn/Me), format characters (Cf) and zero-width joiners take 0; others 1.
    Vietnamese precomposed letters take 1, and so does "e" + combining marks (NFD).

    >>> display_width("Sở Nội vụ"), display_width("北京")
    (9, 4)

    .. versionadded:: 0.1.0
    """
    if not isinstance(text, str):
        raise InvalidTypeError("text", text, "a str")
    w = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def _truncate(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, w = [], 0
    for ch in text:
        cw = display_width(ch)
        if w + cw > width - 1:
            break
        out.append(ch)
        w += cw
    return "".join(out) + "…"


def _fmt(value: Any, kind: str, lang: str = "vi", *, local: bool = False,
         empty: str = "") -> str:
    """
    Return one cell as text for a person: a :class:`~directive_tracker.reports.Label` in
    *lang*; None as *empty*; with *local*, numbers written the way *lang* writes them
    (:func:`directive_tracker.official.format_cell`, the one number formatter of the
    outputs a person reads: "12,5%", "1.234" in Vietnamese); else plain ("12.5%").
    """
    value = Label.text(value, lang)
    if value is None:
        return empty
    if local:
        return format_cell(value, kind, lang).replace("\r\n", " ").replace(
            "\n", " ").replace("\t", " ")
    if kind == "rate" and isinstance(value, (int, float)):
        return f"{value * 100:.1f}%"
    if kind == "float" and isinstance(value, (int, float)):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = _nfc(str(value)).replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return visible_controls(text)


def _numeric(c: Column) -> bool:
    return c.kind in ("int", "float", "rate")


def render_text(report: _HasTable | Table, *, lang: str = "vi",
                max_col_width: int | None = 40, local_numbers: bool = False) -> str:
    """
    Return *report* as an aligned plain-text table (title, subtitle, header, rows, totals,
    then the table's notes).

    Only the columns a reader of *lang* sees are laid out (``Table.shown``: no machine
    codes, no column repeating another in the other language); an empty cell shows its
    column's ``empty`` text (``"—"`` for an unranked unit); the totals label is in *lang*.

    Alignment uses :func:`display_width`, so Vietnamese text in NFC or NFD and wide CJK
    characters line up; numbers are right-aligned, text left-aligned; columns are
    separated by two spaces; cells wider than *max_col_width* are cut with "…".

    Args:
        report: a :class:`~directive_tracker.reports.Table` or a report result.
        lang: header language, ``"vi"`` or ``"en"``.
        max_col_width: widest cell in columns (≥ 4), or None for no limit.
        local_numbers: write numbers the way *lang* does ("12,5%", "1.234" in
            Vietnamese; "12.5%", "1,234" in English); default False: plain ("12.5%").

    Raises:
        InvalidTypeError: *report* is not a table or report.
        ValidationError: a bad *lang* or *max_col_width*.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *local_numbers*; notes, ``empty`` texts and language-only
       columns.
    """
    t = _table(report)
    lang = _lang(lang)
    t = t.shown(lang)
    loc = bool(local_numbers)
    if max_col_width is not None and (isinstance(max_col_width, bool)
                                      or not isinstance(max_col_width, int)
                                      or max_col_width < 4):
        raise ValidationError(f"max_col_width must be an int ≥ 4 or None, got "
                              f"{max_col_width!r}")
    cols = t.columns
    body = [[_fmt(v, c.kind, lang, local=loc, empty=c.empty)
             for v, c in zip(row, cols, strict=True)] for row in t.rows]
    if t.totals is not None:
        body.append([_fmt(v, c.kind, lang, local=loc)
                     for v, c in zip(t.totals, cols, strict=True)])
    head = [visible_controls(_nfc(c.label(lang))) for c in cols]
    if max_col_width is not None:
        body = [[_truncate(cell, max_col_width) for cell in row] for row in body]
        head = [_truncate(h, max_col_width) for h in head]
    # One layout for every text table: header, rule, rows (cells hold no line breaks).
    grid = render_grid(head, body, rule="-", right=[_numeric(c) for c in cols])
    n = len(t.rows)
    out = [t.title_vi if lang == "vi" else t.title_en,
           t.subtitle_vi if lang == "vi" else t.subtitle_en, "", *grid[:2 + n]]
    if t.totals is not None:
        out += [grid[1], grid[2 + n]]
    notes = t.notes(lang)
    if notes:
        out += ["", *(f"({k}) {note}" if len(notes) > 1 else note
                      for k, note in enumerate(notes, start=1))]
    return "\n".join(visible_controls(_nfc(s)) for s in out) + "\n"


def render_grid(headers: Iterable[str], rows: Iterable[Iterable[str]], *, indent: str = "",
                rule: str = "─", right: Iterable[bool] | None = None) -> list[str]:
    """
    Lay out *rows* under *headers* as aligned text columns; cells may span several lines.

    The one text-table layout (:func:`render_text`, the command line's listings):
    columns are as wide as their widest line by :func:`display_width`, separated by two
    spaces, under a rule of *rule* characters; trailing spaces are stripped.  Control
    characters in cells and headers are shown as visible symbols (ESC as ``␛``, a tab
    as a space), so text from the database cannot drive the terminal.

    Args:
        headers: one title per column.
        rows: the cells, as strings; a ``"\\n"`` in a cell continues it on the next line.
        indent: text put before every line.
        rule: the character of the line under the headers.
        right: per column, whether it is right-aligned (numbers); default all left.

    Returns:
        The lines of the table.

    >>> print("\\n".join(render_grid(["Ngày", "Số"], [["02/01", "1"]])))
    Ngày   Số
    ─────  ──
    02/01  1

    .. versionadded:: 0.2.0
    """
    def safe(text: str) -> str:
        return visible_controls(text.replace("\r\n", "\n").replace("\t", " "), keep="\n")

    headers = [safe(str(h)).replace("\n", " ") for h in headers]
    split_rows = [[safe(str(cell)).split("\n") for cell in row] for row in rows]
    ncol = len(headers)
    widths = [display_width(h) for h in headers]
    for row in split_rows:
        for k, lines in enumerate(row[:ncol]):
            widths[k] = max(widths[k], *(display_width(line) for line in lines))

    flush_right = [False] * ncol if right is None else list(right)

    def line(cells: list[str]) -> str:
        parts = []
        for c, w, r in zip(cells, widths, flush_right, strict=True):
            pad = " " * (w - display_width(c))
            parts.append(pad + c if r else c + pad)
        return indent + "  ".join(parts).rstrip()

    out = [line(headers), indent + "  ".join(rule * w for w in widths)]
    for row in split_rows:
        for i in range(max((len(lines) for lines in row), default=1)):
            out.append(line([lines[i] if i < len(lines) else "" for lines in row]))
    return out


#: Control characters that an .xlsx cell (XML 1.0) and iCalendar TEXT cannot hold: the
#: C0 set except tab, LF and CR, and DEL.  A vertical tab or form feed (Word's manual
#: line and page breaks, common in pasted task contents) becomes a line break; any other
#: becomes U+FFFD, so an export never fails on one stray byte.
_CONTROLS = {**{c: "\ufffd" for c in (*range(0x20), 0x7F) if c not in (0x09, 0x0A, 0x0D)},
             0x0B: "\n", 0x0C: "\n"}


def _clean(text: str) -> str:
    """Return *text* with the characters of :data:`_CONTROLS` replaced."""
    return text.translate(_CONTROLS)


def _raw(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return _nfc(value)
    return value


def plain_key(key: str) -> str:
    """
    Return *key* as a plain column name: lower-case ASCII letters, digits, underscores.

    ``@`` (the version mark of KPI keys) becomes ``_v``; any other run of symbols an
    underscore.  Used for CSV headers (``headers="keys"``) and DataFrame columns.

    >>> plain_key("weighted_score@1"), plain_key("on_time_rate")
    ('weighted_score_v1', 'on_time_rate')

    .. versionadded:: 0.2.0
    """
    k = re.sub(r"[^0-9a-z_]+", "_", check_str(key, "key").replace("@", "_v").lower())
    return k.strip("_") or "column"


def _csv_value(value: Any) -> Any:
    """One CSV cell: raw value, floats rounded to 9 decimals, formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(round(value, 9))
    v = _raw(value)
    return spreadsheet_cell(v) if isinstance(v, str) else v


def csv_row(values: Iterable[Any]) -> list[Any]:
    """
    Return *values* as CSV cells (see :func:`to_csv` for the conventions).

    .. versionadded:: 0.2.0
    """
    return [_csv_value(v) for v in values]


def to_csv(report: _HasTable | Table, *, lang: str = "vi", headers: str = "labels",
           include_totals: bool = False) -> str:
    """
    Return *report* as CSV text (RFC 4180, ``\\r\\n`` line ends, raw values).

    Rates stay fractions (0.75), dates ISO (2026-05-08), None an empty field, floats are
    rounded to 9 decimals (``100.0``, never ``100.00000000000001``).  A text cell (or
    header) starting with ``=``, ``+``, ``-``, ``@``, tab or CR is written with a leading
    apostrophe, so Excel or LibreOffice never runs it as a formula (OWASP).

    Args:
        report: a table or report result.
        lang: language of the header labels.
        headers: ``"labels"`` (Vietnamese or English headers) or ``"keys"`` (column keys
            as :func:`plain_key` names: ``weighted_score_v1``).
        include_totals: append the totals row, if any.

    Raises:
        InvalidTypeError, ValidationError: bad arguments.

    .. versionadded:: 0.1.0
    """
    t = _table(report)
    lang = _lang(lang)
    if headers not in ("labels", "keys"):
        raise ValidationError(f"headers must be 'labels' or 'keys', got {headers!r}")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(csv_row(c.label(lang) if headers == "labels" else plain_key(c.key)
                       for c in t.columns))
    rows: list[tuple[Any, ...]] = list(t.rows)
    if include_totals and t.totals is not None:
        rows.append(t.totals)
    for row in rows:
        w.writerow(csv_row(row))
    return buf.getvalue()


def write_csv(report: _HasTable | Table, target: str | os.PathLike[str] | IO[str], *,
              lang: str = "vi", headers: str = "labels", include_totals: bool = False,
              bom: bool = True) -> None:
    """
    Write :func:`to_csv` output to a path or a text stream.

    Args:
        report, lang, headers, include_totals: as in :func:`to_csv`.
        target: a file path (written UTF-8, with a BOM if *bom* so that Excel reads
            Vietnamese correctly) or an open text stream (written as is).
        bom: write a UTF-8 byte-order mark when *target* is a path.

    .. versionadded:: 0.1.0
    """
    text = to_csv(report, lang=lang, headers=headers, include_totals=include_totals)
    if isinstance(target, (str, os.PathLike)):
        with open(target, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
            f.write(text)
    elif hasattr(target, "write"):
        target.write(text)
    else:
        raise InvalidTypeError("target", target, "a path or a writable text stream")


def to_json(report: _HasTable | Table, *, indent: int | None = 2) -> str:
    """
    Return *report* as JSON: name, bilingual title and subtitle, columns, rows, totals.

    Rows are objects keyed by column key, with raw values (rates as fractions, dates
    ISO 8601); non-ASCII text is kept readable (``ensure_ascii=False``).

    .. versionadded:: 0.1.0
    """
    t = _table(report)
    keys = [c.key for c in t.columns]
    doc = {
        "report": t.name,
        "title": {"vi": t.title_vi, "en": t.title_en},
        "subtitle": {"vi": t.subtitle_vi, "en": t.subtitle_en},
        "columns": [{"key": c.key, "label_vi": c.label_vi, "label_en": c.label_en,
                     "kind": c.kind} for c in t.columns],
        "rows": [{k: _raw(v) for k, v in zip(keys, row, strict=True)} for row in t.rows],
        "totals": None if t.totals is None else {
            k: _raw(v) for k, v in zip(keys, t.totals, strict=True)},
    }
    if getattr(t, "notes_vi", ()) or getattr(t, "notes_en", ()):
        doc["notes"] = {"vi": list(t.notes_vi), "en": list(t.notes_en)}
    return json.dumps(doc, ensure_ascii=False, indent=indent)


def render_html(report: _HasTable | Table, *, lang: str = "vi") -> str:
    """
    Return *report* as an HTML fragment (a ``<table>`` with caption); every cell escaped.

    Report results use it for ``_repr_html_`` in Jupyter.

    .. versionadded:: 0.1.0
    """
    t = _table(report)
    lang = _lang(lang)
    e = html.escape
    title = t.title_vi if lang == "vi" else t.title_en
    sub = t.subtitle_vi if lang == "vi" else t.subtitle_en
    out = [f'<table class="directive-tracker {e(t.name)}">',
           f"<caption><strong>{e(title)}</strong><br>{e(sub)}</caption>",
           "<thead><tr>" + "".join(f"<th>{e(c.label(lang))}</th>" for c in t.columns)
           + "</tr></thead>", "<tbody>"]

    def tr(row: tuple[Any, ...], tag: str = "td") -> str:
        cells = []
        for v, c in zip(row, t.columns, strict=True):
            style = ' style="text-align:right"' if _numeric(c) else ""
            cells.append(f"<{tag}{style}>{e(_fmt(v, c.kind))}</{tag}>")
        return "<tr>" + "".join(cells) + "</tr>"

    out.extend(tr(r) for r in t.rows)
    out.append("</tbody>")
    if t.totals is not None:
        out.append("<tfoot>" + tr(t.totals, "th") + "</tfoot>")
    out.append("</table>")
    return "\n".join(out)


def write_xlsx(report: _HasTable | Table, path: str | os.PathLike[str], *,
               lang: str = "vi", sheet_title: str | None = None) -> Path:
    """
    Write *report* as an Excel workbook in the usual report layout (extra ``excel``).

    Layout: row 1 the title (bold, merged across the table), row 2 the period or date
    line (italic, merged), row 4 the headers (bold, wrapped, shaded, bordered), then
    one row per report row, a bold totals row and the table's notes.  Rates get the
    format ``0.0%``, dates ``dd/mm/yyyy``, whole numbers ``#,##0`` and decimals
    ``#,##0.00`` (Excel shows the separators of the reader's locale: ``1.234,50`` and
    ``12,5%`` on a Vietnamese system); panes are frozen below the headers; an autofilter
    covers the header and data rows.  Only the columns a reader of *lang* sees are
    written (``Table.shown``); an empty cell of a column with an ``empty`` text (the
    rank of an unranked unit) holds that text.

    Print setup (what a clerk gets from File > Print): A4 landscape, fitted to one page
    wide (as many pages tall as needed), the header row repeated on every page, the
    title rows and the page number "Trang N/M" in the footer, margins 2 cm left, 1.5 cm
    elsewhere, centred horizontally.

    Args:
        report: a table or report result.
        path: the ``.xlsx`` file to write (overwritten).
        lang: header language.
        sheet_title: worksheet name (default: the report's name; at most 31 chars).

    Returns:
        The path written.

    Raises:
        MissingExtraError: openpyxl is not installed (extra ``excel``).

    .. versionadded:: 0.1.0
    """
    t = _table(report)
    lang = _lang(lang)
    t = t.shown(lang)
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
        from openpyxl.utils import get_column_letter
    except ImportError as exc:
        raise MissingExtraError("openpyxl", "excel", "Excel export") from exc
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = (check_str(sheet_title, "sheet_title") if sheet_title else t.name)[:31]
    n = len(t.columns)
    last = get_column_letter(n)
    ws["A1"] = t.title_vi if lang == "vi" else t.title_en
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A2"] = t.subtitle_vi if lang == "vi" else t.subtitle_en
    ws["A2"].font = Font(italic=True)
    ws["A2"].alignment = Alignment(horizontal="center")
    if n > 1:
        ws.merge_cells(f"A1:{last}1")
        ws.merge_cells(f"A2:{last}2")
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_row = 4
    for j, c in enumerate(t.columns, start=1):
        cell = ws.cell(row=header_row, column=j, value=c.label(lang))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.border = border
    formats = {"rate": "0.0%", "date": "DD/MM/YYYY", "float": "#,##0.00", "int": "#,##0"}

    def put(r: int, row: tuple[Any, ...], bold: bool = False) -> None:
        for j, (v, c) in enumerate(zip(row, t.columns, strict=True), start=1):
            v = Label.text(v, lang)
            if v is None and c.empty and not bold:
                v = c.empty
            value = _clean(_nfc(str(v))) if isinstance(v, str) else v
            cell = ws.cell(row=r, column=j, value=value)
            if isinstance(value, str) and cell.data_type == "f":
                cell.data_type = "s"  # text such as "= Rà soát" is data, never a formula
            cell.border = border
            if c.kind in formats and v is not None:
                cell.number_format = formats[c.kind]
            if bold:
                cell.font = Font(bold=True)

    r = header_row
    for row in t.rows:
        r += 1
        put(r, row)
    if t.totals is not None:
        r += 1
        put(r, t.totals, bold=True)
    last_row = r
    for note in t.notes(lang):
        r += 1 if r > last_row else 2
        ws.cell(row=r, column=1, value=_clean(_nfc(note))).font = Font(italic=True)
    for j, c in enumerate(t.columns, start=1):
        cells = [c.label(lang), *(_fmt(row[j - 1], c.kind, lang, local=True, empty=c.empty)
                                  for row in t.rows)]
        ws.column_dimensions[get_column_letter(j)].width = min(
            60, max(8, max(display_width(x) for x in cells) + 2))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    data_end = header_row + len(t.rows)
    ws.auto_filter.ref = f"A{header_row}:{last}{max(data_end, header_row)}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = 2 / 2.54
    ws.page_margins.right = ws.page_margins.top = ws.page_margins.bottom = 1.5 / 2.54
    ws.oddFooter.center.text = ("Trang &P/&N" if lang == "vi" else "Page &P of &N")
    out = Path(path)
    wb.save(out)
    return out


def _categories(lang: str) -> list[list[str]]:
    """The ordered label sets a text column may hold: statuses and report groups (in
    *lang*, in the order of their enums), and the report group codes."""
    from .status import ReportGroup, StatusKind

    def label(x: StatusKind | ReportGroup) -> str:
        return x.label_vi if lang == "vi" else x.label_en

    return [[label(k) for k in StatusKind], [label(g) for g in ReportGroup],
            [g.value for g in ReportGroup]]


def _df_columns(t: Table, lang: str) -> list[tuple[Column, int, str]]:
    """The columns a DataFrame keeps: (column, index, name).

    Of a bilingual pair ``<base>_vi``/``<base>_en`` only the *lang* one is kept, named
    ``<base>``; names are :func:`plain_key` keys (``en``) or Vietnamese headers (``vi``),
    with ``_`` appended to a name already taken.
    """
    keys = {c.key for c in t.columns}
    out: list[tuple[Column, int, str]] = []
    taken: set[str] = set()
    for i, c in enumerate(t.columns):
        name = c.key
        for mine, other in (("_vi", "_en"), ("_en", "_vi")):
            if c.key.endswith(mine) and c.key[:-3] + other in keys:
                # keep the column in *lang*, named without the suffix; drop the other
                name = c.key[:-3] if mine == f"_{lang}" else ""
        if name:
            shown = plain_key(name) if lang == "en" else _nfc(c.label_vi)
            while shown in taken:  # two keys with one plain name: never drop a column
                shown += "_"
            taken.add(shown)
            out.append((c, i, shown))
    return out


def to_dataframe(report: _HasTable | Table, *, lang: str = "en") -> Any:
    """
    Return *report* as a ``pandas.DataFrame`` (extra ``pandas``), totals excluded.

    Column types: dates are ``datetime64[ns]`` (None is ``NaT``); counts are ``int64``
    (``Int64``, nullable, when a value is missing); rates (fractions 0–1) and other
    numbers ``float64`` (None is NaN); statuses and report groups are *ordered*
    categoricals whose categories are every status (or group) in the order of
    :class:`~directive_tracker.status.StatusKind` (or
    :class:`~directive_tracker.status.ReportGroup`), labelled in *lang*; other text is
    NFC strings.  Of a pair of bilingual columns (``status_vi``/``status_en``) only the
    one in *lang* is kept, named without the suffix (``status``).

    Args:
        report: a table or report result.
        lang: ``"en"``: English labels, columns named by :func:`plain_key` (snake_case,
            e.g. ``weighted_score_v1``); ``"vi"``: Vietnamese labels and headers.

    Raises:
        MissingExtraError: pandas is not installed (extra ``pandas``).
        InvalidTypeError, ValidationError: bad arguments.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Typed columns (datetime64, ordered categoricals, nullable ints), plain names,
       one column per bilingual pair.
    """
    t = _table(report)
    lang = _lang(lang)
    try:
        import pandas as pd
    except ImportError as exc:
        raise MissingExtraError("pandas", "pandas", "DataFrame export") from exc
    cats = _categories(lang)
    data: dict[str, Any] = {}
    for c, i, name in _df_columns(t, lang):
        values = [r[i] for r in t.rows]
        if c.kind == "date":
            col = pd.Series(pd.to_datetime([None if v is None else v.isoformat()
                                            for v in values]),
                            dtype="datetime64[ns]")
        elif c.kind == "int":
            col = pd.Series(values, dtype="Int64" if None in values else "int64")
        elif c.kind in ("rate", "float"):
            col = pd.Series([float("nan") if v is None else float(v) for v in values],
                            dtype="float64")
        else:
            texts = [_nfc(v) if isinstance(v, str) else v for v in values]
            present = {v for v in texts if v is not None}
            match = next((cs for cs in cats if present and present <= set(cs)), None)
            if match is None and not present and name in ("status", "Tình trạng"):
                match = cats[0]
            col = (pd.Series(pd.Categorical(texts, categories=match, ordered=True))
                   if match is not None else pd.Series(texts, dtype=object))
        data[name] = col
    return pd.DataFrame(data, index=pd.RangeIndex(len(t.rows)))


def tasks_table(store: Any, calendar: Any, *, as_of: date, query: Any = None,
                **options: Any) -> Table:
    """
    Return every task (matching *query*) with its status on *as_of* as a :class:`Table`.

    One row per task assigned on or before *as_of*, by task id (what
    :func:`directive_tracker.services.statuses` returns): ids, content, lead unit on
    *as_of* (after transfers), coordinating units (``;``-separated), assignment, due
    dates (original and current), completion, progress, working days left or late,
    status and report group in both languages.

    Args:
        store, calendar, as_of, query: as in :func:`directive_tracker.services.statuses`.
        options: more keywords of :func:`~directive_tracker.services.statuses`
            (``lifecycle_policy``, ``due_soon_days``, ``kinds``, ``unit``).

    Raises:
        InvalidTypeError, ValidationError: bad arguments.

    .. versionadded:: 0.2.0
    """
    from .reports import Column
    from .services import statuses

    rows = []
    for st in statuses(store, calendar, as_of=as_of, query=query, **options):
        task, state = st.state.task, st.state
        rows.append((task.id, task.directive_id, task.content, state.lead_unit,
                     "; ".join(state.coordinating_units) or None, task.assigned_on,
                     st.original_due, st.current_due, state.completed_on, state.percent,
                     st.working_days_remaining, st.working_days_late, st.label_vi,
                     st.label_en, None if st.group is None else st.group.label_vi,
                     None if st.group is None else st.group.label_en))
    cols = (Column(key="task_id", label_vi="Mã nhiệm vụ", label_en="Task"),
            Column(key="directive_id", label_vi="Văn bản", label_en="Directive"),
            Column(key="content", label_vi="Nội dung", label_en="Content"),
            Column(key="lead_unit", label_vi="Đơn vị chủ trì", label_en="Lead unit"),
            Column(key="coordinating_units", label_vi="Đơn vị phối hợp",
                   label_en="Coordinating units"),
            Column(key="assigned_on", label_vi="Ngày giao", label_en="Assigned on",
                   kind="date"),
            Column(key="original_due", label_vi="Hạn ban đầu", label_en="Original due",
                   kind="date"),
            Column(key="current_due", label_vi="Hạn hiện hành", label_en="Current due",
                   kind="date"),
            Column(key="completed_on", label_vi="Ngày hoàn thành", label_en="Completed on",
                   kind="date"),
            Column(key="percent", label_vi="Tiến độ (%)", label_en="Progress (%)",
                   kind="int"),
            Column(key="working_days_remaining", label_vi="Số ngày làm việc còn lại",
                   label_en="Working days left", kind="int"),
            Column(key="working_days_late", label_vi="Số ngày làm việc quá hạn",
                   label_en="Working days late", kind="int"),
            Column(key="status_vi", label_vi="Tình trạng", label_en="Status (Vietnamese)"),
            Column(key="status_en", label_vi="Tình trạng (tiếng Anh)", label_en="Status"),
            Column(key="group_vi", label_vi="Nhóm báo cáo", label_en="Group (Vietnamese)"),
            Column(key="group_en", label_vi="Nhóm báo cáo (tiếng Anh)", label_en="Group"))
    d = as_of.strftime("%d/%m/%Y")
    return Table(name="tasks", title_vi="DANH SÁCH NHIỆM VỤ", title_en="Tasks",
                 subtitle_vi=f"Tình trạng ngày {d}", subtitle_en=f"Status on {d}",
                 columns=cols, rows=tuple(rows))


def tasks_dataframe(store: Any, calendar: Any, *, as_of: date, query: Any = None,
                    lang: str = "en", **options: Any) -> Any:
    """
    Return :func:`tasks_table` as a ``pandas.DataFrame`` (see :func:`to_dataframe`).

    Raises:
        MissingExtraError: pandas is not installed (extra ``pandas``).
        InvalidTypeError, ValidationError: bad arguments.

    .. versionadded:: 0.2.0
    """
    lang = _lang(lang)
    return to_dataframe(tasks_table(store, calendar, as_of=as_of, query=query, **options),
                        lang=lang)


def chart_title(board: Scoreboard, *, lang: str = "vi", against: str = "current") -> str:
    """
    Return the title of :func:`write_chart_png`: what is drawn, on which basis, the
    period and the data date (two or three lines, none longer than 70 characters).

    >>> import datetime as _d
    >>> from directive_tracker.reports import Scoreboard, ScoreboardRow
    >>> row = ScoreboardRow(rank=None, unit="", unit_name="", assigned=0,
    ...     completed_on_time=0, completed_late=0, in_progress_on_time=0, overdue=0,
    ...     no_deadline=0, paused=0, cancelled_or_refused=0, on_time_rate=None,
    ...     on_time_rate_original=None, average_working_days_late=None)
    >>> print(chart_title(Scoreboard(as_of=_d.date(2026, 5, 8), period=None, by="new",
    ...                              rows=(), total=row)))
    Tỷ lệ hoàn thành đúng hạn theo đơn vị (hạn hiện hành)
    Số liệu tính đến ngày 08/05/2026

    .. versionadded:: 0.2.0
    """
    import textwrap

    lang = _lang(lang)
    if against not in ("current", "original"):
        raise ValidationError(f"against must be 'current' or 'original', got {against!r}",
                              param_name="against")
    sub = board.to_table().subtitle_vi if lang == "vi" else board.to_table().subtitle_en
    if lang == "vi":
        basis = "hạn hiện hành" if against == "current" else "hạn ban đầu"
        head = f"Tỷ lệ hoàn thành đúng hạn theo đơn vị ({basis})"
    else:
        basis = "current due" if against == "current" else "original due"
        head = f"On-time rate by unit ({basis})"
    lines = [head]
    for part in sub.split("; "):
        lines += textwrap.wrap(part[:1].upper() + part[1:], 70)
    return "\n".join(_nfc(x) for x in lines)


def _chart_figure(board: Scoreboard, lang: str, against: str, dpi: int) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = list(board.rows)
    names = [_nfc(r.unit_name) for r in rows][::-1]
    rates = [(r.on_time_rate if against == "current" else r.on_time_rate_original)
             for r in rows][::-1]
    title = chart_title(board, lang=lang, against=against)
    # 8 in wide; 0.45 in a unit plus 1.2 in for a two-line title and the axis, 0.3 in
    # more for each further title line.
    extra = max(0, title.count("\n") - 1)
    fig = Figure(figsize=(8, max(2.0, 0.45 * len(rows) + 1.2 + 0.3 * extra)), dpi=dpi,
                 layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    values = [0.0 if v is None else v * 100 for v in rates]
    bars = ax.barh(range(len(names)), values, color="#2E75B6")
    ax.set_yticks(range(len(names)), labels=names)
    ax.set_xlim(0, 115)
    for bar, v in zip(bars, rates, strict=True):
        ax.text(bar.get_width() + 1, bar.get_y() + bar.get_height() / 2,
                "—" if v is None else format_cell(v, "rate", lang), va="center", fontsize=8)
    ax.set_title(title, fontsize=11, loc="center")
    ax.set_xlabel("Tỷ lệ đúng hạn (%)" if lang == "vi" else "On-time rate (%)")
    return fig


def write_chart_png(board: Scoreboard, path: str | os.PathLike[str], *, lang: str = "vi",
                    against: str = "current", dpi: int = 100) -> Path:
    """
    Draw the on-time rate of each unit of *board* as a horizontal bar chart (PNG).

    Units are in ranking order (best at the top); units with nothing due are drawn
    at 0 and labelled "—".  The title (:func:`chart_title`) names the basis, the period
    and the data date ("số liệu tạm tính" when provisional), wrapped to lines of at most
    70 characters; the constrained layout keeps the title and the unit names inside the
    picture.  Rates are written the way *lang* writes them ("66,7%").  Uses matplotlib's
    Agg canvas (extra ``charts``).

    Args:
        board: a :class:`~directive_tracker.reports.Scoreboard`.
        path: the ``.png`` file to write.
        lang: language of the title and axis.
        against: ``"current"`` (after extensions) or ``"original"`` due dates.
        dpi: resolution.

    Returns:
        The path written.

    Raises:
        MissingExtraError: matplotlib is not installed (extra ``charts``).
        InvalidTypeError, ValidationError: bad arguments.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 the period in the title; nothing clipped.
    """
    if not isinstance(board, Scoreboard):
        raise InvalidTypeError("board", board, "a reports.Scoreboard")
    lang = _lang(lang)
    if against not in ("current", "original"):
        raise ValidationError(f"against must be 'current' or 'original', got {against!r}")
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise MissingExtraError("matplotlib", "charts", "the on-time rate chart") from exc
    fig = _chart_figure(board, lang, against, dpi)
    out = Path(path)
    fig.savefig(out, format="png")
    return out


# --------------------------------------------------------------------------- iCalendar


def _ics_escape(text: str) -> str:
    """Escape TEXT per RFC 5545 §3.3.11: backslash, semicolon, comma, newline (control
    characters, which TEXT cannot hold, are replaced first, see :func:`_clean`)."""
    text = _clean(_nfc(text)).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: str) -> list[str]:
    """Fold a content line into lines of at most 75 octets (RFC 5545 §3.1), UTF-8 safe."""
    out: list[str] = []
    cur: list[str] = []
    size, limit = 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append("".join(cur))
            cur, size = [" "], 1
        cur.append(ch)
        size += n
    out.append("".join(cur))
    return out


_HOSTNAME = re.compile(r"(?=[A-Za-z0-9.-]{1,253}\Z)"
                       r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                       r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*", re.ASCII)


def to_ics(deadlines: UpcomingDeadlines | Iterable[DeadlineRow], *,
           stamp: datetime | None = None, calendar_name: str = "Hạn nhiệm vụ",
           prodid: str = "-//directive_tracker//Deadlines 0.1//VI",
           uid_domain: str = "directive-tracker") -> str:
    """
    Return an iCalendar (RFC 5545) document with one all-day VEVENT per deadline.

    Each event has ``DTSTART;VALUE=DATE`` the due date and ``DTEND;VALUE=DATE`` the
    next day (all-day, exclusive end), a stable ``UID`` ``<task id>-<yyyymmdd>@<domain>``
    (the same task and due date always give the same UID, so calendar apps update
    rather than duplicate; a new due date is a new event), ``DTSTAMP`` in UTC, and a
    bilingual SUMMARY/DESCRIPTION.  TEXT values are escaped (``\\``, ``;``, ``,``,
    newlines), lines end with CRLF and are folded at 75 octets without splitting a
    UTF-8 character.

    Args:
        deadlines: an :class:`~directive_tracker.reports.UpcomingDeadlines` or rows.
        stamp: the DTSTAMP instant (aware); default: midnight in Vietnam on the report's
            ``as_of`` (or on the earliest due date for bare rows), so output is
            reproducible.
        calendar_name: ``X-WR-CALNAME``.
        prodid: ``PRODID``.
        uid_domain: the right-hand side of each UID: a host name (letters, digits and
            hyphens in dot-separated labels of at most 63 characters, 253 in all).

    Raises:
        InvalidTypeError: bad argument types.
        ValidationError: an empty name or PRODID; a *uid_domain* that is not a host
            name (CR, LF, spaces, ``@``, ``;`` ... are refused).

    .. versionadded:: 0.1.0
    """
    if isinstance(deadlines, UpcomingDeadlines):
        rows = list(deadlines.rows)
        base: date | None = deadlines.as_of
    else:
        if isinstance(deadlines, (str, bytes)) or not isinstance(deadlines, Iterable):
            raise InvalidTypeError("deadlines", deadlines,
                                   "UpcomingDeadlines or an iterable of DeadlineRow")
        rows = list(deadlines)
        for r in rows:
            if not isinstance(r, DeadlineRow):
                raise InvalidTypeError("deadlines", r, "an iterable of DeadlineRow")
        base = min((r.due for r in rows), default=None)
    name = check_str(calendar_name, "calendar_name")
    pid = check_str(prodid, "prodid")
    domain = check_str(uid_domain, "uid_domain")
    if not _HOSTNAME.fullmatch(domain):
        raise ValidationError(f"uid_domain must be a host name such as "
                              f"'vpubnd.example.gov.vn', got {domain!r}",
                              param_name="uid_domain")
    if stamp is None:
        when = datetime.combine(base or date(2000, 1, 1), time(0), tzinfo=VIETNAM_TZ)
    else:
        when = check_aware_datetime(stamp, "stamp")
    dtstamp = when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{_ics_escape(pid)}",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_ics_escape(name)}",
             "X-WR-TIMEZONE:Asia/Ho_Chi_Minh"]
    for r in rows:
        summary = f"Hạn: {r.content} ({r.lead_name})"
        desc = (f"Mã nhiệm vụ: {r.task_id}\nVăn bản: {r.directive_id}\n"
                f"Đơn vị chủ trì: {r.lead_name} ({r.lead_unit})\n"
                f"Hạn hoàn thành: {r.due.strftime('%d/%m/%Y')}\nTình trạng: {r.status_vi}\n\n"
                f"Task {r.task_id}, directive {r.directive_id}, led by {r.lead_name}, due "
                f"{r.due.isoformat()} ({r.status_en}).")
        lines += ["BEGIN:VEVENT",
                  f"UID:{_ics_escape(r.task_id)}-{r.due.strftime('%Y%m%d')}@{domain}",
                  f"DTSTAMP:{dtstamp}",
                  f"DTSTART;VALUE=DATE:{r.due.strftime('%Y%m%d')}",
                  f"DTEND;VALUE=DATE:{(r.due + timedelta(days=1)).strftime('%Y%m%d')}",
                  f"SUMMARY:{_ics_escape(summary)}",
                  f"DESCRIPTION:{_ics_escape(desc)}",
                  f"CATEGORIES:{_ics_escape(r.lead_unit)}",
                  "TRANSP:TRANSPARENT",
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(f"{part}\r\n" for line in lines for part in _fold(line))


def write_ics(deadlines: UpcomingDeadlines | Iterable[DeadlineRow],
              path: str | os.PathLike[str], **kwargs: Any) -> Path:
    """
    Write :func:`to_ics` output to *path* (UTF-8, CRLF kept); return the path.

    .. versionadded:: 0.1.0
    """
    out = Path(path)
    out.write_bytes(to_ics(deadlines, **kwargs).encode("utf-8"))
    return out
