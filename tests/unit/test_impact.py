# SPDX-License-Identifier: MIT
"""
Calendar-change impact: preview, apply, audit trail, past statuses.

Hand-computed calendar (October 2026 has no public holiday; 08/10/2026 is a Thursday):

* "trong 10 ngày làm việc" from Thu 08/10: 09 (1), 12, 13, 14, 15 (5), 16, 19, 20, 21,
  22 (10) → Thu 22/10/2026.  With a typhoon closure on Thu 15/10 the 10th working day
  is Fri 23/10 (one working day later).  With a make-up Saturday 17/10 instead, it is
  Wed 21/10 (one working day earlier).
* "trong 5 ngày làm việc" from 08/10: 09, 12, 13, 14, 15 → Thu 15/10, the closure day;
  with the closure: 09, 12, 13, 14, 16 → Fri 16/10.
* "trong 3 ngày làm việc" from 08/10: 09, 12, 13 → Tue 13/10, before the closure:
  unchanged.
* A pause from Mon 12/10 to Mon 19/10 covers, with the closure, 13, 14, 16, 19 = 4 working
  days; from a current due date of Fri 23/10 that is 26, 27, 28, 29 → Thu 29/10.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_tracker.calendar_changes import (
    CalendarImpact,
    apply_calendar_change,
    calendar_change_impact,
    changed_days,
)
from directive_tracker.calendars import CalendarPolicy, DayOverride, vietnam_calendar
from directive_tracker.deadlines import DeadlineRule, FixedDate, NoDeadline, WorkingDays
from directive_tracker.directives import Directive
from directive_tracker.events import (
    DeadlineRecomputed,
    ExtensionApproved,
    ExtensionRequested,
    ProgressReported,
    TaskAssigned,
    TaskCompleted,
    TaskEvent,
    TaskPaused,
    TaskResumed,
    event_from_dict,
    event_to_dict,
)
from directive_tracker.exceptions import (
    ConcurrentModificationError,
    InvalidTransitionError,
    InvalidTypeError,
    ValidationError,
)
from directive_tracker.lifecycle import RecomputeRecord, TaskPhase
from directive_tracker.lifecycle import replay as fold
from directive_tracker.status import StatusKind, status
from directive_tracker.storage.base import Store, TaskQuery
from directive_tracker.storage.memory import MemoryStore
from directive_tracker.storage.sqlite import SQLiteStore
from directive_tracker.tasks import Task

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = vietnam_calendar()
ANCHOR = date(2026, 10, 8)
CLOSURE = DayOverride(date=date(2026, 10, 15), working=False,
                      reason_vi="Nghỉ làm việc tránh bão số 7", reason_en="Typhoon closure",
                      source="CĐ 05/CĐ-UBND ngày 14/10/2026")
MAKEUP = DayOverride(date=date(2026, 10, 17), working=True, reason_vi="Làm bù",
                     source="TB 99/TB-UBND")
TYPHOON = CAL.with_overrides(CLOSURE)
DOC = "CĐ 05/CĐ-UBND ngày 14/10/2026"
WHY = "Nghỉ làm việc tránh bão số 7"


def at(d: date, hour: int = 9) -> datetime:
    """Return *d* at *hour*:00 in Vietnam."""
    return datetime(d.year, d.month, d.day, hour, tzinfo=VN)


def clock_at(d: date, hour: int = 10) -> Any:
    """Return a clock fixed at *d* *hour*:00 in Vietnam."""
    return lambda: at(d, hour)


def task(task_id: str, rule: DeadlineRule, due: date | None) -> Task:
    """Return a task of directive D1 assigned on 08/10/2026, anchored there."""
    return Task(id=task_id, directive_id="D1", content=f"Nhiệm vụ {task_id}",
                lead_unit="SNV", deadline=rule, anchor=ANCHOR, due_date=due,
                assigned_on=ANCHOR)


def assigned(task_id: str) -> TaskAssigned:
    """Return the assignment event of *task_id* on 08/10/2026."""
    return TaskAssigned(task_id=task_id, at=at(ANCHOR), actor="vanthu")


class _Racy:
    """Mixin: refuse append_events for ``fail_task`` as if another writer came first."""

    fail_task: str | None = None

    def append_events(self, task_id: str, events: Any, *, expected_version: int) -> int:
        if task_id == self.fail_task:
            raise ConcurrentModificationError(task_id, expected_version, expected_version + 1)
        return super().append_events(task_id, events,  # type: ignore[misc]
                                     expected_version=expected_version)


class RacyMemory(_Racy, MemoryStore):
    """MemoryStore with a refusing task."""


class RacySQLite(_Racy, SQLiteStore):
    """SQLiteStore with a refusing task."""


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """
    A store with tasks assigned on 08/10/2026:

    A: 10 working days (due 22/10); B: 3 working days (13/10); C: fixed 20/10;
    D: 10 working days, completed 12/10; E: 5 working days (15/10);
    F: 10 working days, paused since 12/10; G: 10 working days, extended to 30/10;
    N: no deadline.
    """
    s: Any = RacyMemory() if request.param == "memory" else RacySQLite(
        tmp_path / "impact.db")
    s.add_directive(Directive(id="D1", issuer="UBND", issue_date=ANCHOR,
                              summary="Kế hoạch phòng, chống thiên tai năm 2026"))
    w10 = WorkingDays(n=10)
    s.add_task(task("A", w10, date(2026, 10, 22)), [assigned("A")])
    s.add_task(task("B", WorkingDays(n=3), date(2026, 10, 13)), [assigned("B")])
    s.add_task(task("C", FixedDate(date=date(2026, 10, 20)), date(2026, 10, 20)),
               [assigned("C")])
    s.add_task(task("D", w10, date(2026, 10, 22)), [
        assigned("D"), TaskCompleted(task_id="D", at=at(date(2026, 10, 12)), actor="snv",
                                     completed_on=date(2026, 10, 12))])
    s.add_task(task("E", WorkingDays(n=5), date(2026, 10, 15)), [assigned("E")])
    s.add_task(task("F", w10, date(2026, 10, 22)), [
        assigned("F"), TaskPaused(task_id="F", at=at(date(2026, 10, 12)), actor="snv",
                                  reason="Chờ Sở Tài chính")])
    s.add_task(task("G", w10, date(2026, 10, 22)), [
        assigned("G"),
        ExtensionRequested(task_id="G", at=at(date(2026, 10, 9)), actor="snv",
                           requested_due=date(2026, 10, 30), reason="Chờ số liệu"),
        ExtensionApproved(task_id="G", at=at(date(2026, 10, 9), 15), actor="vp",
                          new_due=date(2026, 10, 30), decider="PCT")])
    s.add_task(task("N", NoDeadline(), None), [assigned("N")])
    yield s
    s.close()


def rows_of(impact: CalendarImpact) -> list[tuple[Any, ...]]:
    """Return (id, rule old, rule new, current old, current new, shift, before, after)."""
    return [(r.task_id, r.rule_due_old, r.rule_due_new, r.current_due_old, r.current_due_new,
             r.shift_working_days, r.status_before, r.status_after) for r in impact.rows]


def events_of(store: Store, task_id: str) -> list[TaskEvent]:
    """Return the stored log of *task_id*."""
    return store.get_events(task_id)


class TestChangedDays:
    def test_typhoon_closure(self) -> None:
        """A closure changes exactly its own date."""
        assert (date(2026, 10, 15),) == changed_days(CAL, TYPHOON)

    def test_same_calendar(self) -> None:
        """Equal calendars change nothing."""
        assert () == changed_days(CAL, vietnam_calendar())

    def test_policy_change_compares_every_day(self) -> None:
        """Without Culture Day (24/11, from 2026), 24/11/2026 (Tue) and 24/11/2027 (Wed)
        become working days."""
        new = vietnam_calendar(policy=CalendarPolicy(culture_day_from=None))
        actual = [d for d in changed_days(CAL, new) if d.year <= 2027]
        assert [date(2026, 11, 24), date(2027, 11, 24)] == actual

    def test_wrong_types(self) -> None:
        """Both arguments must be calendars."""
        with pytest.raises(InvalidTypeError):
            changed_days("CAL", TYPHOON)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            changed_days(CAL, None)  # type: ignore[arg-type]


class TestPreview:
    def test_typhoon_closure_rows(self, store: Store) -> None:
        """On 14/10, A and F move from 22/10 to 23/10, E from 15/10 to 16/10 (one working
        day each); G's rule moves but its extension keeps 30/10; B, C, D, N are absent."""
        impact = calendar_change_impact(store, CAL, TYPHOON, as_of=date(2026, 10, 14))
        expected = [
            ("A", date(2026, 10, 22), date(2026, 10, 23), date(2026, 10, 22),
             date(2026, 10, 23), 1, StatusKind.IN_PROGRESS, StatusKind.IN_PROGRESS),
            ("E", date(2026, 10, 15), date(2026, 10, 16), date(2026, 10, 15),
             date(2026, 10, 16), 1, StatusKind.DUE_SOON, StatusKind.DUE_SOON),
            ("F", date(2026, 10, 22), date(2026, 10, 23), date(2026, 10, 22),
             date(2026, 10, 23), 1, StatusKind.PAUSED, StatusKind.PAUSED),
            ("G", date(2026, 10, 22), date(2026, 10, 23), date(2026, 10, 30),
             date(2026, 10, 30), 0, StatusKind.IN_PROGRESS, StatusKind.IN_PROGRESS),
        ]
        assert expected == rows_of(impact)
        assert ["A", "E", "F"] == [r.task_id for r in impact.applicable]
        assert (date(2026, 10, 15),) == impact.changed_days
        assert impact.applied is False

    def test_rule_text_and_lead(self, store: Store) -> None:
        """A row names the rule as written and the lead unit."""
        row = calendar_change_impact(store, CAL, TYPHOON, as_of=date(2026, 10, 14)).rows[0]
        assert ("trong 10 ngày làm việc", "SNV", ANCHOR, 2) == (
            row.rule_vi, row.lead_unit, row.anchor, row.version)

    def test_status_turns_from_overdue_to_due_today(self, store: Store) -> None:
        """Judged on 16/10, E is overdue under the old calendar (due 15/10) but due today
        under the new one (due 16/10, 0 working days left: 'Sắp đến hạn')."""
        impact = calendar_change_impact(store, CAL, TYPHOON, as_of=date(2026, 10, 16))
        row = next(r for r in impact.rows if r.task_id == "E")
        assert (StatusKind.OVERDUE, StatusKind.DUE_SOON) == (row.status_before,
                                                             row.status_after)

    def test_makeup_saturday_moves_earlier(self, store: Store) -> None:
        """A make-up Saturday 17/10 moves A from 22/10 to 21/10: shift -1."""
        impact = calendar_change_impact(store, CAL, CAL.with_overrides(MAKEUP),
                                        as_of=date(2026, 10, 14))
        row = impact.rows[0]
        assert ("A", date(2026, 10, 21), -1) == (row.task_id, row.current_due_new,
                                                 row.shift_working_days)

    def test_include_closed(self, store: Store) -> None:
        """D (completed 12/10) is reported with include_closed, not applicable."""
        impact = calendar_change_impact(store, CAL, TYPHOON, as_of=date(2026, 10, 14),
                                        include_closed=True)
        row = next(r for r in impact.rows if r.task_id == "D")
        assert (False, False, StatusKind.COMPLETED_ON_TIME, StatusKind.COMPLETED_ON_TIME) == (
            row.is_open, row.applicable, row.status_before, row.status_after)

    def test_query_limits_tasks(self, store: Store) -> None:
        """A TaskQuery restricts the tasks considered."""
        impact = calendar_change_impact(store, CAL, TYPHOON, as_of=date(2026, 10, 14),
                                        query=TaskQuery(ids=("E",)))
        assert ["E"] == [r.task_id for r in impact.rows]

    def test_tasks_assigned_later_are_ignored(self, store: Store) -> None:
        """As of 07/10 no task is assigned yet."""
        assert () == calendar_change_impact(store, CAL, TYPHOON, as_of=date(2026, 10, 7)).rows

    def test_no_change_no_rows(self, store: Store) -> None:
        """Identical calendars give an empty impact."""
        impact = calendar_change_impact(store, CAL, vietnam_calendar(),
                                        as_of=date(2026, 10, 14))
        assert ((), ()) == (impact.rows, impact.changed_days)

    def test_preview_writes_nothing(self, store: Store) -> None:
        """Versions and logs are unchanged by a preview."""
        before = [(t.id, t.version, len(events_of(store, t.id))) for t in store.get_tasks()]
        calendar_change_impact(store, CAL, TYPHOON, as_of=date(2026, 10, 14))
        after = [(t.id, t.version, len(events_of(store, t.id))) for t in store.get_tasks()]
        assert before == after

    def test_conflicting_extension_is_reported_not_applied(self, store: Store) -> None:
        """An extension to 23/10 approved when the due date was 22/10 is no longer later
        than the recomputed 23/10: the replay is refused and the row flags a conflict."""
        store.add_task(task("H", WorkingDays(n=10), date(2026, 10, 22)), [
            assigned("H"),
            ExtensionRequested(task_id="H", at=at(date(2026, 10, 9)), actor="snv",
                               requested_due=date(2026, 10, 23), reason="Chờ số liệu"),
            ExtensionApproved(task_id="H", at=at(date(2026, 10, 9), 15), actor="vp",
                              new_due=date(2026, 10, 23), decider="PCT")])
        impact = calendar_change_impact(store, CAL, TYPHOON, as_of=date(2026, 10, 14))
        row = next(r for r in impact.rows if r.task_id == "H")
        assert row.conflict is not None
        assert (date(2026, 10, 23), False) == (row.current_due_new, row.applicable)
        assert row.conflict in impact.to_table().records()[-1]["note"]

    @pytest.mark.filterwarnings(
        "ignore:.*keyword 'policy' is deprecated"
        ":directive_tracker.exceptions.DirectiveTrackerDeprecationWarning")
    def test_bad_arguments(self, store: Store) -> None:
        """Every argument is checked."""
        d = date(2026, 10, 14)
        with pytest.raises(InvalidTypeError):
            calendar_change_impact("db", CAL, TYPHOON, as_of=d)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            calendar_change_impact(store, None, TYPHOON, as_of=d)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            calendar_change_impact(store, CAL, TYPHOON,
                                   as_of=at(d))  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            calendar_change_impact(store, CAL, TYPHOON, as_of=d,
                                   query="A")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            calendar_change_impact(store, CAL, TYPHOON, as_of=d,
                                   include_closed=1)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            calendar_change_impact(store, CAL, TYPHOON, as_of=d,
                                   policy="strict")  # type: ignore[arg-type]
        with pytest.raises(ValidationError):
            calendar_change_impact(store, CAL, TYPHOON, as_of=d, due_soon_days=-1)


