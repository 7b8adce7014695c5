# SPDX-License-Identifier: MIT
"""
The Decree 30/2020 documents, opened with python-docx and checked element by element.

Expected texts are written out by hand from the dataset in ``conftest.py``; expected
fonts, sizes and margins are the numbers of Decree 30/2020/NĐ-CP, Appendix I.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import directive_tracker as dt
from directive_tracker.official import (
    DocumentDetails,
    IssuingAgency,
    Signer,
    write_reminder_docx,
    write_report_docx,
)

AS_OF = date(2026, 5, 15)  # the dataset's data date (conftest.py)
try:
    import docx
except ImportError:  # the test extra installs python-docx: CI must have it
    if os.environ.get("CI"):
        raise
    pytest.skip("python-docx is not installed (extra 'docx')", allow_module_level=True)

EMU_PER_MM = 36000
EMU_PER_PT = 12700


def mm(length: int | None) -> float:
    assert length is not None
    return length / EMU_PER_MM


def pt(length: int | None) -> float:
    assert length is not None
    return length / EMU_PER_PT


def texts(cell: Any) -> list[str]:
    """The non-empty paragraph texts of a cell."""
    return [p.text for p in cell.paragraphs if p.text]


def table_rows(table: Any) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def para(container: Any, text: str) -> Any:
    found = [p for p in container.paragraphs if p.text == text]
    assert len(found) == 1, (text, [p.text for p in container.paragraphs])
    return found[0]


def style_of(p: Any) -> tuple[float, bool, bool, bool]:
    """(size pt, bold, italic, underline) of a paragraph whose runs all agree."""
    runs = [r for r in p.runs if r.text]
    assert runs
    seen = {(pt(r.font.size), bool(r.font.bold), bool(r.font.italic),
             bool(r.font.underline)) for r in runs}
    assert len(seen) == 1, seen
    return seen.pop()


def all_runs(document: Any) -> list[Any]:
    out = [r for p in document.paragraphs for r in p.runs]
    for t in document.tables:
        for row in t.rows:
            for c in row.cells:
                out.extend(r for p in c.paragraphs for r in p.runs)
    for s in document.sections:
        out.extend(r for p in s.header.paragraphs for r in p.runs)
    return out


@pytest.fixture
def report_doc(tmp_path: Path, reports: dict[str, Any],
               report_details: DocumentDetails) -> Any:
    path = write_report_docx(tmp_path / "bao-cao.docx", summary=reports["summary"],
                             scoreboard=reports["scoreboard"], overdue=reports["overdue"],
                             details=report_details)
    assert path == tmp_path / "bao-cao.docx"
    return docx.Document(str(path))


@pytest.fixture
def letter_doc(tmp_path: Path, province: Any, reports: dict[str, Any],
               letter_details: DocumentDetails) -> Any:
    path = write_reminder_docx(tmp_path / "don-doc.docx", unit="STC",
                               overdue=reports["overdue"], upcoming=reports["upcoming"],
                               directives=province.get_directives(), details=letter_details,
                               reply_by=date(2026, 5, 22))
    return docx.Document(str(path))


class TestPage:
    @pytest.mark.parametrize("which", ["report_doc", "letter_doc"])
    def test_a4_portrait_and_margins(self, which: str, request: pytest.FixtureRequest
                                     ) -> None:
        """Appendix I, Part I: A4 210 × 297 mm, portrait; margins 20–25/20–25/30–35/15–20."""
        document = request.getfixturevalue(which)
        (sec,) = document.sections
        # Stored in twips: 210 mm = 11906 twips = 210.009 mm.
        assert (210.0, 297.0) == pytest.approx((mm(sec.page_width), mm(sec.page_height)),
                                               abs=0.05)
        assert sec.orientation == docx.enum.section.WD_ORIENT.PORTRAIT
        assert 20 <= mm(sec.top_margin) <= 25
        assert 20 <= mm(sec.bottom_margin) <= 25
        assert 30 <= mm(sec.left_margin) <= 35
        assert 15 <= mm(sec.right_margin) <= 20

    @pytest.mark.parametrize("which", ["report_doc", "letter_doc"])
    def test_every_run_is_times_new_roman(self, which: str,
                                          request: pytest.FixtureRequest) -> None:
        """Appendix I, Part I ("phông chữ"): Times New Roman in every script slot of every
        run."""
        document = request.getfixturevalue(which)
        runs = all_runs(document)
        assert len(runs) > 30
        qn = docx.oxml.ns.qn
        for r in runs:
            assert "Times New Roman" == r.font.name
            fonts = r._element.rPr.find(qn("w:rFonts"))
            for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                assert "Times New Roman" == fonts.get(qn(slot))
            assert r.font.size is not None
            assert 10 <= pt(r.font.size) <= 14

    @pytest.mark.parametrize("which", ["report_doc", "letter_doc"])
    def test_page_numbers_from_page_two(self, which: str,
                                        request: pytest.FixtureRequest) -> None:
        """Appendix I, Part I ("số trang"): Arabic numerals, 13–14 pt, centred in the top
        margin, none on page 1."""
        (sec,) = request.getfixturevalue(which).sections
        assert sec.different_first_page_header_footer
        (p,) = sec.header.paragraphs
        assert "PAGE" in p._p.xml
        assert p.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
        assert 13 <= pt(p.runs[0].font.size) <= 14
        assert "PAGE" not in sec.first_page_header._element.xml


class TestReportHeader:
    def test_agency_and_number(self, report_doc: Any) -> None:
        left, _ = report_doc.tables[0].rows[0].cells
        assert ["ỦY BAN NHÂN DÂN", "TỈNH NINH GIANG", "Số: 15/BC-UBND"] == texts(left)
        # Item 2: the issuing agency in capitals, 12–13 pt, bold; item 3: 13 pt, upright.
        for line in ("ỦY BAN NHÂN DÂN", "TỈNH NINH GIANG"):
            size, bold, italic, _u = style_of(para(left, line))
            assert 12 <= size <= 13
            assert bold
            assert not italic
        assert (13, False, False, False) == style_of(para(left, "Số: 15/BC-UBND"))

    def test_rule_under_agency_is_a_third_to_a_half(self, report_doc: Any) -> None:
        """Item 2: a solid rule 1/3–1/2 of the agency line, centred.

        The longer line "ỦY BAN NHÂN DÂN" at 12 pt bold: Times-Bold widths
        U 722 Y 722 · 250 B 667 A 722 N 722 · 250 N 722 H 778 A 722 N 722 · 250 D 722 A 722
        N 722 = 9415/1000 em × 12 pt = 113.0 pt, so the rule is 37.7–56.5 pt long.
        """
        left, _ = report_doc.tables[0].rows[0].cells
        rules = [p for p in left.paragraphs if not p.text and "w:pBdr" in p._p.xml]
        assert 1 == len(rules)
        pf = rules[0].paragraph_format
        cell_pt = pt(report_doc.tables[0].columns[0].width)
        assert pf.left_indent == pf.right_indent  # centred
        width = cell_pt - pt(pf.left_indent) - pt(pf.right_indent)
        assert 113.0 / 3 <= width <= 113.0 / 2
        assert 'w:val="single"' in rules[0]._p.xml

    def test_national_name_motto_and_date(self, report_doc: Any) -> None:
        _, right = report_doc.tables[0].rows[0].cells
        assert ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                "Ninh Giang, ngày 18 tháng 5 năm 2026"] == texts(right)
        # Item 1: Quốc hiệu 12–13 pt bold capitals; Tiêu ngữ 13–14 pt bold, underlined.
        size, bold, italic, underline = style_of(para(right,
                                                      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        assert 12 <= size <= 13
        assert bold
        assert not italic
        assert not underline
        size, bold, italic, underline = style_of(para(right, "Độc lập - Tự do - Hạnh phúc"))
        assert 13 <= size <= 14
        assert bold
        assert not italic
        assert underline
        # Item 4: 13–14 pt italic, not bold.
        size, bold, italic, _u = style_of(para(right, "Ninh Giang, ngày 18 tháng 5 năm 2026"))
        assert 13 <= size <= 14
        assert italic
        assert not bold

    def test_type_and_subject(self, report_doc: Any) -> None:
        """Item 5a: "BÁO CÁO" and the subject, 13–14 pt bold, centred, with a rule."""
        center = docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
        title = para(report_doc, "BÁO CÁO")
        subject = para(report_doc, "Tình hình thực hiện nhiệm vụ được giao đến ngày 15/05/2026")
        for p in (title, subject):
            size, bold, _i, _u = style_of(p)
            assert 13 <= size <= 14
            assert bold
            assert p.alignment == center
        ps = report_doc.paragraphs
        idx = [p.text for p in ps].index(subject.text)
        assert "w:pBdr" in ps[idx + 1]._p.xml
        assert not ps[idx + 1].text


class TestReportBody:
    def test_body_paragraphs(self, report_doc: Any) -> None:
        """Item 6: 13–14 pt, justified, first line indented 1–1.27 cm, ≥ 6 pt apart,
        line spacing 1–1.5."""
        p = para(report_doc, "Tổng số nhiệm vụ được giao: 7 nhiệm vụ; trong đó: đã hoàn "
                             "thành 3 nhiệm vụ (2 đúng hạn, 1 quá hạn); chưa hoàn thành 4 "
                             "nhiệm vụ (2 trong hạn, 2 quá hạn). Ngoài ra, 1 nhiệm vụ đã "
                             "thu hồi, hủy hoặc bị từ chối, không tính vào tổng số.")
        size, bold, italic, _u = style_of(p)
        assert 13 <= size <= 14
        assert not bold
        assert not italic
        pf = p.paragraph_format
        assert p.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
        assert 10 <= mm(pf.first_line_indent) <= 12.7
        assert pt(pf.space_after) >= 6
        assert 1 <= pf.line_spacing <= 1.5
        assert para(report_doc, "I. TÌNH HÌNH CHUNG").runs[0].font.bold
        assert para(report_doc, "II. KẾT QUẢ THỰC HIỆN THEO ĐƠN VỊ").runs[0].font.bold
        assert para(report_doc, "III. DANH SÁCH NHIỆM VỤ QUÁ HẠN").runs[0].font.bold
        assert para(report_doc, "Trên đây là báo cáo tình hình thực hiện nhiệm vụ được giao "
                                "đến ngày 15/05/2026 của Ủy ban nhân dân tỉnh./.")

    def test_summary_table(self, report_doc: Any) -> None:
        """2/7 = 28,57 % → "28,6%"; 1/7 = 14,29 % → "14,3%" (Vietnamese decimal comma)."""
        assert [["STT", "Tình hình thực hiện", "Số nhiệm vụ", "Tỷ lệ"],
                ["1", "Đã hoàn thành đúng hạn", "2", "28,6%"],
                ["2", "Đã hoàn thành quá hạn", "1", "14,3%"],
                ["3", "Chưa hoàn thành trong hạn", "2", "28,6%"],
                ["4", "Chưa hoàn thành quá hạn", "2", "28,6%"],
                ["", "Tổng cộng", "7", "100,0%"]] == table_rows(report_doc.tables[1])

    def test_scoreboard_table(self, report_doc: Any) -> None:
        """XAL 1/1 = 100 %, SNV 1/(1+1+1) = 33,3 %, STC 0/1 = 0 %; total 2/(2+1+2) = 40 %."""
        rows = table_rows(report_doc.tables[2])
        assert ["Xếp hạng", "Đơn vị chủ trì", "Tổng số giao", "Đã HT đúng hạn",
                "Đã HT quá hạn", "Đang TH trong hạn", "Đang TH quá hạn", "Không có thời hạn",
                "Tạm dừng", "Tỷ lệ đúng hạn"] == rows[0]
        assert [["1", "UBND xã An Lạc", "2", "1", "0", "0", "0", "1", "0", "100,0%"],
                ["2", "Sở Nội vụ", "3", "1", "1", "0", "1", "0", "0", "33,3%"],
                ["3", "Sở Tài chính", "2", "0", "0", "1", "1", "0", "0", "0,0%"],
                ["", "Tổng cộng", "7", "2", "1", "1", "2", "1", "0", "40,0%"]] == rows[1:]
        for row in rows[1:]:  # the visible columns add up to "Tổng số giao"
            assert int(row[2]) == sum(int(v) for v in row[3:9])
        # The header row repeats on every page.
        assert "w:tblHeader" in report_doc.tables[2].rows[0]._tr.xml
        assert any("Không tính 1 nhiệm vụ đã thu hồi" in p.text for p in report_doc.paragraphs)

    def test_overdue_table(self, report_doc: Any) -> None:
        """A5: 9 working days late, 0 %; A3: 5 days, 40 % (most days late first)."""
        assert [["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Hạn hoàn thành",
                 "Số ngày làm việc quá hạn", "Tiến độ (%)"],
                ["1", "Tổng hợp tình hình giải ngân", "Sở Tài chính", "04/05/2026", "9", "0"],
                ["2", "Trình phương án sắp xếp phòng", "Sở Nội vụ", "08/05/2026", "5", "40"]
                ] == table_rows(report_doc.tables[3])

    def test_recipients_and_signature(self, report_doc: Any) -> None:
        left, right = report_doc.tables[4].rows[0].cells
        assert ["Nơi nhận:", "- Văn phòng Chính phủ;", "- Thường trực Tỉnh ủy;",
                "- Lưu: VT, TH."] == texts(left)
        # Item 9b: "Nơi nhận:" 12 pt bold italic; the list 11 pt upright.
        assert (12, True, True, False) == style_of(para(left, "Nơi nhận:"))
        for line in texts(left)[1:]:
            assert (11, False, False, False) == style_of(para(left, line))
        # Item 7: authority, position (capitals) and name: 13–14 pt, bold, upright.
        assert ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                "Nguyễn Văn An"] == texts(right)
        for line in texts(right):
            size, bold, italic, _u = style_of(para(right, line))
            assert 13 <= size <= 14
            assert bold
            assert not italic
        # Room for the signature and seal between the position and the name.
        ps = [p.text for p in right.paragraphs]
        assert ps.index("Nguyễn Văn An") - ps.index("PHÓ CHỦ TỊCH") >= 4

    def test_period_subject(self, tmp_path: Path, province: Any, cal: dt.WorkingCalendar,
                            report_details: DocumentDetails) -> None:
        """With a period, the subject names it ("Tháng 5/2026": 15/04–14/05/2026)."""
        period = dt.ReportingPeriod.parse("Tháng 5/2026")
        day = date(2026, 5, 14)
        path = write_report_docx(
            tmp_path / "m.docx", summary=dt.summary(province, cal, period=period),
            scoreboard=dt.scoreboard(province, cal, period=period),
            overdue=dt.overdue_list(province, cal, as_of=day), details=report_details,
            proposals=["Đề nghị các sở tập trung hoàn thành nhiệm vụ quá hạn."])
        document = docx.Document(str(path))
        assert para(document, "Tình hình thực hiện nhiệm vụ được giao Tháng 5/2026")
        assert para(document, "IV. ĐỀ XUẤT, KIẾN NGHỊ")
        assert para(document, "Đề nghị các sở tập trung hoàn thành nhiệm vụ quá hạn.")


class TestReminderLetter:
    def test_header_with_subject(self, letter_doc: Any) -> None:
        left, right = letter_doc.tables[0].rows[0].cells
        assert ["ỦY BAN NHÂN DÂN", "TỈNH NINH GIANG", "Số: 1520/UBND-TH",
                "V/v đôn đốc thực hiện nhiệm vụ quá hạn, sắp đến hạn"] == texts(left)
        # Item 5b: "V/v …" 12–13 pt, upright, not bold, 6 pt below the number.
        p = para(left, "V/v đôn đốc thực hiện nhiệm vụ quá hạn, sắp đến hạn")
        size, bold, italic, _u = style_of(p)
        assert 12 <= size <= 13
        assert not bold
        assert not italic
        assert 6 == pt(p.paragraph_format.space_before)
        assert "Ninh Giang, ngày 18 tháng 5 năm 2026" == texts(right)[-1]

    def test_addressee_and_body(self, letter_doc: Any) -> None:
        p = para(letter_doc, "Kính gửi: Sở Tài chính.")
        assert 14 == style_of(p)[0]
        # 15/05 + 10 working days: 18–22 and 25–29 May → 29/05/2026.
        assert para(letter_doc, "Theo kết quả theo dõi, đôn đốc thực hiện nhiệm vụ do UBND "
                                "tỉnh giao (số liệu tính đến ngày 15/05/2026), Sở Tài chính "
                                "còn 1 nhiệm vụ quá hạn và 1 nhiệm vụ sắp đến hạn (đến ngày "
                                "29/05/2026), cụ thể như sau:")
        assert para(letter_doc, "1. Nhiệm vụ quá hạn (1 nhiệm vụ)")
        assert para(letter_doc, "2. Nhiệm vụ sắp đến hạn (1 nhiệm vụ)")
        closing = [p.text for p in letter_doc.paragraphs if p.text.startswith("UBND tỉnh đề")]
        assert 1 == len(closing)
        assert "báo cáo kết quả thực hiện về UBND tỉnh trước ngày 22/05/2026" in closing[0]
        assert closing[0].endswith("./.")

    def test_tasks_with_directive_references(self, letter_doc: Any) -> None:
        """A5 (công văn 1234/UBND-KT, 9 wd late) and A4 (chỉ thị 05/CT-UBND, 3 wd left)."""
        assert [["STT", "Nội dung nhiệm vụ", "Văn bản giao", "Hạn hoàn thành",
                 "Số ngày làm việc quá hạn"],
                ["1", "Tổng hợp tình hình giải ngân",
                 "Công văn số 1234/UBND-KT ngày 01/04/2026", "04/05/2026", "9"]
                ] == table_rows(letter_doc.tables[1])
        assert [["STT", "Nội dung nhiệm vụ", "Văn bản giao", "Hạn hoàn thành",
                 "Số ngày làm việc còn lại"],
                ["1", "Tham mưu phân bổ vốn còn lại", "Chỉ thị số 05/CT-UBND ngày 20/03/2026",
                 "20/05/2026", "3"]] == table_rows(letter_doc.tables[2])

    def test_recipients_start_with_nhu_tren(self, letter_doc: Any) -> None:
        left, right = letter_doc.tables[3].rows[0].cells
        assert ["Nơi nhận:", "- Như trên;", "- Chủ tịch UBND tỉnh (để báo cáo);",
                "- Lưu: VT, TH."] == texts(left)
        assert ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Trần Thị Bình"] == texts(right)

    def test_margin_note_reference_and_no_empty_section(
            self, tmp_path: Path, province: Any, reports: dict[str, Any],
            letter_details: DocumentDetails) -> None:
        """SNV: only A3 (overdue 5 wd, from a margin note of 25/03/2026), nothing due soon."""
        path = write_reminder_docx(tmp_path / "snv.docx", unit="SNV",
                                   overdue=reports["overdue"], upcoming=reports["upcoming"],
                                   directives={d.id: d for d in province.get_directives()},
                                   details=letter_details)
        document = docx.Document(str(path))
        assert para(document, "Kính gửi: Sở Nội vụ.")
        assert para(document, "Theo kết quả theo dõi, đôn đốc thực hiện nhiệm vụ do UBND tỉnh "
                              "giao (số liệu tính đến ngày 15/05/2026), Sở Nội vụ còn 1 nhiệm "
                              "vụ quá hạn, cụ thể như sau:")
        assert [["1", "Trình phương án sắp xếp phòng", "Ý kiến bút phê ngày 25/03/2026",
                 "08/05/2026", "5"]] == table_rows(document.tables[1])[1:]
        assert not any("sắp đến hạn (" in p.text and p.text.startswith("2.")
                       for p in document.paragraphs)
        assert 3 == len(document.tables)  # header, one task table, closing


    def test_office_issues_under_its_superior(
            self, tmp_path: Path, province: Any, reports: dict[str, Any]) -> None:
        """Item 2: the superior ("cơ quan chủ quản") upright, not bold, above the issuer."""
        details = DocumentDetails(
            agency=IssuingAgency(parent="Ủy ban nhân dân tỉnh Ninh Giang", name="Văn phòng",
                                 place="Ninh Giang"),
            number=dt.DocumentNumber.parse("25/VP-TH"), issued_on=date(2026, 5, 18),
            signer=Signer(title="Chánh Văn phòng", name="Trần Thị Bình"))
        path = write_reminder_docx(tmp_path / "vp.docx", unit="STC", overdue=reports["overdue"],
                                   upcoming=reports["upcoming"],
                                   directives=province.get_directives(), details=details)
        left, _ = docx.Document(str(path)).tables[0].rows[0].cells
        assert ["ỦY BAN NHÂN DÂN TỈNH NINH GIANG", "VĂN PHÒNG", "Số: 25/VP-TH"] == texts(left)[:3]
        size, bold, italic, _u = style_of(para(left, "ỦY BAN NHÂN DÂN TỈNH NINH GIANG"))
        assert 12 <= size <= 13
        assert not bold
        assert not italic
        assert style_of(para(left, "VĂN PHÒNG"))[1]


class TestErrors:
    def test_report_needs_a_bc_number(self, tmp_path: Path, reports: dict[str, Any],
                                      letter_details: DocumentDetails) -> None:
        with pytest.raises(dt.ValidationError, match="BC"):
            write_report_docx(tmp_path / "x.docx", summary=reports["summary"],
                              scoreboard=reports["scoreboard"], overdue=reports["overdue"],
                              details=letter_details)
        assert not (tmp_path / "x.docx").exists()

    def test_letter_needs_an_untyped_number(self, tmp_path: Path, province: Any,
                                            reports: dict[str, Any],
                                            report_details: DocumentDetails) -> None:
        with pytest.raises(dt.ValidationError, match="công văn"):
            write_reminder_docx(tmp_path / "x.docx", unit="STC", overdue=reports["overdue"],
                                upcoming=reports["upcoming"],
                                directives=province.get_directives(), details=report_details)

    def test_reports_of_different_dates_are_refused(
            self, tmp_path: Path, province: Any, cal: dt.WorkingCalendar,
            reports: dict[str, Any], report_details: DocumentDetails) -> None:
        other = dt.overdue_list(province, cal, as_of=date(2026, 5, 14))
        with pytest.raises(dt.ValidationError, match="same date"):
            write_report_docx(tmp_path / "x.docx", summary=reports["summary"],
                              scoreboard=reports["scoreboard"], overdue=other,
                              details=report_details)

    def test_issued_before_the_data_date(self, tmp_path: Path, reports: dict[str, Any],
                                         report_details: DocumentDetails) -> None:
        early = DocumentDetails(agency=report_details.agency, number=report_details.number,
                                issued_on=date(2026, 5, 14), signer=report_details.signer)
        with pytest.raises(dt.ValidationError, match="before its data date"):
            write_report_docx(tmp_path / "x.docx", summary=reports["summary"],
                              scoreboard=reports["scoreboard"], overdue=reports["overdue"],
                              details=early)

    def test_not_a_report(self, tmp_path: Path, reports: dict[str, Any],
                          report_details: DocumentDetails) -> None:
        with pytest.raises(dt.InvalidTypeError):
            write_report_docx(tmp_path / "x.docx", summary="summary",
                              scoreboard=reports["scoreboard"], overdue=reports["overdue"],
                              details=report_details)

    def test_letter_to_a_unit_with_nothing_to_remind(
            self, tmp_path: Path, province: Any, reports: dict[str, Any],
            letter_details: DocumentDetails) -> None:
        """XAL: A6 done, A7 cancelled, A8 without deadline → no letter."""
        with pytest.raises(dt.ValidationError, match="nothing to remind"):
            write_reminder_docx(tmp_path / "x.docx", unit="XAL", overdue=reports["overdue"],
                                upcoming=reports["upcoming"],
                                directives=province.get_directives(), details=letter_details)

    def test_missing_directive(self, tmp_path: Path, province: Any, reports: dict[str, Any],
                               letter_details: DocumentDetails) -> None:
        only_d1 = [d for d in province.get_directives() if d.id == "D1"]
        with pytest.raises(dt.ValidationError, match="D2"):
            write_reminder_docx(tmp_path / "x.docx", unit="STC", overdue=reports["overdue"],
                                upcoming=reports["upcoming"], directives=only_d1,
                                details=letter_details)

    def test_reply_by_before_the_letter(self, tmp_path: Path, province: Any,
                                        reports: dict[str, Any],
                                        letter_details: DocumentDetails) -> None:
        with pytest.raises(dt.ValidationError, match="reply_by"):
            write_reminder_docx(tmp_path / "x.docx", unit="STC", overdue=reports["overdue"],
                                upcoming=reports["upcoming"],
                                directives=province.get_directives(), details=letter_details,
                                reply_by=date(2026, 5, 17))

    def test_missing_extra_names_it(self, tmp_path: Path, reports: dict[str, Any],
                                    report_details: DocumentDetails,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
        """Without python-docx the error names the extra "docx"."""
        monkeypatch.setitem(sys.modules, "docx", None)
        with pytest.raises(dt.MissingExtraError) as info:
            write_report_docx(tmp_path / "x.docx", summary=reports["summary"],
                              scoreboard=reports["scoreboard"], overdue=reports["overdue"],
                              details=report_details)
        assert "docx" == info.value.extra
        assert "directive_tracker[docx]" in str(info.value)
        assert isinstance(info.value, ImportError)


def test_as_of_is_the_dataset_date(reports: dict[str, Any]) -> None:
    """Guard: the fixtures are computed on the documented date."""
    assert AS_OF == reports["summary"].as_of == reports["overdue"].as_of
