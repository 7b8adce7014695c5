# SPDX-License-Identifier: MIT
"""
A unit's overdue rows in one read (issue 12, the overdue list at 1,000,000 tasks in
20 ms): ``Store.overdue_entries`` on memory, SQLite and PostgreSQL, and the side table
``task_timeline_overdue`` that SQL stores keep with the timeline rows (SQLite schema 11,
PostgreSQL schema 12): written with them, rebuilt with them, emptied for a task whose
timeline goes stale below the library, back-filled by the migration.

Every expected value is computed by hand (see ``test_unit_index.seed``).  Calendar
facts (2026, no holiday in these weeks): T1 and T3 are due Mon 19/01; the working days
after it are Tue 20, Wed 21, Thu 22, Fri 23, Mon 26/01.  So on Thu 22/01 each is 3
working days late, on Mon 26/01 5, and on Mon 19/01 (the due day) not late.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import directive_tracker as dt
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.exceptions import InvalidTypeError
from directive_tracker.storage import SQLiteStore, Store
from directive_tracker.storage._timeline import STALE_SQL_V9, sqlite_stale_triggers
from directive_tracker.storage.base import OverdueEntry
from directive_tracker.storage.sqlite import _V11

from .test_unit_index import seed

CAL = vietnam_calendar()
DUE = date(2026, 1, 19)
CONTENT = "Rà soát thủ tục hành chính"


def _t1(late: int) -> OverdueEntry:
    return OverdueEntry("T1", "D1", CONTENT, "SNV", (), "overdue", DUE, DUE, 0, late, "", "")


def _t3(late: int) -> OverdueEntry:
    return OverdueEntry("T3", "D1", CONTENT, "SYT", ("STC",), "overdue", DUE, DUE, 0, late,
                        "", "")


def _sorted(entries: list[OverdueEntry]) -> list[OverdueEntry]:
    return sorted(entries, key=lambda e: (e.task_id, e.occurrence))


def test_entries_as_of_dates(store: Store, build: Any) -> None:
    """Thu 22/01: T1 (SNV) and T3 (SYT since its transfer from STC), 3 days late; Mon
    26/01: 5 days; Mon 19/01: none.  By lead unit: SNV has T1, STC none (it led T3
    before)."""
    seed(store, build)
    thu, mon, due = date(2026, 1, 22), date(2026, 1, 26), DUE
    assert (_sorted(store.overdue_entries(thu)), _sorted(store.overdue_entries(mon)),
            store.overdue_entries(due)) == ([_t1(3), _t3(3)], [_t1(5), _t3(5)], [])
    assert (store.overdue_entries(thu, lead_units=["SNV"]),
            store.overdue_entries(thu, lead_units=["STC"]),
            _sorted(store.overdue_entries(thu, lead_units=["SYT", "SNV"]))) == (
        [_t1(3)], [], [_t1(3), _t3(3)])


def test_completion_ends_the_row_from_its_day(store: Store, build: Any) -> None:
    """T1 completed (late) on Fri 23/01: still overdue on Thu 22/01, not on Mon 26/01
    (it counts as completed late)."""
    seed(store, build)
    task = store.get_task("T1")
    store.append_events("T1", [build.completed("T1", 23)], expected_version=task.version)
    assert (store.overdue_entries(date(2026, 1, 22), lead_units=["SNV"]),
            store.overdue_entries(date(2026, 1, 26), lead_units=["SNV"])) == ([_t1(3)], [])


def test_same_after_a_rebuild(store: Store, build: Any) -> None:
    """rebuild_timelines writes the same entries again (SQL stores refill the side table
    from the rebuilt rows in one statement)."""
    seed(store, build)
    store.rebuild_timelines()
    assert _sorted(store.overdue_entries(date(2026, 1, 22))) == [_t1(3), _t3(3)]


def test_arguments_are_checked(store: Store) -> None:
    with pytest.raises(InvalidTypeError):
        store.overdue_entries("2026-01-22")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        store.overdue_entries(date(2026, 1, 22), lead_units="SNV")


# -- the SQLite side table ---------------------------------------------------------------

def _side(path: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT lead_unit, task_id, valid_from, valid_to FROM "
                            "task_timeline_overdue ORDER BY task_id").fetchall()
    finally:
        conn.close()


def _timeline_overdue(path: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT lead_unit, task_id, valid_from, valid_to FROM "
                            "task_timeline WHERE grp = 'not_completed_overdue' "
                            "ORDER BY task_id").fetchall()
    finally:
        conn.close()


def test_side_rows_follow_the_timeline(tmp_path: Path, build: Any) -> None:
    """The side table holds the timeline's overdue rows: from Tue 20/01 (open) for T1
    and T3; after T1's completion on 23/01 its row ends there."""
    path = tmp_path / "side.sqlite3"
    with SQLiteStore(path) as s:
        seed(s, build)
    o = date.toordinal
    assert _side(path) == _timeline_overdue(path) == [
        ("SNV", "T1", o(date(2026, 1, 20)), None), ("SYT", "T3", o(date(2026, 1, 20)), None)]
    with SQLiteStore(path) as s:
        s.append_events("T1", [build.completed("T1", 23)],
                        expected_version=s.get_task("T1").version)
    assert _side(path) == _timeline_overdue(path) == [
        ("SNV", "T1", o(date(2026, 1, 20)), o(date(2026, 1, 23))),
        ("SYT", "T3", o(date(2026, 1, 20)), None)]


