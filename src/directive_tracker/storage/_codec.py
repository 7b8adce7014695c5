# SPDX-License-Identifier: MIT
"""
Record <-> object marshalling shared by every backend (memory, SQLite, PostgreSQL, JSONL).

A *record* is a JSON-safe ``dict`` (str keys; str/int/bool/None/list/dict values) that
holds every field of a stored object, so that ``x_from_record(x_to_record(obj)) == obj``.
SQL backends keep the record as JSON in a ``data`` column and copy the fields they filter
on into indexed columns (see :func:`task_columns` and friends); the JSONL export writes
the records verbatim with a ``"type"`` key.

Decoding validates by constructing the value object, so a corrupt record raises the
class's own :class:`~directive_tracker.exceptions.ValidationError` (or
:class:`~directive_tracker.exceptions.InvalidTypeError`).

Text search keys are ``text.fold`` of the searchable text: diacritic-, case- and
spacing-insensitive, compared with a substring match.
"""

from __future__ import annotations

import enum
import functools
import json
import re
import types
import typing
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import attrs

from .._serialization import _load, dump_value
from ..deadlines import DeadlineRule, rule_from_dict
from ..directives import Directive
from ..events import TaskEvent, event_from_dict, event_to_dict
from ..exceptions import InvalidTypeError, ValidationError
from ..tasks import Task
from ..units import Succession, Unit
from .base import OutboxItem, OutboxStatus

__all__ = [
    "directive_from_record",
    "directive_text_key",
    "directive_to_record",
    "event_from_record",
    "event_to_record",
    "json_safe",
    "like_pattern",
    "outbox_from_record",
    "outbox_sort_key",
    "outbox_to_record",
    "succession_from_record",
    "succession_to_record",
    "task_from_record",
    "task_text_key",
    "task_to_record",
    "unit_from_record",
    "unit_to_record",
]


_ENCODERS: dict[tuple[type, tuple[str, ...]], Callable[[Any], dict[str, Any]]] = {}


def _field_expr(tp: Any, ref: str) -> str:
    """Return a Python expression that dumps ``ref`` (of type *tp*) like ``dump_value``."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            inner = _field_expr(args[0], "_v")
            if inner == "_v":
                return ref
            return f"(None if (_v := {ref}) is None else {inner})"
        return f"_dump({ref})"
    if tp in (str, int, bool):
        return ref
    if tp in (date, datetime):
        return f"{ref}.isoformat()"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return f"{ref}.value"
    if origin is tuple and typing.get_args(tp)[:1] == (str,):
        return f"list({ref})"
    return f"_dump({ref})"


def _encoder(cls: type, skip: tuple[str, ...] = ()) -> Callable[[Any], dict[str, Any]]:
    """
    Return a compiled function giving the same dict as ``dump_attrs`` for *cls*.

    Bulk ingest marshals millions of objects; a generated ``{...}`` literal per class
    (the technique attrs uses for ``__init__``) is several times faster than a generic
    loop over fields.
    """
    enc = _ENCODERS.get((cls, skip))
    if enc is None:
        hints = typing.get_type_hints(cls)
        items = ", ".join(f"{f.name!r}: {_field_expr(hints[f.name], 'o.' + f.name)}"
                          for f in attrs.fields(cls) if f.name not in skip)
        namespace: dict[str, Any] = {"_dump": dump_value}
        exec(f"def enc(o):\n    return {{{items}}}\n", namespace)
        enc = _ENCODERS[(cls, skip)] = namespace["enc"]
    return enc


_TEXT_ENCODERS: dict[tuple[type, tuple[str, ...]], Callable[..., str]] = {}
_encode_str = json.encoder.encode_basestring


def _json_dump_value(value: Any) -> str:
    return dumps(dump_value(value))


def _json_expr(tp: Any, ref: str) -> str:
    """Return an expression giving the JSON text of ``ref`` (of type *tp*), as :func:`dumps`."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1 and "_v" not in ref:
            return f"('null' if (_v := {ref}) is None else {_json_expr(args[0], '_v')})"
        return f"_jd({ref})"
    if tp is str:
        return f"_s({ref})"
    if tp is bool:
        return f"('true' if {ref} else 'false')"
    if tp is int:
        return f"int.__repr__({ref})"
    if tp in (date, datetime):
        return f"('\"' + {ref}.isoformat() + '\"')"
    if origin is tuple and typing.get_args(tp) == (str, ...):
        return f"('[' + ','.join(map(_s, {ref})) + ']')"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        values = [m.value for m in tp]
        if values and all(type(v) is str for v in values):
            return f"_s({ref}.value)"
        if values and all(type(v) is int for v in values):
            return f"int.__repr__({ref}.value)"
    return f"_jd({ref})"


