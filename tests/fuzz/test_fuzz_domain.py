# SPDX-License-Identifier: MIT
"""
Fuzzing every public parser, constructor and importer of the domain layer (issue 17).

Property for every entry point: whatever the input, the call returns or raises a
:class:`~directive_tracker.exceptions.DirectiveTrackerError` subclass (never
``OverflowError``, ``UnicodeError``, ``KeyError``, ``RecursionError``, …), and it finishes
within ``DT_FUZZ_MAX_MS`` (100 ms).  Where a call succeeds, a cheap documented invariant
is checked as well (an event survives its JSON form; parsed text is NFC).

Inputs mix four sources: arbitrary Unicode (lone surrogates, controls, bidi and
format characters included), Vietnamese-looking text built from the words the parsers
look for, pathological text (long runs of combining marks, text just over each cap), and
the exact payloads of the issue.  Size: ``DT_FUZZ_EXAMPLES`` (see conftest.py).
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_tracker import text as dt_text
from directive_tracker.deadlines import FixedDate, rule_from_dict
from directive_tracker.directives import Directive, DirectiveOrigin
from directive_tracker.documents import (
    DocumentNumber,
    DocumentType,
    format_date_line,
    parse_date_line,
)
from directive_tracker.events import EVENT_TYPES, event_from_dict, event_to_dict
from directive_tracker.periods import ReportingPeriod
from directive_tracker.phrases import parse_deadline
from directive_tracker.tasks import Priority, Task
from directive_tracker.units import Succession, SuccessionKind, Unit, UnitKind

#: The profile registered by tests/fuzz/conftest.py (size: DT_FUZZ_EXAMPLES).
FUZZ = settings(settings.get_profile("dt-fuzz"))
#: The ``call`` fixture (conftest.Recorder): call(name, fn, *args, **kwargs).
Recorder = Any

# --------------------------------------------------------------------------- strategies

#: The RFC 2047 header-injection payload of issue 17 item 2.
HEADER_PAYLOAD = "=?utf-8?q?x=0D=0AReply-To:_attacker@evil.example=0D=0A=0D=0AFake_body?="
#: Issue 17 item 6: 7.5 s in parse_deadline before the fix.
COMBINING_BOMB = "a" + "\u0301\u0323" * 50000

_SPECIAL = (
    "\x00\t\n\r\x0b\x0c\x1b\x7f\x85\u2028\u2029\u200b\u200d\u202e\u2066\ufeff\ufffe"
    "\ud800\udbff\udc00\udfff\u0300\u0301\u0303\u0309\u0323\u0f73\uff9e\u0344"
    "đĐăâêôơưẠạẾếỆệỗỮ=?/-.,:;_ "
)
_WORD_TEXT = (
    "trước ngày tháng năm quý trong hoàn thành chậm nhất kể từ ngày ký nhận được văn bản "
    "làm việc hằng hàng mỗi định kỳ lần thường xuyên không thời hạn đầu cuối giữa hết "
    "mười một hai ba bốn năm sáu bảy tám chín mươi lăm tư mốt tuần thứ chủ nhật sau "
    "nếu trùng ngày nghỉ thì chuyển sang tiếp theo liền trước bao gồm đó I II III IV "
    "Số: QĐ-UBND UBND-KT NĐ-CP TTg CT TB / - . 2024 2025 1995 2099 15/5/2024 31/12 "
    "Đà Nẵng, 05 01 2020 ngay thang nam quy truoc hang Quý 6 tháng đầu năm 9 17 giờ h"
)
#: Words the parsers look for (and a few they must not be confused by).
_WORDS = tuple(_WORD_TEXT.split())

any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF) | st.sampled_from(_SPECIAL)
any_text = st.text(any_char, max_size=120)
words_text = st.lists(st.sampled_from(_WORDS) | st.text(any_char, max_size=3),
                      max_size=25).map(" ".join)


@st.composite
def pathological(draw: st.DrawFn) -> str:
    """Long repetitions near and beyond the caps, combining-mark runs, the issue's bombs."""
    unit = draw(st.sampled_from([
        "\u0301\u0323", "\u0f73", "\u0301", "a", "x ", "ệ", "\u0300" * 29 + "a", "9/",
        "ngày ", "Quý II/2024 ", "\ud800", "\x1b[31m", "\u202e", "=?",
    ]))
    n = draw(st.sampled_from([1, 29, 30, 31, 64, 65, 128, 129, 200, 201, 300, 301, 500, 501,
                              1_000, 1_001, 5_000, 10_001]))
    prefix = draw(st.sampled_from(["", "a", "trong ", "Số: 05/", "Đà Nẵng, ngày "]))
    return prefix + unit * n


