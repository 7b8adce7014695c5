# SPDX-License-Identifier: MIT
"""
Issue 17 item 10: the outbox sort key was not zero-padded for years before 1000, so
``"999-…"`` sorted after ``"2026-…"`` as text and SQLite and memory stores listed the
outbox in different orders.  The key is now padded, and keys written unpadded by 0.1 are
re-derived from the record when a file's schema is migrated.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from directive_tracker.storage.memory import MemoryStore
from directive_tracker.storage.outbox import OutboxItem, outbox_sort_key
from directive_tracker.storage.sqlite import SQLiteStore


def test_year_is_padded_to_four_digits() -> None:
    """Hand-written keys: UTC, four-digit year, microseconds; 999 sorts before 2026."""
    before_1000 = outbox_sort_key(datetime(999, 5, 1, 6, 7, 8, 9, tzinfo=UTC))
    # 08:00 at UTC+07:00 on 01/01/2026 is 01:00 UTC the same day.
    now = outbox_sort_key(datetime(2026, 1, 1, 8, tzinfo=timezone(timedelta(hours=7))))
    assert ("0999-05-01T06:07:08.000009", "2026-01-01T01:00:00.000000") == (before_1000, now)
    assert before_1000 < now


def test_instant_before_year_one_utc_is_clamped() -> None:
    """00:00 on 01/01/0001 at UTC+01:00 is 23:00 on 31/12/0000 UTC, which datetime cannot
    hold: the key is the smallest one instead of an OverflowError."""
    key = outbox_sort_key(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))))
    assert "0000-00-00T00:00:00.000000" == key
    assert key < outbox_sort_key(datetime(1, 1, 1, 1, tzinfo=UTC))


def test_unpadded_keys_are_repaired_on_migration(tmp_path: Path) -> None:
    """
    A file whose key for 01/05/1950 reads ``"999-…"`` (the 0.1 form of a year-999 key;
    as text it sorts after ``"2026-…"``) lists the 1950 item last; opening it after a
    schema-version change re-derives the key from the record (``"1950-…"``), and the
    SQLite order is then the memory store's, oldest first.
    """
    path = tmp_path / "o.sqlite3"
    old = OutboxItem(key="a-1950", created_at=datetime(1950, 5, 1, tzinfo=UTC))
    new = OutboxItem(key="b-2026", created_at=datetime(2026, 1, 1, tzinfo=UTC))
    with SQLiteStore(path) as s:
        s.add_outbox_item(new)
        s.add_outbox_item(old)
        version = s.stored_schema_version()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE outbox SET sort_key = '999-05-01T00:00:00.000000' "
                     "WHERE key = 'a-1950'")
    with conn:
        unpadded_order = [k for (k,) in conn.execute("SELECT key FROM outbox "
                                                     "ORDER BY sort_key, key")]
        conn.execute("UPDATE schema_version SET version = ?", (version - 1,))
    conn.close()
    assert ["b-2026", "a-1950"] == unpadded_order  # the 0.1 disorder, as text sorts
    with SQLiteStore(path) as s:
        sqlite_order = [i.key for i in s.get_outbox_items()]
        assert version == s.stored_schema_version()
    memory = MemoryStore()
    memory.add_outbox_item(new)
    memory.add_outbox_item(old)
    assert ["a-1950", "b-2026"] == sqlite_order == [i.key for i in memory.get_outbox_items()]
    conn = sqlite3.connect(path)
    try:
        assert "1950-05-01T00:00:00.000000" == conn.execute(
            "SELECT sort_key FROM outbox WHERE key = 'a-1950'").fetchone()[0]
    finally:
        conn.close()
