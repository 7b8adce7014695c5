# SPDX-License-Identifier: MIT
"""
Fuzzing the boundaries where outside data enters (issue 17): records, backups, e-office
files, notice files, store URLs, command lines and recurring deadlines.

Same property as test_fuzz_domain.py: every call returns or raises a
:class:`~directive_tracker.exceptions.DirectiveTrackerError` subclass, within
``DT_FUZZ_MAX_MS``.  Files are written (outside the timed call) into a temporary
directory; command lines run against an in-memory store with the current directory
moved to a temporary directory, so nothing outside it is read or written.  Network
back ends (PostgreSQL URLs, ``--send email``/``webhook:``) are left out: they would
measure the network, not the library.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
import os
import sys
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directive_tracker import records, services
from directive_tracker._validators import VIETNAM_TZ
from directive_tracker.bootstrap import open_store, sqlite_path_from_url, url_scheme
from directive_tracker.calendars import CalendarPolicy, load_notices, vietnam_calendar
from directive_tracker.cli import main
from directive_tracker.deadlines import PeriodicReport, Recurring
from directive_tracker.directives import Directive
from directive_tracker.documents import DocumentNumber
from directive_tracker.eoffice import TEMPLATE_HEADERS, import_eoffice
from directive_tracker.exceptions import DirectiveTrackerError
from directive_tracker.occurrences import Series
from directive_tracker.periods import DayOfLastMonth, ReportingPeriod
from directive_tracker.phrases import parse_deadline
from directive_tracker.reminders import reminders_due
from directive_tracker.settings import ProvincePolicy
from directive_tracker.storage.memory import MemoryStore
from directive_tracker.storage.outbox import OutboxItem
from directive_tracker.storage.sqlite import SQLiteStore
from directive_tracker.units import Succession, SuccessionKind, Unit, UnitKind

from .test_fuzz_domain import (
    _ODD_VALUES,
    FUZZ,
    any_char,
    broken,
    dates,
    ids,
    iso_like,
    json_value,
    texts,
    words_text,
)

Recorder = Any
_CAL = vietnam_calendar()


def _clock() -> datetime:
    return datetime(2026, 1, 12, 9, tzinfo=VIETNAM_TZ)


def _seeded() -> MemoryStore:
    """
    A small province: UBND, SNV, STC; directive CT-05 (received Mon 05/01/2026) with
    T1 "trong 10 ngày làm việc" (accepted, 40 % reported) and T2 "trước ngày 20 hằng
    tháng"; one outbox item.
    """
    store = MemoryStore()
    services.register_unit(store, Unit(code="UBND", name="UBND tỉnh",
                                       kind=UnitKind.PROVINCIAL_COMMITTEE))
    for code, name in (("SNV", "Sở Nội vụ"), ("STC", "Sở Tài chính")):
        services.register_unit(store, Unit(code=code, name=name, kind=UnitKind.DEPARTMENT,
                                           parent="UBND"))
    services.register_directive(store, Directive(
        id="CT-05", number=DocumentNumber.parse("05/CT-UBND"), issuer="UBND",
        issue_date=date(2026, 1, 2), received_date=date(2026, 1, 5), summary="Chỉ thị"))
    at = datetime(2026, 1, 5, 9, tzinfo=VIETNAM_TZ)
    for tid, phrase in (("T1", "trong 10 ngày làm việc"), ("T2", "trước ngày 20 hằng tháng")):
        services.assign_task(store, _CAL, directive_id="CT-05", task_id=tid,
                             content=f"Nội dung {tid}", lead_unit="SNV", deadline=phrase,
                             actor="VP", on_overlap="ignore", coordinating_units=["STC"],
                             clock=lambda: at)
    services.accept_task(store, _CAL, "T1", actor="SNV", clock=lambda: at)
    services.report_progress(store, _CAL, "T1", actor="SNV", percent=40, clock=lambda: at)
    store.add_outbox_item(OutboxItem(key="reminder:T1:2026-01-12:on_due:SNV", created_at=at,
                                     payload={"subject": "Nhắc việc", "to": "SNV"}))
    return store


_BACKUP = io.StringIO()
_seeded().export_jsonl(_BACKUP)
#: The lines of a valid backup of the seeded store.
BACKUP_LINES = tuple(_BACKUP.getvalue().splitlines())


# --------------------------------------------------------------------------- records

def _samples() -> dict[str, Any]:
    store = _seeded()
    task = store.get_task("T1")
    return {
        "unit": store.get_unit("SNV"),
        "succession": Succession(kind=SuccessionKind.MERGE, predecessors=("SNV", "STC"),
                                 successors=("SNV",), effective=date(2026, 3, 1),
                                 document="NQ 1/NQ-HĐND", receiver="SNV"),
        "document_number": DocumentNumber.parse("05/CT-UBND"),
        "directive": store.get_directive("CT-05"),
        "task": task,
        "deadline_rule": task.deadline,
        "event": store.get_events("T1")[-1],
        "outbox_item": store.get_outbox_items()[0],
        # T1 is due Mon 19/01/2026 (05/01 + 10 working days); on that day it is reminded.
        "reminder": reminders_due(store, calendar=_CAL, as_of=date(2026, 1, 19))[0],
    }


SAMPLES = {kind: records.to_dict(obj) for kind, obj in _samples().items()}
#: More forms of one record kind, named "kind.form": a Decree 09 reporting duty (quarterly,
#: a province's submission day, moved off days off, ending with 2027).
SAMPLES["deadline_rule.periodic_report"] = records.to_dict(PeriodicReport(
    kind="quarter", day=20, roll=True, until=date(2027, 12, 31)))
_RECORD_VALUES = st.one_of(texts, ids, iso_like, _ODD_VALUES, st.lists(ids, max_size=3),
                           st.sampled_from(records.RECORD_KINDS),
                           st.sampled_from(list(SAMPLES.values())))


@pytest.mark.parametrize("kind", sorted(SAMPLES))
@FUZZ
@given(data=st.data())
def test_records_from_dict(call: Recorder, kind: str, data: st.DataObject) -> None:
    """records.from_dict for each kind: library errors only, < 100 ms; a result
    survives to_dict → from_dict."""
    record = data.draw(broken(SAMPLES[kind], _RECORD_VALUES))
    pass_kind = data.draw(st.sampled_from([None, kind.partition(".")[0]]))
    obj = call(f"records.from_dict[{kind}]", records.from_dict, record, kind=pass_kind)
    if obj is not None:
        assert records.from_dict(records.to_dict(obj)) == obj


# --------------------------------------------------------------------------- periods

_KEYS = ("2024", "2024-Q2", "2024-H1", "2024-9M", "2024-05", "2024-12", "0001-Q1", "9999")
period_keys = st.one_of(
    texts, st.sampled_from(_KEYS),
    st.tuples(st.integers(-10, 100_000), st.sampled_from(["", "-Q", "-H", "-", "-9M", "Q"]),
              st.integers(-3, 20)).map(lambda t: f"{t[0]}{t[1]}{t[2] if t[1] else ''}"),
    st.sampled_from(_KEYS).flatmap(lambda k: st.integers(0, len(k)).flatmap(
        lambda i: st.text(any_char, max_size=2).map(lambda p: k[:i] + p + k[i + 1:]))))


@FUZZ
@given(key=period_keys)
def test_reporting_period_from_key(call: Recorder, key: str) -> None:
    """ReportingPeriod.from_key: library errors only, < 100 ms; a result's key reads back."""
    period = call("ReportingPeriod.from_key", ReportingPeriod.from_key, key)
    if period is not None:
        assert ReportingPeriod.from_key(period.key) == period


