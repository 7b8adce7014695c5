# SPDX-License-Identifier: MIT
"""
The storage contract: every backend must pass every test here.

Expected values are literals written by hand, never read back from the store under test.
"""

from __future__ import annotations

import io
import json
import unicodedata
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from directive_tracker.deadlines import EndOfPeriod, FixedDate, NoDeadline, Recurring
from directive_tracker.directives import DirectiveOrigin
from directive_tracker.documents import DocumentNumber
from directive_tracker.events import DeadlineRecomputed, TaskCancelled, TaskTransferred
from directive_tracker.exceptions import (
    ConcurrentModificationError,
    DirectiveNotFoundError,
    DirectiveTrackerDeprecationWarning,
    DuplicateIdError,
    ImportFormatError,
    InvalidTypeError,
    NotFoundError,
    TaskNotFoundError,
    UnitNotFoundError,
    ValidationError,
)
from directive_tracker.storage import OutboxItem, OutboxStatus, Store, TaskQuery
from directive_tracker.tasks import Priority
from directive_tracker.units import Succession, SuccessionKind, UnitKind

NFD_QD = unicodedata.normalize("NFD", "Quyết định")


#: The deprecated storage-level queries keep their old answers (checked here); their
#: deprecation warning is tested in test_timeline.py.
pytestmark = pytest.mark.filterwarnings(
    r"ignore:Store\.(overdue_task_ids|unit_tallies) is deprecated")


class BoomError(Exception):
    """Raised inside transactions to force a rollback."""


# -- units ---------------------------------------------------------------------------

def test_unit_round_trip(store: Store, build: Any) -> None:
    """A stored unit is read back equal, with every field."""
    u = build.unit("XA1", "Ủy ban nhân dân xã Tân Lập", kind=UnitKind.COMMUNE,
                   parent="UBND", valid_from=date(2025, 7, 1), valid_to=date(2030, 6, 30))
    store.add_unit(u)
    got = store.get_unit("XA1")
    assert ("XA1", "Ủy ban nhân dân xã Tân Lập", UnitKind.COMMUNE, "UBND",
            date(2025, 7, 1), date(2030, 6, 30)) == (
        got.code, got.name, got.kind, got.parent, got.valid_from, got.valid_to)


def test_units_sorted_by_code(store: Store, build: Any) -> None:
    """get_units returns every unit sorted by code."""
    for code in ("SYT", "SGD", "SNV"):
        store.add_unit(build.unit(code, f"Sở {code}"))
    assert ["SGD", "SNV", "SYT"] == [u.code for u in store.get_units()]


def test_units_empty(store: Store) -> None:
    """An empty store has no units, successions, directives or tasks."""
    assert ([], [], [], [], 0) == (store.get_units(), store.get_successions(),
                                   store.get_directives(), store.get_tasks(),
                                   store.count_tasks())


def test_duplicate_unit_refused(store: Store, build: Any) -> None:
    """Adding a unit code twice raises DuplicateIdError and keeps the first."""
    store.add_unit(build.unit("SNV", "Sở Nội vụ"))
    with pytest.raises(DuplicateIdError):
        store.add_unit(build.unit("SNV", "Sở khác"))
    assert "Sở Nội vụ" == store.get_unit("SNV").name


def test_update_unit(store: Store, build: Any) -> None:
    """update_unit replaces the stored unit."""
    store.add_unit(build.unit("SNV", "Sở Nội vụ"))
    store.update_unit(build.unit("SNV", "Sở Nội vụ tỉnh", valid_to=date(2026, 12, 31)))
    assert ("Sở Nội vụ tỉnh", date(2026, 12, 31)) == (
        store.get_unit("SNV").name, store.get_unit("SNV").valid_to)


def test_update_missing_unit(store: Store, build: Any) -> None:
    """update_unit of an unknown code raises UnitNotFoundError."""
    with pytest.raises(UnitNotFoundError):
        store.update_unit(build.unit("NOPE", "Không có"))


def test_get_missing_unit(store: Store) -> None:
    """get_unit of an unknown code raises UnitNotFoundError (a LookupError)."""
    with pytest.raises(UnitNotFoundError) as info:
        store.get_unit("NOPE")
    assert isinstance(info.value, LookupError)


def test_add_unit_wrong_type(store: Store) -> None:
    """Passing something that is not a Unit raises InvalidTypeError."""
    with pytest.raises(InvalidTypeError):
        store.add_unit({"code": "SNV"})  # type: ignore[arg-type]


def test_successions_in_insertion_order(store: Store, build: Any) -> None:
    """Successions come back in the order they were added, equal to what was added."""
    s1 = Succession(kind=SuccessionKind.MERGE, predecessors=("SKHDT", "STC"),
                    successors=("STC",), effective=date(2025, 3, 1),
                    document="Quyết định 01/QĐ-UBND")
    s2 = Succession(kind=SuccessionKind.RENAME, predecessors=("A",), successors=("B",),
                    effective=date(2024, 1, 1), document="NQ 2", note="đổi tên")
    store.add_succession(s1)
    store.add_succession(s2)
    got = store.get_successions()
    assert [("merge", ("SKHDT", "STC"), date(2025, 3, 1)),
            ("rename", ("A",), date(2024, 1, 1))] == [
        (s.kind.value, s.predecessors, s.effective) for s in got]
    assert [s1, s2] == got


# -- directives ----------------------------------------------------------------------

def test_directive_round_trip(store: Store, build: Any) -> None:
    """Every field of a directive, including its number, survives storage."""
    d = build.directive("D9", number=DocumentNumber.parse("15/2025/QĐ-UBND"),
                        origin=DirectiveOrigin.DOCUMENT, signer="Nguyễn Văn A",
                        received_date=date(2026, 1, 3), parent_id="D0")
    store.add_directive(d)
    got = store.get_directive("D9")
    assert ("15/2025/QĐ-UBND", "Nguyễn Văn A", date(2026, 1, 3), "D0", date(2026, 1, 2)) == (
        str(got.number), got.signer, got.received_date, got.parent_id, got.issue_date)
    assert d == got


def test_directive_without_number(store: Store, build: Any) -> None:
    """A margin note without a number is stored and read back."""
    d = build.directive("BP1", number=None, origin=DirectiveOrigin.MARGIN_NOTE,
                        summary="Ý kiến bút phê của Chủ tịch")
    store.add_directive(d)
    got = store.get_directive("BP1")
    assert (None, DirectiveOrigin.MARGIN_NOTE) == (got.number, got.origin)


def test_duplicate_directive(store: Store, build: Any) -> None:
    """Adding a directive id twice raises DuplicateIdError."""
    store.add_directive(build.directive("D1"))
    with pytest.raises(DuplicateIdError):
        store.add_directive(build.directive("D1", summary="khác"))


def test_missing_directive(store: Store) -> None:
    """get_directive of an unknown id raises DirectiveNotFoundError."""
    with pytest.raises(DirectiveNotFoundError):
        store.get_directive("NOPE")