class TestTable:
    def test_table_rows_and_html(self, store: Store) -> None:
        """The table has one row per task with Vietnamese status labels; HTML renders."""
        impact = calendar_change_impact(store, CAL, TYPHOON, as_of=date(2026, 10, 14))
        table = impact.to_table()
        first = table.records()[0]
        assert ("A", "trong 10 ngày làm việc", date(2026, 10, 22), date(2026, 10, 23), 1,
                "Đang thực hiện trong hạn", None) == (
            first["task_id"], first["rule_vi"], first["current_due_old"],
            first["current_due_new"], first["shift_working_days"], first["status_after"],
            first["note"])
        assert "calendar_impact" == table.name
        assert ("Xem trước; tính đến ngày 14/10/2026; ngày thay đổi: 15/10/2026"
                == table.subtitle_vi)
        assert "ẢNH HƯỞNG CỦA VIỆC THAY ĐỔI LỊCH LÀM VIỆC" in impact._repr_html_()


class TestApply:
    def test_records_one_event_per_open_task(self, store: Store) -> None:
        """A, E, F get a DeadlineRecomputed with the document; G, B, C, D, N nothing."""
        result = apply_calendar_change(store, CAL, TYPHOON, actor="vp_ubnd", reason=WHY,
                                       document=DOC, clock=clock_at(date(2026, 10, 14)))
        assert result.applied is True
        assert ["A", "E", "F"] == [r.task_id for r in result.applicable]
        got = {}
        for t in store.get_tasks():
            last = events_of(store, t.id)[-1]
            if isinstance(last, DeadlineRecomputed):
                got[t.id] = (last.previous_due, last.new_due, last.document, last.reason,
                             last.actor, last.at)
        expected = {
            "A": (date(2026, 10, 22), date(2026, 10, 23), DOC, WHY, "vp_ubnd",
                  at(date(2026, 10, 14), 10)),
            "E": (date(2026, 10, 15), date(2026, 10, 16), DOC, WHY, "vp_ubnd",
                  at(date(2026, 10, 14), 10)),
            "F": (date(2026, 10, 22), date(2026, 10, 23), DOC, WHY, "vp_ubnd",
                  at(date(2026, 10, 14), 10)),
        }
        assert expected == got
        assert 3 == store.get_task("A").version

    def test_original_kept_current_moved(self, store: Store) -> None:
        """After applying, A's stored due date is still 22/10; its current due is 23/10;
        completed on 23/10 it is on time against the current and late against the
        original."""
        apply_calendar_change(store, CAL, TYPHOON, actor="vp", reason=WHY, document=DOC,
                              clock=clock_at(date(2026, 10, 14)))
        assert date(2026, 10, 22) == store.get_task("A").due_date
        store.append_events("A", [TaskCompleted(task_id="A", at=at(date(2026, 10, 23)),
                                                actor="snv",
                                                completed_on=date(2026, 10, 23))],
                            expected_version=3)
        st = status(store.get_task("A"), events_of(store, "A"), as_of=date(2026, 10, 23),
                    calendar=TYPHOON)
        assert (date(2026, 10, 22), date(2026, 10, 23), StatusKind.COMPLETED_ON_TIME,
                True, False) == (st.original_due, st.current_due, st.kind,
                                 st.on_time_vs_current, st.on_time_vs_original)

    def test_past_statuses_unchanged(self, store: Store) -> None:
        """Statuses as of 08/10-13/10 are identical before and after the change (under
        either calendar)."""
        days = [date(2026, 10, d) for d in (8, 9, 12, 13)]

        def snapshot() -> list[Any]:
            out = []
            for t in store.get_tasks():
                for cal in (CAL, TYPHOON):
                    for d in days:
                        st = status(t, events_of(store, t.id), as_of=d, calendar=cal)
                        out.append((t.id, d, st.kind, st.current_due, st.original_due,
                                    st.working_days_remaining, st.group))
            return out

        before = snapshot()
        apply_calendar_change(store, CAL, TYPHOON, actor="vp", reason=WHY, document=DOC,
                              clock=clock_at(date(2026, 10, 14)))
        assert before == snapshot()

    def test_pause_after_recomputation(self, store: Store) -> None:
        """F resumed on 19/10 after the recomputation: 4 working days from 23/10 → 29/10."""
        apply_calendar_change(store, CAL, TYPHOON, actor="vp", reason=WHY, document=DOC,
                              clock=clock_at(date(2026, 10, 14)))
        store.append_events("F", [TaskResumed(task_id="F", at=at(date(2026, 10, 19)),
                                              actor="snv")], expected_version=4)
        state = fold(store.get_task("F"), events_of(store, "F"), calendar=TYPHOON)
        assert (date(2026, 10, 29), 4) == (state.current_due, state.paused_working_days)

    def test_second_run_changes_nothing(self, store: Store) -> None:
        """Once applied, the same change under the new calendar as 'old' is empty."""
        apply_calendar_change(store, CAL, TYPHOON, actor="vp", reason=WHY, document=DOC,
                              clock=clock_at(date(2026, 10, 14)))
        again = calendar_change_impact(store, TYPHOON, TYPHOON, as_of=date(2026, 10, 14))
        assert () == again.rows

    def test_second_change_stacks(self, store: Store) -> None:
        """A second closure on Fri 16/10 after the first is applied moves A from 23/10 to
        Mon 26/10 (one working day)."""
        apply_calendar_change(store, CAL, TYPHOON, actor="vp", reason=WHY, document=DOC,
                              clock=clock_at(date(2026, 10, 14)))
        second = TYPHOON.with_overrides(DayOverride(
            date=date(2026, 10, 16), working=False, reason_vi="Tiếp tục nghỉ tránh bão",
            source="CĐ 06/CĐ-UBND"))
        impact = calendar_change_impact(store, TYPHOON, second, as_of=date(2026, 10, 15),
                                        query=TaskQuery(ids=("A",)))
        assert [("A", date(2026, 10, 23), date(2026, 10, 26), 1)] == [
            (r.task_id, r.current_due_old, r.current_due_new, r.shift_working_days)
            for r in impact.rows]

    def test_with_matching_preview(self, store: Store) -> None:
        """A preview that still holds is applied."""
        preview = calendar_change_impact(store, CAL, TYPHOON, as_of=date(2026, 10, 14))
        result = apply_calendar_change(store, CAL, TYPHOON, actor="vp", reason=WHY,
                                       document=DOC, clock=clock_at(date(2026, 10, 14)),
                                       preview=preview)
        assert [r.task_id for r in preview.applicable] == [
            r.task_id for r in result.applicable]

    def test_stale_preview_is_refused_and_nothing_written(self, store: Store) -> None:
        """A progress report on A after the preview makes it stale: nothing is written."""
        preview = calendar_change_impact(store, CAL, TYPHOON, as_of=date(2026, 10, 14))
        store.append_events("A", [ProgressReported(task_id="A", at=at(date(2026, 10, 14)),
                                                   actor="snv", percent=30)],
                            expected_version=2)
        with pytest.raises(ConcurrentModificationError):
            apply_calendar_change(store, CAL, TYPHOON, actor="vp", reason=WHY, document=DOC,
                                  clock=clock_at(date(2026, 10, 14)), preview=preview)
        assert [2, 3] == [store.get_task("E").version, store.get_task("F").version]

    def test_concurrent_write_rolls_back_everything(self, store: Any) -> None:
        """If the write of F is refused as stale, A's and E's events are rolled back."""
        store.fail_task = "F"
        with pytest.raises(ConcurrentModificationError):
            apply_calendar_change(store, CAL, TYPHOON, actor="vp", reason=WHY, document=DOC,
                                  clock=clock_at(date(2026, 10, 14)))
        assert [2, 2] == [store.get_task("A").version, store.get_task("E").version]
        assert [1, 1] == [len(events_of(store, "A")), len(events_of(store, "E"))]

    def test_event_before_last_event_is_refused(self, store: Store) -> None:
        """Applied at 08:00 on 14/10 while A has an event at 09:00 the same day: the
        lifecycle refuses the out-of-order event and nothing is written."""
        store.append_events("A", [ProgressReported(task_id="A", at=at(date(2026, 10, 14)),
                                                   actor="snv", percent=30)],
                            expected_version=2)
        with pytest.raises(InvalidTransitionError):
            apply_calendar_change(store, CAL, TYPHOON, actor="vp", reason=WHY, document=DOC,
                                  clock=clock_at(date(2026, 10, 14), 8))
        assert 2 == store.get_task("E").version

    def test_bad_arguments(self, store: Store) -> None:
        """Texts, as_of, clock and preview are checked before anything is written."""
        clock = clock_at(date(2026, 10, 14))
        kw: dict[str, Any] = {"actor": "vp", "reason": WHY, "document": DOC, "clock": clock}
        with pytest.raises(ValidationError):
            apply_calendar_change(store, CAL, TYPHOON, **{**kw, "actor": " "})
        with pytest.raises(ValidationError):
            apply_calendar_change(store, CAL, TYPHOON, **{**kw, "document": ""})
        with pytest.raises(InvalidTypeError):
            apply_calendar_change(store, CAL, TYPHOON, **{**kw, "reason": None})
        with pytest.raises(ValidationError):
            apply_calendar_change(store, CAL, TYPHOON, **kw, as_of=date(2026, 10, 13))
        with pytest.raises(InvalidTypeError):
            apply_calendar_change(store, CAL, TYPHOON, **{**kw, "clock": "now"})
        with pytest.raises(InvalidTypeError):
            apply_calendar_change(store, CAL, TYPHOON, **{**kw, "clock": lambda: "now"})
        with pytest.raises(InvalidTypeError):
            apply_calendar_change(store, CAL, TYPHOON, **kw, preview=[])
        with pytest.raises(InvalidTypeError):
            apply_calendar_change(store, "old", TYPHOON, **kw)  # type: ignore[arg-type]
        assert 2 == store.get_task("A").version

    def test_as_of_today_is_accepted(self, store: Store) -> None:
        """as_of equal to the clock's date is allowed."""
        result = apply_calendar_change(store, CAL, TYPHOON, actor="vp", reason=WHY,
                                       document=DOC, clock=clock_at(date(2026, 10, 14)),
                                       as_of=date(2026, 10, 14))
        assert date(2026, 10, 14) == result.as_of


