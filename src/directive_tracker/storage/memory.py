# SPDX-License-Identifier: MIT
"""
An in-process store: dicts and lists behind a lock.  Also the fake for unit tests.

Everything it returns is immutable (the library's frozen value objects) or a fresh copy
(lists, outbox payloads), so a caller can never change what is stored except through
the :class:`~directive_tracker.storage.Store` methods.  Transactions keep an undo log:
a block that raises undoes every write made in it (nested blocks act as savepoints).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import attrs

from .._validators import check_date
from ..directives import Directive
from ..events import TaskEvent
from ..exceptions import (
    ConcurrentModificationError,
    DirectiveNotFoundError,
    DuplicateIdError,
    InvalidTypeError,
    NotFoundError,
    StorageError,
    TaskNotFoundError,
    UnitNotFoundError,
)
from ..tasks import Task
from ..text import fold
from ..units import Succession, Unit
from ._checks import (
    check_directive_filters,
    check_events,
    check_expected_version,
    check_id,
    check_instance,
    check_storable,
    check_storable_object,
    check_task_id,
    check_task_ids,
    check_until,
)
from ._codec import check_outbox_item, json_safe
from ._timeline import replayed_timeline_rows, timeline_rows
from .base import (
    IntegrityFacts,
    Store,
    TaskBrief,
    brief_of,
    chain_digests,
    check_claim_args,
    check_finish_args,
    check_progress,
    check_stored_history,
    claim_of,
    finished,
    is_claimable,
)

if TYPE_CHECKING:
    from ..settings import ProvincePolicy
from .outbox import OutboxItem, OutboxStatus
from .query import TaskQuery

__all__ = ["MemoryStore"]


_check = check_instance


def task_matches(task: Task, q: TaskQuery, ids: frozenset[str] | None) -> bool:
    """Return whether *task* satisfies every filter of *q* (the reference semantics)."""
    if ids is not None and task.id not in ids:
        return False
    if q.directive_id is not None and task.directive_id != q.directive_id:
        return False
    if q.lead_unit is not None and task.lead_unit != q.lead_unit:
        return False
    if q.unit is not None and q.unit not in task.units:
        return False
    if q.parent_id is not None and task.parent_id != q.parent_id:
        return False
    if q.due_from is not None and (task.due_date is None or task.due_date < q.due_from):
        return False
    if q.due_to is not None and (task.due_date is None or task.due_date > q.due_to):
        return False
    if q.text is not None and fold(q.text) not in fold(task.content):
        return False
    return q.tag is None or q.tag in task.tags


class MemoryStore(Store):
    """
    Keep everything in process memory (lost when the object is dropped).

    Thread-safe: every method holds one re-entrant lock, and a ``transaction()`` block
    holds it for its whole duration.  Use it for tests, notebooks and as the baseline
    other stores are measured against.

    Example::

        with MemoryStore() as store:
            store.add_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))

    .. versionadded:: 0.1.0
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._units: dict[str, Unit] = {}
        self._successions: list[Succession] = []
        self._directives: dict[str, Directive] = {}
        self._tasks: dict[str, Task] = {}
        self._events: dict[str, list[TaskEvent]] = {}
        self._digests: dict[str, list[str]] = {}  # the hash chain, one per event
        self._outbox: dict[str, OutboxItem] = {}
        self._settings: dict[str, ProvincePolicy] = {}
        # The materialised status timeline of each task (truth: tasks and events above):
        # rows sorted by valid_from, read by the as-of queries with a binary search.
        self._timeline: dict[str, list[tuple[Any, ...]]] = {}
        self._undo: list[Callable[[], None]] | None = None
        self._closed = False

    # -- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        self._closed = True

    def _check_open(self) -> None:
        if self._closed:
            raise StorageError("the store is closed; open a new MemoryStore")

    @contextmanager
    def _guard(self) -> Iterator[None]:
        with self._lock:
            self._check_open()
            yield

    @contextmanager
    def _write(self) -> Iterator[None]:
        """Run one write atomically: undo its partial effects if it raises."""
        with self._lock:
            self._check_open()
            outer = self._undo
            self._undo = []
            try:
                yield
            except BaseException:
                self._rollback(self._undo)
                self._undo = outer
                raise
            if outer is not None:
                outer.extend(self._undo)
            self._undo = outer

    def _rollback(self, undo: list[Callable[[], None]]) -> None:
        for fn in reversed(undo):
            fn()
        undo.clear()

    def _log(self, fn: Callable[[], None]) -> None:
        if self._undo is not None:
            self._undo.append(fn)

    def _set(self, mapping: dict[str, Any], key: str, value: Any) -> None:
        if key in mapping:
            old = mapping[key]
            self._log(lambda: mapping.__setitem__(key, old))
        else:
            self._log(lambda: mapping.pop(key, None))
        mapping[key] = value

    def transaction(self) -> AbstractContextManager[None]:
        return self._write()

    # -- settings ----------------------------------------------------------------------

    def get_settings(self) -> ProvincePolicy | None:
        with self._guard():
            return self._settings.get("province_policy")

    def put_settings(self, settings: ProvincePolicy) -> None:
        from ..settings import ProvincePolicy

        _check(settings, ProvincePolicy, "settings")
        with self._write():
            self._set(self._settings, "province_policy", settings)

    # -- units -------------------------------------------------------------------------

    def add_unit(self, unit: Unit) -> None:
        _check(unit, Unit, "unit")
        check_storable_object(unit, f"unit {unit.code!r}")
        with self._write():
            if unit.code in self._units:
                raise DuplicateIdError("unit", unit.code)
            self._set(self._units, unit.code, unit)

    def update_unit(self, unit: Unit) -> None:
        _check(unit, Unit, "unit")
        check_storable_object(unit, f"unit {unit.code!r}")
        with self._write():
            if unit.code not in self._units:
                raise UnitNotFoundError(unit.code)
            self._set(self._units, unit.code, unit)

    def get_unit(self, code: str) -> Unit:
        from .._validators import check_str

        code = check_storable(check_str(code, "code"), "code")
        with self._guard():
            try:
                return self._units[code]
            except KeyError:
                raise UnitNotFoundError(code) from None

    def get_units(self) -> list[Unit]:
        with self._guard():
            return [self._units[k] for k in sorted(self._units)]

    def add_succession(self, succession: Succession) -> None:
        _check(succession, Succession, "succession")
        check_storable_object(succession, "succession")
        with self._write():
            self._successions.append(succession)
            self._log(lambda: self._successions.__delitem__(-1))

    def get_successions(self) -> list[Succession]:
        with self._guard():
            return list(self._successions)

    # -- directives ----------------------------------------------------------------------

    def add_directive(self, directive: Directive) -> None:
        _check(directive, Directive, "directive")
        check_storable_object(directive, f"directive {directive.id!r}")
        with self._write():
            if directive.id in self._directives:
                raise DuplicateIdError("directive", directive.id)
            self._set(self._directives, directive.id, directive)

    def update_directive(self, directive: Directive) -> None:
        _check(directive, Directive, "directive")
        check_storable_object(directive, f"directive {directive.id!r}")
        with self._write():
            if directive.id not in self._directives:
                raise DirectiveNotFoundError(directive.id)
            self._set(self._directives, directive.id, directive)

    def get_directive(self, directive_id: str) -> Directive:
        directive_id = check_id(directive_id, "directive_id")
        with self._guard():
            try:
                return self._directives[directive_id]
            except KeyError:
                raise DirectiveNotFoundError(directive_id) from None

    def get_directives(self, *, issuer: str | None = None, issued_from: date | None = None,
                       issued_to: date | None = None, text: str | None = None
                       ) -> list[Directive]:
        issuer, issued_from, issued_to, key = check_directive_filters(
            issuer, issued_from, issued_to, text)
        with self._guard():
            out = []
            for k in sorted(self._directives):
                d = self._directives[k]
                if issuer is not None and d.issuer != issuer:
                    continue
                if issued_from is not None and d.issue_date < issued_from:
                    continue
                if issued_to is not None and d.issue_date > issued_to:
                    continue
                if key is not None and not (
                        key in fold(d.summary)
                        or (d.number is not None and key in fold(str(d.number)))):
                    continue
                out.append(d)
            return out

    # -- tasks -----------------------------------------------------------------------------

    def add_task(self, task: Task, events: Sequence[TaskEvent] = ()) -> Task:
        _check(task, Task, "task")
        evs = check_events(task.id, events)
        check_storable_object(task, f"task {task.id!r}")
        check_storable_object(evs, f"event of task {task.id!r}")
        stored = attrs.evolve(task, version=1 + len(evs))
        with self._write():
            if task.id in self._tasks:
                raise DuplicateIdError("task", task.id)
            if task.directive_id not in self._directives:
                raise DirectiveNotFoundError(task.directive_id)
            # One replay: the timeline's, which also answers the history check when it
            # accepts the log (check_stored_history's ``replayed``).
            rows, replayed = replayed_timeline_rows(stored, evs, _same)
            check_stored_history(task, (), evs, append=False, replayed=replayed)
            self._set(self._tasks, task.id, stored)
            self._set(self._events, task.id, evs)
            self._set(self._digests, task.id, chain_digests(task, evs))
            self._set(self._timeline, task.id, rows)
        return stored

    def _derive(self, task: Task, events: list[TaskEvent], through: date | None = None
                ) -> None:
        """Save the task's status timeline (in the write's undo log)."""
        self._set(self._timeline, task.id, timeline_rows(task, events, _same,
                                                         through=through))

    def rebuild_timelines(self, *, progress: Callable[[int, int], None] | None = None,
                          through: date | None = None) -> int:
        check_progress(progress)
        if through is not None:
            check_date(through, "through")
        with self._write():
            ids = sorted(self._tasks)
            if progress is not None:
                progress(0, len(ids))
            for done, task_id in enumerate(ids, 1):
                self._derive(self._tasks[task_id], self._events.get(task_id, []), through)
                if progress is not None and (done % 2000 == 0 or done == len(ids)):
                    progress(done, len(ids))
        return len(ids)

    def update_task(self, task: Task) -> Task:
        _check(task, Task, "task")
        return self._update_task_recording_terms(task)

    def _restore_version(self, task: Task, version: int) -> Task:
        # One write, not one per version (1,000 writes without an event may be restored).
        return task if version <= task.version else self._write_task_record(task, version)

    def _write_task_record(self, task: Task, version: int) -> Task:
        _check(task, Task, "task")
        check_storable_object(task, f"task {task.id!r}")
        with self._write():
            current = self._tasks.get(task.id)
            if current is None:
                raise TaskNotFoundError(task.id)
            if current.version != task.version:
                raise ConcurrentModificationError(task.id, task.version, current.version)
            if task.directive_id not in self._directives:
                raise DirectiveNotFoundError(task.directive_id)
            stored = attrs.evolve(task, version=version)
            self._set(self._tasks, task.id, stored)
            if attrs.evolve(current, version=version) != stored:  # the terms changed
                self._derive(stored, self._events[task.id])
        return stored

    def get_task(self, task_id: str) -> Task:
        task_id = check_task_id(task_id)
        with self._guard():
            try:
                return self._tasks[task_id]
            except KeyError:
                raise TaskNotFoundError(task_id) from None

    def get_tasks(self, query: TaskQuery | None = None) -> list[Task]:
        q = self._resolve_query(query)
        with self._guard():
            out = self._select(q)
        return out if q.limit is None else out[:q.limit]

    def _task_briefs(self, ids: list[str]) -> dict[str, TaskBrief]:
        with self._guard():
            tasks = [t for i in ids if (t := self._tasks.get(i)) is not None]
        return {t.id: brief_of(t) for t in tasks}

    def count_tasks(self, query: TaskQuery | None = None) -> int:
        q = self._resolve_query(query)
        with self._guard():
            return len(self._select(q))

    def _select(self, q: TaskQuery) -> list[Task]:
        ids = frozenset(q.ids) if q.ids is not None else None
        keys = sorted(ids & self._tasks.keys()) if ids is not None else sorted(self._tasks)
        return [t for k in keys if task_matches(t := self._tasks[k], q, ids)]

    # -- events ----------------------------------------------------------------------------

    def append_events(self, task_id: str, events: Sequence[TaskEvent], *,
                      expected_version: int) -> int:
        task_id = check_task_id(task_id)
        expected_version = check_expected_version(expected_version)
        evs = check_events(task_id, events)
        check_storable_object(evs, f"event of task {task_id!r}")
        with self._write():
            current = self._tasks.get(task_id)
            if current is None:
                raise TaskNotFoundError(task_id)
            if current.version != expected_version:
                raise ConcurrentModificationError(task_id, expected_version, current.version)
            new_version = expected_version + 1
            all_events = [*self._events[task_id], *evs]
            check_stored_history(current, self._events[task_id], evs, append=True)
            stored = attrs.evolve(current, version=new_version)
            self._set(self._tasks, task_id, stored)
            self._set(self._events, task_id, all_events)
            chain = self._digests.get(task_id, [])
            self._set(self._digests, task_id, [*chain, *chain_digests(
                current, evs, previous=chain[-1] if chain else None)])
            self._derive(stored, all_events)
        return new_version

    def _timeline_rows(self, task_ids: Sequence[str] | None = None
                       ) -> dict[str, list[tuple[Any, ...]]]:
        with self._guard():
            if task_ids is None:
                return dict(self._timeline)
            return {t: self._timeline[t] for t in task_ids if t in self._timeline}

    def get_events(self, task_id: str, *, until: date | None = None
                   ) -> list[TaskEvent]:
        task_id = check_task_id(task_id)
        until = check_until(until)
        with self._guard():
            if task_id not in self._tasks:
                raise TaskNotFoundError(task_id)
            return _until(self._events[task_id], until)

    def get_events_for(self, task_ids: Iterable[str], *, until: date | None = None
                       ) -> dict[str, list[TaskEvent]]:
        ids = check_task_ids(task_ids)
        until = check_until(until)
        with self._guard():
            return {i: _until(self._events.get(i, []), until) for i in ids}

    def get_event_digests(self, task_ids: Iterable[str]) -> dict[str, list[str | None]]:
        ids = check_task_ids(task_ids)
        with self._guard():
            return {i: list(self._digests.get(i, [])) for i in ids}

    # -- outbox ----------------------------------------------------------------------------

    def add_outbox_item(self, item: OutboxItem) -> bool:
        check_outbox_item(item)
        check_storable_object(item, f"outbox item {item.key!r}")
        stored = attrs.evolve(item, payload=json_safe(item.payload))
        with self._write():
            if item.key in self._outbox:
                return False
            self._set(self._outbox, item.key, stored)
            return True

    def update_outbox_item(self, item: OutboxItem) -> None:
        check_outbox_item(item)
        check_storable_object(item, f"outbox item {item.key!r}")
        stored = attrs.evolve(item, payload=json_safe(item.payload))
        with self._write():
            if item.key not in self._outbox:
                raise NotFoundError(item.key)
            self._set(self._outbox, item.key, stored)

    def claim_outbox_items(self, worker_id: str, *, limit: int, lease_seconds: float,
                           now: datetime, prefix: str = "",
                           max_attempts: int | None = None) -> list[OutboxItem]:
        worker, n, lease, when, prefix, cap = check_claim_args(
            worker_id, limit, lease_seconds, now, prefix, max_attempts)
        with self._write():  # the lock makes the compare-and-set atomic
            todo = sorted((i for i in self._outbox.values()
                           if is_claimable(i, worker, when, prefix, cap)),
                          key=lambda i: (i.created_at, i.key))[:n]
            out = []
            for item in todo:
                claimed = claim_of(item, worker, when, lease)
                self._set(self._outbox, item.key, claimed)
                out.append(attrs.evolve(claimed, payload=copy.deepcopy(claimed.payload)))
            return out

    def _finish_claim(self, key: str, worker_id: str, now: datetime,
                      error: str | None) -> bool:
        key, worker, when = check_finish_args(key, worker_id, now)
        with self._write():
            item = self._outbox.get(key)
            if (item is None or item.status is not OutboxStatus.CLAIMED
                    or item.claimed_by != worker):
                return False
            self._set(self._outbox, key, finished(item, when, error))
            return True

    def integrity_facts(self) -> IntegrityFacts:
        with self._guard():
            return IntegrityFacts(backend="memory", schema_version=None, counts=(
                ("units", len(self._units)), ("directives", len(self._directives)),
                ("tasks", len(self._tasks)),
                ("events", sum(len(v) for v in self._events.values())),
                ("outbox", len(self._outbox))))

    def get_outbox_items(self, *, status: OutboxStatus | None = None
                         ) -> list[OutboxItem]:
        if status is not None and not isinstance(status, OutboxStatus):
            raise InvalidTypeError("status", status, "an OutboxStatus or None")
        with self._guard():
            items = [i for i in self._outbox.values() if status is None or i.status is status]
            items.sort(key=lambda i: (i.created_at, i.key))
            return [attrs.evolve(i, payload=copy.deepcopy(i.payload)) for i in items]


def _until(events: list[TaskEvent], until: date | None) -> list[TaskEvent]:
    if until is None:
        return list(events)
    return [e for e in events if e.on <= until]


def _same(d: date | None) -> date | None:
    return d
