#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
Render the demo province's official documents for a visual check.

Writes, into OUT (default ``build/official``):

* ``bao-cao.docx``: the periodic report (Decree 30/2020, Appendix I form);
* ``don-doc.docx``: the reminder letter to the unit with the most overdue tasks;
* ``bao-cao.html``: the standalone HTML report (summary, scoreboard, overdue list);

then, when the programs are installed, converts them to PDF (LibreOffice ``soffice`` for
the .docx, headless ``chromium`` for the HTML) and the first page of each PDF to PNG
(poppler's ``pdftoppm``).  ``--docs`` copies the PNGs to ``docs/images/official/``, the
pictures the user guide shows.  A missing program is reported and its step skipped (exit
status 0), unless ``--strict``.

Usage (in a venv with ``pip install -e '.[docx]'``)::

    python scripts/render-official.py [--out DIR] [--today YYYY-MM-DD] [--docs] [--strict]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import directive_tracker as dt
from directive_tracker.demo import build_demo
from directive_tracker.official import (
    DocumentDetails,
    IssuingAgency,
    Recipients,
    Signer,
    write_html,
    write_reminder_docx,
    write_report_docx,
)
from directive_tracker.storage import MemoryStore

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                  "--no-pdf-header-footer")


def write_documents(out: Path, today: date) -> list[Path]:
    """Write the three documents of the demo province as of *today*; return their paths."""
    cal = dt.vietnam_calendar()
    store = MemoryStore()
    build_demo(store, today=today, calendar=cal)
    summary = dt.summary(store, cal, as_of=today)
    board = dt.scoreboard(store, cal, as_of=today)
    overdue = dt.overdue_list(store, cal, as_of=today)
    upcoming = dt.upcoming_deadlines(store, cal, as_of=today)
    agency = IssuingAgency(name="Ủy ban nhân dân\ntỉnh Ninh Giang", place="Ninh Giang",
                           short_name="Ủy ban nhân dân tỉnh")
    report = DocumentDetails(
        agency=agency, number=dt.DocumentNumber.parse("215/BC-UBND"), issued_on=today,
        signer=Signer(authority=("TM. Ủy ban nhân dân", "KT. Chủ tịch"),
                      title="Phó Chủ tịch", name="Nguyễn Văn An"),
        recipients=Recipients(names=("Văn phòng Chính phủ", "Thường trực Tỉnh ủy",
                                     "Thường trực HĐND tỉnh", "Chủ tịch, các PCT UBND tỉnh",
                                     "Các sở, ban, ngành tỉnh"), archive=("VT", "TH")))
    letter = DocumentDetails(
        agency=IssuingAgency(name=agency.name, place=agency.place, short_name="UBND tỉnh"),
        number=dt.DocumentNumber.parse("1520/UBND-TH"), issued_on=today,
        signer=Signer(authority=("TL. Chủ tịch",), title="Chánh Văn phòng",
                      name="Trần Thị Bình"),
        recipients=Recipients(names=("Chủ tịch UBND tỉnh (để báo cáo)",),
                              archive=("VT", "TH")))
    counts: dict[str, int] = {}
    for r in overdue.rows:
        counts[r.lead_unit] = counts.get(r.lead_unit, 0) + 1
    unit = max(sorted(counts), key=lambda u: counts[u]) if counts else None
    out.mkdir(parents=True, exist_ok=True)
    paths = [write_report_docx(out / "bao-cao.docx", summary=summary, scoreboard=board,
                               overdue=overdue, details=report)]
    if unit is not None:
        paths.append(write_reminder_docx(
            out / "don-doc.docx", unit=unit, overdue=overdue, upcoming=upcoming,
            directives=store.get_directives(), details=letter,
            reply_by=cal.add_working_days(today, 5)))
    paths.append(write_html([summary, board, overdue], out / "bao-cao.html", details=report))
    return paths


def to_pdf(path: Path, strict: bool) -> Path | None:
    """Convert *path* (.docx with LibreOffice, .html with Chromium) to ``{stem}-{ext}.pdf``."""
    pdf = path.with_name(f"{path.stem}-{path.suffix[1:]}.pdf")
    if path.suffix == ".docx":
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            return missing("LibreOffice (soffice)", path, strict)
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}",
                            "--headless", "--convert-to", "pdf", "--outdir", str(path.parent),
                            str(path)], check=True, timeout=300, capture_output=True)
        path.with_suffix(".pdf").replace(pdf)
    else:
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if chromium is None:
            return missing("chromium", path, strict)
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                            f"--print-to-pdf={pdf}", path.resolve().as_uri()],
                           check=True, timeout=300, capture_output=True)
    return pdf


def first_page_png(pdf: Path, png: Path, strict: bool) -> Path | None:
    """Render the first page of *pdf* as *png* (96 dpi)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return missing("pdftoppm (poppler-utils)", pdf, strict)
    subprocess.run([pdftoppm, "-png", "-r", "96", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(png.with_suffix(""))], check=True, timeout=120)
    return png


def missing(program: str, path: Path, strict: bool) -> None:
    message = f"render-official: {program} is not installed; {path.name} not converted"
    if strict:
        sys.exit(message)
    print(message, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "official")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 12, 3),
                        help="the demo's today (default 2026-12-03, the docs' pictures)")
    parser.add_argument("--docs", action="store_true",
                        help="copy the first-page PNGs to docs/images/official/")
    parser.add_argument("--strict", action="store_true",
                        help="fail when LibreOffice, chromium or pdftoppm is missing")
    args = parser.parse_args(argv)
    for path in write_documents(args.out, args.today):
        print(f"wrote {path}")
        pdf = to_pdf(path, args.strict)
        if pdf is None:
            continue
        print(f"wrote {pdf}")
        png = first_page_png(pdf, pdf.with_suffix(".png"), args.strict)
        if png is None:
            continue
        print(f"wrote {png}")
        if args.docs:
            target = ROOT / "docs" / "images" / "official" / png.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(png, target)
            print(f"copied to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
