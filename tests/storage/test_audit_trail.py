# SPDX-License-Identifier: MIT
"""
An audit trail that holds (issue 17, "What to build" item 4; "Why" item 5).

* a change of a task's terms is an event (``TermsChanged``, with actor, reason and the
  values before and after), never a silent rewrite: a task "completed late" becomes
  "on time" only through a visible event that the replayed history names;
* every stored event carries a per-task SHA-256 hash chain (memory, SQLite,
  PostgreSQL); ``check`` finds a hand-edited event row and a term rewritten without an
  event; import keeps the digests and refuses a backup whose chain does not verify;
* SQLite's ``events`` table is append-only below the library by default (schema 8).

Expected dates are computed by hand in the comments; expected digests are computed here
with ``hashlib`` from the format the docs define, not with the code under test.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.cli import main
from directive_tracker.deadlines import FixedDate
from directive_tracker.events import TaskTransferred, TermsChanged, event_from_dict
from directive_tracker.exceptions import (
    ConcurrentModificationError,
    DirectiveTrackerDeprecationWarning,
    ImportFormatError,
    InvalidHistoryError,
    ValidationError,
)
from directive_tracker.health import check_store
from directive_tracker.integrity import verify_chain
from directive_tracker.lifecycle import TermsRecord, replay
from directive_tracker.status import ReportGroup, StatusKind, evaluate_status
from directive_tracker.storage import MemoryStore, SQLiteStore, Store
from directive_tracker.storage._jsonl import verify_backup
from pgserver import pg_dsn

CAL = vietnam_calendar()


def _late_task(store: Store, build: Any) -> None:
    """T1 due Mon 19/01/2026 (fixed date), completed Wed 21/01/2026: completed late."""
    store.add_unit(build.unit())
    store.add_directive(build.directive())
    store.add_task(build.fixed_task("T1", date(2026, 1, 19)),
                   [build.assigned(), build.completed("T1", 21)])


def _move_due(store: Store, build: Any, *, to: date = date(2026, 1, 26)) -> Any:
    task = store.get_task("T1")
    return store.change_terms(
        attrs.evolve(task, deadline=FixedDate(date=to), due_date=to),
        actor="Văn phòng UBND", reason="Quyết định điều chỉnh thời hạn",
        document="12/QĐ-UBND", at=build.at(2026, 1, 23))


def _export(store: Store) -> list[str]:
    buf = io.StringIO()
    store.export_jsonl(buf)
    return buf.getvalue().splitlines()


# -- terms changes are events ----------------------------------------------------------------

def test_change_terms_records_an_event_with_before_and_after(store: Store, build: Any) -> None:
    """Moving the due date from 19/01 to 26/01 appends one terms_changed event (who, why,
    before, after) and rewrites the task record; version 3 -> 5 (an append, an update)."""
    _late_task(store, build)
    new = _move_due(store, build)
    events = store.get_events("T1")
    ev = events[-1]
    assert (5, date(2026, 1, 26), ["assigned", "completed", "terms_changed"]) == (
        new.version, store.get_task("T1").due_date, [e.kind for e in events])
    assert isinstance(ev, TermsChanged)
    assert (("deadline",), date(2026, 1, 19), date(2026, 1, 26), "Văn phòng UBND",
            "Quyết định điều chỉnh thời hạn", "12/QĐ-UBND") == (
        ev.changed_terms, ev.previous_due, ev.new_due, ev.actor, ev.reason, ev.document)


def test_late_becomes_on_time_only_through_a_named_event(store: Store, build: Any) -> None:
    """
    Why item 5: completed 21/01, due 19/01 -> late.  After the due date moves to 26/01
    (event of 23/01) it is on time, and the status's history names the change; as of
    22/01 (before the change) it is still late: the log, not the record, decides.
    """
    _late_task(store, build)
    before = evaluate_status(store.get_task("T1"), store.get_events("T1"),
                             as_of=date(2026, 1, 22), calendar=CAL).kind
    _move_due(store, build)
    task, events = store.get_task("T1"), store.get_events("T1")
    now = evaluate_status(task, events, as_of=date(2026, 1, 26), calendar=CAL)
    then = evaluate_status(task, events, as_of=date(2026, 1, 22), calendar=CAL)
    assert (StatusKind.COMPLETED_LATE, StatusKind.COMPLETED_ON_TIME,
            StatusKind.COMPLETED_LATE) == (before, now.kind, then.kind)
    assert (TermsRecord(on=date(2026, 1, 23), changed=("deadline",),
                        previous_due=date(2026, 1, 19), new_due=date(2026, 1, 26),
                        reason="Quyết định điều chỉnh thời hạn", document="12/QĐ-UBND",
                        actor="Văn phòng UBND"),) == now.state.term_changes
    assert (date(2026, 1, 26), date(2026, 1, 19)) == (now.original_due, then.original_due)


def test_change_of_content_and_coordinators(store: Store, build: Any) -> None:
    """Two terms at once go into one event; the check finds nothing to report."""
    store.add_unit(build.unit())
    store.add_directive(build.directive())
    store.add_task(build.task(), [build.assigned()])
    task = store.get_task("T1")
    store.change_terms(attrs.evolve(task, content="Rà soát, đơn giản hóa thủ tục",
                                    coordinating_units=("STC", "STP")),
                       actor="UBND", reason="Bổ sung phạm vi", at=build.at(2026, 1, 7))
    ev = store.get_events("T1")[-1]
    result = check_store(store)
    assert isinstance(ev, TermsChanged)
    assert (("content", "coordinating_units"), "Rà soát thủ tục hành chính", (),
            ("STC", "STP"), True) == (
        ev.changed_terms, ev.previous_content, ev.previous_coordinating_units,
        ev.new_coordinating_units, result.ok)


def test_change_terms_without_a_change_is_an_update(store: Store, build: Any) -> None:
    """Only tags change: no event, version + 1."""
    build.seeded(store)
    new = store.change_terms(attrs.evolve(store.get_task("T1"), tags=("CCHC",)),
                             actor="UBND", reason="Gắn nhãn", at=build.at(2026, 1, 7))
    assert (3, ["assigned"]) == (new.version, [e.kind for e in store.get_events("T1")])


def test_change_terms_stale_version_writes_nothing(store: Store, build: Any) -> None:
    """A stale version raises ConcurrentModificationError; no event, no rewrite."""
    build.seeded(store)
    stale = attrs.evolve(store.get_task("T1"), version=1, content="Khác")
    with pytest.raises(ConcurrentModificationError):
        store.change_terms(stale, actor="UBND", reason="x", at=build.at(2026, 1, 7))
    assert ("Rà soát thủ tục hành chính", ["assigned"]) == (
        store.get_task("T1").content, [e.kind for e in store.get_events("T1")])


def test_lead_change_after_transfer_is_refused(store: Store, build: Any) -> None:
    """After a transfer SNV -> STC the record still says SNV: a terms change of the lead is
    refused (a change of lead after a transfer is another transfer); nothing written."""
    build.seeded(store)
    store.append_events("T1", [TaskTransferred(
        task_id="T1", at=build.at(2026, 1, 6), actor="UBND", from_unit="SNV", to_unit="STC",
        document="01/QĐ-UBND")], expected_version=2)
    with pytest.raises(InvalidHistoryError, match="transferred"):
        store.change_terms(attrs.evolve(store.get_task("T1"), lead_unit="STP"),
                           actor="UBND", reason="x", at=build.at(2026, 1, 7))
    assert (3, "SNV") == (store.get_task("T1").version, store.get_task("T1").lead_unit)


def test_lead_change_moves_the_as_of_queries(store: Store, build: Any) -> None:
    """Lead SNV -> STC by a terms change on 07/01: overdue on 20/01 (due 19/01) under STC,
    and on 06/01 the task still counts under SNV (the span before the change)."""
    build.seeded(store)
    store.change_terms(attrs.evolve(store.get_task("T1"), lead_unit="STC"), actor="UBND",
                       reason="Giao lại", at=build.at(2026, 1, 7))
    late = ReportGroup.NOT_COMPLETED_OVERDUE
    assert (["T1"], [], ["SNV"]) == (
        [s.task_id for s in store.status_segments(date(2026, 1, 20), lead_units=["STC"],
                                                  group=late)],
        [s.task_id for s in store.status_segments(date(2026, 1, 20), lead_units=["SNV"],
                                                  group=late)],
        [s.lead_unit for s in store.status_segments(date(2026, 1, 6), task_ids=["T1"])])


def _rewrite_record(store: Store, task: Any) -> None:
    """A write of the task record below the public API (what update_task did before it
    recorded term changes, or a foreign writer): the store's internal record write."""
    store._write_task_record(task, task.version + 1)


