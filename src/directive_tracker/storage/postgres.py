# SPDX-License-Identifier: MIT
"""
The PostgreSQL store: one database server shared by many users, threads and processes.

Needs the optional extra ``postgres`` (psycopg 3 and psycopg_pool)::

    pip install 'directive_tracker[postgres]'

Importing this module without them raises
:class:`~directive_tracker.exceptions.MissingExtraError` (an ``ImportError``) naming the
extra.  Nothing else in the library imports psycopg.

Design, in short (the guide ``docs/guide/postgres.md`` has the long form):

* Every table lives in one PostgreSQL schema (default ``directive_tracker``); a
  ``schema_version`` table records the layout.  Opening an older layout migrates it in
  one transaction (under an advisory lock, so concurrent openers do it once); a newer
  one is refused with :class:`~directive_tracker.exceptions.SchemaVersionError`.
* Objects are kept as their JSON record (:mod:`._codec`) in a ``data`` column, exact to
  the character; the columns queries filter on are copied beside it and indexed.
* Optimistic concurrency: ``UPDATE tasks … WHERE id = %s AND version = %s``.  The row
  lock taken by the update serialises concurrent writers; the loser sees the new
  version, matches no row and gets
  :class:`~directive_tracker.exceptions.ConcurrentModificationError`.
* Each method call is one transaction on a pooled connection, retried whole on a
  serialization failure, a deadlock or a lost connection (except a write whose
  ``COMMIT`` was interrupted, whose outcome is unknown).  Inside a
  ``with store.transaction():`` block the thread keeps one connection; each call is a
  savepoint, so a failed call leaves no partial effect and the block can go on.
* SQL is built only from literal templates, the validated schema name (quoted as an
  identifier) and ``%s`` parameters.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from typing import Any, LiteralString, NoReturn, TypeVar

import attrs

from ..exceptions import MissingExtraError

try:
    import psycopg
    from psycopg import sql
    from psycopg_pool import ConnectionPool, PoolClosed, PoolTimeout
except ImportError as _e:  # pragma: no cover - exercised in a subprocess by the tests
    raise MissingExtraError(
        package="psycopg-pool" if (_e.name or "").startswith("psycopg_pool") else "psycopg",
        extra="postgres",
        feature="the PostgreSQL store (directive_tracker.storage.postgres)",
    ) from _e

from .._validators import check_identifier, check_int, check_str
from ..directives import Directive
from ..events import TaskEvent
from ..exceptions import (
    BackendUnavailableError,
    ConcurrentModificationError,
    DirectiveNotFoundError,
    DuplicateIdError,
    InvalidTypeError,
    NotFoundError,
    SchemaVersionError,
    StorageError,
    TaskNotFoundError,
    UnitNotFoundError,
    ValidationError,
)
from ..tasks import Task
from ..units import Succession, Unit
from . import _codec as c
from .base import OutboxItem, OutboxStatus, Store, TaskQuery, check_task_id, check_until
from .memory import (
    check_directive_filters,
    check_events,
    check_expected_version,
    check_query,
    check_task_ids,
)

__all__ = ["DEFAULT_SCHEMA", "SCHEMA_VERSION", "PostgresStore"]

#: The PostgreSQL schema that holds the tables unless another is given.
DEFAULT_SCHEMA = "directive_tracker"

#: Layout version this module writes; older layouts are migrated, newer refused.
SCHEMA_VERSION = 2

T = TypeVar("T")
Conn = psycopg.Connection[Any]

_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
#: First key of the advisory lock taken while creating or migrating a schema.
_LOCK_NAMESPACE = 0x4454  # "DT"
#: SQLSTATEs after which the whole transaction can be run again.
_RETRY_SQLSTATES = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected

# One list of statements per layout version; version N is reached by running 1..N.
# ``{s}`` is the quoted schema name.  Identifier columns use the "C" collation so that
# ORDER BY sorts by code point, as Python's sorted() does.
_MIGRATIONS: dict[int, list[LiteralString]] = {
    1: [
        """CREATE TABLE {s}.units (
               code text COLLATE "C" PRIMARY KEY,
               data text NOT NULL)""",
        """CREATE TABLE {s}.successions (
               seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
               data text NOT NULL)""",
        """CREATE TABLE {s}.directives (
               id text COLLATE "C" PRIMARY KEY,
               issuer text NOT NULL,
               issue_date date NOT NULL,
               search_key text NOT NULL,
               data text NOT NULL)""",
        """CREATE TABLE {s}.tasks (
               id text COLLATE "C" PRIMARY KEY,
               directive_id text COLLATE "C" NOT NULL REFERENCES {s}.directives (id),
               lead_unit text COLLATE "C" NOT NULL,
               parent_id text COLLATE "C",
               due_date date,
               search_key text NOT NULL,
               version integer NOT NULL CHECK (version >= 1),
               n_events integer NOT NULL DEFAULT 0,
               data text NOT NULL)""",
        """CREATE TABLE {s}.task_units (
               unit text COLLATE "C" NOT NULL,
               task_id text COLLATE "C" NOT NULL REFERENCES {s}.tasks (id),
               is_lead boolean NOT NULL,
               PRIMARY KEY (unit, task_id))""",
        """CREATE TABLE {s}.task_tags (
               tag text NOT NULL,
               task_id text COLLATE "C" NOT NULL REFERENCES {s}.tasks (id),
               PRIMARY KEY (tag, task_id))""",
        """CREATE TABLE {s}.events (
               task_id text COLLATE "C" NOT NULL REFERENCES {s}.tasks (id),
               seq integer NOT NULL,
               at timestamptz NOT NULL,
               on_date date NOT NULL,
               kind text NOT NULL,
               data text NOT NULL,
               PRIMARY KEY (task_id, seq))""",
        """CREATE TABLE {s}.outbox (
               key text COLLATE "C" PRIMARY KEY,
               created_at timestamptz NOT NULL,
               status text NOT NULL,
               data text NOT NULL)""",
    ],
    2: [
        # The queries of Store: by directive, by lead unit and due date (per-unit
        # overdue lists), by due date, children of a task, every task of a unit
        # (task_units primary key), tag (task_tags primary key), events as of a date,
        # directives by issuer and date, outbox by status in order.
        "CREATE INDEX tasks_directive_idx ON {s}.tasks (directive_id)",
        "CREATE INDEX tasks_lead_due_idx ON {s}.tasks (lead_unit, due_date)",
        "CREATE INDEX tasks_due_idx ON {s}.tasks (due_date)",
        "CREATE INDEX tasks_parent_idx ON {s}.tasks (parent_id) WHERE parent_id IS NOT NULL",
        "CREATE INDEX task_units_task_idx ON {s}.task_units (task_id)",
        "CREATE INDEX task_tags_task_idx ON {s}.task_tags (task_id)",
        "CREATE INDEX events_on_date_idx ON {s}.events (on_date)",
        "CREATE INDEX directives_issuer_idx ON {s}.directives (issuer, issue_date)",
        "CREATE INDEX directives_issue_date_idx ON {s}.directives (issue_date)",
        "CREATE INDEX outbox_status_idx ON {s}.outbox (status, created_at, key)",
        "CREATE INDEX outbox_created_idx ON {s}.outbox (created_at, key)",
    ],
}


def _check_schema_name(schema: object) -> str:
    if not isinstance(schema, str):
        raise InvalidTypeError("schema", schema, "a str")
    if not _SCHEMA_NAME.fullmatch(schema) or schema.startswith("pg_"):
        raise ValidationError(
            f"schema must be a lower-case PostgreSQL identifier of 1 to 63 characters "
            f"(a-z, 0-9, _; not starting with a digit or 'pg_'), got {schema!r}",
            param_name="schema", value=schema)
    return schema


def _check_instance(value: object, cls: type, name: str) -> None:
    if not isinstance(value, cls):
        raise InvalidTypeError(name, value, f"a {cls.__name__}")


def _loads(text: str) -> dict[str, Any]:
    data = json.loads(text)
    if not isinstance(data, dict):  # pragma: no cover - we only ever write objects
        raise StorageError(f"corrupt record in the database: {text[:80]!r}")
    return data


def _lost(conn: Conn | None) -> bool:
    return conn is not None and (conn.closed or conn.broken)


class PostgresStore(Store):
    """
    Keep everything in a PostgreSQL database (psycopg 3, pooled connections).

    Safe for many threads (each call borrows a pooled connection; a
    ``transaction()`` block keeps one per thread) and for many processes and machines
    (row-version checks and row locks in the database).

    Args:
        dsn: a libpq connection string or URI
            (``"postgresql://user@host:5432/dbname"``); None uses the ``PG*``
            environment variables.  Give *dsn* or *pool*, not both.
        pool: a ``psycopg_pool.ConnectionPool`` you manage (opened, connections not in
            autocommit); the store uses it and does not close it.
        schema: the PostgreSQL schema that holds the tables (created when missing, if
            the role may).  Lower-case identifier.
        reset: drop *schema* with everything in it and recreate it empty.  For tests.
        min_size: connections the store's own pool keeps open (≥ 0).
        max_size: most connections the store's own pool opens (≥ max(1, min_size)).
        timeout: seconds to wait for a free pooled connection (and for the first
            connection) before :class:`BackendUnavailableError`.
        attempts: how many times a call is tried in all when it hits a transient error
            (serialization failure, deadlock, lost connection); ≥ 1.

    Raises:
        BackendUnavailableError: the server cannot be reached.
        SchemaVersionError: the schema was written by a newer library version.
        StorageError: any other database failure (e.g. missing privileges: the role
            needs CREATE on the database, or a schema prepared for it by a DBA).
        ValidationError: bad arguments.

    Example::

        with PostgresStore("postgresql://tracker@db.example.vn/chidao") as store:
            store.get_units()

    .. versionadded:: 0.1.0
    """

    def __init__(self, dsn: str | None = None, *, pool: ConnectionPool[Any] | None = None,
                 schema: str = DEFAULT_SCHEMA, reset: bool = False, min_size: int = 1,
                 max_size: int = 10, timeout: float = 30.0, attempts: int = 5) -> None:
        if dsn is not None and not isinstance(dsn, str):
            raise InvalidTypeError("dsn", dsn, "a str or None")
        if pool is not None and not isinstance(pool, ConnectionPool):
            raise InvalidTypeError("pool", pool, "a psycopg_pool.ConnectionPool or None")
        if dsn is not None and pool is not None:
            raise ValidationError("give either dsn or pool, not both")
        if not isinstance(reset, bool):
            raise InvalidTypeError("reset", reset, "a bool")
        self.schema = _check_schema_name(schema)
        min_size = check_int(min_size, "min_size", minimum=0)
        max_size = check_int(max_size, "max_size", minimum=max(1, min_size))
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
            raise ValidationError(f"timeout must be a positive number of seconds, got "
                                  f"{timeout!r}", param_name="timeout", value=timeout)
        self._attempts = check_int(attempts, "attempts", minimum=1)
        self._timeout = float(timeout)
        self._local = threading.local()
        self._closed = False
        self._owns_pool = pool is None
        s = sql.Identifier(self.schema)
        self._s = s
        if pool is None:
            conninfo = dsn or ""
            self._connect_once(conninfo)  # fail fast, with the server's reason
            pool = ConnectionPool(conninfo, min_size=min_size, max_size=max_size,
                                  open=False, timeout=self._timeout,
                                  name=f"directive_tracker:{self.schema}",
                                  kwargs={"autocommit": False})
            try:
                pool.open(wait=True, timeout=self._timeout)
            except PoolTimeout as e:
                pool.close()
                raise BackendUnavailableError(
                    f"could not open {min_size} PostgreSQL connection(s) within "
                    f"{self._timeout:g} s: {e}") from e
        self._pool: ConnectionPool[Any] = pool
        try:
            self._run(lambda conn: self._migrate(conn, reset=reset), write=True)
        except BaseException:
            self.close()
            raise

    # -- plumbing --------------------------------------------------------------------

    def _q(self, template: LiteralString) -> sql.Composed:
        """Return *template* with ``{s}`` bound to the quoted schema name."""
        return sql.SQL(template).format(s=self._s)

    def _connect_once(self, conninfo: str) -> None:
        try:
            conn = psycopg.connect(conninfo, connect_timeout=max(1, int(self._timeout)))
        except psycopg.Error as e:
            raise BackendUnavailableError(
                f"cannot connect to PostgreSQL: {str(e).strip()}; check the dsn (or the PG* "
                "environment variables) and that the server is running") from e
        conn.close()

    def _migrate(self, conn: Conn, *, reset: bool) -> None:
        key = zlib.crc32(self.schema.encode()) - 2**31  # int4 range
        conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (_LOCK_NAMESPACE, key))
        if reset:
            conn.execute(self._q("DROP SCHEMA IF EXISTS {s} CASCADE"))
        # CREATE SCHEMA checks the CREATE privilege even with IF NOT EXISTS, so a
        # schema prepared by a DBA is only created when it is really missing.
        if conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s",
                        (self.schema,)).fetchone() is None:
            conn.execute(self._q("CREATE SCHEMA {s}"))
        has_table = conn.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = %s "
            "AND table_name = 'schema_version'", (self.schema,)).fetchone()
        if has_table is None:
            conn.execute(self._q("CREATE TABLE {s}.schema_version (version integer NOT NULL)"))
            conn.execute(self._q("INSERT INTO {s}.schema_version (version) VALUES (0)"))
        row = conn.execute(self._q("SELECT max(version) FROM {s}.schema_version")).fetchone()
        found = int(row[0]) if row is not None and row[0] is not None else 0
        if found > SCHEMA_VERSION:
            raise SchemaVersionError(found=found, supported=SCHEMA_VERSION)
        for version in range(found + 1, SCHEMA_VERSION + 1):
            for statement in _MIGRATIONS[version]:
                conn.execute(self._q(statement))
        if found < SCHEMA_VERSION:
            conn.execute(self._q("DELETE FROM {s}.schema_version"))
            conn.execute(self._q("INSERT INTO {s}.schema_version (version) VALUES (%s)"),
                         (SCHEMA_VERSION,))

    def _check_open(self) -> None:
        if self._closed:
            raise StorageError("the store is closed; open a new PostgresStore")

    def _translate(self, e: psycopg.Error, conn: Conn | None, what: str) -> StorageError:
        """Return the library error for a psycopg error (the caller chains it)."""
        if isinstance(e, PoolTimeout):
            return BackendUnavailableError(
                f"no free PostgreSQL connection within {self._timeout:g} s ({what}); raise "
                "max_size or lower the number of threads using the store")
        if isinstance(e, PoolClosed):
            return StorageError("the connection pool is closed; open a new PostgresStore")
        if _lost(conn) or (isinstance(e, psycopg.OperationalError) and e.sqlstate is None):
            return BackendUnavailableError(
                f"lost the connection to PostgreSQL during {what}: {str(e).strip()}")
        if isinstance(e, psycopg.errors.InsufficientPrivilege):
            return StorageError(
                f"PostgreSQL refused {what} for lack of privileges: {str(e).strip()}; the "
                f"role needs CREATE on the database, or USAGE and CREATE on a schema "
                f"{self.schema!r} prepared by a DBA, and rights on its tables")
        return StorageError(f"PostgreSQL error during {what} "
                            f"(SQLSTATE {e.sqlstate}): {str(e).strip()}")

    def _run(self, fn: Callable[[Conn], T], *, write: bool, what: str = "a store call") -> T:
        """
        Run *fn* in one transaction and return its result.

        Inside a ``transaction()`` block of this thread: on the block's connection, as a
        savepoint, never retried.  Otherwise on a pooled connection, retried whole after
        a transient error, except a write whose COMMIT was interrupted.
        """
        self._check_open()
        block: Conn | None = getattr(self._local, "conn", None)
        if block is not None:
            try:
                with block.transaction():
                    return fn(block)
            except psycopg.Error as e:
                raise self._translate(e, block, what) from e
        delay = 0.01
        for attempt in range(1, self._attempts + 1):
            conn: Conn | None = None
            committing = False
            try:
                with self._pool.connection() as conn, conn.transaction():
                    result = fn(conn)
                    committing = True
                return result
            except (PoolTimeout, PoolClosed) as e:
                raise self._translate(e, None, what) from e
            except psycopg.Error as e:
                lost = _lost(conn)
                transient = lost or e.sqlstate in _RETRY_SQLSTATES
                if lost and write and committing:
                    raise BackendUnavailableError(
                        f"lost the connection to PostgreSQL while committing {what}; it "
                        "may or may not have been written: re-read before trying again"
                    ) from e
                if not transient or attempt == self._attempts:
                    raise self._translate(e, conn, what) from e
                if lost:
                    self._pool.check()  # replace every other dead idle connection
                time.sleep(delay * (1 + random.random()))  # jitter, not security
                delay = min(delay * 2, 0.5)
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def _block(self) -> Iterator[None]:
        self._check_open()
        outer: Conn | None = getattr(self._local, "conn", None)
        if outer is not None:
            try:
                with outer.transaction():
                    yield
            except psycopg.Error as e:
                raise self._translate(e, outer, "a transaction block") from e
            return
        conn: Conn | None = None
        try:
            with self._pool.connection() as conn:
                self._local.conn = conn
                try:
                    with conn.transaction():
                        yield
                finally:
                    self._local.conn = None
        except psycopg.Error as e:
            raise self._translate(e, conn, "a transaction block") from e

    # -- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        pool = getattr(self, "_pool", None)
        if self._owns_pool and pool is not None:
            pool.close()

    def transaction(self) -> AbstractContextManager[None]:
        return self._block()

    # -- units -------------------------------------------------------------------------

    def add_unit(self, unit: Unit) -> None:
        _check_instance(unit, Unit, "unit")
        data = c.dumps(c.unit_to_record(unit))

        def op(conn: Conn) -> None:
            cur = conn.execute(self._q(
                "INSERT INTO {s}.units (code, data) VALUES (%s, %s) "
                "ON CONFLICT (code) DO NOTHING"), (unit.code, data))
            if cur.rowcount == 0:
                raise DuplicateIdError("unit", unit.code)

        self._run(op, write=True, what="add_unit")

    def update_unit(self, unit: Unit) -> None:
        _check_instance(unit, Unit, "unit")
        data = c.dumps(c.unit_to_record(unit))

        def op(conn: Conn) -> None:
            cur = conn.execute(self._q("UPDATE {s}.units SET data = %s WHERE code = %s"),
                               (data, unit.code))
            if cur.rowcount == 0:
                raise UnitNotFoundError(unit.code)

        self._run(op, write=True, what="update_unit")

    def get_unit(self, code: str) -> Unit:
        code = check_str(code, "code")
        row = self._run(lambda conn: conn.execute(
            self._q("SELECT data FROM {s}.units WHERE code = %s"), (code,)).fetchone(),
            write=False, what="get_unit")
        if row is None:
            raise UnitNotFoundError(code)
        return c.unit_from_record(_loads(row[0]))

    def get_units(self) -> list[Unit]:
        rows = self._run(lambda conn: conn.execute(
            self._q("SELECT data FROM {s}.units ORDER BY code")).fetchall(),
            write=False, what="get_units")
        return [c.unit_from_record(_loads(r[0])) for r in rows]

    def add_succession(self, succession: Succession) -> None:
        _check_instance(succession, Succession, "succession")
        data = c.dumps(c.succession_to_record(succession))
        self._run(lambda conn: conn.execute(
            self._q("INSERT INTO {s}.successions (data) VALUES (%s)"), (data,)),
            write=True, what="add_succession")

    def get_successions(self) -> list[Succession]:
        rows = self._run(lambda conn: conn.execute(
            self._q("SELECT data FROM {s}.successions ORDER BY seq")).fetchall(),
            write=False, what="get_successions")
        return [c.succession_from_record(_loads(r[0])) for r in rows]

    # -- directives ----------------------------------------------------------------------

    def _directive_row(self, d: Directive) -> tuple[Any, ...]:
        return (d.issuer, d.issue_date, c.directive_text_key(d),
                c.dumps(c.directive_to_record(d)), d.id)

    def add_directive(self, directive: Directive) -> None:
        _check_instance(directive, Directive, "directive")
        row = self._directive_row(directive)

        def op(conn: Conn) -> None:
            cur = conn.execute(self._q(
                "INSERT INTO {s}.directives (issuer, issue_date, search_key, data, id) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING"), row)
            if cur.rowcount == 0:
                raise DuplicateIdError("directive", directive.id)

        self._run(op, write=True, what="add_directive")

    def update_directive(self, directive: Directive) -> None:
        _check_instance(directive, Directive, "directive")
        row = self._directive_row(directive)

        def op(conn: Conn) -> None:
            cur = conn.execute(self._q(
                "UPDATE {s}.directives SET issuer = %s, issue_date = %s, search_key = %s, "
                "data = %s WHERE id = %s"), row)
            if cur.rowcount == 0:
                raise DirectiveNotFoundError(directive.id)

        self._run(op, write=True, what="update_directive")

    def get_directive(self, directive_id: str) -> Directive:
        directive_id = check_identifier(directive_id, "directive_id")
        row = self._run(lambda conn: conn.execute(
            self._q("SELECT data FROM {s}.directives WHERE id = %s"),
            (directive_id,)).fetchone(), write=False, what="get_directive")
        if row is None:
            raise DirectiveNotFoundError(directive_id)
        return c.directive_from_record(_loads(row[0]))

    def get_directives(self, *, issuer: str | None = None, issued_from: date | None = None,
                       issued_to: date | None = None, text: str | None = None
                       ) -> list[Directive]:
        issuer, issued_from, issued_to, _key = check_directive_filters(
            issuer, issued_from, issued_to, text)
        conds: list[sql.Composable] = []
        params: list[Any] = []
        if issuer is not None:
            conds.append(sql.SQL("issuer = %s"))
            params.append(issuer)
        if issued_from is not None:
            conds.append(sql.SQL("issue_date >= %s"))
            params.append(issued_from)
        if issued_to is not None:
            conds.append(sql.SQL("issue_date <= %s"))
            params.append(issued_to)
        if text is not None:
            conds.append(sql.SQL("search_key LIKE %s ESCAPE E'\\\\'"))
            params.append(c.like_pattern(text))
        query = sql.SQL("SELECT data FROM {s}.directives{where} ORDER BY id").format(
            s=self._s, where=_where(conds))
        rows = self._run(lambda conn: conn.execute(query, params).fetchall(),
                         write=False, what="get_directives")
        return [c.directive_from_record(_loads(r[0])) for r in rows]

    # -- tasks -----------------------------------------------------------------------------

    def _write_task_index(self, conn: Conn, task: Task, *, replace: bool) -> None:
        if replace:
            conn.execute(self._q("DELETE FROM {s}.task_units WHERE task_id = %s"), (task.id,))
            conn.execute(self._q("DELETE FROM {s}.task_tags WHERE task_id = %s"), (task.id,))
        with conn.cursor() as cur:
            cur.executemany(
                self._q("INSERT INTO {s}.task_units (unit, task_id, is_lead) "
                        "VALUES (%s, %s, %s)"),
                [(u, task.id, u == task.lead_unit) for u in task.units])
            if task.tags:
                cur.executemany(
                    self._q("INSERT INTO {s}.task_tags (tag, task_id) VALUES (%s, %s)"),
                    [(tag, task.id) for tag in task.tags])

    def _insert_events(self, conn: Conn, task_id: str, first_seq: int,
                       events: Sequence[TaskEvent]) -> None:
        if not events:
            return
        with conn.cursor() as cur:
            cur.executemany(
                self._q("INSERT INTO {s}.events (task_id, seq, at, on_date, kind, data) "
                        "VALUES (%s, %s, %s, %s, %s, %s)"),
                [(task_id, first_seq + i, e.at, e.on, e.kind,
                  c.dumps(c.event_to_record(e))) for i, e in enumerate(events)])

    def _require_directive(self, conn: Conn, directive_id: str) -> None:
        if conn.execute(self._q("SELECT 1 FROM {s}.directives WHERE id = %s"),
                        (directive_id,)).fetchone() is None:
            raise DirectiveNotFoundError(directive_id)

    def add_task(self, task: Task, events: Sequence[TaskEvent] = ()) -> Task:
        _check_instance(task, Task, "task")
        evs = check_events(task.id, events)
        stored = _evolve_version(task, 1 + len(evs))
        data = c.dumps(c.task_to_record(stored))

        def op(conn: Conn) -> None:
            self._require_directive(conn, task.directive_id)
            cur = conn.execute(self._q(
                "INSERT INTO {s}.tasks (id, directive_id, lead_unit, parent_id, due_date, "
                "search_key, version, n_events, data) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING"),
                (task.id, task.directive_id, task.lead_unit, task.parent_id, task.due_date,
                 c.task_text_key(task), stored.version, len(evs), data))
            if cur.rowcount == 0:
                raise DuplicateIdError("task", task.id)
            self._write_task_index(conn, task, replace=False)
            self._insert_events(conn, task.id, 1, evs)

        self._run(op, write=True, what="add_task")
        return stored

    def update_task(self, task: Task) -> Task:
        _check_instance(task, Task, "task")
        stored = _evolve_version(task, task.version + 1)
        data = c.dumps(c.task_to_record(stored))

        def op(conn: Conn) -> None:
            cur = conn.execute(self._q(
                "UPDATE {s}.tasks SET directive_id = %s, lead_unit = %s, parent_id = %s, "
                "due_date = %s, search_key = %s, data = %s, version = version + 1 "
                "WHERE id = %s AND version = %s"),
                (task.directive_id, task.lead_unit, task.parent_id, task.due_date,
                 c.task_text_key(task), data, task.id, task.version))
            if cur.rowcount == 0:
                self._version_conflict(conn, task.id, task.version)
            self._require_directive(conn, task.directive_id)
            self._write_task_index(conn, task, replace=True)

        self._run(op, write=True, what="update_task")
        return stored

    def _version_conflict(self, conn: Conn, task_id: str, expected: int) -> NoReturn:
        """Raise the right error after a version-checked UPDATE matched no row."""
        row = conn.execute(self._q("SELECT version FROM {s}.tasks WHERE id = %s"),
                           (task_id,)).fetchone()
        if row is None:
            raise TaskNotFoundError(task_id)
        raise ConcurrentModificationError(task_id, expected, int(row[0]))

    def get_task(self, task_id: str) -> Task:
        task_id = check_task_id(task_id)
        row = self._run(lambda conn: conn.execute(
            self._q("SELECT version, data FROM {s}.tasks WHERE id = %s"),
            (task_id,)).fetchone(), write=False, what="get_task")
        if row is None:
            raise TaskNotFoundError(task_id)
        return _task(row)

    def _task_filter(self, q: TaskQuery) -> tuple[sql.Composable, list[Any]]:
        conds: list[sql.Composable] = []
        params: list[Any] = []
        if q.ids is not None:
            conds.append(sql.SQL("t.id = ANY(%s)"))
            params.append(list(q.ids))
        if q.directive_id is not None:
            conds.append(sql.SQL("t.directive_id = %s"))
            params.append(q.directive_id)
        if q.lead_unit is not None:
            conds.append(sql.SQL("t.lead_unit = %s"))
            params.append(q.lead_unit)
        if q.unit is not None:
            conds.append(self._q("t.id IN (SELECT task_id FROM {s}.task_units WHERE unit = %s)"))
            params.append(q.unit)
        if q.parent_id is not None:
            conds.append(sql.SQL("t.parent_id = %s"))
            params.append(q.parent_id)
        if q.due_from is not None:
            conds.append(sql.SQL("t.due_date >= %s"))
            params.append(q.due_from)
        if q.due_to is not None:
            conds.append(sql.SQL("t.due_date <= %s"))
            params.append(q.due_to)
        if q.text is not None:
            conds.append(sql.SQL("t.search_key LIKE %s ESCAPE E'\\\\'"))
            params.append(c.like_pattern(q.text))
        if q.tag is not None:
            conds.append(self._q("t.id IN (SELECT task_id FROM {s}.task_tags WHERE tag = %s)"))
            params.append(q.tag)
        return _where(conds), params

    def get_tasks(self, query: TaskQuery | None = None) -> list[Task]:
        q = check_query(query)
        if q.limit == 0:
            return []
        where, params = self._task_filter(q)
        limit: sql.Composable = sql.SQL("")
        if q.limit is not None:
            limit = sql.SQL(" LIMIT %s")
            params.append(q.limit)
        stmt = sql.SQL("SELECT t.version, t.data FROM {s}.tasks t{where} ORDER BY t.id"
                       "{limit}").format(s=self._s, where=where, limit=limit)
        rows = self._run(lambda conn: conn.execute(stmt, params).fetchall(),
                         write=False, what="get_tasks")
        return [_task(r) for r in rows]

    def count_tasks(self, query: TaskQuery | None = None) -> int:
        q = check_query(query)
        where, params = self._task_filter(q)
        stmt = sql.SQL("SELECT count(*) FROM {s}.tasks t{where}").format(s=self._s,
                                                                          where=where)
        row = self._run(lambda conn: conn.execute(stmt, params).fetchone(),
                        write=False, what="count_tasks")
        return int(row[0]) if row is not None else 0

    # -- events ----------------------------------------------------------------------------

    def append_events(self, task_id: str, events: Sequence[TaskEvent], *,
                      expected_version: int) -> int:
        task_id = check_task_id(task_id)
        expected_version = check_expected_version(expected_version)
        evs = check_events(task_id, events)

        def op(conn: Conn) -> int:
            row = conn.execute(self._q(
                "UPDATE {s}.tasks SET version = version + 1, n_events = n_events + %s "
                "WHERE id = %s AND version = %s RETURNING n_events"),
                (len(evs), task_id, expected_version)).fetchone()
            if row is None:
                self._version_conflict(conn, task_id, expected_version)
            self._insert_events(conn, task_id, int(row[0]) - len(evs) + 1, evs)
            return expected_version + 1

        return self._run(op, write=True, what="append_events")

    def get_events(self, task_id: str, *, until: date | None = None) -> list[TaskEvent]:
        task_id = check_task_id(task_id)
        until = check_until(until)
        # One round trip: the task row always comes back (with NULL data when it has
        # no event in range), so a missing task is told apart from an empty log.
        stmt = self._q(
            "SELECT e.data FROM {s}.tasks t LEFT JOIN {s}.events e ON e.task_id = t.id "
            "AND (%s::date IS NULL OR e.on_date <= %s::date) WHERE t.id = %s ORDER BY e.seq")
        rows = self._run(lambda conn: conn.execute(stmt, (until, until, task_id)).fetchall(),
                         write=False, what="get_events")
        if not rows:
            raise TaskNotFoundError(task_id)
        return [c.event_from_record(_loads(r[0])) for r in rows if r[0] is not None]

    def get_events_for(self, task_ids: Iterable[str], *, until: date | None = None
                       ) -> dict[str, list[TaskEvent]]:
        ids = check_task_ids(task_ids)
        until = check_until(until)
        out: dict[str, list[TaskEvent]] = {i: [] for i in ids}
        if not ids:
            return out
        stmt = self._q(
            "SELECT task_id, data FROM {s}.events WHERE task_id = ANY(%s) "
            "AND (%s::date IS NULL OR on_date <= %s::date) ORDER BY task_id, seq")
        rows = self._run(lambda conn: conn.execute(stmt, (ids, until, until)).fetchall(),
                         write=False, what="get_events_for")
        for task_id, data in rows:
            out[task_id].append(c.event_from_record(_loads(data)))
        return out

    # -- outbox ----------------------------------------------------------------------------

    def add_outbox_item(self, item: OutboxItem) -> bool:
        c.check_outbox_item(item)
        data = c.dumps(c.outbox_to_record(item))
        cur_count = self._run(lambda conn: conn.execute(self._q(
            "INSERT INTO {s}.outbox (key, created_at, status, data) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (key) DO NOTHING"),
            (item.key, item.created_at, item.status.value, data)).rowcount,
            write=True, what="add_outbox_item")
        return cur_count == 1

    def update_outbox_item(self, item: OutboxItem) -> None:
        c.check_outbox_item(item)
        data = c.dumps(c.outbox_to_record(item))

        def op(conn: Conn) -> None:
            cur = conn.execute(self._q(
                "UPDATE {s}.outbox SET created_at = %s, status = %s, data = %s "
                "WHERE key = %s"), (item.created_at, item.status.value, data, item.key))
            if cur.rowcount == 0:
                raise NotFoundError(item.key)

        self._run(op, write=True, what="update_outbox_item")

    def get_outbox_items(self, *, status: OutboxStatus | None = None) -> list[OutboxItem]:
        if status is not None and not isinstance(status, OutboxStatus):
            raise InvalidTypeError("status", status, "an OutboxStatus or None")
        value = None if status is None else status.value
        stmt = self._q("SELECT data FROM {s}.outbox WHERE (%s::text IS NULL OR status = %s) "
                       "ORDER BY created_at, key")
        rows = self._run(lambda conn: conn.execute(stmt, (value, value)).fetchall(),
                         write=False, what="get_outbox_items")
        return [c.outbox_from_record(_loads(r[0])) for r in rows]


def _where(conds: list[sql.Composable]) -> sql.Composable:
    if not conds:
        return sql.SQL("")
    return sql.SQL(" WHERE ") + sql.SQL(" AND ").join(conds)


def _evolve_version(task: Task, version: int) -> Task:
    return attrs.evolve(task, version=version)


def _task(row: Sequence[Any]) -> Task:
    record = _loads(row[1])
    record["version"] = int(row[0])
    return c.task_from_record(record)
