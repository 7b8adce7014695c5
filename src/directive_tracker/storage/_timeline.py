# SPDX-License-Identifier: MIT
"""
The materialised status timeline of the stores (private plumbing).

Every store keeps, for each task, the rows of its domain status timeline
(:func:`directive_tracker.timeline.timeline_values`, computed with
:data:`TIMELINE_CALENDAR`, the default
:class:`~directive_tracker.lifecycle.LifecyclePolicy` and the reports' review-date rule,
:data:`TIMELINE_REVIEW_ON_SUBMISSION`), written in the same transaction
as the task's events.  "As of *D*" questions are then answered from the rows whose
half-open interval ``[valid_from, valid_to)`` contains *D*: aggregated in SQL (SQLite,
PostgreSQL) or from a per-task sorted list (memory store), and turned into
:class:`~directive_tracker.timeline.StatusTally` objects by :func:`tally_rows`, the one
Python aggregation every backend shares.

A task whose log does not replay under the default calendar and policy (recorded under
another :class:`~directive_tracker.lifecycle.LifecyclePolicy`, or damaged) gets a single
row with phase :data:`UNREPLAYABLE`; the stores report such tasks apart, and the
reports evaluate them task by task (where a history the lifecycle refuses is
quarantined, :func:`directive_tracker.integrity.replay_or_problem`).

A periodic duty (:func:`~directive_tracker.occurrences.is_periodic`) has rows **per
occurrence** (column ``occurrence``, its key; ``''`` for a one-off task), from
:func:`directive_tracker.timeline.occurrence_timeline_values`, the reports' own
per-occurrence judgement (:func:`directive_tracker.integrity.occurrences_or_problem`)
on every day anything may change.  Occurrences come with the days, so its rows stop at
a **horizon** chosen from the data alone (never the wall clock): the last event's date
(or the assignment) plus
:data:`~directive_tracker.timeline.OCCURRENCE_HORIZON_DAYS` (400) days, later with
``rebuild_timelines(through=...)``.  The rows end the day after the horizon, where one
:data:`UNREPLAYABLE` row starts (``valid_from`` = horizon + 1): for a later as-of date
the task is listed with the unreplayable ones and judged from its log, exactly as before.
A series that has ended by then (its ``until``, or a cancellation) needs no horizon: its
last rows are open-ended.  Every write to the task (an event, a change of terms)
recomputes its rows and horizon.

An occurrence row's ``assigned_on`` is the first day a period report counts it:
``max(task assigned, occurrence due)`` (a report of a period counts each occurrence due
by the period's end, :func:`directive_tracker.reports._common._collect`), so that one
condition (``assigned_on <= period end``) serves both kinds of rows.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import attrs

from ..calendars import WorkingCalendar, vietnam_calendar
from ..events import TaskEvent
from ..exceptions import DateOutOfRangeError, InvalidTransitionError, ValidationError
from ..lifecycle import TaskPhase
from ..occurrences import is_periodic
from ..status import ReportGroup, StatusKind, judge
from ..tasks import Task
from ..timeline import (
    SegmentValues,
    StatusSegment,
    StatusTally,
    occurrence_timeline_values,
    timeline_values,
)

__all__ = [
    "COORDINATOR_COLUMNS",
    "OVERDUE_COLUMNS",
    "STALE_SQL",
    "STALE_SQL_V7",
    "STALE_SQL_V9",
    "STALE_WHEN",
    "TALLY_COLUMNS",
    "TIMELINE_CALENDAR",
    "TIMELINE_COLUMNS",
    "TIMELINE_COLUMNS_V7",
    "TIMELINE_REVIEW_ON_SUBMISSION",
    "UNREPLAYABLE",
    "AsOfFilter",
    "coordinator_rows",
    "legacy_timeline_rows",
    "memory_segments",
    "memory_tally",
    "memory_unreplayable",
    "overdue_side_rows",
    "replayed_timeline_rows",
    "segment_from_row",
    "split_codes",
    "sqlite_stale_triggers",
    "tally_rows",
    "timeline_applies",
    "timeline_rows",
]

#: The calendar the stores compute timelines with (the default one of state agencies).
TIMELINE_CALENDAR: WorkingCalendar = vietnam_calendar()

#: The stored timelines judge a task awaiting review on its submission date (the
#: reports' default ``judge_review_on_submission=True``, :func:`directive_tracker.status.judge`).
TIMELINE_REVIEW_ON_SUBMISSION = True

def timeline_applies(calendar: WorkingCalendar, as_of: date) -> bool:
    """
    Whether the materialised timelines answer "as of *as_of*" for *calendar* exactly
    as :func:`~directive_tracker.status.evaluate_status` would: *calendar* is
    :data:`TIMELINE_CALENDAR` (same policy, overrides and notices) and every calendar
    fact was known by *as_of* (``calendar.as_known_on(as_of) is calendar``; before a
    later decision, ``evaluate_status`` judges with the calendar as then known).
    """
    same = calendar is TIMELINE_CALENDAR or (
        (calendar.policy, calendar.overrides, calendar.notices)
        == (TIMELINE_CALENDAR.policy, TIMELINE_CALENDAR.overrides,
            TIMELINE_CALENDAR.notices))
    return same and calendar.as_known_on(as_of) is calendar


#: The phase and kind of the one row of a task whose log does not replay.
UNREPLAYABLE = "unreplayable"

#: The columns of the ``task_timeline`` table, in row order.
TIMELINE_COLUMNS = ("task_id", "directive_id", "assigned_on", "valid_from", "valid_to",
                    "phase", "kind", "grp", "lead_unit", "previous_leads",
                    "coordinating_units", "original_due", "current_due", "paused_since",
                    "completed_on", "closed_on", "percent", "on_time_vs_current",
                    "on_time_vs_original", "late_days", "due_rank", "submitted_on",
                    "occurrence", "occurrence_title", "occurrence_start")

#: What marks a task's materialised timeline *stale* when its events or terms are changed
#: below the library (a hand edit, another program): the task's rows collapse into one
#: :data:`UNREPLAYABLE` row, so every report judges it task by task from its log (and
#: quarantines it when the lifecycle refuses that log), as if nothing were materialised.
#: ``{id}`` is the task id expression (``NEW.task_id``, ``OLD.task_id``, ``NEW.id``),
#: ``{t}`` the (qualified) table name.  The library's own writes rebuild the rows after
#: writing the events, in the same transaction.
STALE_SQL: tuple[str, ...] = (
    # One row kept: the first of the first day (a periodic duty has one per occurrence).
    "DELETE FROM {t} WHERE task_id = {id} AND (valid_from > "
    "(SELECT MIN(valid_from) FROM {t} WHERE task_id = {id}) OR occurrence > "
    "(SELECT MIN(occurrence) FROM {t} WHERE task_id = {id} AND valid_from = "
    "(SELECT MIN(valid_from) FROM {t} WHERE task_id = {id})))",
    "UPDATE {t} SET valid_to = NULL, phase = 'unreplayable', kind = 'unreplayable', "
    "assigned_on = CASE WHEN occurrence = '' THEN assigned_on ELSE valid_from END, "
    "occurrence = '', occurrence_title = '', "
    "occurrence_start = NULL, "
    "grp = NULL, previous_leads = '', original_due = NULL, current_due = NULL, "
    "paused_since = NULL, completed_on = NULL, closed_on = NULL, percent = 0, "
    "on_time_vs_current = NULL, on_time_vs_original = NULL, late_days = NULL, "
    "due_rank = NULL, submitted_on = NULL WHERE task_id = {id}",
)
#: :data:`STALE_SQL` as schemas 9 (SQLite) and 10 (PostgreSQL) wrote it, before the
#: overdue rows' side table (their migration steps create the triggers with this text).
STALE_SQL_V9 = STALE_SQL
#: The side table of the overdue rows (:data:`OVERDUE_COLUMNS`) follows: a stale task's
#: rows there go (``{t}_overdue``: the side table, qualified as ``{t}`` is).
STALE_SQL = (*STALE_SQL_V9, "DELETE FROM {t}_overdue WHERE task_id = {id}")
#: :data:`STALE_SQL` as schema 7 wrote it (before the rows per occurrence): the
#: triggers of the migration steps before that layout use it.
STALE_SQL_V7 = (
    "DELETE FROM {t} WHERE task_id = {id} AND valid_from > "
    "(SELECT MIN(valid_from) FROM {t} WHERE task_id = {id})",
    "UPDATE {t} SET valid_to = NULL, phase = 'unreplayable', kind = 'unreplayable', "
    "grp = NULL, previous_leads = '', original_due = NULL, current_due = NULL, "
    "paused_since = NULL, completed_on = NULL, closed_on = NULL, percent = 0, "
    "on_time_vs_current = NULL, on_time_vs_original = NULL, late_days = NULL, "
    "due_rank = NULL, submitted_on = NULL WHERE task_id = {id}",
)
#: The condition under which :data:`STALE_SQL` runs (the task has materialised rows).
STALE_WHEN = ("EXISTS (SELECT 1 FROM {t} WHERE task_id = {id} "
              "AND phase <> 'unreplayable')")


def sqlite_stale_triggers(stale: Sequence[str] = STALE_SQL) -> list[str]:
    """The SQLite triggers that apply *stale* (default :data:`STALE_SQL`) on every
    change to ``events`` and to a task's terms made outside the library."""
    out = []
    for name, when, ids in (("events_insert", "AFTER INSERT ON events", ("NEW.task_id",)),
                            ("events_update", "AFTER UPDATE ON events",
                             ("NEW.task_id", "OLD.task_id")),
                            ("events_delete", "AFTER DELETE ON events", ("OLD.task_id",)),
                            ("tasks_update", "AFTER UPDATE OF directive_id, lead_unit, "
                             "due_date, data ON tasks", ("NEW.id",))):
        for k, tid in enumerate(ids):
            body = "; ".join(q.format(t="task_timeline", id=tid) for q in stale)
            cond = STALE_WHEN.format(t="task_timeline", id=tid)
            out.append(f"CREATE TRIGGER IF NOT EXISTS timeline_stale_{name}{k or ''} {when} "
                       f"WHEN {cond} BEGIN {body}; END")
    return out


