# SPDX-License-Identifier: MIT
"""
Renderers: every output is read back (csv, json, openpyxl, pandas, PNG header, ICS).

Tests that need an optional extra (openpyxl, pandas, matplotlib) skip locally when it
is missing; CI installs every extra.
"""

from __future__ import annotations

import csv
import io
import json
import struct
import sys
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_tracker.exceptions import InvalidTypeError, MissingExtraError, ValidationError
from directive_tracker.renderers import (
    display_width,
    render_html,
    render_text,
    to_csv,
    to_dataframe,
    to_ics,
    to_json,
    write_chart_png,
    write_csv,
    write_ics,
    write_xlsx,
)
from directive_tracker.reports import (
    Column,
    DeadlineRow,
    Scoreboard,
    ScoreboardRow,
    Table,
    UpcomingDeadlines,
)
from strategies import VI_LETTERS

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NFD_SNV = unicodedata.normalize("NFD", "Sở Nội vụ")


def table(**kw: Any) -> Table:
    """A small table: NFD Vietnamese, CJK, an int, a rate, a date, and totals."""
    base: dict[str, Any] = {
        "name": "test", "title_vi": "BẢNG THỬ", "title_en": "TEST",
        "subtitle_vi": "Ngày 15/05/2026", "subtitle_en": "15/05/2026",
        "columns": (Column(key="unit", label_vi="Đơn vị", label_en="Unit"),
                    Column(key="n", label_vi="Số", label_en="N", kind="int"),
                    Column(key="rate", label_vi="Tỷ lệ", label_en="Rate", kind="rate"),
                    Column(key="due", label_vi="Hạn", label_en="Due", kind="date")),
        "rows": ((NFD_SNV, 12, 0.5, date(2026, 5, 8)), ("北京", 3, None, None)),
        "totals": ("Tổng cộng", 15, 0.25, None),
    }
    base.update(kw)
    return Table(**base)


def board_row(unit: str, name: str, rank: int, rate: float | None) -> ScoreboardRow:
    """A scoreboard row with the given rate."""
    return ScoreboardRow(rank=rank, unit=unit, unit_name=name, assigned=4, completed_on_time=2,
                         completed_late=1, in_progress_on_time=1, overdue=0, no_deadline=0,
                         paused=0, cancelled_or_refused=0, on_time_rate=rate,
                         on_time_rate_original=rate, average_working_days_late=None)


def board() -> Scoreboard:
    """A three-unit scoreboard (one unit with nothing due)."""
    rows = (board_row("SXD", "Sở Xây dựng", 1, 1.0), board_row("SNV", "Sở Nội vụ", 2, 0.5),
            board_row("STC", "Sở Tài chính", 3, None))
    return Scoreboard(as_of=date(2026, 5, 15), period=None, by="new", rows=rows,
                      total=board_row("", "Tổng cộng", 0, 0.75))


class TestDisplayWidth:
    def test_examples(self) -> None:
        """NFC and NFD Vietnamese count letters; CJK counts 2; ZWJ counts 0."""
        assert [9, 9, 4, 0, 2] == [display_width("Sở Nội vụ"), display_width(NFD_SNV),
                                   display_width("北京"), display_width(""),
                                   display_width("a\u200db")]

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=VI_LETTERS + " ĐƯƠ", max_size=40))
    def test_vietnamese_width_is_letter_count(self, text: str) -> None:
        """For Vietnamese text, the width is the NFC length, in NFC and NFD alike."""
        nfc = unicodedata.normalize("NFC", text)
        assert (len(nfc), len(nfc)) == (display_width(nfc),
                                        display_width(unicodedata.normalize("NFD", text)))

    def test_type(self) -> None:
        """Only str is measured."""
        with pytest.raises(InvalidTypeError):
            display_width(5)  # type: ignore[arg-type]


