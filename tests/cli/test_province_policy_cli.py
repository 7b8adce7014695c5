# SPDX-License-Identifier: MIT
"""
The command line counts with the province policy stored in the database (issue 15 item 4).

Expected values by hand: Mon 12/10/2026 + 5 working days is Mon 19/10/2026; with the
province's typhoon closure of Thu 15/10 it is Tue 20/10.  "trước ngày 21/02/2026" is
Sat 21/02, in the Tết 2026 break (14–22/02, TB 9441/TB-BNV); under the Art 148(5)
reading it moves to Mon 23/02/2026.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from directive_tracker.bootstrap import open_store, sqlite_url
from directive_tracker.calendars import CalendarPolicy, DayOverride
from directive_tracker.cli import main
from directive_tracker.settings import ProvincePolicy

TYPHOON = DayOverride(date=date(2026, 10, 15), working=False, reason_vi="Nghỉ do bão số 12",
                      source="CĐ 05/CĐ-UBND, 14/10/2026", decided_on=date(2026, 10, 14))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI and return (exit code, stdout, stderr)."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database holding the province policy (typhoon closure, Art 148(5) reading)."""
    monkeypatch.delenv("DIRECTIVE_TRACKER_NOTICES", raising=False)
    monkeypatch.delenv("DIRECTIVE_TRACKER_STORE", raising=False)
    path = tmp_path / "tinh.sqlite3"
    with open_store(sqlite_url(path)) as store:
        store.put_settings(ProvincePolicy(calendar=CalendarPolicy(fixed_date_roll=True),
                                          overrides=(TYPHOON,)))
    return path


class TestStoredPolicy:
    def test_deadline_uses_the_stored_overrides(self, capsys: pytest.CaptureFixture[str],
                                                db: Path) -> None:
        """The closure stored by the province moves the due date for the CLI too."""
        _, out, _ = run(capsys, "deadline", "trong 5 ngày làm việc", "--from", "2026-10-12",
                        "--db", str(db))
        assert "20/10/2026 (Thứ Ba)" in out
        _, out, _ = run(capsys, "deadline", "trong 5 ngày làm việc", "--from", "2026-10-12",
                        "--db", str(db.parent / "other.sqlite3"))
        assert "19/10/2026 (Thứ Hai)" in out
        assert not (db.parent / "other.sqlite3").exists()  # not created by reading

    def test_deadline_uses_the_stored_reading(self, capsys: pytest.CaptureFixture[str],
                                              db: Path) -> None:
        """The stored Art 148(5) reading moves "trước ngày 21/02/2026" to Mon 23/02."""
        _, out, _ = run(capsys, "deadline", "trước ngày 21/02/2026", "--from", "2026-02-02",
                        "--db", str(db), "--explain")
        assert "23/02/2026 (Thứ Hai)" in out
        assert "BLDS 2015 Điều 144" in out

    def test_calendar_lists_the_stored_closure(self, capsys: pytest.CaptureFixture[str],
                                               db: Path) -> None:
        """calendar YEAR --db shows the province's own day off with its document."""
        _, out, _ = run(capsys, "calendar", "2026", "--db", str(db))
        lines = out.splitlines()
        row = next(i for i, line in enumerate(lines) if line.startswith("15/10/2026"))
        assert "Nghỉ do bão số 12" in lines[row]
        assert "Căn cứ: CĐ 05/CĐ-UBND, 14/10/2026" == lines[row + 1].strip()
