# SPDX-License-Identifier: MIT
"""
Import tasks from an e-office system's Excel (.xlsx) or CSV export.

Provincial e-office systems (hệ thống quản lý văn bản và điều hành) export the tasks of
directives as a spreadsheet, one row per task.  :func:`import_eoffice` reads such a file,
checks **every row first**, and only then writes through the public use cases
(:func:`~directive_tracker.services.register_directive`,
:func:`~directive_tracker.services.assign_task`,
:func:`~directive_tracker.services.complete_task`,
:func:`~directive_tracker.services.cancel_task`) in one ``store.transaction()``.

The template (headers are matched without regard to case, diacritics, spacing and
punctuation; :data:`HEADER_ALIASES` lists the other spellings accepted; a title block
above the header row and two-row headers with merged cells are recognised):

======================== ========= ==================================================
Header                   Required  Content
======================== ========= ==================================================
Số/ký hiệu               yes       the directive's number, e.g. ``123/UBND-KT``
Ngày ban hành            yes       issue date: a date cell, ``dd/mm/yyyy`` text or an
                                   Excel serial number
Trích yếu                yes       the directive's subject line
Đơn vị chủ trì           yes       lead unit: its code or its name
Đơn vị phối hợp          no        coordinating units, separated by ``;`` ``,`` or
                                   line breaks
Nội dung nhiệm vụ        yes       what must be done
Hạn xử lý                yes       a date (as above) or a phrase read by
                                   :func:`~directive_tracker.phrases.parse_deadline`
                                   ("trong 10 ngày làm việc", "thường xuyên", …)
Trạng thái               no        e-office status: open ("Đang xử lý", "Chưa xử lý",
                                   "Quá hạn", …), completed ("Đã hoàn thành", …) or
                                   cancelled ("Đã hủy", "Thu hồi")
Ngày hoàn thành          no        required when the status says completed
Mã nhiệm vụ              no        the task id; default ``<directive id>#<n>``
Ngày đến                 no        the date the directive was received
Người ký                 no        the signer
======================== ========= ==================================================

Conventions: rows are numbered as the spreadsheet shows them (1-based, title and header
rows counted); the directive id is ``<issue year>:<số/ký hiệu>`` (e.g.
``2026:123/UBND-KT``); the assignment date is the directive's received date, else its
issue date, and a deadline given as a date is inclusive (:class:`FixedDate`).  Problems
of severity ``"error"`` refuse the row; ``"warning"`` (text repaired from TCVN3 or
mojibake) does not.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import csv
import difflib
import io
import itertools
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal

import attrs

from ._validators import (
    MAX_CONTENT_LENGTH,
    MAX_ITEMS,
    MAX_NAME_LENGTH,
    VIETNAM_TZ,
    combining_run_overflow,
    now_vn,
)
from .authorization import AuthorizationPolicy
from .calendars import WorkingCalendar, vietnam_calendar
from .deadlines import DeadlineRule, FixedDate
from .directives import Directive
from .documents import DocumentNumber
from .exceptions import (
    DirectiveNotFoundError,
    DirectiveTrackerError,
    ImportFormatError,
    InvalidTypeError,
    MissingExtraError,
    TaskNotFoundError,
)
from .phrases import parse_deadline
from .services import assign_task, cancel_task, complete_task, register_directive
from .storage.base import Store
from .tasks import Task
from .text import fix_mojibake, fold, tcvn3_to_unicode

__all__ = [
    "HEADER_ALIASES",
    "TEMPLATE_HEADERS",
    "ImportProblem",
    "ImportResult",
    "import_eoffice",
]

#: The template's headers, by field name.
TEMPLATE_HEADERS: Mapping[str, str] = {
    "number": "Số/ký hiệu",
    "issue_date": "Ngày ban hành",
    "summary": "Trích yếu",
    "lead_unit": "Đơn vị chủ trì",
    "coordinating_units": "Đơn vị phối hợp",
    "content": "Nội dung nhiệm vụ",
    "deadline": "Hạn xử lý",
    "status": "Trạng thái",
    "completed_on": "Ngày hoàn thành",
    "task_id": "Mã nhiệm vụ",
    "received_date": "Ngày đến",
    "signer": "Người ký",
}
_REQUIRED = ("number", "issue_date", "summary", "lead_unit", "content", "deadline")

#: Other header spellings seen in e-office exports, by field (compared after folding).
HEADER_ALIASES: Mapping[str, tuple[str, ...]] = {
    "number": ("Số ký hiệu", "Số, ký hiệu", "Số hiệu", "Số văn bản", "Ký hiệu",
               "Số hiệu văn bản", "Số/ký hiệu văn bản", "Số/KH", "Văn bản số/ký hiệu"),
    "issue_date": ("Ngày văn bản", "Ngày ký", "Ngày BH", "Ngày ban hành văn bản",
                   "Văn bản ngày ban hành"),
    "summary": ("Trích yếu nội dung", "Trích yếu văn bản", "Tên văn bản",
                "Văn bản trích yếu"),
    "lead_unit": ("Chủ trì", "Cơ quan chủ trì", "Đơn vị thực hiện", "Đơn vị xử lý chính",
                  "Xử lý chính", "Đơn vị chủ trì thực hiện"),
    "coordinating_units": ("Phối hợp", "Cơ quan phối hợp", "Đơn vị phối hợp thực hiện",
                           "Đơn vị tham gia"),
    "content": ("Nội dung", "Nhiệm vụ", "Nội dung công việc", "Nội dung chỉ đạo",
                "Nội dung yêu cầu", "Nhiệm vụ nội dung"),
    "deadline": ("Thời hạn", "Hạn hoàn thành", "Hạn", "Thời hạn hoàn thành",
                 "Hạn giải quyết", "Thời hạn xử lý"),
    "status": ("Tình trạng", "Trạng thái xử lý", "Tình hình thực hiện", "Kết quả"),
    "completed_on": ("Ngày hoàn thành thực tế", "Ngày xong", "Ngày kết thúc"),
    "task_id": ("Mã", "Mã công việc", "ID", "Mã NV"),
    "received_date": ("Ngày nhận", "Ngày tiếp nhận", "Ngày đến văn bản"),
    "signer": ("Người ký văn bản", "Lãnh đạo ký"),
}

_OPEN = ("chua xu ly", "moi", "moi giao", "chua thuc hien", "cho xu ly", "dang xu ly",
         "dang thuc hien", "qua han", "trong han", "sap den han", "chua hoan thanh",
         "dang giai quyet", "")
_DONE = ("da hoan thanh", "hoan thanh", "da xu ly", "xong", "hoan thanh dung han",
         "hoan thanh qua han", "hoan thanh truoc han", "da giai quyet")
_CANCELLED = ("da huy", "huy", "thu hoi", "da thu hoi", "huy bo")

#: Dates e-office systems write when the real date is unknown.
_PLACEHOLDERS = frozenset({date(1970, 1, 1), date(1900, 1, 1), date(1899, 12, 30),
                           date(1899, 12, 31), date(1, 1, 1), date(9999, 12, 31),
                           date(2099, 12, 31), date(2100, 1, 1)})
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 for serials >= 61 (Lotus bug)

Severity = Literal["error", "warning"]


@attrs.frozen(kw_only=True)
class ImportProblem:
    """
    One problem found in the file.

    Attributes:
        row: the spreadsheet row (1-based, as Excel shows it); the header row for
            problems with the columns.
        column: the header as written in the file (or the template header of a missing
            column); None for problems of the whole row.
        column_letter: the spreadsheet column ("A", "B", …), or None.
        code: a stable machine-readable code: ``missing_column``, ``missing_value``,
            ``duplicate_id``, ``duplicate_row``, ``bad_date``, ``impossible_date``,
            ``placeholder_date``, ``date_order``, ``bad_number``, ``unknown_unit``,
            ``too_many_units``, ``inactive_unit``, ``bad_deadline``, ``bad_status``,
            ``directive_conflict``, ``invalid_row``, ``repaired_text``.
        message: what is wrong and what is allowed.
        value: the cell's text as read, if any.
        suggestions: closest matches (unknown units), best first.
        severity: ``"error"`` refuses the row, ``"warning"`` does not.

    .. versionadded:: 0.2.0
    """

    row: int
    column: str | None
    column_letter: str | None = None
    code: str
    message: str
    value: str | None = None
    suggestions: tuple[str, ...] = ()
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"row {self.row}"
        if self.column is not None:
            where += f", column {self.column!r}"
            if self.column_letter:
                where += f" ({self.column_letter})"
        text = f"{where}: {self.severity}: {self.message}"
        if self.suggestions:
            text += f" (did you mean: {'; '.join(self.suggestions)}?)"
        return text


@attrs.frozen(kw_only=True)
class ImportResult:
    """
    The outcome of :func:`import_eoffice`.

    Attributes:
        source: the file read.
        rows: data rows read (empty rows not counted).
        problems: every problem, by row then column.
        rejected_rows: rows refused (they have at least one error).
        written: whether anything was written to the store.
        directives_written, tasks_written: what was written.
        rejects_path: the rejects file written (``write_valid_rows=True`` with refused
            rows), else None.

    .. versionadded:: 0.2.0
    """

    source: str
    rows: int
    problems: tuple[ImportProblem, ...]
    rejected_rows: tuple[int, ...]
    written: bool
    directives_written: int = 0
    tasks_written: int = 0
    rejects_path: str | None = None

    @property
    def ok(self) -> bool:
        """True when no row was refused (warnings allowed)."""
        return not any(p.severity == "error" for p in self.problems)

    @property
    def errors(self) -> tuple[ImportProblem, ...]:
        """The problems that refuse a row."""
        return tuple(p for p in self.problems if p.severity == "error")

    def to_text(self) -> str:
        """Return a plain-text report: a summary line, then one line per problem."""
        if self.written:
            head = (f"{self.source}: {self.rows} row(s) read, {self.tasks_written} task(s) "
                    f"and {self.directives_written} directive(s) written")
            if self.rejected_rows:
                head += (f"; {len(self.rejected_rows)} row(s) refused"
                         + (f", written to {self.rejects_path}" if self.rejects_path else ""))
        elif self.ok:
            head = f"{self.source}: {self.rows} row(s) checked, nothing to write"
        else:
            head = (f"{self.source}: {self.rows} row(s) read, {len(self.rejected_rows)} "
                    "refused; nothing was written")
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


# -- reading the file ----------------------------------------------------------------------

def _letter(index: int) -> str:
    """Return the spreadsheet column letter of the 0-based *index* (0 → A, 26 → AA)."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _read_xlsx(path: Path, sheet: str | None) -> list[list[Any]]:
    try:
        import openpyxl
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise MissingExtraError("openpyxl", "excel", "reading .xlsx e-office exports") from e
    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as e:  # openpyxl raises zipfile/KeyError/ValueError on bad files
        raise ImportFormatError(f"{path.name} is not a readable .xlsx workbook ({e})") from e
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif sheet in wb.sheetnames:
            ws = wb[sheet]
        else:
            raise ImportFormatError(f"no sheet {sheet!r}; sheets: {', '.join(wb.sheetnames)}")
        grid = [list(r) for r in ws.iter_rows(values_only=True)]
        # A merged range keeps its value in the top-left cell only: copy it to every cell
        # of the range (merged header cells, a directive's number merged over its tasks).
        for rng in ws.merged_cells.ranges:
            value = ws.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    while len(grid) < r:
                        grid.append([])
                    row = grid[r - 1]
                    while len(row) < c:
                        row.append(None)
                    row[c - 1] = value
        return grid
    finally:
        wb.close()