#: Inputs each parser accepts; mutated() inserts, deletes and replaces characters in them.
_VALID_INPUTS = (
    "trước ngày 15/5/2024", "trong 10 ngày làm việc kể từ ngày nhận được văn bản",
    "chậm nhất ngày 15 tháng 5 năm 2024", "quý III/2024", "6 tháng đầu năm 2024",
    "trước ngày 20 hằng tháng", "định kỳ hằng quý", "thường xuyên", "không thời hạn",
    "trong 3 tháng", "trước ngày 15/12 hằng năm", "thứ Sáu hằng tuần", "hai mươi lăm ngày",
    "Số: 05/QĐ-UBND", "15/2025/QĐ-UBND", "123/UBND-KT", "2450/VPCP-KGVX", "45/2019/QH14",
    "Đà Nẵng, ngày 05 tháng 01 năm 2020", "Hà Nội, ngay 5 thang 1 nam 2020.",
    "Quý II/2024", "tháng 5/2024", "năm 2025", "9 tháng đầu năm 2024", "QĐ", "qd", "CTr",
    "Quyáº¿t Ä‘á»‹nh", "QuyÕt ®Þnh", "Quyeát ñònh", "Nguyễn Văn An", "Sở Nội vụ",
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A valid input with a few characters or words inserted, deleted or replaced."""
    out = draw(st.sampled_from(_VALID_INPUTS))
    if draw(st.booleans()):
        out = unicodedata.normalize("NFD", out)
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(out)))
        piece = draw(st.sampled_from(_WORDS) | st.text(any_char, min_size=1, max_size=3))
        action = draw(st.integers(0, 2))
        if action == 0:
            out = out[:i] + piece + out[i:]
        elif action == 1:
            out = out[:i] + out[i + len(piece):]
        else:
            out = out[:i] + piece + out[i + len(piece):]
    return out


texts = st.one_of(any_text, words_text, pathological(), mutated(), mutated(),
                  st.sampled_from(_VALID_INPUTS),
                  st.sampled_from([HEADER_PAYLOAD, COMBINING_BOMB, "", " ", "x" * 1_000_000]))
ids = st.one_of(st.text(any_char, min_size=1, max_size=20), pathological(),
                st.from_regex(r"[A-Za-z0-9_.:-]{1,20}", fullmatch=True),
                st.sampled_from([HEADER_PAYLOAD, "T1", "SNV", "T\r\nBcc: x@y", "=?", "Ｔ１"]))
#: Mostly-valid values, so that constructors also get past validation often.
_GOOD_TEXT = st.sampled_from(["Sở Nội vụ", "SNV", "Nội dung\nnhiều dòng\r\n", "Chủ tịch",
                              unicodedata.normalize("NFD", "Quyết định"), "a" + "\u0301" * 30])
_GOOD_ID = st.sampled_from(["T1", "D-2024/05", "SNV", "UBND_XA_HOA_VANG", "Ｔ１", "T\u0301"])
names = st.one_of(_GOOD_TEXT, _GOOD_TEXT, _GOOD_TEXT, texts)
good_ids = st.one_of(_GOOD_ID, _GOOD_ID, _GOOD_ID, ids)


def _offsets() -> st.SearchStrategy[timezone]:
    return st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
        lambda m: timezone(timedelta(minutes=m)))


datetimes = st.one_of(
    st.datetimes(timezones=_offsets()),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1),
                 timezones=_offsets()),
    st.datetimes(timezones=st.just(UTC) | st.none()),
    st.sampled_from([datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))),
                     datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-1))),
                     datetime.max.replace(tzinfo=UTC)]),
)
dates = st.dates()
json_scalar = st.none() | st.booleans() | st.integers() | st.floats() | texts
json_value = st.recursive(json_scalar, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                          max_leaves=8)
#: Strings in the shapes the importers expect (ISO dates and datetimes), valid or not.
iso_like = st.one_of(
    dates.map(date.isoformat),
    st.datetimes(timezones=_offsets()).map(datetime.isoformat),
    st.sampled_from(["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
                     "2026-02-30", "2026-01-05T08:00:00", "", "2026-01-05T08:00:00+24:00"]),
)


# --------------------------------------------------------------------------- parsers

@FUZZ
@given(text=texts)
def test_parse_deadline(call: Recorder, text: str) -> None:
    """parse_deadline: library errors only, < 100 ms; a result round-trips to_text()."""
    call("parse_deadline", parse_deadline, text)


@FUZZ
@given(text=texts, typed=st.sampled_from([None, True, False]))
def test_document_number_parse(call: Recorder, text: str, typed: bool | None) -> None:
    """DocumentNumber.parse: library errors only, < 100 ms; str() of a result parses back.

    (An untyped number whose issuer is also a type abbreviation, "01/PA-0" read with
    typed=False, reads back only with typed=False: the documented CT/Cục Thuế ambiguity.)
    """
    number = call("DocumentNumber.parse", DocumentNumber.parse, text, typed=typed)
    if number is not None:
        assert DocumentNumber.parse(str(number), typed=number.doc_type is not None) == number


@FUZZ
@given(text=texts)
def test_document_type_from_abbreviation(call: Recorder, text: str) -> None:
    """DocumentType.from_abbreviation: library errors only, < 100 ms."""
    call("DocumentType.from_abbreviation", DocumentType.from_abbreviation, text)


@FUZZ
@given(text=texts)
def test_parse_date_line(call: Recorder, text: str) -> None:
    """parse_date_line: library errors only, < 100 ms; a place is single-line NFC."""
    result = call("parse_date_line", parse_date_line, text)
    if result is not None:
        assert unicodedata.is_normalized("NFC", result[0])


@FUZZ
@given(place=texts, d=dates)
def test_format_date_line(call: Recorder, place: str, d: date) -> None:
    """format_date_line: library errors only, < 100 ms."""
    call("format_date_line", format_date_line, place, d)


@FUZZ
@given(text=texts)
def test_reporting_period_parse(call: Recorder, text: str) -> None:
    """ReportingPeriod.parse (owned by periods): library errors only, < 100 ms."""
    call("ReportingPeriod.parse", ReportingPeriod.parse, text)


# --------------------------------------------------------------------------- importers

#: One valid dict per rule shape (DeadlineRule.to_dict output); the fuzzer breaks them.
_VALID_RULES = (
    {"kind": "working_days", "n": 10, "counted_from": "receipt"},
    {"kind": "fixed_date", "date": "2024-05-15", "strict": False, "roll": False},
    {"kind": "end_of_period", "period": "quarter", "year": 2024, "index": 3, "roll": False},
    {"kind": "recurring", "freq": "monthly", "day": 20, "month": None, "weekday": None,
     "roll": False},
    {"kind": "no_deadline", "type": "ongoing"},
    {"kind": "calendar_period", "n": 3, "unit": "months", "roll_to_working_day": True,
     "makeup_saturday_is_working": True, "swapped_day_off_is_rest": True},
    {"kind": "periodic_report", "period": "quarter", "day": 20, "roll": False,
     "until": "2027-12-31"},
)
_ODD_VALUES = st.one_of(
    st.integers(-5, 40), st.integers(), iso_like, st.booleans(), st.none(),
    st.sampled_from(["days", "weeks", "months", "years", "quarter", "monthly", "weekly",
                     "yearly", "receipt", "issue", "none", "ongoing", "half_year"]), json_value)


@st.composite
def broken(draw: st.DrawFn, valid: dict[str, Any], values: st.SearchStrategy[Any]) -> Any:
    """*valid* with up to three keys changed, removed or added (or, rarely, anything)."""
    if draw(st.integers(0, 19)) == 0:
        return draw(json_value)
    out: dict[Any, Any] = dict(valid)
    for _ in range(draw(st.integers(0, 3))):
        action = draw(st.integers(0, 5))
        if action == 0 and out:
            del out[list(out)[draw(st.integers(0, len(out) - 1))]]
        elif action == 1:
            out[draw(st.text(max_size=6) | st.integers())] = draw(values)
        else:
            out[draw(st.sampled_from(sorted(valid)))] = draw(values)
    return out


@FUZZ
@given(data=st.sampled_from(_VALID_RULES).flatmap(lambda v: broken(v, _ODD_VALUES)))
def test_rule_from_dict(call: Recorder, data: Any) -> None:
    """rule_from_dict (owned by deadlines): library errors only, < 100 ms."""
    call("rule_from_dict", rule_from_dict, data)


@FUZZ
@given(data=st.sampled_from([{"kind": "quarter", "year": 2024, "index": 2},
                             {"kind": "year", "year": 2025, "index": None}]).flatmap(
    lambda v: broken(v, _ODD_VALUES)))
def test_reporting_period_from_dict(call: Recorder, data: Any) -> None:
    """ReportingPeriod.from_dict: library errors only, < 100 ms."""
    call("ReportingPeriod.from_dict", ReportingPeriod.from_dict, data)


_T = "2026-01-05T08:00:00+07:00"
#: One valid event_to_dict output per kind; the fuzzer breaks them.
_VALID_EVENTS = tuple(
    {"kind": kind, "task_id": "T1", "at": _T, "actor": "SNV", "note": "", **extra}
    for kind, extra in (
        ("assigned", {}), ("accepted", {}), ("refused", {"reason": "r"}),
        ("progress", {"percent": 50, "attachments": ["a.pdf"], "regression_reason": None}),
        ("extension_requested", {"requested_due": "2026-02-01", "reason": "r"}),
        ("extension_approved", {"new_due": "2026-02-02", "decider": "PCT"}),
        ("extension_rejected", {"decider": "PCT", "reason": "r"}),
        ("paused", {"reason": "r", "waiting_on": "BTC"}), ("resumed", {}),
        ("submitted", {"evidence": None}), ("returned", {"reason": "r"}),
        ("completed", {"completed_on": "2026-01-05", "evidence": "bc"}),
        ("cancelled", {"reason": "r"}),
        ("transferred", {"from_unit": "SNV", "to_unit": "STC", "document": "QĐ"}),
        ("deadline_recomputed", {"previous_due": "2026-01-30", "new_due": "2026-02-02",
                                 "document": "QĐ", "reason": "bão"}),
        ("terms_changed", {"reason": "r", "document": "QĐ", "previous_content": "a",
                           "new_content": "b", "previous_coordinating_units": ["STC"],
                           "new_coordinating_units": [],
                           "previous_deadline": {"kind": "fixed_date", "date": "2026-01-30"},
                           "new_deadline": {"kind": "no_deadline"},
                           "previous_due": "2026-01-30", "new_due": None}),
    ))
assert {e["kind"] for e in _VALID_EVENTS} == set(EVENT_TYPES)


def event_dicts() -> st.SearchStrategy[Any]:
    """Dicts shaped like event_to_dict output, with up to three fields broken."""
    values = st.one_of(texts, ids, iso_like, st.lists(texts, max_size=3), _ODD_VALUES,
                       st.sampled_from(sorted(EVENT_TYPES)))
    return st.sampled_from(_VALID_EVENTS).flatmap(lambda v: broken(v, values))


@FUZZ
@given(data=event_dicts())
def test_event_from_dict(call: Recorder, data: Any) -> None:
    """event_from_dict: library errors only, < 100 ms; an event survives its JSON form."""
    event = call("event_from_dict", event_from_dict, data)
    if event is not None:
        assert event_from_dict(event_to_dict(event)) == event


# --------------------------------------------------------------------------- constructors

@FUZZ
@given(code=good_ids, name=names, kind=st.sampled_from(UnitKind), parent=st.none() | good_ids,
       valid_from=st.none() | dates, valid_to=st.none() | dates)
def test_unit(call: Recorder, code: str, name: str, kind: UnitKind, parent: str | None,
              valid_from: date | None, valid_to: date | None) -> None:
    """Unit(...): library errors only, < 100 ms; fields of a Unit are NFC."""
    unit = call("Unit", Unit, code=code, name=name, kind=kind, parent=parent,
                valid_from=valid_from, valid_to=valid_to)
    if unit is not None:
        assert all(unicodedata.is_normalized("NFC", s)
                   for s in (unit.code, unit.name, unit.parent or ""))


@FUZZ
@given(kind=st.sampled_from(SuccessionKind), predecessors=st.lists(good_ids, max_size=3),
       successors=st.lists(good_ids, max_size=3), effective=dates, document=names,
       receiver=st.none() | good_ids, note=names)
def test_succession(call: Recorder, kind: SuccessionKind, predecessors: list[str],
                    successors: list[str], effective: date, document: str,
                    receiver: str | None, note: str) -> None:
    """Succession(...): library errors only, < 100 ms."""
    call("Succession", Succession, kind=kind, predecessors=predecessors,
         successors=successors, effective=effective, document=document, receiver=receiver,
         note=note)


@FUZZ
@given(id=good_ids, directive_id=good_ids, content=names, lead_unit=good_ids,
       coordinating_units=st.lists(good_ids, max_size=4), anchor=dates, due=st.none() | dates,
       assigned_on=dates, parent_id=st.none() | good_ids, tags=st.lists(names, max_size=3),
       version=st.integers(-2, 2**70))
def test_task(call: Recorder, id: str, directive_id: str, content: str, lead_unit: str,
              coordinating_units: list[str], anchor: date, due: date | None,
              assigned_on: date, parent_id: str | None, tags: list[str], version: int) -> None:
    """Task(...): library errors only, < 100 ms; ids and content of a Task are NFC."""
    task = call("Task", Task, id=id, directive_id=directive_id, content=content,
                lead_unit=lead_unit, coordinating_units=coordinating_units,
                deadline=FixedDate(date=date(2026, 5, 15)), anchor=anchor, due_date=due,
                assigned_on=assigned_on, parent_id=parent_id, priority=Priority.NORMAL,
                tags=tags, version=version)
    if task is not None:
        assert all(unicodedata.is_normalized("NFC", s) for s in (task.id, task.content))


@FUZZ
@given(id=good_ids, issuer=names, signer=st.none() | names, summary=names, issue_date=dates,
       received=st.none() | dates, parent_id=st.none() | good_ids,
       number=st.none() | st.sampled_from([DocumentNumber.parse("05/QĐ-UBND")]),
       origin=st.sampled_from(DirectiveOrigin))
def test_directive(call: Recorder, id: str, issuer: str, signer: str | None, summary: str,
                   issue_date: date, received: date | None, parent_id: str | None,
                   number: DocumentNumber | None, origin: DirectiveOrigin) -> None:
    """Directive(...): library errors only, < 100 ms."""
    call("Directive", Directive, id=id, number=number, origin=origin, issuer=issuer,
         signer=signer, issue_date=issue_date, received_date=received, summary=summary,
         parent_id=parent_id)


@FUZZ
@given(number=st.integers(-1, 2**40), year=st.none() | st.integers(-1, 10_000),
       doc_type=st.none() | st.sampled_from(DocumentType), issuer=good_ids,
       unit=st.none() | good_ids)
def test_document_number(call: Recorder, number: int, year: int | None,
                         doc_type: DocumentType | None, issuer: str, unit: str | None) -> None:
    """DocumentNumber(...): library errors only, < 100 ms."""
    call("DocumentNumber", DocumentNumber, number=number, year=year, doc_type=doc_type,
         issuer=issuer, unit=unit)


@pytest.mark.parametrize("cls", sorted(EVENT_TYPES.values(), key=lambda c: c.kind),
                         ids=lambda c: c.__name__)
@FUZZ
@given(task_id=good_ids, at=datetimes, actor=names, note=names, extra=names, day=dates)
def test_event_constructors(call: Recorder, cls: Any, task_id: str, at: datetime, actor: str,
                            note: str, extra: str, day: date) -> None:
    """Every event class: library errors only, < 100 ms (timestamps of any offset/year)."""
    kwargs: dict[str, Any] = {"task_id": task_id, "at": at, "actor": actor, "note": note}
    for f in cls.__attrs_attrs__:
        if f.name in kwargs:
            continue
        kwargs[f.name] = {"percent": 50, "attachments": (extra,), "requested_due": day,
                          "new_due": day, "previous_due": date(2026, 1, 5),
                          "completed_on": day, "from_unit": task_id, "to_unit": "SNV",
                          "waiting_on": task_id}.get(f.name, extra)
    call(f"{cls.__name__}", cls, **kwargs)


# --------------------------------------------------------------------------- text helpers

_TEXT_FUNCTIONS = {
    "text.nfc": dt_text.nfc,
    "text.fold": dt_text.fold,
    "text.sort_key": dt_text.sort_key,
    "text.sort_key_person_name": dt_text.sort_key_person_name,
    "text.fix_mojibake": dt_text.fix_mojibake,
    "text.tcvn3_to_unicode": dt_text.tcvn3_to_unicode,
    "text.vni_to_unicode": dt_text.vni_to_unicode,
}

#: Latin-1 text (what legacy files decode to), including the TCVN3 tone-mark bytes.
latin1_text = st.text(st.characters(min_codepoint=0, max_codepoint=0xFF), max_size=200) | \
    st.sampled_from(["a" + "\xb0\xb1" * 40, "a" + "\xb0" * 50_000, "Ì\x81" * 40,
                     "Quyáº¿t Ä‘á»‹nh", "QuyÕt ®Þnh", "Quyeát ñònh"])


@pytest.mark.parametrize("name", sorted(_TEXT_FUNCTIONS))
@FUZZ
@given(text=texts | latin1_text)
def test_text_helpers(call: Recorder, name: str, text: str) -> None:
    """Every text helper: library errors only, < 100 ms."""
    call(name, _TEXT_FUNCTIONS[name], text)
