# SPDX-License-Identifier: MIT
"""directive_tracker: track directives, tasks and deadlines in Vietnamese working days."""

from __future__ import annotations

from ._version import __version__

__all__ = ["__version__"]
