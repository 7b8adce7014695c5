# SPDX-License-Identifier: MIT
"""
Tests of :func:`directive_tracker.phrases.parse_deadline`.

The phrase table pairs real phrasings with the rule they mean and the due date for an
anchor; each due date was computed by hand from Civil Code 2015 Arts 146–148 and the
2024–2026 public-servant calendar (domain.md §2.3), with weekdays read from a printed
calendar.  None is obtained by calling the code under test.
"""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_tracker.calendars import WorkingCalendar, vietnam_calendar
from directive_tracker.deadlines import (
    CalendarPeriod,
    CountedFrom,
    DeadlineRule,
    EndOfPeriod,
    FixedDate,
    NoDeadline,
    Recurring,
    WorkingDays,
)
from directive_tracker.exceptions import DeadlinePhraseError, InvalidTypeError
from directive_tracker.phrases import parse_deadline
from strategies import deadline_rules

D = date
ISSUE, RECEIPT = CountedFrom.ISSUE, CountedFrom.RECEIPT
EFFECTIVE, ASSIGNMENT = CountedFrom.EFFECTIVE, CountedFrom.ASSIGNMENT
SIGNED, RECEIVED = D(2026, 3, 2), D(2026, 3, 5)  # Mon 02/03/2026, Thu 05/03/2026
A = D(2024, 4, 26)  # Friday 26/04/2024, the issue's example anchor
NFD = "NFD"


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    """The default Vietnamese public-servant calendar."""
    return vietnam_calendar()


