# SPDX-License-Identifier: MIT
"""
One invalid history never stops the province (issue 17): stores refuse to write a log the
lifecycle rejects, and a log written behind the library's back (a hand edit, a foreign
writer) is quarantined by reports, reminders and ``directive-tracker check``.

Expected values are worked out by hand in the comments.
"""

from __future__ import annotations

import io
import json
import logging
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from directive_tracker import cli
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.events import TaskCancelled
from directive_tracker.exceptions import ImportFormatError, InvalidHistoryError
from directive_tracker.health import check_store
from directive_tracker.integrity import STORAGE_POLICY, check_history, history_problem
from directive_tracker.reminders import reminders_due
from directive_tracker.reports import overdue_list, scoreboard, summary
from directive_tracker.status import ReportGroup
from directive_tracker.storage import SQLiteStore, Store
from directive_tracker.storage import _codec as codec

# -- the one check -----------------------------------------------------------------------

def test_check_history_names_the_event(build: Any) -> None:
    """An approval with no request is event #2 of the log; a valid log and [] pass."""
    task = build.task()
    bad = [build.assigned(), build.extended("T1", 9, date(2026, 1, 31))]
    with pytest.raises(InvalidHistoryError) as info:
        check_history(task, bad)
    assert (1, "extension_approved", "no extension request is pending") == (
        info.value.event_index, info.value.event_kind, info.value.reason)
    check_history(task, [build.assigned(), build.requested("T1", 8, date(2026, 1, 31)),
                         build.extended("T1", 9, date(2026, 1, 31))])
    check_history(task, [])


def test_storage_policy_is_the_most_permissive(build: Any) -> None:
    """A third approved extension passes the store (any office cap) but not the default cap 2."""
    task = build.task()
    log = [build.assigned()]
    for i, due in enumerate((date(2026, 1, 31), date(2026, 2, 27), date(2026, 3, 31))):
        log += [build.requested("T1", 6 + 2 * i, due), build.extended("T1", 7 + 2 * i, due)]
    assert (None, 5) == (history_problem(task, log, policy=STORAGE_POLICY),
                         history_problem(task, log).event_index)  # type: ignore[union-attr]


# -- stores refuse, nothing written ----------------------------------------------------------

def test_append_refuses_approval_without_request(store: Store, build: Any) -> None:
    """append_events raises InvalidHistoryError; the log and the version are unchanged."""
    build.seeded(store)
    with pytest.raises(InvalidHistoryError) as info:
        store.append_events("T1", [build.accepted(), build.extended("T1", 9, date(2026, 2, 2))],
                            expected_version=2)
    assert (2, ["assigned"], 2) == (info.value.event_index,
                                    [e.kind for e in store.get_events("T1")],
                                    store.get_task("T1").version)


def test_append_refuses_event_after_completion(store: Store, build: Any) -> None:
    """A closed task accepts no event."""
    build.seeded(store)
    store.append_events("T1", [build.completed("T1", 12)], expected_version=2)
    with pytest.raises(InvalidHistoryError):
        store.append_events("T1", [TaskCancelled(task_id="T1", at=build.at(2026, 1, 13),
                                                 actor="UBND", reason="x")],
                            expected_version=3)
    assert ["assigned", "completed"] == [e.kind for e in store.get_events("T1")]


def test_add_task_and_bulk_refuse_log_without_assignment(store: Store, build: Any) -> None:
    """First events must start with TaskAssigned; a bad pair writes nothing of the batch."""
    store.add_directive(build.directive())
    with pytest.raises(InvalidHistoryError):
        store.add_task(build.task("T1"), [build.accepted("T1")])
    with pytest.raises(InvalidHistoryError):
        store.add_tasks_bulk([(build.task("B1"), [build.assigned("B1")]),
                              (build.task("B2"), [build.completed("B2", 12)])])
    assert [] == store.get_tasks()


def _backup(store: Store, build: Any) -> list[str]:
    build.seeded(store)
    store.append_events("T1", [build.completed("T1", 12)], expected_version=2)
    buf = io.StringIO()
    store.export_jsonl(buf)
    return buf.getvalue().splitlines()


