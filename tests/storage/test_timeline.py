# SPDX-License-Identifier: MIT
"""
The materialised status timeline of every backend: what the store aggregates as of a
date equals what ``evaluate_status`` says task by task (the one definition).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import directive_tracker as dt
from directive_tracker.calendars import DayOverride, vietnam_calendar
from directive_tracker.deadlines import FixedDate
from directive_tracker.directives import Directive
from directive_tracker.events import TaskAssigned, TaskEvent, TaskRefused
from directive_tracker.exceptions import (
    DirectiveTrackerDeprecationWarning,
    InvalidTransitionError,
    InvalidTypeError,
    UnitNotFoundError,
    ValidationError,
)
from directive_tracker.status import ReportGroup, StatusKind, evaluate_status
from directive_tracker.storage import Store, TaskQuery
from directive_tracker.tasks import Task
from directive_tracker.timeline import StatusTally
from strategies import examples, lifecycle_policies, task_histories

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = vietnam_calendar()
_ids = itertools.count()


def _directive(store: Store) -> None:
    if not store.get_directives():
        store.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2024, 12, 1),
                                      summary="Chỉ đạo thử nghiệm"))


def _expected(histories: list[tuple[Task, tuple[TaskEvent, ...]]], as_of: date,
              by: str = "lead_unit", *, assigned_until: date | None = None,
              ended_from: date | None = None
              ) -> tuple[dict[tuple[str, tuple[str, ...]], StatusTally], set[str], set[str]]:
    """The tallies computed task by task from evaluate_status, the ids of the tasks
    whose log does not replay under the default policy, and the units coordinating a
    counted task; only the tasks assigned on or before *assigned_until* and not
    completed, cancelled or refused (as of *as_of*) before *ended_from*, when given."""
    out: dict[tuple[str, tuple[str, ...]], StatusTally] = {}
    bad: set[str] = set()
    coordinating: set[str] = set()
    for task, log in histories:
        if task.assigned_on > min(as_of, assigned_until or as_of):
            continue
        try:
            evaluate_status(task, log, as_of=max(as_of, log[-1].on), calendar=CAL,
                            review_on_submission=True)
        except Exception:
            bad.add(task.id)
            continue
        s = evaluate_status(task, log, as_of=as_of, calendar=CAL, review_on_submission=True)
        ended = s.state.completed_on or s.state.closed_on
        if ended_from is not None and ended is not None and ended < ended_from:
            continue
        coordinating.update(s.state.coordinating_units)
        key = (s.lead_unit if by == "lead_unit" else task.directive_id,
               tuple(t.from_unit for t in s.state.transfers) if by == "lead_unit" else ())
        tally = out.setdefault(key, StatusTally())
        tally.add(s.kind, s.group, on_time_vs_current=s.on_time_vs_current,
                  on_time_vs_original=s.on_time_vs_original,
                  working_days_late=s.working_days_late, percent=s.state.percent)
    return out, bad, coordinating


#: A lifecycle policy or None (the default one).
ANY_POLICY = st.none() | lifecycle_policies


def _populate(store: Store, data: Any, policies: st.SearchStrategy[Any] = ANY_POLICY
              ) -> list[tuple[Task, tuple[TaskEvent, ...]]]:
    """Store 1-5 random histories (whole, appended in two parts, or in bulk; recorded
    under a policy drawn from *policies*, None meaning the default) and return them."""
    _directive(store)
    histories: list[tuple[Task, tuple[TaskEvent, ...]]] = []
    bulk: list[tuple[Task, list[TaskEvent]]] = []
    for _ in range(data.draw(st.integers(1, 5))):
        policy = data.draw(policies)
        task, log = data.draw(task_histories(task_id=f"T{next(_ids)}", policy=policy))
        how = data.draw(st.sampled_from(["whole", "append", "bulk"]))
        if how == "whole":
            store.add_task(task, list(log))
        elif how == "append":
            cut = data.draw(st.integers(1, len(log)))
            stored = store.add_task(task, list(log[:cut]))
            if cut < len(log):
                store.append_events(task.id, list(log[cut:]),
                                    expected_version=stored.version)
        else:
            bulk.append((task, list(log)))
        histories.append((task, log))
    if bulk:
        store.add_tasks_bulk(bulk)
    return histories


class TestAgreesWithStatus:
    @settings(max_examples=examples(25), deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(data=st.data())
    def test_tallies_equal_evaluate_status(self, fresh_store: Callable[[], Store],
                                           data: Any) -> None:
        """Random histories with every event kind, written whole, appended in two parts
        or in bulk, some recorded under another lifecycle policy (not replayable under
        the default one); at random dates the store's tallies per lead unit and per
        directive equal those computed from evaluate_status task by task, the segments
        agree with each task's status, and the tasks it cannot replay are named."""
        store = fresh_store()
        histories = _populate(store, data)
        first = min(t.assigned_on for t, _ in histories)
        for k in data.draw(st.lists(st.integers(-5, 500), min_size=1, max_size=4)):
            as_of = first + timedelta(days=k)
            if CAL.as_known_on(as_of) is not CAL:
                # Before the calendar's last decision (25/12/2025) evaluate_status uses
                # the calendar as then known; the stores keep one timeline per task.
                continue
            for by in ("lead_unit", "directive"):
                want, bad, coordinating = _expected(histories, as_of, by)
                got = store.status_tallies(as_of, calendar=CAL, by=by)
                assert want == dict(got.tallies)
                assert sorted(bad) == list(got.unreplayable)
                assert coordinating == got.coordinating_units
            # A reporting period's filters: assigned by its end, not ended before its start.
            start = as_of - timedelta(days=data.draw(st.integers(0, 120)))
            end = as_of - timedelta(days=data.draw(st.integers(0, 30)))
            p_want, p_bad, p_coordinating = _expected(
                histories, as_of, assigned_until=end, ended_from=start)
            got = store.status_tallies(as_of, calendar=CAL, assigned_until=end,
                                       ended_from=start)
            assert (p_want, sorted(p_bad), p_coordinating) == (
                dict(got.tallies), list(got.unreplayable), got.coordinating_units)
            # The segments of every task on as_of, not only the period's: the tasks
            # the store cannot replay are *bad* of the whole store (above), which a
            # period's filters may leave out of p_bad.
            segs = {s.task_id: s for s in store.status_segments(as_of)}
            for task, log in histories:
                if task.assigned_on > as_of or task.id in bad:
                    assert task.id not in segs
                    continue
                st_ = evaluate_status(task, log, as_of=as_of, calendar=CAL,
                                      review_on_submission=True)
                day = segs[task.id].on(as_of, calendar=CAL)
                assert (st_.kind, st_.group, st_.lead_unit, st_.current_due,
                        st_.working_days_late, st_.working_days_remaining) == (
                    day.kind, day.group, day.lead_unit, day.current_due,
                    day.working_days_late, day.working_days_remaining)


