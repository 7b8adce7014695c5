# SPDX-License-Identifier: MIT
"""
Who may do what: actions, principals, directories and authorization policies.

Every use case of :mod:`directive_tracker.services` that changes a task asks an
:class:`AuthorizationPolicy` first, before it writes anything:

1. the policy **resolves** the free-text ``actor`` of the call to a :class:`Principal`
   (who acts: an id, the unit they belong to, their :class:`Role` s and the fields and
   units they are in charge of), usually through a :class:`Directory` — the e-office
   system's users, or a :class:`StaticDirectory` built in code;
2. the policy **checks** the :class:`Action` (assign, accept, report progress, approve an
   extension, confirm a result…) against the principal and an :class:`AccessContext`
   (the task's current lead and coordinating units, its fields, its phase, who assigned
   it) and raises :class:`~directive_tracker.exceptions.PermissionDeniedError` to refuse.

A refused call stores nothing.

The rules of :class:`OfficialPolicy`, the policy that follows the domain brief
(Decree 39/2022/NĐ-CP: one lead unit owns a task and its deadline; the assigner
decides on extensions and reviews the result; QĐ 42/2014/QĐ-TTg as copied by the
provinces: the Văn phòng UBND monitors and records):

* ``ASSIGN``: the Chairman; a Vice-Chairman in charge of the task (its field or its lead
  unit); the staff of the Văn phòng UBND (they record what the UBND signed); for a task
  split from another (``parent_id``), a leader of the parent's lead unit.
* ``ACCEPT``, ``REPORT_PROGRESS``, ``SUBMIT_FOR_REVIEW``, ``COMPLETE``: the lead unit (a
  leader or an officer of it); ``REPORT_PROGRESS`` also a coordinating unit when
  ``coordinators_report`` is set.
* ``REFUSE``, ``REQUEST_EXTENSION``: a leader of the lead unit (a signed document).
* ``APPROVE_EXTENSION``, ``REJECT_EXTENSION``, ``CONFIRM_RESULT``, ``RETURN_RESULT``,
  ``PAUSE``, ``RESUME``, ``CANCEL``, ``TRANSFER``, ``UPDATE_TERMS``, ``OTHER``: the
  assigning authority: the Chairman; a Vice-Chairman in charge of the task; whoever
  assigned it if they hold a leading role; for a split task, a leader of the parent's
  lead unit; also the Văn phòng UBND staff when ``office_records_decisions`` is set (they
  enter the leaders' signed decisions).
* ``REORGANISE``: the Chairman; the Văn phòng UBND staff.

An actor the directory does not know is refused every action.  ``COMPLETE`` is the
lead unit closing its own task; completing a task whose result awaits review
(phase ``in_review``) is ``CONFIRM_RESULT``, the reviewer's decision.

Defaults: the plain functions of :mod:`directive_tracker.services` take
``authorization=None``, which checks nothing (the library cannot know who "vanthu" is
until it is told); an :class:`~directive_tracker.office.Office` uses the policy given to
:func:`directive_tracker.open` (``authorization=``), none by default.  The official rules
in one line: ``dt.open(url, authorization=dt.OfficialPolicy(directory))``.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

import attrs

from ._validators import (
    check_line,
    instance_of,
    is_code_tuple,
    is_label_tuple,
    is_name,
    is_optional_code,
    is_optional_name,
    to_nfc_id,
    to_nfc_name,
)
from .events import (
    ExtensionApproved,
    ExtensionRejected,
    ExtensionRequested,
    ProgressReported,
    ReturnedForRework,
    SubmittedForReview,
    TaskAccepted,
    TaskAssigned,
    TaskCancelled,
    TaskCompleted,
    TaskEvent,
    TaskPaused,
    TaskRefused,
    TaskResumed,
    TaskTransferred,
)
from .exceptions import DuplicateIdError, InvalidTypeError, PermissionDeniedError, ValidationError

__all__ = [
    "ALLOW_ALL",
    "AccessContext",
    "Action",
    "AllowAll",
    "AuthorizationPolicy",
    "Directory",
    "OfficialPolicy",
    "Principal",
    "Role",
    "StaticDirectory",
    "action_for",
    "authorize",
    "escalation_targets",
    "leaders_in_charge",
]


class Action(enum.Enum):
    """
    What a use case is about to do to a task (or, for ``REORGANISE``, to many).

    .. versionadded:: 0.2.0
    """

    ASSIGN = "assign"
    ACCEPT = "accept"
    REFUSE = "refuse"
    REPORT_PROGRESS = "report_progress"
    SUBMIT_FOR_REVIEW = "submit_for_review"
    REQUEST_EXTENSION = "request_extension"
    APPROVE_EXTENSION = "approve_extension"
    REJECT_EXTENSION = "reject_extension"
    CONFIRM_RESULT = "confirm_result"
    RETURN_RESULT = "return_result"
    COMPLETE = "complete"
    PAUSE = "pause"
    RESUME = "resume"
    CANCEL = "cancel"
    TRANSFER = "transfer"
    UPDATE_TERMS = "update_terms"
    REORGANISE = "reorganise"
    #: An event kind this module does not know (a plug-in's): the assigner decides.
    OTHER = "other"

    @property
    def label_vi(self) -> str:
        """Vietnamese name of the action."""
        return _ACTION_VI[self]

    @property
    def label_en(self) -> str:
        """English name of the action."""
        return self.value.replace("_", " ")


_ACTION_VI: Mapping[Action, str] = {
    Action.ASSIGN: "giao nhiệm vụ",
    Action.ACCEPT: "tiếp nhận nhiệm vụ",
    Action.REFUSE: "từ chối nhiệm vụ",
    Action.REPORT_PROGRESS: "báo cáo tiến độ",
    Action.SUBMIT_FOR_REVIEW: "trình kết quả",
    Action.REQUEST_EXTENSION: "đề nghị gia hạn",
    Action.APPROVE_EXTENSION: "đồng ý gia hạn",
    Action.REJECT_EXTENSION: "không đồng ý gia hạn",
    Action.CONFIRM_RESULT: "xác nhận kết quả",
    Action.RETURN_RESULT: "trả lại kết quả",
    Action.COMPLETE: "báo cáo hoàn thành",
    Action.PAUSE: "tạm dừng",
    Action.RESUME: "tiếp tục",
    Action.CANCEL: "thu hồi nhiệm vụ",
    Action.TRANSFER: "chuyển giao nhiệm vụ",
    Action.UPDATE_TERMS: "điều chỉnh nội dung, thời hạn",
    Action.REORGANISE: "ghi nhận sắp xếp tổ chức",
    Action.OTHER: "ghi nhận sự kiện khác",
}


class Role(enum.Enum):
    """
    A role a :class:`Principal` holds in the provincial People's Committee's work.

    .. versionadded:: 0.2.0
    """

    #: Chủ tịch UBND: assigns, decides on every task, the last escalation step.
    CHAIRMAN = "chairman"
    #: Phó Chủ tịch UBND phụ trách lĩnh vực: decides on the tasks of the fields and units
    #: they are in charge of, and is escalated to for them.
    VICE_CHAIRMAN = "vice_chairman"
    #: Chuyên viên Văn phòng UBND: monitors, records assignments and reorganisations.
    OFFICE = "office"
    #: Lãnh đạo đơn vị (Giám đốc, Phó Giám đốc sở…): signs for the unit.
    UNIT_LEADER = "unit_leader"
    #: Chuyên viên đơn vị: works on and reports the unit's tasks.
    UNIT_OFFICER = "unit_officer"

    @property
    def label_vi(self) -> str:
        """Vietnamese name of the role."""
        return {"chairman": "Chủ tịch UBND", "vice_chairman": "Phó Chủ tịch UBND phụ trách",
                "office": "Chuyên viên Văn phòng UBND", "unit_leader": "Lãnh đạo đơn vị",
                "unit_officer": "Chuyên viên đơn vị"}[self.value]


def _roles(value: object) -> Any:
    if isinstance(value, (Role, str)):
        value = (value,)
    if isinstance(value, Iterable):
        out = []
        for item in value:
            try:
                out.append(item if isinstance(item, Role) else Role(item))
            except ValueError:
                raise ValidationError(
                    f"roles: {item!r} is not one of {[r.value for r in Role]}",
                    param_name="roles", value=item) from None
        return tuple(sorted(set(out), key=lambda r: r.value))
    return value


def _sorted_tuple(value: object) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        from ._validators import to_label_tuple

        items = to_label_tuple(tuple(value))
        if isinstance(items, tuple) and all(isinstance(i, str) for i in items):
            return tuple(sorted(set(items)))
        return items
    return value


@attrs.frozen(kw_only=True)
class Principal:
    """
    Who acts: the person (or system) behind an ``actor`` string.

    Args:
        id: the actor as recorded on events (one line, NFC).
        roles: :class:`Role` values (or their string values); stored sorted.
        unit: the code of the unit they belong to (None for the People's Committee's
            leaders).
        fields: the fields (lĩnh vực) a Vice-Chairman is in charge of, matched against a
            task's tags (e.g. ``"Kinh tế"``); stored sorted.
        units_in_charge: the units a Vice-Chairman supervises (the "khối" they follow),
            matched against a task's lead unit; stored sorted.
        name: a display name (e.g. "Phó Chủ tịch UBND tỉnh Nguyễn Văn A").

    Raises:
        InvalidTypeError, ValidationError: a bad field.

    .. versionadded:: 0.2.0
    """

    id: str = attrs.field(converter=to_nfc_name, validator=is_name)
    roles: tuple[Role, ...] = attrs.field(default=(), converter=_roles)
    unit: str | None = attrs.field(default=None, converter=to_nfc_id,
                                   validator=is_optional_code)
    fields: tuple[str, ...] = attrs.field(default=(), converter=_sorted_tuple,
                                          validator=is_label_tuple)
    units_in_charge: tuple[str, ...] = attrs.field(default=(), converter=_sorted_tuple,
                                                   validator=is_code_tuple)
    name: str | None = attrs.field(default=None, converter=to_nfc_name,
                                   validator=is_optional_name)

    @roles.validator
    def _check_roles(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple) or not all(isinstance(r, Role) for r in value):
            raise InvalidTypeError("roles", value, "an iterable of Role")

    def has(self, role: Role) -> bool:
        """Whether the principal holds *role*."""
        return role in self.roles

    def in_charge_of(self, context: AccessContext) -> bool:
        """
        Whether this principal is a Vice-Chairman in charge of the task of *context*:
        one of the task's fields is among :attr:`fields`, or its lead unit among
        :attr:`units_in_charge`.
        """
        return self.has(Role.VICE_CHAIRMAN) and (
            bool(set(self.fields) & set(context.fields))
            or (context.lead_unit is not None and context.lead_unit in self.units_in_charge))


@attrs.frozen(kw_only=True)
class AccessContext:
    """
    What the policy knows about the task an action concerns, as stored before it.

    Args:
        task_id: the task (None for ``REORGANISE``).
        lead_unit: its current lead unit (after transfers); for ``ASSIGN`` the new lead.
        coordinating_units: its coordinating units.
        fields: its fields, i.e. the task's tags.
        phase: its :class:`~directive_tracker.lifecycle.TaskPhase` value (``"assigned"``,
            ``"in_review"``…), None for ``ASSIGN``.
        assigned_by: the actor of its ``assigned`` event (None for ``ASSIGN``).
        parent_lead_unit: for a task split from another, the parent's lead unit.

    .. versionadded:: 0.2.0
    """

    task_id: str | None = None
    lead_unit: str | None = None
    coordinating_units: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    phase: str | None = None
    assigned_by: str | None = None
    parent_lead_unit: str | None = None


@runtime_checkable
class Directory(Protocol):
    """
    The users an e-office system knows, as principals.

    Implement it over the e-office system's accounts (LDAP, its database…) to plug its
    users and roles in.

    .. versionadded:: 0.2.0
    """

    def resolve(self, actor: str) -> Principal | None:
        """Return the principal recorded as *actor*, or None if unknown."""

    def principals(self) -> Iterable[Principal]:
        """Return every principal (used to find who is in charge of a field)."""


class StaticDirectory:
    """
    A :class:`Directory` over a fixed list of principals (from code, a JSON file…).

    >>> d = StaticDirectory([Principal(id="ct", roles=["chairman"])])
    >>> d.resolve("ct").roles, d.resolve("someone") is None
    ((<Role.CHAIRMAN: 'chairman'>,), True)

    Raises:
        InvalidTypeError: an item is not a Principal.
        DuplicateIdError: two principals have the same id.

    .. versionadded:: 0.2.0
    """

    def __init__(self, principals: Iterable[Principal] = ()) -> None:
        self._by_id: dict[str, Principal] = {}
        for p in principals:
            if not isinstance(p, Principal):
                raise InvalidTypeError("principals", p, "an iterable of Principal")
            if p.id in self._by_id:
                raise DuplicateIdError("principal", p.id)
            self._by_id[p.id] = p

    def __repr__(self) -> str:
        return f"StaticDirectory({len(self._by_id)} principals)"

    def resolve(self, actor: str) -> Principal | None:
        """Return the principal whose id is *actor* (NFC), or None."""
        if not isinstance(actor, str):
            return None
        return self._by_id.get(to_nfc_name(actor))

    def principals(self) -> Iterable[Principal]:
        """Return the principals, sorted by id."""
        return [self._by_id[k] for k in sorted(self._by_id)]


@runtime_checkable
class AuthorizationPolicy(Protocol):
    """
    Decides whether an actor may do an action; what every use case consults.

    ``resolve`` turns the actor string into a :class:`Principal` (one with no roles when
    the actor is unknown); ``check`` returns None to allow and raises
    :class:`~directive_tracker.exceptions.PermissionDeniedError` to refuse.  Use
    :class:`OfficialPolicy` (with your :class:`Directory`), :data:`ALLOW_ALL`, or your
    own class with these two methods.

    .. versionadded:: 0.2.0
    """

    def resolve(self, actor: str) -> Principal:
        """Return the principal behind *actor*."""

    def check(self, action: Action, principal: Principal, context: AccessContext) -> None:
        """Return if *principal* may do *action* in *context*; raise PermissionDeniedError
        otherwise."""


@attrs.frozen
class AllowAll:
    """
    The policy that allows everything (what ``authorization=None`` means).

    .. versionadded:: 0.2.0
    """

    def resolve(self, actor: str) -> Principal:
        """Return a principal with no roles whose id is *actor*."""
        return Principal(id=actor)

    def check(self, action: Action, principal: Principal, context: AccessContext) -> None:
        """Allow."""


#: The policy that allows everything.
ALLOW_ALL = AllowAll()

_LEAD_MEMBER = frozenset({Action.ACCEPT, Action.REPORT_PROGRESS, Action.SUBMIT_FOR_REVIEW,
                          Action.COMPLETE})
_LEAD_LEADER = frozenset({Action.REFUSE, Action.REQUEST_EXTENSION})
_AUTHORITY = frozenset({Action.APPROVE_EXTENSION, Action.REJECT_EXTENSION,
                        Action.CONFIRM_RESULT, Action.RETURN_RESULT, Action.PAUSE,
                        Action.RESUME, Action.CANCEL, Action.TRANSFER, Action.UPDATE_TERMS,
                        Action.OTHER})
_LEADING = (Role.CHAIRMAN, Role.VICE_CHAIRMAN, Role.UNIT_LEADER)


def _bool(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError(attribute.name, value, "a bool")


@attrs.frozen
class OfficialPolicy:
    """
    The rules of the domain brief (see the table in :mod:`directive_tracker.authorization`).

    Args:
        directory: who is who, the only positional argument (default: an empty
            :class:`StaticDirectory`, which refuses everyone).
        coordinators_report: a coordinating unit may report progress on its part
            (default False: the lead unit reports for the task, Decree 39/2022).
        office_records_decisions: the Văn phòng UBND staff may record the assigning
            authority's decisions (extensions, review, pause, cancel, transfer, terms)
            — for offices where the leaders sign on paper and the office enters it
            (default False).

    >>> from directive_tracker.authorization import AccessContext, Action
    >>> policy = OfficialPolicy(directory=StaticDirectory([
    ...     Principal(id="gd.snv", roles=["unit_leader"], unit="SNV"),
    ...     Principal(id="pct.vx", roles=["vice_chairman"], fields=["Văn xã"])]))
    >>> task = AccessContext(task_id="T1", lead_unit="SNV", fields=("Văn xã",),
    ...                      phase="in_progress", assigned_by="vanthu")
    >>> policy.allows(Action.REQUEST_EXTENSION, "gd.snv", task)
    True
    >>> policy.allows(Action.APPROVE_EXTENSION, "gd.snv", task)
    False
    >>> policy.allows(Action.APPROVE_EXTENSION, "pct.vx", task)
    True

    .. versionadded:: 0.2.0
    """

    directory: Directory = attrs.field(factory=StaticDirectory,
                                       validator=instance_of(Directory))
    coordinators_report: bool = attrs.field(default=False, validator=_bool, kw_only=True)
    office_records_decisions: bool = attrs.field(default=False, validator=_bool,
                                                 kw_only=True)

    def resolve(self, actor: str) -> Principal:
        """Return the directory's principal for *actor*, or one with no roles."""
        found = self.directory.resolve(actor)
        if found is not None and not isinstance(found, Principal):
            raise InvalidTypeError("Directory.resolve()", found, "a Principal or None")
        return Principal(id=actor) if found is None else found

    def check(self, action: Action, principal: Principal, context: AccessContext) -> None:
        """
        Allow, or raise :class:`~directive_tracker.exceptions.PermissionDeniedError`
        naming the rule that refuses.
        """
        refusal = self.refusal(action, principal, context)
        if refusal is not None:
            raise PermissionDeniedError(action=action.value, actor=principal.id,
                                        task_id=context.task_id, reason=refusal[0],
                                        reason_vi=refusal[1])

    def allows(self, action: Action, actor: str | Principal, context: AccessContext) -> bool:
        """Whether *actor* (an actor string or a principal) may do *action*."""
        principal = actor if isinstance(actor, Principal) else self.resolve(actor)
        return self.refusal(action, principal, context) is None

    def refusal(self, action: Action, principal: Principal, context: AccessContext
                ) -> tuple[str, str] | None:
        """Return None to allow, else why not, in English and Vietnamese."""
        if not isinstance(action, Action):
            raise InvalidTypeError("action", action, "an Action")
        if not principal.roles:
            return ("the directory does not know this actor (no role)",
                    "người này không có trong danh bạ người dùng (không có vai trò)")
        in_lead = (principal.unit is not None and principal.unit == context.lead_unit)
        if action in _LEAD_MEMBER:
            if in_lead and (principal.has(Role.UNIT_LEADER) or principal.has(Role.UNIT_OFFICER)):
                return None
            if (action is Action.REPORT_PROGRESS and self.coordinators_report
                    and principal.unit in context.coordinating_units):
                return None
            return (f"only the lead unit {context.lead_unit} may do this",
                    f"chỉ đơn vị chủ trì {context.lead_unit} được thực hiện")
        if action in _LEAD_LEADER:
            if in_lead and principal.has(Role.UNIT_LEADER):
                return None
            return (f"only a leader of the lead unit {context.lead_unit} may do this",
                    f"chỉ lãnh đạo đơn vị chủ trì {context.lead_unit} được thực hiện")
        if action is Action.REORGANISE:
            if principal.has(Role.CHAIRMAN) or principal.has(Role.OFFICE):
                return None
            return ("only the Chairman or the office of the People's Committee may record a "
                    "reorganisation",
                    "chỉ Chủ tịch UBND hoặc Văn phòng UBND được ghi nhận sắp xếp tổ chức")
        if action is Action.ASSIGN:
            if (principal.has(Role.CHAIRMAN) or principal.in_charge_of(context)
                    or principal.has(Role.OFFICE) or self._parent_leader(principal, context)):
                return None
            return ("only the Chairman, the Vice-Chairman in charge of the task's field or "
                    "unit, the office of the People's Committee, or (for a split task) a "
                    "leader of the parent task's lead unit may assign",
                    "chỉ Chủ tịch, Phó Chủ tịch phụ trách lĩnh vực hoặc đơn vị, Văn phòng "
                    "UBND, hoặc (nhiệm vụ tách từ nhiệm vụ khác) lãnh đạo đơn vị chủ trì "
                    "nhiệm vụ gốc được giao nhiệm vụ")
        # _AUTHORITY: the assigning authority decides.
        if self.is_assigning_authority(principal, context) or (
                self.office_records_decisions and principal.has(Role.OFFICE)):
            return None
        return ("only the assigning authority may do this (the Chairman, the Vice-Chairman "
                "in charge of the task's field or unit, or the leader who assigned it)",
                "chỉ cấp giao nhiệm vụ được thực hiện (Chủ tịch, Phó Chủ tịch phụ trách "
                "lĩnh vực hoặc đơn vị, hoặc lãnh đạo đã giao nhiệm vụ)")

    @staticmethod
    def _parent_leader(principal: Principal, context: AccessContext) -> bool:
        return (context.parent_lead_unit is not None and principal.has(Role.UNIT_LEADER)
                and principal.unit == context.parent_lead_unit)

    def is_assigning_authority(self, principal: Principal, context: AccessContext) -> bool:
        """
        Whether *principal* speaks for whoever assigned the task: the Chairman, a
        Vice-Chairman in charge of it, the actor who assigned it if they hold a leading
        role, or a leader of the parent task's lead unit for a split task.
        """
        return (principal.has(Role.CHAIRMAN) or principal.in_charge_of(context)
                or (context.assigned_by is not None and principal.id == context.assigned_by
                    and any(principal.has(r) for r in _LEADING))
                or self._parent_leader(principal, context))


