# SPDX-License-Identifier: MIT
"""
Reminders: the schedule in working days, escalation, catch-up and idempotent sending.

Hand-computed calendar for the main task (due Friday 08/05/2026):

* 30/04 (Thu) and 01/05 (Fri) are holidays, so 5 working days before 08/05 is
  Wed 29/04 (04, 05, 06, 07 May are 4, 3, 2, 1 days before); 2 days before is Wed 06/05;
* working days late: Mon 11/05 = 1, Wed 13/05 = 3, Mon 18/05 = 6, Thu 21/05 = 9,
  Tue 26/05 = 12, Mon 08/06 = 21.
"""

from __future__ import annotations

import io
import logging
import types
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_tracker.directives import Directive
from directive_tracker.exceptions import (
    InvalidTypeError,
    NotificationError,
    TaskNotFoundError,
    ValidationError,
)
from directive_tracker.notifiers import (
    ConsoleNotifier,
    LogNotifier,
    MemoryNotifier,
    Message,
    RecipientLevel,
)
from directive_tracker.reminders import (
    EscalationStep,
    Reminder,
    ReminderPolicy,
    ReminderReason,
    ReminderTemplates,
    iter_reminders_due,
    manual_reminder,
    reminders_due,
    send_reminders,
)
from directive_tracker.storage.base import OutboxStatus, Store
from directive_tracker.storage.memory import MemoryStore
from directive_tracker.storage.sqlite import SQLiteStore
from directive_tracker.units import Succession, SuccessionKind, Unit, UnitKind, UnitRegistry

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DUE = date(2026, 5, 8)
ASSIGNED = date(2026, 4, 1)
UNITS = (
    Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT),
    Unit(code="STC", name="Sở Tài chính", kind=UnitKind.DEPARTMENT),
    Unit(code="SXD", name="Sở Xây dựng", kind=UnitKind.DEPARTMENT),
)


def clock_at(d: date, hour: int = 8) -> Any:
    """Return a clock fixed at *d* *hour*:00 in Vietnam."""
    return lambda: datetime(d.year, d.month, d.day, hour, tzinfo=VN)


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path, make_task: Any,
          make_events: Any) -> Iterator[Store]:
    """A store (memory or SQLite) with three departments, one directive and task T1."""
    s: Store = MemoryStore() if request.param == "memory" else SQLiteStore(
        tmp_path / "reminders.db")
    for u in UNITS:
        s.add_unit(u)
    s.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 3, 30),
                              summary="Cải cách thủ tục hành chính năm 2026"))
    s.add_task(make_task(due=DUE, assigned_on=ASSIGNED),
               [make_events("T1").assigned(ASSIGNED)])
    with s:
        yield s


def add_events(store: Store, task_id: str, *events: Any) -> None:
    """Append *events* to *task_id* at its current version."""
    store.append_events(task_id, list(events), expected_version=store.get_task(task_id).version)


def summary(reminders: list[Reminder]) -> list[tuple[str, str, str, str, str]]:
    """Return (task, recipient, level, slot, slot date) of each reminder."""
    return [(r.task_id, r.recipient, r.level.value, r.slot, r.slot_date.isoformat())
            for r in reminders]


