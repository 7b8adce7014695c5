# SPDX-License-Identifier: MIT
"""
Deprecated alias of :mod:`directive_tracker.calendar_changes`.

The module was renamed in 0.2.0 because it is about changes of the working calendar
only.  Importing it warns with
:class:`~directive_tracker.exceptions.DirectiveTrackerDeprecationWarning`; every name
is the same object as in :mod:`directive_tracker.calendar_changes`.

.. deprecated:: 0.2.0
   Import from :mod:`directive_tracker.calendar_changes`.
"""

from __future__ import annotations

import warnings

from .calendar_changes import (
    CalendarImpact,
    ImpactRow,
    apply_calendar_change,
    calendar_change_impact,
    changed_days,
)
from .exceptions import DirectiveTrackerDeprecationWarning

__all__ = [
    "CalendarImpact",
    "ImpactRow",
    "apply_calendar_change",
    "calendar_change_impact",
    "changed_days",
]

warnings.warn("directive_tracker.impact is deprecated since 0.2.0; import from "
              "directive_tracker.calendar_changes", DirectiveTrackerDeprecationWarning,
              stacklevel=2)
