# SPDX-License-Identifier: MIT
"""
What a clerk prints (issue 14, item 5): the Excel print setup, autofilter and number
formats; the chart title with the period, nothing clipped; text in Vietnamese number
format when asked.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from directive_tracker.periods import ReportingPeriod
from directive_tracker.renderers import chart_title, render_text, write_chart_png, write_xlsx
from directive_tracker.reports import Column, Label, Scoreboard, ScoreboardRow, Table


def row(unit: str, name: str, rank: int | None, rate: float | None) -> ScoreboardRow:
    return ScoreboardRow(rank=rank, unit=unit, unit_name=name, assigned=1234,
                         completed_on_time=2, completed_late=1, in_progress_on_time=1231,
                         overdue=0, no_deadline=0, paused=0, cancelled_or_refused=0,
                         on_time_rate=rate, on_time_rate_original=rate,
                         average_working_days_late=None)


def board(period: ReportingPeriod | None = None, as_of: date = date(2026, 12, 3)
          ) -> Scoreboard:
    rows = (row("SNV", "Sở Nội vụ", 1, 0.125),
            row("SVH", "Sở Văn hóa, Thể thao và Du lịch", None, None))
    return Scoreboard(as_of=as_of, period=period, by="new", rows=rows,
                      total=row("", "Tổng cộng", None, 0.125))


def table() -> Table:
    return Table(name="t", title_vi="BẢNG", title_en="TABLE", subtitle_vi="Ngày 03/12/2026",
                 subtitle_en="03/12/2026",
                 columns=(Column(key="unit", label_vi="Đơn vị", label_en="Unit"),
                          Column(key="n", label_vi="Số", label_en="N", kind="int"),
                          Column(key="rate", label_vi="Tỷ lệ", label_en="Rate", kind="rate"),
                          Column(key="x", label_vi="Điểm", label_en="Score", kind="float"),
                          Column(key="code", label_vi="Mã", label_en="Code", machine=True),
                          Column(key="en", label_vi="Tên (tiếng Anh)", label_en="Name",
                                 lang="en")),
                 rows=(("Sở Nội vụ", 1234, 0.125, 1234.5, "snv", "Home Affairs"),),
                 totals=(Label("Tổng cộng", en="Total"), 1234, 0.125, None, "", ""),
                 notes_vi=("Ghi chú tiếng Việt.",), notes_en=("An English note.",))


class TestExcelPrint:
    def test_print_setup(self, tmp_path: Path) -> None:
        """A4 (paper size 9) landscape, one page wide, header row 4 repeated, footer."""
        openpyxl = pytest.importorskip("openpyxl")
        ws = openpyxl.load_workbook(write_xlsx(table(), tmp_path / "t.xlsx")).active
        ps = ws.page_setup
        assert ("9", "landscape", 1, 0) == (str(ps.paperSize), ps.orientation,
                                            ps.fitToWidth, ps.fitToHeight)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert "$4:$4" == ws.print_title_rows
        assert "Trang &P/&N" == ws.oddFooter.center.text

    def test_autofilter_and_formats(self, tmp_path: Path) -> None:
        """Autofilter over the header and data rows (A4:D5); thousands separators."""
        openpyxl = pytest.importorskip("openpyxl")
        ws = openpyxl.load_workbook(write_xlsx(table(), tmp_path / "t.xlsx")).active
        assert "A4:D5" == ws.auto_filter.ref
        assert ("#,##0", "0.0%", "#,##0.00") == (ws["B5"].number_format,
                                                 ws["C5"].number_format,
                                                 ws["D5"].number_format)

    def test_reader_columns_and_notes(self, tmp_path: Path) -> None:
        """No machine code, no English-only column in Vietnamese; the note under it; the
        totals label in the workbook's language."""
        openpyxl = pytest.importorskip("openpyxl")
        ws = openpyxl.load_workbook(write_xlsx(table(), tmp_path / "t.xlsx")).active
        assert ["Đơn vị", "Số", "Tỷ lệ", "Điểm"] == [c.value for c in ws[4]]
        assert "Tổng cộng" == ws["A6"].value
        assert "Ghi chú tiếng Việt." == ws["A8"].value
        en = openpyxl.load_workbook(write_xlsx(table(), tmp_path / "e.xlsx", lang="en")
                                    ).active
        assert ["Unit", "N", "Rate", "Score", "Name"] == [c.value for c in en[4]]
        assert "Total" == en["A6"].value

    def test_unranked_rank_is_a_dash(self, tmp_path: Path) -> None:
        """A unit without a rank reads "—" in the rank column."""
        openpyxl = pytest.importorskip("openpyxl")
        ws = openpyxl.load_workbook(write_xlsx(board(), tmp_path / "b.xlsx")).active
        assert [1, "—"] == [ws["A5"].value, ws["A6"].value]


class TestVietnameseNumbers:
    def test_local_numbers(self) -> None:
        """12,5% and 1.234 in Vietnamese; 12.5% and 1,234 in English."""
        vi = render_text(table(), local_numbers=True).splitlines()
        assert "Sở Nội vụ  1.234  12,5%  1.234,50" == vi[5]
        en = render_text(table(), lang="en", local_numbers=True).splitlines()
        assert "Sở Nội vụ  1,234  12.5%  1,234.50  Home Affairs" == en[5]
        assert "Total      1,234  12.5%" == en[7]


class TestChart:
    def test_title_names_the_period_and_is_whole(self) -> None:
        """The title names the basis, the period and the provisional data date."""
        title = chart_title(board(ReportingPeriod.parse("Quý IV/2026")))
        assert title.splitlines() == [
            "Tỷ lệ hoàn thành đúng hạn theo đơn vị (hạn hiện hành)",
            "Kỳ báo cáo: Quý IV/2026 (từ ngày 15/09/2026 đến ngày 14/12/2026)",
            "Số liệu tạm tính đến ngày 03/12/2026"]
        en = chart_title(board(ReportingPeriod.parse("Quý IV/2026")), lang="en")
        assert "Provisional figures as of 03/12/2026" == en.splitlines()[-1]

    def test_nothing_clipped(self, tmp_path: Path) -> None:
        """Every line of the title and every unit name lies inside the saved picture."""
        pytest.importorskip("matplotlib")
        from directive_tracker.renderers import _chart_figure

        fig = _chart_figure(board(ReportingPeriod.parse("Quý IV/2026")), "vi", "current", 100)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        box = fig.bbox
        for artist in (ax.title, *ax.get_yticklabels()):
            ext = artist.get_window_extent(renderer)
            assert box.x0 <= ext.x0, artist.get_text()
            assert ext.x1 <= box.x1, artist.get_text()
            assert box.y0 <= ext.y0, artist.get_text()
            assert ext.y1 <= box.y1, artist.get_text()
        assert ax.title.get_text() == chart_title(board(ReportingPeriod.parse(
            "Quý IV/2026")))
        p = write_chart_png(board(ReportingPeriod.parse("Quý IV/2026")), tmp_path / "c.png")
        assert b"\x89PNG" == p.read_bytes()[:4]
