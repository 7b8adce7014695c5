# SPDX-License-Identifier: MIT
"""
The Vietnamese time zone, also where no time-zone database exists (Windows without ``tzdata``).

:data:`VN_TZ` is ``ZoneInfo("Asia/Ho_Chi_Minh")`` when the system or the ``tzdata``
package provides it, else a fixed UTC+07:00 offset named ``"Asia/Ho_Chi_Minh"`` (its
``tzname()`` is ``"ICT"``).  The fallback is exact over the library's range
(1995–2099): Vietnam (the whole country) has used UTC+7 without daylight saving since
1975, so both give the same offset for every supported instant.  Windows users who want
the real zone can ``pip install tzdata``.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["VN_TZ", "VN_TZ_NAME", "vn_tz_is_fallback"]

#: The IANA name of Vietnam's time zone.
VN_TZ_NAME: Final = "Asia/Ho_Chi_Minh"
_OFFSET: Final = timedelta(hours=7)


class _FixedVietnamTZ(tzinfo):
    """UTC+07:00 without DST, repr'd and str'd as Asia/Ho_Chi_Minh (the fallback)."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return _OFFSET

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return "ICT"

    def fromutc(self, dt: datetime) -> datetime:
        return (dt + _OFFSET).replace(tzinfo=self)

    def __repr__(self) -> str:
        return f"_FixedVietnamTZ({VN_TZ_NAME!r}, UTC+07:00)"

    def __str__(self) -> str:
        return VN_TZ_NAME

    def __reduce__(self) -> tuple[type[_FixedVietnamTZ], tuple[()]]:
        return (_FixedVietnamTZ, ())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _FixedVietnamTZ)

    def __hash__(self) -> int:
        return hash(VN_TZ_NAME)


def _load() -> tzinfo:
    try:
        return ZoneInfo(VN_TZ_NAME)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return _FixedVietnamTZ()


#: Vietnam's time zone: the IANA zone when available, else the exact UTC+7 fallback.
VN_TZ: Final[tzinfo] = _load()


def vn_tz_is_fallback() -> bool:
    """Return ``True`` when :data:`VN_TZ` is the fixed UTC+7 fallback (no tz database)."""
    return isinstance(VN_TZ, _FixedVietnamTZ)
