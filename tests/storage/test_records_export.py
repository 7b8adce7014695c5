# SPDX-License-Identifier: MIT
"""The demo province through records and the JSON Schemas, on every store."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directive_tracker import records, schemas
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.demo import build_demo
from directive_tracker.exceptions import ImportFormatError
from directive_tracker.notifiers import MemoryNotifier
from directive_tracker.reminders import Reminder, reminders_due, send_reminders
from directive_tracker.storage import MemoryStore, Store

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 5, 15)
_KIND_OF_LINE = {"unit": "unit", "succession": "succession", "directive": "directive",
                 "task": "task", "event": "event", "outbox": "outbox_item"}


def _validator(name: str) -> Any:
    from referencing.jsonschema import DRAFT202012

    registry = referencing.Registry().with_resources(
        (schemas.schema_id(n), referencing.Resource.from_contents(
            schemas.load_schema(n), default_specification=DRAFT202012))
        for n in schemas.SCHEMA_NAMES)
    return jsonschema.Draft202012Validator({"$ref": schemas.schema_id(name)},
                                           registry=registry)


def _demo_with_outbox(store: Store) -> list[Reminder]:
    """The demo province plus one day of reminders sent (so the outbox is not empty)."""
    build_demo(store, today=TODAY, directives=12)
    due = reminders_due(store, vietnam_calendar(), as_of=TODAY)
    send_reminders(store, due, MemoryNotifier(),
                   clock=lambda: datetime(2026, 5, 15, 8, 0, tzinfo=VN))
    return due


def _export(store: Store) -> list[dict[str, Any]]:
    buf = io.StringIO()
    store.export_jsonl(buf)
    return [json.loads(line) for line in buf.getvalue().splitlines()]


def test_demo_export_validates_and_round_trips(store: Store) -> None:
    """Every line the demo province exports is valid for jsonschema against the shipped
    schemas; every record goes object → to_dict → JSON → from_dict exactly; the
    reminders' payloads match the reminder schema."""
    due = _demo_with_outbox(store)
    assert due, "the demo has reminders due on its today"
    lines = _export(store)
    line_schema, seen = _validator("export-line"), set()
    for line in lines:
        errors = [e.message for e in line_schema.iter_errors(line)]
        assert [] == errors, line
        if "type" not in line:
            continue
        kind = _KIND_OF_LINE[line["type"]]
        seen.add(kind)
        obj = records.from_dict(line["data"], kind=kind)
        rec = records.to_dict(obj)
        assert line["data"] == {k: v for k, v in rec.items()
                                if k not in ("record", "record_version")}
        assert obj == records.from_dict(json.loads(json.dumps(rec)))
    assert {"unit", "succession", "directive", "task", "event", "outbox_item"} == seen
    reminder_schema = _validator("reminder")
    for r in due:
        rec = records.to_dict(r)
        assert reminder_schema.is_valid(rec)
        assert r == records.from_dict(rec)


def test_demo_round_trip_through_a_second_store(store: Store) -> None:
    """Demo → export → import into an empty store → export gives the same lines."""
    _demo_with_outbox(store)
    first = _export(store)
    with MemoryStore() as other:
        buf = io.StringIO("\n".join(json.dumps(x, ensure_ascii=False) for x in first))
        other.import_jsonl(buf)
        assert first == _export(other)


def test_import_refuses_a_document_against_the_schema(store: Store) -> None:
    """A task whose priority is "high" (not one of normal/important/urgent) is refused with
    the line, the schema path and the value's path; nothing is written."""
    with MemoryStore() as source:
        _demo_with_outbox(source)
        lines = _export(source)
    i = next(k for k, x in enumerate(lines) if x.get("type") == "task")
    lines[i]["data"]["priority"] = "high"
    buf = io.StringIO("\n".join(json.dumps(x, ensure_ascii=False) for x in lines))
    with pytest.raises(ImportFormatError) as info:
        store.import_jsonl(buf)
    err = info.value
    assert i + 1 == err.line
    assert "urn:directive-tracker:schemas:1:task#/properties/priority/enum" == err.schema_path
    assert "/data/priority" == err.instance_path
    assert "schema path urn:directive-tracker:schemas:1:task#/properties/priority/enum" in str(
        err)
    assert [] == store.get_units()
    assert [] == store.get_tasks()