def test_update_directive(store: Store, build: Any) -> None:
    """update_directive replaces it; text search follows the new summary."""
    store.add_directive(build.directive("D1"))
    store.update_directive(build.directive("D1", summary="Kế hoạch phòng chống lụt bão"))
    assert (["D1"], []) == ([d.id for d in store.get_directives(text="lut bao")],
                            [d.id for d in store.get_directives(text="cai cach")])


def test_update_missing_directive(store: Store, build: Any) -> None:
    """update_directive of an unknown id raises DirectiveNotFoundError."""
    with pytest.raises(DirectiveNotFoundError):
        store.update_directive(build.directive("NOPE"))


def _directives(store: Store, build: Any) -> None:
    store.add_directive(build.directive("D3", issuer="UBND", issue_date=date(2026, 3, 1),
                                        summary="Chỉ thị về phòng cháy"))
    store.add_directive(build.directive("D1", issuer="UBND", issue_date=date(2026, 1, 2)))
    store.add_directive(build.directive(
        "D2", issuer="VPCP", issue_date=date(2026, 2, 1),
        number=DocumentNumber.parse("2450/VPCP-KGVX"), summary="Về việc báo cáo"))


def test_directives_filters(store: Store, build: Any) -> None:
    """get_directives filters by issuer and inclusive issue-date bounds, sorted by id."""
    _directives(store, build)
    ids = [d.id for d in store.get_directives()]
    by_issuer = [d.id for d in store.get_directives(issuer="UBND")]
    in_range = [d.id for d in store.get_directives(issued_from=date(2026, 1, 2),
                                                   issued_to=date(2026, 2, 1))]
    assert (["D1", "D2", "D3"], ["D1", "D3"], ["D1", "D2"]) == (ids, by_issuer, in_range)


def test_directives_text_search(store: Store, build: Any) -> None:
    """Text search ignores diacritics and case, and matches the document number."""
    _directives(store, build)
    assert (["D1"], ["D1"], ["D3"], ["D2"], ["D2"]) == (
        [d.id for d in store.get_directives(text="quyet dinh")],
        [d.id for d in store.get_directives(text="CẢI CÁCH")],
        [d.id for d in store.get_directives(text="phong chay")],
        [d.id for d in store.get_directives(text="2450/vpcp")],
        [d.id for d in store.get_directives(text="kgvx")])


def test_directives_bad_range(store: Store) -> None:
    """issued_to before issued_from is refused."""
    with pytest.raises(ValidationError):
        store.get_directives(issued_from=date(2026, 2, 1), issued_to=date(2026, 1, 1))


def test_directives_datetime_refused(store: Store) -> None:
    """A datetime bound is refused with InvalidTypeError."""
    with pytest.raises(InvalidTypeError):
        store.get_directives(issued_from=datetime(2026, 1, 1, tzinfo=UTC))


# -- tasks ---------------------------------------------------------------------------

def test_add_task_returns_version(store: Store, build: Any) -> None:
    """add_task returns the task with version 1 + number of events."""
    store.add_directive(build.directive())
    t = store.add_task(build.task("T1"), [build.assigned("T1"), build.accepted("T1")])
    t0 = store.add_task(build.task("T0", version=7))
    assert (3, 3, 1, 1) == (t.version, store.get_task("T1").version, t0.version,
                            store.get_task("T0").version)


def test_task_round_trip(store: Store, build: Any) -> None:
    """Every task field, including the deadline rule, survives storage."""
    store.add_directive(build.directive())
    for i, rule in enumerate([FixedDate(date=date(2026, 5, 15), strict=True),
                              EndOfPeriod(kind="quarter", year=2026, index=3),
                              Recurring(freq="monthly", day=20),
                              NoDeadline(kind="ongoing")]):
        t = build.task(f"R{i}", deadline=rule, due_date=None, parent_id="T1",
                       coordinating_units=("STC", "SKHCN"), priority=Priority.URGENT,
                       tags=("cải cách", "2026"))
        store.add_task(t)
    got = store.get_task("R1")
    assert (EndOfPeriod(kind="quarter", year=2026, index=3), ("SKHCN", "STC"),
            ("cải cách", "2026"), Priority.URGENT, "T1", None, 1) == (
        got.deadline, got.coordinating_units, got.tags, got.priority, got.parent_id,
        got.due_date, got.version)
    assert [FixedDate(date=date(2026, 5, 15), strict=True),
            EndOfPeriod(kind="quarter", year=2026, index=3),
            Recurring(freq="monthly", day=20), NoDeadline(kind="ongoing")] == [
        t.deadline for t in store.get_tasks()]


def test_duplicate_task(store: Store, build: Any) -> None:
    """Adding a task id twice raises DuplicateIdError and writes no events."""
    build.seeded(store)
    with pytest.raises(DuplicateIdError):
        store.add_task(build.task("T1"), [build.accepted("T1")])
    assert (["assigned"], 2) == ([e.kind for e in store.get_events("T1")],
                                 store.get_task("T1").version)


def test_task_needs_directive(store: Store, build: Any) -> None:
    """A task whose directive is not stored is refused and nothing is written."""
    with pytest.raises(DirectiveNotFoundError):
        store.add_task(build.task("T1", directive_id="NOPE"), [build.assigned("T1")])
    assert 0 == store.count_tasks()


def test_task_event_of_other_task(store: Store, build: Any) -> None:
    """An event of another task is refused by add_task; nothing is written."""
    store.add_directive(build.directive())
    with pytest.raises(ValidationError):
        store.add_task(build.task("T1"), [build.assigned("T2")])
    with pytest.raises(TaskNotFoundError):
        store.get_task("T1")


def test_get_missing_task(store: Store) -> None:
    """get_task of an unknown id raises TaskNotFoundError."""
    with pytest.raises(TaskNotFoundError):
        store.get_task("NOPE")


def test_update_task(store: Store, build: Any) -> None:
    """update_task with the stored version replaces fields and increments the version;
    a content change is a term change: it warns and is recorded as a TermsChanged event
    in the same write (one version)."""
    build.seeded(store)
    with pytest.warns(DirectiveTrackerDeprecationWarning, match="change_terms"):
        new = store.update_task(build.task("T1", content="Nội dung mới", version=2))
    assert (3, "Nội dung mới", 3, ["assigned", "terms_changed"]) == (
        new.version, store.get_task("T1").content, store.get_task("T1").version,
        [e.kind for e in store.get_events("T1")])


def test_update_task_stale(store: Store, build: Any) -> None:
    """update_task on a stale version raises ConcurrentModificationError; nothing changes."""
    build.seeded(store)
    with pytest.raises(ConcurrentModificationError) as info:
        store.update_task(build.task("T1", content="Nội dung mới", version=1))
    assert (1, 2, "Rà soát thủ tục hành chính") == (
        info.value.expected_version, info.value.actual_version,
        store.get_task("T1").content)


def test_update_missing_task(store: Store, build: Any) -> None:
    """update_task of an unknown id raises TaskNotFoundError."""
    with pytest.raises(TaskNotFoundError):
        store.update_task(build.task("NOPE", version=1))