def test_silent_term_rewrite_is_reported_by_check(store: Store, build: Any) -> None:
    """Why item 5: a record rewrite moves the due date 19/01 -> 26/01 with no event: the
    late task reads on time in the record, but check reports T1's chain broken at event
    #1 (the terms at assignment no longer match the chain's start)."""
    _late_task(store, build)
    _rewrite_record(store, attrs.evolve(store.get_task("T1"), due_date=date(2026, 1, 26),
                                        deadline=FixedDate(date=date(2026, 1, 26))))
    result = check_store(store)
    assert (False, [("T1", 0, "assigned")]) == (
        result.ok, [(b.task_id, b.event_index, b.event_kind) for b in result.broken_chains])


def test_rewrite_after_a_terms_change_is_reported(store: Store, build: Any) -> None:
    """After a recorded change to 26/01, a silent update_task to 30/01: the record differs
    from where the log leads (26/01)."""
    _late_task(store, build)
    _move_due(store, build)
    _rewrite_record(store, attrs.evolve(store.get_task("T1"), due_date=date(2026, 1, 30)))
    breaks = check_store(store).broken_chains
    assert [("T1", None)] == [(b.task_id, b.event_index) for b in breaks]
    assert "due_date" in breaks[0].reason


def test_update_task_term_change_is_recorded(store: Store, build: Any) -> None:
    """update_task moving the due date 19/01 -> 26/01 warns and records a TermsChanged by
    "update_task", dated at the latest event (the completion), in one write (version
    3 -> 4); the log and the chain stay consistent: check passes."""
    _late_task(store, build)
    task = store.get_task("T1")
    with pytest.warns(DirectiveTrackerDeprecationWarning, match="change_terms"):
        new = store.update_task(attrs.evolve(task, due_date=date(2026, 1, 26),
                                             deadline=FixedDate(date=date(2026, 1, 26))))
    events = store.get_events("T1")
    last = events[-1]
    assert isinstance(last, TermsChanged)
    assert (4, 4, ["assigned", "completed", "terms_changed"], "update_task",
            events[1].at, date(2026, 1, 19), date(2026, 1, 26), True) == (
        new.version, store.get_task("T1").version, [e.kind for e in events], last.actor,
        last.at, last.previous_due, last.new_due, check_store(store).ok)
    assert "update_task" in last.reason


