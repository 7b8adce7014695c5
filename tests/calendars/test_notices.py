# SPDX-License-Identifier: MIT
"""
Provisional days, extra notice files, the data report, and lazy loading.

Facts used (domain brief §2.2, §10): Lunar New Year's Day 2027 is Sat 06/02/2027 and no
official Tết 2027 schedule was found, so python-holidays' five Tết days (04/02-10/02
with the weekend) are provisional; 01/01/2027 (a Friday) is fixed by the Labour Code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from directive_tracker.calendars import (
    NOTICES_ENV_VAR,
    CalendarPolicy,
    DayKind,
    NoticeFile,
    calendar_data_report,
    load_notices,
    vietnam_calendar,
)
from directive_tracker.exceptions import (
    InvalidTypeError,
    ProvisionalCalendarWarning,
    ValidationError,
)

#: A made-up province notice for 2027 (not an official document): Tết 2027 as in the
#: statutory expectation plus a swap Fri 12/02/2027 off / Sat 20/02/2027 worked.
NOTICE: dict[str, Any] = {
    "version": "2027.1-test",
    "format": 2,
    "years": [{"year": 2027, "decided_on": "2026-10-20", "source": "TB 1/TB-TEST, 20/10/2026"}],
    "entries": [
        {"date": "2027-02-12", "kind": "swapped_day_off", "swap_with": "2027-02-20",
         "reason_vi": "Nghỉ hoán đổi", "reason_en": "Swapped day off",
         "source": "TB 1/TB-TEST, 20/10/2026", "decided_on": "2026-10-20"},
        {"date": "2027-02-20", "kind": "makeup_working_day", "swap_with": "2027-02-12",
         "reason_vi": "Làm bù", "reason_en": "Make-up working day",
         "source": "TB 1/TB-TEST, 20/10/2026", "decided_on": "2026-10-20"},
    ],
}


def _write(tmp_path: Path, doc: dict[str, Any], name: str = "notice.json") -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return p


class TestProvisional:
    """2027 has no official schedule: its PM-decided days are marked dự kiến."""

    def test_tet_2027_is_provisional_new_year_is_not(self) -> None:
        """Mùng một (06/02/2027) is provisional with the Vietnamese basis; 01/01 is law."""
        cal = vietnam_calendar()
        tet, new_year = cal.day_info(date(2027, 2, 6)), cal.day_info(date(2027, 1, 1))
        assert (True, "dự kiến theo Bộ luật Lao động 2019, Điều 112 — chưa có thông báo "
                      "chính thức") == (tet.provisional, tet.basis_vi)
        assert (False, "Bộ luật Lao động 2019, Điều 112") == (new_year.provisional,
                                                               new_year.basis_vi)
        assert tet.basis_en.startswith("expected under Bộ luật Lao động 2019, Điều 112")

    def test_2026_is_confirmed(self) -> None:
        """Every 2026 day comes from a notice or the law: nothing provisional."""
        cal = vietnam_calendar()
        assert [] == [i.date for i in cal.special_days_in_year(2026) if i.provisional]

    def test_provisional_days_between(self) -> None:
        """(29/01/2027, 19/02/2027] holds the seven Tết-break days 04/02-10/02/2027."""
        cal = vietnam_calendar()
        got = [i.date for i in cal.provisional_days_between(date(2027, 1, 29),
                                                           date(2027, 2, 19))]
        assert [date(2027, 2, d) for d in range(4, 11)] == got
        assert got == [i.date for i in cal.provisional_days_between(date(2027, 2, 19),
                                                                   date(2027, 1, 29))]

    def test_warning_once_per_calendar(self) -> None:
        """The first provisional interval warns; later ones and confirmed ones do not."""
        cal = vietnam_calendar(policy=CalendarPolicy(culture_day_from=2040))  # fresh
        with pytest.warns(ProvisionalCalendarWarning, match="2027"):
            assert cal.warn_if_provisional(date(2027, 1, 29), date(2027, 2, 19))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert cal.warn_if_provisional(date(2027, 1, 29), date(2027, 2, 19))
            assert not cal.warn_if_provisional(date(2026, 1, 1), date(2026, 12, 31))

    def test_known_on_2025_makes_2026_tet_provisional(self) -> None:
        """Before TB 9441/TB-BNV (16/10/2025), Tết 2026 was the statutory expectation."""
        cal = vietnam_calendar()
        before = cal.as_known_on(date(2025, 10, 15)).day_info(date(2026, 2, 17))
        after = cal.as_known_on(date(2025, 10, 16)).day_info(date(2026, 2, 17))
        assert (True, False, "TB 9441/TB-BNV, 16/10/2025") == (
            before.provisional, after.provisional, after.source)


class TestNoticeFiles:
    """A province loads a notice without a new release."""

    def test_load_and_use(self, tmp_path: Path) -> None:
        """The swap applies, 2027 is confirmed, and the entries carry their decision date."""
        notice = load_notices(_write(tmp_path, NOTICE))
        cal = vietnam_calendar(notices=[notice])
        assert (False, True) == (cal.is_working_day(date(2027, 2, 12)),
                                 cal.is_working_day(date(2027, 2, 20)))
        info = cal.day_info(date(2027, 2, 12))
        assert (DayKind.SWAPPED_DAY_OFF, date(2026, 10, 20), False) == (
            info.kind, info.decided_on, info.provisional)
        assert not cal.day_info(date(2027, 2, 6)).provisional
        # As known before its decision date, the notice does not exist yet.
        past = cal.as_known_on(date(2026, 10, 19))
        assert (True, True) == (past.is_working_day(date(2027, 2, 12)),
                                past.day_info(date(2027, 2, 6)).provisional)

    def test_path_and_env(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A path works like a NoticeFile; the environment variable is read by default."""
        p = _write(tmp_path, NOTICE)
        assert vietnam_calendar(notices=[p]) is vietnam_calendar(notices=[load_notices(p)])
        monkeypatch.setenv(NOTICES_ENV_VAR, str(p))
        assert not vietnam_calendar().is_working_day(date(2027, 2, 12))
        report = calendar_data_report(until=2028)
        assert ((str(p), "2027.1-test", 2),) == report.files
        assert (True, False) == (2027 in report.confirmed_years,
                                 2027 in report.provisional_years)

    def test_report_default(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Bundled data only: version 2026.11.1, 1995-2026 confirmed, 2027-2028 provisional."""
        monkeypatch.delenv(NOTICES_ENV_VAR, raising=False)
        report = calendar_data_report(until=2028)
        assert ("2026.11.1", (), tuple(range(1995, 2027)), (2027, 2028), ()) == (
            report.data_version, report.files, report.confirmed_years,
            report.provisional_years, report.conflicts)
        assert "Năm dự kiến (chưa có thông báo chính thức): 2027–2028" in report.lines_vi()

    def test_conflict_reported(self, tmp_path: Path) -> None:
        """A file that makes the 2026 make-up Saturday a day off is reported (it wins)."""
        doc = {"version": "x", "entries": [
            {"date": "2026-01-10", "kind": "extra_day_off", "reason_vi": "Nghỉ",
             "reason_en": "Off", "source": "QĐ 9/QĐ-UBND", "decided_on": "2026-01-05"}]}
        cal = vietnam_calendar(notices=[_write(tmp_path, doc)])
        report = calendar_data_report(cal, until=2026)
        assert 1 == len(report.conflicts)
        assert "10/01/2026" in report.conflicts[0]
        assert not cal.is_working_day(date(2026, 1, 10))

    @pytest.mark.parametrize(("change", "match"), [
        ({"decided_on": None}, "must be a date"),
        ({"decided_on": "2026-13-01"}, "not an ISO date"),
        ({"source": None}, "missing 'source'"),
        ({"date": "2100-01-04"}, "outside the supported range"),
    ])
    def test_invalid_entries(self, tmp_path: Path, change: dict[str, Any], match: str) -> None:
        """Each entry must cite its document and decision date, within the range."""
        entry = {**NOTICE["entries"][0], "kind": "extra_day_off", **change}
        entry.pop("swap_with")
        with pytest.raises(ValidationError, match=match):
            load_notices(_write(tmp_path, {"version": "1", "entries": [entry]}))

    def test_missing_decided_on_and_bad_files(self, tmp_path: Path) -> None:
        """No decided_on key, bad JSON, unknown format, bad types: all refused."""
        entry = {k: v for k, v in NOTICE["entries"][0].items()
                 if k not in ("decided_on", "swap_with")} | {"kind": "extra_day_off"}
        with pytest.raises(ValidationError, match="missing 'decided_on'"):
            load_notices(_write(tmp_path, {"version": "1", "entries": [entry]}, "a.json"))
        (tmp_path / "b.json").write_text("{", encoding="utf-8")
        with pytest.raises(ValidationError, match="not valid JSON"):
            load_notices(tmp_path / "b.json")
        with pytest.raises(ValidationError, match="unsupported format"):
            load_notices(_write(tmp_path, {**NOTICE, "format": 9}, "c.json"))
        with pytest.raises(FileNotFoundError):
            load_notices(tmp_path / "missing.json")
        with pytest.raises(InvalidTypeError):
            load_notices(42)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            vietnam_calendar(notices="x.json")  # type: ignore[arg-type]

    def test_notice_file_is_hashable_value(self, tmp_path: Path) -> None:
        """Equal files give equal NoticeFile values (they key the calendar cache)."""
        a = load_notices(_write(tmp_path, NOTICE, "a.json"))
        assert isinstance(a, NoticeFile)
        assert hash(a) == hash(load_notices(tmp_path / "a.json"))


class TestBundledDecisionDates:
    """Every bundled entry states its decision date, or says why it is unknown."""

    def test_every_entry_has_decided_on(self) -> None:
        """CV 12729/VPCP-KGVX entries are dated 25/12/2025; nulls carry a note."""
        from importlib import resources

        raw = json.loads(resources.files("directive_tracker.data").joinpath(
            "vn_official_days.json").read_text(encoding="utf-8"))
        bad = [e["date"] for e in raw["entries"] if "decided_on" not in e
               or (e["decided_on"] is None and not e.get("decided_on_note"))]
        assert [] == bad
        cv = {e["decided_on"] for e in raw["entries"] if "CV 12729" in e["source"]}
        assert {"2025-12-25"} == cv


def test_import_is_lazy() -> None:
    """Importing the package parses no notice data, builds no calendar, imports no
    python-holidays, numpy or pandas."""
    code = ("import sys, directive_tracker, directive_tracker.calendars as c; "
            "print(c._bundled_unlocked.cache_info().currsize, "
            "c._build_cached.cache_info().currsize, c._holidays_days.cache_info().currsize, "
            "sorted(m for m in ('holidays', 'numpy', 'pandas') if m in sys.modules))")
    env = {k: v for k, v in os.environ.items() if k != NOTICES_ENV_VAR}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120, env=env)
    assert "0 0 0 []" == out.stdout.strip()


def test_preview_impact_of_a_loaded_notice(tmp_path: Path) -> None:
    """Loading a notice and previewing it moves an open deadline by the closure.

    "trong 10 ngày làm việc" from Thu 08/10/2026: 09, 12-16, 19-22 -> Thu 22/10; with
    Fri 16/10 closed by the notice: 09, 12-15, 19-23 -> Fri 23/10 (one working day).
    """
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from directive_tracker import calendar_change_impact
    from directive_tracker.directives import Directive
    from directive_tracker.services import assign_task, register_directive, register_unit
    from directive_tracker.storage import MemoryStore
    from directive_tracker.units import Unit, UnitKind

    cal = vietnam_calendar()
    store = MemoryStore()
    register_unit(store, Unit(code="SXD", name="Sở Xây dựng", kind=UnitKind.DEPARTMENT))
    register_directive(store, Directive(id="CD", issuer="UBND", issue_date=date(2026, 10, 8),
                                        summary="Ứng phó bão"))
    assign_task(store, cal, directive_id="CD", task_id="T", lead_unit="SXD", content="Kiểm tra",
                deadline="trong 10 ngày làm việc", actor="vt",
                clock=lambda: datetime(2026, 10, 8, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    doc = {"version": "p1", "entries": [
        {"date": "2026-10-16", "kind": "extra_day_off", "reason_vi": "Nghỉ tránh bão",
         "reason_en": "Typhoon", "source": "QĐ 15/QĐ-UBND", "decided_on": "2026-10-09"}]}
    new = vietnam_calendar(notices=[_write(tmp_path, doc)])
    impact = calendar_change_impact(store, cal, new, as_of=date(2026, 10, 9))
    assert ((date(2026, 10, 16),), [("T", date(2026, 10, 22), date(2026, 10, 23), 1)]) == (
        impact.changed_days, [(r.task_id, r.current_due_old, r.current_due_new,
                               r.shift_working_days) for r in impact.rows])


def test_provisional_note() -> None:
    """The note names the provisional span (Tết 2027 break 04/02-10/02); none for 2026."""
    cal = vietnam_calendar()
    note = cal.provisional_note(date(2027, 1, 29), date(2027, 2, 19))
    assert note is not None
    assert ("Lưu ý: thời hạn được tính qua ngày nghỉ dự kiến, chưa có thông báo chính thức "
            "(04/02/2027–10/02/2027); hạn có thể thay đổi khi có thông báo.") == note[0]
    assert cal.provisional_note(date(2026, 1, 1), date(2026, 12, 31)) is None


def test_undecided_later_file_keeps_the_earlier_notice(tmp_path: Path) -> None:
    """A file that cancels the 10/01/2026 make-up Saturday, decided 05/01/2026, does not
    exist as known on 04/01/2026: the bundled swap (CV 12729/VPCP-KGVX, 25/12/2025) holds."""
    doc = {"version": "x", "entries": [
        {"date": "2026-01-10", "kind": "extra_day_off", "reason_vi": "Nghỉ",
         "reason_en": "Off", "source": "QĐ 9/QĐ-UBND", "decided_on": "2026-01-05"}]}
    cal = vietnam_calendar(notices=[_write(tmp_path, doc)])
    got = [cal.as_known_on(date(2026, 1, d)).day_info(date(2026, 1, 10)).kind for d in (4, 5)]
    assert [DayKind.MAKEUP_WORKING_DAY, DayKind.EXTRA_DAY_OFF] == got
