# SPDX-License-Identifier: MIT
"""
The health of a store: which tasks are quarantined, does every hash chain verify, and
is the database itself sound?

:func:`check_store` is what ``directive-tracker check`` prints.  It replays every
task's whole stored log under the office's
:class:`~directive_tracker.lifecycle.LifecyclePolicy` (the same check reports and
reminders use, :func:`directive_tracker.integrity.replay_or_problem`) and lists the
tasks whose history is refused (*quarantined*: left out of reports and reminders), and
adds what the store reports about itself (:meth:`Store.integrity_facts`: the backend,
schema version, row counts, and for SQLite ``PRAGMA integrity_check``).  It also
verifies every task's hash chain (:func:`directive_tracker.integrity.verify_chain`): an
event edited, inserted or deleted below the library, or a task's terms rewritten without
an event, is listed (which task, which event).

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import attrs

from ._validators import check_int
from .calendars import WorkingCalendar
from .exceptions import InvalidTypeError
from .integrity import (
    ChainBreak,
    HistoryProblem,
    chain_fingerprint,
    replay_or_problem,
    verify_chain,
)
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
        broken_chains: every link of a task's hash chain that does not verify, and
            every task whose terms differ from its log
            (:func:`directive_tracker.integrity.verify_chain`), sorted by task id.
        fingerprint: :func:`directive_tracker.integrity.chain_fingerprint` over the
            last digest of every task's chain (None without events): keep it apart and
            compare it later to see that nothing was removed either.

    ``ok`` is True when nothing is quarantined, every chain verifies and the store's
    own checks passed.

    .. versionchanged:: 0.2.0
       ``broken_chains`` and ``fingerprint`` (issue 17 item 4).

    .. versionadded:: 0.2.0
    """

    tasks: int
    quarantined: tuple[HistoryProblem, ...]
    facts: IntegrityFacts
    broken_chains: tuple[ChainBreak, ...] = ()
    fingerprint: str | None = None

    @property
    def ok(self) -> bool:
        """True when no task is quarantined, every hash chain verifies and the database
        checks passed."""
        return not self.quarantined and not self.broken_chains and self.facts.ok


def check_store(store: Store, calendar: WorkingCalendar | None = None, *,
                lifecycle_policy: LifecyclePolicy | None = None,
                batch: int = 500) -> StoreCheck:
    """
    Replay every task's whole log, verify every task's hash chain and collect the
    store's own integrity facts.

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
    breaks: list[ChainBreak] = []
    heads: list[tuple[str, str]] = []
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        events = store.get_events_for(chunk)
        digests = store.get_event_digests(chunk)
        for task in store.get_tasks(TaskQuery(ids=chunk)):
            got = replay_or_problem(task, events[task.id], calendar=calendar,
                                    policy=lifecycle_policy)
            if isinstance(got, HistoryProblem):
                problems.append(got)
            stored = digests[task.id]
            breaks.extend(verify_chain(task, events[task.id], stored))
            if stored and stored[-1] is not None:
                heads.append((task.id, stored[-1]))
    return StoreCheck(tasks=len(ids), quarantined=tuple(problems), facts=facts,
                      broken_chains=tuple(breaks),
                      fingerprint=chain_fingerprint(heads) if heads else None)