def test_update_task_without_term_change_does_not_warn(store: Store, build: Any) -> None:
    """Only the tags change: no warning (pytest turns warnings into errors), no event,
    version 3 -> 4."""
    _late_task(store, build)
    new = store.update_task(attrs.evolve(store.get_task("T1"), tags=("cải cách",)))
    assert (4, ["assigned", "completed"]) == (
        new.version, [e.kind for e in store.get_events("T1")])


def test_update_task_lead_after_transfer_is_refused(store: Store, build: Any) -> None:
    """A new lead through update_task after a transfer is refused by the lifecycle like
    change_terms; nothing is written."""
    build.seeded(store)
    store.append_events("T1", [TaskTransferred(
        task_id="T1", at=build.at(2026, 1, 6), actor="UBND", from_unit="SNV", to_unit="STC",
        document="01/QĐ-UBND")], expected_version=2)
    with pytest.warns(DirectiveTrackerDeprecationWarning), \
            pytest.raises(InvalidHistoryError, match="transferred"):
        store.update_task(attrs.evolve(store.get_task("T1"), lead_unit="STP"))
    assert (3, "SNV", 2) == (store.get_task("T1").version, store.get_task("T1").lead_unit,
                             len(store.get_events("T1")))


# -- the hash chain ---------------------------------------------------------------------------

def _sha(*parts: bytes) -> str:
    return hashlib.sha256(b"\n".join(parts)).hexdigest()


