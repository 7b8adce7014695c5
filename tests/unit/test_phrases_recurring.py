# SPDX-License-Identifier: MIT
"""Recurring deadline phrases (issue 13, item 4): read with and without diacritics."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_tracker.deadlines import DeadlineRule, Recurring
from directive_tracker.exceptions import DeadlinePhraseError
from directive_tracker.phrases import parse_deadline
from directive_tracker.text import fold

READ: list[tuple[str, Recurring]] = [
    # The 20th of every month.
    ("trước ngày 20 hằng tháng", Recurring(freq="monthly", day=20)),
    ("Báo cáo UBND tỉnh trước 17 giờ ngày 20 hằng tháng", Recurring(freq="monthly", day=20)),
    # The 15th of the quarter's last month (3rd month of the quarter): 15/03, 15/06, ...
    ("định kỳ hằng quý, trước ngày 15 của tháng cuối quý",
     Recurring(freq="quarterly", month=3, day=15)),
    # A province's "trước ngày 20 của tháng cuối kỳ" with a quarterly duty.
    ("báo cáo hằng quý trước ngày 20 của tháng cuối kỳ",
     Recurring(freq="quarterly", month=3, day=20)),
    # Six-month report by 15/6, annual by 15/12: one half-yearly rule on the 15th of the
    # 6th month of each half, i.e. 15/06 and 15/12.
    ("báo cáo 6 tháng trước ngày 15/6 và báo cáo năm trước ngày 15/12",
     Recurring(freq="half_yearly", month=6, day=15)),
    ("Báo cáo sáu tháng chậm nhất ngày 15 tháng 6, báo cáo năm chậm nhất ngày 15 tháng 12",
     Recurring(freq="half_yearly", month=6, day=15)),
    ("báo cáo 6 tháng trước ngày 20/6 và báo cáo năm trước ngày 20/12 (nếu trùng ngày nghỉ "
     "thì chuyển sang ngày làm việc tiếp theo)",
     Recurring(freq="half_yearly", month=6, day=20, roll=True)),
    # Weekly, by 16:00 on Thursday: the day is Thursday (ISO 4); the hour is not kept.
    ("hằng tuần, trước 16 giờ thứ Năm", Recurring(freq="weekly", weekday=4)),
    ("giao ban hằng tuần vào 8h30 thứ Hai", Recurring(freq="weekly", weekday=1)),
]


@pytest.mark.parametrize(("text", "rule"), READ)
def test_reads(text: str, rule: Recurring) -> None:
    assert parse_deadline(text) == rule


@pytest.mark.parametrize(("text", "rule"), READ)
def test_reads_without_diacritics(text: str, rule: Recurring) -> None:
    folded = fold(text)
    assert parse_deadline(folded) == rule
    assert parse_deadline(folded.upper()) == rule


@pytest.mark.parametrize(("text", "message"), [
    # 15/6 and 10/12 are not one half-yearly day.
    ("báo cáo 6 tháng trước ngày 15/6 và báo cáo năm trước ngày 10/12", "six months later"),
    # Seven months apart.
    ("báo cáo 6 tháng trước ngày 15/5 và báo cáo năm trước ngày 15/12", "six months later"),
    ("hằng tuần, trước 16 giờ thứ Năm và 17 giờ thứ Sáu", "one time of day"),
    ("hằng tuần, trước 16 giờ thứ Năm hoặc thứ Sáu", "one weekday"),
    ("trước ngày 20 của tháng cuối kỳ", "exactly one deadline"),
    ("báo cáo 6 tháng trước ngày 15/6 và báo cáo năm trước ngày 15/12 hằng tháng",
     "one recurrence"),
    # 31/6 is not a day (the rule would clip it to 30/06; the phrase is refused instead).
    ("báo cáo 6 tháng trước ngày 31/6 và báo cáo năm trước ngày 31/12", "does not exist"),
    ("báo cáo 6 tháng trước ngày 15/6 và báo cáo năm trước ngày 15/12 trong 10 ngày",
     "cannot place"),
])
def test_refused(text: str, message: str) -> None:
    with pytest.raises(DeadlinePhraseError, match=message):
        parse_deadline(text)


_VOCAB = ["báo cáo", "6 tháng", "năm", "trước", "ngày", "15/6", "15/12", "và", "hằng tuần",
          "hằng tháng", "hằng quý", "16 giờ", "thứ Năm", "của", "tháng cuối quý", "kỳ", "20",
          "8h30", ",", "chậm nhất", "cả năm", "sáu"]


class TestProperties:
    @settings(max_examples=300, deadline=None)
    @given(words=st.lists(st.sampled_from(_VOCAB), max_size=14))
    def test_only_library_errors(self, words: list[str]) -> None:
        """Any sequence of recurring-phrase words reads to a rule or a DeadlinePhraseError."""
        text = " ".join(words)
        try:
            rule = parse_deadline(text)
        except DeadlinePhraseError:
            return
        assert isinstance(rule, DeadlineRule)

    @settings(max_examples=200, deadline=None)
    @given(text=st.text(max_size=60))
    def test_arbitrary_text(self, text: str) -> None:
        """Arbitrary unicode: a rule or a DeadlinePhraseError, never another exception."""
        try:
            rule = parse_deadline(text)
        except DeadlinePhraseError:
            return
        assert isinstance(rule, DeadlineRule)
