# SPDX-License-Identifier: MIT
"""
``directive-tracker calendar`` and ``deadline`` over provisional days (issue 15).

Expected values by hand: no official Tết 2027 schedule nor New Year 2027 notice has been
published (domain brief §10), so the library shows python-holidays' rule-based Tết:
Lunar New Year's Day is Sat 06/02/2027, the five statutory days are Thu 04/02 (29 Tết)
to Mon 08/02 plus the weekend, and the break it lists runs 04/02–10/02/2027.
The notice file below is a test document (TB 1/TB-TEST), not an official one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from directive_tracker.cli import main

NOTICE: dict[str, Any] = {
    "version": "test-2027.1",
    "format": 2,
    "years": [{"year": 2027, "decided_on": "2026-10-20", "source": "TB 1/TB-TEST, 20/10/2026"}],
    "entries": [
        {"date": "2027-02-12", "kind": "swapped_day_off", "swap_with": "2027-02-20",
         "reason_vi": "Nghỉ hoán đổi", "reason_en": "Swapped day off",
         "source": "TB 1/TB-TEST, 20/10/2026", "decided_on": "2026-10-20"},
        {"date": "2027-02-20", "kind": "makeup_working_day", "swap_with": "2027-02-12",
         "reason_vi": "Làm bù", "reason_en": "Make-up working day",
         "source": "TB 1/TB-TEST, 20/10/2026", "decided_on": "2026-10-20"},
    ],
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI and return (exit code, stdout, stderr)."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def notice_file(tmp_path: Path) -> Path:
    """The test notice confirming 2027 with one swap (Fri 12/02 off, Sat 20/02 worked)."""
    p = tmp_path / "notice-2027.json"
    p.write_text(json.dumps(NOTICE, ensure_ascii=False), encoding="utf-8")
    return p


@pytest.fixture(autouse=True)
def _no_env_notices(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No notice file from the environment, and no database in the working directory."""
    monkeypatch.delenv("DIRECTIVE_TRACKER_NOTICES", raising=False)
    monkeypatch.delenv("DIRECTIVE_TRACKER_STORE", raising=False)
    monkeypatch.setenv("DIRECTIVE_TRACKER_DB", str(tmp_path / "none.sqlite3"))