def test_digests_follow_the_documented_format(store: Store, build: Any) -> None:
    """
    The digests, computed here from the documented format: genesis = SHA-256 of
    "directive_tracker/chain/1", a line break and the sorted, compact JSON of the task's
    id, directive and terms (null values left out); each event = SHA-256 of the previous
    digest, a line break and the event's sorted, compact JSON.
    """
    build.seeded(store)
    store.append_events("T1", [build.accepted()], expected_version=2)
    terms = ('{"anchor":"2026-01-05","assigned_on":"2026-01-05","content":"Rà soát thủ tục '
             'hành chính","coordinating_units":[],"deadline":{"kind":"working_days","n":10},'
             '"directive_id":"D1","due_date":"2026-01-19","id":"T1","lead_unit":"SNV"}')
    genesis = _sha(b"directive_tracker/chain/1", terms.encode())
    first = _sha(genesis.encode(), b'{"actor":"vanthu","at":"2026-01-05T09:00:00+07:00",'
                                   b'"kind":"assigned","note":"","task_id":"T1"}')
    second = _sha(first.encode(), b'{"actor":"SNV","at":"2026-01-06T09:00:00+07:00",'
                                  b'"kind":"accepted","note":"","task_id":"T1"}')
    assert {"T1": [first, second], "NOPE": []} == store.get_event_digests(["T1", "NOPE"])


def test_bulk_ingest_chains_like_single_adds(store: Store, build: Any) -> None:
    """add_tasks_bulk stores the digests add_task stores (one computation)."""
    store.add_unit(build.unit())
    store.add_directive(build.directive())
    store.add_tasks_bulk([(build.task("B1"), [build.assigned("B1"), build.accepted("B1")])])
    with MemoryStore() as ref:
        ref.add_unit(build.unit())
        ref.add_directive(build.directive())
        ref.add_task(build.task("B1"), [build.assigned("B1")])
        ref.append_events("B1", [build.accepted("B1")], expected_version=2)
        expected = ref.get_event_digests(["B1"])
    assert expected == store.get_event_digests(["B1"])


def test_verify_chain_localises_an_edit() -> None:
    """An edited second event breaks its own link only; a removed one the link after."""
    from tests.storage.conftest import Build

    build = Build()
    with MemoryStore() as m:
        build.seeded(m)
        m.append_events("T1", [build.accepted(), build.progress()], expected_version=2)
        task, evs = m.get_task("T1"), m.get_events("T1")
        digests = m.get_event_digests(["T1"])["T1"]
    edited = [evs[0], attrs.evolve(evs[1], actor="STC"), evs[2]]
    removed = [evs[0], evs[2]]
    assert ([], [1], [1]) == (
        [b.event_index for b in verify_chain(task, evs, digests)],
        [b.event_index for b in verify_chain(task, edited, digests)],
        [b.event_index for b in verify_chain(task, removed, [digests[0], digests[2]])])


# -- hand edits below the library -------------------------------------------------------------

def _sqlite_with_completion(path: Path, build: Any) -> None:
    with SQLiteStore(path) as s:
        _late_task(s, build)


def test_sqlite_events_are_append_only_by_default(tmp_path: Path, build: Any) -> None:
    """A new file refuses a hand UPDATE and DELETE of an event row; the library appends."""
    path = tmp_path / "p.sqlite3"
    _sqlite_with_completion(path, build)
    refused = []
    conn = sqlite3.connect(path)
    for sql in ("UPDATE events SET data = data", "DELETE FROM events"):
        try:
            with conn:
                conn.execute(sql)
        except sqlite3.DatabaseError as e:
            refused.append("append-only" in str(e))
    conn.close()
    with SQLiteStore(path) as s:
        assert ([True, True], True, 2) == (refused, s.events_protected,
                                           len(s.get_events("T1")))


def _hand_edit_completion(path: Path) -> None:
    """What an administrator could do with the sqlite3 shell: drop the trigger and move
    the completion from 21/01 to 19/01 (so the task would read as on time)."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TRIGGER dt_events_no_update")
        conn.execute("UPDATE events SET data = replace(data, '\"completed_on\":\"2026-01-21\"',"
                     " '\"completed_on\":\"2026-01-19\"') WHERE kind = 'completed'")
    conn.close()


def test_hand_edited_sqlite_event_is_found_by_check(tmp_path: Path, build: Any,
                                                    capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    """The edit replays fine (a valid history) but its digest no longer matches: check
    lists T1 event #2 and exits 1."""
    path = tmp_path / "p.sqlite3"
    _sqlite_with_completion(path, build)
    _hand_edit_completion(path)
    with SQLiteStore(path) as s:
        result = check_store(s)
        completed_on = s.get_events("T1")[1].completed_on  # type: ignore[attr-defined]
    capsys.readouterr()
    code = main(["--lang", "en", "--db", str(path), "check"])
    out = capsys.readouterr().out
    assert (date(2026, 1, 19), (), [("T1", 1, "completed")], 1) == (
        completed_on, result.quarantined,
        [(b.task_id, b.event_index, b.event_kind) for b in result.broken_chains], code)
    assert "Hash chains: 1 break(s)" in out