_EVENT_ACTIONS: Mapping[type[TaskEvent], Action] = {
    TaskAssigned: Action.ASSIGN,
    TaskAccepted: Action.ACCEPT,
    TaskRefused: Action.REFUSE,
    ProgressReported: Action.REPORT_PROGRESS,
    SubmittedForReview: Action.SUBMIT_FOR_REVIEW,
    ExtensionRequested: Action.REQUEST_EXTENSION,
    ExtensionApproved: Action.APPROVE_EXTENSION,
    ExtensionRejected: Action.REJECT_EXTENSION,
    ReturnedForRework: Action.RETURN_RESULT,
    TaskPaused: Action.PAUSE,
    TaskResumed: Action.RESUME,
    TaskCancelled: Action.CANCEL,
    TaskTransferred: Action.TRANSFER,
}


def action_for(event: TaskEvent, phase: str | None) -> Action:
    """
    Return the action recording *event* means when the task is in *phase* (a
    :class:`~directive_tracker.lifecycle.TaskPhase` value).

    A completion is ``CONFIRM_RESULT`` when the result awaits review (``"in_review"``),
    else ``COMPLETE``; an event kind not listed here (a plug-in's, or a change of terms)
    is ``UPDATE_TERMS`` when its kind says so (``"terms_changed"`` or ``"task_updated"``)
    and ``OTHER`` otherwise.

    Raises:
        InvalidTypeError: *event* is not a TaskEvent.
    """
    if not isinstance(event, TaskEvent):
        raise InvalidTypeError("event", event, "a TaskEvent")
    if isinstance(event, TaskCompleted):
        return Action.CONFIRM_RESULT if phase == "in_review" else Action.COMPLETE
    for cls, action in _EVENT_ACTIONS.items():
        if isinstance(event, cls):
            return action
    kind = str(getattr(event, "kind", ""))
    return Action.UPDATE_TERMS if ("terms" in kind or "updated" in kind) else Action.OTHER