PHRASES: list[tuple[str, DeadlineRule, date, date | None]] = [
    # ---- fixed dates
    ("Hoàn thành trước ngày 15/5/2024", FixedDate(date=D(2024, 5, 15)), A, D(2024, 5, 15)),
    ("hạn 15/5/2024", FixedDate(date=D(2024, 5, 15)), A, D(2024, 5, 15)),
    ("HAN 15-05-2024", FixedDate(date=D(2024, 5, 15)), A, D(2024, 5, 15)),
    ("chậm nhất ngày 15.5.2024", FixedDate(date=D(2024, 5, 15)), A, D(2024, 5, 15)),
    ("Chậm nhất ngày 15 tháng 5 năm 2024", FixedDate(date=D(2024, 5, 15)), A, D(2024, 5, 15)),
    ("trước ngày 20 tháng mười hai năm 2024", FixedDate(date=D(2024, 12, 20)), A,
     D(2024, 12, 20)),
    ("Báo cáo UBND tỉnh trước 17 giờ ngày 15/5/2024", FixedDate(date=D(2024, 5, 15)), A,
     D(2024, 5, 15)),
    ("Hạn: trước 17:30 ngày 15/5/2024", FixedDate(date=D(2024, 5, 15)), A, D(2024, 5, 15)),
    ("thứ Năm, ngày 16/5/2024", FixedDate(date=D(2024, 5, 16)), A, D(2024, 5, 16)),
    # 30/06/2024 is a Sunday → Monday 01/07 with the roll clause.
    ("trước ngày 30/6/2024 (nếu trùng ngày nghỉ thì chuyển sang ngày làm việc tiếp theo)",
     FixedDate(date=D(2024, 6, 30), roll=True), A, D(2024, 7, 1)),
    ("trước ngày 15/05/2024 (không bao gồm ngày đó)",
     FixedDate(date=D(2024, 5, 15), strict=True), A, D(2024, 5, 14)),
    # ---- working days
    # 26/04/2024 (Fri): 27–28 weekend, 29/04 swap, 30/04–01/05 holidays, Sat 04/05 make-up.
    # Phrases naming the event counted from ("kể từ ngày ký / nhận …") keep it in
    # counted_from (Civil Code Art 147: the period runs from that event).
    ("Hoàn thành trong 10 ngày làm việc kể từ ngày nhận được văn bản",
     WorkingDays(n=10, counted_from=RECEIPT), A, D(2024, 5, 14)),
    ("mười ngày làm việc", WorkingDays(n=10), A, D(2024, 5, 14)),
    ("muoi ngay lam viec", WorkingDays(n=10), A, D(2024, 5, 14)),
    # Tue 06/02/2024: 07/02, Tết 08–14/02, 15, 16, 19, 20.
    ("Trong năm ngày làm việc kể từ ngày ký", WorkingDays(n=5, counted_from=ISSUE),
     D(2024, 2, 6), D(2024, 2, 20)),
    ("trong 01 ngày làm việc", WorkingDays(n=1), D(2026, 2, 13), D(2026, 2, 23)),
    # Wed 31/12/2025: 01/01 holiday, 02/01 swap, weekend → 05, 06, 07/01/2026.
    ("trong vòng 3 ngày làm việc", WorkingDays(n=3), D(2025, 12, 31), D(2026, 1, 7)),
    # Mon 05/01/2026 → 06, 07, 08, 09, Sat 10/01 (make-up day).
    ("không quá 05 ngày làm việc", WorkingDays(n=5), D(2026, 1, 5), D(2026, 1, 10)),
    # Fri 24/04/2026: 25–26 weekend (26 Hùng Kings), 27 substitute → 28, 29.
    ("hai ngày làm việc", WorkingDays(n=2), D(2026, 4, 24), D(2026, 4, 29)),
    # ---- calendar periods (Civil Code Arts 147–148)
    ("trong 10 ngày", CalendarPeriod(n=10, unit="days"), D(2024, 1, 15), D(2024, 1, 25)),
    ("không hạn chế số lần gia hạn, trong 10 ngày", CalendarPeriod(n=10, unit="days"),
     D(2024, 1, 15), D(2024, 1, 25)),
    # 31/01 + 10 = Sat 10/02/2024 in Tết → Thu 15/02 (Art 148(5)).
    ("trong thời hạn mười ngày kể từ ngày ký",
     CalendarPeriod(n=10, unit="days", counted_from=ISSUE), D(2024, 1, 31), D(2024, 2, 15)),
    # 20/04/2025 + 10 = 30/04; 01/05 holiday, 02/05 swap, 03–04 weekend → Mon 05/05.
    ("10 ngay", CalendarPeriod(n=10, unit="days"), D(2025, 4, 20), D(2025, 5, 5)),
    ("mười lăm ngày", CalendarPeriod(n=15, unit="days"), D(2024, 4, 1), D(2024, 4, 16)),
    ("hai mươi ngày", CalendarPeriod(n=20, unit="days"), A, D(2024, 5, 16)),
    # Mon 01/04/2024 + 25 days = Fri 26/04/2024; + 14 days = Mon 15/04/2024.
    ("hai mươi lăm ngày", CalendarPeriod(n=25, unit="days"), D(2024, 4, 1), D(2024, 4, 26)),
    ("mười tư ngày", CalendarPeriod(n=14, unit="days"), D(2024, 4, 1), D(2024, 4, 15)),
    # Mon 01/04/2024: 02–05 (4), 08–12 (9), 15–17 (12), 18 Hùng Kings off, 19 (13),
    # 22–26 (18), 29/04 swap, 30/04, 01/05 off, 02 (19), 03 (20), Sat 04/05 make-up (21).
    ("hai mươi mốt ngày làm việc", WorkingDays(n=21), D(2024, 4, 1), D(2024, 5, 4)),
    # 15/12/2025 + 17 = Thu 01/01/2026 → Mon 05/01/2026.
    ("mười bảy ngày", CalendarPeriod(n=17, unit="days"), D(2025, 12, 15), D(2026, 1, 5)),
    # Fri 26/04 + 8 = Sat 04/05/2024, a make-up working day: stays.
    ("trong 8 ngày", CalendarPeriod(n=8, unit="days"), A, D(2024, 5, 4)),
    ("trong hai tuần", CalendarPeriod(n=2, unit="weeks"), A, D(2024, 5, 10)),
    ("trong 1 tháng", CalendarPeriod(n=1, unit="months"), D(2024, 1, 31), D(2024, 2, 29)),
    ("một tháng", CalendarPeriod(n=1, unit="months"), D(2025, 1, 31), D(2025, 2, 28)),
    ("ba tháng", CalendarPeriod(n=3, unit="months"), D(2024, 11, 30), D(2025, 2, 28)),
    ("trong 1 năm", CalendarPeriod(n=1, unit="years"), D(2024, 2, 29), D(2025, 2, 28)),
    # 16/01/2026 + 1 month = Mon 16/02/2026 in Tết 14–22/02 → Mon 23/02.
    ("trong 1 tháng kể từ ngày nhận", CalendarPeriod(n=1, unit="months", counted_from=RECEIPT),
     D(2026, 1, 16), D(2026, 2, 23)),
    ("15 ngày sau ngày ký", CalendarPeriod(n=15, unit="days", counted_from=ISSUE),
     D(2024, 4, 1), D(2024, 4, 16)),
    ("15 ngay sau ngay ky", CalendarPeriod(n=15, unit="days", counted_from=ISSUE),
     D(2024, 4, 1), D(2024, 4, 16)),
    # Fri 26/04/2024 + 3 days = Mon 29/04, swapped off; read literally it is kept.
    ("trong 3 ngày (ngày nghỉ hoán đổi không tính là ngày nghỉ)",
     CalendarPeriod(n=3, unit="days", swapped_day_off_is_rest=False), D(2024, 4, 26),
     D(2024, 4, 29)),
    # ---- the event counted from (no holiday in March–early April 2026)
    # Signed Mon 02/03: 03–06/03 (1–4), 09–13/03 (5–9), Mon 16/03 (10).
    ("trong 10 ngày làm việc kể từ ngày ký", WorkingDays(n=10, counted_from=ISSUE), SIGNED,
     D(2026, 3, 16)),
    ("10 ngày làm việc kể từ ngày ban hành", WorkingDays(n=10, counted_from=ISSUE), SIGNED,
     D(2026, 3, 16)),
    # Received Thu 05/03: 06/03 (1), 09–13/03 (2–6), 16–19/03 (7–10).
    ("Trong 10 ngày làm việc kể từ ngày nhận được văn bản",
     WorkingDays(n=10, counted_from=RECEIPT), RECEIVED, D(2026, 3, 19)),
    ("không quá 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
     WorkingDays(n=10, counted_from=RECEIPT), RECEIVED, D(2026, 3, 19)),
    ("trong 10 ngày làm việc, tính từ ngày tiếp nhận", WorkingDays(n=10, counted_from=RECEIPT),
     RECEIVED, D(2026, 3, 19)),
    # 05/03 + 1 month = Sun 05/04/2026 → Mon 06/04 (Art 148(5)).
    ("trong 1 tháng kể từ khi nhận được văn bản",
     CalendarPeriod(n=1, unit="months", counted_from=RECEIPT), RECEIVED, D(2026, 4, 6)),
    # 02/03 + 45 days = Thu 16/04/2026 (29 days to 31/03, 16 more).
    ("trong 45 ngày kể từ ngày ký quyết định",
     CalendarPeriod(n=45, unit="days", counted_from=ISSUE), SIGNED, D(2026, 4, 16)),
    # From an effective date taken as 02/03: + 30 days = Wed 01/04/2026.
    ("trong 30 ngày kể từ ngày Quyết định này có hiệu lực",
     CalendarPeriod(n=30, unit="days", counted_from=EFFECTIVE), SIGNED, D(2026, 4, 1)),
    # Assigned Mon 02/03: 03, 04, 05, 06, Mon 09/03.
    ("trong 5 ngày làm việc kể từ ngày được giao nhiệm vụ",
     WorkingDays(n=5, counted_from=ASSIGNMENT), SIGNED, D(2026, 3, 9)),
    # ---- ends of periods (Civil Code Art 146)
    ("trong tháng 6/2024", EndOfPeriod(kind="month", index=6, year=2024), A, D(2024, 6, 30)),
    ("trong tháng 2 năm 2024", EndOfPeriod(kind="month", index=2, year=2024), A,
     D(2024, 2, 29)),
    # May in words with "năm" before the year: the end of May, not of the year.
    ("trong tháng Năm năm 2024", EndOfPeriod(kind="month", index=5, year=2024), A,
     D(2024, 5, 31)),
    ("thang 2/2025", EndOfPeriod(kind="month", index=2, year=2025), A, D(2025, 2, 28)),
    ("quý III/2024", EndOfPeriod(kind="quarter", index=3, year=2024), A, D(2024, 9, 30)),
    ("Quý 3 năm 2024", EndOfPeriod(kind="quarter", index=3, year=2024), A, D(2024, 9, 30)),
    ("hoàn thành trong quý IV/2025", EndOfPeriod(kind="quarter", index=4, year=2025), A,
     D(2025, 12, 31)),
    ("quý hai năm 2024", EndOfPeriod(kind="quarter", index=2, year=2024), A, D(2024, 6, 30)),
    ("trong quý I", EndOfPeriod(kind="quarter", index=1), D(2024, 12, 10), D(2025, 3, 31)),
    ("6 tháng đầu năm 2024", EndOfPeriod(kind="half_year", index=1, year=2024), A,
     D(2024, 6, 30)),
    ("sáu tháng đầu năm 2024", EndOfPeriod(kind="half_year", index=1, year=2024), A,
     D(2024, 6, 30)),
    ("6 tháng cuối năm", EndOfPeriod(kind="half_year", index=2), A, D(2024, 12, 31)),
    ("9 tháng đầu năm 2024", EndOfPeriod(kind="nine_months", year=2024), A, D(2024, 9, 30)),
    ("trong năm 2024", EndOfPeriod(kind="year", year=2024), A, D(2024, 12, 31)),
    ("cuối năm 2025", EndOfPeriod(kind="year", year=2025), A, D(2025, 12, 31)),
    ("trước cuối năm", EndOfPeriod(kind="year"), A, D(2024, 12, 31)),
    ("trước hết tháng 6/2024", EndOfPeriod(kind="month", index=6, year=2024), A,
     D(2024, 6, 30)),
    # ---- recurring
    ("trước ngày 20 hằng tháng", Recurring(freq="monthly", day=20), A, D(2024, 5, 20)),
    ("truoc ngay 20 hang thang", Recurring(freq="monthly", day=20), D(2024, 5, 20),
     D(2024, 5, 20)),
    ("Báo cáo UBND tỉnh trước ngày 25 hàng tháng", Recurring(freq="monthly", day=25), A,
     D(2024, 5, 25)),
    ("định kỳ hằng quý", Recurring(freq="quarterly", day=25, month=3), A, D(2024, 6, 25)),
    ("Thường xuyên; báo cáo định kỳ hằng quý", Recurring(freq="quarterly"), A,
     D(2024, 6, 25)),
    ("trước ngày 15 tháng cuối quý, định kỳ hằng quý",
     Recurring(freq="quarterly", day=15, month=3), A, D(2024, 6, 15)),
    ("trước ngày 15/12 hằng năm", Recurring(freq="yearly", day=15, month=12),
     D(2024, 12, 16), D(2025, 12, 15)),
    ("ngày 15 tháng 12 hàng năm", Recurring(freq="yearly", day=15, month=12), A,
     D(2024, 12, 15)),
    ("hằng tuần", Recurring(freq="weekly", weekday=5), D(2024, 4, 27), D(2024, 5, 3)),
    ("báo cáo vào thứ Hai hằng tuần", Recurring(freq="weekly", weekday=1), A, D(2024, 4, 29)),
    ("định kỳ 6 tháng một lần", Recurring(freq="half_yearly"), D(2024, 6, 26),
     D(2024, 12, 25)),
    # Counts written with a leading zero or as "N tháng một lần" / "N tháng/lần" are
    # recurrences, not periods counted from the anchor (they were read as "within N months").
    ("định kỳ 06 tháng", Recurring(freq="half_yearly"), D(2024, 6, 26), D(2024, 12, 25)),
    ("báo cáo 6 tháng/lần", Recurring(freq="half_yearly"), D(2024, 1, 2), D(2024, 6, 25)),
    ("định kỳ 03 tháng một lần", Recurring(freq="quarterly"), D(2024, 4, 26),
     D(2024, 6, 25)),
    ("3 tháng một lần", Recurring(freq="quarterly"), D(2024, 6, 26), D(2024, 9, 25)),
    ("mỗi 3 tháng, trước ngày 15 tháng cuối quý",
     Recurring(freq="quarterly", day=15, month=3), D(2024, 6, 16), D(2024, 9, 15)),
    ("định kỳ 12 tháng", Recurring(freq="yearly"), D(2024, 12, 26), D(2025, 12, 25)),
    ("định kỳ 01 năm, trước ngày 15/12", Recurring(freq="yearly", day=15, month=12),
     D(2024, 4, 26), D(2024, 12, 15)),
    ("định kỳ 01 tháng, trước ngày 20", Recurring(freq="monthly", day=20), D(2024, 4, 26),
     D(2024, 5, 20)),
    ("1 tuần 1 lần", Recurring(freq="weekly"), D(2024, 4, 27), D(2024, 5, 3)),
    ("mỗi quý 1 lần", Recurring(freq="quarterly"), D(2024, 4, 26), D(2024, 6, 25)),
    ("mỗi năm 1 lần, trước ngày 15/12", Recurring(freq="yearly", day=15, month=12),
     D(2024, 12, 16), D(2025, 12, 15)),
    # Sat 10/02/2024 in Tết → Thu 15/02.
    ("trước ngày 10 hằng tháng (nếu trùng ngày nghỉ thì chuyển sang ngày làm việc tiếp theo)",
     Recurring(freq="monthly", day=10, roll=True), D(2024, 2, 1), D(2024, 2, 15)),
    # ---- no deadline
    ("thường xuyên", NoDeadline(kind="ongoing"), A, None),
    ("Nhiệm vụ THƯỜNG XUYÊN", NoDeadline(kind="ongoing"), A, None),
    ("Không thời hạn", NoDeadline(kind="none"), A, None),
    ("khong thoi han", NoDeadline(kind="none"), A, None),
]