def test_hand_edited_postgres_event_is_found_by_check(postgres_store: Store,
                                                      build: Any) -> None:
    """The same edit with plain SQL on PostgreSQL (a role with UPDATE on events)."""
    import psycopg

    _late_task(postgres_store, build)
    schema = f"directive_tracker_t{os.getpid()}"
    with psycopg.connect(pg_dsn(), autocommit=True) as conn:
        # data is jsonb since schema 9: edited through its text form (jsonb writes ": ")
        conn.execute(f'UPDATE "{schema}".events SET data = replace(data::text, '
                     "'\"completed_on\": \"2026-01-21\"', "
                     "'\"completed_on\": \"2026-01-19\"')::jsonb WHERE kind = 'completed'")
    result = check_store(postgres_store)
    assert [("T1", 1, "completed")] == [(b.task_id, b.event_index, b.event_kind)
                                        for b in result.broken_chains]


def test_sqlite_migration_computes_the_chain(tmp_path: Path, build: Any) -> None:
    """A version-6 file (no digest column, no triggers) gets the same digests a new file
    writes, and its triggers, when opened."""
    path = tmp_path / "old.sqlite3"
    _sqlite_with_completion(path, build)
    with SQLiteStore(path) as s:
        expected = s.get_event_digests(["T1"])
    conn = sqlite3.connect(path)
    with conn:
        for name in ("dt_events_no_update", "dt_events_no_delete"):
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DROP VIEW v1_events")
        conn.execute("ALTER TABLE events DROP COLUMN digest")
        conn.execute("UPDATE schema_version SET version = 6")
    conn.close()
    # v1_events is not recreated by steps 7-8; put back what version 6 had.
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE VIEW v1_events AS SELECT task_id, seq, kind, "
                     "json_extract(data, '$.at') AS at, json_extract(data, '$.actor') AS actor, "
                     "data FROM events")
    conn.close()
    with SQLiteStore(path) as s:
        assert (11, expected, True, True) == (s.stored_schema_version(),
                                             s.get_event_digests(["T1"]), s.events_protected,
                                             check_store(s).ok)


def test_sqlite_migration_survives_a_damaged_row(tmp_path: Path, build: Any) -> None:
    """A version-6 file with one undecodable event row still opens: the other task gets
    its chain, the damaged one none (and check would list it)."""
    path = tmp_path / "old.sqlite3"
    with SQLiteStore(path) as s:
        build.seeded(s)
        s.add_task(build.task("T2"), [build.assigned("T2")])
        expected = s.get_event_digests(["T2"])["T2"]
    conn = sqlite3.connect(path)
    with conn:
        for name in ("dt_events_no_update", "dt_events_no_delete"):
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("UPDATE events SET digest = NULL")
        conn.execute("UPDATE events SET data = '{\"kind\": \"exploded\"}' WHERE task_id = 'T1'")
        conn.execute("UPDATE schema_version SET version = 6")
    conn.close()
    with SQLiteStore(path) as s:
        assert (11, {"T1": [None], "T2": expected}, True) == (
            s.stored_schema_version(), s.get_event_digests(["T1", "T2"]), s.events_protected)


def test_postgres_migration_computes_the_chain(postgres_store: Store, build: Any) -> None:
    """A version-6 schema (events without digest) is back-filled when opened."""
    import psycopg

    from directive_tracker.storage.postgres import PostgresStore

    _late_task(postgres_store, build)
    expected = postgres_store.get_event_digests(["T1"])
    dsn = pg_dsn()
    schema = f"directive_tracker_t{os.getpid()}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP VIEW "{schema}".v1_events')
        conn.execute(f'ALTER TABLE "{schema}".events DROP COLUMN digest')
        conn.execute(f'UPDATE "{schema}".schema_version SET version = 5')
    with PostgresStore(dsn, schema=schema) as s:
        assert (13, expected, True) == (s.stored_schema_version(),  # 8 chain, 9 jsonb, 10 occ.
                                       s.get_event_digests(["T1"]), check_store(s).ok)