#: How much of a CSV file the delimiter is guessed from (characters), and in how many rows.
_SAMPLE_CHARS, _SAMPLE_ROWS = 8192, 20


def _guess_delimiter(sample: str) -> str:
    """
    The delimiter of a CSV export: of ``,`` ``;`` and TAB, the one that splits the first
    rows of *sample* into the same number of cells (more than one) most often, then into
    the most cells; ``,`` when none splits anything.

    The rows are read by the csv module itself, so quoted cells (with delimiters or line
    breaks inside) count right, and the cost is linear.  ``csv.Sniffer``, used before,
    costs (lines × characters) of its sample and backtracks on long lines without quotes:
    2,000 short lines took 175 ms and one 4,000-character line 75 ms.
    """
    best: tuple[int, int, int] = (0, 0, 0)
    choice = ","
    for rank, delimiter in enumerate(",;\t"):
        counts: dict[int, int] = {}
        try:
            for row in itertools.islice(csv.reader(io.StringIO(sample),
                                                   delimiter=delimiter), _SAMPLE_ROWS):
                if any(cell.strip() for cell in row):
                    counts[len(row)] = counts.get(len(row), 0) + 1
        except csv.Error:  # the sample cut a quoted cell, or a cell over csv's limit
            pass
        if not counts:
            continue
        cells, rows = max(counts.items(), key=lambda kv: (kv[1] if kv[0] > 1 else 0, kv[0]))
        score = (rows if cells > 1 else 0, cells, -rank)
        if cells > 1 and score > best:
            best, choice = score, delimiter
    return choice


