# SPDX-License-Identifier: MIT
"""
A write that changes only a task's version (the import restoring ``"version"`` beyond the
task's events, one write each) keeps the task's status rows as they are instead of
computing them again: the mutation fuzz of issue 17 found a 2,500-character backup whose
5-year monthly duty at version 1 + 255 took 273 ms to import.  The rows must be exactly
those a fresh computation gives, on every store.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

from directive_tracker import services
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.directives import Directive
from directive_tracker.documents import DocumentNumber
from directive_tracker.storage import Store
from directive_tracker.units import Unit, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = vietnam_calendar()


def _province(store: Store) -> None:
    """SNV; CT-05 received Mon 05/01/2026; T1 "trong 10 ngày làm việc" (one-off) and T2
    "trước ngày 20 hằng tháng" (monthly), both assigned that day."""
    services.register_unit(store, Unit(code="SNV", name="Sở Nội vụ",
                                       kind=UnitKind.DEPARTMENT))
    services.register_directive(store, Directive(
        id="CT-05", number=DocumentNumber.parse("05/CT-UBND"), issuer="UBND",
        issue_date=date(2026, 1, 2), received_date=date(2026, 1, 5), summary="Chỉ thị"))
    at = datetime(2026, 1, 5, 9, tzinfo=VN)
    for tid, phrase in (("T1", "trong 10 ngày làm việc"), ("T2", "trước ngày 20 hằng tháng")):
        services.assign_task(store, CAL, directive_id="CT-05", task_id=tid,
                             content=f"Nội dung {tid}", lead_unit="SNV", deadline=phrase,
                             actor="VP", clock=lambda: at)


def test_versions_restored_without_an_event_keep_the_rows(store: Store,
                                                          other_store: Store) -> None:
    _province(store)
    out = io.StringIO()
    store.export_jsonl(out)
    lines = out.getvalue().splitlines()
    bumped = []
    for line in lines:
        obj = json.loads(line)
        if obj.get("type") == "task":
            obj["data"]["version"] += 255  # 255 writes without an event
        bumped.append(json.dumps(obj, ensure_ascii=False))
    other_store.import_jsonl(io.StringIO("\n".join(bumped) + "\n"))
    assert [t.version for t in other_store.get_tasks()] == \
        [t.version + 255 for t in store.get_tasks()]
    # One segment for T1 on each day, and one per occurrence of T2 that exists: those due
    # up to the day plus the next (the 20th of each month).  05/01: January → 2; 20/01:
    # January, February → 3; 21/02: to March → 4; 30/06: January to July → 8.
    days = (date(2026, 1, 5), date(2026, 1, 20), date(2026, 2, 21), date(2026, 6, 30))
    before = [other_store.status_segments(d) for d in days]
    assert [len(s) for s in before] == [2, 3, 4, 8]
    other_store.rebuild_timelines()
    assert before == [other_store.status_segments(d) for d in days]
    assert before == [store.status_segments(d) for d in days]
