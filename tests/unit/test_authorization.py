# SPDX-License-Identifier: MIT
"""
Who may do what (issue 17 item 5): the official rules, action by action, allowed and
denied, and a refused call stores nothing.

The province of these tests (expected outcomes read off the rules table of
``docs/guide/authorization.md``, which follows the domain brief: the lead unit reports and
completes, the assigning authority decides):

* units SNV (lead of T1), STC (coordinating on T1), SYT (another department);
* ``ct`` the Chairman; ``pct.kt`` Vice-Chairman in charge of the field "Kinh tế";
  ``pct.vx`` Vice-Chairman in charge of "Văn xã" and of the unit SYT; ``vp`` an officer of
  the Văn phòng UBND; ``gd.snv`` / ``cv.snv`` the director and an officer of SNV; likewise
  ``gd.stc`` / ``cv.stc`` and ``gd.syt``;
* T1 "Kinh tế", led by SNV with STC coordinating, recorded by ``vp``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

import pytest

import directive_tracker as dt
from directive_tracker._validators import VIETNAM_TZ
from directive_tracker.authorization import (
    ALLOW_ALL,
    AccessContext,
    Action,
    OfficialPolicy,
    Principal,
    Role,
    StaticDirectory,
    action_for,
    authorize,
    escalation_targets,
    leaders_in_charge,
)
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.directives import Directive
from directive_tracker.events import ProgressReported, TaskAccepted
from directive_tracker.exceptions import (
    DirectiveTrackerError,
    DuplicateIdError,
    InvalidTypeError,
    PermissionDeniedError,
    ValidationError,
)
from directive_tracker.services import (
    accept_task,
    approve_extension,
    assign_task,
    cancel_task,
    complete_task,
    pause_task,
    record_event,
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
    transfer_open_tasks,
    transfer_task,
)
from directive_tracker.storage import MemoryStore, Store
from directive_tracker.units import Succession, SuccessionKind, Unit, UnitKind, UnitRegistry

CAL = vietnam_calendar()
TODAY = date(2026, 4, 10)  # a Friday, a working day


def clock() -> datetime:
    return datetime.combine(TODAY, time(9), tzinfo=VIETNAM_TZ)


PEOPLE = [
    Principal(id="ct", roles=[Role.CHAIRMAN], name="Chủ tịch UBND tỉnh"),
    Principal(id="pct.kt", roles=["vice_chairman"], fields=["Kinh tế"]),
    Principal(id="pct.vx", roles=["vice_chairman"], fields=["Văn xã"], units_in_charge=["SYT"]),
    Principal(id="vp", roles=["office"], unit="VP_UBND"),
    Principal(id="gd.snv", roles=["unit_leader"], unit="SNV"),
    Principal(id="cv.snv", roles=["unit_officer"], unit="SNV"),
    Principal(id="gd.stc", roles=["unit_leader"], unit="STC"),
    Principal(id="cv.stc", roles=["unit_officer"], unit="STC"),
    Principal(id="gd.syt", roles=["unit_leader"], unit="SYT"),
]
DIRECTORY = StaticDirectory(PEOPLE)
OFFICIAL = OfficialPolicy(directory=DIRECTORY)


def snapshot(store: Store) -> str:
    """The whole store as its JSON-lines backup (every record, every field)."""
    out = io.StringIO()
    store.export_jsonl(out)
    return out.getvalue()


def world() -> MemoryStore:
    """Units, directive D1 and task T1 (lead SNV, coordinating STC, field "Kinh tế")."""
    store = MemoryStore()
    for code, name in (("SNV", "Sở Nội vụ"), ("STC", "Sở Tài chính"), ("SYT", "Sở Y tế")):
        register_unit(store, Unit(code=code, name=name, kind=UnitKind.DEPARTMENT))
    register_directive(store, Directive(id="D1", issuer="UBND", issue_date=date(2026, 4, 1),
                                        summary="Chỉ thị về kỷ luật hành chính"))
    assign_task(store, CAL, directive_id="D1", task_id="T1", content="Rà soát thủ tục",
                lead_unit="SNV", coordinating_units=["STC"], deadline="trong 10 ngày làm việc",
                tags=["Kinh tế"], actor="vp", clock=clock, authorization=OFFICIAL)
    return store


def denied(store: Store, call: Callable[[], object], *, action: str, actor: str) -> None:
    """*call* raises PermissionDeniedError for *action* by *actor* and stores nothing."""
    before = snapshot(store)
    with pytest.raises(PermissionDeniedError) as info:
        call()
    assert (action, actor) == (info.value.action, info.value.actor)
    assert before == snapshot(store)


# Each use case on T1, in a state where the lifecycle allows it: (action, prepare, call).
def _to_in_progress(s: Store) -> None:
    accept_task(s, CAL, "T1", actor="cv.snv", clock=clock, authorization=OFFICIAL)


def _to_requested(s: Store) -> None:
    request_extension(s, CAL, "T1", actor="gd.snv", requested_due=date(2026, 5, 29),
                      reason="Chờ ý kiến các bộ", clock=clock, authorization=OFFICIAL)


def _to_review(s: Store) -> None:
    submit_for_review(s, CAL, "T1", actor="cv.snv", clock=clock, authorization=OFFICIAL)


def _to_paused(s: Store) -> None:
    pause_task(s, CAL, "T1", actor="ct", reason="Chờ Bộ Nội vụ", clock=clock,
               authorization=OFFICIAL)


def _none(_s: Store) -> None:
    pass


Call = Callable[[Store, str, Any], object]
CASES: dict[str, tuple[Callable[[Store], None], Call]] = {
    "accept": (_none, lambda s, a, p: accept_task(s, CAL, "T1", actor=a, clock=clock,
                                                  authorization=p)),
    "refuse": (_none, lambda s, a, p: refuse_task(s, CAL, "T1", actor=a, reason="Không thuộc "
                                                  "chức năng", clock=clock, authorization=p)),
    "report_progress": (_none, lambda s, a, p: report_progress(
        s, CAL, "T1", actor=a, percent=40, clock=clock, authorization=p)),
    "submit_for_review": (_to_in_progress, lambda s, a, p: submit_for_review(
        s, CAL, "T1", actor=a, clock=clock, authorization=p)),
    "request_extension": (_none, lambda s, a, p: request_extension(
        s, CAL, "T1", actor=a, requested_due=date(2026, 5, 29), reason="Chờ ý kiến",
        clock=clock, authorization=p)),
    "approve_extension": (_to_requested, lambda s, a, p: approve_extension(
        s, CAL, "T1", actor=a, decider="Phó Chủ tịch", clock=clock, authorization=p)),
    "reject_extension": (_to_requested, lambda s, a, p: reject_extension(
        s, CAL, "T1", actor=a, decider="Phó Chủ tịch", reason="Không có căn cứ", clock=clock,
        authorization=p)),
    "confirm_result": (_to_review, lambda s, a, p: complete_task(
        s, CAL, "T1", actor=a, clock=clock, authorization=p)),
    "return_result": (_to_review, lambda s, a, p: return_for_rework(
        s, CAL, "T1", actor=a, reason="Thiếu số liệu", clock=clock, authorization=p)),
    "complete": (_to_in_progress, lambda s, a, p: complete_task(
        s, CAL, "T1", actor=a, clock=clock, authorization=p)),
    "pause": (_none, lambda s, a, p: pause_task(s, CAL, "T1", actor=a, reason="Chờ Bộ",
                                                clock=clock, authorization=p)),
    "resume": (_to_paused, lambda s, a, p: resume_task(s, CAL, "T1", actor=a, clock=clock,
                                                       authorization=p)),
    "cancel": (_none, lambda s, a, p: cancel_task(s, CAL, "T1", actor=a, reason="Không còn "
                                                  "phù hợp", clock=clock, authorization=p)),
    "transfer": (_none, lambda s, a, p: transfer_task(s, CAL, "T1", actor=a, to_unit="SYT",
                                                      document="QĐ 12/QĐ-UBND", clock=clock,
                                                      authorization=p)),
}

# Hand-read from the rules table: who may, who may not, for T1.
ALLOWED = {
    "accept": ["cv.snv", "gd.snv"],
    "refuse": ["gd.snv"],
    "report_progress": ["cv.snv", "gd.snv"],
    "submit_for_review": ["cv.snv", "gd.snv"],
    "request_extension": ["gd.snv"],
    "approve_extension": ["ct", "pct.kt"],
    "reject_extension": ["ct", "pct.kt"],
    "confirm_result": ["ct", "pct.kt"],
    "return_result": ["ct", "pct.kt"],
    "complete": ["cv.snv", "gd.snv"],
    "pause": ["ct", "pct.kt"],
    "resume": ["ct", "pct.kt"],
    "cancel": ["ct", "pct.kt"],
    "transfer": ["ct", "pct.kt"],
}
EVERYONE = [p.id for p in PEOPLE] + ["someone-unknown"]


@pytest.mark.parametrize(("action", "actor"),
                         [(a, who) for a, allowed in ALLOWED.items() for who in allowed])
def test_allowed(action: str, actor: str) -> None:
    """The rule lets this actor do it: the event is stored under their name."""
    store = world()
    prepare, call = CASES[action]
    prepare(store)
    version = store.get_task("T1").version
    state: Any = call(store, actor, OFFICIAL)
    assert version + 1 == state.task.version
    assert actor == store.get_events("T1")[-1].actor


@pytest.mark.parametrize(("action", "actor"),
                         [(a, who) for a, allowed in ALLOWED.items()
                          for who in EVERYONE if who not in allowed])
def test_denied_stores_nothing(action: str, actor: str) -> None:
    """Everyone else is refused with PermissionDeniedError, and the store is unchanged."""
    store = world()
    prepare, call = CASES[action]
    prepare(store)
    denied(store, lambda: call(store, actor, OFFICIAL), action=action, actor=actor)


@pytest.mark.parametrize("action", sorted(CASES))
def test_no_policy_checks_nothing(action: str) -> None:
    """authorization=None (the default) and ALLOW_ALL: free-text actors, as in 0.1."""
    for policy in (None, ALLOW_ALL):
        store = world()
        prepare, call = CASES[action]
        prepare(store)
        call(store, "ai cũng được", policy)
        assert "ai cũng được" == store.get_events("T1")[-1].actor


class TestAssign:
    def _assign(self, store: Store, actor: str, *, lead: str = "SNV",
                tags: tuple[str, ...] = ("Kinh tế",), parent: str | None = None,
                task_id: str = "T2") -> object:
        return assign_task(store, CAL, directive_id="D1", task_id=task_id,
                           content=f"Nhiệm vụ {task_id}", lead_unit=lead, tags=tags,
                           deadline="trong 5 ngày làm việc", anchor=TODAY,
                           parent_id=parent, actor=actor,
                           clock=clock, authorization=OFFICIAL)

    @pytest.mark.parametrize("actor", ["ct", "pct.kt", "vp"])
    def test_allowed(self, actor: str) -> None:
        """The Chairman, the Vice-Chairman of the field, the office staff assign."""
        store = world()
        self._assign(store, actor)
        assert actor == store.get_events("T2")[0].actor

    @pytest.mark.parametrize("actor", ["pct.vx", "gd.snv", "cv.snv", "gd.syt", "nobody"])
    def test_denied(self, actor: str) -> None:
        """A Vice-Chairman of another field, a unit, an unknown actor: refused."""
        store = world()
        denied(store, lambda: self._assign(store, actor), action="assign", actor=actor)

    def test_vice_chairman_of_the_lead_unit(self) -> None:
        """pct.vx supervises SYT: may assign a task led by SYT whatever its field."""
        store = world()
        self._assign(store, "pct.vx", lead="SYT", tags=())
        denied(store, lambda: self._assign(store, "pct.kt", lead="SYT", tags=(), task_id="T3"),
               action="assign", actor="pct.kt")

    def test_split_task_by_the_parent_lead(self) -> None:
        """A leader of T1's lead unit (SNV) splits a sub-task to STC; its officer may not."""
        store = world()
        denied(store, lambda: self._assign(store, "cv.snv", lead="STC", tags=(), parent="T1"),
               action="assign", actor="cv.snv")
        self._assign(store, "gd.snv", lead="STC", tags=(), parent="T1")
        # ...and gd.snv, the assigner of T2, decides on its extension.
        request_extension(store, CAL, "T2", actor="gd.stc", requested_due=date(2026, 5, 29),
                          reason="Chờ số liệu", clock=clock, authorization=OFFICIAL)
        approve_extension(store, CAL, "T2", actor="gd.snv", decider="Giám đốc Sở Nội vụ",
                          clock=clock, authorization=OFFICIAL)


