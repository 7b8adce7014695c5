# SPDX-License-Identifier: MIT
"""
The SQL logic shared by :class:`~directive_tracker.storage.SQLiteStore` and
``PostgresStore``: one DB-API connection, statements written with ``?`` placeholders
(rewritten to the driver's style), schema migrations, and every Store method.

Backends subclass :class:`BaseSQLStore` and provide the hooks marked *hook* below:
the connection, the DDL of each schema version, how to begin a write transaction,
which driver errors are retryable / integrity errors, and how dates are passed.

Tables (every backend; types vary):

* ``schema_version(version)`` — one row.
* ``units(code PK, data)``, ``successions(seq PK, data)``.
* ``directives(id PK, issuer, issue_date, text_key, data)``.
* ``tasks(id PK, directive_id FK, lead_unit, parent_id, due_date, text_key, version, data)``.
* ``task_units(unit, task_id)`` — lead and coordinating units, for ``TaskQuery.unit``.
* ``task_tags(tag, task_id)``.
* ``events(seq PK, task_id FK, on_date, kind, data)`` — append-only.
* ``outbox(key PK, sort_key, status, data)``.
* ``task_timeline(task_id, directive_id, assigned_on, valid_from, valid_to, phase, kind,
  grp, lead_unit, previous_leads, coordinating_units, original_due, current_due,
  paused_since, completed_on, closed_on, percent, on_time_vs_current,
  on_time_vs_original, late_days, due_rank, submitted_on, occurrence, occurrence_title,
  occurrence_start)`` — each task's status timeline
  (:func:`directive_tracker.timeline.status_timeline`), written in the transaction that
  writes the task or its events; :meth:`~BaseSQLStore.status_tallies` and
  :meth:`~BaseSQLStore.status_segments` read it (schema version 7; it replaces the
  ``task_spans`` cache of versions 2–3, the second definition of status).  Since
  SQLite schema 9 / PostgreSQL schema 10 a periodic duty has rows per occurrence
  (``occurrence`` is its key, ``''`` for a one-off task; primary key ``(task_id,
  occurrence, valid_from)``) up to a horizon (``storage/_timeline.py``).
* ``task_coordinators(unit, task_id, occurrence, valid_from, valid_to, assigned_on,
  ended_on)`` — PostgreSQL since schema 13 (:attr:`BaseSQLStore._coordinator_index`):
  the runs of each task's timeline rows in which a unit coordinates
  (:func:`~._timeline.coordinator_rows`), written and deleted with the timeline rows,
  so that the coordinating units as of a date are a few index probes per unit.

``data`` columns hold the :mod:`._codec` record as JSON; the other columns are copies
used for filtering.  Ids sort by code point (SQLite ``BINARY``; PostgreSQL must use
``COLLATE "C"`` on id columns).
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from .._gcpause import paused_gc
from .._validators import check_date, check_str
from ..calendars import WorkingCalendar
from ..directives import Directive
from ..events import TaskEvent
from ..exceptions import (
    BackendUnavailableError,
    ConcurrentModificationError,
    DirectiveNotFoundError,
    DirectiveTrackerError,
    DuplicateIdError,
    InvalidTypeError,
    NotFoundError,
    SchemaVersionError,
    StorageError,
    TaskNotFoundError,
    UnitNotFoundError,
    ValidationError,
)
from ..status import ReportGroup
from ..tasks import Task
from ..timeline import StatusSegment
from ..units import Succession, Unit
from . import _codec as c
from ._checks import (
    check_directive_filters,
    check_events,
    check_expected_version,
    check_id,
    check_instance,
    check_storable,
    check_task_id,
    check_task_ids,
    check_until,
    iter_chunks,
)
from ._retry import RetryPolicy
from ._timeline import (
    COORDINATOR_COLUMNS,
    OVERDUE_COLUMNS,
    TALLY_SQL,
    TIMELINE_COLUMNS,
    TIMELINE_COLUMNS_V7,
    UNREPLAYABLE,
    coordinator_rows,
    due_rank,
    legacy_timeline_rows,
    overdue_side_rows,
    replayed_timeline_rows,
    segment_from_row,
    split_codes,
    tally_rows,
    timeline_rows,
)
from .base import (
    AsOfTallies,
    IntegrityFacts,
    OverdueEntry,
    RemindableRow,
    Store,
    TaskBrief,
    _as_of_filter,
    _check_by,
    _check_flag,
    _codes_arg,
    _fields_arg,
    _phases_arg,
    _ranges_arg,
    bulk_items,
    bulk_pair,
    chain_digests,
    check_claim_args,
    check_finish_args,
    check_progress,
    check_stored_history,
    claim_of,
    finished,
)
from .outbox import OutboxItem, OutboxStatus, outbox_sort_key
from .query import TaskQuery

if TYPE_CHECKING:
    from ..settings import ProvincePolicy

__all__ = ["SETTINGS_DDL", "BaseSQLStore", "Migration", "backfill_coordinators",
           "backfill_timeline", "check_schema_version"]

logger = logging.getLogger(__name__)

#: One schema step: SQL statements to run, then an optional Python back-fill.
Migration = tuple[Sequence[str], Callable[["BaseSQLStore", Any], object] | None]

_TABLES = ("task_timeline_overdue", "task_timeline", "task_spans", "task_tags", "task_units",
           "events", "tasks", "directives", "successions", "units", "outbox", "settings",
           "schema_version")
#: The stable views of schema version 6 (docs/guide/sql-views.md), dropped on reset.
_VIEWS = ("v1_units", "v1_directives", "v1_tasks", "v1_events", "v1_outbox")

#: The migration that adds the ``settings`` table (one row per key, JSON data): the
#: province policy (issue 15).  Each backend appends it to its own list.
SETTINGS_DDL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, data TEXT NOT NULL)",)
_PROVINCE_POLICY_KEY = "province_policy"


_check_instance = check_instance


def check_schema_version(rows: Sequence[Sequence[Any]], supported: int) -> int:
    """
    Return the schema version recorded in the ``schema_version`` rows (0 when none).

    Raises:
        SchemaVersionError: a value that is not a non-negative integer (``'abc'``,
            NULL, ``-1``, ``1.5``), or several different values: the database was
            damaged or written by someone else; it is not opened.
    """
    found: set[int] = set()
    for row in rows:
        raw = row[0]
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            if isinstance(raw, str) and raw.isascii() and raw.isdigit():
                found.add(int(raw))
                continue
            raise _bad_schema_version(raw, supported)
        found.add(raw)
    if len(found) > 1:
        raise _bad_schema_version(sorted(found), supported)
    return found.pop() if found else 0


def _bad_schema_version(raw: object, supported: int) -> SchemaVersionError:
    err = SchemaVersionError.__new__(SchemaVersionError)
    StorageError.__init__(
        err, f"the database's schema_version holds {raw!r}, not a version number; it was "
        f"damaged or written by another program (this library writes versions 1 to "
        f"{supported}); nothing was changed", found=raw, supported=supported)
    return err


#: The position of ``phase`` in a ``task_timeline`` row.
_PHASE = TIMELINE_COLUMNS.index("phase")


class BulkWriteHook:
    """
    What a backend does between the chunks of one :meth:`BaseSQLStore.add_tasks_bulk`
    transaction: nothing here (the SQLite store builds some indexes once at the end of a
    large ingest, see ``SQLiteStore._bulk_write_hook``).

    Both methods run inside the ingest's transaction; an error from either rolls the
    whole call back.
    """

    def before_chunk(self, cur: Any, tasks: int) -> None:
        """Called when a chunk after the first has been read, before it is written;
        *tasks* is the count the call has written so far."""

    def finish(self, cur: Any) -> None:
        """Called once after the last chunk, before the transaction ends."""


class BaseSQLStore(Store):
    """
    A :class:`Store` over one DB-API 2 connection; subclasses supply the hooks.

    Every write runs in a transaction (or a savepoint inside ``transaction()``);
    retryable driver errors (busy / locked / serialization failures) are retried with
    backoff for up to ``retry_seconds``; other driver errors become
    :class:`StorageError` chained with ``raise ... from``.

    .. versionadded:: 0.1.0
    """

    #: *hook*: the driver's placeholder (``"?"`` or ``"%s"``); SQL here is written with ``?``.
    placeholder: ClassVar[str] = "?"
    #: *hook*: schema versions 1..N, each a :data:`Migration`.
    migrations: ClassVar[Sequence[Migration]] = ()
    #: *hook*: a human name for messages.
    backend_name: ClassVar[str] = "SQL"

    def __init__(self, *, retry_seconds: float = 30.0) -> None:
        self._lock = threading.RLock()
        self._depth = 0
        self._closed = False
        self._retry_seconds = retry_seconds
        #: How transient driver errors (busy / locked / serialization) are retried.
        self._retry_policy = RetryPolicy(max_seconds=retry_seconds, initial_delay=0.005,
                                         max_delay=0.2)
        self._sql_cache: dict[str, str] = {}
        #: Units decoded from their stored text (immutable values: the same text always
        #: decodes to the same unit), so a report's registry is not decoded again.
        self._unit_cache: dict[str | bytes, Unit] = {}
        self._conn: Any = None
        #: Called ``(done, total)`` while a migration or :meth:`rebuild_timelines`
        #: computes the status timelines (set by the backends' *progress* argument).
        self._progress: Callable[[int, int], None] | None = None

    # -- hooks ---------------------------------------------------------------------------

    def _begin(self, cur: Any) -> None:
        """*hook*: start a write transaction on *cur*."""
        cur.execute("BEGIN")

    def _is_retryable(self, error: BaseException) -> bool:
        """*hook*: whether *error* is transient (lock contention) and worth retrying."""
        return False

    def _is_integrity_error(self, error: BaseException) -> bool:
        """*hook*: whether *error* is a constraint violation."""
        return False

    def _driver_errors(self) -> tuple[type[BaseException], ...]:
        """*hook*: the driver's base error classes (translated to StorageError)."""
        return ()

    def _insert_many(self, cur: Any, table: str, columns: Sequence[str],
                     rows: Sequence[Sequence[Any]]) -> None:
        """*hook*: insert *rows* into *table* (names are constants of this module)."""
        marks = ", ".join("?" * len(columns))
        cur.executemany(self._sql(f"INSERT INTO {table} ({', '.join(columns)}) "
                                  f"VALUES ({marks})"), rows)

    def _in_block(self) -> bool:
        """*hook*: whether this thread is inside a :meth:`transaction` block."""
        return self._depth > 0

    def _after_bulk_ingest(self, tasks: int) -> None:
        """*hook*: run after an :meth:`add_tasks_bulk` of *tasks* tasks has committed
        (not when it ran inside :meth:`transaction`), with the store's lock held;
        nothing by default."""

    def _bulk_write_hook(self) -> BulkWriteHook:
        """*hook*: what this backend does between the chunks of one :meth:`add_tasks_bulk`
        transaction (a new object per call; nothing by default)."""
        return BulkWriteHook()

    def _bulk_session(self) -> AbstractContextManager[None]:
        """
        *hook*: connection settings around one :meth:`add_tasks_bulk` write (none by default).

        Entered with the store's lock held, outside any transaction only if
        ``self._depth == 0``; it must leave the connection as it found it.
        """
        return nullcontext()

    def _d(self, d: date | None) -> Any:
        """*hook*: a date as a query parameter (ISO text by default)."""
        return None if d is None else d.isoformat()

    def _date_column(self) -> Callable[[Any], date]:
        """*hook*: a function that turns a date column value into a date, called
        directly where thousands of rows are read (default :meth:`_from_d`)."""
        return self._from_d

    def _from_d(self, value: Any) -> date:
        """*hook*: a date column value as a date (ISO text by default)."""
        return value if isinstance(value, date) else date.fromisoformat(value)

    def _load_json(self, value: Any) -> Any:
        """*hook*: decode a ``data`` column value (text by default)."""
        return json.loads(value) if isinstance(value, str | bytes) else value

    def _json(self, record: Any) -> Any:
        """*hook*: encode a record for a ``data`` column (compact JSON text by default)."""
        return c.dumps(record)

    # -- plumbing ------------------------------------------------------------------------

    def _sql(self, sql: str) -> str:
        if self.placeholder == "?":
            return sql
        out = self._sql_cache.get(sql)
        if out is None:
            out = self._sql_cache[sql] = sql.replace("?", self.placeholder)
        return out

    def _q(self, n: int) -> str:
        return ",".join("?" * n)

    def _check_open(self) -> None:
        if self._closed or self._conn is None:
            raise StorageError(f"the {self.backend_name} store is closed; open a new one")

    def _translate(self, e: BaseException, what: str) -> DirectiveTrackerError:
        if self._is_retryable(e):
            return BackendUnavailableError(
                f"{self.backend_name} database stayed locked for {self._retry_seconds} s "
                f"while trying to {what}; another process holds it: {e}")
        return StorageError(f"{self.backend_name} error while trying to {what}: {e}")

    def _exec(self, cur: Any, sql: str, params: Sequence[Any] = ()) -> Any:
        cur.execute(self._sql(sql), tuple(params))
        return cur

    def _retryable(self, error: BaseException) -> bool:
        return isinstance(error, self._driver_errors()) and self._is_retryable(error)

    def _read(self, fn: Callable[[Any], Any], what: str) -> Any:
        with self._lock:
            self._check_open()
            try:
                for attempt in self._retry_policy.attempts(what, self._retryable):
                    with attempt:
                        cur = self._conn.cursor()
                        try:
                            return fn(cur)
                        finally:
                            cur.close()
            except self._driver_errors() as e:
                raise self._translate(e, what) from e
            raise AssertionError("unreachable")  # pragma: no cover

    def _write(self, fn: Callable[[Any], Any], what: str) -> Any:
        """Run ``fn(cursor)`` atomically: its own transaction, or a savepoint if nested."""
        with self._lock:
            self._check_open()
            if self._depth > 0:
                return self._in_savepoint(fn, what)
            try:
                for attempt in self._retry_policy.attempts(what, self._retryable):
                    with attempt:
                        cur = self._conn.cursor()
                        try:
                            self._begin(cur)
                            try:
                                result = fn(cur)
                                cur.execute("COMMIT")
                                return result
                            except BaseException:
                                self._safe_rollback(cur)
                                raise
                        finally:
                            cur.close()
            except self._driver_errors() as e:
                if self._is_integrity_error(e):
                    raise StorageError(
                        f"{self.backend_name} constraint violated while trying to "
                        f"{what}: {e}") from e
                raise self._translate(e, what) from e
            raise AssertionError("unreachable")  # pragma: no cover

    def _safe_rollback(self, cur: Any) -> None:
        try:
            cur.execute("ROLLBACK")
        except self._driver_errors():  # pragma: no cover - connection already broken
            pass

    def _in_savepoint(self, fn: Callable[[Any], Any], what: str) -> Any:
        name = f"dt_sp{self._depth}"
        cur = self._conn.cursor()
        try:
            cur.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                result = fn(cur)
            except BaseException:
                cur.execute(f"ROLLBACK TO SAVEPOINT {name}")
                cur.execute(f"RELEASE SAVEPOINT {name}")
                raise
            finally:
                self._depth -= 1
            cur.execute(f"RELEASE SAVEPOINT {name}")
            return result
        except self._driver_errors() as e:
            raise self._translate(e, what) from e
        finally:
            cur.close()

    def transaction(self) -> AbstractContextManager[None]:
        return self._transaction()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            self._check_open()
            if self._depth > 0:
                name = f"dt_sp{self._depth}"
                self._raw(f"SAVEPOINT {name}")
                self._depth += 1
                try:
                    yield
                except BaseException:
                    self._raw(f"ROLLBACK TO SAVEPOINT {name}")
                    self._raw(f"RELEASE SAVEPOINT {name}")
                    raise
                finally:
                    self._depth -= 1
                self._raw(f"RELEASE SAVEPOINT {name}")
                return
            self._begin_outer()
            self._depth = 1
            try:
                yield
            except BaseException:
                self._depth = 0
                cur = self._conn.cursor()
                self._safe_rollback(cur)
                cur.close()
                raise
            self._depth = 0
            try:
                self._raw("COMMIT")
            except StorageError:
                cur = self._conn.cursor()
                self._safe_rollback(cur)
                cur.close()
                raise

    def _begin_outer(self) -> None:
        what = "begin a transaction"
        try:
            for attempt in self._retry_policy.attempts(what, self._retryable):
                with attempt:
                    cur = self._conn.cursor()
                    try:
                        self._begin(cur)
                    finally:
                        cur.close()
        except self._driver_errors() as e:
            raise self._translate(e, what) from e

    def _raw(self, sql: str) -> None:
        cur = self._conn.cursor()
        try:
            cur.execute(sql)
        except self._driver_errors() as e:
            raise self._translate(e, sql.lower()) from e
        finally:
            cur.close()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and not self._closed:
                try:
                    self._conn.close()
                except self._driver_errors():  # pragma: no cover
                    pass
            self._closed = True

    # -- schema ----------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        """The schema version this class writes (the number of migrations)."""
        return len(self.migrations)

    def _migrate(self, *, reset: bool, target: int | None = None) -> None:
        """
        Create, reset or upgrade the schema to *target* (default: the latest): the one
        migration loop of the SQL backends.

        Reads the recorded version first without writing (so a read-only opener of an
        up-to-date database writes nothing); otherwise, in one write transaction:
        :meth:`_prepare_schema` (backend hook: locks, drops on *reset*), the
        ``schema_version`` table if missing, each step from the recorded version to
        *target* (logged at INFO as ``from -> to``), and the new version.

        Raises:
            SchemaVersionError: the recorded version is newer than this library's, or
                not a version number.
        """
        supported = len(self.migrations)
        target = supported if target is None else target
        if not reset:
            found = self._read(self._found_version, "read the schema version")
            if found is not None and found > supported:
                raise SchemaVersionError(found, supported)
            if found == target:
                return

        def run(cur: Any) -> None:
            self._prepare_schema(cur, reset=reset)
            found = self._found_version(cur)
            if found is None:
                self._exec(cur, "CREATE TABLE schema_version (version INTEGER NOT NULL)")
                found = 0
            if found > supported:
                raise SchemaVersionError(found, supported)
            for version in range(found + 1, target + 1):
                logger.info("migrating the %s schema from version %d to %d",
                            self.backend_name, version - 1, version,
                            extra={"from_version": version - 1, "to_version": version})
                statements, backfill = self.migrations[version - 1]
                for stmt in statements:
                    self._exec(cur, stmt)
                if backfill is not None:
                    backfill(self, cur)
            if 0 < found < target:
                repad_outbox_sort_keys(self, cur)
            if found < target:
                # Exactly one row, even if a damaged table held none or several.
                self._exec(cur, "DELETE FROM schema_version")
                self._exec(cur, "INSERT INTO schema_version (version) VALUES (?)", (target,))

        self._write(run, "create or migrate the schema")

    def _prepare_schema(self, cur: Any, *, reset: bool) -> None:
        """*hook*: run first in the migration transaction (default: drop tables on *reset*)."""
        if reset:
            for v in _VIEWS:
                self._exec(cur, f"DROP VIEW IF EXISTS {v}")
            for t in _TABLES:
                self._exec(cur, f"DROP TABLE IF EXISTS {t}")

    def _has_version_table(self, cur: Any) -> bool:
        """*hook*: whether the ``schema_version`` table exists."""
        raise NotImplementedError

    def _found_version(self, cur: Any) -> int | None:
        """Return the stored schema version, or None when there is no version table."""
        if not self._has_version_table(cur):
            return None
        rows = self._exec(cur, "SELECT version FROM schema_version").fetchall()
        return check_schema_version(rows, len(self.migrations))

    def stored_schema_version(self) -> int:
        """Return the schema version recorded in the database."""
        v: int | None = self._read(self._found_version, "read the schema version")
        return 0 if v is None else v

    # -- units -------------------------------------------------------------------------------

    def add_unit(self, unit: Unit) -> None:
        _check_instance(unit, Unit, "unit")
        data = _storable(self._json(c.unit_to_record(unit)), f"unit {unit.code!r}")

        def run(cur: Any) -> None:
            if self._exec(cur, "SELECT 1 FROM units WHERE code = ?", (unit.code,)).fetchone():
                raise DuplicateIdError("unit", unit.code)
            self._exec(cur, "INSERT INTO units (code, data) VALUES (?, ?)", (unit.code, data))
        self._write(run, f"add unit {unit.code!r}")

    def update_unit(self, unit: Unit) -> None:
        _check_instance(unit, Unit, "unit")
        data = _storable(self._json(c.unit_to_record(unit)), f"unit {unit.code!r}")

        def run(cur: Any) -> None:
            if self._exec(cur, "UPDATE units SET data = ? WHERE code = ?",
                          (data, unit.code)).rowcount == 0:
                raise UnitNotFoundError(unit.code)
        self._write(run, f"update unit {unit.code!r}")

    def get_unit(self, code: str) -> Unit:
        code = check_storable(check_str(code, "code"), "code")

        def run(cur: Any) -> Unit:
            row = self._exec(cur, "SELECT data FROM units WHERE code = ?", (code,)).fetchone()
            if row is None:
                raise UnitNotFoundError(code)
            u: Unit = self._decode("unit", code, c.unit_from_record, row[0])
            return u
        u: Unit = self._read(run, f"read unit {code!r}")
        return u

    #: *hook*: a unit's stored record as text (the key of the decoded-units cache).
    _UNIT_DATA_SQL: ClassVar[str] = "data"

    def get_units(self) -> list[Unit]:
        def run(cur: Any) -> list[Unit]:
            rows = self._exec(cur, f"SELECT {self._UNIT_DATA_SQL}, code FROM units "
                                   "ORDER BY code").fetchall()
            # Every report builds the unit registry: decoding a unit's record costs some
            # 20 us (134 units: 3 ms of a unit's 20 ms overdue list at 1,000,000 tasks).
            cache = self._unit_cache
            if len(cache) > 4 * len(rows) + 1000:  # units changed, renamed: start again
                cache.clear()
            out = []
            for data, code in rows:
                u = cache.get(data) if isinstance(data, str | bytes) else None
                if u is None:
                    u = self._decode("unit", code, c.unit_from_record, data)
                    if isinstance(data, str | bytes):
                        cache[data] = u
                out.append(u)
            return out
        out: list[Unit] = self._read(run, "read units")
        return out

    def add_succession(self, succession: Succession) -> None:
        _check_instance(succession, Succession, "succession")
        data = _storable(self._json(c.succession_to_record(succession)), "succession")
        self._write(lambda cur: self._exec(cur, "INSERT INTO successions (data) VALUES (?)",
                                           (data,)), "add a succession")

    def get_successions(self) -> list[Succession]:
        def run(cur: Any) -> list[Succession]:
            rows = self._exec(cur, "SELECT data, seq FROM successions ORDER BY seq").fetchall()
            return [self._decode("succession", r[1], c.succession_from_record, r[0])
                    for r in rows]
        out: list[Succession] = self._read(run, "read successions")
        return out

    # -- directives --------------------------------------------------------------------------

    def _directive_params(self, d: Directive) -> tuple[Any, ...]:
        return (d.issuer, self._d(d.issue_date), c.directive_text_key(d),
                _storable(self._json(c.directive_to_record(d)), f"directive {d.id!r}"), d.id)

    def add_directive(self, directive: Directive) -> None:
        _check_instance(directive, Directive, "directive")
        params = self._directive_params(directive)

        def run(cur: Any) -> None:
            if self._exec(cur, "SELECT 1 FROM directives WHERE id = ?",
                          (directive.id,)).fetchone():
                raise DuplicateIdError("directive", directive.id)
            self._exec(cur, "INSERT INTO directives (issuer, issue_date, text_key, data, id) "
                            "VALUES (?, ?, ?, ?, ?)", params)
        self._write(run, f"add directive {directive.id!r}")

    def update_directive(self, directive: Directive) -> None:
        _check_instance(directive, Directive, "directive")
        params = self._directive_params(directive)

        def run(cur: Any) -> None:
            if self._exec(cur, "UPDATE directives SET issuer = ?, issue_date = ?, "
                               "text_key = ?, data = ? WHERE id = ?", params).rowcount == 0:
                raise DirectiveNotFoundError(directive.id)
        self._write(run, f"update directive {directive.id!r}")

    def get_directive(self, directive_id: str) -> Directive:
        directive_id = check_id(directive_id, "directive_id")

        def run(cur: Any) -> Directive:
            row = self._exec(cur, "SELECT data FROM directives WHERE id = ?",
                             (directive_id,)).fetchone()
            if row is None:
                raise DirectiveNotFoundError(directive_id)
            d: Directive = self._decode("directive", directive_id, c.directive_from_record,
                                        row[0])
            return d
        d: Directive = self._read(run, f"read directive {directive_id!r}")
        return d

    def get_directives(self, *, issuer: str | None = None, issued_from: date | None = None,
                       issued_to: date | None = None, text: str | None = None
                       ) -> list[Directive]:
        iss, f, t, _key = check_directive_filters(issuer, issued_from, issued_to, text)
        where, params = [], []
        if iss is not None:
            where.append("issuer = ?")
            params.append(iss)
        if f is not None:
            where.append("issue_date >= ?")
            params.append(self._d(f))
        if t is not None:
            where.append("issue_date <= ?")
            params.append(self._d(t))
        if text is not None:
            where.append("text_key LIKE ? ESCAPE '\\'")
            params.append(c.like_pattern(text))
        sql = "SELECT data, id FROM directives"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"

        def run(cur: Any) -> list[Directive]:
            rows = self._exec(cur, sql, params).fetchall()
            return [self._decode("directive", r[1], c.directive_from_record, r[0])
                    for r in rows]
        out: list[Directive] = self._read(run, "read directives")
        return out

    # -- tasks -------------------------------------------------------------------------------

    def _fast_json(self) -> bool:
        """Whether ``_json`` is the default, so records may be encoded straight to text."""
        return type(self)._json is BaseSQLStore._json

    def _task_row(self, task: Task, version: int | None = None) -> tuple[Any, ...]:
        v = task.version if version is None else version
        if self._fast_json():
            data = c.task_json(task, v)
        else:
            rec = c.task_to_record(task)
            rec["version"] = v
            data = self._json(rec)
        return (task.id, task.directive_id, task.lead_unit, task.parent_id,
                self._d(task.due_date), c.task_text_key(task), v, data)

    def _event_rows(self, events: Iterable[TaskEvent]) -> list[tuple[Any, ...]]:
        d = self._d
        if self._fast_json():
            ej = c.event_json
            rows = [(e.task_id, d(e.on), e.kind, ej(e)) for e in events]
        else:
            rows = [(e.task_id, d(e.on), e.kind, self._json(c.event_to_record(e)))
                    for e in events]
        _storable_rows(rows, 3, "event of task")
        return rows

    def _encode_tasks(self, tasks: Sequence[Task], events: Sequence[Sequence[TaskEvent]]
                      ) -> tuple[list[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]],
                                 list[bool]]:
        """Return the ``(table, columns, rows)`` that store new *tasks* (pure Python), and
        for each task whether its timeline's replay accepted its log
        (``replayed_timeline_rows``: the history check need not replay it again)."""
        out: list[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]] = [(
            "tasks", ("id", "directive_id", "lead_unit", "parent_id", "due_date", "text_key",
                      "version", "data"),
            [self._task_row(t, 1 + len(evs)) for t, evs in zip(tasks, events, strict=True)])]
        _storable_rows(out[0][2], 7, "task")
        members = [(u, t.id) for t in tasks for u in t.units]
        if members:
            out.append(("task_units", ("unit", "task_id"), members))
        tags = [(g, t.id) for t in tasks for g in t.tags]
        if tags:
            out.append(("task_tags", ("tag", "task_id"), tags))
        # One pass over the events for their rows; one replay per task for its timeline.
        d = self._d
        fast = self._fast_json()
        ej = c.event_json
        ev_rows: list[tuple[Any, ...]] = []
        rows: list[tuple[Any, ...]] = []
        replayed: list[bool] = []
        content: dict[str, str] = {}
        for t, evs in zip(tasks, events, strict=True):
            for e, digest in zip(evs, chain_digests(t, evs), strict=True):
                ev_rows.append((e.task_id, d(e.on), e.kind, ej(e) if fast
                                else self._json(c.event_to_record(e)), digest))
            task_rows, ok = replayed_timeline_rows(t, evs, d)
            rows.extend(task_rows)
            replayed.append(ok)
            content[t.id] = t.content
        if ev_rows:
            _storable_rows(ev_rows, 3, "event of task")
            out.append(("events", ("task_id", "on_date", "kind", "data", "digest"), ev_rows))
        out.extend(self._timeline_batches(rows, content))
        return out, replayed

    def _timeline_batches(self, rows: list[tuple[Any, ...]], content: Mapping[str, str]
                          ) -> list[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]]:
        """The ``(table, columns, rows)`` that store the timeline *rows* (every row of
        each task they name; *content*: each task's content): ``task_timeline``, its
        overdue rows in ``task_timeline_overdue`` (:func:`overdue_side_rows`), and
        ``task_coordinators`` where the backend keeps it (:attr:`_coordinator_index`)."""
        out: list[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]] = [
            ("task_timeline", TIMELINE_COLUMNS, rows),
            # In key order (lead unit first): a unit's rows of a batch go in together
            # (one B-tree leaf on SQLite; a few heap pages on PostgreSQL, not a page per
            # row).
            ("task_timeline_overdue", OVERDUE_COLUMNS,
             sorted(overdue_side_rows(rows, content), key=lambda r: r[:4]))]
        if self._coordinator_index:
            out.append(("task_coordinators", COORDINATOR_COLUMNS, coordinator_rows(rows)))
        return out

    def _write_timeline(self, cur: Any, rows: list[tuple[Any, ...]],
                        content: Mapping[str, str]) -> None:
        """Insert the timeline *rows* (every row of each task they name; the tasks' old
        rows deleted by :meth:`_delete_timeline`) and what is derived from them."""
        self._write_encoded(cur, self._timeline_batches(rows, content))

    def _delete_timeline(self, cur: Any, task_id: str | None) -> None:
        """Delete the timeline rows of *task_id* (None: of every task) and what is
        derived from them."""
        tables = (("task_timeline", "task_timeline_overdue", "task_coordinators")
                  if self._coordinator_index
                  else ("task_timeline", "task_timeline_overdue"))
        for table in tables:
            if task_id is None:
                self._exec(cur, f"DELETE FROM {table}")
            else:
                self._exec(cur, f"DELETE FROM {table} WHERE task_id = ?", (task_id,))

    def _write_encoded(self, cur: Any,
                       batches: Sequence[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]]
                       ) -> None:
        for table, columns, rows in batches:
            if rows:
                self._insert_many(cur, table, columns, rows)

    def _insert_members(self, cur: Any, tasks: Sequence[Task]) -> None:
        members = [(u, t.id) for t in tasks for u in t.units]
        if members:
            self._insert_many(cur, "task_units", ("unit", "task_id"), members)
        tags = [(g, t.id) for t in tasks for g in t.tags]
        if tags:
            self._insert_many(cur, "task_tags", ("tag", "task_id"), tags)

    def _rebuild_timeline(self, cur: Any, task_id: str) -> None:
        """Replace the task's ``task_timeline`` rows by those of its current log."""
        row = self._exec(cur, "SELECT data, version, id FROM tasks WHERE id = ?",
                         (task_id,)).fetchone()
        task = self._decode_task(row)
        evs = [self._decode_event(task_id, r[0]) for r in self._exec(
            cur, "SELECT data FROM events WHERE task_id = ? ORDER BY seq", (task_id,))
            .fetchall()]
        self._delete_timeline(cur, task_id)
        self._write_timeline(cur, timeline_rows(task, evs, self._d), {task.id: task.content})

    def _check_new_tasks(self, cur: Any, tasks: Sequence[Task]) -> None:
        ids = [t.id for t in tasks]
        seen: set[str] = set()
        for i in ids:
            if i in seen:
                raise DuplicateIdError("task", i)
            seen.add(i)
        for chunk in iter_chunks(ids, 500):
            row = self._exec(cur, f"SELECT id FROM tasks WHERE id IN ({self._q(len(chunk))}) "
                                  "LIMIT 1", chunk).fetchone()
            if row is not None:
                raise DuplicateIdError("task", row[0])
        dirs = sorted({t.directive_id for t in tasks})
        for chunk in iter_chunks(dirs, 500):
            found = {r[0] for r in self._exec(
                cur, f"SELECT id FROM directives WHERE id IN ({self._q(len(chunk))})",
                chunk).fetchall()}
            for d in chunk:
                if d not in found:
                    raise DirectiveNotFoundError(d)

    def add_task(self, task: Task, events: Sequence[TaskEvent] = ()) -> Task:
        _check_instance(task, Task, "task")
        evs = check_events(task.id, events)
        batches, replayed = self._encode_tasks([task], [evs])  # validated before any write

        def run(cur: Any) -> None:
            self._check_new_tasks(cur, [task])
            check_stored_history(task, (), evs, append=False, replayed=replayed[0])
            self._write_encoded(cur, batches)
        self._write(run, f"add task {task.id!r}")
        return task if task.version == 1 + len(evs) else _evolve_version(task, 1 + len(evs))

    #: Tasks read, checked and encoded at a time by :meth:`add_tasks_bulk` (its memory
    #: is about one chunk's objects and rows, whatever the length of the input).
    BULK_CHUNK: ClassVar[int] = 10_000

    def add_tasks_bulk(self, items: Iterable[tuple[Task, Sequence[TaskEvent]]]) -> int:
        source = bulk_items(items)
        # Millions of new objects, none in a reference cycle: the cyclic collector waits
        # until the ingest returns (see _gcpause).
        with paused_gc():
            return self._add_tasks_streamed(source)

    def _bulk_chunk(self, source: Iterator[Any], start: int
                    ) -> tuple[list[Task], list[list[TaskEvent]]]:
        """The next :attr:`BULK_CHUNK` pairs of *source* (item numbers from *start*),
        checked; empty lists when it is exhausted."""
        tasks: list[Task] = []
        events: list[list[TaskEvent]] = []
        for i, pair in enumerate(itertools.islice(source, self.BULK_CHUNK), start):
            task, evs = bulk_pair(i, pair)
            _check_instance(task, Task, f"items[{i}][0]")
            tasks.append(task)
            events.append(check_events(task.id, evs))
        return tasks, events

    def _add_tasks_streamed(self, source: Iterator[Any]) -> int:
        """
        The body of :meth:`add_tasks_bulk`: *source* read :attr:`BULK_CHUNK` pairs at a
        time, every chunk checked, encoded and written in the one transaction.

        The first chunk is read and encoded before the transaction begins (a retry of a
        busy start uses it again); the next ones inside it, so a one-pass iterable of any
        length is stored atomically in bounded memory.  One transaction for the whole
        input also writes each index page once, where a transaction per chunk rewrote
        the pages it touched every time (the status timeline's index pages are spread
        over every date): 90 s instead of 145 s of SQL for 1,000,000 tasks on SQLite
        (``benchmarks/ingest_phases.py``).
        """
        first = self._bulk_chunk(source, 0)
        encoded = self._encode_tasks(*first)
        logger.info("bulk ingest into %s: start", self.backend_name)
        started = time.perf_counter()
        counts = [0, 0]  # tasks, events written
        streamed = False  # whether a chunk after the first was read from the source

        def write(cur: Any, tasks: list[Task], events: list[list[TaskEvent]],
                  batches: Any, replayed: list[bool]) -> None:
            self._check_new_tasks(cur, tasks)
            # A log the timeline's replay accepted needs no second replay (the check's).
            for task, evs, ok in zip(tasks, events, replayed, strict=True):
                check_stored_history(task, (), evs, append=False, replayed=ok)
            # (Pipelining encoding and inserting in a writer thread was measured slower
            # on two cores: the GIL hand-offs cost more than the overlap gains.)
            self._write_encoded(cur, batches)
            counts[0] += len(tasks)
            counts[1] += sum(len(e) for e in events)

        def run(cur: Any) -> None:
            nonlocal streamed
            if streamed:  # a retry (a failed COMMIT) cannot read the input again
                raise StorageError("a bulk ingest cannot be retried once its input was "
                                   "read past the first chunk; nothing was written")
            counts[:] = [0, 0]
            hook = self._bulk_write_hook()
            write(cur, *first, *encoded)
            while True:
                tasks, events = self._bulk_chunk(source, counts[0])
                if not tasks:
                    break
                streamed = True
                with not_retried():
                    hook.before_chunk(cur, counts[0])
                    write(cur, tasks, events, *self._encode_tasks(tasks, events))
                del tasks, events  # (not held while the next chunk is read)
            with not_retried() if streamed else nullcontext():
                hook.finish(cur)

        @contextmanager
        def not_retried() -> Iterator[None]:
            """Once the input was read past its first chunk, a transient error is not
            retried (the input is gone)."""
            try:
                yield
            except self._driver_errors() as e:
                if self._is_retryable(e):
                    raise StorageError(
                        f"{self.backend_name} bulk ingest interrupted after "
                        f"{counts[0]} tasks (a one-pass input cannot be read again): "
                        f"{e}; nothing was written") from e
                raise
        with self._lock, self._bulk_session():
            nested = self._in_block()
            self._write(run, "add tasks in bulk")
            if not nested:  # committed: the backend may refresh what its planner knows
                self._after_bulk_ingest(counts[0])
        elapsed = time.perf_counter() - started
        logger.info("bulk ingest into %s: %d tasks with %d events: done in %.3f s",
                    self.backend_name, counts[0], counts[1], elapsed,
                    extra={"tasks": counts[0], "events": counts[1], "seconds": elapsed})
        return counts[0]

    def update_task(self, task: Task) -> Task:
        _check_instance(task, Task, "task")
        return self._update_task_recording_terms(task)

    def _restore_version(self, task: Task, version: int) -> Task:
        # One write, not one per version (1,000 writes without an event may be restored).
        return task if version <= task.version else self._write_task_record(task, version)

    def _write_task_record(self, task: Task, version: int) -> Task:
        _check_instance(task, Task, "task")
        stored = _evolve_version(task, version)
        row = self._task_row(stored)
        _storable(row[7], f"task {task.id!r}")

        def run(cur: Any) -> None:
            if not self._exec(cur, "SELECT 1 FROM directives WHERE id = ?",
                              (task.directive_id,)).fetchone() and self._exec(
                    cur, "SELECT 1 FROM tasks WHERE id = ?", (task.id,)).fetchone():
                raise DirectiveNotFoundError(task.directive_id)
            # Only the version changes (an import restoring a version, a touch): the
            # status rows, which depend on the terms and the events, are kept as they
            # are rather than computed again (255 such writes of a 5-year periodic duty
            # took 273 ms).  The stale trigger still fires on the row's update.
            kept = self._timeline_if_same_terms(cur, stored)
            n = self._exec(cur, "UPDATE tasks SET directive_id = ?, lead_unit = ?, "
                                "parent_id = ?, due_date = ?, text_key = ?, version = ?, "
                                "data = ? WHERE id = ? AND version = ?",
                           (*row[1:], task.id, task.version)).rowcount
            if n == 0:
                self._raise_version(cur, task.id, task.version)
            self._exec(cur, "DELETE FROM task_units WHERE task_id = ?", (task.id,))
            self._exec(cur, "DELETE FROM task_tags WHERE task_id = ?", (task.id,))
            self._insert_members(cur, [stored])
            if kept is None:
                self._rebuild_timeline(cur, task.id)
            else:
                self._delete_timeline(cur, task.id)
                self._write_timeline(cur, kept, {stored.id: stored.content})
        self._write(run, f"update task {task.id!r}")
        return stored

    def _timeline_if_same_terms(self, cur: Any, new: Task) -> list[tuple[Any, ...]] | None:
        """The stored status rows of *new*'s task if the stored task differs from *new*
        only by its version and its rows are not stale; else None (compute them)."""
        row = self._exec(cur, "SELECT data, version, id FROM tasks WHERE id = ?",
                         (new.id,)).fetchone()
        if row is None:
            return None
        try:
            old = self._decode_task(row)
        except StorageError:
            return None
        if attrs.evolve(old, version=new.version) != new:
            return None
        cols = ", ".join(TIMELINE_COLUMNS)
        rows = [tuple(r) for r in self._exec(
            cur, f"SELECT {cols} FROM task_timeline WHERE task_id = ?", (new.id,)).fetchall()]
        if not rows or (len(rows) == 1 and rows[0][_PHASE] == UNREPLAYABLE):
            return None  # maybe stale (one collapsed row): computed again, as before
        return rows

    def _raise_version(self, cur: Any, task_id: str, expected: int) -> None:
        row = self._exec(cur, "SELECT version FROM tasks WHERE id = ?", (task_id,)).fetchone()
        if row is None:
            raise TaskNotFoundError(task_id)
        raise ConcurrentModificationError(task_id, expected, int(row[0]))

    def _decode(self, kind: str, key: object, decode: Callable[[Any], Any], raw: Any) -> Any:
        """
        Return ``decode(json of raw)``; a damaged stored record raises StorageError.

        A row that is not valid JSON, has the wrong shape or fails the value object's
        validation (edited by hand, written by another program, disk damage) becomes a
        :class:`StorageError` naming the record (``kind``, ``key``), chained with the cause.
        """
        try:
            return decode(self._load_json(raw))
        except (DirectiveTrackerError, ValueError, TypeError, KeyError, AttributeError,
                RecursionError) as e:
            raise StorageError(
                f"the stored {kind} {key!r} is damaged and cannot be read "
                f"({type(e).__name__}: {e}); restore it from a backup or remove it",
                kind=kind, key=key) from e

    def _decode_task(self, row: Sequence[Any]) -> Task:
        """Decode a ``SELECT data, version, id FROM tasks`` row."""
        def decode(rec: Any) -> Task:
            if not isinstance(rec, dict):
                raise ValidationError(f"a task record must be a JSON object, got {rec!r:.80}")
            rec["version"] = int(row[1])
            return c.task_from_record(rec)
        t: Task = self._decode("task", row[2], decode, row[0])
        return t

    def _decode_event(self, task_id: str, raw: Any) -> TaskEvent:
        e: TaskEvent = self._decode("event of task", task_id, c.event_from_record, raw)
        return e

    def get_task(self, task_id: str) -> Task:
        task_id = check_task_id(task_id)

        def run(cur: Any) -> Task:
            row = self._exec(cur, "SELECT data, version, id FROM tasks WHERE id = ?",
                             (task_id,)).fetchone()
            if row is None:
                raise TaskNotFoundError(task_id)
            return self._decode_task(row)
        t: Task = self._read(run, f"read task {task_id!r}")
        return t

    def _task_where(self, q: TaskQuery) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        for col, value in (("directive_id", q.directive_id), ("lead_unit", q.lead_unit),
                           ("parent_id", q.parent_id)):
            if value is not None:
                where.append(f"{col} = ?")
                params.append(value)
        if q.due_from is not None:
            where.append("due_date >= ?")
            params.append(self._d(q.due_from))
        if q.due_to is not None:
            where.append("due_date <= ?")
            params.append(self._d(q.due_to))
        if q.text is not None:
            where.append("text_key LIKE ? ESCAPE '\\'")
            params.append(c.like_pattern(q.text))
        if q.unit is not None:
            where.append("id IN (SELECT task_id FROM task_units WHERE unit = ?)")
            params.append(q.unit)
        if q.tag is not None:
            where.append("id IN (SELECT task_id FROM task_tags WHERE tag = ?)")
            params.append(q.tag)
        return where, params

    def _select_tasks(self, q: TaskQuery, *, count: bool) -> Any:
        where, params = self._task_where(q)
        what = "SELECT COUNT(*) FROM tasks" if count else "SELECT data, version, id FROM tasks"
        chunks: list[Sequence[str] | None] = (
            list(iter_chunks(list(dict.fromkeys(q.ids)), 500)) if q.ids is not None
            else [None])

        def run(cur: Any) -> Any:
            total = 0
            rows: list[Any] = []
            for chunk in chunks:
                w, p = list(where), list(params)
                if chunk is not None:
                    if not chunk:
                        continue
                    w.append(f"id IN ({self._q(len(chunk))})")
                    p.extend(chunk)
                sql = what + (" WHERE " + " AND ".join(w) if w else "")
                if count:
                    total += int(self._exec(cur, sql, p).fetchone()[0])
                    continue
                sql += " ORDER BY id"
                if q.limit is not None:
                    sql += " LIMIT ?"
                    p.append(q.limit)
                rows.extend(self._exec(cur, sql, p).fetchall())
            if count:
                return total
            tasks = [self._decode_task(r) for r in rows]
            if len(chunks) > 1:
                tasks.sort(key=lambda t: t.id)
            return tasks if q.limit is None else tasks[:q.limit]
        return self._read(run, "query tasks")

    def get_tasks(self, query: TaskQuery | None = None) -> list[Task]:
        out: list[Task] = self._select_tasks(self._resolve_query(query), count=False)
        return out

    #: *hook*: the columns of a :class:`TaskBrief` (id, directive id, content,
    #: assignment date as ISO text, due date column, tags as JSON text), read from the
    #: ``tasks`` row without decoding its whole ``data``.
    _BRIEF_COLUMNS: ClassVar[str] = (
        "id, directive_id, json_extract(data, '$.content'), "
        "json_extract(data, '$.assigned_on'), due_date, json_extract(data, '$.tags')")

    def _brief_of_row(self, row: Sequence[Any]) -> TaskBrief:
        """A :class:`TaskBrief` from a row of :attr:`_BRIEF_COLUMNS` (raises ValueError,
        TypeError on a damaged record)."""
        raw = row[5]
        content = row[2]
        tags = ([] if raw == "[]" else json.loads(raw)) if isinstance(raw, str) else raw or []
        if not isinstance(content, str) or not isinstance(tags, list) or not all(
                isinstance(t, str) for t in tags):
            raise ValueError("the content must be text and the tags a list of text")
        return TaskBrief(id=row[0], directive_id=row[1], content=content,
                         assigned_on=date.fromisoformat(row[3]),
                         due_date=None if row[4] is None else self._from_d(row[4]),
                         tags=tuple(tags))

    def _task_briefs(self, ids: list[str]) -> dict[str, TaskBrief]:
        def run(cur: Any) -> dict[str, TaskBrief]:
            out: dict[str, TaskBrief] = {}
            for chunk in iter_chunks(ids, 500):
                rows = self._exec(cur, f"SELECT {self._BRIEF_COLUMNS} FROM tasks "
                                       f"WHERE id IN ({self._q(len(chunk))})",
                                  chunk).fetchall()
                for r in rows:
                    out[r[0]] = self._decode("task", r[0], self._brief_of_row, list(r))
            return out
        found: dict[str, TaskBrief] = self._read(run, "read task briefs")
        return found

    def count_tasks(self, query: TaskQuery | None = None) -> int:
        n: int = self._select_tasks(self._resolve_query(query), count=True)
        return n

    # -- events ------------------------------------------------------------------------------

    def append_events(self, task_id: str, events: Sequence[TaskEvent], *,
                      expected_version: int) -> int:
        task_id = check_task_id(task_id)
        expected_version = check_expected_version(expected_version)
        evs = check_events(task_id, events)
        rows = self._event_rows(evs)

        def run(cur: Any) -> int:
            n = self._exec(cur, "UPDATE tasks SET version = version + 1 "
                                "WHERE id = ? AND version = ?",
                           (task_id, expected_version)).rowcount
            if n == 0:
                self._raise_version(cur, task_id, expected_version)
            if evs:  # the row lock taken above keeps the log still while it is checked
                row = self._exec(cur, "SELECT data, version, id FROM tasks WHERE id = ?",
                                 (task_id,)).fetchone()
                found = self._exec(cur, "SELECT data, digest FROM events WHERE task_id = ? "
                                        "ORDER BY seq", (task_id,)).fetchall()
                stored = [self._decode_event(task_id, r[0]) for r in found]
                task = self._decode_task(row)
                check_stored_history(task, stored, evs, append=True)
                # The hash chain goes on from the last stored digest (issue 17 item 4).
                digests = chain_digests(task, evs, previous=found[-1][1] if found else None)
                cur.executemany(self._sql("INSERT INTO events (task_id, on_date, kind, data, "
                                          "digest) VALUES (?, ?, ?, ?, ?)"),
                                [(*r, dg) for r, dg in zip(rows, digests, strict=True)])
            self._rebuild_timeline(cur, task_id)
            return expected_version + 1
        v: int = self._write(run, f"append events to task {task_id!r}")
        return v

    def get_events(self, task_id: str, *, until: date | None = None) -> list[TaskEvent]:
        task_id = check_task_id(task_id)
        until = check_until(until)

        def run(cur: Any) -> list[TaskEvent]:
            if not self._exec(cur, "SELECT 1 FROM tasks WHERE id = ?", (task_id,)).fetchone():
                raise TaskNotFoundError(task_id)
            sql, p = "SELECT data FROM events WHERE task_id = ?", [task_id]
            if until is not None:
                sql += " AND on_date <= ?"
                p.append(self._d(until))
            rows = self._exec(cur, sql + " ORDER BY seq", p).fetchall()
            return [self._decode_event(task_id, r[0]) for r in rows]
        out: list[TaskEvent] = self._read(run, f"read events of task {task_id!r}")
        return out

    def get_events_for(self, task_ids: Iterable[str], *, until: date | None = None
                       ) -> dict[str, list[TaskEvent]]:
        ids = check_task_ids(task_ids)
        until = check_until(until)

        def run(cur: Any) -> dict[str, list[TaskEvent]]:
            out: dict[str, list[TaskEvent]] = {i: [] for i in ids}
            for chunk in iter_chunks(ids, 500):
                sql = f"SELECT task_id, data FROM events WHERE task_id IN ({self._q(len(chunk))})"
                p: list[Any] = list(chunk)
                if until is not None:
                    sql += " AND on_date <= ?"
                    p.append(self._d(until))
                for r in self._exec(cur, sql + " ORDER BY seq", p).fetchall():
                    out[r[0]].append(self._decode_event(r[0], r[1]))
            return out
        result: dict[str, list[TaskEvent]] = self._read(run, "read events")
        return result

    def get_event_digests(self, task_ids: Iterable[str]) -> dict[str, list[str | None]]:
        ids = check_task_ids(task_ids)

        def run(cur: Any) -> dict[str, list[str | None]]:
            out: dict[str, list[str | None]] = {i: [] for i in ids}
            for chunk in iter_chunks(ids, 500):
                for r in self._exec(cur, "SELECT task_id, digest FROM events WHERE task_id "
                                         f"IN ({self._q(len(chunk))}) ORDER BY seq",
                                    list(chunk)).fetchall():
                    out[r[0]].append(r[1])
            return out
        result: dict[str, list[str | None]] = self._read(run, "read event digests")
        return result

    # -- as-of queries -------------------------------------------------------------------------

    def status_tallies(self, as_of: date, *, calendar: WorkingCalendar,
                       by: str = "lead_unit", assigned_until: date | None = None,
                       ended_from: date | None = None,
                       coordinating: bool = True) -> AsOfTallies:
        f = _as_of_filter(as_of, assigned_until, ended_from)
        _check_by(by, calendar)
        _check_flag(coordinating, "coordinating")
        key = "lead_unit" if by == "lead_unit" else "directive_id"
        prev = "previous_leads" if by == "lead_unit" else "''"
        tally_sql = TALLY_SQL.replace("previous_leads,", f"{prev},", 1)
        branches = f.branches(self._d) if self._split_as_of else [f.sql(self._d)]

        # The coordinating units from the index task_coordinators (PostgreSQL), or in
        # the tally's own scan (SQLite): each group's codes concatenated, split here;
        # else a second statement, SELECT DISTINCT.
        indexed = coordinating and self._coordinator_index
        in_scan = coordinating and not indexed and self._codes_in_tally
        if in_scan:
            tally_sql = tally_sql.replace(
                "COUNT(*),", "GROUP_CONCAT(coordinating_units, ' '), COUNT(*),", 1)

        def run(cur: Any) -> AsOfTallies:
            grouped: list[Sequence[Any]] = []
            units: set[str] = set()
            for where, params in branches:
                rows = self._exec(cur, tally_sql.format(key=key, where=where),
                                  params).fetchall()
                if in_scan:  # one group's codes at a time (the whole text split at once
                    # held 1.8 million strings: 160 MB at 1,000,000 tasks)
                    for r in rows:
                        if r[6]:
                            units.update(r[6].split())
                    rows = [(*r[:6], *r[7:]) for r in rows]
                grouped.extend(rows)
                if coordinating and not (in_scan or indexed):
                    units.update(code for r in self._exec(
                        cur, "SELECT DISTINCT coordinating_units FROM task_timeline WHERE "
                             f"{where} AND coordinating_units <> '' AND phase <> "
                             "'unreplayable'", params).fetchall()
                        for code in split_codes(r[0]))
            if indexed:
                units.update(r[0] for r in self._exec(cur, *f.coordinating_sql(self._d))
                             .fetchall())
            bad = self._unreplayable(cur, f.as_of, f.assigned_until)
            return AsOfTallies(
                as_of=f.as_of, by=by,
                tallies=tally_rows(grouped, f.as_of),  # (the drivers give ints, NULL
                # for a sum of no value: tally_rows reads it as 0)
                coordinating_units=frozenset(units), unreplayable=tuple(bad))
        out: AsOfTallies = self._read(run, "tally the status timeline")
        return out

    #: *hook*: whether an as-of aggregation runs as two statements, the rows still open
    #: and those closed after the date (:meth:`AsOfFilter.branches`: SQLite walks each
    #: as one range of its covering index), or as one with ``OR`` (PostgreSQL: one
    #: bitmap heap scan and one hash aggregate, where two statements read the heap twice
    #: and sorted the second on disk).
    _split_as_of: ClassVar[bool] = True
    #: *hook*: whether the coordinating units are collected in the tally's own scan
    #: (``GROUP_CONCAT`` of each group's codes, split in Python: SQLite, where a second
    #: ``SELECT DISTINCT`` scan cost a quarter more CPU at 1,000,000 tasks) or by that
    #: second statement (PostgreSQL, whose hash aggregate spills the concatenated text).
    _codes_in_tally: ClassVar[bool] = False
    #: *hook*: whether the backend keeps the table ``task_coordinators`` (the runs of
    #: :func:`~._timeline.coordinator_rows`, written with the timeline rows) and lists
    #: the coordinating units from its index, a few probes per unit
    #: (:data:`~._timeline.COORDINATING_SQL`; PostgreSQL since schema 13), rather than
    #: from the rows containing the date.
    _coordinator_index: ClassVar[bool] = False

    def rebuild_timelines(self, *, progress: Callable[[int, int], None] | None = None,
                          through: date | None = None) -> int:
        check_progress(progress)
        if through is not None:
            check_date(through, "through")

        def run(cur: Any) -> int:
            self._delete_timeline(cur, None)
            saved, self._progress = self._progress, progress
            try:
                return backfill_timeline(self, cur, through=through, derived=True)
            finally:
                self._progress = saved
        n: int = self._write(run, "rebuild the status timelines")
        return n

    def unreplayable_task_ids(self, as_of: date) -> list[str]:
        f = _as_of_filter(as_of, None, None)
        out: list[str] = self._read(lambda cur: self._unreplayable(cur, f.as_of),
                                    "list unreplayable tasks")
        return out

    def _unreplayable(self, cur: Any, as_of: date, assigned_until: date | None = None
                      ) -> list[str]:
        """The unreplayable tasks on *as_of* assigned on or before *assigned_until*
        (default *as_of*), from a partial index: a task whose log does not replay, or a
        periodic duty past its horizon (its unreplayable row starts the day after)."""
        until = as_of if assigned_until is None else min(as_of, assigned_until)
        # Sorted here, not by ORDER BY task_id: with it, SQLite scanned the whole table
        # in primary-key order rather than the partial index (27 ms at 100,000 tasks,
        # most of a unit's overdue list; 0.03 ms through the index).  Code-point order
        # is the order of the ids' "C" collation on PostgreSQL.
        return sorted(r[0] for r in self._exec(
            cur, "SELECT task_id FROM task_timeline WHERE phase = 'unreplayable' "
                 "AND assigned_on <= ? AND valid_from <= ?",
            (self._d(until), self._d(as_of))).fetchall())

    def status_segments(self, as_of: date, *, lead_units: Iterable[str] | None = None,
                        task_ids: Iterable[str] | None = None,
                        group: ReportGroup | None = None, assigned_until: date | None = None,
                        ended_from: date | None = None) -> list[StatusSegment]:
        f = _as_of_filter(as_of, assigned_until, ended_from)
        leads, ids = _codes_arg(lead_units, "lead_units"), _codes_arg(task_ids, "task_ids")
        if group is not None and not isinstance(group, ReportGroup):
            raise InvalidTypeError("group", group, "a ReportGroup or None")
        where, params = f.sql(self._d)
        where += " AND phase <> 'unreplayable'"
        if group is not None:
            where += " AND grp = ?"
            params.append(group.value)
        cols = ", ".join(TIMELINE_COLUMNS)

        def select(cur: Any, column: str | None, values: list[str] | None
                   ) -> list[Sequence[Any]]:
            if column is None or values is None:
                return list(self._exec(cur, f"SELECT {cols} FROM task_timeline WHERE "
                                            f"{where}", params).fetchall())
            rows: list[Sequence[Any]] = []
            for chunk in iter_chunks(sorted(set(values)), 500):
                rows.extend(self._exec(
                    cur, f"SELECT {cols} FROM task_timeline WHERE {column} IN "
                         f"({self._q(len(chunk))}) AND {where}", [*chunk, *params])
                    .fetchall())
            return rows

        def run(cur: Any) -> list[StatusSegment]:
            if ids is not None:
                rows = select(cur, "task_id", ids)
                if leads is not None:
                    rows = [r for r in rows if r[8] in set(leads)]
            else:
                rows = select(cur, "lead_unit" if leads is not None else None, leads)
            segs = [segment_from_row(r, self._from_d) for r in rows]
            segs.sort(key=lambda s: (s.task_id, s.occurrence))
            return segs
        out: list[StatusSegment] = self._read(run, "read the status timeline")
        return out

    # -- outbox --------------------------------------------------------------------------------

    def _outbox_params(self, item: OutboxItem) -> tuple[Any, ...]:
        return (outbox_sort_key(item.created_at), item.status.value,
                _storable(self._json(c.outbox_to_record(item)), f"outbox item {item.key!r}"),
                item.claimed_by,
                None if item.lease_until is None else outbox_sort_key(item.lease_until),
                item.attempts, item.key)

    def add_outbox_item(self, item: OutboxItem) -> bool:
        c.check_outbox_item(item)
        params = self._outbox_params(item)

        def run(cur: Any) -> bool:
            n = self._exec(cur, "INSERT INTO outbox (sort_key, status, data, claimed_by, "
                                "lease_until, attempts, key) VALUES (?, ?, ?, ?, ?, ?, ?) "
                                "ON CONFLICT (key) DO NOTHING", params).rowcount
            return bool(n == 1)
        added: bool = self._write(run, f"add outbox item {item.key!r}")
        return added

    def update_outbox_item(self, item: OutboxItem) -> None:
        c.check_outbox_item(item)
        params = self._outbox_params(item)

        def run(cur: Any) -> None:
            if self._exec(cur, "UPDATE outbox SET sort_key = ?, status = ?, data = ?, "
                               "claimed_by = ?, lease_until = ?, attempts = ? WHERE key = ?",
                          params).rowcount == 0:
                raise NotFoundError(item.key)
        self._write(run, f"update outbox item {item.key!r}")

    #: *hook*: appended to the claim's SELECT (PostgreSQL: ``FOR UPDATE SKIP LOCKED``).
    claim_lock_clause: ClassVar[str] = ""
    #: *hook*: the outbox claim columns and their DDL types (schema version 4).
    claim_columns: ClassVar[tuple[tuple[str, str], ...]] = (
        ("claimed_by", "TEXT"), ("lease_until", "TEXT"),
        ("attempts", "INTEGER NOT NULL DEFAULT 0"))

    def _columns(self, cur: Any, table: str) -> set[str]:
        """*hook*: the column names of *table* (SQLite's ``PRAGMA table_info``)."""
        return {str(r[1]) for r in self._exec(cur, f"PRAGMA table_info({table})").fetchall()}

    def claim_outbox_items(self, worker_id: str, *, limit: int, lease_seconds: float,
                           now: datetime, prefix: str = "",
                           max_attempts: int | None = None) -> list[OutboxItem]:
        worker, n, lease, when, prefix, cap = check_claim_args(
            worker_id, limit, lease_seconds, now, prefix, max_attempts)
        sql = ("SELECT data, key FROM outbox WHERE (status = 'pending' OR (status = 'failed' AND "
               "(claimed_by IS NULL OR claimed_by <> ?)) OR (status = 'claimed' AND "
               "lease_until < ?))")
        params: list[Any] = [worker, outbox_sort_key(when)]
        if prefix:
            sql += " AND substr(key, 1, ?) = ?"
            params += [len(prefix), prefix]
        if cap is not None:
            sql += " AND attempts < ?"
            params.append(cap)
        sql += " ORDER BY sort_key, key LIMIT ?" + self.claim_lock_clause
        params.append(n)

        def run(cur: Any) -> list[OutboxItem]:
            # SQLite: the whole call is one BEGIN IMMEDIATE transaction (one writer at a
            # time); PostgreSQL: the selected rows are locked, rows another claimer holds
            # are skipped, and a row changed meanwhile is re-checked against the WHERE.
            rows = self._exec(cur, sql, params).fetchall()
            out = []
            for r in rows:
                claimed = claim_of(self._decode("outbox item", r[1], c.outbox_from_record,
                                                r[0]), worker, when, lease)
                p = self._outbox_params(claimed)
                self._exec(cur, "UPDATE outbox SET status = ?, data = ?, claimed_by = ?, "
                                "lease_until = ?, attempts = ? WHERE key = ?", p[1:])
                out.append(claimed)
            return out
        claimed_items: list[OutboxItem] = self._write(run, "claim outbox items")
        return claimed_items

    def _finish_claim(self, key: str, worker_id: str, now: datetime,
                      error: str | None) -> bool:
        key, worker, when = check_finish_args(key, worker_id, now)
        where = " WHERE key = ? AND status = 'claimed' AND claimed_by = ?"

        def run(cur: Any) -> bool:
            row = self._exec(cur, "SELECT data FROM outbox" + where + self.claim_lock_clause
                             .replace(" SKIP LOCKED", ""), (key, worker)).fetchone()
            if row is None:
                return False
            done = finished(self._decode("outbox item", key, c.outbox_from_record, row[0]),
                            when, error)
            p = self._outbox_params(done)
            n = self._exec(cur, "UPDATE outbox SET status = ?, data = ?, claimed_by = ?, "
                                "lease_until = ?, attempts = ?" + where,
                           (*p[1:6], key, worker)).rowcount
            return bool(n == 1)
        ok: bool = self._write(run, f"finish outbox item {key!r}")
        return ok

    def _integrity_problems(self, cur: Any) -> list[str]:
        """*hook*: what the database's own consistency checks report (none by default)."""
        return []

    def integrity_facts(self) -> IntegrityFacts:
        def run(cur: Any) -> IntegrityFacts:
            counts = tuple((t, int(self._exec(cur, f"SELECT COUNT(*) FROM {t}").fetchone()[0]))
                           for t in ("units", "directives", "tasks", "events", "outbox"))
            row = self._exec(cur, "SELECT MAX(version) FROM schema_version").fetchone()
            version = None if row is None or row[0] is None else int(row[0])
            return IntegrityFacts(backend=self.backend_name, schema_version=version,
                                  counts=counts, problems=tuple(self._integrity_problems(cur)))
        facts: IntegrityFacts = self._read(run, "check the database")
        return facts

    def get_outbox_items(self, *, status: OutboxStatus | None = None) -> list[OutboxItem]:
        if status is not None and not isinstance(status, OutboxStatus):
            raise InvalidTypeError("status", status, "an OutboxStatus or None")
        sql, p = "SELECT data, key FROM outbox", []
        if status is not None:
            sql += " WHERE status = ?"
            p.append(status.value)

        def run(cur: Any) -> list[OutboxItem]:
            rows = self._exec(cur, sql + " ORDER BY sort_key, key", p).fetchall()
            return [self._decode("outbox item", r[1], c.outbox_from_record, r[0])
                    for r in rows]
        out: list[OutboxItem] = self._read(run, "read the outbox")
        return out

    def outbox_payloads(self, ranges: Iterable[tuple[str, str]], *,
                        fields: Sequence[str]) -> list[tuple[str, tuple[Any, ...]]]:
        spans, names = _ranges_arg(ranges), _fields_arg(fields)
        if not spans:
            return []
        values = self._payload_values_sql(names)

        def run(cur: Any) -> list[tuple[str, tuple[Any, ...]]]:
            out: list[tuple[str, tuple[Any, ...]]] = []
            with self._range_lookups(cur):
                # One primary-key range scan per (lo, hi) pair of the VALUES list.
                for i in range(0, len(spans), 400):
                    chunk = spans[i:i + 400]
                    rows = self._exec(
                        cur, "WITH r (lo, hi) AS (VALUES "
                        + ", ".join(["(?, ?)"] * len(chunk))
                        + f") SELECT o.key, {values} FROM r JOIN outbox o "
                          "ON o.key >= r.lo AND o.key < r.hi",
                        [x for pair in chunk for x in pair]).fetchall()
                    out.extend((r[0], self._payload_values(r[1], len(names))) for r in rows)
            return out
        found: list[tuple[str, tuple[Any, ...]]] = self._read(run, "read the outbox")
        return found

    def _range_lookups(self, cur: Any) -> AbstractContextManager[None]:
        """*hook*: the session settings of :meth:`outbox_payloads`' range look-ups (none
        by default)."""
        return nullcontext()

    def _payload_values_sql(self, names: tuple[str, ...]) -> str:
        """*hook*: the SQL expression of the payload fields *names* of outbox row ``o``,
        decoded by :meth:`_payload_values` (SQLite: one JSON array, one parse)."""
        paths = ", ".join(f"'$.payload.{n}'" for n in names)
        if not names:
            return "json_array()"
        return (f"json_extract(o.data, {paths})" if len(names) > 1
                else f"json_array(json_extract(o.data, {paths}))")

    def _payload_values(self, value: Any, n: int) -> tuple[Any, ...]:
        """*hook*: the values of :meth:`_payload_values_sql` as a tuple of *n*."""
        out = tuple(json.loads(value) if isinstance(value, str | bytes) else value)
        if len(out) != n:
            raise StorageError(f"the outbox payload fields read back as {out!r:.200}")
        return out

    #: *hook*: the :class:`TaskBrief` fields of ``tasks t`` after the id: directive id,
    #: content, assignment date and tags.
    _ROW_BRIEF_COLUMNS: ClassVar[str] = (
        "t.directive_id, json_extract(t.data, '$.content'), "
        "json_extract(t.data, '$.assigned_on'), json_extract(t.data, '$.tags')")

    #: *hook*: the ``FROM`` and ``WHERE`` of :meth:`remindable_rows` (``{phases}``: the
    #: placeholders of the phases): the timeline rows containing the day (two
    #: parameters), in a remindable phase, with a due date, joined to their tasks.
    _REMINDABLE_FROM_WHERE: ClassVar[str] = (
        "FROM task_timeline tl JOIN tasks t ON t.id = tl.task_id "
        "WHERE (tl.valid_to IS NULL OR tl.valid_to > ?) AND tl.valid_from <= ? "
        "AND tl.phase IN ({phases}) AND tl.current_due IS NOT NULL "
        "AND t.due_date IS NOT NULL")

    #: *hook*: the task's content read from a ``tasks t`` row (the JSON ``data`` column).
    _CONTENT_SQL: ClassVar[str] = "json_extract(t.data, '$.content')"

    def overdue_entries(self, as_of: date, *, lead_units: Iterable[str] | None = None
                        ) -> list[OverdueEntry]:
        f = _as_of_filter(as_of, None, None)
        leads = _codes_arg(lead_units, "lead_units")
        day = self._d(f.as_of)
        today = due_rank(f.as_of)
        cols = ("task_id, directive_id, content, lead_unit, previous_leads, kind, "
                "original_due, current_due, percent, late_days, due_rank, occurrence, "
                "occurrence_title")
        # The side table's primary key starts with lead_unit: a unit's rows (of every
        # date) are one range, tested here on their dates.
        where = "valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)"
        d = self._date_column()
        make = tuple.__new__  # OverdueEntry._make without its Python-level checks

        def entries(rows: Iterable[Sequence[Any]]) -> list[OverdueEntry]:
            # (Thousands of rows per unit: one tuple each, no per-field method call.)  The
            # days late: late_days when fixed, else working_days_between(current_due,
            # as_of) = due_rank(as_of) - due_rank, as tally_rows counts them.
            return [make(OverdueEntry, (
                r[0], r[1], r[2], r[3], tuple(r[4].split()) if r[4] else (), r[5],
                None if r[6] is None else d(r[6]), None if r[7] is None else d(r[7]), r[8],
                r[9] if r[9] is not None else 0 if r[10] is None else today - r[10],
                r[11], r[12])) for r in rows]

        def run(cur: Any) -> list[OverdueEntry]:
            if leads is None:
                return entries(self._exec(
                    cur, f"SELECT {cols} FROM task_timeline_overdue WHERE {where}",
                    (day, day)).fetchall())
            out: list[OverdueEntry] = []
            for code in sorted(set(leads)):
                out.extend(entries(self._exec(
                    cur, f"SELECT {cols} FROM task_timeline_overdue WHERE lead_unit = ? "
                         f"AND {where}", (code, day, day)).fetchall()))
            return out
        found: list[OverdueEntry] = self._read(run, "read the overdue rows")
        return found

    def remindable_rows(self, as_of: date, *, phases: Iterable[str]) -> list[RemindableRow]:
        f = _as_of_filter(as_of, None, None)
        wanted = sorted(_phases_arg(phases))
        if not wanted:
            return []
        sql = (f"SELECT tl.task_id, {self._ROW_BRIEF_COLUMNS}, tl.phase, tl.current_due, "
               "tl.original_due, tl.lead_unit, tl.coordinating_units, tl.occurrence, "
               "tl.occurrence_title, tl.occurrence_start "
               + self._REMINDABLE_FROM_WHERE.format(phases=self._q(len(wanted))))
        params: list[Any] = [self._d(f.as_of), self._d(f.as_of), *wanted]
        d = self._from_d

        def row_of(r: Sequence[Any]) -> RemindableRow:
            raw_tags = r[4]
            tags = (() if raw_tags == "[]" else tuple(json.loads(raw_tags))
                    ) if isinstance(raw_tags, str) else tuple(raw_tags or ())
            if not isinstance(r[2], str) or not all(isinstance(t, str) for t in tags):
                raise ValueError("the content must be text and the tags a list of text")
            return RemindableRow(
                r[0], r[1], r[2], date.fromisoformat(r[3]), tags, r[5], d(r[6]),
                None if r[7] is None else d(r[7]), r[8], split_codes(r[9]), r[10] or None,
                r[11], None if r[12] is None else d(r[12]))

        def run(cur: Any) -> list[RemindableRow]:
            out = []
            for r in self._exec(cur, sql, params).fetchall():
                try:
                    out.append(row_of(r))
                except (ValueError, TypeError) as e:
                    raise StorageError(f"damaged stored task {r[0]!r}: {e}") from e
            return out
        rows: list[RemindableRow] = self._read(run, "read the status timeline")
        return rows

    # -- settings ------------------------------------------------------------------------

    def get_settings(self) -> ProvincePolicy | None:
        from ..settings import ProvincePolicy

        def run(cur: Any) -> Any:
            return self._exec(cur, "SELECT data FROM settings WHERE key = ?",
                              (_PROVINCE_POLICY_KEY,)).fetchone()
        row = self._read(run, "read the settings")
        return None if row is None else ProvincePolicy.from_dict(self._load_json(row[0]))

    def put_settings(self, settings: ProvincePolicy) -> None:
        from ..settings import ProvincePolicy

        _check_instance(settings, ProvincePolicy, "settings")
        data = json.dumps(settings.to_dict(), ensure_ascii=False, sort_keys=True)

        def run(cur: Any) -> None:
            self._exec(cur, "INSERT INTO settings (key, data) VALUES (?, ?) ON CONFLICT (key) "
                            "DO UPDATE SET data = excluded.data", (_PROVINCE_POLICY_KEY, data))
        self._write(run, "store the settings")


