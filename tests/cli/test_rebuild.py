# SPDX-License-Identifier: MIT
"""``directive-tracker rebuild`` (issue 12 item 5): the status timelines recomputed from the
event log, with a progress bar on standard error, in Vietnamese and English."""

from __future__ import annotations

import io
import sqlite3
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from directive_tracker.cli import main
from directive_tracker.deadlines import FixedDate
from directive_tracker.directives import Directive
from directive_tracker.events import TaskAssigned, TaskCompleted
from directive_tracker.storage import SQLiteStore
from directive_tracker.tasks import Task

VN = ZoneInfo("Asia/Ho_Chi_Minh")


class Terminal(io.StringIO):
    """A stream that says it is a terminal (the progress bar draws on it)."""

    def isatty(self) -> bool:
        return True


def _at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 9, tzinfo=VN)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Two SNV tasks due 19/01/2026; B completed 12/01, its completion row then deleted
    by hand (B's timeline is stale)."""
    path = tmp_path / "r.sqlite3"
    with SQLiteStore(path) as s:
        s.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 1, 2),
                                  summary="Chỉ đạo"))
        for tid in ("A", "B"):
            log = [TaskAssigned(task_id=tid, at=_at(date(2026, 1, 5)), actor="vt")]
            if tid == "B":
                log.append(TaskCompleted(task_id="B", at=_at(date(2026, 1, 12)), actor="snv",
                                         completed_on=date(2026, 1, 12)))
            s.add_task(Task(id=tid, directive_id="D1", content="Rà soát", lead_unit="SNV",
                            deadline=FixedDate(date=date(2026, 1, 19)),
                            anchor=date(2026, 1, 5), due_date=date(2026, 1, 19),
                            assigned_on=date(2026, 1, 5)), log)
    conn = sqlite3.connect(path)
    with conn:  # events are append-only since schema 8: the documented repair path first
        conn.execute("DROP TRIGGER dt_events_no_delete")
        conn.execute("DELETE FROM events WHERE task_id = 'B' AND kind = 'completed'")
    conn.close()
    return path


def test_rebuild_in_vietnamese_with_a_progress_bar(db: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    """Exit 0, the count in Vietnamese, the full bar "Tính lại … 2/2 (100%)" on a terminal's
    stderr; afterwards B is no longer stale."""
    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    with SQLiteStore(db) as s:
        before = s.unreplayable_task_ids(date(2026, 1, 20))
    code = main(["--db", str(db), "rebuild"])
    out = capsys.readouterr().out
    with SQLiteStore(db) as s:
        after = s.unreplayable_task_ids(date(2026, 1, 20))
    assert (0, "Đã tính lại dòng thời gian trạng thái của 2 nhiệm vụ.\n") == (code, out)
    assert term.getvalue().endswith("\rTính lại " + "█" * 30 + " 2/2 (100%)\n")
    assert (["B"], []) == (before, after)


def test_rebuild_in_english_and_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--lang en prints English; --format json the count."""
    assert 0 == main(["--lang", "en", "--db", str(db), "rebuild"])
    assert "Rebuilt the status timelines of 2 task(s).\n" == capsys.readouterr().out
    assert 0 == main(["--db", str(db), "--format", "json", "rebuild"])
    assert '"tasks": 2' in capsys.readouterr().out


def test_opening_a_version_6_file_shows_the_migration(db: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    """A file at schema 6 is migrated on opening (its timelines built, bar "Nâng cấp cơ sở
    dữ liệu … 2/2"), then rebuilt; it is at version 10 afterwards (7: timelines, 8: hash
    chain, 9: occurrences, 10: the unit index)."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE schema_version SET version = 6")
    conn.close()
    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    assert 0 == main(["--db", str(db), "rebuild"])
    capsys.readouterr()
    with SQLiteStore(db) as s:
        version = s.stored_schema_version()
    drawn = term.getvalue()
    assert 11 == version
    assert "\rNâng cấp cơ sở dữ liệu " + "█" * 30 + " 2/2 (100%)\n" in drawn
    assert drawn.endswith("\rTính lại " + "█" * 30 + " 2/2 (100%)\n")


def test_missing_database_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No file at --db: exit 3, nothing created."""
    assert 3 == main(["--db", str(tmp_path / "none.sqlite3"), "rebuild"])
    assert not (tmp_path / "none.sqlite3").exists()


def test_rebuild_through_extends_the_periodic_horizon(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    """``rebuild --through 31/12/2028``: a monthly duty assigned 05/01/2026 with no other
    event (horizon 05/01/2026 + 400 days = 09/02/2027) gets rows to 31/12/2028."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from directive_tracker import services
    from directive_tracker.calendars import vietnam_calendar
    from directive_tracker.directives import Directive
    from directive_tracker.units import Unit, UnitKind

    path = tmp_path / "p.sqlite3"
    cal = vietnam_calendar()
    with SQLiteStore(path) as s:
        s.add_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
        s.add_directive(Directive(id="D1", issuer="SNV", issue_date=date(2026, 1, 2),
                                  summary="Chế độ báo cáo"))
        services.assign_task(s, cal, directive_id="D1", task_id="BC1", content="Báo cáo",
                             lead_unit="SNV", deadline="trước ngày 20 hằng tháng",
                             actor="vanthu", on_overlap="ignore",
                             clock=lambda: datetime(2026, 1, 5, 9,
                                                    tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
        assert s.unreplayable_task_ids(date(2027, 2, 10)) == ["BC1"]
    assert 0 == main(["--db", str(path), "rebuild", "--through", "31/12/2028"])
    capsys.readouterr()
    with SQLiteStore(path) as s:
        assert (s.unreplayable_task_ids(date(2028, 12, 31)),
                s.unreplayable_task_ids(date(2029, 1, 1))) == ([], ["BC1"])