def _at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 9, tzinfo=VN)


class TestHandComputed:
    def _refused(self, store: Store) -> None:
        """Issue 12's example: assigned 02/01/2026 to SNV, due 20/01, refused 06/01."""
        _directive(store)
        task = Task(id="R1", directive_id="D1", content="Rà soát", lead_unit="SNV",
                    deadline=FixedDate(date=date(2026, 1, 20)), anchor=date(2026, 1, 2),
                    due_date=date(2026, 1, 20), assigned_on=date(2026, 1, 2))
        store.add_task(task, [
            TaskAssigned(task_id="R1", at=_at(date(2026, 1, 2)), actor="vt"),
            TaskRefused(task_id="R1", at=_at(date(2026, 1, 6)), actor="snv",
                        reason="Không thuộc chức năng")])
        overdue = Task(id="O1", directive_id="D1", content="Báo cáo", lead_unit="SNV",
                       deadline=FixedDate(date=date(2026, 2, 27)), anchor=date(2026, 1, 2),
                       due_date=date(2026, 2, 27), assigned_on=date(2026, 1, 2))
        store.add_task(overdue, [TaskAssigned(task_id="O1", at=_at(date(2026, 1, 2)),
                                              actor="vt")])

    def test_refused_task_is_not_overdue(self, store: Store) -> None:
        """On 14/03/2026 the refused task counts as refused (outside the groups); O1, due
        Fri 27/02, is overdue by the working days in (27/02, 13/03] = 10 (two full weeks,
        no holiday), so on Sat 14/03 also 10."""
        self._refused(store)
        got = store.status_tallies(date(2026, 3, 14), calendar=CAL).tallies[("SNV", ())]
        assert (1, 1, 1) == (got.kinds[StatusKind.REFUSED], got.kinds[StatusKind.OVERDUE],
                             got.counted)
        assert (1, 10) == (got.late, got.working_days_late)
        segs = store.status_segments(date(2026, 3, 14), lead_units=["SNV"],
                                     group=ReportGroup.NOT_COMPLETED_OVERDUE)
        assert ["O1"] == [s.task_id for s in segs]

    def test_before_the_refusal(self, store: Store) -> None:
        """On 05/01 both tasks are open within their deadlines."""
        self._refused(store)
        got = store.status_tallies(date(2026, 1, 5), calendar=CAL).tallies[("SNV", ())]
        assert 2 == got.groups[ReportGroup.NOT_COMPLETED_ON_TIME]
        assert [] == store.status_segments(date(2026, 1, 1), lead_units=["SNV"])
        assert ["O1", "R1"] == [s.task_id for s in store.status_segments(
            date(2026, 1, 5), task_ids=["R1", "O1"])]

    def test_other_calendar_refused(self, store: Store) -> None:
        """The timelines were computed with the default calendar: tallies for a calendar
        with other overrides would mix two calendars, so they are refused."""
        self._refused(store)
        with pytest.raises(ValidationError, match="default calendar"):
            store.status_tallies(date(2026, 3, 14), calendar=SLOW_CAL)
        assert [] == store.unreplayable_task_ids(date(2026, 3, 14))

    def test_rebuild_timelines_reports_progress(self, store: Store) -> None:
        """rebuild_timelines recomputes both tasks' timelines (progress (0, 2) first and
        (2, 2) last) and the answers stay: O1 overdue on 14/03, R1 refused."""
        self._refused(store)
        calls: list[tuple[int, int]] = []
        n = store.rebuild_timelines(progress=lambda done, total: calls.append((done, total)))
        got = store.status_tallies(date(2026, 3, 14), calendar=CAL).tallies[("SNV", ())]
        assert (2, (0, 2), (2, 2)) == (n, calls[0], calls[-1])
        assert (1, 1) == (got.kinds[StatusKind.REFUSED], got.kinds[StatusKind.OVERDUE])
        with pytest.raises(InvalidTypeError):
            store.rebuild_timelines(progress="bar")  # type: ignore[arg-type]

    def test_old_queries_warn_and_use_one_definition(self, store: Store) -> None:
        """overdue_task_ids and unit_tallies are deprecated, and now delegate to the one
        definition (they used to count the refused R1 as overdue, on every store)."""
        self._refused(store)
        with pytest.warns(DirectiveTrackerDeprecationWarning, match="status_segments"):
            old = store.overdue_task_ids("SNV", date(2026, 3, 14))
        with pytest.warns(DirectiveTrackerDeprecationWarning, match="status_tallies"):
            t = store.unit_tallies(date(2026, 3, 14))["SNV"]
        # Issue 12's regression: the refused R1 is no longer "overdue" (the old queries
        # now give the status function's answer, from the timelines): O1 only, and R1
        # counts as closed (refused) in the tally.
        assert (["O1"], 1, 1, 2) == (old, t.open_overdue, t.cancelled, t.total)
        assert ["O1"] == [s.task_id for s in store.status_segments(
            date(2026, 3, 14), lead_units=["SNV"], group=ReportGroup.NOT_COMPLETED_OVERDUE)]