def _text_encoder(cls: type, skip: tuple[str, ...] = (), *, head: str = "",
                  tail: str = "") -> Callable[..., str]:
    """
    Return a compiled ``enc(o, *extra)`` giving ``dumps(record)`` of an attrs object.

    Same text as building the record dict and encoding it, without building the dict:
    bulk ingest encodes millions of events.  *head* is JSON text put before the fields
    (e.g. ``'"kind":"assigned",'``) and *tail* a Python expression appended after them
    (it may use ``x0`` and ``x1``, the extra arguments).
    """
    key = (cls, (*skip, head, tail))
    enc = _TEXT_ENCODERS.get(key)
    if enc is None:
        hints = typing.get_type_hints(cls)
        pieces = [f"'{json.dumps(f.name)}:' + {_json_expr(hints[f.name], 'o.' + f.name)}"
                  for f in attrs.fields(cls) if f.name not in skip]
        body = " + ',' + ".join(pieces)
        src = (f"def enc(o, x0=None, x1=None):\n    return {'{' + head!r} + {body}"
               + (f" + {tail}" if tail else "") + " + '}'\n")
        namespace: dict[str, Any] = {"_s": _encode_str, "_jd": _json_dump_value}
        exec(src, namespace)
        enc = _TEXT_ENCODERS[key] = namespace["enc"]
    return enc


