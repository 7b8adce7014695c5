# SPDX-License-Identifier: MIT
"""
Private JSON-safe marshalling of the library's attrs value objects.

The supported field types are the ones domain objects use: ``str``, ``int``, ``bool``,
``date``, ``datetime`` (aware, ISO 8601 with offset), ``Enum`` (by value), tuples of
those, their ``| None`` forms, and nested objects that provide ``to_dict`` plus a
registered loader.  Loading validates by constructing the attrs class, so a bad value
raises the class's own validation error.
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
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import attrs

from ._validators import MAX_COMBINING_RUN, MAX_TEXT, combining_run_overflow
from .exceptions import ValidationError

#: Loaders for nested object types that are not plain attrs value objects.
_LOADERS: dict[type, Callable[[Any], Any]] = {}
_DUMPERS: dict[type, Callable[[Any], Any]] = {}

T = TypeVar("T")


def register(cls: type, dump: Callable[[Any], Any], load: Callable[[Any], Any]) -> None:
    """Register how to dump and load values of *cls* (and its subclasses for dumping)."""
    _DUMPERS[cls] = dump
    _LOADERS[cls] = load


def iso_datetime(value: datetime) -> str:
    """
    Return the ISO 8601 text of *value* with an offset in whole minutes (RFC 3339, the
    form the JSON Schemas accept).  An instant whose zone offset has seconds — Vietnam's
    local mean time before 1911, ``+07:06:30`` (tzdata) — is written in UTC instead: the
    same instant, read back as equal.
    """
    offset = value.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        value = value.astimezone(UTC)
    return value.isoformat()


def dump_value(value: Any) -> Any:
    """Return a JSON-safe form of *value*."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, datetime):
        return iso_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list, frozenset)):
        return [dump_value(v) for v in value]
    for cls, dump in _DUMPERS.items():
        if isinstance(value, cls):
            return dump(value)
    if attrs.has(type(value)):
        return dump_attrs(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def dump_attrs(obj: Any) -> dict[str, Any]:
    """Return a dict of an attrs instance's fields, each dumped with :func:`dump_value`."""
    return {f.name: dump_value(getattr(obj, f.name)) for f in attrs.fields(type(obj))}


def _load(tp: Any, raw: Any, name: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if raw is None:
            return None
        return _load(args[0], raw, name)
    if origin is tuple:
        if not isinstance(raw, list | tuple):
            raise ValidationError(f"field {name!r} must be a list, got {raw!r}", field=name)
        (item_tp, *_) = typing.get_args(tp)
        return tuple(_load(item_tp, v, name) for v in raw)
    if tp is datetime:
        if not isinstance(raw, str):
            raise ValidationError(f"field {name!r} must be an ISO datetime string", field=name)
        try:
            return datetime.fromisoformat(raw)
        except ValueError as e:
            raise ValidationError(f"field {name!r}: bad datetime {raw!r}", field=name) from e
    if tp is date:
        if not isinstance(raw, str):
            raise ValidationError(f"field {name!r} must be an ISO date string", field=name)
        try:
            return date.fromisoformat(raw)
        except ValueError as e:
            raise ValidationError(f"field {name!r}: bad date {raw!r}", field=name) from e
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(raw)
        except ValueError as e:
            allowed = ", ".join(repr(m.value) for m in tp)
            raise ValidationError(
                f"field {name!r}: {raw!r} is not one of {allowed}", field=name) from e
    if isinstance(tp, type) and tp in _LOADERS:
        return _LOADERS[tp](raw)
    if isinstance(tp, type) and attrs.has(tp):
        if not isinstance(raw, dict):
            raise ValidationError(f"field {name!r} must be an object", field=name)
        return load_attrs(tp, raw)
    return raw


@functools.cache
def _class_info(cls: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (type hints, attrs fields by name) of *cls*, computed once per class."""
    fields = {f.name: f for f in attrs.fields(cls)}
    return typing.get_type_hints(cls), fields


def load_attrs(cls: type[T], raw: dict[str, Any]) -> T:
    """Build an instance of attrs class *cls* from :func:`dump_attrs` output, validating it."""
    if not isinstance(raw, dict):
        raise ValidationError(f"{cls.__name__} data must be an object, got {raw!r}")
    # get_type_hints re-evaluates every annotation string on each call (it dominated
    # reading events back from SQLite): cache it per class; callers only read it.
    hints, fields = _class_info(typing.cast(Any, cls))
    unknown = set(raw) - set(fields)
    if unknown:
        raise ValidationError(
            f"{cls.__name__}: unknown fields {sorted(unknown, key=str)}; allowed: "
            f"{sorted(fields)}")
    kwargs = {name: _load(hints[name], value, name) for name, value in raw.items()}
    try:
        return cls(**kwargs)
    except TypeError as e:
        raise ValidationError(f"{cls.__name__}: {e}") from e


# -- compiled encoders and checked decoders (records and the storage codec) -----------

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
    if tp is datetime:
        return f"_iso_dt({ref})"
    if tp is date:
        return f"{ref}.isoformat()"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return f"{ref}.value"
    if origin is tuple and typing.get_args(tp)[:1] == (str,):
        return f"list({ref})"
    return f"_dump({ref})"


def encoder(cls: type, skip: tuple[str, ...] = ()) -> Callable[[Any], dict[str, Any]]:
    """
    Return a compiled function giving the same dict as :func:`dump_attrs` for *cls*.

    Fields named in *skip* are left out.  Bulk ingest marshals millions of objects; a
    generated ``{...}`` literal per class (the technique attrs uses for ``__init__``) is
    several times faster than a generic loop over fields.
    """
    enc = _ENCODERS.get((cls, skip))
    if enc is None:
        hints = typing.get_type_hints(cls)
        items = ", ".join(f"{f.name!r}: {_field_expr(hints[f.name], 'o.' + f.name)}"
                          for f in attrs.fields(cls) if f.name not in skip)
        namespace: dict[str, Any] = {"_dump": dump_value, "_iso_dt": iso_datetime}
        exec(f"def enc(o):\n    return {{{items}}}\n", namespace)
        enc = _ENCODERS[(cls, skip)] = namespace["enc"]
    return enc


_CANONICAL: dict[tuple[type, tuple[tuple[str, str], ...]], Callable[[Any], str]] = {}


def _text_expr(tp: Any, ref: str) -> str:
    """Return an expression giving the canonical JSON text of ``dump_value(ref)`` (of
    type *tp*, not None): :func:`canonical_text_encoder`'s value encoding."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _text_expr(args[0], ref) if len(args) == 1 else f"_jd({ref})"
    if tp is str:
        return f"_s({ref})"
    if tp is bool:
        return f"('true' if {ref} is True else 'false' if {ref} is False else _jd({ref}))"
    if tp is int:
        return f"(int.__repr__({ref}) if type({ref}) is int else _jd({ref}))"
    if tp is datetime:
        return f"('\"' + _iso_dt({ref}) + '\"')"
    if tp is date:
        return f"('\"' + {ref}.isoformat() + '\"')"
    if origin is tuple and typing.get_args(tp) == (str, ...):
        return f"('[' + ','.join(map(_s, {ref})) + ']')"
    if isinstance(tp, type) and issubclass(tp, enum.Enum) and all(
            type(m.value) is str for m in tp):
        return f"_s({ref}.value)"
    return f"_jd({ref})"


def canonical_text_encoder(cls: type, constants: tuple[tuple[str, str], ...] = (), *,
                           fields: tuple[str, ...] | None = None,
                           memo: tuple[str, ...] = ()) -> Callable[[Any], str]:
    """
    Return a compiled ``enc(o)`` giving ``encode(data)`` for ``data = dump_attrs(o)``
    updated with the string *constants* and its None-valued keys left out, where
    ``encode`` is ``json.JSONEncoder(ensure_ascii=False, separators=(",", ":"),
    sort_keys=True).encode``: the canonical JSON of the hash chain
    (:func:`directive_tracker.integrity.event_digest`), without building the dict.

    A value whose type is not a plain str, bool, date, datetime, str enum or tuple of str
    goes through ``encode(dump_value(value))`` (nested objects: keys sorted too); a
    value that does not have its declared type (a bool field holding 1) also does.

    *fields*: only these attributes (default: every field).  *memo*: attributes whose
    text is memoised by value (hashable value objects with few distinct values, such as
    deadline rules, whose equal values dump equally).
    """
    key = (cls, (*constants, ("", repr(fields)), ("", repr(memo))))
    enc = _CANONICAL.get(key)
    if enc is None:
        hints = typing.get_type_hints(cls)
        names = [f.name for f in attrs.fields(cls) if fields is None or f.name in fields]
        fixed = dict(constants)
        lines = ["def enc(o):", "    out = []"]
        for name in sorted({*names, *fixed}):
            label = json.dumps(name, ensure_ascii=False) + ":"
            if name in fixed:
                lines.append(f"    out.append({label + _CANONICAL_ENCODE(fixed[name])!r})")
                continue
            tp = hints[name]
            value = _text_expr(tp, "v")
            if tp is str:
                value = "(_s(v) if type(v) is str else _jd(v))"
            lines += [f"    v = o.{name}", "    if v is not None:"]
            if name in memo:
                lines += ["        t = _memo.get(v)", "        if t is None:",
                          f"            t = _remember(v, {value})",
                          f"        out.append({label!r} + t)"]
            else:
                lines.append(f"        out.append({label!r} + {value})")
        lines.append("    return '{' + ','.join(out) + '}'")
        cache: dict[Any, str] = {}

        def remember(value: Any, text: str) -> str:
            if len(cache) < 100_000:
                cache[value] = text
            return text
        namespace: dict[str, Any] = {"_s": _encode_str, "_iso_dt": iso_datetime,
                                     "_jd": _canonical_dump, "_memo": cache,
                                     "_remember": remember}
        exec("\n".join(lines), namespace)
        enc = _CANONICAL[key] = namespace["enc"]
    return enc


_CANONICAL_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"),
                                     sort_keys=True).encode
_encode_str = json.encoder.encode_basestring


def _canonical_dump(value: Any) -> str:
    return _CANONICAL_ENCODE(dump_value(value))


def record_to_kwargs(cls: type, record: object, skip: tuple[str, ...] = ()
                     ) -> dict[str, Any]:
    """
    Return the constructor arguments of *cls* decoded from the dict *record*.

    Fields in *skip* are left for the caller to decode.

    Raises:
        ValidationError: *record* is not a dict, has unknown fields or bad values.
    """
    if not isinstance(record, dict):
        raise ValidationError(f"{cls.__name__} record must be an object, got {record!r}")
    # get_type_hints re-evaluates the annotation strings on every call: once per class.
    hints, fields = _class_info(cls)
    unknown = set(record) - set(fields)
    if unknown:
        raise ValidationError(
            f"{cls.__name__}: unknown fields {sorted(unknown, key=str)}; allowed: "
            f"{sorted(fields)}")
    return {k: _load(hints[k], v, k) for k, v in record.items() if k not in skip}


def build(cls: type[T], kwargs: dict[str, Any]) -> T:
    """
    Return ``cls(**kwargs)``, a missing or unexpected argument as :class:`ValidationError`.

    The library's own :class:`~directive_tracker.exceptions.InvalidTypeError` passes through.
    """
    from .exceptions import InvalidTypeError

    try:
        return cls(**kwargs)
    except TypeError as e:
        if isinstance(e, InvalidTypeError):
            raise
        raise ValidationError(f"{cls.__name__}: {e}") from e


#: How deep lists and dicts may nest in a JSON-safe value (:func:`json_safe`).
MAX_JSON_DEPTH = 32


def json_safe(value: Any, _path: str = "payload", _depth: int = 0) -> Any:
    """
    Return a JSON-safe deep copy of *value* with every string NFC-normalised.

    Tuples become lists; dict keys must be str.  Raise :class:`ValidationError` naming
    the path of anything that JSON cannot hold, a NUL character or a lone surrogate in
    text, a string over :data:`~directive_tracker._validators.MAX_TEXT` characters or
    with more than :data:`~directive_tracker._validators.MAX_COMBINING_RUN` combining
    marks in a row (both checked before normalising, so the cost stays linear), or
    nesting deeper than :data:`MAX_JSON_DEPTH`.
    """
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValidationError(f"{_path}: {value!r} is not allowed in JSON")
        return value
    if isinstance(value, str):
        return _json_text(value, _path)
    if _depth >= MAX_JSON_DEPTH:
        raise ValidationError(f"{_path}: lists and dicts nest deeper than {MAX_JSON_DEPTH}")
    if isinstance(value, list | tuple):
        return [json_safe(v, f"{_path}[{i}]", _depth + 1) for i, v in enumerate(value)]
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise ValidationError(f"{_path}: keys must be str, got {k!r}")
            out[_json_text(k, _path)] = json_safe(v, f"{_path}.{k}", _depth + 1)
        return out
    raise ValidationError(
        f"{_path}: a {type(value).__name__} cannot be stored; use str, int, float, bool, "
        "None, lists and dicts (dates as ISO strings)")


def _json_text(value: str, path: str) -> str:
    """*value* NFC-normalised, after the checks :func:`json_safe` names (cap first)."""
    if len(value) > MAX_TEXT:
        raise ValidationError(f"{path} is {len(value):,} characters long; at most "
                              f"{MAX_TEXT:,} are allowed")
    if "\x00" in value:
        raise ValidationError(f"{path} must not contain NUL characters")
    if _SURROGATE.search(value) is not None:
        raise ValidationError(f"{path} must not contain lone surrogates (U+D800–U+DFFF)")
    if combining_run_overflow(value) is not None:
        raise ValidationError(f"{path} has more than {MAX_COMBINING_RUN} combining marks "
                              "in a row")
    return unicodedata.normalize("NFC", value)


_SURROGATE = re.compile("[\ud800-\udfff]")
