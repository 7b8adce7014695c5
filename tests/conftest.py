# SPDX-License-Identifier: MIT
"""
Suite-wide test configuration.

Hypothesis: locally every run explores new examples; in CI (``CI`` set) the examples are
derived from each test's name (``derandomize``), so a CI run is reproducible and a red
build can be replayed exactly.  Failures found locally are kept in ``.hypothesis/``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
