# SPDX-License-Identifier: MIT
"""SQLite-only behaviour: schema versions and migration, WAL, default path, reliability."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directive_tracker.deadlines import WorkingDays
from directive_tracker.directives import Directive
from directive_tracker.events import (
    DeadlineRecomputed,
    ProgressReported,
    TaskAccepted,
    TaskAssigned,
)
from directive_tracker.exceptions import (
    BackendUnavailableError,
    ConcurrentModificationError,
    DirectiveNotFoundError,
    InvalidTypeError,
    SchemaVersionError,
    StorageError,
    ValidationError,
)
from directive_tracker.storage import (
    DEFAULT_DB_PATH,
    OutboxItem,
    SQLiteStore,
    default_db_path,
)
from directive_tracker.tasks import Task
from directive_tracker.units import Unit, UnitKind

#: The deprecated storage-level queries keep their old answers (checked here); their
#: deprecation warning is tested in test_timeline.py.
pytestmark = pytest.mark.filterwarnings(
    r"ignore:Store\.(overdue_task_ids|unit_tallies) is deprecated")

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TABLES = ["directives", "events", "outbox", "schema_version", "settings", "sqlite_sequence",
          "successions", "task_tags", "task_timeline", "task_timeline_overdue", "task_units",
          "tasks", "units"]
FORK = multiprocessing.get_context("fork")


def _tables(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                            "ORDER BY name").fetchall()
    conn.close()
    return [r[0] for r in rows]


def _directive() -> Directive:
    return Directive(id="D1", issuer="UBND", issue_date=date(2026, 1, 2),
                     summary="Quyết định giao nhiệm vụ")


def _task(task_id: str, **kw: Any) -> Task:
    kw.setdefault("due_date", date(2026, 1, 19))
    kw.setdefault("directive_id", "D1")
    return Task(id=task_id, content="Rà soát", lead_unit="SNV",
                deadline=WorkingDays(n=10), anchor=date(2026, 1, 5),
                assigned_on=date(2026, 1, 5), **kw)


def _at(day: int) -> datetime:
    return datetime(2026, 1, day, 9, tzinfo=VN)


class TestSchema:
    def test_new_file_is_latest_version(self, tmp_path: Path) -> None:
        """A new file gets every table and schema version 6 (4: settings, issue 15; 5: outbox
        claims, issue 17; 6: the v1_* views, issue 16)."""
        with SQLiteStore(tmp_path / "a.sqlite3") as s:
            version = s.stored_schema_version()
        assert (11, TABLES) == (version, _tables(tmp_path / "a.sqlite3"))  # 11: overdue rows

    def test_older_file_is_migrated(self, tmp_path: Path) -> None:
        """A version-1 file (no span cache) is migrated to 6 and its cache back-filled."""
        path = tmp_path / "old.sqlite3"
        with SQLiteStore(path) as s:
            s.add_directive(_directive())
            s.add_task(_task("T1"), [TaskAssigned(task_id="T1", at=_at(5), actor="vt")])
        with sqlite3.connect(path) as conn:
            conn.execute("DROP TABLE task_timeline")  # schema 4's table
            conn.execute("UPDATE schema_version SET version = 1")
        conn.close()
        with SQLiteStore(path) as s:
            got = (s.stored_schema_version(), s.overdue_task_ids("SNV", date(2026, 1, 20)),
                   s.get_task("T1").version)
        assert (11, ["T1"], 2) == got

    def test_version_two_spans_follow_recomputation(self, tmp_path: Path) -> None:
        """Opening a version-2 file re-derives the stale spans of recomputed tasks."""
        path = tmp_path / "v2.sqlite3"
        with SQLiteStore(path) as s:
            s.add_directive(_directive())
            s.add_task(_task("T1"), [TaskAssigned(task_id="T1", at=_at(5), actor="vt")])
            s.append_events("T1", [DeadlineRecomputed(
                task_id="T1", at=_at(8), actor="UBND", previous_due=date(2026, 1, 19),
                new_due=date(2026, 1, 21), document="CĐ 05/CĐ-UBND",
                reason="Nghỉ làm việc do bão")], expected_version=2)
        # What a version-2 library cached: one span from 05/01, due 19/01 (ordinal 739635).
        with sqlite3.connect(path) as conn:
            conn.execute("DROP TABLE task_timeline")  # schema 4's table; 2 had task_spans
            conn.execute("CREATE TABLE task_spans (task_id TEXT NOT NULL, valid_from INTEGER "
                         "NOT NULL, valid_to INTEGER, lead_unit TEXT NOT NULL, due INTEGER, "
                         "completed_on INTEGER, cancelled INTEGER NOT NULL)")
            conn.execute("INSERT INTO task_spans VALUES ('T1', 739621, NULL, 'SNV', 739635, "
                         "NULL, 0)")
            conn.execute("UPDATE schema_version SET version = 2")
        conn.close()
        with SQLiteStore(path) as s:
            got = (s.stored_schema_version(), s.overdue_task_ids("SNV", date(2026, 1, 20)),
                   s.overdue_task_ids("SNV", date(2026, 1, 22)))
        assert (11, [], ["T1"]) == got

    def test_newer_file_is_refused(self, tmp_path: Path) -> None:
        """A file written by a newer library raises SchemaVersionError and is not changed."""
        path = tmp_path / "new.sqlite3"
        SQLiteStore(path).close()
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE schema_version SET version = 99")
        conn.close()
        with pytest.raises(SchemaVersionError) as info:
            SQLiteStore(path)
        assert (99, 11) == (info.value.found, info.value.supported)

    def test_reset_empties(self, tmp_path: Path) -> None:
        """reset=True drops what was stored."""
        path = tmp_path / "r.sqlite3"
        with SQLiteStore(path) as s:
            s.add_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
        with SQLiteStore(path, reset=True) as s:
            assert [] == s.get_units()

    def test_data_survives_reopen(self, tmp_path: Path) -> None:
        """What one store object wrote, a new one on the same file reads."""
        path = tmp_path / "p.sqlite3"
        with SQLiteStore(path) as s:
            s.add_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
        with SQLiteStore(path) as s:
            assert ["Sở Nội vụ"] == [u.name for u in s.get_units()]


class TestConnection:
    def test_wal_and_foreign_keys(self, tmp_path: Path) -> None:
        """The file is in WAL mode and foreign keys are enforced."""
        path = tmp_path / "w.sqlite3"
        with SQLiteStore(path) as s:
            mode = s.journal_mode
            fk = s._conn.execute("PRAGMA foreign_keys").fetchone()[0]
        with sqlite3.connect(path) as conn:
            on_disk = conn.execute("PRAGMA journal_mode").fetchone()[0]
        conn.close()
        assert ("wal", 1, "wal") == (mode, fk, on_disk)

    def test_memory_database(self) -> None:
        """':memory:' opens a private database (no WAL for memory)."""
        with SQLiteStore(":memory:") as s:
            s.add_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
            assert (1, "memory") == (len(s.get_units()), s.journal_mode)

    def test_default_path_env(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        """$DIRECTIVE_TRACKER_DB names the default file."""
        monkeypatch.setenv("DIRECTIVE_TRACKER_DB", str(tmp_path / "env.sqlite3"))
        assert tmp_path / "env.sqlite3" == default_db_path()

    def test_default_path_empty_env(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An empty $DIRECTIVE_TRACKER_DB counts as unset."""
        monkeypatch.setenv("DIRECTIVE_TRACKER_DB", "  ")
        assert Path("directive_tracker.sqlite3") == default_db_path()

    def test_default_path_cwd(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        """Without the variable, directive_tracker.sqlite3 in the working directory is used."""
        monkeypatch.delenv("DIRECTIVE_TRACKER_DB", raising=False)
        monkeypatch.chdir(tmp_path)
        SQLiteStore().close()
        assert ("directive_tracker.sqlite3", Path("directive_tracker.sqlite3"), True) == (
            DEFAULT_DB_PATH, default_db_path(), (tmp_path / "directive_tracker.sqlite3").exists())

    @pytest.mark.parametrize(("kwargs", "error"), [
        ({"path": 42}, InvalidTypeError),
        ({"timeout": -1}, ValidationError),
        ({"timeout": True}, ValidationError),
        ({"synchronous": "OFF"}, ValidationError),
    ])
    def test_bad_arguments(self, tmp_path: Path, kwargs: dict[str, Any],
                           error: type[Exception]) -> None:
        """Bad constructor arguments are refused with a library error."""
        kwargs.setdefault("path", tmp_path / "x.sqlite3")
        with pytest.raises(error):
            SQLiteStore(**kwargs)

    def test_unopenable_file(self, tmp_path: Path) -> None:
        """A path in a missing directory raises BackendUnavailableError from sqlite3.Error."""
        with pytest.raises(BackendUnavailableError) as info:
            SQLiteStore(tmp_path / "missing" / "dir" / "x.sqlite3")
        assert isinstance(info.value.__cause__, sqlite3.Error)

    def test_not_a_database(self, tmp_path: Path) -> None:
        """A file that is not SQLite raises BackendUnavailableError naming the path."""
        path = tmp_path / "notes.txt"
        path.write_text("Biên bản họp, không phải cơ sở dữ liệu\n" * 200, encoding="utf-8")
        with pytest.raises(BackendUnavailableError, match=r"notes\.txt"):
            SQLiteStore(path)

    def test_closed_store(self, tmp_path: Path) -> None:
        """Using a closed store raises StorageError."""
        s = SQLiteStore(tmp_path / "c.sqlite3")
        s.close()
        with pytest.raises(StorageError):
            s.get_units()

    def test_driver_error_translated(self, tmp_path: Path) -> None:
        """A sqlite3 error becomes a StorageError chained to it."""
        with SQLiteStore(tmp_path / "d.sqlite3") as s:
            s._conn.execute("DROP TABLE units")
            with pytest.raises(StorageError) as info:
                s.get_units()
        assert isinstance(info.value.__cause__, sqlite3.OperationalError)

    def test_locked_gives_up_after_timeout(self, tmp_path: Path) -> None:
        """Uncommitted writes are invisible to other connections, which wait for the lock
        and give up with BackendUnavailableError after their timeout."""
        path = tmp_path / "l.sqlite3"
        with SQLiteStore(path) as s1, SQLiteStore(path, timeout=0.2) as s2:
            with s1.transaction():
                s1.add_unit(Unit(code="A", name="A", kind=UnitKind.OTHER))
                invisible = s2.get_units()
                t0 = time.monotonic()
                with pytest.raises(BackendUnavailableError):
                    s2.add_unit(Unit(code="B", name="B", kind=UnitKind.OTHER))
                waited = time.monotonic() - t0
            assert ([], ["A"], True) == (invisible, [u.code for u in s2.get_units()],
                                         waited >= 0.2)


class TestBulkSession:
    """add_tasks_bulk's connection settings are temporary and keep the checks."""

    def _pragmas(self, s: SQLiteStore) -> tuple[int, int]:
        conn = s._conn
        return (conn.execute("PRAGMA foreign_keys").fetchone()[0],
                conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])

    def test_settings_restored(self, tmp_path: Path) -> None:
        """After a bulk ingest (or a refused one) foreign keys are on, checkpoints at 1000."""
        with SQLiteStore(tmp_path / "b.sqlite3") as s:
            s.add_directive(_directive())
            s.add_tasks_bulk([(_task("T1"), [])])
            after_ok = self._pragmas(s)
            with pytest.raises(DirectiveNotFoundError):
                s.add_tasks_bulk([(_task("T2", directive_id="NOPE"), [])])
            after_refused = self._pragmas(s)
        assert ((1, 1000), (1, 1000)) == (after_ok, after_refused)

    def test_page_size(self, tmp_path: Path) -> None:
        """A new file gets 16 KiB pages; an existing 4 KiB file keeps its pages and opens."""
        with SQLiteStore(tmp_path / "new.sqlite3") as s:
            new = s._conn.execute("PRAGMA page_size").fetchone()[0]
        old_path = tmp_path / "old.sqlite3"
        with sqlite3.connect(old_path) as conn:
            conn.execute("PRAGMA page_size = 4096")
            # (Issue 17 item 8: a file holding another program's table is now refused, so
            # the existing 4 KiB file is an empty SQLite database, adopted with create.)
            conn.execute("CREATE TABLE other (x)")
            conn.execute("DROP TABLE other")
        conn.close()
        with SQLiteStore(old_path, create=True) as s:
            s.add_directive(_directive())
            s.add_tasks_bulk([(_task("T1"), [])])
            old = (s._conn.execute("PRAGMA page_size").fetchone()[0], s.count_tasks(),
                   s._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        assert (16384, (4096, 1, 1000)) == (new, old)

    def test_unknown_directive_refused(self, tmp_path: Path) -> None:
        """Without foreign-key enforcement, an unknown directive is still refused whole."""
        with SQLiteStore(tmp_path / "b.sqlite3") as s:
            s.add_directive(_directive())
            with pytest.raises(DirectiveNotFoundError):
                s.add_tasks_bulk([(_task("T1"), []), (_task("T2", directive_id="NOPE"), [])])
            assert 0 == s.count_tasks()


class TestHostileText:
    def test_nul_refused_by_domain(self) -> None:
        """NUL in task text is refused before it reaches any store, with a clear message."""
        with pytest.raises(ValidationError, match="must not contain NUL"):
            Task(id="T1", directive_id="D1", content="a\x00b", lead_unit="SNV",
                 deadline=WorkingDays(n=1), anchor=date(2026, 1, 5),
                 assigned_on=date(2026, 1, 5))

    def test_nul_refused_in_outbox(self, tmp_path: Path) -> None:
        """NUL in an outbox key or payload is refused; nothing is stored."""
        with SQLiteStore(tmp_path / "n.sqlite3") as s:
            with pytest.raises(ValidationError, match="NUL"):
                s.add_outbox_item(OutboxItem(key="k\x00", created_at=_at(2)))
            with pytest.raises(ValidationError, match="NUL"):
                s.add_outbox_item(OutboxItem(key="k", created_at=_at(2),
                                             payload={"x": "a\x00"}))
            assert [] == s.get_outbox_items()

    def test_injection_text_leaves_schema_intact(self, tmp_path: Path) -> None:
        """SQL in data and in search text is inert: every table is still there."""
        path = tmp_path / "i.sqlite3"
        evil = "x'); DROP TABLE tasks; --"
        with SQLiteStore(path) as s:
            s.add_directive(Directive(id="D1", issuer=evil, issue_date=date(2026, 1, 2),
                                      summary=evil))
            got = ([d.summary for d in s.get_directives(text=evil)],
                   [d.id for d in s.get_directives(issuer=evil)])
        assert ([evil], ["D1"], TABLES) == (*got, _tables(path))


# -- reliability: crash safety ------------------------------------------------------------

def _crash_child(path: str, trial: int, conn: Any) -> None:
    store = SQLiteStore(path)
    conn.send("ready")
    i = 0
    while True:
        tid = f"K{trial}-{i}"
        store.add_task(_task(tid), [TaskAssigned(task_id=tid, at=_at(5), actor="vt")])
        conn.send(("task", tid))
        store.append_events(tid, [TaskAccepted(task_id=tid, at=_at(6), actor="SNV"),
                                  ProgressReported(task_id=tid, at=_at(7), actor="SNV",
                                                   percent=10)], expected_version=2)
        conn.send(("events", tid))
        i += 1


def _drain(conn: Any) -> list[Any]:
    out = []
    try:
        while conn.poll(0.05):
            out.append(conn.recv())
    except (EOFError, OSError):
        pass
    return out


@pytest.mark.slow
def test_crash_safety_sigkill(tmp_path: Path) -> None:
    """25 writers killed with SIGKILL at random moments lose no committed write."""
    path = str(tmp_path / "crash.sqlite3")
    with SQLiteStore(path) as s:
        s.add_directive(_directive())
    rng = random.Random(20260127)
    committed_tasks: set[str] = set()
    committed_events: set[str] = set()
    for trial in range(25):
        parent, child = FORK.Pipe(duplex=False)
        p = FORK.Process(target=_crash_child, args=(path, trial, child), daemon=True)
        p.start()
        child.close()
        assert "ready" == parent.recv()
        time.sleep(rng.uniform(0.005, 0.15))
        os.kill(p.pid, signal.SIGKILL)  # type: ignore[arg-type]
        p.join()
        for kind, tid in _drain(parent):
            (committed_tasks if kind == "task" else committed_events).add(tid)
        parent.close()
    with sqlite3.connect(path) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    with SQLiteStore(path) as s:
        stored = {t.id: t.version for t in s.get_tasks()}
        events = s.get_events_for(sorted(committed_events))
    missing_tasks = committed_tasks - stored.keys()
    short = [t for t in committed_events if len(events[t]) != 3 or stored[t] != 3]
    assert ("ok", set(), [], True) == (integrity, missing_tasks, short,
                                       len(committed_tasks) >= 25)


# -- reliability: concurrency -----------------------------------------------------------

def _contender(path: str, seed: int, attempts: int, queue: Any) -> None:
    rng = random.Random(seed)
    store = SQLiteStore(path)
    wins: dict[str, int] = {}
    conflicts = 0
    for _ in range(attempts):
        tid = rng.choice(["C1", "C2", "C3"])
        version = store.get_task(tid).version
        time.sleep(rng.uniform(0, 0.002))
        try:
            store.append_events(tid, [ProgressReported(task_id=tid, at=_at(8), actor=str(seed),
                                                       percent=50)],
                                expected_version=version)
            wins[tid] = wins.get(tid, 0) + 1
        except ConcurrentModificationError:
            conflicts += 1
    store.close()
    queue.put((wins, conflicts))


@pytest.mark.slow
def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    """4 processes race on 3 tasks: each update applies or is refused, none is lost."""
    path = str(tmp_path / "race.sqlite3")
    with SQLiteStore(path) as s:
        s.add_directive(_directive())
        for tid in ("C1", "C2", "C3"):
            s.add_task(_task(tid))
    queue = FORK.Queue()
    procs = [FORK.Process(target=_contender, args=(path, seed, 40, queue))
             for seed in range(4)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    wins = {tid: sum(r[0].get(tid, 0) for r in results) for tid in ("C1", "C2", "C3")}
    conflicts = sum(r[1] for r in results)
    with SQLiteStore(path) as s:
        versions = {tid: s.get_task(tid).version for tid in wins}
        counts = {tid: len(s.get_events(tid)) for tid in wins}
    assert (160, {t: 1 + w for t, w in wins.items()}, wins) == (
        sum(wins.values()) + conflicts, versions, counts)


# -- issue 17 item 8: other people's files -------------------------------------------------

def _snapshot(path: Path) -> tuple[bytes, list[str]]:
    """The file's bytes and the names of the files next to it (journal, WAL, SHM)."""
    return path.read_bytes(), sorted(p.name for p in path.parent.iterdir())


def _journal_mode(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        conn.close()


class TestForeignFiles:
    """Opening a file that is not ours refuses it and changes nothing in it."""

    def test_other_application_refused_unchanged(self, tmp_path: Path) -> None:
        """A database with other tables is refused; bytes, journal mode, neighbours kept."""
        path = tmp_path / "other_app.sqlite3"
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
            conn.execute("INSERT INTO customers (name) VALUES ('Nguyễn Văn A')")
        conn.close()
        before = _snapshot(path)
        with pytest.raises(StorageError, match=r"belongs to another application.*customers"):
            SQLiteStore(path)
        # "delete" is SQLite's default rollback journal: not switched to "wal".
        assert (before, "delete", ["customers"]) == (
            _snapshot(path), _journal_mode(path), _tables(path))

    def test_foreign_tasks_table_refused_unchanged(self, tmp_path: Path) -> None:
        """A foreign database that happens to have a ``tasks`` table is refused unchanged."""
        path = tmp_path / "todo.sqlite3"
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE tasks (id TEXT PRIMARY KEY, title TEXT)")
            conn.execute("CREATE TABLE schema_version (version INTEGER)")
            conn.execute("INSERT INTO schema_version VALUES (1)")
        conn.close()
        before = _snapshot(path)
        with pytest.raises(StorageError, match="another application"):
            SQLiteStore(path)
        with pytest.raises(StorageError, match="another application"):
            SQLiteStore(path, reset=True, create=True)  # never drops someone's tables
        assert (before, "delete", ["schema_version", "tasks"]) == (
            _snapshot(path), _journal_mode(path), _tables(path))

    def test_foreign_application_id_refused(self, tmp_path: Path) -> None:
        """A file stamped with another application_id (here 0x12345678) is refused."""
        path = tmp_path / "stamped.sqlite3"
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA application_id = 305419896")
            for name in ("schema_version", "units", "successions", "directives", "tasks",
                         "task_units", "task_tags", "events", "outbox"):
                conn.execute(f"CREATE TABLE {name} (x)")
        conn.close()
        before = _snapshot(path)
        with pytest.raises(StorageError, match="application_id 305419896"):
            SQLiteStore(path)
        assert before == _snapshot(path)

    def test_zero_byte_file_refused_unless_create(self, tmp_path: Path) -> None:
        """An empty file is refused and stays 0 bytes; with create=True it becomes a store."""
        path = tmp_path / "empty.sqlite3"
        path.touch()
        with pytest.raises(StorageError, match=r"empty file \(0 bytes\)"):
            SQLiteStore(path)
        size_after_refusal = path.stat().st_size
        with SQLiteStore(path, create=True) as s:
            s.add_directive(_directive())
        with SQLiteStore(path) as s:  # now ours: opens without create
            got = [d.id for d in s.get_directives()]
        assert (0, ["D1"]) == (size_after_refusal, got)

    def test_empty_database_refused_unless_create(self, tmp_path: Path) -> None:
        """An SQLite file with no table at all is refused without create, unchanged."""
        path = tmp_path / "blank.sqlite3"
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE t (x)")
            conn.execute("DROP TABLE t")
        conn.close()
        before = _snapshot(path)
        with pytest.raises(StorageError, match="without any table"):
            SQLiteStore(path)
        assert before == _snapshot(path)

    def test_new_path_created_and_stamped(self, tmp_path: Path) -> None:
        """A path that does not exist is created, in WAL mode, with our application_id."""
        path = tmp_path / "sub.sqlite3"
        SQLiteStore(path).close()
        with sqlite3.connect(path) as conn:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        conn.close()
        # "DTrk" in ASCII is 0x44 0x54 0x72 0x6B = 68, 84, 114, 107:
        # 68 * 16,777,216 + 84 * 65,536 + 114 * 256 + 107
        # = 1,140,850,688 + 5,505,024 + 29,184 + 107 = 1,146,385,003.
        assert (1146385003, "wal") == (app_id, _journal_mode(path))

    def test_file_of_older_version_is_recognised_and_stamped(self, tmp_path: Path) -> None:
        """A file of ours written before application_id existed (id 0) opens and is stamped."""
        path = tmp_path / "v01.sqlite3"
        with SQLiteStore(path) as s:
            s.add_directive(_directive())
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA application_id = 0")  # as 0.1 wrote it
        conn.close()
        with SQLiteStore(path) as s:
            got = [d.id for d in s.get_directives()]
        with sqlite3.connect(path) as conn:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        conn.close()
        assert (["D1"], 1146385003) == (got, app_id)  # "DTrk", computed above

    def test_nul_in_path_refused(self) -> None:
        """A path with NUL is a ValidationError (not the driver's ValueError)."""
        with pytest.raises(ValidationError, match="NUL"):
            SQLiteStore("db\x00.sqlite3")


# -- issue 17 item 7: damaged files raise library errors ------------------------------------

class TestDamagedFiles:
    """A damaged schema_version or data row raises a library error naming what is wrong."""

    @pytest.mark.parametrize("value", ["'abc'", "NULL", "-1", "1.5"])
    def test_bad_schema_version(self, tmp_path: Path, value: str) -> None:
        """schema_version 'abc', NULL, -1 or 1.5 raises SchemaVersionError, file unchanged."""
        path = tmp_path / "v.sqlite3"
        SQLiteStore(path).close()
        with sqlite3.connect(path) as conn:
            conn.execute("DROP TABLE schema_version")
            conn.execute("CREATE TABLE schema_version (version)")  # no NOT NULL, no type
            conn.execute(f"INSERT INTO schema_version VALUES ({value})")
        conn.close()
        before = _snapshot(path)
        with pytest.raises(SchemaVersionError, match="not a version number") as info:
            SQLiteStore(path)
        assert (11, before) == (info.value.supported, _snapshot(path))

    def test_corrupt_task_row_names_the_task(self, tmp_path: Path) -> None:
        """Invalid JSON in tasks.data raises StorageError naming task T2; T1 still reads."""
        path = tmp_path / "c.sqlite3"
        with SQLiteStore(path) as s:
            s.add_directive(_directive())
            s.add_task(_task("T1"))
            s.add_task(_task("T2"))
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE tasks SET data = '{\"id\": \"T2\", ' WHERE id = 'T2'")
        conn.close()
        with SQLiteStore(path) as s:
            t1 = s.get_task("T1").id
            with pytest.raises(StorageError, match="stored task 'T2' is damaged") as one:
                s.get_task("T2")
            with pytest.raises(StorageError, match="'T2'") as many:
                s.get_tasks()
        assert ("T1", "T2", "T2") == (t1, one.value.key, many.value.key)

    def test_wrong_shape_task_row(self, tmp_path: Path) -> None:
        """A JSON list (valid JSON, wrong shape) in tasks.data raises StorageError."""
        path = tmp_path / "w.sqlite3"
        with SQLiteStore(path) as s:
            s.add_directive(_directive())
            s.add_task(_task("T1"))
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE tasks SET data = '[1, 2]' WHERE id = 'T1'")
        conn.close()
        with SQLiteStore(path) as s, pytest.raises(StorageError, match="'T1' is damaged"):
            s.get_task("T1")

    def test_corrupt_event_row_names_the_task(self, tmp_path: Path) -> None:
        """An event row with an unknown kind raises StorageError naming its task."""
        path = tmp_path / "e.sqlite3"
        with SQLiteStore(path) as s:
            s.add_directive(_directive())
            s.add_task(_task("T1"), [TaskAssigned(task_id="T1", at=_at(5), actor="vt")])
        with sqlite3.connect(path) as conn:
            conn.execute("DROP TRIGGER dt_events_no_update")  # append-only since schema 8
            conn.execute("UPDATE events SET data = '{\"kind\": \"exploded\"}'")
        conn.close()
        with SQLiteStore(path) as s, pytest.raises(StorageError, match="event of task 'T1'"):
            s.get_events("T1")