_SUBMISSION = ("trước ngày 20 của tháng cuối kỳ", "chậm nhất ngày 15 tháng cuối quý",
               "hạn ngày 31 của tháng cuối kỳ báo cáo", "TRUOC NGAY 5 THANG CUOI KY")


@FUZZ
@given(text=texts | st.sampled_from(_SUBMISSION).flatmap(
    lambda t: st.integers(0, len(t)).flatmap(lambda i: st.text(any_char, max_size=3).map(
        lambda p: t[:i] + p + t[i:]))))
def test_day_of_last_month_parse(call: Recorder, text: str) -> None:
    """DayOfLastMonth.parse (a province's submission rule): library errors only."""
    call("DayOfLastMonth.parse", DayOfLastMonth.parse, text)


_POLICY = ProvincePolicy().to_dict()
_POLICY_VALUES = st.one_of(_ODD_VALUES, st.sampled_from(
    [_POLICY["calendar"], _POLICY["lifecycle"], [], [{"date": "2026-01-02"}], 1, 2]))


@FUZZ
@given(data=st.data())
def test_policy_from_dict(call: Recorder, data: st.DataObject) -> None:
    """ProvincePolicy.from_dict and CalendarPolicy.from_dict of damaged stored policies:
    library errors only, < 100 ms."""
    policy: Any = data.draw(broken(_POLICY, _POLICY_VALUES))
    if isinstance(policy, dict) and isinstance(policy.get("calendar"), dict) \
            and policy["calendar"] and data.draw(st.booleans()):
        policy["calendar"] = data.draw(broken(policy["calendar"], _POLICY_VALUES))
    call("ProvincePolicy.from_dict", ProvincePolicy.from_dict, policy)
    calendar = data.draw(broken(_POLICY["calendar"], _POLICY_VALUES))
    call("CalendarPolicy.from_dict", CalendarPolicy.from_dict, calendar)


