# SPDX-License-Identifier: MIT
"""
The province policy in the JSON-lines export (issue 15 item 4): one ``settings`` line
after the header, validated on import like every other line, written in the import's
transaction; exports of stores without settings are unchanged.
"""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pytest

from directive_tracker import schemas
from directive_tracker.calendars import CalendarPolicy, DayOverride
from directive_tracker.exceptions import DuplicateIdError, ImportFormatError
from directive_tracker.lifecycle import LifecyclePolicy
from directive_tracker.settings import ProvincePolicy
from directive_tracker.storage import MemoryStore, Store
from directive_tracker.units import Unit, UnitKind

TYPHOON = DayOverride(date=date(2026, 10, 15), working=False, reason_vi="Nghỉ do bão số 12",
                      reason_en="Typhoon closure", source="CĐ 05/CĐ-UBND, 14/10/2026",
                      decided_on=date(2026, 10, 14))
POLICY = ProvincePolicy(
    calendar=CalendarPolicy(culture_day_from=None, fixed_date_roll=True,
                            before_date_inclusive=False, period_end_roll=True,
                            rest_weekdays=(7,)),
    lifecycle=LifecyclePolicy(max_extensions=1, pause_extends_decided_due=False),
    overrides=(TYPHOON,), basis="QĐ 15/2026/QĐ-UBND, 02/03/2026")
HEADER = '{"format":"directive_tracker","version":1}\n'
UNIT = Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT)


def _export(store: Store) -> str:
    buf = io.StringIO()
    store.export_jsonl(buf)
    return buf.getvalue()


def _settings_line(policy: ProvincePolicy) -> str:
    return json.dumps({"type": "settings", "data": policy.to_dict()}, ensure_ascii=False,
                      separators=(",", ":"), sort_keys=True) + "\n"


def test_store_without_settings_exports_as_before(store: Store) -> None:
    """No settings: header and unit lines only, no settings line."""
    store.add_unit(UNIT)
    text = _export(store)
    assert 2 == len(text.splitlines())
    assert text.startswith(HEADER)
    assert '"type":"settings"' not in text


def test_settings_line_follows_the_header(store: Store) -> None:
    """The stored policy is line 2, exactly ProvincePolicy.to_dict, before the units."""
    store.add_unit(UNIT)
    store.put_settings(POLICY)
    lines = _export(store).splitlines(keepends=True)
    assert 3 == len(lines)
    assert HEADER == lines[0]
    assert _settings_line(POLICY) == lines[1]
    assert '"type":"unit"' in lines[2]
    data = json.loads(lines[1])["data"]
    assert [7] == data["calendar"]["rest_weekdays"]
    assert "2026-10-14" == data["overrides"][0]["decided_on"]


def test_round_trip_out_of_the_store(store: Store) -> None:
    """Export from the backend, import into an empty store: the same policy, same text."""
    store.add_unit(UNIT)
    store.put_settings(POLICY)
    text = _export(store)
    with MemoryStore() as other:
        assert 2 == other.import_jsonl(io.StringIO(text))  # settings + unit
        assert POLICY == other.get_settings()
        assert text == _export(other)


def test_round_trip_into_the_store(store: Store) -> None:
    """Import into the backend (its own transaction): the policy is stored exactly."""
    with MemoryStore() as source:
        source.add_unit(UNIT)
        source.put_settings(POLICY)
        text = _export(source)
    assert 2 == store.import_jsonl(io.StringIO(text))
    assert POLICY == store.get_settings()
    assert text == _export(store)


def test_bad_settings_line_is_refused_before_writing(store: Store) -> None:
    """A settings line the schema refuses (rest day 8) names the line; nothing written."""
    bad = POLICY.to_dict()
    bad["calendar"]["rest_weekdays"] = [8]
    text = HEADER + json.dumps({"type": "settings", "data": bad}) + "\n"
    with pytest.raises(ImportFormatError) as info:
        store.import_jsonl(io.StringIO(text))
    assert 2 == info.value.line
    assert "rest_weekdays" in str(info.value)
    assert store.get_settings() is None


def test_settings_refused_by_the_policy_names_the_line(store: Store) -> None:
    """Valid for the schema but not for ProvincePolicy (an unknown lifecycle key)."""
    bad = POLICY.to_dict()
    bad["lifecycle"]["no_such_rule"] = True
    text = HEADER + json.dumps({"type": "settings", "data": bad}) + "\n"
    with pytest.raises(ImportFormatError, match="bad settings record") as info:
        store.import_jsonl(io.StringIO(text))
    assert 2 == info.value.line
    assert store.get_settings() is None


def test_two_settings_lines_are_refused(store: Store) -> None:
    """At most one settings line."""
    text = HEADER + _settings_line(POLICY) + _settings_line(ProvincePolicy())
    with pytest.raises(ImportFormatError, match="appears twice") as info:
        store.import_jsonl(io.StringIO(text))
    assert 3 == info.value.line
    assert store.get_settings() is None


def test_different_stored_policy_is_not_overwritten(store: Store) -> None:
    """The store holds another policy: refused, nothing written (not even the unit)."""
    store.put_settings(ProvincePolicy())
    with MemoryStore() as source:
        source.add_unit(UNIT)
        source.put_settings(POLICY)
        text = _export(source)
    with pytest.raises(DuplicateIdError):
        store.import_jsonl(io.StringIO(text))
    assert ProvincePolicy() == store.get_settings()
    assert [] == list(store.get_units())


def test_same_stored_policy_is_accepted(store: Store) -> None:
    """The store holds the same policy: the rest is imported."""
    store.put_settings(POLICY)
    with MemoryStore() as source:
        source.add_unit(UNIT)
        source.put_settings(POLICY)
        text = _export(source)
    assert 2 == store.import_jsonl(io.StringIO(text))
    assert POLICY == store.get_settings()
    assert ["SNV"] == [u.code for u in store.get_units()]


def test_settings_line_validates_with_jsonschema() -> None:
    """The shipped export-line schema, read by jsonschema, accepts the settings line and
    refuses a rest day out of range."""
    jsonschema = pytest.importorskip("jsonschema")
    referencing = pytest.importorskip("referencing")
    from referencing.jsonschema import DRAFT202012

    registry: Any = referencing.Registry().with_resources(
        (schemas.schema_id(n), referencing.Resource.from_contents(
            schemas.load_schema(n), default_specification=DRAFT202012))
        for n in schemas.SCHEMA_NAMES)
    validator = jsonschema.Draft202012Validator({"$ref": schemas.schema_id("export-line")},
                                                registry=registry)
    line = json.loads(_settings_line(POLICY))
    assert [] == [e.message for e in validator.iter_errors(line)]
    line["data"]["calendar"]["rest_weekdays"] = [0]
    assert not validator.is_valid(line)
