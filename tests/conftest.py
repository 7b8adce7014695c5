# SPDX-License-Identifier: MIT
"""
Suite-wide test configuration.

Hypothesis: locally every run explores new examples; in CI (``CI`` set) the examples are
derived from each test's name (``derandomize``), so a CI run is reproducible and a red
build can be replayed exactly.  Failures found locally are kept in ``.hypothesis/``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# Shared hypothesis strategies live in tests/strategies.py (``from strategies import ...``).
sys.path.insert(0, str(Path(__file__).parent))

settings.register_profile("ci", derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