def _storable(text: Any, what: str) -> Any:
    """Refuse a record whose JSON text holds a lone surrogate (see ``check_storable``)."""
    if isinstance(text, str):
        check_storable(text, what)
    return text


def _storable_rows(rows: Sequence[Sequence[Any]], col: int, what: str) -> None:
    """Refuse rows whose column *col* holds a lone surrogate: one scan, then the culprit."""
    if not rows:
        return
    try:
        check_storable("".join([r[col] for r in rows]), what)
    except ValidationError:
        for r in rows:
            check_storable(r[col], f"{what} {r[0]!r}")
        raise
    except TypeError:  # a backend whose _json does not return text
        return


def _evolve_version(task: Task, version: int) -> Task:
    import attrs

    return attrs.evolve(task, version=version)


def backfill_outbox_attempts(store: BaseSQLStore, cur: Any) -> None:
    """
    Migration step of the outbox claim columns (``claimed_by``, ``lease_until``,
    ``attempts``): add the columns that are missing (idempotent, so a file whose version
    number was lowered by hand migrates again), the claim index, and copy each item's
    ``attempts`` from its ``data`` record (no item was claimed before this step).
    """
    have = store._columns(cur, "outbox")
    for name, ddl in store.claim_columns:
        if name not in have:
            store._exec(cur, f"ALTER TABLE outbox ADD COLUMN {name} {ddl}")
    store._exec(cur, "CREATE INDEX IF NOT EXISTS outbox_claim ON outbox (status, sort_key, "
                     "key)")
    for key, data in store._exec(cur, "SELECT key, data FROM outbox").fetchall():
        rec = store._load_json(data)
        attempts = rec.get("attempts", 0) if isinstance(rec, dict) else 0
        if isinstance(attempts, int) and attempts:
            store._exec(cur, "UPDATE outbox SET attempts = ? WHERE key = ?", (attempts, key))