class TestPhraseTable:
    @pytest.mark.parametrize(("text", "rule", "anchor", "due"), PHRASES,
                             ids=[p[0] for p in PHRASES])
    def test_rule_and_due_date(self, text: str, rule: DeadlineRule, anchor: date,
                               due: date | None, cal: WorkingCalendar) -> None:
        """Each real phrase reads to the expected rule and hand-computed due date."""
        parsed = parse_deadline(text)
        assert rule == parsed
        assert due == parsed.due_date(anchor, cal)

    @pytest.mark.parametrize(("text", "rule"), [(p[0], p[1]) for p in PHRASES],
                             ids=[p[0] for p in PHRASES])
    def test_nfd_and_case_insensitive(self, text: str, rule: DeadlineRule) -> None:
        """NFD input and upper case read the same as NFC lower case."""
        assert rule == parse_deadline(unicodedata.normalize(NFD, text).upper())

    def test_table_is_large_enough(self) -> None:
        """The issue asks for at least 40 real phrases."""
        assert len(PHRASES) >= 40


ERRORS: list[tuple[str, str]] = [
    ("truoc ngay 31/2/2024", "does not exist"),
    ("trước ngày 15/5/1990", "1995"),
    ("trước ngày 15/5/2100", "2099"),
    ("hạn 15/5/24", "four-digit year"),
    ("trước ngày 15/5/2024 hoặc 20/5/2024", "found 2"),
    ("10 ngày kể từ ngày 15/5/2024", "anchor"),
    ("trong 10 ngày làm việc hoặc trong quý III/2024", "found 2"),
    ("trong 48 giờ", "time of day"),
    ("hello world", "exactly one deadline"),
    ("   ", "exactly one deadline"),
    ("", "exactly one deadline"),
    ("đầu năm 2025", "not precise enough"),
    ("giữa tháng 6/2024", "not precise enough"),
    ("quý 5/2024", "quarter"),
    ("tháng 13/2024", "month 1–12"),
    ("trong tháng 0/2024", "month 1–12"),
    ("trong 0 ngày", "positive number"),
    ("trong 1000 tháng", "between 1 and 120"),
    ("trong 9999999 ngày", "positive number"),
    ("trước ngày 20/5", "with its year"),
    ("hằng tháng, hằng quý", "one recurrence"),
    ("trước ngày 32 hằng tháng", "between 1 and 31"),
    ("trước ngày 31/4 hằng năm", "does not exist in month 4"),
    ("ngày 20 hằng năm", "day and month"),
    ("thứ Hai, thứ Ba hằng tuần", "one weekday"),
    ("thứ 8 hằng tuần", "weekday"),
    ("trước ngày 5 và ngày 20 hằng tháng", "one due day"),
    ("tháng cuối quý hằng tháng", "month of the period"),
    ("thường xuyên, hạn 15/5/2024", "found several"),
    ("thường xuyên, không thời hạn", "found several"),
    ("thường xuyên (không bao gồm ngày đó)", "policy clause"),
    ("trong 10 ngày làm việc (không bao gồm ngày đó)", "no"),
    ("trong 10 ngày làm việc (nếu trùng ngày nghỉ thì chuyển sang ngày làm việc tiếp theo)",
     "working-day policy"),
    ("trong quý III/2024 (ngày làm bù không tính là ngày làm việc)", "make-up"),
    ("trước ngày 15/5/2024 (ngày làm bù không tính là ngày làm việc)", "make-up"),
    ("trước ngày 15/5/2024 (ngày nghỉ hoán đổi không tính là ngày nghỉ)", "swapped day off"),
    ("trong quý III/2024 (ngày nghỉ hoán đổi không tính là ngày nghỉ)", "swapped day off"),
    ("trong 5 ngày làm việc (ngày nghỉ hoán đổi không tính là ngày nghỉ)", "swapped day off"),
    ("trước ngày 15/5/2024 (nếu trùng ngày nghỉ thì chuyển sang ngày làm việc liền trước)",
     "liền trước"),
    ("trước ngày 15/5/2024 (nếu trùng ngày nghỉ thì chuyển sang ngày làm việc tiếp theo) "
     "(không chuyển sang ngày làm việc tiếp theo nếu trùng ngày nghỉ)", "not both"),
    ("trong quý III/2024 (nếu trùng ngày nghỉ thì chuyển sang ngày làm việc liền trước)",
     "roll-back"),
    ("hằng tháng (không bao gồm ngày đó)", "only the clause"),
    ("định kỳ 2 tuần", "recurrence every week, month"),
    # "trước tháng 6/2024" / "trước năm 2026" were read as the END of that period, although
    # "before June" / "before 2026" can mean before it starts (a month or a year earlier).
    ("trước tháng 6/2024", "may mean before the period starts"),
    ("hoàn thành trước năm 2026", "may mean before the period starts"),
    ("trước quý III/2024", "may mean before the period starts"),
    ("trước 6 tháng cuối năm 2024", "may mean before the period starts"),
    ("trước tháng 6", "may mean before the period starts"),
    ("10 ngày một lần", "recurrence every week, month"),
    ("định kỳ 02 tháng/lần", "recurrence every week, month"),
    ("trước ngày 15/5/2024 (nếu trùng ngày nghỉ thì chuyển sang ngày làm việc tiếp theo) "
     "(nếu trùng ngày nghỉ thì chuyển sang ngày làm việc liền trước)", "one roll direction"),
    ("tháng đầu quý, tháng cuối quý, hằng quý", "at most one month of the period"),
    ("tháng 13 năm 2024", "month 1–12"),
    ("trước ngày 15/5/2024 theo Công văn số 123/UBND-KT", "cannot place"),
    ("x" * 501, "at most 500"),
    ("9 tháng đầu năm 24", "four-digit year"),
    # "tháng Năm 2024" (May 2024 in words, or a typo for "trong năm 2024") was read as the
    # end of 2024, seven months late; a month or quarter without its number is refused.
    ("trong tháng Năm 2024", "may be May 2024"),
    ("thang nam 2024", "may be May 2024"),
    ("hoàn thành trong quý năm 2025", "'quý II/2024'"),
    # Two different events to count from: which date is meant cannot be told.
    ("trong 10 ngày làm việc kể từ ngày ký hoặc kể từ ngày nhận được văn bản",
     "one event to count from"),
    ("trong 30 ngày sau ngày ký, kể từ ngày văn bản có hiệu lực", "one event to count from"),
    ("10 ngay lam viec ke tu ngay nhan ho so, ke tu ngay duoc giao", "one event to count from"),
]


