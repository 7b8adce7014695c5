# SPDX-License-Identifier: MIT
"""Fixtures for the storage contract suite: one ``store`` fixture per backend."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directive_tracker.deadlines import FixedDate, WorkingDays
from directive_tracker.directives import Directive
from directive_tracker.documents import DocumentNumber
from directive_tracker.events import (
    ExtensionApproved,
    ExtensionRequested,
    ProgressReported,
    TaskAccepted,
    TaskAssigned,
    TaskCompleted,
    TaskEvent,
)
from directive_tracker.storage import MemoryStore, Store
from directive_tracker.tasks import Task
from directive_tracker.units import Unit, UnitKind
from pgserver import pg_dsn

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def memory_store() -> Iterator[MemoryStore]:
    """An empty in-memory store."""
    with MemoryStore() as store:
        yield store


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """An empty SQLite store in a fresh file."""
    from directive_tracker.storage import SQLiteStore

    with SQLiteStore(tmp_path / "store.sqlite3") as store:
        yield store


@pytest.fixture
def postgres_store() -> Iterator[Store]:
    """An emptied PostgreSQL store on the server named by ``DIRECTIVE_TRACKER_PG_DSN``."""
    dsn = pg_dsn()
    from directive_tracker.storage.postgres import PostgresStore  # type: ignore[import-not-found]

    # One schema per test process, so that concurrent runs on one server do not collide.
    store = PostgresStore(dsn, schema=f"directive_tracker_t{os.getpid()}", reset=True)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(params=[pytest.param("memory", id="memory"),
                        pytest.param("sqlite", id="sqlite"),
                        pytest.param("postgres", id="postgres",
                                     marks=pytest.mark.external_service)])
def fresh_store(request: pytest.FixtureRequest, tmp_path: Path
                ) -> Iterator[Callable[[], Store]]:
    """
    A factory of empty stores of one backend, for property tests: one store per
    hypothesis example.

    Making a store closes the one made before it, so a test runs any number of examples
    with one store open (a PostgreSQL server allows about a hundred connections; see
    :func:`strategies.examples`); the last one is closed after the test.
    """
    opened: list[Store] = []
    n = itertools.count()

    def make() -> Store:
        while opened:
            opened.pop().close()
        store: Store
        if request.param == "memory":
            store = MemoryStore()
        elif request.param == "sqlite":
            from directive_tracker.storage import SQLiteStore

            store = SQLiteStore(tmp_path / f"fresh{next(n)}.sqlite3")
        else:
            dsn = pg_dsn()
            from directive_tracker.storage.postgres import (  # type: ignore[import-not-found]
                PostgresStore,
            )

            # One schema per test process, so that concurrent runs do not collide.
            store = PostgresStore(dsn, schema=f"directive_tracker_f{os.getpid()}",
                                  reset=True)
        opened.append(store)
        return store

    yield make
    while opened:
        opened.pop().close()


STORE_KINDS = [
    pytest.param("memory_store", id="memory"),
    pytest.param("sqlite_store", id="sqlite"),
    pytest.param("postgres_store", id="postgres", marks=pytest.mark.external_service),
]


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest) -> Store:
    """Each backend in turn, empty."""
    s: Store = request.getfixturevalue(request.param)
    return s


@pytest.fixture(params=["memory", "sqlite",
                        pytest.param("postgres", marks=pytest.mark.external_service)])
def other_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A second, separate empty store of each kind (an import target next to ``store``)."""
    if request.param == "memory":
        with MemoryStore() as m:
            yield m
    elif request.param == "sqlite":
        from directive_tracker.storage import SQLiteStore

        with SQLiteStore(tmp_path / "other.sqlite3") as s:
            yield s
    elif "postgres" in request.node.callspec.id.split("-")[0]:
        # Two separate stores in one database: a second PostgreSQL schema.
        request.getfixturevalue("postgres_store")  # skips or fails without a server
        from directive_tracker.storage.postgres import PostgresStore

        with PostgresStore(pg_dsn(),
                           schema=f"directive_tracker_o{os.getpid()}", reset=True) as other:
            yield other
    else:
        yield request.getfixturevalue("postgres_store")