class TestAuthority:
    def test_the_leader_who_assigned_decides(self) -> None:
        """pct.vx is in charge of neither "Kinh tế" nor SNV but assigned T2 (recorded
        before the policy was on): pct.vx decides on T2's extension, pct.kt does not (T2
        has no field); the office officer who recorded T1 may not decide on T1 (no
        leading role)."""
        store = world()
        assign_task(store, CAL, directive_id="D1", task_id="T2", content="Nhiệm vụ riêng",
                    lead_unit="SNV", deadline="trong 5 ngày làm việc", anchor=TODAY,
                    actor="pct.vx",
                    clock=clock)
        request_extension(store, CAL, "T2", actor="gd.snv", requested_due=date(2026, 5, 29),
                          reason="Chờ", clock=clock, authorization=OFFICIAL)
        denied(store, lambda: approve_extension(store, CAL, "T2", actor="pct.kt", decider="x",
                                                clock=clock, authorization=OFFICIAL),
               action="approve_extension", actor="pct.kt")
        approve_extension(store, CAL, "T2", actor="pct.vx", decider="Phó Chủ tịch",
                          clock=clock, authorization=OFFICIAL)
        _to_requested(store)
        denied(store, lambda: approve_extension(store, CAL, "T1", actor="vp", decider="VP",
                                                clock=clock, authorization=OFFICIAL),
               action="approve_extension", actor="vp")

    def test_office_records_decisions(self) -> None:
        """With office_records_decisions the office officer enters the leaders' decisions."""
        store = world()
        _to_requested(store)
        policy = OfficialPolicy(directory=DIRECTORY, office_records_decisions=True)
        approve_extension(store, CAL, "T1", actor="vp", decider="Phó Chủ tịch Kinh tế",
                          clock=clock, authorization=policy)
        assert date(2026, 5, 29) == task_state(store, CAL, "T1").current_due

    def test_coordinators_report(self) -> None:
        """coordinators_report lets STC report on its part; SYT still may not."""
        store = world()
        policy = OfficialPolicy(directory=DIRECTORY, coordinators_report=True)
        report_progress(store, CAL, "T1", actor="cv.stc", percent=20, clock=clock,
                        authorization=policy)
        denied(store, lambda: report_progress(store, CAL, "T1", actor="gd.syt", percent=30,
                                              clock=clock, authorization=policy),
               action="report_progress", actor="gd.syt")
        # Accepting stays the lead unit's.
        denied(store, lambda: accept_task(store, CAL, "T1", actor="cv.stc", clock=clock,
                                          authorization=policy),
               action="accept", actor="cv.stc")

    def test_transfer_moves_the_rights(self) -> None:
        """After T1 passes to SYT, SYT reports and SNV may not; pct.vx (in charge of SYT)
        now decides on T1 as well as pct.kt (its field)."""
        store = world()
        transfer_task(store, CAL, "T1", actor="ct", to_unit="SYT", document="QĐ 12/QĐ-UBND",
                      clock=clock, authorization=OFFICIAL)
        denied(store, lambda: report_progress(store, CAL, "T1", actor="cv.snv", percent=10,
                                              clock=clock, authorization=OFFICIAL),
               action="report_progress", actor="cv.snv")
        request_extension(store, CAL, "T1", actor="gd.syt", requested_due=date(2026, 5, 29),
                          reason="Chờ", clock=clock, authorization=OFFICIAL)
        approve_extension(store, CAL, "T1", actor="pct.vx", decider="PCT", clock=clock,
                          authorization=OFFICIAL)

    def test_record_event_is_checked(self) -> None:
        """record_event, the door every use case goes through, asks the policy too."""
        store = world()
        event = ProgressReported(task_id="T1", at=clock(), actor="gd.stc", percent=50)
        denied(store, lambda: record_event(store, CAL, event, clock=clock,
                                           authorization=OFFICIAL),
               action="report_progress", actor="gd.stc")
        record_event(store, CAL, TaskAccepted(task_id="T1", at=clock(), actor="gd.snv"),
                     clock=clock, authorization=OFFICIAL)