class TestErrors:
    @pytest.mark.parametrize(("text", "fragment"), ERRORS, ids=[e[0][:60] for e in ERRORS])
    def test_refused(self, text: str, fragment: str) -> None:
        """Unreadable, ambiguous or invalid phrases raise DeadlinePhraseError quoting them."""
        with pytest.raises(DeadlinePhraseError) as info:
            parse_deadline(text)
        message = str(info.value)
        assert fragment in message
        assert "expected" in message
        assert repr(unicodedata.normalize("NFC", text)[:60]).rstrip("'") in message

    def test_error_is_a_value_error(self) -> None:
        """DeadlinePhraseError is a ValueError and keeps the text and what was expected."""
        with pytest.raises(ValueError, match="cannot read deadline phrase") as info:
            parse_deadline("hello")
        assert "hello" == info.value.text  # type: ignore[attr-defined]
        assert info.value.expected  # type: ignore[attr-defined]

    @pytest.mark.parametrize("value", [None, 5, b"han 15/5/2024", ["thường xuyên"]])
    def test_not_a_string(self, value: object) -> None:
        """Non-str input raises InvalidTypeError (a TypeError)."""
        with pytest.raises(InvalidTypeError):
            parse_deadline(value)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- properties


class TestCountedFrom:
    @pytest.mark.parametrize(("text", "event"), [
        ("trong 10 ngày làm việc kể từ ngày ký", ISSUE),
        ("TRONG 10 NGAY LAM VIEC KE TU NGAY KY", ISSUE),
        ("trong 10 ngày làm việc kể từ ngày văn bản được ký", ISSUE),
        ("trong 10 ngày làm việc kể từ ngày ký ban hành", ISSUE),
        ("10 ngay lam viec ke tu ngay nhan duoc van ban", RECEIPT),
        ("trong 10 ngày làm việc kể từ ngày nhận", RECEIPT),
        ("trong 10 ngày làm việc sau khi nhận được văn bản", RECEIPT),
        ("trong 10 ngày làm việc kể từ ngày văn bản có hiệu lực", EFFECTIVE),
        ("trong 10 ngày làm việc kể từ ngày chỉ thị này có hiệu lực thi hành", EFFECTIVE),
        ("trong 10 ngày làm việc kể từ ngày được giao", ASSIGNMENT),
        ("trong 10 ngày làm việc kể từ ngày giao nhiệm vụ", ASSIGNMENT),
        ("trong 10 ngày làm việc", None),
        ("trong 10 ngày làm việc kể từ ngày kết thúc đợt kiểm tra", None),
    ])
    def test_event_is_kept(self, text: str, event: CountedFrom | None) -> None:
        """The event named after 'kể từ' / 'sau' is kept, with or without diacritics."""
        assert WorkingDays(n=10, counted_from=event) == parse_deadline(text)
        assert WorkingDays(n=10, counted_from=event) == parse_deadline(
            unicodedata.normalize(NFD, text).upper())

    def test_same_event_twice_is_fine(self) -> None:
        """Repeating one event ('kể từ ngày ký … sau ngày ký') is not a conflict."""
        assert WorkingDays(n=10, counted_from=ISSUE) == parse_deadline(
            "trong 10 ngày làm việc kể từ ngày ký (tức là sau ngày ký văn bản)")

    def test_keeps_policy_clauses(self) -> None:
        """The event and the Art 148(5) policy clauses are read together."""
        assert CalendarPeriod(n=3, unit="months", counted_from=ISSUE,
                              makeup_saturday_is_working=False) == parse_deadline(
            "trong 3 tháng kể từ ngày ban hành (ngày làm bù không tính là ngày làm việc)")

    @pytest.mark.parametrize(("text", "rule"), [
        ("trước ngày 15/5/2024, kể từ ngày ký", FixedDate(date=D(2024, 5, 15))),
        ("trong quý III/2024 kể từ ngày nhận được văn bản",
         EndOfPeriod(kind="quarter", index=3, year=2024)),
    ])
    def test_ignored_where_the_anchor_does_not_count(self, text: str,
                                                     rule: DeadlineRule) -> None:
        """A fixed date or a named period end does not run from an event: clause ignored."""
        assert rule == parse_deadline(text)

    @pytest.mark.parametrize("event", list(CountedFrom))
    def test_canonical_text_round_trip(self, event: CountedFrom) -> None:
        """to_text() of a rule with each event reads back equal."""
        for rule in (WorkingDays(n=7, counted_from=event),
                     CalendarPeriod(n=2, unit="weeks", counted_from=event,
                                    roll_to_working_day=False)):
            assert rule == parse_deadline(rule.to_text())