class TestText:
    def test_layout(self) -> None:
        """Hand-aligned expected output (NFD input comes out NFC; CJK is 2 columns wide)."""
        expected = ("BẢNG THỬ\n"
                    "Ngày 15/05/2026\n"
                    "\n"
                    "Đơn vị     Số  Tỷ lệ  Hạn\n"
                    "---------  --  -----  ----------\n"
                    "Sở Nội vụ  12  50.0%  08/05/2026\n"
                    "北京        3\n"
                    "---------  --  -----  ----------\n"
                    "Tổng cộng  15  25.0%\n")
        assert expected == render_text(table())

    def test_english_headers(self) -> None:
        """lang='en' uses the English title and headers."""
        out = render_text(table(), lang="en").splitlines()
        assert ["TEST", "15/05/2026", "", "Unit        N   Rate  Due"] == out[:4]

    def test_truncation(self) -> None:
        """Cells wider than max_col_width are cut with '…' to that width."""
        out = render_text(table(totals=None), max_col_width=6).splitlines()
        assert "Sở Nộ…  12  50.0%  08/05…" == out[5]

    def test_newlines_in_cells(self) -> None:
        """A newline inside a cell becomes a space (one line per row)."""
        out = render_text(table(rows=(("a\nb", 1, None, None),), totals=None))
        assert "a b" in out.splitlines()[5]

    def test_errors(self) -> None:
        """Bad lang, width or report are refused."""
        with pytest.raises(ValidationError):
            render_text(table(), lang="fr")
        with pytest.raises(ValidationError):
            render_text(table(), max_col_width=2)
        with pytest.raises(InvalidTypeError):
            render_text("not a table")  # type: ignore[arg-type]


class TestCsvJsonHtml:
    def test_csv_round_trip(self) -> None:
        """CSV keeps raw values: NFC text, fractions, ISO dates, empty for None."""
        rows = list(csv.reader(io.StringIO(to_csv(table()))))
        assert [["Đơn vị", "Số", "Tỷ lệ", "Hạn"], ["Sở Nội vụ", "12", "0.5", "2026-05-08"],
                ["北京", "3", "", ""]] == rows

    def test_csv_keys_and_totals(self) -> None:
        """headers='keys' and include_totals add the keys line and the totals row."""
        rows = list(csv.reader(io.StringIO(to_csv(table(), headers="keys",
                                                  include_totals=True))))
        assert ["unit", "n", "rate", "due"] == rows[0]
        assert ["Tổng cộng", "15", "0.25", ""] == rows[-1]

    def test_write_csv_path_has_bom(self, tmp_path: Path) -> None:
        """A CSV file gets a UTF-8 BOM (for Excel) and reads back with utf-8-sig."""
        p = tmp_path / "bang.csv"
        write_csv(table(), p)
        assert b"\xef\xbb\xbf" == p.read_bytes()[:3]
        with open(p, encoding="utf-8-sig", newline="") as f:
            assert "Đơn vị" == next(csv.reader(f))[0]

    def test_write_csv_stream(self) -> None:
        """A stream receives the CSV text as is."""
        buf = io.StringIO()
        write_csv(table(), buf, lang="en")
        assert buf.getvalue().startswith("Unit,N,Rate,Due\r\n")
        with pytest.raises(InvalidTypeError):
            write_csv(table(), 42)  # type: ignore[arg-type]

    def test_csv_bad_headers(self) -> None:
        """headers must be 'labels' or 'keys'."""
        with pytest.raises(ValidationError):
            to_csv(table(), headers="both")

    def test_json_round_trip(self) -> None:
        """JSON rows are objects keyed by column key, with totals and bilingual titles."""
        doc = json.loads(to_json(table()))
        assert {"vi": "BẢNG THỬ", "en": "TEST"} == doc["title"]
        assert [{"unit": "Sở Nội vụ", "n": 12, "rate": 0.5, "due": "2026-05-08"},
                {"unit": "北京", "n": 3, "rate": None, "due": None}] == doc["rows"]
        assert {"unit": "Tổng cộng", "n": 15, "rate": 0.25, "due": None} == doc["totals"]
        assert ["text", "int", "rate", "date"] == [c["kind"] for c in doc["columns"]]

    def test_html_escapes(self) -> None:
        """Cells are HTML-escaped; numbers are right-aligned; totals in tfoot."""
        out = render_html(table(rows=(("<b>&", 1, 0.5, None),)))
        assert "<td>&lt;b&gt;&amp;</td>" in out
        assert '<td style="text-align:right">50.0%</td>' in out
        assert "<tfoot>" in out

    def test_repr_html(self) -> None:
        """Tables and report results render in Jupyter."""
        assert table()._repr_html_().startswith('<table class="directive-tracker test">')
        assert "Sở Xây dựng" in board()._repr_html_()