class TestReorganise:
    MERGE = Succession(kind=SuccessionKind.MERGE, predecessors=("SNV", "STC"),
                       successors=("STC",), effective=date(2026, 4, 1), document="NQ 15/NQ-HĐND")

    @pytest.mark.parametrize("actor", ["ct", "vp"])
    def test_allowed(self, actor: str) -> None:
        """The Chairman or the office records a reorganisation; SNV's open T1 goes to STC."""
        store = world()
        moved = reorganise(store, CAL, self.MERGE, actor=actor, clock=clock,
                           authorization=OFFICIAL)
        assert ["STC"] == [s.lead_unit for s in moved]

    @pytest.mark.parametrize("actor", ["pct.kt", "gd.snv", "cv.stc", "x"])
    def test_denied(self, actor: str) -> None:
        """Nobody else; nothing is stored (no succession, no transfer)."""
        store = world()
        denied(store, lambda: reorganise(store, CAL, self.MERGE, actor=actor, clock=clock,
                                         authorization=OFFICIAL),
               action="reorganise", actor=actor)
        store.add_succession(self.MERGE)
        registry = UnitRegistry.of(store.get_units(), store.get_successions())
        denied(store, lambda: transfer_open_tasks(store, CAL, registry, self.MERGE,
                                                  actor=actor, clock=clock,
                                                  authorization=OFFICIAL),
               action="reorganise", actor=actor)


