# SPDX-License-Identifier: MIT
"""Directives, tasks and task events: validation and the JSON form of events."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_tracker._validators import combining_run_overflow
from directive_tracker.deadlines import CountedFrom, FixedDate, WorkingDays
from directive_tracker.directives import Directive, DirectiveOrigin
from directive_tracker.documents import DocumentNumber, DocumentType
from directive_tracker.events import (
    EVENT_TYPES,
    ExtensionApproved,
    ExtensionRequested,
    ProgressReported,
    TaskAssigned,
    TaskCompleted,
    TaskEvent,
    TaskPaused,
    TaskRefused,
    TaskTransferred,
    event_from_dict,
    event_to_dict,
)
from directive_tracker.exceptions import InvalidTypeError, ValidationError
from directive_tracker.tasks import Priority, Task

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AT = datetime(2026, 3, 2, 9, 30, tzinfo=VN)
#: Bidirectional embedding, override and isolate controls (refused in every text field).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _directive(**kw: object) -> Directive:
    base: dict[str, object] = {
        "id": "D1", "number": DocumentNumber.parse("Số: 05/CT-UBND"),
        "issuer": "UBND", "issue_date": date(2026, 3, 2),
        "summary": "Về tăng cường kỷ luật, kỷ cương hành chính"}
    base.update(kw)
    return Directive(**base)  # type: ignore[arg-type]


def _task(**kw: object) -> Task:
    base: dict[str, object] = {
        "id": "T1", "directive_id": "D1", "content": "Rà soát thủ tục hành chính",
        "lead_unit": "SNV", "deadline": WorkingDays(n=10), "anchor": date(2026, 3, 2),
        "due_date": date(2026, 3, 16), "assigned_on": date(2026, 3, 2)}
    base.update(kw)
    return Task(**base)  # type: ignore[arg-type]


class TestDirective:
    def test_doc_type_taken_from_number(self) -> None:
        """A directive numbered 05/CT-UBND is a Chỉ thị."""
        d = _directive()
        assert DocumentType.CHI_THI == d.doc_type
        assert DirectiveOrigin.DOCUMENT == d.origin

    def test_anchor_prefers_received(self) -> None:
        """Deadlines count from the received date when it is known."""
        assert date(2026, 3, 2) == _directive().anchor_date
        assert date(2026, 3, 4) == _directive(received_date=date(2026, 3, 4)).anchor_date

    def test_summary_nfc(self) -> None:
        """The trích yếu is stored as NFC."""
        d = _directive(summary=unicodedata.normalize("NFD", "Quyết định"))
        assert "Quyết định" == d.summary

    @pytest.mark.parametrize(("kw", "error"), [
        ({"received_date": date(2026, 3, 1)}, ValidationError),
        ({"doc_type": DocumentType.QUYET_DINH}, ValidationError),
        ({"summary": ""}, ValidationError),
        ({"id": "D 1"}, ValidationError),
        ({"parent_id": "D1"}, ValidationError),
        ({"issue_date": datetime(2026, 3, 2, 8, 0)}, InvalidTypeError),
        ({"origin": "document"}, InvalidTypeError),
        ({"number": "05/CT-UBND"}, InvalidTypeError),
    ])
    def test_bad_input(self, kw: dict[str, object], error: type[Exception]) -> None:
        """Contradictions and wrong types are refused with library errors."""
        with pytest.raises(error):
            _directive(**kw)

    def test_anchor_for_counted_from(self) -> None:
        """The event a deadline counts from picks the anchor (signed 02/03, received 05/03)."""
        d = _directive(received_date=date(2026, 3, 5))
        assigned = date(2026, 3, 6)
        assert date(2026, 3, 2) == d.anchor_for(WorkingDays(n=10, counted_from=CountedFrom.ISSUE),
                                                assigned)
        assert date(2026, 3, 5) == d.anchor_for(
            WorkingDays(n=10, counted_from=CountedFrom.RECEIPT), assigned)
        assert date(2026, 3, 6) == d.anchor_for(
            WorkingDays(n=10, counted_from=CountedFrom.ASSIGNMENT), assigned)
        assert date(2026, 3, 5) == d.anchor_for(WorkingDays(n=10), assigned)
        assert date(2026, 3, 2) == _directive().anchor_for(
            WorkingDays(n=10, counted_from=CountedFrom.RECEIPT), assigned)
        with pytest.raises(ValidationError, match="takes effect"):
            d.anchor_for(WorkingDays(n=10, counted_from=CountedFrom.EFFECTIVE), assigned)
        with pytest.raises(InvalidTypeError):
            d.anchor_for(WorkingDays(n=10), datetime(2026, 3, 6, 8, 0))

    def test_margin_note_without_number(self) -> None:
        """A leader's margin note has no document number."""
        d = _directive(number=None, origin=DirectiveOrigin.MARGIN_NOTE)
        assert d.doc_type is None
        assert "Ý kiến bút phê" == d.origin.label_vi


