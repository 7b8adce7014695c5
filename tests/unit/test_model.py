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
        assert 16 == len(EVENT_TYPES)  # 15 of 0.1 + terms_changed (issue 17 item 4)
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


# --------------------------------------------------------------------------- issue 17

HEADER_PAYLOAD = "=?utf-8?q?x=0D=0AReply-To:_attacker@evil.example=0D=0A=0D=0AFake_body?="


class TestBoundaries:
    """Issue 17 items 2, 6, 7 at the constructors: caps first, ids safe for headers."""

    def test_megabyte_content_refused_fast(self) -> None:
        """Task(content="x" * 1,000,000) is refused in well under a second (cap 10,000)."""
        from time import perf_counter

        start = perf_counter()
        with pytest.raises(ValidationError, match="1,000,000 characters long; at most 10,000"):
            _task(content="x" * 1_000_000)
        assert perf_counter() - start < 1.0

    def test_content_cap_inclusive(self) -> None:
        """10,000 characters of content are accepted, 10,001 refused."""
        assert 10_000 == len(_task(content="x" * 10_000).content)
        with pytest.raises(ValidationError):
            _task(content="x" * 10_001)

    def test_combining_bomb_in_content_refused_fast(self) -> None:
        """Content of 10,000 code points that is one run of marks: refused in < 1 s."""
        from time import perf_counter

        start = perf_counter()
        with pytest.raises(ValidationError, match="combining marks"):
            _task(content="a" + "\u0301\u0323" * 4999)
        assert perf_counter() - start < 1.0

    @pytest.mark.parametrize("field", ["id", "directive_id", "parent_id"])
    def test_header_injection_payload_refused(self, field: str) -> None:
        """The RFC 2047 payload of issue 17 item 2 is refused as any task id."""
        with pytest.raises(ValidationError, match="=\\?"):
            _task(**{field: HEADER_PAYLOAD})

    def test_encoded_word_unit_code_refused(self) -> None:
        """A unit code (at most 64 characters, so the 71-character payload is refused on
        length) that is a shorter encoded word is refused for its '=?'."""
        with pytest.raises(ValidationError, match="71 characters long; at most 64"):
            _task(lead_unit=HEADER_PAYLOAD)
        short = "=?utf-8?q?x=0D=0ABcc:_a@evil.example?="
        with pytest.raises(ValidationError, match="=\\?"):
            _task(lead_unit=short)
        with pytest.raises(ValidationError, match="=\\?"):
            _task(coordinating_units=(short,))

    @pytest.mark.parametrize("value", ["T1\r\nBcc: x@evil.example", "T1\nX", "T1\x1b[2J"])
    def test_crlf_in_ids_refused(self, value: str) -> None:
        """CR, LF and ESC are refused in ids (they would split an e-mail header)."""
        with pytest.raises(ValidationError):
            _task(id=value)
        with pytest.raises(ValidationError):
            _task(coordinating_units=("STC", value))

    def test_content_escape_sequence_refused(self) -> None:
        """ESC (terminal control sequences) is refused in content; TAB/LF/CR are kept."""
        with pytest.raises(ValidationError, match="ESC"):
            _task(content="Rà soát \x1b[31mđỏ\x1b[0m")
        assert "a\tb\r\nc" == _task(content="a\tb\r\nc").content

    def test_tags_limited(self) -> None:
        """At most 1,000 tags; each tag at most 1,000 characters."""
        with pytest.raises(ValidationError, match="at most 1,000"):
            _task(tags=[f"t{i}" for i in range(1_001)])
        with pytest.raises(ValidationError, match="at most 1,000"):
            _task(tags=["x" * 1_001])

    def test_directive_single_line_fields(self) -> None:
        """Issuer and signer are single-line (no LF, no U+2028); the summary may wrap."""
        with pytest.raises(ValidationError, match="LF"):
            _directive(issuer="UBND\nBcc: x")
        with pytest.raises(ValidationError, match="LINE SEPARATOR"):
            _directive(signer="Nguyễn Văn A\u2028")
        assert "Về việc\ntriển khai" == _directive(summary="Về việc\ntriển khai").summary

    def test_directive_id_payload_refused(self) -> None:
        """A directive id may not be an encoded word either."""
        with pytest.raises(ValidationError, match="=\\?"):
            _directive(id=HEADER_PAYLOAD)