class TestSchedule:
    def test_five_working_days_before_skips_the_holidays(self, store: Store) -> None:
        """29/04/2026 is 5 working days before 08/05 because 30/04 and 01/05 are off."""
        actual = reminders_due(store, date(2026, 4, 29))
        assert [("T1", "SNV", "lead_unit", "before_due:5", "2026-04-29")] == summary(actual)
        r = actual[0]
        assert ReminderReason.BEFORE_DUE == r.reason
        assert 5 == r.working_days_left
        assert r.working_days_late is None
        assert ("Đề nghị Sở Nội vụ khẩn trương thực hiện nhiệm vụ \"Rà soát thủ tục hành "
                "chính\" (mã T1), hạn ngày 08/05/2026, còn 5 ngày làm việc.") == r.message_vi
        assert ("Sở Nội vụ is asked to speed up task \"Rà soát thủ tục hành chính\" (T1), "
                "due 08/05/2026, 5 working day(s) left.") == r.message_en
        assert "[Đôn đốc] Nhiệm vụ T1: còn 5 ngày làm việc" == r.subject_vi
        assert ("reminder:T1:SNV:lead_unit:2026-04-29:before_due:5:due=2026-05-08") == r.key

    def test_nothing_between_slots(self, store: Store) -> None:
        """Before the first slot (28/04) nothing is due."""
        assert [] == reminders_due(store, date(2026, 4, 28))

    def test_nothing_on_a_holiday(self, store: Store) -> None:
        """30/04/2026 is a holiday: with working_days_only nothing is sent."""
        assert [] == reminders_due(store, date(2026, 4, 30))

    def test_two_days_before(self, store: Store) -> None:
        """06/05/2026 is the 'two working days before' slot."""
        actual = reminders_due(store, date(2026, 5, 6))
        assert [("T1", "SNV", "lead_unit", "before_due:2", "2026-05-06")] == summary(actual)
        assert 2 == actual[0].working_days_left

    def test_on_the_due_date(self, store: Store) -> None:
        """On 08/05/2026 the on-due template is used."""
        actual = reminders_due(store, DUE)
        assert [("T1", "SNV", "lead_unit", "on_due", "2026-05-08")] == summary(actual)
        assert ReminderReason.ON_DUE == actual[0].reason
        assert ("Đề nghị Sở Nội vụ hoàn thành nhiệm vụ \"Rà soát thủ tục hành chính\" "
                "(mã T1) và báo cáo kết quả; hôm nay, ngày 08/05/2026, là hạn hoàn "
                "thành.") == actual[0].message_vi

    def test_first_overdue_slot_is_three_working_days_late(self, store: Store) -> None:
        """13/05/2026 is 3 working days after 08/05: the first overdue slot."""
        actual = reminders_due(store, date(2026, 5, 13))
        assert [("T1", "SNV", "lead_unit", "overdue:3", "2026-05-13")] == summary(actual)
        assert 3 == actual[0].working_days_late
        assert ("Nhiệm vụ \"Rà soát thủ tục hành chính\" (mã T1) đã quá hạn 3 ngày làm "
                "việc (hạn ngày 08/05/2026). Đề nghị Sở Nội vụ khẩn trương hoàn thành, "
                "báo cáo kết quả và giải trình nguyên nhân chậm trễ.") == actual[0].message_vi

    def test_head_of_unit_from_five_days_late(self, store: Store) -> None:
        """On 18/05 (6 late) the head of Sở Nội vụ is added; the office is not yet."""
        actual = reminders_due(store, date(2026, 5, 18))
        assert [("T1", "SNV", "lead_unit", "overdue:6", "2026-05-18"),
                ("T1", "SNV", "unit_head", "overdue:6", "2026-05-18")] == summary(actual)
        assert "Thủ trưởng Sở Nội vụ" == actual[1].recipient_name
        assert actual[1].message_vi.startswith("Kính gửi Thủ trưởng Sở Nội vụ: nhiệm vụ")

    def test_office_from_ten_days_late(self, store: Store) -> None:
        """On 26/05 (12 late) the office's leadership is added (first slot ≥ 10 is 12)."""
        actual = reminders_due(store, date(2026, 5, 26))
        assert [("T1", "SNV", "lead_unit", "overdue:12", "2026-05-26"),
                ("T1", "SNV", "unit_head", "overdue:12", "2026-05-26"),
                ("T1", "VP_UBND", "office_leadership", "overdue:12", "2026-05-26")
                ] == summary(actual)
        assert "Lãnh đạo Văn phòng UBND tỉnh" == actual[2].recipient_name

    def test_whole_ladder_from_twenty_days_late(self, store: Store) -> None:
        """On 08/06 (21 late) the chairman is added too."""
        actual = reminders_due(store, date(2026, 6, 8))
        assert ["lead_unit", "unit_head", "office_leadership", "chairman"] == [
            r.level.value for r in actual]
        assert ("Kính gửi Chủ tịch UBND tỉnh: nhiệm vụ \"Rà soát thủ tục hành chính\" "
                "(mã T1) giao Sở Nội vụ chủ trì đã quá hạn 21 ngày làm việc (hạn ngày "
                "08/05/2026) mà chưa hoàn thành. Kính đề nghị xem xét, chỉ đạo."
                ) == actual[3].message_vi

    def test_custom_ladder_and_spacing(self, store: Store) -> None:
        """Every 2 days, head from 2: on 13/05 (3 late) the latest slot is overdue:2 (12/05)."""
        policy = ReminderPolicy(overdue_every=2, escalation=[
            EscalationStep(level=RecipientLevel.UNIT_HEAD, after_working_days_late=2)])
        actual = reminders_due(store, date(2026, 5, 13), policy)
        assert [("T1", "SNV", "lead_unit", "overdue:2", "2026-05-12"),
                ("T1", "SNV", "unit_head", "overdue:2", "2026-05-12")] == summary(actual)
        assert 3 == actual[0].working_days_late

    def test_coordinating_units_included(self, store: Store) -> None:
        """With include_coordinating, Sở Tài chính gets the coordinating template."""
        actual = reminders_due(store, date(2026, 5, 6),
                               ReminderPolicy(include_coordinating=True))
        assert [("T1", "SNV", "lead_unit", "before_due:2", "2026-05-06"),
                ("T1", "STC", "coordinating_unit", "before_due:2", "2026-05-06")
                ] == summary(actual)
        assert ("Đề nghị Sở Tài chính phối hợp với Sở Nội vụ thực hiện nhiệm vụ \"Rà soát "
                "thủ tục hành chính\" (mã T1), hạn ngày 08/05/2026 (còn 2 ngày làm "
                "việc).") == actual[1].message_vi

    def test_no_working_days_only_sends_on_a_holiday(self, store: Store) -> None:
        """With working_days_only=False the 29/04 slot is due on 30/04 (holiday).

        Working days in (30/04, 08/05] are 04, 05, 06, 07 and 08 May: still 5 left.
        """
        actual = reminders_due(store, date(2026, 4, 30),
                               ReminderPolicy(working_days_only=False))
        assert [("T1", "SNV", "lead_unit", "before_due:5", "2026-04-29")] == summary(actual)
        assert 5 == actual[0].working_days_left


