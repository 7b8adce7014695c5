# SPDX-License-Identifier: MIT
"""
PostgreSQL-only behaviour of ``PostgresStore``, against a real server.

The contract every store obeys is in ``test_contract.py``; here: construction and
arguments, the schema (version table, migrations, refusal of newer layouts, privileges,
isolation by schema), pooling under threads, retries after real transient errors
(a backend killed with ``pg_terminate_backend``, server-raised serialization failures
and deadlocks), the ImportError without the extra, and ≥ 8 processes writing the same
tasks at once.

Needs ``DIRECTIVE_TRACKER_PG_DSN`` (``scripts/pg-test-server.sh`` starts a throwaway
server); skipped without it, except under ``CI`` where that is a failure.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import attrs
import pytest

from directive_tracker.events import DeadlineRecomputed, ProgressReported, TaskAssigned
from directive_tracker.exceptions import (
    BackendUnavailableError,
    DuplicateIdError,
    InvalidTypeError,
    SchemaVersionError,
    StorageError,
    ValidationError,
)
from directive_tracker.storage import TaskQuery
from pgserver import pg_dsn

try:
    import psycopg
    import psycopg_pool
    from psycopg.conninfo import make_conninfo
except ImportError:  # pragma: no cover - the test extra installs them
    if os.environ.get("CI"):
        raise  # in CI the PostgreSQL tests must run
    pytest.skip("psycopg is not installed (extra 'postgres')", allow_module_level=True)

from directive_tracker.storage.postgres import (
    DEFAULT_SCHEMA,
    SCHEMA_VERSION,
    PostgresStore,
)

#: The deprecated storage-level queries keep their old answers (checked here); their
#: deprecation warning is tested in test_timeline.py.
pytestmark = [pytest.mark.external_service, pytest.mark.filterwarnings(
    r"ignore:Store\.(overdue_task_ids|unit_tallies) is deprecated")]

@pytest.fixture
def dsn() -> str:
    """The test server's DSN (skip locally without one; fail under CI)."""
    return pg_dsn()


@pytest.fixture
def admin(dsn: str) -> Iterator[Any]:
    """A raw autocommit psycopg connection for inspecting and provoking the server."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        yield conn


@pytest.fixture
def schema(request: pytest.FixtureRequest, admin: Any) -> Iterator[str]:
    """A schema name private to this test, dropped afterwards."""
    # Unique per test and per process: concurrent runs on one server do not collide.
    name = f"dt_test_{os.getpid()}_" + "".join(ch if ch.isalnum() else "_" for ch in
                                              request.node.name.lower())[:36]
    admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    yield name
    admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def with_params(dsn: str, **params: Any) -> str:
    """Return *dsn* with libpq parameters added or replaced."""
    return make_conninfo(dsn, **params)


def free_port() -> int:
    """Return a loopback TCP port nobody listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def backend_pids(admin: Any, application_name: str) -> list[int]:
    """Return the server process ids of the connections with *application_name*."""
    rows = admin.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s",
                         (application_name,)).fetchall()
    return [int(r[0]) for r in rows]


def terminate(admin: Any, application_name: str) -> int:
    """Kill every server process serving *application_name*; return how many."""
    pids = backend_pids(admin, application_name)
    for pid in pids:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    deadline = time.monotonic() + 5
    while backend_pids(admin, application_name) and time.monotonic() < deadline:
        time.sleep(0.02)
    return len(pids)


# -- construction ------------------------------------------------------------------------

class TestConstruction:
    """Arguments are validated before anything touches the server."""

    @pytest.mark.parametrize("bad", ["", "Upper", "1abc", "pg_catalog", "a-b", "x" * 64,
                                     'a"; DROP SCHEMA public; --'])
    def test_bad_schema_name(self, dsn: str, bad: str) -> None:
        """A schema that is not a plain lower-case identifier is refused."""
        with pytest.raises(ValidationError) as info:
            PostgresStore(dsn, schema=bad)
        assert "lower-case PostgreSQL identifier" in str(info.value)

    def test_schema_wrong_type(self, dsn: str) -> None:
        """A schema that is not a str raises InvalidTypeError."""
        with pytest.raises(InvalidTypeError):
            PostgresStore(dsn, schema=b"x")  # type: ignore[arg-type]

    def test_dsn_wrong_type(self) -> None:
        """A dsn that is not a str raises InvalidTypeError."""
        with pytest.raises(InvalidTypeError):
            PostgresStore(5432)  # type: ignore[arg-type]

    def test_pool_wrong_type(self) -> None:
        """A pool that is not a psycopg_pool.ConnectionPool raises InvalidTypeError."""
        with pytest.raises(InvalidTypeError):
            PostgresStore(pool=object())  # type: ignore[arg-type]

    def test_dsn_and_pool(self, dsn: str) -> None:
        """Giving both a dsn and a pool is refused."""
        pool = psycopg_pool.ConnectionPool(dsn, open=False)
        try:
            with pytest.raises(ValidationError):
                PostgresStore(dsn, pool=pool)
        finally:
            pool.close()

    @pytest.mark.parametrize(("kwargs", "error"), [
        ({"min_size": -1}, ValidationError),
        ({"min_size": 3, "max_size": 2}, ValidationError),
        ({"max_size": 0}, ValidationError),
        ({"timeout": 0}, ValidationError),
        ({"timeout": True}, ValidationError),
        ({"attempts": 0}, ValidationError),
        ({"reset": 1}, InvalidTypeError),
        ({"max_size": "10"}, InvalidTypeError),
    ])
    def test_bad_sizes(self, dsn: str, kwargs: dict[str, Any], error: type[Exception]
                       ) -> None:
        """Pool sizes, timeout, attempts and reset are checked."""
        with pytest.raises(error):
            PostgresStore(dsn, **kwargs)

    def test_unreachable_server(self) -> None:
        """A server that does not answer gives BackendUnavailableError at once."""
        dsn = f"postgresql://postgres@127.0.0.1:{free_port()}/nothing"
        t0 = time.monotonic()
        with pytest.raises(BackendUnavailableError) as info:
            PostgresStore(dsn, timeout=5)
        assert (True, True) == (time.monotonic() - t0 < 5,
                                isinstance(info.value.__cause__, psycopg.OperationalError))

    def test_closed_store_refuses(self, dsn: str, schema: str) -> None:
        """Every call on a closed store raises StorageError; close twice is harmless."""
        store = PostgresStore(dsn, schema=schema)
        store.close()
        store.close()
        with pytest.raises(StorageError):
            store.get_units()
        with pytest.raises(StorageError), store.transaction():
            pass  # pragma: no cover

    @pytest.mark.parametrize("kwargs", [{}, {"autocommit": True, "prepare_threshold": None}])
    def test_caller_pool_is_used_and_left_open(self, dsn: str, schema: str, build: Any,
                                               kwargs: dict[str, Any]) -> None:
        """With pool= (autocommit or not), the store uses it and does not close it."""
        pool = psycopg_pool.ConnectionPool(dsn, min_size=1, max_size=2, open=False,
                                           kwargs=kwargs)
        pool.open(wait=True)
        try:
            with PostgresStore(pool=pool, schema=schema) as store:
                store.add_unit(build.unit("SNV"))
                with pytest.raises(DuplicateIdError), store.transaction():  # noqa: PT012
                    store.add_unit(build.unit("STC", "Sở Tài chính"))
                    store.add_unit(build.unit("SNV"))
                got = [u.code for u in store.get_units()]
            assert (["SNV"], False) == (got, pool.closed)
        finally:
            pool.close()