@pytest.mark.parametrize("edit", ["assigned_removed", "assigned_redated"])
def test_import_refuses_edited_history(store: Store, other_store: Store, build: Any,
                                       edit: str) -> None:
    """
    A backup whose assignment line was removed, or re-dated after the completion (12/01),
    is refused naming the line; the target store is unchanged.
    """
    lines = _backup(store, build)
    idx = next(i for i, ln in enumerate(lines) if '"kind":"assigned"' in ln.replace(" ", ""))
    if edit == "assigned_removed":
        lines.pop(idx)
        line = idx + 1  # the completion moved up to the assignment's line
    else:
        rec = json.loads(lines[idx])
        rec["data"]["at"] = "2026-01-14T09:00:00+07:00"
        lines[idx] = json.dumps(rec, ensure_ascii=False)
        line = idx + 1
    with pytest.raises(ImportFormatError) as info:
        other_store.import_jsonl(io.StringIO("\n".join(lines) + "\n"))
    assert (line, [], []) == (info.value.line, other_store.get_tasks(), other_store.get_units())


# -- quarantine: a hand-edited database ------------------------------------------------------

def _province_with_hand_edit(path: Path, build: Any) -> None:
    """
    A (overdue: due 19/01, open on 20/01), B (completed 12/01, due 19/01: on time), and C,
    whose log gets an extension approval with no request inserted by hand in SQLite.
    """
    with SQLiteStore(path) as s:
        build.seeded(s)  # T1 is not used by the reports below: A, B, C are
        s.add_task(build.task("A"), [build.assigned("A")])
        s.add_task(build.task("B"), [build.assigned("B"), build.completed("B", 12)])
        s.add_task(build.task("C"), [build.assigned("C")])
        s.append_events("T1", [build.completed("T1", 9)], expected_version=2)
    bad = build.extended("C", 9, date(2026, 2, 27))
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO events (task_id, on_date, kind, data) VALUES (?, ?, ?, ?)",
                     ("C", bad.on.toordinal(), bad.kind,
                      codec.dumps(codec.event_to_record(bad))))
    conn.close()


def test_reports_quarantine_instead_of_failing(tmp_path: Path, build: Any,
                                               caplog: pytest.LogCaptureFixture) -> None:
    """
    As of 20/01/2026: summary counts T1 and B on time, A overdue (3 tasks), C quarantined
    with its event #2; the scoreboard, the overdue list and reminders go on too.
    """
    path = tmp_path / "p.sqlite3"
    _province_with_hand_edit(path, build)
    cal = vietnam_calendar()
    with SQLiteStore(path) as s, caplog.at_level(logging.WARNING):
        summ = summary(s, cal, as_of=date(2026, 1, 20))
        board = scoreboard(s, cal, as_of=date(2026, 1, 20))
        late = overdue_list(s, cal, as_of=date(2026, 1, 20))
        due = reminders_due(s, cal, as_of=date(2026, 1, 20))
    assert (3, 2, 1, [("C", 1, "extension_approved")]) == (
        summ.total, summ.count(ReportGroup.COMPLETED_ON_TIME),
        summ.count(ReportGroup.NOT_COMPLETED_OVERDUE),
        [(p.task_id, p.event_index, p.event_kind) for p in summ.quarantined])
    assert (["C"], ["A"], ["C"]) == ([p.task_id for p in board.quarantined],
                                     [r.task_id for r in late.rows],
                                     [p.task_id for p in late.quarantined])
    # 20/01 is 1 working day after the due date 19/01: the on_due slot (19/01) is caught up
    # for A only; C is skipped.
    assert ["A"] == sorted({r.task_id for r in due})
    table = summ.to_table()
    assert table.notes_en[0].startswith("Note: 1 task(s) left out (quarantined)")
    assert any("task C quarantined" in r.getMessage() for r in caplog.records)


