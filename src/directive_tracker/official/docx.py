# SPDX-License-Identifier: MIT
"""
Official documents as .docx in the form of Decree 30/2020/NĐ-CP, Appendix I (extra
``docx``: python-docx, imported only when a document is written).

* :func:`write_report_docx`: the periodic report "BÁO CÁO — Tình hình thực hiện nhiệm vụ
  …" with the 4-way summary, the scoreboard by unit and the list of overdue tasks.
* :func:`write_reminder_docx`: the reminder letter (công văn đôn đốc) to one unit, listing
  its overdue and due-soon tasks with the directives that assigned them.

Layout (Appendix I; the numbers are cited again where each element is written):

* A4 portrait (210 × 297 mm); margins top 20 mm, bottom 20 mm (20–25), left 30 mm
  (30–35), right 15 mm (15–20) (Part I, "khổ giấy", "kiểu trình bày", "định lề trang");
* Times New Roman, Unicode TCVN 6909:2001, black (Part I, "phông chữ");
* a header table: left the agency, its number and (công văn) the "V/v" subject; right the
  Quốc hiệu, Tiêu ngữ and date line (the layout diagram, boxes 1–5b);
* page numbers centred in the top margin, from page 2 (Part I, "số trang văn bản").

The report numbers are written as given: the caller computes the reports with
:func:`directive_tracker.summary`, :func:`~directive_tracker.scoreboard` and
:func:`~directive_tracker.overdue_list` for the same date.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from .._validators import check_date
from ..directives import Directive
from ..documents import DocumentType
from ..exceptions import InvalidTypeError, MissingExtraError, ValidationError
from ._layout import (
    NATIONAL_MOTTO,
    NATIONAL_NAME,
    DocumentDetails,
    format_cell,
    vi_number,
)
from ._metrics import text_width_pt

__all__ = ["write_reminder_docx", "write_report_docx"]

# ----------------------------------------------------------------------------- sizes
# Decree 30/2020/NĐ-CP, Appendix I, Part II (cỡ chữ in points):
SIZE_NATIONAL_NAME = 12    # item 1a: Quốc hiệu, in hoa, 12–13, đứng, đậm
SIZE_MOTTO = 13            # item 1: Tiêu ngữ, in thường, 13–14, đứng, đậm, gạch dưới
SIZE_AGENCY = 12           # item 2: tên cơ quan (chủ quản 12–13 đứng; ban hành 12–13 đậm)
SIZE_NUMBER = 13           # item 3: "Số:" và ký hiệu, 13, đứng
SIZE_DATE_LINE = 14        # item 4: địa danh, ngày tháng, 13–14, nghiêng
SIZE_DOC_TYPE = 14         # item 5: tên loại văn bản, in hoa, 13–14, đứng, đậm
SIZE_SUBJECT = 14          # item 5: trích yếu, in thường, 13–14, đứng, đậm
SIZE_LETTER_SUBJECT = 12   # item 5 (box 5b): "V/v" of a công văn, 12–13, đứng
SIZE_BODY = 14             # item 6: nội dung, 13–14; "Kính gửi" 14
SIZE_SIGNATURE = 14        # item 7: quyền hạn, chức vụ (in hoa) và họ tên, 13–14, đậm
SIZE_RECIPIENTS_LABEL = 12  # item 9: "Nơi nhận:", 12, nghiêng, đậm
SIZE_RECIPIENTS = 11       # item 9: the list, 11, đứng
SIZE_PAGE_NUMBER = 14      # Part I, số trang: 13–14, đứng
SIZE_TABLE = 12            # tables: left to the drafter by Appendix I; 12 pt (11 wide)
SIZE_TABLE_WIDE = 11

# Part I, "định lề trang" (mm).
MARGIN_TOP_MM = 20         # 20–25
MARGIN_BOTTOM_MM = 20      # 20–25
MARGIN_LEFT_MM = 30        # 30–35
MARGIN_RIGHT_MM = 15       # 15–20
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297  # Part I, "khổ giấy": A4
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165
HEADER_LEFT_MM, HEADER_RIGHT_MM = 60, TEXT_WIDTH_MM - 60
# Item 6: first-line indent 1–1.27 cm, ≥ 6 pt between paragraphs, line spacing 1–1.5.
BODY_INDENT_MM = 10
BODY_SPACE_AFTER_PT = 6
BODY_LINE_SPACING = 1.15
FONT = "Times New Roman"


class _Api:
    """The python-docx names used here, imported once per document."""

    def __init__(self) -> None:
        try:
            import docx
            from docx.enum.section import WD_ORIENT
            from docx.enum.table import WD_TABLE_ALIGNMENT
            from docx.enum.text import WD_ALIGN_PARAGRAPH
            from docx.oxml import OxmlElement
            from docx.oxml.ns import qn
            from docx.shared import Mm, Pt, Twips
        except ImportError as exc:
            raise MissingExtraError("python-docx", "docx",
                                    "writing official .docx documents") from exc
        self.docx = docx
        self.orient = WD_ORIENT
        self.table_align = WD_TABLE_ALIGNMENT
        self.align = WD_ALIGN_PARAGRAPH
        self.element = OxmlElement
        self.qn = qn
        self.mm = Mm
        self.pt = Pt
        self.twips = Twips

    def mm_up(self, value: float) -> Any:
        """*value* mm as a length in whole twips, rounded up."""
        return self.twips(math.ceil(value * 1440 / 25.4))


class _Writer:
    """Builds one document; every run gets its font, size and style explicitly."""

    def __init__(self) -> None:
        self.x = _Api()
        x = self.x
        self.doc = x.docx.Document()
        normal = self.doc.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = x.pt(SIZE_BODY)
        self._fonts(normal.element.get_or_add_rPr())
        pf = normal.paragraph_format
        pf.space_before = x.pt(0)
        pf.space_after = x.pt(0)
        pf.line_spacing = 1.0
        sec = self.doc.sections[0]
        sec.orientation = x.orient.PORTRAIT
        sec.page_width, sec.page_height = x.mm(PAGE_WIDTH_MM), x.mm(PAGE_HEIGHT_MM)
        # Word stores margins in twips (1/1440 in): round up, so 15 mm stays ≥ 15 mm.
        sec.top_margin, sec.bottom_margin = x.mm_up(MARGIN_TOP_MM), x.mm_up(MARGIN_BOTTOM_MM)
        sec.left_margin, sec.right_margin = x.mm_up(MARGIN_LEFT_MM), x.mm_up(MARGIN_RIGHT_MM)
        sec.header_distance = x.mm(10)
        sec.footer_distance = x.mm(10)
        self._page_numbers(sec)

    # -- low level ----------------------------------------------------------------

    def _fonts(self, rpr: Any) -> None:
        fonts = rpr.find(self.x.qn("w:rFonts"))
        if fonts is None:
            fonts = self.x.element("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(self.x.qn(attr), FONT)

    def run(self, par: Any, text: str, size: float, *, bold: bool = False,
            italic: bool = False, underline: bool = False) -> Any:
        r = par.add_run(text)
        r.font.name = FONT
        r.font.size = self.x.pt(size)
        r.font.bold = bold
        r.font.italic = italic
        r.font.underline = underline
        self._fonts(r._element.get_or_add_rPr())
        return r

    def par(self, where: Any, text: str = "", size: float = SIZE_BODY, *,
            align: str = "center", bold: bool = False, italic: bool = False,
            underline: bool = False, before: float = 0, after: float = 0,
            first: bool = False) -> Any:
        """Add a paragraph to *where* (the document or a cell); reuse a cell's empty one."""
        if first and len(where.paragraphs) == 1 and not where.paragraphs[0].text:
            p = where.paragraphs[0]
        else:
            p = where.add_paragraph()
        p.alignment = getattr(self.x.align, align.upper())
        p.paragraph_format.space_before = self.x.pt(before)
        p.paragraph_format.space_after = self.x.pt(after)
        if text:
            self.run(p, text, size, bold=bold, italic=italic, underline=underline)
        return p

    def body(self, text: str, *, bold: bool = False, indent: bool = True,
             align: str = "justify") -> Any:
        """A body paragraph (Appendix I, Part II, item 6)."""
        p = self.par(self.doc, text, SIZE_BODY, align=align, bold=bold,
                     after=BODY_SPACE_AFTER_PT)
        pf = p.paragraph_format
        pf.line_spacing = BODY_LINE_SPACING
        if indent:
            pf.first_line_indent = self.x.mm(BODY_INDENT_MM)
        return p

    def rule(self, where: Any, width_pt: float, cell_mm: float, *, before: float = 0,
             after: float = 0) -> Any:
        """
        A centred solid rule *width_pt* long: an empty paragraph with a bottom border whose
        left and right indents leave that width in a cell *cell_mm* wide.
        """
        p = self.par(where, before=before + 1, after=after)
        side = max((cell_mm * 72 / 25.4 - width_pt) / 2, 0)
        p.paragraph_format.left_indent = self.x.pt(side)
        p.paragraph_format.right_indent = self.x.pt(side)
        # The empty paragraph takes little height: a 2 pt font.
        mark = p._p.get_or_add_pPr()
        rpr = self.x.element("w:rPr")
        sz = self.x.element("w:sz")
        sz.set(self.x.qn("w:val"), "4")
        rpr.append(sz)
        mark.append(rpr)
        bdr = self.x.element("w:pBdr")
        bottom = self.x.element("w:bottom")
        for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                     ("w:color", "000000")):
            bottom.set(self.x.qn(k), v)
        bdr.append(bottom)
        # pBdr comes before spacing, ind and jc (and this paragraph has no pStyle).
        mark.insert(0, bdr)
        return p

    def _page_numbers(self, sec: Any) -> None:
        # Part I, "số trang văn bản": Arabic numerals, 13–14 pt, upright, centred in the top margin,
        # not shown on the first page.
        sec.different_first_page_header_footer = True
        p = sec.header.paragraphs[0]
        p.alignment = self.x.align.CENTER
        r = self.run(p, "", SIZE_PAGE_NUMBER)
        for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None),
                           ("text", "1"), ("end", None)):
            if kind == "instr":
                el = self.x.element("w:instrText")
                el.set(self.x.qn("xml:space"), "preserve")
                el.text = text
            elif kind == "text":
                el = self.x.element("w:t")
                el.text = text
            else:
                el = self.x.element("w:fldChar")
                el.set(self.x.qn("w:fldCharType"), kind)
            r._r.append(el)

    def borderless(self, rows: int, widths_mm: Sequence[float]) -> Any:
        t = self.doc.add_table(rows=rows, cols=len(widths_mm))
        t.autofit = False
        t.alignment = self.x.table_align.CENTER
        self._widths(t, widths_mm)
        return t

    def _widths(self, t: Any, widths_mm: Sequence[float]) -> None:
        for row in t.rows:
            for cell, w in zip(row.cells, widths_mm, strict=True):
                cell.width = self.x.mm(w)
        for col, w in zip(t.columns, widths_mm, strict=True):
            col.width = self.x.mm(w)

    def _cell_margins(self, t: Any, mm: float) -> None:
        """Left and right cell margins of *t* (narrow columns keep whole words)."""
        tblpr = t._tbl.tblPr
        mar = self.x.element("w:tblCellMar")
        for side in ("w:left", "w:right"):
            el = self.x.element(side)
            el.set(self.x.qn("w:w"), str(round(mm * 1440 / 25.4)))
            el.set(self.x.qn("w:type"), "dxa")
            mar.append(el)
        look = tblpr.find(self.x.qn("w:tblLook"))
        if look is None:
            tblpr.append(mar)
        else:
            look.addprevious(mar)

    def grid(self, header: Sequence[str], rows: Sequence[Sequence[str]],
             widths_mm: Sequence[float], *, numeric: Sequence[bool],
             totals: Sequence[str] | None = None, size: float = SIZE_TABLE) -> Any:
        """A bordered data table; the header row repeats on every page."""
        t = self.doc.add_table(rows=1 + len(rows) + (totals is not None), cols=len(header))
        t.style = self.doc.styles["Table Grid"]
        t.autofit = False
        t.alignment = self.x.table_align.CENTER
        self._widths(t, widths_mm)
        self._cell_margins(t, 1.2)
        trpr = t.rows[0]._tr.get_or_add_trPr()
        repeat = self.x.element("w:tblHeader")
        repeat.set(self.x.qn("w:val"), "true")
        trpr.append(repeat)
        for cell, text in zip(t.rows[0].cells, header, strict=True):
            self.par(cell, text, size, bold=True, first=True)
        lines = [*rows, *([totals] if totals is not None else [])]
        for i, values in enumerate(lines, start=1):
            bold = totals is not None and i == len(lines)
            for j, (cell, text) in enumerate(zip(t.rows[i].cells, values, strict=True)):
                align = "right" if numeric[j] else ("left" if j else "center")
                if j == 0:
                    align = "center"
                self.par(cell, text, size, bold=bold, align=align, first=True)
        return t

    def save(self, path: str | os.PathLike[str]) -> Path:
        out = Path(path)
        self.doc.save(str(out))
        return out

    # -- the parts of Appendix I --------------------------------------------------------

    def header(self, details: DocumentDetails, *, letter_subject: str | None) -> None:
        """Boxes 1–4 (and 5b for a công văn) as a two-column table without borders."""
        t = self.borderless(1, (HEADER_LEFT_MM, HEADER_RIGHT_MM))
        left, right = t.rows[0].cells
        agency = details.agency
        first = True
        # Item 2: the superior in capitals, upright, not bold, 12–13 pt …
        for line in agency.parent_lines:
            self.par(left, line, SIZE_AGENCY, first=first)
            first = False
        # … the issuing agency in capitals, bold, 12–13 pt, centred under it, with a
        # solid rule 1/3–1/2 of the line's length under it (here 5/12 of the widest line).
        for line in agency.name_lines:
            self.par(left, line, SIZE_AGENCY, bold=True, first=first)
            first = False
        widest = max(text_width_pt(s, SIZE_AGENCY, bold=True) for s in agency.name_lines)
        self.rule(left, widest * 5 / 12, HEADER_LEFT_MM, after=6)
        # Item 3: "Số:" and the symbol, 13 pt, upright, centred under the agency.
        self.par(left, details.number_line, SIZE_NUMBER)
        if letter_subject is not None:
            # Item 5b: a công văn's subject "V/v …", 12–13 pt, upright, 6 pt below the
            # number, centred under it.
            self.par(left, f"V/v {letter_subject}", SIZE_LETTER_SUBJECT, before=6)
        # Item 1: Quốc hiệu (capitals, bold, 12–13 pt) and Tiêu ngữ (bold, 13–14 pt,
        # single-spaced below it, with a solid rule as long as the line: its underline).
        self.par(right, NATIONAL_NAME, SIZE_NATIONAL_NAME, bold=True, first=True)
        self.par(right, NATIONAL_MOTTO, SIZE_MOTTO, bold=True, underline=True)
        # Item 4: place and date, 13–14 pt, italic, centred under the motto.
        self.par(right, details.date_line, SIZE_DATE_LINE, italic=True, before=12)

    def title(self, doc_type: str, subject: str) -> None:
        """Box 5a: the type in capitals and the subject, bold, 13–14 pt, with a rule."""
        self.par(self.doc, doc_type.upper(), SIZE_DOC_TYPE, bold=True, before=18)
        self.par(self.doc, subject, SIZE_SUBJECT, bold=True)
        width = text_width_pt(subject, SIZE_SUBJECT, bold=True)
        self.rule(self.doc, min(width, TEXT_WIDTH_MM * 72 / 25.4) * 5 / 12, TEXT_WIDTH_MM,
                  after=12)

    def closing(self, details: DocumentDetails, *, extra_recipients: Sequence[str] = ()
                ) -> None:
        """Boxes 7a–7c and 9b: recipients on the left, the signature block on the right."""
        t = self.borderless(1, (70, TEXT_WIDTH_MM - 70))
        left, right = t.rows[0].cells
        # Item 9b: "Nơi nhận:" 12 pt, bold italic; the list 11 pt upright, one per line.
        p = self.par(left, "Nơi nhận:", SIZE_RECIPIENTS_LABEL, align="left", bold=True,
                     italic=True, first=True, before=6)
        p.paragraph_format.keep_with_next = True
        for line in (*(f"- {n};" for n in extra_recipients), *details.recipients.lines()):
            self.par(left, line, SIZE_RECIPIENTS, align="left")
        # Item 7: authority and position in capitals, bold, 13–14 pt; the name bold,
        # upright, 13–14 pt, centred under them, with room for the signature and seal.
        first = True
        for line in details.signer.lines():
            self.par(right, line, SIZE_SIGNATURE, bold=True, first=first,
                     before=6 if first else 0)
            first = False
        for _ in range(4):
            self.par(right, "", SIZE_SIGNATURE)
        self.par(right, details.signer.name, SIZE_SIGNATURE, bold=True)


