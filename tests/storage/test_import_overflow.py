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


def test_lmt_offset_survives_export_and_import(store: Store) -> None:
    """
    Found by the 20,000-input fuzz run (records.from_dict of an outbox item): until 1911
    Vietnam's zone offset has seconds (tzdata Asia/Ho_Chi_Minh: +07:06:30), so 00:00 UTC
    on 01/01/1900 was written "1900-01-01T07:06:30+07:06:30", which the JSON Schema (RFC
    3339 offsets, whole minutes) refuses: a store holding it exported a backup it could not
    import.  Such instants are now written in UTC, the same instant, and read back equal.
    """
    from datetime import UTC, datetime

    from directive_tracker import records
    from directive_tracker.events import TaskAssigned
    from directive_tracker.storage.outbox import OutboxItem

    item = OutboxItem(key="k1", created_at=datetime(1900, 1, 1, tzinfo=UTC),
                      sent_at=datetime(1906, 6, 30, 12, tzinfo=UTC))
    event = TaskAssigned(task_id="T1", at=datetime(1905, 3, 1, 2, tzinfo=UTC), actor="vt")
    assert "1900-01-01T00:00:00+00:00" == records.to_dict(item)["created_at"]
    assert (item, event) == (records.from_dict(records.to_dict(item)),
                             records.from_dict(records.to_dict(event)))
    store.add_outbox_item(item)
    backup = io.StringIO()
    store.export_jsonl(backup)
    fresh: Store = MemoryStore()
    assert 1 == fresh.import_jsonl(io.StringIO(backup.getvalue()))
    assert [item] == fresh.get_outbox_items()


@pytest.mark.parametrize(("line", "why"), [
    ('{"type":"task","data":{"version":' + "9" * 20_000 + "}}", "integer string"),
    ("[" * 200_000 + "]" * 200_000, "recursion"),
])
def test_json_the_parser_refuses_is_an_import_error(store: Store, line: str, why: str) -> None:
    """Found by the mutation fuzz run of issue 17: a line holding a 20,000-digit integer
    (Python's json refuses over 4,300 digits with a plain ValueError) or nested 200,000
    deep (RecursionError) escaped as those errors.  Both are an ImportFormatError naming
    line 2 (each under the 1,000,000-character line cap), and nothing is stored."""
    text = "\n".join([HEADER, line, DIRECTIVE]) + "\n"
    with pytest.raises(ImportFormatError, match=rf"line 2: .*(?i:{why})"):
        store.import_jsonl(io.StringIO(text))
    assert (0, []) == (store.count_tasks(), store.get_directives())


def test_outbox_attempts_beyond_a_64_bit_integer(store: Store) -> None:
    """Found by the mutation fuzz run (issue 17): an outbox line with 2**64 attempts raised
    OverflowError from SQLite ("Python int too large to convert to SQLite INTEGER"), and
    with 20,000 digits the error message itself failed (str() refuses over 4,300 digits).
    Both are refused on line 5 with the cap named; nothing is stored."""
    for attempts in ("18446744073709551616", "9" * 4_000):
        line = outbox("2026-01-05T09:00:00+07:00").replace('"attempts":0',
                                                          f'"attempts":{attempts}')
        text = "\n".join([HEADER, DIRECTIVE, TASK, event("2026-01-05T09:00:00+07:00"),
                          line]) + "\n"
        with pytest.raises(ImportFormatError, match=r"line 5: .*attempts.*2147483647"):
            store.import_jsonl(io.StringIO(text))
        assert (0, []) == (store.count_tasks(), store.get_directives())