def _read_csv(path: Path, encoding: str | None) -> list[list[Any]]:
    raw = path.read_bytes()
    if encoding is None:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Legacy exports: cp1252 keeps every byte, and TCVN3 text decoded so is what
            # tcvn3_to_unicode repairs.
            text = raw.decode("cp1252", errors="replace")
    else:
        try:
            text = raw.decode(encoding)
        except (LookupError, UnicodeDecodeError) as e:
            raise ImportFormatError(f"{path.name}: cannot be read as {encoding!r} ({e})") from e
    delimiter = _guess_delimiter(text[:_SAMPLE_CHARS])
    dialect: Any = type("_Guessed", (csv.excel,), {"delimiter": delimiter})
    try:
        return [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as e:  # e.g. a field over csv's 131,072-character limit
        raise ImportFormatError(f"{path.name}: not a readable CSV file ({e})") from e


# -- cells -----------------------------------------------------------------------------

_PUNCT = re.compile(r"[^\w]+")
_DATE_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})"
                       r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_SERIAL = re.compile(r"^\d{1,7}(?:\.\d+)?$")
_SPLIT_UNITS = re.compile(r"\s*(?:;|,|\n|\r)+\s*")
#: Latin-1 letters that Vietnamese Unicode text uses; other U+00A1–U+00FF characters in a
#: cell are TCVN3 codes read as cp1252.
_VI_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
#: A Latin-1 character U+00A1–U+00FF that Vietnamese does not use: a sign of TCVN3 bytes.
_LEGACY_LATIN1 = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(0xA1, 0x100) if chr(c) not in _VI_LATIN1)
    + "]")
#: TCVN3 puts lower-case letters such as í (0xDD) and ế (0xD5) on codes that cp1252 reads as
#: capitals (Ý, Õ): a Latin-1 capital right after a lower-case letter ("TrÝch") is one.
_CAPITAL_INSIDE_WORD = re.compile("[a-z][\u00c0-\u00de]")
_VI_BEYOND_LATIN1 = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")


def _key(text: str) -> str:
    """Fold for matching: no case, diacritics, punctuation or extra space.  Text longer
    than a task's content or with too many combining marks in a row is its own key (it is
    refused later; folding it would be refused, or quadratic)."""
    if len(text) > MAX_CONTENT_LENGTH or combining_run_overflow(text) is not None:
        return text
    return _PUNCT.sub(" ", fold(text)).strip()


