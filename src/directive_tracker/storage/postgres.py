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
* The store methods, tables and the ``task_spans`` cache are those of
  ``BaseSQLStore`` (``storage/_sql.py``, shared with SQLite); this
  module supplies the PostgreSQL DDL (``COLLATE "C"`` ids so ``ORDER BY`` sorts by code
  point like Python; ``date`` columns), the pooled connections, the retries and the
  error translation.  Table names in the shared SQL are qualified with the schema.
* Optimistic concurrency: ``UPDATE tasks … WHERE id = %s AND version = %s``.  The row
  lock taken by the update serialises concurrent writers; the loser sees the new
  version, matches no row and gets
  :class:`~directive_tracker.exceptions.ConcurrentModificationError`.
* Each method call is one transaction on a pooled connection, retried whole on a
  serialization failure, a deadlock or a lost connection (except a write whose
  ``COMMIT`` was interrupted, whose outcome is unknown).  Inside a
  ``with store.transaction():`` block the thread keeps one connection; each call is a
  savepoint, so a failed call leaves no partial effect and the block can go on.
  Reads outside a block run on autocommit connections (one round trip).
* Bulk ingest (``add_tasks_bulk``) sends rows with ``COPY … FROM STDIN``.
* SQL is built only from literal templates, the validated schema name (quoted as an
  identifier) and ``%s`` parameters.  A concurrent insert of the same id (a unique
  violation) is retried, and the retry reports
  :class:`~directive_tracker.exceptions.DuplicateIdError`.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import logging
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, ClassVar, cast

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

from .._validators import check_int
from ..exceptions import (
    BackendUnavailableError,
    DirectiveTrackerError,
    InvalidTypeError,
    StorageError,
    ValidationError,
)
from ._retry import RetryPolicy
from ._sql import (
    BaseSQLStore,
    Migration,
    backfill_coordinators,
    backfill_event_digests,
    backfill_outbox_attempts,
    backfill_timeline_v7,
    fill_overdue_side,
    rebuild_unreplayable_timelines,
)
from ._timeline import STALE_SQL, STALE_SQL_V7, STALE_SQL_V9, STALE_WHEN

__all__ = ["DEFAULT_SCHEMA", "SCHEMA_VERSION", "PostgresStore"]

#: The PostgreSQL schema that holds the tables unless another is given.
DEFAULT_SCHEMA = "directive_tracker"

Conn = psycopg.Connection[Any]

_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
#: First key of the advisory lock taken while creating or migrating a schema.
_LOCK_NAMESPACE = 0x4454  # "DT"
#: SQLSTATEs after which a whole call can be run again: serialization_failure,
#: deadlock_detected, and unique_violation (a concurrent insert of the same id: the
#: retry's existence check then reports DuplicateIdError).
_RETRY_SQLSTATES = frozenset({"40001", "40P01", "23505"})

#: From this many rows on, inserts use COPY (one round trip, no per-row parsing).
_COPY_MIN_ROWS = 50

#: Logs what the store does on its own (``ANALYZE`` after a large bulk ingest).
logger = logging.getLogger(__name__)

_TABLES = ("units", "successions", "directives", "tasks", "task_units", "task_tags",
           "events", "outbox", "task_spans", "task_timeline", "task_timeline_overdue",
           "task_coordinators", "settings", "schema_version")
#: A table name where the shared SQL names a table (after FROM, JOIN, INTO, UPDATE,
#: TABLE [IF [NOT] EXISTS], REFERENCES or ON), not followed by a column dot.
_TABLE_REF = re.compile(
    r"\b(FROM|JOIN|INTO|UPDATE|REFERENCES|ON|TABLE(?:\s+IF(?:\s+NOT)?\s+EXISTS)?)(\s+)("
    + "|".join(_TABLES) + r")\b(?!\.)")

# Schema version 1: the tables and the indexes of the Store queries (the same as
# SQLite's, plus indexes on the task_id of task_units and task_tags, which PostgreSQL
# does not create for foreign keys).  Ids use the "C" collation: ORDER BY sorts by code
# point, as Python's sorted() does.
_V1 = [
    'CREATE TABLE units (code text COLLATE "C" PRIMARY KEY, data text NOT NULL)',
    "CREATE TABLE successions (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
    "data text NOT NULL)",
    'CREATE TABLE directives (id text COLLATE "C" PRIMARY KEY, issuer text NOT NULL, '
    "issue_date date NOT NULL, text_key text NOT NULL, data text NOT NULL)",
    "CREATE INDEX directives_issuer ON directives (issuer, issue_date)",
    "CREATE INDEX directives_issue_date ON directives (issue_date)",
    'CREATE TABLE tasks (id text COLLATE "C" PRIMARY KEY, '
    'directive_id text COLLATE "C" NOT NULL REFERENCES directives (id), '
    'lead_unit text COLLATE "C" NOT NULL, parent_id text COLLATE "C", due_date date, '
    "text_key text NOT NULL, version integer NOT NULL, data text NOT NULL)",
    "CREATE INDEX tasks_directive ON tasks (directive_id)",
    "CREATE INDEX tasks_lead_unit ON tasks (lead_unit)",
    "CREATE INDEX tasks_parent ON tasks (parent_id)",
    "CREATE INDEX tasks_due_date ON tasks (due_date)",
    'CREATE TABLE task_units (unit text COLLATE "C" NOT NULL, '
    'task_id text COLLATE "C" NOT NULL REFERENCES tasks (id), PRIMARY KEY (unit, task_id))',
    "CREATE INDEX task_units_task ON task_units (task_id)",
    "CREATE TABLE task_tags (tag text NOT NULL, "
    'task_id text COLLATE "C" NOT NULL REFERENCES tasks (id), PRIMARY KEY (tag, task_id))',
    "CREATE INDEX task_tags_task ON task_tags (task_id)",
    "CREATE TABLE events (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
    'task_id text COLLATE "C" NOT NULL REFERENCES tasks (id), on_date date NOT NULL, '
    "kind text NOT NULL, data text NOT NULL)",
    "CREATE INDEX events_task ON events (task_id, seq)",
    'CREATE TABLE outbox (key text COLLATE "C" PRIMARY KEY, '
    'sort_key text COLLATE "C" NOT NULL, status text NOT NULL, data text NOT NULL)',
    "CREATE INDEX outbox_order ON outbox (sort_key, key)",
]

