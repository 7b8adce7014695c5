# SPDX-License-Identifier: MIT
"""Public records: to_dict / from_dict round trips, layout, versioning, errors."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from directive_tracker import records
from directive_tracker.deadlines import (
    CalendarPeriod,
    CountedFrom,
    DeadlineRule,
    EndOfPeriod,
    FixedDate,
    NoDeadline,
    PeriodicReport,
    Recurring,
    WorkingDays,
)
from directive_tracker.directives import Directive, DirectiveOrigin
from directive_tracker.documents import DocumentNumber, DocumentType
from directive_tracker.events import (
    EVENT_TYPES,
    DeadlineRecomputed,
    ExtensionApproved,
    ExtensionRejected,
    ExtensionRequested,
    ProgressReported,
    ReturnedForRework,
    SubmittedForReview,
    TaskAccepted,
    TaskAssigned,
    TaskCancelled,
    TaskCompleted,
    TaskEvent,
    TaskPaused,
    TaskRefused,
    TaskResumed,
    TaskTransferred,
    TermsChanged,
)
from directive_tracker.exceptions import (
    DirectiveTrackerError,
    InvalidDeadlineError,
    InvalidTypeError,
    ValidationError,
)
from directive_tracker.notifiers import RecipientLevel
from directive_tracker.periods import PeriodKind
from directive_tracker.reminders import Reminder, ReminderReason
from directive_tracker.storage import _codec
from directive_tracker.storage.base import OutboxItem, OutboxStatus
from directive_tracker.tasks import Priority, Task
from directive_tracker.units import Succession, SuccessionKind, Unit, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = date

# ----------------------------------------------------------------------------- strategies

# Text the constructors accept (docs/guide/input-limits.md): no surrogates, control,
# format, private-use or line/paragraph separator characters.
_TEXT_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Zl", "Zp"))
TEXT = st.text(_TEXT_CHARS, min_size=1, max_size=25).filter(lambda s: s.strip() != "")
TEXT_OR_EMPTY = st.text(_TEXT_CHARS, max_size=15)
IDS = st.text(st.sampled_from("abcXYZ019-_.:/Đđ"), min_size=1, max_size=20)
CODES = st.sampled_from(["SNV", "STC", "SKHDT", "UBND-X1", "SYT", "VP", "Sở-TT"])
DATES = st.dates(D(1995, 1, 1), D(2090, 12, 31))
ZONES = st.sampled_from([VN, UTC, timezone(timedelta(hours=-5)), ZoneInfo("Europe/Paris")])
AWARE = st.datetimes(datetime(2000, 1, 1), datetime(2090, 1, 1), timezones=ZONES)
COUNTED = st.none() | st.sampled_from(CountedFrom)
YEARS = st.integers(2000, 2090)


def _valid(cls: type, **strategies: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Objects of *cls* built from the strategies; combinations the class refuses are skipped."""
    @st.composite
    def build(draw: st.DrawFn) -> Any:
        kwargs = {k: draw(s) for k, s in strategies.items()}
        try:
            return cls(**kwargs)
        except DirectiveTrackerError:
            reject()
    return build()