class TestError:
    def test_error(self) -> None:
        """Builtin-compatible, with its context, in English and Vietnamese."""
        store = world()
        with pytest.raises(PermissionDeniedError) as info:
            approve_extension(store, CAL, "T1", actor="gd.snv", decider="x",
                              new_due=date(2026, 5, 29), clock=clock, authorization=OFFICIAL)
        err = info.value
        assert isinstance(err, PermissionError)
        assert isinstance(err, DirectiveTrackerError)
        assert ("approve_extension", "gd.snv", "T1") == (err.action, err.actor, err.task_id)
        assert "assigning authority" in err.reason
        assert str(err).startswith("permission denied: 'gd.snv' may not approve extension "
                                   "on task 'T1': only the assigning authority")
        assert err.message_vi.startswith("không có quyền: 'gd.snv'")
        assert "chỉ cấp giao nhiệm vụ" in err.message_vi

    def test_unknown_actor(self) -> None:
        """An actor the directory does not know is refused, with that reason."""
        store = world()
        with pytest.raises(PermissionDeniedError, match="does not know this actor"):
            accept_task(store, CAL, "T1", actor="vanthu", clock=clock, authorization=OFFICIAL)

    def test_not_a_policy(self) -> None:
        """Anything without resolve and check is refused as authorization."""
        store = world()
        with pytest.raises(InvalidTypeError, match="authorization"):
            accept_task(store, CAL, "T1", actor="cv.snv", clock=clock,
                        authorization="official")  # type: ignore[arg-type]


