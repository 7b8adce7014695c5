# SPDX-License-Identifier: MIT
"""
Tests of the deadline rules.

Every expected date below was computed by hand from the law (Civil Code 2015 Arts 146–148)
and the 2024–2026 public-servant calendar in domain.md §2.3 (holidays, swapped days off,
make-up Saturdays), with the weekday of each date read from a printed calendar.  None is
obtained by calling the code under test.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_tracker.calendars import WorkingCalendar, vietnam_calendar
from directive_tracker.deadlines import (
    CalendarPeriod,
    CountedFrom,
    DeadlineRule,
    EndOfPeriod,
    Explanation,
    FixedDate,
    NoDeadline,
    Recurring,
    WorkingDays,
    rule_from_dict,
)
from directive_tracker.exceptions import (
    DateOutOfRangeError,
    InvalidDeadlineError,
    InvalidTypeError,
)
from strategies import deadline_rules

D = date


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    """The default Vietnamese public-servant calendar."""
    return vietnam_calendar()


# --------------------------------------------------------------------------- strategies

#: Every kind of rule; EndOfPeriod years 2000–2090 so that anchors up to 2090 stay in range.
RULES = deadline_rules(2000, 2090)


# --------------------------------------------------------------------------- FixedDate


class TestFixedDate:
    @pytest.mark.parametrize(
        ("rule", "expected"),
        [
            (FixedDate(date=D(2024, 5, 15)), D(2024, 5, 15)),
            (FixedDate(date=D(2024, 5, 15), strict=True), D(2024, 5, 14)),
            # 30/06/2024 is a Sunday: kept by default, rolled to Monday 01/07 on request.
            (FixedDate(date=D(2024, 6, 30)), D(2024, 6, 30)),
            (FixedDate(date=D(2024, 6, 30), roll=True), D(2024, 7, 1)),
            # strict "before 01/07/2024" = Sun 30/06 → back over Sat 29/06 → Fri 28/06.
            (FixedDate(date=D(2024, 7, 1), strict=True, roll=True), D(2024, 6, 28)),
            # 01/01/2026 (Thu) New Year, 02/01 swapped day off, 03–04 weekend → Mon 05/01.
            (FixedDate(date=D(2026, 1, 1), roll=True), D(2026, 1, 5)),
            (FixedDate(date=D(2026, 1, 1)), D(2026, 1, 1)),
        ],
    )
    def test_due_date(self, rule: FixedDate, expected: date, cal: WorkingCalendar) -> None:
        """A fixed date is due that day (inclusive), the day before if strict, rolled on request."""
        assert expected == rule.due_date(D(2024, 4, 26), cal)

    def test_anchor_is_ignored(self, cal: WorkingCalendar) -> None:
        """The due date of a fixed date does not depend on when the work was assigned."""
        rule = FixedDate(date=D(2024, 5, 15))
        assert D(2024, 5, 15) == rule.due_date(D(2024, 6, 1), cal)

    def test_default_calendar(self) -> None:
        """Without a calendar the default Vietnamese calendar is used."""
        assert D(2024, 7, 1) == FixedDate(date=D(2024, 6, 30), roll=True).due_date(D(2024, 1, 1))

    def test_explain_roll(self, cal: WorkingCalendar) -> None:
        """The explanation names the non-working day and the moved due date."""
        explanation = FixedDate(date=D(2024, 6, 30), roll=True).explain(D(2024, 6, 1), cal)
        assert D(2024, 7, 1) == explanation.due
        assert "30/06/2024 là ngày nghỉ" in explanation.text_vi
        assert explanation.text_vi.endswith("→ 01/07/2024")
        assert explanation.text_en.endswith("→ 01/07/2024")

    def test_text_and_labels(self) -> None:
        """Canonical text and English label."""
        assert "trước ngày 15/05/2024" == FixedDate(date=D(2024, 5, 15)).to_text()
        assert "by 15/05/2024" == FixedDate(date=D(2024, 5, 15)).label_en
        assert "before 15/05/2024" == FixedDate(date=D(2024, 5, 15), strict=True).label_en
        assert "trước ngày 15/05/2024" == FixedDate(date=D(2024, 5, 15)).label_vi

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            ({"date": datetime(2024, 5, 15)}, InvalidTypeError),
            ({"date": "2024-05-15"}, InvalidTypeError),
            ({"date": D(1994, 12, 31)}, InvalidDeadlineError),
            ({"date": D(2100, 1, 1)}, InvalidDeadlineError),
            ({"date": D(2024, 5, 15), "strict": 1}, InvalidTypeError),
            ({"date": D(2024, 5, 15), "roll": "yes"}, InvalidTypeError),
        ],
    )
    def test_invalid(self, kwargs: dict[str, Any], error: type[Exception]) -> None:
        """Wrong types and years outside 1995–2099 are refused."""
        with pytest.raises(error):
            FixedDate(**kwargs)


# --------------------------------------------------------------------------- WorkingDays


class TestWorkingDays:
    @pytest.mark.parametrize(
        ("n", "anchor", "expected"),
        [
            # Fri 26/04/2024: skip 27–28/04 weekend, 29/04 swapped day off, 30/04 and 01/05
            # holidays; 02/05 (1), 03/05 (2), Sat 04/05 make-up (3), 06–10/05 (4–8), 13 (9),
            # 14 (10).
            (10, D(2024, 4, 26), D(2024, 5, 14)),
            # Tue 06/02/2024: 07/02 (1), Tết 08–14/02, 15 (2), 16 (3), 19 (4), 20 (5).
            (5, D(2024, 2, 6), D(2024, 2, 20)),
            # Fri 13/02/2026: Tết 14–22/02 → Mon 23/02.
            (1, D(2026, 2, 13), D(2026, 2, 23)),
            # Wed 31/12/2025: 01/01 holiday, 02/01 swapped off, 03–04 weekend → 05, 06, 07.
            (3, D(2025, 12, 31), D(2026, 1, 7)),
            # Mon 05/01/2026: 06, 07, 08, 09, Sat 10/01 make-up day (CV 12729/VPCP-KGVX).
            (5, D(2026, 1, 5), D(2026, 1, 10)),
            # Fri 24/04/2026: 25 Sat, 26 Sun (Hùng Kings), 27 substitute day off → 28, 29.
            (2, D(2026, 4, 24), D(2026, 4, 29)),
            # Thu 28/08/2025: 29/08 (1); 30/08–02/09 off; 03 (2) … 12 (9), Mon 15/09 (10).
            (10, D(2025, 8, 28), D(2025, 9, 15)),
            # Anchor on a day off (Sat 27/04/2024): the first working day after is Thu 02/05.
            (1, D(2024, 4, 27), D(2024, 5, 2)),
        ],
    )
    def test_due_date(self, n: int, anchor: date, expected: date, cal: WorkingCalendar) -> None:
        """N working days after the anchor, start day not counted."""
        assert expected == WorkingDays(n=n).due_date(anchor, cal)

    def test_explain_lists_skipped_days(self, cal: WorkingCalendar) -> None:
        """The issue's example: reasons and sources of the skipped days, make-up day counted."""
        explanation = WorkingDays(n=10).explain(D(2024, 4, 26), cal)
        text = explanation.text_vi
        assert text.startswith("10 ngày làm việc kể từ 26/04/2024")
        assert "27–28/04 (Nghỉ cuối tuần)" in text
        assert "29/04 (" in text
        assert "CV 2450/VPCP-KGVX" in text
        assert "30/04–01/05 (" in text
        assert "04/05 (" in text.split("tính ngày làm bù")[1]
        assert text.endswith("→ 14/05/2024")
        assert "27–28/04 (Weekend)" in explanation.text_en
        assert D(2024, 5, 14) == explanation.due
        assert D(2024, 5, 14) == explanation.steps[-1].due

    def test_text(self) -> None:
        """Canonical text and English label."""
        assert "trong 10 ngày làm việc" == WorkingDays(n=10).to_text()
        assert "within 1 working day" == WorkingDays(n=1).label_en

    @pytest.mark.parametrize(
        ("n", "error"),
        [(0, InvalidDeadlineError), (-3, InvalidDeadlineError), (2601, InvalidDeadlineError),
         (True, InvalidTypeError), ("10", InvalidTypeError), (1.0, InvalidTypeError)],
    )
    def test_invalid(self, n: object, error: type[Exception]) -> None:
        """Counts must be ints from 1 to 2600."""
        with pytest.raises(error):
            WorkingDays(n=n)  # type: ignore[arg-type]

    @settings(max_examples=200, deadline=None)
    @given(anchor=st.dates(D(2000, 1, 1), D(2090, 12, 31)), n=st.integers(1, 400))
    def test_property_lands_on_nth_working_day(self, anchor: date, n: int) -> None:
        """The due date is a working day exactly n working days after the anchor."""
        cal = vietnam_calendar()
        due = WorkingDays(n=n).due_date(anchor, cal)
        assert due is not None
        assert cal.is_working_day(due)
        assert n == cal.working_days_between(anchor, due)


