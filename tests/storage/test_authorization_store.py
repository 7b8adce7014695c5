# SPDX-License-Identifier: MIT
"""
A refused action stores nothing, on every backend (issue 17 item 5).

The store's whole content (its JSON-lines backup: units, successions, directives, tasks
with their versions, every event, the outbox) is compared before and after each refused
call, on memory, SQLite and PostgreSQL.  Who is refused is read off the rules table of
``docs/guide/authorization.md`` for task T1 (lead SNV, coordinating STC, field "Kinh tế",
accepted by SNV, so in progress).
"""

from __future__ import annotations

import io
import string
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directive_tracker._validators import VIETNAM_TZ
from directive_tracker.authorization import OfficialPolicy, Principal, StaticDirectory
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import FixedDate
from directive_tracker.directives import Directive
from directive_tracker.events import TermsChanged
from directive_tracker.exceptions import PermissionDeniedError
from directive_tracker.health import check_store
from directive_tracker.services import (
    accept_task,
    approve_extension,
    assign_task,
    cancel_task,
    change_task_terms,
    complete_task,
    pause_task,
    refuse_task,
    register_directive,
    register_unit,
    reject_extension,
    reorganise,
    report_progress,
    request_extension,
    resume_task,
    return_for_rework,
    submit_for_review,
    task_state,
    transfer_task,
)
from directive_tracker.storage import MemoryStore, Store
from directive_tracker.units import Succession, SuccessionKind, Unit, UnitKind

CAL = vietnam_calendar()


def clock() -> datetime:
    return datetime.combine(date(2026, 4, 10), time(9), tzinfo=VIETNAM_TZ)


PEOPLE = [
    Principal(id="ct", roles=["chairman"]),
    Principal(id="pct.kt", roles=["vice_chairman"], fields=["Kinh tế"]),
    Principal(id="pct.vx", roles=["vice_chairman"], fields=["Văn xã"], units_in_charge=["SYT"]),
    Principal(id="vp", roles=["office"], unit="VP_UBND"),
    Principal(id="gd.snv", roles=["unit_leader"], unit="SNV"),
    Principal(id="cv.snv", roles=["unit_officer"], unit="SNV"),
    Principal(id="gd.stc", roles=["unit_leader"], unit="STC"),
    Principal(id="cv.stc", roles=["unit_officer"], unit="STC"),
]
POLICY = OfficialPolicy(directory=StaticDirectory(PEOPLE))
KNOWN = [p.id for p in PEOPLE]