def _excerpt(text: str, limit: int = 80) -> str:
    """The start of a long cell, for a problem's ``value``."""
    return text if len(text) <= limit else text[:limit] + "…"


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != time() else \
            value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    # NFC only within the longest field's cap and without overlong combining runs (issue
    # 17 item 6: normalising those is quadratic); other text goes on as it is and the
    # task's validators refuse its row by length or characters.
    if len(text) <= MAX_CONTENT_LENGTH and combining_run_overflow(text) is None:
        text = unicodedata.normalize("NFC", text)
    return text.strip()


def _repair(text: str) -> tuple[str, str | None]:
    """Return (text, how) with mojibake or TCVN3 repaired; *how* None when unchanged."""
    if not text or len(text) > MAX_CONTENT_LENGTH or combining_run_overflow(text) is not None:
        return text, None  # refused later, by length or characters
    fixed = fix_mojibake(text)
    if fixed != unicodedata.normalize("NFC", text):
        return fixed, "UTF-8 read as cp1252"
    legacy = _LEGACY_LATIN1.search(text) is not None or \
        _CAPITAL_INSIDE_WORD.search(text) is not None
    if legacy and not _VI_BEYOND_LATIN1.search(text):
        converted = tcvn3_to_unicode(text, uppercase_font=text == text.upper())
        if converted != text:
            return converted, "TCVN3"
    return text, None


def _excel_serial(n: float) -> date | None:
    if n < 61:
        return None  # 1900-01-00 … 1900-02-29 (Lotus's phantom day): never a real date here
    try:
        return _EXCEL_EPOCH + timedelta(days=int(n))
    except OverflowError:
        return None


# -- validation --------------------------------------------------------------------------

@attrs.define
class _Row:
    number: int
    cells: dict[str, Any]
    texts: dict[str, str]
    problems: list[ImportProblem] = attrs.Factory(list)


@attrs.define
class _Plan:
    row: _Row
    directive: Directive
    task: Task
    assigned_at: datetime
    status: Literal["open", "completed", "cancelled"]
    completed_on: date | None
    status_text: str