# --------------------------------------------------------------------------- CalendarPeriod


class TestCalendarPeriod:
    @pytest.mark.parametrize(
        ("rule", "anchor", "expected"),
        [
            # Art 147–148(1): 15/01 + 10 days = Thu 25/01/2024.
            (CalendarPeriod(n=10, unit="days"), D(2024, 1, 15), D(2024, 1, 25)),
            # Art 148(3): 31/01 + 1 month = 29/02 in a leap year, 28/02 otherwise.
            (CalendarPeriod(n=1, unit="months"), D(2024, 1, 31), D(2024, 2, 29)),
            (CalendarPeriod(n=1, unit="months"), D(2025, 1, 31), D(2025, 2, 28)),
            # Year boundary and clipping: 30/11/2024 + 3 months = 28/02/2025 (Fri).
            (CalendarPeriod(n=3, unit="months"), D(2024, 11, 30), D(2025, 2, 28)),
            # Art 148(4) by analogy: 29/02/2024 + 1 year = 28/02/2025.
            (CalendarPeriod(n=1, unit="years"), D(2024, 2, 29), D(2025, 2, 28)),
            # Art 148(2): Fri 26/04 + 2 weeks = Fri 10/05/2024.
            (CalendarPeriod(n=2, unit="weeks"), D(2024, 4, 26), D(2024, 5, 10)),
            # Art 148(5): 31/01 + 10 days = Sat 10/02/2024 (Tết 08–14/02) → Thu 15/02.
            (CalendarPeriod(n=10, unit="days"), D(2024, 1, 31), D(2024, 2, 15)),
            (CalendarPeriod(n=10, unit="days", roll_to_working_day=False), D(2024, 1, 31),
             D(2024, 2, 10)),
            # 15/12/2025 + 17 days = Thu 01/01/2026 → 02/01 off, 03–04 weekend → Mon 05/01.
            (CalendarPeriod(n=17, unit="days"), D(2025, 12, 15), D(2026, 1, 5)),
            # 16/01/2026 + 1 month = Mon 16/02/2026, inside Tết 14–22/02 → Mon 23/02.
            (CalendarPeriod(n=1, unit="months"), D(2026, 1, 16), D(2026, 2, 23)),
            # 20/04/2025 + 10 days = 30/04; 01/05 holiday, 02/05 swapped off, 03–04 weekend.
            (CalendarPeriod(n=10, unit="days"), D(2025, 4, 20), D(2025, 5, 5)),
            # Fri 26/04/2024 + 8 days = Sat 04/05/2024, a make-up working day: no roll by
            # default; with the policy flag off it is a weekend day → Mon 06/05.
            (CalendarPeriod(n=8, unit="days"), D(2024, 4, 26), D(2024, 5, 4)),
            (CalendarPeriod(n=8, unit="days", makeup_saturday_is_working=False),
             D(2024, 4, 26), D(2024, 5, 6)),
            # Fri 26/04/2024 + 3 days = Mon 29/04, swapped off (CV 2450/VPCP-KGVX): by
            # default it rolls over 30/04 and 01/05 to Thu 02/05; read literally it stays.
            (CalendarPeriod(n=3, unit="days"), D(2024, 4, 26), D(2024, 5, 2)),
            (CalendarPeriod(n=3, unit="days", swapped_day_off_is_rest=False), D(2024, 4, 26),
             D(2024, 4, 29)),
            # Mon 24/08/2026 + 1 week = Mon 31/08, swapped off (TB 9441/TB-BNV); 01–02/09
            # National Day → Thu 03/09; literally: 31/08.
            (CalendarPeriod(n=1, unit="weeks"), D(2026, 8, 24), D(2026, 9, 3)),
            (CalendarPeriod(n=1, unit="weeks", swapped_day_off_is_rest=False), D(2026, 8, 24),
             D(2026, 8, 31)),
            # 02/12/2025 + 1 month = Fri 02/01/2026, swapped off (CV 12729/VPCP-KGVX), 03–04
            # weekend → Mon 05/01; literally: 02/01.
            (CalendarPeriod(n=1, unit="months"), D(2025, 12, 2), D(2026, 1, 5)),
            (CalendarPeriod(n=1, unit="months", swapped_day_off_is_rest=False), D(2025, 12, 2),
             D(2026, 1, 2)),
            # Literal reading also where a roll lands: Thu 01/01/2026 (New Year) → the next
            # day, Fri 02/01, counts as a working day under that policy.
            (CalendarPeriod(n=1, unit="days", swapped_day_off_is_rest=False), D(2025, 12, 31),
             D(2026, 1, 2)),
            # A statutory holiday still rolls under the literal policy: Sat 20/04/2024 + 10
            # days = Tue 30/04 → 01/05 holiday → Thu 02/05 (29/04 is not reached).
            (CalendarPeriod(n=10, unit="days", swapped_day_off_is_rest=False), D(2024, 4, 20),
             D(2024, 5, 2)),
        ],
    )
    def test_due_date(self, rule: CalendarPeriod, anchor: date, expected: date,
                      cal: WorkingCalendar) -> None:
        """Civil Code Arts 147–148: start not counted, months clip, Art 148(5) rolls."""
        assert expected == rule.due_date(anchor, cal)

    def test_last_day_before_roll(self) -> None:
        """last_day() is the Art 148(1)–(4) day before any roll."""
        assert D(2024, 2, 10) == CalendarPeriod(n=10, unit="days").last_day(D(2024, 1, 31))

    def test_explain_cites_articles(self, cal: WorkingCalendar) -> None:
        """The explanation cites Art 147(2), the clipped month and Art 148(5)."""
        text = CalendarPeriod(n=10, unit="days").explain(D(2024, 1, 31), cal).text_vi
        assert "Điều 147 khoản 2" in text
        assert "ngày cuối cùng là 10/02/2024" in text
        assert "Điều 148 khoản 5" in text
        assert text.endswith("→ 15/02/2024")
        clipped = CalendarPeriod(n=1, unit="months").explain(D(2024, 1, 31), cal).text_vi
        assert "không có ngày 31" in clipped

    def test_explain_literal_swapped_day(self, cal: WorkingCalendar) -> None:
        """Under the literal policy the explanation says why a swapped day off is kept."""
        explanation = CalendarPeriod(n=1, unit="weeks", swapped_day_off_is_rest=False).explain(
            D(2026, 8, 24), cal)
        assert D(2026, 8, 31) == explanation.due
        assert "31/08/2026 là ngày nghỉ hoán đổi" in explanation.text_vi
        assert "swapped day off" in explanation.text_en
        assert explanation.text_vi.endswith("→ 31/08/2026")

    def test_text(self) -> None:
        """Canonical text shows only non-default policies."""
        assert "trong 3 tháng" == CalendarPeriod(n=3, unit="months").to_text()
        assert ("trong 2 tuần (không chuyển sang ngày làm việc tiếp theo nếu trùng ngày nghỉ)"
                == CalendarPeriod(n=2, unit="weeks", roll_to_working_day=False).to_text())
        assert "within 1 year" == CalendarPeriod(n=1, unit="years").label_en
        assert ("trong 5 ngày (ngày nghỉ hoán đổi không tính là ngày nghỉ)"
                == CalendarPeriod(n=5, unit="days", swapped_day_off_is_rest=False).to_text())
        assert ("within 5 days (swapped days off count as working days)"
                == CalendarPeriod(n=5, unit="days", swapped_day_off_is_rest=False).label_en)

    def test_out_of_calendar_range(self, cal: WorkingCalendar) -> None:
        """A last day beyond the calendar's range (2099) raises DateOutOfRangeError."""
        with pytest.raises(DateOutOfRangeError):
            CalendarPeriod(n=3, unit="months").due_date(D(2099, 12, 1), cal)

    def test_beyond_year_9999(self) -> None:
        """Arithmetic past year 9999 is refused with InvalidDeadlineError."""
        with pytest.raises(InvalidDeadlineError):
            CalendarPeriod(n=3, unit="months").last_day(D(9999, 12, 1))

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            ({"n": 1, "unit": "hours"}, InvalidDeadlineError),
            ({"n": 1, "unit": 3}, InvalidTypeError),
            ({"n": 121, "unit": "months"}, InvalidDeadlineError),
            ({"n": 11, "unit": "years"}, InvalidDeadlineError),
            ({"n": 0, "unit": "days"}, InvalidDeadlineError),
            ({"n": 1, "unit": "days", "roll_to_working_day": None}, InvalidTypeError),
            ({"n": 1, "unit": "days", "swapped_day_off_is_rest": 0}, InvalidTypeError),
        ],
    )
    def test_invalid(self, kwargs: dict[str, Any], error: type[Exception]) -> None:
        """Unknown units, out-of-range counts and non-bool flags are refused."""
        with pytest.raises(error):
            CalendarPeriod(**kwargs)

    @settings(max_examples=200, deadline=None)
    # 2089-06-30 + 120 months stays inside the calendar (2099); 2090-01-01 did not.
    @given(anchor=st.dates(D(2000, 1, 1), D(2089, 6, 30)), n=st.integers(1, 120),
           unit=st.sampled_from(["days", "weeks", "months"]))
    def test_property_roll_is_minimal(self, anchor: date, n: int, unit: str) -> None:
        """The due date is the first working day on or after the Art 148 last day."""
        cal = vietnam_calendar()
        rule = CalendarPeriod(n=n, unit=unit)  # type: ignore[arg-type]
        last = rule.last_day(anchor)
        due = rule.due_date(anchor, cal)
        assert due is not None
        assert last <= due
        assert cal.is_working_day(due)
        assert all(not cal.is_working_day(last + timedelta(days=i))
                   for i in range((due - last).days))