def repad_outbox_sort_keys(store: BaseSQLStore, cur: Any) -> int:
    """
    Migration back-fill: rewrite ``outbox.sort_key`` values written without year padding.

    Before 0.2 the key of an item created before the year 1000 was ``"999-…"``, which
    sorts after ``"2026-…"``; :func:`~directive_tracker.storage.outbox.outbox_sort_key`
    now pads the year to four digits.  Only keys whose fifth character is not ``-``
    (an unpadded year) are rewritten, from the record's ``created_at``.  Runs with every
    schema migration; return the number of rows rewritten.
    """
    rows = store._exec(cur, "SELECT key, data FROM outbox "
                            "WHERE substr(sort_key, 5, 1) <> '-'").fetchall()
    for key, raw in rows:
        item = store._decode("outbox item", key, c.outbox_from_record, raw)
        store._exec(cur, "UPDATE outbox SET sort_key = ? WHERE key = ?",
                    (outbox_sort_key(item.created_at), key))
    return len(rows)


def backfill_timeline(store: BaseSQLStore, cur: Any, *, ids: Sequence[str] | None = None,
                      legacy: bool = False, through: date | None = None,
                      derived: bool = False) -> int:
    """
    Migration back-fill (schema 7): compute every stored task's status timeline from
    its event log, in chunks of 2,000 tasks, inside the migration's one transaction (a
    crash leaves the previous schema, and its data, as they were).  Progress is logged
    at INFO every chunk and reported to the store's *progress* callback, ``(done,
    total)``, if one was given.

    With *ids*, only those tasks (their rows must have been deleted).  *legacy* writes
    the schema-7 layout (:data:`~._timeline.TIMELINE_COLUMNS_V7`, a periodic duty as
    one unreplayable row), for the migration step 7 of an older file.  *through*: the
    periodic duties' rows run at least to that day (``rebuild_timelines(through=)``).
    *derived*: also write what the stores derive from the timeline rows (the overdue
    side table, ``task_coordinators`` where kept: :meth:`BaseSQLStore._timeline_batches`,
    the one writer of the tasks' writes; the migration steps before those tables leave
    it False).
    """
    if ids is None:
        ids = [r[0] for r in store._exec(cur, "SELECT id FROM tasks ORDER BY id").fetchall()]
    total = len(ids)
    done = 0
    progress = store._progress
    if progress is not None:
        progress(0, total)
    columns = TIMELINE_COLUMNS_V7 if legacy else TIMELINE_COLUMNS
    for chunk in iter_chunks(ids, 2000):
        q = store._q(len(chunk))
        tasks: dict[str, Task] = {}
        for r in store._exec(cur, f"SELECT data, version, id FROM tasks WHERE id IN ({q})",
                             chunk).fetchall():
            try:
                tasks[r[2]] = store._decode_task(r)
            except StorageError as e:  # a damaged row must not block the upgrade: the
                # task gets no timeline row; check and the reports name it
                logger.warning("task %s: no status timeline computed (%s)", r[2], e)
        events: dict[str, list[TaskEvent]] = {i: [] for i in chunk}
        damaged: set[str] = set()
        for r in store._exec(cur, f"SELECT task_id, data FROM events WHERE task_id IN ({q}) "
                                  "ORDER BY seq", chunk).fetchall():
            try:
                events[r[0]].append(store._decode_event(r[0], r[1]))
            except StorageError as e:  # judged from its log (quarantined) by the reports
                logger.warning("task %s: a damaged event row (%s)", r[0], e)
                damaged.add(r[0])
        rows = [row for i in chunk if i in tasks
                for row in (legacy_timeline_rows(tasks[i], [] if i in damaged
                                                 else events[i], store._d) if legacy
                            else timeline_rows(tasks[i], [] if i in damaged else events[i],
                                               store._d, through=through))]
        if rows and derived:
            store._write_encoded(cur, store._timeline_batches(
                rows, {i: t.content for i, t in tasks.items()}))
        elif rows:
            store._insert_many(cur, "task_timeline", columns, rows)
        done += len(chunk)
        logger.info("rebuilding status timelines: %d of %d tasks", done, total,
                    extra={"done": done, "total": total})
        if progress is not None:
            progress(done, total)
    return total