# Schema version 2: the task_spans cache of the as-of queries, back-filled from the log.
_V2 = [
    'CREATE TABLE task_spans (task_id text COLLATE "C" NOT NULL REFERENCES tasks (id), '
    'valid_from date NOT NULL, valid_to date, lead_unit text COLLATE "C" NOT NULL, '
    "due date, completed_on date, cancelled smallint NOT NULL, "
    "PRIMARY KEY (task_id, valid_from))",
    # SQLite's index, covering the overdue query: an index-only scan, no heap visits.
    "CREATE INDEX task_spans_open ON task_spans (lead_unit, due) "
    "INCLUDE (valid_from, valid_to, task_id) WHERE completed_on IS NULL AND cancelled = 0",
]

# Schema version 3: no DDL; the span cache now follows deadline_recomputed events, so
# the spans of tasks that have such events are re-derived.
# Schema version 5: the outbox claim columns (exactly-once delivery), added where missing
# by backfill_outbox_attempts (see claim_columns below).
_V5: list[str] = []
# Schema version 6: the stable v1_* SQL views for readers in other languages (issue 16;
# the contract is documented column by column in docs/guide/sql-views.md).  Plain
# columns come from the stored JSON (cast to jsonb: a no-op since version 9 made the
# columns jsonb); dates are ``date``, instants ``timestamptz``; ``data`` is text on every
# version.  The same names and columns as SQLite's views.
_V1_VIEWS = (
    ("v1_units", "SELECT code, d ->> 'name' AS name, d ->> 'kind' AS kind, "
                 "d ->> 'parent' AS parent, (d ->> 'valid_from')::date AS valid_from, "
                 "(d ->> 'valid_to')::date AS valid_to, data "
                 "FROM (SELECT code, data::text AS data, data::jsonb AS d FROM units) AS u"),
    ("v1_directives", "SELECT id, d ->> 'doc_type' AS doc_type, issuer, issue_date, "
                      "(d ->> 'received_date')::date AS received_date, "
                      "d ->> 'signer' AS signer, d ->> 'summary' AS summary, "
                      "d ->> 'parent_id' AS parent_id, data "
                      "FROM (SELECT id, issuer, issue_date, data::text AS data, data::jsonb AS d "
                      "FROM directives) AS r"),
    ("v1_tasks", "SELECT id, directive_id, d ->> 'parent_id' AS parent_id, "
                 "d ->> 'content' AS content, d ->> 'lead_unit' AS lead_unit, "
                 "(d ->> 'assigned_on')::date AS assigned_on, "
                 "(d ->> 'anchor')::date AS anchor, (d ->> 'due_date')::date AS due_date, "
                 "d ->> 'priority' AS priority, data "
                 "FROM (SELECT id, directive_id, data::text AS data, data::jsonb AS d "
                 "FROM tasks) AS t"),
    ("v1_events", "SELECT task_id, seq, kind, (d ->> 'at')::timestamptz AS at, "
                  "d ->> 'actor' AS actor, data "
                  "FROM (SELECT task_id, seq, kind, data::text AS data, data::jsonb AS d "
                  "FROM events) AS e"),
    ("v1_outbox", "SELECT key, status, (d ->> 'created_at')::timestamptz AS created_at, "
                  "attempts, d ->> 'last_error' AS last_error, "
                  "(d ->> 'sent_at')::timestamptz AS sent_at, claimed_by, "
                  "d ->> 'payload' AS payload, data "
                  "FROM (SELECT key, status, attempts, claimed_by, data::text AS data, "
                  "data::jsonb AS d FROM outbox) AS o"),
)


