# SPDX-License-Identifier: MIT
"""The end of a recurring rule (``Recurring.until``): text, dict and occurrences."""

from __future__ import annotations

from datetime import date

import pytest

from directive_tracker.deadlines import Recurring, rule_from_dict, until_text
from directive_tracker.exceptions import (
    DeadlinePhraseError,
    InvalidDeadlineError,
    InvalidTypeError,
)
from directive_tracker.occurrences import Series
from directive_tracker.phrases import parse_deadline

END_2026 = date(2026, 12, 31)


@pytest.mark.parametrize(("text", "rule"), [
    ("trước ngày 20 hằng tháng, đến hết năm 2027",
     Recurring(freq="monthly", day=20, until=date(2027, 12, 31))),
    ("Trước ngày 20 hằng tháng đến hết ngày 30/6/2027",
     Recurring(freq="monthly", day=20, until=date(2027, 6, 30))),
    ("định kỳ hằng quý, trước ngày 15 của tháng cuối quý, tới năm 2028",
     Recurring(freq="quarterly", month=3, day=15, until=date(2028, 12, 31))),
    ("báo cáo 6 tháng trước ngày 15/6 và báo cáo năm trước ngày 15/12, đến hết năm 2030",
     Recurring(freq="half_yearly", month=6, day=15, until=date(2030, 12, 31))),
])
def test_parse_and_round_trip(text: str, rule: Recurring) -> None:
    assert parse_deadline(text) == rule
    assert parse_deadline(rule.to_text()) == rule
    assert rule_from_dict(rule.to_dict()) == rule


def test_canonical_text_and_dict() -> None:
    rule = Recurring(freq="monthly", day=20, until=END_2026)
    assert rule.to_text() == "trước ngày 20 hằng tháng, đến hết năm 2026"
    assert until_text(date(2027, 6, 30)) == "đến hết ngày 30/06/2027"
    assert rule.to_dict()["until"] == "2026-12-31"
    # Open-ended: no "until" key, the 0.1 dict unchanged.
    assert "until" not in Recurring(freq="monthly", day=20).to_dict()


@pytest.mark.parametrize("text", [
    "trước ngày 20 hằng tháng, đến hết ngày 31/02/2027",  # no such day
    "trước ngày 20 hằng tháng, đến hết năm 27",  # two-digit year
    "trước ngày 20 hằng tháng, đến hết năm 2026, đến hết năm 2027",  # two ends
])
def test_refused_phrases(text: str) -> None:
    with pytest.raises(DeadlinePhraseError):
        parse_deadline(text)


def test_bad_until_values() -> None:
    with pytest.raises(InvalidTypeError):
        Recurring(freq="monthly", day=20, until="2026-12-31")  # type: ignore[arg-type]
    with pytest.raises(InvalidDeadlineError):
        rule_from_dict({"kind": "recurring", "freq": "monthly", "until": "31/12/2026"})


def test_no_occurrence_after_until() -> None:
    rule = Recurring(freq="monthly", day=20, until=END_2026)
    # 20/10, 20/11, 20/12/2026; 20/01/2027 is after the end.
    assert rule.occurrences(date(2026, 10, 1), date(2027, 3, 31)) == [
        date(2026, 10, 20), date(2026, 11, 20), date(2026, 12, 20)]
    assert rule.due_date(date(2026, 10, 16)) == date(2026, 10, 20)
    # An anchor after the last occurrence (20/12/2026): nothing is due any more.
    with pytest.raises(InvalidDeadlineError):
        rule.due_date(date(2026, 12, 21))
    series = Series(rule=rule, start=date(2026, 10, 16))
    assert [o.key for o in series.occurrences(date(2027, 1, 15))] == [
        "2026-10", "2026-11", "2026-12"]


def test_until_with_roll_keeps_the_named_day() -> None:
    # 20/12/2026 is a Sunday: rolled to Mon 21/12; the named day is within the end
    # 20/12/2026, so it stays; 20/01/2027 is not.
    rule = Recurring(freq="monthly", day=20, roll=True, until=date(2026, 12, 20))
    assert rule.occurrences(date(2026, 12, 1), date(2027, 2, 28)) == [date(2026, 12, 21)]