class TestWhoIsReminded:
    def test_completed_task_gets_nothing(self, store: Store, ev: Any) -> None:
        """A task completed on 05/05 is not reminded on 06/05."""
        add_events(store, "T1", ev.completed(date(2026, 5, 5)))
        assert [] == reminders_due(store, date(2026, 5, 6))

    def test_completion_after_as_of_is_ignored(self, store: Store, ev: Any) -> None:
        """Events after as_of do not count: completed 07/05, reminders for 06/05 still go."""
        add_events(store, "T1", ev.completed(date(2026, 5, 7)))
        assert 1 == len(reminders_due(store, date(2026, 5, 6)))

    def test_paused_and_cancelled_tasks_get_nothing(self, store: Store, ev: Any) -> None:
        """A paused task (clock stopped) and a cancelled one are not reminded."""
        add_events(store, "T1", ev.paused(date(2026, 5, 4)))
        assert [] == reminders_due(store, date(2026, 5, 6))
        add_events(store, "T1", ev.resumed(date(2026, 5, 5)), ev.cancelled(date(2026, 5, 5)))
        assert [] == reminders_due(store, date(2026, 5, 6))

    def test_result_awaiting_review_is_not_urged(self, store: Store, ev: Any) -> None:
        """Submitted on Tue 05/05: no reminder on Wed 06/05 (its 2-days-before slot);
        returned for rework on Thu 07/05, the missed slot is caught up that day with 1
        working day left (08/05).  With remind_in_review the 06/05 reminder goes out."""
        add_events(store, "T1", ev.submitted(date(2026, 5, 5)))
        assert [] == reminders_due(store, date(2026, 5, 6))
        urged = reminders_due(store, date(2026, 5, 6), ReminderPolicy(remind_in_review=True))
        assert [("T1", "SNV", "lead_unit", "before_due:2", "2026-05-06")] == summary(urged)
        add_events(store, "T1", ev.returned(date(2026, 5, 7)))
        [r] = reminders_due(store, date(2026, 5, 7))
        assert ("before_due:2", date(2026, 5, 6), 1) == (r.slot, r.slot_date,
                                                         r.working_days_left)

    def test_task_without_deadline_or_not_yet_assigned(self, store: Store,
                                                       make_task: Any, make_events: Any
                                                       ) -> None:
        """No due date, or assigned after as_of: no reminder."""
        store.add_task(make_task(task_id="T2", due=None, assigned_on=ASSIGNED),
                       [make_events("T2").assigned(ASSIGNED)])
        late = date(2026, 5, 7)
        store.add_task(make_task(task_id="T3", due=date(2026, 5, 11), assigned_on=late),
                       [make_events("T3").assigned(late)])
        assert ["T1"] == [r.task_id for r in reminders_due(store, date(2026, 5, 6))]

    def test_extension_moves_the_schedule(self, store: Store, ev: Any) -> None:
        """Extended to 29/05 on 07/05: nothing is due on 11/05 (first slot is 22/05)."""
        add_events(store, "T1", ev.ext_requested(date(2026, 5, 6), date(2026, 5, 29)),
                   ev.ext_approved(date(2026, 5, 7), date(2026, 5, 29)))
        assert [] == reminders_due(store, date(2026, 5, 11))
        actual = reminders_due(store, date(2026, 5, 22))
        assert [("T1", "SNV", "lead_unit", "before_due:5", "2026-05-22")] == summary(actual)
        assert date(2026, 5, 29) == actual[0].due_date
        assert DUE == actual[0].original_due

    def test_transfer_changes_the_recipient(self, store: Store, ev: Any) -> None:
        """After a transfer to Sở Xây dựng, it is the recipient."""
        add_events(store, "T1", ev.transferred(date(2026, 5, 4)))
        actual = reminders_due(store, date(2026, 5, 6))
        assert [("T1", "SXD", "lead_unit", "before_due:2", "2026-05-06")] == summary(actual)
        assert "SXD" == actual[0].lead_unit

    def test_successor_unit_from_the_registry(self, store: Store) -> None:
        """SNV renamed SNV2 from 01/05/2026: the successor is reminded on 06/05."""
        new = Unit(code="SNV2", name="Sở Nội vụ (mới)", kind=UnitKind.DEPARTMENT)
        reg = UnitRegistry.of((*UNITS, new), [Succession(
            kind=SuccessionKind.RENAME, predecessors=("SNV",), successors=("SNV2",),
            effective=date(2026, 5, 1), document="QĐ 1/QĐ-UBND")])
        actual = reminders_due(store, date(2026, 5, 6), registry=reg)
        assert "SNV2" == actual[0].recipient
        assert "Sở Nội vụ (mới)" == actual[0].recipient_name
        assert ["SNV"] == [r.recipient for r in reminders_due(store, date(2026, 4, 29),
                                                              registry=reg)]


class TestCatchUpAndIdempotency:
    def test_same_day_twice_sends_once(self, store: Store) -> None:
        """After sending on 06/05, a second run that day finds and sends nothing."""
        notifier = MemoryNotifier()
        day = date(2026, 5, 6)
        first = send_reminders(store, reminders_due(store, day), notifier, clock=clock_at(day))
        assert 1 == len(first.sent)
        assert [] == reminders_due(store, day)
        second = send_reminders(store, [], notifier, clock=clock_at(day, 9))
        assert () == second.sent
        assert 1 == len(notifier.sent)

    def test_resending_the_same_reminders_is_a_no_op(self, store: Store) -> None:
        """Passing already-recorded reminders again records and sends nothing."""
        notifier = MemoryNotifier()
        day = date(2026, 5, 6)
        due = reminders_due(store, day)
        send_reminders(store, due, notifier, clock=clock_at(day))
        again = send_reminders(store, due, notifier, clock=clock_at(day, 10))
        assert (due[0].key,) == again.duplicates
        assert () == again.recorded
        assert 1 == len(notifier.sent)

    def test_between_slots_after_a_send(self, store: Store) -> None:
        """Sent on 29/04: on 04/05 and 05/05 nothing is due, on 06/05 the next slot."""
        send_reminders(store, reminders_due(store, date(2026, 4, 29)), MemoryNotifier(),
                       clock=clock_at(date(2026, 4, 29)))
        assert [] == reminders_due(store, date(2026, 5, 4))
        assert [] == reminders_due(store, date(2026, 5, 5))
        assert ["before_due:2"] == [r.slot for r in reminders_due(store, date(2026, 5, 6))]

    def test_missed_slots_are_caught_up_once(self, store: Store) -> None:
        """First run on 07/05: only the latest missed slot (06/05), not 29/04 as well."""
        actual = reminders_due(store, date(2026, 5, 7))
        assert [("T1", "SNV", "lead_unit", "before_due:2", "2026-05-06")] == summary(actual)
        assert 1 == actual[0].working_days_left

    def test_missed_due_date_is_caught_up_as_overdue(self, store: Store) -> None:
        """The 08/05 slot caught up on Mon 11/05 says 1 working day late."""
        actual = reminders_due(store, date(2026, 5, 11))
        assert [("T1", "SNV", "lead_unit", "on_due", "2026-05-08")] == summary(actual)
        assert ReminderReason.OVERDUE == actual[0].reason
        assert 1 == actual[0].working_days_late

    def test_catch_up_after_a_long_gap(self, store: Store) -> None:
        """Sent on 13/05 (overdue:3); next run 22/05 (10 late): only overdue:9 (21/05)."""
        send_reminders(store, reminders_due(store, date(2026, 5, 13)), MemoryNotifier(),
                       clock=clock_at(date(2026, 5, 13)))
        actual = reminders_due(store, date(2026, 5, 22))
        assert [("T1", "SNV", "lead_unit", "overdue:9", "2026-05-21"),
                ("T1", "SNV", "unit_head", "overdue:9", "2026-05-21")] == summary(actual)
        assert 10 == actual[0].working_days_late