_VALID = [p[0] for p in PHRASES]
_VOCAB = ["ngày", "tháng", "năm", "quý", "tuần", "hằng", "làm việc", "trước", "hạn", "thứ",
          "mười", "mươi", "lăm", "sáu", "sau", "/", "-", ".", "2024", "31", "0", "III", "giờ",
          "thường xuyên", "không", "(", ")", "đầu", "cuối", "6", "9", "nếu trùng ngày nghỉ"]


def _mutated() -> st.SearchStrategy[str]:
    """Valid phrases with words cut, swapped or inserted."""
    def mutate(data: tuple[str, list[tuple[int, int, str]]]) -> str:
        text, edits = data
        words = text.split()
        for kind, pos, word in edits:
            if not words:
                words.append(word)
                continue
            i = pos % len(words)
            if kind == 0:
                del words[i]
            elif kind == 1:
                words.insert(i, word)
            else:
                words[i] = word
        return " ".join(words)

    edit = st.tuples(st.integers(0, 2), st.integers(0, 50),
                     st.sampled_from(_VOCAB) | st.text(max_size=6))
    return st.tuples(st.sampled_from(_VALID), st.lists(edit, max_size=4)).map(mutate)


def _check_only_phrase_errors(text: str) -> None:
    try:
        rule = parse_deadline(text)
    except DeadlinePhraseError:
        return
    assert isinstance(rule, DeadlineRule)