class TestExcel:
    def test_layout_read_back(self, tmp_path: Path) -> None:
        """Title, subtitle, headers on row 4, values with formats, bold totals."""
        openpyxl = pytest.importorskip("openpyxl")
        p = write_xlsx(table(), tmp_path / "bao_cao.xlsx")
        ws = openpyxl.load_workbook(p).active
        assert ("BẢNG THỬ", "Ngày 15/05/2026") == (ws["A1"].value, ws["A2"].value)
        assert ["Đơn vị", "Số", "Tỷ lệ", "Hạn"] == [c.value for c in ws[4]]
        assert ["Sở Nội vụ", 12, 0.5, datetime(2026, 5, 8)] == [c.value for c in ws[5]]
        assert ["北京", 3, None, None] == [c.value for c in ws[6]]
        assert ["Tổng cộng", 15, 0.25, None] == [c.value for c in ws[7]]
        assert ("0.0%", "DD/MM/YYYY") == (ws["C5"].number_format, ws["D5"].number_format)
        assert ws["A7"].font.b
        assert {"A1:D1", "A2:D2"} == {str(r) for r in ws.merged_cells.ranges}
        assert "A5" == ws.freeze_panes
        assert "test" == ws.title

    def test_report_result(self, tmp_path: Path) -> None:
        """A scoreboard writes with its Vietnamese headers and totals line."""
        openpyxl = pytest.importorskip("openpyxl")
        p = write_xlsx(board(), tmp_path / "xep_hang.xlsx", sheet_title="Xếp hạng")
        ws = openpyxl.load_workbook(p)["Xếp hạng"]
        assert "BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ" == ws["A1"].value
        assert "Xếp hạng" == ws["A4"].value
        assert [1, "SXD", "Sở Xây dựng"] == [c.value for c in ws[5]][:3]
        assert "Tổng cộng" == ws["C8"].value


    def test_text_is_never_a_formula(self, tmp_path: Path) -> None:
        """A content starting with '=' is written and read back as text, not a formula."""
        openpyxl = pytest.importorskip("openpyxl")
        rows = (("=HYPERLINK(\"http://x\")", 1, None, None), ("= Rà soát", 2, None, None))
        p = write_xlsx(table(rows=rows, totals=None), tmp_path / "f.xlsx")
        ws = openpyxl.load_workbook(p).active
        assert [("=HYPERLINK(\"http://x\")", "s"), ("= Rà soát", "s")] == [
            (ws.cell(r, 1).value, ws.cell(r, 1).data_type) for r in (5, 6)]

    def test_control_characters(self, tmp_path: Path) -> None:
        """Word's manual line break (vertical tab) becomes a line break, another control
        character U+FFFD; openpyxl would refuse both (IllegalCharacterError)."""
        openpyxl = pytest.importorskip("openpyxl")
        rows = (("Dòng 1\x0bDòng 2", 1, None, None), ("a\x01b", 2, None, None))
        p = write_xlsx(table(rows=rows, totals=None), tmp_path / "c.xlsx")
        ws = openpyxl.load_workbook(p).active
        assert ["Dòng 1\nDòng 2", "a\ufffdb"] == [ws["A5"].value, ws["A6"].value]


class TestDataFrame:
    def test_columns_and_values(self) -> None:
        """English keys or Vietnamese headers; totals excluded."""
        pytest.importorskip("pandas")
        df = to_dataframe(table())
        assert ["unit", "n", "rate", "due"] == list(df.columns)
        assert ["Sở Nội vụ", "北京"] == list(df["unit"])
        assert [12, 3] == list(df["n"])
        assert ["Đơn vị", "Số", "Tỷ lệ", "Hạn"] == list(to_dataframe(table(), lang="vi")
                                                      .columns)

    def test_report_method(self) -> None:
        """Report results have to_dataframe()."""
        pytest.importorskip("pandas")
        df = board().to_dataframe()
        assert ["SXD", "SNV", "STC"] == list(df["unit"])


