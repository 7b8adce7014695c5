# SPDX-License-Identifier: MIT
"""
Read the deadline phrases Vietnamese directives use into :mod:`~directive_tracker.deadlines`
rules.

:func:`parse_deadline` accepts real phrasings — with or without diacritics, NFC or NFD, any
case, surrounded by ordinary words ("hoàn thành", "chậm nhất", "kể từ ngày ký", "báo cáo
UBND tỉnh") — and refuses, with :class:`~directive_tracker.exceptions.DeadlinePhraseError`,
anything it cannot read with certainty: no deadline found, two deadlines, an invalid date,
a year outside 1995–2099, leftover numbers it does not understand.  It never guesses.

How a phrase is read:

1. NFC, casefold, punctuation (except ``/ . -`` inside dates) becomes spaces.
2. Vietnamese number words directly before a unit ("mười ngày", "năm ngày làm việc",
   "hai mươi lăm ngày", "ba tháng") become digits.  If the text carries diacritics they are
   used to tell "sáu" (six) from "sau" (after); without diacritics, "sau ngày ký/nhận" is
   read as "after".  Words after "thứ", "tháng" and "quý" are names (thứ Năm, tháng Hai,
   quý Hai), not counts.
3. The text is folded (:func:`directive_tracker.text.fold`: no diacritics, đ→d) and
   "ngày 15 tháng 5 năm 2024" becomes "15/5/2024".
4. Policy clauses written by :meth:`DeadlineRule.to_text` are taken out (e.g. "nếu trùng
   ngày nghỉ thì chuyển sang ngày làm việc tiếp theo").
5. Exactly one deadline expression must remain; a time of day ("17 giờ") is allowed next to
   a fixed date and ignored (rules are whole days).
6. The event a counted period runs from ("kể từ ngày ký", "kể từ ngày nhận được văn bản",
   "kể từ ngày văn bản có hiệu lực", "kể từ ngày được giao") is kept in the rule's
   ``counted_from`` (:class:`~directive_tracker.deadlines.CountedFrom`); two different
   events in one phrase are refused.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any, cast

from ._validators import check_content
from .deadlines import (
    MAX_YEAR,
    MIN_YEAR,
    CalendarPeriod,
    CountedFrom,
    DeadlineRule,
    EndOfPeriod,
    FixedDate,
    NoDeadline,
    PeriodicReport,
    Recurring,
    WorkingDays,
)
from .exceptions import DeadlinePhraseError, InvalidTypeError, ValidationError
from .periods import _SUBMISSION, PeriodKind
from .text import fold

__all__ = ["parse_deadline"]

#: Longest phrase accepted (a deadline clause, not a whole document).
MAX_PHRASE_LENGTH = 500

_EXPECTED = (
    "exactly one deadline, such as 'trước ngày 15/5/2024', 'trong 10 ngày làm việc', "
    "'trong 3 tháng', 'trong tháng 6/2024', 'quý III/2024', '6 tháng đầu năm 2024', "
    "'trong năm 2024', 'trước ngày 20 hằng tháng', 'định kỳ hằng quý', "
    "'trước ngày 15/12 hằng năm', 'thường xuyên' or 'không thời hạn'"
)

# --------------------------------------------------------------------------- number words

_UNIT_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
               "chin": 9}
_UNIT_WORDS_VI = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7,
                  "tám": 8, "chín": 9}
#: Last digit after "mười"/"mươi" (mốt, tư, lăm are only used there).
_TAIL_WORDS = {**_UNIT_WORDS, "tu": 4, "lam": 5, "nham": 5}
_TAIL_WORDS_VI = {**_UNIT_WORDS_VI, "mốt": 1, "tư": 4, "lăm": 5, "nhăm": 5}
_NUMBER_FORMS = set(_UNIT_WORDS) | set(_TAIL_WORDS) | {"muoi"}
_NUMBER_FORMS_VI = set(_UNIT_WORDS_VI) | set(_TAIL_WORDS_VI) | {"mười", "mươi"}
#: Folded unit words that make a preceding number word a count.
_COUNT_UNITS = {"ngay", "tuan", "thang", "nam"}
#: Folded words after which a number word is a name (thứ Năm, tháng Hai, quý Ba).
_NAME_GUARDS = {"thu", "thang", "quy"}
#: Folded words that make "sau ngày …" mean "after the day …" (without diacritics).
_AFTER_WORDS = {"ky", "nhan", "ban", "giao", "co", "duoc", "het", "ket", "nop", "phat"}


def _read_number(words: list[str], i: int, *, marked: bool) -> tuple[int, int] | None:
    """Return (value, tokens used) of the number phrase starting at *words[i]*, if any."""
    units = _UNIT_WORDS_VI if marked else _UNIT_WORDS
    tails = _TAIL_WORDS_VI if marked else _TAIL_WORDS
    ten, tens = ("mười", "mươi") if marked else ("muoi", "muoi")
    word = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    nxt2 = words[i + 2] if i + 2 < len(words) else ""
    if word == ten:
        if nxt in tails and nxt not in ("mốt", "tư") and nxt != "tu":
            return 10 + tails[nxt], 2
        if nxt in ("tư", "tu"):
            return 14, 2
        return 10, 1
    if word in units:
        value = units[word]
        if nxt == tens and value >= 2:
            if nxt2 in tails:
                return value * 10 + tails[nxt2], 3
            return value * 10, 2
        return value, 1
    return None


def _numbers_to_digits(raw: list[str], folded: list[str], *, marked: bool) -> list[str]:
    """Replace number-word counts before a unit by digits; return folded tokens."""
    words = raw if marked else folded
    forms = _NUMBER_FORMS_VI if marked else _NUMBER_FORMS
    out: list[str] = []
    i = 0
    while i < len(words):
        prev = folded[i - 1] if i > 0 else ""
        # "1 năm (ngày …": a word after a count is a unit, not a number.
        prev_is_number = i > 0 and (words[i - 1] in forms or prev.isdigit())
        found = None
        if prev not in _NAME_GUARDS and not prev_is_number:
            found = _read_number(words, i, marked=marked)
        if found is not None:
            value, used = found
            unit = folded[i + used] if i + used < len(folded) else ""
            after = folded[i + used + 1] if i + used + 1 < len(folded) else ""
            is_after = (not marked and words[i] == "sau" and used == 1 and unit == "ngay"
                        and after in _AFTER_WORDS)
            if unit in _COUNT_UNITS and not is_after:
                out.append(str(value))
                i += used
                continue
        out.append(folded[i])
        i += 1
    return out


# --------------------------------------------------------------------------- normalisation

_MONTH_WORDS = {"gieng": 1, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6,
                "bay": 7, "tam": 8, "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12,
                "chap": 12}
_MW = r"[0-9]{1,2}|muoi mot|muoi hai|gieng|chap|mot|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi"
_FULL_DATE_WORDS = re.compile(rf"\bngay (?P<d>[0-9]{{1,2}}) thang (?P<m>{_MW}) nam (?P<y>[0-9]+)\b")
_DAY_MONTH_WORDS = re.compile(rf"\bngay (?P<d>[0-9]{{1,2}}) thang (?P<m>{_MW})(?![0-9a-z])")
_BREAK = "|"
_PUNCT = re.compile(r"[^\w\s/.:\-]|_")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def _month_number(word: str) -> int:
    return int(word) if word.isdigit() else _MONTH_WORDS[word]


def _date_words(m: re.Match[str]) -> str:
    year = m.groupdict().get("y")
    month = _month_number(m.group("m"))
    return f"ngay {m.group('d')}/{month}" + (f"/{year}" if year is not None else "")


def _normalise(text: str) -> str:
    """Return the folded, number-converted form of *text* (see the module docstring)."""
    lowered = _DASHES.sub("-", unicodedata.normalize("NFC", text).casefold())
    # Punctuation separates clauses: "năm, ngày" must not read as "five days".
    lowered = _PUNCT.sub(f" {_BREAK} ", lowered)
    raw = lowered.split()
    folded = [fold(w) for w in raw]
    marked = any(f != w for f, w in zip(folded, raw, strict=True))
    # fold() may turn one token into several (it collapses whitespace only), keep 1:1.
    folded = [f.replace(" ", "") or "_" for f in folded]
    tokens = _numbers_to_digits(raw, folded, marked=marked)
    s = " ".join(t for t in tokens if t != _BREAK)
    # "ngày 15 tháng 5 năm 2024" → "ngày 15/5/2024"; "ngày 15 tháng 12" → "ngày 15/12".
    s = _FULL_DATE_WORDS.sub(_date_words, s)
    s = _DAY_MONTH_WORDS.sub(_date_words, s)
    # "15 / 5 / 2024" → "15/5/2024"
    s = re.sub(r"(?<=[0-9]) ?([/.-]) ?(?=[0-9])", r"\1", s)
    return s


# --------------------------------------------------------------------------- clauses

_ROLL_VERB = r"(?:chuyen|lui|keo dai|doi|day)(?: sang| den| toi| ve)?"
_ROLL_FWD = rf"neu (?:trung|la|roi)(?: vao)? ngay nghi(?: thi)? {_ROLL_VERB} ngay lam viec " \
            r"(?:tiep theo|ke tiep)"
_ROLL_BACK = rf"neu (?:trung|la|roi)(?: vao)? ngay nghi(?: thi)? {_ROLL_VERB} ngay lam viec " \
             r"(?:lien truoc|truoc do)"
_NO_ROLL = rf"khong {_ROLL_VERB} ngay lam viec (?:tiep theo|ke tiep)" \
           r"(?: (?:neu|khi) (?:trung|la|roi)(?: vao)? ngay nghi)?"
_STRICT = r"khong (?:bao gom|tinh|ke) ngay (?:do|nay|han)"
_MAKEUP = r"ngay lam bu khong (?:duoc )?(?:tinh|coi) la ngay lam viec"
_SWAPPED = r"ngay nghi hoan doi khong (?:duoc )?(?:tinh|coi) la ngay nghi"

_CLAUSES = (
    ("no_roll", re.compile(rf"\b{_NO_ROLL}\b")),
    ("roll_forward", re.compile(rf"\b{_ROLL_FWD}\b")),
    ("roll_backward", re.compile(rf"\b{_ROLL_BACK}\b")),
    ("strict", re.compile(rf"\b{_STRICT}\b")),
    ("makeup", re.compile(rf"\b{_MAKEUP}\b")),
    ("swapped", re.compile(rf"\b{_SWAPPED}\b")),
)

# --------------------------------------------------------------------------- counted from

_FROM = r"\b(?:ke tu|tinh tu|sau) (?:ngay|khi|thoi diem) "
#: Optional document noun: "kể từ ngày (văn bản / quyết định này) có hiệu lực".
_DOC = (r"(?:(?:van ban|quyet dinh|chi thi|cong van|ke hoach|thong bao|nghi quyet|ket luan)"
        r"(?: nay)? )?")
_COUNTED_FROM = (
    (CountedFrom.ISSUE, re.compile(rf"{_FROM}{_DOC}(?:duoc )?(?:ky|ban hanh)\b")),
    (CountedFrom.RECEIPT, re.compile(rf"{_FROM}(?:tiep )?nhan\b")),
    (CountedFrom.EFFECTIVE, re.compile(rf"{_FROM}{_DOC}(?:bat dau )?co hieu luc\b")),
    (CountedFrom.ASSIGNMENT, re.compile(rf"{_FROM}(?:duoc )?giao\b")),
)


def _counted_from(r: _Reader) -> CountedFrom | None:
    """Return the one event the phrase counts from, None if it names none."""
    events = [event for event, pattern in _COUNTED_FROM if pattern.search(r.s)]
    if len(events) > 1:
        raise r.fail("one event to count from; found "
                     + " and ".join(repr(e.phrase_vi) for e in events))
    return events[0] if events else None


# --------------------------------------------------------------------------- patterns

_Y = r"([0-9]+)"  # a year: validated separately (4 digits, 1995–2099)
_DATE = re.compile(r"(?<![0-9/.\-])([0-9]{1,2})([/.\-])([0-9]{1,2})\2([0-9]+)(?![0-9]|[/\-][0-9])")
_DAY_MONTH = re.compile(r"(?<![0-9/.\-])([0-9]{1,2})[/.\-]([0-9]{1,2})(?![0-9]|[/.\-][0-9])")
_TIME = re.compile(r"\b([0-9]{1,2}) ?(?:gio|h)(?: ?([0-9]{1,2})(?: ?phut)?)?(?![0-9a-z])"
                   r"|\b([0-9]{1,2})[:.]([0-9]{2}) ?(?:gio|h)?(?![0-9a-z/.])")
_NONE = re.compile(r"\b(?:khong (?:co )?(?:xac dinh )?thoi han|vo thoi han|khong (?:co )?han)\b"
                   r"(?! che)")
_ONGOING = re.compile(r"\bthuong xuyen\b")
_HALF = re.compile(rf"\b(?:(?:6 thang|nua) (dau|cuoi) nam(?: (?:nam )?{_Y})?|6 thang nam {_Y})"
                   r"(?![0-9])")
_NINE = re.compile(rf"\b9 thang (?:dau nam(?: (?:nam )?{_Y})?|nam {_Y})(?![0-9])")
_QUARTER_WORDS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4, "mot": 1,
                  "nhat": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4}
_QUARTER = re.compile(r"\b(?:(?:cuoi|het) )?quy (iv|iii|ii|i|[0-9]+|mot|nhat|hai|ba|bon|tu)"
                      rf"(?![a-z0-9])(?: ?(?:/|-|nam) ?{_Y})?(?![0-9])")
_MONTH_YEAR = re.compile(rf"\b(?:(?:cuoi|het) )?thang ({_MW}) ?(?:/|-|\.| nam ){_Y}(?![0-9])")
_MONTH = re.compile(r"(?<![0-9] )\b(?:(?:cuoi|het) )?thang ([0-9]+)(?![0-9/.\-]| thu)")
_YEAR = re.compile(rf"\b(?:(?:cuoi|het) )?nam {_Y}(?![0-9])")
#: "tháng năm 2024" / "quý năm 2024": no month or quarter number before "năm YYYY" (May
#: 2024 written "tháng Năm 2024", or a typo); checked after every valid form was taken.
_BARE_BEFORE_YEAR = re.compile(r"\b(?:thang|quy) nam [0-9]")
#: "trước" right before a period (searched up to the period's start).
_BEFORE = re.compile(r"\btruoc(?:\s+#)*\s+$")
_THIS_YEAR = re.compile(r"\b(?:(?:trong|cuoi|het) nam nay|(?:cuoi|het) nam)\b(?! [0-9])")
_WORKING = re.compile(r"\b([0-9]+) ngay lam viec\b")
_PERIOD = re.compile(r"\b([0-9]+) (ngay|tuan|thang|nam)\b")
_VAGUE_START = re.compile(r"\b(?:dau|giua) (?:nam|thang|quy|tuan)\b")
_VAGUE = re.compile(r"\b(?:dau|giua|cuoi|het) (?:nam|thang|quy|tuan)\b")

# Recurring markers and parts.
_ONCE = r"(?: ?/ ?lan| (?:mot|1) lan)"  # "… một lần", "… 1 lần", "…/lần"


def _every(count: str, unit: str) -> str:
    """Regex for "định kỳ (hằng) N unit (một lần)" and "N unit một lần" / "N unit/lần"."""
    return rf"(?:(?:dinh ky|hang|moi) (?:hang )?{count} {unit}{_ONCE}?|{count} {unit}{_ONCE})"


_REC_MARKERS = (
    ("weekly", re.compile(rf"\b(?:(?:hang|moi) tuan{_ONCE}?|{_every('0?1', 'tuan')})\b")),
    ("monthly", re.compile(rf"\b(?:(?:hang|moi) thang{_ONCE}?|{_every('0?1', 'thang')})\b")),
    ("quarterly", re.compile(rf"\b(?:(?:hang|moi) quy{_ONCE}?|{_every('0?3', 'thang')})\b")),
    ("half_yearly", re.compile(rf"\b{_every('0?6', 'thang')}\b")),
    ("yearly", re.compile(rf"\b(?:(?:hang|moi) nam{_ONCE}?|{_every('0?1', 'nam')}"
                          rf"|{_every('12', 'thang')})\b")),
)
_BY = r"(?:truoc|cham nhat(?: la)?|han|nop(?: truoc)?|vao)"
_DM = r"([0-9]{1,2})/([0-9]{1,2})(?![0-9/.\-])"
#: "báo cáo 6 tháng trước ngày 15/6 và báo cáo năm trước ngày 15/12" (Decree 138/2016 and
#: many provincial regimes): the six-month and the annual report, read as one half-yearly
#: rule when the two days are six months apart.
_HALF_AND_YEAR = re.compile(
    rf"\b(?:bao cao )?6 thang {_BY} (?:ngay )?{_DM} (?:va )?(?:bao cao )?(?:ca )?nam {_BY} "
    rf"(?:ngay )?{_DM}")
#: "định kỳ 2 tuần", "10 ngày một lần": a recurrence the rules cannot express.
_REC_OTHER = re.compile(rf"\b{_every('[0-9]+', '(?:ngay|tuan|thang|nam)')}(?![0-9])")
_REC_DAY = re.compile(r"\bngay ([0-9]+)(?![0-9]|[/.\-][0-9])")
_REC_MONTH_NTH = re.compile(r"\bthang thu ([0-9]+) (?:(?:cua|trong) )?(quy|ky)\b")
_REC_MONTH_POS = re.compile(r"\bthang (dau|giua|cuoi) (quy|ky)\b")
_WEEKDAYS = {"hai": 1, "ba": 2, "tu": 3, "nam": 4, "sau": 5, "bay": 6, "2": 1, "3": 2, "4": 3,
             "5": 4, "6": 5, "7": 6}
_REC_WEEKDAY = re.compile(r"\b(?:thu (hai|ba|tu|nam|sau|bay|[0-9]+)|(chu nhat|cn))\b")
_DIGIT = re.compile(r"\d")
_MARK = " # "
#: The end of a recurring series: "đến hết năm 2027", "đến hết ngày 31/12/2027".
_UNTIL = re.compile(r"\b(?:den|toi) (?:het )?(?:nam ([0-9]+)|ngay ([0-9]{1,2})/([0-9]{1,2})"
                    r"/([0-9]+))(?![0-9/.\-])")


#: The reporting regime of Decree 09/2019/NĐ-CP named in the phrase ("theo Nghị định
#: 09/2019/NĐ-CP"): the phrase is a reporting duty (PeriodicReport).
_DECREE_09 = re.compile(r"\b(?:theo )?(?:(?:quy dinh )?(?:tai|cua) )?nghi dinh (?:so )?0?9/2019"
                        r"(?:/nd-cp)?(?![0-9a-z/])")
#: The period of a reporting duty: "(báo cáo) (định kỳ) hằng tháng / hằng quý / 6 tháng /
#: 9 tháng / hằng năm".
_REPORT_KIND = re.compile(r"\b(?:bao cao )?(?:dinh ky )?(?:(?:hang|moi) (thang|quy|nam)"
                          r"|(6|9) thang)(?![0-9a-z])")
_REPORT_KINDS = {"thang": PeriodKind.MONTH, "quy": PeriodKind.QUARTER, "nam": PeriodKind.YEAR,
                 "6": PeriodKind.HALF_YEAR, "9": PeriodKind.NINE_MONTHS}


class _Reader:
    """One parse: the working string, the original text and helpers to fail."""

    def __init__(self, text: str, s: str) -> None:
        self.text = text
        self.s = s

    def fail(self, expected: str) -> DeadlinePhraseError:
        return DeadlinePhraseError(self.text, expected)

    def take(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """Return all matches of *pattern* and blank them out of the working string."""
        found = list(pattern.finditer(self.s))
        if found:
            self.s = pattern.sub(_MARK, self.s)
        return found

    def year(self, digits: str | None) -> int | None:
        if digits is None:
            return None
        if len(digits) != 4 or not MIN_YEAR <= int(digits) <= MAX_YEAR:
            raise self.fail(f"a four-digit year from {MIN_YEAR} to {MAX_YEAR}, got {digits!r}")
        return int(digits)

    def count(self, digits: str, what: str) -> int:
        if len(digits) > 6 or int(digits) < 1:
            raise self.fail(f"a positive number of {what}, got {digits!r}")
        return int(digits)


def _one_date(r: _Reader, m: re.Match[str]) -> date:
    day, month, year = int(m.group(1)), int(m.group(3)), m.group(4)
    y = r.year(year)
    try:
        return date(cast(int, y), month, day)
    except ValueError:
        raise r.fail(f"a valid calendar date, but {m.group(0)!r} does not exist") from None


def _policy(r: _Reader) -> set[str]:
    flags: set[str] = set()
    for name, pattern in _CLAUSES:
        if r.take(pattern):
            flags.add(name)
    if "no_roll" in flags and flags & {"roll_forward", "roll_backward"}:
        raise r.fail("either a roll clause or a no-roll clause, not both")
    if {"roll_forward", "roll_backward"} <= flags:
        raise r.fail("one roll direction, not both")
    return flags


def _until(r: _Reader) -> date | None:
    """The series' end ("đến hết năm 2027" → 31/12/2027), taken out of *r*, or None."""
    found = r.take(_UNTIL)
    if len(found) > 1:
        raise r.fail("at most one end of the series ('đến hết năm 2027')")
    if not found:
        return None
    m = found[0]
    if m.group(1) is not None:
        return date(cast(int, r.year(m.group(1))), 12, 31)
    y = cast(int, r.year(m.group(4)))
    try:
        return date(y, int(m.group(3)), int(m.group(2)))
    except ValueError:
        raise r.fail(f"a valid calendar date, but {m.group(0)!r} does not exist") from None