#: The columns :func:`tally_rows` reads, in order (a SQL ``GROUP BY`` selects them).
TALLY_COLUMNS = ("key", "previous_leads", "kind", "grp", "on_time_vs_current",
                 "on_time_vs_original", "n", "percent", "late_days", "overdue_rank_sum",
                 "overdue_n")


#: The columns of ``task_timeline_overdue``, the side table of the timeline rows in the
#: group "not completed, overdue": what a unit's overdue list prints, with the task's
#: content, stored in the order of its primary key ``(lead_unit, task_id, occurrence,
#: valid_from)`` so that a unit's rows are one range of the table.  The stores write it
#: with the timeline rows (:func:`overdue_side_rows`), never apart from them.
OVERDUE_COLUMNS = ("lead_unit", "task_id", "occurrence", "valid_from", "valid_to",
                   "directive_id", "content", "kind", "previous_leads", "original_due",
                   "current_due", "percent", "late_days", "due_rank", "occurrence_title")

_OVERDUE = ReportGroup.NOT_COMPLETED_OVERDUE.value


def overdue_side_rows(rows: Iterable[Sequence[Any]], content: Mapping[str, str]
                      ) -> list[tuple[Any, ...]]:
    """
    The ``task_timeline_overdue`` rows (:data:`OVERDUE_COLUMNS`) of timeline *rows*
    (:data:`TIMELINE_COLUMNS`): one per row in the overdue group, with its task's
    content from *content* (task id -> content).  The values are the timeline row's
    own, unchanged: the side table is a copy ordered by unit, not a second derivation.
    """
    (lead, tid, occ, frm, to, dirid, kind, prev, orig, cur, pct, late, rank, grp,
     title) = (_C[k] for k in ("lead_unit", "task_id", "occurrence", "valid_from",
                               "valid_to", "directive_id", "kind", "previous_leads",
                               "original_due", "current_due", "percent", "late_days",
                               "due_rank", "grp", "occurrence_title"))
    return [(r[lead], r[tid], r[occ], r[frm], r[to], r[dirid], content[r[tid]], r[kind],
             r[prev], r[orig], r[cur], r[pct], r[late], r[rank], r[title])
            for r in rows if r[grp] == _OVERDUE]