def _fields_to_record(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return _encoder(type(obj), skip)(obj)


@functools.cache
def _class_info(cls: Any) -> tuple[dict[str, Any], frozenset[str]]:
    """Return (type hints, field names) of *cls*, computed once per class."""
    return typing.get_type_hints(cls), frozenset(f.name for f in attrs.fields(cls))


def _record_to_kwargs(cls: type, record: object, skip: tuple[str, ...] = ()
                      ) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise ValidationError(f"{cls.__name__} record must be an object, got {record!r}")
    # get_type_hints re-evaluates the annotation strings on every call: once per class.
    hints, names = _class_info(cls)
    unknown = set(record) - names
    if unknown:
        raise ValidationError(
            f"{cls.__name__}: unknown fields {sorted(unknown)}; allowed: {sorted(names)}")
    return {k: _load(hints[k], v, k) for k, v in record.items() if k not in skip}


def _build(cls: type, kwargs: dict[str, Any]) -> Any:
    try:
        return cls(**kwargs)
    except TypeError as e:
        if isinstance(e, InvalidTypeError):
            raise
        raise ValidationError(f"{cls.__name__}: {e}") from e


# -- units ---------------------------------------------------------------------------

def unit_to_record(unit: Unit) -> dict[str, Any]:
    """Return the JSON-safe record of *unit*."""
    return _fields_to_record(unit)


def unit_from_record(record: dict[str, Any]) -> Unit:
    """Rebuild a :class:`Unit` from :func:`unit_to_record` output, validating it."""
    u: Unit = _build(Unit, _record_to_kwargs(Unit, record))
    return u


def succession_to_record(succession: Succession) -> dict[str, Any]:
    """Return the JSON-safe record of *succession*."""
    return _fields_to_record(succession)


def succession_from_record(record: dict[str, Any]) -> Succession:
    """Rebuild a :class:`Succession`, validating it."""
    s: Succession = _build(Succession, _record_to_kwargs(Succession, record))
    return s


# -- directives ----------------------------------------------------------------------

def directive_to_record(directive: Directive) -> dict[str, Any]:
    """Return the JSON-safe record of *directive* (the number as its structured fields)."""
    return _fields_to_record(directive)


def directive_from_record(record: dict[str, Any]) -> Directive:
    """Rebuild a :class:`Directive`, validating it."""
    d: Directive = _build(Directive, _record_to_kwargs(Directive, record))
    return d


class _FoldTable(dict[int, str]):
    """``str.translate`` table mapping each code point to its fold, filled on demand."""

    def __missing__(self, cp: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(cp))
        out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        out = out.replace("đ", "d").replace("Đ", "D").casefold()
        out = "".join(ch for ch in unicodedata.normalize("NFD", out)
                      if not unicodedata.combining(ch))
        self[cp] = out
        return out


_FOLD_TABLE = _FoldTable()
_WHITESPACE = re.compile(r"\s+")


def fast_fold(text: str) -> str:
    """
    Return ``text.fold(text)`` computed with a cached per-character table (same result).

    Every step of ``fold`` except the final whitespace collapse acts character by
    character, so a translate table gives the same key much faster on bulk ingest.
    """
    return _WHITESPACE.sub(" ", text.translate(_FOLD_TABLE)).strip()


def directive_text_key(directive: Directive) -> str:
    """Return the folded search key: summary and ``str(number)`` joined by a newline."""
    parts = [directive.summary]
    if directive.number is not None:
        parts.append(str(directive.number))
    return "\n".join(fast_fold(p) for p in parts)


# -- tasks ---------------------------------------------------------------------------

def task_to_record(task: Task) -> dict[str, Any]:
    """Return the JSON-safe record of *task*; the deadline rule as ``rule.to_dict()``."""
    rec = _fields_to_record(task, skip=("deadline",))
    rec["deadline"] = task.deadline.to_dict()  # JSON-safe by DeadlineRule's contract
    return rec


_TASK_FIELDS = tuple(f.name for f in attrs.fields(Task))
_RULE_JSON: dict[DeadlineRule, str] = {}


@functools.cache
def _task_text() -> Callable[..., str]:
    return _text_encoder(Task, ("deadline", "version"),
                         tail="',\"version\":' + int.__repr__(x0) + ',\"deadline\":' + x1")


def task_json(task: Task, version: int) -> str:
    """
    Return ``dumps(task_to_record(task))`` with ``"version"`` set to *version*, fast.

    The same text as building the record and encoding it (the deadline rule last, as
    ``rule.to_dict()``); a rule's JSON is memoised (there are few distinct rules).
    """
    if _TASK_FIELDS[-2:] != ("tags", "version"):  # pragma: no cover - layout guard
        rec = task_to_record(task)
        rec["version"] = version
        return dumps(rec)
    rule = task.deadline
    rule_json = _RULE_JSON.get(rule)
    if rule_json is None:
        rule_json = dumps(rule.to_dict())
        if len(_RULE_JSON) < 100_000:
            _RULE_JSON[rule] = rule_json
    return _task_text()(task, version, rule_json)


def task_from_record(record: dict[str, Any]) -> Task:
    """Rebuild a :class:`Task`; the deadline with ``rule_from_dict``; validating all."""
    kwargs = _record_to_kwargs(Task, record, skip=("deadline",))
    if "deadline" not in record:
        raise ValidationError("Task record has no 'deadline'")
    rule = rule_from_dict(record["deadline"])
    if not isinstance(rule, DeadlineRule):  # pragma: no cover - rule_from_dict guarantees it
        raise ValidationError(f"bad deadline {record['deadline']!r}")
    kwargs["deadline"] = rule
    t: Task = _build(Task, kwargs)
    return t


def task_text_key(task: Task) -> str:
    """Return the folded search key of the task's content."""
    return fast_fold(task.content)


# -- events --------------------------------------------------------------------------

def event_to_record(event: TaskEvent) -> dict[str, Any]:
    """Return the JSON-safe record of *event* (as ``event_to_dict``: fields plus ``kind``)."""
    if not isinstance(event, TaskEvent):
        return event_to_dict(event)  # raises the library's error
    rec = {"kind": event.kind}
    rec.update(_encoder(type(event))(event))
    return rec


_EVENT_TEXT: dict[type, Callable[..., str]] = {}


def event_json(event: TaskEvent) -> str:
    """Return ``dumps(event_to_record(event))``, fast (no intermediate dict)."""
    if not isinstance(event, TaskEvent):
        return dumps(event_to_dict(event))  # raises the library's error
    enc = _EVENT_TEXT.get(type(event))
    if enc is None:
        enc = _EVENT_TEXT[type(event)] = _text_encoder(
            type(event), head=f'"kind":{json.dumps(event.kind)},')
    return enc(event)


def event_from_record(record: dict[str, Any]) -> TaskEvent:
    """Rebuild an event (``event_from_dict``), validating it."""
    return event_from_dict(record)


# -- outbox --------------------------------------------------------------------------

def json_safe(value: Any, _path: str = "payload") -> Any:
    """
    Return a JSON-safe deep copy of *value* with every string NFC-normalised.

    Tuples become lists; dict keys must be str.  Raise :class:`ValidationError` naming
    the path of anything that JSON cannot hold (or a NUL character in text).
    """
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValidationError(f"{_path}: {value!r} is not allowed in JSON")
        return value
    if isinstance(value, str):
        if "\x00" in value:
            raise ValidationError(f"{_path} must not contain NUL characters")
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list | tuple):
        return [json_safe(v, f"{_path}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise ValidationError(f"{_path}: keys must be str, got {k!r}")
            out[json_safe(k, _path)] = json_safe(v, f"{_path}.{k}")
        return out
    raise ValidationError(
        f"{_path}: a {type(value).__name__} cannot be stored; use str, int, float, bool, "
        "None, lists and dicts (dates as ISO strings)")


def outbox_to_record(item: OutboxItem) -> dict[str, Any]:
    """Return the JSON-safe record of *item* (payload deep-copied, NFC)."""
    return {
        "key": item.key,
        "created_at": item.created_at.isoformat(),
        "payload": json_safe(item.payload),
        "status": item.status.value,
        "attempts": item.attempts,
        "last_error": item.last_error,
        "sent_at": item.sent_at.isoformat() if item.sent_at is not None else None,
        # The claim fields only when set: records of unclaimed items stay as in 0.1.
        **({"claimed_by": item.claimed_by} if item.claimed_by is not None else {}),
        **({"lease_until": item.lease_until.isoformat()}
           if item.lease_until is not None else {}),
    }


def outbox_from_record(record: dict[str, Any]) -> OutboxItem:
    """Rebuild an :class:`OutboxItem`, validating it."""
    kwargs = _record_to_kwargs(OutboxItem, record)
    o: OutboxItem = _build(OutboxItem, kwargs)
    return o


def outbox_sort_key(created_at: datetime) -> str:
    """Return a fixed-width UTC string that sorts like *created_at* (for SQL columns)."""
    return created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def check_outbox_item(item: object) -> OutboxItem:
    """Validate an outbox item argument fully (types, JSON-safe payload, texts)."""
    if not isinstance(item, OutboxItem):
        raise InvalidTypeError("item", item, "an OutboxItem")
    from .._validators import check_aware_datetime, check_int, check_optional_str, check_str

    check_str(item.key, "item.key", max_length=1000)
    check_aware_datetime(item.created_at, "item.created_at")
    if not isinstance(item.payload, dict):
        raise InvalidTypeError("item.payload", item.payload, "a dict")
    json_safe(item.payload)
    check_int(item.attempts, "item.attempts", minimum=0)
    check_optional_str(item.last_error, "item.last_error", allow_empty=True)
    if item.sent_at is not None:
        check_aware_datetime(item.sent_at, "item.sent_at")
    if item.lease_until is not None:
        check_aware_datetime(item.lease_until, "item.lease_until")
    if item.claimed_by is not None:
        check_str(item.claimed_by, "item.claimed_by", max_length=200)
    if not isinstance(item.status, OutboxStatus):  # pragma: no cover - attrs validates it
        raise InvalidTypeError("item.status", item.status, "an OutboxStatus")
    return item


# -- SQL helpers -----------------------------------------------------------------------

def like_pattern(query: str) -> str:
    """Return ``%fold(query)%`` with ``\\``, ``%`` and ``_`` escaped (``ESCAPE '\\'``)."""
    key = fast_fold(query)
    key = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{key}%"


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def dumps(record: Any) -> str:
    """Serialise a record to compact JSON (non-ASCII kept as is, field order kept)."""
    return _ENCODER.encode(record)


def iso(d: date | None) -> str | None:
    """Return ``d.isoformat()`` or None."""
    return None if d is None else d.isoformat()