class TestProperties:
    @settings(max_examples=400, deadline=None)
    @given(rule=deadline_rules(1995, 2099))
    def test_text_round_trip(self, rule: DeadlineRule) -> None:
        """parse_deadline(rule.to_text()) == rule for every rule."""
        assert rule == parse_deadline(rule.to_text())

    @settings(max_examples=300, deadline=None)
    @given(text=st.text(max_size=80))
    def test_random_text_only_raises_phrase_errors(self, text: str) -> None:
        """Random unicode never raises anything but DeadlinePhraseError."""
        _check_only_phrase_errors(text)

    @settings(max_examples=300, deadline=None)
    @given(words=st.lists(st.sampled_from(_VOCAB), max_size=12))
    def test_vocabulary_soup_only_raises_phrase_errors(self, words: list[str]) -> None:
        """Random sequences of deadline words never crash."""
        _check_only_phrase_errors(" ".join(words))

    @settings(max_examples=400, deadline=None)
    @given(text=_mutated())
    def test_mutated_phrases_only_raise_phrase_errors(self, text: str) -> None:
        """Valid phrases with words removed, swapped or inserted never crash."""
        _check_only_phrase_errors(text)

    @settings(max_examples=200, deadline=None)
    @given(text=st.sampled_from(_VALID), data=st.data())
    def test_diacritics_optional(self, text: str, data: st.DataObject) -> None:
        """Stripping every diacritic from a phrase without 'sáu'/'sau' keeps its meaning."""
        from directive_tracker.text import fold

        folded = fold(text)
        expected = parse_deadline(text)
        if "sau" in folded.split():
            return
        assert expected == parse_deadline(data.draw(st.sampled_from([folded, folded.upper()])))


