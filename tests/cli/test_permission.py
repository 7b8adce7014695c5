# SPDX-License-Identifier: MIT
"""
A refused action on the command line (issue 17 item 5): one line in the chosen language,
exit code 1, nothing written.

The e-office system embeds the command line with its own users (``main(...,
authorization=...)``) and imports an export: the importer account ``eoffice-import`` is
an officer of the Văn phòng UBND, who may record assignments but not a completion (the
lead unit's act, see docs/guide/authorization.md), so a file with a completed row is
refused as a whole.
"""

from __future__ import annotations

import csv
import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from directive_tracker.authorization import OfficialPolicy, Principal, StaticDirectory
from directive_tracker.cli import main
from directive_tracker.storage import MemoryStore
from directive_tracker.units import Unit, UnitKind

HEADERS = ["Số/ký hiệu", "Ngày ban hành", "Trích yếu", "Đơn vị chủ trì", "Nội dung nhiệm vụ",
           "Hạn xử lý", "Trạng thái", "Ngày hoàn thành"]
POLICY = OfficialPolicy(directory=StaticDirectory([
    Principal(id="eoffice-import", roles=["office"], unit="VP_UBND")]))


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
        code = main(argv, store=store, authorization=POLICY)
    return code, out.getvalue(), err.getvalue()


ASSIGNED = ["05/CT-UBND", "02/03/2026", "Về kỷ luật", "Sở Nội vụ", "Việc một", "31/03/2026",
            "Đang thực hiện", ""]
COMPLETED = ["06/CT-UBND", "02/03/2026", "Về cải cách", "Sở Nội vụ", "Việc hai", "31/03/2026",
             "Đã hoàn thành", "20/03/2026"]


def test_the_office_may_record_assignments(tmp_path: Path) -> None:
    store = _store()
    code, out, err = _run(["import", str(_csv(tmp_path / "a.csv", [ASSIGNED]))], store)
    assert (0, "") == (code, err), out
    assert ["eoffice-import"] == [e.actor for e in store.get_events(store.get_tasks()[0].id)]


@pytest.mark.parametrize(("lang", "expected"), [
    ("vi", "directive-tracker: lỗi: không có quyền: 'eoffice-import' không được thực hiện "
           "thao tác 'complete'"),
    ("en", "directive-tracker: error: permission denied: 'eoffice-import' may not complete "
           "on task"),
])
def test_a_refusal_is_one_line_exit_1_and_writes_nothing(tmp_path: Path, lang: str,
                                                         expected: str) -> None:
    store = _store()
    f = _csv(tmp_path / "b.csv", [ASSIGNED, COMPLETED])
    code, _out, err = _run(["--lang", lang, "import", str(f)], store)
    assert 1 == code
    assert err.startswith(expected), err
    assert 1 == err.count("\n")
    assert "Traceback" not in err
    assert ([], []) == (store.get_tasks(), store.get_directives())