class TestChart:
    def test_png(self, tmp_path: Path) -> None:
        """A PNG of 800 × 255 px (8 in wide; 0.45 × 3 + 1.2 in high at 100 dpi)."""
        pytest.importorskip("matplotlib")
        p = write_chart_png(board(), tmp_path / "ty_le.png")
        data = p.read_bytes()
        assert b"\x89PNG\r\n\x1a\n" == data[:8]
        assert (800, 255) == struct.unpack(">II", data[16:24])

    def test_english_original(self, tmp_path: Path) -> None:
        """English labels and original-due rates also draw."""
        pytest.importorskip("matplotlib")
        p = write_chart_png(board(), tmp_path / "rate.png", lang="en", against="original")
        assert b"\x89PNG" == p.read_bytes()[:4]

    def test_errors(self, tmp_path: Path) -> None:
        """Only a Scoreboard, and against 'current' or 'original'."""
        with pytest.raises(InvalidTypeError):
            write_chart_png(table(), tmp_path / "x.png")  # type: ignore[arg-type]
        with pytest.raises(ValidationError):
            write_chart_png(board(), tmp_path / "x.png", against="latest")


class TestMissingExtras:
    @pytest.mark.parametrize(("module", "extra", "call"), [
        ("openpyxl", "excel", lambda p: write_xlsx(table(), p / "x.xlsx")),
        ("pandas", "pandas", lambda p: to_dataframe(table())),
        ("matplotlib", "charts", lambda p: write_chart_png(board(), p / "x.png")),
    ])
    def test_names_the_extra(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                             module: str, extra: str, call: Any) -> None:
        """Without the package, MissingExtraError names the extra to install."""
        for name in list(sys.modules):
            if name == module or name.startswith(module + "."):
                monkeypatch.setitem(sys.modules, name, None)
        monkeypatch.setitem(sys.modules, module, None)
        if module == "matplotlib":
            for sub in ("matplotlib.backends.backend_agg", "matplotlib.figure"):
                monkeypatch.setitem(sys.modules, sub, None)
        with pytest.raises(MissingExtraError) as info:
            call(tmp_path)
        assert extra == info.value.extra
        assert f"directive_tracker[{extra}]" in str(info.value)


def deadline(task_id: str, due: date, content: str) -> DeadlineRow:
    """A deadline row led by Sở Nội vụ."""
    return DeadlineRow(task_id=task_id, directive_id="D1", content=content, lead_unit="SNV",
                       lead_name="Sở Nội vụ", due=due, working_days_remaining=3,
                       status_vi="Sắp đến hạn", status_en="Due soon")