def fill_overdue_side(store: BaseSQLStore, cur: Any) -> int:
    """
    Fill ``task_timeline_overdue`` from every stored ``task_timeline`` row in the overdue
    group and its task's content, in one statement: the migration step that creates the
    side table (the timeline rows are already stored; recomputing them from the logs to
    write the copies from Python would cost the whole rebuild).  Returns the rows
    written.  The same rows as :func:`overdue_side_rows`, which every other write uses.
    """
    store._exec(cur, "DELETE FROM task_timeline_overdue")
    cols = ", ".join(OVERDUE_COLUMNS)
    picked = ", ".join(store._CONTENT_SQL if k == "content" else f"tl.{k}"
                       for k in OVERDUE_COLUMNS)
    n: int = store._exec(cur, f"INSERT INTO task_timeline_overdue ({cols}) SELECT {picked} "
                              "FROM task_timeline tl JOIN tasks t ON t.id = tl.task_id "
                              "WHERE tl.grp = ?",
                         (ReportGroup.NOT_COMPLETED_OVERDUE.value,)).rowcount
    return n


def backfill_coordinators(store: BaseSQLStore, cur: Any) -> int:
    """
    Migration back-fill of ``task_coordinators`` (PostgreSQL schema 13): its rows
    (:func:`~._timeline.coordinator_rows`) computed from every task's stored timeline
    rows (not from the event log: the rows say everything they need), in chunks of
    2,000 tasks, inside the migration's one transaction.  Progress as
    :func:`backfill_timeline` reports it.  Returns the number of rows written.
    """
    store._exec(cur, "DELETE FROM task_coordinators")  # (the step may run again)
    ids = [r[0] for r in store._exec(cur, "SELECT DISTINCT task_id FROM task_timeline "
                                          "ORDER BY task_id").fetchall()]
    total, done, written = len(ids), 0, 0
    progress = store._progress
    if progress is not None:
        progress(0, total)
    cols = ", ".join(TIMELINE_COLUMNS)
    for chunk in iter_chunks(ids, 2000):
        rows = coordinator_rows(store._exec(
            cur, f"SELECT {cols} FROM task_timeline WHERE task_id IN "
                 f"({store._q(len(chunk))})", chunk).fetchall())
        if rows:
            store._insert_many(cur, "task_coordinators", COORDINATOR_COLUMNS, rows)
        written += len(rows)
        done += len(chunk)
        logger.info("indexing the coordinating units: %d of %d tasks", done, total,
                    extra={"done": done, "total": total})
        if progress is not None:
            progress(done, total)
    return written