def _tasks(store: Store, build: Any) -> None:
    store.add_directive(build.directive("D1"))
    store.add_directive(build.directive("D2"))
    store.add_task(build.fixed_task("T3", date(2026, 3, 31), lead_unit="STC",
                                    content="Báo cáo tình hình thực hiện Quyết định",
                                    tags=("báo cáo",)))
    store.add_task(build.fixed_task("T1", date(2026, 1, 31), lead_unit="SNV",
                                    coordinating_units=("STC",)))
    store.add_task(build.fixed_task("T2", date(2026, 2, 28), directive_id="D2",
                                    lead_unit="SNV", parent_id="T1",
                                    content="Xây dựng đề án vị trí việc làm"))
    store.add_task(build.task("T4", deadline=NoDeadline(kind="ongoing"), due_date=None,
                              lead_unit="XA1", tags=("thường xuyên", "báo cáo")))


@pytest.mark.parametrize(("query", "expected"), [
    (None, ["T1", "T2", "T3", "T4"]),
    (TaskQuery(), ["T1", "T2", "T3", "T4"]),
    (TaskQuery(ids=["T4", "T2", "T9"]), ["T2", "T4"]),
    (TaskQuery(directive_id="D1"), ["T1", "T3", "T4"]),
    (TaskQuery(lead_unit="SNV"), ["T1", "T2"]),
    (TaskQuery(unit="STC"), ["T1", "T3"]),
    (TaskQuery(parent_id="T1"), ["T2"]),
    (TaskQuery(due_from=date(2026, 1, 31)), ["T1", "T2", "T3"]),
    (TaskQuery(due_to=date(2026, 2, 28)), ["T1", "T2"]),
    (TaskQuery(due_from=date(2026, 2, 28), due_to=date(2026, 2, 28)), ["T2"]),
    (TaskQuery(text="quyet dinh"), ["T3"]),
    (TaskQuery(text="VỊ TRÍ"), ["T2"]),
    (TaskQuery(text=NFD_QD), ["T3"]),
    (TaskQuery(text="100%"), []),
    (TaskQuery(text="a_b"), []),
    (TaskQuery(tag="báo cáo"), ["T3", "T4"]),
    (TaskQuery(tag=unicodedata.normalize("NFD", "thường xuyên")), ["T4"]),
    (TaskQuery(lead_unit="SNV", due_to=date(2026, 1, 31)), ["T1"]),
    (TaskQuery(limit=2), ["T1", "T2"]),
    (TaskQuery(limit=0), []),
])
def test_task_queries(store: Store, build: Any, query: TaskQuery | None,
                      expected: list[str]) -> None:
    """Every TaskQuery filter (AND-ed, sorted by id, inclusive dates)."""
    _tasks(store, build)
    assert expected == [t.id for t in store.get_tasks(query)]


def test_count_ignores_limit(store: Store, build: Any) -> None:
    """count_tasks counts what get_tasks returns, ignoring limit."""
    _tasks(store, build)
    assert (2, 4, 3) == (store.count_tasks(TaskQuery(lead_unit="SNV")),
                         store.count_tasks(TaskQuery(limit=1)),
                         store.count_tasks(TaskQuery(directive_id="D1")))


def test_bad_query_type(store: Store) -> None:
    """A query that is not a TaskQuery is refused."""
    with pytest.raises(InvalidTypeError):
        store.get_tasks({"lead_unit": "SNV"})  # type: ignore[arg-type]


# -- events --------------------------------------------------------------------------

def test_append_events(store: Store, build: Any, summarise: Any) -> None:
    """append_events appends in order and bumps the version by one per call."""
    build.seeded(store)
    v = store.append_events("T1", [build.accepted(), build.progress()], expected_version=2)
    v2 = store.append_events("T1", [build.completed("T1", 12)], expected_version=3)
    assert (3, 4, 4) == (v, v2, store.get_task("T1").version)
    assert [("assigned", "2026-01-05"), ("accepted", "2026-01-06"),
            ("progress", "2026-01-08"), ("completed", "2026-01-12")] == summarise(
        store.get_events("T1"))


def test_events_round_trip(store: Store, build: Any) -> None:
    """Events come back equal, field for field, in Vietnam time."""
    build.seeded(store)
    moved = TaskTransferred(task_id="T1", at=datetime(2026, 1, 7, 2, 30, tzinfo=UTC),
                            actor="UBND", from_unit="SNV", to_unit="SKHCN",
                            document="Quyết định 10/QĐ-UBND", note="sáp nhập")
    store.append_events("T1", [moved], expected_version=2)
    got = store.get_events("T1")[-1]
    assert moved == got
    assert ("2026-01-07T09:30:00+07:00", "SKHCN") == (got.at.isoformat(), got.to_unit)


def test_append_stale_version(store: Store, build: Any) -> None:
    """A stale expected_version raises ConcurrentModificationError and writes nothing."""
    build.seeded(store)
    with pytest.raises(ConcurrentModificationError):
        store.append_events("T1", [build.accepted()], expected_version=1)
    with pytest.raises(ConcurrentModificationError):
        store.append_events("T1", [build.accepted()], expected_version=3)
    assert (["assigned"], 2) == ([e.kind for e in store.get_events("T1")],
                                 store.get_task("T1").version)


def test_append_missing_task(store: Store, build: Any) -> None:
    """Appending to an unknown task raises TaskNotFoundError."""
    with pytest.raises(TaskNotFoundError):
        store.append_events("NOPE", [build.accepted("NOPE")], expected_version=1)


def test_append_foreign_event(store: Store, build: Any) -> None:
    """An event of another task is refused and nothing is written."""
    build.seeded(store)
    with pytest.raises(ValidationError):
        store.append_events("T1", [build.accepted("T1"), build.accepted("T2")],
                            expected_version=2)
    assert 1 == len(store.get_events("T1"))


def test_append_bad_version_type(store: Store, build: Any) -> None:
    """expected_version must be an int."""
    build.seeded(store)
    with pytest.raises(InvalidTypeError):
        store.append_events("T1", [build.accepted()], expected_version="2")  # type: ignore


def test_events_until(store: Store, build: Any, summarise: Any) -> None:
    """until keeps events whose Vietnam date is on or before it (inclusive)."""
    build.seeded(store)
    # 6 Jan 2026 23:30 UTC is 7 Jan 06:30 in Vietnam.
    late = build.accepted()
    late = type(late)(task_id="T1", at=datetime(2026, 1, 6, 23, 30, tzinfo=UTC),
                      actor="SNV")
    store.append_events("T1", [late, build.progress(day=9)], expected_version=2)
    assert ([("assigned", "2026-01-05")],
            [("assigned", "2026-01-05"), ("accepted", "2026-01-07")],
            [], 3) == (
        summarise(store.get_events("T1", until=date(2026, 1, 6))),
        summarise(store.get_events("T1", until=date(2026, 1, 7))),
        summarise(store.get_events("T1", until=date(2026, 1, 4))),
        len(store.get_events("T1", until=date(2026, 1, 9))))


def test_events_missing_task(store: Store) -> None:
    """get_events of an unknown task raises TaskNotFoundError."""
    with pytest.raises(TaskNotFoundError):
        store.get_events("NOPE")


