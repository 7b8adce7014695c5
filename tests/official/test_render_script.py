# SPDX-License-Identifier: MIT
"""scripts/render-official.py writes the demo province's documents (conversion aside)."""

from __future__ import annotations

import runpy
from datetime import date
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "render-official.py"


@pytest.mark.slow
def test_writes_the_three_documents(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    script = runpy.run_path(str(SCRIPT), run_name="render_official")
    paths = script["write_documents"](tmp_path, date(2026, 12, 3))
    assert ["bao-cao.docx", "don-doc.docx", "bao-cao.html"] == [p.name for p in paths]
    report = docx.Document(str(tmp_path / "bao-cao.docx"))
    assert "BÁO CÁO" in [p.text for p in report.paragraphs]
    html = (tmp_path / "bao-cao.html").read_text(encoding="utf-8")
    assert "Ninh Giang, ngày 03 tháng 12 năm 2026" in html