# Schema version 7: the status timeline replaces the span cache (the second definition
# of status), rebuilt from the event log in the migration's transaction.
_V7 = [
    "DROP TABLE IF EXISTS task_spans",
    "DROP TABLE IF EXISTS task_timeline",
    'CREATE TABLE task_timeline (task_id text COLLATE "C" NOT NULL REFERENCES tasks (id), '
    'directive_id text COLLATE "C" NOT NULL, assigned_on date NOT NULL, '
    "valid_from date NOT NULL, valid_to date, phase text NOT NULL, kind text NOT NULL, "
    'grp text, lead_unit text COLLATE "C" NOT NULL, previous_leads text NOT NULL, '
    "coordinating_units text NOT NULL, original_due date, current_due date, "
    "paused_since date, completed_on date, closed_on date, percent smallint NOT NULL, "
    "on_time_vs_current smallint, on_time_vs_original smallint, late_days integer, "
    "due_rank integer, submitted_on date, "
    "PRIMARY KEY (task_id, valid_from))",
    "CREATE INDEX task_timeline_unit ON task_timeline (lead_unit, valid_from)",
    "CREATE INDEX task_timeline_to ON task_timeline (valid_to, valid_from)",
    # The few tasks whose log does not replay (reports judge them one by one).
    "CREATE INDEX task_timeline_unreplayable ON task_timeline (assigned_on, task_id) "
    "WHERE phase = 'unreplayable'",
]


def create_timelines(store: BaseSQLStore, cur: Any) -> None:
    """
    Migration step 7: the triggers that mark a task's timeline stale when its events or
    terms are changed below the library (``storage._timeline.STALE_SQL``; tables named
    with the schema, whatever the writer's ``search_path``), then every task's timeline
    computed from its event log (:func:`~directive_tracker.storage._sql.backfill_timeline`).
    """
    create_stale_triggers(store, cur, STALE_SQL_V7)
    backfill_timeline_v7(store, cur)


def create_stale_triggers(store: BaseSQLStore, cur: Any,
                          stale: Sequence[str] = STALE_SQL, *,
                          coordinators: bool = False) -> None:
    """(Re)create the triggers of *stale* (default ``storage._timeline.STALE_SQL``; the
    steps before schema 10 pass the schema-7 text) in the store's schema; with
    *coordinators* (schema 13 on) they also delete the task's ``task_coordinators``
    rows, which index only replayable rows."""
    q = cast("PostgresStore", store)._qschema
    t = f"{q}.task_timeline"
    if coordinators:
        stale = (*stale, f"DELETE FROM {q}.task_coordinators WHERE task_id = {{id}}")
    body = "; ".join(s.format(t=t, id="tid") for s in stale)
    cond = STALE_WHEN.format(t=t, id="tid")
    fire = f"IF {cond} THEN {body}; END IF; "
    functions = {
        # events: the task of the new row, and of the old one when it changed or went.
        "events": ("IF TG_OP <> 'DELETE' THEN tid := NEW.task_id; " + fire + "END IF; "
                   "IF TG_OP = 'DELETE' THEN tid := OLD.task_id; " + fire + "END IF; "
                   "IF TG_OP = 'UPDATE' THEN IF OLD.task_id <> NEW.task_id THEN "
                   "tid := OLD.task_id; " + fire + "END IF; END IF; "),
        "tasks": "tid := NEW.id; " + fire,
    }
    for name, when in (("events", "AFTER INSERT OR UPDATE OR DELETE ON events"),
                       ("tasks", "AFTER UPDATE OF directive_id, lead_unit, due_date, data "
                                 "ON tasks")):
        store._exec(cur, f"CREATE OR REPLACE FUNCTION {q}.timeline_stale_{name}() "
                         "RETURNS trigger LANGUAGE plpgsql AS $f$ DECLARE tid text; BEGIN "
                         f"{functions[name]}RETURN NULL; END $f$")
        store._exec(cur, f"DROP TRIGGER IF EXISTS timeline_stale_{name} ON {q}.{name}")
        store._exec(cur, f"CREATE TRIGGER timeline_stale_{name} {when} FOR EACH ROW "
                         f"EXECUTE FUNCTION {q}.timeline_stale_{name}()")


def create_v1_views(store: BaseSQLStore, cur: Any) -> None:
    """Migration step 6: create (or replace) the ``v1_*`` views in the store's schema."""
    qschema = cast("PostgresStore", store)._qschema
    for name, select in _V1_VIEWS:
        store._exec(cur, f"CREATE OR REPLACE VIEW {qschema}.{name} AS {select}")


# Schema version 9: the JSON payload columns become ``jsonb`` (issue 12, item 6): stored
# parsed (no re-parse by a reader filtering on a key, e.g. the v1_* views), read back by
# psycopg as Python objects.  The v1_* views depend on those columns, so they are dropped
# and created again around the change; their ``data`` column stays ``text`` (the
# contract of docs/guide/sql-views.md), now the normalised text of the jsonb value
# (keys ordered by length then bytes, ", " and ": " separators).
_JSONB_TABLES = ("units", "successions", "directives", "tasks", "events", "outbox",
                 "settings")


def jsonb_payloads(store: BaseSQLStore, cur: Any) -> None:
    """
    Migration step 9: ``data`` columns to ``jsonb``, the ``v1_*`` views re-created over
    them with ``data`` as text.  Every stored payload is valid JSON (written by the
    library), so the cast cannot fail on an undamaged database; a damaged row makes the
    migration fail and roll back whole, leaving the previous schema.
    """
    q = cast("PostgresStore", store)._qschema
    for name, _ in _V1_VIEWS:
        store._exec(cur, f"DROP VIEW IF EXISTS {q}.{name}")
    # The stale-timeline trigger on tasks names the data column: re-created after.
    store._exec(cur, f"DROP TRIGGER IF EXISTS timeline_stale_tasks ON {q}.tasks")
    for table in _JSONB_TABLES:
        store._exec(cur, f"ALTER TABLE {q}.{table} ALTER COLUMN data TYPE jsonb "
                         "USING data::jsonb")
    create_stale_triggers(store, cur, STALE_SQL_V7)
    create_v1_views(store, cur)