def authorize(policy: AuthorizationPolicy | None, action: Action, actor: str,
              context: AccessContext) -> Principal | None:
    """
    Ask *policy* whether *actor* may do *action*: resolve, then check.

    Returns the principal, or None when *policy* is None (nothing is checked).

    Raises:
        InvalidTypeError: *policy* is not an AuthorizationPolicy.
        PermissionDeniedError: the policy refuses.

    .. versionadded:: 0.2.0
    """
    if policy is None:
        return None
    if not isinstance(policy, AuthorizationPolicy):
        raise InvalidTypeError("authorization", policy,
                               "an AuthorizationPolicy (resolve and check) or None")
    check_line(actor, "actor")
    principal = policy.resolve(actor)
    if not isinstance(principal, Principal):
        raise InvalidTypeError("AuthorizationPolicy.resolve()", principal, "a Principal")
    policy.check(action, principal, context)
    return principal


def leaders_in_charge(directory: Directory, context: AccessContext) -> list[Principal]:
    """
    Return the Vice-Chairmen of *directory* in charge of the task of *context* (its fields
    or its lead unit), sorted by id.

    .. versionadded:: 0.2.0
    """
    return sorted((p for p in directory.principals()
                   if isinstance(p, Principal) and p.in_charge_of(context)),
                  key=lambda p: p.id)


def escalation_targets(directory: Directory, context: AccessContext) -> list[Principal]:
    """
    Return who an overdue task is escalated to: the Vice-Chairmen in charge of it
    (:func:`leaders_in_charge`), else the Chairman (or Chairmen) of *directory*; empty if
    the directory knows neither.

    .. versionadded:: 0.2.0
    """
    found = leaders_in_charge(directory, context)
    if found:
        return found
    return sorted((p for p in directory.principals()
                   if isinstance(p, Principal) and p.has(Role.CHAIRMAN)),
                  key=lambda p: p.id)