def due_rank(d: date) -> int:
    """The rank of *d* among working days (:data:`TIMELINE_CALENDAR`): the working days
    in (first supported date, *d*], so that ``working_days_between(a, b) ==
    due_rank(b) - due_rank(a)``."""
    return TIMELINE_CALENDAR.working_days_between(TIMELINE_CALENDAR.first_date, d)

_KINDS = {k.value: k for k in StatusKind}
_GROUPS = {g.value: g for g in ReportGroup}
_PHASES = {p.value: p for p in TaskPhase}
#: Column positions in a timeline row.
_C = {name: i for i, name in enumerate(TIMELINE_COLUMNS)}


def _codes(codes: Sequence[str]) -> str:
    """Unit codes as one column value (identifiers: no spaces)."""
    return " ".join(codes)


def split_codes(value: str) -> tuple[str, ...]:
    """The inverse of :func:`_codes`."""
    return tuple(value.split()) if value else ()


def _flag(b: bool | None) -> int | None:
    return None if b is None else int(b)


def _row(task: Task, assigned: Any, valid_from: date, valid_to: date | None,
         values: SegmentValues, d: Callable[[date | None], Any],
         occurrence: tuple[str, str, date | None] = ("", "", None)) -> tuple[Any, ...]:
    """One ``task_timeline`` row of a segment (see :func:`timeline_rows`)."""
    (phase, kind, group, lead, previous, coordinating, original_due, current_due,
     paused_since, completed_on, closed_on, percent, vs_cur, vs_orig, submitted) = values
    late: int | None = None
    fixed = kind is not StatusKind.OVERDUE or (TIMELINE_REVIEW_ON_SUBMISSION
                                               and submitted is not None)
    if fixed and vs_cur is False:
        late = judge(phase, as_of=valid_from, current_due=current_due,
                     original_due=original_due, paused_since=paused_since,
                     completed_on=completed_on, calendar=TIMELINE_CALENDAR,
                     submitted_on=submitted,
                     review_on_submission=TIMELINE_REVIEW_ON_SUBMISSION)[3]
    return (task.id, task.directive_id, assigned, d(valid_from), d(valid_to), phase.value,
            kind.value, None if group is None else group.value, lead,
            _codes(previous), _codes(coordinating), d(original_due),
            d(current_due), d(paused_since), d(completed_on), d(closed_on),
            percent, _flag(vs_cur), _flag(vs_orig), late,
            None if current_due is None else due_rank(current_due), d(submitted),
            occurrence[0], occurrence[1], d(occurrence[2]))


