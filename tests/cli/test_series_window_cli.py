# SPDX-License-Identifier: MIT
"""``directive-tracker series`` on a Decree 09 reporting duty: each occurrence's data
window (issue 13, item 3).

Decree 09/2019 Art 12: a quarterly report's data run from the 15th of the month before
the quarter to the 14th of its last month (quý I/2026: 15/12/2025 - 14/03/2026; quý
II/2026: 15/03 - 14/06/2026); Art 13: due the 25th of the quarter's last month (25/03,
25/06/2026).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from directive_tracker import services
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.cli import main
from directive_tracker.directives import Directive
from directive_tracker.storage import SQLiteStore
from directive_tracker.units import Unit, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "q.sqlite3"
    with SQLiteStore(path) as store:
        store.add_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
        store.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 1, 5),
                                      summary="Chế độ báo cáo định kỳ"))
        services.declare_reporting_duty(store, vietnam_calendar(), directive_id="D1",
                                        task_id="BC-Q", unit="SNV", kind="quarter",
                                        actor="vt",
                                        clock=lambda: datetime(2026, 1, 5, 9, tzinfo=VN))
    return path


def test_text_shows_the_window(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    assert main(["--db", str(db), "series", "BC-Q", "--as-of", "2026-04-01"]) == 0
    out = capsys.readouterr().out
    assert "Số liệu từ – đến" in out
    q1 = next(line for line in out.splitlines() if line.startswith("2026-Q1"))
    assert "15/12/2025 – 14/03/2026" in q1
    assert "25/03/2026" in q1
    q2 = next(line for line in out.splitlines() if line.startswith("2026-Q2"))
    assert "15/03/2026 – 14/06/2026" in q2
    assert main(["--lang", "en", "--db", str(db), "series", "BC-Q", "--as-of",
                 "2026-04-01"]) == 0
    assert "Data from – to" in capsys.readouterr().out


def test_json_and_csv_have_the_window(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    assert main(["--format", "json", "--db", str(db), "series", "BC-Q", "--as-of",
                 "2026-04-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(o["occurrence"], o["window_start"], o["window_end"], o["due"])
            for o in data["occurrences"]] == [
        ("2026-Q1", "2025-12-15", "2026-03-14", "2026-03-25"),
        ("2026-Q2", "2026-03-15", "2026-06-14", "2026-06-25")]
    assert main(["--format", "csv", "--db", str(db), "series", "BC-Q", "--as-of",
                 "2026-04-01"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert (rows[0]["window_start"], rows[0]["window_end"]) == ("2025-12-15", "2026-03-14")
