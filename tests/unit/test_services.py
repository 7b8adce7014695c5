# SPDX-License-Identifier: MIT
"""Tests for directive_tracker.services on the in-memory store, and a quarter-long scenario.

Dates of 2025 used here (domain.md §2.3): Tết 2025 was 25/01–02/02; there is no other day
off in February or March 2025 (Hùng Kings was 07/04/2025).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import CountedFrom, FixedDate, NoDeadline, WorkingDays
from directive_tracker.directives import Directive
from directive_tracker.events import TaskAccepted
from directive_tracker.exceptions import (
    ConcurrentModificationError,
    DeadlinePhraseError,
    DirectiveNotFoundError,
    DuplicateIdError,
    InvalidTransitionError,
    InvalidTypeError,
    OverlapError,
    OverlapWarning,
    TaskNotFoundError,
    UnitNotFoundError,
    ValidationError,
)
from directive_tracker.lifecycle import TaskPhase
from directive_tracker.services import (
    accept_task,
    approve_extension,
    assign_task,
    cancel_task,
    child_tasks,
    complete_task,
    content_key,
    due_soon_tasks,
    find_overlaps,
    overdue_tasks,
    parent_progress,
    pause_task,
    record_event,
    refuse_task,
    register_directive,
    register_unit,
    reject_extension,
    reorganise,
    report_progress,
    request_extension,
    resume_task,
    return_for_rework,
    similarity,
    statuses,
    submit_for_review,
    task_state,
    task_status,
    transfer_open_tasks,
    transfer_task,
)
from directive_tracker.status import ReportGroup, StatusKind
from directive_tracker.storage import MemoryStore, SQLiteStore
from directive_tracker.units import Succession, SuccessionKind, Unit, UnitKind, UnitRegistry

D = date


class FakeClock:
    """A settable clock returning 09:00 Vietnam time on the current day."""

    def __init__(self, day: date) -> None:
        self.day = day
        self.hour = 9

    def set(self, day: date, hour: int = 9) -> None:
        self.day, self.hour = day, hour

    def __call__(self) -> datetime:
        from zoneinfo import ZoneInfo

        return datetime(self.day.year, self.day.month, self.day.day, self.hour,
                        tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


UNITS = [
    Unit(code="UBND", name="Ủy ban nhân dân tỉnh", kind=UnitKind.PROVINCIAL_COMMITTEE),
    Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT),
    Unit(code="STC", name="Sở Tài chính", kind=UnitKind.DEPARTMENT),
    Unit(code="SKHDT", name="Sở Kế hoạch và Đầu tư", kind=UnitKind.DEPARTMENT),
    Unit(code="SXD", name="Sở Xây dựng", kind=UnitKind.DEPARTMENT),
    Unit(code="SCU", name="Sở đã giải thể", kind=UnitKind.DEPARTMENT,
         valid_to=D(2024, 12, 31)),
    Unit(code="PKT", name="Phòng Kinh tế", kind=UnitKind.DIVISION, parent="SXD"),
    Unit(code="PQL", name="Phòng Quản lý đô thị", kind=UnitKind.DIVISION, parent="SXD"),
]

DIRECTIVE = Directive(id="KH12", issuer="UBND", issue_date=D(2025, 2, 5),
                      received_date=D(2025, 2, 6),
                      summary="Kế hoạch triển khai nhiệm vụ trọng tâm quý I năm 2025")


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Any]:
    """A store with the sample units and directive (in memory, and SQLite)."""
    s = MemoryStore() if request.param == "memory" else SQLiteStore(tmp_path / "t.db")
    for u in UNITS:
        register_unit(s, u)
    register_directive(s, DIRECTIVE)
    yield s
    s.close()


@pytest.fixture
def clock() -> FakeClock:
    """A clock at 09:00 on Fri 07/02/2025."""
    return FakeClock(D(2025, 2, 7))


def _assign(store: Any, cal: Any, clock: FakeClock, task_id: str, lead: str,
            content: str, deadline: Any = None, **kw: Any) -> Any:
    return assign_task(store, cal, directive_id="KH12", task_id=task_id, content=content,
                       lead_unit=lead, deadline=deadline or FixedDate(date=D(2025, 3, 31)),
                       actor="vanthu", clock=clock, **kw).task


class TestRegister:
    def test_directive_parent_must_exist(self, store: Any) -> None:
        """A directive implementing an unknown parent is refused."""
        child = Directive(id="KH13", issuer="UBND", issue_date=D(2025, 2, 5),
                          summary="Kế hoạch con", parent_id="NQ01")
        with pytest.raises(DirectiveNotFoundError):
            register_directive(store, child)

    def test_duplicates_and_types(self, store: Any) -> None:
        """Registering twice or the wrong type fails."""
        with pytest.raises(DuplicateIdError):
            register_directive(store, DIRECTIVE)
        with pytest.raises(DuplicateIdError):
            register_unit(store, UNITS[0])
        with pytest.raises(InvalidTypeError):
            register_unit(store, "SNV")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            register_directive(store, "KH12")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            register_unit("store", UNITS[0])  # type: ignore[arg-type]


class TestAssign:
    def test_due_from_directive_anchor(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """10 working days from the received date Thu 06/02/2025 → Thu 20/02/2025."""
        task = _assign(store, cal, clock, "T1", "SKHDT", "Kế hoạch đầu tư công",
                       WorkingDays(n=10), coordinating_units=("STC",))
        assert (D(2025, 2, 6), D(2025, 2, 20), D(2025, 2, 7), 2, ("STC",)) == (
            task.anchor, task.due_date, task.assigned_on, task.version,
            task.coordinating_units)
        assert [task] == store.get_tasks()
        assert ["assigned"] == [e.kind for e in store.get_events("T1")]

    def test_phrase_and_explicit_anchor(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """A Vietnamese phrase is read; 'trong 15 ngày' from 10/02/2025 ends 25/02/2025."""
        task = _assign(store, cal, clock, "T1", "STC", "Quyết toán", "trong 15 ngày",
                       anchor=D(2025, 2, 10))
        assert D(2025, 2, 25) == task.due_date

    def test_no_deadline(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """An ongoing task has no due date."""
        task = _assign(store, cal, clock, "T1", "SXD", "Theo dõi", NoDeadline())
        assert task.due_date is None

    @pytest.mark.parametrize(("kwargs", "error"), [
        ({"lead_unit": "SXX"}, UnitNotFoundError),
        ({"lead_unit": "SCU"}, ValidationError),
        ({"coordinating_units": ("SCU",)}, ValidationError),
        ({"coordinating_units": ("SNV",)}, ValidationError),
        ({"directive_id": "KH99"}, DirectiveNotFoundError),
        ({"parent_id": "T9"}, TaskNotFoundError),
        ({"deadline": 10}, InvalidTypeError),
        ({"on_overlap": "maybe"}, ValidationError),
        ({"clock": lambda: datetime(2025, 2, 7, 9)}, ValidationError),
        ({"clock": "now"}, InvalidTypeError),
        # KH12 was issued on 05/02/2025: no task can be assigned from it on 04/02.
        ({"clock": FakeClock(D(2025, 2, 4))}, ValidationError),
    ])
    def test_refused(self, store: Any, cal: Any, clock: FakeClock, kwargs: dict[str, Any],
                     error: type[Exception]) -> None:
        """Unknown or inactive units, unknown directive/parent and bad arguments fail."""
        args: dict[str, Any] = {"directive_id": "KH12", "task_id": "T1", "content": "Việc",
                                "lead_unit": "SNV", "deadline": WorkingDays(n=5),
                                "actor": "vanthu", "clock": clock}
        args.update(kwargs)
        with pytest.raises(error):
            assign_task(store, cal, **args)
        assert [] == store.get_tasks()

    def test_duplicate_id(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """A second task with the same id is refused."""
        _assign(store, cal, clock, "T1", "SNV", "Việc một")
        with pytest.raises(DuplicateIdError):
            _assign(store, cal, clock, "T1", "STC", "Việc hai")


class TestAssignCountedFrom:
    """The default anchor follows the event the deadline counts from.

    CT07 was signed Mon 02/03/2026 and received Thu 05/03/2026; tasks are assigned on
    Fri 06/03/2026.  No day off from March to mid-April 2026 except weekends (domain.md
    §2.3: Hùng Kings 25–27/04).  Hand counts: 10 working days from 02/03 are 03–06/03
    (1–4), 09–13/03 (5–9), Mon 16/03 (10); from 05/03 they are 06/03 (1), 09–13/03 (2–6),
    16–19/03 (7–10), so Thu 19/03.
    """

    SIGNED_ONLY = Directive(id="CT08", issuer="UBND", issue_date=D(2026, 3, 2),
                            summary="Chỉ thị chưa ghi ngày nhận")
    BOTH = Directive(id="CT07", issuer="UBND", issue_date=D(2026, 3, 2),
                     received_date=D(2026, 3, 5), summary="Chỉ thị về cải cách hành chính")

    def _assign(self, store: Any, cal: Any, deadline: Any, directive: str = "CT07",
                **kw: Any) -> Any:
        register_directive(store, self.BOTH)
        register_directive(store, self.SIGNED_ONLY)
        return assign_task(store, cal, directive_id=directive, task_id="T1",
                           content="Rà soát thủ tục", lead_unit="SNV", deadline=deadline,
                           actor="vanthu", clock=FakeClock(D(2026, 3, 6)), **kw).task

    @pytest.mark.parametrize(("deadline", "anchor", "due"), [
        ("trong 10 ngày làm việc kể từ ngày ký", D(2026, 3, 2), D(2026, 3, 16)),
        ("trong 10 ngày làm việc kể từ ngày nhận được văn bản", D(2026, 3, 5),
         D(2026, 3, 19)),
        # No event named: the directive's anchor_date (received) as before.
        ("trong 10 ngày làm việc", D(2026, 3, 5), D(2026, 3, 19)),
        # Assigned Fri 06/03: 09–13/03 (1–5), 16–20/03 (6–10).
        ("trong 10 ngày làm việc kể từ ngày được giao", D(2026, 3, 6), D(2026, 3, 20)),
        (WorkingDays(n=10, counted_from=CountedFrom.ISSUE), D(2026, 3, 2), D(2026, 3, 16)),
        # 02/03 + 10 days = Thu 12/03/2026, a working day.
        ("trong 10 ngày kể từ ngày ký", D(2026, 3, 2), D(2026, 3, 12)),
    ])
    def test_default_anchor(self, store: Any, cal: Any, deadline: Any, anchor: date,
                            due: date) -> None:
        """Signing, receipt, assignment or the directive's anchor_date, by the rule's event."""
        task = self._assign(store, cal, deadline)
        assert (anchor, due) == (task.anchor, task.due_date)

    def test_event_is_stored(self, store: Any, cal: Any) -> None:
        """The stored rule keeps counted_from (memory and SQLite)."""
        self._assign(store, cal, "trong 10 ngày làm việc kể từ ngày ký")
        assert WorkingDays(n=10, counted_from=CountedFrom.ISSUE) == store.get_task(
            "T1").deadline

    def test_receipt_falls_back_to_issue_date(self, store: Any, cal: Any) -> None:
        """No received date recorded: 'kể từ ngày nhận' counts from the issue date 02/03."""
        task = self._assign(store, cal, "trong 10 ngày làm việc kể từ ngày nhận được văn bản",
                            directive="CT08")
        assert (D(2026, 3, 2), D(2026, 3, 16)) == (task.anchor, task.due_date)

    def test_explicit_anchor_wins(self, store: Any, cal: Any) -> None:
        """anchor= overrides the event: 10 working days from Thu 05/03 → Thu 19/03."""
        task = self._assign(store, cal, "trong 10 ngày làm việc kể từ ngày ký",
                            anchor=D(2026, 3, 5))
        assert (D(2026, 3, 5), D(2026, 3, 19)) == (task.anchor, task.due_date)

    def test_effective_date_needs_an_anchor(self, store: Any, cal: Any) -> None:
        """A directive records no effective date: refused without anchor=, nothing stored."""
        with pytest.raises(ValidationError, match="takes effect") as info:
            self._assign(store, cal, "trong 10 ngày làm việc kể từ ngày văn bản có hiệu lực")
        assert "anchor" == info.value.param_name  # type: ignore[attr-defined]
        assert [] == store.get_tasks()

    def test_effective_date_with_anchor(self, store: Any, cal: Any) -> None:
        """Effective Thu 12/03: 13/03 (1), 16–20/03 (2–6), 23–26/03 (7–10) → Thu 26/03."""
        task = self._assign(store, cal, "trong 10 ngày làm việc kể từ ngày văn bản có hiệu lực",
                            anchor=D(2026, 3, 12))
        assert (D(2026, 3, 12), D(2026, 3, 26)) == (task.anchor, task.due_date)

    def test_two_events_refused(self, store: Any, cal: Any) -> None:
        """A phrase naming signing and receipt is refused before anything is stored."""
        with pytest.raises(DeadlinePhraseError):
            self._assign(store, cal, "10 ngày làm việc kể từ ngày ký, kể từ ngày nhận")
        assert [] == store.get_tasks()


class TestOverlap:
    def test_content_key(self) -> None:
        """The key ignores diacritics, case, punctuation and spacing."""
        assert "ra soat bien che cong chuc" == content_key("  Rà soát, BIÊN CHẾ công chức!")

    def test_refuse(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """Near-identical content for the same open lead is refused by default."""
        _assign(store, cal, clock, "T1", "SNV", "Rà soát biên chế công chức")
        with pytest.raises(OverlapError) as info:
            _assign(store, cal, clock, "T2", "SNV", "Ra soat bien che cong chuc.")
        assert (("T1",), "SNV", "T2") == (info.value.matches, info.value.lead_unit,
                                          info.value.task_id)
        assert ["T1"] == [t.id for t in store.get_tasks()]

    def test_near_identical(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """By default only equal keys repeat; with threshold 0.9 one changed letter does."""
        _assign(store, cal, clock, "T1", "SNV", "Rà soát biên chế công chức năm 2025")
        _assign(store, cal, clock, "T2", "SNV", "Rà soát biên chế công chức năm 2026")
        with pytest.raises(OverlapError):
            _assign(store, cal, clock, "T3", "SNV", "Rà soát biên chế công chức năm 2027",
                    overlap_threshold=0.9)
        _assign(store, cal, clock, "T4", "SNV", "Tổ chức hội nghị tổng kết",
                overlap_threshold=0.9)

    def test_similarity(self) -> None:
        """Dice of padded trigrams: "abc" {"  a", " ab", "abc", "bc "} vs "abd" share 2."""
        assert 0.5 == similarity("abc", "abd")
        assert 1.0 == similarity("Đà Nẵng!", "da  nang")
        assert 0.0 == similarity("xyz", "abc")
        with pytest.raises(InvalidTypeError):
            similarity("abc", None)  # type: ignore[arg-type]

    def test_merged_predecessor_tasks_are_candidates(self, store: Any, cal: Any,
                                                     clock: FakeClock) -> None:
        """A task moved to the receiver by a stored succession counts for the receiver."""
        _assign(store, cal, clock, "T1", "SKHDT", "Kế hoạch đầu tư công")
        merge = Succession(kind=SuccessionKind.MERGE, predecessors=("SKHDT", "STC"),
                           successors=("STC",), effective=D(2025, 3, 1),
                           document="NQ 15/NQ-HĐND")
        store.add_succession(merge)
        clock.set(D(2025, 3, 3))
        transfer_open_tasks(store, cal, UnitRegistry.of(UNITS, [merge]), merge, actor="vp",
                            clock=clock)
        with pytest.raises(OverlapError):
            _assign(store, cal, clock, "T2", "STC", "KẾ HOẠCH ĐẦU TƯ CÔNG")

    def test_warn(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """With on_overlap='warn' the task is stored and a warning names the match."""
        _assign(store, cal, clock, "T1", "SNV", "Rà soát biên chế")
        with pytest.warns(OverlapWarning, match="T1"):
            result = assign_task(store, cal, directive_id="KH12", task_id="T2",
                                 content="RÀ SOÁT BIÊN CHẾ", lead_unit="SNV",
                                 deadline=WorkingDays(n=5), actor="vanthu", clock=clock,
                                 on_overlap="warn")
        assert (("T1",), "T2") == (tuple(t.id for t in result.overlaps), result.task.id)

    def test_ignore_other_lead_and_closed(self, store: Any, cal: Any, clock: FakeClock
                                          ) -> None:
        """Other leads, closed tasks and on_overlap='ignore' do not block."""
        _assign(store, cal, clock, "T1", "SNV", "Rà soát biên chế")
        _assign(store, cal, clock, "T2", "STC", "Rà soát biên chế")
        cancel_task(store, cal, "T1", actor="lanhdao", reason="Trùng", clock=clock)
        _assign(store, cal, clock, "T3", "SNV", "Rà soát biên chế")
        _assign(store, cal, clock, "T4", "SNV", "Rà soát biên chế", on_overlap="ignore")
        assert ["T1", "T2", "T3", "T4"] == [t.id for t in store.get_tasks()]

    def test_transferred_away(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """A task transferred away from a unit no longer repeats for that unit."""
        _assign(store, cal, clock, "T1", "SKHDT", "Kế hoạch đầu tư công")
        assert ["T1"] == [t.id for t in find_overlaps(
            store, cal, content="Kế hoạch đầu tư công", lead_unit="SKHDT",
            as_of=D(2025, 2, 7))]
        transfer_task(store, cal, "T1", actor="vanthu", to_unit="STC",
                      document="QĐ 5/QĐ-UBND", clock=clock)
        assert [] == find_overlaps(store, cal, content="Kế hoạch đầu tư công",
                                   lead_unit="SKHDT", as_of=D(2025, 2, 7))

    @pytest.mark.parametrize("threshold", [0.4, 1.5, "0.9", True])
    def test_bad_threshold(self, store: Any, cal: Any, threshold: Any) -> None:
        """The threshold must be a number in [0.5, 1]."""
        with pytest.raises((ValidationError, InvalidTypeError)):
            find_overlaps(store, cal, content="x", lead_unit="SNV", as_of=D(2025, 2, 7),
                          threshold=threshold)

    def test_content_key_type(self) -> None:
        """content_key refuses non-strings."""
        with pytest.raises(InvalidTypeError):
            content_key(None)  # type: ignore[arg-type]


class TestRecordEvent:
    def test_verbs(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """Every verb records its event and returns the new state with the new version."""
        _assign(store, cal, clock, "T1", "SNV", "Việc", WorkingDays(n=10))
        steps = [
            (D(2025, 2, 10), lambda c: accept_task(store, cal, "T1", actor="snv", clock=c)),
            (D(2025, 2, 11), lambda c: report_progress(store, cal, "T1", actor="snv",
                                                        percent=30, attachments=["a.pdf"],
                                                        clock=c)),
            (D(2025, 2, 12), lambda c: request_extension(store, cal, "T1", actor="snv",
                                                          requested_due=D(2025, 3, 7),
                                                          reason="Chờ số liệu", clock=c)),
            (D(2025, 2, 13), lambda c: reject_extension(store, cal, "T1", actor="vp",
                                                         decider="PCT", reason="Không",
                                                         clock=c)),
            (D(2025, 2, 13), lambda c: request_extension(store, cal, "T1", actor="snv",
                                                          requested_due=D(2025, 3, 7),
                                                          reason="Chờ số liệu", clock=c)),
            (D(2025, 2, 14), lambda c: approve_extension(store, cal, "T1", actor="vp",
                                                          decider="PCT", clock=c)),
            (D(2025, 2, 17), lambda c: pause_task(store, cal, "T1", actor="snv",
                                                   reason="Chờ STC", waiting_on="STC",
                                                   clock=c)),
            (D(2025, 2, 19), lambda c: resume_task(store, cal, "T1", actor="snv", clock=c)),
            (D(2025, 2, 20), lambda c: submit_for_review(store, cal, "T1", actor="snv",
                                                          evidence="BC 1/BC-SNV", clock=c)),
            (D(2025, 2, 21), lambda c: return_for_rework(store, cal, "T1", actor="vp",
                                                          reason="Bổ sung", clock=c)),
            (D(2025, 2, 24), lambda c: submit_for_review(store, cal, "T1", actor="snv",
                                                          clock=c)),
            (D(2025, 2, 25), lambda c: complete_task(store, cal, "T1", actor="vp", clock=c,
                                                     evidence="TB 5/TB-UBND")),
        ]
        for i, (day, call) in enumerate(steps):
            clock.set(day)
            state = call(clock)
            assert 3 + i == state.task.version
            assert 3 + i == store.get_task("T1").version
        # Extended to Fri 07/03/2025, then paused (17/02, 19/02] = 2 working days → 11/03.
        assert (TaskPhase.COMPLETED, D(2025, 3, 11), D(2025, 2, 20), D(2025, 2, 25), 1, 1) == (
            state.phase, state.current_due, state.original_due, state.completed_on,
            state.extensions_approved, state.extensions_rejected)
        kinds = [e.kind for e in store.get_events("T1")]
        assert ["assigned", "accepted", "progress", "extension_requested",
                "extension_rejected", "extension_requested", "extension_approved", "paused",
                "resumed", "submitted", "returned", "submitted", "completed"] == kinds

    def test_invalid_writes_nothing(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """A refused event leaves the log and the version unchanged."""
        _assign(store, cal, clock, "T1", "SNV", "Việc")
        cancel_task(store, cal, "T1", actor="vp", reason="Thu hồi", clock=clock)
        with pytest.raises(InvalidTransitionError):
            complete_task(store, cal, "T1", actor="snv", clock=clock)
        with pytest.raises(InvalidTransitionError):
            refuse_task(store, cal, "T1", actor="snv", reason="Không", clock=clock)
        assert (3, ["assigned", "cancelled"]) == (
            store.get_task("T1").version, [e.kind for e in store.get_events("T1")])

    def test_expected_version(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """A stale expected_version raises and writes nothing; the right one works."""
        _assign(store, cal, clock, "T1", "SNV", "Việc")
        with pytest.raises(ConcurrentModificationError):
            accept_task(store, cal, "T1", actor="snv", clock=clock, expected_version=1)
        assert 3 == accept_task(store, cal, "T1", actor="snv", clock=clock,
                                expected_version=2).task.version

    def test_concurrent_append(self, cal: Any, clock: FakeClock) -> None:
        """A write that lands between the read and the append makes the call fail cleanly."""

        class RacyStore(MemoryStore):
            raced = False

            def get_events(self, task_id: str, *, until: date | None = None) -> Any:
                events = super().get_events(task_id, until=until)
                if not self.raced and until is None:
                    self.raced = True
                    other = TaskAccepted(task_id=task_id, at=clock(), actor="other")
                    self.append_events(task_id, [other],
                                       expected_version=self.get_task(task_id).version)
                return events

        racy = RacyStore()
        for u in UNITS:
            register_unit(racy, u)
        register_directive(racy, DIRECTIVE)
        _assign(racy, cal, clock, "T1", "SNV", "Việc")
        racy.raced = False
        with pytest.raises(ConcurrentModificationError):
            report_progress(racy, cal, "T1", actor="snv", percent=10, clock=clock)
        assert ["assigned", "accepted"] == [e.kind for e in racy.get_events("T1")]

    def test_future_event_refused(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """An event dated after now is refused (it would block every later event); an
        event dated now is recorded."""
        _assign(store, cal, clock, "T1", "SNV", "Việc")
        future = TaskAccepted(task_id="T1", at=FakeClock(D(2025, 2, 8))(), actor="snv")
        with pytest.raises(ValidationError, match="after now"):
            record_event(store, cal, future, clock=clock)
        assert ["assigned"] == [e.kind for e in store.get_events("T1")]
        with pytest.raises(ValidationError, match="timezone-aware"):
            record_event(store, cal, future, clock=lambda: datetime(2025, 2, 9))
        state = record_event(store, cal, TaskAccepted(task_id="T1", at=clock(), actor="snv"),
                             clock=clock)
        assert TaskPhase.IN_PROGRESS == state.phase

    def test_attachments_must_be_a_sequence(self, store: Any, cal: Any, clock: FakeClock
                                            ) -> None:
        """One attachment given as a bare str is refused, not split into letters."""
        _assign(store, cal, clock, "T1", "SNV", "Việc")
        with pytest.raises(InvalidTypeError, match="attachments"):
            report_progress(store, cal, "T1", actor="snv", percent=10,
                            attachments="bao-cao.pdf", clock=clock)
        with pytest.raises(InvalidTypeError, match="attachments"):
            report_progress(store, cal, "T1", actor="snv", percent=10,
                            attachments=7, clock=clock)  # type: ignore[arg-type]
        assert ["assigned"] == [e.kind for e in store.get_events("T1")]
        state = report_progress(store, cal, "T1", actor="snv", percent=10,
                                attachments=iter(["bao-cao.pdf"]), clock=clock)
        assert ("bao-cao.pdf",) == store.get_events("T1")[-1].attachments
        assert 10 == state.percent

    def test_approve_without_request(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """Approving with no pending request fails before anything is written."""
        _assign(store, cal, clock, "T1", "SNV", "Việc")
        with pytest.raises(InvalidTransitionError, match="no extension request"):
            approve_extension(store, cal, "T1", actor="vp", decider="PCT", clock=clock)

    def test_transfer_to_unknown_or_inactive(self, store: Any, cal: Any, clock: FakeClock
                                             ) -> None:
        """A transfer must name a stored unit that exists on its date."""
        _assign(store, cal, clock, "T1", "SNV", "Việc")
        with pytest.raises(UnitNotFoundError):
            transfer_task(store, cal, "T1", actor="vp", to_unit="SXX", document="QĐ 1",
                          clock=clock)
        with pytest.raises(ValidationError, match="does not exist on"):
            transfer_task(store, cal, "T1", actor="vp", to_unit="SCU", document="QĐ 1",
                          clock=clock)

    @pytest.mark.filterwarnings(
        "ignore:.*keyword 'policy' is deprecated"
        ":directive_tracker.exceptions.DirectiveTrackerDeprecationWarning")
    def test_bad_arguments(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """record_event refuses non-events, unknown tasks and bad policies."""
        with pytest.raises(InvalidTypeError):
            record_event(store, cal, "accepted")  # type: ignore[arg-type]
        with pytest.raises(TaskNotFoundError):
            accept_task(store, cal, "T404", actor="snv", clock=clock)
        _assign(store, cal, clock, "T1", "SNV", "Việc")
        with pytest.raises(InvalidTypeError):
            accept_task(store, cal, "T1", actor="snv", clock=clock,
                        policy="strict")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            accept_task(store, "vn", "T1", actor="snv", clock=clock)  # type: ignore[arg-type]


class TestQueries:
    def test_status_lists(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """overdue_tasks and due_soon_tasks on Wed 19/02/2025."""
        _assign(store, cal, clock, "T1", "SNV", "Việc một", FixedDate(date=D(2025, 2, 14)))
        _assign(store, cal, clock, "T2", "STC", "Việc hai", FixedDate(date=D(2025, 2, 21)))
        _assign(store, cal, clock, "T3", "SXD", "Việc ba", FixedDate(date=D(2025, 3, 21)))
        as_of = D(2025, 2, 19)
        assert ["T1"] == [s.task_id for s in overdue_tasks(store, cal, as_of=as_of)]
        # (19/02, 21/02] = 20, 21 → 2 working days left.
        soon = due_soon_tasks(store, cal, as_of=as_of)
        assert [("T2", 2)] == [(s.task_id, s.working_days_remaining) for s in soon]
        assert [] == statuses(store, cal, as_of=D(2025, 2, 6))
        with pytest.raises(InvalidTypeError):
            statuses(store, cal, as_of=as_of, kinds=["overdue"])  # type: ignore[list-item]
        # The window is checked even when no task is judged (none assigned by 06/02).
        with pytest.raises(ValidationError, match="due_soon_days"):
            statuses(store, cal, as_of=D(2025, 2, 6), due_soon_days=-1)

    def test_task_status_before_assignment(self, store: Any, cal: Any, clock: FakeClock
                                           ) -> None:
        """A task has no status before it was assigned."""
        _assign(store, cal, clock, "T1", "SNV", "Việc")
        with pytest.raises(ValidationError):
            task_status(store, cal, "T1", as_of=D(2025, 2, 6))
        with pytest.raises(TaskNotFoundError):
            task_status(store, cal, "T404", as_of=D(2025, 2, 6))

    def test_parent_progress(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """The parent's progress is the rounded mean of counted children."""
        _assign(store, cal, clock, "P", "SXD", "Chỉnh trang đô thị")
        for cid, lead in (("C1", "PKT"), ("C2", "PQL"), ("C3", "SNV")):
            _assign(store, cal, clock, cid, lead, f"Phần việc {cid}", parent_id="P")
        assert None is parent_progress(store, cal, "C1", as_of=D(2025, 2, 7))
        clock.set(D(2025, 2, 10))
        report_progress(store, cal, "C1", actor="pkt", percent=33, clock=clock)
        report_progress(store, cal, "C2", actor="pql", percent=34, clock=clock)
        cancel_task(store, cal, "C3", actor="sxd", reason="Không cần", clock=clock)
        # (33 + 34) / 2 = 33.5 → 34 (half up); C3 cancelled is left out.
        assert 34 == parent_progress(store, cal, "P", as_of=D(2025, 2, 10))
        # As of 07/02 nothing was reported yet: (0 + 0 + 0) / 3 = 0.
        assert 0 == parent_progress(store, cal, "P", as_of=D(2025, 2, 7))
        clock.set(D(2025, 2, 11))
        complete_task(store, cal, "C1", actor="pkt", clock=clock)
        # (100 + 34) / 2 = 67.
        assert 67 == parent_progress(store, cal, "P", as_of=D(2025, 2, 11))
        assert ["C1", "C2", "C3"] == [t.id for t in child_tasks(store, "P")]
        with pytest.raises(TaskNotFoundError):
            child_tasks(store, "P404")