# Schema version 10: rows per occurrence of a periodic duty (issue 13 item 6).
_V10 = [
    # (IF NOT EXISTS: the step may run again on a schema set back by hand.)
    "ALTER TABLE task_timeline ADD COLUMN IF NOT EXISTS occurrence text COLLATE \"C\" "
    "NOT NULL DEFAULT '', ADD COLUMN IF NOT EXISTS occurrence_title text NOT NULL "
    "DEFAULT '', ADD COLUMN IF NOT EXISTS occurrence_start date",
    "ALTER TABLE task_timeline DROP CONSTRAINT IF EXISTS task_timeline_pkey",
    "ALTER TABLE task_timeline ADD PRIMARY KEY (task_id, occurrence, valid_from)",
]


def occurrence_timelines(store: BaseSQLStore, cur: Any) -> None:
    """
    Migration step 10: the stale-timeline triggers for the new columns, then the rows
    of every task that had an unreplayable row (every periodic duty) rebuilt from its
    log, per occurrence, in the migration's transaction
    (:func:`~directive_tracker.storage._sql.rebuild_unreplayable_timelines`).
    """
    create_stale_triggers(store, cur, STALE_SQL_V9)
    rebuild_unreplayable_timelines(store, cur)


# Schema version 11: a unit's rows of one report group are one index range (issue 12,
# the overdue list at 1,000,000 tasks): task_timeline_unit (lead_unit, valid_from) made
# a unit's overdue list fetch every row of the unit from the heap to test its group;
# task_timeline_lead (lead_unit, grp, valid_to, valid_from) leaves only the unit's rows
# of the group, with valid_from in the index condition and valid_to tested on the index
# tuple (a unit's rows without a group filter are still one range of it).
_V11 = [
    "CREATE INDEX IF NOT EXISTS task_timeline_lead ON task_timeline "
    "(lead_unit, grp, valid_to, valid_from)",
]


def drop_unit_index(store: BaseSQLStore, cur: Any) -> None:
    """Migration step 11: drop the index that ``task_timeline_lead`` replaces (named with
    the store's schema: an index name is not qualified by the shared SQL)."""
    q = cast("PostgresStore", store)._qschema
    store._exec(cur, f"DROP INDEX IF EXISTS {q}.task_timeline_unit")


# Schema version 12: the side table of the timeline rows in the overdue group, with what
# an overdue list prints, its primary key led by the lead unit (issue 12, a unit's
# overdue list at 1,000,000 tasks in 20 ms): through task_timeline_lead each of a unit's
# rows was a heap fetch in the timeline and a look-up in tasks for its content.
_V12 = [
    "CREATE TABLE IF NOT EXISTS task_timeline_overdue (lead_unit text COLLATE \"C\" "
    "NOT NULL, task_id text COLLATE \"C\" NOT NULL, occurrence text COLLATE \"C\" "
    "NOT NULL, valid_from date NOT NULL, valid_to date, directive_id text NOT NULL, "
    "content text NOT NULL, kind text NOT NULL, previous_leads text NOT NULL, "
    "original_due date, current_due date, percent integer NOT NULL, late_days integer, "
    "due_rank integer, occurrence_title text NOT NULL, "
    "PRIMARY KEY (lead_unit, task_id, occurrence, valid_from))",
]


def overdue_side_table(store: BaseSQLStore, cur: Any) -> None:
    """Migration step 12: the index of a task's side rows (named with the store's
    schema), the stale-timeline triggers that delete them, then the rows from the stored
    timeline (:func:`~directive_tracker.storage._sql.fill_overdue_side`)."""
    q = cast("PostgresStore", store)._qschema
    store._exec(cur, "CREATE INDEX IF NOT EXISTS task_timeline_overdue_task ON "
                     f"{q}.task_timeline_overdue (task_id)")
    create_stale_triggers(store, cur, STALE_SQL)
    fill_overdue_side(store, cur)


# Schema version 13: the coordinating units indexed by unit (issue 12, the scoreboard at
# 1,000,000 tasks): ``task_coordinators``, one row per run of a task's timeline rows in
# which a unit coordinates (storage._timeline.coordinator_rows), written with the
# timeline rows.  "Which units coordinate a counted task on D" becomes a few index probes
# per unit (storage._timeline.COORDINATING_SQL) instead of a second read of every row
# containing D (SELECT DISTINCT coordinating_units).  No foreign key: the rows go with
# the task's timeline rows, by the library or by the stale-timeline triggers.  And the
# number of groups of the tally (lead unit, previous leads, kind, group, on time) as
# extended statistics: the planner estimated 318,000 groups for 25,000 at 1,000,000 tasks
# and kept the aggregation in one process; with the estimate it runs in parallel workers.
_V13 = [
    'CREATE TABLE IF NOT EXISTS task_coordinators (unit text COLLATE "C" NOT NULL, '
    'task_id text COLLATE "C" NOT NULL, occurrence text COLLATE "C" NOT NULL, '
    "valid_from date NOT NULL, valid_to date, assigned_on date NOT NULL, ended_on date)",
]


