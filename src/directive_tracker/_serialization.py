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
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

import attrs

from .exceptions import ValidationError

#: Loaders for nested object types that are not plain attrs value objects.
_LOADERS: dict[type, Callable[[Any], Any]] = {}
_DUMPERS: dict[type, Callable[[Any], Any]] = {}

T = TypeVar("T")


def register(cls: type, dump: Callable[[Any], Any], load: Callable[[Any], Any]) -> None:
    """Register how to dump and load values of *cls* (and its subclasses for dumping)."""
    _DUMPERS[cls] = dump
    _LOADERS[cls] = load


def dump_value(value: Any) -> Any:
    """Return a JSON-safe form of *value*."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
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
            f"{cls.__name__}: unknown fields {sorted(unknown)}; allowed: {sorted(fields)}")
    kwargs = {name: _load(hints[name], value, name) for name, value in raw.items()}
    try:
        return cls(**kwargs)
    except TypeError as e:
        raise ValidationError(f"{cls.__name__}: {e}") from e