# --------------------------------------------------------------------------- EndOfPeriod


class TestEndOfPeriod:
    @pytest.mark.parametrize(
        ("rule", "anchor", "expected"),
        [
            (EndOfPeriod(kind="month", index=6, year=2024), D(2024, 4, 26), D(2024, 6, 30)),
            (EndOfPeriod(kind="month", index=2, year=2024), D(2024, 1, 1), D(2024, 2, 29)),
            (EndOfPeriod(kind="month", index=2, year=2025), D(2025, 1, 1), D(2025, 2, 28)),
            (EndOfPeriod(kind="quarter", index=3, year=2024), D(2024, 4, 26), D(2024, 9, 30)),
            (EndOfPeriod(kind="quarter", index=4, year=2025), D(2025, 1, 2), D(2025, 12, 31)),
            # Art 146(3): mid-year is 30/06.
            (EndOfPeriod(kind="half_year", index=1, year=2024), D(2024, 1, 2), D(2024, 6, 30)),
            (EndOfPeriod(kind="half_year", index=2, year=2024), D(2024, 1, 2), D(2024, 12, 31)),
            (EndOfPeriod(kind="nine_months", year=2024), D(2024, 1, 2), D(2024, 9, 30)),
            (EndOfPeriod(kind="year", year=2024), D(2024, 1, 2), D(2024, 12, 31)),
            # Without a year: the first such end on or after the anchor.
            (EndOfPeriod(kind="quarter", index=1), D(2024, 12, 10), D(2025, 3, 31)),
            (EndOfPeriod(kind="quarter", index=4), D(2024, 12, 31), D(2024, 12, 31)),
            (EndOfPeriod(kind="half_year", index=2), D(2024, 4, 26), D(2024, 12, 31)),
            (EndOfPeriod(kind="month", index=6), D(2024, 7, 1), D(2025, 6, 30)),
            (EndOfPeriod(kind="year"), D(2025, 3, 3), D(2025, 12, 31)),
            # Roll on request: Sun 30/06/2024 → Mon 01/07; Sun 31/08/2025, 01–02/09
            # National Day → Wed 03/09/2025; Mon 30/09/2024 is a working day.
            (EndOfPeriod(kind="month", index=6, year=2024, roll=True), D(2024, 1, 2),
             D(2024, 7, 1)),
            (EndOfPeriod(kind="month", index=8, year=2025, roll=True), D(2025, 1, 2),
             D(2025, 9, 3)),
            (EndOfPeriod(kind="quarter", index=3, year=2024, roll=True), D(2024, 1, 2),
             D(2024, 9, 30)),
        ],
    )
    def test_due_date(self, rule: EndOfPeriod, anchor: date, expected: date,
                      cal: WorkingCalendar) -> None:
        """Civil Code Art 146: last day of the month, quarter, half, nine months or year."""
        assert expected == rule.due_date(anchor, cal)

    def test_explain_without_year(self, cal: WorkingCalendar) -> None:
        """Without a year the explanation names the period actually meant."""
        text = EndOfPeriod(kind="quarter", index=1).explain(D(2024, 12, 10), cal).text_vi
        assert ("Hết quý I/2025 (kỳ gần nhất kể từ 10/12/2024): 31/03/2025 (BLDS 2015 Điều 146); "
                "→ 31/03/2025") == text

    def test_text_and_label(self) -> None:
        """Canonical text uses Roman quarter numerals."""
        assert "trong quý III/2024" == EndOfPeriod(kind="quarter", index=3, year=2024).to_text()
        assert "6 tháng đầu năm 2024" == EndOfPeriod(kind="half_year", index=1,
                                                       year=2024).to_text()
        assert "by the end of Q3/2024" == EndOfPeriod(kind="quarter", index=3,
                                                        year=2024).label_en
        assert "by the end of the year" == EndOfPeriod(kind="year").label_en

    def test_explain(self, cal: WorkingCalendar) -> None:
        """The explanation cites Art 146."""
        text = EndOfPeriod(kind="quarter", index=3, year=2024).explain(D(2024, 1, 2), cal).text_vi
        assert "Hết quý III/2024: 30/09/2024 (BLDS 2015 Điều 146); → 30/09/2024" == text

    def test_nine_months_wording(self, cal: WorkingCalendar) -> None:
        """Nine months read as official titles do ("9 tháng năm 2024", General Statistics
        Office); without a year "9 tháng đầu năm".  30/09/2024 is a Monday (working day)."""
        rule = EndOfPeriod(kind="nine_months", year=2024)
        assert "9 tháng năm 2024" == rule.to_text()
        assert ("Hết 9 tháng năm 2024: 30/09/2024 (BLDS 2015 Điều 146); → 30/09/2024"
                == rule.explain(D(2024, 1, 2), cal).text_vi)
        assert "9 tháng đầu năm" == EndOfPeriod(kind="nine_months").to_text()

    @pytest.mark.parametrize(("rule", "text"), [
        (EndOfPeriod(kind="month", index=6, year=2024), "trong tháng 6/2024"),
        (EndOfPeriod(kind="quarter", index=2), "trong quý II"),
        (EndOfPeriod(kind="half_year", index=2, year=2025), "6 tháng cuối năm 2025"),
        (EndOfPeriod(kind="year", year=2024), "trong năm 2024"),
        (EndOfPeriod(kind="year"), "trong năm nay"),
    ])
    def test_period_words_in_sentences(self, rule: EndOfPeriod, text: str) -> None:
        """Inside a sentence the period is in lower case, the same words as report titles."""
        assert text == rule.to_text()


