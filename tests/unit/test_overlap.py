# SPDX-License-Identifier: MIT
"""
Tests for directive_tracker.overlap: repeated task contents, as pure text functions.

Trigram counts by hand: a key is padded with two spaces in front and one behind, as
pg_trgm does.  "abc" -> "  abc " -> {"  a", " ab", "abc", "bc "} (4); "abd" -> {"  a",
" ab", "abd", "bd "} (4); shared 2; Dice 2*2 / (4+4) = 0.5.
"""

from __future__ import annotations

import pytest

import directive_tracker.services as services
from directive_tracker.exceptions import InvalidTypeError, ValidationError
from directive_tracker.overlap import (
    DEFAULT_OVERLAP_THRESHOLD,
    check_overlap_threshold,
    content_key,
    repeats,
    similarity,
)


def test_content_key_folds_diacritics_case_punctuation_spacing() -> None:
    """Diacritics, đ, case, punctuation and runs of spaces do not count."""
    assert "ra soat bao cao" == content_key("  Rà soát,   BÁO cáo! ")
    assert "dau tu cong" == content_key("Đầu tư công")


def test_similarity_by_hand() -> None:
    """Same key 1.0; "abc"/"abd" 0.5 (see the module docstring); nothing shared 0.0."""
    assert 1.0 == similarity("Đà Nẵng!", "da  nang")
    assert 0.5 == similarity("abc", "abd")
    assert 0.0 == similarity("xyz", "abc")


def test_repeats_bound_is_inclusive() -> None:
    """repeats() is similarity >= threshold: 0.5 repeats at 0.5, not at 0.51."""
    assert repeats("abc", "abd", threshold=0.5)
    assert not repeats("abc", "abd", threshold=0.51)
    assert repeats("Rà soát, báo cáo", "ra soat bao cao")  # default 1.0: same key
    assert not repeats("Báo cáo quý I", "Báo cáo quý II")


@pytest.mark.parametrize(("value", "error"), [
    (0.49, ValidationError), (1.01, ValidationError), (True, InvalidTypeError),
    ("0.9", InvalidTypeError)])
def test_threshold_checked(value: object, error: type[Exception]) -> None:
    """A threshold is a number from 0.5 to 1 inclusive."""
    with pytest.raises(error, match="threshold"):
        check_overlap_threshold(value, "threshold")


def test_threshold_bounds_accepted() -> None:
    """Both bounds are allowed and come back as floats."""
    assert (0.5, 1.0) == (check_overlap_threshold(0.5), check_overlap_threshold(1))


def test_non_text_refused() -> None:
    """Only strings are compared."""
    with pytest.raises(InvalidTypeError):
        content_key(None)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        repeats("abc", 3)  # type: ignore[arg-type]


def test_services_reexports_the_same_objects() -> None:
    """services keeps its 0.1 names, now the domain module's objects."""
    assert (content_key, similarity, DEFAULT_OVERLAP_THRESHOLD) == (
        services.content_key, services.similarity, services.DEFAULT_OVERLAP_THRESHOLD)
    assert 1.0 == DEFAULT_OVERLAP_THRESHOLD
