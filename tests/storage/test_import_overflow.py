# SPDX-License-Identifier: MIT
"""
Issue 17 item 7, import path: a backup whose event or outbox timestamp is 00:00 on
01/01/0001 at UTC+01:00 (23:00 on 31/12/0000 in UTC, which ``datetime`` cannot hold) raised
``OverflowError`` from the import; it is an ``ImportFormatError`` naming the line, and
nothing is written — on the memory and SQLite stores.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from directive_tracker.exceptions import ImportFormatError
from directive_tracker.storage.base import Store
from directive_tracker.storage.memory import MemoryStore
from directive_tracker.storage.sqlite import SQLiteStore

YEAR_ONE = "0001-01-01T00:00:00+01:00"
HEADER = '{"format":"directive_tracker","version":1}'
DIRECTIVE = ('{"type":"directive","data":{"id":"D1","issuer":"UBND","issue_date":"2026-01-02",'
             '"summary":"Kế hoạch"}}')
TASK = ('{"type":"task","data":{"id":"T1","directive_id":"D1","content":"Rà soát",'
        '"lead_unit":"SNV","deadline":{"kind":"fixed_date","date":"2026-01-19"},'
        '"anchor":"2026-01-05","due_date":"2026-01-19","assigned_on":"2026-01-05",'
        '"version":2}}')


def event(at: str) -> str:
    return ('{"type":"event","data":{"kind":"assigned","task_id":"T1","at":"' + at +
            '","actor":"vanthu"}}')


def outbox(created_at: str) -> str:
    return ('{"type":"outbox","data":{"key":"k1","created_at":"' + created_at +
            '","payload":{},"status":"pending","attempts":0,"last_error":null,'
            '"sent_at":null}}')


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    s: Store = MemoryStore() if request.param == "memory" else SQLiteStore(":memory:")
    with s:
        yield s


def test_event_timestamp_before_year_one_utc(store: Store) -> None:
    """Line 4, the event: refused with the store's 1900–2999 rule, nothing stored."""
    text = "\n".join([HEADER, DIRECTIVE, TASK, event(YEAR_ONE)]) + "\n"
    with pytest.raises(ImportFormatError, match=r"line 4: .*0001-01-01T00:00:00\+01:00"):
        store.import_jsonl(io.StringIO(text))
    assert (0, []) == (store.count_tasks(), store.get_directives())


def test_outbox_timestamp_before_year_one_utc(store: Store) -> None:
    """Line 5, the outbox item: refused, nothing stored (not even the valid lines)."""
    text = "\n".join([HEADER, DIRECTIVE, TASK, event("2026-01-05T09:00:00+07:00"),
                      outbox(YEAR_ONE)]) + "\n"
    with pytest.raises(ImportFormatError, match="line 5: bad outbox record: created_at"):
        store.import_jsonl(io.StringIO(text))
    assert (0, [], []) == (store.count_tasks(), store.get_directives(),
                           store.get_outbox_items())
