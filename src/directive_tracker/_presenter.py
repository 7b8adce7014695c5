# SPDX-License-Identifier: MIT
"""
The table presenter hook (private): the one variable the report table model reads to
display a table, and the composition root (``directive_tracker/__init__.py``) sets.

It lives apart from :mod:`directive_tracker.reports` so that setting it does not import
the reports; see :func:`directive_tracker.reports.set_table_presenter`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Called on each display to get the presenter (an object with ``render_html`` and
#: ``to_dataframe``); None: no presenter.
loader: Callable[[], Any] | None = None
