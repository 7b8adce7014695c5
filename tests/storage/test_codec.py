# SPDX-License-Identifier: MIT
"""The record codec shared by every backend: fast paths equal the reference functions."""

from __future__ import annotations

import json
import unicodedata
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_tracker._serialization import dump_attrs
from directive_tracker.deadlines import EndOfPeriod, FixedDate, Recurring, WorkingDays
from directive_tracker.documents import DocumentNumber
from directive_tracker.events import (
    ExtensionApproved,
    ProgressReported,
    TaskCompleted,
    TaskTransferred,
    event_to_dict,
)
from directive_tracker.exceptions import InvalidDeadlineError, ValidationError
from directive_tracker.storage import _codec as c
from directive_tracker.storage.base import OutboxItem, OutboxStatus
from directive_tracker.tasks import Priority, Task
from directive_tracker.text import fold
from strategies import VI_LETTERS

VN = ZoneInfo("Asia/Ho_Chi_Minh")
VI_TEXT = st.text(alphabet=st.sampled_from(
    list(VI_LETTERS + "AĂÂĐÊÔƠƯ \t\n\u0300\u0301\u0303\u0309\u0323ßİΣ🎉")),
    max_size=40)


class TestFastFold:
    @settings(max_examples=400, deadline=None)
    @given(VI_TEXT)
    def test_equals_fold(self, text: str) -> None:
        """fast_fold gives exactly text.fold for NFC and NFD input."""
        nfd = unicodedata.normalize("NFD", text)
        assert (fold(text), fold(nfd)) == (c.fast_fold(text), c.fast_fold(nfd))

    @pytest.mark.parametrize(("text", "expected"), [
        ("Quyết định", "quyet dinh"),
        ("  ĐÀ   NẴNG ", "da nang"),
        (unicodedata.normalize("NFD", "Ủy ban nhân dân"), "uy ban nhan dan"),
    ])
    def test_examples(self, text: str, expected: str) -> None:
        """Hand-folded examples."""
        assert expected == c.fast_fold(text)

    def test_like_pattern_escapes(self) -> None:
        """LIKE wildcards in the query are escaped."""
        assert "%100\\% a\\_b \\\\%" == c.like_pattern("100% A_B \\")


def _task(**kw: Any) -> Task:
    base: dict[str, Any] = {
        "id": "T1", "directive_id": "D1", "content": "Rà soát", "lead_unit": "SNV",
        "deadline": WorkingDays(n=10), "anchor": date(2026, 1, 5),
        "assigned_on": date(2026, 1, 5)}
    base.update(kw)
    return Task(**base)