class TestDeadlineRecomputedEvent:
    def base(self, d: date = date(2026, 10, 14)) -> dict[str, Any]:
        return {"task_id": "A", "at": at(d), "actor": "vp"}

    def test_sets_current_due_and_history(self) -> None:
        """The event sets the current due date, keeps the original and is no extension."""
        t = task("A", WorkingDays(n=10), date(2026, 10, 22))
        ev = DeadlineRecomputed(**self.base(), previous_due=date(2026, 10, 22),
                                new_due=date(2026, 10, 23), document=DOC, reason=WHY)
        state = fold(t, [assigned("A"), ev], calendar=TYPHOON)
        assert (date(2026, 10, 22), date(2026, 10, 23), 0, TaskPhase.ASSIGNED) == (
            state.original_due, state.current_due, state.extensions_approved, state.phase)
        assert (RecomputeRecord(on=date(2026, 10, 14), previous_due=date(2026, 10, 22),
                                new_due=date(2026, 10, 23), document=DOC, reason=WHY,
                                actor="vp"),) == state.recomputations

    def test_refused_on_closed_task(self) -> None:
        """No recomputation after completion."""
        t = task("A", WorkingDays(n=10), date(2026, 10, 22))
        done = TaskCompleted(**self.base(date(2026, 10, 12)), completed_on=date(2026, 10, 12))
        ev = DeadlineRecomputed(**self.base(), previous_due=date(2026, 10, 22),
                                new_due=date(2026, 10, 23), document=DOC, reason=WHY)
        with pytest.raises(InvalidTransitionError):
            fold(t, [assigned("A"), done, ev], calendar=TYPHOON)

    def test_refused_without_deadline(self) -> None:
        """A task without a deadline has nothing to recompute."""
        t = task("A", NoDeadline(), None)
        ev = DeadlineRecomputed(**self.base(), previous_due=date(2026, 10, 22),
                                new_due=date(2026, 10, 23), document=DOC, reason=WHY)
        with pytest.raises(InvalidTransitionError):
            fold(t, [assigned("A"), ev], calendar=TYPHOON)

    def test_equal_dates_refused(self) -> None:
        """A recomputation that changes nothing is refused."""
        with pytest.raises(ValidationError):
            DeadlineRecomputed(**self.base(), previous_due=date(2026, 10, 22),
                               new_due=date(2026, 10, 22), document=DOC, reason=WHY)

    def test_empty_document_refused(self) -> None:
        """The deciding document is required."""
        with pytest.raises(ValidationError):
            DeadlineRecomputed(**self.base(), previous_due=date(2026, 10, 22),
                               new_due=date(2026, 10, 23), document="", reason=WHY)

    def test_dict_round_trip(self) -> None:
        """The JSON form keeps every field and the kind."""
        ev = DeadlineRecomputed(**self.base(), previous_due=date(2026, 10, 22),
                                new_due=date(2026, 10, 23), document=DOC, reason=WHY)
        data = event_to_dict(ev)
        assert "deadline_recomputed" == data["kind"]
        assert ev == event_from_dict(data)