# -- backups ----------------------------------------------------------------------------------

def test_import_keeps_the_digests(store: Store, other_store: Store, build: Any) -> None:
    """Export, import: the same digests (and the same lines when exported again)."""
    _late_task(store, build)
    _move_due(store, build)
    lines = _export(store)
    other_store.import_jsonl(io.StringIO("\n".join(lines) + "\n"))
    assert (store.get_event_digests(["T1"]), lines) == (
        other_store.get_event_digests(["T1"]), _export(other_store))
    assert all(len(json.loads(x).get("digest", "x" * 64)) == 64 for x in lines)


def _tampered(lines: list[str]) -> tuple[list[str], int]:
    """Move the completion 21/01 -> 19/01 in the backup; return the lines and the line no."""
    out = list(lines)
    for i, line in enumerate(out):
        obj = json.loads(line)
        if obj.get("type") == "event" and obj["data"]["kind"] == "completed":
            obj["data"]["completed_on"] = "2026-01-19"
            obj["data"]["at"] = "2026-01-19T09:00:00+07:00"
            out[i] = json.dumps(obj, ensure_ascii=False)
            return out, i + 1
    raise AssertionError("no completion line")


def test_tampered_backup_is_refused(store: Store, other_store: Store, build: Any) -> None:
    """Why item 5: a backup whose completion date was moved is refused, naming its line;
    nothing is written; verify_backup lists the same line."""
    _late_task(store, build)
    lines, lineno = _tampered(_export(store))
    text = "\n".join(lines) + "\n"
    with pytest.raises(ImportFormatError, match="hash chain does not verify") as info:
        other_store.import_jsonl(io.StringIO(text))
    found = verify_backup(io.StringIO(text))
    assert (lineno, [], []) == (info.value.line, other_store.get_tasks(),
                                other_store.get_units())
    assert (False, [lineno]) == (found.ok, [line for line, _ in found.problems])


def test_backup_with_a_rewritten_task_line_is_refused(store: Store, build: Any) -> None:
    """The task line's due date moved 19/01 -> 26/01 (events untouched): refused on the
    first event's line (the chain starts from the terms at assignment)."""
    _late_task(store, build)
    lines = _export(store)
    task_no = next(i for i, x in enumerate(lines) if json.loads(x).get("type") == "task")
    lines[task_no] = lines[task_no].replace('"due_date":"2026-01-19"',
                                            '"due_date":"2026-01-26"')
    with MemoryStore() as other, pytest.raises(ImportFormatError) as info:
        other.import_jsonl(io.StringIO("\n".join(lines) + "\n"))
    assert task_no + 2 == info.value.line  # the first event follows the task line


def test_backup_without_digests(store: Store, build: Any) -> None:
    """A 0.1 backup (no digests): refused with require_digests (naming the first event
    line), imported without it, with the digests the source store has."""
    _late_task(store, build)
    lines = _export(store)
    stripped = []
    for line in lines:
        obj = json.loads(line)
        obj.pop("digest", None)
        stripped.append(json.dumps(obj, ensure_ascii=False))
    first_event = next(i for i, x in enumerate(stripped) if '"event"' in x) + 1
    text = "\n".join(stripped) + "\n"
    with MemoryStore() as strict, pytest.raises(ImportFormatError, match="no digest") as info:
        strict.import_jsonl(io.StringIO(text), require_digests=True)
    with MemoryStore() as lenient:
        lenient.import_jsonl(io.StringIO(text))
        digests = lenient.get_event_digests(["T1"])
    assert (first_event, store.get_event_digests(["T1"])) == (info.value.line, digests)


def test_backup_with_one_digest_removed_is_refused(build: Any) -> None:
    """Digests on some event lines only: the file was edited."""
    with MemoryStore() as m:
        _late_task(m, build)
        lines = _export(m)
    i = next(i for i, x in enumerate(lines) if '"completed"' in x)
    obj = json.loads(lines[i])
    del obj["digest"]
    lines[i] = json.dumps(obj, ensure_ascii=False)
    with MemoryStore() as other, pytest.raises(ImportFormatError, match="has no digest") as e:
        other.import_jsonl(io.StringIO("\n".join(lines) + "\n"))
    assert i + 1 == e.value.line


