# SPDX-License-Identifier: MIT
"""
Approximate advance widths of Times New Roman, to size the short rules under the agency
name and the subject line (Decree 30/2020, Appendix I: "độ dài từ 1/3 đến 1/2 độ dài của
dòng chữ").

Widths are the Adobe Core-14 Times-Roman and Times-Bold metrics (units of 1/1000 em),
which Times New Roman and Liberation Serif follow closely; a Vietnamese letter takes the
width of its base letter (its marks sit above or below it).
"""

from __future__ import annotations

import unicodedata

_REGULAR = dict(zip(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    (722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722,
     667, 556, 611, 722, 722, 944, 722, 722, 611,
     444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500,
     333, 389, 278, 500, 500, 722, 500, 500, 444), strict=True))
_BOLD = dict(zip(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    (722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778,
     722, 556, 667, 722, 722, 1000, 722, 722, 667,
     500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556,
     444, 389, 333, 556, 500, 722, 500, 500, 444), strict=True))
_OTHER = {" ": 250, "-": 333, ".": 250, ",": 250, ":": 333, "/": 278, "(": 333, ")": 333}


def _base(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    return unicodedata.normalize("NFD", ch)[0]


def text_width_pt(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Return the approximate width of *text* set in Times New Roman at *size_pt* points."""
    table = _BOLD if bold else _REGULAR
    units = 0
    for ch in text:
        b = _base(ch)
        units += table.get(b) or _OTHER.get(b) or 500
    return units * size_pt / 1000