def test_check_command_lists_quarantined_tasks(tmp_path: Path, build: Any,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """check exits 1 naming C and its event; on a sound database it exits 0."""
    path = tmp_path / "p.sqlite3"
    _province_with_hand_edit(path, build)
    code = cli.main(["--db", str(path), "--lang", "en", "check"])
    out = capsys.readouterr().out
    assert (1, True, True) == (code, "no extension request is pending" in out,
                               "4 task(s) checked; 1 quarantined" in out)
    code = cli.main(["--db", str(path), "--format", "json", "check"])
    doc = json.loads(capsys.readouterr().out)
    assert (1, False, [{"task_id": "C", "event": 2, "kind": "extension_approved",
                        "reason": "no extension request is pending"}], 4) == (
        code, doc["ok"], doc["quarantined"], dict(doc["counts"])["tasks"])
    clean = tmp_path / "clean.sqlite3"
    with SQLiteStore(clean) as s:
        build.seeded(s)
    assert 0 == cli.main(["--db", str(clean), "check"])


def test_check_store_reports_sqlite_integrity(tmp_path: Path, build: Any) -> None:
    """check_store gives the schema version, counts and an empty problem list when sound."""
    with SQLiteStore(tmp_path / "a.sqlite3") as s:
        build.seeded(s)
        got = check_store(s)
    assert ("SQLite", 11, (("units", 1), ("directives", 1), ("tasks", 1), ("events", 1),
                          ("outbox", 0)), (), True) == (
        got.facts.backend, got.facts.schema_version, got.facts.counts, got.facts.problems,
        got.ok)


# -- SQLite: an append-only events table -----------------------------------------------------

def test_sqlite_protect_events(tmp_path: Path, build: Any) -> None:
    """
    After protect_events() a hand UPDATE or DELETE of an event row aborts; the library
    still appends, bulk-loads and imports; dropping the triggers (the repair path) works.
    """
    path = tmp_path / "p.sqlite3"
    with SQLiteStore(path) as s:
        build.seeded(s)
        before = s.events_protected
        s.protect_events()
        s.protect_events()  # idempotent
        s.append_events("T1", [build.accepted()], expected_version=2)
        s.add_tasks_bulk([(build.task("B1"), [build.assigned("B1")])])
        after = s.events_protected
    conn = sqlite3.connect(path)
    refused = []
    for sql in ("UPDATE events SET kind = 'x'", "DELETE FROM events"):
        try:
            with conn:
                conn.execute(sql)
        except sqlite3.DatabaseError as e:
            refused.append("append-only" in str(e))
    with conn:
        conn.execute("DROP TRIGGER dt_events_no_update")
        conn.execute("UPDATE events SET kind = kind")  # the repair path is open again
    conn.close()
    with SQLiteStore(path) as s:
        # The triggers are on from the start since schema version 8 (issue 17 item 4).
        assert (True, True, [True, True], 3, False) == (
            before, after, refused, len(s.get_events("T1")) + len(s.get_events("B1")),
            s.events_protected)


def test_hand_deleted_event_marks_the_timeline_stale(tmp_path: Path, build: Any) -> None:
    """B (due 19/01) completed on 12/01; its completion row deleted with plain SQL: on
    20/01 the summary judges B from the log left (open, past 19/01: overdue), not from the
    stored timeline; a hand update of its task row marks it stale the same way."""
    path = tmp_path / "d.sqlite3"
    with SQLiteStore(path) as s:
        build.seeded(s)
        s.add_task(build.task("B"), [build.assigned("B"), build.completed("B", 12)])
    conn = sqlite3.connect(path)
    with conn:  # events are append-only since schema 8: the documented repair path first
        conn.execute("DROP TRIGGER dt_events_no_delete")
        conn.execute("DELETE FROM events WHERE task_id = 'B' AND kind = 'completed'")
        rows = conn.execute("SELECT phase FROM task_timeline WHERE task_id = 'B'").fetchall()
        conn.execute("UPDATE tasks SET data = data WHERE id = 'T1'")
        t1 = conn.execute("SELECT phase FROM task_timeline WHERE task_id = 'T1'").fetchall()
    conn.close()
    with SQLiteStore(path) as s:
        summ = summary(s, vietnam_calendar(), as_of=date(2026, 1, 20), today=date(2026, 1, 20))
    assert ([("unreplayable",)], [("unreplayable",)]) == (rows, t1)
    # T1 (due 19/01, open) and B: both overdue on 20/01.
    assert (2, 2, ()) == (summ.total, summ.count(ReportGroup.NOT_COMPLETED_OVERDUE),
                          summ.quarantined)


def test_rebuild_after_a_hand_edit(tmp_path: Path, build: Any) -> None:
    """After the completion row of B was deleted by hand (B stale), rebuild_timelines
    computes B's timeline from the log left: B is no longer stale, and on 20/01 it is
    overdue (due 19/01, open) from the materialised rows."""
    path = tmp_path / "r.sqlite3"
    with SQLiteStore(path) as s:
        build.seeded(s)
        s.add_task(build.task("B"), [build.assigned("B"), build.completed("B", 12)])
    conn = sqlite3.connect(path)
    with conn:  # events are append-only since schema 8: the documented repair path first
        conn.execute("DROP TRIGGER dt_events_no_delete")
        conn.execute("DELETE FROM events WHERE task_id = 'B' AND kind = 'completed'")
    conn.close()
    with SQLiteStore(path) as s:
        before = s.unreplayable_task_ids(date(2026, 1, 20))
        s.rebuild_timelines()
        after = s.unreplayable_task_ids(date(2026, 1, 20))
        segs = s.status_segments(date(2026, 1, 20), group=ReportGroup.NOT_COMPLETED_OVERDUE)
    assert (["B"], [], ["B", "T1"]) == (before, after, [x.task_id for x in segs])