def test_bad_digest_text_is_refused(build: Any) -> None:
    """A digest that is not 64 lowercase hex digits is refused on its line."""
    with MemoryStore() as m:
        _late_task(m, build)
        lines = _export(m)
    i = next(i for i, x in enumerate(lines) if '"completed"' in x)
    obj = json.loads(lines[i])
    obj["digest"] = obj["digest"].upper()
    lines[i] = json.dumps(obj, ensure_ascii=False)
    with MemoryStore() as other, pytest.raises(ImportFormatError, match="64 lowercase") as e:
        other.import_jsonl(io.StringIO("\n".join(lines) + "\n"))
    assert i + 1 == e.value.line


def test_cli_import_and_check_backup(tmp_path: Path, build: Any,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """CLI: a tampered backup fails `check --backup` and `import` (exit 1, nothing
    written); a 0.1 backup needs --unchained."""
    with MemoryStore() as m:
        _late_task(m, build)
        lines = _export(m)
    bad, lineno = _tampered(lines)
    (tmp_path / "bad.jsonl").write_text("\n".join(bad) + "\n", encoding="utf-8")
    old = [json.dumps({k: v for k, v in json.loads(x).items() if k != "digest"},
                      ensure_ascii=False) for x in lines]
    (tmp_path / "old.jsonl").write_text("\n".join(old) + "\n", encoding="utf-8")
    (tmp_path / "good.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = str(tmp_path / "x.sqlite3")
    codes = [main(["--lang", "en", "check", "--backup", str(tmp_path / "bad.jsonl")]),
             main(["--lang", "en", "check", "--backup", str(tmp_path / "good.jsonl")]),
             main(["--lang", "en", "--db", db, "import", str(tmp_path / "bad.jsonl")]),
             main(["--lang", "en", "--db", db, "import", str(tmp_path / "old.jsonl")]),
             main(["--lang", "en", "--db", db, "import", "--unchained",
                   str(tmp_path / "old.jsonl")]),
             main(["--lang", "en", "--db", db, "check"])]
    out, err = capsys.readouterr()
    assert [1, 0, 1, 1, 0, 0] == codes
    assert f"line {lineno}: task 'T1': the hash chain does not verify" in out
    assert "--unchained" in err


# -- the event itself -------------------------------------------------------------------------

def test_terms_changed_validation(build: Any) -> None:
    """No change, a half pair, an unchanged value, due dates alone: all refused."""
    at = build.at(2026, 1, 7)
    cases = [dict(),
             dict(previous_content="A"),
             dict(previous_content="A", new_content="A"),
             dict(previous_due=date(2026, 1, 19), new_due=date(2026, 1, 26))]
    refused = 0
    for extra in cases:
        try:
            TermsChanged(task_id="T1", at=at, actor="UBND", reason="x", **extra)
        except ValidationError:
            refused += 1
    assert 4 == refused


def test_terms_changed_round_trips_with_its_rule(build: Any) -> None:
    """The rule travels as its dict; the event reads back equal."""
    ev = TermsChanged(task_id="T1", at=build.at(2026, 1, 7), actor="UBND", reason="x",
                      previous_deadline=FixedDate(date=date(2026, 1, 19)),
                      new_deadline=FixedDate(date=date(2026, 1, 26)),
                      previous_due=date(2026, 1, 19), new_due=date(2026, 1, 26))
    from directive_tracker.events import event_to_dict

    data = event_to_dict(ev)
    assert ({"kind": "fixed_date", "date": "2026-01-26", "strict": False, "roll": False},
            ev) == (data["new_deadline"], event_from_dict(json.loads(json.dumps(data))))


def test_replay_refuses_a_change_whose_before_is_wrong(build: Any) -> None:
    """Two changes that do not chain (the second claims the content was "C" after the
    first set it to "B") are refused at the second."""
    from directive_tracker.exceptions import InvalidTransitionError

    task = build.fixed_task("T1", date(2026, 1, 19), content="D")
    log = [build.assigned(),
           TermsChanged(task_id="T1", at=build.at(2026, 1, 7), actor="UBND", reason="x",
                        previous_content="A", new_content="B"),
           TermsChanged(task_id="T1", at=build.at(2026, 1, 8), actor="UBND", reason="y",
                        previous_content="C", new_content="D")]
    with pytest.raises(InvalidTransitionError, match="previous_content 'C'"):
        replay(task, log, calendar=CAL)


def test_replay_uses_the_terms_in_force_on_each_day(build: Any) -> None:
    """Record content "D" after A -> B (07/01) -> D (08/01): as of 07/01 the task reads
    "B", as of 06/01 "A", and at the end "D"."""
    task = build.fixed_task("T1", date(2026, 1, 19), content="D")
    log = [build.assigned(),
           TermsChanged(task_id="T1", at=build.at(2026, 1, 7), actor="UBND", reason="x",
                        previous_content="A", new_content="B"),
           TermsChanged(task_id="T1", at=build.at(2026, 1, 8), actor="UBND", reason="y",
                        previous_content="B", new_content="D")]
    assert ("A", "B", "D") == tuple(
        replay(task, log, calendar=CAL, as_of=d).task.content
        for d in (date(2026, 1, 6), date(2026, 1, 7), date(2026, 1, 8)))


def test_cli_check_json_lists_the_break(tmp_path: Path, build: Any,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """`check --format json` carries the broken link and the chains' fingerprint."""
    path = tmp_path / "p.sqlite3"
    _sqlite_with_completion(path, build)
    _hand_edit_completion(path)
    capsys.readouterr()
    code = main(["--db", str(path), "check", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert (1, False, [("T1", 2, "completed")], 64) == (
        code, data["ok"], [(b["task_id"], b["event"], b["kind"]) for b in data["broken_chains"]],
        len(data["fingerprint"]))


def test_reports_replay_the_terms_in_force_as_of(store: Store, build: Any) -> None:
    """replay_or_problem (what reports call) as of 22/01, before the change of 23/01:
    still the old due date 19/01, so completed late; as of 26/01 the new one, 26/01."""
    from directive_tracker.integrity import replay_or_problem
    from directive_tracker.lifecycle import TaskState

    _late_task(store, build)
    _move_due(store, build)
    task, events = store.get_task("T1"), store.get_events("T1")
    then = replay_or_problem(task, events, calendar=CAL, as_of=date(2026, 1, 22))
    now = replay_or_problem(task, events, calendar=CAL, as_of=date(2026, 1, 26))
    assert isinstance(then, TaskState)
    assert isinstance(now, TaskState)
    assert (date(2026, 1, 19), date(2026, 1, 26)) == (then.current_due, now.current_due)


def test_summary_as_of_a_day_before_the_change(store: Store, build: Any) -> None:
    """The province summary as of 22/01 (before the change of 23/01) still counts T1
    completed late (due 19/01, done 21/01); as of 26/01 on time (due 26/01)."""
    from directive_tracker.reports import summary
    from directive_tracker.status import ReportGroup

    _late_task(store, build)
    _move_due(store, build)
    on_time, late = ReportGroup.COMPLETED_ON_TIME, ReportGroup.COMPLETED_LATE
    then = summary(store, CAL, as_of=date(2026, 1, 22))
    now = summary(store, CAL, as_of=date(2026, 1, 26))
    assert ((0, 1), (1, 0)) == ((then.count(on_time), then.count(late)),
                                (now.count(on_time), now.count(late)))


def test_use_cases_before_a_later_terms_change(store: Store, build: Any) -> None:
    """T1 due Mon 19/01/2026, completed Wed 21/01; on Fri 23/01 its due date is moved to
    26/01 by a recorded change.  As of Tue 20/01 (before the change) every use case
    judges T1 with the terms then in force: open, due 19/01, 1 working day late (Mon 19
    -> Tue 20), so overdue; not with the terms written three days later."""
    from directive_tracker.services import overdue_tasks, statuses, task_state

    _late_task(store, build)
    _move_due(store, build)
    cal = vietnam_calendar()
    day = date(2026, 1, 20)
    st = task_state(store, cal, "T1", as_of=day)
    (row,) = statuses(store, cal, as_of=day)
    assert (date(2026, 1, 19), date(2026, 1, 19), 1, ["T1"]) == (
        st.current_due, row.current_due, row.working_days_late,
        [s.task_id for s in overdue_tasks(store, cal, as_of=day)])
