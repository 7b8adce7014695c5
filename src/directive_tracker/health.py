# SPDX-License-Identifier: MIT
"""
The health of a store: which tasks are quarantined, and is the database itself sound?

:func:`check_store` is what ``directive-tracker check`` prints.  It replays every
task's whole stored log under the office's
:class:`~directive_tracker.lifecycle.LifecyclePolicy` (the same check reports and
reminders use, :func:`directive_tracker.integrity.replay_or_problem`) and lists the
tasks whose history is refused (*quarantined*: left out of reports and reminders), and
adds what the store reports about itself (:meth:`Store.integrity_facts`: the backend,
schema version, row counts, and for SQLite ``PRAGMA integrity_check``).

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import attrs

from ._validators import check_int
from .calendars import WorkingCalendar
from .exceptions import InvalidTypeError
from .integrity import HistoryProblem, replay_or_problem
from .lifecycle import LifecyclePolicy
from .storage.base import IntegrityFacts, Store, TaskQuery

__all__ = ["StoreCheck", "check_store"]


@attrs.frozen(kw_only=True)
class StoreCheck:
    """
    What :func:`check_store` found.

    Args:
        tasks: how many tasks were replayed.
        quarantined: the tasks whose stored history the lifecycle refuses (sorted by
            task id).
        facts: what the store says about itself (:class:`IntegrityFacts`).

    ``ok`` is True when nothing is quarantined and the store's own checks passed.

    .. versionadded:: 0.2.0
    """

    tasks: int
    quarantined: tuple[HistoryProblem, ...]
    facts: IntegrityFacts

    @property
    def ok(self) -> bool:
        """True when no task is quarantined and the database checks passed."""
        return not self.quarantined and self.facts.ok


def check_store(store: Store, calendar: WorkingCalendar | None = None, *,
                lifecycle_policy: LifecyclePolicy | None = None,
                batch: int = 500) -> StoreCheck:
    """
    Replay every task's whole log and collect the store's own integrity facts.

    Args:
        store: the store.
        calendar: the working-day calendar (default ``vietnam_calendar()``).
        lifecycle_policy: the policy the office records events under (default
            ``LifecyclePolicy()``); a history refused under it is quarantined.
        batch: tasks read at a time (≥ 1).

    Returns:
        A :class:`StoreCheck`.

    Raises:
        InvalidTypeError: an argument of the wrong type.
        StorageError: the store cannot be read.

    .. versionadded:: 0.2.0
    """
    if not isinstance(store, Store):
        raise InvalidTypeError("store", store, "a directive_tracker.storage.Store")
    if calendar is None:
        from .calendars import vietnam_calendar

        calendar = vietnam_calendar()
    elif not isinstance(calendar, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar or None")
    if lifecycle_policy is not None and not isinstance(lifecycle_policy, LifecyclePolicy):
        raise InvalidTypeError("lifecycle_policy", lifecycle_policy,
                               "a LifecyclePolicy or None")
    check_int(batch, "batch", minimum=1)
    facts = store.integrity_facts()
    ids = [t.id for t in store.get_tasks()]
    problems: list[HistoryProblem] = []
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        events = store.get_events_for(chunk)
        for task in store.get_tasks(TaskQuery(ids=chunk)):
            got = replay_or_problem(task, events[task.id], calendar=calendar,
                                    policy=lifecycle_policy)
            if isinstance(got, HistoryProblem):
                problems.append(got)
    return StoreCheck(tasks=len(ids), quarantined=tuple(problems), facts=facts)