class TestSending:
    def test_failure_is_recorded_and_retried(self, store: Store) -> None:
        """A failed delivery stays FAILED with the error; the next run delivers it."""
        day = date(2026, 5, 6)
        due = reminders_due(store, day)
        report = send_reminders(store, due, MemoryNotifier(fail_for=["SNV"]),
                                clock=clock_at(day))
        assert () == report.sent
        assert [due[0].key] == [k for k, _ in report.failed]
        [item] = store.get_outbox_items()
        assert OutboxStatus.FAILED == item.status
        assert 1 == item.attempts
        assert "NotificationError: simulated failure for recipient 'SNV'" == item.last_error
        assert [] == reminders_due(store, day)
        ok = MemoryNotifier()
        retry = send_reminders(store, [], ok, clock=clock_at(date(2026, 5, 7)))
        assert (due[0].key,) == retry.sent
        [item] = store.get_outbox_items()
        assert OutboxStatus.SENT == item.status
        assert 2 == item.attempts
        assert item.last_error is None
        assert datetime(2026, 5, 7, 8, tzinfo=VN) == item.sent_at
        assert [due[0].to_message()] == ok.sent

    def test_unexpected_notifier_error_is_recorded(self, store: Store) -> None:
        """A notifier raising a non-library error is recorded, not propagated."""
        class Broken(MemoryNotifier):
            def send(self, message: Message) -> None:
                raise RuntimeError("boom")

        day = date(2026, 5, 6)
        report = send_reminders(store, reminders_due(store, day), Broken(), clock=clock_at(day))
        assert "RuntimeError: boom" == report.failed[0][1]

    def test_max_attempts_stops_retrying(self, store: Store) -> None:
        """With max_attempts=1 an item that failed once is left FAILED."""
        day = date(2026, 5, 6)
        send_reminders(store, reminders_due(store, day), MemoryNotifier(fail_for=["SNV"]),
                       clock=clock_at(day))
        report = send_reminders(store, [], MemoryNotifier(), clock=clock_at(day),
                                max_attempts=1)
        assert () == report.sent
        assert OutboxStatus.FAILED == store.get_outbox_items()[0].status

    def test_other_outbox_items_are_left_alone(self, store: Store) -> None:
        """Only keys starting with 'reminder:' are delivered."""
        from directive_tracker.storage.base import OutboxItem

        store.add_outbox_item(OutboxItem(key="webhook:1", created_at=clock_at(ASSIGNED)(),
                                         payload={"x": 1}))
        report = send_reminders(store, [], MemoryNotifier(), clock=clock_at(ASSIGNED))
        assert SendReportEmpty == (report.sent, report.failed)
        assert OutboxStatus.PENDING == store.get_outbox_items()[0].status

    def test_foreign_and_malformed_outbox_items_do_not_block(self, store: Store) -> None:
        """reminders_due skips other users' outbox items and a reminder record without a
        slot date; the 06/05 reminder (2 working days before 08/05) is still due."""
        from directive_tracker.storage.base import OutboxItem

        now = clock_at(ASSIGNED)()
        store.add_outbox_item(OutboxItem(key="webhook:1", created_at=now, payload={"x": 1}))
        store.add_outbox_item(OutboxItem(key="reminder:broken", created_at=now,
                                         payload={"task_id": "T1", "recipient": "SNV",
                                                  "level": "lead_unit"}))
        assert [("T1", "SNV", "before_due:2")] == [
            (r.task_id, r.recipient, r.slot) for r in reminders_due(store, date(2026, 5, 6))]

    def test_message_body_has_both_languages(self, store: Store) -> None:
        """The message body is the Vietnamese text, a blank line, the English text."""
        r = reminders_due(store, date(2026, 5, 6))[0]
        m = r.to_message()
        assert f"{r.message_vi}\n\n{r.message_en}" == m.body
        assert r.subject_vi == m.subject
        assert RecipientLevel.LEAD_UNIT == m.level

    def test_payload_round_trip(self, store: Store) -> None:
        """from_payload(to_payload(r)) == r, through JSON-safe values."""
        for day in (date(2026, 5, 6), date(2026, 6, 8)):
            for r in reminders_due(store, day):
                assert r == Reminder.from_payload(r.to_payload())

    def test_malformed_payload(self) -> None:
        """A payload missing fields raises ValidationError."""
        with pytest.raises(ValidationError, match="malformed reminder payload"):
            Reminder.from_payload({"key": "reminder:x"})