class TestModel:
    def test_principal(self) -> None:
        """Roles from values, sorted; fields and units sorted and de-duplicated; NFC."""
        p = Principal(id="pct", roles=["vice_chairman", Role.CHAIRMAN],
                      fields=["Văn xã", "Kinh t\u00ea\u0301", "Văn xã"], units_in_charge=["SYT"])
        assert (Role.CHAIRMAN, Role.VICE_CHAIRMAN) == p.roles
        assert ("Kinh tế", "Văn xã") == p.fields
        with pytest.raises(ValidationError, match="roles"):
            Principal(id="x", roles=["king"])
        with pytest.raises(ValidationError):
            Principal(id="x\ny")

    def test_directory(self) -> None:
        """Duplicates are refused; resolve is by NFC id; None for the unknown."""
        with pytest.raises(DuplicateIdError):
            StaticDirectory([Principal(id="a"), Principal(id="a")])
        d = StaticDirectory([Principal(id="Nguyễn", roles=["office"])])
        assert d.resolve("Nguy\u00ea\u0303n") is not None
        assert d.resolve("other") is None

    def test_action_for(self) -> None:
        """A completion confirms a result under review, else completes."""
        ev = TaskAccepted(task_id="T1", at=clock(), actor="a")
        assert Action.ACCEPT is action_for(ev, "assigned")
        from directive_tracker.events import TaskCompleted

        done = TaskCompleted(task_id="T1", at=clock(), actor="a", completed_on=TODAY)
        assert Action.CONFIRM_RESULT is action_for(done, "in_review")
        assert Action.COMPLETE is action_for(done, "in_progress")
        assert "xác nhận kết quả" == Action.CONFIRM_RESULT.label_vi

    def test_plug_in_an_eoffice_policy(self) -> None:
        """An e-office system plugs in its own accounts and rules (two methods)."""

        class EOffice:
            def __init__(self) -> None:
                self.accounts = {"u123@egov.vn": Principal(
                    id="u123@egov.vn", roles=["unit_officer"], unit="SNV")}

            def resolve(self, actor: str) -> Principal:
                return self.accounts.get(actor) or Principal(id=actor)

            def check(self, action: Action, principal: Principal, ctx: AccessContext) -> None:
                if principal.unit != ctx.lead_unit:
                    raise PermissionDeniedError(action=action.value, actor=principal.id,
                                                task_id=ctx.task_id, reason="not our unit")

        store = world()
        accept_task(store, CAL, "T1", actor="u123@egov.vn", clock=clock,
                    authorization=EOffice())
        denied(store, lambda: report_progress(store, CAL, "T1", actor="x@egov.vn", percent=5,
                                              clock=clock, authorization=EOffice()),
               action="report_progress", actor="x@egov.vn")
        assert authorize(None, Action.ACCEPT, "anyone", AccessContext()) is None

    def test_one_line(self) -> None:
        """The official rules in one line: OfficialPolicy(directory); flags by keyword."""
        with dt.open("memory://", authorization=dt.OfficialPolicy(DIRECTORY)) as office:
            assert OFFICIAL == office.authorization
        with pytest.raises(TypeError):
            OfficialPolicy(DIRECTORY, True)  # type: ignore[misc]


