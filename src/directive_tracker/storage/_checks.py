# SPDX-License-Identifier: MIT
"""
Argument checks shared by every backend (memory, SQLite, PostgreSQL) and by the JSONL
import, so that all of them refuse the same inputs with the same library errors before
touching any data.

Text that reaches a database must be encodable as UTF-8: :func:`check_storable` refuses
lone surrogates (``"\\ud800"``; Python accepts them in ``str``, UTF-8 does not) with a
:class:`~directive_tracker.exceptions.ValidationError` instead of the driver's
``UnicodeEncodeError``.

.. note:: Merge note: when ``_validators`` gains the shared text validator (length cap
   first, then NFC, then surrogates), :func:`check_storable` should call it.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

import attrs

from .._validators import check_date, check_identifier, check_int, check_optional_date
from .._validators import check_optional_str as _check_optional_str
from ..events import TaskEvent
from ..exceptions import InvalidTypeError, ValidationError
from ..text import fold

__all__ = [
    "EXPORT_FORMAT_VERSION",
    "MAX_EXTRA_WRITES",
    "MAX_LINE_CHARS",
    "MAX_QUERY_TEXT",
    "check_directive_filters",
    "check_events",
    "check_expected_version",
    "check_id",
    "check_instance",
    "check_storable",
    "check_storable_object",
    "check_task_id",
    "check_task_ids",
    "check_until",
    "iter_chunks",
    "query_text",
]

#: Longest text accepted by a text search (``TaskQuery.text``, ``get_directives(text=)``),
#: in characters, checked before any normalisation or query.  A substring search runs in
#: time proportional to the pattern times the stored text; 200 characters is four times
#: the longest task title in the 2024 test province and keeps a search over a million
#: tasks in seconds on every backend.
MAX_QUERY_TEXT = 200

#: Version of the JSON-lines export format written by ``Store.export_jsonl``.
EXPORT_FORMAT_VERSION = 1

#: Longest line ``import_jsonl`` reads, in characters (16 MiB).
MAX_LINE_CHARS = 16 * 2**20

#: Most writes without an event (``update_task`` calls) a task's ``version`` may count
#: beyond its events in ``import_jsonl``: ``version <= 1 + len(events) + MAX_EXTRA_WRITES``.
MAX_EXTRA_WRITES = 1000

def check_storable(text: str, what: str) -> str:
    """
    Return *text* unchanged if it can be written as UTF-8, else raise.

    Raises:
        ValidationError: *text* holds a lone surrogate (U+D800..U+DFFF); the message
            names *what* and the position.
    """
    if text.isascii():
        return text
    try:
        text.encode("utf-8")  # CPython's encoder: ~100x faster than a regex scan
    except UnicodeEncodeError as e:
        raise ValidationError(
            f"{what} contains a lone surrogate U+{ord(text[e.start]):04X} at position "
            f"{e.start}; text must be valid Unicode (it cannot be stored as UTF-8)",
            param_name=what) from None
    return text


def query_text(value: object, name: str) -> str | None:
    """
    Validate a search text: None, or a str of at most :data:`MAX_QUERY_TEXT` characters.

    The length is checked first (before NFC normalisation, which is slow on long runs of
    combining marks), then surrogates; the NFC form is returned.

    Raises:
        InvalidTypeError: not a str or None.
        ValidationError: too long, or a lone surrogate.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidTypeError(name, value, "a str or None")
    if len(value) > MAX_QUERY_TEXT:
        raise ValidationError(
            f"{name} is {len(value)} characters long; a search text has at most "
            f"{MAX_QUERY_TEXT}", param_name=name, value=value[:40] + "…")
    check_storable(value, name)
    return unicodedata.normalize("NFC", value)


def check_id(value: object, name: str) -> str:
    """Validate an id (see ``_validators.check_identifier``), refusing lone surrogates."""
    if isinstance(value, str) and len(value) > 128:
        check_identifier(value[:129], name)  # the length error, before normalising
    return check_storable(check_identifier(value, name), name)


def check_task_id(task_id: object) -> str:
    """Validate a task id argument; return it in NFC."""
    return check_id(task_id, "task_id")


def check_until(until: object) -> date | None:
    """Validate an ``until`` argument (a date or None)."""
    return None if until is None else check_date(until, "until")


