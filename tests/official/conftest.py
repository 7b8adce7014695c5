# SPDX-License-Identifier: MIT
"""
A small province whose reports are computed by hand, for the official documents.

Calendar facts (2026): 27/04 (substitute day for Giỗ Tổ), 30/04 and 01/05 are days off;
otherwise Monday–Friday.  Working days late are counted after the due date, up to and
including the report date.  All tasks are assigned 01/04/2026; the data date is Friday
15/05/2026.

==== ==== ===== ====== ================================= =================================
Task Dir  Lead  Due    Events                            Status on 15/05/2026
==== ==== ===== ====== ================================= =================================
A1   D1   SNV   24/04  completed 23/04                   completed on time
A2   D1   SNV   29/04  completed 05/05                   completed late (04, 05 May: 2 wd)
A3   D3   SNV   08/05  40 % on 04/05                     overdue, 5 wd (11–15 May)
A4   D1   STC   20/05  60 % on 12/05                     in progress, 3 wd left
                                                         (18, 19, 20 May)
A5   D2   STC   04/05  none                              overdue, 9 wd (5–8, 11–15 May)
A6   D2   XAL   13/05  completed 13/05                   completed on time
A7   D2   XAL   06/05  cancelled 05/05                   cancelled (counted apart)
A8   D1   XAL   none   none                              no deadline (not completed,
                                                         within deadline)
==== ==== ===== ====== ================================= =================================

Directives: D1 "Chỉ thị số 05/CT-UBND" of 20/03/2026; D2 the công văn "1234/UBND-KT"
of 01/04/2026; D3 a margin note ("Ý kiến bút phê") of 25/03/2026, without a number.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import directive_tracker as dt
from directive_tracker.official import DocumentDetails, IssuingAgency, Recipients, Signer
from directive_tracker.storage import MemoryStore

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AS_OF = date(2026, 5, 15)
ASSIGNED = date(2026, 4, 1)
#: A hostile task content: markup and a terminal escape sequence.
HOSTILE = "<script>alert('x')</script> & \x1b[2J\x1b]0;pwned\x07 \u202eevil"


def _at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 9, tzinfo=VN)


def _base(task_id: str, d: date) -> dict[str, Any]:
    return {"task_id": task_id, "at": _at(d), "actor": "chuyenvien"}


def _task(task_id: str, directive: str, lead: str, due: date | None, content: str
          ) -> dt.Task:
    rule = dt.FixedDate(date=due) if due is not None else dt.NoDeadline()
    return dt.Task(id=task_id, directive_id=directive, content=content, lead_unit=lead,
                   deadline=rule, anchor=ASSIGNED, due_date=due, assigned_on=ASSIGNED)


def build_province(store: Any) -> Any:
    """Fill *store* with the module's dataset."""
    for code, name in (("SNV", "Sở Nội vụ"), ("STC", "Sở Tài chính"),
                       ("XAL", "UBND xã An Lạc")):
        store.add_unit(dt.Unit(code=code, name=name, kind=dt.UnitKind.DEPARTMENT
                               if code != "XAL" else dt.UnitKind.COMMUNE))
    store.add_directive(dt.Directive(
        id="D1", number=dt.DocumentNumber.parse("05/CT-UBND"), issuer="UBND",
        issue_date=date(2026, 3, 20), summary="Chỉ thị về cải cách hành chính năm 2026"))
    store.add_directive(dt.Directive(
        id="D2", number=dt.DocumentNumber.parse("1234/UBND-KT"), issuer="UBND",
        issue_date=date(2026, 4, 1), summary="Về giải ngân vốn đầu tư công"))
    store.add_directive(dt.Directive(
        id="D3", origin=dt.DirectiveOrigin.MARGIN_NOTE, issuer="UBND",
        issue_date=date(2026, 3, 25), summary="Bút phê trên văn bản đến"))
    done = dt.TaskCompleted
    rows: list[tuple[dt.Task, list[Any]]] = [
        (_task("A1", "D1", "SNV", date(2026, 4, 24), "Rà soát thủ tục hành chính"),
         [done(**_base("A1", date(2026, 4, 23)), completed_on=date(2026, 4, 23))]),
        (_task("A2", "D1", "SNV", date(2026, 4, 29), "Báo cáo biên chế công chức"),
         [done(**_base("A2", date(2026, 5, 5)), completed_on=date(2026, 5, 5))]),
        (_task("A3", "D3", "SNV", date(2026, 5, 8), "Trình phương án sắp xếp phòng"),
         [dt.ProgressReported(**_base("A3", date(2026, 5, 4)), percent=40)]),
        (_task("A4", "D1", "STC", date(2026, 5, 20), "Tham mưu phân bổ vốn còn lại"),
         [dt.ProgressReported(**_base("A4", date(2026, 5, 12)), percent=60)]),
        (_task("A5", "D2", "STC", date(2026, 5, 4),
               "Tổng hợp tình hình giải ngân"), []),
        (_task("A6", "D2", "XAL", date(2026, 5, 13), "Báo cáo tiến độ giải phóng mặt bằng"),
         [done(**_base("A6", date(2026, 5, 13)), completed_on=date(2026, 5, 13))]),
        (_task("A7", "D2", "XAL", date(2026, 5, 6), "Kiểm tra công trình"),
         [dt.TaskCancelled(**_base("A7", date(2026, 5, 5)), reason="Thu hồi")]),
        (_task("A8", "D1", "XAL", None, "Theo dõi an ninh trật tự"), []),
    ]
    for t, events in rows:
        store.add_task(t, [dt.TaskAssigned(**_base(t.id, ASSIGNED)), *events])
    return store