class TestEscalation:
    def test_targets(self) -> None:
        """The Vice-Chairman in charge of the field, or of the lead unit, else the Chairman."""
        kt = AccessContext(task_id="T1", lead_unit="SNV", fields=("Kinh tế",))
        assert ["pct.kt"] == [p.id for p in escalation_targets(DIRECTORY, kt)]
        syt = AccessContext(task_id="T9", lead_unit="SYT")
        assert ["pct.vx"] == [p.id for p in leaders_in_charge(DIRECTORY, syt)]
        other = AccessContext(task_id="T8", lead_unit="SNV", fields=("Quốc phòng",))
        assert ["ct"] == [p.id for p in escalation_targets(DIRECTORY, other)]
        assert [] == escalation_targets(StaticDirectory(), other)


def _overdue_world() -> MemoryStore:
    """K1 ("Kinh tế", lead SNV) and Q1 ("Quốc phòng", lead STC), both due Fri 06/03/2026."""
    from directive_tracker.deadlines import FixedDate

    store = MemoryStore()
    for code, name in (("SNV", "Sở Nội vụ"), ("STC", "Sở Tài chính")):
        register_unit(store, Unit(code=code, name=name, kind=UnitKind.DEPARTMENT))
    register_directive(store, Directive(id="D0", issuer="UBND", issue_date=date(2026, 3, 2),
                                        summary="Chỉ thị"))
    for tid, lead, field in (("K1", "SNV", "Kinh tế"), ("Q1", "STC", "Quốc phòng")):
        assign_task(store, CAL, directive_id="D0", task_id=tid, content=f"Việc {tid}",
                    lead_unit=lead, deadline=FixedDate(date=date(2026, 3, 6)), tags=[field],
                    actor="vp", clock=lambda: datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ))
    return store


# Mon 06/04/2026 is 21 working days after Fri 06/03/2026 (9-13, 16-20, 23-27/03, 30/03-03/04
# = 20, then 06/04; no holiday in between): an overdue slot (every 3: 3, 6, …, 21) that has
# reached the default chairman step (20).
LATE = date(2026, 4, 6)