# -- schema ---------------------------------------------------------------------------------

def tables_and_indexes(admin: Any, schema: str) -> tuple[set[str], set[str]]:
    """Return the table and index names in *schema*."""
    tables = {r[0] for r in admin.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,)).fetchall()}
    indexes = {r[0] for r in admin.execute(
        "SELECT indexname FROM pg_indexes WHERE schemaname = %s", (schema,)).fetchall()}
    return tables, indexes


class TestTimelineBelowTheLibrary:
    """Issue 12 with issue 17's quarantine: an event written below the library marks the
    task's materialised timeline stale (a trigger), so the reports judge it from its log."""

    def test_hand_inserted_event_is_quarantined(self, dsn: str, admin: Any, schema: str,
                                                build: Any) -> None:
        """A (due 19/01, open on 20/01: overdue) and C, whose log gets an extension
        approval with no request inserted with plain SQL: on 20/01 the summary counts A
        (and T1, completed 09/01 on time), and C is quarantined at its event #1, as the
        task-by-task path says; the stored rows of C collapse to one stale row."""
        from directive_tracker.calendars import vietnam_calendar
        from directive_tracker.reports import overdue_list, summary
        from directive_tracker.status import ReportGroup
        from directive_tracker.storage import _codec as codec

        with PostgresStore(dsn, schema=schema) as store:
            build.seeded(store)
            store.add_task(build.task("A"), [build.assigned("A")])
            store.add_task(build.task("C"), [build.assigned("C")])
            store.append_events("T1", [build.completed("T1", 9)], expected_version=2)
        bad = build.extended("C", 9, date(2026, 2, 27))
        admin.execute(f'INSERT INTO "{schema}".events (task_id, on_date, kind, data) '
                      "VALUES (%s, %s, %s, %s)",
                      ("C", bad.on, bad.kind, codec.dumps(codec.event_to_record(bad))))
        rows = admin.execute(f'SELECT phase FROM "{schema}".task_timeline WHERE task_id = '
                             "'C'").fetchall()
        cal = vietnam_calendar()
        with PostgresStore(dsn, schema=schema) as store:
            summ = summary(store, cal, as_of=date(2026, 1, 20), today=date(2026, 1, 20))
            late = overdue_list(store, cal, as_of=date(2026, 1, 20), today=date(2026, 1, 20))
            stale = store.unreplayable_task_ids(date(2026, 1, 20))
        assert ([("unreplayable",)], ["C"]) == (rows, stale)
        assert (2, 1, [("C", 1, "extension_approved")], ["A"], ["C"]) == (
            summ.total, summ.count(ReportGroup.NOT_COMPLETED_OVERDUE),
            [(p.task_id, p.event_index, p.event_kind) for p in summ.quarantined],
            [r.task_id for r in late.rows], [p.task_id for p in late.quarantined])