class TestEndOfPeriodKind:
    def test_strings_and_members_are_one_rule(self) -> None:
        """The old strings are converted to periods.PeriodKind: equal rules, equal hashes."""
        from directive_tracker.periods import PeriodKind

        by_string = EndOfPeriod(kind="quarter", index=3, year=2024)
        by_member = EndOfPeriod(kind=PeriodKind.QUARTER, index=3, year=2024)
        assert by_string == by_member
        assert hash(by_string) == hash(by_member)
        assert by_string.kind is PeriodKind.QUARTER
        assert by_string.kind == "quarter"  # a str enum: old comparisons keep working

    def test_repr_shows_the_string(self) -> None:
        """repr is unchanged by the enum and evaluates back to an equal rule."""
        rule = EndOfPeriod(kind="quarter", index=3, year=2024)
        assert "EndOfPeriod(kind='quarter', year=2024, index=3, roll=False)" == repr(rule)
        assert rule == eval(repr(rule))

    @pytest.mark.parametrize("kind", ["month", "quarter", "half_year", "nine_months", "year"])
    def test_stored_form_unchanged(self, kind: str) -> None:
        """to_dict still writes the plain string, JSON included, and reads it back."""
        index = {"month": 12, "quarter": 4, "half_year": 2}.get(kind)
        rule = EndOfPeriod(kind=kind, index=index, year=2024)  # type: ignore[arg-type]
        data = rule.to_dict()
        assert {"kind": "end_of_period", "period": kind, "year": 2024, "index": index,
                "roll": False} == data
        assert type(data["period"]) is str
        assert json.dumps(data) == json.dumps(json.loads(json.dumps(data)))
        assert f'"period": "{kind}"' in json.dumps(data)
        assert rule == rule_from_dict(json.loads(json.dumps(data)))

    @pytest.mark.parametrize(("kind", "error"), [
        ("decade", InvalidDeadlineError), ("Quarter", InvalidDeadlineError),
        (3, InvalidTypeError), (None, InvalidTypeError)])
    def test_bad_kinds(self, kind: object, error: type[Exception]) -> None:
        """Unknown strings and non-strings are refused as before."""
        with pytest.raises(error):
            EndOfPeriod(kind=kind, year=2024)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            ({"kind": "decade", "year": 2024}, InvalidDeadlineError),
            ({"kind": "quarter", "index": 5, "year": 2024}, InvalidDeadlineError),
            ({"kind": "quarter", "year": 2024}, InvalidDeadlineError),
            ({"kind": "month", "index": 13, "year": 2024}, InvalidDeadlineError),
            ({"kind": "half_year", "index": 3, "year": 2024}, InvalidDeadlineError),
            ({"kind": "nine_months", "index": 1, "year": 2024}, InvalidDeadlineError),
            ({"kind": "year", "year": 1990}, InvalidDeadlineError),
            ({"kind": "year", "year": "2024"}, InvalidTypeError),
        ],
    )
    def test_invalid(self, kwargs: dict[str, Any], error: type[Exception]) -> None:
        """Unknown kinds, indexes out of range and bad years are refused."""
        with pytest.raises(error):
            EndOfPeriod(**kwargs)

    @pytest.mark.parametrize(
        ("year", "error"),
        [("2024", InvalidTypeError), (True, InvalidTypeError), (2024.0, InvalidTypeError),
         (0, InvalidDeadlineError), (10000, InvalidDeadlineError)],
    )
    def test_end_in_invalid(self, year: object, error: type[Exception]) -> None:
        """end_in refuses a non-int year and one that datetime.date cannot hold."""
        with pytest.raises(error):
            EndOfPeriod(kind="quarter", index=1).end_in(year)  # type: ignore[arg-type]

    def test_end_in(self) -> None:
        """end_in gives the Art 146 end in any year: 29/02 in a leap year, 30/06 mid-year."""
        assert (D(2028, 2, 29), D(2027, 6, 30)) == (
            EndOfPeriod(kind="month", index=2).end_in(2028),
            EndOfPeriod(kind="half_year", index=1).end_in(2027))

    def test_no_next_period_after_year_9999(self, cal: WorkingCalendar) -> None:
        """Without a year, an anchor after the last end of 9999 is refused, not a ValueError."""
        with pytest.raises(InvalidDeadlineError, match="9999"):
            EndOfPeriod(kind="quarter", index=1).due_date(D(9999, 12, 31), cal)