RULES: st.SearchStrategy[DeadlineRule] = st.one_of(
    st.builds(FixedDate, date=DATES, strict=st.booleans(), roll=st.booleans()),
    st.builds(WorkingDays, n=st.integers(1, 2600), counted_from=COUNTED),
    st.sampled_from([("days", 3660), ("weeks", 522), ("months", 120), ("years", 10)]).flatmap(
        lambda u: st.builds(CalendarPeriod, unit=st.just(u[0]), n=st.integers(1, u[1]),
                            roll_to_working_day=st.booleans(),
                            makeup_saturday_is_working=st.booleans(),
                            swapped_day_off_is_rest=st.booleans(), counted_from=COUNTED)),
    st.builds(EndOfPeriod, kind=st.just("month"), index=st.integers(1, 12),
              year=st.none() | YEARS, roll=st.booleans()),
    st.builds(EndOfPeriod, kind=st.just("quarter"), index=st.integers(1, 4),
              year=st.none() | YEARS, roll=st.booleans()),
    st.builds(EndOfPeriod, kind=st.just("half_year"), index=st.integers(1, 2),
              year=st.none() | YEARS, roll=st.booleans()),
    st.builds(EndOfPeriod, kind=st.sampled_from(["nine_months", "year"]),
              year=st.none() | YEARS, roll=st.booleans()),
    st.builds(Recurring, freq=st.just("weekly"), weekday=st.integers(1, 7), roll=st.booleans()),
    st.builds(Recurring, freq=st.just("monthly"), day=st.integers(1, 31), roll=st.booleans()),
    st.builds(Recurring, freq=st.just("quarterly"), day=st.integers(1, 28),
              month=st.integers(1, 3), roll=st.booleans()),
    st.builds(Recurring, freq=st.just("half_yearly"), day=st.integers(1, 28),
              month=st.integers(1, 6), roll=st.booleans()),
    st.dates(D(2024, 1, 1), D(2024, 12, 31)).flatmap(lambda d: st.builds(
        Recurring, freq=st.just("yearly"), day=st.just(d.day), month=st.just(d.month),
        roll=st.booleans())),
    st.builds(NoDeadline, kind=st.sampled_from(["ongoing", "none"])),
    st.builds(PeriodicReport, kind=st.sampled_from(list(PeriodKind)), day=st.integers(1, 31),
              roll=st.booleans(), until=st.none() | DATES),
)

UNITS = _valid(Unit, code=CODES, name=TEXT, kind=st.sampled_from(UnitKind),
               parent=st.none() | CODES, valid_from=st.none() | DATES,
               valid_to=st.none() | DATES)
SUCCESSIONS = st.one_of(
    _valid(Succession, kind=st.just(SuccessionKind.MERGE),
           predecessors=st.lists(CODES, min_size=2, max_size=3, unique=True),
           successors=st.lists(CODES, min_size=1, max_size=1), effective=DATES,
           document=TEXT, receiver=st.none(), note=TEXT_OR_EMPTY),
    _valid(Succession, kind=st.just(SuccessionKind.SPLIT),
           predecessors=st.lists(CODES, min_size=1, max_size=1),
           successors=st.just(("SNV", "STC")), effective=DATES, document=TEXT,
           receiver=st.sampled_from(["SNV", "STC"]), note=TEXT_OR_EMPTY),
    _valid(Succession, kind=st.just(SuccessionKind.RENAME), predecessors=st.just(["SYT"]),
           successors=st.just(["SYT2"]), effective=DATES, document=TEXT,
           receiver=st.none() | st.just("SYT2"), note=TEXT_OR_EMPTY),
)
NUMBERS = _valid(DocumentNumber, number=st.integers(1, 999_999_999),
                 year=st.none() | st.integers(1945, 2999),
                 doc_type=st.none() | st.sampled_from(
                     [t for t in DocumentType if t is not DocumentType.CONG_VAN]),
                 issuer=st.sampled_from(["UBND", "TTg", "VPCP", "ubnd", "SNV&TC"]),
                 unit=st.none() | st.sampled_from(["KT", "VX-TH", "kgvx"]))
DIRECTIVES = _valid(Directive, id=IDS, number=st.none() | NUMBERS,
                    doc_type=st.none() | st.sampled_from(DocumentType),
                    origin=st.sampled_from(DirectiveOrigin), issuer=TEXT,
                    signer=st.none() | TEXT, issue_date=DATES,
                    received_date=st.none() | DATES, summary=TEXT,
                    parent_id=st.none() | IDS)
TASKS = _valid(Task, id=IDS, directive_id=IDS, content=TEXT, lead_unit=CODES,
               coordinating_units=st.lists(CODES, max_size=3), deadline=RULES, anchor=DATES,
               due_date=st.none() | DATES, assigned_on=DATES, parent_id=st.none() | IDS,
               priority=st.sampled_from(Priority), tags=st.lists(TEXT, max_size=3),
               version=st.integers(0, 10_000))

