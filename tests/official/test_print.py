# SPDX-License-Identifier: MIT
"""
The HTML report printed to PDF by a real headless Chromium, and the PDF's text read back
with poppler's ``pdftotext``.

In CI (``CI`` set) both programs are required (``.ci/run`` installs Debian's
``chromium`` and ``poppler-utils``): a missing one fails the test.  Locally it is
skipped.  Expected numbers are the hand computations of ``conftest.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from directive_tracker.official import DocumentDetails, write_html


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian: chromium, poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must have it (.ci/run installs it)")
        pytest.skip(message)
    return path


def print_to_pdf(html_path: Path, tmp_path: Path) -> Path:
    """Print *html_path* with headless Chromium; return the PDF."""
    out = tmp_path / (html_path.stem + ".pdf")
    cmd = [tool("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'p'}",
           "--no-pdf-header-footer", f"--print-to-pdf={out}", html_path.as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=240, check=False)
    assert 0 == done.returncode, done.stderr[-2000:]
    assert out.exists()
    assert out.read_bytes().startswith(b"%PDF-")
    return out


def pdf_text(pdf: Path) -> str:
    done = subprocess.run([tool("pdftotext"), "-layout", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, timeout=120, check=True)
    return unicodedata.normalize("NFC", done.stdout)


def numbers_after(line: str, label: str) -> list[str]:
    """The whitespace-separated tokens after *label* on *line*."""
    return line.split(label, 1)[1].split()


def pdf_info(pdf: Path) -> str:
    done = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout


@pytest.fixture
def printed(tmp_path: Path, reports: dict[str, Any],
            report_details: DocumentDetails) -> tuple[str, str]:
    tool("chromium")
    tool("pdftotext")
    html_path = write_html([reports["summary"], reports["scoreboard"], reports["overdue"]],
                           tmp_path / "bao-cao.html", details=report_details)
    pdf = print_to_pdf(html_path, tmp_path)
    return pdf_text(pdf), pdf_info(pdf)


def test_pdf_has_the_title_header_and_signature(printed: tuple[str, str]) -> None:
    text, _ = printed
    for part in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Ninh Giang, ngày 18 tháng 5 năm 2026", "Số: 15/BC-UBND",
                 "TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ", "DANH SÁCH NHIỆM VỤ QUÁ HẠN",
                 "Nguyễn Văn An", "Nơi nhận:"):
        assert part in text, part


def test_pdf_has_a_unit_row_and_the_totals(printed: tuple[str, str]) -> None:
    """SNV: 3 = 1 + 1 + 0 + 1 + 0 + 0 (+ 0 cancelled), 1/3 = 33,3 %; province 7 tasks,
    2/(2+1+2) = 40,0 %; summary total 7 (100,0 %)."""
    text, _ = printed
    lines = text.splitlines()
    snv = [ln for ln in lines if "Sở Nội vụ" in ln and "33,3%" in ln]
    assert 1 == len(snv), "\n".join(lines)
    assert ["3", "1", "1", "0", "1", "0", "0", "0", "33,3%"] == numbers_after(
        snv[0], "Sở Nội vụ")[:9]
    totals = [numbers_after(ln, "Tổng cộng") for ln in lines if "Tổng cộng" in ln]
    assert ["7", "100,0%"] in totals
    assert ["7", "2", "1", "1", "2", "1", "0", "1", "40,0%"] in [t[:9] for t in totals]
    # The overdue list: A5, 9 working days late (most late first).
    a5 = [ln for ln in lines if "A5" in ln and "Tổng hợp tình hình giải ngân" in ln]
    assert 1 == len(a5)
    assert re.search(r"04/05/2026\s+04/05/2026\s+9\s+0", a5[0])


def test_pdf_pages_are_a4(printed: tuple[str, str]) -> None:
    """A4 is 595.28 × 841.89 pt; the scoreboard's width makes the pages landscape."""
    _, info = printed
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert match is not None, info
    size = sorted((float(match[1]), float(match[2])))
    assert [595.28, 841.89] == pytest.approx(size, abs=1.0)


def test_hostile_text_prints_as_text(tmp_path: Path, hostile_reports: dict[str, Any]
                                     ) -> None:
    tool("chromium")
    tool("pdftotext")
    html_path = write_html(hostile_reports["overdue"], tmp_path / "hostile.html")
    text = pdf_text(print_to_pdf(html_path, tmp_path))
    assert "<script>alert('x')</script>" in text
    assert "\x1b" not in text
