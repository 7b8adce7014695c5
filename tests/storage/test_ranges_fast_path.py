# SPDX-License-Identifier: MIT
"""
``Store.outbox_payloads`` checks its key ranges in one pass over the whole list when
every bound is plain ASCII text without NUL within the cap (the bounds ``reminders_due``
builds), pair by pair otherwise: the same answer either way, compared here on any input.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directive_tracker.exceptions import InvalidTypeError, ValidationError
from directive_tracker.storage.base import _ranges_arg, _ranges_arg_general

_TEXT = st.one_of(st.text(alphabet=st.characters(max_codepoint=127), max_size=12),
                  st.text(max_size=12),
                  st.sampled_from(["a\x00b", "x" * 1000, "x" * 1001, "e\u0301", ""]))
_ITEM = st.one_of(st.tuples(_TEXT, _TEXT), st.tuples(_TEXT), st.lists(_TEXT, max_size=2),
                  st.tuples(_TEXT, st.integers()), st.none())


def _outcome(fn: object, value: object) -> object:
    try:
        return ("ok", fn(value))  # type: ignore[operator]
    except (ValidationError, InvalidTypeError) as e:
        return (type(e).__name__, str(e))


@given(st.lists(_ITEM, max_size=6))
def test_fast_path_agrees_with_the_general_one(ranges: list[object]) -> None:
    assert _outcome(_ranges_arg, ranges) == _outcome(_ranges_arg_general, ranges)


def test_by_hand() -> None:
    """ASCII bounds come back as given; a decomposed é is composed (NFC); a NUL, a bound
    of 1,001 characters and a non-pair are refused."""
    lo, hi = "reminder:T1:SNV:lead_unit:2026-06-30", "reminder:T1:SNV:lead_unit;"
    assert [(lo, hi)] == _ranges_arg(iter([(lo, hi)]))
    assert [("\u00e9", "z")] == _ranges_arg([("e\u0301", "z")])
    for bad in ([("a\x00", "b")], [("x" * 1001, "y")], [("a",)], "ab"):
        with pytest.raises((ValidationError, InvalidTypeError)):
            _ranges_arg(bad)
