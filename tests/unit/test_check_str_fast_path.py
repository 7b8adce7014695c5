# SPDX-License-Identifier: MIT
"""
``check_str`` answers ASCII text without NUL at once (no character scans, no NFC): the
same answer as its general path, which every other text takes.  Both are compared here
on any text, with and without ``allow_empty`` and a cap.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directive_tracker._validators import _check_str_general, check_str
from directive_tracker.exceptions import ValidationError


def _outcome(fn: object, value: str, allow_empty: bool, cap: int) -> object:
    try:
        return ("ok", fn(value, "ranges", allow_empty=allow_empty,  # type: ignore[operator]
                         max_length=cap))
    except ValidationError as e:
        return ("error", str(e))


def _general(value: str, name: str, *, allow_empty: bool, max_length: int) -> str:
    """check_str with the fast path taken out: the length cap, then the general path."""
    if len(value) > max_length:
        return check_str(value, name, allow_empty=allow_empty, max_length=max_length)
    return _check_str_general(value, name, allow_empty=allow_empty, max_length=max_length)


@given(value=st.one_of(st.text(alphabet=st.characters(max_codepoint=127), max_size=30),
                       st.text(max_size=30)),
       allow_empty=st.booleans(), cap=st.integers(0, 40))
def test_fast_path_agrees_with_the_general_one(value: str, allow_empty: bool,
                                               cap: int) -> None:
    assert _outcome(check_str, value, allow_empty, cap) == _outcome(_general, value,
                                                                    allow_empty, cap)


@pytest.mark.parametrize(("value", "allow_empty", "expected"), [
    ("reminder:T1:SNV:lead:2026-06-30", False, "ok"),
    ("", True, "ok"),
    ("", False, "error"),       # empty
    ("  \t", False, "error"),   # white space only
    ("a\x00b", True, "error"),  # NUL
])
def test_ascii_by_hand(value: str, allow_empty: bool, expected: str) -> None:
    got = _outcome(check_str, value, allow_empty, 1000)
    assert isinstance(got, tuple)
    assert got[0] == expected
    if expected == "ok":
        assert got[1] == value
