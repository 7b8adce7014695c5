# SPDX-License-Identifier: MIT
"""
Private input checks shared by every module (converters and validators, as in apscheduler).

Public functions call these at their boundary so that bad input fails early with a
library error that names the parameter and what is allowed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from typing import Any

import attrs

from ._tz import VN_TZ
from .exceptions import InvalidTypeError, ValidationError

#: The time zone of every timestamp the library produces (UTC+7, no DST); falls back to
#: a fixed UTC+7 offset where no time-zone database exists (see :mod:`._tz`).
VIETNAM_TZ: tzinfo = VN_TZ


def check_date(value: object, param_name: str = "date") -> date:
    """Return *value* if it is a ``date`` (and not a ``datetime``), else raise InvalidTypeError."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidTypeError(param_name, value, "a datetime.date (not a datetime)")
    return value


def check_optional_date(value: object, param_name: str = "date") -> date | None:
    """Like :func:`check_date` but let ``None`` through."""
    if value is None:
        return None
    return check_date(value, param_name)


def check_int(value: object, param_name: str, *, minimum: int | None = None,
              maximum: int | None = None) -> int:
    """Return *value* if it is an ``int`` (not a ``bool``) within the bounds (inclusive)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(param_name, value, "an int")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        lo = "-inf" if minimum is None else str(minimum)
        hi = "+inf" if maximum is None else str(maximum)
        raise ValidationError(
            f"{param_name} must be between {lo} and {hi} (inclusive), got {value}",
            param_name=param_name,
            value=value,
        )
    return value


def check_str(value: object, param_name: str, *, allow_empty: bool = False,
              max_length: int | None = None) -> str:
    """Return *value* normalised to NFC if it is a ``str``; refuse NUL and (optionally) empty."""
    if not isinstance(value, str):
        raise InvalidTypeError(param_name, value, "a str")
    text = unicodedata.normalize("NFC", value)
    if "\x00" in text:
        raise ValidationError(f"{param_name} must not contain NUL characters",
                              param_name=param_name, value=value)
    if not allow_empty and not text.strip():
        raise ValidationError(f"{param_name} must not be empty", param_name=param_name,
                              value=value)
    if max_length is not None and len(text) > max_length:
        raise ValidationError(
            f"{param_name} is {len(text)} characters long; at most {max_length} are allowed",
            param_name=param_name, value=value[:50])
    return text


def check_optional_str(value: object, param_name: str, **kwargs: Any) -> str | None:
    """Like :func:`check_str` but let ``None`` through."""
    if value is None:
        return None
    return check_str(value, param_name, **kwargs)


def nfc(value: str) -> str:
    """Return *value* in Unicode NFC (TCVN 6909:2001 text is precomposed)."""
    return unicodedata.normalize("NFC", value)


def check_aware_datetime(value: object, param_name: str = "at") -> datetime:
    """Return *value* if it is a timezone-aware ``datetime``, converted to Asia/Ho_Chi_Minh."""
    if not isinstance(value, datetime):
        raise InvalidTypeError(param_name, value, "a timezone-aware datetime.datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            f"{param_name} must be timezone-aware (e.g. tzinfo=ZoneInfo('Asia/Ho_Chi_Minh')), "
            f"got naive {value.isoformat()}",
            param_name=param_name, value=value)
    return value.astimezone(VIETNAM_TZ)


def now_vn() -> datetime:
    """Return the current time in Asia/Ho_Chi_Minh (the default clock)."""
    return datetime.now(UTC).astimezone(VIETNAM_TZ)


def local_date(value: datetime) -> date:
    """Return the calendar date of an aware datetime in Vietnam."""
    return value.astimezone(VIETNAM_TZ).date()



# -- attrs converters and validators ----------------------------------------------------
# mypy's attrs plugin accepts only named functions as converters, so converters here are
# lenient (normalise what they can, pass the rest through) and the validators, which
# receive the attribute and so can name it, do the refusing.


def to_nfc(value: object) -> Any:
    """attrs converter: NFC-normalise a ``str``; pass anything else through to validation."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def to_vn_time(value: object) -> Any:
    """attrs converter: express an aware ``datetime`` in Asia/Ho_Chi_Minh; pass others through."""
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return value.astimezone(VIETNAM_TZ)
    return value


def to_str_tuple(value: object) -> Any:
    """attrs converter: turn an iterable of ``str`` (not a bare ``str``) into an NFC tuple."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(to_nfc(v) for v in value)
    return value


def is_date(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a ``date`` that is not a ``datetime``."""
    check_date(value, attribute.name)


def is_optional_date(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: ``None`` or a ``date`` that is not a ``datetime``."""
    check_optional_date(value, attribute.name)


def is_text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a non-empty ``str`` without NUL, at most 100,000 characters."""
    check_str(value, attribute.name, max_length=MAX_TEXT)


def is_optional_text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: ``None`` or what :func:`is_text` accepts."""
    check_optional_str(value, attribute.name, max_length=MAX_TEXT)


def is_text_or_empty(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a ``str`` (may be empty) without NUL."""
    check_str(value, attribute.name, allow_empty=True, max_length=MAX_TEXT)


def is_aware_datetime(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a timezone-aware ``datetime``."""
    check_aware_datetime(value, attribute.name)


def is_str_tuple(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a tuple of non-empty ``str`` without NUL."""
    if not isinstance(value, tuple):
        raise InvalidTypeError(attribute.name, value, "a sequence of str")
    for item in value:
        check_str(item, attribute.name, max_length=MAX_TEXT)


#: Longest free text accepted in one field (characters).
MAX_TEXT = 1_000_000


def instance_of(cls: type | tuple[type, ...]) -> Callable[[object, attrs.Attribute[Any], object],
                                                          None]:
    """Return an attrs validator that raises :class:`InvalidTypeError` unless *value* is a *cls*."""
    names = " or ".join(c.__name__ for c in (cls if isinstance(cls, tuple) else (cls,)))

    def validate(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            raise InvalidTypeError(attribute.name, value, f"a {names}")
    return validate


def optional_instance_of(cls: type) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """Like :func:`instance_of` but let ``None`` through."""
    inner = instance_of(cls)

    def validate(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(inst, attribute, value)
    return validate


def check_identifier(value: object, param_name: str = "id") -> str:
    """Return *value* if it is a usable id: non-empty NFC ``str``, ≤ 128 chars, no white space."""
    text = check_str(value, param_name, max_length=128)
    if any(ch.isspace() for ch in text):
        raise ValidationError(f"{param_name} must not contain white space, got {text!r}",
                              param_name=param_name, value=text)
    return text


def is_identifier(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: see :func:`check_identifier`."""
    check_identifier(value, attribute.name)


def is_optional_identifier(_inst: object, attribute: attrs.Attribute[Any], value: object
                           ) -> None:
    """attrs validator: ``None`` or what :func:`is_identifier` accepts."""
    if value is not None:
        check_identifier(value, attribute.name)