class TestTask:
    def test_coordinators_sorted_unique(self) -> None:
        """Coordinating units are kept sorted and without duplicates."""
        t = _task(coordinating_units=["STC", "SXD", "STC"])
        assert ("STC", "SXD") == t.coordinating_units
        assert ("SNV", "STC", "SXD") == t.units

    def test_lead_may_not_coordinate(self) -> None:
        """One lead per task, and it is not also a coordinator (Decree 39/2022)."""
        with pytest.raises(ValidationError, match="one lead"):
            _task(coordinating_units=["SNV"])

    def test_tags_keep_order(self) -> None:
        """Tags keep their order and drop duplicates."""
        assert ("cải cách", "2026") == _task(tags=["cải cách", "2026", "cải cách"]).tags

    @pytest.mark.parametrize(("kw", "error"), [
        ({"content": " "}, ValidationError),
        ({"lead_unit": "S N V"}, ValidationError),
        ({"parent_id": "T1"}, ValidationError),
        ({"version": -1}, ValidationError),
        ({"version": True}, InvalidTypeError),
        ({"deadline": "10 ngày"}, InvalidTypeError),
        ({"priority": "urgent"}, InvalidTypeError),
        ({"due_date": datetime(2026, 3, 16, 17, 0)}, InvalidTypeError),
        ({"coordinating_units": "STC"}, InvalidTypeError),
    ])
    def test_bad_input(self, kw: dict[str, object], error: type[Exception]) -> None:
        """Bad fields are refused with library errors."""
        with pytest.raises(error):
            _task(**kw)

    def test_priority_labels(self) -> None:
        """Priorities have Vietnamese labels."""
        assert "Khẩn" == Priority.URGENT.label_vi
        assert ["Normal", "Important", "Urgent"] == [p.label_en for p in Priority]

    def test_tags_must_be_text(self) -> None:
        """A tag that is not a str is refused."""
        with pytest.raises(InvalidTypeError):
            Task(id="T1", directive_id="D1", content="c", lead_unit="SNV",
                 deadline=WorkingDays(n=5), anchor=date(2026, 3, 2), due_date=None,
                 assigned_on=date(2026, 3, 2), tags=["ok", 7])