def test_events_until_datetime_refused(store: Store, build: Any) -> None:
    """until must be a date, not a datetime."""
    build.seeded(store)
    with pytest.raises(InvalidTypeError):
        store.get_events("T1", until=datetime(2026, 1, 6, tzinfo=UTC))


def test_events_for(store: Store, build: Any) -> None:
    """get_events_for returns every requested id, unknown ones mapped to []."""
    build.seeded(store)
    store.add_task(build.task("T2"), [build.assigned("T2", 5), build.accepted("T2", 8)])
    got = store.get_events_for(["T2", "T1", "NOPE"], until=date(2026, 1, 7))
    assert {"T2": ["assigned"], "T1": ["assigned"], "NOPE": []} == {
        k: [e.kind for e in v] for k, v in got.items()}


def test_events_for_str_refused(store: Store) -> None:
    """A bare string of ids is refused (it would iterate characters)."""
    with pytest.raises(InvalidTypeError):
        store.get_events_for("T1")


def test_returned_lists_are_copies(store: Store, build: Any) -> None:
    """Mutating a returned list does not change the store."""
    build.seeded(store)
    store.get_events("T1").clear()
    store.get_tasks().clear()
    store.get_units().clear()
    assert (1, 1, 1) == (len(store.get_events("T1")), len(store.get_tasks()),
                         len(store.get_units()))


# -- transactions --------------------------------------------------------------------

def test_transaction_commits(store: Store, build: Any) -> None:
    """Writes in a clean block are all kept."""
    with store.transaction():
        store.add_unit(build.unit())
        store.add_directive(build.directive())
        store.add_task(build.task(), [build.assigned()])
    assert (1, 2) == (len(store.get_units()), store.get_task("T1").version)


def test_transaction_rolls_back(store: Store, build: Any) -> None:
    """A block that raises undoes every write in it and re-raises."""
    build.seeded(store)
    with pytest.raises(BoomError), store.transaction():  # noqa: PT012
        store.add_unit(build.unit("STC", "Sở Tài chính"))
        store.update_unit(build.unit("SNV", "Tên mới"))
        store.add_task(build.task("T2"), [build.assigned("T2")])
        store.append_events("T1", [build.accepted()], expected_version=2)
        store.add_succession(Succession(kind=SuccessionKind.RENAME, predecessors=("A",),
                                        successors=("B",), effective=date(2026, 1, 1),
                                        document="QĐ 1"))
        store.add_outbox_item(OutboxItem(key="k1", created_at=build.at(2026, 1, 5)))
        raise BoomError
    assert (["SNV"], "Sở Nội vụ", ["T1"], 2, ["assigned"], [], []) == (
        [u.code for u in store.get_units()], store.get_unit("SNV").name,
        [t.id for t in store.get_tasks()], store.get_task("T1").version,
        [e.kind for e in store.get_events("T1")], store.get_successions(),
        store.get_outbox_items())


def test_nested_transaction(store: Store, build: Any) -> None:
    """An inner block that raises undoes only its own writes; the outer one commits."""
    with store.transaction():
        store.add_unit(build.unit("A1", "Một"))
        with pytest.raises(BoomError), store.transaction():  # noqa: PT012
            store.add_unit(build.unit("A2", "Hai"))
            raise BoomError
        store.add_unit(build.unit("A3", "Ba"))
    assert ["A1", "A3"] == [u.code for u in store.get_units()]


def test_failed_write_inside_transaction_is_atomic(store: Store, build: Any) -> None:
    """A write that fails inside a block leaves no partial effect; the block continues."""
    build.seeded(store)
    with store.transaction():
        with pytest.raises(ConcurrentModificationError):
            store.append_events("T1", [build.accepted()], expected_version=9)
        with pytest.raises(DuplicateIdError):
            store.add_task(build.task("T1"), [build.assigned()])
        store.append_events("T1", [build.accepted()], expected_version=2)
    assert (["assigned", "accepted"], 3) == (
        [e.kind for e in store.get_events("T1")], store.get_task("T1").version)


def test_close_twice(store: Store) -> None:
    """close() may be called twice."""
    store.close()
    store.close()


# -- text ------------------------------------------------------------------------------

def test_nfd_stored_as_nfc(store: Store, build: Any) -> None:
    """NFD input is stored and returned in NFC."""
    store.add_unit(build.unit("SNV", unicodedata.normalize("NFD", "Sở Nội vụ")))
    store.add_directive(build.directive(summary=unicodedata.normalize("NFD", "Quyết định")))
    name = store.get_unit("SNV").name
    summary = store.get_directive("D1").summary
    assert ("Sở Nội vụ", 9, "Quyết định", 10) == (name, len(name), summary, len(summary))


@pytest.mark.parametrize("text", [
    "O'Brien \"quoted\" `tick`",
    "'; DROP TABLE tasks; --",
    "Robert'); DELETE FROM events WHERE ('1'='1",
    "emoji 🇻🇳🎉 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "percent % underscore _ backslash \\ ?? %s $1",
    "tab\tnew\nline\r\n",
])
def test_hostile_text_verbatim(store: Store, build: Any, text: str) -> None:
    """Quotes, SQL fragments, placeholders and emoji are stored and read back verbatim."""
    store.add_directive(build.directive(summary=text))
    tag = text.strip()  # tags are stripped by Task itself
    store.add_task(build.task(content=text, tags=(tag,)), [build.assigned()])
    assert (text, text, (tag,), ["T1"]) == (
        store.get_directive("D1").summary, store.get_task("T1").content,
        store.get_task("T1").tags, [t.id for t in store.get_tasks(TaskQuery(tag=tag))])


def test_megabyte_text(store: Store, build: Any) -> None:
    """Content at the 10,000-character cap is stored and read back whole (issue 17 item 6:
    1,000,000 characters, accepted before, are now refused by Task itself)."""
    text = "Việt" * 2_500
    store.add_directive(build.directive())
    store.add_task(build.task(content=text))
    got = store.get_task("T1").content
    assert (10_000, text[:8], True) == (len(got), "ViệtViệt", got == text)


# -- outbox ----------------------------------------------------------------------------

def test_outbox_idempotent(store: Store, build: Any) -> None:
    """Adding the same key twice keeps the first item and returns False."""
    first = OutboxItem(key="reminder:T1:2026-01-15:before_due_2:SNV",
                       created_at=build.at(2026, 1, 15, 8), payload={"to": "SNV", "n": 2})
    second = OutboxItem(key="reminder:T1:2026-01-15:before_due_2:SNV",
                        created_at=build.at(2026, 1, 15, 9), payload={"to": "khác"})
    assert (True, False) == (store.add_outbox_item(first), store.add_outbox_item(second))
    items = store.get_outbox_items()
    assert ([{"to": "SNV", "n": 2}], ["2026-01-15T08:00:00+07:00"]) == (
        [i.payload for i in items], [i.created_at.isoformat() for i in items])


