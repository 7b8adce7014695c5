# SPDX-License-Identifier: MIT
"""MemoryStore-only behaviour: immutability of what it returns, threads, closing."""

from __future__ import annotations

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import attrs
import pytest

from directive_tracker.deadlines import WorkingDays
from directive_tracker.directives import Directive
from directive_tracker.events import ProgressReported
from directive_tracker.exceptions import ConcurrentModificationError, StorageError
from directive_tracker.storage import MemoryStore, OutboxItem
from directive_tracker.tasks import Task

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _seed(store: MemoryStore) -> None:
    store.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 1, 2),
                                  summary="Giao nhiệm vụ"))
    store.add_task(Task(id="T1", directive_id="D1", content="Rà soát", lead_unit="SNV",
                        deadline=WorkingDays(n=10), anchor=date(2026, 1, 5),
                        due_date=date(2026, 1, 19), assigned_on=date(2026, 1, 5)))


class TestMemoryStore:
    def test_returned_task_is_frozen(self) -> None:
        """A returned task cannot be changed in place."""
        store = MemoryStore()
        _seed(store)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            store.get_task("T1").content = "khác"  # type: ignore[misc]

    def test_caller_version_ignored_on_add(self) -> None:
        """The caller's object keeps its version; the stored one has version 1."""
        store = MemoryStore()
        _seed(store)
        t = Task(id="T2", directive_id="D1", content="x", lead_unit="SNV",
                 deadline=WorkingDays(n=1), anchor=date(2026, 1, 5),
                 assigned_on=date(2026, 1, 5), version=9)
        store.add_task(t)
        assert (9, 1) == (t.version, store.get_task("T2").version)

    def test_closed_store_refuses(self) -> None:
        """Every call on a closed store raises StorageError."""
        store = MemoryStore()
        store.close()
        with pytest.raises(StorageError):
            store.get_units()
        with pytest.raises(StorageError):
            store.add_outbox_item(OutboxItem(key="k", created_at=datetime(2026, 1, 2,
                                                                          tzinfo=VN)))

    def test_threads_lose_no_update(self) -> None:
        """4 threads x 25 optimistic updates: versions count exactly the successes."""
        store = MemoryStore()
        _seed(store)
        wins = [0] * 4

        def worker(n: int) -> None:
            for _ in range(25):
                v = store.get_task("T1").version
                try:
                    store.append_events("T1", [ProgressReported(
                        task_id="T1", at=datetime(2026, 1, 8, tzinfo=VN), actor=str(n),
                        percent=10)], expected_version=v)
                    wins[n] += 1
                except ConcurrentModificationError:
                    pass

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert (1 + sum(wins), sum(wins)) == (store.get_task("T1").version,
                                              len(store.get_events("T1")))

    def test_transaction_blocks_other_threads(self) -> None:
        """Another thread's read waits until an open transaction ends."""
        store = MemoryStore()
        _seed(store)
        seen: list[int] = []
        with store.transaction():
            store.append_events("T1", [], expected_version=1)
            t = threading.Thread(target=lambda: seen.append(store.get_task("T1").version))
            t.start()
            t.join(timeout=0.1)
            during = list(seen)
        t.join()
        assert ([], [2]) == (during, seen)