# --------------------------------------------------------------------------- recurring

#: Recurring phrases the parser reads (tests/unit/test_phrases_recurring.py, domain.md).
_RECURRING = (
    "trước ngày 20 hằng tháng", "Báo cáo UBND tỉnh trước 17 giờ ngày 20 hằng tháng",
    "định kỳ hằng quý, trước ngày 15 của tháng cuối quý",
    "báo cáo hằng quý trước ngày 20 của tháng cuối kỳ",
    "báo cáo 6 tháng trước ngày 15/6 và báo cáo năm trước ngày 15/12",
    "Báo cáo sáu tháng chậm nhất ngày 15 tháng 6, báo cáo năm chậm nhất ngày 15 tháng 12",
    "báo cáo 6 tháng trước ngày 20/6 và báo cáo năm trước ngày 20/12 (nếu trùng ngày nghỉ "
    "thì chuyển sang ngày làm việc tiếp theo)",
    "hằng tuần, trước 16 giờ thứ Năm", "giao ban hằng tuần vào 8h30 thứ Hai",
    "trước ngày 15/12 hằng năm", "thứ Sáu hằng tuần", "định kỳ hằng quý",
    "báo cáo định kỳ hằng quý theo Nghị định 09/2019/NĐ-CP",
    "báo cáo 6 tháng theo Nghị định số 09/2019/NĐ-CP, trước ngày 20 của tháng cuối kỳ",
)


_RECURRING_WORDS = (*_RECURRING[0].split(), "hằng", "tháng", "quý", "tuần", "năm", "và", "/",
                    "32", "0", "13", "thứ", "Bảy")


@st.composite
def recurring_text(draw: st.DrawFn) -> str:
    """A recurring phrase, maybe folded, with words or characters inserted or replaced."""
    out = draw(st.sampled_from(_RECURRING))
    form = draw(st.integers(0, 3))
    if form == 1:
        out = unicodedata.normalize("NFD", out)
    elif form == 2:
        from directive_tracker.text import fold
        out = fold(out).upper()
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(out)))
        piece = draw(st.sampled_from(_RECURRING_WORDS) | st.text(any_char, min_size=1,
                                                                 max_size=3))
        out = out[:i] + piece + out[i + (len(piece) if draw(st.booleans()) else 0):]
    return out


@FUZZ
@given(text=recurring_text() | words_text)
def test_parse_deadline_recurring(call: Recorder, text: str) -> None:
    """parse_deadline on recurring forms: library errors only, < 100 ms."""
    call("parse_deadline (recurring)", parse_deadline, text)