_BASE = {"task_id": IDS, "at": AWARE, "actor": TEXT, "note": TEXT_OR_EMPTY}
_EXTRA: dict[type[TaskEvent], dict[str, st.SearchStrategy[Any]]] = {
    TaskAssigned: {}, TaskAccepted: {}, TaskResumed: {},
    TaskRefused: {"reason": TEXT},
    ProgressReported: {"percent": st.integers(0, 100), "attachments": st.lists(TEXT, max_size=2),
                       "regression_reason": st.none() | TEXT},
    ExtensionRequested: {"requested_due": DATES, "reason": TEXT},
    ExtensionApproved: {"new_due": DATES, "decider": TEXT},
    ExtensionRejected: {"decider": TEXT, "reason": TEXT},
    TaskPaused: {"reason": TEXT, "waiting_on": st.none() | IDS},
    SubmittedForReview: {"evidence": st.none() | TEXT},
    ReturnedForRework: {"reason": TEXT},
    TaskCompleted: {"completed_on": DATES, "evidence": st.none() | TEXT},
    TaskCancelled: {"reason": TEXT},
    TaskTransferred: {"from_unit": CODES, "to_unit": CODES, "document": TEXT},
    DeadlineRecomputed: {"previous_due": DATES, "new_due": DATES, "document": TEXT,
                         "reason": TEXT},
    # issue 17 item 4: a change of terms, with the values before and after
    TermsChanged: {"reason": TEXT, "document": st.none() | TEXT,
                   "previous_content": st.just("Nội dung cũ"), "new_content": TEXT,
                   "previous_coordinating_units": st.lists(CODES, max_size=2),
                   "new_coordinating_units": st.just(("ZZZ",)),
                   "previous_deadline": RULES, "new_deadline": RULES,
                   "previous_due": st.none() | DATES, "new_due": st.none() | DATES},
}
EVENTS = st.one_of([_valid(cls, **_BASE, **extra) for cls, extra in _EXTRA.items()])

_NFC_TEXT = st.text(_TEXT_CHARS, max_size=10).map(lambda s: unicodedata.normalize("NFC", s))


def _json_containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=3) | st.dictionaries(_NFC_TEXT, inner, max_size=3)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False) | _NFC_TEXT,
    _json_containers, max_leaves=8)
OUTBOX = _valid(OutboxItem, key=TEXT, created_at=AWARE,
                payload=st.dictionaries(_NFC_TEXT, JSON_VALUES, max_size=4),
                status=st.sampled_from(OutboxStatus), attempts=st.integers(0, 50),
                last_error=st.none() | TEXT_OR_EMPTY, sent_at=st.none() | AWARE)
_S = st.text(_TEXT_CHARS, max_size=15)
REMINDERS = st.builds(
    Reminder, key=_S, task_id=_S, directive_id=_S, task_content=_S, recipient=_S,
    recipient_name=_S, level=st.sampled_from(RecipientLevel),
    reason=st.sampled_from(ReminderReason), slot=_S, slot_date=DATES, as_of=DATES,
    lead_unit=_S, due_date=DATES, original_due=st.none() | DATES,
    working_days_left=st.none() | st.integers(0, 300),
    working_days_late=st.none() | st.integers(0, 300), subject_vi=_S, message_vi=_S,
    subject_en=_S, message_en=_S)

#: One strategy per record kind (every public value type).
STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "unit": UNITS, "succession": SUCCESSIONS, "document_number": NUMBERS,
    "directive": DIRECTIVES, "task": TASKS, "deadline_rule": RULES, "event": EVENTS,
    "outbox_item": OUTBOX, "reminder": REMINDERS,
}


def test_every_kind_has_a_strategy() -> None:
    """The round-trip property below covers every record kind and every rule class."""
    assert set(records.RECORD_KINDS) == set(STRATEGIES)
    assert {FixedDate, WorkingDays, CalendarPeriod, EndOfPeriod, Recurring,
            NoDeadline, PeriodicReport} == set(DeadlineRule.__subclasses__())


# ----------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("kind", list(STRATEGIES))
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_round_trip_through_json_is_exact(kind: str, data: st.DataObject) -> None:
    """object → record → JSON text → record → object gives an equal object of the same
    class, with the same UTC offsets, and the same record again."""
    obj = data.draw(STRATEGIES[kind])
    rec = records.to_dict(obj)
    text = json.dumps(rec, ensure_ascii=False, allow_nan=False)
    back = records.from_dict(json.loads(text))
    assert type(obj) is type(back)
    assert obj == back
    assert rec == records.to_dict(back)
    assert (kind, records.RECORD_VERSION) == (rec["record"], rec["record_version"])
    assert kind == records.record_kind(obj)
    for name in ("at", "created_at", "sent_at"):
        if getattr(obj, name, None) is not None:
            assert getattr(obj, name).utcoffset() == getattr(back, name).utcoffset()


