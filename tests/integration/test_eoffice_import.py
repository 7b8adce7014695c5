# SPDX-License-Identifier: MIT
"""
Importing e-office exports (.xlsx and .csv) built by the tests, with the pitfalls of real
exports: a title block and two-row headers with merged cells, a directive's number merged
over its tasks, dates as date cells, as dd/mm/yyyy text and as Excel serial numbers,
placeholder and impossible dates, duplicate ids and rows, units spelled differently,
deadline phrases, TCVN3 text; on the memory and SQLite stores.

Expected values are hand-computed (see the comments); TCVN3 strings are written byte by
byte from the TCVN 5712:1993 table (0xB8 á, 0xB9 ạ, 0xD5 ế, 0xEB ở, 0xE9 ộ, 0xF4 ụ).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import FixedDate, WorkingDays
from directive_tracker.eoffice import ImportProblem, ImportResult, import_eoffice
from directive_tracker.exceptions import ImportFormatError, MissingExtraError
from directive_tracker.lifecycle import TaskPhase
from directive_tracker.lifecycle import replay as fold
from directive_tracker.storage import MemoryStore, Store
from directive_tracker.units import Unit, UnitKind

openpyxl = pytest.importorskip("openpyxl")

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 5, 4, 9, 0, tzinfo=VN)
HEADERS = ["STT", "Số/ký hiệu", "Ngày ban hành", "Trích yếu", "Đơn vị chủ trì",
           "Đơn vị phối hợp", "Nội dung nhiệm vụ", "Hạn xử lý", "Trạng thái",
           "Ngày hoàn thành"]
#: TCVN3 (read as cp1252) of "Báo cáo kế hoạch" and of "Sở Nội vụ".
TCVN3_REPORT = "B¸o c¸o kÕ ho¹ch"
TCVN3_SNV = "Së Néi vô"


def clock() -> datetime:
    return NOW


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each kind with four units registered."""
    if request.param == "memory":
        s: Store = MemoryStore()
    else:
        from directive_tracker.storage import SQLiteStore

        s = SQLiteStore(tmp_path / "store.sqlite3")
    with s:
        for code, name in [("SNV", "Sở Nội vụ"), ("STC", "Sở Tài chính"),
                           ("SKHDT", "Sở Kế hoạch và Đầu tư"), ("SYT", "Sở Y tế")]:
            s.add_unit(Unit(code=code, name=name, kind=UnitKind.DEPARTMENT))
        s.add_unit(Unit(code="SGTVT", name="Sở Giao thông vận tải",
                        kind=UnitKind.DEPARTMENT, valid_to=date(2025, 2, 28)))
        yield s


