# SPDX-License-Identifier: MIT
"""``directive-tracker series``: the occurrences of a periodic duty (issue 13, item 6)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from directive_tracker import services
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.cli import main
from directive_tracker.demo import build_demo
from directive_tracker.directives import Directive
from directive_tracker.storage import MemoryStore, SQLiteStore
from directive_tracker.units import Unit, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A monthly duty due the 20th: January sent Thu 22/01 (late), February Thu 12/02."""
    path = tmp_path / "s.sqlite3"
    cal = vietnam_calendar()
    with SQLiteStore(path) as store:
        store.add_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
        store.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 1, 5),
                                      summary="Chế độ báo cáo định kỳ"))
        services.assign_task(store, cal, directive_id="D1", task_id="BC1",
                             content="Báo cáo tình hình", lead_unit="SNV",
                             deadline="trước ngày 20 hằng tháng", actor="vt",
                             clock=lambda: datetime(2026, 1, 5, 9, tzinfo=VN))
        for key, day in (("2026-01", date(2026, 1, 22)), ("2026-02", date(2026, 2, 12))):
            services.complete_task(store, cal, "BC1", actor="snv", occurrence=key,
                                   clock=lambda d=day: datetime(d.year, d.month, d.day, 16,
                                                                tzinfo=VN))
    return path


def test_series_in_vietnamese(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    assert main(["--db", str(db), "series", "BC1", "--as-of", "2026-03-05"]) == 0
    out = capsys.readouterr().out
    assert "CÁC KỲ CỦA NHIỆM VỤ BC1 (tính đến ngày 05/03/2026)" in out
    lines = out.splitlines()
    # January: due 20/01, done 22/01: (20/01, 22/01] = 2 working days late.
    jan = next(line for line in lines if line.startswith("2026-01"))
    assert "Tháng 1/2026" in jan
    assert "Đã hoàn thành quá hạn" in jan
    assert "-2" in jan
    feb = next(line for line in lines if line.startswith("2026-02"))
    assert "Đã hoàn thành đúng hạn" in feb
    # March (the next): due Fri 20/03, (05/03, 20/03] = 06/03, 09-13/03, 16-20/03 = 11.
    mar = next(line for line in lines if line.startswith("2026-03"))
    assert "Đang thực hiện trong hạn" in mar
    assert mar.split()[-1] == "11"
    # One of two occurrences due was on time: 50,0%.
    assert "Tỷ lệ đúng hạn: 50,0% (1/2 kỳ đã đến hạn)" in out


def test_series_in_english_and_json(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    assert main(["--lang", "en", "--db", str(db), "series", "BC1", "--as-of",
                 "2026-03-05"]) == 0
    out = capsys.readouterr().out
    assert "OCCURRENCES OF TASK BC1 (as of 05/03/2026)" in out
    assert "February 2026" in out
    assert "On-time rate: 50.0% (1/2 occurrences due)" in out
    assert main(["--format", "json", "--db", str(db), "series", "BC1", "--as-of",
                 "2026-03-05"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(o["occurrence"], o["working_days_late"]) for o in data["occurrences"]] == [
        ("2026-01", 2), ("2026-02", 0), ("2026-03", 0)]
    assert (data["judged"], data["on_time"]) == (2, 1)


def test_series_of_a_one_off_task(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "o.sqlite3"
    cal = vietnam_calendar()
    with SQLiteStore(path) as store:
        store.add_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
        store.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 1, 5),
                                      summary="Kế hoạch"))
        services.assign_task(store, cal, directive_id="D1", task_id="T1", content="Rà soát",
                             lead_unit="SNV", deadline="trong 10 ngày làm việc", actor="vt",
                             clock=lambda: datetime(2026, 1, 5, 9, tzinfo=VN))
    assert main(["--db", str(path), "series", "T1", "--as-of", "2026-01-06"]) != 0
    assert ("nhiệm vụ 'T1' không phải nhiệm vụ định kỳ (thời hạn không lặp lại)"
            in capsys.readouterr().err)
    assert main(["--lang", "en", "--db", str(path), "series", "T1", "--as-of",
                 "2026-01-06"]) != 0
    assert "task 'T1' does not recur" in capsys.readouterr().err


def test_unknown_occurrence_in_vietnamese() -> None:
    """The CLI's Vietnamese wording of an unknown occurrence key names the nearest ones."""
    from directive_tracker.cli._i18n import error_message
    from directive_tracker.exceptions import ValidationError

    exc = ValidationError("task 'BC1' has no occurrence '2026-03' on 2026-02-12",
                          code="unknown_occurrence", task_id="BC1", value="2026-03",
                          suggestions=("2026-02", "2026-01"))
    assert error_message(exc, "vi") == ("nhiệm vụ 'BC1' không có kỳ '2026-03'; các kỳ gần "
                                        "nhất: 2026-02, 2026-01")


def test_demo_has_periodic_duties() -> None:
    """The demo province's reporting regime: monthly reports due the 20th, a quarterly one."""
    store = MemoryStore()
    build_demo(store, today=date(2026, 5, 8))
    cal = vietnam_calendar()
    quarterly = services.series_status(store, cal, "BC-QUY-SNV", as_of=date(2026, 5, 8))
    # Assigned 08/05/2025 (a Thursday, a working day): quarterly by the 15th of the last
    # month: 15/06/2025, 15/09, 15/12/2025, 15/03/2026 and the next, 15/06/2026.
    assert [(i.occurrence.key, i.occurrence.due) for i in quarterly.items] == [
        ("2025-Q2", date(2025, 6, 15)), ("2025-Q3", date(2025, 9, 15)),
        ("2025-Q4", date(2025, 12, 15)), ("2026-Q1", date(2026, 3, 15)),
        ("2026-Q2", date(2026, 6, 15))]
    monthly = services.series_status(store, cal, "BC-THANG-STC", as_of=date(2026, 5, 8))
    # 20/05/2025 ... 20/04/2026 (12 due) plus the next, 20/05/2026.
    assert len(monthly.items) == 13
    assert any(e.occurrence for e in store.get_events("BC-THANG-STC"))