def test_outbox_order_and_status(store: Store, build: Any) -> None:
    """Items are sorted by created_at then key; status filters."""
    store.add_outbox_item(OutboxItem(key="b", created_at=build.at(2026, 1, 2)))
    store.add_outbox_item(OutboxItem(key="a", created_at=build.at(2026, 1, 2)))
    store.add_outbox_item(OutboxItem(key="c", created_at=datetime(
        2026, 1, 1, 20, 0, 0, 500, tzinfo=UTC)))
    store.update_outbox_item(OutboxItem(
        key="a", created_at=build.at(2026, 1, 2), status=OutboxStatus.SENT, attempts=1,
        sent_at=build.at(2026, 1, 2, 10)))
    assert (["c", "a", "b"], ["a"], ["c", "b"]) == (
        [i.key for i in store.get_outbox_items()],
        [i.key for i in store.get_outbox_items(status=OutboxStatus.SENT)],
        [i.key for i in store.get_outbox_items(status=OutboxStatus.PENDING)])
    sent = store.get_outbox_items(status=OutboxStatus.SENT)[0]
    assert (1, "2026-01-02T10:00:00+07:00") == (sent.attempts, sent.sent_at.isoformat())


def test_outbox_update_failure(store: Store, build: Any) -> None:
    """A failed attempt is recorded with its error."""
    store.add_outbox_item(OutboxItem(key="k", created_at=build.at(2026, 1, 2)))
    store.update_outbox_item(OutboxItem(key="k", created_at=build.at(2026, 1, 2),
                                        status=OutboxStatus.FAILED, attempts=3,
                                        last_error="SMTP 550: hộp thư đầy"))
    got = store.get_outbox_items()[0]
    assert (OutboxStatus.FAILED, 3, "SMTP 550: hộp thư đầy") == (
        got.status, got.attempts, got.last_error)


def test_outbox_update_missing(store: Store, build: Any) -> None:
    """Updating an unknown key raises NotFoundError."""
    with pytest.raises(NotFoundError):
        store.update_outbox_item(OutboxItem(key="nope", created_at=build.at(2026, 1, 2)))


def test_outbox_payload_is_copied(store: Store, build: Any) -> None:
    """Changing the payload dict after adding (or after reading) changes nothing stored."""
    payload: dict[str, Any] = {"to": ["SNV"], "text": unicodedata.normalize("NFD", "Hạn")}
    store.add_outbox_item(OutboxItem(key="k", created_at=build.at(2026, 1, 2),
                                     payload=payload))
    payload["to"].append("STC")
    store.get_outbox_items()[0].payload["to"].append("SYT")
    assert {"to": ["SNV"], "text": "Hạn"} == store.get_outbox_items()[0].payload


def test_outbox_payload_not_json(store: Store, build: Any) -> None:
    """A payload JSON cannot hold is refused."""
    with pytest.raises(ValidationError):
        store.add_outbox_item(OutboxItem(key="k", created_at=build.at(2026, 1, 2),
                                         payload={"when": date(2026, 1, 2)}))
    assert [] == store.get_outbox_items()


# -- export / import ---------------------------------------------------------------------

def _full(store: Store, build: Any) -> None:
    build.seeded(store)
    store.add_unit(build.unit("XA1", "UBND xã Tân Lập", kind=UnitKind.COMMUNE))
    store.add_succession(Succession(kind=SuccessionKind.RENAME, predecessors=("A",),
                                    successors=("B",), effective=date(2025, 7, 1),
                                    document="NQ 1656/NQ-UBTVQH15"))
    store.add_directive(build.directive("D2", number=None, summary="Ý kiến chỉ đạo 🙂",
                                        origin=DirectiveOrigin.DIRECT))
    store.add_task(build.fixed_task("T2", date(2026, 2, 10), directive_id="D2",
                                    tags=("a", "b")), [build.assigned("T2")])
    # An approval needs a pending request (issue 17: stores refuse such a history).
    store.append_events("T2", [build.requested("T2", 19, date(2026, 3, 1)),
                               build.extended("T2", 20, date(2026, 3, 1))], expected_version=2)
    store.append_events("T1", [TaskCancelled(
        task_id="T1", at=build.at(2026, 1, 9), actor="UBND", reason="Không còn phù hợp")],
        expected_version=2)  # T2 got the event line T1 gives up: 14 lines as before
    store.add_outbox_item(OutboxItem(key="k1", created_at=build.at(2026, 1, 2),
                                     payload={"x": [1, 2.5, None, True]}))


def test_export_import_round_trip(store: Store, other_store: Store, build: Any) -> None:
    """export → import into a fresh store of each kind reproduces everything."""
    _full(store, build)
    buf = io.StringIO()
    lines = store.export_jsonl(buf)
    header = json.loads(buf.getvalue().splitlines()[0])
    buf.seek(0)
    records = other_store.import_jsonl(buf)
    assert (14, 13, {"format": "directive_tracker", "version": 1}) == (
        lines, records, header)
    assert (store.get_units(), store.get_successions(), store.get_directives(),
            store.get_tasks(), store.get_events_for(["T1", "T2"]),
            store.get_outbox_items()) == (
        other_store.get_units(), other_store.get_successions(),
        other_store.get_directives(), other_store.get_tasks(),
        other_store.get_events_for(["T1", "T2"]), other_store.get_outbox_items())
    assert ([3, 3], ["cancelled", "extension_approved"]) == (
        [t.version for t in other_store.get_tasks()],
        [other_store.get_events("T1")[-1].kind, other_store.get_events("T2")[-1].kind])


def _export(store: Store, build: Any) -> list[str]:
    _full(store, build)
    buf = io.StringIO()
    store.export_jsonl(buf)
    return buf.getvalue().splitlines()


@pytest.mark.parametrize(("mutate", "line"), [
    (lambda ls: ["not json", *ls[1:]], 1),
    (lambda ls: [json.dumps({"format": "directive_tracker", "version": 99}), *ls[1:]], 1),
    (lambda ls: [json.dumps({"format": "other", "version": 1}), *ls[1:]], 1),
    (lambda ls: [*ls, "{broken"], 15),
    (lambda ls: [*ls, json.dumps({"type": "spaceship"})], 15),
    (lambda ls: [*ls[:5], json.dumps({"type": "unit", "data": {"code": "", "name": "x",
                                                              "kind": "department"}}),
                 *ls[5:]], 6),
    (lambda ls: [*ls, ls[1]], 15),
    (lambda ls: [*ls, json.dumps({"type": "event", "data": {"kind": "accepted",
                                                            "task_id": "T404",
                                                            "at": "2026-01-05T09:00:00+07:00",
                                                            "actor": "x", "note": ""}})], 15),
    (lambda ls: [*ls, json.dumps({"type": "task", "data": {"id": "T9"}})], 15),
])
def test_import_validates_first(store: Store, other_store: Store, build: Any, mutate: Any,
                                line: int) -> None:
    """Malformed input raises ImportFormatError naming the line; nothing is written."""
    lines = mutate(_export(store, build))
    other_store.add_unit(build.unit("KEEP", "Giữ nguyên"))
    with pytest.raises(ImportFormatError) as info:
        other_store.import_jsonl(io.StringIO("\n".join(lines) + "\n"))
    assert (line, ["KEEP"], []) == (info.value.line, [u.code for u in other_store.get_units()],
                                    other_store.get_tasks())