class TestProperties:
    @settings(max_examples=200, deadline=None)
    @given(anchor=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
           n=st.integers(min_value=1, max_value=60),
           offset=st.integers(min_value=0, max_value=120))
    def test_closing_one_working_day(self, anchor: date, n: int, offset: int) -> None:
        """Closing a working day d moves "n working days" by exactly one working day when
        anchor < d <= the old due date, and not at all otherwise."""
        rule = WorkingDays(n=n)
        due = CAL.add_working_days(anchor, n)
        closed = CAL.add_working_days(anchor, offset - 30) if offset > 30 else \
            CAL.add_working_days(anchor, -offset - 1)
        new = CAL.with_overrides(DayOverride(date=closed, working=False,
                                             reason_vi="Nghỉ tránh bão", source="CĐ 1"))
        s = MemoryStore()
        s.add_directive(Directive(id="D1", issuer="UBND", issue_date=anchor, summary="KH"))
        s.add_task(Task(id="T", directive_id="D1", content="Nhiệm vụ", lead_unit="SNV",
                        deadline=rule, anchor=anchor, due_date=due, assigned_on=anchor),
                   [TaskAssigned(task_id="T", at=at(anchor), actor="vt")])
        rows = calendar_change_impact(s, CAL, new, as_of=anchor).rows
        if anchor < closed <= due:
            assert [(due, CAL.next_working_day(due), 1)] == [
                (r.current_due_old, r.current_due_new, r.shift_working_days) for r in rows]
        else:
            assert () == rows

    @settings(max_examples=300, deadline=None)
    @given(anchor=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
           n=st.integers(min_value=1, max_value=400))
    def test_working_days_due_date_matches_explanation(self, anchor: date, n: int) -> None:
        """WorkingDays.due_date (fast path) is the date its explanation ends on."""
        rule = WorkingDays(n=n)
        assert rule.explain(anchor, TYPHOON).due == rule.due_date(anchor, TYPHOON)
