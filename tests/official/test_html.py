# SPDX-License-Identifier: MIT
"""
The standalone HTML report: self-contained, escaped, Vietnamese, A4 print stylesheet.

Numbers are those of the dataset in ``conftest.py``, computed by hand there.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import directive_tracker as dt
from directive_tracker.official import (
    DocumentDetails,
    neutralise,
    render_html_document,
    write_html,
)

EXTERNAL = re.compile(r"(?i)(<script|<link|<img|<iframe|<object|<embed|<base|src\s*=|"
                      r"href\s*=|url\(|@import|https?:|\bon[a-z]+\s*=)")

ALL_KINDS = ["summary", "scoreboard", "overdue", "upcoming", "directives"]


def cells(html_text: str) -> list[list[str]]:
    """The rows of every table as lists of cell texts (tags stripped)."""
    rows = re.findall(r"<tr>(.*?)</tr>", html_text, flags=re.S)
    return [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, flags=re.S) for r in rows]


class TestDocument:
    @pytest.mark.parametrize("kind", ALL_KINDS)
    def test_every_report_kind_is_standalone(self, kind: str, reports: dict[str, Any]
                                             ) -> None:
        text = render_html_document(reports[kind])
        assert text.startswith("<!DOCTYPE html>\n<html lang=\"vi\">")
        assert '<meta charset="utf-8">' in text
        assert EXTERNAL.search(text) is None
        assert 1 == text.count("<style>")
        assert "@page { size: A4" in text
        assert "margin: 20mm 15mm 20mm 30mm" in text  # Decree 30/2020, Appendix I
        assert '"Times New Roman"' in text
        title = reports[kind].to_table().title_vi
        assert f"<title>{title}</title>" in text
        assert f"<h1>{title}</h1>" in text

    def test_summary_rows_in_vietnamese_format(self, reports: dict[str, Any]) -> None:
        """2/7 → 28,6 %, 1/7 → 14,3 %; neither the English label nor the group code shows."""
        rows = cells(render_html_document(reports["summary"]))
        assert ["Tình hình thực hiện", "Số nhiệm vụ", "Tỷ lệ"] == rows[0]
        assert ["Đã hoàn thành đúng hạn", "2", "28,6%"] == rows[1]
        assert ["Đã hoàn thành quá hạn", "1", "14,3%"] == rows[2]
        assert ["Chưa hoàn thành trong hạn", "2", "28,6%"] == rows[3]
        assert ["Chưa hoàn thành quá hạn", "2", "28,6%"] == rows[4]
        assert ["Tổng cộng", "7", "100,0%"] == rows[-1]

    def test_scoreboard_rows(self, reports: dict[str, Any]) -> None:
        """SNV: 3 assigned = 1 on time + 1 late + 0 + 1 overdue + 0 + 0; 1/3 = 33,3 %."""
        rows = cells(render_html_document(reports["scoreboard"]))
        snv = next(r for r in rows if "Sở Nội vụ" in r)
        i = snv.index("Sở Nội vụ")
        assert ["3", "1", "1", "0", "1", "0", "0", "0", "33,3%"] == snv[i + 1:i + 10]
        total = next(r for r in rows if "Tổng cộng" in r)
        i = total.index("Tổng cộng")
        assert ["7", "2", "1", "1", "2", "1", "0", "1", "40,0%"] == total[i + 1:i + 10]

    def test_english(self, reports: dict[str, Any]) -> None:
        text = render_html_document([reports["scoreboard"], reports["overdue"]], lang="en")
        assert '<html lang="en">' in text
        assert "33.3%" in text
        assert "33,3%" not in text
        assert "<th>Status</th>" in text
        assert "Status (Vietnamese)" not in text
        vi = render_html_document(reports["overdue"])
        assert "<th>Tình trạng</th>" in vi
        assert "Tình trạng (tiếng Anh)" not in vi

    def test_wide_tables_print_landscape(self, reports: dict[str, Any]) -> None:
        assert "size: A4 landscape" in render_html_document(reports["scoreboard"])
        assert "size: A4 portrait" in render_html_document(reports["summary"])

    def test_several_reports_in_one_file(self, reports: dict[str, Any]) -> None:
        text = render_html_document([reports["summary"], reports["overdue"]],
                                    title="Báo cáo tổng hợp")
        assert "<title>Báo cáo tổng hợp</title>" in text
        assert text.index("TỔNG HỢP KẾT QUẢ") < text.index("DANH SÁCH NHIỆM VỤ QUÁ HẠN")

    def test_official_header_and_signature(self, reports: dict[str, Any],
                                           report_details: DocumentDetails) -> None:
        text = render_html_document(reports["summary"], details=report_details)
        for part in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Ninh Giang, ngày 18 tháng 5 năm 2026", "Số: 15/BC-UBND",
                     "ỦY BAN NHÂN DÂN", "TỈNH NINH GIANG", "Nơi nhận:", "- Lưu: VT, TH.",
                     "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"):
            assert part in text, part
        assert text.index("Số: 15/BC-UBND") < text.index("<h1>") < text.index("Nơi nhận:")

    def test_write_html(self, tmp_path: Path, reports: dict[str, Any]) -> None:
        path = write_html(reports["summary"], tmp_path / "r.html")
        assert render_html_document(reports["summary"]) == path.read_text(encoding="utf-8")

    def test_errors(self, reports: dict[str, Any], tmp_path: Path) -> None:
        with pytest.raises(dt.ValidationError, match="lang"):
            render_html_document(reports["summary"], lang="fr")
        with pytest.raises(dt.ValidationError):
            render_html_document([])
        with pytest.raises(dt.InvalidTypeError):
            render_html_document(["not a report"])
        with pytest.raises(dt.InvalidTypeError):
            render_html_document(reports["summary"], details="UBND")  # type: ignore[arg-type]
        with pytest.raises(dt.InvalidTypeError):
            write_html(reports["summary"], 42)  # type: ignore[arg-type]


class TestHostileContent:
    @pytest.fixture
    def hostile_html(self, hostile_reports: dict[str, Any]) -> str:
        return render_html_document([hostile_reports["overdue"], hostile_reports["upcoming"]])

    def test_markup_is_escaped(self, hostile_html: str) -> None:
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp;" in hostile_html
        assert EXTERNAL.search(hostile_html) is None

    def test_control_characters_are_neutralised(self, hostile_html: str) -> None:
        """ESC and BEL become visible Control Pictures; RLO becomes U+FFFD."""
        assert not any(ord(ch) < 0x20 and ch != "\n" for ch in hostile_html)
        assert "\u202e" not in hostile_html
        assert "\u241b[2J\u241b]0;pwned\u2407 \ufffdevil" in hostile_html

    def test_neutralise(self) -> None:
        assert "a b c" == neutralise("a\tb\nc")
        assert "\u2400\u241b\u2421\ufffd\ufffd" == neutralise("\x00\x1b\x7f\x85\u2066")
        assert "Hòa" == neutralise("Ho\u0300a")  # NFC