# --------------------------------------------------------------------------- Recurring


class TestRecurring:
    @pytest.mark.parametrize(
        ("rule", "anchor", "expected"),
        [
            (Recurring(freq="monthly", day=20), D(2024, 4, 26), D(2024, 5, 20)),
            (Recurring(freq="monthly", day=20), D(2024, 5, 20), D(2024, 5, 20)),
            (Recurring(freq="monthly", day=30), D(2025, 2, 1), D(2025, 2, 28)),
            # Decree 09/2019 Art 13 default: the 25th of the quarter's last month.
            (Recurring(freq="quarterly"), D(2024, 4, 26), D(2024, 6, 25)),
            (Recurring(freq="half_yearly"), D(2024, 6, 26), D(2024, 12, 25)),
            (Recurring(freq="yearly", day=15, month=12), D(2024, 12, 16), D(2025, 12, 15)),
            (Recurring(freq="yearly", day=29, month=2), D(2025, 1, 1), D(2025, 2, 28)),
            (Recurring(freq="weekly"), D(2024, 4, 27), D(2024, 5, 3)),
            (Recurring(freq="weekly", weekday=7), D(2024, 4, 29), D(2024, 5, 5)),
            # Roll: Sat 10/02/2024 (Tết 08–14/02) → Thu 15/02; Sat 20/01/2024 → Mon 22/01.
            (Recurring(freq="monthly", day=10, roll=True), D(2024, 2, 1), D(2024, 2, 15)),
            (Recurring(freq="monthly", day=20, roll=True), D(2024, 1, 1), D(2024, 1, 22)),
            # A rolled occurrence still counts when the anchor is after the named day.
            (Recurring(freq="monthly", day=10, roll=True), D(2024, 2, 12), D(2024, 2, 15)),
        ],
    )
    def test_due_date(self, rule: Recurring, anchor: date, expected: date,
                      cal: WorkingCalendar) -> None:
        """The first occurrence on or after the anchor."""
        assert expected == rule.due_date(anchor, cal)

    @pytest.mark.parametrize(
        ("rule", "start", "end", "expected"),
        [
            (Recurring(freq="monthly", day=31), D(2024, 1, 1), D(2024, 4, 30),
             [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30)]),
            (Recurring(freq="monthly", day=20), D(2024, 1, 20), D(2024, 3, 20),
             [D(2024, 1, 20), D(2024, 2, 20), D(2024, 3, 20)]),
            (Recurring(freq="quarterly"), D(2024, 1, 1), D(2024, 12, 31),
             [D(2024, 3, 25), D(2024, 6, 25), D(2024, 9, 25), D(2024, 12, 25)]),
            (Recurring(freq="quarterly", day=15, month=1), D(2024, 1, 1), D(2024, 12, 31),
             [D(2024, 1, 15), D(2024, 4, 15), D(2024, 7, 15), D(2024, 10, 15)]),
            (Recurring(freq="half_yearly", day=10, month=1), D(2024, 1, 1), D(2024, 12, 31),
             [D(2024, 1, 10), D(2024, 7, 10)]),
            (Recurring(freq="yearly", day=29, month=2), D(2024, 1, 1), D(2026, 12, 31),
             [D(2024, 2, 29), D(2025, 2, 28), D(2026, 2, 28)]),
            (Recurring(freq="weekly", weekday=1), D(2024, 4, 22), D(2024, 5, 6),
             [D(2024, 4, 22), D(2024, 4, 29), D(2024, 5, 6)]),
            # Rolled: 20/01/2024 Sat → 22/01; 20/02 Tue; 20/03 Wed; 20/04 Sat → 22/04.
            (Recurring(freq="monthly", day=20, roll=True), D(2024, 1, 1), D(2024, 4, 30),
             [D(2024, 1, 22), D(2024, 2, 20), D(2024, 3, 20), D(2024, 4, 22)]),
            (Recurring(freq="monthly", day=20), D(2024, 3, 1), D(2024, 2, 1), []),
        ],
    )
    def test_occurrences(self, rule: Recurring, start: date, end: date,
                         expected: list[date], cal: WorkingCalendar) -> None:
        """Occurrences in [start, end], both inclusive, day 31 clipped in short months."""
        assert expected == rule.occurrences(start, end, cal)

    def test_roll_near_calendar_start(self, cal: WorkingCalendar) -> None:
        """The roll look-back never reaches before 1995: Fri 20/01/1995 and Mon 20/02/1995."""
        rule = Recurring(freq="monthly", day=20, roll=True)
        assert [D(1995, 1, 20), D(1995, 2, 20)] == rule.occurrences(D(1995, 1, 1),
                                                                    D(1995, 3, 1), cal)
        assert D(1995, 1, 20) == rule.due_date(D(1995, 1, 5), cal)

    def test_defaults(self) -> None:
        """Defaults per Decree 09/2019 Art 13 (25th of the last month) and Friday weekly."""
        assert (25, 3) == (Recurring(freq="quarterly").day, Recurring(freq="quarterly").month)
        assert (25, 6) == (Recurring(freq="half_yearly").day,
                           Recurring(freq="half_yearly").month)
        assert (25, 12) == (Recurring(freq="yearly").day, Recurring(freq="yearly").month)
        assert 5 == Recurring(freq="weekly").weekday

    def test_text(self) -> None:
        """Canonical texts."""
        assert "trước ngày 20 hằng tháng" == Recurring(freq="monthly", day=20).to_text()
        assert "trước ngày 15/12 hằng năm" == Recurring(freq="yearly", day=15,
                                                          month=12).to_text()
        assert "Thứ Sáu hằng tuần" == Recurring(freq="weekly").to_text()
        # Weekday names come from the one table in directive_tracker._names (ISO 7 = Sunday).
        assert "Chủ nhật hằng tuần" == Recurring(freq="weekly", weekday=7).to_text()
        assert "every Monday" == Recurring(freq="weekly", weekday=1).label_en
        assert "by day 20 of every month" == Recurring(freq="monthly", day=20).label_en

    def test_explain_clipping(self, cal: WorkingCalendar) -> None:
        """The explanation says when a missing day was clipped to the month end."""
        text = Recurring(freq="monthly", day=31).explain(D(2024, 4, 26), cal).text_vi
        assert "không có ngày 31" in text
        assert text.endswith("→ 30/04/2024")

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            ({"freq": "daily"}, InvalidDeadlineError),
            ({"freq": "monthly", "day": 32}, InvalidDeadlineError),
            ({"freq": "monthly", "day": 0}, InvalidDeadlineError),
            ({"freq": "monthly", "day": 5, "month": 2}, InvalidDeadlineError),
            ({"freq": "yearly", "day": 31, "month": 4}, InvalidDeadlineError),
            ({"freq": "yearly", "day": 30, "month": 2}, InvalidDeadlineError),
            ({"freq": "yearly", "day": 1, "month": 13}, InvalidDeadlineError),
            ({"freq": "quarterly", "month": 4}, InvalidDeadlineError),
            ({"freq": "weekly", "day": 3}, InvalidDeadlineError),
            ({"freq": "weekly", "weekday": 8}, InvalidDeadlineError),
            ({"freq": "monthly", "weekday": 1}, InvalidDeadlineError),
            ({"freq": "monthly", "day": "5"}, InvalidTypeError),
            ({"freq": ["monthly"]}, InvalidTypeError),
        ],
    )
    def test_invalid(self, kwargs: dict[str, Any], error: type[Exception]) -> None:
        """Fields that do not fit the frequency, or days a month never has, are refused."""
        with pytest.raises(error):
            Recurring(**kwargs)

    @settings(max_examples=100, deadline=None)
    @given(rule=st.builds(Recurring, freq=st.sampled_from(["monthly", "quarterly"]),
                          day=st.integers(1, 31), roll=st.booleans()),
           anchor=st.dates(D(2000, 1, 1), D(2090, 1, 1)))
    def test_property_due_is_first_occurrence(self, rule: Recurring, anchor: date) -> None:
        """due_date is the first of the occurrences on or after the anchor."""
        cal = vietnam_calendar()
        due = rule.due_date(anchor, cal)
        assert due is not None
        assert due == rule.occurrences(anchor, anchor + timedelta(days=200), cal)[0]