class _Checker:
    def __init__(self, store: Store, calendar: WorkingCalendar, columns: dict[str, int],
                 headers: list[str], today: date) -> None:
        self.store = store
        self.calendar = calendar
        self.columns = columns
        self.headers = headers
        self.today = today
        self.units = {u.code: u for u in store.get_units()}
        self.unit_index: dict[str, str] = {}
        self._units_seen: dict[str, tuple[str | None, list[str]]] = {}
        for u in self.units.values():
            self.unit_index.setdefault(_key(u.code), u.code)
        for u in self.units.values():
            self.unit_index.setdefault(_key(u.name), u.code)
        self.directives: dict[str, tuple[Directive, int]] = {}
        self.task_ids: dict[str, int] = {}
        self.contents: dict[tuple[str, str, str], int] = {}
        self.per_directive: dict[str, int] = {}

    def problem(self, row: _Row, field: str | None, code: str, message: str, *,
                value: str | None = None, suggestions: Sequence[str] = (),
                severity: Severity = "error") -> None:
        column: str | None = None
        letter: str | None = None
        if field is not None:
            index = self.columns[field]
            column, letter = self.headers[index], _letter(index)
        row.problems.append(ImportProblem(
            row=row.number, column=column, column_letter=letter, code=code, message=message,
            value=value, suggestions=tuple(suggestions), severity=severity))

    def text(self, row: _Row, field: str, *, required: bool) -> str | None:
        if field not in self.columns:
            return None
        raw = row.texts.get(field, "")
        if not raw:
            if required:
                self.problem(row, field, "missing_value",
                             f"{TEMPLATE_HEADERS[field]} is empty; it is required")
            return None
        fixed, how = _repair(raw)
        if how is not None:
            self.problem(row, field, "repaired_text",
                         f"text repaired ({how}): {raw!r} read as {fixed!r}", value=raw,
                         severity="warning")
        return fixed

    def date_of(self, row: _Row, field: str, *, required: bool,
                as_text: bool = False) -> date | None:
        """Read a date cell; report problems; return None when absent or refused."""
        if field not in self.columns:
            return None
        value, text = row.cells.get(field), row.texts.get(field, "")
        if not text:
            if required:
                self.problem(row, field, "missing_value",
                             f"{TEMPLATE_HEADERS[field]} is empty; it is required")
            return None
        d = self._parse_date(row, field, value, text)
        if d is None:
            return None
        if d in _PLACEHOLDERS or not 1945 <= d.year <= 2099:
            self.problem(row, field, "placeholder_date",
                         f"{d:%d/%m/%Y} is a placeholder or implausible date (e-office "
                         "systems write such dates when none was entered); enter the real "
                         "date", value=text)
            return None
        return d

    def _parse_date(self, row: _Row, field: str, value: Any, text: str) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        serial: float | None = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            serial = float(value)
        elif _SERIAL.match(text):
            serial = float(text)
        if serial is not None:
            d = _excel_serial(serial)
            if d is None:
                self.problem(row, field, "placeholder_date",
                             f"Excel serial number {text} is a date in 1900, a placeholder; "
                             "enter the real date", value=text)
            return d
        m = _DATE_DMY.match(text)
        if m:
            day, month, year = int(m[1]), int(m[2]), m[3]
            if len(year) != 4:
                self.problem(row, field, "bad_date",
                             f"{text!r}: write the year with 4 digits (dd/mm/yyyy)", value=text)
                return None
            return self._make_date(row, field, int(year), month, day, text)
        m = _DATE_ISO.match(text)
        if m:
            return self._make_date(row, field, int(m[1]), int(m[2]), int(m[3]), text)
        self.problem(row, field, "bad_date",
                     f"{text!r} is not a date; write dd/mm/yyyy (e.g. 15/05/2026) or use a "
                     "date cell", value=text)
        return None

    def _make_date(self, row: _Row, field: str, year: int, month: int, day: int,
                   text: str) -> date | None:
        if (year, month, day) in ((1900, 1, 0), (0, 0, 0)) or year == 0:
            self.problem(row, field, "placeholder_date",
                         f"{text!r} is a placeholder date; enter the real date", value=text)
            return None
        try:
            return date(year, month, day)
        except ValueError:
            self.problem(row, field, "impossible_date",
                         f"{text!r} does not exist (day {day} of month {month} of {year})",
                         value=text)
            return None

    def unit(self, row: _Row, field: str, name: str) -> str | None:
        code, seen = self._lookup(name)
        if code is not None:
            return code
        self.problem(row, field, "unknown_unit",
                     f"unit {name!r} is not registered (compared without case or "
                     "diacritics with every unit's code and name)", value=name,
                     suggestions=seen)
        return None

    def _lookup(self, name: str) -> tuple[str | None, list[str]]:
        """(code, suggestions) for a unit name, once per distinct name of the file: an
        export repeats the same units on many rows, and the fuzzy match of an unknown
        one costs about 25 µs per registered unit."""
        hit = self._units_seen.get(name)
        if hit is not None:
            return hit
        code = self.unit_index.get(_key(name))
        seen: list[str] = []
        # No fuzzy match for a name longer than a unit's name may be: difflib indexes
        # every character of it (a 1,000,000-character cell took 170 ms).
        if code is None and len(name) <= MAX_NAME_LENGTH:
            keys = {k: c for k, c in self.unit_index.items() if k}
            for k in difflib.get_close_matches(_key(name), list(keys), n=3, cutoff=0.6):
                u = self.units[keys[k]]
                label = f"{u.name} ({u.code})"
                if label not in seen:
                    seen.append(label)
        self._units_seen[name] = (code, seen)
        return code, seen

    def check(self, row: _Row) -> _Plan | None:
        number_text = self.text(row, "number", required=True)
        issue = self.date_of(row, "issue_date", required=True)
        received = self.date_of(row, "received_date", required=False)
        summary = self.text(row, "summary", required=True)
        signer = self.text(row, "signer", required=False)
        content = self.text(row, "content", required=True)
        lead_name = self.text(row, "lead_unit", required=True)
        coord_text = self.text(row, "coordinating_units", required=False)
        task_id = self.text(row, "task_id", required=False)
        status_text = self.text(row, "status", required=False) or ""

        number: DocumentNumber | None = None
        if number_text is not None:
            try:
                number = DocumentNumber.parse(number_text)
            except DirectiveTrackerError as e:
                self.problem(row, "number", "bad_number", str(e), value=number_text)
        if issue is not None and received is not None and received < issue:
            self.problem(row, "received_date", "date_order",
                         f"received {received:%d/%m/%Y} before it was issued "
                         f"{issue:%d/%m/%Y}", value=row.texts.get("received_date"))
            received = None
        lead = self.unit(row, "lead_unit", lead_name) if lead_name else None
        coordinating: list[str] = []
        # Each distinct name once; a cell naming more units than a task may hold is one
        # problem, not a lookup (and a fuzzy match) per name: 30,000 names took 1.1 s.
        names = list(dict.fromkeys(n for n in _SPLIT_UNITS.split(coord_text or "") if n))
        if len(names) > MAX_ITEMS:
            self.problem(row, "coordinating_units", "too_many_units",
                         f"{len(names):,} coordinating units; at most {MAX_ITEMS:,} are "
                         "allowed", value=_excerpt(coord_text or ""))
            names = []
        for name in names:
            code = self.unit(row, "coordinating_units", name)
            if code is not None and code not in coordinating and code != lead:
                coordinating.append(code)
        assigned_on = received or issue
        for code, field in [(lead, "lead_unit"), *((c, "coordinating_units")
                                                   for c in coordinating)]:
            if code is not None and assigned_on is not None and \
                    not self.units[code].is_active(assigned_on):
                u = self.units[code]
                self.problem(row, field, "inactive_unit",
                             f"unit {u.name} ({u.code}) does not exist on "
                             f"{assigned_on:%d/%m/%Y} (valid {u.valid_from} – {u.valid_to})",
                             value=row.texts.get(field))
        rule = self.deadline(row, issue)
        status, completed_on = self.status(row, status_text, assigned_on)
        if any(p.severity == "error" for p in row.problems):
            return None
        assert number is not None
        assert issue is not None
        assert assigned_on is not None
        assert summary is not None
        assert content is not None
        assert lead is not None
        assert rule is not None
        directive_id = f"{issue.year}:{number}"
        directive = self.directive(row, directive_id, number, issue, received, summary,
                                   signer)
        if directive is None:
            return None
        if task_id is None:
            n = self.per_directive.get(directive_id, 0) + 1
            self.per_directive[directive_id] = n
            task_id = f"{directive_id}#{n}"
        if task_id in self.task_ids:
            self.problem(row, "task_id" if "task_id" in self.columns else None,
                         "duplicate_id", f"task id {task_id!r} already appears on row "
                         f"{self.task_ids[task_id]}", value=task_id)
            return None
        self.task_ids[task_id] = row.number
        try:
            self.store.get_task(task_id)
        except TaskNotFoundError:
            pass
        except DirectiveTrackerError as e:  # not an id at all (too long, a control…)
            self.problem(row, "task_id" if "task_id" in self.columns else None,
                         "invalid_row", str(e), value=task_id)
            return None
        else:
            self.problem(row, "task_id" if "task_id" in self.columns else None,
                         "duplicate_id", f"task {task_id!r} is already stored (was this file "
                         "imported before?)", value=task_id)
            return None
        dup = (directive_id, _key(content), lead)
        if dup in self.contents:
            self.problem(row, None, "duplicate_row",
                         f"the same task (directive, content, lead unit) is on row "
                         f"{self.contents[dup]}")
            return None
        self.contents[dup] = row.number
        try:
            anchor = directive.anchor_for(rule, assigned_on)
            due = rule.due_date(anchor, self.calendar)
            task = Task(id=task_id, directive_id=directive_id, content=content,
                        lead_unit=lead, coordinating_units=tuple(coordinating),
                        deadline=rule, anchor=anchor, due_date=due, assigned_on=assigned_on)
        except DirectiveTrackerError as e:
            self.problem(row, None, "invalid_row", str(e))
            return None
        if completed_on is not None and completed_on < assigned_on:
            self.problem(row, "completed_on", "date_order",
                         f"completed {completed_on:%d/%m/%Y} before it was assigned "
                         f"{assigned_on:%d/%m/%Y}", value=row.texts.get("completed_on"))
            return None
        assigned_at = datetime.combine(assigned_on, time(8, 0), VIETNAM_TZ)
        return _Plan(row=row, directive=directive, task=task, assigned_at=assigned_at,
                     status=status, completed_on=completed_on, status_text=status_text)

    def deadline(self, row: _Row, issue: date | None) -> DeadlineRule | None:
        if "deadline" not in self.columns:
            return None
        value, text = row.cells.get("deadline"), row.texts.get("deadline", "")
        if not text:
            self.problem(row, "deadline", "missing_value",
                         "Hạn xử lý is empty; write a date, a phrase such as \"trong 10 ngày "
                         "làm việc\", or \"thường xuyên\" / \"không thời hạn\"")
            return None
        dateish = (isinstance(value, date | int | float) and not isinstance(value, bool)) \
            or bool(_DATE_DMY.match(text) or _DATE_ISO.match(text) or _SERIAL.match(text))
        if dateish:
            d = self.date_of(row, "deadline", required=True)
            if d is None:
                return None
            if issue is not None and d < issue:
                self.problem(row, "deadline", "date_order",
                             f"deadline {d:%d/%m/%Y} is before the issue date "
                             f"{issue:%d/%m/%Y}", value=text)
                return None
            return FixedDate(date=d)
        phrase, how = _repair(text)
        if how is not None:
            self.problem(row, "deadline", "repaired_text",
                         f"text repaired ({how}): {text!r} read as {phrase!r}", value=text,
                         severity="warning")
        try:
            return parse_deadline(phrase)
        except DirectiveTrackerError as e:
            self.problem(row, "deadline", "bad_deadline", f"cannot read the deadline: {e}",
                         value=text)
            return None

    def status(self, row: _Row, text: str, assigned_on: date | None
               ) -> tuple[Literal["open", "completed", "cancelled"], date | None]:
        key = _key(text)
        if key in _DONE:
            done = self.date_of(row, "completed_on", required=False)
            if done is None and not row.texts.get("completed_on"):
                self.problem(row, "status", "missing_value",
                             f"status {text!r} says completed but "
                             f"{TEMPLATE_HEADERS['completed_on']} is missing or empty",
                             value=text)
            elif done is not None and done > self.today:
                self.problem(row, "completed_on", "date_order",
                             f"completion date {done:%d/%m/%Y} is in the future",
                             value=row.texts.get("completed_on"))
            return "completed", done
        if key in _CANCELLED:
            return "cancelled", None
        if key not in _OPEN:
            self.problem(row, "status", "bad_status",
                         f"unknown status {text!r}; open: Chưa xử lý, Đang xử lý, Quá hạn…; "
                         "completed: Đã hoàn thành; cancelled: Đã hủy, Thu hồi", value=text)
        return "open", None

    def directive(self, row: _Row, directive_id: str, number: DocumentNumber, issue: date,
                  received: date | None, summary: str, signer: str | None
                  ) -> Directive | None:
        seen = self.directives.get(directive_id)
        if seen is not None:
            first, first_row = seen
            if (first.issue_date, first.summary) != (issue, summary):
                self.problem(row, "summary", "directive_conflict",
                             f"directive {number} of {issue:%d/%m/%Y} has another subject "
                             f"line or date on row {first_row}", value=summary)
                return None
            return first
        try:
            stored = self.store.get_directive(directive_id)
        except DirectiveNotFoundError:
            try:
                d = Directive(id=directive_id, number=number, issuer=number.issuer,
                              signer=signer, issue_date=issue, received_date=received,
                              summary=summary)
            except DirectiveTrackerError as e:
                self.problem(row, None, "invalid_row", str(e))
                return None
        else:
            if stored.issue_date != issue:
                self.problem(row, "issue_date", "directive_conflict",
                             f"directive {directive_id} is stored with issue date "
                             f"{stored.issue_date:%d/%m/%Y}", value=row.texts.get("issue_date"))
                return None
            d = stored
        self.directives[directive_id] = (d, row.number)
        return d


