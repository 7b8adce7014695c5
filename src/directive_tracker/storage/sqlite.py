# SPDX-License-Identifier: MIT
"""
The embedded default store: one SQLite file (stdlib :mod:`sqlite3`), no server.

* **Location.**  ``SQLiteStore()`` with no path opens :func:`default_db_path`: the file
  named by the environment variable ``DIRECTIVE_TRACKER_DB`` if set, else
  ``directive_tracker.sqlite3`` in the current working directory
  (:data:`DEFAULT_DB_PATH`).  ``":memory:"`` gives a private in-memory database.
* **Durability and concurrency.**  WAL journal (readers never block the writer),
  ``synchronous=NORMAL`` (a killed process never corrupts the file or loses a committed
  write; ``synchronous="FULL"`` also survives power loss), foreign keys on, every write
  in ``BEGIN IMMEDIATE`` so writers queue instead of deadlocking, a busy timeout, and
  retries with backoff on ``SQLITE_BUSY``/``SQLITE_LOCKED`` — several processes may
  share one file.
* **Schema.**  A ``schema_version`` table; opening an older file migrates it in one
  transaction; a file from a newer library raises
  :class:`~directive_tracker.exceptions.SchemaVersionError`.  Version 1: the tables;
  version 2: the ``task_spans`` cache (back-filled from the event log) for the as-of
  queries; version 3: no new table, the cached spans of tasks with
  ``deadline_recomputed`` events are re-derived (the cache now follows them); version 4:
  the ``settings`` table (the province policy, :meth:`~Store.get_settings`).
  Version 5 adds the outbox claim columns (``claimed_by``, ``lease_until``, ``attempts``);
  version 6 the stable ``v1_*`` views; version 7 replaces ``task_spans`` by
  ``task_timeline``, each task's status timeline
  (:func:`directive_tracker.timeline.status_timeline`), rebuilt from the event log in
  the migration's one transaction.
  Version 8 adds ``events.digest`` (the hash chain, back-filled) and the triggers that
  keep ``events`` append-only (:meth:`SQLiteStore.protect_events`).
  Version 9 gives ``task_timeline`` rows per occurrence of a periodic duty (column
  ``occurrence`` in the primary key; see ``storage/_timeline.py`` for the horizon),
  rebuilding the periodic duties' rows from their logs in the migration's transaction.
  Version 10 replaces the index ``task_timeline_unit (lead_unit, valid_from)`` by
  ``task_timeline_lead (lead_unit, grp, valid_to, valid_from)``: a unit's overdue list
  reads only its overdue rows (no data is rewritten).
* **Layout.**  New files use 16 KiB pages (:data:`PAGE_SIZE`); an existing file keeps
  its own.
* **Safety.**  SQL is built only with ``?`` parameters; driver errors become
  :class:`~directive_tracker.exceptions.StorageError` (``raise ... from``).  Another
  program's database, or an empty file unless ``create=True``, is refused after a
  read-only look, before anything is written (files of ours carry
  :data:`APPLICATION_ID` in the SQLite header).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, ClassVar, Literal

from .._validators import check_str
from ..exceptions import BackendUnavailableError, InvalidTypeError, StorageError, ValidationError
from ._sql import (
    SETTINGS_DDL,
    BaseSQLStore,
    BulkWriteHook,
    Migration,
    backfill_event_digests,
    backfill_outbox_attempts,
    backfill_timeline_v7,
    fill_overdue_side,
    rebuild_unreplayable_timelines,
)
from ._timeline import STALE_SQL, STALE_SQL_V7, STALE_SQL_V9, sqlite_stale_triggers

logger = logging.getLogger(__name__)

__all__ = ["APPLICATION_ID", "DEFAULT_DB_PATH", "ENV_VAR", "SQLiteStore", "default_db_path"]

#: File name used when neither a path nor ``$DIRECTIVE_TRACKER_DB`` is given (relative to
#: the current working directory).
DEFAULT_DB_PATH = "directive_tracker.sqlite3"

#: Environment variable naming the default database file.
ENV_VAR = "DIRECTIVE_TRACKER_DB"


def default_db_path() -> Path:
    """
    Return the database file used when ``SQLiteStore`` is given no path.

    Returns:
        ``Path($DIRECTIVE_TRACKER_DB)`` if that variable is set and not empty, else
        ``Path("directive_tracker.sqlite3")`` (relative to the working directory).

    .. versionadded:: 0.1.0
    """
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env) if env else Path(DEFAULT_DB_PATH)


_V1 = [
    "CREATE TABLE units (code TEXT PRIMARY KEY, data TEXT NOT NULL)",
    "CREATE TABLE successions (seq INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL)",
    "CREATE TABLE directives (id TEXT PRIMARY KEY, issuer TEXT NOT NULL, "
    "issue_date INTEGER NOT NULL, text_key TEXT NOT NULL, data TEXT NOT NULL)",
    "CREATE INDEX directives_issuer ON directives (issuer, issue_date)",
    "CREATE INDEX directives_issue_date ON directives (issue_date)",
    "CREATE TABLE tasks (id TEXT PRIMARY KEY, "
    "directive_id TEXT NOT NULL REFERENCES directives (id), lead_unit TEXT NOT NULL, "
    "parent_id TEXT, due_date INTEGER, text_key TEXT NOT NULL, version INTEGER NOT NULL, "
    "data TEXT NOT NULL)",
    "CREATE INDEX tasks_directive ON tasks (directive_id)",
    "CREATE INDEX tasks_lead_unit ON tasks (lead_unit)",
    "CREATE INDEX tasks_parent ON tasks (parent_id)",
    "CREATE INDEX tasks_due_date ON tasks (due_date)",
    "CREATE TABLE task_units (unit TEXT NOT NULL, "
    "task_id TEXT NOT NULL REFERENCES tasks (id), PRIMARY KEY (unit, task_id)) WITHOUT ROWID",
    "CREATE TABLE task_tags (tag TEXT NOT NULL, "
    "task_id TEXT NOT NULL REFERENCES tasks (id), PRIMARY KEY (tag, task_id)) WITHOUT ROWID",
    "CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
    "task_id TEXT NOT NULL REFERENCES tasks (id), on_date INTEGER NOT NULL, "
    "kind TEXT NOT NULL, data TEXT NOT NULL)",
    "CREATE INDEX events_task ON events (task_id, seq)",
    "CREATE TABLE outbox (key TEXT PRIMARY KEY, sort_key TEXT NOT NULL, "
    "status TEXT NOT NULL, data TEXT NOT NULL)",
    "CREATE INDEX outbox_order ON outbox (sort_key, key)",
]

#: Page size of new database files, in bytes.
PAGE_SIZE = 16384

#: The SQLite header's ``application_id`` of our files (ASCII ``"DTrk"``): set when a
#: file is created (or first opened by this version), it tells our files from others'.
APPLICATION_ID = int.from_bytes(b"DTrk", "big")

#: The tables every file of ours has had since schema version 1 (files written before
#: :data:`APPLICATION_ID` existed are recognised by them).
_OUR_TABLES = frozenset({"schema_version", "units", "successions", "directives", "tasks",
                         "task_units", "task_tags", "events", "outbox"})

#: WAL size allowed to pile up before a checkpoint during bulk ingest, in bytes.
_BULK_CHECKPOINT_BYTES = 80 * 2**20
#: Page cache of a connection, in KiB (64 MiB; the default 2 MiB thrashes on large
#: indexes), and during a bulk ingest (256 MiB: the timeline's wide covering index is
#: updated at scattered places, so a growing file re-reads its pages from disk once it
#: outgrows the cache).  SQLite allocates cache pages as they are used; the cache is
#: shrunk back when the ingest ends.
_CACHE_KIB = 65536
_BULK_CACHE_KIB = 262144
#: From this many event rows on, a bulk insert of new tasks runs without the
#: stale-timeline trigger on event inserts (see ``SQLiteStore._write_encoded``).
_BULK_TRIGGER_ROWS = 1000
#: The secondary indexes of the tables a bulk ingest writes that a large ingest drops and
#: builds again before it commits (see ``SQLiteStore._bulk_write_hook``): every one
#: except the primary keys (the duplicate-id checks use them) and the partial index of
#: unreplayable rows (a few rows; building it would read the whole timeline).
_BULK_DEFERRED_INDEXES = ("tasks_directive", "tasks_lead_unit", "tasks_parent",
                          "tasks_due_date", "events_task", "task_timeline_asof",
                          "task_timeline_lead", "task_timeline_overdue_task")
#: That trigger's name and DDL (one of :func:`sqlite_stale_triggers`).
_EVENTS_INSERT_TRIGGER = "timeline_stale_events_insert"
_EVENTS_INSERT_TRIGGER_DDL = next(t for t in sqlite_stale_triggers()
                                  if f" {_EVENTS_INSERT_TRIGGER} " in t)

_V2 = [
    "CREATE TABLE task_spans (task_id TEXT NOT NULL REFERENCES tasks (id), "
    "valid_from INTEGER NOT NULL, valid_to INTEGER, lead_unit TEXT NOT NULL, due INTEGER, "
    "completed_on INTEGER, cancelled INTEGER NOT NULL, PRIMARY KEY (task_id, valid_from)) "
    "WITHOUT ROWID",
    # One covering index serves both as-of queries: the overdue list searches it by
    # lead_unit, the scoreboard scans it in lead_unit order (no sort, no table lookups).
    "CREATE INDEX task_spans_unit ON task_spans "
    "(lead_unit, valid_from, valid_to, due, completed_on, cancelled)",
]


# Version 5: the outbox claim columns (exactly-once delivery), added by
# backfill_outbox_attempts only where missing: claimed_by, lease_until (a fixed-width UTC
# text that sorts like the instant) and attempts, for the claim query.
_V5: list[str] = []


# Version 6: the stable v1_* SQL views for readers in other languages (issue 16; the
# contract is documented column by column in docs/guide/sql-views.md).  Plain columns
# come from the stored JSON ``data`` (json_extract); dates stay ISO 8601 text.
_V6 = [
    "CREATE VIEW IF NOT EXISTS v1_units AS SELECT code, "
    "json_extract(data, '$.name') AS name, json_extract(data, '$.kind') AS kind, "
    "json_extract(data, '$.parent') AS parent, "
    "json_extract(data, '$.valid_from') AS valid_from, "
    "json_extract(data, '$.valid_to') AS valid_to, data FROM units",
    "CREATE VIEW IF NOT EXISTS v1_directives AS SELECT id, "
    "json_extract(data, '$.doc_type') AS doc_type, issuer, "
    "json_extract(data, '$.issue_date') AS issue_date, "
    "json_extract(data, '$.received_date') AS received_date, "
    "json_extract(data, '$.signer') AS signer, "
    "json_extract(data, '$.summary') AS summary, "
    "json_extract(data, '$.parent_id') AS parent_id, data FROM directives",
    "CREATE VIEW IF NOT EXISTS v1_tasks AS SELECT id, directive_id, "
    "json_extract(data, '$.parent_id') AS parent_id, "
    "json_extract(data, '$.content') AS content, "
    "json_extract(data, '$.lead_unit') AS lead_unit, "
    "json_extract(data, '$.assigned_on') AS assigned_on, "
    "json_extract(data, '$.anchor') AS anchor, "
    "json_extract(data, '$.due_date') AS due_date, "
    "json_extract(data, '$.priority') AS priority, data FROM tasks",
    "CREATE VIEW IF NOT EXISTS v1_events AS SELECT task_id, seq, kind, "
    "json_extract(data, '$.at') AS at, json_extract(data, '$.actor') AS actor, "
    "data FROM events",
    "CREATE VIEW IF NOT EXISTS v1_outbox AS SELECT key, status, "
    "json_extract(data, '$.created_at') AS created_at, attempts, "
    "json_extract(data, '$.last_error') AS last_error, "
    "json_extract(data, '$.sent_at') AS sent_at, claimed_by, "
    "json_extract(data, '$.payload') AS payload, data FROM outbox",
]


#: Drop the stale-timeline triggers (their bodies name the timeline's columns).
_DROP_STALE_TRIGGERS = [
    f"DROP TRIGGER IF EXISTS {name}" for name in
    ("timeline_stale_events_insert", "timeline_stale_events_update",
     "timeline_stale_events_update1", "timeline_stale_events_delete",
     "timeline_stale_tasks_update")]

# Version 7: task_spans is replaced by task_timeline (issue 12), back-filled from the
# event log by backfill_timeline in the migration's one transaction.
_V7 = [
    "DROP INDEX IF EXISTS task_spans_unit",
    "DROP TABLE IF EXISTS task_spans",
    "DROP TABLE IF EXISTS task_timeline",
    "CREATE TABLE task_timeline (task_id TEXT NOT NULL REFERENCES tasks (id), "
    "directive_id TEXT NOT NULL, assigned_on INTEGER NOT NULL, valid_from INTEGER NOT NULL, "
    "valid_to INTEGER, phase TEXT NOT NULL, kind TEXT NOT NULL, grp TEXT, "
    "lead_unit TEXT NOT NULL, previous_leads TEXT NOT NULL, "
    "coordinating_units TEXT NOT NULL, original_due INTEGER, current_due INTEGER, "
    "paused_since INTEGER, completed_on INTEGER, closed_on INTEGER, "
    "percent INTEGER NOT NULL, on_time_vs_current INTEGER, on_time_vs_original INTEGER, "
    "late_days INTEGER, due_rank INTEGER, submitted_on INTEGER, "
    "PRIMARY KEY (task_id, valid_from)) WITHOUT ROWID",
    # The as-of aggregation reads only this covering index (no table lookups): one range
    # for the rows still open (valid_to NULL), in the order of its GROUP BY, and one for
    # those closed after D.
    "CREATE INDEX task_timeline_asof ON task_timeline (valid_to, lead_unit, "
    "previous_leads, kind, grp, on_time_vs_current, on_time_vs_original, valid_from, "
    "phase, percent, late_days, due_rank, assigned_on, completed_on, closed_on, "
    "coordinating_units, directive_id)",
    # A unit's segments (its overdue list): searched by lead unit.
    "CREATE INDEX task_timeline_unit ON task_timeline (lead_unit, valid_from)",
    # The few tasks whose log does not replay (reports judge them one by one).
    "CREATE INDEX task_timeline_unreplayable ON task_timeline (assigned_on, task_id) "
    "WHERE phase = 'unreplayable'",
    # A change to events (or to a task's terms) below the library marks the task's
    # timeline stale: the reports then judge it from its log (quarantine included).
    # (Dropped first: a file set back to an older version by hand keeps newer triggers.)
    *_DROP_STALE_TRIGGERS,
    *sqlite_stale_triggers(STALE_SQL_V7),
]
# Version 8: every event carries its hash-chain digest (issue 17 item 4), back-filled
# for stored events; then the events table becomes append-only below the library.
# (The column is added by the back-fill where missing, so the step can run again.)
_V8: list[str] = []

# Version 9: rows per occurrence of a periodic duty (issue 13 item 6): the timeline gets
# the occurrence key (in its primary key), title and reminder start; the rows of the
# tasks that had an unreplayable row (every periodic duty) are rebuilt from their logs
# (rebuild_unreplayable_timelines), the others copied, in the migration's transaction.
_TIMELINE_V9 = (
    "CREATE TABLE task_timeline (task_id TEXT NOT NULL REFERENCES tasks (id), "
    "directive_id TEXT NOT NULL, assigned_on INTEGER NOT NULL, valid_from INTEGER NOT NULL, "
    "valid_to INTEGER, phase TEXT NOT NULL, kind TEXT NOT NULL, grp TEXT, "
    "lead_unit TEXT NOT NULL, previous_leads TEXT NOT NULL, "
    "coordinating_units TEXT NOT NULL, original_due INTEGER, current_due INTEGER, "
    "paused_since INTEGER, completed_on INTEGER, closed_on INTEGER, "
    "percent INTEGER NOT NULL, on_time_vs_current INTEGER, on_time_vs_original INTEGER, "
    "late_days INTEGER, due_rank INTEGER, submitted_on INTEGER, "
    "occurrence TEXT NOT NULL DEFAULT '', occurrence_title TEXT NOT NULL DEFAULT '', "
    "occurrence_start INTEGER, "
    "PRIMARY KEY (task_id, occurrence, valid_from)) WITHOUT ROWID")
_V7_COLUMNS = ("task_id, directive_id, assigned_on, valid_from, valid_to, phase, kind, grp, "
               "lead_unit, previous_leads, coordinating_units, original_due, current_due, "
               "paused_since, completed_on, closed_on, percent, on_time_vs_current, "
               "on_time_vs_original, late_days, due_rank, submitted_on")
_V9 = [
    *_DROP_STALE_TRIGGERS,
    "ALTER TABLE task_timeline RENAME TO task_timeline_v7",
    "DROP INDEX IF EXISTS task_timeline_asof",
    "DROP INDEX IF EXISTS task_timeline_unit",
    "DROP INDEX IF EXISTS task_timeline_unreplayable",
    _TIMELINE_V9,
    f"INSERT INTO task_timeline ({_V7_COLUMNS}) SELECT {_V7_COLUMNS} FROM task_timeline_v7",
    "DROP TABLE task_timeline_v7",
    *_V7[4:7],
    *sqlite_stale_triggers(STALE_SQL_V9),
]

# Version 10: a unit's rows of one report group are one index range (issue 12, the
# overdue list at 1,000,000 tasks): task_timeline_unit (lead_unit, valid_from) made a
# unit's overdue list read every row of the unit (about 24,000 at 1,000,000 tasks) and
# look each one up in the table to test its group; task_timeline_lead (lead_unit, grp,
# valid_to, valid_from) leaves only the unit's rows of the group, tested on valid_to
# and valid_from inside the index (a unit's rows without a group filter are still one
# range of it).  The same number of indexes to maintain on ingest.
_V10 = [
    "DROP INDEX IF EXISTS task_timeline_unit",
    "CREATE INDEX IF NOT EXISTS task_timeline_lead ON task_timeline "
    "(lead_unit, grp, valid_to, valid_from)",
]

# Version 11: the side table of the timeline rows in the overdue group, ordered by lead
# unit, with what an overdue list prints (issue 12, a unit's overdue list at 1,000,000
# tasks in 20 ms): through task_timeline_lead, each of a unit's rows was a look-up in the
# timeline and another in tasks for its content (35 ms of SQL for 3,146 rows); here
# they are one range of the primary key.  Filled from the stored rows
# (fill_overdue_side); the stale-timeline triggers now also delete a task's side rows.
_V11 = [
    "CREATE TABLE IF NOT EXISTS task_timeline_overdue (lead_unit TEXT NOT NULL, "
    "task_id TEXT NOT NULL, occurrence TEXT NOT NULL, valid_from INTEGER NOT NULL, "
    "valid_to INTEGER, directive_id TEXT NOT NULL, content TEXT NOT NULL, "
    "kind TEXT NOT NULL, previous_leads TEXT NOT NULL, original_due INTEGER, "
    "current_due INTEGER, percent INTEGER NOT NULL, late_days INTEGER, due_rank INTEGER, "
    "occurrence_title TEXT NOT NULL, "
    "PRIMARY KEY (lead_unit, task_id, occurrence, valid_from)) WITHOUT ROWID",
    # A task's side rows, deleted when its timeline is written again or goes stale.
    "CREATE INDEX IF NOT EXISTS task_timeline_overdue_task ON task_timeline_overdue "
    "(task_id)",
    *_DROP_STALE_TRIGGERS,
    *sqlite_stale_triggers(STALE_SQL),
]

#: Names of the triggers that keep ``events`` append-only (created by schema version 8).
EVENT_TRIGGERS = ("dt_events_no_update", "dt_events_no_delete")


def create_event_triggers(cur: Any) -> None:
    """Create the triggers that abort any ``UPDATE`` or ``DELETE`` of an event row."""
    for name, what in zip(EVENT_TRIGGERS, ("UPDATE", "DELETE"), strict=True):
        cur.execute(f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {what} ON events "
                    "BEGIN SELECT RAISE(ABORT, 'directive_tracker: events are "
                    "append-only (see SQLiteStore.protect_events)'); END")


def backfill_chain_and_protect(store: BaseSQLStore, cur: Any) -> None:
    """
    Migration step 8: the ``digest`` column where missing, the digests of stored events
    that have none, then the append-only triggers.  The library's one maintenance
    path through the triggers: it drops them for the back-fill and creates them again.
    """
    columns = {r[1] for r in cur.execute("PRAGMA table_info(events)").fetchall()}
    if "digest" not in columns:
        cur.execute("ALTER TABLE events ADD COLUMN digest TEXT")
    for name in EVENT_TRIGGERS:
        cur.execute(f"DROP TRIGGER IF EXISTS {name}")
    backfill_event_digests(store, cur)
    create_event_triggers(cur)


class SQLiteStore(BaseSQLStore):
    """
    A :class:`~directive_tracker.storage.Store` in one SQLite file.

    Args:
        path: the database file (created if missing), ``":memory:"``, or None for
            :func:`default_db_path`.
        reset: drop every table first (for tests; like apscheduler's
            ``start_from_scratch``).
        timeout: seconds to wait for another process's lock before giving up (busy
            timeout, and the total time write retries may take).
        synchronous: ``"NORMAL"`` (default, safe against process crashes in WAL mode) or
            ``"FULL"`` (also against power loss, slower).
        create: also turn an existing *empty* file (0 bytes, or an SQLite database
            without any table) into a store.  Without it such a file is refused: an
            empty file where a database is expected is more often a mistake (a wrong
            path, a truncated copy, a placeholder of another program) than a request.
            A path that does not exist is always created.
        progress: called ``(done, total)`` (tasks) while opening migrates an older file
            to schema 7 and computes every task's status timeline from its events
            (e.g. a progress bar); also used by :meth:`rebuild_timelines`.

    Opening never changes a file that is not ours: before anything is written (no
    table, no journal-mode switch) the file is inspected read-only and refused unless
    it is a directive_tracker database (its ``application_id`` is
    :data:`APPLICATION_ID`, or it has our ``schema_version`` table and tables), or
    empty and *create* is true.

    Raises:
        InvalidTypeError: *path* is not a str, ``os.PathLike`` or None.
        ValidationError: *timeout* is negative or *synchronous* unknown.
        BackendUnavailableError: the file cannot be opened.
        StorageError: the file is another program's database, or empty (without
            *create*); it was not modified.
        SchemaVersionError: the file was written by a newer library, or its
            ``schema_version`` is damaged.

    Example::

        with SQLiteStore("province.sqlite3") as store:
            store.add_unit(unit)

    .. versionadded:: 0.1.0
    """

    placeholder: ClassVar[str] = "?"
    # Versions 2-3 built and repaired the task_spans cache that version 7 replaces, so
    # their back-fills are no longer run (version 5 rebuilds from the event log).
    migrations: ClassVar[list[Migration]] = [(_V1, None), (_V2, None), ([], None),
                                             # version 4: the settings table (issue 15)
                                             (SETTINGS_DDL, None),
                                             # version 5: outbox claims (issue 17)
                                             (_V5, backfill_outbox_attempts),
                                             # version 6: the v1_* SQL views (issue 16)
                                             (_V6, None),
                                             # version 7: the status timelines (issue 12)
                                             (_V7, backfill_timeline_v7),
                                             # version 8: the events' hash chain and the
                                             # append-only triggers (issue 17 item 4)
                                             (_V8, backfill_chain_and_protect),
                                             # version 9: rows per occurrence of the
                                             # periodic duties (issue 13 item 6)
                                             (_V9, rebuild_unreplayable_timelines),
                                             # version 10: the index of a unit's rows
                                             # by report group (issue 12)
                                             (_V10, None),
                                             # version 11: the overdue rows by unit,
                                             # a side table of the timeline (issue 12)
                                             (_V11, fill_overdue_side)]
    backend_name: ClassVar[str] = "SQLite"

    def __init__(self, path: str | os.PathLike[str] | None = None, *, reset: bool = False,
                 timeout: float = 30.0,
                 synchronous: Literal["NORMAL", "FULL"] = "NORMAL",
                 create: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> None:
        if path is None:
            path = default_db_path()
        if not isinstance(path, str | os.PathLike):
            raise InvalidTypeError("path", path, "a str, os.PathLike or None")
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout < 0:
            raise ValidationError(f"timeout must be a number of seconds >= 0, got {timeout!r}")
        if synchronous not in ("NORMAL", "FULL"):
            raise ValidationError(
                f"synchronous must be 'NORMAL' or 'FULL', got {synchronous!r}")
        if not isinstance(create, bool):
            raise InvalidTypeError("create", create, "a bool")
        super().__init__(retry_seconds=float(timeout))
        self.path = os.fspath(path) if isinstance(path, os.PathLike) else check_str(path, "path")
        if "\x00" in self.path:
            raise ValidationError("path must not contain NUL characters", param_name="path")
        try:  # a lone surrogate outside U+DC80–U+DCFF names no file on this system
            os.fsencode(self.path)
        except UnicodeError:
            raise ValidationError("path cannot be written as a file name (it holds a lone "
                                  "surrogate)", param_name="path") from None
        self._stamp = self._inspect(create=create)
        try:
            self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None,
                                         check_same_thread=False)
            self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            # A new file gets 16 KiB pages (SQLite's default is 4 KiB): shallower
            # B-trees and fewer page writes per commit; measured 10 % faster bulk ingest.
            # A no-op on an existing file (its page size is fixed once it has content).
            self._conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            self._journal_mode = self._pragma_retry("PRAGMA journal_mode = WAL")
            self._conn.execute(f"PRAGMA synchronous = {synchronous}")
            self._conn.execute("PRAGMA foreign_keys = ON")
            # 64 MiB page cache (the default 2 MiB thrashes on large indexes).
            self._conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        except sqlite3.Error as e:
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            self._closed = True
            raise BackendUnavailableError(
                f"cannot open SQLite database {self.path!r}: {e}", path=self.path) from e
        try:
            self._progress = progress
            self._migrate(reset=reset)
            if self._stamp:
                self._pragma_retry(f"PRAGMA application_id = {APPLICATION_ID}")
        except BaseException:
            self.close()
            raise

    def _inspect(self, *, create: bool) -> bool:
        """
        Refuse a file that is not ours, read-only; return whether to stamp our id on it.

        Runs before the first write: the file is opened with ``mode=ro``, so nothing in
        it can change (no table, no WAL switch, no page size).
        """
        if self.path in ("", ":memory:") or not os.path.exists(self.path):
            return True  # a new database: ours from the start
        if os.path.isfile(self.path) and os.path.getsize(self.path) == 0:
            if not create:
                raise StorageError(
                    f"{self.path!r} is an empty file (0 bytes), not a directive_tracker "
                    "database; nothing was changed.  Delete it to let directive_tracker "
                    "create a database at that path, or pass create=True "
                    "to use it", path=self.path)
            return True
        # Percent-encode the file name's bytes: a name that is not UTF-8 (U+DCxx after
        # surrogateescape) cannot be encoded as text (UnicodeEncodeError, issue 17 item 7).
        path_bytes = os.fsencode(os.path.abspath(self.path))
        uri = "file:" + urllib.parse.quote(path_bytes) + "?mode=ro"
        try:
            ro = sqlite3.connect(uri, uri=True, timeout=self._retry_seconds,
                                 isolation_level=None)
        except sqlite3.Error as e:
            raise BackendUnavailableError(
                f"cannot open SQLite database {self.path!r}: {e}", path=self.path) from e
        try:
            app_id = int(ro.execute("PRAGMA application_id").fetchone()[0])
            tables = {r[0] for r in ro.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
        except sqlite3.Error as e:
            raise BackendUnavailableError(
                f"cannot open SQLite database {self.path!r}: {e}; nothing was changed",
                path=self.path) from e
        finally:
            ro.close()
        if app_id == APPLICATION_ID:
            return False
        tables.discard("sqlite_sequence")
        if app_id == 0 and _OUR_TABLES <= tables:
            return True  # written before application_id was set: stamp it now
        if app_id == 0 and not tables:
            if not create:
                raise StorageError(
                    f"{self.path!r} is an empty SQLite database without any table, not a "
                    "directive_tracker database; nothing was changed.  Pass create=True "
                    "to use it", path=self.path)
            return True
        found = ", ".join(sorted(tables)[:8]) + (" …" if len(tables) > 8 else "")
        raise StorageError(
            f"{self.path!r} belongs to another application (application_id {app_id}, "
            f"tables: {found or 'none'}), not directive_tracker; it was not opened and "
            "nothing was changed.  Give the path of a directive_tracker database or of a "
            "new file", path=self.path)

    def _pragma_retry(self, sql: str) -> str:
        def run() -> str:
            row = self._conn.execute(sql).fetchone()
            return str(row[0]) if row else ""
        for attempt in self._retry_policy.attempts(sql, self._retryable):
            with attempt:
                return run()
        raise AssertionError("unreachable")  # pragma: no cover

    def _has_version_table(self, cur: Any) -> bool:
        return cur.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                           "AND name = 'schema_version'").fetchone() is not None

    # -- hooks -------------------------------------------------------------------------------

    @contextmanager
    def _bulk_session(self) -> Iterator[None]:
        """
        Speed up one bulk ingest that runs in its own transaction (not inside ``transaction()``).

        * Foreign-key enforcement is switched off for it: ``add_tasks_bulk`` checks
          explicitly that every directive exists and no id is taken, inside the same
          ``BEGIN IMMEDIATE`` transaction (directives are never deleted), and every
          child row (events, units, tags, spans) names a task of the same batch.
          Measured: about 15 % of the insert time.
        * The WAL auto-checkpoint threshold is raised so that consecutive batches do
          not each copy the pages they share back into the database file.  A
          checkpoint only moves committed pages; durability of the commit is unchanged
          (``synchronous`` is not touched).
        """
        if self._depth > 0 or self._closed or self._conn is None:
            yield
            return
        conn = self._conn
        conn.execute("PRAGMA foreign_keys = OFF")
        page = int(conn.execute("PRAGMA page_size").fetchone()[0]) or PAGE_SIZE
        conn.execute(f"PRAGMA wal_autocheckpoint = {_BULK_CHECKPOINT_BYTES // page}")
        conn.execute(f"PRAGMA cache_size = -{_BULK_CACHE_KIB}")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
            conn.execute("PRAGMA wal_autocheckpoint = 1000")
            conn.execute("PRAGMA foreign_keys = ON")

    def _write_encoded(self, cur: Any,
                       batches: Sequence[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]]
                       ) -> None:
        """
        Insert new tasks' rows; for a large batch, without the stale-timeline trigger on
        event inserts.

        That trigger (:func:`~directive_tracker.storage._timeline.sqlite_stale_triggers`)
        marks a task's materialised timeline stale when an event is inserted below the
        library; the tasks written here are new (``_check_new_tasks`` ran in this
        transaction) and their events go in before their timeline rows, so its condition
        is false for every row, yet it costs a program run and an index probe per event
        (measured: half of the event insert time).  It is dropped and re-created inside
        this transaction (DDL is transactional in SQLite): no other connection can see
        the gap, and a rollback restores it.
        """
        n_events = sum(len(rows) for table, _, rows in batches if table == "events")
        if n_events < _BULK_TRIGGER_ROWS:
            super()._write_encoded(cur, batches)
            return
        cur.execute(f"DROP TRIGGER IF EXISTS {_EVENTS_INSERT_TRIGGER}")
        super()._write_encoded(cur, batches)
        cur.execute(_EVENTS_INSERT_TRIGGER_DDL)

    #: Once one :meth:`add_tasks_bulk` call has written this many tasks, and at least as
    #: many as the store held before it, and has more to write, the secondary indexes
    #: of the written tables are dropped and built again before the call commits, in
    #: its transaction (the storage guide: "Bulk ingest and as-of queries").
    BULK_REINDEX_TASKS: ClassVar[int] = 100_000

    def _bulk_write_hook(self) -> BulkWriteHook:
        """
        Build the written tables' secondary indexes once at the end of a large ingest.

        The status timeline's indexes are keyed by date and unit, so each chunk's rows
        land on leaf pages spread over the whole index; once it outgrows the page cache,
        every chunk re-reads and rewrites most of it.  Building an index sorts its rows
        once.  So when one call has written :attr:`BULK_REINDEX_TASKS` tasks or more, and
        at least as many as the store held before it (rebuilding then costs at most
        about twice what the call adds), and has read another chunk to write, the
        indexes of ``_BULK_DEFERRED_INDEXES`` are dropped and, after the last chunk,
        created again from their stored definitions, all in the call's transaction: DDL
        is transactional in SQLite, so other connections keep reading the indexes of
        the last commit, and an error or a refused pair rolls the drop back with
        everything else.  Measured on the SQL side of 1,000,000 tasks
        (``benchmarks/ingest_phases.py --sql-only --one-transaction``): 90 s with the
        indexes maintained, 56 s with them built at the end (14 s of it building them).
        """
        return _DeferredIndexes(self.BULK_REINDEX_TASKS)

    # The coordinating units in the tally's own scan (see BaseSQLStore._codes_in_tally).
    _codes_in_tally: ClassVar[bool] = True

    # remindable_rows reads the timeline in key order (task id), not through the as-of
    # index: the rows containing a recent day are most open tasks, and fetching each
    # one's columns and its task in date order is two random look-ups per row (11.9 s
    # at 1,000,000 tasks, 0.59 s at 100,000), where one pass over the table joined in
    # id order reads both files in order (2.3 s and 0.22 s).  The unary "+" keeps the
    # planner off the as-of index; CROSS JOIN keeps the timeline as the outer loop.
    _REMINDABLE_FROM_WHERE: ClassVar[str] = (
        "FROM task_timeline tl CROSS JOIN tasks t ON t.id = tl.task_id "
        "WHERE (+tl.valid_to IS NULL OR +tl.valid_to > ?) AND +tl.valid_from <= ? "
        "AND +tl.phase IN ({phases}) AND tl.current_due IS NOT NULL "
        "AND t.due_date IS NOT NULL")

    def _begin(self, cur: Any) -> None:
        cur.execute("BEGIN IMMEDIATE")

    def _is_retryable(self, error: BaseException) -> bool:
        if not isinstance(error, sqlite3.OperationalError):
            return False
        code = getattr(error, "sqlite_errorcode", None)
        if code is not None:
            return (code & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
        msg = str(error).lower()  # pragma: no cover - Python < 3.11 has no error codes
        return "locked" in msg or "busy" in msg  # pragma: no cover

    def _is_integrity_error(self, error: BaseException) -> bool:
        return isinstance(error, sqlite3.IntegrityError)

    def _d(self, d: date | None) -> int | None:
        # Dates are stored as proleptic Gregorian ordinals (1 = 0001-01-01): smaller rows
        # and integer comparisons; the JSON ``data`` keeps the ISO form.
        return None if d is None else d.toordinal()

    def _date_column(self) -> Callable[[Any], date]:
        return date.fromordinal

    def _from_d(self, value: Any) -> date:
        return date.fromordinal(value)

    def _driver_errors(self) -> tuple[type[BaseException], ...]:
        return (sqlite3.Error,)

    #: Names of the triggers that keep ``events`` append-only.
    EVENT_TRIGGERS = EVENT_TRIGGERS

    def protect_events(self) -> None:
        """
        Make the ``events`` table append-only below the library: SQLite triggers that
        abort any ``UPDATE`` or ``DELETE`` of an event row, whoever runs it (a hand edit
        in a database browser, another program).

        Since schema version 8 every new or migrated database has them: call this
        method to put them back after a repair.  The library itself never updates or
        deletes an event, so every store method keeps working (including bulk ingest,
        import and the migrations, which add columns and back-fill before the triggers
        exist).  Idempotent.  To repair an event row by hand, an administrator drops the
        triggers (``DROP TRIGGER dt_events_no_update; DROP TRIGGER dt_events_no_delete;``),
        fixes the row, runs ``directive-tracker check`` (an edited event no longer
        matches its hash-chain digest and is listed), and calls this method again.
        :attr:`events_protected` says whether the triggers are in place.

        .. versionadded:: 0.2.0
        .. versionchanged:: 0.2.0
           On by default (schema version 8).
        """
        self._write(create_event_triggers, "protect the events table")

    @property
    def events_protected(self) -> bool:
        """Whether both :meth:`protect_events` triggers exist."""
        def run(cur: Any) -> bool:
            rows = cur.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                               "tbl_name = 'events'").fetchall()
            return set(self.EVENT_TRIGGERS) <= {r[0] for r in rows}
        protected: bool = self._read(run, "read the triggers")
        return protected

    def _integrity_problems(self, cur: Any) -> list[str]:
        """``PRAGMA integrity_check`` (page-level damage) and ``foreign_key_check``."""
        lines = [str(r[0]) for r in cur.execute("PRAGMA integrity_check").fetchall()]
        out = [] if lines == ["ok"] else [f"integrity_check: {x}" for x in lines]
        out += [f"foreign_key_check: row {r[1]} of {r[0]} refers to a missing {r[2]} row"
                for r in cur.execute("PRAGMA foreign_key_check").fetchall()]
        return out

    @property
    def journal_mode(self) -> str:
        """The journal mode in effect (``"wal"`` for files, ``"memory"`` for ``:memory:``)."""
        return self._journal_mode


class _DeferredIndexes(BulkWriteHook):
    """One bulk ingest's deferred indexes (see ``SQLiteStore._bulk_write_hook``)."""

    def __init__(self, threshold: int) -> None:
        self._threshold = threshold
        self._before: int | None = None  # tasks stored before the call
        self._dropped: list[tuple[str, str]] | None = None  # (name, CREATE statement)

    def before_chunk(self, cur: Any, tasks: int) -> None:
        # Decided only when another chunk is there to write: a call that ends right at
        # the threshold does not drop the indexes to build them again at once.
        if self._dropped is not None or tasks < self._threshold:
            return
        if self._before is None:
            self._before = int(cur.execute("SELECT count(*) FROM tasks").fetchone()[0]) - tasks
        if tasks < self._before:
            return
        marks = ", ".join("?" * len(_BULK_DEFERRED_INDEXES))
        self._dropped = [(str(name), str(sql)) for name, sql in cur.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({marks}) "
            "ORDER BY name", _BULK_DEFERRED_INDEXES).fetchall()]
        for name, _ in self._dropped:
            cur.execute(f"DROP INDEX {name}")
        logger.info("bulk ingest: %d indexes dropped after %d tasks, to be built once "
                    "before the commit", len(self._dropped), tasks)

    def finish(self, cur: Any) -> None:
        started = time.perf_counter()
        for _, sql in self._dropped or ():
            cur.execute(sql)
        if self._dropped:
            logger.info("bulk ingest: %d indexes built in %.3f s", len(self._dropped),
                        time.perf_counter() - started)
