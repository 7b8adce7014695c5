# SPDX-License-Identifier: MIT
"""
Record <-> object marshalling shared by every backend (memory, SQLite, PostgreSQL, JSONL).

The record functions are those of :mod:`directive_tracker.records` (the public records
without their ``"record"``/``"record_version"`` keys): one definition of each layout.
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
from datetime import date, datetime
from typing import Any

import attrs

from .. import _record_fields as records
from .._serialization import dump_value, iso_datetime, json_safe
from ..deadlines import DeadlineRule
from ..directives import Directive
from ..events import TaskEvent, event_from_dict, event_to_dict
from ..exceptions import InvalidTypeError
from ..tasks import Task
from .outbox import MAX_ATTEMPTS, MAX_KEY_LENGTH, OutboxItem, OutboxStatus, outbox_sort_key

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
    if tp is datetime:
        return f"('\"' + _iso_dt({ref}) + '\"')"
    if tp is date:
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
        namespace: dict[str, Any] = {"_s": _encode_str, "_jd": _json_dump_value,
                                     "_iso_dt": iso_datetime}
        exec(src, namespace)
        enc = _TEXT_ENCODERS[key] = namespace["enc"]
    return enc


# -- units ---------------------------------------------------------------------------

unit_to_record = records.unit_data
unit_from_record = records.unit_from_data
succession_to_record = records.succession_data
succession_from_record = records.succession_from_data
directive_to_record = records.directive_data
directive_from_record = records.directive_from_data


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

task_to_record = records.task_data

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


task_from_record = records.task_from_data


def task_text_key(task: Task) -> str:
    """Return the folded search key of the task's content."""
    return fast_fold(task.content)


# -- events --------------------------------------------------------------------------

event_to_record = records.event_data

_EVENT_TEXT: dict[type, Callable[..., str]] = {}


def event_json(event: TaskEvent) -> str:
    """Return ``dumps(event_to_record(event))``, fast (no intermediate dict)."""
    if not isinstance(event, TaskEvent):
        return dumps(event_to_dict(event))  # raises the library's error
    enc = _EVENT_TEXT.get(type(event))
    if enc is None:
        enc = _EVENT_TEXT[type(event)] = _text_encoder(
            type(event), ("occurrence",), head=f'"kind":{json.dumps(event.kind)},',
            tail="('' if o.occurrence is None else ',\"occurrence\":' + _s(o.occurrence))")
    return enc(event)


def event_from_record(record: dict[str, Any]) -> TaskEvent:
    """Rebuild an event (``event_from_dict``), validating it."""
    return event_from_dict(record)


# -- outbox --------------------------------------------------------------------------

outbox_to_record = records.outbox_data
outbox_from_record = records.outbox_from_data


def check_outbox_item(item: object) -> OutboxItem:
    """Validate an outbox item argument fully (types, JSON-safe payload, texts)."""
    if not isinstance(item, OutboxItem):
        raise InvalidTypeError("item", item, "an OutboxItem")
    from .._validators import check_aware_datetime, check_int, check_optional_str, check_str

    check_str(item.key, "item.key", max_length=MAX_KEY_LENGTH)
    check_aware_datetime(item.created_at, "item.created_at")
    if not isinstance(item.payload, dict):
        raise InvalidTypeError("item.payload", item.payload, "a dict")
    json_safe(item.payload)
    check_int(item.attempts, "item.attempts", minimum=0, maximum=MAX_ATTEMPTS)
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