# --------------------------------------------------------------------------- NoDeadline


class TestNoDeadline:
    def test_due_date_is_none(self, cal: WorkingCalendar) -> None:
        """Ongoing tasks and tasks without a time limit have no due date."""
        assert NoDeadline().due_date(D(2024, 4, 26), cal) is None
        assert NoDeadline(kind="none").due_date(D(2024, 4, 26), cal) is None

    def test_text(self) -> None:
        """Canonical text and label."""
        assert "thường xuyên" == NoDeadline().to_text()
        assert "không thời hạn" == NoDeadline(kind="none").to_text()
        assert "ongoing" == NoDeadline().label_en

    def test_explain(self) -> None:
        """The explanation says there is no deadline."""
        explanation = NoDeadline().explain(D(2024, 4, 26))
        assert explanation.due is None
        assert "→ không có hạn" in explanation.text_vi

    def test_invalid(self) -> None:
        """Unknown kinds are refused."""
        with pytest.raises(InvalidDeadlineError):
            NoDeadline(kind="forever")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- shared API


class TestSharedApi:
    @pytest.mark.parametrize("rule", [
        FixedDate(date=D(2024, 5, 15)), WorkingDays(n=3), CalendarPeriod(n=2, unit="weeks"),
        EndOfPeriod(kind="year", year=2024), Recurring(freq="monthly", day=20), NoDeadline()])
    def test_anchor_must_be_a_date(self, rule: DeadlineRule) -> None:
        """A datetime anchor is refused (datetime is a subclass of date)."""
        with pytest.raises(InvalidTypeError):
            rule.due_date(datetime(2024, 4, 26, 9, 0))  # type: ignore[arg-type]

    @pytest.mark.parametrize("rule", [FixedDate(date=D(2024, 5, 15)), WorkingDays(n=3),
                                      NoDeadline()])
    def test_calendar_type(self, rule: DeadlineRule) -> None:
        """A calendar that is not a WorkingCalendar is refused."""
        with pytest.raises(InvalidTypeError):
            rule.due_date(D(2024, 4, 26), "vietnam")  # type: ignore[arg-type]

    def test_occurrences_date_types(self) -> None:
        """occurrences() refuses datetimes."""
        with pytest.raises(InvalidTypeError):
            Recurring(freq="monthly", day=1).occurrences(datetime(2024, 1, 1), D(2024, 2, 1))  # type: ignore[arg-type]

    def test_base_is_abstract(self) -> None:
        """DeadlineRule itself cannot be instantiated."""
        with pytest.raises(TypeError):
            DeadlineRule()  # type: ignore[abstract]

    def test_rules_are_hashable_values(self) -> None:
        """Equal rules are equal and hash alike; rules are immutable."""
        assert {WorkingDays(n=3)} == {WorkingDays(n=3)}
        assert WorkingDays(n=3) != CalendarPeriod(n=3, unit="days")
        with pytest.raises(AttributeError):
            WorkingDays(n=3).n = 4  # type: ignore[misc]

    def test_explanation_joins_steps(self) -> None:
        """Explanation.text_vi joins the steps with '; '."""
        from directive_tracker.deadlines import ExplanationStep

        e = Explanation(steps=(ExplanationStep(text_vi="a", text_en="A"),
                               ExplanationStep(text_vi="b", text_en="B", due=D(2024, 1, 1))))
        assert "a; b" == e.text_vi
        assert "A; B" == e.text_en
        assert D(2024, 1, 1) == e.due