# --------------------------------------------------------------------------- issue 17

def test_combining_bomb_refused_fast() -> None:
    """'a' + 50,000 pairs of marks took 7.5 s; the cap now comes first: refused in < 1 s."""
    from time import perf_counter

    start = perf_counter()
    with pytest.raises(DeadlinePhraseError, match="at most 500"):
        parse_deadline("a" + "\u0301\u0323" * 50000)
    assert perf_counter() - start < 1.0


def test_combining_run_within_cap_refused() -> None:
    """Within 500 characters, 31 combining marks in a row are refused (30 are read)."""
    with pytest.raises(DeadlinePhraseError, match="combining marks"):
        parse_deadline("trong 10 ngày" + "\u0301" * 31)


def test_cap_counts_the_text_as_given() -> None:
    """The 500-character cap counts the raw text: NFD "ế" is 3 code points each.

    "trong 10 ngày làm việc" in NFD is 26 code points ("ngày" 5, "làm" 4, "việc" 6, plus
    "trong", "10" and four spaces: 11); with 160 NFD "ế" (3 each, 480) the text is 506
    code points although its NFC form has 22 + 160 = 182.
    """
    text = unicodedata.normalize("NFD", "trong 10 ngày làm việc" + "ế" * 160)
    assert (506, 182) == (len(text), len(unicodedata.normalize("NFC", text)))
    with pytest.raises(DeadlinePhraseError, match="at most 500"):
        parse_deadline(text)


@pytest.mark.parametrize("bad", ["trong 10 ngày\x1b[2J", "trong 10 ngày\x00",
                                 "trong 10 ngày" + chr(0xD800), "trong\u202e 10 ngày"])
def test_control_characters_refused(bad: str) -> None:
    """ESC, NUL, lone surrogates and bidi overrides make a DeadlinePhraseError."""
    with pytest.raises(DeadlinePhraseError, match="must not contain"):
        parse_deadline(bad)


def test_line_breaks_are_white_space() -> None:
    """TAB, LF and CRLF inside a phrase are white space (phrases are cut from documents)."""
    assert WorkingDays(n=10) == parse_deadline("trong 10\r\nngày\tlàm việc")