SendReportEmpty = ((), ())


class TestTemplates:
    def test_custom_template(self, store: Store) -> None:
        """A province can replace the wording; fields are filled by name."""
        vi = dict(ReminderTemplates().vi)
        vi["before_due"] = "Kính đề nghị ${recipient_name}: hạn ${due_iso}, còn ${days} ngày."
        policy = ReminderPolicy(templates=ReminderTemplates(vi=vi))
        r = reminders_due(store, date(2026, 5, 6), policy)[0]
        assert "Kính đề nghị Sở Nội vụ: hạn 2026-05-08, còn 2 ngày." == r.message_vi

    def test_unknown_placeholder(self) -> None:
        """A placeholder outside TEMPLATE_FIELDS is refused."""
        vi = dict(ReminderTemplates().vi)
        vi["on_due"] = "Hạn ${deadline}"
        with pytest.raises(ValidationError, match="unknown placeholder"):
            ReminderTemplates(vi=vi)

    def test_missing_and_unknown_template(self) -> None:
        """Templates must be exactly the known names."""
        with pytest.raises(ValidationError, match="missing"):
            ReminderTemplates(en={"subject": "x"})

    def test_invalid_dollar(self) -> None:
        """A lone '$' is not a valid template."""
        vi = dict(ReminderTemplates().vi)
        vi["overdue"] = "Phạt 5$ mỗi ngày"
        with pytest.raises(ValidationError, match="not a valid"):
            ReminderTemplates(vi=vi)

    def test_multiline_subject(self) -> None:
        """The subject must be one line."""
        vi = dict(ReminderTemplates().vi)
        vi["subject"] = "a\nb"
        with pytest.raises(ValidationError, match="one line"):
            ReminderTemplates(vi=vi)

    def test_render_errors(self) -> None:
        """render refuses an unknown language or template name."""
        t = ReminderTemplates()
        with pytest.raises(ValidationError, match="lang"):
            t.render("subject", "fr", {})
        with pytest.raises(ValidationError, match="unknown template"):
            t.render("nope", "vi", {})

    def test_empty_template(self) -> None:
        """A blank template is refused."""
        vi = dict(ReminderTemplates().vi)
        vi["on_due"] = "  "
        with pytest.raises(ValidationError, match="non-empty text"):
            ReminderTemplates(vi=vi)

    def test_not_a_mapping(self) -> None:
        """Templates must be a mapping."""
        with pytest.raises(InvalidTypeError):
            ReminderTemplates(vi="x")  # type: ignore[arg-type]


class TestPolicyValidation:
    @pytest.mark.parametrize("kwargs", [
        {"overdue_every": 0}, {"before_due": (0,)}, {"office_recipient": "VP UBND"},
        {"escalation": (EscalationStep(level=RecipientLevel.CHAIRMAN,
                                       after_working_days_late=5),
                        EscalationStep(level=RecipientLevel.UNIT_HEAD,
                                       after_working_days_late=10))},
        {"escalation": (EscalationStep(level=RecipientLevel.CHAIRMAN,
                                       after_working_days_late=5),
                        EscalationStep(level=RecipientLevel.CHAIRMAN,
                                       after_working_days_late=10))},
    ])
    def test_bad_values(self, kwargs: dict[str, Any]) -> None:
        """Out-of-range counts, bad codes, decreasing or repeated ladder levels are refused."""
        with pytest.raises(ValidationError):
            ReminderPolicy(**kwargs)

    @pytest.mark.parametrize("kwargs", [
        {"on_due": 1}, {"before_due": 5}, {"escalation": ("x",)}, {"templates": {}},
        {"remind_in_review": "yes"},
    ])
    def test_bad_types(self, kwargs: dict[str, Any]) -> None:
        """Wrong types raise InvalidTypeError."""
        with pytest.raises(InvalidTypeError):
            ReminderPolicy(**kwargs)

    def test_before_due_is_normalised(self) -> None:
        """before_due is stored unique, largest first."""
        assert (5, 2, 1) == ReminderPolicy(before_due=[2, 5, 1, 2]).before_due

    def test_lead_unit_is_not_a_ladder_step(self) -> None:
        """The lead unit is always reminded; it cannot be an escalation step."""
        with pytest.raises(ValidationError, match="escalation step"):
            EscalationStep(level=RecipientLevel.LEAD_UNIT, after_working_days_late=1)

    def test_level_must_be_a_recipient_level(self) -> None:
        """A level given as a string is refused."""
        with pytest.raises(InvalidTypeError):
            EscalationStep(level="chairman", after_working_days_late=5)  # type: ignore[arg-type]

    def test_threshold_must_be_positive(self) -> None:
        """An escalation threshold of 0 is refused."""
        with pytest.raises(ValidationError):
            EscalationStep(level=RecipientLevel.UNIT_HEAD, after_working_days_late=0)


