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

import pytest

from directive_tracker.cli import Progress, main, parse_cli_date, render_table


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

    def test_year_out_of_range_is_a_validation_error(
            self, capsys: pytest.CaptureFixture[str]) -> None:
        """1990 is outside 1995-2099: exit 1 and one line on stderr, no traceback."""
        code, out, err = run(capsys, "calendar", "1990")
        assert 1 == code
        assert "" == out
        assert ("directive-tracker: error: year must be between 1995 and 2099 (inclusive), "
                "got 1990\n") == err

    def test_year_not_a_number_is_a_usage_error(
            self, capsys: pytest.CaptureFixture[str]) -> None:
        """A non-numeric year is a usage error (exit 2)."""
        code, _, err = run(capsys, "calendar", "abc")
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

    def test_bad_phrase(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unreadable phrase: exit 1, the phrase quoted on stderr, no traceback."""
        code, out, err = run(capsys, "deadline", "ngày mai", "--from", "2024-01-31")
        assert 1 == code
        assert "" == out
        assert err.startswith("directive-tracker: error: cannot read deadline phrase 'ngày mai'")
        assert "Traceback" not in err

    def test_bad_date(self, capsys: pytest.CaptureFixture[str]) -> None:
        """30/02 does not exist: a usage error (exit 2)."""
        code, _, err = run(capsys, "deadline", "trong 5 ngày", "--from", "2024-02-30")
        assert 2 == code
        assert "argument --from: invalid date '2024-02-30'" in err

    def test_date_out_of_range(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An anchor outside 1995-2099 is a validation error (exit 1)."""
        code, _, err = run(capsys, "deadline", "trong 5 ngày làm việc", "--from", "1990-01-01")
        assert 1 == code
        assert "1995-01-01" in err


class TestUsage:
    def test_no_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a subcommand the help goes to stderr and the exit code is 2."""
        code, out, err = run(capsys)
        assert 2 == code
        assert "" == out
        assert "usage: directive-tracker" in err

    def test_unknown_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown subcommand is a usage error."""
        code, _, err = run(capsys, "frobnicate")
        assert 2 == code
        assert "invalid choice: 'frobnicate'" in err

    def test_bad_lang(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Only vi and en are languages."""
        code, _, err = run(capsys, "--lang", "fr", "calendar", "2026")
        assert 2 == code
        assert "invalid choice: 'fr'" in err

    def test_help_exits_zero(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--help prints usage on stdout and exits 0."""
        code, out, _ = run(capsys, "--help")
        assert 0 == code
        assert "Exit codes: 0 ok, 1 domain/validation error, 2 usage error" in " ".join(
            out.split())

    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--version prints the package version."""
        code, out, _ = run(capsys, "--version")
        assert 0 == code
        assert "directive-tracker 0.1.0\n" == out

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

    def test_progress_draws_when_forced(self) -> None:
        """A forced progress bar ends with the full bar and a newline."""
        stream = io.StringIO()
        with Progress(total=2, label="demo", stream=stream, enabled=True) as bar:
            bar.advance(2)
        assert stream.getvalue().endswith("\rdemo " + "█" * 30 + " 2/2 (100%)\n")