def test_import_conflict_leaves_store_unchanged(store: Store, other_store: Store,
                                                build: Any) -> None:
    """Importing an id that already exists raises DuplicateIdError; nothing is written."""
    lines = _export(store, build)
    other_store.add_directive(build.directive("D2", summary="đã có"))
    with pytest.raises(DuplicateIdError):
        other_store.import_jsonl(io.StringIO("\n".join(lines)))
    assert (["D2"], [], []) == ([d.id for d in other_store.get_directives()],
                                other_store.get_units(), other_store.get_tasks())


def test_import_empty_stream(store: Store) -> None:
    """An empty stream has no header and is refused."""
    with pytest.raises(ImportFormatError) as info:
        store.import_jsonl(io.StringIO(""))
    assert 1 == info.value.line


def test_timestamps_keep_instant(store: Store, build: Any) -> None:
    """An event recorded in UTC+0 is the same instant when read back."""
    build.seeded(store)
    utc = datetime(2026, 1, 6, 17, 0, tzinfo=UTC)
    store.append_events("T1", [type(build.accepted())(task_id="T1", at=utc, actor="x")],
                        expected_version=2)
    got = store.get_events("T1")[-1].at
    assert (timedelta(0), "2026-01-07T00:00:00+07:00") == (got - utc, got.isoformat())


# -- bulk ingest and as-of queries ---------------------------------------------------------

def test_add_tasks_bulk(store: Store, build: Any) -> None:
    """add_tasks_bulk stores every pair with version 1 + len(events) and returns the count."""
    store.add_directive(build.directive())
    n = store.add_tasks_bulk([(build.task("B1"), [build.assigned("B1")]),
                              (build.task("B2"), []),
                              (build.task("B3"), [build.assigned("B3"), build.accepted("B3")])])
    assert (3, [2, 1, 3], ["assigned", "accepted"]) == (
        n, [t.version for t in store.get_tasks()], [e.kind for e in store.get_events("B3")])


@pytest.mark.parametrize("bad", ["unknown_directive", "duplicate_in_batch", "stored_id",
                                 "foreign_event"])
def test_add_tasks_bulk_all_or_nothing(store: Store, build: Any, bad: str) -> None:
    """One refused pair means nothing of the batch is written."""
    build.seeded(store)
    pairs = [(build.task("B1"), [build.assigned("B1")])]
    if bad == "unknown_directive":
        pairs.append((build.task("B2", directive_id="NOPE"), []))
        error: type[Exception] = DirectiveNotFoundError
    elif bad == "duplicate_in_batch":
        pairs.append((build.task("B1"), []))
        error = DuplicateIdError
    elif bad == "stored_id":
        pairs.append((build.task("T1"), []))
        error = DuplicateIdError
    else:
        pairs.append((build.task("B2"), [build.assigned("B9")]))
        error = ValidationError
    with pytest.raises(error):
        store.add_tasks_bulk(pairs)
    assert (["T1"], 1) == ([t.id for t in store.get_tasks()], len(store.get_events("T1")))


def _province(store: Store, build: Any) -> None:
    """Tasks whose as-of state is worked out by hand in the tests below."""
    store.add_directive(build.directive())
    jan10 = date(2026, 1, 10)
    store.add_task(build.task("A", lead_unit="SNV"), [build.assigned("A")])
    store.add_task(build.fixed_task("B", jan10, lead_unit="SNV"),
                   [build.assigned("B"), build.requested("B", 8, date(2026, 1, 31)),
                    build.extended("B", 9, date(2026, 1, 31))])
    store.add_tasks_bulk([(build.fixed_task("C", jan10, lead_unit="SNV"), [build.assigned("C")]),
                          (build.fixed_task("D", jan10, lead_unit="SNV"), [build.assigned("D")]),
                          (build.fixed_task("E", jan10, lead_unit="SNV"), [])])
    store.append_events("C", [TaskTransferred(task_id="C", at=build.at(2026, 1, 12),
                                              actor="UBND", from_unit="SNV", to_unit="STC",
                                              document="QĐ 12/QĐ-UBND")], expected_version=2)
    store.append_events("D", [build.accepted("D", 6)], expected_version=2)
    store.append_events("D", [build.completed("D", 15)], expected_version=3)
    store.append_events("E", [TaskCancelled(task_id="E", at=build.at(2026, 1, 9), actor="UBND",
                                            reason="Trùng nhiệm vụ")], expected_version=1)
    store.add_task(build.fixed_task("F", date(2026, 1, 31), lead_unit="STC"),
                   [build.assigned("F"), build.completed("F", 20)])
    store.add_task(build.task("G", lead_unit="SNV", deadline=NoDeadline(kind="ongoing"),
                              due_date=None))
    store.add_task(build.fixed_task("H", date(2026, 2, 10), lead_unit="SNV",
                                    assigned_on=date(2026, 2, 1), anchor=date(2026, 2, 1)))


@pytest.mark.parametrize(("unit", "as_of", "expected"), [
    ("SNV", date(2026, 1, 10), []),
    ("SNV", date(2026, 1, 11), ["C", "D"]),
    ("SNV", date(2026, 1, 12), ["D"]),
    ("STC", date(2026, 1, 12), ["C"]),
    ("SNV", date(2026, 1, 19), []),
    ("SNV", date(2026, 1, 20), ["A"]),
    ("SNV", date(2026, 2, 1), ["A", "B"]),
    ("STC", date(2026, 2, 1), ["C"]),
    ("SNV", date(2026, 2, 11), ["A", "B", "H"]),
    ("XA1", date(2026, 2, 11), []),
])
def test_overdue_task_ids(store: Store, build: Any, unit: str, as_of: date,
                          expected: list[str]) -> None:
    """Overdue as of a date follows transfers, extensions, completion and cancellation."""
    _province(store, build)
    assert expected == store.overdue_task_ids(unit, as_of)


def test_unit_tallies(store: Store, build: Any) -> None:
    """Per-unit counts as of 20/01/2026, worked out by hand."""
    _province(store, build)
    got = store.unit_tallies(date(2026, 1, 20))
    assert {"SNV": (5, 2, 1, 0, 1, 1), "STC": (2, 0, 1, 1, 0, 0)} == {
        u: (t.total, t.open_on_time, t.open_overdue, t.done_on_time, t.done_late,
            t.cancelled) for u, t in got.items()}


def test_unit_tallies_before_anything(store: Store, build: Any) -> None:
    """Before any task is assigned, there is nothing to count."""
    _province(store, build)
    assert {} == store.unit_tallies(date(2026, 1, 4))


def test_as_of_follows_update_task(store: Store, build: Any) -> None:
    """Changing a task's lead with update_task moves it in the as-of queries."""
    _province(store, build)
    a = store.get_task("A")
    with pytest.warns(DirectiveTrackerDeprecationWarning, match="change_terms"):
        store.update_task(build.task("A", lead_unit="XA1", version=a.version))
    assert (["XA1"], []) == (
        [u for u in store.unit_tallies(date(2026, 1, 20)) if u == "XA1"],
        store.overdue_task_ids("SNV", date(2026, 1, 20)))


