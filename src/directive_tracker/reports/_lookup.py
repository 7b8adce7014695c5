# SPDX-License-Identifier: MIT
"""
Closest matches for a name that is not known (a unit code, a directive or task id).

Matching ignores case, Vietnamese diacritics (``đ`` is ``d``) and surrounding spaces,
so ``"snv"`` suggests ``"SNV"`` and ``"so noi vu"`` suggests the unit named
"Sở Nội vụ".  Private to :mod:`directive_tracker.reports` (the CLI reaches it through
:func:`closest`'s public re-export in :mod:`directive_tracker.reports`).

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from .._validators import MAX_NAME_LENGTH, MAX_TEXT_HELPER_LENGTH, combining_run_overflow
from ..text import fold as text_fold


def fold(text: str) -> str:
    """
    Return *text* without case, diacritics and surrounding spaces, for matching.

    >>> fold("  Sở Nội vụ "), fold("ĐÀ NẴNG")
    ('so noi vu', 'da nang')
    """
    if len(text) > MAX_TEXT_HELPER_LENGTH or combining_run_overflow(text) is not None:
        # Not a name anyone typed: never normalised (NFD of a 100,000-mark run took
        # 400 ms, and a lookup folds its name once per candidate list).
        return " ".join(text.casefold().split())
    return text_fold(text)  # the library's one definition (directive_tracker.text)


def closest(name: str, known: Iterable[str] | Mapping[str, str], *, limit: int = 3
            ) -> tuple[str, ...]:
    """
    Return up to *limit* keys of *known* closest to *name* (best first).

    *known* is an iterable of keys, or a mapping key -> display name, in which case the
    display name matches too.  A key equal to *name* once folded (see :func:`fold`)
    comes first; then keys or names whose folded form contains the folded *name*; then
    ``difflib.get_close_matches`` (ratio ≥ 0.6) over the folded forms.

    >>> closest("snv", {"SNV": "Sở Nội vụ", "STC": "Sở Tài chính"})
    ('SNV',)
    >>> closest("tai chinh", {"SNV": "Sở Nội vụ", "STC": "Sở Tài chính"})
    ('STC',)
    """
    names = dict(known) if isinstance(known, Mapping) else {k: k for k in known}
    if len(name) > MAX_NAME_LENGTH:  # no code or name is this long: nothing is close
        return ()
    target = fold(name)
    if not target:
        return ()
    out: list[str] = []

    def add(key: str) -> None:
        if key not in out:
            out.append(key)

    for key, label in names.items():
        if target in (fold(key), fold(label)):
            add(key)
    for key, label in names.items():
        if target in fold(key) or target in fold(label):
            add(key)
    forms: dict[str, str] = {}
    for key, label in names.items():
        forms.setdefault(fold(key), key)
        forms.setdefault(fold(label), key)
    for form in difflib.get_close_matches(target, list(forms), n=limit, cutoff=0.6):
        add(forms[form])
    return tuple(out[:limit])
