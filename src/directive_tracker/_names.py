# SPDX-License-Identifier: MIT
"""Names of weekdays in Vietnamese and English: the one place that spells them."""

from __future__ import annotations

from datetime import date
from typing import Final

__all__ = ["WEEKDAY_NAMES_EN", "WEEKDAY_NAMES_VI", "weekday_name"]

#: Monday first, as ``date.weekday()`` counts (0 = Monday).
WEEKDAY_NAMES_VI: Final = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
WEEKDAY_NAMES_EN: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                           "Sunday")


def weekday_name(d: date, lang: str = "vi") -> str:
    """The weekday of *d* ("Thứ Hai" … "Chủ nhật"; "Monday" … "Sunday" when *lang* is "en")."""
    return (WEEKDAY_NAMES_EN if lang == "en" else WEEKDAY_NAMES_VI)[d.weekday()]