class TestRecords:
    @pytest.mark.parametrize("task", [
        _task(),
        _task(due_date=date(2026, 1, 19), coordinating_units=("STC", "SYT"), tags=("a",),
              parent_id="T0", priority=Priority.URGENT, version=4,
              deadline=FixedDate(date=date(2026, 5, 15), strict=True)),
        _task(deadline=EndOfPeriod(kind="quarter", year=2026, index=2)),
        _task(deadline=Recurring(freq="monthly", day=20)),
    ])
    def test_task_record(self, task: Task) -> None:
        """The compiled encoder equals dump_attrs (deadline as to_dict) and round-trips."""
        expected = dump_attrs(task)
        expected["deadline"] = task.deadline.to_dict()
        assert (expected, task) == (c.task_to_record(task),
                                    c.task_from_record(c.task_to_record(task)))

    @pytest.mark.parametrize("event", [
        ProgressReported(task_id="T1", at=datetime(2026, 1, 8, 10, tzinfo=VN), actor="SNV",
                         percent=40, attachments=("bc.pdf",), regression_reason=None),
        ExtensionApproved(task_id="T1", at=datetime(2026, 1, 8, tzinfo=VN), actor="UBND",
                          new_due=date(2026, 2, 1), decider="Chủ tịch"),
        TaskCompleted(task_id="T1", at=datetime(2026, 1, 9, tzinfo=VN), actor="SNV",
                      completed_on=date(2026, 1, 9), evidence="Báo cáo số 5"),
        TaskTransferred(task_id="T1", at=datetime(2026, 1, 9, tzinfo=VN), actor="UBND",
                        from_unit="SNV", to_unit="STC", document="QĐ 1"),
    ])
    def test_event_record(self, event: Any) -> None:
        """The compiled encoder equals event_to_dict and round-trips."""
        assert (event_to_dict(event), event) == (
            c.event_to_record(event), c.event_from_record(c.event_to_record(event)))

    @pytest.mark.parametrize("task", [
        _task(),
        _task(due_date=date(2026, 1, 19), coordinating_units=("STC", "SYT"),
              tags=("a\"b", "c\\d", "🎉"), parent_id="T0", priority=Priority.URGENT,
              version=4, content='Nội dung "trích dẫn" \\ \t\n\r 🎉 \u2028',
              deadline=FixedDate(date=date(2026, 5, 15), strict=True)),
        _task(deadline=EndOfPeriod(kind="quarter", year=2026, index=2)),
        _task(deadline=Recurring(freq="monthly", day=20)),
    ])
    def test_task_json(self, task: Task) -> None:
        """The direct JSON text equals json.dumps of the record with the version replaced."""
        record = c.task_to_record(task)
        record["version"] = 9
        expected = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        assert (expected, expected) == (c.task_json(task, 9), c.task_json(task, 9))

    @pytest.mark.parametrize("event", [
        ProgressReported(task_id="T1", at=datetime(2026, 1, 8, 10, tzinfo=VN), actor="SNV",
                         percent=40, attachments=("bc.pdf", 'a"b\\c'),
                         regression_reason=None, note="Ghi chú\n🎉"),
        ProgressReported(task_id="T1", at=datetime(2026, 1, 8, 10, tzinfo=VN), actor="SNV",
                         percent=0, regression_reason="Làm lại"),
        ExtensionApproved(task_id="T1", at=datetime(2026, 1, 8, tzinfo=VN), actor="UBND",
                          new_due=date(2026, 2, 1), decider="Chủ tịch"),
        TaskCompleted(task_id="T1", at=datetime(2026, 1, 9, tzinfo=VN), actor="SNV",
                      completed_on=date(2026, 1, 9), evidence="Báo cáo số 5"),
        TaskTransferred(task_id="T1", at=datetime(2026, 1, 9, tzinfo=VN), actor="UBND",
                        from_unit="SNV", to_unit="STC", document="QĐ 1"),
    ])
    def test_event_json(self, event: Any) -> None:
        """The direct JSON text equals json.dumps of event_to_dict (fields in order)."""
        expected = json.dumps(event_to_dict(event), ensure_ascii=False, separators=(",", ":"))
        assert expected == c.event_json(event)

    def test_directive_number_round_trip(self) -> None:
        """A công văn number keeps its structure (issuer and unit)."""
        from directive_tracker.directives import Directive

        d = Directive(id="D1", number=DocumentNumber.parse("2450/VPCP-KGVX"), issuer="VPCP",
                      issue_date=date(2026, 1, 2), summary="Về việc báo cáo")
        got = c.directive_from_record(c.directive_to_record(d))
        assert (d, "2450/VPCP-KGVX", "VPCP", "KGVX") == (
            got, str(got.number), got.number.issuer if got.number else None,
            got.number.unit if got.number else None)

    def test_outbox_round_trip(self) -> None:
        """Outbox items round-trip with status, attempts and times."""
        item = OutboxItem(key="k", created_at=datetime(2026, 1, 2, 8, tzinfo=VN),
                          payload={"a": [1, "b"]}, status=OutboxStatus.SENT, attempts=2,
                          sent_at=datetime(2026, 1, 2, 9, tzinfo=VN))
        assert item == c.outbox_from_record(c.outbox_to_record(item))

    @pytest.mark.parametrize(("record", "error"), [
        ({"id": "T1"}, ValidationError),
        ({**c.task_to_record(_task()), "deadline": {"kind": "nope"}}, InvalidDeadlineError),
        ({**c.task_to_record(_task()), "extra": 1}, ValidationError),
        ({**c.task_to_record(_task()), "anchor": "not a date"}, ValidationError),
        ([], ValidationError),
    ])
    def test_bad_task_record(self, record: Any, error: type[Exception]) -> None:
        """Corrupt records raise the library's validation errors."""
        with pytest.raises(error):
            c.task_from_record(record)

    @pytest.mark.parametrize("payload", [
        {"x": float("nan")}, {1: "a"}, {"x": object()}, {"x": "a\x00"}])
    def test_payload_refused(self, payload: Any) -> None:
        """Payloads JSON cannot hold exactly are refused, naming the path."""
        with pytest.raises(ValidationError, match="payload"):
            c.json_safe(payload)
