# SPDX-License-Identifier: MIT
"""The bundled official-notice data file and its loader's checks."""

from __future__ import annotations

import json
from datetime import date, timedelta
from importlib import resources
from typing import Any

import pytest

from directive_tracker.calendars import WorkingCalendar, _load_official_data
from directive_tracker.exceptions import ValidationError

#: Every swap of domain.md §2.3, 2018-2026: (weekday off, Saturday worked).
SWAPS = [(date(2018, 12, 31), date(2019, 1, 5)), (date(2019, 4, 29), date(2019, 5, 4)),
         (date(2024, 4, 29), date(2024, 5, 4)), (date(2025, 5, 2), date(2025, 4, 26)),
         (date(2026, 1, 2), date(2026, 1, 10)), (date(2026, 8, 31), date(2026, 8, 22))]


def _raw() -> dict[str, Any]:
    text = resources.files("directive_tracker.data").joinpath("vn_official_days.json") \
        .read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


class TestBundledData:
    """The data file holds every swap of the domain brief, citing its document."""

    def test_every_swap_present(self) -> None:
        """Each swap appears as a swapped day off and a make-up Saturday pointing at each other."""
        entries = {e["date"]: e for e in _raw()["entries"]}
        actual = []
        for off, worked in SWAPS:
            e_off, e_work = entries[off.isoformat()], entries[worked.isoformat()]
            actual.append((e_off["kind"], e_off["swap_with"], e_work["kind"], e_work["swap_with"]))
        expected = [("swapped_day_off", w.isoformat(), "makeup_working_day", o.isoformat())
                    for o, w in SWAPS]
        assert expected == actual

    def test_every_entry_cites_a_source(self) -> None:
        """No entry lacks its deciding document or a bilingual reason."""
        bad = [e for e in _raw()["entries"]
               if not (e.get("source") and e.get("reason_vi") and e.get("reason_en"))]
        assert [] == bad

    def test_swaps_and_makeups_agree_in_calendar(self,
                                                 default_calendar: WorkingCalendar) -> None:
        """Each swapped weekday is off and each make-up Saturday is worked."""
        expected = [(False, True)] * len(SWAPS)
        actual = [(default_calendar.is_working_day(o), default_calendar.is_working_day(w))
                  for o, w in SWAPS]
        assert expected == actual


def _doc(*entries: dict[str, Any], version: Any = "1") -> str:
    return json.dumps({"version": version, "entries": list(entries)})


GOOD = {"date": "2026-01-02", "kind": "extra_day_off", "reason_vi": "Nghỉ",
        "reason_en": "Off", "source": "QĐ 1"}


class TestLoader:
    """The loader refuses malformed data with a message naming the entry."""

    def test_good(self) -> None:
        """A minimal valid document loads."""
        version, infos = _load_official_data(_doc(GOOD))
        assert ("1", [date(2026, 1, 2)]) == (version, [i.date for i in infos])

    @pytest.mark.parametrize(("text", "match"), [
        (json.dumps([]), "string 'version'"),
        (_doc(GOOD, version=3), "string 'version'"),
        (json.dumps({"version": "1", "entries": {}}), "'entries' must be a list"),
        (_doc("x"), "entry 0: expected an object"),  # type: ignore[arg-type]
        (_doc({**GOOD, "date": "02/01/2026"}), "not an ISO date"),
        (_doc({**GOOD, "date": 20260102}), "expected an ISO date string"),
        (_doc({**GOOD, "kind": "strike"}), "unknown kind"),
        (_doc({**GOOD, "kind": "weekend"}), "not allowed"),
        (_doc(GOOD, GOOD), "entry 1: duplicate date"),
        (_doc({**GOOD, "kind": "makeup_working_day", "swap_with": "2026-01-02"}),
         "is a weekday"),
        (_doc({**GOOD, "date": "2026-01-10", "kind": "swapped_day_off",
               "swap_with": "2026-01-02"}), "is a weekend day"),
        (_doc({**GOOD, "kind": "swapped_day_off"}), "needs 'swap_with'"),
        (_doc({**GOOD, "kind": "swapped_day_off", "swap_with": "2026-01-10"}), "not mutual"),
    ])
    def test_bad(self, text: str, match: str) -> None:
        """Each kind of malformed data raises ValidationError with a precise message."""
        with pytest.raises(ValidationError, match=match):
            _load_official_data(text)

    def test_bad_text_field(self) -> None:
        """An empty reason is refused."""
        with pytest.raises(ValidationError):
            _load_official_data(_doc({**GOOD, "reason_vi": ""}))