def _unreplayable_row(task: Task, valid_from: date, d: Callable[[date | None], Any]
                      ) -> tuple[Any, ...]:
    return (task.id, task.directive_id, d(task.assigned_on), d(valid_from), None,
            UNREPLAYABLE, UNREPLAYABLE, None, task.lead_unit, "",
            _codes(task.coordinating_units), None, None, None, None, None, 0, None,
            None, None, None, None, "", "", None)


def timeline_rows(task: Task, events: Sequence[TaskEvent],
                  d: Callable[[date | None], Any], *, through: date | None = None
                  ) -> list[tuple[Any, ...]]:
    """
    Return the ``task_timeline`` rows of *task* (columns :data:`TIMELINE_COLUMNS`),
    dates passed through *d* (the backend's date parameter).

    ``late_days`` is the working days late when it does not depend on the day asked
    (completed late, paused when already late, submitted late and awaiting review; from
    :func:`~directive_tracker.status.judge` on the segment's first day), else NULL (open
    and overdue: counted at query time).

    A periodic duty has rows per occurrence up to its horizon (the module docstring),
    at least *through* when given, then one :data:`UNREPLAYABLE` row.
    """
    return replayed_timeline_rows(task, events, d, through=through)[0]


def replayed_timeline_rows(task: Task, events: Sequence[TaskEvent],
                           d: Callable[[date | None], Any], *, through: date | None = None
                           ) -> tuple[list[tuple[Any, ...]], bool]:
    """
    Return :func:`timeline_rows` and whether they come from one replay of the whole
    of *events* that the lifecycle accepted: a one-off task (not periodic), no event
    naming an occurrence, the default :class:`~directive_tracker.lifecycle.LifecyclePolicy`
    and :data:`TIMELINE_CALENDAR` (what
    :func:`~directive_tracker.storage.base.check_stored_history` may rely on).
    """
    try:
        if is_periodic(task, events):  # the log too: a duty turned one-off stays periodic
            return _occurrence_rows(task, events, d, through), False
        values = timeline_values(task, events, calendar=TIMELINE_CALENDAR,
                                 review_on_submission=TIMELINE_REVIEW_ON_SUBMISSION)
    except (InvalidTransitionError, ValidationError, DateOutOfRangeError):
        return [_unreplayable_row(task, task.assigned_on, d)], False
    assigned = d(task.assigned_on)
    replayed = bool(values) and all(e.occurrence is None for e in events)
    return [_row(task, assigned, valid_from, valid_to, v, d)
            for valid_from, valid_to, v in values], replayed