@settings(max_examples=100, deadline=None)
@given(st.lists(EVENTS, min_size=1, max_size=4))
def test_every_event_kind_is_reached(events: list[TaskEvent]) -> None:
    """Event records keep the event's kind string."""
    for e in events:
        assert e.kind == records.to_dict(e)["kind"]


def test_event_strategy_covers_every_event_class() -> None:
    """A new event class must get a strategy here (and a schema branch)."""
    assert set(EVENT_TYPES.values()) == set(_EXTRA)


# ----------------------------------------------------------------------------- layout


def test_unit_record_layout() -> None:
    """Hand-written expected record: kind keys first, enums by value, dates ISO."""
    unit = Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT,
                valid_from=D(2025, 7, 1))
    assert {"record": "unit", "record_version": 1, "code": "SNV", "name": "Sở Nội vụ",
            "kind": "department", "parent": None, "valid_from": "2025-07-01",
            "valid_to": None} == records.to_dict(unit)
    assert ["record", "record_version"] == list(records.to_dict(unit))[:2]


def test_end_of_period_rule_keeps_its_type() -> None:
    """The issue's example: attrs.asdict loses the rule class (kind 'year'); the record
    names the rule kind and the period separately."""
    rule = EndOfPeriod(kind="year", year=2026)
    assert "year" == attrs.asdict(rule)["kind"]  # the lossy form the issue describes
    assert {"record": "deadline_rule", "record_version": 1, "kind": "end_of_period",
            "period": "year", "year": 2026, "index": None,
            "roll": False} == records.to_dict(rule)
    assert rule == records.from_dict(records.to_dict(rule))


def test_task_record_nests_rule_and_event_datetime_has_offset() -> None:
    """A task's deadline is the rule's dict; an event's ``at`` is written in Vietnam time
    with its offset: 02:00 UTC is 09:00 +07:00."""
    task = Task(id="T1", directive_id="D1", content="Báo cáo", lead_unit="SNV",
                deadline=WorkingDays(n=10, counted_from=CountedFrom.RECEIPT),
                anchor=D(2026, 3, 2), due_date=D(2026, 3, 16), assigned_on=D(2026, 3, 2))
    rec = records.to_dict(task)
    assert {"kind": "working_days", "n": 10, "counted_from": "receipt"} == rec["deadline"]
    ev = TaskAccepted(task_id="T1", at=datetime(2026, 3, 3, 2, 0, tzinfo=UTC), actor="SNV")
    assert "2026-03-03T09:00:00+07:00" == records.to_dict(ev)["at"]


def test_directive_number_is_structured() -> None:
    """The số, ký hiệu 05/2025/QĐ-UBND is written as its parts."""
    d = Directive(id="QD5", number=DocumentNumber(number=5, year=2025,
                                                  doc_type=DocumentType.QUYET_DINH,
                                                  issuer="UBND"),
                  issuer="UBND", issue_date=D(2025, 1, 6), summary="Về việc X")
    rec = records.to_dict(d)
    assert {"number": 5, "year": 2025, "doc_type": "QĐ", "issuer": "UBND",
            "unit": None} == rec["number"]
    assert "QĐ" == rec["doc_type"]


# ----------------------------------------------------------------------------- codec


@settings(max_examples=60, deadline=None)
@given(TASKS, EVENTS, DIRECTIVES, UNITS, OUTBOX)
def test_storage_codec_is_the_record_without_its_kind_keys(
        task: Task, event: TaskEvent, directive: Directive, unit: Unit,
        item: OutboxItem) -> None:
    """One definition: the stored layout is the public record minus two keys."""
    def strip(rec: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in rec.items() if k not in ("record", "record_version")}

    assert strip(records.to_dict(task)) == _codec.task_to_record(task)
    assert strip(records.to_dict(event)) == _codec.event_to_record(event)
    assert strip(records.to_dict(directive)) == _codec.directive_to_record(directive)
    assert strip(records.to_dict(unit)) == _codec.unit_to_record(unit)
    assert strip(records.to_dict(item)) == _codec.outbox_to_record(item)