recurring_rules = st.fixed_dictionaries({
    "freq": st.sampled_from(["weekly", "monthly", "quarterly", "half_yearly", "yearly",
                             "daily", "x", ""]),
    "day": st.none() | st.integers(-2, 33), "month": st.none() | st.integers(-1, 14),
    "weekday": st.none() | st.integers(-1, 8), "roll": st.booleans()})


def _occurrences(rule: dict[str, Any] | str, start: date, span: int, end: int | None
                 ) -> Any:
    """Series(rule, start, end).occurrences(start + span days): the rule is built from
    its fields (Recurring(...)) or read from a phrase (parse_deadline)."""
    def day(n: int) -> date:
        return date.fromordinal(min(max(start.toordinal() + n, 1), date.max.toordinal()))
    recurring = parse_deadline(rule) if isinstance(rule, str) else Recurring(**rule)
    return Series(rule=recurring, start=start, end=None if end is None else day(end)
                  ).occurrences(day(span), calendar=_CAL)


@FUZZ
@given(rule=recurring_rules | st.sampled_from(_RECURRING),
       start=st.dates(date(1990, 1, 1), date(2100, 1, 1)) | dates,
       span=st.integers(-400, 20 * 366), end=st.none() | st.integers(-30, 20 * 366))
def test_series_occurrences(call: Recorder, rule: dict[str, Any] | str, start: date,
                            span: int, end: int | None) -> None:
    """Recurring(...) and Series(...).occurrences(as_of) over up to 20 years: library
    errors only, < 100 ms."""
    call("Series.occurrences", _occurrences, rule, start, span, end)


until_text = st.one_of(texts, st.sampled_from([
    "đến hết năm 2027", "đến hết tháng 6/2026", "đến ngày 31/12/2026", "đến hết quý II/2027",
    "den het nam 2027", "đến hết năm 20277", "đến hết tháng 13/2026"]).flatmap(
    lambda s: st.text(any_char, max_size=3).map(lambda p: s + p) | st.just(s)))


@FUZZ
@given(text=until_text, start=dates)
def test_series_until(call: Recorder, text: str, start: date) -> None:
    """Series.until (the "đến hết …" end of a series): library errors only, < 100 ms."""
    call("Series.until", Series.until, text, start, _CAL)


# --------------------------------------------------------------------------- backups

@st.composite
def backup_text(draw: st.DrawFn) -> str:
    """A backup of the seeded store with lines dropped, repeated, moved or broken."""
    lines = list(BACKUP_LINES)
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(lines) - 1)) if lines else 0
        action = draw(st.integers(0, 6))
        if not lines or action == 0:
            lines.insert(i, draw(st.text(any_char, max_size=40) | json_value.map(json.dumps)))
        elif action == 1:
            del lines[i]
        elif action == 2:
            lines.insert(draw(st.integers(0, len(lines))), lines[i])
        elif action == 3:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == 4:
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + draw(st.text(any_char, max_size=3)) + lines[i][k + 1:]
        else:
            try:
                obj = json.loads(lines[i])
            except ValueError:
                continue
            if isinstance(obj, dict) and isinstance(obj.get("data"), dict) and obj["data"]:
                obj["data"] = draw(broken(obj["data"], _RECORD_VALUES))
            elif isinstance(obj, dict) and obj:
                obj = draw(broken(obj, _RECORD_VALUES))
            lines[i] = json.dumps(obj, ensure_ascii=draw(st.booleans()))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\r\n", "\n\n"]))


@FUZZ
@given(text=backup_text())
def test_import_jsonl_memory(call: Recorder, text: str) -> None:
    """MemoryStore.import_jsonl of a damaged backup: library errors only, < 100 ms."""
    call("import_jsonl (memory)", _import_into, MemoryStore, text)


def _import_into(new_store: Any, text: str) -> int:
    """Import *text* into a new, empty store (timed whole: the recorder may call it up to
    three times, and each call must start from the same state)."""
    store = new_store()
    try:
        return int(store.import_jsonl(io.StringIO(text)))
    finally:
        store.close()


@FUZZ
@given(text=backup_text())
def test_import_jsonl_sqlite(call: Recorder, text: str) -> None:
    """SQLiteStore(":memory:").import_jsonl of a damaged backup: library errors only."""
    call("import_jsonl (sqlite)", _import_into, _sqlite_memory, text)