class TestArgumentErrors:
    def test_datetime_as_of(self, store: Store) -> None:
        """A datetime is not a date."""
        with pytest.raises(InvalidTypeError):
            reminders_due(store, datetime(2026, 5, 6, tzinfo=VN))

    @pytest.mark.parametrize("kwargs", [
        {"policy": object()}, {"calendar": object()}, {"registry": object()},
        {"lifecycle_policy": "strict"}])
    def test_wrong_types(self, store: Store, kwargs: dict[str, Any]) -> None:
        """Wrong policy, calendar, registry or lifecycle policy types are refused."""
        with pytest.raises(InvalidTypeError):
            reminders_due(store, date(2026, 5, 6), **kwargs)

    def test_wrong_lifecycle_policy_on_a_day_off(self, store: Store) -> None:
        """The lifecycle policy is checked even on Sat 09/05, when nothing is due."""
        with pytest.raises(InvalidTypeError, match="lifecycle_policy"):
            reminders_due(store, date(2026, 5, 9), lifecycle_policy="strict")  # type: ignore[arg-type]

    def test_not_a_store(self) -> None:
        """The store must be a Store."""
        with pytest.raises(InvalidTypeError):
            reminders_due(object(), date(2026, 5, 6))  # type: ignore[arg-type]

    def test_send_argument_errors(self, store: Store) -> None:
        """send_reminders checks its store, reminders, notifier, clock and max_attempts."""
        n = MemoryNotifier()
        c = clock_at(ASSIGNED)
        with pytest.raises(InvalidTypeError):
            send_reminders(object(), [], n, clock=c)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            send_reminders(store, [], object(), clock=c)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            send_reminders(store, ["x"], n, clock=c)  # type: ignore[list-item]
        with pytest.raises(InvalidTypeError):
            send_reminders(store, 5, n, clock=c)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            send_reminders(store, [], n, clock="now")  # type: ignore[arg-type]
        with pytest.raises(ValidationError):
            send_reminders(store, [], n, clock=lambda: datetime(2026, 5, 6))
        with pytest.raises(ValidationError):
            send_reminders(store, [], n, clock=c, max_attempts=0)


def _message(**kw: Any) -> Message:
    base: dict[str, Any] = {"key": "reminder:T1", "recipient": "SNV",
                            "recipient_name": "Sở Nội vụ", "level": RecipientLevel.LEAD_UNIT,
                            "subject": "[Đôn đốc] Nhiệm vụ T1", "body": "Nội dung"}
    base.update(kw)
    return Message(**base)


class TestSimpleNotifiers:
    def test_console(self) -> None:
        """ConsoleNotifier writes level, recipient, subject and body."""
        out = io.StringIO()
        ConsoleNotifier(out).send(_message())
        assert ("[lead_unit] Sở Nội vụ (SNV)\n[Đôn đốc] Nhiệm vụ T1\nNội dung\n\n"
                == out.getvalue())

    def test_console_closed_stream(self) -> None:
        """Writing to a closed stream raises NotificationError."""
        out = io.StringIO()
        out.close()
        with pytest.raises(NotificationError, match="cannot write"):
            ConsoleNotifier(out).send(_message())

    def test_console_default_stream(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a stream, ConsoleNotifier writes to stdout."""
        ConsoleNotifier().send(_message())
        assert "Nội dung" in capsys.readouterr().out

    def test_log(self, caplog: pytest.LogCaptureFixture) -> None:
        """LogNotifier logs at INFO on the directive_tracker.reminders logger."""
        with caplog.at_level(logging.INFO, logger="directive_tracker.reminders"):
            LogNotifier().send(_message())
        assert [("directive_tracker.reminders", logging.INFO)] == [
            (r.name, r.levelno) for r in caplog.records]
        assert "[Đôn đốc] Nhiệm vụ T1" in caplog.records[0].getMessage()

    def test_send_needs_a_message(self) -> None:
        """Notifiers refuse anything but a Message."""
        for n in (ConsoleNotifier(io.StringIO()), LogNotifier(), MemoryNotifier()):
            with pytest.raises(InvalidTypeError):
                n.send("hello")  # type: ignore[arg-type]

    def test_message_validation(self) -> None:
        """A multi-line subject or an empty body is refused; text is NFC."""
        with pytest.raises(ValidationError, match="one line"):
            _message(subject="a\nb")
        with pytest.raises(ValidationError):
            _message(body="")
        nfd = "Sở Nội vụ".encode().decode()
        import unicodedata

        assert "Sở Nội vụ" == _message(
            recipient_name=unicodedata.normalize("NFD", nfd)).recipient_name

    def test_level_labels(self) -> None:
        """Every level has Vietnamese and English labels."""
        assert "Chủ tịch UBND tỉnh" == RecipientLevel.CHAIRMAN.label_vi
        assert "Head of the lead unit" == RecipientLevel.UNIT_HEAD.label_en

    def test_reason_labels(self) -> None:
        """Reasons have Vietnamese and English labels."""
        assert ("Quá hạn", "Overdue") == (ReminderReason.OVERDUE.label_vi,
                                          ReminderReason.OVERDUE.label_en)

    def test_report_is_frozen(self) -> None:
        """Reminders are immutable."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            ReminderPolicy().on_due = False  # type: ignore[misc]


#: The lead unit's schedule for T1 (due Fri 08/05/2026), computed by hand: 5 and 2
#: working days before (30/04 and 01/05 are off), the due date, then every 3 working
#: days late (13/05 = 3, 18/05 = 6, 21/05 = 9, 26/05 = 12, 29/05 = 15, 03/06 = 18,
#: 08/06 = 21, 11/06 = 24, 16/06 = 27, 19/06 = 30).
LEAD_SCHEDULE = [date(2026, 4, 29), date(2026, 5, 6), date(2026, 5, 8), date(2026, 5, 13),
                 date(2026, 5, 18), date(2026, 5, 21), date(2026, 5, 26), date(2026, 5, 29),
                 date(2026, 6, 3), date(2026, 6, 8), date(2026, 6, 11), date(2026, 6, 16),
                 date(2026, 6, 19)]
FIRST_DAY = date(2026, 4, 20)


def fresh_store() -> MemoryStore:
    """A memory store with T1 only (for property tests, which cannot use fixtures)."""
    from directive_tracker.deadlines import FixedDate
    from directive_tracker.events import TaskAssigned
    from directive_tracker.tasks import Task

    s = MemoryStore()
    for u in UNITS:
        s.add_unit(u)
    s.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 3, 30),
                              summary="Cải cách thủ tục hành chính năm 2026"))
    s.add_task(Task(id="T1", directive_id="D1", content="Rà soát thủ tục hành chính",
                    lead_unit="SNV", coordinating_units=("STC",),
                    deadline=FixedDate(date=DUE), anchor=ASSIGNED, due_date=DUE,
                    assigned_on=ASSIGNED),
               [TaskAssigned(task_id="T1", at=clock_at(ASSIGNED)(), actor="chuyenvien")])
    return s