def coordinator_index(store: BaseSQLStore, cur: Any) -> None:
    """
    Migration step 13: ``task_coordinators`` filled from the stored timeline rows
    (:func:`~directive_tracker.storage._sql.backfill_coordinators`), then its indexes
    (built once, after the rows), then the stale-timeline triggers that also delete a
    task's rows there, and the statistics of the tally's groups (gathered at once if
    there are rows: they are otherwise gathered when autovacuum next analyses the
    table), all in the migration's transaction.
    """
    q = cast("PostgresStore", store)._qschema
    backfill_coordinators(store, cur)
    store._exec(cur, "CREATE INDEX IF NOT EXISTS task_coordinators_task ON "
                     "task_coordinators (task_id)")
    store._exec(cur, "CREATE INDEX IF NOT EXISTS task_coordinators_unit ON "
                     "task_coordinators (unit, valid_to, valid_from) "
                     "INCLUDE (assigned_on, ended_on)")
    create_stale_triggers(store, cur, coordinators=True)
    store._exec(cur, f"CREATE STATISTICS IF NOT EXISTS {q}.task_timeline_groups (ndistinct) "
                     "ON lead_unit, previous_leads, kind, grp, on_time_vs_current, "
                     f"on_time_vs_original FROM {q}.task_timeline")
    # Only over rows: statistics of an empty table (a new store) would have the planner
    # scan it whole in the stale-timeline trigger's look-up, run per event row, until
    # autovacuum analyses it again (a bulk ingest of 300,000 tasks: 11 s -> 80 s of
    # event inserts).
    if store._exec(cur, "SELECT EXISTS (SELECT 1 FROM task_timeline)").fetchone()[0]:
        store._exec(cur, f"ANALYZE {q}.task_timeline")


# Versions 2-3 built and repaired the span cache that version 7 replaces, so their
# back-fills are no longer run (version 7 rebuilds from the event log).
_MIGRATIONS: list[Migration] = [(_V1, None), (_V2, None), ([], None),
                                # Schema version 4: the settings table (the province
                                # policy, issue 15); self-contained, renumber freely.
                                (['CREATE TABLE IF NOT EXISTS settings (key text '
                                  'COLLATE "C" PRIMARY KEY, data text NOT NULL)'], None),
                                # Schema version 5: the outbox claim columns (issue 17).
                                (_V5, backfill_outbox_attempts),
                                # Schema version 6: the v1_* SQL views (issue 16).
                                ([], create_v1_views),
                                # Schema version 7: the status timelines (issue 12).
                                (_V7, create_timelines),
                                # Schema version 8: every event's hash-chain digest,
                                # back-filled for stored events (issue 17 item 4).
                                (["ALTER TABLE events ADD COLUMN IF NOT EXISTS digest text"],
                                 backfill_event_digests),
                                # Schema version 9: jsonb payloads (issue 12, item 6).
                                ([], jsonb_payloads),
                                # Schema version 10: rows per occurrence of the periodic
                                # duties (issue 13, item 6).
                                (_V10, occurrence_timelines),
                                # Schema version 11: the index of a unit's rows by
                                # report group (issue 12).
                                (_V11, drop_unit_index),
                                # Schema version 12: the overdue rows by unit, a side
                                # table of the timeline (issue 12).
                                (_V12, overdue_side_table),
                                # Schema version 13: the coordinating units indexed by
                                # unit (issue 12).
                                (_V13, coordinator_index)]

#: Layout version this module writes; older layouts are migrated, newer refused.
SCHEMA_VERSION = len(_MIGRATIONS)


def _check_schema_name(schema: object) -> str:
    if not isinstance(schema, str):
        raise InvalidTypeError("schema", schema, "a str")
    if not _SCHEMA_NAME.fullmatch(schema) or schema.startswith("pg_"):
        raise ValidationError(
            f"schema must be a lower-case PostgreSQL identifier of 1 to 63 characters "
            f"(a-z, 0-9, _; not starting with a digit or 'pg_'), got {schema!r}",
            param_name="schema", value=schema)
    return schema


def _lost(conn: Conn | None) -> bool:
    return conn is not None and (conn.closed or conn.broken)