class TestBulkBackends:
    """The numpy and pure-Python bulk paths give identical results."""

    def test_numpy_equals_python(self, default_calendar: WorkingCalendar) -> None:
        """Over 5,000 mixed offsets both paths agree with each other and the scalar API."""
        pytest.importorskip("numpy")
        dates = [date(2000, 1, 1) + timedelta(days=(k * 7919) % 36000) for k in range(5000)]
        ns = [(k * 31) % 601 - 300 for k in range(5000)]
        pos = [default_calendar._index(d) for d in dates]
        expected = [default_calendar.add_working_days(d, n) for d, n in zip(dates, ns,
                                                                              strict=True)]
        assert expected == default_calendar._add_many_python(dates, pos, ns)
        assert expected == default_calendar._add_many_numpy(dates, pos, ns)
        assert expected == default_calendar.add_working_days_many(dates, ns)
        scalar_n = [default_calendar.add_working_days(d, -7) for d in dates]
        assert scalar_n == default_calendar._add_many_numpy(dates, pos, -7)
        assert scalar_n == default_calendar._add_many_python(dates, pos, -7)

    def test_between_many_accepts_iterables(self, default_calendar: WorkingCalendar) -> None:
        """Generators work for both bounds: (13/02, 23/02/2026] spans Tết, 1 working day."""
        starts = (d for d in [date(2026, 2, 13), date(2026, 1, 9)])
        ends = (d for d in [date(2026, 2, 23), date(2026, 1, 12)])
        assert [1, 2] == default_calendar.working_days_between_many(
            starts, ends)  # type: ignore[arg-type]

    def test_large_between(self, default_calendar: WorkingCalendar) -> None:
        """working_days_between_many over 5,000 pairs equals the scalar form."""
        starts = [date(2000, 1, 1) + timedelta(days=(k * 7919) % 36000) for k in range(5000)]
        ends = [date(2000, 1, 1) + timedelta(days=(k * 104729) % 36000) for k in range(5000)]
        expected = [default_calendar.working_days_between(s, e)
                    for s, e in zip(starts, ends, strict=True)]
        assert expected == default_calendar.working_days_between_many(starts, ends)

    def test_large_result_out_of_range(self, default_calendar: WorkingCalendar) -> None:
        """The numpy path also refuses results beyond the range, naming the item."""
        from directive_tracker.exceptions import DateOutOfRangeError

        dates = [date(2026, 1, 5)] * 4999 + [date(2099, 12, 30)]
        with pytest.raises(DateOutOfRangeError, match=r"dates\[4999\]"):
            default_calendar.add_working_days_many(dates, 5)

    @pytest.mark.parametrize("n", [10**30, -(10**30), 2**63, -(2**63) - 1])
    def test_large_n_beyond_int64(self, default_calendar: WorkingCalendar, n: int) -> None:
        """An n too big for numpy's int64 raises DateOutOfRangeError, not OverflowError."""
        from directive_tracker.exceptions import DateOutOfRangeError

        dates = [date(2026, 1, 5)] * 5000
        with pytest.raises(DateOutOfRangeError, match=r"^dates\[0\]"):
            default_calendar.add_working_days_many(dates, n)
        with pytest.raises(DateOutOfRangeError, match=r"^dates\[4999\]"):
            default_calendar.add_working_days_many(dates, [1] * 4999 + [n])