# ----------------------------------------------------------------------------- errors


def test_unknown_object_is_refused() -> None:
    """Only public value types have records."""
    with pytest.raises(InvalidTypeError):
        records.to_dict({"a": 1})


def test_kind_is_required_and_checked() -> None:
    """Without "record" nor kind= the kind is unknown; a mismatch is refused."""
    rec = records.to_dict(NoDeadline())
    body = {k: v for k, v in rec.items() if k != "record"}
    with pytest.raises(ValidationError, match="record kind"):
        records.from_dict(body)
    assert NoDeadline() == records.from_dict(body, kind="deadline_rule")
    with pytest.raises(ValidationError, match="expected a task record"):
        records.from_dict(rec, kind="task")
    with pytest.raises(ValidationError, match="unknown record kind"):
        records.from_dict(rec, kind="nonsense")
    with pytest.raises(ValidationError, match="mapping"):
        records.from_dict([rec])  # type: ignore[arg-type]


def test_newer_record_version_is_refused() -> None:
    """A record written by a newer layout is not guessed at."""
    rec = records.to_dict(NoDeadline()) | {"record_version": 2}
    with pytest.raises(ValidationError, match="record_version 2 is not supported"):
        records.from_dict(rec)


def test_schema_violation_names_the_schema_path() -> None:
    """A percent of 140 breaks the schema's maximum for progress events."""
    ev = ProgressReported(task_id="T1", at=datetime(2026, 3, 3, 9, tzinfo=VN), actor="SNV",
                          percent=40)
    rec = records.to_dict(ev) | {"percent": 140}
    with pytest.raises(ValidationError) as info:
        records.from_dict(rec)
    assert ("urn:directive-tracker:schemas:1:event#/$defs/progress/properties/percent/maximum"
            == info.value.schema_path)
    assert "/percent" == info.value.instance_path


def test_type_rules_beyond_the_schema_still_apply() -> None:
    """valid_to before valid_from passes the schema but the Unit refuses it; a rule with
    an impossible month index is refused by the rule's own error."""
    rec = records.to_dict(Unit(code="X", name="X", kind=UnitKind.OTHER))
    rec |= {"valid_from": "2026-02-01", "valid_to": "2026-01-31"}
    with pytest.raises(ValidationError, match="valid_to"):
        records.from_dict(rec)
    rule = {"record": "deadline_rule", "kind": "end_of_period", "period": "month",
            "index": 13}
    with pytest.raises(InvalidDeadlineError):
        records.from_dict(rule)


# ----------------------------------------------------------------------------- schemas

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")

from directive_tracker import schemas  # noqa: E402
from directive_tracker.schemas._validator import SchemaError, Validator  # noqa: E402


def _registry() -> Any:
    from referencing.jsonschema import DRAFT202012

    return referencing.Registry().with_resources(
        (schemas.schema_id(n), referencing.Resource.from_contents(
            schemas.load_schema(n), default_specification=DRAFT202012))
        for n in schemas.SCHEMA_NAMES)


REGISTRY = _registry()


def reference_validator(name: str) -> Any:
    """The ``jsonschema`` validator of the shipped schema *name* (``name#/pointer`` too)."""
    base, _, pointer = name.partition("#")
    schema: dict[str, Any] = {"$ref": schemas.schema_id(base) + (f"#{pointer}" if pointer
                                                                  else "")}
    return jsonschema.Draft202012Validator(schema, registry=REGISTRY)


@pytest.mark.parametrize("name", schemas.SCHEMA_NAMES)
def test_shipped_schemas_are_valid_draft_2020_12(name: str) -> None:
    """Each file is a valid 2020-12 schema whose $id matches its name."""
    schema = schemas.load_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "https://json-schema.org/draft/2020-12/schema" == schema["$schema"]
    assert f"urn:directive-tracker:schemas:1:{name}" == schema["$id"]