class PostgresStore(BaseSQLStore):
    """
    Keep everything in a PostgreSQL database (psycopg 3, pooled connections).

    Safe for many threads (each call borrows a pooled connection; a
    ``transaction()`` block keeps one connection for its thread, so blocks of different
    threads are independent) and for many processes and machines (row-version checks
    and row locks in the database).

    Args:
        dsn: a libpq connection string or URI
            (``"postgresql://user@host:5432/dbname"``); None uses the ``PG*``
            environment variables.  Give *dsn* or *pool*, not both.
        pool: a ``psycopg_pool.ConnectionPool`` you manage (open; autocommit
            connections save a round trip per read); the store uses it and does not
            close it.
        schema: the PostgreSQL schema that holds the tables (created when missing, if
            the role may).  A lower-case identifier.
        reset: drop *schema* with everything in it and recreate it empty.  For tests.
        min_size: connections the store's own pool keeps open (≥ 0).
        max_size: most connections the store's own pool opens (≥ max(1, min_size)).
        timeout: seconds to wait for the first connection and for a free pooled
            connection before :class:`BackendUnavailableError`.
        attempts: how many times a call is tried in all when it hits a transient error
            (serialization failure, deadlock, lost connection); ≥ 1.
        progress: called ``(done, total)`` (tasks) while opening migrates an older schema
            to version 7 and computes every task's status timeline from its events; also
            used by :meth:`rebuild_timelines`.

    Raises:
        BackendUnavailableError: the server cannot be reached.
        SchemaVersionError: the schema was written by a newer library version.
        StorageError: any other database failure (e.g. missing privileges: the role
            needs CREATE on the database, or a schema prepared for it by a DBA).
        ValidationError: bad arguments.
        InvalidTypeError: an argument of the wrong type.

    Example::

        with PostgresStore("postgresql://tracker@db.example.vn/chidao") as store:
            store.get_units()

    .. versionadded:: 0.1.0
    """

    placeholder: ClassVar[str] = "%s"
    migrations: ClassVar[list[Migration]] = _MIGRATIONS
    claim_lock_clause: ClassVar[str] = " FOR UPDATE SKIP LOCKED"
    claim_columns: ClassVar[tuple[tuple[str, str], ...]] = (
        ("claimed_by", 'text COLLATE "C"'), ("lease_until", 'text COLLATE "C"'),
        ("attempts", "integer NOT NULL DEFAULT 0"))

    def _columns(self, cur: Any, table: str) -> set[str]:
        rows = cur.execute("SELECT column_name FROM information_schema.columns WHERE "
                           "table_schema = %s AND table_name = %s",
                           (self.schema, table)).fetchall()
        return {str(r[0]) for r in rows}
    backend_name: ClassVar[str] = "PostgreSQL"

    def __init__(self, dsn: str | None = None, *, pool: ConnectionPool[Any] | None = None,
                 schema: str = DEFAULT_SCHEMA, reset: bool = False, min_size: int = 1,
                 max_size: int = 10, timeout: float = 30.0, attempts: int = 5,
                 progress: Callable[[int, int], None] | None = None) -> None:
        if dsn is not None and not isinstance(dsn, str):
            raise InvalidTypeError("dsn", dsn, "a str or None")
        if pool is not None and not isinstance(pool, ConnectionPool):
            raise InvalidTypeError("pool", pool, "a psycopg_pool.ConnectionPool or None")
        if dsn is not None and pool is not None:
            raise ValidationError("give either dsn or pool, not both")
        if not isinstance(reset, bool):
            raise InvalidTypeError("reset", reset, "a bool")
        schema = _check_schema_name(schema)
        min_size = check_int(min_size, "min_size", minimum=0)
        max_size = check_int(max_size, "max_size", minimum=max(1, min_size))
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
            raise ValidationError(f"timeout must be a positive number of seconds, got "
                                  f"{timeout!r}", param_name="timeout", value=timeout)
        attempts = check_int(attempts, "attempts", minimum=1)
        super().__init__(retry_seconds=float(timeout))
        # Transient errors (serialization failure, deadlock, lost connection) are retried
        # up to *attempts* times in all, with jittered backoff from 10 ms to 0.5 s.
        self._retry_policy = RetryPolicy(max_attempts=attempts, initial_delay=0.01,
                                         max_delay=0.5, jitter=True)
        #: The PostgreSQL schema holding the tables.
        self.schema = schema
        self._qschema = '"' + schema + '"'  # safe: validated [a-z_][a-z0-9_]*
        self._attempts = attempts
        self._timeout = float(timeout)
        self._local = threading.local()
        self._owns_pool = pool is None
        self._pool: ConnectionPool[Any] | None = None
        if pool is None:
            conninfo = dsn or ""
            self._connect_once(conninfo)  # fail fast, with the server's reason
            pool = ConnectionPool(conninfo, min_size=min_size, max_size=max_size,
                                  open=False, timeout=self._timeout,
                                  name=f"directive_tracker:{schema}",
                                  kwargs={"autocommit": True})
            try:
                pool.open(wait=True, timeout=self._timeout)
            except PoolTimeout as e:
                pool.close()
                self._closed = True
                raise BackendUnavailableError(
                    f"could not open {min_size} PostgreSQL connection(s) within "
                    f"{self._timeout:g} s: {e}") from e
        self._pool = pool
        try:
            self._progress = progress
            self._migrate(reset=reset)
        except BaseException:
            self.close()
            raise

    # -- hooks of BaseSQLStore -----------------------------------------------------------

    def _sql(self, sql: str) -> str:
        """Return *sql* with ``?`` as ``%s`` and every table qualified with the schema."""
        out = self._sql_cache.get(sql)
        if out is None:
            text = sql.replace("%", "%%").replace("?", "%s")
            out = _TABLE_REF.sub(lambda m: f"{m[1]}{m[2]}{self._qschema}.{m[3]}", text)
            self._sql_cache[sql] = out
        return out

    def _d(self, d: Any) -> Any:
        return d  # psycopg passes dates as dates

    #: An :meth:`add_tasks_bulk` call of at least this many tasks, outside
    #: :meth:`transaction`, is followed by ``ANALYZE`` of the tables it wrote, so the
    #: planner knows the new rows at once.  One large transaction becomes visible all at
    #: its commit, and autovacuum analyses it a minute or two later: in between the
    #: report queries are planned on the old statistics (1,000,000 tasks loaded in one
    #: call: the scoreboard 2.06 s right after, 0.64 s once analysed; at 300,000 tasks
    #: 0.28–0.38 s against 0.20 s, for 1.5 s of ``ANALYZE``).
    BULK_ANALYZE_TASKS: ClassVar[int] = 50_000

    #: The tables an :meth:`add_tasks_bulk` writes (``ANALYZE`` after a large one).
    _BULK_TABLES: ClassVar[tuple[str, ...]] = (
        "tasks", "task_units", "task_tags", "events", "task_timeline",
        "task_timeline_overdue", "task_coordinators")

    def _after_bulk_ingest(self, tasks: int) -> None:
        if tasks < self.BULK_ANALYZE_TASKS:
            return
        q = self._qschema
        started = time.perf_counter()
        self._write(lambda cur: [self._exec(cur, f"ANALYZE {q}.{t}")
                                 for t in self._BULK_TABLES],
                    "analyse the tables after a bulk ingest")
        logger.info("bulk ingest into %s: %d tasks: tables analysed in %.3f s",
                    self.backend_name, tasks, time.perf_counter() - started)

    # One statement per as-of aggregation (see BaseSQLStore._split_as_of).
    _split_as_of: ClassVar[bool] = False
    # The coordinating units from task_coordinators (see BaseSQLStore._coordinator_index).
    _coordinator_index: ClassVar[bool] = True

    _BRIEF_COLUMNS: ClassVar[str] = (
        "id, directive_id, data::jsonb ->> 'content', data::jsonb ->> 'assigned_on', "
        "due_date, data::jsonb ->> 'tags'")
    _CONTENT_SQL: ClassVar[str] = "t.data::jsonb ->> 'content'"
    _UNIT_DATA_SQL: ClassVar[str] = "data::text"
    _ROW_BRIEF_COLUMNS: ClassVar[str] = (
        "t.directive_id, t.data::jsonb ->> 'content', t.data::jsonb ->> 'assigned_on', "
        "t.data::jsonb ->> 'tags'")

    @contextmanager
    def _range_lookups(self, cur: Any) -> Iterator[None]:
        # The planner cannot estimate the VALUES ranges (26,000 rows each at 150,000
        # items): the cost passed jit_above_cost and each statement spent 110 ms of its
        # 115 ms compiling (the whole outbox look-up of a day at 100,000 tasks: 25 s).
        # JIT off for these statements only, then the session's setting back.
        before = self._exec(cur, "SELECT current_setting('jit', true)").fetchone()[0]
        if before is None:  # a server without JIT (before PostgreSQL 11)
            yield
            return
        self._exec(cur, "SELECT set_config('jit', 'off', false)")
        try:
            yield
        finally:
            self._exec(cur, "SELECT set_config('jit', ?, false)", (before,))

    def _payload_values_sql(self, names: tuple[str, ...]) -> str:
        return "jsonb_build_array(" + ", ".join(
            f"o.data::jsonb #> '{{payload,{n}}}'" for n in names) + ")"

    def _driver_errors(self) -> tuple[type[BaseException], ...]:
        return (psycopg.Error,)

    def _is_retryable(self, error: BaseException) -> bool:
        return isinstance(error, psycopg.Error) and error.sqlstate in _RETRY_SQLSTATES

    def _is_integrity_error(self, error: BaseException) -> bool:
        return isinstance(error, psycopg.IntegrityError)

    def _insert_many(self, cur: Any, table: str, columns: Sequence[str],
                     rows: Sequence[Sequence[Any]]) -> None:
        """Insert with ``COPY … FROM STDIN`` when there are many rows (bulk ingest)."""
        if len(rows) < _COPY_MIN_ROWS:
            super()._insert_many(cur, table, columns, rows)
            return
        stmt = sql.SQL("COPY {}.{} ({}) FROM STDIN").format(
            sql.Identifier(self.schema), sql.Identifier(table),
            sql.SQL(", ").join(sql.Identifier(col) for col in columns))
        with cur.copy(stmt) as copy:
            for row in rows:
                copy.write_row(row)

    def _check_open(self) -> None:
        if self._closed or self._pool is None:
            raise StorageError("the PostgreSQL store is closed; open a new PostgresStore")

    # -- connections, transactions, retries ------------------------------------------------

    def _connect_once(self, conninfo: str) -> None:
        try:
            conn = psycopg.connect(conninfo, connect_timeout=max(1, int(self._timeout)))
        except psycopg.Error as e:
            self._closed = True
            raise BackendUnavailableError(
                f"cannot connect to PostgreSQL: {str(e).strip()}; check the dsn (or the PG* "
                "environment variables) and that the server is running") from e
        conn.close()

    def _pg_error(self, e: psycopg.Error, conn: Conn | None, what: str
                  ) -> DirectiveTrackerError:
        """Return the library error for a psycopg error (the caller chains it)."""
        if isinstance(e, PoolTimeout):
            return BackendUnavailableError(
                f"no free PostgreSQL connection within {self._timeout:g} s while trying to "
                f"{what}; raise max_size or use fewer threads")
        if isinstance(e, PoolClosed):
            return StorageError("the connection pool is closed; open a new PostgresStore")
        if _lost(conn) or (isinstance(e, psycopg.OperationalError) and e.sqlstate is None):
            return BackendUnavailableError(
                f"lost the connection to PostgreSQL while trying to {what}: "
                f"{str(e).strip()}")
        if isinstance(e, psycopg.errors.InsufficientPrivilege):
            return StorageError(
                f"PostgreSQL refused to {what} for lack of privileges: {str(e).strip()}; "
                f"the role needs CREATE on the database, or USAGE and CREATE on a schema "
                f"{self.schema!r} prepared by a DBA, and rights on its tables")
        return StorageError(f"PostgreSQL error (SQLSTATE {e.sqlstate}) while trying to "
                            f"{what}: {str(e).strip()}")

    def _read(self, fn: Callable[[Any], Any], what: str) -> Any:
        return self._run(fn, write=False, what=what)

    def _write(self, fn: Callable[[Any], Any], what: str) -> Any:
        return self._run(fn, write=True, what=what)

    def _run(self, fn: Callable[[Any], Any], *, write: bool, what: str) -> Any:
        """
        Run ``fn(cursor)`` in one transaction and return its result.

        Inside a ``transaction()`` block of this thread: on the block's connection (a
        write as a savepoint, so a failed write leaves no partial effect), never
        retried.  Otherwise on a pooled connection, retried whole after a transient
        error, except a write whose COMMIT was interrupted (its outcome is unknown).
        """
        self._check_open()
        assert self._pool is not None
        block: Conn | None = getattr(self._local, "conn", None)
        if block is not None:
            try:
                if write:
                    with block.transaction(), block.cursor() as cur:
                        return fn(cur)
                with block.cursor() as cur:
                    return fn(cur)
            except psycopg.Error as e:
                raise self._pg_error(e, block, what) from e
        conn: Conn | None = None
        for attempt in self._retry_policy.attempts(what, self._retryable):
            with attempt:
                conn = None
                committing = False
                try:
                    with self._pool.connection() as conn:
                        if not write and conn.autocommit:
                            # One round trip: each statement is its own transaction,
                            # which is what READ COMMITTED gives statements anyway.
                            with conn.cursor() as cur:
                                return fn(cur)
                        with conn.transaction(), conn.cursor() as cur:
                            result = fn(cur)
                            committing = True
                        return result
                except (PoolTimeout, PoolClosed) as e:
                    raise self._pg_error(e, None, what) from e
                except psycopg.Error as e:
                    lost = _lost(conn)
                    if lost and write and committing:
                        raise BackendUnavailableError(
                            f"lost the connection to PostgreSQL while committing (trying "
                            f"to {what}); it may or may not have been written: re-read "
                            "before trying again") from e
                    if not (lost or self._is_retryable(e)) or attempt.number >= self._attempts:
                        raise self._pg_error(e, conn, what) from e
                    if lost:
                        self._pool.check()  # replace the other dead idle connections too
                    raise  # transient: the retry policy logs it, waits and tries again
        raise AssertionError("unreachable")  # pragma: no cover

    def _retryable(self, error: BaseException) -> bool:
        # Inside _run every psycopg error that is not transient has already been turned
        # into a library error, so whatever psycopg error reaches the policy is retried.
        return isinstance(error, psycopg.Error)

    def transaction(self) -> AbstractContextManager[None]:
        return self._block()

    def _in_block(self) -> bool:
        return getattr(self._local, "conn", None) is not None

    @contextmanager
    def _block(self) -> Iterator[None]:
        self._check_open()
        assert self._pool is not None
        outer: Conn | None = getattr(self._local, "conn", None)
        if outer is not None:
            try:
                with outer.transaction():
                    yield
            except psycopg.Error as e:
                raise self._pg_error(e, outer, "run a transaction block") from e
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
            raise self._pg_error(e, conn, "run a transaction block") from e

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._owns_pool and self._pool is not None:
            self._pool.close()

    # -- schema ------------------------------------------------------------------------------

    def _prepare_schema(self, cur: Any, *, reset: bool) -> None:
        """
        Take the advisory lock of the schema (concurrent openers migrate once), drop it
        on *reset*, and create it when missing.
        """
        key = zlib.crc32(self.schema.encode()) - 2**31  # int4 range
        ident = sql.Identifier(self.schema)
        cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", (_LOCK_NAMESPACE, key))
        if reset:
            cur.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(ident))
        # CREATE SCHEMA checks the CREATE privilege even with IF NOT EXISTS, so a
        # schema prepared by a DBA is created only when it is really missing.
        if cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s",
                       (self.schema,)).fetchone() is None:
            cur.execute(sql.SQL("CREATE SCHEMA {}").format(ident))

    def _has_version_table(self, cur: Any) -> bool:
        return cur.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = %s "
            "AND table_name = 'schema_version'", (self.schema,)).fetchone() is not None
