# SPDX-License-Identifier: MIT
"""
The library imports and counts without any time-zone database (Windows without tzdata).

The subprocess gets ``PYTHONTZPATH`` pointing at an empty folder (so zoneinfo finds no
system zone files) and a meta-path hook that makes ``import tzdata`` fail (the PyPI
``tzdata`` package is zoneinfo's other source).  The child first proves that
``ZoneInfo("Asia/Ho_Chi_Minh")`` really fails there, so the test cannot pass vacuously.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from directive_tracker._tz import VN_TZ, _FixedVietnamTZ

CHILD = r'''
import importlib.abc, json, sys

class _NoTzdata(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "tzdata" or name.startswith("tzdata."):
            raise ModuleNotFoundError(f"No module named {name!r} (hidden by the test)")
        return None

sys.meta_path.insert(0, _NoTzdata())
import zoneinfo
try:
    zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    has_db = True
except zoneinfo.ZoneInfoNotFoundError:
    has_db = False

from datetime import date, datetime, timezone
import directive_tracker as dt
from directive_tracker._tz import VN_TZ, vn_tz_is_fallback
from directive_tracker._validators import local_date

cal = dt.vietnam_calendar()
print(json.dumps({
    "has_db": has_db,
    "fallback": vn_tz_is_fallback(),
    "tz": str(VN_TZ),
    "due": cal.add_working_days(date(2026, 2, 13), 1).isoformat(),
    # 17:30 UTC on 31/12/2025 is 00:30 on 01/01/2026 in Vietnam.
    "local": local_date(datetime(2025, 12, 31, 17, 30, tzinfo=timezone.utc)).isoformat(),
    "offset": VN_TZ.utcoffset(None).total_seconds(),
}))
'''


def test_import_and_count_without_tz_database(tmp_path: Path) -> None:
    """Without a tz database: import works, the fallback is used, counting is exact.

    Expected: Fri 13/02/2026 + 1 working day = Mon 23/02/2026 (Tết 16-20/02/2026,
    TB 9441/TB-BNV); 31/12/2025 17:30 UTC + 7 h = 01/01/2026 00:30 in Vietnam.
    """
    empty = tmp_path / "no-zoneinfo"
    empty.mkdir()
    env = {**os.environ, "PYTHONTZPATH": str(empty)}
    env.pop("DIRECTIVE_TRACKER_NOTICES", None)
    out = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True,
                         text=True, timeout=120, check=True)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert {"has_db": False, "fallback": True, "tz": "Asia/Ho_Chi_Minh",
            "due": "2026-02-23", "local": "2026-01-01", "offset": 25200.0} == got


def test_fallback_matches_the_real_zone_over_the_range() -> None:
    """The fixed offset equals the IANA zone on the 1st of every month 1995-2099 (UTC+7)."""
    fixed = _FixedVietnamTZ()
    mismatches = []
    for year in range(1995, 2100):
        for month in range(1, 13):
            t = datetime(year, month, 1, 12, tzinfo=UTC)
            if t.astimezone(VN_TZ).utcoffset() != t.astimezone(fixed).utcoffset():
                mismatches.append((year, month))
    assert [] == mismatches
    assert timedelta(hours=7) == fixed.utcoffset(None)


def test_fallback_pickles() -> None:
    """A timestamp in the fallback zone survives pickling with its offset and name."""
    t = datetime(2026, 1, 1, 9, tzinfo=_FixedVietnamTZ())
    back = pickle.loads(pickle.dumps(t))
    assert (t, "ICT", "Asia/Ho_Chi_Minh") == (back, back.tzname(), str(back.tzinfo))
    assert _FixedVietnamTZ() == back.tzinfo