class TestEvents:
    def test_time_converted_to_vietnam(self) -> None:
        """An aware UTC time is stored in Asia/Ho_Chi_Minh; its date is the Vietnamese one."""
        e = TaskAssigned(task_id="T1", at=datetime(2026, 3, 1, 18, 0, tzinfo=UTC),
                         actor="vp")
        assert datetime(2026, 3, 2, 1, 0, tzinfo=VN) == e.at
        assert date(2026, 3, 2) == e.on
        assert timedelta(hours=7) == e.at.utcoffset()

    def test_naive_time_refused(self) -> None:
        """A naive datetime is ambiguous and refused."""
        with pytest.raises(ValidationError, match="timezone-aware"):
            TaskAssigned(task_id="T1", at=datetime(2026, 3, 2, 9, 0), actor="vp")

    @pytest.mark.parametrize("percent", [-1, 101])
    def test_percent_range(self, percent: int) -> None:
        """Progress is 0–100 inclusive."""
        with pytest.raises(ValidationError, match="between 0 and 100"):
            ProgressReported(task_id="T1", at=AT, actor="SNV", percent=percent)

    def test_refusal_needs_reason(self) -> None:
        """A refusal without a reason is refused."""
        with pytest.raises(ValidationError):
            TaskRefused(task_id="T1", at=AT, actor="SNV", reason="")

    def test_completion_not_in_future(self) -> None:
        """completed_on cannot be after the day it was recorded."""
        with pytest.raises(ValidationError, match="after the recording date"):
            TaskCompleted(task_id="T1", at=AT, actor="SNV", completed_on=date(2026, 3, 3))

    def test_transfer_to_itself(self) -> None:
        """A transfer needs two different units."""
        with pytest.raises(ValidationError):
            TaskTransferred(task_id="T1", at=AT, actor="vp", from_unit="A", to_unit="A",
                            document="QĐ 1")

    def test_round_trip_literal(self) -> None:
        """The JSON form of an event is stable (literal expected value)."""
        e = ExtensionRequested(task_id="T1", at=AT, actor="SNV", note="",
                               requested_due=date(2026, 4, 10), reason="Chờ ý kiến Bộ")
        expected = {"kind": "extension_requested", "task_id": "T1",
                    "at": "2026-03-02T09:30:00+07:00", "actor": "SNV", "note": "",
                    "requested_due": "2026-04-10", "reason": "Chờ ý kiến Bộ"}
        assert expected == event_to_dict(e)
        assert e == event_from_dict(expected)

    @pytest.mark.parametrize(("data", "match"), [
        ({"kind": "exploded", "task_id": "T1"}, "unknown event kind"),
        ({"kind": "paused", "task_id": "T1", "at": "2026-03-02T09:30:00+07:00",
          "actor": "x", "reason": "r", "colour": "red"}, "unknown fields"),
        ({"kind": "paused", "task_id": "T1", "at": "yesterday", "actor": "x",
          "reason": "r"}, "bad datetime"),
        ({"kind": "paused", "task_id": "T1", "actor": "x", "reason": "r"}, "at"),
        ({"kind": "extension_approved", "task_id": "T1", "at": "2026-03-02T09:30:00+07:00",
          "actor": "x", "new_due": 20260410, "decider": "CT"}, "ISO date"),
    ])
    def test_from_dict_errors(self, data: dict[str, object], match: str) -> None:
        """Malformed event data raises ValidationError naming the problem."""
        with pytest.raises(ValidationError, match=match):
            event_from_dict(data)

    def test_dict_functions_refuse_wrong_types(self) -> None:
        """event_to_dict needs an event, event_from_dict a dict."""
        with pytest.raises(ValidationError, match="expected a TaskEvent"):
            event_to_dict({"kind": "paused"})  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="must be an object"):
            event_from_dict([("kind", "paused")])  # type: ignore[arg-type]

    def test_every_kind_registered(self) -> None:
        """Each event class is registered under a distinct kind."""
        assert 15 == len(EVENT_TYPES)
        assert all(issubclass(c, TaskEvent) for c in EVENT_TYPES.values())

    @settings(max_examples=200, deadline=None)
    @given(
        minutes=st.integers(min_value=0, max_value=60 * 24 * 365 * 5),
        offset=st.integers(min_value=-12, max_value=14),
        percent=st.integers(min_value=0, max_value=100),
        # Multi-line text: any character but controls (TAB, LF and CR are allowed), lone
        # surrogates and bidi controls; issue 17 made those invalid in notes.
        note=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"),
                                            blacklist_characters=BIDI_CONTROLS)
                     | st.sampled_from("\t\n\r"), max_size=40).filter(
            lambda s: combining_run_overflow(s) is None),
    )
    def test_round_trip_property(self, minutes: int, offset: int, percent: int,
                                 note: str) -> None:
        """Any valid event survives the JSON form unchanged (NFC text, same instant)."""
        at = datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=offset))) + timedelta(
            minutes=minutes)
        events: list[TaskEvent] = [
            ProgressReported(task_id="T1", at=at, actor="SNV", note=note, percent=percent,
                             attachments=("bc.pdf",)),
            TaskPaused(task_id="T1", at=at, actor="SNV", reason="Chờ Bộ", waiting_on="BTC"),
            ExtensionApproved(task_id="T1", at=at, actor="VP", new_due=date(2027, 1, 4),
                              decider="Chủ tịch"),
        ]
        for e in events:
            assert e == event_from_dict(event_to_dict(e))
        assert unicodedata.normalize("NFC", note) == event_from_dict(
            event_to_dict(events[0])).note


def test_fixed_date_rule_accepted() -> None:
    """Any DeadlineRule subclass is a valid task deadline."""
    t = _task(deadline=FixedDate(date=date(2026, 3, 31)), due_date=date(2026, 3, 31))
    assert date(2026, 3, 31) == t.due_date
