# SPDX-License-Identifier: MIT
"""
A report as one standalone HTML file: for the screen, and for printing on A4.

The file is self-contained: inline CSS only (with an ``@media print`` / ``@page``
stylesheet for A4 and the margins of Decree 30/2020/NĐ-CP, Appendix I), no JavaScript,
no external resource (no link, image, font or URL of any kind), ``lang="vi"`` (or
``"en"``) and a Times New Roman font stack.  Every text is escaped, and control
characters (ESC, …) and bidirectional overrides in the data are replaced by visible
placeholders, so hostile task content prints as text.

With :class:`~directive_tracker.official.DocumentDetails` the page carries the header
blocks of the official form (agency, number, Quốc hiệu and Tiêu ngữ, date line) and the
recipients and signature block; without them it is a plain titled report.

Any report works: every result of :func:`directive_tracker.summary`,
:func:`~directive_tracker.scoreboard`, :func:`~directive_tracker.overdue_list`,
:func:`~directive_tracker.directive_progress` and
:func:`~directive_tracker.upcoming_deadlines` (through its ``to_table()``), or several of
them in one file.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import html
import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .._controls import visible_controls
from ..exceptions import InvalidTypeError, ValidationError
from ._layout import NATIONAL_MOTTO, NATIONAL_NAME, DocumentDetails, format_cell

__all__ = ["neutralise", "render_html_document", "write_html"]

#: Above this many columns a table is printed on A4 landscape (Appendix I, Part I, "kiểu trình bày",
#: allows the width of the page for a document with tables).
WIDE_TABLE_COLUMNS = 8

#: Text columns whose longest cell has at most this many characters do not wrap.
SHORT_TEXT = 24

#: Tab and line breaks print as spaces; LRM/RLM (not in the text renderer's table) as U+FFFD.
_SPACES_AND_MARKS = {0x09: " ", 0x0A: " ", 0x0D: " ", 0x200E: "\ufffd", 0x200F: "\ufffd"}


def neutralise(text: str) -> str:
    """
    Return *text* safe to print: NFC; tab and line breaks as spaces; other C0 controls as
    their visible Control Pictures (ESC → "␛"), DEL as "␡", C1 controls and
    bidirectional marks/overrides as U+FFFD.  (Escaping ``<&>"'`` is the caller's job.)

    >>> neutralise("a\\x1b[31mb\\u202ec")
    'a␛[31mb\\ufffdc'

    .. versionadded:: 0.1.0
    """
    # The control-character pictures are the text renderer's (one table, _controls);
    # here line breaks and tabs become spaces, and LRM/RLM count as bidi marks too.
    return visible_controls(unicodedata.normalize("NFC", text).translate(_SPACES_AND_MARKS))


def _e(value: object) -> str:
    return html.escape(neutralise(str(value)), quote=True)


def _lang(lang: object) -> str:
    if lang not in ("vi", "en"):
        raise ValidationError(f"lang must be 'vi' or 'en', got {lang!r}", param_name="lang")
    return str(lang)


def _tables(reports: object) -> list[Any]:
    items = [reports] if hasattr(reports, "to_table") else reports
    if isinstance(items, str) or not isinstance(items, Iterable):
        raise InvalidTypeError("reports", reports,
                               "a report (with to_table()) or a sequence of reports")
    tables = []
    for r in items:
        to_table = getattr(r, "to_table", None)
        if not callable(to_table):
            raise InvalidTypeError("reports", r, "a report with to_table()")
        tables.append(to_table())
    if not tables:
        raise ValidationError("give at least one report", param_name="reports")
    return tables


#: Columns of machine codes that a printed report does not show (the summary's group code).
HIDDEN_COLUMNS = frozenset({"group"})


def _visible_columns(table: Any, lang: str) -> list[int]:
    """
    Indexes of the columns shown: of a pair ``x_vi``/``x_en`` only the one in *lang*, and
    none of :data:`HIDDEN_COLUMNS`.
    """
    keys = [c.key for c in table.columns]
    other = "_en" if lang == "vi" else "_vi"
    mine = "_vi" if lang == "vi" else "_en"
    return [i for i, k in enumerate(keys) if k not in HIDDEN_COLUMNS
            and not (k.endswith(other) and k[: -len(other)] + mine in keys)]


_NUMERIC = ("int", "float", "rate")

_CSS = """
:root { color: #000; background: #fff; }
body { font-family: "Times New Roman", Times, "Liberation Serif", "Nimbus Roman",
       "Noto Serif", serif; font-size: 14pt; line-height: 1.25; margin: 2em auto;
       max-width: 60em; padding: 0 1em; font-kerning: normal; hyphens: manual; }
.head { display: grid; grid-template-columns: 36% 64%; align-items: start;
        text-align: center; margin-bottom: 1.2em; }
.head p { margin: 0; }
.parent, .agency { font-size: 12pt; text-transform: uppercase; }
.agency { font-weight: bold; }
.rule { width: 40%; margin: 2pt auto 6pt; border-top: 1px solid #000; height: 0; }
.number { font-size: 13pt; }
.nation { font-size: 12pt; font-weight: bold; }
.motto { font-size: 13pt; font-weight: bold; display: inline-block;
         border-bottom: 1px solid #000; padding-bottom: 1pt; }
.dateline { font-size: 14pt; font-style: italic; margin-top: 10pt !important; }
h1 { font-size: 14pt; font-weight: bold; text-align: center; margin: 1em 0 0.2em; }
.subtitle { text-align: center; font-style: italic; margin: 0 0 0.8em; }
table.report { border-collapse: collapse; width: 100%; margin: 0 0 1.2em;
               font-size: 11pt; page-break-inside: auto; }
table.report caption { caption-side: top; }
table.report th, table.report td { border: 1px solid #000; padding: 2pt 4pt;
                                   vertical-align: top; }
table.report th { font-weight: bold; text-align: center; }
table.report td.n { text-align: right; font-variant-numeric: tabular-nums;
                    white-space: nowrap; }
table.report td.nw { white-space: nowrap; }
table.report td.w { min-width: 12em; }
table.report tfoot { display: table-row-group; }
table.report tfoot th { text-align: left; }
table.report tfoot th.n { text-align: right; }
tr { page-break-inside: avoid; break-inside: avoid; }
thead { display: table-header-group; }
.foot { display: grid; grid-template-columns: 45% 55%; margin-top: 1.5em;
        break-inside: avoid; }
.recipients { font-size: 11pt; }
.recipients .label { font-size: 12pt; font-weight: bold; font-style: italic; margin: 0; }
.recipients p { margin: 0; }
.sign { text-align: center; font-size: 14pt; font-weight: bold; }
.sign p { margin: 0; }
.sign .name { margin-top: 5em; }
@media print {
  body { margin: 0; max-width: none; padding: 0; }
}
"""


def _page_css(landscape: bool) -> str:
    # Appendix I, Part I: A4; margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
    size = "A4 landscape" if landscape else "A4 portrait"
    return f"@page {{ size: {size}; margin: 20mm 15mm 20mm 30mm; }}\n"


def _table_html(table: Any, lang: str) -> str:
    cols = _visible_columns(table, lang)
    columns = [table.columns[i] for i in cols]
    title = table.title_vi if lang == "vi" else table.title_en
    sub = table.subtitle_vi if lang == "vi" else table.subtitle_en
    out = [f'<section class="report-{_e(table.name)}">', f"<h1>{_e(title)}</h1>",
           f'<p class="subtitle">{_e(sub)}</p>', '<table class="report">', "<thead><tr>",
           *(f"<th>{_e(c.label(lang))}</th>" for c in columns), "</tr></thead>", "<tbody>"]

    # Short texts (codes, unit names) stay on one line; long ones wrap but keep a width.
    longest = {i: max((len(format_cell(r[i], c.kind, lang)) for r in table.rows), default=0)
               for i, c in zip(cols, columns, strict=True)}

    def cells(row: Any, tag: str) -> str:
        parts = []
        for i, c in zip(cols, columns, strict=True):
            if c.kind in _NUMERIC:
                cls = ' class="n"'
            elif tag == "th":
                cls = ""
            else:
                cls = ' class="nw"' if longest[i] <= SHORT_TEXT else ' class="w"'
            value = row[i]
            if lang == "en" and isinstance(value, str) and hasattr(value, "en"):
                value = value.en  # a reports.Label: "Tổng cộng" is "Total" in English
            text = getattr(c, "empty", "") if value is None else format_cell(value, c.kind,
                                                                              lang)
            parts.append(f"<{tag}{cls}>{_e(text)}</{tag}>")
        return "<tr>" + "".join(parts) + "</tr>"

    out.extend(cells(r, "td") for r in table.rows)
    if not table.rows:
        empty = "Không có dữ liệu." if lang == "vi" else "No data."
        out.append(f'<tr><td colspan="{len(columns)}">{_e(empty)}</td></tr>')
    out.append("</tbody>")
    if table.totals is not None:
        out.append("<tfoot>" + cells(table.totals, "th") + "</tfoot>")
    out.append("</table>")
    notes = table.notes(lang) if hasattr(table, "notes") else ()
    out.extend(f'<p class="note">{_e(n)}</p>' for n in notes)
    out.append("</section>")
    return "\n".join(out)


def _header_html(details: DocumentDetails) -> str:
    a = details.agency
    left = [*(f'<p class="parent">{_e(s)}</p>' for s in a.parent_lines),
            *(f'<p class="agency">{_e(s)}</p>' for s in a.name_lines),
            '<div class="rule"></div>', f'<p class="number">{_e(details.number_line)}</p>']
    right = [f'<p class="nation">{_e(NATIONAL_NAME)}</p>',
             f'<p><span class="motto">{_e(NATIONAL_MOTTO)}</span></p>',
             f'<p class="dateline">{_e(details.date_line)}</p>']
    return ('<header class="head">\n<div>' + "".join(left) + "</div>\n<div>"
            + "".join(right) + "</div>\n</header>")


def _footer_html(details: DocumentDetails) -> str:
    rec = "".join(f"<p>{_e(s)}</p>" for s in details.recipients.lines())
    sign = "".join(f"<p>{_e(s)}</p>" for s in details.signer.lines())
    return ('<footer class="foot">\n<div class="recipients"><p class="label">Nơi nhận:</p>'
            f'{rec}</div>\n<div class="sign">{sign}<p class="name">'
            f"{_e(details.signer.name)}</p></div>\n</footer>")


def render_html_document(reports: Any, *, lang: str = "vi",
                         details: DocumentDetails | None = None,
                         title: str | None = None) -> str:
    """
    Return one or more reports as a standalone HTML document (a ``str``).

    Args:
        reports: a report result (anything with ``to_table()``) or a sequence of them,
            written one after the other.
        lang: ``"vi"`` (default) or ``"en"``: headers, titles, number format ("12,5%"
            vs "12.5%"); of a column pair ``x_vi``/``x_en`` only the one in *lang* shows,
            and machine codes (``HIDDEN_COLUMNS``) are left out.
        details: the official header and signature blocks (optional).
        title: the document ``<title>``; default the first report's title.

    Returns:
        The HTML text (UTF-8 when written).  Tables with more than
        ``WIDE_TABLE_COLUMNS`` visible columns make the printed page A4 landscape.

    Raises:
        InvalidTypeError: *reports* holds something without ``to_table()``, or *details*
            is not a :class:`DocumentDetails`.
        ValidationError: *lang* is not "vi"/"en", or no report is given.

    .. versionadded:: 0.1.0
    """
    lang = _lang(lang)
    tables = _tables(reports)
    if details is not None and not isinstance(details, DocumentDetails):
        raise InvalidTypeError("details", details, "a DocumentDetails or None")
    if title is not None and not isinstance(title, str):
        raise InvalidTypeError("title", title, "a str or None")
    first = tables[0]
    doc_title = title if title is not None else (first.title_vi if lang == "vi"
                                                 else first.title_en)
    landscape = any(len(_visible_columns(t, lang)) > WIDE_TABLE_COLUMNS for t in tables)
    parts = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{_e(doc_title)}</title>",
             "<style>", _page_css(landscape) + _CSS.strip(), "</style>", "</head>", "<body>"]
    if details is not None:
        parts.append(_header_html(details))
    parts.extend(_table_html(t, lang) for t in tables)
    if details is not None:
        parts.append(_footer_html(details))
    parts.extend(("</body>", "</html>", ""))
    return "\n".join(parts)


def write_html(reports: Any, path: str | os.PathLike[str], *, lang: str = "vi",
               details: DocumentDetails | None = None, title: str | None = None) -> Path:
    """
    Write :func:`render_html_document` to *path* (UTF-8); return the path.

    Raises:
        InvalidTypeError, ValidationError: as in :func:`render_html_document`; *path*
            not a ``str`` or path.

    .. versionadded:: 0.1.0
    """
    if not isinstance(path, str | os.PathLike):
        raise InvalidTypeError("path", path, "a str or os.PathLike")
    text = render_html_document(reports, lang=lang, details=details, title=title)
    out = Path(path)
    out.write_text(text, encoding="utf-8")
    return out