def parse_ics(text: str) -> list[dict[str, str]]:
    """A tiny RFC 5545 reader: unfold, split NAME[;PARAMS]:VALUE, unescape TEXT."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    lines: list[str] = []
    for ln in physical:
        if ln.startswith(" "):
            lines[-1] += ln[1:]
        else:
            lines.append(ln)
    events: list[dict[str, str]] = []
    cur: dict[str, str] | None = None
    for ln in lines:
        name, _, value = ln.partition(":")
        if ln == "BEGIN:VEVENT":
            cur = {}
        elif ln == "END:VEVENT":
            assert cur is not None
            events.append(cur)
            cur = None
        elif cur is not None:
            out, i = [], 0
            while i < len(value):
                if value[i] == "\\":
                    out.append({"n": "\n", "N": "\n"}.get(value[i + 1], value[i + 1]))
                    i += 2
                else:
                    out.append(value[i])
                    i += 1
            cur[name] = "".join(out)
    return events


LONG = ("Rà soát, đánh giá; báo cáo tình hình thực hiện \\ các thủ tục hành chính\n"
        "trên địa bàn tỉnh năm 2026")


class TestIcs:
    def test_round_trip(self) -> None:
        """Events parse back with all-day dates, stable UIDs and unescaped text."""
        rep = UpcomingDeadlines(as_of=date(2026, 5, 15), until=date(2026, 5, 29), rows=(
            deadline("T04", date(2026, 5, 20), LONG), deadline("T08", date(2026, 5, 29), "X")))
        events = parse_ics(to_ics(rep))
        assert [("T04-20260520@directive-tracker", "20260520", "20260521"),
                ("T08-20260529@directive-tracker", "20260529", "20260530")] == [
            (e["UID"], e["DTSTART;VALUE=DATE"], e["DTEND;VALUE=DATE"]) for e in events]
        assert f"Hạn: {LONG} (Sở Nội vụ)" == events[0]["SUMMARY"]
        assert "20260514T170000Z" == events[0]["DTSTAMP"]
        assert events[0]["DESCRIPTION"].startswith("Mã nhiệm vụ: T04\nVăn bản: D1\n")

    def test_folding_and_line_ends(self) -> None:
        """Every physical line is at most 75 octets, ends in CRLF, never splits UTF-8."""
        text = to_ics([deadline("T04", date(2026, 5, 20), LONG * 3)])
        raw = text.encode("utf-8")
        assert raw.count(b"\r\n") == raw.count(b"\n")
        lengths = [len(ln) for ln in raw.split(b"\r\n")]
        assert max(lengths) <= 75
        assert any(ln.startswith(b" ") for ln in raw.split(b"\r\n"))
        for ln in raw.split(b"\r\n"):
            ln.decode("utf-8")

    def test_calendar_header(self) -> None:
        """VCALENDAR with VERSION 2.0, PRODID and the escaped calendar name."""
        lines = to_ics([], stamp=datetime(2026, 5, 15, 8, tzinfo=VN),
                       calendar_name="Hạn, UBND").split("\r\n")
        assert ["BEGIN:VCALENDAR", "VERSION:2.0"] == lines[:2]
        assert "X-WR-CALNAME:Hạn\\, UBND" in lines
        assert "END:VCALENDAR" == lines[-2]

    def test_uid_is_stable(self) -> None:
        """The same rows give byte-identical output (stable UID and DTSTAMP)."""
        rows = [deadline("T04", date(2026, 5, 20), "A")]
        assert to_ics(rows) == to_ics(list(rows))

    def test_explicit_stamp(self) -> None:
        """An aware stamp is written in UTC; a naive one is refused."""
        ev = parse_ics(to_ics([deadline("T1", date(2026, 5, 20), "A")],
                              stamp=datetime(2026, 5, 15, 8, 30, tzinfo=VN)))
        assert "20260515T013000Z" == ev[0]["DTSTAMP"]
        with pytest.raises(ValidationError):
            to_ics([], stamp=datetime(2026, 5, 15, 8))

    def test_errors(self) -> None:
        """Non-rows and empty names are refused."""
        with pytest.raises(InvalidTypeError):
            to_ics("T1")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            to_ics([1])  # type: ignore[list-item]
        with pytest.raises(ValidationError):
            to_ics([], calendar_name="")

    def test_control_characters(self) -> None:
        """RFC 5545 TEXT holds no control characters: a vertical tab reads back as a line
        break, another control character as U+FFFD."""
        [event] = parse_ics(to_ics([deadline("T1", date(2026, 5, 20), "A\x0bB\x7fC")]))
        assert "Hạn: A\nB\ufffdC (Sở Nội vụ)" == event["SUMMARY"]

    def test_write(self, tmp_path: Path) -> None:
        """write_ics keeps CRLF and UTF-8."""
        p = write_ics([deadline("T1", date(2026, 5, 20), "Hạn")], tmp_path / "han.ics")
        assert p.read_bytes().startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")


class TestIcsProperties:
    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.just("\n"),
                   max_size=300))
    def test_any_text_round_trips(self, text: str) -> None:
        """Any text folds to ≤ 75-octet lines and reads back (NFC) in SUMMARY."""
        out = to_ics([deadline("T1", date(2026, 5, 20), text)])
        assert max(len(ln) for ln in out.encode("utf-8").split(b"\r\n")) <= 75
        [event] = parse_ics(out)
        assert f"Hạn: {unicodedata.normalize('NFC', text)} (Sở Nội vụ)" == event["SUMMARY"]
