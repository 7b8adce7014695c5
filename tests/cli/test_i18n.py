# SPDX-License-Identifier: MIT
"""
The command line as a clerk uses it (issue 14, items 1, 2, 6 and 7): Vietnamese first,
English throughout with ``--lang en``, errors on one line without parameter names,
provisional period reports, unknown units refused, columns that add up, and the official
documents written from the command line.

The demo province (seed 2026, "today" 03/12/2026) is the data; the command line's clock
is set to 03/12/2026 (``now_vn`` of the report and remind commands) so that "today" does
not depend on when the tests run.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from directive_tracker._validators import VIETNAM_TZ
from directive_tracker.cli import main

TODAY = datetime(2026, 12, 3, 9, tzinfo=VIETNAM_TZ)

CONFIG_TOML = """\
agency = "Ủy ban nhân dân\\ntỉnh Ninh Giang"
place = "Ninh Giang"
agency_short_name = "UBND tỉnh"
number = "15/BC-UBND"
signer = "Nguyễn Văn An"
signer_title = "Phó Chủ tịch"
authority = ["TM. Ủy ban nhân dân", "KT. Chủ tịch"]
recipients = ["Văn phòng Chính phủ", "Thường trực Tỉnh ủy"]
archive = ["VT", "TH"]
"""


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo province as of 03/12/2026."""
    path = tmp_path_factory.mktemp("i18n") / "tinh.sqlite3"
    assert 0 == main(["--db", str(path), "demo", "--today", "2026-12-03"])
    return path


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's clock reads 03/12/2026 09:00 in Vietnam."""
    from directive_tracker.cli import _common, remind, report

    for module in (report, remind, _common):
        monkeypatch.setattr(module, "now_vn", lambda: TODAY)
    monkeypatch.delenv("DIRECTIVE_TRACKER_LANG", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


class TestProvisionalPeriod:
    def test_period_not_over_is_provisional(self, capsys: pytest.CaptureFixture[str],
                                            demo_db: Path) -> None:
        """Quý IV/2026 (to 14/12) on 03/12/2026: "số liệu tạm tính đến ngày 03/12/2026"."""
        code, out, _ = run(capsys, "--db", str(demo_db), "report", "scoreboard",
                           "--period", "Quý IV/2026")
        assert 0 == code
        assert out.splitlines()[1].endswith("số liệu tạm tính đến ngày 03/12/2026")
        assert "14/12/2026); số liệu tính đến ngày 14/12/2026" not in out

    def test_english(self, capsys: pytest.CaptureFixture[str], demo_db: Path) -> None:
        code, out, _ = run(capsys, "--lang", "en", "--db", str(demo_db), "report", "summary",
                           "--period", "Quý IV/2026")
        assert 0 == code
        assert out.splitlines()[1].endswith("provisional figures as of 03/12/2026")

    def test_future_as_of_is_one_vietnamese_line(self, capsys: pytest.CaptureFixture[str],
                                                 demo_db: Path) -> None:
        """--as-of 14/12/2026 on 03/12/2026: exit 1, one line, no parameter name."""
        code, out, err = run(capsys, "--db", str(demo_db), "report", "scoreboard",
                             "--as-of", "14/12/2026")
        assert (1, "") == (code, out)
        assert [("directive-tracker: lỗi: ngày báo cáo 14/12/2026 chưa đến (hôm nay là "
                 "03/12/2026): không đánh giá nhiệm vụ theo ngày chưa xảy ra; bỏ --as-of để "
                 "lập báo cáo kỳ, số liệu tạm tính đến hôm nay")] == err.splitlines()
        assert "as_of" not in err


class TestUnknownUnit:
    @pytest.mark.parametrize("kind", ["overdue", "summary", "upcoming"])
    def test_lower_case_code(self, capsys: pytest.CaptureFixture[str], demo_db: Path,
                             kind: str) -> None:
        """--unit snv: exit 1 and the closest code SNV, never an empty table."""
        code, out, err = run(capsys, "--db", str(demo_db), "report", kind, "--unit", "snv")
        assert (1, "") == (code, out)
        assert err.startswith("directive-tracker: lỗi: không có đơn vị mã 'snv'; có phải: "
                              "'SNV'")

    def test_unknown_code_in_english(self, capsys: pytest.CaptureFixture[str], demo_db: Path
                                     ) -> None:
        code, _, err = run(capsys, "--lang", "en", "--db", str(demo_db), "report", "summary",
                           "--unit", "NOPE")
        assert 1 == code
        assert err.startswith("directive-tracker: error: no unit 'NOPE'")

    def test_letter_to_unknown_unit(self, capsys: pytest.CaptureFixture[str], demo_db: Path,
                                    tmp_path: Path) -> None:
        config = tmp_path / "vb.toml"
        config.write_text(CONFIG_TOML, encoding="utf-8")
        code, _, err = run(capsys, "--db", str(demo_db), "remind", "--letter", "XYZ",
                           "--output", str(tmp_path / "l.docx"), "--document-config",
                           str(config), "--number", "1520/UBND-TH")
        assert 1 == code
        assert "không có đơn vị mã 'XYZ'" in err


class TestTablesAddUp:
    def test_terminal_scoreboard_columns_add_up(self, capsys: pytest.CaptureFixture[str],
                                                demo_db: Path) -> None:
        """Every row: Giao = đúng hạn + quá hạn + trong hạn + quá hạn + không thời hạn +
        tạm dừng (the visible columns), and the rule is printed under the table."""
        code, out, _ = run(capsys, "--db", str(demo_db), "report", "scoreboard",
                           "--period", "Quý IV/2026")
        assert 0 == code
        lines = out.splitlines()
        header = re.split(r"\s{2,}", lines[3].strip())
        assert header[:9] == ["Hạng", "Đơn vị chủ trì", "Giao", "Xong đúng hạn",
                              "Xong quá hạn", "Trong hạn", "Quá hạn", "Không thời hạn",
                              "Tạm dừng"]
        rules = [k for k, x in enumerate(lines) if x.startswith("----")]
        body = [*lines[rules[0] + 1:rules[1]], lines[rules[1] + 1]]
        assert len(body) > 5
        for line in body:
            cells = re.split(r"\s{2,}", line.strip())
            if line.strip().startswith("Tổng cộng"):
                cells = ["", *cells]  # the totals row has no rank
            assigned, *parts = (int(c.replace(".", "")) for c in cells[2:9])
            assert assigned == sum(parts), line
        assert "Tổng số nhiệm vụ được giao = Đã hoàn thành đúng hạn" in out
        assert "không xếp hạng (—)" in out

    def test_vietnamese_summary(self, capsys: pytest.CaptureFixture[str], demo_db: Path
                                ) -> None:
        """No English column, no machine codes; shares written 30,4% (not 30.4%)."""
        code, out, _ = run(capsys, "--db", str(demo_db), "report", "summary",
                           "--period", "Quý IV/2026")
        assert 0 == code
        for leak in ("completed_on_time", "Completed on time", "tiếng Anh", "Total"):
            assert leak not in out
        assert re.search(r"\d,\d%", out)
        assert not re.search(r"\d\.\d%", out)

    def test_english_has_no_vietnamese_totals(self, capsys: pytest.CaptureFixture[str],
                                              demo_db: Path) -> None:
        """--lang en: "Total", never "Tổng cộng"; 12.5% style."""
        for kind in ("scoreboard", "summary"):
            code, out, _ = run(capsys, "--lang", "en", "--db", str(demo_db), "report", kind,
                               "--period", "Quý IV/2026")
            assert 0 == code
            assert "Tổng cộng" not in out
            assert "Total" in out
            assert not re.search(r"\d,\d%", out)


class TestRanking:
    def test_explain(self, capsys: pytest.CaptureFixture[str], demo_db: Path) -> None:
        """--explain SYT lists the tasks with their roles and weights and the formula."""
        code, out, _ = run(capsys, "--db", str(demo_db), "report", "scoreboard",
                           "--period", "Quý IV/2026", "--explain", "SYT")
        assert 0 == code
        assert out.startswith("CÁCH TÍNH ĐIỂM CÓ TRỌNG SỐ: SỞ Y TẾ")
        assert "Chủ trì" in out
        assert "Điểm = Σ(điểm × trọng số) / Σ trọng số = " in out

    def test_explain_only_on_the_scoreboard(self, capsys: pytest.CaptureFixture[str],
                                            demo_db: Path) -> None:
        code, _, err = run(capsys, "--db", str(demo_db), "report", "summary", "--explain",
                           "SYT")
        assert 1 == code
        assert "--explain MÃ_ĐƠN_VỊ chỉ dùng với scoreboard" in err


class TestLanguage:
    def test_help_is_vietnamese(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "report", "--help")
        assert 0 == code
        assert out.startswith("cách dùng: directive-tracker report")
        assert "in hướng dẫn này rồi thoát" in out
        assert "show this help message" not in out

    def test_help_in_english(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "--lang", "en", "report", "--help")
        assert 0 == code
        assert out.startswith("usage: directive-tracker report")
        assert "cách dùng" not in out

    def test_top_help_points_to_english(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "--help")
        assert 0 == code
        assert "--lang en" in out
        assert "Mã thoát: 0 thành công" in " ".join(out.split())

    def test_bad_date_is_one_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A date that does not exist: exit 2, one Vietnamese line, no usage block."""
        code, _, err = run(capsys, "report", "overdue", "--as-of", "32/13/2026")
        assert 2 == code
        assert [("directive-tracker report: lỗi: đối số --as-of: ngày không hợp lệ "
                 "'32/13/2026': không có ngày 32/13/2026 trên lịch (xem: directive-tracker "
                 "report --help)")] == err.splitlines()

    def test_bad_date_in_english(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "--lang", "en", "report", "overdue", "--as-of", "32/13/2026")
        assert 2 == code
        assert 1 == len(err.splitlines())
        assert "argument --as-of: invalid date '32/13/2026'" in err

    def test_usage_errors_are_vietnamese(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "frobnicate")
        assert 2 == code
        assert err.startswith("directive-tracker: lỗi: đối số LỆNH: không có lựa chọn "
                              "'frobnicate'")
        code, _, err = run(capsys, "calendar")
        assert 2 == code
        assert "lỗi: thiếu đối số bắt buộc: NĂM" in err

    def test_no_parameter_name_leaks(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A date outside the calendar: not "d 1990-01-01 is outside …"."""
        code, _, err = run(capsys, "deadline", "trong 5 ngày làm việc", "--from", "1990-01-01")
        assert 1 == code
        assert ("directive-tracker: lỗi: ngày 01/01/1990 nằm ngoài khoảng lịch được hỗ trợ "
                "(từ 01/01/1995 đến 31/12/2099)\n") == err
        code, _, err = run(capsys, "--lang", "en", "deadline", "trong 5 ngày làm việc",
                           "--from", "1990-01-01")
        assert "error: d " not in err
        assert "the date 1990-01-01 is outside the supported range" in err

    def test_period_and_column_errors(self, capsys: pytest.CaptureFixture[str],
                                      demo_db: Path) -> None:
        """An unreadable period and an unknown column, in each language, no "q must"."""
        code, _, err = run(capsys, "--db", str(demo_db), "report", "scoreboard", "--period",
                           "Quý 5/2026")
        assert 1 == code
        assert err.startswith("directive-tracker: lỗi: không đọc được kỳ báo cáo 'Quý 5/2026'")
        code, _, err = run(capsys, "--lang", "en", "--db", str(demo_db), "report",
                           "scoreboard", "--period", "Quý 5/2026")
        assert err.startswith("directive-tracker: error: cannot read reporting period label")
        assert "q must" not in err
        code, _, err = run(capsys, "--db", str(demo_db), "report", "summary", "--columns",
                           "foo")
        assert 1 == code
        assert err.startswith("directive-tracker: lỗi: báo cáo này không có cột foo")

    def test_phrase_error_is_vietnamese(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "deadline", "khẩn", "--from", "2026-12-03")
        assert 1 == code
        assert err.startswith("directive-tracker: lỗi: không đọc được thời hạn 'khẩn'")
        assert "expected" not in err

    def test_year_range_is_vietnamese(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "calendar", "1990")
        assert 1 == code
        assert "directive-tracker: lỗi: năm phải từ 1995 đến 2099, không nhận 1990\n" == err

    def test_demo_mentions_english(self, capsys: pytest.CaptureFixture[str],
                                   tmp_path: Path) -> None:
        code, out, _ = run(capsys, "--db", str(tmp_path / "d.sqlite3"), "demo", "--today",
                           "2026-12-03")
        assert 0 == code
        assert "English: add --lang en" in out
        code, out, _ = run(capsys, "--lang", "en", "--db", str(tmp_path / "e.sqlite3"),
                           "demo", "--today", "2026-12-03")
        assert "English: add --lang en" not in out

    def test_commune_head_is_its_chairman(self, capsys: pytest.CaptureFixture[str],
                                          demo_db: Path) -> None:
        """The head of UBND xã An Lạc is its Chủ tịch, not a "Thủ trưởng"."""
        code, out, _ = run(capsys, "--db", str(demo_db), "remind", "--as-of", "2026-12-03",
                           "--limit", "0")
        assert 0 == code
        assert "Chủ tịch UBND xã An Lạc" in out
        assert "Thủ trưởng UBND xã" not in out
        assert "Thủ trưởng Sở" in out


class TestOfficialDocuments:
    def test_report_docx(self, capsys: pytest.CaptureFixture[str], demo_db: Path,
                         tmp_path: Path) -> None:
        """report scoreboard --output bao-cao.docx with a TOML config: the Decree 30
        report with the number, the provisional data date and the signer."""
        docx = pytest.importorskip("docx")
        config = tmp_path / "vb.toml"
        config.write_text(CONFIG_TOML, encoding="utf-8")
        target = tmp_path / "bao-cao.docx"
        code, _, err = run(capsys, "--db", str(demo_db), "report", "scoreboard", "--period",
                           "Quý IV/2026", "--output", str(target), "--document-config",
                           str(config))
        assert 0 == code, err
        document = docx.Document(str(target))
        text = "\n".join(p.text for p in document.paragraphs)
        cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        assert "Số: 15/BC-UBND" in cells
        assert "Ninh Giang, ngày 03 tháng 12 năm 2026" in cells
        assert "Tình hình thực hiện nhiệm vụ được giao Quý IV/2026" in text
        assert "số liệu tạm tính đến ngày 03/12/2026" in text
        assert "Nguyễn Văn An" in cells + text

    def test_options_override_the_config(self, capsys: pytest.CaptureFixture[str],
                                         demo_db: Path, tmp_path: Path) -> None:
        """A JSON config, --number given on the command line wins."""
        docx = pytest.importorskip("docx")
        data = {"agency": "Ủy ban nhân dân\ntỉnh Ninh Giang", "place": "Ninh Giang",
                "number": "1/BC-UBND", "signer": "Nguyễn Văn An",
                "signer_title": "Chủ tịch"}
        config = tmp_path / "vb.json"
        config.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        target = tmp_path / "b.docx"
        code, _, err = run(capsys, "--db", str(demo_db), "report", "summary", "--period",
                           "Quý IV/2026", "--output", str(target), "--document-config",
                           str(config), "--number", "16/BC-UBND")
        assert 0 == code, err
        cells = "\n".join(c.text for t in docx.Document(str(target)).tables
                          for r in t.rows for c in r.cells)
        assert "Số: 16/BC-UBND" in cells

    def test_docx_needs_the_details(self, capsys: pytest.CaptureFixture[str], demo_db: Path,
                                    tmp_path: Path) -> None:
        code, _, err = run(capsys, "--db", str(demo_db), "report", "scoreboard", "--output",
                           str(tmp_path / "x.docx"))
        assert 1 == code
        assert ("directive-tracker: lỗi: văn bản hành chính cần --agency, --place, --number, "
                "--signer, --signer-title") in err

    def test_docx_only_for_the_periodic_report(self, capsys: pytest.CaptureFixture[str],
                                               demo_db: Path, tmp_path: Path) -> None:
        code, _, err = run(capsys, "--db", str(demo_db), "report", "overdue", "--output",
                           str(tmp_path / "x.docx"))
        assert 1 == code
        assert "tệp .docx là báo cáo định kỳ" in err

    def test_html(self, capsys: pytest.CaptureFixture[str], demo_db: Path,
                  tmp_path: Path) -> None:
        """--output x.html: one standalone Vietnamese page, provisional label included."""
        target = tmp_path / "bao-cao.html"
        code, _, err = run(capsys, "--db", str(demo_db), "report", "scoreboard", "--period",
                           "Quý IV/2026", "--output", str(target))
        assert 0 == code, err
        page = target.read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>")
        assert '<html lang="vi">' in page
        assert "tạm tính đến ngày 03/12/2026" in page
        assert "<script" not in page
        assert '<td class="n">—</td>' in page  # an unranked unit
        assert '<p class="note">Tổng số nhiệm vụ được giao = ' in page
        target = tmp_path / "en.html"
        code, _, _ = run(capsys, "--lang", "en", "--db", str(demo_db), "report", "scoreboard",
                         "--period", "Quý IV/2026", "--output", str(target))
        page = target.read_text(encoding="utf-8")
        assert "<th>Total</th>" in page
        assert "Tổng cộng" not in page

    def test_reminder_letter(self, capsys: pytest.CaptureFixture[str], demo_db: Path,
                             tmp_path: Path) -> None:
        """remind --letter SYT --output don-doc.docx: the công văn đôn đốc to Sở Y tế,
        which has an overdue task on 03/12/2026 (its scoreboard row: Quá hạn 1)."""
        docx = pytest.importorskip("docx")
        config = tmp_path / "vb.toml"
        config.write_text(CONFIG_TOML, encoding="utf-8")
        target = tmp_path / "don-doc.docx"
        code, _, err = run(capsys, "--db", str(demo_db), "remind", "--letter", "SYT",
                           "--output", str(target), "--document-config", str(config),
                           "--number", "1520/UBND-TH", "--authority", "TL. Chủ tịch",
                           "--signer-title", "Chánh Văn phòng", "--signer", "Trần Thị Bình")
        assert 0 == code, err
        document = docx.Document(str(target))
        text = "\n".join(p.text for p in document.paragraphs)
        cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        assert "Số: 1520/UBND-TH" in cells
        assert "Kính gửi: Sở Y tế" in text + cells
        assert "Trần Thị Bình" in text + cells

    def test_letter_needs_a_docx(self, capsys: pytest.CaptureFixture[str], demo_db: Path
                                 ) -> None:
        code, _, err = run(capsys, "--db", str(demo_db), "remind", "--letter", "SYT")
        assert 1 == code
        assert "công văn đôn đốc cần --letter MÃ_ĐƠN_VỊ và --output TỆP.docx" in err

    def test_bad_config(self, capsys: pytest.CaptureFixture[str], demo_db: Path,
                        tmp_path: Path) -> None:
        config = tmp_path / "vb.toml"
        config.write_text('agency = "x"\nsigner_name = "y"\n', encoding="utf-8")
        code, _, err = run(capsys, "--db", str(demo_db), "report", "scoreboard", "--output",
                           str(tmp_path / "x.docx"), "--document-config", str(config))
        assert 1 == code
        assert "không có khóa signer_name" in err


class TestProgress:
    def test_busy_counts_seconds_in_vietnamese(self) -> None:
        """A spinner of a Vietnamese run shows "0,3 giây", of an English one "0.3 s"."""
        import io
        import time

        from directive_tracker.cli import Busy
        from directive_tracker.cli._i18n import LANG

        for lang, unit in (("vi", " giây"), ("en", " s")):
            token = LANG.set(lang)
            try:
                stream = io.StringIO()
                with Busy("Đang lập báo cáo", stream=stream, enabled=True):
                    time.sleep(0.6)
            finally:
                LANG.reset(token)
            shown = stream.getvalue().split("\r")[1]
            assert re.fullmatch(r"Đang lập báo cáo . \d+[,.]\d" + unit, shown), shown
            assert ("," in shown) == (lang == "vi")


class TestRemindersInEnglish:
    def test_titles_are_translated(self, capsys: pytest.CaptureFixture[str], demo_db: Path
                                   ) -> None:
        """--lang en: "Chairman of UBND xã An Lạc", never "Chủ tịch"/"Thủ trưởng"."""
        code, out, _ = run(capsys, "--lang", "en", "--db", str(demo_db), "remind",
                           "--as-of", "2026-12-03", "--limit", "0")
        assert 0 == code
        assert "Chairman of UBND xã An Lạc" in out
        for vi in ("Chủ tịch", "Thủ trưởng", "Lãnh đạo", "Tổng cộng"):
            assert vi not in out