def _parse_recurring(r: _Reader, freq: str, flags: set[str]) -> Recurring:
    if flags - {"roll_forward", "no_roll"}:
        raise r.fail("only the clause 'nếu trùng ngày nghỉ thì chuyển sang ngày làm việc "
                     "tiếp theo' with a recurring deadline")
    kwargs: dict[str, Any] = {"freq": freq, "roll": "roll_forward" in flags, "until": _until(r)}
    r.take(_ONGOING)  # "thường xuyên, báo cáo hằng quý": the reports are the deadlines
    # "hằng tuần, trước 16 giờ thứ Năm": at most one time of day, ignored (rules are whole
    # days, as next to a fixed date).
    if len(r.take(_TIME)) > 1:
        raise r.fail("at most one time of day ('16 giờ') with a recurring deadline")
    nth = r.take(_REC_MONTH_NTH)
    pos = r.take(_REC_MONTH_POS)
    if len(nth) + len(pos) > 1:
        raise r.fail("at most one month of the period (e.g. 'tháng cuối quý')")
    size = {"quarterly": 3, "half_yearly": 6}.get(freq)
    if nth or pos:
        if size is None:
            raise r.fail("a month of the period only with 'hằng quý' or 'định kỳ 6 tháng'")
        if nth:
            kwargs["month"] = r.count(nth[0].group(1), "months")
        else:
            kwargs["month"] = {"dau": 1, "giua": (size + 1) // 2, "cuoi": size}[pos[0].group(1)]
    if freq == "weekly":
        days = r.take(_REC_WEEKDAY)
        if len(days) > 1:
            raise r.fail("one weekday for a weekly deadline")
        if days:
            word = days[0].group(1)
            if word is None:
                kwargs["weekday"] = 7
            elif word in _WEEKDAYS:
                kwargs["weekday"] = _WEEKDAYS[word]
            else:
                raise r.fail(f"a weekday 'thứ 2' to 'thứ 7' or 'chủ nhật', got {days[0][0]!r}")
    else:
        day_months = r.take(_DAY_MONTH) if freq == "yearly" else []
        days = r.take(_REC_DAY)
        if len(day_months) + len(days) > 1:
            raise r.fail("one due day for a recurring deadline")
        if day_months:
            kwargs["day"] = int(day_months[0].group(1))
            kwargs["month"] = int(day_months[0].group(2))
        elif days:
            if freq == "yearly":
                raise r.fail("a day and month for a yearly deadline, e.g. "
                             "'trước ngày 15/12 hằng năm'")
            kwargs["day"] = r.count(days[0].group(1), "days")
    _check_leftovers(r)
    try:
        return Recurring(**kwargs)
    except ValidationError as exc:
        raise r.fail(f"a valid recurring deadline ({exc})") from None


def _parse_periodic_report(r: _Reader, flags: set[str]) -> PeriodicReport:
    """ "báo cáo định kỳ hằng quý theo Nghị định 09/2019/NĐ-CP(, trước ngày 20 của tháng
    cuối kỳ)" → a PeriodicReport (the Decree 09 marker already taken out)."""
    if flags - {"roll_forward", "no_roll"}:
        raise r.fail("only the clause 'nếu trùng ngày nghỉ thì chuyển sang ngày làm việc "
                     "tiếp theo' with a reporting duty")
    until = _until(r)
    kinds = r.take(_REPORT_KIND)
    if len(kinds) != 1:
        raise r.fail("one period of the reporting duty under Decree 09/2019: 'hằng tháng', "
                     "'hằng quý', '6 tháng', '9 tháng' or 'hằng năm'")
    m = kinds[0]
    kind = _REPORT_KINDS[m.group(1) or m.group(2)]
    days = r.take(_SUBMISSION)
    if len(days) > 1:
        raise r.fail("at most one submission day ('trước ngày 20 của tháng cuối kỳ')")
    day = 25 if not days else r.count(days[0].group("day"), "days")
    if any(p.search(r.s) for _, p in _REC_MARKERS) or _REC_OTHER.search(r.s):
        raise r.fail("one recurrence: the reporting duty's period")
    _check_leftovers(r)
    try:
        return PeriodicReport(kind=kind, day=day, roll="roll_forward" in flags, until=until)
    except ValidationError as exc:
        raise r.fail(f"a valid reporting duty ({exc})") from None


def _parse_half_and_year(r: _Reader, pair: list[re.Match[str]], flags: set[str]) -> Recurring:
    """ "báo cáo 6 tháng trước ngày 15/6 và báo cáo năm trước ngày 15/12" → half-yearly."""
    if len(pair) > 1:
        raise r.fail("one six-month and annual report pair")
    m = pair[0]
    (d1, m1), (d2, m2) = ((int(m[g]), int(m[g + 1])) for g in (1, 3))
    if (d2, m2) != (d1, m1 + 6):
        raise r.fail("the six-month report in month 1-6 and the annual report on the same "
                     "day six months later (e.g. 15/6 and 15/12), so one half-yearly rule "
                     f"reads both; got {d1}/{m1} and {d2}/{m2}")
    for day, month in ((d1, m1), (d2, m2)):
        try:
            date(2024, month, day)  # a leap year: 29/2 exists
        except ValueError:
            raise r.fail(f"a valid day and month, but {day}/{month} does not exist") from None
    if flags - {"roll_forward", "no_roll"}:
        raise r.fail("only the clause 'nếu trùng ngày nghỉ thì chuyển sang ngày làm việc "
                     "tiếp theo' with a recurring deadline")
    if any(p.search(r.s) for _, p in _REC_MARKERS) or _REC_OTHER.search(r.s):
        raise r.fail("one recurrence: the six-month and annual report pair, or one of "
                     "'hằng tuần', 'hằng tháng', 'hằng quý', 'hằng năm'")
    if len(r.take(_TIME)) > 1:
        raise r.fail("at most one time of day ('16 giờ') with a recurring deadline")
    until = _until(r)
    _check_leftovers(r)
    try:
        return Recurring(freq="half_yearly", month=m1, day=d1, roll="roll_forward" in flags,
                         until=until)
    except ValidationError as exc:
        raise r.fail(f"a valid recurring deadline ({exc})") from None


def _check_leftovers(r: _Reader) -> None:
    if _DAY_MONTH.search(r.s):
        raise r.fail("a date with its year (d/m/yyyy); day/month alone only with 'hằng năm'")
    leftover = _DIGIT.search(r.s)
    if leftover:
        word = r.s[max(0, leftover.start() - 15):leftover.end() + 15].strip(" #")
        raise r.fail(f"{_EXPECTED}; found a number it cannot place near {word!r}")
    vague = _VAGUE.search(r.s)
    if vague:
        raise r.fail(f"an exact period; {vague.group(0)!r} is not precise enough")


def _apply_flags(r: _Reader, rule: DeadlineRule, flags: set[str]) -> DeadlineRule:
    def refuse(clause: str) -> DeadlinePhraseError:
        return r.fail(f"no {clause} clause with a {rule.to_text()!r} deadline")

    if isinstance(rule, FixedDate):
        if flags & {"makeup"}:
            raise refuse("make-up Saturday")
        if flags & {"swapped"}:
            raise refuse("swapped day off")
        strict = "strict" in flags
        if ("roll_backward" in flags and not strict) or ("roll_forward" in flags and strict):
            raise r.fail("'chuyển sang ngày làm việc tiếp theo' for 'trước ngày X' (inclusive) "
                         "or 'liền trước' with 'không bao gồm ngày đó'")
        roll = bool(flags & {"roll_forward", "roll_backward"})
        return FixedDate(date=rule.date, strict=strict, roll=roll)
    if "strict" in flags:
        raise refuse("'không bao gồm ngày đó'")
    if "roll_backward" in flags:
        raise refuse("roll-back")
    if isinstance(rule, CalendarPeriod):
        return CalendarPeriod(n=rule.n, unit=rule.unit, counted_from=rule.counted_from,
                              roll_to_working_day="no_roll" not in flags,
                              makeup_saturday_is_working="makeup" not in flags,
                              swapped_day_off_is_rest="swapped" not in flags)
    if "makeup" in flags:
        raise refuse("make-up Saturday")
    if "swapped" in flags:
        raise refuse("swapped day off")
    if isinstance(rule, EndOfPeriod):
        return EndOfPeriod(kind=rule.kind, year=rule.year, index=rule.index,
                           roll="roll_forward" in flags)
    if flags:
        raise refuse("working-day policy")
    return rule


def _found(r: _Reader) -> list[tuple[str, DeadlineRule]]:
    """Find every deadline expression in the working string, blanking each out."""
    found: list[tuple[str, DeadlineRule]] = []

    def add(label: str, cls: Callable[..., DeadlineRule], **kwargs: Any) -> None:
        try:
            found.append((label, cls(**kwargs)))
        except ValidationError as exc:
            raise r.fail(f"a valid deadline in {label!r} ({exc})") from None

    def period(m: re.Match[str], **kwargs: Any) -> None:
        # "trước tháng 6/2024", "trước năm 2026": before the period starts, or by its end?
        # ("trước cuối năm", "trước hết tháng 6" name the end and are fine.)
        if _BEFORE.search(m.string, 0, m.start()) and not m.group(0).startswith(("cuoi", "het")):
            raise r.fail(f"'trong …' or 'chậm nhất hết …' with a period; 'trước "
                         f"{m.group(0)}' may mean before the period starts or by its end")
        add(m.group(0), EndOfPeriod, **kwargs)

    for m in r.take(_DATE):
        d = _one_date(r, m)
        add(m.group(0), FixedDate, date=d)
    times = r.take(_TIME)
    halves = r.take(_HALF)
    nines = r.take(_NINE)
    vague = _VAGUE_START.search(r.s)
    if vague:
        raise r.fail(f"an exact period; {vague.group(0)!r} is not precise enough")
    for m in halves:
        half = 1 if (m.group(1) in (None, "dau")) else 2
        y = r.year(m.group(2) or m.group(3))
        period(m, kind="half_year", index=half, year=y)
    for m in nines:
        y = r.year(m.group(1) or m.group(2))
        period(m, kind="nine_months", year=y)
    for m in r.take(_QUARTER):
        q = _QUARTER_WORDS.get(m.group(1))
        if q is None:
            raise r.fail(f"a quarter I–IV (1–4), got {m.group(0)!r}")
        y = r.year(m.group(2))
        period(m, kind="quarter", index=q, year=y)
    for m in r.take(_MONTH_YEAR):
        word = m.group(1)
        month = _month_number(word)
        if not 1 <= month <= 12:
            raise r.fail(f"a month 1–12, got {m.group(0)!r}")
        y = r.year(m.group(2))
        period(m, kind="month", index=month, year=y)
    for m in r.take(_MONTH):
        month = int(m.group(1)) if len(m.group(1)) <= 2 else 0
        if not 1 <= month <= 12:
            raise r.fail(f"a month 1–12, got {m.group(0)!r}")
        period(m, kind="month", index=month)
    if _BARE_BEFORE_YEAR.search(r.s):
        raise r.fail(
            "a month or quarter number between 'tháng'/'quý' and 'năm YYYY' ('tháng Năm "
            "2024' may be May 2024 or the year 2024): write e.g. 'tháng 5/2024', "
            "'quý II/2024' or 'trong năm 2024'")
    for m in r.take(_YEAR):
        y = r.year(m.group(1))
        period(m, kind="year", year=y)
    for m in r.take(_THIS_YEAR):
        add(m.group(0), EndOfPeriod, kind="year")
    for m in r.take(_WORKING):
        n = r.count(m.group(1), "working days")
        add(m.group(0), WorkingDays, n=n)
    for m in r.take(_PERIOD):
        n = r.count(m.group(1), m.group(2))
        unit = {"ngay": "days", "tuan": "weeks", "thang": "months", "nam": "years"}[m.group(2)]
        add(m.group(0), CalendarPeriod, n=n, unit=unit)
    if times and not (len(found) == 1 and isinstance(found[0][1], FixedDate)):
        raise r.fail("a time of day ('17 giờ') only next to a fixed date")
    return found


def parse_deadline(text: str) -> DeadlineRule:
    """
    Read a Vietnamese deadline phrase into a deadline rule.

    Accepted (with or without diacritics, any case, NFC or NFD, with surrounding words):

    * fixed dates: "trước ngày 15/5/2024", "hạn 15-05-2024", "chậm nhất ngày 15 tháng 5 năm
      2024" → :class:`~directive_tracker.deadlines.FixedDate` (inclusive);
    * "trong 10 ngày làm việc", "mười ngày làm việc kể từ ngày nhận được văn bản" →
      :class:`~directive_tracker.deadlines.WorkingDays`;
    * "trong 15 ngày", "hai tuần", "ba tháng", "1 năm" →
      :class:`~directive_tracker.deadlines.CalendarPeriod` (Civil Code Arts 147–148);
    * for those two, the event counted from →
      :class:`~directive_tracker.deadlines.CountedFrom` in ``counted_from``: "kể từ ngày
      ký", "kể từ ngày ban hành", "sau ngày ký" (``ISSUE``); "kể từ ngày nhận được văn
      bản", "kể từ ngày nhận đủ hồ sơ hợp lệ", "kể từ ngày nhận", "kể từ ngày tiếp nhận"
      (``RECEIPT``); "kể từ ngày văn bản có hiệu lực" (``EFFECTIVE``); "kể từ ngày được
      giao" (``ASSIGNMENT``); None when the phrase names no event.  With the other rules
      (a fixed date, the end of a period, a recurrence) such a clause does not change the
      due date and is ignored;
    * "trong tháng 6/2024", "quý III/2024", "quý 3 năm 2024", "6 tháng đầu năm 2024",
      "6 tháng cuối năm", "9 tháng đầu năm 2024", "trong năm 2024", "cuối năm" →
      :class:`~directive_tracker.deadlines.EndOfPeriod` (without a year: the next such end);
    * "trước ngày 20 hằng tháng" (or "hàng tháng", "mỗi tháng"), "định kỳ hằng quý",
      "định kỳ 6 tháng", "trước ngày 15/12 hằng năm", "thứ Sáu hằng tuần", and the
      every-N forms "định kỳ 03 tháng", "6 tháng một lần", "6 tháng/lần", "định kỳ 12 tháng"
      (only 1 week, 1, 3, 6 or 12 months and 1 year; "định kỳ 2 tuần" is refused) →
      :class:`~directive_tracker.deadlines.Recurring` (defaults: see that class);
      "thường xuyên" next to a recurring deadline is read as the recurring deadline;
      one time of day next to the due day is allowed and ignored ("hằng tuần, trước 16
      giờ thứ Năm" → Thursdays; rules are whole days);
    * a reporting duty under Decree 09/2019/NĐ-CP: "báo cáo định kỳ hằng quý theo Nghị
      định 09/2019/NĐ-CP" (also "hằng tháng", "6 tháng", "9 tháng", "hằng năm"),
      optionally with a province's submission day "trước ngày 20 của tháng cuối kỳ"
      (default: the 25th, Art 13) → :class:`~directive_tracker.deadlines.PeriodicReport`;
      the Decree must be named ("theo Nghị định 09/2019/NĐ-CP"), otherwise the phrase is
      read as a recurrence;
    * the six-month and annual report pair "báo cáo 6 tháng trước ngày 15/6 và báo cáo
      năm trước ngày 15/12" → ``Recurring(freq="half_yearly", month=6, day=15)`` (15/06
      and 15/12); refused unless the second day is the first one six months later;
    * "thường xuyên", "không thời hạn" → :class:`~directive_tracker.deadlines.NoDeadline`;
    * the policy clauses :meth:`~directive_tracker.deadlines.DeadlineRule.to_text` writes.

    Every rule's ``to_text()`` parses back to an equal rule.

    Args:
        text: the phrase (at most 500 characters, counted before normalisation; TAB and
            line breaks are white space, other control characters are refused).

    Returns:
        The rule.

    Raises:
        InvalidTypeError: *text* is not a ``str``.
        DeadlinePhraseError: the phrase is longer than 500 characters, contains a control
            character or more than 30 combining marks in a row, has no deadline, more
            than one, two different events to count from ("kể từ ngày ký … kể từ ngày
            nhận"), an invalid date, a year outside 1995–2099, a number that cannot be
            placed, a vague period ("đầu năm"), a period after "trước" ("trước tháng
            6/2024": before June starts, or by its end?), a month or quarter without its
            number ("tháng Năm 2024") or a recurrence interval other than 1 week, 1, 3, 6,
            12 months or 1 year; the message quotes the text and says what was expected.

    >>> parse_deadline("Hoàn thành trong 10 ngày làm việc kể từ ngày nhận được văn bản")
    WorkingDays(n=10, counted_from=<CountedFrom.RECEIPT: 'receipt'>)
    >>> parse_deadline("quy III/2024")
    EndOfPeriod(kind='quarter', year=2024, index=3, roll=False)

    .. versionadded:: 0.1.0
    """
    if not isinstance(text, str):
        raise InvalidTypeError("text", text, "a str")
    if len(text) > MAX_PHRASE_LENGTH:  # the cap comes before normalisation (quadratic)
        raise DeadlinePhraseError(text[:60] + "…",
                                  f"a phrase of at most {MAX_PHRASE_LENGTH} characters")
    try:
        original = check_content(text, "text", allow_empty=True, max_length=MAX_PHRASE_LENGTH)
    except ValidationError as error:
        raise DeadlinePhraseError(text[:60] + ("…" if len(text) > 60 else ""),
                                  f"{_EXPECTED} ({error.message})") from None
    r = _Reader(original, _normalise(original))
    if not r.s.strip():
        raise r.fail(_EXPECTED)
    flags = _policy(r)
    counted_from = _counted_from(r)

    if r.take(_DECREE_09):
        return _parse_periodic_report(r, flags)

    pair = r.take(_HALF_AND_YEAR)
    if pair:
        return _parse_half_and_year(r, pair, flags)

    markers = [(freq, m) for freq, pattern in _REC_MARKERS for m in pattern.finditer(r.s)]
    if markers:
        freqs = {freq for freq, _ in markers}
        if len(freqs) > 1:
            raise r.fail("one recurrence ('hằng tuần', 'hằng tháng', 'hằng quý', 'định kỳ 6 "
                         "tháng' or 'hằng năm'), found several")
        freq = freqs.pop()
        r.take(dict(_REC_MARKERS)[freq])
        return _parse_recurring(r, freq, flags)
    other = _REC_OTHER.search(r.s)
    if other:
        raise r.fail(f"a recurrence every week, month, quarter (3 months), half-year (6 "
                     f"months) or year; {other.group(0)!r} is none of them")

    none = r.take(_NONE)
    ongoing = r.take(_ONGOING)
    found = _found(r)
    if none or ongoing:
        if found or (none and ongoing):
            labels = [m.group(0) for m in none + ongoing] + [label for label, _ in found]
            raise r.fail(f"{_EXPECTED}; found several: {', '.join(map(repr, labels))}")
        _check_leftovers(r)
        if flags:
            raise r.fail("no policy clause with 'thường xuyên' or 'không thời hạn'")
        return NoDeadline(kind="none" if none else "ongoing")
    if not found:
        _check_leftovers(r)
        raise r.fail(_EXPECTED)
    if len(found) > 1:
        joined = ", ".join(repr(label) for label, _ in found)
        hint = ("; if one is the start date, pass it as the anchor instead"
                if any(isinstance(rule, FixedDate) for _, rule in found) else "")
        raise r.fail(f"exactly one deadline, found {len(found)}: {joined}{hint}")
    _check_leftovers(r)
    rule = found[0][1]
    if counted_from is not None and isinstance(rule, WorkingDays):
        rule = WorkingDays(n=rule.n, counted_from=counted_from)
    elif counted_from is not None and isinstance(rule, CalendarPeriod):
        rule = CalendarPeriod(n=rule.n, unit=rule.unit, counted_from=counted_from)
    try:
        return _apply_flags(r, rule, flags)
    except ValidationError as exc:
        if isinstance(exc, DeadlinePhraseError):
            raise
        raise r.fail(f"a valid deadline ({exc})") from None