# --------------------------------------------------------------------------- dict form


class TestDictForm:
    @pytest.mark.parametrize(
        ("rule", "expected"),
        [
            (FixedDate(date=D(2024, 5, 15)),
             {"kind": "fixed_date", "date": "2024-05-15", "strict": False, "roll": False}),
            (WorkingDays(n=10), {"kind": "working_days", "n": 10}),
            (CalendarPeriod(n=3, unit="months"),
             {"kind": "calendar_period", "n": 3, "unit": "months", "roll_to_working_day": True,
              "makeup_saturday_is_working": True, "swapped_day_off_is_rest": True}),
            (EndOfPeriod(kind="quarter", index=3, year=2024),
             {"kind": "end_of_period", "period": "quarter", "year": 2024, "index": 3,
              "roll": False}),
            (Recurring(freq="monthly", day=20),
             {"kind": "recurring", "freq": "monthly", "day": 20, "month": None,
              "weekday": None, "roll": False}),
            (NoDeadline(kind="none"), {"kind": "no_deadline", "type": "none"}),
        ],
    )
    def test_to_dict(self, rule: DeadlineRule, expected: dict[str, Any]) -> None:
        """The dict form is small, JSON-safe and has a 'kind' key."""
        assert expected == rule.to_dict()
        assert rule == rule_from_dict(json.loads(json.dumps(rule.to_dict())))

    def test_defaults_from_minimal_dict(self) -> None:
        """Absent optional keys take the rule defaults."""
        assert Recurring(freq="quarterly") == rule_from_dict({"kind": "recurring",
                                                              "freq": "quarterly"})
        assert NoDeadline() == rule_from_dict({"kind": "no_deadline"})

    @pytest.mark.parametrize(
        "data",
        [
            [("kind", "working_days")],
            {"kind": "weekly_report"},
            {"n": 3},
            {"kind": "working_days"},
            {"kind": "working_days", "n": 3, "unit": "days"},
            {"kind": "working_days", "n": "3"},
            {"kind": "working_days", "n": 0},
            {"kind": "fixed_date", "date": "15/05/2024"},
            {"kind": "fixed_date", "date": 20240515},
            {"kind": "calendar_period", "n": 3, "unit": "fortnights"},
            {"kind": "end_of_period", "period": "quarter", "year": 2024},
            {"kind": "recurring", "freq": "yearly", "day": 31, "month": 4},
            {"kind": "working_days", "n": 3, "counted_from": "signing"},
            {"kind": "working_days", "n": 3, "counted_from": ["issue"]},
            {"kind": "calendar_period", "n": 3, "counted_from": 1},
            {"kind": "end_of_period", "period": "year", "counted_from": "issue"},
            {"kind": "recurring", "freq": "monthly", "counted_from": "receipt"},
        ],
    )
    def test_invalid(self, data: Any) -> None:
        """Bad dicts raise InvalidDeadlineError naming the problem."""
        with pytest.raises(InvalidDeadlineError):
            rule_from_dict(data)

    @settings(max_examples=300, deadline=None)
    @given(rule=RULES)
    def test_property_round_trip(self, rule: DeadlineRule) -> None:
        """Every rule survives to_dict → JSON → rule_from_dict."""
        assert rule == rule_from_dict(json.loads(json.dumps(rule.to_dict())))

    @settings(max_examples=150, deadline=None)
    @given(rule=RULES, anchor=st.dates(D(2000, 1, 1), D(2090, 12, 31)))
    def test_property_explain_matches_due_date(self, rule: DeadlineRule, anchor: date) -> None:
        """explain().due equals due_date() and every explanation ends with the result."""
        cal = vietnam_calendar()
        try:
            due = rule.due_date(anchor, cal)
        except DateOutOfRangeError:
            return
        explanation = rule.explain(anchor, cal)
        assert due == explanation.due
        assert explanation.text_vi.startswith(explanation.steps[0].text_vi)
        if due is not None:
            assert explanation.text_vi.endswith(f"→ {due:%d/%m/%Y}")


# --------------------------------------------------------------------------- counted from


