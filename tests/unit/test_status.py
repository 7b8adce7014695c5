# SPDX-License-Identifier: MIT
"""Tests for directive_tracker.status: kinds, groups and day counts on hand-computed dates.

Calendar facts (domain.md §2.3): 2026 Hùng Kings 25–27/04 off (27/04 Monday substitute
day); 30/04 Thu and 01/05 Fri off; Tết 2026 14–22/02 off (23/02 Monday works); New Year
2026: 01/01 Thu and 02/01 Fri off, Saturday 10/01/2026 is a make-up working day.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directive_tracker.events import TaskEvent
from directive_tracker.exceptions import (
    DirectiveTrackerDeprecationWarning,
    InvalidTransitionError,
    InvalidTypeError,
    ValidationError,
)
from directive_tracker.lifecycle import LifecyclePolicy, apply, replay
from directive_tracker.status import (
    DEFAULT_DUE_SOON_DAYS,
    ReportGroup,
    StatusKind,
    evaluate,
    evaluate_status,
    status,
)

D = date
ASSIGNED_ON = D(2026, 4, 1)
DUE = D(2026, 4, 24)


class TestLabels:
    @pytest.mark.parametrize(("kind", "vi", "en"), [
        (StatusKind.IN_PROGRESS, "Đang thực hiện trong hạn", "In progress, on time"),
        (StatusKind.DUE_SOON, "Sắp đến hạn", "Due soon"),
        (StatusKind.OVERDUE, "Đang thực hiện quá hạn", "In progress, overdue"),
        (StatusKind.COMPLETED_ON_TIME, "Đã hoàn thành đúng hạn", "Completed on time"),
        (StatusKind.COMPLETED_LATE, "Đã hoàn thành quá hạn", "Completed late"),
        (StatusKind.NO_DEADLINE, "Không có thời hạn", "No deadline (ongoing)"),
        (StatusKind.PAUSED, "Tạm dừng", "Paused"),
        (StatusKind.CANCELLED, "Đã thu hồi/hủy", "Cancelled (recalled)"),
        (StatusKind.REFUSED, "Từ chối", "Refused"),
    ])
    def test_kind_labels(self, kind: StatusKind, vi: str, en: str) -> None:
        """Every kind carries the official Vietnamese wording and an English label."""
        assert (vi, en) == (kind.label_vi, kind.label_en)

    @pytest.mark.parametrize(("group", "vi", "done"), [
        (ReportGroup.COMPLETED_ON_TIME, "Đã hoàn thành đúng hạn", True),
        (ReportGroup.COMPLETED_LATE, "Đã hoàn thành quá hạn", True),
        (ReportGroup.NOT_COMPLETED_ON_TIME, "Chưa hoàn thành trong hạn", False),
        (ReportGroup.NOT_COMPLETED_OVERDUE, "Chưa hoàn thành quá hạn", False),
    ])
    def test_group_labels(self, group: ReportGroup, vi: str, done: bool) -> None:
        """The four official report groups (Báo cáo 1270/BC-TCTTTg)."""
        assert (vi, done) == (group.label_vi, group.is_completed)
        assert group.label_en

    def test_default_window(self) -> None:
        """The default due-soon window is 3 working days."""
        assert 3 == DEFAULT_DUE_SOON_DAYS


class TestOpenTask:
    @pytest.mark.parametrize(("as_of", "kind", "group", "remaining", "late"), [
        # (01/04, 24/04]: 2-3, 6-10, 13-17, 20-24 April → 17 working days.
        (D(2026, 4, 1), StatusKind.IN_PROGRESS, ReportGroup.NOT_COMPLETED_ON_TIME, 17, 0),
        (D(2026, 4, 20), StatusKind.IN_PROGRESS, ReportGroup.NOT_COMPLETED_ON_TIME, 4, 0),
        (D(2026, 4, 21), StatusKind.DUE_SOON, ReportGroup.NOT_COMPLETED_ON_TIME, 3, 0),
        (D(2026, 4, 24), StatusKind.DUE_SOON, ReportGroup.NOT_COMPLETED_ON_TIME, 0, 0),
        # Overdue from the day after; Sat 25 and Mon 27 (substitute day) are days off.
        (D(2026, 4, 25), StatusKind.OVERDUE, ReportGroup.NOT_COMPLETED_OVERDUE, 0, 0),
        (D(2026, 4, 27), StatusKind.OVERDUE, ReportGroup.NOT_COMPLETED_OVERDUE, 0, 0),
        (D(2026, 4, 28), StatusKind.OVERDUE, ReportGroup.NOT_COMPLETED_OVERDUE, 0, 1),
        # (24/04, 04/05]: 28, 29 (30/04, 01/05 holidays; weekend), 04/05 → 3.
        (D(2026, 5, 4), StatusKind.OVERDUE, ReportGroup.NOT_COMPLETED_OVERDUE, 0, 3),
    ])
    def test_table(self, cal: Any, ev: Any, make_task: Any, as_of: date, kind: StatusKind,
                   group: ReportGroup, remaining: int, late: int) -> None:
        """An accepted task due Fri 24/04/2026, judged on several dates."""
        log = [ev.assigned(ASSIGNED_ON), ev.accepted(ASSIGNED_ON, hour=10)]
        st_ = status(make_task(), log, as_of=as_of, calendar=cal)
        assert (kind, group, remaining, late) == (st_.kind, st_.group,
                                                 st_.working_days_remaining,
                                                 st_.working_days_late)
        on_time = as_of <= DUE
        assert (on_time, on_time, DUE, DUE, as_of) == (
            st_.on_time_vs_current, st_.on_time_vs_original, st_.current_due,
            st_.original_due, st_.as_of)
        assert (kind.label_vi, kind.label_en, "SNV", not on_time, "T1") == (
            st_.label_vi, st_.label_en, st_.lead_unit, st_.is_late, st_.task_id)

    @pytest.mark.parametrize(("as_of", "kind", "remaining"), [
        # Due Mon 04/05/2026.  (23/04, 04/05] = 24, 28, 29, 04/05 → 4: not yet due soon.
        (D(2026, 4, 23), StatusKind.IN_PROGRESS, 4),
        # (24/04, 04/05] = 28, 29, 04/05 → 3.
        (D(2026, 4, 24), StatusKind.DUE_SOON, 3),
        # (28/04, 04/05] = 29/04, 04/05 → 2, although 6 calendar days away.
        (D(2026, 4, 28), StatusKind.DUE_SOON, 2),
    ])
    def test_due_soon_over_holidays(self, cal: Any, ev: Any, make_task: Any, as_of: date,
                                    kind: StatusKind, remaining: int) -> None:
        """The due-soon window counts working days, skipping the 30/4–1/5 holidays."""
        task = make_task(due=D(2026, 5, 4))
        st_ = status(task, [ev.assigned(ASSIGNED_ON)], as_of=as_of, calendar=cal)
        assert (kind, remaining) == (st_.kind, st_.working_days_remaining)

    @pytest.mark.parametrize(("window", "kind"), [(0, StatusKind.IN_PROGRESS),
                                                  (2, StatusKind.IN_PROGRESS),
                                                  (3, StatusKind.DUE_SOON),
                                                  (10, StatusKind.DUE_SOON)])
    def test_window(self, cal: Any, ev: Any, make_task: Any, window: int,
                    kind: StatusKind) -> None:
        """With 3 working days left, the window decides between in progress and due soon."""
        st_ = status(make_task(), [ev.assigned(ASSIGNED_ON)], as_of=D(2026, 4, 21),
                     calendar=cal, due_soon_days=window)
        assert kind == st_.kind

    def test_window_zero_on_due_day(self, cal: Any, ev: Any, make_task: Any) -> None:
        """With a 0-day window, only the due day itself is due soon."""
        st_ = status(make_task(), [ev.assigned(ASSIGNED_ON)], as_of=DUE, calendar=cal,
                     due_soon_days=0)
        assert StatusKind.DUE_SOON == st_.kind

    def test_in_review_is_judged_like_open(self, cal: Any, ev: Any, make_task: Any) -> None:
        """A submitted but unconfirmed task past its due date is overdue."""
        log = [ev.assigned(ASSIGNED_ON), ev.submitted(D(2026, 4, 23))]
        st_ = status(make_task(), log, as_of=D(2026, 4, 28), calendar=cal)
        assert (StatusKind.OVERDUE, 1) == (st_.kind, st_.working_days_late)

    def test_no_deadline(self, cal: Any, ev: Any, make_task: Any) -> None:
        """An ongoing task is never late."""
        st_ = status(make_task(due=None), [ev.assigned(ASSIGNED_ON)], as_of=D(2026, 12, 31),
                     calendar=cal)
        assert (StatusKind.NO_DEADLINE, ReportGroup.NOT_COMPLETED_ON_TIME, None, None,
                True, True, None) == (
            st_.kind, st_.group, st_.working_days_remaining, st_.working_days_late,
            st_.on_time_vs_current, st_.on_time_vs_original, st_.current_due)


class TestCompleted:
    @pytest.mark.parametrize(("due", "done", "kind", "late"), [
        # Completed on the due date: on time.
        (DUE, DUE, StatusKind.COMPLETED_ON_TIME, 0),
        (DUE, D(2026, 4, 23), StatusKind.COMPLETED_ON_TIME, 0),
        # Due Fri 24/04, done Tue 28/04: 1 working day late (27/04 substitute day off).
        (DUE, D(2026, 4, 28), StatusKind.COMPLETED_LATE, 1),
        # Done on Saturday 25/04: late, though 0 working days late.
        (DUE, D(2026, 4, 25), StatusKind.COMPLETED_LATE, 0),
        # Due Fri 13/02/2026, done Mon 23/02/2026 after Tết: 1 working day late.
        (D(2026, 2, 13), D(2026, 2, 23), StatusKind.COMPLETED_LATE, 1),
        # Due Wed 31/12/2025, done Mon 05/01/2026: 01/01 and 02/01 off → 1 day late.
        (D(2025, 12, 31), D(2026, 1, 5), StatusKind.COMPLETED_LATE, 1),
        # Due Fri 09/01/2026, done Sat 10/01/2026, a make-up working day → 1 day late.
        (D(2026, 1, 9), D(2026, 1, 10), StatusKind.COMPLETED_LATE, 1),
    ])
    def test_table(self, cal: Any, ev: Any, make_task: Any, due: date, done: date,
                   kind: StatusKind, late: int) -> None:
        """Completed tasks are judged by their completion date."""
        assigned = D(2025, 12, 1)
        task = make_task(due=due, assigned_on=assigned)
        log = [ev.assigned(assigned), ev.completed(done + timedelta(days=3), completed_on=done)]
        st_ = status(task, log, as_of=D(2026, 6, 30), calendar=cal)
        on_time = kind is StatusKind.COMPLETED_ON_TIME
        group = ReportGroup.COMPLETED_ON_TIME if on_time else ReportGroup.COMPLETED_LATE
        assert (kind, group, late, None, on_time, on_time) == (
            st_.kind, st_.group, st_.working_days_late, st_.working_days_remaining,
            st_.on_time_vs_current, st_.on_time_vs_original)

    def test_within_extension(self, cal: Any, ev: Any, make_task: Any) -> None:
        """Completed within an approved extension: on time now, late against the original."""
        log = [ev.assigned(ASSIGNED_ON), ev.ext_requested(D(2026, 4, 20), D(2026, 5, 8)),
               ev.ext_approved(D(2026, 4, 21), D(2026, 5, 8)), ev.completed(D(2026, 5, 6))]
        st_ = status(make_task(), log, as_of=D(2026, 6, 30), calendar=cal)
        assert (StatusKind.COMPLETED_ON_TIME, ReportGroup.COMPLETED_ON_TIME, True, False,
                DUE, D(2026, 5, 8)) == (
            st_.kind, st_.group, st_.on_time_vs_current, st_.on_time_vs_original,
            st_.original_due, st_.current_due)

    def test_no_deadline(self, cal: Any, ev: Any, make_task: Any) -> None:
        """A completed task without deadline counts as completed on time."""
        log = [ev.assigned(ASSIGNED_ON), ev.completed(D(2026, 9, 1))]
        st_ = status(make_task(due=None), log, as_of=D(2026, 9, 30), calendar=cal)
        assert (StatusKind.COMPLETED_ON_TIME, ReportGroup.COMPLETED_ON_TIME, None) == (
            st_.kind, st_.group, st_.working_days_late)

    def test_status_before_completion(self, cal: Any, ev: Any, make_task: Any) -> None:
        """As of a date before the completion was recorded, the task is still open."""
        log = [ev.assigned(ASSIGNED_ON), ev.completed(D(2026, 4, 28), completed_on=DUE)]
        assert StatusKind.OVERDUE == status(make_task(), log, as_of=D(2026, 4, 27),
                                            calendar=cal).kind
        assert StatusKind.COMPLETED_ON_TIME == status(make_task(), log,
                                                      as_of=D(2026, 4, 28),
                                                      calendar=cal).kind


class TestPausedAndClosed:
    def test_paused_with_time_left(self, cal: Any, ev: Any, make_task: Any) -> None:
        """Paused Mon 20/04 with 4 working days left: the count freezes at 4."""
        log = [ev.assigned(ASSIGNED_ON), ev.paused(D(2026, 4, 20))]
        st_ = status(make_task(), log, as_of=D(2026, 4, 29), calendar=cal)
        assert (StatusKind.PAUSED, ReportGroup.NOT_COMPLETED_ON_TIME, 4, 0, True, False,
                DUE) == (
            st_.kind, st_.group, st_.working_days_remaining, st_.working_days_late,
            st_.on_time_vs_current, st_.on_time_vs_original, st_.current_due)

    def test_paused_when_late(self, cal: Any, ev: Any, make_task: Any) -> None:
        """Paused Tue 28/04, already 1 working day late: stays in the overdue group."""
        log = [ev.assigned(ASSIGNED_ON), ev.paused(D(2026, 4, 28))]
        st_ = status(make_task(), log, as_of=D(2026, 5, 4), calendar=cal)
        assert (StatusKind.PAUSED, ReportGroup.NOT_COMPLETED_OVERDUE, 0, 1, False) == (
            st_.kind, st_.group, st_.working_days_remaining, st_.working_days_late,
            st_.on_time_vs_current)

    def test_paused_without_deadline(self, cal: Any, ev: Any, make_task: Any) -> None:
        """A paused ongoing task is in the within-deadline group."""
        log = [ev.assigned(ASSIGNED_ON), ev.paused(D(2026, 4, 20))]
        st_ = status(make_task(due=None), log, as_of=D(2026, 4, 29), calendar=cal)
        assert (StatusKind.PAUSED, ReportGroup.NOT_COMPLETED_ON_TIME, None) == (
            st_.kind, st_.group, st_.working_days_remaining)

    def test_after_resume(self, cal: Any, ev: Any, make_task: Any) -> None:
        """After the pause 20/04 → 29/04 the due date is Thu 07/05/2026 (6 days credit)."""
        log = [ev.assigned(ASSIGNED_ON), ev.paused(D(2026, 4, 20)), ev.resumed(D(2026, 4, 29))]
        st_ = status(make_task(), log, as_of=D(2026, 5, 4), calendar=cal)
        # (04/05, 07/05] = 05, 06, 07 → 3: due soon.
        assert (StatusKind.DUE_SOON, D(2026, 5, 7), 3, True, False) == (
            st_.kind, st_.current_due, st_.working_days_remaining, st_.on_time_vs_current,
            st_.on_time_vs_original)

    @pytest.mark.parametrize(("phase_event", "kind"), [("cancelled", StatusKind.CANCELLED),
                                                       ("refused", StatusKind.REFUSED)])
    def test_closed(self, cal: Any, ev: Any, make_task: Any, phase_event: str,
                    kind: StatusKind) -> None:
        """Cancelled and refused tasks are outside the report groups and not judged."""
        log = [ev.assigned(ASSIGNED_ON), getattr(ev, phase_event)(D(2026, 4, 2))]
        st_ = status(make_task(), log, as_of=D(2026, 5, 4), calendar=cal)
        assert (kind, None, None, None, None, None, False) == (
            st_.kind, st_.group, st_.working_days_remaining, st_.working_days_late,
            st_.on_time_vs_current, st_.on_time_vs_original, st_.is_late)


class TestErrors:
    def test_before_assignment(self, cal: Any, ev: Any, make_task: Any) -> None:
        """as_of before the assignment is refused."""
        with pytest.raises(ValidationError, match="no events"):
            status(make_task(), [ev.assigned(ASSIGNED_ON)], as_of=D(2026, 3, 31),
                   calendar=cal)

    def test_bad_window(self, cal: Any, ev: Any, make_task: Any) -> None:
        """A negative or non-int due-soon window is refused."""
        with pytest.raises(ValidationError, match="due_soon_days"):
            status(make_task(), [ev.assigned(ASSIGNED_ON)], as_of=DUE, calendar=cal,
                   due_soon_days=-1)
        with pytest.raises(InvalidTypeError):
            status(make_task(), [ev.assigned(ASSIGNED_ON)], as_of=DUE, calendar=cal,
                   due_soon_days=3.0)  # type: ignore[arg-type]

    def test_bad_as_of(self, cal: Any, ev: Any, make_task: Any) -> None:
        """as_of must be a date, not a datetime or a string."""
        from datetime import datetime

        with pytest.raises(InvalidTypeError):
            status(make_task(), [ev.assigned(ASSIGNED_ON)], as_of="2026-04-24",  # type: ignore[arg-type]
                   calendar=cal)
        with pytest.raises(InvalidTypeError):
            status(make_task(), [ev.assigned(ASSIGNED_ON)],
                   as_of=datetime(2026, 4, 24, 9), calendar=cal)  # type: ignore[arg-type]

    def test_invalid_log(self, cal: Any, ev: Any, make_task: Any) -> None:
        """A log that breaks the lifecycle up to as_of raises InvalidTransitionError."""
        log = [ev.assigned(ASSIGNED_ON), ev.cancelled(D(2026, 4, 2)),
               ev.completed(D(2026, 4, 3))]
        with pytest.raises(InvalidTransitionError):
            status(make_task(), log, as_of=D(2026, 4, 3), calendar=cal)
        assert StatusKind.CANCELLED == status(make_task(), log, as_of=D(2026, 4, 2),
                                              calendar=cal).kind

    def test_evaluate_checks(self, cal: Any, ev: Any, make_task: Any) -> None:
        """evaluate refuses a state with events after as_of and wrong types."""
        state = replay(make_task(), [ev.assigned(ASSIGNED_ON), ev.accepted(D(2026, 4, 3))],
                     calendar=cal)
        with pytest.raises(ValidationError, match="before the state's last event"):
            evaluate(state, as_of=D(2026, 4, 2), calendar=cal)
        with pytest.raises(InvalidTypeError):
            evaluate("state", as_of=DUE, calendar=cal)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            evaluate(state, as_of=DUE, calendar=None)  # type: ignore[arg-type]
        assert StatusKind.IN_PROGRESS == evaluate(state, as_of=D(2026, 4, 3),
                                                  calendar=cal).kind


KINDS = ["accepted", "progress", "ext_requested", "ext_approved", "paused", "resumed",
         "submitted", "returned", "completed", "cancelled"]


class TestProperties:
    @settings(max_examples=200, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(steps=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 7),
                                    st.integers(1, 30)), max_size=15),
           cut=st.integers(0, 80), extra=st.lists(st.sampled_from(KINDS), max_size=4))
    def test_as_of_ignores_later_events(self, cal: Any, ev: Any, make_task: Any,
                                        steps: list[tuple[str, int, int]], cut: int,
                                        extra: list[str]) -> None:
        """status(as_of=t) is the same with or without events after t, valid or not,
        and every open status obeys the day-count conventions."""
        task = make_task()
        policy = LifecyclePolicy()
        log: list[TaskEvent] = [ev.assigned(ASSIGNED_ON)]
        state = replay(task, log, calendar=cal)
        day = ASSIGNED_ON
        for kind, step, n in steps:
            day += timedelta(days=step)
            event = _make(ev, kind, day, n)
            try:
                state = apply(state, event, calendar=cal, policy=policy)
            except InvalidTransitionError:
                continue
            log.append(event)
        t = ASSIGNED_ON + timedelta(days=cut)
        upto = [e for e in log if e.on <= t]
        later = [_make(ev, k, max(t, day) + timedelta(days=1), 5) for k in extra]
        a = status(task, upto, as_of=t, calendar=cal)
        b = status(task, [*log, *later], as_of=t, calendar=cal)
        assert a == b
        if a.kind in (StatusKind.IN_PROGRESS, StatusKind.DUE_SOON):
            assert a.current_due is not None
            assert t <= a.current_due
            assert a.working_days_remaining == cal.working_days_between(t, a.current_due)
        if a.kind is StatusKind.OVERDUE:
            assert a.current_due is not None
            assert t > a.current_due
            assert a.group is ReportGroup.NOT_COMPLETED_OVERDUE


def _make(ev: Any, kind: str, day: date, n: int) -> TaskEvent:
    target = DUE + timedelta(days=n)
    return {
        "accepted": lambda: ev.accepted(day),
        "progress": lambda: ev.progress(day, min(100, n * 3)),
        "ext_requested": lambda: ev.ext_requested(day, target),
        "ext_approved": lambda: ev.ext_approved(day, target),
        "paused": lambda: ev.paused(day),
        "resumed": lambda: ev.resumed(day),
        "submitted": lambda: ev.submitted(day),
        "returned": lambda: ev.returned(day),
        "completed": lambda: ev.completed(day),
        "cancelled": lambda: ev.cancelled(day),
    }[kind]()


# -- names: the module directive_tracker.status and the function evaluate_status ---------

_ORDERS = {
    "package first": "import directive_tracker as dt\nimport directive_tracker.status as m\n",
    "module first": "import directive_tracker.status as m\nimport directive_tracker as dt\n",
    "from-import first": ("from directive_tracker.status import status as f\n"
                          "import directive_tracker as dt\nimport directive_tracker.status as m\n"),
}
_CHECK = (
    "import sys, types\n"
    "mod = sys.modules['directive_tracker.status']\n"
    "assert isinstance(mod, types.ModuleType)\n"
    "assert dt.status is mod and m is mod, (dt.status, m)\n"
    "from directive_tracker import status as s2\n"
    "assert s2 is mod\n"
    "assert dt.evaluate_status is mod.evaluate_status is mod.status\n"
    "print('ok')\n"
)


class TestNames:
    @pytest.mark.parametrize("order", sorted(_ORDERS))
    def test_status_is_the_module_in_any_import_order(self, order: str) -> None:
        """dt.status is the module directive_tracker.status whatever is imported first
        (fresh interpreters: the import order is what is tested)."""
        done = subprocess.run([sys.executable, "-W", "error", "-c", _ORDERS[order] + _CHECK],
                              capture_output=True, text=True, check=False, timeout=120)
        assert (0, "ok\n") == (done.returncode, done.stdout), done.stderr

    def test_old_function_name_still_imports(self) -> None:
        """from directive_tracker.status import status is evaluate_status (no warning)."""
        assert status is evaluate_status

    def test_calling_the_module_warns_and_works(self, cal: Any, ev: Any,
                                                make_task: Any) -> None:
        """dt.status(...) was the function: it still answers, with a deprecation warning.
        Due Fri 24/04/2026, judged on Mon 27/04/2026 (Hùng Kings substitute day off) and
        not completed: overdue, 0 working days late in (24/04, 27/04] (25-26 weekend,
        27 off)."""
        import directive_tracker as dt

        log = [ev.assigned(ASSIGNED_ON)]
        as_of = D(2026, 4, 27)
        with pytest.warns(DirectiveTrackerDeprecationWarning, match="evaluate_status"):
            old = dt.status(make_task(), log, as_of=as_of, calendar=cal)
        new = dt.evaluate_status(make_task(), log, as_of=as_of, calendar=cal)
        assert old == new
        assert (StatusKind.OVERDUE, 0) == (new.kind, new.working_days_late)

    def test_module_attributes_unchanged(self) -> None:
        """The module still offers its classes (module access never warns)."""
        import directive_tracker as dt

        assert dt.status.StatusKind is StatusKind
        assert dt.status.ReportGroup is ReportGroup


class TestReviewOnSubmission:
    """The review-date rule lives in ``status.judge`` (one definition): a task awaiting
    review is judged on its submission date when ``review_on_submission`` is true.  The
    task is due Fri 24/04/2026 (assigned 01/04, accepted)."""

    def _log(self, ev: Any, submitted: date) -> list[TaskEvent]:
        return [ev.assigned(ASSIGNED_ON), ev.accepted(ASSIGNED_ON, hour=10),
                ev.submitted(submitted)]

    def test_submitted_on_time(self, cal: Any, ev: Any, make_task: Any) -> None:
        """Submitted Wed 22/04, judged on 04/05: on the submission day (22/04, 24/04] =
        23, 24 April → 2 working days left, "Sắp đến hạn", not overdue; without the rule
        overdue by 3 (28, 29 April, 04/05: 27/04 Hùng Kings observed, 30/04-01/05)."""
        log = self._log(ev, D(2026, 4, 22))
        on = evaluate_status(make_task(), log, as_of=D(2026, 5, 4), calendar=cal,
                             review_on_submission=True)
        off = evaluate_status(make_task(), log, as_of=D(2026, 5, 4), calendar=cal)
        assert (StatusKind.DUE_SOON, ReportGroup.NOT_COMPLETED_ON_TIME, 2, 0, True, True) == (
            on.kind, on.group, on.working_days_remaining, on.working_days_late,
            on.on_time_vs_current, on.on_time_vs_original)
        assert (StatusKind.OVERDUE, 3, D(2026, 5, 4)) == (off.kind, off.working_days_late,
                                                          on.as_of)

    def test_submitted_late(self, cal: Any, ev: Any, make_task: Any) -> None:
        """Submitted Wed 29/04, judged on 04/05: (24/04, 29/04] = 28, 29 April → overdue by
        2 (27/04 is a day off), against the original due date too."""
        log = self._log(ev, D(2026, 4, 29))
        on = evaluate_status(make_task(), log, as_of=D(2026, 5, 4), calendar=cal,
                             review_on_submission=True)
        assert (StatusKind.OVERDUE, ReportGroup.NOT_COMPLETED_OVERDUE, 0, 2, False, False) == (
            on.kind, on.group, on.working_days_remaining, on.working_days_late,
            on.on_time_vs_current, on.on_time_vs_original)

    def test_timeline_segment_applies_the_same_rule(self, cal: Any, ev: Any,
                                                    make_task: Any) -> None:
        """The segment of a timeline built with the rule reads 2 working days late on
        04/05 and on 30/06 alike (the count stopped on the submission day 29/04)."""
        from directive_tracker.timeline import segment_at, status_timeline

        line = status_timeline(make_task(), self._log(ev, D(2026, 4, 29)), calendar=cal,
                               review_on_submission=True)
        got = []
        for d in (D(2026, 5, 4), D(2026, 6, 30)):
            seg = segment_at(line, d)
            assert seg is not None
            day = seg.on(d, calendar=cal)
            got.append((day.kind, day.working_days_late))
        assert [(StatusKind.OVERDUE, 2), (StatusKind.OVERDUE, 2)] == got

    def test_flag_must_be_a_bool(self, cal: Any, ev: Any, make_task: Any) -> None:
        """review_on_submission="yes" is refused."""
        with pytest.raises(InvalidTypeError):
            evaluate_status(make_task(), self._log(ev, D(2026, 4, 22)), as_of=D(2026, 5, 4),
                            calendar=cal, review_on_submission="yes")  # type: ignore[arg-type]
