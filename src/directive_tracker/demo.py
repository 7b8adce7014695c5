# SPDX-License-Identifier: MIT
"""
A realistic synthetic province for demos, docs, notebooks and benchmarks.

:func:`build_demo` fills a store with the tracking data of a fictional province
("tỉnh Ninh Giang") over the year before *today*:

* **Units after the 2025 reorganisation**: the provincial People's Committee, its 14
  departments (the 12 mandatory ones of Decree 150/2025/NĐ-CP plus two optional ones,
  the ceiling for a province), and communes and wards (two-tier local government from
  01/07/2025, Law 72/2025/QH15).  The departments merged on 01/03/2025 (Sở Kế hoạch và
  Đầu tư into Sở Tài chính; Sở Tài nguyên và Môi trường with Sở Nông nghiệp và Phát triển
  nông thôn) and a district split on 01/07/2025 are recorded as successions citing the
  deciding resolution or decision, and a directive issued before the reorganisation has
  tasks that were transferred to the successor (``TaskTransferred``).
* **Directives** numbered as in Decree 30/2020/NĐ-CP (chỉ thị ``05/CT-UBND``, kế hoạch,
  thông báo kết luận, quyết định, công văn ``1234/UBND-KT`` without a type, and a
  leader's margin note without a number).
* **Tasks** whose deadlines are real Vietnamese phrases ("trong 10 ngày làm việc kể từ
  ngày nhận được văn bản", "trước ngày 20 hằng tháng", "hoàn thành trong quý III/2026",
  "thường xuyên" …) read by :func:`~directive_tracker.phrases.parse_deadline`.
* **Periodic duties** (:mod:`directive_tracker.occurrences`): the reporting regime of
  Decree 09/2019 (``VB-BCDK``: monthly reports due the 20th, a quarterly report due the
  15th of the quarter's last month) and the "trước ngày 20 hằng tháng" tasks of other
  directives, each occurrence sent on time, late or not at all.
* **Events** across the year: acceptance, progress reports, extension requests approved
  or rejected, pauses, completions on time and late, cancellations, refusals — and tasks
  left open, some overdue.  Only events up to *today* exist.

Everything is drawn from :class:`random.Random` seeded with *seed*, so the same seed and
*today* always give the same data.  Every task's event log is checked with
:func:`~directive_tracker.lifecycle.replay` before it is written.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Final

import attrs

from ._validators import VIETNAM_TZ, check_date, check_int
from .calendars import WorkingCalendar, vietnam_calendar
from .directives import Directive, DirectiveOrigin
from .documents import DocumentNumber
from .events import (
    ExtensionApproved,
    ExtensionRejected,
    ExtensionRequested,
    ProgressReported,
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
from .exceptions import InvalidTypeError, ValidationError
from .integrity import check_history
from .lifecycle import replay as fold
from .occurrences import is_periodic, series_of
from .phrases import parse_deadline
from .storage.base import Store
from .tasks import Priority, Task
from .units import Succession, SuccessionKind, Unit, UnitKind

__all__ = ["PROVINCE_NAME", "DemoSummary", "build_demo"]

#: The name of the synthetic province.
PROVINCE_NAME: Final = "Ninh Giang"

#: (code, name) of the 14 departments after 01/03/2025 (Decree 150/2025/NĐ-CP).
_DEPARTMENTS: Final = (
    ("VP", "Văn phòng UBND tỉnh"),
    ("SNV", "Sở Nội vụ"),
    ("STP", "Sở Tư pháp"),
    ("STC", "Sở Tài chính"),
    ("SCT", "Sở Công Thương"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường"),
    ("SXD", "Sở Xây dựng"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("SGDDT", "Sở Giáo dục và Đào tạo"),
    ("SYT", "Sở Y tế"),
    ("TTT", "Thanh tra tỉnh"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo"),
    ("SNGV", "Sở Ngoại vụ"),
)
#: Communes and wards after 01/07/2025 (two-tier local government).
_COMMUNES: Final = (
    ("PNG", "UBND phường Ninh Giang"),
    ("PHH", "UBND phường Hồng Hà"),
    ("XTL", "UBND xã Tân Lập"),
    ("XTH", "UBND xã Tân Hòa"),
    ("XAL", "UBND xã An Lạc"),
    ("XDP", "UBND xã Đông Phong"),
    ("XBS", "UBND xã Bình Sơn"),
    ("XTA", "UBND xã Thạch An"),
)
#: Units that ended in the 2025 reorganisation: (code, name, kind, last day).
_FORMER_UNITS: Final = (
    ("SKHDT", "Sở Kế hoạch và Đầu tư", UnitKind.DEPARTMENT, date(2025, 2, 28)),
    ("STNMT", "Sở Tài nguyên và Môi trường", UnitKind.DEPARTMENT, date(2025, 2, 28)),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", UnitKind.DEPARTMENT,
     date(2025, 2, 28)),
    ("HTL", "UBND huyện Tân Lập", UnitKind.DISTRICT, date(2025, 6, 30)),
)
_MERGE_DEPARTMENTS: Final = date(2025, 3, 1)
_TWO_TIERS: Final = date(2025, 7, 1)
_SUCCESSIONS: Final = (
    (SuccessionKind.MERGE, ("SKHDT", "STC"), ("STC",), _MERGE_DEPARTMENTS, "STC",
     "NQ 05/NQ-HĐND ngày 25/02/2025 của HĐND tỉnh; QĐ 412/QĐ-UBND ngày 28/02/2025",
     "Hợp nhất Sở Kế hoạch và Đầu tư vào Sở Tài chính (Nghị định 45/2025/NĐ-CP)"),
    (SuccessionKind.MERGE, ("STNMT", "SNNPTNT"), ("SNNMT",), _MERGE_DEPARTMENTS, "SNNMT",
     "NQ 05/NQ-HĐND ngày 25/02/2025 của HĐND tỉnh; QĐ 413/QĐ-UBND ngày 28/02/2025",
     "Hợp nhất thành Sở Nông nghiệp và Môi trường"),
    (SuccessionKind.SPLIT, ("HTL",), ("XTL", "XTH"), _TWO_TIERS, "XTL",
     "NQ 1680/NQ-UBTVQH15 ngày 16/06/2025",
     "Kết thúc hoạt động cấp huyện (Luật 72/2025/QH15); nhiệm vụ chuyển cho xã Tân Lập"),
)

#: Task templates: (lead unit, content, deadline phrase with {y} {q} {m} {next_m}).
_TASKS: Final = (
    ("STC", "Đẩy nhanh tiến độ giải ngân vốn đầu tư công năm {y}, báo cáo kết quả "
            "về UBND tỉnh", "trước ngày 20 hằng tháng"),
    ("STC", "Tham mưu phương án phân bổ nguồn vốn ngân sách tỉnh còn lại",
     "trong 15 ngày làm việc kể từ ngày nhận được văn bản"),
    ("SNV", "Rà soát, đề xuất sắp xếp trụ sở làm việc dôi dư sau sắp xếp đơn vị hành chính",
     "trong 30 ngày kể từ ngày ký"),
    ("SNV", "Tham mưu kế hoạch đào tạo, bồi dưỡng cán bộ, công chức cấp xã",
     "hoàn thành trong quý {q}/{y}"),
    ("STP", "Thẩm định dự thảo quyết định quy phạm pháp luật về phân cấp quản lý",
     "trong 10 ngày làm việc kể từ ngày nhận được văn bản"),
    ("SCT", "Kiểm tra, bình ổn thị trường hàng hóa thiết yếu dịp cuối năm",
     "trước ngày 15/{next_m}/{y}"),
    ("SNNMT", "Kiểm tra, xử lý dứt điểm tình trạng khai thác cát trái phép trên sông",
     "trong 20 ngày làm việc kể từ ngày nhận được văn bản"),
    ("SNNMT", "Xây dựng phương án phòng, chống thiên tai, tìm kiếm cứu nạn mùa mưa bão",
     "hoàn thành trong tháng {m}/{y}"),
    ("SNNMT", "Theo dõi, cảnh báo sạt lở bờ sông, bờ biển", "thường xuyên"),
    ("SXD", "Rà soát, báo cáo tiến độ các dự án nhà ở xã hội trên địa bàn tỉnh",
     "trong 7 ngày làm việc kể từ ngày nhận được văn bản"),
    ("SXD", "Khắc phục ngay các điểm đen tai nạn giao thông trên quốc lộ",
     "chậm nhất ngày {d}/{m}/{y}"),
    ("SKHCN", "Tham mưu Kế hoạch thực hiện Nghị quyết 57-NQ/TW về phát triển khoa học, "
              "công nghệ, đổi mới sáng tạo và chuyển đổi số", "trong 1 tháng kể từ ngày ký"),
    ("SKHCN", "Bảo đảm thủ tục hành chính được cung cấp trực tuyến toàn trình",
     "6 tháng đầu năm {y}"),
    ("SVHTTDL", "Tổ chức các hoạt động chào mừng Ngày Văn hóa Việt Nam 24/11",
     "trước ngày 10/11/{y}"),
    ("SGDDT", "Rà soát, sắp xếp mạng lưới trường lớp sau sắp xếp đơn vị hành chính xã",
     "trong quý {q}/{y}"),
    ("SYT", "Tăng cường kiểm tra an toàn thực phẩm dịp Tết Nguyên Đán",
     "trong 10 ngày kể từ ngày ký"),
    ("SYT", "Giám sát, phòng chống dịch sốt xuất huyết", "thường xuyên"),
    ("TTT", "Thanh tra việc quản lý, sử dụng đất đai tại một số dự án chậm tiến độ",
     "trong 45 ngày kể từ ngày ký quyết định"),
    ("SDTTG", "Rà soát chính sách hỗ trợ đồng bào dân tộc thiểu số vùng khó khăn",
     "trong 2 tháng"),
    ("SNGV", "Chuẩn bị nội dung làm việc với đoàn công tác của tỉnh kết nghĩa",
     "trong 5 ngày làm việc kể từ ngày nhận được văn bản"),
    ("VP", "Tổng hợp kết quả thực hiện nhiệm vụ UBND tỉnh giao, báo cáo phiên họp thường kỳ",
     "trước ngày 20 hằng tháng"),
    ("PNG", "Giải quyết dứt điểm kiến nghị của cử tri về ngập úng khu dân cư",
     "trong 30 ngày kể từ ngày nhận được văn bản"),
    ("PHH", "Hoàn thành giải phóng mặt bằng dự án đường ven sông",
     "hoàn thành trong quý {q}/{y}"),
    ("XTL", "Hoàn thiện hồ sơ đề nghị công nhận xã đạt chuẩn nông thôn mới nâng cao",
     "trước ngày 30/{next_m}/{y}"),
    ("XTH", "Rà soát, cập nhật danh sách hộ nghèo, cận nghèo", "trong tháng {m}/{y}"),
    ("XAL", "Xử lý vi phạm trật tự xây dựng trên địa bàn xã",
     "trong 15 ngày làm việc kể từ ngày nhận được văn bản"),
    ("XDP", "Vận động nhân dân hiến đất mở rộng đường giao thông nông thôn",
     "trong 3 tháng kể từ ngày ký"),
    ("XBS", "Kiểm tra, chấn chỉnh công tác tiếp công dân ở cơ sở",
     "trong 20 ngày kể từ ngày ký"),
    ("XTA", "Triển khai mô hình chuyển đổi số cấp xã, báo cáo kết quả",
     "hoàn thành trong năm {y}"),
)

#: Directive templates: (number format, origin, summary).
_DIRECTIVES: Final = (
    ("{n:02d}/CT-UBND", DirectiveOrigin.DOCUMENT,
     "Chỉ thị về tăng cường kỷ luật, kỷ cương hành chính trong thực hiện nhiệm vụ"),
    ("{n}/KH-UBND", DirectiveOrigin.DOCUMENT,
     "Kế hoạch triển khai thực hiện các nghị quyết của Chính phủ"),
    ("{n}/TB-UBND", DirectiveOrigin.MEETING_CONCLUSION,
     "Thông báo kết luận của Chủ tịch UBND tỉnh tại phiên họp thường kỳ"),
    ("{n}/QĐ-UBND", DirectiveOrigin.DOCUMENT,
     "Quyết định giao nhiệm vụ trọng tâm"),
    ("{n}/UBND-KT", DirectiveOrigin.DOCUMENT,
     "Công văn về việc triển khai ý kiến chỉ đạo của UBND tỉnh"),
    ("", DirectiveOrigin.MARGIN_NOTE,
     "Ý kiến bút phê của Chủ tịch UBND tỉnh trên văn bản đến"),
)

_ROMAN: Final = ("I", "II", "III", "IV")
_NOTES_PROGRESS: Final = ("Đã xây dựng dự thảo", "Đang lấy ý kiến các đơn vị phối hợp",
                          "Đã tổ chức kiểm tra thực tế", "Đang hoàn thiện báo cáo")


@attrs.frozen(kw_only=True)
class DemoSummary:
    """
    What :func:`build_demo` wrote.

    Attributes:
        today: the demo's "today" (no event is after it).
        first_day: the first day of the simulated year.
        units: number of units (current and former).
        successions: number of succession events.
        directives: number of directives.
        tasks: number of tasks.
        events: number of events.

    .. versionadded:: 0.1.0
    """

    today: date
    first_day: date
    units: int
    successions: int
    directives: int
    tasks: int
    events: int


def _at(d: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(d, time(hour, minute), tzinfo=VIETNAM_TZ)


class _Builder:
    """Draws one task's life; every helper keeps events in time order."""

    def __init__(self, rng: random.Random, cal: WorkingCalendar, today: date) -> None:
        self.rng = rng
        self.cal = cal
        self.today = today

    def working_day_after(self, d: date, lo: int, hi: int) -> date:
        return self.cal.add_working_days(d, self.rng.randint(lo, hi))

    def life(self, task: Task, actor: str) -> list[TaskEvent]:
        """Return the task's events up to today (a prefix of a legal history)."""
        rng, cal = self.rng, self.cal
        tid, t0 = task.id, task.assigned_on
        events: list[TaskEvent] = [TaskAssigned(task_id=tid, at=_at(t0, 8, 30), actor="VP")]
        lead = task.lead_unit
        if rng.random() < 0.02:
            events.append(TaskRefused(
                task_id=tid, at=_at(cal.add_working_days(t0, 1), 9), actor=lead,
                reason="Nhiệm vụ không thuộc chức năng, nhiệm vụ của đơn vị; đề nghị giao "
                       "cơ quan chuyên môn phù hợp"))
            return self._cut(events)
        accepted = self.working_day_after(t0, 0, 2)
        events.append(TaskAccepted(task_id=tid, at=_at(accepted, 10), actor=lead))
        due = task.due_date
        if due is None:
            day = accepted
            for pct in (20, 40, 60):
                day = self.working_day_after(day, 15, 30)
                events.append(ProgressReported(task_id=tid, at=_at(day, 15), actor=lead,
                                               percent=pct, note=rng.choice(_NOTES_PROGRESS)))
            return self._cut(events)
        outcome = rng.choices(
            ["on_time", "late", "extended", "rejected", "open", "paused", "cancelled"],
            weights=[50, 14, 9, 4, 15, 4, 2])[0]
        if outcome == "open" and due < self.today - timedelta(days=60) and rng.random() < 0.8:
            outcome = "late"  # offices chase old overdue work: most of it gets done
        budget = max(0, cal.working_days_between(accepted, due))
        progress_day = accepted
        if budget >= 4:
            progress_day = cal.add_working_days(accepted, max(1, budget // 3))
            events.append(ProgressReported(task_id=tid, at=_at(progress_day, 15), actor=lead,
                                           percent=rng.choice((30, 40, 50)),
                                           note=rng.choice(_NOTES_PROGRESS)))
        if outcome == "cancelled":
            day = self.working_day_after(progress_day, 1, 5)
            events.append(TaskCancelled(task_id=tid, at=_at(day, 16), actor="VP",
                                        reason="Nội dung đã được xử lý tại văn bản khác"))
            return self._cut(events)
        if outcome in ("extended", "rejected"):
            ask = max(cal.roll_backward(cal.add_working_days(due, -2)), progress_day)
            if ask > due:
                ask = due
            new_due = cal.add_working_days(due, rng.choice((5, 10, 15)))
            events.append(ExtensionRequested(
                task_id=tid, at=_at(ask, 16), actor=lead, requested_due=new_due,
                reason="Cần thêm thời gian lấy ý kiến các sở, ngành và địa phương"))
            decided = cal.add_working_days(ask, 1)
            if outcome == "extended":
                events.append(ExtensionApproved(task_id=tid, at=_at(decided, 9), actor="VP",
                                                new_due=new_due, decider="Chủ tịch UBND tỉnh"))
                done = cal.add_working_days(new_due, -rng.randint(0, 3))
            else:
                events.append(ExtensionRejected(task_id=tid, at=_at(decided, 9), actor="VP",
                                                decider="Phó Chủ tịch UBND tỉnh",
                                                reason="Đề nghị khẩn trương hoàn thành đúng "
                                                       "thời hạn"))
                done = cal.add_working_days(due, rng.randint(1, 8))
            done = max(done, decided)
        elif outcome == "paused":
            pause = max(progress_day, cal.add_working_days(accepted, 1))
            if pause > due:
                pause = progress_day
            resume = cal.add_working_days(pause, rng.randint(3, 8))
            events.append(TaskPaused(task_id=tid, at=_at(pause, 11), actor=lead,
                                     reason="Chờ ý kiến thẩm định của bộ, ngành Trung ương",
                                     waiting_on="VP"))
            events.append(TaskResumed(task_id=tid, at=_at(resume, 8, 15), actor=lead))
            shift = cal.working_days_between(pause, resume) if pause <= due else 0
            done = cal.add_working_days(due, shift)
            done = max(done, cal.add_working_days(resume, 1))
        elif outcome == "late":
            done = cal.add_working_days(due, rng.randint(1, 12))
        elif outcome == "open":
            done = None
        else:
            done = cal.add_working_days(due, -rng.randint(0, max(0, min(5, budget - 1))))
        last = events[-1].on
        if done is not None:
            done = max(done, last)
            before = cal.add_working_days(done, -1)
            if before > last:
                events.append(ProgressReported(task_id=tid, at=_at(before, 15), actor=lead,
                                               percent=90, note="Cơ bản hoàn thành"))
            events.append(TaskCompleted(
                task_id=tid, at=_at(done, 16, 30), actor=lead, completed_on=done,
                evidence=f"Báo cáo số {rng.randint(100, 999)}/BC-{lead}"))
        elif rng.random() < 0.5:
            day = self.working_day_after(max(last, progress_day), 3, 10)
            if day > last:
                events.append(ProgressReported(task_id=tid, at=_at(day, 15), actor=lead,
                                               percent=70, note="Đang hoàn thiện hồ sơ"))
        return self._cut(events)

    def periodic_life(self, task: Task, rng: random.Random) -> list[TaskEvent]:
        """
        Return the events of a periodic duty up to today: each occurrence due by today
        is sent on time (most), late, or not at all, with its ``occurrence`` key.
        """
        cal, tid, lead = self.cal, task.id, task.lead_unit
        t0 = task.assigned_on
        accepted = cal.add_working_days(t0, 1)
        events: list[TaskEvent] = [
            TaskAssigned(task_id=tid, at=_at(t0, 8, 30), actor="VP"),
            TaskAccepted(task_id=tid, at=_at(accepted, 10), actor=lead)]
        for occ in series_of(task).occurrences(self.today, calendar=cal):
            if occ.due > self.today:
                break
            roll = rng.random()
            if roll < 0.78:
                done = occ.due - timedelta(days=rng.randint(0, 4))
            elif roll < 0.93:
                done = cal.add_working_days(occ.due, rng.randint(1, 6))
            else:
                continue  # never sent: this occurrence stays overdue
            done = max(done, accepted)
            if done > self.today:
                continue
            events.append(TaskCompleted(
                task_id=tid, at=_at(done, 16, 30), actor=lead, completed_on=done,
                evidence=f"Báo cáo số {rng.randint(100, 999)}/BC-{lead}",
                occurrence=occ.key))
        events[2:] = sorted(events[2:], key=lambda e: e.at)
        return self._cut(events)

    def _cut(self, events: list[TaskEvent]) -> list[TaskEvent]:
        """Keep events in strict time order and drop those after today."""
        ordered: list[TaskEvent] = []
        for event in events:
            if ordered and event.at <= ordered[-1].at:
                event = attrs.evolve(event, at=ordered[-1].at + timedelta(minutes=5))
            ordered.append(event)
        return [e for e in ordered if e.on <= self.today]


def _phrase(template: str, anchor: date, rng: random.Random) -> str:
    """Fill a deadline template so the deadline lies after *anchor*."""
    q = (anchor.month - 1) // 3 + 1
    y = anchor.year
    if rng.random() < 0.5 and q < 4:
        q += 1
    m = min(12, anchor.month + rng.randint(0, 1))
    nm = anchor.month + 1 if anchor.month < 12 else 12
    d = min(28, max(anchor.day + 5, 10)) if m == anchor.month else rng.randint(5, 28)
    if m == anchor.month and d <= anchor.day:
        m = min(12, m + 1)
    if "30/{next_m}" in template and nm == 2:
        nm = 3
    return template.format(y=y, q=_ROMAN[q - 1], m=m, next_m=nm, d=d)


def build_demo(store: Store, *, seed: int = 2026, today: date,
               calendar: WorkingCalendar | None = None, directives: int = 24,
               progress: Callable[[int], None] | None = None) -> DemoSummary:
    """
    Fill an empty *store* with a synthetic province's directives, tasks and events.

    Args:
        store: an empty store (units, directives and tasks are added, never replaced).
        seed: the random seed; the same seed and *today* give the same data.
        today: the demo's today; the simulated year is the 365 days before it, and no
            event is dated after it.
        calendar: the working-day calendar (default ``vietnam_calendar()``).
        directives: how many directives to issue over the year (1–10000).
        progress: called with the number of tasks written after each batch (for a
            progress bar).

    Returns:
        A :class:`DemoSummary` of what was written.

    Raises:
        InvalidTypeError: *today* is not a date, *seed* or *directives* not an int.
        ValidationError: *today* before 2025-07-01 (the demo shows the 2025
            reorganisation) or after 2099-06-30, or *directives* out of range.
        DuplicateIdError: the store already holds the demo's units or directives.

    .. versionadded:: 0.1.0
    """
    check_date(today, "today")
    check_int(seed, "seed")
    check_int(directives, "directives", minimum=1, maximum=10_000)
    if not isinstance(store, Store):
        raise InvalidTypeError("store", store, "a directive_tracker.storage.Store")
    if not date(2025, 7, 1) <= today <= date(2099, 6, 30):
        raise ValidationError(
            f"today must be between 2025-07-01 and 2099-06-30 for the demo (it shows the "
            f"2025 reorganisation), got {today.isoformat()}", param_name="today", value=today)
    cal = vietnam_calendar() if calendar is None else calendar
    rng = random.Random(seed)
    builder = _Builder(rng, cal, today)
    # Periodic duties draw from their own generator, so that the one-off tasks are the
    # same as before periodic duties were judged per occurrence.
    periodic_rng = random.Random(seed * 7919 + 13)
    first_day = today - timedelta(days=365)

    units = _units()
    successions = _successions()
    with store.transaction():
        for unit in units:
            store.add_unit(unit)
        for succession in successions:
            store.add_succession(succession)

    docs: list[Directive] = []
    items: list[tuple[Task, Sequence[TaskEvent]]] = []
    legacy = _legacy(builder)
    docs.append(legacy[0])
    items.extend(legacy[1])

    # Most directives spread over the year; a fifth in the last month, so that today has
    # tasks in progress, due soon and just overdue.
    recent = directives // 5
    issue_days = sorted(
        [cal.roll_forward(first_day + timedelta(days=rng.randint(0, 330)))
         for _ in range(directives - recent)]
        + [cal.roll_backward(today - timedelta(days=rng.randint(3, 30))) for _ in range(recent)])
    counters: dict[str, int] = {}
    task_no = len(items)
    for k, issued in enumerate(issue_days, 1):
        fmt, origin, summary = _DIRECTIVES[rng.randrange(len(_DIRECTIVES))]
        number = None
        if fmt:
            counters[fmt] = counters.get(fmt, rng.randint(3, 40) if "CT" in fmt
                                         else rng.randint(100, 900)) + rng.randint(1, 12)
            number = DocumentNumber.parse(fmt.format(n=counters[fmt]))
        received = cal.add_working_days(issued, rng.randint(0, 1))
        directive = Directive(
            id=f"VB-{issued.year}-{k:03d}", number=number, origin=origin, issuer="UBND",
            signer=rng.choice(("Chủ tịch UBND tỉnh", "Phó Chủ tịch Thường trực UBND tỉnh",
                               "Phó Chủ tịch UBND tỉnh")),
            issue_date=issued, received_date=received, summary=summary)
        docs.append(directive)
        for template in rng.sample(_TASKS, rng.randint(2, 5)):
            lead, content, phrase = template
            text = _phrase(phrase, received, rng)
            rule = parse_deadline(text)
            anchor = directive.anchor_for(rule, received)
            due = rule.due_date(anchor, cal)
            if due is not None and due <= cal.add_working_days(received, 3):
                continue  # e.g. "6 tháng đầu năm" read in August: not a sensible task
            task_no += 1
            others = [c for c, _ in _DEPARTMENTS if c != lead]
            task = Task(
                id=f"NV-{task_no:04d}", directive_id=directive.id,
                content=content.format(y=received.year), lead_unit=lead,
                coordinating_units=tuple(rng.sample(others, rng.randint(0, 2))),
                deadline=rule, anchor=anchor, due_date=due, assigned_on=received,
                priority=rng.choices(list(Priority), weights=[70, 22, 8])[0])
            events = builder.life(task, lead)
            if is_periodic(task):  # drawn above all the same: the other tasks keep theirs
                events = builder.periodic_life(task, periodic_rng)
                check_history(task, events, calendar=cal)
            else:
                fold(task, events, calendar=cal)
            items.append((task, events))

    duties = _reporting_duties(builder, first_day, periodic_rng)
    docs.append(duties[0])
    items.extend(duties[1])

    with store.transaction():
        for directive in docs:
            store.add_directive(directive)
    written = 0
    batch = 25
    for i in range(0, len(items), batch):
        chunk = items[i:i + batch]
        store.add_tasks_bulk(chunk)
        written += len(chunk)
        if progress is not None:
            progress(len(chunk))
    return DemoSummary(today=today, first_day=first_day, units=len(units),
                       successions=len(successions), directives=len(docs), tasks=written,
                       events=sum(len(ev) for _, ev in items))


def _units() -> list[Unit]:
    units = [Unit(code="UBND", name=f"Ủy ban nhân dân tỉnh {PROVINCE_NAME}",
                  kind=UnitKind.PROVINCIAL_COMMITTEE)]
    new_departments = {"SNNMT": _MERGE_DEPARTMENTS}
    units += [Unit(code=code, name=name, kind=UnitKind.DEPARTMENT, parent="UBND",
                   valid_from=new_departments.get(code)) for code, name in _DEPARTMENTS]
    units += [Unit(code=code, name=name, kind=UnitKind.COMMUNE, parent="UBND",
                   valid_from=_TWO_TIERS) for code, name in _COMMUNES]
    units += [Unit(code=code, name=name, kind=kind, parent="UBND", valid_to=last)
              for code, name, kind, last in _FORMER_UNITS]
    return units


def _successions() -> list[Succession]:
    return [Succession(kind=kind, predecessors=pre, successors=post, effective=eff,
                       receiver=receiver, document=doc, note=note)
            for kind, pre, post, eff, receiver, doc, note in _SUCCESSIONS]


def _legacy(builder: _Builder) -> tuple[Directive, list[tuple[Task, Sequence[TaskEvent]]]]:
    """A directive of January 2025 whose open tasks passed to the successors."""
    cal = builder.cal
    issued = date(2025, 1, 15)
    directive = Directive(
        id="VB-2025-000", number=DocumentNumber.parse("02/CT-UBND"),
        origin=DirectiveOrigin.DOCUMENT, issuer="UBND", signer="Chủ tịch UBND tỉnh",
        issue_date=issued, received_date=issued,
        summary="Chỉ thị về các nhiệm vụ, giải pháp trọng tâm năm 2025")
    specs = (
        ("NV-0001", "SKHDT", "STC", _MERGE_DEPARTMENTS, "Xây dựng kế hoạch đầu tư công trung "
         "hạn giai đoạn 2026-2030", "trong năm 2025"),
        ("NV-0002", "STNMT", "SNNMT", _MERGE_DEPARTMENTS, "Hoàn thành cấp giấy chứng nhận "
         "quyền sử dụng đất lần đầu còn tồn đọng", "6 tháng đầu năm 2025"),
        ("NV-0003", "HTL", "XTL", _TWO_TIERS, "Bàn giao hồ sơ, tài liệu và trụ sở của UBND "
         "huyện cho các xã mới", "trong quý III/2025"),
    )
    items: list[tuple[Task, Sequence[TaskEvent]]] = []
    for tid, old, new, effective, content, phrase in specs:
        rule = parse_deadline(phrase)
        task = Task(id=tid, directive_id=directive.id, content=content, lead_unit=old,
                    deadline=rule, anchor=issued, due_date=rule.due_date(issued, cal),
                    assigned_on=issued, priority=Priority.IMPORTANT)
        document = next(s[5] for s in _SUCCESSIONS if old in s[1])
        accepted = cal.add_working_days(issued, 1)
        moved = cal.roll_forward(effective)
        events: list[TaskEvent] = [
            TaskAssigned(task_id=tid, at=_at(issued, 8, 30), actor="VP"),
            TaskAccepted(task_id=tid, at=_at(accepted, 10), actor=old),
            ProgressReported(task_id=tid, at=_at(cal.add_working_days(issued, 15), 15),
                             actor=old, percent=30, note="Đang tổng hợp số liệu"),
            TaskTransferred(task_id=tid, at=_at(moved, 8), actor="VP", from_unit=old,
                            to_unit=new, document=document,
                            note="Chuyển giao nhiệm vụ cho cơ quan kế thừa (NQ 190/2025/QH15)"),
        ]
        assert task.due_date is not None
        done = cal.add_working_days(task.due_date, builder.rng.randint(-10, 12))
        if done > moved:
            events.append(TaskCompleted(task_id=tid, at=_at(done, 16), actor=new,
                                        completed_on=done, evidence=f"Báo cáo của {new}"))
        events = builder._cut(events)
        fold(task, events, calendar=cal)
        items.append((task, events))
    return directive, items


#: The periodic reporting duties of the province's reporting regime (Decree 09/2019):
#: (task id, lead unit, content, deadline phrase).
_DUTIES: Final = (
    ("BC-THANG-STC", "STC", "Báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã "
     "hội và giải ngân vốn đầu tư công", "trước ngày 20 hằng tháng"),
    ("BC-THANG-VP", "VP", "Báo cáo kết quả thực hiện nhiệm vụ UBND tỉnh giao",
     "trước ngày 20 hằng tháng"),
    ("BC-QUY-SNV", "SNV", "Báo cáo công tác cải cách hành chính",
     "định kỳ hằng quý, trước ngày 15 của tháng cuối quý"),
)


def _reporting_duties(builder: _Builder, first_day: date, rng: random.Random
                      ) -> tuple[Directive, list[tuple[Task, Sequence[TaskEvent]]]]:
    """The province's reporting regime: monthly reports due the 20th, a quarterly one."""
    cal = builder.cal
    issued = cal.roll_forward(first_day)
    directive = Directive(
        id="VB-BCDK", number=DocumentNumber.parse("15/QĐ-UBND"),
        origin=DirectiveOrigin.DOCUMENT, issuer="UBND", signer="Chủ tịch UBND tỉnh",
        issue_date=issued, received_date=issued,
        summary="Quyết định ban hành Quy chế chế độ báo cáo định kỳ trên địa bàn tỉnh "
                "(Nghị định 09/2019/NĐ-CP)")
    items: list[tuple[Task, Sequence[TaskEvent]]] = []
    for tid, lead, content, phrase in _DUTIES:
        rule = parse_deadline(phrase)
        task = Task(id=tid, directive_id=directive.id, content=content, lead_unit=lead,
                    deadline=rule, anchor=issued, due_date=rule.due_date(issued, cal),
                    assigned_on=issued, priority=Priority.IMPORTANT)
        events = builder.periodic_life(task, rng)
        check_history(task, events, calendar=cal)
        items.append((task, events))
    return directive, items