def _find_header(grid: list[list[Any]], extra: Mapping[str, str]
                 ) -> tuple[int, dict[str, int], list[str]]:
    """Return (header row index, field → column, header text per column)."""
    aliases: dict[str, str] = {}
    for field, header in TEMPLATE_HEADERS.items():
        aliases[_key(header)] = field
        for a in HEADER_ALIASES.get(field, ()):
            aliases.setdefault(_key(a), field)
    for spelling, field in extra.items():
        if field not in TEMPLATE_HEADERS:
            raise InvalidTypeError("header_aliases", extra,
                                   f"a mapping of header spellings to fields "
                                   f"({', '.join(TEMPLATE_HEADERS)})")
        aliases[_key(spelling)] = field
    best: tuple[int, int, dict[str, int], list[str]] | None = None
    for r in range(min(len(grid), 25)):
        row = [_cell_text(v) for v in grid[r]]
        above = [_cell_text(v) for v in grid[r - 1]] if r > 0 else []
        columns: dict[str, int] = {}
        headers: list[str] = []
        for c, text in enumerate(row):
            parent = above[c] if c < len(above) else ""
            combined = f"{parent} {text}".strip() if parent and parent != text else text
            match: str | None = None
            for candidate in (combined, text, parent):
                match = aliases.get(_key(_repair(candidate)[0])) if candidate else None
                if match is not None:
                    break
            headers.append(combined or text)
            if match is not None and match not in columns:
                columns[match] = c
        score = len(columns)
        if score and (best is None or score > best[1]):
            best = (r, score, columns, headers)
    if best is None or best[1] < 3:
        raise ImportFormatError(
            "no header row found: expected the template's headers "
            f"({', '.join(TEMPLATE_HEADERS[f] for f in _REQUIRED)}) in the first 25 rows")
    return best[0], best[2], best[3]