def test_as_of_rolls_back(store: Store, build: Any) -> None:
    """A rolled-back completion does not count."""
    _province(store, build)
    with pytest.raises(BoomError), store.transaction():  # noqa: PT012
        store.append_events("A", [build.completed("A", 19)], expected_version=2)
        raise BoomError
    assert ["A"] == store.overdue_task_ids("SNV", date(2026, 1, 20))


def _recomputed(task_id: str, day: int, previous_due: date, new_due: date
                ) -> DeadlineRecomputed:
    """A calendar-change recomputation recorded on *day* January 2026 (09:00 in Vietnam)."""
    return DeadlineRecomputed(task_id=task_id, at=datetime(2026, 1, day, 2, tzinfo=UTC),
                              actor="UBND", previous_due=previous_due, new_due=new_due,
                              document="CĐ 05/CĐ-UBND", reason="Nghỉ làm việc do bão")


def _recomputed_province(store: Store, build: Any) -> None:
    """
    Three SNV tasks whose due dates a calendar change moved (worked out by hand).

    R: due 10/01, recomputed on 08/01 to 13/01 (appended later, one write).
    Q: due 10/01, recomputed on 08/01 to 13/01, completed 12/01 (stored with its events).
    S: due 20/01, recomputed on 09/01 to 16/01, an earlier date (stored in bulk).
    """
    store.add_directive(build.directive())
    jan10, jan13 = date(2026, 1, 10), date(2026, 1, 13)
    store.add_task(build.fixed_task("R", jan10), [build.assigned("R")])
    store.append_events("R", [_recomputed("R", 8, jan10, jan13)], expected_version=2)
    store.add_task(build.fixed_task("Q", jan10),
                   [build.assigned("Q"), _recomputed("Q", 8, jan10, jan13),
                    build.completed("Q", 12)])
    store.add_tasks_bulk([(build.fixed_task("S", date(2026, 1, 20)),
                           [build.assigned("S"),
                            _recomputed("S", 9, date(2026, 1, 20), date(2026, 1, 16))])])


class TestDeadlineRecomputed:
    """The as-of queries use the due date a ``deadline_recomputed`` event set."""

    @pytest.mark.parametrize(("as_of", "expected"), [
        (date(2026, 1, 7), []),
        (date(2026, 1, 11), []),
        (date(2026, 1, 13), []),
        (date(2026, 1, 14), ["R"]),
        (date(2026, 1, 16), ["R"]),
        (date(2026, 1, 17), ["R", "S"]),
    ])
    def test_overdue_follows_recomputed_due(self, store: Store, build: Any, as_of: date,
                                            expected: list[str]) -> None:
        """R and Q are not overdue until after 13/01; S is overdue from 17/01, not 21/01."""
        _recomputed_province(store, build)
        assert expected == store.overdue_task_ids("SNV", as_of)

    @pytest.mark.parametrize(("as_of", "expected"), [
        # (total, open on time, open overdue, done on time, done late, cancelled)
        (date(2026, 1, 11), (3, 3, 0, 0, 0, 0)),
        (date(2026, 1, 14), (3, 1, 1, 1, 0, 0)),
        (date(2026, 1, 17), (3, 0, 2, 1, 0, 0)),
    ])
    def test_tallies_follow_recomputed_due(self, store: Store, build: Any, as_of: date,
                                           expected: tuple[int, ...]) -> None:
        """Q completed on 12/01 is on time against 13/01; nothing counts as cancelled."""
        _recomputed_province(store, build)
        assert expected == _tally_tuple(store.unit_tallies(as_of)["SNV"])

    def test_before_recomputation_uses_original_due(self, store: Store, build: Any) -> None:
        """A recomputation recorded on 12/01 does not change the status of 11/01."""
        store.add_directive(build.directive())
        store.add_task(build.fixed_task("P", date(2026, 1, 10)),
                       [build.assigned("P"),
                        _recomputed("P", 12, date(2026, 1, 10), date(2026, 1, 14))])
        assert (["P"], [], (1, 1, 0, 0, 0, 0)) == (
            store.overdue_task_ids("SNV", date(2026, 1, 11)),
            store.overdue_task_ids("SNV", date(2026, 1, 12)),
            _tally_tuple(store.unit_tallies(date(2026, 1, 13))["SNV"]))


def _tally_tuple(t: Any) -> tuple[int, ...]:
    """(total, open on time, open overdue, done on time, done late, cancelled)."""
    return (t.total, t.open_on_time, t.open_overdue, t.done_on_time, t.done_late, t.cancelled)