def test_stale_task_leaves_the_side_table(tmp_path: Path, build: Any) -> None:
    """A change to T1's terms below the library makes its timeline stale: its side rows
    go with its status rows, so the overdue list judges it from its log (still listed,
    3 days late on 22/01) and lists it once."""
    path = tmp_path / "stale.sqlite3"
    with SQLiteStore(path) as s:
        seed(s, build)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE tasks SET due_date = due_date WHERE id = 'T1'")
    conn.close()
    assert [r[1] for r in _side(path)] == ["T3"]
    with SQLiteStore(path) as s:
        entries = s.overdue_entries(date(2026, 1, 22))
        rows = dt.overdue_list(s, CAL, as_of=date(2026, 1, 22)).rows
    assert (entries, [(r.task_id, r.lead_unit, r.working_days_late) for r in rows]) == (
        [_t3(3)], [("T1", "SNV", 3), ("T3", "SYT", 3)])


def _to_version_10(path: Path) -> None:
    """Set a current file back to schema 10: no side table, the schema-10 triggers."""
    conn = sqlite3.connect(path)
    with conn:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                    "AND name LIKE 'timeline_stale_%'").fetchall():
            conn.execute(f"DROP TRIGGER {name}")
        for ddl in sqlite_stale_triggers(STALE_SQL_V9):
            conn.execute(ddl)
        conn.execute("DROP TABLE task_timeline_overdue")
        conn.execute("UPDATE schema_version SET version = 10")
    conn.close()


def _tables(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE "
            "'task_timeline%' ORDER BY name")]
    finally:
        conn.close()


def test_version_10_file_gets_the_side_table(tmp_path: Path, build: Any) -> None:
    """A schema-10 file opens at version 11 with the side table filled from its stored
    timeline rows (content from the tasks), and its stale triggers now empty it too."""
    path = tmp_path / "v10.sqlite3"
    with SQLiteStore(path) as s:
        seed(s, build)
    _to_version_10(path)
    assert _tables(path) == ["task_timeline"]
    with SQLiteStore(path) as s:
        got = (s.stored_schema_version(), _sorted(s.overdue_entries(date(2026, 1, 22))))
    assert got == (11, [_t1(3), _t3(3)])
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE tasks SET due_date = due_date WHERE id = 'T3'")
    conn.close()
    assert [r[1] for r in _side(path)] == ["T1"]


def test_crash_in_the_step_leaves_version_10(tmp_path: Path, build: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Step 11 runs in the migration's one transaction: a failure while the side table
    is filled leaves the file at version 10 without it (usable by the library that
    wrote it), and the next open migrates it."""
    path = tmp_path / "crash.sqlite3"
    with SQLiteStore(path) as s:
        seed(s, build)
    _to_version_10(path)

    def crash(*_a: Any) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(SQLiteStore, "migrations",
                        [*SQLiteStore.migrations[:10], (_V11, crash)])
    with pytest.raises(RuntimeError, match="power cut"):
        SQLiteStore(path)
    conn = sqlite3.connect(path)
    version = conn.execute("SELECT version FROM schema_version").fetchall()
    conn.close()
    assert (version, _tables(path)) == ([(10,)], ["task_timeline"])
    monkeypatch.undo()
    with SQLiteStore(path) as s:
        assert (s.stored_schema_version(),
                s.overdue_entries(date(2026, 1, 22), lead_units=["SNV"])) == (11, [_t1(3)])


# -- the decoded units, kept by stored text ----------------------------------------------

def test_units_read_again_after_a_change(store: Store, build: Any) -> None:
    """get_units gives the stored units each time: a renamed unit, a unit added, and a unit
    changed below the library (SQLite) are seen on the next read (the SQL stores keep
    decoded units by their stored text, so a changed record is decoded again)."""
    store.add_unit(build.unit("SNV", "Sở Nội vụ"))
    first = [(u.code, u.name) for u in store.get_units()]
    store.update_unit(build.unit("SNV", "Sở Nội vụ tỉnh"))
    store.add_unit(build.unit("STC", "Sở Tài chính"))
    assert (first, [(u.code, u.name) for u in store.get_units()]) == (
        [("SNV", "Sở Nội vụ")], [("SNV", "Sở Nội vụ tỉnh"), ("STC", "Sở Tài chính")])


def test_unit_changed_below_the_library_is_seen(tmp_path: Path, build: Any) -> None:
    path = tmp_path / "units.sqlite3"
    with SQLiteStore(path) as s:
        s.add_unit(build.unit("SNV", "Sở Nội vụ"))
        assert [u.name for u in s.get_units()] == ["Sở Nội vụ"]
        conn = sqlite3.connect(path)
        with conn:
            conn.execute("UPDATE units SET data = replace(data, 'Sở Nội vụ', 'Sở Nội vụ mới')")
        conn.close()
        assert [u.name for u in s.get_units()] == ["Sở Nội vụ mới"]