class TestSchema:
    """The schema_version table, migrations and isolation."""

    def test_fresh_schema(self, dsn: str, admin: Any, schema: str) -> None:
        """A new schema gets every table, the SQLite indexes (plus two), and version 9."""
        PostgresStore(dsn, schema=schema).close()
        tables, indexes = tables_and_indexes(admin, schema)
        version = admin.execute(f'SELECT version FROM "{schema}".schema_version').fetchall()
        assert {"units", "successions", "directives", "tasks", "task_units", "task_tags",
                "events", "outbox", "task_timeline", "task_timeline_overdue",
                "task_coordinators", "settings",
                "schema_version"} == tables
        assert {"directives_issuer", "directives_issue_date", "tasks_directive",
                "tasks_lead_unit", "tasks_parent", "tasks_due_date", "events_task",
                "outbox_order", "outbox_claim", "task_timeline_lead", "task_timeline_to",
                "task_timeline_unreplayable", "task_timeline_overdue_task",
                "task_coordinators_task", "task_coordinators_unit",
                # PostgreSQL does not index foreign keys itself:
                "task_units_task", "task_tags_task"} == indexes - {
            i for i in indexes if i.endswith("_pkey")}
        # 11: index, 12: overdue rows, 13: task_coordinators
        assert ([(13,)], 13) == (version, SCHEMA_VERSION)

    def test_default_schema_name(self) -> None:
        """The default schema is directive_tracker."""
        assert "directive_tracker" == DEFAULT_SCHEMA

    def test_newer_schema_refused(self, dsn: str, admin: Any, schema: str) -> None:
        """A schema written by a newer library raises SchemaVersionError; nothing changes."""
        PostgresStore(dsn, schema=schema).close()
        admin.execute(f'UPDATE "{schema}".schema_version SET version = 99')
        with pytest.raises(SchemaVersionError) as info:
            PostgresStore(dsn, schema=schema)
        after = admin.execute(f'SELECT version FROM "{schema}".schema_version').fetchall()
        assert (99, 13, [(99,)]) == (info.value.found, info.value.supported, after)

    def test_older_schema_migrated(self, dsn: str, admin: Any, schema: str, build: Any
                                   ) -> None:
        """A version-1 schema (no task_spans) is migrated to 4 and its cache back-filled."""
        with PostgresStore(dsn, schema=schema) as store:
            build.seeded(store)  # T1 due 19/01/2026, assigned, lead SNV
            store.add_task(build.fixed_task("T2", date(2026, 1, 10)), [build.assigned("T2")])
            store.append_events("T2", [build.completed("T2", 9)], expected_version=2)
        admin.execute(f'DROP TABLE "{schema}".task_timeline')  # schema 4's table
        admin.execute(f'UPDATE "{schema}".schema_version SET version = 1')
        with PostgresStore(dsn, schema=schema) as store:
            overdue = store.overdue_task_ids("SNV", date(2026, 1, 20))
            tally = store.unit_tallies(date(2026, 1, 20))["SNV"]
            version = store.stored_schema_version()
        # As of 20/01/2026: T1 (due 19/01, open) is overdue; T2 was done on 09/01, on time.
        assert (["T1"], (2, 1, 1, 0), 13) == (
            overdue, (tally.total, tally.open_overdue, tally.done_on_time, tally.done_late),
            version)

    def test_version_zero_schema_built(self, dsn: str, admin: Any, schema: str) -> None:
        """A schema holding only an empty schema_version table is built up to version 9."""
        admin.execute(f'CREATE SCHEMA "{schema}"')
        admin.execute(f'CREATE TABLE "{schema}".schema_version (version integer NOT NULL)')
        PostgresStore(dsn, schema=schema).close()
        tables, _ = tables_and_indexes(admin, schema)
        version = admin.execute(f'SELECT version FROM "{schema}".schema_version').fetchall()
        assert (13, [(13,)]) == (len(tables), version)

    def test_version_two_spans_follow_recomputation(self, dsn: str, admin: Any, schema: str,
                                                     build: Any) -> None:
        """Opening a version-2 schema re-derives the stale spans of recomputed tasks."""
        with PostgresStore(dsn, schema=schema) as store:
            build.seeded(store)  # T1 due 19/01/2026, lead SNV
            store.add_task(build.fixed_task("T2", date(2026, 1, 10)), [build.assigned("T2")])
            store.append_events("T2", [DeadlineRecomputed(
                task_id="T2", at=build.at(2026, 1, 8), actor="UBND",
                previous_due=date(2026, 1, 10), new_due=date(2026, 1, 13),
                document="CĐ 05/CĐ-UBND", reason="Nghỉ làm việc do bão")], expected_version=2)
        # What a version-2 library cached: T2 still due 10/01 from its assignment on.
        admin.execute(f'DROP TABLE "{schema}".task_timeline')  # schema 4's table
        admin.execute(f'CREATE TABLE "{schema}".task_spans (task_id text NOT NULL, '
                      "valid_from date NOT NULL, valid_to date, lead_unit text NOT NULL, "
                      "due date, completed_on date, cancelled smallint NOT NULL)")
        admin.execute(f'INSERT INTO "{schema}".task_spans VALUES (%s, %s, NULL, %s, %s, NULL, 0)',
                      ("T2", date(2026, 1, 5), "SNV", date(2026, 1, 10)))
        admin.execute(f'UPDATE "{schema}".schema_version SET version = 2')
        with PostgresStore(dsn, schema=schema) as store:
            got = (store.stored_schema_version(),
                   store.overdue_task_ids("SNV", date(2026, 1, 12)),
                   store.overdue_task_ids("SNV", date(2026, 1, 14)))
        assert (13, [], ["T2"]) == got

    def test_reset_empties(self, dsn: str, schema: str, build: Any) -> None:
        """reset=True drops everything in the schema."""
        with PostgresStore(dsn, schema=schema) as store:
            build.seeded(store)
        with PostgresStore(dsn, schema=schema, reset=True) as store:
            assert ([], 0) == (store.get_units(), store.count_tasks())

    def test_reopen_keeps_data(self, dsn: str, schema: str, build: Any) -> None:
        """Opening an up-to-date schema again keeps its data."""
        with PostgresStore(dsn, schema=schema) as store:
            build.seeded(store)
        with PostgresStore(dsn, schema=schema) as store:
            assert (["SNV"], 2) == ([u.code for u in store.get_units()],
                                    store.get_task("T1").version)

    def test_schemas_are_isolated(self, dsn: str, admin: Any, schema: str, build: Any
                                  ) -> None:
        """Two schemas in one database are two separate stores."""
        other = schema[:50] + "_b"
        admin.execute(f'DROP SCHEMA IF EXISTS "{other}" CASCADE')
        try:
            with PostgresStore(dsn, schema=schema) as a, \
                    PostgresStore(dsn, schema=other) as b:
                a.add_unit(build.unit("SNV"))
                b.add_unit(build.unit("STC", "Sở Tài chính"))
                got = ([u.code for u in a.get_units()], [u.code for u in b.get_units()])
            assert (["SNV"], ["STC"]) == got
        finally:
            admin.execute(f'DROP SCHEMA IF EXISTS "{other}" CASCADE')

    def test_concurrent_openers_create_once(self, dsn: str, admin: Any, schema: str
                                            ) -> None:
        """Six threads opening one new schema at once all succeed (advisory lock)."""
        errors: list[BaseException] = []
        start = threading.Barrier(6)

        def open_it() -> None:
            try:
                start.wait()
                PostgresStore(dsn, schema=schema).close()
            except BaseException as e:  # pragma: no cover - reported below
                errors.append(e)

        threads = [threading.Thread(target=open_it) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        version = admin.execute(f'SELECT version FROM "{schema}".schema_version').fetchall()
        assert ([], [(13,)]) == (errors, version)


PREPARED = f"dt_test_{os.getpid()}_dba_prepared"
NOT_PREPARED = f"dt_test_{os.getpid()}_not_prepared"


class TestPrivileges:
    """The privileges the guide documents are enough, and their absence is explained."""

    @pytest.fixture
    def limited_role(self, admin: Any) -> Iterator[str]:
        """A login role with no CREATE on the database (needs a superuser DSN)."""
        row = admin.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
                            ).fetchone()
        if not row or not row[0]:
            pytest.skip("the test DSN is not a superuser; cannot create a test role")
        name = f"dt_test_limited_{os.getpid()}"
        for s in (PREPARED, NOT_PREPARED):
            admin.execute(f'DROP SCHEMA IF EXISTS "{s}" CASCADE')
        admin.execute(f"DROP ROLE IF EXISTS {name}")
        admin.execute(f"CREATE ROLE {name} LOGIN")
        yield name
        for s in (PREPARED, NOT_PREPARED):
            admin.execute(f'DROP SCHEMA IF EXISTS "{s}" CASCADE')
        admin.execute(f"DROP ROLE IF EXISTS {name}")

    def test_dba_prepared_schema(self, dsn: str, admin: Any, limited_role: str,
                                 build: Any) -> None:
        """A role that owns a schema a DBA created can use it without CREATE on the db."""
        admin.execute(f'CREATE SCHEMA "{PREPARED}" AUTHORIZATION {limited_role}')
        with PostgresStore(with_params(dsn, user=limited_role),
                           schema=PREPARED) as store:
            store.add_unit(build.unit("SNV"))
            got = [u.code for u in store.get_units()]
        assert ["SNV"] == got

    def test_no_create_privilege_explained(self, dsn: str, limited_role: str) -> None:
        """Without CREATE on the database and no prepared schema: StorageError saying so."""
        with pytest.raises(StorageError) as info:
            PostgresStore(with_params(dsn, user=limited_role), schema=NOT_PREPARED)
        assert (True, True) == (
            "CREATE on the database" in str(info.value),
            isinstance(info.value.__cause__, psycopg.errors.InsufficientPrivilege))