def check_instance(value: object, cls: type, name: str) -> None:
    """Raise :class:`InvalidTypeError` unless *value* is a *cls*."""
    if not isinstance(value, cls):
        raise InvalidTypeError(name, value, f"a {cls.__name__}")


def check_events(task_id: str, events: object) -> list[TaskEvent]:
    """Validate an events argument: a sequence of TaskEvent all belonging to *task_id*."""
    if isinstance(events, str | bytes) or not isinstance(events, Sequence | Iterable):
        raise InvalidTypeError("events", events, "a sequence of TaskEvent")
    out = list(events)
    for i, e in enumerate(out):
        if not isinstance(e, TaskEvent):
            raise InvalidTypeError(f"events[{i}]", e, "a TaskEvent")
        if e.task_id != task_id:
            raise ValidationError(
                f"events[{i}] belongs to task {e.task_id!r}, not {task_id!r}; every event "
                "must have event.task_id equal to the task written", task_id=task_id)
    return out


def check_expected_version(value: object) -> int:
    """Validate an ``expected_version`` argument (an int ≥ 0)."""
    return check_int(value, "expected_version", minimum=0)


def check_task_ids(task_ids: object) -> list[str]:
    """Validate an iterable of task ids (not a str); return them in NFC, deduplicated."""
    if isinstance(task_ids, str | bytes) or not isinstance(task_ids, Iterable):
        raise InvalidTypeError("task_ids", task_ids, "an iterable of task ids (not a str)")
    return list(dict.fromkeys(check_task_id(i) for i in task_ids))


def check_directive_filters(issuer: object, issued_from: object, issued_to: object,
                            text: object) -> tuple[str | None, date | None, date | None,
                                                   str | None]:
    """
    Validate :meth:`Store.get_directives` filters; return them with the text folded.

    Raises:
        InvalidTypeError: a filter of the wrong type.
        ValidationError: an empty range, a search text over :data:`MAX_QUERY_TEXT`
            characters, or a lone surrogate.
    """
    iss = _check_optional_str(issuer, "issuer")
    if iss is not None:
        check_storable(iss, "issuer")
    f = check_optional_date(issued_from, "issued_from")
    t = check_optional_date(issued_to, "issued_to")
    if f is not None and t is not None and t < f:
        raise ValidationError(
            f"issued_to {t} is before issued_from {f}; the range is inclusive of both "
            "ends and must not be empty")
    key = query_text(text, "text")
    return iss, f, t, (fold(key) if key is not None else None)


def iter_chunks(items: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    """Yield *items* in slices of at most *size* (for SQL ``IN`` lists)."""
    for i in range(0, len(items), size):
        yield items[i:i + size]


def check_storable_object(obj: Any, what: str) -> None:
    """
    Refuse a lone surrogate in any text field of an attrs value object (recursively).

    Walks str fields, tuples/lists/dicts of them and nested attrs objects (e.g. a
    directive's number).  Used by the memory store so that it refuses exactly what the
    SQL stores refuse (they check the encoded record instead).

    Raises:
        ValidationError: naming *what* and the field.
    """
    tp = type(obj)
    if tp is str:
        check_storable(obj, what)
        return
    if obj is None or tp in _SCALARS or isinstance(obj, enum.Enum):
        return
    if tp is tuple or tp is list:
        for v in obj:
            check_storable_object(v, what)
        return
    if isinstance(obj, dict):
        for k, v in obj.items():
            check_storable_object(k, what)
            check_storable_object(v, what)
        return
    names = _FIELDS.get(tp)
    if names is None:
        names = _FIELDS[tp] = (tuple(f.name for f in attrs.fields(tp)) if attrs.has(tp)
                               else ())
    for name in names:
        v = getattr(obj, name)
        tv = type(v)
        if tv is str:
            if not v.isascii():
                check_storable(v, f"{what}: {name}")
        elif v is None or tv in _SCALARS or isinstance(v, enum.Enum):
            continue
        elif tv is tuple:
            for x in v:
                if type(x) is str:
                    if not x.isascii():
                        check_storable(x, f"{what}: {name}")
                else:
                    check_storable_object(x, f"{what}: {name}")
        else:
            check_storable_object(v, f"{what}: {name}")


_SCALARS = frozenset({int, bool, float, date, datetime})
_FIELDS: dict[type, tuple[str, ...]] = {}
