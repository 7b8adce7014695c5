# SPDX-License-Identifier: MIT
"""Tests for the report registry (directive_tracker.reports.REPORTS) and the presenter hook."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

import directive_tracker.reports as reports
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.exceptions import InvalidTypeError, ValidationError
from directive_tracker.reports import (
    REPORTS,
    Column,
    ReportResult,
    ReportSpec,
    Table,
    register_report,
    set_table_presenter,
)
from directive_tracker.storage.memory import MemoryStore


def test_registered_reports_in_cli_order() -> None:
    """The five reports under the command line's names, in its order."""
    assert ["scoreboard", "summary", "overdue", "directives", "upcoming"] == list(REPORTS)
    assert (reports.scoreboard, reports.summary, reports.overdue_list,
            reports.directive_progress, reports.upcoming_deadlines) == tuple(
        s.function for s in REPORTS.values())


def test_filters_match_the_signatures() -> None:
    """Each report accepts, as keywords, exactly the filters it declares."""
    for spec in REPORTS.values():
        params = inspect.signature(spec.function).parameters
        assert [] == [f for f in spec.filters if f not in params], spec.name
        assert [] == [f for f in ("period", "unit", "by")
                      if f in params and f not in spec.filters], spec.name


def test_every_report_runs_through_the_registry() -> None:
    """Every registered function runs as (store, calendar, *, as_of) on an empty store and
    returns a ReportResult whose table is empty (the summary: its four groups at 0)."""
    store, cal = MemoryStore(), vietnam_calendar()
    for spec in REPORTS.values():
        result = spec.function(store, cal, as_of=date(2026, 5, 15))
        assert isinstance(result, ReportResult)
        records = result.to_table().records()
        if spec.name == "summary":
            assert [0, 0, 0, 0] == [r["count"] for r in records]
        else:
            assert [] == records, spec.name


def test_titles() -> None:
    """A spec has a title in both languages."""
    assert ("Danh sách nhiệm vụ quá hạn", "Overdue tasks") == (
        REPORTS["overdue"].title("vi"), REPORTS["overdue"].title("en"))


def test_registry_is_read_only() -> None:
    """REPORTS is a read-only view: registration goes through register_report."""
    with pytest.raises(TypeError):
        REPORTS["x"] = REPORTS["summary"]  # type: ignore[index]


def test_register_checks() -> None:
    """Names are lower-case words, taken names need replace=True, filters are known."""
    fn = reports.summary
    with pytest.raises(ValidationError, match="already registered"):
        register_report(ReportSpec(name="summary", function=fn, title_vi="a", title_en="a"))
    with pytest.raises(ValidationError, match="lower-case"):
        register_report(ReportSpec(name="Báo cáo", function=fn, title_vi="a", title_en="a"))
    with pytest.raises(ValidationError, match="unknown report filters"):
        ReportSpec(name="x", function=fn, title_vi="a", title_en="a", filters={"colour"})
    with pytest.raises(InvalidTypeError):
        register_report("summary")  # type: ignore[arg-type]


@pytest.fixture
def restore_registry() -> Iterator[None]:
    saved = dict(REPORTS)
    yield
    reports.registry._REPORTS.clear()
    reports.registry._REPORTS.update(saved)


def test_register_a_new_report(restore_registry: None) -> None:
    """A new report is one registration away from REPORTS."""
    spec = register_report(ReportSpec(name="summary-2", function=reports.summary,
                                      title_vi="Tóm tắt", title_en="Summary", filters={"unit"}))
    assert spec is REPORTS["summary-2"]
    assert "summary-2" == list(REPORTS)[-1]


TABLE = Table(name="t", title_vi="BẢNG", title_en="TABLE", subtitle_vi="", subtitle_en="",
              columns=(Column(key="n", label_vi="Số", label_en="N", kind="int"),),
              rows=((1,),))


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def render_html(self, report: Table, *, lang: str = "vi") -> str:
        self.calls.append(("html", lang))
        return "<table/>"

    def to_dataframe(self, report: Table, *, lang: str = "en") -> Any:
        self.calls.append(("df", lang))
        return report.records()


@pytest.fixture
def presenter() -> Iterator[_Recorder]:
    from directive_tracker import _presenter

    saved = _presenter.loader
    rec = _Recorder()
    set_table_presenter(lambda: rec)
    yield rec
    _presenter.loader = saved


def test_display_goes_through_the_presenter(presenter: _Recorder) -> None:
    """_repr_html_ and to_dataframe call the installed presenter (reports import no
    renderer)."""
    summary = reports.summary(MemoryStore(), vietnam_calendar(), as_of=date(2026, 5, 15))
    assert "<table/>" == TABLE._repr_html_()
    assert "<table/>" == summary._repr_html_()
    assert [] == reports.upcoming_deadlines(
        MemoryStore(), vietnam_calendar(), as_of=date(2026, 5, 15)).to_dataframe()
    assert [("html", "vi"), ("html", "vi"), ("df", "en")] == presenter.calls


def test_no_presenter(presenter: _Recorder) -> None:
    """Without a presenter, display says how to install one."""
    set_table_presenter(None)
    with pytest.raises(NotImplementedError, match="set_table_presenter"):
        TABLE._repr_html_()
    with pytest.raises(InvalidTypeError):
        set_table_presenter("renderers")  # type: ignore[arg-type]


def test_default_presenter_is_the_renderers() -> None:
    """The composition root installs the renderers: HTML of a real table."""
    html = TABLE._repr_html_()
    assert "<table" in html
    assert "BẢNG" in html