Call = Callable[[Store, str, dict[str, Any]], object]
# Each use case on T1 (in progress), and who may do it (the rest are refused).
CALLS: dict[str, tuple[Call, frozenset[str]]] = {
    "assign": (lambda s, a, k: assign_task(
        s, CAL, directive_id="D1", task_id="T2", content=k["text"], lead_unit="STC",
        deadline="trong 5 ngày làm việc", anchor=date(2026, 4, 10), actor=a, clock=clock,
        authorization=POLICY), frozenset({"ct", "vp"})),
    "accept": (lambda s, a, k: accept_task(s, CAL, "T1", actor=a, clock=clock,
                                           authorization=POLICY),
               frozenset({"gd.snv", "cv.snv"})),
    "refuse": (lambda s, a, k: refuse_task(s, CAL, "T1", actor=a, reason=k["text"],
                                           clock=clock, authorization=POLICY),
               frozenset({"gd.snv"})),
    "report_progress": (lambda s, a, k: report_progress(
        s, CAL, "T1", actor=a, percent=k["percent"], clock=clock, authorization=POLICY),
        frozenset({"gd.snv", "cv.snv"})),
    "submit_for_review": (lambda s, a, k: submit_for_review(
        s, CAL, "T1", actor=a, clock=clock, authorization=POLICY),
        frozenset({"gd.snv", "cv.snv"})),
    "request_extension": (lambda s, a, k: request_extension(
        s, CAL, "T1", actor=a, requested_due=date(2026, 5, 29), reason=k["text"],
        clock=clock, authorization=POLICY), frozenset({"gd.snv"})),
    "approve_extension": (lambda s, a, k: approve_extension(
        s, CAL, "T1", actor=a, decider=a, new_due=date(2026, 5, 29), clock=clock,
        authorization=POLICY), frozenset({"ct", "pct.kt"})),
    "reject_extension": (lambda s, a, k: reject_extension(
        s, CAL, "T1", actor=a, decider=a, reason=k["text"], clock=clock,
        authorization=POLICY), frozenset({"ct", "pct.kt"})),
    "return_result": (lambda s, a, k: return_for_rework(
        s, CAL, "T1", actor=a, reason=k["text"], clock=clock, authorization=POLICY),
        frozenset({"ct", "pct.kt"})),
    "complete": (lambda s, a, k: complete_task(s, CAL, "T1", actor=a, clock=clock,
                                               authorization=POLICY),
                 frozenset({"gd.snv", "cv.snv"})),
    "pause": (lambda s, a, k: pause_task(s, CAL, "T1", actor=a, reason=k["text"],
                                         clock=clock, authorization=POLICY),
              frozenset({"ct", "pct.kt"})),
    "resume": (lambda s, a, k: resume_task(s, CAL, "T1", actor=a, clock=clock,
                                           authorization=POLICY),
               frozenset({"ct", "pct.kt"})),
    "cancel": (lambda s, a, k: cancel_task(s, CAL, "T1", actor=a, reason=k["text"],
                                           clock=clock, authorization=POLICY),
               frozenset({"ct", "pct.kt"})),
    "transfer": (lambda s, a, k: transfer_task(s, CAL, "T1", actor=a, to_unit="STC",
                                               document="QĐ 12/QĐ-UBND", clock=clock,
                                               authorization=POLICY),
                 frozenset({"ct", "pct.kt"})),
    "update_terms": (lambda s, a, k: change_task_terms(
        s, CAL, "T1", actor=a, reason=k["text"], due_date=date(2026, 5, 29), clock=clock,
        authorization=POLICY), frozenset({"ct", "pct.kt"})),
    "reorganise": (lambda s, a, k: reorganise(
        s, CAL, Succession(kind=SuccessionKind.MERGE, predecessors=("SNV", "STC"),
                           successors=("STC",), effective=date(2026, 4, 1),
                           document="NQ 15/NQ-HĐND"),
        actor=a, clock=clock, authorization=POLICY), frozenset({"ct", "vp"})),
}


def snapshot(store: Store) -> str:
    out = io.StringIO()
    store.export_jsonl(out)
    return out.getvalue()


@pytest.fixture
def world(store: Store) -> Store:
    """T1 assigned by the Chairman, accepted by SNV."""
    for code, name in (("SNV", "Sở Nội vụ"), ("STC", "Sở Tài chính")):
        register_unit(store, Unit(code=code, name=name, kind=UnitKind.DEPARTMENT))
    register_directive(store, Directive(id="D1", issuer="UBND", issue_date=date(2026, 4, 1),
                                        summary="Chỉ thị"))
    assign_task(store, CAL, directive_id="D1", task_id="T1", content="Rà soát thủ tục",
                lead_unit="SNV", coordinating_units=["STC"], deadline="trong 10 ngày làm việc",
                tags=["Kinh tế"], actor="ct", clock=clock, authorization=POLICY)
    accept_task(store, CAL, "T1", actor="cv.snv", clock=clock, authorization=POLICY)
    return store


