# SPDX-License-Identifier: MIT
"""
Overlap detection between task contents: is a new task a repeat of an open one?

Decree 39/2022 (Art 33) asks the office not to assign the same task twice.  Two contents
are compared by their :func:`content_key` (diacritics, case, punctuation and spacing
removed) and, below an exact match, by the Dice coefficient of their character trigrams
(:func:`similarity`).  This module is domain logic: pure functions of text, no store.
The use case that searches a store for repeats is
:func:`directive_tracker.services.find_overlaps`.

.. versionadded:: 0.2.0
   Moved out of :mod:`directive_tracker.services` (which still re-exports
   :func:`content_key`, :func:`similarity` and :data:`DEFAULT_OVERLAP_THRESHOLD`).
"""

from __future__ import annotations

import functools
import re

from ._validators import check_str
from .exceptions import InvalidTypeError, ValidationError
from .text import fold as fold_text

__all__ = [
    "DEFAULT_OVERLAP_THRESHOLD",
    "check_overlap_threshold",
    "content_key",
    "repeats",
    "similarity",
]

#: :func:`similarity` from which two task contents repeat each other (1.0: the same
#: :func:`content_key`, i.e. equal up to diacritics, case, punctuation and spacing).
DEFAULT_OVERLAP_THRESHOLD = 1.0

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def content_key(text: str) -> str:
    """
    Return the comparison key of a task's content for the overlap check.

    The key is :func:`directive_tracker.text.fold` (no diacritics, ``đ``→``d``, casefolded,
    spaces collapsed) with punctuation removed, so "Rà soát, báo cáo" and "ra soat bao
    cao" have the same key.

    Raises:
        InvalidTypeError: *text* is not a ``str``.

    .. versionadded:: 0.1.0
    """
    if not isinstance(text, str):
        raise InvalidTypeError("text", text, "a str")
    return " ".join(_PUNCT.sub(" ", fold_text(text)).split())


@functools.lru_cache(maxsize=65536)
def _cached_key(content: str) -> str:
    return content_key(content)


@functools.lru_cache(maxsize=65536)
def _trigrams(key: str) -> frozenset[str]:
    padded = f"  {key} "
    return frozenset(padded[i:i + 3] for i in range(len(padded) - 2))


def similarity(a: str, b: str) -> float:
    """
    Return how alike two task contents are, from 0 (nothing shared) to 1 (same key).

    Contents with the same :func:`content_key` score 1.  Otherwise the score is the Dice
    coefficient of the keys' character-trigram sets (each key padded with two spaces in
    front and one behind, as PostgreSQL's ``pg_trgm`` does): ``2·|A∩B| / (|A|+|B|)``.
    One changed letter in a 35-letter content scores about 0.9.

    Raises:
        InvalidTypeError: *a* or *b* is not a ``str``.

    .. versionadded:: 0.1.0
    """
    ka, kb = _cached_key(check_str(a, "a", allow_empty=True)), _cached_key(
        check_str(b, "b", allow_empty=True))
    return _key_similarity(ka, kb)


def _key_similarity(ka: str, kb: str) -> float:
    if ka == kb:
        return 1.0
    ta, tb = _trigrams(ka), _trigrams(kb)
    return 2 * len(ta & tb) / (len(ta) + len(tb))


def check_overlap_threshold(value: object, name: str = "overlap_threshold") -> float:
    """
    Return *value* as a float if it is a valid overlap threshold (0.5 to 1, inclusive).

    Raises:
        InvalidTypeError: *value* is not a number.
        ValidationError: *value* is outside [0.5, 1].

    .. versionadded:: 0.2.0
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidTypeError(name, value, "a number between 0.5 and 1")
    if not 0.5 <= value <= 1.0:
        raise ValidationError(f"{name} must be between 0.5 and 1 (inclusive), "
                              f"got {value}", param_name=name)
    return float(value)


def repeats(a: str, b: str, *, threshold: float = 1.0) -> bool:
    """
    Return whether task contents *a* and *b* repeat each other: ``similarity(a, b) >=
    threshold`` (the bound is inclusive).

    Keys and trigram sets are cached, so checking one content against many is cheap.

    Raises:
        InvalidTypeError: *a* or *b* is not a ``str``; *threshold* is not a number.
        ValidationError: *threshold* is outside [0.5, 1].

    .. versionadded:: 0.2.0
    """
    limit = check_overlap_threshold(threshold, "threshold")
    return similarity(a, b) >= limit