#: The columns of ``task_timeline`` at schema 7 (SQLite 7–8, PostgreSQL 7–9), before
#: the rows per occurrence.
TIMELINE_COLUMNS_V7 = TIMELINE_COLUMNS[:22]


def legacy_timeline_rows(task: Task, events: Sequence[TaskEvent],
                         d: Callable[[date | None], Any]) -> list[tuple[Any, ...]]:
    """The rows of *task* in the schema-7 layout (:data:`TIMELINE_COLUMNS_V7`): a
    periodic duty gets one :data:`UNREPLAYABLE` row, as then (the migration step of the
    rows per occurrence rebuilds it)."""
    if is_periodic(task, events):
        return [_unreplayable_row(task, task.assigned_on, d)[:22]]
    return [r[:22] for r in timeline_rows(task, events, d)]


def _occurrence_rows(task: Task, events: Sequence[TaskEvent],
                     d: Callable[[date | None], Any], through: date | None
                     ) -> list[tuple[Any, ...]]:
    segs, horizon = occurrence_timeline_values(
        task, events, calendar=TIMELINE_CALENDAR, horizon=through,
        review_on_submission=TIMELINE_REVIEW_ON_SUBMISSION)
    rows = [_row(task, d(max(task.assigned_on, s.due)), s.valid_from, s.valid_to,
                 s.values, d, (s.key, s.title_vi, s.previous_due)) for s in segs]
    if horizon is not None:
        rows.append(_unreplayable_row(task, horizon + timedelta(days=1), d))
    return rows


#: The columns of the ``task_coordinators`` table (PostgreSQL), in row order: see
#: :func:`coordinator_rows`.
COORDINATOR_COLUMNS = ("unit", "task_id", "occurrence", "valid_from", "valid_to",
                       "assigned_on", "ended_on")