def test_internal_validator_refuses_keywords_it_does_not_implement() -> None:
    """A schema using "not" (unsupported) fails when compiled, not silently."""
    with pytest.raises(SchemaError, match="unsupported keyword"):
        Validator([{"$id": "urn:x", "not": {"type": "string"}}])
    with pytest.raises(SchemaError, match="unknown schema"):
        Validator([{"$id": "urn:x", "$ref": "urn:y"}])


_ODD_VALUES = [None, True, False, 0, 1, -1, 1.0, 1.5, 10**12, "", " ", "x y", "QĐ",
               "2024-13-45", "2026-03-03", "2026-03-03T09:00:00+07:00", [], ["a", "a"], {},
               {"kind": "assigned"}]


@st.composite
def _mutated(draw: st.DrawFn, doc: Any) -> Any:
    """*doc* with one change at a random place: a value replaced, a key removed or added."""
    doc = json.loads(json.dumps(doc))
    containers: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict | list):
            containers.append(node)
            for child in (node.values() if isinstance(node, dict) else node):
                walk(child)
    walk(doc)
    target = draw(st.sampled_from(containers))
    action = draw(st.sampled_from(["replace", "delete", "add"]))
    if isinstance(target, dict):
        keys = sorted(target)
        if action == "add" or not keys:
            target[draw(st.sampled_from(["extra", "kind", "record", "note", "n"]))] = draw(
                st.sampled_from(_ODD_VALUES))
        elif action == "delete":
            del target[draw(st.sampled_from(keys))]
        else:
            target[draw(st.sampled_from(keys))] = draw(st.sampled_from(_ODD_VALUES))
    elif target:
        i = draw(st.integers(0, len(target) - 1))
        if action == "delete":
            del target[i]
        else:
            target[i] = draw(st.sampled_from(_ODD_VALUES))
    else:
        target.append(draw(st.sampled_from(_ODD_VALUES)))
    return doc


_SCHEMA_OF = {k: k.replace("_", "-") for k in records.RECORD_KINDS}


@pytest.mark.parametrize("kind", list(STRATEGIES))
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_internal_validator_agrees_with_jsonschema(kind: str, data: st.DataObject) -> None:
    """Two implementations must agree: every valid record is valid for both, and on
    documents with one random change both give the same verdict."""
    rec = json.loads(json.dumps(records.to_dict(data.draw(STRATEGIES[kind]))))
    name = _SCHEMA_OF[kind]
    reference = reference_validator(name)
    assert reference.is_valid(rec)
    assert schemas.first_error(rec, name) is None
    mutated = data.draw(_mutated(rec))
    assert reference.is_valid(mutated) == (schemas.first_error(mutated, name) is None)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_internal_validator_agrees_on_export_lines(data: st.DataObject) -> None:
    """Same agreement for JSON-lines export lines (header and record lines)."""
    kind = data.draw(st.sampled_from(["unit", "succession", "directive", "task", "event",
                                      "outbox_item"]))
    body = records.to_dict(data.draw(STRATEGIES[kind]))
    body = {k: v for k, v in body.items() if k not in ("record", "record_version")}
    line = data.draw(st.sampled_from([
        {"type": "outbox" if kind == "outbox_item" else kind, "data": body},
        {"format": "directive_tracker", "version": 1}]))
    line = json.loads(json.dumps(line))
    reference = reference_validator("export-line")
    assert reference.is_valid(line)
    assert schemas.first_error(line, "export-line") is None
    mutated = data.draw(_mutated(line))
    assert reference.is_valid(mutated) == (schemas.first_error(mutated, "export-line") is None)


def test_reported_paths_point_at_the_failure() -> None:
    """The internal validator's instance path is one jsonschema also reports, and its
    schema path resolves to the failing keyword in the shipped file."""
    rule = {"kind": "recurring", "freq": "monthly", "day": 32}
    failure = schemas.first_error(rule, "deadline-rule")
    assert failure is not None
    assert "/day" == failure.instance_path
    assert ("urn:directive-tracker:schemas:1:deadline-rule#/$defs/recurring/properties/day"
            "/maximum") == failure.schema_path
    errors = list(reference_validator("deadline-rule").iter_errors(rule))
    assert ["day"] in [list(e.absolute_path) for e in errors]
    assert 31 == schemas.load_schema("deadline-rule")["$defs"]["recurring"]["properties"][
        "day"]["maximum"]