def run_days(days: list[date]) -> tuple[MemoryNotifier, list[list[Reminder]]]:
    """Run the daily job (find, then send) on each of *days* in order."""
    s = fresh_store()
    notifier = MemoryNotifier()
    runs = []
    for d in days:
        due = reminders_due(s, d)
        send_reminders(s, due, notifier, clock=clock_at(d))
        runs.append(due)
    return notifier, runs


class TestManualReminder:
    def test_lead_before_due(self, store: Store) -> None:
        """On Mon 04/05 the lead has 4 working days left (05, 06, 07, 08/05)."""
        r = manual_reminder(store, "T1", date(2026, 5, 4))
        assert ("SNV", RecipientLevel.LEAD_UNIT, ReminderReason.BEFORE_DUE, "manual",
                date(2026, 5, 4), 4, None) == (r.recipient, r.level, r.reason, r.slot,
                                               r.slot_date, r.working_days_left,
                                               r.working_days_late)
        assert r.message_vi.endswith("hạn ngày 08/05/2026, còn 4 ngày làm việc.")

    def test_stands_for_the_day_and_is_not_sent_twice(self, store: Store) -> None:
        """A manual reminder on Wed 06/05 (the 2-days-before slot) replaces that day's
        scheduled one; a second manual reminder the same day is a duplicate."""
        day = date(2026, 5, 6)
        notifier = MemoryNotifier()
        first = send_reminders(store, [manual_reminder(store, "T1", day)], notifier,
                               clock=clock_at(day))
        assert 1 == len(first.sent)
        assert [] == reminders_due(store, day)
        again = send_reminders(store, [manual_reminder(store, "T1", day)], notifier,
                               clock=clock_at(day, 9))
        assert (first.recorded, ()) == (again.duplicates, again.sent)
        assert 1 == len(notifier.sent)

    def test_head_before_due_is_not_told_it_is_late(self, store: Store) -> None:
        """Before the due date the head gets the 'còn N ngày' wording, not the overdue
        escalation text."""
        r = manual_reminder(store, "T1", date(2026, 5, 4), level=RecipientLevel.UNIT_HEAD)
        assert ("SNV", "Thủ trưởng Sở Nội vụ") == (r.recipient, r.recipient_name)
        assert "quá hạn" not in r.message_vi
        assert "còn 4 ngày làm việc" in r.message_vi

    def test_office_when_overdue(self, store: Store) -> None:
        """On Wed 13/05 the task is 3 working days late (11, 12, 13/05); the office gets the
        escalation text."""
        r = manual_reminder(store, "T1", date(2026, 5, 13),
                            level=RecipientLevel.OFFICE_LEADERSHIP)
        assert ("VP_UBND", ReminderReason.OVERDUE, 3) == (r.recipient, r.reason,
                                                           r.working_days_late)
        assert "đã quá hạn 3 ngày làm việc (hạn ngày 08/05/2026)" in r.message_vi

    def test_coordinating_unit(self, store: Store) -> None:
        """The only coordinating unit, STC, is chosen; another code is refused."""
        r = manual_reminder(store, "T1", date(2026, 5, 4),
                            level=RecipientLevel.COORDINATING_UNIT)
        assert ("STC", "coordinating_unit") == (r.recipient, r.level.value)
        with pytest.raises(ValidationError, match="coordinating units"):
            manual_reminder(store, "T1", date(2026, 5, 4),
                            level=RecipientLevel.COORDINATING_UNIT, recipient="SXD")

    def test_errors(self, store: Store, make_task: Any, make_events: Any) -> None:
        """Closed, deadline-free or not yet assigned tasks, unknown tasks and wrong types
        are refused."""
        store.add_task(make_task(task_id="T2", due=None, assigned_on=ASSIGNED),
                       [make_events("T2").assigned(ASSIGNED)])
        with pytest.raises(ValidationError, match="no due date"):
            manual_reminder(store, "T2", date(2026, 5, 4))
        with pytest.raises(ValidationError, match="assigned on"):
            manual_reminder(store, "T1", date(2026, 3, 31))
        with pytest.raises(TaskNotFoundError):
            manual_reminder(store, "T9", date(2026, 5, 4))
        with pytest.raises(InvalidTypeError):
            manual_reminder(store, "T1", datetime(2026, 5, 4, 9))  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            manual_reminder(store, "T1", date(2026, 5, 4),
                            level="lead_unit")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            manual_reminder("store", "T1", date(2026, 5, 4))  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            manual_reminder(store, "T1", date(2026, 5, 4), policy={})  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            manual_reminder(store, "T1", date(2026, 5, 4),
                            calendar="vn")  # type: ignore[arg-type]
        add_events(store, "T1", make_events("T1").completed(date(2026, 5, 5)))
        with pytest.raises(ValidationError, match="completed"):
            manual_reminder(store, "T1", date(2026, 5, 6))