def coordinator_rows(rows: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """
    Return the ``task_coordinators`` rows (columns :data:`COORDINATOR_COLUMNS`) of the
    timeline *rows* (columns :data:`TIMELINE_COLUMNS`; every row of each task they
    name, in any order): the index of "which units coordinate a counted task on *D*".

    One row per **run**: the longest sequence of consecutive rows of one task (one
    occurrence of a periodic duty), each starting where the one before ends, not
    :data:`UNREPLAYABLE`, in which a unit is among ``coordinating_units`` and the two
    values an as-of filter reads besides the dates stay the same (``assigned_on`` and
    ``ended_on`` = ``COALESCE(completed_on, closed_on)``, see :class:`AsOfFilter`).
    ``valid_from`` is the run's first row's, ``valid_to`` its last row's.  So a unit
    coordinates a task counted by an :class:`AsOfFilter` exactly when one of its runs
    contains the date and passes the same filter on ``assigned_on`` and ``ended_on``.
    Nothing is computed here that the timeline rows do not already say.
    """
    c = _C
    tid, occ, vf, vt = c["task_id"], c["occurrence"], c["valid_from"], c["valid_to"]
    phase, assigned, coords = c["phase"], c["assigned_on"], c["coordinating_units"]
    completed, closed = c["completed_on"], c["closed_on"]
    by_key: dict[tuple[Any, Any], list[Sequence[Any]]] = {}
    for r in rows:
        by_key.setdefault((r[tid], r[occ]), []).append(r)
    out: list[tuple[Any, ...]] = []
    for (task_id, occurrence), task_rows in by_key.items():
        if len(task_rows) > 1:
            task_rows.sort(key=lambda r: r[vf])
        # unit -> [valid_from, valid_to, assigned_on, ended_on] of its run going on
        runs: dict[str, list[Any]] = {}
        for r in task_rows:
            ended = r[completed] if r[completed] is not None else r[closed]
            units = () if r[phase] == UNREPLAYABLE else split_codes(r[coords])
            for unit in [u for u in runs if u not in units]:
                f, t, a, e = runs.pop(unit)
                out.append((unit, task_id, occurrence, f, t, a, e))
            for unit in units:
                run = runs.get(unit)
                if run is not None and (run[1], run[2], run[3]) == (r[vf], r[assigned],
                                                                     ended):
                    run[1] = r[vt]  # the same run goes on
                    continue
                if run is not None:
                    out.append((unit, task_id, occurrence, *run))
                runs[unit] = [r[vf], r[vt], r[assigned], ended]
        out.extend((unit, task_id, occurrence, *run) for unit, run in runs.items())
    return out


def tally_rows(rows: Iterable[Sequence[Any]], as_of: date
               ) -> dict[tuple[str, tuple[str, ...]], StatusTally]:
    """
    Aggregate *rows* (columns :data:`TALLY_COLUMNS`, as a ``GROUP BY`` gives them) into
    one :class:`~directive_tracker.timeline.StatusTally` per ``(key, previous_leads)``.

    ``overdue_rank_sum`` is the sum of :func:`due_rank` of the current due dates of the
    ``overdue_n`` open overdue rows whose days late grow with the day asked
    (``late_days`` NULL): their working days late on *as_of* are ``overdue_n ×
    due_rank(as_of) - overdue_rank_sum`` (the sum over the tasks of
    ``working_days_between(current_due, as_of)``, with no grouping by due date); the
    other rows' days late are ``late_days``.  A NULL sum (None: no value summed) counts
    as 0.
    """
    out: dict[tuple[str, tuple[str, ...]], StatusTally] = {}
    today = due_rank(as_of)
    for key, prev, kind, grp, vs_cur, vs_orig, n, percent, late, rank_sum, m in rows:
        k = (key, split_codes(prev))
        tally = out.get(k)
        if tally is None:
            tally = out[k] = StatusTally()
        if kind == "overdue" and m:
            late = (late or 0) + m * today - rank_sum
        tally.add(_KINDS[kind], None if grp is None else _GROUPS[grp],
                  on_time_vs_current=None if vs_cur is None else bool(vs_cur),
                  on_time_vs_original=None if vs_orig is None else bool(vs_orig),
                  working_days_late=late or 0, percent=percent or 0, n=n)
    return out


def segment_from_row(row: Sequence[Any], to_date: Callable[[Any], date]) -> StatusSegment:
    """Build the :class:`~directive_tracker.timeline.StatusSegment` of a replayable
    ``task_timeline`` row (columns :data:`TIMELINE_COLUMNS`)."""
    # One unpacking, not a lookup by column name per field: a unit's overdue list
    # builds thousands of these (issue 12's 20 ms target at 1,000,000 tasks).
    (task_id, _directive, _assigned, valid_from, valid_to, phase, kind, grp, lead,
     previous, coordinating, original_due, current_due, paused_since, completed_on,
     closed_on, percent, vs_cur, vs_orig, _late, _rank, submitted_on, occurrence,
     occurrence_title, occurrence_start) = row
    return StatusSegment(
        task_id=task_id, valid_from=to_date(valid_from),
        valid_to=None if valid_to is None else to_date(valid_to), phase=_PHASES[phase],
        kind=_KINDS[kind], group=None if grp is None else _GROUPS[grp],
        lead_unit=lead, previous_leads=split_codes(previous),
        coordinating_units=split_codes(coordinating),
        original_due=None if original_due is None else to_date(original_due),
        current_due=None if current_due is None else to_date(current_due),
        paused_since=None if paused_since is None else to_date(paused_since),
        completed_on=None if completed_on is None else to_date(completed_on),
        closed_on=None if closed_on is None else to_date(closed_on), percent=percent,
        on_time_vs_current=None if vs_cur is None else bool(vs_cur),
        on_time_vs_original=None if vs_orig is None else bool(vs_orig),
        submitted_on=None if submitted_on is None else to_date(submitted_on),
        review_on_submission=TIMELINE_REVIEW_ON_SUBMISSION,
        occurrence=occurrence, occurrence_title=occurrence_title,
        occurrence_start=None if occurrence_start is None else to_date(occurrence_start))


@attrs.frozen(kw_only=True)
class AsOfFilter:
    """Which rows an as-of question reads: the row containing *as_of* of each task,
    of the tasks assigned on or before *assigned_until* (if given) and not completed,
    cancelled or refused before *ended_from* (if given)."""

    as_of: date
    assigned_until: date | None = None
    ended_from: date | None = None

    def sql(self, d: Callable[[date | None], Any]) -> tuple[str, list[Any]]:
        """The SQL condition (``?`` placeholders) and its parameters."""
        return self._sql("(valid_to IS NULL OR valid_to > ?) AND valid_from <= ?", d)

    def branches(self, d: Callable[[date | None], Any]) -> list[tuple[str, list[Any]]]:
        """:meth:`sql` as two disjoint conditions, the rows still open (``valid_to IS
        NULL``) and those closed after *as_of*: each is one index range, where the
        ``OR`` made SQLite merge two ranges through a temporary B-tree (4× slower)."""
        return [self._sql("valid_to IS NULL AND valid_from <= ?", d, first=False),
                self._sql("valid_to > ? AND valid_from <= ?", d)]

    def coordinating_sql(self, d: Callable[[date | None], Any]) -> tuple[str, list[Any]]:
        """The statement listing the units that coordinate a task this filter keeps,
        over ``task_coordinators`` (:func:`coordinator_rows`), and its parameters."""
        (open_, p_open), (closed, p_closed) = [
            self._sql(where, d, first=first, ended="ended_on")
            for where, first in (("valid_to IS NULL AND valid_from <= ?", False),
                                 ("valid_to > ? AND valid_from <= ?", True))]
        return COORDINATING_SQL.format(open=open_, closed=closed), [*p_open, *p_closed]

    def _sql(self, where: str, d: Callable[[date | None], Any], first: bool = True,
             ended: str = "COALESCE(completed_on, closed_on)") -> tuple[str, list[Any]]:
        params = [d(self.as_of), d(self.as_of)] if first else [d(self.as_of)]
        if self.assigned_until is not None:
            where += " AND assigned_on <= ?"
            params.append(d(self.assigned_until))
        if self.ended_from is not None:
            where += f" AND ({ended} IS NULL OR {ended} >= ?)"
            params.append(d(self.ended_from))
        return where, params

    def keeps(self, row: Sequence[Any]) -> bool:
        """The same condition for a row of date objects (memory store)."""
        c = _C
        if self.assigned_until is not None and row[c["assigned_on"]] > self.assigned_until:
            return False
        ended = row[c["completed_on"]] or row[c["closed_on"]]
        return self.ended_from is None or ended is None or ended >= self.ended_from


def _row_at(rows: Sequence[Sequence[Any]], as_of: date) -> Sequence[Any] | None:
    """The row of one task (sorted by valid_from, date objects) containing *as_of*."""
    i = bisect.bisect_right(rows, as_of, key=lambda r: r[3]) - 1
    if i < 0:
        return None
    row = rows[i]
    return row if row[4] is None or as_of < row[4] else None


_OCC = TIMELINE_COLUMNS.index("occurrence")


def _rows_at(by_task: Mapping[str, Sequence[Sequence[Any]]], f: AsOfFilter
             ) -> Iterator[Sequence[Any]]:
    """The rows containing ``f.as_of`` kept by *f*: one per task, or one per occurrence
    of a periodic duty (its rows, one sequence per occurrence, never overlap)."""
    as_of = f.as_of
    for rows in by_task.values():
        if not rows:
            continue
        if rows[0][_OCC] == "":  # a one-off task (or one unreplayable row): sorted
            row = _row_at(rows, as_of)
            if row is not None and f.keeps(row):
                yield row
            continue
        for row in rows:
            if row[3] <= as_of and (row[4] is None or as_of < row[4]) and f.keeps(row):
                yield row


def memory_unreplayable(by_task: Mapping[str, Sequence[Sequence[Any]]], as_of: date,
                        assigned_until: date | None = None) -> list[str]:
    """The memory store's unreplayable task ids on *as_of* (sorted): a task whose one
    row is :data:`UNREPLAYABLE`, or a periodic duty whose horizon is before *as_of*
    (its last row, :data:`UNREPLAYABLE`, starts the day after the horizon); assigned
    on or before *assigned_until* (default *as_of*)."""
    c = _C
    until = as_of if assigned_until is None else min(as_of, assigned_until)
    return sorted(t for t, rows in by_task.items()
                  if rows and rows[-1][c["phase"]] == UNREPLAYABLE
                  and rows[-1][c["assigned_on"]] <= until
                  and rows[-1][c["valid_from"]] <= as_of)


#: The units coordinating a counted task on a date (:meth:`AsOfFilter.coordinating_sql`),
#: from the index ``task_coordinators (unit, valid_to, valid_from)``: the distinct units
#: walked one index descent each (a recursive skip scan), each kept if one of its runs
#: contains the date and passes the filter: ``{open}`` among the runs still open, one
#: index range from the unit's oldest, ``{closed}`` among those closed after the date.
#: A few index probes per unit (the first run of the range passes, unless a period's
#: filters leave runs out) instead of reading every row containing the date (``SELECT
#: DISTINCT coordinating_units``: 0.4-0.6 s of a 1.0-1.6 s scoreboard at 1,000,000
#: tasks).
COORDINATING_SQL = (
    "WITH RECURSIVE u (unit) AS ("
    "(SELECT unit FROM task_coordinators ORDER BY unit LIMIT 1) UNION ALL "
    "SELECT (SELECT c.unit FROM task_coordinators c WHERE c.unit > u.unit "
    "ORDER BY c.unit LIMIT 1) FROM u WHERE u.unit IS NOT NULL) "
    "SELECT unit FROM u WHERE unit IS NOT NULL AND ("
    "EXISTS (SELECT 1 FROM task_coordinators c WHERE c.unit = u.unit AND {open}) OR "
    "EXISTS (SELECT 1 FROM task_coordinators c WHERE c.unit = u.unit AND {closed}))")


#: The SQL of the tally query: ``{key}`` is ``lead_unit`` or ``directive_id``, ``{where}``
#: an :class:`AsOfFilter` condition.
TALLY_SQL = (
    "SELECT {key}, previous_leads, kind, grp, on_time_vs_current, on_time_vs_original, "
    "COUNT(*), SUM(percent), SUM(late_days), "
    "SUM(CASE WHEN late_days IS NULL THEN due_rank END), "
    "SUM(CASE WHEN late_days IS NULL AND due_rank IS NOT NULL THEN 1 ELSE 0 END) "
    "FROM task_timeline WHERE {where} AND phase <> 'unreplayable' "
    "GROUP BY 1, 2, 3, 4, 5, 6")


def memory_tally(by_task: Mapping[str, Sequence[Sequence[Any]]], f: AsOfFilter, by: str,
                 calendar: WorkingCalendar
                 ) -> tuple[dict[tuple[str, tuple[str, ...]], StatusTally], set[str],
                            list[str]]:
    """The memory store's answer to an as-of tally (see :data:`TALLY_SQL`): tallies,
    coordinating units, unreplayable task ids."""
    c = _C
    key = c["lead_unit"] if by == "lead_unit" else c["directive_id"]
    grouped: list[tuple[Any, ...]] = []
    coordinating: set[str] = set()
    unreplayable: list[str] = []
    for row in _rows_at(by_task, f):
        if row[c["phase"]] == UNREPLAYABLE:
            unreplayable.append(row[c["task_id"]])
            continue
        coordinating.update(split_codes(row[c["coordinating_units"]]))
        grouped.append((row[key], row[c["previous_leads"]] if by == "lead_unit" else "",
                        row[c["kind"]], row[c["grp"]], row[c["on_time_vs_current"]],
                        row[c["on_time_vs_original"]], 1, row[c["percent"]],
                        row[c["late_days"]],
                        row[c["due_rank"]] if row[c["late_days"]] is None else None,
                        int(row[c["late_days"]] is None and row[c["due_rank"]] is not None)))
    return (tally_rows(grouped, f.as_of), coordinating,
            sorted(unreplayable))


def memory_segments(by_task: Mapping[str, Sequence[Sequence[Any]]], f: AsOfFilter, *,
                    lead_units: Iterable[str] | None, task_ids: Iterable[str] | None,
                    group: ReportGroup | None) -> list[StatusSegment]:
    """The memory store's answer to an as-of segment list, sorted by task id (then
    occurrence key)."""
    if task_ids is not None:
        by_task = {t: by_task[t] for t in set(task_ids) if t in by_task}
    leads = None if lead_units is None else set(lead_units)
    c = _C
    out = []
    for row in _rows_at(by_task, f):
        if row[c["phase"]] == UNREPLAYABLE:
            continue
        if leads is not None and row[c["lead_unit"]] not in leads:
            continue
        if group is not None and row[c["grp"]] != group.value:
            continue
        out.append(segment_from_row(row, lambda v: v))
    out.sort(key=lambda s: (s.task_id, s.occurrence))
    return out