#: The default calendar plus a day off in 2099, far from every history: the reports'
#: results are the same, but the store's timelines (computed with the default calendar)
#: do not apply, so the reports take their task-by-task path.
SLOW_CAL = vietnam_calendar(overrides=[DayOverride(
    date=date(2099, 6, 1), working=False, reason_vi="Thử nghiệm", source="Thử nghiệm")])


class TestReportsReadTheTimeline:
    @settings(max_examples=examples(40), deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(data=st.data())
    def test_same_reports_both_ways(self, fresh_store: Callable[[], Store],
                                    data: Any) -> None:
        """scoreboard (without KPI columns), summary (whole and per unit, by new and old
        unit), directive progress, the overdue list and upcoming deadlines read from the
        materialised timeline equal the same reports computed task by task with
        evaluate_status."""
        store = fresh_store()
        # Recorded under the default policy: every report has an answer (a log that does
        # not replay makes both paths raise, see _outcome).
        histories = _populate(store, data, st.none())
        # Dates on which the timelines apply (the default calendar is fully known from
        # its last decision, 25/12/2025): earlier ones take the task-by-task path both ways.
        first = max(min(t.assigned_on for t, _ in histories), date(2025, 12, 25))
        units = sorted({t.lead_unit for t, _ in histories})
        for k in data.draw(st.lists(st.integers(0, 300), min_size=1, max_size=4)):
            d = first + timedelta(days=k)
            for by in ("new", "old"):
                assert (_outcome(dt.scoreboard, store, SLOW_CAL, as_of=d, kpis=(), by=by)
                        == _outcome(dt.scoreboard, store, CAL, as_of=d, kpis=(), by=by))
                assert (_outcome(dt.directive_progress, store, SLOW_CAL, as_of=d)
                        == _outcome(dt.directive_progress, store, CAL, as_of=d))
                for unit in (None, units[0]):
                    for report in (dt.summary, dt.overdue_list, dt.upcoming_deadlines):
                        assert (_outcome(report, store, SLOW_CAL, as_of=d, unit=unit, by=by)
                                == _outcome(report, store, CAL, as_of=d, unit=unit, by=by))


#: A "today" after every drawn date (the reports refuse an as_of after today).
_TODAY = date(2035, 12, 31)


class TestRemindersReadTheTimeline:
    @settings(max_examples=examples(40), deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(data=st.data())
    def test_same_reminders_both_ways(self, fresh_store: Callable[[], Store],
                                      data: Any) -> None:
        """reminders_due read from the materialised timelines equals reminders_due
        computed task by task (a calendar the timelines do not apply to), with and without
        reminding tasks in review, on random histories (some under another lifecycle
        policy: replayed, or quarantined, one by one) and dates."""
        store = fresh_store()
        histories = _populate(store, data)
        first = min(t.assigned_on for t, _ in histories)
        for k in data.draw(st.lists(st.integers(0, 150), min_size=1, max_size=4)):
            # Near the histories' dates, on days the timelines apply (from 25/12/2025).
            d = max(first + timedelta(days=k), date(2025, 12, 25) + timedelta(days=k % 7))
            for in_review in (False, True):
                pol = dt.ReminderPolicy(remind_in_review=in_review)
                slow = dt.reminders_due(store, SLOW_CAL, as_of=d, reminder_policy=pol)
                fast = dt.reminders_due(store, CAL, as_of=d, reminder_policy=pol)
                assert slow == fast  # every field: due date, days left or late, texts


def _outcome(report: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """The report, or the error it raises (a log that does not replay under the default
    policy makes both paths raise the same error; a unit that leads no task on the date
    and is not registered is refused by both)."""
    try:
        return report(*args, today=_TODAY, **kwargs)
    except InvalidTransitionError as e:
        return ("raised", str(e))
    except UnitNotFoundError as e:
        return ("unknown unit", e.key)


class TestLeadUnitOnADate:
    """TaskQuery(lead_unit=…, lead_unit_on=…): the lead on a date (issue 12 item 3), where
    TaskQuery(lead_unit=…) alone is the lead at assignment."""

    def _province(self, store: Store) -> None:
        """T1: SNV from 05/01/2026, transferred to SXD on 12/01.  T2: led by the commune
        XA1, merged with XA2 into XA9 from 15/01/2026 (a registered succession, no
        transfer event)."""
        from directive_tracker.events import TaskTransferred
        from directive_tracker.units import Succession, SuccessionKind, Unit, UnitKind

        _directive(store)
        for code, name, kind in (("SNV", "Sở Nội vụ", UnitKind.DEPARTMENT),
                                 ("SXD", "Sở Xây dựng", UnitKind.DEPARTMENT),
                                 ("XA1", "Xã Một", UnitKind.COMMUNE),
                                 ("XA2", "Xã Hai", UnitKind.COMMUNE),
                                 ("XA9", "Xã Chín", UnitKind.COMMUNE)):
            store.add_unit(Unit(code=code, name=name, kind=kind))
        store.add_succession(Succession(kind=SuccessionKind.MERGE, predecessors=("XA1", "XA2"),
                                        successors=("XA9",), effective=date(2026, 1, 15),
                                        document="NQ 01/NQ-HĐND"))
        for tid, lead in (("T1", "SNV"), ("T2", "XA1")):
            store.add_task(Task(id=tid, directive_id="D1", content="Rà soát", lead_unit=lead,
                                deadline=FixedDate(date=date(2026, 2, 27)),
                                anchor=date(2026, 1, 5), due_date=date(2026, 2, 27),
                                assigned_on=date(2026, 1, 5)),
                           [TaskAssigned(task_id=tid, at=_at(date(2026, 1, 5)), actor="vt")])
        store.append_events("T1", [TaskTransferred(
            task_id="T1", at=_at(date(2026, 1, 12)), actor="UBND", from_unit="SNV",
            to_unit="SXD", document="QĐ 12/QĐ-UBND")], expected_version=2)

    def test_transfer_and_succession(self, store: Store) -> None:
        """By hand: SXD leads T1 from 12/01 (not on 11/01); SNV led it at assignment (and
        on 04/01 nothing was assigned yet); XA9 holds T2 from 15/01, XA1 before."""
        self._province(store)

        def ids(unit: str, on: date | None = None, **kw: Any) -> list[str]:
            q = TaskQuery(lead_unit=unit, lead_unit_on=on, **kw)
            got = [t.id for t in store.get_tasks(q)]
            assert len(got) == store.count_tasks(q)
            return got

        assert ([], ["T1"], ["T1"], [], []) == (
            ids("SXD", date(2026, 1, 11)), ids("SXD", date(2026, 1, 12)), ids("SNV"),
            ids("SNV", date(2026, 1, 12)), ids("SNV", date(2026, 1, 4)))
        assert (["T2"], [], ["T2"], []) == (
            ids("XA9", date(2026, 1, 20)), ids("XA9", date(2026, 1, 14)),
            ids("XA1", date(2026, 1, 14)), ids("SXD", date(2026, 1, 12), ids=["T2"]))
        with pytest.raises(ValidationError, match="lead_unit_on needs lead_unit"):
            TaskQuery(lead_unit_on=date(2026, 1, 12))