class TestTransferOpenTasks:
    def _registry(self) -> tuple[UnitRegistry, Succession]:
        merge = Succession(kind=SuccessionKind.MERGE, predecessors=("SKHDT", "STC"),
                           successors=("STC",), effective=D(2025, 3, 1),
                           document="NQ 15/NQ-HĐND")
        return UnitRegistry.of(UNITS, [merge]), merge

    def test_merge(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """Open SKHDT tasks pass to STC; STC's own, closed and other tasks stay."""
        registry, merge = self._registry()
        _assign(store, cal, clock, "T1", "SKHDT", "Đầu tư công")
        _assign(store, cal, clock, "T2", "SKHDT", "Thu hút đầu tư")
        _assign(store, cal, clock, "T3", "STC", "Quyết toán")
        _assign(store, cal, clock, "T4", "SNV", "Biên chế")
        complete_task(store, cal, "T2", actor="skhdt", clock=clock)
        clock.set(D(2025, 3, 3))
        moved = transfer_open_tasks(store, cal, registry, merge, actor="vp", clock=clock)
        assert [("T1", "STC", "NQ 15/NQ-HĐND")] == [
            (s.task_id, s.lead_unit, s.transfers[0].document) for s in moved]
        assert [] == transfer_open_tasks(store, cal, registry, merge, actor="vp",
                                         clock=clock)
        assert "SKHDT" == task_status(store, cal, "T1", as_of=D(2025, 3, 2)).lead_unit
        assert "STC" == task_status(store, cal, "T1", as_of=D(2025, 3, 3)).lead_unit

    def test_all_or_nothing(self, cal: Any, clock: FakeClock) -> None:
        """If one transfer fails, none is written."""

        class FailingStore(MemoryStore):
            calls = 0

            def append_events(self, task_id: str, events: Any, *,
                              expected_version: int) -> int:
                self.calls += 1
                if self.calls == 2:
                    raise ConcurrentModificationError(task_id, expected_version, None)
                return super().append_events(task_id, events,
                                             expected_version=expected_version)

        failing = FailingStore()
        for u in UNITS:
            register_unit(failing, u)
        register_directive(failing, DIRECTIVE)
        _assign(failing, cal, clock, "T1", "SKHDT", "Việc một")
        _assign(failing, cal, clock, "T2", "SKHDT", "Việc hai")
        registry, merge = self._registry()
        clock.set(D(2025, 3, 3))
        with pytest.raises(ConcurrentModificationError):
            transfer_open_tasks(failing, cal, registry, merge, actor="vp", clock=clock)
        assert [["assigned"], ["assigned"]] == [
            [e.kind for e in failing.get_events(t)] for t in ("T1", "T2")]

    def test_before_effective(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """Transfers cannot be recorded before the succession takes effect."""
        registry, merge = self._registry()
        with pytest.raises(ValidationError, match="takes effect on 2025-03-01"):
            transfer_open_tasks(store, cal, registry, merge, actor="vp", clock=clock)

    def test_bad_types(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """The registry and succession must have the right types."""
        registry, merge = self._registry()
        with pytest.raises(InvalidTypeError):
            transfer_open_tasks(store, cal, {}, merge, actor="vp",  # type: ignore[arg-type]
                                clock=clock)
        with pytest.raises(InvalidTypeError):
            transfer_open_tasks(store, cal, registry, "merge",  # type: ignore[arg-type]
                                actor="vp", clock=clock)


class TestReorganise:
    MERGE = Succession(kind=SuccessionKind.MERGE, predecessors=("SKHDT", "STC"),
                       successors=("STC",), effective=D(2025, 3, 1), document="NQ 15/NQ-HĐND")

    def test_records_and_transfers(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """The succession is stored, SKHDT ends on 28/02/2025 and its open task moves."""
        _assign(store, cal, clock, "T1", "SKHDT", "Đầu tư công")
        clock.set(D(2025, 3, 2))
        moved = reorganise(store, cal, self.MERGE, actor="vp", clock=clock)
        assert [("T1", "STC")] == [(m.task_id, m.lead_unit) for m in moved]
        assert [self.MERGE] == store.get_successions()
        assert (D(2025, 2, 28), None) == (store.get_unit("SKHDT").valid_to,
                                          store.get_unit("STC").valid_to)

    def test_nothing_written_on_error(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """A succession naming an unknown unit, or applied early, writes nothing."""
        bad = Succession(kind=SuccessionKind.RENAME, predecessors=("SKHDT",),
                         successors=("SMOI",), effective=D(2025, 3, 1), document="QĐ 9")
        clock.set(D(2025, 3, 2))
        with pytest.raises(ValidationError, match="unknown unit 'SMOI'"):
            reorganise(store, cal, bad, actor="vp", clock=clock)
        clock.set(D(2025, 2, 27))
        with pytest.raises(ValidationError, match="takes effect on 2025-03-01"):
            reorganise(store, cal, self.MERGE, actor="vp", clock=clock)
        with pytest.raises(InvalidTypeError):
            reorganise(store, cal, "merge", actor="vp", clock=clock)  # type: ignore[arg-type]
        assert ([], None) == (store.get_successions(), store.get_unit("SKHDT").valid_to)

    def test_twice(self, store: Any, cal: Any, clock: FakeClock) -> None:
        """The same unit cannot be succeeded twice."""
        clock.set(D(2025, 3, 2))
        reorganise(store, cal, self.MERGE, actor="vp", clock=clock)
        with pytest.raises(ValidationError, match="already succeeded"):
            reorganise(store, cal, self.MERGE, actor="vp", clock=clock)
        assert 1 == len(store.get_successions())


class TestScenario:
    def test_directive_to_quarterly_report(self, store: Any, cal: Any, clock: FakeClock
                                           ) -> None:
        """Kế hoạch 12/KH-UBND (received Thu 06/02/2025) through the Q1 cut-off 14/03/2025.

        Hand computation:
        * T1 (SKHDT, 10 working days): 07, 10–14, 17–20/02 → due Thu 20/02/2025; extended
          to Fri 07/03; transferred to STC on the 01/03 merger; completed Mon 10/03 →
          late by 1 working day against 07/03, late against 20/02.
        * T2 (SNV, by 31/03/2025): on 14/03 it has (14/03, 31/03] = 17–21, 24–28, 31 → 11
          working days left; completed 28/03, which a 14/03 report must not see.
        * T3 (STC, "trong 15 ngày"): 06/02 + 15 days = Fri 21/02; paused Fri 14/02,
          resumed Fri 21/02: (14/02, 21/02] = 5 working days → due Fri 28/02; still open
          on 14/03: (28/02, 14/03] = 03–07, 10–14/03 → 10 working days late.
        * T4 (SXD, thường xuyên): no deadline.
        """
        _assign(store, cal, clock, "T1", "SKHDT", "Xây dựng kế hoạch đầu tư công trung hạn",
                WorkingDays(n=10), coordinating_units=("STC",))
        _assign(store, cal, clock, "T2", "SNV", "Rà soát biên chế công chức")
        _assign(store, cal, clock, "T3", "STC", "Báo cáo quyết toán ngân sách",
                "trong 15 ngày")
        _assign(store, cal, clock, "T4", "SXD", "Theo dõi trật tự xây dựng", "thường xuyên")
        with pytest.raises(OverlapError):
            _assign(store, cal, clock, "T5", "SNV", "RÀ SOÁT BIÊN CHẾ CÔNG CHỨC")

        def at(day: date, fn: Any, *args: Any, **kw: Any) -> Any:
            clock.set(day)
            return fn(store, cal, *args, clock=clock, **kw)

        at(D(2025, 2, 10), accept_task, "T1", actor="skhdt")
        at(D(2025, 2, 14), report_progress, "T1", actor="skhdt", percent=50)
        at(D(2025, 2, 14), pause_task, "T3", actor="stc", reason="Chờ số liệu SXD",
           waiting_on="SXD")
        at(D(2025, 2, 19), request_extension, "T1", actor="skhdt",
           requested_due=D(2025, 3, 7), reason="Chờ ý kiến Bộ")
        at(D(2025, 2, 20), approve_extension, "T1", actor="vp", decider="Chủ tịch UBND")
        at(D(2025, 2, 21), resume_task, "T3", actor="stc")
        registry = UnitRegistry.of(UNITS, [Succession(
            kind=SuccessionKind.MERGE, predecessors=("SKHDT", "STC"), successors=("STC",),
            effective=D(2025, 3, 1), document="NQ 15/NQ-HĐND")])
        clock.set(D(2025, 3, 3))
        transfer_open_tasks(store, cal, registry, registry.successions[0], actor="vp",
                            clock=clock)
        at(D(2025, 3, 10), complete_task, "T1", actor="stc", evidence="CV 300/STC-ĐT")
        at(D(2025, 3, 28), complete_task, "T2", actor="snv")

        q1 = {s.task_id: s for s in statuses(store, cal, as_of=D(2025, 3, 14))}
        got = {k: (s.kind, s.group, s.working_days_remaining, s.working_days_late,
                   s.on_time_vs_original, s.lead_unit) for k, s in q1.items()}
        assert {
            "T1": (StatusKind.COMPLETED_LATE, ReportGroup.COMPLETED_LATE, None, 1, False,
                   "STC"),
            "T2": (StatusKind.IN_PROGRESS, ReportGroup.NOT_COMPLETED_ON_TIME, 11, 0, True,
                   "SNV"),
            "T3": (StatusKind.OVERDUE, ReportGroup.NOT_COMPLETED_OVERDUE, 0, 10, False,
                   "STC"),
            "T4": (StatusKind.NO_DEADLINE, ReportGroup.NOT_COMPLETED_ON_TIME, None, None,
                   True, "SXD"),
        } == got
        assert (D(2025, 2, 20), D(2025, 3, 7)) == (q1["T1"].original_due,
                                                   q1["T1"].current_due)
        assert (D(2025, 2, 21), D(2025, 2, 28)) == (q1["T3"].original_due,
                                                    q1["T3"].current_due)
        tally: dict[ReportGroup | None, int] = {}
        for s in q1.values():
            tally[s.group] = tally.get(s.group, 0) + 1
        assert {ReportGroup.COMPLETED_LATE: 1, ReportGroup.NOT_COMPLETED_ON_TIME: 2,
                ReportGroup.NOT_COMPLETED_OVERDUE: 1} == tally
        assert ["T1", "T3"] == [s.task_id for s in statuses(store, cal, as_of=D(2025, 3, 14),
                                                           unit="STC")]
        # The Q1 figure is reproducible after later events; by 31/03 T2 is done on time.
        assert StatusKind.COMPLETED_ON_TIME == task_status(store, cal, "T2",
                                                           as_of=D(2025, 3, 31)).kind
        assert q1["T2"] == task_status(store, cal, "T2", as_of=D(2025, 3, 14))
        assert D(2025, 3, 7) == task_state(store, cal, "T1").current_due


# -- stateful property test ------------------------------------------------------------------


def _unversioned(status: Any) -> Any:
    """Return *status* with the task's storage version zeroed (it is read-time metadata)."""
    task = attrs.evolve(status.state.task, version=0)
    return attrs.evolve(status, state=attrs.evolve(status.state, task=task))


class ServicesMachine(RuleBasedStateMachine):
    """Drive one task through random valid and invalid service calls on a MemoryStore.

    Invariants: a refused call writes nothing; the folded state obeys the lifecycle
    invariants; the status of every past day, taken at the end of that day, never changes
    whatever is recorded later.
    """

    def __init__(self) -> None:
        super().__init__()
        self.cal = vietnam_calendar()
        self.store = MemoryStore()
        for u in UNITS:
            register_unit(self.store, u)
        register_directive(self.store, DIRECTIVE)
        self.clock = FakeClock(D(2025, 2, 7))
        _assign(self.store, self.cal, self.clock, "T1", "SNV", "Việc",
                FixedDate(date=D(2025, 2, 28)))
        self.snapshots: dict[date, Any] = {}

    def _call(self, fn: Any, *args: Any, **kw: Any) -> None:
        before = (self.store.get_task("T1").version, len(self.store.get_events("T1")))
        try:
            fn(self.store, self.cal, "T1", *args, clock=self.clock, **kw)
        except InvalidTransitionError:
            after = (self.store.get_task("T1").version, len(self.store.get_events("T1")))
            assert before == after
        else:
            after = (self.store.get_task("T1").version, len(self.store.get_events("T1")))
            assert (before[0] + 1, before[1] + 1) == after

    @rule(days=st.integers(1, 6))
    def tick(self, days: int) -> None:
        today = self.clock.day
        self.snapshots[today] = task_status(self.store, self.cal, "T1", as_of=today)
        self.clock.set(today + timedelta(days=days))

    @rule()
    def accept(self) -> None:
        self._call(accept_task, actor="snv")

    @rule()
    def refuse(self) -> None:
        self._call(refuse_task, actor="snv", reason="Không thuộc thẩm quyền")

    @rule(percent=st.integers(0, 100), reason=st.booleans())
    def progress(self, percent: int, reason: bool) -> None:
        self._call(report_progress, actor="snv", percent=percent,
                   regression_reason="Điều chỉnh" if reason else None)

    @rule(days=st.integers(-3, 30))
    def request(self, days: int) -> None:
        self._call(request_extension, actor="snv",
                   requested_due=D(2025, 2, 28) + timedelta(days=days), reason="Chờ")

    @rule()
    def approve(self) -> None:
        self._call(approve_extension, actor="vp", decider="PCT")

    @rule()
    def reject(self) -> None:
        self._call(reject_extension, actor="vp", decider="PCT", reason="Không")

    @rule()
    def pause(self) -> None:
        self._call(pause_task, actor="snv", reason="Chờ STC")

    @rule()
    def resume(self) -> None:
        self._call(resume_task, actor="snv")

    @rule()
    def submit(self) -> None:
        self._call(submit_for_review, actor="snv")

    @rule()
    def rework(self) -> None:
        self._call(return_for_rework, actor="vp", reason="Bổ sung")

    @rule(back=st.integers(0, 3))
    def complete(self, back: int) -> None:
        self._call(complete_task, actor="vp",
                   completed_on=self.clock.day - timedelta(days=back))

    @rule()
    def cancel(self) -> None:
        self._call(cancel_task, actor="vp", reason="Thu hồi")

    @invariant()
    def state_is_sane(self) -> None:
        s = task_state(self.store, self.cal, "T1")
        assert 0 <= s.percent <= 100
        assert s.original_due == D(2025, 2, 28)
        assert s.current_due is not None
        assert s.current_due >= s.original_due
        assert s.extensions_approved <= 2
        assert (s.paused_since is not None) == (s.phase is TaskPhase.PAUSED)
        assert s.event_count == len(self.store.get_events("T1"))

    @invariant()
    def past_statuses_are_stable(self) -> None:
        for day, snap in self.snapshots.items():
            assert _unversioned(snap) == _unversioned(
                task_status(self.store, self.cal, "T1", as_of=day))


ServicesMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=25,
                                             deadline=None)
TestServicesMachine = ServicesMachine.TestCase
