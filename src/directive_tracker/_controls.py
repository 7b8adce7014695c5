# SPDX-License-Identifier: MIT
"""
Neutralising untrusted text before it reaches a terminal or a spreadsheet (private).

* :func:`visible_controls`: control characters (C0, DEL, C1) become visible symbols
  (U+2400 Control Pictures: ESC shows as ``␛``, DEL as ``␡``, C1 as U+FFFD), and the
  bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, the "Trojan
  Source" characters) become U+FFFD, so text from the database cannot move the cursor,
  recolour, retitle or reorder a terminal.
* :func:`spreadsheet_cell`: a text cell starting with ``=``, ``+``, ``-``, ``@``, tab or
  CR gets a leading apostrophe (OWASP "CSV injection"), so Excel and LibreOffice show it
  as text instead of evaluating it as a formula.
"""

from __future__ import annotations

from typing import Final

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")

_BIDI = {c: "\ufffd" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_PICTURES = {**{c: chr(0x2400 + c) for c in range(0x20)}, 0x7F: "\u2421",
             **{c: "\ufffd" for c in range(0x80, 0xA0)}, **_BIDI}


def visible_controls(text: str, *, keep: str = "") -> str:
    """Return *text* with control and bidi-override characters made visible.

    Characters in *keep* (e.g. ``"\\n\\t"``) are left as they are.
    """
    if keep:
        table = {c: v for c, v in _PICTURES.items() if chr(c) not in keep}
        return text.translate(table)
    return text.translate(_PICTURES)


def spreadsheet_cell(text: str) -> str:
    """Return *text* with an apostrophe in front when a spreadsheet would take it for a
    formula (it starts with one of :data:`FORMULA_STARTS`)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