def backfill_timeline_v7(store: BaseSQLStore, cur: Any) -> int:
    """Migration step 7's back-fill: :func:`backfill_timeline` in the schema-7 layout."""
    return backfill_timeline(store, cur, legacy=True)


def rebuild_unreplayable_timelines(store: BaseSQLStore, cur: Any) -> int:
    """
    Migration back-fill of the rows per occurrence (SQLite schema 9, PostgreSQL 10):
    the tasks that had an unreplayable row (every periodic duty, and the logs that did
    not replay) get their timelines computed again from their event logs, in the
    migration's transaction; the other tasks' rows are kept (``occurrence`` ``''``).
    Returns the number of tasks rebuilt.
    """
    ids = [r[0] for r in store._exec(cur, "SELECT DISTINCT task_id FROM task_timeline "
                                          "WHERE phase = 'unreplayable' ORDER BY task_id")
           .fetchall()]
    for chunk in iter_chunks(ids, 500):
        store._exec(cur, f"DELETE FROM task_timeline WHERE task_id IN "
                         f"({store._q(len(chunk))})", chunk)
    return backfill_timeline(store, cur, ids=ids)


def backfill_event_digests(store: BaseSQLStore, cur: Any) -> None:
    """
    Migration back-fill (issue 17 item 4): compute the hash chain of every stored task's
    events (:func:`directive_tracker.integrity.chain_digests`, starting from the task's
    terms at assignment) into the new ``events.digest`` column.  Runs before the
    append-only triggers of the same step are created.  Tasks whose events all have
    digests are left alone (re-hashing them would hide an edit).
    """
    rows = store._exec(cur, "SELECT id, data, version FROM tasks WHERE id IN (SELECT "
                            "task_id FROM events WHERE digest IS NULL) ORDER BY id").fetchall()
    for task_id, data, version in rows:  # only chains not computed yet: never re-hash
        # what may have been edited since
        found = store._exec(cur, "SELECT seq, data FROM events WHERE task_id = ? "
                                 "ORDER BY seq", (task_id,)).fetchall()
        try:
            task = store._decode_task((data, version, task_id))
            evs = [store._decode_event(task_id, r[1]) for r in found]
            digests = chain_digests(task, evs)
        except DirectiveTrackerError as e:  # a damaged row must not block the upgrade:
            logger.warning("task %s: no hash chain computed (%s); check reports it",
                           task_id, e)  # its events stay without digests, check lists it
            continue
        cur.executemany(store._sql("UPDATE events SET digest = ? WHERE seq = ?"),
                        [(dg, r[0]) for dg, r in zip(digests, found, strict=True)])
