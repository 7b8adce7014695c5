# SPDX-License-Identifier: MIT
"""
The province policy stored in every backend (issue 15 item 4): ``get_settings`` /
``put_settings`` as documented on the Store ABC, and two processes opening one SQLite
file with different code counting the same due dates.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from directive_tracker.calendars import CalendarPolicy, DayOverride
from directive_tracker.exceptions import InvalidTypeError
from directive_tracker.lifecycle import LifecyclePolicy
from directive_tracker.settings import ProvincePolicy
from directive_tracker.storage import Store

TYPHOON = DayOverride(date=date(2026, 10, 15), working=False, reason_vi="Nghỉ do bão số 12",
                      reason_en="Typhoon closure", source="CĐ 05/CĐ-UBND, 14/10/2026",
                      decided_on=date(2026, 10, 14))
POLICY = ProvincePolicy(
    calendar=CalendarPolicy(culture_day_from=None, fixed_date_roll=True,
                            before_date_inclusive=False, period_end_roll=True),
    lifecycle=LifecyclePolicy(max_extensions=1, pause_extends_decided_due=False),
    overrides=(TYPHOON,), basis="QĐ 15/2026/QĐ-UBND, 02/03/2026")


class TestSettingsContract:
    def test_none_until_stored(self, store: Store) -> None:
        """A new store has no settings."""
        assert store.get_settings() is None

    def test_round_trip(self, store: Store) -> None:
        """What is put is what is got: every field, the override's decision date included."""
        store.put_settings(POLICY)
        got = store.get_settings()
        assert POLICY == got
        assert got is not None
        assert date(2026, 10, 14) == got.overrides[0].decided_on

    def test_replace(self, store: Store) -> None:
        """A second put replaces the first."""
        store.put_settings(POLICY)
        store.put_settings(ProvincePolicy())
        assert ProvincePolicy() == store.get_settings()

    def test_rolled_back_with_the_transaction(self, store: Store) -> None:
        """Inside a transaction that raises, the put is rolled back."""
        store.put_settings(ProvincePolicy())

        def put_then_fail() -> None:
            with store.transaction():
                store.put_settings(POLICY)
                raise RuntimeError("abort")

        with pytest.raises(RuntimeError, match="abort"):
            put_then_fail()
        assert ProvincePolicy() == store.get_settings()

    def test_type_checked(self, store: Store) -> None:
        """Only a ProvincePolicy is accepted."""
        with pytest.raises(InvalidTypeError):
            store.put_settings(POLICY.to_dict())  # type: ignore[arg-type]


_PROGRAM = r"""
import json, sys
from datetime import date
import directive_tracker as dt

url, mode = sys.argv[1], sys.argv[2]
if mode == "office":
    # A notebook: the Office facade, nothing configured in code.
    with dt.open(url) as office:
        cal = office.calendar
        due = {"wd": cal.add_working_days(date(2026, 10, 12), 5).isoformat(),
               "culture": cal.is_working_day(date(2026, 11, 24))}
else:
    # Another program: the store and the composition root, then the use-case functions.
    from directive_tracker.bootstrap import open_store, province_policy
    from directive_tracker.settings import read_deadline
    with open_store(url) as store:
        policy = province_policy(store)
    cal = policy.working_calendar()
    rule = read_deadline("trước ngày 21/02/2026", cal.policy)
    due = {"wd": cal.add_working_days(date(2026, 10, 12), 5).isoformat(),
           "culture": cal.is_working_day(date(2026, 11, 24)),
           "before": rule.due_date(date(2026, 2, 2), cal).isoformat()}
print(json.dumps(due))
"""


def _run(url: str, mode: str) -> dict[str, object]:
    proc = subprocess.run([sys.executable, "-c", _PROGRAM, url, mode], capture_output=True,
                          text=True, check=True, timeout=120,
                          env={**__import__("os").environ, "DIRECTIVE_TRACKER_NOTICES": ""})
    result: dict[str, object] = json.loads(proc.stdout)
    return result


class TestSharedAcrossProcesses:
    def test_two_programs_count_the_same(self, tmp_path: Path) -> None:
        """The province stores its policy once; two other processes read it back.

        Mon 12/10/2026 + 5 working days: 13, 14, (15 closed by the typhoon), 16, 19, 20/10
        → Tue 20/10/2026 (without the closure it would be Mon 19/10).  Culture Day
        24/11/2026 (a Tuesday) is a working day with ``culture_day_from=None``.
        "trước ngày 21/02/2026" read exclusively is Fri 20/02, a Tết day (TB 9441/TB-BNV,
        Tết 14–22/02/2026) which the stored reading moves back to Fri 13/02/2026.
        """
        from directive_tracker.bootstrap import open_store, sqlite_url

        url = sqlite_url(tmp_path / "tinh.sqlite3")
        with open_store(url) as store:
            store.put_settings(POLICY)
        a = _run(url, "office")
        b = _run(url, "root")
        assert {"wd": "2026-10-20", "culture": True} == a
        assert {"wd": "2026-10-20", "culture": True, "before": "2026-02-13"} == b

    def test_without_settings_the_defaults(self, tmp_path: Path) -> None:
        """No stored policy: the library's defaults (Mon 19/10; Culture Day off; 21/02)."""
        from directive_tracker.bootstrap import open_store, sqlite_url

        url = sqlite_url(tmp_path / "empty.sqlite3")
        with open_store(url):
            pass
        assert {"wd": "2026-10-19", "culture": False, "before": "2026-02-21"} == _run(
            url, "root")
