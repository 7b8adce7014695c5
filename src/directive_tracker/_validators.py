# SPDX-License-Identifier: MIT
"""
Private input checks shared by every module (converters and validators, as in apscheduler).

Public functions call these at their boundary so that bad input fails early with a
library error that names the parameter and what is allowed.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from .exceptions import InvalidTypeError, ValidationError

#: The time zone of every timestamp the library produces (UTC+7, no DST).
VIETNAM_TZ: tzinfo = ZoneInfo("Asia/Ho_Chi_Minh")


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
    return datetime.now(timezone.utc).astimezone(VIETNAM_TZ)


def local_date(value: datetime) -> date:
    """Return the calendar date of an aware datetime in Vietnam."""
    return value.astimezone(VIETNAM_TZ).date()


__all__ = [
    "VIETNAM_TZ",
    "check_aware_datetime",
    "check_date",
    "check_int",
    "check_optional_date",
    "check_optional_str",
    "check_str",
    "local_date",
    "nfc",
    "now_vn",
]
