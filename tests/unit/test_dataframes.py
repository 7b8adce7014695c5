# SPDX-License-Identifier: MIT
"""
Issue 16 item 6: DataFrames with typed columns (dates as datetime64, statuses and
groups as ordered categoricals in Vietnamese or English, plain column names), for
every report and a task listing.

Expected labels are the official wordings written out here, not read from the code.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

import pytest

import directive_tracker as dt
from directive_tracker import reports, services
from directive_tracker._validators import VIETNAM_TZ
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.directives import Directive
from directive_tracker.renderers import tasks_dataframe, tasks_table, to_dataframe
from directive_tracker.reports import Column, Table
from directive_tracker.storage.memory import MemoryStore
from directive_tracker.units import Unit, UnitKind

pd = pytest.importorskip("pandas")

STATUS_EN = ["In progress, on time", "Due soon", "In progress, overdue", "Completed on time",
             "Completed late", "No deadline (ongoing)", "Paused", "Cancelled (recalled)",
             "Refused"]
STATUS_VI = ["Đang thực hiện trong hạn", "Sắp đến hạn", "Đang thực hiện quá hạn",
             "Đã hoàn thành đúng hạn", "Đã hoàn thành quá hạn", "Không có thời hạn",
             "Tạm dừng", "Đã thu hồi/hủy", "Từ chối"]
GROUP_EN = ["Completed on time", "Completed late", "Not completed, within the deadline",
            "Not completed, overdue"]
GROUP_CODES = ["completed_on_time", "completed_late", "not_completed_on_time",
               "not_completed_overdue"]
AS_OF = date(2024, 5, 20)


def _clock(d: date) -> Callable[[], datetime]:
    return lambda: datetime.combine(d, time(9), tzinfo=VIETNAM_TZ)


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    """
    Received Fri 26/04/2024; A, B, C "trong 10 ngày làm việc" -> due Tue 14/05/2024
    (29/04, 02, 03, 06, 07, 08, 09, 10, 13, 14: 30/04 and 01/05 are holidays); A done
    14/05 (on time), B done 16/05 (2 working days late), C open (on 20/05: 15, 16, 17,
    20 = 4 working days late); D "thường xuyên" (no deadline), open.
    """
    s = MemoryStore()
    cal = vietnam_calendar()
    services.register_unit(s, Unit(code="UBND", name="UBND tỉnh",
                                   kind=UnitKind.PROVINCIAL_COMMITTEE))
    for code, name in (("SNV", "Sở Nội vụ"), ("SYT", "Sở Y tế")):
        services.register_unit(s, Unit(code=code, name=name, kind=UnitKind.DEPARTMENT,
                                       parent="UBND"))
    services.register_directive(s, Directive(
        id="CT-05", issuer="UBND", issue_date=date(2024, 4, 25),
        received_date=date(2024, 4, 26), summary="Chỉ thị về kỷ luật hành chính"))
    for tid, lead, content, phrase in (
            ("A", "SNV", "Rà soát biên chế", "trong 10 ngày làm việc"),
            ("B", "SYT", "Kiểm tra an toàn thực phẩm", "trong 10 ngày làm việc"),
            ("C", "SNV", "Báo cáo sắp xếp trụ sở", "trong 10 ngày làm việc"),
            ("D", "SYT", "Giám sát dịch bệnh", "thường xuyên")):
        services.assign_task(s, cal, directive_id="CT-05", task_id=tid, content=content,
                             lead_unit=lead, deadline=phrase, actor="VP",
                             coordinating_units=("SYT",) if tid == "C" else (),
                             clock=_clock(date(2024, 4, 26)))
    services.complete_task(s, cal, "A", actor="SNV", clock=_clock(date(2024, 5, 14)))
    services.complete_task(s, cal, "B", actor="SYT", clock=_clock(date(2024, 5, 16)))
    return s


def _ordered(series: Any, categories: list[str]) -> None:
    assert isinstance(series.dtype, pd.CategoricalDtype)
    assert series.cat.ordered
    assert categories == list(series.cat.categories)


class TestTableConversion:
    def table(self) -> Table:
        return Table(name="t", title_vi="", title_en="", subtitle_vi="", subtitle_en="",
                     columns=(Column(key="id", label_vi="Mã", label_en="Id"),
                              Column(key="due", label_vi="Hạn", label_en="Due", kind="date"),
                              Column(key="late", label_vi="Trễ", label_en="Late", kind="int"),
                              Column(key="rate", label_vi="Tỷ lệ", label_en="Rate",
                                     kind="rate"),
                              Column(key="weighted_score@1", label_vi="Điểm",
                                     label_en="Score", kind="float"),
                              Column(key="status_vi", label_vi="Tình trạng",
                                     label_en="Status (Vietnamese)"),
                              Column(key="status_en", label_vi="Tình trạng (tiếng Anh)",
                                     label_en="Status")),
                     rows=(("T1", date(2026, 5, 8), 3, 0.5, 100.0, "Đã hoàn thành quá hạn",
                            "Completed late"),
                           ("T2", None, None, None, None, "Sắp đến hạn", "Due soon")))

    def test_english(self) -> None:
        """Plain names, one status column, datetime64[ns] with NaT, nullable Int64."""
        df = to_dataframe(self.table())
        assert ["id", "due", "late", "rate", "weighted_score_v1", "status"] == list(df.columns)
        assert "datetime64[ns]" == str(df["due"].dtype)
        assert pd.Timestamp("2026-05-08") == df["due"][0]
        assert pd.isna(df["due"][1])
        assert "Int64" == str(df["late"].dtype)
        assert "float64" == str(df["rate"].dtype)
        _ordered(df["status"], STATUS_EN)
        assert ["Completed late", "Due soon"] == list(df["status"].astype(str))
        # ordered: "Due soon" (2nd status) sorts before "Completed late" (5th)
        assert ["T2", "T1"] == list(df.sort_values("status")["id"])

    def test_vietnamese(self) -> None:
        """Vietnamese headers and Vietnamese status categories; no English column."""
        df = to_dataframe(self.table(), lang="vi")
        assert ["Mã", "Hạn", "Trễ", "Tỷ lệ", "Điểm", "Tình trạng"] == list(df.columns)
        _ordered(df["Tình trạng"], STATUS_VI)

    def test_table_method(self) -> None:
        """A Table has to_dataframe() too."""
        assert ["id", "due", "late", "rate", "weighted_score_v1", "status"] == list(
            self.table().to_dataframe().columns)

    def test_empty(self) -> None:
        """No rows: the columns and their types are still there."""
        t = self.table()
        import attrs

        df = to_dataframe(attrs.evolve(t, rows=()))
        assert 0 == len(df)
        assert "datetime64[ns]" == str(df["due"].dtype)
        _ordered(df["status"], STATUS_EN)


    def test_no_column_lost_to_a_name_clash(self) -> None:
        """'score@1' and 'score_v1' have one plain name: both columns are kept."""
        t = Table(name="t", title_vi="", title_en="", subtitle_vi="", subtitle_en="",
                  columns=(Column(key="score@1", label_vi="A", label_en="A", kind="int"),
                           Column(key="score_v1", label_vi="A", label_en="B", kind="int")),
                  rows=((1, 2),))
        assert ["score_v1", "score_v1_"] == list(to_dataframe(t).columns)
        assert [1, 2] == to_dataframe(t, lang="vi").iloc[0].tolist()


class TestEveryReport:
    def test_summary(self, store: MemoryStore) -> None:
        """Group codes and labels are ordered categoricals; one row per group."""
        df = reports.summary(store, vietnam_calendar(), as_of=AS_OF).to_dataframe()
        assert ["group", "label", "count", "share"] == list(df.columns)
        _ordered(df["group"], GROUP_CODES)
        _ordered(df["label"], GROUP_EN)
        assert [1, 1, 1, 1] == list(df["count"])

    def test_scoreboard(self, store: MemoryStore) -> None:
        """No '@' in any column name; the KPI is weighted_score_v1."""
        df = reports.scoreboard(store, vietnam_calendar(), as_of=AS_OF).to_dataframe()
        assert "weighted_score_v1" in df.columns
        assert all(c.replace("_", "").isalnum() and c.islower() for c in df.columns)
        assert {"SNV", "SYT"} == set(df["unit"])

    def test_overdue(self, store: MemoryStore) -> None:
        """C is overdue since 14/05/2024, 4 working days late on 20/05."""
        df = reports.overdue_list(store, vietnam_calendar(), as_of=AS_OF).to_dataframe()
        assert ["C"] == list(df["task_id"])
        assert "datetime64[ns]" == str(df["current_due"].dtype)
        assert pd.Timestamp("2024-05-14") == df["current_due"][0]
        assert [4] == list(df["working_days_late"])
        _ordered(df["status"], STATUS_EN)

    def test_upcoming(self, store: MemoryStore) -> None:
        """On 08/05/2024 A, B, C are due 14/05 (4 working days: 09, 10, 13, 14)."""
        df = reports.upcoming_deadlines(store, vietnam_calendar(),
                                        as_of=date(2024, 5, 8)).to_dataframe(lang="vi")
        assert ["A", "B", "C"] == sorted(df["Mã nhiệm vụ"])
        assert "datetime64[ns]" == str(df["Hạn hoàn thành"].dtype)
        assert [4, 4, 4] == list(df["Số ngày làm việc còn lại"])
        _ordered(df["Tình trạng"], STATUS_VI)

    def test_directive_progress(self, store: MemoryStore) -> None:
        """The issue date is a datetime64 column."""
        df = reports.directive_progress(store, vietnam_calendar(), as_of=AS_OF).to_dataframe()
        assert "datetime64[ns]" == str(df["issue_date"].dtype)
        assert pd.Timestamp("2024-04-25") == df["issue_date"][0]


class TestTaskListing:
    def test_tasks_dataframe(self, store: MemoryStore) -> None:
        """Every task with its status, group, dates and working days (hand-computed in
        the store fixture)."""
        df = tasks_dataframe(store, vietnam_calendar(), as_of=AS_OF)
        assert ["A", "B", "C", "D"] == list(df["task_id"])
        assert ["Completed on time", "Completed late", "In progress, overdue",
                "No deadline (ongoing)"] == list(df["status"].astype(str))
        _ordered(df["status"], STATUS_EN)
        _ordered(df["group"], GROUP_EN)
        assert ["Completed on time", "Completed late", "Not completed, overdue",
                "Not completed, within the deadline"] == list(df["group"].astype(str))
        assert "datetime64[ns]" == str(df["current_due"].dtype)
        assert [pd.Timestamp("2024-05-14")] * 3 == list(df["current_due"][:3])
        assert pd.isna(df["current_due"][3])
        assert [pd.Timestamp("2024-05-14"), pd.Timestamp("2024-05-16")] == list(
            df["completed_on"][:2])
        assert [0, 2, 4] == list(df["working_days_late"][:3])
        assert ["SYT"] == list(df["coordinating_units"].dropna())
        assert "Int64" == str(df["working_days_remaining"].dtype)

    def test_vietnamese_and_top_level(self, store: MemoryStore) -> None:
        """dt.tasks_dataframe is the same function; Vietnamese labels with lang="vi"."""
        df = dt.tasks_dataframe(store, vietnam_calendar(), as_of=AS_OF, lang="vi")
        assert "Tình trạng" in df.columns
        assert "Đã hoàn thành đúng hạn" == str(df["Tình trạng"][0])
        _ordered(df["Tình trạng"], STATUS_VI)

    def test_table_and_filters(self, store: MemoryStore) -> None:
        """tasks_table passes options to services.statuses (unit = lead on as_of)."""
        t = tasks_table(store, vietnam_calendar(), as_of=AS_OF, unit="SNV")
        assert ["A", "C"] == [r[0] for r in t.rows]

    def test_before_assignment(self, store: MemoryStore) -> None:
        """On 25/04/2024 no task exists yet: an empty, typed frame."""
        df = tasks_dataframe(store, vietnam_calendar(), as_of=date(2024, 4, 25))
        assert 0 == len(df)
        assert "datetime64[ns]" == str(df["assigned_on"].dtype)
