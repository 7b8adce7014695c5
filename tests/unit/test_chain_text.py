# SPDX-License-Identifier: MIT
"""
The hash chain's digests, computed without building a dict per event (issue 12, ingest
speed), follow the documented format for events of every kind and random tasks.

The format (``directive_tracker.integrity``): the genesis digest is SHA-256 of
``directive_tracker/chain/1``, a line break and the canonical JSON of the task's id,
directive and terms; each event's digest is SHA-256 of the previous digest, a line break
and the canonical JSON of ``event_to_dict(event)``.  Canonical JSON: keys sorted, no
spaces, non-ASCII text as is (UTF-8), keys whose value is null left out.  The reference
below computes it with the standard ``json`` module, from the format alone.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from directive_tracker._serialization import canonical_text_encoder
from directive_tracker.events import EVENT_TYPES, TaskEvent, event_from_dict, event_to_dict
from directive_tracker.exceptions import InvalidTypeError, ValidationError
from directive_tracker.integrity import CHAIN_FORMAT, event_digest, genesis_digest
from directive_tracker.tasks import Task
from strategies import UNITS, VI_LETTERS, deadline_rules


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps({k: v for k, v in data.items() if v is not None}, sort_keys=True,
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


#: Text with what JSON escapes (quotes, backslashes, line breaks, tabs), Vietnamese
#: letters and characters outside the BMP.
_ALPHABET = VI_LETTERS + "AĐƯ \"\\/'\n\t0123456789.,-😀𝔸"
text = st.text(st.sampled_from(_ALPHABET), min_size=1, max_size=30).map(str.strip).filter(
    bool)
line = text.map(lambda s: " ".join(s.split()))
code = st.sampled_from([*UNITS, "X001", "Sở_1"])
day = st.dates(date(2020, 1, 1), date(2030, 12, 31))
moment = st.builds(
    lambda d, minutes, offset: datetime(d.year, d.month, d.day, tzinfo=UTC)
    + timedelta(minutes=minutes) if offset is None else
    datetime(d.year, d.month, d.day, tzinfo=timezone(timedelta(minutes=offset)))
    + timedelta(minutes=minutes),
    day, st.integers(0, 24 * 60 - 1), st.none() | st.integers(-12 * 60, 14 * 60))


def _value(name: str) -> st.SearchStrategy[Any]:
    """A value for an event field, by its name (None where the field may be left out)."""
    if name in ("at",):
        return moment.map(lambda m: m.isoformat())
    if name in ("requested_due", "new_due", "previous_due", "completed_on"):
        return day.map(date.isoformat)
    if name == "percent":
        return st.integers(0, 100)
    if name in ("from_unit", "to_unit", "waiting_on", "actor", "decider", "task_id"):
        return code
    if name in ("attachments",):
        return st.lists(line, max_size=3)
    if name.endswith("coordinating_units"):
        return st.none() | st.lists(code, max_size=3)
    if name.endswith("deadline"):
        return st.none() | deadline_rules(2020, 2030).map(lambda r: r.to_dict())
    if name in ("document", "evidence", "regression_reason") or name.startswith(
            ("previous_", "new_")):
        return st.none() | line
    return text


@st.composite
def events(draw: st.DrawFn) -> TaskEvent:
    """An event of any kind with random field values (invalid combinations rejected)."""
    kind = draw(st.sampled_from(sorted(EVENT_TYPES)))
    cls = EVENT_TYPES[kind]
    data: dict[str, Any] = {"kind": kind}
    for field in attrs.fields(cls):
        if field.name == "occurrence":
            if cls.per_occurrence and draw(st.booleans()):
                data["occurrence"] = draw(st.sampled_from(["2026-01", "2026-Q3"]))
            continue
        data[field.name] = draw(_value(field.name))
    try:
        return event_from_dict(data)
    except (ValidationError, InvalidTypeError):
        assume(False)
        raise  # pragma: no cover - assume raised


@settings(max_examples=500, deadline=None)
@given(event=events(), previous=st.text("0123456789abcdef", min_size=64, max_size=64))
def test_property_event_digest_follows_the_format(event: TaskEvent, previous: str) -> None:
    expected = hashlib.sha256(previous.encode("ascii") + b"\n"
                              + _canonical(event_to_dict(event))).hexdigest()
    assert expected == event_digest(previous, event)


@settings(max_examples=300, deadline=None)
@given(content=text, lead=code, coordinating=st.lists(code, max_size=3),
       rule=deadline_rules(2020, 2030), anchor=day, assigned=day, due=st.none() | day)
def test_property_genesis_digest_follows_the_format(
        content: str, lead: str, coordinating: list[str], rule: Any, anchor: date,
        assigned: date, due: date | None) -> None:
    try:
        task = Task(id="T-1", directive_id="D/1", content=content, lead_unit=lead,
                    coordinating_units=tuple(c for c in coordinating if c != lead),
                    deadline=rule, anchor=anchor, due_date=due, assigned_on=assigned)
    except (ValidationError, InvalidTypeError):
        assume(False)
        raise  # pragma: no cover
    data = {"id": task.id, "directive_id": task.directive_id, "content": task.content,
            "lead_unit": task.lead_unit, "coordinating_units": list(task.coordinating_units),
            "deadline": rule.to_dict(), "anchor": anchor.isoformat(),
            "due_date": None if due is None else due.isoformat(),
            "assigned_on": assigned.isoformat()}
    expected = hashlib.sha256(CHAIN_FORMAT.encode("ascii") + b"\n"
                              + _canonical(data)).hexdigest()
    assert expected == genesis_digest(task)
    assert expected == genesis_digest(task)  # the rule's memoised text: the same


def test_values_not_of_the_declared_type_are_encoded_as_json_does() -> None:
    """A field holding another type than its annotation (which validation prevents for
    the library's classes) is encoded through json, not mangled: an int 1 in a bool
    field stays 1, a list in a str field stays a list."""
    @attrs.frozen
    class Odd:
        flag: bool
        name: str
        n: int
        tags: tuple[str, ...]

    enc = canonical_text_encoder(Odd, (("kind", "odd"),))
    assert '{"flag":1,"kind":"odd","n":true,"name":["a"],"tags":["é"]}' == enc(
        Odd(flag=1, name=["a"], n=True, tags=("é",)))  # type: ignore[arg-type]
    assert '{"flag":false,"kind":"odd","n":3,"tags":[]}' == enc(
        Odd(flag=False, name=None, n=3, tags=()))  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", sorted(EVENT_TYPES))
def test_every_kind_has_an_encoder(kind: str) -> None:
    """Every event class compiles (its annotations resolve)."""
    assert callable(canonical_text_encoder(EVENT_TYPES[kind], (("kind", kind),)))