# --------------------------------------------------------------------------- reports


def _check_path(path: object) -> None:
    if not isinstance(path, str | os.PathLike):
        raise InvalidTypeError("path", path, "a str or os.PathLike")


def _check_details(details: object, expected: DocumentType | None) -> DocumentDetails:
    if not isinstance(details, DocumentDetails):
        raise InvalidTypeError("details", details, "a DocumentDetails")
    got = details.number.doc_type
    if got is not expected:
        want = ("a công văn number without a type, such as '123/UBND-TH'" if expected is None
                else f"a number of type {expected.abbreviation} ({expected.name_vi}), such "
                     f"as '15/{expected.abbreviation}-UBND'")
        raise ValidationError(f"details.number must be {want}, got {str(details.number)!r}",
                              param_name="details", value=str(details.number))
    return details


def _as_of(report: object, name: str) -> date:
    day = getattr(report, "as_of", None)
    if not isinstance(day, date) or not hasattr(report, "rows"):
        raise InvalidTypeError(name, report, f"the result of directive_tracker.{name}()")
    return day


def _pct(value: float | None) -> str:
    return "—" if value is None else vi_number(value * 100, 1) + "%"


def _count(value: int) -> str:
    return vi_number(value, 0)


def write_report_docx(path: str | os.PathLike[str], *, summary: Any, scoreboard: Any,
                      overdue: Any, details: DocumentDetails, subject: str | None = None,
                      proposals: Sequence[str] = ()) -> Path:
    """
    Write the periodic report "BÁO CÁO — Tình hình thực hiện nhiệm vụ …" as a .docx.

    The document follows Decree 30/2020/NĐ-CP, Appendix I (see the module docstring): the
    header (agency, number, Quốc hiệu and Tiêu ngữ, date line), "BÁO CÁO" and the subject,
    then I. the 4-way summary (text and table), II. the scoreboard by unit, III. the overdue
    tasks, optionally IV. proposals, and the recipients and signature block.

    Args:
        path: the file to write (overwritten).
        summary: ``directive_tracker.summary(...)`` for the report's period or date.
        scoreboard: ``directive_tracker.scoreboard(...)`` for the same period or date.
        overdue: ``directive_tracker.overdue_list(...)`` on the same date.
        details: agency, number (type ``BC``, e.g. ``15/BC-UBND``), date, signer and
            recipients.
        subject: the trích yếu; default "Tình hình thực hiện nhiệm vụ được giao" followed
            by the period label ("Quý IV/2026") or "đến ngày dd/mm/yyyy".
        proposals: paragraphs of section IV "Đề xuất, kiến nghị" (omitted when empty).

    Returns:
        The path written.

    Raises:
        MissingExtraError: python-docx is not installed (extra ``docx``).
        InvalidTypeError: an argument of the wrong type.
        ValidationError: the three reports are not of the same date, the number is not of
            type ``BC``, or the issue date is before the data date.

    .. versionadded:: 0.1.0
    """
    _check_path(path)
    details = _check_details(details, DocumentType.BAO_CAO)
    day = _as_of(summary, "summary")
    for other, name in ((scoreboard, "scoreboard"), (overdue, "overdue_list")):
        if _as_of(other, name) != day:
            raise ValidationError(
                f"the {name} is as of {_as_of(other, name)} but the summary as of {day}; "
                "compute the three reports for the same date", param_name=name)
    if details.issued_on < day:
        raise ValidationError(f"the report is dated {details.issued_on}, before its data "
                              f"date {day}", param_name="details")
    period = getattr(summary, "period", None)
    if subject is None:
        scope = (f"{period.label_vi}" if period is not None
                 else f"đến ngày {day.strftime('%d/%m/%Y')}")
        subject = f"Tình hình thực hiện nhiệm vụ được giao {scope}"
    from ._layout import _line

    subject = _line(subject, "subject", max_length=300)
    paras = tuple(_line(p, "proposals", max_length=5000) for p in _str_seq(proposals,
                                                                            "proposals"))
    w = _Writer()
    w.header(details, letter_subject=None)
    w.title("Báo cáo", subject)
    agency = " ".join(details.agency.body_name.split("\n"))
    scope_line = summary.to_table().subtitle_vi
    w.body(f"{agency} báo cáo tình hình thực hiện các nhiệm vụ được giao "
           f"({_lower_first(scope_line)}) như sau:")

    # I. The 4-way summary (Báo cáo 1270/BC-TCTTTg).
    w.body("I. TÌNH HÌNH CHUNG", bold=True, indent=True)
    rows = list(summary.rows)
    counts = [int(r.count) for r in rows]
    total = int(summary.total)
    done = counts[0] + counts[1]
    text = (f"Tổng số nhiệm vụ được giao: {_count(total)} nhiệm vụ; trong đó: đã hoàn thành "
            f"{_count(done)} nhiệm vụ ({_count(counts[0])} đúng hạn, {_count(counts[1])} quá "
            f"hạn); chưa hoàn thành {_count(total - done)} nhiệm vụ ({_count(counts[2])} "
            f"trong hạn, {_count(counts[3])} quá hạn).")
    excluded = int(summary.cancelled_or_refused)
    if excluded:
        text += (f" Ngoài ra, {_count(excluded)} nhiệm vụ đã thu hồi, hủy hoặc bị từ chối, "
                 "không tính vào tổng số.")
    w.body(text)
    w.grid(("STT", "Tình hình thực hiện", "Số nhiệm vụ", "Tỷ lệ"),
           [(str(i), r.label_vi, _count(r.count), _pct(r.share))
            for i, r in enumerate(rows, start=1)],
           (15, 90, 30, 30), numeric=(False, False, True, True),
           totals=("", "Tổng cộng", _count(total), _pct(1.0 if total else None)))

    # II. By unit.
    w.body("II. KẾT QUẢ THỰC HIỆN THEO ĐƠN VỊ", bold=True).paragraph_format.space_before = \
        w.x.pt(12)
    head = ("Xếp hạng", "Đơn vị chủ trì", "Tổng số giao", "Đã HT đúng hạn", "Đã HT quá hạn",
            "Đang TH trong hạn", "Đang TH quá hạn", "Không có thời hạn", "Tạm dừng",
            "Tỷ lệ đúng hạn")

    def line(r: Any, rank: str) -> tuple[str, ...]:
        return (rank, str(r.unit_name), _count(r.assigned), _count(r.completed_on_time),
                _count(r.completed_late), _count(r.in_progress_on_time), _count(r.overdue),
                _count(r.no_deadline), _count(r.paused), _pct(r.on_time_rate))

    board_rows = [line(r, "—" if r.rank is None else str(r.rank)) for r in scoreboard.rows]
    t = scoreboard.total
    w.grid(head, board_rows, (12, 41, 14, 14, 14, 14, 14, 14, 12, 16),
           numeric=(False, False, *([True] * 8)), totals=("", "Tổng cộng", *line(t, "")[2:]),
           size=SIZE_TABLE_WIDE)
    note = ("Tổng số giao = đã hoàn thành đúng hạn + đã hoàn thành quá hạn + đang thực hiện "
            "trong hạn + đang thực hiện quá hạn + không có thời hạn + tạm dừng. Tỷ lệ đúng "
            "hạn = số hoàn thành đúng hạn / (số đã hoàn thành + số chưa hoàn thành đã quá "
            "hạn), theo hạn hiện hành.")
    if t.cancelled_or_refused:
        note += (f" Không tính {_count(t.cancelled_or_refused)} nhiệm vụ đã thu hồi, hủy "
                 "hoặc bị từ chối.")
    p = w.par(w.doc, note, SIZE_TABLE, align="justify", italic=True, before=3, after=6)
    p.paragraph_format.line_spacing = 1.0

    # III. Overdue tasks.
    w.body("III. DANH SÁCH NHIỆM VỤ QUÁ HẠN", bold=True).paragraph_format.space_before = \
        w.x.pt(12)
    orows = list(overdue.rows)
    if orows:
        w.grid(("STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Hạn hoàn thành",
                "Số ngày làm việc quá hạn", "Tiến độ (%)"),
               [(str(i), str(r.content), str(r.lead_name), format_cell(r.current_due, "date"),
                 _count(r.working_days_late), _count(r.percent))
                for i, r in enumerate(orows, start=1)],
               (11, 60, 35, 24, 20, 15), numeric=(False, False, False, False, True, True))
    else:
        w.body(f"Đến ngày {day.strftime('%d/%m/%Y')}, không có nhiệm vụ quá hạn.")

    if paras:
        w.body("IV. ĐỀ XUẤT, KIẾN NGHỊ", bold=True).paragraph_format.space_before = \
            w.x.pt(12)
        for text in paras:
            w.body(text)
    scope = subject[0].lower() + subject[1:]
    w.body(f"Trên đây là báo cáo {scope} của {agency}./.").paragraph_format.space_before = \
        w.x.pt(6)
    w.closing(details)
    return w.save(path)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _str_seq(value: object, name: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidTypeError(name, value, "a sequence of str")
    out = tuple(value)
    for v in out:
        if not isinstance(v, str):
            raise InvalidTypeError(name, v, "a str")
    return out


# --------------------------------------------------------------------------- reminder


def directive_reference(directive: Directive) -> str:
    """
    Return how a letter cites *directive*: "Chỉ thị số 05/CT-UBND ngày 12/03/2026";
    without a number, the origin and date ("Kết luận cuộc họp ngày 12/03/2026").

    .. versionadded:: 0.1.0
    """
    if not isinstance(directive, Directive):
        raise InvalidTypeError("directive", directive, "a Directive")
    d = directive.issue_date.strftime("%d/%m/%Y")
    if directive.number is None:
        return f"{directive.origin.label_vi} ngày {d}"
    kind = directive.doc_type or directive.number.document_type
    name = kind.name_vi if kind is not None else "Văn bản"
    return f"{name} số {directive.number} ngày {d}"


def _directive_map(directives: object) -> Mapping[str, Directive]:
    if isinstance(directives, Mapping):
        items = list(directives.values())
    elif isinstance(directives, Iterable) and not isinstance(directives, str):
        items = list(directives)
    else:
        raise InvalidTypeError("directives", directives,
                               "a mapping or sequence of Directive")
    for d in items:
        if not isinstance(d, Directive):
            raise InvalidTypeError("directives", d, "a Directive")
    return {d.id: d for d in items}


def write_reminder_docx(path: str | os.PathLike[str], *, unit: str, overdue: Any,
                        upcoming: Any, directives: Mapping[str, Directive]
                        | Iterable[Directive], details: DocumentDetails,
                        unit_name: str | None = None, subject: str | None = None,
                        reply_by: date | None = None) -> Path:
    """
    Write the reminder letter (công văn đôn đốc) to one unit as a .docx.

    The letter lists the unit's overdue tasks (from *overdue*) and its tasks due soon
    (from *upcoming*), each with the directive that assigned it, asks the unit to finish
    them, and (with *reply_by*) to report back by that date.  Rows of other units are
    ignored, so one province-wide ``overdue_list`` serves every letter.

    Args:
        path: the file to write (overwritten).
        unit: the addressee's unit code, as in the rows' ``lead_unit``.
        overdue: ``directive_tracker.overdue_list(...)`` on the letter's data date.
        upcoming: ``directive_tracker.upcoming_deadlines(...)`` from the same date.
        directives: the directives the tasks come from (a mapping by id, or any iterable,
            e.g. ``store.get_directives()``).
        details: agency, number (a công văn: no type, e.g. ``123/UBND-TH``), date, signer
            and recipients ("Như trên" is added first: the addressee).
        unit_name: the addressee's name for "Kính gửi:"; default the rows' ``lead_name``.
        subject: the "V/v" subject; default "đôn đốc thực hiện nhiệm vụ quá hạn, sắp đến
            hạn".
        reply_by: the date by which the unit reports back (optional).

    Returns:
        The path written.

    Raises:
        MissingExtraError: python-docx is not installed (extra ``docx``).
        InvalidTypeError: an argument of the wrong type.
        ValidationError: the two lists are not of the same date, the unit has nothing
            overdue or due, a task's directive is missing from *directives*, the number is
            typed, or *reply_by* is before the letter's date.

    .. versionadded:: 0.1.0
    """
    from ._layout import _line

    _check_path(path)
    details = _check_details(details, None)
    code = _line(unit, "unit", max_length=60)
    day = _as_of(overdue, "overdue_list")
    if _as_of(upcoming, "upcoming_deadlines") != day:
        raise ValidationError(f"upcoming deadlines are from {_as_of(upcoming, 'upcoming')} "
                              f"but the overdue list is as of {day}; use the same date",
                              param_name="upcoming")
    if details.issued_on < day:
        raise ValidationError(f"the letter is dated {details.issued_on}, before its data "
                              f"date {day}", param_name="details")
    if reply_by is not None and check_date(reply_by, "reply_by") < details.issued_on:
        raise ValidationError(f"reply_by {reply_by} is before the letter's date "
                              f"{details.issued_on}", param_name="reply_by")
    late = [r for r in overdue.rows if r.lead_unit == code]
    soon = [r for r in upcoming.rows if r.lead_unit == code]
    if not late and not soon:
        raise ValidationError(f"unit {code!r} has no overdue task and none due by "
                              f"{upcoming.until}: there is nothing to remind it of",
                              param_name="unit", value=code)
    refs = _directive_map(directives)
    missing = sorted({r.directive_id for r in (*late, *soon)} - set(refs))
    if missing:
        raise ValidationError(f"directives missing for the letter's tasks: {missing}",
                              param_name="directives", value=missing)
    name = (_line(unit_name, "unit_name") if unit_name is not None
            else str((late or soon)[0].lead_name))
    subject = _line(subject if subject is not None
                    else "đôn đốc thực hiện nhiệm vụ quá hạn, sắp đến hạn", "subject")
    agency = " ".join(details.agency.body_name.split("\n"))
    f = "%d/%m/%Y"

    w = _Writer()
    w.header(details, letter_subject=subject)
    # "Kính gửi:" 14 pt, upright (Appendix I, Part II, item 6, công văn).
    p = w.par(w.doc, "Kính gửi: ", SIZE_BODY, before=18, after=12)
    w.run(p, f"{name}.", SIZE_BODY)
    parts = []
    if late:
        parts.append(f"{_count(len(late))} nhiệm vụ quá hạn")
    if soon:
        parts.append(f"{_count(len(soon))} nhiệm vụ sắp đến hạn (đến ngày "
                     f"{upcoming.until.strftime(f)})")
    w.body(f"Theo kết quả theo dõi, đôn đốc thực hiện nhiệm vụ do {agency} giao (số liệu "
           f"tính đến ngày {day.strftime(f)}), {name} còn {' và '.join(parts)}, cụ thể như "
           "sau:")
    sections = [(f"Nhiệm vụ quá hạn ({_count(len(late))} nhiệm vụ)", "Số ngày làm việc quá hạn",
                 [(str(r.content), refs[r.directive_id], r.current_due, r.working_days_late)
                  for r in late]),
                (f"Nhiệm vụ sắp đến hạn ({_count(len(soon))} nhiệm vụ)",
                 "Số ngày làm việc còn lại",
                 [(str(r.content), refs[r.directive_id], r.due, r.working_days_remaining)
                  for r in soon])]
    number = 0
    for heading, days_label, items in sections:
        if not items:
            continue
        number += 1
        w.body(f"{number}. {heading}", bold=True).paragraph_format.space_before = w.x.pt(6)
        w.grid(("STT", "Nội dung nhiệm vụ", "Văn bản giao", "Hạn hoàn thành", days_label),
               [(str(i), content, directive_reference(ref), due.strftime(f), _count(days))
                for i, (content, ref, due, days) in enumerate(items, start=1)],
               (11, 66, 44, 24, 20), numeric=(False, False, False, False, True))
    ask = (f"{agency} đề nghị {name} khẩn trương chỉ đạo, tập trung hoàn thành các nhiệm vụ "
           "nêu trên")
    if reply_by is not None:
        ask += f"; báo cáo kết quả thực hiện về {agency} trước ngày {reply_by.strftime(f)}"
    ask += (". Trường hợp không thể hoàn thành đúng hạn, đề nghị có văn bản báo cáo, nêu rõ "
            "lý do và đề xuất thời hạn hoàn thành để xem xét, quyết định./.")
    w.body(ask).paragraph_format.space_before = w.x.pt(6)
    w.closing(details, extra_recipients=("Như trên",))
    return w.save(path)
