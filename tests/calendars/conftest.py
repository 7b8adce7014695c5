# SPDX-License-Identifier: MIT
"""Fixtures shared by the calendar tests."""

from __future__ import annotations

import pytest

# The storage contract suite's ``store`` fixture (memory, SQLite, PostgreSQL), for the
# decision-date scenario that must hold on every store.
from tests.storage.conftest import (  # noqa: F401 - fixtures are used by name
    memory_store,
    postgres_store,
    sqlite_store,
    store,
)

from directive_tracker.calendars import CalendarPolicy, WorkingCalendar, vietnam_calendar


@pytest.fixture(scope="session")
def default_calendar() -> WorkingCalendar:
    """Return the default Vietnamese calendar (Culture Day from 2026)."""
    return vietnam_calendar()


@pytest.fixture(scope="session")
def no_culture_day_calendar() -> WorkingCalendar:
    """Return the Vietnamese calendar with Vietnam Culture Day never a day off."""
    return vietnam_calendar(policy=CalendarPolicy(culture_day_from=None))