# -- pooling under threads -------------------------------------------------------------------

class TestThreads:
    """One store shared by many threads, with fewer connections than threads."""

    def test_many_threads_small_pool(self, dsn: str, schema: str, build: Any) -> None:
        """16 threads × 10 tasks with 3 events each through a 4-connection pool."""
        with PostgresStore(dsn, schema=schema, min_size=1, max_size=4) as store:
            store.add_directive(build.directive())
            errors: list[BaseException] = []

            def work(n: int) -> None:
                try:
                    for k in range(10):
                        tid = f"T{n:02d}-{k}"
                        t = store.add_task(build.task(tid), [build.assigned(tid)])
                        v = store.append_events(tid, [build.accepted(tid)],
                                                expected_version=t.version)
                        store.append_events(tid, [build.progress(tid)], expected_version=v)
                except BaseException as e:  # pragma: no cover - reported below
                    errors.append(e)

            threads = [threading.Thread(target=work, args=(n,)) for n in range(16)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            tasks = store.get_tasks()
            events = store.get_events_for([t.id for t in tasks])
        assert ([], 160, {4}, {3}) == (errors, len(tasks), {t.version for t in tasks},
                                       {len(e) for e in events.values()})

    def test_blocks_are_per_thread(self, dsn: str, schema: str, build: Any) -> None:
        """A block's writes are invisible to other threads until it commits."""
        with PostgresStore(dsn, schema=schema, max_size=3) as store:
            inside = threading.Event()
            checked = threading.Event()
            seen: list[list[str]] = []

            def writer() -> None:
                with store.transaction():
                    store.add_unit(build.unit("SNV"))
                    inside.set()
                    checked.wait(10)

            t = threading.Thread(target=writer)
            t.start()
            inside.wait(10)
            seen.append([u.code for u in store.get_units()])
            checked.set()
            t.join()
            seen.append([u.code for u in store.get_units()])
        assert [[], ["SNV"]] == seen

    def test_block_failure_stays_in_its_thread(self, dsn: str, schema: str, build: Any
                                               ) -> None:
        """A block that raises in one thread rolls back only that thread's writes."""
        with PostgresStore(dsn, schema=schema, max_size=3) as store:
            both_inside = threading.Barrier(2)

            def ok() -> None:
                with store.transaction():
                    store.add_unit(build.unit("OK1", "Được"))
                    both_inside.wait(10)

            def boom() -> None:
                try:
                    with store.transaction():
                        store.add_unit(build.unit("BAD1", "Hỏng"))
                        both_inside.wait(10)
                        raise RuntimeError("boom")
                except RuntimeError:
                    pass

            threads = [threading.Thread(target=ok), threading.Thread(target=boom)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert ["OK1"] == [u.code for u in store.get_units()]

    def test_pool_exhausted(self, dsn: str, schema: str, build: Any) -> None:
        """When every connection stays busy past the timeout: BackendUnavailableError."""
        with PostgresStore(dsn, schema=schema, min_size=1, max_size=1, timeout=0.5) as store:
            holding = threading.Event()
            release = threading.Event()

            def hold() -> None:
                with store.transaction():
                    store.get_units()
                    holding.set()
                    release.wait(10)

            t = threading.Thread(target=hold)
            t.start()
            holding.wait(10)
            try:
                with pytest.raises(BackendUnavailableError) as info:
                    store.get_units()
            finally:
                release.set()
                t.join()
            assert "no free PostgreSQL connection" in str(info.value)


# -- transient errors ------------------------------------------------------------------------

class TestRetries:
    """Transient failures provoked for real on the server."""

    def test_read_after_backend_killed(self, dsn: str, admin: Any, schema: str,
                                       build: Any) -> None:
        """A read whose connection was terminated is retried on a fresh connection."""
        app = "dt_test_kill_read"
        with PostgresStore(with_params(dsn, application_name=app), schema=schema,
                           min_size=2, max_size=2) as store:
            store.add_unit(build.unit("SNV"))
            killed = terminate(admin, app)
            got = [u.code for u in store.get_units()]
        assert (True, ["SNV"]) == (killed >= 1, got)

    def test_write_after_backend_killed(self, dsn: str, admin: Any, schema: str,
                                        build: Any) -> None:
        """A write whose connection died before it ran is retried and applied once."""
        app = "dt_test_kill_write"
        with PostgresStore(with_params(dsn, application_name=app), schema=schema,
                           min_size=1, max_size=1) as store:
            build.seeded(store)
            terminate(admin, app)
            v = store.append_events("T1", [build.accepted()], expected_version=2)
            kinds = [e.kind for e in store.get_events("T1")]
        assert (3, ["assigned", "accepted"]) == (v, kinds)

    def test_no_retry_with_one_attempt(self, dsn: str, admin: Any, schema: str,
                                       build: Any) -> None:
        """With attempts=1 a lost connection is BackendUnavailableError, chained."""
        app = "dt_test_kill_once"
        with PostgresStore(with_params(dsn, application_name=app), schema=schema,
                           min_size=1, max_size=1, attempts=1) as store:
            store.add_unit(build.unit("SNV"))
            terminate(admin, app)
            with pytest.raises(BackendUnavailableError) as info:
                store.get_units()
            after = [u.code for u in store.get_units()]  # the pool replaced the connection
        assert (True, ["SNV"]) == (
            isinstance(info.value.__cause__, psycopg.OperationalError), after)

    def test_killed_inside_block(self, dsn: str, admin: Any, schema: str, build: Any
                                 ) -> None:
        """A block whose connection dies raises BackendUnavailableError; nothing is kept."""
        app = "dt_test_kill_block"
        with PostgresStore(with_params(dsn, application_name=app), schema=schema,
                           min_size=1, max_size=2) as store:
            with pytest.raises(BackendUnavailableError), store.transaction():  # noqa: PT012
                store.add_unit(build.unit("SNV"))
                terminate(admin, app)
                store.add_unit(build.unit("STC", "Sở Tài chính"))
            assert [] == store.get_units()

    def test_killed_during_commit_not_retried(self, dsn: str, admin: Any, schema: str,
                                              build: Any) -> None:
        """A write whose connection dies inside COMMIT is reported, not run again."""
        app = "dt_test_kill_commit"
        with PostgresStore(with_params(dsn, application_name=app), schema=schema,
                           min_size=1, max_size=1) as store:
            # A deferred trigger makes COMMIT itself take 3 s: time to kill it there.
            admin.execute(f'CREATE FUNCTION "{schema}".slow() RETURNS trigger '
                          "LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(3); RETURN NULL; "
                          "END $$")
            admin.execute(f'CREATE CONSTRAINT TRIGGER slow AFTER INSERT ON "{schema}".units '
                          "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "
                          f'"{schema}".slow()')
            killed: list[int] = []

            def kill_in_commit() -> None:
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline:
                    row = admin.execute(
                        "SELECT pid FROM pg_stat_activity WHERE application_name = %s "
                        "AND state = 'active' AND query = 'COMMIT'", (app,)).fetchone()
                    if row:
                        admin.execute("SELECT pg_terminate_backend(%s)", (row[0],))
                        killed.append(row[0])
                        return
                    time.sleep(0.02)

            t = threading.Thread(target=kill_in_commit)
            t.start()
            try:
                with pytest.raises(BackendUnavailableError) as info:
                    store.add_unit(build.unit("SNV"))
            finally:
                t.join()
            after = store.get_units()
        assert (1, True, []) == (len(killed), "may or may not have been written" in
                                 str(info.value), after)

    @pytest.mark.parametrize("sqlstate", ["serialization_failure", "deadlock_detected"])
    def test_transient_server_error_retried(self, dsn: str, schema: str, build: Any,
                                            sqlstate: str) -> None:
        """A server-raised serialization failure or deadlock is retried whole."""
        calls: list[int] = []
        with PostgresStore(dsn, schema=schema) as store:

            def op(cur: Any) -> str:
                calls.append(1)
                cur.execute(store._sql("INSERT INTO units (code, data) VALUES (?, ?)"),
                            (f"U{len(calls)}", "{}"))
                if len(calls) < 3:
                    cur.execute("DO $$ BEGIN RAISE EXCEPTION 'provoked' USING ERRCODE = '"
                                + sqlstate + "'; END $$")
                return "done"

            result = store._write(op, "run the provoked operation")
            codes = [r[0] for r in store._read(lambda cur: cur.execute(
                store._sql("SELECT code FROM units ORDER BY code")).fetchall(), "read")]
        # Attempts 1 and 2 failed and were rolled back; only attempt 3's row is kept.
        assert ("done", 3, ["U3"]) == (result, len(calls), codes)

    def test_transient_error_gives_up(self, dsn: str, schema: str) -> None:
        """After `attempts` tries a serialization failure becomes StorageError, chained."""
        calls: list[int] = []
        with PostgresStore(dsn, schema=schema, attempts=2) as store:

            def op(cur: Any) -> None:
                calls.append(1)
                cur.execute("DO $$ BEGIN RAISE EXCEPTION 'provoked' "
                            "USING ERRCODE = 'serialization_failure'; END $$")

            with pytest.raises(StorageError) as info:
                store._write(op, "run the provoked operation")
        assert (2, "40001", True) == (len(calls), info.value.__cause__.sqlstate,
                                      "SQLSTATE 40001" in str(info.value))

    def test_other_server_error_not_retried(self, dsn: str, schema: str) -> None:
        """A non-transient server error is raised at once as StorageError."""
        calls: list[int] = []
        with PostgresStore(dsn, schema=schema) as store:

            def op(cur: Any) -> None:
                calls.append(1)
                cur.execute("SELECT 1 / 0")

            with pytest.raises(StorageError) as info:
                store._write(op, "divide")
        assert (1, True) == (len(calls), isinstance(info.value.__cause__,
                                                    psycopg.errors.DivisionByZero))

    def test_deadlock_between_blocks(self, dsn: str, schema: str, build: Any) -> None:
        """Two blocks locking two tasks in opposite orders: one commits, one StorageError."""
        with PostgresStore(dsn, schema=schema, max_size=4) as store:
            store.add_directive(build.directive())
            store.add_task(build.task("TA"), [build.assigned("TA")])
            store.add_task(build.task("TB"), [build.assigned("TB")])
            first_locked = threading.Barrier(2)
            outcomes: dict[str, str] = {}

            def block(name: str, first: str, second: str) -> None:
                try:
                    with store.transaction():
                        store.append_events(first, [build.accepted(first)],
                                            expected_version=2)
                        first_locked.wait(10)
                        store.append_events(second, [build.progress(second)],
                                            expected_version=2)
                    outcomes[name] = "committed"
                except StorageError as e:
                    outcomes[name] = type(e.__cause__).__name__

            threads = [threading.Thread(target=block, args=("x", "TA", "TB")),
                       threading.Thread(target=block, args=("y", "TB", "TA"))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            versions = sorted(t.version for t in store.get_tasks())
        assert (["DeadlockDetected", "committed"], [3, 3]) == (
            sorted(outcomes.values()), versions)

    def test_duplicate_insert_race(self, dsn: str, schema: str, build: Any) -> None:
        """Adding an id another thread is inserting gives DuplicateIdError, not a crash."""
        with PostgresStore(dsn, schema=schema, max_size=3) as store:
            inside = threading.Event()

            def first() -> None:
                with store.transaction():
                    store.add_unit(build.unit("SNV"))
                    inside.set()
                    time.sleep(0.5)  # the other insert now waits on the unique index

            t = threading.Thread(target=first)
            t.start()
            inside.wait(10)
            try:
                with pytest.raises(DuplicateIdError):
                    store.add_unit(build.unit("SNV", "Sở khác"))
            finally:
                t.join()
            assert "Sở Nội vụ" == store.get_unit("SNV").name


# -- the optional extra ----------------------------------------------------------------------

BLOCKER = textwrap.dedent("""
    import sys

    class Block:
        def find_spec(self, name, path=None, target=None):
            if name == {blocked!r} or name.startswith({blocked!r} + "."):
                raise ImportError(f"No module named {{name!r}}", name=name)
            return None

    sys.meta_path.insert(0, Block())
    import directive_tracker.storage  # the core must not need psycopg
    try:
        import directive_tracker.storage.postgres
    except ImportError as e:
        from directive_tracker.exceptions import MissingExtraError
        print(type(e).__name__, isinstance(e, MissingExtraError), e.extra, e.package)
        print(e)
    else:
        print("imported")
""")


class TestMissingExtra:
    """Without psycopg the module says which extra to install."""

    @pytest.mark.parametrize(("blocked", "package"), [("psycopg", "psycopg"),
                                                       ("psycopg_pool", "psycopg-pool")])
    def test_import_without_extra(self, blocked: str, package: str) -> None:
        """Importing storage.postgres without psycopg raises MissingExtraError."""
        out = subprocess.run([sys.executable, "-c", BLOCKER.format(blocked=blocked)],
                             capture_output=True, text=True, timeout=60, check=True).stdout
        first, message = out.strip().splitlines()
        assert (f"MissingExtraError True postgres {package}", True) == (
            first, "pip install 'directive_tracker[postgres]'" in message)


# -- several processes ------------------------------------------------------------------------

WORKER = textwrap.dedent("""
    import json, sys
    from datetime import datetime
    import attrs
    from zoneinfo import ZoneInfo
    from directive_tracker.events import DeadlineRecomputed, ProgressReported
    from directive_tracker.exceptions import ConcurrentModificationError
    from directive_tracker.storage.postgres import PostgresStore

    dsn, schema, worker, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    tasks = ["T1", "T2"]
    ok, conflicts, errors, retries = [], 0, [], 0
    last_update = max(k for k in range(rounds) if k % 4 == 3)
    with PostgresStore(dsn, schema=schema, min_size=1, max_size=1) as store:
        print("ready", flush=True)
        sys.stdin.readline()  # every process starts at the same moment
        for k in range(rounds):
            tid = tasks[(worker + k) % len(tasks)]
            note = f"w{worker}-r{k}"
            try:
                task = store.get_task(tid)
                if k % 4 == 3:  # every fourth write replaces the task's content instead
                    # The last one is retried on conflict, as a client would (up to 50
                    # times): on a loaded machine the slower update could otherwise lose
                    # every race, and the test would not see that path succeed.
                    for attempt in range(50 if k == last_update else 1):
                        try:
                            new = store.update_task(attrs.evolve(task, content=note)).version
                            break
                        except ConcurrentModificationError:
                            if k != last_update or attempt == 49:
                                raise
                            conflicts += 1
                            retries += 1
                            task = store.get_task(tid)
                    ok.append([tid, "update:" + note, new])
                    continue
                at = datetime(2026, 1, 8, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
                # Writers race, so percent may go down: with a reason, as the
                # lifecycle (checked by the store, issue 17) requires.
                ev = ProgressReported(task_id=tid, actor=f"w{worker}", note=note,
                                      percent=k % 101, at=at, regression_reason="đo lại")
                new = store.append_events(tid, [ev], expected_version=task.version)
                ok.append([tid, note, new])
            except ConcurrentModificationError:
                conflicts += 1
            except Exception as e:
                errors.append(repr(e))
    print(json.dumps({"ok": ok, "conflicts": conflicts, "errors": errors,
                      "retries": retries}))
""")


class TestProcesses:
    """Eight processes write the same two tasks at the same moment."""

    @pytest.mark.slow
    def test_eight_processes_nothing_lost(self, dsn: str, schema: str, build: Any) -> None:
        """Each append or update is applied once or reported as ConcurrentModificationError."""
        workers, rounds = 8, 25
        with PostgresStore(dsn, schema=schema) as store:
            store.add_directive(build.directive())
            for tid in ("T1", "T2"):
                store.add_task(build.task(tid), [build.assigned(tid)])  # version 2
        procs = [subprocess.Popen([sys.executable, "-c", WORKER, dsn, schema, str(w),
                                   str(rounds)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for w in range(workers)]
        ready = [p.stdout.readline() for p in procs]  # type: ignore[union-attr]
        for p in procs:
            p.stdin.write("go\n")  # type: ignore[union-attr]
            p.stdin.flush()  # type: ignore[union-attr]
        results = []
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert 0 == p.returncode, err
            results.append(json.loads(out))
        ok = [tuple(x) for r in results for x in r["ok"]]
        conflicts = sum(r["conflicts"] for r in results)
        errors = [e for r in results for e in r["errors"]]
        retries = sum(r["retries"] for r in results)
        with PostgresStore(dsn, schema=schema) as store:
            final = {t.id: t.version for t in store.get_tasks()}
            content = {t.id: t.content for t in store.get_tasks()}
            logged = {tid: [e.note for e in evs if isinstance(e, ProgressReported)]
                      for tid, evs in store.get_events_for(["T1", "T2"]).items()}
        # Each round ends in one success or one conflict; a retried update's failed
        # attempts are conflicts too.
        assert (["ready\n"] * workers, [], workers * rounds + retries) == (
            ready, errors, len(ok) + conflicts)
        # The processes really raced, and both write paths succeeded at times.
        assert (True, True) == (conflicts > 0,
                                any(n.startswith("update:") for _, n, _ in ok))
        for tid in ("T1", "T2"):
            applied = [(note, v) for t, note, v in ok if t == tid]
            # Every success got its own version, 3, 4, ... with no gap and no repeat...
            assert list(range(3, 3 + len(applied))) == sorted(v for _, v in applied)
            # ...the task's version counts exactly those writes...
            assert 2 + len(applied) == final[tid]
            # ...the log holds exactly the successful appends, in version order...
            in_order = [n for n, _ in sorted(applied, key=lambda a: a[1])]
            assert [n for n in in_order if not n.startswith("update:")] == logged[tid]
            # ...and the content is that of the last successful update.
            updates = [n.removeprefix("update:") for n in in_order if n.startswith("update:")]
            assert (updates[-1] if updates else "Rà soát thủ tục hành chính") == content[tid]


def test_query_uses_schema_qualified_tables(dsn: str, admin: Any, schema: str,
                                            build: Any) -> None:
    """Tables of the same name in the public schema are never touched."""
    admin.execute("CREATE TABLE IF NOT EXISTS public.units (code text, data text)")
    try:
        admin.execute("DELETE FROM public.units")
        with PostgresStore(dsn, schema=schema) as store:
            store.add_unit(build.unit("SNV"))
            n_store = len(store.get_units())
        n_public = admin.execute("SELECT count(*) FROM public.units").fetchone()[0]
    finally:
        admin.execute("DROP TABLE IF EXISTS public.units")
    assert (1, 0) == (n_store, n_public)


def test_dsn_parameters_respected(dsn: str, admin: Any, schema: str) -> None:
    """libpq parameters in the DSN reach the server (here: application_name)."""
    app = "dt_test_app_name"
    with PostgresStore(with_params(dsn, application_name=app), schema=schema, min_size=2,
                       max_size=2) as store:
        store.count_tasks(TaskQuery())
        n = len(backend_pids(admin, app))
    assert n >= 2


# -- bulk ingest (COPY) -------------------------------------------------------------------

class TestBulk:
    """add_tasks_bulk goes through COPY from 50 rows on; text survives its escaping."""

    def test_copy_round_trip(self, dsn: str, schema: str, build: Any) -> None:
        """120 tasks with tabs, newlines, backslashes and NFD text come back verbatim."""
        from directive_tracker.events import TaskTransferred

        tricky = "tab\there\nnew line \\N backslash \\ \r\n 'quote' \"dq\" 🇻🇳 \\."
        items = []
        for i in range(120):
            tid = f"B{i:03d}"
            evs: list[Any] = [build.assigned(tid)]
            if i % 3 == 0:
                evs.append(TaskTransferred(task_id=tid, at=build.at(2026, 1, 7),
                                           actor="UBND", from_unit="SNV", to_unit="STC",
                                           document=tricky))
            items.append((build.fixed_task(tid, date(2026, 1, 10), content=f"{i} {tricky}",
                                           tags=(tricky.strip(), "b"),
                                           coordinating_units=("SYT",)), evs))
        with PostgresStore(dsn, schema=schema) as store:
            store.add_directive(build.directive())
            n = store.add_tasks_bulk(items)
            tasks = store.get_tasks()
            events = store.get_events_for([t.id for t in tasks])
            overdue_snv = store.overdue_task_ids("SNV", date(2026, 1, 12))
            overdue_stc = store.overdue_task_ids("STC", date(2026, 1, 12))
            by_unit = store.count_tasks(TaskQuery(unit="SYT"))
            by_tag = store.count_tasks(TaskQuery(tag=tricky.strip()))
        # Every third task (i = 0, 3, ..., 117: 40 tasks) was transferred to STC on 07/01;
        # all are due 10/01 and open, so on 12/01 80 are overdue at SNV and 40 at STC.
        assert (120, 80, 40, 120, 120) == (n, len(overdue_snv), len(overdue_stc), by_unit,
                                          by_tag)
        written = [(attrs.evolve(t, version=1 + len(e)), e) for t, e in items]
        assert written == [(t, events[t.id]) for t in tasks]


# -- what the guide tells a DBA to do --------------------------------------------------------

GUIDE = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "guide", "postgres.md")


def guide_sql(marker: str) -> str:
    """Return the ```sql block that follows *marker* in docs/guide/postgres.md."""
    with open(GUIDE, encoding="utf-8") as f:
        text = f.read()
    start = text.index("```sql\n", text.index(marker)) + len("```sql\n")
    return text[start:text.index("```", start)]


class TestGuide:
    """The SQL the PostgreSQL guide gives DBAs works, and the store works after it."""

    def test_partition_events_by_year(self, dsn: str, admin: Any, schema: str, build: Any
                                      ) -> None:
        """After the guide's partitioning script, events keep order and land by year."""
        with PostgresStore(dsn, schema=schema) as store:
            build.seeded(store)  # assigned 05/01/2026
            store.append_events("T1", [build.accepted()], expected_version=2)
        script = guide_sql("<!-- partition-sql -->").replace(
            "directive_tracker.", f'"{schema}".')
        admin.execute(script)
        with PostgresStore(dsn, schema=schema) as store:
            store.append_events("T1", [build.progress(day=8)], expected_version=3)
            # A task assigned on the last evening of 2025: its log starts with the
            # assignment (stores refuse a log without it, issue 17).
            store.add_task(build.task("T0", assigned_on=date(2025, 12, 31),
                                      anchor=date(2025, 12, 31)), [TaskAssigned(
                task_id="T0", at=build.at(2025, 12, 31, 23, 0), actor="SNV")])
            kinds = [e.kind for e in store.get_events("T1")]
            until = [e.kind for e in store.get_events("T1", until=date(2026, 1, 6))]
        partitioned = admin.execute(
            "SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s "
            "AND c.relname = 'events'", (schema,)).fetchone()[0]
        per_year = [admin.execute(f'SELECT count(*) FROM "{schema}".{t}').fetchone()[0]
                    for t in ("events_2025", "events_2026", "events_other")]
        assert (["assigned", "accepted", "progress"], ["assigned", "accepted"], 1,
                [1, 3, 0]) == (kinds, until, partitioned, per_year)

    def test_read_only_role(self, dsn: str, admin: Any, schema: str, build: Any) -> None:
        """A role with the guide's read-only grants opens an up-to-date schema and reads."""
        row = admin.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
                            ).fetchone()
        if not row or not row[0]:
            pytest.skip("the test DSN is not a superuser; cannot create a test role")
        with PostgresStore(dsn, schema=schema) as store:
            build.seeded(store)
        role = f"dt_test_report_{os.getpid()}"
        admin.execute(f"DROP ROLE IF EXISTS {role}")  # its grants went with old schemas
        admin.execute(f"CREATE ROLE {role} LOGIN")
        try:
            admin.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO {role}')
            admin.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {role}')
            with PostgresStore(with_params(dsn, user=role), schema=schema) as reader:
                got = (reader.get_task("T1").version, [u.code for u in reader.get_units()])
                with pytest.raises(StorageError) as info:
                    reader.add_unit(build.unit("STC", "Sở Tài chính"))
            assert ((2, ["SNV"]), True) == (
                got, isinstance(info.value.__cause__, psycopg.errors.InsufficientPrivilege))
        finally:
            admin.execute(f"DROP OWNED BY {role}")
            admin.execute(f"DROP ROLE IF EXISTS {role}")


class TestDamagedSchema:
    """Issue 17 item 7: a damaged schema_version or data row raises a library error."""

    @pytest.mark.parametrize("value", ["'abc'", "NULL"])
    def test_bad_schema_version(self, dsn: str, admin: Any, schema: str, value: str) -> None:
        """schema_version 'abc' or NULL raises SchemaVersionError; nothing is changed."""
        PostgresStore(dsn, schema=schema).close()
        admin.execute(f'ALTER TABLE "{schema}".schema_version ALTER COLUMN version TYPE text, '
                      "ALTER COLUMN version DROP NOT NULL")
        admin.execute(f'UPDATE "{schema}".schema_version SET version = {value}')
        with pytest.raises(SchemaVersionError, match="not a version number") as info:
            PostgresStore(dsn, schema=schema)
        after = admin.execute(f'SELECT version FROM "{schema}".schema_version').fetchall()
        expected = [("abc",)] if value == "'abc'" else [(None,)]
        assert (13, expected) == (info.value.supported, after)

    def test_corrupt_task_row_names_the_task(self, dsn: str, admin: Any, schema: str,
                                             build: Any) -> None:
        """A task record that is not a JSON object raises StorageError naming the task.
        (Since schema version 9 ``data`` is jsonb: PostgreSQL itself refuses text that
        is not JSON, so the damage left to catch is a record of the wrong shape.)"""
        with PostgresStore(dsn, schema=schema) as store:
            build.seeded(store)
        with pytest.raises(psycopg.errors.InvalidTextRepresentation):
            admin.execute(f'UPDATE "{schema}".tasks SET data = %s', ('{"id": "T1", ',))
        admin.execute(f'UPDATE "{schema}".tasks SET data = %s', ('["T1"]',))
        with PostgresStore(dsn, schema=schema) as store, pytest.raises(
                StorageError, match="stored task 'T1' is damaged") as info:
            store.get_tasks()
        assert "T1" == info.value.key


class TestRetryLogging:
    """Issue 11: every retry is logged with its attempt, delay and error class."""

    def test_serialization_retry_is_logged(self, dsn: str, schema: str,
                                           caplog: pytest.LogCaptureFixture) -> None:
        """A transient error on the first try is retried once and logged once."""
        import logging

        calls = {"n": 0}

        def flaky(cur: Any) -> int:
            calls["n"] += 1
            if calls["n"] == 1:
                # SQLSTATE 40001 (serialization_failure), raised by the server itself.
                cur.execute("DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '40001'; "
                            "END $$")
            return 7

        with PostgresStore(dsn, schema=schema) as store, caplog.at_level(
                logging.INFO, logger="directive_tracker.storage._retry"):
            got = store._write(flaky, "test a retry")
        records = [r for r in caplog.records if r.name == "directive_tracker.storage._retry"]
        assert (7, 2, 1, 1, "SerializationFailure") == (
            got, calls["n"], len(records), records[0].attempt, records[0].error_class)