class TestCalendarMarksProvisionalDays:
    def test_tet_2027_is_marked_expected_with_its_basis(
            self, capsys: pytest.CaptureFixture[str]) -> None:
        """Each Tết 2027 day says "dự kiến" and cites its basis, not a bare article."""
        code, out, err = run(capsys, "calendar", "2027")
        assert (0, "") == (code, err)
        lines = out.splitlines()
        row = next(i for i, line in enumerate(lines) if line.startswith("06/02/2027"))
        assert "Nghỉ lễ, Tết (dự kiến)" in lines[row]
        assert ("Căn cứ: dự kiến theo Bộ luật Lao động 2019, Điều 112 — chưa có thông báo "
                "chính thức") == lines[row + 1].strip()
        # 01/01 is fixed by the Labour Code itself: not provisional.
        row = next(i for i, line in enumerate(lines) if line.startswith("01/01/2027"))
        assert "(dự kiến)" not in lines[row]
        assert "Căn cứ: Bộ luật Lao động 2019, Điều 112" == lines[row + 1].strip()
        assert "04/02 – 10/02/2027  7 ngày   Tết Nguyên Đán (dự kiến)" in out
        assert "Lưu ý:" in out
        assert "chưa có thông báo chính thức" in out

    def test_no_python_names_shown_to_clerks(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Culture Day cites the resolution and the province's policy, no Python name."""
        _, out, _ = run(capsys, "calendar", "2027")
        assert "CalendarPolicy" not in out
        assert "culture_day_from" not in out
        assert "python-holidays" not in out

    def test_2026_is_confirmed(self, capsys: pytest.CaptureFixture[str]) -> None:
        """2026 has its schedule (TB 9441/TB-BNV): nothing is marked expected."""
        _, out, _ = run(capsys, "calendar", "2026")
        assert "dự kiến" not in out

    def test_json_gains_provisional_and_decided_on(
            self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON days carry provisional, decided_on and basis; the year says it is provisional."""
        code, out, _ = run(capsys, "calendar", "2027", "--format", "json")
        assert 0 == code
        data = json.loads(out)
        assert data["provisional"] is True
        days = {d["date"]: d for d in data["days"]}
        assert days["2027-02-08"]["provisional"] is True
        assert days["2027-02-08"]["decided_on"] is None
        assert days["2027-01-01"]["provisional"] is False
        _, out, _ = run(capsys, "calendar", "2026", "--format", "json")
        data = json.loads(out)
        assert data["provisional"] is False
        days = {d["date"]: d for d in data["days"]}
        # The New Year 2026 swap: CV 12729/VPCP-KGVX of 25/12/2025.
        assert "2025-12-25" == days["2026-01-02"]["decided_on"]
        assert "CV 12729/VPCP-KGVX, 25/12/2025" == days["2026-01-02"]["basis"]


class TestNoticesOption:
    def test_notice_confirms_the_year(self, capsys: pytest.CaptureFixture[str],
                                      notice_file: Path) -> None:
        """With the 2027 notice, Tết is no longer "dự kiến" and the swap is listed."""
        code, out, err = run(capsys, "calendar", "2027", "--notices", str(notice_file))
        assert (0, "") == (code, err)
        assert "dự kiến" not in out
        lines = out.splitlines()
        row = next(i for i, line in enumerate(lines) if line.startswith("12/02/2027"))
        assert "Nghỉ hoán đổi" in lines[row]
        assert "Căn cứ: TB 1/TB-TEST, 20/10/2026" == lines[row + 1].strip()
        # Tết 04/02–10/02 then Thu 11/02 worked, Fri 12/02 swapped off: two breaks.
        assert "12/02 – 14/02/2027  3 ngày" in out

    def test_repeatable_and_validated(self, capsys: pytest.CaptureFixture[str],
                                      tmp_path: Path, notice_file: Path) -> None:
        """A notice entry without its decision date is refused (exit 1, one line)."""
        bad = json.loads(json.dumps(NOTICE))
        del bad["entries"][0]["decided_on"]
        p = tmp_path / "bad.json"
        p.write_text(json.dumps(bad), encoding="utf-8")
        code, out, err = run(capsys, "calendar", "2027", "--notices", str(notice_file),
                             "--notices", str(p))
        assert (1, "") == (code, out)
        assert "decided_on" in err
        assert "Traceback" not in err

    def test_missing_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A missing notice file is an error, not a silent default."""
        code, _, err = run(capsys, "calendar", "2027", "--notices", str(tmp_path / "no.json"))
        assert 0 != code
        assert "no.json" in err


class TestCheck:
    def test_check_reports_version_and_provisional_years(
            self, capsys: pytest.CaptureFixture[str]) -> None:
        """--check names the data version and the provisional years up to YEAR."""
        from directive_tracker.calendars import OFFICIAL_DATA_VERSION

        code, out, _ = run(capsys, "calendar", "--check", "2027")
        assert 0 == code
        assert f"Dữ liệu lịch: phiên bản {OFFICIAL_DATA_VERSION}" == out.splitlines()[0]
        # History to 2024, then the 2025 and 2026 schedules.
        assert "Năm đã có thông báo chính thức: 1995–2026" in out
        assert "Năm dự kiến (chưa có thông báo chính thức): 2027" in out

    def test_check_lists_loaded_files(self, capsys: pytest.CaptureFixture[str],
                                      notice_file: Path) -> None:
        """A loaded file is listed with its version and number of days; 2027 is confirmed."""
        code, out, _ = run(capsys, "--lang", "en", "calendar", "--check", "2027",
                           "--notices", str(notice_file))
        assert 0 == code
        assert (f"Additional notice file: {notice_file} (version test-2027.1, 2 days)"
                in out.splitlines())
        assert "Years with official notices: 1995–2027" in out
        assert "Provisional years (no official notice yet): none" in out

    def test_check_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--check --format json gives the same facts as keys."""
        _, out, _ = run(capsys, "calendar", "--check", "2028", "--format", "json")
        data = json.loads(out)
        assert [2027, 2028] == data["provisional_years"]
        assert 2026 == data["confirmed_years"][-1]
        assert [] == data["files"]

    def test_year_needed_without_check(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --check a YEAR is required: a usage error (exit code 2), one message
        in the language asked for."""
        code, _, err = run(capsys, "calendar")
        assert 2 == code
        assert "thiếu đối số bắt buộc: NĂM (hoặc --check)" in err
        code, _, err = run(capsys, "--lang", "en", "calendar")
        assert 2 == code
        assert "the following arguments are required: YEAR (or --check)" in err


class TestDeadlineOverProvisionalDays:
    def test_note_without_explain(self, capsys: pytest.CaptureFixture[str]) -> None:
        """5 working days from Fri 29/01/2027: 01, 02, 03/02, then (Tết 04–10/02) 11, 12/02.

        Due Fri 12/02/2027, counted over the provisional Tết days 04/02–10/02.
        """
        code, out, _ = run(capsys, "deadline", "trong 5 ngày làm việc", "--from", "2027-01-29")
        assert 0 == code
        assert "12/02/2027 (Thứ Sáu)" in out
        assert ("Lưu ý: thời hạn được tính qua ngày nghỉ dự kiến, chưa có thông báo chính "
                "thức (04/02/2027–10/02/2027); hạn có thể thay đổi khi có thông báo."
                == out.splitlines()[-1].strip())

    def test_explain_marks_the_days_and_the_deadline(
            self, capsys: pytest.CaptureFixture[str]) -> None:
        """--explain names the skipped days as expected and carries the note."""
        _, out, _ = run(capsys, "deadline", "trong 5 ngày làm việc", "--from", "2027-01-29",
                        "--explain")
        assert ("04–10/02 (Nghỉ lễ, Tết, dự kiến theo Bộ luật Lao động 2019, Điều 112 — chưa "
                "có thông báo chính thức)") in out
        assert "3. Lưu ý: thời hạn được tính qua ngày nghỉ dự kiến" in out
        assert out.rstrip().endswith("4. → 12/02/2027")

    def test_json_flag(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON says whether the deadline is provisional."""
        _, out, _ = run(capsys, "deadline", "trong 5 ngày làm việc", "--from", "2027-01-29",
                        "--format", "json")
        assert json.loads(out)["provisional"] is True
        # 5 working days from Fri 09/01/2026: Sat 10/01 (make-up day, CV 12729/VPCP-KGVX),
        # then 12, 13, 14, 15/01/2026 — a confirmed year.
        _, out, _ = run(capsys, "deadline", "trong 5 ngày làm việc", "--from", "2026-01-09",
                        "--format", "json")
        data = json.loads(out)
        assert ("2026-01-15", False) == (data["due"], data["provisional"])

    def test_confirmed_by_a_notice(self, capsys: pytest.CaptureFixture[str],
                                   notice_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """With the notice loaded (environment), no note; the swap moves the due date.

        From Fri 29/01/2027: 01, 02, 03/02 (3), Tết 04–10/02, Thu 11/02 (4), Fri 12/02
        swapped off, Mon 15/02 (5).
        """
        monkeypatch.setenv("DIRECTIVE_TRACKER_NOTICES", str(notice_file))
        _, out, _ = run(capsys, "deadline", "trong 5 ngày làm việc", "--from", "2027-01-29")
        assert "15/02/2027 (Thứ Hai)" in out
        assert "Lưu ý" not in out