class Build:
    """Literal domain objects for the tests (every value written out by hand)."""

    def at(self, y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
        """Return an aware datetime in Vietnam."""
        return datetime(y, m, d, hh, mm, tzinfo=VN)

    def unit(self, code: str = "SNV", name: str = "Sở Nội vụ", **kw: Any) -> Unit:
        """Return a department."""
        kw.setdefault("kind", UnitKind.DEPARTMENT)
        return Unit(code=code, name=name, **kw)

    def directive(self, id: str = "D1", **kw: Any) -> Directive:
        """Return a directive 05/QĐ-UBND of 02/01/2026."""
        kw.setdefault("number", DocumentNumber.parse("05/QĐ-UBND"))
        kw.setdefault("issuer", "UBND")
        kw.setdefault("issue_date", date(2026, 1, 2))
        kw.setdefault("summary", "Quyết định giao nhiệm vụ cải cách hành chính năm 2026")
        return Directive(id=id, **kw)

    def task(self, id: str = "T1", directive_id: str = "D1", **kw: Any) -> Task:
        """Return a task due 10 working days after 05/01/2026 (= 19/01/2026 by hand)."""
        kw.setdefault("content", "Rà soát thủ tục hành chính")
        kw.setdefault("lead_unit", "SNV")
        kw.setdefault("deadline", WorkingDays(n=10))
        kw.setdefault("anchor", date(2026, 1, 5))
        kw.setdefault("due_date", date(2026, 1, 19))
        kw.setdefault("assigned_on", date(2026, 1, 5))
        return Task(id=id, directive_id=directive_id, **kw)

    def fixed_task(self, id: str, due: date, **kw: Any) -> Task:
        """Return a task with a fixed-date deadline."""
        return self.task(id, deadline=FixedDate(date=due), due_date=due, **kw)

    def assigned(self, task_id: str = "T1", day: int = 5) -> TaskAssigned:
        """Return the assignment event on *day* January 2026."""
        return TaskAssigned(task_id=task_id, at=self.at(2026, 1, day), actor="vanthu")

    def accepted(self, task_id: str = "T1", day: int = 6) -> TaskAccepted:
        """Return an acceptance on *day* January 2026."""
        return TaskAccepted(task_id=task_id, at=self.at(2026, 1, day), actor="SNV")

    def progress(self, task_id: str = "T1", day: int = 8, percent: int = 50
                 ) -> ProgressReported:
        """Return a progress report on *day* January 2026."""
        return ProgressReported(task_id=task_id, at=self.at(2026, 1, day), actor="SNV",
                                percent=percent)

    def requested(self, task_id: str, day: int, new_due: date) -> ExtensionRequested:
        """Return an extension request on *day* January 2026 (an approval needs one)."""
        return ExtensionRequested(task_id=task_id, at=self.at(2026, 1, day), actor="SNV",
                                  requested_due=new_due, reason="Chờ ý kiến các sở")

    def extended(self, task_id: str, day: int, new_due: date) -> ExtensionApproved:
        """Return an approved extension on *day* January 2026."""
        return ExtensionApproved(task_id=task_id, at=self.at(2026, 1, day), actor="UBND",
                                 new_due=new_due, decider="Chủ tịch UBND tỉnh")

    def completed(self, task_id: str, day: int, month: int = 1) -> TaskCompleted:
        """Return a completion on *day*/*month*/2026 (recorded the same day)."""
        return TaskCompleted(task_id=task_id, at=self.at(2026, month, day), actor="SNV",
                             completed_on=date(2026, month, day))

    def seeded(self, store: Store) -> Store:
        """Store unit SNV, directive D1 and task T1 (with its assignment event)."""
        store.add_unit(self.unit())
        store.add_directive(self.directive())
        store.add_task(self.task(), [self.assigned()])
        return store


@pytest.fixture
def build() -> Build:
    """The literal-object builder."""
    return Build()


def events_of(evs: list[TaskEvent]) -> list[tuple[str, str]]:
    """Summarise events as (kind, ISO date) pairs."""
    return [(e.kind, e.on.isoformat()) for e in evs]


@pytest.fixture
def summarise() -> Any:
    """The event summariser (fixtures are the only way to share helpers here)."""
    return events_of