@pytest.fixture(scope="session")
def cal() -> dt.WorkingCalendar:
    """The default Vietnamese working-day calendar."""
    return dt.vietnam_calendar()


@pytest.fixture
def province() -> Iterator[Any]:
    """A memory store with the dataset."""
    with MemoryStore() as store:
        yield build_province(store)


@pytest.fixture
def hostile_reports(cal: dt.WorkingCalendar) -> Iterator[dict[str, Any]]:
    """The overdue list and upcoming deadlines of the dataset with A5's content hostile."""
    with MemoryStore() as store:
        build_province(store)
        found = {"overdue": dt.overdue_list(store, cal, as_of=AS_OF),
                 "upcoming": dt.upcoming_deadlines(store, cal, as_of=AS_OF)}
        # Task and the stores refuse control characters since 0.2 (docs/guide/
        # input-limits.md); the writers must still neutralise them in data read from an
        # older file or another program, so A5's content is forged into the report rows.
        forged = 0
        for report in found.values():
            for row in report.rows:
                if row.task_id == "A5":
                    object.__setattr__(row, "content", HOSTILE)
                    forged += 1
        assert forged >= 1
        yield found


@pytest.fixture
def reports(province: Any, cal: dt.WorkingCalendar) -> dict[str, Any]:
    """Every report of the province on 15/05/2026."""
    return {
        "summary": dt.summary(province, cal, as_of=AS_OF),
        "scoreboard": dt.scoreboard(province, cal, as_of=AS_OF),
        "overdue": dt.overdue_list(province, cal, as_of=AS_OF),
        "upcoming": dt.upcoming_deadlines(province, cal, as_of=AS_OF),
        "directives": dt.directive_progress(province, cal, as_of=AS_OF),
    }


AGENCY = IssuingAgency(name="Ủy ban nhân dân\ntỉnh Ninh Giang", place="Ninh Giang",
                       short_name="Ủy ban nhân dân tỉnh")
SIGNER = Signer(authority=("TM. Ủy ban nhân dân", "KT. Chủ tịch"), title="Phó Chủ tịch",
                name="Nguyễn Văn An")
RECIPIENTS = Recipients(names=("Văn phòng Chính phủ", "Thường trực Tỉnh ủy"),
                        archive=("VT", "TH"))


@pytest.fixture
def report_details() -> DocumentDetails:
    """Report 15/BC-UBND dated Monday 18/05/2026."""
    return DocumentDetails(agency=AGENCY, number=dt.DocumentNumber.parse("15/BC-UBND"),
                           issued_on=date(2026, 5, 18), signer=SIGNER, recipients=RECIPIENTS)


@pytest.fixture
def letter_details() -> DocumentDetails:
    """Công văn 1520/UBND-TH dated 18/05/2026, signed by the office's head."""
    return DocumentDetails(
        agency=IssuingAgency(name="Ủy ban nhân dân\ntỉnh Ninh Giang", place="Ninh Giang",
                             short_name="UBND tỉnh"),
        number=dt.DocumentNumber.parse("1520/UBND-TH"), issued_on=date(2026, 5, 18),
        signer=Signer(authority=("TL. Chủ tịch",), title="Chánh Văn phòng",
                      name="Trần Thị Bình"),
        recipients=Recipients(names=("Chủ tịch UBND tỉnh (để báo cáo)",),
                              archive=("VT", "TH")))
