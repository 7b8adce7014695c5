# SPDX-License-Identifier: MIT
"""
The reports and reminders print a task's content, directive and tags read with
:meth:`Store.task_briefs` (issue 12: decoding whole tasks was most of a unit's overdue
list).  Their output equals the same reports computed task by task (full task
records, ``evaluate_status``), byte for byte, on random stores with varied texts.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import directive_tracker as dt
from directive_tracker.calendars import DayOverride, vietnam_calendar
from directive_tracker.directives import Directive
from directive_tracker.exceptions import InvalidTransitionError
from directive_tracker.reminders import iter_reminders_due
from directive_tracker.renderers import render_text, to_csv
from directive_tracker.storage import Store
from strategies import examples, task_histories

CAL = vietnam_calendar()
#: The default calendar plus a day off in 2099: the same answers, but the timelines do
#: not apply to it, so every report and reminder takes the task-by-task path (get_tasks).
SLOW_CAL = vietnam_calendar(overrides=[DayOverride(
    date=date(2099, 6, 1), working=False, reason_vi="Thử nghiệm", source="Thử nghiệm")])
TODAY = date(2035, 12, 31)
_ids = itertools.count()

#: Task contents with what a renderer or a template could trip on: braces, "$", quotes,
#: line breaks, Vietnamese letters.
_contents = st.text(alphabet="Rà soát {}$\"'\nĐđệ%;,", min_size=1, max_size=30).filter(
    lambda s: s.strip() != "")
_tags = st.lists(st.sampled_from(["cải cách", "2026", "y tế", "$x", "{t}"]), max_size=3,
                 unique=True).map(tuple)


def _outcome(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except InvalidTransitionError as e:
        return ("raised", str(e))


@settings(max_examples=examples(30), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_light_path_equals_full_decoding(fresh_store: Callable[[], Store], data: Any) -> None:
    """On random histories with random contents and tags: the overdue list, upcoming
    deadlines (rows, CSV and text renderings) and reminders_due (every field, texts included)
    read through task_briefs equal the task-by-task answers read from whole tasks; and
    iter_reminders_due yields exactly reminders_due's list."""
    store = fresh_store()
    store.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2024, 12, 1),
                                  summary="Chỉ đạo thử nghiệm"))
    firsts = []
    for _ in range(data.draw(st.integers(1, 5))):
        task, log = data.draw(task_histories(task_id=f"T{next(_ids)}"))
        task = attrs.evolve(task, content=data.draw(_contents), tags=data.draw(_tags))
        store.add_task(task, list(log))
        firsts.append(task.assigned_on)
    for k in data.draw(st.lists(st.integers(0, 200), min_size=1, max_size=3)):
        d = max(min(firsts) + timedelta(days=k), date(2025, 12, 25) + timedelta(days=k % 7))
        for report in (dt.overdue_list, dt.upcoming_deadlines):
            slow = _outcome(report, store, SLOW_CAL, as_of=d, today=TODAY)
            fast = _outcome(report, store, CAL, as_of=d, today=TODAY)
            assert slow == fast
            if not isinstance(fast, tuple):
                assert (to_csv(slow), render_text(slow)) == (to_csv(fast), render_text(fast))
        slow_r = dt.reminders_due(store, SLOW_CAL, as_of=d)
        fast_r = dt.reminders_due(store, CAL, as_of=d)
        assert slow_r == fast_r
        # The streamed form yields the same reminders in the same order, on both paths.
        assert list(iter_reminders_due(store, SLOW_CAL, as_of=d)) == fast_r
        assert list(iter_reminders_due(store, CAL, as_of=d)) == fast_r
        assert [r.to_message() for r in slow_r] == [r.to_message() for r in fast_r]