class TestCountedFrom:
    """The event a counted period runs from ("kể từ ngày ký" / "kể từ ngày nhận …")."""

    def test_labels(self) -> None:
        """Each event has its canonical clause and Vietnamese and English names."""
        assert ("kể từ ngày ký", "ngày ký văn bản", "the date of signing") == (
            CountedFrom.ISSUE.phrase_vi, CountedFrom.ISSUE.label_vi, CountedFrom.ISSUE.label_en)
        assert ("kể từ ngày nhận được văn bản", "ngày nhận được văn bản",
                "the date of receipt") == (CountedFrom.RECEIPT.phrase_vi,
                                           CountedFrom.RECEIPT.label_vi,
                                           CountedFrom.RECEIPT.label_en)
        assert "kể từ ngày văn bản có hiệu lực" == CountedFrom.EFFECTIVE.phrase_vi
        assert "kể từ ngày được giao" == CountedFrom.ASSIGNMENT.phrase_vi
        assert ["issue", "receipt", "effective", "assignment"] == [c.value for c in CountedFrom]

    def test_default_is_none(self) -> None:
        """Rules built without the field state no event and compare as before."""
        assert WorkingDays(n=10).counted_from is None
        assert CalendarPeriod(n=3, unit="days").counted_from is None
        assert WorkingDays(n=10) != WorkingDays(n=10, counted_from=CountedFrom.ISSUE)
        assert (WorkingDays(n=10, counted_from=CountedFrom.RECEIPT)
                != WorkingDays(n=10, counted_from=CountedFrom.ISSUE))

    def test_text_and_labels(self) -> None:
        """to_text names the event in the canonical clause, label_en in English."""
        assert "trong 10 ngày làm việc kể từ ngày ký" == WorkingDays(
            n=10, counted_from=CountedFrom.ISSUE).to_text()
        assert "within 10 working days from the date of receipt" == WorkingDays(
            n=10, counted_from=CountedFrom.RECEIPT).label_en
        rule = CalendarPeriod(n=3, unit="months", counted_from=CountedFrom.RECEIPT,
                              roll_to_working_day=False)
        assert ("trong 3 tháng kể từ ngày nhận được văn bản (không chuyển sang ngày làm việc "
                "tiếp theo nếu trùng ngày nghỉ)") == rule.to_text()
        assert ("within 3 months from the date of receipt (not moved off days off)"
                == rule.label_en)
        assert "trong 5 ngày kể từ ngày được giao" == CalendarPeriod(
            n=5, unit="days", counted_from=CountedFrom.ASSIGNMENT).to_text()

    def test_repr(self) -> None:
        """An unstated event is left out of repr, so reprs of older rules read the same."""
        assert "WorkingDays(n=10)" == repr(WorkingDays(n=10))
        assert "WorkingDays(n=10, counted_from=<CountedFrom.ISSUE: 'issue'>)" == repr(
            WorkingDays(n=10, counted_from=CountedFrom.ISSUE))
        assert ("CalendarPeriod(unit='days', n=3, roll_to_working_day=True, "
                "makeup_saturday_is_working=True, swapped_day_off_is_rest=True, "
                "counted_from=<CountedFrom.RECEIPT: 'receipt'>)") == repr(
            CalendarPeriod(n=3, counted_from=CountedFrom.RECEIPT))
        assert ("CalendarPeriod(unit='months', n=1, roll_to_working_day=False, "
                "makeup_saturday_is_working=True, swapped_day_off_is_rest=True)") == repr(
            CalendarPeriod(n=1, unit="months", roll_to_working_day=False))

    def test_dict_form(self) -> None:
        """The key is written only when set, so dicts stored before it read back equal."""
        rule = WorkingDays(n=10, counted_from=CountedFrom.ISSUE)
        assert {"kind": "working_days", "n": 10, "counted_from": "issue"} == rule.to_dict()
        assert rule == rule_from_dict({"kind": "working_days", "n": 10,
                                       "counted_from": "issue"})
        assert {"kind": "working_days", "n": 10} == WorkingDays(n=10).to_dict()
        assert WorkingDays(n=10) == rule_from_dict({"kind": "working_days", "n": 10})
        assert WorkingDays(n=10) == rule_from_dict({"kind": "working_days", "n": 10,
                                                    "counted_from": None})
        period = CalendarPeriod(n=30, unit="days", counted_from=CountedFrom.EFFECTIVE)
        assert "effective" == period.to_dict()["counted_from"]
        assert period == rule_from_dict(json.loads(json.dumps(period.to_dict())))

    def test_explain_names_the_event(self, cal: WorkingCalendar) -> None:
        """Signed Mon 02/03/2026: 03–06/03 (1–4), 09–13/03 (5–9), Mon 16/03 (10)."""
        rule = WorkingDays(n=10, counted_from=CountedFrom.ISSUE)
        explanation = rule.explain(D(2026, 3, 2), cal)
        assert explanation.text_vi.startswith(
            "10 ngày làm việc kể từ ngày ký văn bản 02/03/2026 (không tính ngày bắt đầu)")
        assert explanation.text_en.startswith(
            "10 working days from the date of signing, 02/03/2026 (start day not counted)")
        assert D(2026, 3, 16) == explanation.due

    def test_explain_calendar_period_names_the_event(self, cal: WorkingCalendar) -> None:
        """Received Thu 05/03/2026 + 10 days = Sun 15/03 → Mon 16/03 (Art 148(5))."""
        rule = CalendarPeriod(n=10, unit="days", counted_from=CountedFrom.RECEIPT)
        explanation = rule.explain(D(2026, 3, 5), cal)
        assert explanation.text_vi.startswith(
            "10 ngày kể từ ngày nhận được văn bản 05/03/2026 (không tính ngày bắt đầu")
        assert "from the date of receipt, 05/03/2026" in explanation.text_en
        assert D(2026, 3, 16) == explanation.due

    def test_event_does_not_change_the_arithmetic(self, cal: WorkingCalendar) -> None:
        """The rule counts from the anchor it is given; the event only names it."""
        for event in CountedFrom:
            assert D(2026, 3, 19) == WorkingDays(n=10, counted_from=event).due_date(
                D(2026, 3, 5), cal)

    @pytest.mark.parametrize("value", ["issue", 1, True, "ISSUE"])
    def test_invalid_type(self, value: object) -> None:
        """counted_from must be a CountedFrom member or None (strings only via dicts)."""
        with pytest.raises(InvalidTypeError):
            WorkingDays(n=10, counted_from=value)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            CalendarPeriod(n=10, unit="days", counted_from=value)  # type: ignore[arg-type]

    def test_bad_dict_value_message(self) -> None:
        """An unknown event in a dict is refused, listing the allowed values."""
        with pytest.raises(InvalidDeadlineError, match="'issue', 'receipt'"):
            rule_from_dict({"kind": "working_days", "n": 3, "counted_from": "signing"})