# -- the import ----------------------------------------------------------------------------

def import_eoffice(store: Store, source: str | os.PathLike[str], *,
                   calendar: WorkingCalendar | None = None, sheet: str | None = None,
                   header_aliases: Mapping[str, str] | None = None,
                   write_valid_rows: bool = False,
                   rejects_path: str | os.PathLike[str] | None = None,
                   dry_run: bool = False, actor: str = "eoffice-import",
                   encoding: str | None = None,
                   clock: Callable[[], datetime] = now_vn,
                   authorization: AuthorizationPolicy | None = None) -> ImportResult:
    """
    Check every row of an e-office export, then write the tasks (all or nothing).

    Args:
        store: the store; units must be registered already (rows name them by code or
            name).
        source: a ``.xlsx`` file (needs the ``excel`` extra) or a ``.csv`` file (UTF-8 with
            or without BOM, else read as cp1252 for TCVN3 repair; ``,`` ``;`` or tab).
        calendar: the working calendar for deadlines (default the Vietnamese one).
        sheet: the worksheet name (default the first sheet).
        header_aliases: more header spellings, mapping the header as written to a field
            name of :data:`TEMPLATE_HEADERS` (e.g. ``{"Hạn trả lời": "deadline"}``).
        write_valid_rows: False (default): if any row has an error, nothing is written.
            True: the valid rows are written and the refused ones copied to a rejects file.
        rejects_path: where to write refused rows (CSV, UTF-8 with BOM, the original
            columns plus "Dòng" and "Lỗi"); default ``<source>.rejects.csv``.  Only with
            ``write_valid_rows=True``.
        dry_run: check only; never write.
        actor: the actor recorded on the events.
        encoding: force the CSV encoding.
        clock: "now", for the date of cancellations and the "future" check of
            completion dates.
        authorization: the :class:`~directive_tracker.authorization.AuthorizationPolicy`
            each assignment, completion and cancellation is checked against (as *actor*);
            one refusal raises ``PermissionDeniedError`` and nothing is written.  None (the
            default) checks nothing.

    Returns:
        An :class:`ImportResult` with every problem by row and column.  The import
        refuses rows, it does not raise, for problems in the data.

    Raises:
        ImportFormatError: the file cannot be read, is an old ``.xls``, or has no header
            row with the required columns (nothing written).
        MissingExtraError: a ``.xlsx`` file without the ``excel`` extra.
        InvalidTypeError: an argument of the wrong type.

    .. versionadded:: 0.2.0
    """
    if not isinstance(store, Store):
        raise InvalidTypeError("store", store, "a Store")
    path = Path(source)
    cal = vietnam_calendar() if calendar is None else calendar
    if not isinstance(cal, WorkingCalendar):
        raise InvalidTypeError("calendar", calendar, "a WorkingCalendar")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        grid = _read_xlsx(path, sheet)
    elif suffix in (".csv", ".txt", ".tsv"):
        grid = _read_csv(path, encoding)
    elif suffix == ".xls":
        raise ImportFormatError(f"{path.name}: the old binary .xls format is not read; open it "
                                "in Excel or LibreOffice and save it as .xlsx")
    else:
        raise ImportFormatError(f"{path.name}: expected a .xlsx or .csv file")
    header_row, columns, headers = _find_header(grid, header_aliases or {})
    missing = [f for f in _REQUIRED if f not in columns]
    if missing:
        found = ", ".join(h for h in headers if h)
        raise ImportFormatError(
            f"{path.name}: the header row {header_row + 1} lacks the column(s) "
            f"{', '.join(TEMPLATE_HEADERS[f] for f in missing)}; found: {found}. Rename "
            "the columns, or map them with header_aliases", line=header_row + 1)
    today = clock().astimezone(VIETNAM_TZ).date()
    checker = _Checker(store, cal, columns, headers, today)
    rows: list[_Row] = []
    for r in range(header_row + 1, len(grid)):
        values = grid[r]
        cells = {f: (values[c] if c < len(values) else None) for f, c in columns.items()}
        texts = {f: _cell_text(v) for f, v in cells.items()}
        if not any(texts.values()):
            continue
        rows.append(_Row(number=r + 1, cells=cells, texts=texts))
    plans: list[_Plan] = []
    for row in rows:
        plan = checker.check(row)
        if plan is not None:
            plans.append(plan)
    problems = tuple(sorted(
        (p for row in rows for p in row.problems),
        key=lambda p: (p.row, p.column_letter is None, len(p.column_letter or ""),
                       p.column_letter or "")))
    rejected = tuple(row.number for row in rows
                     if any(p.severity == "error" for p in row.problems))
    result = ImportResult(source=str(path), rows=len(rows), problems=problems,
                          rejected_rows=rejected, written=False)
    if dry_run or not plans or (rejected and not write_valid_rows):
        return result
    directives, tasks = _write(store, cal, plans, actor, clock, authorization)
    out_path = None
    if rejected:
        out_path = Path(rejects_path) if rejects_path is not None else \
            path.with_name(path.name + ".rejects.csv")
        _write_rejects(out_path, grid, header_row, headers, rows)
    return attrs.evolve(result, written=True, directives_written=directives,
                        tasks_written=tasks, rejects_path=None if out_path is None
                        else str(out_path))