def _sqlite_memory() -> SQLiteStore:
    return SQLiteStore(":memory:")


# --------------------------------------------------------------------------- e-office

_EOFFICE_ROW = {"number": "05/CT-UBND", "issue_date": "02/01/2026", "summary": "Chỉ thị",
                "lead_unit": "SNV", "coordinating_units": "STC; UBND",
                "content": "Rà soát thủ tục", "deadline": "trong 10 ngày làm việc",
                "status": "Đang thực hiện", "completed_on": "", "task_id": "E1",
                "received_date": "05/01/2026", "signer": "Nguyễn Văn An"}
cell = st.one_of(texts, ids, st.sampled_from(["", "=1+1", "45292", "31/02/2026", "Hoàn thành",
                                              "Sở Nội vụ", "sở nội vụ", "QuyÕt ®Þnh"]),
                 dates.map(lambda d: d.strftime("%d/%m/%Y")), st.integers().map(str))


@st.composite
def eoffice_rows(draw: st.DrawFn) -> list[list[str]]:
    """A header row (template or shuffled, some dropped) and a few rows of cells."""
    fields = list(TEMPLATE_HEADERS)
    if draw(st.booleans()):
        fields = draw(st.permutations(fields))
    fields = fields[:draw(st.integers(0, len(fields)))] if draw(st.integers(0, 4)) == 0 \
        else fields
    header = [TEMPLATE_HEADERS[f] if draw(st.integers(0, 9)) else draw(cell) for f in fields]
    rows = [header]
    for n in range(draw(st.integers(0, 4))):
        rows.append([_EOFFICE_ROW[f].replace("E1", f"E{n}") if draw(st.integers(0, 3))
                     else draw(cell) for f in fields])
    if draw(st.integers(0, 5)) == 0:
        rows.insert(0, [draw(cell)])
    return rows


_COUNTER = itertools.count()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-files")


def _csv_bytes(rows: list[list[str]], delimiter: str, encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding, errors="surrogatepass" if encoding == "utf-8"
                                 else "replace")


def _eoffice(path: Path, write_valid: bool) -> Any:
    """import_eoffice into a new copy of the seeded store (0.7 ms of the timed call)."""
    return import_eoffice(_seeded(), path, calendar=_CAL, write_valid_rows=write_valid,
                          clock=_clock)


@FUZZ
@given(rows=eoffice_rows(), delimiter=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
       raw=st.none() | st.binary(max_size=200), write_valid=st.booleans())
def test_import_eoffice_csv(call: Recorder, workdir: Path, rows: list[list[str]],
                            delimiter: str, encoding: str, raw: bytes | None,
                            write_valid: bool) -> None:
    """import_eoffice of a CSV file (valid, damaged or raw bytes): library errors only."""
    path = workdir / f"e{next(_COUNTER)}.csv"
    path.write_bytes(_csv_bytes(rows, delimiter, encoding) if raw is None else raw)
    try:
        call("import_eoffice (csv)", _eoffice, path, write_valid)
    finally:
        for p in (path, path.with_name(path.name + ".rejects.csv")):
            p.unlink(missing_ok=True)