@pytest.mark.parametrize("action", sorted(CALLS))
def test_each_refusal_stores_nothing(world: Store, action: str) -> None:
    """Every actor the rule does not name, and an unknown one, is refused; the backup of
    the store is identical, line for line, before and after."""
    call, allowed = CALLS[action]
    before = snapshot(world)
    refused = [a for a in [*KNOWN, "someone"] if a not in allowed]
    for actor in refused:
        with pytest.raises(PermissionDeniedError) as info:
            call(world, actor, {"text": "Lý do", "percent": 50})
        assert (action, actor) == (info.value.action, info.value.actor)
    assert refused
    assert before == snapshot(world)
    # Stored with its assigned event: version 1 + 1 = 2 (Store.add_task); accepted: 3.
    assert 3 == world.get_task("T1").version


_DENIED = [(action, actor) for action, (_, allowed) in CALLS.items()
           for actor in [*KNOWN, "someone"] if actor not in allowed]
_STRANGERS = st.text(alphabet=string.ascii_letters + "đĐưƯ.-_", min_size=1, max_size=24
                     ).filter(lambda a: a not in KNOWN)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_property_denied_leaves_store_unchanged(world: Store, data: st.DataObject) -> None:
    """Any refused (action, actor), with any reason and percent, in any order, leaves the
    store exactly as it was (the store is shared by all examples: refusals accumulate)."""
    before = snapshot(world)
    steps = data.draw(st.lists(st.one_of(
        st.sampled_from(_DENIED),
        st.tuples(st.sampled_from(sorted(CALLS)), _STRANGERS)), min_size=1, max_size=4))
    for action, actor in steps:
        kwargs = {"text": data.draw(st.text(alphabet=string.ascii_letters + " ạếờ",
                                            min_size=1, max_size=40).filter(str.strip)),
                  "percent": data.draw(st.integers(0, 100))}
        with pytest.raises(PermissionDeniedError):
            CALLS[action][0](world, actor, kwargs)
    assert before == snapshot(world)


def test_change_terms_allowed_is_recorded_and_replayed(world: Store) -> None:
    """The Vice-Chairman in charge of "Kinh tế" moves T1's deadline to a fixed Fri
    29/05/2026 (a working day): one TermsChanged by pct.kt, version 3 + 2 = 5 (append and
    update); replaying the log gives 29/05 as the original and current due date, the
    chain verifies (check passes), and a backup imported elsewhere replays the same."""
    before_due = world.get_task("T1").due_date
    state = change_task_terms(world, CAL, "T1", actor="pct.kt", reason="Điều chỉnh thời hạn",
                              document="15/QĐ-UBND", deadline=FixedDate(date=date(2026, 5, 29)),
                              clock=clock, authorization=POLICY)
    last = world.get_events("T1")[-1]
    assert isinstance(last, TermsChanged)
    assert (5, date(2026, 5, 29), date(2026, 5, 29), "pct.kt", "15/QĐ-UBND", before_due,
            date(2026, 5, 29), clock()) == (
        state.task.version, state.original_due, state.current_due, last.actor,
        last.document, last.previous_due, last.new_due, last.at)
    replayed = task_state(world, CAL, "T1")
    assert (date(2026, 5, 29), date(2026, 5, 29), True) == (
        replayed.original_due, replayed.current_due, check_store(world).ok)
    copy = MemoryStore()
    copy.import_jsonl(io.StringIO(snapshot(world)))
    assert (date(2026, 5, 29), ["assigned", "accepted", "terms_changed"]) == (
        task_state(copy, CAL, "T1").current_due, [e.kind for e in copy.get_events("T1")])


def test_change_terms_denied_stores_nothing(world: Store) -> None:
    """The lead unit's director may not change its own task's terms (the assigning
    authority decides): PermissionDeniedError("update_terms"), the backup unchanged."""
    before = snapshot(world)
    with pytest.raises(PermissionDeniedError) as info:
        change_task_terms(world, CAL, "T1", actor="gd.snv", reason="Xin lùi hạn",
                          due_date=date(2026, 5, 29), clock=clock, authorization=POLICY)
    assert ("update_terms", "gd.snv", before) == (
        info.value.action, info.value.actor, snapshot(world))