class TestReminderEscalation:
    def test_top_step_goes_to_the_vice_chairman_in_charge(self) -> None:
        """K1 ("Kinh tế") goes to pct.kt; Q1 (no one in charge) to the Chairman's code."""
        from directive_tracker.notifiers.base import RecipientLevel
        from directive_tracker.reminders import reminders_due

        store = _overdue_world()
        top = {r.task_id: (r.recipient, r.recipient_name)
               for r in reminders_due(store, CAL, as_of=LATE, directory=DIRECTORY)
               if r.level is RecipientLevel.CHAIRMAN}
        assert {"K1": ("pct.kt", "Phó Chủ tịch UBND tỉnh phụ trách"),
                "Q1": ("CT_UBND", "Chủ tịch UBND tỉnh")} == top
        plain = {r.task_id: r.recipient for r in reminders_due(store, CAL, as_of=LATE)
                 if r.level is RecipientLevel.CHAIRMAN}
        assert {"K1": "CT_UBND", "Q1": "CT_UBND"} == plain

    def test_office_and_manual(self) -> None:
        """The office routes with its policy's directory; a manual reminder too."""
        from directive_tracker.notifiers.base import RecipientLevel
        from directive_tracker.office import Office

        office = Office(_overdue_world(), clock=lambda: datetime(2026, 4, 6, 9,
                                                                 tzinfo=VIETNAM_TZ),
                        authorization=OfficialPolicy(StaticDirectory([Principal(
                            id="pct.kt", roles=["vice_chairman"], fields=["Kinh tế"],
                            name="Phó Chủ tịch Nguyễn Văn A")])))
        assert [("K1", "pct.kt", "Phó Chủ tịch Nguyễn Văn A")] == [
            (r.task_id, r.recipient, r.recipient_name) for r in office.reminders_due()
            if r.level is RecipientLevel.CHAIRMAN and r.task_id == "K1"]
        manual = office.manual_reminder("K1", level=RecipientLevel.CHAIRMAN)
        assert "pct.kt" == manual.recipient

    def test_not_a_directory(self) -> None:
        """A directory of the wrong type is refused on every day, not only when needed."""
        from directive_tracker.reminders import manual_reminder, reminders_due

        store = _overdue_world()
        with pytest.raises(InvalidTypeError, match="directory"):
            reminders_due(store, CAL, as_of=date(2026, 3, 3),
                          directory={"pct.kt": "x"})  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="directory"):
            manual_reminder(store, CAL, "K1", as_of=date(2026, 3, 3),
                            directory=[])  # type: ignore[arg-type]


class TestOffice:
    def test_open_with_a_policy(self) -> None:
        """dt.open(url, authorization=...) applies it to every use case of the office."""
        with dt.open("memory://", clock=clock,
                     authorization=dt.OfficialPolicy(directory=DIRECTORY)) as office:
            office.register_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
            office.register_directive(Directive(id="D1", issuer="UBND",
                                                issue_date=date(2026, 4, 1), summary="CT"))
            denied(office.store, lambda: office.assign_task(
                directive_id="D1", task_id="T1", content="Việc", lead_unit="SNV",
                deadline="trong 5 ngày làm việc", actor="cv.snv"), action="assign",
                actor="cv.snv")
            office.assign_task(directive_id="D1", task_id="T1", content="Việc",
                               lead_unit="SNV", deadline="trong 5 ngày làm việc", actor="ct")
            denied(office.store, lambda: office.accept_task("T1", actor="ct"),
                   action="accept", actor="ct")
            office.accept_task("T1", actor="cv.snv")
            # A keyword wins over the office's: ALLOW_ALL for one call.
            office.report_progress("T1", actor="ct", percent=10, authorization=dt.ALLOW_ALL)

    def test_default_is_free_text(self) -> None:
        """Without a policy the office checks nothing (free-text actors keep working)."""
        with dt.open("memory://", clock=clock) as office:
            assert office.authorization is None
        with pytest.raises(InvalidTypeError, match="authorization"):
            dt.Office(MemoryStore(), authorization=object())  # type: ignore[arg-type]