def test_every_schema_file_is_package_data() -> None:
    """The .schema.json files next to the module are exactly SCHEMA_NAMES (the wheel ships
    the package directory whole, so these are what an installed copy holds)."""
    from importlib import resources

    files = {p.name for p in resources.files("directive_tracker.schemas").iterdir()
             if p.name.endswith(".schema.json")}
    assert {f"{n}.schema.json" for n in schemas.SCHEMA_NAMES} == files


@pytest.mark.parametrize("name", ["event", "deadline-rule", "export-line", "task"])
@pytest.mark.parametrize("doc", [[], "x", 3, None, {}, {"kind": 5}, {"kind": "completed"},
                                 {"kind": "no_deadline"}, {"type": "task", "data": []},
                                 {"type": 1, "data": {}}, {"format": "directive_tracker",
                                                           "version": 1}])
def test_agreement_on_odd_documents(name: str, doc: Any) -> None:
    """Whole documents of the wrong shape (the discriminator shortcut must not differ from
    the general rule: every if/then branch applies to a non-object)."""
    assert reference_validator(name).is_valid(doc) == (schemas.first_error(doc, name) is None)


# ----------------------------------------------------------------------------- outbox text


def test_outbox_item_holds_the_nfc_payload_its_record_round_trips() -> None:
    """Issue 17 (fuzz at 20,000 inputs): an item built with NFD payload text kept it NFD
    while its record (and every store) normalised it, so from_dict(to_dict(item)) != item.
    The item itself now holds the JSON-safe NFC copy."""
    nfd = unicodedata.normalize("NFD", "Sở Nội vụ")
    assert nfd != "Sở Nội vụ"  # "ở" and "ộ" decompose
    item = OutboxItem(key="k1", created_at=datetime(2026, 1, 5, 8, tzinfo=UTC),
                      payload={"unit": nfd, "lines": (nfd, 1), nfd: True})
    assert item.payload == {"unit": "Sở Nội vụ", "lines": ["Sở Nội vụ", 1], "Sở Nội vụ": True}
    assert records.from_dict(records.to_dict(item)) == item


def _nested(depth: int) -> list[Any]:
    out: list[Any] = []
    for _ in range(depth - 1):
        out = [out]
    return out


@pytest.mark.parametrize(("payload", "words"), [
    ({"a": "x" + "\u0301" * 31}, "combining marks"),
    ({"a": "\ud800"}, "lone surrogates"),
    ({"a": "x" * 1_000_001}, "1,000,001 characters"),
    ({"a": _nested(33)}, "nest deeper"),
])
def test_outbox_payload_is_checked_before_it_is_normalised(payload: dict[str, Any],
                                                           words: str) -> None:
    """The payload's text is capped and checked before NFC runs (a run of 31 marks, a
    lone surrogate, 1,000,001 characters, 33 levels of nesting): the store refuses the
    item with a library error and keeps nothing."""
    from directive_tracker.storage import MemoryStore

    item = OutboxItem(key="k1", created_at=datetime(2026, 1, 5, 8, tzinfo=UTC),
                      payload=payload)
    store = MemoryStore()
    with pytest.raises(ValidationError, match=words):
        store.add_outbox_item(item)
    assert store.get_outbox_items() == []


def test_outbox_record_with_a_payload_no_store_keeps_is_refused() -> None:
    """Found by the mutation fuzz run (issue 17): from_dict accepted an outbox record whose
    payload key held 31 combining marks in a row, and to_dict of the result then raised.
    The record is refused when read, with the payload's path named."""
    rec = records.to_dict(OutboxItem(key="k1", created_at=datetime(2026, 1, 5, 8, tzinfo=UTC),
                                     payload={"subject": "Nhắc việc"}))
    rec["payload"] = {"subject": "Nhắc việc", "a" + "\u0f71" * 31: 1}
    with pytest.raises(ValidationError, match="combining marks"):
        records.from_dict(rec)
    rec["payload"] = ["not", "an", "object"]  # the record's JSON Schema refuses it
    with pytest.raises(ValidationError, match="is not of type object"):
        records.from_dict(rec)