class TestDailyRuns:
    def test_every_working_day_follows_the_schedule(self, cal: Any) -> None:
        """Running every working day from 20/04 to 19/06 sends exactly the schedule."""
        days = cal.working_days_in_range(FIRST_DAY, date(2026, 6, 19))
        notifier, runs = run_days(days)
        lead = [r.slot_date for run in runs for r in run if r.level is RecipientLevel.LEAD_UNIT]
        assert LEAD_SCHEDULE == lead
        assert len(notifier.sent) == len({m.key for m in notifier.sent})

    @settings(max_examples=60, deadline=None)
    @given(st.sets(st.integers(min_value=0, max_value=60), max_size=25))
    def test_any_run_pattern(self, offsets: set[int]) -> None:
        """Whatever days the job runs: no duplicate, one per recipient per run, latest slot.

        On a working day, the lead's reminder (if any) is for the latest scheduled slot on
        or before that day, and one is sent exactly when that slot is newer than the last
        one sent.
        """
        from datetime import timedelta

        from directive_tracker.calendars import vietnam_calendar

        cal = vietnam_calendar()
        days = sorted(FIRST_DAY + timedelta(days=i) for i in offsets)
        notifier, runs = run_days(days)
        assert len(notifier.sent) == len({m.key for m in notifier.sent})
        last: date | None = None
        for d, run in zip(days, runs, strict=True):
            keys = [(r.task_id, r.recipient, r.level) for r in run]
            assert len(keys) == len(set(keys))
            if not cal.is_working_day(d):
                assert [] == run
                continue
            latest = max((s for s in LEAD_SCHEDULE if s <= d), default=None)
            expected = [latest] if latest is not None and latest != last else []
            assert expected == [r.slot_date for r in run
                                if r.level is RecipientLevel.LEAD_UNIT]
            if expected:
                last = latest


# These tests call reminders_due / manual_reminder in their 0.1 argument order, which 0.2
# still accepts with a deprecation warning (the new order is tested in
# tests/unit/test_reminder_calls.py).
pytestmark = pytest.mark.filterwarnings(
    r"ignore:(reminders_due|manual_reminder)\W.*deprecated since 0\.2\.0"
    ":directive_tracker.exceptions.DirectiveTrackerDeprecationWarning")

class TestStreamed:
    """
    ``iter_reminders_due`` yields ``reminders_due``'s reminders one at a time (issue 12: a
    day of 1.55 million reminders held at once peaks at 3.4 GB).

    On Monday 18/05/2026 T1 (due Friday 08/05) is 6 working days late (11, 12, 13, 14,
    15, 18 May): the lead unit's slot is ``overdue:6`` and the default ladder adds the
    unit's head (from 5 days late).  T2 (led by STC, same dates) gives the same two slots.
    """
    DAY = date(2026, 5, 18)

    @staticmethod
    def _slots(reminders: Any) -> list[tuple[str, str, str, str]]:
        return [(r.task_id, r.recipient, r.level.value, r.slot) for r in reminders]

    def test_same_reminders_in_the_same_order(self, store: Store, make_task: Any,
                                              make_events: Any) -> None:
        store.add_task(make_task(task_id="T2", lead="STC", coordinating=(), due=DUE,
                                 assigned_on=ASSIGNED),
                       [make_events("T2").assigned(ASSIGNED)])
        streamed = iter_reminders_due(store, as_of=self.DAY)
        assert isinstance(streamed, types.GeneratorType)
        got = list(streamed)
        assert ([("T1", "SNV", "lead_unit", "overdue:6"),
                 ("T1", "SNV", "unit_head", "overdue:6"),
                 ("T2", "STC", "lead_unit", "overdue:6"),
                 ("T2", "STC", "unit_head", "overdue:6")],
                reminders_due(store, as_of=self.DAY)) == (self._slots(got), got)

    def test_arguments_checked_at_the_call(self, store: Store) -> None:
        """A bad argument raises when iter_reminders_due is called, not at the first next()."""
        with pytest.raises(InvalidTypeError, match="as_of"):
            iter_reminders_due(store,
                               as_of=datetime(2026, 5, 18, 9, tzinfo=VN))  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="calendar"):
            iter_reminders_due(store, self.DAY, as_of=self.DAY)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="store"):
            iter_reminders_due(object(), as_of=self.DAY)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="registry"):
            iter_reminders_due(store, as_of=self.DAY, registry=[])  # type: ignore[arg-type]

    def test_day_off_yields_nothing(self, store: Store) -> None:
        """30/04/2026 is a holiday (working_days_only): nothing, as reminders_due."""
        assert ([], []) == (list(iter_reminders_due(store, as_of=date(2026, 4, 30))),
                            reminders_due(store, as_of=date(2026, 4, 30)))

    def test_store_read_at_the_first_reminder(self, store: Store, make_task: Any,
                                              make_events: Any) -> None:
        """The day's slots are read when the first reminder is asked for: a task added
        between the call and the first next() is reminded."""
        streamed = iter_reminders_due(store, as_of=self.DAY)
        store.add_task(make_task(task_id="T2", lead="STC", coordinating=(), due=DUE,
                                 assigned_on=ASSIGNED),
                       [make_events("T2").assigned(ASSIGNED)])
        assert ["T1", "T1", "T2", "T2"] == [r.task_id for r in streamed]

    def test_sent_from_the_stream_then_nothing_due(self, store: Store) -> None:
        """send_reminders takes the stream: both reminders sent and recorded, so the same
        day then has nothing left, streamed or not."""
        notifier = MemoryNotifier()
        report = send_reminders(store, iter_reminders_due(store, as_of=self.DAY), notifier,
                                clock=lambda: datetime(2026, 5, 18, 8, tzinfo=VN))
        assert (2, ["SNV", "SNV"], [], []) == (
            len(report.sent), [m.recipient for m in notifier.sent],
            list(iter_reminders_due(store, as_of=self.DAY)),
            reminders_due(store, as_of=self.DAY))