def test_as_of_argument_types(store: Store) -> None:
    """as_of must be a date, not a datetime."""
    with pytest.raises(InvalidTypeError):
        store.overdue_task_ids("SNV", datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(InvalidTypeError):
        store.unit_tallies("2026-01-01")  # type: ignore[arg-type]


def test_many_ids_query(store: Store, build: Any) -> None:
    """An ids filter longer than any SQL parameter chunk is answered whole, sorted, limited."""
    store.add_directive(build.directive())
    store.add_tasks_bulk([(build.task(f"M{i:04d}"), []) for i in range(1200)])
    wanted = [f"M{i:04d}" for i in range(1199, 0, -2)]  # 600 ids, descending
    got = store.get_tasks(TaskQuery(ids=wanted, limit=550))
    assert (550, "M0001", "M1099", 600) == (
        len(got), got[0].id, got[-1].id, store.count_tasks(TaskQuery(ids=wanted)))


# -- issue 17: hostile input is refused the same way by every backend --------------------

SURROGATE = "\ud800"


@pytest.mark.parametrize("write", ["unit", "directive", "task", "event", "outbox"])
def test_lone_surrogate_refused_before_writing(store: Store, build: Any, write: str) -> None:
    """A lone surrogate anywhere in written text is a ValidationError; nothing is stored."""
    store.add_unit(build.unit("STC", "Sở Tài chính"))
    store.add_directive(build.directive("D1"))
    store.add_task(build.task("T1"), [build.assigned("T1")])
    writes: dict[str, Any] = {
        "unit": lambda: store.add_unit(build.unit("SNV", "Sở Nội vụ" + SURROGATE)),
        "directive": lambda: store.add_directive(
            build.directive("D2", summary="Kế hoạch" + SURROGATE)),
        "task": lambda: store.add_task(build.task("T2", content="Rà soát" + SURROGATE)),
        "event": lambda: store.append_events(
            "T1", [attrs_evolve(build.progress("T1"), actor="SNV" + SURROGATE)],
            expected_version=2),
        "outbox": lambda: store.add_outbox_item(OutboxItem(
            key="k", created_at=build.at(2026, 1, 2), payload={"text": "Hạn" + SURROGATE})),
    }
    with pytest.raises(ValidationError, match="surrogate"):
        writes[write]()
    # Nothing of the refused write is stored (counts written by hand: 1 unit, 1
    # directive, 1 task at version 2 with 1 event, no outbox item).
    assert (["STC"], ["D1"], ["T1"], 2, 1, []) == (
        [u.code for u in store.get_units()], [d.id for d in store.get_directives()],
        [t.id for t in store.get_tasks()], store.get_task("T1").version,
        len(store.get_events("T1")), store.get_outbox_items())


def attrs_evolve(obj: Any, **changes: Any) -> Any:
    """Return a copy of an attrs object with *changes* (bypasses nothing: validators run)."""
    import attrs

    return attrs.evolve(obj, **changes)


def test_lone_surrogate_in_bulk_refused(store: Store, build: Any) -> None:
    """add_tasks_bulk refuses the whole batch when one event holds a lone surrogate."""
    store.add_directive(build.directive("D1"))
    # The event constructors refuse a lone surrogate themselves; the store must still
    # refuse one in an object forged past them (a foreign writer, a corrupted object).
    bad = build.assigned("T2")
    object.__setattr__(bad, "actor", "vanthu" + SURROGATE)
    with pytest.raises(ValidationError, match="surrogate"):
        store.add_tasks_bulk([(build.task("T1"), [build.assigned("T1")]),
                              (build.task("T2"), [bad])])
    assert 0 == store.count_tasks()


@pytest.mark.parametrize("call", [
    lambda s: s.get_task("T" + SURROGATE),
    lambda s: s.get_unit("SNV" + SURROGATE),
    lambda s: s.get_directive("D" + SURROGATE),
    lambda s: s.get_events_for(["T" + SURROGATE]),
    lambda s: s.get_directives(issuer="UBND" + SURROGATE),
    lambda s: s.get_directives(text="kế" + SURROGATE),
    lambda s: s.overdue_task_ids("SNV" + SURROGATE, date(2026, 1, 20)),
])
def test_lone_surrogate_in_queries_refused(store: Store, call: Any) -> None:
    """Query arguments with a lone surrogate raise ValidationError, not UnicodeEncodeError."""
    with pytest.raises(ValidationError, match="surrogate"):
        call(store)


@pytest.mark.parametrize("field", ["ids", "text", "tag", "unit", "directive_id"])
def test_task_query_surrogate_refused(field: str) -> None:
    """TaskQuery refuses a lone surrogate in any text filter when it is built."""
    value: Any = ["T" + SURROGATE] if field == "ids" else "X" + SURROGATE
    with pytest.raises(ValidationError, match="surrogate"):
        TaskQuery(**{field: value})


def test_query_nfd_id_finds_nfc_task(store: Store, build: Any) -> None:
    """TaskQuery(ids=[NFD id]) finds the task stored under the NFC id (issue 17 item 10)."""
    store.add_directive(build.directive("D1"))
    store.add_task(build.task("NV-Hà"))  # NFC: "à" is one code point, U+00E0
    nfd = unicodedata.normalize("NFD", "NV-Hà")  # "a" + U+0300: 6 code points
    assert (6, ["NV-Hà"], 1, "NV-Hà") == (
        len(nfd), [t.id for t in store.get_tasks(TaskQuery(ids=[nfd]))],
        store.count_tasks(TaskQuery(ids=[nfd])), store.get_task(nfd).id)


def test_query_text_cap(store: Store, build: Any) -> None:
    """A search text of 200 characters is searched; 201 is refused on every backend."""
    store.add_directive(build.directive("D1"))
    store.add_task(build.task("T1", content="a" * 200))
    assert ["T1"] == [t.id for t in store.get_tasks(TaskQuery(text="a" * 200))]
    with pytest.raises(ValidationError, match="201 characters long; a search text has at "
                                              "most 200"):
        store.get_tasks(TaskQuery(text="a" * 201))
    with pytest.raises(ValidationError, match="at most 200"):
        store.get_directives(text="b" * 201)


def test_query_text_cap_checked_before_normalising() -> None:
    """The length is that of the raw input (1 + 2 × 50,000 = 100,001), checked before NFC."""
    with pytest.raises(ValidationError, match="100001 characters long"):
        TaskQuery(text="a" + "\u0301\u0323" * 50_000)


def test_outbox_item_before_1900_refused(store: Store) -> None:
    """An outbox item dated before 1900 (here 999, forged past OutboxItem's own check) is
    refused by every store before anything is written; keys of such items already stored
    by 0.1 are re-padded by the SQLite migration (test_sqlite)."""
    item = OutboxItem(key="b-cu", created_at=datetime(2026, 1, 1, tzinfo=UTC))
    object.__setattr__(item, "created_at", datetime(999, 5, 1, tzinfo=UTC))
    with pytest.raises(ValidationError, match="1900"):
        store.add_outbox_item(item)
    assert [] == store.get_outbox_items()


def _one_task_export(version: int) -> str:
    """A hand-written export: unit, directive, task T1 at *version* with one event."""
    return "\n".join([
        '{"format":"directive_tracker","version":1}',
        '{"type":"directive","data":{"id":"D1","issuer":"UBND","issue_date":"2026-01-02",'
        '"summary":"Kế hoạch"}}',
        '{"type":"task","data":{"id":"T1","directive_id":"D1","content":"Rà soát",'
        '"lead_unit":"SNV","deadline":{"kind":"fixed_date","date":"2026-01-19"},'
        '"anchor":"2026-01-05","due_date":"2026-01-19","assigned_on":"2026-01-05",'
        f'"version":{version}}}}}',
        '{"type":"event","data":{"kind":"assigned","task_id":"T1",'
        '"at":"2026-01-05T09:00:00+07:00","actor":"vanthu"}}',
    ]) + "\n"


def test_import_refuses_absurd_version(store: Store) -> None:
    """version 1,000,000,000 with 1 event is refused at once (at most 1 + 1 + 1,000)."""
    with pytest.raises(ImportFormatError, match=r"line 3: .*version 1,000,000,000.*= 1,002"):
        store.import_jsonl(io.StringIO(_one_task_export(1_000_000_000)))
    assert (0, []) == (store.count_tasks(), store.get_directives())


def test_import_accepts_version_at_the_cap(store: Store) -> None:
    """version 1 + 1 event + 1,000 updates = 1,002 is restored exactly."""
    try:
        n = store.import_jsonl(io.StringIO(_one_task_export(1_002)))
    except ImportFormatError as e:  # the record layout is the codec's: say so if it moved
        pytest.fail(f"hand-written export refused: {e}")
    assert (3, 1_002) == (n, store.get_task("T1").version)


class _EndlessLine(io.TextIOBase):
    """A text stream that never ends a line (like ``/dev/zero`` or a pipe that never stops)."""

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        n = 1 << 20 if size is None or size < 0 else size
        if self.served > 64 << 20:  # a bound for the test itself: 64 Mi characters
            raise AssertionError("import kept reading past 64 Mi characters")
        self.served += n
        return "x" * n


def test_import_stops_at_max_line_length(store: Store) -> None:
    """A stream without a line break stops after 16 Mi characters with ImportFormatError."""
    stream = _EndlessLine()
    with pytest.raises(ImportFormatError, match="line 1: the line is longer than 16,777,216"):
        store.import_jsonl(stream)
    assert stream.served <= 16 * 2**20 + 1  # one readline(16 Mi + 1), nothing more