def write_csv(path: Path, rows: list[list[Any]], *, delimiter: str = ",",
              encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def codes(result: ImportResult) -> list[tuple[int, str | None, str]]:
    return [(p.row, p.column, p.code) for p in result.problems]


def messy_workbook(path: Path, *, bad_rows: bool) -> Path:
    """
    An export as e-office systems write it:

    * rows 1–2: a title merged across A:J and a subtitle;
    * rows 4–5: a two-row header: "Văn bản" merged over B4:D4 (children Số/ký hiệu,
      Ngày ban hành, Trích yếu), "Đơn vị" over E4:F4 (Chủ trì, Phối hợp); the other
      headers merged vertically over rows 4–5;
    * rows 6–7: two tasks of one directive whose number, date and subject are merged
      vertically over both rows;
    * the issue date as a date cell, the deadlines as text, as an Excel serial number and
      as a phrase.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "DANH SÁCH NHIỆM VỤ DO UBND TỈNH GIAO"
    ws.merge_cells("A1:J1")
    ws["A2"] = "(Kết xuất từ hệ thống quản lý văn bản và điều hành ngày 04/05/2026)"
    ws.merge_cells("A2:J2")
    for col, text in zip("AGHIJ", ["STT", "Nội dung nhiệm vụ", "Hạn xử lý", "Trạng thái",
                                   "Ngày hoàn thành"], strict=True):
        ws[f"{col}4"] = text
        ws.merge_cells(f"{col}4:{col}5")
    ws["B4"] = "Văn bản"
    ws.merge_cells("B4:D4")
    ws["B5"], ws["C5"], ws["D5"] = "Số/ký hiệu", "Ngày ban hành", "Trích yếu"
    ws["E4"] = "Đơn vị"
    ws.merge_cells("E4:F4")
    ws["E5"], ws["F5"] = "Chủ trì", "Phối hợp"
    # Directive 123/UBND-KT of Thu 05/03/2026 (a date cell), merged over rows 6-7.
    ws["B6"], ws["C6"] = "123/UBND-KT", datetime(2026, 3, 5)
    ws["D6"] = "Về việc triển khai kế hoạch chuyển đổi số năm 2026"
    for col in "BCD":
        ws.merge_cells(f"{col}6:{col}7")
    ws.append([])  # keep openpyxl's row pointer past the header (no effect on cells)
    ws["A6"], ws["E6"], ws["F6"] = 1, "SỞ NỘI VỤ", "so tai chinh; Sở Y tế"
    ws["G6"], ws["H6"], ws["I6"] = "Rà soát thủ tục hành chính", "15/04/2026", "Đang xử lý"
    ws["A7"], ws["E7"], ws["F7"] = 2, TCVN3_SNV, None
    # 46127 = 15/04/2026: 2020-01-01 is serial 43831; +2192 days to 2026-01-01 (46023),
    # +90 days (Jan 31 + Feb 28 + Mar 31) to 2026-04-01 (46113), +14 → 46127.
    ws["G7"], ws["H7"], ws["I7"] = TCVN3_REPORT, 46127, "Đã hoàn thành"
    ws["J7"] = "10/04/2026"
    # Directive 45/KH-UBND of 2026-03-10 (ISO text), a phrase deadline.
    ws.append([3, "45/KH-UBND", "10/03/2026", "Kế hoạch cải cách hành chính năm 2026",
               "SKHDT", "", "Xây dựng báo cáo", "trong 10 ngày làm việc", "", ""])
    if bad_rows:
        ws.append([4, "46/KH-UBND", "01/01/1970", "Placeholder date", "SNV", "", "Việc A",
                   "30/06/2026", "", ""])
        ws.append([5, "47/KH-UBND", "12/03/2026", "Impossible date", "Sở Tài chánh", "",
                   "Việc B", "31/02/2026", "", ""])
        ws.append([6, "48/KH-UBND", "12/03/2026", "Unreadable phrase", "STC", "",
                   "Việc C", "càng sớm càng tốt", "", ""])
        ws.append([7, "45/KH-UBND", "10/03/2026", "Kế hoạch cải cách hành chính năm 2026",
                   "SKHDT", "", "Xây dựng báo cáo", "trong 10 ngày làm việc", "", ""])
        ws.append([8, "49/KH-UBND", 0, "Excel zero date", "SYT", "", "Việc D",
                   "30/06/2026", "", ""])
    wb.save(path)
    return path


class TestXlsx:
    def test_clean_messy_file_is_imported(self, store: Store, tmp_path: Path) -> None:
        """Title block, two-row merged headers, vertical merges, date cells, serial
        numbers, phrases, case/diacritic-insensitive units and TCVN3 text all read."""
        result = import_eoffice(store, messy_workbook(tmp_path / "x.xlsx", bad_rows=False),
                                clock=clock)
        assert result.ok, result.to_text()
        assert (3, 3, 2, True) == (result.rows, result.tasks_written,
                                   result.directives_written, result.written)
        # two TCVN3 repairs, reported as warnings on row 7 (lead unit and content)
        assert [(7, "Đơn vị Chủ trì", "repaired_text"),
                (7, "Nội dung nhiệm vụ", "repaired_text")] == codes(result)
        assert all(p.severity == "warning" for p in result.problems)
        t1 = store.get_task("2026:123/UBND-KT#1")
        assert ("SNV", ("STC", "SYT"), FixedDate(date=date(2026, 4, 15))) == (
            t1.lead_unit, t1.coordinating_units, t1.deadline)
        assert (date(2026, 3, 5), date(2026, 4, 15)) == (t1.assigned_on, t1.due_date)
        t2 = store.get_task("2026:123/UBND-KT#2")
        assert ("SNV", "Báo cáo kế hoạch", date(2026, 4, 15)) == (
            t2.lead_unit, t2.content, t2.due_date)
        state = fold(t2, store.get_events(t2.id), calendar=vietnam_calendar(),
                     as_of=date(2026, 5, 4))
        assert (TaskPhase.COMPLETED, date(2026, 4, 10)) == (state.phase, state.completed_on)
        t3 = store.get_task("2026:45/KH-UBND#1")
        # 10 working days after Tue 10/03/2026: 11,12,13,16,17,18,19,20,23,24 → 24/03/2026
        # (no holiday in March 2026; Hùng Kings' day is 26/04/2026).
        assert (WorkingDays(n=10), date(2026, 3, 24)) == (t3.deadline, t3.due_date)
        d = store.get_directive("2026:123/UBND-KT")
        assert ("Về việc triển khai kế hoạch chuyển đổi số năm 2026", date(2026, 3, 5),
                "UBND") == (d.summary, d.issue_date, d.issuer)

    def test_any_refused_row_writes_nothing(self, store: Store, tmp_path: Path) -> None:
        """Every pitfall reported by row and column; the store is unchanged."""
        result = import_eoffice(store, messy_workbook(tmp_path / "x.xlsx", bad_rows=True),
                                clock=clock)
        assert not result.ok
        assert not result.written
        assert [] == store.get_tasks()
        assert [] == store.get_directives()
        errors = [(p.row, p.column, p.column_letter, p.code) for p in result.errors]
        assert [
            (9, "Văn bản Ngày ban hành", "C", "placeholder_date"),
            (10, "Đơn vị Chủ trì", "E", "unknown_unit"),
            (10, "Hạn xử lý", "H", "impossible_date"),
            (11, "Hạn xử lý", "H", "bad_deadline"),
            (12, None, None, "duplicate_row"),
            (13, "Văn bản Ngày ban hành", "C", "placeholder_date"),
        ] == errors
        assert (9, 10, 11, 12, 13) == result.rejected_rows
        unknown = next(p for p in result.errors if p.code == "unknown_unit")
        assert ("Sở Tài chính (STC)",) == unknown.suggestions[:1]
        assert "did you mean: Sở Tài chính (STC)" in result.to_text()
        assert "nothing was written" in result.to_text().splitlines()[0]

    def test_write_valid_rows_and_rejects_file(self, store: Store, tmp_path: Path) -> None:
        """With the explicit option the three valid rows are written and the five refused
        rows copied, with their problems, to the rejects file."""
        rejects = tmp_path / "rejects.csv"
        result = import_eoffice(store, messy_workbook(tmp_path / "x.xlsx", bad_rows=True),
                                clock=clock, write_valid_rows=True, rejects_path=rejects)
        assert (True, 3, str(rejects)) == (result.written, result.tasks_written,
                                           result.rejects_path)
        assert 3 == len(store.get_tasks())
        with rejects.open(encoding="utf-8-sig", newline="") as fh:
            lines = list(csv.reader(fh))
        assert "Dòng" == lines[0][0]
        assert "Lỗi" == lines[0][-1]
        assert ["9", "10", "11", "12", "13"] == [r[0] for r in lines[1:]]
        assert "01/01/1970" in lines[1]
        assert "placeholder" in lines[1][-1]

    def test_reimport_is_refused_as_duplicate_ids(self, store: Store, tmp_path: Path) -> None:
        """The same file twice: every task id is already stored."""
        path = messy_workbook(tmp_path / "x.xlsx", bad_rows=False)
        assert import_eoffice(store, path, clock=clock).written
        again = import_eoffice(store, path, clock=clock)
        assert not again.written
        assert ["duplicate_id"] * 3 == [p.code for p in again.errors]
        assert 3 == len(store.get_tasks())

    def test_missing_openpyxl_names_the_extra(self, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
        """Without openpyxl the .xlsx reader says which extra to install."""
        path = messy_workbook(tmp_path / "x.xlsx", bad_rows=False)
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        with MemoryStore() as s, pytest.raises(MissingExtraError) as info:
            import_eoffice(s, path)
        assert "excel" == info.value.extra


class TestCsv:
    def test_pitfalls_in_text_dates_and_ids(self, store: Store, tmp_path: Path) -> None:
        """Duplicate task ids, an Excel serial number as text, a two-digit year, a
        "00/01/1900" placeholder, an inactive unit, a completed task without its date."""
        rows = [["Mã nhiệm vụ", "Số, ký hiệu", "Ngày văn bản", "Trích yếu nội dung",
                 "Chủ trì", "Phối hợp", "Nội dung", "Thời hạn", "Tình trạng"],
                ["NV-1", "07/CT-UBND", "46086", "Chỉ thị về phòng chống dịch", "Sở Y tế",
                 "", "Giám sát dịch", "thường xuyên", "Đang thực hiện"],
                ["NV-1", "07/CT-UBND", "46086", "Chỉ thị về phòng chống dịch", "SYT", "",
                 "Tiêm chủng", "30/06/2026", ""],
                ["NV-2", "08/CT-UBND", "05/03/26", "Chỉ thị khác", "SYT", "", "Việc",
                 "30/06/2026", ""],
                ["NV-3", "09/CT-UBND", "00/01/1900", "Chỉ thị khác", "SYT", "", "Việc",
                 "30/06/2026", ""],
                ["NV-4", "10/CT-UBND", "05/03/2026", "Chỉ thị khác", "SGTVT", "", "Việc",
                 "30/06/2026", ""],
                ["NV-5", "11/CT-UBND", "05/03/2026", "Chỉ thị khác", "SYT", "", "Việc",
                 "30/06/2026", "Đã hoàn thành"]]
        path = write_csv(tmp_path / "export.csv", rows, delimiter=";")
        result = import_eoffice(store, path, clock=clock)
        assert [
            (3, "Mã nhiệm vụ", "duplicate_id"),
            (4, "Ngày văn bản", "bad_date"),
            (5, "Ngày văn bản", "placeholder_date"),
            (6, "Chủ trì", "inactive_unit"),
            (7, "Tình trạng", "missing_value"),
        ] == codes(result)
        assert not result.written
        assert [] == store.get_tasks()
        dup = result.problems[0]
        assert "already appears on row 2" in dup.message
        # 46086 = 05/03/2026 (46023 is 2026-01-01, +59 days for Jan and Feb, +4).
        ok = import_eoffice(store, write_csv(tmp_path / "ok.csv", rows[:2]), clock=clock)
        assert ok.written
        assert date(2026, 3, 5) == store.get_task("NV-1").assigned_on

    def test_legacy_tcvn3_csv(self, store: Store, tmp_path: Path) -> None:
        """A CSV saved in cp1252 by an old TCVN3 workstation: text repaired, warned."""
        # Headers without diacritics, and "Trích yếu" itself in TCVN3 (0xDD í, 0xD5 ế).
        headers = ["STT", "So/ky hieu", "NGAY BAN HANH", "TrÝch yÕu", "Don vi chu tri",
                   "Don vi phoi hop", "Noi dung nhiem vu", "Han xu ly", "Trang thai",
                   "Ngay hoan thanh"]
        rows = [headers,
                ["1", "15/QD-UBND", "05/03/2026", "Quy ®Þnh",
                 TCVN3_SNV, "", TCVN3_REPORT, "15/04/2026", "", ""]]
        path = write_csv(tmp_path / "legacy.csv", rows, encoding="cp1252")
        result = import_eoffice(store, path, clock=clock)
        assert result.written, result.to_text()
        # the number is stored canonically: "QD" is the type abbreviation QĐ (Decree 30)
        t = store.get_task("2026:15/QĐ-UBND#1")
        assert ("SNV", "Báo cáo kế hoạch") == (t.lead_unit, t.content)
        # 0xAE đ, 0xDE ị: "Quy ®Þnh" is "Quy định".
        assert "Quy định" == store.get_directive("2026:15/QĐ-UBND").summary
        assert {"repaired_text"} == {p.code for p in result.problems}

    def test_header_aliases_and_missing_columns(self, store: Store, tmp_path: Path) -> None:
        """An unknown spelling can be mapped; without it the required column is missing."""
        rows = [["Số/ký hiệu", "Ngày ban hành", "Trích yếu", "Đơn vị chủ trì",
                 "Nội dung nhiệm vụ", "Hạn trả lời"],
                ["12/UBND-VX", "05/03/2026", "Về việc Y", "STC", "Báo cáo", "20/03/2026"]]
        path = write_csv(tmp_path / "a.csv", rows)
        with pytest.raises(ImportFormatError, match="lacks the column"):
            import_eoffice(store, path, clock=clock)
        result = import_eoffice(store, path, clock=clock,
                                header_aliases={"Hạn trả lời": "deadline"})
        assert result.written
        assert result.ok
        assert date(2026, 3, 20) == store.get_task("2026:12/UBND-VX#1").due_date

    def test_deadline_before_issue_and_cancelled_status(self, store: Store,
                                                        tmp_path: Path) -> None:
        """A deadline before the issue date is refused; "Thu hồi" cancels the task."""
        rows = [HEADERS,
                ["1", "20/UBND-TH", "05/03/2026", "Về việc Z", "STC", "", "Việc 1",
                 "01/03/2026", "", ""]]
        result = import_eoffice(store, write_csv(tmp_path / "a.csv", rows), clock=clock)
        assert [(2, "Hạn xử lý", "date_order")] == codes(result)
        rows[1][7], rows[1][8] = "30/04/2026", "Thu hồi"
        result = import_eoffice(store, write_csv(tmp_path / "b.csv", rows), clock=clock)
        assert result.written
        t = store.get_task("2026:20/UBND-TH#1")
        assert TaskPhase.CANCELLED == fold(t, store.get_events(t.id), calendar=vietnam_calendar(),
                                         as_of=NOW.date()).phase

    def test_dry_run_and_old_xls(self, store: Store, tmp_path: Path) -> None:
        """dry_run checks without writing; .xls is refused with the way out."""
        rows = [HEADERS, ["1", "20/UBND-TH", "05/03/2026", "Về việc Z", "STC", "", "Việc 1",
                          "30/04/2026", "", ""]]
        result = import_eoffice(store, write_csv(tmp_path / "a.csv", rows), clock=clock,
                                dry_run=True)
        assert (True, False) == (result.ok, result.written)
        assert [] == store.get_tasks()
        (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
        with pytest.raises(ImportFormatError, match=r"save it as \.xlsx"):
            import_eoffice(store, tmp_path / "old.xls")


def test_problem_text_names_row_column_and_letter() -> None:
    """The report line a clerk reads."""
    p = ImportProblem(row=7, column="Đơn vị chủ trì", column_letter="E", code="unknown_unit",
                      message="unit 'Sở Tài chánh' is not registered",
                      suggestions=("Sở Tài chính (STC)",))
    assert ("row 7, column 'Đơn vị chủ trì' (E): error: unit 'Sở Tài chánh' is not "
            "registered (did you mean: Sở Tài chính (STC)?)") == str(p)


def test_calendar_is_used(tmp_path: Path) -> None:
    """The deadline is counted in the calendar given (the default Vietnamese one here)."""
    with MemoryStore() as s:
        s.add_unit(Unit(code="STC", name="Sở Tài chính", kind=UnitKind.DEPARTMENT))
        rows = [HEADERS, ["1", "3/UBND-TH", "24/04/2026", "Việc", "STC", "", "Việc 1",
                          "trong 3 ngày làm việc", "", ""]]
        result = import_eoffice(s, write_csv(tmp_path / "c.csv", rows),
                                calendar=vietnam_calendar(), clock=clock)
        assert result.written
        # 3 working days after Fri 24/04/2026: Mon 27/04 is off (Hùng Kings' day, 10/3
        # lunar, falls on Sun 26/04; Labour Code Art 112(3) gives the next day), Tue 28/04
        # (1), Wed 29/04 (2); Thu 30/04 and Fri 01/05 are holidays → Mon 04/05/2026 (3).
        assert date(2026, 5, 4) == s.get_task("2026:03/UBND-TH#1").due_date  # "03": Decree 30 form


class TestHostileCells:
    """Issue 17 items 6 and 7 (found by tests/fuzz/test_fuzz_boundaries.py): hostile
    cells make row problems or an ImportFormatError, never a ``csv.Error`` or a
    quadratic Unicode normalisation."""

    HEADER = ("Mã nhiệm vụ", "Số/ký hiệu", "Ngày ban hành", "Trích yếu", "Đơn vị chủ trì",
              "Nội dung nhiệm vụ", "Hạn xử lý")
    ROW = ("NV-1", "15/QĐ-UBND", "05/03/2026", "Về việc Y", "STC", "Báo cáo", "20/03/2026")

    def test_cell_over_the_csv_field_limit(self, store: Store, tmp_path: Path) -> None:
        """A 200,000-character cell (csv's field limit is 131,072) was a csv.Error."""
        row = [*self.ROW[:5], "x" * 200_000, self.ROW[6]]
        path = write_csv(tmp_path / "big.csv", [list(self.HEADER), row])
        with pytest.raises(ImportFormatError, match="not a readable CSV file"):
            import_eoffice(store, path, clock=clock)
        assert [] == store.get_tasks()

    def test_forced_encoding_that_does_not_fit(self, store: Store, tmp_path: Path) -> None:
        """encoding="ascii" on UTF-8 bytes, or an unknown codec, is an ImportFormatError
        (was UnicodeDecodeError / LookupError)."""
        path = write_csv(tmp_path / "a.csv", [list(self.HEADER), list(self.ROW)])
        with pytest.raises(ImportFormatError, match="cannot be read as 'ascii'"):
            import_eoffice(store, path, clock=clock, encoding="ascii")
        with pytest.raises(ImportFormatError, match="cannot be read as 'no-such-codec'"):
            import_eoffice(store, path, clock=clock, encoding="no-such-codec")

    @pytest.mark.parametrize("column", range(7))
    def test_combining_bomb_in_any_cell_is_refused_fast(self, store: Store, tmp_path: Path,
                                                        column: int) -> None:
        """``"a" + U+0301 U+0323 × 50,000`` (100,001 characters) in any cell: its row is
        refused with a problem, in well under a second (NFC of it took seconds); nothing
        is written.  The bound of 1 s is generous: about 5 ms here."""
        import time

        row = list(self.ROW)
        row[column] = "a" + "\u0301\u0323" * 50_000
        path = write_csv(tmp_path / "bomb.csv", [list(self.HEADER), row])
        start = time.process_time()
        result = import_eoffice(store, path, clock=clock)
        assert time.process_time() - start < 1.0
        assert not result.written
        assert [2] == sorted({p.row for p in result.problems if p.severity == "error"})
        assert [] == store.get_tasks()

    def test_task_id_that_is_not_an_id_is_a_row_problem(self, store: Store,
                                                        tmp_path: Path) -> None:
        """A 200-character task id (ids have at most 128) is refused on its row (the
        store's ValidationError used to abort the whole import)."""
        row = ["N" * 200, *self.ROW[1:]]
        path = write_csv(tmp_path / "id.csv", [list(self.HEADER), row])
        result = import_eoffice(store, path, clock=clock)
        assert [(2, "Mã nhiệm vụ", "invalid_row")] == codes(result)
        assert "at most 128" in result.problems[0].message

    def test_more_coordinating_units_than_a_task_may_hold(self, store: Store,
                                                           tmp_path: Path) -> None:
        """10,000 names in "Đơn vị phối hợp" (a task holds at most 1,000 coordinating
        units) were looked up and fuzzy-matched one by one (30,000: 1.1 s, fuzz of issue 17):
        now one ``too_many_units`` problem on that row, and nothing is written."""
        header = [*self.HEADER[:5], "Đơn vị phối hợp", *self.HEADER[5:]]
        row = [*self.ROW[:5], "\n".join(f"U{k}" for k in range(10_000)),
               *self.ROW[5:]]
        path = write_csv(tmp_path / "many.csv", [header, row])
        result = import_eoffice(store, path, clock=clock)
        assert [(2, "Đơn vị phối hợp", "too_many_units")] == codes(result)
        assert "10,000 coordinating units; at most 1,000" in result.problems[0].message
        assert [] == store.get_tasks()

    def test_unknown_unit_repeated_on_rows_is_reported_on_each(self, store: Store,
                                                                tmp_path: Path) -> None:
        """The lookup of a unit name is made once per file (an export repeats its units),
        but each row naming an unknown unit still gets its own problem, with the same
        suggestion ("Sở Nộ vụ" is close to "Sở Nội vụ")."""
        rows = [list(self.HEADER)]
        for k in (1, 2):
            rows.append([f"NV-{k}", *self.ROW[1:4], "Sở Nộ vụ", f"Báo cáo {k}",
                         self.ROW[6]])
        result = import_eoffice(store, write_csv(tmp_path / "u.csv", rows), clock=clock)
        assert [(2, "Đơn vị chủ trì", "unknown_unit"),
                (3, "Đơn vị chủ trì", "unknown_unit")] == codes(result)
        assert [("Sở Nội vụ (SNV)",), ("Sở Nội vụ (SNV)",)] == [
            p.suggestions[:1] for p in result.problems]

    def test_delimiter_guessed_from_the_first_lines(self, store: Store,
                                                    tmp_path: Path) -> None:
        """The delimiter is guessed from the first 20 lines only (the sniffer's cost
        grows with lines × characters of its sample: 2,000 short lines took 175 ms): a
        ';'-separated file whose row has a note of 30,000 short lines in a column the
        import does not read is still read, and its row written."""
        rows = [[*self.HEADER, "Ghi chú"], [*self.ROW, "x\n" * 30_000]]
        path = write_csv(tmp_path / "lines.csv", rows, delimiter=";")
        result = import_eoffice(store, path, clock=clock)
        assert result.written, result.problems
        assert ["NV-1"] == [t.id for t in store.get_tasks()]

    def test_delimiter_of_a_file_whose_cells_hold_the_other_delimiters(
            self, store: Store, tmp_path: Path) -> None:
        """';'-separated, with ',' inside a cell and a 4,000-character note (csv's
        Sniffer backtracked on such a line: 75 ms, mutation fuzz of issue 17): the
        delimiter is the one that splits every row into the same number of cells (8), so
        the row is read whole and written."""
        header = [*self.HEADER, "Ghi chú"]
        row = [*self.ROW[:5], "Báo cáo, tổng hợp, đánh giá", self.ROW[6], "ghi chú " * 500]
        path = write_csv(tmp_path / "semi.csv", [header, row], delimiter=";")
        assert path.read_text(encoding="utf-8-sig").count(",") == 2  # unquoted, in one cell
        result = import_eoffice(store, path, clock=clock)
        assert result.written, result.problems
        assert ["Báo cáo, tổng hợp, đánh giá"] == [t.content for t in store.get_tasks()]

    def test_no_fuzzy_match_for_a_unit_name_longer_than_any_may_be(
            self, store: Store, tmp_path: Path) -> None:
        """A 100,000-character "Đơn vị chủ trì" cell was fuzzy-matched against every unit
        (difflib indexes each of its characters: 170 ms for 1,000,000 in an .xlsx, mutation
        fuzz of issue 17).  Over the 1,000-character name cap it is reported unknown, with
        no suggestions; a near miss still gets them."""
        rows = [list(self.HEADER), [*self.ROW[:4], "S" * 100_000, *self.ROW[5:]],
                ["NV-2", *self.ROW[1:4], "Sở Nộ vụ", "Báo cáo 2", self.ROW[6]]]
        result = import_eoffice(store, write_csv(tmp_path / "u.csv", rows), clock=clock)
        unknown = [(p.row, p.suggestions[:1]) for p in result.problems
                   if p.code == "unknown_unit"]
        assert [(2, ()), (3, ("Sở Nội vụ (SNV)",))] == unknown