def _const(at: datetime) -> Callable[[], datetime]:
    return lambda: at


def _write(store: Store, cal: WorkingCalendar, plans: Iterable[_Plan], actor: str,
           clock: Callable[[], datetime],
           authorization: AuthorizationPolicy | None = None) -> tuple[int, int]:
    new_directives: dict[str, Directive] = {}
    plan_list = list(plans)
    for p in plan_list:
        try:
            store.get_directive(p.directive.id)
        except DirectiveNotFoundError:
            new_directives.setdefault(p.directive.id, p.directive)
    with store.transaction():
        for d in new_directives.values():
            register_directive(store, d)
        for p in plan_list:
            t = p.task
            at = p.assigned_at
            assign_task(store, cal, directive_id=t.directive_id, task_id=t.id,
                        content=t.content, lead_unit=t.lead_unit,
                        coordinating_units=t.coordinating_units, deadline=t.deadline,
                        anchor=t.anchor, actor=actor, clock=_const(at),
                        on_overlap="ignore", note=f"imported from row {p.row.number}",
                        authorization=authorization)
            if p.status == "completed":
                done = p.completed_on
                assert done is not None
                done_at = max(datetime.combine(done, time(17, 0), VIETNAM_TZ), at)
                complete_task(store, cal, t.id, actor=actor, completed_on=done,
                              clock=_const(done_at),
                              note=f"e-office status: {p.status_text}",
                              authorization=authorization)
            elif p.status == "cancelled":
                now = max(clock(), at)
                cancel_task(store, cal, t.id, actor=actor, clock=_const(now),
                            reason=f"e-office status: {p.status_text}",
                            authorization=authorization)
    return len(new_directives), len(plan_list)


def _write_rejects(path: Path, grid: list[list[Any]], header_row: int, headers: list[str],
                   rows: list[_Row]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Dòng", *headers, "Lỗi"])
        for row in rows:
            errors = [p for p in row.problems if p.severity == "error"]
            if not errors:
                continue
            values = grid[row.number - 1]
            w.writerow([row.number, *(_cell_text(values[c]) if c < len(values) else ""
                                      for c in range(len(headers))),
                        " | ".join(str(p) for p in errors)])