@FUZZ
@given(rows=eoffice_rows(), dates_as_cells=st.booleans())
def test_import_eoffice_xlsx(call: Recorder, workdir: Path, rows: list[list[str]],
                             dates_as_cells: bool) -> None:
    """import_eoffice of an .xlsx workbook: library errors only, < 100 ms."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        values: list[Any] = []
        for v in row:
            v = "".join(c for c in v if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF)
            if dates_as_cells and v == "02/01/2026":
                values.append(datetime(2026, 1, 2))
            else:
                values.append(v)
        ws.append(values)
    path = workdir / f"e{next(_COUNTER)}.xlsx"
    wb.save(path)
    try:
        call("import_eoffice (xlsx)", _eoffice, path, False)
    finally:
        path.unlink(missing_ok=True)


# --------------------------------------------------------------------------- notices

_NOTICE: dict[str, Any] = {
    "version": "2027.1-test", "format": 2,
    "years": [{"year": 2027, "decided_on": "2026-10-20", "source": "TB 1/TB-TEST, 20/10/2026"}],
    "entries": [
        {"date": "2027-02-12", "kind": "swapped_day_off", "swap_with": "2027-02-20",
         "reason_vi": "Nghỉ hoán đổi", "reason_en": "Swapped day off",
         "source": "TB 1/TB-TEST, 20/10/2026", "decided_on": "2026-10-20"},
        {"date": "2027-02-20", "kind": "makeup_working_day", "swap_with": "2027-02-12",
         "reason_vi": "Làm bù", "reason_en": "Make-up working day",
         "source": "TB 1/TB-TEST, 20/10/2026", "decided_on": "2026-10-20"},
    ],
}
_NOTICE_VALUES = st.one_of(_ODD_VALUES, iso_like, st.sampled_from(
    ["holiday", "substitute_day_off", "swapped_day_off", "makeup_working_day",
     "extra_day_off", "extra_working_day", "2027-02-12", "2027-02-20"]))


@st.composite
def notice_bytes(draw: st.DrawFn) -> bytes:
    doc: Any = draw(broken(_NOTICE, _NOTICE_VALUES))
    if isinstance(doc, dict) and isinstance(doc.get("entries"), list) and doc["entries"] \
            and draw(st.booleans()):
        i = draw(st.integers(0, len(doc["entries"]) - 1))
        if isinstance(doc["entries"][i], dict) and doc["entries"][i]:
            doc["entries"] = list(doc["entries"])
            doc["entries"][i] = draw(broken(doc["entries"][i], _NOTICE_VALUES))
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()))
    if draw(st.integers(0, 9)) == 0:
        k = draw(st.integers(0, len(text)))
        text = text[:k] + draw(st.text(any_char, max_size=3)) + text[k + 1:]
    return text.encode("utf-8", errors="surrogatepass")


def _load_uncached(path: Path) -> Any:
    """load_notices without its per-(path, mtime) cache, so that every timing reads."""
    from directive_tracker.calendars import _load_notices_cached

    _load_notices_cached.cache_clear()
    return load_notices(path)


@FUZZ
@given(content=notice_bytes() | st.binary(max_size=100))
def test_load_notices(call: Recorder, workdir: Path, content: bytes) -> None:
    """load_notices of a damaged notice file: library errors only, < 100 ms."""
    path = workdir / f"n{next(_COUNTER)}.json"
    path.write_bytes(content)
    try:
        call("load_notices", _load_uncached, path)
    finally:
        path.unlink()


# --------------------------------------------------------------------------- store URLs

urls = st.one_of(
    texts,
    st.tuples(st.sampled_from(["sqlite", "SQLite", "memory", "postgresql", "postgres", "",
                               "sqlite+x", "1abc", "s q", "\u0131", "ſqlite"]),
              st.sampled_from(["://", ":/", ":", "://://"]),
              st.text(any_char, max_size=20) | st.sampled_from(
                  ["", "/", "//", "/a.sqlite3", "//abs", "/%00", "/a?x=1", "/#", "host/x",
                   "/%ZZ", "/%ff%fe", "/..", "/a%2Fb"])).map("".join))


@FUZZ
@given(url=urls)
def test_store_url_parsing(call: Recorder, url: str) -> None:
    """url_scheme and sqlite_path_from_url: library errors only, < 100 ms."""
    call("url_scheme", url_scheme, url)
    call("sqlite_path_from_url", sqlite_path_from_url, url)


@contextlib.contextmanager
def _inside(path: Path) -> Iterator[None]:
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


@FUZZ
@given(url=urls)
def test_open_store(call: Recorder, workdir: Path, url: str) -> None:
    """open_store(url) for memory, sqlite (files only under a temporary directory) and
    unknown schemes: library errors only, < 100 ms.  PostgreSQL URLs are parsed only."""
    if url_scheme(url) in ("postgresql", "postgres"):
        return  # would open a network connection
    try:
        path = sqlite_path_from_url(url)
    except DirectiveTrackerError:
        path = None
    if path not in (None, ":memory:") and (os.path.isabs(path) or ".." in path):
        return  # stays inside the temporary directory
    with _inside(workdir):
        store = call("open_store", open_store, url)
        if store is not None:
            store.close()


# --------------------------------------------------------------------------- CLI

_SUB_OPTIONS: dict[str, tuple[str, ...]] = {
    "report": ("--as-of", "--period", "--by", "--unit", "--explain", "--columns", "--output",
               "--agency", "--place", "--number", "--issued-on", "--signer", "--recipient"),
    "remind": ("--as-of", "--limit", "--letter", "--output", "--reply-by", "--send"),
    "export": ("--output",),
    "import": ("--sheet", "--dry-run", "--write-valid-rows", "--rejects"),
    "check": (),
    "deadline": ("--from", "--explain"),
    "calendar": ("--day-off", "--working-day", "--check"),
}
_POSITIONAL = {"report": ["summary", "scoreboard", "overdue", "directives", "upcoming"],
               "import": ["backup.jsonl", "e.csv", "nofile.xlsx", "/dev/null", "."],
               "deadline": [*list(_RECURRING[:4]), "trong 10 ngày làm việc"],
               "calendar": ["2026", "2027", "0", "99999"]}
arg_value = st.one_of(
    texts.map(lambda s: s.replace("/", "_").replace("\\", "_")), dates.map(str),
    st.sampled_from(["2026-01-12", "12/01/2026", "Quý I/2026", "SNV", "T1", "CT-05", "new",
                     "console", "email", "webhook:http://127.0.0.1:9/", "x.csv", "x.html",
                     "x.docx", "x.json", "o.sqlite3-wal", "-1", "0", "10", "", "\x00"]))


@st.composite
def argv_lists(draw: st.DrawFn) -> list[str]:
    argv: list[str] = []
    for opt in draw(st.lists(st.sampled_from(["--lang", "--format"]), max_size=2)):
        argv += [opt, draw(st.sampled_from(["vi", "en", "xx"] if opt == "--lang"
                                           else ["table", "csv", "json", "xx"]))]
    cmd = draw(st.sampled_from(sorted(_SUB_OPTIONS))) if draw(st.integers(0, 9)) \
        else draw(arg_value)
    argv.append(cmd)
    for opt in draw(st.lists(st.sampled_from((*_SUB_OPTIONS.get(cmd, ("--x",)), "-h")),
                             max_size=4)):
        argv.append(opt)
        if opt in ("--day-off", "--working-day"):
            argv += [draw(arg_value), draw(arg_value), draw(arg_value)]
        elif opt not in ("--dry-run", "--write-valid-rows", "--check", "-h", "--explain") \
                or draw(st.booleans()):
            argv.append(draw(arg_value))
    if cmd in _POSITIONAL and draw(st.integers(0, 4)):
        argv.append(draw(st.sampled_from(_POSITIONAL[cmd]) | arg_value))
    return argv


def _safe(argv: list[str]) -> bool:
    """No network sender, no SMTP."""
    return not any(a.startswith(("webhook", "email")) for a in argv)


@FUZZ
@given(argv=argv_lists())
def test_cli_argv(call: Recorder, workdir: Path, argv: list[str]) -> None:
    """The command line against an in-memory store: an exit code 0–5, never a traceback,
    < 100 ms."""
    if not _safe(argv):
        return
    backup = workdir / "backup.jsonl"
    if not backup.exists():
        backup.write_text("\n".join(BACKUP_LINES) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    def run(argv: list[str]) -> int:
        # A new copy of the seeded store (0.7 ms) each time: the recorder may call this up
        # to three times, and "import" changes the store.
        old = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        try:
            return main(argv, store=_seeded())
        finally:
            sys.stdout, sys.stderr = old

    with _inside(workdir):
        code = call("cli.main(argv)", run, argv)
    assert code in (0, 1, 2, 3, 4, 5), (code, argv, err.getvalue()[-500:])
    assert "Traceback" not in err.getvalue(), (argv, err.getvalue()[-2000:])

