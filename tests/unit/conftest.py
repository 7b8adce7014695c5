# SPDX-License-Identifier: MIT
"""Shared fixtures for the lifecycle, status and services tests: a calendar and builders."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directive_tracker.calendars import WorkingCalendar, vietnam_calendar
from directive_tracker.deadlines import FixedDate, NoDeadline
from directive_tracker.events import (
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
    TaskPaused,
    TaskRefused,
    TaskResumed,
    TaskTransferred,
)
from directive_tracker.tasks import Task

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(d: date, hour: int = 9, minute: int = 0) -> datetime:
    """Return *d* at *hour*:*minute* in Vietnam."""
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=VN)


def build_task(*, task_id: str = "T1", due: date | None = date(2026, 4, 24),
               assigned_on: date = date(2026, 4, 1), lead: str = "SNV",
               coordinating: tuple[str, ...] = ("STC",), parent_id: str | None = None,
               content: str = "Rà soát thủ tục hành chính") -> Task:
    """Return a task due *due* (a FixedDate rule, or NoDeadline when None)."""
    rule = FixedDate(date=due) if due is not None else NoDeadline()
    return Task(id=task_id, directive_id="D1", content=content, lead_unit=lead,
                coordinating_units=coordinating, deadline=rule, anchor=assigned_on,
                due_date=due, assigned_on=assigned_on, parent_id=parent_id)


class EventBuilder:
    """Build events of one task at 09:00 (or a given hour) on a date."""

    def __init__(self, task_id: str = "T1") -> None:
        self.task_id = task_id

    def _base(self, d: date, hour: int) -> dict[str, Any]:
        return {"task_id": self.task_id, "at": at(d, hour), "actor": "chuyenvien"}

    def assigned(self, d: date, hour: int = 9) -> TaskAssigned:
        return TaskAssigned(**self._base(d, hour))

    def accepted(self, d: date, hour: int = 9) -> TaskAccepted:
        return TaskAccepted(**self._base(d, hour))

    def refused(self, d: date, hour: int = 9) -> TaskRefused:
        return TaskRefused(**self._base(d, hour), reason="Không thuộc chức năng")

    def progress(self, d: date, percent: int, hour: int = 9,
                 regression_reason: str | None = None) -> ProgressReported:
        return ProgressReported(**self._base(d, hour), percent=percent,
                                regression_reason=regression_reason)

    def ext_requested(self, d: date, requested_due: date, hour: int = 9
                      ) -> ExtensionRequested:
        return ExtensionRequested(**self._base(d, hour), requested_due=requested_due,
                                  reason="Chờ ý kiến các sở")

    def ext_approved(self, d: date, new_due: date, hour: int = 9) -> ExtensionApproved:
        return ExtensionApproved(**self._base(d, hour), new_due=new_due, decider="PCT")

    def ext_rejected(self, d: date, hour: int = 9) -> ExtensionRejected:
        return ExtensionRejected(**self._base(d, hour), decider="PCT",
                                 reason="Không có lý do chính đáng")

    def paused(self, d: date, hour: int = 9) -> TaskPaused:
        return TaskPaused(**self._base(d, hour), reason="Chờ Sở Tài chính", waiting_on="STC")

    def resumed(self, d: date, hour: int = 9) -> TaskResumed:
        return TaskResumed(**self._base(d, hour))

    def submitted(self, d: date, hour: int = 9) -> SubmittedForReview:
        return SubmittedForReview(**self._base(d, hour), evidence="BC 12/BC-SNV")

    def returned(self, d: date, hour: int = 9) -> ReturnedForRework:
        return ReturnedForRework(**self._base(d, hour), reason="Bổ sung số liệu")

    def completed(self, d: date, completed_on: date | None = None, hour: int = 9
                  ) -> TaskCompleted:
        return TaskCompleted(**self._base(d, hour), completed_on=completed_on or d,
                             evidence="CV 99/SNV-VP")

    def cancelled(self, d: date, hour: int = 9) -> TaskCancelled:
        return TaskCancelled(**self._base(d, hour), reason="Thu hồi theo chỉ đạo")

    def transferred(self, d: date, from_unit: str = "SNV", to_unit: str = "SXD",
                    hour: int = 9) -> TaskTransferred:
        return TaskTransferred(**self._base(d, hour), from_unit=from_unit, to_unit=to_unit,
                               document="NQ 190/2025/QH15")


@pytest.fixture(scope="session")
def cal() -> WorkingCalendar:
    """The default Vietnamese working-day calendar."""
    return vietnam_calendar()


@pytest.fixture(scope="session")
def ev() -> EventBuilder:
    """An event builder for task T1."""
    return EventBuilder()


@pytest.fixture(scope="session")
def make_task() -> Any:
    """The :func:`build_task` builder."""
    return build_task


@pytest.fixture(scope="session")
def make_events() -> Any:
    """The :class:`EventBuilder` class (for other task ids)."""
    return EventBuilder