class TestTimestampRange:
    """Issue 17 item 7: timestamps that overflow raise ValidationError, not OverflowError."""

    def test_year_one_with_offset_from_dict(self) -> None:
        """The exact input of the issue: 0001-01-01T00:00:00+01:00 is 31/12/0000 in UTC."""
        with pytest.raises(ValidationError, match="between 1900-01-01 and 2999-12-31"):
            event_from_dict({"kind": "assigned", "task_id": "T1",
                             "at": "0001-01-01T00:00:00+01:00", "actor": "a"})

    def test_max_datetime_with_negative_offset(self) -> None:
        """9999-12-31T23:59-01:00 is past datetime.max in UTC: refused by the constructor."""
        at = datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-1)))
        with pytest.raises(ValidationError):
            TaskAssigned(task_id="T1", at=at, actor="a")

    def test_range_bounds_inclusive(self) -> None:
        """1900-01-01 00:00 and 2999-12-31 23:59 in Vietnam are accepted; outside refused.

        (In 1900 Vietnam kept local mean time, so the bounds are written as Vietnam wall
        times rather than UTC.)
        """
        first = datetime(1900, 1, 1, 0, 0, tzinfo=VN)
        assert date(1900, 1, 1) == TaskAssigned(task_id="T1", at=first, actor="a").on
        last = datetime(2999, 12, 31, 23, 59, tzinfo=VN)
        assert date(2999, 12, 31) == TaskAssigned(task_id="T1", at=last, actor="a").on
        with pytest.raises(ValidationError):
            TaskAssigned(task_id="T1", at=first - timedelta(seconds=1), actor="a")
        with pytest.raises(ValidationError):
            TaskAssigned(task_id="T1", at=last + timedelta(minutes=1), actor="a")

    def test_outbox_item_overflow(self) -> None:
        """OutboxItem.created_at near year 1 with an offset: ValidationError, not Overflow."""
        from directive_tracker.storage import OutboxItem

        with pytest.raises(ValidationError):
            OutboxItem(key="k", created_at=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))))

    def test_event_from_dict_non_str_key(self) -> None:
        """A dict with a non-string key is a ValidationError (was TypeError from sorting)."""
        with pytest.raises(ValidationError, match="keys must be strings"):
            event_from_dict({"kind": "assigned", "task_id": "T1", "at": "2026-01-05T08:00:00+07:00",
                             "actor": "a", 1: "x", "y": 2})

    def test_event_text_fields(self) -> None:
        """Actor and decider are single-line; notes and reasons multi-line; caps apply."""
        with pytest.raises(ValidationError, match="CR"):
            TaskAssigned(task_id="T1", at=AT, actor="SNV\r")
        assert "a\nb" == TaskRefused(task_id="T1", at=AT, actor="SNV", reason="a\nb").reason
        with pytest.raises(ValidationError, match="at most 10,000"):
            TaskRefused(task_id="T1", at=AT, actor="SNV", reason="x" * 10_001)
        with pytest.raises(ValidationError, match="at most 1,000"):
            TaskAssigned(task_id="T1", at=AT, actor="x" * 1_001)


def test_long_tags_refused_before_normalising() -> None:
    """Found by the fuzz suite: three tags of 300,030 characters (runs of 29 marks, each
    allowed) were normalised before the 1,000 cap refused them (118 ms); now the tag cap
    comes first and the call is refused in well under a second."""
    from time import perf_counter

    tag = ("\u0300" * 29 + "a") * 10_001
    start = perf_counter()
    with pytest.raises(ValidationError, match="300,030 characters long; at most 1,000"):
        _task(tags=[tag, tag, tag])
    with pytest.raises(ValidationError, match="at most 1,000"):
        ProgressReported(task_id="T1", at=AT, actor="SNV", percent=5, attachments=(tag,))
    assert perf_counter() - start < 1.0


def _combining_run_reference(value: str) -> int | None:
    """The plain character-by-character count (the definition): the index of the
    31st combining character in a row, or None."""
    run = 0
    for index, ch in enumerate(value):
        if unicodedata.combining(ch) or ch in "\u0f73\u0f75\u0f81\uff9e\uff9f":
            run += 1
            if run > 30:
                return index
        else:
            run = 0
    return None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "ộ", "中", " ", "\u0301", "\u0323", "\u0f73",
                                 "\uff9e", "\u02ff", "\u0300", "\U0001d165"])
                | st.text(max_size=5), max_size=80).map("".join),
       st.integers(0, 40))
def test_combining_run_check_agrees_with_the_plain_count(text: str, marks: int) -> None:
    """combining_run_overflow scans only stretches of characters at or above U+0300:
    it must find exactly what the plain count over every character finds."""
    value = text + "\u0301" * marks + text
    assert combining_run_overflow(value) == _combining_run_reference(value)


def test_a_type_error_quotes_a_huge_value_in_short() -> None:
    """Found by the mutation fuzz run (issue 17): ``Unit(valid_to=[…40 million
    characters…])`` took 117 ms to build the error's message, which quoted the whole
    list.  The message now quotes at most 4 items of 100 characters; the value is kept whole
    on the error."""
    from directive_tracker.exceptions import InvalidTypeError
    from directive_tracker.units import Unit, UnitKind

    huge = ["x" * 1_000_000] * 40
    with pytest.raises(InvalidTypeError) as info:
        Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT, valid_to=huge)
    assert len(str(info.value)) < 600  # 4 items of 100 characters at most
    assert "valid_to must be" in str(info.value)
    assert "got list ['xxx" in str(info.value)
    assert info.value.value is huge
