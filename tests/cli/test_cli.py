# SPDX-License-Identifier: MIT
"""
Tests of the ``directive-tracker`` command line through ``main(argv)``.

Expected values are written by hand from the official notices (domain brief §2.3)
and simple counting, never computed by the code under test.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

import attrs
import pytest

from directive_tracker import services
from directive_tracker._validators import VIETNAM_TZ
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.cli import Busy, Progress, main, parse_cli_date, render_table
from directive_tracker.directives import Directive
from directive_tracker.documents import DocumentNumber
from directive_tracker.storage.sqlite import SQLiteStore
from directive_tracker.units import Unit, UnitKind


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI and return (exit code, stdout, stderr)."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


class TestCalendar:
    def test_2026_lists_new_year_swap_with_its_source(self, capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
        """02/01/2026 is a swapped day off decided by CV 12729/VPCP-KGVX."""
        code, out, err = run(capsys, "calendar", "2026")
        assert 0 == code
        assert "" == err
        lines = out.splitlines()
        row = next(i for i, line in enumerate(lines) if line.startswith("02/01/2026"))
        assert "Thứ Sáu" in lines[row]
        assert "Nghỉ hoán đổi" in lines[row]
        assert "Căn cứ: CV 12729/VPCP-KGVX, 25/12/2025" == lines[row + 1].strip()

    def test_2026_lists_makeup_saturday(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Saturday 10/01/2026 is a make-up working day ("Làm bù")."""
        _, out, _ = run(capsys, "calendar", "2026")
        row = next(line for line in out.splitlines() if line.startswith("10/01/2026"))
        assert ["10/01/2026", "Thứ", "Bảy", "Làm", "bù"] == row.split()[:5]

    def test_2026_breaks_match_the_official_holiday_periods(
            self, capsys: pytest.CaptureFixture[str]) -> None:
        """The breaks are the public-servant holiday periods of 2026 (domain brief §2.3)."""
        _, out, _ = run(capsys, "calendar", "2026")
        breaks = out.split("Các đợt nghỉ")[1]
        for expected in ("01/01 – 04/01/2026  4 ngày   Tết Dương lịch",
                         "14/02 – 22/02/2026  9 ngày   Tết Nguyên Đán",
                         "25/04 – 27/04/2026  3 ngày   Ngày Giỗ Tổ Hùng Vương",
                         "30/04 – 03/05/2026  4 ngày",
                         "29/08 – 02/09/2026  5 ngày   Quốc khánh"):
            assert expected in breaks

    def test_2026_totals(self, capsys: pytest.CaptureFixture[str]) -> None:
        """2026: 261 weekdays - 14 weekdays off + 2 make-up Saturdays = 249 working days."""
        # Weekdays off: 01/01, 02/01, 16-20/02 (5), 27/04, 30/04, 01/05, 31/08, 01/09,
        # 02/09, 24/11 = 14.  2026 starts on a Thursday and has 365 days: 52 weeks + 1.
        _, out, _ = run(capsys, "calendar", "2026")
        assert ("Tổng cộng: 14 ngày nghỉ rơi vào ngày thường, 2 ngày cuối tuần làm bù, "
                "249 ngày làm việc trong năm.") == out.splitlines()[-1]

    def test_english(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--lang en gives English labels and totals."""
        code, out, _ = run(capsys, "--lang", "en", "calendar", "2025")
        assert 0 == code
        assert "Days off in 2025 for Vietnamese state agencies" == out.splitlines()[0]
        # 2025: 261 weekdays (starts Wednesday) - 12 off + 1 make-up Saturday (26/04) = 250.
        assert ("Total: 12 weekdays off, 1 weekend make-up working day, "
                "250 working days in the year.") == out.splitlines()[-1]
        assert "25/01 – 02/02/2025  9 days  Lunar New Year (Tết)" in out

    def test_language_from_environment(self, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
        """$DIRECTIVE_TRACKER_LANG sets the default language; --lang still wins."""
        monkeypatch.setenv("DIRECTIVE_TRACKER_LANG", "en")
        _, out, _ = run(capsys, "calendar", "2025")
        assert "Days off in 2025 for Vietnamese state agencies" == out.splitlines()[0]
        _, out, _ = run(capsys, "--lang", "vi", "calendar", "2025")
        assert "Lịch nghỉ năm 2025 của cơ quan hành chính nhà nước" == out.splitlines()[0]

    def test_options_after_subcommand(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Global options are accepted after the subcommand too."""
        _, out, _ = run(capsys, "calendar", "2025", "--lang", "en")
        assert "Days off in 2025 for Vietnamese state agencies" == out.splitlines()[0]

    def test_csv(self, capsys: pytest.CaptureFixture[str]) -> None:
        """CSV has stable English keys and one row per special day."""
        code, out, _ = run(capsys, "calendar", "2026", "--format", "csv")
        assert 0 == code
        rows = list(csv.DictReader(io.StringIO(out)))
        assert ["date", "weekday", "working", "kind", "label", "reason", "source"] == list(rows[0])
        by_date = {r["date"]: r for r in rows}
        assert "makeup_working_day" == by_date["2026-01-10"]["kind"]
        assert "True" == by_date["2026-01-10"]["working"]
        assert "TB 9441/TB-BNV, 16/10/2025" == by_date["2026-08-22"]["source"]

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON gives the days, the breaks and the totals."""
        code, out, _ = run(capsys, "calendar", "2026", "--format", "json", "--lang", "en")
        assert 0 == code
        data = json.loads(out)
        assert 249 == data["working_days"]
        assert 14 == data["weekdays_off"]
        assert 2 == data["makeup_working_days"]
        assert {"start": "2026-02-14", "end": "2026-02-22", "days": 9,
                "name": "Lunar New Year (Tết)"} == data["breaks"][1]
        assert "swapped_day_off" == data["days"][1]["kind"]

    def test_break_across_new_year(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Mon 31/12/2018 was swapped off (CV 6519/VPCP-KGVX): break 29/12/2018-01/01/2019."""
        _, out, _ = run(capsys, "calendar", "2019")
        assert "29/12/2018 – 01/01/2019  4 ngày   Tết Dương lịch" in out

    def test_day_off_override(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A local closure is listed with its source and joins the next weekend's break."""
        code, out, _ = run(capsys, "calendar", "2026", "--day-off", "2026-10-23",
                           "Nghỉ do bão số 12", "CĐ 05/CĐ-UBND, 22/10/2026")
        assert 0 == code
        lines = out.splitlines()
        row = next(i for i, line in enumerate(lines) if line.startswith("23/10/2026"))
        assert ["23/10/2026", "Thứ", "Sáu", "Nghỉ", "bổ", "sung", "Nghỉ", "do", "bão", "số",
                "12"] == lines[row].split()
        assert "Căn cứ: CĐ 05/CĐ-UBND, 22/10/2026" == lines[row + 1].strip()
        # Fri 23/10 + the weekend 24-25/10 = a 3-day break.
        assert "23/10 – 25/10/2026  3 ngày   Nghỉ do bão số 12" in out
        # 249 working days (test_2026_totals) minus the closure.
        assert ("Tổng cộng: 15 ngày nghỉ rơi vào ngày thường, 2 ngày cuối tuần làm bù, "
                "248 ngày làm việc trong năm.") == lines[-1]

    def test_working_day_override(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An extra working Saturday counts as a working day."""
        _, out, _ = run(capsys, "calendar", "2026", "--format", "json", "--working-day",
                        "2026-12-26", "Làm việc bù tiến độ giải ngân", "TB 99/TB-UBND")
        data = json.loads(out)
        assert 250 == data["working_days"]
        assert {"date": "2026-12-26", "kind": "extra_working_day", "working": True} == {
            k: v for k, v in data["days"][-1].items() if k in ("date", "kind", "working")}

    def test_override_with_bad_date(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A malformed override date is a validation error naming it."""
        code, _, err = run(capsys, "--lang", "en",
                           "calendar", "2026", "--day-off", "2026-13-20", "x", "y")
        assert 1 == code
        assert "invalid date '2026-13-20'" in err

    def test_year_out_of_range_is_a_validation_error(
            self, capsys: pytest.CaptureFixture[str]) -> None:
        """1990 is outside 1995-2099: exit 1 and one line on stderr, no traceback."""
        code, out, err = run(capsys, "--lang", "en", "calendar", "1990")
        assert 1 == code
        assert "" == out
        assert ("directive-tracker: error: year must be between 1995 and 2099 (inclusive), "
                "got 1990\n") == err

    def test_year_not_a_number_is_a_usage_error(
            self, capsys: pytest.CaptureFixture[str]) -> None:
        """A non-numeric year is a usage error (exit 2)."""
        code, _, err = run(capsys, "--lang", "en", "calendar", "abc")
        assert 2 == code
        assert "invalid year 'abc'" in err
        assert "Traceback" not in err


class TestDeadline:
    def test_working_days_around_30_april_2024(self, capsys: pytest.CaptureFixture[str]
                                               ) -> None:
        """10 working days from Fri 26/04/2024 end on Tue 14/05/2024."""
        # Hand count: 27-28/04 weekend, 29/04 swapped off (CV 2450/VPCP-KGVX), 30/04 and
        # 01/05 holidays; 02/05 (1), 03/05 (2), Sat 04/05 make-up (3), 06-10/05 (4-8),
        # 13/05 (9), 14/05 (10).
        code, out, err = run(capsys, "deadline",
                             "Trong 10 ngày làm việc kể từ ngày nhận được văn bản",
                             "--from", "26/04/2024")
        assert 0 == code
        assert "" == err
        assert "Hạn      14/05/2024 (Thứ Ba)" in out.splitlines()

    def test_explain_lists_the_skipped_days(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--explain shows the swapped day, the make-up Saturday and the result."""
        _, out, _ = run(capsys, "deadline", "trong 10 ngày làm việc", "--from", "2024-04-26",
                        "--explain")
        assert "Cách tính:" in out
        assert "CV 2450/VPCP-KGVX" in out
        assert "  4. → 14/05/2024" == out.splitlines()[-1]

    def test_month_clipping_without_diacritics(self, capsys: pytest.CaptureFixture[str]
                                               ) -> None:
        """31/01/2024 + 1 month = 29/02/2024 (Civil Code Art 148(3), leap year)."""
        _, out, _ = run(capsys, "--lang", "en", "deadline", "trong 1 thang",
                        "--from", "2024-01-31")
        assert "Due     29/02/2024 (Thursday)" in out.splitlines()

    def test_ongoing_has_no_due_date(self, capsys: pytest.CaptureFixture[str]) -> None:
        """"thường xuyên" has no due date; JSON says null."""
        code, out, _ = run(capsys, "deadline", "thường xuyên", "--from", "2024-01-31",
                           "--format", "json")
        assert 0 == code
        data = json.loads(out)
        assert data["due"] is None
        assert {"kind": "no_deadline", "type": "ongoing"} == data["rule_data"]

    def test_json_days_period(self, capsys: pytest.CaptureFixture[str]) -> None:
        """5 calendar days from Sat 10/02/2024 end on Thu 15/02/2024 (start day not counted)."""
        _, out, _ = run(capsys, "deadline", "trong 5 ngày", "--from", "2024-02-10",
                        "--format", "json")
        data = json.loads(out)
        assert "2024-02-15" == data["due"]
        assert data["due_is_working_day"] is True

    def test_csv(self, capsys: pytest.CaptureFixture[str]) -> None:
        """CSV gives one row with the due date."""
        _, out, _ = run(capsys, "deadline", "quý III/2024", "--from", "2024-04-01",
                        "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(out)))
        assert "2024-09-30" == rows[0]["due"]

    def test_csv_explain_has_the_steps(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--explain --format csv adds an explanation column (make-up Sat 04/05, due 14/05)."""
        code, out, _ = run(capsys, "deadline", "trong 10 ngày làm việc", "--from",
                           "2024-04-26", "--explain", "--format", "csv", "--lang", "en")
        assert 0 == code
        rows = list(csv.DictReader(io.StringIO(out)))
        assert 1 == len(rows)
        assert "2024-05-14" == rows[0]["due"]
        steps = rows[0]["explanation"].split("; ")
        assert "10 working days from 26/04/2024 (start day not counted)" == steps[0]
        assert "→ 14/05/2024" == steps[-1]
        assert any(step.startswith("counting make-up working day 04/05") for step in steps)

    def test_decomposed_phrase_is_echoed_in_nfc(self, capsys: pytest.CaptureFixture[str]
                                                ) -> None:
        """A phrase typed in NFD is read, and echoed in NFC (Thu 01/01/2026 + 10 -> 15/01)."""
        import unicodedata

        nfd = unicodedata.normalize("NFD", "trong 10 ngày làm việc")
        code, out, _ = run(capsys, "deadline", nfd, "--from", "2026-01-01", "--format", "json")
        assert 0 == code
        data = json.loads(out)
        assert ("trong 10 ngày làm việc", "2026-01-15") == (data["phrase"], data["due"])

    def test_bad_phrase(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unreadable phrase: exit 1, the phrase quoted on stderr, no traceback."""
        code, out, err = run(capsys, "--lang", "en", "deadline", "ngày mai", "--from", "2024-01-31")
        assert 1 == code
        assert "" == out
        assert err.startswith("directive-tracker: error: cannot read deadline phrase 'ngày mai'")
        assert "Traceback" not in err

    def test_bad_date(self, capsys: pytest.CaptureFixture[str]) -> None:
        """30/02 does not exist: a usage error (exit 2)."""
        code, _, err = run(capsys, "--lang", "en",
                           "deadline", "trong 5 ngày", "--from", "2024-02-30")
        assert 2 == code
        assert "argument --from: invalid date '2024-02-30'" in err

    def test_date_out_of_range(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An anchor outside 1995-2099 is a validation error (exit 1)."""
        code, _, err = run(capsys, "--lang", "en",
                           "deadline", "trong 5 ngày làm việc", "--from", "1990-01-01")
        assert 1 == code
        assert "1995-01-01" in err


def _clock(d: date, hour: int = 9) -> Callable[[], datetime]:
    return lambda: datetime.combine(d, time(hour), tzinfo=VIETNAM_TZ)


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    """
    A hand-made province: one directive received Fri 26/04/2024, four tasks.

    A, B, C: "trong 10 ngày làm việc" -> due Tue 14/05/2024 (hand count in
    TestDeadline).  A completed 14/05 (on time), B completed 16/05 (late), C open.
    D: "thường xuyên" (no deadline), open.
    """
    path = tmp_path / "small.sqlite3"
    cal = vietnam_calendar()
    store = SQLiteStore(path)
    try:
        services.register_unit(store, Unit(code="UBND", name="UBND tỉnh",
                                           kind=UnitKind.PROVINCIAL_COMMITTEE))
        services.register_unit(store, Unit(code="SNV", name="Sở Nội vụ",
                                           kind=UnitKind.DEPARTMENT, parent="UBND"))
        services.register_unit(store, Unit(code="SYT", name="Sở Y tế",
                                           kind=UnitKind.DEPARTMENT, parent="UBND"))
        services.register_directive(store, Directive(
            id="CT-05", number=DocumentNumber.parse("05/CT-UBND"), issuer="UBND",
            issue_date=date(2024, 4, 25), received_date=date(2024, 4, 26),
            summary="Chỉ thị về tăng cường kỷ luật hành chính"))
        assigned = _clock(date(2024, 4, 26))
        for tid, lead, content, phrase in (
                ("A", "SNV", "Rà soát biên chế", "trong 10 ngày làm việc"),
                ("B", "SYT", "Kiểm tra an toàn thực phẩm", "trong 10 ngày làm việc"),
                ("C", "SNV", "Báo cáo sắp xếp trụ sở", "trong 10 ngày làm việc"),
                ("D", "SYT", "Giám sát dịch bệnh", "thường xuyên")):
            services.assign_task(store, cal, directive_id="CT-05", task_id=tid,
                                 content=content, lead_unit=lead, deadline=phrase,
                                 actor="VP", clock=assigned)
        services.complete_task(store, cal, "A", actor="SNV", clock=_clock(date(2024, 5, 14)))
        services.complete_task(store, cal, "B", actor="SYT", clock=_clock(date(2024, 5, 16)))
    finally:
        store.close()
    return path


class TestReport:
    def test_summary_four_groups(self, capsys: pytest.CaptureFixture[str], small_db: Path
                                 ) -> None:
        """As of 20/05/2024: 1 on time (A), 1 late (B), 1 within (D), 1 overdue (C)."""
        code, out, err = run(capsys, "--db", str(small_db), "report", "summary",
                             "--as-of", "2024-05-20", "--format", "csv")
        assert (0, "") == (code, err)
        counts = {r["group"]: r["count"] for r in csv.DictReader(io.StringIO(out))}
        assert {"completed_on_time": "1", "completed_late": "1",
                "not_completed_on_time": "1", "not_completed_overdue": "1",
                "": "4"} == counts

    def test_overdue_list_counts_working_days_late(
            self, capsys: pytest.CaptureFixture[str], small_db: Path) -> None:
        """C is due 14/05; as of Mon 20/05 it is 4 working days late (15, 16, 17, 20/05)."""
        _, out, _ = run(capsys, "--db", str(small_db), "report", "overdue",
                        "--as-of", "2024-05-20", "--format", "json")
        rows = json.loads(out)["rows"]
        assert 1 == len(rows)
        assert "C" == rows[0]["task_id"]
        assert 4 == rows[0]["working_days_late"]

    def test_as_of_before_completion(self, capsys: pytest.CaptureFixture[str],
                                     small_db: Path) -> None:
        """As of 15/05 B's completion (16/05) does not exist yet: B and C are overdue."""
        _, out, _ = run(capsys, "--db", str(small_db), "report", "overdue",
                        "--as-of", "2024-05-15", "--columns", "task_id,working_days_late",
                        "--format", "csv")
        assert "task_id,working_days_late\nB,1\nC,1\n" == out

    def test_scoreboard_table(self, capsys: pytest.CaptureFixture[str], small_db: Path
                              ) -> None:
        """The scoreboard names both units and the official title."""
        code, out, _ = run(capsys, "--db", str(small_db), "report", "scoreboard",
                           "--as-of", "2024-05-20")
        assert 0 == code
        assert "BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ" == out.splitlines()[0]
        assert "Sở Nội vụ" in out
        assert "Sở Y tế" in out

    def test_table_shows_main_columns_unless_all(
            self, capsys: pytest.CaptureFixture[str], small_db: Path) -> None:
        """The terminal overdue list has short headers; --columns all has every column."""
        _, out, _ = run(capsys, "--db", str(small_db), "report", "overdue",
                        "--as-of", "2024-05-20")
        header = out.splitlines()[3].split()
        assert ["Nhiệm", "vụ", "Nội", "dung", "Đơn", "vị", "chủ", "trì", "Hạn", "Trễ",
                "(ngày", "LV)", "Tiến", "độ", "%"] == header
        _, out, _ = run(capsys, "--db", str(small_db), "report", "overdue",
                        "--as-of", "2024-05-20", "--columns", "all")
        assert "Tình trạng (tiếng Anh)" in out.splitlines()[3]

    def test_period(self, capsys: pytest.CaptureFixture[str], small_db: Path) -> None:
        """A Decree 09 period label is accepted; quý II/2024 cut-off window is 15/03-14/06."""
        code, out, _ = run(capsys, "--db", str(small_db), "--lang", "en", "report",
                           "summary", "--period", "Quý II/2024")
        assert 0 == code
        assert "15/03/2024" in out
        assert "14/06/2024" in out

    def test_output_csv_file(self, capsys: pytest.CaptureFixture[str], small_db: Path,
                             tmp_path: Path) -> None:
        """--output FILE.csv writes the report there (UTF-8 with a BOM, for Excel)."""
        target = tmp_path / "summary.csv"
        code, out, _ = run(capsys, "--db", str(small_db), "report", "summary",
                           "--as-of", "2024-05-20", "--output", str(target))
        assert (0, "") == (code, out)
        assert target.read_text(encoding="utf-8-sig").startswith("Mã nhóm,")

    def test_output_xlsx(self, capsys: pytest.CaptureFixture[str], small_db: Path,
                         tmp_path: Path) -> None:
        """--output FILE.xlsx writes a workbook holding the report's title."""
        openpyxl = pytest.importorskip("openpyxl")
        target = tmp_path / "summary.xlsx"
        code, _, _ = run(capsys, "--db", str(small_db), "report", "summary",
                         "--as-of", "2024-05-20", "--output", str(target))
        assert 0 == code
        sheet = openpyxl.load_workbook(target).active
        cells = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
        assert "TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ" in cells

    def test_missing_extra_exit_code(self, capsys: pytest.CaptureFixture[str],
                                     small_db: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
        """Without openpyxl, .xlsx output exits 4 naming the pip install command."""
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        code, _, err = run(capsys, "--db", str(small_db), "report", "summary",
                           "--as-of", "2024-05-20", "--output", str(tmp_path / "s.xlsx"))
        assert 4 == code
        assert "pip install 'directive_tracker[excel]'" in err

    def test_output_unknown_suffix(self, capsys: pytest.CaptureFixture[str], small_db: Path,
                                   tmp_path: Path) -> None:
        """An unsupported output suffix is a validation error (exit 1)."""
        code, _, err = run(capsys, "--lang", "en", "--db", str(small_db), "report", "summary",
                           "--as-of", "2024-05-20", "--output", str(tmp_path / "x.txt"))
        assert 1 == code
        assert "use .xlsx, .csv or .json" in err

    def test_output_in_missing_folder(self, capsys: pytest.CaptureFixture[str],
                                      small_db: Path, tmp_path: Path) -> None:
        """--output in a folder that does not exist is one error line (exit 1)."""
        target = tmp_path / "no-such-folder" / "q2.csv"
        code, out, err = run(capsys, "--lang", "en", "--db", str(small_db), "report", "scoreboard",
                             "--as-of", "2024-05-20", "--output", str(target))
        assert (1, "") == (code, out)
        assert (f"directive-tracker: error: cannot write {str(target)!r}: "
                "No such file or directory\n") == err

    def test_unknown_column(self, capsys: pytest.CaptureFixture[str], small_db: Path) -> None:
        """An unknown --columns key names the allowed keys."""
        code, _, err = run(capsys, "--lang", "en", "--db", str(small_db), "report", "overdue",
                           "--as-of", "2024-05-20", "--columns", "nope")
        assert 1 == code
        assert "unknown column(s) nope" in err

    def test_bad_period(self, capsys: pytest.CaptureFixture[str], small_db: Path) -> None:
        """An unreadable period label is a validation error, no traceback."""
        code, _, err = run(capsys, "--lang", "en", "--db", str(small_db), "report", "summary",
                           "--period", "quý V/2024")
        assert 1 == code
        assert err.startswith("directive-tracker: error: ")
        assert "Traceback" not in err

    def test_empty_period_is_refused(self, capsys: pytest.CaptureFixture[str],
                                     small_db: Path) -> None:
        """--period "" is an unreadable label, not silently "no period"."""
        code, out, err = run(capsys, "--lang", "en", "--db", str(small_db), "report", "summary",
                             "--period", "")
        assert (1, "") == (code, out)
        assert err.startswith("directive-tracker: error: ")

    @pytest.mark.parametrize("kind", ["scoreboard", "directives"])
    def test_unit_refused_where_it_does_not_apply(
            self, capsys: pytest.CaptureFixture[str], small_db: Path, kind: str) -> None:
        """--unit on a report over every unit is an error, not silently ignored."""
        code, out, err = run(capsys, "--lang", "en",
                             "--db", str(small_db), "report", kind, "--unit", "SNV",
                             "--as-of", "2024-05-20")
        assert (1, "") == (code, out)
        assert (f"directive-tracker: error: report {kind!r} covers every unit: --unit "
                "applies to summary, overdue and upcoming\n") == err

    def test_overdue_refuses_period(self, capsys: pytest.CaptureFixture[str], small_db: Path
                                    ) -> None:
        """The overdue list is as of a date, not a period."""
        code, _, err = run(capsys, "--lang", "en", "--db", str(small_db), "report", "overdue",
                           "--period", "Quý II/2024")
        assert 1 == code
        assert "give --as-of, not --period" in err

    def test_missing_database(self, capsys: pytest.CaptureFixture[str], tmp_path: Path
                              ) -> None:
        """A missing database is a storage error (exit 3) and no file is created."""
        path = tmp_path / "missing.sqlite3"
        code, out, err = run(capsys, "--lang", "en", "--db", str(path), "report", "scoreboard")
        assert (3, "") == (code, out)
        assert f"no database at {str(path)!r}" in err
        assert not path.exists()


    def test_not_a_database(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A file that is not SQLite is a storage error (exit 3), not a traceback."""
        bad = tmp_path / "bad.sqlite3"
        bad.write_text("garbage, not a database\n" * 100, encoding="utf-8")
        code, _, err = run(capsys, "--lang", "en", "--db", str(bad), "report", "summary")
        assert 3 == code
        assert err.startswith("directive-tracker: error: ")
        assert "not a database" in err

    def test_database_of_a_newer_schema(self, capsys: pytest.CaptureFixture[str],
                                        small_db: Path) -> None:
        """A database written by a newer library is a storage error (exit 3) for every command."""
        import sqlite3

        conn = sqlite3.connect(small_db)
        with conn:
            conn.execute("UPDATE schema_version SET version = 99")
        conn.close()
        for argv in (["report", "summary"], ["remind"], ["export"]):
            code, out, err = run(capsys, "--lang", "en", "--db", str(small_db), *argv)
            assert (3, "") == (code, out)
            assert err.startswith("directive-tracker: error: database schema version 99 is "
                                  "newer than this library supports")

    def test_database_is_a_directory(self, capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
        """--db naming a directory is a storage error (exit 3), not a traceback."""
        code, _, err = run(capsys, "--lang", "en", "--db", str(tmp_path), "report", "summary")
        assert 3 == code
        assert f"directive-tracker: error: no database at {str(tmp_path)!r}" in err

    def test_interrupted(self, capsys: pytest.CaptureFixture[str], small_db: Path,
                         monkeypatch: pytest.MonkeyPatch) -> None:
        """Ctrl-C during a command exits 130 without a traceback."""
        from directive_tracker import reports

        def interrupt(*args: object, **kwargs: object) -> None:
            raise KeyboardInterrupt

        # The command line computes a report through the registry (reports.REPORTS).
        monkeypatch.setitem(reports.registry._REPORTS, "summary", attrs.evolve(
            reports.REPORTS["summary"], function=interrupt))
        code, _, err = run(capsys, "--db", str(small_db), "report", "summary")
        assert 130 == code
        assert "Traceback" not in err


class TestRemind:
    def test_dry_run_then_send_once(self, capsys: pytest.CaptureFixture[str], small_db: Path
                                    ) -> None:
        """
        C is due 14/05; overdue reminders every 3 working days: 17/05 is the latest slot.

        The dry run lists it and records nothing; sending twice delivers it once.
        """
        code, out, _ = run(capsys, "--db", str(small_db), "remind", "--as-of", "2024-05-20",
                           "--format", "json")
        assert 0 == code
        reminders = json.loads(out)
        assert [("C", "SNV", "overdue", "2024-05-14")] == [
            (r["task_id"], r["recipient"], r["reason"], r["due_date"]) for r in reminders]
        code, out, err = run(capsys, "--db", str(small_db), "remind", "--as-of", "2024-05-20",
                             "--send", "console")
        assert 0 == code
        assert "Nhiệm vụ C" in out
        assert "gửi 1," in err
        code, out, err = run(capsys, "--db", str(small_db), "remind", "--as-of", "2024-05-20",
                             "--send", "console")
        assert (0, "") == (code, out)
        assert "gửi 0," in err

    def test_day_off_sends_nothing(self, capsys: pytest.CaptureFixture[str], small_db: Path
                                   ) -> None:
        """Sat 18/05/2024 is a day off: nothing is due; the next working day is Mon 20/05."""
        code, out, _ = run(capsys, "--db", str(small_db), "remind", "--as-of", "2024-05-18")
        assert 0 == code
        assert ["Nhắc việc, đôn đốc ngày 18/05/2024: 0 tin",
                "Không có tin nhắc việc nào phải gửi.",
                "18/05/2024 là ngày nghỉ: các tin đến hạn được gửi vào ngày làm việc tiếp "
                "theo, thứ hai 20/05/2024."] == out.splitlines()[:3]

    def test_email_needs_settings(self, capsys: pytest.CaptureFixture[str], small_db: Path
                                  ) -> None:
        """--send email without SMTP settings is a validation error."""
        code, _, err = run(capsys, "--lang", "en",
                           "--db", str(small_db), "remind", "--as-of", "2024-05-20",
                           "--send", "email")
        assert 1 == code
        assert "--send email needs --smtp-host" in err


class TestExportImport:
    def test_round_trip(self, capsys: pytest.CaptureFixture[str], small_db: Path,
                        tmp_path: Path) -> None:
        """Export, import into a new file, export again: the same lines."""
        first = tmp_path / "a.jsonl"
        assert 0 == main(["--db", str(small_db), "export", "-o", str(first)])
        copy = tmp_path / "copy.sqlite3"
        code, out, _ = run(capsys, "--db", str(copy), "import", str(first))
        assert 0 == code
        lines = first.read_text(encoding="utf-8").splitlines()
        assert f"Đã nhập {len(lines) - 1} bản ghi vào {copy}\n" == out
        second = tmp_path / "b.jsonl"
        assert 0 == main(["--db", str(copy), "export", "-o", str(second)])
        assert lines == second.read_text(encoding="utf-8").splitlines()

    def test_import_twice_is_refused_and_writes_nothing(
            self, capsys: pytest.CaptureFixture[str], small_db: Path, tmp_path: Path) -> None:
        """Importing into a store that holds the same ids fails with exit 1."""
        dump = tmp_path / "a.jsonl"
        assert 0 == main(["--db", str(small_db), "export", "-o", str(dump)])
        capsys.readouterr()
        code, _, err = run(capsys, "--db", str(small_db), "import", str(dump))
        assert 1 == code
        assert "already exists" in err

    def test_import_malformed(self, capsys: pytest.CaptureFixture[str], tmp_path: Path
                              ) -> None:
        """A file that is not an export is rejected, naming the line."""
        bad = tmp_path / "bad.jsonl"
        bad.write_text('{"format": "directive_tracker", "version": 1}\nnot json\n',
                       encoding="utf-8")
        code, _, err = run(capsys, "--lang", "en",
                           "--db", str(tmp_path / "x.sqlite3"), "import", str(bad))
        assert 1 == code
        assert "line 2" in err
        assert ["bad.jsonl"] == sorted(p.name for p in tmp_path.iterdir())

    @pytest.mark.parametrize(("lines", "message"), [
        ("", "line 1: the stream is empty; expected the header line"),
        ('{"format": "directive_tracker", "version": 7}\n',
         "line 1: format version 7 is not supported; this library reads version 1"),
        ("[1, 2]\n", "line 1: each line must be a JSON object"),
    ])
    def test_import_rejected_creates_no_database(
            self, capsys: pytest.CaptureFixture[str], tmp_path: Path, lines: str,
            message: str) -> None:
        """A rejected import names the line and leaves no new database file behind."""
        bad = tmp_path / "bad.jsonl"
        bad.write_text(lines, encoding="utf-8")
        code, _, err = run(capsys, "--lang", "en",
                           "--db", str(tmp_path / "x.sqlite3"), "import", str(bad))
        assert 1 == code
        assert f"directive-tracker: error: import rejected, nothing written: {message}\n" == err
        assert ["bad.jsonl"] == sorted(p.name for p in tmp_path.iterdir())

    def test_import_not_utf8(self, capsys: pytest.CaptureFixture[str], tmp_path: Path
                             ) -> None:
        """A binary file is refused before any database is created."""
        bad = tmp_path / "bad.jsonl"
        bad.write_bytes(b"\xff\xfe\x00garbage")
        code, _, err = run(capsys, "--lang", "en",
                           "--db", str(tmp_path / "x.sqlite3"), "import", str(bad))
        assert 1 == code
        assert f"{str(bad)!r} is not UTF-8 text" in err
        assert ["bad.jsonl"] == sorted(p.name for p in tmp_path.iterdir())

    def test_import_a_directory(self, capsys: pytest.CaptureFixture[str], tmp_path: Path
                                ) -> None:
        """A directory as FILE is one error line (exit 1)."""
        code, _, err = run(capsys, "--lang", "en", "--db", str(tmp_path / "x.sqlite3"), "import",
                           str(tmp_path))
        assert 1 == code
        assert f"directive-tracker: error: cannot read {str(tmp_path)!r}: Is a directory\n" == err

    def test_import_missing_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path
                                 ) -> None:
        """A missing import file is a validation error."""
        code, _, err = run(capsys, "--lang", "en", "--db", str(tmp_path / "x.sqlite3"), "import",
                           str(tmp_path / "none.jsonl"))
        assert 1 == code
        assert "cannot read" in err

    def test_export_to_unwritable_path(self, capsys: pytest.CaptureFixture[str],
                                       small_db: Path, tmp_path: Path) -> None:
        """-o naming a directory or a missing folder is one error line (exit 1)."""
        code, _, err = run(capsys, "--lang", "en",
                           "--db", str(small_db), "export", "-o", str(tmp_path))
        assert 1 == code
        assert (f"directive-tracker: error: cannot write {str(tmp_path)!r}: "
                "Is a directory\n") == err
        target = tmp_path / "none" / "b.jsonl"
        code, _, err = run(capsys, "--lang", "en",
                           "--db", str(small_db), "export", "-o", str(target))
        assert 1 == code
        assert (f"directive-tracker: error: cannot write {str(target)!r}: "
                "No such file or directory\n") == err

    def test_export_onto_the_database_is_refused(
            self, capsys: pytest.CaptureFixture[str], small_db: Path) -> None:
        """-o naming the database itself is refused and the database stays readable."""
        before = small_db.read_bytes()
        code, _, err = run(capsys, "--lang", "en",
                           "--db", str(small_db), "export", "-o", str(small_db))
        assert 1 == code
        assert (f"directive-tracker: error: cannot export into the database itself "
                f"({str(small_db)!r}): give another --output FILE\n") == err
        assert before == small_db.read_bytes()

    def test_os_error_is_one_line(self, capsys: pytest.CaptureFixture[str], small_db: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
        """An OSError from deep inside (a full disk) is one error line, exit 1."""
        from directive_tracker.storage.sqlite import SQLiteStore as Store

        def full(*args: object, **kwargs: object) -> int:
            raise OSError(28, "No space left on device", "backup.jsonl")

        monkeypatch.setattr(Store, "export_jsonl", full)
        code, _, err = run(capsys, "--lang", "en", "--db", str(small_db), "export")
        assert 1 == code
        assert ("directive-tracker: error: cannot use 'backup.jsonl': "
                "No space left on device\n") == err

    def test_export_to_stdout(self, capsys: pytest.CaptureFixture[str], small_db: Path
                              ) -> None:
        """Without -o the JSON lines go to stdout, the header first."""
        code, out, _ = run(capsys, "--db", str(small_db), "export")
        assert 0 == code
        assert {"format": "directive_tracker"}.items() <= json.loads(
            out.splitlines()[0]).items()


class TestDemo:
    def test_demo_creates_database_and_prints(self, capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
        """The demo writes a SQLite file and prints the scoreboard and the reminders."""
        db = tmp_path / "demo.sqlite3"
        code, out, err = run(capsys, "--db", str(db), "demo", "--today", "2026-05-08",
                             "--seed", "7")
        assert (0, "") == (code, err)
        assert db.is_file()
        assert out.startswith("Đã tạo tỉnh giả lập Ninh Giang")
        assert "BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ" in out
        # 08/05/2026 lies in the quý II/2026 cut-off window 15/03-14/06 (Decree 09/2019).
        assert "Kỳ báo cáo: Quý II/2026 (từ ngày 15/03/2026 đến ngày 14/06/2026)" in out
        assert "Nhắc việc, đôn đốc ngày 08/05/2026" in out

    def test_default_database_in_working_directory(
            self, capsys: pytest.CaptureFixture[str], tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> None:
        """Without --db nor $DIRECTIVE_TRACKER_DB: ./directive_tracker.sqlite3 (README command)."""
        monkeypatch.delenv("DIRECTIVE_TRACKER_DB", raising=False)
        monkeypatch.chdir(tmp_path)
        code, _, _ = run(capsys, "demo", "--today", "2026-05-08")
        assert 0 == code
        assert (tmp_path / "directive_tracker.sqlite3").is_file()
        code, out, _ = run(capsys, "report", "summary", "--as-of", "2026-05-08")
        assert 0 == code
        assert out.startswith("TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ")

    def test_database_from_environment(self, capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                       ) -> None:
        """$DIRECTIVE_TRACKER_DB names the default database."""
        db = tmp_path / "office.sqlite3"
        monkeypatch.setenv("DIRECTIVE_TRACKER_DB", str(db))
        code, _, _ = run(capsys, "demo", "--today", "2026-05-08")
        assert 0 == code
        assert db.is_file()

    def test_demo_is_deterministic(self, tmp_path: Path) -> None:
        """The same seed and today give the same data, line for line."""
        dumps = []
        for name in ("a", "b"):
            db = tmp_path / f"{name}.sqlite3"
            assert 0 == main(["--db", str(db), "--format", "json", "demo", "--today",
                              "2026-05-08", "--seed", "3"])
            dump = tmp_path / f"{name}.jsonl"
            assert 0 == main(["--db", str(db), "export", "-o", str(dump)])
            dumps.append(dump.read_text(encoding="utf-8"))
        assert dumps[0] == dumps[1]

    def test_demo_reorganisation(self, tmp_path: Path) -> None:
        """Units follow Decree 150/2025 (14 departments) and merged units hand over tasks."""
        db = tmp_path / "demo.sqlite3"
        assert 0 == main(["--db", str(db), "--format", "json", "demo", "--today",
                          "2026-05-08"])
        store = SQLiteStore(db)
        try:
            current = [u for u in store.get_units()
                       if u.kind is UnitKind.DEPARTMENT and u.valid_to is None]
            assert 14 == len(current)
            events = store.get_events("NV-0001")
        finally:
            store.close()
        transfer = next(e for e in events if e.kind == "transferred")
        assert ("SKHDT", "STC", date(2025, 3, 3)) == (transfer.from_unit, transfer.to_unit,
                                                      transfer.on)

    def test_demo_refuses_existing_file(self, capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
        """An existing database is not overwritten without --force."""
        db = tmp_path / "demo.sqlite3"
        db.write_text("keep me", encoding="utf-8")
        code, _, err = run(capsys, "--lang", "en", "--db", str(db), "demo", "--today", "2026-05-08")
        assert 1 == code
        assert "already exists" in err
        assert "keep me" == db.read_text(encoding="utf-8")

    def test_demo_force(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """--force replaces a previous demo database."""
        db = tmp_path / "demo.sqlite3"
        assert 0 == main(["--db", str(db), "demo", "--today", "2026-05-08"])
        code, _, _ = run(capsys, "--db", str(db), "demo", "--today", "2026-05-08", "--force")
        assert 0 == code

    def test_demo_today_before_reorganisation(self, capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
        """The demo needs a today on or after 01/07/2025."""
        code, _, err = run(capsys, "--db", str(tmp_path / "d.sqlite3"), "demo", "--today",
                           "2024-01-01")
        assert 1 == code
        assert "between 2025-07-01 and 2099-06-30" in err

        assert [] == sorted(p.name for p in tmp_path.iterdir())

    def test_failed_force_keeps_the_old_database(self, capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
        """--force with a bad option fails (exit 1) and leaves the old database as it was."""
        db = tmp_path / "demo.sqlite3"
        assert 0 == main(["--lang", "en",
                          "--db", str(db), "demo", "--today", "2026-05-08", "--seed", "1"])
        before = db.read_bytes()
        capsys.readouterr()
        code, _, err = run(capsys, "--lang", "en", "--db", str(db), "demo", "--today", "2026-05-08",
                           "--force", "--directives", "0")
        assert 1 == code
        assert "directives must be between 1 and 10000" in err
        assert before == db.read_bytes()
        assert ["demo.sqlite3"] == sorted(p.name for p in tmp_path.iterdir())

    def test_interrupted_demo_leaves_no_file(self, capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
        """Ctrl-C while generating exits 130 and leaves no half-built database behind."""
        from directive_tracker import demo

        real = demo.build_demo

        def interrupt(store: object, **kwargs: object) -> None:
            real(store, **kwargs)  # type: ignore[arg-type]
            raise KeyboardInterrupt

        monkeypatch.setattr(demo, "build_demo", interrupt)
        code, _, _ = run(capsys, "--db", str(tmp_path / "d.sqlite3"), "demo", "--today",
                         "2026-05-08")
        assert 130 == code
        assert [] == sorted(p.name for p in tmp_path.iterdir())

    def test_database_in_missing_folder(self, capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
        """--db in a folder that does not exist is a storage error naming the path."""
        db = tmp_path / "none" / "d.sqlite3"
        code, _, err = run(capsys, "--lang", "en", "--db", str(db), "demo", "--today", "2026-05-08")
        assert 3 == code
        assert (f"directive-tracker: error: cannot create SQLite database {str(db)!r}: "
                "unable to open database file\n") == err

    def test_database_is_a_directory(self, capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
        """--db naming a directory is refused even with --force (exit 1)."""
        code, _, err = run(capsys, "--lang", "en",
                           "--db", str(tmp_path), "demo", "--today", "2026-05-08",
                           "--force")
        assert 1 == code
        assert (f"directive-tracker: error: {str(tmp_path)!r} is not a file: give --db a "
                "file path\n") == err
        assert [] == sorted(p.name for p in tmp_path.iterdir())


class TestBuildDemo:
    def test_refuses_a_non_store(self) -> None:
        """The store must be a Store."""
        from directive_tracker.demo import build_demo
        from directive_tracker.exceptions import InvalidTypeError

        with pytest.raises(InvalidTypeError, match="store must be"):
            build_demo(object(), today=date(2026, 5, 8))  # type: ignore[arg-type]

    def test_refuses_a_datetime_today(self) -> None:
        """today must be a date, not a datetime."""
        from directive_tracker.demo import build_demo
        from directive_tracker.exceptions import InvalidTypeError
        from directive_tracker.storage import MemoryStore

        with pytest.raises(InvalidTypeError, match="today must be"):
            build_demo(MemoryStore(), today=datetime(2026, 5, 8, tzinfo=VIETNAM_TZ))

    @pytest.mark.parametrize("count", [0, 10_001])
    def test_refuses_directive_counts(self, count: int) -> None:
        """directives must be within 1..10000."""
        from directive_tracker.demo import build_demo
        from directive_tracker.exceptions import ValidationError
        from directive_tracker.storage import MemoryStore

        with pytest.raises(ValidationError, match="directives must be between 1 and 10000"):
            build_demo(MemoryStore(), today=date(2026, 5, 8), directives=count)

    def test_document_numbers_follow_decree_30(self) -> None:
        """Numbers are "05/CT-UBND" style (leading zero below 10) or công văn "123/UBND-KT"."""
        import re

        from directive_tracker.demo import build_demo
        from directive_tracker.storage import MemoryStore

        store = MemoryStore()
        build_demo(store, today=date(2026, 5, 8), seed=11)
        numbers = [str(d.number) for d in store.get_directives() if d.number is not None]
        pattern = re.compile(r"^(\d{2,}/(CT|KH|TB|QĐ)-UBND|\d{2,}/UBND-KT)$")
        assert [] == [n for n in numbers if not pattern.match(n)]
        assert len(numbers) >= 10

    def test_no_event_after_today(self) -> None:
        """Only events up to the demo's today exist."""
        from directive_tracker.demo import build_demo
        from directive_tracker.storage import MemoryStore

        store = MemoryStore()
        build_demo(store, today=date(2026, 5, 8), seed=5)
        ids = [t.id for t in store.get_tasks()]
        latest = max(e.on for evs in store.get_events_for(ids).values() for e in evs)
        assert latest <= date(2026, 5, 8)


class TestUsage:
    @pytest.mark.parametrize("command", ["calendar", "deadline", "demo", "report", "remind",
                                         "export", "import"])
    def test_every_subcommand_has_help(self, capsys: pytest.CaptureFixture[str],
                                       command: str) -> None:
        """Each subcommand prints its usage with --help and exits 0."""
        code, out, _ = run(capsys, "--lang", "en", command, "--help")
        assert 0 == code
        assert out.startswith(f"usage: directive-tracker {command}")

    def test_no_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a subcommand the help goes to stderr and the exit code is 2."""
        code, out, err = run(capsys, "--lang", "en")
        assert 2 == code
        assert "" == out
        assert "usage: directive-tracker" in err

    def test_unknown_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown subcommand is a usage error."""
        code, _, err = run(capsys, "--lang", "en", "frobnicate")
        assert 2 == code
        assert "invalid choice: 'frobnicate'" in err

    def test_bad_lang(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Only vi and en are languages."""
        code, _, err = run(capsys, "--lang", "en", "--lang", "fr", "calendar", "2026")
        assert 2 == code
        assert "invalid choice: 'fr'" in err

    def test_help_exits_zero(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--help prints usage on stdout and exits 0."""
        code, out, _ = run(capsys, "--lang", "en", "--help")
        assert 0 == code
        assert "Exit codes: 0 ok, 1 domain/validation error, 2 usage error" in " ".join(
            out.split())

    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--version prints the package version."""
        code, out, _ = run(capsys, "--version")
        assert 0 == code
        assert "directive-tracker 0.1.0\n" == out

    def test_reader_closing_the_pipe(self, tmp_path: Path) -> None:
        """``export | head -1``: the closed pipe ends the command quietly, exit 0."""
        db = tmp_path / "demo.sqlite3"
        assert 0 == main(["--db", str(db), "demo", "--today", "2026-05-08", "--format",
                          "json"])
        proc = subprocess.Popen([sys.executable, "-m", "directive_tracker", "--db", str(db),
                                 "export"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None
        assert proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()  # more than a pipe buffer (64 KiB) is still to be written
        err = proc.stderr.read()
        proc.stderr.close()
        assert 0 == proc.wait(timeout=60)
        assert first.startswith(b'{"format":"directive_tracker"')
        assert b"" == err

    def test_python_dash_m(self) -> None:
        """``python -m directive_tracker`` runs the same command line."""
        proc = subprocess.run([sys.executable, "-m", "directive_tracker", "calendar", "2026",
                               "--format", "csv"], capture_output=True, text=True,
                              encoding="utf-8", check=False)
        assert 0 == proc.returncode
        assert proc.stdout.startswith("date,weekday,working,kind,label,reason,source\n")


class TestHelpers:
    @pytest.mark.parametrize(("text", "expected"), [
        ("2026-01-10", (2026, 1, 10)),
        ("10/01/2026", (2026, 1, 10)),
        ("1/2/2024", (2024, 2, 1)),
        ("29-02-2024", (2024, 2, 29)),
    ])
    def test_parse_cli_date(self, text: str, expected: tuple[int, int, int]) -> None:
        """ISO and day-first dates are read."""
        d = parse_cli_date(text)
        assert expected == (d.year, d.month, d.day)

    @pytest.mark.parametrize("text", ["2026/13/01", "31/02/2026", "tomorrow", "", "10/01/26"])
    def test_parse_cli_date_refuses(self, text: str) -> None:
        """Malformed or impossible dates raise ArgumentTypeError naming the text."""
        import argparse

        with pytest.raises(argparse.ArgumentTypeError, match="invalid date"):
            parse_cli_date(text)

    def test_render_table_aligns_vietnamese(self) -> None:
        """Columns align by display width; multi-line cells continue below."""
        lines = render_table(["Ngày", "Lý do"], [["02/01", "Nghỉ\nCăn cứ: CV"], ["3", "x"]])
        assert ["Ngày   Lý do",
                "─────  ──────────",
                "02/01  Nghỉ",
                "       Căn cứ: CV",
                "3      x"] == lines

    def test_progress_is_silent_when_not_a_tty(self) -> None:
        """A progress bar on a non-TTY stream writes nothing."""
        stream = io.StringIO()
        with Progress(total=3, label="import", stream=stream) as bar:
            bar.advance(3)
        assert "" == stream.getvalue()
        assert 3 == bar.done

    def test_busy_is_silent_when_not_a_tty(self) -> None:
        """The spinner draws nothing on a non-TTY stream."""
        stream = io.StringIO()
        with Busy("report", stream=stream):
            pass
        assert "" == stream.getvalue()

    def test_busy_draws_and_clears_when_forced(self) -> None:
        """A forced spinner shows the label with elapsed seconds, then clears its line."""
        import time as _time

        stream = io.StringIO()
        with Busy("report", stream=stream, enabled=True):
            _time.sleep(0.6)
        text = stream.getvalue()
        assert "\rreport " in text
        assert " s" in text
        assert text.endswith("\r" + " " * (6 + 16) + "\r")

    def test_progress_draws_when_forced(self) -> None:
        """A forced progress bar ends with the full bar and a newline."""
        stream = io.StringIO()
        with Progress(total=2, label="demo", stream=stream, enabled=True) as bar:
            bar.advance(2)
        assert stream.getvalue().endswith("\rdemo " + "█" * 30 + " 2/2 (100%)\n")

    def test_progress_draws_on_a_terminal_by_default(self) -> None:
        """Without enabled=, a stream that is a TTY gets the bar (the CLI's case)."""

        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        stream = Terminal()
        with Progress(total=4, label="Nhập", stream=stream) as bar:
            bar.advance(4)
        assert stream.getvalue().endswith("\rNhập " + "█" * 30 + " 4/4 (100%)\n")
