# SPDX-License-Identifier: MIT
"""``directive-tracker import FILE.csv|.xlsx``: the e-office importer from the command line."""

from __future__ import annotations

import csv
import io
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path

import pytest

from directive_tracker.cli import main
from directive_tracker.storage import MemoryStore
from directive_tracker.units import Unit, UnitKind

HEADERS = ["Số/ký hiệu", "Ngày ban hành", "Trích yếu", "Đơn vị chủ trì", "Nội dung nhiệm vụ",
           "Hạn xử lý"]


def _store() -> MemoryStore:
    s = MemoryStore()
    s.add_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
    return s


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS)
        w.writerows(rows)
    return path


def _run(argv: list[str], store: MemoryStore) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv, store=store)
    return code, out.getvalue(), err.getvalue()


def test_csv_rows_become_tasks(tmp_path: Path) -> None:
    store = _store()
    f = _csv(tmp_path / "vb.csv", [
        ["05/CT-UBND", "02/03/2026", "Về kỷ luật hành chính", "Sở Nội vụ",
         "Rà soát quy chế làm việc", "31/03/2026"],
    ])
    code, out, _ = _run(["import", str(f)], store)
    assert 0 == code, out
    tasks = store.get_tasks()
    assert 1 == len(tasks)
    # The deadline "31/03/2026" is a fixed date (Tue 31/03/2026, a working day).
    assert ("SNV", date(2026, 3, 31)) == (tasks[0].lead_unit, tasks[0].due_date)


def test_a_refused_row_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    store = _store()
    f = _csv(tmp_path / "vb.csv", [
        ["05/CT-UBND", "02/03/2026", "Về kỷ luật", "Sở Nội vụ", "Việc một", "31/03/2026"],
        ["06/CT-UBND", "02/03/2026", "Về cải cách", "Sở Không Có", "Việc hai", "31/03/2026"],
    ])
    code, out, _ = _run(["import", str(f)], store)
    assert 1 == code
    assert "nothing was written" in out
    assert [] == store.get_tasks()


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    store = _store()
    f = _csv(tmp_path / "vb.csv", [
        ["05/CT-UBND", "02/03/2026", "Về kỷ luật", "Sở Nội vụ", "Việc một", "31/03/2026"],
    ])
    code, _, _ = _run(["import", str(f), "--dry-run"], store)
    assert (0, []) == (code, store.get_tasks())


@pytest.mark.parametrize("option", [["--dry-run"], ["--sheet", "Sheet1"]])
def test_eoffice_options_are_refused_for_json_lines(tmp_path: Path, option: list[str]) -> None:
    f = tmp_path / "backup.jsonl"
    f.write_text("", encoding="utf-8")
    code, _, err = _run(["import", str(f), *option], _store())
    assert 1 == code
    assert "e-office" in err
